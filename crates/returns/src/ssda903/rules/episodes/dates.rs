//! Rules 301-359: dates of birth, of episodes, of adoption and of UASC
//! status against each other, and the care leavers' outcomes.

use std::collections::HashSet;

use jiff::civil::{Date, date};

use super::super::{Return903, Rows};
use super::{add_years, days, each_episode, has_in, is_any, text};
use crate::Field;
use crate::ssda903::model::Table;
use crate::ssda903::rules::child_text;

/// The date of birth in the header of an episode's child.
fn dob_of(r: &Return903<'_>, child: &str) -> Option<Date> {
    r.header_of(child)
        .and_then(|h| r.file.header[h].dob.valid().copied())
}

/// Each header row for which `fails` holds.
fn each_header(r: &Return903<'_>, fails: impl Fn(&crate::ssda903::HeaderRow) -> bool) -> Rows {
    r.file
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| fails(h))
        .map(|(i, _)| (Table::Header, i))
        .collect()
}

/// SSDA903 validation rule 301: a date of birth is not after the end of
/// the collection year.
pub(super) fn r301(r: &Return903<'_>) -> Rows {
    each_header(r, |h| h.dob.valid().is_some_and(|d| *d > r.end))
}

/// SSDA903 validation rule 302: a child's first episode does not begin
/// before they were born.
pub(super) fn r302(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) || !r.has(Table::Episodes) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let mut rows = Vec::new();
    for (child, indices) in r.children_with_episodes() {
        let Some(&first) = indices.first() else {
            continue;
        };
        let starts = e[first].decom.valid().copied();
        if starts
            .zip(dob_of(r, child))
            .is_some_and(|(decom, dob)| dob > decom)
        {
            rows.push((Table::Episodes, first));
        }
    }
    rows
}

/// SSDA903 validation rule 303: a date UASC ceased is only given for a
/// child who is UASC. From CSV files the community validator takes every
/// child in the UASC file to be UASC, so only a UASC row whose child has no
/// header row could fail, and those it does not look at.
pub(super) fn r303(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Uasc) || !r.has(Table::Header) {
        return Vec::new();
    }
    let uasc: HashSet<&str> = r.file.uasc.iter().map(|u| child_text(&u.child)).collect();
    r.file
        .uasc
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            let child = child_text(&u.child);
            u.duc.is_present() && r.header_of(child).is_some() && !uasc.contains(child)
        })
        .map(|(i, _)| (Table::Uasc, i))
        .collect()
}

/// SSDA903 validation rule 304: the date UASC ceased is not after the
/// child's 18th birthday.
pub(super) fn r304(r: &Return903<'_>) -> Rows {
    r.file
        .uasc
        .iter()
        .enumerate()
        .filter(|(_, u)| {
            u.duc
                .valid()
                .zip(u.dob.valid())
                .is_some_and(|(duc, dob)| *duc > add_years(*dob, 18))
        })
        .map(|(i, _)| (Table::Uasc, i))
        .collect()
}

/// SSDA903 validation rule 331: a child adopted (E11, E12) was matched
/// with the adopters no later than the episode began.
pub(super) fn r331(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Ad1) {
        return Vec::new();
    }
    each_episode(r, |_, e| {
        let child = child_text(&e.child);
        is_any(&e.rec, &["E11", "E12"])
            && r.file.ad1.iter().any(|a| {
                child_text(&a.child) == child
                    && a.date_match
                        .valid()
                        .zip(e.decom.valid())
                        .is_some_and(|(matched, decom)| matched > decom)
            })
    })
}

/// SSDA903 validation rule 333: a match with adopters comes with a date of
/// the decision to place for adoption, no later than the match.
pub(super) fn r333(r: &Return903<'_>) -> Rows {
    r.file
        .ad1
        .iter()
        .enumerate()
        .filter(|(_, a)| {
            a.date_match
                .valid()
                .is_some_and(|matched| a.date_int.valid().is_none_or(|decided| decided > matched))
        })
        .map(|(i, _)| (Table::Ad1, i))
        .collect()
}

/// SSDA903 validation rule 334: the decision to place for adoption is not
/// before the start of the child's last period of care (the latest episode
/// starting with a change of legal status and placement, S).
pub(super) fn r334(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Ad1) {
        return Vec::new();
    }
    let e = &r.file.episodes;
    let mut rows = Vec::new();
    for (child, indices) in r.children_with_episodes() {
        let starts: Vec<usize> = indices
            .iter()
            .copied()
            .filter(|&i| text(&e[i].rne).as_deref() == Some("S") && e[i].decom.valid().is_some())
            .collect();
        // The first of the latest, as pandas' idxmax takes it.
        let Some(latest) = starts
            .iter()
            .copied()
            .max_by(|&a, &b| e[a].decom.valid().cmp(&e[b].decom.valid()).then(b.cmp(&a)))
        else {
            continue;
        };
        let decom = e[latest].decom.valid();
        if r.file.ad1.iter().any(|a| {
            child_text(&a.child) == child
                && a.date_int.valid().zip(decom).is_some_and(|(d, s)| d < s)
        }) {
            rows.push((Table::Episodes, latest));
        }
    }
    rows
}

/// SSDA903 validation rule 335: a child adopted (E1, E11, E12) from a
/// placement with their foster carers (A3, A5, or the old A2) was adopted by
/// them, and from a placement with others (A4, A6, or A1) was not.
pub(super) fn r335(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Ad1) {
        return Vec::new();
    }
    each_episode(r, |_, e| {
        let child = child_text(&e.child);
        is_any(&e.rec, &["E1", "E11", "E12"])
            && r.file.ad1.iter().any(|a| {
                child_text(&a.child) == child
                    && match text(&a.foster_care).as_deref() {
                        Some("0") => is_any(&e.place, &["A2", "A3", "A5"]),
                        Some("1") => is_any(&e.place, &["A1", "A4", "A6"]),
                        _ => false,
                    }
            })
    })
}

/// SSDA903 validation rule 336: a placement for adoption with parental
/// consent (A3, A4) follows a placement for adoption or with foster carers
/// (A3-A6, U1-U6), unless it is the child's first episode.
pub(super) fn r336(r: &Return903<'_>) -> Rows {
    const BEFORE: [&str; 10] = ["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"];
    let e = &r.file.episodes;
    let mut rows = Vec::new();
    for (_, indices) in r.children_with_episodes() {
        for pair in indices.windows(2) {
            if is_any(&e[pair[1]].place, &["A3", "A4"]) && !is_any(&e[pair[0]].place, &BEFORE) {
                rows.push((Table::Episodes, pair[1]));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 344: a care leaver who has died or returned
/// home (DIED, RHOM) has activity and accommodation 0.
pub(super) fn r344(r: &Return903<'_>) -> Rows {
    r.file
        .oc3
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            is_any(&c.in_touch, &["DIED", "RHOM"])
                && (text(&c.activ).as_deref() != Some("0")
                    || text(&c.accom).as_deref() != Some("0"))
        })
        .map(|(i, _)| (Table::Oc3, i))
        .collect()
}

/// SSDA903 validation rule 345: a care leaver in touch (YES) has an
/// activity and accommodation other than 0.
pub(super) fn r345(r: &Return903<'_>) -> Rows {
    r.file
        .oc3
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            is_any(&c.in_touch, &["YES"])
                && (text(&c.activ).as_deref() == Some("0")
                    || text(&c.accom).as_deref() == Some("0"))
        })
        .map(|(i, _)| (Table::Oc3, i))
        .collect()
}

/// SSDA903 validation rule 347: a care leaver living in a foyer
/// (accommodation T) was 18 at the start of the collection year (18 years being taken, as
/// the community validator does, as 18 average Gregorian years).
pub(super) fn r347(r: &Return903<'_>) -> Rows {
    r.file
        .oc3
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            is_any(&c.accom, &["T"])
                && c.dob
                    .valid()
                    .is_some_and(|dob| f64::from(days(*dob, r.start)) < 18.0 * 365.2425)
        })
        .map(|(i, _)| (Table::Oc3, i))
        .collect()
}

/// SSDA903 validation rule 348: a care leaver who had died last year is
/// still recorded as having died.
pub(super) fn r348(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Vec::new();
    };
    if !r.has(Table::Oc3) || !has_in(last, Table::Oc3) {
        return Vec::new();
    }
    let died: HashSet<&str> = last
        .oc3
        .iter()
        .filter(|c| is_any(&c.in_touch, &["DIED"]))
        .map(|c| child_text(&c.child))
        .collect();
    r.file
        .oc3
        .iter()
        .enumerate()
        .filter(|(_, c)| died.contains(child_text(&c.child)) && !is_any(&c.in_touch, &["DIED"]))
        .map(|(i, _)| (Table::Oc3, i))
        .collect()
}

/// SSDA903 validation rule 351: a child was not 25 or over when the
/// collection year began.
pub(super) fn r351(r: &Return903<'_>) -> Rows {
    each_header(r, |h| {
        h.dob.valid().is_some_and(|d| r.start > add_years(*d, 25))
    })
}

/// SSDA903 validation rule 352: a period of care (S) does not begin on or
/// after the child's 18th birthday.
pub(super) fn r352(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.rne, &["S"])
            && dob_of(r, child_text(&e.child))
                .zip(e.decom.valid())
                .is_some_and(|(dob, decom)| add_years(dob, 18) <= *decom)
    })
}

/// SSDA903 validation rule 353: no episode begins before 14 October 1991
/// (the Children Act 1989 coming into force).
pub(super) fn r353(r: &Return903<'_>) -> Rows {
    let act = date(1991, 10, 14);
    each_episode(r, |_, e| e.decom.valid().is_some_and(|d| *d < act))
}

/// SSDA903 validation rule 354: no episode begins after the end of the
/// collection year.
pub(super) fn r354(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| e.decom.valid().is_some_and(|d| *d > r.end))
}

/// SSDA903 validation rule 355: an episode does not end on the day it
/// began (compared as written: both missing counts as the same, as the
/// community validator has it).
pub(super) fn r355(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| text(&e.decom) == text(&e.dec))
}

/// SSDA903 validation rule 356: an episode does not end before it began.
pub(super) fn r356(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        e.dec
            .valid()
            .zip(e.decom.valid())
            .is_some_and(|(dec, decom)| dec < decom)
    })
}

/// SSDA903 validation rule 357: a child whose first episode begins in the
/// year starts a period of care with it (S).
pub(super) fn r357(r: &Return903<'_>) -> Rows {
    let e = &r.file.episodes;
    r.children_with_episodes()
        .filter_map(|(_, indices)| indices.first().copied())
        .filter(|&i| {
            e[i].decom.valid().is_some_and(|d| *d >= r.start)
                && text(&e[i].rne).as_deref() != Some("S")
        })
        .map(|i| (Table::Episodes, i))
        .collect()
}

/// SSDA903 validation rule 358: a child under 10 on the day an episode
/// began has no youth justice legal status (J1-J3).
pub(super) fn r358(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.ls, &["J1", "J2", "J3"])
            && dob_of(r, child_text(&e.child))
                .zip(e.decom.valid())
                .is_some_and(|(dob, decom)| add_years(dob, 10) >= *decom)
    })
}

/// SSDA903 validation rule 359: a child 18 before the end of the year has
/// no open episode, unless accommodated under a series of short breaks
/// (V2) in a children's home (K2).
pub(super) fn r359(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        let v2_k2 = is_any(&e.ls, &["V2"]) && is_any(&e.place, &["K2"]);
        matches!(e.dec, Field::Missing)
            && !v2_k2
            && dob_of(r, child_text(&e.child)).is_some_and(|dob| add_years(dob, 18) < r.end)
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::Return903;
    use super::super::super::tests::{found, found_in, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r301_351_dates_of_birth_in_range() {
        let ret = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("DOB", "01/04/2026")][..],
                &[("CHILD", "2"), ("DOB", "31/03/2026")],
                &[("CHILD", "3"), ("DOB", "31/03/2000")],
                &[("CHILD", "4"), ("DOB", "01/04/2000")],
            ],
        )]);
        assert_eq!(found("301", &ret), ["1"]);
        assert_eq!(found("351", &ret), ["3"]);
    }

    #[test]
    fn r302_352_358_359_episodes_against_the_date_of_birth() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("DOB", "01/06/2020")][..],
                    &[("CHILD", "2"), ("DOB", "01/06/2007")],
                    &[("CHILD", "3"), ("DOB", "01/06/2016")],
                    &[("CHILD", "4"), ("DOB", "01/01/2008")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    // Begins before birth.
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/05/2020"),
                        ("DEC", "01/07/2020"),
                        ("LS", "C2"),
                    ][..],
                    // Starts care (S) on the 18th birthday, still open.
                    &[
                        ("CHILD", "2"),
                        ("DECOM", "01/06/2025"),
                        ("RNE", "S"),
                        ("LS", "V2"),
                        ("PLACE", "K1"),
                    ],
                    // J2 on the 10th birthday.
                    &[
                        ("CHILD", "3"),
                        ("DECOM", "01/06/2026"),
                        ("LS", "J2"),
                        ("DEC", "02/06/2026"),
                    ],
                    // 18 before 31 March, open, but V2 in K2.
                    &[
                        ("CHILD", "4"),
                        ("DECOM", "01/06/2025"),
                        ("LS", "V2"),
                        ("PLACE", "K2"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("302", &ret), ["1"]);
        assert_eq!(found("352", &ret), ["2"]);
        assert_eq!(found("358", &ret), ["3"]);
        assert_eq!(found("359", &ret), ["2"]);
    }

    #[test]
    fn r303_304_uasc_dates() {
        let ret = given(&[
            (Table::Header, &[&[("CHILD", "1")][..], &[("CHILD", "2")]]),
            (
                Table::Uasc,
                &[
                    &[("CHILD", "1"), ("DOB", "01/01/2007"), ("DUC", "02/01/2025")][..],
                    &[("CHILD", "2"), ("DOB", "01/01/2007"), ("DUC", "01/01/2025")],
                ],
            ),
        ]);
        assert!(found("303", &ret).is_empty());
        assert_eq!(found("304", &ret), ["1"]);
    }

    #[test]
    fn r331_333_334_335_adoption_dates_and_carers() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/05/2025"),
                        ("REC", "E11"),
                        ("RNE", "S"),
                        ("PLACE", "A3"),
                    ][..],
                    &[
                        ("CHILD", "2"),
                        ("DECOM", "01/05/2025"),
                        ("REC", "E12"),
                        ("RNE", "S"),
                        ("PLACE", "A4"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DECOM", "01/05/2025"),
                        ("REC", "E1"),
                        ("RNE", "S"),
                        ("PLACE", "A5"),
                    ],
                ],
            ),
            (
                Table::Ad1,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DATE_MATCH", "02/05/2025"),
                        ("DATE_INT", "01/06/2025"),
                        ("FOSTER_CARE", "0"),
                    ][..],
                    &[
                        ("CHILD", "2"),
                        ("DATE_MATCH", "01/05/2025"),
                        ("DATE_INT", "01/04/2025"),
                        ("FOSTER_CARE", "1"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DATE_MATCH", "01/05/2025"),
                        ("FOSTER_CARE", "1"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("331", &ret), ["1"]);
        assert_eq!(found("333", &ret), ["1", "3"]);
        assert_eq!(found("334", &ret), ["2"]);
        assert_eq!(found("335", &ret), ["1", "2"]);
    }

    #[test]
    fn r336_placement_with_consent_follows_adoption_or_foster_care() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("DECOM", "01/05/2025"), ("PLACE", "K2")][..],
                &[("CHILD", "1"), ("DECOM", "01/06/2025"), ("PLACE", "A3")],
                &[("CHILD", "2"), ("DECOM", "01/05/2025"), ("PLACE", "U1")],
                &[("CHILD", "2"), ("DECOM", "01/06/2025"), ("PLACE", "A4")],
                &[("CHILD", "3"), ("DECOM", "01/06/2025"), ("PLACE", "A4")],
            ],
        )]);
        assert_eq!(found("336", &ret), ["1"]);
    }

    #[test]
    fn r344_345_347_care_leavers() {
        let ret = given(&[(
            Table::Oc3,
            &[
                &[
                    ("CHILD", "1"),
                    ("IN_TOUCH", "DIED"),
                    ("ACTIV", "0"),
                    ("ACCOM", "0"),
                ][..],
                &[
                    ("CHILD", "2"),
                    ("IN_TOUCH", "RHOM"),
                    ("ACTIV", "F1"),
                    ("ACCOM", "0"),
                ],
                &[
                    ("CHILD", "3"),
                    ("IN_TOUCH", "YES"),
                    ("ACTIV", "0"),
                    ("ACCOM", "B"),
                ],
                &[
                    ("CHILD", "4"),
                    ("IN_TOUCH", "YES"),
                    ("ACTIV", "F1"),
                    ("ACCOM", "T"),
                    ("DOB", "02/04/2007"),
                ],
                &[
                    ("CHILD", "5"),
                    ("IN_TOUCH", "YES"),
                    ("ACTIV", "F1"),
                    ("ACCOM", "T"),
                    ("DOB", "01/04/2007"),
                ],
            ],
        )]);
        assert_eq!(found("344", &ret), ["2"]);
        assert_eq!(found("345", &ret), ["3"]);
        assert_eq!(found("347", &ret), ["4"]);
    }

    #[test]
    fn r348_a_care_leaver_who_died_stays_so() {
        let now = given(&[(
            Table::Oc3,
            &[
                &[("CHILD", "1"), ("IN_TOUCH", "YES")][..],
                &[("CHILD", "2"), ("IN_TOUCH", "DIED")],
                &[("CHILD", "3"), ("IN_TOUCH", "NO")],
            ],
        )]);
        let last = given(&[(
            Table::Oc3,
            &[
                &[("CHILD", "1"), ("IN_TOUCH", "DIED")][..],
                &[("CHILD", "2"), ("IN_TOUCH", "DIED")],
                &[("CHILD", "3"), ("IN_TOUCH", "YES")],
            ],
        )]);
        let ret = Return903::new(&now).with_last_year(&last);
        assert_eq!(found_in("348", &ret), ["1"]);
    }

    #[test]
    fn r353_354_355_356_357_episode_dates() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("DECOM", "13/10/1991"),
                    ("DEC", "01/01/1992"),
                    ("RNE", "S"),
                ][..],
                &[("CHILD", "2"), ("DECOM", "01/04/2026"), ("RNE", "S")],
                &[
                    ("CHILD", "3"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "01/05/2025"),
                    ("RNE", "S"),
                ],
                &[
                    ("CHILD", "4"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "30/04/2025"),
                    ("RNE", "S"),
                ],
                &[("CHILD", "5"), ("DECOM", "01/05/2025"), ("RNE", "P")],
                &[
                    ("CHILD", "6"),
                    ("DECOM", "01/05/2024"),
                    ("DEC", "01/06/2025"),
                    ("RNE", "S"),
                ],
                &[("CHILD", "6"), ("DECOM", "01/06/2025"), ("RNE", "P")],
                &[("CHILD", "7")],
            ],
        )]);
        assert_eq!(found("353", &ret), ["1"]);
        assert_eq!(found("354", &ret), ["2"]);
        assert_eq!(found("355", &ret), ["3", "7"]);
        assert_eq!(found("356", &ret), ["4"]);
        assert_eq!(found("357", &ret), ["5"]);
    }
}
