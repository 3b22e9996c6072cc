//! Rules 600-799 and the EPI, INT, NoE and SW rules: outcomes (OC2, OC3), deprivation of liberty orders, the checks across tables and the social worker episodes.

use super::Rule;

pub(super) const RULES: &[Rule] = &[];
