//! Kannel's smsbox `sendsms` HTTP interface (measured against Kannel 1.4.5).
//!
//! Kannel facts this code relies on (IT: check these when a Kannel gateway fails):
//! - success is HTTP 202 `0: Accepted for delivery`, or `3: Queued for later delivery` when
//!   bearerbox has no SMSC connected (accepted, but it goes out only once one connects);
//! - 403 `Authorization failed for sendsms`: `username`/password do not match a
//!   `group = sendsms-user` in kannel.conf;
//! - 400 for a missing sender (`Sender missing and no global set`: set `from` here or
//!   `default-sender` in kannel.conf) or a receiver denied by Kannel's white/black lists;
//! - connection refused when smsbox is down; a hung bearerbox hangs the request, hence the
//!   mandatory timeout.
//!
//! Every parameter is percent-encoded (`+` in `to` as `%2B`, else Kannel silently drops it).
//! Text outside GSM-7 goes as `coding=2&charset=UTF-8`; without it Kannel answers 202 and
//! replaces the characters with `?`.

use secrecy::{ExposeSecret, SecretString};

use crate::config::{GatewayConfig, GatewayKind};

use super::client::{Redactor, build_client, exchange, status_failure};
use super::text::{Encoding, encoding_for};
use super::{Accepted, BoxFuture, Failure, FailureKind, SmsGateway, SmsMessage};

pub struct KannelGateway {
    client: reqwest::Client,
    endpoint: reqwest::Url,
    username: String,
    password: SecretString,
    from: Option<String>,
    timeout_ms: u128,
}

impl KannelGateway {
    pub fn new(config: &GatewayConfig) -> Result<Self, String> {
        let GatewayKind::Kannel {
            url,
            username,
            password,
            from,
        } = &config.kind
        else {
            return Err("not a kannel gateway".into());
        };
        let endpoint = sendsms_endpoint(url)?;
        Ok(Self {
            client: build_client(config)?,
            endpoint,
            username: username.clone(),
            password: password.clone(),
            from: from.clone().filter(|f| !f.is_empty()),
            timeout_ms: config.timeout.as_millis(),
        })
    }

    async fn send_one(&self, msg: &SmsMessage) -> Result<Accepted, Failure> {
        let redactor = Redactor::new(msg);
        let coding = match encoding_for(&msg.text) {
            Encoding::Gsm7 => "0",
            Encoding::Ucs2 => "2",
        };
        let mut query: Vec<(&str, String)> = vec![
            ("username", self.username.clone()),
            ("password", self.password.expose_secret().to_owned()),
            ("to", msg.to.clone()),
            ("text", msg.text.clone()),
            ("charset", "UTF-8".into()),
            ("coding", coding.into()),
        ];
        if let Some(from) = &self.from {
            query.push(("from", from.clone()));
        }
        if let Some(validity) = msg.validity {
            // Kannel's validity is in minutes; round up so the code is never cut short.
            query.push((
                "validity",
                validity.as_secs().div_ceil(60).max(1).to_string(),
            ));
        }
        let (status, body) = exchange(
            self.client.get(self.endpoint.clone()).query(&query),
            self.timeout_ms,
            &redactor,
        )
        .await?;
        let answer = redactor.answer(&body);
        let trimmed = body.trim();
        match status {
            200..=299 if trimmed.starts_with("0:") => Ok(Accepted {
                message_id: None,
                note: None,
            }),
            200..=299 if trimmed.starts_with("3:") => Ok(Accepted {
                message_id: None,
                note: Some(format!(
                    "Kannel answered {answer}: no SMSC is connected to bearerbox, the SMS leaves when one connects"
                )),
            }),
            200..=299 => Err(Failure::ambiguous(
                FailureKind::Rejected,
                format!(
                    "HTTP {status} with an unexpected answer {answer}; is url really Kannel's smsbox?"
                ),
            )),
            403 => Err(Failure::new(
                FailureKind::Unauthorized,
                format!(
                    "HTTP 403 {answer}; username and password_env/password_file must match a sendsms-user group in kannel.conf"
                ),
            )),
            400 if trimmed.contains("denied by white- and/or black-lists") => Err(Failure::new(
                FailureKind::OptedOut,
                format!("HTTP 400 {answer}; Kannel's white/black lists bar this number"),
            )),
            400 if trimmed.starts_with("Sender missing") => Err(Failure::new(
                FailureKind::Rejected,
                format!(
                    "HTTP 400 {answer}; set from in this [[gateway]] or default-sender in kannel.conf's sendsms-user"
                ),
            )),
            // "Missing receiver number" / "Empty receiver number not allowed".
            400 if trimmed.contains("receiver number") => Err(Failure::new(
                FailureKind::Rejected,
                format!(
                    "HTTP 400 {answer}; the kiosk sent no receiver number, which is a bug: report it"
                ),
            )),
            _ => Err(status_failure(
                status,
                &answer,
                "username and password must match a sendsms-user group in kannel.conf",
            )),
        }
    }
}

/// smsbox's `/cgi-bin/sendsms` under `url` (or `url` itself when it already ends there), built
/// with URL path segments so nothing in `url` can run into the parameters. A query or fragment
/// in `url` is refused (check-config names its keys): the parameters are the kiosk's alone.
fn sendsms_endpoint(url: &str) -> Result<reqwest::Url, String> {
    let mut endpoint =
        reqwest::Url::parse(url).map_err(|e| format!("url {url:?} is not a URL ({e})"))?;
    if endpoint.query().is_some() || endpoint.fragment().is_some() {
        return Err(format!(
            "url {:?} has a query or fragment; the kiosk sends every sendsms parameter itself: write only the smsbox address",
            endpoint.origin().ascii_serialization()
        ));
    }
    let already = endpoint.path_segments().is_some_and(|s| {
        s.filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .ends_with(&["cgi-bin", "sendsms"])
    });
    let mut segments = endpoint
        .path_segments_mut()
        .map_err(|()| format!("url {url:?} cannot take a path"))?;
    segments.pop_if_empty();
    if !already {
        segments.extend(["cgi-bin", "sendsms"]);
    }
    drop(segments);
    Ok(endpoint)
}

impl SmsGateway for KannelGateway {
    fn kind(&self) -> &'static str {
        "kannel"
    }

    fn send<'a>(&'a self, msg: &'a SmsMessage) -> BoxFuture<'a, Result<Accepted, Failure>> {
        Box::pin(self.send_one(msg))
    }
}

#[cfg(test)]
mod tests {
    use super::sendsms_endpoint;

    #[test]
    fn the_endpoint_is_built_from_path_segments() {
        for (url, want) in [
            (
                "http://127.0.0.1:13013",
                "http://127.0.0.1:13013/cgi-bin/sendsms",
            ),
            (
                "http://127.0.0.1:13013/",
                "http://127.0.0.1:13013/cgi-bin/sendsms",
            ),
            (
                "https://sms.hotel.pt/kannel",
                "https://sms.hotel.pt/kannel/cgi-bin/sendsms",
            ),
            (
                "http://127.0.0.1:13013/cgi-bin/sendsms",
                "http://127.0.0.1:13013/cgi-bin/sendsms",
            ),
            (
                "http://127.0.0.1:13013/cgi-bin/sendsms/",
                "http://127.0.0.1:13013/cgi-bin/sendsms",
            ),
        ] {
            assert_eq!(sendsms_endpoint(url).unwrap().as_str(), want, "{url}");
        }
    }

    #[test]
    fn a_query_or_fragment_in_the_url_is_refused_without_echoing_it() {
        for url in [
            "http://127.0.0.1:13013/cgi-bin/sendsms?username=other&password=s3cret&smsc=x",
            "http://127.0.0.1:13013/#x",
        ] {
            let err = sendsms_endpoint(url).unwrap_err();
            assert!(err.contains("query or fragment"), "{err}");
            assert!(!err.contains("s3cret"), "{err}");
        }
    }
}
