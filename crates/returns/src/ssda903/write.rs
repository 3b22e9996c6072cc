//! Writes the model ([`Ssda903`]) as the set of CSV files the DfE's upload
//! and the community validator (csc-validator-be-903) read: one file per
//! table of the collection year, its columns in the validator's order,
//! dates dd/mm/yyyy, UTF-8 without a byte order mark, lines ended CRLF
//! (RFC 4180). Every file of the year is written, even with no rows, so
//! the validator knows the table is empty rather than not given.

use std::path::{Path, PathBuf};

use super::csv_text::quote;
use super::model::{Ssda903, Table};

/// One file's text.
pub fn table_text(return_903: &Ssda903, table: Table) -> String {
    let mut out = String::new();
    line(&mut out, table.columns().iter().copied());
    for row in return_903.cells(table) {
        line(&mut out, row.iter().map(String::as_str));
    }
    out
}

fn line<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&quote(cell));
    }
    out.push_str("\r\n");
}

/// Every file of the return's year, with its name and text.
pub fn files(return_903: &Ssda903) -> Vec<(Table, String)> {
    Table::in_year(return_903.year)
        .map(|table| (table, table_text(return_903, table)))
        .collect()
}

/// Writes every file of the return's year into `dir` (made if need be),
/// returning the paths written.
pub fn write_dir(return_903: &Ssda903, dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    for (table, text) in files(return_903) {
        let path = dir.join(table.file_name());
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}
