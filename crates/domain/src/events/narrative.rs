//! The worker's own words in an event: the write-up of a visit,
//! assessment, conference or review (what was seen and heard, analysis),
//! the child's views, an IRO's recommendations, a manager's rationale and
//! a case note. Working Together 2023 (ch. 1 and 2) asks that records say
//! what was seen and heard and what it means for the child, not only that
//! a visit happened.

use super::EventKind;

fn push<'a>(out: &mut Vec<(&'static str, &'a str)>, field: &'static str, text: &'a Option<String>) {
    if let Some(t) = text.as_deref().filter(|t| !t.trim().is_empty()) {
        out.push((field, t));
    }
}

impl EventKind {
    /// The free text this event holds, each with its field's JSON name
    /// (one of [`crate::catalogue::WRITE_UP`]), in the order the form asks
    /// for it. Empty for an event with none.
    pub fn write_up(&self) -> Vec<(&'static str, &str)> {
        use EventKind::*;
        let mut out = Vec::new();
        match self {
            VisitMade {
                child_views,
                seen_and_heard,
                analysis,
                ..
            }
            | AssessmentAuthorised {
                child_views,
                seen_and_heard,
                analysis,
                ..
            } => {
                push(&mut out, "child_views", child_views);
                push(&mut out, "seen_and_heard", seen_and_heard);
                push(&mut out, "analysis", analysis);
            }
            InitialConferenceHeld {
                seen_and_heard,
                analysis,
                ..
            }
            | ReviewConferenceHeld {
                seen_and_heard,
                analysis,
                ..
            } => {
                push(&mut out, "seen_and_heard", seen_and_heard);
                push(&mut out, "analysis", analysis);
            }
            LookedAfterReviewHeld {
                seen_and_heard,
                analysis,
                recommendations,
                ..
            } => {
                push(&mut out, "seen_and_heard", seen_and_heard);
                push(&mut out, "analysis", analysis);
                push(&mut out, "recommendations", recommendations);
            }
            ManagementOversight { rationale, .. } if !rationale.trim().is_empty() => {
                out.push(("rationale", rationale.as_str()));
            }
            CaseNote { text, .. } if !text.trim().is_empty() => {
                out.push(("text", text.as_str()));
            }
            _ => {}
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::events::{Event, EventKind};
    use crate::keys::UserId;
    use crate::record::{ChildRecord, Refused};
    use jiff::civil::date;

    fn event(id: u64, on: jiff::civil::Date, kind: EventKind) -> Event {
        Event::new(id, on, "u1", jiff::Timestamp::UNIX_EPOCH, kind)
    }

    #[test]
    fn a_visit_written_before_write_ups_still_parses_and_says_nothing_new() {
        let old = r#"{"type":"VisitMade","visit":"other","child_seen":true,"seen_alone":false,"child_views":"Likes school"}"#;
        let kind: EventKind = serde_json::from_str(old).unwrap();
        assert_eq!(kind.write_up(), vec![("child_views", "Likes school")]);
        // Written back without the fields it never had: the same JSON.
        let again = serde_json::to_value(&kind).unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<serde_json::Value>(old).unwrap()
        );
    }

    #[test]
    fn a_write_up_is_kept_as_written() {
        let json = r#"{"type":"LookedAfterReviewHeld","participation":"PN1","seen_and_heard":"Line one\nLine <two>","analysis":"Settled","recommendations":"Contact weekly","next_review_due":"2025-09-01"}"#;
        let kind: EventKind = serde_json::from_str(json).unwrap();
        assert_eq!(
            kind.write_up(),
            vec![
                ("seen_and_heard", "Line one\nLine <two>"),
                ("analysis", "Settled"),
                ("recommendations", "Contact weekly"),
            ]
        );
        for (field, _) in kind.write_up() {
            assert!(crate::catalogue::WRITE_UP.contains(&field), "{field}");
        }
    }

    #[test]
    fn an_unknown_field_in_a_write_up_is_refused() {
        let json = r#"{"type":"VisitMade","visit":"other","child_seen":true,"seen_alone":false,"observations":"x"}"#;
        assert!(serde_json::from_str::<EventKind>(json).is_err());
    }

    #[test]
    fn actions_are_agreed_and_done_and_a_done_one_is_not_done_twice() {
        let agreed = EventKind::ActionAgreed {
            what: "Ask the school about attendance".into(),
            owner: UserId(7),
            due: date(2025, 3, 10),
        };
        let done = EventKind::ActionDone {
            action: crate::events::EventId(1),
        };
        let events = vec![
            event(1, date(2025, 3, 1), agreed.clone()),
            event(2, date(2025, 3, 5), done.clone()),
        ];
        let record = ChildRecord::fold_all(&events).unwrap();
        assert_eq!(record.actions.len(), 1);
        assert_eq!(record.actions[0].owner, UserId(7));
        assert_eq!(
            record.actions[0].done.map(|m| m.date()),
            Some(date(2025, 3, 5))
        );

        let mut twice = events.clone();
        twice.push(event(3, date(2025, 3, 6), done));
        let refusal = ChildRecord::fold_all(&twice).unwrap_err();
        assert!(matches!(
            &refusal.problems[0].refused,
            Refused::Value {
                field: "action",
                ..
            }
        ));

        // Done before it was agreed: there was no such action then.
        let early = vec![
            event(1, date(2025, 3, 1), agreed),
            event(
                2,
                date(2025, 2, 1),
                EventKind::ActionDone {
                    action: crate::events::EventId(1),
                },
            ),
        ];
        assert!(ChildRecord::fold_all(&early).is_err());
    }

    #[test]
    fn an_action_due_before_it_was_agreed_is_refused_against_its_date() {
        let events = vec![event(
            1,
            date(2025, 3, 1),
            EventKind::ActionAgreed {
                what: "Visit".into(),
                owner: UserId(7),
                due: date(2025, 2, 1),
            },
        )];
        let refusal = ChildRecord::fold_all(&events).unwrap_err();
        assert!(matches!(
            &refusal.problems[0].refused,
            Refused::Value { field: "due", .. }
        ));
    }

    #[test]
    fn write_ups_are_gathered_for_search() {
        let events = vec![event(
            1,
            date(2025, 3, 1),
            EventKind::CaseNote {
                text: "Spoke to nan about bedtimes".into(),
                significant: false,
            },
        )];
        let record = ChildRecord::fold_all(&events).unwrap();
        assert_eq!(record.write_ups.len(), 1);
        assert!(record.write_ups[0].text.contains("bedtimes"));
    }
}
