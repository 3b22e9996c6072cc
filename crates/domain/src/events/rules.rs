//! What an event means beyond itself: who may record it and which
//! relationship it makes (the access policy), the people it names, the codes
//! it may use on its date, and whether a chronology counts it significant.

use jiff::civil::Date;

use super::EventKind;
use crate::keys::{TeamId, UserId};

impl EventKind {
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
            EventKind::Allocated { worker, team, .. } => Some(Relationship::Worker {
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
            EventKind::Allocated { worker, team, .. } => (vec![*worker], vec![*team]),
            EventKind::AllocatedToTeam { team } => (Vec::new(), vec![*team]),
            EventKind::IroAppointed { iro } => (vec![*iro], Vec::new()),
            EventKind::PersonalAdviserAppointed { adviser } => (vec![*adviser], Vec::new()),
            EventKind::Supervision { supervisor } => (vec![*supervisor], Vec::new()),
            EventKind::ActionAgreed { owner, .. } => (vec![*owner], Vec::new()),
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
            | PreProceedingsDecided
            | LetterBeforeProceedingsSent { .. }
            | FamilyGroupMeetingHeld
            | FamilyGroupMeetingNotHeld { .. }
            | PreProceedingsStepDecision { .. }
            | CareProceedingsApplied
            | LetterOfIssueSent
            | PrivateFosteringNotified
            | PrivateFosteringEnded
            | SteppedUp
            | SteppedDown
            | AllegationReceived
            | LadoReferralMade { .. }
            | ManagementOversight { .. }
            // A move of home or school is one of the changes a reader of
            // a chronology looks for first.
            | AddressChanged { .. }
            | SchoolChanged { .. }
            // Events in the child's life a court or a new worker must not
            // miss: a death, a baby, an offence, a change of asylum status,
            // a deprivation of liberty.
            | DeathRecorded
            | BabyBorn
            | Convicted
            | UascStatusStarted
            | UascStatusEnded
            | DeprivationOfLibertyStarted
            | DeprivationOfLibertyEnded => true,
            _ => false,
        }
    }
}
