//! Leases: one row a job, taken by a server for a while and given back, so
//! that of several servers sharing a database one does the job at a time
//! (the nightly recompute, migration 0009; the whole-authority check of the
//! returns, migration 0018).

use crate::{Db, StoreError, on_db};

/// A job with a lease.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Lease {
    Nightly,
    ReturnCheck,
}

impl Lease {
    /// Taken only if free, already the holder's, or lapsed at `$3`.
    fn claim_sql(self) -> &'static str {
        match self {
            Lease::Nightly => {
                "UPDATE nightly_job SET holder = $1, lease_until = $2
                WHERE id = 1 AND (holder IS NULL OR holder = $1 OR lease_until < $3)"
            }
            Lease::ReturnCheck => {
                "UPDATE return_check_lease SET holder = $1, lease_until = $2
                WHERE id = 1 AND (holder IS NULL OR holder = $1 OR lease_until < $3)"
            }
        }
    }

    fn release_sql(self) -> &'static str {
        match self {
            Lease::Nightly => {
                "UPDATE nightly_job SET holder = NULL, lease_until = NULL WHERE id = 1 AND holder = $1"
            }
            Lease::ReturnCheck => {
                "UPDATE return_check_lease SET holder = NULL, lease_until = NULL
                WHERE id = 1 AND holder = $1"
            }
        }
    }
}

impl Db {
    /// Claims (or renews) `lease` for `holder` until `until`: taken only if
    /// free, already `holder`'s, or lapsed at `now`. One conditional
    /// UPDATE, so of two servers racing for it on one PostgreSQL database
    /// exactly one gets it (the second's UPDATE waits for the first's row
    /// lock, then finds the lease taken). Ok(false) when another holds it.
    pub(crate) async fn claim(
        &self,
        lease: Lease,
        holder: &str,
        now: jiff::Timestamp,
        until: jiff::Timestamp,
    ) -> Result<bool, StoreError> {
        let done = on_db!(self, |p| sqlx::query(lease.claim_sql())
            .bind(holder)
            .bind(until.as_microsecond())
            .bind(now.as_microsecond())
            .execute(p)
            .await
            .map(|r| r.rows_affected()))?;
        Ok(done == 1)
    }

    /// Gives `lease` back, if `holder` still has it.
    pub(crate) async fn release(&self, lease: Lease, holder: &str) -> Result<(), StoreError> {
        on_db!(self, |p| sqlx::query(lease.release_sql())
            .bind(holder)
            .execute(p)
            .await
            .map(|_| ()))?;
        Ok(())
    }
}
