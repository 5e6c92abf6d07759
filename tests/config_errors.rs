//! Hotel IT gets `PATH:LINE:COLUMN: what and what is allowed` and exit status 2 for every
//! configuration mistake; the shipped kiosk.toml passes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[path = "support/live.rs"]
mod live;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn kiosk(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    cmd.args(args)
        .env_remove("KIOSK_CONFIG")
        .env_remove("RUST_LOG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run kiosk")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

const BASE: &str = r#"[kiosk]
id = "lobby-1"
property = "Hotel Test"
time_zone = "Europe/Lisbon"
country = "PT"

[demo]
enabled = true

[[gateway]]
name = "demo"
kind = "outbox"
path = "var/outbox.log"
"#;

/// Writes a config into a temp dir that also holds the demo data it refers to.
fn config_with(text: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let demo = dir.path().join("assets/demo");
    std::fs::create_dir_all(&demo).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/demo/reservations.json"),
        demo.join("reservations.json"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("assets/branding")).unwrap();
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/branding/logo.png"),
        dir.path().join("assets/branding/logo.png"),
    )
    .unwrap();
    let path = dir.path().join("kiosk.toml");
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

/// Asserts exit 2 and that some line reads `<path>:<line>:<col>: ...<needle>...`.
fn assert_error_at(text: &str, line: usize, col: usize, needle: &str, env: &[(&str, &str)]) {
    let (_dir, path) = config_with(text);
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], env);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "exit status 2 for: {err}");
    let prefix = format!("{}:{line}:{col}: ", path.display());
    assert!(
        err.lines()
            .any(|l| l.trim_start_matches("kiosk: ").starts_with(&prefix) && l.contains(needle)),
        "expected `{prefix}...{needle}` in:\n{err}"
    );
}

#[test]
fn shipped_config_is_valid() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk.toml");
    let out = kiosk(
        &["--config", shipped.to_str().unwrap(), "check-config"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = String::from_utf8_lossy(&out.stdout);
    assert!(summary.contains("demo (outbox)"), "{summary}");
    assert!(summary.contains("upstream   off"), "{summary}");
}

#[test]
fn malformed_toml_points_at_the_spot() {
    assert_error_at(
        &BASE.replace("property = \"Hotel Test\"", "property = \"Hotel Test"),
        3,
        23,
        "invalid basic string",
        &[],
    );
}

#[test]
fn unknown_key_is_rejected_with_the_allowed_keys() {
    assert_error_at(
        &BASE.replace("country = \"PT\"", "country = \"PT\"\ncolour = \"red\""),
        6,
        1,
        "unknown field `colour`",
        &[],
    );
}

#[test]
fn wrong_type_is_rejected() {
    assert_error_at(
        &format!("{BASE}\n[otp]\nlength = \"six\"\n"),
        16,
        10,
        "otp.length: expected an integer, found the string \"six\"",
        &[],
    );
}

#[test]
fn out_of_range_values_name_the_allowed_range() {
    assert_error_at(
        &format!("{BASE}\n[otp]\nlength = 4\n"),
        16,
        10,
        "otp.length: 4 is out of range; allowed: 6 to 10",
        &[],
    );
    assert_error_at(
        &format!("{BASE}\n[otp]\nttl_s = 0\n"),
        16,
        9,
        "otp.ttl_s: 0 is out of range; allowed: 30 to 600",
        &[],
    ); // The staff gesture: line 6 is the first line after [kiosk]'s four keys.
    assert_error_at(
        &BASE.replace("country = \"PT\"\n", "country = \"PT\"\nstaff_taps = 11\n"),
        6,
        14,
        "kiosk.staff_taps: 11 is out of range; allowed: 0 to 10",
        &[],
    );
}

#[test]
fn an_unknown_date_of_birth_order_names_the_allowed_ones() {
    assert_error_at(
        &format!("{BASE}\n[otp]\ndate_of_birth_order = \"dym\"\n"),
        16,
        23,
        "\"dym\" is not a date order; allowed: dmy, mdy, ymd",
        &[],
    );
}

#[test]
fn unknown_time_zone_is_rejected() {
    assert_error_at(
        &BASE.replace("Europe/Lisbon", "Europe/Atlantis"),
        4,
        13,
        "not an IANA time zone",
        &[],
    );
}

#[test]
fn gateway_url_must_be_http_or_https() {
    let text = format!(
        "{BASE}\n[[gateway]]\nname = \"k\"\nkind = \"kannel\"\nurl = \"ftp://sms.local\"\nusername = \"u\"\npassword_env = \"KIOSK_TEST_KANNEL_PW\"\n"
    );
    assert_error_at(
        &text,
        18,
        7,
        "only http:// and https://",
        &[("KIOSK_TEST_KANNEL_PW", "pw")],
    );
}

#[test]
fn a_missing_secret_names_the_key() {
    let text = format!(
        "{BASE}\n[[gateway]]\nname = \"k\"\nkind = \"kannel\"\nurl = \"http://127.0.0.1:13013\"\nusername = \"u\"\npassword_env = \"KIOSK_TEST_UNSET_VAR\"\n"
    );
    assert_error_at(
        &text,
        20,
        16,
        "gateway[1].password_env: environment variable KIOSK_TEST_UNSET_VAR is not set",
        &[],
    );
    let text = format!("{BASE}\n[upstream]\nenabled = true\nurl = \"https://pms.example\"\n");
    assert_error_at(&text, 15, 1, "missing secret: set token_env", &[]);
}

#[test]
fn the_scan_key_is_a_long_secret_outside_the_file_and_needs_the_scanner_prefix() {
    // Line 15 is [lookup], right after BASE.
    let lookup = |keys: &str| format!("{BASE}\n[lookup]\n{keys}\n");
    assert_error_at(
        &lookup("scanner_prefix = \"CONF:\"\nscan_key_env = \"KIOSK_TEST_UNSET_SCAN_KEY\""),
        17,
        16,
        "lookup.scan_key_env: environment variable KIOSK_TEST_UNSET_SCAN_KEY is not set",
        &[],
    );
    assert_error_at(
        &lookup("scanner_prefix = \"CONF:\"\nscan_key_env = \"KIOSK_TEST_SCAN_KEY\""),
        17,
        16,
        "lookup.scan_key_env: the scan key is shorter than 32 characters",
        &[("KIOSK_TEST_SCAN_KEY", "too-short")],
    );
    assert_error_at(
        &lookup("scan_key_file = \"scan.key\""),
        16,
        17,
        "lookup.scan_key_file: cannot read secret file",
        &[],
    );
    let long = "0123456789abcdef".repeat(4);
    assert_error_at(
        &lookup("scan_key_env = \"KIOSK_TEST_SCAN_KEY\""),
        16,
        16,
        "lookup.scan_key_env: a scan key needs scanner_prefix",
        &[("KIOSK_TEST_SCAN_KEY", &long)],
    );
    // A key file next to the config, with the prefix: valid.
    let (dir, path) = config_with(&lookup(
        "scanner_prefix = \"CONF:\"\nscan_key_file = \"scan.key\"",
    ));
    std::fs::write(dir.path().join("scan.key"), format!("{long}\n")).unwrap();
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn keys_of_another_gateway_kind_are_rejected() {
    let text = BASE.replace(
        "path = \"var/outbox.log\"",
        "path = \"var/outbox.log\"\naccount_sid = \"AC1\"",
    );
    assert_error_at(
        &text,
        14,
        15,
        "account_sid does not apply to kind = \"outbox\"",
        &[],
    );
}

#[test]
fn low_contrast_branding_is_rejected() {
    let text = format!(
        "{BASE}\n[branding]\nbackground = \"#FFFFFF\"\nsurface = \"#FFFFFF\"\ntext = \"#999999\"\n"
    );
    assert_error_at(&text, 18, 8, "contrast", &[]);
}

#[test]
fn demo_defaults_cannot_reach_a_real_lobby() {
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk.toml")).unwrap();
    let live = shipped.replace(
        "enabled = true                 # demo mode",
        "enabled = false                # demo mode",
    );
    assert_ne!(live, shipped);
    let (_dir, path) = config_with(&live);
    let out = kiosk(
        &["--config", path.to_str().unwrap(), "check-config"],
        &[("KIOSK_PIN_PEPPER_TEST", "x")],
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("gateway[0].kind: the outbox gateway only stands in"),
        "{err}"
    );
    assert!(
        err.contains("staff[0].pin_hash: this is the demo staff PIN"),
        "{err}"
    );
}

#[test]
fn config_path_comes_from_flag_then_environment_and_relative_paths_from_its_directory() {
    let (dir, path) = config_with(BASE);
    let out = kiosk(
        &["check-config"],
        &[("KIOSK_CONFIG", path.to_str().unwrap())],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let summary = String::from_utf8_lossy(&out.stdout);
    let outbox = dir.path().join("var/outbox.log");
    assert!(
        summary.contains(&outbox.display().to_string()),
        "relative paths resolve against the config's directory: {summary}"
    );

    let out = kiosk(
        &["--config", "/nonexistent/kiosk.toml", "check-config"],
        &[("KIOSK_CONFIG", path.to_str().unwrap())],
    );
    assert_eq!(
        out.status.code(),
        Some(2),
        "--config wins over KIOSK_CONFIG"
    );
    assert!(
        stderr(&out).contains("/nonexistent/kiosk.toml: cannot read"),
        "{}",
        stderr(&out)
    );
}

/// Outside demo mode, with every key a reviewer would want: no warnings. Line 10 is
/// [[gateway]], line 13 its url, line 17 [security], line 22 the staff member's pin_hash
/// (the live fixture's PIN under its pepper).
const LIVE: &str = r#"[kiosk]
id = "lobby-1"
property = "Hotel Test"
time_zone = "Europe/Lisbon"
country = "PT"

[otp]
allowed_countries = ["PT", "ES"]

[[gateway]]
name = "sms"
kind = "kannel"
url = "http://127.0.0.1:13013"
username = "kiosk"
password_env = "KIOSK_TEST_KANNEL_PW"

[security]
pin_pepper_env = "KIOSK_TEST_PIN_PEPPER"

[[staff]]
name = "Ana"
pin_hash = "$argon2id$v=19$m=19456,t=2,p=1,keyid=ZUg$fpswYVNuakjz6GZiso9Ddg$tk4apAXySBgC7VpGU75Innwk7guNf9Y862AJYhGTMgQ"
"#;

const SECRETS: &[(&str, &str)] = &[
    ("KIOSK_TEST_KANNEL_PW", "pw"),
    ("KIOSK_TEST_SMS_SECRET", "s"),
    ("KIOSK_TEST_UPSTREAM_TOKEN", "t"),
    ("KIOSK_TEST_PIN_PEPPER", live::PEPPER),
];

/// A well-formed Twilio Account SID (check-config checks the shape).
const SID: &str = "AC0123456789abcdef0123456789abcdef";

/// Runs check-config on `text`: (exit status, stdout, stderr, config path).
fn check(text: &str) -> (Option<i32>, String, String, PathBuf) {
    let (dir, path) = config_with(text);
    let out = kiosk(
        &["--config", path.to_str().unwrap(), "check-config"],
        SECRETS,
    );
    drop(dir);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr(&out),
        path,
    )
}

#[test]
fn the_issues_demo_config_with_a_live_twilio_and_a_remote_upstream_is_refused() {
    let text = format!(
        "{BASE}\n[[gateway]]\nname = \"twilio\"\nkind = \"twilio\"\naccount_sid = \"AC1\"\n\
         auth_token_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"+351900000000\"\nbase_url = \"http://10.0.0.6\"\n\
         \n[upstream]\nenabled = true\nurl = \"http://10.0.0.5\"\ntoken_env = \"KIOSK_TEST_UPSTREAM_TOKEN\"\n"
    );
    // Line 17 is the twilio gateway's kind, 21 its base_url, 25 the upstream url.
    assert_error_at(
        &text,
        17,
        8,
        "gateway[1].kind: demo mode only sends to the outbox",
        SECRETS,
    );
    assert_error_at(
        &text,
        21,
        12,
        "gateway[1].base_url: \"http://10.0.0.6\" is plain http:// to another host",
        SECRETS,
    );
    assert_error_at(
        &text,
        25,
        7,
        "upstream.url: demo mode syncs only with a loopback upstream",
        SECRETS,
    );
    assert_error_at(
        &text,
        25,
        7,
        "upstream.url: \"http://10.0.0.5\" is plain http:// to another host",
        SECRETS,
    );
}

#[test]
fn demo_mode_refuses_every_gateway_but_the_outbox() {
    let gateways = [
        "kind = \"kannel\"\nurl = \"http://127.0.0.1:13013\"\nusername = \"u\"\npassword_env = \"KIOSK_TEST_KANNEL_PW\"",
        "kind = \"twilio\"\naccount_sid = \"AC0123456789abcdef0123456789abcdef\"\nauth_token_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"+351910000000\"",
        "kind = \"vonage\"\napi_key = \"k\"\napi_secret_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"Hotel\"",
        "kind = \"http\"\nurl = \"https://sms.aggregator.pt/send\"\nbody = \"{to} {text}\"",
    ];
    for keys in gateways {
        // Line 17 is the second gateway's kind.
        let text = format!("{BASE}\n[[gateway]]\nname = \"real\"\n{keys}\n");
        assert_error_at(
            &text,
            17,
            8,
            "gateway[1].kind: demo mode only sends to the outbox, so a demo kiosk never texts a real phone",
            SECRETS,
        );
        // The same gateway outside demo mode is fine.
        let live = format!("{LIVE}\n[[gateway]]\nname = \"real\"\n{keys}\n");
        let (code, _, err, _) = check(&live);
        assert_eq!(code, Some(0), "{keys}: {err}");
    }
}

#[test]
fn demo_mode_syncs_only_with_a_loopback_upstream() {
    let upstream = |url: &str| {
        format!(
            "{BASE}\n[upstream]\nenabled = true\nurl = \"{url}\"\ntoken_env = \"KIOSK_TEST_UPSTREAM_TOKEN\"\n"
        )
    };
    // Line 17 is the upstream url.
    for url in ["https://pms.example/kiosk-api", "https://10.0.0.5:8443"] {
        assert_error_at(
            &upstream(url),
            17,
            7,
            "upstream.url: demo mode syncs only with a loopback upstream (127.0.0.1, ::1, localhost)",
            SECRETS,
        );
    }
    for url in [
        "http://127.0.0.1:8080",
        "http://127.8.0.1",
        "https://localhost:8443",
        "http://[::1]:9000",
    ] {
        let (code, _, err, _) = check(&upstream(url));
        assert_eq!(code, Some(0), "{url}: {err}");
    }
    // A switched-off upstream is never contacted, so its URL may stay a real one.
    let (code, _, err, _) = check(&format!(
        "{BASE}\n[upstream]\nenabled = false\nurl = \"https://pms.example\"\n"
    ));
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn plain_http_is_refused_off_loopback_for_providers_and_the_upstream() {
    // (replacement of LIVE's kannel url line, the key path, line, column)
    let cases = [
        ("url = \"http://10.0.0.6:13013\"", "gateway[0].url", 13, 7),
        (
            "url = \"http://sms.aggregator.pt:13013\"",
            "gateway[0].url",
            13,
            7,
        ),
        (
            "url = \"http://127.0.0.1.example\"",
            "gateway[0].url",
            13,
            7,
        ),
        (
            "url = \"http://[::ffff:10.0.0.6]\"",
            "gateway[0].url",
            13,
            7,
        ),
    ];
    for (line, key, l, c) in cases {
        let text = LIVE.replace("url = \"http://127.0.0.1:13013\"", line);
        assert_error_at(
            &text,
            l,
            c,
            &format!(
                "{key}: \"{}\" is plain http:// to another host",
                &line[7..line.len() - 1]
            ),
            SECRETS,
        );
    }
    // Each provider and the upstream, after LIVE (line 24 on): SCHEME://HOST filled in.
    let more = [
        (
            "[[gateway]]\nname = \"t\"\nkind = \"twilio\"\naccount_sid = \"AC0123456789abcdef0123456789abcdef\"\nauth_token_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"+351910000000\"\nbase_url = \"URL\"\n",
            "gateway[1].base_url",
            (30, 12),
        ),
        (
            "[[gateway]]\nname = \"v\"\nkind = \"vonage\"\napi_key = \"k\"\napi_secret_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"Hotel\"\nbase_url = \"URL\"\n",
            "gateway[1].base_url",
            (30, 12),
        ),
        (
            "[[gateway]]\nname = \"h\"\nkind = \"http\"\nbody = \"{to} {text}\"\nurl = \"URL/send\"\n",
            "gateway[1].url",
            (28, 7),
        ),
        (
            "[upstream]\nenabled = true\ntoken_env = \"KIOSK_TEST_UPSTREAM_TOKEN\"\nurl = \"URL\"\n",
            "upstream.url",
            (27, 7),
        ),
    ];
    for (table, key, (line, col)) in more {
        let with = |url: &str| format!("{LIVE}\n{}", table.replace("URL", url));
        assert_error_at(
            &with("http://sms.aggregator.pt"),
            line,
            col,
            &format!("{key}: \"http://sms.aggregator.pt"),
            SECRETS,
        );
        for url in [
            "https://sms.aggregator.pt",
            "http://127.0.0.1:8080",
            "http://localhost",
        ] {
            let (code, _, err, _) = check(&with(url));
            assert_eq!(code, Some(0), "{key} = {url}: {err}");
        }
    }
    for url in [
        "http://127.0.0.1:13013",
        "http://localhost:13013",
        "http://[::1]:13013",
    ] {
        let (code, _, err, _) = check(&LIVE.replace("http://127.0.0.1:13013", url));
        assert_eq!(code, Some(0), "{url}: {err}");
    }
}

#[test]
fn weak_settings_are_warnings_with_their_place_and_check_config_still_passes() {
    let (code, out, err, _) = check(LIVE);
    assert_eq!(code, Some(0), "{err}");
    assert!(err.is_empty(), "a reviewed config has no warnings: {err}");
    assert!(out.lines().next().unwrap().ends_with(": OK"), "{out}");

    let weak = LIVE
        .replace("country = \"PT\"\n", "country = \"PT\"\nfullscreen = false\n")
        .replace(
            "allowed_countries = [\"PT\", \"ES\"]",
            "allowed_countries = []\nsends_per_kiosk_per_hour = 5000\npumping_min_verified_percent = 0",
        );
    let (code, out, err, path) = check(&weak);
    assert_eq!(code, Some(0), "warnings do not fail check-config: {err}");
    assert!(
        out.lines()
            .next()
            .unwrap()
            .ends_with(": OK, with 4 warning(s) on standard error"),
        "{out}"
    );
    let at = |line: usize, col: usize, needle: &str| {
        let prefix = format!("kiosk: {}:{line}:{col}: warning: ", path.display());
        assert!(
            err.lines()
                .any(|l| l.starts_with(&prefix) && l.contains(needle)),
            "expected `{prefix}...{needle}` in:\n{err}"
        );
    };
    at(6, 14, "kiosk.fullscreen: false opens a normal window");
    at(
        9,
        21,
        "otp.allowed_countries: is empty, so codes can be texted to every country",
    );
    at(10, 28, "otp.sends_per_kiosk_per_hour: 5000 SMS an hour");
    at(
        11,
        32,
        "otp.pumping_min_verified_percent: 0 turns SMS-pumping detection off",
    );
    assert_eq!(err.lines().count(), 4, "{err}");

    // Left out, allowed_countries means every country too: the warning points at [otp].
    let (code, _, err, path) = check(&LIVE.replace("allowed_countries = [\"PT\", \"ES\"]", ""));
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.starts_with(&format!(
            "kiosk: {}:7:1: warning: otp.allowed_countries: is empty",
            path.display()
        )),
        "{err}"
    );

    // In demo mode only the outbox sends, so the shipped config (every country) is quiet.
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk.toml");
    let out = kiosk(
        &["--config", shipped.to_str().unwrap(), "check-config"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stderr(&out), "");
}

// ---- Issue 13: going live as hotel IT ----

fn shipped() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk.toml")).unwrap()
}

/// The shipped kiosk.toml with demo mode switched off, as IT's first edit leaves it.
fn shipped_live() -> String {
    let shipped = shipped();
    let live = shipped.replace(
        "enabled = true                 # demo mode",
        "enabled = false                # demo mode",
    );
    assert_ne!(live, shipped);
    live
}

/// The demo staff hash in the shipped file.
fn shipped_pin_hash(text: &str) -> String {
    let start = text.find("pin_hash = \"").unwrap() + "pin_hash = \"".len();
    let end = start + text[start..].find('"').unwrap();
    text[start..end].to_owned()
}

/// 1-based line and column (in characters) where the `nth` (0-based) `needle` starts.
fn pos(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("`{needle}` #{nth} not in the config"))
        .0;
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, col)
}

/// Where the quoted value inside the `nth` `needle` starts (`needle` names its key, so a
/// comment that mentions the value is not taken for it).
fn value_pos(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let (line, col) = pos(text, needle, nth);
    (
        line,
        col + needle[..needle.find('"').unwrap()].chars().count(),
    )
}

/// Asserts that `err` has a line `kiosk: <path>:<line>:<col>: ...<needle>...`.
fn has_line(err: &str, path: &Path, (line, col): (usize, usize), needle: &str) {
    // Only the first line of an error carries the `kiosk: ` prefix.
    let prefix = format!("{}:{line}:{col}: ", path.display());
    assert!(
        err.lines()
            .any(|l| l.trim_start_matches("kiosk: ").starts_with(&prefix) && l.contains(needle)),
        "expected `{prefix}...{needle}` in:\n{err}"
    );
}

fn write_mode(path: &Path, text: &str, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, text).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `kiosk hash-pin` on `config` with `input` on standard input.
fn hash_pin(config: &Path, input: &str, env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kiosk"));
    cmd.args(["--config", config.to_str().unwrap(), "hash-pin"])
        .env_remove("KIOSK_CONFIG")
        .env_remove("RUST_LOG")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for (k, v) in env {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The kannel gateway IT configures in place of the demo outbox.
const KANNEL: &str = "[[gateway]]\nname = \"sms\"\nkind = \"kannel\"\nurl = \"http://127.0.0.1:13013\"\nusername = \"kiosk\"\npassword_env = \"KIOSK_TEST_KANNEL_PW\"\nfrom = \"HotelAurora\"\n";

#[test]
fn hash_pin_runs_on_the_shipped_file_half_way_out_of_demo_mode_and_check_config_takes_its_hash() {
    // Issue 13's state: demo off, a pepper set, the demo staff entry and outbox still in place,
    // no gateway secret anywhere yet.
    let half = shipped_live().replace(
        "[security]\n",
        "[security]\npin_pepper_file = \"pin-pepper\"\n",
    );
    let (dir, path) = config_with(&half);
    // What IT ends with: a kannel in place of the outbox, the hotel's own name, logo and QR
    // codes (the live fixture's), and the pepper in a 0600 file.
    let done = live::live_toml(&shipped(), dir.path(), KANNEL, None);
    let out = hash_pin(&path, "135790\n", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stderr(&out), "", "a 0600 pepper file: no warning");
    let hash = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    assert!(
        hash.starts_with("$argon2id$v=19$") && hash.contains(",keyid="),
        "{hash}"
    );
    let pepper = secrecy::SecretString::from(live::PEPPER);
    assert!(lobby_kiosk::pin::verify_pin("135790", &hash, &pepper));

    // The half-way file is still refused, but no longer for its staff entry.
    std::fs::write(&path, half.replace(&shipped_pin_hash(&half), &hash)).unwrap();
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!stderr(&out).contains("staff[0]"), "{}", stderr(&out));

    // Finished: check-config says OK; what may stay is warned about with its place.
    let done = done.replace(live::PIN_HASH, &hash);
    std::fs::write(&path, &done).unwrap();
    let out = kiosk(
        &["--config", path.to_str().unwrap(), "check-config"],
        SECRETS,
    );
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(0), "{err}");
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap()
            .contains(": OK, with"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    has_line(
        &err,
        &path,
        pos(&done, "\"https://pms.example/kiosk-api\"", 0),
        "warning: upstream.url: pms.example is a reserved example domain",
    );
    has_line(
        &err,
        &path,
        pos(&done, "\"Demo Desk\"", 0),
        "warning: staff[0].name: \"Demo Desk\" is the demo's staff name",
    );
}

#[test]
fn hash_pin_reports_pepper_problems_at_their_place_and_ignores_the_rest() {
    let half = shipped_live();
    let (dir, path) = config_with(&half);
    let pepper_file = dir.path().join("pin-pepper");

    // No pepper outside demo mode: hashes would be useless without one.
    let out = hash_pin(&path, "135790\n", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    has_line(
        &stderr(&out),
        &path,
        (pos(&half, "\n[security]\n", 0).0 + 1, 1),
        "security: no PIN pepper",
    );

    // A weak pepper, at its key.
    let with_file = half.replace(
        "[security]\n",
        "[security]\npin_pepper_file = \"pin-pepper\"\n",
    );
    std::fs::write(&path, &with_file).unwrap();
    write_mode(&pepper_file, "short", 0o600);
    let out = hash_pin(&path, "135790\n", &[]);
    assert_eq!(out.status.code(), Some(2));
    has_line(
        &stderr(&out),
        &path,
        pos(&with_file, "\"pin-pepper\"", 0),
        "security.pin_pepper_file: the PIN pepper is too short (5 bytes)",
    );

    // Other tables are not hash-pin's business; TOML syntax is.
    write_mode(&pepper_file, live::PEPPER, 0o600);
    let other = with_file.replace("length = 6 ", "length = \"six\" ");
    assert_ne!(other, with_file);
    std::fs::write(&path, &other).unwrap();
    let out = hash_pin(&path, "135790\n", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let broken = with_file.replace("id = \"lobby-1\"", "id = \"lobby-1");
    std::fs::write(&path, &broken).unwrap();
    let out = hash_pin(&path, "135790\n", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains(&format!(
            "{}:{}:",
            path.display(),
            pos(&broken, "id = ", 0).0
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_kannel_url_with_a_query_is_refused_naming_the_keys_for_its_parameters() {
    let text = LIVE.replace(
        "url = \"http://127.0.0.1:13013\"",
        "url = \"http://127.0.0.1:13013/cgi-bin/sendsms?username=other&password=s3cret&smsc=x\"",
    );
    assert_error_at(&text, 13, 7, "gateway[0].url: has a query string", SECRETS);
    let (code, _, err, _) = check(&text);
    assert_eq!(code, Some(2));
    for needle in [
        "username: set username in this [[gateway]]",
        "password: set password_env or password_file",
        "smsc: route in kannel.conf's sendsms-user group",
    ] {
        assert!(err.contains(needle), "{needle}: {err}");
    }
    assert!(!err.contains("s3cret"), "values are never echoed: {err}");
    // Nor by the plain-http refusal of the same URL off loopback.
    let (code, _, err, _) = check(&LIVE.replace(
        "url = \"http://127.0.0.1:13013\"",
        "url = \"http://kiosk:s3cret@10.0.0.6:13013/cgi-bin/sendsms?password=s3cret\"",
    ));
    assert_eq!(code, Some(2));
    assert!(
        err.contains("\"http://10.0.0.6:13013/cgi-bin/sendsms?…\" is plain http://"),
        "{err}"
    );
    assert!(err.contains("carries a user name or password"), "{err}");
    assert!(!err.contains("s3cret"), "values are never echoed: {err}");
    // The full sendsms URL without a query is fine.
    let (code, _, err, _) = check(&LIVE.replace(
        "http://127.0.0.1:13013\"",
        "http://127.0.0.1:13013/cgi-bin/sendsms\"",
    ));
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn the_other_base_urls_take_no_query_fragment_or_credentials() {
    // After LIVE (line 24 on).
    let cases = [
        (
            format!("[[gateway]]\nname = \"t\"\nkind = \"twilio\"\naccount_sid = \"{SID}\"\nauth_token_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"+351910000000\"\nbase_url = \"https://api.twilio.com?To=x\"\n"),
            (30, 12),
            "gateway[1].base_url: has a query string (To)",
        ),
        (
            "[[gateway]]\nname = \"v\"\nkind = \"vonage\"\napi_key = \"k\"\napi_secret_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"Hotel\"\nbase_url = \"https://key:secret@rest.nexmo.com\"\n".to_owned(),
            (30, 12),
            "gateway[1].base_url: carries a user name or password",
        ),
        (
            "[[gateway]]\nname = \"h\"\nkind = \"http\"\nbody = \"{to} {text}\"\nurl = \"https://sms.aggregator.pt/send#x\"\n".to_owned(),
            (28, 7),
            "gateway[1].url: has a #fragment",
        ),
        (
            "[upstream]\nenabled = true\ntoken_env = \"KIOSK_TEST_UPSTREAM_TOKEN\"\nurl = \"https://pms.hotel.pt/api?kiosk=1\"\n".to_owned(),
            (27, 7),
            "upstream.url: has a query string (kiosk)",
        ),
    ];
    for (table, (line, col), needle) in cases {
        assert_error_at(&format!("{LIVE}\n{table}"), line, col, needle, SECRETS);
    }
    // The http gateway's own query template is its business: {to} and {text} are encoded.
    let (code, _, err, _) = check(&format!(
        "{LIVE}\n[[gateway]]\nname = \"h\"\nkind = \"http\"\nbody = \"{{text}}\"\nurl = \"https://sms.aggregator.pt/send?to={{to}}&text={{text}}\"\n"
    ));
    assert_eq!(code, Some(0), "{err}");
}

#[test]
fn every_demo_placeholder_in_the_shipped_file_is_refused_outside_demo_mode() {
    let text = shipped_live();
    let (_dir, path) = config_with(&text);
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], &[]);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for (needle, nth, message) in [
        (
            "property = \"Hotel Demo\"",
            0,
            "kiosk.property: \"Hotel Demo\" is the demo's property name",
        ),
        (
            "kind = \"outbox\"",
            0,
            "gateway[0].kind: the outbox gateway only stands in",
        ),
        (
            "pin_hash = \"$argon2id$",
            0,
            "staff[0].pin_hash: this is the demo staff PIN",
        ),
        (
            "payload = \"WIFI:T:WPA;S:HotelDemo-Guest",
            0,
            "success.qr[0].payload: is the demo's Wi-Fi code",
        ),
        (
            "payload = \"https://key.example/",
            0,
            "success.qr[1].payload: points at key.example, a reserved example domain",
        ),
        (
            "logo = \"assets/branding/logo.png\"",
            0,
            "branding.logo: this is the demo logo",
        ),
    ] {
        has_line(&err, &path, value_pos(&text, needle, nth), message);
    }
    has_line(
        &err,
        &path,
        (pos(&text, "\n[security]\n", 0).0 + 1, 1),
        "security: no PIN pepper",
    );
    // An enabled upstream on the placeholder host is refused (switched off, it is a warning).
    let enabled = text.replace(
        "enabled = false\nurl = \"https://pms",
        "enabled = true\nurl = \"https://pms",
    );
    assert_ne!(enabled, text);
    std::fs::write(&path, &enabled).unwrap();
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], &[]);
    has_line(
        &stderr(&out),
        &path,
        pos(&enabled, "\"https://pms.example/kiosk-api\"", 0),
        "upstream.url: pms.example is a reserved example domain that never resolves",
    );
}

#[test]
fn the_shipped_example_gateways_are_placeholders_too() {
    // Uncomment the example [[gateway]] blocks, as IT would start from them.
    let text = shipped_live();
    let start = text
        .find("# [[gateway]]\n# name = \"kannel-local\"")
        .unwrap();
    let end = text.find("\n[upstream]").unwrap() + 1;
    let examples: String = text[start..end]
        .lines()
        .map(|l| {
            let l = l.strip_prefix("# ").unwrap_or(l);
            if l == "#" { "" } else { l }
        })
        .map(|l| format!("{l}\n"))
        .collect();
    let text = format!("{}{examples}{}", &text[..start], &text[end..]);
    let (_dir, path) = config_with(&text);
    let env = [
        ("KIOSK_KANNEL_PASSWORD", "pw"),
        ("KIOSK_TWILIO_TOKEN", "t"),
        ("KIOSK_VONAGE_SECRET", "s"),
        ("KIOSK_SMS_TOKEN", "t"),
    ];
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], &env);
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    for (needle, nth, message) in [
        (
            "from = \"HotelDemo\"",
            0,
            "gateway[1].from: \"HotelDemo\" is the demo's sender name",
        ),
        (
            "account_sid = \"ACxxxx",
            0,
            "is not a Twilio Account SID: AC and 32 hex digits",
        ),
        (
            "api_key = \"abcd1234\"",
            0,
            "gateway[3].api_key: is the example api_key",
        ),
        (
            "from = \"HotelDemo\"",
            1,
            "gateway[3].from: \"HotelDemo\" is the demo's sender name",
        ),
        (
            "url = \"https://sms.example/",
            0,
            "gateway[4].url: sms.example is a reserved example domain",
        ),
    ] {
        has_line(&err, &path, value_pos(&text, needle, nth), message);
    }
    assert!(
        !err.contains("gateway[2].from"),
        "the example Twilio number is well-formed: {err}"
    );
}

#[test]
fn a_pin_hashed_with_another_pepper_is_refused_naming_the_staff_member() {
    let other: Vec<(&str, &str)> = SECRETS
        .iter()
        .map(|&(k, v)| {
            if k == "KIOSK_TEST_PIN_PEPPER" {
                (k, "another-pepper-of-enough-length")
            } else {
                (k, v)
            }
        })
        .collect();
    assert_error_at(
        LIVE,
        22,
        12,
        "staff[0].pin_hash: staff \"Ana\": hashed with a different pepper than [security] gives",
        &other,
    );
    let (_dir, path) = config_with(LIVE);
    let out = kiosk(
        &["--config", path.to_str().unwrap(), "check-config"],
        &other,
    );
    let err = stderr(&out);
    assert!(
        err.contains("changing the pepper invalidates every PIN: rehash it with `kiosk hash-pin`"),
        "{err}"
    );

    // A hash from before hashes recorded their pepper: accepted, with a warning to rehash.
    let old = LIVE.replace(
        live::PIN_HASH,
        "$argon2id$v=19$m=19456,t=2,p=1$a+ZoTdeTCQMu7mNaR2c/8g$5i36keeJKPOQgvXoptA8ZPF2OXfrwmtUF9CJ7RD9Ygo",
    );
    let (code, _, err, path) = check(&old);
    assert_eq!(code, Some(0), "{err}");
    has_line(
        &err,
        &path,
        (22, 12),
        "warning: staff[0].pin_hash: staff \"Ana\": this hash does not record which pepper made it",
    );
}

#[test]
fn weak_and_demo_peppers_are_refused() {
    for (pepper, needle) in [
        (
            "x",
            "the PIN pepper is too short (1 bytes); use at least 16",
        ),
        ("0123456789abcde", "the PIN pepper is too short (15 bytes)"),
        (
            "abababababababababab",
            "the PIN pepper has only 2 different characters",
        ),
        (
            lobby_kiosk::config::DEMO_PIN_PEPPER,
            "this is the demo pepper, published with lobby-kiosk's source",
        ),
    ] {
        let env: Vec<(&str, &str)> = SECRETS
            .iter()
            .map(|&(k, v)| {
                (
                    k,
                    if k == "KIOSK_TEST_PIN_PEPPER" {
                        pepper
                    } else {
                        v
                    },
                )
            })
            .collect();
        assert_error_at(
            LIVE,
            18,
            18,
            &format!("security.pin_pepper_env: {needle}"),
            &env,
        );
    }
}

#[test]
fn twilio_senders_and_sids_are_checked() {
    let twilio = |sid: &str, sender: &str| {
        format!(
            "{LIVE}\n[[gateway]]\nname = \"t\"\nkind = \"twilio\"\naccount_sid = \"{sid}\"\nauth_token_env = \"KIOSK_TEST_SMS_SECRET\"\n{sender}\n"
        )
    };
    // Line 27 is account_sid, 29 the sender.
    for (sender, needle) in [
        (
            "from = \"351910000000\"",
            "gateway[1].from: \"351910000000\" lacks the + and country code",
        ),
        (
            "from = \"+35191\"",
            "gateway[1].from: \"+35191\" is not a valid phone number in E.164 form",
        ),
        (
            "from = \"Hotel Aurora PT\"",
            "gateway[1].from: \"Hotel Aurora PT\" is 15 characters; an alphanumeric sender has at most 11",
        ),
        (
            "messaging_service_sid = \"MG123\"",
            "gateway[1].messaging_service_sid: \"MG123\" is not a Messaging Service SID",
        ),
    ] {
        let col = sender.find('"').unwrap() + 1;
        assert_error_at(&twilio(SID, sender), 29, col, needle, SECRETS);
    }
    assert_error_at(
        &twilio("AC123", "from = \"+351910000000\""),
        27,
        15,
        "gateway[1].account_sid: \"AC123\" is not a Twilio Account SID",
        SECRETS,
    );
    for sender in [
        "from = \"+351910000000\"",
        "from = \"HotelAurora\"",
        "messaging_service_sid = \"MG0123456789abcdef0123456789abcdef\"",
    ] {
        let (code, _, err, _) = check(&twilio(SID, sender));
        assert_eq!(code, Some(0), "{sender}: {err}");
    }
}

#[test]
fn kannel_and_vonage_senders_fit_an_sms_originator() {
    let kannel = |from: &str| {
        LIVE.replace(
            "password_env = \"KIOSK_TEST_KANNEL_PW\"\n",
            &format!("password_env = \"KIOSK_TEST_KANNEL_PW\"\nfrom = \"{from}\"\n"),
        )
    };
    // Line 16 is the kannel gateway's from.
    for (from, needle) in [
        (
            "GrandHotelAuroraPT",
            "gateway[0].from: \"GrandHotelAuroraPT\" is 18 characters; an alphanumeric sender has at most 11",
        ),
        (
            "1234567890123456",
            "gateway[0].from: \"1234567890123456\" has 16 digits; a numeric sender has at most 15",
        ),
        (
            "Hotel_Aur",
            "is neither a phone number nor an alphanumeric sender",
        ),
    ] {
        assert_error_at(&kannel(from), 16, 8, needle, SECRETS);
    }
    for from in ["HotelAurora", "+351910000000", "4412345"] {
        let (code, _, err, _) = check(&kannel(from));
        assert_eq!(code, Some(0), "{from}: {err}");
    }
    let vonage = format!(
        "{LIVE}\n[[gateway]]\nname = \"v\"\nkind = \"vonage\"\napi_key = \"k\"\napi_secret_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"GrandHotelAuroraPT\"\n"
    );
    assert_error_at(
        &vonage,
        29,
        8,
        "gateway[1].from: \"GrandHotelAuroraPT\" is 18 characters",
        SECRETS,
    );
}

#[test]
fn a_logo_must_be_a_png_or_jpeg_inside_not_only_by_name() {
    let text = format!("{LIVE}\n[branding]\nlogo = \"fake.png\"\n");
    let (dir, path) = config_with(&text);
    std::fs::write(dir.path().join("fake.png"), "this is a text file\n").unwrap();
    let out = kiosk(
        &["--config", path.to_str().unwrap(), "check-config"],
        SECRETS,
    );
    assert_eq!(out.status.code(), Some(2));
    has_line(&stderr(&out), &path, (25, 8), "branding.logo: ");
    assert!(
        stderr(&out).contains("fake.png is not a PNG or JPEG image"),
        "{}",
        stderr(&out)
    );
    // A PNG that is cut short is no image either.
    let png = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/branding/logo.png"))
        .unwrap();
    std::fs::write(dir.path().join("fake.png"), &png[..200]).unwrap();
    let out = kiosk(
        &["--config", path.to_str().unwrap(), "check-config"],
        SECRETS,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("fake.png cannot be read as an image"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn success_texts_missing_an_offered_language_are_warned_about_by_name() {
    let text = LIVE.replace(
        "country = \"PT\"\n",
        "country = \"PT\"\nlanguages = [\"en\", \"pt\", \"ja\"]\n",
    ) + "\n[success]\nkey_pickup = { en = \"At the desk.\", pt = \"Na receção.\" }\n\n[[success.qr]]\nlabel = { en = \"Wi-Fi\" }\npayload = \"WIFI:T:WPA;S:Aurora;P:aurora-guests-2026;;\"\n";
    let (code, _, err, path) = check(&text);
    assert_eq!(code, Some(0), "{err}");
    has_line(
        &err,
        &path,
        (26, 14),
        "warning: success.key_pickup: has no text for ja (offered in [kiosk] languages)",
    );
    has_line(
        &err,
        &path,
        (29, 9),
        "warning: success.qr[0].label: has no text for pt, ja",
    );
}

#[test]
fn outside_demo_mode_someone_must_be_able_to_unlock() {
    let end = LIVE.find("\n[security]").unwrap();
    assert_error_at(
        &LIVE[..=end],
        1,
        1,
        "staff: no [[staff]] configured, so nobody could unlock a reservation",
        SECRETS,
    );
    let (_, _, err, _) = check(&LIVE[..=end]);
    assert!(err.contains("`kiosk hash-pin`"), "{err}");
}

#[test]
fn secret_files_others_can_read_are_warned_about_and_ones_they_can_change_refused() {
    let text = LIVE.replace(
        "password_env = \"KIOSK_TEST_KANNEL_PW\"",
        "password_file = \"kannel.secret\"",
    );
    let run = |mode: u32| {
        let (dir, path) = config_with(&text);
        write_mode(&dir.path().join("kannel.secret"), "pw\n", mode);
        let out = kiosk(
            &["--config", path.to_str().unwrap(), "check-config"],
            SECRETS,
        );
        (out.status.code(), stderr(&out), path)
    };
    let (code, err, _) = run(0o600);
    assert_eq!((code, err.as_str()), (Some(0), ""));
    let (code, err, path) = run(0o644);
    assert_eq!(code, Some(0), "{err}");
    has_line(
        &err,
        &path,
        (15, 17),
        "warning: gateway[0].password_file: secret file",
    );
    assert!(
        err.contains("can be read by other users (mode 644); run `chmod 600"),
        "{err}"
    );
    let (code, err, path) = run(0o664);
    assert_eq!(code, Some(2), "{err}");
    has_line(
        &err,
        &path,
        (15, 17),
        "gateway[0].password_file: secret file",
    );
    assert!(
        err.contains("can be changed by other users (mode 664)"),
        "{err}"
    );
}

#[test]
fn a_duplicate_key_and_a_type_error_name_their_key() {
    assert_error_at(
        &format!("{BASE}\n[otp]\nlength = 6\nlength = 7\n"),
        17,
        1,
        "otp.length: the key `length` is set twice",
        &[],
    );
    assert_error_at(
        &format!("{BASE}\n[otp]\n\n[otp]\n"),
        17,
        2,
        "the table [otp] is defined twice",
        &[],
    );
    assert_error_at(
        &BASE.replace(
            "country = \"PT\"\n",
            "country = \"PT\"\nfullscreen = \"yes\"\n",
        ),
        6,
        14,
        "kiosk.fullscreen: expected true or false, found the string \"yes\"",
        &[],
    );
    assert_error_at(
        &BASE.replace(
            "country = \"PT\"\n",
            "country = \"PT\"\nlanguages = \"en\"\n",
        ),
        6,
        13,
        "kiosk.languages: expected a list in brackets",
        &[],
    );
}

#[test]
fn a_property_too_long_for_sms_asks_for_an_sms_name() {
    let long = BASE.replace(
        "property = \"Hotel Test\"",
        "property = \"Grand Hotel Aurora Lisboa\"",
    );
    assert_error_at(&long, 3, 12, "set [kiosk] sms_name", &[]);
    assert_error_at(
        &long.replace(
            "country = \"PT\"",
            "country = \"PT\"\nsms_name = \"Grand Hotel Aurora Lis\"",
        ),
        6,
        12,
        "kiosk.sms_name: is 22 characters",
        &[],
    );
    let (_dir, path) = config_with(&long.replace(
        "country = \"PT\"",
        "country = \"PT\"\nsms_name = \"Hotel Aurora\"",
    ));
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn text_the_bundled_fonts_cannot_draw_is_refused_at_the_character() {
    // BASE is 13 lines; 𠮷 (U+20BB7) is outside JIS X 0208, 醤 (level 2) is inside it.
    let text = format!(
        "{BASE}\n[success]\nkey_pickup = {{ ja = \"醤油蔵の隣、フロントで\u{20BB7}野がお渡しします\" }}\n"
    );
    assert_error_at(
        &text,
        16,
        33,
        "success.key_pickup.ja: the ja text has \"\u{20BB7}\" (U+20BB7), which none of the bundled fonts can draw",
        &[],
    );
    let (_dir, path) = config_with(&text.replace('\u{20BB7}', "吉"));
    let out = kiosk(&["--config", path.to_str().unwrap(), "check-config"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
}

#[test]
fn a_secret_pasted_where_a_variable_name_belongs_is_refused_and_never_echoed() {
    let pasted = LIVE.replace(
        "pin_pepper_env = \"KIOSK_TEST_PIN_PEPPER\"",
        "pin_pepper_env = \"q8L+3kZ/Wx9pTq2Ls0vN=\"",
    );
    assert_error_at(
        &pasted,
        18,
        18,
        "security.pin_pepper_env: is not an environment variable name",
        SECRETS,
    );
    let (_, _, err, _) = check(&pasted);
    assert!(!err.contains("q8L+3kZ"), "the value is never echoed: {err}");
}

#[test]
fn a_secret_file_that_is_a_device_or_too_big_is_refused() {
    let text = LIVE.replace(
        "password_env = \"KIOSK_TEST_KANNEL_PW\"",
        "password_file = \"/dev/zero\"",
    );
    let (code, _, err, _) = check(&text);
    assert_eq!(code, Some(2));
    assert!(err.contains("it is not a regular file"), "{err}");
    let text = LIVE.replace(
        "password_env = \"KIOSK_TEST_KANNEL_PW\"",
        "password_file = \"big.secret\"",
    );
    let (dir, path) = config_with(&text);
    write_mode(&dir.path().join("big.secret"), &"x".repeat(70_000), 0o600);
    let out = kiosk(
        &["--config", path.to_str().unwrap(), "check-config"],
        SECRETS,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("a secret file holds only the secret"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_summary_never_shows_credentials_in_a_url() {
    let text = format!(
        "{LIVE}\n[[gateway]]\nname = \"h\"\nkind = \"http\"\nbody = \"{{text}}\"\nurl = \"https://user:S3cretPw@sms.aggregator.pt/send?apikey=TOPSECRET&to={{to}}\"\n"
    );
    let (code, out, err, _) = check(&text);
    assert_eq!(code, Some(0), "{err}");
    assert!(out.contains("sms.aggregator.pt/send?…"), "{out}");
    for secret in ["S3cretPw", "TOPSECRET"] {
        assert!(!out.contains(secret) && !err.contains(secret), "{out}{err}");
    }
}

#[test]
fn a_metrics_address_that_is_not_one_points_at_its_line() {
    assert_error_at(
        &format!("{BASE}\n[metrics]\nenabled = true\nlisten = \"localhost\"\n"),
        17,
        10,
        "metrics.listen: \"localhost\" is not an address and port",
        &[],
    );
}
