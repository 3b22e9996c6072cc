//! `hearth synth` and `hearth synth report`, run as a user would run them.
#![allow(clippy::unwrap_used)] // test helpers: a failure here is a failed test

use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;
use common::{hearth, stderr, stdout};

/// A fresh, empty scratch directory.
fn scratch() -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hearth-synth-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &std::path::Path) -> &str {
    p.to_str().unwrap()
}

#[test]
fn bad_arguments_say_what_is_wrong_and_write_nothing() {
    let dir = scratch();
    let db = dir.join("la.db");
    let cases: [(&[&str], &str); 5] = [
        (
            &["--profile", "county", "--db", path(&db)],
            "there is no profile \"county\"; the profiles are small, medium, large, england",
        ),
        (
            &[
                "--profile",
                "small",
                "--as-at",
                "2031-04-01",
                "--db",
                path(&db),
            ],
            "--as-at 2031-04-01 is beyond the working-day calendar",
        ),
        (
            &[
                "--profile",
                "small",
                "--as-at",
                "1 April",
                "--db",
                path(&db),
            ],
            "--as-at \"1 April\" is not a date",
        ),
        (
            &["--profile", "england", "--db", path(&db)],
            "--profile england is streamed to event files",
        ),
        (&["--profile", "small"], "give --db PATH"),
    ];
    for (args, expected) in cases {
        let mut all = vec!["synth"];
        all.extend_from_slice(args);
        let o = hearth(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}: {}", stderr(&o));
        assert!(stderr(&o).contains(expected), "{all:?}: {}", stderr(&o));
        assert!(!db.exists(), "{all:?} wrote {}", db.display());
    }
    let nowhere = dir.join("no-such-folder").join("la.db");
    let o = hearth(&["synth", "--profile", "small", "--db", path(&nowhere)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("does not exist"), "{}", stderr(&o));
    // An existing file is never overwritten.
    std::fs::write(&db, "keep me").unwrap();
    let o = hearth(&["synth", "--profile", "small", "--db", path(&db)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&db).unwrap(), "keep me");
}

#[test]
fn event_files_are_the_same_bytes_for_the_same_seed() {
    let dir = scratch();
    let run = |name: &str, seed: &str| {
        let out = dir.join(name);
        let o = hearth(&[
            "synth",
            "--profile",
            "small",
            "--years",
            "1",
            "--seed",
            seed,
            "--as-at",
            "2026-06-30",
            "--out",
            path(&out),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        out
    };
    let a = run("a", "5");
    let b = run("b", "5");
    let c = run("c", "6");
    for file in ["authority.json", "workforce.jsonl", "children-0001.jsonl"] {
        let x = std::fs::read(a.join(file)).unwrap();
        assert_eq!(x, std::fs::read(b.join(file)).unwrap(), "{file}");
        if file == "children-0001.jsonl" {
            assert_ne!(x, std::fs::read(c.join(file)).unwrap());
        }
    }
    // Every line is a child with identity and events the ledger reads back.
    let text = std::fs::read_to_string(a.join("children-0001.jsonl")).unwrap();
    let mut children = 0;
    for line in text.lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(
            v["identity"]["la_child_id"]
                .as_str()
                .unwrap()
                .starts_with("SC")
        );
        for e in v["events"].as_array().unwrap() {
            // The ledger's own strict reader accepts it.
            hearth_domain::events::Event::from_json(&e.to_string()).unwrap();
        }
        children += 1;
    }
    assert!(children > 1_000, "{children}");
    // A folder that exists is refused.
    let o = hearth(&["synth", "--profile", "small", "--out", path(&a)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"));
}

#[test]
fn a_generated_database_passes_its_calibration_report() {
    let dir = scratch();
    let db = dir.join("la.db");
    let o = hearth(&[
        "synth",
        "--profile",
        "small",
        "--years",
        "2",
        "--seed",
        "3",
        "--as-at",
        "2026-11-30",
        "--db",
        path(&db),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("children"), "{}", stderr(&o));
    let o = hearth(&["synth", "report", "--db", path(&db)]);
    let out = stdout(&o);
    assert!(o.status.success(), "{out}{}", stderr(&o));
    assert!(
        out.contains("Calibration for the year 2025-04-01 to 2026-03-31"),
        "{out}"
    );
    assert!(out.contains("All 22 measures within tolerance."), "{out}");
    assert!(out.contains("referrals"), "{out}");
    // A database not made by synth has no population to rate against.
    let empty = dir.join("empty.db");
    let o = hearth(&["migrate", "--db", path(&empty)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = hearth(&["synth", "report", "--db", path(&empty)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("has no local authority details"),
        "{}",
        stderr(&o)
    );
}

/// A load into PostgreSQL (where each block is prepared while the server
/// writes the block before) holds what a load of the same seed into SQLite
/// holds: the calibration report, read from every ledger, is the same.
/// Runs when `HEARTH_TEST_DATABASE_URL` names a server.
#[test]
fn a_postgres_load_holds_what_a_sqlite_load_holds() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some(pg) = runtime
        .block_on(hearth_store::testing::TestDb::postgres())
        .unwrap()
    else {
        return;
    };
    let url = pg.postgres_url().unwrap();
    runtime.block_on(pg.db.close());
    let dir = scratch();
    let sqlite = dir.join("la.db");
    let load = |db: &str| {
        hearth(&[
            "synth",
            "--profile",
            "small",
            "--years",
            "2",
            "--seed",
            "5",
            "--as-at",
            "2026-11-30",
            "--db",
            db,
        ])
    };
    for db in [path(&sqlite), url.as_str()] {
        let o = load(db);
        assert!(o.status.success(), "{}", stderr(&o));
    }
    let report = |db: &str| {
        let o = hearth(&["synth", "report", "--db", db]);
        assert!(o.status.success(), "{}", stderr(&o));
        stdout(&o)
    };
    let (on_sqlite, on_postgres) = (report(path(&sqlite)), report(&url));
    assert!(on_sqlite.contains("referrals"), "{on_sqlite}");
    assert_eq!(on_postgres, on_sqlite);
    runtime.block_on(pg.finish()).unwrap();
}

#[test]
fn calibration_on_several_seeds_reports_each_and_each_measure_over_them() {
    let o = hearth(&[
        "synth",
        "calibrate",
        "--profile",
        "small",
        "--seeds",
        "2",
        "--years",
        "2",
    ]);
    let out = stdout(&o);
    assert!(o.status.success(), "{}{out}", stderr(&o));
    assert!(
        out.contains("seed 1: all 22 measures within tolerance"),
        "{out}"
    );
    assert!(
        out.contains("seed 2: all 22 measures within tolerance"),
        "{out}"
    );
    assert!(out.contains("small: 2 of 2 seeds pass (1 to 2)"), "{out}");
    // Each measure over the seeds, with the design effect measured: the
    // referrals of brothers and sisters come together.
    let referrals = out
        .lines()
        .find(|l| l.starts_with("referrals "))
        .unwrap_or_else(|| panic!("{out}"));
    let deff: f64 = referrals
        .split_whitespace()
        .nth(3)
        .unwrap()
        .parse()
        .unwrap();
    assert!(deff > 1.1, "{referrals}");

    for (args, says) in [
        (&["--profile", "england"][..], "too large to calibrate"),
        (&["--seeds", "0"][..], "--seeds: give at least 1"),
    ] {
        let o = hearth(&[&["synth", "calibrate"][..], args].concat());
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(says), "{}", stderr(&o));
    }
}
