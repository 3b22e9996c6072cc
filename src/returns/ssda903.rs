//! `hearth returns ssda903`: the children looked after return (SSDA903) for
//! a collection year, made from every child's record and written as the
//! set of CSV files the DfE's upload takes.

use std::path::PathBuf;
use std::time::Instant;

use hearth_returns::CollectionYear;
use hearth_returns::ssda903::{Builder, Table, write_dir};

use crate::Failure;
use crate::db::Target;

#[derive(clap::Args)]
pub struct Ssda903Args {
    /// The collection year, 1 April to 31 March: 2025-26 or 2026-27.
    #[arg(long, value_name = "YYYY-YY")]
    pub year: CollectionYear,
    /// The folder to write the CSV files into (made if need be; files of
    /// the same names are replaced).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub target: Target,
}

/// Reads every child's ledger, makes the return as at the year's 31 March
/// and writes its files. A child whose ledger does not fold is left out
/// and named by their LA child id (never their name); the return is still
/// written.
pub async fn run(args: Ssda903Args) -> Result<(), Failure> {
    let started = Instant::now();
    let db = args.target.open().await?;
    let registrations = hearth_app::data_quality::registrations(&db)
        .await
        .map_err(|e| Failure(format!("{}: {e}", args.target.db)))?;
    let mut builder = Builder::new(args.year).with_registrations(registrations);
    let population = hearth_store::Population::LookedAfter;
    let read = db
        .for_each_ledger_of(&population, |child, events| {
            builder.add(&hearth_app::data_quality::returns_source(child, events));
        })
        .await;
    db.close().await;
    let children = read.map_err(|e| Failure(format!("{}: {e}", args.target.db)))?;
    let built = builder.finish();
    write_dir(&built.return_903, &args.out)
        .map_err(|e| Failure(format!("{}: {e}", args.out.display())))?;
    for (child, refusal) in &built.refused {
        eprintln!(
            "child {child} left out: their record does not fold ({} problem(s))",
            refusal.problems.len()
        );
    }
    let rows: Vec<String> = Table::in_year(args.year)
        .map(|t| format!("{} {}", t.file_name(), built.return_903.rows(t)))
        .collect();
    eprintln!(
        "SSDA903 {} from {children} children in {:.2} s: {}",
        args.year,
        started.elapsed().as_secs_f64(),
        rows.join(", ")
    );
    eprintln!("written to {}", args.out.display());
    Ok(())
}
