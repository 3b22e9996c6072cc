//! Role approvals: four eyes on any role that can read children's records.
//!
//! An administrator could otherwise make themselves (through a second
//! account) or anyone an auditor and read every record. So a role that
//! needs approval ([`Role::needs_approval`]), asked for at
//! [`crate::admin::add_user`] or [`crate::admin::change_user`], waits for a
//! second administrator: not the one who asked, and not the account
//! concerned. The decision, the role it puts in force and their audit row
//! are one transaction; the requests are reported with break-glass.

use hearth_domain::access::Role;
use hearth_store::{ApprovalId, Outcome, RoleApproval, RoleDecision, Tx, UserId};

use crate::admin::{administrator, refusing};
use crate::{AppError, Ctx, audit};

/// A request as an administrator sees it, with whether they may decide it.
#[derive(Debug, Clone)]
pub struct Approval {
    pub request: RoleApproval,
    /// Why this administrator may not decide it; `None`: they may.
    pub not_yours: Option<&'static str>,
}

/// Why `actor` may not decide `request`, if they may not: the four-eyes
/// rules, and a request decided once is decided.
fn not_yours(actor: UserId, request: &RoleApproval) -> Option<&'static str> {
    if request.decision.is_some() {
        Some("this request has been decided")
    } else if request.requested_by == Some(actor) {
        Some("you asked for this role: another administrator must decide")
    } else if request.user == actor {
        Some("this request is about your own account: another administrator must decide")
    } else {
        None
    }
}

/// Writes the audit row of a request, in the transaction that records it.
pub(crate) async fn audit_request(
    ctx: &Ctx<'_>,
    tx: &mut Tx,
    approval: ApprovalId,
    user: UserId,
    role: Role,
    previous: Option<Role>,
) -> Result<(), AppError> {
    let was = previous.map_or("a new account", Role::as_str);
    let detail = format!(
        "approval {}: user {} as {} (was {was})",
        approval.0,
        user.0,
        role.as_str()
    );
    audit(
        ctx,
        tx,
        "admin:request_role",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await
}

/// One request, for an administrator to read (audited).
pub async fn approval(ctx: &Ctx<'_>, id: ApprovalId) -> Result<Approval, AppError> {
    administrator(ctx, "view_admin").await?;
    let mut tx = ctx.db().begin().await?;
    let detail = format!("approval {}", id.0);
    audit(
        ctx,
        &mut tx,
        "view_admin",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    let request = ctx
        .db()
        .role_approval(id)
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(Approval {
        not_yours: not_yours(ctx.user(), &request),
        request,
    })
}

fn parse_decision(decision: &str) -> Result<RoleDecision, AppError> {
    match decision {
        "approve" => Ok(RoleDecision::Approved),
        "refuse" => Ok(RoleDecision::Refused),
        _ => Err(AppError::Invalid(
            "decision: choose to approve or to refuse the role".into(),
        )),
    }
}

/// Writes a refusal's audit row on its own and gives the error.
async fn refused(ctx: &Ctx<'_>, detail: &str, error: AppError) -> Result<RoleDecision, AppError> {
    let mut tx = ctx.db().begin().await?;
    audit(
        ctx,
        &mut tx,
        "admin:decide_role",
        Outcome::Refused,
        None,
        Some(detail),
    )
    .await?;
    tx.commit().await?;
    Err(error)
}

/// Approves (`"approve"`) or refuses (`"refuse"`) a request. Approved, the
/// role is in force from the account's next request (a new account can
/// sign in); refused, the account keeps its role (a new account stays
/// inactive). Only another administrator than the one who asked, and not
/// the account concerned, may decide: anyone else is [`AppError::Forbidden`].
/// Audited, allowed or refused; the decision, the role and the audit row
/// are one transaction.
pub async fn decide(
    ctx: &Ctx<'_>,
    id: ApprovalId,
    decision: &str,
) -> Result<RoleDecision, AppError> {
    administrator(ctx, "admin:decide_role").await?;
    let about = format!("approval {}", id.0);
    let decision = refusing(ctx, "admin:decide_role", &about, parse_decision(decision)).await?;
    let db = ctx.db();
    let Some(request) = db.role_approval(id).await? else {
        return refused(
            ctx,
            &format!("{about}: no such request"),
            AppError::NotFound,
        )
        .await;
    };
    if request.decision.is_some() {
        let already = Err(AppError::Invalid(
            "decision: this request has already been decided".into(),
        ));
        return refusing(ctx, "admin:decide_role", &about, already).await;
    }
    if let Some(why) = not_yours(ctx.user(), &request) {
        return refused(ctx, &format!("{about}: {why}"), AppError::Forbidden).await;
    }
    let mut tx = db.begin().await?;
    let decided = db
        .decide_role(&mut tx, id, decision, ctx.user(), ctx.now())
        .await?;
    let applied = decision == RoleDecision::Refused
        || (decided
            && db
                .apply_role(&mut tx, request.user, request.role, request.previous)
                .await?);
    if !decided || !applied {
        tx.rollback().await?;
        let problem = if decided {
            "decision: the account has changed since this role was asked for: refuse it, and ask again"
        } else {
            "decision: this request has already been decided"
        };
        return refusing(
            ctx,
            "admin:decide_role",
            &about,
            Err(AppError::Invalid(problem.into())),
        )
        .await;
    }
    let detail = format!(
        "{about}: user {} as {} {}",
        request.user.0,
        request.role.as_str(),
        decision.as_str()
    );
    audit(
        ctx,
        &mut tx,
        "admin:decide_role",
        Outcome::Allowed,
        None,
        Some(&detail),
    )
    .await?;
    tx.commit().await?;
    Ok(decision)
}
