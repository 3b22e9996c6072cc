use super::*;
use crate::events::{EventKind as K, Kinship};
use crate::testkit::Ledger;

fn home(address: &str, lives_with: &str) -> K {
    K::AddressChanged {
        address: address.into(),
        postcode: Some(Postcode::parse("SW1A 1AA").unwrap()),
        lives_with: lives_with.into(),
    }
}

fn member(name: &str, relationship: Kinship, relative: Option<i64>) -> K {
    K::FamilyMemberRecorded {
        name: name.into(),
        relationship,
        parental_responsibility: relationship == Kinship::Mother,
        date_of_birth: None,
        relative: relative.map(ChildId),
    }
}

#[test]
fn the_record_as_at_a_date_says_where_the_child_lived_then() {
    let mut l = Ledger::new();
    l.add("2024-01-10", home("1 First Street", "Mother"));
    l.add("2024-06-01", home("2 Second Road", "Grandmother"));
    let then = l.record("2024-03-01");
    assert_eq!(then.family.home().unwrap().address, "1 First Street");
    assert_eq!(then.family.home().unwrap().lives_with, "Mother");
    let now = l.record("2024-07-01");
    assert_eq!(now.family.home().unwrap().lives_with, "Grandmother");
    assert_eq!(now.family.homes.len(), 2, "the history is kept");
    let before = l.record("2023-12-31");
    assert!(before.family.home().is_none());
}

#[test]
fn school_and_gp_are_dated_facts() {
    let mut l = Ledger::new();
    l.add(
        "2024-09-01",
        K::SchoolChanged {
            school: "Oak Primary".into(),
            urn: Urn::parse("123456").unwrap(),
        },
    );
    l.add(
        "2024-09-02",
        K::GpRegistered {
            practice: "Elm Surgery".into(),
            ods_code: Some("A81001".into()),
        },
    );
    let r = l.record("2024-10-01");
    assert_eq!(r.family.school().unwrap().urn.as_str(), "123456");
    assert_eq!(r.family.gp().unwrap().practice, "Elm Surgery");
    assert!(l.record("2024-08-31").family.school().is_none());
}

#[test]
fn a_gp_code_that_is_not_one_is_refused_against_its_field() {
    let mut l = Ledger::new();
    l.add(
        "2024-09-02",
        K::GpRegistered {
            practice: "Elm Surgery".into(),
            ods_code: Some("81001".into()),
        },
    );
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1);
    assert_eq!(r.problems[0].refused.field(), "ods_code");
}

#[test]
fn blank_names_and_addresses_are_refused_against_their_fields() {
    let mut l = Ledger::new();
    l.add("2024-01-10", home("  ", "Mother"));
    assert_eq!(l.refusal().problems[0].refused.field(), "address");
    let mut l = Ledger::new();
    l.add("2024-01-10", member(" ", Kinship::Father, None));
    assert_eq!(l.refusal().problems[0].refused.field(), "name");
}

#[test]
fn a_family_member_leaves_the_network_but_stays_in_its_history() {
    let mut l = Ledger::new();
    let mum = l.add("2024-01-10", member("Ann Smith", Kinship::Mother, None));
    l.add("2024-01-10", member("", Kinship::Brother, Some(7)));
    l.add("2024-05-01", K::FamilyMemberEnded { member: mum });
    let before = l.record("2024-04-30");
    assert_eq!(before.family.current_members().count(), 2);
    let after = l.record("2024-05-01");
    let current: Vec<&str> = after
        .family
        .current_members()
        .map(|m| m.name.as_str())
        .collect();
    assert_eq!(current, [""], "the brother is named from his own record");
    assert_eq!(after.family.members.len(), 2);
    assert_eq!(after.family.members[1].relative, Some(ChildId(7)));
}

#[test]
fn ending_what_was_never_recorded_or_twice_is_refused() {
    let mut l = Ledger::new();
    let mum = l.add("2024-01-10", member("Ann Smith", Kinship::Mother, None));
    l.add("2024-05-01", K::FamilyMemberEnded { member: mum });
    l.add("2024-05-02", K::FamilyMemberEnded { member: mum });
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1, "{r}");
    assert_eq!(r.problems[0].refused.field(), "member");
    let mut l = Ledger::new();
    l.add(
        "2024-05-01",
        K::ProfessionalEnded {
            professional: EventId(99),
        },
    );
    assert_eq!(l.refusal().problems[0].refused.field(), "professional");
}

#[test]
fn the_same_child_is_not_recorded_twice_as_a_relative() {
    let mut l = Ledger::new();
    l.add("2024-01-10", member("", Kinship::Brother, Some(7)));
    l.add("2024-01-11", member("", Kinship::HalfBrother, Some(7)));
    assert_eq!(l.refusal().problems[0].refused.field(), "relative");
}

#[test]
fn a_relative_with_a_record_is_named_only_by_it() {
    // A name kept beside the link would reach everyone who may read this
    // child's record, including those the relative's record is closed to.
    let mut l = Ledger::new();
    l.add("2024-01-10", member("Ben Smith", Kinship::Brother, Some(7)));
    let r = l.refusal();
    assert_eq!(r.problems.len(), 1, "{r}");
    assert_eq!(r.problems[0].refused.field(), "name");
    assert!(r.problems[0].message().contains("leave the name blank"));
}

#[test]
fn a_date_of_birth_after_the_record_is_refused() {
    let mut l = Ledger::new();
    l.add(
        "2024-01-10",
        K::FamilyMemberRecorded {
            name: "Cal Smith".into(),
            relationship: Kinship::Sister,
            parental_responsibility: false,
            date_of_birth: Some(crate::testkit::d("2024-02-01")),
            relative: None,
        },
    );
    assert_eq!(l.refusal().problems[0].refused.field(), "date_of_birth");
}

#[test]
fn the_professional_network_keeps_who_works_with_the_child_now() {
    let mut l = Ledger::new();
    let hv = l.add(
        "2024-01-10",
        K::ProfessionalAdded {
            name: "Dee Jones".into(),
            role: "Health visitor".into(),
            agency: Agency::Health,
            contact: Some(" 01632 960000 ".into()),
        },
    );
    l.add(
        "2024-02-10",
        K::ProfessionalAdded {
            name: "PC Eve Ward".into(),
            role: "Child abuse investigation officer".into(),
            agency: Agency::Police,
            contact: None,
        },
    );
    l.add("2024-03-10", K::ProfessionalEnded { professional: hv });
    let r = l.record("2024-03-10");
    let names: Vec<&str> = r
        .family
        .current_professionals()
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(names, ["PC Eve Ward"]);
    assert_eq!(
        l.record("2024-02-10").family.professionals[0]
            .contact
            .as_deref(),
        Some("01632 960000")
    );
}

#[test]
fn an_amendment_or_void_corrects_a_family_fact() {
    let mut l = Ledger::new();
    let mum = l.add("2024-01-10", member("Ann Smith", Kinship::Mother, None));
    let home_id = l.add("2024-01-10", home("1 First Street", "Mother"));
    l.add(
        "2024-01-12",
        K::Amended {
            target: mum,
            reason: "name mis-spelt".into(),
            on: None,
            event: Box::new(member("Anne Smith", Kinship::Mother, None)),
        },
    );
    l.add(
        "2024-01-12",
        K::Voided {
            target: home_id,
            reason: "wrong child".into(),
        },
    );
    let r = l.record("2024-02-01");
    assert_eq!(r.family.members[0].name, "Anne Smith");
    assert!(r.family.home().is_none());
}
