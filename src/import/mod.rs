//! `kiosk import-reservations FILE`: reads a CSV or JSON file of reservation records, validates
//! every row, and writes all of them in one transaction or none (`FILE:LINE: reason`, every
//! problem of every row, at physical line numbers).

mod csv_file;
mod json_file;
mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use jiff::Timestamp;

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
    #[error("{file}: unsupported file type; use .csv or .json (in Excel: Save As → \"CSV UTF-8 (Comma delimited)\")", file = file.display())]
    UnknownFormat { file: PathBuf },
    #[error("{}", lines.join("\n"))]
    Rows { lines: Vec<String> },
    #[error("nothing was imported: {0}")]
    Store(#[from] StoreError),
}

/// At most this many problems are listed; the rest are counted.
const MAX_REPORTED: usize = 50;

/// The fields a record cannot do without (CSV columns, JSON keys).
const REQUIRED: [&str; 6] = [
    "confirmation",
    "last_name",
    "first_name",
    "arrival",
    "departure",
    "status",
];

/// A file read and validated, not yet written.
#[derive(Debug)]
pub struct Parsed {
    pub reservations: Vec<Reservation>,
}

/// One record as read: the physical line it starts on, the record if it could be read, and
/// the problems found while reading it (validation adds the record's own).
struct Row {
    line: u64,
    record: Option<ReservationRecord>,
    problems: Vec<String>,
}

/// Reads and validates `file`; every problem of every row is reported, nothing is written.
pub fn parse_file(file: &Path, default_region: &str) -> Result<Parsed, ImportError> {
    let kind = match file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("csv") => text::Kind::Csv,
        Some("json") => text::Kind::Json,
        _ => {
            return Err(ImportError::UnknownFormat {
                file: file.to_path_buf(),
            });
        }
    };
    let bytes = std::fs::read(file).map_err(|source| ImportError::Read {
        file: file.to_path_buf(),
        source,
    })?;
    let whole_file = |(line, reason): (u64, String)| ImportError::Rows {
        lines: vec![format!(
            "{}:{line}: {reason}; nothing was imported",
            file.display()
        )],
    };
    let text = text::decode(&bytes, kind).map_err(whole_file)?;
    let lines = text::Lines::new(text.as_bytes());
    let rows = match kind {
        text::Kind::Csv => csv_file::rows(text, &lines),
        text::Kind::Json => json_file::rows(text, &lines),
    }
    .map_err(whole_file)?;
    validate_rows(file, rows, default_region)
}

fn validate_rows(file: &Path, rows: Vec<Row>, region: &str) -> Result<Parsed, ImportError> {
    let name = file.display();
    let mut errors = Vec::new();
    let mut bad_rows = 0;
    let mut seen: HashMap<String, u64> = HashMap::with_capacity(rows.len());
    let mut reservations = Vec::with_capacity(rows.len());
    for (line, result) in validate_parallel(rows, region) {
        match result {
            Ok(r) => match seen.get(&r.confirmation) {
                Some(first) => {
                    bad_rows += 1;
                    errors.push(format!(
                        "{name}:{line}: confirmation {} appears again (first on line {first}); each reservation once per file",
                        r.display_confirmation
                    ));
                }
                None => {
                    seen.insert(r.confirmation.clone(), line);
                    reservations.push(r);
                }
            },
            Err(problems) => {
                bad_rows += 1;
                errors.extend(problems.iter().map(|p| format!("{name}:{line}: {p}")));
            }
        }
    }
    if errors.is_empty() {
        return Ok(Parsed { reservations });
    }
    let total = errors.len();
    errors.truncate(MAX_REPORTED);
    if total > MAX_REPORTED {
        errors.push(format!(
            "{name}: … and {} more problem(s)",
            total - MAX_REPORTED
        ));
    }
    errors.push(format!(
        "{name}: {bad_rows} bad row(s) with {total} problem(s); nothing was imported"
    ));
    Err(ImportError::Rows { lines: errors })
}

/// Where the field a problem starts with ("phone: ...") comes among the columns; problems of
/// no field come last.
fn field_rank(problem: &str) -> usize {
    RECORD_FIELDS
        .iter()
        .position(|f| {
            problem
                .strip_prefix(f)
                .is_some_and(|rest| rest.starts_with(':'))
        })
        .unwrap_or(usize::MAX)
}

/// Validates records on every core (phone parsing dominates an import), keeping file order.
fn validate_parallel(rows: Vec<Row>, region: &str) -> Vec<(u64, Result<Reservation, Vec<String>>)> {
    let validate = |row: Row| {
        let Row {
            line,
            record,
            mut problems,
        } = row;
        let checked = record.map(|r| Reservation::from_record_all(&r, region));
        let result = match checked {
            Some(Ok(r)) if problems.is_empty() => Ok(r),
            Some(Ok(_)) | None => Err(problems),
            Some(Err(more)) => {
                problems.extend(more.iter().map(ToString::to_string));
                // In column order, whichever step found them; stable, so a field keeps its own order.
                problems.sort_by_key(|p| field_rank(p));
                Err(problems)
            }
        };
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
                        Err(vec![
                            "validation thread panicked; nothing was imported".to_owned(),
                        ]),
                    )]
                })
            })
            .collect()
    })
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

    /// Rows as a spreadsheet holds them; `sep` between cells, `end` after each line.
    fn table(rows: &[&[&str]], sep: &str, end: &str) -> String {
        rows.iter()
            .map(|r| format!("{}{end}", r.join(sep)))
            .collect()
    }

    const COLUMNS: [&str; 7] = [
        "confirmation",
        "last_name",
        "first_name",
        "arrival",
        "departure",
        "phone",
        "status",
    ];

    fn guest(conf: &str) -> [&str; 7] {
        [
            conf,
            "Lee",
            "Kim",
            "2026-11-25",
            "2026-11-26",
            "",
            "confirmed",
        ]
    }

    #[test]
    fn crlf_files_report_physical_lines_and_the_first_data_line_of_a_duplicate() {
        let dir = tempfile::tempdir().unwrap();
        let mut rows: Vec<[&str; 7]> = vec![COLUMNS];
        for conf in ["C1", "C2", "C3", "C4", "C5", "C6", "C7"] {
            rows.push(guest(conf));
        }
        let mut bad = guest("C8");
        bad[3] = "2026-11-31";
        rows.push(bad); // physical line 9
        rows.push(guest("C1")); // line 10, a duplicate of line 2
        let rows: Vec<&[&str]> = rows.iter().map(|r| &r[..]).collect();
        let f = write(dir.path(), "broken_crlf.csv", &table(&rows, ",", "\r\n"));
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(err.contains("broken_crlf.csv:9: arrival"), "{err}");
        assert!(
            err.contains("broken_crlf.csv:10: confirmation C1 appears again (first on line 2)"),
            "{err}"
        );
        // Old Mac "CSV" ends lines in CR alone.
        let f = write(dir.path(), "cr.csv", &table(&rows, ",", "\r"));
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(err.contains("cr.csv:9: arrival"), "{err}");
        assert!(err.contains("cr.csv:10: confirmation C1"), "{err}");
    }

    #[test]
    fn a_quoted_field_over_several_lines_keeps_the_later_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        // Excel writes a line break inside a cell as LF within quotes, rows end in CRLF.
        let text = "confirmation,last_name,first_name,arrival,departure,room,status\r\n\
                    Q1,Lee,Kim,2026-11-25,2026-11-26,\"Annex\n2nd floor\n412\",confirmed\r\n\
                    Q2,Roe,Jo,2026-11-25,2026-11-26,,arrived\r\n";
        let f = write(dir.path(), "multi.csv", text);
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(err.contains("multi.csv:5: status"), "{err}");
        let ok = write(dir.path(), "ok.csv", &text.replace("arrived", "pending"));
        let parsed = parse_file(&ok, "GB").unwrap();
        assert_eq!(
            parsed.reservations[0].room.as_deref(),
            Some("Annex\n2nd floor\n412")
        );
    }

    #[test]
    fn semicolon_and_tab_files_with_or_without_a_bom_import() {
        let dir = tempfile::tempdir().unwrap();
        let rows: [&[&str]; 3] = [&COLUMNS, &guest("S1"), &guest("S2")];
        for (name, sep, bom) in [
            ("semi.csv", ";", ""),
            ("semi-bom.csv", ";", "\u{feff}"),
            ("tab.csv", "\t", ""),
            ("comma-bom.csv", ",", "\u{feff}"),
        ] {
            let f = write(
                dir.path(),
                name,
                &format!("{bom}{}", table(&rows, sep, "\r\n")),
            );
            let parsed = parse_file(&f, "GB").unwrap_or_else(|e| panic!("{name}: {e}"));
            let confs: Vec<_> = parsed
                .reservations
                .iter()
                .map(|r| r.confirmation.as_str())
                .collect();
            assert_eq!(confs, ["S1", "S2"], "{name}");
        }
        let f = write(dir.path(), "pipe.csv", &table(&rows, "|", "\n"));
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("pipe.csv:1: the first line must be the header row")
                && err.contains("\",\", \";\" or tab"),
            "{err}"
        );
    }

    #[test]
    fn a_windows_1252_file_is_refused_with_the_place_and_how_to_save_it() {
        let dir = tempfile::tempdir().unwrap();
        let mut bytes = table(&[&COLUMNS, &guest("W1")], ";", "\r\n").into_bytes();
        // "Jos\xE9" is "José" in Windows-1252.
        bytes.extend_from_slice(b"W2;Jos\xE9;Ana;2026-11-25;2026-11-26;;confirmed\r\n");
        let f = dir.path().join("w1252.csv");
        std::fs::write(&f, bytes).unwrap();
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains(
                "w1252.csv:3: not UTF-8 (byte 0xE9 at column 7); in Excel use Save As → \"CSV UTF-8"
            ),
            "{err}"
        );
    }

    #[test]
    fn every_problem_of_a_row_is_reported_and_the_list_is_capped() {
        let dir = tempfile::tempdir().unwrap();
        let f = write(
            dir.path(),
            "two.csv",
            &format!("{HEADER}T1,Lee,Kim,2026-11-31,2026-12-01,12,confirmed,,maybe\n"),
        );
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        let fields: Vec<_> = err
            .lines()
            .filter_map(|l| l.strip_prefix(&format!("{}:2: ", f.display())))
            .map(|l| l.split(':').next().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["arrival", "phone", "room_ready"],
            "every problem, in column order: {err}"
        );
        assert!(err.contains("1 bad row(s) with 3 problem(s)"), "{err}");

        let mut text = String::from(HEADER);
        for i in 0..30 {
            text.push_str(&format!(
                "M{i},Lee,Kim,2026-11-31,2026-12-01,12,confirmed,,\n"
            ));
        }
        let f = write(dir.path(), "many.csv", &text);
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert_eq!(err.lines().count(), 52, "{err}");
        assert!(err.contains("many.csv: … and 10 more problem(s)"), "{err}");
        assert!(err.contains("30 bad row(s) with 60 problem(s)"), "{err}");
    }

    #[test]
    fn excel_empty_trailing_columns_are_ignored_but_not_their_values() {
        let dir = tempfile::tempdir().unwrap();
        let f = write(
            dir.path(),
            "trailing.csv",
            "confirmation;last_name;first_name;arrival;departure;status;;\r\n\
             E1;Lee;Kim;2026-11-25;2026-11-26;confirmed;;\r\n\
             E2;Roe;Jo;2026-11-25;2026-11-26;confirmed;;note\r\n",
        );
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("trailing.csv:3: column 8 has a value but no name in the header row"),
            "{err}"
        );
        assert!(err.contains("1 bad row(s)"), "{err}");
    }

    #[test]
    fn csv_and_json_read_every_column_alike() {
        let dir = tempfile::tempdir().unwrap();
        let pepper = secrecy::SecretString::from("pepper");
        let phc = crate::pin::hash_unchecked("246810", &pepper).unwrap();
        let values = [
            "AB-1",
            "García López",
            "Ana",
            "2026-11-25",
            "2026-11-27",
            "+44 7400 123958",
            "ana@example.com",
            "pt",
            "confirmed",
            "412",
            "false",
            "2",
            "tok-1",
            phc.as_str(),
        ];
        let header = crate::store::RECORD_FIELDS.join(",");
        let csv = write(
            dir.path(),
            "all.csv",
            // Quoted: a PHC string holds commas.
            &format!("{header}\n\"{}\"\n", values.join("\",\"")),
        );
        let mut object = serde_json::Map::new();
        for (field, value) in crate::store::RECORD_FIELDS.iter().zip(values) {
            let value = match *field {
                "room_ready" => serde_json::json!(false),
                "adults" => serde_json::json!(2),
                _ => serde_json::json!(value),
            };
            object.insert((*field).to_owned(), value);
        }
        let json = write(
            dir.path(),
            "all.json",
            &serde_json::to_string(&[object]).unwrap(),
        );
        let from_csv = parse_file(&csv, "GB").unwrap().reservations;
        let from_json = parse_file(&json, "GB").unwrap().reservations;
        assert_eq!(from_csv, from_json);
        let r = &from_csv[0];
        assert!(!r.room_ready && r.adults == Some(2) && r.second_factor.is_some());
        assert_eq!(r.token.as_deref(), Some("tok-1"));
    }

    const JSON_GUEST: &str = r#"{"confirmation": "J1", "last_name": "Lee", "first_name": "Kim",
   "arrival": "2026-11-25", "departure": "2026-11-26", "status": "confirmed"}"#;

    #[test]
    fn json_in_the_upstream_arrivals_shape_imports() {
        let dir = tempfile::tempdir().unwrap();
        let f = write(
            dir.path(),
            "arrivals.json",
            &format!("{{\"reservations\": [\n  {JSON_GUEST}\n]}}"),
        );
        assert_eq!(parse_file(&f, "GB").unwrap().reservations.len(), 1);
        // A saved arrivals answer: the cursor means nothing here; `removed` is not an import's.
        let f = write(
            dir.path(),
            "answer.json",
            &format!("{{\"cursor\": \"c-9\", \"reservations\": [{JSON_GUEST}], \"removed\": []}}"),
        );
        assert_eq!(parse_file(&f, "GB").unwrap().reservations.len(), 1);
        let f = write(
            dir.path(),
            "removed.json",
            &format!("{{\"reservations\": [{JSON_GUEST}],\n \"removed\": [\"XYZ789\"]}}"),
        );
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("removed.json:3: \"removed\" lists 1 booking(s)"),
            "{err}"
        );
        let f = write(
            dir.path(),
            "typo.json",
            &format!("{{\"reservation\": [{JSON_GUEST}]}}"),
        );
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("typo.json:1: not a valid import file: unknown field `reservation`"),
            "{err}"
        );
        assert!(err.contains("{\"reservations\": [{...}, ...]}"), "{err}");
    }

    #[test]
    fn json_fields_must_have_their_type_and_known_names() {
        let dir = tempfile::tempdir().unwrap();
        let adults = JSON_GUEST.replace(r#""status""#, r#""adults": "2", "status""#);
        let f = write(
            dir.path(),
            "adults.json",
            &format!("[\n{JSON_GUEST},\n{adults}\n]"),
        );
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("adults.json:4: adults: expected a number (a whole one such as 2, without quotes) or null, found a string \"2\" (line 5, column 68)"),
            "{err}"
        );
        let phone = JSON_GUEST.replace(r#""status""#, r#""phone": 447400123958, "status""#);
        let f = write(dir.path(), "phone.json", &format!("[{phone}]"));
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("phone.json:1: phone: expected a string or null, found a number"),
            "{err}"
        );
        assert!(
            !err.contains("7400123958"),
            "no phone number in errors: {err}"
        );
        let f = write(dir.path(), "string.json", "[\"+447400123958\"]");
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("string.json:1: expected a reservation object {\"confirmation\": ...}, found a string"),
            "{err}"
        );
        assert!(
            !err.contains("7400123958"),
            "no phone number in errors: {err}"
        );
        let typo = JSON_GUEST.replace("first_name", "frist_name");
        let f = write(dir.path(), "typo.json", &format!("[\n{typo}]"));
        let err = parse_file(&f, "GB").unwrap_err().to_string();
        assert!(
            err.contains("typo.json:2: unknown field `frist_name`, expected one of"),
            "{err}"
        );
        assert!(err.contains("(line 2, column "), "{err}");
    }
}
