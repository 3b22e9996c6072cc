//! The header and UASC files: sex, dates of birth, ethnicity, UPN,
//! motherhood, and the date UASC status ceased.

use super::{Return903, Rows, SHORT_BREAK, bad_date, day, is_one_of, plus_years, rows_where, text};
use crate::ssda903::model::Table;

/// SSDA903 validation rule 101: each header row whose sex is not one of
/// the year's codes (M, F, U from 2024-25), or is missing.
pub(super) fn r101(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_where(Table::Header, header.len(), |i| {
        header[i].sex.valid().is_none()
    })
}

/// SSDA903 validation rule 102: each header row whose date of birth is
/// missing or not dd/mm/yyyy.
pub(super) fn r102(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_where(Table::Header, header.len(), |i| {
        header[i].dob.valid().is_none()
    })
}

/// The ethnicity codes of the SSDA903 list.
const ETHNICITY: &[&str] = &[
    "WBRI", "WIRI", "WOTH", "WIRT", "WROM", "MWBC", "MWBA", "MWAS", "MOTH", "AIND", "APKN", "ABAN",
    "AOTH", "BCRB", "BAFR", "BOTH", "CHNE", "OOTH", "REFU", "NOBT",
];

/// SSDA903 validation rule 103: each header row whose ethnicity is
/// missing or not one of the list's codes.
pub(super) fn r103(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_where(Table::Header, header.len(), |i| {
        !is_one_of(&header[i].ethnic, ETHNICITY)
    })
}

/// SSDA903 validation rule 104: each UASC row whose date UASC status
/// ceased is given but is not a date, or is before the collection year.
pub(super) fn r104(r: &Return903<'_>) -> Rows {
    let uasc = &r.file.uasc;
    rows_where(Table::Uasc, uasc.len(), |i| {
        bad_date(&uasc[i].duc) || day(&uasc[i].duc).is_some_and(|d| d < r.start)
    })
}

/// Whether a UPN is of the DfE's form: a letter other than I, O or S, then
/// twelve digits or eleven digits and a letter; or UN1-UN5 for one not
/// known.
fn upn_of_the_form(upn: &str) -> bool {
    let b = upn.as_bytes();
    if let [b'U', b'N', n] = b {
        return (b'1'..=b'5').contains(n);
    }
    b.len() == 13
        && b[0].is_ascii_uppercase()
        && !matches!(b[0], b'I' | b'O' | b'S')
        && b[1..12].iter().all(u8::is_ascii_digit)
        && (b[12].is_ascii_digit() || b[12].is_ascii_uppercase())
}

/// SSDA903 validation rule 168: each header row with a UPN that is not of
/// the DfE's form (nor UN1-UN5).
pub(super) fn r168(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_where(Table::Header, header.len(), |i| {
        text(&header[i].upn).is_some_and(|upn| !upn_of_the_form(&upn))
    })
}

/// SSDA903 validation rule 171: each header row whose mother's child's
/// date of birth is given but is not a date.
pub(super) fn r171(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_where(Table::Header, header.len(), |i| bad_date(&header[i].mc_dob))
}

/// SSDA903 validation rule 174: each header row of a boy (M) with a date
/// of birth of the mother's child.
pub(super) fn r174(r: &Return903<'_>) -> Rows {
    let header = &r.file.header;
    rows_where(Table::Header, header.len(), |i| {
        text(&header[i].sex).as_deref() == Some("M") && header[i].mc_dob.is_present()
    })
}

/// SSDA903 validation rule 165: for a child with an episode other than a
/// short break, each header row whose mother status is not 0 or 1, is
/// given for a boy, is left blank for a girl looked after in the year, or
/// is given for a girl not looked after in the year but with care leaver
/// information. Boys and girls are the 2017 sex codes 1 and 2, as the
/// community validator has them, so from 2024-25 (M, F, U) only the first
/// test can find anything.
pub(super) fn r165(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::Header) || !r.has(Table::Oc3) {
        return Vec::new();
    }
    let header = &r.file.header;
    let oc3 = &r.file.oc3;
    // Each child with care leaver information, once (not a scan of OC3
    // for every header row).
    let care_leavers: std::collections::HashSet<&str> = (0..oc3.len())
        .filter(|&o| {
            oc3[o].in_touch.is_present() || oc3[o].activ.is_present() || oc3[o].accom.is_present()
        })
        .map(|o| r.child_of(Table::Oc3, o))
        .collect();
    rows_where(Table::Header, header.len(), |i| {
        let row = &header[i];
        let child = r.child_of(Table::Header, i);
        let episodes: Vec<_> = r
            .episodes_of(child)
            .iter()
            .map(|&e| &r.file.episodes[e])
            .filter(|e| !is_one_of(&e.ls, SHORT_BREAK))
            .collect();
        if episodes.is_empty() {
            return false;
        }
        let in_year = episodes.iter().any(|e| {
            let dec = day(&e.dec).unwrap_or(r.end);
            dec >= r.start && day(&e.decom).is_some_and(|d| d <= r.end)
        });
        let care_leaver = care_leavers.contains(child);
        let mother = text(&row.mother);
        let sex = text(&row.sex);
        let female = sex.as_deref() == Some("2");
        match mother.as_deref() {
            Some(m) if m != "0" && m != "1" => true,
            Some(_) => sex.as_deref() == Some("1") || (female && !in_year && care_leaver),
            None => female && in_year,
        }
    })
}

/// SSDA903 validation rule 3001: each OC3 row of a young person who turns
/// 17 in the year and whose accommodation is with former foster carers
/// (Z1, Z2).
pub(super) fn r3001(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Header) {
        return Vec::new();
    }
    let oc3 = &r.file.oc3;
    rows_where(Table::Oc3, oc3.len(), |i| {
        let child = r.child_of(Table::Oc3, i);
        let seventeen = r
            .header_of(child)
            .and_then(|h| day(&r.file.header[h].dob))
            .map(|dob| plus_years(dob, 17));
        is_one_of(&oc3[i].accom, &["Z1", "Z2"]) && seventeen.is_some_and(|d| r.in_year(d))
    })
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{found, given};
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

    #[test]
    fn r103_an_ethnicity_not_in_the_list_or_missing_is_an_error() {
        let ret = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("ETHNIC", "WBRI")],
                &[("CHILD", "2"), ("ETHNIC", "wiri")],
                &[("CHILD", "3"), ("ETHNIC", "White British")],
                &[("CHILD", "4")],
            ],
        )]);
        assert_eq!(found("103", &ret), ["3", "4"]);
    }

    #[test]
    fn r104_a_duc_not_a_date_or_before_the_year_is_an_error() {
        let ret = given(&[(
            Table::Uasc,
            &[
                &[("CHILD", "1"), ("DUC", "01/03/2025")],
                &[("CHILD", "2"), ("DUC", "19/02/2026")],
                &[("CHILD", "3"), ("DUC", "01/04/2025")],
                &[("CHILD", "4")],
                &[("CHILD", "5"), ("DUC", "INVALID/DATE/2077")],
            ],
        )]);
        assert_eq!(found("104", &ret), ["1", "5"]);
    }

    #[test]
    fn r168_a_upn_not_of_the_form_is_an_error() {
        let upns = [
            "UN3",
            "E07295962325C1556",
            "UN5",
            "UN7",
            "UPN3sDSG",
            "X06805040829A",
            "5035247309594",
            "",
            "L086819786126",
            "K06014812931",
            "I072272729588",
            "Z041674136429",
            "S074885779408",
        ];
        let children: Vec<String> = (0..upns.len()).map(|i| i.to_string()).collect();
        let rows: Vec<[(&str, &str); 2]> = upns
            .iter()
            .zip(&children)
            .map(|(upn, child)| [("CHILD", child.as_str()), ("UPN", *upn)])
            .collect();
        let rows: Vec<&[(&str, &str)]> = rows.iter().map(|r| r.as_slice()).collect();
        let ret = given(&[(Table::Header, &rows)]);
        assert_eq!(found("168", &ret), ["1", "10", "12", "3", "4", "6", "9"]);
    }

    #[test]
    fn r171_a_mothers_childs_birth_not_a_date_is_an_error() {
        let ret = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("MC_DOB", "01/01/2021")],
                &[("CHILD", "2"), ("MC_DOB", "38/04/2019")],
                &[("CHILD", "3"), ("MC_DOB", "01/01/19")],
                &[("CHILD", "4")],
            ],
        )]);
        assert_eq!(found("171", &ret), ["2", "3"]);
    }

    #[test]
    fn r174_a_boy_with_a_childs_birth_date_is_an_error() {
        let ret = given(&[(
            Table::Header,
            &[
                &[("CHILD", "1"), ("SEX", "M")],
                &[("CHILD", "2"), ("SEX", "M"), ("MC_DOB", "19/02/2010")],
                &[("CHILD", "3"), ("SEX", "F"), ("MC_DOB", "19/02/2010")],
            ],
        )]);
        assert_eq!(found("174", &ret), ["2"]);
    }

    #[test]
    fn r165_a_mother_status_not_0_or_1_or_wrong_for_the_childs_sex_is_an_error() {
        let ret = given(&[
            (
                Table::Header,
                &[
                    &[("CHILD", "1"), ("SEX", "F"), ("MOTHER", "1")],
                    &[("CHILD", "2"), ("SEX", "F"), ("MOTHER", "3")],
                    &[("CHILD", "3"), ("SEX", "1"), ("MOTHER", "0")],
                    &[("CHILD", "4"), ("SEX", "2")],
                    &[("CHILD", "5"), ("SEX", "2")],
                    &[("CHILD", "6"), ("SEX", "2"), ("MOTHER", "1")],
                    &[("CHILD", "7"), ("SEX", "F"), ("MOTHER", "X")],
                ],
            ),
            (
                Table::Episodes,
                &[
                    &[("CHILD", "1"), ("DECOM", "01/01/2025"), ("LS", "C2")],
                    &[("CHILD", "2"), ("DECOM", "01/01/2025"), ("LS", "C2")],
                    &[("CHILD", "3"), ("DECOM", "01/01/2025"), ("LS", "C2")],
                    &[("CHILD", "4"), ("DECOM", "01/01/2025"), ("LS", "C2")],
                    &[
                        ("CHILD", "5"),
                        ("DECOM", "01/01/2024"),
                        ("DEC", "01/02/2024"),
                        ("LS", "C2"),
                    ],
                    &[
                        ("CHILD", "6"),
                        ("DECOM", "01/01/2024"),
                        ("DEC", "01/02/2024"),
                        ("LS", "C2"),
                    ],
                    &[("CHILD", "7"), ("DECOM", "01/01/2025"), ("LS", "V3")],
                ],
            ),
            (Table::Oc3, &[&[("CHILD", "6"), ("IN_TOUCH", "YES")]]),
        ]);
        assert_eq!(found("165", &ret), ["2", "3", "4", "6"]);
    }

    #[test]
    fn r3001_living_with_former_foster_carers_around_the_17th_birthday_is_an_error() {
        let ret = given(&[
            (
                Table::Oc3,
                &[
                    &[("CHILD", "101"), ("ACCOM", "Z1")],
                    &[("CHILD", "102"), ("ACCOM", "Z2")],
                    &[("CHILD", "101"), ("ACCOM", "T1")],
                    &[("CHILD", "103"), ("ACCOM", "Z1")],
                ],
            ),
            (
                Table::Header,
                &[
                    &[("CHILD", "101"), ("DOB", "16/03/2009")],
                    &[("CHILD", "102"), ("DOB", "23/09/2008")],
                    &[("CHILD", "103"), ("DOB", "31/12/2011")],
                ],
            ),
        ]);
        assert_eq!(found("3001", &ret), ["101", "102"]);
    }
}
