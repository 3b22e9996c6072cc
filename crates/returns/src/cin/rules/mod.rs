//! The DfE's validation rules for the CIN census, by collection year.
//!
//! Each rule is one function named after its code (`r8500` is rule 8500),
//! with the DfE's message; a code ending in `Q` is a query, any other an
//! error. The rule texts are those of the DfE's CIN census validation rules
//! for 2025-26 (the 2026-27 list is the same); where the DfE's text leaves a
//! point open, the rule follows the community CIN validator
//! (data-to-insight `csc-validator-be-cin`), the reference against which
//! findings are compared, and says so.
//!
//! A rule looks either at one child ([`Check::Child`]) or at the whole
//! return ([`Check::Return`], for the authority-level rules such as
//! duplicate identifiers and shares of codes used). It names the elements at
//! fault; [`validate`] turns them into [`Finding`]s naming the rule, the
//! child's `LAchildID`, the element and the message.
//!
//! The census period runs from the collection year's 1 April to its
//! reference date, 31 March: the year asked for, not the header's
//! `ReferenceDate` (which rule 100 checks).

mod assessments;
mod child;
mod episodes;
mod plans;
mod protection;
mod section47;
#[cfg(test)]
mod tests;

use hearth_domain::calendar::WorkingDayCalendar;
use jiff::civil::{Date, Weekday};

use super::model::{Child, CinDetails, CinFile};
use crate::{CollectionYear, Field, Finding, Severity};

/// Elements at fault in one child's record, by element name.
pub type Faults = Vec<&'static str>;

/// Children at fault in a return (by index; `None` for a finding about the
/// return as a whole), each with the element at fault.
pub type ReturnFaults = Vec<(Option<usize>, &'static str)>;

/// What a rule looks at.
#[derive(Clone, Copy)]
pub enum Check {
    /// One child at a time: the elements at fault.
    Child(fn(&Census<'_>, &Child) -> Faults),
    /// The whole return: each child at fault (by index; `None` for a finding
    /// about the return as a whole) with the element.
    Return(fn(&Census<'_>) -> ReturnFaults),
}

/// One DfE rule.
#[derive(Clone, Copy)]
pub struct Rule {
    /// The DfE's code, e.g. `8500` or `8525Q`.
    pub code: &'static str,
    /// The DfE's message.
    pub message: &'static str,
    pub check: Check,
}

impl Rule {
    /// A query when the code ends in `Q`, otherwise an error.
    pub fn kind(&self) -> Severity {
        if self.code.ends_with('Q') {
            Severity::Query
        } else {
            Severity::Error
        }
    }
}

/// A return under validation, with its collection year's dates.
pub struct Census<'a> {
    pub file: &'a CinFile,
    pub year: CollectionYear,
    /// 1 April: the first day of the census period.
    pub start: Date,
    /// 31 March: the reference date, the last day of the census period.
    pub reference: Date,
    calendar: WorkingDayCalendar,
}

impl<'a> Census<'a> {
    pub fn new(file: &'a CinFile, year: CollectionYear) -> Self {
        Census {
            file,
            year,
            start: year.start(),
            reference: year.reference_date(),
            calendar: WorkingDayCalendar::england_and_wales(),
        }
    }

    /// Whether a date is in the census period, both ends included.
    pub fn in_period(&self, day: Date) -> bool {
        self.start <= day && day <= self.reference
    }

    /// The `n`th working day before `day` in England (`day` minus `n`
    /// working days), as the DfE's "minus N working days" is counted.
    pub fn working_days_before(&self, day: Date, n: u32) -> Date {
        let mut at = day;
        let mut counted = 0;
        while counted < n {
            let Ok(before) = at.yesterday() else {
                return at;
            };
            at = before;
            let working = self.calendar.is_working_day(at).unwrap_or(!is_weekend(at));
            if working {
                counted += 1;
            }
        }
        at
    }
}

/// Saturday or Sunday.
pub fn is_weekend(day: Date) -> bool {
    matches!(day.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// A valid date, if one was given.
pub(crate) fn day(field: &Field<Date>) -> Option<Date> {
    field.valid().copied()
}

/// Whether a yes/no item says no: the DfE's "= false or 0".
pub(crate) fn is_no(field: &Field<bool>) -> bool {
    field.valid() == Some(&false)
}

/// Whether a yes/no item says yes: "= true or 1".
pub(crate) fn is_yes(field: &Field<bool>) -> bool {
    field.valid() == Some(&true)
}

/// Every episode of a child.
pub(crate) fn episodes(child: &Child) -> impl Iterator<Item = &CinDetails> {
    child.cin_details.iter()
}

/// The rules of a collection year, in code order.
pub fn rules(year: CollectionYear) -> &'static [Rule] {
    match year {
        CollectionYear::Y2025_26 => RULES_2025_26,
        // The DfE's 2026-27 list is the 2025-26 one; its rules for the
        // pre-proceedings block are not yet published.
        CollectionYear::Y2026_27 => RULES_2026_27,
    }
}

/// Runs every rule of the year on a return. Findings come in rule order,
/// then child order, one per rule, child and element.
pub fn validate(file: &CinFile, year: CollectionYear) -> Vec<Finding> {
    validate_census(&Census::new(file, year))
}

/// Runs the year's rules with the census period the file's own
/// `ReferenceDate` gives (from the day after the same date a year before),
/// as the community validator takes it: for comparing findings with it on
/// files whose `ReferenceDate` is not the 31 March of the year asked for.
/// `None` when the file has no valid `ReferenceDate`.
pub fn validate_as_of_reference_date(file: &CinFile, year: CollectionYear) -> Option<Vec<Finding>> {
    let reference = file.reference_date()?;
    let start = reference
        .checked_sub(jiff::Span::new().years(1))
        .ok()?
        .tomorrow()
        .ok()?;
    let mut census = Census::new(file, year);
    census.start = start;
    census.reference = reference;
    Some(validate_census(&census))
}

fn validate_census(census: &Census<'_>) -> Vec<Finding> {
    let (file, year) = (census.file, census.year);
    let mut findings = Vec::new();
    for rule in rules(year) {
        let mut found: ReturnFaults = match rule.check {
            Check::Child(check) => file
                .children
                .iter()
                .enumerate()
                .flat_map(|(index, child)| {
                    check(census, child)
                        .into_iter()
                        .map(move |field| (Some(index), field))
                })
                .collect(),
            Check::Return(check) => check(census),
        };
        found.sort_unstable();
        found.dedup();
        findings.extend(found.into_iter().map(|(index, field)| {
            Finding {
                rule: rule.code.to_owned(),
                child: index
                    .and_then(|index| file.children.get(index))
                    .map(|child| child.la_child_id().to_owned())
                    .unwrap_or_default(),
                field: field.to_owned(),
                message: rule.message.to_owned(),
                kind: rule.kind(),
            }
        }));
    }
    findings
}

const fn rule(code: &'static str, message: &'static str, check: Check) -> Rule {
    Rule {
        code,
        message,
        check,
    }
}

/// The 2025-26 rules, in the DfE's code order.
pub static RULES_2025_26: &[Rule] = &[
    rule(
        "100",
        "Reference Date is incorrect",
        Check::Return(child::r100),
    ),
    rule(
        "1103",
        "The assessment start date cannot be before the referral date",
        Check::Child(assessments::r1103),
    ),
    rule(
        "1104",
        "The date of the initial child protection conference cannot be before the referral date",
        Check::Child(episodes::r1104),
    ),
    rule(
        "1105",
        "The child protection plan start date cannot be before the referral date",
        Check::Child(protection::r1105),
    ),
    rule(
        "1510",
        "UPN invalid (wrong check letter at character 1)",
        Check::Child(child::r1510),
    ),
    rule(
        "1520",
        "More than one record with the same UPN.",
        Check::Return(child::r1520),
    ),
    rule(
        "1530",
        "UPN invalid (characters 2-4 not a recognised LA code)",
        Check::Child(child::r1530),
    ),
    rule(
        "1540",
        "UPN invalid (characters 5-12 not all numeric)",
        Check::Child(child::r1540),
    ),
    rule(
        "1550",
        "UPN invalid (character 13 not a recognised value)",
        Check::Child(child::r1550),
    ),
    rule(
        "1560Q",
        "Please check and either amend or provide a reason: Former UPN wrongly formatted",
        Check::Child(child::r1560q),
    ),
    rule(
        "1570",
        "LA Child ID must not be longer than 20 characters",
        Check::Child(child::r1570),
    ),
    rule(
        "1580",
        "LA Child ID must not contain any non-alphanumeric characters",
        Check::Child(child::r1580),
    ),
    rule(
        "2883",
        "There are more child protection plans starting than initial conferences taking place",
        Check::Return(section47::r2883),
    ),
    rule(
        "2884",
        "An initial child protection conference is recorded at both the S47 and CIN Details level and it should only be recorded in one",
        Check::Child(episodes::r2884),
    ),
    rule(
        "2885",
        "Child protection plan shown as starting a different day to the initial child protection conference.",
        Check::Child(section47::r2885),
    ),
    rule(
        "2886Q",
        "Please check and either amend or provide a reason: Percentage of children with no sex recorded is more than 2% (excluding unborns)",
        Check::Return(child::r2886q),
    ),
    rule(
        "2887Q",
        "Please check and either amend or provide a reason: Less than 8 disability codes have been used in your return",
        Check::Return(child::r2887q),
    ),
    rule(
        "2888Q",
        "Please check and either amend or provide a reason: Only one disability code is recorded per child and multiple disabilities should be recorded where possible.",
        Check::Return(child::r2888q),
    ),
    rule(
        "2889",
        "The S47 start date cannot be before the referral date.",
        Check::Child(section47::r2889),
    ),
    rule(
        "2990",
        "Activity is recorded against a case marked as ‘Case closed after assessment, no further action’ or 'case closed after assessment, referred to early help'.",
        Check::Child(episodes::r2990),
    ),
    rule(
        "2991Q",
        "Please check and either amend data or provide a reason: A Section 47 module is recorded and there is no assessment on the episode",
        Check::Child(episodes::r2991q),
    ),
    rule(
        "4000",
        "CIN Plan details provided for a referral with no further action",
        Check::Child(episodes::r4000),
    ),
    rule(
        "4001",
        "A CIN Plan cannot run concurrently with a Child Protection Plan",
        Check::Child(plans::r4001),
    ),
    rule(
        "4003",
        "A CPP review date is shown as being held at the same time as an open CIN Plan.",
        Check::Child(plans::r4003),
    ),
    rule(
        "4004",
        "This child is showing more than one open CIN Plan, i.e. with no End Date",
        Check::Child(plans::r4004),
    ),
    rule(
        "4008",
        "CIN Plan shown as starting after the child’s Date of Death.",
        Check::Child(plans::r4008),
    ),
    rule(
        "4009Q",
        "CIN Plan cannot end after the child’s Date of Death",
        Check::Child(plans::r4009q),
    ),
    rule(
        "4010",
        "CIN Plan start date is missing or out of data collection period",
        Check::Child(plans::r4010),
    ),
    rule(
        "4011",
        "CIN Plan End Date earlier than Start Date",
        Check::Child(plans::r4011),
    ),
    rule(
        "4012Q",
        "Please check and either amend or provide a reason: CIN Plan shown as starting and ending on the same day",
        Check::Child(plans::r4012q),
    ),
    rule(
        "4013",
        "CIN Plan end date must fall within the census year",
        Check::Child(plans::r4013),
    ),
    rule(
        "4014",
        "CIN Plan data contains overlapping dates",
        Check::Child(plans::r4014),
    ),
    rule(
        "4015",
        "The CIN Plan start date cannot be before the referral date",
        Check::Child(plans::r4015),
    ),
    rule(
        "4016",
        "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
        Check::Child(plans::r4016),
    ),
    rule(
        "4017",
        "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
        Check::Child(plans::r4017),
    ),
    rule(
        "4180",
        "Sex must be provided and equal M, F, or U",
        Check::Child(child::r4180),
    ),
    rule(
        "4220",
        "Ethnicity is missing or invalid (see Ethnicity table)",
        Check::Child(child::r4220),
    ),
    rule("8500", "LA Child ID missing", Check::Child(child::r8500)),
    rule(
        "8510",
        "More than one child record with the same LA Child ID",
        Check::Return(child::r8510),
    ),
    rule(
        "8520",
        "Date of Birth is after data collection period (must be on or before the end of the census period)",
        Check::Child(child::r8520),
    ),
    rule(
        "8525Q",
        "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
        Check::Child(child::r8525q),
    ),
    rule(
        "8530Q",
        "Please check and either amend data or provide a reason: Expected Date of Birth is outside the expected range for this census (March to December of the Census Year end)",
        Check::Child(child::r8530q),
    ),
    rule(
        "8535Q",
        "Please check and either amend data or provide a reason: Child’s date of death should not be prior to the date of birth",
        Check::Child(child::r8535q),
    ),
    rule(
        "8540",
        "Child’s disability is missing or invalid (see Disability table)",
        Check::Child(child::r8540),
    ),
    rule(
        "8545Q",
        "Please check and either amend data or provide a reason: Child's date of death should be within the census year",
        Check::Child(child::r8545q),
    ),
    rule(
        "8555Q",
        "Child cannot be referred after its recorded date of death",
        Check::Child(episodes::r8555q),
    ),
    rule(
        "8565",
        "Activity shown after a case has been closed",
        Check::Child(episodes::r8565),
    ),
    rule(
        "8568",
        "RNFA flag is missing or invalid",
        Check::Child(episodes::r8568),
    ),
    rule(
        "8569Q",
        "A case with referral date before one working day prior to the collection start date must not be flagged as a no further action case",
        Check::Child(episodes::r8569q),
    ),
    rule(
        "8585Q",
        "Please check and either amend or provide a reason: CIN episode shows Died as the Closure Reason, however child has no recorded Date of Death",
        Check::Child(episodes::r8585q),
    ),
    rule(
        "8590",
        "Child does not have a recorded CIN episode.",
        Check::Child(child::r8590),
    ),
    rule(
        "8600",
        "Child referral date missing or after data collection period",
        Check::Child(episodes::r8600),
    ),
    rule(
        "8606",
        "Child referral date is more than 40 weeks before DOB or expected DOB",
        Check::Child(episodes::r8606),
    ),
    rule(
        "8608",
        "Assessment Start Date cannot be later than its End Date",
        Check::Child(assessments::r8608),
    ),
    rule(
        "8610",
        "Primary Need code is missing for a referral which led to further action.",
        Check::Child(episodes::r8610),
    ),
    rule(
        "8614",
        "Parental or child factors at assessment should only be present for a completed assessment.",
        Check::Child(assessments::r8614),
    ),
    rule(
        "8615",
        "Section 47 Enquiry Start Date must be present and cannot be later than the date of the initial Child Protection Conference",
        Check::Child(section47::r8615),
    ),
    rule(
        "8620",
        "CIN Closure Date present and does not fall within the Census year",
        Check::Child(episodes::r8620),
    ),
    rule(
        "8630",
        "CIN Closure Date is before CIN Referral Date for the same CIN episode",
        Check::Child(episodes::r8630),
    ),
    rule(
        "8640",
        "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code set)",
        Check::Child(episodes::r8640),
    ),
    rule(
        "8650",
        "Primary Need Code invalid (see Primary Need table in CIN census code set)",
        Check::Child(episodes::r8650),
    ),
    rule(
        "8670Q",
        "Please check and either amend data or provide a reason: Assessment started more than 45 working days before the end of the census year. However, there is no Assessment end date.",
        Check::Child(assessments::r8670q),
    ),
    rule(
        "8675Q",
        "Please check and either amend data or provide a reason: S47 Enquiry started more than 15 working days before the end of the census year. However, there is no date of Initial Child Protection Conference.",
        Check::Child(section47::r8675q),
    ),
    rule(
        "8696",
        "Assessment end date must fall within the census year",
        Check::Child(assessments::r8696),
    ),
    rule(
        "8715",
        "Date of Initial Child Protection Conference must fall within the census year",
        Check::Child(section47::r8715),
    ),
    rule(
        "8720",
        "Child Protection Plan Start Date missing or out of data collection period",
        Check::Child(protection::r8720),
    ),
    rule(
        "8730",
        "Total Number of previous Child Protection Plans missing",
        Check::Child(protection::r8730),
    ),
    rule(
        "8736",
        "For an Assessment that has not been completed, the start date must fall within the census year",
        Check::Child(assessments::r8736),
    ),
    rule(
        "8740",
        "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by the end of the census year, the start date must fall within the census year",
        Check::Child(section47::r8740),
    ),
    rule(
        "8750",
        "Sex must equal U for an unborn child",
        Check::Child(child::r8750),
    ),
    rule(
        "8770Q",
        "Please check and either amend data or provide a reason: UPN is missing or reason UPN is missing or is UN1 for a child who is of school age.",
        Check::Child(child::r8770q),
    ),
    rule(
        "8772",
        "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN details is a referral going on to further action",
        Check::Child(child::r8772),
    ),
    rule(
        "8775Q",
        "Please check and either amend data or provide a reason: Child is over 25 years old",
        Check::Child(child::r8775q),
    ),
    rule(
        "8790",
        "Disability information includes both None and other values",
        Check::Child(child::r8790),
    ),
    rule(
        "8794",
        "Child has two or more disabilities with the same code",
        Check::Child(child::r8794),
    ),
    rule(
        "8805",
        "A CIN case cannot have a CIN closure date without a Reason for Closure",
        Check::Child(episodes::r8805),
    ),
    rule(
        "8810",
        "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
        Check::Child(episodes::r8810),
    ),
    rule(
        "8815",
        "More than one open CIN Details episode (a module with no CIN Closure Date) has been provided for this child and case is not a referral with no further action.",
        Check::Child(episodes::r8815),
    ),
    rule(
        "8816",
        "An open CIN episode is shown and case is not a referral with no further action, but it is not the latest episode.",
        Check::Child(episodes::r8816),
    ),
    rule(
        "8820",
        "The dates on the CIN episodes for this child overlap",
        Check::Child(episodes::r8820),
    ),
    rule(
        "8825Q",
        "Please check and either amend data or provide a reason: Reason for Closure code RC8 (case closed after assessment) or RC9 (case closed after assessment, referred to early help) has been returned but there is no assessment present for the episode.",
        Check::Child(episodes::r8825q),
    ),
    rule(
        "8831",
        "Activity is recorded against a case marked as a referral with no further action",
        Check::Child(episodes::r8831),
    ),
    rule(
        "8832",
        "Child Protection details provided for a referral with no further action.",
        Check::Child(episodes::r8832),
    ),
    rule(
        "8839",
        "Within one CINDetails group there are 2 or more open S47 Assessments",
        Check::Child(section47::r8839),
    ),
    rule(
        "8840",
        "Child Protection Plan cannot start and end on the same day",
        Check::Child(protection::r8840),
    ),
    rule(
        "8841",
        "The review date cannot be on the same day or before the Child protection Plan start date.",
        Check::Child(protection::r8841),
    ),
    rule(
        "8842Q",
        "Please check and either amend or provide a reason: Review Record has a missing date",
        Check::Child(protection::r8842q),
    ),
    rule(
        "8863Q",
        "An Assessment is shown as starting when there is another Assessment ongoing.",
        Check::Child(assessments::r8863q),
    ),
    rule(
        "8866",
        "Source of Referral is missing or an invalid code",
        Check::Child(episodes::r8866),
    ),
    rule(
        "8867",
        "CIN episode is shown as closed, however Assessment is not shown as completed",
        Check::Child(assessments::r8867),
    ),
    rule(
        "8868",
        "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed by ICPC date or ICPC not required flag",
        Check::Child(section47::r8868),
    ),
    rule(
        "8869",
        "The assessment factors code “21” cannot be used in conjunction with any other assessment factors.",
        Check::Child(assessments::r8869),
    ),
    rule(
        "8870Q",
        "Please check and either amend or provide a reason: The Target Date for Initial Child Protection Conference should not be a weekend",
        Check::Child(section47::r8870q),
    ),
    rule(
        "8873Q",
        "Please check and either amend data or provide a reason: When there is only one assessment on the episode and the factors code “21 No factors identified” has been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' should be used.",
        Check::Child(assessments::r8873q),
    ),
    rule(
        "8875",
        "The Date of Initial Child Protection Conference cannot be a weekend",
        Check::Child(section47::r8875),
    ),
    rule(
        "8890",
        "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry ongoing",
        Check::Child(section47::r8890),
    ),
    rule(
        "8896",
        "Within one CINDetails group there are 2 or more open Assessments groups",
        Check::Child(assessments::r8896),
    ),
    rule(
        "8897Q",
        "Parental or child factors at assessment information is missing from a completed assessment",
        Check::Child(assessments::r8897q),
    ),
    rule(
        "8898",
        " The assessment has more than one parental or child factors with the same code",
        Check::Child(assessments::r8898),
    ),
    rule(
        "8905",
        "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
        Check::Child(protection::r8905),
    ),
    rule(
        "8910",
        "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN Census code set)",
        Check::Child(protection::r8910),
    ),
    rule(
        "8915",
        "Child Protection Plan shown as starting after the child’s Date of Death",
        Check::Child(protection::r8915),
    ),
    rule(
        "8920",
        "Child Protection Plan cannot end after the child’s Date of Death",
        Check::Child(protection::r8920),
    ),
    rule(
        "8925",
        "Child Protection Plan End Date earlier than Start Date",
        Check::Child(protection::r8925),
    ),
    rule(
        "8930",
        "Child Protection Plan End Date must fall within the census year",
        Check::Child(protection::r8930),
    ),
    rule(
        "8935",
        "This child is showing more than one open Child Protection plan, i.e. with no End Date",
        Check::Child(protection::r8935),
    ),
    rule(
        "8940",
        "Child Protection Plan data contains overlapping dates",
        Check::Child(protection::r8940),
    ),
    rule(
        "8945Q",
        "Please check and either amend data or provide a reason: the assessment factors code '18A' should not be used ('18B' or '18C' should be used instead)",
        Check::Child(assessments::r8945q),
    ),
    rule(
        "8950Q",
        "Please check and either amend data or provide a reason: the assessment factors code '19A' should not be used ('19B' or '19C' should be used instead)",
        Check::Child(assessments::r8950q),
    ),
];

/// The 2026-27 rules: the DfE's list is the 2025-26 one.
pub static RULES_2026_27: &[Rule] = RULES_2025_26;
