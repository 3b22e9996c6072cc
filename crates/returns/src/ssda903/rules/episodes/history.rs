//! Rules 202-210: what the child's header said last year, the UASC status
//! across the two years, and unknown UPNs.

use std::collections::HashMap;

use jiff::civil::date;

use super::super::{Return903, Rows};
use super::{add_years, has_in, is_any, text};
use crate::ssda903::model::{HeaderRow, Ssda903, Table};
use crate::ssda903::rules::child_text;

/// Last year's header rows of each child.
fn last_headers(last: &Ssda903) -> HashMap<&str, Vec<&HeaderRow>> {
    let mut by_child: HashMap<&str, Vec<&HeaderRow>> = HashMap::new();
    for row in &last.header {
        by_child
            .entry(child_text(&row.child))
            .or_default()
            .push(row);
    }
    by_child
}

/// Each header row of a child also in last year's header for which
/// `differs` holds against one of last year's rows.
fn differs_from_last(r: &Return903<'_>, differs: impl Fn(&HeaderRow, &HeaderRow) -> bool) -> Rows {
    let Some(last) = r.last else {
        return Vec::new();
    };
    if !r.has(Table::Header) || !has_in(last, Table::Header) {
        return Vec::new();
    }
    let before = last_headers(last);
    r.file
        .header
        .iter()
        .enumerate()
        .filter(|(_, row)| {
            before
                .get(child_text(&row.child))
                .is_some_and(|rows| rows.iter().any(|old| differs(row, old)))
        })
        .map(|(i, _)| (Table::Header, i))
        .collect()
}

/// SSDA903 validation rule 202: a child's sex is as last year's header
/// gave it (compared as written).
pub(super) fn r202(r: &Return903<'_>) -> Rows {
    differs_from_last(r, |now, old| text(&now.sex) != text(&old.sex))
}

/// SSDA903 validation rule 203: a child's date of birth is as last year's
/// header gave it (an unreadable date counting as none).
pub(super) fn r203(r: &Return903<'_>) -> Rows {
    differs_from_last(r, |now, old| now.dob.valid() != old.dob.valid())
}

/// SSDA903 validation rule 204: a child's ethnicity is as last year's
/// header gave it.
pub(super) fn r204(r: &Return903<'_>) -> Rows {
    differs_from_last(r, |now, old| text(&now.ethnic) != text(&old.ethnic))
}

/// Whether each child of a return is UASC, as the community validator
/// derives its header's UASC column: with a header, whether the child is in
/// the UASC file (no column without that file); without one, from the UASC
/// file's rows, UASC when their sex or date UASC ceased is given.
fn uasc_status(file: &Ssda903) -> Option<HashMap<&str, bool>> {
    if !has_in(file, Table::Uasc) {
        return None;
    }
    if has_in(file, Table::Header) {
        let in_uasc: std::collections::HashSet<&str> =
            file.uasc.iter().map(|u| child_text(&u.child)).collect();
        return Some(
            file.header
                .iter()
                .map(|h| {
                    let child = child_text(&h.child);
                    (child, in_uasc.contains(child))
                })
                .collect(),
        );
    }
    let mut status = HashMap::new();
    for row in &file.uasc {
        let flagged = row.sex.is_present() || row.duc.is_present();
        *status.entry(child_text(&row.child)).or_insert(false) |= flagged;
    }
    Some(status)
}

/// Last year's return and both years' UASC status of each child, for
/// rules 205A-205C: `None` without last year's return or a UASC file.
type UascYears<'a> = (&'a Ssda903, HashMap<&'a str, bool>, HashMap<&'a str, bool>);

fn uasc_years<'a>(r: &Return903<'a>) -> Option<UascYears<'a>> {
    let last = r.last?;
    Some((last, uasc_status(r.file)?, uasc_status(last)?))
}

/// SSDA903 validation rule 205A: a child UASC last year but not this year
/// must have had their date UASC ceased in last year's collection year, and
/// none given this year.
pub(super) fn r205a(r: &Return903<'_>) -> Rows {
    let Some((last, now, before)) = uasc_years(r) else {
        return Vec::new();
    };
    let last_start = add_years(r.start, -1);
    let last_end = add_years(r.end, -1);
    let mut rows = Vec::new();
    for (i, row) in r.file.uasc.iter().enumerate() {
        let child = child_text(&row.child);
        if now.get(child) == Some(&true) {
            continue;
        }
        let fails = last
            .uasc
            .iter()
            .filter(|old| child_text(&old.child) == child)
            .any(|old| {
                let duc_last_in_year = old
                    .duc
                    .valid()
                    .is_some_and(|d| last_start <= *d && *d <= last_end);
                before.get(child) == Some(&true) && (row.duc.is_present() || !duc_last_in_year)
            });
        if fails {
            rows.push((Table::Uasc, i));
        }
    }
    rows
}

/// SSDA903 validation rule 205B: a child UASC in both years must have had
/// last year's date UASC ceased at their 18th birthday, and this year's in
/// the collection year or the same as last year's.
pub(super) fn r205b(r: &Return903<'_>) -> Rows {
    let Some((last, now, before)) = uasc_years(r) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (i, row) in r.file.uasc.iter().enumerate() {
        let child = child_text(&row.child);
        if now.get(child) != Some(&true) || before.get(child) != Some(&true) {
            continue;
        }
        let duc = row.duc.valid().copied();
        let fails = last
            .uasc
            .iter()
            .filter(|old| child_text(&old.child) == child)
            .any(|old| {
                let duc_last = old.duc.valid().copied();
                let eighteenth = old.dob.valid().map(|d| add_years(*d, 18));
                let in_year = duc.is_some_and(|d| r.in_year(d));
                let same = duc.is_some() && duc == duc_last;
                let last_at_18 = duc_last.is_some() && duc_last == eighteenth;
                (!in_year && !same) || !last_at_18
            });
        if fails {
            rows.push((Table::Uasc, i));
        }
    }
    rows
}

/// SSDA903 validation rule 205C: a child UASC in neither year has no date
/// UASC ceased in either year.
pub(super) fn r205c(r: &Return903<'_>) -> Rows {
    let Some((last, now, before)) = uasc_years(r) else {
        return Vec::new();
    };
    let mut rows = Vec::new();
    for (i, row) in r.file.uasc.iter().enumerate() {
        let child = child_text(&row.child);
        let olds: Vec<_> = last
            .uasc
            .iter()
            .filter(|old| child_text(&old.child) == child)
            .collect();
        let never =
            now.get(child) != Some(&true) && (olds.is_empty() || before.get(child) != Some(&true));
        let has_duc = if olds.is_empty() {
            row.duc.valid().is_some()
        } else {
            olds.iter()
                .any(|old| row.duc.valid().is_some() || old.duc.valid().is_some())
        };
        if never && has_duc {
            rows.push((Table::Uasc, i));
        }
    }
    rows
}

/// SSDA903 validation rule 205D: a child UASC this year was UASC last year
/// too, if last year's return has them.
pub(super) fn r205d(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Vec::new();
    };
    let (Some(now), Some(before)) = (uasc_status(r.file), uasc_status(last)) else {
        return Vec::new();
    };
    let (table, children): (Table, Vec<&str>) = if r.has(Table::Header) {
        (
            Table::Header,
            r.file.header.iter().map(|h| child_text(&h.child)).collect(),
        )
    } else {
        (
            Table::Uasc,
            r.file.uasc.iter().map(|u| child_text(&u.child)).collect(),
        )
    };
    children
        .into_iter()
        .enumerate()
        .filter(|(_, child)| now.get(child) == Some(&true) && before.get(child) == Some(&false))
        .map(|(i, _)| (table, i))
        .collect()
}

/// SSDA903 validation rule 207: a child with episodes this year who was a
/// mother last year is still recorded as one.
pub(super) fn r207(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    differs_from_last(r, |now, old| {
        !r.episodes_of(child_text(&now.child)).is_empty()
            && text(&old.mother).as_deref() == Some("1")
            && text(&now.mother) != text(&old.mother)
    })
}

const UN2_TO_5: [&str; 4] = ["UN2", "UN3", "UN4", "UN5"];
const UN1_TO_5: [&str; 5] = ["UN1", "UN2", "UN3", "UN4", "UN5"];

/// SSDA903 validation rule 208: a child's UPN is as last year's header gave
/// it, except a change from UN1 or none to UN2-UN5, or from none or an
/// unknown code to a known number.
pub(super) fn r208(r: &Return903<'_>) -> Rows {
    differs_from_last(r, |now, old| {
        let (upn, before) = (text(&now.upn), text(&old.upn));
        let is =
            |v: &Option<String>, codes: &[&str]| v.as_deref().is_some_and(|t| codes.contains(&t));
        let changed = upn != before;
        let to_unknown =
            (before.as_deref() == Some("UN1") || before.is_none()) && is(&upn, &UN2_TO_5);
        let to_known =
            (is(&before, &UN1_TO_5) || before.is_none()) && !(is(&upn, &UN1_TO_5) || upn.is_none());
        changed && !to_unknown && !to_known
    })
}

/// SSDA903 validation rule 209: a child who was four by 31 August before
/// the collection year began is of school age and cannot have UPN UN1.
pub(super) fn r209(r: &Return903<'_>) -> Rows {
    let reference = date(r.start.year() - 1, 8, 31);
    r.file
        .header
        .iter()
        .enumerate()
        .filter(|(_, h)| {
            is_any(&h.upn, &["UN1"]) && h.dob.valid().is_some_and(|d| reference >= add_years(*d, 4))
        })
        .map(|(i, _)| (Table::Header, i))
        .collect()
}

/// SSDA903 validation rule 210: a child with UPN UN4 cannot have an episode
/// starting on or after 24 March of the collection year's end.
pub(super) fn r210(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) || !r.has(Table::Episodes) {
        return Vec::new();
    }
    let reference = date(r.end.year(), 3, 24);
    r.file
        .episodes
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            e.decom.valid().is_some_and(|d| *d >= reference)
                && r.header_of(child_text(&e.child))
                    .is_some_and(|h| is_any(&r.file.header[h].upn, &["UN4"]))
        })
        .map(|(i, _)| (Table::Episodes, i))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::Return903;
    use super::super::super::tests::{TableRows, found, found_in, given};
    use crate::ssda903::model::Table;

    fn against_last(code: &str, now: &[TableRows<'_>], last: &[TableRows<'_>]) -> Vec<String> {
        let (now, last) = (given(now), given(last));
        found_in(code, &Return903::new(&now).with_last_year(&last))
    }

    fn headers<'a>(
        column: &'a str,
        cells: &'a [(&'a str, &'a str)],
    ) -> Vec<Vec<(&'a str, &'a str)>> {
        cells
            .iter()
            .map(|(child, value)| {
                let mut row = vec![("CHILD", *child)];
                if !value.is_empty() {
                    row.push((column, *value));
                }
                row
            })
            .collect()
    }

    fn compare(
        code: &str,
        column: &str,
        now: &[(&str, &str)],
        last: &[(&str, &str)],
    ) -> Vec<String> {
        let (now, last) = (headers(column, now), headers(column, last));
        let now: Vec<&[(&str, &str)]> = now.iter().map(Vec::as_slice).collect();
        let last: Vec<&[(&str, &str)]> = last.iter().map(Vec::as_slice).collect();
        against_last(code, &[(Table::Header, &now)], &[(Table::Header, &last)])
    }

    #[test]
    fn r202_sex_differs_from_last_year() {
        let now = [
            ("101", "M"),
            ("102", "F"),
            ("105", ""),
            ("106", "M"),
            ("108", ""),
            ("110", "3"),
        ];
        let last = [
            ("101", "M"),
            ("102", "M"),
            ("105", ""),
            ("107", "M"),
            ("108", "F"),
            ("110", "F"),
        ];
        assert_eq!(compare("202", "SEX", &now, &last), ["102", "108", "110"]);
    }

    #[test]
    fn r203_date_of_birth_differs_from_last_year() {
        let now = [
            ("101", "16/03/2020"),
            ("102", "23/09/2016"),
            ("103", "31/12/19"),
            ("104", "31/02/2018"),
            ("105", ""),
            ("108", ""),
            ("110", "31/06/2020"),
        ];
        let last = [
            ("101", "16/03/2020"),
            ("102", "22/09/2016"),
            ("103", "31/12/2019"),
            ("104", "31/02/2018"),
            ("105", ""),
            ("108", "04/06/2017"),
            ("110", "30/06/2020"),
        ];
        assert_eq!(
            compare("203", "DOB", &now, &last),
            ["102", "103", "108", "110"]
        );
    }

    #[test]
    fn r204_ethnicity_differs_from_last_year() {
        let now = [
            ("101", "WBRI"),
            ("102", "WBRI"),
            ("103", "nobt"),
            ("105", ""),
            ("108", ""),
        ];
        let last = [
            ("101", "WBRI"),
            ("102", "NOBT"),
            ("103", "NOBT"),
            ("105", ""),
            ("108", "MOTH"),
        ];
        assert_eq!(compare("204", "ETHNIC", &now, &last), ["102", "108"]);
    }

    #[test]
    fn r208_upn_changes_only_from_unknown() {
        let now = [
            ("101", "UN5"),
            ("102", "A------------"),
            ("103", "UN1"),
            ("104", "UN2"),
            ("105", ""),
            ("106", "UN3"),
            ("108", ""),
            ("109", "UN4"),
            ("1000", "UN1"),
        ];
        let last = [
            ("101", "UN5"),
            ("102", "X888888888888"),
            ("103", "UN1"),
            ("104", "UN1"),
            ("105", ""),
            ("106", "UN4"),
            ("108", "UN1"),
            ("109", ""),
            ("1000", ""),
        ];
        assert_eq!(
            compare("208", "UPN", &now, &last),
            ["1000", "102", "106", "108"]
        );
    }

    #[test]
    fn r205_uasc_status_and_date_ceased_across_the_years() {
        // 1: UASC both years (in each header and UASC file), last year's
        // date ceased at 18, this year's the same: fine for 205B.
        // 2: UASC last year only (not in this year's header), with a date
        // ceased this year: 205A. 3: UASC both years, last year's date
        // not the 18th birthday: 205B. 4: UASC this year, in last year's
        // header but not its UASC file: 205D.
        let now = [
            (
                Table::Header,
                &[&[("CHILD", "1")][..], &[("CHILD", "3")], &[("CHILD", "4")]][..],
            ),
            (
                Table::Uasc,
                &[
                    &[("CHILD", "1"), ("DUC", "01/01/2024")][..],
                    &[("CHILD", "2"), ("DUC", "01/01/2026")],
                    &[("CHILD", "3"), ("DUC", "01/01/2026")],
                    &[("CHILD", "4")],
                ][..],
            ),
        ];
        let last = [
            (
                Table::Header,
                &[
                    &[("CHILD", "1")][..],
                    &[("CHILD", "2")],
                    &[("CHILD", "3")],
                    &[("CHILD", "4")],
                ][..],
            ),
            (
                Table::Uasc,
                &[
                    &[("CHILD", "1"), ("DOB", "01/01/2006"), ("DUC", "01/01/2024")][..],
                    &[("CHILD", "2"), ("DOB", "01/01/2007"), ("DUC", "01/01/2025")],
                    &[("CHILD", "3"), ("DOB", "01/01/2008"), ("DUC", "01/01/2025")],
                ][..],
            ),
        ];
        assert_eq!(against_last("205A", &now, &last), ["2"]);
        assert_eq!(against_last("205B", &now, &last), ["3"]);
        assert_eq!(against_last("205D", &now, &last), ["4"]);
        assert!(against_last("205C", &now, &last).is_empty());
        // Without headers the UASC file's rows say who is UASC: 5 is in
        // neither year yet has a date ceased.
        let now = [(
            Table::Uasc,
            &[&[("CHILD", "5"), ("DOB", "01/01/2008")][..]][..],
        )];
        let last = [(
            Table::Uasc,
            &[&[("CHILD", "5"), ("DOB", "01/01/2008")][..]][..],
        )];
        assert!(against_last("205C", &now, &last).is_empty());
        let now = [(
            Table::Uasc,
            &[&[("CHILD", "5"), ("DOB", "01/01/2008")][..]][..],
        )];
        assert!(against_last("205D", &now, &last).is_empty());
    }

    #[test]
    fn r207_a_mother_last_year_with_episodes_is_still_one() {
        let now = [
            (
                Table::Header,
                &[
                    &[("CHILD", "101"), ("MOTHER", "1")][..],
                    &[("CHILD", "102"), ("MOTHER", "0")],
                    &[("CHILD", "103"), ("MOTHER", "1")],
                    &[("CHILD", "104")],
                    &[("CHILD", "110"), ("MOTHER", "2")],
                    &[("CHILD", "111")],
                ][..],
            ),
            (
                Table::Episodes,
                &[
                    &[("CHILD", "101")][..],
                    &[("CHILD", "102")],
                    &[("CHILD", "103")],
                    &[("CHILD", "104")],
                    &[("CHILD", "110")],
                ][..],
            ),
        ];
        let last = [(
            Table::Header,
            &[
                &[("CHILD", "101"), ("MOTHER", "1")][..],
                &[("CHILD", "102"), ("MOTHER", "1")],
                &[("CHILD", "103"), ("MOTHER", "0")],
                &[("CHILD", "104"), ("MOTHER", "1")],
                &[("CHILD", "110"), ("MOTHER", "1")],
                &[("CHILD", "111"), ("MOTHER", "1")],
            ][..],
        )];
        assert_eq!(against_last("207", &now, &last), ["102", "104", "110"]);
    }

    #[test]
    fn r209_a_child_of_school_age_cannot_have_un1() {
        let ret = given(&[(
            Table::Header,
            &[
                &[("CHILD", "101"), ("DOB", "01/01/2020")][..],
                &[("CHILD", "103"), ("UPN", "UN1"), ("DOB", "03/10/2015")],
                &[("CHILD", "104"), ("UPN", "UN2"), ("DOB", "11/11/2015")],
                &[("CHILD", "106"), ("UPN", "UN1"), ("DOB", "11/11/2020")],
                // Four on 31 August 2024 exactly.
                &[("CHILD", "107"), ("UPN", "UN1"), ("DOB", "31/08/2020")],
            ],
        )]);
        assert_eq!(found("209", &ret), ["103", "107"]);
    }

    #[test]
    fn r210_un4_with_an_episode_from_24_march() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "111"), ("UPN", "UN4")][..],
                    &[("CHILD", "333"), ("UPN", "UN3")],
                    &[("CHILD", "444"), ("UPN", "UN4")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    &[("CHILD", "111"), ("DECOM", "01/01/2026")][..],
                    &[("CHILD", "111"), ("DECOM", "24/03/2026")],
                    &[("CHILD", "333"), ("DECOM", "30/03/2026")],
                    &[("CHILD", "444"), ("DECOM", "23/03/2026")],
                ],
            ),
        ]);
        assert_eq!(found("210", &ret), ["111"]);
    }
}
