//! Documents to text.
//!
//! A resume arrives as PDF, DOCX, ODT, RTF, HTML or plain text. [`sniff`] tells which from the
//! bytes themselves (never from the file name); [`extract`] turns it into text. Readers of
//! untrusted binary formats can fail badly (a PDF library may panic, loop, or allocate without
//! end), so [`Sandbox`] runs them in a child process with limits on time, memory and output and
//! reports each way of failing as an [`ExtractError`] a recruiter can act on.

mod html;
mod office;
mod rtf;
mod sandbox;

pub use sandbox::{Limits, Sandbox, worker_main};

use serde::{Deserialize, Serialize};

/// The most bytes hitstaff accepts as one resume.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// The most text one resume may produce.
pub const MAX_TEXT_BYTES: usize = 2 * 1024 * 1024;
/// The most bytes one part of a zipped document (DOCX, ODT) may inflate to.
pub const MAX_INFLATED_BYTES: u64 = 32 * 1024 * 1024;
/// The most a PDF's compressed streams may inflate to, all together (pictures included).
pub const MAX_PDF_INFLATED_BYTES: u64 = 64 * 1024 * 1024;

/// What kind of document the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Pdf,
    Docx,
    Odt,
    Rtf,
    Html,
    Text,
    /// A JSON Resume document (jsonresume.org).
    #[serde(rename = "json")]
    JsonResume,
}

impl Format {
    /// The media type to store and serve the original with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            Format::Odt => "application/vnd.oasis.opendocument.text",
            Format::Rtf => "application/rtf",
            Format::Html => "text/html",
            Format::Text => "text/plain",
            Format::JsonResume => "application/json",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Docx => "docx",
            Format::Odt => "odt",
            Format::Rtf => "rtf",
            Format::Html => "html",
            Format::Text => "txt",
            Format::JsonResume => "json",
        }
    }

    /// Whether reading it needs the sandbox (anything but plain text).
    pub fn needs_sandbox(self) -> bool {
        !matches!(self, Format::Text | Format::JsonResume)
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Format::Pdf => "PDF",
            Format::Docx => "DOCX",
            Format::Odt => "ODT",
            Format::Rtf => "RTF",
            Format::Html => "HTML",
            Format::Text => "plain text",
            Format::JsonResume => "JSON Resume",
        })
    }
}

/// Why a document gave no text. Each message says what was wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExtractError {
    #[error("the file is empty: upload the resume itself")]
    Empty,
    #[error(
        "the file is {size} bytes, over the {limit}-byte limit for a resume: remove images or \
         save it as plain text or DOCX"
    )]
    TooLarge { size: usize, limit: usize },
    #[error("{what} is not a format hitstaff reads: {advice}")]
    Unsupported { what: String, advice: String },
    #[error(
        "the PDF is protected by a password: ask the candidate for a copy without one, or print \
         it to a new PDF"
    )]
    Encrypted,
    #[error("the {format} file is damaged ({detail}): open and save it again, or ask for a new copy")]
    Corrupt { format: Format, detail: String },
    #[error(
        "the {format} file would inflate past {limit} bytes (a zip bomb or a document full of \
         embedded files): save it again without attachments"
    )]
    ZipBomb { format: Format, limit: u64 },
    #[error("{detail}: correct the file and upload it again")]
    Invalid { format: Format, detail: String },
    #[error(
        "the {format} file has too little text to be a resume (a scanned image, or an empty \
         page?): ask for a version with selectable text"
    )]
    NoText { format: Format },
    #[error("reading the {format} file took longer than {seconds} s: save it again or as another format")]
    TimedOut { format: Format, seconds: u64 },
    #[error(
        "reading the {format} file needed more than {limit_mib} MiB of memory: save it again \
         or as another format"
    )]
    OutOfMemory { format: Format, limit_mib: u64 },
    #[error("the {format} file holds more than {limit} bytes of text, too much for one resume")]
    TooMuchText { format: Format, limit: usize },
    #[error("the {format} reader failed on this file: save it again or as another format")]
    Crashed { format: Format },
    #[error("the text extractor could not be started ({detail}): this is a server problem, not the file's")]
    Sandbox { detail: String },
}

/// A document's text and what it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    pub format: Format,
    pub text: String,
}

/// Reads a resume file from disk: only a regular file (a named pipe would block the reader for
/// ever, a device never ends), at most [`MAX_FILE_BYTES`] (checked before reading, and again while
/// reading, for a file that grows). The error says what was wrong and what to do.
pub fn read_file(path: &std::path::Path) -> Result<Vec<u8>, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read it: {e}"))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        return Err(format!("{what}: give the resume's file itself"));
    }
    let too_large = |size: u64| {
        ExtractError::TooLarge {
            size: usize::try_from(size).unwrap_or(usize::MAX),
            limit: MAX_FILE_BYTES,
        }
        .to_string()
    };
    if meta.len() > MAX_FILE_BYTES as u64 {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes))
        .map_err(|e| format!("cannot read it: {e}"))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Tells the format from the first bytes; refuses formats that hold no text we can read.
pub fn sniff(bytes: &[u8]) -> Result<Format, ExtractError> {
    if bytes.is_empty() {
        return Err(ExtractError::Empty);
    }
    let head = &bytes[..bytes.len().min(1024)];
    let unsupported = |what: &str, advice: &str| {
        Err(ExtractError::Unsupported {
            what: what.to_string(),
            advice: advice.to_string(),
        })
    };
    // A PDF header may sit after a little junk (the spec allows 1024 bytes).
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return office::sniff_zip(bytes);
    }
    if bytes.starts_with(b"{\\rtf") {
        return Ok(Format::Rtf);
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return unsupported(
            "A Word 97-2003 (.doc) or other legacy Office file",
            "save it as DOCX or PDF and upload that",
        );
    }
    let images: [(&[u8], &str); 6] = [
        (b"\x89PNG", "A PNG image"),
        (b"\xFF\xD8\xFF", "A JPEG image"),
        (b"GIF8", "A GIF image"),
        (b"II*\x00", "A TIFF image"),
        (b"MM\x00*", "A TIFF image"),
        (b"RIFF", "A RIFF (WebP or audio) file"),
    ];
    for (magic, what) in images {
        if bytes.starts_with(magic) {
            return unsupported(
                what,
                "hitstaff reads text, not pictures: ask for a PDF or DOCX with selectable text",
            );
        }
    }
    for (magic, what) in [
        (&b"\x1F\x8B"[..], "A gzip archive"),
        (b"Rar!", "A RAR archive"),
        (b"7z\xBC\xAF", "A 7-Zip archive"),
        (b"\x7FELF", "A program"),
        (b"MZ", "A Windows program"),
    ] {
        if bytes.starts_with(magic) {
            return unsupported(what, "upload each resume as its own PDF, DOCX or text file");
        }
    }
    if crate::jsonresume::looks_like_json_resume(bytes) {
        return Ok(Format::JsonResume);
    }
    let text = decode_text(bytes);
    let Some(text) = text else {
        return unsupported(
            "This binary file",
            "upload the resume as PDF, DOCX, ODT, RTF, HTML or plain text",
        );
    };
    if html::looks_like_html(&text) {
        Ok(Format::Html)
    } else {
        Ok(Format::Text)
    }
}

/// Reads a document in this process. Only for plain text, or inside the sandbox's child.
pub fn extract(bytes: &[u8]) -> Result<Extracted, ExtractError> {
    if bytes.len() > MAX_FILE_BYTES {
        return Err(ExtractError::TooLarge {
            size: bytes.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let format = sniff(bytes)?;
    let raw = match format {
        Format::Pdf => pdf(bytes)?,
        Format::Docx => office::docx(bytes)?,
        Format::Odt => office::odt(bytes)?,
        Format::Rtf => rtf::to_text(bytes)?,
        Format::Html => html::to_text(&decode_text(bytes).unwrap_or_default()),
        Format::Text => decode_text(bytes).unwrap_or_default(),
        Format::JsonResume => crate::jsonresume::import_text(bytes)
            .map_err(|detail| ExtractError::Invalid { format, detail })?,
    };
    let text = tidy(&raw);
    if text.len() > MAX_TEXT_BYTES {
        return Err(ExtractError::TooMuchText {
            format,
            limit: MAX_TEXT_BYTES,
        });
    }
    if text.chars().filter(|c| c.is_alphanumeric()).count() < 20 {
        return Err(ExtractError::NoText { format });
    }
    Ok(Extracted { format, text })
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// A writer that only counts.
struct Counter(u64);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len() as u64;
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// What a PDF's streams inflate to, all together, counted without keeping it (a flate stream of a
/// few megabytes can hold a gigabyte of zeros, which the PDF reader would hold in memory whole).
/// Stops counting past `limit`.
fn pdf_inflated_size(bytes: &[u8], limit: u64) -> u64 {
    use std::io::Read;
    let mut total = 0u64;
    let mut at = 0;
    while total <= limit {
        let Some(i) = find(&bytes[at..], b"stream") else {
            break;
        };
        let mut start = at + i + b"stream".len();
        at = start;
        // "stream" then an end of line opens a stream's data; "endstream" does not.
        if bytes[..start - b"stream".len()].ends_with(b"end") {
            continue;
        }
        match bytes.get(start..start + 2) {
            Some([b'\r', b'\n']) => start += 2,
            Some([b'\n', _]) | Some([b'\r', _]) => start += 1,
            _ => continue,
        }
        let mut decoder = flate2::read::ZlibDecoder::new(&bytes[start..]).take(limit + 1 - total);
        // Counted as it comes: a stream that breaks after a gigabyte still inflated a gigabyte.
        let mut counted = Counter(0);
        let _ = std::io::copy(&mut decoder, &mut counted);
        total += counted.0;
        if let Ok(n) = usize::try_from(decoder.into_inner().total_in()) {
            at = start + n.max(1);
        }
    }
    total
}

fn pdf(bytes: &[u8]) -> Result<String, ExtractError> {
    use pdf_extract::{Error, encryption::DecryptionError};
    if pdf_inflated_size(bytes, MAX_PDF_INFLATED_BYTES) > MAX_PDF_INFLATED_BYTES {
        return Err(ExtractError::ZipBomb {
            format: Format::Pdf,
            limit: MAX_PDF_INFLATED_BYTES,
        });
    }
    let corrupt = |e: &dyn std::fmt::Display| ExtractError::Corrupt {
        format: Format::Pdf,
        detail: e.to_string(),
    };
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|e| match e {
        Error::Decryption(_) => ExtractError::Encrypted,
        e => corrupt(&e),
    })?;
    if doc.is_encrypted() {
        // Many PDFs carry an owner password only, with an empty password to open them.
        doc.decrypt("").map_err(|e| match e {
            Error::Decryption(DecryptionError::IncorrectPassword) => ExtractError::Encrypted,
            Error::Decryption(_) => ExtractError::Encrypted,
            e => corrupt(&e),
        })?;
    }
    let mut text = String::new();
    {
        let mut out = pdf_extract::PlainTextOutput::new(&mut text);
        pdf_extract::output_doc(&doc, &mut out).map_err(|e| corrupt(&e))?;
    }
    Ok(text)
}

/// Bytes as text: UTF-8 (with or without a byte-order mark), UTF-16 with a mark, or Windows-1252.
/// `None` when the bytes are not text at all.
pub(crate) fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        utf16(rest, u16::from_le_bytes)
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        utf16(rest, u16::from_be_bytes)
    } else if let Some(word) = utf16_without_mark(bytes) {
        utf16(bytes, word)
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => bytes.iter().map(|&b| windows_1252(b)).collect(),
        }
    };
    // NUL carries nothing in a text (some tools pad files with it): dropped, not held against
    // the file. Other control characters still mark a binary file.
    let text = if text.contains('\0') {
        text.replace('\0', "")
    } else {
        text
    };
    let control = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\x0C'))
        .count();
    (control * 100 <= text.chars().count().max(1)).then_some(text)
}

/// UTF-16 written without a byte-order mark, told by its zero bytes: in text of Latin letters
/// every other byte is zero (the second of each pair little-endian, the first big-endian).
fn utf16_without_mark(bytes: &[u8]) -> Option<fn([u8; 2]) -> u16> {
    let pairs = bytes.len() / 2;
    if pairs < 2 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut le, mut be) = (0usize, 0usize);
    for c in bytes.chunks_exact(2) {
        match (c[0] == 0, c[1] == 0) {
            (false, true) => le += 1,
            (true, false) => be += 1,
            _ => {}
        }
    }
    if le * 10 >= pairs * 9 {
        Some(u16::from_le_bytes)
    } else if be * 10 >= pairs * 9 {
        Some(u16::from_be_bytes)
    } else {
        None
    }
}

fn utf16(bytes: &[u8], word: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|c| word([c[0], c[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

/// One byte of Windows-1252, the encoding of most old non-Unicode documents.
pub(crate) fn windows_1252(b: u8) -> char {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8D}', 'Ž', '\u{8F}',
        '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9D}', 'ž', 'Ÿ',
    ];
    match b {
        0x80..=0x9F => HIGH[usize::from(b - 0x80)],
        _ => char::from(b),
    }
}

/// Evens out what extractors leave behind: line endings, ligatures, soft hyphens, odd spaces,
/// runs of blank lines, trailing spaces.
pub fn tidy(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut blank_run = 0;
    for line in raw.split('\n') {
        let mut clean = String::with_capacity(line.len());
        for c in line.chars() {
            match c {
                '\r' | '\u{AD}' | '\u{200B}' | '\u{FEFF}' => {}
                '\u{FB00}' => clean.push_str("ff"),
                '\u{FB01}' => clean.push_str("fi"),
                '\u{FB02}' => clean.push_str("fl"),
                '\u{FB03}' => clean.push_str("ffi"),
                '\u{FB04}' => clean.push_str("ffl"),
                '\u{A0}' | '\u{2007}' | '\u{202F}' | '\u{2002}' | '\u{2003}' | '\u{2009}' => clean.push(' '),
                '\x0C' | '\u{2028}' | '\u{2029}' => clean.push(' '),
                c if c.is_control() && c != '\t' => {}
                c => clean.push(c),
            }
        }
        let trimmed = clean.trim_end();
        if trimmed.trim().is_empty() {
            blank_run += 1;
            if blank_run > 1 || out.is_empty() {
                continue;
            }
            out.push('\n');
        } else {
            blank_run = 0;
            out.push_str(trimmed);
            out.push('\n');
        }
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}
