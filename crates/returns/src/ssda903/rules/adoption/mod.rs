//! Rules 400-599: reviews, missing episodes, placements for adoption and adoptions (AD1).

mod episodes;
mod helpers;
#[cfg(test)]
mod tests;

use super::{Needs, Rule};

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "407",
        "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
        &["DEC", "DOB", "REC"],
        episodes::r407,
    ),
    Rule::new(
        "408",
        "Child is placed for adoption with a placement order, but no placement order has been recorded.",
        &["PLACE", "LS"],
        episodes::r408,
    ),
    Rule::new(
        "411",
        "Placement location code disagrees with LA of placement.",
        &["PL_LOCATION"],
        episodes::r411,
    )
    .needs(Needs::Places),
    Rule::new(
        "420",
        "LA of placement completed but child is looked after under legal status V3 or V4.",
        &["PL_LA"],
        episodes::r420,
    )
    .needs(Needs::Places),
    Rule::new(
        "426",
        "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.",
        &["LS"],
        episodes::r426,
    ),
    Rule::new(
        "431",
        "The reason for new episode is started to be looked after, but the previous episode ended on the same day.",
        &["RNE", "DECOM"],
        episodes::r431,
    ),
    Rule::new(
        "432",
        "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.",
        &["RNE"],
        episodes::r432,
    ),
    Rule::new(
        "433",
        "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.",
        &["RNE", "DECOM"],
        episodes::r433,
    ),
    Rule::new(
        "434",
        "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
        &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        episodes::r434,
    ),
    Rule::new(
        "435",
        "Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded.",
        &["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        episodes::r435,
    ),
    Rule::new(
        "436",
        "Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data.",
        &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        episodes::r436,
    ),
    Rule::new(
        "437",
        "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
        &["REC"],
        episodes::r437,
    ),
    Rule::new(
        "440",
        "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.",
        &["DOB", "REVIEW", "REVIEW_CODE"],
        episodes::r440,
    ),
    Rule::new(
        "441",
        "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.",
        &["DOB", "REVIEW", "REVIEW_CODE"],
        episodes::r441,
    ),
    Rule::new(
        "442",
        "Unique Pupil Number (UPN) field is not completed.",
        &["UPN"],
        episodes::r442,
    ),
];
