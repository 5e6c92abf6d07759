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

/// Outside demo mode, with every key a reviewer would want: no warnings. Line 10 is
/// [[gateway]], line 13 its url.
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
"#;

const SECRETS: &[(&str, &str)] = &[
    ("KIOSK_TEST_KANNEL_PW", "pw"),
    ("KIOSK_TEST_SMS_SECRET", "s"),
    ("KIOSK_TEST_UPSTREAM_TOKEN", "t"),
];

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
        "kind = \"twilio\"\naccount_sid = \"AC1\"\nauth_token_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"+351900000000\"",
        "kind = \"vonage\"\napi_key = \"k\"\napi_secret_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"Hotel\"",
        "kind = \"http\"\nurl = \"https://sms.example/send\"\nbody = \"{to} {text}\"",
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
            "url = \"http://sms.example:13013\"",
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
    // Each provider and the upstream, after LIVE (line 17 on): SCHEME://HOST filled in.
    let more = [
        (
            "[[gateway]]\nname = \"t\"\nkind = \"twilio\"\naccount_sid = \"AC1\"\nauth_token_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"+351900000000\"\nbase_url = \"URL\"\n",
            "gateway[1].base_url",
            (23, 12),
        ),
        (
            "[[gateway]]\nname = \"v\"\nkind = \"vonage\"\napi_key = \"k\"\napi_secret_env = \"KIOSK_TEST_SMS_SECRET\"\nfrom = \"Hotel\"\nbase_url = \"URL\"\n",
            "gateway[1].base_url",
            (23, 12),
        ),
        (
            "[[gateway]]\nname = \"h\"\nkind = \"http\"\nbody = \"{to} {text}\"\nurl = \"URL/send\"\n",
            "gateway[1].url",
            (21, 7),
        ),
        (
            "[upstream]\nenabled = true\ntoken_env = \"KIOSK_TEST_UPSTREAM_TOKEN\"\nurl = \"URL\"\n",
            "upstream.url",
            (20, 7),
        ),
    ];
    for (table, key, (line, col)) in more {
        let with = |url: &str| format!("{LIVE}\n{}", table.replace("URL", url));
        assert_error_at(
            &with("http://sms.example"),
            line,
            col,
            &format!("{key}: \"http://sms.example"),
            SECRETS,
        );
        for url in [
            "https://sms.example",
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
