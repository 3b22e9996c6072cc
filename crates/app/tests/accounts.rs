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
        assert_eq!(accounts::sessions(&s, &actor).await.unwrap().len(), 1);
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
