//! `kiosk import-reservations FILE`: reads a CSV or JSON file of reservation records, validates
//! every row, and writes all of them in one transaction or none (`FILE:LINE: reason`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde_json::value::RawValue;

use crate::store::{
    ImportSummary, RECORD_FIELDS, Reservation, ReservationRecord, Store, StoreError,
};

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{file}: cannot read ({source}); check the path and permissions", file = file.display())]
    Read {
        file: PathBuf,
        source: std::io::Error,
    },
    #[error("{file}: unsupported file type; use .csv or .json", file = file.display())]
    UnknownFormat { file: PathBuf },
    #[error("{}", lines.join("\n"))]
    Rows { lines: Vec<String> },
    #[error("nothing was imported: {0}")]
    Store(#[from] StoreError),
}

/// At most this many bad rows are listed; the rest are counted.
const MAX_REPORTED: usize = 50;

/// A file read and validated, not yet written.
#[derive(Debug)]
pub struct Parsed {
    pub reservations: Vec<Reservation>,
}

/// Reads and validates `file`; every bad row is reported, nothing is written.
pub fn parse_file(file: &Path, default_region: &str) -> Result<Parsed, ImportError> {
    let text = std::fs::read_to_string(file).map_err(|source| ImportError::Read {
        file: file.to_path_buf(),
        source,
    })?;
    let ext = file
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    let rows = match ext.as_str() {
        "csv" => csv_rows(&text),
        "json" => json_rows(&text),
        _ => {
            return Err(ImportError::UnknownFormat {
                file: file.to_path_buf(),
            });
        }
    };
    validate_rows(file, rows, default_region)
}

/// One row as read: its 1-based line and either a record or why it could not be read.
type Row = (u64, Result<ReservationRecord, String>);

fn validate_rows(
    file: &Path,
    rows: Result<Vec<Row>, (u64, String)>,
    region: &str,
) -> Result<Parsed, ImportError> {
    let name = file.display();
    let rows = rows.map_err(|(line, reason)| ImportError::Rows {
        lines: vec![format!("{name}:{line}: {reason}")],
    })?;
    let mut errors = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::with_capacity(rows.len());
    let mut reservations = Vec::with_capacity(rows.len());
    for (line, result) in validate_parallel(rows, region) {
        match result {
            Ok(r) => match seen.get(&r.confirmation) {
                Some(first) => errors.push(format!(
                    "{name}:{line}: confirmation {} appears again (first on line {first}); each reservation once per file",
                    r.display_confirmation
                )),
                None => {
                    seen.insert(r.confirmation.clone(), line);
                    reservations.push(r);
                }
            },
            Err(reason) => errors.push(format!("{name}:{line}: {reason}")),
        }
    }
    if errors.is_empty() {
        return Ok(Parsed { reservations });
    }
    let total = errors.len();
    errors.truncate(MAX_REPORTED);
    if total > MAX_REPORTED {
        errors.push(format!(
            "{name}: … and {} more bad rows",
            total - MAX_REPORTED
        ));
    }
    errors.push(format!("{name}: {total} bad row(s); nothing was imported"));
    Err(ImportError::Rows { lines: errors })
}

/// Validates records on every core (phone parsing dominates an import), keeping file order.
fn validate_parallel(rows: Vec<Row>, region: &str) -> Vec<(u64, Result<Reservation, String>)> {
    let validate = |(line, row): Row| {
        let result = row.and_then(|record| {
            Reservation::from_record(&record, region).map_err(|e| e.to_string())
        });
        (line, result)
    };
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if threads < 2 || rows.len() < 1000 {
        return rows.into_iter().map(validate).collect();
    }
    let chunk = rows.len().div_ceil(threads);
    let mut chunks: Vec<Vec<Row>> = Vec::new();
    let mut rest = rows;
    while rest.len() > chunk {
        let tail = rest.split_off(chunk);
        chunks.push(rest);
        rest = tail;
    }
    chunks.push(rest);
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|c| scope.spawn(move || c.into_iter().map(validate).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join().unwrap_or_else(|_| {
                    vec![(
                        0,
                        Err("validation thread panicked; nothing was imported".to_owned()),
                    )]
                })
            })
            .collect()
    })
}

fn csv_rows(text: &str) -> Result<Vec<Row>, (u64, String)> {
    let mut reader = csv::ReaderBuilder::new()
        .trim(csv::Trim::All)
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| (1, format!("cannot read the header row: {e}")))?
        .clone();
    for h in &headers {
        if !RECORD_FIELDS.contains(&h) {
            return Err((
                1,
                format!(
                    "unknown column \"{h}\"; columns are: {}",
                    RECORD_FIELDS.join(", ")
                ),
            ));
        }
    }
    for required in [
        "confirmation",
        "last_name",
        "first_name",
        "arrival",
        "departure",
        "status",
    ] {
        if !headers.iter().any(|h| h == required) {
            return Err((1, format!("missing column \"{required}\"")));
        }
    }
    let mut rows = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) => {
                let line = record.position().map_or(0, |p| p.line());
                // Empty cells mean "absent", as in a spreadsheet export.
                let row = record
                    .deserialize::<ReservationRecord>(Some(&headers))
                    .map_err(|e| csv_reason(&e));
                rows.push((line, row));
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                rows.push((line, Err(csv_reason(&e))));
            }
        }
    }
    Ok(rows)
}

fn csv_reason(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Deserialize { err, .. } => {
            let field = err
                .field()
                .and_then(|i| RECORD_FIELDS.get(i as usize))
                .copied();
            match field {
                Some(f) => format!("{f}: {}", err.kind()),
                None => err.kind().to_string(),
            }
        }
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("has {len} fields, the header has {expected_len}")
        }
        _ => e.to_string(),
    }
}

fn json_rows(text: &str) -> Result<Vec<Row>, (u64, String)> {
    let items: Vec<&RawValue> = serde_json::from_str(text).map_err(|e| {
        (
            e.line() as u64,
            format!("not a JSON array of reservation objects: {e}"),
        )
    })?;
    let base = text.as_ptr() as usize;
    Ok(items
        .into_iter()
        .map(|raw| {
            // The raw slice points into `text`, so its offset gives the record's line.
            let offset = (raw.get().as_ptr() as usize).saturating_sub(base);
            let line = text.get(..offset).map_or(0, |s| s.matches('\n').count()) as u64 + 1;
            (
                line,
                serde_json::from_str::<ReservationRecord>(raw.get())
                    .map_err(|e| strip_position(&e)),
            )
        })
        .collect())
}

fn strip_position(e: &serde_json::Error) -> String {
    let s = e.to_string();
    match s.find(" at line ") {
        Some(i) => s.get(..i).unwrap_or(&s).to_owned(),
        None => s,
    }
}

/// Parses, validates and writes `file` in one transaction. Re-importing updates, never
/// duplicates, and never downgrades a local check-in.
pub fn import_file(
    store: &mut Store,
    file: &Path,
    default_region: &str,
    now: Timestamp,
) -> Result<ImportSummary, ImportError> {
    let parsed = parse_file(file, default_region)?;
    // Rows and their journal event in one IMMEDIATE transaction: parsing (phone numbers) is
    // done before the write lock is taken, and a killed import leaves neither.
    let tx = store
        .conn_mut()
        .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
        .map_err(StoreError::from)?;
    let summary = crate::store::upsert_all(&tx, &parsed.reservations, now)?;
    crate::store::append_event(
        &tx,
        now,
        crate::store::EventKind::ReservationsImported,
        None,
        serde_json::json!({"inserted": summary.inserted, "updated": summary.updated}),
    )?;
    tx.commit().map_err(StoreError::from)?;
    tracing::info!(
        inserted = summary.inserted,
        updated = summary.updated,
        "reservations imported"
    );
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEADER: &str =
        "confirmation,last_name,first_name,arrival,departure,phone,status,room,room_ready\n";

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn csv_import_is_all_or_nothing_with_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let mut store = Store::open(&dir.path().join("k.db")).unwrap();
        let bad = write(
            dir.path(),
            "bad.csv",
            &format!(
                "{HEADER}A1,Lee,Kim,2026-11-25,2026-11-26,07400 123958,confirmed,101,true\n\
                 A2,Roe,Jo,2026-11-31,2026-12-01,,confirmed,,\n\
                 A3,Poe,Al,2026-11-25,2026-11-26,12,confirmed,,\n\
                 A1,Lee,Kim,2026-11-25,2026-11-26,,confirmed,,\n"
            ),
        );
        let err = import_file(&mut store, &bad, "GB", Timestamp::now())
            .unwrap_err()
            .to_string();
        assert!(err.contains("bad.csv:3: arrival"), "{err}");
        assert!(err.contains("bad.csv:4: phone"), "{err}");
        assert!(
            err.contains("bad.csv:5: confirmation A1 appears again (first on line 2)"),
            "{err}"
        );
        assert!(err.contains("nothing was imported"));
        assert_eq!(
            store.reservation_count().unwrap(),
            0,
            "nothing half-written"
        );

        let good = write(
            dir.path(),
            "good.csv",
            &format!("{HEADER}A1,Lee,Kim,2026-11-25,2026-11-26,07400 123958,confirmed,101,yes\n"),
        );
        let s = import_file(&mut store, &good, "GB", Timestamp::now()).unwrap();
        assert_eq!((s.inserted, s.updated), (1, 0));
        let s = import_file(&mut store, &good, "GB", Timestamp::now()).unwrap();
        assert_eq!(
            (s.inserted, s.updated),
            (0, 1),
            "re-import updates, never duplicates"
        );
        assert_eq!(store.reservation_count().unwrap(), 1);
    }

    #[test]
    fn large_files_keep_line_numbers_and_catch_duplicates_across_chunks() {
        let dir = tempfile::tempdir().unwrap();
        let mut text = String::from(HEADER);
        for i in 0..2500 {
            let arrival = if i == 1498 {
                "2026-11-99"
            } else {
                "2026-11-25"
            };
            let conf = if i == 2398 {
                "B0".to_owned()
            } else {
                format!("B{i}")
            };
            text.push_str(&format!(
                "{conf},Lee,Kim,{arrival},2026-11-26,,confirmed,,\n"
            ));
        }
        let f = write(dir.path(), "big.csv", &text);
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(err.contains("big.csv:1500: arrival"), "{err}");
        assert!(
            err.contains("big.csv:2400: confirmation B0 appears again (first on line 2)"),
            "{err}"
        );
        assert!(err.contains("2 bad row(s)"), "{err}");
    }

    #[test]
    fn csv_with_an_unknown_column_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let f = write(dir.path(), "x.csv", "confirmation,surname\nA1,Lee\n");
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(err.contains("x.csv:1: unknown column \"surname\""), "{err}");
    }

    #[test]
    fn json_import_reports_the_line_of_the_bad_record() {
        let dir = tempfile::tempdir().unwrap();
        let f = write(
            dir.path(),
            "r.json",
            r#"[
  {"confirmation": "A1", "last_name": "Lee", "first_name": "Kim", "arrival": "2026-11-25",
   "departure": "2026-11-26", "status": "confirmed"},
  {"confirmation": "A2", "last_name": "Roe", "first_name": "Jo", "arrival": "2026-11-25",
   "departure": "2026-11-26", "status": "confirmed", "colour": "blue"}
]"#,
        );
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(err.contains("r.json:4: unknown field `colour`"), "{err}");
        let f = write(dir.path(), "broken.json", "[\n{\"confirmation\": \n");
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(err.starts_with(&format!("{}:", f.display())), "{err}");
    }
}
