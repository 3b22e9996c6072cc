//! Rules on the episodes of need (`CINdetails`): referral, closure, primary
//! need, no further action, and what a closed or no-further-action episode
//! may hold.

use jiff::civil::{Date, date};

use super::child::shift;
use super::{Census, Faults, day, episodes, is_no, is_yes};
use crate::Field;
use crate::cin::model::{Child, CinDetails, ReasonForClosure};

fn any(child: &Child, fault: impl Fn(&CinDetails) -> bool, fields: &[&'static str]) -> Faults {
    if episodes(child).any(fault) {
        fields.to_vec()
    } else {
        Vec::new()
    }
}

/// Every conference date of an episode: its own and its section 47
/// enquiries'.
fn conference_dates(episode: &CinDetails) -> impl Iterator<Item = Date> + '_ {
    day(&episode.date_of_initial_cpc).into_iter().chain(
        episode
            .section47
            .iter()
            .filter_map(|s47| day(&s47.date_of_initial_cpc)),
    )
}

fn closed_after_assessment(episode: &CinDetails) -> bool {
    matches!(
        episode.reason_for_closure.valid(),
        Some(ReasonForClosure::RC8 | ReasonForClosure::RC9)
    )
}

/// 1104: an initial conference on or after the referral.
pub fn r1104(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| {
            day(&episode.cin_referral_date)
                .is_some_and(|referred| conference_dates(episode).any(|held| held < referred))
        },
        &["DateOfInitialCPC"],
    )
}

/// 2884: an initial conference recorded both on the episode and on a
/// section 47 enquiry (the same date at both levels, across the child's
/// episodes, as the community validator reads it).
pub fn r2884(_: &Census<'_>, child: &Child) -> Faults {
    let on_enquiries: Vec<Date> = episodes(child)
        .flat_map(|episode| &episode.section47)
        .filter_map(|s47| day(&s47.date_of_initial_cpc))
        .collect();
    any(
        child,
        |episode| {
            day(&episode.date_of_initial_cpc).is_some_and(|held| on_enquiries.contains(&held))
        },
        &["DateOfInitialCPC"],
    )
}

/// 2990: an episode closed after assessment (RC8, RC9) has no conference,
/// plan or enquiry.
pub fn r2990(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| {
            closed_after_assessment(episode)
                && (episode.date_of_initial_cpc.is_present()
                    || !episode.child_protection_plans.is_empty()
                    || !episode.section47.is_empty()
                    || !episode.cin_plan_dates.is_empty())
        },
        &["ReasonForClosure"],
    )
}

/// 2991Q: a section 47 enquiry with no assessment in its episode.
pub fn r2991q(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| !episode.section47.is_empty() && episode.assessments.is_empty(),
        &["Section47"],
    )
}

/// 4000: no CIN plan on a referral with no further action.
pub fn r4000(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| is_yes(&episode.referral_nfa) && !episode.cin_plan_dates.is_empty(),
        &["ReferralNFA"],
    )
}

/// 8555Q: no referral after the child's death.
pub fn r8555q(_: &Census<'_>, child: &Child) -> Faults {
    let Some(died) = day(&child.identifiers.person_death_date) else {
        return Vec::new();
    };
    any(
        child,
        |episode| day(&episode.cin_referral_date).is_some_and(|referred| referred > died),
        &["CINreferralDate"],
    )
}

/// 8565: nothing happens on a closed episode after its closure.
pub fn r8565(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| {
            let Some(closed) = day(&episode.cin_closure_date) else {
                return false;
            };
            let assessments = episode.assessments.iter().flat_map(|a| {
                [
                    day(&a.assessment_actual_start_date),
                    day(&a.assessment_authorisation_date),
                ]
            });
            let enquiries = episode
                .section47
                .iter()
                .map(|s| day(&s.s47_actual_start_date));
            let plans = episode
                .cin_plan_dates
                .iter()
                .flat_map(|p| [day(&p.cin_plan_start_date), day(&p.cin_plan_end_date)]);
            let protection = episode
                .child_protection_plans
                .iter()
                .map(|p| day(&p.cpp_end_date));
            assessments
                .chain(enquiries)
                .chain(plans)
                .chain(protection)
                .flatten()
                .chain(conference_dates(episode))
                .any(|activity| activity > closed)
        },
        &["CINclosureDate"],
    )
}

/// 8568: `ReferralNFA` present and 1, 0, true or false.
pub fn r8568(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| episode.referral_nfa.valid().is_none(),
        &["ReferralNFA"],
    )
}

/// 8569Q: a referral made before the working day before the census period
/// began is not one with no further action (the community validator
/// flags any value other than false or 0).
pub fn r8569q(census: &Census<'_>, child: &Child) -> Faults {
    let cutoff = census.working_days_before(census.start, 1);
    any(
        child,
        |episode| {
            day(&episode.cin_referral_date).is_some_and(|referred| referred < cutoff)
                && !is_no(&episode.referral_nfa)
        },
        &["ReferralNFA"],
    )
}

/// 8585Q: closure reason RC2 (died) with a date of death.
pub fn r8585q(_: &Census<'_>, child: &Child) -> Faults {
    let died = child.identifiers.person_death_date.valid().is_some();
    any(
        child,
        |episode| episode.reason_for_closure.valid() == Some(&ReasonForClosure::RC2) && !died,
        &["ReasonForClosure"],
    )
}

/// 8600: a referral date, on or before the reference date.
pub fn r8600(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| {
            day(&episode.cin_referral_date).is_none_or(|referred| referred > census.reference)
        },
        &["CINreferralDate"],
    )
}

/// 8606: no referral more than 280 days (40 weeks) before birth or expected
/// birth.
pub fn r8606(_: &Census<'_>, child: &Child) -> Faults {
    let ids = &child.identifiers;
    let births: Vec<Date> = [
        day(&ids.person_birth_date),
        day(&ids.expected_person_birth_date),
    ]
    .into_iter()
    .flatten()
    .collect();
    any(
        child,
        |episode| {
            day(&episode.cin_referral_date).is_some_and(|referred| {
                births
                    .iter()
                    .any(|born| referred < shift(*born, 0, 0, -280))
            })
        },
        &["CINreferralDate"],
    )
}

/// 8610: a primary need on a referral that went on to further action.
pub fn r8610(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| is_no(&episode.referral_nfa) && episode.primary_need_code.is_missing(),
        &["PrimaryNeedCode"],
    )
}

/// 8620: a closure date within the census period.
pub fn r8620(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| day(&episode.cin_closure_date).is_some_and(|closed| !census.in_period(closed)),
        &["CINclosureDate"],
    )
}

/// 8630: closure not before referral.
pub fn r8630(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| {
            matches!(
                (day(&episode.cin_closure_date), day(&episode.cin_referral_date)),
                (Some(closed), Some(referred)) if closed < referred
            )
        },
        &["CINclosureDate"],
    )
}

/// 8640: a reason for closure, where given, from the list.
pub fn r8640(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| matches!(episode.reason_for_closure, Field::Invalid(_)),
        &["ReasonForClosure"],
    )
}

/// 8650: a primary need, where given, from the list.
pub fn r8650(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| matches!(episode.primary_need_code, Field::Invalid(_)),
        &["PrimaryNeedCode"],
    )
}

/// 8805: a closure date has a reason.
pub fn r8805(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| episode.cin_closure_date.is_present() && episode.reason_for_closure.is_missing(),
        &["ReasonForClosure"],
    )
}

/// 8810: a reason for closure has a date.
pub fn r8810(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| episode.reason_for_closure.is_present() && episode.cin_closure_date.is_missing(),
        &["CINclosureDate"],
    )
}

/// An episode still open that went on to further action.
fn open_and_acted_on(episode: &CinDetails) -> bool {
    episode.cin_closure_date.is_missing() && is_no(&episode.referral_nfa)
}

/// 8815: at most one open episode that went on to further action.
pub fn r8815(_: &Census<'_>, child: &Child) -> Faults {
    if episodes(child)
        .filter(|episode| open_and_acted_on(episode))
        .count()
        > 1
    {
        vec!["CINclosureDate"]
    } else {
        Vec::new()
    }
}

/// 8816: an open episode that went on to further action is the child's
/// latest referral.
pub fn r8816(_: &Census<'_>, child: &Child) -> Faults {
    let latest = episodes(child)
        .filter_map(|episode| day(&episode.cin_referral_date))
        .max();
    any(
        child,
        |episode| {
            open_and_acted_on(episode)
                && day(&episode.cin_referral_date)
                    .zip(latest)
                    .is_some_and(|(referred, latest)| referred < latest)
        },
        &["CINreferralDate"],
    )
}

/// 8820: no episode begins inside another: on or after its referral and
/// before its closure, or, if it is open and went on to further action,
/// before the reference date.
pub fn r8820(census: &Census<'_>, child: &Child) -> Faults {
    let all: Vec<&CinDetails> = episodes(child).collect();
    let overlaps = all.iter().enumerate().any(|(i, episode)| {
        let Some(referred) = day(&episode.cin_referral_date) else {
            return false;
        };
        all.iter().enumerate().any(|(j, other)| {
            let Some(other_referred) = day(&other.cin_referral_date) else {
                return false;
            };
            i != j
                && referred >= other_referred
                && match day(&other.cin_closure_date) {
                    Some(closed) => referred < closed,
                    None => {
                        other.cin_closure_date.is_missing()
                            && is_no(&other.referral_nfa)
                            && referred < census.reference
                    }
                }
        })
    });
    if overlaps {
        vec!["CINreferralDate"]
    } else {
        Vec::new()
    }
}

/// 8825Q: an episode closed after assessment (RC8, RC9) has an assessment.
pub fn r8825q(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| closed_after_assessment(episode) && episode.assessments.is_empty(),
        &["ReasonForClosure"],
    )
}

/// 8831: no assessment, enquiry or conference on a referral with no
/// further action.
pub fn r8831(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| {
            is_yes(&episode.referral_nfa)
                && (episode.assessments.iter().any(|a| {
                    a.assessment_actual_start_date.is_present()
                        || a.assessment_authorisation_date.is_present()
                }) || episode.section47.iter().any(|s| {
                    s.s47_actual_start_date.is_present() || s.date_of_initial_cpc.is_present()
                }) || episode.date_of_initial_cpc.is_present())
        },
        &["ReferralNFA"],
    )
}

/// 8832: no child protection plan on a referral with no further action.
pub fn r8832(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| is_yes(&episode.referral_nfa) && !episode.child_protection_plans.is_empty(),
        &["ReferralNFA"],
    )
}

/// 8866: a referral on or after 1 April 2013 has a valid referral source.
pub fn r8866(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode| {
            day(&episode.cin_referral_date).is_some_and(|referred| referred >= date(2013, 4, 1))
                && episode.referral_source.valid().is_none()
        },
        &["ReferralSource"],
    )
}
