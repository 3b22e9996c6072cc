//! A team, for its managers: caseloads and overdue clocks by worker,
//! children awaiting a worker, and allocation.

use hearth_domain::access::Role;
use hearth_domain::events::{Event, EventKind, When};
use hearth_store::{ChildId, Outcome, OverdueClock, TeamId, Unallocated, UserId, WorkerLoad};

use crate::{AppError, Ctx, audit, events};

#[derive(Debug, Clone)]
pub struct TeamView {
    pub team: TeamId,
    pub name: String,
    pub workers: Vec<WorkerLoad>,
    /// Every overdue clock behind the workers' overdue counts, each naming
    /// its child and worker: only children the manager may open.
    pub overdue: Vec<OverdueClock>,
    pub unallocated: Vec<Unallocated>,
}

/// Whether the actor manages the team (team managers their own team,
/// service managers the teams in their line).
fn manages(ctx: &Ctx<'_>, team: TeamId) -> bool {
    matches!(ctx.actor.role, Role::TeamManager | Role::ServiceManager)
        && ctx.actor.manages.contains(&team)
}

/// Anyone but the team's managers is told the team does not exist, and
/// the refusal of `action` is audited.
async fn refuse_unless_manager(
    ctx: &Ctx<'_>,
    team: TeamId,
    action: &str,
    child: Option<ChildId>,
) -> Result<(), AppError> {
    if manages(ctx, team) {
        return Ok(());
    }
    let detail = format!("team {}", team.0);
    let mut tx = ctx.db().begin().await?;
    audit(ctx, &mut tx, action, Outcome::Refused, child, Some(&detail)).await?;
    tx.commit().await?;
    Err(AppError::NotFound)
}

/// Whether the actor manages the team, for addresses that show nothing of
/// it (a reloaded allocation goes back to the team page): anyone else is
/// told it does not exist, audited as a refused view of the team.
pub async fn check_manager(ctx: &Ctx<'_>, team: TeamId) -> Result<(), AppError> {
    refuse_unless_manager(ctx, team, "view_team", None).await
}

/// The team page. Anyone but its managers gets not found; audited either
/// way, with a row for each child it names.
pub async fn view(
    ctx: &Ctx<'_>,
    team: TeamId,
    at: impl Into<hearth_domain::events::When>,
) -> Result<TeamView, AppError> {
    refuse_unless_manager(ctx, team, "view_team", None).await?;
    let at: hearth_domain::events::When = at.into();
    let db = ctx.db();
    let detail = format!("team {}", team.0);
    let name = db.team_name(team).await?.ok_or(AppError::NotFound)?;
    // Every list as the access policy opens them to the manager: a
    // restricted record shows, and counts, only under a live grant.
    let workers = db.team_load(team, ctx.user(), at, ctx.now()).await?;
    let unallocated = db.unallocated(team, ctx.user(), ctx.now()).await?;
    let overdue = db.team_overdue(team, ctx.user(), at, ctx.now()).await?;
    // The children named are decided again, one by one, by the policy
    // itself: a name is never shown that the manager could not open.
    let open = crate::children::openable(ctx, overdue.iter().map(|o| o.child)).await?;
    let overdue: Vec<OverdueClock> = overdue
        .into_iter()
        .filter(|o| open.contains(&o.child))
        .collect();
    let mut shown: Vec<ChildId> = unallocated.iter().map(|u| u.child).collect();
    for o in &overdue {
        if !shown.contains(&o.child) {
            shown.push(o.child);
        }
    }
    crate::children::audit_list(ctx, "view_team", Some(&detail), &shown).await?;
    Ok(TeamView {
        team,
        name,
        workers,
        overdue,
        unallocated,
    })
}

/// Allocates (or reallocates) a child to a worker in `team`, from the
/// team's page: anyone who does not manage the team is told it does not
/// exist, as the page does. Recorded as an event, so it is checked (by
/// [`hearth_domain::access::may_make`], as every allocation is, whichever
/// way it comes in), audited and in the chronology.
pub async fn allocate(
    ctx: &Ctx<'_>,
    team: TeamId,
    child: ChildId,
    worker: UserId,
    on: jiff::civil::Date,
) -> Result<Event, AppError> {
    refuse_unless_manager(ctx, team, "allocate", Some(child)).await?;
    let kind = EventKind::Allocated {
        worker,
        team,
        reason: None,
    };
    events::record(ctx, child, When::Date(on), kind).await
}

/// What a manager is told of an LA child id that names no child they may
/// allocate: the same whether there is no such record or it is outside
/// their teams (or restricted), so the answer does not say which.
pub const NO_CHILD_IN_YOUR_TEAMS: &str =
    "child: there is no child with this LA child id in the teams you manage";

/// [`allocate`], by the child's LA child id as shown on the child's page
/// (trimmed, in any case). An id naming no record and one naming a record
/// the manager may not allocate are refused alike, against the field, and
/// audited.
pub async fn allocate_by_la_child_id(
    ctx: &Ctx<'_>,
    team: TeamId,
    la_child_id: &str,
    worker: UserId,
    on: jiff::civil::Date,
) -> Result<Event, AppError> {
    refuse_unless_manager(ctx, team, "allocate", None).await?;
    if la_child_id.trim().is_empty() {
        return Err(AppError::Invalid(
            "child: enter the child's LA child id".into(),
        ));
    }
    let db = ctx.db();
    let Some(child) = db.child_by_la_child_id_any_case(la_child_id).await? else {
        // The id typed is not kept: it may be mistyped personal data.
        let mut tx = db.begin().await?;
        audit(
            ctx,
            &mut tx,
            "allocate",
            Outcome::Refused,
            None,
            Some("no such record"),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::Invalid(NO_CHILD_IN_YOUR_TEAMS.into()));
    };
    match allocate(ctx, team, child, worker, on).await {
        Err(AppError::NotFound) => Err(AppError::Invalid(NO_CHILD_IN_YOUR_TEAMS.into())),
        // Open to them, but only to read (break-glass): they know of it.
        Err(AppError::Forbidden) => Err(AppError::Invalid(
            "child: you may not allocate this child".into(),
        )),
        other => other,
    }
}
