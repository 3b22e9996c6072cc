//! Corrections: an [`EventKind::Amended`] replaces its target's content
//! (and date, if given), an [`EventKind::Voided`] withdraws it. Both need a
//! reason, and both stay in the ledger, so what was known when is never
//! lost. They apply before the fold, whenever they were recorded.

use std::collections::HashMap;

use super::{Problem, Refused};
use crate::events::{Event, EventId, EventKind, When};

/// A fact after corrections: its effective date and content.
pub(super) struct Fact<'a> {
    pub(super) id: EventId,
    pub(super) on: When,
    pub(super) recorded_at: jiff::Timestamp,
    pub(super) kind: &'a EventKind,
}

pub(super) fn check_unique_ids(events: &[&Event], problems: &mut Vec<Problem>) {
    // Ledgers are usually in id order; only sort when they are not.
    if events.windows(2).all(|w| w[0].id < w[1].id) {
        return;
    }
    let mut ids: Vec<EventId> = events.iter().map(|e| e.id).collect();
    ids.sort_unstable();
    for w in ids.windows(2) {
        if w[0] == w[1] && problems.last().is_none_or(|p| p.event != w[0]) {
            problems.push(Problem {
                event: w[0],
                refused: Refused::DuplicateId,
            });
        }
    }
}

/// One event of the ledger as now known: corrections applied.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Corrected<'a> {
    /// The event as recorded.
    pub event: &'a Event,
    /// When it happened, as corrected.
    pub on: When,
    /// What happened, as corrected.
    pub kind: &'a EventKind,
    /// Whether an amendment changed it.
    pub amended: bool,
}

/// The ledger as it stood at `known_at`: events recorded later, and
/// corrections made later, left out. What a court, a review or a complaint
/// asks: what did the service know, and when? Fold or correct the result
/// as any ledger.
pub fn as_known_at(events: &[Event], known_at: jiff::Timestamp) -> Vec<Event> {
    events
        .iter()
        .filter(|e| e.recorded_at <= known_at)
        .cloned()
        .collect()
}

/// The ledger as now known, for chronologies and returns: amendments
/// applied, voided events and the corrections themselves left out, in the
/// order things happened. Corrections that do not apply are ignored here;
/// the fold refuses them.
pub fn corrected(events: &[Event]) -> Vec<Corrected<'_>> {
    let refs: Vec<&Event> = events.iter().collect();
    let mut ignored = Vec::new();
    let facts = apply_corrections(&refs, &mut ignored);
    let by_id: HashMap<EventId, &Event> = events.iter().map(|e| (e.id, e)).collect();
    let mut out: Vec<Corrected<'_>> = facts
        .iter()
        .filter_map(|f| {
            let event = *by_id.get(&f.id)?;
            let amended = f.on != event.on || !std::ptr::eq(f.kind, &event.event);
            Some(Corrected {
                event,
                on: f.on,
                kind: f.kind,
                amended,
            })
        })
        .collect();
    out.sort_by_key(|c| (c.on.datetime(), c.event.recorded_at, c.event.id));
    out
}

pub(super) fn apply_corrections<'a>(
    events: &[&'a Event],
    problems: &mut Vec<Problem>,
) -> Vec<Fact<'a>> {
    let mut facts: Vec<Fact<'a>> = events
        .iter()
        .filter(|e| !e.event.is_correction())
        .map(|e| Fact {
            id: e.id,
            on: e.on,
            recorded_at: e.recorded_at,
            kind: &e.event,
        })
        .collect();
    let mut corrections: Vec<&Event> = events
        .iter()
        .copied()
        .filter(|e| e.event.is_correction())
        .collect();
    if corrections.is_empty() {
        return facts;
    }
    corrections.sort_by_key(|e| (e.recorded_at, e.id));
    let index: HashMap<EventId, usize> = facts.iter().enumerate().map(|(i, f)| (f.id, i)).collect();
    let is_correction: HashMap<EventId, ()> = corrections.iter().map(|e| (e.id, ())).collect();
    let mut voided = vec![false; facts.len()];
    for c in corrections {
        let (target, reason) = match &c.event {
            EventKind::Amended { target, reason, .. } | EventKind::Voided { target, reason } => {
                (*target, reason)
            }
            _ => continue,
        };
        let what = c.event.name().to_lowercase();
        if reason.trim().is_empty() {
            problems.push(Problem {
                event: c.id,
                refused: Refused::correction("reason", format!("{what}: a reason is required")),
            });
            continue;
        }
        let Some(&i) = index.get(&target) else {
            let message = if is_correction.contains_key(&target) {
                format!("{what}: event {target} is itself a correction; correct the original event")
            } else {
                format!("{what}: there is no event {target} in this record")
            };
            problems.push(Problem {
                event: c.id,
                refused: Refused::correction("target", message),
            });
            continue;
        };
        if voided[i] {
            problems.push(Problem {
                event: c.id,
                refused: Refused::correction(
                    "target",
                    format!("{what}: event {target} has already been voided"),
                ),
            });
            continue;
        }
        match &c.event {
            EventKind::Voided { .. } => voided[i] = true,
            EventKind::Amended { on, event, .. } => {
                if std::mem::discriminant(event.as_ref()) != std::mem::discriminant(facts[i].kind) {
                    problems.push(Problem {
                        event: c.id,
                        refused: Refused::correction(
                            "target",
                            format!(
                                "amended: event {target} is a {}, and an amendment cannot make it a {}; void it and record the right event",
                                facts[i].kind.name(),
                                event.name()
                            ),
                        ),
                    });
                    continue;
                }
                facts[i].kind = event.as_ref();
                if let Some(on) = on {
                    facts[i].on = *on;
                }
            }
            _ => {}
        }
    }
    let mut keep = voided.iter().map(|v| !v);
    facts.retain(|_| keep.next().unwrap_or(true));
    facts
}
