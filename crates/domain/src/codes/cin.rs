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

code_set! {
    /// stub
    pub enum ReferralSource in "referral source" {
        /// Individual
        Individual = "1A",
        /// Police
        Police = "6",
    }
}
code_set! {
    /// stub
    pub enum PrimaryNeed in "primary need" {
        /// Abuse or neglect
        N1 = "N1",
        /// Disability
        N2 = "N2",
        /// N0
        N0 = "N0",
        /// N9
        N9 = "N9",
    }
}
code_set! {
    /// stub
    pub enum ReasonForClosure in "reason for closure" {
        /// Adopted
        RC1 = "RC1",
        /// ceased
        RC7 = "RC7",
        /// NFA
        RC8 = "RC8",
    }
}
code_set! {
    /// stub
    pub enum AssessmentFactor in "assessment factor" {
        /// neglect
        Neglect = "16A",
        /// none
        NoFactors = "21",
    }
}
