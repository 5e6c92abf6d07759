//! The `kiosk` subcommands as IT runs them: real binary, real SQLite file.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

struct Kiosk {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Kiosk {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let demo = dir.path().join("assets/demo");
        std::fs::create_dir_all(&demo).unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::copy(
            root.join("assets/demo/reservations.json"),
            demo.join("reservations.json"),
        )
        .unwrap();
        // The shipped config names the demo logo too.
        std::fs::create_dir_all(dir.path().join("assets/branding")).unwrap();
        std::fs::copy(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/branding/logo.png"),
            dir.path().join("assets/branding/logo.png"),
        )
        .unwrap();
        let config = dir.path().join("kiosk.toml");
        std::fs::copy(root.join("kiosk.toml"), &config).unwrap();
        Kiosk { dir, config }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
        cmd.arg("--config")
            .arg(&self.config)
            .args(args)
            .env_remove("KIOSK_CONFIG");
        cmd
    }

    fn run(&self, args: &[&str]) -> Output {
        self.cmd(args).output().unwrap()
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("var/kiosk.db")
    }

    /// Creates the database as the kiosk's first start does (`kiosk status` only reads one).
    fn init(&self) {
        drop(lobby_kiosk::store::Store::open(&self.db()).unwrap());
    }

    fn file(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

const CSV: &str = "confirmation,last_name,first_name,arrival,departure,phone,status,room\n\
    ZZ1,Lee,Kim,2026-11-25,2026-11-26,+44 7400 123958,confirmed,101\n\
    ZZ2,Roe,Jo,2026-11-25,2026-11-27,,pending,\n";

#[test]
fn import_is_all_or_nothing_and_reimport_updates() {
    let k = Kiosk::new();
    let bad = k.file(
        "bad.csv",
        &format!("{CSV}ZZ3,Poe,Al,2026-02-30,2026-03-01,,confirmed,\n"),
    );
    let out = k.run(&["import-reservations", bad.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!("{}:4: arrival", bad.display())),
        "{err}"
    );
    let count: i64 = rusqlite::Connection::open(k.db())
        .unwrap()
        .query_row("SELECT COUNT(*) FROM reservations", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0, "nothing half-written");

    let good = k.file("good.csv", CSV);
    let out = k.run(&["import-reservations", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported 2 new and 0 updated"));
    let out = k.run(&["import-reservations", good.to_str().unwrap()]);
    assert!(
        text(&out.stdout).contains("imported 0 new and 2 updated"),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn import_errors_name_the_physical_line_of_an_excel_crlf_file() {
    let k = Kiosk::new();
    // Excel in a European locale: semicolons, CRLF, a cell with a line break (LF in quotes).
    let mut csv = String::from(
        "confirmation;last_name;first_name;arrival;departure;phone;status;room\r\n\
         ZZ1;Lee;Kim;2026-11-25;2026-11-26;;confirmed;\"Annex\n412\"\r\n",
    );
    for i in 2..6 {
        csv.push_str(&format!("ZZ{i};Roe;Jo;2026-11-25;2026-11-27;;pending;\r\n"));
    }
    // Physical line 8: a bad date and a bad phone; line 9 repeats line 2's booking.
    csv.push_str("ZZ6;Poe;Al;2026-02-30;2026-03-01;12;confirmed;\r\n");
    csv.push_str("ZZ1;Lee;Kim;2026-11-25;2026-11-26;;confirmed;\r\n");
    let f = k.file("excel.csv", &csv);
    let out = k.run(&["import-reservations", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    let name = f.display();
    for expected in [
        format!("{name}:8: arrival"),
        format!("{name}:8: phone"),
        format!("{name}:9: confirmation ZZ1 appears again (first on line 2)"),
    ] {
        assert!(err.contains(&expected), "{expected} in {err}");
    }

    let good = k.file("good.csv", &csv[..csv.find("ZZ6").unwrap()]);
    let out = k.run(&["import-reservations", good.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("imported 5 new and 0 updated"));
}

#[test]
fn a_windows_1252_import_is_refused_with_the_byte_and_how_to_save_it() {
    let k = Kiosk::new();
    let mut bytes = CSV.as_bytes().to_vec();
    // "Jos\xE9" is "José" in Windows-1252, Excel's plain "CSV" in Western Europe.
    bytes.extend_from_slice(b"ZZ3,Jos\xE9,Ana,2026-11-25,2026-11-26,,confirmed,\n");
    let f = k.dir.path().join("w1252.csv");
    std::fs::write(&f, bytes).unwrap();
    let out = k.run(&["import-reservations", f.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(&format!(
            "{}:4: not UTF-8 (byte 0xE9 at column 8); in Excel use Save As → \"CSV UTF-8 (Comma delimited)\"",
            f.display()
        )),
        "{err}"
    );
    assert!(!err.contains("permissions"), "{err}");
}

#[test]
fn a_database_from_a_newer_kiosk_is_refused_with_exit_2() {
    let k = Kiosk::new();
    std::fs::create_dir_all(k.db().parent().unwrap()).unwrap();
    {
        let c = rusqlite::Connection::open(k.db()).unwrap();
        c.pragma_update(None, "user_version", 999).unwrap();
    }
    assert_status_refused(&k, "written by a newer lobby-kiosk (schema v999");
}

/// `kiosk status` exits 2 and says `needle` on stderr.
fn assert_status_refused(k: &Kiosk, needle: &str) {
    let out = k.run(&["status"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains(needle), "{err}");
}

#[test]
fn an_unusable_database_path_is_refused_with_exit_2() {
    let k = Kiosk::new();
    let config = std::fs::read_to_string(&k.config)
        .unwrap()
        .replace("var/kiosk.db", "/proc/no-such-dir/kiosk.db");
    std::fs::write(&k.config, config).unwrap();
    // A command that creates the store when missing cannot make one there.
    let good = k.file("good.csv", CSV);
    let out = k.run(&["import-reservations", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("cannot open the kiosk database at /proc/no-such-dir/kiosk.db"),
        "{err}"
    );
    // `status` creates none, so there is none to read.
    assert_status_refused(
        &k,
        "there is no kiosk database at /proc/no-such-dir/kiosk.db",
    );
}

#[test]
fn hash_pin_reads_standard_input_and_the_hash_verifies() {
    let k = Kiosk::new();
    let hash_pin = |input: &[u8]| {
        let mut child = k
            .cmd(&["hash-pin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        child.stdin.take().unwrap().write_all(input).unwrap();
        child.wait_with_output().unwrap()
    };
    let out = hash_pin(b"482913\n");
    assert!(out.status.success(), "{}", text(&out.stderr));
    let hash = text(&out.stdout).trim().to_owned();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    let pepper = secrecy::SecretString::from(lobby_kiosk::config::DEMO_PIN_PEPPER);
    assert!(lobby_kiosk::pin::verify_pin("482913", &hash, &pepper));
    assert!(!lobby_kiosk::pin::verify_pin("482914", &hash, &pepper));

    let out = hash_pin(b"12ab12\n");
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("6 to 12 digits"));
}

#[test]
fn hash_pin_refuses_pins_shorter_than_six_digits() {
    let k = Kiosk::new();
    for short in ["1234", "12345"] {
        let mut child = k
            .cmd(&["hash-pin"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        writeln!(stdin, "{short}").unwrap();
        drop(stdin);
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{short}");
        assert!(out.stdout.is_empty(), "no hash for {short}");
        let err = text(&out.stderr);
        assert!(err.contains("at least 6 digits"), "{err}");
        assert!(!err.contains(short), "the PIN is not echoed: {err}");
    }
}

#[test]
fn journal_export_writes_json_lines_after_a_sequence_number() {
    let k = Kiosk::new();
    let good = k.file("good.csv", CSV);
    assert!(
        k.run(&["import-reservations", good.to_str().unwrap()])
            .status
            .success()
    );
    assert!(
        k.run(&["import-reservations", good.to_str().unwrap()])
            .status
            .success()
    );
    let out = k.run(&["journal", "export"]);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["seq"], 1);
    assert_eq!(lines[0]["kind"], "reservations_imported");
    assert!(lines[0]["id"].as_str().unwrap().len() == 36);
    let out = k.run(&["journal", "export", "--since", "1"]);
    let after: Vec<&str> = std::str::from_utf8(&out.stdout).unwrap().lines().collect();
    assert_eq!(after.len(), 1);
    assert!(after[0].contains("\"seq\":2"));
}

#[test]
fn status_summarises_the_store() {
    let k = Kiosk::new();
    let good = k.file("good.csv", CSV);
    assert!(
        k.run(&["import-reservations", good.to_str().unwrap()])
            .status
            .success()
    );
    let out = k.run(&["status"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let s = text(&out.stdout);
    assert!(s.contains("reservations 2"), "{s}");
    assert!(s.contains("journal      1 events"), "{s}");
    assert!(s.contains("unsynced     1"), "{s}");
    assert!(s.contains("lockouts     0 active"), "{s}");
    assert!(s.contains("sync         off"), "{s}");
    assert!(
        s.contains("gateway      demo (outbox): last success never; last failure never"),
        "{s}"
    );
    {
        let mut store = lobby_kiosk::store::Store::open(&k.db()).unwrap();
        let at: jiff::Timestamp = "2026-11-25T10:00:00Z".parse().unwrap();
        let kind = lobby_kiosk::store::EventKind::SendFailed;
        let data = serde_json::json!({"gateway": "demo", "error": "disk full"});
        store.journal_append(at, kind, Some("ZZ1"), data).unwrap();
    }
    let s = text(&k.run(&["status"]).stdout);
    assert!(
        s.contains("last failure 2026-11-25T10:00:00.000Z (disk full)"),
        "{s}"
    );
}

#[test]
fn sync_without_an_upstream_says_how_to_enable_it() {
    let k = Kiosk::new();
    let out = k.run(&["sync", "--once"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("upstream sync is not enabled"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn send_test_sms_reports_the_accepting_gateway_and_reaches_the_outbox() {
    let k = Kiosk::new();
    let out = k.run(&["send-test-sms", "--to", "+447400123958"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("demo"), "{report}");
    let outbox = std::fs::read_to_string(k.dir.path().join("var/sms-outbox.log")).unwrap();
    assert!(outbox.contains("+447400123958"), "{outbox}");

    let out = k.run(&["send-test-sms", "--to", "not-a-number"]);
    assert_eq!(out.status.code(), Some(2));
    let out = k.run(&[
        "send-test-sms",
        "--to",
        "+447400123958",
        "--gateway",
        "nope",
    ]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown gateway name is the operator's to fix"
    );
}

impl Kiosk {
    /// Rewrites kiosk.toml with `edit`.
    fn edit_config(&self, edit: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(&self.config).unwrap();
        std::fs::write(&self.config, edit(text)).unwrap();
    }

    /// The `test_sms` events the journal holds, oldest first.
    fn test_sms_events(&self) -> Vec<serde_json::Value> {
        let out = self.run(&["journal", "export"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout)
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|e| e["kind"] == "test_sms")
            .collect()
    }

    fn outbox_lines(&self) -> usize {
        std::fs::read_to_string(self.dir.path().join("var/sms-outbox.log"))
            .map_or(0, |t| t.lines().count())
    }
}

#[test]
fn send_test_sms_refuses_premium_rate_numbers_and_countries_outside_allowed_countries() {
    let k = Kiosk::new();
    k.edit_config(|t| t.replace("allowed_countries = []", r#"allowed_countries = ["PT"]"#));
    // A UK premium-rate number, and a UK mobile, from a kiosk that texts Portugal only.
    for to in ["+449098790879", "+447400123958"] {
        let out = k.run(&["send-test-sms", "--to", to]);
        assert_eq!(out.status.code(), Some(2), "{to}: {}", text(&out.stdout));
        let err = text(&out.stderr);
        assert!(
            err.contains("outside [otp] allowed_countries (PT)") && err.contains("no test SMS"),
            "{err}"
        );
        assert!(!err.contains(&to[3..]), "the number is masked: {err}");
    }
    // Every country allowed: the premium-rate number is still no mobile.
    k.edit_config(|t| t.replace(r#"allowed_countries = ["PT"]"#, "allowed_countries = []"));
    let out = k.run(&["send-test-sms", "--to", "+449098790879"]);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(err.contains("not a mobile number"), "{err}");
    assert_eq!(k.outbox_lines(), 0, "nothing was sent");

    let out = k.run(&["send-test-sms", "--to", "+351912345678"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(k.outbox_lines(), 1);

    let events = k.test_sms_events();
    let outcomes: Vec<&str> = events
        .iter()
        .map(|e| e["data"]["outcome"].as_str().unwrap())
        .collect();
    assert_eq!(
        outcomes,
        [
            "country_not_allowed",
            "country_not_allowed",
            "not_mobile",
            "accepted"
        ]
    );
    let accepted = &events[3]["data"];
    assert_eq!(accepted["gateway"], "demo");
    assert_eq!(accepted["source"], "cli");
    assert_eq!(accepted["kiosk"], "lobby-1");
    assert_eq!(accepted["attempts"], 1);
    let all = serde_json::to_string(&events).unwrap();
    for full in ["449098790879", "447400123958", "351912345678"] {
        assert!(!all.contains(full), "a full number was journaled: {all}");
    }
}

#[test]
fn send_test_sms_allows_ten_an_hour_per_kiosk_even_from_two_processes_at_once() {
    let k = Kiosk::new();
    // The database exists before the two processes race to create it.
    k.init();
    let results: Vec<Output> = std::thread::scope(|s| {
        let runs: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| {
                    (0..7)
                        .map(|_| k.run(&["send-test-sms", "--to", "+447400123958"]))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        runs.into_iter().flat_map(|r| r.join().unwrap()).collect()
    });
    let sent = results.iter().filter(|o| o.status.success()).count();
    assert_eq!(sent, 10, "ten test SMS an hour, whichever process asks");
    assert_eq!(k.outbox_lines(), 10);
    for refused in results.iter().filter(|o| !o.status.success()) {
        assert_eq!(refused.status.code(), Some(1));
        let err = text(&refused.stderr);
        assert!(
            err.contains("already sent 10 test SMS in the last hour")
                && err.contains("try again in"),
            "{err}"
        );
    }
    let events = k.test_sms_events();
    assert_eq!(events.len(), 14, "every try is journaled");
    let refused = events
        .iter()
        .filter(|e| e["data"]["outcome"] == "test_limit")
        .count();
    assert_eq!(refused, 4);
}

#[test]
fn send_test_sms_counts_toward_the_kiosk_cap() {
    let k = Kiosk::new();
    k.edit_config(|t| {
        t.replace(
            "# sends_per_kiosk_per_hour = 60",
            "sends_per_kiosk_per_hour = 2",
        )
    });
    for _ in 0..2 {
        let out = k.run(&["send-test-sms", "--to", "+447400123958"]);
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    let out = k.run(&["send-test-sms", "--to", "+447400123958"]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(
        err.contains("sends_per_kiosk_per_hour = 2") && err.contains("try again in"),
        "{err}"
    );
    assert_eq!(k.outbox_lines(), 2);
    let out = k.run(&["journal", "export"]);
    let journal = text(&out.stdout);
    assert!(
        journal.contains(r#""cause":"kiosk_send_cap""#),
        "test sends that fill the kiosk cap raise the alert: {journal}"
    );
}

#[test]
fn status_counts_only_locks_in_force() {
    let k = Kiosk::new();
    k.init();
    let now = jiff::Timestamp::now().as_millisecond();
    {
        let store = lobby_kiosk::store::Store::open(&k.db()).unwrap();
        let conn = store.conn();
        lobby_kiosk::otp::limits::lock(
            conn,
            "LOCKED1",
            lobby_kiosk::otp::limits::LockScope::All,
            now,
            now + 3_600_000,
            "too_many_failures",
        )
        .unwrap();
        lobby_kiosk::otp::limits::lock(
            conn,
            "UNLOCK1",
            lobby_kiosk::otp::limits::LockScope::All,
            now - 10,
            now + 3_600_000,
            "too_many_failures",
        )
        .unwrap();
        lobby_kiosk::otp::limits::clear(conn, "UNLOCK1", now).unwrap();
        lobby_kiosk::otp::limits::lock(
            conn,
            "LAPSED1",
            lobby_kiosk::otp::limits::LockScope::All,
            now - 7_200_000,
            now - 3_600_000,
            "too_many_failures",
        )
        .unwrap();
    }
    let s = text(&k.run(&["status"]).stdout);
    assert!(s.contains("lockouts     1 active"), "{s}");
}

#[test]
fn staff_reset_pad_opens_a_locked_pin_pad_and_is_audited_with_who_and_why() {
    let k = Kiosk::new();
    k.init();
    {
        let store = lobby_kiosk::store::Store::open(&k.db()).unwrap();
        let now = jiff::Timestamp::now().as_millisecond();
        for _ in 0..10 {
            lobby_kiosk::staff::pad::record_wrong(store.conn(), "lobby-1", now).unwrap();
        }
    }
    let s = text(&k.run(&["status"]).stdout);
    assert!(s.contains("staff pad    LOCKED"), "{s}");
    // Who and why are required.
    let out = k.run(&["staff", "reset-pad", "--reason", "forgot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--by"), "{}", text(&out.stderr));
    let out = k.run(&["staff", "reset-pad", "--by", "  ", "--reason", "forgot"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--by must name you"),
        "{}",
        text(&out.stderr)
    );
    let out = k.run(&["staff", "reset-pad", "--by", "Rui (IT)", "--reason", ""]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--reason must say why"),
        "{}",
        text(&out.stderr)
    );
    assert!(text(&k.run(&["status"]).stdout).contains("staff pad    LOCKED"));

    let out = k.run(&[
        "staff",
        "reset-pad",
        "--by",
        "Rui (IT)",
        "--reason",
        "Ana forgot her PIN",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("was locked; it is open again"),
        "{}",
        text(&out.stdout)
    );
    let s = text(&k.run(&["status"]).stdout);
    assert!(s.contains("staff pad    open"), "{s}");
    let journal = text(&k.run(&["journal", "export"]).stdout);
    let reset: Vec<serde_json::Value> = journal
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|e| e["kind"] == "staff_override")
        .collect();
    assert_eq!(reset.len(), 1, "{journal}");
    let data = &reset[0]["data"];
    assert_eq!(data["action"], "reset_pad");
    assert_eq!(data["staff"], "Rui (IT)");
    assert_eq!(data["reason"], "Ana forgot her PIN");
    assert_eq!(data["kiosk"], "lobby-1");
    assert_eq!(data["was_locked"], true);
}

#[test]
fn an_encrypted_database_with_the_wrong_key_or_without_its_install_key_is_refused_with_exit_2() {
    let k = Kiosk::new();
    let config = std::fs::read_to_string(&k.config).unwrap().replace(
        "[store]\n",
        "[store]\nencryption = true\nencryption_key_env = \"KIOSK_TEST_DB_KEY\"\n",
    );
    std::fs::write(&k.config, config).unwrap();
    let status = |key: &str| {
        k.cmd(&["status"])
            .env("KIOSK_TEST_DB_KEY", key)
            .output()
            .unwrap()
    };
    let right = "ab".repeat(32);
    // The kiosk's first start creates the encrypted database (`status` only reads one).
    let good = k.file("good.csv", CSV);
    let out = k
        .cmd(&["import-reservations", good.to_str().unwrap()])
        .env("KIOSK_TEST_DB_KEY", &right)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out.stderr));
    let out = status(&right);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let header = std::fs::read(k.db()).unwrap();
    assert_ne!(&header[..16], b"SQLite format 3\0", "encrypted at rest");

    let out = status(&"cd".repeat(32));
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains(
            "with the encryption key from [store] encryption_key_env ($KIOSK_TEST_DB_KEY)"
        ) && err.contains("not this database's key"),
        "{err}"
    );

    let out = status("short");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("64 hex digits"),
        "{}",
        text(&out.stderr)
    );

    std::fs::remove_file(k.dir.path().join("var/kiosk.db.key")).unwrap();
    let out = status(&right);
    assert_eq!(out.status.code(), Some(2));
    let err = text(&out.stderr);
    assert!(
        err.contains("the install key file") && err.contains("is missing; restore it"),
        "{err}"
    );
}
