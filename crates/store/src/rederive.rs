//! Deriving a block of children's rows again at once: the whole-authority
//! rebuild and the nightly recompute. One child at a time took a dozen
//! round trips each (the ledger, the date of birth, each table's stored
//! rows, the summary), which for a county is most of a minute of waiting
//! on the database. Here a block's ledgers, dates of birth and stored rows
//! are read a table at a time, each child is folded and compared in
//! memory, only rows that differ are written, and the block's summaries
//! go in multi-row statements.

use std::collections::HashMap;

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::Event;
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::Policy;
use sqlx::Row;

use crate::derived::{
    Derived, Kind, ROWS_PER_INSERT, SUMMARY, SUMMARY_ON_CONFLICT, Table, Val, bind_val, sync_known,
    val_of,
};
use crate::ledger::AppendError;
use crate::{ChildId, Db, StoreError, Tx, micros, on_tx};

/// What deriving a block did: rows written or removed (summaries aside),
/// and the children whose records could not be derived, each left as it
/// was.
#[derive(Debug, Default)]
pub(crate) struct Rederived {
    pub(crate) rows: usize,
    pub(crate) failed: Vec<(ChildId, AppendError)>,
}

impl Db {
    /// Recomputes the derived rows of every child whose id is in
    /// `first..=last`, in the caller's transaction, as
    /// [`Db::rederive`] does for one. A record the fold refuses, or a clock
    /// the calendar cannot date, is returned in `failed` with nothing of
    /// that child written; the others go on.
    pub(crate) async fn rederive_block(
        &self,
        tx: &mut Tx,
        first: ChildId,
        last: ChildId,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        at: jiff::Timestamp,
    ) -> Result<Rederived, AppendError> {
        const CHILDREN: &str =
            "SELECT id, date_of_birth FROM child WHERE id >= $1 AND id <= $2 ORDER BY id";
        const EVENTS: &str = "SELECT child_id, body FROM event
            WHERE child_id >= $1 AND child_id <= $2 ORDER BY child_id, id";
        let children: Vec<(i64, Option<jiff::civil::Date>)> = on_tx!(tx, |c| {
            sqlx::query(CHILDREN)
                .bind(first.0)
                .bind(last.0)
                .fetch_all(&mut *c)
                .await?
                .iter()
                .map(|r| {
                    Ok((
                        r.try_get::<i64, _>("id")?,
                        r.try_get::<Option<jiff_sqlx::Date>, _>("date_of_birth")?
                            .map(jiff_sqlx::Date::to_jiff),
                    ))
                })
                .collect::<Result<Vec<_>, StoreError>>()
        })?;
        let mut ledgers: HashMap<i64, Vec<Event>> = HashMap::with_capacity(children.len());
        on_tx!(tx, |c| {
            for r in sqlx::query(EVENTS)
                .bind(first.0)
                .bind(last.0)
                .fetch_all(&mut *c)
                .await?
            {
                let body: String = r.try_get("body")?;
                let event = Event::from_stored_json(&body)
                    .map_err(|e| StoreError::Corrupt(format!("event body: {e}")))?;
                ledgers
                    .entry(r.try_get::<i64, _>("child_id")?)
                    .or_default()
                    .push(event);
            }
            Ok::<_, StoreError>(())
        })?;

        // Each child's rows, derived in memory; those that fail are set
        // aside before anything is compared or written.
        let at = micros(at);
        let mut derived = Vec::with_capacity(children.len());
        let mut done = Rederived::default();
        for (id, dob) in children {
            let events = ledgers.remove(&id).unwrap_or_default();
            let of = ChildRecord::fold_all(&events)
                .map_err(AppendError::Refused)
                .and_then(|mut record| {
                    if dob.is_some() {
                        record.date_of_birth = dob;
                    }
                    Derived::of(&mut record, calendar, policy, at)
                });
            match of {
                Ok(rows) => derived.push((ChildId(id), rows)),
                Err(e @ (AppendError::Refused(_) | AppendError::Calendar(_))) => {
                    done.failed.push((ChildId(id), e))
                }
                Err(e) => return Err(e),
            }
        }
        let Some((_, sample)) = derived.first() else {
            return Ok(done);
        };
        let tables: Vec<&'static Table> = sample.tables.iter().map(|(t, _)| *t).collect();

        for (t, table) in tables.into_iter().enumerate() {
            let mut stored = stored_rows(tx, table, first, last).await?;
            for (child, rows) in &derived {
                let old = stored.remove(&child.0).unwrap_or_default();
                let new = &rows.tables[t].1;
                if old != *new {
                    done.rows += sync_known(tx, *child, table, new, &old).await?;
                }
            }
        }
        write_summaries(tx, &derived).await?;
        Ok(done)
    }
}

/// A table's stored rows for the children in `first..=last`, by child, in
/// `seq` order.
async fn stored_rows(
    tx: &mut Tx,
    table: &Table,
    first: ChildId,
    last: ChildId,
) -> Result<HashMap<i64, Vec<Vec<Val>>>, StoreError> {
    // Names from the constant tables, never from input.
    let sql = format!(
        "SELECT child_id, {} FROM {} WHERE child_id >= $1 AND child_id <= $2 ORDER BY child_id, seq",
        table.column_list(),
        table.name
    );
    on_tx!(tx, |c| {
        let mut by_child: HashMap<i64, Vec<Vec<Val>>> = HashMap::new();
        for r in sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(first.0)
            .bind(last.0)
            .fetch_all(&mut *c)
            .await?
        {
            let row = table
                .columns
                .iter()
                .enumerate()
                .map(|(i, (_, kind))| Ok(val_of!(r, i + 1, *kind)))
                .collect::<Result<Vec<Val>, StoreError>>()?;
            by_child
                .entry(r.try_get::<i64, _>(0)?)
                .or_default()
                .push(row);
        }
        Ok(by_child)
    })
}

/// Each child's summary, written again (it carries the time it was
/// derived), several children to a statement.
async fn write_summaries(tx: &mut Tx, derived: &[(ChildId, Derived)]) -> Result<(), StoreError> {
    let head = format!(
        "INSERT INTO {} (child_id, {}) ",
        SUMMARY.name,
        SUMMARY.column_list()
    );
    let per_insert = ROWS_PER_INSERT * 11 / (SUMMARY.columns.len() + 1);
    for block in derived.chunks(per_insert) {
        on_tx!(tx, |c| {
            let mut q = sqlx::QueryBuilder::new(head.clone());
            q.push_values(block, |mut b, (child, rows)| {
                b.push_bind(child.0);
                for v in &rows.summary {
                    bind_val!(b, v);
                }
            });
            q.push(SUMMARY_ON_CONFLICT.as_str());
            q.build()
                .persistent(false)
                .execute(&mut *c)
                .await
                .map(|_| ())
        })?;
    }
    Ok(())
}
