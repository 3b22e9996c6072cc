//! `hearth serve` and `hearth demo`.

use std::collections::HashMap;
use std::sync::Arc;

use hearth_app::{Services, SystemClock};
use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::codes::{
    AdopterLegalStatus, AdopterSex, CareLeaverAccommodation, CareLeaverActivity, CareLeaverInTouch,
    LegalStatus, PlacementProvider, PlacementType, PrimaryNeed, ReferralSource,
};
use hearth_domain::events::{Event, EventKind, Placement, VisitKind};
use hearth_domain::ids::LaChildId;
use hearth_domain::timescales::Policy;
use hearth_store::{Db, NewChild, NewUser, Role, TeamId, UserId};

use crate::Failure;
use crate::db::{Target, runtime};
use crate::population::{Rng, generate_child};

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    target: Target,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// The demo's SQLite file: made and loaded if new, reused if not.
    #[arg(long, default_value = "hearth-demo.db")]
    db: String,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    /// How many generated children (besides the scripted ones).
    #[arg(long, default_value_t = 36)]
    children: usize,
}

fn services(db: Db) -> Services {
    Services::new(db, Arc::new(SystemClock))
}

async fn listen(services: Services, bind: &str) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| Failure(format!("--bind {bind}: {e}")))?;
    let app = hearth_web::router(hearth_web::AppState { services });
    axum::serve(listener, app).await.map_err(Failure::from)
}

pub fn serve(args: &ServeArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let db = args.target.open().await?;
        eprintln!(
            "Hearth is serving {} on http://{}/",
            args.target.db, args.bind
        );
        listen(services(db), &args.bind).await
    })
}

/// A demo account: username, name, role, team (index), line manager.
type Account = (
    &'static str,
    &'static str,
    Role,
    Option<usize>,
    Option<&'static str>,
);

/// The demo accounts.
const ACCOUNTS: [Account; 8] = [
    ("tm1", "Team Manager One", Role::TeamManager, Some(0), None),
    (
        "sw1",
        "Social Worker One",
        Role::SocialWorker,
        Some(0),
        Some("tm1"),
    ),
    (
        "sw2",
        "Social Worker Two",
        Role::SocialWorker,
        Some(0),
        Some("tm1"),
    ),
    (
        "sw3",
        "Social Worker Three",
        Role::SocialWorker,
        Some(1),
        None,
    ),
    (
        "iro1",
        "Independent Reviewing Officer",
        Role::Iro,
        None,
        None,
    ),
    (
        "analyst1",
        "Performance Analyst",
        Role::PerformanceAnalyst,
        None,
        None,
    ),
    ("auditor1", "Auditor", Role::Auditor, None, None),
    (
        "admin1",
        "System Administrator",
        Role::SystemAdministrator,
        None,
        None,
    ),
];

fn demo_password(username: &str) -> String {
    format!("hearth-demo-{username}")
}

pub fn demo(args: &DemoArgs) -> Result<(), Failure> {
    runtime()?.block_on(async {
        let target = Target {
            db: args.db.clone(),
        };
        let db = target.open().await?;
        if db.user_by_username("sw1").await?.is_none() {
            eprintln!("loading a synthetic local authority into {} ...", args.db);
            load(&db, args.children).await?;
        } else {
            eprintln!("reusing the demo database {}", args.db);
        }
        println!("Hearth demo: http://{}/", args.bind);
        for (username, _, role, _, _) in ACCOUNTS {
            println!(
                "user: {username}  role: {}  password: {}",
                role.as_str(),
                demo_password(username)
            );
        }
        listen(services(db), &args.bind).await
    })
}

const GIVEN: [&str; 12] = [
    "Amelia", "Noah", "Isla", "Leo", "Ava", "Oscar", "Mia", "Arlo", "Freya", "Theo", "Ivy", "Finn",
];
const FAMILY: [&str; 10] = [
    "Ashdown", "Brook", "Carrow", "Dunmore", "Elswick", "Fenby", "Garside", "Holloway", "Ingram",
    "Jessop",
];

async fn load(db: &Db, children: usize) -> Result<(), Failure> {
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let mut tx = db.begin().await?;
    let teams = [
        db.create_team(&mut tx, "Child protection and children in need", "cp_cin")
            .await?,
        db.create_team(&mut tx, "Looked after children", "looked_after")
            .await?,
    ];
    let mut ids: HashMap<&str, UserId> = HashMap::new();
    for (username, name, role, team, manager) in ACCOUNTS {
        let hash = hearth_app::accounts::hash_password(&demo_password(username)).await?;
        let user = NewUser {
            username,
            display_name: name,
            role,
            team: team.map(|t| teams[t]),
            manager: manager.and_then(|m| ids.get(m).copied()),
            password_hash: Some(&hash),
        };
        ids.insert(username, db.create_user(&mut tx, &user, now).await?);
    }
    tx.commit().await?;

    let workers: [(UserId, TeamId); 3] = [
        (ids["sw1"], teams[0]),
        (ids["sw2"], teams[0]),
        (ids["sw3"], teams[1]),
    ];
    let mut rng = Rng(20_261_122);
    let mut n = 0usize;
    for i in 0..children {
        // Most of the caseload is sw1's, so the first account has a full list.
        let (worker, team) = workers[if i % 4 == 3 { 1 + (i / 4) % 2 } else { 0 }];
        let events = generate_child(&mut rng, today, &worker.0.to_string(), &team.0.to_string());
        n += 1;
        add_child(db, n, &events).await?;
    }
    for script in [
        adoption(today),
        care_leaver(today),
        private_fostering(today),
    ] {
        n += 1;
        let (worker, team) = workers[0];
        let mut events = vec![Event::new(
            0,
            today,
            "system",
            now,
            EventKind::Allocated {
                worker: worker.0.to_string(),
                team: team.0.to_string(),
            },
        )];
        events.extend(script);
        add_child(db, n, &events).await?;
    }
    db.analyze().await?;
    // Bring every child's clocks up to today.
    let cal = WorkingDayCalendar::england_and_wales();
    db.rebuild(
        &cal,
        &Policy::statutory(),
        jiff::Timestamp::now(),
        |_, _| {},
    )
    .await?;
    eprintln!("loaded {n} children");
    Ok(())
}

/// Creates the child and appends their events, giving each its ledger id
/// and pointing references at the new ids.
async fn add_child(db: &Db, n: usize, events: &[Event]) -> Result<(), Failure> {
    let cal = WorkingDayCalendar::england_and_wales();
    let policy = Policy::statutory();
    let dob = events.iter().find_map(|e| match &e.event {
        EventKind::BirthDetailsRecorded { date_of_birth, .. } => *date_of_birth,
        _ => None,
    });
    let details = NewChild {
        date_of_birth: dob,
        ..NewChild::new(
            LaChildId::parse(&format!("DEMO{n:04}"))?,
            GIVEN[n % GIVEN.len()],
            FAMILY[(n / GIVEN.len() + n) % FAMILY.len()],
        )
    };
    let mut tx = db.begin().await?;
    let child = db
        .create_child(&mut tx, &details, jiff::Timestamp::now())
        .await?;
    db.import_ledger(
        &mut tx,
        child,
        events,
        &cal,
        &policy,
        jiff::Timestamp::now(),
    )
    .await
    .map_err(|err| Failure(format!("demo child {n}: {err}")))?;
    tx.commit().await?;
    Ok(())
}

/// A scripted ledger: (days before today, event); ids follow the order.
fn script(today: jiff::civil::Date, steps: Vec<(i64, EventKind)>) -> Vec<Event> {
    steps
        .into_iter()
        .enumerate()
        .map(|(i, (days_ago, kind))| {
            let on = today
                .checked_sub(jiff::Span::new().days(days_ago))
                .unwrap_or(today);
            let at = on
                .at(12, 0, i as i8 % 60, 0)
                .to_zoned(jiff::tz::TimeZone::UTC)
                .map(|z| z.timestamp())
                .unwrap_or_default();
            Event::new(i as u64 + 1, on, "system", at, kind)
        })
        .collect()
}

fn placement(t: PlacementType, long_term: bool) -> Placement {
    Placement {
        placement_type: t,
        provider: Some(PlacementProvider::PR1),
        postcode: None,
        urn: None,
        long_term,
    }
}

fn born(years: i16, today: jiff::civil::Date) -> EventKind {
    EventKind::BirthDetailsRecorded {
        date_of_birth: today
            .checked_sub(jiff::Span::new().years(years).days(40))
            .ok(),
        expected_date_of_birth: None,
    }
}

fn adoption(today: jiff::civil::Date) -> Vec<Event> {
    let police = ReferralSource::from_code("6").unwrap_or(ReferralSource::ALL[0]);
    script(
        today,
        vec![
            (900, born(3, today)),
            (
                700,
                EventKind::ReferralAccepted {
                    source: police,
                    no_further_action: false,
                },
            ),
            (
                690,
                EventKind::BecameLookedAfter {
                    legal_status: LegalStatus::C1,
                    placement: placement(PlacementType::U3, false),
                    category_of_need: PrimaryNeed::N1,
                    uasc: false,
                },
            ),
            (
                670,
                EventKind::LookedAfterReviewHeld {
                    participation: hearth_domain::codes::ReviewParticipation::PN0,
                },
            ),
            (
                500,
                EventKind::LegalStatusChanged {
                    legal_status: LegalStatus::C2,
                },
            ),
            (480, EventKind::AdoptionDecision),
            (400, EventKind::PlacementOrderGranted),
            (
                399,
                EventKind::LegalStatusChanged {
                    legal_status: LegalStatus::E1,
                },
            ),
            (
                300,
                EventKind::Matched {
                    adopter_sex: AdopterSex::MF,
                    adopter_legal_status: AdopterLegalStatus::L0,
                    number_of_adopters: 2,
                },
            ),
            (
                280,
                EventKind::PlacementChanged {
                    placement: placement(PlacementType::A4, true),
                    reason: None,
                    same_carer: false,
                },
            ),
            (280, EventKind::PlacedForAdoption),
            (
                30,
                EventKind::VisitMade {
                    visit: VisitKind::LookedAfter,
                    child_seen: true,
                    seen_alone: false,
                    child_views: None,
                },
            ),
        ],
    )
}

fn care_leaver(today: jiff::civil::Date) -> Vec<Event> {
    let school = ReferralSource::from_code("2A").unwrap_or(ReferralSource::ALL[0]);
    script(
        today,
        vec![
            (1200, born(18, today)),
            (
                1100,
                EventKind::ReferralAccepted {
                    source: school,
                    no_further_action: false,
                },
            ),
            (
                1090,
                EventKind::BecameLookedAfter {
                    legal_status: LegalStatus::V2,
                    placement: placement(PlacementType::U1, true),
                    category_of_need: PrimaryNeed::N5,
                    uasc: false,
                },
            ),
            (700, EventKind::PathwayNeedsAssessment),
            (
                500,
                EventKind::PersonalAdviserAppointed {
                    adviser: "pa".into(),
                },
            ),
            (400, EventKind::PathwayPlanReviewed),
            (
                60,
                EventKind::CeasedLookedAfter {
                    reason: hearth_domain::codes::ReasonEpisodeCeased::E17,
                },
            ),
            (
                20,
                EventKind::CareLeaverContact {
                    in_touch: CareLeaverInTouch::ALL[0],
                    activity: CareLeaverActivity::ALL.first().copied(),
                    accommodation: CareLeaverAccommodation::ALL.first().copied(),
                    staying_put: true,
                },
            ),
        ],
    )
}

fn private_fostering(today: jiff::civil::Date) -> Vec<Event> {
    script(
        today,
        vec![
            (2000, born(12, today)),
            (70, EventKind::PrivateFosteringNotified),
            (
                66,
                EventKind::VisitMade {
                    visit: VisitKind::PrivateFostering,
                    child_seen: true,
                    seen_alone: true,
                    child_views: None,
                },
            ),
            (20, EventKind::AllegationReceived),
        ],
    )
}
