#!/usr/bin/env python3
"""Run the community validators on a return and print their findings in
Hearth's format.

The community validators (PyPI csc-validator-be-cin and csc-validator-be-903,
data-to-insight) are the independent oracle for Hearth's DfE rules. Their
command lines fix the wrong collection year (the SSDA903 `run-offline` always
checks 2022-23 and never reads the deprivation of liberty file; the CIN `run`
defaults to the 2024-25 rules), so this script calls their Python APIs with
the year asked for.

Usage:
    python community.py cin FILE.xml --year 2025-26 [--out FILE.json]
    python community.py ssda903 DIR --year 2025-26 [--la E06000002]
        [--last DIR] [--out FILE.json]
    python community.py fixtures FIXTURES OUTDIR
        (every fixture in FIXTURES/cin-census/*.xml and FIXTURES/ssda903,
        each year, to OUTDIR/cin.<name>.<year>.community.json and
        OUTDIR/ssda903.<year>.community.json, in one process)

Output: a JSON array, one object per child and rule,
    {"rule": code, "child": LAchildID or CHILD, "field": ..., "message": ...,
     "kind": "error" | "query"}
sorted by rule, child and field. Return-level findings (the CIN header and
whole-return checks such as 100 or 2886Q) have child "". Where a rule names
several fields, they are joined with ", " in the validator's order.
Timing and any rule the validator could not run go to standard error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import io
import json
import logging
import math
import os
import sys
import time
import warnings
from pathlib import Path

# Collection years: (CIN rule set, SSDA903 rule set, SSDA903 collectionYear
# metadata). The SSDA903 validator takes the year in which the collection
# ends ("2026" means 1 April 2025 to 31 March 2026). The CIN validator reads
# its census period from the file's ReferenceDate; the year only picks the
# rule set. csc-validator-be-cin 0.1.13 has a cin2026_27 rule set that is the
# 2025-26 one unchanged (no pre-proceedings rules yet).
YEARS = {
    "2025-26": ("cin2025_26", "lac2025_26", "2026"),
    "2026-27": ("cin2026_27", "lac2026_27", "2027"),
}

# The SSDA903 validator compares each placement's local authority (derived
# from its postcode) with the authority making the return (rule 1015). Its
# own command line uses Richmond upon Thames; the fixtures are checked with
# the same code so their findings match what its users see.
DEFAULT_LA = "E09000027"


def quiet():
    """The validators log every rule at INFO and pandas warns about its own
    deprecations; neither is a finding."""
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")


def text(value) -> str:
    """A cell as text: missing values (None, NaN) become ""."""
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value)


def fields_text(fields) -> str:
    if fields is None:
        return ""
    if isinstance(fields, str):
        return fields
    seen = []
    for field in fields:
        name = text(field)
        if name and name not in seen:
            seen.append(name)
    return ", ".join(seen)


def finding(rule: str, child: str, field: str, message: str, kind: str) -> dict:
    return {"rule": rule, "child": child, "field": field, "message": message, "kind": kind}


def merge(findings: list[dict]) -> list[dict]:
    """One finding per rule and child; the fields of several rows are
    joined, so a child with three bad episodes is one finding."""
    by_key: dict[tuple[str, str], dict] = {}
    for f in findings:
        key = (f["rule"], f["child"])
        if key not in by_key:
            by_key[key] = dict(f)
            continue
        have = by_key[key]["field"].split(", ") if by_key[key]["field"] else []
        for name in f["field"].split(", "):
            if name and name not in have:
                have.append(name)
        by_key[key]["field"] = ", ".join(have)
    return sorted(by_key.values(), key=lambda f: (f["rule"], f["child"], f["field"]))


def run_cin(path: Path, year: str) -> tuple[list[dict], dict]:
    """The CIN census validator's findings on one XML file."""
    import xml.etree.ElementTree as ET

    from cin_validator import cin_validator as cv

    registry = importlib.import_module(f"cin_validator.rules.{YEARS[year][0]}").registry
    root = ET.parse(path).getroot()
    tables = cv.process_data(cv.convert_data(root))
    # The validator prints "Error with rule CODE: ..." when a rule raises
    # (and some rules print their working) on standard output: keep standard
    # output for the findings and pick the failed rules out of the rest.
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        validator = cv.CinValidator(tables, registry)
    failed = sorted(
        {
            line.split()[3].rstrip(":")
            for line in printed.getvalue().splitlines()
            if line.startswith("Error with rule ")
        }
    )

    def kind(code: str) -> str:
        rule = registry.get(code)
        if rule is None:
            return "query" if code.endswith("Q") else "error"
        return "query" if rule.rule_type.name == "QUERY" else "error"

    def message(code: str, fallback) -> str:
        rule = registry.get(code)
        return rule.message if rule is not None and rule.message else text(fallback)

    out = []
    rows = 0
    for row in validator.full_issue_df.to_dict("records"):
        rows += 1
        code = text(row.get("rule_code"))
        out.append(
            finding(
                code,
                text(row.get("child_id")),
                fields_text(row.get("columns_affected")),
                message(code, row.get("rule_description")),
                kind(code),
            )
        )
    # Header and whole-return checks carry no child.
    for row in validator.multichild_issues.to_dict("records"):
        rows += 1
        code = text(row.get("rule_code"))
        rule = registry.get(code)
        out.append(
            finding(
                code,
                "",
                fields_text(rule.affected_fields if rule is not None else None),
                message(code, row.get("rule_description")),
                kind(code),
            )
        )
    return merge(out), {"rules": len(registry), "issue_rows": rows, "rules_failed": failed}


def run_ssda903(
    directory: Path, year: str, la: str, last: Path | None, providers: Path | None = None
) -> tuple[list[dict], dict]:
    """The SSDA903 validator's findings on a directory of CSV files (every
    *.csv in it; the validator tells the tables apart by their columns),
    with Ofsted's combined list of providers (an .xlsx workbook) where
    given, uploaded as its web front end uploads it (the "CH lookup" box
    takes a combined list on its own)."""
    from lac_validator import datastore
    from lac_validator import lac_validator as lv
    from lac_validator.types import UploadedFile

    # Reference data only: the councils made in 2023 (authorities.py).
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import authorities

    authorities.complete(datastore.la_df)

    _, ruleset, collection_year = YEARS[year]
    registry = importlib.import_module(f"lac_validator.rules.{ruleset}").registry

    def uploads(folder: Path, description: str) -> list:
        files = sorted(folder.glob("*.csv"))
        if not files:
            raise SystemExit(f"{folder}: no .csv files")
        return [
            UploadedFile(name=str(f), description=description, file_content=f.read_bytes())
            for f in files
        ]

    files = uploads(directory, "This year")
    if last is not None:
        files += uploads(last, "Prev year")
    if providers is not None:
        files.append(
            UploadedFile(
                name=str(providers), description="CH lookup", file_content=providers.read_bytes()
            )
        )
    metadata = {"collectionYear": collection_year, "localAuthority": la}
    # Some rules print their working; a rule that raises is logged and
    # listed in validator.fails, which is reported below.
    with open(os.devnull, "w") as sink, contextlib.redirect_stdout(sink):
        validator = lv.LacValidator(metadata=metadata, files=files, registry=registry)

    out = []
    rows = 0
    for table, frame in validator.ds_results.items():
        if table == "metadata":
            continue
        for column in [c for c in frame.columns if c.startswith("ERR_")]:
            code = column[4:]
            rule = registry.get(code)
            hits = frame[frame[column] == True]  # noqa: E712 (NaN-safe)
            for child in hits["CHILD"].tolist():
                rows += 1
                out.append(
                    finding(
                        code,
                        text(child),
                        fields_text(rule.affected_fields if rule is not None else None),
                        rule.message if rule is not None and rule.message else "",
                        # The SSDA903 validator does not tell errors from
                        # queries: every finding is reported as an error.
                        "error",
                    )
                )
    stats = {
        "rules": len(registry),
        "issue_rows": rows,
        "rules_failed": sorted(validator.fails),
        "rules_skipped": sorted(validator.skips),
    }
    return merge(out), stats


def dump(findings: list[dict]) -> str:
    """One finding a line, so committed outputs diff cleanly."""
    if not findings:
        return "[]\n"
    lines = [json.dumps(f, ensure_ascii=False, sort_keys=False) for f in findings]
    return "[\n" + ",\n".join(lines) + "\n]\n"


def report(name: str, subject, year: str, findings: list[dict], stats: dict, elapsed: float):
    errors = sum(f["kind"] == "error" for f in findings)
    print(
        f"{name} {subject} {year}: {len(findings)} findings "
        f"({errors} errors, {len(findings) - errors} queries) from "
        f"{stats['issue_rows']} issue rows, {stats['rules']} rules, "
        f"{elapsed:.2f} s validating",
        file=sys.stderr,
    )
    if stats.get("rules_failed"):
        print(f"  rules that could not run: {' '.join(stats['rules_failed'])}", file=sys.stderr)


def all_fixtures(fixtures: Path, out: Path) -> int:
    """Every fixture for every year, in one process (the validators take
    longer to import than to check a small file)."""
    out.mkdir(parents=True, exist_ok=True)
    for year in sorted(YEARS):
        for xml in sorted((fixtures / "cin-census").glob("*.xml")):
            started = time.perf_counter()
            findings, stats = run_cin(xml, year)
            report("cin", xml.name, year, findings, stats, time.perf_counter() - started)
            (out / f"cin.{xml.stem}.{year}.community.json").write_text(
                dump(findings), encoding="utf-8"
            )
        started = time.perf_counter()
        findings, stats = run_ssda903(fixtures / "ssda903", year, DEFAULT_LA, None)
        report("ssda903", "ssda903", year, findings, stats, time.perf_counter() - started)
        (out / f"ssda903.{year}.community.json").write_text(dump(findings), encoding="utf-8")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="return_", required=True)
    cin = sub.add_parser("cin", help="a CIN census XML file")
    cin.add_argument("file", type=Path)
    s903 = sub.add_parser("ssda903", help="a directory of SSDA903 CSV files")
    s903.add_argument("dir", type=Path)
    s903.add_argument(
        "--la",
        default=DEFAULT_LA,
        help=f"ONS code of the authority making the return (default {DEFAULT_LA})",
    )
    s903.add_argument("--last", type=Path, help="last year's CSV files, if any")
    s903.add_argument(
        "--providers", type=Path, help="Ofsted's combined list of providers (.xlsx), if any"
    )
    every = sub.add_parser("fixtures", help="every fixture, each year")
    every.add_argument("fixtures", type=Path)
    every.add_argument("out", type=Path)
    for p in (cin, s903):
        p.add_argument("--year", required=True, choices=sorted(YEARS))
        p.add_argument("--out", type=Path, help="write the JSON here, not to standard output")
    args = parser.parse_args(argv)

    quiet()
    if args.return_ == "fixtures":
        return all_fixtures(args.fixtures, args.out)
    started = time.perf_counter()
    if args.return_ == "cin":
        if not args.file.is_file():
            print(f"{args.file}: no such file", file=sys.stderr)
            return 2
        findings, stats = run_cin(args.file, args.year)
        subject = args.file
    else:
        if not args.dir.is_dir():
            print(f"{args.dir}: no such directory", file=sys.stderr)
            return 2
        findings, stats = run_ssda903(args.dir, args.year, args.la, args.last, args.providers)
        subject = args.dir
    elapsed = time.perf_counter() - started

    body = dump(findings)
    if args.out:
        args.out.write_text(body, encoding="utf-8")
    else:
        sys.stdout.write(body)
    report(args.return_, subject, args.year, findings, stats, elapsed)
    return 0


def report_peak() -> None:
    """With HEARTH_REPORT_PEAK set (hearth bench validate), the process's
    peak memory on standard error, as Hearth reports its own."""
    if os.environ.get("HEARTH_REPORT_PEAK"):
        # VmHWM, not getrusage's ru_maxrss: Linux carries ru_maxrss over
        # fork and exec, so it would count the process that started this.
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    print(f"peak memory KiB: {line.split()[1]}", file=sys.stderr)


if __name__ == "__main__":
    status = main()
    report_peak()
    sys.exit(status)
