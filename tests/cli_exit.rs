//! The exit-status rule every `kiosk` command follows (0 done; 1 a transient failure worth a
//! retry; 2 something the operator must fix), read-only commands that never create a store, and
//! `kiosk status` as a monitoring check. Real binary, real SQLite files in temp dirs, loopback only.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::path::PathBuf;
use std::process::{Command, Output};

use lobby_kiosk::config::Config;
use lobby_kiosk::store::{EventKind, Store};

/// A temp dir with the shipped kiosk.toml (demo mode) and the files it names.
struct Kiosk {
    dir: tempfile::TempDir,
    config: PathBuf,
}

impl Kiosk {
    /// The shipped demo kiosk; nothing has run yet, so there is no database.
    fn demo() -> Kiosk {
        let dir = support::demo::shipped_kiosk_dir();
        let config = dir.path().join("kiosk.toml");
        Kiosk { dir, config }
    }

    /// The shipped kiosk out of demo mode with `gateways` (`[[gateway]]` blocks) only.
    fn live(gateways: &str) -> Kiosk {
        let k = Kiosk::demo();
        let shipped = std::fs::read_to_string(&k.config).unwrap();
        let text = support::live::live_toml(&shipped, k.dir.path(), gateways, None);
        std::fs::write(&k.config, text).unwrap();
        k
    }

    /// A demo kiosk syncing with `url` (support::write_config).
    fn syncing(url: &str) -> Kiosk {
        let dir = tempfile::tempdir().unwrap();
        let config = support::write_config(dir.path(), url, 100, 500, 1, "");
        Kiosk { dir, config }
    }

    fn edit_config(&self, edit: impl FnOnce(String) -> String) {
        let text = std::fs::read_to_string(&self.config).unwrap();
        std::fs::write(&self.config, edit(text)).unwrap();
    }

    fn loaded(&self) -> Config {
        Config::load(&self.config).unwrap()
    }

    /// Opens (creating) the kiosk's store as the kiosk itself would.
    fn store(&self) -> Store {
        Store::open_config(&self.loaded().store).unwrap()
    }

    /// [`Kiosk::store`] with the demo guests loaded, as `kiosk run` leaves it.
    fn seeded(&self) -> Store {
        let config = self.loaded();
        let mut store = self.store();
        lobby_kiosk::demo::seed(&mut store, &config, jiff::Timestamp::now()).unwrap();
        store
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kiosk"))
            .arg("--config")
            .arg(&self.config)
            .args(args)
            .env_remove("KIOSK_CONFIG")
            .env_remove("RUST_LOG")
            .output()
            .unwrap()
    }
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// `s` without ANSI colour sequences (the log's colours must not break a search).
fn plain(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn code(out: &Output) -> Option<i32> {
    out.status.code()
}

fn explain(out: &Output) -> String {
    format!(
        "exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        out.status.code(),
        text(&out.stdout),
        plain(&text(&out.stderr))
    )
}

/// A loopback port nothing listens on.
fn closed_port() -> String {
    support::servers::closed_port_url()
}

#[test]
fn sync_once_with_the_upstream_unreachable_exits_1_and_says_what_was_pushed_of_how_many() {
    let k = Kiosk::syncing(&closed_port());
    {
        let mut store = k.store();
        for i in 0..7 {
            store
                .journal_append(
                    jiff::Timestamp::now(),
                    EventKind::CheckedIn,
                    Some("ABC123"),
                    serde_json::json!({ "room": "101", "n": i }),
                )
                .unwrap();
        }
    }
    let out = k.run(&["sync", "--once"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let report = text(&out.stdout);
    assert!(report.contains("pushed 0 of 7 events"), "{}", explain(&out));
    assert!(report.ends_with('\n'), "{}", explain(&out));

    // The wait it prints is the one the syncer logged (and stored), rounded, never "0 s".
    let log = plain(&text(&out.stderr));
    let logged_ms: f64 = log
        .split("retry_in_ms=")
        .nth(1)
        .and_then(|rest| rest.split(|c: char| !c.is_ascii_digit()).next())
        .and_then(|digits| digits.parse().ok())
        .unwrap_or_else(|| panic!("the log gives retry_in_ms:\n{}", explain(&out)));
    let shown_s: f64 = report
        .split("next attempt in ")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the report gives the wait:\n{}", explain(&out)));
    assert!(
        shown_s > 0.0 && (shown_s * 1000.0 - logged_ms).abs() <= 50.0,
        "report {shown_s} s, log {logged_ms} ms\n{}",
        explain(&out)
    );
}

#[test]
fn send_test_sms_through_an_unknown_gateway_exits_2() {
    let k = Kiosk::demo();
    let out = k.run(&[
        "send-test-sms",
        "--to",
        "+447400123958",
        "--gateway",
        "nosuch",
    ]);
    assert_eq!(code(&out), Some(2), "{}", explain(&out));
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        all.contains("no gateway named \"nosuch\"") && all.contains("configured: demo"),
        "{}",
        explain(&out)
    );
}

#[test]
fn send_test_sms_to_a_non_number_exits_2_says_the_cause_once_and_ends_its_line() {
    let k = Kiosk::demo();
    let out = k.run(&["send-test-sms", "--to", "abc"]);
    assert_eq!(code(&out), Some(2), "{}", explain(&out));
    let err = plain(&text(&out.stderr));
    assert_eq!(
        err.matches("is not a phone number").count(),
        1,
        "{}",
        explain(&out)
    );
    assert!(err.contains("no test SMS was sent"), "{}", explain(&out));
    assert!(err.ends_with('\n'), "{}", explain(&out));
    let stdout = text(&out.stdout);
    assert!(stdout.is_empty() || stdout.ends_with('\n'), "{stdout:?}");
}

/// An `http` gateway on a closed loopback port.
fn down_gateway(name: &str) -> String {
    format!(
        "[[gateway]]\nname = \"{name}\"\nkind = \"http\"\nurl = \"{}/send\"\nbody = \"to={{to}}&text={{text}}\"\nconnect_timeout_ms = 300\ntimeout_ms = 600\n\n",
        closed_port()
    )
}

#[test]
fn send_test_sms_with_every_gateway_down_exits_1_and_the_log_says_no_gateway_is_left() {
    let k = Kiosk::live(&format!(
        "{}{}",
        down_gateway("first"),
        down_gateway("second")
    ));
    let out = k.run(&["send-test-sms", "--to", "+447400123958"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let report = text(&out.stdout);
    assert!(
        report.contains("✗ first") && report.contains("✗ second"),
        "{}",
        explain(&out)
    );
    assert!(report.ends_with('\n'), "{report:?}");
    let err = plain(&text(&out.stderr));
    assert!(err.ends_with('\n'), "{err:?}");
    let failed: Vec<&str> = err
        .lines()
        .filter(|l| l.contains("SMS gateway failed"))
        .collect();
    assert_eq!(failed.len(), 2, "{}", explain(&out));
    assert!(
        failed[0].contains("gateway=first") && failed[0].contains("trying the next one"),
        "{}",
        failed[0]
    );
    assert!(
        failed[1].contains("gateway=second")
            && failed[1].contains("no gateway left")
            && !failed[1].contains("trying the next"),
        "{}",
        failed[1]
    );
}

#[test]
fn read_only_commands_and_those_that_must_not_start_a_store_refuse_a_missing_one() {
    let k = Kiosk::demo();
    let missing = k.dir.path().join("mistyped");
    let db = missing.join("dir/kiosk.db");
    k.edit_config(|t| {
        t.replace(
            "\"var/kiosk.db\"",
            &format!("{:?}", db.display().to_string()),
        )
    });
    for args in [
        &["status"][..],
        &["status", "--json"],
        &["journal", "export"],
        &["staff", "reset-pad", "--by", "Rui (IT)", "--reason", "test"],
        &["sync", "--retry-quarantined"],
    ] {
        let out = k.run(args);
        assert_eq!(code(&out), Some(2), "{args:?}: {}", explain(&out));
        let err = plain(&text(&out.stderr));
        assert!(
            err.contains(&db.display().to_string())
                && err.contains("[store] path")
                && err.contains("has run"),
            "{args:?}: {}",
            explain(&out)
        );
        assert!(!missing.exists(), "{args:?} created {}", missing.display());
    }
}

#[test]
fn status_json_on_a_fresh_demo_store_is_healthy() {
    let k = Kiosk::demo();
    drop(k.seeded());
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(0), "{}", explain(&out));
    let status: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", explain(&out)));
    assert_eq!(status["healthy"], true, "{status:#}");
    assert_eq!(status["problems"], serde_json::json!([]), "{status:#}");
    assert_eq!(status["kiosk"]["id"], "lobby-1", "{status:#}");
    assert!(status["reservations"].as_i64().unwrap() > 0, "{status:#}");
    assert_eq!(status["gateways"][0]["name"], "demo", "{status:#}");
    assert_eq!(status["staff_pad"]["state"], "open", "{status:#}");
    assert!(status["sync"].is_null(), "sync is off: {status:#}");

    let out = k.run(&["status"]);
    assert_eq!(code(&out), Some(0), "{}", explain(&out));
    assert_eq!(text(&out.stdout).lines().last(), Some("healthy"));
}

#[test]
fn an_old_unsynced_backlog_makes_status_exit_1_with_its_problem_code() {
    let k = Kiosk::syncing(&closed_port());
    {
        let mut store = k.store();
        let hour_ago = jiff::Timestamp::now() - jiff::SignedDuration::from_hours(1);
        store
            .journal_append(
                hour_ago,
                EventKind::CheckedIn,
                Some("ABC123"),
                serde_json::json!({ "room": "101" }),
            )
            .unwrap();
    }
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let status: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", explain(&out)));
    assert_eq!(status["healthy"], false, "{status:#}");
    let codes: Vec<&str> = status["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["sync_backlog_old"], "{status:#}");
    assert!(
        status["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("15 min")),
        "{status:#}"
    );

    let out = k.run(&["status"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let last = text(&out.stdout)
        .lines()
        .last()
        .unwrap_or_default()
        .to_owned();
    assert!(
        last.starts_with("UNHEALTHY: ") && last.contains("sync_backlog_old"),
        "{}",
        explain(&out)
    );
}

#[test]
fn the_backlog_threshold_comes_from_upstream_unhealthy_after_s() {
    let two_minutes_old = |k: &Kiosk| {
        let mut store = k.store();
        let at = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(2);
        store
            .journal_append(
                at,
                EventKind::CheckedIn,
                Some("ABC123"),
                serde_json::json!({}),
            )
            .unwrap();
    };
    // The default (15 min, or 3 sync intervals if longer) lets a 2-minute backlog pass.
    let k = Kiosk::syncing(&closed_port());
    two_minutes_old(&k);
    let out = k.run(&["status"]);
    assert_eq!(code(&out), Some(0), "{}", explain(&out));

    let dir = tempfile::tempdir().unwrap();
    let config = support::write_config(
        dir.path(),
        &closed_port(),
        100,
        500,
        1,
        "unhealthy_after_s = 60",
    );
    let k = Kiosk { dir, config };
    two_minutes_old(&k);
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["sync"]["unhealthy_after_s"], 60, "{status:#}");
    assert_eq!(
        status["problems"][0]["code"], "sync_backlog_old",
        "{status:#}"
    );
}

#[test]
fn status_is_unhealthy_when_every_gateway_failed_its_last_attempt() {
    let k = Kiosk::demo();
    {
        let mut store = k.store();
        store
            .journal_append(
                jiff::Timestamp::now(),
                EventKind::SendFailed,
                Some("ZZ1"),
                serde_json::json!({ "gateway": "demo", "error": "disk full" }),
            )
            .unwrap();
    }
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        status["problems"][0]["code"], "gateways_failing",
        "{status:#}"
    );
    assert_eq!(
        status["gateways"][0]["last_error"], "disk full",
        "{status:#}"
    );
}

#[test]
fn status_json_on_a_missing_store_or_a_bad_config_still_answers_in_json_with_exit_2() {
    let k = Kiosk::demo();
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(2), "{}", explain(&out));
    let status: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", explain(&out)));
    assert_eq!(status["healthy"], false);
    assert_eq!(status["problems"][0]["code"], "store_missing", "{status:#}");
    assert!(!k.dir.path().join("var/kiosk.db").exists());

    k.edit_config(|t| t.replace("[kiosk]", "[kiosk\n"));
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(2), "{}", explain(&out));
    let status: serde_json::Value =
        serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("{e}: {}", explain(&out)));
    assert_eq!(
        status["problems"][0]["code"], "config_invalid",
        "{status:#}"
    );
}

#[test]
fn help_states_the_exit_status_rule() {
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("--help")
        .output()
        .unwrap();
    assert_eq!(code(&out), Some(0));
    let help = text(&out.stdout);
    assert!(help.contains("Exit status"), "{help}");
    for rule in ["0  ", "1  ", "2  "] {
        assert!(
            help.lines().any(|l| l.trim_start().starts_with(rule)),
            "{rule:?}: {help}"
        );
    }
    assert!(
        help.contains("transient") && help.contains("operator"),
        "{help}"
    );
}

#[test]
fn status_shows_control_characters_from_the_store_escaped() {
    let k = Kiosk::demo();
    {
        let mut store = k.seeded();
        store
            .journal_append(
                jiff::Timestamp::now(),
                EventKind::SendFailed,
                Some("ZZ1"),
                serde_json::json!({
                    "gateway": "demo",
                    "error": "HTTP 500 \u{1b}[2J\u{1b}[H\u{1b}[32mhealthy\u{1b}[8m\u{7}\u{202e}",
                }),
            )
            .unwrap();
    }
    let out = k.run(&["status"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let stdout = text(&out.stdout);
    assert!(
        !stdout.contains(['\u{1b}', '\u{7}', '\u{202e}']),
        "raw controls reach the terminal: {stdout:?}"
    );
    let unhealthy = stdout.lines().last().unwrap_or_default();
    assert!(
        unhealthy.starts_with("UNHEALTHY: gateways_failing")
            && unhealthy.contains("\\u{1b}[2J")
            && unhealthy.contains("\\u{202e}"),
        "{stdout}"
    );
}

#[test]
fn a_failing_test_sms_counts_against_every_gateway_it_tried() {
    let k = Kiosk::live(&format!(
        "{}{}",
        down_gateway("first"),
        down_gateway("second")
    ));
    {
        let mut store = k.store();
        let earlier = jiff::Timestamp::now() - jiff::SignedDuration::from_mins(30);
        for gateway in ["first", "second"] {
            store
                .journal_append(
                    earlier,
                    EventKind::OtpSent,
                    Some("ZZ1"),
                    serde_json::json!({ "gateway": gateway }),
                )
                .unwrap();
        }
    }
    let out = k.run(&["status"]);
    assert_eq!(
        code(&out),
        Some(0),
        "healthy before the test: {}",
        explain(&out)
    );
    let out = k.run(&["send-test-sms", "--to", "+447400123958"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        status["problems"][0]["code"], "gateways_failing",
        "{status:#}"
    );
    for g in 0..2 {
        assert_eq!(
            status["gateways"][g]["last_attempt_failed"], true,
            "{status:#}"
        );
        assert_eq!(
            status["gateways"][g]["last_error"], "test SMS failed: connect",
            "{status:#}"
        );
    }
}

#[test]
fn status_says_the_clock_is_behind_when_the_backlog_lies_in_the_future() {
    let k = Kiosk::syncing(&closed_port());
    {
        let mut store = k.store();
        // Journaled by the real clock, read by a clock set back an hour (`faketime -f -1h`).
        let real_now = jiff::Timestamp::now() + jiff::SignedDuration::from_hours(1);
        for i in 0..52 {
            store
                .journal_append(
                    real_now - jiff::SignedDuration::from_mins(19),
                    EventKind::CheckedIn,
                    Some("ABC123"),
                    serde_json::json!({ "room": "101", "n": i }),
                )
                .unwrap();
        }
    }
    let out = k.run(&["status", "--json"]);
    assert_eq!(code(&out), Some(1), "{}", explain(&out));
    let status: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(status["problems"][0]["code"], "clock_behind", "{status:#}");
    assert!(
        status["problems"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("in the future") && m.contains("fix the clock")),
        "{status:#}"
    );
}
