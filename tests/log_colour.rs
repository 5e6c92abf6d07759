//! Log lines on a redirected stderr (a file, a pipe, journald) carry no ANSI colour codes.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::process::Command;

mod support;

#[test]
fn redirected_stderr_gets_plain_log_lines() {
    let kiosk = support::demo::DemoKiosk::new();
    let out = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("--config")
        .arg(kiosk.dir.path().join("kiosk.toml"))
        .args(["send-test-sms", "--to", "+447400123958"])
        .env_remove("KIOSK_CONFIG")
        .env_remove("NO_COLOR")
        .env("RUST_LOG", "info")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("SMS accepted by gateway"),
        "the send is logged on stderr:\n{stderr}"
    );
    assert!(
        !stderr.contains('\u{1b}'),
        "no escape codes on a redirected stderr:\n{stderr:?}"
    );
}
