//! Rules 101-199 and 1000-1016: the header's characteristics, UASC, and
//! each column's codes and dates.

use super::{Return903, Rows, Rule};
use crate::ssda903::model::Table;

pub(super) const RULES: &[Rule] = &[
    Rule::new(
        "101",
        "The child or young person’s reported sex is not valid.",
        &["SEX"],
        r101,
    ),
    Rule::new("102", "Date of birth is not a valid date.", &["DOB"], r102),
];

/// Each header row whose sex is not one of the year's codes (M, F, U from
/// 2024-25), or is missing.
fn r101(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    (0..header.len())
        .filter(|&i| header[i].sex.valid().is_none())
        .map(|i| (Table::Header, i))
        .collect()
}

/// Each header row whose date of birth is missing or not dd/mm/yyyy.
fn r102(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    (0..header.len())
        .filter(|&i| header[i].dob.valid().is_none())
        .map(|i| (Table::Header, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::tests::{found, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r101_a_sex_not_in_the_year_list_or_missing_is_an_error() {
        let ret = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("SEX", "M")],
                &[("CHILD", "2"), ("SEX", "1")],
                &[("CHILD", "3")],
            ],
        )]);
        assert_eq!(found("101", &ret), ["2", "3"]);
    }

    #[test]
    fn r102_a_date_of_birth_not_dd_mm_yyyy_is_an_error() {
        let ret = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("DOB", "01/01/2021")],
                &[("CHILD", "2"), ("DOB", "38/04/2019")],
                &[("CHILD", "3"), ("DOB", "01/01/19")],
                &[("CHILD", "4")],
            ],
        )]);
        assert_eq!(found("102", &ret), ["2", "3", "4"]);
    }
}
