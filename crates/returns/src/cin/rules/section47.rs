//! Rules on section 47 enquiries (`Section47`) and initial child protection
//! conferences.

use super::{Census, Faults, ReturnFaults, day, episodes, is_no, is_weekend, is_yes};
use crate::cin::model::{Child, CinDetails, Section47};

fn any(
    child: &Child,
    fault: impl Fn(&CinDetails, &Section47) -> bool,
    fields: &[&'static str],
) -> Faults {
    let found =
        episodes(child).any(|episode| episode.section47.iter().any(|s47| fault(episode, s47)));
    if found { fields.to_vec() } else { Vec::new() }
}

/// An enquiry still waiting for its conference: none held, and not marked
/// as not needed.
fn awaiting_conference(s47: &Section47) -> bool {
    s47.date_of_initial_cpc.is_missing() && !is_yes(&s47.icpc_not_required)
}

/// 2883: across the return, no more child protection plans start in the
/// census period than initial conferences are held in it. A finding about
/// the return, not a child.
pub fn r2883(census: &Census<'_>) -> ReturnFaults {
    let all = census.file.children.iter().flat_map(episodes);
    let (mut plans, mut conferences) = (0usize, 0usize);
    for episode in all {
        plans += episode
            .child_protection_plans
            .iter()
            .filter(|p| day(&p.cpp_start_date).is_some_and(|s| census.in_period(s)))
            .count();
        conferences +=
            usize::from(day(&episode.date_of_initial_cpc).is_some_and(|d| census.in_period(d)));
        conferences += episode
            .section47
            .iter()
            .filter(|s| day(&s.date_of_initial_cpc).is_some_and(|d| census.in_period(d)))
            .count();
    }
    if plans > conferences {
        vec![(None, "CPPstartDate")]
    } else {
        Vec::new()
    }
}

/// 2885: a child protection plan starting in the census period starts on
/// the day of an initial conference of its episode (an enquiry's, or the
/// episode's own).
pub fn r2885(census: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        episode.child_protection_plans.iter().any(|plan| {
            day(&plan.cpp_start_date).is_some_and(|start| {
                census.in_period(start)
                    && day(&episode.date_of_initial_cpc) != Some(start)
                    && !episode
                        .section47
                        .iter()
                        .any(|s| day(&s.date_of_initial_cpc) == Some(start))
            })
        })
    });
    if found {
        vec!["CPPstartDate"]
    } else {
        Vec::new()
    }
}

/// 2889: an enquiry starts on or after its episode's referral.
pub fn r2889(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode, s47| {
            matches!(
                (day(&s47.s47_actual_start_date), day(&episode.cin_referral_date)),
                (Some(started), Some(referred)) if started < referred
            )
        },
        &["S47ActualStartDate"],
    )
}

/// 8615: an enquiry with a conference has a start date on or before it.
pub fn r8615(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, s47| {
            day(&s47.date_of_initial_cpc).is_some_and(|held| {
                day(&s47.s47_actual_start_date).is_none_or(|started| started > held)
            })
        },
        &["S47ActualStartDate"],
    )
}

/// 8675Q: an enquiry with no conference yet (and one needed) started no
/// more than 15 working days before the reference date.
pub fn r8675q(census: &Census<'_>, child: &Child) -> Faults {
    let earliest = census.working_days_before(census.reference, 15);
    any(
        child,
        |_, s47| {
            s47.date_of_initial_cpc.is_missing()
                && is_no(&s47.icpc_not_required)
                && day(&s47.s47_actual_start_date).is_some_and(|started| started < earliest)
        },
        &["S47ActualStartDate"],
    )
}

/// 8740: an enquiry with no conference yet (and one needed) started within
/// the census period.
pub fn r8740(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, s47| {
            s47.date_of_initial_cpc.is_missing()
                && is_no(&s47.icpc_not_required)
                && day(&s47.s47_actual_start_date).is_some_and(|started| !census.in_period(started))
        },
        &["S47ActualStartDate"],
    )
}

/// 8839: at most one enquiry in an episode waiting for its conference.
pub fn r8839(_: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        episode
            .section47
            .iter()
            .filter(|s| awaiting_conference(s))
            .count()
            > 1
    });
    if found {
        vec!["DateOfInitialCPC"]
    } else {
        Vec::new()
    }
}

/// 8868: on a closed episode every enquiry has its conference or is marked
/// as not needing one.
pub fn r8868(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode, s47| episode.cin_closure_date.is_present() && awaiting_conference(s47),
        &["ICPCnotRequired"],
    )
}

/// 8870Q: no conference target date at a weekend.
pub fn r8870q(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, s47| day(&s47.initial_cpc_target).is_some_and(is_weekend),
        &["InitialCPCtarget"],
    )
}

/// 8890: no enquiry starts while another in the same episode is under way
/// (from its start to its conference, or to the reference date while it
/// waits for one). Two enquiries with the same dates are one recorded twice,
/// as the community validator reads them.
pub fn r8890(census: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        let all = &episode.section47;
        all.iter().enumerate().any(|(i, s47)| {
            let Some(started) = day(&s47.s47_actual_start_date) else {
                return false;
            };
            all.iter().enumerate().any(|(j, other)| {
                let Some(other_started) = day(&other.s47_actual_start_date) else {
                    return false;
                };
                let same = started == other_started
                    && day(&s47.date_of_initial_cpc) == day(&other.date_of_initial_cpc);
                i != j
                    && !same
                    && started >= other_started
                    && match day(&other.date_of_initial_cpc) {
                        Some(held) => started <= held,
                        None => started <= census.reference && !is_yes(&other.icpc_not_required),
                    }
            })
        })
    });
    if found {
        vec!["S47ActualStartDate"]
    } else {
        Vec::new()
    }
}

/// 8715: an enquiry's initial conference within the census period. The
/// episode's own `DateOfInitialCPC` is not checked: it records a conference
/// with no enquiry in this return, such as one held before a transfer in,
/// and the community validator checks the enquiries' only.
pub fn r8715(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, s47| day(&s47.date_of_initial_cpc).is_some_and(|held| !census.in_period(held)),
        &["DateOfInitialCPC"],
    )
}

/// 8875: no enquiry's initial conference at a weekend (the episode's own
/// date as for rule 8715).
pub fn r8875(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, s47| day(&s47.date_of_initial_cpc).is_some_and(is_weekend),
        &["DateOfInitialCPC"],
    )
}
