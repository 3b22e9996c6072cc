//! `hearth validate cin FILE.xml` and `hearth validate ssda903 DIR`: the
//! DfE's rules on a return made by any system.
//!
//! Exit status: 0 when there is no error (queries may remain), 1 when a rule
//! finds an error, 2 when the file cannot be read (the message names the
//! file, line and element).

use std::io::Write;
use std::path::PathBuf;

use hearth_returns::{CollectionYear, Finding, Severity, cin};

use crate::Failure;

#[derive(clap::Subcommand)]
pub enum Command {
    /// Check a CIN census XML file against the DfE's rules.
    Cin(CinArgs),
    /// Check a folder of SSDA903 CSV files against the DfE's rules.
    Ssda903(Ssda903Args),
}

#[derive(clap::Args)]
pub struct Ssda903Args {
    /// The folder holding the CSV files (header.csv, episodes.csv, ...).
    dir: PathBuf,
    /// The collection year whose rules apply, e.g. 2025-26 (default: the
    /// latest year to have ended before today).
    #[arg(long, value_name = "YEAR")]
    year: Option<String>,
    /// The ONS code of the authority making the return (e.g. E06000002),
    /// for the rules on placements in and out of the authority; with
    /// --postcodes.
    #[arg(long, value_name = "CODE", requires = "postcodes")]
    la: Option<String>,
    /// A postcode directory as CSV (postcode,authority,easting,northing),
    /// for the rules on where children are placed; with --la.
    #[arg(long, value_name = "FILE", requires = "la")]
    postcodes: Option<PathBuf>,
    /// Ofsted's combined list of children's homes and social care
    /// providers (the .xlsx workbook), for the rules on each placement's
    /// URN (219, 221, 224, 227, 228, 1008; 229 with --la and --postcodes).
    #[arg(long, value_name = "FILE.xlsx")]
    providers: Option<PathBuf>,
    /// Last year's return (a folder of the same files), for the rules that
    /// compare with it.
    #[arg(long, value_name = "DIR")]
    last: Option<PathBuf>,
    /// Print the findings as a JSON array of
    /// {"rule", "child", "field", "message", "kind"}.
    #[arg(long)]
    json: bool,
}

#[derive(clap::Args)]
pub struct CinArgs {
    /// The census file (XML).
    file: PathBuf,
    /// The collection year whose rules apply, e.g. 2025-26 (default: the
    /// year whose 31 March is the file's ReferenceDate).
    #[arg(long, value_name = "YEAR")]
    year: Option<String>,
    /// Print the findings as a JSON array of
    /// {"rule", "child", "field", "message", "kind"}.
    #[arg(long)]
    json: bool,
}

pub fn run(command: &Command) -> Result<(), Failure> {
    match command {
        Command::Cin(args) => cin(args),
        Command::Ssda903(args) => ssda903(args),
    }
}

fn ssda903(args: &Ssda903Args) -> Result<(), Failure> {
    use hearth_returns::ssda903::{read_dir, rules};
    let year = match args.year.as_deref() {
        Some(text) => text.parse::<CollectionYear>()?,
        None => latest_ended_year()?,
    };
    let file = read_dir(&args.dir, year)?;
    let last = args
        .last
        .as_deref()
        // Last year's files are read with last year's code lists where
        // Hearth knows them, else with this year's.
        .map(|dir| read_dir(dir, year.previous().unwrap_or(year)))
        .transpose()?;
    let places = args
        .postcodes
        .as_deref()
        .map(|path| {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            rules::PlaceTable::from_csv(&text)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))
        })
        .transpose()?;
    let providers = args.providers.as_deref().map(read_providers).transpose()?;
    let mut ret = rules::Return903::new(&file);
    if let Some(providers) = &providers {
        ret = ret.with_providers(providers);
    }
    if let Some(last) = &last {
        ret = ret.with_last_year(last);
    }
    if let (Some(la), Some(places)) = (args.la.as_deref(), &places) {
        ret = ret.with_places(la, places);
    }
    // A whole authority's return: the rules on every core.
    let threads = std::thread::available_parallelism().map_or(1, usize::from);
    let report_ = rules::validate_on(&ret, threads);
    if !report_.not_run.is_empty() {
        let mut why: Vec<&str> = report_.not_run.iter().map(|(_, why)| *why).collect();
        why.sort_unstable();
        why.dedup();
        let codes: Vec<&str> = report_.not_run.iter().map(|(code, _)| *code).collect();
        eprintln!(
            "{} rules not run ({}): {}",
            codes.len(),
            why.join("; "),
            codes.join(" ")
        );
    }
    report(
        &report_.findings,
        args.json,
        &args.dir.display().to_string(),
        year,
    )?;
    if report_.findings.iter().any(|f| f.kind == Severity::Error) {
        crate::bench_validate::report_peak_if_asked();
        std::process::exit(1);
    }
    Ok(())
}

/// Ofsted's list of registered providers from its workbook; a file too
/// large to be one is refused before it is read.
pub(crate) fn read_providers(
    path: &std::path::Path,
) -> Result<hearth_returns::ssda903::rules::ProviderTable, Failure> {
    Ok(read_providers_with_bytes(path)?.0)
}

/// As [`read_providers`], with the workbook's bytes (for its SHA-256).
pub(crate) fn read_providers_with_bytes(
    path: &std::path::Path,
) -> Result<(hearth_returns::ssda903::rules::ProviderTable, Vec<u8>), Failure> {
    let failed = |e: &dyn std::fmt::Display| Failure(format!("{}: {e}", path.display()));
    let size = std::fs::metadata(path).map_err(|e| failed(&e))?.len();
    if size > hearth_returns::ssda903::rules::MAX_WORKBOOK_BYTES {
        return Err(failed(&hearth_xlsx::XlsxError::TooLarge(size)));
    }
    let bytes = std::fs::read(path).map_err(|e| failed(&e))?;
    let table =
        hearth_returns::ssda903::rules::ProviderTable::from_xlsx(&bytes).map_err(|e| failed(&e))?;
    Ok((table, bytes))
}

/// The latest collection year Hearth knows that ended before today.
fn latest_ended_year() -> Result<CollectionYear, Failure> {
    let today = jiff::Zoned::now().date();
    CollectionYear::ALL
        .into_iter()
        .rev()
        .find(|year| year.reference_date() < today)
        .ok_or_else(|| Failure("no collection year Hearth knows has ended yet: give --year".into()))
}

fn cin(args: &CinArgs) -> Result<(), Failure> {
    let asked = args
        .year
        .as_deref()
        .map(str::parse::<CollectionYear>)
        .transpose()?;
    let file = cin::read_file(&args.file)?;
    let year = match asked {
        Some(year) => year,
        None => year_of(&file).ok_or_else(|| {
            Failure(format!(
                "{}: the ReferenceDate is not the 31 March of a collection year Hearth knows; \
                 give --year 2025-26 or --year 2026-27",
                args.file.display()
            ))
        })?,
    };
    let findings = cin::validate(&file, year);
    report(&findings, args.json, &args.file.display().to_string(), year)?;
    if findings.iter().any(|f| f.kind == Severity::Error) {
        // Findings are printed; the status says errors were found.
        crate::bench_validate::report_peak_if_asked();
        std::process::exit(1);
    }
    Ok(())
}

/// The year whose reference date the file's header gives.
fn year_of(file: &cin::CinFile) -> Option<CollectionYear> {
    let reference = file.reference_date()?;
    CollectionYear::ALL
        .into_iter()
        .find(|year| year.reference_date() == reference)
}

fn report(
    findings: &[Finding],
    json: bool,
    name: &str,
    year: CollectionYear,
) -> Result<(), Failure> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if json {
        serde_json::to_writer_pretty(&mut out, findings)?;
        writeln!(out)?;
    } else {
        for f in findings {
            let kind = match f.kind {
                Severity::Error => "error",
                Severity::Query => "query",
            };
            let child = if f.child.is_empty() {
                "(return)"
            } else {
                &f.child
            };
            writeln!(out, "{} {kind} {child} {}: {}", f.rule, f.field, f.message)?;
        }
        let errors = findings
            .iter()
            .filter(|f| f.kind == Severity::Error)
            .count();
        let queries = findings.len() - errors;
        writeln!(
            out,
            "{name}: {year} rules: {errors} errors, {queries} queries"
        )?;
    }
    out.flush()?;
    Ok(())
}
