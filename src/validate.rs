//! `hearth validate cin FILE.xml`: the DfE's rules on a return made by any
//! system.
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
    }
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
