//! Hearth's SSDA903 rules against the community validator's findings on its
//! own sample files (tools/parity/fixtures), child by rule, for every rule
//! Hearth runs. A difference passes only when tools/parity/known-differences.tsv
//! gives its reason.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use hearth_returns::CollectionYear;
use hearth_returns::ssda903::read_dir;
use hearth_returns::ssda903::rules::{PlaceTable, Return903, rules, validate};

fn parity() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/parity")
}

/// (rule, child) pairs from a findings file.
fn findings(json: &str) -> BTreeSet<(String, String)> {
    let value: serde_json::Value = serde_json::from_str(json).expect("findings JSON");
    value
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap().to_owned(),
                f["child"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect()
}

/// (rule, child or "*") -> reason.
fn known() -> BTreeMap<(String, String), String> {
    let text = std::fs::read_to_string(parity().join("known-differences.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            let mut parts = l.split('\t');
            let (rule, child, why) = (parts.next()?, parts.next()?, parts.next()?);
            (rule != "rule").then(|| ((rule.to_owned(), child.to_owned()), why.to_owned()))
        })
        .collect()
}

#[test]
fn hearth_finds_what_the_community_validator_finds_on_its_own_sample_files() {
    let places_text =
        std::fs::read_to_string(parity().join("fixtures/ssda903.places.csv")).unwrap();
    let places = PlaceTable::from_csv(&places_text).unwrap();
    let known = known();
    let mut report = Vec::new();
    let mut compared = 0;
    for year in CollectionYear::ALL {
        let file = read_dir(&parity().join("fixtures/ssda903"), year).unwrap();
        // The authority tools/parity/community.py checks the fixtures as.
        let ret = Return903::new(&file).with_places("E09000027", &places);
        let hearth: BTreeSet<(String, String)> = validate(&ret)
            .findings
            .into_iter()
            .map(|f| (f.rule, f.child))
            .collect();
        let json = std::fs::read_to_string(
            parity().join(format!("fixtures/ssda903.{year}.community.json")),
        )
        .unwrap();
        let ours: BTreeSet<&str> = rules(year).map(|r| r.code).collect();
        let community: BTreeSet<(String, String)> = findings(&json)
            .into_iter()
            .filter(|(rule, _)| ours.contains(rule.as_str()))
            .collect();
        compared += ours.len();
        for (side, only) in [
            ("Hearth only", hearth.difference(&community)),
            ("community only", community.difference(&hearth)),
        ] {
            for (rule, child) in only {
                let accepted = known.contains_key(&(rule.clone(), child.clone()))
                    || known.contains_key(&(rule.clone(), "*".to_owned()));
                if !accepted {
                    report.push(format!("{year} {side}: rule {rule}, child {child}"));
                }
            }
        }
    }
    assert!(compared > 0);
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
