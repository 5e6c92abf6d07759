//! JSON import files: a bare array of reservation records, or `{"reservations": [...]}` as in
//! an upstream arrivals answer (docs/upstream.md). The records are upstream's, read by the same
//! [`ReservationRecord`]: text fields are strings, `room_ready` a boolean, `adults` a number, and
//! an unknown field is refused (a typo such as `frist_name` would otherwise drop the value).
//! Each record is kept as raw text until it is read, so that errors name its line.

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::Value;
use serde_json::error::Category;
use serde_json::value::RawValue;

use super::text::Lines;
use super::{REQUIRED, Row};
use crate::store::ReservationRecord;

const SHAPES: &str = "an import file is a JSON array of reservations, [{...}, ...], or an object {\"reservations\": [{...}, ...]}";

/// `{"reservations": [...]}`. A saved arrivals answer also has `cursor`, which means nothing
/// to an import, and `removed`, which an import does not do: it only adds and updates.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Envelope<'a> {
    #[serde(borrow)]
    reservations: Vec<&'a RawValue>,
    #[serde(default, rename = "cursor")]
    _cursor: Option<IgnoredAny>,
    #[serde(default, borrow)]
    removed: Option<&'a RawValue>,
}

/// Reads every record of `text`, or the line and reason the file as a whole is unreadable.
pub(super) fn rows(text: &str, lines: &Lines) -> Result<Vec<Row>, (u64, String)> {
    let whole = |e: serde_json::Error| {
        let at = offset_of(text, e.line(), e.column());
        let hint = if e.classify() == Category::Data {
            format!("; {SHAPES}")
        } else {
            String::new()
        };
        (
            lines.line(at),
            format!(
                "not a valid import file: {} (column {}){hint}",
                without_position(&e),
                lines.column(text.as_bytes(), at)
            ),
        )
    };
    let records: Vec<&RawValue> = match text.trim_start().chars().next() {
        Some('[') => serde_json::from_str(text).map_err(whole)?,
        Some('{') => {
            let envelope: Envelope<'_> = serde_json::from_str(text).map_err(whole)?;
            if let Some(removed) = envelope.removed {
                let removed_at = lines.line(offset_in(text, removed));
                let count = serde_json::from_str::<Option<Vec<IgnoredAny>>>(removed.get())
                    .map_err(|_| {
                        (
                            removed_at,
                            "\"removed\" must be a list of confirmation numbers".to_owned(),
                        )
                    })?
                    .map_or(0, |r| r.len());
                if count > 0 {
                    return Err((
                        removed_at,
                        format!(
                            "\"removed\" lists {count} booking(s), but an import only adds and updates; give them \"status\": \"cancelled\" instead"
                        ),
                    ));
                }
            }
            envelope.reservations
        }
        _ => return Err((1, format!("not a valid import file; {SHAPES}"))),
    };
    Ok(records
        .into_iter()
        .map(|raw| {
            let start = offset_in(text, raw);
            let line = lines.line(start);
            let mut de = serde_json::Deserializer::from_str(raw.get());
            match serde_path_to_error::deserialize::<_, ReservationRecord>(&mut de) {
                Ok(record) => Row {
                    line,
                    record: Some(record),
                    problems: Vec::new(),
                },
                Err(e) => Row {
                    line,
                    record: None,
                    problems: vec![reason(&e, raw, start, text, lines)],
                },
            }
        })
        .collect())
}

/// The byte offset of `raw` in `text`: it was borrowed from it.
fn offset_in(text: &str, raw: &RawValue) -> usize {
    (raw.get().as_ptr() as usize).saturating_sub(text.as_ptr() as usize)
}

/// The byte offset in `s` of serde_json's `line` and `column` (the byte after the one it
/// stopped at, counted from 1).
fn offset_of(s: &str, line: usize, column: usize) -> usize {
    let start = match line {
        0 | 1 => 0,
        n => s
            .match_indices('\n')
            .nth(n - 2)
            .map_or(s.len(), |(i, _)| i + 1),
    };
    (start + column.saturating_sub(1)).min(s.len())
}

/// Why a record could not be read: the field, what it must be and what it is (the value
/// itself only for fields that hold no personal data), and where.
fn reason(
    e: &serde_path_to_error::Error<serde_json::Error>,
    raw: &RawValue,
    start: usize,
    text: &str,
    lines: &Lines,
) -> String {
    let inner = e.inner();
    let at = start + offset_of(raw.get(), inner.line(), inner.column());
    let message = without_position(inner);
    let field = match e.path().iter().next() {
        Some(serde_path_to_error::Segment::Map { key }) => Some(key.as_str()),
        _ => None,
    };
    let wrong_type = message.starts_with("invalid type") || message.starts_with("invalid value");
    let what = match field {
        // The record itself is not an object: say what it is, never its value.
        None if wrong_type => format!(
            "expected a reservation object {{\"confirmation\": ...}}, found {}",
            kind(&serde_json::from_str(raw.get()).unwrap_or(Value::Null))
        ),
        Some(field) if wrong_type => {
            format!(
                "{field}: expected {}, found {}",
                expected(field),
                found(raw, field)
            )
        }
        Some(field)
            if !message.starts_with("unknown field") && !message.starts_with("missing field") =>
        {
            format!("{field}: {message}")
        }
        _ => message,
    };
    format!(
        "{what} (line {}, column {})",
        lines.line(at),
        lines.column(text.as_bytes(), at)
    )
}

fn expected(field: &str) -> &'static str {
    match field {
        "adults" => "a number (a whole one such as 2, without quotes) or null",
        "room_ready" => "true or false (without quotes) or null",
        f if REQUIRED.contains(&f) => "a string",
        _ => "a string or null",
    }
}

/// The JSON type of `field` in `raw`; the value too for counts and flags, never for names,
/// phones or tokens (errors reach terminals and logs).
fn found(raw: &RawValue, field: &str) -> String {
    let value = serde_json::from_str::<serde_json::Map<String, Value>>(raw.get())
        .ok()
        .and_then(|mut m| m.remove(field));
    let kind = value.as_ref().map_or("something else", kind);
    match value {
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_)))
            if matches!(field, "adults" | "room_ready") =>
        {
            let shown: String = v.to_string().chars().take(24).collect();
            format!("{kind} {shown}")
        }
        _ => kind.to_owned(),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::String(_) => "a string",
        Value::Number(_) => "a number",
        Value::Bool(_) => "a boolean",
        Value::Null => "null",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// serde_json's message without its " at line L column C" (the caller places it).
fn without_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.rfind(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}
