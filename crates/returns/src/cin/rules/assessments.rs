//! Rules on assessments (`Assessments`) and the factors identified at them.

use super::{Census, Faults, day, episodes};
use crate::Field;
use crate::cin::model::{Assessment, AssessmentFactor, Child, CinDetails, ReasonForClosure};

/// The elements named when any assessment of the child is at fault.
fn any(
    child: &Child,
    fault: impl Fn(&CinDetails, &Assessment) -> bool,
    fields: &[&'static str],
) -> Faults {
    let found = episodes(child).any(|episode| {
        episode
            .assessments
            .iter()
            .any(|assessment| fault(episode, assessment))
    });
    if found { fields.to_vec() } else { Vec::new() }
}

/// 1103: an assessment starts on or after the referral.
pub fn r1103(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode, a| {
            matches!(
                (day(&a.assessment_actual_start_date), day(&episode.cin_referral_date)),
                (Some(started), Some(referred)) if started < referred
            )
        },
        &["AssessmentActualStartDate"],
    )
}

/// 8608: an assessment is completed on or after it starts.
pub fn r8608(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| {
            matches!(
                (day(&a.assessment_authorisation_date), day(&a.assessment_actual_start_date)),
                (Some(completed), Some(started)) if completed < started
            )
        },
        &["AssessmentAuthorisationDate"],
    )
}

/// 8614: factors only on a completed assessment.
pub fn r8614(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| a.assessment_authorisation_date.is_missing() && !a.assessment_factors.is_empty(),
        &["AssessmentFactors"],
    )
}

/// 8670Q: an assessment not completed started no more than 45 working days
/// before the reference date.
pub fn r8670q(census: &Census<'_>, child: &Child) -> Faults {
    let earliest = census.working_days_before(census.reference, 45);
    any(
        child,
        |_, a| {
            a.assessment_authorisation_date.is_missing()
                && day(&a.assessment_actual_start_date).is_some_and(|started| started < earliest)
        },
        &["AssessmentActualStartDate"],
    )
}

/// 8696: a completion date within the census period.
pub fn r8696(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| day(&a.assessment_authorisation_date).is_some_and(|done| !census.in_period(done)),
        &["AssessmentAuthorisationDate"],
    )
}

/// 8736: an assessment not completed started within the census period.
pub fn r8736(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| {
            a.assessment_authorisation_date.is_missing()
                && day(&a.assessment_actual_start_date)
                    .is_some_and(|started| !census.in_period(started))
        },
        &["AssessmentActualStartDate"],
    )
}

/// 8863Q: no assessment starts while another in the same episode is under
/// way (from its start to its completion, or to the reference date if not
/// completed). Two assessments with the same dates are one recorded twice,
/// and not compared, as the community validator does.
pub fn r8863q(census: &Census<'_>, child: &Child) -> Faults {
    let overlaps = episodes(child).any(|episode| {
        let all = &episode.assessments;
        all.iter().enumerate().any(|(i, a)| {
            let Some(started) = day(&a.assessment_actual_start_date) else {
                return false;
            };
            all.iter().enumerate().any(|(j, other)| {
                let Some(other_started) = day(&other.assessment_actual_start_date) else {
                    return false;
                };
                let same = started == other_started
                    && a.assessment_authorisation_date == other.assessment_authorisation_date;
                i != j
                    && !same
                    && started >= other_started
                    && match &other.assessment_authorisation_date {
                        Field::Valid(done) => started <= *done,
                        Field::Missing => started <= census.reference,
                        Field::Invalid(_) => false,
                    }
            })
        })
    });
    if overlaps {
        vec!["AssessmentActualStartDate"]
    } else {
        Vec::new()
    }
}

/// 8867: on a closed episode every assessment is completed.
pub fn r8867(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |episode, a| {
            episode.cin_closure_date.is_present() && a.assessment_authorisation_date.is_missing()
        },
        &["AssessmentAuthorisationDate"],
    )
}

/// 8869: factor 21 (no factors identified) stands alone.
pub fn r8869(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| {
            a.assessment_factors.len() > 1
                && a.assessment_factors
                    .contains(&Field::Valid(AssessmentFactor::NoFactorsIdentified))
        },
        &["AssessmentFactors"],
    )
}

/// 8873Q: an episode whose only assessment found no factors (21) closes
/// with RC8 or RC9.
pub fn r8873q(_: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        let [only] = episode.assessments.as_slice() else {
            return false;
        };
        only.assessment_factors
            .contains(&Field::Valid(AssessmentFactor::NoFactorsIdentified))
            && !matches!(
                episode.reason_for_closure.valid(),
                Some(ReasonForClosure::RC8 | ReasonForClosure::RC9)
            )
    });
    if found {
        vec!["ReasonForClosure"]
    } else {
        Vec::new()
    }
}

/// 8896: at most one assessment not completed in an episode.
pub fn r8896(_: &Census<'_>, child: &Child) -> Faults {
    let found = episodes(child).any(|episode| {
        episode
            .assessments
            .iter()
            .filter(|a| a.assessment_authorisation_date.is_missing())
            .count()
            > 1
    });
    if found {
        vec!["AssessmentAuthorisationDate"]
    } else {
        Vec::new()
    }
}

/// 8897Q: an assessment completed in the census period (or later) has
/// factors, every one of the list.
pub fn r8897q(census: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| {
            day(&a.assessment_authorisation_date).is_some_and(|done| done >= census.start)
                && (a.assessment_factors.is_empty()
                    || a.assessment_factors
                        .iter()
                        .any(|factor| factor.valid().is_none()))
        },
        &["AssessmentFactors"],
    )
}

/// 8898: no factor twice on one assessment.
pub fn r8898(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| {
            let factors = &a.assessment_factors;
            factors
                .iter()
                .enumerate()
                .any(|(index, factor)| factor.is_present() && factors[..index].contains(factor))
        },
        &["AssessmentFactors"],
    )
}

/// Whether a factor as written is a given code, in any case (the community
/// validator compares in capitals; a code no longer in the list is read as
/// `Invalid`).
fn written_as(factor: &Field<AssessmentFactor>, code: &str) -> bool {
    match factor {
        Field::Valid(valid) => valid.as_code().eq_ignore_ascii_case(code),
        Field::Invalid(text) => text.eq_ignore_ascii_case(code),
        Field::Missing => false,
    }
}

/// 8945Q (2024-25 on): factor 18A is no longer used (18B or 18C instead).
pub fn r8945q(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| a.assessment_factors.iter().any(|f| written_as(f, "18A")),
        &["AssessmentFactors"],
    )
}

/// 8950Q (2024-25 on): factor 19A is no longer used (19B or 19C instead).
pub fn r8950q(_: &Census<'_>, child: &Child) -> Faults {
    any(
        child,
        |_, a| a.assessment_factors.iter().any(|f| written_as(f, "19A")),
        &["AssessmentFactors"],
    )
}
