//! One child's ledger as it is written: events in the order they are known,
//! each dated, none after the as-at date.

use hearth_domain::calendar::{WorkingDayCalendar, date_from_number, day_number};
use hearth_domain::events::{Event, EventId, EventKind, When};
use jiff::civil::Date;

use crate::people::Identity;
use crate::rng::Rng;

/// A child of the synthetic authority: who they are, and their ledger.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthChild {
    pub identity: Identity,
    /// Adopted children's records are restricted (adoption).
    pub adopted: bool,
    pub events: Vec<Event>,
}

/// Day numbers (days since 1970-01-01) keep the date arithmetic cheap.
pub type Day = i32;

pub fn day(d: Date) -> Day {
    day_number(d)
}

pub fn date(n: Day) -> Date {
    date_from_number(n)
}

/// A child while their history is written.
pub struct Kid {
    pub identity: Identity,
    pub dob: Day,
    pub rng: Rng,
    pub events: Vec<Event>,
    pub adopted: bool,
    /// The day the child's latest episode of need closed; `None` while one
    /// is open (or none has begun).
    pub open: bool,
    pub closed_on: Day,
    /// The worker the case is allocated to now, and since when.
    pub worker: u32,
    pub team: u32,
    pub allocated_on: Day,
    as_at: Day,
    seq: i64,
}

impl Kid {
    pub fn new(identity: Identity, rng: Rng, as_at: Day) -> Kid {
        let dob = day(identity.date_of_birth);
        Kid {
            identity,
            dob,
            rng,
            events: Vec::with_capacity(64),
            adopted: false,
            open: false,
            closed_on: Day::MIN,
            worker: 0,
            team: 0,
            allocated_on: Day::MIN,
            as_at,
            seq: 0,
        }
    }

    /// The day the child turns `years`, by the domain's rule (29 February
    /// births: 1 March in common years).
    pub fn birthday(&self, years: i16) -> Day {
        let dob = self.identity.date_of_birth;
        hearth_domain::age::anniversary(dob, years).map_or(self.dob + i32::from(years) * 365, day)
    }

    /// Age in whole years on `d`, by birthdays (not 365-day years); 0
    /// before birth.
    pub fn age_on(&self, d: Day) -> i32 {
        hearth_domain::age::age_on(self.identity.date_of_birth, date(d)).map_or(0, i32::from)
    }

    pub fn as_at(&self) -> Day {
        self.as_at
    }

    /// Records `kind` on `on` by `by`; facts after the as-at date are not yet
    /// known and are left out (`None`).
    pub fn add(&mut self, on: Day, by: u32, kind: EventKind) -> Option<EventId> {
        self.add_when(When::Date(date(on)), by, kind)
    }

    /// As [`Kid::add`], at a time of day (for the facts timed in hours).
    pub fn add_at(&mut self, on: Day, minute: i32, by: u32, kind: EventKind) -> Option<EventId> {
        let d = date(on);
        let (h, m) = (
            (minute / 60).clamp(0, 23) as i8,
            (minute % 60).clamp(0, 59) as i8,
        );
        // A time the clocks skip in spring never happened: the hour after.
        let at = d.at(h, m, 0, 0);
        let at = hearth_domain::london::add_hours(at, 0).unwrap_or(at);
        self.add_when(When::DateTime(at), by, kind)
    }

    fn add_when(&mut self, on: When, by: u32, kind: EventKind) -> Option<EventId> {
        if day(on.date()) > self.as_at {
            return None;
        }
        if self.events.is_empty() {
            // The date of birth is the ledger's first fact, recorded with
            // the first contact (for ledgers exchanged as files; the store
            // keeps it on the child's row as well).
            let dob = self.identity.date_of_birth;
            self.push(
                When::Date(on.date()),
                by,
                EventKind::BirthDetailsRecorded {
                    date_of_birth: Some(dob),
                    expected_date_of_birth: None,
                },
            );
        }
        Some(self.push(on, by, kind))
    }

    fn push(&mut self, on: When, by: u32, kind: EventKind) -> EventId {
        let id = self.events.len() as u64 + 1;
        self.seq += 1;
        // Recorded at the end of the day it happened (a timed fact: at its
        // time), in the order written, so facts of one day keep their order.
        let base = i64::from(day(on.date())) * 86_400 + 16 * 3_600;
        let at = match on {
            When::DateTime(dt) => {
                base - 16 * 3_600 + i64::from(dt.hour()) * 3_600 + i64::from(dt.minute()) * 60 + 60
            }
            When::Date(_) => base,
        } + self.seq;
        let recorded_at = jiff::Timestamp::from_second(at).unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        self.events
            .push(Event::new(id, on, by.to_string(), recorded_at, kind));
        EventId(id)
    }

    pub fn finish(self) -> SynthChild {
        SynthChild {
            identity: self.identity,
            adopted: self.adopted,
            events: self.events,
        }
    }
}

/// Working-day arithmetic on the calendar, falling back to calendar days
/// (7 for 5) at the edges of its coverage.
pub struct Days<'c> {
    pub calendar: &'c WorkingDayCalendar,
}

impl Days<'_> {
    pub fn add_working(&self, from: Day, n: i32) -> Day {
        self.calendar
            .add_working_days(date(from), n.max(0) as u32)
            .map_or(from + n * 7 / 5, day)
    }

    pub fn working_between(&self, a: Day, b: Day) -> i64 {
        self.calendar
            .working_days_between(date(a), date(b))
            .unwrap_or(i64::from(b - a) * 5 / 7)
    }

    /// The next working day on or after `d`.
    pub fn working_on_or_after(&self, d: Day) -> Day {
        let mut d = d;
        for _ in 0..10 {
            if self.calendar.is_working_day(date(d)).unwrap_or(true) {
                return d;
            }
            d += 1;
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as on;

    fn kid(dob: Date) -> Kid {
        let mut rng = Rng::new(1);
        let identity = Identity {
            la_child_id: crate::people::la_child_id(0),
            given_name: "Sam".into(),
            family_name: "Example".into(),
            date_of_birth: dob,
            sex: hearth_domain::codes::Sex::F,
            ethnicity: crate::people::ethnicity(&mut rng, false),
            upn: None,
            nhs_number: crate::people::nhs_number(&mut rng),
            postcode: None,
        };
        Kid::new(identity, rng, day(on(2030, 1, 1)))
    }

    #[test]
    fn ages_are_counted_by_birthdays_not_365_day_years() {
        // 1,825 days after 1 January 2010 is 31 December 2014: still 4.
        let k = kid(on(2010, 1, 1));
        assert_eq!(k.age_on(day(on(2014, 12, 31))), 4);
        assert_eq!(k.age_on(day(on(2015, 1, 1))), 5);
        // Born on 29 February: 5 on 1 March 2021, as the domain has it.
        let k = kid(on(2016, 2, 29));
        assert_eq!(k.birthday(5), day(on(2021, 3, 1)));
        assert_eq!(k.age_on(day(on(2021, 2, 28))), 4);
        assert_eq!(k.age_on(day(on(2021, 3, 1))), 5);
        assert_eq!(k.birthday(16), day(on(2032, 2, 29)));
    }
}
