//! Families' journeys through children's social care.
//!
//! A family arrives with a referral; the family's episode is decided once
//! (assessment, section 47 enquiry, conference, plan, care) and each child
//! in it then has their own visits, reviews, placements and endings. The
//! probabilities and durations are set so that the authority's volumes and
//! shares come out near the national figures (`data/targets.toml`); the
//! calibration report checks that they do.

use hearth_domain::codes::{
    AdopterLegalStatus, AdopterSex, AssessmentFactor, CareLeaverAccommodation, CareLeaverActivity,
    CareLeaverInTouch, CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider,
    PlacementType, PrimaryNeed, ReasonDecisionReversed, ReasonEpisodeCeased, ReasonForClosure,
    ReasonForPlacementChange, ReferralSource, ReviewParticipation, SdqReason,
};
use hearth_domain::events::{
    Agency, AssessmentOutcome, ContactOutcome, EventKind, HealthAssessmentKind, Placement,
    VisitKind,
};

use crate::kid::{Day, Days, Kid, date};
use crate::rng::Rng;
use crate::workforce::{TeamKind, Workforce};

/// What the generator needs to write a family's history.
pub struct Ctx<'a> {
    pub days: Days<'a>,
    pub workforce: &'a mut Workforce,
    pub as_at: Day,
    pub outward: &'a [&'a str],
}

const SOURCES: &[(ReferralSource, u32)] = &[
    (ReferralSource::Police, 29),
    (ReferralSource::Schools, 20),
    (ReferralSource::HealthGp, 3),
    (ReferralSource::HealthVisitor, 2),
    (ReferralSource::HealthAccidentAndEmergency, 3),
    (ReferralSource::HealthOther, 6),
    (ReferralSource::Housing, 2),
    (ReferralSource::LaSocialCare, 4),
    (ReferralSource::LaOtherInternal, 4),
    (ReferralSource::LaExternal, 3),
    (ReferralSource::IndividualFamilyMember, 5),
    (ReferralSource::IndividualAcquaintance, 1),
    (ReferralSource::IndividualSelf, 1),
    (ReferralSource::OtherLegalAgency, 4),
    (ReferralSource::Other, 5),
    (ReferralSource::Anonymous, 3),
    (ReferralSource::Unknown, 2),
];

const CATEGORIES: &[(CategoryOfAbuse, u32)] = &[
    (CategoryOfAbuse::NEG, 50),
    (CategoryOfAbuse::EMO, 33),
    (CategoryOfAbuse::PHY, 7),
    (CategoryOfAbuse::SAB, 4),
    (CategoryOfAbuse::MUL, 6),
];

/// Primary need of children in need at assessment (CIN `PrimaryNeedCode`).
const NEEDS: &[(PrimaryNeed, u32)] = &[
    (PrimaryNeed::N1, 28),
    (PrimaryNeed::N2, 7),
    (PrimaryNeed::N3, 2),
    (PrimaryNeed::N4, 18),
    (PrimaryNeed::N5, 4),
    (PrimaryNeed::N6, 5),
    (PrimaryNeed::N7, 1),
    (PrimaryNeed::N8, 4),
    (PrimaryNeed::N9, 10),
];

/// The family's route through one episode of need.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// No further action at referral (CIN `ReferralNFA`).
    NoFurtherAction,
    /// Assessed and closed, perhaps to early help.
    AssessedAndClosed,
    /// A child in need plan.
    ChildInNeed,
    /// A section 47 enquiry from the start.
    Section47,
    /// Straight into care (police protection, an emergency, or
    /// accommodation under section 20).
    Care,
}

/// What happened to the family in one episode, decided once for all the
/// children in it.
struct Episode {
    referral: Day,
    source: ReferralSource,
    route: Route,
    assessment_start: Day,
    assessment_end: Day,
    need: PrimaryNeed,
    factors: Vec<AssessmentFactor>,
    s47: Option<Section47>,
    plan: Option<(Day, Day, CategoryOfAbuse)>,
    /// After the plan (or the assessment): a child in need plan's days.
    cin_plan: Option<(Day, Day)>,
    /// The children come into care on this day.
    care: Option<Day>,
    /// Pre-proceedings under the Public Law Outline before care.
    pre_proceedings: Option<(Day, Day)>,
    /// The day the episode closes if nothing intervenes.
    close: Day,
    closure: ReasonForClosure,
    disabled: bool,
}

struct Section47 {
    needed: Day,
    held: Day,
    concluded: Day,
    icpc: Option<(Day, bool)>,
}

/// Simulates one family from its first referral: every child's ledger.
pub fn family(ctx: &mut Ctx<'_>, rng: &mut Rng, kids: &mut [Kid], first_referral: Day, uasc: bool) {
    let mut referral = first_referral;
    loop {
        let in_it: Vec<usize> = (0..kids.len())
            .filter(|&i| {
                let k = &kids[i];
                !k.open && k.dob <= referral && referral < k.birthday(18) - 30
            })
            .collect();
        if in_it.is_empty() || referral > ctx.as_at {
            return;
        }
        let youngest = in_it
            .iter()
            .map(|&i| kids[i].age_on(referral))
            .min()
            .unwrap_or(0);
        let oldest = in_it
            .iter()
            .map(|&i| kids[i].age_on(referral))
            .max()
            .unwrap_or(0);
        let ep = decide(ctx, rng, referral, youngest, oldest, uasc);
        for &i in &in_it {
            emit(ctx, &ep, &mut kids[i], uasc);
        }
        if in_it.iter().any(|&i| kids[i].open) {
            return;
        }
        let closed = in_it
            .iter()
            .map(|&i| kids[i].closed_on)
            .max()
            .unwrap_or(referral);
        // Re-referral: within 12 months of the last referral for about a
        // fifth of referrals (CIN re-referral rate); later for some more.
        let year_on = referral + 365;
        referral = if rng.chance(0.29) && closed + 14 < year_on {
            rng.range(closed + 14, year_on)
        } else if rng.chance(0.12) {
            year_on.max(closed) + rng.range(30, 900)
        } else {
            return;
        };
    }
}

fn decide(
    ctx: &Ctx<'_>,
    rng: &mut Rng,
    referral: Day,
    youngest: i32,
    oldest: i32,
    uasc: bool,
) -> Episode {
    let d = &ctx.days;
    let source = if uasc {
        rng.pick(&[
            ReferralSource::LaExternal,
            ReferralSource::OtherLegalAgency,
            ReferralSource::Police,
        ])
    } else {
        rng.weighted(SOURCES)
    };
    let route = if uasc {
        Route::Care
    } else {
        rng.weighted(&[
            (Route::NoFurtherAction, 70),
            (Route::AssessedAndClosed, 320),
            (Route::ChildInNeed, 255),
            (Route::Section47, 330),
            (Route::Care, if oldest >= 12 { 44 } else { 27 }),
        ])
    };
    let assessment_start = d.working_on_or_after(referral + rng.range(0, 2));
    // 85% within 45 working days, skewed early (mean about 33 days).
    let wd = if rng.chance(0.86) {
        3 + (42.0 * rng.unit().powf(1.8)) as i32
    } else {
        rng.range(46, 68)
    };
    let assessment_end = d.add_working(assessment_start, wd);
    let disabled = route == Route::ChildInNeed && rng.chance(0.14);
    let need = if disabled {
        PrimaryNeed::N2
    } else if matches!(route, Route::Section47 | Route::Care) && !uasc {
        if rng.chance(0.55) {
            PrimaryNeed::N1
        } else {
            rng.weighted(NEEDS)
        }
    } else if uasc {
        PrimaryNeed::N4
    } else {
        rng.weighted(NEEDS)
    };
    let factors = factors(rng, need, assessment_start, uasc);
    let mut ep = Episode {
        referral,
        source,
        route,
        assessment_start,
        assessment_end,
        need,
        factors,
        s47: None,
        plan: None,
        cin_plan: None,
        care: None,
        pre_proceedings: None,
        close: assessment_end + rng.range(0, 10),
        closure: if rng.chance(0.2) && in_force(ReasonForClosure::RC9.validity(), assessment_end) {
            ReasonForClosure::RC9
        } else {
            ReasonForClosure::RC8
        },
        disabled,
    };
    match route {
        Route::NoFurtherAction => {
            ep.close = referral + rng.range(0, 2);
            ep.closure = ReasonForClosure::RC7;
        }
        Route::AssessedAndClosed => {}
        Route::ChildInNeed => cin_plan(rng, &mut ep, assessment_end),
        Route::Care => {
            let on = referral + rng.range(0, 5);
            ep.care = Some(on);
        }
        Route::Section47 => {
            let needed = referral + rng.range(0, 3);
            let held = if rng.chance(0.9) {
                d.add_working(needed, rng.range(0, 1))
            } else {
                d.add_working(needed, rng.range(2, 4))
            };
            let concluded = d.add_working(held, rng.range(5, 15));
            let icpc = if rng.chance(0.40) {
                let wd = if rng.chance(0.82) {
                    rng.range(6, 15)
                } else {
                    rng.range(16, 26)
                };
                let on = d.add_working(held, wd).max(concluded);
                Some((on, rng.chance(0.82) && youngest < 17))
            } else {
                None
            };
            ep.s47 = Some(Section47 {
                needed,
                held,
                concluded,
                icpc,
            });
            // The assessment carries on beside the enquiry.
            let after = ep.assessment_end.max(concluded);
            match icpc {
                Some((on, true)) => {
                    let length = 90 + rng.exponential(212.0) as i32;
                    let end = on + length;
                    let category = rng.weighted(CATEGORIES);
                    ep.plan = Some((on, end, category));
                    match rng.weighted(&[(0u8, 50), (1, 36), (2, 14)]) {
                        0 => cin_plan(rng, &mut ep, end),
                        1 => ep.close = end + rng.range(0, 20),
                        _ => {
                            let pre = end - rng.range(60, 120);
                            ep.pre_proceedings = Some((pre.max(on + 20), end));
                            ep.care = Some(end);
                        }
                    }
                    ep.closure = ReasonForClosure::RC7;
                }
                Some((on, false)) => {
                    if rng.chance(0.7) {
                        cin_plan(rng, &mut ep, on.max(after));
                    } else {
                        ep.close = on.max(after) + rng.range(0, 14);
                    }
                }
                None => {
                    if rng.chance(0.45) {
                        cin_plan(rng, &mut ep, after);
                    } else {
                        ep.close = after + rng.range(0, 14);
                    }
                }
            }
        }
    }
    ep
}

fn in_force(v: hearth_domain::codes::Validity, on: Day) -> bool {
    v.valid_on(date(on))
}

fn cin_plan(rng: &mut Rng, ep: &mut Episode, from: Day) {
    let length = if ep.disabled {
        300 + rng.exponential(500.0) as i32
    } else {
        60 + rng.exponential(190.0) as i32
    };
    ep.cin_plan = Some((from, from + length));
    ep.close = from + length + rng.range(0, 14);
    ep.closure = if rng.chance(0.15) && in_force(ReasonForClosure::RC9.validity(), ep.close) {
        ReasonForClosure::RC9
    } else {
        ReasonForClosure::RC7
    };
    if ep.route != Route::Section47 && ep.route != Route::ChildInNeed {
        ep.route = Route::ChildInNeed;
    }
}

fn factors(rng: &mut Rng, need: PrimaryNeed, on: Day, uasc: bool) -> Vec<AssessmentFactor> {
    use AssessmentFactor as F;
    if uasc {
        return vec![F::Uasc];
    }
    let pool: &[(F, u32)] = &[
        (F::DomesticViolenceParentCarer, 30),
        (F::MentalHealthParentCarer, 28),
        (F::EmotionalAbuse, 20),
        (F::Neglect, 18),
        (F::MentalHealthChild, 15),
        (F::DrugMisuseParentCarer, 13),
        (F::AlcoholMisuseParentCarer, 12),
        (F::PhysicalAbuseAdultOnChild, 9),
        (F::SelfHarm, 7),
        (F::DomesticViolenceChild, 9),
        (F::ChildCriminalExploitation, 4),
        (F::SexualAbuseAdultOnChild, 4),
        (F::LearningDisabilityChild, 5),
        (F::Missing, 4),
        (F::Other, 6),
    ];
    let mut out = Vec::new();
    if need == PrimaryNeed::N2 {
        out.push(F::LearningDisabilityChild);
    }
    for _ in 0..rng.range(1, 3) {
        let f = rng.weighted(pool);
        let in_force = f.validity().valid_on(date(on));
        if in_force && !out.contains(&f) {
            out.push(f);
        }
    }
    if out.is_empty() {
        out.push(F::Other);
    }
    out
}

/// Writes one child's part of an episode.
fn emit(ctx: &mut Ctx<'_>, ep: &Episode, kid: &mut Kid, uasc: bool) {
    let eighteen = kid.birthday(18);
    // A child who turns 18 is no longer a child in need; care ends too.
    let limit = eighteen - 1;
    let front = ctx.workforce.allocate(TeamKind::FrontDoor).0;
    kid.open = true;
    let contact_day = ep.referral - kid.rng.range(0, 1);
    let contact = kid.add(
        contact_day,
        front,
        EventKind::ContactReceived { source: ep.source },
    );
    if let Some(contact) = contact {
        kid.add(
            ep.referral,
            front,
            EventKind::ContactDecision {
                contact,
                outcome: ContactOutcome::Referral,
            },
        );
    }
    kid.add(
        ep.referral,
        front,
        EventKind::ReferralAccepted {
            source: ep.source,
            no_further_action: ep.route == Route::NoFurtherAction,
        },
    );
    if ep.route == Route::NoFurtherAction {
        close(kid, ep.close.min(limit), front, ReasonForClosure::RC7);
        return;
    }
    let (worker, team) = ctx.workforce.allocate(TeamKind::Assessment);
    allocate(kid, ep.referral, worker, team);
    let manager = ctx.workforce.manager_of(team);
    kid.add(
        ep.referral,
        manager,
        EventKind::ManagementOversight {
            decision: "Progress to a child and family assessment".into(),
            rationale: "The referral information meets the threshold for an assessment".into(),
        },
    );
    let c = |x: Day| x.min(limit);
    kid.add(c(ep.assessment_start), worker, EventKind::AssessmentStarted);
    if let Some(s) = &ep.s47 {
        kid.add(c(s.needed), worker, EventKind::StrategyDiscussionNeeded);
        let attendance = if kid.rng.chance(0.8) {
            vec![Agency::SocialCare, Agency::Police, Agency::Health]
        } else {
            vec![Agency::SocialCare, Agency::Police]
        };
        kid.add(
            c(s.held),
            worker,
            EventKind::StrategyDiscussionHeld { attendance },
        );
        kid.add(c(s.held), worker, EventKind::Section47Started);
    }
    // A visit during the assessment.
    let mid = ep.assessment_start + (ep.assessment_end - ep.assessment_start) / 2;
    visit(
        kid,
        c(mid.max(ep.assessment_start + 1).min(ep.assessment_end)),
        worker,
        VisitKind::Other,
    );
    let care_now = ep.route == Route::Care;
    let authorised_outcome = match (ep.route, &ep.s47) {
        (Route::AssessedAndClosed, _) => {
            if ep.closure == ReasonForClosure::RC9 {
                AssessmentOutcome::EarlyHelp
            } else {
                AssessmentOutcome::NoFurtherAction
            }
        }
        (Route::Section47, _) => AssessmentOutcome::StrategyDiscussion,
        (Route::Care, _) => AssessmentOutcome::LookedAfter,
        _ => AssessmentOutcome::ChildInNeedPlan,
    };
    let age = kid.age_on(ep.assessment_end);
    let child_seen = kid.rng.chance(0.96);
    let seen_alone = child_seen && age >= 5 && kid.rng.chance(0.6);
    let assessment = EventKind::AssessmentAuthorised {
        factors: ep.factors.clone(),
        child_seen,
        seen_alone,
        child_views: None,
        primary_need: Some(ep.need),
        outcome: authorised_outcome,
    };
    if care_now {
        // The child comes into care while the assessment goes on.
        let on = ep.care.unwrap_or(ep.referral).min(limit);
        looked_after(
            ctx,
            ep,
            kid,
            on,
            uasc,
            Some((ep.assessment_end, assessment)),
        );
        return;
    }
    let authorised = c(ep.assessment_end.max(ep.s47.as_ref().map_or(0, |s| s.held)));
    kid.add(authorised, manager, assessment);
    if kid.rng.chance(0.8) {
        kid.add(
            authorised,
            manager,
            EventKind::ManagementOversight {
                decision: "Assessment authorised".into(),
                rationale: "The analysis supports the recommended outcome".into(),
            },
        );
    }
    let mut team_kind = TeamKind::Assessment;
    if let Some(s) = &ep.s47 {
        kid.add(
            c(s.concluded),
            worker,
            EventKind::Section47Concluded {
                icpc_required: s.icpc.is_some(),
            },
        );
        if let Some((icpc, plan)) = s.icpc {
            kid.add(c(icpc), worker, EventKind::InitialConferenceHeld { plan });
        }
    }
    let mut stop = ep.close.min(limit);
    if let Some((start, end, category)) = ep.plan {
        let start = c(start);
        let (w, t) = ctx.workforce.allocate(TeamKind::ChildProtection);
        team_kind = TeamKind::ChildProtection;
        allocate(kid, start, w, t);
        kid.add(start, w, EventKind::ProtectionPlanStarted { category });
        let end = end.min(limit);
        protection_plan(ctx, kid, start, end, w);
        if let Some((pre, _)) = ep.pre_proceedings {
            kid.add(c(pre).min(end), w, EventKind::PreProceedingsStarted);
        }
        kid.add(end, w, EventKind::ProtectionPlanEnded);
        if let Some((_, until)) = ep.pre_proceedings {
            kid.add(
                until,
                w,
                EventKind::PreProceedingsConcluded {
                    proceedings_issued: true,
                },
            );
        }
        if ep.care.is_some() && end < limit {
            looked_after(ctx, ep, kid, end, false, None);
            return;
        }
        stop = stop.max(end);
    }
    if let Some((start, end)) = ep.cin_plan {
        let start = c(start);
        let kind = if ep.disabled {
            TeamKind::DisabledChildren
        } else {
            TeamKind::ChildProtection
        };
        let (w, t) = if team_kind == kind {
            (kid.worker, kid.team)
        } else {
            ctx.workforce.allocate(kind)
        };
        allocate(kid, start, w, t);
        let end = end.min(limit);
        if start < end {
            kid.add(start, w, EventKind::CinPlanStarted);
            // A fresh assessment during a longer plan, for about a third.
            if end - start > 150 && kid.rng.chance(0.45) {
                let began = start + kid.rng.range(50, 110);
                let done = ctx.days.add_working(began, kid.rng.range(8, 40));
                if done < end {
                    let manager = ctx.workforce.manager_of(t);
                    reassessment(kid, began, done, w, manager, ep);
                }
            }
            child_in_need_plan(kid, start, end, w, t, ctx.workforce.manager_of(t));
            kid.add(end, w, EventKind::CinPlanEnded);
        }
        stop = stop.max(end);
    }
    let reason = if kid.age_on(stop) >= 18 {
        ReasonForClosure::RC7
    } else {
        ep.closure
    };
    if reason == ReasonForClosure::RC9 {
        kid.add(stop.min(limit), kid.worker, EventKind::SteppedDown);
    }
    close(kid, stop.min(limit), kid.worker, reason);
}

fn reassessment(kid: &mut Kid, began: Day, done: Day, worker: u32, manager: u32, ep: &Episode) {
    kid.add(began, worker, EventKind::AssessmentStarted);
    let child_seen = kid.rng.chance(0.96);
    let seen_alone = child_seen && kid.age_on(done) >= 5 && kid.rng.chance(0.6);
    kid.add(
        done,
        manager,
        EventKind::AssessmentAuthorised {
            factors: ep.factors.clone(),
            child_seen,
            seen_alone,
            child_views: None,
            primary_need: None,
            outcome: AssessmentOutcome::ChildInNeedPlan,
        },
    );
}

fn allocate(kid: &mut Kid, on: Day, worker: u32, team: u32) {
    if kid.worker == worker && kid.team == team {
        return;
    }
    kid.worker = worker;
    kid.team = team;
    kid.add(
        on,
        worker,
        EventKind::Allocated {
            worker: worker.to_string(),
            team: team.to_string(),
        },
    );
}

fn close(kid: &mut Kid, on: Day, by: u32, reason: ReasonForClosure) {
    if kid
        .add(on, by, EventKind::EpisodeClosed { reason })
        .is_some()
    {
        kid.open = false;
        kid.closed_on = on;
    }
}

fn visit(kid: &mut Kid, on: Day, by: u32, kind: VisitKind) {
    let age = kid.age_on(on);
    let child_seen = kid.rng.chance(0.93);
    let seen_alone = child_seen && age >= 5 && kid.rng.chance(0.55);
    kid.add(
        on,
        by,
        EventKind::VisitMade {
            visit: kind,
            child_seen,
            seen_alone,
            child_views: None,
        },
    );
}

/// The interval to the next of a regular duty: usually on time, sometimes
/// late (`late` of the time, by up to half the interval again).
fn next_after(rng: &mut Rng, from: Day, interval: i32, late: f64) -> Day {
    if rng.chance(late) {
        from + interval + rng.range(1, interval / 2 + 1)
    } else {
        from + rng.range(interval * 2 / 3, interval)
    }
}

/// Supervision of the case every month or two, with gaps.
fn supervision(kid: &mut Kid, from: Day, to: Day, manager: u32) {
    let mut on = from + kid.rng.range(20, 45);
    while on < to && on <= kid.as_at() {
        if kid.rng.chance(0.85) {
            kid.add(
                on,
                manager,
                EventKind::Supervision {
                    supervisor: manager.to_string(),
                },
            );
        }
        on += kid.rng.range(28, 60);
    }
}

fn protection_plan(ctx: &mut Ctx<'_>, kid: &mut Kid, start: Day, end: Day, worker: u32) {
    let d = &ctx.days;
    let late = 0.08;
    // Visits every 10 working days (the local default), the child seen.
    let mut on = start;
    loop {
        let wd = if kid.rng.chance(late) {
            kid.rng.range(11, 16)
        } else {
            kid.rng.range(6, 10)
        };
        on = d.add_working(on, wd);
        if on >= end || on > kid.as_at() {
            break;
        }
        let alone = kid.age_on(on) >= 5 && kid.rng.chance(0.6);
        kid.add(
            on,
            worker,
            EventKind::VisitMade {
                visit: VisitKind::ChildProtection,
                child_seen: true,
                seen_alone: alone,
                child_views: None,
            },
        );
    }
    // Core groups: the first within 10 working days, then every month or so.
    let most = if kid.rng.chance(0.9) { 10 } else { 14 };
    let mut on = d.add_working(start, kid.rng.range(5, most));
    while on < end && on <= kid.as_at() {
        kid.add(on, worker, EventKind::CoreGroupHeld);
        on += kid.rng.range(25, 45);
    }
    // Review conferences: within 3 months, then every 6 months.
    let mut on = next_after(&mut kid.rng, start, 90, 0.07);
    while on < end && on <= kid.as_at() {
        kid.add(
            on,
            worker,
            EventKind::ReviewConferenceHeld { category: None },
        );
        on = next_after(&mut kid.rng, on, 182, 0.07);
    }
    let team = kid.team;
    supervision(kid, start, end, ctx.workforce.manager_of(team));
}

fn child_in_need_plan(kid: &mut Kid, start: Day, end: Day, worker: u32, _team: u32, manager: u32) {
    let mut on = start;
    loop {
        on += kid.rng.range(18, 35);
        if on >= end || on > kid.as_at() {
            break;
        }
        visit(kid, on, worker, VisitKind::ChildInNeed);
    }
    let mut on = next_after(&mut kid.rng, start, 91, 0.12);
    while on < end && on <= kid.as_at() {
        kid.add(on, worker, EventKind::CinPlanReviewed);
        on = next_after(&mut kid.rng, on, 91, 0.12);
    }
    supervision(kid, start, end, manager);
}

fn placement(kid: &mut Kid, on: Day, outward: &[&str], adoption: bool) -> Placement {
    use PlacementType as P;
    let age = kid.age_on(on);
    let when = date(on);
    let placement_type = if adoption {
        kid.rng.pick(&[P::A5, P::A6, P::A6])
    } else {
        let semi = if when >= jiff::civil::date(2024, 4, 1) {
            P::K3
        } else {
            P::H5
        };
        let table: &[(PlacementType, u32)] = match age {
            0 => &[
                (P::U6, 55),
                (P::U3, 14),
                (P::U5, 10),
                (P::P1, 6),
                (P::R3, 8),
            ],
            1..=10 => &[
                (P::U6, 56),
                (P::U4, 10),
                (P::U3, 14),
                (P::U1, 4),
                (P::K2, 5),
                (P::P1, 11),
            ],
            11..=15 => &[
                (P::U6, 44),
                (P::U4, 12),
                (P::U3, 10),
                (P::K2, 24),
                (P::P1, 6),
                (P::K1, 1),
                (P::S1, 2),
            ],
            _ => &[
                (P::U6, 30),
                (P::U3, 8),
                (P::K2, 18),
                (semi, 38),
                (P::P1, 4),
                (P::R5, 2),
            ],
        };
        kid.rng.weighted(table)
    };
    let provider = match placement_type {
        P::U1 | P::U2 | P::U3 => PlacementProvider::PR1,
        P::U4 | P::U5 | P::U6 => {
            if kid.rng.chance(0.6) {
                PlacementProvider::PR1
            } else {
                PlacementProvider::PR4
            }
        }
        P::K1 => PlacementProvider::PR1,
        P::K2 => kid.rng.weighted(&[
            (PlacementProvider::PR4, 75),
            (PlacementProvider::PR1, 20),
            (PlacementProvider::PR5, 5),
        ]),
        P::P1 => PlacementProvider::PR0,
        P::R5 => PlacementProvider::PR3,
        P::A5 | P::A6 => kid.rng.weighted(&[
            (PlacementProvider::PR1, 50),
            (PlacementProvider::PR2, 30),
            (PlacementProvider::PR5, 20),
        ]),
        _ => {
            if kid.rng.chance(0.8) {
                PlacementProvider::PR4
            } else {
                PlacementProvider::PR5
            }
        }
    };
    let urn = match placement_type {
        P::K1 | P::K2 => Some(format!("SC{:06}", kid.rng.range(400_000, 499_999))),
        P::K3 | P::H5 => Some(format!("2{:06}", kid.rng.range(500_000, 599_999))),
        _ => None,
    };
    let postcode = if placement_type == P::P1 {
        kid.identity.postcode.clone()
    } else {
        crate::people::postcode(&mut kid.rng, outward)
    };
    let long_term = matches!(placement_type, P::U1 | P::U4);
    Placement {
        placement_type,
        provider: Some(provider),
        postcode,
        urn,
        long_term,
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

#[allow(clippy::too_many_lines)]
fn looked_after(
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
    allocate(kid, start, w, t);
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
    let first = placement(kid, start, ctx.outward, false);
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
            iro: iro.to_string(),
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
        let on = start + kid.rng.range(2, 8);
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
        let on = start + kid.rng.range(150, 280);
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
    }
    // Placements: moves now and then.
    let mut spells = vec![(start, first)];
    let mut on = start;
    loop {
        let stay = 60 + kid.rng.exponential(if age >= 11 { 500.0 } else { 900.0 }) as i32;
        on += stay;
        if on >= d_end - 7 || exit == Exit::Adoption && on >= d_end - 400 {
            break;
        }
        let p = placement(kid, on, ctx.outward, false);
        let reason = kid.rng.weighted(&[
            (ReasonForPlacementChange::CARPL, 30),
            (ReasonForPlacementChange::CHILD, 15),
            (ReasonForPlacementChange::LAREQ, 20),
            (ReasonForPlacementChange::CREQB, 10),
            (ReasonForPlacementChange::PLACE, 10),
            (ReasonForPlacementChange::STAND, 10),
            (ReasonForPlacementChange::ALLEG, 5),
        ]);
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
        allocate(kid, order, adoption_team.0, adoption_team.1);
        let aw = adoption_team.0;
        if kid.rng.chance(0.06) {
            kid.add(
                matched,
                manager,
                EventKind::AdoptionDecisionReversed {
                    reason: ReasonDecisionReversed::RD1,
                },
            );
        } else {
            let adopter_sex = kid.rng.weighted(&[
                (AdopterSex::MF, 80),
                (AdopterSex::FF, 8),
                (AdopterSex::MM, 5),
                (AdopterSex::F1, 7),
            ]);
            kid.add(
                matched,
                aw,
                EventKind::Matched {
                    adopter_sex,
                    adopter_legal_status: AdopterLegalStatus::L0,
                    number_of_adopters: 2,
                },
            );
            let p = placement(kid, placed, ctx.outward, true);
            kid.add(
                placed,
                aw,
                EventKind::PlacementChanged {
                    placement: p.clone(),
                    reason: Some(ReasonForPlacementChange::PLACE),
                    same_carer: false,
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
        kid.add(on, iro, EventKind::LookedAfterReviewHeld { participation });
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
        let a = kid.age_on(on);
        if (4..=16).contains(&a) {
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
    }
    let five = kid.birthday(5);
    let sixteen = kid.birthday(16);
    let mut on = d.add_working(start.max(five), kid.rng.range(5, 12));
    while on < end.min(sixteen) && on <= kid.as_at() {
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
                adviser: pa.0.to_string(),
            },
        );
        let mut on = needs + kid.rng.range(30, 90);
        while on <= kid.as_at() && on < kid.birthday(21) {
            kid.add(on, pa.0, EventKind::PathwayPlanReviewed);
            on = next_after(&mut kid.rng, on, 182, 0.1);
        }
        leaving_care(ctx, kid, end, pa, exit == Exit::Adulthood);
    }
    // Leaving care.
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
            |c| in_force(c.validity(), end),
        ),
        Exit::Adoption if adopted_on.is_some() => {
            if kid.rng.chance(0.7) {
                ReasonEpisodeCeased::E11
            } else {
                ReasonEpisodeCeased::E12
            }
        }
        Exit::Adoption => kid.rng.weighted_where(
            &[(ReasonEpisodeCeased::E45, 1), (ReasonEpisodeCeased::E43, 1)],
            |c| in_force(c.validity(), end),
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
        allocate(kid, end, cw, ct);
        kid.add(end, cw, EventKind::CinPlanStarted);
        child_in_need_plan(kid, end, until, cw, ct, ctx.workforce.manager_of(ct));
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

fn leaving_care(ctx: &mut Ctx<'_>, kid: &mut Kid, left: Day, pa: (u32, u32), adult: bool) {
    let eighteen = kid.birthday(18);
    if adult && left >= eighteen - 1 {
        allocate(kid, left.max(eighteen), pa.0, pa.1);
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
                Some(kid.rng.weighted(&[
                    (CareLeaverAccommodation::U1, 30),
                    (CareLeaverAccommodation::D1, 25),
                    (CareLeaverAccommodation::Z1, 12),
                    (CareLeaverAccommodation::B1, 15),
                    (CareLeaverAccommodation::E1, 6),
                    (CareLeaverAccommodation::S2, 3),
                    (CareLeaverAccommodation::X2, 2),
                    (CareLeaverAccommodation::Y1, 7),
                ])),
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
    let _ = ctx;
}

/// A family known only at the front door: a contact screened out, to advice
/// or to early help.
pub fn front_door_only(ctx: &mut Ctx<'_>, kid: &mut Kid, on: Day) {
    let worker = ctx.workforce.allocate(TeamKind::FrontDoor).0;
    let source = kid.rng.weighted(SOURCES);
    let Some(contact) = kid.add(on, worker, EventKind::ContactReceived { source }) else {
        return;
    };
    let outcome = kid.rng.weighted(&[
        (ContactOutcome::NoFurtherAction, 45),
        (ContactOutcome::AdviceAndInformation, 30),
        (ContactOutcome::EarlyHelp, 25),
    ]);
    let decided = ctx
        .days
        .add_working(on, if kid.rng.chance(0.9) { 1 } else { 2 });
    kid.add(
        decided.min(kid.as_at()),
        worker,
        EventKind::ContactDecision { contact, outcome },
    );
    if outcome == ContactOutcome::EarlyHelp {
        let on = decided + kid.rng.range(5, 30);
        kid.add(on, worker, EventKind::EarlyHelpAssessment);
    }
}

/// A private fostering arrangement notified to the authority, with its
/// visits (Children (Private Arrangements for Fostering) Regulations 2005).
pub fn private_fostering(ctx: &mut Ctx<'_>, kid: &mut Kid, on: Day) {
    let (w, t) = ctx.workforce.allocate(TeamKind::ChildProtection);
    allocate(kid, on, w, t);
    kid.add(on, w, EventKind::PrivateFosteringNotified);
    let end = on + 120 + kid.rng.range(0, 500);
    let mut v = ctx.days.add_working(on, kid.rng.range(2, 8));
    while v < end && v <= kid.as_at() {
        let seen_alone = kid.rng.chance(0.6);
        kid.add(
            v,
            w,
            EventKind::VisitMade {
                visit: VisitKind::PrivateFostering,
                child_seen: true,
                seen_alone,
                child_views: None,
            },
        );
        v = next_after(&mut kid.rng, v, 42, 0.1);
    }
    kid.add(end, w, EventKind::PrivateFosteringEnded);
}

/// A few deliberate corrections, to show amendments and voiding.
pub fn correction(kid: &mut Kid) {
    let last_visit = kid.events.iter().rev().find_map(|e| match &e.event {
        EventKind::VisitMade {
            visit,
            child_seen,
            seen_alone,
            ..
        } => Some((e.id, e.on, *visit, *child_seen, *seen_alone)),
        _ => None,
    });
    if let Some((target, on, visit, child_seen, seen_alone)) = last_visit {
        let d = crate::kid::day(on.date());
        let by = kid.worker;
        kid.add(
            d.min(kid.as_at()),
            by,
            EventKind::Amended {
                target,
                reason: "The child's views were left out when the visit was first recorded".into(),
                on: None,
                event: Box::new(EventKind::VisitMade {
                    visit,
                    child_seen,
                    seen_alone,
                    child_views: Some(
                        "Said things are calmer at home and wants to keep seeing their nan.".into(),
                    ),
                }),
            },
        );
        if let Some(note) = kid.add(
            d.min(kid.as_at()),
            by,
            EventKind::CaseNote {
                text: "Telephone call with school about attendance.".into(),
                significant: false,
            },
        ) {
            kid.add(
                d.min(kid.as_at()),
                by,
                EventKind::Voided {
                    target: note,
                    reason: "Recorded on the wrong child's file".into(),
                },
            );
        }
    }
}
