//! Generic HTTP gateway for in-house or regional aggregators: `method` + `url` + `headers` +
//! `body` template; success is any of `success_status`.
//!
//! Placeholders, expanded at send time in one pass (a value is never expanded again):
//! - `{to}` (E.164 with `+`), `{to_digits}` (without `+`), `{text}` in `url` and `body`;
//! - `${ENV_NAME}` in `url`, `headers` and `body`: the environment variable's value, so no
//!   secret sits in kiosk.toml. An unset variable fails this gateway (and fails over).
//!
//! Escaping follows the request: in `url` every value is percent-encoded; in `body` `{to}` and
//! `{text}` are JSON-string-escaped when the `Content-Type` header mentions `json`,
//! form-encoded when it is `application/x-www-form-urlencoded`, and inserted as is otherwise.
//! `${ENV}` values go into headers and body as is.
//!
//! Any other answer: 429 and 5xx fail over as transient, 401/403 as bad credentials, other
//! codes as a refused request; the error quotes the (redacted) body.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::config::{GatewayConfig, GatewayKind};

use super::client::{Redactor, build_client, exchange, status_failure};
use super::{Accepted, BoxFuture, Failure, FailureKind, SmsGateway, SmsMessage};

pub struct HttpGateway {
    client: reqwest::Client,
    method: reqwest::Method,
    url: String,
    headers: BTreeMap<String, String>,
    body: String,
    success_status: Vec<u16>,
    body_escape: Escape,
    timeout_ms: u128,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    Raw,
    Json,
    Form,
    Url,
}

impl Escape {
    fn apply(self, value: &str) -> String {
        match self {
            Escape::Raw => value.to_owned(),
            Escape::Json => {
                let quoted = Value::from(value).to_string();
                quoted
                    .get(1..quoted.len().saturating_sub(1))
                    .unwrap_or_default()
                    .to_owned()
            }
            Escape::Form => url::form_urlencoded::byte_serialize(value.as_bytes()).collect(),
            // byte_serialize writes a space as '+' and a '+' as %2B, so every '+' is a space.
            Escape::Url => url::form_urlencoded::byte_serialize(value.as_bytes())
                .collect::<String>()
                .replace('+', "%20"),
        }
    }
}

/// Expands `{to}`, `{to_digits}`, `{text}` (escaped with `escape`) and `${ENV}` (escaped with
/// `env_escape`). Returns the rendered text and the env values used (to redact them later).
fn render(
    template: &str,
    msg: &SmsMessage,
    escape: Escape,
    env_escape: Escape,
    secrets: &mut Vec<String>,
) -> Result<String, String> {
    let mut out = String::with_capacity(template.len() + msg.text.len());
    let mut rest = template;
    loop {
        let next = [rest.find("${"), rest.find('{')]
            .into_iter()
            .flatten()
            .min();
        let Some(i) = next else {
            out.push_str(rest);
            return Ok(out);
        };
        out.push_str(rest.get(..i).unwrap_or(""));
        let tail = rest.get(i..).unwrap_or("");
        if let Some(after) = tail.strip_prefix("${") {
            let Some(end) = after.find('}') else {
                out.push_str(tail);
                return Ok(out);
            };
            let name = after.get(..end).unwrap_or("");
            let value = std::env::var(name)
                .ok()
                .filter(|v| !v.is_empty())
                .ok_or_else(|| format!("environment variable {name} (named as ${{{name}}}) is not set for the kiosk process; set it, e.g. in the service's EnvironmentFile"))?;
            out.push_str(&env_escape.apply(&value));
            secrets.push(value);
            rest = after.get(end + 1..).unwrap_or("");
            continue;
        }
        let placeholders = [
            ("{to}", msg.to.as_str()),
            ("{to_digits}", msg.to.trim_start_matches('+')),
            ("{text}", msg.text.as_str()),
        ];
        match placeholders.iter().find(|(p, _)| tail.starts_with(p)) {
            Some((p, value)) => {
                out.push_str(&escape.apply(value));
                rest = tail.get(p.len()..).unwrap_or("");
            }
            None => {
                out.push('{');
                rest = tail.get(1..).unwrap_or("");
            }
        }
    }
}

impl HttpGateway {
    pub fn new(config: &GatewayConfig) -> Result<Self, String> {
        let GatewayKind::Http {
            url,
            method,
            headers,
            body,
            success_status,
        } = &config.kind
        else {
            return Err("not an http gateway".into());
        };
        let method = reqwest::Method::from_bytes(method.to_ascii_uppercase().as_bytes())
            .map_err(|_| format!("method {method:?} is not an HTTP method"))?;
        let content_type = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("content-type"))
            .map(|(_, v)| v.to_ascii_lowercase())
            .unwrap_or_default();
        let body_escape = if content_type.contains("json") {
            Escape::Json
        } else if content_type.contains("x-www-form-urlencoded") {
            Escape::Form
        } else {
            Escape::Raw
        };
        Ok(Self {
            client: build_client(config)?,
            method,
            url: url.clone(),
            headers: headers.clone(),
            body: body.clone(),
            success_status: if success_status.is_empty() {
                vec![200, 201, 202]
            } else {
                success_status.clone()
            },
            body_escape,
            timeout_ms: config.timeout.as_millis(),
        })
    }

    async fn send_one(&self, msg: &SmsMessage) -> Result<Accepted, Failure> {
        let mut secrets = Vec::new();
        let config_failure = |reason: String| Failure::new(FailureKind::Rejected, reason);
        let url = render(&self.url, msg, Escape::Url, Escape::Url, &mut secrets)
            .map_err(config_failure)?;
        let body = render(&self.body, msg, self.body_escape, Escape::Raw, &mut secrets)
            .map_err(config_failure)?;
        let mut request = self.client.request(self.method.clone(), &url);
        for (name, template) in &self.headers {
            let value = render(template, msg, Escape::Raw, Escape::Raw, &mut secrets)
                .map_err(config_failure)?;
            request = request.header(name.as_str(), value);
        }
        if self.method != reqwest::Method::GET || !body.is_empty() {
            request = request.body(body);
        }
        let redactor = secrets
            .iter()
            .fold(Redactor::new(msg), |r, secret| r.with_secret(secret));
        let (status, text) = exchange(request, self.timeout_ms, &redactor).await?;
        if self.success_status.contains(&status) {
            return Ok(Accepted {
                message_id: message_id(&text),
                note: None,
            });
        }
        Err(status_failure(
            status,
            &redactor.answer(&text),
            "check the credentials in headers/body (${ENV} values)",
        ))
    }
}

/// A message id from a JSON answer's top-level `id`, `message_id` or `messageId`, if any.
fn message_id(body: &str) -> Option<String> {
    let value: Value = serde_json::from_str(body).ok()?;
    ["id", "message_id", "messageId"]
        .iter()
        .find_map(|key| match value.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        })
}

impl SmsGateway for HttpGateway {
    fn kind(&self) -> &'static str {
        "http"
    }

    fn send<'a>(&'a self, msg: &'a SmsMessage) -> BoxFuture<'a, Result<Accepted, Failure>> {
        Box::pin(self.send_one(msg))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg() -> SmsMessage {
        SmsMessage::new("+447400123958", "Code \"12\" & more\n")
    }

    #[test]
    fn json_body_escapes_placeholders() {
        let mut s = Vec::new();
        let out = render(
            r#"{"to":"{to}","msg":"{text}"}"#,
            &msg(),
            Escape::Json,
            Escape::Raw,
            &mut s,
        )
        .unwrap();
        let v: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(v["to"], "+447400123958");
        assert_eq!(v["msg"], "Code \"12\" & more\n");
    }

    #[test]
    fn form_and_url_escaping() {
        let mut s = Vec::new();
        let out = render(
            "to={to}&text={text}",
            &msg(),
            Escape::Form,
            Escape::Raw,
            &mut s,
        )
        .unwrap();
        assert_eq!(out, "to=%2B447400123958&text=Code+%2212%22+%26+more%0A");
        let out = render(
            "https://x/send/{to_digits}?t={text}",
            &msg(),
            Escape::Url,
            Escape::Url,
            &mut s,
        )
        .unwrap();
        assert_eq!(
            out,
            "https://x/send/447400123958?t=Code%20%2212%22%20%26%20more%0A"
        );
    }

    #[test]
    fn env_placeholders_expand_once_and_are_remembered_for_redaction() {
        // SAFETY: the variable name is unique to this test.
        unsafe { std::env::set_var("LOBBY_KIOSK_TEST_HTTP_TOKEN", "tok-{to}") };
        let mut s = Vec::new();
        let out = render(
            "Bearer ${LOBBY_KIOSK_TEST_HTTP_TOKEN}",
            &msg(),
            Escape::Raw,
            Escape::Raw,
            &mut s,
        )
        .unwrap();
        assert_eq!(out, "Bearer tok-{to}", "a value is not expanded again");
        assert_eq!(s, vec!["tok-{to}".to_owned()]);
        let err = render(
            "${LOBBY_KIOSK_TEST_UNSET_VAR}",
            &msg(),
            Escape::Raw,
            Escape::Raw,
            &mut s,
        )
        .unwrap_err();
        assert!(err.contains("LOBBY_KIOSK_TEST_UNSET_VAR"), "{err}");
    }

    #[test]
    fn unknown_braces_stay() {
        let mut s = Vec::new();
        let out = render("{a} {to", &msg(), Escape::Raw, Escape::Raw, &mut s).unwrap();
        assert_eq!(out, "{a} {to");
    }

    #[test]
    fn message_ids_from_common_json_shapes() {
        assert_eq!(message_id(r#"{"id":"abc"}"#).as_deref(), Some("abc"));
        assert_eq!(message_id(r#"{"message_id":42}"#).as_deref(), Some("42"));
        assert_eq!(message_id("OK"), None);
    }
}
