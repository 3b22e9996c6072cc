//! The small profile's casework facts for the returns: pre-proceedings with
//! the offer of a family group decision-making meeting (CIN census
//! 2026-27), social worker episodes with their reasons and the workers'
//! Social Work England numbers (SSDA903), the primary need at referral and
//! the assessment's internal review, at the rates the generator documents.
#![allow(clippy::unwrap_used)] // test helpers: a failure here is a failed test

use hearth_domain::access::Role;
use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::PreProceedingsDecision;
use hearth_domain::record::ChildRecord;
use hearth_synth::{Config, Profile, Synth};

#[test]
fn the_small_profile_records_the_casework_facts_the_returns_need() {
    let calendar = WorkingDayCalendar::england_and_wales();
    let config = Config {
        profile: Profile::named("small").unwrap(),
        seed: 42,
        years: 6,
        as_at: jiff::civil::date(2026, 11, 30),
    };
    let synth = Synth::new(config, &calendar).unwrap();
    let staff = synth.workforce().staff.clone();
    let (mut periods, mut issued, mut stepped_down, mut open) = (0, 0, 0, 0);
    let (mut letters, mut offered, mut outcome_known, mut held) = (0usize, 0usize, 0usize, 0usize);
    let (mut applications, mut in_an_episode) = (0, 0);
    let (mut sw_episodes, mut with_reason, mut first_contact) = (0, 0, 0);
    let (mut referrals_on, mut with_need, mut reviews) = (0, 0, 0);
    for child in synth {
        let r = ChildRecord::fold(&child.events, config.as_at).unwrap();
        for p in &r.pre_proceedings_periods {
            periods += 1;
            in_an_episode += usize::from(p.episode.is_some());
            // The census module's dates keep their order (CIN 2026-27
            // rules 9006, 9009, 9012, 9013).
            if let Some(l) = p.letter_before_proceedings {
                letters += 1;
                assert!(l.date() > p.decided.date(), "{:?}", p);
                offered += usize::from(p.family_group_meeting_offered == Some(true));
            }
            if let Some(held_or_not) = p.family_group_meeting_held() {
                outcome_known += 1;
                held += usize::from(held_or_not);
            }
            match p.step_decision.map(|s| s.decision) {
                Some(PreProceedingsDecision::IssueProceedings) => issued += 1,
                Some(PreProceedingsDecision::StepDown) => stepped_down += 1,
                Some(PreProceedingsDecision::Other) => {}
                None => open += 1,
            }
            if let (Some(s), Some(a)) = (p.step_decision, p.court_application) {
                applications += 1;
                assert!(a.date() >= s.mark.date());
                assert!(p.letter_of_issue.unwrap().date() >= a.date());
            }
            assert!(
                p.step_decision
                    .is_none_or(|s| s.mark.date() >= p.decided.date())
            );
        }
        for e in &r.social_worker_episodes {
            sw_episodes += 1;
            with_reason += usize::from(e.reason.is_some());
            first_contact += usize::from(e.reason.is_some_and(|r| r.as_code() == "FCONTA"));
            let worker = staff
                .iter()
                .find(|s| i64::from(s.id) == e.worker.0)
                .unwrap();
            // Every allocated worker is a registered social worker (or a
            // personal adviser, who need not be).
            assert!(
                worker.swe_number.is_some() || worker.username.starts_with("pa"),
                "{}",
                worker.username
            );
        }
        for ep in &r.episodes {
            if !ep.referral.no_further_action {
                referrals_on += 1;
                with_need += usize::from(ep.referral.primary_need.is_some());
            }
            reviews += ep
                .assessments
                .iter()
                .filter(|a| a.internal_review.is_some())
                .count();
        }
    }
    println!(
        "pre-proceedings {periods} (issued {issued}, stepped down {stepped_down}, open {open}); \
         letters {letters}, offered {offered}; meeting outcome {outcome_known}, held {held}; \
         applications {applications}; social worker episodes {sw_episodes}; \
         internal reviews {reviews}"
    );
    assert!(periods >= 20, "{periods} periods of pre-proceedings");
    assert_eq!(in_an_episode, periods, "each belongs to an episode of need");
    // About one step down for every two that issue (Masson et al. 2013;
    // Foundations/Coram 2023): between one in five and one in two ended.
    let ended = f64::from(issued + stepped_down);
    let share = f64::from(stepped_down) / ended;
    assert!((0.2..=0.5).contains(&share), "step-down share {share:.2}");
    assert_eq!(
        applications, issued,
        "each decision to issue has its application"
    );
    // The offer in nearly every letter; the meeting held after most offers.
    let offer_share = offered as f64 / letters as f64;
    assert!(offer_share > 0.85, "offered in {offer_share:.2} of letters");
    let held_share = held as f64 / outcome_known as f64;
    assert!(
        (0.45..=0.85).contains(&held_share),
        "held after {held_share:.2}"
    );
    // Every change of worker has its reason; each episode of need starts
    // with first contact.
    assert_eq!(with_reason, sw_episodes);
    assert!(first_contact > 0 && first_contact < sw_episodes);
    // Rule 8610: every referral that goes on has a primary need from the
    // start.
    assert_eq!(with_need, referrals_on);
    assert!(reviews > 0);
    // Registered social workers and managers have their numbers; no two
    // share one.
    let mut numbers: Vec<&str> = staff
        .iter()
        .filter_map(|s| s.swe_number.as_ref().map(|n| n.as_str()))
        .collect();
    assert!(
        staff
            .iter()
            .filter(|s| s.role == Role::TeamManager)
            .all(|s| s.swe_number.is_some())
    );
    let n = numbers.len();
    numbers.sort_unstable();
    numbers.dedup();
    assert_eq!(numbers.len(), n);
}
