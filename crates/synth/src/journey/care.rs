//! Children in care: placements and their moves, reviews, visits, health
//! and education, missing episodes, adoption, and leaving care (Care
//! Planning, Placement and Case Review (England) Regulations 2010).

use hearth_domain::codes::SocialWorkerChangeReason;
use hearth_domain::codes::{
    AdopterLegalStatus, AdopterSex, CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch,
    LegalStatus, MissingOrAway, PlacementType, PrimaryNeed, ReasonDecisionReversed,
    ReasonEpisodeCeased, ReasonForClosure, ReasonForPlacementChange, ReviewParticipation,
    SdqReason,
};
use hearth_domain::events::{EventKind, HealthAssessmentKind, Placement, VisitKind};
use hearth_domain::keys::UserId;

use super::placements::{foster_care, not_with_parents_under_section_20, placement, same_place};
use super::{
    Ctx, Episode, allocate, child_in_need_plan, close, in_force, next_after, supervision, visit,
};
use crate::kid::{Day, Kid, date};
use crate::workforce::TeamKind;

/// The adopters' legal status and number, consistent with their sex
/// (SSDA903 rules 511 and 514: a single adopter is `L0` and one; a couple
/// is two, married, in a civil partnership or neither). Drawn from a
/// stream of its own for the child and the day, so the rest of the
/// child's history is drawn as before. Among couples adopting, most are
/// married (DfE, "Children looked after in England", adopters' legal
/// status: about three in four couples married or in a civil partnership).
fn adopters(sex: AdopterSex, kid: &Kid, matched: Day) -> (AdopterLegalStatus, u8) {
    use AdopterLegalStatus as L;
    let mut rng = crate::rng::Rng::stream(
        u64::from(kid.dob.unsigned_abs()),
        u64::from(matched.unsigned_abs()),
    );
    match sex {
        AdopterSex::M1 | AdopterSex::F1 => (L::L0, 1),
        AdopterSex::MF => (rng.weighted(&[(L::L11, 75), (L::L3, 25)]), 2),
        AdopterSex::MM | AdopterSex::FF => {
            (rng.weighted(&[(L::L12, 45), (L::L2, 30), (L::L4, 25)]), 2)
        }
    }
}

/// How a child's time in care ends.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Exit {
    Home,
    Order,
    Adoption,
    Adulthood,
}

pub(super) fn looked_after(
    ctx: &mut Ctx<'_>,
    ep: &Episode,
    kid: &mut Kid,
    start: Day,
    uasc: bool,
    mut pending_assessment: Option<(Day, EventKind)>,
) {
    let eighteen = kid.birthday(18);
    let age = kid.age_on(start);
    let (w, t) = ctx.workforce.allocate(TeamKind::LookedAfter);
    allocate(kid, start, w, t, SocialWorkerChangeReason::TSPROC);
    let manager = ctx.workforce.manager_of(t);
    let from_plan = ep.plan.is_some();
    let legal_status = if uasc {
        LegalStatus::V2
    } else if from_plan {
        LegalStatus::C1
    } else if age >= 12 {
        kid.rng.weighted(&[
            (LegalStatus::V2, 70),
            (LegalStatus::L1, 10),
            (LegalStatus::C1, 20),
        ])
    } else {
        kid.rng.weighted(&[
            (LegalStatus::V2, 45),
            (LegalStatus::L1, 20),
            (LegalStatus::L2, 10),
            (LegalStatus::C1, 25),
        ])
    };
    let first = placement(kid, start, (ctx.outward, ctx.district), ctx.register, false);
    let first =
        not_with_parents_under_section_20(kid, first, legal_status, ctx.outward, ctx.register);
    let category_of_need = if matches!(ep.need, PrimaryNeed::N0 | PrimaryNeed::N9) {
        PrimaryNeed::N1
    } else {
        ep.need
    };
    kid.add(
        start,
        manager,
        EventKind::ManagementOversight {
            decision: "The child is to be looked after".into(),
            rationale: "The child cannot safely remain at home".into(),
        },
    );
    kid.add(
        start,
        w,
        EventKind::BecameLookedAfter {
            legal_status,
            placement: first.clone(),
            category_of_need,
            uasc,
        },
    );
    let iro = ctx.workforce.iro();
    kid.add(
        start,
        manager,
        EventKind::IroAppointed {
            iro: UserId(i64::from(iro)),
        },
    );
    // How long, and how it ends.
    let exit = if uasc || age >= 15 {
        if kid.rng.chance(if uasc { 0.92 } else { 0.55 }) {
            Exit::Adulthood
        } else {
            Exit::Home
        }
    } else if age < 4 && kid.rng.chance(0.6) {
        Exit::Adoption
    } else {
        kid.rng
            .weighted(&[(Exit::Home, 50), (Exit::Order, 22), (Exit::Adulthood, 28)])
    };
    let planned_end = match exit {
        Exit::Home => start + 30 + kid.rng.exponential(330.0) as i32,
        Exit::Order => start + 240 + kid.rng.exponential(400.0) as i32,
        Exit::Adoption => start + 500 + kid.rng.range(0, 350),
        Exit::Adulthood => eighteen,
    };
    let end = planned_end.min(eighteen);
    let d_end = if end == eighteen { eighteen } else { end };
    // Legal status: an interim care order becomes a full order at the
    // end of proceedings; police protection gives way to an order or
    // accommodation.
    let mut legal = legal_status;
    if matches!(legal, LegalStatus::L1 | LegalStatus::L2) {
        // Police protection lasts at most 72 hours (Children Act 1989
        // s46(6); SSDA903 rule 361); an emergency protection order up to
        // eight days before an extension (s45(1)).
        let on = start
            + if legal == LegalStatus::L1 {
                kid.rng.range(1, 3)
            } else {
                kid.rng.range(2, 8)
            };
        if on < d_end {
            legal = LegalStatus::C1;
            kid.add(
                on,
                w,
                EventKind::LegalStatusChanged {
                    legal_status: legal,
                },
            );
        }
    }
    if legal == LegalStatus::C1 {
        // The final care order; for a child to be adopted, before the
        // placement order (at least 130 days in, below), which it must not
        // replace as the legal status (SSDA903 rule 408).
        let on = start
            + if exit == Exit::Adoption {
                kid.rng.range(100, 125)
            } else {
                kid.rng.range(150, 280)
            };
        if on < d_end {
            legal = LegalStatus::C2;
            kid.add(
                on,
                w,
                EventKind::LegalStatusChanged {
                    legal_status: legal,
                },
            );
        }
    }
    if let Some((on, kind)) = pending_assessment.take() {
        kid.add(on.max(start).min(d_end - 1).max(start), manager, kind);
    }
    // Within the first weeks: care plan, health assessment, PEP.
    let d = &ctx.days;
    let care_plan = d.add_working(
        start,
        if kid.rng.chance(0.9) {
            kid.rng.range(2, 10)
        } else {
            kid.rng.range(11, 20)
        },
    );
    if care_plan < d_end {
        kid.add(care_plan, w, EventKind::CarePlanRecorded);
    }
    let health = d.add_working(
        start,
        if kid.rng.chance(0.8) {
            kid.rng.range(8, 20)
        } else {
            kid.rng.range(21, 35)
        },
    );
    if health < d_end {
        kid.add(
            health,
            w,
            EventKind::HealthAssessment {
                assessment: HealthAssessmentKind::Initial,
            },
        );
        // The initial assessment records where the immunisations stand.
        let up_to_date = kid.rng.chance(0.9);
        kid.add(health, w, EventKind::ImmunisationsRecorded { up_to_date });
    }
    // Placements: moves now and then.
    let mut spells = vec![(start, first)];
    let mut on = start;
    loop {
        let stay = 60 + kid.rng.exponential(if age >= 11 { 500.0 } else { 900.0 }) as i32;
        on += stay;
        // A child to be adopted moves no more once the plan for adoption
        // is in train (the placement for adoption is at least 174 days in,
        // below): a later move would leave them in foster care when the
        // adoption order is made (SSDA903 rule 390).
        if on >= d_end - 7 || exit == Exit::Adoption && (on >= d_end - 400 || on >= start + 120) {
            break;
        }
        let p = placement(kid, on, (ctx.outward, ctx.district), ctx.register, false);
        let p = not_with_parents_under_section_20(kid, p, legal, ctx.outward, ctx.register);
        let reason = kid.rng.weighted(&[
            (ReasonForPlacementChange::CARPL, 30),
            (ReasonForPlacementChange::CHILD, 15),
            (ReasonForPlacementChange::LAREQ, 20),
            (ReasonForPlacementChange::CREQB, 10),
            (ReasonForPlacementChange::PLACE, 10),
            (ReasonForPlacementChange::STAND, 10),
            (ReasonForPlacementChange::ALLEG, 5),
        ]);
        // A move to where the child already is (home to parents again, or
        // the same provider at the same postcode) is no move: a new episode
        // for it would change nothing the return shows (SSDA903 rule 435).
        if spells.last().is_some_and(|(_, last)| same_place(last, &p)) {
            continue;
        }
        kid.add(
            on,
            w,
            EventKind::PlacementChanged {
                placement: p.clone(),
                reason: Some(reason),
                same_carer: false,
            },
        );
        spells.push((on, p));
    }
    // Semi-independent living (H5) went from the list with supported
    // accommodation (K3) in 2024-25: a child still there on 1 April 2024
    // stays with the same provider under the new type (SSDA903 rule 146
    // finds H5 in the 2025-26 return).
    let k3_from = crate::kid::day(jiff::civil::date(2024, 4, 1));
    let mut ends = spells.iter().skip(1).map(|s| s.0).collect::<Vec<_>>();
    ends.push(d_end);
    for ((begun, p), until) in spells.iter().zip(ends) {
        if p.placement_type == PlacementType::H5 && *begun < k3_from && until > k3_from {
            kid.add(
                k3_from,
                w,
                EventKind::PlacementChanged {
                    placement: Placement {
                        placement_type: PlacementType::K3,
                        ..p.clone()
                    },
                    reason: Some(ReasonForPlacementChange::PLACE),
                    same_carer: true,
                },
            );
        }
    }
    // Adoption: decision, placement order, match, placement, order.
    let mut adopted_on = None;
    if exit == Exit::Adoption {
        let decision = start + kid.rng.range(90, 200);
        let order = decision + kid.rng.range(40, 150);
        let matched = order + kid.rng.range(30, 180);
        let placed = matched + kid.rng.range(14, 40);
        let granted = (placed + kid.rng.range(100, 280)).max(d_end);
        let adoption_team = ctx.workforce.allocate(TeamKind::Adoption);
        kid.add(decision, manager, EventKind::AdoptionDecision);
        kid.add(order, w, EventKind::PlacementOrderGranted);
        if order < granted {
            kid.add(
                order,
                w,
                EventKind::LegalStatusChanged {
                    legal_status: LegalStatus::E1,
                },
            );
        }
        allocate(
            kid,
            order,
            adoption_team.0,
            adoption_team.1,
            SocialWorkerChangeReason::TSPROC,
        );
        let aw = adoption_team.0;
        if kid.rng.chance(0.06) {
            kid.add(
                matched,
                manager,
                EventKind::AdoptionDecisionReversed {
                    reason: ReasonDecisionReversed::RD1,
                },
            );
            // The placement order is revoked with the plan: the care order
            // is the legal status again (SSDA903 rule 553 finds a
            // placement order standing without the decision).
            if order < granted {
                kid.add(
                    matched,
                    w,
                    EventKind::LegalStatusChanged {
                        legal_status: LegalStatus::C2,
                    },
                );
            }
        } else {
            let adopter_sex = kid.rng.weighted(&[
                (AdopterSex::MF, 80),
                (AdopterSex::FF, 8),
                (AdopterSex::MM, 5),
                (AdopterSex::F1, 7),
            ]);
            let (adopter_legal_status, number_of_adopters) = adopters(adopter_sex, kid, matched);
            kid.add(
                matched,
                aw,
                EventKind::Matched {
                    adopter_sex,
                    adopter_legal_status,
                    number_of_adopters,
                },
            );
            let mut p = placement(kid, placed, (ctx.outward, ctx.district), ctx.register, true);
            // Placed for adoption with the current foster carers (A5) is
            // the same home: its carer and postcode stay, and the new
            // episode says so (RNE U; SSDA903 rule 217); the placement is
            // now made through the adoption agency drawn, whose URN and
            // provider code Ofsted's list gives (rules 219 and 224). A
            // child not in foster care is placed with new adopters (A6).
            let fostered = spells
                .last()
                .filter(|(_, current)| foster_care(current.placement_type));
            let same_carer = match (p.placement_type, fostered) {
                (PlacementType::A5, Some((_, current))) => {
                    p.postcode = current.postcode.clone();
                    true
                }
                (PlacementType::A5, None) => {
                    p.placement_type = PlacementType::A6;
                    false
                }
                _ => false,
            };
            kid.add(
                placed,
                aw,
                EventKind::PlacementChanged {
                    placement: p.clone(),
                    reason: Some(ReasonForPlacementChange::PLACE),
                    same_carer,
                },
            );
            kid.add(placed, aw, EventKind::PlacedForAdoption);
            spells.push((placed, p));
            kid.add(granted, aw, EventKind::AdoptionOrderGranted);
            adopted_on = Some(granted);
        }
    }
    let end = adopted_on.unwrap_or(d_end);
    // Visits: within a week of each placement, then every six weeks (three
    // months after the first year of a long-term placement).
    let mut spell_starts: Vec<Day> = spells.iter().map(|s| s.0).collect();
    spell_starts.push(end);
    for (i, (s, p)) in spells.iter().enumerate() {
        let until = spell_starts[i + 1];
        let mut on = *s
            + if kid.rng.chance(0.92) {
                kid.rng.range(1, 7)
            } else {
                kid.rng.range(8, 14)
            };
        while on < until && on <= kid.as_at() {
            visit(kid, on, kid.worker, VisitKind::LookedAfter);
            let interval = if p.long_term && on - s > 365 { 91 } else { 42 };
            on = next_after(&mut kid.rng, on, interval, 0.08);
        }
    }
    // Reviews: within 20 working days, then 3 months, then every 6 months.
    let mut on = d.add_working(
        start,
        if kid.rng.chance(0.9) {
            kid.rng.range(10, 20)
        } else {
            kid.rng.range(21, 30)
        },
    );
    let mut n = 0;
    while on < end && on <= kid.as_at() {
        let participation = if kid.age_on(on) < 4 {
            ReviewParticipation::PN0
        } else {
            kid.rng.weighted(&[
                (ReviewParticipation::PN1, 50),
                (ReviewParticipation::PN2, 10),
                (ReviewParticipation::PN3, 15),
                (ReviewParticipation::PN4, 10),
                (ReviewParticipation::PN5, 8),
                (ReviewParticipation::PN6, 5),
                (ReviewParticipation::PN7, 2),
            ])
        };
        kid.add(
            on,
            iro,
            EventKind::LookedAfterReviewHeld {
                seen_and_heard: None,
                analysis: None,
                recommendations: Some(crate::write_up::recommendations(on, iro)),
                next_review_due: None,
                participation,
            },
        );
        // An action for the allocated worker, due in four weeks, done in
        // two or three where that day has come.
        let worker = kid.worker;
        if worker != 0 {
            let agreed = kid.add(
                on,
                iro,
                EventKind::ActionAgreed {
                    what: crate::write_up::action(on, worker),
                    owner: UserId(i64::from(worker)),
                    due: crate::kid::date(on + 28),
                },
            );
            let done = on + 14 + (on % 8);
            if let Some(action) = agreed.filter(|_| done <= kid.as_at()) {
                kid.add(done, worker, EventKind::ActionDone { action });
            }
        }
        n += 1;
        on = next_after(&mut kid.rng, on, if n == 1 { 91 } else { 182 }, 0.07);
    }
    // Health and education, yearly (health reviews six-monthly under 5).
    let mut on = health + 1;
    loop {
        let interval = if kid.age_on(on) < 5 { 182 } else { 365 };
        on = next_after(&mut kid.rng, on, interval, 0.1);
        if on >= end || on > kid.as_at() {
            break;
        }
        kid.add(
            on,
            w,
            EventKind::HealthAssessment {
                assessment: HealthAssessmentKind::Review,
            },
        );
        if kid.age_on(on) >= 1 {
            kid.add(on, w, EventKind::DentalCheck);
        }
        let up_to_date = kid.rng.chance(0.9);
        kid.add(on, w, EventKind::ImmunisationsRecorded { up_to_date });
    }
    // The strengths and difficulties questionnaire goes to the carers of a
    // child of 4 to 16 each year, soon after they come into care and then
    // within twelve months of the last, not waiting on a health review that
    // runs late (SSDA903 rules 186 and 191 ask for one in each year of a
    // child looked after for twelve months).
    let mut on = health + kid.rng.range(1, 60);
    while on < end && on <= kid.as_at() {
        let age = kid.age_on(on);
        // The 31 March that ends the collection year `on` falls in.
        let when = date(on);
        let year_end = crate::kid::day(jiff::civil::date(
            if when.month() >= 4 {
                when.year() + 1
            } else {
                when.year()
            },
            3,
            31,
        ));
        let year_start = crate::kid::day(jiff::civil::date(date(year_end).year() - 1, 4, 1));
        if age == 17 && kid.birthday(17) >= year_start || age == 3 && kid.birthday(4) <= year_end {
            // Outside the questionnaire's ages in a year the child turns 4
            // or 17: the reason is recorded instead (rule 197B; rules 188
            // and 189 find one for a child still under 4 on 31 March, or
            // 17 already on 1 April).
            kid.add(
                on,
                w,
                EventKind::SdqRecorded {
                    score: None,
                    reason: Some(SdqReason::SDQ1),
                },
            );
        } else if (4..=16).contains(&age) {
            if kid.rng.chance(0.85) {
                let score = Some(kid.rng.range(2, 30) as u8);
                kid.add(
                    on,
                    w,
                    EventKind::SdqRecorded {
                        score,
                        reason: None,
                    },
                );
            } else {
                kid.add(
                    on,
                    w,
                    EventKind::SdqRecorded {
                        score: None,
                        reason: Some(SdqReason::SDQ2),
                    },
                );
            }
        }
        on += kid.rng.range(300, 365);
    }
    // Personal education plans from school age, reviewed termly for as
    // long as the child is in care (past 16 too: most stay in education).
    let five = kid.birthday(5);
    let sixteen = kid.birthday(16);
    let mut on = d.add_working(start.max(five), kid.rng.range(5, 12));
    while on < end && on <= kid.as_at() {
        kid.add(on, w, EventKind::PepReviewed);
        on = next_after(&mut kid.rng, on, 91, 0.1);
    }
    // Missing from care, mostly teenagers.
    if kid.age_on(start) >= 11 || end - kid.birthday(11) > 180 {
        missing(kid, start.max(kid.birthday(11)), end, w);
    }
    supervision(kid, start, end, manager);
    // Care leavers: eligible children get a needs assessment, a personal
    // adviser and a pathway plan (CPPCR regs 40-44).
    let eligible = end > sixteen && end - start.max(kid.birthday(14)) >= 91 && end - sixteen > 0;
    if eligible {
        let from = sixteen.max(start + 91);
        let most = if kid.rng.chance(0.85) { 85 } else { 130 };
        let needs = from + kid.rng.range(20, most);
        if needs < end {
            kid.add(needs, w, EventKind::PathwayNeedsAssessment);
        }
        let pa = ctx.workforce.allocate(TeamKind::LeavingCare);
        let appointed = (from + kid.rng.range(60, 300)).min(end.max(from));
        kid.add(
            appointed,
            manager,
            EventKind::PersonalAdviserAppointed {
                adviser: UserId(i64::from(pa.0)),
            },
        );
        let mut on = needs + kid.rng.range(30, 90);
        while on <= kid.as_at() && on < kid.birthday(21) {
            kid.add(on, pa.0, EventKind::PathwayPlanReviewed);
            on = next_after(&mut kid.rng, on, 182, 0.1);
        }
        leaving_care(kid, end, pa, exit == Exit::Adulthood);
    }
    // Leaving care. A special guardianship order to former foster carers
    // (E45, E46) only from a foster placement (SSDA903 rule 516); from
    // anywhere else it is to other carers (E47).
    let fostered = spells
        .last()
        .is_some_and(|(_, p)| foster_care(p.placement_type));
    let order_allowed = |c: ReasonEpisodeCeased| {
        in_force(c.validity(), end)
            && (fostered || !matches!(c, ReasonEpisodeCeased::E45 | ReasonEpisodeCeased::E46))
    };
    let reason = match exit {
        Exit::Adulthood => kid.rng.weighted(&[
            (ReasonEpisodeCeased::E17, 20),
            (ReasonEpisodeCeased::E5, 45),
            (ReasonEpisodeCeased::E6, 15),
            (ReasonEpisodeCeased::E8, 20),
        ]),
        Exit::Home if end == eighteen => ReasonEpisodeCeased::E5,
        Exit::Home => kid.rng.weighted(&[
            (ReasonEpisodeCeased::E4A, 75),
            (ReasonEpisodeCeased::E4B, 10),
            (ReasonEpisodeCeased::E13, 15),
        ]),
        Exit::Order if end == eighteen => ReasonEpisodeCeased::E5,
        Exit::Order => kid.rng.weighted_where(
            &[
                (ReasonEpisodeCeased::E41, 20),
                (ReasonEpisodeCeased::E45, 30),
                (ReasonEpisodeCeased::E47, 35),
                (ReasonEpisodeCeased::E46, 10),
                (ReasonEpisodeCeased::E43, 15),
                (ReasonEpisodeCeased::E44, 15),
            ],
            order_allowed,
        ),
        Exit::Adoption if adopted_on.is_some() => {
            if kid.rng.chance(0.7) {
                ReasonEpisodeCeased::E11
            } else {
                ReasonEpisodeCeased::E12
            }
        }
        Exit::Adoption => kid.rng.weighted_where(
            &[
                (ReasonEpisodeCeased::E47, 1),
                (ReasonEpisodeCeased::E45, 1),
                (ReasonEpisodeCeased::E43, 1),
            ],
            order_allowed,
        ),
    };
    if kid
        .add(end, w, EventKind::CeasedLookedAfter { reason })
        .is_none()
    {
        return;
    }
    if adopted_on.is_some() {
        kid.adopted = true;
    }
    let closure = match reason {
        ReasonEpisodeCeased::E11 | ReasonEpisodeCeased::E12 => ReasonForClosure::RC1,
        ReasonEpisodeCeased::E41 => ReasonForClosure::RC3,
        ReasonEpisodeCeased::E43
        | ReasonEpisodeCeased::E44
        | ReasonEpisodeCeased::E45
        | ReasonEpisodeCeased::E46
        | ReasonEpisodeCeased::E47
        | ReasonEpisodeCeased::E48 => ReasonForClosure::RC4,
        _ => ReasonForClosure::RC7,
    };
    // Home, with a child in need plan for a while; otherwise the case closes.
    if exit == Exit::Home && end + 120 < eighteen && kid.rng.chance(0.5) {
        let until = end + kid.rng.range(60, 240);
        let (cw, ct) = ctx.workforce.allocate(TeamKind::ChildProtection);
        allocate(kid, end, cw, ct, SocialWorkerChangeReason::TSPROC);
        kid.add(end, cw, EventKind::CinPlanStarted);
        child_in_need_plan(kid, end, until, cw, ctx.workforce.manager_of(ct));
        kid.add(until, cw, EventKind::CinPlanEnded);
        close(kid, until, cw, ReasonForClosure::RC7);
    } else {
        let by = kid.worker;
        close(kid, end, by, closure);
    }
}

fn missing(kid: &mut Kid, from: Day, to: Day, worker: u32) {
    // About one in four teenagers in care goes missing in a year, some
    // more than once.
    let mut on = from + kid.rng.exponential(1500.0) as i32;
    while on < to && on <= kid.as_at() {
        let at = kid.rng.range(17 * 60, 23 * 60);
        let status = if kid.rng.chance(0.85) {
            MissingOrAway::M
        } else {
            MissingOrAway::A
        };
        let hours = kid.rng.range(2, 40);
        let back_minute = at + hours * 60;
        let back_day = on + back_minute / (24 * 60);
        let back_at = back_minute % (24 * 60);
        if back_day >= to {
            break;
        }
        let Some(episode) = kid.add_at(on, at, worker, EventKind::MissingEpisodeStarted { status })
        else {
            break;
        };
        if kid
            .add_at(
                back_day,
                back_at,
                worker,
                EventKind::MissingEpisodeEnded { episode },
            )
            .is_none()
        {
            break;
        }
        if kid.rng.chance(0.82) {
            let delay = if kid.rng.chance(0.8) {
                kid.rng.range(60, 60 * 70)
            } else {
                kid.rng.range(60 * 73, 60 * 120)
            };
            let m = back_at + delay;
            let accepted = kid.rng.chance(0.75);
            kid.add_at(
                back_day + m / (24 * 60),
                m % (24 * 60),
                worker,
                EventKind::ReturnInterview {
                    episode,
                    offered: true,
                    accepted,
                    held: accepted,
                },
            );
        }
        on = back_day
            + 1
            + if kid.rng.chance(0.35) {
                kid.rng.range(3, 60)
            } else {
                kid.rng.exponential(1100.0) as i32
            };
    }
}

fn leaving_care(kid: &mut Kid, left: Day, pa: (u32, u32), adult: bool) {
    let eighteen = kid.birthday(18);
    if adult && left >= eighteen - 1 {
        allocate(
            kid,
            left.max(eighteen),
            pa.0,
            pa.1,
            SocialWorkerChangeReason::TSPROC,
        );
    }
    // Contact around each birthday from 17 to 21 (SSDA903 OC3).
    for years in 17..=21 {
        let birthday = kid.birthday(years);
        let on = birthday + kid.rng.range(-20, 40);
        if on > kid.as_at() || (years == 17 && on < left.min(eighteen) - 400) {
            continue;
        }
        let in_touch = kid.rng.weighted(&[
            (CareLeaverInTouch::YES, 88),
            (CareLeaverInTouch::NO, 7),
            (CareLeaverInTouch::REFU, 3),
            (CareLeaverInTouch::NREQ, 2),
        ]);
        let (activity, accommodation) = if in_touch == CareLeaverInTouch::YES {
            (
                Some(kid.rng.weighted_where(
                    &[
                        (CareLeaverActivity::F2, 30),
                        (CareLeaverActivity::F1, 7),
                        (CareLeaverActivity::F3, 14),
                        (CareLeaverActivity::P3, 6),
                        (CareLeaverActivity::F5, 12),
                        (CareLeaverActivity::P5, 5),
                        (CareLeaverActivity::F4, 4),
                        (CareLeaverActivity::G5, 30),
                        (CareLeaverActivity::G4, 5),
                        (CareLeaverActivity::G6, 4),
                    ],
                    |c| in_force(c.validity(), on),
                )),
                // With former foster carers (Z1) from 18 only: at 17 the
                // young person is still looked after (SSDA903 rule 3001).
                Some(kid.rng.weighted_where(
                    &[
                        (CareLeaverAccommodation::U1, 30),
                        (CareLeaverAccommodation::D1, 25),
                        (CareLeaverAccommodation::Z1, 12),
                        (CareLeaverAccommodation::B1, 15),
                        (CareLeaverAccommodation::E1, 6),
                        (CareLeaverAccommodation::S2, 3),
                        (CareLeaverAccommodation::X2, 2),
                        (CareLeaverAccommodation::Y1, 7),
                    ],
                    |a| years != 17 || a != CareLeaverAccommodation::Z1,
                )),
            )
        } else {
            (None, None)
        };
        let staying_put = years == 18 && kid.rng.chance(0.15);
        kid.add(
            on,
            pa.0,
            EventKind::CareLeaverContact {
                in_touch,
                activity,
                accommodation,
                staying_put,
            },
        );
    }
}
