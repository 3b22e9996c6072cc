//! `/children/{id}/record`: a form for every kind of event in the ledger.
//!
//! Each kind's fields come from the one description of each kind of event
//! ([`hearth_domain::catalogue`]). The form's values become the
//! event's JSON and go through the ledger's own parser and the fold's
//! checks, so a form can accept nothing the ledger would refuse; every
//! problem is shown in the GOV.UK error summary against its field.
//! (Allocation has the team page; amending and voiding, the corrections
//! pages in [`crate::corrections`], which use the same field table.)

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::{AppError, events};
use hearth_domain::catalogue::{self, Field, Input, Kind, Options};
use hearth_domain::events::{Event, EventKind, Stage, When};
use hearth_domain::keys::ChildId;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::AppState;
use crate::date_input::{self, DateField, DateParts};
use crate::error::Ids;
use crate::error::WebError;
use crate::session::SignedIn;
use crate::{error_for, form_status, html, words};

/// The kinds the record form offers: all but allocation (the team page
/// makes it, and checks the worker's team), the corrections (their own
/// pages, from the chronology) and documents (attached with their file).
pub(crate) fn kind(name: &str) -> Option<&'static Kind> {
    catalogue::kind(name).filter(|k| on_the_form(k))
}

fn on_the_form(kind: &Kind) -> bool {
    kind.stage != Stage::Corrections
        && !matches!(
            kind.name,
            "Allocated" | "AllocatedToTeam" | "DocumentAttached"
        )
}

/// A field as the template draws it.
pub struct FieldView {
    pub id: String,
    /// A date field's boxes.
    pub date: DateParts,
    pub name: &'static str,
    pub label: &'static str,
    pub control: &'static str,
    pub value: String,
    pub checked: bool,
    pub options: Vec<(String, String, bool)>,
    pub error: Option<String>,
}

#[derive(Template)]
#[template(path = "record.html")]
struct RecordPage {
    id: i64,
    child: String,
    kinds: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
    chosen: Option<(&'static str, &'static str)>,
    timed: bool,
    on: DateParts,
    on_error: Option<String>,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

fn dom_id(name: &str) -> String {
    name.replace('.', "-")
}

pub(crate) fn field_views(
    kind: &Kind,
    values: &[(String, String)],
    events: &[Event],
    choosable: &[events::Choosable],
    errors: &[(String, String)],
) -> Vec<FieldView> {
    let all = |name: &str| {
        values
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect::<Vec<_>>()
    };
    kind.fields
        .iter()
        .map(|field| {
            let given = all(field.name);
            let first = given.first().cloned().unwrap_or_default();
            let pick = |list: Vec<(String, String)>| -> Vec<(String, String, bool)> {
                list.into_iter()
                    .map(|(v, l)| {
                        let on = given.contains(&v);
                        (v, l, on)
                    })
                    .collect()
            };
            let codes = |o: Options| {
                o().into_iter()
                    .map(|(c, d)| (c.to_owned(), format!("{c}: {d}")))
                    .collect::<Vec<_>>()
            };
            let fixed = |o: &[(&str, &str)]| {
                o.iter()
                    .map(|(v, l)| ((*v).to_owned(), (*l).to_owned()))
                    .collect::<Vec<_>>()
            };
            let (control, options) = match field.input {
                Input::Text | Input::Postcode | Input::Urn | Input::Upn => ("text", Vec::new()),
                Input::TextArea => ("textarea", Vec::new()),
                Input::Check => ("check", Vec::new()),
                Input::Number => ("number", Vec::new()),
                Input::Date => ("date", Vec::new()),
                Input::Code(o) => ("select", pick(codes(o))),
                Input::Codes(o) => ("multi", pick(codes(o))),
                Input::Choice(o) => ("select", pick(fixed(o))),
                Input::Choices(o) => ("multi", pick(fixed(o))),
                Input::EventRef(target) => (
                    "select",
                    pick(
                        events
                            .iter()
                            .filter(|e| e.event.name() == target)
                            .map(|e| {
                                let label = match &e.event {
                                    // An action is known by what it is.
                                    EventKind::ActionAgreed { what, due, .. } => format!(
                                        "{what} (agreed {}, due {})",
                                        words::when(e.on),
                                        words::date(*due)
                                    ),
                                    other => {
                                        let when = words::when(e.on);
                                        match crate::children::family::reference_label(other) {
                                            Some(who) => {
                                                format!("{who}, {when} (event {})", e.id.0)
                                            }
                                            None => format!("{when} (event {})", e.id.0),
                                        }
                                    }
                                };
                                (e.id.0.to_string(), label)
                            })
                            .collect(),
                    ),
                ),
                Input::Person(chooses) => (
                    "select",
                    pick(
                        choosable
                            .iter()
                            .filter(|c| chooses.may_be(c.role))
                            .map(|c| (c.user.to_string(), c.label.clone()))
                            .collect(),
                    ),
                ),
            };
            FieldView {
                date: DateParts::of(values, field.name),
                id: dom_id(field.name),
                name: field.name,
                label: field.label,
                control,
                checked: first == "yes",
                value: first,
                options,
                error: errors
                    .iter()
                    .find(|(n, _)| n == field.name)
                    .map(|(_, m)| m.clone()),
            }
        })
        .collect()
}

fn groups() -> Vec<(&'static str, Vec<(&'static str, &'static str)>)> {
    let mut out: Vec<(&'static str, Vec<(&'static str, &'static str)>)> = Vec::new();
    for k in catalogue::KINDS.iter().filter(|k| on_the_form(k)) {
        let stage = k.stage.label();
        match out.iter_mut().find(|(s, _)| *s == stage) {
            Some((_, list)) => list.push((k.name, k.label)),
            None => out.push((stage, vec![(k.name, k.label)])),
        }
    }
    out
}

#[derive(Deserialize)]
pub struct Chosen {
    #[serde(default)]
    kind: String,
}

#[allow(clippy::too_many_arguments)]
async fn page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    chosen: Option<&'static Kind>,
    on: DateParts,
    values: &[(String, String)],
    errors: Vec<(String, String)>,
) -> Response {
    let view = match events::for_recording(&user.ctx(state), ChildId(id)).await {
        Ok(v) => v,
        Err(error) => {
            return WebError {
                error,
                request_id: user.request_id.clone(),
            }
            .into_response();
        }
    };
    let d = &view.child.details;
    let fields = chosen
        .map(|k| field_views(k, values, &view.events, &view.choosable, &errors))
        .unwrap_or_default();
    let status = form_status(&errors);
    let page = RecordPage {
        id,
        child: format!("{} {}", d.given_name, d.family_name),
        kinds: groups(),
        chosen: chosen.map(|k| (k.name, k.label)),
        timed: chosen.is_some_and(|k| k.timed),
        on,
        on_error: error_for(&errors, "on"),
        fields,
        errors,
        signed_in: user.who(),
    };
    (status, html(&page)).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(q): Query<Chosen>,
    user: SignedIn,
) -> Response {
    let chosen = kind(&q.kind);
    // Now, in England: a time later than now would be refused (a fact
    // has happened), so a timed form starts at the current minute.
    let now = crate::now_local(&state);
    let on = if chosen.is_some_and(|k| k.timed) {
        now.to_string()
    } else {
        now.date().to_string()
    };
    page(
        &state,
        &user,
        id,
        chosen,
        DateParts::from_text(&on),
        &[],
        Vec::new(),
    )
    .await
}

/// Builds the event's JSON from the form; every problem names its field.
pub(crate) fn to_event(
    kind: &Kind,
    values: &[(String, String)],
) -> Result<EventKind, Vec<(String, String)>> {
    let mut errors = Vec::new();
    let mut object = Map::new();
    object.insert("type".into(), Value::String(kind.name.into()));
    for field in kind.fields {
        let given: Vec<&str> = values
            .iter()
            .filter(|(k, _)| k == field.name)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
            .collect();
        if let Some(message) = not_one_of(field, &given) {
            errors.push((field.name.to_owned(), message));
            continue;
        }
        let value = match field.input {
            Input::Check => Some(Value::Bool(given.first() == Some(&"yes"))),
            Input::Codes(_) | Input::Choices(_) => (!given.is_empty()).then(|| {
                Value::Array(
                    given
                        .iter()
                        .map(|v| Value::String((*v).to_owned()))
                        .collect(),
                )
            }),
            Input::Number => match given.first() {
                Some(v) => match v.parse::<u64>() {
                    Ok(n) => Some(Value::from(n)),
                    Err(_) => {
                        errors.push((
                            field.name.to_owned(),
                            format!("{} must be a whole number", field.label),
                        ));
                        continue;
                    }
                },
                None => None,
            },
            Input::EventRef(_) | Input::Person(_) => match given.first() {
                Some(v) => match v.parse::<u64>() {
                    Ok(n) => Some(Value::from(n)),
                    Err(_) => {
                        errors.push((
                            field.name.to_owned(),
                            format!("Select the {}", field.label.to_lowercase()),
                        ));
                        continue;
                    }
                },
                None => None,
            },
            _ => given.first().map(|v| Value::String((*v).to_owned())),
        };
        match value {
            Some(v) => {
                let (outer, inner) = field
                    .name
                    .split_once('.')
                    .map_or((field.name, None), |(o, i)| (o, Some(i)));
                match inner {
                    None => {
                        object.insert(outer.to_owned(), v);
                    }
                    Some(inner) => {
                        if let Value::Object(m) = object
                            .entry(outer.to_owned())
                            .or_insert_with(|| Value::Object(Map::new()))
                        {
                            m.insert(inner.to_owned(), v);
                        }
                    }
                }
            }
            None if field.required => {
                let verb = match field.input {
                    Input::Text
                    | Input::Postcode
                    | Input::Urn
                    | Input::Upn
                    | Input::TextArea
                    | Input::Number
                    | Input::Date => "Enter",
                    _ => "Select",
                };
                errors.push((
                    field.name.to_owned(),
                    format!("{verb} the {}", field.label.to_lowercase()),
                ));
            }
            None => {}
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    // Every value has been checked against its field above, so the parser
    // refuses only what no one field shows (a combination); its message goes
    // against the first field.
    serde_json::from_value::<EventKind>(Value::Object(object)).map_err(|e| {
        let field = kind.fields.first().map_or("on", |f| f.name);
        vec![(field.to_owned(), e.to_string())]
    })
}

/// Why a field's given values are not ones it takes, if they are not: a
/// code or choice from outside its list, or a postcode that is not one.
fn not_one_of(field: &Field, given: &[&str]) -> Option<String> {
    let allowed = |keys: Vec<&str>| {
        given
            .iter()
            .find(|v| !keys.contains(v))
            .map(|v| format!("{v:?} is not one of the {}", field.label.to_lowercase()))
    };
    match field.input {
        Input::Code(o) | Input::Codes(o) => allowed(o().iter().map(|(k, _)| *k).collect()),
        Input::Choice(o) | Input::Choices(o) => allowed(o.iter().map(|(k, _)| *k).collect()),
        Input::Postcode => given
            .iter()
            .find_map(|v| hearth_domain::ids::Postcode::parse(v).err())
            .map(|e| e.to_string()),
        Input::Urn => given
            .iter()
            .find_map(|v| hearth_domain::ids::Urn::parse(v).err())
            .map(|e| e.to_string()),
        Input::Upn => given
            .iter()
            .find_map(|v| hearth_domain::ids::Upn::parse(v).err())
            .map(|e| e.to_string()),
        _ => None,
    }
}

/// Gathers the form's date boxes (the event's date, and any date fields of
/// its kind) into the text the ledger reads; why any are not dates.
pub(crate) fn gather_dates(
    kind: &Kind,
    values: &mut Vec<(String, String)>,
) -> Vec<(String, String)> {
    let mut fields = vec![DateField {
        name: "on",
        label: "The date",
        timed: kind.timed,
    }];
    fields.extend(
        kind.fields
            .iter()
            .filter(|f| matches!(f.input, Input::Date))
            .map(|f| DateField {
                name: f.name,
                label: f.label,
                timed: false,
            }),
    );
    date_input::gather(values, &fields)
}

/// The event's date, or date and time where the ledger needs one.
pub(crate) fn parse_on(kind: &Kind, text: &str) -> Result<When, &'static str> {
    if kind.timed {
        // The time matters here (return interviews are due in 72 hours), so
        // a bare date is not taken as midnight.
        text.contains('T')
            .then(|| text.parse::<jiff::civil::DateTime>().ok())
            .flatten()
            .map(When::DateTime)
            .ok_or("Enter the date and time as YYYY-MM-DDTHH:MM, for example 2025-03-03T21:30")
    } else {
        text.parse::<jiff::civil::Date>()
            .map(When::Date)
            .map_err(|_| "Enter the date as YYYY-MM-DD, for example 2025-03-03")
    }
}

/// An event's values as the form gives them: the inverse of [`to_event`],
/// so a correction form opens with what the record says now.
pub(crate) fn values_of(kind: &Kind, event: &EventKind) -> Vec<(String, String)> {
    let json = serde_json::to_value(event).unwrap_or(Value::Null);
    let mut values = Vec::new();
    for field in kind.fields {
        let value = field.name.split('.').try_fold(&json, |v, part| v.get(part));
        let texts: Vec<String> = match value {
            Some(Value::Bool(true)) => vec!["yes".to_owned()],
            Some(Value::String(s)) => vec![s.clone()],
            Some(Value::Number(n)) => vec![n.to_string()],
            Some(Value::Array(list)) => list
                .iter()
                .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_owned))
                .collect(),
            _ => Vec::new(),
        };
        values.extend(texts.into_iter().map(|t| (field.name.to_owned(), t)));
    }
    values
}

pub async fn submit(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(q): Query<Chosen>,
    user: SignedIn,
    body: axum::body::Bytes,
) -> Response {
    let Some(chosen) = kind(&q.kind) else {
        return page(
            &state,
            &user,
            id,
            None,
            DateParts::default(),
            &[],
            vec![("kind".into(), "Choose what to record".into())],
        )
        .await;
    };
    // Repeated keys (several factors or agencies) are kept.
    let mut values: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let date_errors = gather_dates(chosen, &mut values);
    let values = values;
    let on_text = values
        .iter()
        .find(|(k, _)| k == "on")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    let on = parse_on(chosen, &on_text);
    let event = to_event(chosen, &values);
    let on_parts = DateParts::of(&values, "on");
    let (on, event) = match (on, event, date_errors.is_empty()) {
        (Ok(on), Ok(event), true) => (on, event),
        (on, event, _) => {
            // A date's boxes that are not a date say why; not also that
            // the date is missing.
            let mut errors = date_errors.clone();
            let said = |f: &str| date_errors.iter().any(|(n, _)| n == f);
            if let Err(m) = on
                && !said("on")
            {
                errors.push(("on".to_owned(), m.to_owned()));
            }
            if let Err(more) = event {
                errors.extend(more.into_iter().filter(|(f, _)| !said(f)));
            }
            return page(&state, &user, id, Some(chosen), on_parts, &values, errors).await;
        }
    };
    match events::record(&user.ctx(&state), ChildId(id), on, event).await {
        Ok(_) => Redirect::to(&format!("/children/{id}?saved=event")).into_response(),
        Err(AppError::Refused(r)) => {
            let errors = crate::error::refusal_errors(r, &chosen.field_names(), "on");
            page(
                &state,
                &user,
                id,
                Some(chosen),
                on_parts.clone(),
                &values,
                errors,
            )
            .await
        }
        // A relationship refused: the message names its field.
        Err(AppError::Invalid(m)) => {
            let errors = crate::error::field_errors(&m, "on");
            page(
                &state,
                &user,
                id,
                Some(chosen),
                on_parts.clone(),
                &values,
                errors,
            )
            .await
        }
        Err(error) => WebError {
            error,
            request_id: user.request_id,
        }
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_event_but_allocation_and_corrections_has_a_form() {
        let covered: Vec<&str> = catalogue::KINDS
            .iter()
            .filter(|k| on_the_form(k))
            .map(|k| k.name)
            .collect();
        let mut dupes = covered.clone();
        dupes.sort_unstable();
        dupes.dedup();
        assert_eq!(dupes.len(), covered.len(), "a kind is listed twice");
        // Each kind's empty form, with its required fields filled with the
        // first option, parses as that kind (so the field names are right).
        for k in catalogue::KINDS.iter().filter(|k| on_the_form(k)) {
            let values = filled(k);
            let event = to_event(k, &values).unwrap_or_else(|e| panic!("{}: {e:?}", k.name));
            assert_eq!(event.name(), k.name);
        }
        let own_page = [
            "Allocated",
            "AllocatedToTeam",
            "Amended",
            "Voided",
            "DocumentAttached",
        ];
        for name in own_page {
            assert!(kind(name).is_none(), "{name} has its own page");
        }
        for name in EventKind::NAMES {
            assert!(
                kind(name).is_some() || own_page.contains(name),
                "{name} has no form"
            );
        }
    }

    /// Every field of every kind, filled in (required or not).
    fn filled(k: &Kind) -> Vec<(String, String)> {
        k.fields
            .iter()
            .map(|field| {
                let v = match field.input {
                    Input::Postcode => "SW1A 1AA".to_owned(),
                    Input::Urn => "100000".to_owned(),
                    Input::Upn => "B801200005001".to_owned(),
                    Input::Text | Input::TextArea => "text".to_owned(),
                    Input::Check => "yes".to_owned(),
                    Input::Number | Input::EventRef(_) | Input::Person(_) => "1".to_owned(),
                    Input::Date => "2025-01-01".to_owned(),
                    Input::Code(o) | Input::Codes(o) => o()[0].0.to_owned(),
                    Input::Choice(o) | Input::Choices(o) => o[0].0.to_owned(),
                };
                (field.name.to_owned(), v)
            })
            .collect()
    }

    #[test]
    fn a_correction_form_opens_with_what_the_event_says() {
        for k in catalogue::KINDS.iter().filter(|k| on_the_form(k)) {
            let values = filled(k);
            let event = to_event(k, &values).unwrap_or_else(|e| panic!("{}: {e:?}", k.name));
            let back = values_of(k, &event);
            assert_eq!(
                to_event(k, &back).unwrap_or_else(|e| panic!("{}: {e:?}", k.name)),
                event,
                "{}: {back:?}",
                k.name
            );
            // Every value the event carries has a field, so an amendment
            // cannot silently drop one.
            let json = serde_json::to_value(&event).unwrap();
            for (key, v) in json.as_object().unwrap() {
                let nested: Vec<String> = match v {
                    Value::Object(m) => m.keys().map(|i| format!("{key}.{i}")).collect(),
                    _ => vec![key.clone()],
                };
                for name in nested.iter().filter(|n| *n != "type") {
                    assert!(
                        k.fields.iter().any(|f| f.name == name),
                        "{}: {name} has no field",
                        k.name
                    );
                }
            }
        }
        let k = kind("AssessmentAuthorised").unwrap();
        let event = to_event(
            k,
            &[
                ("factors".into(), "2B".into()),
                ("factors".into(), "3B".into()),
                ("outcome".into(), "early_help".into()),
            ],
        )
        .unwrap();
        let values = values_of(k, &event);
        assert!(
            values.contains(&("factors".into(), "3B".into())),
            "{values:?}"
        );
        assert!(
            !values.iter().any(|(n, _)| n == "child_seen"),
            "an unticked box gives no value"
        );
    }

    #[test]
    fn a_value_the_ledger_refuses_is_named_against_its_field() {
        let k = kind("PlacementChanged").unwrap();
        let values = [
            ("placement.placement_type".to_owned(), "U1".to_owned()),
            ("placement.postcode".to_owned(), "not a postcode".to_owned()),
        ];
        let errors = to_event(k, &values).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "placement.postcode", "{errors:?}");
    }

    #[test]
    fn missing_and_malformed_fields_are_named() {
        let k = kind("Matched").unwrap();
        let errors = to_event(k, &[("number_of_adopters".into(), "two".into())]).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["adopter_sex", "adopter_legal_status", "number_of_adopters"]
        );
        assert_eq!(errors[0].1, "Select the adopters");
        assert_eq!(errors[2].1, "Number of adopters must be a whole number");
    }

    #[test]
    fn a_code_from_outside_its_list_is_named_against_its_field() {
        let k = kind("PlacementChanged").unwrap();
        let values = [
            ("placement.placement_type".to_owned(), "U1".to_owned()),
            ("reason".to_owned(), "NOT-A-REASON".to_owned()),
        ];
        let errors = to_event(k, &values).unwrap_err();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].0, "reason", "{errors:?}");
        assert!(errors[0].1.contains("NOT-A-REASON"), "{errors:?}");
    }

    #[test]
    fn the_folds_refusal_is_put_against_the_field_it_names() {
        use hearth_domain::events::{Event, EventKind, VisitKind};
        use hearth_domain::record::ChildRecord;
        let k = kind("VisitMade").unwrap();
        let seen_alone_unseen = Event::new(
            1,
            jiff::civil::date(2025, 1, 6),
            "u1",
            "2025-01-06T10:00:00Z".parse().unwrap(),
            EventKind::VisitMade {
                seen_and_heard: None,
                analysis: None,
                visit: VisitKind::Other,
                child_seen: false,
                seen_alone: true,
                child_views: None,
            },
        );
        let refusal = ChildRecord::fold_all(&[seen_alone_unseen]).unwrap_err();
        let errors = crate::error::refusal_errors(refusal.clone(), &k.field_names(), "on");
        assert_eq!(errors[0].0, "seen_alone", "{errors:?}");
        // A form without that field puts it against the fallback.
        let errors = crate::error::refusal_errors(refusal, &["on"], "on");
        assert_eq!(errors[0].0, "on", "{errors:?}");
    }
}
