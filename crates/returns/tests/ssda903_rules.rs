//! Hearth's SSDA903 rules against the community validator's findings on its
//! own sample files (tools/parity/fixtures), child by rule, for every rule
//! Hearth runs. A difference passes only when tools/parity/known-differences.tsv
//! gives its reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeSet;
use std::path::Path;

mod common;
use common::{known, pairs, parity, unexplained};

use hearth_returns::CollectionYear;
use hearth_returns::ssda903::read_dir;
use hearth_returns::ssda903::rules::{PlaceTable, Return903, rules, validate, validate_on};

/// The differences between Hearth's findings and the community
/// validator's on one return, child by rule, for every rule Hearth runs,
/// less those known-differences.tsv explains.
fn differences(
    dir: &Path,
    last: Option<&Path>,
    year: CollectionYear,
    authority: &str,
    places: &PlaceTable,
    community_json: &str,
) -> Vec<String> {
    let known = known();
    let file = read_dir(dir, year).unwrap_or_else(|e| panic!("{e}"));
    let last = last.map(|dir| read_dir(dir, year).unwrap_or_else(|e| panic!("{e}")));
    let mut ret = Return903::new(&file);
    if let Some(last) = &last {
        ret = ret.with_last_year(last);
    }
    let ret = ret.with_places(authority, places);
    let report = validate(&ret);
    // The rules shared among threads find the same, in the same order.
    let threaded = validate_on(&ret, 3);
    assert_eq!(threaded.findings, report.findings);
    assert_eq!(threaded.not_run, report.not_run);
    let hearth: BTreeSet<(String, String)> = report
        .findings
        .into_iter()
        .map(|f| (f.rule, f.child))
        .collect();
    let ours: BTreeSet<&str> = rules(year).map(|r| r.code).collect();
    let community: BTreeSet<(String, String)> = pairs(community_json)
        .into_iter()
        .filter(|(rule, _)| ours.contains(rule.as_str()))
        .collect();
    unexplained(&year.to_string(), &hearth, &community, &known)
}

fn assert_none(report: &[String]) {
    assert!(
        report.is_empty(),
        "{} differences from the community validator (first 40):\n{}",
        report.len(),
        report
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}

#[test]
fn hearth_finds_what_the_community_validator_finds_on_its_own_sample_files() {
    let places_text =
        std::fs::read_to_string(parity().join("fixtures/ssda903.places.csv")).unwrap();
    let places = PlaceTable::from_csv(&places_text).unwrap();
    let mut report = Vec::new();
    for year in CollectionYear::ALL {
        let json = std::fs::read_to_string(
            parity().join(format!("fixtures/ssda903.{year}.community.json")),
        )
        .unwrap();
        // The authority tools/parity/community.py checks the fixtures as.
        report.extend(differences(
            &parity().join("fixtures/ssda903"),
            None,
            year,
            "E09000027",
            &places,
            &json,
        ));
    }
    assert_none(&report);
}

/// Any return compared with the community validator's findings on it, named
/// by the environment: HEARTH_903_DIR (the CSV folder), HEARTH_903_YEAR,
/// HEARTH_903_LA (ONS code), HEARTH_903_PLACES (postcode directory CSV,
/// tools/parity/places.py), HEARTH_903_COMMUNITY (tools/parity/community.py's
/// JSON) and, if given, HEARTH_903_LAST (last year's CSV folder). Run with `cargo test -p hearth-returns --test ssda903_rules -- --ignored`.
#[test]
#[ignore = "needs a return and the community validator's findings named by the environment"]
fn hearth_finds_what_the_community_validator_finds_on_a_return_named_by_the_environment() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("set {name}"));
    let year: CollectionYear = var("HEARTH_903_YEAR").parse().unwrap();
    let places =
        PlaceTable::from_csv(&std::fs::read_to_string(var("HEARTH_903_PLACES")).unwrap()).unwrap();
    let json = std::fs::read_to_string(var("HEARTH_903_COMMUNITY")).unwrap();
    assert_none(&differences(
        Path::new(&var("HEARTH_903_DIR")),
        std::env::var("HEARTH_903_LAST")
            .ok()
            .as_deref()
            .map(Path::new),
        year,
        &var("HEARTH_903_LA"),
        &places,
        &json,
    ));
}
