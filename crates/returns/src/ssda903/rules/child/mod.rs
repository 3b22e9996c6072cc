//! Rules 101-199, 1000-1016 and 3001: the header's characteristics, UASC,
//! each column's codes and dates, the adoption and placed-for-adoption
//! items, the OC2 and OC3 outcomes, missing episodes and reviews.

mod adoption;
mod episodes;
mod header;
mod missing;
mod oc2;
mod oc3;

use std::collections::HashSet;

use jiff::ToSpan;
use jiff::civil::Date;

use super::{Needs, Return903, Rows, Rule};
use crate::Field;
use crate::ssda903::cell::Cell;
use crate::ssda903::model::Table;

use adoption::*;
use episodes::*;
use header::*;
use missing::*;
use oc2::*;
use oc3::*;

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "101",
        "The child or young person’s reported sex is not valid.",
        &["SEX"],
        r101,
    ),
    Rule::new("102", "Date of birth is not a valid date.", &["DOB"], r102),
    Rule::new(
        "103",
        "The ethnicity code is either not valid or has not been entered.",
        &["ETHNIC"],
        r103,
    ),
    Rule::new(
        "104",
        "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date.",
        &["DUC"],
        r104,
    ),
    Rule::new(
        "112",
        "Date should be placed for adoption is not a valid date.",
        &["DATE_INT"],
        r112,
    ),
    Rule::new(
        "113",
        "Date matching child and adopter(s) is not a valid date.",
        &["DATE_MATCH"],
        r113,
    ),
    Rule::new(
        "114",
        "Data entry to record the status of former carer(s) of an adopted child is invalid.",
        &["FOSTER_CARE"],
        r114,
    ),
    Rule::new(
        "115",
        "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date.",
        &["DATE_PLACED"],
        r115,
    ),
    Rule::new(
        "116",
        "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date.",
        &["DATE_PLACED_CEASED"],
        r116,
    ),
    Rule::new(
        "117",
        "Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after.",
        &["DATE_PLACED_CEASED", "DATE_PLACED", "DEC", "REC", "DECOM"],
        r117,
    ),
    Rule::new(
        "118",
        "Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after.",
        &["DECOM", "DECOM", "LS"],
        r118,
    ),
    Rule::new(
        "119",
        "If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed.",
        &["REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
        r119,
    ),
    Rule::new(
        "120",
        "The reason for the reversal of the decision that the child should be placed for adoption code is not valid.",
        &["REASON_PLACED_CEASED"],
        r120,
    ),
    Rule::new(
        "131",
        "Data entry for being in touch after leaving care is invalid.",
        &["IN_TOUCH"],
        r131,
    ),
    Rule::new(
        "132",
        "Data entry for activity after leaving care is invalid.",
        &["ACTIV"],
        r132,
    ),
    Rule::new(
        "133",
        "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid",
        &["ACCOM"],
        r133,
    ),
    Rule::new(
        "134",
        "Data on adoption should not be entered for the OC3 cohort.",
        &["IN_TOUCH", "ACTIV", "ACCOM", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        r134,
    ),
    Rule::new(
        "141",
        "Date episode began is not a valid date.",
        &["DECOM"],
        r141,
    ),
    Rule::new(
        "142",
        "A new episode has started, but the previous episode has not ended.",
        &["DEC", "REC"],
        r142,
    ),
    Rule::new(
        "143",
        "The reason for new episode code is not a valid code.",
        &["RNE"],
        r143,
    ),
    Rule::new(
        "144",
        "The legal status code is not a valid code.",
        &["LS"],
        r144,
    ),
    Rule::new(
        "145",
        "Category of need code is not a valid code.",
        &["CIN"],
        r145,
    ),
    Rule::new(
        "146",
        "Placement type code is not a valid code.",
        &["PLACE"],
        r146,
    ),
    Rule::new(
        "147",
        "Date episode ceased is not a valid date.",
        &["DEC"],
        r147,
    ),
    Rule::new(
        "148",
        "Date episode ceased and reason episode ceased must both be coded, or both left blank.",
        &["DEC", "REC"],
        r148,
    ),
    Rule::new(
        "149",
        "Reason episode ceased code is not valid. ",
        &["REC"],
        r149,
    ),
    Rule::new(
        "151",
        "All data items relating to a childs adoption must be coded or left blank.",
        &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTER", "SEX_ADOPTR", "LS_ADOPTR"],
        r151,
    ),
    Rule::new(
        "153",
        "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank.",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r153,
    ),
    Rule::new(
        "157",
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score.",
        &["SDQ_REASON", "DOB"],
        r157,
    ),
    Rule::new(
        "158",
        "If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank.",
        &["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        r158,
    ),
    Rule::new(
        "159",
        "If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well.",
        &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        r159,
    ),
    Rule::new(
        "164",
        "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]",
        &["PL_DISTANCE"],
        r164,
    )
    .needs(Needs::Places),
    Rule::new(
        "165",
        "Data entry for mother status is invalid.",
        &["MOTHER", "SEX", "ACTIV", "ACCOM", "IN_TOUCH", "DECOM"],
        r165,
    ),
    Rule::new(
        "166",
        "Date of review is invalid or blank.",
        &["REVIEW"],
        r166,
    ),
    Rule::new(
        "167",
        "Data entry for participation is invalid or blank.",
        &["REVIEW_CODE"],
        r167,
    ),
    Rule::new(
        "168",
        "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5.",
        &["UPN"],
        r168,
    ),
    Rule::new(
        "169",
        "Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered.",
        &["PL_LA"],
        r169,
    )
    .needs(Needs::Places),
    Rule::new(
        "171",
        "Date of birth of mother's child is not a valid date.",
        &["MC_DOB"],
        r171,
    ),
    Rule::new(
        "174",
        "Mother's child date of birth is recorded but sex shows that the child is a male.",
        &["SEX", "MC_DOB"],
        r174,
    ),
    Rule::new(
        "175",
        "The number of adopter(s) code is not a valid code.",
        &["NB_ADOPTR"],
        r175,
    ),
    Rule::new(
        "176",
        "The gender of adopter(s) at the date of adoption code is not a valid code.",
        &["SEX_ADOPTR"],
        r176,
    ),
    Rule::new(
        "177",
        "The legal status of adopter(s) code is not a valid code.",
        &["LS_ADOPTR"],
        r177,
    ),
    Rule::new(
        "178",
        "Placement provider code is not a valid code.",
        &["PLACE_PROVIDER"],
        r178,
    ),
    Rule::new(
        "179",
        "Placement location code is not a valid code.",
        &["PL_LOCATION"],
        r179,
    )
    .needs(Needs::Places),
    Rule::new(
        "180",
        "Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
        &["SDQ_SCORE"],
        r180,
    ),
    Rule::new(
        "181",
        "Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1.",
        &["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        r181,
    ),
    Rule::new(
        "182",
        "Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank.",
        &["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CONVICTED", "HEALTH_CHECK", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        r182,
    ),
    Rule::new(
        "184",
        "Date of decision that a child should be placed for adoption is before the child was born.",
        &["DATE_PLACED", "DOB"],
        r184,
    ),
    Rule::new(
        "185",
        "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed.",
        &["SDQ_SCORE"],
        r185,
    ),
    Rule::new(
        "186",
        "Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed.",
        &["SDQ_SCORE"],
        r186,
    ),
    Rule::new(
        "187",
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed.",
        &["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR", "IN_TOUCH", "ACTIV", "ACCOM"],
        r187,
    ),
    Rule::new(
        "188",
        "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed. ",
        &["SDQ_SCORE", "SDQ_REASON"],
        r188,
    ),
    Rule::new(
        "189",
        "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed.",
        &["DOB", "SDQ_SCORE", "SDQ_REASON"],
        r189,
    ),
    Rule::new(
        "190",
        "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed.",
        &["CONVICTED", "HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        r190,
    ),
    Rule::new(
        "191",
        "Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank.",
        &["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE", "CHILD"],
        r191,
    ),
    Rule::new(
        "192",
        "Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank.",
        &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
        r192,
    ),
    Rule::new(
        "193",
        "Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed.",
        &["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
        r193,
    ),
    Rule::new(
        "196",
        "Strengths and Difficulties (SDQ) reason is not a valid code.",
        &["SDQ_REASON"],
        r196,
    ),
    Rule::new(
        "197a",
        "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in.",
        &["SDQ_SCORE", "SDQ_REASON"],
        r197a,
    ),
    Rule::new(
        "197B",
        "SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
        &["SDQ_REASON", "DOB"],
        r197b,
    ),
    Rule::new(
        "198",
        "Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed. ",
        &["SDQ_REASON"],
        r198,
    ),
    Rule::new(
        "199",
        "Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]",
        &["CHILD"],
        r199,
    ),
    Rule::new(
        "1000",
        "This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r1000,
    ),
    Rule::new(
        "1001",
        "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r1001,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "1002",
        "This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r1002,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "1003",
        "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.",
        &["DATE_PLACED", "DECOM", "RNE"],
        r1003,
    ),
    Rule::new(
        "1004",
        "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
        &["MIS_START"],
        r1004,
    ),
    Rule::new(
        "1005",
        "The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.",
        &["MIS_END"],
        r1005,
    ),
    Rule::new(
        "1006",
        "Missing type invalid.",
        &["MISSING"],
        r1006,
    ),
    Rule::new(
        "1007",
        "Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r1007,
    ),
    Rule::new(
        "1009",
        "Reason for placement change is not a valid code.",
        &["REASON_PLACE_CHANGE"],
        r1009,
    ),
    Rule::new(
        "1010",
        "This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r1010,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "1011",
        "This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r1011,
    ),
    Rule::new(
        "1012",
        "No other data should be returned for OC3 children who had no episodes in the current year",
        &["CHILD"],
        r1012,
    ),
    Rule::new(
        "1014",
        "UASC information is not required for care leavers",
        &["ACTIV", "ACCOM", "IN_TOUCH", "DUC"],
        r1014,
    ),
    Rule::new(
        "1015",
        "Placement provider is own provision but child not placed in own LA.",
        &["PL_LA"],
        r1015,
    )
    .needs(Needs::Places),
    Rule::new(
        "1016",
        "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.",
        &["IN_TOUCH", "ACTIV", "ACCOM"],
        r1016,
    ),
    Rule::new(
        "3001",
        "Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).",
        &["REC"],
        r3001,
    ),

];

/// A cell's text as the community validator compares it (upper-cased, as
/// it reads every file): `None` when empty.
fn text<T: Cell>(field: &Field<T>) -> Option<String> {
    match field {
        Field::Missing => None,
        Field::Valid(_) => Some(T::write(field)),
        Field::Invalid(raw) => Some(raw.to_uppercase()),
    }
}

/// Whether a cell's text is one of `codes`.
fn is_one_of<T: Cell>(field: &Field<T>, codes: &[&str]) -> bool {
    text(field).is_some_and(|t| codes.contains(&t.as_str()))
}

/// Whether a cell holds something that is not a valid date (an empty
/// cell is not).
fn bad_date(field: &Field<Date>) -> bool {
    field.is_present() && field.valid().is_none()
}

/// A valid date in a cell.
fn day(field: &Field<Date>) -> Option<Date> {
    field.valid().copied()
}

/// A date `years` later, the 29 February of a common year falling on
/// 28 February (as a calendar offset does).
fn plus_years(day: Date, years: i16) -> Date {
    day.checked_add(years.years()).unwrap_or(Date::MAX)
}

/// The rows of a table, by index, that a test picks.
fn rows_where(table: Table, len: usize, at_fault: impl Fn(usize) -> bool) -> Rows {
    (0..len)
        .filter(|&i| at_fault(i))
        .map(|i| (table, i))
        .collect()
}

/// The legal statuses of short-term breaks (V3, V4).
const SHORT_BREAK: &[&str] = &["V3", "V4"];

/// The children looked after continuously through the year, as the DfE's
/// validation guide defines them for OC2: in care at some time in the
/// year, and with no episode that starts care in the year (RNE S), ends
/// care in the year (any REC but X1) or is a short break (V3/V4) in the
/// year.
/// Worked out once per return: several rules ask.
fn continuously_looked_after<'r>(r: &'r Return903<'_>) -> &'r HashSet<String> {
    r.continuously_looked_after.get_or_init(|| {
        work_out_continuously_looked_after(r)
            .into_iter()
            .map(str::to_owned)
            .collect()
    })
}

fn work_out_continuously_looked_after<'a>(r: &Return903<'a>) -> HashSet<&'a str> {
    let mut in_care = HashSet::new();
    let mut broken = HashSet::new();
    for (i, e) in r.file.episodes.iter().enumerate() {
        let child = r.child_of(Table::Episodes, i);
        let (decom, dec) = (day(&e.decom), day(&e.dec));
        let during = decom.is_some_and(|d| d <= r.end) && dec.is_none_or(|d| d >= r.start);
        let enters = text(&e.rne).as_deref() == Some("S")
            && decom.is_some_and(|d| r.start < d && d <= r.end);
        let leaves =
            text(&e.rec).as_deref() != Some("X1") && dec.is_some_and(|d| r.start <= d && d < r.end);
        let short_break = is_one_of(&e.ls, SHORT_BREAK) && during;
        if during {
            in_care.insert(child);
        }
        if enters || leaves || short_break {
            broken.insert(child);
        }
    }
    in_care.retain(|child| !broken.contains(child));
    in_care
}

/// The children with a row in a table.
fn children_in<'a>(r: &Return903<'a>, table: Table) -> HashSet<&'a str> {
    (0..r.file.rows(table))
        .map(|i| r.child_of(table, i))
        .collect()
}
