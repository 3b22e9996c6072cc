//! Short synthetic write-ups: a sentence or two on some visits and every
//! looked-after review, and an action agreed at each review. The words are
//! chosen from the day and the worker, not drawn from the child's random
//! stream, so adding them leaves every other fact of a seed as it was; and
//! only a third of visits carry one, so the large profile stays small.

use crate::kid::Day;

const SEEN: &[&str] = &[
    "Home was warm and tidy; food in the fridge.",
    "Child showed me their bedroom and a drawing from school.",
    "Parent was tired but engaged; talked about routines.",
    "Met at school; child was chatty and relaxed with staff.",
    "Several people at home during the visit; child was quiet.",
    "Child was playing with siblings; clean clothes, good hygiene.",
];
const UNSEEN: &[&str] = &[
    "Child was not at home; spoke to the parent at the door.",
    "No answer at the door; a card was left.",
];
const ANALYSIS: &[&str] = &[
    "Progress against the plan is steady.",
    "Some drift in attendance; worth checking with school.",
    "Risks appear lower than at the last visit.",
    "Need to see the child alone next time.",
];
const RECOMMENDATIONS: &[&str] = &[
    "Care plan to continue; contact with family to stay as it is.",
    "Review the placement plan with the carers before the next review.",
    "Personal education plan to be updated this term.",
    "Health assessment to be booked; life story work to start.",
];
const ACTIONS: &[&str] = &[
    "Send the review minutes to the carers",
    "Ask school for the latest attendance",
    "Book the health assessment",
    "Arrange family time for the holidays",
];

fn pick(list: &'static [&'static str], on: Day, by: u32) -> &'static str {
    let n = (on as u64).wrapping_mul(2_654_435_761) ^ u64::from(by);
    list[(n % list.len() as u64) as usize]
}

/// A visit's write-up, on one visit in three: what was seen and heard,
/// and the worker's analysis.
pub fn visit(on: Day, by: u32, child_seen: bool) -> (Option<String>, Option<String>) {
    if !(on as u64 + u64::from(by)).is_multiple_of(3) {
        return (None, None);
    }
    let seen = pick(if child_seen { SEEN } else { UNSEEN }, on, by);
    (
        Some(seen.to_owned()),
        Some(pick(ANALYSIS, on + 1, by).to_owned()),
    )
}

/// An IRO's recommendations at a looked-after review.
pub fn recommendations(on: Day, by: u32) -> String {
    pick(RECOMMENDATIONS, on, by).to_owned()
}

/// The action agreed at a looked-after review.
pub fn action(on: Day, by: u32) -> String {
    pick(ACTIONS, on, by).to_owned()
}
