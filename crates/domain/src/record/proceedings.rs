//! Pre-proceedings under the Public Law Outline, with the family group
//! decision-making meeting the Children Act 1989 s.31ZA (Children's
//! Wellbeing and Schools Act 2026) requires the authority to offer, in the
//! letter before proceedings, before it applies for a care or supervision
//! order.
//!
//! Each period runs from the decision to enter pre-proceedings to the
//! decision that ends it, and keeps the application to court and the letter
//! of issue that follow a decision to issue proceedings. Each field is one
//! item of the CIN census 2026-27 `PreProceedingsandFGDM` module, kept with
//! the episode of need it belongs to ([`PreProceedingsPeriod::episode`]).
//!
//! Older ledgers: [`EventKind::PreProceedingsStarted`] was recorded when the
//! letter before proceedings was sent, before the decision and the letter
//! were told apart. It is read as both on its date: the decision
//! (`PPStartDate`) and the letter (`LBPSentDate`), with the offer of a
//! family group decision-making meeting unknown (`FGDMMeetingOffer` left
//! blank, not false: the record does not say). It is marked
//! [`PreProceedingsPeriod::recorded_as_one_step`].
//! [`EventKind::PreProceedingsConcluded`] is read as the step decision on
//! its date: to issue proceedings if `proceedings_issued`, otherwise to step
//! down. The summary [`ChildRecord::pre_proceedings`] is kept for both.

use serde::Serialize;

use super::{ChildRecord, EpisodeOfNeed, Mark, PreProceedings, Refused, require};
use crate::events::{
    EventId, EventKind, FamilyGroupMeetingNotHeld, PreProceedingsDecision, PreProceedingsMeeting,
};

/// What became of the family group decision-making meeting (CIN
/// `FGDMMeetingFac`, N00829).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FamilyGroupMeeting {
    pub mark: Mark,
    /// `None` when it was held.
    pub not_held: Option<FamilyGroupMeetingNotHeld>,
}

impl FamilyGroupMeeting {
    pub fn held(&self) -> bool {
        self.not_held.is_none()
    }
}

/// The decision that ended pre-proceedings (CIN `StepDecisionDate` N00832,
/// `PPOutcome` N00833 by [`PreProceedingsDecision::cin_code`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StepDecision {
    pub mark: Mark,
    pub decision: PreProceedingsDecision,
}

/// One period of pre-proceedings: the CIN census 2026-27
/// `PreProceedingsandFGDM` module, item by item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreProceedingsPeriod {
    /// The referral (its event) that opened the episode of need open on the
    /// day of the decision: the `CINdetails` this module belongs to. `None`
    /// if no episode of need was open then.
    pub episode: Option<EventId>,
    /// The decision to enter pre-proceedings (`PPStartDate`, N00826).
    pub decided: Mark,
    /// The letter before proceedings (`LBPSentDate`, N00827).
    pub letter_before_proceedings: Option<Mark>,
    /// Whether the letter offered a family group decision-making meeting
    /// (`FGDMMeetingOffer`, N00828); `None` until the letter is recorded,
    /// and for letters recorded as [`EventKind::PreProceedingsStarted`].
    pub family_group_meeting_offered: Option<bool>,
    /// Why it was not offered (s.31ZA(3)), in the worker's words.
    pub not_offered_because: Option<String>,
    /// Held or not (`FGDMMeetingFac`, N00829).
    pub family_group_meeting: Option<FamilyGroupMeeting>,
    /// The first effective pre-proceedings meeting (`InitialPPMeetingDate`,
    /// N00830).
    pub initial_meeting: Option<Mark>,
    /// Review meetings after it; their number is `ReviewMeetingsCount`
    /// (N00831).
    pub review_meetings: Vec<Mark>,
    pub step_decision: Option<StepDecision>,
    /// The application to court (`CourtAppDate`, N00834).
    pub court_application: Option<Mark>,
    /// The letter of issue (`LetterInitCPDate`, N00835).
    pub letter_of_issue: Option<Mark>,
    /// Recorded with [`EventKind::PreProceedingsStarted`]: the decision and
    /// the letter are one fact of one date.
    pub recorded_as_one_step: bool,
}

impl PreProceedingsPeriod {
    /// Open until the decision that ends it.
    pub fn is_open(&self) -> bool {
        self.step_decision.is_none()
    }

    /// `FGDMMeetingFac`: whether the meeting was held, if that is known.
    pub fn family_group_meeting_held(&self) -> Option<bool> {
        self.family_group_meeting.map(|m| m.held())
    }

    /// `ReviewMeetingsCount`.
    pub fn review_meetings_count(&self) -> usize {
        self.review_meetings.len()
    }

    fn issues_proceedings(&self) -> bool {
        self.step_decision
            .is_some_and(|s| s.decision == PreProceedingsDecision::IssueProceedings)
    }
}

impl ChildRecord {
    /// The periods of pre-proceedings that belong to `episode` (CIN
    /// `CINdetails`), in date order.
    pub fn pre_proceedings_of<'a>(
        &'a self,
        episode: &'a EpisodeOfNeed,
    ) -> impl Iterator<Item = &'a PreProceedingsPeriod> + 'a {
        self.pre_proceedings_periods
            .iter()
            .filter(move |p| p.episode == Some(episode.referral.mark.event))
    }

    /// Pre-proceedings' part of the fold (called from the court stage).
    pub(super) fn apply_pre_proceedings(
        &mut self,
        kind: &EventKind,
        mark: Mark,
    ) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        match kind {
            K::PreProceedingsDecided => self.begin_pre_proceedings(mark, false)?,
            K::PreProceedingsStarted => self.begin_pre_proceedings(mark, true)?,
            K::LetterBeforeProceedingsSent {
                family_group_meeting_offered,
                not_offered_because,
            } => {
                let reason = not_offered_because
                    .as_deref()
                    .map(str::trim)
                    .filter(|r| !r.is_empty());
                require(*family_group_meeting_offered || reason.is_some(), || {
                    Refused::value(
                        "not_offered_because",
                        "the letter before proceedings must offer a family group decision-making meeting, unless that would not be in the child's best interests: say why (Children Act 1989 s.31ZA(3))",
                    )
                })?;
                let p = self.open_pre_proceedings_mut("letter before proceedings", on)?;
                require(p.letter_before_proceedings.is_none(), || {
                    Refused::record(format!(
                        "letter before proceedings on {on}, but one was already sent in these pre-proceedings; amend it instead"
                    ))
                })?;
                p.letter_before_proceedings = Some(mark);
                p.family_group_meeting_offered = Some(*family_group_meeting_offered);
                p.not_offered_because = reason.map(str::to_owned);
            }
            K::FamilyGroupMeetingHeld => self.family_group_meeting(mark, None)?,
            K::FamilyGroupMeetingNotHeld { reason } => {
                self.family_group_meeting(mark, Some(*reason))?
            }
            K::PreProceedingsMeetingHeld { meeting } => {
                let p = self.open_pre_proceedings_mut("pre-proceedings meeting", on)?;
                require(p.letter_before_proceedings.is_some(), || {
                    Refused::record(format!(
                        "pre-proceedings meeting on {on}, but no letter before proceedings has been sent (it invites the parents to the meeting)"
                    ))
                })?;
                match meeting {
                    PreProceedingsMeeting::Initial => {
                        require(p.initial_meeting.is_none(), || {
                            Refused::value(
                                "meeting",
                                format!(
                                    "initial pre-proceedings meeting on {on}, but the initial meeting was already held; record a review"
                                ),
                            )
                        })?;
                        p.initial_meeting = Some(mark);
                    }
                    PreProceedingsMeeting::Review => {
                        require(p.initial_meeting.is_some(), || {
                            Refused::value(
                                "meeting",
                                format!(
                                    "review meeting on {on}, but no initial pre-proceedings meeting has been held"
                                ),
                            )
                        })?;
                        p.review_meetings.push(mark);
                    }
                }
            }
            K::PreProceedingsStepDecision { decision } => self.step_decision(mark, *decision)?,
            K::PreProceedingsConcluded { proceedings_issued } => {
                let decision = if *proceedings_issued {
                    PreProceedingsDecision::IssueProceedings
                } else {
                    PreProceedingsDecision::StepDown
                };
                self.step_decision(mark, decision)?;
            }
            K::CareProceedingsApplied => {
                let p = self
                    .pre_proceedings_periods
                    .last_mut()
                    .filter(|p| p.issues_proceedings() && p.court_application.is_none())
                    .ok_or_else(|| {
                        Refused::record(format!(
                            "application to court on {on}, but no decision to issue proceedings awaits one (record the decision at the end of pre-proceedings first)"
                        ))
                    })?;
                p.court_application = Some(mark);
            }
            K::LetterOfIssueSent => {
                let p = self
                    .pre_proceedings_periods
                    .last_mut()
                    .filter(|p| p.court_application.is_some() && p.letter_of_issue.is_none())
                    .ok_or_else(|| {
                        Refused::record(format!(
                            "letter of issue on {on}, but no application to court awaits one"
                        ))
                    })?;
                p.letter_of_issue = Some(mark);
            }
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }

    fn begin_pre_proceedings(&mut self, mark: Mark, one_step: bool) -> Result<(), Refused> {
        let on = mark.date();
        require(
            self.pre_proceedings_periods
                .last()
                .is_none_or(|p| !p.is_open()),
            || {
                Refused::record(format!(
                    "pre-proceedings started on {on}, but pre-proceedings are already open"
                ))
            },
        )?;
        let episode = self.open_episode().map(|e| e.referral.mark.event);
        self.pre_proceedings_periods.push(PreProceedingsPeriod {
            episode,
            decided: mark,
            letter_before_proceedings: one_step.then_some(mark),
            family_group_meeting_offered: None,
            not_offered_because: None,
            family_group_meeting: None,
            initial_meeting: None,
            review_meetings: Vec::new(),
            step_decision: None,
            court_application: None,
            letter_of_issue: None,
            recorded_as_one_step: one_step,
        });
        self.pre_proceedings.push(PreProceedings {
            started: mark,
            concluded: None,
            proceedings_issued: None,
        });
        Ok(())
    }

    fn step_decision(
        &mut self,
        mark: Mark,
        decision: PreProceedingsDecision,
    ) -> Result<(), Refused> {
        let on = mark.date();
        let p = self
            .pre_proceedings_periods
            .last_mut()
            .filter(|p| p.is_open())
            .ok_or_else(|| {
                Refused::record(format!(
                    "pre-proceedings concluded on {on}, but none are open"
                ))
            })?;
        p.step_decision = Some(StepDecision { mark, decision });
        if let Some(summary) = self.pre_proceedings.last_mut() {
            summary.concluded = Some(mark);
            summary.proceedings_issued = Some(decision == PreProceedingsDecision::IssueProceedings);
        }
        Ok(())
    }

    /// The meeting's outcome belongs to the latest pre-proceedings not yet
    /// before the court: s.31ZA(2) asks for it before the application.
    fn family_group_meeting(
        &mut self,
        mark: Mark,
        not_held: Option<FamilyGroupMeetingNotHeld>,
    ) -> Result<(), Refused> {
        let on = mark.date();
        let p = self
            .pre_proceedings_periods
            .last_mut()
            .filter(|p| p.court_application.is_none())
            .ok_or_else(|| {
                Refused::record(format!(
                    "family group decision-making meeting on {on}, but the child is in no pre-proceedings before an application to court"
                ))
            })?;
        require(p.letter_before_proceedings.is_some(), || {
            Refused::record(format!(
                "family group decision-making meeting on {on}, but no letter before proceedings (which offers it) has been sent"
            ))
        })?;
        require(
            not_held != Some(FamilyGroupMeetingNotHeld::Declined)
                || p.family_group_meeting_offered != Some(false),
            || {
                Refused::value(
                    "reason",
                    "the meeting cannot have been declined: the letter before proceedings did not offer it",
                )
            },
        )?;
        require(p.family_group_meeting.is_none(), || {
            Refused::record(format!(
                "family group decision-making meeting on {on}, but whether it was held is already recorded; amend that instead"
            ))
        })?;
        p.family_group_meeting = Some(FamilyGroupMeeting { mark, not_held });
        Ok(())
    }

    fn open_pre_proceedings_mut(
        &mut self,
        what: &str,
        on: jiff::civil::Date,
    ) -> Result<&mut PreProceedingsPeriod, Refused> {
        self.pre_proceedings_periods
            .last_mut()
            .filter(|p| p.is_open())
            .ok_or_else(|| {
                Refused::record(format!(
                    "{what} on {on}, but the child is not in pre-proceedings then (record the decision to enter them first)"
                ))
            })
    }
}
