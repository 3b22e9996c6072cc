//! The values the ledger's events carry that are not DfE code sets: how a
//! contact was screened, what an assessment concluded, the agencies at a
//! strategy discussion, kinds of visit, a placement, family relationships,
//! and the stage of the journey each kind of event belongs to.

use serde::{Deserialize, Serialize};

use crate::codes::{PlacementProvider, PlacementType};
use crate::ids::Postcode;

/// Outcome of the front door's screening of a contact (Working Together ch.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContactOutcome {
    NoFurtherAction,
    AdviceAndInformation,
    EarlyHelp,
    Referral,
}

/// What the assessment concluded.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssessmentOutcome {
    NoFurtherAction,
    EarlyHelp,
    ChildInNeedPlan,
    StrategyDiscussion,
    LookedAfter,
    OtherServices,
}

/// An agency at a strategy discussion. Inspectors look for more than social
/// care and police (Working Together 2023, 4.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    SocialCare,
    Police,
    Health,
    Education,
    Probation,
    Other,
}

/// Why a visit was made; the kind decides which statutory clock it meets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum VisitKind {
    ChildInNeed,
    ChildProtection,
    LookedAfter,
    CareLeaver,
    PrivateFostering,
    Other,
}

/// Initial or review health assessment (CPPCR reg 7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HealthAssessmentKind {
    Initial,
    Review,
}

/// Where and with whom a looked-after child lives (SSDA903 episode columns).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Placement {
    /// SSDA903 `PLACE`.
    pub placement_type: PlacementType,
    /// SSDA903 `PLACE_PROVIDER`; blank for placements with no provider (T0-T4, Z11-Z14).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<PlacementProvider>,
    /// SSDA903 `PL_POST`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub postcode: Option<Postcode>,
    /// SSDA903 `URN`: the Ofsted unique reference number of the setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub urn: Option<String>,
    /// The placement is intended to last until the child is 18, which sets
    /// the visit interval after the first year (CPPCR reg 28(2)(b)).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub long_term: bool,
}

/// How a member of the child's family or network is related to them (the
/// relationships a genogram records; Working Together 2023, 1.2: the
/// family network).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kinship {
    Mother,
    Father,
    StepParent,
    Grandparent,
    Brother,
    Sister,
    HalfBrother,
    HalfSister,
    AuntOrUncle,
    FosterCarer,
    SpecialGuardian,
    Other,
}

impl Kinship {
    /// Every relationship, with its JSON name and its words.
    pub const ALL: &'static [(&'static str, &'static str)] = &[
        ("mother", "Mother"),
        ("father", "Father"),
        ("step_parent", "Step-parent"),
        ("grandparent", "Grandparent"),
        ("brother", "Brother"),
        ("sister", "Sister"),
        ("half_brother", "Half-brother"),
        ("half_sister", "Half-sister"),
        ("aunt_or_uncle", "Aunt or uncle"),
        ("foster_carer", "Foster carer"),
        ("special_guardian", "Special guardian"),
        ("other", "Other relative or family friend"),
    ];

    /// Its JSON name.
    pub fn as_str(self) -> &'static str {
        match self {
            Kinship::Mother => "mother",
            Kinship::Father => "father",
            Kinship::StepParent => "step_parent",
            Kinship::Grandparent => "grandparent",
            Kinship::Brother => "brother",
            Kinship::Sister => "sister",
            Kinship::HalfBrother => "half_brother",
            Kinship::HalfSister => "half_sister",
            Kinship::AuntOrUncle => "aunt_or_uncle",
            Kinship::FosterCarer => "foster_carer",
            Kinship::SpecialGuardian => "special_guardian",
            Kinship::Other => "other",
        }
    }

    /// In words ("Half-brother").
    pub fn in_words(self) -> &'static str {
        Kinship::ALL
            .iter()
            .find(|(k, _)| *k == self.as_str())
            .map_or("Relative", |(_, w)| w)
    }

    /// A parent or someone caring for the child in a parent's place: drawn
    /// above the child in a family tree.
    pub fn is_parent_or_carer(self) -> bool {
        matches!(
            self,
            Kinship::Mother
                | Kinship::Father
                | Kinship::StepParent
                | Kinship::FosterCarer
                | Kinship::SpecialGuardian
        )
    }

    /// A brother or sister, whole or half: drawn beside the child.
    pub fn is_sibling(self) -> bool {
        matches!(
            self,
            Kinship::Brother | Kinship::Sister | Kinship::HalfBrother | Kinship::HalfSister
        )
    }
}

/// The stages of a child's journey, as the fold and the record form group
/// the events (Working Together 2023; the Children Act 1989 guidance and
/// regulations, volumes 2 and 3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// The front door, early help and episodes of need.
    FrontDoorAndNeed,
    /// Strategy discussions, section 47 enquiries and child protection.
    Protection,
    /// Children looked after.
    Care,
    /// Permanence and adoption.
    Adoption,
    /// Care leavers.
    LeavingCare,
    /// Court (pre-proceedings) and the other duties: private fostering and
    /// allegations against adults who work with children.
    CourtAndOtherDuties,
    /// Work on the case at every stage: visits, allocation, oversight,
    /// supervision and case notes.
    Casework,
    /// Amendments and voids of other events.
    Corrections,
    /// Where and with whom the child lives; their family and the
    /// professionals around them.
    FamilyAndNetwork,
    /// Who the child is: their characteristics (sex, ethnicity,
    /// disabilities, UPN, death), and facts about them the DfE returns
    /// count whatever the stage (UASC status, motherhood, offending and
    /// substance misuse).
    Child,
}

impl Stage {
    /// The stage in a practitioner's words.
    pub fn label(self) -> &'static str {
        match self {
            Stage::FrontDoorAndNeed => "The front door and children in need",
            Stage::Protection => "Child protection",
            Stage::Care => "Looked after",
            Stage::Adoption => "Adoption",
            Stage::LeavingCare => "Leaving care",
            Stage::CourtAndOtherDuties => "Court and other duties",
            Stage::Casework => "Work on the case",
            Stage::Corrections => "Corrections",
            Stage::FamilyAndNetwork => "Home, family and network",
            Stage::Child => "The child",
        }
    }
}
