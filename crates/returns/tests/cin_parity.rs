//! Hearth's CIN census rules against the community validator's findings on
//! its own sample files (tools/parity/fixtures), child by rule, for each
//! collection year's rules. The community validator takes the census period
//! from each file's `ReferenceDate` (2024-03-31 and 2022-07-21 in these
//! files), so Hearth is run the same way here. A difference passes only
//! when tools/parity/known-differences.tsv gives its reason.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::BTreeSet;

mod common;
use common::{known, pairs, parity, unexplained};

use hearth_returns::CollectionYear;
use hearth_returns::cin::{read_file, validate_as_of_reference_date};

#[test]
fn hearth_finds_what_the_community_validator_finds_on_its_own_sample_files() {
    let known = known();
    let mut differences = Vec::new();
    let mut agreed = 0;
    for name in ["CIN_Census_2024", "CIN_Census_2026", "fake_CIN_data"] {
        let file = read_file(&parity().join(format!("fixtures/cin-census/{name}.xml"))).unwrap();
        for year in CollectionYear::ALL {
            let hearth: BTreeSet<(String, String)> = validate_as_of_reference_date(&file, year)
                .expect("the fixture has a ReferenceDate")
                .into_iter()
                .map(|f| (f.rule, f.child))
                .collect();
            let json = std::fs::read_to_string(
                parity().join(format!("fixtures/cin.{name}.{year}.community.json")),
            )
            .unwrap();
            let community = pairs(&json);
            agreed += hearth.intersection(&community).count();
            differences.extend(unexplained(
                &format!("{name} {year}"),
                &hearth,
                &community,
                &known,
            ));
        }
    }
    assert!(agreed > 1000, "only {agreed} findings agreed");
    assert!(
        differences.is_empty(),
        "{} differences from the community validator ({agreed} agree; first 40):\n{}",
        differences.len(),
        differences
            .iter()
            .take(40)
            .cloned()
            .collect::<Vec<_>>()
            .join("\n")
    );
}
