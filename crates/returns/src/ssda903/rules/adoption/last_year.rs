//! Rules 502 and 503A-503F: this year's first episode against the episode
//! left open at the end of last year's return.

use std::collections::HashMap;

use super::shared::{is, same_or_both_missing};
use crate::CollectionYear;
use crate::ssda903::model::{EpisodeRow, Ssda903, Table};
use crate::ssda903::rules::{Return903, Rows, child_text};

/// Each child's latest episode in last year's return (by `DECOM`; the
/// first of equals), for children with a valid `DECOM` there.
fn latest_last_year(last: &Ssda903) -> HashMap<&str, &EpisodeRow> {
    let mut latest: HashMap<&str, &EpisodeRow> = HashMap::new();
    for row in &last.episodes {
        let (child, Some(decom)) = (child_text(&row.child), row.decom.valid()) else {
            continue;
        };
        if child.is_empty() {
            continue;
        }
        latest
            .entry(child)
            .and_modify(|kept| {
                if kept.decom.valid().is_some_and(|d| decom > d) {
                    *kept = row;
                }
            })
            .or_insert(row);
    }
    latest
}

/// Each child's first episode this year (by `DECOM`) with their latest
/// episode last year, where that one was still open (no valid end date).
fn continuing<'r>(r: &'r Return903<'_>) -> Vec<(usize, &'r EpisodeRow)> {
    let Some(last) = r.last else {
        return Vec::new();
    };
    let latest = latest_last_year(last);
    r.children_with_episodes()
        .filter_map(|(child, indices)| {
            let first = *indices.first()?;
            r.file.episodes[first].decom.valid()?;
            let before = latest.get(child)?;
            before.dec.valid().is_none().then_some((first, *before))
        })
        .collect()
}

/// SSDA903 validation rule 502: a child whose episode was open at the end
/// of last year, whose first episode this year starts on another day.
pub(super) fn r502(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let mut rows = Rows::new();
    for (child, indices) in r.children_with_episodes() {
        let Some(&first) = indices.first() else {
            continue;
        };
        let Some(decom) = r.file.episodes[first].decom.valid() else {
            continue;
        };
        let differs = last.episodes.iter().any(|row| {
            child_text(&row.child) == child
                && row.dec.is_missing()
                && row.decom.valid() != Some(decom)
        });
        if !child.is_empty() && differs {
            rows.push((Table::Episodes, first));
        }
    }
    rows
}

/// The first episodes this year whose `field` differs from the episode
/// open at the end of last year.
fn differs(r: &Return903<'_>, field: impl Fn(&EpisodeRow, &EpisodeRow) -> bool) -> Rows {
    continuing(r)
        .into_iter()
        .filter(|&(i, before)| field(&r.file.episodes[i], before))
        .map(|(i, _)| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 503A: the reason for the first episode differs
/// from that of the episode open at the end of last year.
pub(super) fn r503a(r: &Return903<'_>) -> Rows {
    differs(r, |e, before| !same_or_both_missing(&e.rne, &before.rne))
}

/// SSDA903 validation rule 503B: the legal status of the first episode
/// differs from that of the episode open at the end of last year.
pub(super) fn r503b(r: &Return903<'_>) -> Rows {
    differs(r, |e, before| !same_or_both_missing(&e.ls, &before.ls))
}

/// SSDA903 validation rule 503C: the category of need of the first
/// episode differs from that of the episode open at the end of last year.
pub(super) fn r503c(r: &Return903<'_>) -> Rows {
    differs(r, |e, before| !same_or_both_missing(&e.cin, &before.cin))
}

/// SSDA903 validation rule 503D: the placement type of the first episode
/// differs from that of the episode open at the end of last year (in
/// 2025-26 a Z1 placement may continue as Z11-Z14, the codes that replace
/// it).
pub(super) fn r503d(r: &Return903<'_>) -> Rows {
    let year = r.year;
    differs(r, move |e, before| {
        let renamed = year == CollectionYear::Y2025_26
            && is(&e.place, &["Z11", "Z12", "Z13", "Z14"])
            && is(&before.place, &["Z1"]);
        !same_or_both_missing(&e.place, &before.place) && !renamed
    })
}

/// SSDA903 validation rule 503E: the placement provider of the first
/// episode differs from that of the episode open at the end of last year.
pub(super) fn r503e(r: &Return903<'_>) -> Rows {
    differs(r, |e, before| {
        !same_or_both_missing(&e.place_provider, &before.place_provider)
    })
}

/// SSDA903 validation rule 503F: the URN of the first episode differs
/// from that of the episode open at the end of last year.
pub(super) fn r503f(r: &Return903<'_>) -> Rows {
    differs(r, |e, before| !same_or_both_missing(&e.urn, &before.urn))
}
