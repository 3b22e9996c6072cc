//! The episodes file: each column's codes and dates, episodes left open,
//! where the child is placed, and adoption more than once.

use std::collections::HashSet;

use super::{Return903, Rows, SHORT_BREAK, bad_date, day, is_one_of, rows_where, text};
use crate::ssda903::model::{EpisodeRow, Table};

/// The rows of the episodes file that a test of one row picks.
fn episodes_where(r: &Return903<'_>, at_fault: impl Fn(&EpisodeRow) -> bool) -> Rows {
    let episodes = &r.file.episodes;
    rows_where(Table::Episodes, episodes.len(), |i| at_fault(&episodes[i]))
}

/// SSDA903 validation rule 141: each episode whose start date is given
/// but is not a date.
pub(super) fn r141(r: &Return903<'_>) -> Rows {
    episodes_where(r, |e| bad_date(&e.decom))
}

/// SSDA903 validation rule 147: each episode whose end date is given but
/// is not a date.
pub(super) fn r147(r: &Return903<'_>) -> Rows {
    episodes_where(r, |e| bad_date(&e.dec))
}

/// SSDA903 validation rule 143: each episode whose reason for a new
/// episode is given but is not S, P, L, T, U or B.
pub(super) fn r143(r: &Return903<'_>) -> Rows {
    episodes_where(r, |e| {
        e.rne.is_present() && !is_one_of(&e.rne, &["S", "P", "L", "T", "U", "B"])
    })
}

/// SSDA903 validation rule 144: each episode whose legal status is given
/// but is not one of the list's codes.
pub(super) fn r144(r: &Return903<'_>) -> Rows {
    const LS: &[&str] = &[
        "C1", "C2", "D1", "E1", "V2", "V3", "V4", "J1", "J2", "J3", "L1", "L2", "L3",
    ];
    episodes_where(r, |e| e.ls.is_present() && !is_one_of(&e.ls, LS))
}

/// SSDA903 validation rule 145: each episode whose category of need is
/// given but is not N1-N8.
pub(super) fn r145(r: &Return903<'_>) -> Rows {
    const CIN: &[&str] = &["N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8"];
    episodes_where(r, |e| e.cin.is_present() && !is_one_of(&e.cin, CIN))
}

/// The placement types of the 2025-26 list.
const PLACE: &[&str] = &[
    "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1", "T0", "T1",
    "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13", "Z14",
];

/// SSDA903 validation rule 146: each episode whose placement type is given
/// but is not one of the list's codes.
pub(super) fn r146(r: &Return903<'_>) -> Rows {
    episodes_where(r, |e| e.place.is_present() && !is_one_of(&e.place, PLACE))
}

/// SSDA903 validation rule 148: each episode with an end date but no
/// reason it ended, or a reason but no end date.
pub(super) fn r148(r: &Return903<'_>) -> Rows {
    episodes_where(r, |e| e.dec.is_present() != e.rec.is_present())
}

/// SSDA903 validation rule 149: each episode whose reason it ended is given
/// but is not one of the list's codes.
pub(super) fn r149(r: &Return903<'_>) -> Rows {
    const REC: &[&str] = &[
        "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
        "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
    ];
    episodes_where(r, |e| e.rec.is_present() && !is_one_of(&e.rec, REC))
}

/// SSDA903 validation rule 1009: each episode whose reason for a change of
/// placement is given but is not one of the list's codes.
pub(super) fn r1009(r: &Return903<'_>) -> Rows {
    const REASONS: &[&str] = &[
        "CARPL", "CLOSE", "ALLEG", "STAND", "APPRR", "CREQB", "CREQO", "CHILD", "LAREQ", "PLACE",
        "CUSTOD", "OTHER",
    ];
    episodes_where(r, |e| {
        e.reason_place_change.is_present() && !is_one_of(&e.reason_place_change, REASONS)
    })
}

/// SSDA903 validation rule 178: each episode whose placement provider is
/// given but is not PR0-PR5, or is given for a placement type that has no
/// provider (T0-T3, Z11-Z14).
pub(super) fn r178(r: &Return903<'_>) -> Rows {
    const PROVIDERS: &[&str] = &["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"];
    const NO_PROVIDER: &[&str] = &["T0", "T1", "T2", "T3", "Z11", "Z12", "Z13", "Z14"];
    episodes_where(r, |e| {
        e.place_provider.is_present()
            && (!is_one_of(&e.place_provider, PROVIDERS) || is_one_of(&e.place, NO_PROVIDER))
    })
}

/// SSDA903 validation rule 142: each episode with a valid start date,
/// other than the child's latest by start date, with no end date (or one
/// that is not a date) or no reason it ended.
pub(super) fn r142(r: &Return903<'_>) -> Rows {
    let mut rows = Vec::new();
    for (child, indices) in r.children_with_episodes() {
        let Some((_, earlier)) = indices.split_last() else {
            continue;
        };
        if child.is_empty() {
            continue;
        }
        for &i in earlier {
            let e = &r.file.episodes[i];
            if e.decom.valid().is_some() && (day(&e.dec).is_none() || e.rec.is_missing()) {
                rows.push((Table::Episodes, i));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 169: each episode other than a short break
/// whose placement postcode gives no authority.
pub(super) fn r169(r: &Return903<'_>) -> Rows {
    rows_where(Table::Episodes, r.file.episodes.len(), |i| {
        !is_one_of(&r.file.episodes[i].ls, SHORT_BREAK) && r.episode_places[i].authority.is_none()
    })
}

/// SSDA903 validation rule 179: each episode other than a short break
/// whose placement postcode does not say whether it is inside the
/// authority.
pub(super) fn r179(r: &Return903<'_>) -> Rows {
    rows_where(Table::Episodes, r.file.episodes.len(), |i| {
        !is_one_of(&r.file.episodes[i].ls, SHORT_BREAK) && r.episode_places[i].inside.is_none()
    })
}

/// SSDA903 validation rule 164: each episode of a child not known to be
/// UASC (this year or last) whose placement is less than 0 or more than
/// 999.9 miles from home. Without the header and UASC files (or UASC
/// alone) the UASC children are not known, and nothing is found.
pub(super) fn r164(r: &Return903<'_>) -> Rows {
    let mut uasc: HashSet<&str> = HashSet::new();
    let mut known = false;
    for file in std::iter::once(r.file).chain(r.last) {
        let has = |t: Table| !file.files_absent.contains(&t);
        let uasc_children = file
            .uasc
            .iter()
            .filter(|u| u.sex.is_present() || u.dob.is_present() || u.duc.is_present());
        if has(Table::Header) {
            if has(Table::Uasc) {
                known = true;
                let in_header: HashSet<&str> = file
                    .header
                    .iter()
                    .map(|h| super::super::child_text(&h.child))
                    .collect();
                uasc.extend(
                    file.uasc
                        .iter()
                        .map(|u| super::super::child_text(&u.child))
                        .filter(|c| in_header.contains(c)),
                );
            }
        } else if has(Table::Uasc) {
            known = true;
            uasc.extend(uasc_children.map(|u| super::super::child_text(&u.child)));
        }
    }
    if !known {
        return Vec::new();
    }
    rows_where(Table::Episodes, r.file.episodes.len(), |i| {
        !uasc.contains(r.child_of(Table::Episodes, i))
            && r.episode_places[i]
                .distance_miles
                .is_some_and(|d| !(0.0..=999.9).contains(&d))
    })
}

/// SSDA903 validation rule 1015: each episode other than a short break,
/// with a legal status and a placement type other than foster care or
/// adoption (A3-A6, U1-U6, K3), provided by the authority itself (PR1),
/// whose placement is not in the authority.
pub(super) fn r1015(r: &Return903<'_>) -> Rows {
    const FOSTERING_OR_ADOPTION: &[&str] = &[
        "A3", "A4", "A5", "A6", "U1", "U2", "U3", "U4", "U5", "U6", "K3",
    ];
    rows_where(Table::Episodes, r.file.episodes.len(), |i| {
        let e = &r.file.episodes[i];
        e.ls.is_present()
            && e.place.is_present()
            && !is_one_of(&e.place, FOSTERING_OR_ADOPTION)
            && !is_one_of(&e.ls, SHORT_BREAK)
            && text(&e.place_provider).as_deref() == Some("PR1")
            && r.episode_places[i].authority.as_deref() != r.authority
    })
}

/// SSDA903 validation rule 199: each episode (with a valid start date)
/// after a child's first adoption (E11, E12), this year's or last year's,
/// in start date order, including a second adoption.
pub(super) fn r199(r: &Return903<'_>) -> Rows {
    const ADOPTED: &[&str] = &["E11", "E12"];
    // Every episode with a valid start: (child, start, this year's index).
    let mut all: Vec<(&str, jiff::civil::Date, Option<usize>, bool)> = Vec::new();
    for (i, e) in r.file.episodes.iter().enumerate() {
        if let Some(d) = day(&e.decom) {
            all.push((
                r.child_of(Table::Episodes, i),
                d,
                Some(i),
                is_one_of(&e.rec, ADOPTED),
            ));
        }
    }
    for e in r.last.iter().flat_map(|last| &last.episodes) {
        if let Some(d) = day(&e.decom) {
            all.push((
                super::super::child_text(&e.child),
                d,
                None,
                is_one_of(&e.rec, ADOPTED),
            ));
        }
    }
    all.sort_by_key(|&(_, d, _, _)| d);
    let mut adoptions: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut rows = Vec::new();
    for (child, _, index, adopted) in all {
        let count = adoptions.entry(child).or_default();
        *count += u32::from(adopted);
        let first_adoption = adopted && *count == 1;
        if let Some(i) = index
            && *count > 0
            && !first_adoption
        {
            rows.push((Table::Episodes, i));
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::super::Return903;
    use super::super::super::places::PlaceTable;
    use super::super::super::tests::{found, found_in, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r141_r147_episode_dates_given_but_not_dates_are_errors() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("DECOM", "01/01/2021"),
                    ("DEC", "38/04/2021"),
                ],
                &[("CHILD", "2"), ("DECOM", "01/01/21"), ("DEC", "01/02/2021")],
                &[("CHILD", "3")],
            ],
        )]);
        assert_eq!(found("141", &ret), ["2"]);
        assert_eq!(found("147", &ret), ["1"]);
    }

    #[test]
    fn r143_r144_r145_r146_r149_r1009_codes_not_in_their_lists_are_errors() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("RNE", "S"),
                    ("LS", "C2"),
                    ("CIN", "N1"),
                    ("PLACE", "U1"),
                    ("REC", "e4a"),
                    ("REASON_PLACE_CHANGE", "CARPL"),
                ],
                &[
                    ("CHILD", "2"),
                    ("RNE", "X"),
                    ("LS", "C3"),
                    ("CIN", "N9"),
                    ("PLACE", "H5"),
                    ("REC", "E1"),
                    ("REASON_PLACE_CHANGE", "NA"),
                ],
                &[("CHILD", "3")],
            ],
        )]);
        for code in ["143", "144", "145", "146", "149", "1009"] {
            assert_eq!(found(code, &ret), ["2"], "{code}");
        }
    }

    #[test]
    fn r148_an_end_date_without_a_reason_or_a_reason_without_a_date_is_an_error() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("DEC", "01/01/2025"), ("REC", "X1")],
                &[("CHILD", "2"), ("DEC", "01/01/2025")],
                &[("CHILD", "3"), ("REC", "X1")],
                &[("CHILD", "4")],
            ],
        )]);
        assert_eq!(found("148", &ret), ["2", "3"]);
    }

    #[test]
    fn r178_a_provider_not_in_the_list_or_for_a_placement_without_one_is_an_error() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "0"), ("PLACE_PROVIDER", "PR0"), ("PLACE", "U1")],
                &[("CHILD", "1"), ("PLACE_PROVIDER", "PR1"), ("PLACE", "T0")],
                &[("CHILD", "3"), ("PLACE", "Z1")],
                &[("CHILD", "6"), ("PLACE_PROVIDER", "PR9"), ("PLACE", "U1")],
                &[("CHILD", "7"), ("PLACE_PROVIDER", "PR5"), ("PLACE", "Z14")],
                &[("CHILD", "8"), ("PLACE", "Z11")],
            ],
        )]);
        assert_eq!(found("178", &ret), ["1", "6", "7"]);
    }

    #[test]
    fn r142_an_episode_before_the_latest_left_open_is_an_error() {
        let ret = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "111"),
                    ("DECOM", "01/06/2020"),
                    ("DEC", "04/06/2020"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "111"),
                    ("DECOM", "05/06/2020"),
                    ("DEC", "06/06/2020"),
                ],
                &[
                    ("CHILD", "111"),
                    ("DECOM", "06/06/2020"),
                    ("DEC", "08/06/2020"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "222"),
                    ("DECOM", "05/06/2020"),
                    ("DEC", "06/06/2020"),
                ],
                &[("CHILD", "333"), ("DECOM", "06/06/2020"), ("REC", "E11")],
                &[("CHILD", "333"), ("DECOM", "07/06/2020")],
                &[
                    ("CHILD", "444"),
                    ("DECOM", "08/06/2020"),
                    ("DEC", "09/06/2020"),
                    ("REC", "X1"),
                ],
                &[("CHILD", "444"), ("DECOM", "15/06/2020")],
            ],
        )]);
        assert_eq!(found("142", &ret), ["111", "333"]);
    }

    fn places() -> PlaceTable {
        PlaceTable::from_csv(
            "postcode,authority,easting,northing\n\
             TS1 1DL,E06000002,449600,520600\n\
             TS1 2AA,E06000002,449700,520700\n\
             DL1 1AA,E06000005,428900,514500\n\
             ZE1 0AA,S12000027,2449600,520600\n",
        )
        .unwrap()
    }

    #[test]
    fn r169_r179_a_placement_postcode_with_no_authority_is_an_error_but_for_short_breaks() {
        let file = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("LS", "C2"), ("PL_POST", "TS1 2AA")],
                &[("CHILD", "2"), ("LS", "C2"), ("PL_POST", "ZZ9 9ZZ")],
                &[("CHILD", "3"), ("LS", "V3")],
                &[("CHILD", "4")],
            ],
        )]);
        let table = places();
        let ret = Return903::new(&file).with_places("E06000002", &table);
        assert_eq!(found_in("169", &ret), ["2", "4"]);
        assert_eq!(found_in("179", &ret), ["2", "4"]);
    }

    #[test]
    fn r164_a_distance_out_of_range_is_an_error_but_for_uasc_children() {
        let file = given(&[
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "1"),
                        ("HOME_POST", "TS1 1DL"),
                        ("PL_POST", "DL1 1AA"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("HOME_POST", "TS1 1DL"),
                        ("PL_POST", "ZE1 0AA"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("HOME_POST", "TS1 1DL"),
                        ("PL_POST", "ZE1 0AA"),
                    ],
                ],
            ),
            (
                Table::Header,
                &[&[("CHILD", "1")], &[("CHILD", "2")], &[("CHILD", "3")]],
            ),
            (Table::Uasc, &[&[("CHILD", "3"), ("DUC", "01/01/2027")]]),
        ]);
        let table = places();
        let ret = Return903::new(&file).with_places("E06000002", &table);
        assert_eq!(found_in("164", &ret), ["2"]);
        // Without the UASC file the UASC children are not known.
        let file = given(&[
            (
                Table::Episodes,
                &[&[
                    ("CHILD", "2"),
                    ("HOME_POST", "TS1 1DL"),
                    ("PL_POST", "ZE1 0AA"),
                ]],
            ),
            (Table::Header, &[&[("CHILD", "2")]]),
        ]);
        let ret = Return903::new(&file).with_places("E06000002", &table);
        assert!(found_in("164", &ret).is_empty());
    }

    #[test]
    fn r1015_own_provision_outside_the_authority_is_an_error() {
        let file = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "0"),
                    ("PLACE", "R1"),
                    ("LS", "C1"),
                    ("PLACE_PROVIDER", "PR1"),
                    ("PL_POST", "TS1 2AA"),
                ],
                &[
                    ("CHILD", "1"),
                    ("PLACE", "R1"),
                    ("LS", "C1"),
                    ("PLACE_PROVIDER", "PR1"),
                    ("PL_POST", "DL1 1AA"),
                ],
                &[
                    ("CHILD", "2"),
                    ("PLACE", "U2"),
                    ("LS", "C1"),
                    ("PLACE_PROVIDER", "PR1"),
                    ("PL_POST", "DL1 1AA"),
                ],
                &[
                    ("CHILD", "3"),
                    ("PLACE", "R1"),
                    ("LS", "V3"),
                    ("PLACE_PROVIDER", "PR1"),
                    ("PL_POST", "DL1 1AA"),
                ],
                &[
                    ("CHILD", "4"),
                    ("PLACE", "R1"),
                    ("LS", "C1"),
                    ("PLACE_PROVIDER", "PR2"),
                    ("PL_POST", "DL1 1AA"),
                ],
                &[
                    ("CHILD", "5"),
                    ("LS", "C1"),
                    ("PLACE_PROVIDER", "PR1"),
                    ("PL_POST", "DL1 1AA"),
                ],
                &[
                    ("CHILD", "6"),
                    ("PLACE", "R1"),
                    ("PLACE_PROVIDER", "PR1"),
                    ("PL_POST", "DL1 1AA"),
                ],
            ],
        )]);
        let table = places();
        let ret = Return903::new(&file).with_places("E06000002", &table);
        assert_eq!(found_in("1015", &ret), ["1"]);
    }

    #[test]
    fn r199_an_episode_after_an_adoption_is_an_error() {
        let last = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "104"),
                    ("DECOM", "26/11/2017"),
                    ("DEC", "19/07/2020"),
                    ("REC", "E12"),
                ],
                &[("CHILD", "107"), ("DECOM", "26/11/2017"), ("REC", "E12")],
            ],
        )]);
        let file = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "104"),
                    ("DECOM", "19/07/2020"),
                    ("DEC", "02/03/2021"),
                    ("REC", "E13"),
                ],
                &[
                    ("CHILD", "105"),
                    ("DECOM", "02/12/2021"),
                    ("DEC", "03/12/2021"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "105"),
                    ("DECOM", "03/12/2021"),
                    ("DEC", "04/12/2021"),
                    ("REC", "E11"),
                ],
                &[
                    ("CHILD", "105"),
                    ("DECOM", "03/12/2022"),
                    ("DEC", "04/12/2022"),
                    ("REC", "E11"),
                ],
                &[
                    ("CHILD", "106"),
                    ("DECOM", "12/12/2021"),
                    ("DEC", "04/12/2022"),
                    ("REC", "E11"),
                ],
                &[("CHILD", "107"), ("DECOM", "04/12/2021")],
            ],
        )]);
        assert_eq!(found("199", &file), ["105"]);
        let ret = Return903::new(&file).with_last_year(&last);
        assert_eq!(found_in("199", &ret), ["104", "105", "107"]);
    }
}
