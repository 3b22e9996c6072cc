//! One sheet written as the smallest workbook spreadsheet programs open
//! (ECMA-376 Part 1, 18.2 and 18.3): a workbook part, a styles part with
//! one date format, and the sheet, text written inline.

use std::io::Write;

use jiff::civil::{Date, date};

use crate::{Cell, XlsxError};

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC_RELS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#;

/// A workbook of one sheet named `name`, holding `rows` from cell A1.
pub fn write_sheet(name: &str, rows: &[Vec<Cell>]) -> Result<Vec<u8>, XlsxError> {
    // Excel refuses sheet names longer than 31 characters or holding any
    // of these.
    if name.is_empty()
        || name.chars().count() > 31
        || name.contains(['[', ']', ':', '*', '?', '/', '\\'])
    {
        return Err(XlsxError::Write(format!(
            "{name:?} cannot name a sheet (1 to 31 characters, none of []:*?/\\)"
        )));
    }
    let sheet = sheet_xml(rows)?;
    let parts: [(&str, String); 6] = [
        (
            "[Content_Types].xml",
            format!(
                r#"{HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#
            ),
        ),
        (
            "_rels/.rels",
            format!(
                r#"{HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
            ),
        ),
        (
            "xl/workbook.xml",
            format!(
                r#"{HEAD}<workbook xmlns="{MAIN}" xmlns:r="{DOC_RELS}"><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
                escape(name)?
            ),
        ),
        (
            "xl/_rels/workbook.xml.rels",
            format!(
                r#"{HEAD}<Relationships xmlns="{RELS}"><Relationship Id="rId1" Type="{DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="{DOC_RELS}/styles" Target="styles.xml"/></Relationships>"#
            ),
        ),
        // Style 1 is the built-in date format 14 (the reader's locale's
        // short date), which is what marks a number as a date.
        (
            "xl/styles.xml",
            format!(
                r#"{HEAD}<styleSheet xmlns="{MAIN}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
            ),
        ),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (path, text) in parts {
        zip.start_file(path, options)
            .map_err(|e| XlsxError::Write(e.to_string()))?;
        zip.write_all(text.as_bytes())
            .map_err(|e| XlsxError::Write(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| XlsxError::Write(e.to_string()))?;
    Ok(cursor.into_inner())
}

fn sheet_xml(rows: &[Vec<Cell>]) -> Result<String, XlsxError> {
    let mut xml = format!(r#"{HEAD}<worksheet xmlns="{MAIN}"><sheetData>"#);
    for (r, row) in rows.iter().enumerate() {
        let number = r + 1;
        xml.push_str(&format!(r#"<row r="{number}">"#));
        for (c, cell) in row.iter().enumerate() {
            let at = format!("{}{number}", column_name(c));
            match cell {
                Cell::Empty => {}
                Cell::Text(text) => {
                    let space = if text.trim() != text {
                        r#" xml:space="preserve""#
                    } else {
                        ""
                    };
                    xml.push_str(&format!(
                        r#"<c r="{at}" t="inlineStr"><is><t{space}>{}</t></is></c>"#,
                        escape(text)?
                    ));
                }
                Cell::Number(n) if n.is_finite() => {
                    xml.push_str(&format!(r#"<c r="{at}"><v>{n}</v></c>"#));
                }
                Cell::Number(n) => {
                    return Err(XlsxError::Write(format!(
                        "{at}: {n} is not a number a cell holds"
                    )));
                }
                Cell::Bool(b) => {
                    xml.push_str(&format!(r#"<c r="{at}" t="b"><v>{}</v></c>"#, u8::from(*b)));
                }
                Cell::Date(day) => {
                    xml.push_str(&format!(
                        r#"<c r="{at}" s="1"><v>{}</v></c>"#,
                        serial(*day)?
                    ));
                }
                Cell::Error(e) => {
                    xml.push_str(&format!(r#"<c r="{at}" t="e"><v>{}</v></c>"#, escape(e)?));
                }
            }
        }
        xml.push_str("</row>");
    }
    xml.push_str("</sheetData></worksheet>");
    Ok(xml)
}

/// A date as the 1900 date system counts it: days since 30 December 1899
/// for any day after 28 February 1900 (the system counts a 29 February
/// 1900 that never was).
fn serial(day: Date) -> Result<i32, XlsxError> {
    if day < date(1900, 3, 1) {
        return Err(XlsxError::Write(format!("{day} is before March 1900")));
    }
    let span = day
        .since(date(1899, 12, 30))
        .map_err(|e| XlsxError::Write(e.to_string()))?;
    Ok(span.get_days())
}

/// Column 0 is A, 25 Z, 26 AA.
fn column_name(mut index: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (index % 26) as u8);
        if index < 26 {
            break;
        }
        index = index / 26 - 1;
    }
    name.reverse();
    String::from_utf8_lossy(&name).into_owned()
}

/// Text for an XML element or attribute. XML 1.0 cannot hold most control
/// characters at all, so text holding one is refused rather than altered.
fn escape(text: &str) -> Result<String, XlsxError> {
    let mut out = String::with_capacity(text.len());
    for ch in text.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(ch),
            c if c.is_control() => {
                return Err(XlsxError::Write(format!(
                    "{text:?} holds the control character U+{:04X}, which a workbook cannot",
                    c as u32
                )));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_as_spreadsheets_name_them() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27), "AB");
        assert_eq!(column_name(701), "ZZ");
        assert_eq!(column_name(702), "AAA");
    }

    #[test]
    fn serials_count_from_the_1900_system() {
        // 1 March 1900 is 61 in every spreadsheet program; 1 January 2026
        // is 46023.
        assert_eq!(serial(date(1900, 3, 1)), Ok(61));
        assert_eq!(serial(date(2026, 1, 1)), Ok(46023));
        assert!(serial(date(1900, 2, 28)).is_err());
    }
}
