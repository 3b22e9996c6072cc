//! Reading a child's record.

use hearth_domain::access::{Action, Basis};
use hearth_domain::events::Event;
use hearth_store::{
    AuditEntry, AuditFilter, AuditRow, Child, ChildId, Outcome, Person, ReviewRow,
    StoredObligation, Summary, UserId,
};

use crate::{AppError, Ctx, decide_read};

/// A child's record as a user sees it.
#[derive(Debug, Clone)]
pub struct ChildView {
    pub child: Child,
    pub summary: Option<Summary>,
    pub events: Vec<Event>,
    pub obligations: Vec<StoredObligation>,
    /// Why the user may see it.
    pub basis: Basis,
    /// The allocated worker's name.
    pub allocated_worker: Option<String>,
    /// Whether the user may amend and void events (the view being allowed,
    /// the scope is the same; the role decides).
    pub may_correct: bool,
    /// Whether the user may see who has looked at the record.
    pub may_see_access_log: bool,
    /// The record folded as at its latest fact, for the case summary.
    pub record: Option<hearth_domain::record::ChildRecord>,
    /// Names for everyone the record mentions.
    pub people: crate::people::People,
    /// Other children's records that name this child as family (who may
    /// be named is decided by [`crate::family::relative_names`]).
    pub linked_from: Vec<hearth_store::ChildLink>,
}

/// Opens a child's record. The view is audited before anything is read.
pub async fn view(ctx: &Ctx<'_>, child: ChildId) -> Result<ChildView, AppError> {
    view_audited_as(ctx, child, "view_child").await
}

/// Opens a child's record to print its chronology. A printed chronology
/// leaves the system on paper, so it is audited as its own action and
/// "who has looked at this record" shows who printed it.
pub async fn print_chronology(ctx: &Ctx<'_>, child: ChildId) -> Result<ChildView, AppError> {
    view_audited_as(ctx, child, "print_chronology").await
}

/// Opens a child's record to export its chronology as a document for
/// court. It leaves the system as a file, so it is audited as its own
/// action, which "who has looked at this record" shows.
pub async fn export_chronology(ctx: &Ctx<'_>, child: ChildId) -> Result<ChildView, AppError> {
    view_audited_as(ctx, child, "export_chronology").await
}

async fn view_audited_as(
    ctx: &Ctx<'_>,
    child: ChildId,
    action: &str,
) -> Result<ChildView, AppError> {
    let db = ctx.db();
    // No audit row, no data: the row is committed before the record is read.
    let open = decide_read(ctx, child, Action::View, action).await?;
    // An opening without a decision is for tests only: fail closed.
    let basis = open.permit().ok_or(AppError::NotFound)?.basis();
    // The record's identity and summary in one round trip; the allocated
    // worker's name comes with the names of everyone the ledger mentions.
    let (record, summary) = db
        .child_and_summary(&open)
        .await?
        .ok_or(AppError::NotFound)?;
    let worker = summary
        .as_ref()
        .and_then(|s| s.allocated_worker.as_deref())
        .and_then(|w| w.parse().ok())
        .map(hearth_store::UserId);
    let events = db.events(&open).await?;
    let people = crate::people::People::named_in(db, &events, worker).await?;
    let allocated_worker = worker.and_then(|w| people.known_name(w));
    Ok(ChildView {
        child: record,
        allocated_worker,
        summary,
        // A stored ledger folds (it was checked when written); a fault
        // shows no summary rather than no record.
        record: hearth_domain::record::ChildRecord::fold_all(&events).ok(),
        people,
        events,
        obligations: db.obligations_for(&open).await?,
        linked_from: db.linked_from(&open).await?,
        basis,
        may_correct: ctx.actor.role.grants(Action::Correct),
        may_see_access_log: ctx.actor.role.grants(Action::ViewAccessLog),
    })
}

/// "Who has looked at this record": for managers and auditors.
pub async fn access_log(ctx: &Ctx<'_>, child: ChildId) -> Result<Vec<AuditRow>, AppError> {
    let open = decide_read(ctx, child, Action::ViewAccessLog, "view_access_log").await?;
    Ok(ctx.db().audit_for_child(&open).await?)
}

/// Rows of "who has looked at this record" on one page.
pub const ACCESS_LOG_PAGE: i64 = 50;

/// One page of "who has looked at this record", with what it can be
/// filtered by.
#[derive(Debug, Clone)]
pub struct AccessLog {
    pub rows: Vec<AuditRow>,
    /// Rows the filter matches, on every page.
    pub total: i64,
    /// The page shown, from 1 (a page past the last shows the last).
    pub page: i64,
    pub pages: i64,
    /// The actions the log records, for the filter.
    pub actions: Vec<String>,
    /// The people who acted on the record, for the filter.
    pub people: Vec<(UserId, Option<Person>)>,
}

/// "Who has looked at this record", a page at a time, filtered by action
/// and by person: for managers and auditors, audited like the whole log.
pub async fn access_log_page(
    ctx: &Ctx<'_>,
    child: ChildId,
    filter: &AuditFilter<'_>,
    page: i64,
) -> Result<AccessLog, AppError> {
    let open = decide_read(ctx, child, Action::ViewAccessLog, "view_access_log").await?;
    let db = ctx.db();
    let page = page.max(1);
    let offset = |page: i64| (page - 1).saturating_mul(ACCESS_LOG_PAGE);
    let (mut rows, total) = db
        .audit_for_child_page(&open, filter, ACCESS_LOG_PAGE, offset(page))
        .await?;
    let pages = ((total + ACCESS_LOG_PAGE - 1) / ACCESS_LOG_PAGE).max(1);
    let shown = page.min(pages);
    if shown != page {
        rows = db
            .audit_for_child_page(&open, filter, ACCESS_LOG_PAGE, offset(shown))
            .await?
            .0;
    }
    let (actions, people) = db.audit_facets_for_child(&open).await?;
    Ok(AccessLog {
        rows,
        total,
        page: shown,
        pages,
        actions,
        people,
    })
}

/// Which of `children` the access policy opens to the actor to view, each
/// decided on its own facts: for lists whose query already applies the
/// scope, a second look by the policy itself before a name is shown.
pub(crate) async fn openable(
    ctx: &Ctx<'_>,
    children: impl Iterator<Item = ChildId>,
) -> Result<Vec<ChildId>, AppError> {
    let mut open: Vec<ChildId> = Vec::new();
    let mut seen: Vec<ChildId> = Vec::new();
    let now = ctx.now();
    for child in children {
        if seen.contains(&child) {
            continue;
        }
        seen.push(child);
        if let Some(facts) = ctx.db().child_access(child).await?
            && hearth_domain::access::authorize(ctx.actor, Action::View, &facts, now).is_allowed()
        {
            open.push(child);
        }
    }
    Ok(open)
}

/// The children the actor is appointed to as independent reviewing
/// officer, with the next looked-after review due and the overdue clocks
/// of each, the next review first: only children the access policy opens
/// to them (a restricted record only under a live grant). Audited as one
/// view, with a row for each child shown, before the list is returned.
pub async fn my_reviews(
    ctx: &Ctx<'_>,
    today: jiff::civil::Date,
) -> Result<Vec<ReviewRow>, AppError> {
    let rows = ctx.db().iro_reviews(ctx.user(), today, ctx.now()).await?;
    let open = openable(ctx, rows.iter().map(|r| r.child)).await?;
    let rows: Vec<ReviewRow> = rows
        .into_iter()
        .filter(|r| open.contains(&r.child))
        .collect();
    let shown: Vec<ChildId> = rows.iter().map(|r| r.child).collect();
    audit_list(ctx, "view_reviews", None, &shown).await?;
    Ok(rows)
}

/// The actor's own caseload, most urgent first: only children the access
/// policy opens to them (a restricted record only under a live grant).
/// Audited as one view, and with a row for each child shown, before the
/// list is returned.
///
/// Overdue clocks are counted as at `at`, the local date or date and time
/// in England (a clock due at a time is overdue from the minute after).
pub async fn my_work(
    ctx: &Ctx<'_>,
    at: impl Into<hearth_domain::events::When>,
) -> Result<Vec<hearth_store::CaseloadRow>, AppError> {
    let rows = ctx.db().caseload(ctx.user(), at, ctx.now()).await?;
    let shown: Vec<ChildId> = rows.iter().map(|r| r.child).collect();
    audit_list(ctx, "view_caseload", None, &shown).await?;
    Ok(rows)
}

/// Audits a list view: one row for the list (with `detail`), and one for
/// each child shown on it, committed together before the list is returned
/// (no audit row, no data).
pub(crate) async fn audit_list(
    ctx: &Ctx<'_>,
    action: &str,
    detail: Option<&str>,
    shown: &[ChildId],
) -> Result<(), AppError> {
    let db = ctx.db();
    let mut tx = db.begin().await?;
    crate::audit(ctx, &mut tx, action, Outcome::Allowed, None, detail).await?;
    let each = AuditEntry {
        at: ctx.now(),
        actor: Some(ctx.user()),
        action,
        outcome: Outcome::Allowed,
        child: None,
        detail: Some("shown on a list"),
        request_id: Some(ctx.request_id),
    };
    db.audit_each_child(&mut tx, &each, shown).await?;
    tx.commit().await?;
    Ok(())
}

/// Finds children by name, LA child id or date of birth (YYYY-MM-DD or
/// DD/MM/YYYY), among those the actor may see. Audited with the number of
/// results, never the words searched for (they may be a name).
pub async fn search(ctx: &Ctx<'_>, query: &str) -> Result<Vec<hearth_store::Found>, AppError> {
    use hearth_domain::access::authorize;
    use hearth_store::Search;
    let q = query.trim();
    let by_date = q.parse::<jiff::civil::Date>().ok().or_else(|| {
        let mut parts = q.split('/');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        jiff::civil::Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?).ok()
    });
    let what = match by_date {
        Some(d) => Search::DateOfBirth(d),
        None if q.chars().any(|c| c.is_ascii_digit())
            && hearth_domain::ids::LaChildId::parse(q).is_ok() =>
        {
            Search::LaChildId(q.to_owned())
        }
        None if q.chars().count() >= 2 => Search::Name(q.to_owned()),
        None => {
            return Err(AppError::Invalid(
                "q: enter at least 2 letters of a name, an id, or a date of birth".into(),
            ));
        }
    };
    let db = ctx.db();
    let now = ctx.now();
    let found: Vec<_> = db
        .search(&what, ctx.actor, now, 50)
        .await?
        .into_iter()
        .filter(|f| {
            authorize(
                ctx.actor,
                hearth_domain::access::Action::View,
                &f.access,
                now,
            )
            .is_allowed()
        })
        .take(50)
        .collect();
    let detail = format!("{} results", found.len());
    let shown: Vec<ChildId> = found.iter().map(|f| f.child).collect();
    audit_list(ctx, "search", Some(&detail), &shown).await?;
    Ok(found)
}

/// The child's statutory clocks as the record stood at `known_at`: what the
/// service knew then, and when each duty was due by what it knew. Events
/// recorded later, and corrections made later, are left out
/// ([`hearth_domain::record::as_known_at`]); the record is folded as at the
/// day of `known_at` in England, and each clock still open is judged at
/// that moment (a return interview due at 18:30 was overdue at 18:31), not
/// now. The question a court, a serious case review or a complaint asks
/// (Children Act 1989 guidance, vol. 2; Working Together, "Serious case
/// reviews"). Lengths are those of the policy and calendar in force now.
///
/// From a view already opened, so audited under the access policy.
pub async fn clocks_as_known_at(
    ctx: &Ctx<'_>,
    view: &ChildView,
    known_at: jiff::Timestamp,
) -> Result<Vec<StoredObligation>, AppError> {
    use hearth_domain::timescales::Status;
    let calendar = ctx.services.calendar().await?;
    let policy = ctx.services.policy().await?;
    let ledger = hearth_domain::record::as_known_at(&view.events, known_at);
    let day = hearth_domain::london::today(known_at);
    // What was recorded by then was accepted then, so it folds; should it
    // not, say so rather than show clocks that never stood.
    let mut record = hearth_domain::record::ChildRecord::fold(&ledger, day)
        .map_err(|r| AppError::Unexpected(format!("the record as known at {known_at}: {r}")))?;
    if let Some(dob) = view.child.details.date_of_birth {
        record.date_of_birth = Some(dob);
    }
    let clocks = hearth_domain::timescales::obligations(&record, &calendar, &policy)
        .map_err(|e| AppError::Unexpected(format!("clocks as known at {known_at}: {e}")))?;
    Ok(clocks
        .into_iter()
        .map(|o| StoredObligation {
            rule: o.rule.id().to_owned(),
            start_on: o.start.to_string(),
            start_event: o.start_event.0 as i64,
            due_date: o.due.date(),
            due_on: o.due.to_string(),
            met_on: o.met.map(|m| m.to_string()),
            met_by: o.met_by.map(|m| m.0 as i64),
            met_late: o.status == Status::MetLate,
            ended: o.ended,
        })
        .collect())
}
