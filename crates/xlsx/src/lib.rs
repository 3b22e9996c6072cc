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
    check_declared_sizes(bytes)?;
    let mut workbook: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
    let names = workbook.sheet_names();
    let mut sheets = Vec::with_capacity(names.len());
    for name in names {
        let range = workbook
            .worksheet_range(&name)
            .map_err(|e| XlsxError::Sheet {
                sheet: name.clone(),
                message: e.to_string(),
            })?;
        let (first_row, first_column) = range.start().unwrap_or((0, 0));
        let pad = first_column as usize;
        let rows = range
            .rows()
            .map(|row| {
                std::iter::repeat_n(Cell::Empty, pad)
                    .chain(row.iter().map(cell))
                    .collect()
            })
            .collect();
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
fn check_declared_sizes(bytes: &[u8]) -> Result<(), XlsxError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
    let mut total: u64 = 0;
    for index in 0..archive.len() {
        let part = archive
            .by_index_raw(index)
            .map_err(|e| XlsxError::NotAWorkbook(e.to_string()))?;
        total = total.saturating_add(part.size());
    }
    if total > MAX_UNCOMPRESSED_BYTES {
        return Err(XlsxError::Inflates(total));
    }
    Ok(())
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
