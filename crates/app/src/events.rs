//! Recording an event in a child's ledger.

use hearth_domain::access::Action;
use hearth_domain::events::{Event, EventKind, When};
use hearth_store::{ChildId, Outcome};

use crate::{AppError, Ctx, allowed_or_refused, audit, decide};

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
            &services.calendar,
            &services.policy,
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
