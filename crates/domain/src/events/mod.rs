//! The case ledger: typed, dated facts about one child.
//!
//! Nothing is updated in place. A mistake is put right by an
//! [`EventKind::Amended`] or [`EventKind::Voided`] event naming its target and
//! giving a reason, so the history of what was known when is never lost.
//!
//! On the wire an event is one JSON object:
//!
//! ```json
//! {"schema":1,"id":7,"on":"2025-01-06","recorded_by":"u12",
//!  "recorded_at":"2025-01-06T10:15:00Z",
//!  "event":{"type":"VisitMade","visit":"child_protection","child_seen":true,"seen_alone":true}}
//! ```
//!
//! `on` is a date (`YYYY-MM-DD`), or a date and time (`YYYY-MM-DDTHH:MM`,
//! Europe/London) for facts the law times in hours (missing episodes and
//! return interviews).

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use serde::{Deserialize, Serialize};

mod kind;
mod narrative;
mod proceedings;
mod rules;
mod values;

pub use kind::*;
pub use proceedings::{FamilyGroupMeetingNotHeld, PreProceedingsDecision, PreProceedingsMeeting};
pub use values::*;

/// The version of the event JSON format. Bumped on any incompatible change;
/// readers refuse versions they do not know.
pub const SCHEMA_VERSION: u32 = 1;

/// An event's identity in the ledger: unique among the events of a ledger.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[serde(transparent)]
pub struct EventId(pub u64);

impl std::fmt::Display for EventId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "#{}", self.0)
    }
}

/// When something happened: a civil date, or a civil date and time in
/// Europe/London where the law counts hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum When {
    Date(Date),
    DateTime(DateTime),
}

impl When {
    /// The civil date, whichever precision was recorded.
    pub fn date(self) -> Date {
        match self {
            When::Date(d) => d,
            When::DateTime(dt) => dt.date(),
        }
    }

    /// The date and time; a bare date is taken as the start of that day.
    pub fn datetime(self) -> DateTime {
        match self {
            When::Date(d) => d.to_datetime(jiff::civil::Time::midnight()),
            When::DateTime(dt) => dt,
        }
    }
}

impl From<Date> for When {
    fn from(d: Date) -> Self {
        When::Date(d)
    }
}

impl From<DateTime> for When {
    fn from(dt: DateTime) -> Self {
        When::DateTime(dt)
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::Date(d) => write!(f, "{d}"),
            When::DateTime(dt) => write!(f, "{}", dt.strftime("%Y-%m-%dT%H:%M")),
        }
    }
}

impl std::str::FromStr for When {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if s.contains('T') {
            s.parse::<DateTime>()
                .map(When::DateTime)
                .map_err(|_| format!("{s:?} is not a date and time (YYYY-MM-DDTHH:MM)"))
        } else {
            s.parse::<Date>()
                .map(When::Date)
                .map_err(|_| format!("{s:?} is not a date (YYYY-MM-DD)"))
        }
    }
}

impl Serialize for When {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for When {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// One fact in a child's ledger, with who recorded it and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// The JSON format's version; see [`SCHEMA_VERSION`].
    #[serde(deserialize_with = "schema_version")]
    pub schema: u32,
    pub id: EventId,
    /// When it happened.
    pub on: When,
    /// The user who recorded it (an id, never a name).
    pub recorded_by: String,
    /// When it was recorded.
    pub recorded_at: Timestamp,
    #[serde(deserialize_with = "strict_kind")]
    pub event: EventKind,
}

/// Reads an [`EventKind`], refusing fields the kind does not have.
///
/// serde's `deny_unknown_fields` does not reach variants without fields
/// under internal tagging, so a stray field there would be dropped
/// silently; here every field given must be one the kind writes back.
fn strict_kind<'de, D: serde::Deserializer<'de>>(d: D) -> Result<EventKind, D::Error> {
    use serde::de::Error;
    let given = serde_json::Value::deserialize(d)?;
    let kind = EventKind::deserialize(&given).map_err(D::Error::custom)?;
    let written = serde_json::to_value(&kind).map_err(D::Error::custom)?;
    if let (Some(given), Some(written)) = (given.as_object(), written.as_object())
        && let Some(field) = given.keys().find(|k| !written.contains_key(*k))
    {
        return Err(D::Error::custom(format!(
            "unknown field `{field}` for event type {}",
            kind.name()
        )));
    }
    Ok(kind)
}

fn schema_version<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let v = u32::deserialize(d)?;
    if v == SCHEMA_VERSION {
        Ok(v)
    } else {
        Err(serde::de::Error::custom(format!(
            "schema version {v} is not supported (this build reads version {SCHEMA_VERSION})"
        )))
    }
}

impl Event {
    /// A new event in the current schema.
    pub fn new(
        id: u64,
        on: impl Into<When>,
        recorded_by: impl Into<String>,
        recorded_at: Timestamp,
        event: EventKind,
    ) -> Self {
        Self {
            schema: SCHEMA_VERSION,
            id: EventId(id),
            on: on.into(),
            recorded_by: recorded_by.into(),
            recorded_at,
            event,
        }
    }

    /// Parses one JSON line.
    pub fn from_json(line: &str) -> Result<Self, serde_json::Error> {
        serde_json::from_str(line)
    }

    /// Parses an event this system wrote and checked before: the same format,
    /// without the strict check for stray fields (which costs a second
    /// parse). For events read back from the store; input from anywhere
    /// else goes through [`Event::from_json`].
    pub fn from_stored_json(line: &str) -> Result<Self, serde_json::Error> {
        #[derive(Deserialize)]
        struct Stored {
            #[serde(deserialize_with = "schema_version")]
            schema: u32,
            id: EventId,
            on: When,
            recorded_by: String,
            recorded_at: Timestamp,
            event: EventKind,
        }
        let s: Stored = serde_json::from_str(line)?;
        Ok(Event {
            schema: s.schema,
            id: s.id,
            on: s.on,
            recorded_by: s.recorded_by,
            recorded_at: s.recorded_at,
            event: s.event,
        })
    }

    /// Writes the event as one JSON line (no trailing newline).
    pub fn to_json(&self) -> String {
        // Serialising these types cannot fail: every map key is a string.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests;
