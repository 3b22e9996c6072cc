#!/usr/bin/env python3
"""Compare two lists of findings child by rule.

Usage:
    python compare.py A.json B.json [--known known-differences.tsv]
        [--names community hearth]

Each file is a JSON array of {"rule", "child", "field", "message", "kind"}
(what `hearth validate ... --json` and community.py print). Two findings
agree when they name the same rule and the same child; fields, messages and
how many rows a rule hit do not count. A rule both sides report for a child
but with a different kind (error or query) is listed as a note.

A difference is accepted when known-differences.tsv (tab-separated: rule,
child or *, reason; lines starting with # are comments) has a line for its
rule and child. Prints the differences not accepted and exits 1 if there are
any, 0 if none; 2 if a file cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent


class BadInput(Exception):
    pass


def load_findings(path: Path) -> dict[tuple[str, str], set[str]]:
    """(rule, child) -> the kinds reported for it."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as e:
        raise BadInput(f"{path}: not JSON: {e}") from None
    if not isinstance(data, list):
        raise BadInput(f"{path}: expected a JSON array of findings")
    out: dict[tuple[str, str], set[str]] = defaultdict(set)
    for i, item in enumerate(data):
        if not isinstance(item, dict) or "rule" not in item or "child" not in item:
            raise BadInput(f"{path}: finding {i} has no \"rule\" and \"child\"")
        out[(str(item["rule"]), str(item["child"] or ""))].add(str(item.get("kind", "")))
    return out


def load_known(path: Path) -> dict[tuple[str, str], str]:
    """(rule, child or "*") -> reason."""
    known: dict[tuple[str, str], str] = {}
    if not path.exists():
        return known
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 3 or not parts[0].strip() or not parts[2].strip():
            raise BadInput(f"{path}:{number}: expected rule<TAB>child or *<TAB>reason")
        if parts[0] == "rule" and parts[1] == "child":
            continue  # the column names
        known[(parts[0].strip(), parts[1].strip())] = parts[2].strip()
    return known


def reason(known: dict[tuple[str, str], str], key: tuple[str, str]) -> str | None:
    rule, child = key
    return known.get((rule, child)) or known.get((rule, "*"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument("--known", type=Path, default=HERE / "known-differences.tsv")
    parser.add_argument("--names", nargs=2, metavar=("A", "B"))
    args = parser.parse_args(argv)
    name_a, name_b = args.names or (str(args.a), str(args.b))

    try:
        a = load_findings(args.a)
        b = load_findings(args.b)
        known = load_known(args.known)
    except BadInput as e:
        print(e, file=sys.stderr)
        return 2

    only_a = sorted(set(a) - set(b))
    only_b = sorted(set(b) - set(a))
    unexplained = 0
    accepted = 0
    for label, keys in ((f"in {name_a} only", only_a), (f"in {name_b} only", only_b)):
        listed = []
        for key in keys:
            why = reason(known, key)
            if why is None:
                listed.append(key)
            else:
                accepted += 1
        unexplained += len(listed)
        if listed:
            rules = defaultdict(list)
            for rule, child in listed:
                rules[rule].append(child or "(whole return)")
            print(f"{label}: {len(listed)} (rule: children)")
            for rule in sorted(rules):
                children = rules[rule]
                shown = " ".join(children[:10]) + (" ..." if len(children) > 10 else "")
                print(f"  {rule} ({len(children)}): {shown}")

    kinds = [key for key in set(a) & set(b) if a[key] != b[key]]
    if kinds:
        print(f"note: {len(kinds)} findings agree but differ in kind (error or query):")
        for rule in sorted({rule for rule, _ in kinds}):
            some = next(k for k in kinds if k[0] == rule)
            print(f"  {rule}: {name_a} {sorted(a[some])}, {name_b} {sorted(b[some])}")

    agree = len(set(a) & set(b))
    print(
        f"{agree} child-rule findings agree; {unexplained} differ unexplained; "
        f"{accepted} differ as listed in {args.known.name}"
    )
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
