//! The local authority's details, on SQLite and on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_store::on_both_databases as story;
use hearth_store::{Db, LocalAuthority};

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
