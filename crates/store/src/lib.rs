//! Hearth's store: one [`Db`] over SQLite (the embedded default) and
//! PostgreSQL (production).
//!
//! The same SQL serves both where it can (`$N` placeholders, `RETURNING`,
//! ISO dates compared but never computed in SQL); where the dialects differ
//! the code branches visibly on [`Backend`]. Migrations live in
//! `migrations/sqlite` and `migrations/postgres` under identical names; a
//! test compares the two schemas.
//!
//! The store keeps the event ledger append-only (triggers refuse UPDATE and
//! DELETE), writes each child's derived rows in the same transaction as each
//! event, and keeps the audit log append-only the same way.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

mod access;
mod approvals;
mod attachments;
mod audit;
mod authorised;
mod authority;
mod bulk;
mod caseload;
mod children;
mod data_quality;
mod derived;
mod family;
mod holidays;
mod lease;
mod ledger;
mod narrative;
mod nightly;
mod ofsted;
mod rederive;
mod schema;
mod sessions;
#[cfg(feature = "testing")]
pub mod testing;
mod users;

pub use access::{BreakGlassRow, Found, Search};
pub use approvals::{ApprovalId, RoleApproval, RoleDecision, RoleRequest};
pub use attachments::{NewAttachment, StoredFile};
pub use audit::{AuditEntry, AuditFilter, AuditRow, Outcome, Person};
pub use authorised::Authorised;
pub use authority::{LocalAuthority, Population, SyntheticOrigin};
pub use bulk::{DeferredIndexes, ImportError, ImportIds, PreparedImport, prepare_import};
pub use caseload::{
    CaseloadRow, OverdueClock, ReviewRow, StoredObligation, Summary, Unallocated, WorkerLoad,
};
pub use children::{Child, ChildId, IdentityField, NewChild, Restriction};
pub use data_quality::{
    ChildFindingRow, FindingFilter, GroupCount, NewFinding, NewReturnCheck, ReturnCheck,
    ReturnFindingRow, RuleCount,
};
pub use derived::stage;
pub use family::{ChildLink, ChildName};
pub use holidays::{BankHolidayList, NewBankHolidayList, SavedPolicy};
pub use ledger::AppendError;
pub use narrative::OpenAction;
pub use nightly::{
    BeyondCalendar, Nightly, NightlyBatch, NightlyOptions, NightlyState, NightlyTotals,
};
pub use ofsted::{NewProviderList, ProviderList};
pub use schema::Column;
pub use sessions::{Credentials, SessionRow};
pub use users::{NewUser, Role, TeamId, TeamRow, UserId, UserRow};

/// A failure of the store itself (connection, SQL, a corrupt row). Users
/// never see its text; the web layer shows a request id instead.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("unsupported database address {0:?}: use sqlite:PATH or postgres://...")]
    BadUrl(String),
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Unsupported(&'static str),
}

/// Which engine a [`Db`] runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The database: SQLite with one writer connection and a pool of readers, or
/// a PostgreSQL pool.
#[derive(Clone, Debug)]
pub enum Db {
    Sqlite { write: SqlitePool, read: SqlitePool },
    Postgres(PgPool),
}

/// Runs one body for either backend's writer; `$p` is the pool.
macro_rules! on_db {
    ($db:expr, |$p:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite { write: $p, .. } => $body,
            $crate::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_db;

/// Runs one body for either backend's reader; `$p` is the pool.
macro_rules! on_read {
    ($db:expr, |$p:ident| $body:expr) => {
        match $db {
            $crate::Db::Sqlite { read: $p, .. } => $body,
            $crate::Db::Postgres($p) => $body,
        }
    };
}
pub(crate) use on_read;

/// A transaction on either backend.
pub enum Tx {
    Sqlite(sqlx::Transaction<'static, sqlx::Sqlite>),
    Postgres(sqlx::Transaction<'static, sqlx::Postgres>),
}

/// Runs one body inside either backend's transaction; `$c` is the connection.
macro_rules! on_tx {
    ($tx:expr, |$c:ident| $body:expr) => {
        match $tx {
            $crate::Tx::Sqlite(t) => {
                let $c = &mut **t;
                $body
            }
            $crate::Tx::Postgres(t) => {
                let $c = &mut **t;
                $body
            }
        }
    };
}
pub(crate) use on_tx;

impl Tx {
    pub async fn commit(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.commit().await?,
            Tx::Postgres(t) => t.commit().await?,
        }
        Ok(())
    }

    pub async fn rollback(self) -> Result<(), StoreError> {
        match self {
            Tx::Sqlite(t) => t.rollback().await?,
            Tx::Postgres(t) => t.rollback().await?,
        }
        Ok(())
    }
}

/// Checkpoints the write-ahead log once a second, without blocking the
/// writer or readers (`PASSIVE`), until the writer's pool closes.
async fn checkpoints(checkpointer: SqlitePool, write: SqlitePool) {
    loop {
        tokio::time::sleep(Duration::from_secs(1)).await;
        if write.is_closed() {
            break;
        }
        // A failed checkpoint is retried a second later; the log only grows.
        let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
            .execute(&checkpointer)
            .await;
    }
    checkpointer.close().await;
}

/// Connections in a pool: `per_core` for each core the machine has, at
/// least `min` and at most `max`, or `HEARTH_DB_POOL` if set. The work of
/// a query is the database's CPU: connections beyond a few per core only
/// queue inside the server (and on PostgreSQL each is a process), so
/// requests wait for a connection here instead, where the wait is seen.
fn pool_size(per_core: u32, min: u32, max: u32) -> u32 {
    if let Some(n) = std::env::var("HEARTH_DB_POOL")
        .ok()
        .and_then(|v| v.parse::<u32>().ok())
        .filter(|n| *n > 0)
    {
        return n;
    }
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get()) as u32;
    (cores * per_core).clamp(min, max)
}

impl Db {
    /// Opens `sqlite:PATH` (created if missing) or `postgres://...`.
    pub async fn open(url: &str) -> Result<Db, StoreError> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let pool = PgPoolOptions::new()
                .max_connections(pool_size(2, 4, 32))
                .acquire_time_level(log::LevelFilter::Debug)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await?;
            return Ok(Db::Postgres(pool));
        }
        let path = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| StoreError::BadUrl(url.to_owned()))?;
        if path.is_empty() || path.starts_with(":memory:") {
            // Readers and the writer are separate connections; an in-memory
            // database would give each its own empty database.
            return Err(StoreError::BadUrl(url.to_owned()));
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{path}"))?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Normal)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(5));
        // SQLite has one writer: serialising writes in the pool avoids
        // SQLITE_BUSY storms when every view writes an audit row.
        let write = SqlitePoolOptions::new()
            .max_connections(1)
            .acquire_time_level(log::LevelFilter::Debug)
            .connect_with(options.clone().pragma("wal_autocheckpoint", "0"))
            .await?;
        // Checkpoints (copying the write-ahead log into the database, with
        // an fsync) run on a connection of their own, not at the end of
        // whichever write crosses the threshold: otherwise every view's
        // audit row waits behind the fsync.
        let checkpointer = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(options.clone())
            .await?;
        tokio::spawn(checkpoints(checkpointer, write.clone()));
        let read = SqlitePoolOptions::new()
            .max_connections(pool_size(2, 2, 8))
            .acquire_time_level(log::LevelFilter::Debug)
            .connect_with(options.read_only(true))
            .await?;
        Ok(Db::Sqlite { write, read })
    }

    pub fn backend(&self) -> Backend {
        match self {
            Db::Sqlite { .. } => Backend::Sqlite,
            Db::Postgres(_) => Backend::Postgres,
        }
    }

    /// Brings the schema up to date.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match self {
            Db::Sqlite { write, .. } => sqlx::migrate!("migrations/sqlite").run(write).await?,
            Db::Postgres(pool) => sqlx::migrate!("migrations/postgres").run(pool).await?,
        }
        Ok(())
    }

    /// Starts a transaction on the writer.
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match self {
            Db::Sqlite { write, .. } => Tx::Sqlite(write.begin().await?),
            Db::Postgres(pool) => Tx::Postgres(pool.begin().await?),
        })
    }

    pub async fn close(&self) {
        match self {
            Db::Sqlite { write, read } => {
                read.close().await;
                write.close().await;
            }
            Db::Postgres(pool) => pool.close().await,
        }
    }
}

/// Store timestamps to the microsecond: PostgreSQL keeps no finer, and a
/// value must read back equal on both engines.
pub(crate) fn micros(t: jiff::Timestamp) -> jiff::Timestamp {
    t.round(jiff::Unit::Microsecond).unwrap_or(t)
}

impl Db {
    /// A consistent copy of a SQLite database to `path`, taken while it is in
    /// use (`VACUUM INTO` reads one snapshot). PostgreSQL has its own tools.
    pub async fn backup(&self, path: &std::path::Path) -> Result<(), StoreError> {
        match self {
            Db::Sqlite { read, .. } => {
                let target = path
                    .to_str()
                    .ok_or_else(|| StoreError::BadUrl(path.display().to_string()))?;
                sqlx::query("VACUUM INTO $1")
                    .bind(target)
                    .execute(read)
                    .await?;
                Ok(())
            }
            Db::Postgres(_) => Err(StoreError::Unsupported(
                "backup copies SQLite databases; for PostgreSQL use pg_dump or the server's own backups",
            )),
        }
    }
}

impl Db {
    /// Refreshes the query planner's statistics: run after a bulk load, or
    /// the planner may choose scans over indexes until autovacuum catches up.
    pub async fn analyze(&self) -> Result<(), StoreError> {
        match self {
            Db::Sqlite { write, .. } => {
                sqlx::query("ANALYZE").execute(write).await?;
                // SQLite's sampled statistics (sqlite_stat4, which the
                // bundled build keeps) make it prepare a statement again
                // whenever a value bound against an indexed column changes,
                // in case the value calls for another plan: every
                // `WHERE child_id = $1`, on every page. The per-index
                // counts in sqlite_stat1 are what Hearth's plans need, so
                // the samples are dropped and the statistics reloaded.
                let sampled: Option<String> = sqlx::query_scalar(
                    "SELECT name FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat4'",
                )
                .fetch_optional(write)
                .await?;
                if sampled.is_some() {
                    sqlx::query("DELETE FROM sqlite_stat4")
                        .execute(write)
                        .await?;
                    sqlx::query("ANALYZE sqlite_schema").execute(write).await?;
                }
            }
            Db::Postgres(pool) => sqlx::query("ANALYZE").execute(pool).await.map(|_| ())?,
        }
        Ok(())
    }
}

/// Makes (`create`) or removes a PostgreSQL database, through the server's
/// `postgres` database: for benchmarks that measure a fresh database. The
/// name is the address's last part, and must be a plain identifier.
pub async fn postgres_database(url: &str, create: bool) -> Result<(), StoreError> {
    let Some((base, name)) = url.rsplit_once('/') else {
        return Err(StoreError::BadUrl(url.to_owned()));
    };
    if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        return Err(StoreError::BadUrl(url.to_owned()));
    }
    let admin = PgPool::connect(&format!("{base}/postgres")).await?;
    let sql = if create {
        format!("CREATE DATABASE {name}")
    } else {
        format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    };
    let done = sqlx::query(sqlx::AssertSqlSafe(sql)).execute(&admin).await;
    admin.close().await;
    done?;
    Ok(())
}
