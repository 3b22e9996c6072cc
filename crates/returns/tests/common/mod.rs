//! What the parity tests share: where the parity harness is, the
//! community validator's findings as (rule, child) pairs, and the
//! differences tools/parity/known-differences.tsv explains.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

/// tools/parity, from the crate's folder.
pub fn parity() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tools/parity")
}

/// (rule, child) pairs from a findings file.
pub fn pairs(json: &str) -> BTreeSet<(String, String)> {
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
pub fn known() -> BTreeMap<(String, String), String> {
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

/// The differences between two sets of findings that known-differences.tsv
/// does not explain, each named with `label`.
pub fn unexplained(
    label: &str,
    hearth: &BTreeSet<(String, String)>,
    community: &BTreeSet<(String, String)>,
    known: &BTreeMap<(String, String), String>,
) -> Vec<String> {
    let mut out = Vec::new();
    for (side, only) in [
        ("Hearth only", hearth.difference(community)),
        ("community only", community.difference(hearth)),
    ] {
        for (rule, child) in only {
            let accepted = known.contains_key(&(rule.clone(), child.clone()))
                || known.contains_key(&(rule.clone(), "*".to_owned()));
            if !accepted {
                out.push(format!("{label} {side}: rule {rule}, child {child}"));
            }
        }
    }
    out
}
