//! Why the fold refused an event: a typed reason that names the field of
//! the event it concerns, so a form can put the message against that field
//! and an API client can tell a wrong value from a contradiction of the
//! record.

use serde::Serialize;

use crate::events::{EventId, EventKind};

/// The field a refusal about the event's date (or the record as it stands
/// on that date) concerns.
pub const DATE_FIELD: &str = "on";

/// One reason the fold refused an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// The event does not fit the record as it stands on its date: nothing
    /// open to add to or end, or something already open. It concerns the
    /// event's date.
    Record(String),
    /// A value of the event is wrong in itself, or against another of its
    /// values. `field` is its JSON path (`placement.placement_type`).
    Value {
        field: &'static str,
        message: String,
    },
    /// The event names an earlier event that is not in the record, or is
    /// not of the kind it must be, or has already been answered.
    Reference {
        field: &'static str,
        message: String,
    },
    /// A correction that cannot apply: no reason given, no such target, a
    /// change of type.
    Correction {
        field: &'static str,
        message: String,
    },
    /// Another event in the ledger has the same id.
    DuplicateId,
    /// The event reached a stage's part of the fold that does not handle
    /// it: a fault in this program, not in the record, refused rather than
    /// folded wrongly.
    Misrouted(&'static str),
}

impl Refused {
    pub(crate) fn record(message: impl Into<String>) -> Self {
        Refused::Record(message.into())
    }

    pub(crate) fn value(field: &'static str, message: impl Into<String>) -> Self {
        Refused::Value {
            field,
            message: message.into(),
        }
    }

    pub(crate) fn reference(field: &'static str, message: impl Into<String>) -> Self {
        Refused::Reference {
            field,
            message: message.into(),
        }
    }

    pub(crate) fn correction(field: &'static str, message: impl Into<String>) -> Self {
        Refused::Correction {
            field,
            message: message.into(),
        }
    }

    pub(crate) fn misrouted(kind: &EventKind) -> Self {
        Refused::Misrouted(kind.name())
    }

    /// The field of the event this concerns, as its JSON path; the date
    /// ([`DATE_FIELD`]) where it is the record as it stands then.
    pub fn field(&self) -> &'static str {
        match self {
            Refused::Value { field, .. }
            | Refused::Reference { field, .. }
            | Refused::Correction { field, .. } => field,
            Refused::Record(_) | Refused::DuplicateId | Refused::Misrouted(_) => DATE_FIELD,
        }
    }
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Record(m)
            | Refused::Value { message: m, .. }
            | Refused::Reference { message: m, .. }
            | Refused::Correction { message: m, .. } => f.write_str(m),
            Refused::DuplicateId => f.write_str("another event in the ledger has the same id"),
            Refused::Misrouted(name) => write!(
                f,
                "{name} could not be applied: this is a fault in Hearth, not in the record; please report it"
            ),
        }
    }
}

/// Refuses with `refused` unless `cond` holds.
pub(crate) fn require(cond: bool, refused: impl FnOnce() -> Refused) -> Result<(), Refused> {
    if cond { Ok(()) } else { Err(refused()) }
}

/// One event refused, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The event at fault.
    pub event: EventId,
    pub refused: Refused,
}

impl Problem {
    /// What is wrong, in words.
    pub fn message(&self) -> String {
        self.refused.to_string()
    }

    /// The field of the event it concerns ([`Refused::field`]).
    pub fn field(&self) -> &'static str {
        self.refused.field()
    }
}

impl Serialize for Problem {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Problem", 3)?;
        st.serialize_field("event", &self.event)?;
        st.serialize_field("field", self.field())?;
        st.serialize_field("message", &self.message())?;
        st.end()
    }
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "event {}: {}", self.event, self.refused)
    }
}

/// Events that contradict the record, and why. Nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct Refusal {
    pub problems: Vec<Problem>,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the record was not changed:")?;
        for p in &self.problems {
            write!(f, "\n- {p}")?;
        }
        Ok(())
    }
}
