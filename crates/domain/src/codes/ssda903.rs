//! Code sets of the SSDA903 children looked after return, 2025-26 collection.
//!
//! Each list below is the code set the DfE specification gives for one
//! SSDA903 item, named by its CSV column (the XML tag, where it differs, in
//! brackets):
//!
//! | enum | SSDA903 item | file |
//! |---|---|---|
//! | [`LegalStatus`] | `LS` | episodes |
//! | [`ReasonForNewEpisode`] | `RNE` | episodes |
//! | [`PlacementType`] | `PLACE` (`PL`) | episodes |
//! | [`PlacementProvider`] | `PLACE_PROVIDER` | episodes |
//! | [`ReasonEpisodeCeased`] | `REC` | episodes |
//! | [`ReasonForPlacementChange`] | `REASON_PLACE_CHANGE` | episodes |
//! | [`ReviewParticipation`] | `REVIEW_CODE` | reviews |
//! | [`MissingOrAway`] | `MISSING` | missing |
//! | [`CareLeaverInTouch`] | `IN_TOUCH` | OC3 |
//! | [`CareLeaverActivity`] | `ACTIV` | OC3 |
//! | [`CareLeaverAccommodation`] | `ACCOM` | OC3 |
//! | [`SdqReason`] | `SDQ_REASON` | OC2 |
//! | [`AdopterSex`] | `SEX_ADOPTR` | AD1 |
//! | [`AdopterLegalStatus`] | `LS_ADOPTR` | AD1 |
//! | [`ReasonDecisionReversed`] | `REASON_PLACED_CEASED` | placed for adoption |
//! | [`PreviousPermanence`] | `PREV_PERM` | previous permanence |
//! | [`SocialWorkerChangeReason`] | `SW_REASON` | social worker episodes (from 2023-24) |
//!
//! Lists shared with the CIN census live in [`super::cin`]: `ETHNIC` is
//! [`super::Ethnicity`], `SEX` (M/F/U from 2024-25) is [`super::Sex`], and the
//! episode `CIN` item (category of need) is [`super::PrimaryNeed`], of which
//! only N1-N8 are allowed on an episode. The yes/no items (`MOTHER`,
//! `FOSTER_CARE`, the OC2 health flags) and the UASC status flag are 0/1
//! values, not code lists, so there is no enum for them.
//!
//! Where the facts come from: the SSDA903 column specification with its code
//! lists and year-on-year changes (`SSDA903_schema_2017.yml` and the
//! `*.diff.yml` files to 2026, SocialFinanceDigitalLabs liia-tools-pipeline),
//! checked against the code lists of the DfE validation rules as implemented
//! by the data-to-insight 903 validator (rules 131, 132, 133, 146, 149, 176,
//! 177, 178, 196, 1009, the `SW` rules) for each collection year. Meanings
//! are written here in our own words from the data-to-insight standard data
//! model, which repeats the DfE guide.
//!
//! Validity dates (`from` = first date a code may be used, `until` = first
//! date it may not). Where only the collection year of a change is known,
//! the date is the 1 April that starts that year:
//!
//! - from 2018-19: reasons episode ceased E45-E48 replace E43/E44, and
//!   placement change reason CUSTOD is added;
//! - from 2021-22: activity codes F4/P4 (apprenticeship) and F5/P5 (training
//!   or employment) replace F3/P3;
//! - 28 October 2023: placement type P2 (independent living) may no longer
//!   be used (rule 217t);
//! - from 2024-25: placement type K3 (supported accommodation);
//! - from 2025-26: placement types Z11-Z14 replace Z1, and H5 is withdrawn
//!   (rule 146 of the 2025-26 validation rules).
//!
//! The codes are case-sensitive exactly as the DfE writes them.

use super::code_set;

code_set! {
    /// The legal basis on which the child is looked after (SSDA903 `LS`).
    pub enum LegalStatus in "legal status" {
        /// Interim care order
        C1 = "C1",
        /// Full care order
        C2 = "C2",
        /// Freeing order granted
        D1 = "D1",
        /// Placement order granted
        E1 = "E1",
        /// Single period of accommodation under section 20 of the Children Act 1989
        V2 = "V2",
        /// Agreed series of short-term breaks, recorded as individual episodes of care
        V3 = "V3",
        /// Agreed series of short-term breaks, recorded as agreements rather than episodes
        V4 = "V4",
        /// Under police protection and in local authority accommodation
        L1 = "L1",
        /// Emergency protection order
        L2 = "L2",
        /// Under a child assessment order and in local authority accommodation
        L3 = "L3",
        /// Remanded to local authority or youth detention accommodation
        J1 = "J1",
        /// In local authority accommodation under the Police and Criminal Evidence Act 1984
        J2 = "J2",
        /// Youth rehabilitation order with a residence or intensive fostering requirement
        J3 = "J3",
    }
}

code_set! {
    /// Why a new episode of care began (SSDA903 `RNE`).
    pub enum ReasonForNewEpisode in "reason for new episode" {
        /// Started to be looked after
        /// Also used for each V4 agreement and each individual V3 break.
        S = "S",
        /// Change of legal status only
        L = "L",
        /// Change of placement and carer(s) only
        P = "P",
        /// Change of placement but the same carer(s)
        /// Includes a change of URN or of provider type only.
        T = "T",
        /// Change of legal status and of placement and carer(s) on the same day
        B = "B",
        /// Change of legal status and of placement, with the same carer(s)
        U = "U",
    }
}

code_set! {
    /// Where and with whom the child is placed (SSDA903 `PLACE`, XML `PL`).
    ///
    /// The list across years: P2 may not be used from 28 October 2023, K3
    /// arrived in 2024-25, and in 2025-26 Z11-Z14 replaced Z1 and H5 left the
    /// list.
    pub enum PlacementType in "placement type" {
        /// Placed for adoption with parental or guardian consent, with current foster carer(s)
        /// Section 19 of the Adoption and Children Act 2002, or a freeing order with consent.
        A3 = "A3",
        /// Placed for adoption with parental or guardian consent, not with current foster carer(s)
        A4 = "A4",
        /// Placed for adoption under a placement order, with current foster carer(s)
        /// Section 21 of the Adoption and Children Act 2002, or a freeing order without consent.
        A5 = "A5",
        /// Placed for adoption under a placement order, not with current foster carer(s)
        A6 = "A6",
        /// Semi-independent living not subject to children's homes regulations
        /// Withdrawn from the 2025-26 list; supported accommodation is K3 from 2024-25.
        H5 = "H5" until (2025, 4, 1),
        /// Secure children's home
        K1 = "K1",
        /// Children's home subject to the Children's Homes Regulations
        K2 = "K2",
        /// Supported accommodation not subject to children's homes regulations
        /// Added for 2024-25; the child must be 16 or over (rule 371).
        K3 = "K3" from (2024, 4, 1),
        /// Placed with own parent(s) or other person(s) with parental responsibility
        P1 = "P1",
        /// Independent living, such as a flat, lodgings, bedsit, B&B or with friends
        /// May not be used from 28 October 2023 (rule 217t).
        P2 = "P2" until (2023, 10, 28),
        /// Residential employment
        P3 = "P3",
        /// Residential care home
        R1 = "R1",
        /// NHS or health trust, or another establishment giving medical or nursing care
        R2 = "R2",
        /// Family centre or mother and baby unit
        R3 = "R3",
        /// Young offender institution
        R5 = "R5",
        /// Residential school, unless dual-registered as a school and children's home
        S1 = "S1",
        /// Temporary move of any type
        T0 = "T0",
        /// Temporary period in hospital
        T1 = "T1",
        /// Temporary absence of the child on holiday
        T2 = "T2",
        /// Temporary accommodation while the usual foster carer(s) are on holiday
        T3 = "T3",
        /// Temporary accommodation of seven days or less for any other reason
        T4 = "T4",
        /// Fostered with relative(s) or friend(s): long-term fostering
        U1 = "U1",
        /// Fostering for adoption or concurrent planning with relative or friend carer(s)
        /// The carer(s) are also approved adopters.
        U2 = "U2",
        /// Fostered with relative(s) or friend(s): neither long-term nor fostering for adoption
        U3 = "U3",
        /// Fostered with other foster carer(s): long-term fostering
        U4 = "U4",
        /// Fostering for adoption or concurrent planning with other foster carer(s)
        /// The carer(s) are also approved adopters.
        U5 = "U5",
        /// Fostered with other foster carer(s): neither long-term nor fostering for adoption
        U6 = "U6",
        /// Other placement, listed on a schedule sent to the DfE
        /// Replaced by Z11-Z14 from 2025-26.
        Z1 = "Z1" until (2025, 4, 1),
        /// Other placement, type Z11 (one of the four codes that replaced Z1)
        /// Meaning not published in our sources. No placement provider or URN is recorded for it (rules 178, 222).
        Z11 = "Z11" from (2025, 4, 1),
        /// Other placement, type Z12 (one of the four codes that replaced Z1)
        /// Meaning not published in our sources. No placement provider or URN is recorded for it (rules 178, 222).
        Z12 = "Z12" from (2025, 4, 1),
        /// Other placement, type Z13 (one of the four codes that replaced Z1)
        /// Meaning not published in our sources. No placement provider or URN is recorded for it (rules 178, 222).
        Z13 = "Z13" from (2025, 4, 1),
        /// Other placement, type Z14 (one of the four codes that replaced Z1)
        /// Meaning not published in our sources. No placement provider or URN is recorded for it (rules 178, 222).
        Z14 = "Z14" from (2025, 4, 1),
    }
}

code_set! {
    /// Who provides the placement (SSDA903 `PLACE_PROVIDER`).
    pub enum PlacementProvider in "placement provider" {
        /// Parent(s) or other person(s) with parental responsibility
        PR0 = "PR0",
        /// The local authority's own provision
        /// Includes a regional adoption agency hosted by this authority.
        PR1 = "PR1",
        /// Another local authority's provision
        /// Includes a regional adoption agency hosted by another authority.
        PR2 = "PR2",
        /// Other public provision
        PR3 = "PR3",
        /// Private provision
        PR4 = "PR4",
        /// Voluntary or third sector provision
        PR5 = "PR5",
    }
}

code_set! {
    /// Why an episode of care ended (SSDA903 `REC`).
    pub enum ReasonEpisodeCeased in "reason episode ceased" {
        /// The episode ends and a new one begins on the same day
        X1 = "X1",
        /// Adopted: application unopposed
        E11 = "E11",
        /// Adopted: consent dispensed with by the court
        E12 = "E12",
        /// Died
        E2 = "E2",
        /// Care taken over by another local authority in the UK
        E3 = "E3",
        /// Returned home to parent(s), relative(s) or others with parental responsibility, as part of care planning
        /// Not under a special guardianship or child arrangements order.
        E4A = "E4A",
        /// Returned home to parent(s), relative(s) or others with parental responsibility, not as part of care planning
        E4B = "E4B",
        /// Left care to live with parent(s), relative(s) or another person without parental responsibility
        E13 = "E13",
        /// Residence order or child arrangements order granted
        E41 = "E41",
        /// Special guardianship order made to former foster carer(s)
        /// Wording not published in our sources; replaced by E45 and E46 from 2018-19.
        E43 = "E43" until (2018, 4, 1),
        /// Special guardianship order made to carer(s) other than former foster carer(s)
        /// Wording not published in our sources; replaced by E47 and E48 from 2018-19.
        E44 = "E44" until (2018, 4, 1),
        /// Special guardianship order made to former foster carer(s) who are relative(s) or friend(s)
        E45 = "E45" from (2018, 4, 1),
        /// Special guardianship order made to former foster carer(s) who are not relatives or friends
        E46 = "E46" from (2018, 4, 1),
        /// Special guardianship order made to carer(s), not former foster carers, who are relative(s) or friend(s)
        E47 = "E47" from (2018, 4, 1),
        /// Special guardianship order made to carer(s), not former foster carers, who are not relatives or friends
        E48 = "E48" from (2018, 4, 1),
        /// Moved into independent living with formalised support
        E5 = "E5",
        /// Moved into independent living without formalised support
        E6 = "E6",
        /// Transferred to residential care funded by adult social care
        E7 = "E7",
        /// Sentenced to custody
        E9 = "E9",
        /// Accommodation on remand ended
        E14 = "E14",
        /// An age assessment found the child to be 18 or over
        E15 = "E15",
        /// The child moved abroad
        E16 = "E16",
        /// Aged 18 or over and stayed with current carers, including staying put
        E17 = "E17",
        /// Ceased for any other reason
        E8 = "E8",
    }
}

code_set! {
    /// Why the placement changed (SSDA903 `REASON_PLACE_CHANGE`).
    pub enum ReasonForPlacementChange in "reason for placement change" {
        /// Change to or implementation of the care plan
        CARPL = "CARPL",
        /// Resignation of the carer or closure of the provision
        CLOSE = "CLOSE",
        /// Allegation (section 47 enquiry)
        ALLEG = "ALLEG",
        /// Concern about standards of care
        STAND = "STAND",
        /// Approval of the carer or provision removed
        APPRR = "APPRR",
        /// Carer(s) asked for the placement to end because of the child's behaviour
        CREQB = "CREQB",
        /// Carer(s) asked for the placement to end for other reasons
        CREQO = "CREQO",
        /// The child asked for the placement to end
        CHILD = "CHILD",
        /// The responsible or area authority asked for the placement to end
        LAREQ = "LAREQ",
        /// Change in the status of the placement only
        PLACE = "PLACE",
        /// Custody arrangement
        /// Not for a child under 10 at the start of the episode (rule 234).
        CUSTOD = "CUSTOD" from (2018, 4, 1),
        /// Any other reason
        OTHER = "OTHER",
    }
}

code_set! {
    /// How the child took part in a looked-after review (SSDA903 `REVIEW_CODE`).
    pub enum ReviewParticipation in "review participation" {
        /// The child was under 4 at the time of the review
        PN0 = "PN0",
        /// Attended and spoke for themself
        PN1 = "PN1",
        /// Attended, and an advocate or the IRO spoke for them
        PN2 = "PN2",
        /// Attended and conveyed their views without words
        PN3 = "PN3",
        /// Attended without contributing
        PN4 = "PN4",
        /// Did not attend, and briefed an advocate to speak for them
        PN5 = "PN5",
        /// Did not attend, and conveyed their views by another medium
        PN6 = "PN6",
        /// Did not attend, and their views were not conveyed
        PN7 = "PN7",
    }
}

code_set! {
    /// Whether the child was missing or away from placement (SSDA903 `MISSING`).
    pub enum MissingOrAway in "missing or away" {
        /// Missing from care: not where they should be, and whereabouts not known
        M = "M",
        /// Away from placement without authorisation: whereabouts known
        A = "A",
    }
}

code_set! {
    /// Whether the local authority is in touch with a care leaver (SSDA903 `IN_TOUCH`).
    pub enum CareLeaverInTouch in "care leaver in touch" {
        /// In touch
        YES = "YES",
        /// Not in touch
        NO = "NO",
        /// Died since leaving care
        DIED = "DIED",
        /// The young person refuses contact
        REFU = "REFU",
        /// The young person no longer needs services
        NREQ = "NREQ",
        /// Returned to live with parent(s) or someone with parental responsibility for 6 months or more
        RHOM = "RHOM",
    }
}

code_set! {
    /// A care leaver's main activity (SSDA903 `ACTIV`).
    pub enum CareLeaverActivity in "care leaver activity" {
        /// Full-time higher education
        F1 = "F1",
        /// Part-time higher education
        P1 = "P1",
        /// Full-time education other than higher education
        F2 = "F2",
        /// Part-time education other than higher education
        P2 = "P2",
        /// Full-time training or employment
        /// Superseded by F4 and F5 from 2021-22.
        F3 = "F3" until (2021, 4, 1),
        /// Part-time training or employment
        /// Superseded by P4 and P5 from 2021-22.
        P3 = "P3" until (2021, 4, 1),
        /// Full-time apprenticeship
        F4 = "F4" from (2021, 4, 1),
        /// Part-time apprenticeship
        P4 = "P4" from (2021, 4, 1),
        /// Full-time training or employment, not an apprenticeship
        F5 = "F5" from (2021, 4, 1),
        /// Part-time training or employment, not an apprenticeship
        P5 = "P5" from (2021, 4, 1),
        /// Not in education, employment or training because of illness or disability
        G4 = "G4",
        /// Not in education, employment or training for other reasons
        G5 = "G5",
        /// Not in education, employment or training because of pregnancy or parenting
        G6 = "G6",
        /// No activity recorded
        /// For a young person who has died or returned home (rule 344); never when in touch (rule 345).
        NoInformation = "0",
    }
}

code_set! {
    /// A care leaver's accommodation and whether it is suitable (SSDA903 `ACCOM`).
    ///
    /// The letter is the kind of accommodation; the digit is 1 when it is
    /// suitable and 2 when it is not. Homelessness (S) and custody (X) are
    /// always unsuitable: the DfE list (rule 133) has S2 and X2 but not S1 or
    /// X1, although some community schemas accept them.
    pub enum CareLeaverAccommodation in "care leaver accommodation" {
        /// With parent(s) or relative(s): suitable
        B1 = "B1",
        /// With parent(s) or relative(s): unsuitable
        B2 = "B2",
        /// Community home or other residential care, such as an NHS establishment: suitable
        C1 = "C1",
        /// Community home or other residential care, such as an NHS establishment: unsuitable
        C2 = "C2",
        /// Semi-independent or transitional accommodation: suitable
        D1 = "D1",
        /// Semi-independent or transitional accommodation: unsuitable
        D2 = "D2",
        /// Supported lodgings: suitable
        E1 = "E1",
        /// Supported lodgings: unsuitable
        E2 = "E2",
        /// Gone abroad: suitable
        G1 = "G1",
        /// Gone abroad: unsuitable
        G2 = "G2",
        /// Deported: suitable
        H1 = "H1",
        /// Deported: unsuitable
        H2 = "H2",
        /// Ordinary lodgings without formal support: suitable
        K1 = "K1",
        /// Ordinary lodgings without formal support: unsuitable
        K2 = "K2",
        /// Residence not known: suitable
        R1 = "R1",
        /// Residence not known: unsuitable
        R2 = "R2",
        /// No fixed abode or homeless: unsuitable
        S2 = "S2",
        /// Foyer or similar accommodation combined with education, training or work: suitable
        T1 = "T1",
        /// Foyer or similar accommodation combined with education, training or work: unsuitable
        T2 = "T2",
        /// Independent living, such as a tenancy or college accommodation: suitable
        U1 = "U1",
        /// Independent living, such as a tenancy or college accommodation: unsuitable
        U2 = "U2",
        /// Emergency accommodation, such as a night shelter or direct-access hostel: suitable
        V1 = "V1",
        /// Emergency accommodation, such as a night shelter or direct-access hostel: unsuitable
        V2 = "V2",
        /// Bed and breakfast: suitable
        W1 = "W1",
        /// Bed and breakfast: unsuitable
        W2 = "W2",
        /// In custody: unsuitable
        X2 = "X2",
        /// Other accommodation: suitable
        Y1 = "Y1",
        /// Other accommodation: unsuitable
        Y2 = "Y2",
        /// With former foster carer(s): suitable
        /// Not for 17-year-olds (rule 3001).
        Z1 = "Z1",
        /// With former foster carer(s): unsuitable
        /// Not for 17-year-olds (rule 3001).
        Z2 = "Z2",
        /// No accommodation recorded
        /// For a young person who has died or returned home (rule 344); never when in touch (rule 345).
        NoInformation = "0",
    }
}

code_set! {
    /// Why no strengths and difficulties questionnaire score was returned (SSDA903 `SDQ_REASON`).
    pub enum SdqReason in "SDQ reason" {
        /// No form returned: the child was under 4 or over 16 at the latest assessment
        SDQ1 = "SDQ1",
        /// The carer(s) refused to complete and return the questionnaire
        SDQ2 = "SDQ2",
        /// Not possible because of the severity of the child's disability
        SDQ3 = "SDQ3",
        /// Other
        SDQ4 = "SDQ4",
        /// The child or young person refused to let the questionnaire be completed
        SDQ5 = "SDQ5",
    }
}

code_set! {
    /// The sex of the adopter(s) or prospective adopter(s) (SSDA903 `SEX_ADOPTR`).
    pub enum AdopterSex in "adopter sex" {
        /// Single male
        M1 = "M1",
        /// Single female
        F1 = "F1",
        /// Male couple
        MM = "MM",
        /// Female couple
        FF = "FF",
        /// Male and female couple
        MF = "MF",
    }
}

code_set! {
    /// The legal status of the adopter(s) or prospective adopter(s) (SSDA903 `LS_ADOPTR`).
    pub enum AdopterLegalStatus in "adopter legal status" {
        /// Single adopter
        L0 = "L0",
        /// Married couple of different genders
        L11 = "L11",
        /// Married couple of the same gender
        L12 = "L12",
        /// Civil partnership
        L2 = "L2",
        /// Unmarried couple of different genders
        L3 = "L3",
        /// Couple of the same gender, neither married nor in a civil partnership
        L4 = "L4",
    }
}

code_set! {
    /// Why the decision that the child should be placed for adoption was reversed
    /// (SSDA903 `REASON_PLACED_CEASED`).
    pub enum ReasonDecisionReversed in "reason decision reversed" {
        /// The child's needs changed after the decision
        RD1 = "RD1",
        /// The court did not make a placement order
        RD2 = "RD2",
        /// Prospective adopters could not be found
        RD3 = "RD3",
        /// Any other reason
        RD4 = "RD4",
    }
}

code_set! {
    /// The permanence order that ended an earlier period of care (SSDA903 `PREV_PERM`).
    ///
    /// A different list from [`PlacementType`], although P1-P4 and Z1 look alike.
    pub enum PreviousPermanence in "previous permanence" {
        /// Adoption
        P1 = "P1",
        /// Special guardianship order
        P2 = "P2",
        /// Residence order or child arrangements order naming with whom the child lives
        P3 = "P3",
        /// Not known whether the child had a previous permanence order
        P4 = "P4",
        /// The child has not had a previous permanence order
        Z1 = "Z1",
    }
}

code_set! {
    /// Why the child's social worker changed (SSDA903 `SW_REASON`, social worker
    /// episodes, collected from 2023-24).
    ///
    /// Required for episodes starting on or after 1 April 2023 (rule SW13STG1).
    pub enum SocialWorkerChangeReason in "social worker change reason" {
        /// Managing caseloads
        MANAGE = "MANAGE",
        /// First contact or re-referral
        FCONTA = "FCONTA",
        /// The previous social worker left the role
        LEFTRL = "LEFTRL",
        /// New social worker after an organisational restructure
        ORGRST = "ORGRST",
        /// New social worker after the child transferred under the standard process
        TSPROC = "TSPROC",
        /// Cover for an absence, or return from one
        ABSENC = "ABSENC",
        /// The child asked to change from the previous social worker
        CHCHAN = "CHCHAN",
        /// A parent or carer asked to change from the previous social worker
        PCCHAN = "PCCHAN",
        /// The previous social worker died
        SWDIED = "SWDIED",
        /// Other reason
        OTHERS = "OTHERS",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::check_list;
    use jiff::civil::date;

    fn codes_valid_in(all: &[PlacementType], year_ending: i16) -> Vec<&'static str> {
        all.iter()
            .filter(|p| p.validity().valid_in_collection_year(year_ending))
            .map(|p| p.as_code())
            .collect()
    }

    #[test]
    fn every_list_round_trips_without_duplicates() {
        check_list!(LegalStatus, 13);
        check_list!(ReasonForNewEpisode, 6);
        check_list!(PlacementType, 32);
        check_list!(PlacementProvider, 6);
        check_list!(ReasonEpisodeCeased, 24);
        check_list!(ReasonForPlacementChange, 12);
        check_list!(ReviewParticipation, 8);
        check_list!(MissingOrAway, 2);
        check_list!(CareLeaverInTouch, 6);
        check_list!(CareLeaverActivity, 14);
        check_list!(CareLeaverAccommodation, 31);
        check_list!(SdqReason, 5);
        check_list!(AdopterSex, 5);
        check_list!(AdopterLegalStatus, 6);
        check_list!(ReasonDecisionReversed, 4);
        check_list!(PreviousPermanence, 5);
        check_list!(SocialWorkerChangeReason, 10);
    }

    #[test]
    fn codes_are_exactly_as_the_dfe_writes_them() {
        assert_eq!(CareLeaverActivity::NoInformation.as_code(), "0");
        assert_eq!(CareLeaverAccommodation::NoInformation.as_code(), "0");
        assert_eq!(PlacementType::from_code("k3").ok(), None);
        assert_eq!(ReasonEpisodeCeased::from_code("e4a").ok(), None);
        assert_eq!(CareLeaverInTouch::from_code("Yes").ok(), None);
        assert_eq!(CareLeaverAccommodation::from_code("S1").ok(), None);
        assert_eq!(CareLeaverAccommodation::from_code("X1").ok(), None);
        // The same letters in different lists are different codes.
        assert_eq!(
            PreviousPermanence::P2.description(),
            "Special guardianship order"
        );
        assert_ne!(
            PreviousPermanence::P2.description(),
            PlacementType::P2.description()
        );
    }

    #[test]
    fn unknown_code_error_names_code_and_list() {
        let err = PlacementType::from_code("Z15").unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown code \"Z15\" in the list placement type"
        );
        let err = ReasonEpisodeCeased::from_code("E10").unwrap_err();
        assert!(err.to_string().contains("\"E10\""));
        assert!(err.to_string().contains("reason episode ceased"));
    }

    #[test]
    fn serde_uses_the_code_string() {
        let json = serde_json::to_string(&PlacementType::Z11).unwrap();
        assert_eq!(json, "\"Z11\"");
        assert_eq!(
            serde_json::from_str::<PlacementType>(&json).unwrap(),
            PlacementType::Z11
        );
        let activity: CareLeaverActivity = serde_json::from_str("\"0\"").unwrap();
        assert_eq!(activity, CareLeaverActivity::NoInformation);
        let err = serde_json::from_str::<LegalStatus>("\"V1\"").unwrap_err();
        assert!(err.to_string().contains("legal status"));
        assert!(err.to_string().contains("\"V1\""));
    }

    #[test]
    fn p2_is_invalid_from_28_october_2023() {
        let v = PlacementType::P2.validity();
        assert!(v.valid_on(date(2023, 10, 27)));
        assert!(!v.valid_on(date(2023, 10, 28)));
        assert!(v.valid_in_collection_year(2024));
        assert!(!v.valid_in_collection_year(2025));
    }

    #[test]
    fn k3_starts_in_2024_25() {
        let v = PlacementType::K3.validity();
        assert!(!v.valid_in_collection_year(2024));
        assert!(v.valid_in_collection_year(2025));
        assert!(v.valid_in_collection_year(2026));
        assert!(!v.valid_on(date(2024, 3, 31)));
        assert!(v.valid_on(date(2024, 4, 1)));
    }

    #[test]
    fn z11_to_z14_replace_z1_and_h5_goes_in_2025_26() {
        for z in [
            PlacementType::Z11,
            PlacementType::Z12,
            PlacementType::Z13,
            PlacementType::Z14,
        ] {
            let v = z.validity();
            assert!(!v.valid_in_collection_year(2025));
            assert!(v.valid_in_collection_year(2026));
            assert!(!v.valid_on(date(2025, 3, 31)));
            assert!(v.valid_on(date(2025, 4, 1)));
        }
        for old in [PlacementType::Z1, PlacementType::H5] {
            let v = old.validity();
            assert!(v.valid_on(date(2025, 3, 31)));
            assert!(!v.valid_on(date(2025, 4, 1)));
            assert!(v.valid_in_collection_year(2025));
            assert!(!v.valid_in_collection_year(2026));
        }
    }

    #[test]
    fn placement_types_valid_in_2025_26_match_rule_146() {
        // The 2025-26 list of DfE rule 146.
        let expected = [
            "A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5", "S1",
            "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11", "Z12", "Z13",
            "Z14",
        ];
        assert_eq!(codes_valid_in(PlacementType::ALL, 2026), expected);
        // 2024-25: K3 added; H5 and Z1 still allowed; P2 already gone.
        let in_2024_25 = codes_valid_in(PlacementType::ALL, 2025);
        assert!(in_2024_25.contains(&"K3") && in_2024_25.contains(&"H5"));
        assert!(in_2024_25.contains(&"Z1") && !in_2024_25.contains(&"P2"));
        assert!(!in_2024_25.contains(&"Z11"));
        // 2022-23: the long-standing list of 27 codes.
        assert_eq!(codes_valid_in(PlacementType::ALL, 2023).len(), 27);
    }

    #[test]
    fn reasons_ceased_valid_in_2025_26_match_rule_149() {
        let mut valid: Vec<&str> = ReasonEpisodeCeased::ALL
            .iter()
            .filter(|r| r.validity().valid_in_collection_year(2026))
            .map(|r| r.as_code())
            .collect();
        valid.sort_unstable();
        let mut expected = [
            "E11", "E12", "E2", "E3", "E4A", "E4B", "E13", "E41", "E45", "E46", "E47", "E48", "E5",
            "E6", "E7", "E8", "E9", "E14", "E15", "E16", "E17", "X1",
        ];
        expected.sort_unstable();
        assert_eq!(valid, expected);
        assert!(
            !ReasonEpisodeCeased::E43
                .validity()
                .valid_on(date(2018, 4, 1))
        );
        assert!(
            ReasonEpisodeCeased::E45
                .validity()
                .valid_on(date(2018, 4, 1))
        );
    }

    #[test]
    fn care_leaver_activity_valid_in_2025_26_matches_rule_132() {
        let valid: Vec<&str> = CareLeaverActivity::ALL
            .iter()
            .filter(|a| a.validity().valid_in_collection_year(2026))
            .map(|a| a.as_code())
            .collect();
        assert_eq!(
            valid,
            [
                "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0"
            ]
        );
    }
}
