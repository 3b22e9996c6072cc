//! The use-cases against a real database: scope, restriction, break-glass,
//! recording, and an audit row for every view and refusal.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::Arc;

use hearth_app::{AppError, Ctx, FixedClock, Services, access, children, events};
use hearth_domain::access::{Actor, Basis, Restriction};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{EventKind, VisitKind, When};
use hearth_domain::ids::LaChildId;
use hearth_store::{ChildId, Db, NewChild, NewUser, Role, UserId, on_both_databases};

fn at(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

/// A small authority: two teams, their workers and manager, and roles
/// with authority-wide or no access to records.
struct World {
    services: Services,
    users: std::collections::HashMap<&'static str, Actor>,
    child: ChildId,
    restricted: ChildId,
}

impl World {
    fn ctx<'a>(&'a self, who: &str) -> Ctx<'a> {
        Ctx {
            services: &self.services,
            actor: &self.users[who],
            request_id: "req-1",
        }
    }
}

async fn world(db: &Db) -> World {
    let now = at("2025-03-03T10:00:00Z");
    let mut tx = db.begin().await.unwrap();
    let t1 = db
        .create_team(&mut tx, "Child protection 1", "cp")
        .await
        .unwrap();
    let t2 = db
        .create_team(&mut tx, "Looked after 1", "lac")
        .await
        .unwrap();
    let mut ids = std::collections::HashMap::new();
    let people: [(&str, Role, Option<hearth_store::TeamId>, Option<&str>); 8] = [
        ("tm1", Role::TeamManager, Some(t1), None),
        ("sw1", Role::SocialWorker, Some(t1), Some("tm1")),
        ("sw2", Role::SocialWorker, Some(t1), Some("tm1")),
        ("sw3", Role::SocialWorker, Some(t2), None),
        ("analyst", Role::PerformanceAnalyst, None, None),
        ("auditor", Role::Auditor, None, None),
        ("admin", Role::SystemAdministrator, Some(t1), None),
        ("iro1", Role::Iro, None, None),
    ];
    for (name, role, team, manager) in people {
        let id = db
            .create_user(
                &mut tx,
                &NewUser {
                    username: name,
                    display_name: name,
                    role,
                    team,
                    manager: manager.map(|m| ids[m]),
                    password_hash: None,
                },
                now,
            )
            .await
            .unwrap();
        ids.insert(name, id);
    }
    let new_child = |id: &str, restricted| NewChild {
        date_of_birth: Some(jiff::civil::date(2016, 4, 1)),
        restricted,
        ..NewChild::new(LaChildId::parse(id).unwrap(), "Sam", "Example")
    };
    let child = db
        .create_child(&mut tx, &new_child("A1", None), now)
        .await
        .unwrap();
    let restricted = db
        .create_child(&mut tx, &new_child("R1", Some(Restriction::Adoption)), now)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let services = Services::new(db.clone(), Arc::new(FixedClock(now)));
    // Set-up bypasses the use-cases: the children start allocated to sw1.
    for c in [child, restricted] {
        let mut tx = db.begin().await.unwrap();
        let allocation = EventKind::Allocated {
            worker: ids["sw1"],
            team: t1,
            reason: None,
        };
        db.append_event(
            &mut tx,
            c,
            When::Date(jiff::civil::date(2025, 3, 3)),
            allocation,
            "setup",
            now,
            &services.calendar().await.unwrap(),
            &services.policy().await.unwrap(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
    let mut users = std::collections::HashMap::new();
    for (name, id) in &ids {
        users.insert(*name, db.actor(*id).await.unwrap().unwrap());
    }
    World {
        services,
        users,
        child,
        restricted,
    }
}

/// (actor, action, refused) of the child's audit rows, oldest first.
async fn audit_rows(db: &Db, child: ChildId) -> Vec<(i64, String, bool)> {
    let mut rows: Vec<_> = db
        .audit_for_child(&hearth_store::Authorised::unchecked(child))
        .await
        .unwrap()
        .into_iter()
        .map(|r| (r.actor.map(|a| a.0).unwrap_or(0), r.action, r.refused))
        .collect();
    rows.reverse();
    rows
}

on_both_databases!(scope_decides_who_sees_a_child, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        let view = children::view(&w.ctx("sw1"), w.child).await.unwrap();
        assert_eq!(view.basis, Basis::Allocation);
        assert_eq!(view.child.details.la_child_id.as_str(), "A1");
        assert_eq!(view.events.len(), 1);
        assert_eq!(
            children::view(&w.ctx("sw2"), w.child).await.unwrap().basis,
            Basis::Team
        );
        assert_eq!(
            children::view(&w.ctx("tm1"), w.child).await.unwrap().basis,
            Basis::ManagementLine
        );
        assert_eq!(
            children::view(&w.ctx("analyst"), w.child)
                .await
                .unwrap()
                .basis,
            Basis::AuthorityWide
        );
        for outsider in ["sw3", "admin", "iro1"] {
            let err = children::view(&w.ctx(outsider), w.child).await.unwrap_err();
            assert!(matches!(err, AppError::NotFound), "{outsider}: {err}");
        }
        // A child that does not exist looks the same as one out of scope.
        assert!(matches!(
            children::view(&w.ctx("sw1"), ChildId(9999)).await,
            Err(AppError::NotFound)
        ));

        // Every view and every refusal left an audit row.
        let rows = audit_rows(&db, w.child).await;
        let who = |n: &str| w.users[n].user.0;
        assert_eq!(
            rows,
            vec![
                (who("sw1"), "view_child".into(), false),
                (who("sw2"), "view_child".into(), false),
                (who("tm1"), "view_child".into(), false),
                (who("analyst"), "view_child".into(), false),
                (who("sw3"), "view_child".into(), true),
                (who("admin"), "view_child".into(), true),
                (who("iro1"), "view_child".into(), true),
            ]
        );
    }
});

on_both_databases!(restricted_records_open_only_by_break_glass, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        assert!(matches!(
            children::view(&w.ctx("sw1"), w.restricted).await,
            Err(AppError::NotFound)
        ));
        let short = access::break_glass(&w.ctx("sw1"), w.restricted, "urgent", 30)
            .await
            .unwrap_err();
        assert!(short.to_string().starts_with("reason:"), "{short}");
        let long = access::break_glass(
            &w.ctx("sw1"),
            w.restricted,
            "Police request on a strategy discussion",
            9 * 60,
        )
        .await
        .unwrap_err();
        assert!(long.to_string().starts_with("minutes:"), "{long}");
        access::break_glass(
            &w.ctx("sw1"),
            w.restricted,
            "Police request on a strategy discussion",
            30,
        )
        .await
        .unwrap();
        assert_eq!(
            children::view(&w.ctx("sw1"), w.restricted)
                .await
                .unwrap()
                .basis,
            Basis::BreakGlass
        );
        // Others still cannot see it.
        assert!(matches!(
            children::view(&w.ctx("sw2"), w.restricted).await,
            Err(AppError::NotFound)
        ));
        // Search finds it through the grant, for sw1 only.
        let found = |who| {
            let w = &w;
            async move {
                children::search(&w.ctx(who), "R1")
                    .await
                    .unwrap()
                    .iter()
                    .map(|f| f.child)
                    .collect::<Vec<_>>()
            }
        };
        assert_eq!(found("sw1").await, vec![w.restricted]);
        assert!(found("sw2").await.is_empty());

        let report = access::break_glass_report(&w.ctx("auditor"), at("2025-01-01T00:00:00Z"))
            .await
            .unwrap()
            .break_glass;
        assert_eq!(report.len(), 1);
        assert_eq!(report[0].user, w.users["sw1"].user);
        assert_eq!(report[0].reason, "Police request on a strategy discussion");
        assert_eq!(report[0].until, at("2025-03-03T10:30:00Z"));
        assert!(matches!(
            access::break_glass_report(&w.ctx("sw1"), at("2025-01-01T00:00:00Z")).await,
            Err(AppError::Forbidden)
        ));
    }
});

on_both_databases!(recording_is_checked_authorised_and_audited, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        let day = When::Date(jiff::civil::date(2025, 3, 3));
        let visit = EventKind::VisitMade {
            seen_and_heard: None,
            analysis: None,
            visit: VisitKind::ChildInNeed,
            child_seen: true,
            seen_alone: false,
            child_views: None,
        };
        let e = events::record(&w.ctx("sw1"), w.child, day, visit.clone())
            .await
            .unwrap();
        assert_eq!(e.recorded_by, w.users["sw1"].user.to_string());

        // A social worker may not correct the record, nor record out of scope.
        let void = EventKind::Voided {
            target: e.id,
            reason: "duplicate".into(),
        };
        assert!(matches!(
            events::record(&w.ctx("sw1"), w.child, day, void.clone()).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            events::record(&w.ctx("sw3"), w.child, day, visit.clone()).await,
            Err(AppError::NotFound)
        ));
        assert!(matches!(
            events::record(&w.ctx("analyst"), w.child, day, visit).await,
            Err(AppError::Forbidden)
        ));

        // A contradiction is refused with its problem list; nothing is written.
        let err = events::record(&w.ctx("sw1"), w.child, day, EventKind::ProtectionPlanEnded)
            .await
            .unwrap_err();
        let AppError::Refused(refusal) = err else {
            panic!("expected a refusal, got {err}")
        };
        assert!(
            refusal.problems[0]
                .message()
                .contains("has no open episode of need")
        );
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(w.child))
                .await
                .unwrap()
                .len(),
            2
        );

        // The manager may correct it.
        events::record(&w.ctx("tm1"), w.child, day, void)
            .await
            .unwrap();
        let referral = EventKind::ReferralAccepted {
            source: ReferralSource::from_code("6").unwrap(),
            no_further_action: false,
            primary_need: None,
        };
        events::record(&w.ctx("sw1"), w.child, day, referral)
            .await
            .unwrap();
        let summary = db
            .summary(&hearth_store::Authorised::unchecked(w.child))
            .await
            .unwrap()
            .unwrap();
        assert_eq!(summary.status, "child_in_need");

        let rows = audit_rows(&db, w.child).await;
        let actions: Vec<(&str, bool)> = rows.iter().map(|(_, a, r)| (a.as_str(), *r)).collect();
        assert_eq!(
            actions,
            vec![
                ("record:VisitMade", false),
                ("record:Voided", true),
                ("record:VisitMade", true),
                ("record:VisitMade", true),
                // The allowed row rolled back with the refused event.
                ("record:ProtectionPlanEnded", true),
                ("record:Voided", false),
                ("record:ReferralAccepted", false),
            ]
        );
    }
});

on_both_databases!(the_access_log_is_for_managers_and_auditors, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        children::view(&w.ctx("sw3"), w.child).await.unwrap_err();
        assert!(matches!(
            children::access_log(&w.ctx("sw1"), w.child).await,
            Err(AppError::Forbidden)
        ));
        let log = children::access_log(&w.ctx("tm1"), w.child).await.unwrap();
        assert!(
            log.iter()
                .any(|r| r.actor == Some(w.users["sw3"].user) && r.refused)
        );
        let log = children::access_log(&w.ctx("auditor"), w.child)
            .await
            .unwrap();
        assert_eq!(
            log[0].action, "view_access_log",
            "the auditor's own look is logged first"
        );
    }
});

on_both_databases!(no_audit_row_no_data, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        // The audit log cannot take a row: the view must fail, with no data.
        let drop = "DROP TABLE audit_event";
        match &db {
            Db::Sqlite { write, .. } => sqlx::query(drop).execute(write).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query(drop).execute(pool).await.map(|_| ()),
        }
        .unwrap();
        let err = children::view(&w.ctx("sw1"), w.child).await.unwrap_err();
        assert!(matches!(err, AppError::Store(_)), "{err}");
    }
});

on_both_databases!(corrections_need_a_reason_and_a_manager, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        let day = jiff::civil::date(2025, 3, 3);
        let visit = EventKind::VisitMade {
            seen_and_heard: None,
            analysis: None,
            visit: VisitKind::ChildInNeed,
            child_seen: true,
            seen_alone: false,
            child_views: None,
        };
        let e = events::record(&w.ctx("sw1"), w.child, When::Date(day), visit.clone())
            .await
            .unwrap();
        // Only those who may correct open the ledger for correction.
        assert!(matches!(
            events::for_correction(&w.ctx("sw1"), w.child).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            events::for_correction(&w.ctx("tm1"), w.restricted).await,
            Err(AppError::NotFound)
        ));
        let view = events::for_correction(&w.ctx("tm1"), w.child)
            .await
            .unwrap();
        assert!(view.events.iter().any(|x| x.id == e.id));

        let blank = events::void(&w.ctx("tm1"), w.child, e.id, "  ", day)
            .await
            .unwrap_err();
        assert!(blank.to_string().starts_with("reason:"), "{blank}");
        let before = db
            .events(&hearth_store::Authorised::unchecked(w.child))
            .await
            .unwrap()
            .len();
        let amended = events::amend(
            &w.ctx("tm1"),
            w.child,
            e.id,
            "Wrong day",
            When::Date(jiff::civil::date(2025, 3, 2)),
            visit,
            day,
        )
        .await
        .unwrap();
        assert_eq!(amended.on, When::Date(day), "dated the day it is made");
        assert!(matches!(
            &amended.event,
            EventKind::Amended { target, on: Some(When::Date(d)), reason, .. }
                if *target == e.id && *d == jiff::civil::date(2025, 3, 2) && reason == "Wrong day"
        ));
        events::void(&w.ctx("tm1"), w.child, e.id, "Duplicate", day)
            .await
            .unwrap();
        assert_eq!(
            db.events(&hearth_store::Authorised::unchecked(w.child))
                .await
                .unwrap()
                .len(),
            before + 2
        );
        assert!(matches!(
            events::void(&w.ctx("sw1"), w.child, e.id, "Duplicate", day).await,
            Err(AppError::Forbidden)
        ));
    }
});

on_both_databases!(break_glass_by_la_child_id, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        let reason = "Police request on a strategy discussion";
        let unknown = access::break_glass_by_la_child_id(&w.ctx("sw1"), "ZZ9", reason, 30)
            .await
            .unwrap_err();
        assert!(unknown.to_string().starts_with("child:"), "{unknown}");
        assert!(matches!(
            access::break_glass_by_la_child_id(&w.ctx("admin"), "R1", reason, 30).await,
            Err(AppError::Forbidden)
        ));
        // Every problem at once, one line each, in the form's order.
        let all = access::break_glass_by_la_child_id(&w.ctx("sw1"), " ", "urgent", 0)
            .await
            .unwrap_err()
            .to_string();
        let fields: Vec<&str> = all.lines().filter_map(|l| l.split(':').next()).collect();
        assert_eq!(fields, ["child", "reason", "minutes"], "{all}");
        // Any case, trimmed.
        let child = access::break_glass_by_la_child_id(&w.ctx("sw1"), " r1 ", reason, 30)
            .await
            .unwrap();
        assert_eq!(child, w.restricted);
        assert_eq!(
            children::view(&w.ctx("sw1"), w.restricted)
                .await
                .unwrap()
                .basis,
            Basis::BreakGlass
        );
        let refused: Vec<bool> = db
            .audit_by_action("break_glass")
            .await
            .unwrap()
            .iter()
            .map(|r| r.refused)
            .collect();
        assert_eq!(refused, [false, true, true], "newest first");
    }
});

fn looked_after() -> EventKind {
    EventKind::BecameLookedAfter {
        legal_status: hearth_domain::codes::LegalStatus::V2,
        placement: hearth_domain::events::Placement {
            placement_type: hearth_domain::codes::PlacementType::U4,
            provider: None,
            postcode: None,
            urn: None,
            long_term: false,
        },
        category_of_need: hearth_domain::codes::PrimaryNeed::N1,
        uasc: false,
    }
}

on_both_databases!(
    relationships_only_from_those_entitled_to_make_them,
    |db: &Db| {
        let db = db.clone();
        async move {
            let w = world(&db).await;
            let day = When::Date(jiff::civil::date(2025, 3, 3));
            let id = |n: &str| w.users[n].user;
            events::record(&w.ctx("sw1"), w.child, day, looked_after())
                .await
                .unwrap();
            let outsider_cannot_see = async || {
                assert!(matches!(
                    children::view(&w.ctx("sw3"), w.child).await,
                    Err(AppError::NotFound)
                ));
            };

            // The allocated worker names an outsider as the IRO: refused.
            let iro = |who: UserId| EventKind::IroAppointed { iro: who };
            assert!(matches!(
                events::record(&w.ctx("sw1"), w.child, day, iro(id("sw3"))).await,
                Err(AppError::Forbidden)
            ));
            outsider_cannot_see().await;
            // A manager naming someone who is not an IRO, or nobody at all.
            let err = events::record(&w.ctx("tm1"), w.child, day, iro(id("sw3")))
                .await
                .unwrap_err();
            assert_eq!(err.to_string(), "iro: choose a user with the IRO role");
            outsider_cannot_see().await;
            let err = events::record(&w.ctx("tm1"), w.child, day, iro(UserId(99999)))
                .await
                .unwrap_err();
            assert_eq!(err.to_string(), "iro: there is no active user with this id");
            // An allocation to a worker in a team the manager does not manage,
            // or naming the manager's team for a worker who is not in it.
            for team in [w.users["sw3"].team.unwrap(), w.users["sw1"].team.unwrap()] {
                let allocation = EventKind::Allocated {
                    worker: id("sw3"),
                    team,
                    reason: None,
                };
                let err = events::record(&w.ctx("tm1"), w.child, day, allocation)
                    .await
                    .unwrap_err();
                assert!(matches!(err, AppError::Invalid(_)), "{err}");
            }
            outsider_cannot_see().await;
            // Nor by amending the allocation already on the record.
            let first = db
                .events(&hearth_store::Authorised::unchecked(w.child))
                .await
                .unwrap()[0]
                .id;
            let amended = EventKind::Amended {
                target: first,
                reason: "wrong worker".into(),
                on: None,
                event: Box::new(EventKind::Allocated {
                    worker: id("sw3"),
                    team: w.users["sw1"].team.unwrap(),
                    reason: None,
                }),
            };
            assert!(matches!(
                events::record(&w.ctx("tm1"), w.child, day, amended).await,
                Err(AppError::Invalid(_))
            ));
            outsider_cannot_see().await;
            assert_eq!(
                db.events(&hearth_store::Authorised::unchecked(w.child))
                    .await
                    .unwrap()
                    .len(),
                2,
                "nothing written"
            );
            let refused = audit_rows(&db, w.child)
                .await
                .into_iter()
                .filter(|(_, a, r)| *r && (a == "record:IroAppointed" || a == "record:Allocated"))
                .count();
            assert_eq!(refused, 1 + 1 + 1 + 2, "every refusal is audited");

            // The manager appoints the IRO: the IRO can now open the record.
            events::record(&w.ctx("tm1"), w.child, day, iro(id("iro1")))
                .await
                .unwrap();
            assert_eq!(
                children::view(&w.ctx("iro1"), w.child).await.unwrap().basis,
                Basis::Allocation
            );
            // A personal adviser from another team is appointed, and is in.
            let pa = EventKind::PersonalAdviserAppointed { adviser: id("sw3") };
            events::record(&w.ctx("tm1"), w.child, day, pa)
                .await
                .unwrap();
            assert_eq!(
                children::view(&w.ctx("sw3"), w.child).await.unwrap().basis,
                Basis::Allocation
            );
        }
    }
);

on_both_databases!(break_glass_never_outlives_its_grant, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        let clock = Arc::new(hearth_app::ManualClock::new(at("2025-03-03T10:00:00Z")));
        let services = Services::new(db.clone(), clock.clone());
        let ctx = |who: &str| Ctx {
            services: &services,
            actor: &w.users[who],
            request_id: "req-2",
        };
        let day = When::Date(jiff::civil::date(2025, 3, 3));
        let reason = "Police request on a strategy discussion";
        let huge = "x".repeat(1_000_000);
        let err = access::break_glass(&ctx("sw3"), w.child, &huge, 1)
            .await
            .unwrap_err();
        assert!(err.to_string().starts_with("reason:"), "{err}");
        access::break_glass(&ctx("sw3"), w.child, reason, 1)
            .await
            .unwrap();
        // A second grant while the first is live would stretch the limit.
        let err = access::break_glass(&ctx("sw3"), w.child, reason, 480)
            .await
            .unwrap_err();
        assert!(
            err.to_string().starts_with("child: you already have"),
            "{err}"
        );

        // Under break-glass: read and record, never change who has access
        // or correct the record.
        let note = EventKind::CaseNote {
            text: "Spoke to the police".into(),
            significant: false,
        };
        events::record(&ctx("sw3"), w.child, day, note)
            .await
            .unwrap();
        let me = w.users["sw3"].user;
        let team = w.users["sw3"].team.unwrap();
        for kind in [
            EventKind::IroAppointed { iro: me },
            EventKind::PersonalAdviserAppointed { adviser: me },
            EventKind::Allocated {
                worker: me,
                team,
                reason: None,
            },
            EventKind::AllocatedToTeam { team },
        ] {
            assert!(
                matches!(
                    events::record(&ctx("sw3"), w.child, day, kind.clone()).await,
                    Err(AppError::Forbidden)
                ),
                "{kind:?}"
            );
        }
        clock.advance(jiff::SignedDuration::from_mins(2));
        assert!(matches!(
            children::view(&ctx("sw3"), w.child).await,
            Err(AppError::NotFound)
        ));
    }
});

on_both_databases!(lists_show_only_what_the_viewer_may_open, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        let today = jiff::civil::date(2025, 3, 3);
        let day = When::Date(today);
        let on_caseload = async |who: &str| {
            children::my_work(&w.ctx(who), today)
                .await
                .unwrap()
                .iter()
                .map(|r| r.child)
                .collect::<Vec<_>>()
        };
        // Set-up allocated the restricted child to sw1 without a grant: it
        // is not on their list, as it would not open.
        assert_eq!(on_caseload("sw1").await, vec![w.child]);

        // The manager holds an explicit grant on the restricted record, so
        // may allocate it: the worker it names is granted access with it.
        let tm1 = w.users["tm1"].user;
        let mut tx = db.begin().await.unwrap();
        db.grant(
            &mut tx,
            w.restricted,
            tm1,
            at("2026-01-01T00:00:00Z"),
            false,
            "adoption team manager",
            tm1,
            at("2025-03-03T09:00:00Z"),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let team = w.users["sw2"].team.unwrap();
        let to = |who: &str| EventKind::Allocated {
            worker: w.users[who].user,
            team,
            reason: None,
        };
        events::record(&w.ctx("tm1"), w.restricted, day, to("sw2"))
            .await
            .unwrap();
        assert_eq!(on_caseload("sw2").await, vec![w.restricted]);
        assert_eq!(
            children::view(&w.ctx("sw2"), w.restricted)
                .await
                .unwrap()
                .basis,
            Basis::Grant
        );
        let granted = audit_rows(&db, w.restricted).await;
        assert!(
            granted
                .iter()
                .any(|(who, a, r)| *who == tm1.0 && a == "grant" && !r)
        );

        // Reallocated: the new worker is in, the last one's grant ends.
        events::record(&w.ctx("tm1"), w.restricted, day, to("sw1"))
            .await
            .unwrap();
        assert!(on_caseload("sw2").await.is_empty());
        assert!(matches!(
            children::view(&w.ctx("sw2"), w.restricted).await,
            Err(AppError::NotFound)
        ));
        let mut sw1 = on_caseload("sw1").await;
        sw1.sort();
        let mut both = vec![w.child, w.restricted];
        both.sort();
        assert_eq!(sw1, both);

        // Every child on anyone's list opens for them.
        for who in [
            "sw1", "sw2", "sw3", "tm1", "iro1", "analyst", "auditor", "admin",
        ] {
            for child in on_caseload(who).await {
                assert!(children::view(&w.ctx(who), child).await.is_ok(), "{who}");
            }
        }
    }
});

on_both_databases!(
    search_finds_in_scope_however_many_share_a_name,
    |db: &Db| {
        let db = db.clone();
        async move {
            let w = world(&db).await;
            // 250 children whose names sort before the worker's own, none of
            // them anyone's in the world but the authority-wide roles'.
            let mut tx = db.begin().await.unwrap();
            let mut others = Vec::new();
            for n in 0..250 {
                let c = NewChild {
                    date_of_birth: Some(jiff::civil::date(2016, 4, 1)),
                    ..NewChild::new(
                        LaChildId::parse(&format!("X{n}")).unwrap(),
                        "Aaron",
                        "Example",
                    )
                };
                others.push(
                    db.create_child(&mut tx, &c, at("2025-03-03T10:00:00Z"))
                        .await
                        .unwrap(),
                );
            }
            tx.commit().await.unwrap();
            let found = |who: &'static str| {
                let w = &w;
                async move {
                    children::search(&w.ctx(who), "example")
                        .await
                        .unwrap()
                        .iter()
                        .map(|f| f.child)
                        .collect::<Vec<_>>()
                }
            };
            assert_eq!(found("sw1").await, vec![w.child], "the worker's own child");
            assert_eq!(found("sw2").await, vec![w.child], "a team colleague's");
            assert_eq!(found("tm1").await, vec![w.child], "in the manager's line");
            assert!(found("sw3").await.is_empty());
            assert!(found("iro1").await.is_empty());
            assert!(found("admin").await.is_empty());
            assert_eq!(
                found("analyst").await.len(),
                50,
                "authority-wide, at most 50"
            );
            // What the query lets through is what the policy opens, child by child.
            for who in [
                "sw1", "sw2", "sw3", "tm1", "iro1", "analyst", "auditor", "admin",
            ] {
                for c in found(who).await {
                    let facts = db.child_access(c).await.unwrap().unwrap();
                    assert!(
                        hearth_domain::access::authorize(
                            &w.users[who],
                            hearth_domain::access::Action::View,
                            &facts,
                            at("2025-03-03T10:00:00Z")
                        )
                        .is_allowed(),
                        "{who}"
                    );
                }
            }
        }
    }
);

on_both_databases!(
    lists_judge_a_clock_due_at_a_time_at_the_minute,
    |db: &Db| {
        let db = db.clone();
        async move {
            let w = world(&db).await;
            let sw1 = w.ctx("sw1");
            let away = events::record(
                &sw1,
                w.child,
                "2025-02-27T22:00".parse().unwrap(),
                EventKind::MissingEpisodeStarted {
                    status: hearth_domain::codes::MissingOrAway::M,
                },
            )
            .await
            .unwrap();
            // Back at 18:30 on Friday 28 February: the interview is due at 18:30
            // on Monday 3 March (72 hours, no clock change).
            events::record(
                &sw1,
                w.child,
                "2025-02-28T18:30".parse().unwrap(),
                EventKind::MissingEpisodeEnded { episode: away.id },
            )
            .await
            .unwrap();
            let overdue = async |at: &str| {
                let at: When = at.parse().unwrap();
                let rows = children::my_work(&sw1, at).await.unwrap();
                let mine = rows.iter().find(|r| r.child == w.child).unwrap().overdue;
                let team = w.users["sw1"].team.unwrap();
                let load = db
                    .team_load(team, w.users["tm1"].user, at, at_now())
                    .await
                    .unwrap();
                let theirs = load
                    .iter()
                    .find(|l| l.worker == w.users["sw1"].user)
                    .unwrap()
                    .overdue;
                (mine, theirs)
            };
            let before = overdue("2025-03-03T18:30").await;
            let after = overdue("2025-03-03T18:31").await;
            assert_eq!(
                (after.0 - before.0, after.1 - before.1),
                (1, 1),
                "{before:?} {after:?}"
            );
            let view = children::view(&sw1, w.child).await.unwrap();
            let interview = view
                .obligations
                .iter()
                .find(|o| o.rule == "return_interview")
                .unwrap();
            assert_eq!(interview.due_on, "2025-03-03T18:30");
            let at = |s: &str| s.parse::<When>().unwrap();
            assert_eq!(interview.status(at("2025-03-03T18:30")).as_str(), "due");
            assert_eq!(interview.status(at("2025-03-03T18:31")).as_str(), "overdue");
        }
    }
);

fn at_now() -> jiff::Timestamp {
    at("2025-03-03T10:00:00Z")
}

on_both_databases!(
    facts_dated_after_now_are_refused_however_they_come_in,
    |db: &Db| {
        let db = db.clone();
        async move {
            // Now is 10:00 on 3 March 2025 in England (GMT).
            let w = world(&db).await;
            let sw1 = w.ctx("sw1");
            let visit = EventKind::VisitMade {
                seen_and_heard: None,
                analysis: None,
                visit: VisitKind::Other,
                child_seen: true,
                seen_alone: false,
                child_views: None,
            };
            let refused = |r: Result<hearth_domain::events::Event, AppError>| match r {
                Err(AppError::Refused(r)) => {
                    assert_eq!(r.problems.len(), 1, "{r}");
                    assert_eq!(r.problems[0].field(), "on");
                    let m = r.problems[0].message();
                    assert!(m.contains("a visit tomorrow is a plan, not a fact"), "{m}");
                }
                other => panic!("{other:?}"),
            };
            let on = |s: &str| s.parse::<When>().unwrap();
            refused(events::record(&sw1, w.child, on("2025-03-04"), visit.clone()).await);
            refused(events::record(&sw1, w.child, on("2025-03-03T10:01"), visit.clone()).await);
            let today = events::record(&sw1, w.child, on("2025-03-03"), visit.clone())
                .await
                .unwrap();
            events::record(&sw1, w.child, on("2025-03-03T10:00"), visit.clone())
                .await
                .unwrap();
            // Nor can an amendment move a fact into the future.
            refused(
                events::amend(
                    &w.ctx("tm1"),
                    w.child,
                    today.id,
                    "Wrong day",
                    on("2025-03-05"),
                    visit,
                    jiff::civil::date(2025, 3, 3),
                )
                .await,
            );
            // Nothing refused was written.
            let events = db
                .events(&hearth_store::Authorised::unchecked(w.child))
                .await
                .unwrap();
            assert_eq!(events.len(), 3, "the allocation and two visits");
        }
    }
);

on_both_databases!(derived_rows_are_as_at_the_date_in_england, |db: &Db| {
    let db = db.clone();
    async move {
        let w = world(&db).await;
        // 23:30 UTC on 15 July 2025 is 00:30 on 16 July in England: the
        // child's 5th birthday, when the PEP clock starts.
        let now = at("2025-07-15T23:30:00Z");
        let mut tx = db.begin().await.unwrap();
        let child = db
            .create_child(
                &mut tx,
                &NewChild {
                    date_of_birth: Some(jiff::civil::date(2020, 7, 16)),
                    ..NewChild::new(LaChildId::parse("P5").unwrap(), "Pat", "Example")
                },
                now,
            )
            .await
            .unwrap();
        let looked_after = EventKind::BecameLookedAfter {
            legal_status: hearth_domain::codes::LegalStatus::C2,
            placement: hearth_domain::events::Placement {
                placement_type: hearth_domain::codes::PlacementType::U4,
                provider: None,
                postcode: None,
                urn: None,
                long_term: false,
            },
            category_of_need: hearth_domain::codes::PrimaryNeed::N1,
            uasc: false,
        };
        db.append_event(
            &mut tx,
            child,
            When::Date(jiff::civil::date(2025, 7, 1)),
            looked_after,
            "setup",
            now,
            &w.services.calendar().await.unwrap(),
            &w.services.policy().await.unwrap(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let clocks = db
            .obligations_for(&hearth_store::Authorised::unchecked(child))
            .await
            .unwrap();
        let pep: Vec<&str> = clocks
            .iter()
            .filter(|o| o.rule == "pep")
            .map(|o| o.start_on.as_str())
            .collect();
        assert_eq!(pep, ["2025-07-16"]);
    }
});

on_both_databases!(
    an_action_is_owned_only_by_someone_who_may_open_the_child,
    |db: &Db| {
        let db = db.clone();
        async move {
            let w = world(&db).await;
            let day = When::Date(jiff::civil::date(2025, 3, 3));
            let action = |owner: &str| EventKind::ActionAgreed {
                what: "Ask the GP for the health visitor's notes".into(),
                owner: w.users[owner].user,
                due: jiff::civil::date(2025, 3, 20),
            };
            // A teammate may open the child; so may their manager.
            let agreed = events::record(&w.ctx("sw1"), w.child, day, action("sw2"))
                .await
                .unwrap();
            events::record(&w.ctx("sw1"), w.child, day, action("tm1"))
                .await
                .unwrap();
            // Another team's worker, an analyst (who may look but does not own
            // casework), and an IRO not appointed to the child may not.
            for owner in ["sw3", "analyst", "iro1"] {
                let refused = events::record(&w.ctx("sw1"), w.child, day, action(owner)).await;
                assert!(
                    matches!(&refused, Err(AppError::Invalid(m)) if m.starts_with("owner: ")),
                    "{owner}: {refused:?}"
                );
            }
            // Nor may an amendment hand the action to them.
            let amend = EventKind::Amended {
                target: agreed.id,
                reason: "reassigned".into(),
                on: None,
                event: Box::new(action("sw3")),
            };
            assert!(matches!(
                events::record(&w.ctx("tm1"), w.child, day, amend).await,
                Err(AppError::Invalid(_))
            ));
            let refusals: Vec<_> = db
                .audit_for_child(&hearth_store::Authorised::unchecked(w.child))
                .await
                .unwrap()
                .into_iter()
                .filter(|r| r.refused)
                .collect();
            assert_eq!(refusals.len(), 4);
            assert!(
                refusals
                    .iter()
                    .all(|r| r.detail.as_deref() == Some("action owner may not open the child"))
            );
            let ledger = db
                .events(&hearth_store::Authorised::unchecked(w.child))
                .await
                .unwrap();
            assert_eq!(ledger.len(), 3, "the allocation and the two actions");
        }
    }
);
