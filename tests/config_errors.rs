//! Hotel IT gets `PATH:LINE:COLUMN: what and what is allowed` and exit status 2 for every
//! configuration mistake; the shipped kiosk.toml passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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
        "invalid type",
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
