//! The rules' cases, after the community validator's own.

use super::super::tests::{found, found_in, given};
use super::super::{PlaceTable, Return903};
use crate::ssda903::model::Table;

/// An episode's cells: child, DECOM, RNE, LS and more.
type Cells<'a> = &'a [(&'a str, &'a str)];

#[test]
fn r407_special_guardianship_after_18() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "101"), ("DEC", "01/01/2009"), ("REC", "E45")],
                &[("CHILD", "104"), ("DEC", "03/01/2019"), ("REC", "E46")],
                &[("CHILD", "105"), ("DEC", "03/04/2008"), ("REC", "E48")],
                &[("CHILD", "108"), ("DEC", "11/02/2020"), ("REC", "E48")],
                &[("CHILD", "111"), ("REC", "E45")],
            ],
        ),
        (
            Table::Header,
            &[
                &[("CHILD", "101"), ("DOB", "01/01/2000")],
                &[("CHILD", "104"), ("DOB", "01/01/2000")],
                &[("CHILD", "105"), ("DOB", "03/01/2000")],
                &[("CHILD", "108"), ("DOB", "11/01/2002")],
                &[("CHILD", "111"), ("DOB", "25/01/2002")],
            ],
        ),
    ]);
    assert_eq!(found("407", &ret), ["104", "108"]);
}

#[test]
fn r408_placement_order_placement_without_e1() {
    let ret = given(&[(
        Table::Episodes,
        &[
            &[("CHILD", "1"), ("PLACE", "A5"), ("LS", "C2")],
            &[("CHILD", "2"), ("PLACE", "A6"), ("LS", "E1")],
            &[("CHILD", "3"), ("PLACE", "U2")],
            &[("CHILD", "4"), ("PLACE", "A5")],
        ],
    )]);
    assert_eq!(found("408", &ret), ["1", "4"]);
}

#[test]
fn r411_r420_placement_authority() {
    let file = given(&[(
        Table::Episodes,
        &[
            &[("CHILD", "1"), ("LS", "V3"), ("PL_POST", "AB1 2CD")],
            &[("CHILD", "2"), ("LS", "V4")],
            &[("CHILD", "3"), ("LS", "C2"), ("PL_POST", "AB1 2CD")],
            &[("CHILD", "4"), ("LS", "V4"), ("PL_POST", "EF3 4GH")],
        ],
    )]);
    let places = PlaceTable::from_csv(
        "postcode,authority,easting,northing\nAB12CD,E09000027,,\nEF34GH,SCO,,\n",
    )
    .unwrap();
    let ret = Return903::new(&file).with_places("E09000027", &places);
    assert_eq!(found_in("420", &ret), ["1", "4"]);
    assert!(found_in("411", &ret).is_empty());
}

#[test]
fn r426_v3_and_v4_in_the_year() {
    let ret = given(&[(
        Table::Episodes,
        &[
            &[("CHILD", "111"), ("LS", "V3")],
            &[("CHILD", "111"), ("LS", "V3")],
            &[("CHILD", "222"), ("LS", "V3")],
            &[("CHILD", "222"), ("LS", "V4")],
            &[("CHILD", "444"), ("LS", "V3")],
            &[("CHILD", "555"), ("LS", "V4")],
        ],
    )]);
    assert_eq!(found("426", &ret), ["222"]);
}

fn episodes(rows: &[Cells<'_>]) -> crate::ssda903::model::Ssda903 {
    given(&[(Table::Episodes, rows)])
}

#[test]
fn r431_new_period_starting_before_the_last_ended() {
    let ret = episodes(&[
        &[
            ("CHILD", "111"),
            ("RNE", "S"),
            ("DECOM", "01/06/2020"),
            ("DEC", "04/06/2020"),
        ],
        &[
            ("CHILD", "111"),
            ("RNE", "S"),
            ("DECOM", "05/06/2020"),
            ("DEC", "06/06/2020"),
        ],
        &[
            ("CHILD", "111"),
            ("RNE", "T"),
            ("DECOM", "06/06/2020"),
            ("DEC", "08/06/2020"),
        ],
        &[
            ("CHILD", "333"),
            ("RNE", "S"),
            ("DECOM", "06/06/2020"),
            ("DEC", "07/06/2020"),
        ],
        &[("CHILD", "333"), ("RNE", "S"), ("DECOM", "10/06/2020")],
        &[
            ("CHILD", "444"),
            ("RNE", "S"),
            ("DECOM", "08/06/2020"),
            ("DEC", "09/06/2020"),
        ],
        &[
            ("CHILD", "444"),
            ("RNE", "S"),
            ("DECOM", "09/06/2020"),
            ("DEC", "10/06/2020"),
        ],
    ]);
    assert_eq!(found("431", &ret), ["444"]);
}

#[test]
fn r432_after_leaving_care_a_new_period() {
    let ret = episodes(&[
        &[("CHILD", "1"), ("DECOM", "01/06/2020"), ("REC", "E11")],
        &[("CHILD", "1"), ("DECOM", "05/06/2020"), ("RNE", "P")],
        &[("CHILD", "2"), ("DECOM", "01/06/2020"), ("REC", "E11")],
        &[("CHILD", "2"), ("DECOM", "05/06/2020"), ("RNE", "S")],
        &[("CHILD", "3"), ("DECOM", "01/06/2020"), ("REC", "X1")],
        &[("CHILD", "3"), ("DECOM", "05/06/2020"), ("RNE", "P")],
    ]);
    assert_eq!(found("432", &ret), ["1"]);
}

#[test]
fn r433_continuing_episode_starts_when_the_last_ended() {
    let ret = episodes(&[
        &[
            ("CHILD", "1"),
            ("DECOM", "01/01/2020"),
            ("DEC", "05/02/2020"),
        ],
        &[("CHILD", "1"), ("DECOM", "05/02/2020"), ("RNE", "P")],
        &[
            ("CHILD", "2"),
            ("DECOM", "01/01/2020"),
            ("DEC", "05/02/2020"),
        ],
        &[("CHILD", "2"), ("DECOM", "06/02/2020"), ("RNE", "L")],
        &[("CHILD", "3"), ("DECOM", "01/01/2020")],
        &[("CHILD", "3"), ("DECOM", "06/02/2020"), ("RNE", "T")],
        &[
            ("CHILD", "4"),
            ("DECOM", "01/01/2020"),
            ("DEC", "05/02/2020"),
        ],
        &[("CHILD", "4"), ("DECOM", "06/02/2020"), ("RNE", "S")],
    ]);
    assert_eq!(found("433", &ret), ["2", "3"]);
}

#[test]
fn r434_legal_status_change_only() {
    let base = [
        ("PLACE", "U1"),
        ("PL_POST", "AB1 2CD"),
        ("PLACE_PROVIDER", "PR1"),
    ];
    let rows: Vec<Vec<(&str, &str)>> = vec![
        vec![("CHILD", "1"), ("DECOM", "01/01/2020"), ("LS", "C1")],
        vec![
            ("CHILD", "1"),
            ("DECOM", "01/02/2020"),
            ("RNE", "L"),
            ("LS", "C2"),
        ],
        vec![("CHILD", "2"), ("DECOM", "01/01/2020"), ("LS", "C1")],
        vec![
            ("CHILD", "2"),
            ("DECOM", "01/02/2020"),
            ("RNE", "L"),
            ("LS", "C1"),
        ],
        vec![("CHILD", "3"), ("DECOM", "01/01/2020"), ("LS", "C1")],
        vec![
            ("CHILD", "3"),
            ("DECOM", "01/02/2020"),
            ("RNE", "L"),
            ("LS", "C2"),
            ("URN", "SC1"),
        ],
    ];
    let rows: Vec<Vec<(&str, &str)>> = rows
        .into_iter()
        .map(|mut r| {
            r.extend(base);
            r
        })
        .collect();
    let refs: Vec<Cells<'_>> = rows.iter().map(Vec::as_slice).collect();
    assert_eq!(found("434", &episodes(&refs)), ["2", "3"]);
}

#[test]
fn r435_placement_change_only() {
    let ret = episodes(&[
        &[
            ("CHILD", "1"),
            ("DECOM", "01/06/2020"),
            ("LS", "C2"),
            ("PLACE", "U1"),
            ("PL_POST", "AB1 2CD"),
            ("URN", "SC1"),
            ("PLACE_PROVIDER", "PR1"),
        ],
        &[
            ("CHILD", "1"),
            ("DECOM", "03/06/2020"),
            ("RNE", "P"),
            ("LS", "C2"),
            ("PLACE", "U1"),
            ("PL_POST", "AB1 2CD"),
            ("URN", "SC1"),
            ("PLACE_PROVIDER", "PR1"),
        ],
        &[
            ("CHILD", "2"),
            ("DECOM", "01/06/2020"),
            ("LS", "C2"),
            ("PLACE", "U1"),
            ("PL_POST", "AB1 2CD"),
            ("URN", "SC1"),
            ("PLACE_PROVIDER", "PR1"),
        ],
        &[
            ("CHILD", "2"),
            ("DECOM", "03/06/2020"),
            ("RNE", "P"),
            ("LS", "C2"),
            ("PLACE", "U1"),
            ("PL_POST", "AB1 2CD"),
            ("URN", "SC1"),
            ("PLACE_PROVIDER", "PR4"),
        ],
        &[
            ("CHILD", "3"),
            ("DECOM", "01/06/2020"),
            ("LS", "C2"),
            ("PLACE", "U1"),
        ],
        &[
            ("CHILD", "3"),
            ("DECOM", "03/06/2020"),
            ("RNE", "T"),
            ("LS", "C1"),
            ("PLACE", "U3"),
        ],
    ]);
    assert_eq!(found("435", &ret), ["1", "3"]);
}

#[test]
fn r436_placement_and_legal_status_change() {
    let ret = episodes(&[
        &[
            ("CHILD", "1"),
            ("DECOM", "01/06/2020"),
            ("LS", "C2"),
            ("PLACE", "U1"),
        ],
        &[
            ("CHILD", "1"),
            ("DECOM", "03/06/2020"),
            ("RNE", "B"),
            ("LS", "C1"),
            ("PLACE", "U1"),
        ],
        &[
            ("CHILD", "2"),
            ("DECOM", "01/06/2020"),
            ("LS", "C2"),
            ("PLACE", "U1"),
        ],
        &[
            ("CHILD", "2"),
            ("DECOM", "03/06/2020"),
            ("RNE", "U"),
            ("LS", "C2"),
            ("PLACE", "U3"),
        ],
        &[
            ("CHILD", "3"),
            ("DECOM", "01/06/2020"),
            ("LS", "C2"),
            ("PLACE", "U1"),
        ],
        &[
            ("CHILD", "3"),
            ("DECOM", "03/06/2020"),
            ("RNE", "U"),
            ("LS", "C1"),
            ("PLACE", "U3"),
        ],
    ]);
    assert_eq!(found("436", &ret), ["1", "2"]);
}

#[test]
fn r437_no_episode_after_death_or_18() {
    let ret = episodes(&[
        &[("CHILD", "1"), ("DECOM", "01/06/2020"), ("REC", "E2")],
        &[("CHILD", "1"), ("DECOM", "03/06/2020")],
        &[("CHILD", "2"), ("DECOM", "01/06/2020"), ("REC", "E15")],
        &[("CHILD", "3"), ("DECOM", "01/06/2020"), ("REC", "E11")],
        &[("CHILD", "3"), ("DECOM", "03/06/2020")],
    ]);
    assert_eq!(found("437", &ret), ["1"]);
}

#[test]
fn r440_r441_review_participation_and_age() {
    let ret = given(&[(
        Table::Reviews,
        &[
            &[
                ("CHILD", "1"),
                ("DOB", "01/01/2016"),
                ("REVIEW", "02/01/2020"),
                ("REVIEW_CODE", "PN0"),
            ],
            &[
                ("CHILD", "2"),
                ("DOB", "01/01/2016"),
                ("REVIEW", "01/01/2020"),
                ("REVIEW_CODE", "PN0"),
            ],
            &[
                ("CHILD", "3"),
                ("DOB", "01/01/2016"),
                ("REVIEW", "31/12/2019"),
                ("REVIEW_CODE", "PN1"),
            ],
            &[
                ("CHILD", "4"),
                ("DOB", "01/01/2016"),
                ("REVIEW", "01/01/2020"),
                ("REVIEW_CODE", "PN1"),
            ],
        ],
    )]);
    assert_eq!(found("440", &ret), ["1"]);
    assert_eq!(found("441", &ret), ["3"]);
}

#[test]
fn r442_upn_missing() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("LS", "C2")],
                &[("CHILD", "2"), ("LS", "V3")],
                &[("CHILD", "3"), ("LS", "C2")],
            ],
        ),
        (
            Table::Header,
            &[
                &[("CHILD", "1")],
                &[("CHILD", "2")],
                &[("CHILD", "3"), ("UPN", "UN1")],
            ],
        ),
    ]);
    assert_eq!(found("442", &ret), ["1"]);
}

#[test]
fn r444_a_upn_given_twice() {
    let ret = given(&[(
        Table::Header,
        &[
            &[("CHILD", "1"), ("UPN", "UN1")],
            &[("CHILD", "2"), ("UPN", "UN1")],
            &[("CHILD", "3"), ("UPN", "A123456789012")],
            &[("CHILD", "4"), ("UPN", "A123456789012")],
            &[("CHILD", "5"), ("UPN", "B123456789012")],
            &[("CHILD", "6")],
            &[("CHILD", "7")],
        ],
    )]);
    assert_eq!(found("444", &ret), ["3", "4"]);
}

#[test]
fn r446_placement_order_before_december_2005() {
    let ret = episodes(&[
        &[("CHILD", "1"), ("LS", "E1"), ("DECOM", "30/11/2005")],
        &[("CHILD", "2"), ("LS", "E1"), ("DECOM", "01/12/2005")],
        &[("CHILD", "3"), ("LS", "C2"), ("DECOM", "30/11/2005")],
    ]);
    assert_eq!(found("446", &ret), ["1"]);
}

#[test]
fn r454_placement_over_350_miles() {
    let file = episodes(&[
        &[
            ("CHILD", "1"),
            ("HOME_POST", "AB1 2CD"),
            ("PL_POST", "EF3 4GH"),
        ],
        &[
            ("CHILD", "2"),
            ("HOME_POST", "AB1 2CD"),
            ("PL_POST", "AB1 2CD"),
        ],
    ]);
    let places = PlaceTable::from_csv(
        "postcode,authority,easting,northing\nAB12CD,E09000027,530000,180000\nEF34GH,SCO,330000,800000\n",
    )
    .unwrap();
    let ret = Return903::new(&file).with_places("E09000027", &places);
    assert_eq!(found_in("454", &ret), ["1"]);
}

#[test]
fn r460_independent_living_before_18() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("DEC", "01/01/2020"), ("REC", "E17")],
                &[("CHILD", "2"), ("DEC", "01/01/2020"), ("REC", "E17")],
                &[("CHILD", "3"), ("DEC", "01/01/2020"), ("REC", "E11")],
            ],
        ),
        (
            Table::Header,
            &[
                &[("CHILD", "1"), ("DOB", "02/01/2002")],
                &[("CHILD", "2"), ("DOB", "01/01/2002")],
                &[("CHILD", "3"), ("DOB", "02/01/2002")],
            ],
        ),
    ]);
    assert_eq!(found("460", &ret), ["1"]);
}

#[test]
fn r501_r504_overlap_and_need_changing() {
    let ret = episodes(&[
        &[
            ("CHILD", "1"),
            ("DECOM", "01/01/2020"),
            ("DEC", "05/02/2020"),
            ("REC", "X1"),
            ("CIN", "N1"),
        ],
        &[("CHILD", "1"), ("DECOM", "04/02/2020"), ("CIN", "N1")],
        &[
            ("CHILD", "2"),
            ("DECOM", "01/01/2020"),
            ("DEC", "05/02/2020"),
            ("REC", "X1"),
            ("CIN", "N1"),
        ],
        &[("CHILD", "2"), ("DECOM", "05/02/2020"), ("CIN", "N2")],
        &[
            ("CHILD", "3"),
            ("DECOM", "01/01/2020"),
            ("DEC", "05/02/2020"),
            ("REC", "E11"),
            ("CIN", "N1"),
        ],
        &[("CHILD", "3"), ("DECOM", "05/02/2020"), ("CIN", "N2")],
    ]);
    assert_eq!(found("501", &ret), ["1"]);
    assert_eq!(found("504", &ret), ["2"]);
}

#[test]
fn r502_r503_first_episode_against_last_year() {
    let last = episodes(&[
        &[
            ("CHILD", "1"),
            ("DECOM", "01/01/2020"),
            ("RNE", "S"),
            ("LS", "C2"),
            ("CIN", "N1"),
            ("PLACE", "Z1"),
            ("PLACE_PROVIDER", "PR1"),
            ("URN", "SC1"),
        ],
        &[
            ("CHILD", "2"),
            ("DECOM", "01/01/2020"),
            ("RNE", "S"),
            ("LS", "C2"),
            ("CIN", "N1"),
            ("PLACE", "U1"),
            ("PLACE_PROVIDER", "PR1"),
        ],
        &[
            ("CHILD", "3"),
            ("DECOM", "01/01/2020"),
            ("DEC", "01/02/2020"),
            ("RNE", "S"),
        ],
    ]);
    let file = episodes(&[
        &[
            ("CHILD", "1"),
            ("DECOM", "01/01/2020"),
            ("RNE", "S"),
            ("LS", "C2"),
            ("CIN", "N1"),
            ("PLACE", "Z11"),
            ("PLACE_PROVIDER", "PR1"),
            ("URN", "SC1"),
        ],
        &[
            ("CHILD", "2"),
            ("DECOM", "02/01/2020"),
            ("RNE", "P"),
            ("LS", "C1"),
            ("CIN", "N2"),
            ("PLACE", "U2"),
            ("PLACE_PROVIDER", "PR2"),
            ("URN", "SC2"),
        ],
        &[("CHILD", "3"), ("DECOM", "02/04/2020"), ("RNE", "P")],
    ]);
    let ret = Return903::new(&file).with_last_year(&last);
    assert_eq!(found_in("502", &ret), ["2"]);
    for code in ["503A", "503B", "503C", "503D", "503E", "503F"] {
        assert_eq!(found_in(code, &ret), ["2"], "{code}");
    }
}

#[test]
fn r511_to_r524_adopters() {
    let ret = given(&[(
        Table::Ad1,
        &[
            &[
                ("CHILD", "1"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "M1"),
                ("LS_ADOPTR", "L0"),
            ],
            &[
                ("CHILD", "2"),
                ("NB_ADOPTR", "1"),
                ("SEX_ADOPTR", "MF"),
                ("LS_ADOPTR", "L0"),
            ],
            &[
                ("CHILD", "3"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "MM"),
                ("LS_ADOPTR", "L3"),
            ],
            &[
                ("CHILD", "4"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "MF"),
                ("LS_ADOPTR", "L4"),
            ],
            &[
                ("CHILD", "5"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "F1"),
                ("LS_ADOPTR", "L2"),
            ],
            &[
                ("CHILD", "6"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "FF"),
                ("LS_ADOPTR", "L11"),
            ],
            &[
                ("CHILD", "7"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "MF"),
                ("LS_ADOPTR", "L12"),
            ],
            &[
                ("CHILD", "8"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "MF"),
                ("LS_ADOPTR", "L3"),
            ],
            &[
                ("CHILD", "9"),
                ("NB_ADOPTR", "2"),
                ("SEX_ADOPTR", "MM"),
                ("LS_ADOPTR", "L2"),
            ],
        ],
    )]);
    assert_eq!(found("511", &ret), ["1", "5"]);
    assert_eq!(found("514", &ret), ["2"]);
    assert_eq!(found("517", &ret), ["3"]);
    assert_eq!(found("518", &ret), ["4"]);
    assert_eq!(found("519", &ret), ["5"]);
    assert_eq!(found("520", &ret), ["6"]);
    assert_eq!(found("524", &ret), ["7"]);
}

#[test]
fn r516_special_guardianship_from_foster_care() {
    let ret = episodes(&[
        &[("CHILD", "1"), ("REC", "E45"), ("PLACE", "R1")],
        &[("CHILD", "2"), ("REC", "E46"), ("PLACE", "U1")],
        &[("CHILD", "3"), ("REC", "E11"), ("PLACE", "R1")],
    ]);
    assert_eq!(found("516", &ret), ["1"]);
}

#[test]
fn r521_r523_r525_decision_and_placement_for_adoption() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("PLACE", "A3"), ("DECOM", "01/01/2020")],
                &[("CHILD", "2"), ("PLACE", "A5"), ("DECOM", "01/01/2020")],
                &[("CHILD", "3"), ("PLACE", "U1"), ("DECOM", "01/01/2020")],
            ],
        ),
        (
            Table::Ad1,
            &[
                &[("CHILD", "1"), ("DATE_INT", "02/01/2020")],
                &[("CHILD", "2"), ("DATE_INT", "01/01/2020")],
                &[("CHILD", "3"), ("DATE_INT", "02/01/2020")],
            ],
        ),
        (
            Table::PlacedForAdoption,
            &[
                &[
                    ("CHILD", "1"),
                    ("DATE_PLACED", "02/01/2020"),
                    ("DATE_PLACED_CEASED", "01/01/2020"),
                ],
                &[("CHILD", "2"), ("DATE_PLACED", "02/01/2020")],
                &[
                    ("CHILD", "4"),
                    ("DATE_PLACED", "02/01/2020"),
                    ("DATE_PLACED_CEASED", "03/01/2020"),
                ],
            ],
        ),
    ]);
    assert_eq!(found("521", &ret), ["1"]);
    assert_eq!(found("522", &ret), ["1"]);
    assert_eq!(found("523", &ret), ["2"]);
    assert_eq!(found("525", &ret), ["1"]);
}

#[test]
fn r526_to_r531_placement_providers() {
    let ret = episodes(&[
        &[("CHILD", "1"), ("PLACE", "U1")],
        &[("CHILD", "2"), ("PLACE", "T1")],
        &[("CHILD", "3"), ("PLACE", "P1"), ("PLACE_PROVIDER", "PR1")],
        &[("CHILD", "4"), ("PLACE", "R2"), ("PLACE_PROVIDER", "PR2")],
        &[("CHILD", "5"), ("PLACE", "K1"), ("PLACE_PROVIDER", "PR3")],
        &[("CHILD", "6"), ("PLACE", "P1"), ("PLACE_PROVIDER", "PR4")],
        &[("CHILD", "7"), ("PLACE", "P1"), ("PLACE_PROVIDER", "PR5")],
        &[("CHILD", "8"), ("PLACE", "R1"), ("PLACE_PROVIDER", "PR4")],
    ]);
    assert_eq!(found("526", &ret), ["1"]);
    assert_eq!(found("527", &ret), ["3"]);
    assert_eq!(found("528", &ret), ["4"]);
    assert_eq!(found("529", &ret), ["5"]);
    assert_eq!(found("530", &ret), ["6"]);
    assert_eq!(found("531", &ret), ["7"]);
}

#[test]
fn r542_to_r547_convictions_and_health() {
    let oc2 = [
        // 9 at 31 March 2026, convicted
        [
            ("CHILD", "1"),
            ("DOB", "01/04/2016"),
            ("CONVICTED", "0"),
            ("HEALTH_CHECK", ""),
        ],
        // 10 or over, looked after all year, conviction missing
        [
            ("CHILD", "2"),
            ("DOB", "01/01/2010"),
            ("CONVICTED", ""),
            ("HEALTH_CHECK", "1"),
        ],
        // under 5, looked after all year, no health check
        [
            ("CHILD", "3"),
            ("DOB", "01/01/2022"),
            ("CONVICTED", ""),
            ("HEALTH_CHECK", ""),
        ],
        // convicted with health items missing
        [
            ("CHILD", "4"),
            ("DOB", "01/01/2008"),
            ("CONVICTED", "1"),
            ("HEALTH_CHECK", ""),
        ],
    ];
    let oc2: Vec<Cells<'_>> = oc2.iter().map(|r| r.as_slice()).collect();
    let looked_after = |child| {
        [
            ("CHILD", child),
            ("DECOM", "01/01/2024"),
            ("RNE", "S"),
            ("LS", "C2"),
        ]
    };
    let eps = [looked_after("2"), looked_after("3"), looked_after("4")];
    let eps: Vec<Cells<'_>> = eps.iter().map(|r| r.as_slice()).collect();
    let ret = given(&[(Table::Oc2, &oc2), (Table::Episodes, &eps)]);
    assert_eq!(found("542", &ret), ["1"]);
    assert_eq!(found("543", &ret), ["2"]);
    assert_eq!(found("544", &ret), ["4"]);
    assert_eq!(found("545", &ret), ["3"]);
    assert_eq!(found("546", &ret), ["2"]);
    assert_eq!(found("547", &ret), ["2"]);
}

#[test]
fn r550_to_r558_placements_for_adoption() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("PLACE", "U1"), ("PLACE_PROVIDER", "PR0")],
                &[
                    ("CHILD", "2"),
                    ("PLACE", "A3"),
                    ("DECOM", "01/01/2020"),
                    ("LS", "E1"),
                    ("REC", "E11"),
                ],
                &[
                    ("CHILD", "3"),
                    ("PLACE", "A4"),
                    ("DECOM", "01/01/2020"),
                    ("LS", "E1"),
                    ("REC", "E13"),
                ],
                &[
                    ("CHILD", "4"),
                    ("PLACE", "A5"),
                    ("DECOM", "01/01/2020"),
                    ("LS", "E1"),
                    ("REC", "E11"),
                ],
                &[
                    ("CHILD", "4"),
                    ("PLACE", "A5"),
                    ("DECOM", "01/02/2020"),
                    ("LS", "E1"),
                    ("REC", "E12"),
                ],
            ],
        ),
        (
            Table::PlacedForAdoption,
            &[
                &[("CHILD", "2"), ("DATE_PLACED", "01/02/2020")],
                &[
                    ("CHILD", "4"),
                    ("DATE_PLACED", "01/12/2019"),
                    ("DATE_PLACED_CEASED", "01/03/2020"),
                    ("REASON_PLACED_CEASED", "RD1"),
                ],
            ],
        ),
    ]);
    assert_eq!(found("550", &ret), ["1"]);
    assert_eq!(found("551", &ret), ["3"]);
    assert_eq!(found("552", &ret), ["2"]);
    assert_eq!(found("553", &ret), ["3", "4"]);
    assert_eq!(found("554", &ret), ["2"]);
    assert_eq!(found("557", &ret), ["3"]);
    assert_eq!(found("558", &ret), ["4"]);
}

#[test]
fn r559_to_r563_decisions_against_last_year() {
    let last = given(&[
        (
            Table::PlacedForAdoption,
            &[
                &[("CHILD", "2"), ("DATE_PLACED", "01/02/2025")],
                &[
                    ("CHILD", "3"),
                    ("DATE_PLACED", "01/02/2025"),
                    ("DATE_PLACED_CEASED", "01/03/2025"),
                    ("REASON_PLACED_CEASED", "RD1"),
                ],
            ],
        ),
        (
            Table::Episodes,
            &[&[("CHILD", "5"), ("DECOM", "01/01/2025")]],
        ),
    ]);
    let file = given(&[
        (
            Table::PlacedForAdoption,
            &[
                &[("CHILD", "1"), ("DATE_PLACED", "01/02/2025")],
                &[("CHILD", "2"), ("DATE_PLACED", "02/02/2025")],
                &[("CHILD", "3"), ("DATE_PLACED", "01/02/2025")],
                &[
                    ("CHILD", "4"),
                    ("DATE_PLACED_CEASED", "01/03/2025"),
                    ("REASON_PLACED_CEASED", "RD1"),
                ],
            ],
        ),
        (
            Table::Episodes,
            &[
                &[("CHILD", "5"), ("DECOM", "01/01/2025")],
                &[("CHILD", "6"), ("DECOM", "01/01/2025")],
            ],
        ),
    ]);
    let ret = Return903::new(&file).with_last_year(&last);
    assert_eq!(found_in("559", &ret), ["1"]);
    assert_eq!(found_in("560", &ret), ["2"]);
    assert_eq!(found_in("561", &ret), ["3"]);
    assert_eq!(found_in("562", &ret), ["6"]);
    assert_eq!(found_in("563", &ret), ["4"]);
}

#[test]
fn r406_no_distance_for_an_unaccompanied_asylum_seeking_child() {
    let postcodes = [("HOME_POST", "AB1 2CD"), ("PL_POST", "EF3 4GH")];
    let file = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "1"), postcodes[0], postcodes[1]],
                &[("CHILD", "2"), postcodes[0], postcodes[1]],
                &[("CHILD", "3"), postcodes[0]],
            ],
        ),
        (
            Table::Header,
            &[&[("CHILD", "1")], &[("CHILD", "2")], &[("CHILD", "3")]],
        ),
        (Table::Uasc, &[&[("CHILD", "1")], &[("CHILD", "3")]]),
    ]);
    let places = PlaceTable::from_csv(
        "postcode,authority,easting,northing\nAB12CD,E09000027,530000,180000\nEF34GH,E09000027,531000,181000\n",
    )
    .unwrap();
    let ret = Return903::new(&file).with_places("E09000027", &places);
    assert_eq!(found_in("406", &ret), ["1"]);
}

#[test]
fn r452_r453_r503g_r503h_r503j_place_against_last_year() {
    let at = |child: &'static str,
              rne: &'static str,
              post: &'static str|
     -> Vec<(&'static str, &'static str)> {
        vec![
            ("CHILD", child),
            ("DECOM", "01/01/2020"),
            ("RNE", rne),
            ("HOME_POST", "AB1 2CD"),
            ("PL_POST", post),
        ]
    };
    let mut closed = at("3", "S", "EF3 4GH");
    closed.push(("DEC", "01/02/2020"));
    let last_rows = [
        at("1", "S", "EF3 4GH"),
        at("2", "S", "AB1 2CD"),
        closed,
        at("4", "S", "AB1 2CD"),
    ];
    let last_rows: Vec<&[(&str, &str)]> = last_rows.iter().map(Vec::as_slice).collect();
    let last = episodes(&last_rows);
    let rows = [
        at("1", "S", "AB1 2CD"),
        at("2", "S", "AB1 2CD"),
        at("3", "S", "AB1 2CD"),
        at("4", "P", "EF3 4GH"),
    ];
    let rows: Vec<&[(&str, &str)]> = rows.iter().map(Vec::as_slice).collect();
    let file = episodes(&rows);
    let places = PlaceTable::from_csv(
        "postcode,authority,easting,northing\nAB12CD,E09000027,530000,180000\nEF34GH,SCO,330000,800000\n",
    )
    .unwrap();
    let ret = Return903::new(&file)
        .with_last_year(&last)
        .with_places("E09000027", &places);
    for code in ["452", "453"] {
        assert_eq!(found_in(code, &ret), ["1"], "{code}");
    }
    for code in ["503G", "503H", "503J"] {
        assert_eq!(found_in(code, &ret), ["1", "4"], "{code}");
    }
}
