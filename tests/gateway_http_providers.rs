//! Twilio, Vonage and the generic HTTP gateway against loopback servers that check the
//! documented request shape and answer with the providers' documented bodies
//! (tests/fixtures/*/README.md names the documentation page of each).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use lobby_kiosk::config::TwilioSender;
use lobby_kiosk::gateway::{
    FailureKind, GatewayChain, HttpGateway, SmsGateway, SmsMessage, TwilioGateway, VonageGateway,
    otp_text,
};
use lobby_kiosk::otp::Purpose;
use support::servers::{self, Seen, fixture, seen_request};

const TO: &str = "+447400123958";

fn base64(input: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in input.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

fn json(status: u16, body: String) -> Response {
    (
        StatusCode::from_u16(status).unwrap(),
        [(header::CONTENT_TYPE, "application/json")],
        body,
    )
        .into_response()
}

// ---------------------------------------------------------------- Twilio

#[derive(Clone)]
struct Fake {
    seen: Seen,
    /// Answer per recipient (`To` / `to`): HTTP status and body.
    answers: Arc<BTreeMap<String, (u16, String)>>,
}

async fn twilio_api(
    State(fake): State<Fake>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = seen_request(&method, &uri, &headers, &body);
    fake.seen.push(request.clone());
    let expected_auth = format!(
        "Basic {}",
        base64(format!("{}:{}", servers::TWILIO_SID, servers::TWILIO_TOKEN).as_bytes())
    );
    if request.headers.get("authorization") != Some(&expected_auth) {
        return json(401, fixture("twilio/error_20003.json"));
    }
    let expected_path = format!("/2010-04-01/Accounts/{}/Messages.json", servers::TWILIO_SID);
    if method != Method::POST || uri.path() != expected_path {
        return json(
            404,
            r#"{"code": 20404, "message": "The requested resource was not found", "status": 404}"#
                .into(),
        );
    }
    let form = request.form();
    match form.get("To").and_then(|to| fake.answers.get(to)) {
        Some((status, body)) => json(*status, body.clone()),
        None => json(201, fixture("twilio/message_created.json")),
    }
}

async fn twilio_server(answers: &[(&str, u16, &str)]) -> (String, Seen) {
    let answers = answers
        .iter()
        .map(|(to, status, file)| {
            let body = if file.is_empty() {
                String::new()
            } else {
                fixture(file)
            };
            ((*to).to_owned(), (*status, body))
        })
        .collect();
    serve_fake(twilio_api, answers).await
}

/// A provider API on 127.0.0.1 answering with `answers` per recipient; returns its base URL
/// and what it was sent.
async fn serve_fake<H, T>(api: H, answers: BTreeMap<String, (u16, String)>) -> (String, Seen)
where
    H: axum::handler::Handler<T, Fake>,
    T: 'static,
{
    let seen = Seen::default();
    let app = Router::new().fallback(api).with_state(Fake {
        seen: seen.clone(),
        answers: Arc::new(answers),
    });
    (servers::serve(app).await, seen)
}

#[tokio::test]
async fn twilio_request_has_the_documented_shape() {
    let (base, seen) = twilio_server(&[]).await;
    let gw = TwilioGateway::new(&servers::twilio(
        "twilio",
        &base,
        TwilioSender::From("+15005550006".into()),
    ))
    .unwrap();
    let text = otp_text(
        "en",
        Purpose::CheckIn,
        "Hotel Aurora",
        "482913",
        Duration::from_secs(300),
    );
    let msg = SmsMessage::new(TO, text.clone()).with_validity(Duration::from_secs(300));
    let accepted = gw.send(&msg).await.unwrap();
    assert_eq!(
        accepted.message_id.as_deref(),
        Some("SM1f0e8ae6ade43cb3c0ce4525424e404f")
    );
    let requests = seen.all();
    assert_eq!(requests.len(), 1);
    let r = &requests[0];
    assert_eq!(r.method, "POST");
    assert_eq!(
        r.path,
        format!("/2010-04-01/Accounts/{}/Messages.json", servers::TWILIO_SID)
    );
    assert_eq!(
        r.headers["content-type"],
        "application/x-www-form-urlencoded"
    );
    let form = r.form();
    assert_eq!(form["To"], TO);
    assert_eq!(form["From"], "+15005550006");
    assert_eq!(form["Body"], text);
    assert_eq!(form["ValidityPeriod"], "300", "the OTP TTL");
    assert!(!form.contains_key("MessagingServiceSid"));
}

#[tokio::test]
async fn twilio_messaging_service_replaces_from() {
    let (base, seen) = twilio_server(&[]).await;
    let sender = TwilioSender::MessagingService("MG00000000000000000000000000000001".into());
    let gw = TwilioGateway::new(&servers::twilio("twilio", &base, sender)).unwrap();
    gw.send(&SmsMessage::new(TO, "hi")).await.unwrap();
    let form = seen.all()[0].form();
    assert_eq!(
        form["MessagingServiceSid"],
        "MG00000000000000000000000000000001"
    );
    assert!(!form.contains_key("From"));
    assert!(
        !form.contains_key("ValidityPeriod"),
        "only sent when the message has a validity"
    );
}

#[tokio::test]
async fn twilio_error_codes_map_to_typed_failures() {
    let cases: [(&str, u16, &str, FailureKind); 7] = [
        (
            "+15005550001",
            400,
            "twilio/error_21211.json",
            FailureKind::InvalidNumber,
        ),
        (
            "+15005550004",
            400,
            "twilio/error_21610.json",
            FailureKind::OptedOut,
        ),
        (
            "+15005550009",
            400,
            "twilio/error_21614.json",
            FailureKind::NotSmsCapable,
        ),
        (
            "+447400000635",
            400,
            "twilio/error_21635.json",
            FailureKind::NotSmsCapable,
        ),
        (
            "+447400000429",
            429,
            "twilio/error_20429.json",
            FailureKind::RateLimited,
        ),
        (
            "+447400000606",
            400,
            "twilio/error_21606.json",
            FailureKind::Rejected,
        ),
        ("+447400000500", 503, "", FailureKind::ServerError),
    ];
    let answers: Vec<(&str, u16, &str)> = cases.iter().map(|(to, s, f, _)| (*to, *s, *f)).collect();
    let (base, _) = twilio_server(&answers).await;
    let gw = TwilioGateway::new(&servers::twilio(
        "twilio",
        &base,
        TwilioSender::From("+15005550006".into()),
    ))
    .unwrap();
    for (to, status, file, kind) in cases {
        let err = gw
            .send(&SmsMessage::new(to, "Code 482913"))
            .await
            .unwrap_err();
        assert_eq!(err.kind, kind, "{to} ({file}): {err}");
        assert!(err.detail.contains(&format!("HTTP {status}")), "{err}");
        let digits = to.trim_start_matches('+');
        assert!(
            !err.detail.contains(digits),
            "the number must be redacted: {err}"
        );
        assert!(!err.detail.contains("482913"), "{err}");
        if let Some(code) = file
            .strip_prefix("twilio/error_")
            .and_then(|f| f.strip_suffix(".json"))
        {
            assert!(err.detail.contains(code), "names Twilio's code: {err}");
            assert!(
                err.detail.contains("twilio.com/docs/errors"),
                "links the docs: {err}"
            );
        }
    }
}

#[tokio::test]
async fn twilio_wrong_token_is_unauthorized() {
    let (base, _) = twilio_server(&[]).await;
    let mut config = servers::twilio("twilio", &base, TwilioSender::From("+15005550006".into()));
    if let lobby_kiosk::config::GatewayKind::Twilio { auth_token, .. } = &mut config.kind {
        *auth_token = secrecy::SecretString::from("wrong".to_owned());
    }
    let err = TwilioGateway::new(&config)
        .unwrap()
        .send(&SmsMessage::new(TO, "hi"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, FailureKind::Unauthorized, "{err}");
    assert!(
        err.detail.contains("20003") && err.detail.contains("auth_token"),
        "{err}"
    );
}

/// No control character (ESC, BEL) or bidi override reaches the error (M2 of the adversarial
/// pass): it would repaint IT's terminal.
fn assert_sanitised(detail: &str) {
    assert!(
        !detail.chars().any(|c| c.is_control() || c == '\u{202e}'),
        "{detail:?}"
    );
}

#[tokio::test]
async fn twilio_echoing_the_code_in_other_spellings_leaks_nothing() {
    let (base, _) = twilio_server(&[("+447400000666", 400, "twilio/echo_code.json")]).await;
    let gw = TwilioGateway::new(&servers::twilio(
        "twilio",
        &base,
        TwilioSender::From("+15005550006".into()),
    ))
    .unwrap();
    let err = gw
        .send(&SmsMessage::new(
            "+447400000666",
            "Hotel Aurora: your code is 268948",
        ))
        .await
        .unwrap_err();
    let spaced: String = err.detail.chars().filter(char::is_ascii_digit).collect();
    assert!(!spaced.contains("268948"), "{err}");
    assert!(!spaced.contains("4474"), "{err}");
    assert!(!err.detail.contains("SG90ZWwg"), "{err}");
    assert!(!err.detail.contains("evil.example"), "{err}");
    assert_sanitised(&err.detail);
    assert!(
        err.detail.starts_with("HTTP 400"),
        "keeps the status for IT: {err}"
    );
    assert!(err.detail.contains("refused"), "keeps the words: {err}");
}

#[tokio::test]
async fn http_gateway_answer_never_reaches_the_error_verbatim() {
    let (base, _) = aggregator_server().await;
    let err = aggregator_gateway(&base, "/echo-encoded", &[202])
        .send(&SmsMessage::new(TO, "Hotel Aurora: your code is 268948"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, FailureKind::ServerError, "{err}");
    let spaced: String = err.detail.chars().filter(char::is_ascii_digit).collect();
    assert!(!spaced.contains("268948"), "{err}");
    assert!(!spaced.contains("7400123958"), "{err}");
    assert!(!err.detail.contains("SG90ZWwg"), "{err}");
    assert_sanitised(&err.detail);
    assert!(
        err.detail.starts_with("HTTP 500 ")
            && err.detail.contains("[…]")
            && err.detail.contains("failed"),
        "{err}"
    );
}

// ---------------------------------------------------------------- Vonage

async fn vonage_api(
    State(fake): State<Fake>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = seen_request(&method, &uri, &headers, &body);
    fake.seen.push(request.clone());
    if method != Method::POST || uri.path() != "/sms/json" {
        return json(404, String::new());
    }
    let form = request.form();
    if form.get("api_key").map(String::as_str) != Some(servers::VONAGE_KEY)
        || form.get("api_secret").map(String::as_str) != Some(servers::VONAGE_SECRET)
    {
        return json(200, fixture("vonage/status_4_invalid_credentials.json"));
    }
    match form.get("to").and_then(|to| fake.answers.get(to)) {
        Some((status, body)) => json(*status, body.clone()),
        None => json(200, fixture("vonage/accepted.json")),
    }
}

async fn vonage_server(answers: &[(&str, &str)]) -> (String, Seen) {
    let answers = answers
        .iter()
        .map(|(to, file)| ((*to).to_owned(), (200, fixture(file))))
        .collect();
    serve_fake(vonage_api, answers).await
}

#[tokio::test]
async fn vonage_request_has_the_documented_shape() {
    let (base, seen) = vonage_server(&[]).await;
    let gw = VonageGateway::new(&servers::vonage("vonage", &base)).unwrap();
    let text = otp_text(
        "en",
        Purpose::CheckIn,
        "Hotel Aurora",
        "482913",
        Duration::from_secs(300),
    );
    let accepted = gw.send(&SmsMessage::new(TO, text.clone())).await.unwrap();
    assert_eq!(accepted.message_id.as_deref(), Some("0C000000217B7F02"));
    let r = &seen.all()[0];
    assert_eq!((r.method.as_str(), r.path.as_str()), ("POST", "/sms/json"));
    let form = r.form();
    assert_eq!(form["api_key"], servers::VONAGE_KEY);
    assert_eq!(form["api_secret"], servers::VONAGE_SECRET);
    assert_eq!(form["from"], "HotelAurora");
    assert_eq!(form["to"], "447400123958", "E.164 digits without +");
    assert_eq!(form["text"], text);
    assert!(!form.contains_key("type"), "GSM-7 text is the default type");
}

#[tokio::test]
async fn vonage_non_gsm_text_is_sent_as_unicode() {
    let (base, seen) = vonage_server(&[]).await;
    let gw = VonageGateway::new(&servers::vonage("vonage", &base)).unwrap();
    let text = otp_text(
        "zh-Hans",
        Purpose::CheckIn,
        "极光酒店",
        "482913",
        Duration::from_secs(300),
    );
    gw.send(&SmsMessage::new(TO, text.clone())).await.unwrap();
    let form = seen.all()[0].form();
    assert_eq!(form["type"], "unicode");
    assert_eq!(form["text"], text);
}

#[tokio::test]
async fn vonage_status_codes_map_to_typed_failures() {
    let cases: [(&str, &str, FailureKind); 10] = [
        (
            "447400000001",
            "vonage/status_1_throttled.json",
            FailureKind::RateLimited,
        ),
        (
            "447400000002",
            "vonage/status_2_missing_parameters.json",
            FailureKind::Rejected,
        ),
        (
            "447400000003",
            "vonage/status_3_invalid_parameters.json",
            FailureKind::Rejected,
        ),
        (
            "447400000005",
            "vonage/status_5_internal_error.json",
            FailureKind::ServerError,
        ),
        (
            "447400000006",
            "vonage/status_6_invalid_message.json",
            FailureKind::InvalidNumber,
        ),
        (
            "447400000007",
            "vonage/status_7_number_barred.json",
            FailureKind::OptedOut,
        ),
        (
            "447400000009",
            "vonage/status_9_partner_quota.json",
            FailureKind::Rejected,
        ),
        (
            "447400000015",
            "vonage/status_15_invalid_sender.json",
            FailureKind::Rejected,
        ),
        (
            "447400000029",
            "vonage/status_29_non_whitelisted.json",
            FailureKind::Rejected,
        ),
        (
            "447400000004",
            "vonage/status_4_invalid_credentials.json",
            FailureKind::Unauthorized,
        ),
    ];
    let answers: Vec<(&str, &str)> = cases.iter().map(|(to, f, _)| (*to, *f)).collect();
    let (base, _) = vonage_server(&answers).await;
    let gw = VonageGateway::new(&servers::vonage("vonage", &base)).unwrap();
    for (to, file, kind) in cases {
        let err = gw
            .send(&SmsMessage::new(format!("+{to}"), "Code 482913"))
            .await
            .unwrap_err();
        assert_eq!(err.kind, kind, "{file}: {err}");
        let status = file.split('_').nth(1).unwrap();
        assert!(
            err.detail.contains(&format!("Vonage status {status}")),
            "{err}"
        );
        assert!(!err.detail.contains(to), "{err}");
    }
    // Status 9 tells IT what to do.
    let err = gw
        .send(&SmsMessage::new("+447400000009", "x"))
        .await
        .unwrap_err();
    assert!(err.detail.contains("top it up"), "{err}");
}

#[tokio::test]
async fn vonage_wrong_secret_is_unauthorized() {
    let (base, _) = vonage_server(&[]).await;
    let mut config = servers::vonage("vonage", &base);
    if let lobby_kiosk::config::GatewayKind::Vonage { api_secret, .. } = &mut config.kind {
        *api_secret = secrecy::SecretString::from("wrong-secret".to_owned());
    }
    let err = VonageGateway::new(&config)
        .unwrap()
        .send(&SmsMessage::new(TO, "x"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, FailureKind::Unauthorized, "{err}");
    assert!(!err.detail.contains("wrong-secret"), "{err}");
}

// ---------------------------------------------------------------- generic HTTP

async fn aggregator(
    State(seen): State<Seen>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let request = seen_request(&method, &uri, &headers, &body);
    seen.push(request.clone());
    match uri.path() {
        "/send"
            if request.headers.get("authorization").map(String::as_str)
                == Some("Bearer agg-token-123") =>
        {
            json(202, r#"{"id": "agg-1", "state": "queued"}"#.into())
        }
        "/send" => json(401, r#"{"error": "bad token"}"#.into()),
        "/busy" => json(503, r#"{"error": "try later"}"#.into()),
        "/slow-down" => json(429, String::new()),
        // A gateway echoing the code spaced out, the number digit by digit, the SMS text
        // base64-encoded ("Hotel Aurora: your code is 268948") and terminal escapes.
        "/echo-encoded" => json(
            500,
            "code A[2-6-8-9-4-8] for 4 4 7 4 0 0 1 2 3 9 5 8 failed: SG90ZWwgQXVyb3JhOiB5b3VyIGNvZGUgaXMgMjY4OTQ4 \u{1b}[2J\u{1b}[H\u{1b}[32mhealthy\u{1b}[8m\u{7}\u{202e}".into(),
        ),
        "/echo-bad" => {
            let v: serde_json::Value = serde_json::from_str(&request.body).unwrap_or_default();
            json(
                400,
                format!(
                    r#"{{"error": "cannot send {} to {}"}}"#,
                    v["message"], v["to"]
                ),
            )
        }
        _ => json(404, String::new()),
    }
}

async fn aggregator_server() -> (String, Seen) {
    let seen = Seen::default();
    let app = Router::new().fallback(aggregator).with_state(seen.clone());
    (servers::serve(app).await, seen)
}

const JSON_BODY: &str = r#"{"to": "{to}", "message": "{text}", "sender": "Hotel"}"#;

fn set_token() {
    // SAFETY: set before any request, to the same value by every test of this binary.
    unsafe { std::env::set_var("LOBBY_KIOSK_TEST_AGG_TOKEN", "agg-token-123") };
}

fn aggregator_gateway(base: &str, path: &str, success: &[u16]) -> HttpGateway {
    set_token();
    let config = servers::http(
        "aggregator",
        &format!("{base}{path}"),
        &[
            ("Authorization", "Bearer ${LOBBY_KIOSK_TEST_AGG_TOKEN}"),
            ("Content-Type", "application/json"),
        ],
        JSON_BODY,
        success,
    );
    HttpGateway::new(&config).unwrap()
}

#[tokio::test]
async fn http_gateway_expands_env_secrets_and_json_escapes_the_text() {
    let (base, seen) = aggregator_server().await;
    let gw = aggregator_gateway(&base, "/send", &[200, 202]);
    let text = "Hotel \"Aurora\": 482913\nNever share it.";
    let accepted = gw.send(&SmsMessage::new(TO, text)).await.unwrap();
    assert_eq!(accepted.message_id.as_deref(), Some("agg-1"));
    let r = &seen.all()[0];
    assert_eq!(r.method, "POST");
    assert_eq!(r.headers["authorization"], "Bearer agg-token-123");
    assert_eq!(r.headers["content-type"], "application/json");
    let body: serde_json::Value = serde_json::from_str(&r.body).expect("valid JSON after escaping");
    assert_eq!(body["to"], TO);
    assert_eq!(body["message"], text);
    assert_eq!(body["sender"], "Hotel");
}

#[tokio::test]
async fn http_gateway_success_is_only_the_configured_statuses() {
    let (base, _) = aggregator_server().await;
    let gw = aggregator_gateway(&base, "/send", &[200]);
    let err = gw.send(&SmsMessage::new(TO, "x")).await.unwrap_err();
    assert_eq!(
        err.kind,
        FailureKind::Rejected,
        "202 is not in success_status = [200]: {err}"
    );
}

#[tokio::test]
async fn http_gateway_classifies_answers_and_redacts_echoes() {
    let (base, _) = aggregator_server().await;
    let busy = aggregator_gateway(&base, "/busy", &[202])
        .send(&SmsMessage::new(TO, "x"))
        .await
        .unwrap_err();
    assert_eq!(busy.kind, FailureKind::ServerError, "{busy}");
    let slow = aggregator_gateway(&base, "/slow-down", &[202])
        .send(&SmsMessage::new(TO, "x"))
        .await
        .unwrap_err();
    assert_eq!(slow.kind, FailureKind::RateLimited, "{slow}");
    let bad = aggregator_gateway(&base, "/echo-bad", &[202])
        .send(&SmsMessage::new(TO, "Code 482913"))
        .await
        .unwrap_err();
    assert_eq!(bad.kind, FailureKind::Rejected, "{bad}");
    assert!(
        bad.detail.contains("HTTP 400") && bad.detail.contains("cannot send"),
        "{bad}"
    );
    assert!(
        !bad.detail.contains("482913") && !bad.detail.contains("7400123958"),
        "{bad}"
    );
}

#[tokio::test]
async fn http_gateway_with_a_wrong_token_is_unauthorized_and_hides_it() {
    let (base, _) = aggregator_server().await;
    // SAFETY: a variable only this test uses.
    unsafe { std::env::set_var("LOBBY_KIOSK_TEST_AGG_WRONG", "wrong-token-456") };
    let config = servers::http(
        "aggregator",
        &format!("{base}/send"),
        &[("Authorization", "Bearer ${LOBBY_KIOSK_TEST_AGG_WRONG}")],
        "to={to}&text={text}",
        &[202],
    );
    let err = HttpGateway::new(&config)
        .unwrap()
        .send(&SmsMessage::new(TO, "x"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, FailureKind::Unauthorized, "{err}");
    assert!(!err.detail.contains("wrong-token-456"), "{err}");
}

#[tokio::test]
async fn http_gateway_with_an_unset_env_variable_fails_over_without_sending() {
    let (base, seen) = aggregator_server().await;
    let dir = tempfile::tempdir().unwrap();
    let outbox = dir.path().join("outbox.txt");
    let config = servers::http(
        "aggregator",
        &format!("{base}/send"),
        &[("Authorization", "Bearer ${LOBBY_KIOSK_TEST_NEVER_SET}")],
        JSON_BODY,
        &[202],
    );
    let chain = GatewayChain::from_config(&[config, servers::outbox("demo", &outbox)]).unwrap();
    let mut attempts = Vec::new();
    let delivery = chain
        .send(&SmsMessage::new(TO, "x"), &mut |a| attempts.push(a.clone()))
        .await
        .unwrap();
    assert_eq!(delivery.gateway, "demo");
    let failure = attempts[0].outcome.as_ref().unwrap_err();
    assert!(
        failure.detail.contains("LOBBY_KIOSK_TEST_NEVER_SET"),
        "{failure}"
    );
    assert_eq!(seen.count(), 0);
}

#[tokio::test]
async fn http_gateway_get_with_placeholders_in_the_url() {
    let (base, seen) = aggregator_server().await;
    set_token();
    let mut config = servers::http(
        "aggregator",
        &format!("{base}/send?to={{to_digits}}&msg={{text}}"),
        &[("Authorization", "Bearer ${LOBBY_KIOSK_TEST_AGG_TOKEN}")],
        "",
        &[202],
    );
    if let lobby_kiosk::config::GatewayKind::Http { method, .. } = &mut config.kind {
        *method = "GET".into();
    }
    HttpGateway::new(&config)
        .unwrap()
        .send(&SmsMessage::new(TO, "Olá & 482913"))
        .await
        .unwrap();
    let r = &seen.all()[0];
    assert_eq!(r.method, "GET");
    assert_eq!(r.path, "/send");
    let query = r.query_params();
    assert_eq!(query["to"], "447400123958");
    assert_eq!(
        query["msg"], "Olá & 482913",
        "percent-encoded in the URL, decoded intact"
    );
    assert!(r.body.is_empty());
}
