//! The statutory clocks: every timescale in `docs/clocks.md` that applies
//! to a child, computed from their record.
//!
//! Each [`Obligation`] names its rule (a stable id), the event that started
//! the clock, the due date (a date-time for clocks counted in hours), and the
//! date and event that met it. Recurring clocks (visits, reviews) are chains:
//! each meeting event starts the next clock.
//!
//! When the duty ends before a clock falls due (a plan ends, the child leaves
//! care) the clock lapses and is not shown. When it ends after the due date
//! with the clock unmet, the obligation stays `overdue` with `ended` set: a
//! missed visit remains a missed visit.

pub mod policy;

use jiff::civil::Date;
use serde::Serialize;

use crate::calendar::{CalendarError, WorkingDayCalendar};
use crate::events::{EventId, HealthAssessmentKind, VisitKind, When};
use crate::record::{ChildRecord, Mark, PeriodOfCare};
pub use policy::{Item, Length, Policy, PolicyError};

/// A statutory clock, by its stable id (`docs/clocks.md`, "The clocks").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Rule {
    /// Screening decision on a contact within 1 working day (Working Together ch.1).
    ContactDecision,
    /// Assessment authorised within 45 working days of the referral (Working Together).
    AssessmentCompletion,
    /// Strategy discussion after the decision that the section 47 threshold may be met (local).
    StrategyDiscussion,
    /// Initial child protection conference within 15 working days of the strategy
    /// discussion that started the section 47 enquiry (Working Together).
    Icpc,
    /// First core group within 10 working days of the ICPC.
    CoreGroupFirst,
    /// First review conference within 3 months of the ICPC.
    CpReviewFirst,
    /// Later review conferences within 6 months of the previous.
    CpReviewNext,
    /// Child protection visits, child seen (local, default every 10 working days).
    CpVisit,
    /// Child in need plan reviews (local, default every 3 months).
    CinPlanReview,
    /// Care plan within 10 working days of the first placement (CPPCR reg 4).
    CarePlan,
    /// First looked-after review within 20 working days (CPPCR reg 33(1)).
    LaReviewFirst,
    /// Second review within 3 months of the first (CPPCR reg 33(2)).
    LaReviewSecond,
    /// Later reviews within 6 months (CPPCR reg 33(2)).
    LaReviewNext,
    /// Visit within 1 week of any new placement (CPPCR reg 28(2)).
    LaVisitNewPlacement,
    /// Visits every 6 weeks in a placement's first year (CPPCR reg 28(2)).
    LaVisitFirstYear,
    /// Visits after a placement's first year: 3 months if long-term, else 6 weeks (CPPCR reg 28(2)).
    LaVisitAfterFirstYear,
    /// Initial health assessment within 20 working days (CPPCR reg 7).
    HealthInitial,
    /// Review health assessment: 6-monthly under 5, yearly from 5 (CPPCR reg 7).
    HealthReview,
    /// Dental check every 12 months (SSDA903 OC2).
    DentalCheck,
    /// Personal education plan within 10 working days, then termly.
    Pep,
    /// Return home interview within 72 hours of return (DfE guidance, 2014).
    ReturnInterview,
    /// Needs assessment within 3 months of becoming an eligible child (CPPCR reg 42).
    PathwayNeedsAssessment,
    /// Pathway plan reviews every 6 months.
    PathwayPlanReview,
    /// Private fostering first visit within 7 working days of notification (2005 Regs reg 4).
    PrivateFosteringFirstVisit,
    /// Private fostering visits: 6-weekly in year 1, 12-weekly after (2005 Regs reg 8).
    PrivateFosteringVisit,
    /// LADO referral within 1 working day of an allegation.
    LadoReferral,
}

impl Rule {
    /// The stable id, as in the policy file, the API and the indicators.
    pub fn id(self) -> &'static str {
        match self {
            Rule::ContactDecision => "contact_decision",
            Rule::AssessmentCompletion => "assessment_completion",
            Rule::StrategyDiscussion => "strategy_discussion",
            Rule::Icpc => "icpc",
            Rule::CoreGroupFirst => "core_group_first",
            Rule::CpReviewFirst => "cp_review_first",
            Rule::CpReviewNext => "cp_review_next",
            Rule::CpVisit => "cp_visit",
            Rule::CinPlanReview => "cin_plan_review",
            Rule::CarePlan => "care_plan",
            Rule::LaReviewFirst => "la_review_first",
            Rule::LaReviewSecond => "la_review_second",
            Rule::LaReviewNext => "la_review_next",
            Rule::LaVisitNewPlacement => "la_visit_new_placement",
            Rule::LaVisitFirstYear => "la_visit_first_year",
            Rule::LaVisitAfterFirstYear => "la_visit_after_first_year",
            Rule::HealthInitial => "health_initial",
            Rule::HealthReview => "health_review",
            Rule::DentalCheck => "dental_check",
            Rule::Pep => "pep",
            Rule::ReturnInterview => "return_interview",
            Rule::PathwayNeedsAssessment => "pathway_needs_assessment",
            Rule::PathwayPlanReview => "pathway_plan_review",
            Rule::PrivateFosteringFirstVisit => "private_fostering_first_visit",
            Rule::PrivateFosteringVisit => "private_fostering_visit",
            Rule::LadoReferral => "lado_referral",
        }
    }
}

impl Rule {
    /// Every clock, in the order a worker meets them on a child's journey.
    pub const ALL: [Rule; 26] = [
        Rule::ContactDecision,
        Rule::AssessmentCompletion,
        Rule::StrategyDiscussion,
        Rule::Icpc,
        Rule::CoreGroupFirst,
        Rule::CpReviewFirst,
        Rule::CpReviewNext,
        Rule::CpVisit,
        Rule::CinPlanReview,
        Rule::CarePlan,
        Rule::LaReviewFirst,
        Rule::LaReviewSecond,
        Rule::LaReviewNext,
        Rule::LaVisitNewPlacement,
        Rule::LaVisitFirstYear,
        Rule::LaVisitAfterFirstYear,
        Rule::HealthInitial,
        Rule::HealthReview,
        Rule::DentalCheck,
        Rule::Pep,
        Rule::ReturnInterview,
        Rule::PathwayNeedsAssessment,
        Rule::PathwayPlanReview,
        Rule::PrivateFosteringFirstVisit,
        Rule::PrivateFosteringVisit,
        Rule::LadoReferral,
    ];

    /// The clock with this id ([`Rule::id`]).
    pub fn from_id(id: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.id() == id)
    }

    /// What is due, in a practitioner's words; the id stays for the API and
    /// the policy file.
    pub fn label(self) -> &'static str {
        match self {
            Rule::ContactDecision => "Decision on the contact",
            Rule::AssessmentCompletion => "Assessment completed and authorised",
            Rule::StrategyDiscussion => "Strategy discussion",
            Rule::Icpc => "Initial child protection conference",
            Rule::CoreGroupFirst => "First core group meeting",
            Rule::CpReviewFirst => "First review child protection conference",
            Rule::CpReviewNext => "Review child protection conference",
            Rule::CpVisit => "Child protection visit (child seen)",
            Rule::CinPlanReview => "Child in need plan review",
            Rule::CarePlan => "Care plan",
            Rule::LaReviewFirst => "First looked-after review",
            Rule::LaReviewSecond => "Second looked-after review",
            Rule::LaReviewNext => "Looked-after review",
            Rule::LaVisitNewPlacement => "Statutory visit (new placement)",
            Rule::LaVisitFirstYear => "Statutory visit (first year of placement)",
            Rule::LaVisitAfterFirstYear => "Statutory visit (after the first year of placement)",
            Rule::HealthInitial => "Initial health assessment",
            Rule::HealthReview => "Review health assessment",
            Rule::DentalCheck => "Dental check",
            Rule::Pep => "Personal education plan",
            Rule::ReturnInterview => "Return home interview",
            Rule::PathwayNeedsAssessment => "Pathway needs assessment",
            Rule::PathwayPlanReview => "Pathway plan review",
            Rule::PrivateFosteringFirstVisit => "First private fostering visit",
            Rule::PrivateFosteringVisit => "Private fostering visit",
            Rule::LadoReferral => "Referral to the LADO",
        }
    }

    /// What meets the clock, in a practitioner's words.
    pub fn met_by(self) -> &'static str {
        match self {
            Rule::ContactDecision => "Record the screening decision on the contact",
            Rule::AssessmentCompletion => "Record the assessment as authorised",
            Rule::StrategyDiscussion => "Record the strategy discussion held",
            Rule::Icpc => "Record the initial child protection conference",
            Rule::CoreGroupFirst => "Record the core group meeting",
            Rule::CpReviewFirst | Rule::CpReviewNext => "Record the review conference",
            Rule::CpVisit => "Record a child protection visit where the child is seen",
            Rule::CinPlanReview => "Record the child in need plan review",
            Rule::CarePlan => "Record the care plan",
            Rule::LaReviewFirst | Rule::LaReviewSecond | Rule::LaReviewNext => {
                "Record the looked-after review"
            }
            Rule::LaVisitNewPlacement | Rule::LaVisitFirstYear | Rule::LaVisitAfterFirstYear => {
                "Record a looked-after visit"
            }
            Rule::HealthInitial => "Record the initial health assessment",
            Rule::HealthReview => "Record a review health assessment",
            Rule::DentalCheck => "Record the dental check",
            Rule::Pep => "Record the personal education plan review",
            Rule::ReturnInterview => "Record the return home interview",
            Rule::PathwayNeedsAssessment => "Record the pathway needs assessment",
            Rule::PathwayPlanReview => "Record the pathway plan review",
            Rule::PrivateFosteringFirstVisit | Rule::PrivateFosteringVisit => {
                "Record a private fostering visit"
            }
            Rule::LadoReferral => "Record the referral to the LADO",
        }
    }
}

impl std::fmt::Display for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// Where a clock stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Met on or before the due date.
    Met,
    /// Met after the due date.
    MetLate,
    /// Not met, and the due date has passed.
    Overdue,
    /// Not met, and not yet due.
    Due,
    /// Counted in working days past the last day the bank-holiday list
    /// covers: when it falls due is not known until a newer list is
    /// imported, and is never guessed.
    BeyondCalendar,
}

impl Status {
    /// Where an unmet clock stands at the local moment `now` in England: a
    /// clock due on a date is overdue from the day after; one due at a time
    /// from the minute after (due at 18:30, overdue at 18:31). A clock whose
    /// duty `ended` unmet after it fell due stays overdue.
    pub fn open(due: When, ended: Option<Date>, now: jiff::civil::DateTime) -> Status {
        let late = match due {
            When::Date(d) => now.date() > d,
            When::DateTime(dt) => crate::london::to_minute(now) > dt,
        };
        if ended.is_some() || late {
            Status::Overdue
        } else {
            Status::Due
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::MetLate => "met_late",
            Status::Overdue => "overdue",
            Status::Due => "due",
            Status::BeyondCalendar => "beyond_calendar",
        }
    }
}

/// When a clock falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Due {
    /// On a date, or at a time for a clock counted in hours.
    On(When),
    /// Counted in working days past the last day the working-day calendar
    /// covers (`docs/clocks.md`, "Counting"): a wrong deadline for a child
    /// at risk is worse than none, so no date is given until a newer list
    /// of bank holidays is imported.
    BeyondCalendar,
}

impl Due {
    /// How a clock beyond the calendar is written where a due date would be.
    pub const BEYOND_CALENDAR: &'static str = "beyond_calendar";

    /// The due date or time, if known.
    pub fn when(self) -> Option<When> {
        match self {
            Due::On(w) => Some(w),
            Due::BeyondCalendar => None,
        }
    }

    /// The due date, if known.
    pub fn date(self) -> Option<Date> {
        self.when().map(When::date)
    }

    /// Reads what [`Due`]'s `Display` writes.
    pub fn parse(text: &str) -> Option<Due> {
        if text == Self::BEYOND_CALENDAR {
            Some(Due::BeyondCalendar)
        } else {
            text.parse().ok().map(Due::On)
        }
    }

    /// The instant it falls due, for ordering: beyond the calendar is after
    /// every known date.
    pub fn sort_key(self) -> jiff::civil::DateTime {
        match self {
            Due::On(w) => w.datetime(),
            Due::BeyondCalendar => jiff::civil::DateTime::MAX,
        }
    }
}

impl std::fmt::Display for Due {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Due::On(w) => w.fmt(f),
            Due::BeyondCalendar => f.write_str(Self::BEYOND_CALENDAR),
        }
    }
}

impl Serialize for Due {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// One statutory clock for one child.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Obligation {
    pub rule: Rule,
    /// When the clock started, and the event that started it.
    pub start: When,
    pub start_event: EventId,
    /// The due date; a date-time for clocks counted in hours; or beyond
    /// the calendar.
    pub due: Due,
    /// When it was met, and the event that met it.
    pub met: Option<When>,
    pub met_by: Option<EventId>,
    pub status: Status,
    /// The duty ended on this date with the clock unmet (e.g. the plan ended).
    pub ended: Option<Date>,
}

/// Every clock that applies to the child, ordered by due date.
///
/// Status is judged as at the record's as-at date: a clock unmet on its due
/// date is `due`, and `overdue` from the day after. A clock counted in
/// working days that runs past the calendar's last day is
/// [`Due::BeyondCalendar`]; one that starts before its first day is an
/// error (months, weeks and hours need no calendar).
pub fn obligations(
    record: &ChildRecord,
    calendar: &WorkingDayCalendar,
    policy: &Policy,
) -> Result<Vec<Obligation>, CalendarError> {
    let mut clocks = Clocks {
        record,
        calendar,
        policy,
        as_at: record.horizon(),
        out: Vec::new(),
    };
    clocks.front_door()?;
    clocks.children_in_need()?;
    for period in record
        .periods_of_care
        .iter()
        .filter(|p| !p.is_short_breaks())
    {
        clocks.looked_after(period)?;
    }
    clocks.missing()?;
    clocks.care_leaver()?;
    clocks.other_duties()?;
    let mut out = clocks.out;
    // By the due instant: `When`'s derived order puts every date before every
    // date-time, which would sort a return interview after later deadlines.
    out.sort_by_key(|o| (o.due.sort_key(), o.rule, o.start_event));
    Ok(out)
}

/// The next length in a chain of clocks, given the link's number and its start.
type NextLength<'a> = dyn FnMut(usize, Mark) -> Option<(Rule, Length)> + 'a;

struct Clocks<'a> {
    record: &'a ChildRecord,
    calendar: &'a WorkingDayCalendar,
    policy: &'a Policy,
    as_at: Date,
    out: Vec<Obligation>,
}

impl Clocks<'_> {
    fn len(&self, item: Item) -> Length {
        self.policy.length(item)
    }

    /// `start` + `length`: working days by the calendar; weeks and days as
    /// calendar days; months by the calendar (30 November + 3 months is the
    /// last day of February); hours as elapsed hours from the local time of
    /// the start in England.
    /// Working days past the calendar's last day are beyond it.
    fn due(&self, start: When, length: Length) -> Result<Due, CalendarError> {
        let date = start.date();
        let span = jiff::Span::new();
        let add = |s: jiff::Span| {
            date.checked_add(s).map_err(|_| CalendarError::NotCovered {
                date,
                first: self.calendar.first(),
                last: self.calendar.last(),
            })
        };
        Ok(Due::On(match length {
            Length::WorkingDays(n) => match self.calendar.add_working_days(date, n) {
                Ok(d) => When::Date(d),
                // Starting within the list (or after it), the count ran
                // past its last day.
                Err(CalendarError::NotCovered { .. }) if date >= self.calendar.first() => {
                    return Ok(Due::BeyondCalendar);
                }
                Err(e) => return Err(e),
            },
            Length::Days(n) => When::Date(add(span.days(i64::from(n)))?),
            Length::Weeks(n) => When::Date(add(span.weeks(i64::from(n)))?),
            Length::Months(n) => When::Date(add(span.months(i64::from(n)))?),
            // Elapsed hours in England: across the spring change the local
            // due time is an hour later, across the autumn change an hour
            // earlier (`crate::london`).
            Length::Hours(n) => When::DateTime(
                crate::london::add_hours(start.datetime(), i64::from(n)).ok_or(
                    CalendarError::NotCovered {
                        date,
                        first: self.calendar.first(),
                        last: self.calendar.last(),
                    },
                )?,
            ),
        }))
    }

    /// Records one clock. `ends` is the date the duty ended, if it has.
    fn push(&mut self, rule: Rule, start: Mark, due: Due, met: Option<Mark>, ends: Option<Date>) {
        let (status, ended) = match due {
            Due::On(due) => {
                let on_time = |m: Mark| match due {
                    When::Date(d) => m.date() <= d,
                    When::DateTime(dt) => m.on.datetime() <= dt,
                };
                match met {
                    Some(m) if on_time(m) => (Status::Met, None),
                    Some(_) => (Status::MetLate, None),
                    None => match ends {
                        // The duty ended before the clock fell due: it lapses.
                        Some(end) if end <= due.date() => return,
                        Some(end) => (Status::Overdue, Some(end)),
                        // As at a date: judged at the start of that day.
                        None => (
                            Status::open(due, None, When::Date(self.as_at).datetime()),
                            None,
                        ),
                    },
                }
            }
            // Due after the calendar's last day: met by then is met in
            // time, and a duty ended by then has lapsed; later than that
            // nothing is known.
            Due::BeyondCalendar => {
                let last = self.calendar.last();
                match met {
                    Some(m) if m.date() <= last => (Status::Met, None),
                    Some(_) => (Status::BeyondCalendar, None),
                    None => match ends {
                        Some(end) if end <= last => return,
                        ended => (Status::BeyondCalendar, ended),
                    },
                }
            }
        };
        self.out.push(Obligation {
            rule,
            start: start.on,
            start_event: start.event,
            due,
            met: met.map(|m| m.on),
            met_by: met.map(|m| m.event),
            status,
            ended,
        });
    }

    /// A one-off clock, met by the first of `marks` on or after its start
    /// and before the duty ends.
    fn once(
        &mut self,
        rule: Rule,
        start: Mark,
        length: Length,
        marks: impl IntoIterator<Item = Mark>,
        ends: Option<Date>,
    ) -> Result<(), CalendarError> {
        let due = self.due(start.on, length)?;
        let met = marks
            .into_iter()
            .find(|m| m.date() >= start.date() && ends.is_none_or(|e| m.date() <= e));
        self.push(rule, start, due, met, ends);
        Ok(())
    }

    /// A recurring clock: from `start`, each of `marks` (in date order) meets
    /// the clock and starts the next, whose rule and length `next` gives.
    fn chain(
        &mut self,
        start: Mark,
        marks: &[Mark],
        ends: Option<Date>,
        next: &mut NextLength<'_>,
    ) -> Result<(), CalendarError> {
        let mut from = start;
        let mut rest = marks
            .iter()
            .copied()
            .skip_while(|m| m.date() < start.date())
            .peekable();
        for link in 0.. {
            let Some((rule, length)) = next(link, from) else {
                break;
            };
            let due = self.due(from.on, length)?;
            let met = rest.next().filter(|m| ends.is_none_or(|e| m.date() <= e));
            self.push(rule, from, due, met, ends);
            match met {
                Some(m) => from = m,
                None => break,
            }
        }
        Ok(())
    }

    fn front_door(&mut self) -> Result<(), CalendarError> {
        let r = self.record;
        for c in &r.contacts {
            self.once(
                Rule::ContactDecision,
                c.received,
                self.len(Item::ContactDecision),
                c.decision,
                None,
            )?;
        }
        Ok(())
    }

    fn children_in_need(&mut self) -> Result<(), CalendarError> {
        let r = self.record;
        for ep in &r.episodes {
            let closed = ep.closed.map(Mark::date);
            if !ep.referral.no_further_action {
                let authorised = ep.assessments.iter().filter_map(|a| a.authorised);
                self.once(
                    Rule::AssessmentCompletion,
                    ep.referral.mark,
                    self.len(Item::AssessmentCompletion),
                    authorised,
                    closed,
                )?;
            }
            for sd in &ep.strategy_discussions {
                if let Some(needed) = sd.needed {
                    self.once(
                        Rule::StrategyDiscussion,
                        needed,
                        self.len(Item::StrategyDiscussion),
                        sd.held,
                        closed,
                    )?;
                }
            }
            for s47 in &ep.section47s {
                if s47.icpc_required == Some(false) {
                    continue;
                }
                self.once(
                    Rule::Icpc,
                    s47.started,
                    self.len(Item::Icpc),
                    s47.initial_conference,
                    closed,
                )?;
            }
            for plan in &ep.protection_plans {
                let ends = plan.ended.map(Mark::date);
                let icpc = plan.initial_conference;
                self.once(
                    Rule::CoreGroupFirst,
                    icpc,
                    self.len(Item::CoreGroupFirst),
                    plan.core_groups.first().copied(),
                    ends,
                )?;

                // Pre-birth: the earlier of 3 months from the ICPC and 20
                // working days after the birth (Working Together).
                let pre_birth_due = match r.date_of_birth {
                    Some(dob) if dob > icpc.date() => {
                        let birth = When::Date(dob);
                        Some(self.due(birth, self.len(Item::CpReviewFirstPreBirth))?)
                    }
                    _ => None,
                };
                let (first, next) = (self.len(Item::CpReviewFirst), self.len(Item::CpReviewNext));
                let first_due = self.due(icpc.on, first)?;
                match pre_birth_due {
                    Some(pre) if pre < first_due => {
                        // Push the first review with its earlier due date,
                        // then chain the rest from that review.
                        let met = plan
                            .review_conferences
                            .first()
                            .copied()
                            .filter(|m| ends.is_none_or(|e| m.date() <= e));
                        self.push(Rule::CpReviewFirst, icpc, pre, met, ends);
                        if let Some(m) = met {
                            self.chain(m, &plan.review_conferences[1..], ends, &mut |_, _| {
                                Some((Rule::CpReviewNext, next))
                            })?;
                        }
                    }
                    _ => self.chain(icpc, &plan.review_conferences, ends, &mut |link, _| {
                        Some(if link == 0 {
                            (Rule::CpReviewFirst, first)
                        } else {
                            (Rule::CpReviewNext, next)
                        })
                    })?,
                }

                let visits = self.visits(|v| v.child_seen && is_social_work_visit(v.kind));
                let every = self.len(Item::CpVisit);
                self.chain(plan.started, &visits, ends, &mut |_, _| {
                    Some((Rule::CpVisit, every))
                })?;
            }
            for plan in &ep.cin_plans {
                let every = self.len(Item::CinPlanReview);
                self.chain(
                    plan.started,
                    &plan.reviews,
                    plan.ended.map(Mark::date),
                    &mut |_, _| Some((Rule::CinPlanReview, every)),
                )?;
            }
        }
        Ok(())
    }

    fn visits(&self, keep: impl Fn(&crate::record::Visit) -> bool) -> Vec<Mark> {
        self.record
            .visits
            .iter()
            .filter(|v| keep(v))
            .map(|v| v.mark)
            .collect()
    }

    fn looked_after(&mut self, period: &PeriodOfCare) -> Result<(), CalendarError> {
        let r = self.record;
        let start = period.started;
        let ends = period.ended.map(Mark::date);
        let within = |marks: &[Mark]| -> Vec<Mark> {
            marks
                .iter()
                .copied()
                .filter(|m| m.date() >= start.date() && ends.is_none_or(|e| m.date() <= e))
                .collect()
        };

        self.once(
            Rule::CarePlan,
            start,
            self.len(Item::CarePlan),
            within(&r.care_plans),
            ends,
        )?;

        let reviews: Vec<Mark> = period.reviews.iter().map(|rv| rv.mark).collect();
        let (first, second, next) = (
            self.len(Item::LaReviewFirst),
            self.len(Item::LaReviewSecond),
            self.len(Item::LaReviewNext),
        );
        self.chain(start, &reviews, ends, &mut |link, _| {
            Some(match link {
                0 => (Rule::LaReviewFirst, first),
                1 => (Rule::LaReviewSecond, second),
                _ => (Rule::LaReviewNext, next),
            })
        })?;

        // Statutory visits, placement by placement (CPPCR reg 28(2)).
        let visits = self.visits(|v| is_social_work_visit(v.kind));
        let (new_placement, first_year) = (
            self.len(Item::LaVisitNewPlacement),
            self.len(Item::LaVisitFirstYear),
        );
        let (long_term, other) = (
            self.len(Item::LaVisitAfterFirstYearLongTerm),
            self.len(Item::LaVisitAfterFirstYearOther),
        );
        for spell in &period.placements {
            let spell_ends = spell.end.or(ends);
            let anniversary = spell
                .start
                .date()
                .checked_add(jiff::Span::new().years(1))
                .unwrap_or(Date::MAX);
            let after = if spell.placement.long_term {
                long_term
            } else {
                other
            };
            self.chain(spell.start, &visits, spell_ends, &mut |link, from| {
                Some(if link == 0 {
                    (Rule::LaVisitNewPlacement, new_placement)
                } else if from.date() < anniversary {
                    (Rule::LaVisitFirstYear, first_year)
                } else {
                    (Rule::LaVisitAfterFirstYear, after)
                })
            })?;
        }

        // Health (CPPCR reg 7): initial, then reviews by age.
        let initial: Vec<Mark> = within(
            &r.health_assessments
                .iter()
                .filter(|h| h.kind == HealthAssessmentKind::Initial)
                .map(|h| h.mark)
                .collect::<Vec<_>>(),
        );
        self.once(
            Rule::HealthInitial,
            start,
            self.len(Item::HealthInitial),
            initial.iter().copied(),
            ends,
        )?;
        let all_health = within(
            &r.health_assessments
                .iter()
                .map(|h| h.mark)
                .collect::<Vec<_>>(),
        );
        if let Some((&first_check, rest)) = all_health.split_first() {
            let (under5, over5) = (
                self.len(Item::HealthReviewUnder5),
                self.len(Item::HealthReviewFiveAndOver),
            );
            self.chain(first_check, rest, ends, &mut |_, from| {
                let young = r.age_on(from.date()).is_some_and(|a| a < 5);
                Some((Rule::HealthReview, if young { under5 } else { over5 }))
            })?;
        }

        // Dental checks: within 12 months of becoming looked after, then yearly.
        let dental = self.len(Item::DentalCheck);
        self.chain(start, &within(&r.dental_checks), ends, &mut |_, _| {
            Some((Rule::DentalCheck, dental))
        })?;

        // Personal education plans, for children of compulsory school age
        // (taken as 5 to 15) when each clock starts. A child who comes into
        // care younger starts the clock on their 5th birthday.
        let (pep_first, pep_review) = (self.len(Item::PepFirst), self.len(Item::PepReview));
        let pep_start = match r.birthday(5) {
            Some(five) if five > start.date() => Mark {
                on: When::Date(five),
                event: start.event,
            },
            _ => start,
        };
        if ends.is_none_or(|e| pep_start.date() < e) && pep_start.date() <= self.as_at {
            self.chain(pep_start, &within(&r.peps), ends, &mut |link, from| {
                let school_age = r.age_on(from.date()).is_some_and(|a| (5..16).contains(&a));
                school_age.then_some((Rule::Pep, if link == 0 { pep_first } else { pep_review }))
            })?;
        }
        Ok(())
    }

    fn missing(&mut self) -> Result<(), CalendarError> {
        let r = self.record;
        for m in &r.missing {
            let Some(returned) = m.returned else { continue };
            // Met when an interview is held, or offered and declined by the
            // child: the duty is to offer one (DfE 2014 guidance; see
            // `record::InterviewOutcome`, which tells the two apart).
            let ends = self.interview_duty_ends(returned.date());
            let met = m
                .interview_meeting_duty()
                .map(|(i, _)| i.mark)
                .filter(|i| ends.is_none_or(|e| i.date() <= e));
            let due = self.due(returned.on, self.len(Item::ReturnInterview))?;
            self.push(Rule::ReturnInterview, returned, due, met, ends);
        }
        Ok(())
    }

    /// When the duty to offer a return interview after a return on
    /// `returned` ends, if it has by the as-at date. Unmet by then, the
    /// clock stays overdue with this end (a missed interview stays missed)
    /// and leaves the live lists; ended before it fell due, it lapses.
    ///
    /// - The child's 18th birthday: the guidance is for children, "anyone
    ///   who has not yet reached their 18th birthday" (DfE, *Statutory
    ///   guidance on children who run away or go missing from home or
    ///   care*, January 2014, "Definitions used in this guidance").
    /// - The close of the local authority's involvement that was open at the
    ///   return: the period of care, and the episode of need, open then —
    ///   when the last of them closes. The guidance puts the duty on the
    ///   authority responsible for the child; with the case closed nobody
    ///   is left to offer the interview (Hearth's rule). A child who went
    ///   missing with no open case keeps the clock until 18.
    fn interview_duty_ends(&self, returned: Date) -> Option<Date> {
        let r = self.record;
        let open_at =
            |start: Date, end: Option<Date>| start <= returned && end.is_none_or(|e| e >= returned);
        let mut involvement: Vec<Option<Date>> = r
            .periods_of_care
            .iter()
            .map(|p| (p.started.date(), p.ended.map(Mark::date)))
            .chain(
                r.episodes
                    .iter()
                    .map(|e| (e.referral.mark.date(), e.closed.map(Mark::date))),
            )
            .filter(|(start, end)| open_at(*start, *end))
            .map(|(_, end)| end)
            .collect();
        // Closed when every one of them has closed: at the last close.
        let closed = if involvement.is_empty() || involvement.contains(&None) {
            None
        } else {
            involvement.sort();
            involvement.pop().flatten()
        };
        let adult = r.birthday(18);
        [closed, adult]
            .into_iter()
            .flatten()
            .filter(|d| *d <= self.as_at)
            .min()
    }

    fn care_leaver(&mut self) -> Result<(), CalendarError> {
        let r = self.record;
        let Some(eligible) = r.eligible_since() else {
            return Ok(());
        };
        // The clock starts on the 16th birthday or on becoming eligible after
        // it; a needs assessment made ahead of that still meets it.
        let start = Mark {
            on: When::Date(eligible),
            event: r
                .periods_of_care
                .iter()
                .rev()
                .find(|p| p.started.date() <= eligible)
                .map_or(EventId::default(), |p| p.started.event),
        };
        let ahead = r.birthday(15).unwrap_or(eligible);
        let assessment = r
            .pathway_needs_assessments
            .iter()
            .copied()
            .find(|m| m.date() >= ahead);
        let due = self.due(start.on, self.len(Item::PathwayNeedsAssessment))?;
        self.push(Rule::PathwayNeedsAssessment, start, due, assessment, None);

        // Pathway plan reviews from the needs assessment, to the 21st birthday.
        if let Some(plan) = assessment {
            let ends = r.birthday(21).filter(|d| *d <= self.as_at);
            let every = self.len(Item::PathwayPlanReview);
            self.chain(plan, &r.pathway_plan_reviews, ends, &mut |_, _| {
                Some((Rule::PathwayPlanReview, every))
            })?;
        }
        Ok(())
    }

    fn other_duties(&mut self) -> Result<(), CalendarError> {
        let r = self.record;
        let visits = self.visits(|v| v.kind == VisitKind::PrivateFostering);
        for pf in &r.private_fostering {
            let ends = pf.ended.map(Mark::date);
            let anniversary = pf
                .notified
                .date()
                .checked_add(jiff::Span::new().years(1))
                .unwrap_or(Date::MAX);
            let (first, year1, after) = (
                self.len(Item::PrivateFosteringFirstVisit),
                self.len(Item::PrivateFosteringVisitFirstYear),
                self.len(Item::PrivateFosteringVisitAfterFirstYear),
            );
            self.chain(pf.notified, &visits, ends, &mut |link, from| {
                Some(if link == 0 {
                    (Rule::PrivateFosteringFirstVisit, first)
                } else if from.date() < anniversary {
                    (Rule::PrivateFosteringVisit, year1)
                } else {
                    (Rule::PrivateFosteringVisit, after)
                })
            })?;
        }
        for a in &r.allegations {
            self.once(
                Rule::LadoReferral,
                a.received,
                self.len(Item::LadoReferral),
                a.lado_referral,
                None,
            )?;
        }
        Ok(())
    }
}

/// Visits by the child's social worker that count as statutory visits: any
/// kind but private fostering and care leaver (personal adviser) contact.
fn is_social_work_visit(kind: VisitKind) -> bool {
    !matches!(kind, VisitKind::PrivateFostering | VisitKind::CareLeaver)
}

#[cfg(test)]
mod tests;
