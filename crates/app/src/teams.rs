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
        && ctx.actor.manages.contains(&team.0)
}

/// The team page. Anyone but its managers gets not found; audited either way.
pub async fn view(
    ctx: &Ctx<'_>,
    team: TeamId,
    today: jiff::civil::Date,
) -> Result<TeamView, AppError> {
    let db = ctx.db();
    let allowed = manages(ctx, team);
    let detail = format!("team {}", team.0);
    let mut tx = db.begin().await?;
    let outcome = if allowed {
        Outcome::Allowed
    } else {
        Outcome::Refused
    };
    audit(ctx, &mut tx, "view_team", outcome, None, Some(&detail)).await?;
    tx.commit().await?;
    if !allowed {
        return Err(AppError::NotFound);
    }
    let name = db.team_name(team).await?.ok_or(AppError::NotFound)?;
    Ok(TeamView {
        team,
        name,
        workers: db.team_load(team, today).await?,
        unallocated: db.unallocated(team).await?,
    })
}

/// Allocates (or reallocates) a child to a worker in a team the actor
/// manages. Recorded as an event, so it is checked, audited and in the
/// chronology.
pub async fn allocate(
    ctx: &Ctx<'_>,
    child: ChildId,
    worker: UserId,
    on: jiff::civil::Date,
) -> Result<Event, AppError> {
    let team = ctx.db().user_team(worker).await?;
    let Some(team) = team.filter(|t| manages(ctx, *t)) else {
        return Err(AppError::Invalid(
            "worker: choose a worker in a team you manage".into(),
        ));
    };
    let kind = EventKind::Allocated {
        worker: worker.0.to_string(),
        team: team.0.to_string(),
    };
    events::record(ctx, child, When::Date(on), kind).await
}
