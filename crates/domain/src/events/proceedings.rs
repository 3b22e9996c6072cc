//! The values the pre-proceedings kinds carry: the Public Law Outline's
//! pre-proceedings meetings, the decision that ends pre-proceedings, and why
//! a family group decision-making meeting was not held.
//!
//! Sources: the Children Act 1989 s.31ZA (inserted by the Children's
//! Wellbeing and Schools Act 2026 s.1: the offer of a family group
//! decision-making meeting before an application for a care or supervision
//! order, made in the letter before proceedings); the statutory guidance on
//! court orders and pre-proceedings (DfE, 2014) and the Public Law Outline
//! (Practice Direction 12A); the CIN census 2026-27 `PreProceedingsandFGDM`
//! module (items N00826-N00835, as the community CIN validator's 2026-27
//! rules 9005-9015Q read them).

use serde::{Deserialize, Serialize};

/// Which pre-proceedings meeting: the first effective meeting with the
/// parents and their lawyers (CIN `InitialPPMeetingDate`, N00830), or a
/// later review of the plan agreed there (counted in CIN
/// `ReviewMeetingsCount`, N00831).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreProceedingsMeeting {
    Initial,
    Review,
}

impl PreProceedingsMeeting {
    /// Every choice, with its JSON name and its words.
    pub const ALL: &'static [(&'static str, &'static str)] = &[
        ("initial", "Initial pre-proceedings meeting"),
        ("review", "Review meeting"),
    ];
}

/// What the local authority decided at the end of pre-proceedings (CIN
/// `StepDecisionDate` N00832 and `PPOutcome` N00833).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PreProceedingsDecision {
    /// Step up: apply to the court for a care or supervision order.
    IssueProceedings,
    /// Step down: the concerns are met without proceedings; the work goes
    /// on under a child protection or child in need plan.
    StepDown,
    /// Another ending: for example the child now lives with a relative under
    /// an order the family sought, or the family left the area.
    Other,
}

impl PreProceedingsDecision {
    /// Every choice, with its JSON name and its words.
    pub const ALL: &'static [(&'static str, &'static str)] = &[
        (
            "issue_proceedings",
            "Step up: apply to the court for a care or supervision order",
        ),
        (
            "step_down",
            "Step down: proceedings not needed; work continues under a plan",
        ),
        ("other", "Another outcome"),
    ];

    /// The CIN census 2026-27 `PPOutcome` code (code set CS131: A, B or C,
    /// the codes the community validator's rule 9011 accepts).
    ///
    /// The meanings of A-C are not in any source at hand: A is taken as the
    /// step up to proceedings because the validator's 2026 sample pairs `A`
    /// with a court application after the step decision, and B as the step
    /// down. Check against the DfE's 2026-27 specification before the first
    /// submission; this function is the one place the mapping lives.
    pub fn cin_code(self) -> &'static str {
        match self {
            PreProceedingsDecision::IssueProceedings => "A",
            PreProceedingsDecision::StepDown => "B",
            PreProceedingsDecision::Other => "C",
        }
    }
}

/// Why an offered family group decision-making meeting was not held
/// (Children Act 1989 s.31ZA(2) and (3)): CIN `FGDMMeetingFac` (N00829) is
/// then false.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FamilyGroupMeetingNotHeld {
    /// No one to whom it was offered accepted it (s.31ZA(2)).
    Declined,
    /// The authority decided that holding it would not be in the child's
    /// best interests (s.31ZA(3)).
    NotInChildsBestInterests,
}

impl FamilyGroupMeetingNotHeld {
    /// Every choice, with its JSON name and its words.
    pub const ALL: &'static [(&'static str, &'static str)] = &[
        ("declined", "The offer was declined"),
        (
            "not_in_childs_best_interests",
            "Holding it would not be in the child's best interests",
        ),
    ];
}
