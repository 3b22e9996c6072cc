//! Timescale lengths as policy data: the statutory defaults, and a local
//! authority's stricter local standards from a TOML file.
//!
//! ```toml
//! [timescales]
//! cp_visit = "10 working days"          # a local standard: any length
//! icpc = "10 working days"              # statutory: may only be tightened
//! health_review.under_5 = "6 months"    # clocks with more than one length
//! ```
//!
//! A statutory item may be tightened, never loosened (`docs/clocks.md`):
//! a looser value is refused with an error naming the item. A value must be
//! given in a unit comparable with the default (working days with working
//! days; hours, days and weeks with each other; months with months).
//!
//! Hours, days and weeks are compared by the latest deadline each can
//! produce, not by converting units: a clock in days or weeks is met by
//! anything on its last day, so in place of a clock counted in hours from
//! a time of day, `n` days allow up to `24 × (n + 1)` hours (from a start
//! just after midnight). `return_interview = "3 days"` would allow 96 hours
//! and is refused; `"2 days"` (at most 72) is allowed. In place of a clock
//! in days or weeks, `h` hours allow `h` hours from the start, which may
//! itself be late in a day, so at most `24 × n` hours stand for `n` days.

use std::fmt;

/// A length of time as the guidance states it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Length {
    WorkingDays(u32),
    Days(u32),
    Weeks(u32),
    Months(u32),
    Hours(u32),
}

impl Length {
    /// Lengths in the same group can be compared; across groups they cannot
    /// (10 working days is not a fixed number of calendar days).
    fn comparable(self) -> (u8, u64) {
        match self {
            Length::WorkingDays(n) => (0, u64::from(n)),
            Length::Hours(n) => (1, u64::from(n)),
            Length::Days(n) => (1, u64::from(n) * 24),
            Length::Weeks(n) => (1, u64::from(n) * 24 * 7),
            Length::Months(n) => (2, u64::from(n)),
        }
    }

    /// The most this length can allow, in the units of its group, when it
    /// stands in for `default`. A length in days or weeks in place of one
    /// in hours runs to the end of its last day: up to a day more than its
    /// count of hours (from a start just after midnight).
    fn loosest_in_place_of(self, default: Length) -> u64 {
        let (_, amount) = self.comparable();
        match (self, default) {
            (Length::Days(_) | Length::Weeks(_), Length::Hours(_)) => amount + 24,
            _ => amount,
        }
    }

    /// Whole days or weeks, counted to the end of a day.
    fn runs_to_end_of_day(self) -> bool {
        matches!(self, Length::Days(_) | Length::Weeks(_))
    }

    fn unit_name(self) -> &'static str {
        match self {
            Length::WorkingDays(_) => "working days",
            Length::Days(_) | Length::Weeks(_) | Length::Hours(_) => "hours, days or weeks",
            Length::Months(_) => "months",
        }
    }
}

impl fmt::Display for Length {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (n, one, many) = match *self {
            Length::WorkingDays(n) => (n, "working day", "working days"),
            Length::Days(n) => (n, "day", "days"),
            Length::Weeks(n) => (n, "week", "weeks"),
            Length::Months(n) => (n, "month", "months"),
            Length::Hours(n) => (n, "hour", "hours"),
        };
        write!(f, "{n} {}", if n == 1 { one } else { many })
    }
}

impl std::str::FromStr for Length {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "{s:?} is not a length: write a whole number and a unit, e.g. \"15 working days\", \"6 weeks\", \"3 months\", \"72 hours\""
            )
        };
        let s = s.trim();
        let (n, unit) = s.split_once(char::is_whitespace).ok_or_else(bad)?;
        let n: u32 = n.parse().map_err(|_| bad())?;
        if n == 0 {
            return Err(format!("{s:?}: a timescale must be longer than zero"));
        }
        let unit = unit
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        Ok(match unit.as_str() {
            "working day" | "working days" => Length::WorkingDays(n),
            "day" | "days" => Length::Days(n),
            "week" | "weeks" => Length::Weeks(n),
            "month" | "months" => Length::Months(n),
            "hour" | "hours" => Length::Hours(n),
            _ => return Err(bad()),
        })
    }
}

/// A length the policy sets. The key is the clock's id, with a suffix where
/// one clock has more than one length.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Item {
    ContactDecision,
    AssessmentCompletion,
    StrategyDiscussion,
    Icpc,
    CoreGroupFirst,
    CpReviewFirst,
    CpReviewFirstPreBirth,
    CpReviewNext,
    CpVisit,
    CinPlanReview,
    CarePlan,
    LaReviewFirst,
    LaReviewSecond,
    LaReviewNext,
    LaVisitNewPlacement,
    LaVisitFirstYear,
    LaVisitAfterFirstYearLongTerm,
    LaVisitAfterFirstYearOther,
    HealthInitial,
    HealthReviewUnder5,
    HealthReviewFiveAndOver,
    DentalCheck,
    PepFirst,
    PepReview,
    ReturnInterview,
    PathwayNeedsAssessment,
    PathwayPlanReview,
    PrivateFosteringFirstVisit,
    PrivateFosteringVisitFirstYear,
    PrivateFosteringVisitAfterFirstYear,
    LadoReferral,
}

/// Whether an item is set in law or statutory guidance (may only be
/// tightened) or left to local procedures (any length).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    Statutory,
    Local,
}

use Length::{Hours, Months, Weeks, WorkingDays};
use Standing::{Local, Statutory};

/// Every item: its key, statutory default and standing (`docs/clocks.md`,
/// "Policy items", which a test holds to this list).
const ITEMS: &[(Item, &str, Length, Standing)] = &[
    (
        Item::ContactDecision,
        "contact_decision",
        WorkingDays(1),
        Statutory,
    ),
    (
        Item::AssessmentCompletion,
        "assessment_completion",
        WorkingDays(45),
        Statutory,
    ),
    (
        Item::StrategyDiscussion,
        "strategy_discussion",
        WorkingDays(1),
        Local,
    ),
    (Item::Icpc, "icpc", WorkingDays(15), Statutory),
    (
        Item::CoreGroupFirst,
        "core_group_first",
        WorkingDays(10),
        Statutory,
    ),
    (Item::CpReviewFirst, "cp_review_first", Months(3), Statutory),
    (
        Item::CpReviewFirstPreBirth,
        "cp_review_first_pre_birth",
        WorkingDays(20),
        Statutory,
    ),
    (Item::CpReviewNext, "cp_review_next", Months(6), Statutory),
    (Item::CpVisit, "cp_visit", WorkingDays(10), Local),
    (Item::CinPlanReview, "cin_plan_review", Months(3), Local),
    (Item::CarePlan, "care_plan", WorkingDays(10), Statutory),
    (
        Item::LaReviewFirst,
        "la_review_first",
        WorkingDays(20),
        Statutory,
    ),
    (
        Item::LaReviewSecond,
        "la_review_second",
        Months(3),
        Statutory,
    ),
    (Item::LaReviewNext, "la_review_next", Months(6), Statutory),
    (
        Item::LaVisitNewPlacement,
        "la_visit_new_placement",
        Weeks(1),
        Statutory,
    ),
    (
        Item::LaVisitFirstYear,
        "la_visit_first_year",
        Weeks(6),
        Statutory,
    ),
    (
        Item::LaVisitAfterFirstYearLongTerm,
        "la_visit_after_first_year.long_term",
        Months(3),
        Statutory,
    ),
    (
        Item::LaVisitAfterFirstYearOther,
        "la_visit_after_first_year.other",
        Weeks(6),
        Statutory,
    ),
    (
        Item::HealthInitial,
        "health_initial",
        WorkingDays(20),
        Statutory,
    ),
    (
        Item::HealthReviewUnder5,
        "health_review.under_5",
        Months(6),
        Statutory,
    ),
    (
        Item::HealthReviewFiveAndOver,
        "health_review.five_and_over",
        Months(12),
        Statutory,
    ),
    (Item::DentalCheck, "dental_check", Months(12), Statutory),
    (Item::PepFirst, "pep.first", WorkingDays(10), Statutory),
    (Item::PepReview, "pep.review", Months(3), Statutory),
    (
        Item::ReturnInterview,
        "return_interview",
        Hours(72),
        Statutory,
    ),
    (
        Item::PathwayNeedsAssessment,
        "pathway_needs_assessment",
        Months(3),
        Statutory,
    ),
    (
        Item::PathwayPlanReview,
        "pathway_plan_review",
        Months(6),
        Statutory,
    ),
    (
        Item::PrivateFosteringFirstVisit,
        "private_fostering_first_visit",
        WorkingDays(7),
        Statutory,
    ),
    (
        Item::PrivateFosteringVisitFirstYear,
        "private_fostering_visit.first_year",
        Weeks(6),
        Statutory,
    ),
    (
        Item::PrivateFosteringVisitAfterFirstYear,
        "private_fostering_visit.after_first_year",
        Weeks(12),
        Statutory,
    ),
    (
        Item::LadoReferral,
        "lado_referral",
        WorkingDays(1),
        Statutory,
    ),
];

impl Item {
    fn entry(self) -> &'static (Item, &'static str, Length, Standing) {
        // ITEMS lists every variant in declaration order (checked by a test).
        &ITEMS[self as usize]
    }

    /// The item's key in a policy file.
    pub fn key(self) -> &'static str {
        self.entry().1
    }

    /// The statutory default.
    pub fn default_length(self) -> Length {
        self.entry().2
    }

    pub fn standing(self) -> Standing {
        self.entry().3
    }

    fn from_key(key: &str) -> Option<Item> {
        ITEMS.iter().find(|e| e.1 == key).map(|e| e.0)
    }

    /// Every item, in order.
    pub fn all() -> impl Iterator<Item = Item> {
        ITEMS.iter().map(|e| e.0)
    }
}

/// A policy file that cannot be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PolicyError {
    #[error("policy file is not valid TOML: {0}")]
    Toml(String),
    #[error("policy file: unknown section [{0}] (the known section is [timescales])")]
    UnknownSection(String),
    #[error("policy file: [timescales] has no item {0:?}")]
    UnknownItem(String),
    #[error("policy file: {item}: {problem}")]
    BadValue { item: String, problem: String },
    #[error(
        "policy file: {item} = \"{value}\" is looser than the statutory {default}{why}; a local standard may only be stricter"
    )]
    Looser {
        item: &'static str,
        value: Length,
        default: Length,
        /// Why, where the units differ (empty otherwise).
        why: String,
    },
    #[error(
        "policy file: {item} = \"{value}\" must be given in {unit}, like its default \"{default}\""
    )]
    WrongUnit {
        item: &'static str,
        value: Length,
        default: Length,
        unit: &'static str,
    },
}

/// The lengths in force: the statutory defaults with any local standards.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    lengths: Vec<Length>,
}

impl Default for Policy {
    fn default() -> Self {
        Self::statutory()
    }
}

impl Policy {
    /// The statutory defaults.
    pub fn statutory() -> Self {
        Self {
            lengths: ITEMS.iter().map(|e| e.2).collect(),
        }
    }

    pub fn length(&self, item: Item) -> Length {
        self.lengths[item as usize]
    }

    /// Sets one item, refusing a looser value for a statutory item.
    pub fn set(&mut self, item: Item, value: Length) -> Result<(), PolicyError> {
        let default = item.default_length();
        let (group, _) = value.comparable();
        let amount = value.loosest_in_place_of(default);
        let (default_group, default_amount) = default.comparable();
        if group != default_group {
            return Err(PolicyError::WrongUnit {
                item: item.key(),
                value,
                default,
                unit: default.unit_name(),
            });
        }
        if item.standing() == Standing::Statutory
            && amount > default_amount
            && value.runs_to_end_of_day()
            && !default.runs_to_end_of_day()
        {
            return Err(PolicyError::Looser {
                item: item.key(),
                value,
                default,
                why: format!(
                    ": a clock in days runs to the end of its last day, so from a start just after midnight {value} can allow up to {amount} hours (give it in hours)"
                ),
            });
        }
        if item.standing() == Standing::Statutory && amount > default_amount {
            return Err(PolicyError::Looser {
                item: item.key(),
                value,
                default,
                why: String::new(),
            });
        }
        self.lengths[item as usize] = value;
        Ok(())
    }

    /// Reads a local authority's policy file over the statutory defaults.
    pub fn from_toml(text: &str) -> Result<Self, PolicyError> {
        let doc: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            PolicyError::Toml(e.to_string().trim().replace('\n', " "))
        })?;
        let mut policy = Self::statutory();
        for (section, value) in &doc {
            if section != "timescales" {
                return Err(PolicyError::UnknownSection(section.clone()));
            }
            let table = value.as_table().ok_or_else(|| PolicyError::BadValue {
                item: "timescales".into(),
                problem: "must be a table of items".into(),
            })?;
            for (key, value) in table {
                match value {
                    toml::Value::Table(sub) => {
                        for (sub_key, value) in sub {
                            policy.set_from(&format!("{key}.{sub_key}"), value)?;
                        }
                    }
                    value => policy.set_from(key, value)?,
                }
            }
        }
        Ok(policy)
    }

    fn set_from(&mut self, key: &str, value: &toml::Value) -> Result<(), PolicyError> {
        let item = Item::from_key(key).ok_or_else(|| PolicyError::UnknownItem(key.to_owned()))?;
        let text = value.as_str().ok_or_else(|| PolicyError::BadValue {
            item: key.to_owned(),
            problem: "must be a string such as \"10 working days\"".into(),
        })?;
        let length: Length = text.parse().map_err(|problem| PolicyError::BadValue {
            item: key.to_owned(),
            problem,
        })?;
        self.set(item, length)
    }

    /// The policy as TOML, every item written out.
    pub fn to_toml(&self) -> String {
        let mut out = String::from("[timescales]\n");
        for item in Item::all() {
            out.push_str(&format!("{} = \"{}\"\n", item.key(), self.length(item)));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Length::Days;

    #[test]
    fn items_are_listed_in_declaration_order() {
        for (i, e) in ITEMS.iter().enumerate() {
            assert_eq!(e.0 as usize, i, "{}", e.1);
        }
        assert_eq!(Policy::statutory().length(Item::Icpc), WorkingDays(15));
        assert_eq!(Policy::statutory().length(Item::ReturnInterview), Hours(72));
    }

    #[test]
    fn lengths_parse_and_print() {
        assert_eq!("15 working days".parse::<Length>(), Ok(WorkingDays(15)));
        assert_eq!("1 Working  Day".parse::<Length>(), Ok(WorkingDays(1)));
        assert_eq!("6 weeks".parse::<Length>(), Ok(Weeks(6)));
        assert_eq!("72 hours".parse::<Length>(), Ok(Hours(72)));
        assert_eq!(Months(1).to_string(), "1 month");
        assert!("fifteen days".parse::<Length>().is_err());
        assert!(
            "0 days"
                .parse::<Length>()
                .unwrap_err()
                .contains("longer than zero")
        );
        assert!("3 fortnights".parse::<Length>().is_err());
    }

    #[test]
    fn local_standards_may_be_stricter() {
        let p = Policy::from_toml(
            "[timescales]\nicpc = \"10 working days\"\ncp_visit = \"15 working days\"\nhealth_review.under_5 = \"4 months\"\nla_visit_first_year = \"28 days\"\n",
        )
        .unwrap();
        assert_eq!(p.length(Item::Icpc), WorkingDays(10));
        // cp_visit is a local item: any length, even longer than the default.
        assert_eq!(p.length(Item::CpVisit), WorkingDays(15));
        assert_eq!(p.length(Item::HealthReviewUnder5), Months(4));
        assert_eq!(p.length(Item::LaVisitFirstYear), Days(28));
        assert_eq!(p.length(Item::AssessmentCompletion), WorkingDays(45));
    }

    #[test]
    fn looser_statutory_values_are_refused_naming_the_item() {
        let e = Policy::from_toml("[timescales]\nassessment_completion = \"50 working days\"")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "policy file: assessment_completion = \"50 working days\" is looser than the statutory 45 working days; a local standard may only be stricter"
        );
        let e = Policy::from_toml("[timescales]\nreturn_interview = \"4 days\"").unwrap_err();
        assert!(
            matches!(
                e,
                PolicyError::Looser {
                    item: "return_interview",
                    ..
                }
            ),
            "{e}"
        );
        let e =
            Policy::from_toml("[timescales.la_visit_after_first_year]\nlong_term = \"4 months\"")
                .unwrap_err();
        assert!(
            e.to_string()
                .contains("la_visit_after_first_year.long_term"),
            "{e}"
        );
    }

    #[test]
    fn hours_days_and_weeks_are_compared_by_the_deadline_they_produce() {
        let looser = |item: Item, value: Length| match Policy::statutory().set(item, value) {
            Ok(()) => false,
            Err(PolicyError::Looser { .. }) => true,
            Err(e) => panic!("{e}"),
        };
        // In place of 72 hours from the time of the return, days run to the
        // end of the last day: 2 days allow at most 72 hours, 3 days 96.
        let ri = Item::ReturnInterview;
        assert!(!looser(ri, Hours(72)));
        assert!(looser(ri, Hours(73)));
        assert!(!looser(ri, Days(2)));
        assert!(looser(ri, Days(3)));
        assert!(looser(ri, Weeks(1)));
        let e = Policy::from_toml("[timescales]\nreturn_interview = \"3 days\"")
            .unwrap_err()
            .to_string();
        assert!(e.contains("up to 96 hours"), "{e}");
        // Every item in weeks: the same count in days, or 24 hours a day.
        for item in Item::all() {
            let Weeks(w) = item.default_length() else {
                continue;
            };
            assert!(!looser(item, Weeks(w)), "{}", item.key());
            assert!(looser(item, Weeks(w + 1)), "{}", item.key());
            assert!(!looser(item, Days(7 * w)), "{}", item.key());
            assert!(looser(item, Days(7 * w + 1)), "{}", item.key());
            assert!(!looser(item, Hours(168 * w)), "{}", item.key());
            assert!(looser(item, Hours(168 * w + 1)), "{}", item.key());
        }
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let cases = [
            ("[timescales]\nicpc = 10", "icpc: must be a string"),
            (
                "[timescales]\nicpc = \"2 months\"",
                "must be given in working days",
            ),
            (
                "[timescales]\nicpcc = \"10 working days\"",
                "no item \"icpcc\"",
            ),
            ("[other]\nx = 1", "unknown section [other]"),
            ("[timescales\n", "not valid TOML"),
            (
                "[timescales]\nicpc = \"ten working days\"",
                "icpc: \"ten working days\" is not a length",
            ),
        ];
        for (toml, expected) in cases {
            let e = Policy::from_toml(toml).unwrap_err().to_string();
            assert!(e.contains(expected), "{toml:?} => {e}");
        }
    }

    #[test]
    fn written_policy_reads_back() {
        let mut p = Policy::statutory();
        p.set(Item::CpVisit, WorkingDays(5)).unwrap();
        assert_eq!(Policy::from_toml(&p.to_toml()).unwrap(), p);
    }
}
