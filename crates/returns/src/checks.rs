//! The DfE's rules on one child's record, as the child's page shows them:
//! each return the child is in for a collection year, made from their
//! ledger alone, and the rules run on it. A finding warns; it never stops a
//! fact being recorded, because the fact may be right and the rule's
//! question one for the worker to answer.
//!
//! Rules about the return as a whole (the CIN census's duplicate
//! identifiers and shares of codes) are not run on one child; the SSDA903
//! rules needing places or last year's return do not run either.

use serde::Serialize;

use crate::cin::from_record::{Census, Software};
use crate::ssda903::Builder;
use crate::ssda903::rules::{Return903, validate};
use crate::{ChildSource, CollectionYear, Finding};

/// Which return a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Return {
    /// The children in need census.
    Cin,
    /// The children looked after return.
    Ssda903,
}

impl Return {
    pub fn name(self) -> &'static str {
        match self {
            Return::Cin => "Children in need census",
            Return::Ssda903 => "Children looked after return (SSDA903)",
        }
    }
}

/// One rule's finding about the child, in one return.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChildFinding {
    pub return_: Return,
    pub finding: Finding,
}

/// The DfE rules' findings on the child's record for `year`: the CIN census
/// when they are in its population, the SSDA903 when they are in its. None
/// when their ledger does not fold as at the year's reference date (the
/// page says so in its own way).
pub fn for_child(child: &ChildSource, year: CollectionYear) -> Option<Vec<ChildFinding>> {
    let software = Software {
        la_number: 0,
        release: String::new(),
        written_at: jiff::civil::DateTime::default(),
    };
    // Each return takes the child by reference: the ledger is not copied.
    let mut cin = Census::new(year);
    cin.add(child).ok()?;
    let cin = cin.finish(&software);
    let mut builder = Builder::new(year);
    builder.add(child);
    let built = builder.finish();
    if !built.refused.is_empty() {
        return None;
    }
    let mut found: Vec<ChildFinding> = crate::cin::validate_children(&cin, year)
        .into_iter()
        .filter(|f| !f.child.is_empty())
        .map(|finding| ChildFinding {
            return_: Return::Cin,
            finding,
        })
        .collect();
    if !built.return_903.header.is_empty() {
        let report = validate(&Return903::new(&built.return_903));
        found.extend(report.findings.into_iter().map(|finding| ChildFinding {
            return_: Return::Ssda903,
            finding,
        }));
    }
    Some(found)
}
