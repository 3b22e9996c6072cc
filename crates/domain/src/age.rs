//! Ages and birthdays: one rule for every clock and check that turns on a
//! child's age (a PEP from 5, eligibility from 16, leaving care at 18 and
//! 21, health reviews under 5).
//!
//! A person "attains a particular age expressed in years" at "the
//! commencement of the relevant anniversary of the date of his birth"
//! (Family Law Reform Act 1969, s9(1), England and Wales). For a child born
//! on 29 February the Act names no day in a common year; Hearth takes
//! **1 March**: the 29 February anniversary has not come while 28 February
//! lasts, so the years are complete only when 1 March begins. It is the
//! rule Scots law states outright (Age of Legal Capacity (Scotland) Act
//! 1991, s6(2)). In a leap year the birthday is 29 February itself.

use jiff::civil::Date;

/// The day a child born on `dob` attains `years` (their `years`th
/// birthday): 1 March in a common year for a 29 February birth.
pub fn anniversary(dob: Date, years: i16) -> Option<Date> {
    let year = dob.year().checked_add(years)?;
    match Date::new(year, dob.month(), dob.day()) {
        Ok(d) => Some(d),
        // Only 29 February in a common year has no anniversary of its own.
        Err(_) => Date::new(year, 3, 1).ok(),
    }
}

/// Age in whole years on `on` of a child born on `dob`; `None` before birth.
pub fn age_on(dob: Date, on: Date) -> Option<i16> {
    if on < dob {
        return None;
    }
    let years = on.year() - dob.year();
    let had_birthday = anniversary(dob, years).is_some_and(|b| b <= on);
    Some(if had_birthday { years } else { years - 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_29_february_birthday_is_1_march_in_a_common_year() {
        let dob = date(2008, 2, 29);
        assert_eq!(anniversary(dob, 16), Some(date(2024, 2, 29)), "a leap year");
        assert_eq!(anniversary(dob, 17), Some(date(2025, 3, 1)));
        assert_eq!(anniversary(dob, 18), Some(date(2026, 3, 1)));
        assert_eq!(age_on(dob, date(2026, 2, 28)), Some(17));
        assert_eq!(age_on(dob, date(2026, 3, 1)), Some(18));
        assert_eq!(age_on(dob, date(2024, 2, 28)), Some(15));
        assert_eq!(age_on(dob, date(2024, 2, 29)), Some(16));
        assert_eq!(age_on(dob, date(2008, 2, 28)), None);
        assert_eq!(age_on(dob, dob), Some(0));
    }

    #[test]
    fn other_birthdays_are_the_same_day() {
        let dob = date(2010, 3, 1);
        assert_eq!(anniversary(dob, 5), Some(date(2015, 3, 1)));
        assert_eq!(age_on(dob, date(2015, 2, 28)), Some(4));
        assert_eq!(age_on(dob, date(2015, 3, 1)), Some(5));
    }
}
