//! Text as people send it: what no field may hold.
//!
//! Control characters (NUL above all: PostgreSQL refuses it in text, SQLite stores it and cuts
//! strings short in other tools) and the bidirectional embedding, override and isolate controls
//! (U+202A to U+202E, U+2066 to U+2069: "Trojan Source" text that shows a name or a note other
//! than what is stored) are refused at the edge, on every backend alike. Tabs and line breaks
//! stay: notes and descriptions have paragraphs.

use crate::FieldError;

/// The first character of `value` that no text field may hold, if any.
pub fn forbidden_char(value: &str) -> Option<char> {
    value.chars().find(|c| match *c {
        '\t' | '\n' | '\r' => false,
        c if c.is_control() => true,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => true,
        _ => false,
    })
}

/// Checks one field's text; the error names the character and says what to do.
pub fn check_text(field: &str, value: &str) -> Result<(), FieldError> {
    match forbidden_char(value) {
        None => Ok(()),
        Some(c) => {
            let what = match c {
                '\0' => "a NUL character",
                '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                    "an invisible character that reverses the direction of text"
                }
                _ => "a control character",
            };
            Err(FieldError::new(
                field,
                format!(
                    "contains {what} (U+{:04X}); remove it (it often comes from copying from another program) and send again",
                    u32::from(c)
                ),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_nul_controls_and_direction_overrides_but_keeps_lines_and_accents() {
        for ok in [
            "José Núñez",
            "line one\nline two\r\n\tindented",
            "محمد",
            "李华",
            "emoji 🙂",
            "",
        ] {
            assert_eq!(check_text("name", ok), Ok(()), "{ok:?}");
        }
        for (bad, says) in [
            ("Ana\0", "NUL"),
            ("Ana\u{202E}zepoL", "reverses the direction"),
            ("x\u{2066}y", "reverses the direction"),
            ("bell\u{7}", "control character"),
            ("c1\u{85}", "control character"),
        ] {
            let e = check_text("name", bad).unwrap_err();
            assert_eq!(e.field, "name");
            assert!(e.problem.contains(says), "{bad:?}: {e}");
        }
        assert!(
            check_text("n", "a\u{202E}")
                .unwrap_err()
                .problem
                .contains("U+202E")
        );
    }
}
