//! A child's record: what is due first and a case summary, the chronology,
//! the access log, and recording a visit.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::people::People;
use hearth_app::views::{AuditRow, StoredObligation};
use hearth_app::{AppError, children, events};
use hearth_domain::codes::{LegalStatus, PlacementType};
use hearth_domain::events::{EventKind, VisitKind, When};
use hearth_domain::keys::ChildId;
use hearth_domain::record::{ChildRecord, Corrected, InterviewOutcome, corrected};
use hearth_domain::timescales::{Rule, Status};
use serde::{Deserialize, Serialize};

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
    };
    let rule = Rule::from_id(&o.rule);
    Clock {
        anchor: format!("clock-{n}"),
        rule: rule.map_or_else(|| o.rule.replace('_', " "), |r| r.label().to_owned()),
        met_by: rule.map_or("", Rule::met_by),
        // With its time where the clock is counted in hours.
        due: words::date_text(&o.due_on),
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
    open_ones.sort_by_key(|o| o.due_date);
    let mut history: Vec<&StoredObligation> = obligations.iter().filter(|o| !open(o)).collect();
    history.sort_by_key(|o| std::cmp::Reverse(o.due_date));
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

/// A chronology entry: what happened, in words, and who recorded it when.
pub struct Entry {
    /// The event's id in the ledger, for its amend and void pages.
    pub id: u64,
    pub on: String,
    pub kind: &'static str,
    pub significant: bool,
    pub detail: String,
    /// "Recorded by Dami Yates on 3 March 2025".
    pub recorded: String,
    /// Whether it has a form to amend it with (allocations are changed by
    /// reallocating).
    pub amendable: bool,
}

pub(crate) fn entry(c: &Corrected<'_>, people: &People) -> Entry {
    let detail = words::detail(c.kind, people);
    let recorded_on = hearth_domain::london::today(c.event.recorded_at);
    Entry {
        id: c.event.id.0,
        on: words::when(c.on),
        kind: words::kind(c.kind),
        significant: c.kind.is_significant(),
        amendable: crate::record::kind(c.kind.name()).is_some(),
        recorded: format!(
            "Recorded by {} on {}",
            people.recorder(&c.event.recorded_by),
            words::date(recorded_on)
        ),
        detail: if c.amended {
            format!("{detail} (amended)")
        } else {
            detail
        },
    }
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
    may_see_access_log: bool,
    /// What was just saved, for the success banner.
    saved: Option<&'static str>,
    form: VisitForm,
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
}

fn web(error: AppError, user: &SignedIn) -> Response {
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
        recent: corrected(&view.events)
            .iter()
            .rev()
            .take(10)
            .map(|c| entry(c, &view.people))
            .collect(),
        may_see_access_log: view.may_see_access_log,
        saved,
        form,
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
            let views = form.child_views.trim();
            Ok((
                When::Date(on),
                EventKind::VisitMade {
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

#[derive(Template)]
#[template(path = "chronology.html")]
struct ChronologyPage {
    id: i64,
    name: String,
    la_child_id: String,
    entries: Vec<Entry>,
    /// The kinds in this record: (JSON name, name in words).
    kinds: Vec<(&'static str, &'static str)>,
    kind: String,
    significant: bool,
    may_correct: bool,
    /// The print view: no filters and nothing to click.
    print: bool,
    /// The filter as a query string, for the links between the two views.
    query: String,
    /// What the filter shows, in words (printed at the top).
    shown: String,
    printed: String,
    saved: Option<&'static str>,
    /// The moment asked for, as given, and any problem with it.
    known_at: String,
    errors: Vec<(String, String)>,
    signed_in: Option<crate::session::Who>,
}

#[derive(Deserialize, Serialize, Default)]
pub struct ChronologyFilter {
    #[serde(default, skip_serializing_if = "String::is_empty")]
    kind: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    significant: String,
    /// The record as it was known at this moment in England
    /// (`YYYY-MM-DDTHH:MM`, or a date for the end of that day): events
    /// recorded later, and corrections made later, left out.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    known_at: String,
    /// What was just saved, for the banner; not part of the filter.
    #[serde(default, skip_serializing)]
    saved: String,
}

fn chronology_page(
    who: Option<crate::session::Who>,
    state: &AppState,
    id: i64,
    view: &children::ChildView,
    mut filter: ChronologyFilter,
    print: bool,
) -> Response {
    let significant = filter.significant == "yes";
    let saved = Saved {
        saved: std::mem::take(&mut filter.saved),
    }
    .banner()
    .filter(|_| !print);
    // The record as now known: amendments applied, voided events left out.
    let known = corrected(&view.events);
    // The kinds this record holds, by their names in words.
    let mut kinds: Vec<(&'static str, &'static str)> = known
        .iter()
        .map(|c| (c.kind.name(), words::kind(c.kind)))
        .collect();
    kinds.sort_unstable_by_key(|(_, label)| *label);
    kinds.dedup();
    let (entries, shown, errors) = match filtered(view, &filter) {
        Ok((entries, shown)) => (entries, shown, Vec::new()),
        Err(message) => {
            let unfiltered = ChronologyFilter {
                known_at: String::new(),
                kind: filter.kind.clone(),
                significant: filter.significant.clone(),
                saved: String::new(),
            };
            let (entries, shown) = filtered(view, &unfiltered).unwrap_or_default();
            (entries, shown, vec![("known_at".to_owned(), message)])
        }
    };
    let query = serde_urlencoded::to_string(&filter)
        .ok()
        .filter(|q| !q.is_empty())
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let now = state.services.clock.now();
    let printed = jiff::tz::TimeZone::get("Europe/London")
        .map(|tz| now.to_zoned(tz).strftime("%-d %B %Y at %H:%M").to_string())
        .unwrap_or_else(|_| crate::today(state).to_string());
    let d = &view.child.details;
    let page = html(&ChronologyPage {
        id,
        name: format!("{} {}", d.given_name, d.family_name),
        la_child_id: d.la_child_id.as_str().to_owned(),
        entries,
        kinds,
        kind: filter.kind,
        significant,
        may_correct: view.may_correct,
        print,
        query,
        shown,
        printed,
        saved,
        known_at: filter.known_at.clone(),
        errors: errors.clone(),
        signed_in: who,
    });
    (form_status(&errors), page).into_response()
}

pub async fn chronology(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(filter): Query<ChronologyFilter>,
    user: SignedIn,
) -> Response {
    match children::view(&user.ctx(&state), ChildId(id)).await {
        Ok(view) => chronology_page(user.who(), &state, id, &view, filter, false),
        Err(e) => web(e, &user),
    }
}

/// The chronology as a Word document for court: the same filter, headed
/// on every page with the child's name, LA child id, the filter and the
/// date it is as at, each page numbered. Audited as an export.
pub async fn export_chronology(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(filter): Query<ChronologyFilter>,
    user: SignedIn,
) -> Response {
    let view = match children::export_chronology(&user.ctx(&state), ChildId(id)).await {
        Ok(v) => v,
        Err(e) => return web(e, &user),
    };
    let (entries, shown) = match filtered(&view, &filter) {
        Ok(f) => f,
        Err(message) => return web(AppError::Invalid(format!("known_at: {message}")), &user),
    };
    let d = &view.child.details;
    let name = format!("{} {}", d.given_name, d.family_name);
    let as_at = words::date(crate::today(&state));
    let rows: Vec<[String; 3]> = entries
        .into_iter()
        .map(|e| {
            let mark = if e.significant { " (significant)" } else { "" };
            let detail = if e.detail.is_empty() {
                e.recorded
            } else {
                format!("{}\n{}", e.detail, e.recorded)
            };
            [e.on, format!("{}{mark}", e.kind), detail]
        })
        .collect();
    let notes = [
        format!("LA child id: {}. {shown}.", d.la_child_id.as_str()),
        format!(
            "The record as at {as_at}, as corrected: amendments applied, voided events left out."
        ),
    ];
    let heading = format!(
        "Chronology: {name} ({}). {shown}. As at {as_at}.",
        d.la_child_id.as_str()
    );
    let doc = hearth_docx::Chronology {
        title: &format!("Chronology: {name}"),
        heading: &heading,
        notes: &notes,
        columns: ["Date", "What happened", "Detail"],
        rows: &rows,
    };
    match hearth_docx::write(&doc) {
        Ok(bytes) => (
            [
                (
                    axum::http::header::CONTENT_TYPE,
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        .to_owned(),
                ),
                (
                    axum::http::header::CONTENT_DISPOSITION,
                    format!(
                        "attachment; filename=\"chronology-{}-{}.docx\"",
                        d.la_child_id.as_str(),
                        crate::today(&state)
                    ),
                ),
                (axum::http::header::CACHE_CONTROL, "no-store".to_owned()),
            ],
            bytes,
        )
            .into_response(),
        Err(e) => web(AppError::Unexpected(e.to_string()), &user),
    }
}

/// The entries a filter shows, and what it shows in words.
fn filtered(
    view: &children::ChildView,
    filter: &ChronologyFilter,
) -> Result<(Vec<Entry>, String), String> {
    let significant = filter.significant == "yes";
    let known_at = known_at(&filter.known_at)?;
    let ledger = match known_at {
        Some((at, _)) => hearth_domain::record::as_known_at(&view.events, at),
        None => view.events.clone(),
    };
    let entries = corrected(&ledger)
        .iter()
        .filter(|c| filter.kind.is_empty() || c.kind.name() == filter.kind)
        .filter(|c| !significant || c.kind.is_significant())
        .map(|c| entry(c, &view.people))
        .collect();
    let label =
        hearth_domain::catalogue::kind(&filter.kind).map_or(filter.kind.as_str(), |k| k.label);
    let mut shown = match (filter.kind.as_str(), significant) {
        ("", false) => "All events".to_owned(),
        ("", true) => "Significant events only".to_owned(),
        (_, false) => format!("{label} only"),
        (_, true) => format!("{label}, significant only"),
    };
    if let Some((_, words)) = known_at {
        shown.push_str(&format!(", as recorded at {words}"));
    }
    Ok((entries, shown))
}

/// The moment a chronology is asked for as it was known, and that moment
/// in words; none for the record as now known.
fn known_at(text: &str) -> Result<Option<(jiff::Timestamp, String)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let local = match text.parse::<When>() {
        Ok(When::DateTime(dt)) => dt,
        // A date: as it stood at the end of that day.
        Ok(When::Date(d)) => d.at(23, 59, 59, 0),
        Err(_) => {
            return Err(
                "Enter the moment as a date and time, for example 2025-06-01T09:00".to_owned(),
            );
        }
    };
    let at = hearth_domain::london::instant(local)
        .ok_or_else(|| "That moment is not a time in England".to_owned())?;
    Ok(Some((at, words::when(When::DateTime(local)))))
}

/// The chronology to print: the same filter, on A4, headed with the
/// child's name, LA child id and when it was printed (hearth.css has the
/// print rules). Works without JavaScript: the browser's print command.
pub async fn print_chronology(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(filter): Query<ChronologyFilter>,
    user: SignedIn,
) -> Response {
    match children::print_chronology(&user.ctx(&state), ChildId(id)).await {
        Ok(view) => chronology_page(user.who(), &state, id, &view, filter, true),
        Err(e) => web(e, &user),
    }
}

#[derive(Template)]
#[template(path = "access.html")]
struct AccessPage {
    id: i64,
    rows: Vec<AuditRow>,
    /// Rows the filter matches, on every page.
    total: i64,
    /// The first and last row shown, counting from 1.
    first: i64,
    last: i64,
    /// The filter's choices, (value, words), and what is chosen.
    actions: Vec<(String, String)>,
    people: Vec<(String, String)>,
    action: String,
    who: String,
    filtered: bool,
    pages: Vec<PageLink>,
    previous: Option<String>,
    next: Option<String>,
    signed_in: Option<crate::session::Who>,
}

/// An item of the GOV.UK pagination: a page's number, or a gap.
pub struct PageLink {
    /// `None`: an ellipsis.
    number: Option<i64>,
    href: String,
    current: bool,
}

/// The access log's address, query string and all: `/children/{id}/access`.
#[derive(Deserialize, Serialize, Default, Clone)]
pub struct AccessQuery {
    /// Only rows of this action (as the audit log writes it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    action: String,
    /// Only rows by this user (their number).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    who: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    page: String,
}

impl AccessQuery {
    fn href(&self, id: i64, page: i64) -> String {
        let q = AccessQuery {
            page: if page > 1 {
                page.to_string()
            } else {
                String::new()
            },
            ..self.clone()
        };
        match serde_urlencoded::to_string(&q) {
            Ok(q) if !q.is_empty() => format!("/children/{id}/access?{q}"),
            _ => format!("/children/{id}/access"),
        }
    }
}

/// The pages to offer, as GOV.UK pagination does: the first, the last, the
/// current and those either side of it, with a gap where pages are left out.
fn page_links(q: &AccessQuery, id: i64, page: i64, pages: i64) -> Vec<PageLink> {
    if pages <= 1 {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut last_shown = 0;
    for n in 1..=pages {
        if n == 1 || n == pages || (n - page).abs() <= 1 {
            if n > last_shown + 1 {
                out.push(PageLink {
                    number: None,
                    href: String::new(),
                    current: false,
                });
            }
            out.push(PageLink {
                number: Some(n),
                href: q.href(id, n),
                current: n == page,
            });
            last_shown = n;
        }
    }
    out
}

/// What an audit row's action means, in words, for "who has looked at
/// this record".
pub(crate) fn access_action(action: &str) -> String {
    let said = match action {
        "view_child" => "Opened the record",
        "print_chronology" => "Printed the chronology",
        "view_access_log" => "Looked at who has looked at this record",
        "view_record_forms" => "Opened the forms to record on it",
        "view_for_correction" => "Opened an event to correct it",
        "view_caseload" => "Saw it on their caseload",
        "search" => "Found it in a search",
        "view_team" => "Saw it on a team page",
        "view_reviews" => "Saw it on their list of reviews",
        "break_glass" => "Asked for break-glass access",
        "grant" => "Gave access with an allocation or appointment",
        "allocate" => "Allocated it",
        other => {
            return match other.strip_prefix("record:") {
                Some(kind) => format!("Recorded {kind}"),
                None => other.replace('_', " "),
            };
        }
    };
    said.to_owned()
}

/// A person as the access log names them: "Dami Yates, social worker,
/// Children looked after 1"; the system where no one acted.
pub(crate) fn person(row: &AuditRow) -> String {
    match (&row.who, row.actor) {
        (Some(p), _) => match &p.team {
            Some(team) => format!("{}, {}, {team}", p.name, p.role.label()),
            None => format!("{}, {}", p.name, p.role.label()),
        },
        (None, Some(_)) => "A user no longer known".to_owned(),
        (None, None) => "Hearth".to_owned(),
    }
}

/// When an audit row was written, as people in England read it.
pub(crate) fn when(row: &AuditRow) -> String {
    hearth_app::london_time(row.at)
}

/// A person as the access log's filter names them.
fn person_label(who: Option<&hearth_app::views::Person>) -> String {
    match who {
        Some(p) => match &p.team {
            Some(team) => format!("{}, {}, {team}", p.name, p.role.label()),
            None => format!("{}, {}", p.name, p.role.label()),
        },
        None => "A user no longer known".to_owned(),
    }
}

/// "Who has looked at this record": 50 rows a page, newest first, filtered
/// by what was done and by whom (a plain GET form: no JavaScript needed).
pub async fn access(
    State(state): State<AppState>,
    Ids(id): Ids<i64>,
    Query(q): Query<AccessQuery>,
    user: SignedIn,
) -> Response {
    let action = q.action.trim();
    let who = q.who.trim().parse::<i64>().ok();
    let filter = hearth_app::views::AuditFilter {
        action: (!action.is_empty()).then_some(action),
        actor: who.map(hearth_domain::keys::UserId),
    };
    let page = q.page.trim().parse::<i64>().unwrap_or(1);
    let log = match children::access_log_page(&user.ctx(&state), ChildId(id), &filter, page).await {
        Ok(log) => log,
        Err(e) => return web(e, &user),
    };
    let mut actions: Vec<(String, String)> = log
        .actions
        .iter()
        .map(|a| (a.clone(), access_action(a)))
        .collect();
    actions.sort_by(|a, b| a.1.cmp(&b.1));
    let mut people: Vec<(String, String)> = log
        .people
        .iter()
        .map(|(u, p)| (u.0.to_string(), person_label(p.as_ref())))
        .collect();
    people.sort_by(|a, b| a.1.cmp(&b.1));
    let q = AccessQuery {
        action: action.to_owned(),
        who: who.map(|w| w.to_string()).unwrap_or_default(),
        page: String::new(),
    };
    let first = (log.page - 1) * children::ACCESS_LOG_PAGE + 1;
    html(&AccessPage {
        id,
        first: if log.rows.is_empty() { 0 } else { first },
        last: first + log.rows.len() as i64 - 1,
        total: log.total,
        rows: log.rows,
        actions,
        people,
        filtered: filter.action.is_some() || filter.actor.is_some(),
        pages: page_links(&q, id, log.page, log.pages),
        previous: (log.page > 1).then(|| q.href(id, log.page - 1)),
        next: (log.page < log.pages).then(|| q.href(id, log.page + 1)),
        action: q.action.clone(),
        who: q.who.clone(),
        signed_in: user.who(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
            due_date: d(&due[..10]),
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
            due_date: jiff::civil::date(2025, 1, 5),
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
