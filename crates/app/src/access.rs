//! Break-glass access: a written reason, a time limit, and a report.

use hearth_store::{BreakGlassRow, ChildId, Outcome};

use crate::{AppError, Ctx, audit};

/// The longest a break-glass grant lasts.
pub const BREAK_GLASS_LIMIT_MINUTES: i64 = 8 * 60;

/// Opens one child's record to the actor for `minutes`, with a written
/// reason. Audited whether it succeeds or not, and listed on the report.
pub async fn break_glass(
    ctx: &Ctx<'_>,
    child: ChildId,
    reason: &str,
    minutes: i64,
) -> Result<(), AppError> {
    let reason = reason.trim();
    if reason.chars().count() < 10 {
        return Err(AppError::Invalid(
            "reason: say why you need this record (at least 10 characters)".into(),
        ));
    }
    if !(1..=BREAK_GLASS_LIMIT_MINUTES).contains(&minutes) {
        return Err(AppError::Invalid(format!(
            "minutes: break-glass access lasts between 1 and {BREAK_GLASS_LIMIT_MINUTES} minutes"
        )));
    }
    let db = ctx.db();
    let now = ctx.now();
    let exists = db.child_access(child).await?.is_some();
    let mut tx = db.begin().await?;
    if !exists {
        audit(
            ctx,
            &mut tx,
            "break_glass",
            Outcome::Refused,
            Some(child),
            Some("no such record"),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::NotFound);
    }
    let until = now
        .checked_add(jiff::SignedDuration::from_mins(minutes))
        .map_err(|e| AppError::Invalid(format!("minutes: {e}")))?;
    db.grant(
        &mut tx,
        child,
        ctx.user(),
        until,
        true,
        reason,
        ctx.user(),
        now,
    )
    .await?;
    audit(
        ctx,
        &mut tx,
        "break_glass",
        Outcome::Allowed,
        Some(child),
        None,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Break-glass grants since a time, for managers and auditors.
pub async fn break_glass_report(
    ctx: &Ctx<'_>,
    since: jiff::Timestamp,
) -> Result<Vec<BreakGlassRow>, AppError> {
    use hearth_domain::access::Role;
    if !matches!(
        ctx.actor.role,
        Role::Auditor | Role::ServiceManager | Role::TeamManager
    ) {
        return Err(AppError::Forbidden);
    }
    Ok(ctx.db().break_glass_report(since).await?)
}
