//! `hearth validate`, run as an analyst would run it on files from another
//! system, given every kind of bad input the returns issue lists: each gets
//! one message naming the file and where in it, exit status 2, and no
//! panic; a value of the wrong form is a finding of the DfE's rules (exit
//! status 1), as the DfE's own validator reports it.
#![allow(clippy::unwrap_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};
use std::process::Output;

mod common;
use common::{hearth, stderr, stdout};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hearth-validate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn fixtures(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/returns/tests/fixtures")
        .join(kind)
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Refused as unreadable: exit 2, no panic, nothing on stdout, and a
/// message holding every one of `names`.
fn refused(o: &Output, names: &[&str]) -> String {
    let err = stderr(o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(stdout(o).is_empty(), "{}", stdout(o));
    for name in names {
        assert!(err.contains(name), "{name:?} not in {err:?}");
    }
    assert_eq!(err.trim().lines().count(), 1, "one message: {err}");
    err
}

/// A copy of the community's 2025-26 census sample with `edit` applied.
fn census(name: &str, edit: impl FnOnce(Vec<u8>) -> Vec<u8>) -> PathBuf {
    let bytes = std::fs::read(fixtures("cin").join("CIN_Census_2026.xml")).unwrap();
    let file = scratch(name).join("census.xml");
    std::fs::write(&file, edit(bytes)).unwrap();
    file
}

fn cin(file: &Path) -> Output {
    hearth(&["validate", "cin", path(file), "--year", "2025-26"])
}

fn replace(bytes: Vec<u8>, from: &str, to: &[u8]) -> Vec<u8> {
    let at = bytes
        .windows(from.len())
        .position(|w| w == from.as_bytes())
        .unwrap_or_else(|| panic!("{from:?} not in the sample"));
    let mut out = bytes[..at].to_vec();
    out.extend_from_slice(to);
    out.extend_from_slice(&bytes[at + from.len()..]);
    out
}

#[test]
fn the_census_sample_as_given_is_read() {
    let o = cin(&census("as-given", |b| b));
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"));
}

#[test]
fn malformed_census_xml_is_named_by_line() {
    let file = census("malformed", |b| replace(b, "</LAchildID>", b"</LAchild>"));
    let err = refused(&cin(&file), &["census.xml", "line"]);
    assert!(err.contains("LAchild"), "{err}");
}

#[test]
fn an_empty_census_file_is_refused() {
    let file = census("empty", |_| Vec::new());
    refused(&cin(&file), &["census.xml", "empty"]);
}

#[test]
fn a_census_in_windows_1252_is_refused_at_its_line() {
    // "é" (0xE9 in Windows-1252) in the first child's LAchildID.
    let file = census("cp1252", |b| replace(b, "<LAchildID>", b"<LAchildID>\xE9"));
    refused(&cin(&file), &["census.xml", "line", "0xE9", "UTF-8"]);
}

/// The findings printed, without the summary line that names the file.
fn findings_printed(o: &Output) -> Vec<String> {
    let out = stdout(o);
    let lines: Vec<String> = out.lines().map(str::to_owned).collect();
    lines[..lines.len().saturating_sub(1)].to_vec()
}

#[test]
fn a_census_with_a_byte_order_mark_is_read_as_without() {
    let plain = cin(&census("no-bom", |b| b));
    let file = census("bom", |b| [b"\xEF\xBB\xBF".as_slice(), &b].concat());
    let o = cin(&file);
    assert_eq!(o.status.code(), plain.status.code(), "{}", stderr(&o));
    assert!(!findings_printed(&plain).is_empty());
    assert_eq!(findings_printed(&o), findings_printed(&plain));
}

#[test]
fn a_census_file_over_the_limit_is_refused_before_it_is_read() {
    let file = scratch("huge").join("census.xml");
    // Sparse: a gigabyte on paper, nothing on disk.
    std::fs::File::create(&file)
        .unwrap()
        .set_len(1024 * 1024 * 1024)
        .unwrap();
    refused(&cin(&file), &["census.xml", "1024 MB", "256 MB"]);
}

#[test]
fn a_missing_census_file_or_a_folder_is_named() {
    let dir = scratch("missing");
    refused(&cin(&dir.join("nowhere.xml")), &["nowhere.xml"]);
    refused(&cin(&dir), &[path(&dir)]);
}

/// A copy of the community's SSDA903 sample folder with `file` replaced
/// by `contents` (or removed, when `None`).
fn ssda903(name: &str, file: &str, contents: Option<&[u8]>) -> PathBuf {
    let dir = scratch(name);
    for entry in std::fs::read_dir(fixtures("ssda903")).unwrap() {
        let entry = entry.unwrap();
        let to = dir.join(entry.file_name());
        if entry.file_name().to_str().unwrap().ends_with(".csv") {
            std::fs::copy(entry.path(), to).unwrap();
        }
    }
    match contents {
        Some(bytes) => std::fs::write(dir.join(file), bytes).unwrap(),
        None => std::fs::remove_file(dir.join(file)).unwrap(),
    }
    dir
}

fn validate_903(dir: &Path) -> Output {
    hearth(&["validate", "ssda903", path(dir), "--year", "2025-26"])
}

fn header_with(lines: &[&str]) -> Vec<u8> {
    lines.join("\n").into_bytes()
}

#[test]
fn an_ssda903_column_missing_or_one_too_many_is_named() {
    let dir = ssda903(
        "column-missing",
        "header.csv",
        Some(&header_with(&[
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER",
            "566910,2,27/03/2008,WROM,D051910639385,",
        ])),
    );
    refused(&validate_903(&dir), &["header.csv", "MC_DOB"]);

    let dir = ssda903(
        "column-extra",
        "header.csv",
        Some(&header_with(&[
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,SHOE_SIZE",
            "566910,2,27/03/2008,WROM,D051910639385,,,5",
        ])),
    );
    refused(&validate_903(&dir), &["header.csv", "SHOE_SIZE"]);
}

#[test]
fn an_ssda903_row_with_too_many_cells_is_named_by_line() {
    let dir = ssda903(
        "row-cells",
        "header.csv",
        Some(&header_with(&[
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
            "566910,2,27/03/2008,WROM,D051910639385,,",
            "384923,2,09/09/2011,REFU,L034811502612,,,,",
        ])),
    );
    refused(&validate_903(&dir), &["header.csv", "line 3"]);
}

#[test]
fn an_empty_ssda903_file_is_refused() {
    let dir = ssda903("empty", "episodes.csv", Some(b""));
    refused(&validate_903(&dir), &["episodes.csv", "empty"]);
}

#[test]
fn an_ssda903_file_in_windows_1252_is_refused_at_its_line() {
    let dir = ssda903(
        "cp1252",
        "header.csv",
        Some(b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n566910,2,27/03/2008,WROM,D05191063938\xE9,,\n"),
    );
    refused(&validate_903(&dir), &["header.csv", "line 2", "0xE9"]);
}

#[test]
fn an_ssda903_file_with_a_byte_order_mark_is_read_as_without() {
    let header = std::fs::read(fixtures("ssda903").join("header.csv")).unwrap();
    let plain = validate_903(&ssda903("no-bom", "header.csv", Some(&header)));
    let with_bom = [b"\xEF\xBB\xBF".as_slice(), &header].concat();
    let o = validate_903(&ssda903("bom", "header.csv", Some(&with_bom)));
    assert_eq!(o.status.code(), plain.status.code(), "{}", stderr(&o));
    assert!(!findings_printed(&plain).is_empty());
    assert_eq!(findings_printed(&o), findings_printed(&plain));
}

#[test]
fn an_ssda903_file_over_the_limit_is_refused_before_it_is_read() {
    let dir = ssda903("huge", "reviews.csv", Some(b""));
    std::fs::File::create(dir.join("reviews.csv"))
        .unwrap()
        .set_len(1024 * 1024 * 1024)
        .unwrap();
    refused(&validate_903(&dir), &["reviews.csv", "bytes"]);
}

#[test]
fn a_folder_with_no_ssda903_file_is_refused() {
    let dir = scratch("none");
    std::fs::write(dir.join("notes.txt"), "not a return").unwrap();
    refused(&validate_903(&dir), &[path(&dir), "header.csv"]);
}

/// The findings `hearth validate ssda903 --json` printed.
fn findings(o: &Output) -> Vec<serde_json::Value> {
    serde_json::from_str::<Vec<serde_json::Value>>(&stdout(o))
        .unwrap_or_else(|e| panic!("{e}: {}", stdout(o)))
}

#[test]
fn a_date_of_the_wrong_form_or_an_unknown_code_is_a_finding_naming_the_child_and_field() {
    let dir = ssda903(
        "bad-values",
        "header.csv",
        Some(&header_with(&[
            "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB",
            "566910,2,2008-03-27,WROM,D051910639385,,",
            "384923,2,09/09/2011,MARS,L034811502612,,",
        ])),
    );
    let o = hearth(&[
        "validate",
        "ssda903",
        path(&dir),
        "--year",
        "2025-26",
        "--json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let all = findings(&o);
    let about = |child: &str, field: &str| {
        all.iter().any(|f| {
            f["child"] == child
                && f["field"].as_str().unwrap_or("").contains(field)
                && f["kind"] == "error"
        })
    };
    assert!(about("566910", "DOB"), "{all:#?}");
    assert!(about("384923", "ETHNIC"), "{all:#?}");
}

/// A copy of the community's SSDA903 sample folder as it is.
fn sample_903(name: &str) -> PathBuf {
    let header = std::fs::read(fixtures("ssda903").join("header.csv")).unwrap();
    ssda903(name, "header.csv", Some(&header))
}

fn validate_903_with_providers(dir: &Path, providers: &Path) -> Output {
    hearth(&[
        "validate",
        "ssda903",
        path(dir),
        "--year",
        "2025-26",
        "--providers",
        path(providers),
        "--json",
    ])
}

#[test]
fn ofsteds_list_of_providers_lets_the_urn_rules_run() {
    let dir = sample_903("providers-run");
    let list = dir.join("providers.xlsx");
    let made = hearth(&[
        "synth",
        "providers",
        "--profile",
        "small",
        "--out",
        path(&list),
    ]);
    assert!(made.status.success(), "{}", stderr(&made));
    // Without the list the URN rules say they did not run; with it they
    // run, and the sample's URNs are not the synthetic area's (1008).
    let without = validate_903(&dir);
    assert!(stderr(&without).contains("1008"), "{}", stderr(&without));
    let with = validate_903_with_providers(&dir, &list);
    let not_run = stderr(&with);
    for code in ["219", "221", "224", "227", "228", "1008"] {
        assert!(
            !not_run.split_whitespace().any(|w| w == code),
            "{code} not run: {not_run}"
        );
    }
    assert!(
        findings(&with).iter().any(|f| f["rule"] == "1008"),
        "{}",
        stdout(&with)
    );
}

#[test]
fn a_provider_list_that_is_not_one_is_named() {
    let dir = sample_903("providers-bad");
    // A CSV given as the workbook.
    let csv = dir.join("providers.csv");
    std::fs::write(&csv, "URN,Local authority\nSC400001,Leeds\n").unwrap();
    refused(
        &validate_903_with_providers(&dir, &csv),
        &[path(&csv), "not a workbook"],
    );
    // An empty file.
    let empty = dir.join("empty.xlsx");
    std::fs::write(&empty, b"").unwrap();
    refused(
        &validate_903_with_providers(&dir, &empty),
        &[path(&empty), "empty"],
    );
    // A workbook without the list's columns: named by sheet and row.
    let wrong = dir.join("wrong.xlsx");
    let rows = vec![vec![
        hearth_xlsx::Cell::Text("URN".into()),
        hearth_xlsx::Cell::Text("Name".into()),
    ]];
    std::fs::write(&wrong, hearth_xlsx::write_sheet("Homes", &rows).unwrap()).unwrap();
    refused(
        &validate_903_with_providers(&dir, &wrong),
        &[path(&wrong), "sheet \"Homes\", row 1", "placement code"],
    );
    // A date that is not one: named by sheet, row and column.
    let dated = dir.join("dated.xlsx");
    let text = |s: &str| hearth_xlsx::Cell::Text(s.into());
    let rows = vec![
        hearth_returns::ssda903::rules::HEADINGS.map(text).to_vec(),
        ["SC400001", "Leeds", "K2", "PR4", "last Tuesday", "LS1 4AP"]
            .map(text)
            .to_vec(),
    ];
    std::fs::write(
        &dated,
        hearth_xlsx::write_sheet("Providers", &rows).unwrap(),
    )
    .unwrap();
    refused(
        &validate_903_with_providers(&dir, &dated),
        &[path(&dated), "row 2", "deregistration date"],
    );
}
