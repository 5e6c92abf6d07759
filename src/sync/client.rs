//! The HTTP side of protocol v1: one reqwest client (rustls + ring, system roots through the
//! platform verifier, optional private CA and client certificate), three calls, and the
//! classification of every failure into "try again later" or "credentials refused".

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderValue, RETRY_AFTER};
use secrecy::ExposeSecret;
use serde::de::DeserializeOwned;

use super::SyncError;
use super::commands::CommandsResponse;
use super::pull::ArrivalsResponse;
use super::push::PushResponse;
use crate::config::UpstreamConfig;
use crate::tls::install_crypto_provider;

/// Why a call did not produce a usable answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CallError {
    /// 5xx, 429, other unexpected statuses, timeouts, connection errors, unparsable bodies:
    /// retry the same request later.
    Transient {
        reason: String,
        retry_after: Option<Duration>,
    },
    /// 401/403: stop and tell IT.
    AuthRefused { status: u16 },
}

impl std::fmt::Display for CallError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CallError::Transient { reason, .. } => f.write_str(reason),
            CallError::AuthRefused { status } => {
                write!(f, "{} (HTTP {status})", super::status::CREDENTIALS_REFUSED)
            }
        }
    }
}

/// The header telling upstream how many events this kiosk has not pushed yet (its monitoring
/// shows a growing backlog before the journal fills).
pub const BACKLOG: &str = "x-kiosk-backlog";

#[derive(Debug, Clone)]
pub struct UpstreamClient {
    http: reqwest::Client,
    base: String,
}

impl UpstreamClient {
    pub fn new(cfg: &UpstreamConfig, kiosk_id: &str) -> Result<UpstreamClient, SyncError> {
        install_crypto_provider();
        let mut headers = HeaderMap::new();
        let mut auth =
            HeaderValue::from_str(&format!("Bearer {}", cfg.token.expose_secret().trim()))
                .map_err(|_| {
                    SyncError::Tls(
                        "the upstream token contains characters not allowed in an HTTP header"
                            .into(),
                    )
                })?;
        auth.set_sensitive(true);
        headers.insert(AUTHORIZATION, auth);
        headers.insert(
            "x-kiosk-id",
            HeaderValue::from_str(kiosk_id)
                .map_err(|_| SyncError::Tls("the kiosk id is not a valid header value".into()))?,
        );
        let read = |p: &std::path::Path| {
            std::fs::read(p)
                .map_err(|e| SyncError::Tls(format!("cannot read {}: {e}", p.display())))
        };
        let mut builder = reqwest::Client::builder()
            .default_headers(headers)
            .timeout(cfg.timeout)
            .connect_timeout(cfg.timeout)
            .user_agent(concat!("lobby-kiosk/", env!("CARGO_PKG_VERSION")))
            // A kiosk talks to one configured host; a proxy from the environment would be a
            // surprise in a lobby, and redirects would carry the bearer token elsewhere.
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .tls_backend_rustls();
        if let Some(ca) = &cfg.ca_file {
            // A private CA replaces the system roots: only the hub's own PKI is trusted.
            let certs = reqwest::Certificate::from_pem_bundle(&read(ca)?).map_err(|e| {
                SyncError::Tls(format!(
                    "{}: not a PEM certificate bundle: {e}",
                    ca.display()
                ))
            })?;
            if certs.is_empty() {
                return Err(SyncError::Tls(format!(
                    "{} holds no PEM certificate",
                    ca.display()
                )));
            }
            builder = builder.tls_certs_only(certs);
        }
        if let (Some(cert), Some(key)) = (&cfg.client_cert, &cfg.client_key) {
            let mut pem = read(cert)?;
            pem.push(b'\n');
            pem.extend(read(key)?);
            let identity = reqwest::Identity::from_pem(&pem).map_err(|e| {
                SyncError::Tls(format!(
                    "client certificate {} / key {}: {e}",
                    cert.display(),
                    key.display()
                ))
            })?;
            builder = builder.identity(identity);
        }
        let http = builder.build().map_err(|e| SyncError::Tls(e.to_string()))?;
        Ok(UpstreamClient {
            http,
            base: cfg.url.trim_end_matches('/').to_owned(),
        })
    }

    /// `POST /v1/events` with a body already serialised by the push module; `backlog` is how
    /// many events wait behind this batch (`X-Kiosk-Backlog`).
    pub async fn push(&self, body: Vec<u8>, backlog: i64) -> Result<PushResponse, CallError> {
        let request = self
            .http
            .post(format!("{}/v1/events", self.base))
            .header(CONTENT_TYPE, "application/json")
            .header(BACKLOG, backlog)
            .body(body);
        self.call(request).await
    }

    /// `GET /v1/arrivals[?since=cursor]`.
    pub async fn arrivals(&self, since: Option<&str>) -> Result<ArrivalsResponse, CallError> {
        let mut request = self.http.get(format!("{}/v1/arrivals", self.base));
        if let Some(cursor) = since {
            request = request.query(&[("since", cursor)]);
        }
        self.call(request).await
    }

    /// `GET /v1/commands[?after=id]`.
    pub async fn commands(
        &self,
        after: Option<&str>,
        backlog: i64,
    ) -> Result<CommandsResponse, CallError> {
        let mut request = self
            .http
            .get(format!("{}/v1/commands", self.base))
            .header(BACKLOG, backlog);
        if let Some(id) = after {
            request = request.query(&[("after", id)]);
        }
        self.call(request).await
    }

    async fn call<T: DeserializeOwned>(
        &self,
        request: reqwest::RequestBuilder,
    ) -> Result<T, CallError> {
        let response = request.send().await.map_err(transport)?;
        let status = response.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(CallError::AuthRefused {
                status: status.as_u16(),
            });
        }
        if !status.is_success() {
            let retry_after = response
                .headers()
                .get(RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(parse_retry_after);
            return Err(CallError::Transient {
                reason: format!("upstream answered HTTP {}", status.as_u16()),
                retry_after,
            });
        }
        let body = response.bytes().await.map_err(transport)?;
        serde_json::from_slice(&body).map_err(|e| CallError::Transient {
            reason: format!("upstream sent a body that is not protocol v1 JSON ({e})"),
            retry_after: None,
        })
    }
}

fn transport(e: reqwest::Error) -> CallError {
    let what = if e.is_timeout() {
        "upstream did not answer in time"
    } else if e.is_connect() {
        "cannot connect to upstream"
    } else if e.is_body() || e.is_decode() {
        "the connection to upstream broke while reading the answer"
    } else {
        "the request to upstream failed"
    };
    if let Some(tls) = tls_failure(&e) {
        return CallError::Transient {
            reason: tls,
            retry_after: None,
        };
    }
    // reqwest errors name the URL, never headers, so the token cannot leak here.
    let mut detail = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        detail.push_str(": ");
        detail.push_str(&s.to_string());
        source = s.source();
    }
    CallError::Transient {
        reason: format!("{what} ({detail})"),
        retry_after: None,
    }
}

/// A failed TLS handshake, said in terms of the config keys that fix it; `None` when the
/// failure was not TLS.
fn tls_failure(e: &reqwest::Error) -> Option<String> {
    let mut source: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(s) = source {
        // io::Error hides the error it wraps from `source()` (sometimes nested), so unwrap it.
        let mut inner = s;
        while let Some(wrapped) = inner
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            inner = wrapped;
        }
        let rustls_error = inner.downcast_ref::<rustls::Error>();
        if let Some(err) = rustls_error {
            use rustls::AlertDescription as A;
            return Some(match err {
                rustls::Error::InvalidCertificate(why) => format!(
                    "TLS handshake with upstream failed: its server certificate is not trusted \
                     ({why:?}); if the hub uses a private CA, name it in [upstream] ca_file"
                ),
                rustls::Error::AlertReceived(
                    A::CertificateRequired | A::BadCertificate | A::UnknownCA | A::HandshakeFailure,
                ) => format!(
                    "TLS handshake with upstream refused by the server ({err}); it probably \
                     requires a client certificate: set [upstream] client_cert and client_key \
                     to one it trusts"
                ),
                other => format!("TLS handshake with upstream failed ({other})"),
            });
        }
        source = s.source();
    }
    None
}

/// `Retry-After` as delta-seconds or an HTTP date.
fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = jiff::fmt::rfc2822::parse(value).ok()?.timestamp();
    Some(Duration::try_from(at.duration_since(jiff::Timestamp::now())).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> UpstreamConfig {
        UpstreamConfig {
            url: "https://127.0.0.1:9".into(),
            token: "t".into(),
            sync_interval: Duration::from_secs(15),
            unhealthy_after: Duration::from_secs(900),
            batch_size: 100,
            timeout: Duration::from_secs(1),
            ca_file: None,
            client_cert: None,
            client_key: None,
        }
    }

    #[test]
    fn tls_files_are_checked_with_clear_errors() {
        let dir = tempfile::tempdir().unwrap();
        // System roots (platform verifier) by default.
        UpstreamClient::new(&config(), "lobby-1").unwrap();
        let junk = dir.path().join("junk.pem");
        std::fs::write(&junk, "not a certificate").unwrap();
        let mut c = config();
        c.ca_file = Some(junk.clone());
        let err = UpstreamClient::new(&c, "lobby-1").unwrap_err().to_string();
        assert!(err.contains("junk.pem") && err.contains("ca_file"), "{err}");
        let mut c = config();
        c.client_cert = Some(junk.clone());
        c.client_key = Some(junk);
        let err = UpstreamClient::new(&c, "lobby-1").unwrap_err().to_string();
        assert!(err.contains("client certificate"), "{err}");
        // A real CA bundle is accepted as the only trust anchor.
        let system = std::path::Path::new("/etc/ssl/certs/ca-certificates.crt");
        if system.exists() {
            let mut c = config();
            c.ca_file = Some(system.to_path_buf());
            UpstreamClient::new(&c, "lobby-1").unwrap();
        }
    }

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("120"), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 0 "), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(Duration::ZERO)
        );
        let later = jiff::Timestamp::now() + jiff::SignedDuration::from_secs(90);
        let http_date = jiff::fmt::rfc2822::DateTimePrinter::new()
            .timestamp_to_rfc9110_string(&later)
            .unwrap();
        let d = parse_retry_after(&http_date).unwrap();
        assert!(
            d > Duration::from_secs(80) && d <= Duration::from_secs(90),
            "{d:?}"
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
