//! A social worker's Social Work England registration number, given on the
//! administrator's user form, checked, kept with the user and read back for
//! the SSDA903 social worker episodes, on a real database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::sync::Arc;

use hearth_app::admin::{self, UserForm};
use hearth_app::{AppError, Ctx, FixedClock, Services};
use hearth_store::{Db, NewUser, Role, on_both_databases};

on_both_databases!(
    a_registration_number_is_checked_kept_and_changed,
    |db: &Db| {
        let db = db.clone();
        async move {
            let clock = FixedClock("2025-03-03T10:00:00Z".parse().unwrap());
            let services = Services::new(db.clone(), Arc::new(clock));
            let mut tx = db.begin().await.unwrap();
            let admin_id = db
                .create_user(
                    &mut tx,
                    &NewUser {
                        username: "admin",
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
            let actor = db.actor(admin_id).await.unwrap().unwrap();
            let ctx = Ctx {
                services: &services,
                actor: &actor,
                request_id: "req",
            };

            // Not a number: refused against its field, nothing written.
            let bad = UserForm {
                username: "newsw",
                display_name: "New Worker",
                role: "business_support",
                swe_number: "12345",
                ..Default::default()
            };
            match admin::add_user(&ctx, &bad).await {
                Err(AppError::Invalid(m)) => {
                    assert!(m.starts_with("swe_number: "), "{m}");
                    assert!(m.contains("should begin SW"), "{m}");
                }
                other => panic!("{other:?}"),
            }
            assert!(db.user_by_username("newsw").await.unwrap().is_none());

            // A number in any case is kept as SW and its digits.
            let good = UserForm {
                swe_number: " sw12345 ",
                ..bad.clone()
            };
            let added = admin::add_user(&ctx, &good).await.unwrap();
            let row = db.user(added.user).await.unwrap().unwrap();
            assert_eq!(row.swe_number.as_ref().map(|n| n.as_str()), Some("SW12345"));
            let all = db.swe_numbers().await.unwrap();
            assert_eq!(all.len(), 1);
            assert_eq!(all[&added.user].as_str(), "SW12345");

            // Changed, then cleared, with the audit saying so (not the value).
            let change = UserForm {
                role: "business_support",
                swe_number: "SW777",
                ..Default::default()
            };
            admin::change_user(&ctx, added.user, &change).await.unwrap();
            let row = db.user(added.user).await.unwrap().unwrap();
            assert_eq!(row.swe_number.map(|n| n.to_string()), Some("SW777".into()));
            let audit = db.audit_by_action("admin:change_user").await.unwrap();
            let detail = audit[0].detail.clone().unwrap_or_default();
            assert!(
                detail.contains("Social Work England number changed"),
                "{detail}"
            );
            assert!(!detail.contains("SW777"), "{detail}");
            let clear = UserForm {
                role: "business_support",
                ..Default::default()
            };
            admin::change_user(&ctx, added.user, &clear).await.unwrap();
            assert_eq!(db.user(added.user).await.unwrap().unwrap().swe_number, None);
            assert!(db.swe_numbers().await.unwrap().is_empty());
        }
    }
);
