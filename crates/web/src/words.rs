//! The record in a practitioner's words: dates as people write them, codes
//! in words with the code beside them, people by name, and each event as a
//! sentence. Pages, prints and exports use these, so a chronology reads the
//! same wherever it is shown.

use hearth_app::people::People;
use hearth_domain::catalogue;
use hearth_domain::events::{EventKind, When};
use jiff::civil::Date;

/// "2 December 2026": the GOV.UK style for dates.
pub fn date(d: Date) -> String {
    d.strftime("%-d %B %Y").to_string()
}

/// [`date`], for a template's borrowed value.
pub fn date_ref(d: &Date) -> String {
    date(*d)
}

/// A date, with the time where the law counts hours: "2 December 2026,
/// 21:30".
pub fn when(w: When) -> String {
    match w {
        When::Date(d) => date(d),
        When::DateTime(dt) => format!("{}, {}", date(dt.date()), dt.strftime("%H:%M")),
    }
}

/// A date the store holds as text (`YYYY-MM-DD`, or with a time), in words;
/// anything else as it is.
pub fn date_text(text: &str) -> String {
    text.parse::<When>().map_or_else(|_| text.to_owned(), when)
}

/// What a clock's due date is written as, in words: its date (and time),
/// or that it runs beyond the working-day calendar.
pub fn due(text: &str) -> String {
    if text == hearth_domain::timescales::Due::BEYOND_CALENDAR {
        BEYOND_CALENDAR.to_owned()
    } else {
        date_text(text)
    }
}

/// A clock counted in working days past the last bank holiday Hearth knows.
pub const BEYOND_CALENDAR: &str = "Beyond the calendar: import the new bank holidays";

/// A child's stage as the summary row stores it (`looked_after`), in words.
pub fn stage(status: &str) -> String {
    match status {
        "looked_after" => "Looked after".to_owned(),
        "child_protection" => "Child protection plan".to_owned(),
        "child_in_need" => "Child in need".to_owned(),
        "care_leaver" => "Care leaver".to_owned(),
        "closed" => "Case closed".to_owned(),
        "no_open_case" => "No open case".to_owned(),
        other => sentence(&other.replace('_', " ")),
    }
}

/// A clock by its id (`la_review_next`), in words ("Looked-after review").
pub fn clock(id: &str) -> String {
    hearth_domain::timescales::Rule::from_id(id)
        .map_or_else(|| sentence(&id.replace('_', " ")), |r| r.label().to_owned())
}

/// An event kind's name in words ("Became looked after").
pub fn kind(event: &EventKind) -> &'static str {
    catalogue::kind(event.name()).map_or(event.name(), |k| k.label)
}

/// "yes" and "no" for a fact recorded as ticked or not.
fn yes_no(b: bool) -> &'static str {
    if b { "yes" } else { "no" }
}

/// What an event says, in a sentence or a few words, with people by name
/// and codes in words. Free text (case notes, views, decisions) is given as
/// written.
pub fn detail(event: &EventKind, people: &People) -> String {
    use EventKind as K;
    match event {
        K::CaseNote { text, .. } => text.clone(),
        K::VisitMade {
            child_seen,
            seen_alone,
            child_views,
            ..
        } => {
            let seen = match (child_seen, seen_alone) {
                (true, true) => "Child seen alone",
                (true, false) => "Child seen",
                _ => "Child not seen",
            };
            match child_views {
                Some(views) => format!("{seen}. The child's views: {views}"),
                None => seen.to_owned(),
            }
        }
        K::ManagementOversight {
            decision,
            rationale,
        } => format!("Decision: {decision}. Rationale: {rationale}"),
        K::Allocated {
            worker,
            team,
            reason,
        } => {
            let to = format!("To {}, in {}", people.user(*worker), people.team(*team));
            match reason {
                Some(r) => format!("{to}. Why the social worker changed: {}", r.in_words()),
                None => to,
            }
        }
        K::AllocatedToTeam { team } => format!("To {}, awaiting a worker", people.team(*team)),
        K::IroAppointed { iro } => people.user(*iro),
        K::PersonalAdviserAppointed { adviser } => people.user(*adviser),
        K::Supervision { supervisor } => format!("With {}", people.user(*supervisor)),
        K::ContactReceived { source } => format!("Source: {}", source.in_words()),
        K::ReferralAccepted {
            source,
            primary_need,
            ..
        } => match primary_need {
            Some(need) => format!(
                "Source: {}. Primary need: {}",
                source.in_words(),
                need.in_words()
            ),
            None => format!("Source: {}", source.in_words()),
        },
        K::BecameLookedAfter {
            legal_status,
            placement,
            category_of_need,
            uasc,
        } => {
            let mut s = format!(
                "Legal status: {}. Placement: {}. Category of need: {}",
                legal_status.in_words(),
                placement.placement_type.in_words(),
                category_of_need.in_words()
            );
            if *uasc {
                s.push_str(". Unaccompanied asylum-seeking child");
            }
            s
        }
        K::LegalStatusChanged { legal_status } => {
            format!("Legal status: {}", legal_status.in_words())
        }
        K::PlacementChanged {
            placement, reason, ..
        } => match reason {
            Some(r) => format!(
                "Placement: {}. Reason for the change: {}",
                placement.placement_type.in_words(),
                r.in_words()
            ),
            None => format!("Placement: {}", placement.placement_type.in_words()),
        },
        K::CeasedLookedAfter { reason } => format!("Reason: {}", reason.in_words()),
        K::EpisodeClosed { reason } => format!("Reason: {}", reason.in_words()),
        K::LookedAfterReviewHeld {
            participation,
            next_review_due,
            ..
        } => match next_review_due {
            Some(next) => format!(
                "Participation: {}. Next review by {} (the IRO's date)",
                participation.in_words(),
                date(*next)
            ),
            None => format!("Participation: {}", participation.in_words()),
        },
        K::ActionAgreed { what, owner, due } => {
            format!("{what} ({}, by {})", people.user(*owner), date(*due))
        }
        K::ActionDone { .. } => "The agreed action is done".to_owned(),
        K::ProtectionPlanStarted { category } => format!("Category: {}", category.in_words()),
        K::ReviewConferenceHeld {
            category: Some(category),
            ..
        } => format!("Category: {}", category.in_words()),
        K::InitialConferenceHeld { plan, .. } => {
            if *plan {
                "A child protection plan was decided".to_owned()
            } else {
                "No child protection plan".to_owned()
            }
        }
        K::Section47Concluded { icpc_required } => {
            format!("Initial conference needed: {}", yes_no(*icpc_required))
        }
        K::MissingEpisodeStarted { status } => status.in_words(),
        K::ReturnInterview {
            offered,
            accepted,
            held,
            ..
        } => format!(
            "Offered: {}. Accepted: {}. Held: {}",
            yes_no(*offered),
            yes_no(*accepted),
            yes_no(*held)
        ),
        K::SdqRecorded {
            score: Some(score), ..
        } => format!("Score {score}"),
        K::SdqRecorded {
            reason: Some(reason),
            ..
        } => format!("Not completed: {}", reason.in_words()),
        K::CareLeaverContact {
            in_touch,
            activity,
            accommodation,
            staying_put,
        } => {
            let mut parts = vec![format!("In touch: {}", in_touch.in_words())];
            parts.extend(activity.map(|a| format!("activity: {}", a.in_words())));
            parts.extend(accommodation.map(|a| format!("accommodation: {}", a.in_words())));
            if *staying_put {
                parts.push("staying put".to_owned());
            }
            parts.join(", ")
        }
        K::AssessmentAuthorised {
            factors,
            child_seen,
            outcome,
            ..
        } => {
            let factors: Vec<String> = factors.iter().map(|f| f.in_words()).collect();
            let seen = if *child_seen {
                "Child seen"
            } else {
                "Child not seen"
            };
            let outcome = serde_json::to_value(outcome)
                .ok()
                .and_then(|v| v.as_str().map(|s| s.replace('_', " ")))
                .unwrap_or_default();
            if factors.is_empty() {
                format!("{seen}. Outcome: {outcome}")
            } else {
                format!(
                    "{seen}. Factors: {}. Outcome: {outcome}",
                    factors.join("; ")
                )
            }
        }
        K::Amended { reason, event, .. } => {
            format!("{} corrected: {reason}", kind(event))
        }
        K::Voided { reason, .. } => format!("Withdrawn: {reason}"),
        K::DocumentAttached {
            title,
            document,
            size,
            content_type,
            ..
        } => format!(
            "{title} ({}; {})",
            document.label(),
            crate::children::attachments::file_in_words(content_type, *size)
        ),
        other => crate::children::family::detail(other).unwrap_or_else(|| described(other)),
    }
}

/// An event's values by the labels its description gives them, each value
/// in words: for kinds with no wording of their own.
fn described(event: &EventKind) -> String {
    use catalogue::Input;
    let Some(kind) = catalogue::kind(event.name()) else {
        return String::new();
    };
    let json = serde_json::to_value(event).unwrap_or_default();
    let mut parts = Vec::new();
    // The worker's own words are shown under the detail ([`write_up`]).
    for field in kind
        .fields
        .iter()
        .filter(|f| !catalogue::WRITE_UP.contains(&f.name))
    {
        let Some(value) = field.name.split('.').try_fold(&json, |v, part| v.get(part)) else {
            continue;
        };
        let one = |v: &serde_json::Value| -> Option<String> {
            let text = v
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| v.to_string());
            Some(match field.input {
                Input::Check => yes_no(v.as_bool()?).to_owned(),
                Input::Code(o) | Input::Codes(o) => o()
                    .into_iter()
                    .find(|(c, _)| *c == text)
                    .map_or(text.clone(), |(c, d)| format!("{d} ({c})")),
                Input::Choice(o) | Input::Choices(o) => o
                    .iter()
                    .find(|(c, _)| *c == text)
                    .map_or(text.clone(), |(_, d)| (*d).to_owned()),
                Input::Date => date_text(&text),
                Input::EventRef(_) => format!("event {text}"),
                _ => text,
            })
        };
        let words: Vec<String> = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::Array(list) => list.iter().filter_map(one).collect(),
            v => one(v).into_iter().collect(),
        };
        if !words.is_empty() {
            parts.push(format!("{}: {}", field.label, words.join(", ")));
        }
    }
    parts.join(". ")
}

/// The worker's write-up in an event, by its fields' labels ("What was
/// seen and heard", "Analysis"), as written: shown under the event's detail
/// in the chronology and its print. Words the detail already gives (a
/// visit's views, a case note, a manager's rationale) are not repeated.
pub fn write_up(event: &EventKind) -> Vec<(&'static str, String)> {
    let in_detail: &[&str] = match event {
        EventKind::VisitMade { .. } => &["child_views"],
        EventKind::ManagementOversight { .. } => &["rationale"],
        EventKind::CaseNote { .. } => &["text"],
        _ => &[],
    };
    let fields = catalogue::kind(event.name()).map_or(&[][..], |k| k.fields);
    event
        .write_up()
        .into_iter()
        .filter(|(name, _)| !in_detail.contains(name))
        .map(|(name, text)| {
            let label = fields
                .iter()
                .find(|f| f.name == name)
                .map_or(name, |f| f.label);
            (label, text.to_owned())
        })
        .collect()
}

/// Capitalised for the GOV.UK error summary, which starts each message
/// with a capital.
pub fn sentence(text: &str) -> String {
    let mut c = text.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use hearth_domain::codes::{LegalStatus, PlacementType, PrimaryNeed};
    use hearth_domain::events::Placement;

    #[test]
    fn dates_read_as_people_write_them() {
        assert_eq!(date(jiff::civil::date(2026, 12, 2)), "2 December 2026");
        assert_eq!(date_text("2025-03-03T21:30"), "3 March 2025, 21:30");
        assert_eq!(date_text("not a date"), "not a date");
    }

    #[test]
    fn codes_read_in_words_with_the_code_beside_them() {
        let e = EventKind::BecameLookedAfter {
            legal_status: LegalStatus::V2,
            placement: Placement {
                placement_type: PlacementType::U6,
                provider: None,
                postcode: None,
                urn: None,
                long_term: false,
            },
            category_of_need: PrimaryNeed::N1,
            uasc: false,
        };
        let d = detail(&e, &People::default());
        assert!(d.contains("(V2)") && d.contains("(U6)"), "{d}");
        assert!(!d.contains("legal_status"), "{d}");
        assert_eq!(kind(&e), "Started to be looked after");
    }

    #[test]
    fn the_childs_characteristics_read_in_words_from_their_description() {
        use hearth_domain::codes::{Disability, PreviousPermanence};
        let e = EventKind::DisabilitiesRecorded {
            disabilities: vec![Disability::HEAR, Disability::LD],
        };
        assert_eq!(
            detail(&e, &People::default()),
            "Disabilities (NONE if none): Hearing (HEAR), Learning (LD)"
        );
        assert_eq!(kind(&e), "Disabilities");
        let e = EventKind::PreviousPermanenceRecorded {
            permanence: PreviousPermanence::P2,
            date: Some(jiff::civil::date(2019, 3, 1)),
            local_authority: Some("886".into()),
        };
        let d = detail(&e, &People::default());
        assert!(
            d.contains("Special guardianship order (P2)") && d.contains("1 March 2019"),
            "{d}"
        );
        assert_eq!(kind(&EventKind::DeathRecorded), "Death of the child");
    }

    #[test]
    fn people_unknown_are_said_to_be_unknown_not_numbered_as_names() {
        let d = detail(
            &EventKind::IroAppointed {
                iro: hearth_domain::keys::UserId(79),
            },
            &People::default(),
        );
        assert_eq!(d, "an unknown user (number 79)");
    }
}
