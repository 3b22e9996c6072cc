//! `hearth obligations FILE`: a child's statutory clocks from their events.

use std::collections::HashMap;
use std::io::BufRead;
use std::path::PathBuf;

use hearth_domain::events::{Event, EventId};
use hearth_domain::record::ChildRecord;
use hearth_domain::timescales::{Due, Obligation, Policy, obligations};

use crate::{Failure, calendar, parse_date};

#[derive(clap::Args)]
pub struct Args {
    /// The child's events: one JSON event per line (blank lines are skipped).
    file: PathBuf,
    /// Judge the clocks as at this date (default: today in Europe/London).
    #[arg(long, value_name = "DATE")]
    as_at: Option<String>,
    /// A local authority's timescale policy (TOML).
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// A newer GOV.UK bank-holidays.json.
    #[arg(long, value_name = "FILE")]
    holidays: Option<PathBuf>,
    /// One JSON object per obligation instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: &Args) -> Result<(), Failure> {
    let as_at = match &args.as_at {
        Some(s) => parse_date("--as-at", s)?,
        None => today_in_london(),
    };
    let policy = read_policy(args.policy.as_ref())?;
    let cal = calendar(args.holidays.as_deref())?;
    let (events, lines) = read_events(&args.file)?;

    let record = ChildRecord::fold(&events, as_at).map_err(|refusal| {
        let name = args.file.display();
        let problems: Vec<String> = refusal
            .problems
            .iter()
            .map(|p| match lines.get(&p.event) {
                Some(line) => format!("{name}:{line}: event {}: {}", p.event, p.refused),
                None => format!("{name}: event {}: {}", p.event, p.refused),
            })
            .collect();
        Failure(format!(
            "the events contradict each other:\n{}",
            problems.join("\n")
        ))
    })?;
    let list = obligations(&record, &cal, &policy)?;

    if args.json {
        for o in &list {
            println!("{}", serde_json::to_string(o)?);
        }
    } else {
        print_table(&list);
    }
    // A clock beyond the calendar: say which list ran out, which event
    // started the clock and which clock it is (never a date it guessed).
    let list_name = holidays_name(args.holidays.as_deref());
    for o in list.iter().filter(|o| o.due == Due::BeyondCalendar) {
        let at = match lines.get(&o.start_event) {
            Some(line) => format!("{}:{line}: event {}", args.file.display(), o.start_event),
            None => format!("{}: event {}", args.file.display(), o.start_event),
        };
        eprintln!(
            "{at} starts the {} clock ({}), which runs beyond the calendar: {list_name} knows bank holidays only to {}; import the new bank holidays (--holidays FILE, GOV.UK's bank-holidays.json)",
            o.rule.id(),
            o.rule.label(),
            cal.last(),
        );
    }
    Ok(())
}

/// The bank-holiday list in use, as a message names it.
pub fn holidays_name(holidays: Option<&std::path::Path>) -> String {
    match holidays {
        Some(path) => path.display().to_string(),
        None => "the list shipped with Hearth (bank-holidays.json)".to_owned(),
    }
}

/// The statutory policy, or a local authority's policy file over it.
pub fn read_policy(path: Option<&PathBuf>) -> Result<Policy, Failure> {
    let Some(path) = path else {
        return Ok(Policy::statutory());
    };
    let text =
        std::fs::read_to_string(path).map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    Policy::from_toml(&text).map_err(|e| Failure(format!("{}: {e}", path.display())))
}

/// Reads one event per line; the map gives each event's line number.
fn read_events(path: &PathBuf) -> Result<(Vec<Event>, HashMap<EventId, usize>), Failure> {
    let name = path.display();
    let file = std::fs::File::open(path).map_err(|e| Failure(format!("{name}: {e}")))?;
    let mut events = Vec::new();
    let mut lines = HashMap::new();
    for (i, line) in std::io::BufReader::new(file).lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| Failure(format!("{name}:{n}: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        let event = Event::from_json(&line).map_err(|e| Failure(format!("{name}:{n}: {e}")))?;
        lines.insert(event.id, n);
        events.push(event);
    }
    Ok((events, lines))
}

/// The zone's rules are built in: no system time zone data is needed.
fn today_in_london() -> jiff::civil::Date {
    hearth_domain::london::today(jiff::Timestamp::now())
}

fn print_table(list: &[Obligation]) {
    let rows: Vec<[String; 6]> = list
        .iter()
        .map(|o| {
            [
                o.rule.id().to_owned(),
                o.start.to_string(),
                match o.due {
                    Due::On(w) => w.to_string(),
                    Due::BeyondCalendar => "beyond the calendar".to_owned(),
                },
                o.met.map(|m| m.to_string()).unwrap_or_else(|| "-".into()),
                o.status.as_str().to_owned(),
                o.ended
                    .map(|e| format!("duty ended {e}"))
                    .unwrap_or_default(),
            ]
        })
        .collect();
    let header = ["RULE", "START", "DUE", "MET", "STATUS", ""];
    let mut widths = header.map(str::len);
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    let line = |cells: [&str; 6]| {
        let mut out = String::new();
        for (i, (cell, w)) in cells.iter().zip(widths).enumerate() {
            if i > 0 {
                out.push_str("  ");
            }
            out.push_str(&format!("{cell:<w$}"));
        }
        println!("{}", out.trim_end());
    };
    line(header);
    for row in &rows {
        line(row.each_ref().map(String::as_str));
    }
    if rows.is_empty() {
        println!("(no statutory clocks apply)");
    }
}
