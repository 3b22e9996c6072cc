//! Test support: a child's ledger built event by event.

use jiff::Timestamp;
use jiff::civil::Date;

use crate::events::{Event, EventId, EventKind, When};
use crate::record::{ChildRecord, Refusal};

/// A date from `YYYY-MM-DD`.
pub fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A ledger under construction. Each event gets the next id and is recorded
/// at noon UTC on the day it happened, unless recorded later with [`Ledger::late`].
#[derive(Default)]
pub struct Ledger {
    pub events: Vec<Event>,
}

impl Ledger {
    pub fn new() -> Self {
        Self::default()
    }

    fn next_id(&self) -> u64 {
        self.events.len() as u64 + 1
    }

    /// Adds an event that happened (and was recorded) on `on`, a date
    /// (`YYYY-MM-DD`) or a date and time (`YYYY-MM-DDTHH:MM`).
    pub fn add(&mut self, on: &str, kind: EventKind) -> EventId {
        let when: When = on.parse().unwrap();
        let at = recorded_on(when.date());
        self.push(when, at, kind)
    }

    /// Adds an event that happened on `on` but was recorded on `recorded`.
    pub fn late(&mut self, on: &str, recorded: &str, kind: EventKind) -> EventId {
        let when: When = on.parse().unwrap();
        self.push(when, recorded_on(d(recorded)), kind)
    }

    fn push(&mut self, when: When, at: Timestamp, kind: EventKind) -> EventId {
        let e = Event::new(self.next_id(), when, "u1", at, kind);
        let id = e.id;
        self.events.push(e);
        id
    }

    /// The record as at `as_at`, which must fold.
    pub fn record(&self, as_at: &str) -> ChildRecord {
        match ChildRecord::fold(&self.events, d(as_at)) {
            Ok(r) => r,
            Err(refusal) => panic!("{refusal}"),
        }
    }

    /// The refusal the ledger gets, which must be refused.
    pub fn refusal(&self) -> Refusal {
        match ChildRecord::fold(&self.events, Date::MAX) {
            Ok(_) => panic!("the ledger was accepted"),
            Err(r) => r,
        }
    }
}

fn recorded_on(date: Date) -> Timestamp {
    date.at(12, 0, 0, 0)
        .to_zoned(jiff::tz::TimeZone::UTC)
        .unwrap()
        .timestamp()
}
