//! Rules 200-399: what last year's return said of the child, episodes of
//! care, their legal statuses and placements.

mod dates;
mod endings;
mod history;
mod placements;
mod statuses;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Needs, Return903, Rows, Rule};
use crate::Field;
use crate::ssda903::cell::Cell;
use crate::ssda903::model::{EpisodeRow, Ssda903, Table};
use dates::*;
use endings::*;
use history::*;
use placements::*;
use statuses::*;

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
    Rule::new(
        "301",
        "Date of birth falls after the year ended.",
        &["DOB"],
        r301,
    ),
    Rule::new(
        "302",
        "First episode starts before child was born.",
        &["DECOM", "DOB"],
        r302,
    ),
    Rule::new(
        "303",
        "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1.",
        &["DUC", "UASC"],
        r303,
    ),
    Rule::new(
        "304",
        "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.",
        &["DUC"],
        r304,
    ),
    Rule::new(
        "331",
        "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.",
        &["DATE_MATCH", "DECOM", "REC"],
        r331,
    ),
    Rule::new(
        "333",
        "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).",
        &["DATE_INT"],
        r333,
    ),
    Rule::new(
        "334",
        "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption. ",
        &["DATE_INT", "DECOM", "RNE"],
        r334,
    ),
    Rule::new(
        "335",
        "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.",
        &["PLACE", "FOSTER_CARE"],
        r335,
    ),
    Rule::new(
        "336",
        "Child does not have a foster placement immediately prior to being placed for adoption.",
        &["PLACE"],
        r336,
    ),
    Rule::new(
        "344",
        "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r344,
    ),
    Rule::new(
        "345",
        "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r345,
    ),
    Rule::new(
        "347",
        "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
        &["DOB", "ACCOM"],
        r347,
    ),
    Rule::new(
        "348",
        "Care leaver has previously been reported as having died. ",
        &["IN_TOUCH"],
        r348,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "351",
        "Child was over 25 at the start of the current collection year.",
        &["DOB"],
        r351,
    ),
    Rule::new(
        "352",
        "Child who started to be looked after was aged 18 or over.",
        &["DECOM", "RNE"],
        r352,
    ),
    Rule::new(
        "353",
        "No episode submitted can start before 14 October 1991.",
        &["DECOM"],
        r353,
    ),
    Rule::new(
        "354",
        "Date episode ceased must be on or before the end of the current collection year.",
        &["DECOM"],
        r354,
    ),
    Rule::new(
        "355",
        "Episode appears to have lasted for less than 24 hours",
        &["DECOM", "DEC"],
        r355,
    ),
    Rule::new(
        "356",
        "The date the episode ceased is before the date the same episode started.",
        &["DECOM"],
        r356,
    ),
    Rule::new(
        "357",
        "If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.",
        &["RNE"],
        r357,
    ),
    Rule::new(
        "358",
        "Child with this legal status should not be under 10.",
        &["DECOM", "DOB", "LS"],
        r358,
    ),
    Rule::new(
        "359",
        "Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.",
        &["DEC", "LS", "PLACE"],
        r359,
    ),
    Rule::new(
        "361",
        "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.",
        &["DECOM", "LS", "DEC"],
        r361,
    ),
    Rule::new(
        "362",
        "Emergency protection order (EPO) lasted longer than 21 days",
        &["DECOM", "LS", "DEC"],
        r362,
    ),
    Rule::new(
        "363",
        "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
        &["LS", "DECOM", "DEC"],
        r363,
    ),
    Rule::new(
        "364",
        "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation.",
        &["LS", "DECOM", "DEC"],
        r364,
    ),
    Rule::new(
        "365",
        "Any individual short- term respite placement must not exceed 17 days.",
        &["LS", "DECOM", "DEC"],
        r365,
    ),
    Rule::new(
        "366",
        "A child cannot change placement during the course of an individual short-term respite break.",
        &["RNE"],
        r366,
    ),
    Rule::new(
        "367",
        "The maximum amount of respite care allowable is 75 days in any 12-month period.",
        &["LS", "DECOM", "DEC"],
        r367,
    ),
    Rule::new(
        "371",
        "Child in supported accomodation not subject to children’s homes regulations should be at least 16.",
        &["DECOM", "PLACE"],
        r371,
    ),
    Rule::new(
        "372",
        "Child in youth custody or prison should be at least 10.",
        &["DECOM", "PLACE"],
        r372,
    ),
    Rule::new(
        "373",
        "Child placed in a school should be at least 4 years old.",
        &["DECOM", "PLACE"],
        r373,
    ),
    Rule::new(
        "374",
        "Child in residential employment should be at least 14 years old.",
        &["DECOM", "PLACE"],
        r374,
    ),
    Rule::new(
        "375",
        "Hospitalisation coded as a temporary placement exceeds six weeks.",
        &["DECOM", "PLACE"],
        r375,
    ),
    Rule::new(
        "376",
        "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.",
        &["DECOM", "PLACE"],
        r376,
    ),
    Rule::new(
        "377",
        "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.",
        &["PLACE"],
        r377,
    ),
    Rule::new(
        "378",
        "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.",
        &["PLACE", "LS"],
        r378,
    ),
    Rule::new(
        "379",
        "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
        &["DECOM", "PLACE"],
        r379,
    ),
    Rule::new(
        "380",
        "A period of care cannot start with a temporary placement.",
        &["PLACE", "RNE"],
        r380,
    ),
    Rule::new(
        "381",
        "A period of care cannot end with a temporary placement.",
        &["PLACE", "REC"],
        r381,
    ),
    Rule::new(
        "382",
        "A child receiving respite care cannot be in a temporary placement.",
        &["LS", "PLACE"],
        r382,
    ),
    Rule::new(
        "383",
        "A child in a temporary placement must subsequently return to his/her normal placement.",
        &["PLACE", "RNE", "PL_POST"],
        r383,
    ),
    Rule::new(
        "384",
        "A child receiving respite care cannot be in a long-term foster placement ",
        &["PLACE", "LS"],
        r384,
    ),
    Rule::new(
        "385",
        "Date episode ceased must be on or before the end of the current collection year.",
        &["DEC"],
        r385,
    ),
    Rule::new(
        "386",
        "Reason episode ceased is adopted but child has reached age 18.",
        &["REC"],
        r386,
    ),
    Rule::new(
        "387",
        "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.",
        &["REC"],
        r387,
    ),
    Rule::new(
        "388",
        "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
        &["REC"],
        r388,
    ),
    Rule::new(
        "389",
        "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.",
        &["REC"],
        r389,
    ),
    Rule::new(
        "390",
        "Reason episode ceased is adopted but child has not been previously placed for adoption.",
        &["PLACE", "REC"],
        r390,
    ),
    Rule::new(
        "391",
        "Young person was not 17, 18, 19, 20 or 21 during the current collection year. ",
        &["DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
        r391,
    ),
    Rule::new(
        "392a",
        "Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]",
        &["PL_DISTANCE"],
        r392a,
    )
    .needs(Needs::Places),
    Rule::new(
        "392b",
        "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]",
        &["HOME_POST", "PL_POST"],
        r392b,
    ),
    Rule::new(
        "392c",
        "Postcode(s) provided are invalid.",
        &["HOME_POST", "PL_POST"],
        r392c,
    )
    .needs(Needs::Places),
    Rule::new(
        "392d",
        "Home and placement postcodes should not be same unless the placement type is P1.",
        &["HOME_POST", "PL_POST", "PLACE"],
        r392d,
    ),
    Rule::new(
        "393",
        "Child is looked after but mother field is not completed.",
        &["MOTHER"],
        r393,
    ),
    Rule::new(
        "398",
        "Distance field completed but child looked after under legal status V3 or V4.",
        &["LS", "HOME_POST", "PL_POST"],
        r398,
    ),
    Rule::new(
        "399",
        "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.",
        &["MOTHER", "LS", "REVIEW", "REVIEW_CODE"],
        r399,
    ),
];

/// A cell as the community validator compares it: its text, trimmed and
/// upper-cased, valid or not; `None` when missing.
pub(super) fn text<T: Cell>(field: &Field<T>) -> Option<String> {
    field
        .is_present()
        .then(|| T::write(field).trim().to_ascii_uppercase())
}

/// Whether a cell's text is one of `codes`.
pub(super) fn is_any<T: Cell>(field: &Field<T>, codes: &[&str]) -> bool {
    text(field).is_some_and(|t| codes.contains(&t.as_str()))
}

/// A date some years on, 29 February becoming 28 February in a common
/// year (as pandas' `DateOffset(years=n)` does).
fn add_years(day: Date, years: i16) -> Date {
    day.checked_add(years.years()).unwrap_or(day)
}

/// A date some days on.
fn add_days(day: Date, days: i32) -> Date {
    day.checked_add(days.days()).unwrap_or(day)
}

/// Days from one date to another.
fn days(from: Date, to: Date) -> i32 {
    from.until(to).map(|span| span.get_days()).unwrap_or(0)
}

/// Whether a return has a table (given, or part of its year's set).
fn has_in(file: &Ssda903, table: Table) -> bool {
    Table::in_year(file.year).any(|t| t == table) && !file.files_absent.contains(&table)
}

/// Each episode for which `fails` holds (given its index), when the
/// episodes file was given.
pub(super) fn each_episode(r: &Return903<'_>, fails: impl Fn(usize, &EpisodeRow) -> bool) -> Rows {
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
