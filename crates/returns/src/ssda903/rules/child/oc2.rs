//! The OC2 file: outcomes of children looked after continuously for 12
//! months, the SDQ by age, and the substance misuse items.

use std::collections::HashSet;

use super::{
    Return903, Rows, children_in, continuously_looked_after, day, is_one_of, plus_years,
    rows_where, text,
};
use crate::Field;
use crate::ssda903::model::{Oc2Row, Table};

fn oc2_where(r: &Return903<'_>, at_fault: impl Fn(&Oc2Row) -> bool) -> Rows {
    let oc2 = &r.file.oc2;
    rows_where(Table::Oc2, oc2.len(), |i| at_fault(&oc2[i]))
}

/// The OC2 rows that a test of the row and whether the child was looked
/// after continuously picks; nothing without the episodes file.
fn oc2_cla_where(r: &Return903<'_>, at_fault: impl Fn(&Oc2Row, bool) -> bool) -> Rows {
    if !r.has(Table::Episodes) {
        return Vec::new();
    }
    let cla = continuously_looked_after(r);
    let oc2 = &r.file.oc2;
    rows_where(Table::Oc2, oc2.len(), |i| {
        at_fault(&oc2[i], cla.contains(r.child_of(Table::Oc2, i)))
    })
}

fn is(field: &Field<bool>, value: &str) -> bool {
    text(field).as_deref() == Some(value)
}

/// The eight 0/1 items of OC2.
fn flags(o: &Oc2Row) -> [&Field<bool>; 8] {
    [
        &o.convicted,
        &o.health_check,
        &o.immunisations,
        &o.teeth_check,
        &o.health_assessment,
        &o.substance_misuse,
        &o.intervention_received,
        &o.intervention_offered,
    ]
}

/// Whether any of the eight 0/1 items is given.
fn any_flag(o: &Oc2Row) -> bool {
    flags(o).iter().any(|f| f.is_present())
}

/// Whether any of the four items every OC2 child has is left blank.
fn core_blank(o: &Oc2Row) -> bool {
    [
        &o.immunisations,
        &o.teeth_check,
        &o.health_assessment,
        &o.substance_misuse,
    ]
    .iter()
    .any(|f| f.is_missing())
}

/// SSDA903 validation rule 158: each OC2 row where an intervention was
/// received and whether one was offered is given too.
pub(super) fn r158(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        is(&o.intervention_received, "1") && o.intervention_offered.is_present()
    })
}

/// SSDA903 validation rule 159: each OC2 row with substance misuse, no
/// intervention received, and whether one was offered left blank.
pub(super) fn r159(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        is(&o.substance_misuse, "1")
            && is(&o.intervention_received, "0")
            && o.intervention_offered.is_missing()
    })
}

/// SSDA903 validation rule 180: each OC2 row whose SDQ score is given but
/// is not a whole number from 0 to 40.
pub(super) fn r180(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| match &o.sdq_score {
        Field::Missing => false,
        Field::Valid(score) => *score > 40,
        Field::Invalid(raw) => !raw
            .trim()
            .parse::<f64>()
            .is_ok_and(|n| n.fract() == 0.0 && (0.0..=40.0).contains(&n)),
    })
}

/// SSDA903 validation rule 181: each OC2 row with one of its 0/1 items
/// given but neither 0 nor 1.
pub(super) fn r181(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        flags(o)
            .iter()
            .any(|f| f.is_present() && !is_one_of(*f, &["0", "1"]))
    })
}

/// SSDA903 validation rule 182: each OC2 row with immunisations, teeth
/// check, health assessment or substance misuse blank while another of its
/// items (convictions, health check, interventions) is given.
pub(super) fn r182(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        core_blank(o)
            && [
                &o.convicted,
                &o.health_check,
                &o.intervention_received,
                &o.intervention_offered,
            ]
            .iter()
            .any(|f| f.is_present())
    })
}

/// SSDA903 validation rule 192: each OC2 row with substance misuse and
/// whether an intervention was received left blank.
pub(super) fn r192(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        is(&o.substance_misuse, "1") && o.intervention_received.is_missing()
    })
}

/// SSDA903 validation rule 193: each OC2 row without substance misuse
/// (blank or 0) but with an intervention received or offered given.
pub(super) fn r193(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        (o.substance_misuse.is_missing() || is(&o.substance_misuse, "0"))
            && (o.intervention_received.is_present() || o.intervention_offered.is_present())
    })
}

/// SSDA903 validation rule 196: each OC2 row whose reason for no SDQ is
/// given but is not SDQ1-SDQ5.
pub(super) fn r196(r: &Return903<'_>) -> Rows {
    const REASONS: &[&str] = &["SDQ1", "SDQ2", "SDQ3", "SDQ4", "SDQ5"];
    oc2_where(r, |o| {
        o.sdq_reason.is_present() && !is_one_of(&o.sdq_reason, REASONS)
    })
}

/// SSDA903 validation rule 197a: each OC2 row with both an SDQ score and a
/// reason for no score.
pub(super) fn r197a(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| o.sdq_score.is_present() && o.sdq_reason.is_present())
}

/// SSDA903 validation rule 188: each OC2 row of a child under 4 at the end
/// of the year with an SDQ score or a reason for none.
pub(super) fn r188(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        day(&o.dob).is_some_and(|dob| plus_years(dob, 4) > r.end)
            && (o.sdq_score.is_present() || o.sdq_reason.is_present())
    })
}

/// SSDA903 validation rule 189: each OC2 row of a young person 17 or over
/// at the start of the year (their 17th birthday before 1 April) with an
/// SDQ score or a reason for none.
pub(super) fn r189(r: &Return903<'_>) -> Rows {
    oc2_where(r, |o| {
        day(&o.dob).is_some_and(|dob| plus_years(dob, 17) < r.start)
            && (o.sdq_score.is_present() || o.sdq_reason.is_present())
    })
}

/// SSDA903 validation rule 157: each OC2 row of a child looked after
/// continuously, 4 or over at the start of the year and 16 or under at
/// its end, with no SDQ score and SDQ1 given as the reason.
pub(super) fn r157(r: &Return903<'_>) -> Rows {
    oc2_cla_where(r, |o, cla| {
        cla && day(&o.dob)
            .is_some_and(|dob| plus_years(dob, 4) <= r.start && plus_years(dob, 16) >= r.end)
            && o.sdq_score.is_missing()
            && text(&o.sdq_reason).as_deref() == Some("SDQ1")
    })
}

/// SSDA903 validation rule 185: each OC2 row with an SDQ score for a child
/// not looked after continuously.
pub(super) fn r185(r: &Return903<'_>) -> Rows {
    oc2_cla_where(r, |o, cla| !cla && o.sdq_score.is_present())
}

/// SSDA903 validation rule 198: each OC2 row with a reason for no SDQ
/// score for a child not looked after continuously.
pub(super) fn r198(r: &Return903<'_>) -> Rows {
    oc2_cla_where(r, |o, cla| !cla && o.sdq_reason.is_present())
}

/// SSDA903 validation rule 186: each OC2 row of a child looked after
/// continuously, 4 or over at the start of the year and under 17 at its
/// end, with neither an SDQ score nor a reason for none.
pub(super) fn r186(r: &Return903<'_>) -> Rows {
    oc2_cla_where(r, |o, cla| {
        cla && day(&o.dob)
            .is_some_and(|dob| plus_years(dob, 4) <= r.start && plus_years(dob, 17) > r.end)
            && o.sdq_score.is_missing()
            && o.sdq_reason.is_missing()
    })
}

/// SSDA903 validation rule 197B: each OC2 row of a child looked after
/// continuously who turns 4 or 17 in the year, with neither an SDQ score
/// nor a reason for none.
pub(super) fn r197b(r: &Return903<'_>) -> Rows {
    oc2_cla_where(r, |o, cla| {
        cla && day(&o.dob)
            .is_some_and(|dob| r.in_year(plus_years(dob, 4)) || r.in_year(plus_years(dob, 17)))
            && o.sdq_score.is_missing()
            && o.sdq_reason.is_missing()
    })
}

/// SSDA903 validation rule 190: each OC2 row with one of its 0/1 items
/// given for a child not looked after continuously.
pub(super) fn r190(r: &Return903<'_>) -> Rows {
    oc2_cla_where(r, |o, cla| !cla && any_flag(o))
}

/// SSDA903 validation rule 191: each OC2 row of a child looked after
/// continuously with immunisations, teeth check, health assessment or
/// substance misuse left blank; and the first episode (by start date) of
/// a child looked after continuously who has no OC2 row.
pub(super) fn r191(r: &Return903<'_>) -> Rows {
    let mut rows = oc2_cla_where(r, |o, cla| cla && core_blank(o));
    if !r.has(Table::Episodes) {
        return rows;
    }
    let cla = continuously_looked_after(r);
    let in_oc2: HashSet<&str> = children_in(r, Table::Oc2);
    for (child, indices) in r.children_with_episodes() {
        let first = indices
            .first()
            .filter(|&&i| r.file.episodes[i].decom.valid().is_some());
        if let Some(&first) = first
            && cla.contains(child)
            && !in_oc2.contains(child)
        {
            rows.push((Table::Episodes, first));
        }
    }
    rows
}

/// SSDA903 validation rule 187: each AD1 row with adoption items, and each
/// OC3 row with care leaver items, of a child looked after continuously.
pub(super) fn r187(r: &Return903<'_>) -> Rows {
    if !r.has(Table::Episodes) || !r.has(Table::Ad1) || !r.has(Table::Oc3) {
        return Vec::new();
    }
    let cla = continuously_looked_after(r);
    let ad1 = &r.file.ad1;
    let oc3 = &r.file.oc3;
    let mut rows = rows_where(Table::Ad1, ad1.len(), |i| {
        let a = &ad1[i];
        cla.contains(r.child_of(Table::Ad1, i))
            && (a.date_int.is_present()
                || a.date_match.is_present()
                || a.foster_care.is_present()
                || a.nb_adoptr.is_present()
                || a.sex_adoptr.is_present()
                || a.ls_adoptr.is_present())
    });
    rows.extend(rows_where(Table::Oc3, oc3.len(), |i| {
        let o = &oc3[i];
        cla.contains(r.child_of(Table::Oc3, i))
            && (o.in_touch.is_present() || o.activ.is_present() || o.accom.is_present())
    }));
    rows
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::{TableRows, found, given};
    use crate::ssda903::model::Table;

    /// Child 1 looked after all year; child 2 came into care in the year.
    const EPISODES: TableRows<'static> = (
        Table::Episodes,
        &[
            &[
                ("CHILD", "1"),
                ("DECOM", "01/01/2024"),
                ("RNE", "S"),
                ("LS", "C2"),
            ],
            &[
                ("CHILD", "2"),
                ("DECOM", "01/06/2025"),
                ("RNE", "S"),
                ("LS", "C2"),
            ],
        ],
    );

    #[test]
    fn r158_r159_r192_r193_substance_misuse_and_interventions() {
        let ret = given(&[(
            Table::Oc2,
            &[
                &[
                    ("CHILD", "1"),
                    ("SUBSTANCE_MISUSE", "1"),
                    ("INTERVENTION_RECEIVED", "1"),
                    ("INTERVENTION_OFFERED", "0"),
                ],
                &[
                    ("CHILD", "2"),
                    ("SUBSTANCE_MISUSE", "1"),
                    ("INTERVENTION_RECEIVED", "0"),
                ],
                &[("CHILD", "3"), ("SUBSTANCE_MISUSE", "1")],
                &[
                    ("CHILD", "4"),
                    ("SUBSTANCE_MISUSE", "0"),
                    ("INTERVENTION_OFFERED", "1"),
                ],
                &[
                    ("CHILD", "5"),
                    ("SUBSTANCE_MISUSE", "1"),
                    ("INTERVENTION_RECEIVED", "1"),
                ],
            ],
        )]);
        assert_eq!(found("158", &ret), ["1"]);
        assert_eq!(found("159", &ret), ["2"]);
        assert_eq!(found("192", &ret), ["3"]);
        assert_eq!(found("193", &ret), ["4"]);
    }

    #[test]
    fn r180_r181_r196_r197a_values_of_oc2() {
        let ret = given(&[(
            Table::Oc2,
            &[
                &[("CHILD", "1"), ("SDQ_SCORE", "40"), ("CONVICTED", "0")],
                &[
                    ("CHILD", "2"),
                    ("SDQ_SCORE", "41"),
                    ("CONVICTED", "2"),
                    ("SDQ_REASON", "SDQ6"),
                ],
                &[("CHILD", "3"), ("SDQ_SCORE", "x"), ("SDQ_REASON", "SDQ1")],
                &[("CHILD", "4"), ("SDQ_REASON", "SDQ1")],
            ],
        )]);
        assert_eq!(found("180", &ret), ["2", "3"]);
        assert_eq!(found("181", &ret), ["2"]);
        assert_eq!(found("196", &ret), ["2"]);
        assert_eq!(found("197a", &ret), ["2", "3"]);
    }

    #[test]
    fn r182_core_items_blank_while_others_are_given_is_an_error() {
        let ret = given(&[(
            Table::Oc2,
            &[
                &[
                    ("CHILD", "1"),
                    ("IMMUNISATIONS", "1"),
                    ("TEETH_CHECK", "1"),
                    ("HEALTH_ASSESSMENT", "1"),
                    ("SUBSTANCE_MISUSE", "0"),
                    ("CONVICTED", "0"),
                ],
                &[("CHILD", "2"), ("IMMUNISATIONS", "1"), ("CONVICTED", "0")],
                &[("CHILD", "3")],
            ],
        )]);
        assert_eq!(found("182", &ret), ["2"]);
    }

    #[test]
    fn r188_r189_an_sdq_for_a_child_under_4_or_17_and_over_is_an_error() {
        let ret = given(&[(
            Table::Oc2,
            &[
                &[("CHILD", "1"), ("DOB", "01/04/2022"), ("SDQ_SCORE", "10")],
                &[("CHILD", "2"), ("DOB", "31/03/2022"), ("SDQ_SCORE", "10")],
                &[
                    ("CHILD", "3"),
                    ("DOB", "31/03/2008"),
                    ("SDQ_REASON", "SDQ1"),
                ],
                &[
                    ("CHILD", "4"),
                    ("DOB", "01/04/2008"),
                    ("SDQ_REASON", "SDQ1"),
                ],
            ],
        )]);
        assert_eq!(found("188", &ret), ["1"]);
        assert_eq!(found("189", &ret), ["3"]);
    }

    #[test]
    fn rules_of_children_looked_after_continuously() {
        let ret = given(&[
            EPISODES,
            (
                Table::Oc2,
                &[
                    &[
                        ("CHILD", "1"),
                        ("DOB", "01/01/2015"),
                        ("SDQ_REASON", "SDQ1"),
                        ("IMMUNISATIONS", "1"),
                    ],
                    &[
                        ("CHILD", "2"),
                        ("DOB", "01/01/2015"),
                        ("SDQ_SCORE", "10"),
                        ("SDQ_REASON", "SDQ2"),
                        ("CONVICTED", "0"),
                    ],
                ],
            ),
        ]);
        assert_eq!(found("157", &ret), ["1"]);
        assert_eq!(found("185", &ret), ["2"]);
        assert_eq!(found("198", &ret), ["2"]);
        assert_eq!(found("190", &ret), ["2"]);
        assert_eq!(found("191", &ret), ["1"]);
        assert!(found("186", &ret).is_empty());
    }

    #[test]
    fn r186_r197b_no_sdq_for_a_child_looked_after_continuously_is_an_error() {
        let ret = given(&[
            EPISODES,
            (
                Table::Oc2,
                &[
                    &[("CHILD", "1"), ("DOB", "01/01/2021")],
                    &[("CHILD", "2"), ("DOB", "01/01/2015")],
                ],
            ),
        ]);
        assert_eq!(found("186", &ret), ["1"]);
        assert!(found("197B", &ret).is_empty());
        let turns_4 = given(&[
            EPISODES,
            (Table::Oc2, &[&[("CHILD", "1"), ("DOB", "01/06/2021")]]),
        ]);
        assert_eq!(found("197B", &turns_4), ["1"]);
        assert!(found("186", &turns_4).is_empty());
    }

    #[test]
    fn r191_a_child_looked_after_continuously_without_oc2_is_an_error() {
        let ret = given(&[EPISODES, (Table::Oc2, &[])]);
        assert_eq!(found("191", &ret), ["1"]);
    }

    #[test]
    fn r187_adoption_or_care_leaver_items_for_a_child_looked_after_continuously() {
        let ret = given(&[
            EPISODES,
            (
                Table::Ad1,
                &[
                    &[("CHILD", "1"), ("DATE_INT", "01/01/2025")],
                    &[("CHILD", "2"), ("DATE_INT", "01/01/2025")],
                ],
            ),
            (Table::Oc3, &[&[("CHILD", "2"), ("IN_TOUCH", "YES")]]),
        ]);
        assert_eq!(found("187", &ret), ["1"]);
    }
}
