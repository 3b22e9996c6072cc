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
