//! What the rules of 400-599 share: cells read as the community validator
//! compares them, dates a number of years on, and each child's episodes.

use std::collections::HashSet;

use jiff::ToSpan;
use jiff::civil::Date;

use super::super::{Return903, Rows};
use crate::Field;
use crate::ssda903::cell::Cell;
use crate::ssda903::model::Table;

/// A cell as text, trimmed and upper-cased as the community validator
/// compares values: `None` when missing, the text as written when not of
/// the right form.
pub(super) fn text<T: Cell>(field: &Field<T>) -> Option<String> {
    match field {
        Field::Missing => None,
        _ => Some(T::write(field).trim().to_uppercase()),
    }
}

/// Whether a cell is one of `codes` (as written, valid in the year or not).
pub(super) fn is<T: Cell>(field: &Field<T>, codes: &[&str]) -> bool {
    text(field).is_some_and(|t| codes.contains(&t.as_str()))
}

/// Two cells equal as a table comparison has them: a missing cell equals
/// nothing, not even another missing cell.
pub(super) fn same<T: Cell>(a: &Field<T>, b: &Field<T>) -> bool {
    matches!((text(a), text(b)), (Some(a), Some(b)) if a == b)
}

/// Two cells equal when a missing cell counts as a value of its own.
pub(super) fn same_or_both_missing<T: Cell>(a: &Field<T>, b: &Field<T>) -> bool {
    text(a) == text(b)
}

/// A date `years` on (29 February to 28 February when the year has none).
pub(super) fn years_on(day: Date, years: i16) -> Date {
    day.saturating_add(years.years())
}

/// Each child (with a `CHILD`) and their episodes in `DECOM` order.
pub(super) fn children<'r>(
    r: &'r Return903<'_>,
) -> impl Iterator<Item = (&'r str, &'r [usize])> + 'r {
    r.children_with_episodes()
        .filter(|(child, _)| !child.is_empty())
}

/// The rows of one table that `fault` picks out.
pub(super) fn rows_where<R>(table: Table, rows: &[R], fault: impl Fn(&R) -> bool) -> Rows {
    rows.iter()
        .enumerate()
        .filter(|(_, row)| fault(row))
        .map(|(i, _)| (table, i))
        .collect()
}

/// The children looked after continuously through the year, as the
/// community validator judges it: some episode in the year, and none that
/// starts a period of care after 1 April, ends one before 31 March, or is a
/// short break (V3, V4) in the year.
pub(super) fn looked_after_all_year<'r>(r: &'r Return903<'_>) -> HashSet<&'r str> {
    let (start, end) = (r.start, r.end);
    r.children_with_episodes()
        .filter(|(_, indices)| {
            let eps = indices.iter().map(|&i| &r.file.episodes[i]);
            let mut in_year = false;
            for e in eps {
                let (decom, dec) = (e.decom.valid().copied(), e.dec.valid().copied());
                let during = decom.is_some_and(|d| d <= end) && dec.is_none_or(|d| d >= start);
                let enters = is(&e.rne, &["S"]) && decom.is_some_and(|d| d > start && d <= end);
                let leaves = !is(&e.rec, &["X1"]) && dec.is_some_and(|d| d >= start && d < end);
                if enters || leaves || (is(&e.ls, &["V3", "V4"]) && during) {
                    return false;
                }
                in_year |= during;
            }
            in_year
        })
        .map(|(child, _)| child)
        .collect()
}
