//! Families' journeys through children's social care.
//!
//! A family arrives with a referral; the family's episode is decided once
//! (assessment, section 47 enquiry, conference, plan, care) and each child
//! in it then has their own visits, reviews, placements and endings. The
//! probabilities and durations are set so that the authority's volumes and
//! shares come out near the national figures (`data/targets.toml`); the
//! calibration report checks that they do.

mod care;
mod other;
mod placements;
mod proceedings;

pub use other::{correction, front_door_only, private_fostering};

use hearth_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, PrimaryNeed, ReasonForClosure, ReferralSource,
    SocialWorkerChangeReason,
};
use hearth_domain::events::{
    Agency, AssessmentOutcome, ContactOutcome, EventKind, PreProceedingsDecision, VisitKind,
};
use hearth_domain::keys::{TeamId, UserId};

use crate::kid::{Day, Days, Kid, date};
use crate::rng::Rng;
use crate::workforce::{TeamKind, Workforce};

/// What the generator needs to write a family's history.
pub struct Ctx<'a> {
    pub days: Days<'a>,
    pub workforce: &'a mut Workforce,
    pub as_at: Day,
    pub outward: &'a [&'a str],
    /// The authority's ONS code: placements that must be within it draw
    /// their postcodes from its own.
    pub district: &'a str,
    /// The area's registered providers, which placements are made through.
    pub register: &'a crate::register::Register,
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
    /// Pre-proceedings under the Public Law Outline during the child
    /// protection plan: before care, or stepped down.
    pre_proceedings: Option<proceedings::Plan>,
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
    // The weights are tuned so that, over twenty seeds of each profile,
    // starts of care and the other calibrated measures sit on their
    // targets (`hearth synth calibrate`).
    let route = if uasc {
        Route::Care
    } else {
        rng.weighted(&[
            (Route::NoFurtherAction, 70),
            (Route::AssessedAndClosed, 320),
            (Route::ChildInNeed, 255),
            (Route::Section47, 330),
            (Route::Care, if oldest >= 12 { 39 } else { 24 }),
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
                    // Pre-proceedings' details come from their own stream,
                    // so the rest of the family's history is as it was.
                    let mut side = Rng::stream(rng.clone().next_u64(), 0x0050_4c4f);
                    match rng.weighted(&[(0u8, 50), (1, 36), (2, 14)]) {
                        branch @ (0 | 1) => {
                            // 14% of plans go on to proceedings; one step
                            // down for every two of those, from the 86% that
                            // do not ([`proceedings::STEP_DOWN_SHARE`]).
                            if side.chance(0.14 * proceedings::STEP_DOWN_SHARE / 0.86) {
                                let from = (end - side.range(60, 120)).max(on + 20);
                                ep.pre_proceedings = Some(proceedings::plan(
                                    &mut side,
                                    from,
                                    end,
                                    PreProceedingsDecision::StepDown,
                                ));
                            }
                            if branch == 0 {
                                cin_plan(rng, &mut ep, end);
                            } else {
                                ep.close = end + rng.range(0, 20);
                            }
                        }
                        _ => {
                            let pre = end - rng.range(60, 120);
                            ep.pre_proceedings = Some(proceedings::plan(
                                &mut side,
                                pre.max(on + 20),
                                end,
                                PreProceedingsDecision::IssueProceedings,
                            ));
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
            // Judged at referral for every referral that goes on (CIN rule
            // 8610); the assessment confirms it.
            primary_need: (ep.route != Route::NoFurtherAction).then_some(ep.need),
        },
    );
    if ep.route == Route::NoFurtherAction {
        close(kid, ep.close.min(limit), front, ReasonForClosure::RC7);
        return;
    }
    let (worker, team) = ctx.workforce.allocate(TeamKind::Assessment);
    allocate(
        kid,
        ep.referral,
        worker,
        team,
        SocialWorkerChangeReason::FCONTA,
    );
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
        seen_and_heard: None,
        analysis: None,
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
        care::looked_after(
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
    // An internal review half way through a longer assessment, for some
    // (assumed: a third of those over four weeks; no national figure is
    // published), from a stream of its own so nothing else moves.
    let mut side = Rng::stream(kid.rng.clone().next_u64(), 0x4149_5244);
    if ep.assessment_end - ep.assessment_start > 28 && side.chance(0.33) {
        kid.add(c(mid), manager, EventKind::AssessmentInternalReview);
    }
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
    // No conference, and so no plan, for a brother or sister who turns 18
    // before it would meet: a conference moved to the day before their
    // birthday could fall on a weekend (CIN census rule 8875), and their
    // plan would start and end that day (8840).
    let conference = ep
        .s47
        .as_ref()
        .and_then(|s| s.icpc)
        .filter(|(icpc, _)| *icpc < limit);
    if let Some(s) = &ep.s47 {
        kid.add(
            c(s.concluded),
            worker,
            EventKind::Section47Concluded {
                icpc_required: conference.is_some(),
            },
        );
        if let Some((icpc, plan)) = conference {
            kid.add(
                c(icpc),
                worker,
                EventKind::InitialConferenceHeld {
                    seen_and_heard: None,
                    analysis: None,
                    plan,
                },
            );
        }
    }
    let mut stop = ep.close.min(limit);
    if let Some(s) = &ep.s47 {
        // Open until the enquiry is concluded, plan or none.
        stop = stop.max(c(s.concluded));
    }
    let plan = ep.plan.filter(|_| ep.s47.is_none() || conference.is_some());
    if let Some((start, end, category)) = plan {
        let start = c(start);
        let (w, t) = ctx.workforce.allocate(TeamKind::ChildProtection);
        team_kind = TeamKind::ChildProtection;
        allocate(kid, start, w, t, SocialWorkerChangeReason::TSPROC);
        kid.add(start, w, EventKind::ProtectionPlanStarted { category });
        let end = end.min(limit);
        protection_plan(ctx, kid, start, end, w);
        if let Some(p) = &ep.pre_proceedings {
            proceedings::emit(kid, p, w, end);
        }
        kid.add(end, w, EventKind::ProtectionPlanEnded);
        if ep.care.is_some() && end < limit {
            care::looked_after(ctx, ep, kid, end, false, None);
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
        allocate(kid, start, w, t, SocialWorkerChangeReason::TSPROC);
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
            child_in_need_plan(kid, start, end, w, ctx.workforce.manager_of(t));
            kid.add(end, w, EventKind::CinPlanEnded);
        }
        stop = stop.max(end);
    }
    // Closed at 18, or on a day the planned reason is not yet in force
    // (the episode ran on past the day it was chosen for).
    let planned = if kid.age_on(stop) >= 18 || !in_force(ep.closure.validity(), stop.min(limit)) {
        ReasonForClosure::RC7
    } else {
        ep.closure
    };
    if planned == ReasonForClosure::RC9 {
        kid.add(stop.min(limit), kid.worker, EventKind::SteppedDown);
    }
    // RC8 and RC9 say the case closed after the assessment alone: after a
    // section 47 enquiry, a conference or a plan it closes as services
    // ended (RC7), a step-down to early help included (CIN census rule
    // 2990).
    let assessment_only = ep.s47.is_none() && ep.plan.is_none() && ep.cin_plan.is_none();
    let reason = match planned {
        ReasonForClosure::RC8 | ReasonForClosure::RC9 if !assessment_only => ReasonForClosure::RC7,
        other => other,
    };
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
            seen_and_heard: None,
            analysis: None,
            factors: ep.factors.clone(),
            child_seen,
            seen_alone,
            child_views: None,
            primary_need: None,
            outcome: AssessmentOutcome::ChildInNeedPlan,
        },
    );
}

/// Allocates the child to `worker` in `team` unless they already are; a
/// new worker is recorded with why the worker changed (SSDA903
/// `SW_REASON`): the first of an episode of need is first contact
/// (`FCONTA`), a move to another team's worker a transfer under the
/// standard process (`TSPROC`). No national figures give the reasons'
/// shares; the journey's own moves decide them.
pub(super) fn allocate(
    kid: &mut Kid,
    on: Day,
    worker: u32,
    team: u32,
    reason: SocialWorkerChangeReason,
) {
    if kid.worker == worker && kid.team == team {
        return;
    }
    // A worker keeps the case for at least three days before it moves on:
    // a child who comes into care the day after the referral stays with
    // the assessment worker over the first days, as duty arrangements do
    // (and SSDA903 rule SW09STG2, as the community validator reads "less
    // than 24 hours", finds a shorter social worker episode).
    let on = if kid.worker == 0 {
        on
    } else {
        on.max(kid.allocated_on.saturating_add(3))
    };
    let added = kid.add(
        on,
        worker,
        EventKind::Allocated {
            worker: UserId(i64::from(worker)),
            team: TeamId(i64::from(team)),
            reason: Some(reason),
        },
    );
    if added.is_some() {
        kid.worker = worker;
        kid.team = team;
        kid.allocated_on = on;
    }
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
    let (seen_and_heard, analysis) = crate::write_up::visit(on, by, child_seen);
    kid.add(
        on,
        by,
        EventKind::VisitMade {
            seen_and_heard,
            analysis,
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
                    supervisor: UserId(i64::from(manager)),
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
                seen_and_heard: None,
                analysis: None,
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
            EventKind::ReviewConferenceHeld {
                seen_and_heard: None,
                analysis: None,
                category: None,
            },
        );
        on = next_after(&mut kid.rng, on, 182, 0.07);
    }
    let team = kid.team;
    supervision(kid, start, end, ctx.workforce.manager_of(team));
}

fn child_in_need_plan(kid: &mut Kid, start: Day, end: Day, worker: u32, manager: u32) {
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
