//! CSV as Excel and PMSs write it: `,`, `;` (Excel in most European locales) or tab between
//! fields, found from the header row; LF or CRLF line ends; quoted fields, which may span
//! lines; every cell text. Each row is read into a [`ReservationRecord`] with every problem
//! of its cells.

use csv::{ReaderBuilder, StringRecord, Trim};

use super::text::Lines;
use super::{REQUIRED, Row};
use crate::store::{RECORD_FIELDS, ReservationRecord};

/// The delimiters tried on the header row, in order of preference, and how to name them.
const DELIMITERS: [(u8, &str); 3] = [(b',', "\",\""), (b';', "\";\""), (b'\t', "tab")];

/// Reads every row of `text`, or the line and reason the header makes the file unreadable.
pub(super) fn rows(text: &str, lines: &Lines) -> Result<Vec<Row>, (u64, String)> {
    // The csv reader skips blank lines before the header, so the sniffer does too.
    let header_start = text.find(|c| c != '\r' && c != '\n').unwrap_or(0);
    let header_line = text
        .get(header_start..)
        .and_then(|t| t.split(['\r', '\n']).next())
        .unwrap_or("");
    let header_at = lines.line(header_start);
    let (delimiter, delimiter_name) = sniff(header_line).map_err(|reason| (header_at, reason))?;
    let mut reader = ReaderBuilder::new()
        .delimiter(delimiter)
        .trim(Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| (header_at, format!("cannot read the header row: {e}")))?
        .clone();
    let columns = columns(&headers).map_err(|reason| (header_at, reason))?;
    let start_line = |pos: Option<&csv::Position>| {
        // A record's position is where the reader resumed: after a CRLF that is the `\n` of
        // the line before, so skip line ends to the record's first byte.
        let mut at = pos.map_or(0, |p| usize::try_from(p.byte()).unwrap_or(usize::MAX));
        while matches!(text.as_bytes().get(at), Some(b'\r' | b'\n')) {
            at += 1;
        }
        lines.line(at)
    };
    let mut rows = Vec::new();
    for result in reader.records() {
        rows.push(match result {
            Ok(cells) => {
                let (record, problems) = record(&columns, &cells);
                Row {
                    line: start_line(cells.position()),
                    record: Some(record),
                    problems,
                }
            }
            Err(e) => Row {
                line: start_line(e.position()),
                record: None,
                problems: vec![reason(&e, delimiter_name)],
            },
        });
    }
    Ok(rows)
}

/// Picks the delimiter that splits `header` into known column names. The header must name
/// known columns, so this is reliable: a data row could hold any character, the header can't.
fn sniff(header: &str) -> Result<(u8, &'static str), String> {
    let mut best: Option<(usize, usize, u8, &'static str)> = None;
    for (delimiter, name) in DELIMITERS {
        let names: Vec<&str> = header
            .split(char::from(delimiter))
            .map(|c| c.trim().trim_matches('"').trim())
            .filter(|c| !c.is_empty())
            .collect();
        let known = names.iter().filter(|n| RECORD_FIELDS.contains(n)).count();
        if known > 0 && known == names.len() {
            return Ok((delimiter, name));
        }
        if best.is_none_or(|(k, ..)| known > k) {
            best = Some((known, names.len(), delimiter, name));
        }
    }
    match best {
        // Mostly known names: the header check names the unknown ones.
        Some((known, names, delimiter, name)) if known > 0 && names > 1 => Ok((delimiter, name)),
        _ => Err(format!(
            "the first line must be the header row, column names such as {} separated by \",\", \";\" or tab; none of these separates known column names here",
            REQUIRED.join(",")
        )),
    }
}

/// The field each column fills; `None` for a column without a name (Excel writes one for
/// every column once touched), whose cells must stay empty.
fn columns(headers: &StringRecord) -> Result<Vec<Option<&'static str>>, String> {
    let mut columns = Vec::with_capacity(headers.len());
    let mut problems = Vec::new();
    for h in headers {
        if h.is_empty() {
            columns.push(None);
            continue;
        }
        match RECORD_FIELDS.iter().find(|f| **f == h) {
            Some(f) if columns.contains(&Some(*f)) => {
                problems.push(format!("column \"{f}\" appears twice"));
            }
            Some(f) => columns.push(Some(*f)),
            None => problems.push(format!("unknown column \"{h}\"")),
        }
    }
    for required in REQUIRED {
        if !columns.contains(&Some(required)) {
            problems.push(format!("missing column \"{required}\""));
        }
    }
    if problems.is_empty() {
        return Ok(columns);
    }
    Err(format!(
        "{}; columns are: {}",
        problems.join("; "),
        RECORD_FIELDS.join(", ")
    ))
}

/// One row's record and every problem of its cells (validation adds the record's own).
fn record(
    columns: &[Option<&'static str>],
    cells: &StringRecord,
) -> (ReservationRecord, Vec<String>) {
    let mut r = ReservationRecord::default();
    let mut problems = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        // Empty cells mean "absent", as in a spreadsheet export.
        let text = || (!cell.is_empty()).then(|| cell.to_owned());
        match columns.get(i).copied().flatten() {
            None if cell.is_empty() => {}
            None => problems.push(format!(
                "column {} has a value but no name in the header row; name the column or delete it",
                i + 1
            )),
            Some("confirmation") => r.confirmation = cell.to_owned(),
            Some("last_name") => r.last_name = cell.to_owned(),
            Some("first_name") => r.first_name = cell.to_owned(),
            Some("arrival") => r.arrival = cell.to_owned(),
            Some("departure") => r.departure = cell.to_owned(),
            Some("status") => r.status = cell.to_owned(),
            Some("phone") => r.phone = text(),
            Some("email") => r.email = text(),
            Some("language") => r.language = text(),
            Some("room") => r.room = text(),
            Some("token") => r.token = text(),
            Some("second_factor") => r.second_factor = text(),
            Some("room_ready") => match yes_no(cell) {
                Ok(v) => r.room_ready = v,
                Err(p) => problems.push(p),
            },
            Some("adults") if cell.is_empty() => {}
            Some("adults") => match cell.parse::<u32>() {
                Ok(n) => r.adults = Some(n),
                Err(_) => problems.push(format!("adults: \"{cell}\" is not a whole number")),
            },
            // RECORD_FIELDS names a field this reader does not know: a test reads them all.
            Some(other) => {
                problems.push(format!("{other}: the CSV reader does not read this column"))
            }
        }
    }
    (r, problems)
}

/// A spreadsheet's ways of writing a boolean (Excel writes TRUE and FALSE).
fn yes_no(cell: &str) -> Result<Option<bool>, String> {
    match cell.to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "true" | "yes" | "1" => Ok(Some(true)),
        "false" | "no" | "0" => Ok(Some(false)),
        _ => Err(format!(
            "room_ready: \"{cell}\" is not true or false (yes/no and 1/0 work too)"
        )),
    }
}

fn reason(e: &csv::Error, delimiter: &str) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!(
            "has {len} fields, the header has {expected_len}; a value containing {delimiter} must be in double quotes"
        ),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_decides_the_delimiter() {
        assert_eq!(sniff("confirmation,last_name").unwrap().0, b',');
        assert_eq!(sniff("confirmation;last_name;first_name").unwrap().0, b';');
        assert_eq!(sniff("\"confirmation\"\t\"last_name\"").unwrap().0, b'\t');
        assert_eq!(
            sniff("confirmation,surname").unwrap().0,
            b',',
            "mostly known: the header check names the unknown column"
        );
        let err = sniff("Buchung;Name").unwrap_err();
        assert!(err.contains("\",\", \";\" or tab"), "{err}");
    }
}
