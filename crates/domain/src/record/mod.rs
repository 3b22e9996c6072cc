//! The fold of a child's ledger into their history: [`ChildRecord`].
//!
//! Events are folded in the order they happened (date, and time where one is
//! recorded, then the order they were recorded), so a late entry lands where
//! it belongs. Corrections apply
//! first: an [`EventKind::Amended`] replaces its target's content and date,
//! an [`EventKind::Voided`] withdraws it.
//!
//! An event that contradicts the record (a plan ending when none is open, a
//! second open child protection plan, a placement change for a child who is
//! not looked after, a correction of an event that does not exist) is
//! refused: the fold returns a [`Refusal`] listing every problem, and the
//! caller writes nothing.

use std::collections::HashMap;

use crate::keys::{TeamId, UserId};
use jiff::civil::Date;
use serde::Serialize;

use crate::codes::{
    AssessmentFactor, CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch,
    CategoryOfAbuse, LegalStatus, MissingOrAway, PrimaryNeed, ReasonDecisionReversed,
    ReasonEpisodeCeased, ReasonForClosure, ReasonForNewEpisode, ReasonForPlacementChange,
    ReferralSource, ReviewParticipation,
};
use crate::events::{
    Agency, AssessmentOutcome, ContactOutcome, Event, EventId, EventKind, HealthAssessmentKind,
    Placement, VisitKind, When,
};

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

/// One reason an event was refused.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The event at fault.
    pub event: EventId,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "event {}: {}", self.event, self.message)
    }
}

/// Events that contradict the record, and why. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct Refusal {
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the record was not changed:")?;
        for p in &self.problems {
            write!(f, "\n- {p}")?;
        }
        Ok(())
    }
}

// ---------------------------------------------------------------- front door

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub received: Mark,
    pub source: ReferralSource,
    pub decision: Option<Mark>,
    pub outcome: Option<ContactOutcome>,
}

// ---------------------------------------------------------- children in need

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    pub mark: Mark,
    pub source: ReferralSource,
    pub no_further_action: bool,
    /// Within 12 months of a previous referral (DfE CIN statistics definition).
    pub re_referral: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub started: Mark,
    pub authorised: Option<Mark>,
    pub factors: Vec<AssessmentFactor>,
    pub child_seen: bool,
    pub seen_alone: bool,
    pub outcome: Option<AssessmentOutcome>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyDiscussion {
    /// The decision that the section 47 threshold may be met.
    pub needed: Option<Mark>,
    pub held: Option<Mark>,
    pub attendance: Vec<Agency>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section47Enquiry {
    pub started: Mark,
    pub concluded: Option<Mark>,
    pub icpc_required: Option<bool>,
    pub initial_conference: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectionPlan {
    pub started: Mark,
    pub ended: Option<Mark>,
    /// The initial conference that made the plan.
    pub initial_conference: Mark,
    pub initial_category: CategoryOfAbuse,
    pub latest_category: CategoryOfAbuse,
    pub review_conferences: Vec<Mark>,
    pub core_groups: Vec<Mark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildInNeedPlan {
    pub started: Mark,
    pub ended: Option<Mark>,
    pub reviews: Vec<Mark>,
}

/// An episode of need: from a referral to its closure (CIN `CINdetails`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpisodeOfNeed {
    pub referral: Referral,
    pub primary_need: Option<PrimaryNeed>,
    pub assessments: Vec<Assessment>,
    pub strategy_discussions: Vec<StrategyDiscussion>,
    pub section47s: Vec<Section47Enquiry>,
    /// Initial conferences, with whether they made a plan.
    pub initial_conferences: Vec<(Mark, bool)>,
    pub protection_plans: Vec<ProtectionPlan>,
    pub cin_plans: Vec<ChildInNeedPlan>,
    pub closed: Option<Mark>,
    pub reason_for_closure: Option<ReasonForClosure>,
}

impl EpisodeOfNeed {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    pub fn open_protection_plan(&self) -> Option<&ProtectionPlan> {
        self.protection_plans.iter().find(|p| p.ended.is_none())
    }

    pub fn open_cin_plan(&self) -> Option<&ChildInNeedPlan> {
        self.cin_plans.iter().find(|p| p.ended.is_none())
    }
}

// ------------------------------------------------------ children looked after

/// An SSDA903 episode: a stretch of care with one legal status and one
/// placement. A change of either starts a new episode (SSDA903 guidance,
/// "reason for new episode"); changes on the same day make one episode.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CareEpisode {
    /// `DECOM`, and the event that started the episode.
    pub start: Mark,
    /// `DEC`.
    pub end: Option<Date>,
    pub reason_for_new_episode: ReasonForNewEpisode,
    pub legal_status: LegalStatus,
    pub placement: Placement,
    pub category_of_need: PrimaryNeed,
    /// `REC`: X1 when a new episode follows the same day.
    pub reason_ceased: Option<ReasonEpisodeCeased>,
    /// `REASON_PLACE_CHANGE`, on the episode that ended with a placement change.
    pub reason_place_change: Option<ReasonForPlacementChange>,
}

/// One placement: consecutive episodes with the same placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementSpell {
    pub start: Mark,
    pub end: Option<Date>,
    pub placement: Placement,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LookedAfterReview {
    pub mark: Mark,
    pub participation: ReviewParticipation,
}

/// A period of care: from starting to be looked after to ceasing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodOfCare {
    pub started: Mark,
    pub ended: Option<Mark>,
    pub reason_ceased: Option<ReasonEpisodeCeased>,
    pub uasc: bool,
    pub episodes: Vec<CareEpisode>,
    pub placements: Vec<PlacementSpell>,
    pub reviews: Vec<LookedAfterReview>,
}

impl PeriodOfCare {
    pub fn is_open(&self) -> bool {
        self.ended.is_none()
    }

    /// Whether the period is only short breaks (legal status V3 or V4), which
    /// carry their own rules (CPPCR reg 48).
    pub fn is_short_breaks(&self) -> bool {
        self.episodes
            .iter()
            .all(|e| matches!(e.legal_status, LegalStatus::V3 | LegalStatus::V4))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Visit {
    pub mark: Mark,
    pub kind: VisitKind,
    pub child_seen: bool,
    pub seen_alone: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnInterviewRecord {
    pub mark: Mark,
    pub offered: bool,
    pub accepted: bool,
    pub held: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingEpisode {
    pub started: Mark,
    pub status: MissingOrAway,
    pub returned: Option<Mark>,
    pub interviews: Vec<ReturnInterviewRecord>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthCheck {
    pub mark: Mark,
    pub kind: HealthAssessmentKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sdq {
    pub mark: Mark,
    pub score: Option<u8>,
}

/// One adoption plan, from the ADM decision to an order or a reversal.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AdoptionPlan {
    pub decision: Option<Mark>,
    pub placement_order: Option<Mark>,
    pub matched: Option<Mark>,
    pub placed: Option<Mark>,
    pub adoption_order: Option<Mark>,
    pub reversed: Option<Mark>,
    pub reversal_reason: Option<ReasonDecisionReversed>,
}

impl AdoptionPlan {
    pub fn is_open(&self) -> bool {
        self.adoption_order.is_none() && self.reversed.is_none()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CareLeaverContactRecord {
    pub mark: Mark,
    pub in_touch: CareLeaverInTouch,
    pub activity: Option<CareLeaverActivity>,
    pub accommodation: Option<CareLeaverAccommodation>,
    pub staying_put: bool,
}

/// Leaving care status (Children (Leaving Care) Act 2000; CPPCR reg 40).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CareLeaverStatus {
    /// Aged 16 or 17, looked after, and eligible.
    Eligible,
    /// Aged 16 or 17, was eligible, no longer looked after.
    Relevant,
    /// Aged 18 to 24, was eligible or relevant.
    FormerRelevant,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreProceedings {
    pub started: Mark,
    pub concluded: Option<Mark>,
    pub proceedings_issued: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivateFostering {
    pub notified: Mark,
    pub ended: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allegation {
    pub received: Mark,
    pub lado_referral: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    pub mark: Mark,
    /// None while the child awaits a worker in the team.
    pub worker: Option<UserId>,
    pub team: TeamId,
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
    /// How many facts (not corrections) were folded.
    pub facts: usize,
}

/// A fact after corrections: its effective date and content.
struct Fact<'a> {
    id: EventId,
    on: When,
    recorded_at: jiff::Timestamp,
    kind: &'a EventKind,
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

    /// The child's age in whole years on `on`, if the date of birth is known.
    pub fn age_on(&self, on: Date) -> Option<i16> {
        let dob = self.date_of_birth?;
        if on < dob {
            return None;
        }
        let mut age = on.year() - dob.year();
        if (on.month(), on.day()) < (dob.month(), dob.day()) {
            age -= 1;
        }
        Some(age)
    }

    /// The `years`th birthday (29 February births: 28 February in common years).
    pub fn birthday(&self, years: i16) -> Option<Date> {
        let dob = self.date_of_birth?;
        dob.checked_add(jiff::Span::new().years(years)).ok()
    }

    /// The date the child became an eligible child, if they have: the first
    /// day on or after their 16th birthday on which they are looked after and
    /// have been looked after for 13 weeks in total since their 14th birthday
    /// (CPPCR reg 40). Periods of short breaks only do not count (reg 48).
    pub fn eligible_since(&self) -> Option<Date> {
        let fourteen = self.birthday(14)?;
        let sixteen = self.birthday(16)?;
        let eighteen = self.birthday(18)?;
        let mut total: i32 = 0;
        for p in self.periods_of_care.iter().filter(|p| !p.is_short_breaks()) {
            let start = p.started.date().max(fourteen);
            let end = p
                .ended
                .map(|m| m.date())
                // An open period includes the as-at date itself.
                .unwrap_or_else(|| self.horizon().tomorrow().unwrap_or(Date::MAX));
            if end <= start {
                continue;
            }
            let days = days_between(start, end);
            // The day the 13 weeks (91 days) are reached within this period.
            let reached = if total >= 91 {
                Some(start)
            } else if total + days >= 91 {
                add_days(start, 91 - total)
            } else {
                None
            };
            total += days;
            if let Some(reached) = reached {
                let on = reached.max(sixteen);
                if on < end && on < eighteen {
                    return Some(on);
                }
            }
        }
        None
    }

    /// The child's leaving care status on `on`.
    pub fn care_leaver_status(&self, on: Date) -> Option<CareLeaverStatus> {
        let eligible = self.eligible_since()?;
        if on < eligible {
            return None;
        }
        let age = self.age_on(on)?;
        let looked_after = self
            .periods_of_care
            .iter()
            .any(|p| p.started.date() <= on && p.ended.is_none_or(|e| e.date() > on));
        match age {
            16 | 17 if looked_after => Some(CareLeaverStatus::Eligible),
            16 | 17 => Some(CareLeaverStatus::Relevant),
            18..=24 => Some(CareLeaverStatus::FormerRelevant),
            _ => None,
        }
    }
}

fn days_between(a: Date, b: Date) -> i32 {
    crate::calendar::day_number(b) - crate::calendar::day_number(a)
}

fn add_days(d: Date, n: i32) -> Option<Date> {
    Some(crate::calendar::date_from_number(
        crate::calendar::day_number(d) + n,
    ))
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
        if let Err(message) = record.apply(fact) {
            problems.push(Problem {
                event: fact.id,
                message,
            });
        }
    }
    record.facts = facts.len();
    record.latest = facts.last().map(|f| f.on.date());
    if problems.is_empty() {
        Ok(record)
    } else {
        Err(Refusal { problems })
    }
}

fn check_unique_ids(events: &[&Event], problems: &mut Vec<Problem>) {
    // Ledgers are usually in id order; only sort when they are not.
    if events.windows(2).all(|w| w[0].id < w[1].id) {
        return;
    }
    let mut ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    for w in ids.windows(2) {
        if w[0] == w[1] && problems.last().is_none_or(|p| p.event != w[0]) {
            problems.push(Problem {
                event: w[0],
                message: "another event in the ledger has the same id".into(),
            });
        }
    }
}

/// One event of the ledger as now known: corrections applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Corrected<'a> {
    /// The event as recorded.
    pub event: &'a Event,
    /// When it happened, as corrected.
    pub on: When,
    /// What happened, as corrected.
    pub kind: &'a EventKind,
    /// Whether an amendment changed it.
    pub amended: bool,
}

/// The ledger as now known, for chronologies and returns: amendments
/// applied, voided events and the corrections themselves left out, in the
/// order things happened. Corrections that do not apply are ignored here;
/// the fold refuses them.
pub fn corrected(events: &[Event]) -> Vec<Corrected<'_>> {
    let refs: Vec<&Event> = events.iter().collect();
    let mut ignored = Vec::new();
    let facts = apply_corrections(&refs, &mut ignored);
    let by_id: HashMap<EventId, &Event> = events.iter().map(|e| (e.id, e)).collect();
    let mut out: Vec<Corrected<'_>> = facts
        .iter()
        .filter_map(|f| {
            let event = *by_id.get(&f.id)?;
            let amended = f.on != event.on || !std::ptr::eq(f.kind, &event.event);
            Some(Corrected {
                event,
                on: f.on,
                kind: f.kind,
                amended,
            })
        })
        .collect();
    out.sort_by_key(|c| (c.on.datetime(), c.event.recorded_at, c.event.id));
    out
}

fn apply_corrections<'a>(events: &[&'a Event], problems: &mut Vec<Problem>) -> Vec<Fact<'a>> {
    let mut facts: Vec<Fact<'a>> = events
        .iter()
        .filter(|e| !e.event.is_correction())
        .map(|e| Fact {
            id: e.id,
            on: e.on,
            recorded_at: e.recorded_at,
            kind: &e.event,
        })
        .collect();
    let mut corrections: Vec<&Event> = events
        .iter()
        .copied()
        .filter(|e| e.event.is_correction())
        .collect();
    if corrections.is_empty() {
        return facts;
    }
    corrections.sort_by_key(|e| (e.recorded_at, e.id));
    let index: HashMap<EventId, usize> = facts.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let is_correction: HashMap<EventId, ()> = corrections.iter().map(|e| (e.id, ())).collect();
    let mut voided = vec![false; facts.len()];
    for c in corrections {
        let (target, reason) = match &c.event {
            EventKind::Amended { target, reason, .. } | EventKind::Voided { target, reason } => {
                (*target, reason)
            }
            _ => continue,
        };
        let what = c.event.name().to_lowercase();
        if reason.trim().is_empty() {
            problems.push(Problem {
                event: c.id,
                message: format!("{what}: a reason is required"),
            });
            continue;
        }
        let Some(&i) = index.get(&target) else {
            let message = if is_correction.contains_key(&target) {
                format!("{what}: event {target} is itself a correction; correct the original event")
            } else {
                format!("{what}: there is no event {target} in this record")
            };
            problems.push(Problem {
                event: c.id,
                message,
            });
            continue;
        };
        if voided[i] {
            problems.push(Problem {
                event: c.id,
                message: format!("{what}: event {target} has already been voided"),
            });
            continue;
        }
        match &c.event {
            EventKind::Voided { .. } => voided[i] = true,
            EventKind::Amended { on, event, .. } => {
                if std::mem::discriminant(event.as_ref()) != std::mem::discriminant(facts[i].kind) {
                    problems.push(Problem {
                        event: c.id,
                        message: format!(
                            "amended: event {target} is a {}, and an amendment cannot make it a {}; void it and record the right event",
                            facts[i].kind.name(),
                            event.name()
                        ),
                    });
                    continue;
                }
                facts[i].kind = event.as_ref();
                if let Some(on) = on {
                    facts[i].on = *on;
                }
            }
            _ => {}
        }
    }
    let mut keep = voided.iter().map(|v| !v);
    facts.retain(|_| keep.next().unwrap_or(true));
    facts
}

/// Refuses with a message unless `cond` holds.
fn require(cond: bool, message: impl FnOnce() -> String) -> Result<(), String> {
    if cond { Ok(()) } else { Err(message()) }
}

impl ChildRecord {
    fn open_episode_mut(&mut self, what: &str, on: Date) -> Result<&mut EpisodeOfNeed, String> {
        match self.episodes.last_mut() {
            Some(e) if e.is_open() => Ok(e),
            _ => Err(format!(
                "{what} on {on}, but the child has no open episode of need (record the referral first)"
            )),
        }
    }

    fn open_period_mut(&mut self, what: &str, on: Date) -> Result<&mut PeriodOfCare, String> {
        match self.periods_of_care.last_mut() {
            Some(p) if p.is_open() => Ok(p),
            _ => Err(format!(
                "{what} on {on}, but the child is not looked after then"
            )),
        }
    }

    fn apply(&mut self, fact: &Fact<'_>) -> Result<(), String> {
        use EventKind as K;
        let mark = Mark {
            on: fact.on,
            event: fact.id,
        };
        let on = fact.on.date();
        fact.kind.check_codes_in_force(on)?;
        require(
            !fact.kind.is_timed() || matches!(fact.on, When::DateTime(_)),
            || {
                format!(
                    "{} on {on} needs the time as well as the date (YYYY-MM-DDTHH:MM): its clock is counted in hours",
                    fact.kind.name()
                )
            },
        )?;
        match fact.kind {
            K::BirthDetailsRecorded {
                date_of_birth,
                expected_date_of_birth,
            } => {
                require(
                    date_of_birth.is_some() || expected_date_of_birth.is_some(),
                    || "birth details need a date of birth or an expected date of birth".into(),
                )?;
                if date_of_birth.is_some() {
                    self.date_of_birth = *date_of_birth;
                }
                if expected_date_of_birth.is_some() {
                    self.expected_date_of_birth = *expected_date_of_birth;
                }
            }
            K::ContactReceived { source } => self.contacts.push(Contact {
                received: mark,
                source: *source,
                decision: None,
                outcome: None,
            }),
            K::ContactDecision { contact, outcome } => {
                let c = self
                    .contacts
                    .iter_mut()
                    .find(|c| c.received.event == *contact)
                    .ok_or_else(|| format!("screening decision on {on} for contact {contact}, which is not a contact in this record (or is dated later)"))?;
                require(c.decision.is_none(), || {
                    format!("contact {contact} already has a screening decision")
                })?;
                c.decision = Some(mark);
                c.outcome = Some(*outcome);
            }
            K::EarlyHelpAssessment => self.early_help_assessments.push(mark),
            K::SteppedUp => self.step_ups.push(mark),
            K::SteppedDown => self.step_downs.push(mark),

            K::ReferralAccepted {
                source,
                no_further_action,
            } => {
                require(self.open_episode().is_none(), || {
                    format!(
                        "referral on {on}, but an episode of need is already open; close it first"
                    )
                })?;
                let re_referral = self.episodes.last().is_some_and(|prev| {
                    prev.referral
                        .mark
                        .date()
                        .checked_add(jiff::Span::new().months(12))
                        .is_ok_and(|limit| on <= limit)
                });
                self.episodes.push(EpisodeOfNeed {
                    referral: Referral {
                        mark,
                        source: *source,
                        no_further_action: *no_further_action,
                        re_referral,
                    },
                    primary_need: None,
                    assessments: Vec::new(),
                    strategy_discussions: Vec::new(),
                    section47s: Vec::new(),
                    initial_conferences: Vec::new(),
                    protection_plans: Vec::new(),
                    cin_plans: Vec::new(),
                    closed: None,
                    reason_for_closure: None,
                });
            }
            K::AssessmentStarted => {
                let ep = self.open_episode_mut("assessment started", on)?;
                require(
                    ep.assessments.iter().all(|a| a.authorised.is_some()),
                    || format!("assessment started on {on}, but another assessment is still open"),
                )?;
                ep.assessments.push(Assessment {
                    started: mark,
                    authorised: None,
                    factors: Vec::new(),
                    child_seen: false,
                    seen_alone: false,
                    outcome: None,
                });
            }
            K::AssessmentAuthorised {
                factors,
                child_seen,
                seen_alone,
                primary_need,
                outcome,
                ..
            } => {
                require(!*seen_alone || *child_seen, || {
                    "the child cannot be seen alone without being seen".into()
                })?;
                let none = factors.iter().any(|f| f.as_code() == "21");
                require(!none || factors.len() == 1, || {
                    "factor 21 (no factors identified) cannot be combined with other factors (CIN rule 8869)".into()
                })?;
                let ep = self.open_episode_mut("assessment authorised", on)?;
                let a = ep
                    .assessments
                    .iter_mut()
                    .find(|a| a.authorised.is_none())
                    .ok_or_else(|| {
                        format!("assessment authorised on {on}, but no assessment is open")
                    })?;
                a.authorised = Some(mark);
                a.factors.clone_from(factors);
                a.child_seen = *child_seen;
                a.seen_alone = *seen_alone;
                a.outcome = Some(*outcome);
                if primary_need.is_some() {
                    ep.primary_need = *primary_need;
                }
            }
            K::StrategyDiscussionNeeded => {
                let ep = self.open_episode_mut("strategy discussion needed", on)?;
                ep.strategy_discussions.push(StrategyDiscussion {
                    needed: Some(mark),
                    held: None,
                    attendance: Vec::new(),
                });
            }
            K::StrategyDiscussionHeld { attendance } => {
                let ep = self.open_episode_mut("strategy discussion", on)?;
                match ep
                    .strategy_discussions
                    .iter_mut()
                    .find(|s| s.held.is_none())
                {
                    Some(s) => {
                        s.held = Some(mark);
                        s.attendance.clone_from(attendance);
                    }
                    None => ep.strategy_discussions.push(StrategyDiscussion {
                        needed: None,
                        held: Some(mark),
                        attendance: attendance.clone(),
                    }),
                }
            }
            K::Section47Started => {
                let ep = self.open_episode_mut("section 47 enquiry started", on)?;
                require(ep.section47s.iter().all(|s| s.concluded.is_some()), || {
                    format!("section 47 enquiry started on {on}, but another is still open")
                })?;
                ep.section47s.push(Section47Enquiry {
                    started: mark,
                    concluded: None,
                    icpc_required: None,
                    initial_conference: None,
                });
            }
            K::Section47Concluded { icpc_required } => {
                let ep = self.open_episode_mut("section 47 enquiry concluded", on)?;
                let s = ep
                    .section47s
                    .iter_mut()
                    .find(|s| s.concluded.is_none())
                    .ok_or_else(|| {
                        format!("section 47 enquiry concluded on {on}, but none is open")
                    })?;
                s.concluded = Some(mark);
                s.icpc_required = Some(*icpc_required);
            }
            K::InitialConferenceHeld { plan } => {
                let ep = self.open_episode_mut("initial child protection conference", on)?;
                let s = ep
                    .section47s
                    .iter_mut()
                    .rev()
                    .find(|s| s.initial_conference.is_none() && s.icpc_required != Some(false))
                    .ok_or_else(|| format!("initial child protection conference on {on}, but no section 47 enquiry is waiting for one"))?;
                s.initial_conference = Some(mark);
                ep.initial_conferences.push((mark, *plan));
            }
            K::ProtectionPlanStarted { category } => {
                let ep = self.open_episode_mut("child protection plan started", on)?;
                require(ep.open_protection_plan().is_none(), || {
                    format!(
                        "child protection plan started on {on}, but a plan is already open; end it first"
                    )
                })?;
                let used: Vec<EventId> = ep
                    .protection_plans
                    .iter()
                    .map(|p| p.initial_conference.event)
                    .collect();
                let icpc = ep
                    .initial_conferences
                    .iter()
                    .rev()
                    .find(|(m, plan)| *plan && !used.contains(&m.event))
                    .map(|(m, _)| *m)
                    .ok_or_else(|| format!("child protection plan started on {on} without an initial conference that decided on a plan"))?;
                ep.protection_plans.push(ProtectionPlan {
                    started: mark,
                    ended: None,
                    initial_conference: icpc,
                    initial_category: *category,
                    latest_category: *category,
                    review_conferences: Vec::new(),
                    core_groups: Vec::new(),
                });
            }
            K::ReviewConferenceHeld { category } => {
                let plan = self.open_plan_mut("review conference", on)?;
                plan.review_conferences.push(mark);
                if let Some(c) = category {
                    plan.latest_category = *c;
                }
            }
            K::CoreGroupHeld => self.open_plan_mut("core group", on)?.core_groups.push(mark),
            K::ProtectionPlanEnded => {
                self.open_plan_mut("child protection plan ended", on)?.ended = Some(mark)
            }
            K::CinPlanStarted => {
                let ep = self.open_episode_mut("child in need plan started", on)?;
                require(ep.open_cin_plan().is_none(), || {
                    format!("child in need plan started on {on}, but a plan is already open")
                })?;
                ep.cin_plans.push(ChildInNeedPlan {
                    started: mark,
                    ended: None,
                    reviews: Vec::new(),
                });
            }
            K::CinPlanReviewed => self
                .open_cin_plan_mut("child in need plan review", on)?
                .reviews
                .push(mark),
            K::CinPlanEnded => {
                self.open_cin_plan_mut("child in need plan ended", on)?
                    .ended = Some(mark)
            }
            K::EpisodeClosed { reason } => {
                let ep = self.open_episode_mut("episode closed", on)?;
                require(ep.open_protection_plan().is_none(), || {
                    format!(
                        "episode closed on {on} while a child protection plan is open; end the plan first"
                    )
                })?;
                require(ep.open_cin_plan().is_none(), || {
                    format!(
                        "episode closed on {on} while a child in need plan is open; end the plan first"
                    )
                })?;
                ep.closed = Some(mark);
                ep.reason_for_closure = Some(*reason);
            }

            K::VisitMade {
                visit,
                child_seen,
                seen_alone,
                ..
            } => {
                require(!*seen_alone || *child_seen, || {
                    "the child cannot be seen alone without being seen".into()
                })?;
                self.visits.push(Visit {
                    mark,
                    kind: *visit,
                    child_seen: *child_seen,
                    seen_alone: *seen_alone,
                });
            }

            K::BecameLookedAfter {
                legal_status,
                placement,
                category_of_need,
                uasc,
            } => {
                require(!self.is_looked_after(), || {
                    format!("became looked after on {on}, but the child is already looked after")
                })?;
                require(
                    !matches!(category_of_need, PrimaryNeed::N0 | PrimaryNeed::N9),
                    || {
                        format!(
                            "category of need {category_of_need} is not used for looked-after children (N1-N8 only)"
                        )
                    },
                )?;
                self.periods_of_care.push(PeriodOfCare {
                    started: mark,
                    ended: None,
                    reason_ceased: None,
                    uasc: *uasc,
                    episodes: vec![CareEpisode {
                        start: mark,
                        end: None,
                        reason_for_new_episode: ReasonForNewEpisode::S,
                        legal_status: *legal_status,
                        placement: placement.clone(),
                        category_of_need: *category_of_need,
                        reason_ceased: None,
                        reason_place_change: None,
                    }],
                    placements: vec![PlacementSpell {
                        start: mark,
                        end: None,
                        placement: placement.clone(),
                    }],
                    reviews: Vec::new(),
                });
            }
            K::LegalStatusChanged { legal_status } => {
                let period = self.open_period_mut("legal status changed", on)?;
                let n = period.episodes.len();
                let cur = &mut period.episodes[n - 1];
                require(cur.legal_status != *legal_status, || {
                    format!("legal status changed on {on} to {legal_status}, which it already is")
                })?;
                if cur.start.date() == on {
                    cur.legal_status = *legal_status;
                    cur.reason_for_new_episode = match cur.reason_for_new_episode {
                        ReasonForNewEpisode::P => ReasonForNewEpisode::B,
                        ReasonForNewEpisode::T => ReasonForNewEpisode::U,
                        other => other,
                    };
                } else {
                    let next = CareEpisode {
                        start: mark,
                        end: None,
                        reason_for_new_episode: ReasonForNewEpisode::L,
                        legal_status: *legal_status,
                        placement: cur.placement.clone(),
                        category_of_need: cur.category_of_need,
                        reason_ceased: None,
                        reason_place_change: None,
                    };
                    cur.end = Some(on);
                    cur.reason_ceased = Some(ReasonEpisodeCeased::X1);
                    period.episodes.push(next);
                }
            }
            K::PlacementChanged {
                placement,
                reason,
                same_carer,
            } => {
                let period = self.open_period_mut("placement change", on)?;
                let n = period.episodes.len();
                let cur = &mut period.episodes[n - 1];
                if cur.start.date() == on {
                    cur.placement = placement.clone();
                    cur.reason_for_new_episode = match (cur.reason_for_new_episode, same_carer) {
                        (ReasonForNewEpisode::S, _) => ReasonForNewEpisode::S,
                        (
                            ReasonForNewEpisode::L
                            | ReasonForNewEpisode::B
                            | ReasonForNewEpisode::U,
                            true,
                        ) => ReasonForNewEpisode::U,
                        (
                            ReasonForNewEpisode::L
                            | ReasonForNewEpisode::B
                            | ReasonForNewEpisode::U,
                            false,
                        ) => ReasonForNewEpisode::B,
                        (_, true) => ReasonForNewEpisode::T,
                        (_, false) => ReasonForNewEpisode::P,
                    };
                    if n >= 2 && period.episodes[n - 2].end == Some(on) {
                        period.episodes[n - 2].reason_place_change = *reason;
                    }
                } else {
                    let next = CareEpisode {
                        start: mark,
                        end: None,
                        reason_for_new_episode: if *same_carer {
                            ReasonForNewEpisode::T
                        } else {
                            ReasonForNewEpisode::P
                        },
                        legal_status: cur.legal_status,
                        placement: placement.clone(),
                        category_of_need: cur.category_of_need,
                        reason_ceased: None,
                        reason_place_change: None,
                    };
                    cur.end = Some(on);
                    cur.reason_ceased = Some(ReasonEpisodeCeased::X1);
                    cur.reason_place_change = *reason;
                    period.episodes.push(next);
                }
                let spell = period.placements.last_mut();
                match spell {
                    Some(s) if s.start.date() == on => s.placement = placement.clone(),
                    Some(s) => {
                        s.end = Some(on);
                        period.placements.push(PlacementSpell {
                            start: mark,
                            end: None,
                            placement: placement.clone(),
                        });
                    }
                    None => {}
                }
            }
            K::CeasedLookedAfter { reason } => {
                require(*reason != ReasonEpisodeCeased::X1, || {
                    "X1 is for an episode followed by another on the same day, not for ceasing to be looked after".into()
                })?;
                let period = self.open_period_mut("ceased to be looked after", on)?;
                period.ended = Some(mark);
                period.reason_ceased = Some(*reason);
                if let Some(e) = period.episodes.last_mut() {
                    e.end = Some(on);
                    e.reason_ceased = Some(*reason);
                }
                if let Some(s) = period.placements.last_mut() {
                    s.end = Some(on);
                }
            }
            K::LookedAfterReviewHeld { participation } => {
                self.open_period_mut("looked-after review", on)?
                    .reviews
                    .push(LookedAfterReview {
                        mark,
                        participation: *participation,
                    });
            }
            K::CarePlanRecorded => {
                self.open_period_mut("care plan", on)?;
                self.care_plans.push(mark);
            }
            K::IroAppointed { iro } => {
                self.open_period_mut("IRO appointed", on)?;
                self.iro = Some(mark);
                self.iro_user = Some(*iro);
            }
            K::HealthAssessment { assessment } => {
                if *assessment == HealthAssessmentKind::Initial {
                    self.open_period_mut("initial health assessment", on)?;
                }
                self.health_assessments.push(HealthCheck {
                    mark,
                    kind: *assessment,
                });
            }
            K::DentalCheck => self.dental_checks.push(mark),
            K::SdqRecorded { score, reason } => {
                require(score.is_some() != reason.is_some(), || {
                    "an SDQ record needs either a score or a reason it was not completed, not both"
                        .into()
                })?;
                require(score.is_none_or(|s| s <= 40), || {
                    format!(
                        "SDQ score {} is out of range (0 to 40)",
                        score.unwrap_or_default()
                    )
                })?;
                self.sdqs.push(Sdq {
                    mark,
                    score: *score,
                });
            }
            K::ImmunisationsRecorded { up_to_date } => self.immunisations.push((mark, *up_to_date)),
            K::PepReviewed => {
                self.open_period_mut("personal education plan", on)?;
                self.peps.push(mark);
            }
            K::MissingEpisodeStarted { status } => {
                require(
                    self.missing.last().is_none_or(|m| m.returned.is_some()),
                    || {
                        format!(
                            "missing episode started on {on}, but the child has not returned from the last one"
                        )
                    },
                )?;
                self.missing.push(MissingEpisode {
                    started: mark,
                    status: *status,
                    returned: None,
                    interviews: Vec::new(),
                });
            }
            K::MissingEpisodeEnded { episode } => {
                let m = self
                    .missing
                    .iter_mut()
                    .find(|m| m.started.event == *episode)
                    .ok_or_else(|| format!("return at {} from missing episode {episode}, which is not a missing episode in this record (or began after the return)", fact.on))?;
                require(m.returned.is_none(), || {
                    format!("missing episode {episode} has already ended")
                })?;
                require(fact.on.datetime() >= m.started.on.datetime(), || {
                    format!(
                        "return at {} is before the missing episode began at {}",
                        fact.on, m.started.on
                    )
                })?;
                m.returned = Some(mark);
            }
            K::ReturnInterview {
                episode,
                offered,
                accepted,
                held,
            } => {
                require(*offered || !*accepted, || {
                    "an interview cannot be accepted unless it was offered".into()
                })?;
                require(*accepted || !*held, || {
                    "an interview cannot be held unless it was accepted".into()
                })?;
                let m = self
                    .missing
                    .iter_mut()
                    .find(|m| m.started.event == *episode)
                    .ok_or_else(|| format!("return interview for missing episode {episode}, which is not a missing episode in this record"))?;
                let returned = m.returned.ok_or_else(|| {
                    format!("return interview at {} for missing episode {episode}, but the child's return is not recorded (or is after the interview)", fact.on)
                })?;
                require(fact.on.datetime() >= returned.on.datetime(), || {
                    format!(
                        "return interview at {} is before the child returned at {}",
                        fact.on, returned.on
                    )
                })?;
                m.interviews.push(ReturnInterviewRecord {
                    mark,
                    offered: *offered,
                    accepted: *accepted,
                    held: *held,
                });
            }

            K::AdoptionDecision => {
                require(self.adoption.last().is_none_or(|a| !a.is_open()), || {
                    format!("adoption decision on {on}, but an adoption plan is already open")
                })?;
                self.adoption.push(AdoptionPlan {
                    decision: Some(mark),
                    ..AdoptionPlan::default()
                });
            }
            K::PlacementOrderGranted => {
                self.open_adoption_mut("placement order", on)?
                    .placement_order = Some(mark)
            }
            K::Matched {
                number_of_adopters, ..
            } => {
                require(matches!(number_of_adopters, 1 | 2), || {
                    format!("number of adopters is {number_of_adopters}; it must be 1 or 2")
                })?;
                self.open_adoption_mut("match", on)?.matched = Some(mark);
            }
            K::PlacedForAdoption => {
                self.open_adoption_mut("placed for adoption", on)?.placed = Some(mark)
            }
            K::AdoptionOrderGranted => {
                self.open_adoption_mut("adoption order", on)?.adoption_order = Some(mark)
            }
            K::AdoptionDecisionReversed { reason } => {
                let a = self.open_adoption_mut("adoption decision reversed", on)?;
                a.reversed = Some(mark);
                a.reversal_reason = Some(*reason);
            }

            K::PathwayNeedsAssessment => self.pathway_needs_assessments.push(mark),
            K::PathwayPlanReviewed => self.pathway_plan_reviews.push(mark),
            K::PersonalAdviserAppointed { adviser } => {
                self.personal_adviser = Some(mark);
                self.personal_adviser_user = Some(*adviser);
            }
            K::CareLeaverContact {
                in_touch,
                activity,
                accommodation,
                staying_put,
            } => self.care_leaver_contacts.push(CareLeaverContactRecord {
                mark,
                in_touch: *in_touch,
                activity: *activity,
                accommodation: *accommodation,
                staying_put: *staying_put,
            }),

            K::PreProceedingsStarted => {
                require(
                    self.pre_proceedings
                        .last()
                        .is_none_or(|p| p.concluded.is_some()),
                    || {
                        format!(
                            "pre-proceedings started on {on}, but pre-proceedings are already open"
                        )
                    },
                )?;
                self.pre_proceedings.push(PreProceedings {
                    started: mark,
                    concluded: None,
                    proceedings_issued: None,
                });
            }
            K::PreProceedingsConcluded { proceedings_issued } => {
                let p = self
                    .pre_proceedings
                    .last_mut()
                    .filter(|p| p.concluded.is_none())
                    .ok_or_else(|| {
                        format!("pre-proceedings concluded on {on}, but none are open")
                    })?;
                p.concluded = Some(mark);
                p.proceedings_issued = Some(*proceedings_issued);
            }
            K::PrivateFosteringNotified => {
                require(
                    self.private_fostering
                        .last()
                        .is_none_or(|p| p.ended.is_some()),
                    || {
                        format!(
                            "private fostering notified on {on}, but an arrangement is already open"
                        )
                    },
                )?;
                self.private_fostering.push(PrivateFostering {
                    notified: mark,
                    ended: None,
                });
            }
            K::PrivateFosteringEnded => {
                let p = self
                    .private_fostering
                    .last_mut()
                    .filter(|p| p.ended.is_none())
                    .ok_or_else(|| {
                        format!("private fostering ended on {on}, but no arrangement is open")
                    })?;
                p.ended = Some(mark);
            }
            K::AllegationReceived => self.allegations.push(Allegation {
                received: mark,
                lado_referral: None,
            }),
            K::LadoReferralMade { allegation } => {
                let a = self
                    .allegations
                    .iter_mut()
                    .find(|a| a.received.event == *allegation)
                    .ok_or_else(|| format!("LADO referral for allegation {allegation}, which is not an allegation in this record"))?;
                require(a.lado_referral.is_none(), || {
                    format!("allegation {allegation} has already been referred to the LADO")
                })?;
                a.lado_referral = Some(mark);
            }

            K::Allocated { worker, team } => {
                self.allocation = Some(Allocation {
                    mark,
                    worker: Some(*worker),
                    team: *team,
                });
            }
            K::AllocatedToTeam { team } => {
                self.allocation = Some(Allocation {
                    mark,
                    worker: None,
                    team: *team,
                });
            }
            K::ManagementOversight {
                decision,
                rationale,
            } => {
                require(!decision.trim().is_empty(), || {
                    "management oversight needs the decision".into()
                })?;
                require(!rationale.trim().is_empty(), || {
                    "management oversight needs the rationale for the decision".into()
                })?;
                self.management_oversight.push(mark);
            }
            K::Supervision { .. } => self.supervision.push(mark),
            K::CaseNote { text, .. } => {
                require(!text.trim().is_empty(), || "a case note needs text".into())?;
                self.case_notes.push(mark);
            }
            K::Amended { .. } | K::Voided { .. } => {}
        }
        Ok(())
    }

    fn open_plan_mut(&mut self, what: &str, on: Date) -> Result<&mut ProtectionPlan, String> {
        let ep = self.open_episode_mut(what, on)?;
        ep.protection_plans
            .iter_mut()
            .find(|p| p.ended.is_none())
            .ok_or_else(|| format!("{what} on {on}, but no child protection plan is open then"))
    }

    fn open_cin_plan_mut(&mut self, what: &str, on: Date) -> Result<&mut ChildInNeedPlan, String> {
        let ep = self.open_episode_mut(what, on)?;
        ep.cin_plans
            .iter_mut()
            .find(|p| p.ended.is_none())
            .ok_or_else(|| format!("{what} on {on}, but no child in need plan is open then"))
    }

    fn open_adoption_mut(&mut self, what: &str, on: Date) -> Result<&mut AdoptionPlan, String> {
        self.adoption
            .last_mut()
            .filter(|a| a.is_open())
            .ok_or_else(|| format!("{what} on {on}, but there is no open adoption plan (record the agency decision first)"))
    }
}

#[cfg(test)]
mod tests;
