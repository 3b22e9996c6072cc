//! Care: periods of care, their SSDA903 episodes and placements, reviews,
//! the IRO, health, and missing episodes (Children Act 1989 s22; the Care
//! Planning, Placement and Case Review (England) Regulations 2010).

use jiff::civil::Date;
use serde::Serialize;

use super::{ChildRecord, Mark, Refused, require};
use crate::codes::{
    LegalStatus, MissingOrAway, PrimaryNeed, ReasonEpisodeCeased, ReasonForNewEpisode,
    ReasonForPlacementChange, ReviewParticipation, SdqReason,
};
use crate::events::{EventKind, HealthAssessmentKind, Placement};

// ------------------------------------------------------ children looked after

/// An SSDA903 episode: a stretch of care with one legal status and one
/// placement. A change of either starts a new episode (SSDA903 guidance,
/// "reason for new episode"); changes on the same day make one episode.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CareEpisode {
    /// `DECOM`, and the event that started the episode.
    pub start: Mark,
    /// `DEC`.
    pub end: Option<Date>,
    pub reason_for_new_episode: ReasonForNewEpisode,
    pub legal_status: LegalStatus,
    pub placement: Placement,
    pub category_of_need: PrimaryNeed,
    /// `REC`: X1 when a new episode follows the same day.
    pub reason_ceased: Option<ReasonEpisodeCeased>,
    /// `REASON_PLACE_CHANGE`, on the episode that ended with a placement change.
    pub reason_place_change: Option<ReasonForPlacementChange>,
}

/// One placement: consecutive episodes with the same placement.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlacementSpell {
    pub start: Mark,
    pub end: Option<Date>,
    pub placement: Placement,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LookedAfterReview {
    pub mark: Mark,
    pub participation: ReviewParticipation,
}

/// A period of care: from starting to be looked after to ceasing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodOfCare {
    pub started: Mark,
    pub ended: Option<Mark>,
    pub reason_ceased: Option<ReasonEpisodeCeased>,
    pub uasc: bool,
    pub episodes: Vec<CareEpisode>,
    pub placements: Vec<PlacementSpell>,
    pub reviews: Vec<LookedAfterReview>,
}

impl PeriodOfCare {
    pub fn is_open(&self) -> bool {
        self.ended.is_none()
    }

    /// Whether the period is only short breaks (legal status V3 or V4), which
    /// carry their own rules (CPPCR reg 48).
    pub fn is_short_breaks(&self) -> bool {
        self.episodes
            .iter()
            .all(|e| matches!(e.legal_status, LegalStatus::V3 | LegalStatus::V4))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnInterviewRecord {
    pub mark: Mark,
    pub offered: bool,
    pub accepted: bool,
    pub held: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MissingEpisode {
    pub started: Mark,
    pub status: MissingOrAway,
    pub returned: Option<Mark>,
    pub interviews: Vec<ReturnInterviewRecord>,
}

/// How a return interview met the duty.
///
/// The duty is to **offer** one: "when a child is found, they must be
/// offered an independent return interview", to be carried out within 72
/// hours of their return (DfE, *Statutory guidance on children who run away
/// or go missing from home or care*, January 2014, "Independent return
/// interviews", p. 14). A child may refuse; an interview offered within the
/// 72 hours and declined by the child therefore meets the duty. It is kept
/// apart from an interview held, so that pages, the API and returns can say
/// "offered, declined": the reasons for going missing were not heard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum InterviewOutcome {
    Held,
    OfferedDeclined,
}

impl InterviewOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            InterviewOutcome::Held => "held",
            InterviewOutcome::OfferedDeclined => "offered_declined",
        }
    }
}

impl ReturnInterviewRecord {
    /// How this interview meets the duty, if it does: held, or offered and
    /// declined by the child ([`InterviewOutcome`]). An interview accepted
    /// but not yet held, or never offered, does not.
    pub fn outcome(&self) -> Option<InterviewOutcome> {
        if self.held {
            Some(InterviewOutcome::Held)
        } else if self.offered && !self.accepted {
            Some(InterviewOutcome::OfferedDeclined)
        } else {
            None
        }
    }
}

impl MissingEpisode {
    /// The first interview that meets the duty, and how.
    pub fn interview_meeting_duty(&self) -> Option<(&ReturnInterviewRecord, InterviewOutcome)> {
        self.interviews
            .iter()
            .find_map(|i| i.outcome().map(|o| (i, o)))
    }
}

impl super::ChildRecord {
    /// How the return interview recorded by `event` met the duty, if it is
    /// one that did: a page or the API shows "offered, declined" apart
    /// from "held".
    pub fn interview_outcome(&self, event: crate::events::EventId) -> Option<InterviewOutcome> {
        self.missing
            .iter()
            .flat_map(|m| &m.interviews)
            .find(|i| i.mark.event == event)
            .and_then(ReturnInterviewRecord::outcome)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HealthCheck {
    pub mark: Mark,
    pub kind: HealthAssessmentKind,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sdq {
    pub mark: Mark,
    pub score: Option<u8>,
    /// SSDA903 `SDQ_REASON`: why no score, where there is none.
    pub reason: Option<SdqReason>,
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_care(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        match kind {
            K::BecameLookedAfter {
                legal_status,
                placement,
                category_of_need,
                uasc,
            } => {
                require(!self.is_looked_after(), || {
                    Refused::record(format!(
                        "became looked after on {on}, but the child is already looked after"
                    ))
                })?;
                require(
                    !matches!(category_of_need, PrimaryNeed::N0 | PrimaryNeed::N9),
                    || {
                        Refused::value(
                            "category_of_need",
                            format!(
                                "category of need {category_of_need} is not used for looked-after children (N1-N8 only)"
                            ),
                        )
                    },
                )?;
                self.periods_of_care.push(PeriodOfCare {
                    started: mark,
                    ended: None,
                    reason_ceased: None,
                    uasc: *uasc,
                    episodes: vec![CareEpisode {
                        start: mark,
                        end: None,
                        reason_for_new_episode: ReasonForNewEpisode::S,
                        legal_status: *legal_status,
                        placement: placement.clone(),
                        category_of_need: *category_of_need,
                        reason_ceased: None,
                        reason_place_change: None,
                    }],
                    placements: vec![PlacementSpell {
                        start: mark,
                        end: None,
                        placement: placement.clone(),
                    }],
                    reviews: Vec::new(),
                });
            }
            K::LegalStatusChanged { legal_status } => {
                let period = self.open_period_mut("legal status changed", on)?;
                let n = period.episodes.len();
                let cur = &mut period.episodes[n - 1];
                require(cur.legal_status != *legal_status, || {
                    Refused::value(
                        "legal_status",
                        format!(
                            "legal status changed on {on} to {legal_status}, which it already is"
                        ),
                    )
                })?;
                if cur.start.date() == on {
                    cur.legal_status = *legal_status;
                    cur.reason_for_new_episode = match cur.reason_for_new_episode {
                        ReasonForNewEpisode::P => ReasonForNewEpisode::B,
                        ReasonForNewEpisode::T => ReasonForNewEpisode::U,
                        other => other,
                    };
                } else {
                    let next = CareEpisode {
                        start: mark,
                        end: None,
                        reason_for_new_episode: ReasonForNewEpisode::L,
                        legal_status: *legal_status,
                        placement: cur.placement.clone(),
                        category_of_need: cur.category_of_need,
                        reason_ceased: None,
                        reason_place_change: None,
                    };
                    cur.end = Some(on);
                    cur.reason_ceased = Some(ReasonEpisodeCeased::X1);
                    period.episodes.push(next);
                }
            }
            K::PlacementChanged {
                placement,
                reason,
                same_carer,
            } => {
                let period = self.open_period_mut("placement change", on)?;
                let n = period.episodes.len();
                let cur = &mut period.episodes[n - 1];
                if cur.start.date() == on {
                    cur.placement = placement.clone();
                    cur.reason_for_new_episode = match (cur.reason_for_new_episode, same_carer) {
                        (ReasonForNewEpisode::S, _) => ReasonForNewEpisode::S,
                        (
                            ReasonForNewEpisode::L
                            | ReasonForNewEpisode::B
                            | ReasonForNewEpisode::U,
                            true,
                        ) => ReasonForNewEpisode::U,
                        (
                            ReasonForNewEpisode::L
                            | ReasonForNewEpisode::B
                            | ReasonForNewEpisode::U,
                            false,
                        ) => ReasonForNewEpisode::B,
                        (_, true) => ReasonForNewEpisode::T,
                        (_, false) => ReasonForNewEpisode::P,
                    };
                    if n >= 2 && period.episodes[n - 2].end == Some(on) {
                        period.episodes[n - 2].reason_place_change = *reason;
                    }
                } else {
                    let next = CareEpisode {
                        start: mark,
                        end: None,
                        reason_for_new_episode: if *same_carer {
                            ReasonForNewEpisode::T
                        } else {
                            ReasonForNewEpisode::P
                        },
                        legal_status: cur.legal_status,
                        placement: placement.clone(),
                        category_of_need: cur.category_of_need,
                        reason_ceased: None,
                        reason_place_change: None,
                    };
                    cur.end = Some(on);
                    cur.reason_ceased = Some(ReasonEpisodeCeased::X1);
                    cur.reason_place_change = *reason;
                    period.episodes.push(next);
                }
                let spell = period.placements.last_mut();
                match spell {
                    Some(s) if s.start.date() == on => s.placement = placement.clone(),
                    Some(s) => {
                        s.end = Some(on);
                        period.placements.push(PlacementSpell {
                            start: mark,
                            end: None,
                            placement: placement.clone(),
                        });
                    }
                    None => {}
                }
            }
            K::CeasedLookedAfter { reason } => {
                require(*reason != ReasonEpisodeCeased::X1, || {
                    Refused::value(
                        "reason",
                        "X1 is for an episode followed by another on the same day, not for ceasing to be looked after",
                    )
                })?;
                let period = self.open_period_mut("ceased to be looked after", on)?;
                period.ended = Some(mark);
                period.reason_ceased = Some(*reason);
                if let Some(e) = period.episodes.last_mut() {
                    e.end = Some(on);
                    e.reason_ceased = Some(*reason);
                }
                if let Some(s) = period.placements.last_mut() {
                    s.end = Some(on);
                }
            }
            K::LookedAfterReviewHeld {
                participation,
                next_review_due,
                ..
            } => {
                if let Some(next) = next_review_due {
                    require(*next > on, || {
                        Refused::value(
                            "next_review_due",
                            format!("the next review must be after this one, on {on}"),
                        )
                    })?;
                }
                self.open_period_mut("looked-after review", on)?
                    .reviews
                    .push(LookedAfterReview {
                        mark,
                        participation: *participation,
                    });
            }
            K::CarePlanRecorded => {
                self.open_period_mut("care plan", on)?;
                self.care_plans.push(mark);
            }
            K::IroAppointed { iro } => {
                self.open_period_mut("IRO appointed", on)?;
                self.iro = Some(mark);
                self.iro_user = Some(*iro);
            }
            K::HealthAssessment { assessment } => {
                if *assessment == HealthAssessmentKind::Initial {
                    self.open_period_mut("initial health assessment", on)?;
                }
                self.health_assessments.push(HealthCheck {
                    mark,
                    kind: *assessment,
                });
            }
            K::DentalCheck => self.dental_checks.push(mark),
            K::SdqRecorded { score, reason } => {
                require(score.is_some() != reason.is_some(), || {
                    Refused::value(
                        "score",
                        "an SDQ record needs either a score or a reason it was not completed, not both",
                    )
                })?;
                require(score.is_none_or(|s| s <= 40), || {
                    Refused::value(
                        "score",
                        format!(
                            "SDQ score {} is out of range (0 to 40)",
                            score.unwrap_or_default()
                        ),
                    )
                })?;
                self.sdqs.push(Sdq {
                    mark,
                    score: *score,
                    reason: *reason,
                });
            }
            K::ImmunisationsRecorded { up_to_date } => self.immunisations.push((mark, *up_to_date)),
            K::PepReviewed => {
                self.open_period_mut("personal education plan", on)?;
                self.peps.push(mark);
            }
            K::MissingEpisodeStarted { status } => {
                require(
                    self.missing.last().is_none_or(|m| m.returned.is_some()),
                    || {
                        Refused::record(format!(
                            "missing episode started on {on}, but the child has not returned from the last one"
                        ))
                    },
                )?;
                self.missing.push(MissingEpisode {
                    started: mark,
                    status: *status,
                    returned: None,
                    interviews: Vec::new(),
                });
            }
            K::MissingEpisodeEnded { episode } => {
                let m = self
                .missing
                .iter_mut()
                .find(|m| m.started.event == *episode)
                .ok_or_else(|| Refused::reference("episode", format!("return at {} from missing episode {episode}, which is not a missing episode in this record (or began after the return)", mark.on)))?;
                require(m.returned.is_none(), || {
                    Refused::reference(
                        "episode",
                        format!("missing episode {episode} has already ended"),
                    )
                })?;
                require(mark.on.datetime() >= m.started.on.datetime(), || {
                    Refused::record(format!(
                        "return at {} is before the missing episode began at {}",
                        mark.on, m.started.on
                    ))
                })?;
                m.returned = Some(mark);
            }
            K::ReturnInterview {
                episode,
                offered,
                accepted,
                held,
            } => {
                require(*offered || !*accepted, || {
                    Refused::value(
                        "accepted",
                        "an interview cannot be accepted unless it was offered",
                    )
                })?;
                require(*accepted || !*held, || {
                    Refused::value("held", "an interview cannot be held unless it was accepted")
                })?;
                let m = self
                .missing
                .iter_mut()
                .find(|m| m.started.event == *episode)
                .ok_or_else(|| Refused::reference("episode", format!("return interview for missing episode {episode}, which is not a missing episode in this record")))?;
                let returned = m.returned.ok_or_else(|| {
                Refused::record(format!("return interview at {} for missing episode {episode}, but the child's return is not recorded (or is after the interview)", mark.on))
            })?;
                require(mark.on.datetime() >= returned.on.datetime(), || {
                    Refused::record(format!(
                        "return interview at {} is before the child returned at {}",
                        mark.on, returned.on
                    ))
                })?;
                m.interviews.push(ReturnInterviewRecord {
                    mark,
                    offered: *offered,
                    accepted: *accepted,
                    held: *held,
                });
            }
            K::DevelopmentChecksRecorded { .. }
            | K::PreviousPermanenceRecorded { .. }
            | K::DeprivationOfLibertyStarted
            | K::DeprivationOfLibertyEnded => self.apply_looked_after_facts(kind, mark)?,
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }
}
