//! A team, for its managers: caseloads and overdue clocks by worker,
//! children awaiting a worker, and allocation.

use hearth_domain::access::Role;
use hearth_domain::events::{Event, EventKind, When};
use hearth_store::{ChildId, Outcome, TeamId, Unallocated, UserId, WorkerLoad};

use crate::{AppError, Ctx, audit, events};

#[derive(Debug, Clone)]
pub struct TeamView {
    pub team: TeamId,
    pub name: String,
    pub workers: Vec<WorkerLoad>,
    pub unallocated: Vec<Unallocated>,
}

/// Whether the actor manages the team (team managers their own team,
/// service managers the teams in their line).
fn manages(ctx: &Ctx<'_>, team: TeamId) -> bool {
    matches!(ctx.actor.role, Role::TeamManager | Role::ServiceManager)
        && ctx.actor.manages.contains(&team)
}

/// The team page. Anyone but its managers gets not found; audited either way.
pub async fn view(
    ctx: &Ctx<'_>,
    team: TeamId,
    at: impl Into<hearth_domain::events::When>,
) -> Result<TeamView, AppError> {
    let db = ctx.db();
    let detail = format!("team {}", team.0);
    if !manages(ctx, team) {
        let mut tx = db.begin().await?;
        audit(
            ctx,
            &mut tx,
            "view_team",
            Outcome::Refused,
            None,
            Some(&detail),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::NotFound);
    }
    let name = db.team_name(team).await?.ok_or(AppError::NotFound)?;
    // Both lists as the access policy opens them to the manager: a
    // restricted record shows, and counts, only under a live grant.
    let workers = db.team_load(team, ctx.user(), at, ctx.now()).await?;
    let unallocated = db.unallocated(team, ctx.user(), ctx.now()).await?;
    let shown: Vec<ChildId> = unallocated.iter().map(|u| u.child).collect();
    crate::children::audit_list(ctx, "view_team", Some(&detail), &shown).await?;
    Ok(TeamView {
        team,
        name,
        workers,
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
    if !manages(ctx, team) {
        let mut tx = ctx.db().begin().await?;
        let detail = format!("team {}", team.0);
        audit(
            ctx,
            &mut tx,
            "allocate",
            Outcome::Refused,
            Some(child),
            Some(&detail),
        )
        .await?;
        tx.commit().await?;
        return Err(AppError::NotFound);
    }
    let kind = EventKind::Allocated { worker, team };
    events::record(ctx, child, When::Date(on), kind).await
}
