//! Rules 200-399: episodes of care, their legal statuses and placements.

use super::Rule;

pub(super) const RULES: &[Rule] = &[];
