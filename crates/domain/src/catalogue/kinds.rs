//! The table itself: every kind of event, its fields and the fixed
//! choices they offer, in the order the record form lists them.

use crate::codes::{
    AdopterLegalStatus, AdopterSex, AssessmentFactor, CareLeaverAccommodation, CareLeaverActivity,
    CareLeaverInTouch, CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider,
    PlacementType, PrimaryNeed, ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForClosure,
    ReasonForPlacementChange, ReferralSource, ReviewParticipation, SdqReason,
    SocialWorkerChangeReason,
};

use super::{Chooses, Field, Input, Kind, f, k, timed};
use crate::events::Stage;

mod child;
mod proceedings;

const CONTACT_OUTCOMES: &[(&str, &str)] = &[
    ("no_further_action", "No further action"),
    ("advice_and_information", "Advice and information"),
    ("early_help", "Early help"),
    ("referral", "Referral to children's social care"),
];
const ASSESSMENT_OUTCOMES: &[(&str, &str)] = &[
    ("no_further_action", "No further action"),
    ("early_help", "Early help"),
    ("child_in_need_plan", "Child in need plan"),
    ("strategy_discussion", "Strategy discussion"),
    ("looked_after", "Looked after"),
    ("other_services", "Other services"),
];
const AGENCIES: &[(&str, &str)] = &[
    ("social_care", "Children's social care"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation", "Probation"),
    ("other", "Other"),
];
const VISITS: &[(&str, &str)] = &[
    ("child_in_need", "Child in need"),
    ("child_protection", "Child protection"),
    ("looked_after", "Looked after"),
    ("care_leaver", "Care leaver"),
    ("private_fostering", "Private fostering"),
    ("other", "Other"),
];
const HEALTH: &[(&str, &str)] = &[("initial", "Initial"), ("review", "Review")];
const KINSHIP: &[(&str, &str)] = crate::events::Kinship::ALL;

const PLACEMENT: [Field; 5] = [
    f(
        "placement.placement_type",
        "Placement type",
        Input::Code(PlacementType::options),
        true,
    ),
    f(
        "placement.provider",
        "Placement provider",
        Input::Code(PlacementProvider::options),
        false,
    ),
    f(
        "placement.postcode",
        "Placement postcode",
        Input::Postcode,
        false,
    ),
    f(
        "placement.urn",
        "Ofsted URN of the setting",
        Input::Text,
        false,
    ),
    f(
        "placement.long_term",
        "Intended to last until the child is 18",
        Input::Check,
        false,
    ),
];

/// Every kind of event in the ledger, in the order the record form lists
/// them: the journey's kinds here, then the child's own facts
/// ([`child::CHILD`]) and pre-proceedings ([`proceedings::PROCEEDINGS`]).
pub const KINDS: &[Kind] = &ALL;

const ALL: [Kind; JOURNEY.len() + child::CHILD.len() + proceedings::PROCEEDINGS.len()] =
    concat(&[JOURNEY, child::CHILD, proceedings::PROCEEDINGS]);

/// The parts of the table as one array, in order (a `const` slice cannot
/// be joined otherwise).
const fn concat<const N: usize>(parts: &[&[Kind]]) -> [Kind; N] {
    let mut out = [JOURNEY[0]; N];
    let mut at = 0;
    let mut p = 0;
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[at] = parts[p][i];
            at += 1;
            i += 1;
        }
        p += 1;
    }
    out
}

/// The kinds of the child's journey, from the front door to leaving care,
/// with the work on the case, family and documents.
const JOURNEY: &[Kind] = &[
    k(
        "BirthDetailsRecorded",
        "Birth details",
        Stage::FrontDoorAndNeed,
        &[
            f("date_of_birth", "Date of birth", Input::Date, false),
            f(
                "expected_date_of_birth",
                "Expected date of birth (unborn child)",
                Input::Date,
                false,
            ),
        ],
    ),
    k(
        "ContactReceived",
        "Contact received",
        Stage::FrontDoorAndNeed,
        &[f(
            "source",
            "Source",
            Input::Code(ReferralSource::options),
            true,
        )],
    ),
    k(
        "ContactDecision",
        "Screening decision on a contact",
        Stage::FrontDoorAndNeed,
        &[
            f(
                "contact",
                "Contact",
                Input::EventRef("ContactReceived"),
                true,
            ),
            f("outcome", "Decision", Input::Choice(CONTACT_OUTCOMES), true),
        ],
    ),
    k(
        "EarlyHelpAssessment",
        "Early help assessment",
        Stage::FrontDoorAndNeed,
        &[],
    ),
    k(
        "SteppedUp",
        "Stepped up from early help",
        Stage::FrontDoorAndNeed,
        &[],
    ),
    k(
        "SteppedDown",
        "Stepped down to early help",
        Stage::FrontDoorAndNeed,
        &[],
    ),
    k(
        "ReferralAccepted",
        "Referral",
        Stage::FrontDoorAndNeed,
        &[
            f(
                "source",
                "Referral source",
                Input::Code(ReferralSource::options),
                true,
            ),
            f(
                "no_further_action",
                "The referral led to no further action",
                Input::Check,
                false,
            ),
            f(
                "primary_need",
                "Primary need, as judged at referral",
                Input::Code(PrimaryNeed::options),
                false,
            ),
        ],
    ),
    k(
        "AssessmentStarted",
        "Assessment started",
        Stage::FrontDoorAndNeed,
        &[],
    ),
    k(
        "AssessmentAuthorised",
        "Assessment authorised",
        Stage::FrontDoorAndNeed,
        &[
            f(
                "factors",
                "Factors identified at assessment",
                Input::Codes(AssessmentFactor::options),
                true,
            ),
            f("child_seen", "The child was seen", Input::Check, false),
            f(
                "seen_alone",
                "The child was seen alone",
                Input::Check,
                false,
            ),
            f("child_views", "The child's views", Input::TextArea, false),
            f(
                "primary_need",
                "Primary need",
                Input::Code(PrimaryNeed::options),
                false,
            ),
            f(
                "outcome",
                "Outcome",
                Input::Choice(ASSESSMENT_OUTCOMES),
                true,
            ),
            SEEN_AND_HEARD,
            ANALYSIS,
        ],
    ),
    k(
        "StrategyDiscussionNeeded",
        "Decision that a strategy discussion is needed",
        Stage::Protection,
        &[],
    ),
    k(
        "StrategyDiscussionHeld",
        "Strategy discussion held",
        Stage::Protection,
        &[f(
            "attendance",
            "Agencies present",
            Input::Choices(AGENCIES),
            true,
        )],
    ),
    k(
        "Section47Started",
        "Section 47 enquiry started",
        Stage::Protection,
        &[],
    ),
    k(
        "Section47Concluded",
        "Section 47 enquiry concluded",
        Stage::Protection,
        &[f(
            "icpc_required",
            "An initial child protection conference is required",
            Input::Check,
            false,
        )],
    ),
    k(
        "InitialConferenceHeld",
        "Initial child protection conference",
        Stage::Protection,
        &[
            f(
                "plan",
                "The conference decided on a child protection plan",
                Input::Check,
                false,
            ),
            SEEN_AND_HEARD,
            ANALYSIS,
        ],
    ),
    k(
        "ProtectionPlanStarted",
        "Child protection plan started",
        Stage::Protection,
        &[f(
            "category",
            "Category of abuse",
            Input::Code(CategoryOfAbuse::options),
            true,
        )],
    ),
    k(
        "ReviewConferenceHeld",
        "Review child protection conference",
        Stage::Protection,
        &[
            f(
                "category",
                "Category of abuse, if it changed",
                Input::Code(CategoryOfAbuse::options),
                false,
            ),
            SEEN_AND_HEARD,
            ANALYSIS,
        ],
    ),
    k("CoreGroupHeld", "Core group", Stage::Protection, &[]),
    k(
        "ProtectionPlanEnded",
        "Child protection plan ended",
        Stage::Protection,
        &[],
    ),
    k(
        "CinPlanStarted",
        "Child in need plan started",
        Stage::FrontDoorAndNeed,
        &[],
    ),
    k(
        "CinPlanReviewed",
        "Child in need plan reviewed",
        Stage::FrontDoorAndNeed,
        &[],
    ),
    k(
        "CinPlanEnded",
        "Child in need plan ended",
        Stage::FrontDoorAndNeed,
        &[],
    ),
    k(
        "EpisodeClosed",
        "Case closed",
        Stage::FrontDoorAndNeed,
        &[f(
            "reason",
            "Reason for closure",
            Input::Code(ReasonForClosure::options),
            true,
        )],
    ),
    k(
        "VisitMade",
        "Visit",
        Stage::Casework,
        &[
            f("visit", "Kind of visit", Input::Choice(VISITS), true),
            f("child_seen", "The child was seen", Input::Check, false),
            f(
                "seen_alone",
                "The child was seen alone",
                Input::Check,
                false,
            ),
            f("child_views", "The child's views", Input::TextArea, false),
            SEEN_AND_HEARD,
            ANALYSIS,
        ],
    ),
    k(
        "BecameLookedAfter",
        "Started to be looked after",
        Stage::Care,
        &[
            f(
                "legal_status",
                "Legal status",
                Input::Code(LegalStatus::options),
                true,
            ),
            PLACEMENT[0],
            PLACEMENT[1],
            PLACEMENT[2],
            PLACEMENT[3],
            PLACEMENT[4],
            f(
                "category_of_need",
                "Category of need (N1 to N8)",
                Input::Code(PrimaryNeed::options),
                true,
            ),
            f(
                "uasc",
                "Unaccompanied asylum-seeking child",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "LegalStatusChanged",
        "Legal status changed",
        Stage::Care,
        &[f(
            "legal_status",
            "Legal status",
            Input::Code(LegalStatus::options),
            true,
        )],
    ),
    k(
        "PlacementChanged",
        "Placement changed",
        Stage::Care,
        &[
            PLACEMENT[0],
            PLACEMENT[1],
            PLACEMENT[2],
            PLACEMENT[3],
            PLACEMENT[4],
            f(
                "reason",
                "Reason for the change",
                Input::Code(ReasonForPlacementChange::options),
                false,
            ),
            f(
                "same_carer",
                "The same carers continue",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "CeasedLookedAfter",
        "Ceased to be looked after",
        Stage::Care,
        &[f(
            "reason",
            "Reason",
            Input::Code(ReasonEpisodeCeased::options),
            true,
        )],
    ),
    k(
        "LookedAfterReviewHeld",
        "Looked-after review",
        Stage::Care,
        &[
            f(
                "participation",
                "How the child took part",
                Input::Code(ReviewParticipation::options),
                true,
            ),
            SEEN_AND_HEARD,
            ANALYSIS,
            f(
                "recommendations",
                "The IRO's recommendations",
                Input::TextArea,
                false,
            ),
            f(
                "next_review_due",
                "Next review by (if the IRO sets a date)",
                Input::Date,
                false,
            ),
        ],
    ),
    k("CarePlanRecorded", "Care plan", Stage::Care, &[]),
    k(
        "IroAppointed",
        "IRO appointed",
        Stage::Care,
        &[f(
            "iro",
            "Independent reviewing officer",
            Input::Person(Chooses::Iro),
            true,
        )],
    ),
    k(
        "HealthAssessment",
        "Health assessment",
        Stage::Care,
        &[f("assessment", "Assessment", Input::Choice(HEALTH), true)],
    ),
    k("DentalCheck", "Dental check", Stage::Care, &[]),
    k(
        "SdqRecorded",
        "Strengths and difficulties questionnaire",
        Stage::Care,
        &[
            f("score", "Score (0 to 40)", Input::Number, false),
            f(
                "reason",
                "Or: why it was not completed",
                Input::Code(SdqReason::options),
                false,
            ),
        ],
    ),
    k(
        "ImmunisationsRecorded",
        "Immunisations",
        Stage::Care,
        &[f(
            "up_to_date",
            "Immunisations are up to date",
            Input::Check,
            false,
        )],
    ),
    k("PepReviewed", "Personal education plan", Stage::Care, &[]),
    timed(k(
        "MissingEpisodeStarted",
        "Went missing or away",
        Stage::Care,
        &[f(
            "status",
            "Missing or away",
            Input::Code(MissingOrAway::options),
            true,
        )],
    )),
    timed(k(
        "MissingEpisodeEnded",
        "Returned from missing",
        Stage::Care,
        &[f(
            "episode",
            "Missing episode",
            Input::EventRef("MissingEpisodeStarted"),
            true,
        )],
    )),
    timed(k(
        "ReturnInterview",
        "Return home interview",
        Stage::Care,
        &[
            f(
                "episode",
                "Missing episode",
                Input::EventRef("MissingEpisodeStarted"),
                true,
            ),
            f("offered", "An interview was offered", Input::Check, false),
            f("accepted", "The child accepted", Input::Check, false),
            f("held", "The interview was held", Input::Check, false),
        ],
    )),
    k(
        "AdoptionDecision",
        "Agency decision: should be placed for adoption",
        Stage::Adoption,
        &[],
    ),
    k(
        "PlacementOrderGranted",
        "Placement order",
        Stage::Adoption,
        &[],
    ),
    k(
        "Matched",
        "Matched with adopters",
        Stage::Adoption,
        &[
            f(
                "adopter_sex",
                "Adopters",
                Input::Code(AdopterSex::options),
                true,
            ),
            f(
                "adopter_legal_status",
                "Adopters' legal status",
                Input::Code(AdopterLegalStatus::options),
                true,
            ),
            f(
                "number_of_adopters",
                "Number of adopters",
                Input::Number,
                true,
            ),
        ],
    ),
    k(
        "PlacedForAdoption",
        "Placed for adoption",
        Stage::Adoption,
        &[],
    ),
    k(
        "AdoptionOrderGranted",
        "Adoption order",
        Stage::Adoption,
        &[],
    ),
    k(
        "AdoptionDecisionReversed",
        "Adoption decision reversed",
        Stage::Adoption,
        &[f(
            "reason",
            "Reason",
            Input::Code(ReasonDecisionReversed::options),
            true,
        )],
    ),
    k(
        "PathwayNeedsAssessment",
        "Pathway needs assessment",
        Stage::LeavingCare,
        &[],
    ),
    k(
        "PathwayPlanReviewed",
        "Pathway plan reviewed",
        Stage::LeavingCare,
        &[],
    ),
    k(
        "PersonalAdviserAppointed",
        "Personal adviser appointed",
        Stage::LeavingCare,
        &[f(
            "adviser",
            "Personal adviser",
            Input::Person(Chooses::PersonalAdviser),
            true,
        )],
    ),
    k(
        "CareLeaverContact",
        "Care leaver contact",
        Stage::LeavingCare,
        &[
            f(
                "in_touch",
                "In touch",
                Input::Code(CareLeaverInTouch::options),
                true,
            ),
            f(
                "activity",
                "Activity",
                Input::Code(CareLeaverActivity::options),
                false,
            ),
            f(
                "accommodation",
                "Accommodation",
                Input::Code(CareLeaverAccommodation::options),
                false,
            ),
            f(
                "staying_put",
                "Staying put with former foster carers",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "PreProceedingsStarted",
        "Pre-proceedings started (decision and letter together, as older records have it)",
        Stage::CourtAndOtherDuties,
        &[],
    ),
    k(
        "PreProceedingsConcluded",
        "Pre-proceedings concluded (as older records have it)",
        Stage::CourtAndOtherDuties,
        &[f(
            "proceedings_issued",
            "Care proceedings were issued",
            Input::Check,
            false,
        )],
    ),
    k(
        "PrivateFosteringNotified",
        "Private fostering notified",
        Stage::CourtAndOtherDuties,
        &[],
    ),
    k(
        "PrivateFosteringEnded",
        "Private fostering ended",
        Stage::CourtAndOtherDuties,
        &[],
    ),
    k(
        "AllegationReceived",
        "Allegation against an adult who works with children",
        Stage::CourtAndOtherDuties,
        &[],
    ),
    k(
        "LadoReferralMade",
        "Referral to the LADO",
        Stage::CourtAndOtherDuties,
        &[f(
            "allegation",
            "Allegation",
            Input::EventRef("AllegationReceived"),
            true,
        )],
    ),
    k(
        "ManagementOversight",
        "Management oversight",
        Stage::Casework,
        &[
            f("decision", "Decision", Input::Text, true),
            f(
                "rationale",
                "Rationale for the decision",
                Input::TextArea,
                true,
            ),
        ],
    ),
    k(
        "Supervision",
        "Supervision",
        Stage::Casework,
        &[f(
            "supervisor",
            "Supervisor",
            Input::Person(Chooses::Supervisor),
            true,
        )],
    ),
    k(
        "CaseNote",
        "Case note",
        Stage::Casework,
        &[
            f("text", "Note", Input::TextArea, true),
            f(
                "significant",
                "Show in the chronology's significant events",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "Allocated",
        "Allocated to a worker",
        Stage::Casework,
        &[
            f("worker", "Social worker (user number)", Input::Number, true),
            f("team", "Team (number)", Input::Number, true),
            f(
                "reason",
                "Why the social worker changed",
                Input::Code(SocialWorkerChangeReason::options),
                false,
            ),
        ],
    ),
    k(
        "AllocatedToTeam",
        "Allocated to a team, awaiting a worker",
        Stage::Casework,
        &[f("team", "Team (number)", Input::Number, true)],
    ),
    k(
        "Amended",
        "Amended",
        Stage::Corrections,
        &[
            f("target", "The event amended", Input::Number, true),
            f("reason", "Why it is amended", Input::TextArea, true),
        ],
    ),
    k(
        "Voided",
        "Voided",
        Stage::Corrections,
        &[
            f("target", "The event voided", Input::Number, true),
            f("reason", "Why it is voided", Input::TextArea, true),
        ],
    ),
    // Documents: attached with their file, on the child's page, not by the
    // record form (see [`crate::documents`]).
    k(
        "DocumentAttached",
        "Document attached",
        Stage::Casework,
        &[
            f("attachment", "The document (number)", Input::Number, true),
            f("title", "Title", Input::Text, true),
            f(
                "document",
                "Kind of document",
                Input::Choice(crate::documents::KINDS),
                true,
            ),
            f("sha256", "SHA-256 of the file", Input::Text, true),
            f("size", "Size in bytes", Input::Number, true),
            f("content_type", "Type of file", Input::Text, true),
        ],
    ),
    // Where and with whom the child lives; family and network.
    k(
        "AddressChanged",
        "Address and who the child lives with",
        Stage::FamilyAndNetwork,
        &[
            f("address", "Address", Input::TextArea, true),
            f("postcode", "Postcode", Input::Postcode, false),
            f("lives_with", "Who the child lives with", Input::Text, true),
        ],
    ),
    k(
        "SchoolChanged",
        "School",
        Stage::FamilyAndNetwork,
        &[
            f("school", "School", Input::Text, true),
            f("urn", "The school's URN (6 digits)", Input::Urn, true),
        ],
    ),
    k(
        "GpRegistered",
        "Registered with a GP",
        Stage::FamilyAndNetwork,
        &[
            f("practice", "GP practice", Input::Text, true),
            f(
                "ods_code",
                "The practice's ODS code, as A81001",
                Input::Text,
                false,
            ),
        ],
    ),
    k(
        "FamilyMemberRecorded",
        "Family member",
        Stage::FamilyAndNetwork,
        &[
            f(
                "name",
                "Full name (leave blank for a child with a record in Hearth)",
                Input::Text,
                false,
            ),
            f(
                "relationship",
                "Relationship to the child",
                Input::Choice(KINSHIP),
                true,
            ),
            f(
                "parental_responsibility",
                "Has parental responsibility for the child",
                Input::Check,
                false,
            ),
            f("date_of_birth", "Date of birth", Input::Date, false),
            f(
                "relative",
                "If they are also a child in Hearth: their record number (from their record's address)",
                Input::Number,
                false,
            ),
        ],
    ),
    k(
        "FamilyMemberEnded",
        "Family member no longer in the child's network",
        Stage::FamilyAndNetwork,
        &[f(
            "member",
            "Family member",
            Input::EventRef("FamilyMemberRecorded"),
            true,
        )],
    ),
    k(
        "ProfessionalAdded",
        "Professional working with the child",
        Stage::FamilyAndNetwork,
        &[
            f("name", "Name", Input::Text, true),
            f("role", "Role", Input::Text, true),
            f("agency", "Agency", Input::Choice(AGENCIES), true),
            f("contact", "Telephone or email", Input::Text, false),
        ],
    ),
    k(
        "ProfessionalEnded",
        "Professional no longer working with the child",
        Stage::FamilyAndNetwork,
        &[f(
            "professional",
            "Professional",
            Input::EventRef("ProfessionalAdded"),
            true,
        )],
    ),
    // Actions agreed in a worker's write-up, and their completion.
    k(
        "ActionAgreed",
        "Action agreed",
        Stage::Casework,
        &[
            f("what", "What is to be done", Input::TextArea, true),
            f(
                "owner",
                "Who will do it",
                Input::Person(Chooses::ActionOwner),
                true,
            ),
            f("due", "Due by", Input::Date, true),
        ],
    ),
    k(
        "ActionDone",
        "Action done",
        Stage::Casework,
        &[f(
            "action",
            "The action",
            Input::EventRef("ActionAgreed"),
            true,
        )],
    ),
    // The assessment's internal review (CIN census).
    k(
        "AssessmentInternalReview",
        "Assessment reviewed internally",
        Stage::FrontDoorAndNeed,
        &[],
    ),
];

/// The worker's write-up: what was seen and heard.
const SEEN_AND_HEARD: Field = f(
    "seen_and_heard",
    "What was seen and heard",
    Input::TextArea,
    false,
);
/// The worker's write-up: their analysis.
const ANALYSIS: Field = f("analysis", "Analysis", Input::TextArea, false);

/// The fields that hold a worker's own words, by JSON name: shown under an
/// event in the chronology rather than in its one-line detail, and
/// searched as case notes.
pub const WRITE_UP: &[&str] = &[
    "child_views",
    "seen_and_heard",
    "analysis",
    "recommendations",
    "rationale",
    "text",
];
