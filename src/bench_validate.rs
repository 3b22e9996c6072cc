//! `hearth bench validate`: the statutory returns made from a database and
//! checked by Hearth's rules, each step a whole process timed with its peak
//! memory; then the community validators (csc-validator-be-cin and -903,
//! through tools/parity) on the same files, side by side, with the ratio
//! and whether the findings agree child by rule. A benchmark: it prints
//! figures and asserts nothing about time.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

use crate::Failure;

/// The environment variable that makes `hearth` and the parity harness
/// print their peak memory (VmHWM or ru_maxrss, KiB) to standard error on
/// exit.
pub const REPORT_PEAK: &str = "HEARTH_REPORT_PEAK";

/// Prints this process's peak memory to standard error, if asked.
pub fn report_peak_if_asked() {
    if std::env::var_os(REPORT_PEAK).is_some()
        && let Some(kib) = crate::bench::peak_memory_kib()
    {
        eprintln!("peak memory KiB: {kib}");
    }
}

/// One step's whole-process time and peak memory.
struct Step {
    seconds: f64,
    peak_kib: Option<u64>,
}

/// Runs a command to completion, timing it; its peak memory is the figure
/// it prints itself.
fn step(what: &str, command: &mut Command) -> Result<Step, Failure> {
    timed(what, command, None)
}

fn mib(step: &Step) -> String {
    step.peak_kib
        .map_or_else(|| "?".to_owned(), |k| format!("{:.0}", k as f64 / 1024.0))
}

/// (rule, child) pairs of a findings file.
fn pairs(path: &Path) -> Result<BTreeSet<(String, String)>, Failure> {
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    Ok(value
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| {
                    (
                        f["rule"].as_str().unwrap_or("").to_owned(),
                        f["child"].as_str().unwrap_or("").to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default())
}

/// Measures the returns of the database `db` for `year`, in `work`.
pub fn run(
    db: &str,
    year: &str,
    la: &str,
    parity: &Path,
    work: &Path,
    providers: Option<&Path>,
) -> Result<(), Failure> {
    let providers = providers.map(|p| p.display().to_string());
    let me = std::env::current_exe().map_err(|e| Failure(format!("this program: {e}")))?;
    let hearth = |args: &[&str]| {
        let mut c = Command::new(&me);
        c.args(args);
        c
    };
    let path = |name: &str| work.join(name).display().to_string();
    let (cin, dir903, places) = (path("cin.xml"), path("ssda903"), path("places.csv"));

    println!("returns for {year} from {db}");
    let made_cin = step(
        "hearth returns cin",
        &mut hearth(&["returns", "cin", "--year", year, "--out", &cin, "--db", db]),
    )?;
    let made_903 = step(
        "hearth returns ssda903",
        &mut hearth(&[
            "returns", "ssda903", "--year", year, "--out", &dir903, "--db", db,
        ]),
    )?;
    // The postcode directory for the placement rules, from the community
    // validator's own (made once, not timed).
    let run_sh = parity.join("run.sh");
    let community = run_sh.is_file();
    if community {
        step(
            "tools/parity/run.sh places",
            Command::new(&run_sh)
                .args(["places", &places, &dir903])
                .args(providers.iter()),
        )?;
    }
    let json = |name: &str| work.join(name);
    let mut validate_903 = vec!["validate", "ssda903", &dir903, "--year", year, "--json"];
    if community {
        validate_903.extend(["--la", la, "--postcodes", &places]);
    }
    if let Some(list) = &providers {
        validate_903.extend(["--providers", list]);
    }
    let ours_cin = run_to(
        "hearth validate cin",
        hearth(&["validate", "cin", &cin, "--year", year, "--json"]),
        &json("cin.hearth.json"),
    )?;
    let ours_903 = run_to(
        "hearth validate ssda903",
        hearth(&validate_903),
        &json("903.hearth.json"),
    )?;

    println!(
        "{:<44} {:>9} {:>9}",
        "step (whole process)", "seconds", "peak MiB"
    );
    for (what, s) in [
        ("hearth returns cin (from the database)", &made_cin),
        ("hearth returns ssda903 (from the database)", &made_903),
        ("hearth validate cin", &ours_cin),
        ("hearth validate ssda903", &ours_903),
    ] {
        println!("{what:<44} {:>9.3} {:>9}", s.seconds, mib(s));
    }
    let total = made_cin.seconds + made_903.seconds + ours_cin.seconds + ours_903.seconds;
    println!("{:<44} {total:>9.3}", "both returns made and validated");

    if !community {
        println!(
            "community validators not run: {} not found (run from the repository)",
            run_sh.display()
        );
        return Ok(());
    }
    let theirs_cin = run_to(
        "community CIN validator",
        {
            let mut c = Command::new(&run_sh);
            c.args(["cin", &cin, "--year", year, "--out"])
                .arg(json("cin.community.json"));
            c
        },
        &work.join("cin.community.out"),
    )?;
    let theirs_903 = run_to(
        "community SSDA903 validator",
        {
            let mut c = Command::new(&run_sh);
            c.args(["ssda903", &dir903, "--year", year, "--la", la, "--out"])
                .arg(json("903.community.json"));
            if let Some(list) = &providers {
                c.args(["--providers", list]);
            }
            c
        },
        &work.join("903.community.out"),
    )?;
    for (name, ours, theirs, ours_json, theirs_json) in [
        (
            "CIN census",
            &ours_cin,
            &theirs_cin,
            "cin.hearth.json",
            "cin.community.json",
        ),
        (
            "SSDA903",
            &ours_903,
            &theirs_903,
            "903.hearth.json",
            "903.community.json",
        ),
    ] {
        let a = pairs(&json(ours_json))?;
        let b = pairs(&json(theirs_json))?;
        println!(
            "{name}: community {:.3} s, {} MiB; Hearth {:.3} s, {} MiB; {:.0}x faster; \
             child-rule findings: {} agree, {} Hearth only, {} community only",
            theirs.seconds,
            mib(theirs),
            ours.seconds,
            mib(ours),
            theirs.seconds / ours.seconds.max(1e-9),
            a.intersection(&b).count(),
            a.difference(&b).count(),
            b.difference(&a).count(),
        );
    }
    Ok(())
}

/// Runs a command with its standard output into `out`, timed.
fn run_to(what: &str, mut command: Command, out: &Path) -> Result<Step, Failure> {
    timed(what, &mut command, Some(out))
}

/// Runs a command to completion (standard output into `out`, if given),
/// timed as a whole process, with the peak memory it reports. A status
/// other than 0 or 1 (1: a validator found errors) is a failure naming the
/// command.
fn timed(what: &str, command: &mut Command, out: Option<&Path>) -> Result<Step, Failure> {
    if let Some(out) = out {
        let file =
            std::fs::File::create(out).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
        command.stdout(file);
    } else {
        command.stdout(std::process::Stdio::null());
    }
    command.env(REPORT_PEAK, "1");
    let started = Instant::now();
    let output = command
        .stderr(std::process::Stdio::piped())
        .output()
        .map_err(|e| Failure(format!("{what}: {e}")))?;
    let seconds = started.elapsed().as_secs_f64();
    let code = output.status.code().unwrap_or(-1);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !(0..=1).contains(&code) {
        return Err(Failure(format!(
            "{what} failed ({code}): {}",
            stderr.trim()
        )));
    }
    let peak_kib = stderr
        .lines()
        .filter_map(|l| l.strip_prefix("peak memory KiB: "))
        .filter_map(|n| n.trim().parse().ok())
        .max();
    Ok(Step { seconds, peak_kib })
}
