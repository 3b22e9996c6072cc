//! `hearth workdays`: add, between, is.

use std::path::Path;

use clap::Subcommand;

use crate::{Failure, calendar, parse_date};

#[derive(Subcommand)]
pub enum Command {
    /// DATE + N working days (DATE is day 0); prints the due date.
    Add { date: String, n: u32 },
    /// Working days after START up to and including END.
    Between { start: String, end: String },
    /// Whether DATE is a working day: prints yes or no.
    Is { date: String },
}

pub fn run(command: Command, holidays: Option<&Path>) -> Result<(), Failure> {
    let cal = calendar(holidays)?;
    match command {
        Command::Add { date, n } => {
            let due = cal.add_working_days(parse_date("DATE", &date)?, n)?;
            println!("{due}");
        }
        Command::Between { start, end } => {
            let n =
                cal.working_days_between(parse_date("START", &start)?, parse_date("END", &end)?)?;
            println!("{n}");
        }
        Command::Is { date } => {
            let yes = cal.is_working_day(parse_date("DATE", &date)?)?;
            println!("{}", if yes { "yes" } else { "no" });
        }
    }
    Ok(())
}
