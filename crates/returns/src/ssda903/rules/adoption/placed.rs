//! Rules 454-531: distances, leaving care at 18, overlapping episodes, and
//! adoptions: the adopters, decisions and placements for adoption.

use super::shared::{is, rows_where, same, years_on};
use crate::ssda903::model::Table;
use crate::ssda903::rules::{Return903, Rows, child_text};

/// SSDA903 validation rule 454: a placement over 350 miles from home
/// (999.9, the code for a distance not known, aside).
pub(super) fn r454(r: &Return903<'_>) -> Rows {
    (0..r.file.episodes.len())
        .filter(|&i| {
            r.episode_places[i]
                .distance_miles
                .is_some_and(|d| d > 350.0 && d != 999.9)
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 460: care ending because the child moved to
/// independent living with support (E17) before their 18th birthday.
pub(super) fn r460(r: &Return903<'_>) -> Rows {
    let f = r.file;
    (0..f.episodes.len())
        .filter(|&i| {
            let e = &f.episodes[i];
            let dob = r
                .header_of(r.child_of(Table::Episodes, i))
                .and_then(|h| f.header[h].dob.valid().copied());
            is(&e.rec, &["E17"])
                && matches!((dob, e.dec.valid()), (Some(dob), Some(&dec)) if years_on(dob, 18) > dec)
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 501: an episode starting before the child's
/// previous episode ended.
pub(super) fn r501(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    let mut rows = Rows::new();
    for (child, indices) in r.children_with_episodes() {
        if child.is_empty() {
            continue;
        }
        for w in indices.windows(2) {
            if matches!((eps[w[1]].decom.valid(), eps[w[0]].dec.valid()), (Some(a), Some(b)) if a < b)
            {
                rows.push((Table::Episodes, w[1]));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 504: an episode following one that ended only
/// for a change of legal status or placement (X1) on the day it starts,
/// whose category of need changed.
pub(super) fn r504(r: &Return903<'_>) -> Rows {
    let eps = &r.file.episodes;
    let mut rows = Rows::new();
    for (child, indices) in r.children_with_episodes() {
        if child.is_empty() {
            continue;
        }
        for w in indices.windows(2) {
            let (p, e) = (&eps[w[0]], &eps[w[1]]);
            let continues = is(&p.rec, &["X1"])
                && matches!((p.dec.valid(), e.decom.valid()), (Some(a), Some(b)) if a == b);
            if continues && !same(&e.cin, &p.cin) {
                rows.push((Table::Episodes, w[1]));
            }
        }
    }
    rows
}

/// The AD1 rows whose legal status of adopters is `status` and whose sex
/// of adopters is not one of `sexes`.
fn adopters(r: &Return903<'_>, status: &str, sexes: &[&str]) -> Rows {
    rows_where(Table::Ad1, &r.file.ad1, |a| {
        is(&a.ls_adoptr, &[status]) && !is(&a.sex_adoptr, sexes)
    })
}

/// SSDA903 validation rule 511: two adopters recorded as a single adopter
/// (M1, F1).
pub(super) fn r511(r: &Return903<'_>) -> Rows {
    rows_where(Table::Ad1, &r.file.ad1, |a| {
        a.nb_adoptr.valid() == Some(&2) && is(&a.sex_adoptr, &["M1", "F1"])
    })
}

/// SSDA903 validation rule 514: a single adopter (L0) whose sex is not that
/// of a single adopter (M1, F1).
pub(super) fn r514(r: &Return903<'_>) -> Rows {
    adopters(r, "L0", &["M1", "F1"])
}

/// SSDA903 validation rule 516: a special guardianship order to former
/// foster carers (E45, E46) from a placement other than foster care
/// (U1-U6).
pub(super) fn r516(r: &Return903<'_>) -> Rows {
    rows_where(Table::Episodes, &r.file.episodes, |e| {
        is(&e.rec, &["E45", "E46"]) && !is(&e.place, &["U1", "U2", "U3", "U4", "U5", "U6"])
    })
}

/// SSDA903 validation rule 517: a married couple of different genders
/// (L3) not recorded as male and female (MF).
pub(super) fn r517(r: &Return903<'_>) -> Rows {
    adopters(r, "L3", &["MF"])
}

/// SSDA903 validation rule 518: a married couple of the same gender (L4)
/// not recorded as two males or two females (MM, FF).
pub(super) fn r518(r: &Return903<'_>) -> Rows {
    adopters(r, "L4", &["MM", "FF"])
}

/// SSDA903 validation rule 519: a couple in a civil partnership (L2) not
/// recorded as a couple (MM, FF, MF).
pub(super) fn r519(r: &Return903<'_>) -> Rows {
    adopters(r, "L2", &["MM", "FF", "MF"])
}

/// SSDA903 validation rule 520: a civil partnership of different genders
/// (L11) not recorded as male and female (MF).
pub(super) fn r520(r: &Return903<'_>) -> Rows {
    adopters(r, "L11", &["MF"])
}

/// SSDA903 validation rule 521: a placement for adoption (A3-A6) starting
/// before the decision to place the child for adoption.
pub(super) fn r521(r: &Return903<'_>) -> Rows {
    let f = r.file;
    let ad1 = &f.ad1;
    (0..f.episodes.len())
        .filter(|&i| {
            let e = &f.episodes[i];
            let child = r.child_of(Table::Episodes, i);
            is(&e.place, &["A3", "A4", "A5", "A6"])
                && e.decom.valid().is_some_and(|decom| {
                    ad1.iter().any(|a| {
                        child_text(&a.child) == child
                            && a.date_int.valid().is_some_and(|d| d > decom)
                    })
                })
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 522: a placement for adoption ceasing before
/// it began.
pub(super) fn r522(r: &Return903<'_>) -> Rows {
    rows_where(
        Table::PlacedForAdoption,
        &r.file.placed_for_adoption,
        |p| matches!((p.date_placed_ceased.valid(), p.date_placed.valid()), (Some(a), Some(b)) if a < b),
    )
}

/// SSDA903 validation rule 523: the decision that the child should be
/// placed for adoption given differently in AD1 and the placed for
/// adoption file.
pub(super) fn r523(r: &Return903<'_>) -> Rows {
    let f = r.file;
    rows_where(Table::PlacedForAdoption, &f.placed_for_adoption, |p| {
        let child = child_text(&p.child);
        p.date_placed.valid().is_some_and(|placed| {
            f.ad1.iter().any(|a| {
                child_text(&a.child) == child && a.date_int.valid().is_some_and(|d| d != placed)
            })
        })
    })
}

/// SSDA903 validation rule 524: a couple not married or in a civil
/// partnership of the same gender (L12) not recorded as two males or two
/// females (MM, FF).
pub(super) fn r524(r: &Return903<'_>) -> Rows {
    adopters(r, "L12", &["MM", "FF"])
}

/// SSDA903 validation rule 525: a decision to place for adoption that was
/// reversed, with adoption details in AD1 for the same child.
pub(super) fn r525(r: &Return903<'_>) -> Rows {
    let f = r.file;
    rows_where(Table::PlacedForAdoption, &f.placed_for_adoption, |p| {
        let child = child_text(&p.child);
        p.date_placed_ceased.is_present()
            && f.ad1.iter().any(|a| {
                child_text(&a.child) == child
                    && (a.date_int.is_present()
                        || a.date_match.is_present()
                        || a.foster_care.is_present()
                        || a.nb_adoptr.is_present()
                        || a.sex_adoptr.is_present()
                        || a.ls_adoptr.is_present())
            })
    })
}

/// SSDA903 validation rule 526: a placement provider missing where the
/// placement is not a temporary one (T0-T4) or a Z11-Z14 placement.
pub(super) fn r526(r: &Return903<'_>) -> Rows {
    const NO_PROVIDER: &[&str] = &["T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"];
    rows_where(Table::Episodes, &r.file.episodes, |e| {
        !is(&e.place, NO_PROVIDER) && e.place_provider.is_missing()
    })
}

/// The episodes whose placement type is one of `places` and whose
/// provider is `provider`.
fn provided(r: &Return903<'_>, places: &[&str], provider: &str) -> Rows {
    rows_where(Table::Episodes, &r.file.episodes, |e| {
        is(&e.place, places) && is(&e.place_provider, &[provider])
    })
}

/// SSDA903 validation rule 527: placed with parents, in a secure unit or
/// a young offender institution (P1, R2, R5) by the authority's own
/// provision (PR1).
pub(super) fn r527(r: &Return903<'_>) -> Rows {
    provided(r, &["P1", "R2", "R5"], "PR1")
}

/// SSDA903 validation rule 528: placed with parents, in a secure unit or
/// a young offender institution (P1, R2, R5) by another authority's
/// provision (PR2).
pub(super) fn r528(r: &Return903<'_>) -> Rows {
    provided(r, &["P1", "R2", "R5"], "PR2")
}

/// SSDA903 validation rule 529: a placement for adoption, with relatives
/// or friends, with parents or in foster care, said to be provided by
/// another public body (PR3).
pub(super) fn r529(r: &Return903<'_>) -> Rows {
    provided(
        r,
        &[
            "A3", "A4", "A5", "A6", "K1", "K2", "P1", "U1", "U2", "U3", "U4", "U5", "U6",
        ],
        "PR3",
    )
}

/// SSDA903 validation rule 530: placed with parents (P1) by a private
/// provider (PR4).
pub(super) fn r530(r: &Return903<'_>) -> Rows {
    provided(r, &["P1"], "PR4")
}

/// SSDA903 validation rule 531: placed with parents (P1) by a voluntary
/// or third sector provider (PR5).
pub(super) fn r531(r: &Return903<'_>) -> Rows {
    provided(r, &["P1"], "PR5")
}
