//! The small profile end to end: every ledger is accepted by the fold, the
//! calibration report passes, and the same seed gives the same data.
//!
//! `HEARTH_SYNTH_PROFILE` and `HEARTH_SYNTH_SEED` run the same check on
//! another profile or seed (with `--release` for the large ones).
#![allow(clippy::unwrap_used)] // test helpers: a failure here is a failed test

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::record::ChildRecord;
use hearth_synth::calibration::{Tally, Targets, collection_year, family_of, measure, report};
use hearth_synth::{Config, Profile, Synth};

fn config() -> Config {
    Config {
        profile: Profile::named(&std::env::var("HEARTH_SYNTH_PROFILE").unwrap_or("small".into()))
            .unwrap(),
        seed: std::env::var("HEARTH_SYNTH_SEED")
            .ok()
            .and_then(|s| s.parse().ok())
            .unwrap_or(42),
        years: 6,
        as_at: jiff::civil::date(2026, 11, 30),
    }
}

#[test]
fn the_small_profile_is_accepted_by_the_ledger_and_passes_its_calibration() {
    let calendar = WorkingDayCalendar::england_and_wales();
    let config = config();
    let synth = Synth::new(config, &calendar).unwrap();
    let year = collection_year(config.as_at);
    let mut tally = Tally::default();
    let mut children = 0;
    let mut events = 0;
    let mut refused = Vec::new();
    let mut corrections = 0;
    let mut families = std::collections::BTreeSet::new();
    for child in synth {
        children += 1;
        events += child.events.len();
        corrections += child
            .events
            .iter()
            .filter(|e| e.event.is_correction())
            .count();
        match ChildRecord::fold(&child.events, config.as_at) {
            Ok(record) => {
                // Record numbers are the order children are generated in.
                let id = hearth_domain::keys::ChildId(children as i64);
                let family = family_of(id, &record);
                assert!(family <= id, "a family is named by its first child");
                families.insert(family);
                measure(&mut tally, id, &record, year, config.as_at, &calendar)
            }
            Err(refusal) => {
                if refused.len() < 5 {
                    let lines: Vec<String> = child.events.iter().map(|e| e.to_json()).collect();
                    refused.push(format!("{refusal:?}\n{}", lines.join("\n")));
                }
            }
        }
    }
    assert!(
        refused.is_empty(),
        "refused ledgers:\n{}",
        refused.join("\n\n")
    );
    assert!(corrections > 0, "a few deliberate corrections are made");
    // Brothers and sisters are one family: about 1.7 children each.
    let per_family = children as f64 / families.len() as f64;
    assert!(
        (1.2..2.5).contains(&per_family),
        "{per_family} children a family"
    );
    let targets = Targets::shipped().unwrap();
    let r = report(
        &targets,
        &tally,
        year,
        config.profile.population,
        config.profile.need,
    );
    println!("{children} children, {events} events\n{r}");
    let mut loads: Vec<u32> = tally.caseloads.values().copied().collect();
    loads.sort_unstable();
    println!("caseloads: {:?}", loads);
    assert!(r.passes(), "{r}");
    // The design effect is measured, not assumed: brothers and sisters
    // referred together make a count of referrals vary more than a count
    // of unrelated children.
    let referrals = r.lines.iter().find(|l| l.id == "referrals").unwrap();
    assert!(referrals.design_effect > 1.1, "{r}");
}

#[test]
fn the_same_seed_gives_the_same_authority() {
    let calendar = WorkingDayCalendar::england_and_wales();
    let mut config = config();
    config.years = 1;
    let run = |seed: u64| -> Vec<String> {
        let mut c = config;
        c.seed = seed;
        Synth::new(c, &calendar)
            .unwrap()
            .take(400)
            .map(|child| {
                let events: Vec<String> = child.events.iter().map(|e| e.to_json()).collect();
                format!("{:?}|{}", child.identity, events.join("\n"))
            })
            .collect()
    };
    let a = run(7);
    assert_eq!(a, run(7));
    assert_ne!(a, run(8));
}
