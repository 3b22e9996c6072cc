//! Per-query timings for `hearth serve`: with `HEARTH_QUERY_TIMINGS=FILE`
//! set, every statement the store runs (sqlx reports each with its
//! duration) and every wait for a pooled connection is counted, and every
//! five seconds a table is written to FILE: per statement, how often it ran,
//! its total, mean, p50, p95 and maximum milliseconds. `hearth bench web`
//! passes the variable on to the server it starts. For finding where time
//! goes (`docs/performance.md`); off unless asked for.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// Durations of one statement, in microseconds.
#[derive(Default)]
struct Samples(Vec<u64>);

#[derive(Default)]
struct Tally {
    statements: HashMap<String, Samples>,
    acquire: Samples,
}

struct Timings {
    tally: Mutex<Tally>,
    next_span: AtomicU64,
}

/// The fields of one sqlx event.
#[derive(Default)]
struct Fields {
    summary: String,
    statement: String,
    elapsed_secs: Option<f64>,
    acquired_after_secs: Option<f64>,
}

impl Visit for Fields {
    fn record_f64(&mut self, field: &Field, value: f64) {
        match field.name() {
            "elapsed_secs" => self.elapsed_secs = Some(value),
            "acquired_after_secs" => self.acquired_after_secs = Some(value),
            _ => {}
        }
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.to_owned(),
            "db.statement" => self.statement = value.to_owned(),
            _ => {}
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        match field.name() {
            "summary" => self.summary = format!("{value:?}"),
            "db.statement" => self.statement = format!("{value:?}"),
            _ => {}
        }
    }
}

impl Subscriber for Timings {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        metadata.target().starts_with("sqlx::query")
            || metadata.target().starts_with("sqlx::pool::acquire")
    }

    fn new_span(&self, _: &Attributes<'_>) -> Id {
        Id::from_u64(self.next_span.fetch_add(1, Ordering::Relaxed).max(1))
    }

    fn record(&self, _: &Id, _: &Record<'_>) {}

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut f = Fields::default();
        event.record(&mut f);
        let Ok(mut tally) = self.tally.lock() else {
            return;
        };
        if let Some(secs) = f.acquired_after_secs {
            tally.acquire.0.push((secs * 1e6) as u64);
        } else if let Some(secs) = f.elapsed_secs {
            // The whole statement, whitespace folded, as the key.
            let text = if f.statement.trim().is_empty() {
                f.summary
            } else {
                f.statement
            };
            let key = text.split_whitespace().collect::<Vec<_>>().join(" ");
            tally
                .statements
                .entry(key)
                .or_default()
                .0
                .push((secs * 1e6) as u64);
        }
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

fn ms(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

fn line(out: &mut String, name: &str, samples: &[u64]) {
    let mut s = samples.to_vec();
    s.sort_unstable();
    let total: u64 = s.iter().sum();
    let _ = writeln!(
        out,
        "{:>8} {:>10.1} {:>8.3} {:>8.3} {:>8.3} {:>9.3}  {name}",
        s.len(),
        total as f64 / 1000.0,
        total as f64 / 1000.0 / s.len().max(1) as f64,
        ms(&s, 0.5),
        ms(&s, 0.95),
        s.last().copied().unwrap_or(0) as f64 / 1000.0,
    );
}

fn report(tally: &Tally) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:>8} {:>10} {:>8} {:>8} {:>8} {:>9}  statement",
        "count", "total ms", "mean", "p50", "p95", "max"
    );
    line(
        &mut out,
        "(waiting for a pooled connection)",
        &tally.acquire.0,
    );
    let mut rows: Vec<(&String, &Samples)> = tally.statements.iter().collect();
    rows.sort_by_key(|(_, s)| std::cmp::Reverse(s.0.iter().sum::<u64>()));
    for (sql, s) in rows {
        line(&mut out, sql, &s.0);
    }
    out
}

/// Starts counting if `HEARTH_QUERY_TIMINGS` names a file; the report is
/// rewritten there every five seconds while the process runs.
pub fn start() {
    let Some(path) = std::env::var_os("HEARTH_QUERY_TIMINGS").map(PathBuf::from) else {
        return;
    };
    let timings: &'static Timings = Box::leak(Box::new(Timings {
        tally: Mutex::new(Tally::default()),
        next_span: AtomicU64::new(1),
    }));
    if tracing::subscriber::set_global_default(Wrap(timings)).is_err() {
        return;
    }
    std::thread::spawn(move || {
        loop {
            std::thread::sleep(Duration::from_secs(5));
            let text = match timings.tally.lock() {
                Ok(t) => report(&t),
                Err(_) => return,
            };
            let _ = std::fs::write(&path, text);
        }
    });
}

/// The subscriber as the global default wants it (owned, `'static`).
struct Wrap(&'static Timings);

impl Subscriber for Wrap {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        self.0.enabled(metadata)
    }
    fn new_span(&self, span: &Attributes<'_>) -> Id {
        self.0.new_span(span)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        self.0.record(span, values)
    }
    fn record_follows_from(&self, span: &Id, follows: &Id) {
        self.0.record_follows_from(span, follows)
    }
    fn event(&self, event: &Event<'_>) {
        self.0.event(event)
    }
    fn enter(&self, span: &Id) {
        self.0.enter(span)
    }
    fn exit(&self, span: &Id) {
        self.0.exit(span)
    }
}
