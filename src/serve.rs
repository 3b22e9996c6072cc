//! `hearth serve` and `hearth demo`.

use std::sync::Arc;

use hearth_app::{Services, SystemClock};
use hearth_store::Db;

use crate::Failure;
use crate::db::{Target, runtime};

#[derive(clap::Args)]
pub struct ServeArgs {
    #[command(flatten)]
    target: Target,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    nightly: crate::nightly::NightlyArgs,
}

/// Limits on sign-in and API attempts, per minute (0: no limit).
#[derive(clap::Args)]
pub struct LimitArgs {
    /// Sign-in attempts per minute for one username.
    #[arg(
        long,
        env = "HEARTH_SIGN_IN_PER_ACCOUNT",
        default_value_t = 10,
        value_name = "N"
    )]
    sign_in_per_account: u32,
    /// Sign-in attempts per minute from one client address.
    #[arg(
        long,
        env = "HEARTH_SIGN_IN_PER_ADDRESS",
        default_value_t = 60,
        value_name = "N"
    )]
    sign_in_per_address: u32,
    /// API requests per minute for one API user.
    #[arg(
        long,
        env = "HEARTH_API_PER_ACCOUNT",
        default_value_t = 600,
        value_name = "N"
    )]
    api_per_account: u32,
    /// API requests per minute from one client address.
    #[arg(
        long,
        env = "HEARTH_API_PER_ADDRESS",
        default_value_t = 1200,
        value_name = "N"
    )]
    api_per_address: u32,
    /// Do not limit clients on this machine (127.0.0.1, ::1), as for
    /// `hearth bench web`. Not behind a reverse proxy on the same machine.
    #[arg(long, env = "HEARTH_LIMITS_EXEMPT_LOOPBACK")]
    limits_exempt_loopback: bool,
    /// Behind a reverse proxy: the client's address is the last
    /// X-Forwarded-For entry the proxy appends.
    #[arg(long, env = "HEARTH_TRUST_FORWARDED_FOR")]
    trust_forwarded_for: bool,
}

impl LimitArgs {
    fn limits(&self) -> hearth_web::limits::Limits {
        hearth_web::limits::Limits {
            sign_in_per_account: self.sign_in_per_account,
            sign_in_per_address: self.sign_in_per_address,
            api_per_account: self.api_per_account,
            api_per_address: self.api_per_address,
            exempt_loopback: self.limits_exempt_loopback,
            trust_forwarded_for: self.trust_forwarded_for,
        }
    }
}

#[derive(clap::Args)]
pub struct DemoArgs {
    /// The demo's SQLite file: made and loaded if new, reused if not.
    #[arg(long, default_value = "hearth-demo.db")]
    db: String,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    bind: String,
    /// The synthetic authority's profile: small, medium or large.
    #[arg(long, default_value = "medium")]
    profile: String,
    /// Years of casework.
    #[arg(long, default_value_t = 6)]
    years: u32,
    /// The generator's seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
}

fn services(db: Db) -> Services {
    Services::new(db, Arc::new(SystemClock))
}

async fn listen(
    services: Services,
    bind: &str,
    limits: hearth_web::limits::Limits,
) -> Result<(), Failure> {
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .map_err(|e| Failure(format!("--bind {bind}: {e}")))?;
    let app = hearth_web::router_with_limits(hearth_web::AppState { services }, limits);
    // The peer's address, for the limits per address.
    let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, app).await.map_err(Failure::from)
}

pub fn serve(args: &ServeArgs) -> Result<(), Failure> {
    crate::timings::start();
    let nightly = args.nightly.at()?;
    runtime()?.block_on(async {
        let db = args.target.open().await?;
        if let Some(at) = nightly {
            // At start-up too: a night missed while the server was down is
            // made up now, so the caseload is true this morning.
            tokio::spawn(crate::nightly::run_forever(db.clone(), at));
        }
        eprintln!(
            "Hearth is serving {} on http://{}/",
            args.target.db, args.bind
        );
        listen(services(db), &args.bind, args.limits.limits()).await
    })
}

/// The demo's accounts: generated staff who are given a password.
const ACCOUNTS: [&str; 9] = [
    "sw1", "tm1", "sm1", "iro1", "pa1", "analyst1", "auditor1", "admin1", "bs1",
];

fn demo_password(username: &str) -> String {
    format!("hearth-demo-{username}")
}

pub fn demo(args: &DemoArgs) -> Result<(), Failure> {
    let target = Target {
        db: args.db.clone(),
    };
    let fresh = !std::path::Path::new(&args.db).exists();
    let config = hearth_synth::Config {
        profile: hearth_synth::Profile::named(&args.profile)
            .map_err(|e| Failure(format!("--profile: {e}")))?,
        seed: args.seed,
        years: args.years,
        as_at: crate::synth::today(),
    };
    runtime()?.block_on(async {
        if fresh {
            eprintln!(
                "generating a synthetic local authority ({} profile, {} years) into {} ...",
                args.profile, args.years, args.db
            );
            let mut passwords = Vec::new();
            for username in ACCOUNTS {
                let hash = hearth_app::accounts::hash_password(&demo_password(username)).await?;
                passwords.push((username, hash));
            }
            let calendar = hearth_domain::calendar::WorkingDayCalendar::england_and_wales();
            let loaded = crate::synth::load(&target, config, &calendar, &passwords, true).await?;
            eprintln!(
                "loaded {} children ({} events) and {} staff",
                loaded.children, loaded.events, loaded.staff
            );
        } else {
            eprintln!("reusing the demo database {}", args.db);
        }
        let db = target.open().await?;
        println!("Hearth demo: http://{}/", args.bind);
        for username in ACCOUNTS {
            let role = match db.user_by_username(username).await? {
                Some(id) => db.actor(id).await?.map_or("unknown", |a| a.role.as_str()),
                None => continue,
            };
            println!(
                "user: {username}  role: {role}  password: {}",
                demo_password(username)
            );
        }
        // The demo is tried from this machine (and its browser tests run
        // there): loopback is not limited; other addresses are, by default.
        let limits = hearth_web::limits::Limits {
            exempt_loopback: true,
            ..hearth_web::limits::Limits::default()
        };
        listen(services(db), &args.bind, limits).await
    })
}
