//! Twilio Programmable Messaging: `POST {base_url}/2010-04-01/Accounts/{AccountSid}/Messages.json`
//! with Basic auth (Account SID + auth token) and form fields `To`, `From` or
//! `MessagingServiceSid`, `Body`, `ValidityPeriod`.
//!
//! Error codes mapped (docs: <https://www.twilio.com/docs/api/errors>): 21211 invalid `To`,
//! 21614 / 21635 not a mobile / landline, 21610 recipient replied STOP, 20003 authentication
//! failed, 20429 or HTTP 429 too many requests. Any other code fails over with Twilio's code,
//! its docs link and a sanitised excerpt of Twilio's message in the error.

use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;

use crate::config::{GatewayConfig, GatewayKind, TwilioSender};

use super::client::{Redactor, build_client, endpoint, exchange, status_failure};
use super::{Accepted, BoxFuture, Failure, FailureKind, SmsGateway, SmsMessage};

/// Twilio accepts 1 to 36000 seconds.
const MAX_VALIDITY_S: u64 = 36_000;

pub struct TwilioGateway {
    client: reqwest::Client,
    endpoint: reqwest::Url,
    account_sid: String,
    auth_token: SecretString,
    sender: TwilioSender,
    timeout_ms: u128,
}

/// The Message resource Twilio returns on 201 (only the fields used).
#[derive(Debug, Deserialize)]
struct MessageResource {
    sid: String,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    error_code: Option<i64>,
    #[serde(default)]
    error_message: Option<String>,
}

/// Twilio's REST error body. Its `more_info` link is not used: the kiosk builds the link from
/// the code, so no provider-chosen URL reaches the error.
#[derive(Debug, Deserialize)]
struct ErrorBody {
    code: Option<i64>,
    message: Option<String>,
}

impl TwilioGateway {
    pub fn new(config: &GatewayConfig) -> Result<Self, String> {
        let GatewayKind::Twilio {
            base_url,
            account_sid,
            auth_token,
            sender,
        } = &config.kind
        else {
            return Err("not a twilio gateway".into());
        };
        let endpoint = endpoint(
            base_url,
            &["2010-04-01", "Accounts", account_sid, "Messages.json"],
        )?;
        Ok(Self {
            client: build_client(config)?,
            endpoint,
            account_sid: account_sid.clone(),
            auth_token: auth_token.clone(),
            sender: sender.clone(),
            timeout_ms: config.timeout.as_millis(),
        })
    }

    async fn send_one(&self, msg: &SmsMessage) -> Result<Accepted, Failure> {
        let redactor = Redactor::new(msg);
        let mut form: Vec<(&str, String)> =
            vec![("To", msg.to.clone()), ("Body", msg.text.clone())];
        match &self.sender {
            TwilioSender::From(from) => form.push(("From", from.clone())),
            TwilioSender::MessagingService(sid) => form.push(("MessagingServiceSid", sid.clone())),
        }
        if let Some(validity) = msg.validity {
            form.push((
                "ValidityPeriod",
                validity.as_secs().clamp(1, MAX_VALIDITY_S).to_string(),
            ));
        }
        let (status, body) = exchange(
            self.client
                .post(self.endpoint.clone())
                .basic_auth(&self.account_sid, Some(self.auth_token.expose_secret()))
                .form(&form),
            self.timeout_ms,
            &redactor,
        )
        .await?;
        if (200..300).contains(&status) {
            return match serde_json::from_str::<MessageResource>(&body) {
                Ok(m) if matches!(m.status.as_deref(), Some("failed" | "undelivered")) => {
                    Err(code_failure(
                        m.error_code,
                        status,
                        &format!(
                            "\"{}\"",
                            redactor.quote(m.error_message.as_deref().unwrap_or("message failed"))
                        ),
                        &redactor,
                    ))
                }
                Ok(m) => Ok(Accepted {
                    message_id: Some(m.sid),
                    note: None,
                }),
                // Twilio said yes but we cannot read the SID: it was sent.
                Err(e) => Ok(Accepted {
                    message_id: None,
                    note: Some(format!("HTTP {status} with an unreadable body ({e})")),
                }),
            };
        }
        let error: ErrorBody = serde_json::from_str(&body).unwrap_or(ErrorBody {
            code: None,
            message: None,
        });
        let message = match &error.message {
            Some(m) => format!("\"{}\"", redactor.quote(m)),
            None => redactor.answer(&body),
        };
        Err(code_failure(error.code, status, &message, &redactor))
    }
}

/// `message` is already a sanitised excerpt. Twilio's code classifies the failure; it is shown
/// (with its docs link) only when it cannot be an echo of the SMS code or the number.
fn code_failure(code: Option<i64>, status: u16, message: &str, redactor: &Redactor) -> Failure {
    let shown = code
        .map(|c| c.to_string())
        .filter(|c| redactor.may_show_code(c));
    let code_text = shown
        .as_ref()
        .map_or(String::new(), |c| format!(" error {c}"));
    let link = shown.as_ref().map_or(String::new(), |c| {
        format!(" (see https://www.twilio.com/docs/errors/{c})")
    });
    let said = format!("HTTP {status}{code_text} {message}{link}");
    let (kind, hint) = match (code, status) {
        (Some(21211), _) => (FailureKind::InvalidNumber, "the number is not valid"),
        (Some(21614 | 21635), _) => (
            FailureKind::NotSmsCapable,
            "the number cannot receive SMS (landline?)",
        ),
        (Some(21610), _) => (
            FailureKind::OptedOut,
            "the guest replied STOP to this sender earlier",
        ),
        (Some(20003), _) | (_, 401) => (
            FailureKind::Unauthorized,
            "check account_sid and auth_token_env/auth_token_file",
        ),
        (Some(20429), _) | (_, 429) => (
            FailureKind::RateLimited,
            "Twilio is rate limiting this account",
        ),
        (_, 500..=599) => (FailureKind::ServerError, "Twilio has a problem on its side"),
        _ => {
            return status_failure(
                status,
                format!("{code_text} {message}{link}").trim_start(),
                "check account_sid and auth_token",
            );
        }
    };
    Failure::new(kind, format!("{said}; {hint}"))
}

impl SmsGateway for TwilioGateway {
    fn kind(&self) -> &'static str {
        "twilio"
    }

    fn send<'a>(&'a self, msg: &'a SmsMessage) -> BoxFuture<'a, Result<Accepted, Failure>> {
        Box::pin(self.send_one(msg))
    }
}
