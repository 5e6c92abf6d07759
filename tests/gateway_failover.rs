//! The chain: ordered failover, no failover after a recipient refusal, journaling hook order,
//! ambiguous timeouts, the circuit breaker opening and closing, `kiosk send-test-sms`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicU16, AtomicUsize, Ordering};
use std::time::Duration;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use lobby_kiosk::config::{Config, TwilioSender};
use lobby_kiosk::gateway::{
    BreakerState, FailureKind, GatewayChain, GuestNotice, ManualMonotonic, SendError, SmsMessage,
    allow_all, read_outbox,
};
use lobby_kiosk::test_sms::{SendTestError, TestSmsError, send_and_report};
use support::servers;

const TO: &str = "+447400123958";

#[tokio::test]
async fn first_gateway_down_second_used_and_each_attempt_is_reported_before_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let chain = GatewayChain::from_config(&[
        servers::kannel("primary", &servers::closed_port_url(), "pw", Some("Hotel")),
        servers::outbox("backup", &outbox),
    ])
    .unwrap();
    let mut attempts = Vec::new();
    let mut outbox_lines_at_each_attempt = Vec::new();
    let delivery = chain
        .send(&SmsMessage::new(TO, "Code 482913"), &mut |a| {
            // The caller journals here; the next gateway must not have been tried yet.
            outbox_lines_at_each_attempt.push(read_outbox(&outbox).unwrap().len());
            attempts.push(a.clone());
        })
        .await
        .unwrap();
    assert_eq!(delivery.gateway, "backup");
    assert_eq!(delivery.kind, "outbox");
    assert_eq!(delivery.attempts.len(), 2);
    assert_eq!(outbox_lines_at_each_attempt, vec![0, 1]);
    assert_eq!(attempts[0].gateway, "primary");
    assert_eq!(
        attempts[0].outcome.as_ref().unwrap_err().kind,
        FailureKind::Connect
    );
    assert!(!attempts[0].delivery_unknown());
    assert!(attempts[1].accepted());
    let journal = attempts[0].journal_data();
    assert_eq!(journal["gateway"], "primary");
    assert_eq!(journal["outcome"], "connect");
    assert_eq!(journal["delivery_unknown"], false);
    assert_eq!(attempts[1].journal_data()["outcome"], "accepted");
    let health = chain.health();
    assert!(
        health[0].last_failure.is_some()
            && health[0].last_error.as_deref().unwrap().contains("connect")
    );
    assert!(health[1].last_success.is_some());
}

async fn twilio_answering(status: u16, fixture: &str) -> String {
    let body = servers::fixture(fixture);
    let app = Router::new().fallback(move || {
        let body = body.clone();
        async move { (StatusCode::from_u16(status).unwrap(), body) }
    });
    servers::serve(app).await
}

#[tokio::test]
async fn a_permanent_recipient_error_does_not_fail_over() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let base = twilio_answering(400, "twilio/error_21614.json").await;
    let chain = GatewayChain::from_config(&[
        servers::twilio("twilio", &base, TwilioSender::From("+15005550006".into())),
        servers::outbox("backup", &outbox),
    ])
    .unwrap();
    let mut attempts = 0;
    let err = chain
        .send(&SmsMessage::new(TO, "Code 482913"), &mut |_| attempts += 1)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SendError::Recipient { gateway, kind: FailureKind::NotSmsCapable, .. } if gateway == "twilio"),
        "{err}"
    );
    assert_eq!(err.guest_notice(), GuestNotice::NumberCannotReceive);
    assert_eq!(attempts, 1);
    assert!(
        read_outbox(&outbox).unwrap().is_empty(),
        "the backup must not be tried"
    );
    // The gateway did its job: a recipient refusal does not count against its breaker.
    assert_eq!(chain.health()[0].consecutive_failures, 0);
}

#[tokio::test]
async fn gateway_side_errors_fail_over_even_when_permanent_for_that_gateway() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let base = twilio_answering(401, "twilio/error_20003.json").await;
    let chain = GatewayChain::from_config(&[
        servers::twilio("twilio", &base, TwilioSender::From("+15005550006".into())),
        servers::outbox("backup", &outbox),
    ])
    .unwrap();
    let delivery = chain
        .send(&SmsMessage::new(TO, "x"), &mut |_| {})
        .await
        .unwrap();
    assert_eq!(delivery.gateway, "backup");
    assert_eq!(
        delivery.attempts[0].outcome.as_ref().unwrap_err().kind,
        FailureKind::Unauthorized
    );
}

#[tokio::test]
async fn every_gateway_failing_is_unavailable_with_each_reason() {
    let chain = GatewayChain::from_config(&[
        servers::kannel("one", &servers::closed_port_url(), "pw", Some("H")),
        servers::kannel("two", &servers::closed_port_url(), "pw", Some("H")),
    ])
    .unwrap();
    let err = chain
        .send(&SmsMessage::new(TO, "x"), &mut |_| {})
        .await
        .unwrap_err();
    let SendError::Unavailable { failures, skipped } = &err else {
        panic!("{err}")
    };
    assert_eq!(
        failures.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>(),
        ["one", "two"]
    );
    assert!(skipped.is_empty());
    assert_eq!(err.guest_notice(), GuestNotice::ServiceUnavailable);
    assert!(!err.delivery_unknown());
    let text = err.to_string();
    assert!(
        text.contains("one: connect") && text.contains("two: connect"),
        "{text}"
    );
}

#[tokio::test]
async fn an_ambiguous_timeout_is_recorded_before_failing_over() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let app = Router::new().fallback(|| async {
        tokio::time::sleep(Duration::from_secs(5)).await;
        "0: Accepted for delivery"
    });
    let base = servers::serve(app).await;
    let mut slow = servers::kannel("slow", &base, "pw", Some("H"));
    slow.timeout = Duration::from_millis(300);
    let chain = GatewayChain::from_config(&[slow, servers::outbox("backup", &outbox)]).unwrap();
    let mut attempts = Vec::new();
    let delivery = chain
        .send(&SmsMessage::new(TO, "x"), &mut |a| attempts.push(a.clone()))
        .await
        .unwrap();
    assert_eq!(delivery.gateway, "backup");
    assert!(
        attempts[0].delivery_unknown(),
        "the first SMS may still arrive"
    );
    assert_eq!(attempts[0].journal_data()["delivery_unknown"], true);
    let elapsed = attempts[0].elapsed;
    assert!(
        elapsed >= Duration::from_millis(300) && elapsed < Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[derive(Clone, Default)]
struct Switch {
    status: Arc<AtomicU16>,
    hits: Arc<AtomicUsize>,
}

#[tokio::test]
async fn circuit_breaker_opens_after_repeated_failures_and_closes_after_a_good_trial() {
    let switch = Switch::default();
    switch.status.store(503, Ordering::SeqCst);
    let app = Router::new()
        .fallback(|State(s): State<Switch>| async move {
            s.hits.fetch_add(1, Ordering::SeqCst);
            StatusCode::from_u16(s.status.load(Ordering::SeqCst)).unwrap()
        })
        .with_state(switch.clone());
    let base = servers::serve(app).await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let mut flaky = servers::http(
        "flaky",
        &format!("{base}/sms"),
        &[],
        "to={to}&text={text}",
        &[200],
    );
    flaky.breaker_failures = 2;
    flaky.breaker_open = Duration::from_secs(30);
    let clock = Arc::new(ManualMonotonic::new());
    let chain = GatewayChain::from_config(&[flaky, servers::outbox("backup", &outbox)])
        .unwrap()
        .with_clocks(Arc::new(lobby_kiosk::clock::SystemClock), clock.clone());
    let msg = SmsMessage::new(TO, "x");

    for expected_hits in 1..=2 {
        let d = chain.send(&msg, &mut |_| {}).await.unwrap();
        assert_eq!(d.gateway, "backup");
        assert_eq!(switch.hits.load(Ordering::SeqCst), expected_hits);
    }
    assert!(
        matches!(chain.health()[0].breaker, BreakerState::Open { .. }),
        "{:?}",
        chain.health()[0]
    );

    // Open: skipped without a request, and without an attempt to journal.
    let mut attempts = Vec::new();
    let d = chain
        .send(&msg, &mut |a| attempts.push(a.gateway.clone()))
        .await
        .unwrap();
    assert_eq!(d.gateway, "backup");
    assert_eq!(switch.hits.load(Ordering::SeqCst), 2);
    assert_eq!(attempts, ["backup"]);

    // The pause passes: one trial, which succeeds now, closes it.
    clock.advance(Duration::from_secs(30));
    assert_eq!(chain.health()[0].breaker, BreakerState::HalfOpen);
    switch.status.store(200, Ordering::SeqCst);
    let d = chain.send(&msg, &mut |_| {}).await.unwrap();
    assert_eq!(d.gateway, "flaky");
    assert_eq!(switch.hits.load(Ordering::SeqCst), 3);
    let health = &chain.health()[0];
    assert_eq!(health.breaker, BreakerState::Closed);
    assert_eq!(health.consecutive_failures, 0);
    assert!(health.last_success.is_some());
}

#[tokio::test]
async fn all_breakers_open_fails_fast_naming_the_skipped_gateways() {
    let mut only = servers::kannel("only", &servers::closed_port_url(), "pw", Some("H"));
    only.breaker_failures = 1;
    let chain = GatewayChain::from_config(&[only]).unwrap();
    chain
        .send(&SmsMessage::new(TO, "x"), &mut |_| {})
        .await
        .unwrap_err();
    let err = chain
        .send(&SmsMessage::new(TO, "x"), &mut |_| {})
        .await
        .unwrap_err();
    let SendError::Unavailable { failures, skipped } = &err else {
        panic!("{err}")
    };
    assert!(failures.is_empty());
    assert_eq!(skipped, &["only"]);
    assert!(err.to_string().contains("circuit breaker open"), "{err}");
}

#[tokio::test]
async fn send_test_can_target_one_gateway_past_its_breaker() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let mut demo = servers::outbox("demo", &outbox);
    demo.breaker_failures = 1;
    let chain = GatewayChain::from_config(&[
        servers::kannel("down", &servers::closed_port_url(), "pw", Some("H")),
        demo,
    ])
    .unwrap();
    let d = chain
        .send_test(TO, "test", Some("demo"), &mut allow_all)
        .await
        .unwrap();
    assert_eq!(
        (d.gateway.as_str(), d.attempts.len()),
        ("demo", 1),
        "the first gateway is not tried"
    );
    let err = chain
        .send_test(TO, "test", Some("nope"), &mut allow_all)
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::UnknownGateway { .. }), "{err}");
    assert!(err.to_string().contains("down, demo"), "{err}");
    let err = chain
        .send_test("07400 123958", "test", None, &mut allow_all)
        .await
        .unwrap_err();
    assert!(matches!(err, SendError::InvalidMessage(_)), "{err}");
}

/// A live (non-demo) kiosk: Kannel down, then a loopback phone writing `var/outbox.txt`.
fn config(dir: &std::path::Path, down_url: &str) -> (Config, support::live::Phone) {
    let phone = support::live::Phone::start(&dir.join("var/outbox.txt"));
    let text = format!(
        r#"
[kiosk]
id = "lobby-1"
property = "Hotel Aurora"
time_zone = "Europe/Lisbon"
country = "GB"

[[gateway]]
name = "kannel-local"
kind = "kannel"
url = "{down_url}"
username = "kiosk"
password_file = "kannel.secret"
from = "Hotel"
timeout_ms = 1000

{}
[security]
pin_pepper_file = "pin-pepper"

[[staff]]
name = "Ana"
pin_hash = "{}"
"#,
        support::live::phone_gateway(&phone),
        support::live::PIN_HASH
    );
    std::fs::write(dir.join("kannel.secret"), "pw\n").unwrap();
    std::fs::write(dir.join("pin-pepper"), support::live::PEPPER).unwrap();
    let path = dir.join("kiosk.toml");
    let config = Config::from_str_at(&text, &path).unwrap_or_else(|e| panic!("{e}"));
    (config, phone)
}

#[tokio::test]
async fn send_test_sms_report_names_the_gateway_and_the_time() {
    let dir = tempfile::tempdir().unwrap();
    let (config, _phone) = config(dir.path(), &servers::closed_port_url());
    let mut store = lobby_kiosk::store::Store::open(&config.store.path).unwrap();
    let clock = lobby_kiosk::clock::SystemClock;
    let report = send_and_report(&config, &mut store, &clock, "07400 123958", None)
        .await
        .unwrap();
    let lines: Vec<&str> = report.lines().collect();
    assert!(
        lines[0].starts_with("✗ kannel-local (kannel) after"),
        "{report}"
    );
    assert!(lines[0].contains("connect"), "{report}");
    assert!(
        lines[1].starts_with("✓ sent to +44 ••• ••• •958 by demo (http) in "),
        "{report}"
    );
    assert!(lines[1].contains(" ms"), "{report}");
    assert!(!report.contains("7400123958"), "{report}");
    let sent = read_outbox(&dir.path().join("var/outbox.txt")).unwrap();
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].to, TO);
    assert!(
        sent[0].text.contains("Hotel Aurora") && sent[0].text.contains("lobby-1"),
        "{}",
        sent[0].text
    );

    let only = send_and_report(
        &config,
        &mut store,
        &clock,
        "+447400123958",
        Some("kannel-local"),
    )
    .await
    .unwrap_err();
    let SendTestError::Failed { report, .. } = &only else {
        panic!("{only}")
    };
    assert!(
        report.contains("✗ kannel-local") && report.contains("no gateway accepted"),
        "{report}"
    );
    let bad = send_and_report(&config, &mut store, &clock, "12", None)
        .await
        .unwrap_err();
    assert!(
        matches!(bad, SendTestError::Refused(TestSmsError::BadNumber { .. })),
        "{bad}"
    );
}

/// A Kannel that answers only after 5 s, counting the requests it saw.
async fn slow_kannel(hits: Arc<AtomicUsize>) -> String {
    let app = Router::new()
        .fallback(|State(hits): State<Arc<AtomicUsize>>| async move {
            hits.fetch_add(1, Ordering::SeqCst);
            tokio::time::sleep(Duration::from_secs(5)).await;
            "0: Accepted for delivery"
        })
        .with_state(hits);
    servers::serve(app).await
}

/// A journey on the demo kiosk whose chain is `members` (built here: a real loopback server
/// needs no demo exception), with the phone cap set to `cap`.
fn journey_with(
    members: &[lobby_kiosk::config::GatewayConfig],
    cap: u32,
) -> (support::demo::DemoKiosk, lobby_kiosk::journey::Journey) {
    let k = support::demo::DemoKiosk::new().with_config(|t| {
        t.replace(
            "# sends_per_phone_per_hour = 5",
            &format!("sends_per_phone_per_hour = {cap}"),
        )
    });
    let chain = GatewayChain::from_config(members).unwrap();
    let store = lobby_kiosk::store::Store::open(&k.config.store.path).unwrap();
    let journey = lobby_kiosk::journey::Journey::new(
        k.config.clone(),
        store,
        chain,
        k.clock.clone(),
        Arc::new(|| {}),
    )
    .unwrap();
    (k, journey)
}

/// Gateway attempts counted for the demo guest's phone and booking, and for the kiosk.
fn counted(k: &support::demo::DemoKiosk) -> [u32; 3] {
    use lobby_kiosk::clock::Clock;
    use lobby_kiosk::otp::limits::{LookupPath, Scope, count_in_window};
    let store = lobby_kiosk::store::Store::open(&k.config.store.path).unwrap();
    let engine = lobby_kiosk::otp::OtpEngine::from_config(&store, &k.config).unwrap();
    let now = k.clock.now().as_millisecond();
    let hour = Duration::from_secs(3600);
    let phone = LookupPath::Confirmation.key(&engine.phone_key("+34612345601"));
    let c = store.conn();
    [
        count_in_window(c, Scope::SendPhone, &phone, now, hour).unwrap(),
        count_in_window(c, Scope::SendReservation, "LK4821", now, 24 * hour).unwrap(),
        count_in_window(c, Scope::SendKiosk, "lobby-1", now, hour).unwrap(),
    ]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timed_out_attempt_counts_though_no_gateway_accepted_it() {
    let hits = Arc::new(AtomicUsize::new(0));
    let mut slow = servers::kannel("slow", &slow_kannel(hits.clone()).await, "pw", Some("H"));
    slow.timeout = Duration::from_millis(300);
    let (k, j) = journey_with(&[slow], 5);
    let f = support::demo::found(&j, "LK4821", "Garcia Lopez").await;
    let sent = j
        .send_code(&f.handle, lobby_kiosk::otp::Purpose::CheckIn, "en")
        .await
        .unwrap();
    assert_eq!(
        sent,
        lobby_kiosk::journey::SendResult::SeeDesk(lobby_kiosk::journey::DeskReason::GatewayDown)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 1);
    // The SMS may still arrive: it counts against every cap.
    assert_eq!(counted(&k), [1, 1, 1]);
    let failed = k
        .journal()
        .into_iter()
        .find(|e| e.kind == "send_failed")
        .unwrap();
    assert_eq!(failed.data["delivery_unknown"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_failover_counts_and_a_refused_one_ends_the_chain_at_the_desk() {
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let hits = Arc::new(AtomicUsize::new(0));
    let mut slow = servers::kannel("slow", &slow_kannel(hits.clone()).await, "pw", Some("H"));
    slow.timeout = Duration::from_millis(300);
    slow.breaker_failures = 10;
    let (k, j) = journey_with(&[slow, servers::outbox("backup", &outbox)], 3);
    let f = support::demo::found(&j, "LK4821", "Garcia Lopez").await;
    let sent = support::demo::send(&j, &f.handle, lobby_kiosk::otp::Purpose::CheckIn, "en").await;
    // Two SMS may reach the phone (the first may still arrive): two attempts counted.
    assert_eq!(
        (
            hits.load(Ordering::SeqCst),
            read_outbox(&outbox).unwrap().len()
        ),
        (1, 1)
    );
    assert_eq!(counted(&k), [2, 2, 2]);

    // A resend: its first attempt is the third the phone may get this hour; the failover
    // would be a fourth, so it is refused and the backup never asked.
    k.clock.advance(Duration::from_secs(31));
    let again = j.resend(&sent.challenge, "en").await.unwrap();
    assert_eq!(
        again,
        lobby_kiosk::journey::SendResult::SeeDesk(lobby_kiosk::journey::DeskReason::SendLimit)
    );
    assert_eq!(hits.load(Ordering::SeqCst), 2);
    assert_eq!(
        read_outbox(&outbox).unwrap().len(),
        1,
        "the backup was not tried"
    );
    assert_eq!(counted(&k), [3, 3, 3]);
    let kinds = k.kinds();
    let n = |kind: &str| kinds.iter().filter(|k| *k == kind).count();
    assert_eq!((n("send_failed"), n("otp_sent")), (2, 1), "{kinds:?}");
}
