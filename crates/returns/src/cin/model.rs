//! The children in need census as data: one [`CinFile`] is one census file,
//! element by element.
//!
//! The shape follows the XML schema of the 2025-26 collection
//! (`CIN_schema_2026.xsd`): `Message` > `Header` > (`CollectionDetails`,
//! `Source`) and `Message` > `Children` > `Child` > (`ChildIdentifiers`,
//! `ChildCharacteristics`, `CINdetails`). Each `CINdetails` holds its
//! `Assessments`, `CINPlanDates`, `Section47`, `ChildProtectionPlans` (with
//! their `Reviews`) and, from the 2026-27 collection, the
//! `PreProceedingsandFGDM` block, which the schema of 2025-26 does not have;
//! its element names and order are those of the 2026 sample census file the
//! community CIN validator (data-to-insight) reads.
//!
//! Each struct field is named after its element (in snake case) and the doc
//! comment gives the element's exact name and, where known, its CBDS number
//! from the CIN census specification. Struct fields are in the schema's
//! element order, so a writer that walks them in order writes a valid file.
//!
//! Every leaf is a [`Field`]: `Missing` where the element is absent,
//! `Invalid(text)` where the text is not of the element's form (an unknown
//! code, a date that is not `YYYY-MM-DD`), so that the DfE's rules, not the
//! reader, report what is wrong. Repeated elements are `Vec`s in file order.
//! Each group carries the [`Line`] of its opening tag when it was read from a
//! file (`None` when it was made from the record), so a finding or an error
//! can name where it is.

use jiff::civil::{Date, DateTime};
use serde::Serialize;

pub use hearth_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, Disability, Ethnicity, PrimaryNeed, ReasonForClosure,
    ReferralSource, Sex, UpnUnknown,
};

use crate::Field;

/// The 1-based line of a group's opening tag in the file it was read from.
pub type Line = u32;

/// A whole census file: the XML element `Message`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CinFile {
    /// `Header` (optional in the schema).
    pub header: Option<Header>,
    /// The `Child` elements of `Children`, in file order.
    pub children: Vec<Child>,
}

/// `Header`: what the file is and who made it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Header {
    pub line: Option<Line>,
    /// `CollectionDetails` (optional in the schema).
    pub collection_details: Option<CollectionDetails>,
    /// `Source` (the schema allows several; a local authority's file has one).
    pub sources: Vec<Source>,
}

/// `CollectionDetails`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CollectionDetails {
    pub line: Option<Line>,
    /// `Collection`: always the text `CIN`; anything else is `Invalid`.
    pub collection: Field<String>,
    /// `Year`: the calendar year in which the census year ends (2026 for
    /// 2025-26).
    pub year: Field<i16>,
    /// `ReferenceDate` (N00603): 31 March, the census date.
    pub reference_date: Field<Date>,
}

/// `Source`: the authority and software that made the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Source {
    pub line: Option<Line>,
    /// `SourceLevel`: always `L` (local authority); anything else is `Invalid`.
    pub source_level: Field<String>,
    /// `LEA`: the authority's three-digit DfE number; any other text is
    /// `Invalid`.
    pub lea: Field<String>,
    /// `SoftwareCode`: free text.
    pub software_code: Field<String>,
    /// `Release`: free text.
    pub release: Field<String>,
    /// `SerialNo`: three or more digits; any other text is `Invalid`.
    pub serial_no: Field<String>,
    /// `DateTime`: when the file was made (`xs:dateTime`, no offset).
    pub date_time: Field<DateTime>,
}

/// `Child`: one child and their episodes of need.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Child {
    pub line: Option<Line>,
    /// `ChildIdentifiers`.
    pub identifiers: ChildIdentifiers,
    /// `ChildCharacteristics`.
    pub characteristics: ChildCharacteristics,
    /// The child's `CINdetails` elements (episodes of need), in file order.
    pub cin_details: Vec<CinDetails>,
}

/// `ChildIdentifiers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChildIdentifiers {
    pub line: Option<Line>,
    /// `LAchildID` (N00097): the authority's own identifier for the child.
    pub la_child_id: Field<String>,
    /// `UPN` (N00001): the unique pupil number as written. Kept as text
    /// (any non-empty text is `Valid`) because the DfE's rules 1510-1560
    /// each check one part of it and say which part is wrong.
    pub upn: Field<String>,
    /// `FormerUPN` (N00002), as text for the same reason as `upn`.
    pub former_upn: Field<String>,
    /// `UPNunknown` (N00135): why there is no UPN.
    pub upn_unknown: Field<UpnUnknown>,
    /// `PersonBirthDate` (N00066).
    pub person_birth_date: Field<Date>,
    /// `ExpectedPersonBirthDate` (N00098): for an unborn child.
    pub expected_person_birth_date: Field<Date>,
    /// `Sex` (N00783), from the 2024-25 collection.
    pub sex: Field<Sex>,
    /// `PersonDeathDate` (N00108).
    pub person_death_date: Field<Date>,
}

/// `ChildCharacteristics`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChildCharacteristics {
    pub line: Option<Line>,
    /// `Ethnicity` (N00177).
    pub ethnicity: Field<Ethnicity>,
    /// The `Disability` elements (N00099) of `Disabilities`, in file order;
    /// empty when there is no `Disabilities` element.
    pub disabilities: Vec<Field<Disability>>,
}

/// `CINdetails`: one episode of need, from referral to closure.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CinDetails {
    pub line: Option<Line>,
    /// `CINreferralDate` (N00100).
    pub cin_referral_date: Field<Date>,
    /// `ReferralSource` (N00152).
    pub referral_source: Field<ReferralSource>,
    /// `PrimaryNeedCode` (N00101).
    pub primary_need_code: Field<PrimaryNeed>,
    /// `CINclosureDate` (N00102).
    pub cin_closure_date: Field<Date>,
    /// `ReasonForClosure` (N00103).
    pub reason_for_closure: Field<ReasonForClosure>,
    /// `DateOfInitialCPC` (N00110) at episode level: a conference with no
    /// `Section47` element of its own in this episode.
    pub date_of_initial_cpc: Field<Date>,
    /// `Assessments`, in file order.
    pub assessments: Vec<Assessment>,
    /// `CINPlanDates`, in file order.
    pub cin_plan_dates: Vec<CinPlanDates>,
    /// `Section47` enquiries, in file order.
    pub section47: Vec<Section47>,
    /// `ReferralNFA` (N00112): the referral led to no further action. The
    /// schema's yes/no type is `0` or `1`; the reader also takes `true` and
    /// `false` in any case, as the DfE's validator does.
    pub referral_nfa: Field<bool>,
    /// `ChildProtectionPlans`, in file order.
    pub child_protection_plans: Vec<ChildProtectionPlan>,
    /// `PreProceedingsandFGDM` (2026-27 collection on), in file order.
    pub pre_proceedings: Vec<PreProceedingsAndFgdm>,
}

/// `Assessments`: one assessment (the element is named in the plural but
/// holds one).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Assessment {
    pub line: Option<Line>,
    /// `AssessmentActualStartDate` (N00159).
    pub assessment_actual_start_date: Field<Date>,
    /// `AssessmentInternalReviewDate`.
    pub assessment_internal_review_date: Field<Date>,
    /// `AssessmentAuthorisationDate` (N00160): when the assessment was
    /// completed.
    pub assessment_authorisation_date: Field<Date>,
    /// Whether `FactorsIdentifiedAtAssessment` is present, even empty.
    pub factors_identified: bool,
    /// The `AssessmentFactors` (N00181) of `FactorsIdentifiedAtAssessment`,
    /// in file order.
    pub assessment_factors: Vec<Field<AssessmentFactor>>,
}

/// `CINPlanDates`: one child in need plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CinPlanDates {
    pub line: Option<Line>,
    /// `CINPlanStartDate` (N00689).
    pub cin_plan_start_date: Field<Date>,
    /// `CINPlanEndDate` (N00690).
    pub cin_plan_end_date: Field<Date>,
}

/// `Section47`: one enquiry under section 47 of the Children Act 1989.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Section47 {
    pub line: Option<Line>,
    /// `S47ActualStartDate` (N00148).
    pub s47_actual_start_date: Field<Date>,
    /// `InitialCPCtarget` (N00109).
    pub initial_cpc_target: Field<Date>,
    /// `DateOfInitialCPC` (N00110).
    pub date_of_initial_cpc: Field<Date>,
    /// `ICPCnotRequired` (N00111): yes/no, read as `referral_nfa` is.
    pub icpc_not_required: Field<bool>,
}

/// `ChildProtectionPlans`: one child protection plan (plural name, one plan).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChildProtectionPlan {
    pub line: Option<Line>,
    /// `CPPstartDate` (N00105).
    pub cpp_start_date: Field<Date>,
    /// `CPPendDate` (N00115).
    pub cpp_end_date: Field<Date>,
    /// `InitialCategoryOfAbuse` (N00113).
    pub initial_category_of_abuse: Field<CategoryOfAbuse>,
    /// `LatestCategoryOfAbuse` (N00114).
    pub latest_category_of_abuse: Field<CategoryOfAbuse>,
    /// `NumberOfPreviousCPP` (N00106): zero or more.
    pub number_of_previous_cpp: Field<u32>,
    /// `Reviews`, if the element is present.
    pub reviews: Option<Reviews>,
}

/// `Reviews`: the review conferences of a plan.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Reviews {
    pub line: Option<Line>,
    /// The `CPPreviewDate` elements (N00116), in file order.
    pub cpp_review_dates: Vec<Field<Date>>,
}

/// `PreProceedingsandFGDM` (2026-27 collection on): pre-proceedings under
/// the public law outline and family group decision-making, which the
/// Children's Wellbeing and Schools Act 2026 requires to be offered before
/// proceedings. Element names and order are those of the 2026 sample census
/// file; the DfE's code list for `PPOutcome` is not settled, so it is kept as
/// text.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PreProceedingsAndFgdm {
    pub line: Option<Line>,
    /// `PPStartDate`: pre-proceedings began.
    pub pp_start_date: Field<Date>,
    /// `LBPSentDate`: the letter before proceedings was sent.
    pub lbp_sent_date: Field<Date>,
    /// `FGDMMeetingOffer`: a family group decision-making meeting was
    /// offered (yes/no).
    pub fgdm_meeting_offer: Field<bool>,
    /// `FGDMMeetingFac`: a family group decision-making meeting was held
    /// (facilitated) (yes/no).
    pub fgdm_meeting_fac: Field<bool>,
    /// `InitialPPMeetingDate`: the first pre-proceedings meeting.
    pub initial_pp_meeting_date: Field<Date>,
    /// `ReviewMeetingsCount`: pre-proceedings review meetings held.
    pub review_meetings_count: Field<u32>,
    /// `StepDecisionDate`: the decision to step up to proceedings or down.
    pub step_decision_date: Field<Date>,
    /// `PPOutcome`: the outcome of pre-proceedings, as written (any non-empty
    /// text is `Valid`).
    pub pp_outcome: Field<String>,
    /// `CourtAppDate`: the application to court was made.
    pub court_app_date: Field<Date>,
    /// `LetterInitCPDate`: the letter about initial care proceedings.
    pub letter_init_cp_date: Field<Date>,
}

impl Child {
    /// The child's `LAchildID` as findings name it: the text as written,
    /// valid or not, or empty when it is missing.
    pub fn la_child_id(&self) -> &str {
        match &self.identifiers.la_child_id {
            Field::Valid(id) | Field::Invalid(id) => id,
            Field::Missing => "",
        }
    }
}

impl CinFile {
    /// The `ReferenceDate` of the header, if one of the right form is given.
    pub fn reference_date(&self) -> Option<Date> {
        self.header
            .as_ref()?
            .collection_details
            .as_ref()?
            .reference_date
            .valid()
            .copied()
    }
}
