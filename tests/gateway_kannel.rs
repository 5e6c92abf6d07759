//! The Kannel gateway against a real Kannel 1.4.5 (bearerbox + smsbox + fakesmsc on 127.0.0.1).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::time::{Duration, Instant};

use lobby_kiosk::config::SUPPORTED_LANGUAGES;
use lobby_kiosk::gateway::{
    Encoding, FailureKind, GatewayChain, KannelGateway, SendError, SmsGateway, SmsMessage,
    encoding_for, otp_text, read_outbox,
};
use lobby_kiosk::otp::Purpose;
use support::kannel::{Kannel, KannelOptions, PASSWORD};
use support::servers;

const TO: &str = "+447400123958";
const WAIT: Duration = Duration::from_secs(5);

fn gateway(kannel: &Kannel, password: &str, from: Option<&str>) -> KannelGateway {
    KannelGateway::new(&servers::kannel("kannel", &kannel.url(), password, from)).unwrap()
}

#[tokio::test]
async fn ascii_text_arrives_with_the_plus_kept() {
    let kannel = Kannel::start();
    let gw = gateway(&kannel, PASSWORD, Some("Hotel"));
    let text = otp_text(
        "en",
        Purpose::CheckIn,
        "Hotel Aurora",
        "482913",
        Duration::from_secs(300),
    );
    let accepted = gw.send(&SmsMessage::new(TO, text.clone())).await.unwrap();
    assert_eq!(accepted.note, None, "0: Accepted for delivery");
    let got = kannel.wait_for_messages(1, WAIT);
    assert_eq!(got[0].from, "Hotel");
    assert_eq!(got[0].to, TO, "the + must survive (sent as %2B)");
    assert_eq!(got[0].coding, "text");
    assert_eq!(got[0].text, text);
}

#[tokio::test]
async fn german_text_arrives_intact_as_gsm7() {
    let kannel = Kannel::start();
    let gw = gateway(&kannel, PASSWORD, Some("Hotel"));
    let text = otp_text(
        "de",
        Purpose::CheckIn,
        "Hotel Müller & Söhne",
        "482913",
        Duration::from_secs(300),
    );
    assert!(text.contains('ü'));
    assert_eq!(encoding_for(&text), Encoding::Gsm7);
    gw.send(&SmsMessage::new(TO, text.clone())).await.unwrap();
    let got = kannel.wait_for_messages(1, WAIT);
    assert_eq!(got[0].coding, "text");
    assert_eq!(got[0].text, text, "umlauts must not become '?'");
}

#[tokio::test]
async fn japanese_text_arrives_as_ucs2() {
    let kannel = Kannel::start();
    let gw = gateway(&kannel, PASSWORD, Some("Hotel"));
    let text = otp_text(
        "ja",
        Purpose::CheckIn,
        "ホテル・オーロラ",
        "482913",
        Duration::from_secs(300),
    );
    gw.send(&SmsMessage::new(TO, text.clone())).await.unwrap();
    let got = kannel.wait_for_messages(1, WAIT);
    assert_eq!(got[0].coding, "ucs-2", "non-GSM text must go as coding=2");
    assert_eq!(got[0].text, text);
}

#[tokio::test]
async fn every_language_arrives_exactly() {
    let kannel = Kannel::start();
    let gw = gateway(&kannel, PASSWORD, Some("Hotel"));
    let mut sent = Vec::new();
    for lang in SUPPORTED_LANGUAGES {
        let text = otp_text(
            lang,
            Purpose::CheckIn,
            "Hotel Aurora",
            "482913",
            Duration::from_secs(600),
        );
        gw.send(&SmsMessage::new(TO, text.clone())).await.unwrap();
        sent.push(text);
    }
    let got = kannel.wait_for_messages(sent.len(), WAIT);
    let received: Vec<&str> = got.iter().map(|m| m.text.as_str()).collect();
    for text in &sent {
        assert!(
            received.contains(&text.as_str()),
            "{text:?} not among {received:?}"
        );
    }
}

#[tokio::test]
async fn wrong_password_is_unauthorized_with_a_hint() {
    let kannel = Kannel::start();
    let gw = gateway(&kannel, "not-the-password", Some("Hotel"));
    let err = gw.send(&SmsMessage::new(TO, "hello")).await.unwrap_err();
    assert_eq!(err.kind, FailureKind::Unauthorized, "{err}");
    assert!(
        err.detail.contains("403") && err.detail.contains("Authorization failed"),
        "{err}"
    );
    assert!(
        err.detail.contains("sendsms-user"),
        "tells IT what to check: {err}"
    );
    assert!(!err.detail.contains("not-the-password"), "{err}");
}

#[tokio::test]
async fn missing_receiver_is_a_400_refusal() {
    let kannel = Kannel::start();
    let gw = gateway(&kannel, PASSWORD, Some("Hotel"));
    // Bypasses the chain's own check to see Kannel's answer.
    let err = gw.send(&SmsMessage::new("", "hello")).await.unwrap_err();
    assert_eq!(err.kind, FailureKind::Rejected, "{err}");
    assert!(
        err.detail.contains("400") && err.detail.contains("receiver number"),
        "{err}"
    );
}

#[tokio::test]
async fn missing_sender_is_a_400_that_says_to_set_from() {
    let kannel = Kannel::start();
    let gw = gateway(&kannel, PASSWORD, None);
    let err = gw.send(&SmsMessage::new(TO, "hello")).await.unwrap_err();
    assert_eq!(err.kind, FailureKind::Rejected, "{err}");
    assert!(
        err.detail.contains("Sender missing") && err.detail.contains("set from"),
        "{err}"
    );
}

#[tokio::test]
async fn kannel_default_sender_makes_from_optional() {
    let kannel = Kannel::start_with(KannelOptions {
        global_sender: Some("KannelDflt".into()),
        ..Default::default()
    });
    let gw = gateway(&kannel, PASSWORD, None);
    gw.send(&SmsMessage::new(TO, "hello")).await.unwrap();
    assert_eq!(kannel.wait_for_messages(1, WAIT)[0].from, "KannelDflt");
}

#[tokio::test]
async fn a_denied_receiver_stops_the_chain() {
    let kannel = Kannel::start_with(KannelOptions {
        black_list_regex: Some(r"^\\+44".into()),
        ..Default::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let chain = GatewayChain::from_config(&[
        servers::kannel("kannel", &kannel.url(), PASSWORD, Some("Hotel")),
        servers::outbox("demo", &outbox),
    ])
    .unwrap();
    let mut attempts = Vec::new();
    let err = chain
        .send(&SmsMessage::new(TO, "hello"), &mut |a| {
            attempts.push(a.clone())
        })
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SendError::Recipient {
                kind: FailureKind::OptedOut,
                ..
            }
        ),
        "{err}"
    );
    assert!(err.to_string().contains("400"), "{err}");
    assert_eq!(attempts.len(), 1);
    assert!(
        read_outbox(&outbox).unwrap().is_empty(),
        "no failover after a recipient refusal"
    );
}

#[tokio::test]
async fn bearerbox_down_is_a_refused_connection_and_fails_over() {
    let mut kannel = Kannel::start();
    kannel.kill_bearerbox();
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let chain = GatewayChain::from_config(&[
        servers::kannel("kannel", &kannel.url(), PASSWORD, Some("Hotel")),
        servers::outbox("demo", &outbox),
    ])
    .unwrap();
    let mut attempts = Vec::new();
    let delivery = chain
        .send(&SmsMessage::new(TO, "hello"), &mut |a| {
            attempts.push(a.clone())
        })
        .await
        .unwrap();
    assert_eq!(delivery.gateway, "demo");
    let failure = attempts[0].outcome.as_ref().unwrap_err();
    assert_eq!(failure.kind, FailureKind::Connect, "{failure}");
    assert!(
        !failure.delivery_unknown,
        "a refused connection sent nothing"
    );
    assert!(failure.detail.contains("refused"), "{failure}");
    assert_eq!(read_outbox(&outbox).unwrap().len(), 1);
}

#[tokio::test]
async fn frozen_bearerbox_times_out_as_delivery_unknown() {
    let mut kannel = Kannel::start();
    kannel.freeze_bearerbox();
    let mut config = servers::kannel("kannel", &kannel.url(), PASSWORD, Some("Hotel"));
    config.timeout = Duration::from_millis(800);
    let chain = GatewayChain::from_config(&[config]).unwrap();
    let mut attempts = Vec::new();
    let started = Instant::now();
    let err = chain
        .send(&SmsMessage::new(TO, "hello"), &mut |a| {
            attempts.push(a.clone())
        })
        .await
        .unwrap_err();
    let took = started.elapsed();
    assert!(
        took >= Duration::from_millis(800) && took < Duration::from_secs(3),
        "took {took:?}"
    );
    assert!(matches!(err, SendError::Unavailable { .. }), "{err}");
    assert!(
        err.delivery_unknown(),
        "a hung request may still have gone out: {err}"
    );
    assert_eq!(attempts.len(), 1);
    assert!(attempts[0].delivery_unknown());
    assert_eq!(
        attempts[0].outcome.as_ref().unwrap_err().kind,
        FailureKind::Timeout
    );
    kannel.thaw_bearerbox();
}

#[tokio::test]
async fn no_smsc_connected_is_accepted_as_queued_with_a_note() {
    let mut kannel = Kannel::start();
    kannel.kill_fakesmsc();
    let gw = gateway(&kannel, PASSWORD, Some("Hotel"));
    let accepted = gw.send(&SmsMessage::new(TO, "hello")).await.unwrap();
    let note = accepted.note.expect("a note about queueing");
    // Kannel's "3: Queued for later delivery", digits masked like every provider answer.
    assert!(
        note.contains("#: Queued for later delivery") && note.contains("no SMSC"),
        "{note}"
    );
}
