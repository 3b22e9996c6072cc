//! The `hearth` command line, run as a user would run it.
#![allow(clippy::unwrap_used)] // test helpers: a failure here is a failed test

use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

mod common;
use common::{hearth, stderr, stdout};

/// A file in a fresh scratch directory.
fn scratch(name: &str, contents: &str) -> PathBuf {
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hearth-cli-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

#[test]
fn workdays_add_prints_the_due_date() {
    let o = hearth(&["workdays", "add", "2024-12-20", "45"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "2025-02-26\n");
    assert_eq!(
        stdout(&hearth(&["workdays", "add", "2025-04-14", "20"])),
        "2025-05-15\n"
    );
}

#[test]
fn workdays_between_prints_the_count() {
    let o = hearth(&["workdays", "between", "2024-12-23", "2025-01-23"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "20\n");
}

#[test]
fn workdays_is_prints_yes_or_no() {
    assert_eq!(stdout(&hearth(&["workdays", "is", "2025-12-25"])), "no\n");
    assert_eq!(stdout(&hearth(&["workdays", "is", "2025-12-27"])), "no\n");
    assert_eq!(stdout(&hearth(&["workdays", "is", "2025-12-24"])), "yes\n");
}

#[test]
fn dates_outside_the_calendar_are_errors() {
    for args in [
        &["workdays", "add", "2028-12-20", "10"][..],
        &["workdays", "is", "2029-01-02"][..],
        &["workdays", "between", "2011-12-01", "2012-01-10"][..],
    ] {
        let o = hearth(args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stdout(&o).is_empty());
        assert!(
            stderr(&o).contains("the calendar does not cover"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn bad_arguments_say_what_is_wrong() {
    let o = hearth(&["workdays", "is", "25/12/2025"]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(
        stderr(&o),
        "hearth: DATE \"25/12/2025\" is not a date (YYYY-MM-DD)\n"
    );
    let o = hearth(&["workdays", "add", "2025-01-01", "-3"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn a_newer_holiday_file_extends_the_calendar() {
    let file = scratch(
        "bank-holidays.json",
        r#"{"england-and-wales":{"division":"england-and-wales","events":[
            {"title":"New Year's Day","date":"2029-01-01","notes":"","bunting":true},
            {"title":"Christmas Day","date":"2029-12-25","notes":"","bunting":true}]}}"#,
    );
    let o = hearth(&[
        "workdays",
        "is",
        "2029-01-01",
        "--holidays",
        file.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "no\n");
    let bad = scratch("bank-holidays.json", "[]");
    let o = hearth(&[
        "workdays",
        "is",
        "2025-01-01",
        "--holidays",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bank-holiday file"), "{}", stderr(&o));
}

/// A referral on Friday 20 December 2024 whose assessment was authorised on
/// 26 February 2025 (day 45), and a section 47 from 20 December with no
/// ICPC yet.
const CHILD: &str = r#"{"schema":1,"id":1,"on":"2024-12-20","recorded_by":"u1","recorded_at":"2024-12-20T10:00:00Z","event":{"type":"ReferralAccepted","source":"6"}}
{"schema":1,"id":2,"on":"2024-12-20","recorded_by":"u1","recorded_at":"2024-12-20T10:05:00Z","event":{"type":"AssessmentStarted"}}

{"schema":1,"id":3,"on":"2024-12-20","recorded_by":"u1","recorded_at":"2024-12-20T11:00:00Z","event":{"type":"Section47Started"}}
{"schema":1,"id":4,"on":"2025-02-26","recorded_by":"u2","recorded_at":"2025-02-26T16:00:00Z","event":{"type":"AssessmentAuthorised","factors":["16A"],"child_seen":true,"seen_alone":true,"outcome":"strategy_discussion"}}
"#;

#[test]
fn obligations_as_json() {
    let file = scratch("child.jsonl", CHILD);
    let o = hearth(&[
        "obligations",
        file.to_str().unwrap(),
        "--as-at",
        "2025-03-01",
        "--json",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let rows: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(rows.len(), 2, "{}", stdout(&o));
    let icpc = rows.iter().find(|r| r["rule"] == "icpc").unwrap();
    assert_eq!(icpc["start"], "2024-12-20");
    assert_eq!(icpc["due"], "2025-01-15");
    assert_eq!(icpc["met"], serde_json::Value::Null);
    assert_eq!(icpc["status"], "overdue");
    let assessment = rows
        .iter()
        .find(|r| r["rule"] == "assessment_completion")
        .unwrap();
    assert_eq!(assessment["due"], "2025-02-26");
    assert_eq!(assessment["met"], "2025-02-26");
    assert_eq!(assessment["met_by"], 4);
    assert_eq!(assessment["status"], "met");
}

#[test]
fn obligations_as_a_table_judged_as_at_a_date() {
    let file = scratch("child.jsonl", CHILD);
    let o = hearth(&[
        "obligations",
        file.to_str().unwrap(),
        "--as-at",
        "2025-01-10",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    assert!(lines[0].starts_with("RULE"), "{out}");
    // As at 10 January the assessment (authorised later) is open and the ICPC not yet due.
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("icpc") && l.contains("2025-01-15") && l.ends_with("due")),
        "{out}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("assessment_completion") && l.contains(" - ")),
        "{out}"
    );
}

#[test]
fn a_stricter_local_policy_moves_due_dates_and_a_looser_one_is_refused() {
    let file = scratch("child.jsonl", CHILD);
    let strict = scratch("policy.toml", "[timescales]\nicpc = \"10 working days\"\n");
    let o = hearth(&[
        "obligations",
        file.to_str().unwrap(),
        "--as-at",
        "2025-03-01",
        "--json",
        "--policy",
        strict.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stdout(&o)
            .contains(r#""rule":"icpc","start":"2024-12-20","start_event":3,"due":"2025-01-08""#),
        "{}",
        stdout(&o)
    );

    let loose = scratch("policy.toml", "[timescales]\nicpc = \"20 working days\"\n");
    let o = hearth(&[
        "obligations",
        file.to_str().unwrap(),
        "--policy",
        loose.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o)
            .contains("icpc = \"20 working days\" is looser than the statutory 15 working days"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_bad_line_is_named_by_its_number() {
    let mut text = CHILD.to_owned();
    text.push_str(r#"{"schema":1,"id":5,"on":"2025-03-01","recorded_by":"u1","recorded_at":"2025-03-01T10:00:00Z","event":{"type":"CinPlanStarted","colour":"red"}}"#);
    let file = scratch("child.jsonl", &text);
    let o = hearth(&[
        "obligations",
        file.to_str().unwrap(),
        "--as-at",
        "2025-03-01",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("child.jsonl:6:"), "{err}");
    assert!(err.contains("unknown field `colour`"), "{err}");
    assert!(stdout(&o).is_empty());

    let file = scratch("child.jsonl", "not json\n");
    let o = hearth(&["obligations", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("child.jsonl:1:"), "{}", stderr(&o));
}

#[test]
fn contradictory_events_are_listed_with_their_lines() {
    let mut text = CHILD.to_owned();
    text.push_str(r#"{"schema":1,"id":5,"on":"2025-03-01","recorded_by":"u1","recorded_at":"2025-03-01T10:00:00Z","event":{"type":"ProtectionPlanEnded"}}"#);
    let file = scratch("child.jsonl", &text);
    let o = hearth(&[
        "obligations",
        file.to_str().unwrap(),
        "--as-at",
        "2025-03-02",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    assert!(err.contains("child.jsonl:6: event #5: child protection plan ended on 2025-03-01, but no child protection plan is open then"), "{err}");
}

#[test]
fn a_missing_file_is_an_error_not_a_panic() {
    let o = hearth(&["obligations", "/nonexistent/child.jsonl"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("hearth: /nonexistent/child.jsonl:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn the_fold_benchmark_runs_and_reports() {
    let o = hearth(&["bench", "fold", "--profile", "small", "--passes", "1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    let children: usize = out
        .strip_prefix("generated ")
        .and_then(|r| r.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(children > 5_000, "{out}");
    assert!(out.contains("fold + obligations:"), "{out}");
    assert!(out.contains("events/s"), "{out}");
}

#[test]
fn migrate_rebuild_and_backup_a_sqlite_database() {
    let dir = scratch("placeholder", "").parent().unwrap().to_path_buf();
    let db = dir.join("hearth.db");
    let db = db.to_str().unwrap();
    let o = hearth(&["migrate", "--db", db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("schema is up to date"));
    let o = hearth(&["rebuild", "--db", db]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("rebuilt the derived rows of 0 children"),
        "{}",
        stderr(&o)
    );

    let copy = dir.join("copy.db");
    let o = hearth(&["backup", "--db", db, copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::metadata(&copy).unwrap().len() > 0);
    // The copy is a working database.
    let o = hearth(&["migrate", "--db", copy.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));

    // A backup never overwrites.
    let o = hearth(&["backup", "--db", db, copy.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
}

#[test]
fn a_database_that_cannot_be_opened_is_an_error() {
    let o = hearth(&["migrate", "--db", "/nonexistent/dir/hearth.db"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).starts_with("hearth: /nonexistent/dir/hearth.db:"),
        "{}",
        stderr(&o)
    );
    let o = hearth(&["rebuild", "--db", "mysql://elsewhere/db"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn users_are_added_with_a_role_team_and_password() {
    let dir = scratch("placeholder", "").parent().unwrap().to_path_buf();
    let db = dir.join("users.db");
    let db = db.to_str().unwrap();
    let o = hearth(&[
        "users",
        "add",
        "--db",
        db,
        "tm1",
        "--name",
        "Team Manager",
        "--role",
        "team_manager",
        "--team",
        "CP 1",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("user: tm1  role: team_manager  id: 1\npassword: "),
        "{out}"
    );
    assert_eq!(out.lines().nth(1).unwrap().len(), "password: ".len() + 20);

    let o = Command::new(env!("CARGO_BIN_EXE_hearth"))
        .args([
            "users",
            "add",
            "--db",
            db,
            "sw1",
            "--name",
            "Social Worker",
            "--role",
            "social_worker",
            "--manager",
            "tm1",
        ])
        .env("HEARTH_PASSWORD", "a long enough passphrase")
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "user: sw1  role: social_worker  id: 2\n",
        "a given password is not printed"
    );

    for (args, expected) in [
        (
            vec!["sw1", "--name", "X", "--role", "iro"],
            "username \"sw1\" is taken",
        ),
        (
            vec!["x", "--name", "X", "--role", "wizard"],
            "--role \"wizard\" is not a role",
        ),
        (
            vec!["x y", "--name", "X", "--role", "iro"],
            "use letters, digits",
        ),
        (
            vec!["x", "--name", "X", "--role", "iro", "--manager", "nobody"],
            "--manager \"nobody\": no such user",
        ),
    ] {
        let mut all = vec!["users", "add", "--db", db];
        all.extend(args);
        let o = hearth(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}");
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    }
}

#[test]
fn accounts_are_added_audited_and_ended_from_the_command_line() {
    let dir = scratch("placeholder", "").parent().unwrap().to_path_buf();
    let db = dir.join("accounts.db");
    let db = db.to_str().unwrap();
    let users = |args: &[&str]| {
        let mut all = vec!["users", args[0], "--db", db];
        all.extend(&args[1..]);
        hearth(&all)
    };
    let o = users(&[
        "add",
        "tm1",
        "--name",
        "Team Manager",
        "--role",
        "team_manager",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = users(&["token", "tm1", "--name", "robot"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = users(&["revoke-tokens", "tm1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "revoked 1 API tokens of user id 1\n");
    let o = users(&["reset-password", "tm1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with(
            "reset the password of user id 1: 0 sessions ended, 0 API tokens revoked\npassword: "
        ),
        "{out}"
    );
    assert_eq!(out.lines().nth(1).unwrap().len(), "password: ".len() + 20);
    let o = users(&["deactivate", "tm1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "deactivated user id 1: 0 sessions ended, 0 API tokens revoked\n"
    );
    for (args, expected) in [
        (
            vec!["deactivate", "tm1"],
            "username \"tm1\": this account is deactivated already",
        ),
        (
            vec!["reset-password", "tm1"],
            "username \"tm1\": this account is deactivated already",
        ),
        (
            vec!["deactivate", "nobody"],
            "username \"nobody\": no such user",
        ),
        (
            vec!["revoke-tokens", "nobody"],
            "username \"nobody\": no such user",
        ),
    ] {
        let o = users(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(expected), "{}", stderr(&o));
    }

    // Each change wrote one audit row, by the command line (no actor), by id.
    let url = format!("sqlite:{db}");
    tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = hearth_store::Db::open(&url).await.unwrap();
        for (action, detail) in [
            (
                "admin:add_user",
                "user 1 as team_manager; by the command line",
            ),
            (
                "admin:revoke_api_tokens",
                "user 1: 0 sessions ended, 1 API tokens revoked; by the command line",
            ),
            (
                "admin:reset_password",
                "user 1: 0 sessions ended, 0 API tokens revoked; by the command line",
            ),
            (
                "admin:deactivate_user",
                "user 1: 0 sessions ended, 0 API tokens revoked; by the command line",
            ),
        ] {
            let rows = store.audit_by_action(action).await.unwrap();
            assert_eq!(rows.len(), 1, "{action}");
            assert_eq!(rows[0].actor, None);
            assert_eq!(rows[0].detail.as_deref(), Some(detail));
        }
        let creds = store.credentials("tm1").await.unwrap().unwrap();
        assert!(creds.must_change_password);
        assert!(!creds.active);
        // A role that reads children, in force at once, but reported.
        let grants = store
            .role_approvals_since(jiff::Timestamp::UNIX_EPOCH)
            .await
            .unwrap();
        assert_eq!(grants.len(), 1, "{grants:?}");
        assert_eq!(
            (grants[0].user.0, grants[0].role, grants[0].requested_by),
            (1, hearth_store::Role::TeamManager, None)
        );
        assert_eq!(
            grants[0].decision,
            Some(hearth_store::RoleDecision::Approved)
        );
        store.close().await;
    });
}

#[test]
fn a_clock_past_the_calendar_names_the_list_the_event_and_the_clock() {
    // A referral on 30 October 2028: 45 working days run into 2029, past
    // the shipped bank holidays.
    let file = scratch(
        "late.jsonl",
        r#"{"schema":1,"id":7,"on":"2028-10-30","recorded_by":"u1","recorded_at":"2028-10-30T10:00:00Z","event":{"type":"ReferralAccepted","source":"6"}}
"#,
    );
    let o = hearth(&[
        "obligations",
        file.to_str().unwrap(),
        "--as-at",
        "2028-11-01",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.lines().any(|l| l.starts_with("assessment_completion")
            && l.contains("beyond the calendar")
            && l.contains("beyond_calendar")),
        "{out}"
    );
    let err = stderr(&o);
    let name = file.display().to_string();
    assert!(
        err.contains(&format!(
            "{name}:1: event #7 starts the assessment_completion clock"
        )),
        "{err}"
    );
    assert!(
        err.contains("bank-holidays.json") && err.contains("2028-12-31"),
        "{err}"
    );
    assert!(err.contains("import the new bank holidays"), "{err}");
    // No intermediate date (start + 45 calendar days) is given.
    assert!(!err.contains("2028-12-14"), "{err}");
}
