//! Comma-separated text as the SSDA903 files are written: RFC 4180 quoting,
//! CRLF or LF line ends, an optional UTF-8 byte order mark (spreadsheets
//! save one), blank lines skipped. Each record keeps the line it starts on,
//! so a problem can be reported where it is.

/// One record: the line it starts on (1-based) and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    pub line: u64,
    pub cells: Vec<String>,
}

/// Why the text could not be split into records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// A byte sequence that is not UTF-8: at `line`, in the `cell`th cell
    /// (counting from 0); `byte` is the first byte that is not.
    NotUtf8 { line: u64, cell: usize, byte: u8 },
    /// A quoted cell that starts on `line` is never closed.
    UnclosedQuote { line: u64, cell: usize },
}

const BOM: &str = "\u{feff}";

/// Splits `bytes` into records.
pub fn records(bytes: &[u8]) -> Result<Vec<Record>, CsvError> {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line_start = good.iter().rposition(|b| *b == b'\n').map_or(0, |i| i + 1);
            let line = 1 + good.iter().filter(|b| **b == b'\n').count() as u64;
            let cell = good[line_start..].iter().filter(|b| **b == b',').count();
            let byte = bytes.get(e.valid_up_to()).copied().unwrap_or_default();
            return Err(CsvError::NotUtf8 { line, cell, byte });
        }
    };
    let text = text.strip_prefix(BOM).unwrap_or(text);
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line: u64 = 1;
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut record_line = 1;
    let mut quoted_from: Option<u64> = None;
    let mut in_quotes = false;
    let mut any = false;
    while let Some(c) = chars.next() {
        if in_quotes {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => in_quotes = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                _ => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if cell.is_empty() => {
                in_quotes = true;
                any = true;
                quoted_from = Some(line);
            }
            ',' => {
                cells.push(std::mem::take(&mut cell));
                any = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                end_record(&mut out, &mut cells, &mut cell, record_line, any);
                any = false;
                line += 1;
                record_line = line;
            }
            _ => {
                cell.push(c);
                any = true;
            }
        }
    }
    if in_quotes {
        return Err(CsvError::UnclosedQuote {
            line: quoted_from.unwrap_or(line),
            cell: cells.len(),
        });
    }
    end_record(&mut out, &mut cells, &mut cell, record_line, any);
    Ok(out)
}

fn end_record(
    out: &mut Vec<Record>,
    cells: &mut Vec<String>,
    cell: &mut String,
    line: u64,
    any: bool,
) {
    if any {
        cells.push(std::mem::take(cell));
        out.push(Record {
            line,
            cells: std::mem::take(cells),
        });
    } else {
        cells.clear();
        cell.clear();
    }
}

/// Writes one cell, quoted only where it must be.
pub fn quote(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\"")).into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cells(text: &str) -> Vec<(u64, Vec<&str>)> {
        let records = records(text.as_bytes()).unwrap();
        let leaked: &'static [Record] = Box::leak(records.into_boxed_slice());
        leaked
            .iter()
            .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn splits_quoted_cells_crlf_and_a_bom() {
        assert_eq!(
            cells("\u{feff}A,B\r\n1,\"x, \"\"y\"\"\"\r\n\r\n2,\r\n"),
            vec![
                (1, vec!["A", "B"]),
                (2, vec!["1", "x, \"y\""]),
                (4, vec!["2", ""]),
            ]
        );
        assert_eq!(
            cells("A\n\"a\nb\"\nc"),
            vec![(1, vec!["A"]), (2, vec!["a\nb"]), (4, vec!["c"])]
        );
    }

    #[test]
    fn names_where_the_text_is_not_utf8_or_a_quote_is_open() {
        // "Café" in Windows-1252: é is 0xE9.
        let err = records(b"CHILD,NAME\n1,Caf\xe9\n").unwrap_err();
        assert_eq!(
            err,
            CsvError::NotUtf8 {
                line: 2,
                cell: 1,
                byte: 0xe9
            }
        );
        let err = records(b"A,B\n1,\"open\n2,3\n").unwrap_err();
        assert_eq!(err, CsvError::UnclosedQuote { line: 2, cell: 1 });
        assert_eq!(quote("a,b"), "\"a,b\"");
        assert_eq!(quote("ab"), "ab");
    }
}
