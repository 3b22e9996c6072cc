//! A plausible population of children's journeys, for the benchmark and
//! the demo: contacts, referrals and assessments, child protection, care.
//! The shape is plausible, not calibrated (the synthetic local authority
//! generator does that).

use hearth_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider,
    PlacementType, PrimaryNeed, ReasonEpisodeCeased, ReasonForClosure, ReasonForPlacementChange,
    ReferralSource, ReviewParticipation,
};
use hearth_domain::events::{
    Agency, AssessmentOutcome, ContactOutcome, Event, EventId, EventKind, HealthAssessmentKind,
    Placement, VisitKind, When,
};
use jiff::civil::Date;

/// xorshift64*: small, fast and deterministic for a given seed.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A whole number in `lo..=hi`.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Builds one child's ledger in date order.
struct Child<'r> {
    rng: &'r mut Rng,
    worker: &'r str,
    events: Vec<Event>,
    today: Date,
    as_at: Date,
}

impl Child<'_> {
    fn add(&mut self, kind: EventKind) -> EventId {
        self.add_at(When::Date(self.today), kind)
    }

    fn add_at(&mut self, on: When, kind: EventKind) -> EventId {
        let id = self.events.len() as u64 + 1;
        // Recorded the same day, in order: a second per event keeps the order.
        let recorded = jiff::Timestamp::from_second(
            i64::from(day_number(on.date())) * 86_400 + 43_200 + id as i64,
        )
        .unwrap_or(jiff::Timestamp::UNIX_EPOCH);
        self.events
            .push(Event::new(id, on, self.worker, recorded, kind));
        EventId(id)
    }

    /// Moves the day on by `lo..=hi` days; false once past the as-at date.
    fn wait(&mut self, lo: i64, hi: i64) -> bool {
        let days = self.rng.range(lo, hi);
        match self.today.checked_add(jiff::Span::new().days(days)) {
            Ok(d) if d <= self.as_at => {
                self.today = d;
                true
            }
            _ => false,
        }
    }

    fn visit(&mut self, kind: VisitKind) {
        let seen = self.rng.chance(92);
        let alone = seen && self.rng.chance(60);
        self.add(EventKind::VisitMade {
            visit: kind,
            child_seen: seen,
            seen_alone: alone,
            child_views: None,
        });
    }
}

fn day_number(d: Date) -> i32 {
    d.since(Date::constant(1970, 1, 1))
        .map(|s| s.get_days())
        .unwrap_or(0)
}

fn placement(rng: &mut Rng) -> Placement {
    let placement_type = rng.pick(&[
        PlacementType::U1,
        PlacementType::U3,
        PlacementType::U4,
        PlacementType::U5,
        PlacementType::U6,
        PlacementType::K2,
        PlacementType::P1,
    ]);
    Placement {
        placement_type,
        provider: Some(rng.pick(&[PlacementProvider::PR1, PlacementProvider::PR4])),
        postcode: None,
        urn: None,
        long_term: rng.chance(30),
    }
}

/// One child's journey: contacts, then often a referral and assessment, and
/// for some children child protection or care. The shape is plausible, not
/// calibrated (the synthetic local authority does that).
/// One child's ledger, allocated to `worker` in `team` (ids as text).
pub fn generate_child(rng: &mut Rng, as_at: Date, worker: &str, team: &str) -> Vec<Event> {
    let age_days = rng.range(200, 17 * 365);
    let dob = as_at
        .checked_sub(jiff::Span::new().days(age_days))
        .unwrap_or(as_at);
    let start_back = rng.range(30, 4 * 365);
    let start = as_at
        .checked_sub(jiff::Span::new().days(start_back))
        .unwrap_or(as_at)
        .max(dob);
    let mut c = Child {
        rng,
        worker,
        events: Vec::with_capacity(128),
        today: start,
        as_at,
    };
    c.today = dob;
    c.add(EventKind::BirthDetailsRecorded {
        date_of_birth: Some(dob),
        expected_date_of_birth: None,
    });
    c.today = start;
    c.add(EventKind::Allocated {
        worker: worker.into(),
        team: team.into(),
    });

    let journey = c.rng.range(0, 99);
    let sources: Vec<ReferralSource> = ReferralSource::ALL
        .iter()
        .copied()
        .filter(|s| s.validity().valid_on(start))
        .collect();
    let source = c.rng.pick(&sources);
    let contact = c.add(EventKind::ContactReceived { source });
    let decided = c.wait(0, 2);
    let outcome = if journey < 25 {
        ContactOutcome::EarlyHelp
    } else {
        ContactOutcome::Referral
    };
    if !decided {
        return c.events;
    }
    c.add(EventKind::ContactDecision { contact, outcome });
    if journey < 25 {
        c.add(EventKind::EarlyHelpAssessment);
        return c.events;
    }

    c.add(EventKind::ReferralAccepted {
        source,
        no_further_action: false,
    });
    c.add(EventKind::AssessmentStarted);
    let protection = (55..75).contains(&journey);
    let care = journey >= 75;
    if protection || care {
        c.add(EventKind::StrategyDiscussionNeeded);
        if !c.wait(0, 2) {
            return c.events;
        }
        c.add(EventKind::StrategyDiscussionHeld {
            attendance: vec![Agency::SocialCare, Agency::Police, Agency::Health],
        });
        c.add(EventKind::Section47Started);
    }
    if !c.wait(10, 60) {
        return c.events;
    }
    let in_force: Vec<AssessmentFactor> = AssessmentFactor::ALL
        .iter()
        .copied()
        .filter(|f| f.validity().valid_on(c.today))
        .collect();
    let factors = vec![c.rng.pick(&in_force)];
    let seen_alone = c.rng.chance(50);
    c.add(EventKind::AssessmentAuthorised {
        factors,
        child_seen: true,
        seen_alone,
        child_views: None,
        primary_need: Some(PrimaryNeed::N1),
        outcome: if protection || care {
            AssessmentOutcome::StrategyDiscussion
        } else {
            AssessmentOutcome::ChildInNeedPlan
        },
    });

    if protection || care {
        c.add(EventKind::Section47Concluded {
            icpc_required: true,
        });
        if !c.wait(3, 25) {
            return c.events;
        }
        c.add(EventKind::InitialConferenceHeld { plan: true });
        let category = c.rng.pick(CategoryOfAbuse::ALL);
        c.add(EventKind::ProtectionPlanStarted { category });
        let months = c.rng.range(3, 18);
        let mut last_review = c.today;
        for _ in 0..months * 2 {
            if !c.wait(8, 20) {
                return c.events;
            }
            c.visit(VisitKind::ChildProtection);
            if c.rng.chance(50) {
                c.add(EventKind::CoreGroupHeld);
            }
            if c.today
                .since(last_review)
                .map(|s| s.get_days())
                .unwrap_or(0)
                > 90
            {
                c.add(EventKind::ReviewConferenceHeld { category: None });
                last_review = c.today;
            }
            if c.rng.chance(10) {
                c.add(EventKind::CaseNote {
                    text: "Discussed the plan with the family.".into(),
                    significant: false,
                });
            }
            if c.rng.chance(8) {
                c.add(EventKind::ManagementOversight {
                    decision: "Continue the plan".into(),
                    rationale: "Progress is slow but steady.".into(),
                });
            }
        }
        c.add(EventKind::ProtectionPlanEnded);
        if !care {
            if !c.wait(1, 30) {
                return c.events;
            }
            c.add(EventKind::EpisodeClosed {
                reason: ReasonForClosure::RC7,
            });
            return c.events;
        }
        looked_after(&mut c);
        return c.events;
    }

    // Child in need.
    c.add(EventKind::CinPlanStarted);
    let months = c.rng.range(2, 15);
    for m in 0..months {
        if !c.wait(20, 35) {
            return c.events;
        }
        c.visit(VisitKind::ChildInNeed);
        if m % 3 == 2 {
            c.add(EventKind::CinPlanReviewed);
        }
        if c.rng.chance(20) {
            c.add(EventKind::Supervision {
                supervisor: "m1".into(),
            });
        }
    }
    c.add(EventKind::CinPlanEnded);
    c.add(EventKind::EpisodeClosed {
        reason: ReasonForClosure::RC7,
    });
    c.events
}

fn looked_after(c: &mut Child<'_>) {
    if !c.wait(0, 10) {
        return;
    }
    let first = placement(c.rng);
    let uasc = c.rng.chance(9);
    c.add(EventKind::BecameLookedAfter {
        legal_status: LegalStatus::C1,
        placement: first,
        category_of_need: PrimaryNeed::N1,
        uasc,
    });
    c.add(EventKind::IroAppointed { iro: "iro1".into() });
    if c.wait(3, 12) {
        c.add(EventKind::CarePlanRecorded);
        c.add(EventKind::HealthAssessment {
            assessment: HealthAssessmentKind::Initial,
        });
        c.add(EventKind::PepReviewed);
    }
    let mut reviews = 0;
    let mut last_review = c.today;
    let mut legal = LegalStatus::C1;
    for step in 0..c.rng.range(4, 40) {
        if !c.wait(20, 45) {
            return;
        }
        c.visit(VisitKind::LookedAfter);
        let gap = c
            .today
            .since(last_review)
            .map(|s| s.get_days())
            .unwrap_or(0);
        if (reviews == 0 && gap > 20) || gap > 90 {
            let participation = c.rng.pick(ReviewParticipation::ALL);
            c.add(EventKind::LookedAfterReviewHeld { participation });
            reviews += 1;
            last_review = c.today;
        }
        if step == 6 && legal == LegalStatus::C1 {
            legal = LegalStatus::C2;
            c.add(EventKind::LegalStatusChanged {
                legal_status: legal,
            });
        }
        if c.rng.chance(8) {
            let p = placement(c.rng);
            c.add(EventKind::PlacementChanged {
                placement: p,
                reason: Some(ReasonForPlacementChange::CARPL),
                same_carer: false,
            });
        }
        if c.rng.chance(6) {
            let away = When::DateTime(c.today.at(21, 0, 0, 0));
            let back = When::DateTime(c.today.at(23, 30, 0, 0));
            let episode = c.add_at(
                away,
                EventKind::MissingEpisodeStarted {
                    status: MissingOrAway::M,
                },
            );
            c.add_at(back, EventKind::MissingEpisodeEnded { episode });
            if c.rng.chance(80) {
                c.add_at(
                    back,
                    EventKind::ReturnInterview {
                        episode,
                        offered: true,
                        accepted: true,
                        held: true,
                    },
                );
            }
        }
        if step % 6 == 5 {
            c.add(EventKind::HealthAssessment {
                assessment: HealthAssessmentKind::Review,
            });
            c.add(EventKind::DentalCheck);
            let score = c.rng.range(0, 40) as u8;
            c.add(EventKind::SdqRecorded {
                score: Some(score),
                reason: None,
            });
        }
        if step % 3 == 2 {
            c.add(EventKind::PepReviewed);
        }
    }
    if c.rng.chance(40) && c.wait(1, 30) {
        c.add(EventKind::CeasedLookedAfter {
            reason: ReasonEpisodeCeased::E4A,
        });
    }
}
