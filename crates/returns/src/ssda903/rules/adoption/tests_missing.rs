//! The cases of the rules on missing episodes and on decisions to place
//! for adoption (564-586), after the community validator's own.

use super::super::Return903;
use super::super::tests::{found, found_in, given};
use crate::ssda903::model::Table;

#[test]
fn r564_to_r571_missing_dates() {
    let ret = given(&[(
        Table::Missing,
        &[
            &[("CHILD", "1"), ("MISSING", "M")],
            &[("CHILD", "2"), ("MIS_START", "01/05/2025")],
            &[("CHILD", "3"), ("MIS_END", "01/05/2025")],
            &[
                ("CHILD", "4"),
                ("MISSING", "A"),
                ("MIS_START", "02/05/2025"),
                ("MIS_END", "01/05/2025"),
            ],
            &[
                ("CHILD", "5"),
                ("MISSING", "A"),
                ("MIS_START", "01/04/2026"),
                ("MIS_END", "02/04/2026"),
            ],
            &[
                ("CHILD", "6"),
                ("MISSING", "M"),
                ("MIS_START", "01/05/2025"),
                ("MIS_END", "02/05/2025"),
            ],
        ],
    )]);
    assert_eq!(found("564", &ret), ["1"]);
    assert_eq!(found("565", &ret), ["2"]);
    assert_eq!(found("566", &ret), ["3"]);
    assert_eq!(found("567", &ret), ["4"]);
    assert_eq!(found("570", &ret), ["5"]);
    assert_eq!(found("571", &ret), ["5"]);
}

#[test]
fn r574_overlapping_times_missing() {
    let ret = given(&[(
        Table::Missing,
        &[
            &[
                ("CHILD", "1"),
                ("MIS_START", "01/05/2025"),
                ("MIS_END", "05/05/2025"),
            ],
            &[
                ("CHILD", "1"),
                ("MIS_START", "04/05/2025"),
                ("MIS_END", "06/05/2025"),
            ],
            &[
                ("CHILD", "2"),
                ("MIS_START", "01/05/2025"),
                ("MIS_END", "05/05/2025"),
            ],
            &[
                ("CHILD", "2"),
                ("MIS_START", "05/05/2025"),
                ("MIS_END", "06/05/2025"),
            ],
            &[("CHILD", "3"), ("MIS_START", "01/05/2025")],
            &[
                ("CHILD", "3"),
                ("MIS_START", "07/05/2025"),
                ("MIS_END", "08/05/2025"),
            ],
        ],
    )]);
    assert_eq!(found("574", &ret), ["1", "3"]);
}

#[test]
fn r575_r577_r578_r581_missing_within_care() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "01/06/2025"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "01/06/2025"),
                ],
                &[("CHILD", "3"), ("DECOM", "01/05/2025")],
                &[
                    ("CHILD", "4"),
                    ("DECOM", "01/05/2025"),
                    ("DEC", "01/06/2025"),
                ],
                &[("CHILD", "4"), ("DECOM", "01/06/2025")],
            ],
        ),
        (
            Table::Missing,
            &[
                // no end, in an episode that ended
                &[("CHILD", "1"), ("MIS_START", "10/05/2025")],
                // starts and ends outside the episode
                &[
                    ("CHILD", "2"),
                    ("MIS_START", "10/06/2025"),
                    ("MIS_END", "12/06/2025"),
                ],
                // within an open episode
                &[("CHILD", "3"), ("MIS_START", "10/06/2025")],
                // within a period of two episodes
                &[
                    ("CHILD", "4"),
                    ("MIS_START", "20/05/2025"),
                    ("MIS_END", "10/06/2025"),
                ],
            ],
        ),
    ]);
    assert_eq!(found("575", &ret), ["1"]);
    assert_eq!(found("577", &ret), ["1", "2"]);
    assert_eq!(found("578", &ret), ["2"]);
    assert_eq!(found("581", &ret), ["2"]);
}

#[test]
fn r576_first_time_missing_against_last_year() {
    let last = given(&[(
        Table::Missing,
        &[
            &[("CHILD", "1"), ("MIS_START", "01/03/2025")],
            &[("CHILD", "2"), ("MIS_START", "01/03/2025")],
        ],
    )]);
    let file = given(&[(
        Table::Missing,
        &[
            &[("CHILD", "1"), ("MIS_START", "02/03/2025")],
            &[
                ("CHILD", "2"),
                ("MIS_START", "01/03/2025"),
                ("MIS_END", "02/04/2025"),
            ],
        ],
    )]);
    let ret = Return903::new(&file).with_last_year(&last);
    assert_eq!(found_in("576", &ret), ["1"]);
}

#[test]
fn r580_care_ending_at_18_while_missing() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("DEC", "01/05/2025"), ("REC", "E2")],
                &[("CHILD", "2"), ("DEC", "01/05/2025"), ("REC", "E8")],
            ],
        ),
        (
            Table::Missing,
            &[
                &[
                    ("CHILD", "1"),
                    ("DOB", "01/05/2007"),
                    ("MIS_END", "01/05/2025"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DOB", "01/05/2007"),
                    ("MIS_END", "01/05/2025"),
                ],
            ],
        ),
    ]);
    assert_eq!(found("580", &ret), ["1"]);
}

#[test]
fn r586_missing_before_birth() {
    let ret = given(&[(
        Table::Missing,
        &[
            &[
                ("CHILD", "1"),
                ("DOB", "01/05/2020"),
                ("MIS_START", "01/05/2020"),
            ],
            &[
                ("CHILD", "2"),
                ("DOB", "01/05/2020"),
                ("MIS_START", "02/05/2020"),
            ],
        ],
    )]);
    assert_eq!(found("586", &ret), ["1"]);
}

#[test]
fn r579_r583_decisions_in_order() {
    let ret = given(&[(
        Table::PlacedForAdoption,
        &[
            &[
                ("CHILD", "1"),
                ("DATE_PLACED", "01/01/2025"),
                ("DATE_PLACED_CEASED", "01/03/2025"),
            ],
            &[("CHILD", "1"), ("DATE_PLACED", "01/02/2025")],
            &[("CHILD", "2"), ("DATE_PLACED", "01/01/2025")],
            &[("CHILD", "2"), ("DATE_PLACED", "01/02/2025")],
            &[
                ("CHILD", "3"),
                ("DATE_PLACED", "01/01/2025"),
                ("DATE_PLACED_CEASED", "01/02/2025"),
            ],
            &[("CHILD", "3"), ("DATE_PLACED", "01/03/2025")],
        ],
    )]);
    assert_eq!(found("579", &ret), ["1", "2"]);
    assert_eq!(found("583", &ret), ["2"]);
}

#[test]
fn r582_adopted_the_day_matched() {
    let ret = given(&[
        (
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("DEC", "01/05/2025"), ("REC", "E11")],
                &[("CHILD", "2"), ("DEC", "01/05/2025"), ("REC", "E12")],
            ],
        ),
        (
            Table::Ad1,
            &[
                &[("CHILD", "1"), ("DATE_MATCH", "01/05/2025")],
                &[("CHILD", "2"), ("DATE_MATCH", "01/04/2025")],
            ],
        ),
    ]);
    assert_eq!(found("582", &ret), ["1"]);
}

#[test]
fn r584_decision_no_later_than_one_reversed_last_year() {
    let last = given(&[(
        Table::PlacedForAdoption,
        &[
            &[
                ("CHILD", "1"),
                ("DATE_PLACED", "01/02/2025"),
                ("DATE_PLACED_CEASED", "01/03/2025"),
            ],
            &[
                ("CHILD", "2"),
                ("DATE_PLACED", "01/02/2025"),
                ("REASON_PLACED_CEASED", "RD1"),
            ],
            &[("CHILD", "3"), ("DATE_PLACED", "01/02/2025")],
        ],
    )]);
    let file = given(&[(
        Table::PlacedForAdoption,
        &[
            &[("CHILD", "1"), ("DATE_PLACED", "01/02/2025")],
            &[("CHILD", "2"), ("DATE_PLACED", "01/05/2025")],
            &[("CHILD", "3"), ("DATE_PLACED", "01/01/2025")],
        ],
    )]);
    let ret = Return903::new(&file).with_last_year(&last);
    assert_eq!(found_in("584", &ret), ["1"]);
}
