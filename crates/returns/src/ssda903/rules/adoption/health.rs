//! Rules 542-547: convictions and health care of children looked after
//! for a year (OC2).

use super::shared::{looked_after_all_year, rows_where, years_on};
use crate::ssda903::model::{Oc2Row, Table};
use crate::ssda903::rules::{Return903, Rows, child_text};

/// Whether the child is under `years` on 31 March.
fn under(r: &Return903<'_>, row: &Oc2Row, years: i16) -> Option<bool> {
    row.dob.valid().map(|&dob| years_on(dob, years) > r.end)
}

/// SSDA903 validation rule 542: a conviction recorded for a child under
/// 10 at 31 March.
pub(super) fn r542(r: &Return903<'_>) -> Rows {
    rows_where(Table::Oc2, &r.file.oc2, |o| {
        under(r, o, 10) == Some(true) && o.convicted.is_present()
    })
}

/// SSDA903 validation rule 543: no conviction item for a child looked
/// after all year who is 10 or over (past their 10th birthday) at 31 March.
pub(super) fn r543(r: &Return903<'_>) -> Rows {
    let all_year = looked_after_all_year(r);
    rows_where(Table::Oc2, &r.file.oc2, |o| {
        o.dob.valid().is_some_and(|&dob| r.end > years_on(dob, 10))
            && all_year.contains(child_text(&o.child))
            && o.convicted.is_missing()
    })
}

/// Whether any of the health items asked of a child 5 or over is missing.
fn health_missing(o: &Oc2Row) -> bool {
    o.immunisations.is_missing()
        || o.teeth_check.is_missing()
        || o.health_assessment.is_missing()
        || o.substance_misuse.is_missing()
}

/// SSDA903 validation rule 544: a child with a conviction whose health
/// items (immunisations, teeth, health assessment, substance misuse) are
/// not all given.
pub(super) fn r544(r: &Return903<'_>) -> Rows {
    rows_where(Table::Oc2, &r.file.oc2, |o| {
        o.convicted.valid() == Some(&true) && health_missing(o)
    })
}

/// SSDA903 validation rule 545: no health check item for a child looked
/// after all year who is under 5 at 31 March.
pub(super) fn r545(r: &Return903<'_>) -> Rows {
    let all_year = looked_after_all_year(r);
    rows_where(Table::Oc2, &r.file.oc2, |o| {
        under(r, o, 5) == Some(true)
            && all_year.contains(child_text(&o.child))
            && o.health_check.is_missing()
    })
}

/// SSDA903 validation rule 546: a health check item for a child looked
/// after all year who is 5 or over at 31 March.
pub(super) fn r546(r: &Return903<'_>) -> Rows {
    let all_year = looked_after_all_year(r);
    rows_where(Table::Oc2, &r.file.oc2, |o| {
        under(r, o, 5) == Some(false)
            && all_year.contains(child_text(&o.child))
            && o.health_check.is_present()
    })
}

/// SSDA903 validation rule 547: a child with a health check whose other
/// health items are not all given.
pub(super) fn r547(r: &Return903<'_>) -> Rows {
    rows_where(Table::Oc2, &r.file.oc2, |o| {
        o.health_check.valid() == Some(&true) && health_missing(o)
    })
}
