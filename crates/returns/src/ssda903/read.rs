//! Reads a folder of SSDA903 CSV files, made by any system, into the
//! model ([`Ssda903`]).
//!
//! What is the reader's to refuse, and what is a rule's to find: a file
//! that cannot be read as the SSDA903 file it is named for (not UTF-8
//! text, a column missing, one too many, a row with the wrong number of
//! cells, an empty file, a file too large) is one [`ReadError`] naming the
//! file, the line and the column. A value that is there but not of the
//! right form (a date not dd/mm/yyyy, a code not in the year's list) is
//! read as [`crate::Field::Invalid`] with its line, for the DfE's rules to
//! report, as the DfE's own validator does.
//!
//! Every file is optional: the community validator (csc-validator-be-903)
//! takes whichever of the files it is given and skips the rules whose
//! tables are absent, so an absent file is listed in
//! [`Ssda903::files_absent`], not refused. A folder holding none of them is
//! refused. `DoLo.csv` is part of the set from 2026-27 only; for an earlier
//! year it is not read.

use std::fmt;
use std::path::Path;

use super::csv_text::{self, CsvError};
use super::model::{At, Row, Ssda903, Table};
use crate::CollectionYear;

/// The largest file read: far above the largest authority's return (an
/// authority of 2,000 looked-after children writes a reviews file of about
/// 300 KB), and small enough that a file of another kind given by mistake
/// is refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a return could not be read: the file, and where in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// The file's name (or the folder's, for a problem with the folder).
    pub file: String,
    /// The line (1 is the column names), where the problem is on one.
    pub line: Option<u64>,
    /// The column, where the problem is in one.
    pub column: Option<String>,
    pub message: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ReadError {}

fn error(file: &str, line: Option<u64>, column: Option<&str>, message: String) -> ReadError {
    ReadError {
        file: file.to_owned(),
        line,
        column: column.map(str::to_owned),
        message,
    }
}

/// Reads the SSDA903 files in `dir` for `year`.
pub fn read_dir(dir: &Path, year: CollectionYear) -> Result<Ssda903, ReadError> {
    let folder = dir.display().to_string();
    if !dir.is_dir() {
        return Err(error(
            &folder,
            None,
            None,
            "is not a folder: give the folder holding the SSDA903 CSV files".into(),
        ));
    }
    let mut files = Vec::new();
    for table in Table::in_year(year) {
        let path = dir.join(table.file_name());
        if !path.is_file() {
            continue;
        }
        let name = table.file_name();
        let size = std::fs::metadata(&path)
            .map_err(|e| error(name, None, None, format!("cannot be read: {e}")))?
            .len();
        if size > MAX_FILE_BYTES {
            return Err(error(
                name,
                None,
                None,
                format!(
                    "is {size} bytes, more than the {MAX_FILE_BYTES} an SSDA903 file may be: is it the right file?"
                ),
            ));
        }
        let bytes = std::fs::read(&path)
            .map_err(|e| error(name, None, None, format!("cannot be read: {e}")))?;
        files.push((table, bytes));
    }
    if files.is_empty() {
        let names: Vec<&str> = Table::in_year(year).map(Table::file_name).collect();
        return Err(error(
            &folder,
            None,
            None,
            format!(
                "holds none of the SSDA903 files for {year} ({})",
                names.join(", ")
            ),
        ));
    }
    read_files_on(
        files.iter().map(|(t, b)| (*t, b.as_slice())),
        year,
        threads(),
    )
}

/// The threads a whole return is read on: one a core, up to one a file.
fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, usize::from)
}

/// As [`read_files`], the files shared among `threads` threads (a whole
/// authority's return, read from a folder). The same return, or the same
/// error: the first file's, in the order given.
pub fn read_files_on<'a>(
    files: impl IntoIterator<Item = (Table, &'a [u8])>,
    year: CollectionYear,
    threads: usize,
) -> Result<Ssda903, ReadError> {
    let files: Vec<(Table, &[u8])> = files
        .into_iter()
        .filter(|(table, _)| {
            *table != Table::DeprivationOfLiberty || year >= CollectionYear::Y2026_27
        })
        .collect();
    // Each file into a return of its own; the tables moved into one after.
    let read = crate::threads::map_on(&files, threads, |(table, bytes)| {
        let mut one = Ssda903::empty(year);
        read_table(&mut one, *table, bytes).map(|()| one)
    });
    let mut out = Ssda903::empty(year);
    for ((table, _), one) in files.iter().zip(read) {
        move_table(&mut one?, &mut out, *table);
    }
    out.files_absent = Table::in_year(year)
        .filter(|t| !files.iter().any(|(given, _)| given == t))
        .collect();
    Ok(out)
}

/// Moves one table's rows from one return to another.
fn move_table(from: &mut Ssda903, to: &mut Ssda903, table: Table) {
    use std::mem::take;
    match table {
        Table::Header => to.header = take(&mut from.header),
        Table::Episodes => to.episodes = take(&mut from.episodes),
        Table::Reviews => to.reviews = take(&mut from.reviews),
        Table::Uasc => to.uasc = take(&mut from.uasc),
        Table::Oc2 => to.oc2 = take(&mut from.oc2),
        Table::Oc3 => to.oc3 = take(&mut from.oc3),
        Table::Ad1 => to.ad1 = take(&mut from.ad1),
        Table::PlacedForAdoption => to.placed_for_adoption = take(&mut from.placed_for_adoption),
        Table::PreviousPermanence => to.previous_permanence = take(&mut from.previous_permanence),
        Table::Missing => to.missing = take(&mut from.missing),
        Table::SocialWorkerEpisodes => to.sw_episodes = take(&mut from.sw_episodes),
        Table::DeprivationOfLiberty => {
            to.deprivation_of_liberty = take(&mut from.deprivation_of_liberty)
        }
    }
}

/// Reads a return from the files' contents; a table not given is absent.
pub fn read_files<'a>(
    files: impl IntoIterator<Item = (Table, &'a [u8])>,
    year: CollectionYear,
) -> Result<Ssda903, ReadError> {
    read_files_on(files, year, 1)
}

/// Reads one file's contents into its table of `out`.
pub fn read_table(out: &mut Ssda903, table: Table, bytes: &[u8]) -> Result<(), ReadError> {
    let year = out.year;
    match table {
        Table::Header => out.header = rows(bytes, year)?,
        Table::Episodes => out.episodes = rows(bytes, year)?,
        Table::Reviews => out.reviews = rows(bytes, year)?,
        Table::Uasc => out.uasc = rows(bytes, year)?,
        Table::Oc2 => out.oc2 = rows(bytes, year)?,
        Table::Oc3 => out.oc3 = rows(bytes, year)?,
        Table::Ad1 => out.ad1 = rows(bytes, year)?,
        Table::PlacedForAdoption => out.placed_for_adoption = rows(bytes, year)?,
        Table::PreviousPermanence => out.previous_permanence = rows(bytes, year)?,
        Table::Missing => out.missing = rows(bytes, year)?,
        Table::SocialWorkerEpisodes => out.sw_episodes = rows(bytes, year)?,
        Table::DeprivationOfLiberty => out.deprivation_of_liberty = rows(bytes, year)?,
    }
    Ok(())
}

/// Reads one file's rows: the column names first (in any order, as the
/// community validator takes them), then a row per line.
fn rows<R: Row>(bytes: &[u8], year: CollectionYear) -> Result<Vec<R>, ReadError> {
    let name = R::TABLE.file_name();
    let records = csv_text::records(bytes).map_err(|e| match e {
        CsvError::NotUtf8 { line, cell, byte } => error(
            name,
            Some(line),
            column_at(bytes, cell).as_deref(),
            format!(
                "the byte 0x{byte:02X} is not UTF-8 text (the file may be saved as Windows-1252 or another code page): save it as UTF-8"
            ),
        ),
        CsvError::UnclosedQuote { line, cell } => error(
            name,
            Some(line),
            column_at(bytes, cell).as_deref(),
            "a quoted value is never closed (a \" without its partner)".into(),
        ),
    })?;
    let Some((names, body)) = records.split_first() else {
        return Err(error(
            name,
            None,
            None,
            format!(
                "is empty: an SSDA903 file starts with its column names ({})",
                R::COLUMNS.join(",")
            ),
        ));
    };
    let order = column_order::<R>(&names.cells)?;
    let mut out = Vec::with_capacity(body.len());
    let mut cells: Vec<&str> = vec![""; R::COLUMNS.len()];
    for record in body {
        if record.cells.len() != names.cells.len() {
            let column = names
                .cells
                .get(record.cells.len().min(names.cells.len().saturating_sub(1)))
                .map(|c| c.trim());
            return Err(error(
                name,
                Some(record.line),
                column,
                format!(
                    "the row has {} values but the file has {} columns",
                    record.cells.len(),
                    names.cells.len()
                ),
            ));
        }
        for (position, &column) in order.iter().enumerate() {
            cells[column] = record.cells[position].as_str();
        }
        let at = At {
            file: R::TABLE,
            line: record.line,
        };
        out.push(R::from_cells(at, &cells, year));
    }
    Ok(out)
}

/// For each column of the file, its place in [`Row::COLUMNS`]: every
/// column must be there once, and no other.
fn column_order<R: Row>(names: &[String]) -> Result<Vec<usize>, ReadError> {
    let file = R::TABLE.file_name();
    let mut order = Vec::with_capacity(names.len());
    for name in names {
        let name = name.trim();
        let Some(place) = R::COLUMNS.iter().position(|c| *c == name) else {
            return Err(error(
                file,
                Some(1),
                Some(name),
                format!(
                    "is not a column of {file} (its columns are {})",
                    R::COLUMNS.join(",")
                ),
            ));
        };
        if order.contains(&place) {
            return Err(error(file, Some(1), Some(name), "is given twice".into()));
        }
        order.push(place);
    }
    if let Some(absent) = R::COLUMNS
        .iter()
        .enumerate()
        .find(|(place, _)| !order.contains(place))
    {
        return Err(error(
            file,
            Some(1),
            Some(absent.1),
            format!(
                "is missing (the columns of {file} are {})",
                R::COLUMNS.join(",")
            ),
        ));
    }
    Ok(order)
}

/// The name of the `cell`th column, read from the first line, for an error
/// found before the file could be split.
fn column_at(bytes: &[u8], cell: usize) -> Option<String> {
    let first = bytes.split(|b| *b == b'\n').next()?;
    let first = String::from_utf8_lossy(first);
    let first = first.trim_start_matches('\u{feff}');
    first
        .split(',')
        .nth(cell)
        .map(|c| c.trim().trim_matches('"').to_owned())
}
