//! The casework facts the returns need: pre-proceedings and family group
//! decision-making (CIN census 2026-27), social worker episodes (SSDA903),
//! the primary need at referral and the assessment's internal review.

use super::*;
use crate::codes::{PrimaryNeed, ReferralSource, SocialWorkerChangeReason as Why};
use crate::events::{
    EventKind as K, FamilyGroupMeetingNotHeld, PreProceedingsDecision, PreProceedingsMeeting,
};
use crate::keys::{TeamId, UserId};
use crate::testkit::{Ledger, d};

/// The least JSON each kind of this file needs beyond its type, for
/// [`super::tests::one_of_every_kind`].
pub(crate) fn least_fields(name: &str) -> &'static str {
    match name {
        "LetterBeforeProceedingsSent" => r#","family_group_meeting_offered":true"#,
        "FamilyGroupMeetingNotHeld" => r#","reason":"declined""#,
        "PreProceedingsMeetingHeld" => r#","meeting":"initial""#,
        "PreProceedingsStepDecision" => r#","decision":"step_down""#,
        _ => "",
    }
}

fn refused_with(l: &Ledger, event: EventId, words: &str) {
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1, "{r}");
    assert_eq!(r.problems[0].event, event, "{r}");
    assert!(
        r.problems[0].message().contains(words),
        "expected {words:?} in: {r}"
    );
}

fn referral(l: &mut Ledger, on: &str) -> EventId {
    l.add(
        on,
        K::ReferralAccepted {
            source: ReferralSource::Police,
            no_further_action: false,
            primary_need: None,
        },
    )
}

fn letter(offered: bool, because: Option<&str>) -> K {
    K::LetterBeforeProceedingsSent {
        family_group_meeting_offered: offered,
        not_offered_because: because.map(str::to_owned),
    }
}

fn meeting(meeting: PreProceedingsMeeting) -> K {
    K::PreProceedingsMeetingHeld { meeting }
}

fn decision(decision: PreProceedingsDecision) -> K {
    K::PreProceedingsStepDecision { decision }
}

// ------------------------------------------------------------ pre-proceedings

#[test]
fn a_whole_period_of_pre_proceedings_fills_every_item_of_the_census_module() {
    let mut l = Ledger::new();
    let referral = referral(&mut l, "2026-05-01");
    let decided = l.add("2026-09-09", K::PreProceedingsDecided);
    let sent = l.add("2026-09-20", letter(true, None));
    let fgdm = l.add("2026-09-25", K::FamilyGroupMeetingHeld);
    let initial = l.add("2026-09-28", meeting(PreProceedingsMeeting::Initial));
    l.add("2026-10-26", meeting(PreProceedingsMeeting::Review));
    l.add("2026-11-23", meeting(PreProceedingsMeeting::Review));
    let step = l.add(
        "2026-12-01",
        decision(PreProceedingsDecision::IssueProceedings),
    );
    let applied = l.add("2026-12-18", K::CareProceedingsApplied);
    let issue = l.add("2026-12-19", K::LetterOfIssueSent);
    let r = l.record("2027-03-31");
    let [p] = r.pre_proceedings_periods.as_slice() else {
        panic!("{:?}", r.pre_proceedings_periods)
    };
    assert_eq!(p.episode, Some(referral));
    assert_eq!(
        (p.decided.event, p.decided.date()),
        (decided, d("2026-09-09"))
    );
    assert_eq!(p.letter_before_proceedings.map(|m| m.event), Some(sent));
    assert_eq!(p.family_group_meeting_offered, Some(true));
    assert_eq!(p.family_group_meeting_held(), Some(true));
    assert_eq!(p.family_group_meeting.map(|m| m.mark.event), Some(fgdm));
    assert_eq!(p.initial_meeting.map(|m| m.event), Some(initial));
    assert_eq!(p.review_meetings_count(), 2);
    let s = p.step_decision.unwrap();
    assert_eq!((s.mark.event, s.decision.cin_code()), (step, "A"));
    assert_eq!(p.court_application.map(|m| m.event), Some(applied));
    assert_eq!(p.letter_of_issue.map(|m| m.event), Some(issue));
    assert!(!p.recorded_as_one_step);
    // The brief summary agrees.
    assert_eq!(r.pre_proceedings.len(), 1);
    assert_eq!(r.pre_proceedings[0].proceedings_issued, Some(true));
    assert_eq!(
        r.pre_proceedings[0].concluded.map(|m| m.date()),
        Some(d("2026-12-01"))
    );
    // And the module belongs to the episode it was decided in.
    let ep = &r.episodes[0];
    assert_eq!(r.pre_proceedings_of(ep).count(), 1);
}

#[test]
fn the_record_as_at_a_date_shows_pre_proceedings_as_they_then_stood() {
    let mut l = Ledger::new();
    referral(&mut l, "2026-05-01");
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-09-20", letter(true, None));
    l.add("2026-09-28", meeting(PreProceedingsMeeting::Initial));
    l.add("2026-12-01", decision(PreProceedingsDecision::StepDown));
    let before_letter = l.record("2026-09-15");
    let p = &before_letter.pre_proceedings_periods[0];
    assert!(p.is_open());
    assert_eq!(p.letter_before_proceedings, None);
    assert_eq!(p.family_group_meeting_offered, None);
    let during = l.record("2026-10-01");
    assert!(during.pre_proceedings_periods[0].is_open());
    assert!(during.pre_proceedings_periods[0].initial_meeting.is_some());
    let after = l.record("2026-12-02");
    let p = &after.pre_proceedings_periods[0];
    assert!(!p.is_open());
    assert_eq!(p.step_decision.unwrap().decision.cin_code(), "B");
    assert_eq!(after.pre_proceedings[0].proceedings_issued, Some(false));
    assert!(l.record("2026-09-08").pre_proceedings_periods.is_empty());
}

#[test]
fn an_older_pre_proceedings_started_is_the_decision_and_the_letter_on_one_date() {
    // A ledger written before the decision and the letter had their own
    // kinds, as JSON, so the old wire format is what is read.
    let events: Vec<Event> = [
        r#"{"schema":1,"id":1,"on":"2024-02-01","recorded_by":"u1","recorded_at":"2024-02-01T12:00:00Z","event":{"type":"PreProceedingsStarted"}}"#,
        r#"{"schema":1,"id":2,"on":"2024-05-01","recorded_by":"u1","recorded_at":"2024-05-01T12:00:00Z","event":{"type":"PreProceedingsConcluded","proceedings_issued":true}}"#,
        r#"{"schema":1,"id":3,"on":"2025-01-10","recorded_by":"u1","recorded_at":"2025-01-10T12:00:00Z","event":{"type":"PreProceedingsStarted"}}"#,
        r#"{"schema":1,"id":4,"on":"2025-03-10","recorded_by":"u1","recorded_at":"2025-03-10T12:00:00Z","event":{"type":"PreProceedingsConcluded","proceedings_issued":false}}"#,
    ]
    .iter()
    .map(|j| Event::from_json(j).unwrap())
    .collect();
    let r = ChildRecord::fold(&events, d("2025-03-31")).unwrap();
    let [first, second] = r.pre_proceedings_periods.as_slice() else {
        panic!("{:?}", r.pre_proceedings_periods)
    };
    assert!(first.recorded_as_one_step);
    assert_eq!(first.decided, first.letter_before_proceedings.unwrap());
    assert_eq!(first.decided.date(), d("2024-02-01"));
    // The record does not say whether a meeting was offered: unknown, not no.
    assert_eq!(first.family_group_meeting_offered, None);
    assert_eq!(first.episode, None);
    assert_eq!(
        first.step_decision.map(|s| s.decision),
        Some(PreProceedingsDecision::IssueProceedings)
    );
    assert_eq!(
        second.step_decision.map(|s| s.decision),
        Some(PreProceedingsDecision::StepDown)
    );
    // The application to court may follow an older conclusion.
    let mut more = events.clone();
    more.push(
        Event::from_json(
            r#"{"schema":1,"id":5,"on":"2024-05-20","recorded_by":"u1","recorded_at":"2024-05-20T12:00:00Z","event":{"type":"CareProceedingsApplied"}}"#,
        )
        .unwrap(),
    );
    let r = ChildRecord::fold_all(&more).unwrap();
    assert_eq!(
        r.pre_proceedings_periods[0]
            .court_application
            .map(|m| m.date()),
        Some(d("2024-05-20"))
    );
    // An older start and a new decision cannot both be open.
    let mut l = Ledger::new();
    l.add("2024-02-01", K::PreProceedingsStarted);
    let again = l.add("2024-03-01", K::PreProceedingsDecided);
    refused_with(&l, again, "pre-proceedings are already open");
}

#[test]
fn a_letter_without_the_offer_must_say_why() {
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    let bare = l.add("2026-09-20", letter(false, Some("  ")));
    let r = l.refusal();
    assert_eq!(r.problems[0].event, bare);
    assert_eq!(r.problems[0].field(), "not_offered_because");
    assert!(r.problems[0].message().contains("s.31ZA(3)"), "{r}");

    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add(
        "2026-09-20",
        letter(false, Some("The father is a risk to the mother")),
    );
    let p = &l.record("2026-09-21").pre_proceedings_periods[0];
    assert_eq!(p.family_group_meeting_offered, Some(false));
    assert_eq!(
        p.not_offered_because.as_deref(),
        Some("The father is a risk to the mother")
    );
}

#[test]
fn pre_proceedings_steps_out_of_order_are_refused() {
    // A letter with no pre-proceedings.
    let mut l = Ledger::new();
    let stray = l.add("2026-09-20", letter(true, None));
    refused_with(&l, stray, "not in pre-proceedings");
    // A meeting before the letter that invites the parents to it.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    let early = l.add("2026-09-12", meeting(PreProceedingsMeeting::Initial));
    refused_with(&l, early, "no letter before proceedings");
    // A review before the initial meeting; a second initial meeting.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-09-10", letter(true, None));
    let review = l.add("2026-09-20", meeting(PreProceedingsMeeting::Review));
    refused_with(&l, review, "no initial pre-proceedings meeting");
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-09-10", letter(true, None));
    l.add("2026-09-20", meeting(PreProceedingsMeeting::Initial));
    let twice = l.add("2026-10-20", meeting(PreProceedingsMeeting::Initial));
    refused_with(&l, twice, "already held");
    // A second letter.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-09-10", letter(true, None));
    let second = l.add("2026-09-11", letter(true, None));
    refused_with(&l, second, "already sent");
    // An application to court with no decision to issue proceedings, and
    // after a decision to step down.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    let premature = l.add("2026-10-01", K::CareProceedingsApplied);
    refused_with(&l, premature, "no decision to issue proceedings");
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-11-09", decision(PreProceedingsDecision::StepDown));
    let stepped_down = l.add("2026-11-10", K::CareProceedingsApplied);
    refused_with(&l, stepped_down, "no decision to issue proceedings");
    // A letter of issue before the application.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add(
        "2026-11-09",
        decision(PreProceedingsDecision::IssueProceedings),
    );
    let issue = l.add("2026-11-10", K::LetterOfIssueSent);
    refused_with(&l, issue, "no application to court");
    // A decision when none are open.
    let mut l = Ledger::new();
    let stray = l.add("2026-11-09", decision(PreProceedingsDecision::Other));
    refused_with(&l, stray, "none are open");
}

#[test]
fn the_family_group_meeting_is_held_or_not_once_before_the_application() {
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    let early = l.add("2026-09-10", K::FamilyGroupMeetingHeld);
    refused_with(&l, early, "no letter before proceedings");

    // Declined needs an offer to decline.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-09-10", letter(false, Some("Domestic abuse")));
    let declined = l.add(
        "2026-09-20",
        K::FamilyGroupMeetingNotHeld {
            reason: FamilyGroupMeetingNotHeld::Declined,
        },
    );
    refused_with(&l, declined, "did not offer it");

    // Held after the decision to issue proceedings but before the
    // application counts; once only.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-09-10", letter(true, None));
    l.add(
        "2026-11-01",
        decision(PreProceedingsDecision::IssueProceedings),
    );
    l.add(
        "2026-11-05",
        K::FamilyGroupMeetingNotHeld {
            reason: FamilyGroupMeetingNotHeld::Declined,
        },
    );
    let p = &l.record("2026-11-06").pre_proceedings_periods[0];
    assert_eq!(p.family_group_meeting_held(), Some(false));
    let again = l.add("2026-11-06", K::FamilyGroupMeetingHeld);
    refused_with(&l, again, "already recorded");

    // Not after the application.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    l.add("2026-09-10", letter(true, None));
    l.add(
        "2026-11-01",
        decision(PreProceedingsDecision::IssueProceedings),
    );
    l.add("2026-11-02", K::CareProceedingsApplied);
    let late = l.add("2026-11-03", K::FamilyGroupMeetingHeld);
    refused_with(&l, late, "before an application to court");
}

#[test]
fn pre_proceedings_facts_are_amended_and_voided_like_any_other() {
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    let sent = l.add("2026-09-20", letter(false, Some("Risk of abuse")));
    let step = l.add("2026-12-01", decision(PreProceedingsDecision::StepDown));
    // The letter did offer the meeting, and went out a day earlier.
    l.add(
        "2026-12-02",
        K::Amended {
            target: sent,
            reason: "The letter on file offers the meeting".into(),
            on: Some("2026-09-19".parse().unwrap()),
            event: Box::new(letter(true, None)),
        },
    );
    let r = l.record("2026-12-31");
    let p = &r.pre_proceedings_periods[0];
    assert_eq!(p.family_group_meeting_offered, Some(true));
    assert_eq!(p.not_offered_because, None);
    assert_eq!(
        p.letter_before_proceedings.map(|m| m.date()),
        Some(d("2026-09-19"))
    );
    // The step decision voided: pre-proceedings are open again.
    l.add(
        "2026-12-03",
        K::Voided {
            target: step,
            reason: "Recorded on the wrong child".into(),
        },
    );
    let r = l.record("2026-12-31");
    assert!(r.pre_proceedings_periods[0].is_open());
    assert_eq!(r.pre_proceedings[0].concluded, None);
    // An amendment cannot turn a step decision into something else.
    let mut l = Ledger::new();
    l.add("2026-09-09", K::PreProceedingsDecided);
    let step = l.add("2026-12-01", decision(PreProceedingsDecision::StepDown));
    let wrong = l.add(
        "2026-12-02",
        K::Amended {
            target: step,
            reason: "r".into(),
            on: None,
            event: Box::new(K::CareProceedingsApplied),
        },
    );
    refused_with(&l, wrong, "cannot make it");
}

// ------------------------------------------------------ social worker episodes

fn allocated(worker: i64, team: i64, reason: Option<Why>) -> K {
    K::Allocated {
        worker: UserId(worker),
        team: TeamId(team),
        reason,
    }
}

#[test]
fn each_change_of_social_worker_is_kept_with_its_reason() {
    let mut l = Ledger::new();
    let first = l.add("2025-04-01", allocated(7, 1, Some(Why::FCONTA)));
    // A move of team with the same worker is not a change of worker.
    l.add("2025-05-01", allocated(7, 2, None));
    let second = l.add("2025-06-01", allocated(8, 2, Some(Why::LEFTRL)));
    let waiting = l.add("2025-09-01", K::AllocatedToTeam { team: TeamId(2) });
    let third = l.add("2025-09-10", allocated(9, 2, Some(Why::MANAGE)));
    let r = l.record("2026-03-31");
    let eps: Vec<_> = r
        .social_worker_episodes
        .iter()
        .map(|e| {
            (
                e.worker.0,
                e.team.0,
                e.started.event,
                e.ended.map(|m| m.event),
                e.reason.map(|r| r.as_code()),
            )
        })
        .collect();
    assert_eq!(
        eps,
        [
            (7, 2, first, Some(second), Some("FCONTA")),
            (8, 2, second, Some(waiting), Some("LEFTRL")),
            (9, 2, third, None, Some("MANAGE")),
        ]
    );
    // The latest allocation is still there, as before.
    assert_eq!(
        r.allocation.as_ref().and_then(|a| a.worker),
        Some(UserId(9))
    );
    // As at an earlier date, the history stops there.
    let then = l.record("2025-07-01");
    assert_eq!(then.social_worker_episodes.len(), 2);
    assert_eq!(then.social_worker_episodes[1].ended, None);
}

#[test]
fn a_social_worker_change_reason_is_amended_and_an_allocation_voided() {
    let mut l = Ledger::new();
    l.add("2025-04-01", allocated(7, 1, Some(Why::FCONTA)));
    let change = l.add("2025-06-01", allocated(8, 1, Some(Why::OTHERS)));
    l.add(
        "2025-06-02",
        K::Amended {
            target: change,
            reason: "The previous worker left".into(),
            on: None,
            event: Box::new(allocated(8, 1, Some(Why::LEFTRL))),
        },
    );
    let r = l.record("2025-07-01");
    assert_eq!(r.social_worker_episodes[1].reason, Some(Why::LEFTRL));
    l.add(
        "2025-06-03",
        K::Voided {
            target: change,
            reason: "Allocated in error".into(),
        },
    );
    let r = l.record("2025-07-01");
    assert_eq!(r.social_worker_episodes.len(), 1);
    assert_eq!(r.social_worker_episodes[0].ended, None);
}

#[test]
fn an_allocation_without_a_reason_reads_as_before() {
    let e = Event::from_json(
        r#"{"schema":1,"id":1,"on":"2024-01-01","recorded_by":"u1","recorded_at":"2024-01-01T12:00:00Z","event":{"type":"Allocated","worker":"3","team":"1"}}"#,
    )
    .unwrap();
    let r = ChildRecord::fold_all(std::slice::from_ref(&e)).unwrap();
    assert_eq!(r.social_worker_episodes[0].reason, None);
    // And writes back without the reason.
    assert!(!e.to_json().contains("reason"));
}

// ------------------------------------------ primary need and internal review

#[test]
fn the_primary_need_at_referral_holds_until_an_assessment_settles_it() {
    let mut l = Ledger::new();
    l.add(
        "2026-01-05",
        K::ReferralAccepted {
            source: ReferralSource::Schools,
            no_further_action: false,
            primary_need: Some(PrimaryNeed::N4),
        },
    );
    l.add("2026-01-06", K::AssessmentStarted);
    let r = l.record("2026-01-31");
    assert_eq!(r.episodes[0].primary_need, Some(PrimaryNeed::N4));
    assert_eq!(r.episodes[0].referral.primary_need, Some(PrimaryNeed::N4));
    l.add(
        "2026-02-20",
        K::AssessmentAuthorised {
            factors: vec![],
            child_seen: true,
            seen_alone: false,
            child_views: None,
            primary_need: Some(PrimaryNeed::N1),
            outcome: crate::events::AssessmentOutcome::ChildInNeedPlan,
            seen_and_heard: None,
            analysis: None,
        },
    );
    let r = l.record("2026-03-31");
    assert_eq!(r.episodes[0].primary_need, Some(PrimaryNeed::N1));
    // What was judged at referral is still there.
    assert_eq!(r.episodes[0].referral.primary_need, Some(PrimaryNeed::N4));
    // As at a date before the assessment, the referral's.
    assert_eq!(
        l.record("2026-02-19").episodes[0].primary_need,
        Some(PrimaryNeed::N4)
    );
}

#[test]
fn an_assessment_has_one_internal_review_while_it_is_open() {
    let mut l = Ledger::new();
    referral(&mut l, "2026-01-05");
    let stray = l.add("2026-01-05", K::AssessmentInternalReview);
    refused_with(&l, stray, "no assessment is open");

    let mut l = Ledger::new();
    referral(&mut l, "2026-01-05");
    l.add("2026-01-06", K::AssessmentStarted);
    let review = l.add("2026-01-20", K::AssessmentInternalReview);
    let r = l.record("2026-01-31");
    assert_eq!(
        r.episodes[0].assessments[0]
            .internal_review
            .map(|m| m.event),
        Some(review)
    );
    assert_eq!(
        l.record("2026-01-19").episodes[0].assessments[0].internal_review,
        None
    );
    let twice = l.add("2026-01-25", K::AssessmentInternalReview);
    refused_with(&l, twice, "already recorded");
    // Amended to another date.
    let mut l = Ledger::new();
    referral(&mut l, "2026-01-05");
    l.add("2026-01-06", K::AssessmentStarted);
    let review = l.add("2026-01-20", K::AssessmentInternalReview);
    l.add(
        "2026-01-21",
        K::Amended {
            target: review,
            reason: "Wrong date".into(),
            on: Some("2026-01-19".parse().unwrap()),
            event: Box::new(K::AssessmentInternalReview),
        },
    );
    assert_eq!(
        l.record("2026-01-31").episodes[0].assessments[0]
            .internal_review
            .map(|m| m.date()),
        Some(d("2026-01-19"))
    );
}

#[test]
fn closing_the_case_ends_the_social_worker_episode_unless_the_child_is_looked_after() {
    let mut l = Ledger::new();
    referral(&mut l, "2025-04-01");
    l.add("2025-04-01", allocated(7, 1, Some(Why::FCONTA)));
    let closed = l.add(
        "2025-05-01",
        K::EpisodeClosed {
            reason: crate::codes::ReasonForClosure::RC8,
        },
    );
    let r = l.record("2026-03-31");
    assert_eq!(r.social_worker_episodes.len(), 1);
    assert_eq!(
        r.social_worker_episodes[0].ended.map(|m| m.event),
        Some(closed)
    );
}
