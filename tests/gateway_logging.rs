//! No log line, at any level and from any crate (reqwest, hyper, ours), holds the code, the SMS
//! text, a credential or the full phone number while sending, failing and failing over.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::http::StatusCode;
use lobby_kiosk::config::TwilioSender;
use lobby_kiosk::gateway::{GatewayChain, SmsMessage, otp_text};
use lobby_kiosk::otp::Purpose;
use support::kannel::{Kannel, PASSWORD};
use support::servers;
use tracing_subscriber::util::SubscriberInitExt;

#[derive(Clone, Default)]
struct Buffer(Arc<Mutex<Vec<u8>>>);

impl Write for Buffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

const CODE: &str = "482913";
const TO: &str = "+447400123958";

#[tokio::test]
async fn sending_logs_neither_code_nor_number_nor_secrets() {
    let buffer = Buffer::default();
    let writer = buffer.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish()
        .try_init()
        .expect("the only subscriber in this test binary (also captures `log` records)");

    let kannel = Kannel::start();
    let dir = tempfile::tempdir().unwrap();
    let twilio_error = servers::fixture("twilio/error_21211.json").replace("+15005550001", TO);
    let twilio = servers::serve(Router::new().fallback(move || {
        let body = twilio_error.clone();
        async move { (StatusCode::BAD_REQUEST, body) }
    }))
    .await;
    let echo = servers::serve(
        Router::new()
            .fallback(|body: String| async move { (StatusCode::SERVICE_UNAVAILABLE, body) }),
    )
    .await;

    let text = otp_text(
        "en",
        Purpose::CheckIn,
        "Hotel Aurora",
        CODE,
        Duration::from_secs(300),
    );
    let msg = SmsMessage::new(TO, text.clone());

    // Kannel fails (wrong password), a generic gateway fails echoing the request, Kannel takes it.
    let chain = GatewayChain::from_config(&[
        servers::kannel(
            "kannel-bad",
            &kannel.url(),
            "wrong-kannel-password",
            Some("Hotel"),
        ),
        servers::http("echo", &echo, &[], "to={to}&text={text}", &[200]),
        servers::kannel("kannel", &kannel.url(), PASSWORD, Some("Hotel")),
    ])
    .unwrap();
    let delivery = chain.send(&msg, &mut |_| {}).await.unwrap();
    assert_eq!(delivery.gateway, "kannel");
    kannel.wait_for_messages(1, std::time::Duration::from_secs(5));

    // Twilio refuses the number, echoing it.
    let chain = GatewayChain::from_config(&[
        servers::twilio("twilio", &twilio, TwilioSender::From("+15005550006".into())),
        servers::outbox("demo", &dir.path().join("outbox.txt")),
    ])
    .unwrap();
    let err = chain.send(&msg, &mut |_| {}).await.unwrap_err();
    tracing::error!(error = %err, "the caller logs the error as IT would see it");

    let logs = String::from_utf8(buffer.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("SMS accepted by gateway"),
        "logging was captured:\n{logs}"
    );
    assert!(
        logs.contains("+44 ••• ••• •958"),
        "the masked number is what logs show:\n{logs}"
    );
    for forbidden in [
        CODE,
        "7400123958",
        text.as_str(),
        "check-in code",
        PASSWORD,
        "wrong-kannel-password",
        servers::TWILIO_TOKEN,
    ] {
        let hits: Vec<&str> = logs.lines().filter(|l| l.contains(forbidden)).collect();
        assert!(
            hits.is_empty(),
            "{forbidden:?} appears in the logs:\n{}",
            hits.join("\n")
        );
    }
}
