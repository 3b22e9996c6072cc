//! `hearth`: the command line.
//!
//! Errors in what the user gave (a bad date, a bad event line, a date the
//! calendar does not cover) print one clear message on stderr and exit 2.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod bench;
mod bench_validate;
mod bench_web;
mod calibrate;
mod db;
mod nightly;
mod obligations;
mod returns;
mod serve;
mod synth;
mod timings;
mod users;
mod validate;
mod workdays;

/// Hearth: case management and performance for children's services.
#[derive(Parser)]
#[command(name = "hearth", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Working-day arithmetic on the England and Wales calendar.
    Workdays {
        #[command(subcommand)]
        command: workdays::Command,
        /// A newer GOV.UK bank-holidays.json to use instead of the list shipped with Hearth.
        #[arg(long, global = true, value_name = "FILE")]
        holidays: Option<PathBuf>,
    },
    /// The statutory clocks for one child, from their events (JSON, one per line).
    Obligations(obligations::Args),
    /// Run the demo: a synthetic local authority on an embedded database,
    /// served on the web.
    Demo(serve::DemoArgs),
    /// Serve the web application.
    Serve(serve::ServeArgs),
    /// Users of the system.
    Users {
        #[command(subcommand)]
        command: UsersCommand,
    },
    /// Create or update the database schema.
    Migrate(db::Target),
    /// Recompute every child's derived rows from their events (after a
    /// policy or calendar change).
    Rebuild {
        #[command(flatten)]
        target: db::Target,
        /// The local authority's timescale policy (TOML).
        #[arg(long, value_name = "FILE")]
        policy: Option<PathBuf>,
        /// A newer GOV.UK bank-holidays.json.
        #[arg(long, value_name = "FILE")]
        holidays: Option<PathBuf>,
    },
    /// A consistent copy of the SQLite database, taken while it runs.
    Backup {
        #[command(flatten)]
        target: db::Target,
        /// The new file to write.
        to: PathBuf,
    },
    /// Generate a synthetic local authority (children, families, workforce
    /// and years of casework) into a new database or event files; `synth
    /// report` checks it against the national figures it is calibrated to.
    Synth(synth::SynthArgs),
    /// Check a return made by any system against the DfE's rules (exit 1
    /// when a rule finds an error, 2 when the file cannot be read).
    Validate {
        #[command(subcommand)]
        command: validate::Command,
    },
    /// Benchmarks (they print figures; they are not tests).
    Bench {
        #[command(subcommand)]
        command: bench::Command,
    },
    /// The DfE statutory returns, written from the record.
    Returns {
        #[command(subcommand)]
        command: returns::Command,
    },
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Add a user (password from HEARTH_PASSWORD, or made up and printed once).
    Add(users::AddArgs),
    /// Make an API token for a user; it is printed once.
    Token(users::TokenArgs),
    /// Deactivate a leaver's account: they cannot sign in, and their
    /// sessions and API tokens stop working at once.
    Deactivate(users::AccountArgs),
    /// Reset a user's password to a new one, printed once, which they must
    /// change at their next sign-in; their sessions and API tokens end.
    ResetPassword(users::AccountArgs),
    /// Revoke every API token of a user at once.
    RevokeTokens(users::AccountArgs),
}

/// A failure the user can act on: the message says what is wrong and where.
#[derive(Debug)]
pub struct Failure(pub String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Workdays { command, holidays } => workdays::run(command, holidays.as_deref()),
        Command::Obligations(args) => obligations::run(&args),
        Command::Demo(args) => serve::demo(&args),
        Command::Serve(args) => serve::serve(&args),
        Command::Users {
            command: UsersCommand::Add(args),
        } => users::add(&args),
        Command::Users {
            command: UsersCommand::Token(args),
        } => users::token(&args),
        Command::Users {
            command: UsersCommand::Deactivate(args),
        } => users::deactivate(&args),
        Command::Users {
            command: UsersCommand::ResetPassword(args),
        } => users::reset_password(&args),
        Command::Users {
            command: UsersCommand::RevokeTokens(args),
        } => users::revoke_tokens(&args),
        Command::Migrate(target) => db::migrate(&target),
        Command::Rebuild {
            target,
            policy,
            holidays,
        } => db::rebuild(&target, policy.as_ref(), holidays.as_ref()),
        Command::Backup { target, to } => db::backup(&target, &to),
        Command::Synth(args) => synth::run(&args),
        Command::Bench { command } => bench::run(command),
        Command::Returns { command } => returns::run(command),
        Command::Validate { command } => validate::run(&command),
    };
    bench_validate::report_peak_if_asked();
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            eprintln!("hearth: {message}");
            ExitCode::from(2)
        }
    }
}

/// The working-day calendar: the shipped list, or a newer GOV.UK file.
pub fn calendar(
    holidays: Option<&std::path::Path>,
) -> Result<hearth_domain::calendar::WorkingDayCalendar, Failure> {
    use hearth_domain::calendar::WorkingDayCalendar;
    match holidays {
        None => Ok(WorkingDayCalendar::england_and_wales()),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            WorkingDayCalendar::from_govuk_json(&text)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))
        }
    }
}

/// Parses a civil date argument, naming the argument when it is not one.
pub fn parse_date(what: &str, s: &str) -> Result<jiff::civil::Date, Failure> {
    s.parse()
        .map_err(|_| Failure(format!("{what} {s:?} is not a date (YYYY-MM-DD)")))
}
