//! A pull reader over the XML of a census file that knows the line of every
//! tag, so each error can name the file, the line and the element.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::ReadError;
use crate::cin::model::Line;

/// One step through the document, whitespace and comments left out.
pub(super) enum Item<'a> {
    /// An opening tag (an empty element `<X/>` comes as an opening tag and
    /// its closing tag).
    Open { name: String, line: Line },
    /// A closing tag.
    Close,
    /// Character data, entities resolved.
    Text(std::borrow::Cow<'a, str>),
    /// The end of the document.
    End,
}

pub(super) struct Xml<'a> {
    reader: Reader<&'a [u8]>,
    source: &'a str,
    file: &'a str,
    /// The byte offset up to which lines have been counted, and the line
    /// there: counting forward from the last tag keeps the whole read linear.
    counted_to: usize,
    line: Line,
}

impl<'a> Xml<'a> {
    pub(super) fn new(file: &'a str, source: &'a str) -> Self {
        let mut reader = Reader::from_str(source);
        let config = reader.config_mut();
        config.expand_empty_elements = true;
        config.check_end_names = true;
        Xml {
            reader,
            source,
            file,
            counted_to: 0,
            line: 1,
        }
    }

    /// The line at a byte offset at or after the last one asked for.
    fn line_at(&mut self, offset: usize) -> Line {
        let offset = offset.min(self.source.len());
        if offset > self.counted_to {
            let newlines = self.source.as_bytes()[self.counted_to..offset]
                .iter()
                .filter(|&&byte| byte == b'\n')
                .count();
            self.line = self
                .line
                .saturating_add(u32::try_from(newlines).unwrap_or(u32::MAX));
            self.counted_to = offset;
        }
        self.line
    }

    /// The line the reader has reached.
    pub(super) fn current_line(&mut self) -> Line {
        let at = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
        self.line_at(at)
    }

    /// An error at a line, about an element.
    pub(super) fn error(&self, line: Line, element: &str, problem: impl Into<String>) -> ReadError {
        ReadError {
            file: self.file.to_owned(),
            line: Some(line),
            element: (!element.is_empty()).then(|| element.to_owned()),
            problem: problem.into(),
        }
    }

    /// The next item of the document, or an error for XML that is not well
    /// formed.
    pub(super) fn next(&mut self, inside: &str) -> Result<Item<'a>, ReadError> {
        loop {
            let before = usize::try_from(self.reader.buffer_position()).unwrap_or(usize::MAX);
            let event = match self.reader.read_event() {
                Ok(event) => event,
                Err(error) => {
                    let at = usize::try_from(self.reader.error_position()).unwrap_or(usize::MAX);
                    let line = self.line_at(at.max(before));
                    return Err(self.error(line, inside, format!("the XML is malformed: {error}")));
                }
            };
            return Ok(match event {
                Event::Start(tag) => {
                    let line = self.line_at(before);
                    Item::Open {
                        name: local(tag.local_name().into_inner()).to_owned(),
                        line,
                    }
                }
                Event::End(_) => Item::Close,
                Event::Text(text) => Item::Text(text.xml10_content()),
                Event::CData(data) => Item::Text(data.xml10_content()),
                Event::GeneralRef(reference) => {
                    let line = self.line_at(before);
                    Item::Text(self.resolve(&reference, line, inside)?.into())
                }
                Event::Eof => Item::End,
                Event::DocType(_) => {
                    let line = self.line_at(before);
                    return Err(self.error(
                        line,
                        inside,
                        "a census file may not have a document type declaration (<!DOCTYPE>)",
                    ));
                }
                Event::Empty(_) | Event::Comment(_) | Event::Decl(_) | Event::PI(_) => continue,
            });
        }
    }

    /// The text of an entity or character reference: only XML's own five
    /// entities and character references are allowed, as a census file has
    /// no document type to declare others.
    fn resolve(
        &self,
        reference: &quick_xml::events::BytesRef<'_>,
        line: Line,
        inside: &str,
    ) -> Result<String, ReadError> {
        let named = match &**reference {
            "lt" => Some('<'),
            "gt" => Some('>'),
            "amp" => Some('&'),
            "apos" => Some('\''),
            "quot" => Some('"'),
            _ => None,
        };
        if let Some(character) = named {
            return Ok(character.to_string());
        }
        match reference.resolve_char_ref() {
            Ok(Some(character)) => Ok(character.to_string()),
            Ok(None) | Err(_) => Err(self.error(
                line,
                inside,
                format!("the XML is malformed: unknown reference &{};", &**reference),
            )),
        }
    }
}

/// An element's name without a namespace prefix.
fn local(name: &str) -> &str {
    name.rsplit(':').next().unwrap_or(name)
}
