//! GOV.UK's date input: a date as three boxes, day, month and year (and a
//! time where the law counts hours), on every form. The boxes are gathered
//! into the ISO text the ledger reads at the edge, so everything behind the
//! form sees one value; a form posted with the ISO text itself (the API's
//! shape, or an older page) still works.

use jiff::civil::Date;

/// What the boxes hold, as typed or as the record says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DateParts {
    pub day: String,
    pub month: String,
    pub year: String,
    /// `HH:MM`, for a date and time.
    pub time: String,
}

impl DateParts {
    /// The parts of an ISO date (`2025-03-03`) or date and time
    /// (`2025-03-03T21:30`); anything else leaves the boxes empty.
    pub fn from_text(text: &str) -> DateParts {
        let (date, time) = text.split_once('T').unwrap_or((text, ""));
        match date.parse::<Date>() {
            Ok(d) => DateParts {
                day: d.day().to_string(),
                month: d.month().to_string(),
                year: d.year().to_string(),
                time: time.to_owned(),
            },
            Err(_) => DateParts::default(),
        }
    }

    /// The boxes for field `name` from a form's values: as typed, where the
    /// form sent boxes; otherwise from the ISO text.
    pub fn of(values: &[(String, String)], name: &str) -> DateParts {
        let part = |p: &str| {
            values
                .iter()
                .find(|(k, _)| *k == format!("{name}-{p}"))
                .map(|(_, v)| v.clone())
        };
        match (part("day"), part("month"), part("year")) {
            (None, None, None) => DateParts::from_text(
                values
                    .iter()
                    .find(|(k, _)| k == name)
                    .map_or("", |(_, v)| v.as_str()),
            ),
            (day, month, year) => DateParts {
                day: day.unwrap_or_default(),
                month: month.unwrap_or_default(),
                year: year.unwrap_or_default(),
                time: part("time").unwrap_or_default(),
            },
        }
    }
}

/// One date field of a form: its name, what it is called, and whether it
/// takes a time.
pub struct DateField<'a> {
    pub name: &'a str,
    pub label: &'a str,
    pub timed: bool,
}

/// Gathers each date field's boxes into its ISO text in `values`, in place
/// of any text given under the field's own name. Returns a message for each
/// field whose boxes do not make a date, as GOV.UK words them ("Date of the
/// visit must include a month", "must be a real date"). Fields sent as text
/// are left as they are; all boxes empty gathers to nothing, for the
/// required check to speak of.
pub fn gather(
    values: &mut Vec<(String, String)>,
    fields: &[DateField<'_>],
) -> Vec<(String, String)> {
    let mut errors = Vec::new();
    for field in fields {
        let key = |p: &str| format!("{}-{p}", field.name);
        let has_boxes = values
            .iter()
            .any(|(k, _)| *k == key("day") || *k == key("month") || *k == key("year"));
        if !has_boxes {
            continue;
        }
        let parts = DateParts::of(values, field.name);
        values.retain(|(k, _)| k != field.name);
        match compose(&parts, field) {
            Ok(Some(text)) => values.push((field.name.to_owned(), text)),
            Ok(None) => {}
            Err(message) => errors.push((field.name.to_owned(), message)),
        }
    }
    errors
}

/// The ISO text for the boxes, none if all are empty, or why they are not a
/// date.
fn compose(parts: &DateParts, field: &DateField<'_>) -> Result<Option<String>, String> {
    let (day, month, year) = (parts.day.trim(), parts.month.trim(), parts.year.trim());
    let time = parts.time.trim();
    if day.is_empty() && month.is_empty() && year.is_empty() && time.is_empty() {
        return Ok(None);
    }
    let label = field.label;
    let missing: Vec<&str> = [("day", day), ("month", month), ("year", year)]
        .iter()
        .filter(|(_, v)| v.is_empty())
        .map(|(n, _)| *n)
        .collect();
    if !missing.is_empty() {
        return Err(format!("{label} must include a {}", missing.join(" and ")));
    }
    let number = |v: &str| v.parse::<i16>().ok();
    let (Some(d), Some(m), Some(y)) = (number(day), number(month), number(year)) else {
        return Err(format!("{label} must be a real date"));
    };
    if !(1000..=9999).contains(&y) {
        return Err(format!("{label} must include a year with 4 numbers"));
    }
    let date = i8::try_from(d)
        .ok()
        .zip(i8::try_from(m).ok())
        .and_then(|(d, m)| Date::new(y, m, d).ok())
        .ok_or_else(|| format!("{label} must be a real date"))?;
    if !field.timed {
        return Ok(Some(date.to_string()));
    }
    let time = time
        .parse::<jiff::civil::Time>()
        .ok()
        .filter(|_| time.len() == 5)
        .ok_or_else(|| "Enter the time as hours and minutes, for example 21:30".to_owned())?;
    Ok(Some(format!("{date}T{}", time.strftime("%H:%M"))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    const ON: DateField<'static> = DateField {
        name: "on",
        label: "Date of the visit",
        timed: false,
    };

    #[test]
    fn boxes_become_the_date_the_ledger_reads() {
        let mut v = values(&[("on-day", "3"), ("on-month", "3"), ("on-year", "2025")]);
        assert!(gather(&mut v, &[ON]).is_empty());
        assert!(v.contains(&("on".into(), "2025-03-03".into())));
        // The boxes stay, so a refused form shows what was typed.
        assert_eq!(DateParts::of(&v, "on").day, "3");
    }

    #[test]
    fn boxes_that_are_not_a_date_say_what_is_wrong() {
        for (parts, message) in [
            (("3", "", "2025"), "Date of the visit must include a month"),
            (
                ("", "", "2025"),
                "Date of the visit must include a day and month",
            ),
            (("31", "2", "2025"), "Date of the visit must be a real date"),
            (
                ("3", "March", "2025"),
                "Date of the visit must be a real date",
            ),
            (
                ("3", "3", "25"),
                "Date of the visit must include a year with 4 numbers",
            ),
        ] {
            let mut v = values(&[
                ("on-day", parts.0),
                ("on-month", parts.1),
                ("on-year", parts.2),
            ]);
            assert_eq!(
                gather(&mut v, &[ON]),
                [("on".to_owned(), message.to_owned())]
            );
            assert!(!v.iter().any(|(k, _)| k == "on"), "no date is made up");
        }
        // Nothing typed is nothing given: the required check speaks.
        let mut v = values(&[("on-day", ""), ("on-month", " "), ("on-year", "")]);
        assert!(gather(&mut v, &[ON]).is_empty());
        assert!(!v.iter().any(|(k, _)| k == "on"));
    }

    #[test]
    fn a_timed_date_takes_its_time() {
        let timed = DateField { timed: true, ..ON };
        let mut v = values(&[
            ("on-day", "1"),
            ("on-month", "2"),
            ("on-year", "2025"),
            ("on-time", "21:30"),
        ]);
        assert!(gather(&mut v, &[timed]).is_empty());
        assert!(v.contains(&("on".into(), "2025-02-01T21:30".into())));
        let mut v = values(&[("on-day", "1"), ("on-month", "2"), ("on-year", "2025")]);
        let timed = DateField { timed: true, ..ON };
        assert_eq!(gather(&mut v, &[timed])[0].0, "on");
    }

    #[test]
    fn text_sent_as_before_is_left_alone() {
        let mut v = values(&[("on", "2025-03-03")]);
        assert!(gather(&mut v, &[ON]).is_empty());
        assert_eq!(v, values(&[("on", "2025-03-03")]));
        assert_eq!(
            DateParts::from_text("2025-02-01T21:30"),
            DateParts {
                day: "1".into(),
                month: "2".into(),
                year: "2025".into(),
                time: "21:30".into()
            }
        );
    }
}
