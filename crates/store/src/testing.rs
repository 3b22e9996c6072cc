//! Test databases: a fresh, migrated SQLite file always, and a fresh
//! PostgreSQL database when `HEARTH_TEST_DATABASE_URL` names a server.
//! Behind the `testing` feature, for this crate's and other crates' tests.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::{Db, StoreError};

static N: AtomicUsize = AtomicUsize::new(0);

fn unique() -> String {
    format!(
        "{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        jiff::Timestamp::now().as_microsecond() % 1_000_000
    )
}

/// A throwaway database, removed by [`TestDb::finish`].
pub struct TestDb {
    pub db: Db,
    postgres: Option<(String, String)>,
    dir: Option<std::path::PathBuf>,
}

impl TestDb {
    /// A migrated SQLite database in a new temporary folder.
    pub async fn sqlite() -> Result<TestDb, StoreError> {
        let dir = std::env::temp_dir().join(format!("hearth-test-{}", unique()));
        std::fs::create_dir_all(&dir)
            .map_err(|e| StoreError::BadUrl(format!("{}: {e}", dir.display())))?;
        let db = Db::open(&format!("sqlite:{}", dir.join("hearth.db").display())).await?;
        db.migrate().await?;
        Ok(TestDb {
            db,
            postgres: None,
            dir: Some(dir),
        })
    }

    /// A migrated database on the PostgreSQL server that
    /// `HEARTH_TEST_DATABASE_URL` names, or `None` when it is not set: a
    /// newcomer's laptop runs the SQLite half. Under CI (`CI=true`) a
    /// missing server is an error, so a run cannot pass by skipping half
    /// of its stories.
    pub async fn postgres() -> Result<Option<TestDb>, StoreError> {
        let Ok(admin) = std::env::var("HEARTH_TEST_DATABASE_URL") else {
            if std::env::var("CI").is_ok_and(|v| v == "true") {
                return Err(StoreError::BadUrl(
                    "CI=true but HEARTH_TEST_DATABASE_URL is not set: the PostgreSQL stories must run"
                        .into(),
                ));
            }
            return Ok(None);
        };
        let name = format!("hearth_test_{}", unique());
        let pool = sqlx::PgPool::connect(&admin).await?;
        sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
            .execute(&pool)
            .await?;
        pool.close().await;
        let (base, _) = admin
            .rsplit_once('/')
            .ok_or_else(|| StoreError::BadUrl(admin.clone()))?;
        let db = Db::open(&format!("{base}/{name}")).await?;
        db.migrate().await?;
        Ok(Some(TestDb {
            db,
            postgres: Some((admin, name)),
            dir: None,
        }))
    }

    /// The PostgreSQL database's address, for a test that runs the
    /// command line against it; None for SQLite.
    pub fn postgres_url(&self) -> Option<String> {
        let (admin, name) = self.postgres.as_ref()?;
        let (base, _) = admin.rsplit_once('/')?;
        Some(format!("{base}/{name}"))
    }

    /// Closes and removes the database.
    pub async fn finish(self) -> Result<(), StoreError> {
        self.db.close().await;
        if let Some((admin, name)) = self.postgres {
            let pool = sqlx::PgPool::connect(&admin).await?;
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "DROP DATABASE IF EXISTS {name} WITH (FORCE)"
            )))
            .execute(&pool)
            .await?;
            pool.close().await;
        }
        if let Some(dir) = self.dir {
            let _ = std::fs::remove_dir_all(dir);
        }
        Ok(())
    }
}

/// Declares one story as two tests, `NAME::sqlite` and `NAME::postgres`; the
/// PostgreSQL one says so and passes when no server is configured, except
/// under CI, where it fails ([`TestDb::postgres`]). The body
/// is an `async` closure taking `&Db`.
#[macro_export]
macro_rules! on_both_databases {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;

            #[tokio::test]
            async fn sqlite() {
                let t = $crate::testing::TestDb::sqlite().await.unwrap();
                ($body)(&t.db).await;
                t.finish().await.unwrap();
            }

            #[tokio::test]
            async fn postgres() {
                let Some(t) = $crate::testing::TestDb::postgres().await.unwrap() else {
                    eprintln!("HEARTH_TEST_DATABASE_URL is not set: PostgreSQL story not run");
                    return;
                };
                ($body)(&t.db).await;
                t.finish().await.unwrap();
            }
        }
    };
}

/// A new child with LA child id `id`, born on `born`, and `events` (each
/// on its day) recorded in order at `at`, in one transaction, on England
/// and Wales's calendar with the statutory timescales: a record in the
/// state a test needs.
pub async fn child_with_events(
    db: &Db,
    id: &str,
    born: jiff::civil::Date,
    at: jiff::Timestamp,
    events: Vec<(&str, hearth_domain::events::EventKind)>,
) -> Result<crate::ChildId, crate::AppendError> {
    use hearth_domain::calendar::WorkingDayCalendar;
    use hearth_domain::timescales::Policy;
    let la_child_id = hearth_domain::ids::LaChildId::parse(id)
        .map_err(|e| StoreError::Corrupt(format!("{id}: {e}")))?;
    let child = crate::NewChild {
        date_of_birth: Some(born),
        ..crate::NewChild::new(la_child_id, "Ada", "Testchild")
    };
    let calendar = WorkingDayCalendar::england_and_wales();
    let mut tx = db.begin().await?;
    let c = db.create_child(&mut tx, &child, at).await?;
    for (on, kind) in events {
        let on = on
            .parse::<hearth_domain::events::When>()
            .map_err(|e| StoreError::Corrupt(format!("{on}: {e}")))?;
        db.append_event(
            &mut tx,
            c,
            on,
            kind,
            "u1",
            at,
            &calendar,
            &Policy::statutory(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(c)
}
