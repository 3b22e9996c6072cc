use jiff::civil::date;

use super::*;

/// Made with openpyxl 3.1.5 (shared strings, a date-formatted cell, a
/// second sheet starting at C3); see tests/fixtures/README.md.
const OPENPYXL: &[u8] = include_bytes!("../tests/fixtures/openpyxl.xlsx");

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

#[test]
fn a_workbook_made_by_openpyxl_reads_cell_by_cell() {
    let sheets = read(OPENPYXL).unwrap();
    assert_eq!(sheets.len(), 2);
    let first = &sheets[0];
    assert_eq!(first.name, "Providers");
    assert_eq!(first.first_row, 1);
    assert_eq!(
        first.rows[0],
        vec![
            text("URN"),
            text("Provider type"),
            text("Deregistration date"),
            text("Places")
        ]
    );
    assert_eq!(
        first.rows[1],
        vec![
            text("SC400001"),
            text("Children's Home"),
            Cell::Empty,
            Cell::Number(4.0)
        ]
    );
    assert_eq!(first.rows[2][2], Cell::Date(date(2025, 9, 30)));
    assert_eq!(first.rows[2][3], Cell::Number(12.5));
    assert!(first.rows[3].iter().all(|c| *c == Cell::Empty));
    assert_eq!(first.rows[4][1], text("two rows down, column B"));
    // A sheet whose first cell is C3: its rows start at row 3, from A.
    let second = &sheets[1];
    assert_eq!(second.name, "Second");
    assert_eq!(second.first_row, 3);
    assert_eq!(
        second.rows,
        vec![vec![Cell::Empty, Cell::Empty, text("starts at C3")]]
    );
}

#[test]
fn a_written_sheet_reads_back_as_written() {
    let rows = vec![
        vec![text("URN"), text("Name & <place>"), text("Closed")],
        vec![
            text("SC400001"),
            text("  spaced  "),
            Cell::Date(date(2026, 3, 31)),
        ],
        vec![Cell::Number(2500001.0), Cell::Empty, Cell::Bool(true)],
    ];
    let bytes = write_sheet("Providers", &rows).unwrap();
    let sheets = read(&bytes).unwrap();
    assert_eq!(sheets.len(), 1);
    assert_eq!(sheets[0].name, "Providers");
    assert_eq!(sheets[0].first_row, 1);
    assert_eq!(sheets[0].rows, rows);
}

#[test]
fn cells_read_as_a_person_reads_them() {
    assert_eq!(Cell::Number(2500001.0).text(), "2500001");
    assert_eq!(Cell::Number(12.5).text(), "12.5");
    assert_eq!(Cell::Date(date(2025, 9, 30)).text(), "30/09/2025");
    assert_eq!(Cell::Empty.text(), "");
}

#[test]
fn what_is_not_a_workbook_is_refused_by_name() {
    assert_eq!(read(b""), Err(XlsxError::Empty));
    assert!(matches!(
        read(b"URN,Local authority\nSC400001,Leeds\n"),
        Err(XlsxError::NotAWorkbook(_))
    ));
    // A zip that is not a workbook (no workbook part).
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("hello.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"hello").unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(matches!(read(&bytes), Err(XlsxError::NotAWorkbook(_))));
}

#[test]
fn a_sheet_name_excel_refuses_is_refused() {
    assert!(write_sheet("", &[]).is_err());
    assert!(write_sheet("a/b", &[]).is_err());
    assert!(write_sheet(&"x".repeat(32), &[]).is_err());
    assert!(write_sheet("bell", &[vec![text("\u{7}")]]).is_err());
}

/// A workbook as `write_sheet` makes it, with its sheet's XML replaced.
fn with_sheet_xml(sheet_data: &str) -> Vec<u8> {
    let made = write_sheet("Sheet", &[vec![text("x")]]).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(made)).unwrap();
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().into_owned();
        let mut body = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut body).unwrap();
        if name == "xl/worksheets/sheet1.xml" {
            body = format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{sheet_data}</sheetData></worksheet>"#
            )
            .into_bytes();
        }
        out.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut out, &body).unwrap();
    }
    out.finish().unwrap().into_inner()
}

#[test]
fn a_reference_no_worksheet_can_hold_is_refused_not_read() {
    // The fuzz target's find: the reader's arithmetic overflowed on it.
    // (Its parts' checksums are wrong too, which is found first.)
    let found = read(include_bytes!("../tests/fixtures/long-reference.xlsx"));
    assert!(
        matches!(&found, Err(XlsxError::NotAWorkbook(_))),
        "{found:?}"
    );
    for reference in ["XFE1", "A1048577", "AAAA1", "A99999999999", "A1B"] {
        let bytes = with_sheet_xml(&format!(
            r#"<row r="1"><c r="{reference}" t="inlineStr"><is><t>x</t></is></c></row>"#
        ));
        let found = read(&bytes);
        assert!(
            matches!(&found, Err(XlsxError::NotAWorkbook(m)) if m.contains(reference) && m.contains("cell reference")),
            "{reference}: {found:?}"
        );
    }
}

#[test]
fn cells_far_apart_are_read_as_cells_not_as_the_rectangle_between() {
    // A1 and XFD1048576: as a rectangle, seventeen billion cells.
    let bytes = with_sheet_xml(
        r#"<row r="1"><c r="A1" t="inlineStr"><is><t>first</t></is></c></row><row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>last</t></is></c></row>"#,
    );
    let sheets = read(&bytes).unwrap();
    let rows = &sheets[0].rows;
    assert_eq!(rows.len(), 1_048_576);
    assert_eq!(rows[0], vec![text("first")]);
    assert_eq!(rows[1_048_575].len(), 16_384);
    assert_eq!(rows[1_048_575][16_383], text("last"));
    assert!(rows[1..1_048_575].iter().all(Vec::is_empty));
}
