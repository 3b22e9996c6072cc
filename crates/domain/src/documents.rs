//! Documents attached to a child's record: a signed plan, a letter, a
//! report. A file is identified by what it contains (its first bytes, and
//! for a Word document the parts inside it), never by its name or by the
//! type a browser claims, and a file is refused unless its content is one
//! of the types below and its name agrees.
//!
//! The record of a child in need or looked after includes the plans,
//! reports and correspondence about them (Care Planning, Placement and
//! Case Review (England) Regulations 2010, reg 49 and Schedule 4 (cases
//! of children looked after); Working Together to Safeguard Children
//! 2023, 1.2 on records that are kept up to date).

use serde::{Deserialize, Serialize};

/// What a document is, from a fixed list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    Plan,
    Letter,
    Report,
    Assessment,
    CourtDocument,
    Other,
}

/// Every kind of document, by its JSON name, with its name in words.
pub const KINDS: &[(&str, &str)] = &[
    ("plan", "Plan"),
    ("letter", "Letter"),
    ("report", "Report"),
    ("assessment", "Assessment"),
    ("court_document", "Court document"),
    ("other", "Other document"),
];

impl DocumentKind {
    /// Its name in words.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Plan => "Plan",
            DocumentKind::Letter => "Letter",
            DocumentKind::Report => "Report",
            DocumentKind::Assessment => "Assessment",
            DocumentKind::CourtDocument => "Court document",
            DocumentKind::Other => "Other document",
        }
    }

    /// The kind with this JSON name.
    pub fn from_name(name: &str) -> Option<DocumentKind> {
        serde_json::from_value(serde_json::Value::String(name.to_owned())).ok()
    }
}

/// A type of file that may be attached.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    Pdf,
    Png,
    Jpeg,
    /// A Word document (Office Open XML).
    Docx,
    /// Plain UTF-8 text.
    Text,
}

impl FileType {
    /// Its media type, as stored and served.
    pub fn content_type(self) -> &'static str {
        match self {
            FileType::Pdf => "application/pdf",
            FileType::Png => "image/png",
            FileType::Jpeg => "image/jpeg",
            FileType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileType::Text => "text/plain; charset=utf-8",
        }
    }

    /// The type whose media type this is.
    pub fn from_content_type(content_type: &str) -> Option<FileType> {
        [
            FileType::Pdf,
            FileType::Png,
            FileType::Jpeg,
            FileType::Docx,
            FileType::Text,
        ]
        .into_iter()
        .find(|t| t.content_type() == content_type)
    }

    /// What a reader calls it.
    pub fn label(self) -> &'static str {
        match self {
            FileType::Pdf => "PDF",
            FileType::Png => "PNG image",
            FileType::Jpeg => "JPEG image",
            FileType::Docx => "Word document",
            FileType::Text => "text file",
        }
    }

    /// The endings its name may have, the first being the usual one.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            FileType::Pdf => &["pdf"],
            FileType::Png => &["png"],
            FileType::Jpeg => &["jpg", "jpeg"],
            FileType::Docx => &["docx"],
            FileType::Text => &["txt"],
        }
    }
}

/// What is wrong with a file, in words for the message against the file
/// field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    NoFile,
    Empty,
    TooLarge {
        max: u64,
    },
    /// A program (Windows, Linux or macOS executable, or a script).
    Program,
    /// A zip archive that is not a Word document.
    Archive,
    /// Not one of the types accepted.
    Unknown,
    /// The name's ending says one type, the content another.
    NameDisagrees {
        named: String,
        found: FileType,
    },
}

/// The accepted types, in words, for messages.
const ACCEPTED: &str = "a PDF, PNG, JPEG, Word document (.docx) or plain text file";

impl std::fmt::Display for FileProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FileProblem::NoFile => write!(f, "Select a file"),
            FileProblem::Empty => write!(f, "The selected file is empty"),
            FileProblem::TooLarge { max } => write!(
                f,
                "The selected file must be smaller than {}",
                size_in_words(*max)
            ),
            FileProblem::Program => write!(
                f,
                "The selected file is a program, whatever its name says; programs cannot be attached. The selected file must be {ACCEPTED}"
            ),
            FileProblem::Archive => write!(
                f,
                "The selected file is a zip archive, not a Word document; archives cannot be attached. The selected file must be {ACCEPTED}"
            ),
            FileProblem::Unknown => write!(f, "The selected file must be {ACCEPTED}"),
            FileProblem::NameDisagrees { named, found } => write!(
                f,
                "The selected file's name ends in .{named} but it contains a {}; rename it to end in .{} or choose another file",
                found.label(),
                found.extensions()[0],
            ),
        }
    }
}

/// Identifies a file by its content, and checks its name agrees. `max` is
/// the largest size accepted, in bytes.
pub fn identify(name: &str, bytes: &[u8], max: u64) -> Result<FileType, FileProblem> {
    if name.trim().is_empty() && bytes.is_empty() {
        return Err(FileProblem::NoFile);
    }
    if bytes.is_empty() {
        return Err(FileProblem::Empty);
    }
    if bytes.len() as u64 > max {
        return Err(FileProblem::TooLarge { max });
    }
    let found = sniff(bytes)?;
    let ending = extension(name);
    match ending {
        Some(e) if found.extensions().contains(&e.as_str()) => Ok(found),
        Some(e) => Err(FileProblem::NameDisagrees { named: e, found }),
        // A name with no ending says nothing to disagree with.
        None => Ok(found),
    }
}

/// The file's type from its content alone.
fn sniff(bytes: &[u8]) -> Result<FileType, FileProblem> {
    const PROGRAMS: &[&[u8]] = &[
        b"MZ",               // Windows (PE) and DOS
        b"\x7fELF",          // Linux and Unix
        b"\xfe\xed\xfa\xce", // Mach-O, 32-bit
        b"\xfe\xed\xfa\xcf", // Mach-O, 64-bit
        b"\xce\xfa\xed\xfe", // Mach-O, 32-bit, little-endian
        b"\xcf\xfa\xed\xfe", // Mach-O, 64-bit, little-endian
        b"\xca\xfe\xba\xbe", // Mach-O universal (and Java classes)
        b"#!",               // a script for an interpreter
    ];
    if PROGRAMS.iter().any(|p| bytes.starts_with(p)) {
        return Err(FileProblem::Program);
    }
    if bytes.starts_with(b"%PDF-") {
        return Ok(FileType::Pdf);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(FileType::Png);
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Ok(FileType::Jpeg);
    }
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return if is_word_document(bytes) {
            Ok(FileType::Docx)
        } else {
            Err(FileProblem::Archive)
        };
    }
    if is_plain_text(bytes) {
        return Ok(FileType::Text);
    }
    Err(FileProblem::Unknown)
}

/// UTF-8 with no control characters but tab, line feed, form feed and
/// carriage return (so no binary file passes as text).
fn is_plain_text(bytes: &[u8]) -> bool {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return false;
    };
    text.chars()
        .all(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r' | '\x0c'))
}

/// A zip whose central directory lists `[Content_Types].xml` and a part
/// under `word/`: the shape of a Word document (ECMA-376 Part 2, Open
/// Packaging Conventions). Read from the directory at the end of the
/// archive, so nothing is decompressed.
fn is_word_document(bytes: &[u8]) -> bool {
    let names = zip_entry_names(bytes);
    names.iter().any(|n| n == "[Content_Types].xml") && names.iter().any(|n| n.starts_with("word/"))
}

fn u16_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]) as usize)
}

fn u32_at(bytes: &[u8], at: usize) -> Option<usize> {
    let b = bytes.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
}

/// The names in a zip's central directory (empty if it cannot be read).
fn zip_entry_names(bytes: &[u8]) -> Vec<String> {
    // The end-of-directory record is in the last 22 bytes plus a comment of
    // at most 65,535 bytes.
    let from = bytes.len().saturating_sub(22 + 65_535);
    let Some(end) = (from..bytes.len().saturating_sub(21))
        .rev()
        .find(|&i| bytes[i..].starts_with(b"PK\x05\x06"))
    else {
        return Vec::new();
    };
    let (Some(count), Some(mut at)) = (u16_at(bytes, end + 10), u32_at(bytes, end + 16)) else {
        return Vec::new();
    };
    let mut names = Vec::new();
    for _ in 0..count {
        if !bytes
            .get(at..)
            .is_some_and(|b| b.starts_with(b"PK\x01\x02"))
        {
            break;
        }
        let (Some(name_len), Some(extra), Some(comment)) = (
            u16_at(bytes, at + 28),
            u16_at(bytes, at + 30),
            u16_at(bytes, at + 32),
        ) else {
            break;
        };
        let Some(name) = bytes.get(at + 46..at + 46 + name_len) else {
            break;
        };
        names.push(String::from_utf8_lossy(name).into_owned());
        at += 46 + name_len + extra + comment;
    }
    names
}

/// The name's ending, lowercased, if it has one.
fn extension(name: &str) -> Option<String> {
    let base = base_name(name);
    let (stem, ext) = base.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The name without any folders a browser or client sent with it.
pub fn base_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name).trim()
}

/// A name safe to offer in `Content-Disposition`: letters, digits, spaces
/// and `.-_()` kept, anything else made `_`, at most 100 characters, and
/// ending in the type's usual ending.
pub fn safe_file_name(name: &str, file: FileType) -> String {
    let cleaned: String = base_name(name)
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, ' ' | '.' | '-' | '_' | '(' | ')') {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let cleaned = cleaned.trim_matches(|c: char| c == '.' || c == ' ');
    let stem = if cleaned.is_empty() {
        "document"
    } else {
        cleaned
    };
    match extension(stem) {
        Some(e) if file.extensions().contains(&e.as_str()) => stem.to_owned(),
        _ => format!("{stem}.{}", file.extensions()[0]),
    }
}

/// Whether an event can only be written with its file: a document
/// attached, or an amendment of one (what a document is cannot be changed
/// after the fact; it is voided and attached again).
pub fn needs_its_file(kind: &crate::events::EventKind) -> bool {
    use crate::events::EventKind as K;
    match kind {
        K::DocumentAttached { .. } => true,
        K::Amended { event, .. } => needs_its_file(event),
        _ => false,
    }
}

/// Whether `s` is a SHA-256 as the ledger writes it: 64 lowercase hex digits.
pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A size as a reader says it: "12 bytes", "350 KB", "1.2 MB" (of 1,024).
pub fn size_in_words(bytes: u64) -> String {
    const KB: u64 = 1024;
    const MB: u64 = KB * 1024;
    match bytes {
        1 => "1 byte".to_owned(),
        b if b < KB => format!("{b} bytes"),
        b if b < MB => format!("{} KB", b.div_ceil(KB)),
        b => {
            let tenths = (b * 10).div_ceil(MB);
            if tenths % 10 == 0 {
                format!("{} MB", tenths / 10)
            } else {
                format!("{}.{} MB", tenths / 10, tenths % 10)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAX: u64 = 1024 * 1024;

    /// A zip with these entry names (stored, empty), as a zip tool writes it.
    fn zip(names: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        let mut central = Vec::new();
        for name in names {
            let offset = out.len() as u32;
            out.extend_from_slice(b"PK\x03\x04");
            out.extend_from_slice(&[20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend_from_slice(&[0; 12]);
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&[0, 0]);
            out.extend_from_slice(name.as_bytes());
            central.extend_from_slice(b"PK\x01\x02");
            central.extend_from_slice(&[20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&(name.len() as u16).to_le_bytes());
            central.extend_from_slice(&[0; 12]);
            central.extend_from_slice(&offset.to_le_bytes());
            central.extend_from_slice(name.as_bytes());
        }
        let at = out.len() as u32;
        out.extend_from_slice(&central);
        out.extend_from_slice(b"PK\x05\x06\0\0\0\0");
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(names.len() as u16).to_le_bytes());
        out.extend_from_slice(&(central.len() as u32).to_le_bytes());
        out.extend_from_slice(&at.to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out
    }

    #[test]
    fn files_are_known_by_their_content() {
        assert_eq!(
            identify("plan.pdf", b"%PDF-1.7\n...", MAX),
            Ok(FileType::Pdf)
        );
        assert_eq!(
            identify("photo.JPG", b"\xff\xd8\xff\xe0rest", MAX),
            Ok(FileType::Jpeg)
        );
        assert_eq!(
            identify("scan.png", b"\x89PNG\r\n\x1a\nrest", MAX),
            Ok(FileType::Png)
        );
        assert_eq!(
            identify("note.txt", "A letter – in UTF-8.\r\n".as_bytes(), MAX),
            Ok(FileType::Text)
        );
        let docx = zip(&["[Content_Types].xml", "_rels/.rels", "word/document.xml"]);
        assert_eq!(identify("report.docx", &docx, MAX), Ok(FileType::Docx));
        // No ending: the content decides.
        assert_eq!(identify("plan", b"%PDF-1.4", MAX), Ok(FileType::Pdf));
    }

    #[test]
    fn programs_archives_and_strangers_are_refused_whatever_their_names() {
        for program in [
            &b"MZ\x90\0rest"[..],
            b"\x7fELF\x02\x01",
            b"\xcf\xfa\xed\xfe\x07",
            b"#!/bin/sh\nrm -rf /\n",
        ] {
            assert_eq!(
                identify("plan.pdf", program, MAX),
                Err(FileProblem::Program)
            );
        }
        let not_word = zip(&["[Content_Types].xml", "xl/workbook.xml"]);
        assert_eq!(
            identify("report.docx", &not_word, MAX),
            Err(FileProblem::Archive)
        );
        assert_eq!(
            identify("a.docx", b"PK\x03\x04broken", MAX),
            Err(FileProblem::Archive)
        );
        assert_eq!(
            identify("photo.gif", b"GIF89a\0\0", MAX),
            Err(FileProblem::Unknown)
        );
        assert_eq!(identify("plan.pdf", b"", MAX), Err(FileProblem::Empty));
        assert_eq!(identify("", b"", MAX), Err(FileProblem::NoFile));
        assert_eq!(
            identify("plan.pdf", &vec![b'%'; MAX as usize + 1], MAX),
            Err(FileProblem::TooLarge { max: MAX })
        );
        let renamed = identify("report.docx", b"%PDF-1.7", MAX).unwrap_err();
        assert_eq!(
            renamed.to_string(),
            "The selected file's name ends in .docx but it contains a PDF; rename it to end in .pdf or choose another file"
        );
        assert!(
            FileProblem::Program
                .to_string()
                .contains("programs cannot be attached")
        );
    }

    #[test]
    fn names_offered_for_download_are_plain_and_keep_their_type() {
        assert_eq!(
            safe_file_name("C:\\fakepath\\Plan (signed).pdf", FileType::Pdf),
            "Plan (signed).pdf"
        );
        assert_eq!(
            safe_file_name("\"evil\";\r\nX-Header: 1.pdf", FileType::Pdf),
            "_evil____X-Header_ 1.pdf"
        );
        assert_eq!(safe_file_name("../../", FileType::Text), "document.txt");
        assert_eq!(safe_file_name("scan", FileType::Jpeg), "scan.jpg");
        assert_eq!(
            safe_file_name("Lettre été.txt", FileType::Text),
            "Lettre _t_.txt"
        );
    }

    #[test]
    fn sizes_are_said_in_words() {
        assert_eq!(size_in_words(1), "1 byte");
        assert_eq!(size_in_words(900), "900 bytes");
        assert_eq!(size_in_words(350 * 1024), "350 KB");
        assert_eq!(size_in_words(1024 * 1024 + 200 * 1024), "1.2 MB");
        assert_eq!(size_in_words(20 * 1024 * 1024), "20 MB");
        assert!(is_sha256(
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        ));
        assert!(!is_sha256("E3B0"));
    }

    #[test]
    fn the_kinds_of_document_match_their_names() {
        for (name, label) in KINDS {
            let kind = DocumentKind::from_name(name).unwrap();
            assert_eq!(kind.label(), *label);
        }
        assert_eq!(DocumentKind::from_name("shopping_list"), None);
    }
}
