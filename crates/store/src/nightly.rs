//! The nightly recompute: every child's derived rows brought up to the day,
//! in batches, under a lease, with its progress stored (`nightly_job`).
//!
//! Clocks run from facts, but some fall due with no new fact: the personal
//! education plan from the 5th birthday, eligibility (and the pathway
//! duties) from the 16th, and every open clock that becomes overdue
//! overnight. Derived rows are written as each event is recorded; this job
//! writes the rest each night, so a caseload read in the morning is true.

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::timescales::Policy;

use crate::lease::Lease;
use crate::ledger::AppendError;
use crate::{ChildId, Db, StoreError, on_db, on_tx};

/// How one call of [`Db::nightly`] runs.
#[derive(Debug, Clone)]
pub struct NightlyOptions {
    /// Who runs it (a server's name): the lease's holder.
    pub holder: String,
    /// Children per batch: one transaction each, with the progress.
    pub batch: usize,
    /// How long the lease lasts without a batch renewing it: long enough
    /// for one batch, short enough that a crashed server's run is taken
    /// over soon.
    pub lease: jiff::SignedDuration,
    /// Stop (as a crash would, the lease left held) after this many batches.
    pub stop_after: Option<usize>,
}

impl NightlyOptions {
    pub fn new(holder: impl Into<String>) -> Self {
        NightlyOptions {
            holder: holder.into(),
            batch: 500,
            lease: jiff::SignedDuration::from_mins(10),
            stop_after: None,
        }
    }
}

/// One batch committed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightlyBatch {
    /// The batch's number in the run (from 1), counting those before a stop.
    pub number: i64,
    pub children: usize,
    /// Episode, plan, placement and clock rows written or removed.
    pub rows: usize,
    /// Children whose record could not be derived (each logged by id).
    pub failed: usize,
    /// The first and last child in the batch.
    pub first: ChildId,
    pub last: ChildId,
}

/// What a call of [`Db::nightly`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Nightly {
    /// The run for this scheduled moment (or a later one) was completed
    /// already: nothing to do.
    AlreadyDone,
    /// Another runner holds the lease: this one did nothing.
    Held,
    /// The run finished: its totals over every batch, including any made
    /// before a stop.
    Completed(NightlyTotals),
    /// Stopped after `stop_after` batches with the lease held, as a crash
    /// would leave it.
    Stopped(NightlyTotals),
}

/// A run's totals so far, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NightlyTotals {
    pub batches: i64,
    pub children: i64,
    pub rows: i64,
    pub failed: i64,
    /// Batches made by this call (the rest by an earlier one).
    pub batches_now: i64,
}

/// The stored state of the job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NightlyState {
    /// The scheduled moment of the last completed run, and when it ended.
    pub completed_for: Option<jiff::Timestamp>,
    pub completed_at: Option<jiff::Timestamp>,
    /// The run in hand (or last run): the moment it serves and how far it got.
    pub run_for: Option<jiff::Timestamp>,
    pub last_child: i64,
    pub batches: i64,
}

fn us(t: jiff::Timestamp) -> i64 {
    t.as_microsecond()
}

fn from_us(v: Option<i64>) -> Result<Option<jiff::Timestamp>, StoreError> {
    v.map(|v| {
        jiff::Timestamp::from_microsecond(v)
            .map_err(|e| StoreError::Corrupt(format!("nightly_job: {e}")))
    })
    .transpose()
}

impl Db {
    /// The job's stored state.
    pub async fn nightly_state(&self) -> Result<NightlyState, StoreError> {
        const SQL: &str = "SELECT completed_for, completed_at, run_for, last_child, batches
            FROM nightly_job WHERE id = 1";
        let row: (Option<i64>, Option<i64>, Option<i64>, i64, i64) =
            on_db!(self, |p| sqlx::query_as(SQL).fetch_one(p).await)?;
        Ok(NightlyState {
            completed_for: from_us(row.0)?,
            completed_at: from_us(row.1)?,
            run_for: from_us(row.2)?,
            last_child: row.3,
            batches: row.4,
        })
    }

    /// Brings every child's derived rows up to the day, for the scheduled
    /// moment `scheduled`: the run the server makes each night, and at
    /// start-up when the last completed run was for an earlier moment.
    ///
    /// It runs once per scheduled moment however many servers share the
    /// database (the lease), in batches of children in id order, each one
    /// transaction with the progress, so a run interrupted after batch k
    /// resumes at batch k + 1 (by the same server, or by another once the
    /// lease has expired). Only rows that differ are written. A child whose
    /// record cannot be derived is counted, passed to `batch_done` by id,
    /// and left as it was; the others go on. `now` gives the time (the
    /// lease, and the day the rows are derived as at).
    pub async fn nightly(
        &self,
        calendar: &WorkingDayCalendar,
        policy: &Policy,
        scheduled: jiff::Timestamp,
        now: impl Fn() -> jiff::Timestamp,
        options: &NightlyOptions,
        mut batch_done: impl FnMut(&NightlyBatch, &[(ChildId, AppendError)]),
    ) -> Result<Nightly, AppendError> {
        let holder = options.holder.as_str();
        let t = now();
        if !self
            .claim(Lease::Nightly, holder, t, t + options.lease)
            .await?
        {
            return Ok(Nightly::Held);
        }
        let state = self.nightly_state().await?;
        if state.completed_for.is_some_and(|c| c >= scheduled) {
            self.release(Lease::Nightly, holder).await?;
            return Ok(Nightly::AlreadyDone);
        }
        if state.run_for != Some(scheduled) {
            // A new run: from the first child (a run for an earlier moment,
            // never finished, is superseded by this one).
            const START: &str = "UPDATE nightly_job SET run_for = $1, started_at = $2,
                last_child = 0, batches = 0, children = 0, rows_written = 0, failed = 0
                WHERE id = 1 AND holder = $3";
            on_db!(self, |p| sqlx::query(START)
                .bind(us(scheduled))
                .bind(us(t))
                .bind(holder)
                .execute(p)
                .await
                .map(|_| ()))?;
        }
        let mut batches_now = 0i64;
        loop {
            let state = self.nightly_state().await?;
            const NEXT: &str = "SELECT id FROM child WHERE id > $1 ORDER BY id LIMIT $2";
            let ids: Vec<i64> = on_db!(self, |p| sqlx::query_scalar(NEXT)
                .bind(state.last_child)
                .bind(options.batch.max(1) as i64)
                .fetch_all(p)
                .await)?;
            let (Some(&first), Some(&last)) = (ids.first(), ids.last()) else {
                break;
            };
            let at = now();
            let mut tx = self.begin().await?;
            // A record the fold refuses, or a clock the calendar cannot
            // date, fails before anything of that child is written: the
            // child's rows stay as they were and the run goes on.
            let crate::rederive::Rederived { rows, failed } = self
                .rederive_block(&mut tx, ChildId(first), ChildId(last), calendar, policy, at)
                .await?;
            const PROGRESS: &str = "UPDATE nightly_job SET last_child = $1, batches = batches + 1,
                children = children + $2, rows_written = rows_written + $3, failed = failed + $4,
                lease_until = $5
                WHERE id = 1 AND holder = $6 AND run_for = $7";
            let kept = on_tx!(&mut tx, |c| sqlx::query(PROGRESS)
                .bind(last)
                .bind(ids.len() as i64)
                .bind(rows as i64)
                .bind(failed.len() as i64)
                .bind(us(now() + options.lease))
                .bind(holder)
                .bind(us(scheduled))
                .execute(c)
                .await
                .map(|r| r.rows_affected()))?;
            if kept != 1 {
                // The lease was lost (this runner stalled past it and
                // another took over): leave the batch to that one.
                tx.rollback().await?;
                return Ok(Nightly::Held);
            }
            tx.commit().await?;
            batches_now += 1;
            batch_done(
                &NightlyBatch {
                    number: state.batches + 1,
                    children: ids.len(),
                    rows,
                    failed: failed.len(),
                    first: ChildId(first),
                    last: ChildId(last),
                },
                &failed,
            );
            if options
                .stop_after
                .is_some_and(|n| batches_now as usize >= n)
            {
                return Ok(Nightly::Stopped(self.nightly_totals(batches_now).await?));
            }
        }
        const DONE: &str = "UPDATE nightly_job SET completed_for = run_for, completed_at = $1,
            holder = NULL, lease_until = NULL WHERE id = 1 AND holder = $2";
        on_db!(self, |p| sqlx::query(DONE)
            .bind(us(now()))
            .bind(holder)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(Nightly::Completed(self.nightly_totals(batches_now).await?))
    }

    async fn nightly_totals(&self, batches_now: i64) -> Result<NightlyTotals, StoreError> {
        const SQL: &str =
            "SELECT batches, children, rows_written, failed FROM nightly_job WHERE id = 1";
        let (batches, children, rows, failed): (i64, i64, i64, i64) =
            on_db!(self, |p| sqlx::query_as(SQL).fetch_one(p).await)?;
        Ok(NightlyTotals {
            batches,
            children,
            rows,
            failed,
            batches_now,
        })
    }
}

/// A clock whose due date runs past the working-day calendar's last day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BeyondCalendar {
    pub child: ChildId,
    /// The clock's id (`docs/clocks.md`).
    pub rule: String,
    /// The event that started it.
    pub start_event: i64,
}

impl Db {
    /// Every open clock beyond the calendar, by child and event: for the
    /// message after a rebuild, which names them (ids only) so the new
    /// bank holidays can be imported and the rebuild run again.
    pub async fn clocks_beyond_calendar(&self) -> Result<Vec<BeyondCalendar>, StoreError> {
        const SQL: &str = "SELECT child_id, rule, start_event FROM obligation
            WHERE due_date IS NULL AND met_on IS NULL ORDER BY child_id, seq";
        let rows: Vec<(i64, String, i64)> =
            on_db!(self, |p| sqlx::query_as(SQL).fetch_all(p).await)?;
        Ok(rows
            .into_iter()
            .map(|(child, rule, start_event)| BeyondCalendar {
                child: ChildId(child),
                rule,
                start_event,
            })
            .collect())
    }
}
