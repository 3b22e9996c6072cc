//! The CIN census as XML: a [`CinFile`] written in the element order of the
//! collection year's schema (`data/cin/CIN_schema_2025_26.xsd`,
//! `data/cin/CIN_schema_2026_27.xsd`).
//!
//! Following the CIN census business and technical specification (2025-26
//! and 2026-27): dates are written `yyyy-mm-dd`; yes/no items as `1` or `0`
//! (the only values the 2025-26 schema's yes/no type accepts); codes as the
//! DfE writes them. A value that is missing leaves its element out, and a
//! module with nothing in it (no assessments, no section 47 enquiry, no
//! plan) is not written at all, as the specification asks. A value read
//! from another file that was not valid is written back as it was typed,
//! so a file read and written again says what it said. The
//! pre-proceedings and family group decision-making module is written only
//! for 2026-27, the first year that has it.

use std::borrow::Cow;

use hearth_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, Disability, Ethnicity, PrimaryNeed, ReasonForClosure,
    ReferralSource, Sex, UpnUnknown,
};
use jiff::civil::{Date, DateTime};

use super::model::{
    Assessment, Child, ChildProtectionPlan, CinDetails, CinFile, CinPlanDates, Header,
    PreProceedingsAndFgdm, Section47,
};
use crate::{CollectionYear, Field};

/// The census file for `year` as XML text (UTF-8, with its declaration).
pub fn to_xml(file: &CinFile, year: CollectionYear) -> String {
    // About 1.5 KB a child is typical; reserving it saves regrowing.
    let mut x = Xml::with_capacity(1_024 + file.children.len() * 1_536);
    x.out
        .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    x.open("Message");
    if let Some(h) = &file.header {
        header(&mut x, h);
    }
    x.open("Children");
    for c in &file.children {
        child(&mut x, c, year);
    }
    x.close("Children");
    x.close("Message");
    x.out
}

fn header(x: &mut Xml, h: &Header) {
    x.open("Header");
    if let Some(c) = &h.collection_details {
        x.open("CollectionDetails");
        x.leaf("Collection", &c.collection);
        x.leaf("Year", &c.year);
        x.leaf("ReferenceDate", &c.reference_date);
        x.close("CollectionDetails");
    }
    for s in &h.sources {
        x.open("Source");
        x.leaf("SourceLevel", &s.source_level);
        x.leaf("LEA", &s.lea);
        x.leaf("SoftwareCode", &s.software_code);
        x.leaf("Release", &s.release);
        x.leaf("SerialNo", &s.serial_no);
        x.leaf("DateTime", &s.date_time);
        x.close("Source");
    }
    x.close("Header");
}

fn child(x: &mut Xml, c: &Child, year: CollectionYear) {
    x.open("Child");
    let i = &c.identifiers;
    x.open("ChildIdentifiers");
    x.leaf("LAchildID", &i.la_child_id);
    x.leaf("UPN", &i.upn);
    x.leaf("FormerUPN", &i.former_upn);
    x.leaf("UPNunknown", &i.upn_unknown);
    x.leaf("PersonBirthDate", &i.person_birth_date);
    x.leaf("ExpectedPersonBirthDate", &i.expected_person_birth_date);
    x.leaf("Sex", &i.sex);
    x.leaf("PersonDeathDate", &i.person_death_date);
    x.close("ChildIdentifiers");
    let ch = &c.characteristics;
    x.open("ChildCharacteristics");
    x.leaf("Ethnicity", &ch.ethnicity);
    if ch.disabilities.iter().any(Field::is_present) {
        x.open("Disabilities");
        for d in &ch.disabilities {
            x.leaf("Disability", d);
        }
        x.close("Disabilities");
    }
    x.close("ChildCharacteristics");
    for d in &c.cin_details {
        cin_details(x, d, year);
    }
    x.close("Child");
}

fn cin_details(x: &mut Xml, d: &CinDetails, year: CollectionYear) {
    x.open("CINdetails");
    x.leaf("CINreferralDate", &d.cin_referral_date);
    x.leaf("ReferralSource", &d.referral_source);
    x.leaf("PrimaryNeedCode", &d.primary_need_code);
    x.leaf("CINclosureDate", &d.cin_closure_date);
    x.leaf("ReasonForClosure", &d.reason_for_closure);
    x.leaf("DateOfInitialCPC", &d.date_of_initial_cpc);
    for a in &d.assessments {
        assessment(x, a);
    }
    for p in &d.cin_plan_dates {
        cin_plan(x, p);
    }
    for s in &d.section47 {
        section47(x, s);
    }
    x.leaf("ReferralNFA", &d.referral_nfa);
    for p in &d.child_protection_plans {
        protection_plan(x, p);
    }
    if year >= CollectionYear::Y2026_27 {
        for p in &d.pre_proceedings {
            pre_proceedings(x, p);
        }
    }
    x.close("CINdetails");
}

fn assessment(x: &mut Xml, a: &Assessment) {
    x.open("Assessments");
    x.leaf("AssessmentActualStartDate", &a.assessment_actual_start_date);
    x.leaf(
        "AssessmentInternalReviewDate",
        &a.assessment_internal_review_date,
    );
    x.leaf(
        "AssessmentAuthorisationDate",
        &a.assessment_authorisation_date,
    );
    // An empty FactorsIdentifiedAtAssessment read from a file is written
    // back as it was, so the file still says what it said.
    if a.factors_identified || a.assessment_factors.iter().any(Field::is_present) {
        x.open("FactorsIdentifiedAtAssessment");
        for f in &a.assessment_factors {
            x.leaf("AssessmentFactors", f);
        }
        x.close("FactorsIdentifiedAtAssessment");
    }
    x.close("Assessments");
}

fn cin_plan(x: &mut Xml, p: &CinPlanDates) {
    x.open("CINPlanDates");
    x.leaf("CINPlanStartDate", &p.cin_plan_start_date);
    x.leaf("CINPlanEndDate", &p.cin_plan_end_date);
    x.close("CINPlanDates");
}

fn section47(x: &mut Xml, s: &Section47) {
    x.open("Section47");
    x.leaf("S47ActualStartDate", &s.s47_actual_start_date);
    x.leaf("InitialCPCtarget", &s.initial_cpc_target);
    x.leaf("DateOfInitialCPC", &s.date_of_initial_cpc);
    x.leaf("ICPCnotRequired", &s.icpc_not_required);
    x.close("Section47");
}

fn protection_plan(x: &mut Xml, p: &ChildProtectionPlan) {
    x.open("ChildProtectionPlans");
    x.leaf("CPPstartDate", &p.cpp_start_date);
    x.leaf("CPPendDate", &p.cpp_end_date);
    x.leaf("InitialCategoryOfAbuse", &p.initial_category_of_abuse);
    x.leaf("LatestCategoryOfAbuse", &p.latest_category_of_abuse);
    x.leaf("NumberOfPreviousCPP", &p.number_of_previous_cpp);
    if let Some(reviews) = &p.reviews {
        x.open("Reviews");
        for r in &reviews.cpp_review_dates {
            x.leaf("CPPreviewDate", r);
        }
        x.close("Reviews");
    }
    x.close("ChildProtectionPlans");
}

fn pre_proceedings(x: &mut Xml, p: &PreProceedingsAndFgdm) {
    x.open("PreProceedingsandFGDM");
    x.leaf("PPStartDate", &p.pp_start_date);
    x.leaf("LBPSentDate", &p.lbp_sent_date);
    x.leaf("FGDMMeetingOffer", &p.fgdm_meeting_offer);
    x.leaf("FGDMMeetingFac", &p.fgdm_meeting_fac);
    x.leaf("InitialPPMeetingDate", &p.initial_pp_meeting_date);
    x.leaf("ReviewMeetingsCount", &p.review_meetings_count);
    x.leaf("StepDecisionDate", &p.step_decision_date);
    x.leaf("PPOutcome", &p.pp_outcome);
    x.leaf("CourtAppDate", &p.court_app_date);
    x.leaf("LetterInitCPDate", &p.letter_init_cp_date);
    x.close("PreProceedingsandFGDM");
}

/// A value as the census writes it.
trait CinText {
    fn cin_text(&self) -> Cow<'_, str>;
}

impl CinText for Date {
    fn cin_text(&self) -> Cow<'_, str> {
        // jiff writes a civil date as yyyy-mm-dd.
        Cow::Owned(self.to_string())
    }
}

impl CinText for DateTime {
    fn cin_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.strftime("%Y-%m-%dT%H:%M:%S").to_string())
    }
}

impl CinText for bool {
    fn cin_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "1" } else { "0" })
    }
}

impl CinText for String {
    fn cin_text(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl CinText for u32 {
    fn cin_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

impl CinText for i16 {
    fn cin_text(&self) -> Cow<'_, str> {
        Cow::Owned(self.to_string())
    }
}

macro_rules! codes_as_written {
    ($($code:ty),+) => {
        $(impl CinText for $code {
            fn cin_text(&self) -> Cow<'_, str> {
                Cow::Borrowed(self.as_code())
            }
        })+
    };
}

codes_as_written!(
    AssessmentFactor,
    CategoryOfAbuse,
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReasonForClosure,
    ReferralSource,
    Sex,
    UpnUnknown
);

/// An indented XML writer: elements and escaped text, nothing else.
struct Xml {
    out: String,
    depth: usize,
}

impl Xml {
    fn with_capacity(bytes: usize) -> Self {
        Xml {
            out: String::with_capacity(bytes),
            depth: 0,
        }
    }

    fn indent(&mut self) {
        for _ in 0..self.depth {
            self.out.push_str("  ");
        }
    }

    fn open(&mut self, name: &str) {
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push_str(">\n");
        self.depth += 1;
    }

    fn close(&mut self, name: &str) {
        self.depth = self.depth.saturating_sub(1);
        self.indent();
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }

    /// One element holding `value`, or nothing when the value is missing.
    fn leaf<T: CinText>(&mut self, name: &str, value: &Field<T>) {
        let text = match value {
            Field::Missing => return,
            Field::Valid(v) => v.cin_text(),
            Field::Invalid(raw) => Cow::Borrowed(raw.as_str()),
        };
        self.indent();
        self.out.push('<');
        self.out.push_str(name);
        self.out.push('>');
        escape_into(&mut self.out, &text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push_str(">\n");
    }
}

/// Appends `text` with the characters XML reserves escaped.
fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
}

/// The file name, under `data/cin/`, of the schema a year's census is
/// checked against.
pub fn schema_file(year: CollectionYear) -> &'static str {
    match year {
        CollectionYear::Y2025_26 => "CIN_schema_2025_26.xsd",
        CollectionYear::Y2026_27 => "CIN_schema_2026_27.xsd",
    }
}
