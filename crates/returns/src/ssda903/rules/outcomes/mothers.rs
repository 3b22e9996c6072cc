//! Rules 601-635: adoption details against the episodes, motherhood, and
//! previous permanence.

use std::collections::{HashMap, HashSet};

use jiff::ToSpan;
use jiff::civil::Date;

use super::{one_of, rows_of, text};
use crate::CollectionYear;
use crate::ssda903::cell::Cell;
use crate::ssda903::model::{Ad1Row, EpisodeRow, Table};
use crate::ssda903::rules::{Return903, Rows, child_text};

/// Whether an episode ended in the year by adoption (E11, E12). An episode
/// with no end date has not ended (the community validator's rules after
/// its rule 365 see such an episode as ending on 31 March, as that rule
/// fills in the missing ends of the table they share).
fn adoption_in_year(r: &Return903<'_>, e: &EpisodeRow) -> bool {
    e.dec.valid().is_some_and(|d| r.in_year(*d)) && one_of(&e.rec, &["E11", "E12"])
}

/// The children with an episode ending in the year by adoption.
fn adopted_in_year<'a>(r: &Return903<'a>) -> HashSet<&'a str> {
    r.file
        .episodes
        .iter()
        .filter(|e| adoption_in_year(r, e))
        .map(|e| child_text(&e.child))
        .collect()
}

/// The adoption details of an AD1 row that may be missing.
fn adoption_details(row: &Ad1Row) -> [bool; 6] {
    [
        row.date_int.is_present(),
        row.date_match.is_present(),
        row.foster_care.is_present(),
        row.nb_adoptr.is_present(),
        row.sex_adoptr.is_present(),
        row.ls_adoptr.is_present(),
    ]
}

/// SSDA903 validation rule 601: a child adopted in the year (an episode
/// ending E11 or E12 in the year) whose AD1 row leaves out any adoption
/// detail. Finds the AD1 row and the adoption episodes.
pub(super) fn r601(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::Ad1) {
        return Rows::new();
    }
    let adopted = adopted_in_year(r);
    let incomplete: HashSet<&str> = r
        .file
        .ad1
        .iter()
        .filter(|a| adopted.contains(child_text(&a.child)))
        .filter(|a| adoption_details(a).contains(&false))
        .map(|a| child_text(&a.child))
        .collect();
    let mut found = rows_of(
        Table::Ad1,
        (0..r.file.ad1.len()).filter(|&i| incomplete.contains(child_text(&r.file.ad1[i].child))),
    );
    found.extend(
        (0..r.file.episodes.len())
            .filter(|&i| {
                let e = &r.file.episodes[i];
                incomplete.contains(child_text(&e.child)) && adoption_in_year(r, e)
            })
            .map(|i| (Table::Episodes, i)),
    );
    found
}

/// SSDA903 validation rule 602: AD1 details given for a child with no
/// episode ending by adoption (E11, E12) in the year.
pub(super) fn r602(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::Ad1) {
        return Rows::new();
    }
    let adopted = adopted_in_year(r);
    let ad1 = &r.file.ad1;
    rows_of(
        Table::Ad1,
        (0..ad1.len()).filter(|&i| {
            !adopted.contains(child_text(&ad1[i].child))
                && adoption_details(&ad1[i]).contains(&true)
        }),
    )
}

/// The header rows of each child.
fn header_rows<'a>(r: &Return903<'a>) -> HashMap<&'a str, Vec<usize>> {
    let mut by_child: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, h) in r.file.header.iter().enumerate() {
        by_child.entry(child_text(&h.child)).or_default().push(i);
    }
    by_child
}

/// SSDA903 validation rule 607: a girl who ceased to be looked after in the
/// year (not on short breaks, V3 or V4, and not by X1) whose header does
/// not say whether she is a mother. An episode with no end date has not
/// ended (see [`adoption_in_year`] on the community validator).
pub(super) fn r607(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::Header) {
        return Rows::new();
    }
    let headers = header_rows(r);
    let mut found = Rows::new();
    for (i, e) in r.file.episodes.iter().enumerate() {
        let ceased = e.dec.valid().is_some_and(|d| r.in_year(*d))
            && e.rec.is_present()
            && !one_of(&e.rec, &["X1"])
            && !one_of(&e.ls, &["V3", "V4"]);
        if !ceased {
            continue;
        }
        for &h in headers.get(child_text(&e.child)).into_iter().flatten() {
            let row = &r.file.header[h];
            if one_of(&row.sex, &["F"]) && row.mother.is_missing() {
                found.push((Table::Episodes, i));
                found.push((Table::Header, h));
            }
        }
    }
    found
}

/// SSDA903 validation rule 611: a mother whose child's date of birth is
/// not given.
pub(super) fn r611(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len())
            .filter(|&i| header[i].mother.valid() == Some(&true) && header[i].mc_dob.is_missing()),
    )
}

/// SSDA903 validation rule 612: a girl not recorded as a mother (0 or
/// blank) with her child's date of birth given.
pub(super) fn r612(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len()).filter(|&i| {
            let h = &header[i];
            (h.mother.is_missing() || h.mother.valid() == Some(&false))
                && one_of(&h.sex, &["F"])
                && h.mc_dob.is_present()
        }),
    )
}

/// SSDA903 validation rule 620: a mother who is not yet 11 at the start of
/// the year.
pub(super) fn r620(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len()).filter(|&i| {
            header[i].mother.valid() == Some(&true)
                && header[i]
                    .dob
                    .valid()
                    .is_some_and(|dob| dob.saturating_add(11.years()) > r.start)
        }),
    )
}

/// SSDA903 validation rule 621: a mother's child's date of birth that is
/// not after her own (or hers is not a valid date), as the community
/// validator reads it.
pub(super) fn r621(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len()).filter(|&i| {
            let h = &header[i];
            h.mc_dob
                .valid()
                .is_some_and(|mc| h.dob.valid().is_none_or(|dob| mc <= dob))
        }),
    )
}

/// SSDA903 validation rule 624: the date of birth of the mother's first
/// child, given this year, differs from the one given last year.
///
/// A date not given this year contradicts nothing. The community validator
/// finds it all the same, which no return can avoid for a mother who left
/// care last year and is in this year's header only as a care leaver: rule
/// 628 asks that her MOTHER be left blank, and then rule 612 that her
/// MC_DOB be blank too (listed in tools/parity/known-differences.tsv).
pub(super) fn r624(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let mut before: HashMap<&str, Vec<Option<String>>> = HashMap::new();
    for h in &last.header {
        before
            .entry(child_text(&h.child))
            .or_default()
            .push(text(&h.mc_dob));
    }
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len()).filter(|&i| {
            let now = text(&header[i].mc_dob);
            before
                .get(child_text(&header[i].child))
                .into_iter()
                .flatten()
                .any(|then| then.is_some() && now.is_some() && *then != now)
        }),
    )
}

/// SSDA903 validation rule 625: the date of birth of the mother's first
/// child is after the end of the year or after her last episode ended (an
/// episode still open counts as ending on 31 March, as the community
/// validator has it once its rule 365 has filled in the missing ends).
pub(super) fn r625(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::Header) {
        return Rows::new();
    }
    // Each child's latest episode end (the first such episode in the file).
    let mut latest: HashMap<&str, (Date, usize)> = HashMap::new();
    for (i, e) in r.file.episodes.iter().enumerate() {
        let dec = if e.dec.is_missing() {
            r.end
        } else if let Some(&dec) = e.dec.valid() {
            dec
        } else {
            continue;
        };
        let entry = latest.entry(child_text(&e.child)).or_insert((dec, i));
        if dec > entry.0 {
            *entry = (dec, i);
        }
    }
    let headers = header_rows(r);
    let mut found = Rows::new();
    for (child, (dec, i)) in latest {
        for &h in headers.get(child).into_iter().flatten() {
            if let Some(&mc) = r.file.header[h].mc_dob.valid()
                && (mc > r.end || mc > dec)
            {
                found.push((Table::Episodes, i));
                found.push((Table::Header, h));
            }
        }
    }
    found
}

/// SSDA903 validation rule 626: a mother whose first child was born before
/// the year, though last year she was recorded as not a mother.
pub(super) fn r626(r: &Return903<'_>) -> Rows {
    let Some(last) = r.last else {
        return Rows::new();
    };
    let not_mother_last_year: HashSet<&str> = last
        .header
        .iter()
        .filter(|h| h.mother.valid() == Some(&false))
        .map(|h| child_text(&h.child))
        .collect();
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len()).filter(|&i| {
            let h = &header[i];
            h.mc_dob.valid().is_some_and(|mc| *mc < r.start)
                && h.mother.valid() == Some(&true)
                && not_mother_last_year.contains(child_text(&h.child))
        }),
    )
}

/// SSDA903 validation rule 628: motherhood given for a care leaver (in OC3
/// with any detail) who has no episode this year.
pub(super) fn r628(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::Header) || !r.has(Table::Oc3) {
        return Rows::new();
    }
    let leavers: HashSet<&str> = r
        .file
        .oc3
        .iter()
        .filter(|o| o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present())
        .map(|o| child_text(&o.child))
        .collect();
    let header = &r.file.header;
    rows_of(
        Table::Header,
        (0..header.len()).filter(|&i| {
            let child = child_text(&header[i].child);
            r.episodes_of(child).is_empty()
                && leavers.contains(child)
                && header[i].mother.is_present()
        }),
    )
}

/// SSDA903 validation rule 630: an episode starting in the year with a
/// return to care after a permanence order (RNE S) whose previous
/// permanence details are absent or incomplete.
pub(super) fn r630(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::PreviousPermanence) {
        return Rows::new();
    }
    let mut perms: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in r.file.previous_permanence.iter().enumerate() {
        perms.entry(child_text(&p.child)).or_default().push(i);
    }
    let episodes = &r.file.episodes;
    rows_of(
        Table::Episodes,
        (0..episodes.len()).filter(|&i| {
            let e = &episodes[i];
            if !(one_of(&e.rne, &["S"]) && e.decom.valid().is_some_and(|d| *d >= r.start)) {
                return false;
            }
            let Some(rows) = perms.get(child_text(&e.child)) else {
                return true;
            };
            rows.iter().any(|&p| {
                let p = &r.file.previous_permanence[p];
                p.prev_perm.is_missing()
                    || (!one_of(&p.prev_perm, &["Z1"])
                        && (p.la_perm.is_missing() || p.date_perm.is_missing()))
            })
        }),
    )
}

/// SSDA903 validation rule 631: a previous permanence option not in the
/// list (P1-P4, Z1).
pub(super) fn r631(r: &Return903<'_>) -> Rows {
    let perms = &r.file.previous_permanence;
    rows_of(
        Table::PreviousPermanence,
        (0..perms.len()).filter(|&i| {
            perms[i].prev_perm.is_present()
                && !one_of(&perms[i].prev_perm, &["P1", "P2", "P3", "P4", "Z1"])
        }),
    )
}

/// A previous permanence order's date, where the day, month or year may be
/// unknown (ZZ, ZZ, ZZZZ): an unknown day is the month's last, an unknown
/// month the year's last, an unknown year 2000, as the community validator
/// reads it.
fn date_perm(written: &str) -> Option<Date> {
    let parts: Vec<&str> = written.split('/').collect();
    let [day, month, year] = parts.as_slice() else {
        return None;
    };
    let (mut day_unknown, mut month_unknown) = (false, false);
    let day = if *day == "ZZ" {
        day_unknown = true;
        "01"
    } else {
        day
    };
    let month = if *month == "ZZ" {
        month_unknown = true;
        "01"
    } else {
        month
    };
    let year = if *year == "ZZZZ" { "2000" } else { year };
    let date = Date::parse(&format!("{day}/{month}/{year}"), CollectionYear::Y2025_26)?;
    if month_unknown {
        Some(date.saturating_add(1.year()).saturating_sub(1.day()))
    } else if day_unknown {
        Some(date.saturating_add(1.month()).saturating_sub(1.day()))
    } else {
        Some(date)
    }
}

/// SSDA903 validation rule 632: a previous permanence order dated on or
/// after the start of the child's first episode, or a date that cannot be
/// read even with unknown parts.
pub(super) fn r632(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::PreviousPermanence) {
        return Rows::new();
    }
    let perms = &r.file.previous_permanence;
    rows_of(
        Table::PreviousPermanence,
        (0..perms.len()).filter(|&i| {
            let child = child_text(&perms[i].child);
            let Some(first) = r
                .episodes_of(child)
                .first()
                .and_then(|&e| r.file.episodes[e].decom.valid())
            else {
                return false;
            };
            match text(&perms[i].date_perm) {
                None => false,
                Some(written) => date_perm(&written).is_none_or(|d| d >= *first),
            }
        }),
    )
}

/// The local authority codes (old style) and places outside England a
/// previous permanence order may have been arranged by.
const LA_PERM: &[&str] = &[
    "800", "889", "822", "301", "304", "303", "330", "825", "837", "302", "846", "370", "350",
    "890", "867", "380", "305", "801", "351", "873", "823", "895", "896", "381", "909", "202",
    "908", "331", "306", "841", "830", "831", "878", "371", "835", "332", "840", "307", "308",
    "811", "881", "845", "390", "916", "203", "876", "850", "311", "204", "884", "312", "205",
    "313", "805", "919", "310", "309", "420", "921", "206", "207", "886", "810", "382", "314",
    "340", "888", "208", "856", "383", "855", "209", "925", "341", "201", "821", "352", "806",
    "887", "826", "315", "929", "812", "391", "926", "892", "813", "802", "928", "891", "392",
    "316", "815", "353", "931", "879", "836", "851", "874", "807", "354", "317", "870", "318",
    "372", "857", "333", "935", "343", "803", "373", "342", "893", "356", "355", "871", "394",
    "334", "933", "882", "936", "861", "852", "319", "860", "808", "393", "866", "210", "357",
    "894", "883", "880", "358", "211", "937", "869", "320", "359", "865", "384", "335", "336",
    "212", "868", "872", "885", "344", "877", "213", "938", "816", "999", "WAL", "SCO", "NUK",
    "NIR",
];

/// SSDA903 validation rule 633: a previous permanence authority code not
/// in the list.
pub(super) fn r633(r: &Return903<'_>) -> Rows {
    let perms = &r.file.previous_permanence;
    rows_of(
        Table::PreviousPermanence,
        (0..perms.len())
            .filter(|&i| perms[i].la_perm.is_present() && !one_of(&perms[i].la_perm, LA_PERM)),
    )
}

/// SSDA903 validation rule 634: previous permanence details for a child
/// whose latest episode started before the year.
pub(super) fn r634(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::PreviousPermanence) {
        return Rows::new();
    }
    let perms = &r.file.previous_permanence;
    rows_of(
        Table::PreviousPermanence,
        (0..perms.len()).filter(|&i| {
            let p = &perms[i];
            let latest = r
                .episodes_of(child_text(&p.child))
                .iter()
                .filter_map(|&e| r.file.episodes[e].decom.valid())
                .max();
            (p.prev_perm.is_present() || p.date_perm.is_present() || p.la_perm.is_present())
                && latest.is_some_and(|d| *d < r.start)
        }),
    )
}

/// SSDA903 validation rule 635: a previous permanence authority or date
/// given without the previous permanence option.
pub(super) fn r635(r: &Return903<'_>) -> Rows {
    let perms = &r.file.previous_permanence;
    rows_of(
        Table::PreviousPermanence,
        (0..perms.len()).filter(|&i| {
            let p = &perms[i];
            (p.la_perm.is_present() || p.date_perm.is_present()) && p.prev_perm.is_missing()
        }),
    )
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, found_in, given};
    use super::date_perm;
    use crate::ssda903::model::Table;
    use crate::ssda903::rules::Return903;

    const AD1_FULL: &[(&str, &str)] = &[
        ("DATE_INT", "01/01/2025"),
        ("DATE_MATCH", "01/02/2025"),
        ("FOSTER_CARE", "0"),
        ("NB_ADOPTR", "2"),
        ("SEX_ADOPTR", "MF"),
        ("LS_ADOPTR", "L0"),
    ];

    fn ad1(child: &'static str, full: bool) -> Vec<(&'static str, &'static str)> {
        let mut row = vec![("CHILD", child)];
        if full {
            row.extend_from_slice(AD1_FULL);
        } else {
            row.push(("DATE_MATCH", "01/02/2025"));
        }
        row
    }

    #[test]
    fn r601_and_r602_adoption_details_against_adoption_in_the_year() {
        let (a1, a2, a3, a4) = (
            ad1("1", false),
            ad1("2", true),
            ad1("3", true),
            ad1("4", false),
        );
        let ad1_rows: [&[(&str, &str)]; 5] = [&a1, &a2, &a3, &a4, &[("CHILD", "5")]];
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    // Adopted in the year, details incomplete: 601.
                    &[("CHILD", "1"), ("DEC", "01/01/2026"), ("REC", "E11")],
                    // Adopted in the year, details complete.
                    &[("CHILD", "2"), ("DEC", "03/07/2025"), ("REC", "E12")],
                    // Adopted last year: complete details are 602.
                    &[("CHILD", "3"), ("DEC", "03/07/2024"), ("REC", "E12")],
                    // Not adopted: some details are 602.
                    &[("CHILD", "4"), ("DEC", "03/07/2025"), ("REC", "E45")],
                    // Not adopted and no details.
                    &[("CHILD", "5"), ("REC", "E11")],
                ],
            ),
            (Table::Ad1, &ad1_rows),
        ]);
        assert_eq!(found("601", &ret), ["1"]);
        assert_eq!(found("602", &ret), ["3", "4"]);
    }

    #[test]
    fn r607_a_girl_leaving_care_in_the_year_says_whether_she_is_a_mother() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("DEC", "01/01/2026"), ("LS", "L1")],
                    &[
                        ("CHILD", "2"),
                        ("DEC", "01/01/2026"),
                        ("REC", "E15"),
                        ("LS", "V3"),
                    ],
                    &[
                        ("CHILD", "3"),
                        ("DEC", "03/01/2025"),
                        ("REC", "E46"),
                        ("LS", "L1"),
                    ],
                    &[
                        ("CHILD", "4"),
                        ("DEC", "03/04/2025"),
                        ("REC", "E48"),
                        ("LS", "L1"),
                    ],
                    &[
                        ("CHILD", "5"),
                        ("DEC", "11/02/2026"),
                        ("REC", "E48"),
                        ("LS", "L1"),
                    ],
                    &[
                        ("CHILD", "6"),
                        ("DEC", "25/01/2026"),
                        ("REC", "X1"),
                        ("LS", "C2"),
                    ],
                    &[("CHILD", "7"), ("DEC", "25/01/2026"), ("REC", "E47")],
                    &[
                        ("CHILD", "8"),
                        ("DEC", "25/08/2025"),
                        ("REC", "E46"),
                        ("LS", "C2"),
                    ],
                ],
            ),
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("SEX", "F")],
                    &[("CHILD", "2"), ("SEX", "F")],
                    &[("CHILD", "3"), ("SEX", "F")],
                    &[("CHILD", "4"), ("SEX", "F")],
                    &[("CHILD", "5"), ("SEX", "M")],
                    &[("CHILD", "6"), ("SEX", "F")],
                    &[("CHILD", "7"), ("SEX", "F")],
                    &[("CHILD", "8"), ("SEX", "F"), ("MOTHER", "1")],
                ],
            ),
        ]);
        assert_eq!(found("607", &ret), ["4", "7"]);
    }

    #[test]
    fn r611_r612_r620_r621_motherhood_in_the_header() {
        let ret = given(&[(
            Table::Header,
            &[
                &[
                    ("CHILD", "1"),
                    ("SEX", "F"),
                    ("DOB", "01/01/2000"),
                    ("MOTHER", "1"),
                ],
                &[
                    ("CHILD", "2"),
                    ("SEX", "F"),
                    ("DOB", "01/01/2000"),
                    ("MOTHER", "1"),
                    ("MC_DOB", "01/01/2019"),
                ],
                &[
                    ("CHILD", "3"),
                    ("SEX", "F"),
                    ("DOB", "01/01/2000"),
                    ("MC_DOB", "01/01/2019"),
                ],
                &[
                    ("CHILD", "4"),
                    ("SEX", "F"),
                    ("DOB", "01/05/2014"),
                    ("MOTHER", "0"),
                    ("MC_DOB", "01/01/2019"),
                ],
                &[
                    ("CHILD", "5"),
                    ("SEX", "F"),
                    ("DOB", "02/04/2014"),
                    ("MOTHER", "1"),
                    ("MC_DOB", "01/01/2014"),
                ],
                &[
                    ("CHILD", "6"),
                    ("SEX", "M"),
                    ("MOTHER", "0"),
                    ("MC_DOB", "01/01/2019"),
                ],
            ],
        )]);
        assert_eq!(found("611", &ret), ["1"]);
        assert_eq!(found("612", &ret), ["3", "4"]);
        assert_eq!(found("620", &ret), ["5"]);
        // The mother's date of birth not valid counts against her, as the
        // community validator has it.
        assert_eq!(found("621", &ret), ["5", "6"]);
    }

    #[test]
    fn r624_and_r626_against_last_years_header() {
        let last = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("MOTHER", "1"), ("MC_DOB", "01/01/2020")],
                &[("CHILD", "2"), ("MOTHER", "1"), ("MC_DOB", "01/01/2020")],
                &[("CHILD", "3"), ("MOTHER", "0")],
                &[("CHILD", "4"), ("MOTHER", "0")],
                &[("CHILD", "5"), ("MOTHER", "1"), ("MC_DOB", "01/01/2020")],
            ],
        )]);
        let now = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("MOTHER", "1"), ("MC_DOB", "01/01/2020")],
                &[("CHILD", "2"), ("MOTHER", "1"), ("MC_DOB", "02/01/2020")],
                &[("CHILD", "3"), ("MOTHER", "1"), ("MC_DOB", "01/01/2024")],
                &[("CHILD", "4"), ("MOTHER", "1"), ("MC_DOB", "01/06/2025")],
                // A care leaver not looked after this year: no motherhood
                // details (rules 628 and 612), which contradicts nothing.
                &[("CHILD", "5")],
            ],
        )]);
        let ret = Return903::new(&now).with_last_year(&last);
        assert_eq!(found_in("624", &ret), ["2"]);
        assert_eq!(found_in("626", &ret), ["3"]);
    }

    #[test]
    fn r625_a_first_child_born_after_the_year_or_the_mothers_care() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("DEC", "01/05/2025")],
                    &[("CHILD", "1"), ("DEC", "01/06/2025")],
                    &[("CHILD", "2"), ("DEC", "01/06/2025")],
                    &[("CHILD", "3"), ("DEC", "01/06/2025")],
                    // Still looked after: only the end of the year counts.
                    &[("CHILD", "4"), ("DEC", "01/06/2025")],
                    &[("CHILD", "4"), ("DECOM", "01/06/2025")],
                ],
            ),
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("MC_DOB", "01/07/2025")],
                    &[("CHILD", "2"), ("MC_DOB", "01/05/2025")],
                    &[("CHILD", "3"), ("MC_DOB", "01/05/2026")],
                    &[("CHILD", "4"), ("MC_DOB", "01/07/2025")],
                ],
            ),
        ]);
        assert_eq!(found("625", &ret), ["1", "3"]);
    }

    #[test]
    fn r628_motherhood_for_a_care_leaver_not_looked_after() {
        let ret = given(&[
            (Table::Episodes, &[&[("CHILD", "1")]]),
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("MOTHER", "1")],
                    &[("CHILD", "2"), ("MOTHER", "0")],
                    &[("CHILD", "3")],
                    &[("CHILD", "4"), ("MOTHER", "1")],
                ],
            ),
            (
                Table::Oc3,
                &[
                    &[("CHILD", "1"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "2"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "3"), ("IN_TOUCH", "YES")],
                    &[("CHILD", "4")],
                ],
            ),
        ]);
        assert_eq!(found("628", &ret), ["2"]);
    }

    #[test]
    fn r630_to_r635_previous_permanence() {
        let ret = given(&[
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("DECOM", "01/06/2025"), ("RNE", "S")],
                    &[("CHILD", "2"), ("DECOM", "01/06/2025"), ("RNE", "S")],
                    &[("CHILD", "3"), ("DECOM", "01/06/2025"), ("RNE", "S")],
                    &[("CHILD", "4"), ("DECOM", "01/06/2025"), ("RNE", "S")],
                    &[("CHILD", "5"), ("DECOM", "01/06/2024"), ("RNE", "S")],
                    &[("CHILD", "6"), ("DECOM", "01/06/2025"), ("RNE", "P")],
                ],
            ),
            (
                Table::PreviousPermanence,
                &[
                    &[("CHILD", "2"), ("PREV_PERM", "Z1")],
                    &[("CHILD", "3"), ("PREV_PERM", "P1"), ("LA_PERM", "800")],
                    &[
                        ("CHILD", "4"),
                        ("PREV_PERM", "P2"),
                        ("LA_PERM", "801"),
                        ("DATE_PERM", "ZZ/05/2025"),
                    ],
                    &[
                        ("CHILD", "5"),
                        ("PREV_PERM", "P9"),
                        ("LA_PERM", "E1"),
                        ("DATE_PERM", "01/06/2024"),
                    ],
                    &[("CHILD", "6"), ("LA_PERM", "WAL"), ("DATE_PERM", "xx")],
                ],
            ),
        ]);
        assert_eq!(found("630", &ret), ["1", "3"]);
        assert_eq!(found("631", &ret), ["5"]);
        assert_eq!(found("632", &ret), ["5", "6"]);
        assert_eq!(found("633", &ret), ["5"]);
        assert_eq!(found("634", &ret), ["5"]);
        assert_eq!(found("635", &ret), ["6"]);
    }

    #[test]
    fn a_permanence_date_with_unknown_parts_is_the_latest_it_can_be() {
        let d = |s| date_perm(s).map(|d| d.to_string());
        assert_eq!(d("ZZ/02/2024").as_deref(), Some("2024-02-29"));
        assert_eq!(d("ZZ/ZZ/2024").as_deref(), Some("2024-12-31"));
        assert_eq!(d("05/03/ZZZZ").as_deref(), Some("2000-03-05"));
        assert_eq!(d("1/1/2020").as_deref(), Some("2020-01-01"));
        assert_eq!(d("xx"), None);
    }
}
