//! Returns built from a few cells for the rules' tests, and the checks that
//! every rule is listed once with the DfE's message.

use super::{Return903, rules, validate};
use crate::CollectionYear;
use crate::ssda903::model::{Ssda903, Table};
use crate::ssda903::read::read_files;

/// The rows of one table: each the cells given by column name; every other
/// column is empty.
pub type TableRows<'a> = (Table, &'a [&'a [(&'a str, &'a str)]]);

/// A 2025-26 return of the tables given (the others absent).
pub fn given(tables: &[TableRows<'_>]) -> Ssda903 {
    given_in(CollectionYear::Y2025_26, tables)
}

/// A return for `year` of the tables given (the others absent), read by the
/// reader from CSV text as a file from any system would be.
pub fn given_in(year: CollectionYear, tables: &[TableRows<'_>]) -> Ssda903 {
    let texts: Vec<(Table, String)> = tables
        .iter()
        .map(|(table, rows)| {
            let columns = table.columns();
            for row in rows.iter() {
                for (name, _) in row.iter() {
                    assert!(
                        columns.contains(name),
                        "{name} is not a column of {table:?}"
                    );
                }
            }
            let mut text = columns.join(",");
            text.push('\n');
            for row in rows.iter() {
                let cells: Vec<&str> = columns
                    .iter()
                    .map(|column| {
                        row.iter()
                            .find(|(name, _)| name == column)
                            .map(|(_, value)| *value)
                            .unwrap_or("")
                    })
                    .collect();
                text.push_str(&cells.join(","));
                text.push('\n');
            }
            (*table, text)
        })
        .collect();
    read_files(texts.iter().map(|(t, text)| (*t, text.as_bytes())), year)
        .unwrap_or_else(|e| panic!("test return does not read: {e}"))
}

/// The children a rule finds in a return (its files only), in order.
pub fn found(code: &str, file: &Ssda903) -> Vec<String> {
    let ret = Return903::new(file);
    found_in(code, &ret)
}

/// The children a rule finds in a prepared return (with places or last
/// year's return), in order.
pub fn found_in(code: &str, ret: &Return903<'_>) -> Vec<String> {
    let rule = rules(ret.year)
        .find(|rule| rule.code == code)
        .unwrap_or_else(|| panic!("rule {code} is not listed for {}", ret.year));
    assert!(
        ret.unmet(rule.needs).is_none(),
        "rule {code} cannot run on this return"
    );
    let mut children: Vec<String> = (rule.check)(ret)
        .into_iter()
        .map(|(table, row)| ret.child_of(table, row).to_owned())
        .collect();
    children.sort();
    children.dedup();
    children
}

/// The DfE's rules of a year: code and message, from the year's list.
fn dfe_list(year: CollectionYear) -> Vec<(&'static str, &'static str)> {
    let text = match year {
        CollectionYear::Y2025_26 => include_str!("../../../data/ssda903/rules_2025_26.tsv"),
        CollectionYear::Y2026_27 => include_str!("../../../data/ssda903/rules_2026_27.tsv"),
    };
    text.lines()
        .filter(|line| !line.is_empty())
        .map(|line| line.split_once('\t').expect("code<TAB>message"))
        .collect()
}

#[test]
fn every_rule_is_listed_once_with_the_dfe_message_of_its_years() {
    for year in CollectionYear::ALL {
        let list = dfe_list(year);
        let mut seen = std::collections::HashSet::new();
        for rule in rules(year) {
            assert!(
                seen.insert(rule.code),
                "{year}: rule {} listed twice",
                rule.code
            );
            let Some((_, message)) = list.iter().find(|(code, _)| *code == rule.code) else {
                panic!("{year}: rule {} is not in the DfE's list", rule.code);
            };
            assert_eq!(
                rule.message, *message,
                "{year}: rule {}'s message",
                rule.code
            );
            assert!(!rule.fields.is_empty(), "rule {} names no field", rule.code);
        }
    }
}

#[test]
fn a_rule_needing_places_does_not_run_without_them_and_says_so() {
    let file = given(&[(Table::Header, &[&[("CHILD", "1"), ("SEX", "X")]])]);
    let report = validate(&Return903::new(&file));
    assert!(
        report
            .findings
            .iter()
            .any(|f| f.rule == "101" && f.child == "1")
    );
    for (code, why) in &report.not_run {
        let rule = rules(file.year).find(|r| r.code == *code).unwrap();
        assert_ne!(rule.needs, super::Needs::Files, "{code}: {why}");
    }
}
