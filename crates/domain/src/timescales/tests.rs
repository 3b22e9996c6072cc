//! The statutory clocks, tested: every rule in four scenarios, then the
//! chains, lapsing, the special cases in `docs/clocks.md`, local
//! policy, the calendar's coverage and a property test.
//!
//! Every expected due date is a literal worked out by hand (the comment
//! beside it shows the count) against the England and Wales bank holidays;
//! none is computed by the code under test.

use std::sync::OnceLock;

use jiff::Span;
use jiff::civil::Date;
use proptest::prelude::*;

use super::*;
use crate::calendar::{CalendarError, WorkingDayCalendar};
use crate::codes::{
    CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider, PlacementType, PrimaryNeed,
    ReasonEpisodeCeased, ReferralSource, ReviewParticipation,
};
use crate::events::{
    Agency, AssessmentOutcome, ContactOutcome, EventId, EventKind, HealthAssessmentKind, Placement,
    VisitKind, When,
};
use crate::testkit::{Ledger, d};

use super::Status::{BeyondCalendar, Due, Met, MetLate, Overdue};

/// Due on a date or at a time (`Due` here is the status).
fn due_on(s: &str) -> super::Due {
    super::Due::On(w(s))
}

// ------------------------------------------------------------------ helpers

fn calendar() -> &'static WorkingDayCalendar {
    static CALENDAR: OnceLock<WorkingDayCalendar> = OnceLock::new();
    CALENDAR.get_or_init(WorkingDayCalendar::england_and_wales)
}

fn w(s: &str) -> When {
    s.parse().unwrap()
}

/// Every clock as at `as_at`, under `policy`.
fn all_under(l: &Ledger, as_at: &str, policy: &Policy) -> Vec<Obligation> {
    obligations(&l.record(as_at), calendar(), policy).unwrap()
}

fn all(l: &Ledger, as_at: &str) -> Vec<Obligation> {
    all_under(l, as_at, &Policy::statutory())
}

/// The clocks of the given rules as at `as_at`, in the output's order.
fn of(l: &Ledger, as_at: &str, rules: &[Rule]) -> Vec<Obligation> {
    all(l, as_at)
        .into_iter()
        .filter(|o| rules.contains(&o.rule))
        .collect()
}

/// An obligation that has not ended.
fn ob(
    rule: Rule,
    start: &str,
    start_event: EventId,
    due: &str,
    met: Option<(&str, EventId)>,
    status: Status,
) -> Obligation {
    Obligation {
        rule,
        start: w(start),
        start_event,
        due: due_on(due),
        met: met.map(|m| w(m.0)),
        met_by: met.map(|m| m.1),
        status,
        ended: None,
    }
}

fn referral() -> EventKind {
    EventKind::ReferralAccepted {
        source: ReferralSource::Schools,
        no_further_action: false,
        primary_need: None,
    }
}

fn authorised() -> EventKind {
    EventKind::AssessmentAuthorised {
        seen_and_heard: None,
        analysis: None,
        factors: Vec::new(),
        child_seen: true,
        seen_alone: false,
        child_views: None,
        primary_need: None,
        outcome: AssessmentOutcome::ChildInNeedPlan,
    }
}

fn visit(visit: VisitKind, child_seen: bool) -> EventKind {
    EventKind::VisitMade {
        seen_and_heard: None,
        analysis: None,
        visit,
        child_seen,
        seen_alone: false,
        child_views: None,
    }
}

fn seen(kind: VisitKind) -> EventKind {
    visit(kind, true)
}

/// Long-term fostering (U4) or other fostering (U6).
fn placement(long_term: bool) -> Placement {
    Placement {
        placement_type: if long_term {
            PlacementType::U4
        } else {
            PlacementType::U6
        },
        provider: Some(PlacementProvider::PR1),
        postcode: None,
        urn: None,
        long_term,
    }
}

fn looked_after(long_term: bool) -> EventKind {
    EventKind::BecameLookedAfter {
        legal_status: LegalStatus::C2,
        placement: placement(long_term),
        category_of_need: PrimaryNeed::N1,
        uasc: false,
    }
}

fn moved(long_term: bool) -> EventKind {
    EventKind::PlacementChanged {
        placement: placement(long_term),
        reason: None,
        same_carer: false,
    }
}

fn ceased() -> EventKind {
    EventKind::CeasedLookedAfter {
        reason: ReasonEpisodeCeased::E8,
    }
}

fn la_review() -> EventKind {
    EventKind::LookedAfterReviewHeld {
        seen_and_heard: None,
        analysis: None,
        recommendations: None,
        next_review_due: None,
        participation: ReviewParticipation::PN1,
    }
}

fn review_conference() -> EventKind {
    EventKind::ReviewConferenceHeld {
        seen_and_heard: None,
        analysis: None,
        category: None,
    }
}

fn health(assessment: HealthAssessmentKind) -> EventKind {
    EventKind::HealthAssessment { assessment }
}

fn born(l: &mut Ledger, dob: &str) -> EventId {
    l.add(
        dob,
        EventKind::BirthDetailsRecorded {
            date_of_birth: Some(d(dob)),
            expected_date_of_birth: None,
        },
    )
}

fn interview(episode: EventId, offered: bool, accepted: bool, held: bool) -> EventKind {
    EventKind::ReturnInterview {
        episode,
        offered,
        accepted,
        held,
    }
}

/// A child who goes missing at `went` and returns at `back`; the episode.
fn missing(l: &mut Ledger, went: &str, back: &str) -> (EventId, EventId) {
    let episode = l.add(
        went,
        EventKind::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    let returned = l.add(back, EventKind::MissingEpisodeEnded { episode });
    (episode, returned)
}

/// A referral, a section 47 enquiry, and an initial conference on `icpc`
/// that made a plan starting that day: (the conference, the plan).
fn protection_plan(l: &mut Ledger, referred: &str, s47: &str, icpc: &str) -> (EventId, EventId) {
    l.add(referred, referral());
    l.add(s47, EventKind::Section47Started);
    let conference = l.add(
        icpc,
        EventKind::InitialConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            plan: true,
        },
    );
    let plan = l.add(
        icpc,
        EventKind::ProtectionPlanStarted {
            category: CategoryOfAbuse::NEG,
        },
    );
    (conference, plan)
}

// ------------------------------------------------- every rule, four scenarios

/// Records the event that meets a clock, on a date (or date and time).
type Meet = Box<dyn Fn(&mut Ledger, &str) -> EventId>;

fn meet(f: impl Fn(&mut Ledger, &str) -> EventId + 'static) -> Meet {
    Box::new(f)
}

/// Met by recording `kind`.
fn by(kind: EventKind) -> Meet {
    meet(move |l, on| l.add(on, kind.clone()))
}

struct Case {
    rule: Rule,
    /// Builds the ledger up to the clock's start: the event that starts the
    /// clock, and how to meet it.
    setup: fn(&mut Ledger) -> (EventId, Meet),
    start: &'static str,
    /// Worked out by hand.
    due: &'static str,
}

/// One case per rule, each with its own dates.
fn cases() -> Vec<Case> {
    vec![
        Case {
            rule: Rule::ContactDecision,
            setup: |l| {
                let contact = l.add(
                    "2024-12-24",
                    EventKind::ContactReceived {
                        source: ReferralSource::Schools,
                    },
                );
                let decide = meet(move |l, on| {
                    l.add(
                        on,
                        EventKind::ContactDecision {
                            contact,
                            outcome: ContactOutcome::Referral,
                        },
                    )
                });
                (contact, decide)
            },
            start: "2024-12-24",
            // Tue 24 Dec + 1: 25th and 26th are bank holidays.
            due: "2024-12-27",
        },
        Case {
            rule: Rule::AssessmentCompletion,
            setup: |l| {
                let r = l.add("2024-12-20", referral());
                l.add("2024-12-20", EventKind::AssessmentStarted);
                (r, by(authorised()))
            },
            start: "2024-12-20",
            // docs/clocks.md worked example: + 45 over Christmas and New Year.
            due: "2025-02-26",
        },
        Case {
            rule: Rule::StrategyDiscussion,
            setup: |l| {
                l.add("2025-04-10", referral());
                let needed = l.add("2025-04-17", EventKind::StrategyDiscussionNeeded);
                let held = EventKind::StrategyDiscussionHeld {
                    attendance: vec![Agency::SocialCare, Agency::Police, Agency::Health],
                };
                (needed, by(held))
            },
            start: "2025-04-17",
            // Maundy Thursday + 1: Good Friday, the weekend, Easter Monday.
            due: "2025-04-22",
        },
        Case {
            rule: Rule::Icpc,
            setup: |l| {
                l.add("2023-12-18", referral());
                let s47 = l.add("2023-12-22", EventKind::Section47Started);
                (
                    s47,
                    by(EventKind::InitialConferenceHeld {
                        seen_and_heard: None,
                        analysis: None,
                        plan: false,
                    }),
                )
            },
            start: "2023-12-22",
            // Fri 22 Dec + 15: 27-29 Dec (3), 2-5 Jan (7), 8-12 (12), 15-17 (15);
            // 25, 26 Dec and 1 Jan are bank holidays.
            due: "2024-01-17",
        },
        Case {
            rule: Rule::CoreGroupFirst,
            setup: |l| {
                let (icpc, _) = protection_plan(l, "2025-04-07", "2025-04-10", "2025-05-01");
                (icpc, by(EventKind::CoreGroupHeld))
            },
            start: "2025-05-01",
            // Thu 1 May + 10: 2 (1), 5 May bank holiday, 6-9 (5), 12-16 (10).
            due: "2025-05-16",
        },
        Case {
            rule: Rule::CpReviewFirst,
            setup: |l| {
                let (icpc, _) = protection_plan(l, "2025-01-06", "2025-01-10", "2025-01-31");
                (icpc, by(review_conference()))
            },
            start: "2025-01-31",
            // 31 January + 3 months: April has 30 days.
            due: "2025-04-30",
        },
        Case {
            rule: Rule::CpReviewNext,
            setup: |l| {
                protection_plan(l, "2023-02-10", "2023-02-15", "2023-03-01");
                let first = l.add("2023-05-25", review_conference());
                (first, by(review_conference()))
            },
            start: "2023-05-25",
            due: "2023-11-25",
        },
        Case {
            rule: Rule::CpVisit,
            setup: |l| {
                let (_, plan) = protection_plan(l, "2025-12-01", "2025-12-03", "2025-12-19");
                (plan, by(seen(VisitKind::ChildProtection)))
            },
            start: "2025-12-19",
            // Fri 19 Dec + 10: 22-24 (3), 29-31 (6), 2 Jan (7), 5-7 (10);
            // 25, 26 Dec and 1 Jan are bank holidays.
            due: "2026-01-07",
        },
        Case {
            rule: Rule::CinPlanReview,
            setup: |l| {
                l.add("2024-05-01", referral());
                let plan = l.add("2024-05-31", EventKind::CinPlanStarted);
                (plan, by(EventKind::CinPlanReviewed))
            },
            start: "2024-05-31",
            due: "2024-08-31",
        },
        Case {
            rule: Rule::CarePlan,
            setup: |l| {
                let la = l.add("2024-03-22", looked_after(false));
                (la, by(EventKind::CarePlanRecorded))
            },
            start: "2024-03-22",
            // Fri 22 Mar + 10: 25-28 (4), Good Friday 29, Easter Monday 1 Apr,
            // 2-5 (8), 8-9 (10).
            due: "2024-04-09",
        },
        Case {
            rule: Rule::LaReviewFirst,
            setup: |l| {
                let la = l.add("2025-04-14", looked_after(false));
                (la, by(la_review()))
            },
            start: "2025-04-14",
            // docs/clocks.md worked example: + 20 over Easter and 5 May.
            due: "2025-05-15",
        },
        Case {
            rule: Rule::LaReviewSecond,
            setup: |l| {
                l.add("2023-01-10", looked_after(false));
                let first = l.add("2023-02-06", la_review());
                (first, by(la_review()))
            },
            start: "2023-02-06",
            due: "2023-05-06",
        },
        Case {
            rule: Rule::LaReviewNext,
            setup: |l| {
                l.add("2022-06-01", looked_after(false));
                l.add("2022-06-28", la_review());
                let second = l.add("2022-09-20", la_review());
                (second, by(la_review()))
            },
            start: "2022-09-20",
            due: "2023-03-20",
        },
        Case {
            rule: Rule::LaVisitNewPlacement,
            setup: |l| {
                // The second placement: "the start of any placement".
                l.add("2024-01-08", looked_after(false));
                l.add("2024-01-12", seen(VisitKind::LookedAfter));
                let second = l.add("2024-02-26", moved(false));
                (second, by(seen(VisitKind::LookedAfter)))
            },
            start: "2024-02-26",
            // 26 Feb + 7 days in a leap year.
            due: "2024-03-04",
        },
        Case {
            rule: Rule::LaVisitFirstYear,
            setup: |l| {
                l.add("2025-06-02", looked_after(false));
                let first = l.add("2025-06-06", seen(VisitKind::LookedAfter));
                (first, by(seen(VisitKind::LookedAfter)))
            },
            start: "2025-06-06",
            // + 42 days: 24 to 30 June, 18 more.
            due: "2025-07-18",
        },
        Case {
            rule: Rule::LaVisitAfterFirstYear,
            setup: |l| {
                l.add("2023-09-04", looked_after(true));
                l.add("2023-09-08", seen(VisitKind::LookedAfter));
                // Late, and after the placement's first anniversary.
                let v = l.add("2024-09-13", seen(VisitKind::LookedAfter));
                (v, by(seen(VisitKind::LookedAfter)))
            },
            start: "2024-09-13",
            // Long-term placement: 3 months.
            due: "2024-12-13",
        },
        Case {
            rule: Rule::HealthInitial,
            setup: |l| {
                let la = l.add("2024-12-23", looked_after(false));
                (la, by(health(HealthAssessmentKind::Initial)))
            },
            start: "2024-12-23",
            // docs/clocks.md worked example: + 20 over Christmas and New Year.
            due: "2025-01-23",
        },
        Case {
            rule: Rule::HealthReview,
            setup: |l| {
                born(l, "2021-03-10");
                l.add("2024-01-15", looked_after(false));
                let initial = l.add("2024-02-08", health(HealthAssessmentKind::Initial));
                (initial, by(health(HealthAssessmentKind::Review)))
            },
            start: "2024-02-08",
            // Aged 2: 6 months.
            due: "2024-08-08",
        },
        Case {
            rule: Rule::DentalCheck,
            setup: |l| {
                let la = l.add("2024-02-29", looked_after(false));
                (la, by(EventKind::DentalCheck))
            },
            start: "2024-02-29",
            // 12 months from 29 February: 28 February in a common year.
            due: "2025-02-28",
        },
        Case {
            rule: Rule::Pep,
            setup: |l| {
                born(l, "2014-05-05");
                let la = l.add("2025-05-23", looked_after(false));
                (la, by(EventKind::PepReviewed))
            },
            start: "2025-05-23",
            // Fri 23 May + 10: 26 May bank holiday, 27-30 (4), 2-6 Jun (9), 9 (10).
            due: "2025-06-09",
        },
        Case {
            rule: Rule::ReturnInterview,
            setup: |l| {
                let (episode, back) = missing(l, "2025-03-01T22:00", "2025-03-02T07:30");
                (
                    back,
                    meet(move |l, on| l.add(on, interview(episode, true, true, true))),
                )
            },
            start: "2025-03-02T07:30",
            // 72 clock hours from the return.
            due: "2025-03-05T07:30",
        },
        Case {
            rule: Rule::PathwayNeedsAssessment,
            setup: |l| {
                born(l, "2008-08-31");
                // Looked after from 14 years 4 months: eligible on the 16th birthday.
                let la = l.add("2023-01-09", looked_after(true));
                (la, by(EventKind::PathwayNeedsAssessment))
            },
            start: "2024-08-31",
            // 31 August + 3 months: November has 30 days.
            due: "2024-11-30",
        },
        Case {
            rule: Rule::PathwayPlanReview,
            setup: |l| {
                born(l, "2007-01-20");
                l.add("2021-03-01", looked_after(true));
                let assessed = l.add("2023-03-15", EventKind::PathwayNeedsAssessment);
                (assessed, by(EventKind::PathwayPlanReviewed))
            },
            start: "2023-03-15",
            due: "2023-09-15",
        },
        Case {
            rule: Rule::PrivateFosteringFirstVisit,
            setup: |l| {
                let notified = l.add("2026-03-31", EventKind::PrivateFosteringNotified);
                (notified, by(seen(VisitKind::PrivateFostering)))
            },
            start: "2026-03-31",
            // Tue 31 Mar + 7: 1-2 Apr (2), Good Friday 3, Easter Monday 6, 7-10 (6), 13 (7).
            due: "2026-04-13",
        },
        Case {
            rule: Rule::PrivateFosteringVisit,
            setup: |l| {
                l.add("2022-02-01", EventKind::PrivateFosteringNotified);
                let first = l.add("2022-02-04", seen(VisitKind::PrivateFostering));
                (first, by(seen(VisitKind::PrivateFostering)))
            },
            start: "2022-02-04",
            // First year: 6 weeks.
            due: "2022-03-18",
        },
        Case {
            rule: Rule::LadoReferral,
            setup: |l| {
                let allegation = l.add("2022-06-01", EventKind::AllegationReceived);
                let refer =
                    meet(move |l, on| l.add(on, EventKind::LadoReferralMade { allegation }));
                (allegation, refer)
            },
            start: "2022-06-01",
            // Wed 1 Jun + 1: 2 and 3 June 2022 were bank holidays (the Platinum Jubilee).
            due: "2022-06-06",
        },
    ]
}

/// The one clock of `case`'s rule that started on `case.start`.
fn the_clock(case: &Case, l: &Ledger, as_at: Date) -> Obligation {
    let every = all(l, &as_at.to_string());
    let mut found: Vec<Obligation> = every
        .iter()
        .filter(|o| o.rule == case.rule && o.start == w(case.start))
        .cloned()
        .collect();
    assert_eq!(
        found.len(),
        1,
        "{}: one clock from {} as at {as_at}, in {every:#?}",
        case.rule,
        case.start
    );
    found.remove(0)
}

/// Met on the due date (the boundary is inclusive), met late, open and
/// overdue, and open and not yet due.
fn four_scenarios(case: &Case) {
    let (rule, start, due) = (case.rule, w(case.start), w(case.due));
    let late = match due {
        When::Date(d) => When::Date(d.tomorrow().unwrap()),
        When::DateTime(dt) => When::DateTime(dt.checked_add(Span::new().minutes(1)).unwrap()),
    };
    let expected = |start_event, met: Option<(When, EventId)>, status| Obligation {
        rule,
        start,
        start_event,
        due: super::Due::On(due),
        met: met.map(|m| m.0),
        met_by: met.map(|m| m.1),
        status,
        ended: None,
    };

    for (on, status) in [(due, Met), (late, MetLate)] {
        let mut l = Ledger::new();
        let (start_event, make) = (case.setup)(&mut l);
        let met_by = make(&mut l, &on.to_string());
        assert_eq!(
            the_clock(case, &l, on.date()),
            expected(start_event, Some((on, met_by)), status),
            "{rule}: met on {on}"
        );
    }

    let day_after = due.date().tomorrow().unwrap();
    let day_before = due.date().yesterday().unwrap();
    for (as_at, status) in [(day_after, Overdue), (due.date(), Due), (day_before, Due)] {
        let mut l = Ledger::new();
        let (start_event, _) = (case.setup)(&mut l);
        assert_eq!(
            the_clock(case, &l, as_at),
            expected(start_event, None, status),
            "{rule}: not met, as at {as_at}"
        );
    }
}

/// Every rule, with its id as in `docs/clocks.md`. The match fails to
/// compile when a rule is added, so a new rule must join this suite.
fn documented_id(rule: Rule) -> &'static str {
    match rule {
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

#[test]
fn every_rule_has_a_case_and_its_documented_id() {
    let cases = cases();
    assert_eq!(cases.len(), 26);
    let mut ids: Vec<&str> = cases.iter().map(|c| c.rule.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 26, "one case per rule");
    for c in &cases {
        assert_eq!(c.rule.id(), documented_id(c.rule));
        assert_eq!(c.rule.to_string(), documented_id(c.rule));
        assert_eq!(
            serde_json::to_value(c.rule).unwrap(),
            serde_json::Value::from(documented_id(c.rule))
        );
    }
    // Due dates are distinct, so each is checked against its own count.
    let mut dues: Vec<&str> = cases.iter().map(|c| c.due).collect();
    dues.sort_unstable();
    dues.dedup();
    assert_eq!(dues.len(), 26);
}

/// `docs/clocks.md` documents every clock and every policy item with the
/// default and standing the code gives it, and no item the code lacks: the
/// document is what a local authority reads before setting a stricter
/// standard, so it must not drift from `policy.rs`.
#[test]
fn the_clocks_document_matches_the_rules_and_the_policy() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/clocks.md");
    let doc = std::fs::read_to_string(path).unwrap();
    for c in cases() {
        let row = format!("| `{}` |", c.rule.id());
        assert!(
            doc.lines().any(|l| l.starts_with(&row)),
            "docs/clocks.md has a row for {}",
            c.rule.id()
        );
    }
    let (_, items) = doc
        .split_once("## Policy items")
        .expect("a Policy items section");
    let documented: Vec<&str> = items
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .filter_map(|l| l.split_once('`').map(|(key, _)| key))
        .collect();
    let keys: Vec<&str> = Item::all().map(Item::key).collect();
    assert_eq!(documented, keys, "the items, in the code's order");
    for item in Item::all() {
        let standing = match item.standing() {
            policy::Standing::Statutory => "statutory",
            policy::Standing::Local => "local",
        };
        let row = format!(
            "| `{}` | {} | {} |",
            item.key(),
            item.default_length(),
            standing
        );
        assert!(items.contains(&row), "docs/clocks.md: {row}");
    }
}

macro_rules! four_scenarios_for {
    ($($name:ident: $rule:ident,)+) => {$(
        #[test]
        fn $name() {
            let case = cases()
                .into_iter()
                .find(|c| c.rule == Rule::$rule)
                .unwrap();
            four_scenarios(&case);
        }
    )+};
}

four_scenarios_for! {
    contact_decision: ContactDecision,
    assessment_completion: AssessmentCompletion,
    strategy_discussion: StrategyDiscussion,
    icpc: Icpc,
    core_group_first: CoreGroupFirst,
    cp_review_first: CpReviewFirst,
    cp_review_next: CpReviewNext,
    cp_visit: CpVisit,
    cin_plan_review: CinPlanReview,
    care_plan: CarePlan,
    la_review_first: LaReviewFirst,
    la_review_second: LaReviewSecond,
    la_review_next: LaReviewNext,
    la_visit_new_placement: LaVisitNewPlacement,
    la_visit_first_year: LaVisitFirstYear,
    la_visit_after_first_year: LaVisitAfterFirstYear,
    health_initial: HealthInitial,
    health_review: HealthReview,
    dental_check: DentalCheck,
    pep: Pep,
    return_interview: ReturnInterview,
    pathway_needs_assessment: PathwayNeedsAssessment,
    pathway_plan_review: PathwayPlanReview,
    private_fostering_first_visit: PrivateFosteringFirstVisit,
    private_fostering_visit: PrivateFosteringVisit,
    lado_referral: LadoReferral,
}

// ------------------------------------------------------------------- chains

#[test]
fn cp_visits_chain_on_visits_where_the_child_was_seen() {
    let mut l = Ledger::new();
    let (_, plan) = protection_plan(&mut l, "2025-02-17", "2025-02-19", "2025-03-03");
    let v1 = l.add("2025-03-12", seen(VisitKind::ChildProtection));
    // Neither meets the clock: the child was not seen; a private fostering visit.
    l.add("2025-03-20", visit(VisitKind::ChildProtection, false));
    l.add("2025-03-24", seen(VisitKind::PrivateFostering));
    let v2 = l.add("2025-03-28", seen(VisitKind::ChildInNeed));
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-04-14", &[Rule::CpVisit]), [
        // Mon 3 Mar + 10.
        ob(Rule::CpVisit, "2025-03-03", plan, "2025-03-17", Some(("2025-03-12", v1)), Met),
        // Wed 12 Mar + 10.
        ob(Rule::CpVisit, "2025-03-12", v1, "2025-03-26", Some(("2025-03-28", v2)), MetLate),
        // Fri 28 Mar + 10: 31 Mar-4 Apr (5), 7-11 (10).
        ob(Rule::CpVisit, "2025-03-28", v2, "2025-04-11", None, Overdue),
    ]);
}

#[test]
fn cp_reviews_chain_first_then_six_monthly() {
    let mut l = Ledger::new();
    let (icpc, _) = protection_plan(&mut l, "2024-05-01", "2024-05-07", "2024-05-20");
    let r1 = l.add("2024-08-19", review_conference());
    let r2 = l.add("2025-02-20", review_conference());
    let rules = [Rule::CpReviewFirst, Rule::CpReviewNext];
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-03-01", &rules), [
        ob(Rule::CpReviewFirst, "2024-05-20", icpc, "2024-08-20", Some(("2024-08-19", r1)), Met),
        ob(Rule::CpReviewNext, "2024-08-19", r1, "2025-02-19", Some(("2025-02-20", r2)), MetLate),
        ob(Rule::CpReviewNext, "2025-02-20", r2, "2025-08-20", None, Due),
    ]);
}

#[test]
fn la_reviews_chain_first_second_then_six_monthly() {
    let mut l = Ledger::new();
    let la = l.add("2024-07-01", looked_after(false));
    let r1 = l.add("2024-07-25", la_review());
    let r2 = l.add("2024-10-30", la_review());
    let r3 = l.add("2025-04-10", la_review());
    let rules = [
        Rule::LaReviewFirst,
        Rule::LaReviewSecond,
        Rule::LaReviewNext,
    ];
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-06-01", &rules), [
        // Mon 1 Jul + 20: four whole weeks.
        ob(Rule::LaReviewFirst, "2024-07-01", la, "2024-07-29", Some(("2024-07-25", r1)), Met),
        ob(Rule::LaReviewSecond, "2024-07-25", r1, "2024-10-25", Some(("2024-10-30", r2)), MetLate),
        ob(Rule::LaReviewNext, "2024-10-30", r2, "2025-04-30", Some(("2025-04-10", r3)), Met),
        ob(Rule::LaReviewNext, "2025-04-10", r3, "2025-10-10", None, Due),
    ]);
}

#[test]
fn la_visits_new_placement_then_six_weekly_then_by_permanence() {
    // Long-term (intended to last until 18): 3-monthly after the first year;
    // otherwise 6-weekly.
    for (long_term, after_first_year) in [(false, "2025-03-24"), (true, "2025-05-10")] {
        let mut l = Ledger::new();
        let la = l.add("2024-01-08", looked_after(long_term));
        let v1 = l.add("2024-01-12", seen(VisitKind::LookedAfter));
        let v2 = l.add("2024-02-20", seen(VisitKind::LookedAfter));
        let v3 = l.add("2025-01-07", seen(VisitKind::LookedAfter));
        let v4 = l.add("2025-02-10", seen(VisitKind::LookedAfter));
        let rules = [
            Rule::LaVisitNewPlacement,
            Rule::LaVisitFirstYear,
            Rule::LaVisitAfterFirstYear,
        ];
        #[rustfmt::skip]
        assert_eq!(of(&l, "2025-03-01", &rules), [
            ob(Rule::LaVisitNewPlacement, "2024-01-08", la, "2024-01-15", Some(("2024-01-12", v1)), Met),
            ob(Rule::LaVisitFirstYear, "2024-01-12", v1, "2024-02-23", Some(("2024-02-20", v2)), Met),
            ob(Rule::LaVisitFirstYear, "2024-02-20", v2, "2024-04-02", Some(("2025-01-07", v3)), MetLate),
            // From the day before the anniversary: still the first year.
            ob(Rule::LaVisitFirstYear, "2025-01-07", v3, "2025-02-18", Some(("2025-02-10", v4)), Met),
            ob(Rule::LaVisitAfterFirstYear, "2025-02-10", v4, after_first_year, None, Due),
        ], "long term: {long_term}");
    }
}

#[test]
fn health_reviews_six_monthly_under_five_then_yearly() {
    let mut l = Ledger::new();
    born(&mut l, "2020-06-15");
    l.add("2024-09-02", looked_after(false));
    let initial = l.add("2024-09-20", health(HealthAssessmentKind::Initial));
    let r1 = l.add("2025-03-18", health(HealthAssessmentKind::Review));
    let r2 = l.add("2025-09-10", health(HealthAssessmentKind::Review));
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-10-01", &[Rule::HealthReview]), [
        // Aged 4: 6 months.
        ob(Rule::HealthReview, "2024-09-20", initial, "2025-03-20", Some(("2025-03-18", r1)), Met),
        // Still 4.
        ob(Rule::HealthReview, "2025-03-18", r1, "2025-09-18", Some(("2025-09-10", r2)), Met),
        // Aged 5 (since 15 June): 12 months.
        ob(Rule::HealthReview, "2025-09-10", r2, "2026-09-10", None, Due),
    ]);
}

#[test]
fn peps_only_for_children_of_school_age() {
    let pep_clocks = |dob: &str| {
        let mut l = Ledger::new();
        born(&mut l, dob);
        let la = l.add("2025-09-01", looked_after(false));
        let pep = l.add("2025-09-12", EventKind::PepReviewed);
        (of(&l, "2025-10-01", &[Rule::Pep]), la, pep)
    };
    // Aged 10: 10 working days, then termly (3 months) from the PEP.
    let (clocks, la, pep) = pep_clocks("2015-01-01");
    #[rustfmt::skip]
    assert_eq!(clocks, [
        // Mon 1 Sep + 10.
        ob(Rule::Pep, "2025-09-01", la, "2025-09-15", Some(("2025-09-12", pep)), Met),
        ob(Rule::Pep, "2025-09-12", pep, "2025-12-12", None, Due),
    ]);
    // Aged 3 and aged 16: none.
    assert!(pep_clocks("2022-01-01").0.is_empty());
    assert!(pep_clocks("2009-06-01").0.is_empty());
}

#[test]
fn a_child_who_turns_five_in_care_gets_a_pep_clock_from_the_birthday() {
    let mut l = Ledger::new();
    born(&mut l, "2020-11-03");
    let la = l.add("2025-06-02", looked_after(false));
    // 5th birthday Monday 3 November 2025 + 10 working days.
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-11-20", &[Rule::Pep]), [
        ob(Rule::Pep, "2025-11-03", la, "2025-11-17", None, Overdue),
    ]);
    assert!(of(&l, "2025-11-02", &[Rule::Pep]).is_empty());
}

#[test]
fn private_fostering_visits_six_weekly_then_twelve_weekly() {
    let mut l = Ledger::new();
    let pf = l.add("2022-02-01", EventKind::PrivateFosteringNotified);
    let v1 = l.add("2022-02-04", seen(VisitKind::PrivateFostering));
    // A social worker's visit of another kind does not count.
    l.add("2022-03-10", seen(VisitKind::ChildInNeed));
    let v2 = l.add("2022-03-15", seen(VisitKind::PrivateFostering));
    let v3 = l.add("2023-02-06", seen(VisitKind::PrivateFostering));
    let rules = [
        Rule::PrivateFosteringFirstVisit,
        Rule::PrivateFosteringVisit,
    ];
    #[rustfmt::skip]
    assert_eq!(of(&l, "2023-03-01", &rules), [
        // Tue 1 Feb + 7.
        ob(Rule::PrivateFosteringFirstVisit, "2022-02-01", pf, "2022-02-10", Some(("2022-02-04", v1)), Met),
        ob(Rule::PrivateFosteringVisit, "2022-02-04", v1, "2022-03-18", Some(("2022-03-15", v2)), Met),
        ob(Rule::PrivateFosteringVisit, "2022-03-15", v2, "2022-04-26", Some(("2023-02-06", v3)), MetLate),
        // After the first year: 12 weeks (84 days).
        ob(Rule::PrivateFosteringVisit, "2023-02-06", v3, "2023-05-01", None, Due),
    ]);
}

// ------------------------------------------------------------------ lapsing

#[test]
fn a_plan_ending_before_the_next_visit_is_due_drops_that_clock() {
    let mut l = Ledger::new();
    let (_, plan) = protection_plan(&mut l, "2025-02-17", "2025-02-19", "2025-03-03");
    let v1 = l.add("2025-03-12", seen(VisitKind::ChildProtection));
    // The next visit would be due on 26 March.
    l.add("2025-03-20", EventKind::ProtectionPlanEnded);
    let clocks = all(&l, "2025-06-01");
    let cp: Vec<_> = clocks
        .iter()
        .filter(|o| o.rule == Rule::CpVisit)
        .cloned()
        .collect();
    #[rustfmt::skip]
    assert_eq!(cp, [
        ob(Rule::CpVisit, "2025-03-03", plan, "2025-03-17", Some(("2025-03-12", v1)), Met),
    ]);
    // So does the first review (due 3 June); but the core group, due on
    // Mon 3 Mar + 10 = 17 March and not held, stays overdue.
    assert!(
        clocks.iter().all(|o| o.rule != Rule::CpReviewFirst),
        "{clocks:#?}"
    );
    let core_group: Vec<_> = clocks
        .iter()
        .filter(|o| o.rule == Rule::CoreGroupFirst)
        .map(|o| (o.due, o.status, o.ended))
        .collect();
    assert_eq!(
        core_group,
        [(due_on("2025-03-17"), Overdue, Some(d("2025-03-20")))]
    );
}

#[test]
fn a_plan_ending_after_an_unmet_visit_was_due_leaves_it_overdue() {
    let mut l = Ledger::new();
    let (_, plan) = protection_plan(&mut l, "2025-02-17", "2025-02-19", "2025-03-03");
    let v1 = l.add("2025-03-12", seen(VisitKind::ChildProtection));
    l.add("2025-04-01", EventKind::ProtectionPlanEnded);
    // After the plan ended: it does not meet the clock.
    l.add("2025-04-03", seen(VisitKind::ChildProtection));
    let mut missed = ob(Rule::CpVisit, "2025-03-12", v1, "2025-03-26", None, Overdue);
    missed.ended = Some(d("2025-04-01"));
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-06-01", &[Rule::CpVisit]), [
        ob(Rule::CpVisit, "2025-03-03", plan, "2025-03-17", Some(("2025-03-12", v1)), Met),
        missed,
    ]);
}

#[test]
fn leaving_care_before_clocks_fall_due_drops_them() {
    let mut l = Ledger::new();
    l.add("2025-01-06", looked_after(false));
    l.add("2025-01-10", ceased());
    // The new-placement visit (13 January) and everything later lapse.
    let clocks = all(&l, "2025-06-01");
    assert!(clocks.is_empty(), "{clocks:#?}");
}

// ----------------------------------------------------- clocks that don't run

#[test]
fn no_assessment_clock_for_a_referral_with_no_further_action() {
    for (nfa, clocks) in [(true, 0), (false, 1)] {
        let mut l = Ledger::new();
        l.add(
            "2025-01-06",
            EventKind::ReferralAccepted {
                source: ReferralSource::Schools,
                no_further_action: nfa,
                primary_need: None,
            },
        );
        let got = of(&l, "2025-06-01", &[Rule::AssessmentCompletion]);
        assert_eq!(got.len(), clocks, "no further action: {nfa}: {got:#?}");
    }
}

#[test]
fn no_icpc_clock_when_the_section_47_concluded_none_was_required() {
    let run = |icpc_required: bool| {
        let mut l = Ledger::new();
        l.add("2025-01-06", referral());
        let s47 = l.add("2025-01-07", EventKind::Section47Started);
        l.add(
            "2025-01-20",
            EventKind::Section47Concluded { icpc_required },
        );
        (of(&l, "2025-03-01", &[Rule::Icpc]), s47)
    };
    assert!(run(false).0.is_empty());
    let (clocks, s47) = run(true);
    // Tue 7 Jan + 15.
    let open = ob(Rule::Icpc, "2025-01-07", s47, "2025-01-28", None, Overdue);
    assert_eq!(clocks, [open]);
}

// ---------------------------------------------------------------- pre-birth

/// A pre-birth conference on 15 January 2025 (expected date 20 February),
/// the birth recorded on `birth` if given.
fn pre_birth(birth: Option<&str>) -> (Ledger, EventId) {
    let mut l = Ledger::new();
    l.add(
        "2025-01-02",
        EventKind::BirthDetailsRecorded {
            date_of_birth: None,
            expected_date_of_birth: Some(d("2025-02-20")),
        },
    );
    let (icpc, _) = protection_plan(&mut l, "2025-01-02", "2025-01-06", "2025-01-15");
    if let Some(b) = birth {
        born(&mut l, b);
    }
    (l, icpc)
}

#[test]
fn pre_birth_first_review_is_due_the_earlier_of_three_months_or_twenty_working_days_after_birth() {
    let first = [Rule::CpReviewFirst];
    // Before the birth: 3 months from the conference.
    let (l, icpc) = pre_birth(None);
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-01-31", &first), [
        ob(Rule::CpReviewFirst, "2025-01-15", icpc, "2025-04-15", None, Due),
    ]);

    // Born on Mon 10 February: + 20 working days is Mon 10 March, before 15 April.
    let (mut l, icpc) = pre_birth(Some("2025-02-10"));
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-03-11", &first), [
        ob(Rule::CpReviewFirst, "2025-01-15", icpc, "2025-03-10", None, Overdue),
    ]);
    let r1 = l.add("2025-03-10", review_conference());
    let rules = [Rule::CpReviewFirst, Rule::CpReviewNext];
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-03-11", &rules), [
        ob(Rule::CpReviewFirst, "2025-01-15", icpc, "2025-03-10", Some(("2025-03-10", r1)), Met),
        ob(Rule::CpReviewNext, "2025-03-10", r1, "2025-09-10", None, Due),
    ]);

    // Born on Tue 1 April: + 20 working days (over Easter) is Thu 1 May, after
    // 15 April, so 3 months from the conference stands.
    let (mut l, icpc) = pre_birth(Some("2025-04-01"));
    let r1 = l.add("2025-04-16", review_conference());
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-04-16", &first), [
        ob(Rule::CpReviewFirst, "2025-01-15", icpc, "2025-04-15", Some(("2025-04-16", r1)), MetLate),
    ]);
}

// ----------------------------------------------------------- return interviews

#[test]
fn return_interviews_are_timed_in_clock_hours_from_the_return() {
    // Returned on a Friday afternoon: 72 clock hours run over the weekend.
    let back = "2025-06-06T16:45";
    let due = "2025-06-09T16:45";
    for (at, offered, accepted, held, status) in [
        ("2025-06-09T16:44", true, true, true, Met),     // 71h59
        ("2025-06-09T16:45", true, true, true, Met),     // 72h00
        ("2025-06-09T16:46", true, true, true, MetLate), // 72h01
        // Offered and declined: the duty is to offer one.
        ("2025-06-08T10:00", true, false, false, Met),
        ("2025-06-10T09:00", true, false, false, MetLate),
    ] {
        let mut l = Ledger::new();
        let (episode, returned) = missing(&mut l, "2025-06-05T23:00", back);
        let i = l.add(at, interview(episode, offered, accepted, held));
        let met = ob(
            Rule::ReturnInterview,
            back,
            returned,
            due,
            Some((at, i)),
            status,
        );
        let got = of(&l, "2025-06-12", &[Rule::ReturnInterview]);
        assert_eq!(got, [met], "interview at {at}");
    }

    // Accepted but not yet held, or never offered: not met.
    for (offered, accepted) in [(true, true), (false, false)] {
        let mut l = Ledger::new();
        let (episode, returned) = missing(&mut l, "2025-06-05T23:00", back);
        l.add(
            "2025-06-08T10:00",
            interview(episode, offered, accepted, false),
        );
        let open = |as_at, status| {
            assert_eq!(
                of(&l, as_at, &[Rule::ReturnInterview]),
                [ob(Rule::ReturnInterview, back, returned, due, None, status)],
                "offered {offered}, accepted {accepted}, as at {as_at}"
            );
        };
        open("2025-06-09", Due);
        open("2025-06-10", Overdue);
    }

    // Accepted, then held later: the held interview meets it.
    let mut l = Ledger::new();
    let (episode, returned) = missing(&mut l, "2025-06-05T23:00", back);
    l.add("2025-06-07T11:00", interview(episode, true, true, false));
    let held = l.add("2025-06-09T09:30", interview(episode, true, true, true));
    #[rustfmt::skip]
    assert_eq!(of(&l, "2025-06-12", &[Rule::ReturnInterview]), [
        ob(Rule::ReturnInterview, back, returned, due, Some(("2025-06-09T09:30", held)), Met),
    ]);
}

#[test]
fn an_interview_offered_and_declined_meets_the_duty_and_says_so() {
    let back = "2025-06-06T16:45";
    let mut l = Ledger::new();
    let (episode, returned) = missing(&mut l, "2025-06-05T23:00", back);
    let declined = l.add("2025-06-07T10:00", interview(episode, true, false, false));
    assert_eq!(
        of(&l, "2025-06-12", &[Rule::ReturnInterview]),
        [ob(
            Rule::ReturnInterview,
            back,
            returned,
            "2025-06-09T16:45",
            Some(("2025-06-07T10:00", declined)),
            Met
        )]
    );
    let record = l.record("2025-06-12");
    assert_eq!(
        record.interview_outcome(declined),
        Some(crate::record::InterviewOutcome::OfferedDeclined)
    );

    // Held, and accepted but not yet held, are told apart.
    let mut l = Ledger::new();
    let (episode, _) = missing(&mut l, "2025-06-05T23:00", back);
    let waiting = l.add("2025-06-07T10:00", interview(episode, true, true, false));
    let held = l.add("2025-06-08T10:00", interview(episode, true, true, true));
    let record = l.record("2025-06-12");
    assert_eq!(record.interview_outcome(waiting), None);
    assert_eq!(
        record.interview_outcome(held),
        Some(crate::record::InterviewOutcome::Held)
    );
}

#[test]
fn a_return_interview_never_offered_is_missed_when_the_duty_ends() {
    let back = "2025-06-06T16:45";
    let due = "2025-06-09T16:45";
    let missed = |returned, end: &str| Obligation {
        ended: Some(d(end)),
        ..ob(Rule::ReturnInterview, back, returned, due, None, Overdue)
    };

    // Looked after at the return: the duty ends when care ends.
    let mut l = Ledger::new();
    born(&mut l, "2010-01-01");
    l.add("2025-01-06", looked_after(false));
    let (_, returned) = missing(&mut l, "2025-06-05T23:00", back);
    assert_eq!(
        of(&l, "2025-06-20", &[Rule::ReturnInterview]),
        [ob(
            Rule::ReturnInterview,
            back,
            returned,
            due,
            None,
            Overdue
        )],
        "still open while the child is looked after"
    );
    l.add("2025-07-01", ceased());
    assert_eq!(
        of(&l, "2025-12-01", &[Rule::ReturnInterview]),
        [missed(returned, "2025-07-01")]
    );

    // Care ended, but the episode of need open at the return goes on.
    let mut l = Ledger::new();
    born(&mut l, "2010-01-01");
    l.add("2025-01-02", referral());
    l.add("2025-01-06", looked_after(false));
    let (_, returned) = missing(&mut l, "2025-06-05T23:00", back);
    l.add("2025-07-01", ceased());
    assert_eq!(
        of(&l, "2025-12-01", &[Rule::ReturnInterview]),
        [ob(
            Rule::ReturnInterview,
            back,
            returned,
            due,
            None,
            Overdue
        )]
    );
    l.add(
        "2025-08-01",
        EventKind::EpisodeClosed {
            reason: crate::codes::ReasonForClosure::RC1,
        },
    );
    assert_eq!(
        of(&l, "2025-12-01", &[Rule::ReturnInterview]),
        [missed(returned, "2025-08-01")]
    );

    // Missing from home with no open case: ends at 18.
    let mut l = Ledger::new();
    born(&mut l, "2007-06-20");
    let (_, returned) = missing(&mut l, "2025-06-05T23:00", back);
    assert_eq!(
        of(&l, "2025-06-19", &[Rule::ReturnInterview]),
        [ob(
            Rule::ReturnInterview,
            back,
            returned,
            due,
            None,
            Overdue
        )]
    );
    assert_eq!(
        of(&l, "2025-06-20", &[Rule::ReturnInterview]),
        [missed(returned, "2025-06-20")]
    );

    // The case closed before the interview fell due: the clock lapses.
    let mut l = Ledger::new();
    born(&mut l, "2010-01-01");
    l.add("2025-01-06", looked_after(false));
    missing(&mut l, "2025-06-05T23:00", back);
    l.add("2025-06-08", ceased());
    assert_eq!(of(&l, "2025-12-01", &[Rule::ReturnInterview]), []);
}

#[test]
fn return_interviews_run_in_elapsed_hours_across_the_clock_changes() {
    // Clocks went forward on 30 March 2025 and back on 26 October 2025.
    for (back, due) in [
        ("2025-03-29T20:00", "2025-04-01T21:00"), // 72 hours, an hour later on the clock
        ("2025-10-25T20:00", "2025-10-28T19:00"), // an hour earlier on the clock
        ("2025-10-26T01:30", "2025-10-29T00:30"), // the earlier 01:30 (summer time)
    ] {
        let mut l = Ledger::new();
        let (_, returned) = missing(&mut l, "2025-03-01T23:00", back);
        assert_eq!(
            of(&l, "2025-11-12", &[Rule::ReturnInterview]),
            [ob(
                Rule::ReturnInterview,
                back,
                returned,
                due,
                None,
                Overdue
            )],
            "back at {back}"
        );
    }
}

#[test]
fn an_open_clock_due_at_a_time_is_overdue_from_the_minute_after() {
    let due = w("2025-06-09T18:30");
    let at = |s: &str| w(s).datetime();
    assert_eq!(Status::open(due, None, at("2025-06-09T18:30")), Due);
    assert_eq!(Status::open(due, None, at("2025-06-09T18:31")), Overdue);
    let by_date = w("2025-06-09");
    assert_eq!(Status::open(by_date, None, at("2025-06-09T23:59")), Due);
    assert_eq!(Status::open(by_date, None, at("2025-06-10T00:00")), Overdue);
}

// --------------------------------------------------------------- care leavers

#[test]
fn pathway_needs_assessment_runs_from_becoming_eligible_after_sixteen() {
    let mut l = Ledger::new();
    born(&mut l, "2008-02-10");
    // Looked after from 16 years 3 months: 13 weeks (91 days, 1 May to 30 July)
    // are complete on 31 July.
    let la = l.add("2024-05-01", looked_after(false));
    let rule = [Rule::PathwayNeedsAssessment];
    #[rustfmt::skip]
    assert_eq!(of(&l, "2024-09-01", &rule), [
        ob(Rule::PathwayNeedsAssessment, "2024-07-31", la, "2024-10-31", None, Due),
    ]);
    // An assessment made ahead of eligibility (after the 15th birthday) meets it.
    let early = l.add("2024-06-14", EventKind::PathwayNeedsAssessment);
    #[rustfmt::skip]
    assert_eq!(of(&l, "2024-09-01", &rule), [
        ob(Rule::PathwayNeedsAssessment, "2024-07-31", la, "2024-10-31", Some(("2024-06-14", early)), Met),
    ]);
}

#[test]
fn no_pathway_clocks_for_a_child_who_never_became_eligible() {
    let mut l = Ledger::new();
    born(&mut l, "2008-02-10");
    l.add("2024-05-01", looked_after(false));
    // 60 days: short of 13 weeks.
    l.add("2024-06-30", ceased());
    let rules = [Rule::PathwayNeedsAssessment, Rule::PathwayPlanReview];
    assert!(of(&l, "2024-12-01", &rules).is_empty());
}

// ------------------------------------------------------------ month arithmetic

#[test]
fn months_end_on_the_last_day_of_a_shorter_month() {
    // 30 November + 3 months: 28 February, or 29th in a leap year.
    for (start, due) in [("2024-11-30", "2025-02-28"), ("2023-11-30", "2024-02-29")] {
        let mut l = Ledger::new();
        l.add("2023-11-01", referral());
        let plan = l.add(start, EventKind::CinPlanStarted);
        assert_eq!(
            of(&l, start, &[Rule::CinPlanReview]),
            [ob(Rule::CinPlanReview, start, plan, due, None, Due)]
        );

        let mut l = Ledger::new();
        let (icpc, _) = protection_plan(&mut l, "2023-11-01", "2023-11-06", start);
        assert_eq!(
            of(&l, start, &[Rule::CpReviewFirst]),
            [ob(Rule::CpReviewFirst, start, icpc, due, None, Due)]
        );
    }
    // 31 August + 6 months.
    let mut l = Ledger::new();
    protection_plan(&mut l, "2024-05-01", "2024-05-07", "2024-06-03");
    let r1 = l.add("2024-08-31", review_conference());
    let open = ob(
        Rule::CpReviewNext,
        "2024-08-31",
        r1,
        "2025-02-28",
        None,
        Due,
    );
    assert_eq!(of(&l, "2024-09-01", &[Rule::CpReviewNext]), [open]);
}

// ---------------------------------------------------------------- local policy

#[test]
fn a_local_policy_changes_due_dates() {
    let policy = Policy::from_toml(
        "[timescales]\n\
         cp_visit = \"5 working days\"\n\
         icpc = \"10 working days\"\n\
         la_visit_first_year = \"28 days\"\n\
         health_review.under_5 = \"4 months\"\n\
         return_interview = \"48 hours\"\n",
    )
    .unwrap();
    for case in cases() {
        let local_due = match case.rule {
            // Fri 19 Dec + 5: 22-24 (3), 29-30 (5), against 7 January by default.
            Rule::CpVisit => "2025-12-30",
            // Fri 22 Dec + 10: 27-29 (3), 2-5 Jan (7), 8-10 (10).
            Rule::Icpc => "2024-01-10",
            // 6 June + 28 days.
            Rule::LaVisitFirstYear => "2025-07-04",
            Rule::HealthReview => "2024-06-08",
            Rule::ReturnInterview => "2025-03-04T07:30",
            _ => case.due,
        };
        let mut l = Ledger::new();
        let _ = (case.setup)(&mut l);
        let as_at = w(case.start).date().tomorrow().unwrap().to_string();
        let clock = all_under(&l, &as_at, &policy)
            .into_iter()
            .find(|o| o.rule == case.rule && o.start == w(case.start))
            .unwrap();
        assert_eq!(clock.due, due_on(local_due), "{}", case.rule);
        assert_eq!(clock.status, Due);
    }
}

// -------------------------------------------------------------------- coverage

#[test]
fn a_due_date_beyond_the_calendar_is_beyond_it_not_a_guess() {
    let contact = |on: &str| {
        let mut l = Ledger::new();
        l.add(
            on,
            EventKind::ContactReceived {
                source: ReferralSource::Schools,
            },
        );
        obligations(&l.record(on), calendar(), &Policy::statutory())
    };
    // Thu 28 December 2028 + 1 is Friday 29th, the last working day covered.
    let ok = contact("2028-12-28").unwrap();
    assert_eq!(ok[0].due, due_on("2028-12-29"));
    // Friday 29th + 1 is in 2029, which the list does not cover: the clock
    // is kept, with no date.
    let beyond = contact("2028-12-29").unwrap();
    assert_eq!(
        (beyond[0].rule, beyond[0].due, beyond[0].status),
        (
            Rule::ContactDecision,
            super::Due::BeyondCalendar,
            BeyondCalendar
        )
    );
    assert_eq!(beyond[0].due.to_string(), "beyond_calendar");
    // Before the list's first year is still an error: no clock there is
    // beyond an edge a newer list would move.
    let err = contact("2011-12-30").unwrap_err();
    assert!(matches!(err, CalendarError::NotCovered { .. }), "{err:?}");
    assert!(err.to_string().contains("does not cover"), "{err}");

    // 45 working days from a referral on 30 October 2028 run past the
    // list; the rest of the record's clocks are dated as ever, and the
    // beyond clock comes after every dated one.
    let mut l = Ledger::new();
    l.add("2028-10-30", referral());
    l.add("2028-11-01", EventKind::AllegationReceived);
    let clocks = obligations(&l.record("2028-11-02"), calendar(), &Policy::statutory()).unwrap();
    let assessment = clocks
        .iter()
        .find(|o| o.rule == Rule::AssessmentCompletion)
        .unwrap();
    assert_eq!(assessment.due, super::Due::BeyondCalendar);
    assert_eq!(assessment.status, BeyondCalendar);
    assert_eq!(
        clocks.last().map(|o| o.rule),
        Some(Rule::AssessmentCompletion)
    );
    let lado = clocks
        .iter()
        .find(|o| o.rule == Rule::LadoReferral)
        .unwrap();
    assert_eq!((lado.due, lado.status), (due_on("2028-11-02"), Due));

    // Met by the calendar's last day, it was met in time (it fell due
    // after that day); a duty ended by then lapsed.
    l.add("2028-11-06", EventKind::AssessmentStarted);
    l.add("2028-12-20", authorised());
    let clocks = obligations(&l.record("2028-12-21"), calendar(), &Policy::statutory()).unwrap();
    let assessment = clocks
        .iter()
        .find(|o| o.rule == Rule::AssessmentCompletion)
        .unwrap();
    assert_eq!(assessment.status, Met);
}

// -------------------------------------------------------------------- ordering

#[test]
fn obligations_are_ordered_by_due_date_whether_dates_or_date_times() {
    let mut l = Ledger::new();
    missing(&mut l, "2025-01-01T20:00", "2025-01-02T10:00");
    l.add("2025-01-06", EventKind::AllegationReceived);
    l.add(
        "2025-03-03",
        EventKind::ContactReceived {
            source: ReferralSource::Schools,
        },
    );
    let order: Vec<(Rule, When)> = all(&l, "2025-03-03")
        .into_iter()
        .map(|o| (o.rule, o.due.when().unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            (Rule::ReturnInterview, w("2025-01-05T10:00")),
            (Rule::LadoReferral, w("2025-01-07")),
            (Rule::ContactDecision, w("2025-03-04")),
        ]
    );
}

// ------------------------------------------------------------------- property

/// A random child: every strand of the record, from random dates.
#[derive(Debug, Clone)]
struct Random {
    /// Days after 1 January 2013.
    base: i64,
    gaps: Vec<u16>,
    flags: Vec<bool>,
    age: i16,
    hours: Vec<u8>,
    /// Days after `base`.
    as_at: i64,
}

fn random() -> impl Strategy<Value = Random> {
    (
        0i64..4700,
        prop::collection::vec(1u16..200, 24),
        prop::collection::vec(any::<bool>(), 24),
        0i16..18,
        prop::collection::vec(0u8..100, 4),
        0i64..900,
    )
        .prop_map(|(base, gaps, flags, age, hours, as_at)| Random {
            base,
            gaps,
            flags,
            age,
            hours,
            as_at,
        })
}

impl Random {
    fn gap(&self, i: usize) -> i64 {
        i64::from(self.gaps[i % self.gaps.len()])
    }

    fn flag(&self, i: usize) -> bool {
        self.flags[i % self.flags.len()]
    }

    fn day(&self, n: i64) -> String {
        d("2013-01-01")
            .checked_add(Span::new().days(self.base + n))
            .unwrap()
            .to_string()
    }

    fn ledger(&self) -> Ledger {
        let mut l = Ledger::new();
        let day = |n| self.day(n);

        // The front door.
        let contact = l.add(
            &day(0),
            EventKind::ContactReceived {
                source: ReferralSource::Schools,
            },
        );
        if self.flag(0) {
            let outcome = ContactOutcome::Referral;
            l.add(
                &day(self.gap(0) % 5),
                EventKind::ContactDecision { contact, outcome },
            );
        }

        // Children in need and child protection.
        l.add(
            &day(1),
            EventKind::ReferralAccepted {
                source: ReferralSource::Schools,
                no_further_action: self.flag(1) && !self.flag(2),
                primary_need: None,
            },
        );
        l.add(&day(1), EventKind::AssessmentStarted);
        if self.flag(3) {
            l.add(&day(1 + self.gap(1) % 90), authorised());
        }
        l.add(&day(2), EventKind::StrategyDiscussionNeeded);
        if self.flag(4) {
            let attendance = vec![Agency::SocialCare, Agency::Police];
            l.add(
                &day(2 + self.gap(2) % 4),
                EventKind::StrategyDiscussionHeld { attendance },
            );
        }
        l.add(&day(3), EventKind::Section47Started);
        let concluded = self.flag(5);
        let required = self.flag(6);
        if concluded {
            l.add(
                &day(8),
                EventKind::Section47Concluded {
                    icpc_required: required,
                },
            );
        }
        // Sometimes no conference (yet).
        if (!concluded || required) && self.flag(20) {
            let icpc = 9 + self.gap(3) % 25;
            l.add(
                &day(icpc),
                EventKind::InitialConferenceHeld {
                    seen_and_heard: None,
                    analysis: None,
                    plan: true,
                },
            );
            l.add(
                &day(icpc),
                EventKind::ProtectionPlanStarted {
                    category: CategoryOfAbuse::PHY,
                },
            );
            let end = if self.flag(7) {
                icpc + 30 + self.gap(4)
            } else {
                i64::MAX
            };
            let core_group = icpc + self.gap(5) % 20;
            if core_group < end && self.flag(21) {
                l.add(&day(core_group), EventKind::CoreGroupHeld);
            }
            let mut review = icpc;
            for i in 0..3 {
                review += self.gap(6 + i);
                if review < end && self.flag(8 + i) {
                    l.add(&day(review), review_conference());
                }
            }
            let mut v = icpc;
            for i in 0..6 {
                v += self.gap(10 + i) % 25;
                l.add(
                    &day(v),
                    visit(VisitKind::ChildProtection, self.flag(12 + i)),
                );
            }
            if end < i64::MAX {
                l.add(&day(end), EventKind::ProtectionPlanEnded);
            }
        }
        l.add(&day(4), EventKind::CinPlanStarted);
        let mut review = 4;
        for i in 0..3 {
            review += self.gap(16 + i);
            l.add(&day(review), EventKind::CinPlanReviewed);
        }

        // Looked after, and leaving care.
        let dob = d("2013-01-01")
            .checked_add(Span::new().days(self.base - self.gap(0)))
            .unwrap()
            .checked_sub(Span::new().years(self.age))
            .unwrap();
        born(&mut l, &dob.to_string());
        l.add(&day(5), looked_after(self.flag(1)));
        let end = if self.flag(9) {
            300 + self.gap(2)
        } else {
            i64::MAX
        };
        let add_within = |l: &mut Ledger, at: i64, kind: EventKind| {
            if at < end {
                l.add(&day(at), kind);
            }
        };
        let mut at = 5;
        for i in 0..3 {
            at += self.gap(i + 3);
            add_within(&mut l, at, la_review());
        }
        if self.flag(10) {
            add_within(&mut l, 5 + self.gap(3), moved(self.flag(11)));
        }
        let mut at = 5;
        for i in 0..6 {
            at += self.gap(i + 7) % 90;
            add_within(&mut l, at, seen(VisitKind::LookedAfter));
        }
        if self.flag(11) {
            add_within(
                &mut l,
                5 + self.gap(4) % 40,
                health(HealthAssessmentKind::Initial),
            );
            add_within(
                &mut l,
                45 + self.gap(5) * 2,
                health(HealthAssessmentKind::Review),
            );
        }
        add_within(&mut l, 5 + self.gap(6) * 2, EventKind::DentalCheck);
        add_within(&mut l, 5 + self.gap(7) % 20, EventKind::PepReviewed);
        add_within(&mut l, 25 + self.gap(8), EventKind::PepReviewed);
        add_within(&mut l, 5 + self.gap(9) % 15, EventKind::CarePlanRecorded);
        if end < i64::MAX {
            l.add(&day(end), ceased());
        }
        l.add(
            &day(5 + self.gap(10) * 3),
            EventKind::PathwayNeedsAssessment,
        );
        l.add(
            &day(5 + self.gap(11) * 3 + self.gap(12)),
            EventKind::PathwayPlanReviewed,
        );

        // Missing from care.
        let went = d("2013-01-01")
            .checked_add(Span::new().days(self.base + 6))
            .unwrap()
            .at(i8::try_from(self.hours[0] % 24).unwrap(), 0, 0, 0);
        let back = went
            .checked_add(Span::new().hours(i64::from(self.hours[1])))
            .unwrap();
        let spoke = back
            .checked_add(Span::new().hours(i64::from(self.hours[2])))
            .unwrap();
        // A time the clocks skipped in spring is moved on to one that happened.
        let stamp = |t: jiff::civil::DateTime| {
            let t = crate::london::add_hours(t, 0).unwrap();
            t.strftime("%Y-%m-%dT%H:%M").to_string()
        };
        let (episode, _) = missing(&mut l, &stamp(went), &stamp(back));
        if self.flag(13) {
            let (offered, accepted, held) = [
                (true, true, true),
                (true, false, false),
                (true, true, false),
                (false, false, false),
            ][usize::from(self.hours[3] % 4)];
            l.add(&stamp(spoke), interview(episode, offered, accepted, held));
        }

        // Private fostering and allegations.
        l.add(&day(7), EventKind::PrivateFosteringNotified);
        let mut at = 7;
        for i in 0..5 {
            at += self.gap(i + 13) % 80;
            l.add(&day(at), seen(VisitKind::PrivateFostering));
        }
        if self.flag(14) {
            l.add(&day(400), EventKind::PrivateFosteringEnded);
        }
        let allegation = l.add(&day(8), EventKind::AllegationReceived);
        if self.flag(15) {
            l.add(
                &day(8 + self.gap(15) % 4),
                EventKind::LadoReferralMade { allegation },
            );
        }
        l
    }
}

/// Whether one obligation's status agrees with its dates, as at `as_at`.
fn consistent(o: &Obligation, as_at: Date) -> Result<(), TestCaseError> {
    let super::Due::On(due) = o.due else {
        prop_assert_eq!(o.status, BeyondCalendar, "{:?}", o);
        return Ok(());
    };
    prop_assert!(
        due.datetime() >= o.start.datetime(),
        "due before start: {o:?}"
    );
    prop_assert!(
        o.start.date() <= as_at,
        "starts after the as-at date: {o:?}"
    );
    prop_assert_eq!(o.met.is_some(), o.met_by.is_some());
    match o.met {
        Some(met) => {
            let on_time = match due {
                When::Date(due) => met.date() <= due,
                When::DateTime(due) => met.datetime() <= due,
            };
            prop_assert_eq!(o.status, if on_time { Met } else { MetLate }, "{:?}", o);
            prop_assert!(o.ended.is_none(), "{o:?}");
            prop_assert!(met.date() <= as_at, "{o:?}");
            // A needs assessment may come ahead of eligibility (from 15).
            if o.rule != Rule::PathwayNeedsAssessment {
                prop_assert!(met.date() >= o.start.date(), "met before start: {o:?}");
            }
        }
        None => match o.ended {
            Some(ended) => {
                prop_assert_eq!(o.status, Overdue, "{:?}", o);
                prop_assert!(ended > due.date(), "{o:?}");
            }
            None => {
                let status = if as_at > due.date() { Overdue } else { Due };
                prop_assert_eq!(o.status, status, "{:?}", o);
            }
        },
    }
    Ok(())
}

proptest! {
    #[test]
    fn every_due_follows_its_start_and_every_status_its_dates(child in random()) {
        let l = child.ledger();
        let as_at = child.day(child.as_at);
        let record = l.record(&as_at);
        let out = obligations(&record, calendar(), &Policy::statutory()).unwrap();
        prop_assert!(!out.is_empty());
        for o in &out {
            consistent(o, d(&as_at))?;
        }
        prop_assert!(
            out.windows(2).all(|p| p[0].due.sort_key() <= p[1].due.sort_key()),
            "not in due order"
        );
    }
}

#[test]
fn every_clock_has_words_and_is_found_by_its_id() {
    let mut ids: Vec<&str> = Rule::ALL.iter().map(|r| r.id()).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), Rule::ALL.len());
    for rule in Rule::ALL {
        assert_eq!(Rule::from_id(rule.id()), Some(rule));
        assert!(!rule.label().is_empty() && !rule.met_by().is_empty());
        assert_ne!(rule.label(), rule.id());
    }
    assert_eq!(Rule::from_id("no_such_clock"), None);
    assert_eq!(
        Rule::LaVisitFirstYear.label(),
        "Statutory visit (first year of placement)"
    );
}

// ------------------------------------------------------- 29 February births

/// A child born on 29 February attains each age on 1 March in a common year
/// (Family Law Reform Act 1969 s9; `crate::age`): every clock that turns on
/// an age follows that one rule.
#[test]
fn clocks_driven_by_age_take_1_march_for_a_29_february_birth() {
    // PEP from the 5th birthday: 1 March 2021.
    let mut l = Ledger::new();
    born(&mut l, "2016-02-29");
    l.add("2020-09-01", looked_after(false));
    let peps = of(&l, "2021-06-01", &[Rule::Pep]);
    assert_eq!(peps[0].start, w("2021-03-01"), "{peps:?}");

    // Health reviews: 6-monthly while under 5 (still 4 on 28 February
    // 2021), yearly from 1 March.
    for (check, due) in [("2021-02-28", "2021-08-28"), ("2021-03-01", "2022-03-01")] {
        let mut l = Ledger::new();
        born(&mut l, "2016-02-29");
        l.add("2020-09-01", looked_after(false));
        l.add(check, health(HealthAssessmentKind::Initial));
        let reviews = of(&l, "2021-06-01", &[Rule::HealthReview]);
        assert_eq!(reviews[0].due, due_on(due), "a check on {check}");
    }

    // Eligible as a care leaver: 13 weeks looked after, reached on 28
    // February 2022, the last day of being 17.
    let mut l = Ledger::new();
    born(&mut l, "2004-02-29");
    l.add("2021-11-29", looked_after(false));
    let r = l.record("2022-06-01");
    assert_eq!(r.eligible_since(), Some(d("2022-02-28")));
    assert_eq!(r.age_on(d("2022-02-28")), Some(17));
    assert_eq!(
        r.care_leaver_status(d("2022-02-28")),
        Some(crate::record::CareLeaverStatus::Eligible)
    );
    assert_eq!(
        r.care_leaver_status(d("2022-03-01")),
        Some(crate::record::CareLeaverStatus::FormerRelevant)
    );
    let needs = of(&l, "2022-06-01", &[Rule::PathwayNeedsAssessment]);
    assert_eq!(needs[0].start, w("2022-02-28"));

    // Pathway plan reviews end at 21: 1 March 2025.
    l.add("2022-03-10", EventKind::PathwayNeedsAssessment);
    let reviews = of(&l, "2025-06-01", &[Rule::PathwayPlanReview]);
    assert_eq!(reviews[0].ended, Some(d("2025-03-01")), "{reviews:?}");

    // A return interview's duty ends at 18: 1 March 2026.
    let mut l = Ledger::new();
    born(&mut l, "2008-02-29");
    missing(&mut l, "2026-02-19T22:00", "2026-02-20T10:00");
    let ri = of(&l, "2026-02-28", &[Rule::ReturnInterview]);
    assert_eq!((ri[0].status, ri[0].ended), (Overdue, None));
    let ri = of(&l, "2026-03-01", &[Rule::ReturnInterview]);
    assert_eq!(ri[0].ended, Some(d("2026-03-01")));
}
