//! `hearth synth calibrate`: the calibration report on many seeds of one
//! profile, generated in memory. A report of one seed is a sample: its
//! tolerances are three standard errors (widened by the design effect
//! measured on its families), so about one seed in twenty may miss a
//! measure by chance, and more than that means the generator, not chance.

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::keys::ChildId;
use hearth_domain::record::ChildRecord;
use hearth_synth::calibration::{Report, Tally, Targets, collection_year, measure, report};
use hearth_synth::{Config, Synth};

use crate::Failure;

#[derive(clap::Args)]
pub struct CalibrateArgs {
    /// small, medium or large.
    #[arg(long, default_value = "small")]
    profile: String,
    /// The first seed.
    #[arg(long, default_value_t = 1)]
    first_seed: u64,
    /// How many seeds, from the first.
    #[arg(long, default_value_t = 20)]
    seeds: u64,
    /// Years of casework up to the as-at date.
    #[arg(long, default_value_t = 6)]
    years: u32,
    /// The last day of the history.
    #[arg(long, value_name = "DATE", default_value = "2026-11-30")]
    as_at: String,
    /// Seeds generated at once (each on a thread of its own).
    #[arg(long, default_value_t = 2)]
    jobs: usize,
}

/// One measure over the seeds.
struct OverSeeds {
    id: String,
    target: f64,
    /// The values generated, summed (for the mean).
    sum: f64,
    /// The largest design effect measured.
    widest: f64,
    /// Seeds outside its tolerance.
    outside: u64,
}

/// Generates `config` in memory and measures it.
fn one_seed(
    config: Config,
    targets: &Targets,
    calendar: &WorkingDayCalendar,
) -> Result<Report, String> {
    let synth = Synth::new(config, calendar).map_err(|e| e.to_string())?;
    let year = collection_year(config.as_at);
    let mut tally = Tally::default();
    for (n, child) in synth.enumerate() {
        // Record numbers are the order the children are generated in.
        let id = ChildId(n as i64 + 1);
        let record = ChildRecord::fold(&child.events, config.as_at)
            .map_err(|refusal| format!("child {}: {refusal}", id.0))?;
        measure(&mut tally, id, &record, year, config.as_at, calendar);
    }
    Ok(report(
        targets,
        &tally,
        year,
        config.profile.population,
        config.profile.need,
    ))
}

pub fn run(args: &CalibrateArgs) -> Result<(), Failure> {
    let profile = hearth_synth::Profile::named(&args.profile)
        .map_err(|e| Failure(format!("--profile: {e}")))?;
    if profile.streamed {
        return Err(Failure(format!(
            "--profile {}: too large to calibrate seed by seed; give small, medium or large",
            args.profile
        )));
    }
    if args.seeds == 0 {
        return Err(Failure("--seeds: give at least 1".into()));
    }
    let as_at = crate::parse_date("--as-at", &args.as_at)?;
    let calendar = WorkingDayCalendar::england_and_wales();
    let targets = Targets::shipped().map_err(Failure)?;
    let seeds: Vec<u64> = (args.first_seed..).take(args.seeds as usize).collect();
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results = std::sync::Mutex::new(Vec::new());
    std::thread::scope(|scope| {
        for _ in 0..args.jobs.clamp(1, seeds.len()) {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    let Some(&seed) = seeds.get(i) else { break };
                    let config = Config {
                        profile,
                        seed,
                        years: args.years,
                        as_at,
                    };
                    let result = one_seed(config, &targets, &calendar);
                    if let Ok(mut all) = results.lock() {
                        all.push((seed, result));
                    }
                }
            });
        }
    });
    let mut results = results
        .into_inner()
        .map_err(|_| Failure("a seed's thread failed".into()))?;
    results.sort_by_key(|(seed, _)| *seed);
    let mut passed = 0;
    let mut measures: Vec<OverSeeds> = Vec::new();
    for (seed, result) in &results {
        let r = result
            .as_ref()
            .map_err(|e| Failure(format!("seed {seed}: {e}")))?;
        for l in &r.lines {
            let i = match measures.iter().position(|m| m.id == l.id) {
                Some(i) => i,
                None => {
                    measures.push(OverSeeds {
                        id: l.id.clone(),
                        target: l.target,
                        sum: 0.0,
                        widest: 0.0,
                        outside: 0,
                    });
                    measures.len() - 1
                }
            };
            let m = &mut measures[i];
            m.sum += l.value;
            m.widest = m.widest.max(l.design_effect);
            m.outside += u64::from(!l.ok);
        }
        let failures = r.failures();
        if failures.is_empty() {
            passed += 1;
            println!(
                "seed {seed}: all {} measures within tolerance",
                r.lines.len()
            );
        } else {
            let what: Vec<String> = failures
                .iter()
                .map(|l| {
                    format!(
                        "{} {:.4} against {:.4} ± {:.4} (deff {:.2})",
                        l.id, l.value, l.target, l.tolerance, l.design_effect
                    )
                })
                .collect();
            println!("seed {seed}: outside: {}", what.join("; "));
        }
    }
    let n = results.len() as u64;
    println!(
        "{:<22} {:>10} {:>10} {:>9} {:>8}",
        "measure", "target", "mean", "max deff", "outside"
    );
    for m in &measures {
        println!(
            "{:<22} {:>10.3} {:>10.3} {:>9.2} {:>8}",
            m.id,
            m.target,
            m.sum / n as f64,
            m.widest,
            m.outside
        );
    }
    println!(
        "{}: {passed} of {n} seeds pass ({} to {})",
        profile.name,
        args.first_seed,
        args.first_seed + n - 1
    );
    // One seed in twenty may miss by chance (three standard errors on
    // about forty measures).
    let allowed = n / 20;
    if n - passed > allowed {
        return Err(Failure(format!(
            "{} seeds of {n} fail; at most {allowed} may",
            n - passed
        )));
    }
    Ok(())
}
