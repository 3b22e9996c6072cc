//! `hearth synth`: generates a synthetic local authority into a new
//! database or into event files, and `hearth synth report` checks a
//! generated authority against its calibration targets.

use std::io::Write;
use std::path::{Path, PathBuf};

use hearth_domain::calendar::WorkingDayCalendar;
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::Policy;
use hearth_store::{Db, LocalAuthority, NewChild, NewUser, Restriction, SyntheticOrigin};
use hearth_synth::calibration::{Tally, Targets, collection_year, measure, report};
use hearth_synth::{Config, Profile, Synth, SynthChild, Workforce};

use crate::Failure;
use crate::db::{Target, runtime};

#[derive(clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct SynthArgs {
    #[command(subcommand)]
    command: Option<SynthCommand>,
    #[command(flatten)]
    generate: GenerateArgs,
}

#[derive(clap::Subcommand)]
enum SynthCommand {
    /// Each calibrated measure of a generated authority: target, generated
    /// value and tolerance. Exits non-zero if any is outside.
    Report(ReportArgs),
    /// The calibration report on many seeds of a profile, generated in
    /// memory, with the design effect measured on each: exits non-zero if
    /// more than one seed in twenty misses a measure.
    Calibrate(crate::calibrate::CalibrateArgs),
    /// Ofsted's list of the area's registered providers, which the
    /// generated placements are made through, as the combined workbook
    /// `hearth validate ssda903 --providers` reads.
    Providers(ProvidersArgs),
}

#[derive(clap::Args)]
struct ProvidersArgs {
    /// small, medium or large.
    #[arg(long, default_value = "medium")]
    profile: String,
    /// The seed the authority was generated with.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// The workbook to write (.xlsx).
    #[arg(long, value_name = "FILE.xlsx")]
    out: PathBuf,
}

#[derive(clap::Args, Clone)]
pub struct GenerateArgs {
    /// small (20,000 children aged 0-17, high need), medium (60,000),
    /// large (260,000, lower need) or england (12 million, to files only).
    #[arg(long, default_value = "medium")]
    pub profile: String,
    /// The same seed and arguments give byte-identical data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Years of casework up to the as-at date.
    #[arg(long, default_value_t = 6)]
    pub years: u32,
    /// The last day of the history (default: today).
    #[arg(long, value_name = "DATE")]
    pub as_at: Option<String>,
    /// A new database to load: a SQLite file that does not exist yet, or an
    /// empty postgres:// database.
    #[arg(long, value_name = "PATH|URL", conflicts_with = "out")]
    pub db: Option<String>,
    /// A new folder for event files (JSON lines), instead of a database.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A newer GOV.UK bank-holidays.json.
    #[arg(long, value_name = "FILE")]
    pub holidays: Option<PathBuf>,
}

#[derive(clap::Args)]
struct ReportArgs {
    #[command(flatten)]
    target: Target,
    /// A newer GOV.UK bank-holidays.json.
    #[arg(long, value_name = "FILE")]
    holidays: Option<PathBuf>,
}

pub fn run(args: &SynthArgs) -> Result<(), Failure> {
    match &args.command {
        Some(SynthCommand::Report(r)) => report_command(r),
        Some(SynthCommand::Calibrate(c)) => crate::calibrate::run(c),
        Some(SynthCommand::Providers(p)) => providers(p),
        None => generate(&args.generate),
    }
}

/// Writes the area's register as Ofsted's combined list of children's
/// homes and social care providers: one sheet, one row a provider.
fn providers(a: &ProvidersArgs) -> Result<(), Failure> {
    let profile = Profile::named(&a.profile).map_err(|e| Failure(format!("--profile: {e}")))?;
    let n = write_providers(&profile, a.seed, &a.out)?;
    eprintln!(
        "{}: {n} registered providers of the {} profile, seed {}",
        a.out.display(),
        profile.name,
        a.seed
    );
    Ok(())
}

/// Writes a profile's register as Ofsted's combined workbook; returns how
/// many providers it lists.
pub fn write_providers(profile: &Profile, seed: u64, out: &Path) -> Result<usize, Failure> {
    use hearth_xlsx::Cell;
    let register = hearth_synth::register::Register::of(profile, seed);
    let text = |s: &str| Cell::Text(s.to_owned());
    let mut rows = vec![
        std::iter::once("Provider type")
            .chain(hearth_returns::ssda903::rules::HEADINGS)
            .map(text)
            .collect::<Vec<_>>(),
    ];
    for r in register.providers() {
        rows.push(vec![
            text(r.provider_type()),
            text(&r.urn),
            text(&r.authority),
            text(&r.place_codes().join(",")),
            text(r.provider.as_code()),
            r.deregistered.map_or(Cell::Empty, Cell::Date),
            text(r.postcode.as_ref()),
        ]);
    }
    let bytes = hearth_xlsx::write_sheet("Providers", &rows)
        .map_err(|e| Failure(format!("{}: {e}", out.display())))?;
    std::fs::write(out, bytes).map_err(|e| Failure(format!("{}: {e}", out.display())))?;
    Ok(register.providers().len())
}

/// Today in England.
pub fn today() -> jiff::civil::Date {
    hearth_domain::london::today(jiff::Timestamp::now())
}

fn config(a: &GenerateArgs) -> Result<Config, Failure> {
    let profile = Profile::named(&a.profile).map_err(|e| Failure(format!("--profile: {e}")))?;
    let as_at = match &a.as_at {
        Some(s) => crate::parse_date("--as-at", s)?,
        None => today(),
    };
    Ok(Config {
        profile,
        seed: a.seed,
        years: a.years,
        as_at,
    })
}

fn generate(a: &GenerateArgs) -> Result<(), Failure> {
    let config = config(a)?;
    let calendar = crate::calendar(a.holidays.as_deref())?;
    // Checks the as-at date and the years before anything is written.
    Synth::new(config, &calendar).map_err(Failure::from)?;
    match (&a.db, &a.out) {
        (Some(db), None) => {
            if config.profile.streamed {
                return Err(Failure(format!(
                    "--profile {} is streamed to event files: give --out DIR instead of --db",
                    config.profile.name
                )));
            }
            let loaded = runtime()?.block_on(load(
                &Target { db: db.clone() },
                config,
                &calendar,
                &[],
                true,
            ))?;
            eprintln!(
                "{}: {} children, {} events, {} staff",
                db, loaded.children, loaded.events, loaded.staff
            );
            Ok(())
        }
        (None, Some(dir)) => write_files(dir, config, &calendar),
        _ => Err(Failure(
            "give --db PATH (a new database) or --out DIR (a new folder for event files)".into(),
        )),
    }
}

/// What a load wrote.
pub struct Loaded {
    pub children: u64,
    pub events: u64,
    pub staff: usize,
}

fn bar(total: u64, what: &str) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new(total).with_style(
        indicatif::ProgressStyle::with_template(&format!(
            "{what} {{bar:40}} {{percent}}% of the days ({{eta}} left)"
        ))
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    if std::env::var_os("CI").is_some() {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    bar
}

/// The new database's path, if it is a SQLite file: refused if it exists.
fn new_sqlite_file(target: &Target) -> Result<Option<PathBuf>, Failure> {
    let url = target.url();
    let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    else {
        return Ok(None);
    };
    let path = PathBuf::from(path);
    if path.exists() {
        return Err(Failure(format!(
            "{}: already exists; hearth synth writes a new database (remove it, or choose another path)",
            path.display()
        )));
    }
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(Failure(format!(
            "{}: the folder {} does not exist",
            path.display(),
            dir.display()
        )));
    }
    Ok(Some(path))
}

fn remove_sqlite(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut p = path.as_os_str().to_owned();
        p.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(p));
    }
}

/// Generates `config` into a new database in one transaction: all of it,
/// or (on any failure) nothing. `passwords` gives some of the generated
/// staff a password hash (the demo's accounts); the rest cannot sign in
/// until one is set. Needs a multi-threaded runtime: the generator runs on
/// a thread of its own while this one writes.
pub async fn load(
    target: &Target,
    config: Config,
    calendar: &WorkingDayCalendar,
    passwords: &[(&str, String)],
    progress: bool,
) -> Result<Loaded, Failure> {
    let file = new_sqlite_file(target)?;
    let result = async {
        let db = target.open().await?;
        let result = fill(&db, config, calendar, passwords, progress).await;
        db.close().await;
        result
    }
    .await;
    if result.is_err()
        && let Some(path) = &file
    {
        remove_sqlite(path);
    }
    result
}

async fn fill(
    db: &Db,
    config: Config,
    calendar: &WorkingDayCalendar,
    passwords: &[(&str, String)],
    progress: bool,
) -> Result<Loaded, Failure> {
    if !db.is_empty().await? {
        return Err(Failure(
            "the database already has users or children; hearth synth loads a new, empty database"
                .into(),
        ));
    }
    let policy = Policy::statutory();
    let now = jiff::Timestamp::now();
    let synth = Synth::new(config, calendar).map_err(Failure::from)?;
    let workforce = synth.workforce().clone();
    let start = synth.simulation_start();
    let bar = bar(synth.progress(start).1, "generating");
    if !progress {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    db.bulk_load(false).await?;
    let mut tx = db.begin().await?;
    let deferred = db.defer_indexes(&mut tx).await?;
    add_workforce(db, &mut tx, &workforce, passwords, now).await?;
    let (send, mut receive) = tokio::sync::mpsc::channel::<(Vec<SynthChild>, u64)>(4);
    let mut loaded = Loaded {
        children: 0,
        events: 0,
        staff: workforce.staff.len(),
    };
    // The generator runs on its own thread, a block of children at a time,
    // while this one writes them.
    let outcome = std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut synth = synth;
            let mut block = Vec::with_capacity(256);
            while let Some(child) = synth.next() {
                block.push(child);
                if block.len() == 256 {
                    let done = synth.progress(start).0;
                    if send
                        .blocking_send((std::mem::take(&mut block), done))
                        .is_err()
                    {
                        return;
                    }
                }
            }
            let done = synth.progress(start).1;
            let _ = send.blocking_send((block, done));
        });
        tokio::task::block_in_place(|| {
            tokio::runtime::Handle::current().block_on(async {
                // Several of the generator's blocks to one import: each
                // import costs a few round trips whatever its size. On
                // PostgreSQL a block is prepared (folded, derived, laid
                // out as COPY's text) on another thread while the server
                // writes the block before: the server's work is most of
                // a load, and it runs in a process of its own.
                let overlap = db.backend() == hearth_store::Backend::Postgres;
                let mut pending = Vec::new();
                let mut ready = None;
                loop {
                    let next = receive.recv().await;
                    let last = next.is_none();
                    let done = next.map(|(block, done)| {
                        pending.extend(block);
                        done
                    });
                    // A full block, or what is left once the generator ends.
                    if pending.len() >= IMPORT_BLOCK || last {
                        let children = std::mem::take(&mut pending);
                        if overlap {
                            ready = Some(
                                prepare_while_writing(
                                    db,
                                    &mut tx,
                                    children,
                                    ready,
                                    calendar,
                                    &policy,
                                    now,
                                    &mut loaded,
                                )
                                .await?,
                            );
                        } else {
                            add_children(
                                db,
                                &mut tx,
                                children,
                                calendar,
                                &policy,
                                now,
                                &mut loaded,
                            )
                            .await?;
                        }
                    }
                    match done {
                        Some(done) => bar.set_position(done),
                        None => break,
                    }
                }
                // The last block prepared, written.
                if let Some(last) = ready {
                    db.write_import(&mut tx, last)
                        .await
                        .map_err(|e| Failure(e.to_string()))?;
                }
                Ok::<(), Failure>(())
            })
        })
    });
    outcome?;
    let la = LocalAuthority {
        name: config.profile.authority.to_string(),
        population_0_17: config.profile.population as i64,
        dfe_la_number: Some(config.profile.upn_la_code),
        ons_code: Some(config.profile.ons_code.to_owned()),
        synthetic: Some(SyntheticOrigin {
            profile: config.profile.name.to_string(),
            need: config.profile.need,
            seed: config.seed,
            as_at: config.as_at,
        }),
    };
    db.set_local_authority(&mut tx, &la).await?;
    db.restore_indexes(&mut tx, deferred).await?;
    tx.commit().await?;
    bar.finish_and_clear();
    db.bulk_load(true).await?;
    db.analyze().await?;
    Ok(loaded)
}

async fn add_workforce(
    db: &Db,
    tx: &mut hearth_store::Tx,
    w: &Workforce,
    passwords: &[(&str, String)],
    now: jiff::Timestamp,
) -> Result<(), Failure> {
    for team in &w.teams {
        let id = db.create_team(tx, &team.name, team.kind.code()).await?;
        if id.0 != i64::from(team.id) {
            return Err(Failure(
                "the database has given teams other ids than the generated events name; load into a new database".into(),
            ));
        }
    }
    for s in &w.staff {
        let user = NewUser {
            username: &s.username,
            display_name: &s.display_name,
            role: s.role,
            team: s.team.map(|t| hearth_store::TeamId(i64::from(t))),
            manager: s.manager.map(|m| hearth_store::UserId(i64::from(m))),
            password_hash: passwords
                .iter()
                .find(|(u, _)| *u == s.username)
                .map(|(_, h)| h.as_str()),
        };
        let id = db.create_user(tx, &user, now).await?;
        db.set_swe_number(tx, id, s.swe_number.as_ref()).await?;
        if id.0 != i64::from(s.id) {
            return Err(Failure(
                "the database has given users other ids than the generated events name; load into a new database".into(),
            ));
        }
    }
    Ok(())
}

/// Children written to the database at a time while loading: a few
/// thousand keeps the round trips per child negligible (on PostgreSQL each
/// table's `COPY` waits on the network for tens of milliseconds however
/// few its rows) and the block's rows a few hundred megabytes at most.
const IMPORT_BLOCK: usize = 4_096;

/// Brothers and sisters are linked by the record numbers the generator
/// gave them, the order it produced them in: a block's first child must
/// get the number after those loaded before it.
fn numbered_as_generated(first_child: i64, loaded: &Loaded) -> Result<(), Failure> {
    if first_child == loaded.children as i64 + 1 {
        Ok(())
    } else {
        Err(Failure(
            "the database has given children other record numbers than the generated family links name; load into a new database".into(),
        ))
    }
}

/// The generated children as the store imports them: identity details
/// and ledger.
fn to_import(block: Vec<SynthChild>) -> Vec<(NewChild, Vec<hearth_domain::events::Event>)> {
    block
        .into_iter()
        .map(|child| {
            let i = child.identity;
            let details = NewChild {
                la_child_id: i.la_child_id,
                given_name: i.given_name,
                family_name: i.family_name,
                date_of_birth: Some(i.date_of_birth),
                sex: Some(i.sex),
                ethnicity: Some(i.ethnicity),
                upn: i.upn,
                nhs_number: Some(i.nhs_number),
                postcode: i.postcode,
                restricted: child.adopted.then_some(Restriction::Adoption),
            };
            (details, child.events)
        })
        .collect()
}

/// Numbers a block of generated children and prepares it on a blocking
/// thread while the block prepared before (`before`) is written; returns
/// this block, prepared, to be written with the next.
#[allow(clippy::too_many_arguments)]
async fn prepare_while_writing(
    db: &Db,
    tx: &mut hearth_store::Tx,
    block: Vec<SynthChild>,
    before: Option<hearth_store::PreparedImport>,
    calendar: &WorkingDayCalendar,
    policy: &Policy,
    now: jiff::Timestamp,
    loaded: &mut Loaded,
) -> Result<hearth_store::PreparedImport, Failure> {
    let children = to_import(block);
    let events: usize = children.iter().map(|(_, e)| e.len()).sum();
    let ids = db.reserve_import(tx, children.len(), events).await?;
    if !children.is_empty() {
        numbered_as_generated(ids.first_child, loaded)?;
    }
    let (calendar, policy) = (calendar.clone(), policy.clone());
    let count = children.len() as u64;
    let preparing = tokio::task::spawn_blocking(move || {
        hearth_store::prepare_import(
            hearth_store::Backend::Postgres,
            &children,
            ids,
            &calendar,
            &policy,
            now,
        )
    });
    if let Some(before) = before {
        db.write_import(tx, before)
            .await
            .map_err(|e| Failure(e.to_string()))?;
    }
    let prepared = preparing
        .await
        .map_err(|e| Failure(format!("preparing a block of children: {e}")))?
        .map_err(|e| Failure(e.to_string()))?;
    loaded.children += count;
    loaded.events += events as u64;
    Ok(prepared)
}

/// Writes a block of generated children, in the order generated, with
/// their ledgers and derived rows.
async fn add_children(
    db: &Db,
    tx: &mut hearth_store::Tx,
    block: Vec<SynthChild>,
    calendar: &WorkingDayCalendar,
    policy: &Policy,
    now: jiff::Timestamp,
    loaded: &mut Loaded,
) -> Result<(), Failure> {
    if block.is_empty() {
        return Ok(());
    }
    let children = to_import(block);
    let ids = db
        .import_children(tx, &children, calendar, policy, now)
        .await
        .map_err(|e| Failure(e.to_string()))?;
    if let Some(id) = ids.first() {
        numbered_as_generated(id.0, loaded)?;
    }
    loaded.children += children.len() as u64;
    loaded.events += children.iter().map(|(_, e)| e.len() as u64).sum::<u64>();
    Ok(())
}

/// One child as a JSON line: identity, the adoption restriction and the
/// ledger.
fn child_json(child: &SynthChild) -> String {
    let i = &child.identity;
    let identity = serde_json::json!({
        "la_child_id": i.la_child_id.as_str(),
        "given_name": i.given_name,
        "family_name": i.family_name,
        "date_of_birth": i.date_of_birth.to_string(),
        "sex": i.sex.as_code(),
        "ethnicity": i.ethnicity.as_code(),
        "upn": i.upn.as_ref().map(|u| u.as_str()),
        "nhs_number": i.nhs_number.as_str(),
        "postcode": i.postcode.as_ref().map(|p| p.as_str()),
        "restricted": child.adopted.then_some("adoption"),
    });
    let events: Vec<String> = child.events.iter().map(|e| e.to_json()).collect();
    format!(
        "{{\"identity\":{identity},\"events\":[{}]}}",
        events.join(",")
    )
}

/// Children per file, so that no one file grows past a few hundred MB.
const CHILDREN_PER_FILE: u64 = 100_000;

fn write_files(dir: &Path, config: Config, calendar: &WorkingDayCalendar) -> Result<(), Failure> {
    if dir.exists() {
        return Err(Failure(format!(
            "{}: already exists; hearth synth writes a new folder",
            dir.display()
        )));
    }
    let partial = dir.with_extension("partial");
    let _ = std::fs::remove_dir_all(&partial);
    let result = write_into(&partial, config, calendar);
    match result {
        Ok(()) => std::fs::rename(&partial, dir).map_err(|e| {
            let _ = std::fs::remove_dir_all(&partial);
            Failure(format!("{}: {e}", dir.display()))
        }),
        Err(e) => {
            let _ = std::fs::remove_dir_all(&partial);
            Err(e)
        }
    }
}

fn write_into(dir: &Path, config: Config, calendar: &WorkingDayCalendar) -> Result<(), Failure> {
    let io = |e: std::io::Error| Failure(format!("{}: {e}", dir.display()));
    std::fs::create_dir_all(dir).map_err(io)?;
    let synth = Synth::new(config, calendar).map_err(Failure::from)?;
    let w = synth.workforce().clone();
    let mut f =
        std::io::BufWriter::new(std::fs::File::create(dir.join("workforce.jsonl")).map_err(io)?);
    for t in &w.teams {
        let line = serde_json::json!({"team": t.id, "name": t.name, "kind": t.kind.code()});
        writeln!(f, "{line}").map_err(io)?;
    }
    for s in &w.staff {
        let line = serde_json::json!({"user": s.id, "username": s.username, "display_name": s.display_name,
            "role": s.role.as_str(), "team": s.team, "manager": s.manager});
        writeln!(f, "{line}").map_err(io)?;
    }
    f.flush().map_err(io)?;
    let authority = serde_json::json!({
        "name": config.profile.authority, "population_0_17": config.profile.population,
        "profile": config.profile.name, "need": config.profile.need, "seed": config.seed,
        "years": config.years, "as_at": config.as_at.to_string(),
    });
    std::fs::write(dir.join("authority.json"), format!("{authority}\n")).map_err(io)?;
    let start = synth.simulation_start();
    let bar = bar(synth.progress(start).1, "generating");
    let mut synth = synth;
    let (mut n, mut events) = (0u64, 0u64);
    let mut out: Option<std::io::BufWriter<std::fs::File>> = None;
    while let Some(child) = synth.next() {
        if n % CHILDREN_PER_FILE == 0 {
            if let Some(mut f) = out.take() {
                f.flush().map_err(io)?;
            }
            let name = format!("children-{:04}.jsonl", n / CHILDREN_PER_FILE + 1);
            out = Some(std::io::BufWriter::with_capacity(
                1 << 20,
                std::fs::File::create(dir.join(name)).map_err(io)?,
            ));
        }
        if let Some(f) = out.as_mut() {
            writeln!(f, "{}", child_json(&child)).map_err(io)?;
        }
        n += 1;
        events += child.events.len() as u64;
        if n % 1024 == 0 {
            bar.set_position(synth.progress(start).0);
        }
    }
    if let Some(mut f) = out.take() {
        f.flush().map_err(io)?;
    }
    bar.finish_and_clear();
    eprintln!(
        "{}: {n} children, {events} events, {} staff",
        dir.display(),
        w.staff.len()
    );
    Ok(())
}

fn report_command(args: &ReportArgs) -> Result<(), Failure> {
    let calendar = crate::calendar(args.holidays.as_deref())?;
    let targets = Targets::shipped().map_err(Failure)?;
    let (r, children) = runtime()?.block_on(async {
        let db = args.target.open().await?;
        let Some(la) = db.local_authority().await? else {
            return Err(Failure(format!(
                "{}: has no local authority details; the report needs a database made by hearth synth",
                args.target.db
            )));
        };
        let (need, as_at) = la
            .synthetic
            .as_ref()
            .map_or((1.0, today()), |s| (s.need, s.as_at));
        let year = collection_year(as_at);
        let mut tally = Tally::default();
        let mut problem = None;
        let children = db
            .for_each_ledger(|child, events| {
                match ChildRecord::fold(&events, as_at) {
                    Ok(mut record) => {
                        if child.details.date_of_birth.is_some() {
                            record.date_of_birth = child.details.date_of_birth;
                        }
                        measure(&mut tally, child.id, &record, year, as_at, &calendar);
                    }
                    Err(refusal) => {
                        problem.get_or_insert(format!("child {}: {refusal}", child.id.0));
                    }
                }
            })
            .await?;
        db.close().await;
        if let Some(p) = problem {
            return Err(Failure(p));
        }
        Ok((
            report(&targets, &tally, year, la.population_0_17 as u64, need),
            children,
        ))
    })?;
    println!("{r}");
    println!("({children} children read)");
    if r.passes() {
        Ok(())
    } else {
        Err(Failure(format!(
            "{} measures are outside tolerance",
            r.failures().len()
        )))
    }
}
