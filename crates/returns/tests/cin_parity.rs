//! Hearth's CIN census rules against the community validator's findings on
//! its own sample files (tools/parity/fixtures), child by rule, for each
//! collection year's rules. The community validator takes the census period
//! from each file's `ReferenceDate` (2024-03-31 and 2022-07-21 in these
//! files), so Hearth is run the same way here. A difference passes only
//! when tools/parity/known-differences.tsv gives its reason.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use hearth_returns::CollectionYear;
use hearth_returns::cin::{read_file, validate_as_of_reference_date};

fn parity() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/parity")
}

fn pairs(json: &str) -> BTreeSet<(String, String)> {
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
            for (side, only) in [
                ("Hearth only", hearth.difference(&community)),
                ("community only", community.difference(&hearth)),
            ] {
                for (rule, child) in only {
                    let accepted = known.contains_key(&(rule.clone(), child.clone()))
                        || known.contains_key(&(rule.clone(), "*".to_owned()));
                    if !accepted {
                        differences
                            .push(format!("{name} {year} {side}: rule {rule}, child {child}"));
                    }
                }
            }
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
