//! The DfE rules' findings on one child's record, as the child's page shows
//! them.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use hearth_domain::codes::{Ethnicity, ReferralSource, Sex};
use hearth_domain::events::{Event, EventKind, When};
use hearth_domain::ids::LaChildId;
use hearth_returns::checks::{Return, for_child};
use hearth_returns::{ChildSource, CollectionYear};
use jiff::civil::date;

fn event(n: u64, on: &str, kind: EventKind) -> Event {
    let when: When = on.parse().unwrap();
    let recorded = when
        .date()
        .at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp();
    Event::new(n, when, "u1", recorded, kind)
}

fn child(primary_need: Option<hearth_domain::codes::PrimaryNeed>) -> ChildSource {
    ChildSource {
        la_child_id: LaChildId::parse("CHK1").unwrap(),
        date_of_birth: Some(date(2015, 5, 1)),
        sex: Some(Sex::F),
        ethnicity: Some(Ethnicity::WBRI),
        upn: None,
        postcode: None,
        events: vec![
            event(
                1,
                "2015-05-01",
                EventKind::BirthDetailsRecorded {
                    date_of_birth: Some(date(2015, 5, 1)),
                    expected_date_of_birth: None,
                },
            ),
            event(
                2,
                "2025-06-02",
                EventKind::ReferralAccepted {
                    source: ReferralSource::Police,
                    no_further_action: false,
                    primary_need,
                },
            ),
        ],
    }
}

#[test]
fn a_referral_going_on_without_a_primary_need_is_found_for_the_census() {
    let found = for_child(&child(None), CollectionYear::Y2025_26).unwrap();
    let rule_8610 = found
        .iter()
        .find(|f| f.finding.rule == "8610")
        .expect("rule 8610 finds the missing primary need");
    assert_eq!(rule_8610.return_, Return::Cin);
    assert_eq!(rule_8610.finding.child, "CHK1");
    assert_eq!(rule_8610.finding.field, "PrimaryNeedCode");
    // Recorded with its need, the rule has nothing to say.
    let found = for_child(
        &child(Some(hearth_domain::codes::PrimaryNeed::N1)),
        CollectionYear::Y2025_26,
    )
    .unwrap();
    assert!(found.iter().all(|f| f.finding.rule != "8610"), "{found:?}");
    // Not in the SSDA903: never looked after.
    assert!(found.iter().all(|f| f.return_ == Return::Cin));
}

#[test]
fn a_child_outside_the_years_returns_has_no_findings() {
    // Referred after the 2025-26 census period ended.
    let mut c = child(None);
    c.events[1] = event(
        2,
        "2026-06-02",
        EventKind::ReferralAccepted {
            source: ReferralSource::Police,
            no_further_action: false,
            primary_need: None,
        },
    );
    assert_eq!(for_child(&c, CollectionYear::Y2025_26).unwrap(), []);
}

#[test]
fn a_whole_authority_check_runs_both_returns_and_names_each_child() {
    use hearth_returns::checks::AuthorityChecks;
    let mut checks = AuthorityChecks::new(CollectionYear::Y2025_26, Default::default());
    checks.add(&child(None));
    let mut with_need = child(Some(hearth_domain::codes::PrimaryNeed::N1));
    with_need.la_child_id = LaChildId::parse("CHK2").unwrap();
    checks.add(&with_need);
    // Two events with one id: the record cannot be read at all.
    let mut broken = child(None);
    broken.la_child_id = LaChildId::parse("CHK3").unwrap();
    broken.events[1].id = broken.events[0].id;
    checks.add(&broken);
    let found = checks.finish(806);
    assert_eq!(found.children, 3);
    assert_eq!(found.in_cin, 2);
    assert_eq!(found.in_ssda903, 0);
    let about = |child: &str| {
        found
            .findings
            .iter()
            .filter(|f| f.finding.child == child)
            .map(|f| f.finding.rule.as_str())
            .collect::<Vec<_>>()
    };
    assert!(about("CHK1").contains(&"8610"), "{:?}", about("CHK1"));
    assert!(!about("CHK2").contains(&"8610"), "{:?}", about("CHK2"));
    assert!(about("CHK3").is_empty());
    assert_eq!(found.unreadable.len(), 1);
    assert_eq!(found.unreadable[0].child, "CHK3");
    assert!(!found.unreadable[0].why.is_empty());
    // The SSDA903 rules needing places or last year's return say so.
    assert!(!found.not_run.is_empty());
}
