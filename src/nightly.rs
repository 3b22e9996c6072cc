//! The nightly recompute in `hearth serve`: at a local time in England each
//! night (and at start-up when the last run completed was for an earlier
//! night), every child's derived rows are brought up to the day, so clocks
//! that fall due with no event (a PEP from the 5th birthday, eligibility at
//! 16, a clock overdue overnight) are on the caseload in the morning. The
//! store runs it in batches under a lease (`Db::nightly`); this loop says
//! when, and logs ids and counts only.

use std::time::Duration;

use hearth_domain::london;
use hearth_store::{Db, Nightly, NightlyOptions};
use jiff::civil::Time;

use crate::Failure;

/// When the nightly recompute runs.
#[derive(clap::Args, Clone)]
pub struct NightlyArgs {
    /// The local time in England of the nightly recompute of every child's
    /// clocks (HH:MM), or "off" (for a server that shares its database with
    /// one that runs it; the lease makes several safe in any case).
    #[arg(
        long,
        env = "HEARTH_NIGHTLY_AT",
        default_value = "01:00",
        value_name = "HH:MM|off"
    )]
    nightly_at: String,
}

impl NightlyArgs {
    /// The time of day, or `None` when it is off.
    pub fn at(&self) -> Result<Option<Time>, Failure> {
        if self.nightly_at.eq_ignore_ascii_case("off") {
            return Ok(None);
        }
        self.nightly_at.parse::<Time>().map(Some).map_err(|_| {
            Failure(format!(
                "--nightly-at: {:?} is not a time of day (HH:MM) or \"off\"",
                self.nightly_at
            ))
        })
    }
}

/// The instant of `at` in England on `day` (a time the clocks skip in
/// spring is read as the instant after the gap).
fn on(day: jiff::civil::Date, at: Time) -> jiff::Timestamp {
    // Only a date at the ends of jiff's range has no instant.
    london::instant(day.to_datetime(at)).unwrap_or(jiff::Timestamp::MIN)
}

/// The latest scheduled moment at or before `now`: today's `at` in
/// England, or yesterday's if that is still to come.
pub fn latest_scheduled(now: jiff::Timestamp, at: Time) -> jiff::Timestamp {
    let today = london::today(now);
    let moment = on(today, at);
    if moment <= now {
        moment
    } else {
        on(today.yesterday().unwrap_or(today), at)
    }
}

/// The scheduled moment after `scheduled`: the same time the next day.
fn next_scheduled(scheduled: jiff::Timestamp, at: Time) -> jiff::Timestamp {
    let day = london::today(scheduled);
    on(day.tomorrow().unwrap_or(day), at)
}

/// A name for this server as the lease's holder: the host and process.
pub fn holder() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_owned())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "hearth".to_owned());
    format!("{host}:{}", std::process::id())
}

/// One run for `scheduled`, with the calendar and policy in force, logging
/// each batch (ids and counts) on standard error when `log` is set; once
/// completed, the returns' data quality is checked when `check_returns` is.
pub async fn run_once(
    db: &Db,
    scheduled: jiff::Timestamp,
    options: &NightlyOptions,
    log: bool,
    check_returns: bool,
) -> Result<Nightly, Failure> {
    let calendar = hearth_app::calendar_in_force(db).await?;
    let policy = hearth_app::policy_in_force(db).await?;
    let outcome = db
        .nightly(
            &calendar,
            &policy,
            scheduled,
            jiff::Timestamp::now,
            options,
            |batch, failed| {
                if !log {
                    return;
                }
                eprintln!(
                    "nightly: batch {} (children {} to {}): {} children, {} rows written, {} not derived",
                    batch.number, batch.first.0, batch.last.0, batch.children, batch.rows, batch.failed
                );
                for (child, error) in failed {
                    // The kind of failure only: its text can quote the record.
                    let why = match error {
                        hearth_store::AppendError::Calendar(_) => "a clock beyond the calendar",
                        _ => "the record was refused",
                    };
                    eprintln!("nightly: child {} not derived: {why}", child.0);
                }
            },
        )
        .await
        .map_err(Failure::from)?;
    if check_returns && matches!(outcome, Nightly::Completed(_)) {
        // The returns' data quality, from the record as it stands after
        // the recompute: by the server that completed it, so once a night.
        let now = jiff::Timestamp::now();
        let years = crate::returns::years_begun(london::today(now));
        match hearth_app::data_quality::check_authority(db, &years, None, now).await {
            Ok(checked) if log => {
                for c in checked {
                    eprintln!(
                        "nightly: returns {} checked (check {}): {} records, {} findings, {} not readable as a return",
                        c.year, c.check, c.children, c.findings, c.unreadable
                    );
                }
            }
            Ok(_) => {}
            Err(e) => eprintln!("nightly: the returns' check failed: {e}"),
        }
    }
    if log {
        match &outcome {
            Nightly::Completed(t) => eprintln!(
                "nightly: run for {scheduled} completed: {} children in {} batches ({} by this server), {} rows written, {} not derived",
                t.children, t.batches, t.batches_now, t.rows, t.failed
            ),
            Nightly::Stopped(t) => eprintln!(
                "nightly: run for {scheduled} stopped after {} batches",
                t.batches
            ),
            Nightly::Held => {
                eprintln!("nightly: run for {scheduled} is held by another server")
            }
            Nightly::AlreadyDone => {}
        }
    }
    Ok(outcome)
}

/// Runs the recompute for ever: now if the last completed run was for an
/// earlier moment than the latest scheduled one, then each night at `at`.
/// While another server holds the lease it tries again when the lease
/// would have run out, so a run left by a crashed server is taken over.
pub async fn run_forever(db: Db, at: Time) {
    let options = NightlyOptions::new(holder());
    let retry = Duration::from_secs(options.lease.as_secs().max(60) as u64);
    loop {
        let scheduled = latest_scheduled(jiff::Timestamp::now(), at);
        let wait = match run_once(&db, scheduled, &options, true, true).await {
            Ok(Nightly::Completed(_) | Nightly::AlreadyDone) => {
                let next = next_scheduled(scheduled, at);
                let left = next.duration_since(jiff::Timestamp::now());
                Duration::try_from(left).unwrap_or(Duration::ZERO)
            }
            Ok(Nightly::Held | Nightly::Stopped(_)) => retry,
            Err(e) => {
                eprintln!("nightly: run for {scheduled} failed: {}", e.0);
                retry
            }
        };
        tokio::time::sleep(wait.max(Duration::from_secs(1))).await;
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn ts(s: &str) -> jiff::Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn the_latest_night_is_judged_in_england() {
        let one = Time::constant(1, 0, 0, 0);
        // Winter (GMT): 01:00 is 01:00Z.
        assert_eq!(
            latest_scheduled(ts("2025-01-15T03:00:00Z"), one),
            ts("2025-01-15T01:00:00Z")
        );
        assert_eq!(
            latest_scheduled(ts("2025-01-15T00:30:00Z"), one),
            ts("2025-01-14T01:00:00Z")
        );
        // Summer (BST): 01:00 in England is 00:00Z.
        assert_eq!(
            latest_scheduled(ts("2025-07-15T00:30:00Z"), one),
            ts("2025-07-15T00:00:00Z")
        );
        // 01:00 on 30 March 2025 did not happen: the run is at 02:00 BST.
        assert_eq!(
            latest_scheduled(ts("2025-03-30T03:00:00Z"), one),
            ts("2025-03-30T01:00:00Z")
        );
        assert_eq!(
            next_scheduled(ts("2025-03-29T01:00:00Z"), one),
            ts("2025-03-30T01:00:00Z")
        );
    }
}
