//! The SSDA903 files: the community validator's sample files read as
//! given, a return written and read back unchanged, and bad input refused
//! with the file, line and column.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // test code

use std::path::{Path, PathBuf};

use hearth_domain::codes::{
    CareLeaverAccommodation, CareLeaverActivity, PlacementType, ReasonDecisionReversed, Sex,
};
use hearth_returns::ssda903::{
    At, ReadError, Ssda903, Table, read_dir, read_files, read_files_on, write_dir,
};
use hearth_returns::{CollectionYear, Field};
use jiff::civil::date;

const Y2025: CollectionYear = CollectionYear::Y2025_26;
const Y2026: CollectionYear = CollectionYear::Y2026_27;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ssda903")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("hearth-ssda903-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn every_sample_file_is_read_with_all_its_rows() {
    let r = read_dir(&fixtures(), Y2026).unwrap();
    let counts: Vec<(Table, usize)> = Table::ALL.iter().map(|t| (*t, r.rows(*t))).collect();
    assert_eq!(
        counts,
        [
            (Table::Header, 2675),
            (Table::Episodes, 5050),
            (Table::Reviews, 12582),
            (Table::Uasc, 132),
            (Table::Oc2, 2675),
            (Table::Oc3, 53),
            (Table::Ad1, 29),
            (Table::PlacedForAdoption, 30),
            (Table::PreviousPermanence, 2675),
            (Table::Missing, 43),
            (Table::SocialWorkerEpisodes, 1),
            (Table::DeprivationOfLiberty, 1),
        ]
    );
    assert!(r.files_absent.is_empty());
    // DoLo.csv is not part of the 2025-26 set: not read, not absent.
    let r = read_dir(&fixtures(), Y2025).unwrap();
    assert_eq!(r.deprivation_of_liberty.len(), 0);
    assert!(r.files_absent.is_empty());
}

#[test]
fn values_not_valid_for_the_year_are_kept_as_written_with_their_line() {
    let r = read_dir(&fixtures(), Y2025).unwrap();
    // header.csv line 2: 566910,2,27/03/2008,WROM,D051910639385,,
    let first = &r.header[0];
    assert_eq!(
        first.at,
        At {
            file: Table::Header,
            line: 2
        }
    );
    assert_eq!(first.child.valid().map(|c| c.as_str()), Some("566910"));
    assert_eq!(
        first.sex,
        Field::Invalid("2".into()),
        "2017 codes are not M/F/U"
    );
    assert_eq!(first.dob, Field::Valid(date(2008, 3, 27)));
    assert!(first.mother.is_missing() && first.mc_dob.is_missing());
    // oc3.csv line 2: 197474,30/03/2001,DIED,F1,01 and line 3 activity P3,
    // withdrawn from 2021-22.
    assert_eq!(r.oc3[0].accom, Field::Invalid("01".into()));
    assert_eq!(r.oc3[0].activ, Field::Valid(CareLeaverActivity::F1));
    assert_eq!(r.oc3[1].at.line, 3);
    assert_eq!(r.oc3[1].activ, Field::Invalid("P3".into()));
    assert_eq!(r.oc3[1].accom, Field::Valid(CareLeaverAccommodation::T2));
    // placed_for_adoption_errors.csv line 2: reason XXX.
    let placed = &r.placed_for_adoption[0];
    assert_eq!(
        placed.at,
        At {
            file: Table::PlacedForAdoption,
            line: 2
        }
    );
    assert_eq!(placed.reason_placed_ceased, Field::Invalid("XXX".into()));
    assert_ne!(
        placed.reason_placed_ceased,
        Field::Valid(ReasonDecisionReversed::RD1)
    );
    // sw_episodes.csv has a byte order mark and CRLF line ends: its first
    // column is still CHILD, and its reason SWLAZY is not a code.
    let sw = &r.sw_episodes[0];
    assert_eq!(sw.child.valid().map(|c| c.as_str()), Some("CHILD10"));
    assert_eq!(sw.sw_reason, Field::Invalid("SWLAZY".into()));
    assert_eq!(sw.sw_dec, Field::Valid(date(2020, 1, 3)));
    // Placement types H5 and Z1 left the list in 2025-26.
    let place = |code: &str| {
        r.episodes
            .iter()
            .filter(|e| e.place == Field::Invalid(code.into()))
            .count()
    };
    assert_eq!((place("H5"), place("Z1"), place("P2")), (216, 193, 195));
    assert_eq!(
        r.episodes
            .iter()
            .filter(|e| e.place == Field::Valid(PlacementType::U6))
            .count(),
        214
    );
}

#[test]
fn a_return_written_and_read_back_is_the_same() {
    for year in [Y2025, Y2026] {
        let read = read_dir(&fixtures(), year).unwrap();
        let dir = scratch(&format!("round-trip-{year}"));
        let written = write_dir(&read, &dir).unwrap();
        assert_eq!(written.len(), Table::in_year(year).count());
        let again = read_dir(&dir, year).unwrap();
        assert_eq!(again, read, "{year}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

#[test]
fn written_files_have_the_validators_columns_in_order_and_dates_day_first() {
    let read = read_dir(&fixtures(), Y2026).unwrap();
    let dir = scratch("columns");
    write_dir(&read, &dir).unwrap();
    let episodes = std::fs::read_to_string(dir.join("episodes.csv")).unwrap();
    let mut lines = episodes.lines();
    assert_eq!(
        lines.next(),
        Some(
            "CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN"
        )
    );
    assert_eq!(
        lines.next(),
        Some("566910,15/02/2016,L,C2,N3,T2,PR0,14/08/2017,X1,CLOSE,,,4244474")
    );
    let dolo = std::fs::read_to_string(dir.join("DoLo.csv")).unwrap();
    assert_eq!(
        dolo,
        "CHILD,DOB,DOLO_START,DOLO_END\r\nCHILD10,05/12/1993,01/01/2025,02/01/2025\r\n"
    );
    std::fs::remove_dir_all(&dir).unwrap();
    // 2025-26 has no DoLo file.
    let dir = scratch("columns-2025");
    write_dir(&read_dir(&fixtures(), Y2025).unwrap(), &dir).unwrap();
    assert!(!dir.join("DoLo.csv").exists());
    assert!(dir.join("sw_episodes.csv").exists());
    std::fs::remove_dir_all(&dir).unwrap();
}

fn one(table: Table, text: &[u8]) -> Result<Ssda903, ReadError> {
    read_files([(table, text)], Y2025)
}

fn where_(e: &ReadError) -> (String, Option<u64>, Option<String>) {
    (e.file.clone(), e.line, e.column.clone())
}

#[test]
fn a_file_given_alone_leaves_the_others_absent() {
    let r = one(
        Table::Reviews,
        b"CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2010,01/05/2025,PN1\n",
    )
    .unwrap();
    assert_eq!(r.reviews.len(), 1);
    assert_eq!(r.files_absent.len(), Table::in_year(Y2025).count() - 1);
    assert!(!r.files_absent.contains(&Table::Reviews));
}

#[test]
fn columns_may_come_in_any_order_but_not_missing_or_extra() {
    let r = one(
        Table::Uasc,
        b"DUC,DOB,SEX,CHILD\n01/01/2030,01/01/2012,M,A1\n",
    )
    .unwrap();
    assert_eq!(r.uasc[0].sex, Field::Valid(Sex::M));
    assert_eq!(r.uasc[0].duc, Field::Valid(date(2030, 1, 1)));

    let e = one(Table::Uasc, b"CHILD,SEX,DOB\nA1,M,01/01/2012\n").unwrap_err();
    assert_eq!(where_(&e), ("uasc.csv".into(), Some(1), Some("DUC".into())));
    assert!(
        e.to_string()
            .starts_with("uasc.csv, line 1, column DUC: is missing"),
        "{e}"
    );

    let e = one(Table::Uasc, b"CHILD,SEX,DOB,DUC,NAME\nA1,M,01/01/2012,,x\n").unwrap_err();
    assert_eq!(
        where_(&e),
        ("uasc.csv".into(), Some(1), Some("NAME".into()))
    );
    assert!(e.message.contains("not a column of uasc.csv"), "{e}");

    let e = one(Table::Uasc, b"CHILD,SEX,DOB,DUC,DUC\n").unwrap_err();
    assert_eq!(e.column.as_deref(), Some("DUC"));
    assert!(e.message.contains("twice"));
}

#[test]
fn a_row_with_too_few_or_too_many_values_is_refused_at_its_line() {
    let text =
        b"CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2010,01/05/2025,PN1\n2,01/01/2010,01/05/2025\n";
    let e = one(Table::Reviews, text).unwrap_err();
    assert_eq!(
        where_(&e),
        ("reviews.csv".into(), Some(3), Some("REVIEW_CODE".into()))
    );
    assert!(
        e.message.contains("3 values") && e.message.contains("4 columns"),
        "{e}"
    );
    let text = b"CHILD,DOB,REVIEW,REVIEW_CODE\n1,01/01/2010,01/05/2025,PN1,x\n";
    let e = one(Table::Reviews, text).unwrap_err();
    assert_eq!(e.line, Some(2));
}

#[test]
fn wrong_dates_and_unknown_codes_are_kept_not_refused() {
    let text = b"CHILD,DOB,MISSING,MIS_START,MIS_END\nA1,2012-01-01,X,31/02/2025,1/5/2025\n";
    let r = one(Table::Missing, text).unwrap();
    let m = &r.missing[0];
    assert_eq!(
        m.at,
        At {
            file: Table::Missing,
            line: 2
        }
    );
    assert_eq!(m.dob, Field::Invalid("2012-01-01".into()));
    assert_eq!(m.missing, Field::Invalid("X".into()));
    assert_eq!(m.mis_start, Field::Invalid("31/02/2025".into()));
    assert_eq!(m.mis_end, Field::Valid(date(2025, 5, 1)));
}

#[test]
fn windows_1252_text_is_refused_naming_line_and_column() {
    // A postcode cell holding "£" as Windows-1252 writes it (0xA3).
    let mut text = b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,HOME_POST,PL_POST,URN\n"
        .to_vec();
    text.extend_from_slice(b"A1,01/05/2025,S,C2,N1,U6,PR1,,,,\xa3,,\n");
    let e = one(Table::Episodes, &text).unwrap_err();
    assert_eq!(
        where_(&e),
        ("episodes.csv".into(), Some(2), Some("HOME_POST".into()))
    );
    assert!(
        e.message.contains("0xA3") && e.message.contains("UTF-8"),
        "{e}"
    );
}

#[test]
fn an_empty_file_or_an_unclosed_quote_is_refused() {
    let e = one(Table::Oc3, b"").unwrap_err();
    assert_eq!(where_(&e), ("oc3.csv".into(), None, None));
    assert!(e.message.contains("empty") && e.message.contains("CHILD,DOB,IN_TOUCH,ACTIV,ACCOM"));
    let e = one(Table::Oc3, b"\xef\xbb\xbf\r\n\r\n").unwrap_err();
    assert!(e.message.contains("empty"), "{e}");
    let e = one(
        Table::Oc3,
        b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\nA1,01/01/2008,\"YES,F1,B1\n",
    )
    .unwrap_err();
    assert_eq!(
        where_(&e),
        ("oc3.csv".into(), Some(2), Some("IN_TOUCH".into()))
    );
    // Column names only: an empty table, not an error.
    let r = one(Table::Oc3, b"CHILD,DOB,IN_TOUCH,ACTIV,ACCOM\r\n").unwrap();
    assert!(r.oc3.is_empty() && !r.files_absent.contains(&Table::Oc3));
}

#[test]
fn a_folder_without_the_files_or_with_a_file_too_large_is_refused() {
    let dir = scratch("none");
    let e = read_dir(&dir, Y2025).unwrap_err();
    assert!(e.message.contains("none of the SSDA903 files"), "{e}");
    assert!(
        read_dir(&dir.join("nope"), Y2025)
            .unwrap_err()
            .message
            .contains("not a folder")
    );
    // A file larger than the limit is refused from its size, unread: a
    // sparse file costs no disk.
    let big = std::fs::File::create(dir.join("reviews.csv")).unwrap();
    big.set_len(hearth_returns::ssda903::read::MAX_FILE_BYTES + 1)
        .unwrap();
    let e = read_dir(&dir, Y2025).unwrap_err();
    assert_eq!(e.file, "reviews.csv");
    assert!(e.message.contains("more than"), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn any_bytes_give_a_return_or_an_error_never_a_panic() {
    // A crude sweep before the fuzz target: every table, cut or corrupted
    // samples.
    let samples: Vec<Vec<u8>> = vec![
        b"CHILD,DOB\n\"\"\"".to_vec(),
        b"\xff\xfe\x00C".to_vec(),
        b",,,,\n,,,,\n".to_vec(),
        b"\"".to_vec(),
        b"\r".to_vec(),
        b"CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n\"a\"b,,,,,,\n".to_vec(),
    ];
    for table in Table::ALL {
        let original = std::fs::read(fixtures().join(table.file_name())).unwrap();
        for cut in [1, 7, original.len() / 2, original.len().saturating_sub(3)] {
            let _ = read_files([(table, &original[..cut.min(original.len())])], Y2026);
        }
        for sample in &samples {
            let _ = read_files([(table, sample.as_slice())], Y2026);
        }
    }
}

#[test]
fn a_return_read_on_several_threads_is_the_one_read_on_one() {
    for year in [Y2025, Y2026] {
        let files: Vec<(Table, Vec<u8>)> = Table::in_year(year)
            .filter_map(|t| {
                std::fs::read(fixtures().join(t.file_name()))
                    .ok()
                    .map(|b| (t, b))
            })
            .collect();
        let given = || files.iter().map(|(t, b)| (*t, b.as_slice()));
        let one = read_files(given(), year).unwrap();
        for threads in [2, 3, 16] {
            assert_eq!(read_files_on(given(), year, threads).unwrap(), one);
        }
        // A file missing is absent either way.
        let some = || given().filter(|(t, _)| *t != Table::Missing);
        assert_eq!(
            read_files_on(some(), year, 3).unwrap(),
            read_files(some(), year).unwrap()
        );
        // Two files at fault: the first's error, either way.
        let broken = || {
            given().map(|(t, b)| match t {
                Table::Reviews | Table::Oc3 => (t, &b"CHILD\n\"1\n"[..]),
                _ => (t, b),
            })
        };
        let expected = read_files(broken(), year).unwrap_err();
        assert_eq!(read_files_on(broken(), year, 3).unwrap_err(), expected);
    }
}
