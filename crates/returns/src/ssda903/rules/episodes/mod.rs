//! Rules 200-399: what last year's return said of the child, episodes of
//! care, their legal statuses and placements.

mod history;
mod placements;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Needs, Return903, Rows, Rule};
use crate::Field;
use crate::ssda903::cell::Cell;
use crate::ssda903::model::{EpisodeRow, Ssda903, Table};
use history::*;
use placements::*;

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "202",
        "The gender code conflicts with the gender already recorded for this child.",
        &["SEX"],
        r202,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "203",
        "Date of birth disagrees with the date of birth already recorded for this child.",
        &["DOB"],
        r203,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "204",
        "Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
        &["ETHNIC"],
        r204,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "205A",
        "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.",
        &["CHILD", "UASC"],
        r205a,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "205B",
        "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.",
        &["DUC", "UASC"],
        r205b,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "205C",
        "Child not identified as UASC either this year or last year but date UASC ceased has been provided.",
        &["DUC", "UASC"],
        r205c,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "205D",
        "Child identified as UASC this year but not identified as UASC status provided for the child last year.",
        &["UASC", "CHILD"],
        r205d,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "207",
        "Mother status for the current year disagrees with the mother status already recorded for this child.",
        &["MOTHER"],
        r207,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "208",
        "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.",
        &["UPN"],
        r208,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "209",
        "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.",
        &["UPN", "DOB"],
        r209,
    ),
    Rule::new(
        "210",
        "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.",
        &["UPN", "DECOM"],
        r210,
    ),
    Rule::new(
        "213",
        "Placement provider information not required.",
        &["PLACE_PROVIDER"],
        r213,
    ),
    Rule::new(
        "214",
        "Placement location information not required.",
        &["PL_POST", "URN"],
        r214,
    ),
    Rule::new(
        "215",
        "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.",
        &["IN_TOUCH", "ACTIV", "ACCOM", "CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        r215,
    ),
    Rule::new(
        "217",
        "Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.",
        &["PLACE", "DECOM", "RNE"],
        r217,
    ),
    Rule::new(
        "218",
        "Ofsted Unique reference number (URN) is required.",
        &["URN"],
        r218,
    )
    .needs(Needs::Places),
    Rule::new(
        "222",
        "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
        &["URN"],
        r222,
    ),
    Rule::new(
        "225",
        "Reason for placement change must be recorded.",
        &["REASON_PLACE_CHANGE"],
        r225,
    ),
    Rule::new(
        "226",
        "Reason for placement change is not required for temporary placements.",
        &["REASON_PLACE_CHANGE", "PLACE"],
        r226,
    ),
    Rule::new(
        "231",
        "We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request.",
        &["DOB", "UASC"],
        r231,
    ),
    Rule::new(
        "232",
        "Sex of the child/young person has been reported as unknown.",
        &["SEX"],
        r232,
    ),
    Rule::new(
        "233",
        "Reason for placement change is not required when the episode has not ceased.",
        &["DEC", "REASON_PLACE_CHANGE"],
        r233,
    ),
    Rule::new(
        "234",
        "A child aged under 10 can not change placement due to being admitted to custody",
        &["REASON_PLACE_CHANGE", "DOB"],
        r234,
    ),
    Rule::new(
        "241",
        "LA of placement is not an LA the provider has premises.",
        &["URN"],
        r241,
    )
    .needs(Needs::Places),
    Rule::new(
        "242",
        "URN = 'XXXXXXX' can only be used for regional adoption agencies",
        &["URN"],
        r242,
    ),
    Rule::new(
        "243",
        "Only placements with providers registered with Ofsted should have a URN reported.",
        &["URN"],
        r243,
    )
    .needs(Needs::Places),
];

/// A cell as the community validator compares it: its text, trimmed and
/// upper-cased, valid or not; `None` when missing.
fn text<T: Cell>(field: &Field<T>) -> Option<String> {
    field
        .is_present()
        .then(|| T::write(field).trim().to_ascii_uppercase())
}

/// Whether a cell's text is one of `codes`.
fn is_any<T: Cell>(field: &Field<T>, codes: &[&str]) -> bool {
    text(field).is_some_and(|t| codes.contains(&t.as_str()))
}

/// A date some years on, 29 February becoming 28 February in a common
/// year (as pandas' `DateOffset(years=n)` does).
fn add_years(day: Date, years: i16) -> Date {
    day.checked_add(years.years()).unwrap_or(day)
}

/// Whether a return has a table (given, or part of its year's set).
fn has_in(file: &Ssda903, table: Table) -> bool {
    Table::in_year(file.year).any(|t| t == table) && !file.files_absent.contains(&table)
}

/// Each episode for which `fails` holds (given its index), when the
/// episodes file was given.
fn each_episode(r: &Return903<'_>, fails: impl Fn(usize, &EpisodeRow) -> bool) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    r.file
        .episodes
        .iter()
        .enumerate()
        .filter(|(i, e)| fails(*i, e))
        .map(|(i, _)| (Table::Episodes, i))
        .collect()
}
