//! `hearth returns`: the DfE statutory returns written from the record.
//!
//! `hearth returns cin --year 2025-26 --out FILE.xml` reads every child's
//! details and ledger, writes the children in need census for that
//! collection year, and prints how many children it holds and the file's
//! SHA-256, so that what was sent to the DfE can be matched to what Hearth
//! wrote.

use std::path::PathBuf;

use hearth_returns::CollectionYear;
use hearth_returns::cin::from_record::{self, Software};

mod ssda903;

use crate::Failure;
use crate::db::{Target, runtime};

#[derive(clap::Subcommand)]
pub enum Command {
    /// The children in need census (XML) for one collection year.
    Cin(CinArgs),
    /// The children looked after return (SSDA903 CSV files) for one
    /// collection year.
    Ssda903(ssda903::Ssda903Args),
    /// Runs the DfE's rules on the whole authority's returns (both, as
    /// they would be written now) and stores every finding for the data
    /// quality page, as the nightly run does.
    Check(CheckArgs),
    /// Keeps Ofsted's list of registered providers (its combined
    /// workbook): from then on the whole-authority check (this command's
    /// `check`, the nightly run and the data quality page) runs the
    /// SSDA903's rules on each placement's URN against it.
    Providers(ProvidersArgs),
}

#[derive(clap::Args)]
pub struct ProvidersArgs {
    /// Ofsted's combined list of children's homes and social care
    /// providers (.xlsx).
    #[arg(value_name = "FILE.xlsx")]
    pub file: PathBuf,
    #[command(flatten)]
    pub target: Target,
}

#[derive(clap::Args)]
pub struct CheckArgs {
    /// The collection year (2025-26 or 2026-27); every year begun by
    /// today when not given.
    #[arg(long, value_name = "YYYY-YY")]
    pub year: Option<CollectionYear>,
    #[command(flatten)]
    pub target: Target,
}

#[derive(clap::Args)]
pub struct CinArgs {
    /// The collection year: 2025-26 or 2026-27.
    #[arg(long, value_name = "YEAR")]
    pub year: String,
    /// The XML file to write (replaced if it exists).
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
    /// The authority's DfE LA number (three digits), for a database that
    /// does not hold it; it takes the place of the one the database holds.
    #[arg(long, value_name = "NNN", value_parser = la_number)]
    pub la_number: Option<u16>,
    #[command(flatten)]
    pub target: Target,
}

/// A DfE LA number: three digits, as the census header writes it.
fn la_number(text: &str) -> Result<u16, String> {
    match text.parse::<u16>() {
        Ok(n) if text.len() == 3 && n > 0 => Ok(n),
        _ => Err(format!(
            "{text:?} is not a DfE LA number (three digits, such as 806)"
        )),
    }
}

pub fn run(command: Command) -> Result<(), Failure> {
    match command {
        Command::Cin(args) => cin(&args),
        Command::Ssda903(args) => runtime()?.block_on(ssda903::run(args)),
        Command::Check(args) => runtime()?.block_on(check(args)),
        Command::Providers(args) => runtime()?.block_on(providers(args)),
    }
}

fn cin(args: &CinArgs) -> Result<(), Failure> {
    let year: CollectionYear = args.year.parse()?;
    let (file, children) = runtime()?.block_on(async {
        let db = args.target.open().await?;
        let held = db.local_authority().await?.and_then(|la| la.dfe_la_number);
        let Some(la_number) = args.la_number.or(held) else {
            return Err(Failure(format!(
                "{}: the database holds no DfE LA number for the authority, which the census \
                 header (LEA) needs: give it with --la-number",
                args.target.db
            )));
        };
        // Each child is folded as they are read, so memory holds the
        // census, not every ledger.
        let mut census = from_record::Census::new(year);
        let mut problem = None;
        let population = hearth_store::Population::ChildrenInNeed {
            start: year.start(),
            end: year.reference_date(),
        };
        db.for_each_ledger_of(&population, |child, events| {
            if problem.is_some() {
                return;
            }
            let source = hearth_app::data_quality::returns_source(child, events);
            if let Err(e) = census.add(&source) {
                problem = Some(e);
            }
        })
        .await?;
        db.close().await;
        if let Some(e) = problem {
            return Err(Failure(format!("{}: {e}", args.target.db)));
        }
        let software = Software {
            la_number,
            release: env!("CARGO_PKG_VERSION").to_owned(),
            written_at: hearth_domain::london::local(jiff::Timestamp::now()),
        };
        let census = census.finish(&software);
        let children = census.children.len();
        Ok((census, children))
    })?;
    let xml = hearth_returns::cin::write::to_xml(&file, year);
    std::fs::write(&args.out, xml.as_bytes())
        .map_err(|e| Failure(format!("{}: {e}", args.out.display())))?;
    println!(
        "{}: CIN census {year}, {children} children, SHA-256 {}",
        args.out.display(),
        hearth_app::attachments::sha256_hex(xml.as_bytes())
    );
    Ok(())
}

/// The collection years begun by `today`, the latest last.
pub fn years_begun(today: jiff::civil::Date) -> Vec<CollectionYear> {
    CollectionYear::ALL
        .into_iter()
        .filter(|y| y.start() <= today)
        .collect()
}

async fn providers(args: ProvidersArgs) -> Result<(), Failure> {
    let (table, bytes) = crate::validate::read_providers_with_bytes(&args.file)?;
    let sha256 = hearth_app::attachments::sha256_hex(&bytes);
    let db = args.target.open().await?;
    let kept = hearth_app::data_quality::import_providers(
        &db,
        &table,
        &sha256,
        None,
        jiff::Timestamp::now(),
    )
    .await;
    db.close().await;
    let kept = kept.map_err(|e| Failure(format!("{}: {e}", args.file.display())))?;
    eprintln!(
        "{}: {kept} providers kept (SHA-256 {sha256}); the next check of the returns runs the rules on each placement's URN against them",
        args.file.display()
    );
    Ok(())
}

async fn check(args: CheckArgs) -> Result<(), Failure> {
    let started = std::time::Instant::now();
    let now = jiff::Timestamp::now();
    let years = match args.year {
        Some(y) => vec![y],
        None => years_begun(hearth_domain::london::today(now)),
    };
    let db = args.target.open().await?;
    let checked = hearth_app::data_quality::check_authority(&db, &years, None, now).await;
    db.close().await;
    let checked = checked.map_err(|e| Failure(format!("{}: {e}", args.target.db)))?;
    for c in &checked {
        println!(
            "{}: check {}, {} records read, {} children in the CIN census, {} in the SSDA903, {} findings, {} records that cannot be read as a return",
            c.year, c.check, c.children, c.in_cin, c.in_ssda903, c.findings, c.unreadable
        );
    }
    eprintln!("checked in {:.2} s", started.elapsed().as_secs_f64());
    Ok(())
}
