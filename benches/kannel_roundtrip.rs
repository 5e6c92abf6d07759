//! End-to-end OTP send latency through a real Kannel: from the request to the message seen at
//! fakesmsc, including the durable `otp_sent` journal write (SQLite, WAL, synchronous=FULL)
//! the caller makes for the attempt. Prints p50/p95/p99 over the messages.
//!
//! `cargo bench --no-default-features --bench kannel_roundtrip` (needs Debian `kannel` and
//! `kannel-extras`). `KANNEL_BENCH_MESSAGES` sets the count (default 200).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[path = "../tests/support/kannel.rs"]
#[allow(dead_code)]
mod kannel;

use std::time::{Duration, Instant};

use lobby_kiosk::config::{GatewayConfig, GatewayKind};
use lobby_kiosk::gateway::{GatewayChain, SmsMessage, otp_text};
use lobby_kiosk::otp::Purpose;
use lobby_kiosk::store::{EventKind, Store};

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let mean = samples.iter().sum::<Duration>() / samples.len() as u32;
    println!(
        "{name:<44} n={:<4} p50 {:>7.2} ms  p95 {:>7.2} ms  p99 {:>7.2} ms  max {:>7.2} ms  mean {:>7.2} ms",
        samples.len(),
        ms(percentile(&samples, 50.0)),
        ms(percentile(&samples, 95.0)),
        ms(percentile(&samples, 99.0)),
        ms(samples[samples.len() - 1]),
        ms(mean),
    );
}

fn main() {
    let count: usize = std::env::var("KANNEL_BENCH_MESSAGES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(200)
        .max(50);
    let warmup = 5;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let kannel = kannel::Kannel::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut store = Store::open(&dir.path().join("kiosk.db")).expect("store");
    let config = GatewayConfig {
        name: "kannel".into(),
        timeout: Duration::from_secs(10),
        connect_timeout: Duration::from_secs(3),
        breaker_failures: 3,
        breaker_open: Duration::from_secs(60),
        kind: GatewayKind::Kannel {
            url: kannel.url(),
            username: kannel::USERNAME.into(),
            password: kannel::PASSWORD.to_owned().into(),
            from: Some("Hotel".into()),
        },
    };
    let chain = GatewayChain::from_config(&[config]).expect("chain");

    let mut end_to_end = Vec::with_capacity(count);
    let mut accepted = Vec::with_capacity(count);
    let mut journal = Vec::with_capacity(count);
    for i in 0..count + warmup {
        let code = format!("{:06}", (i * 7919) % 1_000_000);
        let msg = SmsMessage::new(
            "+447400123958",
            otp_text(
                "en",
                Purpose::CheckIn,
                "Hotel Aurora",
                &code,
                Duration::from_secs(300),
            ),
        )
        .with_validity(Duration::from_secs(300));
        let t0 = Instant::now();
        let mut journal_done = t0;
        let mut accepted_at = t0;
        runtime
            .block_on(chain.send(&msg, &mut |attempt| {
                accepted_at = Instant::now();
                let mut data = attempt.journal_data();
                data["phone"] = "+44 ••• 958".into();
                let kind = if attempt.accepted() {
                    EventKind::OtpSent
                } else {
                    EventKind::SendFailed
                };
                store
                    .journal_append(jiff::Timestamp::now(), kind, Some("BENCH-1"), data)
                    .expect("journal append");
                journal_done = Instant::now();
            }))
            .expect("send");
        let seen = kannel.wait_for_messages(i + 1, Duration::from_secs(10))[i].seen_at;
        if i >= warmup {
            end_to_end.push(seen.max(journal_done) - t0);
            accepted.push(accepted_at - t0);
            journal.push(journal_done - accepted_at);
        }
    }
    let events = store.journal_stats().expect("stats").events;
    assert_eq!(
        events as usize,
        count + warmup,
        "one otp_sent event per message"
    );
    println!(
        "kannel_roundtrip: {count} OTP SMS through bearerbox + smsbox + fakesmsc on 127.0.0.1"
    );
    report(
        "request → fakesmsc + journal write (end to end)",
        end_to_end,
    );
    report("request → Kannel 202 accepted", accepted);
    report("otp_sent journal append (synchronous=FULL)", journal);
}
