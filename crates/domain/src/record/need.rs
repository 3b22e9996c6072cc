//! The front door and episodes of need: contacts and their screening, early
//! help, referrals, assessments, child in need plans and the episode's
//! closure (Working Together 2023, chapters 1 and 2; CIN census
//! `CINdetails`).

use jiff::civil::Date;
use serde::Serialize;

use super::{ChildRecord, Mark, Refused, require};
use crate::codes::{AssessmentFactor, PrimaryNeed, ReasonForClosure, ReferralSource};
use crate::events::{AssessmentOutcome, ContactOutcome, EventKind};
use crate::record::protection::{ProtectionPlan, Section47Enquiry, StrategyDiscussion};

// ---------------------------------------------------------------- front door

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Contact {
    pub received: Mark,
    pub source: ReferralSource,
    pub decision: Option<Mark>,
    pub outcome: Option<ContactOutcome>,
}

// ---------------------------------------------------------- children in need

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Referral {
    pub mark: Mark,
    pub source: ReferralSource,
    pub no_further_action: bool,
    /// Within 12 months of a previous referral (DfE CIN statistics definition).
    pub re_referral: bool,
    /// The primary need as judged at referral (CIN rule 8610).
    pub primary_need: Option<PrimaryNeed>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    pub started: Mark,
    pub authorised: Option<Mark>,
    pub factors: Vec<AssessmentFactor>,
    pub child_seen: bool,
    pub seen_alone: bool,
    pub outcome: Option<AssessmentOutcome>,
    /// CIN `AssessmentInternalReviewDate`.
    pub internal_review: Option<Mark>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChildInNeedPlan {
    pub started: Mark,
    pub ended: Option<Mark>,
    pub reviews: Vec<Mark>,
}

/// An episode of need: from a referral to its closure (CIN `CINdetails`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EpisodeOfNeed {
    pub referral: Referral,
    pub primary_need: Option<PrimaryNeed>,
    pub assessments: Vec<Assessment>,
    pub strategy_discussions: Vec<StrategyDiscussion>,
    pub section47s: Vec<Section47Enquiry>,
    /// Initial conferences, with whether they made a plan.
    pub initial_conferences: Vec<(Mark, bool)>,
    pub protection_plans: Vec<ProtectionPlan>,
    pub cin_plans: Vec<ChildInNeedPlan>,
    pub closed: Option<Mark>,
    pub reason_for_closure: Option<ReasonForClosure>,
}

impl EpisodeOfNeed {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    pub fn open_protection_plan(&self) -> Option<&ProtectionPlan> {
        self.protection_plans.iter().find(|p| p.ended.is_none())
    }

    pub fn open_cin_plan(&self) -> Option<&ChildInNeedPlan> {
        self.cin_plans.iter().find(|p| p.ended.is_none())
    }
}

impl ChildRecord {
    /// This stage's part of the fold.
    pub(super) fn apply_need(&mut self, kind: &EventKind, mark: Mark) -> Result<(), Refused> {
        use EventKind as K;
        let on = mark.date();
        match kind {
            K::BirthDetailsRecorded {
                date_of_birth,
                expected_date_of_birth,
            } => {
                require(
                    date_of_birth.is_some() || expected_date_of_birth.is_some(),
                    || {
                        Refused::value(
                            "date_of_birth",
                            "birth details need a date of birth or an expected date of birth",
                        )
                    },
                )?;
                if date_of_birth.is_some() {
                    self.date_of_birth = *date_of_birth;
                }
                if expected_date_of_birth.is_some() {
                    self.expected_date_of_birth = *expected_date_of_birth;
                }
            }
            K::ContactReceived { source } => self.contacts.push(Contact {
                received: mark,
                source: *source,
                decision: None,
                outcome: None,
            }),
            K::ContactDecision { contact, outcome } => {
                let c = self
                .contacts
                .iter_mut()
                .find(|c| c.received.event == *contact)
                .ok_or_else(|| Refused::reference("contact", format!("screening decision on {on} for contact {contact}, which is not a contact in this record (or is dated later)")))?;
                require(c.decision.is_none(), || {
                    Refused::reference(
                        "contact",
                        format!("contact {contact} already has a screening decision"),
                    )
                })?;
                c.decision = Some(mark);
                c.outcome = Some(*outcome);
            }
            K::EarlyHelpAssessment => self.early_help_assessments.push(mark),
            K::SteppedUp => self.step_ups.push(mark),
            K::SteppedDown => self.step_downs.push(mark),

            K::ReferralAccepted {
                source,
                no_further_action,
                primary_need,
            } => {
                require(self.open_episode().is_none(), || {
                    Refused::record(format!(
                        "referral on {on}, but an episode of need is already open; close it first"
                    ))
                })?;
                let re_referral = self.episodes.last().is_some_and(|prev| {
                    prev.referral
                        .mark
                        .date()
                        .checked_add(jiff::Span::new().months(12))
                        .is_ok_and(|limit| on <= limit)
                });
                self.episodes.push(EpisodeOfNeed {
                    referral: Referral {
                        mark,
                        source: *source,
                        no_further_action: *no_further_action,
                        re_referral,
                        primary_need: *primary_need,
                    },
                    // Until an assessment settles it.
                    primary_need: *primary_need,
                    assessments: Vec::new(),
                    strategy_discussions: Vec::new(),
                    section47s: Vec::new(),
                    initial_conferences: Vec::new(),
                    protection_plans: Vec::new(),
                    cin_plans: Vec::new(),
                    closed: None,
                    reason_for_closure: None,
                });
            }
            K::AssessmentStarted => {
                let ep = self.open_episode_mut("assessment started", on)?;
                require(
                    ep.assessments.iter().all(|a| a.authorised.is_some()),
                    || {
                        Refused::record(format!(
                            "assessment started on {on}, but another assessment is still open"
                        ))
                    },
                )?;
                ep.assessments.push(Assessment {
                    started: mark,
                    authorised: None,
                    factors: Vec::new(),
                    child_seen: false,
                    seen_alone: false,
                    outcome: None,
                    internal_review: None,
                });
            }
            K::AssessmentInternalReview => {
                let ep = self.open_episode_mut("assessment internal review", on)?;
                let a = ep
                    .assessments
                    .iter_mut()
                    .find(|a| a.authorised.is_none())
                    .ok_or_else(|| {
                        Refused::record(format!(
                            "assessment internal review on {on}, but no assessment is open"
                        ))
                    })?;
                require(a.internal_review.is_none(), || {
                    Refused::record(format!(
                        "assessment internal review on {on}, but this assessment's review is already recorded (the census keeps one); amend it instead"
                    ))
                })?;
                a.internal_review = Some(mark);
            }
            K::AssessmentAuthorised {
                factors,
                child_seen,
                seen_alone,
                primary_need,
                outcome,
                ..
            } => {
                super::seen_alone_only_if_seen(*child_seen, *seen_alone)?;
                let none = factors.iter().any(|f| f.as_code() == "21");
                require(!none || factors.len() == 1, || {
                    Refused::value(
                        "factors",
                        "factor 21 (no factors identified) cannot be combined with other factors (CIN rule 8869)",
                    )
                })?;
                let ep = self.open_episode_mut("assessment authorised", on)?;
                let a = ep
                    .assessments
                    .iter_mut()
                    .find(|a| a.authorised.is_none())
                    .ok_or_else(|| {
                        Refused::record(format!(
                            "assessment authorised on {on}, but no assessment is open"
                        ))
                    })?;
                a.authorised = Some(mark);
                a.factors.clone_from(factors);
                a.child_seen = *child_seen;
                a.seen_alone = *seen_alone;
                a.outcome = Some(*outcome);
                if primary_need.is_some() {
                    ep.primary_need = *primary_need;
                }
            }
            K::CinPlanStarted => {
                let ep = self.open_episode_mut("child in need plan started", on)?;
                require(ep.open_cin_plan().is_none(), || {
                    Refused::record(format!(
                        "child in need plan started on {on}, but a plan is already open"
                    ))
                })?;
                ep.cin_plans.push(ChildInNeedPlan {
                    started: mark,
                    ended: None,
                    reviews: Vec::new(),
                });
            }
            K::CinPlanReviewed => self
                .open_cin_plan_mut("child in need plan review", on)?
                .reviews
                .push(mark),
            K::CinPlanEnded => {
                self.open_cin_plan_mut("child in need plan ended", on)?
                    .ended = Some(mark)
            }
            K::EpisodeClosed { reason } => {
                let ep = self.open_episode_mut("episode closed", on)?;
                require(ep.open_protection_plan().is_none(), || {
                    Refused::record(format!(
                        "episode closed on {on} while a child protection plan is open; end the plan first"
                    ))
                })?;
                require(ep.open_cin_plan().is_none(), || {
                    Refused::record(format!(
                        "episode closed on {on} while a child in need plan is open; end the plan first"
                    ))
                })?;
                ep.closed = Some(mark);
                ep.reason_for_closure = Some(*reason);
                // The case is closed: the child no longer has a social
                // worker, unless they are looked after or a care leaver
                // (whose worker or personal adviser goes on: SSDA903
                // social worker episodes).
                if !self.is_looked_after() && self.care_leaver_status(on).is_none() {
                    self.change_social_worker(mark, None);
                }
            }
            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }

    fn open_cin_plan_mut(&mut self, what: &str, on: Date) -> Result<&mut ChildInNeedPlan, Refused> {
        let ep = self.open_episode_mut(what, on)?;
        ep.cin_plans
            .iter_mut()
            .find(|p| p.ended.is_none())
            .ok_or_else(|| {
                Refused::record(format!(
                    "{what} on {on}, but no child in need plan is open then"
                ))
            })
    }
}
