//! Pre-proceedings under the Public Law Outline, with the family group
//! decision-making meeting a letter before proceedings must offer.

use crate::catalogue::{Input, Kind, f, k};
use crate::events::{
    FamilyGroupMeetingNotHeld, PreProceedingsDecision, PreProceedingsMeeting, Stage,
};

pub(super) const PROCEEDINGS: &[Kind] = &[
    // Pre-proceedings under the Public Law Outline and family group
    // decision-making (Children Act 1989 s.31ZA; CIN census 2026-27
    // `PreProceedingsandFGDM`).
    k(
        "PreProceedingsDecided",
        "Decision to enter pre-proceedings (legal planning meeting)",
        Stage::CourtAndOtherDuties,
        &[],
    ),
    k(
        "LetterBeforeProceedingsSent",
        "Letter before proceedings sent",
        Stage::CourtAndOtherDuties,
        &[
            f(
                "family_group_meeting_offered",
                "The letter offers a family group decision-making meeting",
                Input::Check,
                false,
            ),
            f(
                "not_offered_because",
                "If not offered: why a meeting would not be in the child's best interests",
                Input::TextArea,
                false,
            ),
        ],
    ),
    k(
        "FamilyGroupMeetingHeld",
        "Family group decision-making meeting held",
        Stage::CourtAndOtherDuties,
        &[],
    ),
    k(
        "FamilyGroupMeetingNotHeld",
        "Family group decision-making meeting not held",
        Stage::CourtAndOtherDuties,
        &[f(
            "reason",
            "Why it will not be held",
            Input::Choice(FamilyGroupMeetingNotHeld::ALL),
            true,
        )],
    ),
    k(
        "PreProceedingsMeetingHeld",
        "Pre-proceedings meeting held",
        Stage::CourtAndOtherDuties,
        &[f(
            "meeting",
            "Meeting",
            Input::Choice(PreProceedingsMeeting::ALL),
            true,
        )],
    ),
    k(
        "PreProceedingsStepDecision",
        "Decision at the end of pre-proceedings",
        Stage::CourtAndOtherDuties,
        &[f(
            "decision",
            "Decision",
            Input::Choice(PreProceedingsDecision::ALL),
            true,
        )],
    ),
    k(
        "CareProceedingsApplied",
        "Application to court for a care or supervision order",
        Stage::CourtAndOtherDuties,
        &[],
    ),
    k(
        "LetterOfIssueSent",
        "Letter of issue sent (care proceedings begun)",
        Stage::CourtAndOtherDuties,
        &[],
    ),
];
