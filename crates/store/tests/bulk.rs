//! Loading a block of children at once, on both engines: the events and
//! every derived row are what recording each ledger alone would store, the
//! record numbers run on in order, and a refused ledger writes nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::{Event, EventKind};
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::Policy;
use hearth_store::{Authorised, ChildId, Db, ImportError, NewChild};
use hearth_synth::{Config, Profile, Synth};

use hearth_store::on_both_databases as story;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// The first `n` children of a small synthetic authority, as the loader
/// would store them.
fn generated(n: usize) -> Vec<(NewChild, Vec<Event>)> {
    let calendar = WorkingDayCalendar::england_and_wales();
    let config = Config {
        profile: Profile::named("small").unwrap(),
        seed: 11,
        years: 2,
        as_at: jiff::civil::date(2026, 11, 30),
    };
    Synth::new(config, &calendar)
        .unwrap()
        .take(n)
        .map(|c| {
            let i = c.identity;
            let details = NewChild {
                date_of_birth: Some(i.date_of_birth),
                sex: Some(i.sex),
                ethnicity: Some(i.ethnicity),
                upn: i.upn,
                nhs_number: Some(i.nhs_number),
                postcode: i.postcode,
                ..NewChild::new(i.la_child_id, i.given_name, i.family_name)
            };
            (details, c.events)
        })
        .collect()
}

story!(
    a_block_of_children_is_stored_as_recording_each_alone_would,
    |db: &Db| {
        let db = db.clone();
        async move {
            let cal = WorkingDayCalendar::england_and_wales();
            let policy = Policy::statutory();
            let stamp = at("2026-11-30T20:00:00Z");
            let children = generated(150);
            let (first, second) = children.split_at(100);

            let mut tx = db.begin().await.unwrap();
            let ids = db
                .import_children(&mut tx, first, &cal, &policy, stamp)
                .await
                .unwrap();
            let more = db
                .import_children(&mut tx, second, &cal, &policy, stamp)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            let all: Vec<ChildId> = ids.iter().chain(&more).copied().collect();
            assert_eq!(
                all,
                (1..=150).map(ChildId).collect::<Vec<_>>(),
                "record numbers run on in the order given"
            );

            let mut events = 0;
            let mut clocks = 0;
            for (id, (details, ledger)) in all.iter().zip(&children) {
                let who = Authorised::unchecked(*id);
                let child = db.child(&who).await.unwrap().unwrap();
                assert_eq!(child.details, *details);
                let stored = db.events(&who).await.unwrap();
                assert_eq!(stored.len(), ledger.len());
                // The same history, by the new ids.
                assert_eq!(
                    ChildRecord::fold_all(&stored).unwrap().facts,
                    ChildRecord::fold_all(ledger).unwrap().facts
                );
                events += stored.len();
                clocks += db.obligations_for(&who).await.unwrap().len();
                // Deriving the rows again from the stored events changes none.
                let mut tx = db.begin().await.unwrap();
                let written = db
                    .rederive(&mut tx, *id, &cal, &policy, stamp)
                    .await
                    .unwrap();
                tx.rollback().await.unwrap();
                assert_eq!(written, 0, "child {} derived rows differ", id.0);
            }
            assert!(
                events > 1_000 && clocks > 100,
                "{events} events, {clocks} clocks"
            );

            // A block with one contradictory ledger is refused, naming the
            // child, and nothing of the block is kept.
            let bad = Event::new(
                1,
                jiff::civil::date(2025, 1, 6),
                "u1",
                stamp,
                EventKind::ProtectionPlanEnded,
            );
            let mut block = generated(152)[150..].to_vec();
            block[1].1 = vec![bad];
            let refused_id = block[1].0.la_child_id.as_str().to_owned();
            let mut tx = db.begin().await.unwrap();
            match db
                .import_children(&mut tx, &block, &cal, &policy, stamp)
                .await
            {
                Err(ImportError::Child { la_child_id, .. }) => assert_eq!(la_child_id, refused_id),
                other => panic!("expected a refusal, got {other:?}"),
            }
            tx.rollback().await.unwrap();
            let who = Authorised::unchecked(ChildId(151));
            assert!(db.child(&who).await.unwrap().is_none());
            assert!(db.events(&who).await.unwrap().is_empty());
        }
    }
);

/// The loaded tables' secondary indexes and foreign keys, as PostgreSQL
/// defines them.
async fn set_aside_kinds(c: &mut sqlx::PgConnection) -> (Vec<String>, Vec<String>) {
    let indexes: Vec<String> = sqlx::query_scalar(
        "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema()
            AND tablename IN ('event', 'obligation', 'write_up', 'child') ORDER BY 1",
    )
    .fetch_all(&mut *c)
    .await
    .unwrap();
    let keys: Vec<String> = sqlx::query_scalar(
        "SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid)
            FROM pg_constraint WHERE contype = 'f' AND connamespace = current_schema()::regnamespace
            ORDER BY 1",
    )
    .fetch_all(&mut *c)
    .await
    .unwrap();
    (indexes, keys)
}

story!(
    a_load_sets_indexes_and_foreign_keys_aside_and_makes_them_again,
    |db: &Db| {
        let db = db.clone();
        async move {
            let pool = match &db {
                Db::Postgres(pool) => pool,
                Db::Sqlite { .. } => return sqlite_text_indexes_are_filled_after_a_load(&db).await,
            };
            let mut c = pool.acquire().await.unwrap();
            let before = set_aside_kinds(&mut c).await;
            drop(c);
            assert!(
                before
                    .1
                    .iter()
                    .any(|k| k.starts_with("event event_child_id_fkey")),
                "{:?}",
                before.1
            );
            let cal = WorkingDayCalendar::england_and_wales();
            let policy = Policy::statutory();
            let stamp = at("2026-11-30T20:00:00Z");

            // Set aside inside the load's transaction...
            let mut tx = db.begin().await.unwrap();
            let deferred = db.defer_indexes(&mut tx).await.unwrap();
            let hearth_store::Tx::Postgres(t) = &mut tx else {
                panic!("a PostgreSQL transaction")
            };
            let during = set_aside_kinds(t).await;
            assert!(during.0.len() < before.0.len(), "indexes set aside");
            assert!(
                !during.1.iter().any(|k| k.starts_with("event ")),
                "the event table's keys set aside: {:?}",
                during.1
            );
            db.import_children(&mut tx, &generated(20), &cal, &policy, stamp)
                .await
                .unwrap();
            // ...and made again before it commits: the same definitions.
            db.restore_indexes(&mut tx, deferred).await.unwrap();
            tx.commit().await.unwrap();
            let mut c = pool.acquire().await.unwrap();
            assert_eq!(set_aside_kinds(&mut c).await, before);
            drop(c);

            // A load that fails leaves them as they were.
            let mut tx = db.begin().await.unwrap();
            let _deferred = db.defer_indexes(&mut tx).await.unwrap();
            tx.rollback().await.unwrap();
            let mut c = pool.acquire().await.unwrap();
            assert_eq!(set_aside_kinds(&mut c).await, before);
        }
    }
);

/// SQLite sets its full-text indexes' triggers aside during a load; once
/// made again, the loaded names and write-ups are in the indexes.
async fn sqlite_text_indexes_are_filled_after_a_load(db: &Db) {
    let Db::Sqlite { write, .. } = db else {
        unreachable!()
    };
    let triggers = || async {
        sqlx::query_scalar::<_, String>(
            "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE '%_insert' ORDER BY 1",
        )
        .fetch_all(write)
        .await
        .unwrap()
    };
    let before = triggers().await;
    assert_eq!(before, ["child_name_insert", "write_up_insert"]);
    let cal = WorkingDayCalendar::england_and_wales();
    let children = generated(40);
    let mut tx = db.begin().await.unwrap();
    let deferred = db.defer_indexes(&mut tx).await.unwrap();
    db.import_children(
        &mut tx,
        &children,
        &cal,
        &Policy::statutory(),
        at("2026-11-30T20:00:00Z"),
    )
    .await
    .unwrap();
    db.restore_indexes(&mut tx, deferred).await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(triggers().await, before);
    let names: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM child_name")
        .fetch_one(write)
        .await
        .unwrap();
    assert_eq!(names, 40);
    // Every write-up is found through the index by a word of its own.
    let write_ups: Vec<(i64, String)> = sqlx::query_as("SELECT rowid, body FROM write_up")
        .fetch_all(write)
        .await
        .unwrap();
    assert!(!write_ups.is_empty());
    for (rowid, body) in write_ups.iter().take(20) {
        let word: String = body.chars().take(12).collect();
        let phrase = format!("\"{}\"", word.replace('"', "\"\""));
        let found: Vec<i64> =
            sqlx::query_scalar("SELECT rowid FROM write_up_text WHERE write_up_text MATCH $1")
                .bind(phrase)
                .fetch_all(write)
                .await
                .unwrap();
        assert!(found.contains(rowid), "write-up {rowid} in the index");
    }
    // A child added afterwards is indexed by the trigger again.
    let mut tx = db.begin().await.unwrap();
    db.import_children(
        &mut tx,
        &generated(41)[40..],
        &cal,
        &Policy::statutory(),
        at("2026-11-30T20:00:00Z"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let names: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM child_name")
        .fetch_one(write)
        .await
        .unwrap();
    assert_eq!(names, 41);
}
