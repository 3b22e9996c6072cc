//! Rules 400-599: reviews, missing episodes, placements for adoption and adoptions (AD1).

use super::Rule;

pub(super) const RULES: &[Rule] = &[];
