//! The child's family as other records see it: a relative who is also a
//! child in Hearth is named, and linked, only to a viewer the access
//! policy opens that child's record to; and only a recorder who may open
//! that record can link it.

use std::collections::HashMap;

use hearth_domain::access::{Action, authorize};
use hearth_domain::events::EventKind;
use hearth_store::ChildId;

use crate::{AppError, Ctx};

/// The message for a relative's record the recorder may not link: the
/// same whether it does not exist or is not open to them, so a refusal
/// does not say that a record exists.
pub const NOT_OPEN: &str =
    "relative: there is no child's record with that number that you may open";

/// The relative's record an event links, if it links one (an amendment:
/// the one its replacement links).
fn linked(kind: &EventKind) -> Option<ChildId> {
    match kind {
        EventKind::FamilyMemberRecorded { relative, .. } => *relative,
        EventKind::Amended { event, .. } => linked(event),
        _ => None,
    }
}

/// Why the actor may not record `kind` on `child`'s record, if it links a
/// relative's record they may not: the child itself, or a record the
/// access policy does not open to them to view.
pub(crate) async fn relative_refused(
    ctx: &Ctx<'_>,
    child: ChildId,
    kind: &EventKind,
) -> Result<Option<&'static str>, AppError> {
    let Some(relative) = linked(kind) else {
        return Ok(None);
    };
    if relative == child {
        return Ok(Some(
            "relative: that is this child's own record; give their brother's, sister's or other relative's",
        ));
    }
    let open = match ctx.db().child_access(relative).await? {
        Some(facts) => authorize(ctx.actor, Action::View, &facts, ctx.now()).is_allowed(),
        None => false,
    };
    Ok((!open).then_some(NOT_OPEN))
}

/// The names of the relatives' records the viewer may open, by record:
/// each decided by the access policy on its own facts now, and audited
/// as shown on the child's page before it is returned (no audit row, no
/// name). A relative not in the map is shown with neither name nor link.
pub async fn relative_names(
    ctx: &Ctx<'_>,
    child: ChildId,
    relatives: impl Iterator<Item = ChildId>,
) -> Result<HashMap<ChildId, String>, AppError> {
    let open = crate::children::openable(ctx, relatives.filter(|r| *r != child)).await?;
    if open.is_empty() {
        return Ok(HashMap::new());
    }
    let detail = format!("relatives of child {child}");
    crate::children::audit_list(ctx, "view_relatives", Some(&detail), &open).await?;
    Ok(ctx
        .db()
        .child_names(&open)
        .await?
        .into_iter()
        .map(|n| (n.child, format!("{} {}", n.given_name, n.family_name)))
        .collect())
}
