//! The local authority's details, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{
    LegalStatus, PlacementType, PrimaryNeed, ReasonForClosure, ReferralSource,
};
use hearth_domain::events::{EventKind, Placement, When};
use hearth_domain::timescales::Policy;
use hearth_store::on_both_databases as story;
use hearth_store::{ChildId, Db, LocalAuthority, Population};

fn authority(dfe_la_number: Option<u16>, ons_code: Option<&str>) -> LocalAuthority {
    LocalAuthority {
        name: "Testshire".into(),
        population_0_17: 1_000,
        dfe_la_number,
        ons_code: ons_code.map(str::to_owned),
        synthetic: None,
    }
}

story!(
    the_authority_keeps_its_dfe_number_and_ons_code,
    |db: &Db| {
        let db = db.clone();
        async move {
            assert_eq!(db.local_authority().await.unwrap(), None);
            // A number under 100 keeps its leading zeros as the DfE writes it.
            let la = authority(Some(42), Some("E06000002"));
            let mut tx = db.begin().await.unwrap();
            db.set_local_authority(&mut tx, &la).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(db.local_authority().await.unwrap(), Some(la));

            let without = authority(None, None);
            let mut tx = db.begin().await.unwrap();
            db.set_local_authority(&mut tx, &without).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(db.local_authority().await.unwrap(), Some(without));

            let mut tx = db.begin().await.unwrap();
            assert!(
                db.set_local_authority(&mut tx, &authority(Some(1000), None))
                    .await
                    .is_err()
            );
        }
    }
);

/// A child with one event on `on`, or none.
async fn child_with(db: &Db, id: &str, on: &str, kind: Option<EventKind>) -> ChildId {
    hearth_store::testing::child_with_events(
        db,
        id,
        jiff::civil::date(2015, 3, 10),
        "2026-01-02T09:00:00Z".parse().unwrap(),
        kind.map(|k| (on, k)).into_iter().collect(),
    )
    .await
    .unwrap()
}

story!(
    a_returns_read_takes_the_children_the_return_can_hold,
    |db: &Db| {
        let db = db.clone();
        async move {
            let referral = || {
                Some(EventKind::ReferralAccepted {
                    source: ReferralSource::Police,
                    no_further_action: false,
                    primary_need: Some(PrimaryNeed::N1),
                })
            };
            let in_year = child_with(&db, "N1", "2025-06-02", referral()).await;
            let before = child_with(&db, "N2", "2023-06-02", referral()).await;
            // Closed before the year began: not the census's.
            let mut tx = db.begin().await.unwrap();
            db.append_event(
                &mut tx,
                before,
                "2024-01-10".parse::<When>().unwrap(),
                EventKind::EpisodeClosed {
                    reason: ReasonForClosure::RC8,
                },
                "u1",
                "2026-01-02T09:00:00Z".parse().unwrap(),
                &WorkingDayCalendar::england_and_wales(),
                &Policy::statutory(),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            let cared_for = child_with(
                &db,
                "C1",
                "2019-01-06",
                Some(EventKind::BecameLookedAfter {
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
                }),
            )
            .await;
            // No events, so no derived rows: taken by every read.
            let underived = child_with(&db, "U1", "2025-06-02", None).await;

            let read = |population: Population| {
                let db = db.clone();
                async move {
                    let mut ids = Vec::new();
                    db.for_each_ledger_of(&population, |child, _| ids.push(child.id))
                        .await
                        .unwrap();
                    ids
                }
            };
            let (start, end) = (
                jiff::civil::date(2025, 4, 1),
                jiff::civil::date(2026, 3, 31),
            );
            assert_eq!(
                read(Population::ChildrenInNeed { start, end }).await,
                [in_year, underived]
            );
            assert_eq!(read(Population::LookedAfter).await, [cared_for, underived]);
            assert_eq!(
                read(Population::Returns { start, end }).await,
                [in_year, cared_for, underived]
            );
            assert_eq!(
                read(Population::All).await,
                [in_year, before, cared_for, underived]
            );
            // The read is the same as the whole one for the children it takes.
            let mut whole = Vec::new();
            db.for_each_ledger(|child, events| whole.push((child.id, events.len())))
                .await
                .unwrap();
            assert_eq!(whole.len(), 4);
        }
    }
);
