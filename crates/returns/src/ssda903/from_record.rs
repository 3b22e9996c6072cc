//! The SSDA903 return made from the record: each child's ledger folded as
//! at the collection year's reference date (31 March), and every table
//! derived from the fold. `docs/returns-ssda903.md` explains each column's
//! source; what the ledger does not yet hold is left missing.
//!
//! The population (SSDA903 guide 2025-26): children looked after at any
//! time in the year (an episode open on or after 1 April and starting on or
//! before 31 March), and care leavers whose 17th to 21st birthday falls in
//! the year. Every child with a row in any table has a header row.

use hearth_domain::codes::{
    CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch, LegalStatus, PlacementType,
    ReasonEpisodeCeased, SdqReason, Sex,
};
use hearth_domain::events::{Event, EventId, EventKind};
use hearth_domain::ids::{LaChildId, SweNumber};
use hearth_domain::keys::UserId;
use hearth_domain::record::{
    CareEpisode, CareLeaverStatus, ChildRecord, PeriodOfCare, Refusal, UpnStatus, corrected,
};
use std::collections::HashMap;

use jiff::ToSpan;
use jiff::civil::Date;

use super::cell::Cell;
use super::model::{
    Ad1Row, At, ChildUpn, DeprivationOfLibertyRow, EpisodeRow, HeaderRow, MissingRow, Oc2Row,
    Oc3Row, PlacedForAdoptionRow, PreviousPermanenceRow, ReviewRow, Row, SocialWorkerEpisodeRow,
    Ssda903, Table, Text, UascRow,
};
use crate::{ChildSource, CollectionYear, Field};

/// A return made from the record, and the children left out of it because
/// their ledger does not fold (each with the fold's reasons).
#[derive(Debug, Clone, PartialEq)]
pub struct Built {
    pub return_903: Ssda903,
    pub refused: Vec<(LaChildId, Refusal)>,
}

/// The SSDA903 return for `year` from each child's identity details and
/// ledger. A child whose ledger does not fold is left out; [`build`] says
/// who.
pub fn return_903(
    children: impl IntoIterator<Item = ChildSource>,
    year: CollectionYear,
) -> Ssda903 {
    build(children, year).return_903
}

/// [`return_903`], with the children whose ledger does not fold.
pub fn build(children: impl IntoIterator<Item = ChildSource>, year: CollectionYear) -> Built {
    let mut builder = Builder::new(year);
    for child in children {
        builder.add(&child);
    }
    builder.finish()
}

/// A return made a child at a time, for a caller that reads the children
/// one by one (a whole authority's ledgers are not held at once).
#[derive(Debug, Clone)]
pub struct Builder {
    built: Built,
    registrations: HashMap<UserId, SweNumber>,
}

impl Builder {
    pub fn new(year: CollectionYear) -> Self {
        Builder {
            built: Built {
                return_903: Ssda903::empty(year),
                refused: Vec::new(),
            },
            registrations: HashMap::new(),
        }
    }

    /// With each worker's Social Work England registration number, for the
    /// social worker episodes' `SW_ID` (kept with the user, not the ledger).
    /// A worker without one is `XX` and their user number.
    pub fn with_registrations(mut self, registrations: HashMap<UserId, SweNumber>) -> Self {
        self.registrations = registrations;
        self
    }

    /// Adds the child's rows, if their ledger folds.
    pub fn add(&mut self, child: &ChildSource) {
        let out = &mut self.built.return_903;
        let year = out.year;
        match ChildRecord::fold(&child.events, year.reference_date()) {
            Ok(record) => add_child(out, child, &record, year, &self.registrations),
            Err(refusal) => self
                .built
                .refused
                .push((child.la_child_id.clone(), refusal)),
        }
    }

    /// The return, each row numbered with the line it is written at.
    pub fn finish(mut self) -> Built {
        settle_rows(&mut self.built.return_903);
        self.built
    }
}

/// The child's part of every table.
fn add_child(
    out: &mut Ssda903,
    child: &ChildSource,
    record: &ChildRecord,
    year: CollectionYear,
    registrations: &HashMap<UserId, SweNumber>,
) {
    let id = Text::read(child.la_child_id.as_str(), year);
    let dob: Field<Date> = record.date_of_birth.or(child.date_of_birth).into();
    let before = rows_of_child(out);

    let periods: Vec<&PeriodOfCare> = record
        .periods_of_care
        .iter()
        .filter(|p| in_year(p.started.date(), p.ended.map(|m| m.date()), year))
        .collect();
    // An unaccompanied asylum-seeking child has no home postcode in the
    // return, so no distance from home is worked out (rule 406).
    let uasc = was_uasc(record, &periods);
    for period in &periods {
        let home = if uasc {
            Field::Missing
        } else {
            home_postcode(child, record, period.started.date())
        };
        for episode in period
            .episodes
            .iter()
            .filter(|e| in_year(e.start.date(), e.end, year))
        {
            out.episodes
                .push(episode_row(&id, episode, home.clone(), year));
        }
        for review in period
            .reviews
            .iter()
            .filter(|r| r.mark.date() >= year.start())
        {
            out.reviews.push(ReviewRow {
                at: at(Table::Reviews),
                child: id.clone(),
                dob: dob.clone(),
                review: Field::Valid(review.mark.date()),
                review_code: Field::Valid(review.participation),
            });
        }
    }
    if !periods.is_empty() {
        add_missing(out, &id, &dob, record, &periods, year);
        add_uasc(out, child, &id, record, &periods);
        add_oc2(out, child, &id, &dob, record, &periods, year);
        add_adoption(out, child, &id, &dob, record, &periods, year);
        add_previous_permanence(out, &id, &dob, record, &periods, year);
        add_social_worker_episodes(out, &id, &dob, record, registrations, &periods, year);
        if year >= CollectionYear::Y2026_27 {
            add_deprivation_of_liberty(out, &id, &dob, record, year);
        }
    }
    add_oc3(out, &id, &dob, record, year);

    if rows_of_child(out) > before {
        // The ledger's dated facts as they stood on 31 March first; the
        // details kept with the child's identity where it has none.
        let reference_date = year.reference_date();
        let facts = &record.characteristics;
        let sex = facts.sex_on(reference_date).or(child.sex);
        let upn = match facts.upn_on(reference_date) {
            Some(UpnStatus::Known(upn)) => Some(ChildUpn::Known(upn.clone())),
            // The SSDA903 takes UN1-UN5 only: the CIN census's UN6 and UN7
            // (born after the census date; referral with no further action)
            // are left blank for the rules to ask about.
            Some(UpnStatus::Unknown(reason)) => {
                reason.in_ssda903().then_some(ChildUpn::Unknown(*reason))
            }
            None => child.upn.clone().map(ChildUpn::Known),
        };
        // MOTHER is asked of girls only; MC_DOB is her latest child's birth.
        let baby = record
            .babies
            .iter()
            .map(|m| m.date())
            .filter(|d| *d <= reference_date)
            .max();
        // Asked only of girls looked after in the year (rule 628: not of
        // care leavers who were not).
        let girl = sex == Some(Sex::F) && !periods.is_empty();
        out.header.push(HeaderRow {
            at: at(Table::Header),
            child: id,
            sex: sex.into(),
            dob,
            ethnic: facts
                .ethnicity_on(reference_date)
                .or(child.ethnicity)
                .into(),
            upn: upn.into(),
            mother: girl.then_some(baby.is_some()).into(),
            mc_dob: baby.filter(|_| girl).into(),
        });
    }
}

fn rows_of_child(out: &Ssda903) -> usize {
    Table::ALL
        .into_iter()
        .filter(|t| *t != Table::Header)
        .map(|t| out.rows(t))
        .sum()
}

/// Whether something from `start` to `end` (open if none) is open at any
/// time in the year.
fn in_year(start: Date, end: Option<Date>, year: CollectionYear) -> bool {
    start <= year.reference_date() && end.is_none_or(|end| end >= year.start())
}

/// A row's place before lines are numbered.
fn at(file: Table) -> At {
    At { file, line: 0 }
}

/// Each row's line is the one it is written at (the column names are line
/// 1, so the first row is line 2), and each value is as a reader of the
/// written file would find it: a code the record holds that is not in the
/// year's list (a placement type withdrawn since it was recorded) is
/// [`Field::Invalid`], for the rules to report as they would in any
/// authority's file.
fn settle_rows(out: &mut Ssda903) {
    fn settle<R: Row>(rows: &mut Vec<R>, year: CollectionYear) {
        let settled = rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let at = At {
                    file: R::TABLE,
                    line: i as u64 + 2,
                };
                let cells = row.to_cells();
                let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
                R::from_cells(at, &cells, year)
            })
            .collect();
        *rows = settled;
    }
    let year = out.year;
    settle(&mut out.header, year);
    settle(&mut out.episodes, year);
    settle(&mut out.reviews, year);
    settle(&mut out.uasc, year);
    settle(&mut out.oc2, year);
    settle(&mut out.oc3, year);
    settle(&mut out.ad1, year);
    settle(&mut out.placed_for_adoption, year);
    settle(&mut out.previous_permanence, year);
    settle(&mut out.missing, year);
    settle(&mut out.sw_episodes, year);
    settle(&mut out.deprivation_of_liberty, year);
}

/// `HOME_POST`: the postcode of the child's home when the period of care
/// began (the latest home recorded on or before that day), or failing
/// that the postcode on the child's details.
fn home_postcode(
    child: &ChildSource,
    record: &ChildRecord,
    started: Date,
) -> Field<hearth_domain::ids::Postcode> {
    record
        .family
        .homes
        .iter()
        .rev()
        .find(|h| h.mark.date() <= started)
        .and_then(|h| h.postcode.clone())
        .or_else(|| child.postcode.clone())
        .into()
}

fn episode_row(
    id: &Field<Text>,
    e: &CareEpisode,
    home_post: Field<hearth_domain::ids::Postcode>,
    year: CollectionYear,
) -> EpisodeRow {
    let placement = &e.placement;
    EpisodeRow {
        at: at(Table::Episodes),
        child: id.clone(),
        decom: Field::Valid(e.start.date()),
        rne: Field::Valid(e.reason_for_new_episode),
        ls: Field::Valid(e.legal_status),
        cin: Field::Valid(e.category_of_need),
        place: Field::Valid(placement.placement_type),
        place_provider: placement.provider.into(),
        dec: e.end.into(),
        rec: e.reason_ceased.into(),
        reason_place_change: e.reason_place_change.into(),
        home_post,
        pl_post: placement.postcode.clone().into(),
        urn: placement
            .urn
            .as_deref()
            .map_or(Field::Missing, |urn| Text::read(urn, year)),
    }
}

/// `missing.csv`: each time the child went missing or was away without
/// authorisation while looked after, if it was open in the year.
fn add_missing(
    out: &mut Ssda903,
    id: &Field<Text>,
    dob: &Field<Date>,
    record: &ChildRecord,
    periods: &[&PeriodOfCare],
    year: CollectionYear,
) {
    for m in &record.missing {
        let start = m.started.date();
        let end = m.returned.map(|r| r.date());
        let looked_after = periods
            .iter()
            .any(|p| p.started.date() <= start && p.ended.is_none_or(|e| e.date() >= start));
        if looked_after && in_year(start, end, year) {
            out.missing.push(MissingRow {
                at: at(Table::Missing),
                child: id.clone(),
                dob: dob.clone(),
                missing: Field::Valid(m.status),
                mis_start: Field::Valid(start),
                mis_end: end.into(),
            });
        }
    }
}

/// `uasc.csv`: a child who was an unaccompanied asylum-seeking child in a
/// period of care open in the year. `DUC`, the date they cease to be one,
/// is their 18th birthday: the ledger records UASC status only as it was
/// when they came into care.
fn add_uasc(
    out: &mut Ssda903,
    child: &ChildSource,
    id: &Field<Text>,
    record: &ChildRecord,
    periods: &[&PeriodOfCare],
) {
    // UASC status as recorded in spells of its own, or as given when the
    // child became looked after; it ceases when the spell ends, at 18 at
    // the latest.
    let spells = uasc_spells(record, periods);
    let ended = spells.clone().filter_map(|s| s.end.map(|m| m.date())).max();
    let open = spells.clone().any(|s| s.end.is_none());
    if was_uasc(record, periods) {
        let eighteen = record.birthday(18);
        let duc = match (open, ended) {
            (false, Some(end)) => Some(eighteen.map_or(end, |b| end.min(b))),
            _ => eighteen,
        };
        out.uasc.push(UascRow {
            at: at(Table::Uasc),
            child: id.clone(),
            sex: child.sex.into(),
            dob: record.date_of_birth.or(child.date_of_birth).into(),
            duc: duc.into(),
        });
    }
}

/// The UASC spells that overlap the child's periods of care in the year.
fn uasc_spells<'r>(
    record: &'r ChildRecord,
    periods: &'r [&PeriodOfCare],
) -> impl Iterator<Item = &'r hearth_domain::record::Spell> + Clone + 'r {
    record.uasc.iter().filter(move |s| {
        periods.iter().any(|p| {
            s.start.date() <= p.ended.map_or(Date::MAX, |m| m.date())
                && s.end.is_none_or(|e| e.date() >= p.started.date())
        })
    })
}

/// Whether the child was an unaccompanied asylum-seeking child in a
/// period of care in the year: a UASC spell overlapping it, or UASC as
/// recorded when they became looked after. Such a child is in `uasc.csv`.
fn was_uasc(record: &ChildRecord, periods: &[&PeriodOfCare]) -> bool {
    periods.iter().any(|p| p.uasc) || uasc_spells(record, periods).next().is_some()
}

/// Whether the child was looked after continuously for the 12 months to
/// 31 March: a period that began before the year and is still open at its
/// end, with no short breaks (V3, V4) in the year, as the DfE's
/// "continuously looked after" definition (used by the community
/// validator) has it.
fn looked_after_twelve_months(periods: &[&PeriodOfCare], year: CollectionYear) -> bool {
    periods.iter().any(|p| {
        // A period ending on 31 March itself (an 18th birthday that day)
        // was still going on 31 March: rule 191 asks for the child's OC2.
        p.started.date() < year.start()
            && p.ended.is_none_or(|m| m.date() >= year.reference_date())
            && p.episodes
                .iter()
                .filter(|e| in_year(e.start.date(), e.end, year))
                .all(|e| !matches!(e.legal_status, LegalStatus::V3 | LegalStatus::V4))
    })
}

/// `oc2.csv`: the health and outcomes of a child looked after continuously
/// for 12 months at 31 March, from what the record holds of the year.
fn add_oc2(
    out: &mut Ssda903,
    child: &ChildSource,
    id: &Field<Text>,
    dob: &Field<Date>,
    record: &ChildRecord,
    periods: &[&PeriodOfCare],
    year: CollectionYear,
) {
    if !looked_after_twelve_months(periods, year) {
        return;
    }
    let this_year = |d: Date| d >= year.start() && d <= year.reference_date();
    let sdq = record.sdqs.iter().rev().find(|s| this_year(s.mark.date()));
    let sdq_reason = sdq
        .and_then(|s| {
            corrected_kind(&child.events, s.mark.event).and_then(|k| match k {
                EventKind::SdqRecorded { reason, .. } => reason,
                _ => None,
            })
        })
        .or_else(|| {
            // No questionnaire in the year: SDQ1 for a child turning 4 or
            // 17 in the year (rule 197B asks them for a score or a reason;
            // 188 and 189 ask nothing of those younger or older) who was
            // under 4 or over 16 at their latest health assessment of the
            // year, the questionnaire's ages.
            let turns = |years| record.birthday(years).is_some_and(this_year);
            if !turns(4) && !turns(17) {
                return None;
            }
            let assessed = record
                .health_assessments
                .iter()
                .rev()
                .find(|h| this_year(h.mark.date()))?;
            let age = record.age_on(assessed.mark.date())?;
            (sdq.is_none() && !(4..=16).contains(&age)).then_some(SdqReason::SDQ1)
        });
    let immunised = record
        .immunisations
        .iter()
        .rev()
        .find(|(m, _)| m.date() <= year.reference_date())
        .map(|(_, up_to_date)| *up_to_date);
    let reference_date = year.reference_date();
    let under_five = record
        .birthday(5)
        .is_some_and(|fifth| fifth > reference_date);
    let checks = record
        .development_checks
        .iter()
        .rev()
        .find(|d| d.mark.date() <= reference_date)
        .map(|d| d.value);
    let misuse = record.substance_misuse.iter().any(|m| this_year(m.date()));
    let interventions = record
        .substance_misuse_interventions
        .iter()
        .filter(|d| this_year(d.mark.date()));
    let received = interventions.clone().any(|d| d.value);
    out.oc2.push(Oc2Row {
        at: at(Table::Oc2),
        child: id.clone(),
        dob: dob.clone(),
        sdq_score: sdq.and_then(|s| s.score).into(),
        sdq_reason: sdq_reason.into(),
        // Not asked of a child under 10 on 31 March (rule 542).
        convicted: record
            .birthday(10)
            .is_some_and(|tenth| tenth <= reference_date)
            .then(|| record.convictions.iter().any(|m| this_year(m.date())))
            .into(),
        // The development checks are asked of children under 5 only.
        health_check: match under_five {
            true => checks.into(),
            false => Field::Missing,
        },
        immunisations: immunised.into(),
        teeth_check: Field::Valid(record.dental_checks.iter().any(|m| this_year(m.date()))),
        health_assessment: Field::Valid(
            record
                .health_assessments
                .iter()
                .any(|h| this_year(h.mark.date())),
        ),
        substance_misuse: Field::Valid(misuse),
        // The interventions are asked of a child with a substance misuse
        // problem only; whether one was offered is asked only of a child
        // who did not receive one (rule 158).
        intervention_received: misuse.then_some(received).into(),
        intervention_offered: (misuse && !received)
            .then(|| interventions.count() > 0)
            .into(),
    });
}

/// The kind of an event as now known (corrections applied), by its id:
/// for the details of an event the fold does not keep.
fn corrected_kind(events: &[Event], id: EventId) -> Option<EventKind> {
    corrected(events)
        .into_iter()
        .find(|c| c.event.id == id)
        .map(|c| c.kind.clone())
}

/// `oc3.csv`: a care leaver whose 17th to 21st birthday falls in the year
/// (SSDA903 guide: the young people who were eligible children and had
/// left care by that birthday; one who leaves care on or after it is not
/// in the cohort, DfE rule 1016), with what the contact nearest their
/// birthday recorded, from three months before it to one month after.
///
/// With no contact in that window the authority was not in touch around
/// the birthday: `IN_TOUCH` is `NO`. Where the contact recorded no
/// activity or accommodation and the young person was not in touch (not
/// in touch, refused, no longer needs a service, returned home, died),
/// they are `0`, "no information" (rule 344 asks for `0` after a death or
/// a return home; rule 153 for all three items or none). A young person in
/// touch whose activity or accommodation was not recorded has it left
/// blank, for the rules to ask for.
fn add_oc3(
    out: &mut Ssda903,
    id: &Field<Text>,
    dob: &Field<Date>,
    record: &ChildRecord,
    year: CollectionYear,
) {
    let Some(birthday) = (17..=21)
        .filter_map(|age| record.birthday(age))
        .find(|b| *b >= year.start() && *b <= year.reference_date())
    else {
        return;
    };
    let looked_after_on_birthday = record
        .periods_of_care
        .iter()
        .any(|p| p.started.date() <= birthday && p.ended.is_none_or(|e| e.date() >= birthday));
    if looked_after_on_birthday
        || !matches!(
            record.care_leaver_status(birthday),
            Some(CareLeaverStatus::Relevant | CareLeaverStatus::FormerRelevant)
        )
    {
        return;
    }
    let from = birthday.checked_sub(3.months()).unwrap_or(birthday);
    let to = birthday.checked_add(1.month()).unwrap_or(birthday);
    let contact = record
        .care_leaver_contacts
        .iter()
        .filter(|c| c.mark.date() >= from && c.mark.date() <= to)
        .min_by_key(|c| (c.mark.date() - birthday).get_days().abs());
    let in_touch = contact.map_or(CareLeaverInTouch::NO, |c| c.in_touch);
    let not_in_touch = in_touch != CareLeaverInTouch::YES;
    let activity = contact
        .and_then(|c| c.activity)
        .or(not_in_touch.then_some(CareLeaverActivity::NoInformation));
    let accommodation = contact
        .and_then(|c| c.accommodation)
        .or(not_in_touch.then_some(CareLeaverAccommodation::NoInformation));
    out.oc3.push(Oc3Row {
        at: at(Table::Oc3),
        child: id.clone(),
        dob: dob.clone(),
        in_touch: Field::Valid(in_touch),
        activ: activity.into(),
        accom: accommodation.into(),
    });
}

/// `placed_for_adoption_errors.csv` and `ad1.csv`: each decision that the
/// child should be placed for adoption still in force at some time in the
/// year, with its reversal; and, for a child adopted from care in the year
/// (an episode ceased E11 or E12), the adoption's details.
fn add_adoption(
    out: &mut Ssda903,
    child: &ChildSource,
    id: &Field<Text>,
    dob: &Field<Date>,
    record: &ChildRecord,
    periods: &[&PeriodOfCare],
    year: CollectionYear,
) {
    for plan in &record.adoption {
        let Some(decision) = plan.decision else {
            continue;
        };
        let ended = plan.reversed.or(plan.adoption_order).map(|m| m.date());
        if !in_year(decision.date(), ended, year) {
            continue;
        }
        out.placed_for_adoption.push(PlacedForAdoptionRow {
            at: at(Table::PlacedForAdoption),
            child: id.clone(),
            dob: dob.clone(),
            date_placed: Field::Valid(decision.date()),
            date_placed_ceased: plan.reversed.map(|m| m.date()).into(),
            reason_placed_ceased: plan.reversal_reason.into(),
        });
    }
    let adopted = periods.iter().find(|p| {
        matches!(
            p.reason_ceased,
            Some(ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12)
        ) && p.ended.is_some_and(|m| m.date() >= year.start())
    });
    let Some(period) = adopted else {
        return;
    };
    let Some(plan) = record.adoption.iter().rev().find(|a| {
        a.decision
            .is_some_and(|d| Some(d.date()) <= period.ended.map(|m| m.date()))
    }) else {
        return;
    };
    let matched = plan
        .matched
        .and_then(|m| corrected_kind(&child.events, m.event))
        .and_then(|k| match k {
            EventKind::Matched {
                adopter_sex,
                adopter_legal_status,
                number_of_adopters,
            } => Some((adopter_sex, adopter_legal_status, number_of_adopters)),
            _ => None,
        });
    // Placed with their own foster carer(s): A3 or A5; with others: A4, A6.
    let foster_care = period
        .episodes
        .iter()
        .rev()
        .find_map(|e| match e.placement.placement_type {
            PlacementType::A3 | PlacementType::A5 => Some(true),
            PlacementType::A4 | PlacementType::A6 => Some(false),
            _ => None,
        });
    out.ad1.push(Ad1Row {
        at: at(Table::Ad1),
        child: id.clone(),
        dob: dob.clone(),
        date_int: plan.decision.map(|m| m.date()).into(),
        date_match: plan.matched.map(|m| m.date()).into(),
        foster_care: foster_care.into(),
        nb_adoptr: matched.map(|m| m.2).into(),
        sex_adoptr: matched.map(|m| m.0).into(),
        ls_adoptr: matched.map(|m| m.1).into(),
    });
}

/// `previous_permanence.csv`: for a child who began to be looked after in
/// the year, whether an adoption, special guardianship or child
/// arrangements order ended an earlier period of care (SSDA903 guide:
/// asked of each child starting to be looked after; rules 630 and 634).
/// The latest previous permanence recorded on or before the period began;
/// with none recorded the row has `PREV_PERM` blank, for rule 630 to ask.
fn add_previous_permanence(
    out: &mut Ssda903,
    id: &Field<Text>,
    dob: &Field<Date>,
    record: &ChildRecord,
    periods: &[&PeriodOfCare],
    year: CollectionYear,
) {
    let Some(started) = periods
        .iter()
        .map(|p| p.started.date())
        .filter(|d| *d >= year.start())
        .max()
    else {
        return;
    };
    let recorded = record
        .previous_permanence
        .iter()
        .rev()
        .find(|p| p.mark.date() <= started)
        .or_else(|| record.previous_permanence.last());
    out.previous_permanence.push(PreviousPermanenceRow {
        at: at(Table::PreviousPermanence),
        child: id.clone(),
        dob: dob.clone(),
        prev_perm: recorded.map(|p| p.permanence).into(),
        la_perm: recorded
            .and_then(|p| p.local_authority.as_deref())
            .map_or(Field::Missing, |la| Text::read(la, year)),
        date_perm: recorded.and_then(|p| p.date).into(),
    });
}

/// `sw_episodes.csv`: each social worker the child had in the year up to
/// the end of their care in it (the DfE asks for every episode in the
/// year, including while they were not looked after: rule SW12STG2), with
/// the worker's Social Work England registration number and the reason
/// recorded when the worker changed.
///
/// - In the DfE's model a social worker episode ends when the next one
///   starts: the child's last episode reported has no end date, whether
///   they are still looked after on 31 March or left care in the year and
///   their worker's allocation ended with it (rules SW11bSTG2 and
///   SW17STG2: an episode ended with none after it, and a last episode
///   with an end date, are each an error).
/// - A worker allocated after the child left care (and before any return
///   to care in the year) is not reported: their work is not the
///   looked-after child's (rule SW12STG2 finds an episode starting after
///   the end of care).
/// - The child's first worker, with no reason recorded, is their first
///   contact (`FCONTA`).
/// - A worker who held the case for less than a day (allocated and
///   reallocated the same day: a duty worker handing on) is not an episode
///   (rule SW09STG2); a first-contact reason passes to the next worker.
/// - A worker without a Social Work England registration number (a
///   personal adviser for a young person who has left care) is `XX` and
///   Hearth's number for the user, as the DfE's rule SW02STG1 allows for an
///   identifier that is not a registration number.
fn add_social_worker_episodes(
    out: &mut Ssda903,
    id: &Field<Text>,
    dob: &Field<Date>,
    record: &ChildRecord,
    registrations: &HashMap<UserId, SweNumber>,
    periods: &[&PeriodOfCare],
    year: CollectionYear,
) {
    use hearth_domain::codes::SocialWorkerChangeReason as Why;
    // The day the child's care in the year ended, if it did.
    let care_ended = periods.last().and_then(|p| p.ended.map(|m| m.date()));
    let first_row = out.sw_episodes.len();
    let mut carried: Option<Why> = None;
    for (index, episode) in record.social_worker_episodes.iter().enumerate() {
        let start = episode.started.date();
        let end = episode.ended.map(|m| m.date());
        let reason = episode
            .reason
            .or_else(|| (index == 0).then_some(Why::FCONTA));
        if end == Some(start) {
            if reason == Some(Why::FCONTA) {
                carried = reason;
            }
            continue;
        }
        let reason = carried.take().or(reason);
        if !in_year(start, end, year) || care_ended.is_some_and(|e| start > e) {
            continue;
        }
        out.sw_episodes.push(SocialWorkerEpisodeRow {
            at: at(Table::SocialWorkerEpisodes),
            child: id.clone(),
            dob: dob.clone(),
            sw_id: Text::read(
                &registrations.get(&episode.worker).map_or_else(
                    || format!("XX{:06}", episode.worker.0),
                    |n| n.as_str().to_owned(),
                ),
                year,
            ),
            sw_decom: Field::Valid(start),
            sw_dec: end.filter(|e| *e <= year.reference_date()).into(),
            sw_reason: reason.into(),
        });
    }
    if out.sw_episodes.len() > first_row
        && let Some(last) = out.sw_episodes.last_mut()
    {
        last.sw_dec = Field::Missing;
    }
}

/// `DoLo.csv` (from 2026-27): each deprivation of liberty order in force at
/// any time in the year, with its end if it ended by 31 March.
fn add_deprivation_of_liberty(
    out: &mut Ssda903,
    id: &Field<Text>,
    dob: &Field<Date>,
    record: &ChildRecord,
    year: CollectionYear,
) {
    for order in &record.deprivation_of_liberty {
        let start = order.start.date();
        let end = order.end.map(|m| m.date());
        if !in_year(start, end, year) {
            continue;
        }
        out.deprivation_of_liberty.push(DeprivationOfLibertyRow {
            at: at(Table::DeprivationOfLiberty),
            child: id.clone(),
            dob: dob.clone(),
            dolo_start: Field::Valid(start),
            dolo_end: end.filter(|e| *e <= year.reference_date()).into(),
        });
    }
}
