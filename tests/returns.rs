//! `hearth returns`, run as a user would run it, on a small synthetic
//! authority; the files are checked against the DfE census schemas with
//! xmllint (Debian: libxml2-utils), which must be installed.
#![allow(clippy::unwrap_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};
use std::process::Command;

mod common;
use common::{hearth, stderr, stdout};

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hearth-returns-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn xmllint(file: &Path, schema: &str) -> Result<(), String> {
    let xsd = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("crates/returns/data/cin")
        .join(schema);
    match Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(&xsd)
        .arg(file)
        .output()
    {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => panic!(
            "xmllint is not installed, and this test checks the census against its XML schema \
             with it: install it (Debian/Ubuntu: apt-get install libxml2-utils)"
        ),
        Err(e) => panic!("xmllint could not be run: {e}"),
        Ok(o) if o.status.success() => Ok(()),
        Ok(o) => Err(String::from_utf8_lossy(&o.stderr).into_owned()),
    }
}

/// The SHA-256 the command printed, checked against the file's own.
fn printed_sha256(out: &str) -> String {
    out.split("SHA-256 ")
        .nth(1)
        .unwrap_or_else(|| panic!("no SHA-256 in {out:?}"))
        .trim()
        .to_owned()
}

#[test]
fn the_cin_census_of_a_synthetic_authority_is_valid_against_each_years_schema() {
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

    for (year, schema) in [
        ("2025-26", "CIN_schema_2025_26.xsd"),
        ("2026-27", "CIN_schema_2026_27.xsd"),
    ] {
        let file = dir.join(format!("cin-{year}.xml"));
        let o = hearth(&[
            "returns",
            "cin",
            "--year",
            year,
            "--out",
            path(&file),
            "--db",
            path(&db),
        ]);
        let out = stdout(&o);
        assert!(o.status.success(), "{out}{}", stderr(&o));
        let xml = std::fs::read_to_string(&file).unwrap();
        // The count printed is the children in the file, and there are some.
        let children = xml.matches("<Child>").count();
        assert!(children > 100, "{year}: only {children} children");
        assert!(
            out.contains(&format!("CIN census {year}, {children} children")),
            "{out}"
        );
        assert_eq!(
            printed_sha256(&out),
            hearth_app::attachments::sha256_hex(xml.as_bytes())
        );
        // The small profile's area is Middlesbrough, DfE LA number 806.
        assert!(xml.contains("<LEA>806</LEA>"), "{year}");
        if let Err(complaints) = xmllint(&file, schema) {
            let head: String = complaints.lines().take(20).collect::<Vec<_>>().join("\n");
            panic!("{year}: the census is not valid against {schema}:\n{head}");
        }
    }

    // The children looked after return from the same authority: each
    // year's files, with the deprivation of liberty file from 2026-27 only.
    for (year, dolo) in [("2025-26", false), ("2026-27", true)] {
        let out_dir = dir.join(format!("ssda903-{year}"));
        let o = hearth(&[
            "returns",
            "ssda903",
            "--year",
            year,
            "--out",
            path(&out_dir),
            "--db",
            path(&db),
        ]);
        assert!(o.status.success(), "{}", stderr(&o));
        assert!(
            stderr(&o).contains(&format!("SSDA903 {year}")),
            "{}",
            stderr(&o)
        );
        let episodes = std::fs::read_to_string(out_dir.join("episodes.csv")).unwrap();
        assert!(
            episodes.starts_with("CHILD,DECOM,RNE,LS,CIN,PLACE,"),
            "{episodes}"
        );
        assert!(episodes.lines().count() > 50, "{year}: few episodes");
        assert!(out_dir.join("header.csv").exists());
        assert_eq!(out_dir.join("DoLo.csv").exists(), dolo, "{year}");
    }

    // A year Hearth does not know, and a database with no authority.
    let o = hearth(&[
        "returns",
        "cin",
        "--year",
        "2024-25",
        "--out",
        path(&dir.join("x.xml")),
        "--db",
        path(&db),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("2024-25"), "{}", stderr(&o));
    let empty = dir.join("empty.db");
    assert!(hearth(&["migrate", "--db", path(&empty)]).status.success());
    let o = hearth(&[
        "returns",
        "cin",
        "--year",
        "2025-26",
        "--out",
        path(&dir.join("x.xml")),
        "--db",
        path(&empty),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--la-number"), "{}", stderr(&o));
    assert!(!dir.join("x.xml").exists());
    // Given the number, a database with no children has a census with none.
    let o = hearth(&[
        "returns",
        "cin",
        "--year",
        "2025-26",
        "--out",
        path(&dir.join("none.xml")),
        "--la-number",
        "201",
        "--db",
        path(&empty),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("0 children"), "{}", stdout(&o));
    let xml = std::fs::read_to_string(dir.join("none.xml")).unwrap();
    assert!(xml.contains("<LEA>201</LEA>"), "{xml}");
    let o = hearth(&[
        "returns",
        "cin",
        "--year",
        "2025-26",
        "--out",
        path(&dir.join("x.xml")),
        "--la-number",
        "8060",
        "--db",
        path(&empty),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("not a DfE LA number"), "{}", stderr(&o));
    assert!(!dir.join("x.xml").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
