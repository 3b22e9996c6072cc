//! Hearth's use-cases: the only door to data.
//!
//! Every use-case takes the [`Actor`] asking, decides with the domain's
//! access policy, and writes an audit row in the same transaction as the
//! change, or, for a read, commits the audit row before any data is read.
//! It fails closed: no audit row, no data. A child the actor may not see is
//! [`AppError::NotFound`], never a hint that the record exists.

use std::sync::{Arc, RwLock};

use hearth_domain::access::{Action, Actor, Basis, Decision, authorize, permit};
use hearth_domain::calendar::{CalendarError, WorkingDayCalendar};
use hearth_domain::record::Refusal;
use hearth_domain::timescales::Policy;
use hearth_store::{
    AppendError, AuditEntry, Authorised, ChildId, Db, Outcome, StoreError, Tx, UserId,
};

pub mod access;

/// What the use-cases hand back, for the pages and the API to show: the
/// store's rows, read through the use-cases (the web does not reach the
/// store itself).
pub mod views {
    pub use hearth_store::OpenAction;
    pub use hearth_store::{
        ApprovalId, AuditFilter, AuditRow, BreakGlassRow, CaseloadRow, Child, ChildLink, Found,
        OverdueClock, Person, ReviewRow, RoleApproval, RoleDecision, SessionRow, StoredObligation,
        Summary, TeamRow, Unallocated, UserRow, WorkerLoad,
    };
}
pub mod accounts;
pub mod admin;
pub mod approvals;
pub mod attachments;
pub mod children;
pub mod data_quality;
pub mod events;
pub mod family;
pub mod narrative;
pub mod people;
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

/// A setting an administrator can change, read from the store on first
/// use and then kept; shared by every clone of the services and replaced
/// when changed (another server process reads it when it starts).
struct InForce<T>(RwLock<Option<Arc<T>>>);

impl<T> InForce<T> {
    fn new() -> Self {
        InForce(RwLock::new(None))
    }

    fn get(&self) -> Option<Arc<T>> {
        self.0.read().ok().and_then(|v| v.clone())
    }

    fn set(&self, value: Arc<T>) {
        if let Ok(mut slot) = self.0.write() {
            *slot = Some(value);
        }
    }
}

/// What every use-case needs.
#[derive(Clone)]
pub struct Services {
    db: Db,
    calendar: Arc<InForce<WorkingDayCalendar>>,
    policy: Arc<InForce<Policy>>,
    pub clock: Arc<dyn Clock>,
    /// Argon2 verifications made: every sign-in costs one, whatever its
    /// outcome ([`accounts::sign_in`]), which a test counts rather than
    /// times.
    verifications: Arc<std::sync::atomic::AtomicU64>,
}

impl Services {
    /// How many Argon2 password verifications these services have made.
    pub fn password_verifications(&self) -> u64 {
        self.verifications
            .load(std::sync::atomic::Ordering::Relaxed)
    }

    /// The calendar and the timescale policy in force in the database.
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> Self {
        Services {
            db,
            calendar: Arc::new(InForce::new()),
            policy: Arc::new(InForce::new()),
            clock,
            verifications: Arc::default(),
        }
    }

    /// The working-day calendar in force: the GOV.UK list shipped with
    /// Hearth, extended by the newest list an administrator imported
    /// ([`admin::import_bank_holidays`]).
    pub async fn calendar(&self) -> Result<Arc<WorkingDayCalendar>, AppError> {
        if let Some(cal) = self.calendar.get() {
            return Ok(cal);
        }
        let cal = Arc::new(calendar_in_force(&self.db).await?);
        self.calendar.set(cal.clone());
        Ok(cal)
    }

    pub(crate) fn set_calendar(&self, cal: Arc<WorkingDayCalendar>) {
        self.calendar.set(cal);
    }

    /// The timescale policy in force: the statutory defaults with the
    /// local standards an administrator saved ([`admin::save_policy`]).
    pub async fn policy(&self) -> Result<Arc<Policy>, AppError> {
        if let Some(policy) = self.policy.get() {
            return Ok(policy);
        }
        let policy = Arc::new(policy_in_force(&self.db).await?);
        self.policy.set(policy.clone());
        Ok(policy)
    }

    pub(crate) fn set_policy(&self, policy: Arc<Policy>) {
        self.policy.set(policy);
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

/// The timescale policy a database is judged by: the newest saved local
/// policy over the statutory defaults, or the statutory defaults (for the
/// server, and for `hearth rebuild` when no policy file is given).
pub async fn policy_in_force(db: &Db) -> Result<Policy, AppError> {
    match db.newest_timescale_policy().await? {
        None => Ok(Policy::statutory()),
        // Checked when saved; a stored policy that no longer parses is a
        // store problem, not the user's.
        Some(body) => Policy::from_toml(&body)
            .map_err(|e| AppError::Store(StoreError::Corrupt(format!("saved policy: {e}")))),
    }
}

/// A moment as people in England read it: "2 December 2026 at 21:30".
pub fn london_time(t: jiff::Timestamp) -> String {
    hearth_domain::london::local(t)
        .strftime("%-d %B %Y at %H:%M")
        .to_string()
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
        self.actor.user
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
    /// The same work is already being done (by this user or another); the
    /// message says what and when it will be done.
    #[error("{0}")]
    Busy(String),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Something that should not fail did (writing a document into memory):
    /// a fault, logged and answered as one.
    #[error("{0}")]
    Unexpected(String),
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

/// The decision on a child's access facts (`None`: no such child) and what
/// the audit row says.
fn judgement(
    ctx: &Ctx<'_>,
    facts: Option<&hearth_domain::access::ChildAccess>,
    action: Action,
) -> (Decision, Outcome, &'static str) {
    let decision = match facts {
        Some(facts) => authorize(ctx.actor, action, facts, ctx.now()),
        None => Decision::NotFound,
    };
    let (outcome, detail) = match decision {
        Decision::Allowed(b) => (Outcome::Allowed, basis_name(b)),
        Decision::Forbidden => (Outcome::Refused, "role does not allow this"),
        Decision::NotFound => (Outcome::Refused, "out of scope or no such record"),
    };
    (decision, outcome, detail)
}

/// Decides a read and commits its audit row before returning: no audit
/// row, no data. Allowed, the child's record opened to the actor (the only
/// way to read one); refused, the error to give, with its audit row.
async fn decide_read(
    ctx: &Ctx<'_>,
    child: ChildId,
    action: Action,
    name: &str,
) -> Result<Authorised, AppError> {
    let facts = ctx.db().child_access(child).await?;
    let (decision, outcome, detail) = judgement(ctx, facts.as_ref(), action);
    let entry = AuditEntry {
        at: ctx.now(),
        actor: Some(ctx.user()),
        action: name,
        outcome,
        child: Some(child),
        detail: Some(detail),
        request_id: Some(ctx.request_id),
    };
    let permit = facts
        .as_ref()
        .map(|f| permit(ctx.actor, action, f, ctx.now()));
    match permit {
        Some(Ok(permit)) => Ok(ctx.db().open_child(permit, &entry).await?),
        _ => {
            ctx.db().audit_now(&entry).await?;
            Err(match decision {
                Decision::Forbidden => AppError::Forbidden,
                _ => AppError::NotFound,
            })
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
