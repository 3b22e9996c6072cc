//! Recording an event in a child's ledger, and correcting one: amending or
//! voiding it with a reason.

use hearth_domain::access::{Action, Decision, Relationship, may_make};
use hearth_domain::events::{Event, EventId, EventKind, When};
use hearth_store::{Authorised, Child, ChildId, Outcome};

use crate::{AppError, Ctx, audit, decide_read, judgement};

/// Records an event. It is checked against the whole record; a
/// contradiction is refused with its problem list, nothing is written, and
/// the refusal is audited.
///
/// Who may record it is declared beside the event ([`EventKind::action`]);
/// an event that makes a relationship ([`EventKind::relationship`]) is
/// also checked by [`may_make`]: made only by a manager, naming an active
/// user with the right role. This is the one door for the pages, the API
/// and any other way in. On a restricted record, the user a relationship
/// names is given a grant in the same transaction, so nobody has a child on
/// their list that they cannot open; the grant of the user it replaces ends.
/// The owner an event gives an action, if it agrees one (or amends one).
fn action_owner(kind: &EventKind) -> Option<hearth_domain::keys::UserId> {
    match kind {
        EventKind::ActionAgreed { owner, .. } => Some(*owner),
        EventKind::Amended { event, .. } => action_owner(event),
        _ => None,
    }
}

/// Whether `owner` is an active user of a role that owns actions
/// ([`hearth_domain::catalogue::Chooses::ActionOwner`]) whom the access
/// policy lets view the child now. A break-glass grant does not count:
/// it is for an emergency, not for work that is planned.
async fn may_own_action(
    ctx: &Ctx<'_>,
    owner: hearth_domain::keys::UserId,
    child: &hearth_domain::access::ChildAccess,
) -> Result<bool, AppError> {
    let Some(actor) = ctx.db().actor(owner).await? else {
        return Ok(false);
    };
    if !hearth_domain::catalogue::Chooses::ActionOwner.may_be(actor.role) {
        return Ok(false);
    }
    let planned = hearth_domain::access::ChildAccess {
        grants: child
            .grants
            .iter()
            .filter(|g| !g.break_glass)
            .copied()
            .collect(),
        ..child.clone()
    };
    Ok(hearth_domain::access::authorize(&actor, Action::View, &planned, ctx.now()).is_allowed())
}

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
    let facts = db.child_access(child).await?;
    let (decision, mut outcome, mut detail) = judgement(ctx, facts.as_ref(), kind.action());
    let mut refusal = None;
    let relationship = kind.relationship();
    if let (true, Some(rel)) = (decision.is_allowed(), relationship) {
        refusal = relationship_refused(ctx, rel).await?;
    }
    // A supervisor is a manager who can be named, as the form lists them.
    let mut unnamed = None;
    if let (true, EventKind::Supervision { supervisor }) = (decision.is_allowed(), &kind) {
        let named = db.member(*supervisor).await?;
        if !named.is_some_and(|m| {
            m.active && hearth_domain::catalogue::Chooses::Supervisor.may_be(m.role)
        }) {
            unnamed = Some("supervisor: choose a team or service manager from the list");
        }
    }
    if unnamed.is_some() {
        outcome = Outcome::Refused;
        detail = "supervisor not a manager";
    }
    // A document comes with its file, through [`crate::attachments`].
    if hearth_domain::documents::needs_its_file(&kind) {
        unnamed = Some("type: a document is attached with its file, from the child's page");
        outcome = Outcome::Refused;
        detail = "document without its file";
    }
    // A relative's record is linked only by someone who may open it.
    let relative = match decision.is_allowed() {
        true => crate::family::relative_refused(ctx, child, &kind).await?,
        false => None,
    };
    if relative.is_some() {
        outcome = Outcome::Refused;
        detail = "relative's record not open to the recorder";
    }
    // An action's owner must be able to open the child, or it would sit on
    // a work page they cannot follow.
    if let (true, Some(owner), Some(child_facts)) =
        (decision.is_allowed(), action_owner(&kind), facts.as_ref())
        && !may_own_action(ctx, owner, child_facts).await?
    {
        unnamed = Some("owner: choose someone who may open this child's record");
        outcome = Outcome::Refused;
        detail = "action owner may not open the child";
    }
    // What is recorded has happened: nothing dated after now, whichever
    // way it comes in (the event's date, or an amendment's new date).
    let future = in_the_future(on, &kind, ctx.now());
    if future.is_some() {
        outcome = Outcome::Refused;
        detail = "dated in the future";
    }
    if refusal.is_some() {
        outcome = Outcome::Refused;
        detail = "relationship not allowed";
    }
    let mut tx = db.begin().await?;
    audit(ctx, &mut tx, &name, outcome, Some(child), Some(detail)).await?;
    let early = match (decision, refusal) {
        (Decision::NotFound, _) => Some(AppError::NotFound),
        (Decision::Forbidden, _) => Some(AppError::Forbidden),
        (Decision::Allowed(_), Some(r)) => Some(AppError::Invalid(r.to_string())),
        (Decision::Allowed(_), None) => match future {
            Some(r) => Some(AppError::Refused(r)),
            None => unnamed
                .or(relative)
                .map(|m| AppError::Invalid(m.to_owned())),
        },
    };
    if let Some(e) = early {
        tx.commit().await?;
        return Err(e);
    }
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
            let restricted = facts.as_ref().is_some_and(|f| f.restricted.is_some());
            if let (Some(rel), true) = (relationship, restricted) {
                let user = rel.user();
                if db
                    .relationship_grant(&mut tx, child, rel.kind(), user, ctx.user(), ctx.now())
                    .await?
                {
                    let detail = format!("restricted record: {} relationship", rel.kind());
                    audit(
                        ctx,
                        &mut tx,
                        "grant",
                        Outcome::Allowed,
                        Some(child),
                        Some(&detail),
                    )
                    .await?;
                }
            }
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

/// The refusal of an event dated after `now` (or amending one to a date
/// after it), against its date field.
fn in_the_future(
    on: When,
    kind: &EventKind,
    now: jiff::Timestamp,
) -> Option<hearth_domain::record::Refusal> {
    use hearth_domain::record::{Problem, Refusal, Refused};
    let amended_to = match kind {
        EventKind::Amended { on: Some(to), .. } => Some(*to),
        _ => None,
    };
    let problems: Vec<Problem> = std::iter::once(on)
        .chain(amended_to)
        .filter_map(|when| hearth_domain::london::not_in_future(when, now).err())
        .map(|message| Problem {
            event: EventId::default(),
            refused: Refused::Value {
                field: hearth_domain::record::DATE_FIELD,
                message,
            },
        })
        .collect();
    (!problems.is_empty()).then_some(Refusal { problems })
}

/// Why the actor may not make `rel`, if they may not: the user or team it
/// names is looked up, and the domain decides.
async fn relationship_refused(
    ctx: &Ctx<'_>,
    rel: Relationship,
) -> Result<Option<hearth_domain::access::RelationshipRefusal>, AppError> {
    let db = ctx.db();
    let named = match rel.user() {
        Some(user) => db.member(user).await?,
        None => None,
    };
    let team_exists = match rel {
        Relationship::Team { team } => db.team_name(team).await?.is_some(),
        _ => false,
    };
    Ok(may_make(ctx.actor, rel, named.as_ref(), team_exists).err())
}

/// A child and their ledger, for the pages that add to it.
#[derive(Debug, Clone)]
pub struct LedgerView {
    pub child: Child,
    pub events: Vec<Event>,
    /// Names for everyone the ledger mentions.
    pub people: crate::people::People,
    /// The active users a form may name (an IRO, an adviser, a supervisor),
    /// each with their role and "name, role, team".
    pub choosable: Vec<Choosable>,
}

/// A user a form may name.
#[derive(Debug, Clone)]
pub struct Choosable {
    pub user: hearth_domain::keys::UserId,
    pub role: hearth_domain::access::Role,
    pub label: String,
}

/// Every active user, by name, role and team, for the forms' lists.
async fn choosable(db: &hearth_store::Db) -> Result<Vec<Choosable>, AppError> {
    let teams: std::collections::HashMap<_, _> = db
        .teams()
        .await?
        .into_iter()
        .map(|t| (t.id, t.name))
        .collect();
    let mut users: Vec<Choosable> = db
        .users()
        .await?
        .into_iter()
        .filter(|u| u.active)
        .map(|u| Choosable {
            user: u.id,
            role: u.role,
            label: crate::people::described(
                &u.display_name,
                u.role,
                u.team.and_then(|t| teams.get(&t)).map(String::as_str),
            ),
        })
        .collect();
    users.sort_by(|a, b| a.label.cmp(&b.label));
    Ok(users)
}

/// Opens a child's record for the forms that record an event on it:
/// audited as a view; a user who may see the record but not record on it
/// is refused, rather than shown forms they cannot send.
pub async fn for_recording(ctx: &Ctx<'_>, child: ChildId) -> Result<LedgerView, AppError> {
    let open = decide_read(ctx, child, Action::Record, "view_record_forms").await?;
    ledger(ctx, &open).await
}

async fn ledger(ctx: &Ctx<'_>, child: &Authorised) -> Result<LedgerView, AppError> {
    let db = ctx.db();
    let events = db.events(child).await?;
    Ok(LedgerView {
        child: db.child(child).await?.ok_or(AppError::NotFound)?,
        people: crate::people::People::named_in(db, &events, []).await?,
        choosable: choosable(db).await?,
        events,
    })
}

/// Opens a child's ledger to amend or void one of its events. Audited as a
/// view; a user who may see the record but not correct it is refused.
pub async fn for_correction(ctx: &Ctx<'_>, child: ChildId) -> Result<LedgerView, AppError> {
    let open = decide_read(ctx, child, Action::Correct, "view_for_correction").await?;
    ledger(ctx, &open).await
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
/// (`docs/architecture.md`, "The ledger"). The replacement
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
