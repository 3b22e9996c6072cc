//! The store's conformance suite: every story runs on SQLite always, and on
//! PostgreSQL when `HEARTH_TEST_DATABASE_URL` points at a server (each test
//! gets a fresh database there, dropped afterwards).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{
    CategoryOfAbuse, LegalStatus, PlacementType, PrimaryNeed, ReferralSource,
};
use hearth_domain::events::{EventKind, Placement, When};
use hearth_domain::ids::LaChildId;
use hearth_domain::timescales::Policy;
use hearth_store::testing::TestDb;
use hearth_store::{
    AppendError, AuditEntry, ChildId, Db, IdentityField, NewChild, NewUser, Outcome, Role, TeamId,
    Tx, UserId,
};
use jiff::civil::date;

use hearth_store::on_both_databases as story;

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn child(id: &str) -> NewChild {
    NewChild {
        date_of_birth: Some(date(2015, 6, 1)),
        ..NewChild::new(LaChildId::parse(id).unwrap(), "Ada", "Testchild")
    }
}

async fn new_child(db: &Db, id: &str) -> ChildId {
    let mut tx = db.begin().await.unwrap();
    let c = db
        .create_child(&mut tx, &child(id), at("2025-01-02T09:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    c
}

async fn append(db: &Db, child: ChildId, on: &str, kind: EventKind) -> Result<u64, AppendError> {
    let cal = WorkingDayCalendar::england_and_wales();
    let mut tx = db.begin().await.unwrap();
    let when: When = on.parse().unwrap();
    let stamp = at(&format!("{}T12:00:00.123456789Z", when.date()));
    match db
        .append_event(
            &mut tx,
            child,
            when,
            kind,
            "u1",
            stamp,
            &cal,
            &Policy::statutory(),
        )
        .await
    {
        Ok(e) => {
            tx.commit().await.unwrap();
            Ok(e.id.0)
        }
        Err(e) => {
            tx.rollback().await.unwrap();
            Err(e)
        }
    }
}

/// A system administrator, made in `tx`.
async fn administrator(db: &Db, tx: &mut hearth_store::Tx) -> hearth_store::UserId {
    let admin = NewUser {
        username: "admin",
        display_name: "Admin",
        role: Role::SystemAdministrator,
        team: None,
        manager: None,
        password_hash: None,
    };
    db.create_user(tx, &admin, at("2025-01-02T09:00:00Z"))
        .await
        .unwrap()
}

async fn raw(db: &Db, sql: &'static str) -> Result<(), sqlx::Error> {
    match db {
        Db::Sqlite { write, .. } => sqlx::query(sql).execute(write).await.map(|_| ()),
        Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
    }
}

story!(children_round_trip, |db: &Db| {
    let db = db.clone();
    async move {
        let id = new_child(&db, "C0001").await;
        let back = db
            .child(&hearth_store::Authorised::unchecked(id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back.details, child("C0001"));
        assert!(
            db.child(&hearth_store::Authorised::unchecked(ChildId(id.0 + 1000)))
                .await
                .unwrap()
                .is_none()
        );

        // The LA child id is unique.
        let mut tx = db.begin().await.unwrap();
        assert!(
            db.create_child(&mut tx, &child("C0001"), at("2025-01-02T09:00:00Z"))
                .await
                .is_err()
        );
        tx.rollback().await.unwrap();
    }
});

story!(identity_changes_keep_old_and_new_values, |db: &Db| {
    let db = db.clone();
    async move {
        let id = new_child(&db, "C0002").await;
        let mut tx = db.begin().await.unwrap();
        let team = db
            .create_team(&mut tx, "Assessment 1", "assessment")
            .await
            .unwrap();
        let user = db
            .create_user(
                &mut tx,
                &NewUser {
                    username: "sw1",
                    display_name: "Social Worker One",
                    role: Role::SocialWorker,
                    team: Some(team),
                    manager: None,
                    password_hash: None,
                },
                at("2025-01-02T09:00:00Z"),
            )
            .await
            .unwrap();
        db.change_identity(
            &mut tx,
            id,
            IdentityField::FamilyName,
            Some("Newname"),
            user,
            at("2025-02-01T09:00:00Z"),
        )
        .await
        .unwrap();
        db.change_identity(
            &mut tx,
            id,
            IdentityField::DateOfBirth,
            Some("2015-07-01"),
            user,
            at("2025-02-01T09:00:00Z"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let back = db
            .child(&hearth_store::Authorised::unchecked(id))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(back.details.family_name, "Newname");
        assert_eq!(back.details.date_of_birth, Some(date(2015, 7, 1)));
        let history = db.identity_history(id).await.unwrap();
        assert_eq!(
            history,
            vec![
                (
                    "family_name".into(),
                    Some("Testchild".into()),
                    Some("Newname".into()),
                    Some(user)
                ),
                (
                    "date_of_birth".into(),
                    Some("2015-06-01".into()),
                    Some("2015-07-01".into()),
                    Some(user)
                ),
            ]
        );
    }
});

story!(events_append_with_derived_rows, |db: &Db| {
    let db = db.clone();
    async move {
        let c = new_child(&db, "C0003").await;
        let referral = append(
            &db,
            c,
            "2024-12-20",
            EventKind::ReferralAccepted {
                source: ReferralSource::from_code("6").unwrap(),
                no_further_action: false,
                primary_need: None,
            },
        )
        .await
        .unwrap();
        append(&db, c, "2024-12-20", EventKind::AssessmentStarted)
            .await
            .unwrap();
        append(&db, c, "2024-12-20", EventKind::Section47Started)
            .await
            .unwrap();

        let events = db
            .events(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap();
        assert_eq!(events.len(), 3);
        assert_eq!(events[0].id.0, referral);
        // Timestamps are kept to the microsecond on both engines.
        assert_eq!(events[0].recorded_at, at("2024-12-20T12:00:00.123457Z"));

        let summary = db
            .summary(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(summary.status, "child_in_need");
        assert_eq!(summary.events, 3);
        let clocks = db
            .obligations_for(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap();
        let rules: Vec<(&str, jiff::civil::Date)> = clocks
            .iter()
            .map(|o| (o.rule.as_str(), o.due_date.unwrap()))
            .collect();
        assert_eq!(
            rules,
            vec![
                ("icpc", date(2025, 1, 15)),
                ("assessment_completion", date(2025, 2, 26))
            ]
        );
        assert!(clocks.iter().all(|o| o.met_on.is_none()));
    }
});

story!(a_contradictory_event_writes_nothing, |db: &Db| {
    let db = db.clone();
    async move {
        let c = new_child(&db, "C0004").await;
        append(
            &db,
            c,
            "2025-01-06",
            EventKind::ReferralAccepted {
                source: ReferralSource::from_code("2A").unwrap(),
                no_further_action: false,
                primary_need: None,
            },
        )
        .await
        .unwrap();
        let before = db
            .obligations_for(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap();
        let err = append(&db, c, "2025-01-07", EventKind::ProtectionPlanEnded)
            .await
            .unwrap_err();
        match err {
            AppendError::Refused(r) => {
                assert_eq!(r.problems.len(), 1);
                assert!(
                    r.problems[0]
                        .message()
                        .contains("no child protection plan is open"),
                    "{r}"
                );
            }
            other => panic!("expected a refusal, got {other}"),
        }
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(c))
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(
            db.obligations_for(&hearth_store::Authorised::unchecked(c))
                .await
                .unwrap(),
            before
        );

        let missing = append(
            &db,
            ChildId(c.0 + 1000),
            "2025-01-07",
            EventKind::AssessmentStarted,
        )
        .await
        .unwrap_err();
        assert!(matches!(missing, AppendError::NoSuchChild(_)), "{missing}");
    }
});

story!(looked_after_episodes_are_derived, |db: &Db| {
    let db = db.clone();
    async move {
        let c = new_child(&db, "C0005").await;
        let placement = |t| Placement {
            placement_type: t,
            provider: None,
            postcode: None,
            urn: None,
            long_term: false,
        };
        append(
            &db,
            c,
            "2025-01-06",
            EventKind::BecameLookedAfter {
                legal_status: LegalStatus::V2,
                placement: placement(PlacementType::U4),
                category_of_need: PrimaryNeed::N1,
                uasc: false,
            },
        )
        .await
        .unwrap();
        append(
            &db,
            c,
            "2025-03-03",
            EventKind::LegalStatusChanged {
                legal_status: LegalStatus::C1,
            },
        )
        .await
        .unwrap();
        let summary = db
            .summary(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(summary.status, "looked_after");
        assert_eq!(summary.legal_status.as_deref(), Some("C1"));
        assert_eq!(summary.placement_type.as_deref(), Some("U4"));
        let rules: Vec<String> = db
            .obligations_for(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.rule)
            .collect();
        for rule in [
            "care_plan",
            "la_review_first",
            "la_visit_new_placement",
            "health_initial",
            "dental_check",
            "pep",
        ] {
            assert!(
                rules.iter().any(|r| r == rule),
                "{rule} missing from {rules:?}"
            );
        }
    }
});

story!(the_ledger_and_the_audit_log_are_append_only, |db: &Db| {
    let db = db.clone();
    async move {
        let c = new_child(&db, "C0006").await;
        append(
            &db,
            c,
            "2025-01-06",
            EventKind::CaseNote {
                text: "Visited school.".into(),
                significant: false,
            },
        )
        .await
        .unwrap();
        let mut tx = db.begin().await.unwrap();
        db.audit(
            &mut tx,
            &AuditEntry {
                at: at("2025-01-06T10:00:00Z"),
                actor: None,
                action: "view_child",
                outcome: Outcome::Allowed,
                child: Some(c),
                detail: None,
                request_id: Some("r1"),
            },
        )
        .await
        .unwrap();
        db.audit(
            &mut tx,
            &AuditEntry {
                at: at("2025-01-06T11:00:00Z"),
                actor: None,
                action: "view_child",
                outcome: Outcome::Refused,
                child: Some(c),
                detail: Some("out of scope"),
                request_id: Some("r2"),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        for sql in [
            "UPDATE event SET kind = 'X'",
            "DELETE FROM event",
            "UPDATE audit_event SET action = 'nothing'",
            "DELETE FROM audit_event",
        ] {
            let err = raw(&db, sql).await.expect_err(sql).to_string();
            assert!(err.contains("append-only"), "{sql}: {err}");
        }
        let rows = db
            .audit_for_child(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].action, "view_child");
        assert!(rows[0].refused, "newest first");
        assert_eq!(rows[0].detail.as_deref(), Some("out of scope"));
        assert!(!rows[1].refused);
    }
});

story!(
    an_audit_row_commits_or_rolls_back_with_its_transaction,
    |db: &Db| {
        let db = db.clone();
        async move {
            let c = new_child(&db, "C0007").await;
            let mut tx: Tx = db.begin().await.unwrap();
            db.audit(
                &mut tx,
                &AuditEntry {
                    at: at("2025-01-06T10:00:00Z"),
                    actor: None,
                    action: "view_child",
                    outcome: Outcome::Allowed,
                    child: Some(c),
                    detail: None,
                    request_id: None,
                },
            )
            .await
            .unwrap();
            tx.rollback().await.unwrap();
            assert!(
                db.audit_for_child(&hearth_store::Authorised::unchecked(c))
                    .await
                    .unwrap()
                    .is_empty()
            );
        }
    }
);

story!(
    rebuild_recomputes_derived_rows_under_a_new_policy,
    |db: &Db| {
        let db = db.clone();
        async move {
            let c = new_child(&db, "C0008").await;
            append(
                &db,
                c,
                "2025-01-06",
                EventKind::ReferralAccepted {
                    source: ReferralSource::from_code("6").unwrap(),
                    no_further_action: false,
                    primary_need: None,
                },
            )
            .await
            .unwrap();
            append(&db, c, "2025-01-06", EventKind::AssessmentStarted)
                .await
                .unwrap();
            append(&db, c, "2025-01-06", EventKind::Section47Started)
                .await
                .unwrap();
            append(
                &db,
                c,
                "2025-01-20",
                EventKind::InitialConferenceHeld {
                    seen_and_heard: None,
                    analysis: None,
                    plan: true,
                },
            )
            .await
            .unwrap();
            append(
                &db,
                c,
                "2025-01-20",
                EventKind::ProtectionPlanStarted {
                    category: CategoryOfAbuse::NEG,
                },
            )
            .await
            .unwrap();
            let before = db
                .obligations_for(&hearth_store::Authorised::unchecked(c))
                .await
                .unwrap();
            let visit = |o: &&hearth_store::StoredObligation| o.rule == "cp_visit";
            assert_eq!(
                before.iter().find(visit).unwrap().due_date,
                Some(date(2025, 2, 3))
            );

            let cal = WorkingDayCalendar::england_and_wales();
            let same = db
                .rebuild(
                    &cal,
                    &Policy::statutory(),
                    at("2025-02-01T00:00:00Z"),
                    |_, _| {},
                )
                .await
                .unwrap();
            assert!(same >= 1);
            assert_eq!(
                db.obligations_for(&hearth_store::Authorised::unchecked(c))
                    .await
                    .unwrap(),
                before
            );

            let strict = Policy::from_toml("[timescales]\ncp_visit = \"5 working days\"").unwrap();
            let mut seen = Vec::new();
            db.rebuild(&cal, &strict, at("2025-02-01T00:00:00Z"), |done, total| {
                seen.push((done, total))
            })
            .await
            .unwrap();
            assert_eq!(seen.last().map(|(d, t)| d == t), Some(true));
            let after = db
                .obligations_for(&hearth_store::Authorised::unchecked(c))
                .await
                .unwrap();
            assert_eq!(
                after.iter().find(visit).unwrap().due_date,
                Some(date(2025, 1, 27))
            );
        }
    }
);

/// The two migration trees give the same tables, columns and nullability.
#[tokio::test]
async fn sqlite_and_postgres_schemas_match() {
    let Some(pg) = TestDb::postgres().await.unwrap() else {
        eprintln!("HEARTH_TEST_DATABASE_URL is not set: schema comparison not run");
        return;
    };
    let lite = TestDb::sqlite().await.unwrap();
    let a = lite.db.columns().await.unwrap();
    let b = pg.db.columns().await.unwrap();
    assert!(a.len() > 50, "{a:?}");
    let only_sqlite: Vec<_> = a.iter().filter(|c| !b.contains(c)).collect();
    let only_pg: Vec<_> = b.iter().filter(|c| !a.contains(c)).collect();
    assert!(
        only_sqlite.is_empty() && only_pg.is_empty(),
        "SQLite only: {only_sqlite:?}\nPostgreSQL only: {only_pg:?}"
    );
    lite.finish().await.unwrap();
    pg.finish().await.unwrap();
}

#[tokio::test]
async fn bad_addresses_are_refused() {
    for url in ["mysql://x", "sqlite::memory:", "sqlite:"] {
        assert!(Db::open(url).await.is_err(), "{url}");
    }
}

story!(a_whole_ledger_imports_at_once, |db: &Db| {
    let db = db.clone();
    async move {
        use hearth_domain::events::{ContactOutcome, Event, EventId};
        let stamp = at("2025-01-06T09:00:00Z");
        let police = ReferralSource::from_code("6").unwrap();
        let ledger = vec![
            Event::new(
                71,
                jiff::civil::date(2025, 1, 6),
                "u1",
                stamp,
                EventKind::ContactReceived { source: police },
            ),
            Event::new(
                72,
                jiff::civil::date(2025, 1, 6),
                "u1",
                stamp,
                EventKind::ContactDecision {
                    contact: EventId(71),
                    outcome: ContactOutcome::Referral,
                },
            ),
            Event::new(
                73,
                jiff::civil::date(2025, 1, 6),
                "u1",
                stamp,
                EventKind::ReferralAccepted {
                    source: police,
                    no_further_action: false,
                    primary_need: None,
                },
            ),
        ];
        let cal = WorkingDayCalendar::england_and_wales();
        let mut tx = db.begin().await.unwrap();
        let ids = db
            .import_children(
                &mut tx,
                &[(child("C0100"), ledger.clone())],
                &cal,
                &Policy::statutory(),
                stamp,
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let c = ids[0];
        assert_eq!(db.child_by_la_child_id("C0100").await.unwrap(), Some(c));
        let stored = db
            .events(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap();
        assert_eq!(stored.len(), ledger.len());
        for (kept, given) in stored.iter().zip(&ledger) {
            assert_eq!(kept.event.name(), given.event.name(), "order kept");
            assert_eq!(kept.on, given.on);
        }
        let EventKind::ContactDecision { contact, .. } = &stored[1].event else {
            panic!("order kept")
        };
        assert_eq!(
            *contact, stored[0].id,
            "the reference follows its event's new id"
        );
        let rules: Vec<String> = db
            .obligations_for(&hearth_store::Authorised::unchecked(c))
            .await
            .unwrap()
            .into_iter()
            .map(|o| o.rule)
            .collect();
        assert_eq!(rules, ["contact_decision", "assessment_completion"]);

        // A contradictory ledger is refused whole, naming its child, and
        // the child is not created.
        let bad = vec![Event::new(
            1,
            jiff::civil::date(2025, 1, 6),
            "u1",
            stamp,
            EventKind::ProtectionPlanEnded,
        )];
        let mut tx = db.begin().await.unwrap();
        let refused = db
            .import_children(
                &mut tx,
                &[(child("C0101"), bad)],
                &cal,
                &Policy::statutory(),
                stamp,
            )
            .await;
        assert!(
            matches!(&refused, Err(hearth_store::ImportError::Child { la_child_id, error: AppendError::Refused(_) }) if la_child_id == "C0101"),
            "{refused:?}"
        );
        tx.rollback().await.unwrap();
        assert_eq!(db.child_by_la_child_id("C0101").await.unwrap(), None);
    }
});

story!(break_glass_grants_are_reported_with_names, |db: &Db| {
    let db = db.clone();
    async move {
        let c = new_child(&db, "C0009").await;
        assert_eq!(db.child_by_la_child_id("C0009").await.unwrap(), Some(c));
        assert_eq!(db.child_by_la_child_id("c0009").await.unwrap(), None);
        assert_eq!(db.child_by_la_child_id("NOPE").await.unwrap(), None);
        let mut tx = db.begin().await.unwrap();
        let new_user = |username| NewUser {
            username,
            display_name: "Sam Worker",
            role: Role::SocialWorker,
            team: None,
            manager: None,
            password_hash: None,
        };
        let sw = db
            .create_user(&mut tx, &new_user("sw"), at("2025-01-02T09:00:00Z"))
            .await
            .unwrap();
        let granted = at("2025-03-03T10:00:00Z");
        let until = at("2025-03-03T11:00:00Z");
        // An ordinary grant is not on the report; break-glass is.
        db.grant(&mut tx, c, sw, until, false, "cover", sw, granted)
            .await
            .unwrap();
        db.grant(&mut tx, c, sw, until, true, "Police request", sw, granted)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let report = db
            .break_glass_report(at("2025-03-01T00:00:00Z"))
            .await
            .unwrap();
        assert_eq!(report.len(), 1);
        let row = &report[0];
        assert_eq!(
            (row.child, row.la_child_id.as_str(), row.user),
            (c, "C0009", sw)
        );
        assert_eq!(row.user_name, "Sam Worker");
        assert_eq!(row.reason, "Police request");
        assert_eq!((row.granted_at, row.until), (granted, until));
        assert!(
            db.break_glass_report(at("2025-03-04T00:00:00Z"))
                .await
                .unwrap()
                .is_empty()
        );
    }
});

story!(users_and_teams_are_listed_and_changed, |db: &Db| {
    let db = db.clone();
    async move {
        let now = at("2025-01-02T09:00:00Z");
        let mut tx = db.begin().await.unwrap();
        let b = db.create_team(&mut tx, "B team", "cp").await.unwrap();
        let a = db
            .create_team(&mut tx, "A team", "looked_after")
            .await
            .unwrap();
        let user = |username, display_name, role, team, manager| NewUser {
            username,
            display_name,
            role,
            team,
            manager,
            password_hash: None,
        };
        let tm = db
            .create_user(
                &mut tx,
                &user("tm", "Zed Manager", Role::TeamManager, Some(b), None),
                now,
            )
            .await
            .unwrap();
        let sw = db
            .create_user(
                &mut tx,
                &user("sw", "Amy Worker", Role::SocialWorker, Some(b), Some(tm)),
                now,
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let teams = db.teams().await.unwrap();
        let listed: Vec<(TeamId, &str, &str, i64)> = teams
            .iter()
            .map(|t| (t.id, t.name.as_str(), t.kind.as_str(), t.members))
            .collect();
        assert_eq!(
            listed,
            [(a, "A team", "looked_after", 0), (b, "B team", "cp", 2)]
        );
        let users = db.users().await.unwrap();
        assert_eq!(
            users.iter().map(|u| u.id).collect::<Vec<_>>(),
            [sw, tm],
            "by name"
        );
        let amy = &users[0];
        assert_eq!(
            (
                amy.username.as_str(),
                amy.role,
                amy.team,
                amy.manager,
                amy.active
            ),
            ("sw", Role::SocialWorker, Some(b), Some(tm), true)
        );
        assert_eq!(db.user(sw).await.unwrap().as_ref(), Some(amy));
        assert_eq!(db.user(UserId(9999)).await.unwrap(), None);

        // A new role, team and manager take effect at once for access.
        let mut tx = db.begin().await.unwrap();
        assert!(
            db.set_user_role_and_team(&mut tx, sw, Role::TeamManager, Some(a), None)
                .await
                .unwrap()
        );
        assert!(
            !db.set_user_role_and_team(&mut tx, UserId(9999), Role::Iro, None, None)
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        let changed = db.user(sw).await.unwrap().unwrap();
        assert_eq!(
            (changed.role, changed.team, changed.manager),
            (Role::TeamManager, Some(a), None)
        );
        let actor = db.actor(sw).await.unwrap().unwrap();
        assert_eq!((actor.team, actor.manages.clone()), (Some(a), vec![a]));
        assert!(
            db.actor(tm).await.unwrap().unwrap().manages == vec![b],
            "no longer manages anyone in A team"
        );
        let teams = db.teams().await.unwrap();
        assert_eq!((teams[0].members, teams[1].members), (1, 1));
    }
});

story!(bank_holiday_lists_are_kept_newest_first, |db: &Db| {
    let db = db.clone();
    async move {
        assert_eq!(db.newest_bank_holiday_list().await.unwrap(), None);
        assert!(db.bank_holiday_lists().await.unwrap().is_empty());
        let mut tx = db.begin().await.unwrap();
        let admin = administrator(&db, &mut tx).await;
        for (body, year) in [("first", 2028), ("second", 2029)] {
            let list = hearth_store::NewBankHolidayList {
                body,
                sha256: "ab12",
                covers_from: date(2019, 1, 1),
                covers_to: date(year, 12, 31),
                imported_by: admin,
                imported_at: at("2025-03-03T10:00:00Z"),
            };
            db.add_bank_holiday_list(&mut tx, &list).await.unwrap();
        }
        tx.commit().await.unwrap();
        assert_eq!(
            db.newest_bank_holiday_list().await.unwrap().as_deref(),
            Some("second")
        );
        let lists = db.bank_holiday_lists().await.unwrap();
        assert_eq!(lists.len(), 2);
        let newest = &lists[0];
        assert_eq!(
            (newest.covers_from, newest.covers_to, newest.imported_by),
            (date(2019, 1, 1), date(2029, 12, 31), admin)
        );
        assert_eq!(newest.sha256, "ab12");
        assert_eq!(newest.imported_at, at("2025-03-03T10:00:00Z"));
        assert!(lists[0].id > lists[1].id);
    }
});

story!(timescale_policies_are_kept_newest_first, |db: &Db| {
    let db = db.clone();
    async move {
        assert_eq!(db.newest_timescale_policy().await.unwrap(), None);
        let mut tx = db.begin().await.unwrap();
        let admin = administrator(&db, &mut tx).await;
        let first = db
            .add_timescale_policy(
                &mut tx,
                "[timescales]\n",
                "aa",
                admin,
                at("2025-03-03T10:00:00Z"),
            )
            .await
            .unwrap();
        let second = db
            .add_timescale_policy(
                &mut tx,
                "[timescales]\ncp_visit = \"5 working days\"\n",
                "bb",
                admin,
                at("2025-03-04T10:00:00Z"),
            )
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            db.newest_timescale_policy().await.unwrap().as_deref(),
            Some("[timescales]\ncp_visit = \"5 working days\"\n")
        );
        let saved = db.timescale_policies().await.unwrap();
        assert_eq!(
            saved
                .iter()
                .map(|p| (p.id, p.sha256.as_str()))
                .collect::<Vec<_>>(),
            [(second, "bb"), (first, "aa")]
        );
        assert_eq!(
            (saved[0].saved_by, saved[0].saved_at),
            (admin, at("2025-03-04T10:00:00Z"))
        );
    }
});

story!(
    a_session_comes_with_its_users_access_in_one_lookup,
    |db: &Db| {
        let db = db.clone();
        async move {
            let now = at("2025-03-03T09:00:00Z");
            let mut tx = db.begin().await.unwrap();
            let a = db.create_team(&mut tx, "A team", "cp").await.unwrap();
            let b = db.create_team(&mut tx, "B team", "cp").await.unwrap();
            let user = |username, role, team, manager| NewUser {
                username,
                display_name: "Someone",
                role,
                team: Some(team),
                manager,
                password_hash: None,
            };
            let sm = db
                .create_user(&mut tx, &user("sm", Role::ServiceManager, a, None), now)
                .await
                .unwrap();
            let tm = db
                .create_user(&mut tx, &user("tm", Role::TeamManager, b, Some(sm)), now)
                .await
                .unwrap();
            let sw = db
                .create_user(&mut tx, &user("sw", Role::SocialWorker, b, Some(tm)), now)
                .await
                .unwrap();
            for (hash, who) in [("hsm", sm), ("htm", tm), ("hsw", sw)] {
                db.create_session(&mut tx, hash, who, now, None)
                    .await
                    .unwrap();
            }
            tx.commit().await.unwrap();
            for (hash, who) in [("hsm", sm), ("htm", tm), ("hsw", sw)] {
                let (session, actor) = db.session_and_actor(hash).await.unwrap().unwrap();
                assert_eq!(Some(session), db.session_by_token_hash(hash).await.unwrap());
                assert_eq!(actor, db.actor(who).await.unwrap(), "{hash}");
            }
            // The service manager's line reaches the worker's team through the
            // team manager.
            let (_, actor) = db.session_and_actor("hsm").await.unwrap().unwrap();
            let mut manages = actor.unwrap().manages;
            manages.sort();
            assert_eq!(manages, [a, b]);
            assert_eq!(db.session_and_actor("nobody").await.unwrap(), None);
            // A user made inactive keeps the session row but is no actor.
            let mut tx = db.begin().await.unwrap();
            assert!(db.set_user_active(&mut tx, sw, false).await.unwrap());
            tx.commit().await.unwrap();
            let (session, actor) = db.session_and_actor("hsw").await.unwrap().unwrap();
            assert_eq!(session.user, sw);
            assert_eq!(actor, None);
        }
    }
);

story!(accounts_are_ended_reset_and_counted, |db: &Db| {
    let db = db.clone();
    async move {
        let now = at("2025-03-03T09:00:00Z");
        let lock = at("2025-03-03T09:15:00Z");
        let mut tx = db.begin().await.unwrap();
        let admin = administrator(&db, &mut tx).await;
        let sw = db
            .create_user(
                &mut tx,
                &NewUser {
                    username: "sw",
                    display_name: "Sam Worker",
                    role: Role::SocialWorker,
                    team: None,
                    manager: None,
                    password_hash: Some("old"),
                },
                now,
            )
            .await
            .unwrap();
        let one = db
            .create_session(&mut tx, "h1", sw, now, None)
            .await
            .unwrap();
        let two = db
            .create_session(&mut tx, "h2", sw, now, None)
            .await
            .unwrap();
        db.create_session(&mut tx, "h3", admin, now, None)
            .await
            .unwrap();
        db.create_api_token(&mut tx, "t1", sw, "a", now)
            .await
            .unwrap();
        db.create_api_token(&mut tx, "t2", sw, "b", now)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let creds = db.credentials("sw").await.unwrap().unwrap();
        assert!(!creds.must_change_password, "not unless asked for");
        assert_eq!(db.credentials_of(sw).await.unwrap(), Some(creds));

        // Failures count up in one statement; the fifth sets the lock.
        let mut counts = Vec::new();
        for _ in 0..6 {
            let mut tx = db.begin().await.unwrap();
            counts.push(
                db.record_failed_sign_in(&mut tx, sw, 5, lock)
                    .await
                    .unwrap(),
            );
            tx.commit().await.unwrap();
        }
        assert_eq!(
            counts,
            [
                (1, None),
                (2, None),
                (3, None),
                (4, None),
                (5, Some(lock)),
                (6, Some(lock))
            ]
        );
        let mut tx = db.begin().await.unwrap();
        assert!(!db.record_sign_in(&mut tx, sw, 5).await.unwrap(), "locked");
        assert!(
            !db.clear_expired_lock(&mut tx, sw, now).await.unwrap(),
            "not this lock"
        );
        assert!(db.clear_expired_lock(&mut tx, sw, lock).await.unwrap());
        assert!(db.record_sign_in(&mut tx, sw, 5).await.unwrap());
        tx.commit().await.unwrap();
        let c = db.credentials("sw").await.unwrap().unwrap();
        assert_eq!((c.failed_sign_ins, c.locked_until), (0, None));

        // A reset: a new hash to be changed; one session kept, then none.
        let later = at("2025-03-03T10:00:00Z");
        let mut tx = db.begin().await.unwrap();
        db.record_failed_sign_in(&mut tx, sw, 5, lock)
            .await
            .unwrap();
        assert!(db.set_password(&mut tx, sw, "new", true).await.unwrap());
        assert_eq!(
            db.end_sessions_for(&mut tx, sw, later, Some(two))
                .await
                .unwrap(),
            1
        );
        tx.commit().await.unwrap();
        let c = db.credentials("sw").await.unwrap().unwrap();
        assert_eq!(c.password_hash.as_deref(), Some("new"));
        assert!(c.must_change_password);
        assert_eq!(c.failed_sign_ins, 0);
        let ended = db.session_by_token_hash("h1").await.unwrap().unwrap();
        assert_eq!((ended.id, ended.ended_at), (one, Some(later)));
        let kept = db.session_by_token_hash("h2").await.unwrap().unwrap();
        assert_eq!(kept.ended_at, None);
        assert!(kept.must_change_password);

        // Deactivated: every session and token of theirs ends, no one else's.
        let mut tx = db.begin().await.unwrap();
        assert!(db.set_user_active(&mut tx, sw, false).await.unwrap());
        assert_eq!(
            db.end_sessions_for(&mut tx, sw, later, None).await.unwrap(),
            1
        );
        assert_eq!(
            db.revoke_api_tokens_for(&mut tx, sw, later).await.unwrap(),
            2
        );
        assert_eq!(
            db.revoke_api_tokens_for(&mut tx, sw, later).await.unwrap(),
            0
        );
        assert!(
            !db.set_user_active(&mut tx, UserId(999), false)
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        assert_eq!(db.api_token_user("t1").await.unwrap(), None);
        assert_eq!(db.live_api_tokens(sw).await.unwrap(), 0);
        assert!(!db.user(sw).await.unwrap().unwrap().active);
        assert_eq!(
            db.session_by_token_hash("h3")
                .await
                .unwrap()
                .unwrap()
                .ended_at,
            None
        );
        let mut tx = db.begin().await.unwrap();
        assert!(
            !db.record_sign_in(&mut tx, sw, 5).await.unwrap(),
            "inactive"
        );
        tx.rollback().await.unwrap();
    }
});

/// A user, made and committed.
async fn user_with(db: &Db, username: &'static str, role: Role) -> UserId {
    let mut tx = db.begin().await.unwrap();
    let user = NewUser {
        username,
        display_name: username,
        role,
        team: None,
        manager: None,
        password_hash: None,
    };
    let id = db
        .create_user(&mut tx, &user, at("2025-01-02T09:00:00Z"))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

story!(
    a_role_that_reads_children_waits_for_a_second_administrator,
    |db: &Db| {
        let db = db.clone();
        async move {
            use hearth_store::{RoleDecision, RoleRequest};
            let asker = user_with(&db, "asker", Role::SystemAdministrator).await;
            let second = user_with(&db, "second", Role::SystemAdministrator).await;
            let sw = user_with(&db, "sw", Role::SocialWorker).await;
            let when = at("2025-03-03T10:00:00Z");
            let request = RoleRequest {
                user: sw,
                role: Role::Auditor,
                previous: Some(Role::SocialWorker),
                requested_by: asker,
                at: when,
            };
            let mut tx = db.begin().await.unwrap();
            let id = db.request_role(&mut tx, &request).await.unwrap();
            tx.commit().await.unwrap();
            // One request awaiting a decision per account.
            let mut tx = db.begin().await.unwrap();
            assert!(db.request_role(&mut tx, &request).await.is_err());
            tx.rollback().await.unwrap();
            let pending = db.pending_role_approvals().await.unwrap();
            assert_eq!(pending.len(), 1);
            assert_eq!(
                (
                    pending[0].id,
                    pending[0].user,
                    pending[0].role,
                    pending[0].previous
                ),
                (id, sw, Role::Auditor, Some(Role::SocialWorker))
            );
            assert_eq!(pending[0].requested_by_name.as_deref(), Some("asker"));
            assert_eq!(pending[0].decision, None);
            // Four eyes, kept by the store too: not the one who asked, not the
            // account concerned.
            for by in [asker, sw] {
                let mut tx = db.begin().await.unwrap();
                assert!(
                    db.decide_role(&mut tx, id, RoleDecision::Approved, by, when)
                        .await
                        .is_err(),
                    "{by:?} decides"
                );
                tx.rollback().await.unwrap();
            }
            assert_eq!(db.user(sw).await.unwrap().unwrap().role, Role::SocialWorker);
            // An account no longer as it was when asked is not changed.
            let mut tx = db.begin().await.unwrap();
            assert!(
                !db.apply_role(&mut tx, sw, Role::Auditor, Some(Role::Iro))
                    .await
                    .unwrap()
            );
            tx.rollback().await.unwrap();
            // The second administrator approves: the decision and the role together.
            let mut tx = db.begin().await.unwrap();
            assert!(
                db.decide_role(&mut tx, id, RoleDecision::Approved, second, when)
                    .await
                    .unwrap()
            );
            assert!(
                db.apply_role(&mut tx, sw, Role::Auditor, Some(Role::SocialWorker))
                    .await
                    .unwrap()
            );
            tx.commit().await.unwrap();
            assert_eq!(db.user(sw).await.unwrap().unwrap().role, Role::Auditor);
            // Decided once is decided: no second decision, no change, no delete.
            let mut tx = db.begin().await.unwrap();
            assert!(
                !db.decide_role(&mut tx, id, RoleDecision::Refused, second, when)
                    .await
                    .unwrap()
            );
            tx.rollback().await.unwrap();
            for sql in [
                "UPDATE role_approval SET decision = 'refused'",
                "DELETE FROM role_approval",
            ] {
                assert!(raw(&db, sql).await.is_err(), "{sql}");
            }
            let decided = db.role_approval(id).await.unwrap().unwrap();
            assert_eq!(decided.decision, Some(RoleDecision::Approved));
            assert_eq!(decided.decided_by, Some(second));
            assert_eq!(decided.decided_at, Some(when));
            assert!(db.pending_role_approvals().await.unwrap().is_empty());
        }
    }
);

story!(
    a_new_account_waits_and_the_command_line_is_recorded,
    |db: &Db| {
        let db = db.clone();
        async move {
            use hearth_store::{RoleDecision, RoleRequest};
            let asker = user_with(&db, "asker", Role::SystemAdministrator).await;
            let second = user_with(&db, "second", Role::SystemAdministrator).await;
            let new = user_with(&db, "new", Role::Auditor).await;
            let when = at("2025-03-03T10:00:00Z");
            let mut tx = db.begin().await.unwrap();
            db.set_user_active(&mut tx, new, false).await.unwrap();
            let request = RoleRequest {
                user: new,
                role: Role::Auditor,
                previous: None,
                requested_by: asker,
                at: when,
            };
            let id = db.request_role(&mut tx, &request).await.unwrap();
            tx.commit().await.unwrap();
            let mut tx = db.begin().await.unwrap();
            db.decide_role(&mut tx, id, RoleDecision::Approved, second, when)
                .await
                .unwrap();
            assert!(
                db.apply_role(&mut tx, new, Role::Auditor, None)
                    .await
                    .unwrap()
            );
            tx.commit().await.unwrap();
            assert!(db.user(new).await.unwrap().unwrap().active, "approved");

            let cli = user_with(&db, "cli", Role::Auditor).await;
            let later = at("2025-03-04T10:00:00Z");
            let mut tx = db.begin().await.unwrap();
            db.record_command_line_role(&mut tx, cli, Role::Auditor, later)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            let report = db
                .role_approvals_since(at("2025-03-04T00:00:00Z"))
                .await
                .unwrap();
            assert_eq!(report.len(), 1, "{report:?}");
            assert_eq!(
                (report[0].user, report[0].requested_by, report[0].decision),
                (cli, None, Some(RoleDecision::Approved))
            );
            let all = db
                .role_approvals_since(at("2025-01-01T00:00:00Z"))
                .await
                .unwrap();
            assert_eq!(
                all.iter().map(|r| r.user).collect::<Vec<_>>(),
                [cli, new],
                "newest first"
            );
            assert!(db.pending_role_approvals().await.unwrap().is_empty());
        }
    }
);

/// A child with a given name, made in its own transaction.
async fn named_child(db: &Db, id: &str, given: &str, family: &str) -> ChildId {
    let mut tx = db.begin().await.unwrap();
    let c = db
        .create_child(
            &mut tx,
            &NewChild::new(LaChildId::parse(id).unwrap(), given, family),
            at("2025-01-02T09:00:00Z"),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    c
}

/// The names a search finds, in its order.
async fn found(db: &Db, actor: &hearth_domain::access::Actor, words: &str) -> Vec<String> {
    db.search(
        &hearth_store::Search::Name(words.into()),
        actor,
        at("2025-03-01T09:00:00Z"),
        50,
    )
    .await
    .unwrap()
    .into_iter()
    .map(|f| f.name)
    .collect()
}

story!(
    name_search_matches_any_part_of_the_name_through_the_index,
    |db: &Db| {
        let db = db.clone();
        async move {
            named_child(&db, "N0001", "Amelia", "Smithson").await;
            let jo = named_child(&db, "N0002", "Jo", "Smith").await;
            named_child(&db, "N0003", "Percy", "Hundred%_Sure").await;
            named_child(&db, "N0004", "Ann", "O\"Brien").await;
            let auditor = hearth_domain::access::Actor {
                user: UserId(999),
                role: Role::Auditor,
                team: None,
                manages: Vec::new(),
            };
            // Any case, any part of the given or family name, or across both.
            assert_eq!(
                found(&db, &auditor, "SMITH").await,
                ["Jo Smith", "Amelia Smithson"]
            );
            assert_eq!(found(&db, &auditor, "jo smi").await, ["Jo Smith"]);
            assert_eq!(
                found(&db, &auditor, "lia smiths").await,
                ["Amelia Smithson"]
            );
            // Two letters are too few for a trigram: still found.
            assert_eq!(
                found(&db, &auditor, "mi").await,
                ["Jo Smith", "Amelia Smithson"]
            );
            // Wildcards and quotes are letters like any other.
            assert_eq!(found(&db, &auditor, "d%_s").await, ["Percy Hundred%_Sure"]);
            assert!(found(&db, &auditor, "d%%s").await.is_empty());
            assert_eq!(found(&db, &auditor, "o\"bri").await, ["Ann O\"Brien"]);
            assert!(found(&db, &auditor, "zzz").await.is_empty());

            // A change of name is searchable at once, and the old one is gone.
            let mut tx = db.begin().await.unwrap();
            let admin = administrator(&db, &mut tx).await;
            db.change_identity(
                &mut tx,
                jo,
                IdentityField::FamilyName,
                Some("Jones"),
                admin,
                at("2025-01-03T09:00:00Z"),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            assert_eq!(found(&db, &auditor, "smith").await, ["Amelia Smithson"]);
            assert_eq!(found(&db, &auditor, "jo jones").await, ["Jo Jones"]);

            // The scope is in the query: a social worker with no allocation
            // finds no one, however well the name matches.
            let worker = hearth_domain::access::Actor {
                role: Role::SocialWorker,
                team: Some(TeamId(1)),
                ..auditor.clone()
            };
            assert!(found(&db, &worker, "smith").await.is_empty());
        }
    }
);

/// An actor for the store's scoped queries.
fn actor_of(user: i64, role: Role, team: Option<i64>) -> hearth_domain::access::Actor {
    hearth_domain::access::Actor {
        user: UserId(user),
        role,
        team: team.map(TeamId),
        manages: Vec::new(),
    }
}

story!(
    actions_and_write_ups_are_derived_and_read_within_scope,
    |db: &Db| {
        let db = db.clone();
        async move {
            let c = new_child(&db, "W0001").await;
            let other = new_child(&db, "W0002").await;
            let allocate = |worker: i64| EventKind::Allocated {
                worker: UserId(worker),
                team: TeamId(1),
                reason: None,
            };
            append(&db, c, "2025-01-06", allocate(7)).await.unwrap();
            append(&db, other, "2025-01-06", allocate(8)).await.unwrap();
            let action = |what: &str, owner: i64, due| EventKind::ActionAgreed {
                what: what.into(),
                owner: UserId(owner),
                due,
            };
            let later = append(
                &db,
                c,
                "2025-01-07",
                action("Later", 7, jiff::civil::date(2025, 2, 1)),
            )
            .await
            .unwrap();
            let sooner = append(
                &db,
                c,
                "2025-01-07",
                action("Sooner", 7, jiff::civil::date(2025, 1, 20)),
            )
            .await
            .unwrap();
            // Named for worker 7 on a child only worker 8 may open.
            append(
                &db,
                other,
                "2025-01-07",
                action("Not theirs", 7, jiff::civil::date(2025, 1, 9)),
            )
            .await
            .unwrap();
            let now = at("2025-01-10T09:00:00Z");
            let seven = actor_of(7, Role::SocialWorker, Some(2));
            let open = db.open_actions(&seven, now, 50).await.unwrap();
            let whats: Vec<&str> = open.iter().map(|a| a.what.as_str()).collect();
            assert_eq!(whats, ["Sooner", "Later"], "soonest first, in scope only");
            assert_eq!(open[0].event, sooner as i64);
            // Their team sees the child, but the actions are the owner's.
            let teammate = actor_of(9, Role::SocialWorker, Some(1));
            assert!(
                db.open_actions(&teammate, now, 50)
                    .await
                    .unwrap()
                    .is_empty()
            );

            append(
                &db,
                c,
                "2025-01-08",
                EventKind::ActionDone {
                    action: hearth_domain::events::EventId(later),
                },
            )
            .await
            .unwrap();
            let open = db.open_actions(&seven, now, 50).await.unwrap();
            assert_eq!(open.len(), 1);

            // Write-ups are searched within scope, and follow corrections.
            let visit = |words: &str| EventKind::VisitMade {
                visit: hearth_domain::events::VisitKind::ChildInNeed,
                child_seen: true,
                seen_alone: false,
                child_views: None,
                seen_and_heard: Some(words.into()),
                analysis: None,
            };
            let v = append(&db, c, "2025-01-09", visit("Saw the Guinea pig"))
                .await
                .unwrap();
            append(&db, other, "2025-01-09", visit("guinea PIG too"))
                .await
                .unwrap();
            let notes = async |actor: &hearth_domain::access::Actor, words: &str| {
                let mut ids: Vec<i64> = db
                    .search(&hearth_store::Search::Notes(words.into()), actor, now, 50)
                    .await
                    .unwrap()
                    .into_iter()
                    .map(|f| f.child.0)
                    .collect();
                ids.sort_unstable();
                ids
            };
            let auditor = actor_of(999, Role::Auditor, None);
            assert_eq!(notes(&auditor, "guinea pig").await, [c.0, other.0]);
            assert_eq!(notes(&seven, "guinea pig").await, [c.0]);
            assert_eq!(
                notes(&auditor, "gu").await,
                [c.0, other.0],
                "short words too"
            );
            append(
                &db,
                c,
                "2025-01-10",
                EventKind::Amended {
                    target: hearth_domain::events::EventId(v),
                    reason: "wrong animal".into(),
                    on: None,
                    event: Box::new(visit("Saw the hamster")),
                },
            )
            .await
            .unwrap();
            assert_eq!(notes(&auditor, "guinea pig").await, [other.0]);
            assert_eq!(notes(&auditor, "hamster").await, [c.0]);
        }
    }
);

/// Every derived row of a child, as text, in key order (summary without
/// the time it was derived).
async fn derived(db: &Db, child: ChildId) -> Vec<Vec<Option<String>>> {
    const TABLES: [&str; 7] = [
        "SELECT status, legal_status, placement_type, cp_category, allocated_worker, allocated_team,
            care_leaver, CAST(events AS TEXT), iro, personal_adviser FROM child_summary WHERE child_id = $1",
        "SELECT CAST(seq AS TEXT), CAST(referral_date AS TEXT), referral_source, CAST(re_referral AS TEXT),
            primary_need, CAST(closure_date AS TEXT), reason_for_closure FROM episode_of_need WHERE child_id = $1 ORDER BY seq",
        "SELECT CAST(seq AS TEXT), CAST(start_date AS TEXT), CAST(end_date AS TEXT), initial_category,
            latest_category FROM protection_plan WHERE child_id = $1 ORDER BY seq",
        "SELECT CAST(seq AS TEXT), CAST(period AS TEXT), CAST(decom AS TEXT), CAST(dec AS TEXT), rne,
            legal_status, placement_type FROM care_episode WHERE child_id = $1 ORDER BY seq",
        "SELECT CAST(seq AS TEXT), rule, start_on, CAST(start_event AS TEXT), CAST(due_date AS TEXT), due_on,
            met_on, CAST(met_by AS TEXT), CAST(met_late AS TEXT), CAST(ended AS TEXT)
            FROM obligation WHERE child_id = $1 ORDER BY seq",
        "SELECT CAST(seq AS TEXT), CAST(event_id AS TEXT), CAST(agreed_on AS TEXT), CAST(owner AS TEXT),
            CAST(due_date AS TEXT), what, CAST(done_on AS TEXT) FROM agreed_action WHERE child_id = $1 ORDER BY seq",
        "SELECT CAST(seq AS TEXT), CAST(event_id AS TEXT), CAST(written_on AS TEXT), body
            FROM write_up WHERE child_id = $1 ORDER BY seq",
    ];
    let mut out = Vec::new();
    for sql in TABLES {
        let rows: Vec<Vec<Option<String>>> = match db {
            Db::Sqlite { write, .. } => {
                use sqlx::Row;
                sqlx::query(sql)
                    .bind(child.0)
                    .fetch_all(write)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| {
                        (0..r.len())
                            .map(|i| r.get::<Option<String>, _>(i))
                            .collect()
                    })
                    .collect()
            }
            Db::Postgres(pool) => {
                use sqlx::Row;
                sqlx::query(sql)
                    .bind(child.0)
                    .fetch_all(pool)
                    .await
                    .unwrap()
                    .iter()
                    .map(|r| {
                        (0..r.len())
                            .map(|i| r.get::<Option<String>, _>(i))
                            .collect()
                    })
                    .collect()
            }
        };
        out.push(vec![Some(format!("{} rows", rows.len()))]);
        out.extend(rows);
    }
    out
}

story!(
    rows_written_after_each_event_equal_a_derivation_from_nothing,
    |db: &Db| {
        let db = db.clone();
        async move {
            use hearth_domain::events::VisitKind;
            let c = new_child(&db, "D0001").await;
            let other = new_child(&db, "D0002").await;
            let cal = WorkingDayCalendar::england_and_wales();
            let referral = EventKind::ReferralAccepted {
                source: ReferralSource::from_code("6").unwrap(),
                no_further_action: false,
                primary_need: None,
            };
            append(&db, other, "2025-01-06", referral.clone())
                .await
                .unwrap();
            let visit = |kind| EventKind::VisitMade {
                seen_and_heard: None,
                analysis: None,
                visit: kind,
                child_seen: true,
                seen_alone: false,
                child_views: None,
            };
            let mut steps: Vec<(&str, EventKind)> = vec![
                ("2025-01-06", referral),
                ("2025-01-06", EventKind::AssessmentStarted),
                ("2025-01-06", EventKind::Section47Started),
                (
                    "2025-01-20",
                    EventKind::InitialConferenceHeld {
                        seen_and_heard: None,
                        analysis: None,
                        plan: true,
                    },
                ),
                (
                    "2025-01-20",
                    EventKind::ProtectionPlanStarted {
                        category: CategoryOfAbuse::NEG,
                    },
                ),
                ("2025-01-27", visit(VisitKind::ChildProtection)),
                ("2025-02-07", visit(VisitKind::ChildProtection)),
                ("2025-02-20", EventKind::CoreGroupHeld),
                (
                    "2025-02-20",
                    EventKind::ReviewConferenceHeld {
                        category: None,
                        seen_and_heard: Some("Mum and dad both came".into()),
                        analysis: Some("Progress on the plan".into()),
                    },
                ),
                (
                    "2025-02-20",
                    EventKind::ActionAgreed {
                        what: "Refer to the nursery".into(),
                        owner: UserId(4),
                        due: jiff::civil::date(2025, 3, 1),
                    },
                ),
            ];
            let mut ids = Vec::new();
            for (on, kind) in steps.drain(..) {
                ids.push(append(&db, c, on, kind).await.unwrap());
                let kept = derived(&db, c).await;
                // The same rows as derived from nothing, on a child whose
                // rows are all removed first.
                for table in [
                    "child_summary",
                    "episode_of_need",
                    "protection_plan",
                    "care_episode",
                    "obligation",
                    "agreed_action",
                    "write_up",
                ] {
                    let sql = format!("DELETE FROM {table} WHERE child_id = {}", c.0);
                    match &db {
                        Db::Sqlite { write, .. } => {
                            sqlx::query(sqlx::AssertSqlSafe(sql))
                                .execute(write)
                                .await
                                .unwrap();
                        }
                        Db::Postgres(pool) => {
                            sqlx::query(sqlx::AssertSqlSafe(sql))
                                .execute(pool)
                                .await
                                .unwrap();
                        }
                    }
                }
                let mut tx = db.begin().await.unwrap();
                db.rederive(
                    &mut tx,
                    c,
                    &cal,
                    &Policy::statutory(),
                    at(&format!("{on}T12:00:00Z")),
                )
                .await
                .unwrap();
                tx.commit().await.unwrap();
                assert_eq!(derived(&db, c).await, kept, "after the event of {on}");
            }
            let clocks = derived(&db, c).await;
            assert!(clocks.len() > 6, "{clocks:?}");
            // A void that removes clocks leaves no stale rows behind.
            let visit_id = ids[5];
            append(
                &db,
                c,
                "2025-02-21",
                EventKind::Voided {
                    target: hearth_domain::events::EventId(visit_id),
                    reason: "recorded on the wrong child".into(),
                },
            )
            .await
            .unwrap();
            let after_void = derived(&db, c).await;
            let mut tx = db.begin().await.unwrap();
            db.rederive(
                &mut tx,
                c,
                &cal,
                &Policy::statutory(),
                at("2025-02-21T12:00:00Z"),
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
            assert_eq!(derived(&db, c).await, after_void);
            // The other child's rows were never touched.
            assert_eq!(derived(&db, other).await[0], vec![Some("1 rows".into())]);
        }
    }
);

story!(
    a_list_writes_one_audit_row_per_child_in_one_statement,
    |db: &Db| {
        let db = db.clone();
        async move {
            let mut children = Vec::new();
            for i in 0..7 {
                children.push(new_child(&db, &format!("L{i:04}")).await);
            }
            let before = db.audit_rows().await.unwrap();
            let mut tx = db.begin().await.unwrap();
            let e = AuditEntry {
                at: at("2025-01-02T09:00:00Z"),
                actor: Some(UserId(5)),
                action: "view_caseload",
                outcome: Outcome::Allowed,
                child: None,
                detail: Some("shown on a list"),
                request_id: Some("r1"),
            };
            db.audit_each_child(&mut tx, &e, &children).await.unwrap();
            db.audit_each_child(&mut tx, &e, &[]).await.unwrap();
            tx.commit().await.unwrap();
            assert_eq!(db.audit_rows().await.unwrap(), before + 7);
            for c in &children {
                let rows = db
                    .audit_for_child(&hearth_store::Authorised::unchecked(*c))
                    .await
                    .unwrap();
                assert_eq!(rows.len(), 1);
                assert_eq!(rows[0].action, "view_caseload");
                assert_eq!(rows[0].actor, Some(UserId(5)));
            }
        }
    }
);
