//! HTTP plumbing the HTTP gateways share: the client, failure classification, and redaction of
//! provider answers before they reach an error message or a log.

use crate::config::GatewayConfig;
use crate::phone::mask_e164;
use crate::tls::install_crypto_provider;

use super::excerpt::excerpt;
use super::{Failure, FailureKind, SmsMessage};

/// A client with the gateway's timeouts. Redirects are not followed: an SMS API that redirects
/// is misconfigured, and following it would resend credentials elsewhere.
pub(super) fn build_client(config: &GatewayConfig) -> Result<reqwest::Client, String> {
    install_crypto_provider();
    reqwest::Client::builder()
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("lobby-kiosk/", env!("CARGO_PKG_VERSION")))
        .build()
        .map_err(|e| {
            format!(
                "cannot create the HTTP client: {}",
                error_chain(&e.without_url())
            )
        })
}

/// A reqwest error and its causes on one line. Callers strip the URL first: it can hold
/// credentials and the SMS text (Kannel takes both as query parameters).
fn error_chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Sends `request` and reads the whole answer: (HTTP status, body). Transport failures are
/// classified by [`transport_failure`] with provider echoes redacted.
pub(super) async fn exchange(
    request: reqwest::RequestBuilder,
    timeout_ms: u128,
    redactor: &Redactor,
) -> Result<(u16, String), Failure> {
    let response = request
        .send()
        .await
        .map_err(|e| transport_failure(e, timeout_ms, redactor))?;
    let status = response.status().as_u16();
    let body = response
        .text()
        .await
        .map_err(|e| transport_failure(e, timeout_ms, redactor))?;
    Ok((status, body))
}

/// `base_url` with `segments` appended as path segments (each percent-encoded), for providers
/// whose base URL IT may point elsewhere (a proxy, or 127.0.0.1 in tests).
pub(super) fn endpoint(base_url: &str, segments: &[&str]) -> Result<reqwest::Url, String> {
    let mut url = reqwest::Url::parse(base_url)
        .map_err(|e| format!("base_url {base_url:?} is not a URL ({e})"))?;
    url.path_segments_mut()
        .map_err(|()| format!("base_url {base_url:?} cannot take a path"))?
        .pop_if_empty()
        .extend(segments);
    Ok(url)
}

/// Classifies a transport failure. A timeout once connected is ambiguous: the gateway may have
/// taken the message and only the answer was lost.
pub(super) fn transport_failure(
    err: reqwest::Error,
    timeout_ms: u128,
    redactor: &Redactor,
) -> Failure {
    let err = err.without_url();
    let cause = redactor.quote(&error_chain(&err));
    if err.is_connect() {
        let kind = if err.is_timeout() {
            FailureKind::Timeout
        } else {
            FailureKind::Connect
        };
        return Failure::new(
            kind,
            format!(
                "cannot connect ({cause}); check that the gateway is running and its url/base_url"
            ),
        );
    }
    if err.is_timeout() {
        return Failure::ambiguous(
            FailureKind::Timeout,
            format!(
                "no answer within {timeout_ms} ms; the gateway may be overloaded or hung, check it or raise timeout_ms"
            ),
        );
    }
    Failure::ambiguous(
        FailureKind::Connect,
        format!("the connection failed after the request was sent ({cause})"),
    )
}

/// Classification shared by every HTTP API for statuses without a more specific meaning.
pub(super) fn status_failure(status: u16, answer: &str, what_to_check: &str) -> Failure {
    let kind = match status {
        429 => FailureKind::RateLimited,
        401 | 403 => FailureKind::Unauthorized,
        500..=599 => FailureKind::ServerError,
        _ => FailureKind::Rejected,
    };
    let hint = match kind {
        FailureKind::RateLimited => {
            "the gateway is rate limiting; it is retried after the next guest"
        }
        FailureKind::Unauthorized => what_to_check,
        FailureKind::ServerError => "the gateway has a problem on its side",
        _ => "check the gateway's settings in kiosk.toml",
    };
    Failure::new(kind, format!("HTTP {status} {answer}; {hint}"))
}

/// Removes what must never reach a log from text a provider sent back: the number (in any of
/// its usual spellings), the SMS text, every run of 4+ digits from the text (the code), and
/// any extra secrets (expanded `${ENV}` values). [`Redactor::quote`] and [`Redactor::answer`]
/// then keep only a sanitised [`excerpt`], so a code in a spelling no needle matches (digits
/// spaced out, the text base64-encoded) does not survive either.
pub(super) struct Redactor {
    needles: Vec<(String, String)>,
    /// The number's and the text's runs of 4+ digits: a provider "error code" overlapping one
    /// of them is an echo, not a code.
    digit_runs: Vec<String>,
}

impl Redactor {
    pub(super) fn new(msg: &SmsMessage) -> Self {
        let masked = mask_e164(&msg.to);
        let mut needles = vec![(msg.text.clone(), "[SMS text]".to_owned())];
        let digits = msg.to.trim_start_matches('+').to_owned();
        needles.push((msg.to.clone(), masked.clone()));
        needles.push((digits.clone(), masked.clone()));
        // National spelling, e.g. "7400123958" without the country code.
        if digits.len() > 9 {
            needles.push((
                digits.get(digits.len() - 9..).unwrap_or("").to_owned(),
                masked,
            ));
        }
        for run in msg
            .text
            .split(|c: char| !c.is_ascii_digit())
            .filter(|r| r.len() >= 4)
        {
            needles.push((run.to_owned(), "••••".to_owned()));
        }
        let digit_runs = [msg.text.as_str(), msg.to.as_str()]
            .iter()
            .flat_map(|t| t.split(|c: char| !c.is_ascii_digit()))
            .filter(|r| r.len() >= 4)
            .map(str::to_owned)
            .collect();
        Self {
            needles,
            digit_runs,
        }
    }

    /// Whether a number the provider sent as an error code may be shown: 1 to 6 ASCII digits
    /// and, from 4 digits on (a code's length), neither holding nor inside a run of digits of
    /// the SMS text or the number.
    pub(super) fn may_show_code(&self, number: &str) -> bool {
        let digits = (1..=6).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        digits
            && (number.len() < 4
                || self
                    .digit_runs
                    .iter()
                    .all(|run| !run.contains(number) && !number.contains(run.as_str())))
    }

    pub(super) fn with_secret(mut self, secret: &str) -> Self {
        if secret.len() >= 4 {
            self.needles
                .push((secret.to_owned(), "[secret]".to_owned()));
        }
        self
    }

    pub(super) fn apply(&self, text: &str) -> String {
        let mut out = text.to_owned();
        // Longest first, so the full text goes before the code inside it.
        let mut needles: Vec<&(String, String)> =
            self.needles.iter().filter(|(n, _)| !n.is_empty()).collect();
        needles.sort_by_key(|(n, _)| std::cmp::Reverse(n.len()));
        for (needle, replacement) in needles {
            if out.contains(needle.as_str()) {
                out = out.replace(needle.as_str(), replacement);
            }
        }
        out
    }

    /// Provider text (a message field, an error chain) as the sanitised excerpt that may be
    /// shown: never the text verbatim.
    pub(super) fn quote(&self, text: &str) -> String {
        excerpt(&self.apply(text))
    }

    /// A provider's body as a quoted, sanitised excerpt on one line.
    pub(super) fn answer(&self, body: &str) -> String {
        let cut = self.quote(body);
        if cut.is_empty() {
            "(empty body)".into()
        } else {
            format!("\"{cut}\"")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redactor_hides_number_text_and_code() {
        let msg = SmsMessage::new("+447400123958", "Your code is 482913. Never share it.");
        let r = Redactor::new(&msg);
        let out = r.apply(
            "The 'To' number +447400123958 (447400123958, 7400123958) got 'Your code is 482913. Never share it.' and 482913",
        );
        assert!(!out.contains("7400123958"), "{out}");
        assert!(!out.contains("482913"), "{out}");
        assert!(out.contains("+44 ••• ••• •958"), "{out}");
        assert!(out.contains("[SMS text]"), "{out}");
        let secret = Redactor::new(&msg).with_secret("s3cr3t-token");
        assert_eq!(secret.apply("Bearer s3cr3t-token"), "Bearer [secret]");
    }

    #[test]
    fn answers_are_one_short_line() {
        let msg = SmsMessage::new("+447400123958", "x");
        let r = Redactor::new(&msg);
        assert_eq!(r.answer("a\n  b"), "\"a b\"");
        assert_eq!(r.answer(""), "(empty body)");
        assert!(r.answer(&"zz ".repeat(200)).ends_with("…\""));
    }

    #[test]
    fn provider_codes_are_shown_unless_they_echo_the_code_or_number() {
        let r = Redactor::new(&SmsMessage::new("+447400123958", "Your code is 482913."));
        assert!(r.may_show_code("21211"));
        assert!(r.may_show_code("9"));
        assert!(!r.may_show_code("482913"), "the code itself");
        assert!(!r.may_show_code("8291"), "part of the code");
        assert!(!r.may_show_code("123958"), "part of the number");
        assert!(!r.may_show_code("4829130"), "longer than a provider code");
        assert!(!r.may_show_code("4a"), "not a number");
    }

    #[test]
    fn crypto_provider_install_is_idempotent() {
        install_crypto_provider();
        install_crypto_provider();
        assert!(rustls::crypto::CryptoProvider::get_default().is_some());
    }
}
