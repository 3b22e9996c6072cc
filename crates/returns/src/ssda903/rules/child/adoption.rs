//! The adoption (AD1) and placed-for-adoption files: their codes and
//! dates, and their dates against the child's episodes and birth.

use super::{Return903, Rows, SHORT_BREAK, bad_date, day, is_one_of, rows_where, text};
use crate::ssda903::model::{Ad1Row, PlacedForAdoptionRow, Table};

fn ad1_where(r: &Return903<'_>, at_fault: impl Fn(&Ad1Row) -> bool) -> Rows {
    let ad1 = &r.file.ad1;
    rows_where(Table::Ad1, ad1.len(), |i| at_fault(&ad1[i]))
}

fn placed_where(r: &Return903<'_>, at_fault: impl Fn(&PlacedForAdoptionRow) -> bool) -> Rows {
    let placed = &r.file.placed_for_adoption;
    rows_where(Table::PlacedForAdoption, placed.len(), |i| {
        at_fault(&placed[i])
    })
}

/// SSDA903 validation rule 112: each AD1 row whose date of the decision
/// to place for adoption is given but is not a date.
pub(super) fn r112(r: &Return903<'_>) -> Rows {
    ad1_where(r, |a| bad_date(&a.date_int))
}

/// SSDA903 validation rule 113: each AD1 row whose date of matching is
/// given but is not a date.
pub(super) fn r113(r: &Return903<'_>) -> Rows {
    ad1_where(r, |a| bad_date(&a.date_match))
}

/// SSDA903 validation rule 114: each AD1 row whose adoption by former
/// foster carers is given but is not 0 or 1.
pub(super) fn r114(r: &Return903<'_>) -> Rows {
    ad1_where(r, |a| {
        a.foster_care.is_present() && !is_one_of(&a.foster_care, &["0", "1"])
    })
}

/// SSDA903 validation rule 175: each AD1 row whose number of adopters is
/// given but is not 1 or 2.
pub(super) fn r175(r: &Return903<'_>) -> Rows {
    ad1_where(r, |a| {
        a.nb_adoptr.is_present() && !is_one_of(&a.nb_adoptr, &["1", "2"])
    })
}

/// SSDA903 validation rule 176: each AD1 row whose adopters' sex is given
/// but is not one of the list's codes.
pub(super) fn r176(r: &Return903<'_>) -> Rows {
    const SEX: &[&str] = &["M1", "F1", "MM", "FF", "MF"];
    ad1_where(r, |a| {
        a.sex_adoptr.is_present() && !is_one_of(&a.sex_adoptr, SEX)
    })
}

/// SSDA903 validation rule 177: each AD1 row whose adopters' legal status
/// is given but is not one of the list's codes.
pub(super) fn r177(r: &Return903<'_>) -> Rows {
    const LS: &[&str] = &["L0", "L11", "L12", "L2", "L3", "L4"];
    ad1_where(r, |a| {
        a.ls_adoptr.is_present() && !is_one_of(&a.ls_adoptr, LS)
    })
}

/// How many of an AD1 row's adoption items are given, of six.
fn ad1_given(a: &Ad1Row) -> usize {
    [
        a.date_int.is_present(),
        a.date_match.is_present(),
        a.foster_care.is_present(),
        a.nb_adoptr.is_present(),
        a.sex_adoptr.is_present(),
        a.ls_adoptr.is_present(),
    ]
    .into_iter()
    .filter(|&given| given)
    .count()
}

/// SSDA903 validation rule 151: each AD1 row with some but not all of its
/// adoption items given.
pub(super) fn r151(r: &Return903<'_>) -> Rows {
    ad1_where(r, |a| (1..6).contains(&ad1_given(a)))
}

/// SSDA903 validation rule 134: each AD1 row with adoption items given for
/// a child with care leaver items given in OC3.
pub(super) fn r134(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Oc3) {
        return Vec::new();
    }
    let oc3 = &r.file.oc3;
    let leavers: std::collections::HashSet<&str> = (0..oc3.len())
        .filter(|&i| {
            oc3[i].in_touch.is_present() || oc3[i].activ.is_present() || oc3[i].accom.is_present()
        })
        .map(|i| r.child_of(Table::Oc3, i))
        .collect();
    rows_where(Table::Ad1, r.file.ad1.len(), |i| {
        ad1_given(&r.file.ad1[i]) > 0 && leavers.contains(r.child_of(Table::Ad1, i))
    })
}

/// SSDA903 validation rule 115: each placed-for-adoption row whose date of
/// the decision is given but is not a date.
pub(super) fn r115(r: &Return903<'_>) -> Rows {
    placed_where(r, |p| bad_date(&p.date_placed))
}

/// SSDA903 validation rule 116: each placed-for-adoption row whose date
/// the decision was reversed is given but is not a date.
pub(super) fn r116(r: &Return903<'_>) -> Rows {
    placed_where(r, |p| bad_date(&p.date_placed_ceased))
}

/// SSDA903 validation rule 119: each placed-for-adoption row with a date
/// the decision was reversed but no reason, or a reason but no date.
pub(super) fn r119(r: &Return903<'_>) -> Rows {
    placed_where(r, |p| {
        p.date_placed_ceased.is_present() != p.reason_placed_ceased.is_present()
    })
}

/// SSDA903 validation rule 120: each placed-for-adoption row whose reason
/// the decision was reversed is given but is not RD1-RD4.
pub(super) fn r120(r: &Return903<'_>) -> Rows {
    placed_where(r, |p| {
        p.reason_placed_ceased.is_present()
            && !is_one_of(&p.reason_placed_ceased, &["RD1", "RD2", "RD3", "RD4"])
    })
}

/// SSDA903 validation rule 184: each placed-for-adoption row whose date of
/// the decision is before the child's date of birth in the header.
pub(super) fn r184(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) {
        return Vec::new();
    }
    let placed = &r.file.placed_for_adoption;
    rows_where(Table::PlacedForAdoption, placed.len(), |i| {
        let child = r.child_of(Table::PlacedForAdoption, i);
        let dob = r.header_of(child).and_then(|h| day(&r.file.header[h].dob));
        day(&placed[i].date_placed).is_some_and(|d| dob.is_some_and(|dob| d < dob))
    })
}

/// The rows of the child's placed-for-adoption decisions.
fn placed_of<'r>(r: &'r Return903<'_>, child: &'r str) -> impl Iterator<Item = usize> + 'r {
    (0..r.file.placed_for_adoption.len())
        .filter(move |&i| r.child_of(Table::PlacedForAdoption, i) == child)
}

/// SSDA903 validation rule 1003: for each child, the first episode (by
/// start date) that starts a period of care (RNE S) and the child's
/// placed-for-adoption rows, where a decision to place for adoption is
/// before that start.
pub(super) fn r1003(r: &Return903<'_>) -> Rows {
    let mut rows = Vec::new();
    for (child, indices) in r.children_with_episodes() {
        let first = indices.iter().copied().find(|&i| {
            let e = &r.file.episodes[i];
            text(&e.rne).as_deref() == Some("S") && e.decom.valid().is_some()
        });
        let Some(first) = first else { continue };
        let Some(decom) = day(&r.file.episodes[first].decom) else {
            continue;
        };
        for p in placed_of(r, child) {
            if day(&r.file.placed_for_adoption[p].date_placed).is_some_and(|d| d < decom) {
                rows.push((Table::Episodes, first));
                rows.push((Table::PlacedForAdoption, p));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 117: for each child's latest episode (by start
/// date) not ended by a change of placement (X1), the child's
/// placed-for-adoption rows with a decision, or its reversal, after the
/// end of the year or after that episode ended.
pub(super) fn r117(r: &Return903<'_>) -> Rows {
    let mut rows = Vec::new();
    for (child, indices) in r.children_with_episodes() {
        let latest = indices
            .iter()
            .copied()
            .filter(|&i| {
                let e = &r.file.episodes[i];
                e.decom.valid().is_some() && text(&e.rec).as_deref() != Some("X1")
            })
            .max_by_key(|&i| (day(&r.file.episodes[i].decom), std::cmp::Reverse(i)));
        let Some(latest) = latest else { continue };
        let dec = day(&r.file.episodes[latest].dec);
        let late = |d: Option<jiff::civil::Date>| {
            d.is_some_and(|d| d > r.end || dec.is_some_and(|dec| d > dec))
        };
        for p in placed_of(r, child) {
            let row = &r.file.placed_for_adoption[p];
            if late(day(&row.date_placed)) || late(day(&row.date_placed_ceased)) {
                rows.push((Table::Episodes, latest));
                rows.push((Table::PlacedForAdoption, p));
            }
        }
    }
    rows
}

/// SSDA903 validation rule 118: for each child's first episode (by start
/// date) that is not a short break, the child's placed-for-adoption rows
/// with a reversal of the decision before that episode started or before
/// the year.
pub(super) fn r118(r: &Return903<'_>) -> Rows {
    let mut rows = Vec::new();
    for (child, indices) in r.children_with_episodes() {
        let first = indices.iter().copied().find(|&i| {
            let e = &r.file.episodes[i];
            !is_one_of(&e.ls, SHORT_BREAK) && e.decom.valid().is_some()
        });
        let Some(first) = first else { continue };
        let decom = day(&r.file.episodes[first].decom);
        for p in placed_of(r, child) {
            let ceased = day(&r.file.placed_for_adoption[p].date_placed_ceased);
            if ceased.is_some_and(|c| c < r.start || decom.is_some_and(|d| c < d)) {
                rows.push((Table::Episodes, first));
                rows.push((Table::PlacedForAdoption, p));
            }
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r112_r113_ad1_dates_given_but_not_dates_are_errors() {
        let ret = given(&[(
            Table::Ad1,
            &[
                &[
                    ("CHILD", "1"),
                    ("DATE_INT", "01/01/2021"),
                    ("DATE_MATCH", "38/04/2019"),
                ],
                &[
                    ("CHILD", "2"),
                    ("DATE_INT", "01/01/19"),
                    ("DATE_MATCH", "19/02/2010"),
                ],
                &[("CHILD", "3")],
            ],
        )]);
        assert_eq!(found("112", &ret), ["2"]);
        assert_eq!(found("113", &ret), ["1"]);
    }

    #[test]
    fn r114_r175_r176_r177_ad1_codes_not_in_their_lists_are_errors() {
        let ret = given(&[(
            Table::Ad1,
            &[
                &[
                    ("CHILD", "1"),
                    ("FOSTER_CARE", "0"),
                    ("NB_ADOPTR", "2"),
                    ("SEX_ADOPTR", "MF"),
                    ("LS_ADOPTR", "L11"),
                ],
                &[
                    ("CHILD", "2"),
                    ("FOSTER_CARE", "2"),
                    ("NB_ADOPTR", "3"),
                    ("SEX_ADOPTR", "M2"),
                    ("LS_ADOPTR", "L1"),
                ],
                &[("CHILD", "3")],
            ],
        )]);
        for code in ["114", "175", "176", "177"] {
            assert_eq!(found(code, &ret), ["2"], "{code}");
        }
    }

    #[test]
    fn r151_some_adoption_items_but_not_all_is_an_error() {
        let ret = given(&[(
            Table::Ad1,
            &[
                &[
                    ("CHILD", "1"),
                    ("DATE_INT", "01/01/2021"),
                    ("DATE_MATCH", "01/02/2021"),
                    ("FOSTER_CARE", "0"),
                    ("NB_ADOPTR", "2"),
                    ("SEX_ADOPTR", "MF"),
                    ("LS_ADOPTR", "L11"),
                ],
                &[("CHILD", "2"), ("DATE_INT", "01/01/2021")],
                &[("CHILD", "3")],
            ],
        )]);
        assert_eq!(found("151", &ret), ["2"]);
    }

    #[test]
    fn r134_adoption_items_for_a_care_leaver_are_an_error() {
        let ret = given(&[
            (
                Table::Ad1,
                &[
                    &[("CHILD", "1"), ("DATE_INT", "01/01/2021")],
                    &[("CHILD", "2"), ("DATE_INT", "01/01/2021")],
                    &[("CHILD", "3")],
                ],
            ),
            (
                Table::Oc3,
                &[
                    &[("CHILD", "1"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "2")],
                    &[("CHILD", "3"), ("IN_TOUCH", "YES")],
                ],
            ),
        ]);
        assert_eq!(found("134", &ret), ["1"]);
    }

    #[test]
    fn r115_r116_r119_r120_placed_for_adoption_items() {
        let ret = given(&[(
            Table::PlacedForAdoption,
            &[
                &[("CHILD", "1"), ("DATE_PLACED", "01/01/2021")],
                &[("CHILD", "2"), ("DATE_PLACED", "38/01/2021")],
                &[
                    ("CHILD", "3"),
                    ("DATE_PLACED_CEASED", "01/13/2021"),
                    ("REASON_PLACED_CEASED", "RD1"),
                ],
                &[("CHILD", "4"), ("DATE_PLACED_CEASED", "01/02/2021")],
                &[("CHILD", "5"), ("REASON_PLACED_CEASED", "RD5")],
            ],
        )]);
        assert_eq!(found("115", &ret), ["2"]);
        assert_eq!(found("116", &ret), ["3"]);
        assert_eq!(found("119", &ret), ["4", "5"]);
        assert_eq!(found("120", &ret), ["5"]);
    }

    #[test]
    fn r184_a_decision_before_birth_is_an_error() {
        let ret = given(&[
            (
                Table::PlacedForAdoption,
                &[
                    &[("CHILD", "1"), ("DATE_PLACED", "01/01/2019")],
                    &[("CHILD", "2"), ("DATE_PLACED", "01/01/2021")],
                    &[("CHILD", "3")],
                ],
            ),
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("DOB", "01/01/2020")],
                    &[("CHILD", "2"), ("DOB", "01/01/2020")],
                    &[("CHILD", "3"), ("DOB", "01/01/2020")],
                ],
            ),
        ]);
        assert_eq!(found("184", &ret), ["1"]);
    }

    #[test]
    fn r1003_a_decision_before_care_started_is_an_error() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "101"), ("DECOM", "01/03/1980"), ("RNE", "S")],
                    &[("CHILD", "102"), ("DECOM", "01/03/1980"), ("RNE", "S")],
                    &[("CHILD", "103"), ("DECOM", "01/02/1970"), ("RNE", "P")],
                    &[("CHILD", "103"), ("DECOM", "01/03/1979"), ("RNE", "S")],
                    &[("CHILD", "103"), ("DECOM", "01/01/1981"), ("RNE", "S")],
                    &[("CHILD", "104"), ("DECOM", "01/03/1979"), ("RNE", "P")],
                    &[("CHILD", "105"), ("DECOM", "01/01/1981"), ("RNE", "S")],
                ],
            ),
            (
                Table::PlacedForAdoption,
                &[
                    &[("CHILD", "101"), ("DATE_PLACED", "26/05/1978")],
                    &[("CHILD", "102")],
                    &[("CHILD", "103"), ("DATE_PLACED", "26/05/1970")],
                    &[("CHILD", "104"), ("DATE_PLACED", "01/02/1960")],
                    &[("CHILD", "105"), ("DATE_PLACED", "26/05/2019")],
                ],
            ),
        ]);
        assert_eq!(found("1003", &ret), ["101", "103"]);
    }

    #[test]
    fn r117_a_decision_after_the_year_or_after_care_ended_is_an_error() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                        ("REC", "E11"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("DECOM", "01/05/2025"),
                        ("DEC", "01/06/2025"),
                        ("REC", "E11"),
                    ],
                    &[("CHILD", "3"), ("DECOM", "01/05/2025")],
                    &[("CHILD", "4"), ("DECOM", "01/05/2025")],
                ],
            ),
            (
                Table::PlacedForAdoption,
                &[
                    &[("CHILD", "1"), ("DATE_PLACED", "01/05/2025")],
                    &[
                        ("CHILD", "2"),
                        ("DATE_PLACED", "01/05/2025"),
                        ("DATE_PLACED_CEASED", "02/06/2025"),
                    ],
                    &[("CHILD", "3"), ("DATE_PLACED", "01/04/2026")],
                    &[("CHILD", "4"), ("DATE_PLACED", "01/03/2026")],
                ],
            ),
        ]);
        assert_eq!(found("117", &ret), ["2", "3"]);
    }

    #[test]
    fn r118_a_reversal_before_the_year_or_before_care_is_an_error() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("DECOM", "01/05/2025"), ("LS", "C2")],
                    &[("CHILD", "2"), ("DECOM", "01/05/2025"), ("LS", "C2")],
                    &[("CHILD", "3"), ("DECOM", "01/01/2025"), ("LS", "C2")],
                    &[("CHILD", "4"), ("DECOM", "01/01/2025"), ("LS", "V3")],
                    &[("CHILD", "4"), ("DECOM", "01/06/2025"), ("LS", "C2")],
                ],
            ),
            (
                Table::PlacedForAdoption,
                &[
                    &[("CHILD", "1"), ("DATE_PLACED_CEASED", "01/06/2025")],
                    &[("CHILD", "2"), ("DATE_PLACED_CEASED", "01/04/2025")],
                    &[("CHILD", "3"), ("DATE_PLACED_CEASED", "01/03/2025")],
                    &[("CHILD", "4"), ("DATE_PLACED_CEASED", "01/05/2025")],
                ],
            ),
        ]);
        assert_eq!(found("118", &ret), ["2", "3", "4"]);
    }
}
