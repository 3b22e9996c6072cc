//! `hearth bench fold`: folds a generated population and computes every
//! child's obligations on one core, and prints events per second and peak
//! memory. A benchmark, not a test: it asserts nothing about time.

use std::time::Instant;

use clap::Subcommand;
use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{
    AssessmentFactor, CategoryOfAbuse, LegalStatus, MissingOrAway, PlacementProvider,
    PlacementType, PrimaryNeed, ReasonEpisodeCeased, ReasonForClosure, ReasonForPlacementChange,
    ReferralSource, ReviewParticipation,
};
use hearth_domain::events::{
    Agency, AssessmentOutcome, ContactOutcome, Event, EventId, EventKind, HealthAssessmentKind,
    Placement, VisitKind, When,
};
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::{Policy, obligations};
use jiff::civil::Date;

use crate::{Failure, parse_date};

#[derive(Subcommand)]
pub enum Command {
    /// Fold a generated population and compute its obligations.
    Fold {
        /// How many children.
        #[arg(long, default_value_t = 20_000)]
        children: usize,
        /// The generator's seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Fold as at this date.
        #[arg(long, default_value = "2026-03-31")]
        as_at: String,
        /// Timed passes over the population (the best is reported).
        #[arg(long, default_value_t = 3)]
        passes: usize,
    },
}

pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Fold {
            children,
            seed,
            as_at,
            passes,
        } => fold(
            children,
            seed,
            parse_date("--as-at", &as_at)?,
            passes.max(1),
        ),
    }
}

fn fold(children: usize, seed: u64, as_at: Date, passes: usize) -> Result<(), Failure> {
    let cal = WorkingDayCalendar::england_and_wales();
    let policy = Policy::statutory();

    let started = Instant::now();
    let mut rng = Rng(seed.max(1));
    let population: Vec<Vec<Event>> = (0..children)
        .map(|_| generate_child(&mut rng, as_at))
        .collect();
    let events: usize = population.iter().map(Vec::len).sum();
    println!(
        "generated {children} children, {events} events ({:.1} per child) in {:.2?}",
        events as f64 / children.max(1) as f64,
        started.elapsed()
    );

    // Every generated ledger must fold: a refusal is a generator bug.
    let mut refused = 0usize;
    let mut clocks = 0usize;
    for ledger in &population {
        match ChildRecord::fold(ledger, as_at) {
            Ok(record) => clocks += obligations(&record, &cal, &policy)?.len(),
            Err(refusal) => {
                refused += 1;
                if refused == 1 {
                    eprintln!("first refusal: {refusal}");
                }
            }
        }
    }
    if refused > 0 {
        return Err(Failure(format!("{refused} generated ledgers were refused")));
    }

    let mut best_fold = f64::INFINITY;
    let mut best_both = f64::INFINITY;
    for _ in 0..passes {
        let t = Instant::now();
        let mut folded = 0usize;
        for ledger in &population {
            if let Ok(r) = ChildRecord::fold(ledger, as_at) {
                folded += r.facts;
            }
        }
        best_fold = best_fold.min(t.elapsed().as_secs_f64());
        std::hint::black_box(folded);

        let t = Instant::now();
        let mut n = 0usize;
        for ledger in &population {
            if let Ok(r) = ChildRecord::fold(ledger, as_at) {
                n += obligations(&r, &cal, &policy)?.len();
            }
        }
        best_both = best_both.min(t.elapsed().as_secs_f64());
        std::hint::black_box(n);
    }

    println!(
        "obligations computed: {clocks} ({:.1} per child)",
        clocks as f64 / children.max(1) as f64
    );
    println!(
        "fold only:             {:>12.0} events/s  ({best_fold:.3} s, best of {passes})",
        events as f64 / best_fold
    );
    println!(
        "fold + obligations:    {:>12.0} events/s  ({best_both:.3} s, best of {passes}; one core)",
        events as f64 / best_both
    );
    match peak_memory_kib() {
        Some(kib) => println!("peak memory (VmHWM):   {:>12.1} MiB", kib as f64 / 1024.0),
        None => println!("peak memory: not available on this system"),
    }
    Ok(())
}

fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// xorshift64*: small, fast and deterministic for a given seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A whole number in `lo..=hi`.
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo + 1) as u64)) as i64
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[(self.next() % items.len() as u64) as usize]
    }
}

/// Builds one child's ledger in date order.
struct Child<'r> {
    rng: &'r mut Rng,
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
        self.events.push(Event::new(id, on, "u1", recorded, kind));
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
fn generate_child(rng: &mut Rng, as_at: Date) -> Vec<Event> {
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
        worker: "w1".into(),
        team: "t1".into(),
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
