//! Ofsted's list of providers and the whole-authority check: the synthetic
//! area's placements are all made through its register, so its own list
//! gives no URN finding; a list without one of the homes in use gives the
//! children placed there rule 1008's finding. Then the list kept by
//! `hearth returns providers` is the one a check of the database uses.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_returns::checks::{AuthorityChecks, AuthorityFindings, Return};
use hearth_returns::ssda903::rules::{Provider, ProviderTable};
use hearth_returns::{ChildSource, CollectionYear};
use hearth_synth::register::{Kind, Register};
use hearth_synth::{Config, Profile, Synth};

mod common;
use common::{hearth, stderr};

fn list(register: &Register, leave_out: Option<&str>) -> ProviderTable {
    ProviderTable::from_providers(
        register
            .providers()
            .iter()
            .filter(|r| Some(r.urn.as_str()) != leave_out)
            .map(|r| Provider {
                urn: r.urn.clone(),
                place_codes: r.place_codes().iter().map(|c| (*c).to_owned()).collect(),
                provider_codes: vec![r.provider.as_code().to_owned()],
                registration_end: r.deregistered,
                postcode: Some(r.postcode.to_string().replace(' ', "")),
            }),
    )
}

fn urn_findings(found: &AuthorityFindings) -> Vec<(String, String)> {
    found
        .findings
        .iter()
        .filter(|f| f.return_ == Return::Ssda903)
        .filter(|f| ["219", "221", "224", "227", "228", "1008"].contains(&f.finding.rule.as_str()))
        .map(|f| (f.finding.rule.clone(), f.finding.child.clone()))
        .collect()
}

#[test]
fn the_synthetic_areas_own_list_finds_nothing_and_a_list_without_a_home_in_use_does() {
    let calendar = WorkingDayCalendar::england_and_wales();
    let config = Config {
        profile: Profile::named("small").unwrap(),
        seed: 1,
        years: 6,
        as_at: jiff::civil::date(2026, 11, 30),
    };
    let register = Register::of(&config.profile, config.seed);
    // The first children's home of the register's: some child of the
    // small area is placed there in 2025-26 (checked below).
    let home = register
        .providers()
        .iter()
        .find(|r| r.kind == Kind::Home && r.deregistered.is_none())
        .unwrap()
        .urn
        .clone();
    let year = CollectionYear::Y2025_26;
    let mut whole =
        AuthorityChecks::new(year, Default::default()).with_providers(list(&register, None));
    let mut short =
        AuthorityChecks::new(year, Default::default()).with_providers(list(&register, Some(&home)));
    let mut bare = AuthorityChecks::new(year, Default::default());
    for child in Synth::new(config, &calendar).unwrap() {
        let source = ChildSource {
            la_child_id: child.identity.la_child_id,
            date_of_birth: Some(child.identity.date_of_birth),
            sex: Some(child.identity.sex),
            ethnicity: Some(child.identity.ethnicity),
            upn: child.identity.upn,
            postcode: child.identity.postcode,
            events: child.events,
        };
        whole.add(&source);
        short.add(&source);
        bare.add(&source);
    }
    let (whole, short, bare) = (whole.finish(0), short.finish(0), bare.finish(0));
    assert!(bare.not_run.iter().any(|(code, _)| *code == "1008"));
    assert!(!whole.not_run.iter().any(|(code, _)| *code == "1008"));
    assert_eq!(urn_findings(&whole), Vec::<(String, String)>::new());
    let missing = urn_findings(&short);
    assert!(
        !missing.is_empty() && missing.iter().any(|(rule, _)| rule == "1008"),
        "{home}: {missing:?}"
    );
}

#[test]
fn a_list_that_cannot_be_kept_is_refused_with_its_file_named() {
    let dir = std::env::temp_dir().join(format!("hearth-providers-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let db = format!("sqlite:{}", dir.join("h.db").display());
    let not_a_workbook = dir.join("list.xlsx");
    std::fs::write(&not_a_workbook, "URN,Local authority\n").unwrap();
    let o = hearth(&[
        "returns",
        "providers",
        not_a_workbook.to_str().unwrap(),
        "--db",
        &db,
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("list.xlsx"), "{}", stderr(&o));
    // A list made for the small area is kept, and says how many.
    let list = dir.join("small.xlsx");
    let made = hearth(&[
        "synth",
        "providers",
        "--profile",
        "small",
        "--out",
        list.to_str().unwrap(),
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    let kept = hearth(&["returns", "providers", list.to_str().unwrap(), "--db", &db]);
    assert!(kept.status.success(), "{}", stderr(&kept));
    assert!(
        stderr(&kept).contains("providers kept"),
        "{}",
        stderr(&kept)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
