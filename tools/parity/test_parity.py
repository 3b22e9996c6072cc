"""Tests of the comparison and of the normalisation of the validators'
findings (run with `run.sh --test`)."""

import json
import subprocess
import sys
from pathlib import Path

import community
import compare

HERE = Path(__file__).resolve().parent


def write(path: Path, findings: list[dict]) -> Path:
    path.write_text(json.dumps(findings), encoding="utf-8")
    return path


def f(rule: str, child: str, kind: str = "error", field: str = "X") -> dict:
    return {"rule": rule, "child": child, "field": field, "message": "m", "kind": kind}


def run_compare(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(HERE / "compare.py"), *args],
        capture_output=True,
        text=True,
    )


def test_same_findings_in_any_order_and_row_count_agree(tmp_path):
    a = write(tmp_path / "a.json", [f("101", "1"), f("101", "1", field="SEX"), f("8500", "2")])
    b = write(tmp_path / "b.json", [f("8500", "2"), f("101", "1")])
    empty = write(tmp_path / "known.tsv", [])
    empty.write_text("rule\tchild\treason\n")
    result = run_compare(str(a), str(b), "--known", str(empty))
    assert result.returncode == 0, result.stdout
    assert "2 child-rule findings agree; 0 differ unexplained" in result.stdout


def test_a_finding_on_one_side_only_fails_and_is_named(tmp_path):
    a = write(tmp_path / "a.json", [f("101", "1"), f("392c", "7")])
    b = write(tmp_path / "b.json", [f("101", "1"), f("101", "2")])
    known = tmp_path / "known.tsv"
    known.write_text("rule\tchild\treason\n")
    result = run_compare(str(a), str(b), "--known", str(known), "--names", "oracle", "hearth")
    assert result.returncode == 1
    assert "in oracle only: 1" in result.stdout and "392c (1): 7" in result.stdout
    assert "in hearth only: 1" in result.stdout and "101 (1): 2" in result.stdout


def test_listed_differences_are_accepted_by_child_or_for_every_child(tmp_path):
    a = write(tmp_path / "a.json", [f("231", "1"), f("231", "2"), f("169", "5")])
    b = write(tmp_path / "b.json", [f("169", "6")])
    known = tmp_path / "known.tsv"
    known.write_text(
        "rule\tchild\treason\n"
        "# comments are skipped\n"
        "231\t*\tthe community rule reads a column no table has\n"
        "169\t5\tpostcode district created after the 2021 table\n"
    )
    result = run_compare(str(a), str(b), "--known", str(known))
    assert result.returncode == 1
    assert "169 (1): 6" in result.stdout
    assert "231" not in result.stdout.split("child-rule")[0]
    assert "3 differ as listed" in result.stdout


def test_a_kind_disagreement_is_a_note_not_a_difference(tmp_path):
    a = write(tmp_path / "a.json", [f("1560Q", "1", kind="query")])
    b = write(tmp_path / "b.json", [f("1560Q", "1", kind="error")])
    known = tmp_path / "known.tsv"
    known.write_text("")
    result = run_compare(str(a), str(b), "--known", str(known))
    assert result.returncode == 0
    assert "differ in kind" in result.stdout


def test_unreadable_input_exits_2_naming_the_file(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    good = write(tmp_path / "good.json", [])
    result = run_compare(str(bad), str(good))
    assert result.returncode == 2
    assert "bad.json: not JSON" in result.stderr
    known = tmp_path / "known.tsv"
    known.write_text("101\tno reason given\n")
    result = run_compare(str(good), str(good), "--known", str(known))
    assert result.returncode == 2 and "known.tsv:1" in result.stderr


def test_the_committed_known_differences_file_reads():
    compare.load_known(HERE / "known-differences.tsv")


def test_findings_merge_to_one_per_child_and_rule_with_every_field():
    merged = community.merge(
        [
            f("SW08STG2", "9", field="SW_DEC"),
            f("SW08STG2", "9", field="SW_DECOM, SW_DEC"),
            f("101", "9", field="SEX"),
            f("101", "10", field="SEX"),
        ]
    )
    assert [(m["rule"], m["child"], m["field"]) for m in merged] == [
        ("101", "10", "SEX"),
        ("101", "9", "SEX"),
        ("SW08STG2", "9", "SW_DEC, SW_DECOM"),
    ]


def test_missing_cells_and_field_lists_read_as_text():
    assert community.text(float("nan")) == ""
    assert community.text(None) == ""
    assert community.text(566910) == "566910"
    assert community.fields_text(["DECOM", "DEC", "DECOM"]) == "DECOM, DEC"
    assert community.fields_text(None) == ""


def test_every_year_names_rule_sets_the_packages_have():
    import importlib

    for cin_set, lac_set, ends in community.YEARS.values():
        assert len(importlib.import_module(f"cin_validator.rules.{cin_set}").registry) == 109
        assert importlib.import_module(f"lac_validator.rules.{lac_set}").registry
        assert ends in ("2026", "2027")
    lac_2627 = importlib.import_module("lac_validator.rules.lac2026_27").registry
    assert {str(code) for code in range(700, 711)} <= set(lac_2627)
