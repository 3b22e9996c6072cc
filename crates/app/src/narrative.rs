//! The worker's write-up beyond the child's page: the actions a user owns,
//! for their work page, and a search of write-ups and case notes. Both
//! show only children the user may open, and both are audited as list
//! views, child by child, before anything is returned.

use hearth_domain::access::{Action, authorize};
use hearth_store::{ChildId, Found, OpenAction, Search};

use crate::children::audit_list;
use crate::{AppError, Ctx};

/// The most actions a work page lists.
const ACTIONS_SHOWN: i64 = 200;

/// The open actions the signed-in user owns, on children they may open
/// now, soonest due first (so the overdue come first).
pub async fn my_actions(ctx: &Ctx<'_>) -> Result<Vec<OpenAction>, AppError> {
    let rows = ctx
        .db()
        .open_actions(ctx.actor, ctx.now(), ACTIONS_SHOWN)
        .await?;
    let mut shown: Vec<ChildId> = rows.iter().map(|r| r.child).collect();
    shown.dedup();
    audit_list(ctx, "view_actions", None, &shown).await?;
    Ok(rows)
}

/// Children whose write-ups or case notes hold `query` (any case), among
/// those the user may open. At least three letters, so the words narrow
/// the search (and have a trigram for the index). Audited with the number
/// of results, never the words searched for: they may name someone.
pub async fn search_notes(ctx: &Ctx<'_>, query: &str) -> Result<Vec<Found>, AppError> {
    let q = query.trim();
    if q.chars().count() < 3 {
        return Err(AppError::Invalid(
            "q: enter at least 3 letters to search case notes".into(),
        ));
    }
    let now = ctx.now();
    let found: Vec<Found> = ctx
        .db()
        .search(&Search::Notes(q.to_owned()), ctx.actor, now, 50)
        .await?
        .into_iter()
        .filter(|f| authorize(ctx.actor, Action::View, &f.access, now).is_allowed())
        .collect();
    let detail = format!("{} results", found.len());
    let shown: Vec<ChildId> = found.iter().map(|f| f.child).collect();
    audit_list(ctx, "search_notes", Some(&detail), &shown).await?;
    Ok(found)
}
