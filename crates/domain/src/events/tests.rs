//! The ledger format and the event kinds' declarations.

use super::*;
use crate::codes::{MissingOrAway, PlacementType, ReasonForClosure};
use crate::keys::{TeamId, UserId};
use jiff::civil::date;

fn at() -> Timestamp {
    "2025-01-06T10:15:00Z".parse().unwrap()
}

#[test]
fn round_trips_as_one_json_line() {
    let e = Event::new(
        7,
        date(2025, 1, 6),
        "u12",
        at(),
        EventKind::VisitMade {
            seen_and_heard: None,
            analysis: None,
            visit: VisitKind::ChildProtection,
            child_seen: true,
            seen_alone: true,
            child_views: None,
        },
    );
    let json = e.to_json();
    assert_eq!(
        json,
        r#"{"schema":1,"id":7,"on":"2025-01-06","recorded_by":"u12","recorded_at":"2025-01-06T10:15:00Z","event":{"type":"VisitMade","visit":"child_protection","child_seen":true,"seen_alone":true,"child_views":null}}"#
    );
    assert_eq!(Event::from_json(&json).unwrap(), e);
}

#[test]
fn date_times_round_trip_where_the_law_counts_hours() {
    let e = Event::new(
        3,
        date(2025, 2, 1).at(21, 30, 0, 0),
        "u1",
        at(),
        EventKind::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
    );
    let json = e.to_json();
    assert!(json.contains(r#""on":"2025-02-01T21:30""#), "{json}");
    assert_eq!(Event::from_json(&json).unwrap(), e);
}

#[test]
fn corrections_nest_the_replacement() {
    let e = Event::new(
        9,
        date(2025, 1, 7),
        "u1",
        at(),
        EventKind::Amended {
            target: EventId(7),
            reason: "wrong date".into(),
            on: Some(When::Date(date(2025, 1, 5))),
            event: Box::new(EventKind::CoreGroupHeld),
        },
    );
    assert_eq!(Event::from_json(&e.to_json()).unwrap(), e);
}

#[test]
fn bad_json_says_what_is_wrong() {
    let base = r#"{"schema":1,"id":1,"on":"2025-01-06","recorded_by":"u","recorded_at":"2025-01-06T10:15:00Z","event":"#;
    let cases = [
        (
            format!(r#"{base}{{"type":"Nonsense"}}}}"#),
            "unknown variant `Nonsense`",
        ),
        (
            format!(r#"{base}{{"type":"ContactReceived","source":"ZZ"}}}}"#),
            "unknown code \"ZZ\" in the list",
        ),
        (
            format!(r#"{base}{{"type":"ContactReceived"}}}}"#),
            "missing field `source`",
        ),
        (
            format!(r#"{base}{{"type":"ContactReceived","source":"6","extra":1}}}}"#),
            "unknown field `extra`",
        ),
        (
            base.replace(r#""schema":1"#, r#""schema":2"#) + r#"{"type":"CoreGroupHeld"}}"#,
            "schema version 2 is not supported",
        ),
        (
            base.replace("2025-01-06\"", "06/01/2025\"") + r#"{"type":"CoreGroupHeld"}}"#,
            "is not a date",
        ),
    ];
    for (json, expected) in cases {
        let err = Event::from_json(&json).unwrap_err().to_string();
        assert!(err.contains(expected), "{json}\n=> {err}");
    }
}

#[test]
fn codes_are_refused_outside_their_validity() {
    let placed = |t: PlacementType| EventKind::PlacementChanged {
        placement: Placement {
            placement_type: t,
            provider: None,
            postcode: None,
            urn: None,
            long_term: false,
        },
        reason: None,
        same_carer: false,
    };
    assert!(
        placed(PlacementType::P2)
            .check_codes_in_force(date(2023, 10, 27))
            .is_ok()
    );
    assert_eq!(
        placed(PlacementType::P2).check_codes_in_force(date(2023, 10, 28)),
        Err(crate::record::Refused::value(
            "placement.placement_type",
            "placement type P2 cannot be used on 2023-10-28: it was withdrawn from 2023-10-28"
        ))
    );
    assert_eq!(
        placed(PlacementType::Z11).check_codes_in_force(date(2025, 3, 31)),
        Err(crate::record::Refused::value(
            "placement.placement_type",
            "placement type Z11 cannot be used on 2025-03-31: it is valid from 2025-04-01"
        ))
    );
    assert!(
        placed(PlacementType::Z11)
            .check_codes_in_force(date(2025, 4, 1))
            .is_ok()
    );
    let closed = EventKind::EpisodeClosed {
        reason: ReasonForClosure::RC9,
    };
    assert!(closed.check_codes_in_force(date(2022, 3, 31)).is_err());
    assert!(closed.check_codes_in_force(date(2022, 4, 1)).is_ok());
}

#[test]
fn every_listed_name_is_a_type_of_event() {
    for name in EventKind::NAMES {
        let err = serde_json::from_str::<EventKind>(&format!(r#"{{"type":"{name}"}}"#))
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(!err.contains("unknown variant"), "{name}: {err}");
    }
    let mut sorted = EventKind::NAMES.to_vec();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), EventKind::NAMES.len());
}

#[test]
fn references_move_with_their_events() {
    let shift = |id: EventId| EventId(id.0 + 100);
    let decision = EventKind::ContactDecision {
        contact: EventId(1),
        outcome: ContactOutcome::Referral,
    };
    assert_eq!(
        decision.with_references(&shift),
        EventKind::ContactDecision {
            contact: EventId(101),
            outcome: ContactOutcome::Referral
        }
    );
    let amended = EventKind::Amended {
        target: EventId(3),
        reason: "r".into(),
        on: None,
        event: Box::new(EventKind::MissingEpisodeEnded {
            episode: EventId(2),
        }),
    };
    let EventKind::Amended { target, event, .. } = amended.with_references(&shift) else {
        panic!()
    };
    assert_eq!(target, EventId(103));
    assert_eq!(
        *event,
        EventKind::MissingEpisodeEnded {
            episode: EventId(102)
        }
    );
    assert_eq!(
        EventKind::CoreGroupHeld.with_references(&shift),
        EventKind::CoreGroupHeld
    );
}

#[test]
fn stored_events_read_back_the_same() {
    let e = Event::new(
        5,
        date(2025, 2, 1).at(21, 30, 0, 0),
        "u1",
        at(),
        EventKind::ReturnInterview {
            episode: EventId(4),
            offered: true,
            accepted: true,
            held: true,
        },
    );
    assert_eq!(Event::from_stored_json(&e.to_json()).unwrap(), e);
    let future = e.to_json().replace(r#""schema":1"#, r#""schema":9"#);
    assert!(
        Event::from_stored_json(&future).is_err(),
        "unknown schema versions are still refused"
    );
}

#[test]
fn the_timed_list_and_the_match_agree() {
    for name in EventKind::NAMES {
        // Any instance of the type will do: build one from its JSON with
        // every field it needs filled by a minimal value.
        let fields = match *name {
            "MissingEpisodeStarted" => r#","status":"M""#,
            "MissingEpisodeEnded" => r#","episode":1"#,
            "ReturnInterview" => r#","episode":1,"offered":true,"accepted":true,"held":true"#,
            _ => "",
        };
        if let Ok(kind) =
            serde_json::from_str::<EventKind>(&format!(r#"{{"type":"{name}"{fields}}}"#))
        {
            assert_eq!(
                kind.is_timed(),
                crate::catalogue::kind(name).unwrap().timed,
                "{name}"
            );
        } else {
            assert!(
                !crate::catalogue::kind(name).unwrap().timed,
                "{name} is timed but was not built"
            );
        }
    }
}

#[test]
fn names_match_the_json_tag() {
    let e = EventKind::Allocated {
        worker: UserId(1),
        team: TeamId(1),
        reason: None,
    };
    let v: serde_json::Value = serde_json::to_value(&e).unwrap();
    assert_eq!(v["type"], e.name());
}

#[test]
fn events_that_change_who_has_access_are_declared_and_need_a_manager() {
    use crate::access::{Action, Relationship};
    let allocated = EventKind::Allocated {
        worker: UserId(65),
        team: TeamId(10),
        reason: None,
    };
    assert_eq!(
        allocated.relationship(),
        Some(Relationship::Worker {
            worker: UserId(65),
            team: TeamId(10)
        })
    );
    assert_eq!(allocated.action(), Action::Allocate);
    let iro = EventKind::IroAppointed { iro: UserId(79) };
    assert_eq!(
        iro.relationship(),
        Some(Relationship::Iro { iro: UserId(79) })
    );
    assert_eq!(iro.action(), Action::Allocate);
    assert_eq!(
        EventKind::PersonalAdviserAppointed { adviser: UserId(3) }.action(),
        Action::Allocate
    );
    assert_eq!(
        EventKind::AllocatedToTeam { team: TeamId(3) }.relationship(),
        Some(Relationship::Team { team: TeamId(3) })
    );
    let amended = EventKind::Amended {
        target: EventId(1),
        reason: "wrong IRO".into(),
        on: None,
        event: Box::new(iro.clone()),
    };
    assert_eq!(amended.relationship(), iro.relationship());
    assert_eq!(amended.action(), Action::Correct);
    assert_eq!(EventKind::DentalCheck.relationship(), None);
    assert_eq!(EventKind::DentalCheck.action(), Action::Record);
    // The ledger keeps writing ids as strings of digits, and refuses a
    // name where a number belongs.
    let json = serde_json::to_value(&allocated).unwrap();
    assert_eq!(json["worker"], "65");
    assert!(
        serde_json::from_str::<EventKind>(r#"{"type": "IroAppointed", "iro": "Dami"}"#).is_err()
    );
}

#[test]
fn the_significant_view_keeps_what_a_court_reads_first() {
    let visit = |child_seen| EventKind::VisitMade {
        seen_and_heard: None,
        analysis: None,
        visit: VisitKind::LookedAfter,
        child_seen,
        seen_alone: false,
        child_views: None,
    };
    let review = EventKind::LookedAfterReviewHeld {
        seen_and_heard: None,
        analysis: None,
        recommendations: None,
        next_review_due: None,
        participation: crate::codes::ReviewParticipation::PN1,
    };
    // Reviews, moves, the child not seen and missing episodes...
    for kind in [
        review,
        visit(false),
        EventKind::MissingEpisodeStarted {
            status: MissingOrAway::M,
        },
        EventKind::MissingEpisodeEnded {
            episode: EventId(1),
        },
        EventKind::IroAppointed { iro: UserId(1) },
    ] {
        assert!(kind.is_significant(), "{}", kind.name());
    }
    // ...not routine activity.
    for kind in [
        visit(true),
        EventKind::PepReviewed,
        EventKind::DentalCheck,
        EventKind::CoreGroupHeld,
    ] {
        assert!(!kind.is_significant(), "{}", kind.name());
    }
}
