//! Zipped XML documents: DOCX (Office Open XML) and ODT (OpenDocument).

use super::{ExtractError, Format, MAX_INFLATED_BYTES};
use quick_xml::Reader;
use quick_xml::events::Event;
use std::io::{Cursor, Read};
use zip::ZipArchive;
use zip::result::ZipError;

/// More parts than any real document has; a zip of many tiny entries is an attack.
const MAX_ENTRIES: usize = 5_000;

type Archive<'b> = ZipArchive<Cursor<&'b [u8]>>;

fn open(bytes: &[u8], format: Format) -> Result<Archive<'_>, ExtractError> {
    let archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| zip_error(e, format))?;
    if archive.len() > MAX_ENTRIES {
        return Err(ExtractError::ZipBomb {
            format,
            limit: MAX_INFLATED_BYTES,
        });
    }
    Ok(archive)
}

fn zip_error(e: ZipError, format: Format) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(msg) if msg == ZipError::PASSWORD_REQUIRED => {
            ExtractError::Unsupported {
                what: format!("A password-protected {format} file"),
                advice: "ask the candidate for a copy without a password".to_string(),
            }
        }
        e => ExtractError::Corrupt {
            format,
            detail: e.to_string(),
        },
    }
}

/// Which zipped format: a DOCX has `word/document.xml`, an ODT says so in `mimetype`.
pub(super) fn sniff_zip(bytes: &[u8]) -> Result<Format, ExtractError> {
    let mut archive = ZipArchive::new(Cursor::new(bytes)).map_err(|e| ExtractError::Corrupt {
        format: Format::Docx,
        detail: format!("not a readable zip archive: {e}"),
    })?;
    let mut names = archive.file_names();
    let mut odt = false;
    let mut docx = false;
    for name in names.by_ref().take(MAX_ENTRIES).flatten() {
        match &*name {
            "word/document.xml" => docx = true,
            "content.xml" => odt = true,
            _ => {}
        }
    }
    drop(names);
    let mut mimetype = String::new();
    if odt && let Ok(file) = archive.by_name("mimetype") {
        // The mimetype is one short line; anything longer is not an OpenDocument.
        let _ = file.take(100).read_to_string(&mut mimetype);
    }
    if docx {
        Ok(Format::Docx)
    } else if odt && mimetype.trim() == "application/vnd.oasis.opendocument.text" {
        Ok(Format::Odt)
    } else if odt {
        Err(ExtractError::Unsupported {
            what: "An OpenDocument file that is not a text document (a spreadsheet or slides?)".to_string(),
            advice: "export the resume as ODT, DOCX or PDF".to_string(),
        })
    } else {
        Err(ExtractError::Unsupported {
            what: "A zip archive".to_string(),
            advice:
                "unzip it and upload each resume as its own file (hitstaff import resumes reads a folder)"
                    .to_string(),
        })
    }
}

/// One part of the archive, inflated no further than the cap.
fn part(archive: &mut Archive<'_>, name: &str, format: Format) -> Result<Option<String>, ExtractError> {
    let file = match archive.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(e) => return Err(zip_error(e, format)),
    };
    let mut out = Vec::new();
    file.take(MAX_INFLATED_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| ExtractError::Corrupt {
            format,
            detail: format!("{name}: {e}"),
        })?;
    if out.len() as u64 > MAX_INFLATED_BYTES {
        return Err(ExtractError::ZipBomb {
            format,
            limit: MAX_INFLATED_BYTES,
        });
    }
    String::from_utf8(out)
        .map(Some)
        .map_err(|_| ExtractError::Corrupt {
            format,
            detail: format!("{name} is not UTF-8 text"),
        })
}

/// What one element means for the text around it.
enum Mark {
    /// Ends a paragraph or cell: a line break unless one is already there.
    Block,
    /// A line break inside a paragraph.
    Break,
    Tab,
    /// Text inside is not document text (field codes, deleted revisions).
    Skip,
    /// Repeated spaces (`<text:s text:c="3"/>`).
    Spaces,
    Other,
}

fn docx_mark(local: &str) -> Mark {
    match local {
        "p" | "tc" | "tr" => Mark::Block,
        "br" | "cr" => Mark::Break,
        "tab" => Mark::Tab,
        "instrText" | "delText" => Mark::Skip,
        _ => Mark::Other,
    }
}

fn odt_mark(local: &str) -> Mark {
    match local {
        "p" | "h" | "table-cell" | "table-row" | "list-item" => Mark::Block,
        "line-break" => Mark::Break,
        "tab" => Mark::Tab,
        "s" => Mark::Spaces,
        "tracked-changes" | "annotation" => Mark::Skip,
        _ => Mark::Other,
    }
}

/// The text of an XML part, paragraphs on their own lines.
fn xml_text(xml: &str, format: Format, mark: fn(&str) -> Mark, out: &mut String) -> Result<(), ExtractError> {
    let mut reader = Reader::from_str(xml);
    let mut skipping = 0usize;
    let newline = |out: &mut String| {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
    };
    loop {
        let event = reader.read_event().map_err(|e| ExtractError::Corrupt {
            format,
            detail: format!("XML at byte {}: {e}", reader.error_position()),
        })?;
        match event {
            Event::Start(e) => match mark(e.local_name().as_ref()) {
                Mark::Skip => skipping += 1,
                Mark::Break => out.push('\n'),
                Mark::Tab => out.push('\t'),
                _ => {}
            },
            Event::Empty(e) => match mark(e.local_name().as_ref()) {
                Mark::Break => out.push('\n'),
                Mark::Tab => out.push('\t'),
                Mark::Block => newline(out),
                Mark::Spaces => {
                    let count = e
                        .attributes()
                        .flatten()
                        .find(|a| a.key.local_name().as_ref() == "c")
                        .and_then(|a| a.value.parse::<usize>().ok())
                        .unwrap_or(1);
                    out.extend(std::iter::repeat_n(' ', count.min(64)));
                }
                Mark::Skip | Mark::Other => {}
            },
            Event::End(e) => match mark(e.local_name().as_ref()) {
                Mark::Skip => skipping = skipping.saturating_sub(1),
                Mark::Block => newline(out),
                _ => {}
            },
            Event::Text(t) if skipping == 0 => out.push_str(&t.xml10_content()),
            Event::CData(t) if skipping == 0 => out.push_str(&t),
            Event::GeneralRef(r) if skipping == 0 => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    match &*r {
                        "amp" => out.push('&'),
                        "lt" => out.push('<'),
                        "gt" => out.push('>'),
                        "quot" => out.push('"'),
                        "apos" => out.push('\''),
                        _ => {}
                    }
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
        if out.len() > super::MAX_TEXT_BYTES {
            return Err(ExtractError::TooMuchText {
                format,
                limit: super::MAX_TEXT_BYTES,
            });
        }
    }
}

/// A DOCX: headers first (where the name and contact details often sit), then the body.
pub(super) fn docx(bytes: &[u8]) -> Result<String, ExtractError> {
    let format = Format::Docx;
    let mut archive = open(bytes, format)?;
    let mut headers: Vec<String> = archive
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("word/header") && n.ends_with(".xml"))
        .map(|n| n.into_owned())
        .collect();
    headers.sort();
    let mut out = String::new();
    for name in headers {
        if let Some(xml) = part(&mut archive, &name, format)? {
            xml_text(&xml, format, docx_mark, &mut out)?;
        }
    }
    let body = part(&mut archive, "word/document.xml", format)?.ok_or_else(|| ExtractError::Corrupt {
        format,
        detail: "word/document.xml is missing".to_string(),
    })?;
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    xml_text(&body, format, docx_mark, &mut out)?;
    Ok(out)
}

/// An ODT: `content.xml`.
pub(super) fn odt(bytes: &[u8]) -> Result<String, ExtractError> {
    let format = Format::Odt;
    let mut archive = open(bytes, format)?;
    let body = part(&mut archive, "content.xml", format)?.ok_or_else(|| ExtractError::Corrupt {
        format,
        detail: "content.xml is missing".to_string(),
    })?;
    let mut out = String::new();
    xml_text(&body, format, odt_mark, &mut out)?;
    Ok(out)
}
