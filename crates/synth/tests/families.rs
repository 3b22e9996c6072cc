//! The generated families as people: each child's home, GP, parents and
//! network are in their ledger, and brothers and sisters with records are
//! linked by the record numbers the loader gives them (the order they are
//! generated in), a handful of events a child.
#![allow(clippy::unwrap_used)] // test helpers: a failure here is a failed test

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::{Agency, EventKind};
use hearth_domain::record::ChildRecord;
use hearth_synth::{Config, Profile, Synth, SynthChild};

fn generate() -> Vec<SynthChild> {
    let calendar = WorkingDayCalendar::england_and_wales();
    let config = Config {
        profile: Profile::named("small").unwrap(),
        seed: 7,
        years: 3,
        as_at: jiff::civil::date(2026, 11, 30),
    };
    Synth::new(config, &calendar).unwrap().collect()
}

#[test]
fn families_are_recorded_with_their_homes_parents_and_links() {
    let children = generate();
    assert!(children.len() > 100, "{}", children.len());
    let mut linked = 0;
    let mut police = 0;
    let mut family_events = 0;
    for (i, child) in children.iter().enumerate() {
        let number = i as i64 + 1;
        let record = ChildRecord::fold_all(&child.events).unwrap();
        let family = &record.family;
        assert!(family.home().is_some(), "child {number} has a home");
        assert!(family.gp().is_some(), "child {number} has a GP");
        family_events += child
            .events
            .iter()
            .filter(|e| e.event.stage() == hearth_domain::events::Stage::FamilyAndNetwork)
            .count();
        for m in family.current_members() {
            let Some(relative) = m.relative else { continue };
            linked += 1;
            // Linked to a brother or sister generated before them, of the
            // same family and home.
            assert!(relative.0 < number, "child {number} links {relative}");
            let other = &children[(relative.0 - 1) as usize];
            assert_eq!(other.identity.family_name, child.identity.family_name);
            assert_eq!(other.identity.postcode, child.identity.postcode);
            assert!(m.relationship.is_sibling());
        }
        police += family
            .professionals
            .iter()
            .filter(|p| p.agency == Agency::Police)
            .count();
    }
    assert!(linked > 10, "brothers and sisters are linked: {linked}");
    assert!(
        police > 5,
        "police contacts where there were enquiries: {police}"
    );
    let per_child = family_events as f64 / children.len() as f64;
    assert!(
        (3.0..10.0).contains(&per_child),
        "a handful of events a child: {per_child}"
    );
}

#[test]
fn the_same_seed_gives_the_same_families() {
    let a = generate();
    let b = generate();
    assert_eq!(a.len(), b.len());
    let names = |c: &[SynthChild]| -> Vec<String> {
        c.iter()
            .flat_map(|c| c.events.iter())
            .filter_map(|e| match &e.event {
                EventKind::FamilyMemberRecorded { name, .. } => Some(name.clone()),
                _ => None,
            })
            .collect()
    };
    assert_eq!(names(&a), names(&b));
}
