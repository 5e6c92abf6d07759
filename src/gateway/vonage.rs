//! Vonage (Nexmo) SMS API: `POST {base_url}/sms/json` with form fields `api_key`, `api_secret`,
//! `from`, `to` (E.164 digits without `+`), `text`, and `type=unicode` for non-GSM text.
//!
//! The answer is HTTP 200 with one entry per SMS part, each with a `status` string; "0" is
//! accepted. Codes mapped (docs: <https://developer.vonage.com/messaging/sms/guides/troubleshooting-sms>):
//! 1 throttled, 5 internal error, 10 too many binds → fail over; 6 unroutable number prefix and
//! 33 deactivated number → invalid number; 7 barred number → opted out/barred; everything else
//! (2/3 parameters, 4/14/32 credentials, 8 account barred, 9 out of credit, 15 sender not
//! allowed, 29 demo account …) → fails over with a sanitised excerpt of Vonage's `error-text`
//! in the error.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::config::{GatewayConfig, GatewayKind};

use super::client::{Redactor, build_client, endpoint, exchange, status_failure};
use super::text::{Encoding, encoding_for};
use super::{Accepted, BoxFuture, Failure, FailureKind, SmsGateway, SmsMessage};

pub struct VonageGateway {
    client: reqwest::Client,
    endpoint: reqwest::Url,
    api_key: String,
    api_secret: SecretString,
    from: String,
    timeout_ms: u128,
}

#[derive(Debug, Deserialize)]
struct Response {
    #[serde(default)]
    messages: Vec<Part>,
}

#[derive(Debug, Deserialize)]
struct Part {
    status: String,
    #[serde(rename = "message-id", default)]
    message_id: Option<String>,
    #[serde(rename = "error-text", default)]
    error_text: Option<String>,
}

impl VonageGateway {
    pub fn new(config: &GatewayConfig) -> Result<Self, String> {
        let GatewayKind::Vonage {
            base_url,
            api_key,
            api_secret,
            from,
        } = &config.kind
        else {
            return Err("not a vonage gateway".into());
        };
        let endpoint = endpoint(base_url, &["sms", "json"])?;
        Ok(Self {
            client: build_client(config)?,
            endpoint,
            api_key: api_key.clone(),
            api_secret: api_secret.clone(),
            from: from.clone(),
            timeout_ms: config.timeout.as_millis(),
        })
    }

    async fn send_one(&self, msg: &SmsMessage) -> Result<Accepted, Failure> {
        let redactor = Redactor::new(msg).with_secret(self.api_secret.expose_secret());
        let mut form: Vec<(&str, String)> = vec![
            ("api_key", self.api_key.clone()),
            ("api_secret", self.api_secret.expose_secret().to_owned()),
            ("from", self.from.clone()),
            ("to", msg.to.trim_start_matches('+').to_owned()),
            ("text", msg.text.clone()),
        ];
        if encoding_for(&msg.text) == Encoding::Ucs2 {
            form.push(("type", "unicode".into()));
        }
        if let Some(validity) = msg.validity {
            // Vonage's `ttl` is in milliseconds (20 000 minimum).
            form.push(("ttl", (validity.as_millis().max(20_000)).to_string()));
        }
        let (status, body) = exchange(
            self.client.post(self.endpoint.clone()).form(&form),
            self.timeout_ms,
            &redactor,
        )
        .await?;
        if !(200..300).contains(&status) {
            return Err(status_failure(
                status,
                &redactor.answer(&body),
                "check api_key and api_secret_env/api_secret_file",
            ));
        }
        let parsed: Response = serde_json::from_str(&body).map_err(|e| {
            Failure::ambiguous(
                FailureKind::Rejected,
                format!(
                    "HTTP {status} with an unreadable body {} ({e}); is base_url really Vonage's SMS API?",
                    redactor.answer(&body)
                ),
            )
        })?;
        if let Some(bad) = parsed.messages.iter().find(|p| p.status != "0") {
            let text = redactor.quote(bad.error_text.as_deref().unwrap_or(""));
            let status = if redactor.may_show_code(&bad.status) {
                bad.status.as_str()
            } else {
                "(not a Vonage status)"
            };
            return Err(status_code_failure(status, &text));
        }
        let Some(first) = parsed.messages.first() else {
            return Err(Failure::ambiguous(
                FailureKind::Rejected,
                format!(
                    "HTTP {status} listing no messages {}",
                    redactor.answer(&body)
                ),
            ));
        };
        Ok(Accepted {
            message_id: first.message_id.clone(),
            note: None,
        })
    }
}

fn status_code_failure(code: &str, error_text: &str) -> Failure {
    let (kind, hint) = match code {
        "1" => (
            FailureKind::RateLimited,
            "sending faster than the account allows",
        ),
        "5" | "10" => (FailureKind::ServerError, "Vonage has a problem on its side"),
        "6" | "33" => (
            FailureKind::InvalidNumber,
            "the number cannot be routed or is deactivated",
        ),
        "7" => (FailureKind::OptedOut, "the number is barred"),
        "4" | "14" | "32" => (
            FailureKind::Unauthorized,
            "check api_key and api_secret_env/api_secret_file in the Vonage dashboard",
        ),
        "8" => (
            FailureKind::Rejected,
            "the Vonage account is suspended; contact Vonage",
        ),
        "9" => (
            FailureKind::Rejected,
            "the Vonage account is out of credit; top it up",
        ),
        "15" => (
            FailureKind::Rejected,
            "from is not an allowed sender for this account",
        ),
        "29" => (
            FailureKind::Rejected,
            "the account is in demo mode and the number is not whitelisted",
        ),
        "2" | "3" => (
            FailureKind::Rejected,
            "a parameter is missing or invalid; check from",
        ),
        _ => (FailureKind::Rejected, "see Vonage's SMS API error list"),
    };
    let said = if error_text.is_empty() {
        String::new()
    } else {
        format!(" \"{error_text}\"")
    };
    Failure::new(kind, format!("Vonage status {code}{said}; {hint}"))
}

impl SmsGateway for VonageGateway {
    fn kind(&self) -> &'static str {
        "vonage"
    }

    fn send<'a>(&'a self, msg: &'a SmsMessage) -> BoxFuture<'a, Result<Accepted, Failure>> {
        Box::pin(self.send_one(msg))
    }
}
