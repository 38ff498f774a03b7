//! Rich Text Format: groups, control words and text, read without recursion.

use super::{ExtractError, Format, windows_1252};

/// Deeper nesting than any word processor writes.
const MAX_DEPTH: usize = 1_000;

/// Destinations whose text is not part of the document.
const SKIPPED: &[&str] = &[
    "fonttbl",
    "colortbl",
    "stylesheet",
    "info",
    "pict",
    "object",
    "fldinst",
    "listtable",
    "listoverridetable",
    "rsidtbl",
    "generator",
    "xmlnstbl",
    "themedata",
    "colorschememapping",
    "datastore",
    "latentstyles",
    "filetbl",
    "revtbl",
    "pgdsctbl",
    "mmathPr",
    "bkmkstart",
    "bkmkend",
    "footnote",
    "footer",
    "footerl",
    "footerr",
    "footerf",
];

#[derive(Clone, Copy)]
struct Group {
    skip: bool,
    /// How many characters of fallback follow a `\u` escape (`\ucN`).
    fallback: usize,
}

/// The text of an RTF document.
pub(super) fn to_text(bytes: &[u8]) -> Result<String, ExtractError> {
    let corrupt = |detail: &str| ExtractError::Corrupt {
        format: Format::Rtf,
        detail: detail.to_string(),
    };
    let mut out = String::new();
    let mut stack: Vec<Group> = Vec::new();
    let mut state = Group {
        skip: false,
        fallback: 1,
    };
    // Fallback characters still to drop after a `\u` escape.
    let mut pending_fallback = 0usize;
    // Whether the group just opened, so that its first control word may name a destination.
    let mut group_start = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match b {
            b'{' => {
                if stack.len() >= MAX_DEPTH {
                    return Err(corrupt("groups nested too deeply"));
                }
                stack.push(state);
                group_start = true;
                i += 1;
            }
            b'}' => {
                state = stack
                    .pop()
                    .ok_or_else(|| corrupt("a group closes that never opened"))?;
                pending_fallback = 0;
                group_start = false;
                i += 1;
            }
            b'\\' => {
                let at_start = std::mem::take(&mut group_start);
                i += 1;
                let Some(&c) = bytes.get(i) else { break };
                if c.is_ascii_alphabetic() {
                    let start = i;
                    while i < bytes.len() && bytes[i].is_ascii_alphabetic() && i - start < 32 {
                        i += 1;
                    }
                    let word = std::str::from_utf8(&bytes[start..i]).unwrap_or("");
                    let num_start = i;
                    if i < bytes.len() && bytes[i] == b'-' {
                        i += 1;
                    }
                    while i < bytes.len() && bytes[i].is_ascii_digit() && i - num_start < 11 {
                        i += 1;
                    }
                    let param: Option<i64> = std::str::from_utf8(&bytes[num_start..i])
                        .ok()
                        .and_then(|s| s.parse().ok());
                    if i < bytes.len() && bytes[i] == b' ' {
                        i += 1;
                    }
                    if at_start && SKIPPED.contains(&word) {
                        state.skip = true;
                    }
                    if state.skip {
                        continue;
                    }
                    match word {
                        "par" | "line" | "row" | "sect" | "page" => out.push('\n'),
                        "cell" | "nestcell" => out.push('\n'),
                        "tab" => out.push('\t'),
                        "emdash" => out.push('—'),
                        "endash" => out.push('–'),
                        "bullet" => out.push('•'),
                        "lquote" => out.push('‘'),
                        "rquote" => out.push('’'),
                        "ldblquote" => out.push('“'),
                        "rdblquote" => out.push('”'),
                        "uc" => state.fallback = param.unwrap_or(1).clamp(0, 8) as usize,
                        "u" => {
                            let n = param.unwrap_or(0);
                            let n = if n < 0 { n + 65_536 } else { n };
                            out.push(
                                u32::try_from(n)
                                    .ok()
                                    .and_then(char::from_u32)
                                    .unwrap_or('\u{FFFD}'),
                            );
                            pending_fallback = state.fallback;
                        }
                        _ => {}
                    }
                } else {
                    i += 1;
                    match c {
                        b'*' if at_start => {
                            state.skip = true;
                        }
                        b'\'' => {
                            let hex = bytes.get(i..i + 2).and_then(|h| std::str::from_utf8(h).ok());
                            let value = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
                            i += 2;
                            if state.skip {
                                continue;
                            }
                            if pending_fallback > 0 {
                                pending_fallback -= 1;
                            } else if let Some(v) = value {
                                out.push(windows_1252(v));
                            }
                        }
                        b'~' if !state.skip => out.push(' '),
                        b'_' if !state.skip => out.push('-'),
                        b'\\' | b'{' | b'}' if !state.skip => {
                            if pending_fallback > 0 {
                                pending_fallback -= 1;
                            } else {
                                out.push(char::from(c));
                            }
                        }
                        b'\n' | b'\r' if !state.skip => out.push('\n'),
                        _ => {}
                    }
                }
            }
            b'\r' | b'\n' => {
                group_start = false;
                i += 1;
            }
            _ => {
                group_start = false;
                // Plain text runs up to the next control character.
                let start = i;
                while i < bytes.len() && !matches!(bytes[i], b'{' | b'}' | b'\\' | b'\r' | b'\n') {
                    i += 1;
                }
                if state.skip {
                    continue;
                }
                let mut run = &bytes[start..i];
                let dropped = pending_fallback.min(run.len());
                run = &run[dropped..];
                pending_fallback -= dropped;
                out.extend(run.iter().map(|&b| windows_1252(b)));
            }
        }
        if out.len() > super::MAX_TEXT_BYTES {
            return Err(ExtractError::TooMuchText {
                format: Format::Rtf,
                limit: super::MAX_TEXT_BYTES,
            });
        }
    }
    Ok(out)
}
