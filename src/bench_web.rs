//! `hearth bench web`: load on loopback against a generated authority.
//!
//! It loads `--children` generated children into an empty database (a new
//! SQLite file unless `--db` names another), starts `hearth serve` on it as
//! a separate process on a free 127.0.0.1 port (so the load generator does
//! not share the server's process), signs in one virtual user per worker, and for a bounded
//! time at each concurrency level runs a mix of the day's work: opening a
//! child (40%), the caseload (20%), a search (20%) and recording a visit
//! (20%). It prints p50, p95 and p99 latency and the errors per operation,
//! and checks that every view wrote an audit row. A benchmark, not a test.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hearth_domain::ids::LaChildId;
use hearth_store::{ChildId, Db, NewChild, NewUser, Role, UserId};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::Failure;
use crate::population::{Rng, generate_child};

const PASSWORD: &str = "bench-password-for-loopback";
const FAMILY: [&str; 8] = [
    "Ashdown", "Brook", "Carrow", "Dunmore", "Elswick", "Fenby", "Garside", "Holloway",
];

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
}

fn percentile(sorted: &[u64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i.min(sorted.len() - 1)] as f64 / 1000.0
}

pub fn run(
    children: usize,
    seconds: u64,
    db: Option<String>,
    levels: Vec<usize>,
) -> Result<(), Failure> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let dir = std::env::temp_dir().join(format!("hearth-bench-web-{}", std::process::id()));
        let url = match &db {
            Some(u) if u.starts_with("postgres") => u.clone(),
            Some(path) => format!("sqlite:{path}"),
            None => {
                std::fs::create_dir_all(&dir)?;
                format!("sqlite:{}", dir.join("bench.db").display())
            }
        };
        let store = Db::open(&url).await?;
        store.migrate().await?;
        if store.user_by_username("bw0").await?.is_some() {
            return Err(Failure("the database already has a benchmark loaded; use an empty one".into()));
        }
        let backend = format!("{:?}", store.backend());
        let (workers, load_secs) = load(&store, children).await?;
        println!("loaded {children} children for {} workers into {backend} in {load_secs:.1} s", workers.len());

        let port = {
            let probe = std::net::TcpListener::bind("127.0.0.1:0")?;
            probe.local_addr()?.port()
        };
        let addr: std::net::SocketAddr = ([127, 0, 0, 1], port).into();
        let target = match &db {
            Some(given) => given.clone(),
            None => dir.join("bench.db").display().to_string(),
        };
        let mut server = std::process::Command::new(std::env::current_exe()?)
            .args(["serve", "--db", &target, "--bind", &addr.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()?;
        let ready = Instant::now();
        while !matches!(Conn::new(addr).send("GET", "/sign-in", "", None).await, Ok((200, _))) {
            if ready.elapsed() > Duration::from_secs(30) {
                let _ = server.kill();
                return Err(Failure("the server did not start within 30 seconds".into()));
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }

        let workers = Arc::new(sign_in(addr, workers).await?);
        println!(
            "signed in {} virtual users; {seconds} s at each level; server and load in separate processes on {} cores",
            workers.len(),
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        println!("{:>6}  {:<15} {:>7} {:>9} {:>9} {:>9} {:>7}", "users", "operation", "count", "p50 ms", "p95 ms", "p99 ms", "errors");
        for &level in &levels {
            let audits_before = store.audit_rows().await?;
            let deadline = Instant::now() + Duration::from_secs(seconds);
            let mut tasks = Vec::with_capacity(level);
            for u in 0..level {
                let workers = workers.clone();
                tasks.push(tokio::spawn(async move { virtual_user(addr, &workers, u, deadline).await }));
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
            for op in [Op::Child, Op::Caseload, Op::Search, Op::Record] {
                let Some((mut lat, errors)) = results.remove(&op) else { continue };
                lat.sort_unstable();
                views += lat.len() - errors;
                println!(
                    "{level:>6}  {:<15} {:>7} {:>9.2} {:>9.2} {:>9.2} {errors:>7}",
                    op.name(),
                    lat.len(),
                    percentile(&lat, 0.50),
                    percentile(&lat, 0.95),
                    percentile(&lat, 0.99)
                );
            }
            println!(
                "{level:>6}  audit rows written: {audits} for {views} successful operations{}",
                if audits as usize >= views { "" } else { "  << FEWER AUDIT ROWS THAN OPERATIONS" }
            );
        }
        let _ = server.kill();
        let _ = server.wait();
        store.close().await;
        if db.is_none() {
            let _ = std::fs::remove_dir_all(&dir);
        }
        Ok(())
    })
}

/// Loads workers (about 20 children each, in teams of 8) and children.
async fn load(db: &Db, children: usize) -> Result<(Vec<(UserId, Vec<ChildId>)>, f64), Failure> {
    let started = Instant::now();
    let hash = hearth_app::accounts::hash_password(PASSWORD).await?;
    let now = jiff::Timestamp::now();
    let today = now.to_zoned(jiff::tz::TimeZone::UTC).date();
    let count = children.div_ceil(20).max(1);
    let mut tx = db.begin().await?;
    let mut workers = Vec::with_capacity(count);
    let mut teams = Vec::new();
    for i in 0..count {
        if i % 8 == 0 {
            teams.push(
                db.create_team(&mut tx, &format!("Bench team {}", teams.len() + 1), "bench")
                    .await?,
            );
        }
        let name = format!("bw{i}");
        let user = NewUser {
            username: &name,
            display_name: &name,
            role: Role::SocialWorker,
            team: teams.last().copied(),
            manager: None,
            password_hash: Some(&hash),
        };
        workers.push((
            db.create_user(&mut tx, &user, now).await?,
            teams.last().copied(),
            Vec::new(),
        ));
    }
    tx.commit().await?;

    let cal = hearth_domain::calendar::WorkingDayCalendar::england_and_wales();
    let policy = hearth_domain::timescales::Policy::statutory();
    let bar = indicatif::ProgressBar::new(children as u64);
    let mut rng = Rng(7);
    let mut tx = db.begin().await?;
    for n in 0..children {
        let (worker, team, list) = &mut workers[n % count];
        let team = team.map(|t| t.0.to_string()).unwrap_or_default();
        let events = generate_child(&mut rng, today, &worker.0.to_string(), &team);
        let details = NewChild::new(
            LaChildId::parse(&format!("B{n:07}"))?,
            format!("Child{n}"),
            FAMILY[n % FAMILY.len()],
        );
        let child = db.create_child(&mut tx, &details, now).await?;
        db.import_ledger(&mut tx, child, &events, &cal, &policy, now)
            .await?;
        list.push(child);
        // Commit in batches: fewer, larger transactions load faster.
        if n % 200 == 199 {
            tx.commit().await?;
            tx = db.begin().await?;
        }
        bar.inc(1);
    }
    tx.commit().await?;
    bar.finish_and_clear();
    db.analyze().await?;
    Ok((
        workers.into_iter().map(|(u, _, c)| (u, c)).collect(),
        started.elapsed().as_secs_f64(),
    ))
}

async fn sign_in(
    addr: std::net::SocketAddr,
    workers: Vec<(UserId, Vec<ChildId>)>,
) -> Result<Vec<Worker>, Failure> {
    let mut out = Vec::with_capacity(workers.len());
    let mut conn = Conn::new(addr);
    for (i, (_, children)) in workers.into_iter().enumerate() {
        let form = format!("username=bw{i}&password={PASSWORD}");
        let (status, cookie) = conn.send("POST", "/sign-in", "", Some(&form)).await?;
        let cookie = cookie
            .filter(|_| status == 303)
            .ok_or_else(|| Failure(format!("bw{i} could not sign in ({status})")))?;
        out.push(Worker { cookie, children });
    }
    Ok(out)
}

/// One virtual user until the deadline: (operation, microseconds, ok).
async fn virtual_user(
    addr: std::net::SocketAddr,
    workers: &[Worker],
    u: usize,
    deadline: Instant,
) -> Vec<(Op, u64, bool)> {
    let me = &workers[u % workers.len()];
    let mut conn = Conn::new(addr);
    let mut rng = Rng(u as u64 + 11);
    let mut samples = Vec::new();
    let today = jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date();
    while Instant::now() < deadline {
        let roll = rng.range(0, 99);
        let child = me
            .children
            .get(rng.range(0, me.children.len().max(1) as i64 - 1) as usize)
            .copied();
        let (op, method, path, form) = match (roll, child) {
            (0..=39, Some(c)) => (Op::Child, "GET", format!("/children/{}", c.0), None),
            (40..=59, _) | (_, None) => (Op::Caseload, "GET", "/my-work".to_owned(), None),
            (60..=79, _) => (
                Op::Search,
                "GET",
                format!("/search?q={}", FAMILY[rng.range(0, 7) as usize]),
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
    }
    samples
}
