//! The child's characteristics and the returns' other facts, folded: each
//! kept as a history, read as at a date, amended and voided like any other
//! fact, and refused where it contradicts itself or the record.

use crate::codes::{Disability, Ethnicity, PreviousPermanence, Sex, UpnUnknown};
use crate::events::{EventId, EventKind as K, When};
use crate::ids::Upn;
use crate::record::{ChildRecord, Dated, Mark, Spell, UpnStatus};
use crate::testkit::{Ledger, d};

fn mark(on: &str, event: EventId) -> Mark {
    Mark {
        on: on.parse::<When>().unwrap(),
        event,
    }
}

fn upn(s: &str) -> Upn {
    Upn::parse(s).unwrap()
}

fn amended(target: EventId, on: Option<&str>, event: K) -> K {
    K::Amended {
        target,
        reason: "recorded in error".into(),
        on: on.map(|s| s.parse().unwrap()),
        event: Box::new(event),
    }
}

fn voided(target: EventId) -> K {
    K::Voided {
        target,
        reason: "wrong child".into(),
    }
}

fn born(l: &mut Ledger) {
    l.add(
        "2010-05-01",
        K::BirthDetailsRecorded {
            date_of_birth: Some(d("2010-05-01")),
            expected_date_of_birth: None,
        },
    );
}

/// The message of the only problem in a refused ledger.
fn refused(l: &Ledger) -> (EventId, String, &'static str) {
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1, "{r}");
    let p = &r.problems[0];
    (p.event, p.message(), p.refused.field())
}

#[test]
fn sex_and_ethnicity_are_histories_read_as_at_a_date() {
    let mut l = Ledger::new();
    let unborn = l.add("2024-01-10", K::SexRecorded { sex: Sex::U });
    let girl = l.add("2024-03-02", K::SexRecorded { sex: Sex::F });
    let e = l.add(
        "2024-03-02",
        K::EthnicityRecorded {
            ethnicity: Ethnicity::NOBT,
        },
    );
    let e2 = l.add(
        "2024-06-01",
        K::EthnicityRecorded {
            ethnicity: Ethnicity::MWBC,
        },
    );
    let r = l.record("2025-01-01");
    let c = &r.characteristics;
    assert_eq!(
        c.sex,
        [
            Dated {
                mark: mark("2024-01-10", unborn),
                value: Sex::U
            },
            Dated {
                mark: mark("2024-03-02", girl),
                value: Sex::F
            },
        ]
    );
    assert_eq!(c.sex_on(d("2024-03-01")), Some(Sex::U));
    assert_eq!(c.sex_on(d("2024-03-02")), Some(Sex::F));
    assert_eq!(c.sex_on(d("2023-12-31")), None);
    assert_eq!(c.ethnicity_on(d("2024-05-31")), Some(Ethnicity::NOBT));
    assert_eq!(c.ethnicity_on(d("2024-06-01")), Some(Ethnicity::MWBC));
    assert_eq!(c.ethnicity[0].mark, mark("2024-03-02", e));
    assert_eq!(c.ethnicity[1].mark, mark("2024-06-01", e2));
    // The record as at a date before a fact does not hold it at all.
    let before = l.record("2024-02-01");
    assert_eq!(before.characteristics.sex.len(), 1);
    assert!(before.characteristics.ethnicity.is_empty());
}

#[test]
fn a_correction_of_a_characteristic_replaces_it_and_a_void_withdraws_it() {
    let mut l = Ledger::new();
    let wrong = l.add("2024-01-10", K::SexRecorded { sex: Sex::M });
    let e = l.add(
        "2024-01-10",
        K::EthnicityRecorded {
            ethnicity: Ethnicity::WBRI,
        },
    );
    l.add(
        "2024-02-01",
        amended(wrong, None, K::SexRecorded { sex: Sex::F }),
    );
    l.add("2024-02-01", voided(e));
    let r = l.record("2025-01-01");
    assert_eq!(r.characteristics.sex_on(d("2024-01-10")), Some(Sex::F));
    assert_eq!(r.characteristics.sex.len(), 1);
    assert_eq!(r.characteristics.ethnicity_on(d("2025-01-01")), None);
    // A correction must keep the kind of fact it corrects.
    let mut l = Ledger::new();
    let s = l.add("2024-01-10", K::SexRecorded { sex: Sex::M });
    l.add(
        "2024-02-01",
        amended(
            s,
            None,
            K::EthnicityRecorded {
                ethnicity: Ethnicity::WBRI,
            },
        ),
    );
    assert!(!l.refusal().problems.is_empty());
}

#[test]
fn disabilities_are_a_whole_list_each_time_and_none_stands_alone() {
    let mut l = Ledger::new();
    born(&mut l);
    l.add(
        "2024-01-10",
        K::DisabilitiesRecorded {
            disabilities: vec![Disability::NONE],
        },
    );
    let later = l.add(
        "2024-09-01",
        K::DisabilitiesRecorded {
            disabilities: vec![Disability::AUT, Disability::COMM],
        },
    );
    let r = l.record("2025-01-01");
    let c = &r.characteristics;
    assert_eq!(
        c.disabilities_on(d("2024-08-31")),
        Some(&[Disability::NONE][..])
    );
    assert_eq!(
        c.disabilities_on(d("2024-09-01")),
        Some(&[Disability::AUT, Disability::COMM][..])
    );
    assert_eq!(c.disabilities[1].mark, mark("2024-09-01", later));
    // The amendment moves the diagnosis earlier.
    l.add(
        "2024-10-01",
        amended(
            later,
            Some("2024-06-01"),
            K::DisabilitiesRecorded {
                disabilities: vec![Disability::AUT],
            },
        ),
    );
    let r = l.record("2025-01-01");
    assert_eq!(
        r.characteristics.disabilities_on(d("2024-06-01")),
        Some(&[Disability::AUT][..])
    );

    for (list, says) in [
        (vec![], "at least one"),
        (vec![Disability::NONE, Disability::MOB], "NONE"),
        (vec![Disability::MOB, Disability::MOB], "MOB is given twice"),
    ] {
        let mut l = Ledger::new();
        let bad = l.add("2024-01-10", K::DisabilitiesRecorded { disabilities: list });
        let (event, message, field) = refused(&l);
        assert_eq!(event, bad);
        assert_eq!(field, "disabilities");
        assert!(message.contains(says), "{message}");
    }
}

#[test]
fn a_new_upn_keeps_the_former_one_and_a_reason_for_none_is_dated_too() {
    let first = upn("B801200005001");
    let second = upn("X845212818005");
    let mut l = Ledger::new();
    born(&mut l);
    l.add(
        "2014-04-01",
        K::UpnUnknownRecorded {
            reason: UpnUnknown::UN1,
        },
    );
    l.add("2014-09-10", K::UpnRecorded { upn: first.clone() });
    // Recorded again unchanged: not a former UPN of itself.
    l.add("2016-09-10", K::UpnRecorded { upn: first.clone() });
    let change = l.add(
        "2019-09-05",
        K::UpnRecorded {
            upn: second.clone(),
        },
    );
    let r = l.record("2025-01-01");
    let c = &r.characteristics;
    assert_eq!(
        c.upn_on(d("2014-05-01")),
        Some(&UpnStatus::Unknown(UpnUnknown::UN1))
    );
    assert_eq!(c.former_upn_on(d("2014-05-01")), None);
    assert_eq!(
        c.upn_on(d("2018-01-01")),
        Some(&UpnStatus::Known(first.clone()))
    );
    assert_eq!(c.former_upn_on(d("2018-01-01")), None);
    assert_eq!(
        c.upn_on(d("2020-01-01")),
        Some(&UpnStatus::Known(second.clone()))
    );
    assert_eq!(c.former_upn_on(d("2020-01-01")), Some(&first));
    // Voiding the change leaves the first UPN, with no former one.
    l.add("2020-02-01", voided(change));
    let r = l.record("2025-01-01");
    assert_eq!(
        r.characteristics.upn_on(d("2025-01-01")),
        Some(&UpnStatus::Known(first))
    );
    assert_eq!(r.characteristics.former_upn_on(d("2025-01-01")), None);
    // A UPN that fails its check letter never reaches the ledger.
    let json = r#"{"type":"UpnRecorded","upn":"B801200005002"}"#;
    assert!(serde_json::from_str::<K>(json).is_err());
}

#[test]
fn death_is_recorded_once_on_its_date() {
    let mut l = Ledger::new();
    born(&mut l);
    let died = l.add("2024-11-03", K::DeathRecorded);
    assert_eq!(l.record("2024-11-02").characteristics.died, None);
    let r = l.record("2025-01-01");
    assert_eq!(r.characteristics.died, Some(mark("2024-11-03", died)));
    assert_eq!(
        r.characteristics.died_on_or_before(d("2025-01-01")),
        Some(d("2024-11-03"))
    );
    let second = l.add("2024-11-05", K::DeathRecorded);
    let (event, message, _) = refused(&l);
    assert_eq!(event, second);
    assert!(
        message.contains("already recorded on 2024-11-03"),
        "{message}"
    );
}

#[test]
fn uasc_status_and_deprivation_of_liberty_are_spells_with_a_start_and_an_end() {
    let mut l = Ledger::new();
    born(&mut l);
    let start = l.add("2025-02-01", K::UascStatusStarted);
    let end = l.add("2028-05-01", K::UascStatusEnded);
    let dolo = l.add("2025-06-01", K::DeprivationOfLibertyStarted);
    let r = l.record("2026-01-01");
    assert_eq!(
        r.uasc,
        [Spell {
            start: mark("2025-02-01", start),
            end: None
        }]
    );
    assert!(r.uasc[0].covers(d("2025-12-31")));
    assert_eq!(r.deprivation_of_liberty[0].start, mark("2025-06-01", dolo));
    assert!(r.deprivation_of_liberty[0].is_open());
    let r = l.record("2029-01-01");
    assert_eq!(r.uasc[0].end, Some(mark("2028-05-01", end)));
    assert!(!r.uasc[0].covers(d("2028-05-01")));
    assert!(r.uasc[0].overlaps(d("2028-04-01"), d("2029-03-31")));
    assert!(!r.uasc[0].overlaps(d("2028-05-02"), d("2029-03-31")));

    // An end with nothing open, or a second start while one is open.
    let mut l = Ledger::new();
    let bad = l.add("2025-02-01", K::UascStatusEnded);
    let (event, message, _) = refused(&l);
    assert_eq!(event, bad);
    assert!(message.contains("none is recorded as started"), "{message}");
    let mut l = Ledger::new();
    l.add("2025-02-01", K::DeprivationOfLibertyStarted);
    let bad = l.add("2025-03-01", K::DeprivationOfLibertyStarted);
    let (event, message, _) = refused(&l);
    assert_eq!(event, bad);
    assert!(message.contains("already in force"), "{message}");
    // Voiding the start leaves the end with nothing to end.
    let mut l = Ledger::new();
    let start = l.add("2025-02-01", K::DeprivationOfLibertyStarted);
    let end = l.add("2025-04-01", K::DeprivationOfLibertyEnded);
    l.add("2025-05-01", voided(start));
    let (event, _, _) = refused(&l);
    assert_eq!(event, end);
}

#[test]
fn motherhood_offending_and_substance_misuse_are_dated_facts() {
    let mut l = Ledger::new();
    born(&mut l);
    let baby = l.add("2026-08-14", K::BabyBorn);
    let convicted = l.add("2025-10-01", K::Convicted);
    let misuse = l.add("2025-07-01", K::SubstanceMisuseIdentified);
    let refused_it = l.add(
        "2025-07-20",
        K::SubstanceMisuseInterventionOffered { received: false },
    );
    let received = l.add(
        "2025-09-20",
        K::SubstanceMisuseInterventionOffered { received: true },
    );
    let checks = l.add(
        "2025-09-20",
        K::DevelopmentChecksRecorded { up_to_date: true },
    );
    let r = l.record("2026-03-31");
    assert!(r.babies.is_empty(), "the baby is born after the as-at date");
    assert_eq!(r.convictions, [mark("2025-10-01", convicted)]);
    assert_eq!(r.substance_misuse, [mark("2025-07-01", misuse)]);
    assert_eq!(
        r.substance_misuse_interventions,
        [
            Dated {
                mark: mark("2025-07-20", refused_it),
                value: false
            },
            Dated {
                mark: mark("2025-09-20", received),
                value: true
            },
        ]
    );
    assert_eq!(r.development_checks[0].mark, mark("2025-09-20", checks));
    let r = l.record("2027-01-01");
    assert_eq!(r.babies, [mark("2026-08-14", baby)]);
    // The baby's date of birth is corrected.
    l.add("2026-09-01", amended(baby, Some("2026-08-12"), K::BabyBorn));
    assert_eq!(l.record("2027-01-01").babies[0].date(), d("2026-08-12"));
}

#[test]
fn previous_permanence_keeps_its_order_date_and_authority() {
    let mut l = Ledger::new();
    born(&mut l);
    let id = l.add(
        "2024-04-02",
        K::PreviousPermanenceRecorded {
            permanence: PreviousPermanence::P2,
            date: Some(d("2019-03-01")),
            local_authority: Some(" 886 ".into()),
        },
    );
    let r = l.record("2025-01-01");
    let p = &r.previous_permanence[0];
    assert_eq!(p.mark, mark("2024-04-02", id));
    assert_eq!(p.permanence, PreviousPermanence::P2);
    assert_eq!(p.date, Some(d("2019-03-01")));
    assert_eq!(p.local_authority.as_deref(), Some("886"));

    for (permanence, date, la, field) in [
        (
            PreviousPermanence::Z1,
            Some("2019-03-01"),
            None,
            "permanence",
        ),
        (PreviousPermanence::P1, Some("2024-05-01"), None, "date"),
        (
            PreviousPermanence::P1,
            None,
            Some("Kent"),
            "local_authority",
        ),
    ] {
        let mut l = Ledger::new();
        let bad = l.add(
            "2024-04-02",
            K::PreviousPermanenceRecorded {
                permanence,
                date: date.map(d),
                local_authority: la.map(str::to_owned),
            },
        );
        let (event, message, got) = refused(&l);
        assert_eq!((event, got), (bad, field), "{message}");
    }
}

#[test]
fn the_sdq_reason_is_kept() {
    let mut l = Ledger::new();
    l.add(
        "2024-04-10",
        K::SdqRecorded {
            score: None,
            reason: Some(crate::codes::SdqReason::SDQ3),
        },
    );
    let r = l.record("2025-01-01");
    assert_eq!(r.sdqs[0].reason, Some(crate::codes::SdqReason::SDQ3));
}

#[test]
fn every_new_fact_round_trips_through_json_and_folds_from_it() {
    let kinds = [
        r#"{"type":"SexRecorded","sex":"U"}"#,
        r#"{"type":"EthnicityRecorded","ethnicity":"BAFR"}"#,
        r#"{"type":"DisabilitiesRecorded","disabilities":["HEAR","VIS"]}"#,
        r#"{"type":"UpnRecorded","upn":"B801200005001"}"#,
        r#"{"type":"UpnUnknownRecorded","reason":"UN7"}"#,
        r#"{"type":"DeathRecorded"}"#,
        r#"{"type":"BabyBorn"}"#,
        r#"{"type":"UascStatusStarted"}"#,
        r#"{"type":"Convicted"}"#,
        r#"{"type":"SubstanceMisuseIdentified"}"#,
        r#"{"type":"SubstanceMisuseInterventionOffered","received":false}"#,
        r#"{"type":"DevelopmentChecksRecorded","up_to_date":false}"#,
        r#"{"type":"PreviousPermanenceRecorded","permanence":"P3","date":"2020-01-02","local_authority":"WAL"}"#,
        r#"{"type":"DeprivationOfLibertyStarted"}"#,
    ];
    let mut l = Ledger::new();
    for json in kinds {
        let kind: K = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::to_value(&kind).unwrap(),
            serde_json::from_str::<serde_json::Value>(json).unwrap()
        );
        l.add("2024-06-01", kind);
    }
    let r = ChildRecord::fold_all(&l.events).unwrap();
    assert_eq!(r.facts, kinds.len());
    assert_eq!(
        r.characteristics.disabilities_on(d("2024-06-01")),
        Some(&[Disability::HEAR, Disability::VIS][..])
    );
    assert!(r.characteristics.died.is_some() && r.uasc[0].is_open());
}
