//! Rules 213-243: placement providers, URNs, reasons for placement change
//! and the checks on a child's header that sit beside them.

use super::super::{Return903, Rows};
use super::{add_years, each_episode, is_any, text};
use crate::ssda903::model::Table;
use crate::ssda903::rules::child_text;
use jiff::civil::date;

/// Temporary placements (T0-T4).
const TEMPORARY: [&str; 5] = ["T0", "T1", "T2", "T3", "T4"];

/// Placements with no URN: with parents or independent living, temporary
/// placements and the other placements Z11-Z14.
const NO_URN: [&str; 14] = [
    "P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14",
];

/// The authorities outside England a placement can be in, as the
/// community validator names them.
const OUTSIDE_ENGLAND: [&str; 5] = ["CON", "NIR", "SCO", "WAL", "NUK"];

/// The URN given for placements with a provider not registered with
/// Ofsted.
const NO_OFSTED_URN: &str = "XXXXXXX";

/// SSDA903 validation rule 213: temporary placements and placements
/// Z11-Z14 have no placement provider.
pub(super) fn r213(r: &Return903<'_>) -> Rows {
    const CODES: [&str; 9] = ["T0", "T1", "T2", "T3", "T4", "Z11", "Z12", "Z13", "Z14"];
    each_episode(r, |_, e| {
        is_any(&e.place, &CODES) && e.place_provider.is_present()
    })
}

/// SSDA903 validation rule 214: a short break (legal status V3, V4) has
/// no placement postcode or URN.
pub(super) fn r214(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.ls, &["V3", "V4"]) && (e.pl_post.is_present() || e.urn.is_present())
    })
}

/// SSDA903 validation rule 215: a care leaver with OC3 items has none of
/// the OC2 outcomes given.
pub(super) fn r215(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Oc3) || !r.has(Table::Oc2) {
        return Vec::new();
    }
    let f = r.file;
    f.oc3
        .iter()
        .enumerate()
        .filter(|(_, c)| c.in_touch.is_present() || c.activ.is_present() || c.accom.is_present())
        .filter(|(_, c)| {
            let child = child_text(&c.child);
            f.oc2.iter().any(|o| {
                child_text(&o.child) == child
                    && [
                        o.convicted.is_present(),
                        o.health_check.is_present(),
                        o.immunisations.is_present(),
                        o.teeth_check.is_present(),
                        o.health_assessment.is_present(),
                        o.substance_misuse.is_present(),
                        o.intervention_received.is_present(),
                        o.intervention_offered.is_present(),
                    ]
                    .contains(&true)
            })
        })
        .map(|(i, _)| (Table::Oc3, i))
        .collect()
}

/// SSDA903 validation rule 217: a placement for adoption (A3, A5) starting
/// on or after 1 April 2015 begins with a change of legal status, of
/// placement and legal status, or of legal status only (S, T, U).
pub(super) fn r217(r: &Return903<'_>) -> Rows {
    let from = date(2015, 4, 1);
    each_episode(r, |_, e| {
        is_any(&e.place, &["A3", "A5"])
            && e.decom.valid().is_some_and(|d| *d >= from)
            && !is_any(&e.rne, &["S", "T", "U"])
    })
}

/// SSDA903 validation rule 218: an episode open at some time in the year,
/// placed in England in a placement that has one, gives a URN.
pub(super) fn r218(r: &Return903<'_>) -> Rows {
    each_episode(r, |i, e| {
        let open = match &e.dec {
            crate::Field::Missing => true,
            dec => dec.valid().is_some_and(|d| *d >= r.start),
        };
        let outside = r.episode_places[i]
            .authority
            .as_deref()
            .is_some_and(|a| OUTSIDE_ENGLAND.contains(&a.to_ascii_uppercase().as_str()));
        open && e.urn.is_missing() && !is_any(&e.place, &NO_URN) && !outside
    })
}

/// SSDA903 validation rule 222: placements with no URN (with parents,
/// independent living, temporary, Z11-Z14) give none other than XXXXXXX.
pub(super) fn r222(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        is_any(&e.place, &NO_URN) && text(&e.urn).is_some_and(|u| u != NO_OFSTED_URN)
    })
}

/// SSDA903 validation rule 225: an episode ending for a change of
/// placement (X1) followed by a new placement (P, B, T, U), neither
/// temporary, gives the reason for the change.
pub(super) fn r225(r: &Return903<'_>) -> Rows {
    let e = &r.file.episodes;
    let mut rows = Vec::new();
    for (_, indices) in r.children_with_episodes() {
        for pair in indices.windows(2) {
            let (now, next) = (&e[pair[0]], &e[pair[1]]);
            if is_any(&now.rec, &["X1"])
                && now.reason_place_change.is_missing()
                && !is_any(&now.place, &TEMPORARY)
                && is_any(&next.rne, &["P", "B", "T", "U"])
                && !is_any(&next.place, &TEMPORARY)
            {
                rows.push((Table::Episodes, pair[0]));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 226: neither a temporary placement nor the
/// episode before it gives a reason for placement change.
pub(super) fn r226(r: &Return903<'_>) -> Rows {
    let e = &r.file.episodes;
    let mut rows = Vec::new();
    for (_, indices) in r.children_with_episodes() {
        for (k, &i) in indices.iter().enumerate() {
            let previous = k
                .checked_sub(1)
                .is_some_and(|p| e[indices[p]].reason_place_change.is_present());
            if is_any(&e[i].place, &TEMPORARY)
                && (e[i].reason_place_change.is_present() || previous)
            {
                rows.push((Table::Episodes, i));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 231: a UASC child (in the UASC file) under 11 at
/// the end of the year is unusual enough to be checked.
pub(super) fn r231(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Uasc) {
        return Vec::new();
    }
    let uasc: std::collections::HashSet<&str> =
        r.file.uasc.iter().map(|u| child_text(&u.child)).collect();
    let born_after = add_years(r.end, -11);
    r.file
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            uasc.contains(child_text(&h.child)) && h.dob.valid().is_some_and(|d| *d > born_after)
        })
        .map(|(i, _)| (Table::Header, i))
        .collect()
}

/// SSDA903 validation rule 232: a child's sex is given as unknown (U).
pub(super) fn r232(r: &Return903<'_>) -> Rows {
    r.file
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| is_any(&h.sex, &["U"]))
        .map(|(i, _)| (Table::Header, i))
        .collect()
}

/// SSDA903 validation rule 233: an episode that has not ceased gives no
/// reason for placement change.
pub(super) fn r233(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        e.dec.is_missing() && e.reason_place_change.is_present()
    })
}

/// SSDA903 validation rule 234: a child under 10 when an episode began
/// cannot have changed placement for custody (CUSTOD).
pub(super) fn r234(r: &Return903<'_>) -> Rows {
    each_episode(r, |_, e| {
        let dob = r
            .header_of(child_text(&e.child))
            .and_then(|h| r.file.header[h].dob.valid().copied());
        is_any(&e.reason_place_change, &["CUSTOD"])
            && dob
                .zip(e.decom.valid())
                .is_some_and(|(dob, decom)| add_years(dob, 10) > *decom)
    })
}

/// SSDA903 validation rule 241: a children's home (K3) with a URN is in
/// the authority making the return (as the community validator reads the
/// rule; a placement whose authority is unknown fails).
pub(super) fn r241(r: &Return903<'_>) -> Rows {
    each_episode(r, |i, e| {
        text(&e.urn).is_some_and(|u| u != NO_OFSTED_URN)
            && is_any(&e.place, &["K3"])
            && r.episode_places[i].authority.as_deref() != r.authority
    })
}

/// SSDA903 validation rule 242: the URN XXXXXXX (a provider not
/// registered with Ofsted) is only for placements for adoption (A3-A6)
/// and with connected or other foster carers (U1-U6).
pub(super) fn r242(r: &Return903<'_>) -> Rows {
    const CODES: [&str; 10] = ["A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6"];
    each_episode(r, |_, e| {
        text(&e.urn).as_deref() == Some(NO_OFSTED_URN) && !is_any(&e.place, &CODES)
    })
}

/// SSDA903 validation rule 243: a placement outside England has no URN.
pub(super) fn r243(r: &Return903<'_>) -> Rows {
    each_episode(r, |i, e| {
        e.urn.is_present()
            && r.episode_places[i]
                .authority
                .as_deref()
                .is_some_and(|a| OUTSIDE_ENGLAND.contains(&a))
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, found_in, given};
    use super::super::super::{PlaceTable, Return903};
    use crate::ssda903::model::Table;

    /// The authority making the return in these tests, and where two
    /// postcodes are: one inside it, one in Scotland.
    pub(crate) fn placed(code: &str, file: &crate::ssda903::Ssda903) -> Vec<String> {
        let places = PlaceTable::from_csv(
            "postcode,authority,easting,northing\nTS11AA,E06000002,450000,520000\nEH104PA,SCO,324076,672339\n",
        )
        .unwrap();
        found_in(
            code,
            &Return903::new(file).with_places("E06000002", &places),
        )
    }

    #[test]
    fn r213_temporary_and_other_placements_have_no_provider() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("PLACE", "T0"), ("PLACE_PROVIDER", "PR1")][..],
                &[("CHILD", "2"), ("PLACE", "Z11"), ("PLACE_PROVIDER", "PR0")],
                &[("CHILD", "3"), ("PLACE", "U1"), ("PLACE_PROVIDER", "PR1")],
                &[("CHILD", "4"), ("PLACE", "T3")],
            ],
        )]);
        assert_eq!(found("213", &ret), ["1", "2"]);
    }

    #[test]
    fn r214_a_short_break_has_no_postcode_or_urn() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("LS", "V3"), ("PL_POST", "TS1 1AA")][..],
                &[("CHILD", "2"), ("LS", "V4"), ("URN", "SC123456")],
                &[("CHILD", "3"), ("LS", "V4")],
                &[("CHILD", "4"), ("LS", "C2"), ("URN", "SC123456")],
            ],
        )]);
        assert_eq!(found("214", &ret), ["1", "2"]);
    }

    #[test]
    fn r215_a_care_leaver_has_no_oc2_outcomes() {
        let ret = given(&[
            (
                Table::Oc3,
                &[
                    &[("CHILD", "1"), ("IN_TOUCH", "YES")][..],
                    &[("CHILD", "2"), ("ACCOM", "X")],
                    &[("CHILD", "3")],
                ],
            ),
            (
                Table::Oc2,
                &[
                    &[("CHILD", "1"), ("CONVICTED", "0")][..],
                    &[("CHILD", "2")],
                    &[("CHILD", "3"), ("HEALTH_CHECK", "1")],
                ],
            ),
        ]);
        assert_eq!(found("215", &ret), ["1"]);
    }

    #[test]
    fn r217_adoption_placements_since_2015_start_with_a_legal_status_change() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("PLACE", "A3"),
                    ("DECOM", "01/04/2015"),
                    ("RNE", "P"),
                ][..],
                &[("CHILD", "2"), ("PLACE", "A5"), ("DECOM", "01/04/2025")],
                &[
                    ("CHILD", "3"),
                    ("PLACE", "A5"),
                    ("DECOM", "01/04/2025"),
                    ("RNE", "S"),
                ],
                &[
                    ("CHILD", "4"),
                    ("PLACE", "A3"),
                    ("DECOM", "31/03/2015"),
                    ("RNE", "P"),
                ],
            ],
        )]);
        assert_eq!(found("217", &ret), ["1", "2"]);
    }

    #[test]
    fn r218_an_open_placement_in_england_gives_a_urn() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("PLACE", "K2"), ("PL_POST", "TS1 1AA")][..],
                &[("CHILD", "2"), ("PLACE", "K2"), ("PL_POST", "EH10 4PA")],
                &[("CHILD", "3"), ("PLACE", "P1")],
                &[("CHILD", "4"), ("PLACE", "K2"), ("DEC", "31/03/2025")],
                &[("CHILD", "5"), ("PLACE", "K2"), ("DEC", "01/04/2025")],
                &[("CHILD", "6"), ("PLACE", "K2"), ("URN", "SC123456")],
            ],
        )]);
        assert_eq!(placed("218", &ret), ["1", "5"]);
    }

    #[test]
    fn r222_placements_without_a_urn_give_none_or_xxxxxxx() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("PLACE", "P1"), ("URN", "SC123456")][..],
                &[("CHILD", "2"), ("PLACE", "T1"), ("URN", "XXXXXXX")],
                &[("CHILD", "3"), ("PLACE", "K2"), ("URN", "SC123456")],
            ],
        )]);
        assert_eq!(found("222", &ret), ["1"]);
    }

    #[test]
    fn r225_a_change_of_placement_gives_its_reason() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("DECOM", "01/05/2025"),
                    ("REC", "X1"),
                    ("PLACE", "U1"),
                ][..],
                &[
                    ("CHILD", "1"),
                    ("DECOM", "01/06/2025"),
                    ("RNE", "P"),
                    ("PLACE", "U1"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DECOM", "01/05/2025"),
                    ("REC", "X1"),
                    ("PLACE", "U1"),
                    ("REASON_PLACE_CHANGE", "CARPL"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DECOM", "01/06/2025"),
                    ("RNE", "P"),
                    ("PLACE", "U1"),
                ],
                &[
                    ("CHILD", "3"),
                    ("DECOM", "01/05/2025"),
                    ("REC", "X1"),
                    ("PLACE", "U1"),
                ],
                &[
                    ("CHILD", "3"),
                    ("DECOM", "01/06/2025"),
                    ("RNE", "P"),
                    ("PLACE", "T1"),
                ],
            ],
        )]);
        assert_eq!(found("225", &ret), ["1"]);
    }

    #[test]
    fn r226_no_reason_for_change_at_a_temporary_placement_or_before_it() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("DECOM", "01/05/2025"),
                    ("PLACE", "T1"),
                    ("REASON_PLACE_CHANGE", "CARPL"),
                ][..],
                &[
                    ("CHILD", "2"),
                    ("DECOM", "01/05/2025"),
                    ("PLACE", "U1"),
                    ("REASON_PLACE_CHANGE", "CARPL"),
                ],
                &[("CHILD", "2"), ("DECOM", "01/06/2025"), ("PLACE", "T1")],
                &[("CHILD", "3"), ("DECOM", "01/05/2025"), ("PLACE", "T1")],
                &[
                    ("CHILD", "3"),
                    ("DECOM", "01/06/2025"),
                    ("PLACE", "U1"),
                    ("REASON_PLACE_CHANGE", "CARPL"),
                ],
            ],
        )]);
        assert_eq!(found("226", &ret), ["1", "2"]);
    }

    #[test]
    fn r231_232_a_young_uasc_child_and_unknown_sex() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("DOB", "01/04/2015"), ("SEX", "U")][..],
                    &[("CHILD", "2"), ("DOB", "31/03/2015"), ("SEX", "M")],
                    &[("CHILD", "3"), ("DOB", "01/04/2020"), ("SEX", "F")],
                ],
            ),
            (Table::Uasc, &[&[("CHILD", "1")][..], &[("CHILD", "2")]]),
        ]);
        assert_eq!(found("231", &ret), ["1"]);
        assert_eq!(found("232", &ret), ["1"]);
    }

    #[test]
    fn r233_no_reason_for_change_while_the_episode_is_open() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("REASON_PLACE_CHANGE", "CARPL")][..],
                &[
                    ("CHILD", "2"),
                    ("REASON_PLACE_CHANGE", "CARPL"),
                    ("DEC", "01/05/2025"),
                ],
                &[("CHILD", "3")],
            ],
        )]);
        assert_eq!(found("233", &ret), ["1"]);
    }

    #[test]
    fn r234_no_custody_under_10() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("DOB", "01/05/2016")][..],
                    &[("CHILD", "2"), ("DOB", "01/05/2015")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "30/04/2026"),
                        ("REASON_PLACE_CHANGE", "CUSTOD"),
                    ][..],
                    &[
                        ("CHILD", "2"),
                        ("DECOM", "01/05/2025"),
                        ("REASON_PLACE_CHANGE", "CUSTOD"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("234", &ret), ["1"]);
    }

    #[test]
    fn r241_242_243_urns_and_where_the_placement_is() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("PLACE", "K3"),
                    ("URN", "SC1"),
                    ("PL_POST", "TS1 1AA"),
                ][..],
                &[
                    ("CHILD", "2"),
                    ("PLACE", "K3"),
                    ("URN", "SC1"),
                    ("PL_POST", "EH10 4PA"),
                ],
                &[("CHILD", "3"), ("PLACE", "K2"), ("URN", "XXXXXXX")],
                &[("CHILD", "4"), ("PLACE", "U1"), ("URN", "XXXXXXX")],
            ],
        )]);
        assert_eq!(placed("241", &ret), ["2"]);
        assert_eq!(placed("243", &ret), ["2"]);
        assert_eq!(found("242", &ret), ["3"]);
    }
}
