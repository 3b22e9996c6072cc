//! Pre-proceedings under the Public Law Outline: the decision at a legal
//! planning meeting, the letter before proceedings with its offer of a
//! family group decision-making meeting (Children Act 1989 s.31ZA, from the
//! Children's Wellbeing and Schools Act 2026), the meetings, and the
//! decision that ends them: step up to proceedings (the application to
//! court and the letter of issue follow) or step down.
//!
//! Decided once for a family (the letter goes to the parents of all the
//! children on the plan), from its own stream of random numbers, so adding
//! it moved no other part of the authority's history.
//!
//! Rates and timings, with their sources:
//! - How often pre-proceedings end without proceedings: about a quarter of
//!   cases were diverted in Masson, Dickens, Bader and Young, "Partnership by
//!   law? The pre-proceedings process for families on the edge of care
//!   proceedings" (ESRC, 2013); in the Foundations/Coram randomised trial of
//!   family group conferences at pre-proceedings (2023), proceedings were
//!   issued for 59% of children whose families were referred for a
//!   conference and 72% of the others. The generator aims at one step down
//!   for every two periods that issue ([`STEP_DOWN_SHARE`]); the small
//!   profile comes out at about one period in four stepped down.
//! - How long: the Public Law Working Group's best practice guidance (2021)
//!   expects pre-proceedings to last no more than about 16 weeks; the letter
//!   follows the legal planning meeting within days and invites the parents
//!   to a meeting soon after (statutory guidance on court orders and
//!   pre-proceedings, DfE 2014), reviewed every four to six weeks.
//! - The offer and the meeting: the offer is a duty from 2026 unless it is
//!   not in the child's best interests (s.31ZA(3)); no national figure yet
//!   says how often that exception is used or how often the meeting is then
//!   held (the CIN census first collects both in 2026-27). Assumed: offered
//!   in 95% of letters, held after 65% of offers (the rest declined; a few
//!   not held in the child's interests).

use hearth_domain::events::{
    EventKind, FamilyGroupMeetingNotHeld, PreProceedingsDecision, PreProceedingsMeeting,
};

use crate::kid::{Day, Kid};
use crate::rng::Rng;

/// The share of pre-proceedings that end in a step down (see the module
/// documentation), as a fraction of those that go on to proceedings: one
/// step down for every two that issue.
pub(super) const STEP_DOWN_SHARE: f64 = 0.5;

/// Offered in the letter (assumed; see the module documentation).
const OFFERED: f64 = 0.95;
/// Held, once offered (assumed).
const HELD: f64 = 0.65;

/// One family's pre-proceedings, day by day.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    decided: Day,
    letter: Day,
    offered: bool,
    family_meeting: Option<(Day, Option<FamilyGroupMeetingNotHeld>)>,
    initial: Day,
    reviews: Vec<Day>,
    step: Day,
    decision: PreProceedingsDecision,
    /// The application to court and the letter of issue, after a decision
    /// to issue proceedings.
    court: Option<(Day, Day)>,
}

/// A plan from the decision on `from` to a step decision by `by` (the day
/// the child protection plan ends; the child comes into care then if
/// proceedings are issued).
pub(super) fn plan(rng: &mut Rng, from: Day, by: Day, decision: PreProceedingsDecision) -> Plan {
    let issue = decision == PreProceedingsDecision::IssueProceedings;
    // Leave room for the application and the letter of issue before `by`.
    let step = if issue {
        by - rng.range(5, 14)
    } else {
        by - rng.range(0, 7)
    };
    let step = step.max(from + 20);
    let letter = (from + rng.range(2, 10)).min(step - 10);
    let initial = (letter + rng.range(7, 15)).min(step - 5);
    let offered = rng.chance(OFFERED);
    let family_meeting = offered.then(|| {
        let on = (letter + rng.range(10, 35)).min(step - 1);
        let not_held = if rng.chance(HELD) {
            None
        } else if rng.chance(0.9) {
            Some(FamilyGroupMeetingNotHeld::Declined)
        } else {
            Some(FamilyGroupMeetingNotHeld::NotInChildsBestInterests)
        };
        (on.max(letter + 1), not_held)
    });
    let mut reviews = Vec::new();
    let mut on = initial + rng.range(28, 42);
    while on < step {
        reviews.push(on);
        on += rng.range(28, 42);
    }
    let court = issue.then(|| {
        let applied = (step + rng.range(1, 7)).min(by);
        (applied, (applied + rng.range(0, 2)).min(by))
    });
    Plan {
        decided: from,
        letter: letter.max(from + 1),
        offered,
        family_meeting,
        initial: initial.max(letter + 1),
        reviews,
        step,
        decision,
        court,
    }
}

/// Writes the plan into one child's ledger, by `worker`, if it ends by
/// `limit` (the end of the child's protection plan, which ends before they
/// turn 18): no care order is made for a child of 17 (Children Act 1989
/// s.31(3)), so pre-proceedings are not begun for a child who would be 18
/// before they end.
pub(super) fn emit(kid: &mut Kid, p: &Plan, worker: u32, limit: Day) {
    let last = p.court.map_or(p.step, |(_, letter)| letter);
    if last > limit {
        return;
    }
    kid.add(p.decided, worker, EventKind::PreProceedingsDecided);
    kid.add(
        p.letter,
        worker,
        EventKind::LetterBeforeProceedingsSent {
            family_group_meeting_offered: p.offered,
            not_offered_because: (!p.offered).then(|| {
                "A family meeting would expose the child's parent to the risk of domestic abuse"
                    .to_owned()
            }),
        },
    );
    kid.add(
        p.initial,
        worker,
        EventKind::PreProceedingsMeetingHeld {
            meeting: PreProceedingsMeeting::Initial,
        },
    );
    if let Some((on, not_held)) = p.family_meeting {
        let kind = match not_held {
            None => EventKind::FamilyGroupMeetingHeld,
            Some(reason) => EventKind::FamilyGroupMeetingNotHeld { reason },
        };
        kid.add(on, worker, kind);
    }
    for &on in &p.reviews {
        kid.add(
            on,
            worker,
            EventKind::PreProceedingsMeetingHeld {
                meeting: PreProceedingsMeeting::Review,
            },
        );
    }
    kid.add(
        p.step,
        worker,
        EventKind::PreProceedingsStepDecision {
            decision: p.decision,
        },
    );
    if let Some((applied, letter)) = p.court {
        kid.add(applied, worker, EventKind::CareProceedingsApplied);
        kid.add(letter, worker, EventKind::LetterOfIssueSent);
    }
}
