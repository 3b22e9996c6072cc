//! Rules 361-367: how long a child may stay under a legal status (police
//! protection, emergency protection, remand, short breaks).

use std::collections::HashMap;

use jiff::civil::Date;

use super::super::{Return903, Rows};
use super::{add_days, days, each_episode, text};
use crate::Field;
use crate::ssda903::model::Table;
use crate::ssda903::rules::child_text;

/// Every episode, by child (as text) then start date (missing last), then
/// file order: the order the community validator sorts the whole file in.
pub(super) fn sorted_episodes(r: &Return903<'_>) -> Vec<usize> {
    let e = &r.file.episodes;
    let mut order: Vec<usize> = (0..e.len()).collect();
    order.sort_by_key(|&i| {
        let decom = e[i].decom.valid().copied();
        (child_text(&e[i].child), decom.is_none(), decom, i)
    });
    order
}

/// A run's episodes, earliest start and latest end.
type Run = (Vec<usize>, Option<Date>, Option<Date>);

/// Rules 361 and 362: runs of episodes under one legal status that follow
/// each other (each ending the day the next in the file's order begins)
/// last no more than `most` days, an open episode ending at the end of the
/// year. A run is broken only where the episode before it under the status
/// did not flow into the episode after it, as the community validator
/// groups them.
fn status_runs(r: &Return903<'_>, status: &str, most: i32) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let order = sorted_episodes(r);
    let ends = |i: usize| e[i].dec.valid().copied().unwrap_or(r.end);
    let mut groups: HashMap<(&str, usize), Run> = HashMap::new();
    let mut group = 0;
    let mut flowed = false;
    for (p, &i) in order.iter().enumerate() {
        if text(&e[i].ls).as_deref() != Some(status) {
            continue;
        }
        if !flowed {
            group += 1;
        }
        let child = child_text(&e[i].child);
        flowed = order.get(p + 1).is_some_and(|&n| {
            child_text(&e[n].child) == child && e[n].decom.valid() == Some(&ends(i))
        });
        let entry = groups.entry((child, group)).or_default();
        entry.0.push(i);
        if let Some(&decom) = e[i].decom.valid() {
            entry.1 = Some(entry.1.map_or(decom, |d: Date| d.min(decom)));
        }
        entry.2 = Some(entry.2.map_or(ends(i), |d: Date| d.max(ends(i))));
    }
    let mut rows: Vec<(Table, usize)> = groups
        .into_values()
        .filter(|(_, from, to)| from.zip(*to).is_some_and(|(f, t)| days(f, t) > most))
        .flat_map(|(rows, _, _)| rows.into_iter().map(|i| (Table::Episodes, i)))
        .collect();
    rows.sort_unstable();
    rows
}

/// SSDA903 validation rule 361: police protection (L1) lasts no more than
/// 3 days.
pub(super) fn r361(r: &Return903<'_>) -> Rows {
    status_runs(r, "L1", 3)
}

/// SSDA903 validation rule 362: an emergency protection order (L2) lasts
/// no more than 21 days.
pub(super) fn r362(r: &Return903<'_>) -> Rows {
    status_runs(r, "L2", 21)
}

/// Rules 363 and 364: periods under one legal status (episodes under it
/// next to each other in the file, of one child, each beginning no later
/// than the one before ended) add up to no more than `most` days, an open
/// episode ending at the end of the year. Episodes with no start date are
/// left out; one whose end is not a date counts no days.
fn status_periods(r: &Return903<'_>, status: &str, most: i32) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let picked: Vec<(usize, Date, Option<Date>)> = e
        .iter()
        .enumerate()
        .filter(|(_, x)| text(&x.ls).as_deref() == Some(status))
        .filter_map(|(i, x)| {
            let decom = *x.decom.valid()?;
            let dec = match &x.dec {
                Field::Missing => Some(r.end),
                dec => dec.valid().copied(),
            };
            Some((i, decom, dec))
        })
        .collect();
    let mut rows = Vec::new();
    let mut start = 0;
    while start < picked.len() {
        let mut end = start + 1;
        while end < picked.len() {
            let (prev, next) = (&picked[end - 1], &picked[end]);
            let same_child = child_text(&e[prev.0].child) == child_text(&e[next.0].child);
            let after = prev.2.is_some_and(|dec| next.1 > dec);
            if !same_child || after {
                break;
            }
            end += 1;
        }
        let total: i32 = picked[start..end]
            .iter()
            .filter_map(|(_, decom, dec)| dec.map(|d| days(*decom, d)))
            .sum();
        if total > most {
            rows.extend(picked[start..end].iter().map(|p| (Table::Episodes, p.0)));
        }
        start = end;
    }
    rows
}

/// SSDA903 validation rule 363: remand to local authority accommodation
/// (L3) lasts no more than 7 days.
pub(super) fn r363(r: &Return903<'_>) -> Rows {
    status_periods(r, "L3", 7)
}

/// SSDA903 validation rule 364: accommodation under section 38(6) of PACE
/// (J2) lasts no more than 21 days.
pub(super) fn r364(r: &Return903<'_>) -> Rows {
    status_periods(r, "J2", 21)
}

/// SSDA903 validation rule 365: a short break episode (V3) lasts no more
/// than 17 days, an open one ending at the end of the year.
pub(super) fn r365(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        let dec = match &e.dec {
            Field::Missing => Some(r.end),
            dec => dec.valid().copied(),
        };
        text(&e.ls).as_deref() == Some("V3")
            && dec
                .zip(e.decom.valid())
                .is_some_and(|(dec, decom)| dec > add_days(*decom, 17))
    })
}

/// SSDA903 validation rule 366: a short break episode (V3) begins a
/// period of care (S).
pub(super) fn r366(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        text(&e.ls).as_deref() == Some("V3") && text(&e.rne).as_deref() != Some("S")
    })
}

/// SSDA903 validation rule 367: a child's short breaks (V3) add up to no
/// more than 75 days in the year (each counted within the year; an
/// episode whose dates cannot be read counts no days).
pub(super) fn r367(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let mut spans: HashMap<&str, Vec<(usize, i32)>> = HashMap::new();
    for (i, x) in e.iter().enumerate() {
        if text(&x.ls).as_deref() != Some("V3") || x.decom.is_missing() {
            continue;
        }
        let dec = match &x.dec {
            Field::Missing => Some(r.end),
            dec => dec.valid().map(|d| (*d).min(r.end)),
        };
        let decom = x.decom.valid().map(|d| (*d).max(r.start));
        if let Some(length) = decom.zip(dec).map(|(f, t)| days(f, t)).filter(|&d| d > 0) {
            spans
                .entry(child_text(&x.child))
                .or_default()
                .push((i, length));
        }
    }
    let mut rows: Vec<(Table, usize)> = spans
        .into_values()
        .filter(|v| v.iter().map(|(_, d)| d).sum::<i32>() > 75)
        .flat_map(|v| v.into_iter().map(|(i, _)| (Table::Episodes, i)))
        .collect();
    rows.sort_unstable();
    rows
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r361_362_protection_runs_are_short() {
        let ret = given(&[(
            Table::Episodes,
            &[
                // Police protection over two episodes that follow each
                // other: 5 days in all.
                &[
                    ("CHILD", "1"),
                    ("LS", "L1"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "03/05/2025"),
                ][..],
                &[
                    ("CHILD", "1"),
                    ("LS", "L1"),
                    ("DECOM", "03/05/2025"),
                    ("DEC", "06/05/2025"),
                ],
                // 3 days: fine.
                &[
                    ("CHILD", "2"),
                    ("LS", "L1"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "04/05/2025"),
                ],
                // Emergency protection still open at the end of the year.
                &[("CHILD", "3"), ("LS", "L2"), ("DECOM", "01/03/2026")],
                &[
                    ("CHILD", "4"),
                    ("LS", "L2"),
                    ("DECOM", "01/03/2026"),
                    ("DEC", "22/03/2026"),
                ],
            ],
        )]);
        assert_eq!(found("361", &ret), ["1"]);
        assert_eq!(found("362", &ret), ["3"]);
    }

    #[test]
    fn r363_364_remand_and_pace_periods_are_short() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("LS", "L3"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "05/05/2025"),
                ][..],
                &[
                    ("CHILD", "1"),
                    ("LS", "L3"),
                    ("DECOM", "05/05/2025"),
                    ("DEC", "09/05/2025"),
                ],
                &[
                    ("CHILD", "2"),
                    ("LS", "L3"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "08/05/2025"),
                ],
                &[("CHILD", "3"), ("LS", "J2"), ("DECOM", "01/03/2026")],
                &[
                    ("CHILD", "4"),
                    ("LS", "J2"),
                    ("DECOM", "01/03/2026"),
                    ("DEC", "22/03/2026"),
                ],
            ],
        )]);
        assert_eq!(found("363", &ret), ["1"]);
        assert_eq!(found("364", &ret), ["3"]);
    }

    #[test]
    fn r365_366_367_short_breaks() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "19/05/2025"),
                ][..],
                &[
                    ("CHILD", "2"),
                    ("LS", "V3"),
                    ("RNE", "P"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "18/05/2025"),
                ],
                // 16 episodes of 5 days: 80 days in the year.
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/04/2025"),
                    ("DEC", "06/04/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "06/05/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/06/2025"),
                    ("DEC", "06/06/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/07/2025"),
                    ("DEC", "06/07/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/08/2025"),
                    ("DEC", "06/08/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/09/2025"),
                    ("DEC", "06/09/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/10/2025"),
                    ("DEC", "06/10/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/11/2025"),
                    ("DEC", "06/11/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/12/2025"),
                    ("DEC", "06/12/2025"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/01/2026"),
                    ("DEC", "06/01/2026"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/02/2026"),
                    ("DEC", "06/02/2026"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "01/03/2026"),
                    ("DEC", "06/03/2026"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "10/03/2026"),
                    ("DEC", "15/03/2026"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "15/03/2026"),
                    ("DEC", "20/03/2026"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "20/03/2026"),
                    ("DEC", "25/03/2026"),
                ],
                &[
                    ("CHILD", "3"),
                    ("LS", "V3"),
                    ("RNE", "S"),
                    ("DECOM", "25/03/2026"),
                    ("DEC", "30/03/2026"),
                ],
            ],
        )]);
        assert_eq!(found("365", &ret), ["1"]);
        assert_eq!(found("366", &ret), ["2"]);
        assert_eq!(found("367", &ret), ["3"]);
    }
}
