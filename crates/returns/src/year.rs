//! Collection years: 1 April to 31 March, named like "2025-26".

use std::fmt;
use std::str::FromStr;

use jiff::civil::{Date, date};
use serde::Serialize;

/// A collection year the returns are built and checked for. Each year's
/// rules and file layout are its own, so a year not listed here is refused
/// rather than guessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum CollectionYear {
    /// 1 April 2025 to 31 March 2026.
    Y2025_26,
    /// 1 April 2026 to 31 March 2027: the CIN census adds the pre-proceedings
    /// and family group decision-making block, the SSDA903 deprivation of
    /// liberty orders.
    Y2026_27,
}

impl CollectionYear {
    pub const ALL: [CollectionYear; 2] = [CollectionYear::Y2025_26, CollectionYear::Y2026_27];

    /// The first day of the year: 1 April.
    pub fn start(self) -> Date {
        date(self.first_calendar_year(), 4, 1)
    }

    /// The reference date: 31 March, the last day of the year.
    pub fn reference_date(self) -> Date {
        date(self.first_calendar_year() + 1, 3, 31)
    }

    /// The collection year a date falls in, if it is one Hearth knows.
    pub fn containing(day: Date) -> Option<CollectionYear> {
        CollectionYear::ALL
            .into_iter()
            .find(|year| year.start() <= day && day <= year.reference_date())
    }

    /// The collection year a date falls in, or the nearest Hearth knows:
    /// the first before them, the last after them. The year a page or a
    /// check is about when none is asked for.
    pub fn nearest(day: Date) -> CollectionYear {
        CollectionYear::containing(day).unwrap_or_else(|| {
            if day < CollectionYear::ALL[0].start() {
                CollectionYear::ALL[0]
            } else {
                CollectionYear::ALL[CollectionYear::ALL.len() - 1]
            }
        })
    }

    /// The year before, if Hearth knows it.
    pub fn previous(self) -> Option<CollectionYear> {
        CollectionYear::ALL
            .into_iter()
            .find(|year| year.first_calendar_year() + 1 == self.first_calendar_year())
    }

    fn first_calendar_year(self) -> i16 {
        match self {
            CollectionYear::Y2025_26 => 2025,
            CollectionYear::Y2026_27 => 2026,
        }
    }
}

impl fmt::Display for CollectionYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let first = self.first_calendar_year();
        write!(f, "{}-{:02}", first, (first + 1) % 100)
    }
}

/// A collection year Hearth does not know, or text that is not one.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not a collection year Hearth knows: give 2025-26 or 2026-27")]
pub struct UnknownYear(pub String);

impl FromStr for CollectionYear {
    type Err = UnknownYear;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        CollectionYear::ALL
            .into_iter()
            .find(|year| year.to_string() == text.trim())
            .ok_or_else(|| UnknownYear(text.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_year_runs_from_april_to_march_and_reads_back_from_its_name() {
        let year: CollectionYear = "2026-27".parse().unwrap();
        assert_eq!(year, CollectionYear::Y2026_27);
        assert_eq!(year.start(), date(2026, 4, 1));
        assert_eq!(year.reference_date(), date(2027, 3, 31));
        assert_eq!(
            CollectionYear::containing(date(2026, 3, 31)),
            Some(CollectionYear::Y2025_26)
        );
        assert_eq!(CollectionYear::containing(date(2027, 4, 1)), None);
        assert_eq!(CollectionYear::nearest(date(2026, 12, 4)), year);
        assert_eq!(
            CollectionYear::nearest(date(2026, 3, 31)),
            CollectionYear::Y2025_26
        );
        assert_eq!(
            CollectionYear::nearest(date(2024, 1, 1)),
            CollectionYear::Y2025_26
        );
        assert_eq!(
            CollectionYear::nearest(date(2030, 1, 1)),
            CollectionYear::Y2026_27
        );
        assert!("2024-25".parse::<CollectionYear>().is_err());
        assert_eq!(year.previous(), Some(CollectionYear::Y2025_26));
        assert_eq!(CollectionYear::Y2025_26.previous(), None);
    }
}
