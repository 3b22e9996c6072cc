//! Permanence and adoption: from the agency decision maker's decision to
//! an adoption order or a reversal (Adoption Agencies Regulations 2005;
//! SSDA903 `PlacedAdoption` and `AD1`).

use jiff::civil::Date;
use serde::Serialize;

use super::{ChildRecord, Mark, Refused, require};
use crate::codes::ReasonDecisionReversed;
use crate::events::EventKind;

/// One adoption plan, from the ADM decision to an order or a reversal.
#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct AdoptionPlan {
    pub decision: Option<Mark>,
    pub placement_order: Option<Mark>,
    pub matched: Option<Mark>,
    pub placed: Option<Mark>,
    pub adoption_order: Option<Mark>,
    pub reversed: Option<Mark>,
    pub reversal_reason: Option<ReasonDecisionReversed>,
}

impl AdoptionPlan {
    pub fn is_open(&self) -> bool {
        self.adoption_order.is_none() && self.reversed.is_none()
    }
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_adoption(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        match kind {
            K::AdoptionDecision => {
                require(self.adoption.last().is_none_or(|a| !a.is_open()), || {
                    Refused::record(format!(
                        "adoption decision on {on}, but an adoption plan is already open"
                    ))
                })?;
                self.adoption.push(AdoptionPlan {
                    decision: Some(mark),
                    ..AdoptionPlan::default()
                });
            }
            K::PlacementOrderGranted => {
                self.open_adoption_mut("placement order", on)?
                    .placement_order = Some(mark)
            }
            K::Matched {
                number_of_adopters, ..
            } => {
                require(matches!(number_of_adopters, 1 | 2), || {
                    Refused::value(
                        "number_of_adopters",
                        format!("number of adopters is {number_of_adopters}; it must be 1 or 2"),
                    )
                })?;
                self.open_adoption_mut("match", on)?.matched = Some(mark);
            }
            K::PlacedForAdoption => {
                self.open_adoption_mut("placed for adoption", on)?.placed = Some(mark)
            }
            K::AdoptionOrderGranted => {
                self.open_adoption_mut("adoption order", on)?.adoption_order = Some(mark)
            }
            K::AdoptionDecisionReversed { reason } => {
                let a = self.open_adoption_mut("adoption decision reversed", on)?;
                a.reversed = Some(mark);
                a.reversal_reason = Some(*reason);
            }

            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }

    fn open_adoption_mut(&mut self, what: &str, on: Date) -> Result<&mut AdoptionPlan, Refused> {
        self.adoption
            .last_mut()
            .filter(|a| a.is_open())
            .ok_or_else(|| Refused::record(format!("{what} on {on}, but there is no open adoption plan (record the agency decision first)")))
    }
}
