//! SSDA903 code sets (2025-26 collection).

use super::code_set;

code_set! {
    /// Placement type (SSDA903 `PLACE`).
    pub enum PlacementType in "placement type" {
        /// Independent living
        P2 = "P2" until (2023, 10, 28),
        /// Supported accommodation not subject to children's homes regulations
        K3 = "K3" from (2024, 4, 1),
    }
}

code_set! {
    /// stub
    pub enum LegalStatus in "legal status" {
        /// ICO
        C1 = "C1",
        /// FCO
        C2 = "C2",
        /// s20
        V2 = "V2",
        /// PO
        E1 = "E1",
        /// V3
        V3 = "V3",
        /// V4
        V4 = "V4",
    }
}
code_set! {
    /// stub
    pub enum ReasonForNewEpisode in "reason for new episode" {
        /// S
        S = "S",
        /// L
        L = "L",
        /// P
        P = "P",
        /// T
        T = "T",
        /// B
        B = "B",
        /// U
        U = "U",
    }
}
code_set! {
    /// stub
    pub enum PlacementProvider in "placement provider" {
        /// own
        PR1 = "PR1",
    }
}
code_set! {
    /// stub
    pub enum ReasonEpisodeCeased in "reason episode ceased" {
        /// X1
        X1 = "X1",
        /// home
        E4A = "E4A",
        /// adopted
        E11 = "E11",
    }
}
code_set! {
    /// stub
    pub enum ReasonForPlacementChange in "reason for placement change" {
        /// care plan
        CARPL = "CARPL",
    }
}
code_set! {
    /// stub
    pub enum ReviewParticipation in "review participation" {
        /// PN1
        PN1 = "PN1",
    }
}
code_set! {
    /// stub
    pub enum MissingOrAway in "missing or away" {
        /// missing
        M = "M",
        /// away
        A = "A",
    }
}
code_set! {
    /// stub
    pub enum CareLeaverInTouch in "care leaver in touch" {
        /// yes
        YES = "YES",
    }
}
code_set! {
    /// stub
    pub enum CareLeaverActivity in "care leaver activity" {
        /// F1
        F1 = "F1",
    }
}
code_set! {
    /// stub
    pub enum CareLeaverAccommodation in "care leaver accommodation" {
        /// B1
        B1 = "B1",
    }
}
code_set! {
    /// stub
    pub enum SdqReason in "SDQ reason" {
        /// SDQ1
        SDQ1 = "SDQ1",
    }
}
code_set! {
    /// stub
    pub enum AdopterSex in "adopter sex" {
        /// MF
        MF = "MF",
    }
}
code_set! {
    /// stub
    pub enum AdopterLegalStatus in "adopter legal status" {
        /// L0
        L0 = "L0",
    }
}
code_set! {
    /// stub
    pub enum ReasonDecisionReversed in "reason decision reversed" {
        /// RD1
        RD1 = "RD1",
    }
}
