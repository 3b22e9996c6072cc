//! The DfE's checks for the statutory returns, on the child's page: what
//! the CIN census and SSDA903 rules find in this child's record for the
//! current collection year, so the worker can put it right when the facts
//! are fresh rather than when an analyst finds it in the summer. A finding
//! warns; nothing here stops a fact being recorded.

use hearth_app::children::ChildView;
use hearth_returns::checks::for_child;
use hearth_returns::{ChildSource, CollectionYear};

/// One finding, in words for the page.
pub struct Check {
    /// Which return: "Children in need census", ...
    pub return_name: &'static str,
    pub rule: String,
    pub message: String,
    /// The return's item the rule is about, as the DfE names it.
    pub item: String,
}

/// The checks section of the page.
pub struct Section {
    /// The collection year checked, e.g. "2026-27".
    pub year: String,
    pub checks: Vec<Check>,
    /// False when the record cannot be read as a return as at the year's
    /// 31 March (a fact contradicts another): the page says so.
    pub checked: bool,
}

/// The checks for the collection year `today` falls in.
pub fn section(view: &ChildView, today: jiff::civil::Date) -> Section {
    let year = CollectionYear::nearest(today);
    let d = &view.child.details;
    let source = ChildSource {
        la_child_id: d.la_child_id.clone(),
        date_of_birth: d.date_of_birth,
        sex: d.sex,
        ethnicity: d.ethnicity,
        upn: d.upn.clone(),
        postcode: d.postcode.clone(),
        events: view.events.clone(),
    };
    match for_child(&source, year) {
        Some(found) => Section {
            year: year.to_string(),
            checks: found
                .into_iter()
                .map(|f| Check {
                    return_name: f.return_.name(),
                    rule: f.finding.rule,
                    message: f.finding.message,
                    item: f.finding.field,
                })
                .collect(),
            checked: true,
        },
        None => Section {
            year: year.to_string(),
            checks: Vec::new(),
            checked: false,
        },
    }
}
