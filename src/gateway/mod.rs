//! SMS gateways behind one trait, tried in configured order with a circuit breaker each.
//!
//! Failure handling, as IT should know it:
//! - **Gateway-side** failures (timeout, refused connection, HTTP 5xx, rate limiting, bad
//!   credentials, a request the gateway refuses) move on to the next gateway and count towards
//!   that gateway's circuit breaker (`breaker_failures` in a row skip it for `breaker_open_s`,
//!   then one trial send decides whether it is back).
//! - **Recipient-side** failures (invalid number, landline / not SMS-capable, opted out or
//!   barred) stop the chain: another gateway would not reach the phone either, and the guest is
//!   sent to the front desk.
//! - A timeout after the request went out is *ambiguous*: the SMS may still arrive. The
//!   [`Attempt`] says so (`delivery_unknown`), the caller journals every attempt before the next
//!   gateway is tried, and the guest still sees at most one "code sent".
//! - Every attempt may cost an SMS, so each one needs the caller's permit first (the send caps
//!   count attempts, not acceptances): a refused permit ends the chain with
//!   [`SendError::Refused`] and no further gateway is tried.
//!
//! Nothing here logs a code, an SMS text or a full phone number; provider answers quoted in
//! errors are redacted (see [`client::Redactor`]).

mod breaker;
mod client;
mod excerpt;
mod http;
mod kannel;
mod outbox;
mod report;
mod text;
mod twilio;
mod vonage;

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use jiff::Timestamp;

use crate::clock::{Clock, SystemClock};
use crate::config::{GatewayConfig, GatewayKind};
use crate::phone::mask_e164;

pub use crate::tls::install_crypto_provider;
pub use breaker::{Breaker, BreakerState, ManualMonotonic, Monotonic, SystemMonotonic};
pub use excerpt::excerpt;
pub use http::HttpGateway;
pub use kannel::KannelGateway;
pub use outbox::{OutboxEntry, OutboxGateway, read_outbox};
pub use report::{delivery_report, failure_report};
pub use text::{
    Encoding, PART_GSM7, PART_UCS2, SINGLE_GSM7, SINGLE_UCS2, SMS_NAME_MAX, SmsSize, encoding_for,
    minutes_phrase, notice_text, otp_text, sms_language, sms_name_units, sms_size, test_text,
    ttl_minutes,
};
pub use twilio::TwilioGateway;
pub use vonage::VonageGateway;

/// A boxed future, so [`SmsGateway`] stays object-safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One text to one phone.
#[derive(Clone)]
pub struct SmsMessage {
    /// E.164, e.g. `+447400123958`.
    pub to: String,
    pub text: String,
    /// How long the message is worth delivering (the OTP TTL); gateways that support it
    /// (Twilio `ValidityPeriod`) drop it afterwards instead of delivering a dead code.
    pub validity: Option<Duration>,
}

impl SmsMessage {
    pub fn new(to: impl Into<String>, text: impl Into<String>) -> Self {
        Self {
            to: to.into(),
            text: text.into(),
            validity: None,
        }
    }

    pub fn with_validity(mut self, validity: Duration) -> Self {
        self.validity = Some(validity);
        self
    }

    /// The recipient as logs may show it.
    pub fn masked_to(&self) -> String {
        mask_e164(&self.to)
    }

    fn check(&self) -> Result<(), SendError> {
        let digits = self.to.strip_prefix('+').unwrap_or("");
        if !(8..=15).contains(&digits.len()) || !digits.chars().all(|c| c.is_ascii_digit()) {
            return Err(SendError::InvalidMessage(format!(
                "recipient {} is not an E.164 number (+ and 8 to 15 digits); parse it with Phone::parse first",
                self.masked_to()
            )));
        }
        if self.text.trim().is_empty() {
            return Err(SendError::InvalidMessage("the SMS text is empty".into()));
        }
        Ok(())
    }
}

impl std::fmt::Debug for SmsMessage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SmsMessage")
            .field("to", &self.masked_to())
            .field(
                "text",
                &format_args!("[{} chars]", self.text.chars().count()),
            )
            .field("validity", &self.validity)
            .finish()
    }
}

/// A gateway took the message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accepted {
    /// The provider's id for the message, when it gives one (Twilio SID, Vonage message-id).
    pub message_id: Option<String>,
    /// Anything IT should know about an acceptance, e.g. Kannel's "3: Queued for later delivery"
    /// (accepted while no SMSC is connected).
    pub note: Option<String>,
}

/// Why one gateway did not take a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// No complete answer in time.
    Timeout,
    /// Could not connect (refused, unreachable, TLS handshake failed).
    Connect,
    /// HTTP 5xx or a provider's "internal error".
    ServerError,
    /// HTTP 429 or a provider's throttling code.
    RateLimited,
    /// The gateway refused our credentials.
    Unauthorized,
    /// The gateway refused the request for a reason on our side: sender, account, quota,
    /// configuration. Another gateway may well work.
    Rejected,
    /// The number does not exist or is malformed.
    InvalidNumber,
    /// A landline or another number that cannot receive SMS.
    NotSmsCapable,
    /// The recipient opted out (replied STOP) or the number is barred.
    OptedOut,
}

impl FailureKind {
    /// Recipient-side failures stop the chain; every other kind fails over.
    pub fn is_recipient(self) -> bool {
        matches!(
            self,
            FailureKind::InvalidNumber | FailureKind::NotSmsCapable | FailureKind::OptedOut
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailureKind::Timeout => "timeout",
            FailureKind::Connect => "connect",
            FailureKind::ServerError => "server_error",
            FailureKind::RateLimited => "rate_limited",
            FailureKind::Unauthorized => "unauthorized",
            FailureKind::Rejected => "rejected",
            FailureKind::InvalidNumber => "invalid_number",
            FailureKind::NotSmsCapable => "not_sms_capable",
            FailureKind::OptedOut => "opted_out",
        }
    }
}

/// One gateway's failure: the class, whether the SMS may have gone out anyway, and an IT-facing
/// explanation (what the gateway answered, what to check). The detail never holds the SMS text
/// or the full number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub kind: FailureKind,
    /// The request may have reached the gateway (timeout or broken connection after sending):
    /// the guest may still receive this SMS.
    pub delivery_unknown: bool,
    pub detail: String,
}

impl Failure {
    pub fn new(kind: FailureKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            delivery_unknown: false,
            detail: detail.into(),
        }
    }

    pub fn ambiguous(kind: FailureKind, detail: impl Into<String>) -> Self {
        Self {
            kind,
            delivery_unknown: true,
            detail: detail.into(),
        }
    }
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.detail)?;
        if self.delivery_unknown {
            f.write_str(" (the SMS may still be delivered)")?;
        }
        Ok(())
    }
}

/// One provider, one way of sending.
pub trait SmsGateway: Send + Sync {
    /// The `kind` in kiosk.toml.
    fn kind(&self) -> &'static str;
    /// Sends one SMS. Implementations classify every failure; they need not enforce the overall
    /// timeout themselves (the chain does), but HTTP ones set it on their client too.
    fn send<'a>(&'a self, msg: &'a SmsMessage) -> BoxFuture<'a, Result<Accepted, Failure>>;
}

/// What happened at one gateway, handed to the caller before the next gateway is tried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub gateway: String,
    pub kind: &'static str,
    pub started_at: Timestamp,
    pub elapsed: Duration,
    pub outcome: Result<Accepted, Failure>,
}

impl Attempt {
    pub fn accepted(&self) -> bool {
        self.outcome.is_ok()
    }

    /// True when this attempt failed but the SMS may still reach the guest.
    pub fn delivery_unknown(&self) -> bool {
        self.outcome
            .as_ref()
            .err()
            .is_some_and(|f| f.delivery_unknown)
    }

    /// Fields for the journal event the caller writes (`otp_sent` or `send_failed`); holds no
    /// personal data, so the caller adds the masked phone itself.
    pub fn journal_data(&self) -> serde_json::Value {
        let mut data = serde_json::json!({
            "gateway": self.gateway,
            "gateway_kind": self.kind,
            "elapsed_ms": u64::try_from(self.elapsed.as_millis()).unwrap_or(u64::MAX),
        });
        match &self.outcome {
            Ok(accepted) => {
                data["outcome"] = "accepted".into();
                if let Some(id) = &accepted.message_id {
                    data["message_id"] = id.as_str().into();
                }
                if let Some(note) = &accepted.note {
                    data["note"] = note.as_str().into();
                }
            }
            Err(failure) => {
                data["outcome"] = failure.kind.as_str().into();
                data["error"] = failure.detail.as_str().into();
                data["delivery_unknown"] = failure.delivery_unknown.into();
            }
        }
        data
    }
}

/// The gateway the chain is about to try, handed to the caller's permit before the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NextAttempt<'a> {
    pub gateway: &'a str,
    pub kind: &'static str,
    /// Attempts already made for this message (0 for the first; skipped gateways do not count).
    pub made: usize,
}

/// Asked before every gateway attempt; `Err` (why, IT-facing, no personal data) stops the chain.
pub type Permit<'a> = dyn FnMut(&NextAttempt<'_>) -> Result<(), String> + Send + 'a;

/// A permit that allows every attempt (security notices, tests).
pub fn allow_all(_: &NextAttempt<'_>) -> Result<(), String> {
    Ok(())
}

/// The message went out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub gateway: String,
    pub kind: &'static str,
    pub message_id: Option<String>,
    /// From the first attempt to the acceptance.
    pub elapsed: Duration,
    /// Every attempt made, the accepted one last.
    pub attempts: Vec<Attempt>,
}

/// What the guest is told when sending fails; the UI localises it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GuestNotice {
    /// "We can't send a text to this number. Please see the front desk."
    NumberCannotReceive,
    /// "We can't send your code right now. Please see the front desk."
    ServiceUnavailable,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    #[error("gateway {gateway} says the recipient cannot get this SMS ({}): {detail}; the guest was sent to the front desk, no other gateway was tried", kind.as_str())]
    Recipient {
        gateway: String,
        kind: FailureKind,
        detail: String,
    },
    #[error(
        "no SMS gateway accepted the message: {}",
        unavailable_summary(failures, skipped)
    )]
    Unavailable {
        /// Each gateway tried, with its failure, in order.
        failures: Vec<(String, Failure)>,
        /// Gateways skipped because their circuit breaker is open.
        skipped: Vec<String>,
    },
    #[error(
        "no further gateway was tried: the send limit refused an attempt at {gateway} ({reason}){}",
        unavailable_before(failures)
    )]
    Refused {
        /// The gateway that was not tried.
        gateway: String,
        reason: String,
        /// The attempts that failed before the refusal, in order.
        failures: Vec<(String, Failure)>,
    },
    #[error("there is no gateway named \"{name}\"; configured: {}", configured.join(", "))]
    UnknownGateway {
        name: String,
        configured: Vec<String>,
    },
    #[error("{0}")]
    InvalidMessage(String),
}

fn unavailable_summary(failures: &[(String, Failure)], skipped: &[String]) -> String {
    let mut parts: Vec<String> = failures
        .iter()
        .map(|(name, f)| format!("{name}: {f}"))
        .collect();
    parts.extend(
        skipped
            .iter()
            .map(|name| format!("{name}: skipped, circuit breaker open")),
    );
    if parts.is_empty() {
        "no gateway to try".into()
    } else {
        parts.join("; ")
    }
}

fn unavailable_before(failures: &[(String, Failure)]) -> String {
    if failures.is_empty() {
        String::new()
    } else {
        format!("; before it: {}", unavailable_summary(failures, &[]))
    }
}

impl SendError {
    pub fn guest_notice(&self) -> GuestNotice {
        match self {
            SendError::Recipient { .. } | SendError::InvalidMessage(_) => {
                GuestNotice::NumberCannotReceive
            }
            SendError::Unavailable { .. }
            | SendError::Refused { .. }
            | SendError::UnknownGateway { .. } => GuestNotice::ServiceUnavailable,
        }
    }

    /// True when some gateway may have delivered the SMS despite the error.
    pub fn delivery_unknown(&self) -> bool {
        match self {
            SendError::Unavailable { failures, .. } | SendError::Refused { failures, .. } => {
                failures.iter().any(|(_, f)| f.delivery_unknown)
            }
            _ => false,
        }
    }
}

/// The chain could not be built from the configuration.
#[derive(Debug, thiserror::Error)]
pub enum GatewayError {
    #[error("no [[gateway]] is configured; add at least one to kiosk.toml")]
    NoGateways,
    #[error("gateway {gateway}: {reason}")]
    Build { gateway: String, reason: String },
}

/// One gateway's health, for staff mode and `kiosk status`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayHealth {
    pub name: String,
    pub kind: &'static str,
    pub last_success: Option<Timestamp>,
    pub last_failure: Option<Timestamp>,
    /// The last gateway-side failure, IT-facing.
    pub last_error: Option<String>,
    pub consecutive_failures: u32,
    pub breaker: BreakerState,
}

struct Member {
    name: String,
    gateway: Box<dyn SmsGateway>,
    timeout: Duration,
    state: Mutex<MemberState>,
}

struct MemberState {
    breaker: Breaker,
    last_success: Option<Timestamp>,
    last_failure: Option<(Timestamp, String)>,
}

/// The configured gateways, in order.
pub struct GatewayChain {
    members: Vec<Member>,
    wall: Arc<dyn Clock>,
    mono: Arc<dyn Monotonic>,
}

/// The chain enforces this on top of each gateway's own timeout, so an HTTP client's timeout
/// fires first and classifies the failure precisely.
const CHAIN_TIMEOUT_GRACE: Duration = Duration::from_millis(250);

impl GatewayChain {
    /// Builds every configured gateway. Installs the TLS crypto provider if nobody has.
    pub fn from_config(configs: &[GatewayConfig]) -> Result<GatewayChain, GatewayError> {
        if configs.is_empty() {
            return Err(GatewayError::NoGateways);
        }
        install_crypto_provider();
        let mut chain = GatewayChain::empty();
        for config in configs {
            let build_err = |reason: String| GatewayError::Build {
                gateway: config.name.clone(),
                reason,
            };
            let gateway: Box<dyn SmsGateway> = match &config.kind {
                GatewayKind::Kannel { .. } => {
                    Box::new(KannelGateway::new(config).map_err(build_err)?)
                }
                GatewayKind::Twilio { .. } => {
                    Box::new(TwilioGateway::new(config).map_err(build_err)?)
                }
                GatewayKind::Vonage { .. } => {
                    Box::new(VonageGateway::new(config).map_err(build_err)?)
                }
                GatewayKind::Http { .. } => Box::new(HttpGateway::new(config).map_err(build_err)?),
                GatewayKind::Outbox { path } => Box::new(OutboxGateway::new(path.clone())),
            };
            chain.push(config, gateway);
        }
        Ok(chain)
    }

    /// A chain with no gateways; add some with [`GatewayChain::push`] (tests, custom gateways).
    pub fn empty() -> Self {
        Self {
            members: Vec::new(),
            wall: Arc::new(SystemClock),
            mono: Arc::new(SystemMonotonic),
        }
    }

    /// Appends a gateway with `config`'s name, timeout and breaker settings.
    pub fn push(&mut self, config: &GatewayConfig, gateway: Box<dyn SmsGateway>) {
        self.members.push(Member {
            name: config.name.clone(),
            gateway,
            timeout: config.timeout,
            state: Mutex::new(MemberState {
                breaker: Breaker::new(config.breaker_failures, config.breaker_open),
                last_success: None,
                last_failure: None,
            }),
        });
    }

    /// Replaces the clocks (wall time for health timestamps, monotonic time for breakers).
    pub fn with_clocks(mut self, wall: Arc<dyn Clock>, mono: Arc<dyn Monotonic>) -> Self {
        self.wall = wall;
        self.mono = mono;
        self
    }

    pub fn names(&self) -> Vec<String> {
        self.members.iter().map(|m| m.name.clone()).collect()
    }

    /// Sends through the first gateway that takes the message, every attempt allowed.
    /// `on_attempt` runs after every attempt, before the next gateway is tried, so the caller can
    /// journal it durably.
    pub async fn send(
        &self,
        msg: &SmsMessage,
        on_attempt: &mut (dyn FnMut(&Attempt) + Send),
    ) -> Result<Delivery, SendError> {
        self.send_permitted(msg, &mut allow_all, on_attempt).await
    }

    /// [`GatewayChain::send`] with `permit` asked before each attempt: the caller counts the
    /// attempt against its caps there (in the transaction that allows it), and a refusal ends
    /// the chain with [`SendError::Refused`].
    pub async fn send_permitted(
        &self,
        msg: &SmsMessage,
        permit: &mut Permit<'_>,
        on_attempt: &mut (dyn FnMut(&Attempt) + Send),
    ) -> Result<Delivery, SendError> {
        msg.check()?;
        let members: Vec<&Member> = self.members.iter().collect();
        self.run(msg, &members, true, permit, on_attempt).await
    }

    /// Whether a send would try any gateway now (not every circuit breaker is open).
    pub fn any_available(&self) -> bool {
        let now = self.mono.now();
        self.members
            .iter()
            .any(|m| !matches!(m.lock().breaker.state(now), BreakerState::Open { .. }))
    }

    /// `kiosk send-test-sms` and staff mode's test SMS: a test text through the chain, or
    /// through one named gateway regardless of its circuit breaker; `permit` is asked before
    /// each attempt, as for a guest's code.
    pub async fn send_test(
        &self,
        to: &str,
        text: &str,
        only_gateway: Option<&str>,
        permit: &mut Permit<'_>,
    ) -> Result<Delivery, SendError> {
        let msg = SmsMessage::new(to, text);
        msg.check()?;
        let mut ignore = |_: &Attempt| {};
        match only_gateway {
            None => {
                let members: Vec<&Member> = self.members.iter().collect();
                self.run(&msg, &members, true, permit, &mut ignore).await
            }
            Some(name) => {
                let Some(member) = self.members.iter().find(|m| m.name == name) else {
                    return Err(SendError::UnknownGateway {
                        name: name.to_owned(),
                        configured: self.names(),
                    });
                };
                self.run(&msg, &[member], false, permit, &mut ignore).await
            }
        }
    }

    async fn run(
        &self,
        msg: &SmsMessage,
        members: &[&Member],
        respect_breaker: bool,
        permit: &mut Permit<'_>,
        on_attempt: &mut (dyn FnMut(&Attempt) + Send),
    ) -> Result<Delivery, SendError> {
        let first = Instant::now();
        let mut attempts = Vec::new();
        let mut failures = Vec::new();
        let mut skipped = Vec::new();
        let to = msg.masked_to();
        for (i, member) in members.iter().enumerate() {
            if respect_breaker && !member.lock().breaker.allow(self.mono.now()) {
                tracing::debug!(gateway = %member.name, "SMS gateway skipped: circuit breaker open");
                skipped.push(member.name.clone());
                continue;
            }
            let next = NextAttempt {
                gateway: &member.name,
                kind: member.gateway.kind(),
                made: attempts.len(),
            };
            if let Err(reason) = permit(&next) {
                tracing::warn!(gateway = %member.name, %to, %reason, "SMS attempt refused by the send limits; not trying other gateways");
                return Err(SendError::Refused {
                    gateway: member.name.clone(),
                    reason,
                    failures,
                });
            }
            let started_at = self.wall.now();
            let t0 = Instant::now();
            let limit = member.timeout + CHAIN_TIMEOUT_GRACE;
            let outcome = match tokio::time::timeout(limit, member.gateway.send(msg)).await {
                Ok(outcome) => outcome,
                Err(_) => Err(Failure::ambiguous(
                    FailureKind::Timeout,
                    format!(
                        "no answer within {} ms; check that the gateway is up, or raise timeout_ms",
                        limit.as_millis()
                    ),
                )),
            };
            let attempt = Attempt {
                gateway: member.name.clone(),
                kind: member.gateway.kind(),
                started_at,
                elapsed: t0.elapsed(),
                outcome,
            };
            self.record(member, &attempt);
            on_attempt(&attempt);
            let elapsed_ms = attempt.elapsed.as_millis();
            match &attempt.outcome {
                Ok(accepted) => {
                    tracing::info!(gateway = %member.name, kind = attempt.kind, %to, elapsed_ms, "SMS accepted by gateway");
                    let delivery = Delivery {
                        gateway: member.name.clone(),
                        kind: attempt.kind,
                        message_id: accepted.message_id.clone(),
                        elapsed: first.elapsed(),
                        attempts: Vec::new(),
                    };
                    attempts.push(attempt);
                    return Ok(Delivery {
                        attempts,
                        ..delivery
                    });
                }
                Err(failure) if failure.kind.is_recipient() => {
                    tracing::warn!(gateway = %member.name, %to, error = %failure, "SMS refused for this recipient; not trying other gateways");
                    return Err(SendError::Recipient {
                        gateway: member.name.clone(),
                        kind: failure.kind,
                        detail: failure.detail.clone(),
                    });
                }
                Err(failure) => {
                    // Later gateways may still be skipped by their breakers; after the last
                    // one there is certainly nothing left to try.
                    if i + 1 < members.len() {
                        tracing::warn!(gateway = %member.name, %to, elapsed_ms, error = %failure, "SMS gateway failed; trying the next one");
                    } else {
                        tracing::warn!(gateway = %member.name, %to, elapsed_ms, error = %failure, "SMS gateway failed; no gateway left to try");
                    }
                    failures.push((member.name.clone(), failure.clone()));
                    attempts.push(attempt);
                }
            }
        }
        Err(SendError::Unavailable { failures, skipped })
    }

    fn record(&self, member: &Member, attempt: &Attempt) {
        let mut state = member.lock();
        match &attempt.outcome {
            Ok(_) => {
                state.breaker.record_success();
                state.last_success = Some(self.wall.now());
            }
            // The gateway did its job; the number is the problem.
            Err(f) if f.kind.is_recipient() => state.breaker.record_success(),
            Err(f) => {
                state.breaker.record_failure(self.mono.now());
                state.last_failure = Some((self.wall.now(), f.to_string()));
            }
        }
    }

    /// Every gateway's state, in chain order.
    pub fn health(&self) -> Vec<GatewayHealth> {
        let now = self.mono.now();
        self.members
            .iter()
            .map(|m| {
                let state = m.lock();
                GatewayHealth {
                    name: m.name.clone(),
                    kind: m.gateway.kind(),
                    last_success: state.last_success,
                    last_failure: state.last_failure.as_ref().map(|(t, _)| *t),
                    last_error: state.last_failure.as_ref().map(|(_, e)| e.clone()),
                    consecutive_failures: state.breaker.consecutive_failures(),
                    breaker: state.breaker.state(now),
                }
            })
            .collect()
    }
}

impl Member {
    fn lock(&self) -> std::sync::MutexGuard<'_, MemberState> {
        // A panic while holding this lock cannot leave the state half-updated in a harmful way.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl std::fmt::Debug for GatewayChain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GatewayChain")
            .field("gateways", &self.names())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync>(_: &T) {}
    fn assert_send<T: Send>(_: &T) {}

    #[test]
    fn the_chain_and_its_send_future_cross_threads() {
        // The GUI runs sends as tasks on a multi-threaded runtime.
        let chain = GatewayChain::empty();
        assert_send_sync(&chain);
        let msg = SmsMessage::new("+447400123958", "x");
        let mut on_attempt = |_: &Attempt| {};
        let future = chain.send(&msg, &mut on_attempt);
        assert_send(&future);
        let mut permit = allow_all;
        let test = chain.send_test("+447400123958", "x", None, &mut permit);
        assert_send(&test);
    }

    #[test]
    fn messages_debug_print_masked() {
        let msg = SmsMessage::new("+447400123958", "Code 482913");
        let debug = format!("{msg:?}");
        assert!(
            !debug.contains("7400123958") && !debug.contains("482913"),
            "{debug}"
        );
    }

    #[tokio::test]
    async fn an_empty_chain_or_bad_recipient_is_refused_before_sending() {
        assert!(matches!(
            GatewayChain::from_config(&[]),
            Err(GatewayError::NoGateways)
        ));
        let chain = GatewayChain::empty();
        let err = chain
            .send(&SmsMessage::new("+44 7400 123958", "x"), &mut |_| {})
            .await
            .unwrap_err();
        assert!(matches!(err, SendError::InvalidMessage(_)), "{err}");
        let err = chain
            .send(&SmsMessage::new("+447400123958", " "), &mut |_| {})
            .await
            .unwrap_err();
        assert!(matches!(err, SendError::InvalidMessage(_)), "{err}");
    }
}
