//! Rules 371-399: placements by age and kind, temporary placements,
//! reasons an episode ceased, postcodes, and short breaks.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::super::{Return903, Rows};
use super::statuses::sorted_episodes;
use super::{add_days, add_years, each_episode, has_in, is_any, text};
use crate::ssda903::model::{Ssda903, Table};
use crate::ssda903::rules::child_text;

const TEMPORARY: [&str; 5] = ["T0", "T1", "T2", "T3", "T4"];

/// The date of birth in the header of a child.
fn dob_of(r: &Return903<'_>, child: &str) -> Option<Date> {
    r.header_of(child)
        .and_then(|h| r.file.header[h].dob.valid().copied())
}

/// Rules 371-374: an ended episode in placement `place` did not begin
/// before the child was `age`.
fn placed_too_young(r: &Return903<'_>, place: &str, age: i16) -> Rows {
    if !r.has(Table::Header) {
        return Vec::new();
    }
    each_episode(r, |_, e| {
        text(&e.place).as_deref() == Some(place)
            && e.dec.valid().is_some()
            && dob_of(r, child_text(&e.child))
                .zip(e.decom.valid())
                .is_some_and(|(dob, decom)| *decom < add_years(dob, age))
    })
}

/// Rules 375, 376, 379: an ended episode in placement `place` lasted no
/// more than `most` days (the child having a date of birth).
fn placed_too_long(r: &Return903<'_>, place: &str, most: i32) -> Rows {
    if !r.has(Table::Header) {
        return Vec::new();
    }
    each_episode(r, |_, e| {
        text(&e.place).as_deref() == Some(place)
            && dob_of(r, child_text(&e.child)).is_some()
            && e.dec
                .valid()
                .zip(e.decom.valid())
                .is_some_and(|(dec, decom)| *dec > add_days(*decom, most))
    })
}

/// SSDA903 validation rule 371: a child placed in a children's home (K3)
/// was 16 or over.
pub(super) fn r371(r: &Return903<'_>) -> Rows {
    placed_too_young(r, "K3", 16)
}

/// SSDA903 validation rule 372: a child placed in a young offender
/// institution (R5) was 10 or over.
pub(super) fn r372(r: &Return903<'_>) -> Rows {
    placed_too_young(r, "R5", 10)
}

/// SSDA903 validation rule 373: a child placed in a school (S1) was 4 or
/// over.
pub(super) fn r373(r: &Return903<'_>) -> Rows {
    placed_too_young(r, "S1", 4)
}

/// SSDA903 validation rule 374: a child living independently (P3) was 14
/// or over.
pub(super) fn r374(r: &Return903<'_>) -> Rows {
    placed_too_young(r, "P3", 14)
}

/// SSDA903 validation rule 375: a temporary placement while the usual
/// carer is away (T1) lasts no more than 42 days.
pub(super) fn r375(r: &Return903<'_>) -> Rows {
    placed_too_long(r, "T1", 42)
}

/// SSDA903 validation rule 376: a temporary placement away from home
/// (T3) lasts no more than 21 days.
pub(super) fn r376(r: &Return903<'_>) -> Rows {
    placed_too_long(r, "T3", 21)
}

/// SSDA903 validation rule 377: a child has no more than two temporary
/// placements of kind T3 in the year.
pub(super) fn r377(r: &Return903<'_>) -> Rows {
    let e = &r.file.episodes;
    let mut by_child: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, x) in e.iter().enumerate() {
        if text(&x.place).as_deref() == Some("T3") {
            by_child.entry(child_text(&x.child)).or_default().push(i);
        }
    }
    let mut rows: Vec<(Table, usize)> = by_child
        .into_values()
        .filter(|v| v.len() > 2)
        .flat_map(|v| v.into_iter().map(|i| (Table::Episodes, i)))
        .collect();
    rows.sort_unstable();
    rows
}

/// SSDA903 validation rule 378: a child placed with parents (P1) is not
/// accommodated under a series of short breaks (V2).
pub(super) fn r378(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        text(&e.place).as_deref() == Some("P1") && text(&e.ls).as_deref() == Some("V2")
    })
}

/// SSDA903 validation rule 379: a temporary placement for holiday (T4)
/// lasts no more than 7 days.
pub(super) fn r379(r: &Return903<'_>) -> Rows {
    placed_too_long(r, "T4", 7)
}

/// SSDA903 validation rule 380: a temporary placement begins with a
/// change of placement (P or B).
pub(super) fn r380(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.place, &TEMPORARY) && !is_any(&e.rne, &["P", "B"])
    })
}

/// SSDA903 validation rule 381: a temporary placement that ended did so
/// for a change of placement (X1).
pub(super) fn r381(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.place, &TEMPORARY) && text(&e.rec).is_some_and(|rec| rec != "X1")
    })
}

/// SSDA903 validation rule 382: a short break (V3, V4) is not a
/// temporary placement.
pub(super) fn r382(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.ls, &["V3", "V4"]) && is_any(&e.place, &TEMPORARY)
    })
}

/// SSDA903 validation rule 383: after a temporary placement the child
/// returns to the placement before it: the episode after one begins with
/// a change of placement only (P), in the same kind of placement at the
/// same postcode as the episode before it (compared as written; both
/// missing counts as different, as the community validator has it).
pub(super) fn r383(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let order = sorted_episodes(r);
    let mut rows = Vec::new();
    for w in order.windows(3) {
        let (before, temporary, after) = (&e[w[0]], &e[w[1]], &e[w[2]]);
        let child = child_text(&after.child);
        if child_text(&temporary.child) != child
            || child_text(&before.child) != child
            || !is_any(&temporary.place, &TEMPORARY)
        {
            continue;
        }
        let differs = |a: Option<String>, b: Option<String>| a.is_none() || b.is_none() || a != b;
        if text(&after.rne).as_deref() != Some("P")
            || differs(text(&after.place), text(&before.place))
            || differs(text(&after.pl_post), text(&before.pl_post))
        {
            rows.push((Table::Episodes, w[2]));
        }
    }
    rows
}

/// SSDA903 validation rule 384: a short break (V3, V4) is not with
/// foster carers who are relatives or friends (U1, U4).
pub(super) fn r384(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.ls, &["V3", "V4"]) && is_any(&e.place, &["U1", "U4"])
    })
}

/// SSDA903 validation rule 385: no episode ends after the collection year.
pub(super) fn r385(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| e.dec.valid().is_some_and(|d| *d > r.end))
}

/// SSDA903 validation rule 386: a child adopted (E11, E12) was under 18
/// when the episode ended.
pub(super) fn r386(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.rec, &["E11", "E12"])
            && dob_of(r, child_text(&e.child))
                .zip(e.dec.valid())
                .is_some_and(|(dob, dec)| add_years(dob, 18) <= *dec)
    })
}

/// SSDA903 validation rule 387: a child moving to independent living
/// (E5, E6) was 14 or over when the episode ended (a child with no date of
/// birth fails, as the community validator has it).
pub(super) fn r387(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) {
        return Vec::new();
    }
    each_episode(r, |_, e| {
        let Some(dec) = e.dec.valid() else {
            return false;
        };
        is_any(&e.rec, &["E5", "E6"])
            && dob_of(r, child_text(&e.child)).is_none_or(|dob| add_years(dob, 14) > *dec)
    })
}

/// SSDA903 validation rule 388: an episode ending for a change of
/// placement or legal status (X1) is followed by one beginning that day,
/// and one ending otherwise is not; the child's last episode does not end
/// with X1. A missing start date sorts first (1 January 1901).
pub(super) fn r388(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let start = |i: usize| {
        e[i].decom
            .valid()
            .copied()
            .unwrap_or(jiff::civil::date(1901, 1, 1))
    };
    let mut order: Vec<usize> = (0..e.len()).collect();
    order.sort_by_key(|&i| (child_text(&e[i].child), start(i), i));
    let mut rows = Vec::new();
    for (p, &i) in order.iter().enumerate() {
        let next = order
            .get(p + 1)
            .filter(|&&n| child_text(&e[n].child) == child_text(&e[i].child))
            .map(|&n| start(n));
        let Some(dec) = e[i].dec.valid().copied() else {
            continue;
        };
        let rec = text(&e[i].rec);
        let x1 = rec.as_deref() == Some("X1");
        let fails = match next {
            Some(next) => (x1 && dec != next) || (!x1 && rec.is_some() && dec == next),
            None => x1,
        };
        if fails {
            rows.push((Table::Episodes, i));
        }
    }
    rows.sort_unstable();
    rows
}

/// SSDA903 validation rule 389: a child transferred to adult social care
/// (E7) was 16 or over when the episode ended.
pub(super) fn r389(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) {
        return Vec::new();
    }
    each_episode(r, |_, e| {
        let over_16 = dob_of(r, child_text(&e.child))
            .zip(e.dec.valid())
            .is_some_and(|(dob, dec)| add_years(dob, 16) <= *dec);
        is_any(&e.rec, &["E7"]) && !over_16
    })
}

/// SSDA903 validation rule 390: a child adopted (E11, E12) was placed for
/// adoption (A3-A6).
pub(super) fn r390(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.rec, &["E11", "E12"]) && !is_any(&e.place, &["A3", "A4", "A5", "A6"])
    })
}

/// SSDA903 validation rule 391: a care leaver is not under 17 at the end of
/// the year with OC3 items given.
pub(super) fn r391(r: &Return903<'_>) -> Rows {
    r.file
        .oc3
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            c.dob.valid().is_some_and(|d| add_years(*d, 17) > r.end)
                && (c.in_touch.is_present() || c.activ.is_present() || c.accom.is_present())
        })
        .map(|(i, _)| (Table::Oc3, i))
        .collect()
}

/// The children UASC this year or last, as the community validator reads
/// them for rules 392a and 392b (with a header, those in the UASC file;
/// without one, each UASC row with anything but the child given); `None`
/// when neither year says.
fn uasc_either_year(r: &Return903<'_>) -> Option<HashSet<String>> {
    fn of(file: &Ssda903, set: &mut HashSet<String>) -> bool {
        if has_in(file, Table::Header) {
            if !has_in(file, Table::Uasc) {
                return false;
            }
            let in_uasc: HashSet<&str> = file.uasc.iter().map(|u| child_text(&u.child)).collect();
            set.extend(
                file.header
                    .iter()
                    .map(|h| child_text(&h.child))
                    .filter(|c| in_uasc.contains(c))
                    .map(str::to_owned),
            );
            true
        } else if has_in(file, Table::Uasc) {
            set.extend(
                file.uasc
                    .iter()
                    .filter(|u| u.sex.is_present() || u.dob.is_present() || u.duc.is_present())
                    .map(|u| child_text(&u.child).to_owned()),
            );
            true
        } else {
            false
        }
    }
    let mut set = HashSet::new();
    let now = of(r.file, &mut set);
    let last = r.last.is_some_and(|l| of(l, &mut set));
    (now || last).then_some(set)
}

/// SSDA903 validation rule 392a: an episode of a child never UASC, other
/// than a short break (V3, V4), has a distance from home to placement
/// (both postcodes known).
pub(super) fn r392a(r: &Return903<'_>) -> Rows {
    let Some(uasc) = uasc_either_year(r) else {
        return Vec::new();
    };
    each_episode(r, |i, e| {
        !uasc.contains(child_text(&e.child))
            && !is_any(&e.ls, &["V3", "V4"])
            && r.episode_places[i].distance_miles.is_none()
    })
}

/// SSDA903 validation rule 392c: a home or placement postcode that is
/// given is one the postcode directory knows.
pub(super) fn r392c(r: &Return903<'_>) -> Rows {
    each_episode(r, |i, _| {
        let place = &r.episode_places[i];
        place.home_known == Some(false) || place.placement_known == Some(false)
    })
}

/// SSDA903 validation rule 392b: an episode of a child never UASC, other
/// than a short break (V3, V4), gives the home and placement postcodes.
pub(super) fn r392b(r: &Return903<'_>) -> Rows {
    let uasc = uasc_either_year(r).unwrap_or_default();
    each_episode(r, |_, e| {
        !uasc.contains(child_text(&e.child))
            && !is_any(&e.ls, &["V3", "V4"])
            && (e.home_post.is_missing() || e.pl_post.is_missing())
    })
}

/// SSDA903 validation rule 392d: the home and placement postcodes differ,
/// except for a placement with parents (P1).
pub(super) fn r392d(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        text(&e.place).as_deref() != Some("P1")
            && text(&e.home_post).is_some()
            && text(&e.home_post) == text(&e.pl_post)
    })
}

/// SSDA903 validation rule 393: a girl looked after other than for short
/// breaks says whether she is a mother.
pub(super) fn r393(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) || !r.has(Table::Episodes) {
        return Vec::new();
    }
    let looked_after: HashSet<&str> = r
        .file
        .episodes
        .iter()
        .filter(|e| !is_any(&e.ls, &["V3", "V4"]))
        .map(|e| child_text(&e.child))
        .collect();
    r.file
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            text(&h.sex).as_deref() == Some("F")
                && looked_after.contains(child_text(&h.child))
                && h.mother.is_missing()
        })
        .map(|(i, _)| (Table::Header, i))
        .collect()
}

/// SSDA903 validation rule 398: a short break (V3, V4) gives no home or
/// placement postcode.
pub(super) fn r398(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.ls, &["V3", "V4"]) && (e.home_post.is_present() || e.pl_post.is_present())
    })
}

/// SSDA903 validation rule 399: a child looked after only for short
/// breaks (every episode V3 or V4) has no motherhood status and no
/// reviews.
pub(super) fn r399(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) || !r.has(Table::Reviews) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let mut rows = Vec::new();
    for (child, indices) in r.children_with_episodes() {
        if !indices.iter().all(|&i| is_any(&e[i].ls, &["V3", "V4"])) {
            continue;
        }
        let mother = r
            .file
            .header
            .iter()
            .any(|h| child_text(&h.child) == child && h.mother.is_present());
        let reviewed = r.file.reviews.iter().any(|v| {
            child_text(&v.child) == child && (v.review.is_present() || v.review_code.is_present())
        });
        if mother || reviewed {
            rows.extend(indices.iter().map(|&i| (Table::Episodes, i)));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r371_to_379_placements_by_age_and_length() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("DOB", "01/06/2010")][..],
                    &[("CHILD", "2"), ("DOB", "01/06/2009")],
                    &[("CHILD", "3"), ("DOB", "01/06/2012")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    // K3 at 15 (ended), R5 at 10, P3 at 13 but still open.
                    &[
                        ("CHILD", "1"),
                        ("PLACE", "K3"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                    ][..],
                    &[
                        ("CHILD", "2"),
                        ("PLACE", "R5"),
                        ("DECOM", "01/06/2019"),
                        ("DEC", "01/07/2019"),
                    ],
                    &[("CHILD", "3"), ("PLACE", "P3"), ("DECOM", "01/05/2025")],
                    // T1 43 days, T3 21 days, T4 8 days.
                    &[
                        ("CHILD", "1"),
                        ("PLACE", "T1"),
                        ("DECOM", "01/07/2025"),
                        ("DEC", "13/08/2025"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("PLACE", "T3"),
                        ("DECOM", "01/07/2025"),
                        ("DEC", "22/07/2025"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("PLACE", "T4"),
                        ("DECOM", "01/07/2025"),
                        ("DEC", "09/07/2025"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("PLACE", "T3"),
                        ("DECOM", "01/08/2025"),
                        ("DEC", "02/08/2025"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("PLACE", "T3"),
                        ("DECOM", "01/09/2025"),
                        ("DEC", "02/09/2025"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("PLACE", "P1"),
                        ("LS", "V2"),
                        ("DECOM", "01/10/2025"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("371", &ret), ["1"]);
        assert!(found("372", &ret).is_empty());
        assert!(found("374", &ret).is_empty());
        assert_eq!(found("375", &ret), ["1"]);
        assert!(found("376", &ret).is_empty());
        assert_eq!(found("377", &ret), ["2"]);
        assert_eq!(found("378", &ret), ["3"]);
        assert_eq!(found("379", &ret), ["3"]);
    }

    #[test]
    fn r380_to_384_temporary_placements_and_short_breaks() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "01/06/2025"),
                    ("PLACE", "U1"),
                    ("PL_POST", "TS1 1AA"),
                    ("REC", "X1"),
                ][..],
                &[
                    ("CHILD", "1"),
                    ("DECOM", "01/06/2025"),
                    ("DEC", "05/06/2025"),
                    ("PLACE", "T4"),
                    ("RNE", "P"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "1"),
                    ("DECOM", "05/06/2025"),
                    ("PLACE", "U2"),
                    ("PL_POST", "TS1 1AA"),
                    ("RNE", "P"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "01/06/2025"),
                    ("PLACE", "U1"),
                    ("PL_POST", "TS1 1AA"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DECOM", "01/06/2025"),
                    ("DEC", "05/06/2025"),
                    ("PLACE", "T4"),
                    ("RNE", "B"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DECOM", "05/06/2025"),
                    ("PLACE", "U1"),
                    ("PL_POST", "TS1 1AA"),
                    ("RNE", "P"),
                ],
                &[
                    ("CHILD", "3"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "05/05/2025"),
                    ("PLACE", "T1"),
                    ("RNE", "S"),
                    ("LS", "V3"),
                    ("REC", "E4A"),
                ],
                &[
                    ("CHILD", "4"),
                    ("DECOM", "01/05/2025"),
                    ("PLACE", "U4"),
                    ("LS", "V4"),
                    ("RNE", "S"),
                ],
            ],
        )]);
        assert_eq!(found("380", &ret), ["3"]);
        assert_eq!(found("381", &ret), ["3"]);
        assert_eq!(found("382", &ret), ["3"]);
        assert_eq!(found("383", &ret), ["1"]);
        assert_eq!(found("384", &ret), ["4"]);
    }

    #[test]
    fn r385_to_390_how_episodes_end() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("DOB", "01/06/2007")][..],
                    &[("CHILD", "2"), ("DOB", "01/06/2012")],
                    &[("CHILD", "3"), ("DOB", "01/06/2010")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    // Adopted at 18 from a placement not for adoption.
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                        ("REC", "E11"),
                        ("PLACE", "U1"),
                    ][..],
                    // Independent living at 13; no DOB for child 4.
                    &[
                        ("CHILD", "2"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                        ("REC", "E5"),
                        ("PLACE", "U1"),
                    ],
                    &[
                        ("CHILD", "4"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                        ("REC", "E6"),
                        ("PLACE", "U1"),
                    ],
                    // Adult social care at 15, ending after the year.
                    &[
                        ("CHILD", "3"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/04/2026"),
                        ("REC", "E7"),
                        ("PLACE", "U1"),
                    ],
                    // X1 with no next episode; X1 followed the same day.
                    &[
                        ("CHILD", "5"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                        ("REC", "X1"),
                    ],
                    &[
                        ("CHILD", "6"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                        ("REC", "X1"),
                    ],
                    &[
                        ("CHILD", "6"),
                        ("DECOM", "01/06/2025"),
                        ("DEC", "01/07/2025"),
                        ("REC", "E4A"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("385", &ret), ["3"]);
        assert_eq!(found("386", &ret), ["1"]);
        assert_eq!(found("387", &ret), ["2", "4"]);
        assert_eq!(found("388", &ret), ["5"]);
        assert_eq!(found("389", &ret), ["3"]);
        assert_eq!(found("390", &ret), ["1"]);
    }

    #[test]
    fn r391_a_care_leaver_under_17_has_no_oc3_items() {
        let ret = given(&[(
            Table::Oc3,
            &[
                &[("CHILD", "1"), ("DOB", "01/04/2009"), ("IN_TOUCH", "YES")][..],
                &[("CHILD", "2"), ("DOB", "31/03/2009"), ("IN_TOUCH", "YES")],
                &[("CHILD", "3"), ("DOB", "01/04/2009")],
            ],
        )]);
        assert_eq!(found("391", &ret), ["1"]);
    }

    #[test]
    fn r392_postcodes() {
        let ret = given(&[
            (
                Table::Header,
                &[&[("CHILD", "1")][..], &[("CHILD", "2")], &[("CHILD", "3")]],
            ),
            (Table::Uasc, &[&[("CHILD", "2"), ("DOB", "01/01/2009")][..]]),
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("LS", "C2"), ("HOME_POST", "TS1 1AA")][..],
                    &[("CHILD", "2"), ("LS", "C2")],
                    &[("CHILD", "3"), ("LS", "V3")],
                    &[
                        ("CHILD", "4"),
                        ("LS", "C2"),
                        ("PLACE", "U1"),
                        ("HOME_POST", "TS1 1AA"),
                        ("PL_POST", "TS1 1AA"),
                    ],
                    &[
                        ("CHILD", "5"),
                        ("LS", "C2"),
                        ("PLACE", "P1"),
                        ("HOME_POST", "TS1 1AA"),
                        ("PL_POST", "TS1 1AA"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("392b", &ret), ["1"]);
        assert_eq!(found("392d", &ret), ["4"]);
        let places = super::super::super::PlaceTable::from_csv(
            "postcode,authority,easting,northing\nTS11AA,E06000002,450000,520000\n",
        )
        .unwrap();
        let r = super::super::super::Return903::new(&ret).with_places("E06000002", &places);
        assert_eq!(super::super::super::tests::found_in("392a", &r), ["1"]);
    }

    #[test]
    fn r392c_a_postcode_the_directory_does_not_know() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("HOME_POST", "TS1 1AA"),
                    ("PL_POST", "ZZ9 9ZZ"),
                ],
                &[
                    ("CHILD", "2"),
                    ("HOME_POST", "TS1 1AA"),
                    ("PL_POST", "ts11aa"),
                ],
                &[("CHILD", "3"), ("HOME_POST", "QQ1 1QQ")],
                &[("CHILD", "4")],
            ],
        )]);
        let places = super::super::super::PlaceTable::from_csv(
            "postcode,authority,easting,northing\nTS11AA,E06000002,450000,520000\n",
        )
        .unwrap();
        let r = super::super::super::Return903::new(&ret).with_places("E06000002", &places);
        assert_eq!(super::super::super::tests::found_in("392c", &r), ["1", "3"]);
    }

    #[test]
    fn r393_398_399_mothers_and_short_breaks() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("SEX", "F")][..],
                    &[("CHILD", "2"), ("SEX", "F"), ("MOTHER", "0")],
                    &[("CHILD", "3"), ("SEX", "F")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("LS", "C2")][..],
                    &[("CHILD", "2"), ("LS", "V3")],
                    &[("CHILD", "3"), ("LS", "V4"), ("PL_POST", "TS1 1AA")],
                ],
            ),
            (
                Table::Reviews,
                &[&[("CHILD", "1"), ("REVIEW", "01/05/2025")][..]],
            ),
        ]);
        assert_eq!(found("393", &ret), ["1"]);
        assert_eq!(found("398", &ret), ["3"]);
        assert_eq!(found("399", &ret), ["2"]);
    }
}
