//! The kinds of fact in the ledger: [`EventKind`] and the values its
//! variants carry, the stage each belongs to, and what each is called.

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::values::{
    Agency, AssessmentOutcome, ContactOutcome, HealthAssessmentKind, Kinship, Placement, Stage,
    VisitKind,
};
use super::{
    EventId, FamilyGroupMeetingNotHeld, PreProceedingsDecision, PreProceedingsMeeting, When,
};
use crate::codes::{
    AdopterLegalStatus, AdopterSex, AssessmentFactor, CareLeaverAccommodation, CareLeaverActivity,
    CareLeaverInTouch, CategoryOfAbuse, LegalStatus, MissingOrAway, PrimaryNeed,
    ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForClosure, ReasonForPlacementChange,
    ReferralSource, ReviewParticipation, SdqReason, SocialWorkerChangeReason,
};
use crate::codes::{Disability, Ethnicity, PreviousPermanence, Sex, UpnUnknown};
use crate::documents::DocumentKind;
use crate::ids::{Postcode, Upn, Urn};
use crate::keys::{AttachmentId, ChildId, TeamId, UserId};

/// Every kind of fact in the ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum EventKind {
    // The child.
    /// Date of birth, or the expected date for an unborn child (CIN
    /// `PersonBirthDate` N00066, `ExpectedPersonBirthDate` N00098).
    BirthDetailsRecorded {
        #[serde(default)]
        date_of_birth: Option<Date>,
        #[serde(default)]
        expected_date_of_birth: Option<Date>,
    },

    // The front door and early help.
    /// A concern about the child reached the front door.
    ContactReceived {
        source: ReferralSource,
    },
    /// The screening decision on a contact.
    ContactDecision {
        contact: EventId,
        outcome: ContactOutcome,
    },
    /// An early help assessment (formerly CAF).
    EarlyHelpAssessment,
    /// Stepped up from early help to children's social care.
    SteppedUp,
    /// Stepped down from children's social care to early help.
    SteppedDown,

    // Children in need.
    /// A referral to children's social care: starts an episode of need (CIN
    /// `CINreferralDate` N00100). Whether it is a re-referral is derived.
    ReferralAccepted {
        source: ReferralSource,
        /// CIN `ReferralNFA` N00112.
        #[serde(default)]
        no_further_action: bool,
        /// CIN `PrimaryNeedCode` N00101 as judged at referral: every episode
        /// that is not NFA needs one (CIN rule 8610), before any assessment
        /// is authorised. An authorised assessment's primary need replaces it.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        primary_need: Option<PrimaryNeed>,
    },
    /// CIN `AssessmentActualStartDate` N00159.
    AssessmentStarted,
    /// The assessment completed and authorised by a manager (CIN
    /// `AssessmentAuthorisationDate` N00160, `AssessmentFactors` N00181).
    AssessmentAuthorised {
        factors: Vec<AssessmentFactor>,
        child_seen: bool,
        seen_alone: bool,
        #[serde(default)]
        child_views: Option<String>,
        /// CIN `PrimaryNeedCode` N00101, where the assessment settled it.
        #[serde(default)]
        primary_need: Option<PrimaryNeed>,
        outcome: AssessmentOutcome,
        /// The worker's write-up: what was seen and heard.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seen_and_heard: Option<String>,
        /// The worker's write-up: their analysis of what it means for the child.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        analysis: Option<String>,
    },
    /// A decision that the section 47 threshold may be met: a strategy
    /// discussion is needed.
    StrategyDiscussionNeeded,
    StrategyDiscussionHeld {
        attendance: Vec<Agency>,
    },
    /// CIN `S47ActualStartDate` N00148.
    Section47Started,
    /// CIN `ICPCnotRequired` N00111 is `!icpc_required`.
    Section47Concluded {
        icpc_required: bool,
    },
    /// CIN `DateOfInitialCPC` N00110.
    InitialConferenceHeld {
        plan: bool,
        /// The worker's write-up: what was seen and heard.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seen_and_heard: Option<String>,
        /// The worker's write-up: their analysis of what it means for the child.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        analysis: Option<String>,
    },
    /// CIN `CPPstartDate` N00105, `InitialCategoryOfAbuse` N00113.
    ProtectionPlanStarted {
        category: CategoryOfAbuse,
    },
    /// CIN `CPPreviewDate` N00116.
    ReviewConferenceHeld {
        #[serde(default)]
        category: Option<CategoryOfAbuse>,
        /// The worker's write-up: what was seen and heard.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seen_and_heard: Option<String>,
        /// The worker's write-up: their analysis of what it means for the child.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        analysis: Option<String>,
    },
    CoreGroupHeld,
    /// CIN `CPPendDate` N00115.
    ProtectionPlanEnded,
    /// CIN `CINPlanStartDate` N00689.
    CinPlanStarted,
    CinPlanReviewed,
    /// CIN `CINPlanEndDate` N00690.
    CinPlanEnded,
    /// CIN `CINclosureDate` N00102, `ReasonForClosure` N00103.
    EpisodeClosed {
        reason: ReasonForClosure,
    },

    // Visits, for every stage.
    VisitMade {
        visit: VisitKind,
        child_seen: bool,
        seen_alone: bool,
        #[serde(default)]
        child_views: Option<String>,
        /// The worker's write-up: what was seen and heard.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seen_and_heard: Option<String>,
        /// The worker's write-up: their analysis of what it means for the child.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        analysis: Option<String>,
    },

    // Children looked after (SSDA903).
    /// Started to be looked after: the first episode of a period of care (RNE S).
    BecameLookedAfter {
        legal_status: LegalStatus,
        placement: Placement,
        /// SSDA903 `CIN` (category of need, N1-N8).
        category_of_need: PrimaryNeed,
        /// Unaccompanied asylum-seeking child.
        #[serde(default)]
        uasc: bool,
    },
    LegalStatusChanged {
        legal_status: LegalStatus,
    },
    PlacementChanged {
        placement: Placement,
        /// SSDA903 `REASON_PLACE_CHANGE` of the episode that ends.
        #[serde(default)]
        reason: Option<ReasonForPlacementChange>,
        /// The same carer(s) continue (RNE T or U rather than P or B).
        #[serde(default)]
        same_carer: bool,
    },
    /// SSDA903 `DEC` and `REC`.
    CeasedLookedAfter {
        reason: ReasonEpisodeCeased,
    },
    /// SSDA903 `REVIEW` and `REVIEW_CODE`.
    LookedAfterReviewHeld {
        participation: ReviewParticipation,
        /// The worker's write-up: what was seen and heard.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        seen_and_heard: Option<String>,
        /// The worker's write-up: their analysis of what it means for the child.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        analysis: Option<String>,
        /// The independent reviewing officer's recommendations (CPPCR reg 36).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        recommendations: Option<String>,
        /// The date the IRO sets for the next review. The statutory
        /// interval (CPPCR reg 33) still binds: an earlier date is the one
        /// to work to, a later one does not move the clock.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        next_review_due: Option<Date>,
    },
    CarePlanRecorded,
    IroAppointed {
        iro: UserId,
    },
    HealthAssessment {
        assessment: HealthAssessmentKind,
    },
    DentalCheck,
    /// SSDA903 `SDQ_SCORE` (0-40) or `SDQ_REASON`.
    SdqRecorded {
        #[serde(default)]
        score: Option<u8>,
        #[serde(default)]
        reason: Option<SdqReason>,
    },
    ImmunisationsRecorded {
        up_to_date: bool,
    },
    /// A personal education plan made or reviewed.
    PepReviewed,
    /// SSDA903 `MIS_START`, `MISSING`; `on` is the date and time.
    MissingEpisodeStarted {
        status: MissingOrAway,
    },
    /// SSDA903 `MIS_END`; `on` is the date and time of the child's return.
    MissingEpisodeEnded {
        episode: EventId,
    },
    /// A return home interview for a missing episode; `on` is when it was
    /// offered (and held, if it was).
    ReturnInterview {
        episode: EventId,
        offered: bool,
        accepted: bool,
        held: bool,
    },

    // Adoption (SSDA903 `PlacedAdoption` and `AD1`).
    /// ADM decision that the child should be placed for adoption (`DATE_INT`).
    AdoptionDecision,
    PlacementOrderGranted,
    /// Matched with prospective adopters (`DATE_MATCH`).
    Matched {
        adopter_sex: AdopterSex,
        adopter_legal_status: AdopterLegalStatus,
        number_of_adopters: u8,
    },
    PlacedForAdoption,
    AdoptionOrderGranted,
    /// `DATE_PLACED_CEASED`, `REASON_PLACED_CEASED`.
    AdoptionDecisionReversed {
        reason: ReasonDecisionReversed,
    },

    // Care leavers.
    PathwayNeedsAssessment,
    PathwayPlanReviewed,
    PersonalAdviserAppointed {
        adviser: UserId,
    },
    /// SSDA903 `OC3`: contact around the young person's birthday.
    CareLeaverContact {
        in_touch: CareLeaverInTouch,
        #[serde(default)]
        activity: Option<CareLeaverActivity>,
        #[serde(default)]
        accommodation: Option<CareLeaverAccommodation>,
        #[serde(default)]
        staying_put: bool,
    },

    // Court.
    /// Public Law Outline pre-proceedings began (letter before proceedings).
    ///
    /// Recorded before the decision to enter pre-proceedings and the letter
    /// before proceedings were told apart; still read, not offered on the
    /// form. The fold takes it as both on its date: the decision
    /// (CIN `PPStartDate`) and the letter (`LBPSentDate`), with no offer of
    /// a family group decision-making meeting recorded
    /// ([`crate::record::proceedings`]). New records use
    /// [`EventKind::PreProceedingsDecided`] and
    /// [`EventKind::LetterBeforeProceedingsSent`].
    PreProceedingsStarted,
    /// The end of pre-proceedings, recorded before the step decision had its
    /// own kind: read as [`EventKind::PreProceedingsStepDecision`] on its
    /// date, to issue proceedings if `proceedings_issued`, otherwise to step
    /// down.
    PreProceedingsConcluded {
        proceedings_issued: bool,
    },

    // Other duties.
    PrivateFosteringNotified,
    PrivateFosteringEnded,
    /// An allegation against an adult who works with children.
    AllegationReceived,
    LadoReferralMade {
        allegation: EventId,
    },

    // Work on the case. Workers and teams are named by their numbers.
    /// Allocated to a worker in a team.
    Allocated {
        worker: UserId,
        team: TeamId,
        /// Why the child's social worker changed (SSDA903 `SW_REASON`,
        /// required for social worker episodes from 1 April 2023: rule
        /// SW13STG1); the first worker of an episode of need is `FCONTA`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        reason: Option<SocialWorkerChangeReason>,
    },
    /// Allocated to a team, awaiting a worker: the team's managers and
    /// members can see the child and allocate it.
    AllocatedToTeam {
        team: TeamId,
    },
    /// A manager's decision with its rationale (both required).
    ManagementOversight {
        decision: String,
        rationale: String,
    },
    Supervision {
        supervisor: UserId,
    },
    CaseNote {
        text: String,
        #[serde(default)]
        significant: bool,
    },

    // Corrections.
    /// Replaces the content (and, if given, the date) of `target`. The
    /// replacement must be of the same type.
    Amended {
        target: EventId,
        reason: String,
        #[serde(default)]
        on: Option<When>,
        event: Box<EventKind>,
    },
    /// Withdraws `target` from the record; it stays in the ledger.
    Voided {
        target: EventId,
        reason: String,
    },

    // Documents.
    /// A document (a signed plan, a letter, a report) attached to the
    /// record. The file itself is kept beside the ledger under
    /// `attachment`; the event records what it is and its SHA-256, so the
    /// record as known at any date says which document it held. Attached
    /// only with its file ([`crate::documents`]); withdrawn by voiding.
    DocumentAttached {
        attachment: AttachmentId,
        title: String,
        document: DocumentKind,
        /// Lowercase hex SHA-256 of the file's bytes.
        sha256: String,
        /// In bytes.
        size: u64,
        /// The type its content was identified as (not the name's, nor the
        /// browser's claim).
        content_type: String,
    },

    // Where and with whom the child lives; family and network.
    /// The child's home from this date: the address, and who they live
    /// with there (Working Together 2023, 1.2; the child's details kept
    /// under the Children Act 1989, s.17 and s.47 records).
    AddressChanged {
        /// The address's lines, one a line, without the postcode.
        address: String,
        #[serde(default)]
        postcode: Option<Postcode>,
        /// Who the child lives with there, in words.
        lives_with: String,
    },
    /// The school the child attends from this date, by its URN on Get
    /// Information about Schools.
    SchoolChanged {
        school: String,
        urn: Urn,
    },
    /// The GP practice the child is registered with from this date.
    GpRegistered {
        practice: String,
        /// The practice's NHS organisation (ODS) code, as A81001.
        #[serde(default)]
        ods_code: Option<String>,
    },
    /// A parent, carer, brother, sister or other relative, as a person in
    /// the record. Where the relative is also a child in Hearth, `relative`
    /// is their record (never their name: who may see it is decided when
    /// it is shown).
    FamilyMemberRecorded {
        name: String,
        relationship: Kinship,
        /// Holds parental responsibility for the child (Children Act 1989,
        /// s.3).
        #[serde(default)]
        parental_responsibility: bool,
        #[serde(default)]
        date_of_birth: Option<Date>,
        #[serde(default)]
        relative: Option<ChildId>,
    },
    /// A family member is no longer part of the child's family network as
    /// the record keeps it (they have died, or left the child's life).
    FamilyMemberEnded {
        member: EventId,
    },
    /// A professional around the child: a teacher, health visitor, police
    /// officer or other agency's contact, with their role.
    ProfessionalAdded {
        name: String,
        role: String,
        agency: Agency,
        #[serde(default)]
        contact: Option<String>,
    },
    /// A professional no longer works with the child.
    ProfessionalEnded {
        professional: EventId,
    },

    // Actions agreed in a worker's write-up, and their completion.
    /// An action agreed for the child (at a visit, assessment, conference
    /// or review): what is to be done, by whom and by when. The owner must
    /// be someone who may open the child's record.
    ActionAgreed {
        what: String,
        owner: UserId,
        due: Date,
    },
    /// An agreed action done; `on` is when.
    ActionDone {
        action: EventId,
    },

    // The child's characteristics, and the other facts the DfE returns take
    // from the record (CIN census 2025-26 specification; SSDA903 guide
    // 2025-26 and 2026-27). Each is dated: a return at any reference date
    // reads the fact as it then stood.
    /// The child's sex from this date (CIN `Sex` N00783; SSDA903 `SEX`):
    /// `U` for an unborn child (CIN rule 8750).
    SexRecorded {
        sex: Sex,
    },
    /// The child's ethnicity from this date (CIN `Ethnicity` N00177;
    /// SSDA903 `ETHNIC`).
    EthnicityRecorded {
        ethnicity: Ethnicity,
    },
    /// The child's disabilities from this date, the whole list (CIN
    /// `Disability` N00099): `NONE` alone for a child with none.
    DisabilitiesRecorded {
        disabilities: Vec<Disability>,
    },
    /// The child's unique pupil number from this date (CIN `UPN` N00001;
    /// SSDA903 `UPN`). A different UPN recorded later makes this one the
    /// former UPN (CIN `FormerUPN` N00002).
    UpnRecorded {
        upn: Upn,
    },
    /// Why the child has no UPN, from this date (CIN `UPNunknown` N00135;
    /// SSDA903 `UPN` takes UN1-UN5 only, [`UpnUnknown`]).
    UpnUnknownRecorded {
        reason: UpnUnknown,
    },
    /// The child died; `on` is the date of death (CIN `PersonDeathDate`
    /// N00108).
    DeathRecorded,
    /// The child had a baby; `on` is the baby's date of birth (SSDA903
    /// `MOTHER` and `MC_DOB`).
    BabyBorn,
    /// The child became an unaccompanied asylum-seeking child (SSDA903
    /// header `UASC`).
    UascStatusStarted,
    /// The child's UASC status ceased (SSDA903 UASC file `DUC`): at 18 at
    /// the latest (rule 304).
    UascStatusEnded,
    /// Convicted of an offence, or given a final warning, reprimand or
    /// youth caution; `on` is its date (SSDA903 OC2 `CONVICTED`).
    Convicted,
    /// Identified as having a substance misuse problem (SSDA903 OC2
    /// `SUBSTANCE_MISUSE`).
    SubstanceMisuseIdentified,
    /// An intervention for the child's substance misuse was offered; if
    /// `received` is false the child refused it (SSDA903 OC2
    /// `INTERVENTION_RECEIVED`, `INTERVENTION_OFFERED`).
    SubstanceMisuseInterventionOffered {
        received: bool,
    },
    /// Whether the child's development (health surveillance) checks are up
    /// to date, for a child under 5 (SSDA903 OC2 `HEALTH_CHECK`, rule 545):
    /// the Healthy Child Programme's checks, not the statutory health
    /// assessment ([`EventKind::HealthAssessment`], OC2 `HEALTH_ASSESSMENT`).
    DevelopmentChecksRecorded {
        up_to_date: bool,
    },
    /// The permanence order, if any, that ended the child's care before
    /// this period of care (SSDA903 `PREV_PERM`, `LA_PERM`, `DATE_PERM`),
    /// recorded as the child starts to be looked after.
    PreviousPermanenceRecorded {
        permanence: PreviousPermanence,
        /// The date the order was made (`DATE_PERM`), where known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        date: Option<Date>,
        /// The local authority that made the child looked after before
        /// (`LA_PERM`), by its three-digit code, where known.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        local_authority: Option<String>,
    },
    /// A deprivation of liberty order (or authorisation) for the child
    /// starts (SSDA903 2026-27 deprivation of liberty file `DOLO_START`).
    DeprivationOfLibertyStarted,
    /// The deprivation of liberty order ends (`DOLO_END`).
    DeprivationOfLibertyEnded,

    // Pre-proceedings under the Public Law Outline and family group
    // decision-making (Children Act 1989 s.31ZA, from the Children's
    // Wellbeing and Schools Act 2026; statutory guidance on court orders and
    // pre-proceedings; CIN census 2026-27 `PreProceedingsandFGDM`).
    /// The legal planning meeting (or other decision-making forum) decided
    /// to enter pre-proceedings (CIN `PPStartDate` N00826).
    PreProceedingsDecided,
    /// The letter before proceedings sent to the parents and everyone with
    /// parental responsibility (CIN `LBPSentDate` N00827). It must offer a
    /// family group decision-making meeting (s.31ZA(1) and (6); CIN
    /// `FGDMMeetingOffer` N00828) unless the authority considers that not in
    /// the child's best interests (s.31ZA(3)), which the worker explains.
    LetterBeforeProceedingsSent {
        family_group_meeting_offered: bool,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        not_offered_because: Option<String>,
    },
    /// The family group decision-making meeting held (s.31ZA(2); CIN
    /// `FGDMMeetingFac` N00829 true).
    FamilyGroupMeetingHeld,
    /// The meeting will not be held (CIN `FGDMMeetingFac` false).
    FamilyGroupMeetingNotHeld {
        reason: FamilyGroupMeetingNotHeld,
    },
    /// A pre-proceedings meeting with the parents and their lawyers: the
    /// first effective one (CIN `InitialPPMeetingDate` N00830) or a review
    /// (CIN `ReviewMeetingsCount` N00831).
    PreProceedingsMeetingHeld {
        meeting: PreProceedingsMeeting,
    },
    /// The decision that ends pre-proceedings: step up to proceedings, step
    /// down, or another outcome (CIN `StepDecisionDate` N00832, `PPOutcome`
    /// N00833).
    PreProceedingsStepDecision {
        decision: PreProceedingsDecision,
    },
    /// The application to the court for a care or supervision order made
    /// (Children Act 1989 s.31; CIN `CourtAppDate` N00834).
    CareProceedingsApplied,
    /// The letter telling the parents that care proceedings have begun (CIN
    /// `LetterInitCPDate` N00835).
    LetterOfIssueSent,

    // The assessment's internal review (CIN census).
    /// An internal review of the open assessment (CIN
    /// `AssessmentInternalReviewDate`).
    AssessmentInternalReview,
}

impl EventKind {
    /// Every type of event, by its JSON name: from the one description of
    /// each kind ([`crate::catalogue::KINDS`]).
    pub const NAMES: &'static [&'static str] = &crate::catalogue::NAMES;

    /// The type's name as it appears in JSON.
    pub fn name(&self) -> &'static str {
        use EventKind::*;
        match self {
            BirthDetailsRecorded { .. } => "BirthDetailsRecorded",
            ContactReceived { .. } => "ContactReceived",
            ContactDecision { .. } => "ContactDecision",
            EarlyHelpAssessment => "EarlyHelpAssessment",
            SteppedUp => "SteppedUp",
            SteppedDown => "SteppedDown",
            ReferralAccepted { .. } => "ReferralAccepted",
            AssessmentStarted => "AssessmentStarted",
            AssessmentAuthorised { .. } => "AssessmentAuthorised",
            StrategyDiscussionNeeded => "StrategyDiscussionNeeded",
            StrategyDiscussionHeld { .. } => "StrategyDiscussionHeld",
            Section47Started => "Section47Started",
            Section47Concluded { .. } => "Section47Concluded",
            InitialConferenceHeld { .. } => "InitialConferenceHeld",
            ProtectionPlanStarted { .. } => "ProtectionPlanStarted",
            ReviewConferenceHeld { .. } => "ReviewConferenceHeld",
            CoreGroupHeld => "CoreGroupHeld",
            ProtectionPlanEnded => "ProtectionPlanEnded",
            CinPlanStarted => "CinPlanStarted",
            CinPlanReviewed => "CinPlanReviewed",
            CinPlanEnded => "CinPlanEnded",
            EpisodeClosed { .. } => "EpisodeClosed",
            VisitMade { .. } => "VisitMade",
            BecameLookedAfter { .. } => "BecameLookedAfter",
            LegalStatusChanged { .. } => "LegalStatusChanged",
            PlacementChanged { .. } => "PlacementChanged",
            CeasedLookedAfter { .. } => "CeasedLookedAfter",
            LookedAfterReviewHeld { .. } => "LookedAfterReviewHeld",
            CarePlanRecorded => "CarePlanRecorded",
            IroAppointed { .. } => "IroAppointed",
            HealthAssessment { .. } => "HealthAssessment",
            DentalCheck => "DentalCheck",
            SdqRecorded { .. } => "SdqRecorded",
            ImmunisationsRecorded { .. } => "ImmunisationsRecorded",
            PepReviewed => "PepReviewed",
            MissingEpisodeStarted { .. } => "MissingEpisodeStarted",
            MissingEpisodeEnded { .. } => "MissingEpisodeEnded",
            ReturnInterview { .. } => "ReturnInterview",
            AdoptionDecision => "AdoptionDecision",
            PlacementOrderGranted => "PlacementOrderGranted",
            Matched { .. } => "Matched",
            PlacedForAdoption => "PlacedForAdoption",
            AdoptionOrderGranted => "AdoptionOrderGranted",
            AdoptionDecisionReversed { .. } => "AdoptionDecisionReversed",
            PathwayNeedsAssessment => "PathwayNeedsAssessment",
            PathwayPlanReviewed => "PathwayPlanReviewed",
            PersonalAdviserAppointed { .. } => "PersonalAdviserAppointed",
            CareLeaverContact { .. } => "CareLeaverContact",
            PreProceedingsStarted => "PreProceedingsStarted",
            PreProceedingsConcluded { .. } => "PreProceedingsConcluded",
            PrivateFosteringNotified => "PrivateFosteringNotified",
            PrivateFosteringEnded => "PrivateFosteringEnded",
            AllegationReceived => "AllegationReceived",
            LadoReferralMade { .. } => "LadoReferralMade",
            Allocated { .. } => "Allocated",
            AllocatedToTeam { .. } => "AllocatedToTeam",
            ManagementOversight { .. } => "ManagementOversight",
            Supervision { .. } => "Supervision",
            CaseNote { .. } => "CaseNote",
            Amended { .. } => "Amended",
            Voided { .. } => "Voided",
            DocumentAttached { .. } => "DocumentAttached",
            AddressChanged { .. } => "AddressChanged",
            SchoolChanged { .. } => "SchoolChanged",
            GpRegistered { .. } => "GpRegistered",
            FamilyMemberRecorded { .. } => "FamilyMemberRecorded",
            FamilyMemberEnded { .. } => "FamilyMemberEnded",
            ProfessionalAdded { .. } => "ProfessionalAdded",
            ProfessionalEnded { .. } => "ProfessionalEnded",
            ActionAgreed { .. } => "ActionAgreed",
            ActionDone { .. } => "ActionDone",
            SexRecorded { .. } => "SexRecorded",
            EthnicityRecorded { .. } => "EthnicityRecorded",
            DisabilitiesRecorded { .. } => "DisabilitiesRecorded",
            UpnRecorded { .. } => "UpnRecorded",
            UpnUnknownRecorded { .. } => "UpnUnknownRecorded",
            DeathRecorded => "DeathRecorded",
            BabyBorn => "BabyBorn",
            UascStatusStarted => "UascStatusStarted",
            UascStatusEnded => "UascStatusEnded",
            Convicted => "Convicted",
            SubstanceMisuseIdentified => "SubstanceMisuseIdentified",
            SubstanceMisuseInterventionOffered { .. } => "SubstanceMisuseInterventionOffered",
            DevelopmentChecksRecorded { .. } => "DevelopmentChecksRecorded",
            PreviousPermanenceRecorded { .. } => "PreviousPermanenceRecorded",
            DeprivationOfLibertyStarted => "DeprivationOfLibertyStarted",
            DeprivationOfLibertyEnded => "DeprivationOfLibertyEnded",
            PreProceedingsDecided => "PreProceedingsDecided",
            LetterBeforeProceedingsSent { .. } => "LetterBeforeProceedingsSent",
            FamilyGroupMeetingHeld => "FamilyGroupMeetingHeld",
            FamilyGroupMeetingNotHeld { .. } => "FamilyGroupMeetingNotHeld",
            PreProceedingsMeetingHeld { .. } => "PreProceedingsMeetingHeld",
            PreProceedingsStepDecision { .. } => "PreProceedingsStepDecision",
            CareProceedingsApplied => "CareProceedingsApplied",
            LetterOfIssueSent => "LetterOfIssueSent",
            AssessmentInternalReview => "AssessmentInternalReview",
        }
    }

    /// The stage of the child's journey this kind of event belongs to: the
    /// part of the fold that applies it ([`crate::record`]) and the group the
    /// record form lists it under.
    pub fn stage(&self) -> Stage {
        use EventKind::*;
        match self {
            BirthDetailsRecorded { .. }
            | ContactReceived { .. }
            | ContactDecision { .. }
            | EarlyHelpAssessment
            | SteppedUp
            | SteppedDown
            | ReferralAccepted { .. }
            | AssessmentStarted
            | AssessmentAuthorised { .. }
            | CinPlanStarted
            | CinPlanReviewed
            | CinPlanEnded
            | EpisodeClosed { .. }
            | AssessmentInternalReview => Stage::FrontDoorAndNeed,
            StrategyDiscussionNeeded
            | StrategyDiscussionHeld { .. }
            | Section47Started
            | Section47Concluded { .. }
            | InitialConferenceHeld { .. }
            | ProtectionPlanStarted { .. }
            | ReviewConferenceHeld { .. }
            | CoreGroupHeld
            | ProtectionPlanEnded => Stage::Protection,
            BecameLookedAfter { .. }
            | LegalStatusChanged { .. }
            | PlacementChanged { .. }
            | CeasedLookedAfter { .. }
            | LookedAfterReviewHeld { .. }
            | CarePlanRecorded
            | IroAppointed { .. }
            | HealthAssessment { .. }
            | DentalCheck
            | SdqRecorded { .. }
            | ImmunisationsRecorded { .. }
            | PepReviewed
            | MissingEpisodeStarted { .. }
            | MissingEpisodeEnded { .. }
            | ReturnInterview { .. } => Stage::Care,
            AdoptionDecision
            | PlacementOrderGranted
            | Matched { .. }
            | PlacedForAdoption
            | AdoptionOrderGranted
            | AdoptionDecisionReversed { .. } => Stage::Adoption,
            PathwayNeedsAssessment
            | PathwayPlanReviewed
            | PersonalAdviserAppointed { .. }
            | CareLeaverContact { .. } => Stage::LeavingCare,
            PreProceedingsStarted
            | PreProceedingsConcluded { .. }
            | PrivateFosteringNotified
            | PrivateFosteringEnded
            | AllegationReceived
            | LadoReferralMade { .. }
            | PreProceedingsDecided
            | LetterBeforeProceedingsSent { .. }
            | FamilyGroupMeetingHeld
            | FamilyGroupMeetingNotHeld { .. }
            | PreProceedingsMeetingHeld { .. }
            | PreProceedingsStepDecision { .. }
            | CareProceedingsApplied
            | LetterOfIssueSent => Stage::CourtAndOtherDuties,
            VisitMade { .. }
            | Allocated { .. }
            | AllocatedToTeam { .. }
            | ManagementOversight { .. }
            | Supervision { .. }
            | CaseNote { .. }
            | DocumentAttached { .. }
            | ActionAgreed { .. }
            | ActionDone { .. } => Stage::Casework,
            Amended { .. } | Voided { .. } => Stage::Corrections,
            AddressChanged { .. }
            | SchoolChanged { .. }
            | GpRegistered { .. }
            | FamilyMemberRecorded { .. }
            | FamilyMemberEnded { .. }
            | ProfessionalAdded { .. }
            | ProfessionalEnded { .. } => Stage::FamilyAndNetwork,
            SexRecorded { .. }
            | EthnicityRecorded { .. }
            | DisabilitiesRecorded { .. }
            | UpnRecorded { .. }
            | UpnUnknownRecorded { .. }
            | DeathRecorded
            | BabyBorn
            | UascStatusStarted
            | UascStatusEnded
            | Convicted
            | SubstanceMisuseIdentified
            | SubstanceMisuseInterventionOffered { .. } => Stage::Child,
            DevelopmentChecksRecorded { .. }
            | PreviousPermanenceRecorded { .. }
            | DeprivationOfLibertyStarted
            | DeprivationOfLibertyEnded => Stage::Care,
        }
    }

    /// The same event with its references to other events passed through
    /// `f`: for moving a ledger into a store, where events get new ids.
    pub fn with_references(&self, f: &impl Fn(EventId) -> EventId) -> EventKind {
        use EventKind::*;
        match self {
            ContactDecision { contact, outcome } => ContactDecision {
                contact: f(*contact),
                outcome: *outcome,
            },
            MissingEpisodeEnded { episode } => MissingEpisodeEnded {
                episode: f(*episode),
            },
            ReturnInterview {
                episode,
                offered,
                accepted,
                held,
            } => ReturnInterview {
                episode: f(*episode),
                offered: *offered,
                accepted: *accepted,
                held: *held,
            },
            LadoReferralMade { allegation } => LadoReferralMade {
                allegation: f(*allegation),
            },
            Amended {
                target,
                reason,
                on,
                event,
            } => Amended {
                target: f(*target),
                reason: reason.clone(),
                on: *on,
                event: Box::new(event.with_references(f)),
            },
            Voided { target, reason } => Voided {
                target: f(*target),
                reason: reason.clone(),
            },
            FamilyMemberEnded { member } => FamilyMemberEnded { member: f(*member) },
            ProfessionalEnded { professional } => ProfessionalEnded {
                professional: f(*professional),
            },
            ActionDone { action } => ActionDone { action: f(*action) },
            other => other.clone(),
        }
    }

    /// Whether this type must be recorded with a time of day: the law counts
    /// its clock in hours ([`crate::catalogue::Kind::timed`]).
    pub fn is_timed(&self) -> bool {
        // A match, not a lookup in the catalogue: the fold asks this of every
        // event. A test holds the two together.
        matches!(
            self,
            EventKind::MissingEpisodeStarted { .. }
                | EventKind::MissingEpisodeEnded { .. }
                | EventKind::ReturnInterview { .. }
        )
    }

    /// Whether this is a correction of another event rather than a fact.
    pub fn is_correction(&self) -> bool {
        matches!(self, EventKind::Amended { .. } | EventKind::Voided { .. })
    }
}
