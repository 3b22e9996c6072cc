//! A chronology as a Word document, for court bundles and for partners who
//! work in Word: Office Open XML (ECMA-376, the `.docx` format), written
//! directly. The document is a title, a few lines saying what it shows, and
//! a table of dated entries; every page carries the same heading (the
//! child's name, the filter and the date the record is as at) and says
//! which page it is of how many, as a court expects of a bundle.
//!
//! Pure: it takes text and returns bytes. Stored without compression, so
//! the same input always gives the same bytes.

use std::io::Write;

/// A document to write.
#[derive(Debug, Clone)]
pub struct Chronology<'a> {
    /// The title on the first page ("Chronology: Phoebe Ackroyd").
    pub title: &'a str,
    /// The heading of every page.
    pub heading: &'a str,
    /// Lines under the title: what the chronology shows, and how.
    pub notes: &'a [String],
    /// The table's column headings.
    pub columns: [&'a str; 3],
    /// The entries, oldest first.
    pub rows: &'a [[String; 3]],
}

/// The document could not be written.
#[derive(Debug, thiserror::Error)]
#[error("the Word document could not be written: {0}")]
pub struct DocxError(String);

/// The document as the bytes of a `.docx` file.
pub fn write(doc: &Chronology<'_>) -> Result<Vec<u8>, DocxError> {
    let parts: [(&str, String); 7] = [
        ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
        ("_rels/.rels", PACKAGE_RELS.to_owned()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_owned()),
        ("word/styles.xml", STYLES.to_owned()),
        ("word/header1.xml", header(doc.heading)),
        ("word/footer1.xml", FOOTER.to_owned()),
        ("word/document.xml", document(doc)),
    ];
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, xml) in parts {
        zip.start_file(name, options)
            .map_err(|e| DocxError(e.to_string()))?;
        zip.write_all(xml.as_bytes())
            .map_err(|e| DocxError(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| DocxError(e.to_string()))?;
    Ok(cursor.into_inner())
}

/// Text made safe for XML: the five special characters escaped, and the
/// control characters XML 1.0 does not allow (which a pasted note may
/// carry) replaced by a space.
fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A paragraph of plain text in a style; line breaks kept.
fn paragraph(style: Option<&str>, s: &str) -> String {
    let style = style
        .map(|st| format!(r#"<w:pPr><w:pStyle w:val="{st}"/></w:pPr>"#))
        .unwrap_or_default();
    let runs: Vec<String> = s
        .split('\n')
        .map(|line| format!(r#"<w:t xml:space="preserve">{}</w:t>"#, text(line)))
        .collect();
    format!("<w:p>{style}<w:r>{}</w:r></w:p>", runs.join("<w:br/>"))
}

fn cell(width: u32, s: &str, bold: bool) -> String {
    let p = if bold {
        format!(
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{}</w:t></w:r></w:p>"#,
            text(s)
        )
    } else {
        paragraph(None, s)
    };
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{p}</w:tc>"#)
}

/// Column widths in twentieths of a point: an A4 page less its margins.
const WIDTHS: [u32; 3] = [2000, 2600, 5038];

fn document(doc: &Chronology<'_>) -> String {
    let mut body = paragraph(Some("Title"), doc.title);
    for note in doc.notes {
        body.push_str(&paragraph(None, note));
    }
    body.push_str(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="9638" w:type="dxa"/><w:tblLook w:val="0020" w:firstRow="1"/></w:tblPr><w:tblGrid>"#,
    );
    for w in WIDTHS {
        body.push_str(&format!(r#"<w:gridCol w:w="{w}"/>"#));
    }
    body.push_str("</w:tblGrid>");
    // The header row repeats at the top of every page the table runs on.
    body.push_str(r#"<w:tr><w:trPr><w:tblHeader/></w:trPr>"#);
    for (w, c) in WIDTHS.iter().zip(doc.columns) {
        body.push_str(&cell(*w, c, true));
    }
    body.push_str("</w:tr>");
    for row in doc.rows {
        body.push_str(r#"<w:tr><w:trPr><w:cantSplit/></w:trPr>"#);
        for (w, c) in WIDTHS.iter().zip(row) {
            body.push_str(&cell(*w, c, false));
        }
        body.push_str("</w:tr>");
    }
    body.push_str("</w:tbl>");
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>{body}<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader"/><w:footerReference w:type="default" r:id="rIdFooter"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

fn header(heading: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">{}</w:hdr>"#,
        paragraph(Some("Header"), heading)
    )
}

/// "Page N of M", as Word's PAGE and NUMPAGES fields.
const FOOTER: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="right"/></w:pPr><w:r><w:t xml:space="preserve">Page </w:t></w:r><w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> of </w:t></w:r><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p></w:ftr>"#;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdStyles" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdHeader" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/><Relationship Id="rIdFooter" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Arial" w:hAnsi="Arial" w:cs="Arial"/><w:sz w:val="22"/><w:lang w:val="en-GB"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="120"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:rPr><w:b/><w:sz w:val="36"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Header"><w:name w:val="header"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Footer"><w:name w:val="footer"/><w:basedOn w:val="Normal"/><w:rPr><w:sz w:val="18"/></w:rPr></w:style><w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:left w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:right w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideH w:val="single" w:sz="4" w:space="0" w:color="auto"/><w:insideV w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style></w:styles>"#;

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    fn sample(rows: &[[String; 3]]) -> Vec<u8> {
        let notes = ["All events.".to_owned()];
        write(&Chronology {
            title: "Chronology: Ann <Test> & Co",
            heading: "Chronology: Ann <Test> & Co (SC0000001). All events. As at 4 December 2026.",
            notes: &notes,
            columns: ["Date", "What happened", "Detail"],
            rows,
        })
        .unwrap()
    }

    fn part(bytes: &[u8], name: &str) -> String {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        let mut s = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut s).unwrap();
        s
    }

    /// Every part parses as XML, as Word's reader would require.
    fn well_formed(xml: &str) {
        let mut reader = quick_xml::Reader::from_str(xml);
        loop {
            match reader.read_event() {
                Ok(quick_xml::events::Event::Eof) => break,
                Ok(_) => {}
                Err(e) => panic!("{e}: {xml}"),
            }
        }
    }

    #[test]
    fn a_document_word_can_open() {
        let rows = [[
            "3 March 2025".to_owned(),
            "Visit".to_owned(),
            "Child seen alone.\nSays \"fine\" \u{0007}".to_owned(),
        ]];
        let bytes = sample(&rows);
        assert_eq!(&bytes[..2], b"PK", "a zip package");
        for name in [
            "[Content_Types].xml",
            "_rels/.rels",
            "word/_rels/document.xml.rels",
            "word/styles.xml",
            "word/header1.xml",
            "word/footer1.xml",
            "word/document.xml",
        ] {
            well_formed(&part(&bytes, name));
        }
        let doc = part(&bytes, "word/document.xml");
        assert!(doc.contains("Ann &lt;Test&gt; &amp; Co"));
        assert!(
            doc.contains("Says &quot;fine&quot;  "),
            "control characters become spaces"
        );
        assert!(doc.contains("<w:tblHeader/>"), "the header row repeats");
        let header = part(&bytes, "word/header1.xml");
        assert!(header.contains("(SC0000001). All events. As at 4 December 2026."));
        let footer = part(&bytes, "word/footer1.xml");
        assert!(
            footer.contains(r#"w:instr=" PAGE ""#) && footer.contains(r#"w:instr=" NUMPAGES ""#)
        );
    }

    #[test]
    fn the_same_chronology_gives_the_same_bytes() {
        let rows = [[
            "1 January 2025".to_owned(),
            "Referral".to_owned(),
            String::new(),
        ]];
        assert_eq!(sample(&rows), sample(&rows));
    }
}
