//! The case ledger: typed, dated facts about one child.
//!
//! Nothing is updated in place. A mistake is put right by an
//! [`EventKind::Amended`] or [`EventKind::Voided`] event naming its target and
//! giving a reason, so the history of what was known when is never lost.
//!
//! On the wire an event is one JSON object:
//!
//! ```json
//! {"schema":1,"id":7,"on":"2025-01-06","recorded_by":"u12",
//!  "recorded_at":"2025-01-06T10:15:00Z",
//!  "event":{"type":"VisitMade","visit":"child_protection","child_seen":true,"seen_alone":true}}
//! ```
//!
//! `on` is a date (`YYYY-MM-DD`), or a date and time (`YYYY-MM-DDTHH:MM`,
//! Europe/London) for facts the law times in hours (missing episodes and
//! return interviews).

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

use crate::codes::{
    AdopterLegalStatus, AdopterSex, AssessmentFactor, CareLeaverAccommodation, CareLeaverActivity,
    CareLeaverInTouch, CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider,
    PlacementType, PrimaryNeed, ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForClosure,
    ReasonForPlacementChange, ReferralSource, ReviewParticipation, SdqReason,
};
use crate::ids::Postcode;
use crate::keys::{TeamId, UserId};

/// The version of the event JSON format. Bumped on any incompatible change;
/// readers refuse versions they do not know.
pub const SCHEMA_VERSION: u32 = 1;

/// An event's identity in the ledger: unique among the events of a ledger.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct EventId(pub u64);

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// When something happened: a civil date, or a civil date and time in
/// Europe/London where the law counts hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    Date(Date),
    DateTime(DateTime),
}

impl When {
    /// The civil date, whichever precision was recorded.
    pub fn date(self) -> Date {
        match self {
            When::Date(d) => d,
            When::DateTime(dt) => dt.date(),
        }
    }

    /// The date and time; a bare date is taken as the start of that day.
    pub fn datetime(self) -> DateTime {
        match self {
            When::Date(d) => d.to_datetime(jiff::civil::Time::midnight()),
            When::DateTime(dt) => dt,
        }
    }
}

impl From<Date> for When {
    fn from(d: Date) -> Self {
        When::Date(d)
    }
}

impl From<DateTime> for When {
    fn from(dt: DateTime) -> Self {
        When::DateTime(dt)
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Date(d) => write!(f, "{d}"),
            When::DateTime(dt) => write!(f, "{}", dt.strftime("%Y-%m-%dT%H:%M")),
        }
    }
}

impl std::str::FromStr for When {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.contains('T') {
            s.parse::<DateTime>()
                .map(When::DateTime)
                .map_err(|_| format!("{s:?} is not a date and time (YYYY-MM-DDTHH:MM)"))
        } else {
            s.parse::<Date>()
                .map(When::Date)
                .map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
        }
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One fact in a child's ledger, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The JSON format's version; see [`SCHEMA_VERSION`].
    #[serde(deserialize_with = "schema_version")]
    pub schema: u32,
    pub id: EventId,
    /// When it happened.
    pub on: When,
    /// The user who recorded it (an id, never a name).
    pub recorded_by: String,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    #[serde(deserialize_with = "strict_kind")]
    pub event: EventKind,
}

/// Reads an [`EventKind`], refusing fields the kind does not have.
///
/// serde's `deny_unknown_fields` does not reach variants without fields
/// under internal tagging, so a stray field there would be dropped
/// silently; here every field given must be one the kind writes back.
fn strict_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<EventKind, D::Error> {
    use serde::de::Error;
    let given = serde_json::Value::deserialize(d)?;
    let kind = EventKind::deserialize(&given).map_err(D::Error::custom)?;
    let written = serde_json::to_value(&kind).map_err(D::Error::custom)?;
    if let (Some(given), Some(written)) = (given.as_object(), written.as_object())
        && let Some(field) = given.keys().find(|k| !written.contains_key(*k))
    {
        return Err(D::Error::custom(format!(
            "unknown field `{field}` for event type {}",
            kind.name()
        )));
    }
    Ok(kind)
}

fn schema_version<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = u32::deserialize(d)?;
    if v == SCHEMA_VERSION {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "schema version {v} is not supported (this build reads version {SCHEMA_VERSION})"
        )))
    }
}

impl Event {
    /// A new event in the current schema.
    pub fn new(
        id: u64,
        on: impl Into<When>,
        recorded_by: impl Into<String>,
        recorded_at: Timestamp,
        event: EventKind,
    ) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            id: EventId(id),
            on: on.into(),
            recorded_by: recorded_by.into(),
            recorded_at,
            event,
        }
    }

    /// Parses one JSON line.
    pub fn from_json(line: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(line)
    }

    /// Parses an event this system wrote and checked before: the same format,
    /// without the strict check for stray fields (which costs a second
    /// parse). For events read back from the store; input from anywhere
    /// else goes through [`Event::from_json`].
    pub fn from_stored_json(line: &str) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        struct Stored {
            #[serde(deserialize_with = "schema_version")]
            schema: u32,
            id: EventId,
            on: When,
            recorded_by: String,
            recorded_at: Timestamp,
            event: EventKind,
        }
        let s: Stored = serde_json::from_str(line)?;
        Ok(Event {
            schema: s.schema,
            id: s.id,
            on: s.on,
            recorded_by: s.recorded_by,
            recorded_at: s.recorded_at,
            event: s.event,
        })
    }

    /// Writes the event as one JSON line (no trailing newline).
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Outcome of the front door's screening of a contact (Working Together ch.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    NoFurtherAction,
    AdviceAndInformation,
    EarlyHelp,
    Referral,
}

/// What the assessment concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentOutcome {
    NoFurtherAction,
    EarlyHelp,
    ChildInNeedPlan,
    StrategyDiscussion,
    LookedAfter,
    OtherServices,
}

/// An agency at a strategy discussion. Inspectors look for more than social
/// care and police (Working Together 2023, 4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    SocialCare,
    Police,
    Health,
    Education,
    Probation,
    Other,
}

/// Why a visit was made; the kind decides which statutory clock it meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    ChildInNeed,
    ChildProtection,
    LookedAfter,
    CareLeaver,
    PrivateFostering,
    Other,
}

/// Initial or review health assessment (CPPCR reg 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthAssessmentKind {
    Initial,
    Review,
}

/// Where and with whom a looked-after child lives (SSDA903 episode columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// SSDA903 `PLACE`.
    pub placement_type: PlacementType,
    /// SSDA903 `PLACE_PROVIDER`; blank for placements with no provider (T0-T4, Z11-Z14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<PlacementProvider>,
    /// SSDA903 `PL_POST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
    /// SSDA903 `URN`: the Ofsted unique reference number of the setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<String>,
    /// The placement is intended to last until the child is 18, which sets
    /// the visit interval after the first year (CPPCR reg 28(2)(b)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub long_term: bool,
}

/// The stages of a child's journey, as the fold and the record form group
/// the events (Working Together 2023; the Children Act 1989 guidance and
/// regulations, volumes 2 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The front door, early help and episodes of need.
    FrontDoorAndNeed,
    /// Strategy discussions, section 47 enquiries and child protection.
    Protection,
    /// Children looked after.
    Care,
    /// Permanence and adoption.
    Adoption,
    /// Care leavers.
    LeavingCare,
    /// Court (pre-proceedings) and the other duties: private fostering and
    /// allegations against adults who work with children.
    CourtAndOtherDuties,
    /// Work on the case at every stage: visits, allocation, oversight,
    /// supervision and case notes.
    Casework,
    /// Amendments and voids of other events.
    Corrections,
}

impl Stage {
    /// The stage in a practitioner's words.
    pub fn label(self) -> &'static str {
        match self {
            Stage::FrontDoorAndNeed => "The front door and children in need",
            Stage::Protection => "Child protection",
            Stage::Care => "Looked after",
            Stage::Adoption => "Adoption",
            Stage::LeavingCare => "Leaving care",
            Stage::CourtAndOtherDuties => "Court and other duties",
            Stage::Casework => "Work on the case",
            Stage::Corrections => "Corrections",
        }
    }
}

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
    },
    /// CIN `CPPstartDate` N00105, `InitialCategoryOfAbuse` N00113.
    ProtectionPlanStarted {
        category: CategoryOfAbuse,
    },
    /// CIN `CPPreviewDate` N00116.
    ReviewConferenceHeld {
        #[serde(default)]
        category: Option<CategoryOfAbuse>,
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
    PreProceedingsStarted,
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
            | EpisodeClosed { .. } => Stage::FrontDoorAndNeed,
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
            | LadoReferralMade { .. } => Stage::CourtAndOtherDuties,
            VisitMade { .. }
            | Allocated { .. }
            | AllocatedToTeam { .. }
            | ManagementOversight { .. }
            | Supervision { .. }
            | CaseNote { .. } => Stage::Casework,
            Amended { .. } | Voided { .. } => Stage::Corrections,
        }
    }

    /// Who may record this kind of event: the verb the access policy must
    /// allow. Corrections are managers' work; so is every event that makes
    /// a relationship (allocation, IRO and personal adviser appointments),
    /// which changes who may see the child.
    pub fn action(&self) -> crate::access::Action {
        use crate::access::Action;
        match self {
            EventKind::Amended { .. } | EventKind::Voided { .. } => Action::Correct,
            _ if self.relationship().is_some() => Action::Allocate,
            _ => Action::Record,
        }
    }

    /// The relationship this event makes, if it changes who may see the
    /// child: the one declaration of which events do. An amendment makes
    /// the relationship its replacement makes.
    pub fn relationship(&self) -> Option<crate::access::Relationship> {
        use crate::access::Relationship;
        match self {
            EventKind::Allocated { worker, team } => Some(Relationship::Worker {
                worker: *worker,
                team: *team,
            }),
            EventKind::AllocatedToTeam { team } => Some(Relationship::Team { team: *team }),
            EventKind::IroAppointed { iro } => Some(Relationship::Iro { iro: *iro }),
            EventKind::PersonalAdviserAppointed { adviser } => {
                Some(Relationship::PersonalAdviser { adviser: *adviser })
            }
            EventKind::Amended { event, .. } => event.relationship(),
            _ => None,
        }
    }

    /// The people and teams this event names (not who recorded it): for
    /// showing the record with names in place of numbers.
    pub fn names(&self) -> (Vec<UserId>, Vec<TeamId>) {
        match self {
            EventKind::Allocated { worker, team } => (vec![*worker], vec![*team]),
            EventKind::AllocatedToTeam { team } => (Vec::new(), vec![*team]),
            EventKind::IroAppointed { iro } => (vec![*iro], Vec::new()),
            EventKind::PersonalAdviserAppointed { adviser } => (vec![*adviser], Vec::new()),
            EventKind::Supervision { supervisor } => (vec![*supervisor], Vec::new()),
            EventKind::Amended { event, .. } => event.names(),
            _ => (Vec::new(), Vec::new()),
        }
    }

    /// Refuses a code used on a date outside its validity (placement type P2
    /// from 28 October 2023; K3 before 2024-25; Z11-Z14 before 2025-26;
    /// withdrawn assessment factors, and so on): the DfE's returns reject it.
    /// The refusal names the field that holds the code.
    pub fn check_codes_in_force(&self, on: Date) -> Result<(), crate::record::Refused> {
        fn check<C: Copy + std::fmt::Display>(
            field: &'static str,
            code: C,
            list: &str,
            validity: crate::codes::Validity,
            on: Date,
        ) -> Result<(), crate::record::Refused> {
            if validity.valid_on(on) {
                return Ok(());
            }
            let when = match (validity.from, validity.until) {
                (Some(from), _) if on < from => format!("it is valid from {from}"),
                (_, Some(until)) => format!("it was withdrawn from {until}"),
                _ => String::new(),
            };
            Err(crate::record::Refused::value(
                field,
                format!("{list} {code} cannot be used on {on}: {when}"),
            ))
        }
        macro_rules! code {
            ($field:literal, $c:expr) => {
                check($field, $c, $c.list_name(), $c.validity(), on)
            };
        }
        use EventKind as K;
        match self {
            K::ContactReceived { source } | K::ReferralAccepted { source, .. } => {
                code!("source", *source)
            }
            K::AssessmentAuthorised { factors, .. } => {
                factors.iter().try_for_each(|f| code!("factors", *f))
            }
            K::BecameLookedAfter {
                legal_status,
                placement,
                ..
            } => {
                code!("legal_status", *legal_status)?;
                code!("placement.placement_type", placement.placement_type)
            }
            K::LegalStatusChanged { legal_status } => code!("legal_status", *legal_status),
            K::PlacementChanged {
                placement, reason, ..
            } => {
                code!("placement.placement_type", placement.placement_type)?;
                reason.map_or(Ok(()), |r| code!("reason", r))
            }
            K::CeasedLookedAfter { reason } => code!("reason", *reason),
            K::CareLeaverContact {
                in_touch,
                activity,
                accommodation,
                ..
            } => {
                code!("in_touch", *in_touch)?;
                activity.map_or(Ok(()), |a| code!("activity", a))?;
                accommodation.map_or(Ok(()), |a| code!("accommodation", a))
            }
            K::EpisodeClosed { reason } => code!("reason", *reason),
            _ => Ok(()),
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

    /// Whether a chronology shows this event under "significant only", the
    /// view a court or a new worker reads first: decisions, reviews and
    /// conferences, moves and changes of legal status, the child not seen,
    /// missing episodes and the return, and the steps of adoption and of
    /// proceedings; not routine activity.
    pub fn is_significant(&self) -> bool {
        use EventKind::*;
        match self {
            CaseNote { significant, .. } => *significant,
            // A visit where the child was not seen is a fact a reader needs.
            VisitMade { child_seen, .. } => !*child_seen,
            ContactDecision { .. }
            | ReferralAccepted { .. }
            | AssessmentAuthorised { .. }
            | StrategyDiscussionNeeded
            | StrategyDiscussionHeld { .. }
            | Section47Started
            | Section47Concluded { .. }
            | InitialConferenceHeld { .. }
            | ProtectionPlanStarted { .. }
            | ReviewConferenceHeld { .. }
            | ProtectionPlanEnded
            | CinPlanStarted
            | CinPlanReviewed
            | CinPlanEnded
            | EpisodeClosed { .. }
            | BecameLookedAfter { .. }
            | LegalStatusChanged { .. }
            | PlacementChanged { .. }
            | CeasedLookedAfter { .. }
            | LookedAfterReviewHeld { .. }
            | IroAppointed { .. }
            | MissingEpisodeStarted { .. }
            | MissingEpisodeEnded { .. }
            | AdoptionDecision
            | PlacementOrderGranted
            | Matched { .. }
            | PlacedForAdoption
            | AdoptionOrderGranted
            | AdoptionDecisionReversed { .. }
            | PathwayPlanReviewed
            | PersonalAdviserAppointed { .. }
            | PreProceedingsStarted
            | PreProceedingsConcluded { .. }
            | PrivateFosteringNotified
            | PrivateFosteringEnded
            | SteppedUp
            | SteppedDown
            | AllegationReceived
            | LadoReferralMade { .. }
            | ManagementOversight { .. } => true,
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn at() -> Timestamp {
        "2025-01-06T10:15:00Z".parse().unwrap()
    }

    #[test]
    fn round_trips_as_one_json_line() {
        let e = Event::new(
            7,
            date(2025, 1, 6),
            "u12",
            at(),
            EventKind::VisitMade {
                visit: VisitKind::ChildProtection,
                child_seen: true,
                seen_alone: true,
                child_views: None,
            },
        );
        let json = e.to_json();
        assert_eq!(
            json,
            r#"{"schema":1,"id":7,"on":"2025-01-06","recorded_by":"u12","recorded_at":"2025-01-06T10:15:00Z","event":{"type":"VisitMade","visit":"child_protection","child_seen":true,"seen_alone":true,"child_views":null}}"#
        );
        assert_eq!(Event::from_json(&json).unwrap(), e);
    }

    #[test]
    fn date_times_round_trip_where_the_law_counts_hours() {
        let e = Event::new(
            3,
            date(2025, 2, 1).at(21, 30, 0, 0),
            "u1",
            at(),
            EventKind::MissingEpisodeStarted {
                status: MissingOrAway::M,
            },
        );
        let json = e.to_json();
        assert!(json.contains(r#""on":"2025-02-01T21:30""#), "{json}");
        assert_eq!(Event::from_json(&json).unwrap(), e);
    }

    #[test]
    fn corrections_nest_the_replacement() {
        let e = Event::new(
            9,
            date(2025, 1, 7),
            "u1",
            at(),
            EventKind::Amended {
                target: EventId(7),
                reason: "wrong date".into(),
                on: Some(When::Date(date(2025, 1, 5))),
                event: Box::new(EventKind::CoreGroupHeld),
            },
        );
        assert_eq!(Event::from_json(&e.to_json()).unwrap(), e);
    }

    #[test]
    fn bad_json_says_what_is_wrong() {
        let base = r#"{"schema":1,"id":1,"on":"2025-01-06","recorded_by":"u","recorded_at":"2025-01-06T10:15:00Z","event":"#;
        let cases = [
            (
                format!(r#"{base}{{"type":"Nonsense"}}}}"#),
                "unknown variant `Nonsense`",
            ),
            (
                format!(r#"{base}{{"type":"ContactReceived","source":"ZZ"}}}}"#),
                "unknown code \"ZZ\" in the list",
            ),
            (
                format!(r#"{base}{{"type":"ContactReceived"}}}}"#),
                "missing field `source`",
            ),
            (
                format!(r#"{base}{{"type":"ContactReceived","source":"6","extra":1}}}}"#),
                "unknown field `extra`",
            ),
            (
                base.replace(r#""schema":1"#, r#""schema":2"#) + r#"{"type":"CoreGroupHeld"}}"#,
                "schema version 2 is not supported",
            ),
            (
                base.replace("2025-01-06\"", "06/01/2025\"") + r#"{"type":"CoreGroupHeld"}}"#,
                "is not a date",
            ),
        ];
        for (json, expected) in cases {
            let err = Event::from_json(&json).unwrap_err().to_string();
            assert!(err.contains(expected), "{json}\n=> {err}");
        }
    }

    #[test]
    fn codes_are_refused_outside_their_validity() {
        let placed = |t: PlacementType| EventKind::PlacementChanged {
            placement: Placement {
                placement_type: t,
                provider: None,
                postcode: None,
                urn: None,
                long_term: false,
            },
            reason: None,
            same_carer: false,
        };
        assert!(
            placed(PlacementType::P2)
                .check_codes_in_force(date(2023, 10, 27))
                .is_ok()
        );
        assert_eq!(
            placed(PlacementType::P2).check_codes_in_force(date(2023, 10, 28)),
            Err(crate::record::Refused::value(
                "placement.placement_type",
                "placement type P2 cannot be used on 2023-10-28: it was withdrawn from 2023-10-28"
            ))
        );
        assert_eq!(
            placed(PlacementType::Z11).check_codes_in_force(date(2025, 3, 31)),
            Err(crate::record::Refused::value(
                "placement.placement_type",
                "placement type Z11 cannot be used on 2025-03-31: it is valid from 2025-04-01"
            ))
        );
        assert!(
            placed(PlacementType::Z11)
                .check_codes_in_force(date(2025, 4, 1))
                .is_ok()
        );
        let closed = EventKind::EpisodeClosed {
            reason: ReasonForClosure::RC9,
        };
        assert!(closed.check_codes_in_force(date(2022, 3, 31)).is_err());
        assert!(closed.check_codes_in_force(date(2022, 4, 1)).is_ok());
    }

    #[test]
    fn every_listed_name_is_a_type_of_event() {
        for name in EventKind::NAMES {
            let err = serde_json::from_str::<EventKind>(&format!(r#"{{"type":"{name}"}}"#))
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(!err.contains("unknown variant"), "{name}: {err}");
        }
        let mut sorted = EventKind::NAMES.to_vec();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), EventKind::NAMES.len());
    }

    #[test]
    fn references_move_with_their_events() {
        let shift = |id: EventId| EventId(id.0 + 100);
        let decision = EventKind::ContactDecision {
            contact: EventId(1),
            outcome: ContactOutcome::Referral,
        };
        assert_eq!(
            decision.with_references(&shift),
            EventKind::ContactDecision {
                contact: EventId(101),
                outcome: ContactOutcome::Referral
            }
        );
        let amended = EventKind::Amended {
            target: EventId(3),
            reason: "r".into(),
            on: None,
            event: Box::new(EventKind::MissingEpisodeEnded {
                episode: EventId(2),
            }),
        };
        let EventKind::Amended { target, event, .. } = amended.with_references(&shift) else {
            panic!()
        };
        assert_eq!(target, EventId(103));
        assert_eq!(
            *event,
            EventKind::MissingEpisodeEnded {
                episode: EventId(102)
            }
        );
        assert_eq!(
            EventKind::CoreGroupHeld.with_references(&shift),
            EventKind::CoreGroupHeld
        );
    }

    #[test]
    fn stored_events_read_back_the_same() {
        let e = Event::new(
            5,
            date(2025, 2, 1).at(21, 30, 0, 0),
            "u1",
            at(),
            EventKind::ReturnInterview {
                episode: EventId(4),
                offered: true,
                accepted: true,
                held: true,
            },
        );
        assert_eq!(Event::from_stored_json(&e.to_json()).unwrap(), e);
        let future = e.to_json().replace(r#""schema":1"#, r#""schema":9"#);
        assert!(
            Event::from_stored_json(&future).is_err(),
            "unknown schema versions are still refused"
        );
    }

    #[test]
    fn the_timed_list_and_the_match_agree() {
        for name in EventKind::NAMES {
            // Any instance of the type will do: build one from its JSON with
            // every field it needs filled by a minimal value.
            let fields = match *name {
                "MissingEpisodeStarted" => r#","status":"M""#,
                "MissingEpisodeEnded" => r#","episode":1"#,
                "ReturnInterview" => r#","episode":1,"offered":true,"accepted":true,"held":true"#,
                _ => "",
            };
            if let Ok(kind) =
                serde_json::from_str::<EventKind>(&format!(r#"{{"type":"{name}"{fields}}}"#))
            {
                assert_eq!(
                    kind.is_timed(),
                    crate::catalogue::kind(name).unwrap().timed,
                    "{name}"
                );
            } else {
                assert!(
                    !crate::catalogue::kind(name).unwrap().timed,
                    "{name} is timed but was not built"
                );
            }
        }
    }

    #[test]
    fn names_match_the_json_tag() {
        let e = EventKind::Allocated {
            worker: UserId(1),
            team: TeamId(1),
        };
        let v: serde_json::Value = serde_json::to_value(&e).unwrap();
        assert_eq!(v["type"], e.name());
    }

    #[test]
    fn events_that_change_who_has_access_are_declared_and_need_a_manager() {
        use crate::access::{Action, Relationship};
        let allocated = EventKind::Allocated {
            worker: UserId(65),
            team: TeamId(10),
        };
        assert_eq!(
            allocated.relationship(),
            Some(Relationship::Worker {
                worker: UserId(65),
                team: TeamId(10)
            })
        );
        assert_eq!(allocated.action(), Action::Allocate);
        let iro = EventKind::IroAppointed { iro: UserId(79) };
        assert_eq!(
            iro.relationship(),
            Some(Relationship::Iro { iro: UserId(79) })
        );
        assert_eq!(iro.action(), Action::Allocate);
        assert_eq!(
            EventKind::PersonalAdviserAppointed { adviser: UserId(3) }.action(),
            Action::Allocate
        );
        assert_eq!(
            EventKind::AllocatedToTeam { team: TeamId(3) }.relationship(),
            Some(Relationship::Team { team: TeamId(3) })
        );
        let amended = EventKind::Amended {
            target: EventId(1),
            reason: "wrong IRO".into(),
            on: None,
            event: Box::new(iro.clone()),
        };
        assert_eq!(amended.relationship(), iro.relationship());
        assert_eq!(amended.action(), Action::Correct);
        assert_eq!(EventKind::DentalCheck.relationship(), None);
        assert_eq!(EventKind::DentalCheck.action(), Action::Record);
        // The ledger keeps writing ids as strings of digits, and refuses a
        // name where a number belongs.
        let json = serde_json::to_value(&allocated).unwrap();
        assert_eq!(json["worker"], "65");
        assert!(
            serde_json::from_str::<EventKind>(r#"{"type": "IroAppointed", "iro": "Dami"}"#)
                .is_err()
        );
    }

    #[test]
    fn the_significant_view_keeps_what_a_court_reads_first() {
        let visit = |child_seen| EventKind::VisitMade {
            visit: VisitKind::LookedAfter,
            child_seen,
            seen_alone: false,
            child_views: None,
        };
        let review = EventKind::LookedAfterReviewHeld {
            participation: crate::codes::ReviewParticipation::PN1,
        };
        // Reviews, moves, the child not seen and missing episodes...
        for kind in [
            review,
            visit(false),
            EventKind::MissingEpisodeStarted {
                status: MissingOrAway::M,
            },
            EventKind::MissingEpisodeEnded {
                episode: EventId(1),
            },
            EventKind::IroAppointed { iro: UserId(1) },
        ] {
            assert!(kind.is_significant(), "{}", kind.name());
        }
        // ...not routine activity.
        for kind in [
            visit(true),
            EventKind::PepReviewed,
            EventKind::DentalCheck,
            EventKind::CoreGroupHeld,
        ] {
            assert!(!kind.is_significant(), "{}", kind.name());
        }
    }
}
