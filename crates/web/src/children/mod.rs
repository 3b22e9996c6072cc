//! A child's record: what is due first and a case summary, and recording a
//! visit; the chronology ([`chronology`]) and "who has looked at this
//! record" ([`access_log`]) have modules of their own.

mod access_log;
pub(crate) mod attachments;
pub(crate) mod chronology;
pub(crate) mod family;
mod return_checks;

pub use access_log::access;
pub(crate) use access_log::{access_action, person, when};
pub(crate) use chronology::{Entry, entry};
pub use chronology::{chronology, export_chronology, print_chronology};

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::views::StoredObligation;
use hearth_app::{AppError, children, events};
use hearth_domain::codes::{LegalStatus, PlacementType};
use hearth_domain::events::{EventKind, VisitKind, When};
use hearth_domain::keys::ChildId;
use hearth_domain::record::{ChildRecord, InterviewOutcome, corrected};
use hearth_domain::timescales::{Rule, Status};
use serde::Deserialize;

use crate::AppState;
use crate::date_input::{self, DateField, DateParts};
use crate::error::Ids;
use crate::error::WebError;
use crate::session::SignedIn;
use crate::{form_status, html, words};

/// A clock as shown: what is due, by when, what meets it, and where it
/// stands today.
pub struct Clock {
    /// For the overdue tag's links.
    pub anchor: String,
    pub rule: String,
    pub met_by: &'static str,
    pub due: String,
    pub met: String,
    pub status: &'static str,
    pub tag: &'static str,
}

/// How a return interview clock was met (held, or offered and declined),
/// from the record; `None` for any other clock, or one not met.
pub(crate) fn interview_outcome(
    o: &StoredObligation,
    record: Option<&ChildRecord>,
) -> Option<InterviewOutcome> {
    if o.rule != Rule::ReturnInterview.id() {
        return None;
    }
    let event = hearth_domain::events::EventId(u64::try_from(o.met_by?).ok()?);
    record?.interview_outcome(event)
}

fn clock(o: &StoredObligation, record: Option<&ChildRecord>, now: When, n: usize) -> Clock {
    let declined = interview_outcome(o, record) == Some(InterviewOutcome::OfferedDeclined);
    let (status, tag) = match o.status(now) {
        // The duty (to offer one) is met, but the child was not heard.
        Status::Met | Status::MetLate if declined => ("Offered, declined", "govuk-tag--grey"),
        Status::Met => ("Met", "govuk-tag--green"),
        Status::MetLate => ("Met late", "govuk-tag--yellow"),
        // Overdue because the duty ended unmet: missed, not still to do.
        Status::Overdue if o.ended.is_some() => ("Missed", "govuk-tag--red"),
        Status::Overdue => ("Overdue", "govuk-tag--red"),
        Status::Due => ("Due", "govuk-tag--blue"),
        Status::BeyondCalendar => ("Beyond the calendar", "govuk-tag--grey"),
    };
    let rule = Rule::from_id(&o.rule);
    Clock {
        anchor: format!("clock-{n}"),
        rule: rule.map_or_else(|| o.rule.replace('_', " "), |r| r.label().to_owned()),
        met_by: rule.map_or("", Rule::met_by),
        // With its time where the clock is counted in hours.
        due: words::due(&o.due_on),
        met: o
            .met_on
            .as_deref()
            .map(words::date_text)
            .unwrap_or_default(),
        status,
        tag,
    }
}

/// Whether a clock is still to be met: not met, and its duty not ended.
fn open(o: &StoredObligation) -> bool {
    o.met_on.is_none() && o.ended.is_none()
}

/// The clocks as the child page shows them: the open ones, most urgent
/// (earliest due) first; then the rest, newest first, for the history.
fn clocks(
    obligations: &[StoredObligation],
    record: Option<&ChildRecord>,
    now: When,
) -> (Vec<Clock>, Vec<Clock>) {
    let mut open_ones: Vec<&StoredObligation> = obligations.iter().filter(|o| open(o)).collect();
    // A clock beyond the calendar has no date: after every dated one.
    open_ones.sort_by_key(|o| (o.due_date.is_none(), o.due_date));
    let mut history: Vec<&StoredObligation> = obligations.iter().filter(|o| !open(o)).collect();
    history.sort_by_key(|o| std::cmp::Reverse((o.due_date.is_none(), o.due_date)));
    let open_ones = open_ones
        .into_iter()
        .enumerate()
        .map(|(n, o)| clock(o, record, now, n))
        .collect();
    let history = history
        .into_iter()
        .enumerate()
        .map(|(n, o)| clock(o, record, now, 10_000 + n))
        .collect();
    (open_ones, history)
}

/// The case at a glance: one row of the summary list.
pub struct Fact {
    pub key: &'static str,
    pub value: String,
}

/// What the record holds, in words: stage, legal order, placement, and
/// who works with the child.
fn summary(view: &children::ChildView, today: jiff::civil::Date) -> Vec<Fact> {
    let d = &view.child.details;
    let mut facts = vec![Fact {
        key: "Date of birth",
        value: d
            .date_of_birth
            .map(words::date)
            .unwrap_or_else(|| "Not known".into()),
    }];
    let summary = view.summary.as_ref();
    facts.push(Fact {
        key: "Stage",
        value: summary.map_or_else(|| "No open case".to_owned(), |s| words::stage(&s.status)),
    });
    if let Some(ls) = summary
        .and_then(|s| s.legal_status.as_deref())
        .and_then(|c| LegalStatus::from_code(c).ok())
    {
        facts.push(Fact {
            key: "Legal status",
            value: ls.in_words(),
        });
    }
    if let Some(pt) = summary
        .and_then(|s| s.placement_type.as_deref())
        .and_then(|c| PlacementType::from_code(c).ok())
    {
        facts.push(Fact {
            key: "Placement",
            value: pt.in_words(),
        });
    }
    let people = &view.people;
    let record = view.record.as_ref();
    facts.push(Fact {
        key: "Allocated worker",
        value: summary
            .and_then(|s| s.allocated_worker.as_deref())
            .and_then(|w| w.parse().ok())
            .map_or_else(|| "Not allocated".to_owned(), |w| people.user(w)),
    });
    let looked_after = record.is_some_and(ChildRecord::is_looked_after);
    if let Some(iro) = record.and_then(|r| r.iro_user).filter(|_| looked_after) {
        facts.push(Fact {
            key: "Independent reviewing officer",
            value: people.user(iro),
        });
    }
    if let Some(pa) = record
        .and_then(|r| r.personal_adviser_user)
        .filter(|_| record.is_some_and(|r| r.care_leaver_status(today).is_some()))
    {
        facts.push(Fact {
            key: "Personal adviser",
            value: people.user(pa),
        });
    }
    facts.extend(family::summary(record));
    facts
}

/// The kind of visit the child's stage needs, so the quick form starts on
/// the visit that meets the clock that is running (a looked-after child's
/// visit is a looked-after visit).
fn visit_for(record: Option<&ChildRecord>, today: jiff::civil::Date) -> &'static str {
    let Some(r) = record else {
        return "other";
    };
    if r.is_looked_after() {
        "looked_after"
    } else if r.open_protection_plan().is_some() {
        "child_protection"
    } else if r
        .private_fostering
        .last()
        .is_some_and(|p| p.ended.is_none())
    {
        "private_fostering"
    } else if r.open_episode().is_some() {
        "child_in_need"
    } else if r.care_leaver_status(today).is_some() {
        "care_leaver"
    } else {
        "other"
    }
}

#[derive(Template)]
#[template(path = "child.html")]
struct ChildPage {
    id: i64,
    name: String,
    la_child_id: String,
    facts: Vec<Fact>,
    restricted: bool,
    /// Seen through break-glass: every view is reported.
    break_glass: bool,
    /// Clocks still to be met, most urgent first.
    clocks: Vec<Clock>,
    /// Met, missed and ended clocks, newest first.
    history: Vec<Clock>,
    recent: Vec<Entry>,
    /// Documents attached, newest first.
    documents: Vec<attachments::DocumentRow>,
    may_see_access_log: bool,
    /// What was just saved, for the success banner.
    saved: Option<&'static str>,
    form: VisitForm,
    /// Home, family and network.
    family: family::Section,
    /// What the DfE's rules for the returns find in the record.
    return_checks: return_checks::Section,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

impl VisitForm {
    /// The form's date fields as name and value.
    fn date_values(&self) -> Vec<(String, String)> {
        let mut values = vec![("on".to_owned(), self.on.clone())];
        for (name, part) in [
            ("on-day", &self.on_day),
            ("on-month", &self.on_month),
            ("on-year", &self.on_year),
        ] {
            values.extend(part.clone().map(|v| (name.to_owned(), v)));
        }
        values
    }

    /// The date boxes as typed, or as the default date.
    pub fn on_parts(&self) -> DateParts {
        DateParts::of(&self.date_values(), "on")
    }
}

impl ChildPage {
    fn overdue(&self) -> Vec<&Clock> {
        self.clocks
            .iter()
            .filter(|c| c.status == "Overdue")
            .collect()
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct VisitForm {
    #[serde(default)]
    pub on: String,
    #[serde(default, rename = "on-day")]
    pub on_day: Option<String>,
    #[serde(default, rename = "on-month")]
    pub on_month: Option<String>,
    #[serde(default, rename = "on-year")]
    pub on_year: Option<String>,
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub child_seen: String,
    #[serde(default)]
    pub seen_alone: String,
    #[serde(default)]
    pub child_views: String,
    /// The worker's write-up: what was seen and heard.
    #[serde(default)]
    pub seen_and_heard: String,
    #[serde(default)]
    pub analysis: String,
}

pub(super) fn web(error: AppError, user: &SignedIn) -> Response {
    WebError {
        error,
        request_id: user.request_id.clone(),
    }
    .into_response()
}

/// What the address says was just saved (`?saved=visit`).
#[derive(Deserialize, Default)]
pub struct Saved {
    #[serde(default)]
    saved: String,
}

impl Saved {
    /// The banner's words for what was saved; nothing for anything else.
    fn banner(&self) -> Option<&'static str> {
        match self.saved.as_str() {
            "visit" => Some("The visit has been recorded"),
            "event" => Some("The event has been recorded"),
            "amended" => Some("The event has been amended"),
            "voided" => Some("The event has been voided"),
            "document" => Some("The document has been attached"),
            _ => None,
        }
    }
}

async fn child_page(
    state: &AppState,
    user: &SignedIn,
    id: i64,
    form: Option<VisitForm>,
    errors: Vec<(String, String)>,
    saved: Option<&'static str>,
) -> Response {
    let today = crate::today(state);
    let view = match children::view(&user.ctx(state), ChildId(id)).await {
        Ok(v) => v,
        Err(e) => return web(e, user),
    };
    let family = match family::section(&user.ctx(state), &view).await {
        Ok(f) => f,
        Err(e) => return web(e, user),
    };
    let d = &view.child.details;
    let (clocks, history) = clocks(
        &view.obligations,
        view.record.as_ref(),
        crate::now_local(state),
    );
    let form = form.unwrap_or_else(|| VisitForm {
        on: today.to_string(),
        kind: visit_for(view.record.as_ref(), today).into(),
        ..VisitForm::default()
    });
    let page = ChildPage {
        id,
        name: format!("{} {}", d.given_name, d.family_name),
        la_child_id: d.la_child_id.as_str().to_owned(),
        facts: summary(&view, today),
        restricted: d.restricted.is_some(),
        break_glass: view.basis == hearth_domain::access::Basis::BreakGlass,
        clocks,
        history,
        recent: {
            let all = corrected(&view.events);
            all.iter()
                .rev()
                .take(10)
                .map(|c| entry(c, &all, &view.people))
                .collect()
        },
        documents: attachments::documents(&view.events, &view.people),
        may_see_access_log: view.may_see_access_log,
        saved,
        form,
        return_checks: return_checks::section(&view, today),
        family,
        errors,
        signed_in: user.who(),
    };
    (form_status(&page.errors), html(&page)).into_response()
}

pub async fn show(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(saved): Query<Saved>,
    user: SignedIn,
) -> Response {
    child_page(&state, &user, id, None, Vec::new(), saved.banner()).await
}

/// Parses the visit form; every problem names its field.
fn parse_visit(form: &VisitForm) -> Result<(When, EventKind), Vec<(String, String)>> {
    let mut values = form.date_values();
    let mut errors = date_input::gather(
        &mut values,
        &[DateField {
            name: "on",
            label: "Date of the visit",
            timed: false,
        }],
    );
    let text = values
        .iter()
        .find(|(k, _)| k == "on")
        .map_or("", |(_, v)| v.trim());
    let on = match text.parse::<jiff::civil::Date>() {
        Ok(d) => Some(d),
        Err(_) if errors.is_empty() => {
            errors.push((
                "on".into(),
                "Enter the date of the visit, for example 3 3 2025".into(),
            ));
            None
        }
        Err(_) => None,
    };
    let kind = match form.kind.as_str() {
        "child_in_need" => Some(VisitKind::ChildInNeed),
        "child_protection" => Some(VisitKind::ChildProtection),
        "looked_after" => Some(VisitKind::LookedAfter),
        "care_leaver" => Some(VisitKind::CareLeaver),
        "private_fostering" => Some(VisitKind::PrivateFostering),
        "other" => Some(VisitKind::Other),
        _ => {
            errors.push(("kind".into(), "Select the kind of visit".into()));
            None
        }
    };
    let seen = form.child_seen == "yes";
    let alone = form.seen_alone == "yes";
    if alone && !seen {
        errors.push((
            "seen_alone".into(),
            "The child cannot be seen alone without being seen".into(),
        ));
    }
    match (on, kind, errors.is_empty()) {
        (Some(on), Some(visit), true) => {
            // Kept as written, without the blank lines a form adds around it.
            let given = |text: &str| {
                let text = text.trim();
                (!text.is_empty()).then(|| text.to_owned())
            };
            let views = form.child_views.trim();
            Ok((
                When::Date(on),
                EventKind::VisitMade {
                    seen_and_heard: given(&form.seen_and_heard),
                    analysis: given(&form.analysis),
                    visit,
                    child_seen: seen,
                    seen_alone: alone,
                    child_views: (!views.is_empty()).then(|| views.to_owned()),
                },
            ))
        }
        _ => Err(errors),
    }
}

pub async fn record_visit(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    user: SignedIn,
    Form(form): Form<VisitForm>,
) -> Response {
    let (on, kind) = match parse_visit(&form) {
        Ok(v) => v,
        Err(errors) => return child_page(&state, &user, id, Some(form), errors, None).await,
    };
    match events::record(&user.ctx(&state), ChildId(id), on, kind).await {
        Ok(_) => Redirect::to(&format!("/children/{id}?saved=visit")).into_response(),
        Err(AppError::Refused(r)) => {
            let errors = crate::error::refusal_errors(
                r,
                &["on", "kind", "child_seen", "seen_alone", "child_views"],
                "on",
            );
            child_page(&state, &user, id, Some(form), errors, None).await
        }
        Err(e) => web(e, &user),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_app::people::People;

    #[test]
    fn a_chronology_entry_leaves_out_what_was_not_given() {
        let kind: EventKind = serde_json::from_value(serde_json::json!({
            "type": "AssessmentAuthorised",
            "factors": ["2B", "3B"],
            "child_seen": true,
            "seen_alone": false,
            "outcome": "early_help",
        }))
        .unwrap();
        let detail = words::detail(&kind, &People::default());
        assert!(detail.starts_with("Child seen. Factors: "), "{detail}");
        assert!(
            detail.contains("(2B)") && detail.contains("(3B)"),
            "{detail}"
        );
        assert!(detail.ends_with("Outcome: early help"), "{detail}");
        let kind: EventKind = serde_json::from_value(serde_json::json!({
            "type": "PlacementChanged",
            "placement": {"placement_type": "U1"},
        }))
        .unwrap();
        let detail = words::detail(&kind, &People::default());
        assert!(
            detail.starts_with("Placement: ") && detail.ends_with("(U1)"),
            "{detail}"
        );
        assert!(!detail.contains("Reason"), "no reason was given: {detail}");
        // A kind with no wording of its own reads by its fields' labels.
        let kind: EventKind = serde_json::from_value(serde_json::json!({
            "type": "HealthAssessment",
            "assessment": "review",
        }))
        .unwrap();
        assert_eq!(
            words::detail(&kind, &People::default()),
            "Assessment: Review"
        );
    }

    #[test]
    fn open_clocks_come_first_most_urgent_first() {
        let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
        let clock = |rule: &str, due: &str, met: Option<&str>| StoredObligation {
            rule: rule.into(),
            start_on: "2025-01-01".into(),
            start_event: 1,
            due_date: Some(d(&due[..10])),
            due_on: due.into(),
            met_on: met.map(Into::into),
            met_by: None,
            met_late: false,
            ended: None,
        };
        let (open, history) = clocks(
            &[
                clock("la_visit_first_year", "2025-03-01", Some("2025-02-20")),
                clock("la_review_next", "2025-06-01", None),
                clock("health_review", "2025-02-01", None),
            ],
            None,
            d("2025-03-03").into(),
        );
        let open: Vec<(&str, &str)> = open.iter().map(|c| (c.rule.as_str(), c.status)).collect();
        assert_eq!(
            open,
            [
                ("Review health assessment", "Overdue"),
                ("Looked-after review", "Due")
            ]
        );
        assert_eq!(history.len(), 1);
        assert_eq!(history[0].met, "20 February 2025");

        // A return interview due at 18:30 is overdue at 18:31, and shows its time.
        let interview = clock("return_interview", "2025-03-03T18:30", None);
        let at = |s: &str| s.parse::<When>().unwrap();
        let (open, _) = clocks(
            std::slice::from_ref(&interview),
            None,
            at("2025-03-03T18:30"),
        );
        assert_eq!(
            (open[0].status, open[0].due.as_str()),
            ("Due", "3 March 2025, 18:30")
        );
        let (open, _) = clocks(&[interview], None, at("2025-03-03T18:31"));
        assert_eq!(open[0].status, "Overdue");
    }

    #[test]
    fn an_interview_offered_and_declined_is_shown_as_such() {
        use hearth_domain::events::Event;
        let at: jiff::Timestamp = "2025-01-05T10:00:00Z".parse().unwrap();
        let event = |id: u64, on: &str, json: serde_json::Value| {
            Event::new(
                id,
                on.parse::<When>().unwrap(),
                "1",
                at,
                serde_json::from_value(json).unwrap(),
            )
        };
        let record = ChildRecord::fold_all(&[
            event(1, "2025-01-02T10:00", serde_json::json!({"type": "MissingEpisodeStarted", "status": "M"})),
            event(2, "2025-01-02T20:00", serde_json::json!({"type": "MissingEpisodeEnded", "episode": 1})),
            event(3, "2025-01-03T10:00", serde_json::json!({
                "type": "ReturnInterview", "episode": 1, "offered": true, "accepted": false, "held": false})),
        ])
        .unwrap();
        let stored = StoredObligation {
            rule: "return_interview".into(),
            start_on: "2025-01-02T20:00".into(),
            start_event: 2,
            due_date: Some(jiff::civil::date(2025, 1, 5)),
            due_on: "2025-01-05T20:00".into(),
            met_on: Some("2025-01-03T10:00".into()),
            met_by: Some(3),
            met_late: false,
            ended: None,
        };
        let now = When::Date(jiff::civil::date(2025, 1, 6));
        let (_, history) = clocks(std::slice::from_ref(&stored), Some(&record), now);
        assert_eq!(history[0].status, "Offered, declined");
        assert_eq!(
            interview_outcome(&stored, Some(&record)).map(InterviewOutcome::as_str),
            Some("offered_declined")
        );
        let (_, history) = clocks(&[stored], None, now);
        assert_eq!(history[0].status, "Met");
    }

    #[test]
    fn the_quick_visit_starts_on_the_visit_the_stage_needs() {
        use hearth_domain::events::Event;
        let at: jiff::Timestamp = "2025-01-05T10:00:00Z".parse().unwrap();
        let event = |id: u64, on: &str, json: serde_json::Value| {
            Event::new(
                id,
                on.parse::<jiff::civil::Date>().unwrap(),
                "1",
                at,
                serde_json::from_value(json).unwrap(),
            )
        };
        let today = jiff::civil::date(2025, 1, 5);
        assert_eq!(visit_for(None, today), "other");
        let mut events = vec![event(
            1,
            "2025-01-02",
            serde_json::json!({"type": "ReferralAccepted", "source": "1A"}),
        )];
        let record = ChildRecord::fold_all(&events).unwrap();
        assert_eq!(visit_for(Some(&record), today), "child_in_need");
        events.push(event(
            2,
            "2025-01-03",
            serde_json::json!({
                "type": "BecameLookedAfter", "legal_status": "C2",
                "placement": {"placement_type": "U1"}, "category_of_need": "N1"}),
        ));
        let record = ChildRecord::fold_all(&events).unwrap();
        assert_eq!(visit_for(Some(&record), today), "looked_after");
    }
}
