//! The event ledger: append with the fold's check, in one transaction with
//! the child's derived rows.

use hearth_domain::calendar::{CalendarError, WorkingDayCalendar};
use hearth_domain::events::{Event, EventKind, When};
use hearth_domain::record::{ChildRecord, Refusal};
use hearth_domain::timescales::Policy;
use sqlx::Row;

use crate::{ChildId, Db, StoreError, Tx, micros, on_read, on_tx};

/// Why an event was not appended. Nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum AppendError {
    /// The event contradicts the record.
    #[error("{0}")]
    Refused(Refusal),
    #[error("there is no child {0}")]
    NoSuchChild(i64),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AppendError {
    fn from(e: sqlx::Error) -> Self {
        AppendError::Store(StoreError::Database(e))
    }
}

const EVENTS: &str = "SELECT body FROM event WHERE child_id = $1 ORDER BY id";

fn bodies<R: Row>(rows: Vec<R>) -> Result<Vec<Event>, StoreError>
where
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    rows.iter()
        .map(|r| {
            let body: String = r.try_get(0)?;
            Event::from_stored_json(&body)
                .map_err(|e| StoreError::Corrupt(format!("event body: {e}")))
        })
        .collect()
}

/// Writes one event row; its id is already in its body.
async fn insert_event(tx: &mut Tx, child: ChildId, event: &Event) -> Result<(), StoreError> {
    // PostgreSQL's identity column takes a given id only when told to.
    let insert = match tx {
        Tx::Sqlite(_) => {
            "INSERT INTO event (id, child_id, kind, on_date, recorded_by, recorded_at, body)
            VALUES ($1, $2, $3, $4, $5, $6, $7)"
        }
        Tx::Postgres(_) => {
            "INSERT INTO event (id, child_id, kind, on_date, recorded_by, recorded_at, body)
            OVERRIDING SYSTEM VALUE VALUES ($1, $2, $3, $4, $5, $6, $7)"
        }
    };
    on_tx!(tx, |c| sqlx::query(insert)
        .bind(event.id.0 as i64)
        .bind(child.0)
        .bind(event.event.name())
        .bind(jiff_sqlx::Date::from(event.on.date()))
        .bind(&event.recorded_by)
        .bind(jiff_sqlx::Timestamp::from(event.recorded_at))
        .bind(event.to_json())
        .execute(c)
        .await
        .map(|_| ()))?;
    Ok(())
}

impl Db {
    /// A child's events, in the order they were recorded.
    pub async fn events(&self, child: &crate::Authorised) -> Result<Vec<Event>, StoreError> {
        let child = child.child();
        on_read!(self, |p| bodies(
            sqlx::query(EVENTS).bind(child.0).fetch_all(p).await?
        ))
    }

    pub(crate) async fn events_in(
        &self,
        tx: &mut Tx,
        child: ChildId,
    ) -> Result<Vec<Event>, StoreError> {
        on_tx!(tx, |c| bodies(
            sqlx::query(EVENTS).bind(child.0).fetch_all(c).await?
        ))
    }

    /// Appends one event to a child's ledger in the caller's transaction,
    /// after checking it against the whole record, and rewrites the child's
    /// derived rows. On refusal nothing has been written; the caller should
    /// roll back (or write its audit row of the refusal and commit).
    #[allow(clippy::too_many_arguments)]
    pub async fn append_event(
        &self,
        tx: &mut Tx,
        child: ChildId,
        on: When,
        kind: EventKind,
        recorded_by: &str,
        at: jiff::Timestamp,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
    ) -> Result<Event, AppendError> {
        // Lock the child so two appends to one ledger cannot both pass the
        // check and together contradict it. SQLite's single writer already
        // serialises them.
        let exists = match tx {
            Tx::Sqlite(t) => sqlx::query("SELECT id FROM child WHERE id = $1")
                .bind(child.0)
                .fetch_optional(&mut **t)
                .await?
                .is_some(),
            Tx::Postgres(t) => sqlx::query("SELECT id FROM child WHERE id = $1 FOR UPDATE")
                .bind(child.0)
                .fetch_optional(&mut **t)
                .await?
                .is_some(),
        };
        if !exists {
            return Err(AppendError::NoSuchChild(child.0));
        }
        let existing = self.events_in(tx, child).await?;

        // The event's id is in its body, so take it before the insert.
        let id: i64 = match tx {
            Tx::Sqlite(t) => {
                sqlx::query_scalar("SELECT COALESCE(MAX(id), 0) + 1 FROM event")
                    .fetch_one(&mut **t)
                    .await?
            }
            Tx::Postgres(t) => {
                sqlx::query_scalar("SELECT nextval(pg_get_serial_sequence('event', 'id'))")
                    .fetch_one(&mut **t)
                    .await?
            }
        };
        let event = Event::new(id as u64, on, recorded_by, micros(at), kind);
        let mut record =
            ChildRecord::check_append(&existing, &event).map_err(AppendError::Refused)?;

        insert_event(tx, child, &event).await?;
        self.write_derived(tx, child, &mut record, calendar, policy, at, true)
            .await?;
        Ok(event)
    }

    /// Recomputes one child's derived rows from their events, in the
    /// caller's transaction (after an identity change, say). Returns the
    /// number of rows written or removed (the summary aside).
    pub async fn rederive(
        &self,
        tx: &mut Tx,
        child: ChildId,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        at: jiff::Timestamp,
    ) -> Result<usize, AppendError> {
        let events = self.events_in(tx, child).await?;
        let mut record = ChildRecord::fold_all(&events).map_err(AppendError::Refused)?;
        self.write_derived(tx, child, &mut record, calendar, policy, at, true)
            .await
    }

    /// The date of birth is identity, held on the child's row; it overrides
    /// any in the events (which carry one for ledgers exchanged as files, and
    /// the expected date for an unborn child).
    pub(crate) async fn with_identity(
        &self,
        tx: &mut Tx,
        child: ChildId,
        record: &mut ChildRecord,
    ) -> Result<(), StoreError> {
        const SQL: &str = "SELECT date_of_birth FROM child WHERE id = $1";
        let dob: Option<jiff_sqlx::Date> = on_tx!(tx, |c| sqlx::query_scalar(SQL)
            .bind(child.0)
            .fetch_one(c)
            .await)?;
        if let Some(dob) = dob {
            record.date_of_birth = Some(dob.to_jiff());
        }
        Ok(())
    }

    /// Recomputes every child's derived rows from their events (after a
    /// rule, policy or calendar change), a block of children to a
    /// transaction. `progress(done, total)` is called after each block. A
    /// child whose record cannot be derived stops the rebuild with its
    /// error; the blocks before it are kept.
    pub async fn rebuild(
        &self,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        at: jiff::Timestamp,
        mut progress: impl FnMut(usize, usize),
    ) -> Result<usize, AppendError> {
        const BLOCK: usize = 500;
        let ids: Vec<i64> = on_read!(self, |p| sqlx::query_scalar(
            "SELECT id FROM child ORDER BY id"
        )
        .fetch_all(p)
        .await)?;
        let total = ids.len();
        let mut done = 0;
        for block in ids.chunks(BLOCK) {
            let (Some(&first), Some(&last)) = (block.first(), block.last()) else {
                continue;
            };
            let mut tx = self.begin().await?;
            let mut derived = self
                .rederive_block(&mut tx, ChildId(first), ChildId(last), calendar, policy, at)
                .await?;
            if !derived.failed.is_empty() {
                tx.rollback().await?;
                let (_, error) = derived.failed.swap_remove(0);
                return Err(error);
            }
            tx.commit().await?;
            done += block.len();
            progress(done, total);
        }
        Ok(total)
    }
}
