//! Rules 452, 453, 502 and 503A-503J: this year's first episode against
//! the episode left open at the end of last year's return.

use std::collections::HashMap;

use super::shared::{is, same, same_or_both_missing};
use crate::CollectionYear;
use crate::ssda903::model::{EpisodeRow, Ssda903, Table};
use crate::ssda903::rules::{EpisodePlace, Return903, Rows, child_text};

/// Each child's latest episode in last year's return (by `DECOM`; the
/// first of equals), by index in its episodes, for children with a valid
/// `DECOM` there.
fn latest_last_year(last: &Ssda903) -> HashMap<&str, usize> {
    let mut latest: HashMap<&str, usize> = HashMap::new();
    for (i, row) in last.episodes.iter().enumerate() {
        let (child, Some(decom)) = (child_text(&row.child), row.decom.valid()) else {
            continue;
        };
        if child.is_empty() {
            continue;
        }
        latest
            .entry(child)
            .and_modify(|kept| {
                if last.episodes[*kept]
                    .decom
                    .valid()
                    .is_some_and(|d| decom > d)
                {
                    *kept = i;
                }
            })
            .or_insert(i);
    }
    latest
}

/// Each child's first episode this year (by `DECOM`), where their latest
/// episode last year is one `open` says is still open and `keep` holds of
/// the two (this year's index, last year's index).
fn first_where(
    r: &Return903<'_>,
    open: impl Fn(&EpisodeRow) -> bool,
    keep: impl Fn(usize, usize) -> bool,
) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let latest = latest_last_year(last);
    r.children_with_episodes()
        .filter_map(|(child, indices)| {
            let first = *indices.first()?;
            r.file.episodes[first].decom.valid()?;
            let before = *latest.get(child)?;
            (open(&last.episodes[before]) && keep(first, before))
                .then_some((Table::Episodes, first))
        })
        .collect()
}

/// Whether last year's episode has no valid end date.
fn no_end(before: &EpisodeRow) -> bool {
    before.dec.valid().is_none()
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
    let Some(last) = r.last else {
        return Rows::new();
    };
    first_where(r, no_end, |i, before| {
        field(&r.file.episodes[i], &last.episodes[before])
    })
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

/// The place derived for last year's episode `i` (the default when none
/// was derived).
fn last_place(r: &Return903<'_>, i: usize) -> EpisodePlace {
    r.last_episode_places.get(i).cloned().unwrap_or_default()
}

/// The place derived for this year's episode `i`.
fn this_place(r: &Return903<'_>, i: usize) -> EpisodePlace {
    r.episode_places.get(i).cloned().unwrap_or_default()
}

/// Whether a distance changed: by 0.2 miles or more, or given now when
/// none was before.
fn distance_moved(now: Option<f64>, before: Option<f64>) -> bool {
    match (now, before) {
        (Some(now), Some(before)) => (now - before).abs() >= 0.2,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// The first episodes this year, continuing (same reason for new episode)
/// an episode with no end date at all at the end of last year, whose
/// derived place differs by `moved`.
fn continuing_same_reason(
    r: &Return903<'_>,
    open: impl Fn(&EpisodeRow) -> bool,
    moved: impl Fn(&EpisodePlace, &EpisodePlace) -> bool,
) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    first_where(r, open, |i, before| {
        same(&r.file.episodes[i].rne, &last.episodes[before].rne)
            && moved(&this_place(r, i), &last_place(r, before))
    })
}

/// SSDA903 validation rule 452: the first episode continues, with the
/// same reason for new episode, the episode open at the end of last year,
/// but is placed in another authority.
pub(super) fn r452(r: &Return903<'_>) -> Rows {
    continuing_same_reason(
        r,
        |before| before.dec.is_missing(),
        |now, before| now.authority != before.authority,
    )
}

/// SSDA903 validation rule 453: the first episode continues, with the
/// same reason for new episode, the episode open at the end of last year,
/// but its placement distance differs by 0.2 miles or more.
pub(super) fn r453(r: &Return903<'_>) -> Rows {
    continuing_same_reason(r, no_end, |now, before| {
        distance_moved(now.distance_miles, before.distance_miles)
    })
}

/// The first episodes this year whose derived place differs by `moved`
/// from that of the episode open at the end of last year.
fn place_differs(r: &Return903<'_>, moved: impl Fn(&EpisodePlace, &EpisodePlace) -> bool) -> Rows {
    first_where(r, no_end, |i, before| {
        moved(&this_place(r, i), &last_place(r, before))
    })
}

/// SSDA903 validation rule 503G: the placement distance of the first
/// episode differs (by 0.2 miles or more) from that of the episode open at
/// the end of last year.
pub(super) fn r503g(r: &Return903<'_>) -> Rows {
    place_differs(r, |now, before| {
        distance_moved(now.distance_miles, before.distance_miles)
    })
}

/// SSDA903 validation rule 503H: the placement authority of the first
/// episode differs from that of the episode open at the end of last year.
pub(super) fn r503h(r: &Return903<'_>) -> Rows {
    place_differs(r, |now, before| now.authority != before.authority)
}

/// SSDA903 validation rule 503J: whether the first episode is placed
/// inside the authority differs from the episode open at the end of last
/// year.
pub(super) fn r503j(r: &Return903<'_>) -> Rows {
    place_differs(r, |now, before| now.inside != before.inside)
}
