//! Leaving care: pathway planning, the personal adviser, contact around
//! the young person's birthdays, and their status as a care leaver
//! (Children (Leaving Care) Act 2000; CPPCR reg 40).

use jiff::civil::Date;
use serde::Serialize;

use super::{ChildRecord, Mark, Refused};
use crate::codes::{CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch};
use crate::events::EventKind;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CareLeaverContactRecord {
    pub mark: Mark,
    pub in_touch: CareLeaverInTouch,
    pub activity: Option<CareLeaverActivity>,
    pub accommodation: Option<CareLeaverAccommodation>,
    pub staying_put: bool,
}

/// Leaving care status (Children (Leaving Care) Act 2000; CPPCR reg 40).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CareLeaverStatus {
    /// Aged 16 or 17, looked after, and eligible.
    Eligible,
    /// Aged 16 or 17, was eligible, no longer looked after.
    Relevant,
    /// Aged 18 to 24, was eligible or relevant.
    FormerRelevant,
}

impl ChildRecord {
    /// The date the child became an eligible child, if they have: the first
    /// day on or after their 16th birthday on which they are looked after and
    /// have been looked after for 13 weeks in total since their 14th birthday
    /// (CPPCR reg 40). Periods of short breaks only do not count (reg 48).
    pub fn eligible_since(&self) -> Option<Date> {
        let fourteen = self.birthday(14)?;
        let sixteen = self.birthday(16)?;
        let eighteen = self.birthday(18)?;
        let mut total: i32 = 0;
        for p in self.periods_of_care.iter().filter(|p| !p.is_short_breaks()) {
            let start = p.started.date().max(fourteen);
            let end = p
                .ended
                .map(|m| m.date())
                // An open period includes the as-at date itself.
                .unwrap_or_else(|| self.horizon().tomorrow().unwrap_or(Date::MAX));
            if end <= start {
                continue;
            }
            let days = days_between(start, end);
            // The day the 13 weeks (91 days) are reached within this period.
            let reached = if total >= 91 {
                Some(start)
            } else if total + days >= 91 {
                add_days(start, 91 - total)
            } else {
                None
            };
            total += days;
            if let Some(reached) = reached {
                let on = reached.max(sixteen);
                if on < end && on < eighteen {
                    return Some(on);
                }
            }
        }
        None
    }

    /// The child's leaving care status on `on`.
    pub fn care_leaver_status(&self, on: Date) -> Option<CareLeaverStatus> {
        let eligible = self.eligible_since()?;
        if on < eligible {
            return None;
        }
        let age = self.age_on(on)?;
        let looked_after = self
            .periods_of_care
            .iter()
            .any(|p| p.started.date() <= on && p.ended.is_none_or(|e| e.date() > on));
        match age {
            16 | 17 if looked_after => Some(CareLeaverStatus::Eligible),
            16 | 17 => Some(CareLeaverStatus::Relevant),
            18..=24 => Some(CareLeaverStatus::FormerRelevant),
            _ => None,
        }
    }

    /// This stage's part of the fold.
    pub(super) fn apply_leaving_care(
        &mut self,
        kind: &EventKind,
        mark: Mark,
    ) -> Result<(), Refused> {
        use EventKind as K;
        match kind {
            K::PathwayNeedsAssessment => self.pathway_needs_assessments.push(mark),
            K::PathwayPlanReviewed => self.pathway_plan_reviews.push(mark),
            K::PersonalAdviserAppointed { adviser } => {
                self.personal_adviser = Some(mark);
                self.personal_adviser_user = Some(*adviser);
            }
            K::CareLeaverContact {
                in_touch,
                activity,
                accommodation,
                staying_put,
            } => self.care_leaver_contacts.push(CareLeaverContactRecord {
                mark,
                in_touch: *in_touch,
                activity: *activity,
                accommodation: *accommodation,
                staying_put: *staying_put,
            }),

            other => return Err(Refused::misrouted(other)),
        }
        Ok(())
    }
}

fn days_between(a: Date, b: Date) -> i32 {
    crate::calendar::day_number(b) - crate::calendar::day_number(a)
}

fn add_days(d: Date, n: i32) -> Option<Date> {
    Some(crate::calendar::date_from_number(
        crate::calendar::day_number(d) + n,
    ))
}
