//! Spreadsheet workbooks (Office Open XML SpreadsheetML, ECMA-376 Part 1):
//! every sheet's cells read from a workbook, and one sheet written.
//!
//! Ofsted publishes its lists of children's homes and social care
//! providers as workbooks; the SSDA903's rules on a placement's Ofsted URN
//! check the return against them. Reading goes through `calamine`;
//! writing makes the smallest workbook a spreadsheet program (and
//! `openpyxl`) opens: one sheet, text written inline, dates as serial
//! numbers with the built-in date format.
//!
//! Pure: bytes in, cells out, and the other way round.

mod write;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use jiff::civil::Date;

pub use write::write_sheet;

/// The largest workbook read: Ofsted's combined list is a few megabytes.
pub const MAX_BYTES: u64 = 64 * 1024 * 1024;

/// The most a workbook's parts may hold once decompressed, as their
/// headers declare: a larger total is refused before anything is inflated.
pub const MAX_UNCOMPRESSED_BYTES: u64 = 512 * 1024 * 1024;

/// A worksheet's limits (ECMA-376 Part 1, 18.3.1.73 and the limits every
/// spreadsheet program keeps): columns A to XFD, rows 1 to 1,048,576.
pub const MAX_COLUMNS: u32 = 16_384;
pub const MAX_ROWS: u32 = 1_048_576;

/// The most cells read from one workbook.
pub const MAX_CELLS: usize = 10_000_000;

/// One cell's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A cell formatted as a date (the time of day, if any, dropped).
    Date(Date),
    /// An error value, as the spreadsheet shows it (`#N/A`).
    Error(String),
}

impl Cell {
    /// The cell as text, as a person reads it: a whole number without a
    /// decimal point, a date as `dd/mm/yyyy`, nothing for an empty cell.
    pub fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(text) => text.clone(),
            Cell::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => format!("{n:.0}"),
            Cell::Number(n) => n.to_string(),
            Cell::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
            Cell::Date(d) => d.strftime("%d/%m/%Y").to_string(),
            Cell::Error(e) => e.clone(),
        }
    }
}

/// One sheet: its name and its rows from the first row holding anything.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    /// The spreadsheet's number of `rows[0]` (1 for the sheet's first
    /// row), so a message can name the row a person sees.
    pub first_row: u32,
    /// Each row's cells from column A.
    pub rows: Vec<Vec<Cell>>,
}

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum XlsxError {
    #[error("the file is empty")]
    Empty,
    #[error("the file is {0} bytes: larger than the {MAX_BYTES} a workbook may be")]
    TooLarge(u64),
    #[error("not a workbook (.xlsx): {0}")]
    NotAWorkbook(String),
    #[error(
        "the workbook's parts would hold {0} bytes once decompressed: more than the {MAX_UNCOMPRESSED_BYTES} allowed"
    )]
    Inflates(u64),
    #[error("sheet {sheet:?}: {message}")]
    Sheet { sheet: String, message: String },
    #[error("writing the workbook: {0}")]
    Write(String),
}

/// Every sheet of a workbook, in the workbook's order.
pub fn read(bytes: &[u8]) -> Result<Vec<Sheet>, XlsxError> {
    if bytes.is_empty() {
        return Err(XlsxError::Empty);
    }
    let size = bytes.len() as u64;
    if size > MAX_BYTES {
        return Err(XlsxError::TooLarge(size));
    }
    check_parts(bytes)?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    let mut cells_read = 0usize;
    for name in names {
        let at = |message: String| XlsxError::Sheet {
            sheet: name.clone(),
            message,
        };
        // Cell by cell, not as the rectangle from the first cell to the
        // last: a sheet with one cell in A1 and one in XFD1048576 would
        // otherwise be seventeen billion cells.
        let mut reader = workbook
            .worksheet_cells_reader(&name)
            .map_err(|e| at(e.to_string()))?;
        let mut placed: Vec<(u32, u32, Cell)> = Vec::new();
        while let Some(found) = reader.next_cell().map_err(|e| at(e.to_string()))? {
            let (row, column) = found.get_position();
            if row >= MAX_ROWS || column >= MAX_COLUMNS {
                return Err(at(format!(
                    "a cell at row {}, column {} is outside a worksheet",
                    u64::from(row) + 1,
                    u64::from(column) + 1
                )));
            }
            let value = cell(&Data::from(found.get_value().clone()));
            if value == Cell::Empty {
                continue;
            }
            cells_read += 1;
            if cells_read > MAX_CELLS {
                return Err(at(format!(
                    "more than the {MAX_CELLS} cells a workbook read here may hold"
                )));
            }
            placed.push((row, column, value));
        }
        let first_row = placed.iter().map(|(r, ..)| *r).min().unwrap_or(0);
        let last_row = placed.iter().map(|(r, ..)| *r).max().unwrap_or(0);
        let mut rows: Vec<Vec<Cell>> = if placed.is_empty() {
            Vec::new()
        } else {
            vec![Vec::new(); (last_row - first_row) as usize + 1]
        };
        for (row, column, value) in placed {
            let cells = &mut rows[(row - first_row) as usize];
            let column = column as usize;
            if cells.len() <= column {
                cells.resize(column + 1, Cell::Empty);
            }
            cells[column] = value;
        }
        sheets.push(Sheet {
            name,
            first_row: first_row + 1,
            rows,
        });
    }
    Ok(sheets)
}

/// Refuses a workbook whose parts declare more than
/// [`MAX_UNCOMPRESSED_BYTES`] in all, before any is inflated: a small file
/// can otherwise hold gigabytes of repeated cells. (A part that lies about
/// its size gets past this; the zip reader then fails it on its checksum.)
/// Then refuses a worksheet holding a cell reference no worksheet can
/// have, before the spreadsheet reader sees it: its arithmetic on a
/// reference's letters and digits overflows on one too long.
fn check_parts(bytes: &[u8]) -> Result<(), XlsxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
    let mut total: u64 = 0;
    let mut worksheets = Vec::new();
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
        total = total.saturating_add(part.size());
        let name = part
            .name()
            .map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
        if name.to_ascii_lowercase().ends_with(".xml") {
            worksheets.push(index);
        }
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(XlsxError::Inflates(total));
    }
    for index in worksheets {
        let mut part = archive
            .by_index(index)
            .map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
        let name = part
            .name()
            .map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?
            .into_owned();
        let mut text = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut text)
            .map_err(|e| XlsxError::NotAWorkbook(format!("{name}: {e}")))?;
        if let Some(bad) = bad_reference(&text) {
            return Err(XlsxError::NotAWorkbook(format!(
                "{name}: {bad:?} is not a cell reference a worksheet can hold (columns A to XFD, rows 1 to 1048576)"
            )));
        }
    }
    Ok(())
}

/// The first value of an attribute `r`, `ref` or `sqref` (a cell, a range
/// or a list of ranges) that is not one a worksheet can hold.
fn bad_reference(xml: &[u8]) -> Option<String> {
    const NAMES: [&[u8]; 3] = [b" r=\"", b" ref=\"", b" sqref=\""];
    for name in NAMES {
        let mut from = 0;
        while let Some(at) = find(&xml[from..], name) {
            let start = from + at + name.len();
            let end = start + find(&xml[start..], b"\"").unwrap_or(xml.len() - start);
            let value = &xml[start..end];
            let fine = value
                .split(|b| *b == b':' || b.is_ascii_whitespace())
                .all(reference_fits);
            if !fine {
                return Some(String::from_utf8_lossy(value).into_owned());
            }
            from = end;
        }
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Whether one part of a reference (`B7`, `$B$7`, `B`, `7`, or nothing
/// between two separators) is inside a worksheet: at most three letters,
/// then at most seven digits, within the limits.
fn reference_fits(part: &[u8]) -> bool {
    let part: Vec<u8> = part.iter().copied().filter(|b| *b != b'$').collect();
    let letters = part.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &part[letters..];
    if letters > 3 || digits.len() > 7 || !digits.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let column = part[..letters].iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = digits
        .iter()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    column <= MAX_COLUMNS && row <= MAX_ROWS
}

fn cell(data: &Data) -> Cell {
    match data {
        Data::Empty => Cell::Empty,
        Data::String(text) => Cell::Text(text.clone()),
        Data::Int(n) => Cell::Number(*n as f64),
        Data::Float(n) => Cell::Number(*n),
        Data::Bool(b) => Cell::Bool(*b),
        Data::DateTime(when) if when.is_datetime() => {
            let (year, month, day, ..) = when.to_ymd_hms_milli();
            match Date::new(year as i16, month as i8, day as i8) {
                Ok(date) => Cell::Date(date),
                Err(_) => Cell::Number(when.as_f64()),
            }
        }
        Data::DateTime(when) => Cell::Number(when.as_f64()),
        Data::DateTimeIso(text) => text
            .get(..10)
            .and_then(|day| day.parse::<Date>().ok())
            .map_or_else(|| Cell::Text(text.clone()), Cell::Date),
        Data::DurationIso(text) => Cell::Text(text.clone()),
        Data::Error(e) => Cell::Error(e.to_string()),
    }
}

#[cfg(test)]
mod tests;
