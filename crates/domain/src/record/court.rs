//! Court and other duties: pre-proceedings under the Public Law Outline,
//! private fostering, and allegations against adults who work with
//! children (the LADO).

use serde::Serialize;

use super::{ChildRecord, Mark, Refused, require};
use crate::events::EventKind;

/// Pre-proceedings in brief: when they began and ended, and whether
/// proceedings were issued. The full history, item by item, is
/// [`super::proceedings::PreProceedingsPeriod`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PreProceedings {
    pub started: Mark,
    pub concluded: Option<Mark>,
    pub proceedings_issued: Option<bool>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PrivateFostering {
    pub notified: Mark,
    pub ended: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Allegation {
    pub received: Mark,
    pub lado_referral: Option<Mark>,
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_court(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        match kind {
            K::PreProceedingsStarted
            | K::PreProceedingsConcluded { .. }
            | K::PreProceedingsDecided
            | K::LetterBeforeProceedingsSent { .. }
            | K::FamilyGroupMeetingHeld
            | K::FamilyGroupMeetingNotHeld { .. }
            | K::PreProceedingsMeetingHeld { .. }
            | K::PreProceedingsStepDecision { .. }
            | K::CareProceedingsApplied
            | K::LetterOfIssueSent => return self.apply_pre_proceedings(kind, mark),
            K::PrivateFosteringNotified => {
                require(
                    self.private_fostering
                        .last()
                        .is_none_or(|p| p.ended.is_some()),
                    || {
                        Refused::record(format!(
                            "private fostering notified on {on}, but an arrangement is already open"
                        ))
                    },
                )?;
                self.private_fostering.push(PrivateFostering {
                    notified: mark,
                    ended: None,
                });
            }
            K::PrivateFosteringEnded => {
                let p = self
                    .private_fostering
                    .last_mut()
                    .filter(|p| p.ended.is_none())
                    .ok_or_else(|| {
                        Refused::record(format!(
                            "private fostering ended on {on}, but no arrangement is open"
                        ))
                    })?;
                p.ended = Some(mark);
            }
            K::AllegationReceived => self.allegations.push(Allegation {
                received: mark,
                lado_referral: None,
            }),
            K::LadoReferralMade { allegation } => {
                let a = self
                .allegations
                .iter_mut()
                .find(|a| a.received.event == *allegation)
                .ok_or_else(|| Refused::reference("allegation", format!("LADO referral for allegation {allegation}, which is not an allegation in this record")))?;
                require(a.lado_referral.is_none(), || {
                    Refused::reference(
                        "allegation",
                        format!("allegation {allegation} has already been referred to the LADO"),
                    )
                })?;
                a.lado_referral = Some(mark);
            }

            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }
}
