//! Rules 564-586 on the missing file: times a child was missing or away
//! from placement, against their periods of care.

use std::collections::HashMap;

use jiff::civil::Date;

use super::shared::{is, rows_where, years_on};
use crate::ssda903::model::{MissingRow, Table};
use crate::ssda903::rules::{Return903, Rows, child_text};

/// SSDA903 validation rule 564: missing or away (M, A) without the date it
/// started.
pub(super) fn r564(r: &Return903<'_>) -> Rows {
    rows_where(Table::Missing, &r.file.missing, |m| {
        is(&m.missing, &["M", "A"]) && m.mis_start.is_missing()
    })
}

/// SSDA903 validation rule 565: a start date without whether the child
/// was missing or away.
pub(super) fn r565(r: &Return903<'_>) -> Rows {
    rows_where(Table::Missing, &r.file.missing, |m| {
        m.mis_start.is_present() && m.missing.is_missing()
    })
}

/// SSDA903 validation rule 566: an end date without whether the child was
/// missing or away.
pub(super) fn r566(r: &Return903<'_>) -> Rows {
    rows_where(Table::Missing, &r.file.missing, |m| {
        m.missing.is_missing() && m.mis_end.is_present()
    })
}

/// SSDA903 validation rule 567: missing or away ending before it started.
pub(super) fn r567(r: &Return903<'_>) -> Rows {
    rows_where(
        Table::Missing,
        &r.file.missing,
        |m| matches!((m.mis_start.valid(), m.mis_end.valid()), (Some(a), Some(b)) if a > b),
    )
}

/// SSDA903 validation rule 570: missing or away starting after the year.
pub(super) fn r570(r: &Return903<'_>) -> Rows {
    rows_where(Table::Missing, &r.file.missing, |m| {
        m.mis_start.valid().is_some_and(|&d| d > r.end)
    })
}

/// SSDA903 validation rule 571: missing or away ending outside the year.
pub(super) fn r571(r: &Return903<'_>) -> Rows {
    rows_where(Table::Missing, &r.file.missing, |m| {
        m.mis_end.valid().is_some_and(|&d| !r.in_year(d))
    })
}

/// Each child's rows in the missing file, as indices.
fn by_child(rows: &[MissingRow]) -> HashMap<&str, Vec<usize>> {
    let mut children: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        children.entry(child_text(&row.child)).or_default().push(i);
    }
    children
}

/// SSDA903 validation rule 574: a time missing or away starting before the
/// child's previous one ended, or after one with no end (in order of end,
/// or start where there is no end, then start).
pub(super) fn r574(r: &Return903<'_>) -> Rows {
    let missing = &r.file.missing;
    let mut rows = Rows::new();
    for (child, mut indices) in by_child(missing) {
        if child.is_empty() {
            continue;
        }
        indices.sort_by_key(|&i| {
            let m = &missing[i];
            let start = m.mis_start.valid().copied();
            let end = m.mis_end.valid().copied().or(start);
            (end.is_none(), end, start.is_none(), start, i)
        });
        for w in indices.windows(2) {
            let (before, m) = (&missing[w[0]], &missing[w[1]]);
            let overlaps = match before.mis_end.valid() {
                None => true,
                Some(end) => m.mis_start.valid().is_some_and(|start| start < end),
            };
            if overlaps {
                rows.push((Table::Missing, w[1]));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 575: no end to a time missing or away that
/// started in an episode that has ended.
pub(super) fn r575(r: &Return903<'_>) -> Rows {
    let f = r.file;
    rows_where(Table::Missing, &f.missing, |m| {
        let Some(start) = m.mis_start.valid() else {
            return false;
        };
        m.mis_end.is_missing()
            && r.episodes_of(child_text(&m.child)).iter().any(|&i| {
                let e = &f.episodes[i];
                matches!((e.decom.valid(), e.dec.valid()), (Some(decom), Some(dec)) if start >= decom && start <= dec)
            })
    })
}

/// SSDA903 validation rule 576: a child's first time missing this year
/// that is not the one left open at the end of last year.
pub(super) fn r576(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let never = jiff::civil::date(2099, 1, 1);
    let missing = &r.file.missing;
    let mut rows = Rows::new();
    for (child, indices) in by_child(missing) {
        let Some(&first) = indices
            .iter()
            .min_by_key(|&&i| (missing[i].mis_start.valid().copied().unwrap_or(never), i))
        else {
            continue;
        };
        let start = missing[first].mis_start.valid();
        let differs = last.missing.iter().any(|l| {
            child_text(&l.child) == child
                && l.mis_end.is_missing()
                && l.mis_start.valid().is_some_and(|s| Some(s) != start)
        });
        if !child.is_empty() && differs {
            rows.push((Table::Missing, first));
        }
    }
    rows
}

/// A period of care: the start of its first episode and the end of its
/// last (none while open).
struct Period {
    start: Date,
    end: Option<Date>,
}

/// Each child's periods of care: their episodes with a start date, in
/// order, a new period beginning when an episode starts after the previous
/// one ended.
fn periods<'r>(r: &'r Return903<'_>) -> HashMap<&'r str, Vec<Period>> {
    let eps = &r.file.episodes;
    let mut all: HashMap<&str, Vec<Period>> = HashMap::new();
    for (child, indices) in r.children_with_episodes() {
        let mut periods: Vec<Period> = Vec::new();
        let mut previous_end: Option<Option<Date>> = None;
        for &i in indices {
            let Some(&decom) = eps[i].decom.valid() else {
                continue;
            };
            let dec = eps[i].dec.valid().copied();
            let new = match previous_end {
                None => true,
                Some(end) => end.is_some_and(|end| decom > end),
            };
            match periods.last_mut() {
                Some(period) if !new => period.end = dec,
                _ => periods.push(Period {
                    start: decom,
                    end: dec,
                }),
            }
            previous_end = Some(dec);
        }
        all.insert(child, periods);
    }
    all
}

/// SSDA903 validation rule 577: a time missing or away that does not end
/// within one of the child's periods of care (or has no end when the period
/// has ended).
pub(super) fn r577(r: &Return903<'_>) -> Rows {
    let periods = periods(r);
    rows_where(Table::Missing, &r.file.missing, |m| {
        let Some(&start) = m.mis_start.valid() else {
            return false;
        };
        let end = m.mis_end.valid().copied();
        let Some(periods) = periods.get(child_text(&m.child)).filter(|p| !p.is_empty()) else {
            return false;
        };
        periods.iter().all(|p| {
            (end.is_none() && p.end.is_some())
                || (end.is_none() && start < p.start)
                || matches!((end, p.end), (Some(e), Some(pe)) if e > pe)
                || end.is_some_and(|e| e < p.start)
        })
    })
}

/// SSDA903 validation rule 578: a time missing or away that does not start
/// within one of the child's periods of care.
pub(super) fn r578(r: &Return903<'_>) -> Rows {
    let periods = periods(r);
    rows_where(Table::Missing, &r.file.missing, |m| {
        let Some(&start) = m.mis_start.valid() else {
            return false;
        };
        let Some(periods) = periods.get(child_text(&m.child)).filter(|p| !p.is_empty()) else {
            return false;
        };
        periods
            .iter()
            .all(|p| start < p.start || p.end.is_some_and(|end| start > end))
    })
}

/// SSDA903 validation rule 580: care ending on the child's 18th birthday,
/// the day a time missing or away ended, for a reason other than E8.
pub(super) fn r580(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let mut rows = Rows::new();
    for m in &f.missing {
        let (Some(&dob), Some(&end)) = (m.dob.valid(), m.mis_end.valid()) else {
            continue;
        };
        if years_on(dob, 18) != end {
            continue;
        }
        for &i in r.episodes_of(child_text(&m.child)) {
            let e = &f.episodes[i];
            if e.dec.valid() == Some(&end) && !is(&e.rec, &["E8"]) {
                rows.push((Table::Episodes, i));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 581: a time missing or away starting in none of
/// the child's episodes.
pub(super) fn r581(r: &Return903<'_>) -> Rows {
    let f = r.file;
    rows_where(Table::Missing, &f.missing, |m| {
        let episodes = r.episodes_of(child_text(&m.child));
        let start = m.mis_start.valid();
        !episodes.is_empty()
            && !episodes.iter().any(|&i| {
                let e = &f.episodes[i];
                match (start, e.decom.valid()) {
                    (Some(start), Some(decom)) => {
                        start >= decom && e.dec.valid().is_none_or(|dec| start <= dec)
                    }
                    _ => false,
                }
            })
    })
}

/// SSDA903 validation rule 586: missing or away starting on or before the
/// child's birth.
pub(super) fn r586(r: &Return903<'_>) -> Rows {
    rows_where(
        Table::Missing,
        &r.file.missing,
        |m| matches!((m.mis_start.valid(), m.dob.valid()), (Some(s), Some(d)) if s <= d),
    )
}
