use jiff::civil::date;

use super::super::tests::{found_in, given};
use super::super::{PlaceTable, Provider, ProviderTable, Return903};
use crate::ssda903::model::{Ssda903, Table};

fn provider(urn: &str, places: &[&str], providers: &[&str], postcode: &str) -> Provider {
    Provider {
        urn: urn.into(),
        place_codes: places.iter().map(|c| (*c).to_owned()).collect(),
        provider_codes: providers.iter().map(|c| (*c).to_owned()).collect(),
        registration_end: None,
        postcode: Some(postcode.into()),
    }
}

/// The list in these tests: a private children's home inside the
/// authority (E06000002), the authority's own fostering service, another
/// authority's adoption agency in Scotland, and a home that closed on 30
/// September 2025.
fn list() -> ProviderTable {
    let mut closed = provider("SC400003", &["K2"], &["PR4"], "TS11AA");
    closed.registration_end = Some(date(2025, 9, 30));
    ProviderTable::from_providers([
        provider("SC400001", &["K2"], &["PR4", "PR5"], "TS11AA"),
        provider(
            "SC900001",
            &["U1", "U2", "U3", "U4", "U5", "U6"],
            &["PR1"],
            "TS11AA",
        ),
        provider("SC900002", &["A5", "A6"], &["PR2"], "EH104PA"),
        closed,
    ])
}

fn checked(code: &str, file: &Ssda903) -> Vec<String> {
    let providers = list();
    let places = PlaceTable::from_csv(
        "postcode,authority,easting,northing\nTS11AA,E06000002,450000,520000\nEH104PA,SCO,324076,672339\n",
    )
    .unwrap();
    found_in(
        code,
        &Return903::new(file)
            .with_places("E06000002", &places)
            .with_providers(&providers),
    )
}

#[test]
fn r1008_a_urn_not_on_the_list() {
    let ret = given(&[(
        Table::Episodes,
        &[
            &[("CHILD", "1"), ("PLACE", "K2"), ("URN", "SC400001")][..],
            &[("CHILD", "2"), ("PLACE", "K2"), ("URN", "sc400001")],
            &[("CHILD", "3"), ("PLACE", "K2"), ("URN", "SC499999")],
            &[("CHILD", "4"), ("PLACE", "U1"), ("URN", "XXXXXXX")],
            &[("CHILD", "5"), ("PLACE", "P1")],
        ],
    )]);
    assert_eq!(checked("1008", &ret), ["3"]);
}

#[test]
fn r219_r224_the_type_and_provider_the_urn_is_registered_for() {
    let ret = given(&[(
        Table::Episodes,
        &[
            &[
                ("CHILD", "1"),
                ("PLACE", "K2"),
                ("PLACE_PROVIDER", "PR5"),
                ("URN", "SC400001"),
            ][..],
            &[
                ("CHILD", "2"),
                ("PLACE", "K1"),
                ("PLACE_PROVIDER", "PR4"),
                ("URN", "SC400001"),
            ],
            &[
                ("CHILD", "3"),
                ("PLACE", "U4"),
                ("PLACE_PROVIDER", "PR4"),
                ("URN", "SC900001"),
            ],
            &[
                ("CHILD", "4"),
                ("PLACE", "K2"),
                ("PLACE_PROVIDER", "PR4"),
                ("URN", "SC499999"),
            ],
            &[("CHILD", "5"), ("URN", "SC400001")],
        ],
    )]);
    assert_eq!(checked("219", &ret), ["2", "4", "5"]);
    assert_eq!(checked("224", &ret), ["3", "4", "5"]);
}

#[test]
fn r221_the_placement_postcode_is_the_homes() {
    let ret = given(&[(
        Table::Episodes,
        &[
            &[
                ("CHILD", "1"),
                ("PLACE", "K2"),
                ("URN", "SC400001"),
                ("PL_POST", "ts1 1aa"),
            ][..],
            &[
                ("CHILD", "2"),
                ("PLACE", "K2"),
                ("URN", "SC400001"),
                ("PL_POST", "TS1 2AA"),
            ],
            // A short break (V3) and foster care are not checked.
            &[
                ("CHILD", "3"),
                ("PLACE", "K2"),
                ("LS", "V3"),
                ("URN", "SC400001"),
                ("PL_POST", "TS1 2AA"),
            ],
            &[
                ("CHILD", "4"),
                ("PLACE", "U4"),
                ("URN", "SC900001"),
                ("PL_POST", "TS1 2AA"),
            ],
            // Nor is a placement without a postcode; a URN not listed is.
            &[("CHILD", "5"), ("PLACE", "K2"), ("URN", "SC400001")],
            &[
                ("CHILD", "6"),
                ("PLACE", "K2"),
                ("URN", "SC499999"),
                ("PL_POST", "TS1 1AA"),
            ],
        ],
    )]);
    assert_eq!(checked("221", &ret), ["2", "6"]);
}

#[test]
fn r227_r228_registered_for_the_whole_episode() {
    let ret = given(&[(
        Table::Episodes,
        &[
            // Began and ended before the home closed.
            &[
                ("CHILD", "1"),
                ("URN", "SC400003"),
                ("DECOM", "01/05/2025"),
                ("DEC", "30/09/2025"),
            ][..],
            // Began the day it closed.
            &[
                ("CHILD", "2"),
                ("URN", "SC400003"),
                ("DECOM", "30/09/2025"),
                ("DEC", "01/10/2025"),
            ],
            // Began before, ended after.
            &[
                ("CHILD", "3"),
                ("URN", "SC400003"),
                ("DECOM", "01/05/2025"),
                ("DEC", "01/10/2025"),
            ],
            // Still open at 31 March.
            &[("CHILD", "4"), ("URN", "SC400003"), ("DECOM", "01/05/2025")],
            // A home still registered.
            &[("CHILD", "5"), ("URN", "SC400001"), ("DECOM", "01/05/2025")],
        ],
    )]);
    assert_eq!(checked("227", &ret), ["2"]);
    assert_eq!(checked("228", &ret), ["2", "3", "4"]);
}

#[test]
fn r229_own_provision_inside_and_another_authoritys_outside() {
    let ret = given(&[(
        Table::Episodes,
        &[
            // The authority's own foster carers, registered inside it.
            &[
                ("CHILD", "1"),
                ("PLACE", "U4"),
                ("PLACE_PROVIDER", "PR1"),
                ("URN", "SC900001"),
            ][..],
            // Another authority's adoption agency, in Scotland.
            &[
                ("CHILD", "2"),
                ("PLACE", "A6"),
                ("PLACE_PROVIDER", "PR2"),
                ("URN", "SC900002"),
            ],
            // Said to be another authority's, but inside this one.
            &[
                ("CHILD", "3"),
                ("PLACE", "K2"),
                ("PLACE_PROVIDER", "PR2"),
                ("URN", "SC400001"),
            ],
            // Said to be the authority's own, but in Scotland.
            &[
                ("CHILD", "4"),
                ("PLACE", "A6"),
                ("PLACE_PROVIDER", "PR1"),
                ("URN", "SC900002"),
            ],
            // Own, but not on the list: where it is is unknown.
            &[
                ("CHILD", "5"),
                ("PLACE", "U4"),
                ("PLACE_PROVIDER", "PR1"),
                ("URN", "SC499999"),
            ],
            // Supported accommodation is not checked.
            &[
                ("CHILD", "6"),
                ("PLACE", "K3"),
                ("PLACE_PROVIDER", "PR1"),
                ("URN", "SC900002"),
            ],
        ],
    )]);
    assert_eq!(checked("229", &ret), ["3", "4", "5"]);
}

#[test]
fn the_rules_say_what_they_need_when_not_given_it() {
    let ret = given(&[(
        Table::Episodes,
        &[&[("CHILD", "1"), ("URN", "SC499999")][..]],
    )]);
    let providers = list();
    let report = super::super::validate(&Return903::new(&ret).with_providers(&providers));
    let not_run: Vec<&str> = report.not_run.iter().map(|(code, _)| *code).collect();
    assert!(not_run.contains(&"229"), "{not_run:?}");
    assert!(!not_run.contains(&"1008"), "{not_run:?}");
    assert!(report.findings.iter().any(|f| f.rule == "1008"));
    let bare = super::super::validate(&Return903::new(&ret));
    assert!(bare.not_run.iter().any(|(code, _)| *code == "1008"));
}
