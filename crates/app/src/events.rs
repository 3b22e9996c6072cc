//! Recording an event in a child's ledger, and correcting one: amending or
//! voiding it with a reason.

use hearth_domain::access::Action;
use hearth_domain::events::{Event, EventId, EventKind, When};
use hearth_store::{Child, ChildId, Outcome};

use crate::{AppError, Ctx, allowed_or_refused, audit, decide, decide_read};

/// The verb an event needs: corrections and allocations are managers' work.
fn action_for(kind: &EventKind) -> Action {
    match kind {
        EventKind::Amended { .. } | EventKind::Voided { .. } => Action::Correct,
        EventKind::Allocated { .. } | EventKind::AllocatedToTeam { .. } => Action::Allocate,
        _ => Action::Record,
    }
}

/// Records an event. It is checked against the whole record; a
/// contradiction is refused with its problem list, nothing is written, and
/// the refusal is audited.
pub async fn record(
    ctx: &Ctx<'_>,
    child: ChildId,
    on: When,
    kind: EventKind,
) -> Result<Event, AppError> {
    let db = ctx.db();
    let services = ctx.services;
    let name = format!("record:{}", kind.name());
    // Read before a transaction holds a connection (see `decide`).
    let calendar = services.calendar().await?;
    let policy = services.policy().await?;
    let (tx, decision) = decide(ctx, child, action_for(&kind), &name).await?;
    let (mut tx, _) = allowed_or_refused(tx, decision).await?;
    let recorded_by = ctx.actor.user.to_string();
    let appended = db
        .append_event(
            &mut tx,
            child,
            on,
            kind,
            &recorded_by,
            ctx.now(),
            &calendar,
            &policy,
        )
        .await;
    match appended {
        Ok(event) => {
            tx.commit().await?;
            Ok(event)
        }
        Err(e) => {
            // Nothing of the event was written; record why it was refused.
            tx.rollback().await?;
            let mut tx = db.begin().await?;
            audit(
                ctx,
                &mut tx,
                &name,
                Outcome::Refused,
                Some(child),
                Some("contradicts the record"),
            )
            .await?;
            tx.commit().await?;
            Err(e.into())
        }
    }
}

/// What a correction form needs: the child and their whole ledger, read
/// only by someone who may correct it.
/// A child and their ledger, for the pages that add to it.
#[derive(Debug, Clone)]
pub struct LedgerView {
    pub child: Child,
    pub events: Vec<Event>,
}

/// Opens a child's record for the forms that record an event on it:
/// audited as a view; a user who may see the record but not record on it
/// is refused, rather than shown forms they cannot send.
pub async fn for_recording(ctx: &Ctx<'_>, child: ChildId) -> Result<LedgerView, AppError> {
    decide_read(ctx, child, Action::Record, "view_record_forms").await?;
    ledger(ctx, child).await
}

async fn ledger(ctx: &Ctx<'_>, child: ChildId) -> Result<LedgerView, AppError> {
    let db = ctx.db();
    Ok(LedgerView {
        child: db.child(child).await?.ok_or(AppError::NotFound)?,
        events: db.events(child).await?,
    })
}

/// Opens a child's ledger to amend or void one of its events. Audited as a
/// view; a user who may see the record but not correct it is refused.
pub async fn for_correction(ctx: &Ctx<'_>, child: ChildId) -> Result<LedgerView, AppError> {
    decide_read(ctx, child, Action::Correct, "view_for_correction").await?;
    ledger(ctx, child).await
}

fn reason_given(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(AppError::Invalid(
            "reason: say why the event is being corrected".into(),
        ));
    }
    Ok(reason.to_owned())
}

/// Replaces what `target` says, and when it happened, with a reason. The
/// ledger keeps the original: nothing recorded is overwritten
/// (DESIGN.md, "The record is a ledger of dated facts"). The replacement
/// must be of the same kind, and is checked against the whole record.
pub async fn amend(
    ctx: &Ctx<'_>,
    child: ChildId,
    target: EventId,
    reason: &str,
    on: When,
    event: EventKind,
    today: jiff::civil::Date,
) -> Result<Event, AppError> {
    let kind = EventKind::Amended {
        target,
        reason: reason_given(reason)?,
        on: Some(on),
        event: Box::new(event),
    };
    record(ctx, child, When::Date(today), kind).await
}

/// Withdraws `target` from the record, with a reason. It stays in the
/// ledger, so what was known when is never lost.
pub async fn void(
    ctx: &Ctx<'_>,
    child: ChildId,
    target: EventId,
    reason: &str,
    today: jiff::civil::Date,
) -> Result<Event, AppError> {
    let kind = EventKind::Voided {
        target,
        reason: reason_given(reason)?,
    };
    record(ctx, child, When::Date(today), kind).await
}
