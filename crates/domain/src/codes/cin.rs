//! Code sets of the Children in Need (CIN) census, 2025-26 collection.
//!
//! Each list below is the enumeration the DfE business and technical
//! specification gives for one data item, named here by its XML element and
//! CBDS number:
//!
//! | enum | CIN item |
//! |---|---|
//! | [`ReferralSource`] | `ReferralSource` N00152 |
//! | [`PrimaryNeed`] | `PrimaryNeedCode` N00101 (also the SSDA903 `CIN` item, which allows N1-N8 only) |
//! | [`ReasonForClosure`] | `ReasonForClosure` N00103 |
//! | [`AssessmentFactor`] | `AssessmentFactors` N00181 (in `FactorsIdentifiedAtAssessment`) |
//! | [`CategoryOfAbuse`] | `InitialCategoryOfAbuse` N00113 and `LatestCategoryOfAbuse` N00114 |
//! | [`Disability`] | `Disability` N00099 |
//! | [`Ethnicity`] | `Ethnicity` N00177 (the same list is the SSDA903 `ETHNIC` item) |
//! | [`Sex`] | `Sex` N00783, from 2024-25 (replaced `GenderCurrent` N00065) |
//! | [`UpnUnknown`] | `UPNunknown` N00135 |
//!
//! Where the facts come from: the code lists of the community XSD for the
//! 2025-26 census (`CIN_schema_2026.xsd`, SocialFinanceDigitalLabs
//! liia-tools-pipeline), checked against the code lists in the DfE validation
//! rules as implemented by the data-to-insight CIN validator (rules 8640,
//! 8866, 8770Q, 8905/8910, 8945Q/8950Q). Meanings are written here in our own
//! words from the XSD annotations and the data-to-insight standard data model.
//!
//! Validity dates follow the first census in which a code could be used (a
//! census runs from 1 April to 31 March):
//!
//! - 2020-21: assessment factors 18A and 19A split into 18B/18C and 19B/19C;
//! - 2021-22: assessment factor 24A (child criminal exploitation);
//! - 2022-23: referral source 5D (early help) and closure reason RC9.
//!
//! The codes are case-sensitive exactly as the DfE writes them.

use super::code_set;

code_set! {
    /// Who referred the child to children's social care (CIN `ReferralSource` N00152).
    pub enum ReferralSource in "referral source" {
        /// Individual: a family member, relative or carer
        IndividualFamilyMember = "1A",
        /// Individual: an acquaintance, such as a neighbour or child minder
        IndividualAcquaintance = "1B",
        /// Individual: the child themself
        IndividualSelf = "1C",
        /// Individual: anyone else, such as a stranger or an MP
        IndividualOther = "1D",
        /// Schools
        Schools = "2A",
        /// Education services
        EducationServices = "2B",
        /// Health services: general practitioner
        HealthGp = "3A",
        /// Health services: health visitor
        HealthVisitor = "3B",
        /// Health services: school nurse
        HealthSchoolNurse = "3C",
        /// Health services: other primary health services
        HealthOtherPrimary = "3D",
        /// Health services: accident and emergency department
        HealthAccidentAndEmergency = "3E",
        /// Health services: other, such as a hospice
        HealthOther = "3F",
        /// Housing: local authority housing or a housing association
        Housing = "4",
        /// LA services: social care, such as adult social care
        LaSocialCare = "5A",
        /// LA services: another internal department, such as youth offending (not housing)
        LaOtherInternal = "5B",
        /// LA services: external, from another local authority's services
        LaExternal = "5C",
        /// LA services: early help
        /// Added for the 2022-23 census.
        LaEarlyHelp = "5D" from (2022, 4, 1),
        /// Police
        Police = "6",
        /// Other legal agency: courts, probation, immigration, Cafcass or prison
        OtherLegalAgency = "7",
        /// Other: children's centres, independent agencies or voluntary organisations
        Other = "8",
        /// Anonymous
        Anonymous = "9",
        /// Unknown
        Unknown = "10",
    }
}

code_set! {
    /// The child's main need at assessment (CIN `PrimaryNeedCode` N00101).
    ///
    /// When more than one applies, the DfE asks for the one highest in the list.
    /// The SSDA903 `CIN` item (category of need) uses N1-N8 only.
    pub enum PrimaryNeed in "primary need" {
        /// Abuse, neglect and exploitation
        /// Worded "abuse or neglect" before the 2025-26 census.
        N1 = "N1",
        /// The child's disability
        N2 = "N2",
        /// Parental disability or illness
        N3 = "N3",
        /// Family in acute stress
        N4 = "N4",
        /// Family dysfunction
        N5 = "N5",
        /// Socially unacceptable behaviour
        N6 = "N6",
        /// Low income
        N7 = "N7",
        /// Absent parenting
        N8 = "N8",
        /// Cases other than children in need
        /// For example adoption support just after an adoption.
        N9 = "N9",
        /// Not stated
        N0 = "N0",
    }
}

code_set! {
    /// Why an episode of need closed (CIN `ReasonForClosure` N00103).
    pub enum ReasonForClosure in "reason for closure" {
        /// Adopted
        RC1 = "RC1",
        /// Died
        RC2 = "RC2",
        /// Child arrangements order
        RC3 = "RC3",
        /// Special guardianship order
        RC4 = "RC4",
        /// Transferred to the services of another local authority
        RC5 = "RC5",
        /// Transferred to adult social care
        RC6 = "RC6",
        /// Services ended for any other reason, including the child no longer being in need
        RC7 = "RC7",
        /// Closed after assessment with no further action
        RC8 = "RC8",
        /// Closed after assessment and referred to early help
        /// Added for the 2022-23 census.
        RC9 = "RC9" from (2022, 4, 1),
    }
}

code_set! {
    /// A factor identified at the end of an assessment (CIN `AssessmentFactors` N00181).
    ///
    /// The codes 1A-3F are a different list from [`ReferralSource`], though
    /// some look the same. Code 21 must not be combined with any other code
    /// (rule 8869).
    pub enum AssessmentFactor in "assessment factor" {
        /// Alcohol misuse by the child
        AlcoholMisuseChild = "1A",
        /// Alcohol misuse by a parent or carer
        AlcoholMisuseParentCarer = "1B",
        /// Alcohol misuse by another person in the household
        AlcoholMisuseOtherPerson = "1C",
        /// Drug misuse by the child
        DrugMisuseChild = "2A",
        /// Drug misuse by a parent or carer
        DrugMisuseParentCarer = "2B",
        /// Drug misuse by another person in the household
        DrugMisuseOtherPerson = "2C",
        /// Domestic violence or abuse with the child as its subject
        DomesticViolenceChild = "3A",
        /// Domestic violence or abuse with a parent or carer as its subject
        DomesticViolenceParentCarer = "3B",
        /// Domestic violence or abuse with another person in the household as its subject
        DomesticViolenceOtherPerson = "3C",
        /// Mental health of the child
        MentalHealthChild = "4A",
        /// Mental health of a parent or carer
        MentalHealthParentCarer = "4B",
        /// Mental health of another person in the family or household
        MentalHealthOtherPerson = "4C",
        /// Learning disability of the child
        LearningDisabilityChild = "5A",
        /// Learning disability of a parent or carer
        LearningDisabilityParentCarer = "5B",
        /// Learning disability of another person in the family or household
        LearningDisabilityOtherPerson = "5C",
        /// Physical disability or illness of the child
        PhysicalDisabilityChild = "6A",
        /// Physical disability or illness of a parent or carer
        PhysicalDisabilityParentCarer = "6B",
        /// Physical disability or illness of another person in the family or household
        PhysicalDisabilityOtherPerson = "6C",
        /// Young carer: caring responsibilities may harm the child's health or development
        YoungCarer = "7A",
        /// Privately fostered: a child from overseas who intends to go back
        PrivatelyFosteredOverseasReturning = "8B",
        /// Privately fostered: a child from overseas who intends to stay
        PrivatelyFosteredOverseasStaying = "8C",
        /// Privately fostered: a UK child in an educational placement
        PrivatelyFosteredUkEducation = "8D",
        /// Privately fostered: a UK child in an alternative family arrangement
        PrivatelyFosteredUkFamilyArrangement = "8E",
        /// Privately fostered: other
        PrivatelyFosteredOther = "8F",
        /// Unaccompanied asylum-seeking child
        Uasc = "9A",
        /// Going or being missing
        Missing = "10A",
        /// Child sexual exploitation
        ChildSexualExploitation = "11A",
        /// Trafficking
        Trafficking = "12A",
        /// Involvement in or with gangs
        Gangs = "13A",
        /// The child's socially unacceptable behaviour
        SociallyUnacceptableBehaviour = "14A",
        /// Suspected or actual self-harm
        SelfHarm = "15A",
        /// Abuse or neglect: neglect
        Neglect = "16A",
        /// Abuse or neglect: emotional abuse
        EmotionalAbuse = "17A",
        /// Abuse or neglect: physical abuse
        /// Withdrawn for the 2020-21 census, replaced by 18B and 18C (query rule 8945Q).
        PhysicalAbuse = "18A" until (2020, 4, 1),
        /// Abuse or neglect: physical abuse by another child
        PhysicalAbuseChildOnChild = "18B" from (2020, 4, 1),
        /// Abuse or neglect: physical abuse by an adult
        PhysicalAbuseAdultOnChild = "18C" from (2020, 4, 1),
        /// Abuse or neglect: sexual abuse
        /// Withdrawn for the 2020-21 census, replaced by 19B and 19C (query rule 8950Q).
        SexualAbuse = "19A" until (2020, 4, 1),
        /// Abuse or neglect: sexual abuse by another child
        SexualAbuseChildOnChild = "19B" from (2020, 4, 1),
        /// Abuse or neglect: sexual abuse by an adult
        SexualAbuseAdultOnChild = "19C" from (2020, 4, 1),
        /// Other
        Other = "20",
        /// No factors identified
        /// Only when there is no evidence of any factor and no further action follows.
        NoFactorsIdentified = "21",
        /// Female genital mutilation
        FemaleGenitalMutilation = "22A",
        /// Abuse linked to faith or belief
        AbuseLinkedToFaithOrBelief = "23A",
        /// Child criminal exploitation
        /// Added for the 2021-22 census.
        ChildCriminalExploitation = "24A" from (2021, 4, 1),
    }
}

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
    /// A disability of the child (CIN `Disability` N00099).
    ///
    /// NONE must not be combined with another code (rule 8790), and a child
    /// has each code at most once (rule 8794).
    pub enum Disability in "disability" {
        /// No disability
        NONE = "NONE",
        /// Mobility
        MOB = "MOB",
        /// Hand function
        HAND = "HAND",
        /// Personal care
        PC = "PC",
        /// Incontinence
        INC = "INC",
        /// Communication
        COMM = "COMM",
        /// Learning
        LD = "LD",
        /// Hearing
        HEAR = "HEAR",
        /// Vision
        VIS = "VIS",
        /// Behaviour
        BEH = "BEH",
        /// Consciousness
        CON = "CON",
        /// Autism or Asperger's syndrome (diagnosed)
        AUT = "AUT",
        /// Other disability under the Disability Discrimination Act not in the categories above
        DDA = "DDA",
    }
}

code_set! {
    /// Ethnicity (CIN `Ethnicity` N00177; the same list is SSDA903 `ETHNIC`).
    pub enum Ethnicity in "ethnicity" {
        /// White British
        WBRI = "WBRI",
        /// White Irish
        WIRI = "WIRI",
        /// Traveller of Irish heritage
        WIRT = "WIRT",
        /// Any other White background
        WOTH = "WOTH",
        /// Gypsy or Roma
        WROM = "WROM",
        /// White and Black Caribbean
        MWBC = "MWBC",
        /// White and Black African
        MWBA = "MWBA",
        /// White and Asian
        MWAS = "MWAS",
        /// Any other mixed background
        MOTH = "MOTH",
        /// Indian
        AIND = "AIND",
        /// Pakistani
        APKN = "APKN",
        /// Bangladeshi
        ABAN = "ABAN",
        /// Any other Asian background
        AOTH = "AOTH",
        /// Caribbean
        BCRB = "BCRB",
        /// African
        BAFR = "BAFR",
        /// Any other Black background
        BOTH = "BOTH",
        /// Chinese
        CHNE = "CHNE",
        /// Any other ethnic group
        OOTH = "OOTH",
        /// Refused
        REFU = "REFU",
        /// Information not yet obtained
        NOBT = "NOBT",
    }
}

code_set! {
    /// The child's sex (CIN `Sex` N00783, from the 2024-25 census).
    ///
    /// It replaced `GenderCurrent` (1/2/0/9). U is required for an unborn
    /// child (rule 8750). The SSDA903 `SEX` item uses the same letters from
    /// 2024-25.
    pub enum Sex in "sex" {
        /// Male
        M = "M",
        /// Female
        F = "F",
        /// Unknown (including unborn)
        U = "U",
    }
}

code_set! {
    /// Why the child has no unique pupil number (CIN `UPNunknown` N00135).
    ///
    /// Which return takes which: the CIN census takes UN1-UN7 (its
    /// `UPNunknown` element, 2025-26 XSD `unknownupntype`); the SSDA903
    /// writes the reason in place of the UPN in its `UPN` column and takes
    /// UN1-UN5 only (SSDA903 guide 2025-26; rule 168): a child recorded with
    /// UN6 or UN7 has no valid SSDA903 value and the return must say so.
    /// [`UpnUnknown::in_ssda903`] tells them apart.
    pub enum UpnUnknown in "UPN unknown reason" {
        /// Not of school age and not yet given a UPN
        UN1 = "UN1",
        /// Has never attended a maintained school in England
        UN2 = "UN2",
        /// Educated outside England
        UN3 = "UN3",
        /// Newly a child in need or looked after, and the UPN not yet known
        UN4 = "UN4",
        /// Sources disagree about the child's details, so a UPN cannot be matched reliably
        UN5 = "UN5",
        /// UPN unknown, reason UN6
        /// Meaning not published in our sources.
        UN6 = "UN6",
        /// Referral with no further action
        /// Rule 8772: every episode of the child must then be a referral with no further action.
        UN7 = "UN7",
    }
}

impl UpnUnknown {
    /// Whether the SSDA903 `UPN` column takes this reason (UN1-UN5; the CIN
    /// census takes all seven).
    pub const fn in_ssda903(self) -> bool {
        !matches!(self, UpnUnknown::UN6 | UpnUnknown::UN7)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ssda903_takes_un1_to_un5_and_the_cin_census_all_seven() {
        let in_903: Vec<&str> = UpnUnknown::ALL
            .iter()
            .filter(|u| u.in_ssda903())
            .map(|u| u.as_code())
            .collect();
        assert_eq!(in_903, ["UN1", "UN2", "UN3", "UN4", "UN5"]);
        assert_eq!(UpnUnknown::ALL.len(), 7);
    }
    use crate::codes::check_list;
    use jiff::civil::date;

    #[test]
    fn every_list_round_trips_without_duplicates() {
        check_list!(ReferralSource, 22);
        check_list!(PrimaryNeed, 10);
        check_list!(ReasonForClosure, 9);
        check_list!(AssessmentFactor, 44);
        check_list!(CategoryOfAbuse, 5);
        check_list!(Disability, 13);
        check_list!(Ethnicity, 20);
        check_list!(Sex, 3);
        check_list!(UpnUnknown, 7);
    }

    #[test]
    fn codes_are_exactly_as_the_dfe_writes_them() {
        assert_eq!(ReferralSource::IndividualFamilyMember.as_code(), "1A");
        assert_eq!(ReferralSource::Unknown.as_code(), "10");
        assert_eq!(AssessmentFactor::AlcoholMisuseChild.as_code(), "1A");
        assert_eq!(AssessmentFactor::NoFactorsIdentified.as_code(), "21");
        assert_eq!(ReferralSource::from_code("5d").ok(), None);
        assert_eq!(Sex::from_code("m").ok(), None);
        assert_eq!(ReferralSource::from_code(" 1A").ok(), None);
        assert_eq!(Ethnicity::from_code("").ok(), None);
    }

    #[test]
    fn unknown_code_error_names_code_and_list() {
        let err = ReferralSource::from_code("11").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown code \"11\" in the list referral source"
        );
        let err = AssessmentFactor::from_code("25A").unwrap_err();
        assert!(err.to_string().contains("\"25A\""));
        assert!(err.to_string().contains("assessment factor"));
    }

    #[test]
    fn serde_uses_the_code_string() {
        let json = serde_json::to_string(&ReferralSource::LaEarlyHelp).unwrap();
        assert_eq!(json, "\"5D\"");
        let back: ReferralSource = serde_json::from_str(&json).unwrap();
        assert_eq!(back, ReferralSource::LaEarlyHelp);
        let factors: Vec<AssessmentFactor> = serde_json::from_str(r#"["1B","21","24A"]"#).unwrap();
        assert_eq!(
            factors,
            [
                AssessmentFactor::AlcoholMisuseParentCarer,
                AssessmentFactor::NoFactorsIdentified,
                AssessmentFactor::ChildCriminalExploitation,
            ]
        );
        let err = serde_json::from_str::<CategoryOfAbuse>("\"XYZ\"").unwrap_err();
        assert!(err.to_string().contains("category of abuse"));
    }

    #[test]
    fn early_help_codes_start_in_2022_23() {
        for v in [
            ReferralSource::LaEarlyHelp.validity(),
            ReasonForClosure::RC9.validity(),
        ] {
            assert!(!v.valid_on(date(2022, 3, 31)));
            assert!(v.valid_on(date(2022, 4, 1)));
            assert!(v.valid_on(date(2026, 3, 31)));
            assert!(!v.valid_in_collection_year(2022));
            assert!(v.valid_in_collection_year(2023));
            assert!(v.valid_in_collection_year(2026));
        }
        assert!(ReasonForClosure::RC8.validity().valid_on(date(2010, 1, 1)));
    }

    #[test]
    fn abuse_factors_split_in_2020_21() {
        for old in [
            AssessmentFactor::PhysicalAbuse,
            AssessmentFactor::SexualAbuse,
        ] {
            let v = old.validity();
            assert!(v.valid_on(date(2020, 3, 31)));
            assert!(!v.valid_on(date(2020, 4, 1)));
            assert!(v.valid_in_collection_year(2020));
            assert!(!v.valid_in_collection_year(2021));
        }
        for new in [
            AssessmentFactor::PhysicalAbuseChildOnChild,
            AssessmentFactor::PhysicalAbuseAdultOnChild,
            AssessmentFactor::SexualAbuseChildOnChild,
            AssessmentFactor::SexualAbuseAdultOnChild,
        ] {
            let v = new.validity();
            assert!(!v.valid_on(date(2020, 3, 31)));
            assert!(v.valid_on(date(2020, 4, 1)));
        }
        let cce = AssessmentFactor::ChildCriminalExploitation.validity();
        assert!(!cce.valid_on(date(2021, 3, 31)));
        assert!(cce.valid_on(date(2021, 4, 1)));
    }

    #[test]
    fn lists_valid_in_2025_26_match_the_census() {
        let factors: Vec<&str> = AssessmentFactor::ALL
            .iter()
            .filter(|f| f.validity().valid_in_collection_year(2026))
            .map(|f| f.as_code())
            .collect();
        assert_eq!(factors.len(), 42);
        assert!(!factors.contains(&"18A") && !factors.contains(&"19A"));
        for list_all_valid in [
            ReferralSource::ALL
                .iter()
                .all(|c| c.validity().valid_in_collection_year(2026)),
            ReasonForClosure::ALL
                .iter()
                .all(|c| c.validity().valid_in_collection_year(2026)),
            PrimaryNeed::ALL
                .iter()
                .all(|c| c.validity().valid_in_collection_year(2026)),
        ] {
            assert!(list_all_valid);
        }
    }
}
