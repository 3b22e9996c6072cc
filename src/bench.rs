//! `hearth bench fold`: folds a generated population and computes every
//! child's obligations on one core, and prints events per second and peak
//! memory. `hearth bench synth`: the synthetic authority's generator and
//! load. Benchmarks, not tests: they assert nothing about time.

use std::time::Instant;

use clap::Subcommand;
use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::events::Event;
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::{Policy, obligations};

use crate::{Failure, parse_date};

#[derive(Subcommand)]
pub enum Command {
    /// Load on loopback against a generated authority: latency of the
    /// child page, caseload, search and recording, at each concurrency.
    Web {
        /// The synthetic authority to load: small, medium or large.
        #[arg(long, default_value = "medium")]
        profile: String,
        /// Seconds of load at each level.
        #[arg(long, default_value_t = 20)]
        seconds: u64,
        /// An empty database to use (a SQLite path or postgres://...);
        /// by default a new SQLite file, removed afterwards. Given twice
        /// (say a SQLite path and a postgres:// address), both are
        /// measured in turn and compared.
        #[arg(long)]
        db: Vec<String>,
        /// New databases on these engines (sqlite, postgres), measured in
        /// turn and compared; PostgreSQL's on the server that
        /// HEARTH_BENCH_POSTGRES_URL names. Removed afterwards.
        #[arg(long, value_delimiter = ',')]
        engines: Vec<String>,
        /// The databases given with --db already hold this profile, loaded
        /// by an earlier run with the bench's passwords: measure them as
        /// they are (they keep the visits recorded).
        #[arg(long, requires = "db")]
        reuse: bool,
        /// Each user's pause between operations, in milliseconds on
        /// average (exponentially distributed): the time a person takes to
        /// read a page. 0 is a closed loop that finds the server's ceiling.
        #[arg(long, default_value_t = 0)]
        think_ms: u64,
        /// Concurrent users, one run each.
        #[arg(long, value_delimiter = ',', default_value = "50,100,200")]
        users: Vec<usize>,
    },
    /// The synthetic authority: the generator core's events per second on
    /// one core, and with --load the whole profile into a new SQLite file.
    Synth {
        /// small, medium, large or england.
        #[arg(long, default_value = "large")]
        profile: String,
        /// The generator's seed.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Years of casework.
        #[arg(long, default_value_t = 6)]
        years: u32,
        /// The last day of the history.
        #[arg(long, default_value = "2026-11-30")]
        as_at: String,
        /// Timed passes of the generator (the best is reported).
        #[arg(long, default_value_t = 3)]
        passes: usize,
        /// Also load the profile into a new SQLite file (removed afterwards).
        #[arg(long)]
        load: bool,
    },
    /// The nightly recompute of every child's derived rows, timed: on a
    /// new database loaded with the profile (or one given), two runs: the
    /// first brings the rows up to today, the second finds them so.
    Nightly {
        /// The synthetic authority to load: small, medium or large.
        #[arg(long, default_value = "large")]
        profile: String,
        /// The database to load (empty) or, with --reuse, to use as it is:
        /// a SQLite path or postgres://...; by default a new SQLite file,
        /// removed afterwards.
        #[arg(long)]
        db: Option<String>,
        /// The database given with --db already holds a profile.
        #[arg(long, requires = "db")]
        reuse: bool,
        /// Children per batch.
        #[arg(long, default_value_t = 500)]
        batch: usize,
    },
    /// The CIN census and SSDA903 made from a database and validated by
    /// Hearth, each a whole process with its time and peak memory, beside
    /// the community validators on the same files (run from the
    /// repository, with tools/parity).
    Validate {
        /// The synthetic authority to generate into a new SQLite file
        /// (removed afterwards), unless --db names a database.
        #[arg(long, default_value = "large")]
        profile: String,
        /// A database already holding an authority (SQLite path or
        /// postgres://...).
        #[arg(long)]
        db: Option<String>,
        /// The collection year of the returns.
        #[arg(long, default_value = "2025-26")]
        year: String,
        /// The ONS code of the authority, for the placement rules (default:
        /// the profile's).
        #[arg(long)]
        la: Option<String>,
        /// The parity harness (the community validators' environment).
        #[arg(long, default_value = "tools/parity")]
        parity: std::path::PathBuf,
        /// Keep the returns and each side's findings in this folder
        /// (by default a scratch folder, removed afterwards).
        #[arg(long)]
        keep: Option<std::path::PathBuf>,
        /// Ofsted's list of providers (.xlsx) for the rules on each
        /// placement's URN, given to both sides (default: the profile's own
        /// list when the bench generates the authority; none with --db).
        #[arg(long)]
        providers: Option<std::path::PathBuf>,
    },
    /// Fold a generated population and compute its obligations.
    Fold {
        /// The synthetic authority whose children are folded: small,
        /// medium, large or england.
        #[arg(long, default_value = "large")]
        profile: String,
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
        Command::Web {
            profile,
            seconds,
            db,
            engines,
            reuse,
            think_ms,
            users,
        } => crate::bench_web::run(
            config(&profile, 1, &crate::synth::today().to_string())?,
            seconds.max(1),
            crate::bench_web::targets(db, engines)?,
            reuse,
            think_ms,
            users,
        ),
        Command::Synth {
            profile,
            seed,
            years,
            as_at,
            passes,
            load,
        } => synth(
            hearth_synth::Config {
                years,
                ..config(&profile, seed, &as_at)?
            },
            passes.max(1),
            load,
        ),
        Command::Fold {
            profile,
            seed,
            as_at,
            passes,
        } => fold(config(&profile, seed, &as_at)?, passes.max(1)),
        Command::Validate {
            profile,
            db,
            year,
            la,
            parity,
            keep,
            providers,
        } => validate(&profile, db, &year, la, &parity, keep, providers),
        Command::Nightly {
            profile,
            db,
            reuse,
            batch,
        } => nightly(
            config(&profile, 1, &crate::synth::today().to_string())?,
            db,
            reuse,
            batch,
        ),
    }
}

/// A synthetic authority of six years to `as_at`.
fn config(profile: &str, seed: u64, as_at: &str) -> Result<hearth_synth::Config, Failure> {
    Ok(hearth_synth::Config {
        profile: hearth_synth::Profile::named(profile)
            .map_err(|e| Failure(format!("--profile: {e}")))?,
        seed,
        years: 6,
        as_at: parse_date("--as-at", as_at)?,
    })
}

fn fold(config: hearth_synth::Config, passes: usize) -> Result<(), Failure> {
    let cal = WorkingDayCalendar::england_and_wales();
    let policy = Policy::statutory();
    let as_at = config.as_at;

    let started = Instant::now();
    // The whole authority is held in memory, so peak memory includes it.
    let population: Vec<Vec<Event>> = hearth_synth::Synth::new(config, &cal)
        .map_err(Failure::from)?
        .map(|c| c.events)
        .collect();
    let children = population.len();
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

fn synth(config: hearth_synth::Config, passes: usize, load: bool) -> Result<(), Failure> {
    let cal = WorkingDayCalendar::england_and_wales();
    println!(
        "profile {} (seed {}, {} years to {}), generator on one core:",
        config.profile.name, config.seed, config.years, config.as_at
    );
    let mut best = f64::MAX;
    let (mut children, mut events) = (0u64, 0u64);
    for _ in 0..passes {
        let t = Instant::now();
        let (mut c, mut e) = (0u64, 0u64);
        for child in hearth_synth::Synth::new(config, &cal).map_err(Failure::from)? {
            c += 1;
            e += child.events.len() as u64;
            std::hint::black_box(&child);
        }
        best = best.min(t.elapsed().as_secs_f64());
        (children, events) = (c, e);
    }
    println!("children:              {children:>12}");
    println!("events:                {events:>12}");
    println!(
        "generator:             {:>12.0} events/s  ({best:.3} s, best of {passes})",
        events as f64 / best
    );
    match peak_memory_kib() {
        Some(kib) => println!("peak memory (VmHWM):   {:>12.1} MiB", kib as f64 / 1024.0),
        None => println!("peak memory: not available on this system"),
    }
    if load {
        let dir = std::env::temp_dir().join(format!("hearth-bench-synth-{}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(|e| Failure(format!("{}: {e}", dir.display())))?;
        let db = dir.join("synth.db");
        let target = crate::db::Target {
            db: db.display().to_string(),
        };
        let t = Instant::now();
        let loaded =
            crate::db::runtime()?.block_on(crate::synth::load(&target, config, &cal, &[], false));
        let secs = t.elapsed().as_secs_f64();
        let size = std::fs::metadata(&db).map(|m| m.len()).unwrap_or(0);
        let _ = std::fs::remove_dir_all(&dir);
        let loaded = loaded?;
        println!(
            "load into SQLite:      {secs:>12.1} s  ({:.0} events/s, {} children, {:.0} MiB file; generator and writer on two threads)",
            loaded.events as f64 / secs,
            loaded.children,
            size as f64 / 1_048_576.0
        );
        if let Some(kib) = peak_memory_kib() {
            println!("peak memory (VmHWM):   {:>12.1} MiB", kib as f64 / 1024.0);
        }
    }
    Ok(())
}

fn nightly(
    config: hearth_synth::Config,
    db: Option<String>,
    reuse: bool,
    batch: usize,
) -> Result<(), Failure> {
    let dir = std::env::temp_dir().join(format!("hearth-bench-nightly-{}", std::process::id()));
    let made = db.is_none();
    let target = crate::db::Target {
        db: match db {
            Some(db) => db,
            None => {
                std::fs::create_dir_all(&dir)
                    .map_err(|e| Failure(format!("{}: {e}", dir.display())))?;
                dir.join("nightly.db").display().to_string()
            }
        },
    };
    let cal = WorkingDayCalendar::england_and_wales();
    let result = crate::db::runtime()?.block_on(async {
        if !reuse {
            let t = Instant::now();
            let loaded = crate::synth::load(&target, config, &cal, &[], true).await?;
            println!(
                "loaded {} children ({} events) in {:.1} s",
                loaded.children,
                loaded.events,
                t.elapsed().as_secs_f64()
            );
        }
        let db = target.open().await?;
        let options = hearth_store::NightlyOptions {
            batch: batch.max(1),
            ..hearth_store::NightlyOptions::new(crate::nightly::holder())
        };
        // Two scheduled moments a day apart, in the past, so each is a new
        // run: the first writes what a day has changed (rows derived when
        // loaded, or last run, as at an earlier day), the second little.
        let now = jiff::Timestamp::now();
        let night = crate::nightly::latest_scheduled(now, jiff::civil::Time::constant(1, 0, 0, 0));
        let day = jiff::SignedDuration::from_hours(24);
        // Each after any run already made (a reused database), or it
        // would be found done.
        let first = match db.nightly_state().await?.completed_for {
            Some(done) if done >= night - day => done + day,
            _ => night - day,
        };
        for (label, scheduled) in [("first run", first), ("second run", first + day)] {
            let t = Instant::now();
            let outcome = crate::nightly::run_once(&db, scheduled, &options, false, false).await?;
            let secs = t.elapsed().as_secs_f64();
            match outcome {
                hearth_store::Nightly::Completed(n) => println!(
                    "nightly {label}: {secs:>8.1} s  ({} children, {:.0} children/s, {} batches of {}, {} rows written, {} not derived)",
                    n.children,
                    n.children as f64 / secs,
                    n.batches,
                    options.batch,
                    n.rows,
                    n.failed
                ),
                other => println!("nightly {label}: {other:?}"),
            }
        }
        db.close().await;
        Ok::<(), Failure>(())
    });
    if made {
        let _ = std::fs::remove_dir_all(&dir);
    }
    result
}

pub fn peak_memory_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// `bench validate`: a database with the profile (made here unless given),
/// then [`crate::bench_validate::run`] in a scratch folder.
fn validate(
    profile: &str,
    db: Option<String>,
    year: &str,
    la: Option<String>,
    parity: &std::path::Path,
    keep: Option<std::path::PathBuf>,
    providers: Option<std::path::PathBuf>,
) -> Result<(), Failure> {
    let config = config(profile, 1, "2026-11-30")?;
    let la = la.unwrap_or_else(|| config.profile.ons_code.to_owned());
    let dir = std::env::temp_dir().join(format!("hearth-bench-validate-{}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| Failure(format!("{}: {e}", dir.display())))?;
    let work = keep.clone().unwrap_or_else(|| dir.clone());
    std::fs::create_dir_all(&work).map_err(|e| Failure(format!("{}: {e}", work.display())))?;
    let result = (|| {
        let mut providers = providers.clone();
        let db = match db {
            Some(db) => db,
            None => {
                let list = work.join("providers.xlsx");
                crate::synth::write_providers(&config.profile, config.seed, &list)?;
                providers = Some(list);
                let target = crate::db::Target {
                    db: dir.join("authority.db").display().to_string(),
                };
                let cal = WorkingDayCalendar::england_and_wales();
                println!("loading the {profile} profile into {}", target.db);
                crate::db::runtime()?.block_on(crate::synth::load(
                    &target,
                    config,
                    &cal,
                    &[],
                    false,
                ))?;
                target.db
            }
        };
        crate::bench_validate::run(&db, year, &la, parity, &work, providers.as_deref())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result
}
