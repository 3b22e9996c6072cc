//! The fold's test suite: one scenario per stage of the child's journey, the
//! record as at different dates, late entries, corrections, refusals and a
//! property test of order independence.

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use proptest::prelude::*;

use super::*;
use crate::codes::{
    AdopterLegalStatus, AdopterSex, AssessmentFactor, CareLeaverAccommodation, CareLeaverActivity,
    CareLeaverInTouch, CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider,
    PlacementType, PrimaryNeed, ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForClosure,
    ReasonForNewEpisode, ReasonForPlacementChange, ReferralSource, ReviewParticipation, SdqReason,
};
use crate::events::EventKind;
use crate::events::{
    Agency, AssessmentOutcome, ContactOutcome, Event, EventId, EventKind as K,
    HealthAssessmentKind, Placement, VisitKind, When,
};
use crate::keys::{TeamId, UserId};
use crate::testkit::{Ledger, d};

// ------------------------------------------------------------------ helpers

fn when(s: &str) -> When {
    s.parse().unwrap()
}

fn mark(on: &str, event: EventId) -> Mark {
    Mark {
        on: when(on),
        event,
    }
}

fn place(placement_type: PlacementType) -> Placement {
    Placement {
        placement_type,
        provider: Some(PlacementProvider::PR1),
        postcode: None,
        urn: None,
        long_term: false,
    }
}

fn referral(source: ReferralSource) -> K {
    K::ReferralAccepted {
        source,
        no_further_action: false,
        primary_need: None,
    }
}

fn closed(reason: ReasonForClosure) -> K {
    K::EpisodeClosed { reason }
}

fn authorised(
    factors: Vec<AssessmentFactor>,
    child_seen: bool,
    seen_alone: bool,
    primary_need: Option<PrimaryNeed>,
    outcome: AssessmentOutcome,
) -> K {
    K::AssessmentAuthorised {
        seen_and_heard: None,
        analysis: None,
        factors,
        child_seen,
        seen_alone,
        child_views: None,
        primary_need,
        outcome,
    }
}

fn looked_after(legal_status: LegalStatus, placement_type: PlacementType) -> K {
    K::BecameLookedAfter {
        legal_status,
        placement: place(placement_type),
        category_of_need: PrimaryNeed::N1,
        uasc: false,
    }
}

fn legal(legal_status: LegalStatus) -> K {
    K::LegalStatusChanged { legal_status }
}

fn moved(
    placement_type: PlacementType,
    reason: Option<ReasonForPlacementChange>,
    same_carer: bool,
) -> K {
    K::PlacementChanged {
        placement: place(placement_type),
        reason,
        same_carer,
    }
}

fn ceased(reason: ReasonEpisodeCeased) -> K {
    K::CeasedLookedAfter { reason }
}

fn birth(dob: &str) -> K {
    K::BirthDetailsRecorded {
        date_of_birth: Some(d(dob)),
        expected_date_of_birth: None,
    }
}

fn visit(kind: VisitKind, child_seen: bool, seen_alone: bool) -> K {
    K::VisitMade {
        seen_and_heard: None,
        analysis: None,
        visit: kind,
        child_seen,
        seen_alone,
        child_views: None,
    }
}

fn amended(target: EventId, on: Option<&str>, event: K) -> K {
    K::Amended {
        target,
        reason: "recorded in error".into(),
        on: on.map(when),
        event: Box::new(event),
    }
}

fn voided(target: EventId) -> K {
    K::Voided {
        target,
        reason: "wrong child".into(),
    }
}

fn noon(s: &str) -> Timestamp {
    d(s).at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
}

/// A referral through strategy discussion, section 47 and an initial
/// conference to a child protection plan: referral on `2024-01-08`, plan from
/// `2024-02-05`. Returns (ICPC id, plan id).
fn to_protection_plan(l: &mut Ledger, category: CategoryOfAbuse) -> (EventId, EventId) {
    l.add("2024-01-08", referral(ReferralSource::Police));
    l.add("2024-01-08", K::StrategyDiscussionNeeded);
    l.add(
        "2024-01-09",
        K::StrategyDiscussionHeld {
            attendance: vec![Agency::SocialCare, Agency::Police, Agency::Health],
        },
    );
    l.add("2024-01-09", K::Section47Started);
    l.add(
        "2024-01-26",
        K::Section47Concluded {
            icpc_required: true,
        },
    );
    let icpc = l.add(
        "2024-02-05",
        K::InitialConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            plan: true,
        },
    );
    let plan = l.add("2024-02-05", K::ProtectionPlanStarted { category });
    (icpc, plan)
}

/// The only problem in a refusal.
fn only_problem(r: &Refusal) -> &Problem {
    assert_eq!(r.problems.len(), 1, "{r}");
    &r.problems[0]
}

/// The ledger is refused with exactly one problem, on `event`, whose message
/// contains `words`.
fn assert_refused(l: &Ledger, event: EventId, words: &str) {
    let r = l.refusal();
    let p = only_problem(&r);
    assert_eq!(p.event, event, "{r}");
    assert!(p.message().contains(words), "expected {words:?} in: {r}");
}

fn rnes(p: &PeriodOfCare) -> Vec<&'static str> {
    p.episodes
        .iter()
        .map(|e| e.reason_for_new_episode.as_code())
        .collect()
}

// ------------------------------------------------------------ 1. the stages

#[test]
fn front_door_contact_screening_early_help_and_steps() {
    let mut l = Ledger::new();
    let c1 = l.add(
        "2024-03-04",
        K::ContactReceived {
            source: ReferralSource::Schools,
        },
    );
    let dec1 = l.add(
        "2024-03-05",
        K::ContactDecision {
            contact: c1,
            outcome: ContactOutcome::EarlyHelp,
        },
    );
    let eha = l.add("2024-03-20", K::EarlyHelpAssessment);
    let c2 = l.add(
        "2024-05-02",
        K::ContactReceived {
            source: ReferralSource::from_code("3B").unwrap(),
        },
    );
    let up = l.add("2024-05-03", K::SteppedUp);
    let dec2 = l.add(
        "2024-05-03",
        K::ContactDecision {
            contact: c2,
            outcome: ContactOutcome::Referral,
        },
    );
    let down = l.add("2024-09-30", K::SteppedDown);
    l.add(
        "2024-10-14",
        K::ContactReceived {
            source: ReferralSource::Anonymous,
        },
    );

    let r = l.record("2024-12-31");
    assert_eq!(r.as_at, Some(d("2024-12-31")));
    assert_eq!(r.facts, 8);
    assert_eq!(r.contacts.len(), 3);
    assert_eq!(r.contacts[0].received, mark("2024-03-04", c1));
    assert_eq!(r.contacts[0].source.as_code(), "2A");
    assert_eq!(r.contacts[0].decision, Some(mark("2024-03-05", dec1)));
    assert_eq!(r.contacts[0].outcome, Some(ContactOutcome::EarlyHelp));
    assert_eq!(r.contacts[1].source, ReferralSource::HealthVisitor);
    assert_eq!(r.contacts[1].decision, Some(mark("2024-05-03", dec2)));
    assert_eq!(r.contacts[1].outcome, Some(ContactOutcome::Referral));
    assert_eq!(r.contacts[2].source.as_code(), "9");
    assert_eq!(r.contacts[2].decision, None);
    assert_eq!(r.contacts[2].outcome, None);
    assert_eq!(r.early_help_assessments, vec![mark("2024-03-20", eha)]);
    assert_eq!(r.step_ups, vec![mark("2024-05-03", up)]);
    assert_eq!(r.step_downs, vec![mark("2024-09-30", down)]);
    // A screening decision is not a referral: no episode of need opens.
    assert!(r.episodes.is_empty());
    assert!(r.open_episode().is_none());

    // A second decision on the same contact is refused.
    let again = l.add(
        "2024-05-04",
        K::ContactDecision {
            contact: c2,
            outcome: ContactOutcome::NoFurtherAction,
        },
    );
    assert_refused(&l, again, "already has a screening decision");
}

#[test]
fn a_screening_decision_needs_an_earlier_contact() {
    let mut l = Ledger::new();
    // The decision names event 2, a contact dated after the decision.
    let dec = l.add(
        "2024-03-01",
        K::ContactDecision {
            contact: EventId(2),
            outcome: ContactOutcome::AdviceAndInformation,
        },
    );
    l.add(
        "2024-03-05",
        K::ContactReceived {
            source: ReferralSource::Police,
        },
    );
    assert_refused(&l, dec, "not a contact in this record");
}

#[test]
fn referral_assessment_and_re_referral() {
    let mut l = Ledger::new();
    let ref1 = l.add("2023-01-10", referral(ReferralSource::Police));
    let start1 = l.add("2023-01-12", K::AssessmentStarted);
    let auth1 = l.add(
        "2023-02-20",
        K::AssessmentAuthorised {
            seen_and_heard: None,
            analysis: None,
            factors: vec![
                AssessmentFactor::DomesticViolenceParentCarer,
                AssessmentFactor::from_code("4B").unwrap(),
            ],
            child_seen: true,
            seen_alone: true,
            child_views: Some("wants to stay at school".into()),
            primary_need: Some(PrimaryNeed::N1),
            outcome: AssessmentOutcome::NoFurtherAction,
        },
    );
    let close1 = l.add("2023-02-21", closed(ReasonForClosure::RC8));
    // Within 12 months of the first referral: a re-referral.
    let ref2 = l.add("2024-01-09", referral(ReferralSource::Schools));
    l.add("2024-01-11", K::AssessmentStarted);
    l.add(
        "2024-02-28",
        authorised(
            vec![AssessmentFactor::NoFactorsIdentified],
            true,
            false,
            None,
            AssessmentOutcome::EarlyHelp,
        ),
    );
    l.add("2024-02-28", closed(ReasonForClosure::RC9));
    // More than 12 months after the second: not a re-referral.
    let ref3 = l.add(
        "2025-01-11",
        K::ReferralAccepted {
            source: ReferralSource::HealthGp,
            no_further_action: true,
            primary_need: None,
        },
    );

    let r = l.record("2025-03-31");
    assert_eq!(r.episodes.len(), 3);
    let [e1, e2, e3] = &r.episodes[..] else {
        unreachable!()
    };

    assert_eq!(e1.referral.mark, mark("2023-01-10", ref1));
    assert_eq!(e1.referral.source.as_code(), "6");
    assert!(!e1.referral.re_referral);
    assert_eq!(e1.assessments.len(), 1);
    let a = &e1.assessments[0];
    assert_eq!(a.started, mark("2023-01-12", start1));
    assert_eq!(a.authorised, Some(mark("2023-02-20", auth1)));
    let codes: Vec<&str> = a.factors.iter().map(|f| f.as_code()).collect();
    assert_eq!(codes, ["3B", "4B"]);
    assert!(a.child_seen && a.seen_alone);
    assert_eq!(a.outcome, Some(AssessmentOutcome::NoFurtherAction));
    assert_eq!(e1.primary_need, Some(PrimaryNeed::N1));
    assert_eq!(e1.closed, Some(mark("2023-02-21", close1)));
    assert_eq!(e1.reason_for_closure, Some(ReasonForClosure::RC8));

    assert_eq!(e2.referral.mark.event, ref2);
    assert!(e2.referral.re_referral, "2024-01-09 is within 12 months");
    assert_eq!(
        e2.assessments[0].factors,
        [AssessmentFactor::NoFactorsIdentified]
    );
    assert!(e2.assessments[0].child_seen);
    assert!(!e2.assessments[0].seen_alone);
    assert_eq!(e2.primary_need, None, "no primary need was settled");
    assert_eq!(e2.reason_for_closure.map(|c| c.as_code()), Some("RC9"));

    assert_eq!(e3.referral.mark.event, ref3);
    assert!(
        !e3.referral.re_referral,
        "2025-01-11 is 12 months and 2 days on"
    );
    assert!(e3.referral.no_further_action);
    assert_eq!(e3.referral.source, ReferralSource::HealthGp);
    assert!(e3.is_open());
    assert_eq!(r.open_episode().map(|e| e.referral.mark.event), Some(ref3));
}

#[test]
fn factor_21_stands_alone() {
    let mut l = Ledger::new();
    l.add("2024-01-10", referral(ReferralSource::Police));
    l.add("2024-01-10", K::AssessmentStarted);
    let bad = l.add(
        "2024-02-01",
        authorised(
            vec![
                AssessmentFactor::NoFactorsIdentified,
                AssessmentFactor::Neglect,
            ],
            true,
            true,
            None,
            AssessmentOutcome::NoFurtherAction,
        ),
    );
    assert_refused(&l, bad, "factor 21");
}

#[test]
fn child_protection_from_strategy_discussion_to_closure() {
    let mut l = Ledger::new();
    let referral_id = l.add("2024-01-08", referral(ReferralSource::Police));
    let needed = l.add("2024-01-08", K::StrategyDiscussionNeeded);
    let held = l.add(
        "2024-01-09",
        K::StrategyDiscussionHeld {
            attendance: vec![Agency::SocialCare, Agency::Police, Agency::Health],
        },
    );
    let s47 = l.add("2024-01-09", K::Section47Started);
    let s47_end = l.add(
        "2024-01-26",
        K::Section47Concluded {
            icpc_required: true,
        },
    );
    let icpc = l.add(
        "2024-02-05",
        K::InitialConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            plan: true,
        },
    );
    let plan = l.add(
        "2024-02-05",
        K::ProtectionPlanStarted {
            category: CategoryOfAbuse::NEG,
        },
    );
    let cg1 = l.add("2024-02-15", K::CoreGroupHeld);
    let cv = l.add("2024-02-16", visit(VisitKind::ChildProtection, true, true));
    let cg2 = l.add("2024-03-14", K::CoreGroupHeld);
    let rc1 = l.add(
        "2024-05-02",
        K::ReviewConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            category: Some(CategoryOfAbuse::EMO),
        },
    );
    let rc2 = l.add(
        "2024-10-31",
        K::ReviewConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            category: None,
        },
    );
    let end = l.add("2024-10-31", K::ProtectionPlanEnded);
    let close = l.add("2024-11-15", closed(ReasonForClosure::RC7));

    let r = l.record("2024-12-31");
    assert_eq!(r.episodes.len(), 1);
    let ep = &r.episodes[0];
    assert_eq!(ep.referral.mark.event, referral_id);
    assert_eq!(ep.strategy_discussions.len(), 1);
    let sd = &ep.strategy_discussions[0];
    assert_eq!(sd.needed, Some(mark("2024-01-08", needed)));
    assert_eq!(sd.held, Some(mark("2024-01-09", held)));
    assert_eq!(
        sd.attendance,
        [Agency::SocialCare, Agency::Police, Agency::Health]
    );
    assert_eq!(ep.section47s.len(), 1);
    let s = &ep.section47s[0];
    assert_eq!(s.started, mark("2024-01-09", s47));
    assert_eq!(s.concluded, Some(mark("2024-01-26", s47_end)));
    assert_eq!(s.icpc_required, Some(true));
    assert_eq!(s.initial_conference, Some(mark("2024-02-05", icpc)));
    assert_eq!(ep.initial_conferences, [(mark("2024-02-05", icpc), true)]);

    assert_eq!(ep.protection_plans.len(), 1);
    let p = &ep.protection_plans[0];
    assert_eq!(p.started, mark("2024-02-05", plan));
    assert_eq!(p.initial_conference.event, icpc);
    assert_eq!(p.initial_category, CategoryOfAbuse::NEG);
    assert_eq!(
        p.latest_category.as_code(),
        "EMO",
        "set by the first review"
    );
    assert_eq!(
        p.core_groups,
        [mark("2024-02-15", cg1), mark("2024-03-14", cg2)]
    );
    assert_eq!(
        p.review_conferences,
        [mark("2024-05-02", rc1), mark("2024-10-31", rc2)]
    );
    assert_eq!(p.ended, Some(mark("2024-10-31", end)));
    assert_eq!(ep.closed, Some(mark("2024-11-15", close)));
    assert_eq!(ep.reason_for_closure, Some(ReasonForClosure::RC7));
    assert!(r.open_protection_plan().is_none());
    assert_eq!(r.visits.len(), 1);
    assert_eq!(r.visits[0].mark.event, cv);
    assert_eq!(r.visits[0].kind, VisitKind::ChildProtection);
    assert!(r.visits[0].child_seen && r.visits[0].seen_alone);
}

#[test]
fn a_section_47_with_no_conference_needed_cannot_take_one() {
    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    l.add("2024-01-09", K::Section47Started);
    l.add(
        "2024-01-20",
        K::Section47Concluded {
            icpc_required: false,
        },
    );
    let icpc = l.add(
        "2024-02-01",
        K::InitialConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            plan: true,
        },
    );
    assert_refused(&l, icpc, "no section 47 enquiry is waiting");
}

#[test]
fn an_initial_conference_without_a_plan_cannot_start_one() {
    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    l.add("2024-01-09", K::Section47Started);
    l.add(
        "2024-01-20",
        K::Section47Concluded {
            icpc_required: true,
        },
    );
    l.add(
        "2024-02-01",
        K::InitialConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            plan: false,
        },
    );
    let plan = l.add(
        "2024-02-01",
        K::ProtectionPlanStarted {
            category: CategoryOfAbuse::PHY,
        },
    );
    assert_refused(
        &l,
        plan,
        "without an initial conference that decided on a plan",
    );
}

#[test]
fn child_in_need_plan_start_reviews_and_end() {
    let mut l = Ledger::new();
    l.add("2024-04-02", referral(ReferralSource::HealthVisitor));
    l.add("2024-04-03", K::AssessmentStarted);
    l.add(
        "2024-05-20",
        authorised(
            vec![AssessmentFactor::MentalHealthParentCarer],
            true,
            false,
            Some(PrimaryNeed::N3),
            AssessmentOutcome::ChildInNeedPlan,
        ),
    );
    let start = l.add("2024-05-28", K::CinPlanStarted);
    let r1 = l.add("2024-08-28", K::CinPlanReviewed);
    let r2 = l.add("2024-11-27", K::CinPlanReviewed);
    let end = l.add("2025-01-15", K::CinPlanEnded);
    let close = l.add("2025-01-20", closed(ReasonForClosure::RC7));

    let during = l.record("2024-12-01");
    let ep = during.open_episode().unwrap();
    assert_eq!(ep.primary_need, Some(PrimaryNeed::N3));
    let plan = ep.open_cin_plan().unwrap();
    assert_eq!(plan.started, mark("2024-05-28", start));
    assert_eq!(
        plan.reviews,
        [mark("2024-08-28", r1), mark("2024-11-27", r2)]
    );
    assert_eq!(plan.ended, None);

    let after = l.record("2025-02-01");
    let ep = &after.episodes[0];
    assert!(ep.open_cin_plan().is_none());
    assert_eq!(ep.cin_plans.len(), 1);
    assert_eq!(ep.cin_plans[0].ended, Some(mark("2025-01-15", end)));
    assert_eq!(ep.closed, Some(mark("2025-01-20", close)));
    assert!(after.open_episode().is_none());

    // A review with no plan open is refused.
    let stray = l.add("2025-02-10", K::CinPlanReviewed);
    assert_refused(&l, stray, "no open episode of need");
}

#[test]
fn looked_after_episodes_follow_each_change_of_legal_status_or_placement() {
    let mut l = Ledger::new();
    let start = l.add(
        "2024-01-10",
        K::BecameLookedAfter {
            legal_status: LegalStatus::V2,
            placement: place(PlacementType::U4),
            category_of_need: PrimaryNeed::N1,
            uasc: true,
        },
    );
    // Legal status only: L.
    let ls = l.add("2024-02-05", legal(LegalStatus::C1));
    // New placement and carers: P.
    let p = l.add(
        "2024-03-01",
        moved(
            PlacementType::U1,
            Some(ReasonForPlacementChange::CARPL),
            false,
        ),
    );
    // New placement, same carers: T.
    let t = l.add("2024-04-01", moved(PlacementType::U3, None, true));
    // Placement (new carers), then legal status, the same day: B.
    let b = l.add(
        "2024-05-01",
        moved(
            PlacementType::U5,
            Some(ReasonForPlacementChange::ALLEG),
            false,
        ),
    );
    l.add("2024-05-01", legal(LegalStatus::C2));
    // Legal status, then placement with the same carers, the same day: U.
    let u = l.add("2024-06-03", legal(LegalStatus::E1));
    l.add(
        "2024-06-03",
        moved(
            PlacementType::A5,
            Some(ReasonForPlacementChange::APPRR),
            true,
        ),
    );
    let end = l.add("2025-01-10", ceased(ReasonEpisodeCeased::E11));

    let r = l.record("2025-03-31");
    assert_eq!(r.periods_of_care.len(), 1);
    let period = &r.periods_of_care[0];
    assert!(period.uasc);
    assert_eq!(period.started, mark("2024-01-10", start));
    assert_eq!(period.ended, Some(mark("2025-01-10", end)));
    assert_eq!(period.reason_ceased, Some(ReasonEpisodeCeased::E11));
    assert!(!period.is_short_breaks());
    assert!(!r.is_looked_after());

    assert_eq!(rnes(period), ["S", "L", "P", "T", "B", "U"]);
    let starts: Vec<(Date, EventId)> = period
        .episodes
        .iter()
        .map(|e| (e.start.date(), e.start.event))
        .collect();
    assert_eq!(
        starts,
        [
            (d("2024-01-10"), start),
            (d("2024-02-05"), ls),
            (d("2024-03-01"), p),
            (d("2024-04-01"), t),
            (d("2024-05-01"), b),
            (d("2024-06-03"), u),
        ]
    );
    let legal_statuses: Vec<&str> = period
        .episodes
        .iter()
        .map(|e| e.legal_status.as_code())
        .collect();
    assert_eq!(legal_statuses, ["V2", "C1", "C1", "C1", "C2", "E1"]);
    let places: Vec<&str> = period
        .episodes
        .iter()
        .map(|e| e.placement.placement_type.as_code())
        .collect();
    assert_eq!(places, ["U4", "U4", "U1", "U3", "U5", "A5"]);
    assert!(
        period
            .episodes
            .iter()
            .all(|e| e.category_of_need == PrimaryNeed::N1)
    );

    // Each episode but the last ends the day the next begins, with REC X1;
    // the last ends with the reason the period ended.
    for w in period.episodes.windows(2) {
        assert_eq!(w[0].end, Some(w[1].start.date()));
        assert_eq!(w[0].reason_ceased, Some(ReasonEpisodeCeased::X1));
    }
    let last = period.episodes.last().unwrap();
    assert_eq!(last.end, Some(d("2025-01-10")));
    assert_eq!(last.reason_ceased.map(|c| c.as_code()), Some("E11"));

    // REASON_PLACE_CHANGE sits on the episode that ended with the move.
    let reasons: Vec<Option<&str>> = period
        .episodes
        .iter()
        .map(|e| e.reason_place_change.map(|r| r.as_code()))
        .collect();
    assert_eq!(
        reasons,
        [
            None,
            Some("CARPL"),
            None,
            Some("ALLEG"),
            Some("APPRR"),
            None
        ]
    );

    // Placement spells: consecutive episodes in the same placement are one.
    let spells: Vec<(&str, Date, Option<Date>)> = period
        .placements
        .iter()
        .map(|s| (s.placement.placement_type.as_code(), s.start.date(), s.end))
        .collect();
    assert_eq!(
        spells,
        [
            ("U4", d("2024-01-10"), Some(d("2024-03-01"))),
            ("U1", d("2024-03-01"), Some(d("2024-04-01"))),
            ("U3", d("2024-04-01"), Some(d("2024-05-01"))),
            ("U5", d("2024-05-01"), Some(d("2024-06-03"))),
            ("A5", d("2024-06-03"), Some(d("2025-01-10"))),
        ]
    );
    assert_eq!(period.placements[0].start.event, start);
    assert_eq!(period.placements[1].start.event, p);
}

#[test]
fn changes_on_the_day_care_starts_stay_in_the_first_episode() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        looked_after(LegalStatus::V2, PlacementType::K2),
    );
    l.add("2024-01-10", moved(PlacementType::U6, None, false));
    l.add("2024-01-10", legal(LegalStatus::C1));
    let r = l.record("2024-02-01");
    let period = r.open_period_of_care().unwrap();
    assert_eq!(period.episodes.len(), 1);
    assert_eq!(
        period.episodes[0].reason_for_new_episode,
        ReasonForNewEpisode::S
    );
    assert_eq!(period.episodes[0].legal_status, LegalStatus::C1);
    assert_eq!(
        period.episodes[0].placement.placement_type,
        PlacementType::U6
    );
    assert_eq!(period.episodes[0].end, None);
    assert_eq!(period.placements.len(), 1);
    assert_eq!(
        period.placements[0].placement.placement_type.as_code(),
        "U6"
    );
}

#[test]
fn a_second_period_of_care_starts_again_with_s() {
    let mut l = Ledger::new();
    l.add(
        "2023-01-10",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    l.add("2023-03-10", ceased(ReasonEpisodeCeased::E13));
    let again = l.add(
        "2024-06-01",
        looked_after(LegalStatus::C1, PlacementType::K2),
    );
    l.add("2024-07-01", legal(LegalStatus::C2));

    let r = l.record("2024-08-01");
    assert_eq!(r.periods_of_care.len(), 2);
    let first = &r.periods_of_care[0];
    assert_eq!(first.reason_ceased, Some(ReasonEpisodeCeased::E13));
    assert_eq!(
        first.episodes[0].reason_ceased.map(|c| c.as_code()),
        Some("E13")
    );
    assert_eq!(first.placements[0].end, Some(d("2023-03-10")));
    let second = r.open_period_of_care().unwrap();
    assert_eq!(second.started.event, again);
    assert_eq!(rnes(second), ["S", "L"]);
    assert_eq!(second.episodes[1].end, None);
    assert_eq!(second.episodes[1].reason_ceased, None);
    assert_eq!(second.placements.len(), 1);
    assert_eq!(second.placements[0].end, None);
}

#[test]
fn ceasing_with_x1_or_twice_is_refused() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    let x1 = l.add("2024-02-10", ceased(ReasonEpisodeCeased::X1));
    assert_refused(&l, x1, "X1");

    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    let again = l.add(
        "2024-02-10",
        looked_after(LegalStatus::C1, PlacementType::U4),
    );
    assert_refused(&l, again, "already looked after");

    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    let ls = l.add("2024-02-10", legal(LegalStatus::V2));
    assert_refused(&l, ls, "to V2, which it already is");
}

#[test]
fn looked_after_reviews_health_education_and_the_iro() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        looked_after(LegalStatus::C1, PlacementType::U4),
    );
    let iro = l.add("2024-01-12", K::IroAppointed { iro: UserId(7) });
    let plan = l.add("2024-01-19", K::CarePlanRecorded);
    let pep1 = l.add("2024-01-24", K::PepReviewed);
    let iha = l.add(
        "2024-02-01",
        K::HealthAssessment {
            assessment: HealthAssessmentKind::Initial,
        },
    );
    let rv1 = l.add(
        "2024-02-06",
        K::LookedAfterReviewHeld {
            seen_and_heard: None,
            analysis: None,
            recommendations: None,
            next_review_due: None,
            participation: ReviewParticipation::PN1,
        },
    );
    let dental = l.add("2024-03-15", K::DentalCheck);
    let sdq1 = l.add(
        "2024-04-10",
        K::SdqRecorded {
            score: Some(14),
            reason: None,
        },
    );
    let imm = l.add("2024-04-11", K::ImmunisationsRecorded { up_to_date: true });
    let pep2 = l.add("2024-04-24", K::PepReviewed);
    let rv2 = l.add(
        "2024-05-03",
        K::LookedAfterReviewHeld {
            seen_and_heard: None,
            analysis: None,
            recommendations: None,
            next_review_due: None,
            participation: ReviewParticipation::from_code("PN0").unwrap(),
        },
    );
    let rha = l.add(
        "2025-01-20",
        K::HealthAssessment {
            assessment: HealthAssessmentKind::Review,
        },
    );
    let sdq2 = l.add(
        "2025-04-10",
        K::SdqRecorded {
            score: None,
            reason: Some(SdqReason::SDQ1),
        },
    );
    let imm2 = l.add("2025-04-11", K::ImmunisationsRecorded { up_to_date: false });

    let r = l.record("2025-06-01");
    let period = r.open_period_of_care().unwrap();
    let reviews: Vec<(EventId, &str)> = period
        .reviews
        .iter()
        .map(|v| (v.mark.event, v.participation.as_code()))
        .collect();
    assert_eq!(reviews, [(rv1, "PN1"), (rv2, "PN0")]);
    assert_eq!(period.reviews[1].mark.date(), d("2024-05-03"));
    assert_eq!(r.iro, Some(mark("2024-01-12", iro)));
    assert_eq!(r.care_plans, [mark("2024-01-19", plan)]);
    assert_eq!(r.peps, [mark("2024-01-24", pep1), mark("2024-04-24", pep2)]);
    assert_eq!(
        r.health_assessments,
        [
            HealthCheck {
                mark: mark("2024-02-01", iha),
                kind: HealthAssessmentKind::Initial
            },
            HealthCheck {
                mark: mark("2025-01-20", rha),
                kind: HealthAssessmentKind::Review
            },
        ]
    );
    assert_eq!(r.dental_checks, [mark("2024-03-15", dental)]);
    assert_eq!(
        r.sdqs,
        [
            Sdq {
                mark: mark("2024-04-10", sdq1),
                score: Some(14),
                reason: None,
            },
            Sdq {
                mark: mark("2025-04-10", sdq2),
                score: None,
                reason: Some(SdqReason::SDQ1),
            },
        ]
    );
    assert_eq!(
        r.immunisations,
        [
            (mark("2024-04-11", imm), true),
            (mark("2025-04-11", imm2), false)
        ]
    );
    assert_eq!(r.facts, 14);
}

#[test]
fn looked_after_work_needs_a_child_who_is_looked_after() {
    for (kind, words) in [
        (
            K::LookedAfterReviewHeld {
                seen_and_heard: None,
                analysis: None,
                recommendations: None,
                next_review_due: None,
                participation: ReviewParticipation::PN1,
            },
            "looked-after review on 2024-03-01, but the child is not looked after",
        ),
        (
            K::HealthAssessment {
                assessment: HealthAssessmentKind::Initial,
            },
            "initial health assessment on 2024-03-01",
        ),
        (K::PepReviewed, "personal education plan on 2024-03-01"),
        (K::CarePlanRecorded, "care plan on 2024-03-01"),
        (
            ceased(ReasonEpisodeCeased::E13),
            "ceased to be looked after on 2024-03-01",
        ),
        (legal(LegalStatus::C2), "legal status changed on 2024-03-01"),
    ] {
        let mut l = Ledger::new();
        l.add(
            "2024-01-10",
            looked_after(LegalStatus::V2, PlacementType::U4),
        );
        l.add("2024-02-10", ceased(ReasonEpisodeCeased::E13));
        let id = l.add("2024-03-01", kind);
        assert_refused(&l, id, words);
    }
}

#[test]
fn missing_episodes_with_times_and_return_interviews() {
    let mut l = Ledger::new();
    l.add(
        "2024-06-01",
        looked_after(LegalStatus::C2, PlacementType::K2),
    );
    let m1 = l.add(
        "2024-07-05T21:30",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    let back1 = l.add("2024-07-06T09:15", K::MissingEpisodeEnded { episode: m1 });
    let rhi = l.add(
        "2024-07-08T14:00",
        K::ReturnInterview {
            episode: m1,
            offered: true,
            accepted: true,
            held: true,
        },
    );
    let m2 = l.add(
        "2024-08-10T18:00",
        K::MissingEpisodeStarted {
            status: MissingOrAway::A,
        },
    );
    let back2 = l.add("2024-08-10T23:59", K::MissingEpisodeEnded { episode: m2 });
    let rhi2 = l.add(
        "2024-08-11T10:00",
        K::ReturnInterview {
            episode: m2,
            offered: true,
            accepted: false,
            held: false,
        },
    );
    let m3 = l.add(
        "2024-09-01T07:00",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );

    let r = l.record("2024-09-02");
    assert_eq!(r.missing.len(), 3);
    let first = &r.missing[0];
    assert_eq!(
        first.started,
        Mark {
            on: When::DateTime(d("2024-07-05").at(21, 30, 0, 0)),
            event: m1
        }
    );
    assert_eq!(first.status, MissingOrAway::M);
    assert_eq!(first.returned, Some(mark("2024-07-06T09:15", back1)));
    assert_eq!(
        first.interviews,
        [ReturnInterviewRecord {
            mark: mark("2024-07-08T14:00", rhi),
            offered: true,
            accepted: true,
            held: true,
        }]
    );
    let second = &r.missing[1];
    assert_eq!(second.status.as_code(), "A");
    assert_eq!(second.returned, Some(mark("2024-08-10T23:59", back2)));
    assert_eq!(second.interviews[0].mark.event, rhi2);
    assert!(second.interviews[0].offered);
    assert!(!second.interviews[0].accepted && !second.interviews[0].held);
    assert_eq!(r.missing[2].started.event, m3);
    assert_eq!(r.missing[2].returned, None);

    // Missing again before returning from the third: refused.
    let m4 = l.add(
        "2024-09-01T20:00",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    assert_refused(&l, m4, "has not returned from the last one");
}

#[test]
fn missing_episode_returns_are_checked() {
    // Return before the child went missing.
    let mut l = Ledger::new();
    let m = l.add(
        "2024-07-05T21:30",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    let back = l.add("2024-07-05T20:00", K::MissingEpisodeEnded { episode: m });
    assert_refused(
        &l,
        back,
        "return at 2024-07-05T20:00 from missing episode #1, which is not a missing episode in this record (or began after the return)",
    );

    // An interview held but never accepted.
    let mut l = Ledger::new();
    let m = l.add(
        "2024-07-05T21:30",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    l.add("2024-07-06T01:00", K::MissingEpisodeEnded { episode: m });
    let rhi = l.add(
        "2024-07-07T10:00",
        K::ReturnInterview {
            episode: m,
            offered: true,
            accepted: false,
            held: true,
        },
    );
    assert_refused(&l, rhi, "cannot be held unless it was accepted");

    // An interview for a child whose return is not recorded.
    let mut l = Ledger::new();
    let m = l.add(
        "2024-07-05T21:30",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    let rhi = l.add(
        "2024-07-07T10:00",
        K::ReturnInterview {
            episode: m,
            offered: true,
            accepted: true,
            held: true,
        },
    );
    assert_refused(&l, rhi, "return is not recorded");
}

#[test]
fn adoption_milestones_and_a_reversal() {
    let mut l = Ledger::new();
    l.add(
        "2022-03-01",
        looked_after(LegalStatus::C1, PlacementType::U4),
    );
    let dec1 = l.add("2022-09-01", K::AdoptionDecision);
    let po1 = l.add("2022-11-15", K::PlacementOrderGranted);
    let rev = l.add(
        "2023-02-01",
        K::AdoptionDecisionReversed {
            reason: ReasonDecisionReversed::RD1,
        },
    );
    let dec2 = l.add("2023-05-10", K::AdoptionDecision);
    let po2 = l.add("2023-07-20", K::PlacementOrderGranted);
    let matched = l.add(
        "2023-10-02",
        K::Matched {
            adopter_sex: AdopterSex::MF,
            adopter_legal_status: AdopterLegalStatus::L11,
            number_of_adopters: 2,
        },
    );
    let placed = l.add("2023-11-06", K::PlacedForAdoption);

    let mid = l.record("2023-12-01");
    assert_eq!(mid.adoption.len(), 2);
    assert!(mid.adoption[1].is_open());
    assert_eq!(mid.adoption[1].adoption_order, None);

    let order = l.add("2024-05-14", K::AdoptionOrderGranted);
    l.add("2024-05-14", ceased(ReasonEpisodeCeased::E11));

    let r = l.record("2024-06-01");
    assert_eq!(r.adoption.len(), 2);
    let first = &r.adoption[0];
    assert_eq!(first.decision, Some(mark("2022-09-01", dec1)));
    assert_eq!(first.placement_order, Some(mark("2022-11-15", po1)));
    assert_eq!(first.matched, None);
    assert_eq!(first.reversed, Some(mark("2023-02-01", rev)));
    assert_eq!(first.reversal_reason.map(|c| c.as_code()), Some("RD1"));
    assert!(!first.is_open());
    let second = &r.adoption[1];
    assert_eq!(second.decision, Some(mark("2023-05-10", dec2)));
    assert_eq!(second.placement_order, Some(mark("2023-07-20", po2)));
    assert_eq!(second.matched, Some(mark("2023-10-02", matched)));
    assert_eq!(second.placed, Some(mark("2023-11-06", placed)));
    assert_eq!(second.adoption_order, Some(mark("2024-05-14", order)));
    assert_eq!(second.reversed, None);
    assert!(!second.is_open());
    assert_eq!(
        r.periods_of_care[0].reason_ceased,
        Some(ReasonEpisodeCeased::E11)
    );

    // With no open plan, a match is refused.
    let stray = l.add(
        "2024-07-01",
        K::Matched {
            adopter_sex: AdopterSex::F1,
            adopter_legal_status: AdopterLegalStatus::L0,
            number_of_adopters: 1,
        },
    );
    assert_refused(&l, stray, "no open adoption plan");
}

#[test]
fn adoption_refuses_a_second_open_plan_and_three_adopters() {
    let mut l = Ledger::new();
    l.add("2023-05-10", K::AdoptionDecision);
    let again = l.add("2023-06-10", K::AdoptionDecision);
    assert_refused(&l, again, "already open");

    let mut l = Ledger::new();
    l.add("2023-05-10", K::AdoptionDecision);
    let m = l.add(
        "2023-06-10",
        K::Matched {
            adopter_sex: AdopterSex::MM,
            adopter_legal_status: AdopterLegalStatus::L2,
            number_of_adopters: 3,
        },
    );
    assert_refused(&l, m, "number of adopters is 3");
}

// Care leavers. The child is born 2008-03-01: 14 on 2022-03-01, 16 on
// 2024-03-01, 18 on 2026-03-01, 25 on 2033-03-01.

#[test]
fn eligible_after_13_weeks_since_14_ending_after_16() {
    let mut l = Ledger::new();
    l.add("2008-03-05", birth("2008-03-01"));
    l.add(
        "2024-01-15",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    // 2024-01-15 + 91 days = 2024-04-15 (2024 is a leap year).
    let r = l.record("2024-12-31");
    assert_eq!(r.age_on(d("2024-04-15")), Some(16));
    assert_eq!(r.eligible_since(), Some(d("2024-04-15")));
    assert_eq!(r.care_leaver_status(d("2024-04-14")), None);
    assert_eq!(
        r.care_leaver_status(d("2024-04-15")),
        Some(CareLeaverStatus::Eligible)
    );

    // The record as at the day before knows nothing of it, the record as at
    // the day itself does.
    assert_eq!(l.record("2024-04-14").eligible_since(), None);
    assert_eq!(
        l.record("2024-04-15").eligible_since(),
        Some(d("2024-04-15"))
    );

    // Ceases at 17: relevant; then former relevant from 18 to 24.
    l.add("2025-06-02", ceased(ReasonEpisodeCeased::E13));
    let r = l.record("2030-01-01");
    assert_eq!(r.eligible_since(), Some(d("2024-04-15")));
    assert_eq!(
        r.care_leaver_status(d("2025-06-01")),
        Some(CareLeaverStatus::Eligible)
    );
    assert_eq!(
        r.care_leaver_status(d("2025-06-02")),
        Some(CareLeaverStatus::Relevant)
    );
    assert_eq!(
        r.care_leaver_status(d("2026-02-28")),
        Some(CareLeaverStatus::Relevant)
    );
    assert_eq!(
        r.care_leaver_status(d("2026-03-01")),
        Some(CareLeaverStatus::FormerRelevant)
    );
    assert_eq!(
        r.care_leaver_status(d("2033-02-28")),
        Some(CareLeaverStatus::FormerRelevant)
    );
    assert_eq!(r.care_leaver_status(d("2033-03-01")), None, "25");
}

#[test]
fn eligible_from_16_when_the_13_weeks_came_earlier() {
    let mut l = Ledger::new();
    l.add("2008-03-05", birth("2008-03-01"));
    // Looked after from 15 onwards: 13 weeks passed long before 16.
    l.add(
        "2023-05-01",
        looked_after(LegalStatus::C2, PlacementType::U4),
    );
    let r = l.record("2024-12-31");
    assert_eq!(r.eligible_since(), Some(d("2024-03-01")));
    assert_eq!(r.care_leaver_status(d("2024-02-29")), None);
    assert_eq!(
        r.care_leaver_status(d("2024-03-01")),
        Some(CareLeaverStatus::Eligible)
    );
}

#[test]
fn eligibility_adds_up_periods_since_14() {
    let mut l = Ledger::new();
    l.add("2008-03-05", birth("2008-03-01"));
    // Before 14: does not count.
    l.add(
        "2021-06-01",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    l.add("2021-12-01", ceased(ReasonEpisodeCeased::E13));
    // 7 weeks at 14.
    l.add(
        "2023-01-02",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    l.add("2023-02-20", ceased(ReasonEpisodeCeased::E13));
    // Then from 2024-02-01: the other 6 weeks are reached on 2024-03-14.
    l.add(
        "2024-02-01",
        looked_after(LegalStatus::C1, PlacementType::U4),
    );
    let r = l.record("2024-12-31");
    assert_eq!(r.eligible_since(), Some(d("2024-03-14")));
}

#[test]
fn eligible_on_returning_to_care_after_16_with_13_weeks_behind() {
    let mut l = Ledger::new();
    l.add("2008-03-05", birth("2008-03-01"));
    // Six months at 14, ending before 16.
    l.add(
        "2022-06-01",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    l.add("2022-12-01", ceased(ReasonEpisodeCeased::E13));
    let r = l.record("2024-06-09");
    assert_eq!(r.eligible_since(), None, "not looked after since 16");
    assert_eq!(r.care_leaver_status(d("2024-06-09")), None);
    // Back in care at 16: eligible that day.
    l.add(
        "2024-06-10",
        looked_after(LegalStatus::C1, PlacementType::K2),
    );
    let r = l.record("2024-12-31");
    assert_eq!(r.eligible_since(), Some(d("2024-06-10")));
}

#[test]
fn not_eligible_after_only_10_weeks() {
    let mut l = Ledger::new();
    l.add("2008-03-05", birth("2008-03-01"));
    // 2024-01-15 to 2024-03-25: 70 days, 10 weeks.
    l.add(
        "2024-01-15",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    l.add("2024-03-25", ceased(ReasonEpisodeCeased::E13));
    let r = l.record("2027-01-01");
    assert_eq!(r.eligible_since(), None);
    assert_eq!(r.care_leaver_status(d("2024-03-20")), None);
    assert_eq!(r.care_leaver_status(d("2026-06-01")), None);
}

#[test]
fn not_eligible_on_short_breaks_or_without_a_birth_date() {
    let mut l = Ledger::new();
    l.add("2008-03-05", birth("2008-03-01"));
    l.add(
        "2023-05-01",
        looked_after(LegalStatus::V3, PlacementType::U4),
    );
    let r = l.record("2024-12-31");
    assert!(r.periods_of_care[0].is_short_breaks());
    assert_eq!(r.eligible_since(), None);

    let mut l = Ledger::new();
    l.add(
        "2023-05-01",
        looked_after(LegalStatus::C2, PlacementType::U4),
    );
    assert_eq!(l.record("2024-12-31").eligible_since(), None);
}

#[test]
fn care_leaver_work_pathway_plan_adviser_and_contacts() {
    let mut l = Ledger::new();
    l.add("2008-03-05", birth("2008-03-01"));
    l.add(
        "2023-05-01",
        looked_after(LegalStatus::C2, PlacementType::U4),
    );
    let pna = l.add("2024-05-20", K::PathwayNeedsAssessment);
    let ppr1 = l.add("2024-11-18", K::PathwayPlanReviewed);
    let pa = l.add(
        "2025-01-06",
        K::PersonalAdviserAppointed { adviser: UserId(3) },
    );
    let ppr2 = l.add("2025-05-12", K::PathwayPlanReviewed);
    l.add("2026-03-01", ceased(ReasonEpisodeCeased::E17));
    let c1 = l.add(
        "2026-03-02",
        K::CareLeaverContact {
            in_touch: CareLeaverInTouch::YES,
            activity: Some(CareLeaverActivity::F2),
            accommodation: Some(CareLeaverAccommodation::from_code("S2").unwrap()),
            staying_put: true,
        },
    );
    let c2 = l.add(
        "2027-03-01",
        K::CareLeaverContact {
            in_touch: CareLeaverInTouch::NO,
            activity: None,
            accommodation: None,
            staying_put: false,
        },
    );

    let r = l.record("2027-06-01");
    assert_eq!(r.pathway_needs_assessments, [mark("2024-05-20", pna)]);
    assert_eq!(
        r.pathway_plan_reviews,
        [mark("2024-11-18", ppr1), mark("2025-05-12", ppr2)]
    );
    assert_eq!(r.personal_adviser, Some(mark("2025-01-06", pa)));
    assert_eq!(r.care_leaver_contacts.len(), 2);
    let first = &r.care_leaver_contacts[0];
    assert_eq!(first.mark, mark("2026-03-02", c1));
    assert_eq!(first.in_touch, CareLeaverInTouch::YES);
    assert_eq!(first.activity.map(|a| a.as_code()), Some("F2"));
    assert_eq!(first.accommodation.map(|a| a.as_code()), Some("S2"));
    assert!(first.staying_put);
    let second = &r.care_leaver_contacts[1];
    assert_eq!(second.mark.event, c2);
    assert_eq!(second.in_touch.as_code(), "NO");
    assert!(!second.staying_put);
    assert_eq!(
        r.care_leaver_status(d("2026-03-02")),
        Some(CareLeaverStatus::FormerRelevant)
    );
}

#[test]
fn pre_proceedings_open_and_conclude() {
    let mut l = Ledger::new();
    let s1 = l.add("2024-02-01", K::PreProceedingsStarted);
    let c1 = l.add(
        "2024-05-01",
        K::PreProceedingsConcluded {
            proceedings_issued: true,
        },
    );
    let s2 = l.add("2025-01-10", K::PreProceedingsStarted);
    let r = l.record("2025-02-01");
    assert_eq!(
        r.pre_proceedings,
        [
            PreProceedings {
                started: mark("2024-02-01", s1),
                concluded: Some(mark("2024-05-01", c1)),
                proceedings_issued: Some(true),
            },
            PreProceedings {
                started: mark("2025-01-10", s2),
                concluded: None,
                proceedings_issued: None,
            },
        ]
    );
    let again = l.add("2025-02-10", K::PreProceedingsStarted);
    assert_refused(&l, again, "pre-proceedings are already open");

    let mut l = Ledger::new();
    let stray = l.add(
        "2025-02-10",
        K::PreProceedingsConcluded {
            proceedings_issued: false,
        },
    );
    assert_refused(&l, stray, "none are open");
}

#[test]
fn private_fostering_notifications_visits_and_ends() {
    let mut l = Ledger::new();
    let n1 = l.add("2024-09-02", K::PrivateFosteringNotified);
    let v = l.add("2024-09-09", visit(VisitKind::PrivateFostering, true, true));
    let e1 = l.add("2025-03-31", K::PrivateFosteringEnded);
    let n2 = l.add("2025-06-02", K::PrivateFosteringNotified);
    let r = l.record("2025-07-01");
    assert_eq!(
        r.private_fostering,
        [
            PrivateFostering {
                notified: mark("2024-09-02", n1),
                ended: Some(mark("2025-03-31", e1)),
            },
            PrivateFostering {
                notified: mark("2025-06-02", n2),
                ended: None,
            },
        ]
    );
    assert_eq!(r.visits[0].mark.event, v);
    assert_eq!(r.visits[0].kind, VisitKind::PrivateFostering);

    let again = l.add("2025-07-02", K::PrivateFosteringNotified);
    assert_refused(&l, again, "an arrangement is already open");
}

#[test]
fn allegations_and_lado_referrals() {
    let mut l = Ledger::new();
    let a1 = l.add("2024-10-07", K::AllegationReceived);
    let a2 = l.add("2024-10-20", K::AllegationReceived);
    let lado = l.add("2024-10-08", K::LadoReferralMade { allegation: a1 });
    let r = l.record("2024-12-01");
    assert_eq!(
        r.allegations,
        [
            Allegation {
                received: mark("2024-10-07", a1),
                lado_referral: Some(mark("2024-10-08", lado)),
            },
            Allegation {
                received: mark("2024-10-20", a2),
                lado_referral: None,
            },
        ]
    );
    let twice = l.add("2024-10-09", K::LadoReferralMade { allegation: a1 });
    assert_refused(&l, twice, "already been referred to the LADO");

    let mut l = Ledger::new();
    let nowhere = l.add(
        "2024-10-09",
        K::LadoReferralMade {
            allegation: EventId(42),
        },
    );
    assert_refused(&l, nowhere, "#42, which is not an allegation");
}

#[test]
fn allocation_oversight_supervision_and_case_notes() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-08",
        K::Allocated {
            worker: UserId(1),
            team: TeamId(1),
            reason: None,
        },
    );
    let mo = l.add(
        "2024-01-09",
        K::ManagementOversight {
            decision: "strategy discussion".into(),
            rationale: "injury to a non-mobile baby".into(),
        },
    );
    let sup = l.add(
        "2024-02-01",
        K::Supervision {
            supervisor: UserId(2),
        },
    );
    let n1 = l.add(
        "2024-02-02",
        K::CaseNote {
            text: "home visit".into(),
            significant: false,
        },
    );
    let n2 = l.add(
        "2024-02-05",
        K::CaseNote {
            text: "father arrested".into(),
            significant: true,
        },
    );
    let realloc = l.add(
        "2024-03-04",
        K::Allocated {
            worker: UserId(9),
            team: TeamId(2),
            reason: None,
        },
    );
    let r = l.record("2024-04-01");
    assert_eq!(
        r.allocation,
        Some(Allocation {
            mark: mark("2024-03-04", realloc),
            worker: Some(UserId(9)),
            team: TeamId(2),
        })
    );
    assert_eq!(r.management_oversight, [mark("2024-01-09", mo)]);
    assert_eq!(r.supervision, [mark("2024-02-01", sup)]);
    assert_eq!(
        r.case_notes,
        [mark("2024-02-02", n1), mark("2024-02-05", n2)]
    );
    // As at before the reallocation, the first worker holds the case.
    let early = l.record("2024-02-01");
    assert_eq!(early.allocation.and_then(|a| a.worker), Some(UserId(1)));

    // Back to the team, awaiting a worker.
    let to_team = l.add("2024-04-01", K::AllocatedToTeam { team: TeamId(2) });
    let r = l.record("2024-04-01");
    assert_eq!(
        r.allocation,
        Some(Allocation {
            mark: mark("2024-04-01", to_team),
            worker: None,
            team: TeamId(2)
        })
    );

    let no_rationale = l.add(
        "2024-04-02",
        K::ManagementOversight {
            decision: "close".into(),
            rationale: " ".into(),
        },
    );
    assert_refused(&l, no_rationale, "needs the rationale");

    let mut l = Ledger::new();
    let empty = l.add(
        "2024-04-02",
        K::CaseNote {
            text: "".into(),
            significant: true,
        },
    );
    assert_refused(&l, empty, "a case note needs text");
}

#[test]
fn birth_details() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-08",
        K::BirthDetailsRecorded {
            date_of_birth: None,
            expected_date_of_birth: Some(d("2024-04-20")),
        },
    );
    let r = l.record("2024-02-01");
    assert_eq!(r.date_of_birth, None);
    assert_eq!(r.expected_date_of_birth, Some(d("2024-04-20")));
    assert_eq!(r.age_on(d("2024-05-01")), None);
    l.add("2024-04-22", birth("2024-04-18"));
    let r = l.record("2024-05-01");
    assert_eq!(r.date_of_birth, Some(d("2024-04-18")));
    assert_eq!(r.expected_date_of_birth, Some(d("2024-04-20")));
    assert_eq!(r.age_on(d("2025-04-17")), Some(0));
    assert_eq!(r.age_on(d("2025-04-18")), Some(1));
    assert_eq!(r.age_on(d("2024-04-17")), None);

    let bad = l.add(
        "2024-05-02",
        K::BirthDetailsRecorded {
            date_of_birth: None,
            expected_date_of_birth: None,
        },
    );
    assert_refused(&l, bad, "need a date of birth or an expected date");
}

// ------------------------------------------------------------------ 2. as at

#[test]
fn the_same_ledger_as_at_different_dates() {
    let mut l = Ledger::new();
    let (icpc, plan) = to_protection_plan(&mut l, CategoryOfAbuse::PHY);
    l.add(
        "2024-05-02",
        K::ReviewConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            category: Some(CategoryOfAbuse::MUL),
        },
    );
    let end = l.add("2024-10-31", K::ProtectionPlanEnded);
    l.add("2024-11-15", closed(ReasonForClosure::RC7));

    // Before the referral: nothing.
    let before = l.record("2024-01-07");
    assert!(before.episodes.is_empty());
    assert_eq!(before.facts, 0);

    // Section 47 under way, no conference yet.
    let s47 = l.record("2024-01-20");
    let ep = s47.open_episode().unwrap();
    assert_eq!(ep.section47s.len(), 1);
    assert_eq!(ep.section47s[0].concluded, None);
    assert!(ep.initial_conferences.is_empty());
    assert!(s47.open_protection_plan().is_none());
    assert_eq!(s47.facts, 4);

    // Plan open; latest category still the initial one.
    let open = l.record("2024-03-01");
    let p = open.open_protection_plan().unwrap();
    assert_eq!(p.started.event, plan);
    assert_eq!(p.initial_conference.event, icpc);
    assert_eq!(p.latest_category, CategoryOfAbuse::PHY);
    assert!(p.review_conferences.is_empty());

    // After the review the latest category changed.
    let reviewed = l.record("2024-06-01");
    let p = reviewed.open_protection_plan().unwrap();
    assert_eq!(p.initial_category.as_code(), "PHY");
    assert_eq!(p.latest_category.as_code(), "MUL");

    // Plan ended, episode still open.
    let ended = l.record("2024-11-01");
    assert!(ended.open_protection_plan().is_none());
    assert_eq!(
        ended.episodes[0].protection_plans[0].ended,
        Some(mark("2024-10-31", end))
    );
    assert!(ended.open_episode().is_some());

    // Closed.
    let closed_rec = l.record("2025-01-01");
    assert!(closed_rec.open_episode().is_none());
    assert_eq!(
        closed_rec.episodes[0].reason_for_closure,
        Some(ReasonForClosure::RC7)
    );
    assert_eq!(closed_rec.facts, 10);
}

#[test]
fn looked_after_as_at_different_dates() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    l.add("2024-03-01", moved(PlacementType::U1, None, false));
    l.add("2024-09-01", ceased(ReasonEpisodeCeased::E13));

    let early = l.record("2024-02-01");
    assert!(early.is_looked_after());
    let p = early.open_period_of_care().unwrap();
    assert_eq!(p.episodes.len(), 1);
    assert_eq!(p.episodes[0].end, None);
    assert_eq!(p.episodes[0].reason_ceased, None);

    let mid = l.record("2024-03-01");
    assert_eq!(rnes(mid.open_period_of_care().unwrap()), ["S", "P"]);

    let late = l.record("2024-09-01");
    assert!(!late.is_looked_after());
    assert_eq!(late.periods_of_care[0].episodes.len(), 2);
}

// -------------------------------------------------------- 3. late recording

#[test]
fn a_late_assessment_lands_before_the_closure() {
    let mut l = Ledger::new();
    l.add("2024-01-10", referral(ReferralSource::Schools));
    let close = l.add("2024-04-01", closed(ReasonForClosure::RC8));
    // Recorded in May, after the closure, but dated in January and February.
    let started = l.late("2024-01-15", "2024-05-01", K::AssessmentStarted);
    let auth = l.late(
        "2024-02-20",
        "2024-05-01",
        authorised(
            vec![AssessmentFactor::NoFactorsIdentified],
            true,
            true,
            Some(PrimaryNeed::N9),
            AssessmentOutcome::NoFurtherAction,
        ),
    );
    let r = l.record("2024-06-01");
    assert_eq!(r.episodes.len(), 1);
    let ep = &r.episodes[0];
    assert_eq!(ep.assessments.len(), 1);
    assert_eq!(ep.assessments[0].started, mark("2024-01-15", started));
    assert_eq!(ep.assessments[0].authorised, Some(mark("2024-02-20", auth)));
    assert_eq!(ep.primary_need, Some(PrimaryNeed::N9));
    assert_eq!(ep.closed, Some(mark("2024-04-01", close)));
    // As at March the late entries are part of the history.
    let march = l.record("2024-03-01");
    assert_eq!(march.episodes[0].assessments.len(), 1);
    assert!(march.open_episode().is_some());
}

#[test]
fn a_late_earlier_referral_makes_a_later_one_a_re_referral() {
    let mut l = Ledger::new();
    let later = l.add("2024-06-01", referral(ReferralSource::Police));
    let r = l.record("2024-07-01");
    assert!(!r.episodes[0].referral.re_referral);
    // Found in the paper file: an earlier episode, recorded in July.
    let earlier = l.late(
        "2024-01-05",
        "2024-07-02",
        referral(ReferralSource::Schools),
    );
    l.late("2024-03-01", "2024-07-02", closed(ReasonForClosure::RC8));
    let r = l.record("2024-08-01");
    assert_eq!(r.episodes.len(), 2);
    assert_eq!(r.episodes[0].referral.mark.event, earlier);
    assert!(!r.episodes[0].referral.re_referral);
    assert_eq!(r.episodes[1].referral.mark.event, later);
    assert!(r.episodes[1].referral.re_referral);
    assert_eq!(r.open_episode().map(|e| e.referral.mark.event), Some(later));
}

#[test]
fn on_one_day_events_fold_in_the_order_they_were_recorded() {
    // Both on 2024-05-01: the plan end recorded before the closure.
    let mut l = Ledger::new();
    to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    l.late("2024-05-01", "2024-05-01", K::ProtectionPlanEnded);
    l.late("2024-05-01", "2024-05-02", closed(ReasonForClosure::RC7));
    assert!(l.record("2024-06-01").open_episode().is_none());

    // Recorded the other way round, the closure comes first and is refused.
    let mut l = Ledger::new();
    to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    let close = l.late("2024-05-01", "2024-05-01", closed(ReasonForClosure::RC7));
    l.late("2024-05-01", "2024-05-02", K::ProtectionPlanEnded);
    assert_refused(&l, close, "while a child protection plan is open");
}

#[test]
fn a_late_missing_episode_lands_before_its_return_the_same_day() {
    let mut l = Ledger::new();
    // The return at 23:40 was recorded that day; the start at 21:30 the
    // next day. Hours decide the order, not when each was typed in.
    let start_id = EventId(2);
    let back = l.add(
        "2024-07-05T23:40",
        K::MissingEpisodeEnded { episode: start_id },
    );
    let start = l.late(
        "2024-07-05T21:30",
        "2024-07-06",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    assert_eq!(start, start_id);
    let r = l.record("2024-07-07");
    assert_eq!(r.missing.len(), 1);
    assert_eq!(r.missing[0].started, mark("2024-07-05T21:30", start));
    assert_eq!(r.missing[0].returned, Some(mark("2024-07-05T23:40", back)));
}

// --------------------------------------------------------- 4. corrections

#[test]
fn an_amendment_replaces_content_and_date() {
    let mut l = Ledger::new();
    to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    let cg = l.add("2024-02-20", K::CoreGroupHeld);
    let rc = l.add(
        "2024-05-02",
        K::ReviewConferenceHeld {
            seen_and_heard: None,
            analysis: None,
            category: Some(CategoryOfAbuse::EMO),
        },
    );
    let before = l.record("2024-06-01");
    let plan = before.open_protection_plan().unwrap();
    assert_eq!(plan.core_groups, [mark("2024-02-20", cg)]);
    assert_eq!(plan.latest_category, CategoryOfAbuse::EMO);

    // The core group was on the 15th; the review kept the category at SAB.
    l.add(
        "2024-05-10",
        amended(cg, Some("2024-02-15"), K::CoreGroupHeld),
    );
    l.add(
        "2024-05-10",
        amended(
            rc,
            None,
            K::ReviewConferenceHeld {
                seen_and_heard: None,
                analysis: None,
                category: Some(CategoryOfAbuse::SAB),
            },
        ),
    );
    let r = l.record("2024-06-01");
    let plan = r.open_protection_plan().unwrap();
    assert_eq!(plan.core_groups, [mark("2024-02-15", cg)]);
    assert_eq!(plan.review_conferences, [mark("2024-05-02", rc)]);
    assert_eq!(plan.latest_category, CategoryOfAbuse::SAB);
    // Corrections are not facts.
    assert_eq!(r.facts, before.facts);

    // An amendment applies to the past as now known: as at 2024-02-16 the
    // core group (now dated the 15th) is there.
    let feb = l.record("2024-02-16");
    assert_eq!(feb.open_protection_plan().unwrap().core_groups.len(), 1);
}

#[test]
fn an_amendment_can_move_an_event_past_the_as_at_date() {
    let mut l = Ledger::new();
    let la = l.add(
        "2024-01-10",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    l.add(
        "2024-02-01",
        amended(
            la,
            Some("2024-01-20"),
            looked_after(LegalStatus::C1, PlacementType::U6),
        ),
    );
    assert!(!l.record("2024-01-15").is_looked_after());
    let r = l.record("2024-02-01");
    let p = r.open_period_of_care().unwrap();
    assert_eq!(p.started, mark("2024-01-20", la));
    assert_eq!(p.episodes[0].legal_status, LegalStatus::C1);
    assert_eq!(p.episodes[0].placement.placement_type, PlacementType::U6);
}

#[test]
fn a_void_removes_the_event_and_what_depended_on_it_must_go_too() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        looked_after(LegalStatus::V2, PlacementType::U4),
    );
    let mv = l.add("2024-03-01", moved(PlacementType::U1, None, false));
    l.add("2024-04-01", voided(mv));
    let r = l.record("2024-05-01");
    let p = r.open_period_of_care().unwrap();
    assert_eq!(rnes(p), ["S"]);
    assert_eq!(p.placements.len(), 1);
    assert_eq!(r.facts, 1);

    // Voiding the referral leaves its assessment with no episode: refused.
    let mut l = Ledger::new();
    let referral_id = l.add("2024-01-10", referral(ReferralSource::Police));
    let assessment = l.add("2024-01-11", K::AssessmentStarted);
    l.add("2024-02-01", voided(referral_id));
    assert_refused(&l, assessment, "no open episode of need");
}

#[test]
fn corrections_that_make_no_sense_are_refused() {
    // Amending an event that does not exist.
    let mut l = Ledger::new();
    l.add("2024-01-10", K::DentalCheck);
    let a = l.add("2024-01-11", amended(EventId(99), None, K::DentalCheck));
    assert_refused(&l, a, "there is no event #99");

    // Voiding twice.
    let mut l = Ledger::new();
    let dc = l.add("2024-01-10", K::DentalCheck);
    l.add("2024-01-11", voided(dc));
    let twice = l.add("2024-01-12", voided(dc));
    assert_refused(&l, twice, "#1 has already been voided");

    // Amending a voided event.
    let mut l = Ledger::new();
    let dc = l.add("2024-01-10", K::DentalCheck);
    l.add("2024-01-11", voided(dc));
    let late_amend = l.add(
        "2024-01-12",
        amended(dc, Some("2024-01-09"), K::DentalCheck),
    );
    assert_refused(&l, late_amend, "already been voided");

    // Amending into another type.
    let mut l = Ledger::new();
    let dc = l.add("2024-01-10", K::DentalCheck);
    let a = l.add("2024-01-11", amended(dc, None, K::PepReviewed));
    assert_refused(
        &l,
        a,
        "is a DentalCheck, and an amendment cannot make it a PepReviewed",
    );

    // Amending or voiding a correction.
    let mut l = Ledger::new();
    let dc = l.add("2024-01-10", K::DentalCheck);
    let first = l.add(
        "2024-01-11",
        amended(dc, Some("2024-01-08"), K::DentalCheck),
    );
    let a = l.add(
        "2024-01-12",
        amended(first, None, amended(dc, None, K::DentalCheck)),
    );
    assert_refused(&l, a, "is itself a correction");
    let mut l2 = Ledger::new();
    let dc = l2.add("2024-01-10", K::DentalCheck);
    let v = l2.add("2024-01-11", voided(dc));
    let vv = l2.add("2024-01-12", voided(v));
    assert_refused(&l2, vv, "#2 is itself a correction");

    // A correction with no reason.
    let mut l = Ledger::new();
    let dc = l.add("2024-01-10", K::DentalCheck);
    let blank = l.add(
        "2024-01-11",
        K::Voided {
            target: dc,
            reason: "   ".into(),
        },
    );
    assert_refused(&l, blank, "a reason is required");
    let blank = l.add(
        "2024-01-12",
        K::Amended {
            target: dc,
            reason: String::new(),
            on: None,
            event: Box::new(K::DentalCheck),
        },
    );
    let r = l.refusal();
    assert_eq!(r.problems.len(), 2, "{r}");
    assert_eq!(r.problems[1].event, blank);
    assert!(
        r.problems[1]
            .message()
            .starts_with("amended: a reason is required")
    );
}

// ----------------------------------------------------------- 5. refusals

#[test]
fn a_plan_ending_before_it_starts_is_refused() {
    let mut l = Ledger::new();
    to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    let end = l.add("2024-02-01", K::ProtectionPlanEnded);
    assert_refused(
        &l,
        end,
        "child protection plan ended on 2024-02-01, but no child protection plan is open then",
    );

    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    l.add("2024-03-01", K::CinPlanStarted);
    let end = l.add("2024-02-01", K::CinPlanEnded);
    assert_refused(&l, end, "no child in need plan is open then");
}

#[test]
fn a_second_open_protection_plan_is_refused() {
    let mut l = Ledger::new();
    to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    let second = l.add(
        "2024-03-01",
        K::ProtectionPlanStarted {
            category: CategoryOfAbuse::PHY,
        },
    );
    assert_refused(&l, second, "a plan is already open");
}

#[test]
fn a_placement_change_while_not_looked_after_is_refused() {
    let mut l = Ledger::new();
    let mv = l.add("2024-03-01", moved(PlacementType::U1, None, false));
    assert_refused(
        &l,
        mv,
        "placement change on 2024-03-01, but the child is not looked after then",
    );
}

#[test]
fn amending_an_event_that_does_not_exist_is_refused() {
    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    let a = l.add(
        "2024-01-09",
        amended(EventId(7), None, referral(ReferralSource::Schools)),
    );
    assert_refused(&l, a, "amended: there is no event #7 in this record");
}

#[test]
fn a_protection_plan_with_no_initial_conference_is_refused() {
    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    l.add("2024-01-09", K::Section47Started);
    let plan = l.add(
        "2024-02-01",
        K::ProtectionPlanStarted {
            category: CategoryOfAbuse::SAB,
        },
    );
    assert_refused(&l, plan, "without an initial conference");

    // And with no episode at all.
    let mut l = Ledger::new();
    let plan = l.add(
        "2024-02-01",
        K::ProtectionPlanStarted {
            category: CategoryOfAbuse::SAB,
        },
    );
    assert_refused(
        &l,
        plan,
        "no open episode of need (record the referral first)",
    );
}

#[test]
fn a_referral_while_an_episode_is_open_is_refused() {
    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    let second = l.add("2024-03-08", referral(ReferralSource::Schools));
    assert_refused(
        &l,
        second,
        "referral on 2024-03-08, but an episode of need is already open",
    );
}

#[test]
fn closing_an_episode_with_a_plan_open_is_refused() {
    let mut l = Ledger::new();
    to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    let close = l.add("2024-06-01", closed(ReasonForClosure::RC7));
    assert_refused(&l, close, "while a child protection plan is open");

    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    l.add("2024-03-01", K::CinPlanStarted);
    let close = l.add("2024-06-01", closed(ReasonForClosure::RC7));
    assert_refused(&l, close, "while a child in need plan is open");
}

#[test]
fn seen_alone_but_not_seen_is_refused() {
    let mut l = Ledger::new();
    let v = l.add("2024-03-01", visit(VisitKind::ChildInNeed, false, true));
    assert_refused(&l, v, "cannot be seen alone without being seen");

    let mut l = Ledger::new();
    l.add("2024-01-08", referral(ReferralSource::Police));
    l.add("2024-01-09", K::AssessmentStarted);
    let a = l.add(
        "2024-02-01",
        authorised(
            vec![AssessmentFactor::Neglect],
            false,
            true,
            None,
            AssessmentOutcome::ChildInNeedPlan,
        ),
    );
    assert_refused(&l, a, "cannot be seen alone without being seen");
}

#[test]
fn sdq_needs_a_score_or_a_reason_and_a_score_in_range() {
    let mut l = Ledger::new();
    let both = l.add(
        "2024-03-01",
        K::SdqRecorded {
            score: Some(12),
            reason: Some(SdqReason::SDQ2),
        },
    );
    assert_refused(&l, both, "either a score or a reason");

    let mut l = Ledger::new();
    let neither = l.add(
        "2024-03-01",
        K::SdqRecorded {
            score: None,
            reason: None,
        },
    );
    assert_refused(&l, neither, "either a score or a reason");

    let mut l = Ledger::new();
    let high = l.add(
        "2024-03-01",
        K::SdqRecorded {
            score: Some(41),
            reason: None,
        },
    );
    assert_refused(&l, high, "SDQ score 41 is out of range (0 to 40)");

    let mut l = Ledger::new();
    l.add(
        "2024-03-01",
        K::SdqRecorded {
            score: Some(40),
            reason: None,
        },
    );
    assert_eq!(l.record("2024-03-01").sdqs[0].score, Some(40));
}

#[test]
fn a_return_interview_before_the_return_is_refused() {
    let mut l = Ledger::new();
    let m = l.add(
        "2024-07-05T21:30",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    l.add("2024-07-06T09:15", K::MissingEpisodeEnded { episode: m });
    let rhi = l.add(
        "2024-07-06T08:00",
        K::ReturnInterview {
            episode: m,
            offered: true,
            accepted: true,
            held: true,
        },
    );
    assert_refused(
        &l,
        rhi,
        "return interview at 2024-07-06T08:00 for missing episode #1, but the child's return is not recorded (or is after the interview)",
    );

    // The same, a day earlier.
    let mut l = Ledger::new();
    let m = l.add(
        "2024-07-04T21:30",
        K::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    l.add("2024-07-06T09:15", K::MissingEpisodeEnded { episode: m });
    let rhi = l.add(
        "2024-07-05T10:00",
        K::ReturnInterview {
            episode: m,
            offered: true,
            accepted: false,
            held: false,
        },
    );
    assert_refused(
        &l,
        rhi,
        "return is not recorded (or is after the interview)",
    );
}

#[test]
fn a_code_not_in_force_on_the_date_is_refused() {
    let mut l = Ledger::new();
    l.add(
        "2023-09-01",
        looked_after(LegalStatus::C2, PlacementType::U4),
    );
    // P2 may be used up to 27 October 2023, not from the 28th.
    l.add("2023-10-27", moved(PlacementType::P2, None, false));
    assert!(l.record("2023-10-27").is_looked_after());
    let withdrawn = l.add("2023-10-28", moved(PlacementType::P2, None, true));
    assert_refused(
        &l,
        withdrawn,
        "placement type P2 cannot be used on 2023-10-28: it was withdrawn from 2023-10-28",
    );
}

#[test]
fn duplicate_event_ids_are_refused() {
    let mut l = Ledger::new();
    l.add("2024-01-10", K::DentalCheck);
    l.add("2024-01-11", K::EarlyHelpAssessment);
    l.add("2024-01-12", K::DentalCheck);
    l.events[2].id = EventId(1);
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1, "{r}");
    assert_eq!(r.problems[0].event, EventId(1), "{r}");
    assert!(r.problems[0].message().contains("same id"), "{r}");
    assert_eq!(
        r.problems
            .iter()
            .filter(|p| p.message().contains("same id"))
            .count(),
        1,
        "{r}"
    );
    // A refusal says so in prose too.
    let text = r.to_string();
    assert!(text.starts_with("the record was not changed:"), "{text}");
    assert!(
        text.contains("- event #1: another event in the ledger has the same id"),
        "{text}"
    );
}

#[test]
fn every_problem_is_listed() {
    let mut l = Ledger::new();
    let mv = l.add("2024-02-01", moved(PlacementType::U1, None, false));
    let sdq = l.add(
        "2024-02-02",
        K::SdqRecorded {
            score: Some(50),
            reason: None,
        },
    );
    let ok = l.add("2024-02-03", K::DentalCheck);
    let end = l.add("2024-02-04", K::ProtectionPlanEnded);
    let amend = l.add("2024-02-05", amended(EventId(77), None, K::DentalCheck));
    let r = l.refusal();
    let ids: Vec<EventId> = r.problems.iter().map(|p| p.event).collect();
    assert_eq!(ids.len(), 4, "{r}");
    for id in [mv, sdq, end, amend] {
        assert!(ids.contains(&id), "{id} missing from {r}");
    }
    assert!(!ids.contains(&ok));
    let text = r.to_string();
    assert_eq!(text.lines().count(), 5, "{text}");
    assert!(text.contains("SDQ score 50 is out of range"), "{text}");
    assert!(text.contains("not looked after"), "{text}");
}

#[test]
fn check_append_refuses_a_contradiction_naming_the_new_event() {
    let mut l = Ledger::new();
    to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    let next_id = l.events.len() as u64 + 1;
    let new = Event::new(
        next_id,
        d("2024-03-01"),
        "u2",
        noon("2024-03-01"),
        K::ProtectionPlanStarted {
            category: CategoryOfAbuse::EMO,
        },
    );
    let r = ChildRecord::check_append(&l.events, &new).unwrap_err();
    let p = only_problem(&r);
    assert_eq!(p.event, EventId(next_id));
    assert!(p.message().contains("a plan is already open"), "{r}");

    // A new event dated before existing ones lands in its place: a plan
    // ending on 2024-02-01 ends before the plan began.
    let end = Event::new(
        next_id,
        d("2024-02-01"),
        "u2",
        noon("2024-03-01"),
        K::ProtectionPlanEnded,
    );
    let r = ChildRecord::check_append(&l.events, &end).unwrap_err();
    let p = only_problem(&r);
    assert_eq!(p.event, EventId(next_id));
    assert!(
        p.message()
            .contains("no child protection plan is open then"),
        "{r}"
    );

    // A new event with an id already used is refused.
    let dup = Event::new(
        2,
        d("2024-03-01"),
        "u2",
        noon("2024-03-01"),
        K::CoreGroupHeld,
    );
    let r = ChildRecord::check_append(&l.events, &dup).unwrap_err();
    assert_eq!(r.problems[0].event, EventId(2), "{r}");
    assert!(r.problems[0].message().contains("same id"), "{r}");
}

#[test]
fn check_append_accepts_a_valid_event_whatever_its_date() {
    let mut l = Ledger::new();
    let (_, plan) = to_protection_plan(&mut l, CategoryOfAbuse::NEG);
    let next_id = l.events.len() as u64 + 1;
    // Dated far ahead: check_append folds the whole ledger.
    let new = Event::new(
        next_id,
        d("2030-01-01"),
        "u2",
        noon("2024-03-01"),
        K::CoreGroupHeld,
    );
    let r = ChildRecord::check_append(&l.events, &new).unwrap();
    assert_eq!(r.as_at, None);
    let p = r.open_protection_plan().unwrap();
    assert_eq!(p.started.event, plan);
    assert_eq!(p.core_groups, [mark("2030-01-01", EventId(next_id))]);
    assert_eq!(r.facts, l.events.len() + 1);
}

// ----------------------------------------------------- 6. property tests

/// One step of the property test's grammar: usually the next thing that can
/// happen in the child's journey, chosen among the actions the journey so far
/// allows; now and then a correction or an event out of place.
#[derive(Debug, Clone)]
enum Step {
    /// The `n`th (modulo) of the actions open in the current state.
    Next(u8),
    Amend {
        back: u8,
        shift: i8,
        wrong_type: bool,
    },
    Void(u8),
    /// An event that may well contradict the record.
    Stray(u8),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        60 => any::<u8>().prop_map(Step::Next),
        1 => (any::<u8>(), -30i8..30, prop::bool::weighted(0.2)).prop_map(
            |(back, shift, wrong_type)| Step::Amend {
                back,
                shift,
                wrong_type
            }
        ),
        1 => any::<u8>().prop_map(Step::Void),
        1 => any::<u8>().prop_map(Step::Stray),
    ]
}

#[derive(Debug, Clone, Copy)]
enum Act {
    Birth,
    Contact,
    Decide,
    EarlyHelp,
    StepUp,
    StepDown,
    Referral,
    AssessStart,
    AssessEnd,
    StrategyNeeded,
    StrategyHeld,
    S47Start,
    S47End,
    Icpc,
    PlanStart,
    CoreGroup,
    ReviewConference,
    PlanEnd,
    CinStart,
    CinReview,
    CinEnd,
    Close,
    Visit,
    Enter,
    Legal,
    Move,
    Cease,
    LaReview,
    CarePlan,
    Iro,
    InitialHealth,
    HealthReview,
    Dental,
    Sdq,
    Immunisations,
    Pep,
    MissingStart,
    Return,
    Interview,
    AdoptionDecision,
    AdoptionNext,
    AdoptionReversed,
    Pathway,
    PathwayReview,
    Adviser,
    LeaverContact,
    PreStart,
    PreEnd,
    FosteringStart,
    FosteringEnd,
    Allegation,
    Lado,
    Allocate,
    Oversight,
    Supervise,
    Note,
}

const LEGAL: [LegalStatus; 6] = [
    LegalStatus::V2,
    LegalStatus::C1,
    LegalStatus::C2,
    LegalStatus::E1,
    LegalStatus::V3,
    LegalStatus::J2,
];
const PLACES: [PlacementType; 6] = [
    PlacementType::U1,
    PlacementType::U4,
    PlacementType::K2,
    PlacementType::A5,
    PlacementType::P1,
    PlacementType::R1,
];
const CEASED: [ReasonEpisodeCeased; 4] = [
    ReasonEpisodeCeased::E13,
    ReasonEpisodeCeased::E12,
    ReasonEpisodeCeased::E2,
    ReasonEpisodeCeased::E4A,
];

/// Builds a ledger step by step, keeping track of the journey so that most
/// events are ones the record allows.
#[derive(Default)]
struct Builder {
    events: Vec<Event>,
    day: Option<Date>,
    /// The latest date and time used by a timed event.
    clock: Option<DateTime>,
    /// When the last event was recorded; recording never goes back in time.
    recorded: Option<Timestamp>,
    late: i64,
    born: bool,
    undecided: Vec<EventId>,
    episode: bool,
    assessment: bool,
    s47_open: bool,
    s47_awaiting_icpc: bool,
    plans_decided: u32,
    plan: bool,
    cin_plan: bool,
    /// Legal status and placement indices while looked after.
    looked_after: Option<(usize, usize)>,
    /// Adoption stages done while a plan is open.
    adoption: Option<u8>,
    missing: Option<(EventId, DateTime)>,
    returned: Option<(EventId, DateTime)>,
    pre_proceedings: bool,
    fostering: bool,
    allegations: Vec<EventId>,
}

impl Builder {
    fn day(&self) -> Date {
        self.day.unwrap_or(d("2022-04-04"))
    }

    fn push(&mut self, on: When, kind: K) -> EventId {
        let id = self.events.len() as u64 + 1;
        let due = on
            .date()
            .checked_add(jiff::Span::new().days(self.late))
            .unwrap()
            .at(12, 0, 0, 0)
            .to_zoned(jiff::tz::TimeZone::UTC)
            .unwrap()
            .timestamp();
        let at = self.recorded.map_or(due, |r| r.max(due));
        self.recorded = Some(at);
        self.events.push(Event::new(id, on, "u1", at, kind));
        EventId(id)
    }

    fn add(&mut self, kind: K) -> EventId {
        self.push(When::Date(self.day()), kind)
    }

    /// A timed event at `t` (or just after the last timed event).
    fn timed(&mut self, t: DateTime, kind: K) -> (EventId, DateTime) {
        let t = match self.clock {
            Some(c) if c >= t => c.checked_add(jiff::Span::new().minutes(1)).unwrap(),
            _ => t,
        };
        self.clock = Some(t);
        self.day = Some(self.day().max(t.date()));
        (self.push(When::DateTime(t), kind), t)
    }

    fn actions(&self) -> Vec<Act> {
        use Act::*;
        let mut a = vec![
            Contact,
            EarlyHelp,
            StepUp,
            StepDown,
            Visit,
            HealthReview,
            Dental,
            Sdq,
            Immunisations,
            Pathway,
            PathwayReview,
            Adviser,
            LeaverContact,
            Allegation,
            Allocate,
            Oversight,
            Supervise,
            Note,
        ];
        let mut open = |cond: bool, acts: &[Act]| {
            if cond {
                a.extend_from_slice(acts);
            }
        };
        open(!self.born, &[Birth]);
        open(!self.undecided.is_empty(), &[Decide]);
        open(!self.episode, &[Referral, Referral, Referral]);
        open(
            self.episode,
            &[StrategyNeeded, StrategyHeld, AssessStart, S47Start],
        );
        open(self.episode && self.assessment, &[AssessEnd, AssessEnd]);
        open(self.episode && self.s47_open, &[S47End, S47End]);
        open(self.episode && self.s47_awaiting_icpc, &[Icpc, Icpc]);
        open(
            self.episode && self.plans_decided > 0 && !self.plan,
            &[PlanStart, PlanStart],
        );
        open(
            self.episode && self.plan,
            &[CoreGroup, ReviewConference, PlanEnd],
        );
        open(self.episode && !self.cin_plan, &[CinStart]);
        open(self.episode && self.cin_plan, &[CinReview, CinEnd]);
        open(
            self.episode && !self.plan && !self.cin_plan,
            &[Close, Close],
        );
        open(self.looked_after.is_none(), &[Enter, Enter]);
        open(
            self.looked_after.is_some(),
            &[
                Legal,
                Move,
                Move,
                Cease,
                LaReview,
                CarePlan,
                Iro,
                InitialHealth,
                Pep,
            ],
        );
        open(self.missing.is_none(), &[MissingStart]);
        open(self.missing.is_some(), &[Return, Return]);
        open(self.returned.is_some(), &[Interview]);
        open(self.adoption.is_none(), &[AdoptionDecision]);
        open(
            self.adoption.is_some(),
            &[AdoptionNext, AdoptionNext, AdoptionReversed],
        );
        open(!self.pre_proceedings, &[PreStart]);
        open(self.pre_proceedings, &[PreEnd]);
        open(!self.fostering, &[FosteringStart]);
        open(self.fostering, &[FosteringEnd]);
        open(!self.allegations.is_empty(), &[Lado]);
        a
    }

    fn act(&mut self, n: u8) {
        let actions = self.actions();
        let act = actions[usize::from(n) % actions.len()];
        let pick = |list_len: usize| usize::from(n / 3) % list_len;
        match act {
            Act::Birth => {
                let dob = self
                    .day()
                    .checked_sub(jiff::Span::new().days(i64::from(n) * 23 + 4000))
                    .unwrap();
                self.add(birth(&dob.to_string()));
                self.born = true;
            }
            Act::Contact => {
                let source = ReferralSource::ALL[pick(ReferralSource::ALL.len())];
                let c = self.add(K::ContactReceived { source });
                self.undecided.push(c);
            }
            Act::Decide => {
                let contact = self.undecided.remove(0);
                let outcome = [
                    ContactOutcome::NoFurtherAction,
                    ContactOutcome::AdviceAndInformation,
                    ContactOutcome::EarlyHelp,
                    ContactOutcome::Referral,
                ][pick(4)];
                self.add(K::ContactDecision { contact, outcome });
            }
            Act::EarlyHelp => {
                self.add(K::EarlyHelpAssessment);
            }
            Act::StepUp => {
                self.add(K::SteppedUp);
            }
            Act::StepDown => {
                self.add(K::SteppedDown);
            }
            Act::Referral => {
                let source = ReferralSource::ALL[pick(ReferralSource::ALL.len())];
                self.add(K::ReferralAccepted {
                    source,
                    no_further_action: n.is_multiple_of(5),
                    primary_need: None,
                });
                self.episode = true;
            }
            Act::AssessStart => {
                if !self.assessment {
                    self.add(K::AssessmentStarted);
                    self.assessment = true;
                }
            }
            Act::AssessEnd => {
                let factors = if n.is_multiple_of(4) {
                    vec![AssessmentFactor::NoFactorsIdentified]
                } else {
                    vec![
                        AssessmentFactor::Neglect,
                        AssessmentFactor::DomesticViolenceParentCarer,
                    ]
                };
                self.add(authorised(
                    factors,
                    !n.is_multiple_of(3),
                    n % 3 == 1,
                    (n.is_multiple_of(2)).then_some(PrimaryNeed::N4),
                    AssessmentOutcome::OtherServices,
                ));
                self.assessment = false;
            }
            Act::StrategyNeeded => {
                self.add(K::StrategyDiscussionNeeded);
            }
            Act::StrategyHeld => {
                self.add(K::StrategyDiscussionHeld {
                    attendance: vec![Agency::SocialCare, Agency::Police, Agency::Education],
                });
            }
            Act::S47Start => {
                if !self.s47_open {
                    self.add(K::Section47Started);
                    self.s47_open = true;
                    self.s47_awaiting_icpc = true;
                }
            }
            Act::S47End => {
                let icpc_required = !n.is_multiple_of(3);
                self.add(K::Section47Concluded { icpc_required });
                self.s47_open = false;
                self.s47_awaiting_icpc &= icpc_required;
            }
            Act::Icpc => {
                let plan = !n.is_multiple_of(4);
                self.add(K::InitialConferenceHeld {
                    seen_and_heard: None,
                    analysis: None,
                    plan,
                });
                self.s47_awaiting_icpc = false;
                self.plans_decided += u32::from(plan);
            }
            Act::PlanStart => {
                let category = CategoryOfAbuse::ALL[pick(CategoryOfAbuse::ALL.len())];
                self.add(K::ProtectionPlanStarted { category });
                self.plans_decided -= 1;
                self.plan = true;
            }
            Act::CoreGroup => {
                self.add(K::CoreGroupHeld);
            }
            Act::ReviewConference => {
                let category = (n.is_multiple_of(2))
                    .then(|| CategoryOfAbuse::ALL[pick(CategoryOfAbuse::ALL.len())]);
                self.add(K::ReviewConferenceHeld {
                    seen_and_heard: None,
                    analysis: None,
                    category,
                });
            }
            Act::PlanEnd => {
                self.add(K::ProtectionPlanEnded);
                self.plan = false;
            }
            Act::CinStart => {
                self.add(K::CinPlanStarted);
                self.cin_plan = true;
            }
            Act::CinReview => {
                self.add(K::CinPlanReviewed);
            }
            Act::CinEnd => {
                self.add(K::CinPlanEnded);
                self.cin_plan = false;
            }
            Act::Close => {
                let reason = [
                    ReasonForClosure::RC1,
                    ReasonForClosure::RC7,
                    ReasonForClosure::RC8,
                    ReasonForClosure::RC9,
                ][pick(4)];
                self.add(closed(reason));
                self.episode = false;
                self.assessment = false;
                self.s47_open = false;
                self.s47_awaiting_icpc = false;
                self.plans_decided = 0;
            }
            Act::Visit => {
                let kind = [
                    VisitKind::ChildInNeed,
                    VisitKind::ChildProtection,
                    VisitKind::LookedAfter,
                    VisitKind::CareLeaver,
                    VisitKind::PrivateFostering,
                    VisitKind::Other,
                ][pick(6)];
                self.add(visit(kind, !n.is_multiple_of(3), n % 3 == 1));
            }
            Act::Enter => {
                let (ls, pl) = (pick(LEGAL.len()), usize::from(n) % PLACES.len());
                self.add(K::BecameLookedAfter {
                    legal_status: LEGAL[ls],
                    placement: place(PLACES[pl]),
                    category_of_need: PrimaryNeed::ALL[pick(8)],
                    uasc: n.is_multiple_of(7),
                });
                self.looked_after = Some((ls, pl));
            }
            Act::Legal => {
                if let Some((ls, pl)) = self.looked_after {
                    let next = (ls + 1 + pick(LEGAL.len() - 1)) % LEGAL.len();
                    self.add(legal(LEGAL[next]));
                    self.looked_after = Some((next, pl));
                }
            }
            Act::Move => {
                if let Some((ls, _)) = self.looked_after {
                    let pl = pick(PLACES.len());
                    let reasons = ReasonForPlacementChange::ALL;
                    self.add(moved(
                        PLACES[pl],
                        (!n.is_multiple_of(3)).then(|| reasons[usize::from(n) % reasons.len()]),
                        n.is_multiple_of(2),
                    ));
                    self.looked_after = Some((ls, pl));
                }
            }
            Act::Cease => {
                self.add(ceased(CEASED[pick(CEASED.len())]));
                self.looked_after = None;
            }
            Act::LaReview => {
                let participation = ReviewParticipation::ALL[pick(ReviewParticipation::ALL.len())];
                self.add(K::LookedAfterReviewHeld {
                    seen_and_heard: None,
                    analysis: None,
                    recommendations: None,
                    next_review_due: None,
                    participation,
                });
            }
            Act::CarePlan => {
                self.add(K::CarePlanRecorded);
            }
            Act::Iro => {
                self.add(K::IroAppointed { iro: UserId(7) });
            }
            Act::InitialHealth => {
                self.add(K::HealthAssessment {
                    assessment: HealthAssessmentKind::Initial,
                });
            }
            Act::HealthReview => {
                self.add(K::HealthAssessment {
                    assessment: HealthAssessmentKind::Review,
                });
            }
            Act::Dental => {
                self.add(K::DentalCheck);
            }
            Act::Sdq => {
                let (score, reason) = if n.is_multiple_of(5) {
                    (None, Some(SdqReason::ALL[pick(SdqReason::ALL.len())]))
                } else {
                    (Some(n % 41), None)
                };
                self.add(K::SdqRecorded { score, reason });
            }
            Act::Immunisations => {
                self.add(K::ImmunisationsRecorded {
                    up_to_date: n.is_multiple_of(2),
                });
            }
            Act::Pep => {
                self.add(K::PepReviewed);
            }
            Act::MissingStart => {
                let status = if n.is_multiple_of(2) {
                    MissingOrAway::M
                } else {
                    MissingOrAway::A
                };
                let t = self.day().at(20, 0, 0, 0);
                let (id, t) = self.timed(t, K::MissingEpisodeStarted { status });
                self.missing = Some((id, t));
            }
            Act::Return => {
                if let Some((episode, started)) = self.missing.take() {
                    let t = started
                        .checked_add(jiff::Span::new().minutes(i64::from(n) * 7))
                        .unwrap();
                    let (_, t) = self.timed(t, K::MissingEpisodeEnded { episode });
                    self.returned = Some((episode, t));
                }
            }
            Act::Interview => {
                if let Some((episode, back)) = self.returned {
                    let t = back
                        .checked_add(jiff::Span::new().hours(i64::from(n % 96)))
                        .unwrap();
                    let offered = !n.is_multiple_of(4);
                    let accepted = offered && !n.is_multiple_of(3);
                    self.timed(
                        t,
                        K::ReturnInterview {
                            episode,
                            offered,
                            accepted,
                            held: accepted && n.is_multiple_of(2),
                        },
                    );
                }
            }
            Act::AdoptionDecision => {
                self.add(K::AdoptionDecision);
                self.adoption = Some(0);
            }
            Act::AdoptionNext => {
                let stage = self.adoption.unwrap_or_default();
                self.add(match stage {
                    0 => K::PlacementOrderGranted,
                    1 => K::Matched {
                        adopter_sex: AdopterSex::ALL[pick(AdopterSex::ALL.len())],
                        adopter_legal_status: AdopterLegalStatus::L11,
                        number_of_adopters: 1 + n % 2,
                    },
                    2 => K::PlacedForAdoption,
                    _ => K::AdoptionOrderGranted,
                });
                self.adoption = (stage < 3).then_some(stage + 1);
            }
            Act::AdoptionReversed => {
                let reason = ReasonDecisionReversed::ALL[pick(ReasonDecisionReversed::ALL.len())];
                self.add(K::AdoptionDecisionReversed { reason });
                self.adoption = None;
            }
            Act::Pathway => {
                self.add(K::PathwayNeedsAssessment);
            }
            Act::PathwayReview => {
                self.add(K::PathwayPlanReviewed);
            }
            Act::Adviser => {
                self.add(K::PersonalAdviserAppointed { adviser: UserId(3) });
            }
            Act::LeaverContact => {
                self.add(K::CareLeaverContact {
                    in_touch: CareLeaverInTouch::ALL[pick(CareLeaverInTouch::ALL.len())],
                    activity: (n.is_multiple_of(2)).then_some(CareLeaverActivity::F4),
                    accommodation: (n.is_multiple_of(3)).then_some(CareLeaverAccommodation::B1),
                    staying_put: n.is_multiple_of(5),
                });
            }
            Act::PreStart => {
                self.add(K::PreProceedingsStarted);
                self.pre_proceedings = true;
            }
            Act::PreEnd => {
                self.add(K::PreProceedingsConcluded {
                    proceedings_issued: n.is_multiple_of(2),
                });
                self.pre_proceedings = false;
            }
            Act::FosteringStart => {
                self.add(K::PrivateFosteringNotified);
                self.fostering = true;
            }
            Act::FosteringEnd => {
                self.add(K::PrivateFosteringEnded);
                self.fostering = false;
            }
            Act::Allegation => {
                let a = self.add(K::AllegationReceived);
                self.allegations.push(a);
            }
            Act::Lado => {
                let allegation = self.allegations.remove(0);
                self.add(K::LadoReferralMade { allegation });
            }
            Act::Allocate => {
                self.add(K::Allocated {
                    worker: UserId(i64::from(n)),
                    team: TeamId(1),
                    reason: None,
                });
            }
            Act::Oversight => {
                self.add(K::ManagementOversight {
                    decision: "decision".into(),
                    rationale: "rationale".into(),
                });
            }
            Act::Supervise => {
                self.add(K::Supervision {
                    supervisor: UserId(2),
                });
            }
            Act::Note => {
                self.add(K::CaseNote {
                    text: "note".into(),
                    significant: n.is_multiple_of(2),
                });
            }
        }
    }

    fn pick_event(&self, back: u8) -> Option<&Event> {
        let n = self.events.len();
        (n > 0).then(|| &self.events[n - 1 - usize::from(back) % n])
    }

    fn step(&mut self, s: &Step) {
        match *s {
            Step::Next(n) => self.act(n),
            Step::Amend {
                back,
                shift,
                wrong_type,
            } => {
                let Some(target) = self.pick_event(back) else {
                    return;
                };
                let (target, old_on) = (target.id, target.on);
                let event = if wrong_type {
                    K::CoreGroupHeld
                } else {
                    self.events[target.0 as usize - 1].event.clone()
                };
                let on = (shift != 0).then(|| {
                    When::Date(
                        old_on
                            .date()
                            .checked_add(jiff::Span::new().days(i64::from(shift)))
                            .unwrap(),
                    )
                });
                self.add(K::Amended {
                    target,
                    reason: "correction".into(),
                    on,
                    event: Box::new(event),
                });
            }
            Step::Void(back) => {
                if let Some(target) = self.pick_event(back).map(|e| e.id) {
                    self.add(K::Voided {
                        target,
                        reason: "error".into(),
                    });
                }
            }
            Step::Stray(n) => {
                let kind = match n % 10 {
                    0 => K::ProtectionPlanEnded,
                    1 => K::CinPlanEnded,
                    2 => referral(ReferralSource::Other),
                    3 => K::InitialConferenceHeld {
                        seen_and_heard: None,
                        analysis: None,
                        plan: true,
                    },
                    4 => K::ProtectionPlanStarted {
                        category: CategoryOfAbuse::MUL,
                    },
                    5 => ceased(ReasonEpisodeCeased::E13),
                    6 => moved(PlacementType::U1, None, false),
                    7 => K::CoreGroupHeld,
                    8 => K::MissingEpisodeEnded {
                        episode: EventId(u64::from(n)),
                    },
                    _ => K::PlacedForAdoption,
                };
                self.add(kind);
            }
        }
    }
}

/// A ledger from steps: each step comes `gap` days after the last, recorded
/// on the day or (by `late`) a day, two weeks or three months later.
fn build(steps: &[(u8, u8, Step)]) -> Vec<Event> {
    let mut b = Builder::default();
    for (gap, late, s) in steps {
        b.day = Some(
            b.day()
                .checked_add(jiff::Span::new().days(i64::from(*gap)))
                .unwrap(),
        );
        b.late = match late % 8 {
            0..=4 => 0,
            5 => 1,
            6 => 14,
            _ => 90,
        };
        b.step(s);
    }
    b.events
}

/// A permutation of `v` from a seed (xorshift and Fisher-Yates).
fn shuffled<T: Clone>(v: &[T], mut seed: u64) -> Vec<T> {
    let mut out = v.to_vec();
    seed |= 1;
    for i in (1..out.len()).rev() {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let j = (seed % (i as u64 + 1)) as usize;
        out.swap(i, j);
    }
    out
}

fn steps() -> impl Strategy<Value = Vec<(u8, u8, Step)>> {
    prop::collection::vec((0u8..40, any::<u8>(), step()), 0..60)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn the_fold_never_panics_and_ignores_input_order(
        steps in steps(),
        seed in any::<u64>(),
    ) {
        let events = build(&steps);
        let whole = ChildRecord::fold(&events, Date::MAX);
        let other = ChildRecord::fold(&shuffled(&events, seed), Date::MAX);
        prop_assert_eq!(&whole, &other);

        if let Ok(record) = &whole {
            let voids = events
                .iter()
                .filter(|e| matches!(e.event, K::Voided { .. }))
                .count();
            let facts = events.iter().filter(|e| !e.event.is_correction()).count();
            prop_assert_eq!(record.facts, facts - voids);
            // Appending the last event to the rest gives the same record.
            if let Some((last, rest)) = events.split_last() {
                let appended = ChildRecord::check_append(rest, last);
                prop_assert_eq!(
                    appended.map(|r| ChildRecord { as_at: Some(Date::MAX), ..r }),
                    Ok(record.clone())
                );
            }
            // Every earlier view of a valid ledger is valid too, and the
            // same whichever order the events come in.
            for e in events.iter().step_by(4) {
                let as_at = e.on.date();
                let early = ChildRecord::fold(&events, as_at);
                prop_assert!(early.is_ok(), "as at {}: {:?}", as_at, early);
                prop_assert_eq!(
                    early,
                    ChildRecord::fold(&shuffled(&events, seed ^ 0x9e37), as_at)
                );
            }
        } else {
            // A refused ledger folds, or is refused, as at any date without
            // panicking.
            for e in events.iter().step_by(5) {
                let _ = ChildRecord::fold(&events, e.on.date());
            }
        }
    }
}

#[test]
fn the_grammar_makes_mostly_valid_ledgers() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    // A fixed seed, so the count is the same on every run.
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(Config::default(), rng);
    let strategy = steps();
    let (mut valid, mut long_valid) = (0, 0);
    for _ in 0..200 {
        let events = build(&strategy.new_tree(&mut runner).unwrap().current());
        if ChildRecord::fold(&events, Date::MAX).is_ok() {
            valid += 1;
            long_valid += usize::from(events.len() >= 20);
        }
    }
    assert!(valid >= 80, "only {valid} of 200 ledgers folded");
    assert!(long_valid >= 25, "only {long_valid} long ledgers folded");
}

#[test]
fn the_corrected_ledger_applies_amendments_and_leaves_out_voids() {
    let mut l = Ledger::new();
    let note = l.add(
        "2025-01-06",
        EventKind::CaseNote {
            text: "First".into(),
            significant: false,
        },
    );
    let wrong = l.add(
        "2025-01-07",
        EventKind::CaseNote {
            text: "Wrong child".into(),
            significant: false,
        },
    );
    let late = l.add(
        "2025-01-08",
        EventKind::CaseNote {
            text: "Late".into(),
            significant: false,
        },
    );
    l.add(
        "2025-01-09",
        EventKind::Voided {
            target: wrong,
            reason: "recorded on the wrong child".into(),
        },
    );
    l.add(
        "2025-01-09",
        EventKind::Amended {
            target: late,
            reason: "wrong date".into(),
            on: Some(When::Date(d("2025-01-05"))),
            event: Box::new(EventKind::CaseNote {
                text: "Late, corrected".into(),
                significant: true,
            }),
        },
    );
    let c = crate::record::corrected(&l.events);
    let seen: Vec<(EventId, String, bool)> = c
        .iter()
        .map(|c| match c.kind {
            EventKind::CaseNote { text, .. } => (c.event.id, format!("{} {text}", c.on), c.amended),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        seen,
        vec![
            (late, "2025-01-05 Late, corrected".into(), true),
            (note, "2025-01-06 First".into(), false),
        ]
    );
}

#[test]
fn events_timed_in_hours_need_a_time_of_day() {
    let mut l = Ledger::new();
    let m = l.add(
        "2024-07-05",
        EventKind::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].event, m);
    assert!(
        r.problems[0]
            .message()
            .contains("needs the time as well as the date"),
        "{r}"
    );
}

#[test]
fn a_time_the_clocks_skipped_is_refused_naming_the_date() {
    // The clocks went forward at 01:00 on 30 March 2025: 01:30 never happened.
    let mut l = Ledger::new();
    let m = l.add(
        "2025-03-30T01:30",
        EventKind::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].event, m);
    assert_eq!(r.problems[0].field(), "on");
    assert!(matches!(
        r.problems[0].refused,
        Refused::Value { field: "on", .. }
    ));
    assert!(
        r.problems[0]
            .message()
            .contains("did not happen in England"),
        "{r}"
    );
    // An hour that happened twice (26 October 2025) is taken, as the earlier.
    let mut l = Ledger::new();
    l.add(
        "2025-10-26T01:30",
        EventKind::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    l.record("2025-11-01");
}

// ------------------------------------------------------- stages and refusals

/// One instance of every kind of event, built from its JSON with the least
/// each kind needs.
pub(crate) fn one_of_every_kind() -> Vec<EventKind> {
    EventKind::NAMES
        .iter()
        .map(|name| {
            let fields = match *name {
                "BirthDetailsRecorded" => r#","date_of_birth":"2010-01-01""#,
                "ContactReceived" | "ReferralAccepted" => r#","source":"1A""#,
                "ContactDecision" => r#","contact":1,"outcome":"referral""#,
                "AssessmentAuthorised" => {
                    r#","factors":[],"child_seen":true,"seen_alone":false,"outcome":"early_help""#
                }
                "StrategyDiscussionHeld" => r#","attendance":[]"#,
                "Section47Concluded" => r#","icpc_required":true"#,
                "InitialConferenceHeld" => r#","plan":true"#,
                "ProtectionPlanStarted" => r#","category":"NEG""#,
                "EpisodeClosed" => r#","reason":"RC1""#,
                "DocumentAttached" => concat!(
                    r#","attachment":1,"title":"Child protection plan","document":"plan","#,
                    r#""sha256":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","#,
                    r#""size":10,"content_type":"application/pdf""#
                ),
                "VisitMade" => r#","visit":"other","child_seen":true,"seen_alone":false"#,
                "BecameLookedAfter" => {
                    r#","legal_status":"C2","placement":{"placement_type":"U1"},"category_of_need":"N1""#
                }
                "LegalStatusChanged" => r#","legal_status":"C2""#,
                "PlacementChanged" => r#","placement":{"placement_type":"U1"}"#,
                "CeasedLookedAfter" => r#","reason":"E11""#,
                "LookedAfterReviewHeld" => r#","participation":"PN1""#,
                "IroAppointed" => r#","iro":"1""#,
                "HealthAssessment" => r#","assessment":"review""#,
                "ImmunisationsRecorded" => r#","up_to_date":true"#,
                "MissingEpisodeStarted" => r#","status":"M""#,
                "MissingEpisodeEnded" => r#","episode":1"#,
                "ReturnInterview" => r#","episode":1,"offered":true,"accepted":true,"held":true"#,
                "Matched" => {
                    r#","adopter_sex":"MM","adopter_legal_status":"L0","number_of_adopters":2"#
                }
                "AdoptionDecisionReversed" => r#","reason":"RD1""#,
                "PersonalAdviserAppointed" => r#","adviser":"1""#,
                "CareLeaverContact" => r#","in_touch":"YES""#,
                "PreProceedingsConcluded" => r#","proceedings_issued":false"#,
                "LadoReferralMade" => r#","allegation":1"#,
                "Allocated" => r#","worker":"1","team":"1""#,
                "AllocatedToTeam" => r#","team":"1""#,
                "ManagementOversight" => r#","decision":"d","rationale":"r""#,
                "Supervision" => r#","supervisor":"1""#,
                "CaseNote" => r#","text":"t""#,
                "Amended" => r#","target":1,"reason":"r","event":{"type":"DentalCheck"}"#,
                "Voided" => r#","target":1,"reason":"r""#,
                "AddressChanged" => r#","address":"1 Road","lives_with":"Mother""#,
                "SchoolChanged" => r#","school":"S","urn":"100000""#,
                "GpRegistered" => r#","practice":"P""#,
                "FamilyMemberRecorded" => r#","name":"N","relationship":"mother""#,
                "FamilyMemberEnded" => r#","member":1"#,
                "ProfessionalAdded" => r#","name":"N","role":"R","agency":"health""#,
                "ProfessionalEnded" => r#","professional":1"#,
                "ActionAgreed" => r#","what":"w","owner":"1","due":"2025-01-01""#,
                "ActionDone" => r#","action":1"#,
                "SexRecorded" => r#","sex":"F""#,
                "EthnicityRecorded" => r#","ethnicity":"WBRI""#,
                "DisabilitiesRecorded" => r#","disabilities":["NONE"]"#,
                "UpnRecorded" => r#","upn":"B801200005001""#,
                "UpnUnknownRecorded" => r#","reason":"UN1""#,
                "SubstanceMisuseInterventionOffered" => r#","received":true"#,
                "DevelopmentChecksRecorded" => r#","up_to_date":true"#,
                "PreviousPermanenceRecorded" => r#","permanence":"Z1""#,
                other => super::tests_casework_facts::least_fields(other),
            };
            serde_json::from_str(&format!(r#"{{"type":"{name}"{fields}}}"#))
                .unwrap_or_else(|e| panic!("{name}: {e}"))
        })
        .collect()
}

#[test]
fn every_kind_of_event_reaches_a_stage_that_applies_it() {
    let kinds = one_of_every_kind();
    assert_eq!(kinds.len(), EventKind::NAMES.len());
    for kind in kinds {
        let mut record = ChildRecord::default();
        let on: When = if kind.is_timed() {
            when("2024-01-01T09:00")
        } else {
            when("2024-01-01")
        };
        let fact = corrections::Fact {
            id: EventId(9),
            on,
            recorded_at: "2024-01-01T10:00:00Z".parse().unwrap(),
            kind: &kind,
        };
        // Many are refused on an empty record (nothing open); none may be
        // refused for reaching a part of the fold that does not know it.
        if let Err(refused) = record.apply(&fact) {
            assert!(
                !matches!(refused, Refused::Misrouted(_)),
                "{}: {refused}",
                kind.name()
            );
        }
    }
}

#[test]
fn refusals_name_the_field_they_concern() {
    let field_of = |l: &Ledger| only_problem(&l.refusal()).field();
    // A value wrong in itself: the field that holds it.
    let mut l = Ledger::new();
    l.add(
        "2024-01-01",
        K::VisitMade {
            seen_and_heard: None,
            analysis: None,
            visit: VisitKind::Other,
            child_seen: false,
            seen_alone: true,
            child_views: None,
        },
    );
    assert_eq!(field_of(&l), "seen_alone");
    // A code used outside its validity: the code's field.
    let mut l = Ledger::new();
    l.add("2024-01-01", referral(ReferralSource::Police));
    l.add(
        "2024-01-02",
        K::BecameLookedAfter {
            legal_status: LegalStatus::C2,
            placement: place(PlacementType::Z11),
            category_of_need: PrimaryNeed::N1,
            uasc: false,
        },
    );
    assert_eq!(field_of(&l), "placement.placement_type");
    // A contradiction of the record as it stands: the date.
    let mut l = Ledger::new();
    l.add("2024-01-01", closed(ReasonForClosure::RC1));
    assert_eq!(field_of(&l), DATE_FIELD);
    // A reference to an event that is not there.
    let mut l = Ledger::new();
    l.add(
        "2024-01-01",
        K::LadoReferralMade {
            allegation: EventId(77),
        },
    );
    assert_eq!(field_of(&l), "allegation");
    // A correction without a reason.
    let mut l = Ledger::new();
    let note = l.add("2024-01-01", K::DentalCheck);
    l.add(
        "2024-01-02",
        K::Voided {
            target: note,
            reason: " ".into(),
        },
    );
    assert_eq!(field_of(&l), "reason");
    // The API sees the field beside the message.
    let json = serde_json::to_value(l.refusal()).unwrap();
    assert_eq!(json["problems"][0]["field"], "reason");
    assert!(
        json["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("a reason is required")
    );
}

#[test]
fn a_child_cannot_be_seen_before_they_are_born() {
    let seen = |child_seen| K::VisitMade {
        seen_and_heard: None,
        analysis: None,
        visit: VisitKind::ChildProtection,
        child_seen,
        seen_alone: false,
        child_views: None,
    };
    // A visit to an expectant parent before the birth is real work.
    let mut l = Ledger::new();
    l.add("2024-01-10", seen(false));
    l.add(
        "2024-03-01",
        K::BirthDetailsRecorded {
            date_of_birth: Some(d("2024-02-20")),
            expected_date_of_birth: None,
        },
    );
    assert!(ChildRecord::fold_all(&l.events).is_ok());
    // The child seen before the birth is refused, whenever the date of
    // birth was recorded.
    let visit = l.add("2024-02-19", seen(true));
    let r = l.refusal();
    let p = only_problem(&r);
    assert_eq!(p.event, visit);
    assert_eq!(p.field(), "child_seen");
    assert!(p.message().contains("born on 2024-02-20"), "{r}");
    // On the day of the birth, or after, is fine.
    let mut l = Ledger::new();
    l.add("2024-02-20", seen(true));
    l.add(
        "2024-03-01",
        K::BirthDetailsRecorded {
            date_of_birth: Some(d("2024-02-20")),
            expected_date_of_birth: None,
        },
    );
    assert!(ChildRecord::fold_all(&l.events).is_ok());
}

#[test]
fn the_record_as_it_was_known_leaves_out_what_was_recorded_later() {
    let mut l = Ledger::new();
    let first = l.late("2024-01-10", "2024-01-10", K::DentalCheck);
    l.late("2024-01-11", "2024-01-20", K::PepReviewed);
    l.late(
        "2024-01-21",
        "2024-01-21",
        K::Voided {
            target: first,
            reason: "recorded on the wrong child".into(),
        },
    );
    let at = |t: &str| t.parse::<jiff::Timestamp>().unwrap();
    // On 15 January the service knew of the dental check, not yet the PEP
    // recorded late, nor the void.
    let then = as_known_at(&l.events, at("2024-01-15T00:00:00Z"));
    let known: Vec<&str> = corrected(&then).iter().map(|c| c.kind.name()).collect();
    assert_eq!(known, ["DentalCheck"]);
    // Now: the PEP, and the dental check voided.
    let now: Vec<&str> = corrected(&l.events).iter().map(|c| c.kind.name()).collect();
    assert_eq!(now, ["PepReviewed"]);
}
