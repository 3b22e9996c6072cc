//! Break-glass access: a written reason, a time limit, and a report.

use hearth_domain::access::Role;
use hearth_store::{BreakGlassRow, ChildId, Outcome, RoleApproval};

use crate::{AppError, Ctx, audit};

/// The longest a break-glass grant lasts.
pub const BREAK_GLASS_LIMIT_MINUTES: i64 = 8 * 60;

/// The longest reason kept: enough for a paragraph, not a document.
pub const REASON_LIMIT: usize = 2_000;

/// Every problem with the reason and the time asked for, each line
/// `field: message`, in the order the form asks (`minutes` of `None`: not
/// a number of minutes at all).
fn request_problems(reason: &str, minutes: Option<i64>) -> Vec<String> {
    let mut problems = Vec::new();
    let reason = reason.trim();
    if reason.chars().count() < 10 {
        problems.push("reason: say why you need this record (at least 10 characters)".into());
    } else if reason.chars().count() > REASON_LIMIT {
        problems.push(format!(
            "reason: keep the reason to {REASON_LIMIT} characters or fewer"
        ));
    }
    match minutes {
        None => problems.push("minutes: choose how long you need".into()),
        Some(m) if !(1..=BREAK_GLASS_LIMIT_MINUTES).contains(&m) => problems.push(format!(
            "minutes: break-glass access lasts between 1 and {BREAK_GLASS_LIMIT_MINUTES} minutes"
        )),
        Some(_) => {}
    }
    problems
}

/// Every problem with a break-glass form at once, before anything is
/// looked up: the LA child id missing, the reason missing or too long, the
/// time missing or out of range. One line each, `field: message`, in the
/// form's order; none when the form is complete.
pub fn form_problems(la_child_id: &str, reason: &str, minutes: Option<i64>) -> Vec<String> {
    let mut problems = Vec::new();
    if la_child_id.trim().is_empty() {
        problems.push("child: enter the child's LA child id".to_owned());
    }
    problems.extend(request_problems(reason, minutes));
    problems
}

/// The reason and the time asked for, checked before anything is looked up.
fn check_request(reason: &str, minutes: i64) -> Result<&str, AppError> {
    let problems = request_problems(reason, Some(minutes));
    if problems.is_empty() {
        Ok(reason.trim())
    } else {
        Err(AppError::Invalid(problems.join("\n")))
    }
}

/// Opens one child's record to the actor for `minutes`, with a written
/// reason. Audited whether it succeeds or not, and listed on the report.
/// System administrators run the system, not casework: the access policy
/// never shows them a record, so they cannot break glass either.
pub async fn break_glass(
    ctx: &Ctx<'_>,
    child: ChildId,
    reason: &str,
    minutes: i64,
) -> Result<(), AppError> {
    let reason = check_request(reason, minutes)?;
    let db = ctx.db();
    let now = ctx.now();
    let facts = db.child_access(child).await?;
    // One break-glass grant at a time: a second would stretch the time
    // limit without a fresh look at the reason.
    let live = facts.as_ref().and_then(|f| {
        f.grants
            .iter()
            .filter(|g| g.break_glass && g.user == ctx.actor.user && g.until > now)
            .map(|g| g.until)
            .max()
    });
    let refusal = if facts.is_none() {
        Some(("no such record", AppError::NotFound))
    } else if ctx.actor.role == Role::SystemAdministrator {
        Some(("role does not allow this", AppError::Forbidden))
    } else {
        live.map(|until| {
            (
                "break-glass access already live",
                AppError::Invalid(format!(
                    "child: you already have break-glass access to this record until {}",
                    crate::london_time(until)
                )),
            )
        })
    };
    let mut tx = db.begin().await?;
    if let Some((detail, error)) = refusal {
        audit(
            ctx,
            &mut tx,
            "break_glass",
            Outcome::Refused,
            Some(child),
            Some(detail),
        )
        .await?;
        tx.commit().await?;
        return Err(error);
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

/// Break-glass by the child's LA child id, the number a worker is given
/// when a restricted record does not show in their search, in any case and
/// trimmed. Every problem with the form is reported at once; an id that
/// names no record is refused against the field, and audited.
pub async fn break_glass_by_la_child_id(
    ctx: &Ctx<'_>,
    la_child_id: &str,
    reason: &str,
    minutes: i64,
) -> Result<ChildId, AppError> {
    let problems = form_problems(la_child_id, reason, Some(minutes));
    if !problems.is_empty() {
        return Err(AppError::Invalid(problems.join("\n")));
    }
    let db = ctx.db();
    // Typed as it is read aloud or copied: any case, spaces around it.
    let Some(child) = db.child_by_la_child_id_any_case(la_child_id).await? else {
        let mut tx = db.begin().await?;
        // The id typed is not kept: it may be mistyped personal data.
        audit(
            ctx,
            &mut tx,
            "break_glass",
            Outcome::Refused,
            None,
            Some("no such record"),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Invalid(
            "child: there is no record with this LA child id".into(),
        ));
    };
    break_glass(ctx, child, reason, minutes).await?;
    Ok(child)
}

/// The break-glass report: every way someone came to read children's
/// records outside the ordinary run of their work.
#[derive(Debug, Clone)]
pub struct Report {
    /// Break-glass grants, newest first.
    pub break_glass: Vec<BreakGlassRow>,
    /// Roles that can read children (or the administrator's) asked for,
    /// approved or refused, and accounts the command line made, newest first.
    pub role_grants: Vec<RoleApproval>,
}

/// Break-glass grants, and role grants asked for or decided, since a time,
/// for managers and auditors. Viewing the report is itself audited,
/// allowed or refused.
pub async fn break_glass_report(ctx: &Ctx<'_>, since: jiff::Timestamp) -> Result<Report, AppError> {
    let allowed = matches!(
        ctx.actor.role,
        Role::Auditor | Role::ServiceManager | Role::TeamManager
    );
    let db = ctx.db();
    let mut tx = db.begin().await?;
    let outcome = if allowed {
        Outcome::Allowed
    } else {
        Outcome::Refused
    };
    audit(ctx, &mut tx, "view_break_glass_report", outcome, None, None).await?;
    tx.commit().await?;
    if !allowed {
        return Err(AppError::Forbidden);
    }
    Ok(Report {
        break_glass: db.break_glass_report(since).await?,
        role_grants: db.role_approvals_since(since).await?,
    })
}
