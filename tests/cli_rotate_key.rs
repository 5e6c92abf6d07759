//! `kiosk rotate-otp-key` as IT runs it: refused while the kiosk runs, audited, the old key
//! kept for older backups.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::process::{Command, Output};

mod support;

fn rotate(kiosk: &support::demo::DemoKiosk, by: &str, reason: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("--config")
        .arg(kiosk.dir.path().join("kiosk.toml"))
        .args(["rotate-otp-key", "--by", by, "--reason", reason])
        .env_remove("KIOSK_CONFIG")
        .output()
        .unwrap()
}

#[test]
fn rotate_otp_key_is_refused_while_the_kiosk_runs_and_audited_when_it_is_stopped() {
    let kiosk = support::demo::DemoKiosk::new();
    let key_file = kiosk.config.store.key_file.clone();
    let before = std::fs::read_to_string(&key_file).unwrap();

    let running = lobby_kiosk::sync::Lease::acquire(&kiosk.config.store.path).unwrap();
    let out = rotate(&kiosk, "Ana (IT)", "drill");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stop it"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), before);
    drop(running);
    // A kiosk without sync holds no lease, but has the database open.
    let open = lobby_kiosk::store::Store::open_config(&kiosk.config.store).unwrap();
    let out = rotate(&kiosk, "Ana (IT)", "drill");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("stop it first"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&key_file).unwrap(), before);
    drop(open);

    let out = rotate(&kiosk, "Ana (IT)", " ");
    assert_eq!(out.status.code(), Some(2), "a reason is required");

    let out = rotate(&kiosk, "Ana (IT)", "drill");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_ne!(std::fs::read_to_string(&key_file).unwrap(), before);
    assert!(stdout.contains(".retired-"), "{stdout}");
    // Reading the journal opens the database with the new key.
    assert!(kiosk.kinds().iter().any(|k| k == "install_key_rotated"));
}
