//! Runs every flow under a trace-level subscriber and checks that no log line carries a code,
//! a PIN, a token or a phone number in any written form, that the kiosk's own lines name no
//! whole booking number, and that the GUI and HTTP libraries stay at info. Its own test binary with a global subscriber: tracing caches
//! callsite interest process-wide, so a thread-local subscriber in a binary whose other tests
//! run in parallel may miss events.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[allow(dead_code)]
#[path = "verification/common.rs"]
mod common;

use std::io::Write;
use std::sync::{Arc, Mutex};

use tracing_subscriber::layer::SubscriberExt;

use lobby_kiosk::checkin::{self, Completion};
use lobby_kiosk::config::{OtpPolicy, SecondFactor};
use lobby_kiosk::lookup::{LookupOutcome, Query};
use lobby_kiosk::otp::{Purpose, SecondFactorOutcome, VerifyOutcome};
use lobby_kiosk::staff::{self, DocumentType};

use common::*;

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

#[test]
fn no_log_line_contains_a_code_pin_token_or_phone_number() {
    let capture = Capture::default();
    let writer = capture.clone();
    // The kiosk's own filter at trace, with a RUST_LOG that tries to lift the libraries' cap.
    // SAFETY: this binary's only test, before any thread reads the environment.
    unsafe { std::env::set_var("RUST_LOG", "trace,cosmic_text::buffer=trace,hyper=trace") };
    let subscriber = tracing_subscriber::registry()
        .with(lobby_kiosk::logging::filter("trace"))
        .with(
            tracing_subscriber::fmt::layer()
                .with_ansi(false)
                // Wall-clock timestamps are digit runs that could match a code by chance.
                .without_time()
                .with_writer(move || writer.clone()),
        );
    // 8-digit codes: a 6-digit code could appear by chance inside a logged UUID (≈1e-4).
    let policy = OtpPolicy {
        length: 8,
        second_factor: SecondFactor::Postcode,
        ..OtpPolicy::default()
    };
    let mut codes: Vec<String> = Vec::new();
    tracing::subscriber::set_global_default(subscriber).unwrap();
    // The GUI and HTTP libraries stay at info: the text shaper would log every line the
    // screen lays out (a typed booking number, a guest's name).
    tracing::trace!(target: "cosmic_text::buffer", "shaping 'ABC123|'");
    tracing::debug!(target: "iced_graphics::text", "Welcome, Ana!");
    tracing::trace!(target: "hyper::proto", "encoding request");
    tracing::info!(target: "iced_winit", "window opened");
    {
        let mut env = Env::with(policy, Default::default());
        // Lookups of every kind, hits and misses.
        env.lookup(Query::Confirmation {
            confirmation: "ABC123",
            last_name: "Nope",
        });
        env.lookup(Query::Name {
            last_name: "Lee",
            first_name: "Kim",
        });
        env.lookup(Query::Scan("ZZZ"));
        let found = env.find("ABC123", "Lee");
        tracing::trace!(?found, "found");
        let r = found.reservation;
        // Issue, failover, wrong and right code, resend, check-in.
        let issued = env.issue(&r, Purpose::CheckIn);
        tracing::trace!(?issued, phone = %issued.phone, "issued");
        codes.push(issued.code.to_string());
        let now = env.now();
        env.engine
            .record_send_failed(
                &mut env.store,
                now,
                &issued.challenge,
                "kannel",
                "timeout",
                None,
            )
            .unwrap();
        env.engine
            .record_send_accepted(
                &mut env.store,
                now,
                &issued.challenge,
                "twilio",
                Some("SM1"),
            )
            .unwrap();
        env.engine
            .verify(
                &mut env.store,
                now,
                &issued.challenge,
                &wrong_code(&issued.code, 3),
            )
            .unwrap();
        env.advance(30);
        let now = env.now();
        let again = env
            .engine
            .resend(&mut env.store, now, &issued.challenge)
            .unwrap();
        codes.push(again.code.to_string());
        let v = match env
            .engine
            .verify(&mut env.store, now, &again.challenge, &again.code)
            .unwrap()
        {
            VerifyOutcome::Verified(v) => v,
            other => panic!("{other:?}"),
        };
        let today = env.today();
        tracing::trace!(?v, "verified");
        let _ = checkin::complete(&mut env.store, now, today, v).unwrap();
        let res = env.store.reservation("ABC123").unwrap().unwrap();
        tracing::trace!(?res, "reservation");
        // Second factor, wrong then right.
        let r = env.reference("SF0001", "Wright");
        let issued = env.issue(&r, Purpose::CheckIn);
        codes.push(issued.code.to_string());
        let VerifyOutcome::SecondFactor(p) = env
            .engine
            .verify(&mut env.store, now, &issued.challenge, &issued.code)
            .unwrap()
        else {
            panic!()
        };
        let SecondFactorOutcome::Wrong { prompt, .. } = env
            .engine
            .answer_second_factor(&mut env.store, now, p, "E1 6AN")
            .unwrap()
        else {
            panic!()
        };
        assert!(matches!(
            env.engine
                .answer_second_factor(&mut env.store, now, prompt, POSTCODE)
                .unwrap(),
            SecondFactorOutcome::Verified(_)
        ));
        // Ten wrong codes over two requests: the lock is logged.
        let haddad = env.reference("NORM01", "Haddad");
        codes.extend(ten_wrong_codes(&mut env, &haddad).1);
        let now = env.now();
        // Errors are displayed and logged too.
        let land = env.reference("LAND01", "Ito");
        let err = env
            .engine
            .issue_code(&mut env.store, now, &land, Purpose::CheckIn)
            .unwrap_err();
        tracing::error!(%err, ?err, "issue refused");
        // Staff: wrong and right PINs, ID check, phone change, email change.
        let dir = directory();
        staff::login(
            &mut env.store,
            now,
            &dir,
            OTHER_PIN.chars().rev().collect::<String>().as_str(),
        )
        .unwrap();
        let staff::LoginOutcome::LoggedIn(s) =
            staff::login(&mut env.store, now, &dir, PIN).unwrap()
        else {
            panic!()
        };
        let check = staff::verify_by_id(
            &mut env.store,
            now,
            &s,
            "INH001",
            DocumentType::Passport,
            "lost phone",
        )
        .unwrap();
        let phone = staff::change_phone(
            &mut env.store,
            now,
            &check,
            "07400 555666",
            "GB",
            "new number",
        )
        .unwrap();
        tracing::trace!(?phone, "changed");
        let Completion::IdentityVerified { email, .. } = checkin::complete(
            &mut env.store,
            now,
            today,
            check.into_verified(Purpose::VerifyIdentity),
        )
        .unwrap() else {
            panic!()
        };
        checkin::update_email(&mut env.store, now, email, "jan@example.net").unwrap();
        assert!(matches!(
            env.lookup(Query::Scan("INH001/tok-SECRET-0001")),
            LookupOutcome::Found(_)
        ));
    }
    let log = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(log.lines().count() > 20, "the flows logged: {log}");
    assert!(log.contains("window opened"), "{log}");
    for hidden in ["shaping", "Welcome, Ana!", "encoding request"] {
        assert!(!log.contains(hidden), "{hidden} logged: {log}");
    }
    let mut forbidden: Vec<String> = codes;
    forbidden.extend([PIN, OTHER_PIN, "tok-SECRET-0001"].map(String::from));
    for (e164, national) in [
        ("+447400123958", "07400 123958"),
        ("+447400555666", "07400 555666"),
    ] {
        let digits: String = e164.chars().filter(char::is_ascii_digit).collect();
        forbidden.extend([
            e164.to_string(),
            national.to_string(),
            national.replace(' ', ""),
            digits.clone(),
            digits[2..].to_string(), // national significant number
        ]);
    }
    // The kiosk's own lines (not this test's Debug dumps) name no booking in full either: the
    // journal keeps logs beyond the kiosk's retention.
    let bookings = ["ABC123", "SF0001", "INH001", "LAND01", "NORM01"];
    let kiosk_lines: Vec<&str> = log
        .lines()
        .filter(|l| l.contains(" lobby_kiosk::"))
        .collect();
    assert!(kiosk_lines.len() > 10, "the kiosk logged: {log}");
    assert!(
        kiosk_lines
            .iter()
            .any(|l| l.contains("locked after too many wrong codes")),
        "{log}"
    );
    for line in &kiosk_lines {
        for booking in bookings {
            assert!(!line.contains(booking), "log line names {booking}: {line}");
        }
    }
    for line in log.lines() {
        for secret in &forbidden {
            assert!(
                !line.contains(secret.as_str()),
                "log line leaks {secret:?}: {line}"
            );
        }
    }
}
