//! The OC3 file: care leavers' codes, and whether care leaver information
//! is due given the young person's episodes this year and last.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;

use super::super::child_text;
use super::{
    Return903, Rows, SHORT_BREAK, children_in, day, is_one_of, plus_years, rows_where, text,
};
use crate::ssda903::model::{EpisodeRow, Oc3Row, Table};

/// Whether any of the care leaver items is given.
fn leaver_items(o: &Oc3Row) -> bool {
    o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present()
}

/// The OC3 rows with care leaver items given whose child a test picks.
fn leavers_where(r: &Return903<'_>, at_fault: impl Fn(&str, &Oc3Row) -> bool) -> Rows {
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| {
        leaver_items(&oc3[i]) && at_fault(r.child_of(Table::Oc3, i), &oc3[i])
    })
}

/// SSDA903 validation rule 131: each OC3 row whose being in touch is
/// missing or not one of the list's codes.
pub(super) fn r131(r: &Return903<'_>) -> Rows {
    const IN_TOUCH: &[&str] = &["YES", "NO", "DIED", "REFU", "NREQ", "RHOM"];
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| {
        !is_one_of(&oc3[i].in_touch, IN_TOUCH)
    })
}

/// SSDA903 validation rule 132: each OC3 row whose activity is missing or
/// not one of the list's codes.
pub(super) fn r132(r: &Return903<'_>) -> Rows {
    const ACTIV: &[&str] = &[
        "F1", "P1", "F2", "P2", "F4", "P4", "F5", "P5", "G4", "G5", "G6", "0",
    ];
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| !is_one_of(&oc3[i].activ, ACTIV))
}

/// SSDA903 validation rule 133: each OC3 row whose accommodation is
/// missing or not one of the list's codes.
pub(super) fn r133(r: &Return903<'_>) -> Rows {
    const ACCOM: &[&str] = &[
        "B1", "B2", "C1", "C2", "D1", "D2", "E1", "E2", "G1", "G2", "H1", "H2", "K1", "K2", "R1",
        "R2", "S2", "T1", "T2", "U1", "U2", "V1", "V2", "W1", "W2", "X2", "Y1", "Y2", "Z1", "Z2",
        "0",
    ];
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| !is_one_of(&oc3[i].accom, ACCOM))
}

/// SSDA903 validation rule 153: each OC3 row with some but not all of the
/// care leaver items given.
pub(super) fn r153(r: &Return903<'_>) -> Rows {
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| {
        let o = &oc3[i];
        let given = [
            o.in_touch.is_present(),
            o.activ.is_present(),
            o.accom.is_present(),
        ]
        .into_iter()
        .filter(|&given| given)
        .count();
        given == 1 || given == 2
    })
}

/// SSDA903 validation rule 1000: each OC3 row of a young person with an
/// episode ended by death (E2), this year or, where given, last year.
pub(super) fn r1000(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    let this_year = r.file.episodes.iter();
    let last_year = r.last.into_iter().flat_map(|l| l.episodes.iter());
    let died: HashSet<&str> = this_year
        .chain(last_year)
        .filter(|e| is_one_of(&e.rec, &["E2"]))
        .map(|e| child_text(&e.child))
        .collect();
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| {
        died.contains(r.child_of(Table::Oc3, i))
    })
}

/// SSDA903 validation rule 1002: each OC3 row of a young person with no
/// episode this year or last.
pub(super) fn r1002(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Vec::new();
    };
    if !r.has(Table::Episodes) || last.files_absent.contains(&Table::Episodes) {
        return Vec::new();
    }
    let last_year: HashSet<&str> = last.episodes.iter().map(|e| child_text(&e.child)).collect();
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| {
        let child = r.child_of(Table::Oc3, i);
        r.episodes_of(child).is_empty() && !last_year.contains(child)
    })
}

/// SSDA903 validation rule 1010: each OC3 row of a young person with no
/// episode this year whose latest episode last year (by start date) was
/// still open.
pub(super) fn r1010(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Vec::new();
    };
    if !r.has(Table::Episodes) || last.files_absent.contains(&Table::Episodes) {
        return Vec::new();
    }
    let mut latest: HashMap<&str, (Date, usize)> = HashMap::new();
    for (i, e) in last.episodes.iter().enumerate() {
        if let Some(decom) = day(&e.decom) {
            let entry = latest.entry(child_text(&e.child)).or_insert((decom, i));
            if decom >= entry.0 {
                *entry = (decom, i);
            }
        }
    }
    let open: HashSet<&str> = latest
        .into_iter()
        .filter(|(_, (_, i))| last.episodes[*i].dec.is_missing())
        .map(|(child, _)| child)
        .collect();
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| {
        let child = r.child_of(Table::Oc3, i);
        r.episodes_of(child).is_empty() && open.contains(child)
    })
}

/// SSDA903 validation rule 1011: each OC3 row with care leaver items of a
/// young person whose latest episode (by start date) ended with care
/// transferred to another authority (E3).
pub(super) fn r1011(r: &Return903<'_>) -> Rows {
    leavers_where(r, |child, _| {
        let indices = r.episodes_of(child);
        let latest = indices
            .iter()
            .copied()
            .filter(|&i| r.file.episodes[i].decom.valid().is_some())
            .max_by_key(|&i| (day(&r.file.episodes[i].decom), std::cmp::Reverse(i)));
        latest.is_some_and(|i| text(&r.file.episodes[i].rec).as_deref() == Some("E3"))
    })
}

/// SSDA903 validation rule 1007: each OC3 row with care leaver items of a
/// young person 17 or 18 at the end of the year with an episode that
/// started on or before their last birthday and ended after it.
pub(super) fn r1007(r: &Return903<'_>) -> Rows {
    leavers_where(r, |child, o| {
        let Some(dob) = day(&o.dob) else {
            return false;
        };
        if !(plus_years(dob, 17) <= r.end && plus_years(dob, 19) > r.end) {
            return false;
        }
        let Ok(mut birthday) = Date::new(r.end.year(), dob.month(), dob.day()) else {
            return false;
        };
        if birthday > r.end {
            birthday = plus_years(birthday, -1);
        }
        r.episodes_of(child).iter().any(|&i| {
            let e = &r.file.episodes[i];
            day(&e.decom).is_some_and(|d| d <= birthday)
                && day(&e.dec).is_some_and(|d| d > birthday)
        })
    })
}

/// SSDA903 validation rule 1016: each OC3 row with care leaver items of a
/// young person 17 at the end of the year with an episode ending on or
/// after their 17th birthday, or 18 with one ending on or after their 18th.
/// Ages are in days over years of 365.2425 days, as the community
/// validator counts them.
pub(super) fn r1016(r: &Return903<'_>) -> Rows {
    leavers_where(r, |child, o| {
        let Some(dob) = day(&o.dob) else {
            return false;
        };
        let Ok(age) = dob.until(r.end) else {
            return false;
        };
        let days = i64::from(age.get_days());
        let turned = if (6210..6575).contains(&days) {
            plus_years(dob, 17)
        } else if (6575..6940).contains(&days) {
            plus_years(dob, 18)
        } else {
            return false;
        };
        r.episodes_of(child)
            .iter()
            .any(|&i| day(&r.file.episodes[i].dec).is_some_and(|d| d >= turned))
    })
}

/// SSDA903 validation rule 1014: each UASC row and each OC3 row with care
/// leaver items of a UASC young person whose episodes are none of them in
/// the year.
pub(super) fn r1014(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Uasc) || !r.has(Table::Oc3) {
        return Vec::new();
    }
    let uasc = children_in(r, Table::Uasc);
    let due: HashSet<&str> = r
        .children_with_episodes()
        .filter(|(child, indices)| {
            uasc.contains(child)
                && !indices.iter().any(|&i| {
                    let e = &r.file.episodes[i];
                    day(&e.decom).is_some_and(|d| d <= r.end)
                        && day(&e.dec).is_none_or(|d| d >= r.start)
                })
        })
        .map(|(child, _)| child)
        .collect();
    let mut rows = leavers_where(r, |child, _| due.contains(child));
    let with_items: HashSet<&str> = rows.iter().map(|&(t, i)| r.child_of(t, i)).collect();
    rows.extend(rows_where(Table::Uasc, r.file.uasc.len(), |i| {
        with_items.contains(r.child_of(Table::Uasc, i))
    }));
    rows
}

/// SSDA903 validation rule 1001: each OC3 row of a young person who, by
/// this year's and last year's episodes, is not a relevant or former
/// relevant child: looked after (short breaks aside) for fewer than 91
/// days since their 14th birthday, or not at all since their 16th, or
/// adopted at the end of their latest episode (E11, E12). Episodes of both
/// years starting the same day are counted once (the one with the earliest
/// end), and the latest open episode runs to the end of the year. Young
/// people 20 or over at the end of the year, or with no date of birth in
/// the header, have no days counted.
pub(super) fn r1001(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Vec::new();
    };
    let f = r.file;
    if [
        f.episodes.len(),
        f.oc3.len(),
        f.header.len(),
        last.episodes.len(),
    ]
    .contains(&0)
    {
        return Vec::new();
    }
    // Each child's episodes of both years, once per start date.
    let mut by_child: HashMap<&str, Vec<&EpisodeRow>> = HashMap::new();
    for e in f.episodes.iter().chain(&last.episodes) {
        by_child.entry(child_text(&e.child)).or_default().push(e);
    }
    let mut days_after_14 = HashMap::new();
    let mut days_after_16 = HashMap::new();
    let mut adopted = HashSet::new();
    for (child, episodes) in &mut by_child {
        // Earliest end first (a missing or invalid end last), then keep the
        // first of each start date.
        episodes.sort_by_key(|e| (day(&e.dec).is_none(), day(&e.dec)));
        let mut seen = HashSet::new();
        episodes.retain(|e| seen.insert(day(&e.decom)));
        let latest = episodes
            .iter()
            .enumerate()
            .filter(|(_, e)| e.decom.valid().is_some())
            .max_by_key(|&(i, e)| (day(&e.decom), std::cmp::Reverse(i)))
            .map(|(i, _)| i);
        if let Some(latest) = latest
            && is_one_of(&episodes[latest].rec, &["E11", "E12"])
        {
            adopted.insert(*child);
        }
        let dob = r
            .header_of(child)
            .and_then(|h| day(&f.header[h].dob))
            .filter(|&dob| plus_years(dob, 20) > r.end);
        let Some(dob) = dob else { continue };
        let (from_14, from_16) = (plus_years(dob, 14), plus_years(dob, 16));
        for (i, e) in episodes.iter().enumerate() {
            if is_one_of(&e.ls, SHORT_BREAK) {
                continue;
            }
            days_after_14.entry(*child).or_insert(0);
            days_after_16.entry(*child).or_insert(0);
            let dec = match day(&e.dec) {
                None if Some(i) == latest => r.end,
                None => continue,
                Some(dec) => dec,
            };
            let days_since = |from: Date| {
                let start = day(&e.decom).map_or(from, |d| d.max(from));
                start
                    .until(dec)
                    .map_or(0, |span| i64::from(span.get_days()).max(0))
            };
            *days_after_14.entry(*child).or_insert(0) += days_since(from_14);
            *days_after_16.entry(*child).or_insert(0) += days_since(from_16);
        }
    }
    if days_after_14.is_empty() {
        return Vec::new();
    }
    rows_where(Table::Oc3, f.oc3.len(), |i| {
        let child = r.child_of(Table::Oc3, i);
        let relevant = days_after_14.get(child).is_some_and(|&d| d >= 91)
            && days_after_16.get(child).is_some_and(|&d| d >= 1);
        adopted.contains(child) || !relevant
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::Return903;
    use super::super::super::tests::{found, found_in, given};
    use crate::ssda903::model::Table;

    #[test]
    fn r131_r132_r133_care_leaver_codes_missing_or_not_in_their_lists_are_errors() {
        let ret = given(&[(
            Table::Oc3,
            &[
                &[
                    ("CHILD", "1"),
                    ("IN_TOUCH", "yes"),
                    ("ACTIV", "f1"),
                    ("ACCOM", "s2"),
                ],
                &[
                    ("CHILD", "2"),
                    ("IN_TOUCH", "REFUSE"),
                    ("ACTIV", "1"),
                    ("ACCOM", "K3"),
                ],
                &[("CHILD", "3"), ("ACTIV", "0")],
            ],
        )]);
        assert_eq!(found("131", &ret), ["2", "3"]);
        assert_eq!(found("132", &ret), ["2"]);
        assert_eq!(found("133", &ret), ["2", "3"]);
    }

    #[test]
    fn r153_some_care_leaver_items_but_not_all_is_an_error() {
        let ret = given(&[(
            Table::Oc3,
            &[
                &[
                    ("CHILD", "1"),
                    ("IN_TOUCH", "YES"),
                    ("ACTIV", "F1"),
                    ("ACCOM", "B1"),
                ],
                &[("CHILD", "2")],
                &[("CHILD", "3"), ("IN_TOUCH", "YES")],
                &[("CHILD", "4"), ("ACTIV", "F1"), ("ACCOM", "B1")],
            ],
        )]);
        assert_eq!(found("153", &ret), ["3", "4"]);
    }

    #[test]
    fn r1000_care_leaver_information_for_a_child_who_died_is_an_error() {
        let last = given(&[(
            Table::Episodes,
            &[
                &[("CHILD", "101"), ("REC", "X1")],
                &[("CHILD", "102"), ("REC", "E2")],
            ],
        )]);
        let file = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "104"), ("REC", "X1")],
                    &[("CHILD", "105"), ("REC", "E2")],
                ],
            ),
            (
                Table::Oc3,
                &[
                    &[("CHILD", "101")],
                    &[("CHILD", "102")],
                    &[("CHILD", "104")],
                    &[("CHILD", "105")],
                ],
            ),
        ]);
        assert_eq!(found("1000", &file), ["105"]);
        let ret = Return903::new(&file).with_last_year(&last);
        assert_eq!(found_in("1000", &ret), ["102", "105"]);
    }

    #[test]
    fn r1002_r1010_care_leavers_without_episodes() {
        let last = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "101"),
                    ("DECOM", "01/01/2024"),
                    ("DEC", "20/06/2024"),
                ],
                &[("CHILD", "102"), ("DECOM", "03/10/2024")],
                &[
                    ("CHILD", "102"),
                    ("DECOM", "11/11/2024"),
                    ("DEC", "14/03/2025"),
                ],
                &[
                    ("CHILD", "103"),
                    ("DECOM", "01/01/2024"),
                    ("DEC", "01/02/2024"),
                ],
                &[("CHILD", "103"), ("DECOM", "11/11/2024")],
            ],
        )]);
        let file = given(&[
            (
                Table::Episodes,
                &[&[("CHILD", "101"), ("DECOM", "01/05/2025")]],
            ),
            (
                Table::Oc3,
                &[
                    &[("CHILD", "101")],
                    &[("CHILD", "102")],
                    &[("CHILD", "103")],
                    &[("CHILD", "104")],
                ],
            ),
        ]);
        let ret = Return903::new(&file).with_last_year(&last);
        assert_eq!(found_in("1002", &ret), ["104"]);
        assert_eq!(found_in("1010", &ret), ["103"]);
    }

    #[test]
    fn r1011_care_leaver_information_after_a_transfer_is_an_error() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "111"), ("DECOM", "01/06/2025"), ("REC", "E3")],
                    &[("CHILD", "111"), ("DECOM", "06/06/2025"), ("REC", "E3")],
                    &[("CHILD", "222"), ("DECOM", "05/06/2025"), ("REC", "E3")],
                    &[("CHILD", "444"), ("DECOM", "08/06/2025"), ("REC", "E3")],
                    &[("CHILD", "444"), ("DECOM", "15/06/2025"), ("REC", "X1")],
                ],
            ),
            (
                Table::Oc3,
                &[
                    &[("CHILD", "111"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "222")],
                    &[("CHILD", "444"), ("IN_TOUCH", "YES")],
                ],
            ),
        ]);
        assert_eq!(found("1011", &ret), ["111"]);
    }

    #[test]
    fn r1007_care_leaver_information_while_looked_after_on_the_birthday_is_an_error() {
        let ret = given(&[
            (
                Table::Oc3,
                &[
                    &[("CHILD", "F"), ("DOB", "01/02/2009"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "G"), ("DOB", "01/09/2008"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "H"), ("DOB", "01/02/2009"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "I"), ("DOB", "01/09/2008")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "F"),
                        ("DECOM", "01/02/2024"),
                        ("DEC", "01/03/2026"),
                    ],
                    &[
                        ("CHILD", "G"),
                        ("DECOM", "01/09/2024"),
                        ("DEC", "01/09/2025"),
                    ],
                    &[
                        ("CHILD", "H"),
                        ("DECOM", "01/02/2024"),
                        ("DEC", "01/01/2026"),
                    ],
                    &[
                        ("CHILD", "I"),
                        ("DECOM", "01/09/2024"),
                        ("DEC", "01/09/2026"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("1007", &ret), ["F"]);
    }

    #[test]
    fn r1016_care_leaver_information_when_care_ended_after_the_birthday_is_an_error() {
        let ret = given(&[
            (
                Table::Oc3,
                &[
                    &[("CHILD", "1"), ("DOB", "30/03/2008"), ("IN_TOUCH", "Y")],
                    &[("CHILD", "2"), ("DOB", "30/03/2008"), ("IN_TOUCH", "Y")],
                    &[("CHILD", "3"), ("DOB", "30/03/2008")],
                    &[("CHILD", "4"), ("DOB", "30/03/2009"), ("IN_TOUCH", "Y")],
                    &[("CHILD", "5"), ("DOB", "30/03/2009"), ("IN_TOUCH", "Y")],
                    &[("CHILD", "8"), ("DOB", "31/03/2010"), ("IN_TOUCH", "Y")],
                    &[("CHILD", "11"), ("DOB", "30/03/2008"), ("IN_TOUCH", "Y")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("DEC", "31/03/2026")],
                    &[("CHILD", "2"), ("DEC", "29/03/2026")],
                    &[("CHILD", "3"), ("DEC", "31/03/2026")],
                    &[("CHILD", "4"), ("DEC", "31/03/2026")],
                    &[("CHILD", "5"), ("DEC", "01/01/2026")],
                    &[("CHILD", "8"), ("DEC", "31/03/2026")],
                    &[("CHILD", "11")],
                ],
            ),
        ]);
        assert_eq!(found("1016", &ret), ["1", "4"]);
    }

    #[test]
    fn r1014_care_leaver_information_for_uasc_not_looked_after_in_the_year_is_an_error() {
        let ret = given(&[
            (
                Table::Uasc,
                &[
                    &[("CHILD", "101"), ("DUC", "05/06/2019")],
                    &[("CHILD", "102")],
                    &[("CHILD", "103")],
                ],
            ),
            (
                Table::Oc3,
                &[
                    &[("CHILD", "101")],
                    &[("CHILD", "102"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "103"), ("IN_TOUCH", "YES")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "101"),
                        ("DECOM", "01/01/2020"),
                        ("DEC", "01/01/2020"),
                    ],
                    &[
                        ("CHILD", "102"),
                        ("DECOM", "01/01/2020"),
                        ("DEC", "30/03/2025"),
                    ],
                    &[
                        ("CHILD", "103"),
                        ("DECOM", "01/01/2020"),
                        ("DEC", "01/04/2025"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("1014", &ret), ["102"]);
    }

    #[test]
    fn r1001_care_leaver_information_for_a_child_not_relevant_is_an_error() {
        let last = given(&[(
            Table::Episodes,
            &[
                &[
                    ("CHILD", "1111"),
                    ("LS", "C2"),
                    ("DECOM", "01/02/2024"),
                    ("DEC", "01/06/2024"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "2222"),
                    ("LS", "C2"),
                    ("DECOM", "01/01/2019"),
                    ("DEC", "01/02/2023"),
                    ("REC", "X1"),
                ],
                &[("CHILD", "2222"), ("LS", "C2"), ("DECOM", "01/01/2019")],
                &[
                    ("CHILD", "7777"),
                    ("LS", "C2"),
                    ("DECOM", "01/01/2022"),
                    ("DEC", "01/03/2023"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "7777"),
                    ("LS", "V3"),
                    ("DECOM", "01/01/2024"),
                    ("DEC", "01/04/2024"),
                    ("REC", "X1"),
                ],
                &[
                    ("CHILD", "8888"),
                    ("LS", "C2"),
                    ("DECOM", "01/02/2024"),
                    ("DEC", "01/08/2024"),
                    ("REC", "X1"),
                ],
            ],
        )]);
        let file = given(&[
            (
                Table::Episodes,
                &[
                    &[
                        ("CHILD", "1111"),
                        ("LS", "C2"),
                        ("DECOM", "01/01/2025"),
                        ("DEC", "01/02/2025"),
                        ("REC", "X1"),
                    ],
                    &[
                        ("CHILD", "2222"),
                        ("LS", "C2"),
                        ("DECOM", "25/12/2024"),
                        ("DEC", "01/02/2025"),
                        ("REC", "X1"),
                    ],
                    &[
                        ("CHILD", "4444"),
                        ("LS", "C2"),
                        ("DECOM", "01/01/2025"),
                        ("DEC", "01/02/2025"),
                        ("REC", "X1"),
                    ],
                    &[("CHILD", "4444"), ("LS", "C2"), ("DECOM", "25/12/2025")],
                    &[
                        ("CHILD", "7777"),
                        ("LS", "C2"),
                        ("DECOM", "25/12/2024"),
                        ("DEC", "04/01/2025"),
                        ("REC", "X1"),
                    ],
                    &[
                        ("CHILD", "8888"),
                        ("LS", "C2"),
                        ("DECOM", "01/03/2025"),
                        ("DEC", "01/05/2025"),
                        ("REC", "E11"),
                    ],
                    &[
                        ("CHILD", "9999"),
                        ("LS", "C2"),
                        ("DECOM", "01/03/2025"),
                        ("DEC", "01/05/2025"),
                        ("REC", "X1"),
                    ],
                ],
            ),
            (
                Table::Header,
                &[
                    &[("CHILD", "1111"), ("DOB", "01/01/2009")],
                    &[("CHILD", "2222"), ("DOB", "01/01/2009")],
                    &[("CHILD", "4444"), ("DOB", "01/01/2009")],
                    &[("CHILD", "7777"), ("DOB", "01/01/2009")],
                    &[("CHILD", "8888"), ("DOB", "01/01/2009")],
                ],
            ),
            (
                Table::Oc3,
                &[
                    &[("CHILD", "1111")],
                    &[("CHILD", "2222")],
                    &[("CHILD", "4444")],
                    &[("CHILD", "7777")],
                    &[("CHILD", "8888")],
                    &[("CHILD", "9999")],
                ],
            ),
        ]);
        let ret = Return903::new(&file).with_last_year(&last);
        assert_eq!(found_in("1001", &ret), ["2222", "7777", "8888", "9999"]);
    }
}
