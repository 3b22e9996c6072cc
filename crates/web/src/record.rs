//! `/children/{id}/record`: a form for every kind of event in the ledger.
//!
//! Each kind's fields are listed once below. The form's values become the
//! event's JSON and go through the ledger's own parser and the fold's
//! checks, so a form can accept nothing the ledger would refuse; every
//! problem is shown in the GOV.UK error summary against its field.
//! (Allocation has the team page; amending and voiding, the corrections
//! pages in [`crate::corrections`], which use the same field table.)

use askama::Template;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use hearth_app::{AppError, events};
use hearth_domain::codes::{
    AdopterLegalStatus, AdopterSex, AssessmentFactor, CareLeaverAccommodation, CareLeaverActivity,
    CareLeaverInTouch, CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider,
    PlacementType, PrimaryNeed, ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForClosure,
    ReasonForPlacementChange, ReferralSource, ReviewParticipation, SdqReason,
};
use hearth_domain::events::{Event, EventKind, When};
use hearth_domain::keys::ChildId;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::AppState;
use crate::error::Ids;
use crate::error::WebError;
use crate::session::SignedIn;
use crate::{error_for, form_status, html};

type Options = fn() -> Vec<(&'static str, &'static str)>;

/// How a field is entered.
#[derive(Clone, Copy)]
enum Input {
    Text,
    TextArea,
    Check,
    Number,
    Date,
    /// One code from a DfE list.
    Code(Options),
    /// Several codes from a DfE list.
    Codes(Options),
    /// One of a fixed set.
    Choice(&'static [(&'static str, &'static str)]),
    /// Several of a fixed set.
    Choices(&'static [(&'static str, &'static str)]),
    /// An earlier event of this child, of the named kind.
    EventRef(&'static str),
}

#[derive(Clone, Copy)]
struct Field {
    /// The JSON name; `a.b` is field `b` of object `a`.
    name: &'static str,
    label: &'static str,
    input: Input,
    required: bool,
}

const fn f(name: &'static str, label: &'static str, input: Input, required: bool) -> Field {
    Field {
        name,
        label,
        input,
        required,
    }
}

/// One kind of event: its type, what the form calls it, its stage, and its
/// fields.
pub(crate) struct Kind {
    pub(crate) name: &'static str,
    pub(crate) label: &'static str,
    stage: &'static str,
    fields: &'static [Field],
}

impl Kind {
    /// Whether the ledger needs a time of day for it (the domain decides).
    pub(crate) fn timed(&self) -> bool {
        EventKind::TIMED.contains(&self.name)
    }
}

const CONTACT_OUTCOMES: &[(&str, &str)] = &[
    ("no_further_action", "No further action"),
    ("advice_and_information", "Advice and information"),
    ("early_help", "Early help"),
    ("referral", "Referral to children's social care"),
];
const ASSESSMENT_OUTCOMES: &[(&str, &str)] = &[
    ("no_further_action", "No further action"),
    ("early_help", "Early help"),
    ("child_in_need_plan", "Child in need plan"),
    ("strategy_discussion", "Strategy discussion"),
    ("looked_after", "Looked after"),
    ("other_services", "Other services"),
];
const AGENCIES: &[(&str, &str)] = &[
    ("social_care", "Children's social care"),
    ("police", "Police"),
    ("health", "Health"),
    ("education", "Education"),
    ("probation", "Probation"),
    ("other", "Other"),
];
const VISITS: &[(&str, &str)] = &[
    ("child_in_need", "Child in need"),
    ("child_protection", "Child protection"),
    ("looked_after", "Looked after"),
    ("care_leaver", "Care leaver"),
    ("private_fostering", "Private fostering"),
    ("other", "Other"),
];
const HEALTH: &[(&str, &str)] = &[("initial", "Initial"), ("review", "Review")];

const PLACEMENT: [Field; 5] = [
    f(
        "placement.placement_type",
        "Placement type",
        Input::Code(PlacementType::options),
        true,
    ),
    f(
        "placement.provider",
        "Placement provider",
        Input::Code(PlacementProvider::options),
        false,
    ),
    f(
        "placement.postcode",
        "Placement postcode",
        Input::Text,
        false,
    ),
    f(
        "placement.urn",
        "Ofsted URN of the setting",
        Input::Text,
        false,
    ),
    f(
        "placement.long_term",
        "Intended to last until the child is 18",
        Input::Check,
        false,
    ),
];

const fn k(
    name: &'static str,
    label: &'static str,
    stage: &'static str,
    fields: &'static [Field],
) -> Kind {
    Kind {
        name,
        label,
        stage,
        fields,
    }
}

const KINDS: &[Kind] = &[
    k(
        "BirthDetailsRecorded",
        "Birth details",
        "The child",
        &[
            f("date_of_birth", "Date of birth", Input::Date, false),
            f(
                "expected_date_of_birth",
                "Expected date of birth (unborn child)",
                Input::Date,
                false,
            ),
        ],
    ),
    k(
        "ContactReceived",
        "Contact received",
        "Front door",
        &[f(
            "source",
            "Source",
            Input::Code(ReferralSource::options),
            true,
        )],
    ),
    k(
        "ContactDecision",
        "Screening decision on a contact",
        "Front door",
        &[
            f(
                "contact",
                "Contact",
                Input::EventRef("ContactReceived"),
                true,
            ),
            f("outcome", "Decision", Input::Choice(CONTACT_OUTCOMES), true),
        ],
    ),
    k(
        "EarlyHelpAssessment",
        "Early help assessment",
        "Front door",
        &[],
    ),
    k("SteppedUp", "Stepped up from early help", "Front door", &[]),
    k(
        "SteppedDown",
        "Stepped down to early help",
        "Front door",
        &[],
    ),
    k(
        "ReferralAccepted",
        "Referral",
        "Children in need",
        &[
            f(
                "source",
                "Referral source",
                Input::Code(ReferralSource::options),
                true,
            ),
            f(
                "no_further_action",
                "The referral led to no further action",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "AssessmentStarted",
        "Assessment started",
        "Children in need",
        &[],
    ),
    k(
        "AssessmentAuthorised",
        "Assessment authorised",
        "Children in need",
        &[
            f(
                "factors",
                "Factors identified at assessment",
                Input::Codes(AssessmentFactor::options),
                true,
            ),
            f("child_seen", "The child was seen", Input::Check, false),
            f(
                "seen_alone",
                "The child was seen alone",
                Input::Check,
                false,
            ),
            f("child_views", "The child's views", Input::TextArea, false),
            f(
                "primary_need",
                "Primary need",
                Input::Code(PrimaryNeed::options),
                false,
            ),
            f(
                "outcome",
                "Outcome",
                Input::Choice(ASSESSMENT_OUTCOMES),
                true,
            ),
        ],
    ),
    k(
        "StrategyDiscussionNeeded",
        "Decision that a strategy discussion is needed",
        "Child protection",
        &[],
    ),
    k(
        "StrategyDiscussionHeld",
        "Strategy discussion held",
        "Child protection",
        &[f(
            "attendance",
            "Agencies present",
            Input::Choices(AGENCIES),
            true,
        )],
    ),
    k(
        "Section47Started",
        "Section 47 enquiry started",
        "Child protection",
        &[],
    ),
    k(
        "Section47Concluded",
        "Section 47 enquiry concluded",
        "Child protection",
        &[f(
            "icpc_required",
            "An initial child protection conference is required",
            Input::Check,
            false,
        )],
    ),
    k(
        "InitialConferenceHeld",
        "Initial child protection conference",
        "Child protection",
        &[f(
            "plan",
            "The conference decided on a child protection plan",
            Input::Check,
            false,
        )],
    ),
    k(
        "ProtectionPlanStarted",
        "Child protection plan started",
        "Child protection",
        &[f(
            "category",
            "Category of abuse",
            Input::Code(CategoryOfAbuse::options),
            true,
        )],
    ),
    k(
        "ReviewConferenceHeld",
        "Review child protection conference",
        "Child protection",
        &[f(
            "category",
            "Category of abuse, if it changed",
            Input::Code(CategoryOfAbuse::options),
            false,
        )],
    ),
    k("CoreGroupHeld", "Core group", "Child protection", &[]),
    k(
        "ProtectionPlanEnded",
        "Child protection plan ended",
        "Child protection",
        &[],
    ),
    k(
        "CinPlanStarted",
        "Child in need plan started",
        "Children in need",
        &[],
    ),
    k(
        "CinPlanReviewed",
        "Child in need plan reviewed",
        "Children in need",
        &[],
    ),
    k(
        "CinPlanEnded",
        "Child in need plan ended",
        "Children in need",
        &[],
    ),
    k(
        "EpisodeClosed",
        "Case closed",
        "Children in need",
        &[f(
            "reason",
            "Reason for closure",
            Input::Code(ReasonForClosure::options),
            true,
        )],
    ),
    k(
        "VisitMade",
        "Visit",
        "Visits",
        &[
            f("visit", "Kind of visit", Input::Choice(VISITS), true),
            f("child_seen", "The child was seen", Input::Check, false),
            f(
                "seen_alone",
                "The child was seen alone",
                Input::Check,
                false,
            ),
            f("child_views", "The child's views", Input::TextArea, false),
        ],
    ),
    k(
        "BecameLookedAfter",
        "Started to be looked after",
        "Looked after",
        &[
            f(
                "legal_status",
                "Legal status",
                Input::Code(LegalStatus::options),
                true,
            ),
            PLACEMENT[0],
            PLACEMENT[1],
            PLACEMENT[2],
            PLACEMENT[3],
            PLACEMENT[4],
            f(
                "category_of_need",
                "Category of need (N1 to N8)",
                Input::Code(PrimaryNeed::options),
                true,
            ),
            f(
                "uasc",
                "Unaccompanied asylum-seeking child",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "LegalStatusChanged",
        "Legal status changed",
        "Looked after",
        &[f(
            "legal_status",
            "Legal status",
            Input::Code(LegalStatus::options),
            true,
        )],
    ),
    k(
        "PlacementChanged",
        "Placement changed",
        "Looked after",
        &[
            PLACEMENT[0],
            PLACEMENT[1],
            PLACEMENT[2],
            PLACEMENT[3],
            PLACEMENT[4],
            f(
                "reason",
                "Reason for the change",
                Input::Code(ReasonForPlacementChange::options),
                false,
            ),
            f(
                "same_carer",
                "The same carers continue",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "CeasedLookedAfter",
        "Ceased to be looked after",
        "Looked after",
        &[f(
            "reason",
            "Reason",
            Input::Code(ReasonEpisodeCeased::options),
            true,
        )],
    ),
    k(
        "LookedAfterReviewHeld",
        "Looked-after review",
        "Looked after",
        &[f(
            "participation",
            "How the child took part",
            Input::Code(ReviewParticipation::options),
            true,
        )],
    ),
    k("CarePlanRecorded", "Care plan", "Looked after", &[]),
    k(
        "IroAppointed",
        "IRO appointed",
        "Looked after",
        &[f("iro", "The IRO's user number", Input::Number, true)],
    ),
    k(
        "HealthAssessment",
        "Health assessment",
        "Looked after",
        &[f("assessment", "Assessment", Input::Choice(HEALTH), true)],
    ),
    k("DentalCheck", "Dental check", "Looked after", &[]),
    k(
        "SdqRecorded",
        "Strengths and difficulties questionnaire",
        "Looked after",
        &[
            f("score", "Score (0 to 40)", Input::Number, false),
            f(
                "reason",
                "Or: why it was not completed",
                Input::Code(SdqReason::options),
                false,
            ),
        ],
    ),
    k(
        "ImmunisationsRecorded",
        "Immunisations",
        "Looked after",
        &[f(
            "up_to_date",
            "Immunisations are up to date",
            Input::Check,
            false,
        )],
    ),
    k(
        "PepReviewed",
        "Personal education plan",
        "Looked after",
        &[],
    ),
    k(
        "MissingEpisodeStarted",
        "Went missing or away",
        "Missing",
        &[f(
            "status",
            "Missing or away",
            Input::Code(MissingOrAway::options),
            true,
        )],
    ),
    k(
        "MissingEpisodeEnded",
        "Returned from missing",
        "Missing",
        &[f(
            "episode",
            "Missing episode",
            Input::EventRef("MissingEpisodeStarted"),
            true,
        )],
    ),
    k(
        "ReturnInterview",
        "Return home interview",
        "Missing",
        &[
            f(
                "episode",
                "Missing episode",
                Input::EventRef("MissingEpisodeStarted"),
                true,
            ),
            f("offered", "An interview was offered", Input::Check, false),
            f("accepted", "The child accepted", Input::Check, false),
            f("held", "The interview was held", Input::Check, false),
        ],
    ),
    k(
        "AdoptionDecision",
        "Agency decision: should be placed for adoption",
        "Adoption",
        &[],
    ),
    k("PlacementOrderGranted", "Placement order", "Adoption", &[]),
    k(
        "Matched",
        "Matched with adopters",
        "Adoption",
        &[
            f(
                "adopter_sex",
                "Adopters",
                Input::Code(AdopterSex::options),
                true,
            ),
            f(
                "adopter_legal_status",
                "Adopters' legal status",
                Input::Code(AdopterLegalStatus::options),
                true,
            ),
            f(
                "number_of_adopters",
                "Number of adopters",
                Input::Number,
                true,
            ),
        ],
    ),
    k("PlacedForAdoption", "Placed for adoption", "Adoption", &[]),
    k("AdoptionOrderGranted", "Adoption order", "Adoption", &[]),
    k(
        "AdoptionDecisionReversed",
        "Adoption decision reversed",
        "Adoption",
        &[f(
            "reason",
            "Reason",
            Input::Code(ReasonDecisionReversed::options),
            true,
        )],
    ),
    k(
        "PathwayNeedsAssessment",
        "Pathway needs assessment",
        "Leaving care",
        &[],
    ),
    k(
        "PathwayPlanReviewed",
        "Pathway plan reviewed",
        "Leaving care",
        &[],
    ),
    k(
        "PersonalAdviserAppointed",
        "Personal adviser appointed",
        "Leaving care",
        &[f(
            "adviser",
            "The adviser's user number",
            Input::Number,
            true,
        )],
    ),
    k(
        "CareLeaverContact",
        "Care leaver contact",
        "Leaving care",
        &[
            f(
                "in_touch",
                "In touch",
                Input::Code(CareLeaverInTouch::options),
                true,
            ),
            f(
                "activity",
                "Activity",
                Input::Code(CareLeaverActivity::options),
                false,
            ),
            f(
                "accommodation",
                "Accommodation",
                Input::Code(CareLeaverAccommodation::options),
                false,
            ),
            f(
                "staying_put",
                "Staying put with former foster carers",
                Input::Check,
                false,
            ),
        ],
    ),
    k(
        "PreProceedingsStarted",
        "Pre-proceedings started",
        "Court",
        &[],
    ),
    k(
        "PreProceedingsConcluded",
        "Pre-proceedings concluded",
        "Court",
        &[f(
            "proceedings_issued",
            "Care proceedings were issued",
            Input::Check,
            false,
        )],
    ),
    k(
        "PrivateFosteringNotified",
        "Private fostering notified",
        "Other duties",
        &[],
    ),
    k(
        "PrivateFosteringEnded",
        "Private fostering ended",
        "Other duties",
        &[],
    ),
    k(
        "AllegationReceived",
        "Allegation against an adult who works with children",
        "Other duties",
        &[],
    ),
    k(
        "LadoReferralMade",
        "Referral to the LADO",
        "Other duties",
        &[f(
            "allegation",
            "Allegation",
            Input::EventRef("AllegationReceived"),
            true,
        )],
    ),
    k(
        "ManagementOversight",
        "Management oversight",
        "Work on the case",
        &[
            f("decision", "Decision", Input::Text, true),
            f(
                "rationale",
                "Rationale for the decision",
                Input::TextArea,
                true,
            ),
        ],
    ),
    k(
        "Supervision",
        "Supervision",
        "Work on the case",
        &[f(
            "supervisor",
            "Supervisor's user number",
            Input::Number,
            true,
        )],
    ),
    k(
        "CaseNote",
        "Case note",
        "Work on the case",
        &[
            f("text", "Note", Input::TextArea, true),
            f(
                "significant",
                "Show in the chronology's significant events",
                Input::Check,
                false,
            ),
        ],
    ),
];

pub(crate) fn kind(name: &str) -> Option<&'static Kind> {
    KINDS.iter().find(|k| k.name == name)
}

/// A field as the template draws it.
pub struct FieldView {
    pub id: String,
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
    on: String,
    on_error: Option<String>,
    fields: Vec<FieldView>,
    errors: Vec<(String, String)>,
    signed_in: bool,
}

fn dom_id(name: &str) -> String {
    name.replace('.', "-")
}

pub(crate) fn field_views(
    kind: &Kind,
    values: &[(String, String)],
    events: &[Event],
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
                Input::Text => ("text", Vec::new()),
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
                            .map(|e| (e.id.0.to_string(), format!("{} (event {})", e.on, e.id.0)))
                            .collect(),
                    ),
                ),
            };
            FieldView {
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
    for k in KINDS {
        match out.iter_mut().find(|(s, _)| *s == k.stage) {
            Some((_, list)) => list.push((k.name, k.label)),
            None => out.push((k.stage, vec![(k.name, k.label)])),
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
    on: String,
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
        .map(|k| field_views(k, values, &view.events, &errors))
        .unwrap_or_default();
    let status = form_status(&errors);
    let page = RecordPage {
        id,
        child: format!("{} {}", d.given_name, d.family_name),
        kinds: groups(),
        chosen: chosen.map(|k| (k.name, k.label)),
        timed: chosen.is_some_and(Kind::timed),
        on,
        on_error: error_for(&errors, "on"),
        fields,
        errors,
        signed_in: true,
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
    let today = crate::today(&state);
    let on = if chosen.is_some_and(Kind::timed) {
        format!("{today}T09:00")
    } else {
        today.to_string()
    };
    page(&state, &user, id, chosen, on, &[], Vec::new()).await
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
            Input::EventRef(_) => match given.first() {
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
                    Input::Text | Input::TextArea | Input::Number | Input::Date => "Enter",
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
    serde_json::from_value::<EventKind>(Value::Object(object)).map_err(|e| {
        let message = e.to_string();
        // Point at the field the parser names, or else the first field.
        let field = match field_named(kind, &message) {
            "on" => kind.fields.first().map_or("on", |f| f.name),
            named => named,
        };
        vec![(field.to_owned(), message)]
    })
}

/// The event's date, or date and time where the ledger needs one.
pub(crate) fn parse_on(kind: &Kind, text: &str) -> Result<When, &'static str> {
    if kind.timed() {
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

/// The field a message from the parser or the fold is about, where it names
/// one (as `name`, name, or in words); otherwise the date.
pub(crate) fn field_named(kind: &Kind, message: &str) -> &'static str {
    kind.fields
        .iter()
        .find(|f| {
            let last = f.name.rsplit('.').next().unwrap_or(f.name);
            message.contains(last) || message.contains(&last.replace('_', " "))
        })
        .map_or("on", |f| f.name)
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
            String::new(),
            &[],
            vec![("kind".into(), "Choose what to record".into())],
        )
        .await;
    };
    // Repeated keys (several factors or agencies) are kept.
    let values: Vec<(String, String)> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let on_text = values
        .iter()
        .find(|(k, _)| k == "on")
        .map(|(_, v)| v.trim().to_owned())
        .unwrap_or_default();
    let on = parse_on(chosen, &on_text);
    let event = to_event(chosen, &values);
    let (on, event) = match (on, event) {
        (Ok(on), Ok(event)) => (on, event),
        (on, event) => {
            let mut errors = Vec::new();
            if let Err(m) = on {
                errors.push(("on".to_owned(), m.to_owned()));
            }
            if let Err(more) = event {
                errors.extend(more);
            }
            return page(&state, &user, id, Some(chosen), on_text, &values, errors).await;
        }
    };
    match events::record(&user.ctx(&state), ChildId(id), on, event).await {
        Ok(_) => Redirect::to(&format!("/children/{id}")).into_response(),
        Err(AppError::Refused(r)) => {
            let errors = r
                .problems
                .into_iter()
                .map(|p| ("on".to_owned(), p.message))
                .collect();
            page(&state, &user, id, Some(chosen), on_text, &values, errors).await
        }
        // A relationship refused: the message names its field.
        Err(AppError::Invalid(m)) => {
            let errors = crate::error::field_errors(&m, "on");
            page(&state, &user, id, Some(chosen), on_text, &values, errors).await
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
        let covered: Vec<&str> = KINDS.iter().map(|k| k.name).collect();
        let mut dupes = covered.clone();
        dupes.sort_unstable();
        dupes.dedup();
        assert_eq!(dupes.len(), covered.len(), "a kind is listed twice");
        // Each kind's empty form, with its required fields filled with the
        // first option, parses as that kind (so the field names are right).
        for k in KINDS {
            let values = filled(k);
            let event = to_event(k, &values).unwrap_or_else(|e| panic!("{}: {e:?}", k.name));
            assert_eq!(event.name(), k.name);
        }
        let own_page = ["Allocated", "AllocatedToTeam", "Amended", "Voided"];
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
                    Input::Text if field.name.ends_with("postcode") => "SW1A 1AA".to_owned(),
                    Input::Text | Input::TextArea => "text".to_owned(),
                    Input::Check => "yes".to_owned(),
                    Input::Number | Input::EventRef(_) => "1".to_owned(),
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
        for k in KINDS {
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
}
