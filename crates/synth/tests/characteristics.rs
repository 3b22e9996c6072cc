//! The small profile's characteristics and the returns' other facts: each
//! at about its national rate, consistent with the child's identity and
//! history, and every child the returns make hard on purpose present.
#![allow(clippy::unwrap_used)] // test helpers: a failure here is a failed test

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{AdopterLegalStatus, AdopterSex, Disability, ReasonForClosure};
use hearth_domain::events::EventKind;
use hearth_domain::record::{ChildRecord, UpnStatus};
use hearth_synth::{Config, Profile, Synth};
use jiff::civil::date;

#[derive(Default, Debug)]
struct Counts {
    children: usize,
    in_need: usize,
    in_need_disabled: usize,
    in_need_n2: usize,
    looked_after: usize,
    looked_after_uasc: usize,
    uasc_ended: usize,
    oc2_10_plus: usize,
    convicted: usize,
    oc2_11_plus: usize,
    substance: usize,
    under_5: usize,
    checks_up_to_date: usize,
    died: usize,
    mothers: usize,
    former_upn: usize,
    upn_unknown: usize,
    deprivation_of_liberty: usize,
    previous_order: usize,
    adopters: usize,
}

fn share(part: usize, whole: usize) -> f64 {
    part as f64 / whole.max(1) as f64
}

#[test]
fn the_small_profile_has_each_characteristic_at_about_its_national_rate() {
    let calendar = WorkingDayCalendar::england_and_wales();
    let as_at = date(2026, 11, 30);
    let config = Config {
        profile: Profile::named("small").unwrap(),
        seed: 42,
        years: 6,
        as_at,
    };
    let mut n = Counts::default();
    for child in Synth::new(config, &calendar).unwrap() {
        n.children += 1;
        let r = ChildRecord::fold(&child.events, as_at).unwrap();
        let c = &r.characteristics;
        // The ledger's facts agree with the child's row.
        if let Some(sex) = c.sex_on(as_at) {
            assert_eq!(sex, child.identity.sex);
        }
        assert_eq!(c.sex.is_empty(), c.ethnicity.is_empty());
        if let Some(e) = c.ethnicity_on(as_at) {
            assert_eq!(e, child.identity.ethnicity);
        }
        if let Some(UpnStatus::Known(upn)) = c.upn_on(as_at) {
            assert_eq!(Some(upn), child.identity.upn.as_ref());
        }
        n.former_upn += usize::from(c.former_upn_on(as_at).is_some());
        n.upn_unknown += usize::from(matches!(c.upn_on(as_at), Some(UpnStatus::Unknown(_))));
        // A child with an episode of need has their disabilities recorded.
        if !r.episodes.is_empty() {
            assert!(!c.disabilities.is_empty(), "{}", child.identity.la_child_id);
        }
        if r.open_episode().is_some() {
            n.in_need += 1;
            let list = c.disabilities_on(as_at).unwrap();
            n.in_need_disabled += usize::from(list != [Disability::NONE]);
            n.in_need_n2 += usize::from(
                r.episodes
                    .iter()
                    .any(|e| e.primary_need == Some(hearth_domain::codes::PrimaryNeed::N2)),
            );
        }
        if r.is_looked_after() {
            n.looked_after += 1;
            n.looked_after_uasc += usize::from(r.uasc.iter().any(|s| s.covers(as_at)));
        }
        n.uasc_ended += r.uasc.iter().filter(|s| s.end.is_some()).count();
        // UASC status ends by the 18th birthday (SSDA903 rule 304).
        for s in &r.uasc {
            if let (Some(end), Some(eighteen)) = (s.end, r.birthday(18)) {
                assert!(end.date() <= eighteen);
            }
        }
        if let Some(died) = c.died {
            n.died += 1;
            let last = r.episodes.last().unwrap();
            assert_eq!(last.reason_for_closure, Some(ReasonForClosure::RC2));
            assert_eq!(last.closed.unwrap().date(), died.date());
        }
        n.mothers += usize::from(!r.babies.is_empty());
        n.deprivation_of_liberty += r.deprivation_of_liberty.len();
        n.previous_order += r
            .previous_permanence
            .iter()
            .filter(|p| p.local_authority.is_some())
            .count();
        // OC2: each year ending 31 March the child had been looked after
        // for 12 months, counted from the facts dated in that year.
        for year in 2021..=2026 {
            let march = date(year, 3, 31);
            let april = date(year - 1, 4, 1);
            let twelve_months = r.periods_of_care.iter().any(|p| {
                p.started.date() <= date(year - 1, 3, 31)
                    && p.ended.is_none_or(|e| e.date() > march)
            });
            if !twelve_months {
                continue;
            }
            let in_year = |d: jiff::civil::Date| d >= april && d <= march;
            let age = r.age_on(march).unwrap();
            if age >= 10 {
                n.oc2_10_plus += 1;
                n.convicted += usize::from(r.convictions.iter().any(|m| in_year(m.date())));
            }
            if age >= 11 {
                n.oc2_11_plus += 1;
                n.substance += usize::from(r.substance_misuse.iter().any(|m| in_year(m.date())));
            }
            if age < 5 {
                n.under_5 += 1;
                n.checks_up_to_date += usize::from(
                    r.development_checks
                        .iter()
                        .any(|d| in_year(d.date()) && d.value),
                );
            }
        }
        // Adopters: a single adopter is L0 and one; a couple is two, and
        // not L0 (SSDA903 rules 511 and 514).
        for e in &child.events {
            if let EventKind::Matched {
                adopter_sex,
                adopter_legal_status,
                number_of_adopters,
            } = &e.event
            {
                n.adopters += 1;
                let single = matches!(adopter_sex, AdopterSex::M1 | AdopterSex::F1);
                assert_eq!(*number_of_adopters, if single { 1 } else { 2 });
                assert_eq!(*adopter_legal_status == AdopterLegalStatus::L0, single);
            }
        }
    }
    println!("{n:#?}");
    let disabled = share(n.in_need_disabled, n.in_need);
    let uasc = share(n.looked_after_uasc, n.looked_after);
    let convicted = share(n.convicted, n.oc2_10_plus);
    let substance = share(n.substance, n.oc2_11_plus);
    let checks = share(n.checks_up_to_date, n.under_5);
    println!(
        "disabled {disabled:.3} of {} in need; UASC {uasc:.3} of {} looked after; convicted {convicted:.3}, substance misuse {substance:.3}, development checks {checks:.3}",
        n.in_need, n.looked_after
    );
    // About 13% of children in need (CIN census); wide bands for a small
    // authority.
    assert!((0.08..=0.20).contains(&disabled), "disabled {disabled}");
    // About 8% of children looked after (SSDA903 2025).
    assert!((0.03..=0.16).contains(&uasc), "UASC {uasc}");
    assert!((0.003..=0.06).contains(&convicted), "convicted {convicted}");
    assert!((0.005..=0.08).contains(&substance), "substance {substance}");
    assert!(
        (0.75..=0.97).contains(&checks),
        "development checks {checks}"
    );
    // The children the returns make hard on purpose are there.
    for (what, count) in [
        ("died", n.died),
        ("mothers", n.mothers),
        ("UASC status ended", n.uasc_ended),
        ("former UPN", n.former_upn),
        ("UPN unknown", n.upn_unknown),
        ("deprivation of liberty", n.deprivation_of_liberty),
        ("previous permanence order", n.previous_order),
        ("adopters", n.adopters),
    ] {
        assert!(count > 0, "no child: {what}");
    }
}
