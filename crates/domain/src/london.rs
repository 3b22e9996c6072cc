//! England's clock: local time in Europe/London, with its summer time.
//!
//! Dates and times in the ledger are civil (wall-clock) values as a worker in
//! England writes them. Clocks counted in hours run in elapsed time: 72 hours
//! from 20:00 on the Saturday before the clocks go forward end at 21:00 local
//! on the Tuesday, and across the autumn change at 19:00.
//!
//! - A local time in the spring gap (01:00 to 01:59 on the last Sunday in
//!   March) never happened, and is refused ([`check`]).
//! - A local time in the autumn fold (01:00 to 01:59 on the last Sunday in
//!   October) happened twice; Hearth takes the **earlier** (British Summer
//!   Time), the reading a worker recording it that night would most often
//!   mean and the one that never makes a clock look later than it is by
//!   more than the hour that repeats.
//!
//! The zone's rules are built in (the IANA time zone database's
//! `Europe/London`, 2025b), so the domain stays free of I/O and every
//! machine judges alike.

use std::sync::OnceLock;

use jiff::Timestamp;
use jiff::civil::{Date, DateTime};
use jiff::tz::TimeZone;

static TZIF: &[u8] = include_bytes!("europe_london.tzif");

/// The Europe/London time zone.
pub fn zone() -> &'static TimeZone {
    static ZONE: OnceLock<TimeZone> = OnceLock::new();
    ZONE.get_or_init(|| {
        // The built-in data is checked by a test; UTC is never reached.
        TimeZone::tzif("Europe/London", TZIF).unwrap_or(TimeZone::UTC)
    })
}

/// The local date and time in England at `at`.
pub fn local(at: Timestamp) -> DateTime {
    zone().to_datetime(at)
}

/// Today's date in England at `at`.
pub fn today(at: Timestamp) -> Date {
    local(at).date()
}

/// Refuses a local time that did not exist in England (the hour skipped
/// when the clocks go forward), saying so.
pub fn check(dt: DateTime) -> Result<(), String> {
    if matches!(
        zone().to_ambiguous_zoned(dt).offset(),
        jiff::tz::AmbiguousOffset::Gap { .. }
    ) {
        Err(format!(
            "{} did not happen in England: the clocks went forward an hour at 01:00 that night; give the time as it was shown on the clock (02:00 or later is British Summer Time)",
            dt.strftime("%Y-%m-%d %H:%M")
        ))
    } else {
        Ok(())
    }
}

/// The instant of a local time: the earlier of an autumn repeat; a time in
/// the spring gap (refused by the fold) is read as the instant after it.
pub fn instant(dt: DateTime) -> Option<Timestamp> {
    zone()
        .to_ambiguous_zoned(dt)
        .compatible()
        .ok()
        .map(|z| z.timestamp())
}

/// `hours` elapsed hours after the local time `from`, as a local time.
pub fn add_hours(from: DateTime, hours: i64) -> Option<DateTime> {
    let start = instant(from)?;
    let end = start
        .checked_add(jiff::SignedDuration::from_hours(hours))
        .ok()?;
    Some(local(end))
}

/// Refuses a fact dated after `now`: a date after today in England, or a
/// time later than the current minute. What is recorded has happened; a
/// visit tomorrow is a plan, not a fact.
pub fn not_in_future(on: crate::events::When, now: Timestamp) -> Result<(), String> {
    use crate::events::When;
    let now = to_minute(local(now));
    match on {
        When::Date(d) if d > now.date() => Err(format!(
            "{d} is after today ({}): a visit tomorrow is a plan, not a fact; record it once it has happened",
            now.date()
        )),
        When::DateTime(dt) if dt > now => Err(format!(
            "{} is later than now ({}): a visit tomorrow is a plan, not a fact; record it once it has happened",
            dt.strftime("%Y-%m-%d %H:%M"),
            now.strftime("%Y-%m-%d %H:%M")
        )),
        _ => Ok(()),
    }
}

/// `now` to the minute (seconds dropped): a clock due at 18:30 is overdue
/// from 18:31.
pub fn to_minute(now: DateTime) -> DateTime {
    now.with()
        .second(0)
        .subsec_nanosecond(0)
        .build()
        .unwrap_or(now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn the_zone_keeps_summer_time() {
        let winter = date(2025, 1, 15).at(12, 0, 0, 0);
        let summer = date(2025, 7, 15).at(12, 0, 0, 0);
        assert_eq!(instant(winter).unwrap().to_string(), "2025-01-15T12:00:00Z");
        assert_eq!(instant(summer).unwrap().to_string(), "2025-07-15T11:00:00Z");
        // Today in England: 23:30 UTC in summer is already tomorrow.
        let late: Timestamp = "2025-07-15T23:30:00Z".parse().unwrap();
        assert_eq!(today(late), date(2025, 7, 16));
    }

    #[test]
    fn hours_are_elapsed_hours() {
        // 2025: forward on 30 March, back on 26 October.
        let spring = date(2025, 3, 29).at(20, 0, 0, 0);
        assert_eq!(
            add_hours(spring, 72),
            Some(date(2025, 4, 1).at(21, 0, 0, 0))
        );
        let autumn = date(2025, 10, 25).at(20, 0, 0, 0);
        assert_eq!(
            add_hours(autumn, 72),
            Some(date(2025, 10, 28).at(19, 0, 0, 0))
        );
        let plain = date(2025, 6, 1).at(18, 30, 0, 0);
        assert_eq!(
            add_hours(plain, 72),
            Some(date(2025, 6, 4).at(18, 30, 0, 0))
        );
    }

    #[test]
    fn a_time_in_the_spring_gap_is_refused_and_an_autumn_repeat_is_the_earlier() {
        let gap = date(2025, 3, 30).at(1, 30, 0, 0);
        let e = check(gap).unwrap_err();
        assert!(e.contains("did not happen in England"), "{e}");
        assert!(check(date(2025, 3, 30).at(2, 0, 0, 0)).is_ok());
        let twice = date(2025, 10, 26).at(1, 30, 0, 0);
        assert!(check(twice).is_ok());
        assert_eq!(
            instant(twice).unwrap().to_string(),
            "2025-10-26T00:30:00Z",
            "the earlier, in summer time"
        );
    }

    #[test]
    fn facts_are_not_in_the_future() {
        use crate::events::When;
        // 23:30 UTC on 15 July is 00:30 on the 16th in England.
        let now: Timestamp = "2025-07-15T23:30:20Z".parse().unwrap();
        let on = |s: &str| s.parse::<When>().unwrap();
        assert!(not_in_future(on("2025-07-16"), now).is_ok());
        assert!(not_in_future(on("2025-07-16T00:30"), now).is_ok());
        let e = not_in_future(on("2025-07-16T00:31"), now).unwrap_err();
        assert!(e.contains("a plan, not a fact"), "{e}");
        assert!(not_in_future(on("2025-07-17"), now).is_err());
    }

    #[test]
    fn now_is_taken_to_the_minute() {
        let now = date(2025, 6, 4).at(18, 30, 59, 999);
        assert_eq!(to_minute(now), date(2025, 6, 4).at(18, 30, 0, 0));
    }
}
