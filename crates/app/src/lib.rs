//! Hearth's use-cases: the only door to data.
//!
//! Every use-case takes the [`Actor`] asking, decides with the domain's
//! access policy, and writes an audit row in the same transaction as the
//! change, or, for a read, commits the audit row before any data is read.
//! It fails closed: no audit row, no data. A child the actor may not see is
//! [`AppError::NotFound`], never a hint that the record exists.

use std::sync::{Arc, RwLock};

use hearth_domain::access::{Action, Actor, Basis, Decision, authorize};
use hearth_domain::calendar::{CalendarError, WorkingDayCalendar};
use hearth_domain::record::Refusal;
use hearth_domain::timescales::Policy;
use hearth_store::{AppendError, AuditEntry, ChildId, Db, Outcome, StoreError, Tx, UserId};

pub mod access;
pub mod accounts;
pub mod admin;
pub mod children;
pub mod events;
pub mod teams;

/// Where "now" comes from: injected, so tests pin it.
pub trait Clock: Send + Sync {
    fn now(&self) -> jiff::Timestamp;
}

/// The system clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> jiff::Timestamp {
        jiff::Timestamp::now()
    }
}

/// A clock stopped at one instant.
pub struct FixedClock(pub jiff::Timestamp);

impl Clock for FixedClock {
    fn now(&self) -> jiff::Timestamp {
        self.0
    }
}

/// A clock tests and demonstrations move by hand.
pub struct ManualClock(std::sync::Mutex<jiff::Timestamp>);

impl ManualClock {
    pub fn new(at: jiff::Timestamp) -> Self {
        Self(std::sync::Mutex::new(at))
    }

    pub fn advance(&self, by: jiff::SignedDuration) {
        if let Ok(mut t) = self.0.lock() {
            *t = t.checked_add(by).unwrap_or(*t);
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> jiff::Timestamp {
        self.0
            .lock()
            .map(|t| *t)
            .unwrap_or_else(|e| *e.into_inner())
    }
}

/// What every use-case needs.
#[derive(Clone)]
pub struct Services {
    pub db: Db,
    /// The working-day calendar in force, once read (see
    /// [`Services::calendar`]); shared by every clone, replaced on import.
    calendar: Arc<RwLock<Option<Arc<WorkingDayCalendar>>>>,
    pub policy: Arc<Policy>,
    pub clock: Arc<dyn Clock>,
}

impl Services {
    /// The statutory policy, and the calendar in force in the database.
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Services {
            db,
            calendar: Arc::new(RwLock::new(None)),
            policy: Arc::new(Policy::statutory()),
            clock,
        }
    }

    /// The working-day calendar in force: the GOV.UK list shipped with
    /// Hearth, extended by the newest list an administrator imported.
    /// Read from the store on first use, then kept; an import through
    /// [`admin::import_bank_holidays`] replaces it in this process (another
    /// server process reads it when it starts).
    pub async fn calendar(&self) -> Result<Arc<WorkingDayCalendar>, AppError> {
        if let Some(cal) = self.calendar.read().ok().and_then(|c| c.clone()) {
            return Ok(cal);
        }
        let cal = Arc::new(calendar_in_force(&self.db).await?);
        self.set_calendar(cal.clone());
        Ok(cal)
    }

    pub(crate) fn set_calendar(&self, cal: Arc<WorkingDayCalendar>) {
        if let Ok(mut slot) = self.calendar.write() {
            *slot = Some(cal);
        }
    }
}

/// The working-day calendar a database is judged by: the bundled GOV.UK
/// list, extended by the newest imported list (for the server, and for
/// `hearth rebuild` when no other list is given).
pub async fn calendar_in_force(db: &Db) -> Result<WorkingDayCalendar, AppError> {
    let bundled = WorkingDayCalendar::england_and_wales();
    match db.newest_bank_holiday_list().await? {
        None => Ok(bundled),
        Some(body) => Ok(bundled.extended_by(&WorkingDayCalendar::from_govuk_json(&body)?)?),
    }
}

/// One request: who is asking, under which request id.
pub struct Ctx<'a> {
    pub services: &'a Services,
    pub actor: &'a Actor,
    pub request_id: &'a str,
}

impl Ctx<'_> {
    fn db(&self) -> &Db {
        &self.services.db
    }

    fn user(&self) -> UserId {
        UserId(self.actor.user)
    }

    fn now(&self) -> jiff::Timestamp {
        self.services.clock.now()
    }
}

/// The app layer's errors. The web maps them to responses in one place.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// No such record, or not one this user may know of.
    #[error("not found")]
    NotFound,
    /// The user may see the record but not do this.
    #[error("not allowed")]
    Forbidden,
    /// Input that cannot be accepted; the message says what and where.
    #[error("{0}")]
    Invalid(String),
    /// The event contradicts the record.
    #[error("{0}")]
    Refused(Refusal),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<AppendError> for AppError {
    fn from(e: AppendError) -> Self {
        match e {
            AppendError::Refused(r) => AppError::Refused(r),
            AppendError::NoSuchChild(_) => AppError::NotFound,
            AppendError::Calendar(c) => AppError::Calendar(c),
            AppendError::Store(s) => AppError::Store(s),
        }
    }
}

fn basis_name(b: Basis) -> &'static str {
    match b {
        Basis::Allocation => "allocation",
        Basis::Team => "team",
        Basis::ManagementLine => "management line",
        Basis::AuthorityWide => "authority-wide role",
        Basis::Grant => "grant",
        Basis::BreakGlass => "break-glass",
    }
}

/// Decides `action` on `child`: the decision and what the audit row says.
async fn judge(
    ctx: &Ctx<'_>,
    child: ChildId,
    action: Action,
) -> Result<(Decision, Outcome, &'static str), AppError> {
    let decision = match ctx.db().child_access(child).await? {
        Some(facts) => authorize(ctx.actor, action, &facts, ctx.now()),
        None => Decision::NotFound,
    };
    let (outcome, detail) = match decision {
        Decision::Allowed(b) => (Outcome::Allowed, basis_name(b)),
        Decision::Forbidden => (Outcome::Refused, "role does not allow this"),
        Decision::NotFound => (Outcome::Refused, "out of scope or no such record"),
    };
    Ok((decision, outcome, detail))
}

/// Decides `action` on `child`, then opens the transaction for the change
/// with the decision's audit row in it, allowed or refused, so the row
/// commits with the change. The decision is read before the transaction
/// takes a connection: on PostgreSQL, reading while holding one could
/// exhaust the pool under load.
async fn decide(
    ctx: &Ctx<'_>,
    child: ChildId,
    action: Action,
    name: &str,
) -> Result<(Tx, Decision), AppError> {
    let (decision, outcome, detail) = judge(ctx, child, action).await?;
    let mut tx = ctx.db().begin().await?;
    audit(ctx, &mut tx, name, outcome, Some(child), Some(detail)).await?;
    Ok((tx, decision))
}

/// Decides a read and commits its audit row before returning: no audit
/// row, no data. A refusal is the error to give.
async fn decide_read(
    ctx: &Ctx<'_>,
    child: ChildId,
    action: Action,
    name: &str,
) -> Result<Basis, AppError> {
    let (decision, outcome, detail) = judge(ctx, child, action).await?;
    ctx.db()
        .audit_now(&AuditEntry {
            at: ctx.now(),
            actor: Some(ctx.user()),
            action: name,
            outcome,
            child: Some(child),
            detail: Some(detail),
            request_id: Some(ctx.request_id),
        })
        .await?;
    match decision {
        Decision::Allowed(b) => Ok(b),
        Decision::Forbidden => Err(AppError::Forbidden),
        Decision::NotFound => Err(AppError::NotFound),
    }
}

/// Allowed: the basis. Refused: commits the audit row of the refusal and
/// returns the error to give.
async fn allowed_or_refused(tx: Tx, decision: Decision) -> Result<(Tx, Basis), AppError> {
    match decision {
        Decision::Allowed(b) => Ok((tx, b)),
        Decision::Forbidden => {
            tx.commit().await?;
            Err(AppError::Forbidden)
        }
        Decision::NotFound => {
            tx.commit().await?;
            Err(AppError::NotFound)
        }
    }
}

async fn audit(
    ctx: &Ctx<'_>,
    tx: &mut Tx,
    action: &str,
    outcome: Outcome,
    child: Option<ChildId>,
    detail: Option<&str>,
) -> Result<(), AppError> {
    ctx.db()
        .audit(
            tx,
            &AuditEntry {
                at: ctx.now(),
                actor: Some(ctx.user()),
                action,
                outcome,
                child,
                detail,
                request_id: Some(ctx.request_id),
            },
        )
        .await?;
    Ok(())
}
