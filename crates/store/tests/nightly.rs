//! The nightly recompute, on both engines: it brings clocks that fall due
//! with no event onto the stored rows, runs once under its lease, and
//! resumes after the last batch committed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{LegalStatus, PlacementType, PrimaryNeed};
use hearth_domain::events::{EventKind, Placement};
use hearth_domain::timescales::Policy;
use hearth_store::{Authorised, ChildId, Db, Nightly, NightlyOptions};
use jiff::civil::date;

use hearth_store::on_both_databases as story;
use hearth_store::testing::child_with_events;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// A child born on 10 March 2020, looked after from 6 January 2025 (aged
/// four): the PEP clock starts on the 5th birthday, with no event.
async fn looked_after_at_four(db: &Db, id: &str) -> ChildId {
    let looked_after = EventKind::BecameLookedAfter {
        legal_status: LegalStatus::V2,
        placement: Placement {
            placement_type: PlacementType::U4,
            provider: None,
            postcode: None,
            urn: None,
            long_term: false,
        },
        category_of_need: PrimaryNeed::N1,
        uasc: false,
    };
    child_with_events(
        db,
        id,
        date(2020, 3, 10),
        at("2025-01-06T12:00:00Z"),
        vec![("2025-01-06", looked_after)],
    )
    .await
    .unwrap()
}

async fn rules(db: &Db, c: ChildId) -> Vec<String> {
    db.obligations_for(&Authorised::unchecked(c))
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.rule)
        .collect()
}

fn options(holder: &str, batch: usize) -> NightlyOptions {
    NightlyOptions {
        batch,
        ..NightlyOptions::new(holder)
    }
}

story!(
    the_nightly_run_brings_a_clock_due_with_no_event_onto_the_caseload,
    |db: &Db| {
        let db = db.clone();
        async move {
            let c = looked_after_at_four(&db, "N0001").await;
            assert!(!rules(&db, c).await.contains(&"pep".to_owned()));

            let cal = WorkingDayCalendar::england_and_wales();
            // 01:00 in England on 12 March 2025 (GMT), two days after the
            // 5th birthday; nothing has been recorded since January.
            let night = at("2025-03-12T01:00:00Z");
            let done = db
                .nightly(
                    &cal,
                    &Policy::statutory(),
                    night,
                    || at("2025-03-12T01:00:05Z"),
                    &options("server-a", 500),
                    |_, _| {},
                )
                .await
                .unwrap();
            let Nightly::Completed(totals) = done else {
                panic!("{done:?}")
            };
            assert_eq!((totals.batches, totals.children), (1, 1));
            assert!(totals.rows >= 1, "the PEP clock was written");
            let pep = db
                .obligations_for(&Authorised::unchecked(c))
                .await
                .unwrap()
                .into_iter()
                .find(|o| o.rule == "pep")
                .expect("a PEP clock from the 5th birthday");
            assert_eq!(pep.start_on, "2025-03-10");

            // Once per scheduled moment: a second run (another server's, at
            // start-up) finds it done and writes nothing.
            let again = db
                .nightly(
                    &cal,
                    &Policy::statutory(),
                    night,
                    || at("2025-03-12T07:00:00Z"),
                    &options("server-b", 500),
                    |_, _| panic!("no batch"),
                )
                .await
                .unwrap();
            assert_eq!(again, Nightly::AlreadyDone);
            let state = db.nightly_state().await.unwrap();
            assert_eq!(state.completed_for, Some(night));
        }
    }
);

story!(a_second_runner_waits_while_the_lease_is_held, |db: &Db| {
    let db = db.clone();
    async move {
        for id in ["N0001", "N0002", "N0003"] {
            looked_after_at_four(&db, id).await;
        }
        let cal = WorkingDayCalendar::england_and_wales();
        let night = at("2025-03-12T01:00:00Z");
        let stopped = db
            .nightly(
                &cal,
                &Policy::statutory(),
                night,
                || at("2025-03-12T01:00:00Z"),
                &NightlyOptions {
                    stop_after: Some(1),
                    ..options("server-a", 1)
                },
                |_, _| {},
            )
            .await
            .unwrap();
        assert!(matches!(stopped, Nightly::Stopped(_)), "{stopped:?}");

        // Server A's lease runs ten minutes from its last batch: B, five
        // minutes later, does nothing.
        let mut batches = 0;
        let held = db
            .nightly(
                &cal,
                &Policy::statutory(),
                night,
                || at("2025-03-12T01:05:00Z"),
                &options("server-b", 1),
                |_, _| batches += 1,
            )
            .await
            .unwrap();
        assert_eq!(held, Nightly::Held);
        assert_eq!(batches, 0);
        assert_eq!(db.nightly_state().await.unwrap().batches, 1);
        assert_eq!(db.nightly_state().await.unwrap().completed_for, None);
    }
});

story!(
    an_interrupted_run_resumes_after_the_last_batch_committed,
    |db: &Db| {
        let db = db.clone();
        async move {
            let mut children = Vec::new();
            for id in ["N0001", "N0002", "N0003", "N0004", "N0005"] {
                children.push(looked_after_at_four(&db, id).await);
            }
            let cal = WorkingDayCalendar::england_and_wales();
            let night = at("2025-03-12T01:00:00Z");
            // Batches of two; the run stops (as a crash would) after two.
            let mut seen = Vec::new();
            let stopped = db
                .nightly(
                    &cal,
                    &Policy::statutory(),
                    night,
                    || at("2025-03-12T01:00:00Z"),
                    &NightlyOptions {
                        stop_after: Some(2),
                        ..options("server-a", 2)
                    },
                    |b, _| seen.push((b.number, b.first, b.last)),
                )
                .await
                .unwrap();
            assert!(matches!(stopped, Nightly::Stopped(t) if t.batches == 2));
            assert_eq!(
                seen,
                vec![(1, children[0], children[1]), (2, children[2], children[3])]
            );
            assert!(rules(&db, children[3]).await.contains(&"pep".to_owned()));
            assert!(!rules(&db, children[4]).await.contains(&"pep".to_owned()));

            // Server B, once A's lease has expired, takes over at batch 3:
            // the first four children are not derived again.
            let mut resumed = Vec::new();
            let done = db
                .nightly(
                    &cal,
                    &Policy::statutory(),
                    night,
                    || at("2025-03-12T01:30:00Z"),
                    &options("server-b", 2),
                    |b, _| resumed.push((b.number, b.first, b.last)),
                )
                .await
                .unwrap();
            assert_eq!(resumed, vec![(3, children[4], children[4])]);
            let Nightly::Completed(totals) = done else {
                panic!("{done:?}")
            };
            assert_eq!(
                (totals.batches, totals.children, totals.batches_now),
                (3, 5, 1)
            );
            assert!(rules(&db, children[4]).await.contains(&"pep".to_owned()));

            // The next night is a new run, from the first child.
            let mut next = Vec::new();
            db.nightly(
                &cal,
                &Policy::statutory(),
                at("2025-03-13T01:00:00Z"),
                || at("2025-03-13T01:00:00Z"),
                &options("server-a", 2),
                |b, _| next.push(b.number),
            )
            .await
            .unwrap();
            assert_eq!(next, vec![1, 2, 3]);
        }
    }
);

/// A child referred on 30 October 2028, whose 45 working days run past the
/// shipped bank holidays; `closed`, the episode closes two days later.
async fn referred_late_in_2028(db: &Db, id: &str, closed: bool) -> ChildId {
    use hearth_domain::codes::{ReasonForClosure, ReferralSource};
    let mut events = vec![(
        "2028-10-30",
        EventKind::ReferralAccepted {
            source: ReferralSource::Police,
            no_further_action: false,
            primary_need: Some(PrimaryNeed::N1),
        },
    )];
    if closed {
        events.push((
            "2028-11-01",
            EventKind::EpisodeClosed {
                reason: ReasonForClosure::RC8,
            },
        ));
    }
    child_with_events(db, id, date(2019, 5, 1), at("2028-11-01T12:00:00Z"), events)
        .await
        .unwrap()
}

story!(
    a_clock_ended_inside_the_calendar_is_not_listed_as_beyond_it,
    |db: &Db| {
        let db = db.clone();
        async move {
            let open = referred_late_in_2028(&db, "N0101", false).await;
            let ended = referred_late_in_2028(&db, "N0102", true).await;
            let beyond = db.clocks_beyond_calendar().await.unwrap();
            let children: Vec<ChildId> = beyond.iter().map(|b| b.child).collect();
            assert!(children.contains(&open), "{beyond:?}");
            // The closed episode ended its assessment clock inside the
            // calendar: it lapses and is not kept, so the new bank holidays
            // are not needed for it. (A duty that ends after the calendar's
            // last day is kept and listed: whether it fell due first is
            // not known until the calendar reaches that far.)
            assert!(!children.contains(&ended), "{beyond:?}");
            assert!(
                rules(&db, ended).await.is_empty(),
                "a lapsed clock is not kept"
            );
            assert!(
                beyond
                    .iter()
                    .any(|b| b.child == open && b.rule == "assessment_completion"),
                "{beyond:?}"
            );
        }
    }
);
