//! Rules 600-799 and the EPI, INT, NoE and SW rules: motherhood and
//! previous permanence (600s), deprivation of liberty orders (700s, from
//! 2026-27), the checks across tables and the social worker episodes.

mod checks;
mod dolo;
mod mothers;
mod social_workers;

use jiff::civil::Date;

use super::{Needs, Rows, Rule};
use crate::ssda903::cell::Cell;
use crate::ssda903::model::Table;
use crate::{CollectionYear, Field};

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "601",
        "The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.",
        &["REC", "DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"],
        mothers::r601,
    ),
    Rule::new(
        "602",
        "The episode data submitted for this child does not show that he/she was adopted during the year.",
        &["CHILD"],
        mothers::r602,
    ),
    Rule::new(
        "607",
        "Child ceased to be looked after in the year, but mother field has not been completed.",
        &["DEC", "REC", "MOTHER", "LS", "SEX"],
        mothers::r607,
    ),
    Rule::new(
        "611",
        "Date of birth field is blank, but child is a mother.",
        &["MOTHER", "MC_DOB"],
        mothers::r611,
    ),
    Rule::new(
        "612",
        "Date of birth field has been completed but mother field indicates child is not a mother.",
        &["SEX", "MOTHER", "MC_DOB"],
        mothers::r612,
    ),
    Rule::new(
        "620",
        "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.",
        &["DOB", "MOTHER"],
        mothers::r620,
    ),
    Rule::new(
        "621",
        "Mother’s field has been completed but date of birth shows that the mother is younger than her child.",
        &["DOB", "MC_DOB"],
        mothers::r621,
    ),
    Rule::new(
        "624",
        "Date of birth of the first child contradicts the date of birth of the first child previously recorded.",
        &["MC_DOB"],
        mothers::r624,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "625",
        "Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.",
        &["MC_DOB", "DEC"],
        mothers::r625,
    ),
    Rule::new(
        "626",
        "Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.",
        &["MOTHER", "MC_DOB"],
        mothers::r626,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "628",
        "Motherhood details are not required for care leavers who have not been looked after during the year.",
        &["MOTHER"],
        mothers::r628,
    ),
    Rule::new(
        "630",
        "Information on previous permanence option should be returned.",
        &["RNE"],
        mothers::r630,
    ),
    Rule::new(
        "631",
        "Previous permanence option not a valid value.",
        &["PREV_PERM"],
        mothers::r631,
    ),
    Rule::new(
        "632",
        "Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year",
        &["DATE_PERM", "DECOM"],
        mothers::r632,
    ),
    Rule::new(
        "633",
        "Local authority code where previous permanence option was arranged is not a valid value.",
        &["LA_PERM"],
        mothers::r633,
    ),
    Rule::new(
        "634",
        "There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.",
        &["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"],
        mothers::r634,
    ),
    Rule::new(
        "635",
        "There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1",
        &["LA_PERM", "DATE_PERM", "PREV_PERM"],
        mothers::r635,
    ),
    Rule::new(
        "700",
        "The start date of the DoLO is not a valid date.",
        &["DOLO_START"],
        dolo::r700,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "701",
        "The end date of the DoLO is not a valid date.",
        &["DOLO_END"],
        dolo::r701,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "702",
        "The date that the DoLO ended is before the date that it started.",
        &["DOLO_START", "DOLO_END"],
        dolo::r702,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "703",
        "The date that the DoLO started is after the end of the collection year.",
        &["DOLO_START"],
        dolo::r703,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "704",
        "The date that the DoLO ended is before the start or after the end of the collection year.",
        &["DOLO_END"],
        dolo::r704,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "705",
        "A DoLO cannot start when the previous DoLO is still open.",
        &["DOLO_START", "DOLO_END"],
        dolo::r705,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "706",
        "There is an open DoLO in last year’s return and there is no corresponding DoLO recorded at the start of this year..",
        &["DOLO_START"],
        dolo::r706,
    )
    .from(CollectionYear::Y2026_27)
    .needs(Needs::LastYear),
    Rule::new(
        "707",
        "Child ceased to be looked after but there is a DoLO without an end date.",
        &["DOLO_END"],
        dolo::r707,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "708",
        "Dates of DoLOs are before child’s date of birth.",
        &["DOLO_START"],
        dolo::r708,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "709",
        "Child with a DoLO is in an unexpected placement type.",
        &["DOLO_START", "PLACEMENT"],
        dolo::r709,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "710",
        "Child with a DoLO can not be placed in secure children's homes, with parents, young offender institutions, or supported accommodation.",
        &["DOLO_START", "PLACEMENT"],
        dolo::r710,
    )
    .from(CollectionYear::Y2026_27),
    Rule::new(
        "EPI",
        "WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]",
        &["CHILD"],
        checks::r_epi,
    ),
    Rule::new(
        "INT01",
        "Data Integrity Check: Child in AD1 does not exist in Header.",
        &["CHILD"],
        checks::r_int01,
    ),
    Rule::new(
        "INT02",
        "Internal Check: Child in PlacedAdoption does not exist in Header.",
        &["CHILD"],
        checks::r_int02,
    ),
    Rule::new(
        "INT03",
        "Internal Check: Child in Episodes does not exist in Header.",
        &["CHILD"],
        checks::r_int03,
    ),
    Rule::new(
        "INT04",
        "Internal Check: Child in Missing does not exist in Header.",
        &["CHILD"],
        checks::r_int04,
    ),
    Rule::new(
        "INT05",
        "Internal Check: Child in OC2 does not exist in Header.",
        &["CHILD"],
        checks::r_int05,
    ),
    Rule::new(
        "INT06",
        "Internal Check: Child in OC3 does not exist in Header.",
        &["CHILD"],
        checks::r_int06,
    ),
    Rule::new(
        "INT07",
        "Internal Check: Child in PrevPerm does not exist in Header.",
        &["CHILD"],
        checks::r_int07,
    ),
    Rule::new(
        "INT08",
        "Internal Check: Child in Reviews does not exist in Header.",
        &["CHILD"],
        checks::r_int08,
    ),
    Rule::new(
        "INT09",
        "Internal Check: Child in UASC does not exist in Header.",
        &["CHILD"],
        checks::r_int09,
    ),
    Rule::new(
        "INT11",
        "Internal Check: DOB in AD1 is different to DOB in Header.",
        &["DOB"],
        checks::r_int11,
    ),
    Rule::new(
        "INT12",
        "Internal Check: DOB in PlacedAdoption is different to DOB in Header.",
        &["DOB"],
        checks::r_int12,
    ),
    Rule::new(
        "INT13",
        "Internal Check: DOB in Missing is different to DOB in Header.",
        &["DOB"],
        checks::r_int13,
    ),
    Rule::new(
        "INT14",
        "Internal Check: DOB in OC2 is different to DOB in Header.",
        &["DOB"],
        checks::r_int14,
    ),
    Rule::new(
        "INT15",
        "Internal Check: DOB in OC3 is different to DOB in Header.",
        &["DOB"],
        checks::r_int15,
    ),
    Rule::new(
        "INT16",
        "Internal Check: DOB in PrevPerm is different to DOB in Header.",
        &["DOB"],
        checks::r_int16,
    ),
    Rule::new(
        "INT17",
        "Internal Check: DOB in Reviews is different to DOB in Header.",
        &["DOB"],
        checks::r_int17,
    ),
    Rule::new(
        "INT18",
        "Internal Check: DOB in UASC is different to DOB in Header.",
        &["DOB"],
        checks::r_int18,
    ),
    Rule::new(
        "INT21",
        "Internal Check: SEX in UASC is different to SEX in Header.",
        &["SEX"],
        checks::r_int21,
    ),
    Rule::new(
        "INT31",
        "Internal Check: Child should only exist once in AD1.",
        &["CHILD"],
        checks::r_int31,
    ),
    Rule::new(
        "INT32",
        "Internal Check: Child should only exist once in Header.",
        &["CHILD"],
        checks::r_int32,
    ),
    Rule::new(
        "INT33",
        "Internal Check: Child should only exist once in OC2.",
        &["CHILD"],
        checks::r_int33,
    ),
    Rule::new(
        "INT34",
        "Internal Check: Child should only exist once in OC3.",
        &["CHILD"],
        checks::r_int34,
    ),
    Rule::new(
        "INT35",
        "Internal Check: Child should only exist once in PrevPerm.",
        &["CHILD"],
        checks::r_int35,
    ),
    Rule::new(
        "INT36",
        "Internal Check: Child should only exist once in UASC.",
        &["CHILD"],
        checks::r_int36,
    ),
    Rule::new(
        "NoE",
        "This child has no episodes loaded for previous year even though child started to be looked after before this current year.",
        &["DECOM"],
        checks::r_noe,
    )
    .needs(Needs::LastYear),
    Rule::new(
        "SW02STG1",
        "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
        &["SW_ID"],
        social_workers::r_sw02stg1,
    ),
    Rule::new(
        "SW04STG1",
        "Date social worker episode began is not a valid date..",
        &["SW_DECOM"],
        social_workers::r_sw04stg1,
    ),
    Rule::new(
        "SW05STG1",
        "Date social worker episode began is not a valid date.",
        &["SW_DEC"],
        social_workers::r_sw05stg1,
    ),
    Rule::new(
        "SW06STG2",
        "Social worker episode data should be within the social worker data reporting year.",
        &["SW_DECOM"],
        social_workers::r_sw06stg2,
    ),
    Rule::new(
        "SW07STG2",
        "Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.",
        &["SW_DEC"],
        social_workers::r_sw07stg2,
    ),
    Rule::new(
        "SW08STG2",
        "A new social worker episode has started, but the previous episode has not ended.",
        &["SW_DEC"],
        social_workers::r_sw08stg2,
    ),
    Rule::new(
        "SW09STG2",
        "Social worker episode appears to have lasted for less than 24 hours.",
        &["SW_DECOM", "SW_DEC"],
        social_workers::r_sw09stg2,
    ),
    Rule::new(
        "SW10STG2",
        "A new social worker episode has started before the end date of the previous social worker episode.",
        &["SW_DECOM"],
        social_workers::r_sw10stg2,
    ),
    Rule::new(
        "SW10aSTG2",
        "A new social worker episode has started and it is not within +/- 7 days of a previous episode.",
        &["SW_DECOM"],
        social_workers::r_sw10astg2,
    ),
    Rule::new(
        "SW10bSTG2",
        "A new social worker episode has started with a reason of first contact before the previous episode has ended.",
        &["SW_DECOM", "SW_REASON"],
        social_workers::r_sw10bstg2,
    ),
    Rule::new(
        "SW11bSTG2",
        "Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.",
        &["SW_DEC"],
        social_workers::r_sw11bstg2,
    ),
    Rule::new(
        "SW12STG2",
        "If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after",
        &["SW_DECOM"],
        social_workers::r_sw12stg2,
    ),
    Rule::new(
        "SW13STG1",
        "The reason for social worker change is not valid.",
        &["SW_REASON"],
        social_workers::r_sw13stg1,
    ),
    Rule::new(
        "SW17STG2",
        "There is no social worker episode open at 31 March",
        &["SW_DEC", "SW_DECOM"],
        social_workers::r_sw17stg2,
    ),
    Rule::new(
        "SW18STG2",
        "The end date of the social worker episode is before the start date",
        &["SW_DEC", "SW_DECOM"],
        social_workers::r_sw18stg2,
    ),
    Rule::new(
        "SW19STG2",
        "There are 2 social worker episodes for the child starting on the same date.",
        &["SW_DEC", "SW_DECOM"],
        social_workers::r_sw19stg2,
    ),
];

/// A cell's text as the community validator compares it: `None` when
/// empty; otherwise as written (a valid value as the DfE writes it),
/// trimmed and in capitals, as the community validator reads every cell.
fn text<T: Cell>(field: &Field<T>) -> Option<String> {
    match field {
        Field::Missing => None,
        Field::Valid(value) => Some(value.render().to_uppercase()),
        Field::Invalid(raw) => Some(raw.trim().to_uppercase()),
    }
}

/// Whether a cell's text is one of `codes` (an empty cell is none).
fn one_of<T: Cell>(field: &Field<T>, codes: &[&str]) -> bool {
    text(field).is_some_and(|t| codes.contains(&t.as_str()))
}

/// The rows of one table at the indices given.
fn rows_of(table: Table, indices: impl IntoIterator<Item = usize>) -> Rows {
    indices.into_iter().map(|i| (table, i)).collect()
}

/// A date as the community validator reads it where it leaves the form to
/// pandas (`dayfirst=True`, no format): dd/mm/yyyy; d/m/yy (a two-digit
/// year within 50 years of the collection year); mm/dd when the day cannot
/// be a month; or yyyy-mm-dd. `None` when empty or not a date.
fn lenient_date(field: &Field<Date>, year: CollectionYear) -> Option<Date> {
    match field {
        Field::Missing => None,
        Field::Valid(date) => Some(*date),
        Field::Invalid(raw) => {
            let raw = raw.trim();
            let number = |s: &str| -> Option<i16> {
                (!s.is_empty() && s.len() <= 4 && s.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| s.parse().ok())
                    .flatten()
            };
            if let [y, m, d] = raw.split('-').collect::<Vec<_>>().as_slice()
                && y.len() == 4
            {
                return Date::new(
                    number(y)?,
                    i8::try_from(number(m)?).ok()?,
                    i8::try_from(number(d)?).ok()?,
                )
                .ok();
            }
            let [a, b, y] = raw.split('/').collect::<Vec<_>>()[..] else {
                return None;
            };
            let (a, b, mut y) = (number(a)?, number(b)?, number(y)?);
            if y < 100 {
                let now = year.reference_date().year();
                y += now / 100 * 100;
                if y >= now + 50 {
                    y -= 100;
                } else if y < now - 50 {
                    y += 100;
                }
            }
            let (day, month) = if b > 12 && a <= 12 { (b, a) } else { (a, b) };
            Date::new(y, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::lenient_date;
    use crate::CollectionYear;
    use crate::ssda903::cell::Cell;
    use jiff::civil::Date;

    #[test]
    fn a_date_read_as_pandas_reads_it_without_a_format() {
        let year = CollectionYear::Y2025_26;
        let read = |s: &str| lenient_date(&Date::read(s, year), year).map(|d| d.to_string());
        assert_eq!(read("01/05/2026").as_deref(), Some("2026-05-01"));
        assert_eq!(read("1/5/26").as_deref(), Some("2026-05-01"));
        assert_eq!(read("1/5/90").as_deref(), Some("1990-05-01"));
        assert_eq!(read("05/13/2026").as_deref(), Some("2026-05-13"));
        assert_eq!(read("2026-05-01").as_deref(), Some("2026-05-01"));
        assert_eq!(read("31/02/2026"), None);
        assert_eq!(read("xx"), None);
        assert_eq!(read(""), None);
    }
}
