//! Protection: strategy discussions, section 47 enquiries, child protection
//! conferences and plans (Children Act 1989 s47; Working Together 2023,
//! chapter 4).

use jiff::civil::Date;
use serde::Serialize;

use super::{ChildRecord, Mark, Refused, require};
use crate::codes::CategoryOfAbuse;
use crate::events::{Agency, EventId, EventKind};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StrategyDiscussion {
    /// The decision that the section 47 threshold may be met.
    pub needed: Option<Mark>,
    pub held: Option<Mark>,
    pub attendance: Vec<Agency>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Section47Enquiry {
    pub started: Mark,
    pub concluded: Option<Mark>,
    pub icpc_required: Option<bool>,
    pub initial_conference: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProtectionPlan {
    pub started: Mark,
    pub ended: Option<Mark>,
    /// The initial conference that made the plan.
    pub initial_conference: Mark,
    pub initial_category: CategoryOfAbuse,
    pub latest_category: CategoryOfAbuse,
    pub review_conferences: Vec<Mark>,
    pub core_groups: Vec<Mark>,
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_protection(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        match kind {
            K::StrategyDiscussionNeeded => {
                let ep = self.open_episode_mut("strategy discussion needed", on)?;
                ep.strategy_discussions.push(StrategyDiscussion {
                    needed: Some(mark),
                    held: None,
                    attendance: Vec::new(),
                });
            }
            K::StrategyDiscussionHeld { attendance } => {
                let ep = self.open_episode_mut("strategy discussion", on)?;
                match ep
                    .strategy_discussions
                    .iter_mut()
                    .find(|s| s.held.is_none())
                {
                    Some(s) => {
                        s.held = Some(mark);
                        s.attendance.clone_from(attendance);
                    }
                    None => ep.strategy_discussions.push(StrategyDiscussion {
                        needed: None,
                        held: Some(mark),
                        attendance: attendance.clone(),
                    }),
                }
            }
            K::Section47Started => {
                let ep = self.open_episode_mut("section 47 enquiry started", on)?;
                require(ep.section47s.iter().all(|s| s.concluded.is_some()), || {
                    Refused::record(format!(
                        "section 47 enquiry started on {on}, but another is still open"
                    ))
                })?;
                ep.section47s.push(Section47Enquiry {
                    started: mark,
                    concluded: None,
                    icpc_required: None,
                    initial_conference: None,
                });
            }
            K::Section47Concluded { icpc_required } => {
                let ep = self.open_episode_mut("section 47 enquiry concluded", on)?;
                let s = ep
                    .section47s
                    .iter_mut()
                    .find(|s| s.concluded.is_none())
                    .ok_or_else(|| {
                        Refused::record(format!(
                            "section 47 enquiry concluded on {on}, but none is open"
                        ))
                    })?;
                s.concluded = Some(mark);
                s.icpc_required = Some(*icpc_required);
            }
            K::InitialConferenceHeld { plan, .. } => {
                let ep = self.open_episode_mut("initial child protection conference", on)?;
                let s = ep
                .section47s
                .iter_mut()
                .rev()
                .find(|s| s.initial_conference.is_none() && s.icpc_required != Some(false))
                .ok_or_else(|| Refused::record(format!("initial child protection conference on {on}, but no section 47 enquiry is waiting for one")))?;
                s.initial_conference = Some(mark);
                ep.initial_conferences.push((mark, *plan));
            }
            K::ProtectionPlanStarted { category } => {
                let ep = self.open_episode_mut("child protection plan started", on)?;
                require(ep.open_protection_plan().is_none(), || {
                    Refused::record(format!(
                        "child protection plan started on {on}, but a plan is already open; end it first"
                    ))
                })?;
                let used: Vec<EventId> = ep
                    .protection_plans
                    .iter()
                    .map(|p| p.initial_conference.event)
                    .collect();
                let icpc = ep
                .initial_conferences
                .iter()
                .rev()
                .find(|(m, plan)| *plan && !used.contains(&m.event))
                .map(|(m, _)| *m)
                .ok_or_else(|| Refused::record(format!("child protection plan started on {on} without an initial conference that decided on a plan")))?;
                ep.protection_plans.push(ProtectionPlan {
                    started: mark,
                    ended: None,
                    initial_conference: icpc,
                    initial_category: *category,
                    latest_category: *category,
                    review_conferences: Vec::new(),
                    core_groups: Vec::new(),
                });
            }
            K::ReviewConferenceHeld { category, .. } => {
                let plan = self.open_plan_mut("review conference", on)?;
                plan.review_conferences.push(mark);
                if let Some(c) = category {
                    plan.latest_category = *c;
                }
            }
            K::CoreGroupHeld => self.open_plan_mut("core group", on)?.core_groups.push(mark),
            K::ProtectionPlanEnded => {
                self.open_plan_mut("child protection plan ended", on)?.ended = Some(mark)
            }
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }

    fn open_plan_mut(&mut self, what: &str, on: Date) -> Result<&mut ProtectionPlan, Refused> {
        let ep = self.open_episode_mut(what, on)?;
        ep.protection_plans
            .iter_mut()
            .find(|p| p.ended.is_none())
            .ok_or_else(|| {
                Refused::record(format!(
                    "{what} on {on}, but no child protection plan is open then"
                ))
            })
    }
}
