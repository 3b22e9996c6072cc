//! The child's own facts the DfE returns take from the record:
//! characteristics, UASC status, motherhood, offending and substance
//! misuse, development checks, previous permanence, deprivation of liberty.

use crate::catalogue::{Input, Kind, f, k};
use crate::codes::{Disability, Ethnicity, PreviousPermanence, Sex, UpnUnknown};
use crate::events::Stage;

pub(super) const CHILD: &[Kind] = &[
    // The child's characteristics, and the other facts the DfE returns take
    // from the record (CIN census; SSDA903).
    k(
        "SexRecorded",
        "Sex",
        Stage::Child,
        &[f("sex", "Sex", Input::Code(Sex::options), true)],
    ),
    k(
        "EthnicityRecorded",
        "Ethnicity",
        Stage::Child,
        &[f(
            "ethnicity",
            "Ethnicity",
            Input::Code(Ethnicity::options),
            true,
        )],
    ),
    k(
        "DisabilitiesRecorded",
        "Disabilities",
        Stage::Child,
        &[f(
            "disabilities",
            "Disabilities (NONE if none)",
            Input::Codes(Disability::options),
            true,
        )],
    ),
    k(
        "UpnRecorded",
        "Unique pupil number",
        Stage::Child,
        &[f("upn", "Unique pupil number", Input::Upn, true)],
    ),
    k(
        "UpnUnknownRecorded",
        "Unique pupil number not known",
        Stage::Child,
        &[f(
            "reason",
            "Why there is no UPN",
            Input::Code(UpnUnknown::options),
            true,
        )],
    ),
    k("DeathRecorded", "Death of the child", Stage::Child, &[]),
    k(
        "BabyBorn",
        "The child had a baby (the date is the baby's date of birth)",
        Stage::Child,
        &[],
    ),
    k(
        "UascStatusStarted",
        "Unaccompanied asylum-seeking child: status began",
        Stage::Child,
        &[],
    ),
    k(
        "UascStatusEnded",
        "Unaccompanied asylum-seeking child: status ceased",
        Stage::Child,
        &[],
    ),
    k(
        "Convicted",
        "Convicted, or given a final warning, reprimand or youth caution",
        Stage::Child,
        &[],
    ),
    k(
        "SubstanceMisuseIdentified",
        "Substance misuse problem identified",
        Stage::Child,
        &[],
    ),
    k(
        "SubstanceMisuseInterventionOffered",
        "Intervention for substance misuse offered",
        Stage::Child,
        &[f(
            "received",
            "The child received it (not refused)",
            Input::Check,
            false,
        )],
    ),
    k(
        "DevelopmentChecksRecorded",
        "Development checks (under 5)",
        Stage::Care,
        &[f(
            "up_to_date",
            "Development checks are up to date",
            Input::Check,
            false,
        )],
    ),
    k(
        "PreviousPermanenceRecorded",
        "Previous permanence before care",
        Stage::Care,
        &[
            f(
                "permanence",
                "Previous permanence order",
                Input::Code(PreviousPermanence::options),
                true,
            ),
            f("date", "Date of the order, if known", Input::Date, false),
            f(
                "local_authority",
                "Local authority's three-character code, if known",
                Input::Text,
                false,
            ),
        ],
    ),
    k(
        "DeprivationOfLibertyStarted",
        "Deprivation of liberty order began",
        Stage::Care,
        &[],
    ),
    k(
        "DeprivationOfLibertyEnded",
        "Deprivation of liberty order ended",
        Stage::Care,
        &[],
    ),
];
