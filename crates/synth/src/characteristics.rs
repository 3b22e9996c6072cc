//! Each kept child's characteristics and the other facts the DfE returns
//! take from the record, written into their ledger once their history is
//! known: sex, ethnicity, disabilities, UPN (with a former UPN or a reason
//! for none), UASC status with its end, motherhood, offending, substance
//! misuse, development checks, previous permanence, deprivation of liberty
//! orders, and, for a few children, death.
//!
//! It reads the child's history by folding their ledger, so each fact sits
//! where the history puts it (a period of care's start, a birthday), and
//! draws from a stream of its own for the child, so adding it changed
//! nothing else the generator decides.
//!
//! Rates, and where they come from (England, national statistics):
//! - disability: about 13% of children in need have one recorded (DfE,
//!   "Characteristics of children in need", CIN census 2023 and 2024:
//!   12.9% and 13.4% of children in need at 31 March); the mix of codes is
//!   weighted as the same release's disability table is, learning,
//!   autism, behaviour and communication the most common;
//! - UASC: 6,540 of the 81,770 children looked after at 31 March 2025 (8%;
//!   DfE, "Children looked after in England", SSDA903, 2025); the
//!   unaccompanied children themselves are made by the generator at its
//!   calibrated rate, and their status ends at 18 at the latest (SSDA903
//!   rule 304);
//! - OC2, for children looked after for 12 months at 31 March (DfE,
//!   "Outcomes for children in need, including children looked after",
//!   2024): about 2% of those aged 10 or over convicted in the year; about
//!   3% identified with a substance misuse problem, most of whom were
//!   offered an intervention and more than half of whom received it;
//!   about 89% of under-5s with development checks up to date;
//! - previous permanence (SSDA903 `PrevPerm`, national tables of children
//!   starting to be looked after): most have none (Z1), a few per cent
//!   return after a special guardianship or child arrangements order or
//!   an adoption. "Not known" (P4) is not generated: rule 630 asks for
//!   the authority and date of every previous permanence but Z1, which a
//!   record that does not know cannot give, so each would be an error in
//!   the synthetic authority's return;
//! - motherhood: assumed about 2% of girls aged 15 or over in care have a
//!   baby while looked after (the SSDA903 collects `MOTHER`; the national
//!   figure is not in our notes);
//! - deprivation of liberty orders: assumed about 1 in 10 children aged 12
//!   or over placed in a children's home, which puts them at about 1% of
//!   children looked after (the Nuffield Family Justice Observatory counts
//!   about 1,200 applications a year in England and Wales, 2023-24);
//! - death: about 1 in 1,000 closed episodes of need (CIN census, closure
//!   reason RC2).

use hearth_domain::codes::{
    Disability, PlacementType, PreviousPermanence, ReasonForClosure, Sex, UpnUnknown,
};
use hearth_domain::events::EventKind;
use hearth_domain::record::ChildRecord;

use crate::kid::{Day, Kid, day};
use crate::rng::Rng;

// About 13% of children in need have a disability (CIN census 2023-24):
// the two shares below give it together, `0.18 * N2_DISABLED + 0.82 *
// OTHER_DISABLED` (a test holds them to it).
/// The share of children whose primary need is N2 with a disability.
const N2_DISABLED: f64 = 0.6;
/// The share of the other children in need with a disability.
const OTHER_DISABLED: f64 = 0.028;

/// Disability codes and their weights among disabled children in need (CIN
/// census characteristics, disability table: each child may have several).
const DISABILITIES: &[(Disability, u32)] = &[
    (Disability::LD, 34),
    (Disability::AUT, 38),
    (Disability::BEH, 22),
    (Disability::COMM, 24),
    (Disability::PC, 12),
    (Disability::MOB, 10),
    (Disability::HAND, 4),
    (Disability::INC, 7),
    (Disability::HEAR, 4),
    (Disability::VIS, 4),
    (Disability::CON, 3),
    (Disability::DDA, 16),
];

/// Writes the facts into `kid`'s ledger, drawing from `rng`. `upn_issued`
/// is the day the child's UPN (on their identity) was issued; `la` is the
/// authority's three-digit number.
pub fn record(kid: &mut Kid, rng: &mut Rng, upn_issued: Option<Day>, la: u16) {
    // Whether the child dies is drawn from a stream of its own, seeded
    // before anything else is drawn, so the facts drawn first (which change
    // as the generator grows) do not move who dies.
    let mut fate = Rng::stream(rng.clone().next_u64(), DEATH_STREAM);
    let Ok(history) = ChildRecord::fold_all(&kid.events) else {
        return;
    };
    let Some(first) = kid.events.iter().map(|e| day(e.on.date())).min() else {
        return;
    };
    let last = kid
        .events
        .iter()
        .map(|e| day(e.on.date()))
        .max()
        .unwrap_or(first);
    let by = kid.worker;
    kid.add(
        first,
        by,
        EventKind::SexRecorded {
            sex: kid.identity.sex,
        },
    );
    kid.add(
        first,
        by,
        EventKind::EthnicityRecorded {
            ethnicity: kid.identity.ethnicity,
        },
    );
    let looked_after_ever = !history.periods_of_care.is_empty();
    upn(kid, rng, (first, last), upn_issued, looked_after_ever, la);
    if !history.episodes.is_empty() {
        disabilities(kid, rng, &history, first, last);
    }
    looked_after(kid, rng, &history, la);
    death(kid, &mut fate, &history, last);
}

/// The child's own number, from their LA child id (`SC` and seven digits).
fn kid_number(kid: &Kid) -> u64 {
    let id = kid.identity.la_child_id.as_str();
    id.trim_start_matches("SC").parse().unwrap_or(0)
}

/// Why a child of school age has no UPN. "Newly in need or looked after"
/// (UN4) is not a lasting reason for a child who has been looked after: the
/// SSDA903 finds it for a child looked after for more than a week at 31
/// March (rule 210), so they are given the others.
fn school_age_reason(rng: &mut Rng, looked_after_ever: bool) -> UpnUnknown {
    if looked_after_ever {
        rng.weighted(&[
            (UpnUnknown::UN2, 50),
            (UpnUnknown::UN3, 30),
            (UpnUnknown::UN5, 20),
        ])
    } else {
        rng.weighted(&[
            (UpnUnknown::UN2, 30),
            (UpnUnknown::UN3, 20),
            (UpnUnknown::UN4, 40),
            (UpnUnknown::UN5, 10),
        ])
    }
}

/// The UPN as the authority learned it: a reason for none until the UPN
/// is known, a former UPN for a few.
fn upn(
    kid: &mut Kid,
    rng: &mut Rng,
    (first, last): (Day, Day),
    issued: Option<Day>,
    looked_after_ever: bool,
    la: u16,
) {
    let by = kid.worker;
    let held = kid.identity.upn.clone().zip(issued);
    let known_from = held.as_ref().map(|(_, on)| (*on).max(first));
    if known_from.is_none_or(|k| k > first) {
        let school_age = kid.age_on(first) >= 5;
        let reason = if !school_age {
            UpnUnknown::UN1
        } else {
            school_age_reason(rng, looked_after_ever)
        };
        kid.add(first, by, EventKind::UpnUnknownRecorded { reason });
        // Still without a UPN when they start school (the September after
        // their 4th birthday): the reason given then is a school-age one
        // (SSDA903 rule 209 finds UN1 for a child of school age).
        let four = crate::kid::date(kid.birthday(4));
        let september = jiff::civil::date(four.year(), 9, 1);
        let school = crate::kid::day(if four <= september {
            september
        } else {
            jiff::civil::date(four.year() + 1, 9, 1)
        })
        .max(first + 1);
        if reason == UpnUnknown::UN1 && school <= last && known_from.is_none_or(|k| k > school) {
            let reason = school_age_reason(rng, looked_after_ever);
            kid.add(school, by, EventKind::UpnUnknownRecorded { reason });
        }
    }
    let (Some((upn, _)), Some(on)) = (held, known_from) else {
        return;
    };
    if on > last {
        return;
    }
    // About 2% were first known by another UPN (a temporary one, or one
    // given in error), which becomes the former UPN: only children never
    // looked after, since the SSDA903 finds a UPN that differs from last
    // year's return (rule 208) and has no former UPN to explain it.
    if rng.chance(0.02) && !looked_after_ever {
        let changed = on + rng.range(30, 400);
        if changed <= last
            // A number no child has (the children number far fewer than
            // half a million), so the former UPN is no one else's.
            && let Some(former) = crate::people::upn(
                rng,
                la,
                crate::kid::date(on),
                500_000 + kid_number(kid),
            )
            && former != upn
        {
            kid.add(on, by, EventKind::UpnRecorded { upn: former });
            kid.add(changed, by, EventKind::UpnRecorded { upn });
            return;
        }
    }
    kid.add(on, by, EventKind::UpnRecorded { upn });
}

/// Disabilities, recorded at the first assessment; a child whose primary
/// need is their disability (N2) has one. For a fifth of disabled children
/// the diagnosis comes later: none recorded first.
fn disabilities(kid: &mut Kid, rng: &mut Rng, history: &ChildRecord, first: Day, last: Day) {
    use hearth_domain::codes::PrimaryNeed;
    let by = kid.worker;
    let need_is_disability = history
        .episodes
        .iter()
        .any(|e| e.primary_need == Some(PrimaryNeed::N2));
    // N2 is "child's disability or illness": most of those children, not
    // all, have a disability. The generator's children in need have N2
    // more often than England's (about 18% of those in need on a day,
    // measured on the small profile), so the share for N2 and for the
    // rest are set to give about 13% in all.
    let disabled = if need_is_disability {
        rng.chance(N2_DISABLED)
    } else {
        rng.chance(OTHER_DISABLED)
    };
    if !disabled {
        kid.add(
            first,
            by,
            EventKind::DisabilitiesRecorded {
                disabilities: vec![Disability::NONE],
            },
        );
        return;
    }
    let mut list = vec![rng.weighted(DISABILITIES)];
    for _ in 0..rng.weighted(&[(0usize, 55), (1, 30), (2, 15)]) {
        let more = rng.weighted(DISABILITIES);
        if !list.contains(&more) {
            list.push(more);
        }
    }
    let later = first + rng.range(60, 500);
    if !need_is_disability && rng.chance(0.2) && later <= last {
        kid.add(
            first,
            by,
            EventKind::DisabilitiesRecorded {
                disabilities: vec![Disability::NONE],
            },
        );
        kid.add(
            later,
            by,
            EventKind::DisabilitiesRecorded { disabilities: list },
        );
    } else {
        kid.add(
            first,
            by,
            EventKind::DisabilitiesRecorded { disabilities: list },
        );
    }
}

/// For each period of care: previous permanence at its start, UASC status,
/// motherhood, the OC2 facts for each year ending 31 March, and
/// deprivation of liberty orders.
fn looked_after(kid: &mut Kid, rng: &mut Rng, history: &ChildRecord, la: u16) {
    let as_at = kid.as_at();
    let mut uasc_started = false;
    // SSDA903 rule 634: previous permanence only for periods of care
    // starting from 1 April 2016.
    let prev_perm_from = day(jiff::civil::date(2016, 4, 1));
    for period in &history.periods_of_care {
        let start = day(period.started.date());
        let end = period.ended.map_or(as_at, |m| day(m.date()));
        let by = kid.worker;
        let permanence = rng.weighted(&[
            (PreviousPermanence::Z1, 91),
            (PreviousPermanence::P2, 5),
            (PreviousPermanence::P3, 3),
            (PreviousPermanence::P1, 1),
        ]);
        let (permanence, date, local_authority) = match permanence {
            PreviousPermanence::P1 | PreviousPermanence::P2 | PreviousPermanence::P3 => {
                let order = (kid.dob + 200).max(start - rng.range(200, 2_500));
                let order = (order < start - 30).then(|| crate::kid::date(order));
                let here = if rng.chance(0.8) {
                    la
                } else {
                    rng.pick(&[806, 831, 886, 330, 209])
                };
                match order {
                    Some(order) => (permanence, Some(order), Some(format!("{here:03}"))),
                    // Too young for an earlier order to have been made
                    // and ended: none (rule 630 asks for its date).
                    None => (PreviousPermanence::Z1, None, None),
                }
            }
            _ => (permanence, None, None),
        };
        if start >= prev_perm_from {
            kid.add(
                start,
                by,
                EventKind::PreviousPermanenceRecorded {
                    permanence,
                    date,
                    local_authority,
                },
            );
        }
        if period.uasc && !uasc_started {
            uasc_started = true;
            kid.add(start, by, EventKind::UascStatusStarted);
            // The status ends at 18: for a child born on 29 February, on
            // 28 February in a common year, as the DfE counts 18 years
            // (SSDA903 rule 304 adds 18 years to the date of birth), where
            // Hearth's own age arithmetic takes 1 March.
            let dob = kid.identity.date_of_birth;
            let ends = dob
                .checked_add(jiff::Span::new().years(18))
                .map_or_else(|_| kid.birthday(18), day);
            kid.add(ends, by, EventKind::UascStatusEnded);
        }
        if kid.identity.sex == Sex::F && rng.chance(0.05) {
            let from = kid.birthday(15).max(start);
            if from < end {
                let born = rng.range(from, end);
                kid.add(born, by, EventKind::BabyBorn);
            }
        }
        outcomes(kid, rng, start, end);
        // Deprivation of liberty orders for young people in a children's
        // home (K2), within that placement: the placement types the DfE
        // expects during an order (SSDA903 rules 709 and 710; a secure
        // children's home, K1, has its own order).
        let home = period
            .placements
            .iter()
            .find(|p| p.placement.placement_type == PlacementType::K2);
        if let Some(spell) = home {
            let placed = day(spell.start.date());
            // The last day of the placement: the day before a move.
            let last = spell.end.map_or(end, |d| day(d) - 1);
            if kid.age_on(last) >= 12 && rng.chance(0.1) {
                let from = placed.max(kid.birthday(12)) + rng.range(14, 200);
                if from < last {
                    kid.add(from, by, EventKind::DeprivationOfLibertyStarted);
                    let until = (from + rng.range(90, 400)).min(last);
                    if until < end || period.ended.is_some() {
                        kid.add(until, by, EventKind::DeprivationOfLibertyEnded);
                    }
                }
            }
        }
    }
}

/// The OC2 facts for each year ending 31 March in which the child had been
/// looked after for 12 months.
fn outcomes(kid: &mut Kid, rng: &mut Rng, start: Day, end: Day) {
    let by = kid.worker;
    let first_year = crate::kid::date(start + 365).year();
    let last_year = crate::kid::date(end).year() + 1;
    for year in first_year..=last_year {
        let march = day(jiff::civil::date(year, 3, 31));
        let april = day(jiff::civil::date(year - 1, 4, 1));
        if march - start < 365 || march > end {
            continue;
        }
        let age = kid.age_on(march);
        let some_day = |rng: &mut Rng| rng.range(april.max(start), march);
        if age < 5 {
            let on = some_day(rng);
            let up_to_date = rng.chance(0.89);
            kid.add(on, by, EventKind::DevelopmentChecksRecorded { up_to_date });
        }
        if age >= 10 && rng.chance(0.02) {
            let on = some_day(rng);
            kid.add(on, by, EventKind::Convicted);
        }
        if age >= 11 && rng.chance(0.03) {
            let on = some_day(rng);
            kid.add(on, by, EventKind::SubstanceMisuseIdentified);
            if rng.chance(0.85) {
                let offered = (on + rng.range(1, 40)).min(march);
                let received = rng.chance(0.65);
                kid.add(
                    offered,
                    by,
                    EventKind::SubstanceMisuseInterventionOffered { received },
                );
            }
        }
    }
}

/// A child whose last episode of need closed with nothing after it, and
/// who was never looked after, dies on the day it closed, for about 1 in
/// 1,000: the closure gives the reason RC2.
/// The stream whether a child dies is drawn from (see [`record`]).
const DEATH_STREAM: u64 = 0x0064_6561_7468;

fn death(kid: &mut Kid, rng: &mut Rng, history: &ChildRecord, last: Day) {
    if !history.periods_of_care.is_empty() {
        return;
    }
    let Some(closed) = history.episodes.last().and_then(|e| e.closed) else {
        return;
    };
    let on = day(closed.date());
    let latest = kid.events.iter().map(|e| day(e.on.date())).max();
    // Drawn only for a child whose last fact is their episode's closure,
    // so the rate is of the closures that can be a death.
    if on != last || latest != Some(last) || !rng.chance(0.001) {
        return;
    }
    let Some(event) = kid
        .events
        .iter_mut()
        .find(|e| e.id == closed.event && matches!(e.event, EventKind::EpisodeClosed { .. }))
    else {
        return;
    };
    event.event = EventKind::EpisodeClosed {
        reason: ReasonForClosure::RC2,
    };
    let by = kid.worker;
    kid.add(on, by, EventKind::DeathRecorded);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shares_for_n2_and_the_rest_give_about_13_per_cent() {
        let all = 0.18 * N2_DISABLED + 0.82 * OTHER_DISABLED;
        assert!((all - 0.13).abs() < 0.005, "{all}");
    }
}
