//! Rules on child in need plans (`CINPlanDates`), alone and beside child
//! protection plans. Where the DfE compares plans with each other, it
//! compares all of a child's plans, across episodes, as the community
//! validator does.

use jiff::civil::Date;

use super::{Census, Faults, day, episodes};
use crate::cin::model::{Child, ChildProtectionPlan, CinPlanDates};

fn plans(child: &Child) -> impl Iterator<Item = &CinPlanDates> {
    episodes(child).flat_map(|episode| &episode.cin_plan_dates)
}

fn protection_plans(child: &Child) -> impl Iterator<Item = &ChildProtectionPlan> {
    episodes(child).flat_map(|episode| &episode.child_protection_plans)
}

fn flag(fault: bool, fields: &[&'static str]) -> Faults {
    if fault { fields.to_vec() } else { Vec::new() }
}

/// Whether `day` falls in a span from `start` to `end` (end excluded when
/// `end_included` is false), or from `start` to the reference date when
/// there is no valid end.
pub(crate) fn within(
    day: Date,
    start: Date,
    end: Option<Date>,
    end_included: bool,
    reference: Date,
) -> bool {
    day >= start
        && match end {
            Some(end) if end_included => day <= end,
            Some(end) => day < end,
            None => day <= reference,
        }
}

/// 4001: an open CIN plan and an open child protection plan in the same
/// episode.
pub fn r4001(_: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        episode
            .child_protection_plans
            .iter()
            .any(|p| p.cpp_end_date.is_missing())
            && episode
                .cin_plan_dates
                .iter()
                .any(|p| p.cin_plan_start_date.is_present() && p.cin_plan_end_date.is_missing())
    });
    flag(found, &["CINPlanEndDate"])
}

/// 4003: no child protection review while a CIN plan is open, unless the
/// review is the day the protection plan ends.
pub fn r4003(_: &Census<'_>, child: &Child) -> Faults {
    let found = protection_plans(child).any(|protection| {
        let ended = day(&protection.cpp_end_date);
        let reviews = protection.reviews.iter().flat_map(|r| &r.cpp_review_dates);
        reviews.filter_map(day).any(|review| {
            Some(review) != ended
                && plans(child).any(|plan| {
                    day(&plan.cin_plan_start_date).is_some_and(|start| {
                        review >= start
                            && day(&plan.cin_plan_end_date).is_none_or(|end| review < end)
                    })
                })
        })
    });
    flag(found, &["CPPreviewDate"])
}

/// 4004: at most one open CIN plan in an episode.
pub fn r4004(_: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        episode
            .cin_plan_dates
            .iter()
            .filter(|p| p.cin_plan_end_date.is_missing())
            .count()
            > 1
    });
    flag(found, &["CINPlanEndDate"])
}

/// 4008: no CIN plan starts after the child's death.
pub fn r4008(_: &Census<'_>, child: &Child) -> Faults {
    let Some(died) = day(&child.identifiers.person_death_date) else {
        return Vec::new();
    };
    let found = plans(child).any(|p| day(&p.cin_plan_start_date).is_some_and(|s| s > died));
    flag(found, &["CINPlanStartDate"])
}

/// 4009Q: no CIN plan ends after the child's death.
pub fn r4009q(_: &Census<'_>, child: &Child) -> Faults {
    let Some(died) = day(&child.identifiers.person_death_date) else {
        return Vec::new();
    };
    let found = plans(child).any(|p| day(&p.cin_plan_end_date).is_some_and(|e| e > died));
    flag(found, &["CINPlanEndDate"])
}

/// 4010: a CIN plan has a start date on or before the reference date.
pub fn r4010(census: &Census<'_>, child: &Child) -> Faults {
    let found =
        plans(child).any(|p| day(&p.cin_plan_start_date).is_none_or(|s| s > census.reference));
    flag(found, &["CINPlanStartDate"])
}

/// 4011: a CIN plan ends on or after it starts.
pub fn r4011(_: &Census<'_>, child: &Child) -> Faults {
    let found = plans(child).any(|p| {
        matches!(
            (day(&p.cin_plan_end_date), day(&p.cin_plan_start_date)),
            (Some(end), Some(start)) if end < start
        )
    });
    flag(found, &["CINPlanEndDate"])
}

/// 4012Q: a CIN plan does not start and end the same day.
pub fn r4012q(_: &Census<'_>, child: &Child) -> Faults {
    let found = plans(child).any(|p| {
        matches!(
            (day(&p.cin_plan_end_date), day(&p.cin_plan_start_date)),
            (Some(end), Some(start)) if end == start
        )
    });
    flag(found, &["CINPlanEndDate"])
}

/// 4013: a CIN plan's end date within the census period.
pub fn r4013(census: &Census<'_>, child: &Child) -> Faults {
    let found =
        plans(child).any(|p| day(&p.cin_plan_end_date).is_some_and(|e| !census.in_period(e)));
    flag(found, &["CINPlanEndDate"])
}

/// 4014: no CIN plan starts while another of the child's CIN plans is open.
pub fn r4014(census: &Census<'_>, child: &Child) -> Faults {
    let all: Vec<&CinPlanDates> = plans(child).collect();
    let found = all.iter().enumerate().any(|(i, plan)| {
        day(&plan.cin_plan_start_date).is_some_and(|start| {
            all.iter().enumerate().any(|(j, other)| {
                i != j
                    && day(&other.cin_plan_start_date).is_some_and(|other_start| {
                        within(
                            start,
                            other_start,
                            day(&other.cin_plan_end_date),
                            true,
                            census.reference,
                        )
                    })
            })
        })
    });
    flag(found, &["CINPlanStartDate"])
}

/// 4015: a CIN plan starts on or after its episode's referral.
pub fn r4015(_: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        day(&episode.cin_referral_date).is_some_and(|referred| {
            episode
                .cin_plan_dates
                .iter()
                .any(|p| day(&p.cin_plan_start_date).is_some_and(|s| s < referred))
        })
    });
    flag(found, &["CINPlanStartDate"])
}

/// 4016: no CIN plan starts while a child protection plan is in force
/// (from its start to before its end, or to the reference date).
pub fn r4016(census: &Census<'_>, child: &Child) -> Faults {
    let found = plans(child).any(|plan| {
        day(&plan.cin_plan_start_date).is_some_and(|start| {
            protection_plans(child).any(|protection| {
                day(&protection.cpp_start_date).is_some_and(|cpp_start| {
                    within(
                        start,
                        cpp_start,
                        day(&protection.cpp_end_date),
                        false,
                        census.reference,
                    )
                })
            })
        })
    });
    flag(found, &["CINPlanStartDate"])
}

/// 4017: no child protection plan starts while a CIN plan is open (from its
/// start to before its end, or to the reference date).
pub fn r4017(census: &Census<'_>, child: &Child) -> Faults {
    let found = protection_plans(child).any(|protection| {
        day(&protection.cpp_start_date).is_some_and(|cpp_start| {
            plans(child).any(|plan| {
                day(&plan.cin_plan_start_date).is_some_and(|start| {
                    within(
                        cpp_start,
                        start,
                        day(&plan.cin_plan_end_date),
                        false,
                        census.reference,
                    )
                })
            })
        })
    });
    flag(found, &["CPPstartDate"])
}
