//! The CIN census written from the record: each child's ledger folded as
//! at the collection year's reference date (31 March), and the child in
//! the census if an episode of need was open at any time in the year.
//!
//! The population and the modules follow the CIN census business and
//! technical specification (2025-26 and 2026-27) and the DfE's validation
//! rules, which say which dates must fall in the census year: an episode,
//! assessment, child in need plan, section 47 enquiry or child protection
//! plan is reported when it was open on at least one day of the year
//! (started on or before 31 March, and not ended before 1 April). How each
//! element is derived is written up in `docs/returns-cin.md`.

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{Ethnicity, Sex, UpnUnknown};
use hearth_domain::events::PreProceedingsDecision;
use hearth_domain::record::{
    Assessment as RecordAssessment, ChildInNeedPlan, ChildRecord, EpisodeOfNeed,
    PreProceedingsPeriod, ProtectionPlan, Refusal, Section47Enquiry, UpnStatus,
};
use jiff::civil::{Date, DateTime};

use super::model::{
    Assessment, Child, ChildCharacteristics, ChildIdentifiers, ChildProtectionPlan, CinDetails,
    CinFile, CinPlanDates, CollectionDetails, Header, PreProceedingsAndFgdm, Reviews, Section47,
    Source,
};
use crate::{ChildSource, CollectionYear, Field};

/// Who wrote the file, for its header.
#[derive(Debug, Clone, PartialEq)]
pub struct Software {
    /// The authority's DfE LA number (the header's `LEA`).
    pub la_number: u16,
    /// Hearth's release, for the header's `Release`.
    pub release: String,
    /// When the file was written, local time (the header's `DateTime`).
    pub written_at: DateTime,
}

/// A child whose ledger does not fold as at the reference date: the census
/// is not written rather than written without them.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("child {child}: the record does not fold as at {as_at}: {refusal}")]
pub struct CensusError {
    pub child: String,
    pub as_at: Date,
    pub refusal: Refusal,
}

/// Working days from the strategy discussion that starts a section 47
/// enquiry to its initial child protection conference (Working Together
/// 2023, chapter 4): the census's `InitialCPCtarget`.
const ICPC_WORKING_DAYS: u32 = 15;

/// The census for `year` from every child's details and ledger, in the
/// order given. Children with no episode of need open in the year are left
/// out.
pub fn census(
    children: impl IntoIterator<Item = ChildSource>,
    year: CollectionYear,
    software: &Software,
) -> Result<CinFile, CensusError> {
    let mut census = Census::new(year);
    for source in children {
        census.add(&source)?;
    }
    Ok(census.finish(software))
}

/// A census built one child at a time, so that a whole authority can be
/// read child by child without holding every ledger at once.
pub struct Census {
    year: CollectionYear,
    calendar: WorkingDayCalendar,
    children: Vec<Child>,
}

impl Census {
    pub fn new(year: CollectionYear) -> Self {
        Census {
            year,
            calendar: WorkingDayCalendar::england_and_wales(),
            children: Vec::new(),
        }
    }

    /// Adds the child if they are in the census.
    pub fn add(&mut self, source: &ChildSource) -> Result<(), CensusError> {
        let as_at = self.year.reference_date();
        let record = ChildRecord::fold(&source.events, as_at).map_err(|refusal| CensusError {
            child: source.la_child_id.to_string(),
            as_at,
            refusal,
        })?;
        if let Some(child) = child(source, &record, self.year, &self.calendar) {
            self.children.push(child);
        }
        Ok(())
    }

    /// The census file, with its header.
    pub fn finish(self, software: &Software) -> CinFile {
        CinFile {
            header: Some(header(self.year, software)),
            children: self.children,
        }
    }
}

/// The header: the collection, its reference date and who sent it.
pub fn header(year: CollectionYear, software: &Software) -> Header {
    let reference_date = year.reference_date();
    Header {
        line: None,
        collection_details: Some(CollectionDetails {
            line: None,
            collection: Field::Valid("CIN".to_owned()),
            // The census is named by the year its reference date falls in
            // (the 2025-26 census is "CIN census 2026").
            year: Field::Valid(reference_date.year()),
            reference_date: Field::Valid(reference_date),
        }),
        sources: vec![Source {
            line: None,
            source_level: Field::Valid("L".to_owned()),
            lea: Field::Valid(format!("{:03}", software.la_number)),
            software_code: Field::Valid("Hearth".to_owned()),
            release: Field::Valid(software.release.clone()),
            // One file a year from one system: its first.
            serial_no: Field::Valid("001".to_owned()),
            date_time: Field::Valid(software.written_at),
        }],
    }
}

/// One child's census entry, or None when no episode of need was open in
/// the year.
pub fn child(
    source: &ChildSource,
    record: &ChildRecord,
    year: CollectionYear,
    calendar: &WorkingDayCalendar,
) -> Option<Child> {
    let episodes: Vec<&EpisodeOfNeed> = record
        .episodes
        .iter()
        .filter(|e| open_in(year, e.referral.mark.date(), e.closed.map(|m| m.date())))
        .collect();
    if episodes.is_empty() {
        return None;
    }
    let reference_date = year.reference_date();
    // Born as at the reference date: the record's birth details, else the
    // date kept with the child's details if it is not after 31 March.
    let born = record
        .date_of_birth
        .or(source.date_of_birth)
        .filter(|d| *d <= reference_date);
    // Not born by then: the expected date, or, when only the birth itself
    // was recorded (after 31 March), that date, which is what was expected.
    let expected = match born {
        Some(_) => None,
        None => record.expected_date_of_birth.or(record
            .date_of_birth
            .or(source.date_of_birth)
            .filter(|d| *d > reference_date)),
    };
    let unborn = born.is_none() && expected.is_some();
    // The ledger's dated facts as they stood on 31 March come first; the
    // details kept with the child's identity stand in where the ledger has
    // none (children recorded before these facts were kept).
    let facts = &record.characteristics;
    let sex = if unborn {
        // The census requires U for an unborn child (rule 8750).
        Sex::U
    } else {
        facts
            .sex_on(reference_date)
            .or(source.sex)
            .unwrap_or(Sex::U)
    };
    let all_nfa = episodes.iter().all(|e| e.referral.no_further_action);
    let (upn, recorded_unknown) = match facts.upn_on(reference_date) {
        Some(UpnStatus::Known(upn)) => (Some(upn.as_str().to_owned()), None),
        Some(UpnStatus::Unknown(reason)) => (None, Some(*reason)),
        None => (source.upn.as_ref().map(|u| u.as_str().to_owned()), None),
    };
    let upn_unknown = match (&upn, recorded_unknown) {
        (Some(_), _) => None,
        (None, Some(reason)) => Some(reason),
        (None, None) if all_nfa => Some(UpnUnknown::UN7),
        (None, None) if unborn || born.is_some_and(|d| under_school_age(d, reference_date)) => {
            Some(UpnUnknown::UN1)
        }
        (None, None) => None,
    };
    let disabilities: Vec<Field<_>> = facts
        .disabilities_on(reference_date)
        .unwrap_or_default()
        .iter()
        .copied()
        .map(Field::Valid)
        .collect();
    let cin_details = episodes
        .iter()
        .map(|e| cin_details(record, e, &episodes, year, calendar))
        .collect();
    Some(Child {
        line: None,
        identifiers: ChildIdentifiers {
            line: None,
            la_child_id: Field::Valid(source.la_child_id.to_string()),
            upn: upn.into(),
            former_upn: facts
                .former_upn_on(reference_date)
                .map(|u| u.as_str().to_owned())
                .into(),
            upn_unknown: upn_unknown.into(),
            person_birth_date: born.into(),
            expected_person_birth_date: expected.into(),
            sex: Field::Valid(sex),
            person_death_date: facts.died_on_or_before(reference_date).into(),
        },
        characteristics: ChildCharacteristics {
            line: None,
            // Ethnicity must be given; NOBT is the DfE's code for "not yet
            // obtained", which is what an empty value means.
            ethnicity: Field::Valid(
                facts
                    .ethnicity_on(reference_date)
                    .or(source.ethnicity)
                    .unwrap_or(Ethnicity::NOBT),
            ),
            disabilities,
        },
        cin_details,
    })
}

fn cin_details(
    record: &ChildRecord,
    e: &EpisodeOfNeed,
    included: &[&EpisodeOfNeed],
    year: CollectionYear,
    calendar: &WorkingDayCalendar,
) -> CinDetails {
    CinDetails {
        line: None,
        cin_referral_date: Field::Valid(e.referral.mark.date()),
        referral_source: Field::Valid(e.referral.source),
        primary_need_code: e.primary_need.into(),
        cin_closure_date: e.closed.map(|m| m.date()).into(),
        reason_for_closure: e.reason_for_closure.into(),
        // Every initial conference in the record belongs to a section 47
        // enquiry, and is reported there (rule 2884: never at both levels).
        date_of_initial_cpc: Field::Missing,
        assessments: e
            .assessments
            .iter()
            .filter(|a| open_in(year, a.started.date(), a.authorised.map(|m| m.date())))
            .map(assessment)
            .collect(),
        cin_plan_dates: e
            .cin_plans
            .iter()
            .filter(|p| open_in(year, p.started.date(), p.ended.map(|m| m.date())))
            .map(cin_plan)
            .collect(),
        section47: e
            .section47s
            .iter()
            .filter(|s| open_in(year, s.started.date(), section47_end(s)))
            .map(|s| section47(s, calendar))
            .collect(),
        referral_nfa: Field::Valid(e.referral.no_further_action),
        child_protection_plans: e
            .protection_plans
            .iter()
            .filter(|p| open_in(year, p.started.date(), p.ended.map(|m| m.date())))
            .map(|p| protection_plan(record, p, year))
            .collect(),
        // The module is new in 2026-27; earlier censuses have no place for
        // it. Each period of pre-proceedings belongs to the episode whose
        // referral it names, and is reported in the year it was decided.
        // A period recorded with no episode open goes with the episode
        // open on the day it was decided, as before these were linked.
        pre_proceedings: record
            .pre_proceedings_periods
            .iter()
            .filter(|_| year >= CollectionYear::Y2026_27)
            .filter(|p| in_year(year, p.decided.date()))
            .filter(|p| match p.episode {
                Some(referral) => referral == e.referral.mark.event,
                None => belongs_to(e, included, p.decided.date()),
            })
            .map(pre_proceedings)
            .collect(),
    }
}

fn assessment(a: &RecordAssessment) -> Assessment {
    // Factors belong to a completed assessment only (rule 8614).
    let factors: Vec<_> = match a.authorised {
        Some(_) => a.factors.iter().copied().map(Field::Valid).collect(),
        None => Vec::new(),
    };
    Assessment {
        line: None,
        assessment_actual_start_date: Field::Valid(a.started.date()),
        assessment_internal_review_date: a.internal_review.map(|m| m.date()).into(),
        assessment_authorisation_date: a.authorised.map(|m| m.date()).into(),
        factors_identified: !factors.is_empty(),
        assessment_factors: factors,
    }
}

fn cin_plan(p: &ChildInNeedPlan) -> CinPlanDates {
    CinPlanDates {
        line: None,
        cin_plan_start_date: Field::Valid(p.started.date()),
        cin_plan_end_date: p.ended.map(|m| m.date()).into(),
    }
}

/// When a section 47 enquiry stops being open for the census: at its
/// initial conference, or at its conclusion when none was needed.
fn section47_end(s: &Section47Enquiry) -> Option<Date> {
    match (s.initial_conference, s.icpc_required, s.concluded) {
        (Some(icpc), _, _) => Some(icpc.date()),
        (None, Some(false), Some(concluded)) => Some(concluded.date()),
        _ => None,
    }
}

fn section47(s: &Section47Enquiry, calendar: &WorkingDayCalendar) -> Section47 {
    let start = s.started.date();
    Section47 {
        line: None,
        // Hearth's section 47 enquiry starts at the strategy discussion
        // that decides on it, the DfE's S47ActualStartDate; its ICPC clock
        // runs from the same date.
        s47_actual_start_date: Field::Valid(start),
        initial_cpc_target: calendar
            .add_working_days(start, ICPC_WORKING_DAYS)
            .ok()
            .into(),
        date_of_initial_cpc: s.initial_conference.map(|m| m.date()).into(),
        icpc_not_required: Field::Valid(s.icpc_required == Some(false)),
    }
}

fn protection_plan(
    record: &ChildRecord,
    p: &ProtectionPlan,
    year: CollectionYear,
) -> ChildProtectionPlan {
    let start = p.started.date();
    // Every plan the child had before this one, in any episode.
    let previous = record
        .episodes
        .iter()
        .flat_map(|e| &e.protection_plans)
        .filter(|q| q.started.date() < start)
        .count();
    let reviews: Vec<Field<Date>> = p
        .review_conferences
        .iter()
        .map(|m| m.date())
        .filter(|d| in_year(year, *d))
        .map(Field::Valid)
        .collect();
    ChildProtectionPlan {
        line: None,
        cpp_start_date: Field::Valid(start),
        cpp_end_date: p.ended.map(|m| m.date()).into(),
        initial_category_of_abuse: Field::Valid(p.initial_category),
        latest_category_of_abuse: Field::Valid(p.latest_category),
        number_of_previous_cpp: Field::Valid(u32::try_from(previous).unwrap_or(u32::MAX)),
        reviews: (!reviews.is_empty()).then_some(Reviews {
            line: None,
            cpp_review_dates: reviews,
        }),
    }
}

fn pre_proceedings(p: &PreProceedingsPeriod) -> PreProceedingsAndFgdm {
    let date = |m: Option<hearth_domain::record::Mark>| Field::from(m.map(|m| m.date()));
    // Older ledgers recorded pre-proceedings as one start and one end: the
    // letter's own date is not known, and an end that issued proceedings is
    // the application to court.
    let (letter, court) = if p.recorded_as_one_step {
        let issued = p
            .step_decision
            .filter(|s| s.decision == PreProceedingsDecision::IssueProceedings)
            .map(|s| s.mark);
        (None, p.court_application.or(issued))
    } else {
        (p.letter_before_proceedings, p.court_application)
    };
    PreProceedingsAndFgdm {
        pp_start_date: Field::Valid(p.decided.date()),
        lbp_sent_date: date(letter),
        fgdm_meeting_offer: p.family_group_meeting_offered.into(),
        fgdm_meeting_fac: p.family_group_meeting_held().into(),
        initial_pp_meeting_date: date(p.initial_meeting),
        review_meetings_count: Field::Valid(p.review_meetings_count() as u32),
        step_decision_date: date(p.step_decision.map(|s| s.mark)),
        pp_outcome: p
            .step_decision
            .map(|s| s.decision.cin_code().to_owned())
            .into(),
        court_app_date: date(court),
        letter_init_cp_date: date(p.letter_of_issue),
        ..PreProceedingsAndFgdm::default()
    }
}

/// Whether something that started on `start` and ended on `end` (or is
/// still open) was open on at least one day of the year.
fn open_in(year: CollectionYear, start: Date, end: Option<Date>) -> bool {
    start <= year.reference_date() && end.is_none_or(|end| end >= year.start())
}

fn in_year(year: CollectionYear, day: Date) -> bool {
    year.start() <= day && day <= year.reference_date()
}

/// Whether a fact dated `on` belongs to episode `e`: the reported episode
/// open that day, or else the latest reported episode that began before
/// it.
fn belongs_to(e: &EpisodeOfNeed, included: &[&EpisodeOfNeed], on: Date) -> bool {
    let holder = included
        .iter()
        .find(|x| open_in_span(x, on))
        .or_else(|| included.iter().rev().find(|x| x.referral.mark.date() <= on));
    holder.is_some_and(|h| std::ptr::eq(*h, e))
}

fn open_in_span(e: &EpisodeOfNeed, on: Date) -> bool {
    e.referral.mark.date() <= on && e.closed.is_none_or(|c| c.date() >= on)
}

/// Under compulsory school age (five) on the reference date, so without a
/// UPN for that reason (UPN unknown reason UN1).
fn under_school_age(born: Date, reference_date: Date) -> bool {
    hearth_domain::age::age_on(born, reference_date).is_some_and(|age| age < 5)
}
