//! The checks across tables: EPI, the INT data integrity checks and NoE.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::{rows_of, text};
use crate::ssda903::model::Table;
use crate::ssda903::rules::{Return903, Rows, child_text};

/// SSDA903 validation rule EPI: a child in the header with neither
/// episodes nor care leaver (OC3) details.
pub(super) fn r_epi(r: &Return903<'_>) -> Rows {
    let with_details: HashSet<&str> = r
        .file
        .episodes
        .iter()
        .map(|e| child_text(&e.child))
        .chain(r.file.oc3.iter().map(|o| child_text(&o.child)))
        .collect();
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len()).filter(|&i| !with_details.contains(child_text(&header[i].child))),
    )
}

/// The rows of a table whose child is not in the header.
fn not_in_header(r: &Return903<'_>, table: Table) -> Rows {
    if !r.has(Table::Header) || !r.has(table) {
        return Rows::new();
    }
    rows_of(
        table,
        (0..r.file.rows(table)).filter(|&i| r.header_of(r.child_of(table, i)).is_none()),
    )
}

/// Each row's date of birth in a table that has one.
fn dobs(r: &Return903<'_>, table: Table) -> Vec<Option<Date>> {
    fn all<'a, R: 'a>(
        rows: &'a [R],
        dob: impl Fn(&'a R) -> &'a crate::Field<Date>,
    ) -> Vec<Option<Date>> {
        rows.iter().map(|row| dob(row).valid().copied()).collect()
    }
    let f = r.file;
    match table {
        Table::Header => all(&f.header, |x| &x.dob),
        Table::Reviews => all(&f.reviews, |x| &x.dob),
        Table::Uasc => all(&f.uasc, |x| &x.dob),
        Table::Oc2 => all(&f.oc2, |x| &x.dob),
        Table::Oc3 => all(&f.oc3, |x| &x.dob),
        Table::Ad1 => all(&f.ad1, |x| &x.dob),
        Table::PlacedForAdoption => all(&f.placed_for_adoption, |x| &x.dob),
        Table::PreviousPermanence => all(&f.previous_permanence, |x| &x.dob),
        Table::Missing => all(&f.missing, |x| &x.dob),
        Table::SocialWorkerEpisodes => all(&f.sw_episodes, |x| &x.dob),
        Table::DeprivationOfLiberty => all(&f.deprivation_of_liberty, |x| &x.dob),
        Table::Episodes => vec![None; f.episodes.len()],
    }
}

/// The rows of a table whose date of birth differs from a header row's for
/// the same child (both valid dates).
fn dob_differs(r: &Return903<'_>, table: Table) -> Rows {
    if !r.has(Table::Header) || !r.has(table) {
        return Rows::new();
    }
    let mut header: HashMap<&str, Vec<Date>> = HashMap::new();
    for (i, dob) in dobs(r, Table::Header).into_iter().enumerate() {
        if let Some(dob) = dob {
            header
                .entry(r.child_of(Table::Header, i))
                .or_default()
                .push(dob);
        }
    }
    let theirs = dobs(r, table);
    rows_of(
        table,
        (0..theirs.len()).filter(|&i| {
            theirs[i].is_some_and(|dob| {
                header
                    .get(r.child_of(table, i))
                    .is_some_and(|h| h.iter().any(|d| *d != dob))
            })
        }),
    )
}

/// The rows of a table whose child is in it more than once (rows without a
/// child are not counted).
fn repeated(r: &Return903<'_>, table: Table) -> Rows {
    let mut count: HashMap<&str, usize> = HashMap::new();
    let n = r.file.rows(table);
    for i in 0..n {
        *count.entry(r.child_of(table, i)).or_default() += 1;
    }
    rows_of(
        table,
        (0..n).filter(|&i| {
            let child = r.child_of(table, i);
            !child.is_empty() && count[child] > 1
        }),
    )
}

macro_rules! checks {
    ($($check:ident: $($name:ident $code:literal $table:ident $what:literal),+;)+) => {$($(
        #[doc = concat!("SSDA903 validation rule ", $code, ": ", $what, ".")]
        pub(super) fn $name(r: &Return903<'_>) -> Rows {
            $check(r, Table::$table)
        }
    )+)+};
}

checks! {
    not_in_header:
        r_int01 "INT01" Ad1 "a child in AD1 who is not in the header",
        r_int02 "INT02" PlacedForAdoption "a child placed for adoption who is not in the header",
        r_int03 "INT03" Episodes "a child with episodes who is not in the header",
        r_int04 "INT04" Missing "a child missing or away who is not in the header",
        r_int05 "INT05" Oc2 "a child in OC2 who is not in the header",
        r_int06 "INT06" Oc3 "a child in OC3 who is not in the header",
        r_int07 "INT07" PreviousPermanence "a child with previous permanence who is not in the header",
        r_int08 "INT08" Reviews "a child with reviews who is not in the header",
        r_int09 "INT09" Uasc "a child in UASC who is not in the header";
    dob_differs:
        r_int11 "INT11" Ad1 "a date of birth in AD1 other than the header's",
        r_int12 "INT12" PlacedForAdoption "a date of birth in the placed for adoption file other than the header's",
        r_int13 "INT13" Missing "a date of birth in the missing file other than the header's",
        r_int14 "INT14" Oc2 "a date of birth in OC2 other than the header's",
        r_int15 "INT15" Oc3 "a date of birth in OC3 other than the header's",
        r_int16 "INT16" PreviousPermanence "a date of birth in the previous permanence file other than the header's",
        r_int17 "INT17" Reviews "a date of birth in the reviews other than the header's",
        r_int18 "INT18" Uasc "a date of birth in UASC other than the header's";
    repeated:
        r_int31 "INT31" Ad1 "a child in AD1 more than once",
        r_int32 "INT32" Header "a child in the header more than once",
        r_int33 "INT33" Oc2 "a child in OC2 more than once",
        r_int34 "INT34" Oc3 "a child in OC3 more than once",
        r_int35 "INT35" PreviousPermanence "a child in the previous permanence file more than once",
        r_int36 "INT36" Uasc "a child in UASC more than once";
}

/// SSDA903 validation rule INT21: a sex in UASC other than the header's
/// (both given).
pub(super) fn r_int21(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) || !r.has(Table::Uasc) {
        return Rows::new();
    }
    let mut header: HashMap<&str, Vec<String>> = HashMap::new();
    for h in &r.file.header {
        if let Some(sex) = text(&h.sex) {
            header.entry(child_text(&h.child)).or_default().push(sex);
        }
    }
    let uasc = &r.file.uasc;
    rows_of(
        Table::Uasc,
        (0..uasc.len()).filter(|&i| {
            text(&uasc[i].sex).is_some_and(|sex| {
                header
                    .get(child_text(&uasc[i].child))
                    .is_some_and(|h| h.iter().any(|s| *s != sex))
            })
        }),
    )
}

/// SSDA903 validation rule NoE: an episode starting before the year for a
/// child with no episodes in last year's return.
pub(super) fn r_noe(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let before: HashSet<&str> = last.episodes.iter().map(|e| child_text(&e.child)).collect();
    let episodes = &r.file.episodes;
    rows_of(
        Table::Episodes,
        (0..episodes.len()).filter(|&i| {
            episodes[i].decom.valid().is_some_and(|d| *d < r.start)
                && !before.contains(child_text(&episodes[i].child))
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, found_in, given};
    use crate::ssda903::model::Table;
    use crate::ssda903::rules::Return903;

    #[test]
    fn epi_a_child_with_neither_episodes_nor_care_leaver_details() {
        let ret = given(&[
            (
                Table::Header,
                &[&[("CHILD", "1")], &[("CHILD", "2")], &[("CHILD", "3")]],
            ),
            (Table::Episodes, &[&[("CHILD", "1")]]),
            (Table::Oc3, &[&[("CHILD", "2")]]),
        ]);
        assert_eq!(found("EPI", &ret), ["3"]);
    }

    #[test]
    fn int01_to_int09_a_child_not_in_the_header() {
        let tables = [
            ("INT01", Table::Ad1),
            ("INT02", Table::PlacedForAdoption),
            ("INT03", Table::Episodes),
            ("INT04", Table::Missing),
            ("INT05", Table::Oc2),
            ("INT06", Table::Oc3),
            ("INT07", Table::PreviousPermanence),
            ("INT08", Table::Reviews),
            ("INT09", Table::Uasc),
        ];
        for (code, table) in tables {
            let ret = given(&[
                (Table::Header, &[&[("CHILD", "1")]]),
                (table, &[&[("CHILD", "1")], &[("CHILD", "2")]]),
            ]);
            assert_eq!(found(code, &ret), ["2"], "{code}");
            // Without the header the check does not run.
            let alone = given(&[(table, &[&[("CHILD", "2")]])]);
            assert!(found(code, &alone).is_empty(), "{code}");
        }
    }

    #[test]
    fn int11_to_int18_a_date_of_birth_other_than_the_headers() {
        let tables = [
            ("INT11", Table::Ad1),
            ("INT12", Table::PlacedForAdoption),
            ("INT13", Table::Missing),
            ("INT14", Table::Oc2),
            ("INT15", Table::Oc3),
            ("INT16", Table::PreviousPermanence),
            ("INT17", Table::Reviews),
            ("INT18", Table::Uasc),
        ];
        for (code, table) in tables {
            let ret = given(&[
                (
                    Table::Header,
                    &[
                        &[("CHILD", "1"), ("DOB", "01/01/2015")],
                        &[("CHILD", "2"), ("DOB", "01/01/2015")],
                        &[("CHILD", "3")],
                    ],
                ),
                (
                    table,
                    &[
                        &[("CHILD", "1"), ("DOB", "01/01/2015")],
                        &[("CHILD", "2"), ("DOB", "02/01/2015")],
                        &[("CHILD", "3"), ("DOB", "02/01/2015")],
                        &[("CHILD", "4"), ("DOB", "02/01/2015")],
                    ],
                ),
            ]);
            assert_eq!(found(code, &ret), ["2"], "{code}");
        }
    }

    #[test]
    fn int21_a_sex_in_uasc_other_than_the_headers() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("SEX", "M")],
                    &[("CHILD", "2"), ("SEX", "M")],
                    &[("CHILD", "3")],
                ],
            ),
            (
                Table::Uasc,
                &[
                    &[("CHILD", "1"), ("SEX", "M")],
                    &[("CHILD", "2"), ("SEX", "F")],
                    &[("CHILD", "3"), ("SEX", "F")],
                ],
            ),
        ]);
        assert_eq!(found("INT21", &ret), ["2"]);
    }

    #[test]
    fn int31_to_int36_a_child_more_than_once() {
        let tables = [
            ("INT31", Table::Ad1),
            ("INT32", Table::Header),
            ("INT33", Table::Oc2),
            ("INT34", Table::Oc3),
            ("INT35", Table::PreviousPermanence),
            ("INT36", Table::Uasc),
        ];
        for (code, table) in tables {
            let ret = given(&[(
                table,
                &[
                    &[("CHILD", "1")],
                    &[("CHILD", "2")],
                    &[("CHILD", "2")],
                    &[("DOB", "01/01/2015")],
                    &[("DOB", "01/01/2015")],
                ],
            )]);
            assert_eq!(found(code, &ret), ["2"], "{code}");
        }
    }

    #[test]
    fn noe_an_episode_before_the_year_with_none_last_year() {
        let last = given(&[(
            Table::Episodes,
            &[&[("CHILD", "1"), ("DECOM", "01/01/2025")]],
        )]);
        let now = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "1"), ("DECOM", "01/01/2025")],
                &[("CHILD", "2"), ("DECOM", "01/01/2025")],
                &[("CHILD", "3"), ("DECOM", "01/04/2025")],
            ],
        )]);
        let ret = Return903::new(&now).with_last_year(&last);
        assert_eq!(found_in("NoE", &ret), ["2"]);
    }
}
