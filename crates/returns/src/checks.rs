//! The DfE's rules on one child's record, as the child's page shows them:
//! each return the child is in for a collection year, made from their
//! ledger alone, and the rules run on it. A finding warns; it never stops a
//! fact being recorded, because the fact may be right and the rule's
//! question one for the worker to answer.
//!
//! Rules about the return as a whole (the CIN census's duplicate
//! identifiers and shares of codes) are not run on one child; the SSDA903
//! rules needing places or last year's return do not run either.

use std::collections::HashMap;

use hearth_domain::ids::SweNumber;
use hearth_domain::keys::UserId;
use serde::Serialize;

use crate::cin::from_record::{Census, Software};
use crate::ssda903::Builder;
use crate::ssda903::rules::{ProviderTable, Return903, validate};
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

/// The DfE rules on a whole authority's returns for one collection year,
/// as an analyst checks them before sending: the CIN census and the
/// SSDA903 made from every child's record, each run through all its rules
/// (those about the return as a whole included), fed one child at a time
/// so that memory holds the returns, not every ledger.
pub struct AuthorityChecks {
    year: CollectionYear,
    census: Census,
    builder: Builder,
    unreadable: Vec<Unreadable>,
    children: usize,
    providers: Option<ProviderTable>,
}

/// A child whose record cannot be read as a return as at the year's 31
/// March (one fact contradicts another): left out of both returns, which
/// is itself something to put right before sending.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The child's LA child id.
    pub child: String,
    /// Why, in the record's own words (event ids, never names).
    pub why: String,
}

/// What [`AuthorityChecks::finish`] found.
#[derive(Debug, Clone, Default)]
pub struct AuthorityFindings {
    /// Every finding of both returns; a finding about the return as a
    /// whole has an empty `child`.
    pub findings: Vec<ChildFinding>,
    /// SSDA903 rules that could not run, with why (places and last year's
    /// return are not given to a check from the record; Ofsted's list is
    /// when one was imported).
    pub not_run: Vec<(&'static str, &'static str)>,
    pub unreadable: Vec<Unreadable>,
    /// Children read.
    pub children: usize,
    /// Children in each return.
    pub in_cin: usize,
    pub in_ssda903: usize,
}

impl AuthorityChecks {
    /// `registrations`: each worker's Social Work England number, for the
    /// SSDA903's social worker episodes.
    pub fn new(year: CollectionYear, registrations: HashMap<UserId, SweNumber>) -> Self {
        AuthorityChecks {
            year,
            census: Census::new(year),
            builder: Builder::new(year).with_registrations(registrations),
            unreadable: Vec::new(),
            children: 0,
            providers: None,
        }
    }

    /// With Ofsted's list of registered providers: the SSDA903's rules on
    /// each placement's URN run too.
    pub fn with_providers(mut self, providers: ProviderTable) -> Self {
        self.providers = Some(providers);
        self
    }

    pub fn year(&self) -> CollectionYear {
        self.year
    }

    /// Adds one child to both returns (or to the unreadable, if their
    /// record does not fold as at the year's 31 March).
    pub fn add(&mut self, child: &ChildSource) {
        self.children += 1;
        match self.census.add(child) {
            Ok(()) => self.builder.add(child),
            Err(e) => self.unreadable.push(Unreadable {
                child: e.child,
                why: e.refusal.to_string(),
            }),
        }
    }

    /// Runs every rule of the year on both returns. `la_number` is the
    /// authority's DfE LA number for the census header (0 when the
    /// database holds none, which the header's rules then find).
    pub fn finish(self, la_number: u16) -> AuthorityFindings {
        let software = Software {
            la_number,
            release: String::new(),
            written_at: jiff::civil::DateTime::default(),
        };
        let cin = self.census.finish(&software);
        let built = self.builder.finish();
        let mut findings: Vec<ChildFinding> = crate::cin::validate(&cin, self.year)
            .into_iter()
            .map(|finding| ChildFinding {
                return_: Return::Cin,
                finding,
            })
            .collect();
        let mut ret = Return903::new(&built.return_903);
        if let Some(providers) = &self.providers {
            ret = ret.with_providers(providers);
        }
        let report = validate(&ret);
        findings.extend(report.findings.into_iter().map(|finding| ChildFinding {
            return_: Return::Ssda903,
            finding,
        }));
        AuthorityFindings {
            findings,
            not_run: report.not_run,
            unreadable: self.unreadable,
            children: self.children,
            in_cin: cin.children.len(),
            in_ssda903: built.return_903.header.len(),
        }
    }
}
