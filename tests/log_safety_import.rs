//! No PIN, token or full phone number reaches a log from import, lookup, staff PIN hashing or
//! the journal; tests/log_safety.rs covers the verification flows.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::io::Write;
use std::sync::{Arc, Mutex};

use jiff::Timestamp;
use lobby_kiosk::store::{EventKind, Store};

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every written form of a phone number a careless log line could contain.
fn phone_forms(e164: &str, national: &str) -> Vec<String> {
    let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
    vec![
        e164.to_owned(),
        national.to_owned(),
        national.replace(' ', ""),
        digits,
    ]
}

#[test]
fn foundation_flows_log_no_secrets() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let dir = tempfile::tempdir().unwrap();
    let token = "dk-secret-token-93f1";
    let pin = "739104";
    let csv = dir.path().join("r.csv");
    std::fs::write(
        &csv,
        format!(
            "confirmation,last_name,first_name,arrival,departure,phone,status,room,token\n\
             QQ1,Lee,Kim,2026-11-25,2026-11-26,07400 123958,confirmed,101,{token}\n"
        ),
    )
    .unwrap();
    let mut store = Store::open(&dir.path().join("k.db")).unwrap();
    let now = Timestamp::now();
    lobby_kiosk::import::import_file(&mut store, &csv, "GB", now).unwrap();
    let found = store.find_by_confirmation("QQ1", "LEE").unwrap().unwrap();
    tracing::info!(reservation = ?found, "found");
    let phone = lobby_kiosk::phone::Phone::parse("07400 123958", "GB").unwrap();
    tracing::info!(%phone, ?phone, "phone");
    let pepper = secrecy::SecretString::from("pepper");
    let hash = lobby_kiosk::pin::hash_pin(pin, &pepper).unwrap();
    tracing::trace!(?pepper, "pepper");
    assert!(lobby_kiosk::pin::verify_pin(pin, &hash, &pepper));
    store
        .journal_append(
            now,
            EventKind::CheckedIn,
            Some("QQ1"),
            serde_json::json!({"room": "101"}),
        )
        .unwrap();

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("reservations imported"),
        "the capture works: {logs}"
    );
    assert!(
        logs.contains("+44 ••• ••• •958"),
        "masked form is what shows"
    );
    let mut secrets = phone_forms("+447400123958", "07400 123958");
    secrets.push(token.to_owned());
    secrets.push(pin.to_owned());
    secrets.push("pepper\"".to_owned());
    for secret in secrets {
        assert!(!logs.contains(&secret), "log leaks {secret}:\n{logs}");
    }
}
