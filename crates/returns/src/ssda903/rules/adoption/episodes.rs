//! Rules 406-446: how episodes follow one another, and reviews.

use std::collections::{HashMap, HashSet};

use jiff::civil::date;

use super::shared::{children, is, rows_where, same, same_or_both_missing, text, years_on};
use crate::ssda903::model::{Ssda903, Table};
use crate::ssda903::rules::{Return903, Rows, child_text};

const SPECIAL_GUARDIANSHIP: &[&str] = &["E45", "E46", "E47", "E48"];

/// SSDA903 validation rule 407: an episode ending in a special
/// guardianship order (E45-E48) after the child's 18th birthday.
pub(super) fn r407(r: &Return903<'_>) -> Rows {
    let f = r.file;
    (0..f.episodes.len())
        .filter(|&i| {
            let e = &f.episodes[i];
            let dob = r
                .header_of(r.child_of(Table::Episodes, i))
                .and_then(|h| f.header[h].dob.valid().copied());
            is(&e.rec, SPECIAL_GUARDIANSHIP)
                && matches!((dob, e.dec.valid()), (Some(dob), Some(&dec)) if years_on(dob, 18) < dec)
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 408: placed for adoption under a placement
/// order (A5, A6) without the legal status of a placement order (E1).
pub(super) fn r408(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    (0..eps.len())
        .filter(|&i| is(&eps[i].place, &["A5", "A6"]) && !is(&eps[i].ls, &["E1"]))
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 411: a placement said to be inside the
/// authority whose postcode is in another authority. The DfE's XML upload
/// reports the location; from CSV files it is derived from the postcode,
/// as here and in the community validator, and then cannot disagree with
/// it, so on such files the rule finds nothing. It is kept so that the
/// year's list is whole and a reported location can be checked once the
/// model carries one.
pub(super) fn r411(r: &Return903<'_>) -> Rows {
    (0..r.file.episodes.len())
        .filter(|&i| {
            let place = &r.episode_places[i];
            place.inside == Some(true) && place.authority.as_deref() != r.authority
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 420: an authority of placement for a child in
/// short breaks (V3, V4).
pub(super) fn r420(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    (0..eps.len())
        .filter(|&i| is(&eps[i].ls, &["V3", "V4"]) && r.episode_places[i].authority.is_some())
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 426: a child with short breaks under both V3
/// and V4 in the year (each such episode).
pub(super) fn r426(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    let mut rows = Rows::new();
    for (_, indices) in r.children_with_episodes() {
        let has = |code| indices.iter().any(|&i| is(&eps[i].ls, &[code]));
        if has("V3") && has("V4") {
            rows.extend(
                indices
                    .iter()
                    .filter(|&&i| is(&eps[i].ls, &["V3", "V4"]))
                    .map(|&i| (Table::Episodes, i)),
            );
        }
    }
    rows
}

/// Each pair of a child's consecutive episodes in `DECOM` order: (previous,
/// this).
fn consecutive(r: &Return903<'_>) -> Vec<(usize, usize)> {
    children(r)
        .flat_map(|(_, indices)| indices.windows(2).map(|w| (w[0], w[1])))
        .collect()
}

/// SSDA903 validation rule 431: a new period of care (RNE S) starting on
/// or before the day the previous episode ended.
pub(super) fn r431(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    consecutive(r)
        .into_iter()
        .filter(|&(p, i)| {
            is(&eps[i].rne, &["S"])
                && matches!((eps[i].decom.valid(), eps[p].dec.valid()), (Some(a), Some(b)) if a <= b)
        })
        .map(|(_, i)| (Table::Episodes, i))
        .collect()
}

/// Reasons an episode ends that end the period of care.
const LEFT_CARE: &[&str] = &[
    "E2", "E3", "E4A", "E4B", "E5", "E6", "E7", "E8", "E9", "E11", "E12", "E13", "E14", "E15",
    "E16", "E17", "E41", "E45", "E46", "E47", "E48",
];

/// SSDA903 validation rule 432: an episode after one that ended the period
/// of care, whose reason is not a new period (S).
pub(super) fn r432(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    consecutive(r)
        .into_iter()
        .filter(|&(p, i)| is(&eps[p].rec, LEFT_CARE) && !is(&eps[i].rne, &["S"]))
        .map(|(_, i)| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 433: a continuing episode (P, L, T, U, B) that
/// does not start the day the child's previous episode ended (episodes in
/// order of start then end).
pub(super) fn r433(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    let mut rows = Rows::new();
    for (_, indices) in children(r) {
        let mut ordered = indices.to_vec();
        ordered.sort_by_key(|&i| {
            let (decom, dec) = (eps[i].decom.valid(), eps[i].dec.valid());
            (
                decom.is_none(),
                decom.copied(),
                dec.is_none(),
                dec.copied(),
                i,
            )
        });
        for w in ordered.windows(2) {
            let (p, i) = (w[0], w[1]);
            if is(&eps[i].rne, &["P", "L", "T", "U", "B"]) && !same(&eps[p].dec, &eps[i].decom) {
                rows.push((Table::Episodes, i));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 434: a change of legal status only (RNE L)
/// where the legal status is the same as before or the placement (type,
/// postcode, URN, provider) changed.
pub(super) fn r434(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    consecutive(r)
        .into_iter()
        .filter(|&(p, i)| {
            let (a, b) = (&eps[p], &eps[i]);
            is(&b.rne, &["L"])
                && (same(&a.ls, &b.ls)
                    || !same_or_both_missing(&a.place, &b.place)
                    || !same_or_both_missing(&a.pl_post, &b.pl_post)
                    || !same_or_both_missing(&a.urn, &b.urn)
                    || !same_or_both_missing(&a.place_provider, &b.place_provider))
        })
        .map(|(_, i)| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 435: a change of placement only (RNE P, T)
/// where the legal status changed or nothing of the placement did (a
/// missing cell is never the same as the one before).
pub(super) fn r435(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    consecutive(r)
        .into_iter()
        .filter(|&(p, i)| {
            let (a, b) = (&eps[p], &eps[i]);
            is(&b.rne, &["P", "T"])
                && (!same(&a.ls, &b.ls)
                    || (same(&a.place, &b.place)
                        && same(&a.pl_post, &b.pl_post)
                        && same(&a.urn, &b.urn)
                        && same(&a.place_provider, &b.place_provider)))
        })
        .map(|(_, i)| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 436: a change of both placement and legal
/// status (RNE U, B) where the legal status is the same as before or
/// nothing of the placement changed.
pub(super) fn r436(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    consecutive(r)
        .into_iter()
        .filter(|&(p, i)| {
            let (a, b) = (&eps[p], &eps[i]);
            is(&b.rne, &["U", "B"])
                && (same_or_both_missing(&a.ls, &b.ls)
                    || (same_or_both_missing(&a.place, &b.place)
                        && same_or_both_missing(&a.pl_post, &b.pl_post)
                        && same_or_both_missing(&a.urn, &b.urn)
                        && same_or_both_missing(&a.place_provider, &b.place_provider)))
        })
        .map(|(_, i)| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 437: an episode ending in the child's death or
/// 18th birthday (E2, E15) followed by another episode.
pub(super) fn r437(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    consecutive(r)
        .into_iter()
        .filter(|&(p, _)| eps[p].decom.valid().is_some() && is(&eps[p].rec, &["E2", "E15"]))
        .map(|(p, _)| (Table::Episodes, p))
        .collect()
}

/// SSDA903 validation rule 440: a review said to be of a child under 4
/// (PN0) held after their 4th birthday.
pub(super) fn r440(r: &Return903<'_>) -> Rows {
    let reviews = &r.file.reviews;
    (0..reviews.len())
        .filter(|&i| {
            let v = &reviews[i];
            is(&v.review_code, &["PN0"])
                && matches!((v.dob.valid(), v.review.valid()), (Some(&dob), Some(&day)) if day > years_on(dob, 4))
        })
        .map(|i| (Table::Reviews, i))
        .collect()
}

/// SSDA903 validation rule 441: a review said to be of a child 4 or over
/// (PN1-PN7) held before their 4th birthday.
pub(super) fn r441(r: &Return903<'_>) -> Rows {
    let reviews = &r.file.reviews;
    (0..reviews.len())
        .filter(|&i| {
            let v = &reviews[i];
            is(&v.review_code, &["PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"])
                && matches!((v.dob.valid(), v.review.valid()), (Some(&dob), Some(&day)) if day < years_on(dob, 4))
        })
        .map(|i| (Table::Reviews, i))
        .collect()
}

/// SSDA903 validation rule 442: a child with an episode other than short
/// breaks (V3, V4) whose header has no UPN.
pub(super) fn r442(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let mut rows = Rows::new();
    for i in 0..f.header.len() {
        let child = r.child_of(Table::Header, i);
        if f.header[i].upn.is_missing()
            && r.episodes_of(child)
                .iter()
                .any(|&e| !is(&f.episodes[e].ls, &["V3", "V4"]))
        {
            rows.push((Table::Header, i));
        }
    }
    rows
}

/// SSDA903 validation rule 444: a UPN given for more than one child (the
/// codes for an unknown UPN, UN1-UN5, may repeat).
pub(super) fn r444(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    let unknown = ["UN1", "UN2", "UN3", "UN4", "UN5"];
    let mut count: HashMap<String, usize> = HashMap::new();
    for row in header {
        if let Some(upn) = text(&row.upn).filter(|u| !unknown.contains(&u.as_str())) {
            *count.entry(upn).or_default() += 1;
        }
    }
    rows_where(Table::Header, header, |row| {
        text(&row.upn).is_some_and(|u| count.get(&u).is_some_and(|&n| n > 1))
    })
}

/// SSDA903 validation rule 446: a placement order (E1) in an episode
/// starting before 1 December 2005, when such orders began.
pub(super) fn r446(r: &Return903<'_>) -> Rows {
    let first = date(2005, 12, 1);
    rows_where(Table::Episodes, &r.file.episodes, |e| {
        is(&e.ls, &["E1"]) && e.decom.valid().is_some_and(|&d| d < first)
    })
}

/// The children a return marks as unaccompanied asylum-seeking, as the
/// community validator reads it: with a header, its children who are in
/// the UASC file; without one, the UASC file's children with anything
/// besides `CHILD` given. `None` when the return cannot say (no UASC
/// file).
fn uasc_children(file: &Ssda903) -> Option<HashSet<&str>> {
    if file.files_absent.contains(&Table::Uasc) {
        return None;
    }
    let in_uasc: HashSet<&str> = file.uasc.iter().map(|u| child_text(&u.child)).collect();
    if file.files_absent.contains(&Table::Header) {
        Some(
            file.uasc
                .iter()
                .filter(|u| u.sex.is_present() || u.dob.is_present() || u.duc.is_present())
                .map(|u| child_text(&u.child))
                .collect(),
        )
    } else {
        Some(
            file.header
                .iter()
                .map(|h| child_text(&h.child))
                .filter(|c| in_uasc.contains(c))
                .collect(),
        )
    }
}

/// SSDA903 validation rule 406: a distance from home for a child who is,
/// or was last year, an unaccompanied asylum-seeking child.
pub(super) fn r406(r: &Return903<'_>) -> Rows {
    let now = uasc_children(r.file);
    let before = r.last.and_then(uasc_children);
    if now.is_none() && before.is_none() {
        return Rows::new();
    }
    let uasc: HashSet<&str> = now.into_iter().chain(before).flatten().collect();
    (0..r.file.episodes.len())
        .filter(|&i| {
            uasc.contains(r.child_of(Table::Episodes, i))
                && r.episode_places[i].distance_miles.is_some()
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}
