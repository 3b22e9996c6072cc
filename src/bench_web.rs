//! `hearth bench web`: load on loopback against a generated authority.
//!
//! It generates a synthetic authority (`--profile`) into a new database (a
//! new SQLite file unless `--db` names an empty one), starts `hearth serve` on it as
//! a separate process on a free 127.0.0.1 port (so the load generator does
//! not share the server's process), signs in one virtual user per social
//! worker with a caseload, and for a bounded
//! time at each concurrency level runs a mix of the day's work: opening a
//! child (40%), the caseload (20%), a search (20%) and recording a visit
//! (20%). It prints p50, p95 and p99 latency and the errors per operation,
//! and checks that every view wrote an audit row. A benchmark, not a test.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hearth_store::{ChildId, Db, Role};
use hearth_synth::rng::Rng;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::Failure;

const PASSWORD: &str = "bench-password-for-loopback";

/// A loopback HTTP/1.1 connection, kept alive between requests.
struct Conn {
    addr: std::net::SocketAddr,
    stream: Option<BufReader<TcpStream>>,
}

impl Conn {
    fn new(addr: std::net::SocketAddr) -> Self {
        Conn { addr, stream: None }
    }

    /// Sends one request; returns the status and the Set-Cookie value, if any.
    async fn send(
        &mut self,
        method: &str,
        path: &str,
        cookie: &str,
        form: Option<&str>,
    ) -> std::io::Result<(u16, Option<String>)> {
        if self.stream.is_none() {
            self.stream = Some(BufReader::new(TcpStream::connect(self.addr).await?));
        }
        let Some(stream) = self.stream.as_mut() else {
            return Err(std::io::ErrorKind::NotConnected.into());
        };
        let body = form.unwrap_or("");
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if !cookie.is_empty() {
            request.push_str(&format!("Cookie: {cookie}\r\n"));
        }
        if form.is_some() {
            request.push_str("Content-Type: application/x-www-form-urlencoded\r\n");
        }
        request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        stream.get_mut().write_all(request.as_bytes()).await?;

        let mut line = String::new();
        stream.read_line(&mut line).await?;
        let status: u16 = line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let (mut length, mut set_cookie, mut close) = (0usize, None, false);
        loop {
            line.clear();
            if stream.read_line(&mut line).await? == 0 {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            match name.to_ascii_lowercase().as_str() {
                "content-length" => length = value.trim().parse().unwrap_or(0),
                "set-cookie" => set_cookie = value.trim().split(';').next().map(str::to_owned),
                "connection" => close = value.trim().eq_ignore_ascii_case("close"),
                _ => {}
            }
        }
        let mut body = vec![0u8; length];
        stream.read_exact(&mut body).await?;
        if close {
            self.stream = None;
        }
        Ok((status, set_cookie))
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
enum Op {
    Child,
    Caseload,
    Search,
    Record,
}

impl Op {
    fn name(self) -> &'static str {
        match self {
            Op::Child => "child page",
            Op::Caseload => "caseload",
            Op::Search => "search",
            Op::Record => "record a visit",
        }
    }
}

struct Worker {
    cookie: String,
    children: Vec<ChildId>,
    /// Family names on the caseload, to search for.
    names: Vec<String>,
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

/// One operation's figures at one level: (p50, p95, p99 ms, count, errors).
type Figures = (f64, f64, f64, usize, usize);

/// What one engine measured: per level, per operation.
struct Measured {
    backend: String,
    levels: Vec<(usize, Vec<(Op, Figures)>)>,
}

/// Where each engine's database is, and whether it is ours to remove.
pub struct Targets {
    /// (address, made by the bench: removed afterwards).
    pub dbs: Vec<(String, bool)>,
}

/// The databases to measure: those given with `--db` (one or more), or a
/// new one for each of `--engines` (a SQLite file in a temporary folder; a
/// PostgreSQL database made on the server that `HEARTH_BENCH_POSTGRES_URL`
/// names, or failing that `HEARTH_TEST_DATABASE_URL`), or one new SQLite
/// file.
pub fn targets(dbs: Vec<String>, engines: Vec<String>) -> Result<Targets, Failure> {
    if !dbs.is_empty() {
        if !engines.is_empty() {
            return Err(Failure("give --db or --engines, not both".into()));
        }
        return Ok(Targets {
            dbs: dbs.into_iter().map(|d| (d, false)).collect(),
        });
    }
    let dir = std::env::temp_dir().join(format!("hearth-bench-web-{}", std::process::id()));
    let engines = if engines.is_empty() {
        vec!["sqlite".to_owned()]
    } else {
        engines
    };
    let mut out = Vec::new();
    for engine in engines {
        match engine.trim() {
            "sqlite" => {
                std::fs::create_dir_all(&dir)?;
                out.push((dir.join("bench.db").display().to_string(), true));
            }
            "postgres" | "postgresql" => {
                let server = std::env::var("HEARTH_BENCH_POSTGRES_URL")
                    .or_else(|_| std::env::var("HEARTH_TEST_DATABASE_URL"))
                    .map_err(|_| {
                        Failure(
                            "--engines postgres: set HEARTH_BENCH_POSTGRES_URL to a server (postgres://user@host:port/db) the bench may make a database on".into(),
                        )
                    })?;
                let base = server
                    .rsplit_once('/')
                    .map_or(server.as_str(), |(b, _)| b)
                    .to_owned();
                out.push((format!("{base}/hearth_bench_{}", std::process::id()), true));
            }
            other => {
                return Err(Failure(format!(
                    "--engines: {other:?} is not sqlite or postgres"
                )));
            }
        }
    }
    Ok(Targets { dbs: out })
}

/// Makes or removes a PostgreSQL database the bench uses.
async fn postgres_database(url: &str, create: bool) -> Result<(), Failure> {
    hearth_store::postgres_database(url, create)
        .await
        .map_err(|e| Failure(format!("{url}: {e}")))
}

pub fn run(
    config: hearth_synth::Config,
    seconds: u64,
    targets: Targets,
    reuse: bool,
    think_ms: u64,
    levels: Vec<usize>,
) -> Result<(), Failure> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let mut measured = Vec::new();
        for (target, ours) in &targets.dbs {
            let is_pg = target.starts_with("postgres");
            if *ours && is_pg {
                postgres_database(target, true).await?;
            }
            let result = one(target, config, seconds, reuse, think_ms, &levels).await;
            if *ours {
                if is_pg {
                    postgres_database(target, false).await?;
                } else if let Some(dir) = std::path::Path::new(target).parent() {
                    let _ = std::fs::remove_dir_all(dir);
                }
            }
            measured.push(result?);
        }
        if measured.len() > 1 {
            compare(&measured);
        }
        Ok(())
    })
}

/// The engines side by side: p50 and p95 of each, and the ratio of each
/// to the first.
fn compare(measured: &[Measured]) {
    println!();
    let names: Vec<&str> = measured.iter().map(|m| m.backend.as_str()).collect();
    println!("side by side, ratio to {}:", names[0]);
    let mut head = format!("{:>6}  {:<15}", "users", "operation");
    for n in &names {
        head.push_str(&format!(
            " {:>16} {:>16}",
            format!("{n} p50"),
            format!("{n} p95")
        ));
    }
    for n in names.iter().skip(1) {
        head.push_str(&format!(
            " {:>10} {:>10}",
            format!("p50 x"),
            format!("p95 x")
        ));
        let _ = n;
    }
    println!("{head}");
    let first = &measured[0];
    for (level, ops) in &first.levels {
        for (op, f0) in ops {
            let mut line = format!("{level:>6}  {:<15}", op.name());
            let mut ratios = String::new();
            for m in measured {
                let f = m
                    .levels
                    .iter()
                    .find(|(l, _)| l == level)
                    .and_then(|(_, ops)| ops.iter().find(|(o, _)| o == op))
                    .map(|(_, f)| *f);
                match f {
                    Some(f) => {
                        line.push_str(&format!(" {:>16.2} {:>16.2}", f.0, f.1));
                        if !std::ptr::eq(m, first) {
                            ratios.push_str(&format!(
                                " {:>10.2} {:>10.2}",
                                f.0 / f0.0.max(0.001),
                                f.1 / f0.1.max(0.001)
                            ));
                        }
                    }
                    None => line.push_str(&format!(" {:>16} {:>16}", "-", "-")),
                }
            }
            println!("{line}{ratios}");
        }
    }
}

/// Loads (or, with `reuse`, opens) one database, serves it, and measures.
async fn one(
    target: &str,
    config: hearth_synth::Config,
    seconds: u64,
    reuse: bool,
    think_ms: u64,
    levels: &[usize],
) -> Result<Measured, Failure> {
    {
        let (store, workers, load_secs) = load(target, config, reuse).await?;
        let backend = format!("{:?}", store.backend());
        if reuse {
            println!(
                "opened the {} profile already in {backend}: {} social workers with a caseload",
                config.profile.name,
                workers.len()
            );
        } else {
            println!(
                "loaded the {} profile into {backend} in {load_secs:.1} s: {} social workers with a caseload",
                config.profile.name,
                workers.len()
            );
        }

        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0")?;
            probe.local_addr()?.port()
        };
        let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
        let mut command = std::process::Command::new(std::env::current_exe()?);
        // Hundreds of sign-ins from loopback: the limits are for others.
        command
            .args([
                "serve",
                "--db",
                target,
                "--bind",
                &addr.to_string(),
                "--limits-exempt-loopback",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null());
        // Each engine's query timings in a file of its own.
        if let Some(path) = std::env::var_os("HEARTH_QUERY_TIMINGS") {
            let mut path = path;
            path.push(format!(".{}", backend.to_lowercase()));
            command.env("HEARTH_QUERY_TIMINGS", path);
        }
        let mut server = command.spawn()?;
        let ready = Instant::now();
        while !matches!(
            Conn::new(addr).send("GET", "/sign-in", "", None).await,
            Ok((200, _))
        ) {
            if ready.elapsed() > Duration::from_secs(30) {
                let _ = server.kill();
                return Err(Failure("the server did not start within 30 seconds".into()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let workers = Arc::new(sign_in(addr, workers).await?);
        println!(
            "signed in {} virtual users; {seconds} s at each level; {}; server and load in separate processes on {} cores",
            workers.len(),
            if think_ms == 0 {
                "no pause between operations (a closed loop)".to_string()
            } else {
                format!("each user pauses {think_ms} ms on average between operations")
            },
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        println!(
            "{:>6}  {:<15} {:>7} {:>9} {:>9} {:>9} {:>7}",
            "users", "operation", "count", "p50 ms", "p95 ms", "p99 ms", "errors"
        );
        let mut measured = Measured {
            backend: backend.clone(),
            levels: Vec::new(),
        };
        for &level in levels {
            let audits_before = store.audit_rows().await?;
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let mut tasks = Vec::with_capacity(level);
            for u in 0..level {
                let workers = workers.clone();
                tasks.push(tokio::spawn(async move {
                    virtual_user(addr, &workers, u, deadline, think_ms).await
                }));
            }
            let mut results: HashMap<Op, (Vec<u64>, usize)> = HashMap::new();
            for t in tasks {
                if let Ok(samples) = t.await {
                    for (op, micros, ok) in samples {
                        let entry = results.entry(op).or_default();
                        entry.0.push(micros);
                        if !ok {
                            entry.1 += 1;
                        }
                    }
                }
            }
            let audits = store.audit_rows().await? - audits_before;
            let mut views = 0usize;
            let mut ops = Vec::new();
            for op in [Op::Child, Op::Caseload, Op::Search, Op::Record] {
                let Some((mut lat, errors)) = results.remove(&op) else {
                    continue;
                };
                lat.sort_unstable();
                views += lat.len() - errors;
                let figures = (
                    percentile(&lat, 0.50),
                    percentile(&lat, 0.95),
                    percentile(&lat, 0.99),
                    lat.len(),
                    errors,
                );
                println!(
                    "{level:>6}  {:<15} {:>7} {:>9.2} {:>9.2} {:>9.2} {errors:>7}",
                    op.name(),
                    figures.3,
                    figures.0,
                    figures.1,
                    figures.2
                );
                ops.push((op, figures));
            }
            measured.levels.push((level, ops));
            println!(
                "{level:>6}  throughput: {:.0} operations/s",
                views as f64 / seconds as f64
            );
            println!(
                "{level:>6}  audit rows written: {audits} for {views} successful operations{}",
                if audits as usize >= views {
                    ""
                } else {
                    "  << FEWER AUDIT ROWS THAN OPERATIONS"
                }
            );
        }
        let _ = server.kill();
        let _ = server.wait();
        store.close().await;
        Ok(measured)
    }
}

/// Generates the authority with a password for every social worker, and
/// returns each one who has a caseload, with their children.
async fn load(
    target: &str,
    config: hearth_synth::Config,
    reuse: bool,
) -> Result<(Db, Vec<(String, Vec<ChildId>, Vec<String>)>, f64), Failure> {
    let started = Instant::now();
    let hash = hearth_app::accounts::hash_password(PASSWORD).await?;
    let workforce = hearth_synth::Workforce::for_profile(&config.profile, config.seed);
    let social_workers: Vec<&str> = workforce
        .staff
        .iter()
        .filter(|s| s.role == Role::SocialWorker)
        .map(|s| s.username.as_str())
        .collect();
    let passwords: Vec<(&str, String)> =
        social_workers.iter().map(|u| (*u, hash.clone())).collect();
    let cal = hearth_domain::calendar::WorkingDayCalendar::england_and_wales();
    let target = crate::db::Target {
        db: target.to_string(),
    };
    if !reuse {
        crate::synth::load(&target, config, &cal, &passwords, true).await?;
    }
    let secs = started.elapsed().as_secs_f64();
    let store = target.open().await?;
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    let mut workers = Vec::new();
    for username in social_workers {
        let Some(id) = store.user_by_username(username).await? else {
            continue;
        };
        let caseload = store.caseload(id, today, jiff::Timestamp::now()).await?;
        if caseload.is_empty() {
            continue;
        }
        let names = caseload
            .iter()
            .filter_map(|r| r.name.split_whitespace().last().map(str::to_owned))
            .collect();
        let children = caseload.iter().map(|r| r.child).collect();
        workers.push((username.to_owned(), children, names));
    }
    Ok((store, workers, secs))
}

async fn sign_in(
    addr: std::net::SocketAddr,
    workers: Vec<(String, Vec<ChildId>, Vec<String>)>,
) -> Result<Vec<Worker>, Failure> {
    let mut out = Vec::with_capacity(workers.len());
    let mut conn = Conn::new(addr);
    for (username, children, names) in workers {
        let form = format!("username={username}&password={PASSWORD}");
        let (status, cookie) = conn.send("POST", "/sign-in", "", Some(&form)).await?;
        let cookie = cookie
            .filter(|_| status == 303)
            .ok_or_else(|| Failure(format!("{username} could not sign in ({status})")))?;
        out.push(Worker {
            cookie,
            children,
            names,
        });
    }
    Ok(out)
}

/// One virtual user until the deadline: (operation, microseconds, ok).
async fn virtual_user(
    addr: std::net::SocketAddr,
    workers: &[Worker],
    u: usize,
    deadline: Instant,
    think_ms: u64,
) -> Vec<(Op, u64, bool)> {
    let me = &workers[u % workers.len()];
    let mut conn = Conn::new(addr);
    let mut rng = Rng::new(u as u64 + 11);
    let mut samples = Vec::new();
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    if think_ms > 0 {
        // Users arrive spread over a pause, not all in the first instant.
        let pause = rng.range(0, think_ms as i32) as u64;
        tokio::time::sleep(Duration::from_millis(pause)).await;
    }
    while Instant::now() < deadline {
        let roll = rng.range(0, 99);
        let child = me
            .children
            .get(rng.range(0, me.children.len().max(1) as i32 - 1) as usize)
            .copied();
        let (op, method, path, form) = match (roll, child) {
            (0..=39, Some(c)) => (Op::Child, "GET", format!("/children/{}", c.0), None),
            (40..=59, _) | (_, None) => (Op::Caseload, "GET", "/my-work".to_owned(), None),
            (60..=79, _) => (
                Op::Search,
                "GET",
                format!(
                    "/search?q={}",
                    me.names
                        .get(rng.range(0, me.names.len().max(1) as i32 - 1) as usize)
                        .map_or("Brook", String::as_str)
                ),
                None,
            ),
            (_, Some(c)) => (
                Op::Record,
                "POST",
                format!("/children/{}/visits", c.0),
                Some(format!("on={today}&kind=other&child_seen=yes")),
            ),
        };
        let t = Instant::now();
        let result = conn.send(method, &path, &me.cookie, form.as_deref()).await;
        let micros = t.elapsed().as_micros() as u64;
        let ok = matches!(
            (&result, op),
            (Ok((303, _)), Op::Record) | (Ok((200, _)), Op::Child | Op::Caseload | Op::Search)
        );
        if result.is_err() {
            conn = Conn::new(addr);
        }
        samples.push((op, micros, ok));
        if think_ms > 0 {
            let pause = rng.exponential(think_ms as f64) as u64;
            let left = deadline.saturating_duration_since(Instant::now());
            tokio::time::sleep(Duration::from_millis(pause).min(left)).await;
        }
    }
    samples
}
