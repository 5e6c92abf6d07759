//! What of a provider's answer may reach an error message, a log, the journal or `kiosk status`:
//! a short excerpt with no digits, no long base64/hex-looking runs and no control characters.
//! Matching the code or the number in the answer is not enough (a gateway may space the digits
//! out or base64 the SMS text), so nothing that could carry them survives, whatever its spelling.

// Control characters and invisible format/bidi controls hide or reorder text on a terminal or
// in a log viewer: the same set names and the hotel's name are checked against.
use crate::names::invisible;

/// Longest excerpt, in characters, before "…".
const MAX_CHARS: usize = 200;

/// A run of base64/hex-looking characters longer than this is dropped: it may be the SMS text
/// or the code encoded, and no message for a person holds one.
const MAX_RUN: usize = 16;

fn is_encoded(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '+' | '/' | '=' | '_' | '-')
}

/// `text` made safe to show: whitespace collapsed to single spaces, control characters removed,
/// runs of more than 16 base64/hex-looking characters replaced by "[…]", every digit (any
/// script) replaced by '#', and cut to 200 characters.
pub fn excerpt(text: &str) -> String {
    let visible: String = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !invisible(*c))
        .collect();
    let mut out = String::with_capacity(visible.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() > MAX_RUN {
            out.push_str("[…]");
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in visible.chars() {
        if is_encoded(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    let masked: String = out
        .chars()
        .map(|c| if c.is_numeric() { '#' } else { c })
        .collect();
    let mut cut: String = masked.chars().take(MAX_CHARS).collect();
    if cut.len() < masked.len() {
        cut.push('…');
    }
    cut
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_code_survives_in_any_spelling() {
        for body in [
            "code A[2-6-8-9-4-8] failed",
            "2 6 8 9 4 8",
            "２６８９４８",
            "٢٦٨٩٤٨",
            "to +44 7400 123958",
        ] {
            let out = excerpt(body);
            assert!(!out.chars().any(char::is_numeric), "{body:?} -> {out:?}");
        }
        // "Hotel Aurora: your code is 268948" base64-encoded.
        let out = excerpt("bad text SG90ZWwgQXVyb3JhOiB5b3VyIGNvZGUgaXMgMjY4OTQ4 rejected");
        assert_eq!(out, "bad text […] rejected");
        assert_eq!(excerpt("id 0123456789abcdef0123"), "id […]");
    }

    #[test]
    fn controls_are_removed_and_length_capped() {
        let out = excerpt("\u{1b}[2J\u{1b}[H\u{1b}[32mhealthy\u{1b}[8m\u{7}\r\n\u{202E}x\u{200B}y");
        assert!(!out.chars().any(invisible), "{out:?}");
        assert_eq!(out, "[#J[H[##mhealthy[#m xy");
        let long = excerpt(&"word ".repeat(100));
        assert_eq!(long.chars().count(), MAX_CHARS + 1);
        assert!(long.ends_with('…'));
        assert_eq!(
            excerpt("Missing receiver number"),
            "Missing receiver number"
        );
    }
}
