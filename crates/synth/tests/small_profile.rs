//! The small profile end to end: every ledger is accepted by the fold, the
//! calibration report passes, and the same seed gives the same data.
//!
//! `HEARTH_SYNTH_PROFILE` and `HEARTH_SYNTH_SEED` run the same check on
//! another profile or seed (with `--release` for the large ones).
#![allow(clippy::unwrap_used)] // test helpers: a failure here is a failed test

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::record::ChildRecord;
use hearth_synth::calibration::{Tally, Targets, collection_year, measure, report};
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
    for child in synth {
        children += 1;
        events += child.events.len();
        corrections += child
            .events
            .iter()
            .filter(|e| e.event.is_correction())
            .count();
        match ChildRecord::fold(&child.events, config.as_at) {
            Ok(record) => measure(&mut tally, &record, year, config.as_at, &calendar),
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
