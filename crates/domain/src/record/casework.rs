//! Work on the case: visits at every stage, allocation, management
//! oversight, supervision, case notes and documents attached.

use serde::Serialize;

use super::{ChildRecord, Mark, Refused, require};
use crate::codes::SocialWorkerChangeReason;
use crate::events::{EventKind, VisitKind};
use crate::keys::{TeamId, UserId};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Visit {
    pub mark: Mark,
    pub kind: VisitKind,
    pub child_seen: bool,
    pub seen_alone: bool,
}

/// An action agreed for the child: what, by whom, by when, and when it was
/// done.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AgreedAction {
    pub mark: Mark,
    pub what: String,
    pub owner: UserId,
    pub due: jiff::civil::Date,
    pub done: Option<Mark>,
}

/// The worker's own words in one event ([`EventKind::write_up`]), joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteUp {
    pub mark: Mark,
    pub text: String,
}

/// One social worker's time as the child's allocated worker (SSDA903
/// social worker episodes: `SW_DECOM`, `SW_DEC`, `SW_REASON`; the worker's
/// Social Work England number, `SW_ID`, is kept with the user). It ends
/// when another worker is allocated, or the child is allocated to a team to
/// await one.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SocialWorkerEpisode {
    pub worker: UserId,
    pub team: TeamId,
    pub started: Mark,
    pub ended: Option<Mark>,
    /// Why the worker changed to this one, as recorded with the allocation.
    pub reason: Option<SocialWorkerChangeReason>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allocation {
    pub mark: Mark,
    /// None while the child awaits a worker in the team.
    pub worker: Option<UserId>,
    pub team: TeamId,
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_casework(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        match kind {
            K::VisitMade {
                visit,
                child_seen,
                seen_alone,
                ..
            } => {
                super::seen_alone_only_if_seen(*child_seen, *seen_alone)?;
                self.visits.push(Visit {
                    mark,
                    kind: *visit,
                    child_seen: *child_seen,
                    seen_alone: *seen_alone,
                });
            }

            K::Allocated {
                worker,
                team,
                reason,
            } => {
                self.allocation = Some(Allocation {
                    mark,
                    worker: Some(*worker),
                    team: *team,
                });
                self.change_social_worker(mark, Some((*worker, *team, *reason)));
            }
            K::AllocatedToTeam { team } => {
                self.allocation = Some(Allocation {
                    mark,
                    worker: None,
                    team: *team,
                });
                self.change_social_worker(mark, None);
            }
            K::ManagementOversight {
                decision,
                rationale,
            } => {
                require(!decision.trim().is_empty(), || {
                    Refused::value("decision", "management oversight needs the decision")
                })?;
                require(!rationale.trim().is_empty(), || {
                    Refused::value(
                        "rationale",
                        "management oversight needs the rationale for the decision",
                    )
                })?;
                self.management_oversight.push(mark);
            }
            K::Supervision { .. } => self.supervision.push(mark),
            K::CaseNote { text, .. } => {
                require(!text.trim().is_empty(), || {
                    Refused::value("text", "a case note needs text")
                })?;
                self.case_notes.push(mark);
            }
            K::DocumentAttached {
                title,
                sha256,
                size,
                ..
            } => {
                require(!title.trim().is_empty(), || {
                    Refused::value("title", "a document needs a title")
                })?;
                require(crate::documents::is_sha256(sha256), || {
                    Refused::value("sha256", "a document's SHA-256 is 64 hexadecimal digits")
                })?;
                require(*size > 0, || {
                    Refused::value("size", "a document cannot be empty")
                })?;
            }
            K::ActionAgreed { what, owner, due } => {
                require(!what.trim().is_empty(), || {
                    Refused::value("what", "an action needs what is to be done")
                })?;
                require(*due >= mark.date(), || {
                    Refused::value(
                        "due",
                        format!(
                            "an action cannot be due before it is agreed, on {}",
                            mark.date()
                        ),
                    )
                })?;
                self.actions.push(AgreedAction {
                    mark,
                    what: what.clone(),
                    owner: *owner,
                    due: *due,
                    done: None,
                });
            }
            K::ActionDone { action } => {
                let on = mark.date();
                let agreed = self
                    .actions
                    .iter_mut()
                    .find(|a| a.mark.event == *action)
                    .ok_or_else(|| {
                        Refused::value(
                            "action",
                            format!("no action {action} was agreed for this child by {on}"),
                        )
                    })?;
                require(agreed.done.is_none(), || {
                    Refused::value("action", "that action is already done")
                })?;
                agreed.done = Some(mark);
            }
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }

    /// Ends the open social worker episode unless the same worker goes on
    /// (a move of team is not a change of worker), and opens the next.
    pub(super) fn change_social_worker(
        &mut self,
        mark: Mark,
        next: Option<(UserId, TeamId, Option<SocialWorkerChangeReason>)>,
    ) {
        let open = self
            .social_worker_episodes
            .last_mut()
            .filter(|e| e.ended.is_none());
        if let (Some(open), Some((worker, team, _))) = (&open, next)
            && open.worker == worker
        {
            if let Some(e) = self.social_worker_episodes.last_mut() {
                e.team = team;
            }
            return;
        }
        if let Some(open) = open {
            open.ended = Some(mark);
        }
        if let Some((worker, team, reason)) = next {
            self.social_worker_episodes.push(SocialWorkerEpisode {
                worker,
                team,
                started: mark,
                ended: None,
                reason,
            });
        }
    }

    /// Visits where the child is recorded as seen before they were born: a
    /// visit before birth (to an expectant parent, for an unborn child's
    /// plan) is real work, but the child cannot have been seen at it.
    pub(super) fn seen_before_birth(&self) -> Vec<super::Problem> {
        let Some(born) = self.date_of_birth else {
            return Vec::new();
        };
        self.visits
            .iter()
            .filter(|v| v.child_seen && v.mark.date() < born)
            .map(|v| super::Problem {
                event: v.mark.event,
                refused: Refused::value(
                    "child_seen",
                    format!(
                        "the child cannot have been seen on {}: they were born on {born}",
                        v.mark.date()
                    ),
                ),
            })
            .collect()
    }
}
