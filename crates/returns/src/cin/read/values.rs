//! The forms of the census's values. Text of the wrong form is kept as
//! [`Field::Invalid`]; absent or empty text is [`Field::Missing`].

use std::str::FromStr;

use jiff::civil::{Date, DateTime};

use crate::Field;

fn field<T>(text: Option<String>, parse: impl FnOnce(&str) -> Option<T>) -> Field<T> {
    match text {
        None => Field::Missing,
        Some(text) => match parse(&text) {
            Some(value) => Field::Valid(value),
            None => Field::Invalid(text),
        },
    }
}

/// Any non-empty text.
pub(super) fn text(value: Option<String>) -> Field<String> {
    field(value, |text| Some(text.to_owned()))
}

/// Text that must be exactly `expected` (`Collection`, `SourceLevel`).
pub(super) fn exactly(value: Option<String>, expected: &str) -> Field<String> {
    field(value, |text| (text == expected).then(|| text.to_owned()))
}

/// Digits only, at least `min` of them and at most `max` (`LEA`, `SerialNo`).
pub(super) fn digits(value: Option<String>, min: usize, max: usize) -> Field<String> {
    field(value, |text| {
        (text.len() >= min && text.len() <= max && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.to_owned())
    })
}

/// A code from one of the DfE's lists.
pub(super) fn code<T: FromStr>(value: Option<String>) -> Field<T> {
    field(value, |text| text.parse().ok())
}

/// An `xs:date` as the census writes it: `YYYY-MM-DD`, nothing else.
pub(super) fn date(value: Option<String>) -> Field<Date> {
    field(value, parse_date)
}

pub(super) fn parse_date(text: &str) -> Option<Date> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes.iter().enumerate().all(|(index, byte)| match index {
            4 | 7 => *byte == b'-',
            _ => byte.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    text.parse().ok()
}

/// An `xs:dateTime`: `YYYY-MM-DDThh:mm:ss`, with any fraction of a second
/// and any time zone (`Z` or `+hh:mm`) accepted and the zone set aside, as
/// the file's own clock time is what the header records.
pub(super) fn date_time(value: Option<String>) -> Field<DateTime> {
    field(value, |text| {
        let civil = text
            .strip_suffix('Z')
            .or_else(|| {
                let cut = text.len().checked_sub(6)?;
                let zone = text.get(cut..)?;
                let zoned = (zone.starts_with('+') || zone.starts_with('-'))
                    && zone.as_bytes().get(3) == Some(&b':');
                zoned.then(|| &text[..cut])
            })
            .unwrap_or(text);
        if civil.len() < 19 || civil.as_bytes().get(10) != Some(&b'T') {
            return None;
        }
        parse_date(civil.get(..10)?)?;
        civil.parse().ok()
    })
}

/// A yes/no item: `1`/`0`, or `true`/`false` in any case.
pub(super) fn yes_no(value: Option<String>) -> Field<bool> {
    field(value, |text| match text.to_ascii_lowercase().as_str() {
        "1" | "true" => Some(true),
        "0" | "false" => Some(false),
        _ => None,
    })
}

/// A count: zero or more, digits only.
pub(super) fn count(value: Option<String>) -> Field<u32> {
    field(value, |text| {
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    })
}

/// A four-digit year.
pub(super) fn year(value: Option<String>) -> Field<i16> {
    field(value, |text| {
        if text.len() != 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date as d;

    fn some(text: &str) -> Option<String> {
        Some(text.to_owned())
    }

    #[test]
    fn dates_are_only_year_month_day() {
        assert_eq!(date(some("2026-03-31")), Field::Valid(d(2026, 3, 31)));
        for bad in [
            "31/03/2026",
            "20260331",
            "2026-02-30",
            "2026-3-31",
            "+002026-03-31",
        ] {
            assert_eq!(date(some(bad)), Field::Invalid(bad.into()), "{bad}");
        }
        assert_eq!(date(None), Field::Missing);
    }

    #[test]
    fn date_times_set_the_zone_aside() {
        let at = d(2022, 7, 21).at(10, 12, 28, 0);
        assert_eq!(date_time(some("2022-07-21T10:12:28Z")), Field::Valid(at));
        assert_eq!(
            date_time(some("2022-07-21T10:12:28+01:00")),
            Field::Valid(at)
        );
        assert_eq!(date_time(some("2022-07-21T10:12:28")), Field::Valid(at));
        assert!(matches!(date_time(some("2022-07-21")), Field::Invalid(_)));
    }

    #[test]
    fn yes_no_counts_and_digits() {
        assert_eq!(yes_no(some("TRUE")), Field::Valid(true));
        assert_eq!(yes_no(some("0")), Field::Valid(false));
        assert_eq!(yes_no(some("Y")), Field::Invalid("Y".into()));
        assert_eq!(count(some("0")), Field::Valid(0));
        assert_eq!(count(some("-1")), Field::Invalid("-1".into()));
        assert_eq!(digits(some("201"), 3, 3), Field::Valid("201".into()));
        assert_eq!(digits(some("20"), 3, 3), Field::Invalid("20".into()));
        assert_eq!(year(some("2026")), Field::Valid(2026));
        assert_eq!(exactly(some("CIN"), "CIN"), Field::Valid("CIN".into()));
        assert_eq!(exactly(some("CLA"), "CIN"), Field::Invalid("CLA".into()));
    }
}
