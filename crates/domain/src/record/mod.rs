//! The fold of a child's ledger into their history: [`ChildRecord`].
//!
//! Events are folded in the order they happened (date, and time where one is
//! recorded, then the order they were recorded), so a late entry lands where
//! it belongs. Corrections apply
//! first: an [`EventKind::Amended`](crate::events::EventKind::Amended) replaces its target's content and date,
//! an [`EventKind::Voided`](crate::events::EventKind::Voided) withdraws it.
//!
//! An event that contradicts the record (a plan ending when none is open, a
//! second open child protection plan, a placement change for a child who is
//! not looked after, a correction of an event that does not exist) is
//! refused: the fold returns a [`Refusal`] listing every problem, and the
//! caller writes nothing.
//!
//! The fold's rules live with the stage of the journey they belong to, each
//! module holding its stage's types and its part of the fold: [`need`] (the
//! front door and episodes of need), [`protection`], [`care`],
//! [`adoption`] (permanence), [`leaving_care`], [`casework`] (work on the
//! case), [`court`] (court and other duties), [`family`] (home, family
//! and network), [`characteristics`] (who the child is) and
//! [`corrections`]; [`looked_after_facts`] holds the care stage's facts
//! that only the returns count. Which
//! stage an event belongs to is declared once, by
//! [`EventKind::stage`](crate::events::EventKind::stage).

use jiff::civil::Date;
use serde::Serialize;

use crate::events::{Event, EventId, Stage, When};
use crate::keys::UserId;

pub mod adoption;
pub mod care;
pub mod casework;
pub mod characteristics;
pub mod corrections;
pub mod court;
pub mod family;
pub mod leaving_care;
pub mod looked_after_facts;
pub mod need;
pub mod proceedings;
pub mod protection;
mod refusal;

pub use adoption::AdoptionPlan;
pub use care::{
    CareEpisode, HealthCheck, InterviewOutcome, LookedAfterReview, MissingEpisode, PeriodOfCare,
    PlacementSpell, ReturnInterviewRecord, Sdq,
};
pub use casework::{AgreedAction, Allocation, SocialWorkerEpisode, Visit, WriteUp};
pub use characteristics::{Characteristics, Dated, Spell, UpnStatus};
pub use corrections::{Corrected, as_known_at, corrected};
pub use court::{Allegation, PreProceedings, PrivateFostering};
pub use leaving_care::{CareLeaverContactRecord, CareLeaverStatus};
pub use looked_after_facts::PreviousPermanenceRecord;
pub use need::{Assessment, ChildInNeedPlan, Contact, EpisodeOfNeed, Referral};
pub use proceedings::{FamilyGroupMeeting, PreProceedingsPeriod, StepDecision};
pub use protection::{ProtectionPlan, Section47Enquiry, StrategyDiscussion};
pub use refusal::{DATE_FIELD, Problem, Refusal, Refused};

use corrections::{Fact, apply_corrections, check_unique_ids};
use refusal::require;

/// A dated fact: when, and the event that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Mark {
    pub on: When,
    pub event: EventId,
}

impl Mark {
    pub fn date(self) -> Date {
        self.on.date()
    }
}

/// A child's history as at a date, derived from their ledger.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct ChildRecord {
    /// Events after this date are left out.
    pub as_at: Option<Date>,
    /// The date of the latest fact folded.
    pub latest: Option<Date>,
    pub date_of_birth: Option<Date>,
    pub expected_date_of_birth: Option<Date>,
    pub contacts: Vec<Contact>,
    pub early_help_assessments: Vec<Mark>,
    pub step_ups: Vec<Mark>,
    pub step_downs: Vec<Mark>,
    pub episodes: Vec<EpisodeOfNeed>,
    pub periods_of_care: Vec<PeriodOfCare>,
    pub visits: Vec<Visit>,
    pub care_plans: Vec<Mark>,
    pub iro: Option<Mark>,
    /// The appointed IRO.
    pub iro_user: Option<UserId>,
    pub health_assessments: Vec<HealthCheck>,
    pub dental_checks: Vec<Mark>,
    pub sdqs: Vec<Sdq>,
    pub immunisations: Vec<(Mark, bool)>,
    pub peps: Vec<Mark>,
    pub missing: Vec<MissingEpisode>,
    pub adoption: Vec<AdoptionPlan>,
    pub pathway_needs_assessments: Vec<Mark>,
    pub pathway_plan_reviews: Vec<Mark>,
    pub personal_adviser: Option<Mark>,
    /// The appointed personal adviser.
    pub personal_adviser_user: Option<UserId>,
    pub care_leaver_contacts: Vec<CareLeaverContactRecord>,
    pub pre_proceedings: Vec<PreProceedings>,
    pub private_fostering: Vec<PrivateFostering>,
    pub allegations: Vec<Allegation>,
    pub allocation: Option<Allocation>,
    pub management_oversight: Vec<Mark>,
    pub supervision: Vec<Mark>,
    pub case_notes: Vec<Mark>,
    /// Home, school, GP, family and the professional network.
    pub family: family::Family,
    /// Actions agreed for the child, in date order, with when each was done.
    pub actions: Vec<AgreedAction>,
    /// The worker's own words in each event that has them: what was seen
    /// and heard, analysis, views, recommendations, rationale, notes.
    pub write_ups: Vec<WriteUp>,
    /// How many facts (not corrections) were folded.
    pub facts: usize,
    // The child's characteristics and the other facts the DfE returns take
    // from the record ([`characteristics`], [`looked_after_facts`]).
    /// Sex, ethnicity, disabilities, UPN (with former UPNs and reasons for
    /// none) and date of death, each a history in date order.
    pub characteristics: Characteristics,
    /// Spells of UASC status (SSDA903 UASC file; `DUC` is the end).
    pub uasc: Vec<Spell>,
    /// The child's babies, each marked on its date of birth (SSDA903
    /// `MOTHER`, `MC_DOB`).
    pub babies: Vec<Mark>,
    /// Convictions, final warnings, reprimands and youth cautions (SSDA903
    /// OC2 `CONVICTED`).
    pub convictions: Vec<Mark>,
    /// Each time a substance misuse problem was identified (OC2
    /// `SUBSTANCE_MISUSE`).
    pub substance_misuse: Vec<Mark>,
    /// Interventions for substance misuse offered: `true` if the child
    /// received it, `false` if they refused it (OC2
    /// `INTERVENTION_RECEIVED`, `INTERVENTION_OFFERED`).
    pub substance_misuse_interventions: Vec<Dated<bool>>,
    /// Whether development checks were up to date, as recorded (OC2
    /// `HEALTH_CHECK`, for a child under 5).
    pub development_checks: Vec<Dated<bool>>,
    /// Previous permanence before a period of care, as recorded (SSDA903
    /// `PrevPerm`); the latest before a period's start is the one for it.
    pub previous_permanence: Vec<PreviousPermanenceRecord>,
    /// Deprivation of liberty orders (SSDA903 2026-27 `DOLO_START`,
    /// `DOLO_END`).
    pub deprivation_of_liberty: Vec<Spell>,
    /// Each period of pre-proceedings, item by item, with the episode of
    /// need it belongs to (CIN census 2026-27 `PreProceedingsandFGDM`).
    pub pre_proceedings_periods: Vec<PreProceedingsPeriod>,
    /// Every allocated social worker in turn, with why the worker changed
    /// (SSDA903 social worker episodes); [`ChildRecord::allocation`] is
    /// the latest allocation only.
    pub social_worker_episodes: Vec<SocialWorkerEpisode>,
}

impl ChildRecord {
    /// Folds a child's ledger into their history as at `as_at`: facts dated
    /// after it are left out. Corrections apply whenever they were recorded
    /// (the record shows what is now known of the past).
    pub fn fold(events: &[Event], as_at: Date) -> Result<Self, Refusal> {
        fold_refs(events.iter().collect(), Some(as_at))
    }

    /// Checks that `new` can join `events`: the whole ledger with it is folded,
    /// whatever the dates. On success returns the record with it.
    pub fn check_append(events: &[Event], new: &Event) -> Result<Self, Refusal> {
        let mut all: Vec<&Event> = events.iter().collect();
        all.push(new);
        fold_refs(all, None)
    }

    /// Folds the whole ledger, whatever the dates: the record as at its
    /// latest fact.
    pub fn fold_all(events: &[Event]) -> Result<Self, Refusal> {
        fold_refs(events.iter().collect(), None)
    }

    /// The date the record is judged as at: its as-at date, or, for a whole
    /// ledger, the date of its latest fact. Time-driven clocks (a 5th
    /// birthday, eligibility as a care leaver) start only up to this date;
    /// a nightly rebuild moves them on.
    pub fn horizon(&self) -> Date {
        self.as_at.or(self.latest).unwrap_or(Date::MAX)
    }

    /// The open episode of need, if any.
    pub fn open_episode(&self) -> Option<&EpisodeOfNeed> {
        self.episodes.last().filter(|e| e.is_open())
    }

    /// The open period of care, if any.
    pub fn open_period_of_care(&self) -> Option<&PeriodOfCare> {
        self.periods_of_care.last().filter(|p| p.is_open())
    }

    pub fn is_looked_after(&self) -> bool {
        self.open_period_of_care().is_some()
    }

    /// The open child protection plan, if any.
    pub fn open_protection_plan(&self) -> Option<&ProtectionPlan> {
        self.open_episode()
            .and_then(EpisodeOfNeed::open_protection_plan)
    }

    /// The child's age in whole years on `on`, if the date of birth is known
    /// ([`crate::age::age_on`]).
    pub fn age_on(&self, on: Date) -> Option<i16> {
        crate::age::age_on(self.date_of_birth?, on)
    }

    /// The `years`th birthday: the day the child attains that age (Family
    /// Law Reform Act 1969 s9; 29 February births: 1 March in common years,
    /// [`crate::age`]).
    pub fn birthday(&self, years: i16) -> Option<Date> {
        crate::age::anniversary(self.date_of_birth?, years)
    }
}

fn fold_refs(events: Vec<&Event>, as_at: Option<Date>) -> Result<ChildRecord, Refusal> {
    let mut problems = Vec::new();
    check_unique_ids(&events, &mut problems);
    let mut facts = apply_corrections(&events, &mut problems);
    if let Some(as_at) = as_at {
        facts.retain(|f| f.on.date() <= as_at);
    }
    // Date order (a bare date is the start of its day, so timed facts on the
    // same day follow their hours); then the order they were recorded.
    facts.sort_by_key(|f| (f.on.datetime(), f.recorded_at, f.id));

    let mut record = ChildRecord {
        as_at,
        ..ChildRecord::default()
    };
    for fact in &facts {
        if let Err(refused) = record.apply(fact) {
            problems.push(Problem {
                event: fact.id,
                refused,
            });
        }
    }
    // Checked once the whole ledger is folded: the date of birth may be
    // recorded after a visit it rules out.
    problems.extend(record.seen_before_birth());
    record.facts = facts.len();
    record.latest = facts.last().map(|f| f.on.date());
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(Refusal { problems })
    }
}

/// A child seen alone was seen: the visit and the assessment record both
/// (Working Together 2023: seeing the child alone is part of seeing them).
fn seen_alone_only_if_seen(child_seen: bool, seen_alone: bool) -> Result<(), Refused> {
    require(!seen_alone || child_seen, || {
        Refused::value(
            "seen_alone",
            "the child cannot be seen alone without being seen",
        )
    })
}

impl ChildRecord {
    fn open_episode_mut(&mut self, what: &str, on: Date) -> Result<&mut EpisodeOfNeed, Refused> {
        match self.episodes.last_mut() {
            Some(e) if e.is_open() => Ok(e),
            _ => Err(Refused::record(format!(
                "{what} on {on}, but the child has no open episode of need (record the referral first)"
            ))),
        }
    }

    fn open_period_mut(&mut self, what: &str, on: Date) -> Result<&mut PeriodOfCare, Refused> {
        match self.periods_of_care.last_mut() {
            Some(p) if p.is_open() => Ok(p),
            _ => Err(Refused::record(format!(
                "{what} on {on}, but the child is not looked after then"
            ))),
        }
    }

    /// Folds one fact in: the checks every event shares, then its stage's
    /// part of the fold.
    fn apply(&mut self, fact: &Fact<'_>) -> Result<(), Refused> {
        let mark = Mark {
            on: fact.on,
            event: fact.id,
        };
        let on = fact.on.date();
        fact.kind.check_codes_in_force(on)?;
        require(
            !fact.kind.is_timed() || matches!(fact.on, When::DateTime(_)),
            || {
                Refused::value(
                    DATE_FIELD,
                    format!(
                        "{} on {on} needs the time as well as the date (YYYY-MM-DDTHH:MM): its clock is counted in hours",
                        fact.kind.name()
                    ),
                )
            },
        )?;
        // A local time the clocks skipped (spring forward) never happened.
        if let When::DateTime(dt) = fact.on {
            crate::london::check(dt).map_err(|m| Refused::value(DATE_FIELD, m))?;
        }
        let write_up = fact.kind.write_up();
        if !write_up.is_empty() {
            self.write_ups.push(WriteUp {
                mark,
                text: write_up
                    .iter()
                    .map(|(_, t)| *t)
                    .collect::<Vec<_>>()
                    .join("\n"),
            });
        }
        match fact.kind.stage() {
            Stage::FrontDoorAndNeed => self.apply_need(fact.kind, mark),
            Stage::Protection => self.apply_protection(fact.kind, mark),
            Stage::Care => self.apply_care(fact.kind, mark),
            Stage::Adoption => self.apply_adoption(fact.kind, mark),
            Stage::LeavingCare => self.apply_leaving_care(fact.kind, mark),
            Stage::CourtAndOtherDuties => self.apply_court(fact.kind, mark),
            Stage::Casework => self.apply_casework(fact.kind, mark),
            Stage::FamilyAndNetwork => self.apply_family(fact.kind, mark),
            Stage::Child => self.apply_child(fact.kind, mark),
            // Applied before the fold ([`corrections`]).
            Stage::Corrections => Ok(()),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests;
#[cfg(test)]
mod tests_casework_facts;
