//! Rules 550-563: placements for adoption and the decisions behind them
//! (the placed for adoption file), this year and last.

use std::collections::HashMap;

use super::shared::{is, rows_where, same, text};
use crate::ssda903::model::{PlacedForAdoptionRow, Ssda903, Table};
use crate::ssda903::rules::{Return903, Rows, child_text};

const PLACED_FOR_ADOPTION: &[&str] = &["A3", "A4", "A5", "A6"];

/// Each child's rows in a return's placed for adoption file.
fn decisions(file: &Ssda903) -> HashMap<&str, Vec<usize>> {
    let mut by_child: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, row) in file.placed_for_adoption.iter().enumerate() {
        by_child.entry(child_text(&row.child)).or_default().push(i);
    }
    by_child
}

/// SSDA903 validation rule 550: a provider of parent(s) (PR0) for a
/// placement other than with parents (P1).
pub(super) fn r550(r: &Return903<'_>) -> Rows {
    rows_where(Table::Episodes, &r.file.episodes, |e| {
        !is(&e.place, &["P1"]) && is(&e.place_provider, &["PR0"])
    })
}

/// SSDA903 validation rule 551: a placement for adoption (A3-A6) without a
/// date of the decision to place in the placed for adoption file.
pub(super) fn r551(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let by_child = decisions(f);
    (0..f.episodes.len())
        .filter(|&i| {
            let rows = by_child
                .get(r.child_of(Table::Episodes, i))
                .map(Vec::as_slice)
                .unwrap_or(&[]);
            is(&f.episodes[i].place, PLACED_FOR_ADOPTION)
                && (rows.is_empty()
                    || rows
                        .iter()
                        .any(|&p| f.placed_for_adoption[p].date_placed.is_missing()))
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 552: the child's first placement for adoption
/// starting before the latest decision to place them.
pub(super) fn r552(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let mut latest: HashMap<&str, usize> = HashMap::new();
    for (i, p) in f.placed_for_adoption.iter().enumerate() {
        let Some(day) = p.date_placed.valid() else {
            continue;
        };
        latest
            .entry(child_text(&p.child))
            .and_modify(|k| {
                if f.placed_for_adoption[*k].date_placed.valid() < Some(day) {
                    *k = i;
                }
            })
            .or_insert(i);
    }
    let mut rows = Rows::new();
    for (child, indices) in r.children_with_episodes() {
        let first = indices.iter().copied().find(|&i| {
            let e = &f.episodes[i];
            is(&e.place, PLACED_FOR_ADOPTION) && e.decom.valid().is_some()
        });
        let (Some(first), Some(&p)) = (first, latest.get(child)) else {
            continue;
        };
        if f.episodes[first].decom.valid() < f.placed_for_adoption[p].date_placed.valid() {
            rows.push((Table::Episodes, first));
            rows.push((Table::PlacedForAdoption, p));
        }
    }
    rows
}

/// SSDA903 validation rule 553: a placement order (E1) without a row in
/// the placed for adoption file, or, while the order is open, a decision
/// recorded as reversed.
pub(super) fn r553(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let by_child = decisions(f);
    let mut rows = Rows::new();
    for (i, e) in f.episodes.iter().enumerate() {
        if !is(&e.ls, &["E1"]) {
            continue;
        }
        let Some(decided) = by_child.get(child_text(&e.child)) else {
            rows.push((Table::Episodes, i));
            continue;
        };
        if e.dec.is_missing() {
            rows.extend(
                decided
                    .iter()
                    .filter(|&&p| {
                        let p = &f.placed_for_adoption[p];
                        p.date_placed_ceased.is_present() || p.reason_placed_ceased.is_present()
                    })
                    .map(|&p| (Table::PlacedForAdoption, p)),
            );
        }
    }
    rows
}

/// SSDA903 validation rule 554: the child's first placement order (E1)
/// starting before the decision to place them for adoption.
pub(super) fn r554(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let by_child = decisions(f);
    let mut rows = Rows::new();
    for (child, indices) in r.children_with_episodes() {
        let Some(first) = indices
            .iter()
            .copied()
            .find(|&i| is(&f.episodes[i].ls, &["E1"]) && f.episodes[i].decom.valid().is_some())
        else {
            continue;
        };
        let decom = f.episodes[first].decom.valid();
        for &p in by_child.get(child).map(Vec::as_slice).unwrap_or(&[]) {
            let placed = f.placed_for_adoption[p].date_placed.valid();
            if placed.is_some() && placed > decom {
                rows.push((Table::Episodes, first));
                rows.push((Table::PlacedForAdoption, p));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 557: a child placed for adoption or under a
/// placement order whose episode ended other than in adoption (E11, E12)
/// or a change (X1), without a reversed decision (date and reason) in the
/// placed for adoption file.
pub(super) fn r557(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let by_child = decisions(f);
    let incomplete = |p: &PlacedForAdoptionRow| {
        p.date_placed_ceased.is_missing() || p.reason_placed_ceased.is_missing()
    };
    let mut rows = Rows::new();
    for (i, e) in f.episodes.iter().enumerate() {
        let not_adopted = e.rec.is_present() && !is(&e.rec, &["E11", "E12", "X1"]);
        if !((is(&e.place, PLACED_FOR_ADOPTION) || is(&e.ls, &["E1"])) && not_adopted) {
            continue;
        }
        let decided = by_child
            .get(child_text(&e.child))
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if decided.is_empty() {
            rows.push((Table::Episodes, i));
        }
        for &p in decided {
            if incomplete(&f.placed_for_adoption[p]) {
                rows.push((Table::Episodes, i));
                rows.push((Table::PlacedForAdoption, p));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 558: a child adopted (E11, E12) with more than
/// one record of a decision reversed, all of them reversed (counting each
/// adoption episode against each reversal, as the community validator
/// does).
pub(super) fn r558(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let by_child = decisions(f);
    let mut rows = Rows::new();
    for (child, indices) in r.children_with_episodes() {
        let adopted: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| is(&f.episodes[i].rec, &["E11", "E12"]))
            .collect();
        let decided = by_child.get(child).map(Vec::as_slice).unwrap_or(&[]);
        let all_reversed = !decided.is_empty()
            && decided
                .iter()
                .all(|&p| f.placed_for_adoption[p].date_placed_ceased.is_present());
        if all_reversed && adopted.len() * decided.len() > 1 {
            rows.extend(adopted.into_iter().map(|i| (Table::Episodes, i)));
        }
    }
    rows
}

/// This year's placed for adoption rows, each with the same child's rows
/// in last year's file.
fn with_last_year<'r>(
    r: &'r Return903<'_>,
) -> Vec<(
    usize,
    &'r PlacedForAdoptionRow,
    Vec<&'r PlacedForAdoptionRow>,
)> {
    let Some(last) = r.last else {
        return Vec::new();
    };
    let before = decisions(last);
    r.file
        .placed_for_adoption
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let earlier = before
                .get(child_text(&row.child))
                .map(|ps| ps.iter().map(|&p| &last.placed_for_adoption[p]).collect())
                .unwrap_or_default();
            (i, row, earlier)
        })
        .collect()
}

/// SSDA903 validation rule 559: a decision to place for adoption dated
/// before the year, not in last year's return.
pub(super) fn r559(r: &Return903<'_>) -> Rows {
    with_last_year(r)
        .into_iter()
        .filter(|(_, row, earlier)| {
            row.date_placed.valid().is_some_and(|&d| d < r.start)
                && (earlier.is_empty() || earlier.iter().any(|p| p.date_placed.valid().is_none()))
        })
        .map(|(i, _, _)| (Table::PlacedForAdoption, i))
        .collect()
}

/// SSDA903 validation rule 560: a decision open at the end of last year
/// (placed, not reversed) whose date differs this year.
pub(super) fn r560(r: &Return903<'_>) -> Rows {
    with_last_year(r)
        .into_iter()
        .filter(|(_, row, earlier)| {
            earlier.iter().any(|p| {
                p.date_placed.is_present()
                    && p.date_placed_ceased.is_missing()
                    && !same(&row.date_placed, &p.date_placed)
            })
        })
        .map(|(i, _, _)| (Table::PlacedForAdoption, i))
        .collect()
}

/// SSDA903 validation rule 561: a decision reversed last year given again
/// this year with the same date.
pub(super) fn r561(r: &Return903<'_>) -> Rows {
    with_last_year(r)
        .into_iter()
        .filter(|(_, row, earlier)| {
            earlier.iter().any(|p| {
                same(&row.date_placed, &p.date_placed)
                    && (p.reason_placed_ceased.is_present() || p.date_placed_ceased.is_present())
            })
        })
        .map(|(i, _, _)| (Table::PlacedForAdoption, i))
        .collect()
}

/// SSDA903 validation rule 562: a child's first episode, starting before
/// the year, that is not the latest episode of last year's return.
pub(super) fn r562(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let mut latest = HashMap::new();
    for row in &last.episodes {
        let Some(decom) = row.decom.valid() else {
            continue;
        };
        latest
            .entry(child_text(&row.child))
            .and_modify(|d: &mut jiff::civil::Date| {
                if decom > d {
                    *d = *decom;
                }
            })
            .or_insert(*decom);
    }
    let f = r.file;
    let mut rows = Rows::new();
    for (child, indices) in r.children_with_episodes() {
        let Some(&first) = indices.first() else {
            continue;
        };
        let Some(decom) = f.episodes[first].decom.valid() else {
            continue;
        };
        if *decom < r.start && latest.get(child) != Some(decom) {
            rows.push((Table::Episodes, first));
        }
    }
    rows
}

/// SSDA903 validation rule 563: a decision reversed (date and reason)
/// without the date of the decision.
pub(super) fn r563(r: &Return903<'_>) -> Rows {
    rows_where(Table::PlacedForAdoption, &r.file.placed_for_adoption, |p| {
        p.reason_placed_ceased.is_present()
            && p.date_placed_ceased.is_present()
            && p.date_placed.is_missing()
    })
}

/// SSDA903 validation rule 579: a decision to place for adoption made
/// before the child's previous decision was reversed, or while it was
/// still open (decisions in order of date).
pub(super) fn r579(r: &Return903<'_>) -> Rows {
    let pa = &r.file.placed_for_adoption;
    let mut rows = Rows::new();
    for (child, mut indices) in decisions(r.file) {
        if child.is_empty() {
            continue;
        }
        indices.sort_by_key(|&i| {
            let day = pa[i].date_placed.valid().copied();
            (day.is_none(), day, i)
        });
        for w in indices.windows(2) {
            let (before, p) = (&pa[w[0]], &pa[w[1]]);
            let open_or_overlapping = match before.date_placed_ceased.valid() {
                None => true,
                Some(ceased) => p.date_placed.valid().is_some_and(|d| d < ceased),
            };
            if open_or_overlapping {
                rows.push((Table::PlacedForAdoption, w[1]));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 582: an adoption (E11, E12) ending the day the
/// child was matched with the adopters.
pub(super) fn r582(r: &Return903<'_>) -> Rows {
    let f = r.file;
    rows_where(Table::Episodes, &f.episodes, |e| {
        let child = child_text(&e.child);
        is(&e.rec, &["E11", "E12"])
            && f.ad1
                .iter()
                .any(|a| child_text(&a.child) == child && same(&e.dec, &a.date_match))
    })
}

/// SSDA903 validation rule 583: a decision other than the child's latest
/// that has not been reversed. The latest is the one whose date, as
/// written, sorts last, as the community validator takes it.
pub(super) fn r583(r: &Return903<'_>) -> Rows {
    let pa = &r.file.placed_for_adoption;
    let mut latest: HashMap<&str, (usize, String)> = HashMap::new();
    for (i, p) in pa.iter().enumerate() {
        let Some(day) = text(&p.date_placed) else {
            continue;
        };
        latest
            .entry(child_text(&p.child))
            .and_modify(|kept| {
                if day > kept.1 {
                    *kept = (i, day.clone());
                }
            })
            .or_insert((i, day));
    }
    rows_where(Table::PlacedForAdoption, pa, |p| {
        let child = child_text(&p.child);
        let is_latest = latest
            .get(child)
            .is_some_and(|(i, _)| std::ptr::eq(&pa[*i], p));
        // A child whose decisions have no date keeps their first row.
        let first_undated = !latest.contains_key(child)
            && pa
                .iter()
                .position(|q| child_text(&q.child) == child)
                .is_some_and(|i| std::ptr::eq(&pa[i], p));
        !is_latest && !first_undated && p.date_placed_ceased.is_missing()
    })
}

/// SSDA903 validation rule 584: a decision dated no later than one
/// reversed last year, or with no date while the child had one reversed
/// last year. Dates are compared as dates, and each row of this year's file
/// against each of last year's; the community validator compares the dates
/// as text and picks its rows by their place in the joined table rather
/// than in the file, which names rows the DfE's rule does not.
pub(super) fn r584(r: &Return903<'_>) -> Rows {
    with_last_year(r)
        .into_iter()
        .filter(|(_, row, earlier)| {
            earlier
                .iter()
                .filter(|p| {
                    p.date_placed_ceased.is_present() || p.reason_placed_ceased.is_present()
                })
                .any(|p| match row.date_placed.valid() {
                    None => row.date_placed.is_missing(),
                    Some(day) => p.date_placed.valid().is_some_and(|last| day <= last),
                })
        })
        .map(|(i, _, _)| (Table::PlacedForAdoption, i))
        .collect()
}
