//! The England and Wales working-day calendar.
//!
//! A working day is Monday to Friday, less the England and Wales bank
//! holidays (Christmas Day and Good Friday are in the GOV.UK list). The list
//! ships with Hearth (`data/bank-holidays.json`, GOV.UK's own format) and a
//! newer GOV.UK file can be loaded at run time with
//! [`WorkingDayCalendar::from_govuk_json`].
//!
//! Counting convention (`docs/clocks.md`, "Counting"; Working Together:
//! "within 45 working days of the point of referral"): the starting event's
//! date is day 0 and may itself be a non-working day; start + N working days
//! is the Nth working day strictly after the start; "within N working days"
//! is met on or before that date.
//!
//! The calendar covers 1 January of the first year in the list to 31 December
//! of the last. Any date outside that range is an error, never assumed to be a
//! working day: a wrong deadline for a child at risk is worse than none.

use std::collections::BTreeSet;

use jiff::civil::{Date, Weekday};

/// The GOV.UK list shipped with Hearth (2012 to 2028).
const BUNDLED: &str = include_str!("../data/bank-holidays.json");

/// The bundled calendar, read once per process: pages that check a child's
/// record against the returns ask for it on every request, and reading the
/// file costs far more than copying the result.
static BUNDLED_CALENDAR: std::sync::LazyLock<WorkingDayCalendar> = std::sync::LazyLock::new(|| {
    // The bundled file is checked by a test; should it ever fail to
    // parse, an empty-coverage calendar refuses every date rather than
    // guessing.
    WorkingDayCalendar::from_govuk_json(BUNDLED).unwrap_or_else(|_| WorkingDayCalendar::empty())
});

/// The division of the GOV.UK list that applies in England.
const DIVISION: &str = "england-and-wales";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("the calendar does not cover {date}: bank holidays are known from {first} to {last}")]
    NotCovered { date: Date, first: Date, last: Date },
    #[error("bank-holiday file: {0}")]
    BadFile(String),
}

/// Working days in England and Wales over the years a bank-holiday list covers.
///
/// Arithmetic is O(1): for every day in coverage the calendar holds the
/// number of working days up to it, and the position of every working day.
#[derive(Debug, Clone)]
pub struct WorkingDayCalendar {
    first: Date,
    last: Date,
    /// The first day's number in [`day_number`] terms.
    first_number: i32,
    /// `count[i]`: working days in (first - 1, first + i], i.e. up to and including day i.
    count: Vec<u32>,
    /// `working[k]`: the day index of the (k + 1)th working day in coverage.
    working: Vec<u32>,
    holidays: BTreeSet<Date>,
}

impl WorkingDayCalendar {
    /// The England and Wales calendar from the list shipped with Hearth.
    pub fn england_and_wales() -> Self {
        BUNDLED_CALENDAR.clone()
    }

    fn empty() -> Self {
        let d = jiff::civil::date(2000, 1, 1);
        Self::build(d, d, BTreeSet::new(), false)
    }

    /// Loads the `england-and-wales` division of a file in GOV.UK's
    /// `bank-holidays.json` format.
    ///
    /// Coverage runs from 1 January of the first year with an event to 31
    /// December of the last. Every year in between must have events: a gap
    /// means a truncated or wrong file.
    pub fn from_govuk_json(json: &str) -> Result<Self, CalendarError> {
        let value: serde_json::Value =
            serde_json::from_str(json).map_err(|e| CalendarError::BadFile(e.to_string()))?;
        let events = value
            .get(DIVISION)
            .and_then(|d| d.get("events"))
            .and_then(|e| e.as_array())
            .ok_or_else(|| {
                CalendarError::BadFile(format!(
                    "no \"{DIVISION}\" division with an \"events\" list"
                ))
            })?;
        let mut holidays = BTreeSet::new();
        for (i, event) in events.iter().enumerate() {
            let raw = event.get("date").and_then(|d| d.as_str()).ok_or_else(|| {
                CalendarError::BadFile(format!("{DIVISION} event {}: no \"date\"", i + 1))
            })?;
            let date: Date = raw.parse().map_err(|_| {
                CalendarError::BadFile(format!(
                    "{DIVISION} event {}: {raw:?} is not a date (YYYY-MM-DD)",
                    i + 1
                ))
            })?;
            holidays.insert(date);
        }
        let (Some(lo), Some(hi)) = (holidays.first(), holidays.last()) else {
            return Err(CalendarError::BadFile(format!("{DIVISION} has no events")));
        };
        for year in lo.year()..=hi.year() {
            if !holidays.iter().any(|d| d.year() == year) {
                return Err(CalendarError::BadFile(format!(
                    "{DIVISION} has no bank holidays in {year}: the list is incomplete"
                )));
            }
        }
        let first = jiff::civil::date(lo.year(), 1, 1);
        let last = jiff::civil::date(hi.year(), 12, 31);
        Ok(Self::build(first, last, holidays, true))
    }

    fn build(first: Date, last: Date, holidays: BTreeSet<Date>, covered: bool) -> Self {
        let first_number = day_number(first);
        let days = if covered {
            (day_number(last) - first_number + 1).max(0) as usize
        } else {
            0
        };
        let mut count = Vec::with_capacity(days);
        let mut working = Vec::with_capacity(days * 5 / 7 + 1);
        let mut n = 0u32;
        let mut d = first;
        for i in 0..days {
            if is_weekday(d) && !holidays.contains(&d) {
                n += 1;
                working.push(i as u32);
            }
            count.push(n);
            d = d.tomorrow().unwrap_or(d);
        }
        let last = if covered {
            last
        } else {
            first.yesterday().unwrap_or(first)
        };
        Self {
            first,
            last,
            first_number,
            count,
            working,
            holidays,
        }
    }

    /// The first date the calendar covers.
    pub fn first(&self) -> Date {
        self.first
    }

    /// The last date the calendar covers.
    pub fn last(&self) -> Date {
        self.last
    }

    /// The bank holidays in the list.
    pub fn holidays(&self) -> impl Iterator<Item = Date> + '_ {
        self.holidays.iter().copied()
    }

    /// This calendar brought up to date by a newer list: within the newer
    /// list's years its holidays replace these (a proclamation can add a
    /// day, as for the coronation in 2023); outside them these stand. So a
    /// GOV.UK file, which lists only recent years, extends the calendar
    /// without losing the years before it. The two must meet or overlap:
    /// a gap would leave years with no list.
    pub fn extended_by(&self, newer: &WorkingDayCalendar) -> Result<Self, CalendarError> {
        let (a, b) = (self.first.year(), self.last.year());
        let (c, d) = (newer.first.year(), newer.last.year());
        if c > b + 1 || d + 1 < a {
            return Err(CalendarError::BadFile(format!(
                "the new list covers {c} to {d}, which leaves a gap after the {a} to {b} already known"
            )));
        }
        let mut holidays: BTreeSet<Date> = self
            .holidays
            .iter()
            .copied()
            .filter(|h| *h < newer.first || *h > newer.last)
            .collect();
        holidays.extend(newer.holidays.iter().copied());
        let first = self.first.min(newer.first);
        let last = self.last.max(newer.last);
        Ok(Self::build(first, last, holidays, true))
    }

    fn index(&self, date: Date) -> Result<usize, CalendarError> {
        let i = day_number(date) - self.first_number;
        if i < 0 || i as usize >= self.count.len() {
            return Err(CalendarError::NotCovered {
                date,
                first: self.first,
                last: self.last,
            });
        }
        Ok(i as usize)
    }

    fn date_at(&self, index: u32) -> Date {
        date_from_number(self.first_number + index as i32)
    }

    /// Whether `date` is a working day in England and Wales.
    pub fn is_working_day(&self, date: Date) -> Result<bool, CalendarError> {
        let i = self.index(date)?;
        let before = if i == 0 { 0 } else { self.count[i - 1] };
        Ok(self.count[i] > before)
    }

    /// `start` + `n` working days: the `n`th working day strictly after
    /// `start` (day 0). With `n` = 0 it is `start` itself.
    ///
    /// Errors when `start` or the result is outside the calendar's coverage.
    pub fn add_working_days(&self, start: Date, n: u32) -> Result<Date, CalendarError> {
        let i = self.index(start)?;
        if n == 0 {
            return Ok(start);
        }
        // Working days up to and including start, so the next is at position `count[i]`.
        let k = self.count[i] as usize + n as usize - 1;
        match self.working.get(k) {
            Some(&j) => Ok(self.date_at(j)),
            None => Err(CalendarError::NotCovered {
                date: start
                    .checked_add(jiff::Span::new().days(i64::from(n)))
                    .unwrap_or(self.last),
                first: self.first,
                last: self.last,
            }),
        }
    }

    /// The number of working days in (`start`, `end`]: how many working days
    /// after day 0 `end` falls. Negative when `end` is before `start`, so
    /// `working_days_between(d, add_working_days(d, n)) == n`.
    pub fn working_days_between(&self, start: Date, end: Date) -> Result<i64, CalendarError> {
        let a = self.count[self.index(start)?];
        let b = self.count[self.index(end)?];
        Ok(i64::from(b) - i64::from(a))
    }
}

fn is_weekday(d: Date) -> bool {
    !matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday)
}

/// Days since 1970-01-01 (proleptic Gregorian), by Howard Hinnant's
/// `days_from_civil`: the calendar's hot path avoids span arithmetic.
pub fn day_number(d: Date) -> i32 {
    let (y, m, day) = (
        i32::from(d.year()),
        i32::from(d.month()),
        i32::from(d.day()),
    );
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The inverse of [`day_number`].
pub fn date_from_number(z: i32) -> Date {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i32::from(m <= 2);
    // In range for every date jiff can hold; the fallback is unreachable.
    Date::new(y as i16, m as i8, d as i8).unwrap_or(Date::MIN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn cal() -> WorkingDayCalendar {
        WorkingDayCalendar::england_and_wales()
    }

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }

    #[test]
    fn a_newer_list_extends_the_calendar_and_replaces_its_years() {
        let base = WorkingDayCalendar::england_and_wales();
        // 2028 as GOV.UK might republish it with an extra day, and 2029.
        let json = r#"{"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year's Day","date":"2028-01-03"},
            {"title":"Extra","date":"2028-06-06"},
            {"title":"New Year's Day","date":"2029-01-01"},
            {"title":"Christmas Day","date":"2029-12-25"}]}}"#;
        let newer = WorkingDayCalendar::from_govuk_json(json).unwrap();
        let cal = base.extended_by(&newer).unwrap();
        assert_eq!(cal.first(), date(2012, 1, 1));
        assert_eq!(cal.last(), date(2029, 12, 31));
        // Older years keep the bundled list; the newer list's years are its own.
        assert_eq!(cal.is_working_day(date(2015, 12, 25)), Ok(false));
        assert_eq!(cal.is_working_day(date(2028, 6, 6)), Ok(false));
        assert_eq!(base.is_working_day(date(2028, 6, 6)), Ok(true));
        assert_eq!(
            cal.is_working_day(date(2028, 12, 25)),
            Ok(true),
            "not in the newer list for 2028"
        );
        assert_eq!(cal.is_working_day(date(2029, 1, 1)), Ok(false));
        assert_eq!(cal.is_working_day(date(2029, 1, 2)), Ok(true));
        assert!(cal.is_working_day(date(2030, 1, 2)).is_err());

        let far = r#"{"england-and-wales":{"events":[{"title":"x","date":"2031-01-01"}]}}"#;
        let far = WorkingDayCalendar::from_govuk_json(far).unwrap();
        let err = base.extended_by(&far).unwrap_err();
        assert!(err.to_string().contains("leaves a gap"), "{err}");
    }

    #[test]
    fn bundled_list_loads_with_its_coverage() {
        let c = WorkingDayCalendar::from_govuk_json(BUNDLED).unwrap();
        assert_eq!(c.first(), date(2012, 1, 1));
        assert_eq!(c.last(), date(2028, 12, 31));
        assert_eq!(c.holidays().count(), 140);
        for one_off in ["2020-05-08", "2022-06-03", "2022-09-19", "2023-05-08"] {
            assert!(!c.is_working_day(d(one_off)).unwrap(), "{one_off}");
        }
    }

    /// The worked examples in `docs/clocks.md`, "Counting".
    #[test]
    fn worked_examples() {
        let c = cal();
        for (start, n, due) in [
            ("2024-12-20", 45, "2025-02-26"),
            ("2025-03-14", 45, "2025-05-21"),
            ("2024-03-28", 45, "2024-06-05"),
            ("2023-12-22", 45, "2024-02-28"),
            ("2024-12-20", 15, "2025-01-15"),
            ("2024-12-23", 20, "2025-01-23"),
            ("2025-04-14", 20, "2025-05-15"),
        ] {
            assert_eq!(
                c.add_working_days(d(start), n).unwrap(),
                d(due),
                "{start} + {n}"
            );
            assert_eq!(
                c.working_days_between(d(start), d(due)).unwrap(),
                i64::from(n)
            );
        }
    }

    #[test]
    fn start_on_a_non_working_day_is_day_zero() {
        let c = cal();
        // Saturday 2025-01-04: the first working day after is Monday 6th.
        assert_eq!(
            c.add_working_days(d("2025-01-04"), 1).unwrap(),
            d("2025-01-06")
        );
        // Christmas Day 2024 (Wednesday): 27th is the first working day after Boxing Day.
        assert_eq!(
            c.add_working_days(d("2024-12-25"), 1).unwrap(),
            d("2024-12-27")
        );
        assert_eq!(
            c.add_working_days(d("2025-01-04"), 0).unwrap(),
            d("2025-01-04")
        );
    }

    #[test]
    fn weekends_and_holidays() {
        let c = cal();
        assert!(c.is_working_day(d("2025-04-17")).unwrap()); // Maundy Thursday
        assert!(!c.is_working_day(d("2025-04-18")).unwrap()); // Good Friday
        assert!(!c.is_working_day(d("2025-04-21")).unwrap()); // Easter Monday
        assert!(!c.is_working_day(d("2025-04-19")).unwrap()); // Saturday
        assert!(c.is_working_day(d("2025-04-22")).unwrap());
    }

    #[test]
    fn dates_past_coverage_are_errors() {
        let c = cal();
        let err = c.is_working_day(d("2029-01-02")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the calendar does not cover 2029-01-02: bank holidays are known from 2012-01-01 to 2028-12-31"
        );
        assert!(c.is_working_day(d("2011-12-30")).is_err());
        assert!(c.add_working_days(d("2028-12-20"), 10).is_err());
        assert!(c.add_working_days(d("2028-12-20"), 5).is_ok());
        assert!(
            c.working_days_between(d("2028-01-01"), d("2029-01-01"))
                .is_err()
        );
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let e = WorkingDayCalendar::from_govuk_json("{").unwrap_err();
        assert!(e.to_string().starts_with("bank-holiday file:"), "{e}");
        let e = WorkingDayCalendar::from_govuk_json(r#"{"scotland":{"events":[]}}"#).unwrap_err();
        assert!(e.to_string().contains("england-and-wales"), "{e}");
        let e = WorkingDayCalendar::from_govuk_json(
            r#"{"england-and-wales":{"events":[{"date":"2020-01-01"},{"date":"31/12/2022"}]}}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("event 2"), "{e}");
        let e = WorkingDayCalendar::from_govuk_json(
            r#"{"england-and-wales":{"events":[{"date":"2020-01-01"},{"date":"2022-12-26"}]}}"#,
        )
        .unwrap_err();
        assert!(e.to_string().contains("no bank holidays in 2021"), "{e}");
    }

    #[test]
    fn a_newer_file_extends_coverage() {
        let json = r#"{"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year's Day","date":"2029-01-01","notes":"","bunting":true},
            {"title":"Christmas Day","date":"2029-12-25","notes":"","bunting":true}]}}"#;
        let c = WorkingDayCalendar::from_govuk_json(json).unwrap();
        assert!(!c.is_working_day(d("2029-01-01")).unwrap());
        assert!(c.is_working_day(d("2029-01-02")).unwrap());
        assert!(c.is_working_day(d("2028-12-29")).is_err());
    }

    #[test]
    fn day_numbers_round_trip() {
        let mut day = date(1999, 12, 25);
        for _ in 0..20_000 {
            assert_eq!(date_from_number(day_number(day)), day);
            assert_eq!(day_number(day.tomorrow().unwrap()), day_number(day) + 1);
            day = day.tomorrow().unwrap();
        }
        assert_eq!(day_number(date(1970, 1, 1)), 0);
    }

    fn covered_date() -> impl Strategy<Value = Date> {
        (0i32..6000).prop_map(|i| date_from_number(day_number(date(2012, 1, 1)) + i))
    }

    proptest! {
        #[test]
        fn result_is_always_a_working_day(start in covered_date(), n in 1u32..300) {
            let c = cal();
            if let Ok(due) = c.add_working_days(start, n) {
                prop_assert!(c.is_working_day(due).unwrap());
                prop_assert!(!matches!(due.weekday(), Weekday::Saturday | Weekday::Sunday));
                prop_assert!(!c.holidays.contains(&due));
                prop_assert!(due > start);
            }
        }

        #[test]
        fn between_inverts_add(start in covered_date(), n in 0u32..300) {
            let c = cal();
            if let Ok(due) = c.add_working_days(start, n) {
                prop_assert_eq!(c.working_days_between(start, due).unwrap(), i64::from(n));
                prop_assert_eq!(c.working_days_between(due, start).unwrap(), -i64::from(n));
            }
        }

        #[test]
        fn add_is_monotonic(start in covered_date(), n in 0u32..300) {
            let c = cal();
            if let (Ok(a), Ok(b)) = (c.add_working_days(start, n), c.add_working_days(start, n + 1)) {
                prop_assert!(a < b);
                // No working day is skipped between consecutive results.
                prop_assert_eq!(c.working_days_between(a, b).unwrap(), 1);
            }
        }

        #[test]
        fn add_matches_a_day_by_day_count(start in covered_date(), n in 0u32..60) {
            let c = cal();
            if let Ok(due) = c.add_working_days(start, n) {
                let mut day = start;
                let mut left = n;
                while left > 0 {
                    day = day.tomorrow().unwrap();
                    if is_weekday(day) && !c.holidays.contains(&day) {
                        left -= 1;
                    }
                }
                prop_assert_eq!(due, day);
            }
        }
    }
}
