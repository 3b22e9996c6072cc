//! Reading a CIN census file made by any system into the [model](super::model).
//!
//! Two kinds of problem are told apart, as the DfE's validator does:
//! - a file that cannot be read as a census (not UTF-8, empty, too large,
//!   malformed XML, an element where the census has none) is one
//!   [`ReadError`] naming the file, the line and the element;
//! - a value of the wrong form (an unknown code, a date that is not
//!   `YYYY-MM-DD`) is read as [`Field::Invalid`] with its text, for the
//!   rules to report.
//!
//! The reader follows the elements of `CIN_schema_2026.xsd` and the 2026-27
//! `PreProceedingsandFGDM` block. Where it is more forgiving than the schema,
//! it is so because the DfE's validator is, and a file the validator reads
//! should be readable here:
//! - sibling elements may come in any order (each is read by its name);
//! - yes/no items take `true` and `false` in any case as well as `1` and `0`;
//! - text between elements of a group is ignored;
//! - `GenderCurrent`, which `Sex` replaced in 2024-25, is passed over;
//! - a UTF-8 byte order mark is allowed, as XML allows it.

mod groups;
mod values;
mod xml;

use std::fmt;
use std::path::Path;

use super::model::{CinFile, Line};

/// The largest file read: many times the largest authority's census (a few
/// tens of megabytes), small enough to hold in memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// Why a file could not be read as a CIN census: where, and what.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ReadError {
    /// The file, as named to the reader.
    pub file: String,
    /// The 1-based line, where there is one.
    pub line: Option<Line>,
    /// The element concerned, where there is one.
    pub element: Option<String>,
    /// What is wrong, in words.
    pub problem: String,
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ", line {line}")?;
        }
        if let Some(element) = &self.element {
            write!(f, ", <{element}>")?;
        }
        write!(f, ": {}", self.problem)
    }
}

/// Reads a census file from disk.
pub fn read_file(path: &Path) -> Result<CinFile, ReadError> {
    let name = path.display().to_string();
    let whole = |problem: String| ReadError {
        file: name.clone(),
        line: None,
        element: None,
        problem,
    };
    let size = std::fs::metadata(path)
        .map_err(|error| whole(format!("cannot be read: {error}")))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(whole(too_large(size)));
    }
    let bytes = std::fs::read(path).map_err(|error| whole(format!("cannot be read: {error}")))?;
    read_bytes(&name, &bytes)
}

/// Reads a census file from its bytes; `file` names it in errors.
pub fn read_bytes(file: &str, bytes: &[u8]) -> Result<CinFile, ReadError> {
    let whole = |line: Option<Line>, problem: String| ReadError {
        file: file.to_owned(),
        line,
        element: None,
        problem,
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(whole(None, too_large(bytes.len() as u64)));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(whole(
            Some(1),
            "the file is UTF-16 text; a census file must be UTF-8".into(),
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|error| {
        let at = error.valid_up_to();
        let line = line_of(bytes, at);
        let byte = bytes.get(at).copied().unwrap_or(0);
        whole(
            Some(line),
            format!(
                "byte 0x{byte:02X} is not UTF-8 (the file looks like Windows-1252 or Latin-1 \
                 text); a census file must be saved as UTF-8"
            ),
        )
    })?;
    if text.trim().is_empty() {
        return Err(whole(None, "the file is empty".into()));
    }
    groups::message(&mut xml::Xml::new(file, text))
}

fn too_large(size: u64) -> String {
    format!(
        "the file is {} MB; the largest census file read is {} MB",
        size / (1024 * 1024),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

/// The 1-based line of a byte offset.
fn line_of(bytes: &[u8], offset: usize) -> Line {
    let newlines = bytes[..offset.min(bytes.len())]
        .iter()
        .filter(|&&byte| byte == b'\n')
        .count();
    u32::try_from(newlines)
        .unwrap_or(u32::MAX)
        .saturating_add(1)
}

#[cfg(test)]
mod tests;
