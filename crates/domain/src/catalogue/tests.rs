use super::*;
use crate::events::EventKind;

/// Each kind's JSON type parses, with the least each needs.
fn built(name: &str) -> EventKind {
    crate::record::tests::one_of_every_kind()
        .into_iter()
        .find(|k| k.name() == name)
        .unwrap_or_else(|| panic!("{name} is not a kind of event"))
}

#[test]
fn every_kind_of_event_is_described_once() {
    let mut names = NAMES.to_vec();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), COUNT, "a kind is described twice");
    for name in NAMES {
        assert_eq!(built(name).name(), name);
    }
}

#[test]
fn the_fold_agrees_with_the_description_of_stage_and_timing() {
    for kind in KINDS {
        let event = built(kind.name);
        assert_eq!(event.stage(), kind.stage, "{}", kind.name);
        assert_eq!(event.is_timed(), kind.timed, "{}", kind.name);
    }
}

#[test]
fn every_described_field_is_a_field_of_the_event() {
    for kind in KINDS {
        let mut known: Vec<String> = Vec::new();
        // Fill every field, then ask the parser: a described field the
        // event does not have is refused as unknown.
        let mut object = serde_json::Map::new();
        object.insert("type".into(), kind.name.into());
        for field in kind.fields {
            let value: serde_json::Value = match field.input {
                Input::Check => true.into(),
                Input::Number | Input::EventRef(_) | Input::Person(_) => 1.into(),
                Input::Date => "2025-01-01".into(),
                Input::Postcode => "SW1A 1AA".into(),
                Input::Urn => "100000".into(),
                Input::Upn => "B801200005001".into(),
                Input::Text | Input::TextArea => "text".into(),
                Input::Code(o) => o()[0].0.into(),
                Input::Codes(o) => vec![o()[0].0].into(),
                Input::Choice(o) => o[0].0.into(),
                Input::Choices(o) => vec![o[0].0].into(),
            };
            match field.name.split_once('.') {
                None => {
                    object.insert(field.name.into(), value);
                }
                Some((outer, inner)) => {
                    let entry = object
                        .entry(outer)
                        .or_insert_with(|| serde_json::Map::new().into());
                    entry.as_object_mut().unwrap().insert(inner.into(), value);
                }
            }
            known.push(field.name.into());
        }
        if kind.name == "Amended" {
            object.insert("event".into(), serde_json::json!({"type": "DentalCheck"}));
        }
        // Ids of people and teams are written as strings of digits.
        for id in [
            "iro",
            "adviser",
            "supervisor",
            "worker",
            "team",
            "relative",
            "owner",
        ] {
            if let Some(v) = object.get_mut(id) {
                *v = "1".into();
            }
        }
        let json = serde_json::Value::Object(object).to_string();
        let event = crate::events::Event::from_json(&format!(
            r#"{{"schema":1,"id":1,"on":"2025-01-01T10:00","recorded_by":"u1","recorded_at":"2025-01-01T10:00:00Z","event":{json}}}"#
        ));
        assert!(
            event.is_ok(),
            "{}: {:?} ({known:?})",
            kind.name,
            event.err()
        );
    }
}
