//! Four eyes on roles that can read children's records, and audited
//! refusals of bad administration input, on a real database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::Arc;

use hearth_app::admin::{self, UserForm};
use hearth_app::{AppError, Ctx, FixedClock, Services, access, accounts, approvals};
use hearth_domain::access::Actor;
use hearth_store::{Db, NewUser, Role, RoleDecision, UserId, on_both_databases};

const PASSWORD: &str = "correct horse battery staple";

struct World {
    services: Services,
    db: Db,
}

impl World {
    async fn new(db: &Db) -> World {
        let clock = FixedClock("2025-03-03T10:00:00Z".parse().unwrap());
        World {
            services: Services::new(db.clone(), Arc::new(clock)),
            db: db.clone(),
        }
    }

    async fn user(&self, username: &'static str, role: Role) -> Actor {
        let hash = accounts::hash_password(PASSWORD).await.unwrap();
        let mut tx = self.db.begin().await.unwrap();
        let user = NewUser {
            username,
            display_name: username,
            role,
            team: None,
            manager: None,
            password_hash: Some(&hash),
        };
        let id = self
            .db
            .create_user(&mut tx, &user, "2025-03-01T09:00:00Z".parse().unwrap())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        self.db.actor(id).await.unwrap().unwrap()
    }

    fn ctx<'a>(&'a self, actor: &'a Actor) -> Ctx<'a> {
        Ctx {
            services: &self.services,
            actor,
            request_id: "req",
        }
    }

    async fn role(&self, user: UserId) -> Role {
        self.db.user(user).await.unwrap().unwrap().role
    }

    async fn details(&self, action: &str) -> Vec<(bool, String)> {
        self.db
            .audit_by_action(action)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.refused, r.detail.unwrap_or_default()))
            .collect()
    }
}

fn role_form(role: &str) -> UserForm<'_> {
    UserForm {
        role,
        ..Default::default()
    }
}

on_both_databases!(
    an_auditor_role_waits_for_a_second_administrator,
    |db: &Db| {
        let db = db.clone();
        async move {
            let w = World::new(&db).await;
            let asker = w.user("asker", Role::SystemAdministrator).await;
            let second = w.user("second", Role::SystemAdministrator).await;
            let sw = w.user("sw", Role::SocialWorker).await;
            let approval = admin::change_user(&w.ctx(&asker), sw.user, &role_form("auditor"))
                .await
                .unwrap()
                .expect("an auditor reads every record: it waits");
            assert_eq!(w.role(sw.user).await, Role::SocialWorker, "not yet");
            let requested = w.details("admin:request_role").await;
            assert_eq!(
                requested,
                [(
                    false,
                    format!(
                        "approval {}: user {} as auditor (was social_worker)",
                        approval.0, sw.user.0
                    )
                )]
            );
            // While it waits, no other role change for the account.
            let again = admin::change_user(&w.ctx(&asker), sw.user, &role_form("iro")).await;
            assert!(matches!(again, Err(AppError::Invalid(m)) if m.starts_with("role: a role")));

            // Not the administrator who asked; not anyone but an administrator.
            for who in [&asker, &sw] {
                assert!(matches!(
                    approvals::decide(&w.ctx(who), approval, "approve").await,
                    Err(AppError::Forbidden)
                ));
            }
            assert_eq!(w.role(sw.user).await, Role::SocialWorker);
            let refusals = w.details("admin:decide_role").await;
            assert_eq!(refusals.len(), 2);
            assert!(refusals.iter().all(|(refused, _)| *refused));
            assert!(
                refusals
                    .iter()
                    .any(|(_, d)| d.contains("you asked for this role")),
                "{refusals:?}"
            );
            // The page tells the asker why they cannot decide.
            let seen = approvals::approval(&w.ctx(&asker), approval).await.unwrap();
            assert!(seen.not_yours.is_some());
            assert!(
                approvals::approval(&w.ctx(&second), approval)
                    .await
                    .unwrap()
                    .not_yours
                    .is_none()
            );

            // A second administrator approves: in force at once, audited.
            assert!(matches!(
                approvals::decide(&w.ctx(&second), approval, "maybe").await,
                Err(AppError::Invalid(_))
            ));
            assert_eq!(
                approvals::decide(&w.ctx(&second), approval, "approve")
                    .await
                    .unwrap(),
                RoleDecision::Approved
            );
            assert_eq!(w.role(sw.user).await, Role::Auditor);
            let decided = w.details("admin:decide_role").await;
            assert_eq!(
                decided[0],
                (
                    false,
                    format!(
                        "approval {}: user {} as auditor approved",
                        approval.0, sw.user.0
                    )
                )
            );
            assert!(matches!(
                approvals::decide(&w.ctx(&second), approval, "refuse").await,
                Err(AppError::Invalid(_))
            ));
            assert_eq!(w.role(sw.user).await, Role::Auditor);

            // The break-glass report shows it: who asked, who approved.
            let auditor = db.actor(sw.user).await.unwrap().unwrap();
            let report = access::break_glass_report(
                &w.ctx(&auditor),
                "2025-03-01T00:00:00Z".parse().unwrap(),
            )
            .await
            .unwrap();
            assert_eq!(report.role_grants.len(), 1);
            let g = &report.role_grants[0];
            assert_eq!(
                (g.requested_by, g.decided_by, g.decision),
                (
                    Some(asker.user),
                    Some(second.user),
                    Some(RoleDecision::Approved)
                )
            );
        }
    }
);

on_both_databases!(nobody_approves_a_role_for_their_own_account, |db: &Db| {
    let db = db.clone();
    async move {
        let w = World::new(&db).await;
        let asker = w.user("asker", Role::SystemAdministrator).await;
        let other = w.user("other", Role::SystemAdministrator).await;
        let third = w.user("third", Role::SystemAdministrator).await;
        let approval = admin::change_user(&w.ctx(&asker), other.user, &role_form("auditor"))
            .await
            .unwrap()
            .unwrap();
        assert!(matches!(
            approvals::decide(&w.ctx(&other), approval, "approve").await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(w.role(other.user).await, Role::SystemAdministrator);
        // Refused by a third: the account keeps its role.
        assert_eq!(
            approvals::decide(&w.ctx(&third), approval, "refuse")
                .await
                .unwrap(),
            RoleDecision::Refused
        );
        assert_eq!(w.role(other.user).await, Role::SystemAdministrator);
    }
});

on_both_databases!(a_new_account_cannot_sign_in_until_approved, |db: &Db| {
    let db = db.clone();
    async move {
        let w = World::new(&db).await;
        let asker = w.user("asker", Role::SystemAdministrator).await;
        let second = w.user("second", Role::SystemAdministrator).await;
        let add = |username| UserForm {
            username,
            display_name: "New Starter",
            role: "iro",
            ..Default::default()
        };
        let signs_in = async |username: &str, password: &str| {
            accounts::sign_in(&w.services, username, password, None, "r")
                .await
                .unwrap()
                .is_ok()
        };
        let kept = admin::add_user(&w.ctx(&asker), &add("kept")).await.unwrap();
        let turned_away = admin::add_user(&w.ctx(&asker), &add("turned.away"))
            .await
            .unwrap();
        assert!(!signs_in("kept", &kept.password).await);
        assert!(!signs_in("turned.away", &turned_away.password).await);
        assert_eq!(db.actor(kept.user).await.unwrap(), None, "no access at all");
        approvals::decide(&w.ctx(&second), kept.approval.unwrap(), "approve")
            .await
            .unwrap();
        approvals::decide(&w.ctx(&second), turned_away.approval.unwrap(), "refuse")
            .await
            .unwrap();
        assert!(signs_in("kept", &kept.password).await);
        assert!(!signs_in("turned.away", &turned_away.password).await);
        assert_eq!(
            db.actor(kept.user).await.unwrap().map(|a| a.role),
            Some(Role::Iro)
        );
        let added = w.details("admin:add_user").await;
        assert!(
            added
                .iter()
                .all(|(_, d)| d.contains("awaiting approval") && !d.contains("New Starter")),
            "{added:?}"
        );
    }
});

on_both_databases!(the_team_changes_at_once_while_the_role_waits, |db: &Db| {
    let db = db.clone();
    async move {
        let w = World::new(&db).await;
        let asker = w.user("asker", Role::SystemAdministrator).await;
        let sw = w.user("sw", Role::SocialWorker).await;
        let mut tx = db.begin().await.unwrap();
        let team = db.create_team(&mut tx, "Team A", "cp").await.unwrap();
        tx.commit().await.unwrap();
        let team_text = team.0.to_string();
        let form = UserForm {
            role: "team_manager",
            team: &team_text,
            ..Default::default()
        };
        let approval = admin::change_user(&w.ctx(&asker), sw.user, &form)
            .await
            .unwrap();
        assert!(approval.is_some());
        let row = db.user(sw.user).await.unwrap().unwrap();
        assert_eq!((row.role, row.team), (Role::SocialWorker, Some(team)));
        // Keeping the role asks for nothing.
        let same = UserForm {
            role: "social_worker",
            ..Default::default()
        };
        assert_eq!(
            admin::change_user(&w.ctx(&asker), sw.user, &same)
                .await
                .unwrap(),
            None
        );
    }
});

on_both_databases!(refusals_of_bad_input_are_audited_by_id, |db: &Db| {
    let db = db.clone();
    async move {
        let w = World::new(&db).await;
        let admin_user = w.user("admin", Role::SystemAdministrator).await;
        let sw = w.user("sw", Role::SocialWorker).await;
        let ctx = w.ctx(&admin_user);
        let bad = UserForm {
            username: "has space",
            display_name: "Secret Name",
            role: "chef",
            ..Default::default()
        };
        assert!(admin::add_user(&ctx, &bad).await.is_err());
        let own = sw.user.0.to_string();
        let bad_manager = UserForm {
            role: "social_worker",
            manager: &own,
            ..Default::default()
        };
        assert!(
            admin::change_user(&ctx, sw.user, &bad_manager)
                .await
                .is_err()
        );
        assert!(admin::add_team(&ctx, "", "nonsense").await.is_err());
        assert!(admin::import_bank_holidays(&ctx, " ").await.is_err());
        assert!(admin::check_policy(&ctx, "not = [toml").await.is_err());
        assert!(admin::deactivate_user(&ctx, admin_user.user).await.is_err());
        assert!(admin::reset_password(&ctx, admin_user.user).await.is_err());
        let expected = [
            ("admin:add_user", "new user: username, role".to_owned()),
            ("admin:change_user", format!("user {}: manager", sw.user.0)),
            ("admin:add_team", "new team: name, kind".to_owned()),
            (
                "admin:import_bank_holidays",
                "bank holidays: file".to_owned(),
            ),
            ("admin:check_policy", "policy: policy".to_owned()),
            (
                "admin:deactivate_user",
                format!("user {}: user", admin_user.user.0),
            ),
            (
                "admin:reset_password",
                format!("user {}: user", admin_user.user.0),
            ),
        ];
        for (action, detail) in expected {
            assert_eq!(w.details(action).await, [(true, detail)], "{action}");
        }
        let all = db.audit_by_action("admin:add_user").await.unwrap();
        assert!(all.iter().all(|r| {
            let d = r.detail.as_deref().unwrap_or_default();
            !d.contains("Secret") && !d.contains("has space")
        }));
    }
});
