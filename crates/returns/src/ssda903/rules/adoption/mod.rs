//! Rules 400-599: reviews, missing episodes, placements for adoption and adoptions (AD1).

mod decisions;
mod episodes;
mod health;
mod last_year;
mod missing;
mod placed;
mod shared;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_missing;

use super::{Needs, Rule};

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "406",
        "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank. [NOTE: This check will result in false negatives for children formerly UASC not identified as such in loaded data]",
        &["PL_DISTANCE"],
        episodes::r406,
    )
    .needs(Needs::Places),
    Rule::new(
        "407",
        "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
        &["DEC", "DOB", "REC"],
        episodes::r407,
    ),
    Rule::new(
        "408",
        "Child is placed for adoption with a placement order, but no placement order has been recorded.",
        &["PLACE", "LS"],
        episodes::r408,
    ),
    Rule::new(
        "411",
        "Placement location code disagrees with LA of placement.",
        &["PL_LOCATION"],
        episodes::r411,
    )
    .needs(Needs::Places),
    Rule::new(
        "420",
        "LA of placement completed but child is looked after under legal status V3 or V4.",
        &["PL_LA"],
        episodes::r420,
    )
    .needs(Needs::Places),
    Rule::new(
        "426",
        "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.",
        &["LS"],
        episodes::r426,
    ),
    Rule::new(
        "431",
        "The reason for new episode is started to be looked after, but the previous episode ended on the same day.",
        &["RNE", "DECOM"],
        episodes::r431,
    ),
    Rule::new(
        "432",
        "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.",
        &["RNE"],
        episodes::r432,
    ),
    Rule::new(
        "433",
        "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.",
        &["RNE", "DECOM"],
        episodes::r433,
    ),
    Rule::new(
        "434",
        "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
        &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        episodes::r434,
    ),
    Rule::new(
        "435",
        "Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded.",
        &["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        episodes::r435,
    ),
    Rule::new(
        "436",
        "Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data.",
        &["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
        episodes::r436,
    ),
    Rule::new(
        "437",
        "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
        &["REC"],
        episodes::r437,
    ),
    Rule::new(
        "440",
        "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.",
        &["DOB", "REVIEW", "REVIEW_CODE"],
        episodes::r440,
    ),
    Rule::new(
        "441",
        "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.",
        &["DOB", "REVIEW", "REVIEW_CODE"],
        episodes::r441,
    ),
    Rule::new(
        "442",
        "Unique Pupil Number (UPN) field is not completed.",
        &["UPN"],
        episodes::r442,
    ),
    Rule::new(
        "444",
        "Duplicate UPN has been reported",
        &["UPN"],
        episodes::r444,
    ),
    Rule::new(
        "446",
        "E1 is not a valid code for episodes starting before December 2005.",
        &["LS", "DECOM"],
        episodes::r446,
    ),
    Rule::new(
        "452",
        "Contradiction between local authority of placement code in the last episode of the previous year and in the first episode of the current year.",
        &["PL_LA"],
        last_year::r452,
    )
    .needs(Needs::PlacesAndLastYear),
    Rule::new(
        "453",
        "Contradiction between placement distance in the last episode of the previous year and in the first episode of the current year.",
        &["PL_DISTANCE"],
        last_year::r453,
    )
    .needs(Needs::PlacesAndLastYear),
    Rule::new(
        "454",
        "Placement distance from home is over 350 miles. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]",
        &["PL_DISTANCE"],
        placed::r454,
    )
    .needs(Needs::Places),
    Rule::new(
        "460",
        "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.",
        &["DEC", "REC"],
        placed::r460,
    ),
    Rule::new(
        "501",
        "A new episode has started before the end date of the previous episode.",
        &["DECOM", "DEC"],
        placed::r501,
    ),
    Rule::new(
        "502",
        "Last year's record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year’s record.",
        &["DECOM"],
        last_year::r502,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "503A",
        "The reason for new episode in the first episode does not match open episode at end of last year.",
        &["RNE"],
        last_year::r503a,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "503B",
        "The legal status in the first episode does not match open episode at end of last year.",
        &["LS"],
        last_year::r503b,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "503C",
        "The category of need in the first episode does not match open episode at end of last year.",
        &["CIN"],
        last_year::r503c,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "503D",
        "The placement type in the first episode does not match open episode at end of last year",
        &["PLACE"],
        last_year::r503d,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "503E",
        "The placement provider in the first episode does not match open episode at end of last year.",
        &["PLACE_PROVIDER"],
        last_year::r503e,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "503F",
        "The Ofsted URN in the  first episode does not match open episode at end of last year.",
        &["URN"],
        last_year::r503f,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "503G",
        "The distance in first episode does not match open episode at end of last year.",
        &["PL_DISTANCE"],
        last_year::r503g,
    )
    .needs(Needs::PlacesAndLastYear),
    Rule::new(
        "503H",
        "The placement LA in first episode does not match open episode at end of last year.",
        &["PL_LA"],
        last_year::r503h,
    )
    .needs(Needs::PlacesAndLastYear),
    Rule::new(
        "503J",
        "The placement location in first episode does not match open episode at end of last year.",
        &["PL_LOCATION"],
        last_year::r503j,
    )
    .needs(Needs::PlacesAndLastYear),
    Rule::new(
        "504",
        "The category of need code differs from that reported at start of current period of being looked after",
        &["CIN"],
        placed::r504,
    ),
    Rule::new(
        "511",
        "If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female.",
        &["NB_ADOPTR", "SEX_ADOPTR"],
        placed::r511,
    ),
    Rule::new(
        "514",
        "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple.",
        &["LS_ADOPTR", "SEX_ADOPTR"],
        placed::r514,
    ),
    Rule::new(
        "516",
        "The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6.",
        &["REC", "PLACE"],
        placed::r516,
    ),
    Rule::new(
        "517",
        "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female.",
        &["LS_ADOPTR", "SEX_ADOPTR"],
        placed::r517,
    ),
    Rule::new(
        "518",
        "If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.",
        &["LS_ADOPTR", "SEX_ADOPTR"],
        placed::r518,
    ),
    Rule::new(
        "519",
        "Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple.",
        &["LS_ADOPTR", "SEX_ADOPTR"],
        placed::r519,
    ),
    Rule::new(
        "520",
        "Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple.",
        &["LS_ADOPTR", "SEX_ADOPTR"],
        placed::r520,
    ),
    Rule::new(
        "521",
        "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.",
        &["PLACE", "DECOM", "DATE_INT"],
        placed::r521,
    ),
    Rule::new(
        "522",
        "Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.",
        &["DATE_PLACED", "DATE_PLACED_CEASED"],
        placed::r522,
    ),
    Rule::new(
        "523",
        "Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).",
        &["DATE_PLACED", "DATE_INT"],
        placed::r523,
    ),
    Rule::new(
        "524",
        "If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females",
        &["LS_ADOPTR", "SEX_ADOPTR"],
        placed::r524,
    ),
    Rule::new(
        "525",
        "A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.",
        &["DATE_PLACED_CEASED", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        placed::r525,
    ),
    Rule::new(
        "526",
        "Child is missing a placement provider code for at least one episode.",
        &["PLACE", "PLACE_PROVIDER"],
        placed::r526,
    ),
    Rule::new(
        "527",
        "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
        &["PLACE", "PLACE_PROVIDER"],
        placed::r527,
    ),
    Rule::new(
        "528",
        "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
        &["PLACE", "PLACE_PROVIDER"],
        placed::r528,
    ),
    Rule::new(
        "529",
        "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.",
        &["PLACE", "PLACE_PROVIDER"],
        placed::r529,
    ),
    Rule::new(
        "530",
        "A placement provider code of PR4 cannot be associated with placement P1.",
        &["PLACE", "PLACE_PROVIDER"],
        placed::r530,
    ),
    Rule::new(
        "531",
        "A placement provider code of PR5 cannot be associated with placements P1.",
        &["PLACE", "PLACE_PROVIDER"],
        placed::r531,
    ),
    Rule::new(
        "542",
        "A child aged under 10 at 31 March should not have conviction information completed.",
        &["CONVICTED"],
        health::r542,
    ),
    Rule::new(
        "543",
        "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed.",
        &["DOB", "CONVICTED"],
        health::r543,
    ),
    Rule::new(
        "544",
        "Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
        &["CONVICTED", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"],
        health::r544,
    ),
    Rule::new(
        "545",
        "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed.",
        &["DOB", "HEALTH_CHECK"],
        health::r545,
    ),
    Rule::new(
        "546",
        "Children aged 5 or over at 31 March should not have health promotion information completed.",
        &["DOB", "HEALTH_CHECK"],
        health::r546,
    ),
    Rule::new(
        "547",
        "Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
        &["HEALTH_CHECK", "IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"],
        health::r547,
    ),
    Rule::new(
        "550",
        "A placement provider code of PR0 can only be associated with placement P1.",
        &["PLACE", "PLACE_PROVIDER"],
        decisions::r550,
    ),
    Rule::new(
        "551",
        "Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption.",
        &["DATE_PLACED", "PLACE"],
        decisions::r551,
    ),
    Rule::new(
        "552",
        "Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption.",
        &["DATE_PLACED", "DECOM"],
        decisions::r552,
    ),
    Rule::new(
        "553",
        "Placement order has been granted but there is no date of decision that the child should be placed for adoption.",
        &["CHILD", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
        decisions::r553,
    ),
    Rule::new(
        "554",
        "Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]",
        &["DATE_PLACED", "DECOM", "LS"],
        decisions::r554,
    ),
    Rule::new(
        "557",
        "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed.",
        &["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
        decisions::r557,
    ),
    Rule::new(
        "558",
        "If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank.",
        &["DATE_PLACED_CEASED", "REC"],
        decisions::r558,
    ),
    Rule::new(
        "559",
        "Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return.",
        &["DATE_PLACED"],
        decisions::r559,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "560",
        "Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change.",
        &["DATE_PLACED", "DATE_PLACED_CEASED"],
        decisions::r560,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "561",
        "Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year.",
        &["DATE_PLACED"],
        decisions::r561,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "562",
        "Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year.",
        &["DECOM"],
        decisions::r562,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "563",
        "The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank",
        &["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
        decisions::r563,
    ),
    Rule::new(
        "564",
        "Child was missing or away from placement without authorisation and the date started is blank.",
        &["MISSING", "MIS_START"],
        missing::r564,
    ),
    Rule::new(
        "565",
        "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.",
        &["MISSING", "MIS_START"],
        missing::r565,
    ),
    Rule::new(
        "566",
        "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.",
        &["MISSING", "MIS_END"],
        missing::r566,
    ),
    Rule::new(
        "567",
        "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.",
        &["MIS_START", "MIS_END"],
        missing::r567,
    ),
    Rule::new(
        "570",
        "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.",
        &["MIS_START"],
        missing::r570,
    ),
    Rule::new(
        "571",
        "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.",
        &["MIS_END"],
        missing::r571,
    ),
    Rule::new(
        "574",
        "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.",
        &["MIS_START", "MIS_END"],
        missing::r574,
    ),
    Rule::new(
        "575",
        "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.",
        &["MIS_END"],
        missing::r575,
    ),
    Rule::new(
        "576",
        "There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year.",
        &["CHILD"],
        missing::r576,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "577",
        "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.",
        &["MIS_END"],
        missing::r577,
    ),
    Rule::new(
        "578",
        "The date that the child started to be missing is after the child ceased to be looked after.",
        &["MIS_START"],
        missing::r578,
    ),
    Rule::new(
        "579",
        "A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.",
        &["DATE_PLACED", "DATE_PLACED_CEASED"],
        decisions::r579,
    ),
    Rule::new(
        "580",
        "Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
        &["REC"],
        missing::r580,
    ),
    Rule::new(
        "581",
        "Child is missing but has not yet started to be looked after.",
        &["MIS_START"],
        missing::r581,
    ),
    Rule::new(
        "582",
        "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption.",
        &["DEC", "DATE_MATCH"],
        decisions::r582,
    ),
    Rule::new(
        "583",
        "More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year.",
        &["DATE_PLACED", "DATE_PLACED_CEASED"],
        decisions::r583,
    ),
    Rule::new(
        "584",
        "Date of decision that the child should be placed for adoption this year is different from that recorded last year, but the decision to placed the child for adoption changed and the child should no longer be placed for adoption.",
        &["DATE_PLACED"],
        decisions::r584,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "586",
        "Dates of missing periods are before child’s date of birth.",
        &["MIS_START"],
        missing::r586,
    ),
];
