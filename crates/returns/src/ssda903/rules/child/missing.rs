//! The missing and reviews files, and rows of other files for children
//! with no episode.

use super::{Return903, Rows, bad_date, is_one_of, rows_where};
use crate::ssda903::model::Table;

/// SSDA903 validation rule 1004: each missing row whose start date is
/// missing or not a date.
pub(super) fn r1004(r: &Return903<'_>) -> Rows {
    let missing = &r.file.missing;
    rows_where(Table::Missing, missing.len(), |i| {
        missing[i].mis_start.valid().is_none()
    })
}

/// SSDA903 validation rule 1005: each missing row whose end date is given
/// but is not a date.
pub(super) fn r1005(r: &Return903<'_>) -> Rows {
    let missing = &r.file.missing;
    rows_where(Table::Missing, missing.len(), |i| {
        bad_date(&missing[i].mis_end)
    })
}

/// SSDA903 validation rule 1006: each missing row whose type is given but
/// is not M (missing) or A (away without authorisation).
pub(super) fn r1006(r: &Return903<'_>) -> Rows {
    let missing = &r.file.missing;
    rows_where(Table::Missing, missing.len(), |i| {
        missing[i].missing.is_present() && !is_one_of(&missing[i].missing, &["M", "A"])
    })
}

/// SSDA903 validation rule 166: each review whose date is missing or not a
/// date.
pub(super) fn r166(r: &Return903<'_>) -> Rows {
    let reviews = &r.file.reviews;
    rows_where(Table::Reviews, reviews.len(), |i| {
        reviews[i].review.valid().is_none()
    })
}

/// SSDA903 validation rule 167: each review with a date but participation
/// missing or not PN0-PN7, or with participation but no date.
pub(super) fn r167(r: &Return903<'_>) -> Rows {
    const PN: &[&str] = &["PN0", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7"];
    let reviews = &r.file.reviews;
    rows_where(Table::Reviews, reviews.len(), |i| {
        let review = &reviews[i];
        if review.review.is_present() {
            !is_one_of(&review.review_code, PN)
        } else {
            review.review_code.is_present()
        }
    })
}

/// SSDA903 validation rule 1012: each row of the placed-for-adoption,
/// missing, reviews, AD1, previous permanence and OC2 files of a child
/// with no episode.
pub(super) fn r1012(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    [
        Table::PlacedForAdoption,
        Table::Missing,
        Table::Reviews,
        Table::Ad1,
        Table::PreviousPermanence,
        Table::Oc2,
    ]
    .into_iter()
    .filter(|&table| r.has(table))
    .flat_map(|table| {
        rows_where(table, r.file.rows(table), |i| {
            r.episodes_of(r.child_of(table, i)).is_empty()
        })
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r1004_r1005_r1006_missing_rows() {
        let ret = given(&[(
            Table::Missing,
            &[
                &[
                    ("CHILD", "1"),
                    ("MIS_START", "08/03/2020"),
                    ("MIS_END", "08/03/2020"),
                    ("MISSING", "M"),
                ],
                &[("CHILD", "2"), ("MIS_END", "22/06/2020"), ("MISSING", "a")],
                &[
                    ("CHILD", "3"),
                    ("MIS_START", "13/10/2021"),
                    ("MIS_END", "13/10/21"),
                    ("MISSING", "AWAY"),
                ],
                &[("CHILD", "4"), ("MIS_START", "10/24/2021")],
            ],
        )]);
        assert_eq!(found("1004", &ret), ["2", "4"]);
        assert_eq!(found("1005", &ret), ["3"]);
        assert_eq!(found("1006", &ret), ["3"]);
    }

    #[test]
    fn r166_r167_reviews() {
        let ret = given(&[(
            Table::Reviews,
            &[
                &[
                    ("CHILD", "1"),
                    ("REVIEW", "01/02/2020"),
                    ("REVIEW_CODE", "pr0"),
                ],
                &[
                    ("CHILD", "2"),
                    ("REVIEW", "12/12/2019"),
                    ("REVIEW_CODE", "PN3"),
                ],
                &[("CHILD", "3"), ("REVIEW", "05/07/2020")],
                &[("CHILD", "4")],
                &[("CHILD", "5"), ("REVIEW", "5/7/20"), ("REVIEW_CODE", "PN1")],
            ],
        )]);
        assert_eq!(found("166", &ret), ["4", "5"]);
        assert_eq!(found("167", &ret), ["1", "3"]);
    }

    #[test]
    fn r1012_rows_of_a_child_with_no_episode_are_errors() {
        let ret = given(&[
            (Table::Episodes, &[&[("CHILD", "111")], &[("CHILD", "222")]]),
            (
                Table::PlacedForAdoption,
                &[&[("CHILD", "777")], &[("CHILD", "222")]],
            ),
            (Table::Missing, &[&[("CHILD", "111")], &[("CHILD", "888")]]),
            (Table::Reviews, &[&[("CHILD", "999")]]),
            (Table::Ad1, &[&[("CHILD", "1010")]]),
            (Table::PreviousPermanence, &[&[("CHILD", "1111")]]),
            (Table::Oc2, &[&[("CHILD", "1212")], &[("CHILD", "111")]]),
        ]);
        assert_eq!(
            found("1012", &ret),
            ["1010", "1111", "1212", "777", "888", "999"]
        );
    }
}
