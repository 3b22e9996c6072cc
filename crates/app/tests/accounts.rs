//! Signing in and out, lockout, session expiry and API tokens, on a real database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::Arc;

use hearth_app::accounts::{self, SignInError};
use hearth_app::{Clock, ManualClock, Services};
use hearth_store::{Db, NewUser, Role, on_both_databases};
use jiff::SignedDuration;

async fn setup(db: &Db) -> (Services, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::new("2025-03-03T09:00:00Z".parse().unwrap()));
    let services = Services::new(db.clone(), clock.clone());
    let hash = accounts::hash_password("correct horse battery staple")
        .await
        .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let mut tx = db.begin().await.unwrap();
    db.create_user(
        &mut tx,
        &NewUser {
            username: "sw1",
            display_name: "Social Worker",
            role: Role::SocialWorker,
            team: None,
            manager: None,
            password_hash: Some(&hash),
        },
        clock.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    (services, clock)
}

on_both_databases!(sign_in_and_out, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, _) = setup(&db).await;
        let (token, actor) = accounts::sign_in(
            &s,
            "sw1",
            "correct horse battery staple",
            Some("test"),
            "r1",
        )
        .await
        .unwrap()
        .unwrap();
        assert_eq!(actor.role, Role::SocialWorker);
        assert_eq!(token.0.len(), 64);
        let (row, who) = accounts::session(&s, &token).await.unwrap().unwrap();
        assert_eq!(who.user, actor.user);
        assert_eq!(row.user_agent.as_deref(), Some("test"));
        assert_eq!(accounts::sessions(&s, &actor, "r9").await.unwrap().len(), 1);
        // Seeing your sessions is audited.
        let seen = db.audit_by_action("view_sessions").await.unwrap();
        assert_eq!(seen.len(), 1);
        assert_eq!(seen[0].actor, Some(actor.user));
        accounts::sign_out(&s, &token, "r2").await.unwrap();
        assert!(accounts::session(&s, &token).await.unwrap().is_none());
        let unknown = accounts::sign_in(&s, "nobody", "x", None, "r3")
            .await
            .unwrap();
        assert_eq!(unknown.unwrap_err(), SignInError::NotRecognised);
    }
});

on_both_databases!(five_failures_lock_the_account, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, clock) = setup(&db).await;
        for _ in 0..4 {
            let r = accounts::sign_in(&s, "sw1", "wrong", None, "r")
                .await
                .unwrap();
            assert_eq!(r.unwrap_err(), SignInError::NotRecognised);
        }
        let r = accounts::sign_in(&s, "sw1", "wrong", None, "r")
            .await
            .unwrap();
        let until: jiff::Timestamp = "2025-03-03T09:15:00Z".parse().unwrap();
        assert_eq!(r.unwrap_err(), SignInError::Locked(until));
        // Locked even with the right password.
        let r = accounts::sign_in(&s, "sw1", "correct horse battery staple", None, "r")
            .await
            .unwrap();
        assert_eq!(r.unwrap_err(), SignInError::Locked(until));
        clock.advance(SignedDuration::from_mins(15));
        assert!(
            accounts::sign_in(&s, "sw1", "correct horse battery staple", None, "r")
                .await
                .unwrap()
                .is_ok()
        );
    }
});

on_both_databases!(sessions_expire_idle_and_absolute, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, clock) = setup(&db).await;
        let (token, _) = accounts::sign_in(&s, "sw1", "correct horse battery staple", None, "r")
            .await
            .unwrap()
            .unwrap();
        // Used every 29 minutes it stays alive, until 10 hours have passed.
        let mut elapsed = 0;
        while elapsed + 29 < 600 {
            clock.advance(SignedDuration::from_mins(29));
            elapsed += 29;
            assert!(
                accounts::session(&s, &token).await.unwrap().is_some(),
                "alive at {elapsed} minutes"
            );
        }
        clock.advance(SignedDuration::from_mins(600 - elapsed));
        assert!(
            accounts::session(&s, &token).await.unwrap().is_none(),
            "ended at 10 hours"
        );

        let (idle, _) = accounts::sign_in(&s, "sw1", "correct horse battery staple", None, "r")
            .await
            .unwrap()
            .unwrap();
        clock.advance(SignedDuration::from_mins(30));
        assert!(
            accounts::session(&s, &idle).await.unwrap().is_none(),
            "ended after 30 minutes idle"
        );
    }
});

on_both_databases!(api_tokens, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, _) = setup(&db).await;
        let (_, actor) = accounts::sign_in(&s, "sw1", "correct horse battery staple", None, "r")
            .await
            .unwrap()
            .unwrap();
        assert!(
            accounts::create_api_token(&s, &actor, "  ", "r")
                .await
                .is_err()
        );
        let token = accounts::create_api_token(&s, &actor, "returns robot", "r")
            .await
            .unwrap();
        assert_eq!(
            accounts::api_actor(&s, &token)
                .await
                .unwrap()
                .map(|a| a.user),
            Some(actor.user)
        );
        let forged = hearth_app::accounts::Token("0".repeat(64));
        assert!(accounts::api_actor(&s, &forged).await.unwrap().is_none());
    }
});

const RIGHT: &str = "correct horse battery staple";

async fn credentials(db: &Db) -> hearth_store::Credentials {
    db.credentials("sw1").await.unwrap().unwrap()
}

on_both_databases!(
    twenty_parallel_wrong_passwords_are_all_counted,
    |db: &Db| {
        let db = db.clone();
        async move {
            let (s, _) = setup(&db).await;
            let mut set = tokio::task::JoinSet::new();
            for i in 0..20 {
                let s = s.clone();
                set.spawn(async move {
                    accounts::sign_in(&s, "sw1", &format!("guess {i}"), None, "r")
                        .await
                        .unwrap()
                });
            }
            let mut not_recognised = 0;
            let mut locked = 0;
            while let Some(r) = set.join_next().await {
                match r.unwrap() {
                    Err(SignInError::NotRecognised) => not_recognised += 1,
                    Err(SignInError::Locked(_)) => locked += 1,
                    Ok(_) => panic!("a wrong password signed in"),
                }
            }
            // Exactly four wrong guesses are answered "not recognised"; the
            // fifth locks the account and every later one is refused as locked.
            assert_eq!((not_recognised, locked), (4, 16));
            let c = credentials(&db).await;
            assert!(c.failed_sign_ins >= 5, "{}", c.failed_sign_ins);
            let until: jiff::Timestamp = "2025-03-03T09:15:00Z".parse().unwrap();
            assert_eq!(c.locked_until, Some(until));
            let refused = db.audit_by_action("sign_in").await.unwrap();
            assert_eq!(refused.iter().filter(|r| r.refused).count(), 20);
            assert_eq!(
                refused
                    .iter()
                    .filter(|r| r.detail.as_deref() == Some("wrong password; account locked"))
                    .count(),
                1
            );
            // The right password is refused while the lock holds.
            let r = accounts::sign_in(&s, "sw1", RIGHT, None, "r")
                .await
                .unwrap();
            assert_eq!(r.unwrap_err(), SignInError::Locked(until));
        }
    }
);

on_both_databases!(a_lock_that_has_run_out_starts_a_fresh_count, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, clock) = setup(&db).await;
        for _ in 0..5 {
            let _ = accounts::sign_in(&s, "sw1", "wrong", None, "r")
                .await
                .unwrap();
        }
        clock.advance(SignedDuration::from_mins(15));
        // Four more wrong ones are allowed after the lock; the fifth locks again.
        for _ in 0..4 {
            let r = accounts::sign_in(&s, "sw1", "wrong", None, "r")
                .await
                .unwrap();
            assert_eq!(r.unwrap_err(), SignInError::NotRecognised);
        }
        let r = accounts::sign_in(&s, "sw1", "wrong", None, "r")
            .await
            .unwrap();
        assert!(matches!(r, Err(SignInError::Locked(_))));
        clock.advance(SignedDuration::from_mins(15));
        assert!(
            accounts::sign_in(&s, "sw1", RIGHT, None, "r")
                .await
                .unwrap()
                .is_ok()
        );
        assert_eq!(credentials(&db).await.failed_sign_ins, 0);
    }
});

/// The Argon2 verifications one sign-in makes, and that it was refused.
async fn verifications(s: &Services, username: &str, password: &str) -> u64 {
    let before = s.password_verifications();
    let r = accounts::sign_in(s, username, password, None, "r")
        .await
        .unwrap();
    assert!(r.is_err());
    s.password_verifications() - before
}

on_both_databases!(locked_unknown_and_wrong_take_the_same_work, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, _) = setup(&db).await;
        for _ in 0..5 {
            let _ = accounts::sign_in(&s, "sw1", "wrong", None, "r")
                .await
                .unwrap();
        }
        // Counted, not timed: each outcome costs exactly one Argon2
        // verification, so none answers faster than another.
        assert_eq!(verifications(&s, "sw1", "wrong").await, 1, "locked");
        assert_eq!(verifications(&s, "nobody", "wrong").await, 1, "unknown");
        let hash = accounts::hash_password(RIGHT).await.unwrap();
        let mut tx = db.begin().await.unwrap();
        db.create_user(
            &mut tx,
            &NewUser {
                username: "sw2",
                display_name: "Another",
                role: Role::SocialWorker,
                team: None,
                manager: None,
                password_hash: Some(&hash),
            },
            s.clock.now(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(verifications(&s, "sw2", "wrong").await, 1, "wrong");
    }
});

async fn administrator(db: &Db) -> hearth_domain::access::Actor {
    administrator_named(db, "admin").await
}

async fn administrator_named(db: &Db, username: &str) -> hearth_domain::access::Actor {
    let mut tx = db.begin().await.unwrap();
    let id = db
        .create_user(
            &mut tx,
            &NewUser {
                username,
                display_name: "Admin",
                role: Role::SystemAdministrator,
                team: None,
                manager: None,
                password_hash: None,
            },
            "2025-03-01T09:00:00Z".parse().unwrap(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    db.actor(id).await.unwrap().unwrap()
}

on_both_databases!(deactivating_ends_sessions_and_tokens_at_once, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, _) = setup(&db).await;
        let admin = administrator(&db).await;
        let (session, actor) = accounts::sign_in(&s, "sw1", RIGHT, None, "r")
            .await
            .unwrap()
            .unwrap();
        let token = accounts::create_api_token(&s, &actor, "robot", "r")
            .await
            .unwrap();
        let ctx = hearth_app::Ctx {
            services: &s,
            actor: &admin,
            request_id: "r9",
        };
        let sw = actor.user;
        // Not their own account, and not for anyone but an administrator.
        assert!(matches!(
            hearth_app::admin::deactivate_user(&ctx, admin.user).await,
            Err(hearth_app::AppError::Invalid(m)) if m.starts_with("user: ")
        ));
        let not_admin = hearth_app::Ctx {
            services: &s,
            actor: &actor,
            request_id: "r",
        };
        assert!(matches!(
            hearth_app::admin::deactivate_user(&not_admin, sw).await,
            Err(hearth_app::AppError::Forbidden)
        ));
        assert!(accounts::session(&s, &session).await.unwrap().is_some());

        let ended = hearth_app::admin::deactivate_user(&ctx, sw).await.unwrap();
        assert_eq!(
            ended,
            accounts::Ended {
                sessions: 1,
                tokens: 1
            }
        );
        assert!(accounts::session(&s, &session).await.unwrap().is_none());
        assert!(accounts::api_actor(&s, &token).await.unwrap().is_none());
        let r = accounts::sign_in(&s, "sw1", RIGHT, None, "r")
            .await
            .unwrap();
        assert_eq!(r.unwrap_err(), SignInError::NotRecognised);
        let rows = db.audit_by_action("admin:deactivate_user").await.unwrap();
        let allowed: Vec<_> = rows.iter().filter(|r| !r.refused).collect();
        assert_eq!(allowed.len(), 1);
        assert_eq!(allowed[0].actor, Some(admin.user));
        assert_eq!(
            allowed[0].detail.as_deref(),
            Some(format!("user {}: 1 sessions ended, 1 API tokens revoked", sw.0).as_str())
        );
        // Twice is a clear problem, not a second row.
        assert!(matches!(
            hearth_app::admin::deactivate_user(&ctx, sw).await,
            Err(hearth_app::AppError::Invalid(m)) if m.contains("deactivated already")
        ));
        assert!(matches!(
            hearth_app::admin::deactivate_user(&ctx, hearth_store::UserId(999)).await,
            Err(hearth_app::AppError::NotFound)
        ));
    }
});

on_both_databases!(
    a_reset_password_ends_everything_and_must_be_changed,
    |db: &Db| {
        let db = db.clone();
        async move {
            let (s, clock) = setup(&db).await;
            let admin = administrator(&db).await;
            // Locked: a reset clears the lock.
            for _ in 0..5 {
                let _ = accounts::sign_in(&s, "sw1", "wrong", None, "r")
                    .await
                    .unwrap();
            }
            clock.advance(SignedDuration::from_mins(15));
            let (session, actor) = accounts::sign_in(&s, "sw1", RIGHT, None, "r")
                .await
                .unwrap()
                .unwrap();
            let token = accounts::create_api_token(&s, &actor, "robot", "r")
                .await
                .unwrap();
            for _ in 0..5 {
                let _ = accounts::sign_in(&s, "sw1", "wrong", None, "r")
                    .await
                    .unwrap();
            }
            let ctx = hearth_app::Ctx {
                services: &s,
                actor: &admin,
                request_id: "r9",
            };
            let sw = actor.user;
            let (password, ended) = hearth_app::admin::reset_password(&ctx, sw).await.unwrap();
            assert_eq!(
                ended,
                accounts::Ended {
                    sessions: 1,
                    tokens: 1
                }
            );
            assert_eq!(password.len(), 20);
            assert!(accounts::session(&s, &session).await.unwrap().is_none());
            assert!(accounts::api_actor(&s, &token).await.unwrap().is_none());
            let c = credentials(&db).await;
            assert!(c.must_change_password);
            assert_eq!((c.failed_sign_ins, c.locked_until), (0, None));
            assert_eq!(
                db.audit_by_action("admin:reset_password")
                    .await
                    .unwrap()
                    .len(),
                1
            );

            // The old password no longer works; the new one opens a session
            // that must change it.
            let r = accounts::sign_in(&s, "sw1", RIGHT, None, "r")
                .await
                .unwrap();
            assert_eq!(r.unwrap_err(), SignInError::NotRecognised);
            let (session, actor) = accounts::sign_in(&s, "sw1", &password, None, "r")
                .await
                .unwrap()
                .unwrap();
            let (row, _) = accounts::session(&s, &session).await.unwrap().unwrap();
            assert!(row.must_change_password);

            let change = |current, new, confirm| accounts::PasswordChange {
                current,
                new,
                confirm,
            };
            let problems = |r: Result<(), hearth_app::AppError>| match r {
                Err(hearth_app::AppError::Invalid(m)) => m,
                other => panic!("{other:?}"),
            };
            let m = problems(
                accounts::change_password(
                    &s,
                    &actor,
                    Some(row.id),
                    &change("", "short", "other"),
                    "r",
                )
                .await,
            );
            assert_eq!(
                m,
                "current_password: enter your current password\n\
             new_password: use at least 12 characters\n\
             confirm_password: enter the same new password twice"
            );
            let m = problems(
                accounts::change_password(
                    &s,
                    &actor,
                    Some(row.id),
                    &change(&password, &password, &password),
                    "r",
                )
                .await,
            );
            assert!(
                m.starts_with("new_password: choose a new password that is different"),
                "{m}"
            );
            let m = problems(
                accounts::change_password(
                    &s,
                    &actor,
                    Some(row.id),
                    &change("not it", "a brand new passphrase", "a brand new passphrase"),
                    "r",
                )
                .await,
            );
            assert_eq!(m, "current_password: your current password is not right");
            assert_eq!(credentials(&db).await.failed_sign_ins, 1);
            assert!(
                credentials(&db).await.must_change_password,
                "nothing changed"
            );

            accounts::change_password(
                &s,
                &actor,
                Some(row.id),
                &change(
                    &password,
                    "a brand new passphrase",
                    "a brand new passphrase",
                ),
                "r",
            )
            .await
            .unwrap();
            let c = credentials(&db).await;
            assert!(!c.must_change_password);
            assert_eq!(c.failed_sign_ins, 0);
            let (row, _) = accounts::session(&s, &session).await.unwrap().unwrap();
            assert!(!row.must_change_password, "this session goes on");
            assert!(
                accounts::sign_in(&s, "sw1", "a brand new passphrase", None, "r")
                    .await
                    .unwrap()
                    .is_ok()
            );
            let changes = db.audit_by_action("change_password").await.unwrap();
            assert_eq!(
                (changes.iter().filter(|r| r.refused).count(), changes.len()),
                (1, 2)
            );
        }
    }
);

on_both_databases!(revoking_tokens_leaves_sessions, |db: &Db| {
    let db = db.clone();
    async move {
        let (s, _) = setup(&db).await;
        let admin = administrator(&db).await;
        let (session, actor) = accounts::sign_in(&s, "sw1", RIGHT, None, "r")
            .await
            .unwrap()
            .unwrap();
        let a = accounts::create_api_token(&s, &actor, "one", "r")
            .await
            .unwrap();
        let b = accounts::create_api_token(&s, &actor, "two", "r")
            .await
            .unwrap();
        let ctx = hearth_app::Ctx {
            services: &s,
            actor: &admin,
            request_id: "r9",
        };
        let sw = actor.user;
        assert_eq!(
            hearth_app::admin::revoke_api_tokens(&ctx, sw)
                .await
                .unwrap(),
            2
        );
        assert!(accounts::api_actor(&s, &a).await.unwrap().is_none());
        assert!(accounts::api_actor(&s, &b).await.unwrap().is_none());
        assert!(accounts::session(&s, &session).await.unwrap().is_some());
        assert_eq!(
            hearth_app::admin::revoke_api_tokens(&ctx, sw)
                .await
                .unwrap(),
            0
        );
        // Each change wrote its audit row; so did making the tokens.
        assert_eq!(
            db.audit_by_action("admin:revoke_api_tokens")
                .await
                .unwrap()
                .len(),
            2
        );
        assert_eq!(
            db.audit_by_action("create_api_token").await.unwrap().len(),
            2
        );
        accounts::sign_out(&s, &session, "r").await.unwrap();
        let out = db.audit_by_action("sign_out").await.unwrap();
        assert_eq!(out.len(), 1);
        assert_eq!(out[0].actor, Some(sw));
    }
});

on_both_databases!(
    a_user_an_administrator_adds_must_change_their_password,
    |db: &Db| {
        let db = db.clone();
        async move {
            let (s, _) = setup(&db).await;
            let admin = administrator(&db).await;
            let ctx = hearth_app::Ctx {
                services: &s,
                actor: &admin,
                request_id: "r9",
            };
            let form = hearth_app::admin::UserForm {
                username: "new.starter",
                display_name: "New Starter",
                role: "social_worker",
                ..Default::default()
            };
            let added = hearth_app::admin::add_user(&ctx, &form).await.unwrap();
            let (id, password) = (added.user, added.password);
            // A social worker reads children: a second administrator approves.
            let second = administrator_named(&db, "second.admin").await;
            let approve = hearth_app::Ctx {
                services: &s,
                actor: &second,
                request_id: "r10",
            };
            hearth_app::approvals::decide(&approve, added.approval.unwrap(), "approve")
                .await
                .unwrap();
            let c = db.credentials("new.starter").await.unwrap().unwrap();
            assert_eq!(c.user, id);
            assert!(c.must_change_password);
            let (token, _) = accounts::sign_in(&s, "new.starter", &password, None, "r")
                .await
                .unwrap()
                .unwrap();
            assert!(
                accounts::session(&s, &token)
                    .await
                    .unwrap()
                    .unwrap()
                    .0
                    .must_change_password
            );
            // Accounts made straight in the store (the demo's) need no change.
            assert!(!credentials(&db).await.must_change_password);
        }
    }
);
