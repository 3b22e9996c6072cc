//! Rules on child protection plans (`ChildProtectionPlans`) and their
//! reviews.

use super::plans::within;
use super::{Census, Faults, day, episodes};
use crate::Field;
use crate::cin::model::{Child, ChildProtectionPlan, CinDetails};

fn any(
    child: &Child,
    fault: impl Fn(&CinDetails, &ChildProtectionPlan) -> bool,
    fields: &[&'static str],
) -> Faults {
    let found = episodes(child).any(|episode| {
        episode
            .child_protection_plans
            .iter()
            .any(|plan| fault(episode, plan))
    });
    if found { fields.to_vec() } else { Vec::new() }
}

fn plans(child: &Child) -> impl Iterator<Item = &ChildProtectionPlan> {
    episodes(child).flat_map(|episode| &episode.child_protection_plans)
}

/// 1105: a plan starts on or after its episode's referral.
pub fn r1105(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode, plan| {
            matches!(
                (day(&plan.cpp_start_date), day(&episode.cin_referral_date)),
                (Some(start), Some(referred)) if start < referred
            )
        },
        &["CPPstartDate"],
    )
}

/// 8720: a plan has a start date on or before the reference date.
pub fn r8720(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| day(&plan.cpp_start_date).is_none_or(|start| start > census.reference),
        &["CPPstartDate"],
    )
}

/// 8730: a plan has the number of previous plans, zero or more.
pub fn r8730(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| plan.number_of_previous_cpp.valid().is_none(),
        &["NumberOfPreviousCPP"],
    )
}

/// 8840: a plan does not start and end the same day.
pub fn r8840(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| {
            matches!(
                (day(&plan.cpp_start_date), day(&plan.cpp_end_date)),
                (Some(start), Some(end)) if start == end
            )
        },
        &["CPPendDate"],
    )
}

/// 8841: every review is after the plan's start.
pub fn r8841(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| {
            day(&plan.cpp_start_date).is_some_and(|start| {
                plan.reviews
                    .iter()
                    .flat_map(|r| &r.cpp_review_dates)
                    .filter_map(day)
                    .any(|review| review <= start)
            })
        },
        &["CPPreviewDate"],
    )
}

/// 8842Q: a `Reviews` group has a valid review date.
pub fn r8842q(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| {
            plan.reviews
                .as_ref()
                .is_some_and(|r| !r.cpp_review_dates.iter().any(|d| d.valid().is_some()))
        },
        &["CPPreviewDate"],
    )
}

/// 8905: a plan's initial category of abuse, present and of the list.
pub fn r8905(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| plan.initial_category_of_abuse.valid().is_none(),
        &["InitialCategoryOfAbuse"],
    )
}

/// 8910: a plan's latest category of abuse, present and of the list.
pub fn r8910(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| plan.latest_category_of_abuse.valid().is_none(),
        &["LatestCategoryOfAbuse"],
    )
}

/// 8915: no plan starts after the child's death.
pub fn r8915(_: &Census<'_>, child: &Child) -> Faults {
    let Some(died) = day(&child.identifiers.person_death_date) else {
        return Vec::new();
    };
    any(
        child,
        |_, plan| day(&plan.cpp_start_date).is_some_and(|start| start > died),
        &["CPPstartDate"],
    )
}

/// 8920: no plan ends after the child's death.
pub fn r8920(_: &Census<'_>, child: &Child) -> Faults {
    let Some(died) = day(&child.identifiers.person_death_date) else {
        return Vec::new();
    };
    any(
        child,
        |_, plan| day(&plan.cpp_end_date).is_some_and(|end| end > died),
        &["CPPendDate"],
    )
}

/// 8925: a plan ends on or after it starts.
pub fn r8925(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| {
            matches!(
                (day(&plan.cpp_end_date), day(&plan.cpp_start_date)),
                (Some(end), Some(start)) if end < start
            )
        },
        &["CPPendDate"],
    )
}

/// 8930: a plan's end date within the census period.
pub fn r8930(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, plan| day(&plan.cpp_end_date).is_some_and(|end| !census.in_period(end)),
        &["CPPendDate"],
    )
}

/// 8935: at most one open plan for a child.
pub fn r8935(_: &Census<'_>, child: &Child) -> Faults {
    if plans(child)
        .filter(|plan| plan.cpp_end_date.is_missing())
        .count()
        > 1
    {
        vec!["CPPendDate"]
    } else {
        Vec::new()
    }
}

/// 8940: no plan starts while another of the child's plans is in force
/// (from its start to its end, or to the reference date).
pub fn r8940(census: &Census<'_>, child: &Child) -> Faults {
    let all: Vec<&ChildProtectionPlan> = plans(child).collect();
    let found = all.iter().enumerate().any(|(i, plan)| {
        day(&plan.cpp_start_date).is_some_and(|start| {
            all.iter().enumerate().any(|(j, other)| {
                i != j
                    && day(&other.cpp_start_date).is_some_and(|other_start| {
                        let end = match &other.cpp_end_date {
                            Field::Valid(end) => Some(*end),
                            Field::Missing | Field::Invalid(_) => None,
                        };
                        within(start, other_start, end, true, census.reference)
                    })
            })
        })
    });
    if found {
        vec!["CPPstartDate"]
    } else {
        Vec::new()
    }
}
