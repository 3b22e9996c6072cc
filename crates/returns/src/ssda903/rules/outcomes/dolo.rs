//! Rules 700-710 (from 2026-27): deprivation of liberty orders (DoLOs).

use std::collections::HashMap;

use jiff::civil::Date;

use super::{rows_of, text};
use crate::ssda903::model::{DeprivationOfLibertyRow, Table};
use crate::ssda903::rules::{Return903, Rows, child_text};

fn orders<'a>(r: &Return903<'a>) -> &'a [DeprivationOfLibertyRow] {
    &r.file.deprivation_of_liberty
}

/// SSDA903 validation rule 700: an order's start date missing or not
/// dd/mm/yyyy.
pub(super) fn r700(r: &Return903<'_>) -> Rows {
    let dolo = orders(r);
    rows_of(
        Table::DeprivationOfLiberty,
        (0..dolo.len()).filter(|&i| dolo[i].dolo_start.valid().is_none()),
    )
}

/// SSDA903 validation rule 701: an order's end date given but not
/// dd/mm/yyyy.
pub(super) fn r701(r: &Return903<'_>) -> Rows {
    let dolo = orders(r);
    rows_of(
        Table::DeprivationOfLiberty,
        (0..dolo.len())
            .filter(|&i| dolo[i].dolo_end.is_present() && dolo[i].dolo_end.valid().is_none()),
    )
}

/// SSDA903 validation rule 702: an order ending on or before the day it
/// started.
pub(super) fn r702(r: &Return903<'_>) -> Rows {
    let dolo = orders(r);
    rows_of(
        Table::DeprivationOfLiberty,
        (0..dolo.len()).filter(|&i| {
            matches!(
                (dolo[i].dolo_start.valid(), dolo[i].dolo_end.valid()),
                (Some(start), Some(end)) if end <= start
            )
        }),
    )
}

/// SSDA903 validation rule 703: an order starting after the end of the
/// year.
pub(super) fn r703(r: &Return903<'_>) -> Rows {
    let dolo = orders(r);
    rows_of(
        Table::DeprivationOfLiberty,
        (0..dolo.len()).filter(|&i| dolo[i].dolo_start.valid().is_some_and(|d| *d > r.end)),
    )
}

/// SSDA903 validation rule 704: an order ending outside the year.
pub(super) fn r704(r: &Return903<'_>) -> Rows {
    let dolo = orders(r);
    rows_of(
        Table::DeprivationOfLiberty,
        (0..dolo.len()).filter(|&i| dolo[i].dolo_end.valid().is_some_and(|d| !r.in_year(*d))),
    )
}

/// SSDA903 validation rule 705: an order starting while the child's
/// previous order (by end date, or start date when open) is open or has
/// not yet ended.
pub(super) fn r705(r: &Return903<'_>) -> Rows {
    let dolo = orders(r);
    let mut by_child: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, row) in dolo.iter().enumerate() {
        by_child.entry(child_text(&row.child)).or_default().push(i);
    }
    let mut found = Rows::new();
    for mut indices in by_child.into_values() {
        // Dates that cannot be read sort last.
        let key = |d: Option<&Date>| (d.is_none(), d.copied());
        indices.sort_by_key(|&i| {
            let start = dolo[i].dolo_start.valid();
            let end = dolo[i].dolo_end.valid().or(start);
            (key(end), key(start), i)
        });
        for pair in indices.windows(2) {
            let (before, after) = (&dolo[pair[0]], &dolo[pair[1]]);
            let clash = match before.dolo_end.valid() {
                None => true,
                Some(end) => after.dolo_start.valid().is_some_and(|start| start < end),
            };
            if clash {
                found.push((Table::DeprivationOfLiberty, pair[1]));
            }
        }
    }
    found
}

/// SSDA903 validation rule 706: an order open at the end of last year's
/// return with no order of the same start date this year. Finds the
/// child's rows this year (header, or else orders).
pub(super) fn r706(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let dolo = orders(r);
    let mut found = Rows::new();
    for open in last
        .deprivation_of_liberty
        .iter()
        .filter(|o| o.dolo_end.is_missing())
    {
        let child = child_text(&open.child);
        let start = text(&open.dolo_start);
        let continued = dolo
            .iter()
            .any(|o| child_text(&o.child) == child && text(&o.dolo_start) == start);
        if continued {
            continue;
        }
        if let Some(h) = r.header_of(child) {
            found.push((Table::Header, h));
        } else {
            found.extend(
                (0..dolo.len())
                    .filter(|&i| child_text(&dolo[i].child) == child)
                    .map(|i| (Table::DeprivationOfLiberty, i)),
            );
        }
    }
    found
}

/// A period of care: its first episode's start and its last episode's end.
struct Period {
    start: Date,
    end: Option<Date>,
}

/// A child's periods of care, from their episodes with a start date: a new
/// period begins when an episode starts after the one before ended.
fn periods(r: &Return903<'_>, child: &str) -> Vec<Period> {
    let mut periods: Vec<Period> = Vec::new();
    let mut last_end: Option<Date> = None;
    for &i in r.episodes_of(child) {
        let e = &r.file.episodes[i];
        let Some(&decom) = e.decom.valid() else {
            continue;
        };
        let dec = e.dec.valid().copied();
        match periods.last_mut() {
            Some(period) if last_end.is_none_or(|end| decom <= end) => period.end = dec,
            _ => periods.push(Period {
                start: decom,
                end: dec,
            }),
        }
        last_end = dec;
    }
    periods
}

/// SSDA903 validation rule 707: an order that lies within none of the
/// child's periods of care (open while the period ended, starting before
/// it began, or ending outside it). A period still open has no end: the
/// community validator's rule sees it as ending on 31 March, its rule 365
/// having filled in the missing ends of the episodes it shares, and so
/// finds every open order of a child still looked after, against the
/// DfE's message and the rule's own test cases.
pub(super) fn r707(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) {
        return Rows::new();
    }
    let dolo = orders(r);
    rows_of(
        Table::DeprivationOfLiberty,
        (0..dolo.len()).filter(|&i| {
            let Some(&start) = dolo[i].dolo_start.valid() else {
                return false;
            };
            let end = dolo[i].dolo_end.valid().copied();
            let periods = periods(r, child_text(&dolo[i].child));
            !periods.is_empty()
                && periods.iter().all(|p| match end {
                    None => p.end.is_some() || start < p.start,
                    Some(end) => p.end.is_some_and(|e| end > e) || end < p.start,
                })
        }),
    )
}

/// SSDA903 validation rule 708: an order starting on or before the
/// child's date of birth.
pub(super) fn r708(r: &Return903<'_>) -> Rows {
    let dolo = orders(r);
    rows_of(
        Table::DeprivationOfLiberty,
        (0..dolo.len()).filter(|&i| {
            matches!(
                (dolo[i].dolo_start.valid(), dolo[i].dob.valid()),
                (Some(start), Some(dob)) if start <= dob
            )
        }),
    )
}

/// The episodes overlapping an order with both dates given, with the
/// placement type (`PLACE`) asked for, and the orders. (The community
/// validator reads a `PLACEMENT` column no table has, so its rules 709 and
/// 710 never run.)
fn placed_under_order(r: &Return903<'_>, wrong: impl Fn(Option<String>) -> bool) -> Rows {
    if !r.has(Table::Episodes) {
        return Rows::new();
    }
    let dolo = orders(r);
    let mut found = Rows::new();
    for (i, order) in dolo.iter().enumerate() {
        if order.dolo_start.is_missing() || order.dolo_end.is_missing() {
            continue;
        }
        let Some(&end) = order.dolo_end.valid() else {
            continue;
        };
        let start = order.dolo_start.valid().copied();
        for &e in r.episodes_of(child_text(&order.child)) {
            let episode = &r.file.episodes[e];
            let overlaps = match episode.dec.valid() {
                None => true,
                Some(dec) => start.is_some_and(|s| s <= *dec),
            } && episode.decom.valid().is_some_and(|decom| end >= *decom);
            if overlaps && wrong(text(&episode.place)) {
                found.push((Table::DeprivationOfLiberty, i));
                found.push((Table::Episodes, e));
            }
        }
    }
    found
}

/// SSDA903 validation rule 709: a placement during an order other than a
/// children's home (K2) or the other placements Z12 and Z13.
pub(super) fn r709(r: &Return903<'_>) -> Rows {
    placed_under_order(r, |place| {
        !place.is_some_and(|p| ["K2", "Z12", "Z13"].contains(&p.as_str()))
    })
}

/// SSDA903 validation rule 710: a placement during an order in a secure
/// children's home (K1), with parents (P1), in a young offender
/// institution (R5) or in supported accommodation (K3).
pub(super) fn r710(r: &Return903<'_>) -> Rows {
    placed_under_order(r, |place| {
        place.is_some_and(|p| ["K1", "P1", "R5", "K3"].contains(&p.as_str()))
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{TableRows, found, found_in, given_in};
    use crate::CollectionYear;
    use crate::ssda903::model::{Ssda903, Table};
    use crate::ssda903::rules::Return903;

    fn given(tables: &[TableRows<'_>]) -> Ssda903 {
        given_in(CollectionYear::Y2026_27, tables)
    }

    /// Orders for children "0", "1", ...: (start, end), "" when missing.
    fn orders(dates: &[(&str, &str)]) -> Ssda903 {
        let children = ["0", "1", "2", "3", "4", "5", "6", "7"];
        let rows: Vec<Vec<(&str, &str)>> = dates
            .iter()
            .zip(children)
            .map(|(&(start, end), child)| {
                vec![
                    ("CHILD", child),
                    ("DOB", "01/01/2015"),
                    ("DOLO_START", start),
                    ("DOLO_END", end),
                ]
            })
            .collect();
        let rows: Vec<&[(&str, &str)]> = rows.iter().map(Vec::as_slice).collect();
        given(&[(Table::DeprivationOfLiberty, &rows)])
    }

    #[test]
    fn r700_to_r704_and_r708_the_dates_of_an_order() {
        let ret = orders(&[
            ("01/05/2026", "01/06/2026"),
            ("", ""),
            ("1/5/26", "31/04/2026"),
            ("01/06/2026", "01/06/2026"),
            ("01/04/2027", ""),
            ("01/01/2026", "01/04/2027"),
            ("01/01/2015", "01/03/2026"),
        ]);
        assert_eq!(found("700", &ret), ["1", "2"]);
        assert_eq!(found("701", &ret), ["2"]);
        assert_eq!(found("702", &ret), ["3"]);
        assert_eq!(found("703", &ret), ["4"]);
        assert_eq!(found("704", &ret), ["5", "6"]);
        assert_eq!(found("708", &ret), ["6"]);
    }

    #[test]
    fn r705_an_order_starting_while_the_one_before_is_open() {
        let ret = given(&[(
            Table::DeprivationOfLiberty,
            &[
                &[
                    ("CHILD", "1"),
                    ("DOLO_START", "01/01/2026"),
                    ("DOLO_END", "02/01/2026"),
                ],
                &[
                    ("CHILD", "1"),
                    ("DOLO_START", "04/01/2026"),
                    ("DOLO_END", "04/01/2026"),
                ],
                &[("CHILD", "2"), ("DOLO_START", "01/01/2026")],
                &[
                    ("CHILD", "2"),
                    ("DOLO_START", "02/01/2026"),
                    ("DOLO_END", "02/01/2026"),
                ],
                &[
                    ("CHILD", "3"),
                    ("DOLO_START", "01/01/2026"),
                    ("DOLO_END", "02/01/2026"),
                ],
                &[
                    ("CHILD", "4"),
                    ("DOLO_START", "01/04/2026"),
                    ("DOLO_END", "o2/04/2026"),
                ],
                &[("CHILD", "4"), ("DOLO_START", "04/04/2026")],
                &[
                    ("CHILD", "5"),
                    ("DOLO_START", "01/01/2026"),
                    ("DOLO_END", "04/01/2026"),
                ],
                &[
                    ("CHILD", "5"),
                    ("DOLO_START", "03/01/2026"),
                    ("DOLO_END", "06/01/2026"),
                ],
            ],
        )]);
        assert_eq!(found("705", &ret), ["2", "4", "5"]);
    }

    #[test]
    fn r706_an_order_open_last_year_not_continued() {
        let last = given(&[(
            Table::DeprivationOfLiberty,
            &[
                &[("CHILD", "1"), ("DOLO_START", "01/01/2026")],
                &[("CHILD", "2"), ("DOLO_START", "01/01/2026")],
                &[
                    ("CHILD", "3"),
                    ("DOLO_START", "01/01/2026"),
                    ("DOLO_END", "02/01/2026"),
                ],
            ],
        )]);
        let now = given(&[
            (
                Table::Header,
                &[&[("CHILD", "1")], &[("CHILD", "2")], &[("CHILD", "3")]],
            ),
            (
                Table::DeprivationOfLiberty,
                &[
                    &[("CHILD", "1"), ("DOLO_START", "01/01/2026")],
                    &[("CHILD", "2"), ("DOLO_START", "02/01/2026")],
                ],
            ),
        ]);
        let ret = Return903::new(&now).with_last_year(&last);
        assert_eq!(found_in("706", &ret), ["2"]);
    }

    #[test]
    fn r707_an_order_outside_every_period_of_care() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/04/2025"),
                        ("DEC", "01/06/2025"),
                    ],
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/06/2025"),
                        ("DEC", "01/09/2025"),
                    ],
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/01/2026"),
                        ("DEC", "01/03/2026"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("DECOM", "01/04/2025"),
                        ("DEC", "01/06/2025"),
                    ],
                    &[("CHILD", "3"), ("DECOM", "01/04/2025")],
                ],
            ),
            (
                Table::DeprivationOfLiberty,
                &[
                    // Within the first period (two episodes).
                    &[
                        ("CHILD", "1"),
                        ("DOLO_START", "01/05/2025"),
                        ("DOLO_END", "01/08/2025"),
                    ],
                    // Within the second period.
                    &[
                        ("CHILD", "1"),
                        ("DOLO_START", "01/05/2025"),
                        ("DOLO_END", "01/02/2026"),
                    ],
                    // Ends after every period.
                    &[
                        ("CHILD", "1"),
                        ("DOLO_START", "01/05/2025"),
                        ("DOLO_END", "10/03/2026"),
                    ],
                    // Open after care ended.
                    &[("CHILD", "2"), ("DOLO_START", "01/05/2025")],
                    // Open, starting before care began.
                    &[("CHILD", "3"), ("DOLO_START", "01/01/2025")],
                    // Open during open care.
                    &[("CHILD", "3"), ("DOLO_START", "01/05/2025")],
                    // No episodes.
                    &[("CHILD", "4"), ("DOLO_START", "01/05/2025")],
                ],
            ),
        ]);
        let rows: Vec<usize> = super::r707(&Return903::new(&ret))
            .into_iter()
            .map(|(_, i)| i)
            .collect();
        assert_eq!(rows, [2, 3, 4]);
    }

    #[test]
    fn r707_the_community_validators_own_cases() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/04/1977"),
                        ("DEC", "31/03/1981"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("DECOM", "01/04/1979"),
                        ("DEC", "30/03/1981"),
                    ],
                    &[
                        ("CHILD", "88"),
                        ("DECOM", "01/05/1980"),
                        ("DEC", "01/01/1981"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DECOM", "01/04/1980"),
                        ("DEC", "01/01/1981"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DECOM", "01/04/2020"),
                        ("DEC", "01/01/2021"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DECOM", "01/01/2021"),
                        ("DEC", "05/10/2021"),
                    ],
                    &[("CHILD", "4"), ("DECOM", "01/04/1981")],
                    &[
                        ("CHILD", "5"),
                        ("DECOM", "01/04/1978"),
                        ("DEC", "01/01/1981"),
                    ],
                    &[
                        ("CHILD", "5"),
                        ("DECOM", "01/01/1981"),
                        ("DEC", "01/01/1990"),
                    ],
                    &[
                        ("CHILD", "5"),
                        ("DECOM", "01/04/1983"),
                        ("DEC", "04/06/2020"),
                    ],
                    &[
                        ("CHILD", "6"),
                        ("DECOM", "01/04/1983"),
                        ("DEC", "04/06/2020"),
                    ],
                    &[
                        ("CHILD", "7"),
                        ("DECOM", "01/04/1983"),
                        ("DEC", "04/06/2020"),
                    ],
                    &[
                        ("CHILD", "8"),
                        ("DECOM", "01/04/1983"),
                        ("DEC", "04/06/2020"),
                    ],
                    &[
                        ("CHILD", "9"),
                        ("DECOM", "01/01/2020"),
                        ("DEC", "04/06/2020"),
                    ],
                    &[
                        ("CHILD", "9"),
                        ("DECOM", "04/06/2020"),
                        ("DEC", "11/08/2020"),
                    ],
                    &[
                        ("CHILD", "9"),
                        ("DECOM", "11/08/2020"),
                        ("DEC", "01/12/2020"),
                    ],
                    &[
                        ("CHILD", "9"),
                        ("DECOM", "22/12/2020"),
                        ("DEC", "25/12/2020"),
                    ],
                    &[
                        ("CHILD", "9"),
                        ("DECOM", "01/01/2021"),
                        ("DEC", "22/02/2021"),
                    ],
                    &[
                        ("CHILD", "9"),
                        ("DECOM", "22/02/2021"),
                        ("DEC", "08/08/2021"),
                    ],
                    &[("CHILD", "9"), ("DECOM", "08/08/2021")],
                ],
            ),
            (
                Table::DeprivationOfLiberty,
                &[
                    &[("CHILD", "1"), ("DOLO_START", "01/01/1981")],
                    &[
                        ("CHILD", "2"),
                        ("DOLO_START", "01/01/1981"),
                        ("DOLO_END", "02/06/2020"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DOLO_START", "01/01/1981"),
                        ("DOLO_END", "03/06/2022"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DOLO_START", "01/01/1981"),
                        ("DOLO_END", "03/06/2020"),
                    ],
                    &[
                        ("CHILD", "4"),
                        ("DOLO_START", "01/01/1981"),
                        ("DOLO_END", "04/06/2020"),
                    ],
                    &[
                        ("CHILD", "5"),
                        ("DOLO_START", "01/01/1981"),
                        ("DOLO_END", "01/01/1982"),
                    ],
                    &[
                        ("CHILD", "5"),
                        ("DOLO_START", "01/01/1981"),
                        ("DOLO_END", "01/01/2000"),
                    ],
                    &[
                        ("CHILD", "6"),
                        ("DOLO_START", "01/01/1981"),
                        ("DOLO_END", "01/01/1981"),
                    ],
                    &[("CHILD", "7"), ("DOLO_END", "01/01/1981")],
                    &[("CHILD", "8"), ("DOLO_START", "01/01/1981")],
                    &[("CHILD", "9"), ("DOLO_START", "01/01/2020")],
                    &[("CHILD", "9"), ("DOLO_START", "01/01/2021")],
                    &[
                        ("CHILD", "9"),
                        ("DOLO_START", "04/06/2020"),
                        ("DOLO_END", "04/06/2021"),
                    ],
                ],
            ),
        ]);
        let rows: Vec<usize> = super::r707(&Return903::new(&ret))
            .into_iter()
            .map(|(_, i)| i)
            .collect();
        assert_eq!(rows, [0, 1, 2, 7, 9, 10]);
    }

    #[test]
    fn r709_and_r710_the_placement_during_an_order() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("DECOM", "01/04/2025"), ("PLACE", "K2")],
                    &[("CHILD", "2"), ("DECOM", "01/04/2025"), ("PLACE", "K1")],
                    &[("CHILD", "3"), ("DECOM", "01/04/2025"), ("PLACE", "U1")],
                    &[
                        ("CHILD", "4"),
                        ("DECOM", "01/04/2025"),
                        ("DEC", "01/05/2025"),
                        ("PLACE", "K1"),
                    ],
                ],
            ),
            (
                Table::DeprivationOfLiberty,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DOLO_START", "01/06/2025"),
                        ("DOLO_END", "01/07/2025"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("DOLO_START", "01/06/2025"),
                        ("DOLO_END", "01/07/2025"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DOLO_START", "01/06/2025"),
                        ("DOLO_END", "01/07/2025"),
                    ],
                    &[
                        ("CHILD", "4"),
                        ("DOLO_START", "01/06/2025"),
                        ("DOLO_END", "01/07/2025"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("709", &ret), ["2", "3"]);
        assert_eq!(found("710", &ret), ["2"]);
    }

    #[test]
    fn the_orders_are_checked_from_2026_27() {
        let ret = given_in(
            CollectionYear::Y2025_26,
            &[(Table::Header, &[&[("CHILD", "1")]])],
        );
        assert!(crate::ssda903::rules::rules(ret.year).all(|r| !r.code.starts_with('7')));
    }
}
