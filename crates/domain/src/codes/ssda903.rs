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
