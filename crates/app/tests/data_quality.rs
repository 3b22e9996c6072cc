//! The returns' data quality: the whole authority checked, and each reader
//! shown the findings about the children they may see, no more.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::collections::HashMap;
use std::sync::Arc;

use hearth_app::data_quality::{FindingFilter, Report, check_now, report};
use hearth_app::{AppError, Ctx, FixedClock, Services};
use hearth_domain::access::{Actor, Restriction};
use hearth_domain::codes::ReferralSource;
use hearth_domain::events::{EventKind, When};
use hearth_domain::ids::LaChildId;
use hearth_returns::CollectionYear;
use hearth_store::{ChildId, Db, NewChild, NewUser, Role, on_both_databases};

const YEAR: CollectionYear = CollectionYear::Y2025_26;

struct World {
    services: Services,
    users: HashMap<&'static str, Actor>,
    children: HashMap<&'static str, ChildId>,
    teams: HashMap<&'static str, hearth_store::TeamId>,
}

impl World {
    fn ctx<'a>(&'a self, who: &str) -> Ctx<'a> {
        Ctx {
            services: &self.services,
            actor: &self.users[who],
            request_id: "req-dq",
        }
    }

    async fn report(&self, who: &str, filter: &FindingFilter) -> Report {
        report(&self.ctx(who), YEAR, filter).await.unwrap()
    }

    /// The LA child ids of the children listed for `who`.
    async fn listed(&self, who: &str, filter: &FindingFilter) -> Vec<String> {
        let mut ids: Vec<String> = self
            .report(who, filter)
            .await
            .children
            .into_iter()
            .map(|c| c.la_child_id)
            .collect();
        ids.dedup();
        ids
    }
}

/// Two teams; three children referred in 2025-26 with no primary need
/// (CIN rule 8610 finds each): A1 with sw1 in team 1, B1 with sw3 in team
/// 2, and R1, restricted, with sw1, who has a grant to it (as the
/// allocation use case gives).
async fn world(db: &Db) -> World {
    let now: jiff::Timestamp = "2026-01-15T10:00:00Z".parse().unwrap();
    let mut tx = db.begin().await.unwrap();
    let t1 = db
        .create_team(&mut tx, "Assessment 1", "cin")
        .await
        .unwrap();
    let t2 = db
        .create_team(&mut tx, "Assessment 2", "cin")
        .await
        .unwrap();
    let mut ids = HashMap::new();
    let people: [(&str, Role, Option<hearth_store::TeamId>, Option<&str>); 7] = [
        ("tm1", Role::TeamManager, Some(t1), None),
        ("sw1", Role::SocialWorker, Some(t1), Some("tm1")),
        ("sw3", Role::SocialWorker, Some(t2), None),
        ("analyst", Role::PerformanceAnalyst, None, None),
        ("auditor", Role::Auditor, None, None),
        ("admin", Role::SystemAdministrator, Some(t1), None),
        ("iro1", Role::Iro, None, None),
    ];
    for (name, role, team, manager) in people {
        let new = NewUser {
            username: name,
            display_name: name,
            role,
            team,
            manager: manager.map(|m| ids[m]),
            password_hash: None,
        };
        ids.insert(name, db.create_user(&mut tx, &new, now).await.unwrap());
    }
    let mut children = HashMap::new();
    for (id, restricted) in [
        ("A1", None),
        ("B1", None),
        ("R1", Some(Restriction::Adoption)),
    ] {
        let new = NewChild {
            date_of_birth: Some(jiff::civil::date(2016, 4, 1)),
            restricted,
            ..NewChild::new(LaChildId::parse(id).unwrap(), "Sam", "Example")
        };
        children.insert(id, db.create_child(&mut tx, &new, now).await.unwrap());
    }
    tx.commit().await.unwrap();
    let services = Services::new(db.clone(), Arc::new(FixedClock(now)));
    let calendar = services.calendar().await.unwrap();
    let policy = services.policy().await.unwrap();
    for (child, worker, team) in [("A1", "sw1", t1), ("B1", "sw3", t2), ("R1", "sw1", t1)] {
        for kind in [
            EventKind::ReferralAccepted {
                source: ReferralSource::Police,
                no_further_action: false,
                primary_need: None,
            },
            EventKind::Allocated {
                worker: ids[worker],
                team,
                reason: None,
            },
        ] {
            let mut tx = db.begin().await.unwrap();
            db.append_event(
                &mut tx,
                children[child],
                When::Date(jiff::civil::date(2025, 6, 2)),
                kind,
                "setup",
                now,
                &calendar,
                &policy,
            )
            .await
            .unwrap();
            tx.commit().await.unwrap();
        }
    }
    let mut tx = db.begin().await.unwrap();
    db.grant(
        &mut tx,
        children["R1"],
        ids["sw1"],
        "2027-01-01T00:00:00Z".parse().unwrap(),
        false,
        "allocated",
        ids["tm1"],
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut users = HashMap::new();
    for (name, id) in &ids {
        users.insert(*name, db.actor(*id).await.unwrap().unwrap());
    }
    World {
        services,
        users,
        children,
        teams: HashMap::from([("t1", t1), ("t2", t2)]),
    }
}

on_both_databases!(
    each_reader_sees_the_findings_about_the_children_they_may_see,
    |db: &Db| {
        let db = db.clone();
        async move {
            let w = world(&db).await;
            let all = FindingFilter::default();
            // Nothing checked yet: nothing to show.
            assert!(w.report("analyst", &all).await.checks.is_empty());

            // Only an analyst may check the whole authority.
            for who in ["sw1", "tm1", "auditor", "admin"] {
                assert!(
                    matches!(check_now(&w.ctx(who), YEAR).await, Err(AppError::Forbidden)),
                    "{who}"
                );
            }
            let checked = check_now(&w.ctx("analyst"), YEAR).await.unwrap();
            assert_eq!(checked.children, 3);
            assert_eq!(checked.in_cin, 3);
            assert!(checked.findings >= 3, "{checked:?}");

            // The analyst: every child but the restricted one, which opens
            // only by a grant; the rule counted over the same children.
            let analyst = w.report("analyst", &all).await;
            assert_eq!(analyst.checks.len(), 1);
            let rule_8610 = analyst
                .by_rule
                .iter()
                .find(|r| r.return_name == "cin" && r.rule == "8610")
                .expect("8610 finds the missing primary needs");
            assert_eq!(rule_8610.children, 2);
            assert_eq!(w.listed("analyst", &all).await, ["A1", "B1"]);
            assert_eq!(w.listed("auditor", &all).await, ["A1", "B1"]);
            // Each listed finding names its child's team and worker.
            let a1 = analyst
                .children
                .iter()
                .find(|c| c.child == w.children["A1"])
                .unwrap();
            assert_eq!(a1.team.as_deref(), Some("Assessment 1"));
            assert_eq!(a1.worker.as_deref(), Some("sw1"));
            let teams: Vec<_> = analyst
                .by_team
                .iter()
                .map(|g| (g.name.clone().unwrap(), g.children))
                .collect();
            assert!(teams.contains(&("Assessment 1".into(), 1)), "{teams:?}");
            assert!(teams.contains(&("Assessment 2".into(), 1)), "{teams:?}");

            // The worker: their own, the restricted one included (their
            // grant opens it); their manager not the restricted one; the
            // other team's worker nothing of team 1's.
            assert_eq!(w.listed("sw1", &all).await, ["A1", "R1"]);
            assert_eq!(w.listed("tm1", &all).await, ["A1"]);
            assert_eq!(w.listed("sw3", &all).await, ["B1"]);
            assert!(w.listed("iro1", &all).await.is_empty());
            // The return-wide findings are not about a child the worker
            // has: the authority-wide roles only.
            assert!(w.report("sw1", &all).await.about_returns.is_empty());
            // A role that reads no records is refused.
            assert!(matches!(
                report(&w.ctx("admin"), YEAR, &all).await,
                Err(AppError::Forbidden)
            ));

            // Narrowed to a team, a worker, a rule.
            let team2 = FindingFilter {
                team: Some(w.teams["t2"].0.to_string()),
                ..Default::default()
            };
            assert_eq!(w.listed("analyst", &team2).await, ["B1"]);
            assert!(w.listed("sw1", &team2).await.is_empty());
            let worker1 = FindingFilter {
                worker: Some(w.users["sw1"].user.0.to_string()),
                ..Default::default()
            };
            assert_eq!(w.listed("analyst", &worker1).await, ["A1"]);
            let no_such_rule = FindingFilter {
                rule: Some(("cin".into(), "0000".into())),
                ..Default::default()
            };
            assert!(w.report("analyst", &no_such_rule).await.by_rule.is_empty());
            let the_rule = FindingFilter {
                rule: Some(("cin".into(), "8610".into())),
                ..Default::default()
            };
            let narrowed = w.report("analyst", &the_rule).await;
            assert!(narrowed.children.iter().all(|c| c.rule == "8610"));
            assert_eq!(narrowed.by_rule.len(), 1);

            // Checked again: the latest check's findings replace the
            // earlier's, whose counts stay in the history.
            let again = check_now(&w.ctx("analyst"), YEAR).await.unwrap();
            assert_eq!(again.findings, checked.findings);
            let after = w.report("analyst", &all).await;
            assert_eq!(after.checks.len(), 2);
            assert_eq!(after.checks[0].id, again.check);
            assert_eq!(after.children.len(), analyst.children.len());
        }
    }
);

on_both_databases!(
    one_check_of_the_whole_authority_runs_at_a_time,
    |db: &Db| {
        let db = db.clone();
        async move {
            let w = world(&db).await;
            let now = w.services.clock.now();
            let minutes = |m: i64| jiff::SignedDuration::from_mins(m);

            // Another server's check is running: the analyst is told so at
            // once, and nothing is stored.
            assert!(
                db.claim_return_check("another server", now, now + minutes(10))
                    .await
                    .unwrap()
            );
            match check_now(&w.ctx("analyst"), YEAR).await {
                Err(AppError::Busy(m)) => assert!(m.contains("already running"), "{m}"),
                other => panic!("{other:?}"),
            }
            assert!(
                w.report("analyst", &FindingFilter::default())
                    .await
                    .checks
                    .is_empty()
            );

            // Done: the analyst's check runs, and gives the lease back, so
            // the next one runs too.
            db.release_return_check("another server").await.unwrap();
            check_now(&w.ctx("analyst"), YEAR).await.unwrap();
            check_now(&w.ctx("analyst"), YEAR).await.unwrap();

            // A server that stopped in the middle of a check leaves its
            // lease to lapse: ten minutes on, the check runs.
            assert!(
                db.claim_return_check("stopped server", now - minutes(20), now - minutes(10))
                    .await
                    .unwrap()
            );
            check_now(&w.ctx("analyst"), YEAR).await.unwrap();
            let checks = w.report("analyst", &FindingFilter::default()).await.checks;
            assert_eq!(checks.len(), 3);
        }
    }
);

on_both_databases!(
    ofsteds_list_of_providers_is_kept_with_its_audit_row,
    |db: &Db| {
        let db = db.clone();
        async move {
            use hearth_returns::ssda903::rules::{Provider, ProviderTable};
            let at: jiff::Timestamp = "2026-01-15T10:00:00Z".parse().unwrap();
            // An empty list is refused, and nothing is kept.
            let empty = ProviderTable::from_providers(Vec::new());
            let refused =
                hearth_app::data_quality::import_providers(&db, &empty, "ab", None, at).await;
            assert!(matches!(refused, Err(AppError::Invalid(_))), "{refused:?}");
            assert_eq!(db.ofsted_provider_list().await.unwrap(), None);
            let table = ProviderTable::from_providers([Provider {
                urn: "SC400001".into(),
                place_codes: vec!["K2".into()],
                provider_codes: vec!["PR4".into()],
                registration_end: Some(jiff::civil::date(2025, 9, 30)),
                postcode: Some("TS11AA".into()),
            }]);
            let kept = hearth_app::data_quality::import_providers(&db, &table, "cd", None, at)
                .await
                .unwrap();
            assert_eq!(kept, 1);
            let stored = db.ofsted_provider_list().await.unwrap().unwrap();
            assert_eq!((stored.providers, stored.sha256.as_str()), (1, "cd"));
            assert_eq!(stored.imported_at, at);
            assert_eq!(db.ofsted_provider_list_kept().await.unwrap(), Some((1, at)));
            let back = ProviderTable::from_json(&stored.body).unwrap();
            assert_eq!(back.get("SC400001"), table.get("SC400001"));
            let audited = db
                .audit_by_action("ofsted provider list imported")
                .await
                .unwrap();
            assert_eq!(audited.len(), 1);
            assert!(
                audited[0]
                    .detail
                    .as_deref()
                    .unwrap_or("")
                    .contains("1 providers"),
                "{audited:?}"
            );
        }
    }
);
