//! CIN census code sets (2025-26 collection).

use super::code_set;

code_set! {
    /// Category of abuse (CIN `InitialCategoryOfAbuse` N00113 and `LatestCategoryOfAbuse` N00114).
    pub enum CategoryOfAbuse in "category of abuse" {
        /// Neglect
        NEG = "NEG",
        /// Physical abuse
        PHY = "PHY",
        /// Sexual abuse
        SAB = "SAB",
        /// Emotional abuse
        EMO = "EMO",
        /// Multiple categories or not recommended
        MUL = "MUL",
    }
}
