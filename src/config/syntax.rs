//! toml's parse and type errors reworded to name the key they are about
//! (`otp.length: expected an integer, found the string "six"`), so hotel IT reads key paths
//! instead of Rust type names.

use std::ops::Range;

use super::locate::{KeyPath, path_at, table_above};

/// The message for a toml error at `span` (`None` when toml gave no position).
pub(super) fn describe(text: &str, span: Option<Range<usize>>, message: &str) -> String {
    let message = message.trim();
    let Some(span) = span else {
        return message.to_owned();
    };
    if message.starts_with("duplicate key") {
        let key = text
            .get(span.clone())
            .unwrap_or("")
            .trim()
            .trim_matches('"');
        let (table, in_header) = table_above(text, span.start);
        if in_header {
            return format!(
                "the table [{table}] is defined twice; put all of its keys under one [{table}] header"
            );
        }
        let path = table.key(key);
        return format!("{path}: the key `{key}` is set twice; keep one of them");
    }
    let path = path_at(text, span.start).filter(|p| *p != KeyPath::root());
    let text = match message
        .strip_prefix("invalid type: ")
        .and_then(|rest| rest.rsplit_once(", expected "))
    {
        Some((found, expected)) => format!(
            "expected {}, found {}",
            expected_words(expected),
            found_words(found)
        ),
        None => message.to_owned(),
    };
    match path {
        Some(p) => format!("{p}: {text}"),
        None => text,
    }
}

/// serde's "expected" in TOML terms.
fn expected_words(expected: &str) -> String {
    match expected {
        "i64" | "i32" | "u64" | "u32" | "u16" | "u8" | "usize" => "an integer".to_owned(),
        "a boolean" => "true or false".to_owned(),
        "a string" => "a string in quotes".to_owned(),
        "a sequence" => "a list in brackets, e.g. [\"a\", \"b\"]".to_owned(),
        "a map" => "a table".to_owned(),
        e if e.starts_with("struct ") => "a table".to_owned(),
        e => e.to_owned(),
    }
}

/// serde's "invalid type: ..." in TOML terms.
fn found_words(found: &str) -> String {
    let value = |s: &str| {
        s.trim_matches('`')
            .trim_end_matches(" as i128")
            .trim_matches('`')
            .to_owned()
    };
    if let Some(s) = found.strip_prefix("string ") {
        format!("the string {s}")
    } else if let Some(n) = found.strip_prefix("integer ") {
        if n.ends_with(" as i128") {
            format!("{}, which is too large", value(n))
        } else {
            value(n)
        }
    } else if let Some(n) = found.strip_prefix("floating point ") {
        format!("the decimal {}", value(n))
    } else if let Some(b) = found.strip_prefix("boolean ") {
        value(b)
    } else {
        match found {
            "sequence" => "a list".to_owned(),
            "map" => "a table".to_owned(),
            f => f.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, needle: &str, message: &str) -> String {
        let start = text.rfind(needle).unwrap();
        describe(text, Some(start..start + needle.len()), message)
    }

    #[test]
    fn type_errors_name_the_key_and_the_toml_type() {
        let text = "[kiosk]\nid = \"a\"\n[otp]\nlength = \"six\"\n";
        assert_eq!(
            at(
                text,
                "\"six\"",
                "invalid type: string \"six\", expected i64"
            ),
            "otp.length: expected an integer, found the string \"six\""
        );
        let text = "[kiosk]\nid = \"a\"\nfullscreen = 1\n";
        assert_eq!(
            at(text, "1", "invalid type: integer `1`, expected a boolean"),
            "kiosk.fullscreen: expected true or false, found 1"
        );
    }

    #[test]
    fn a_duplicate_key_or_table_is_named() {
        let text = "[kiosk]\nid = \"a\"\n[otp]\nlength = 6\nlength = 7\n";
        assert_eq!(
            at(text, "length", "duplicate key"),
            "otp.length: the key `length` is set twice; keep one of them"
        );
        let text = "[kiosk]\nid = \"a\"\n[otp]\n[otp]\n";
        assert!(
            at(text, "otp", "duplicate key").starts_with("the table [otp] is defined twice"),
            "{}",
            at(text, "otp", "duplicate key")
        );
    }
}
