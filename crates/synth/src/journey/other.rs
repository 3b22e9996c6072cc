//! What happens outside an episode of need: contacts screened out at the
//! front door, private fostering, and a few deliberate corrections.

use hearth_domain::codes::SocialWorkerChangeReason;
use hearth_domain::events::{ContactOutcome, EventKind, VisitKind};

use super::{Ctx, SOURCES, allocate, next_after};
use crate::kid::{Day, Kid};
use crate::workforce::TeamKind;

/// A family known only at the front door: a contact screened out, to advice
/// or to early help.
pub fn front_door_only(ctx: &mut Ctx<'_>, kid: &mut Kid, on: Day) {
    let worker = ctx.workforce.allocate(TeamKind::FrontDoor).0;
    let source = kid.rng.weighted(SOURCES);
    let Some(contact) = kid.add(on, worker, EventKind::ContactReceived { source }) else {
        return;
    };
    let outcome = kid.rng.weighted(&[
        (ContactOutcome::NoFurtherAction, 45),
        (ContactOutcome::AdviceAndInformation, 30),
        (ContactOutcome::EarlyHelp, 25),
    ]);
    let decided = ctx
        .days
        .add_working(on, if kid.rng.chance(0.9) { 1 } else { 2 });
    kid.add(
        decided.min(kid.as_at()),
        worker,
        EventKind::ContactDecision { contact, outcome },
    );
    if outcome == ContactOutcome::EarlyHelp {
        let on = decided + kid.rng.range(5, 30);
        kid.add(on, worker, EventKind::EarlyHelpAssessment);
    }
}

/// A private fostering arrangement notified to the authority, with its
/// visits (Children (Private Arrangements for Fostering) Regulations 2005).
pub fn private_fostering(ctx: &mut Ctx<'_>, kid: &mut Kid, on: Day) {
    let (w, t) = ctx.workforce.allocate(TeamKind::ChildProtection);
    allocate(kid, on, w, t, SocialWorkerChangeReason::FCONTA);
    kid.add(on, w, EventKind::PrivateFosteringNotified);
    let end = on + 120 + kid.rng.range(0, 500);
    let mut v = ctx.days.add_working(on, kid.rng.range(2, 8));
    while v < end && v <= kid.as_at() {
        let seen_alone = kid.rng.chance(0.6);
        kid.add(
            v,
            w,
            EventKind::VisitMade {
                seen_and_heard: None,
                analysis: None,
                visit: VisitKind::PrivateFostering,
                child_seen: true,
                seen_alone,
                child_views: None,
            },
        );
        v = next_after(&mut kid.rng, v, 42, 0.1);
    }
    kid.add(end, w, EventKind::PrivateFosteringEnded);
}

/// A few deliberate corrections, to show amendments and voiding.
pub fn correction(kid: &mut Kid) {
    let last_visit = kid.events.iter().rev().find_map(|e| match &e.event {
        EventKind::VisitMade {
            visit,
            child_seen,
            seen_alone,
            ..
        } => Some((e.id, e.on, *visit, *child_seen, *seen_alone)),
        _ => None,
    });
    if let Some((target, on, visit, child_seen, seen_alone)) = last_visit {
        let d = crate::kid::day(on.date());
        let by = kid.worker;
        kid.add(
            d.min(kid.as_at()),
            by,
            EventKind::Amended {
                target,
                reason: "The child's views were left out when the visit was first recorded".into(),
                on: None,
                event: Box::new(EventKind::VisitMade {
                    seen_and_heard: None,
                    analysis: None,
                    visit,
                    child_seen,
                    seen_alone,
                    child_views: Some(
                        "Said things are calmer at home and wants to keep seeing their nan.".into(),
                    ),
                }),
            },
        );
        if let Some(note) = kid.add(
            d.min(kid.as_at()),
            by,
            EventKind::CaseNote {
                text: "Telephone call with school about attendance.".into(),
                significant: false,
            },
        ) {
            kid.add(
                d.min(kid.as_at()),
                by,
                EventKind::Voided {
                    target: note,
                    reason: "Recorded on the wrong child's file".into(),
                },
            );
        }
    }
}
