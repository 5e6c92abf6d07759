//! Test SMS (`kiosk send-test-sms`, staff mode's *Send test SMS*) inside the guest sends'
//! defences: the same number checks (a number, a mobile line, `[otp] allowed_countries`), the
//! SMS-pumping pause of its prefix, the kiosk's send cap, and a limit of their own
//! ([`PER_HOUR`] per kiosk). Like a guest's code, each gateway attempt is permitted and counted
//! in one transaction before it is made, so a failover counts twice and two processes on one
//! database cannot both take the last one. Test sends are not counted per prefix: nobody ever
//! verifies them, so they would look like pumping to the prefix check.

use std::fmt::Write as _;
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::TransactionBehavior;
use serde_json::json;

use crate::clock::{Clock, millis};
use crate::config::Config;
use crate::gateway::{
    Delivery, GatewayChain, GatewayError, NextAttempt, SendError, delivery_report, failure_report,
    test_text,
};
use crate::otp::limits::{self, Scope};
use crate::otp::{OtpEngine, OtpError, pumping};
use crate::phone::{NotSmsCapable, Phone, PhoneError, mask_e164};
use crate::store::{EventKind, Store, StoreError};

/// Test SMS one kiosk may send in an hour (every gateway attempt counts).
pub const PER_HOUR: u32 = 10;

const HOUR: Duration = Duration::from_secs(3600);

/// Why a test SMS was not sent. Numbers in messages are masked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TestSmsError {
    /// Said once: `reason` already explains what is wrong and how to write it.
    #[error("{to} {}", bad_number(reason))]
    BadNumber { to: String, reason: PhoneError },
    #[error(
        "{to} is not a mobile number (premium-rate, landline, toll-free or of unknown type), and codes go only to mobiles; test with a mobile number"
    )]
    NotMobile { to: String },
    #[error(
        "{to} is outside [otp] allowed_countries ({allowed}); test with a mobile number of one of those countries, or add the country to allowed_countries in kiosk.toml"
    )]
    CountryNotAllowed { to: String, allowed: String },
    #[error(
        "this kiosk already sent {PER_HOUR} test SMS in the last hour (the most it may); try again in {} min",
        minutes(*retry_after)
    )]
    TestLimit { retry_after: Duration },
    #[error(
        "this kiosk reached its SMS cap ([otp] sends_per_kiosk_per_hour = {cap}), so guests cannot get codes either; try again in {} min and look for abuse_alert in the journal",
        minutes(*retry_after)
    )]
    KioskCap { cap: u32, retry_after: Duration },
    #[error(
        "numbers starting +{prefix} are paused for suspected SMS pumping for {} min more; staff can lift the pause in System health if it is a mistake",
        minutes(*retry_after)
    )]
    Paused {
        prefix: String,
        retry_after: Duration,
    },
    #[error("the kiosk database failed: {0}; check the disk and the [store] path")]
    Store(String),
}

impl From<StoreError> for TestSmsError {
    fn from(e: StoreError) -> Self {
        TestSmsError::Store(e.to_string())
    }
}

impl From<OtpError> for TestSmsError {
    fn from(e: OtpError) -> Self {
        TestSmsError::Store(e.to_string())
    }
}

impl From<rusqlite::Error> for TestSmsError {
    fn from(e: rusqlite::Error) -> Self {
        TestSmsError::Store(e.to_string())
    }
}

impl TestSmsError {
    /// The journal's `outcome` for this refusal.
    pub fn outcome(&self) -> &'static str {
        match self {
            TestSmsError::BadNumber { .. } => "bad_number",
            TestSmsError::NotMobile { .. } => "not_mobile",
            TestSmsError::CountryNotAllowed { .. } => "country_not_allowed",
            TestSmsError::TestLimit { .. } => "test_limit",
            TestSmsError::KioskCap { .. } => "kiosk_cap",
            TestSmsError::Paused { .. } => "pumping_pause",
            TestSmsError::Store(_) => "store_error",
        }
    }

    /// A refusal of the number itself (the operator typed something to fix), not a limit.
    pub fn is_number(&self) -> bool {
        matches!(
            self,
            TestSmsError::BadNumber { .. }
                | TestSmsError::NotMobile { .. }
                | TestSmsError::CountryNotAllowed { .. }
        )
    }
}

fn bad_number(reason: &PhoneError) -> String {
    match reason {
        // "is not a phone number (write it with its country code, …)"
        PhoneError::Unparsable => reason.to_string(),
        other => format!("cannot be used: {other}"),
    }
}

fn minutes(d: Duration) -> u64 {
    d.as_secs().div_ceil(60).max(1)
}

/// The guest sends' number checks: `raw` must parse (with the kiosk's country as the default
/// region), be a mobile line, and be in `[otp] allowed_countries` when that is set.
pub fn check_number(engine: &OtpEngine, raw: &str) -> Result<Phone, TestSmsError> {
    let phone = Phone::parse(raw, engine.region()).map_err(|e| TestSmsError::BadNumber {
        to: mask_e164(raw),
        reason: e,
    })?;
    let allowed = &engine.policy().allowed_countries;
    match phone.sms_capability(allowed) {
        Ok(()) => Ok(phone),
        Err(NotSmsCapable::WrongLineType) => Err(TestSmsError::NotMobile { to: phone.masked() }),
        Err(NotSmsCapable::CountryNotAllowed) => Err(TestSmsError::CountryNotAllowed {
            to: phone.masked(),
            allowed: allowed.join(", "),
        }),
    }
}

/// Allows one gateway attempt of a test SMS to `phone` and counts it toward the kiosk cap and
/// the test limit, in one IMMEDIATE transaction.
pub fn permit(
    engine: &OtpEngine,
    store: &mut Store,
    now: Timestamp,
    phone: &Phone,
) -> Result<(), TestSmsError> {
    let now_ms = millis(now);
    let tx = store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?;
    let paused = match pumping::prefix(phone.e164(), engine.policy().pumping.prefix_digits) {
        Some(prefix) => pumping::paused_for(
            &tx,
            &prefix,
            crate::otp::limits::LookupPath::Confirmation,
            now_ms,
        )?
        .map(|left| (prefix, left)),
        None => None,
    };
    let refusal = if let Some(retry_after) = engine.kiosk_cap_reached(&tx, now)? {
        Some(TestSmsError::KioskCap {
            cap: engine.policy().sends_per_kiosk_per_hour,
            retry_after,
        })
    } else if let Some((prefix, retry_after)) = paused {
        Some(TestSmsError::Paused {
            prefix,
            retry_after,
        })
    } else if limits::count_in_window(&tx, Scope::TestSms, engine.kiosk_id(), now_ms, HOUR)?
        >= PER_HOUR
    {
        Some(TestSmsError::TestLimit {
            retry_after: limits::window_frees_in(
                &tx,
                Scope::TestSms,
                engine.kiosk_id(),
                now_ms,
                HOUR,
            )?,
        })
    } else {
        limits::record(&tx, Scope::TestSms, engine.kiosk_id(), now_ms)?;
        engine.count_kiosk_send(&tx, now)?;
        None
    };
    // A refusal may have raised the kiosk cap's abuse alert: commit it too.
    tx.commit()?;
    match refusal {
        Some(refusal) => {
            tracing::warn!(to = %phone, error = %refusal, "test SMS refused");
            Err(refusal)
        }
        None => Ok(()),
    }
}

/// The journal's `gateway` and `outcome` for a finished test send: the accepting gateway and
/// `accepted`, or the gateway that failed last and its failure class.
pub fn outcome(result: &Result<Delivery, SendError>) -> (Option<&str>, &'static str) {
    match result {
        Ok(delivery) => (Some(delivery.gateway.as_str()), "accepted"),
        Err(SendError::Recipient { gateway, kind, .. }) => (Some(gateway.as_str()), kind.as_str()),
        Err(SendError::Unavailable { failures, skipped }) => match failures.last() {
            Some((gateway, f)) => (Some(gateway.as_str()), f.kind.as_str()),
            None => (skipped.last().map(String::as_str), "circuit_open"),
        },
        // The refusal's own outcome is journaled by the caller, which holds it.
        Err(SendError::Refused { gateway, .. }) => (Some(gateway.as_str()), "refused"),
        Err(SendError::UnknownGateway { .. }) => (None, "unknown_gateway"),
        Err(SendError::InvalidMessage(_)) => (None, "invalid_message"),
    }
}

/// Every gateway attempt of a finished test send that failed, in order, as (gateway, failure
/// class): journaled as `failed`, so `kiosk status` counts a failing test against each gateway
/// tried, not only the last one.
pub fn failed_attempts(result: &Result<Delivery, SendError>) -> Vec<(&str, &'static str)> {
    match result {
        Ok(delivery) => delivery
            .attempts
            .iter()
            .filter_map(|a| {
                a.outcome
                    .as_ref()
                    .err()
                    .map(|f| (a.gateway.as_str(), f.kind.as_str()))
            })
            .collect(),
        Err(SendError::Unavailable { failures, .. } | SendError::Refused { failures, .. }) => {
            failures
                .iter()
                .map(|(g, f)| (g.as_str(), f.kind.as_str()))
                .collect()
        }
        Err(_) => Vec::new(),
    }
}

/// `kiosk send-test-sms` failed; every message says what to do.
#[derive(Debug, thiserror::Error)]
pub enum SendTestError {
    #[error("no test SMS was sent: {0}")]
    Refused(TestSmsError),
    #[error("{0}")]
    Chain(#[from] GatewayError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Engine(#[from] OtpError),
    /// No gateway accepted it; `report` holds the lines for IT (what each gateway answered),
    /// printed before this error's own one-line summary.
    #[error("{}", failed(error))]
    Failed { report: String, error: SendError },
    #[error("cannot start the async runtime: {0}")]
    Runtime(String),
}

/// The summary of a failed test send, after the report's lines.
fn failed(error: &SendError) -> String {
    match error {
        SendError::Unavailable { .. } => {
            "no test SMS was delivered: every gateway tried failed (see above); check that they are up, reachable and their credentials right, then try again".to_owned()
        }
        SendError::Refused { .. } => {
            "no test SMS was delivered: the test SMS limits stopped the failover (see above); try again later".to_owned()
        }
        SendError::Recipient { gateway, .. } => {
            format!("no test SMS was delivered: {gateway} says this number cannot get SMS (see above); test with another mobile number")
        }
        SendError::UnknownGateway { .. } => format!("no test SMS was sent: {error}"),
        SendError::InvalidMessage(reason) => format!(
            "no test SMS was sent: the test text is not a valid SMS ({reason}); check [kiosk] sms_name (or property) and id"
        ),
    }
}

impl SendTestError {
    /// True when gateways were tried, so `report` has lines worth printing.
    pub fn tried(&self) -> bool {
        matches!(
            self,
            SendTestError::Failed {
                error: SendError::Unavailable { .. }
                    | SendError::Refused { .. }
                    | SendError::Recipient { .. },
                ..
            }
        )
    }
}

/// What one `test_sms` event records.
struct TestSend<'a> {
    gateway: Option<&'a str>,
    to: &'a str,
    outcome: &'a str,
    attempts: usize,
    failed: Vec<(&'a str, &'static str)>,
}

/// Journals `test_sms` (the command line's test send), with the number masked.
fn journal_cli(
    store: &mut Store,
    now: Timestamp,
    kiosk: &str,
    send: TestSend<'_>,
) -> Result<(), StoreError> {
    let TestSend {
        gateway,
        to,
        outcome,
        attempts,
        failed,
    } = send;
    let failed: Vec<serde_json::Value> = failed
        .iter()
        .map(|(gateway, outcome)| json!({ "gateway": gateway, "outcome": outcome }))
        .collect();
    store.journal_append(
        now,
        EventKind::TestSms,
        None,
        json!({
            "source": "cli",
            "kiosk": kiosk,
            "gateway": gateway,
            "to": to,
            "outcome": outcome,
            "attempts": attempts,
            "failed": failed,
        }),
    )?;
    Ok(())
}

/// `kiosk send-test-sms`: checks the number, sends through the chain (or one named gateway)
/// with a permit per attempt, journals `test_sms` whatever happens, and returns the lines to
/// print, e.g. `✗ primary (kannel) after 3002 ms: timeout: …` then
/// `✓ sent to +44 ••• ••• •958 by backup (twilio) in 231 ms, message id SM…`.
pub async fn send_and_report(
    config: &Config,
    store: &mut Store,
    clock: &dyn Clock,
    to: &str,
    gateway: Option<&str>,
) -> Result<String, SendTestError> {
    let engine = OtpEngine::from_config(store, config)?;
    let kiosk = config.kiosk.id.as_str();
    let phone = match check_number(&engine, to) {
        Ok(phone) => phone,
        Err(refusal) => {
            journal_cli(
                store,
                clock.now(),
                kiosk,
                TestSend {
                    gateway: None,
                    to: &mask_e164(to),
                    outcome: refusal.outcome(),
                    attempts: 0,
                    failed: Vec::new(),
                },
            )?;
            return Err(SendTestError::Refused(refusal));
        }
    };
    let chain = GatewayChain::from_config(&config.gateways)?;
    let text = test_text(&config.kiosk.sms_name, kiosk);
    let mut refused: Option<TestSmsError> = None;
    let mut permitted = 0;
    let result = {
        let (refused, permitted) = (&mut refused, &mut permitted);
        let store = &mut *store;
        let mut hook = |_: &NextAttempt<'_>| -> Result<(), String> {
            match permit(&engine, store, clock.now(), &phone) {
                Ok(()) => {
                    *permitted += 1;
                    Ok(())
                }
                Err(e) => {
                    let reason = e.to_string();
                    *refused = Some(e);
                    Err(reason)
                }
            }
        };
        chain
            .send_test(phone.e164(), &text, gateway, &mut hook)
            .await
    };
    let masked = phone.masked();
    let (at, mut what) = outcome(&result);
    if let Some(refusal) = &refused {
        what = refusal.outcome();
    }
    journal_cli(
        store,
        clock.now(),
        kiosk,
        TestSend {
            gateway: at,
            to: &masked,
            outcome: what,
            attempts: permitted,
            failed: failed_attempts(&result),
        },
    )?;
    match result {
        Ok(delivery) => Ok(delivery_report(&masked, &delivery)),
        Err(error) => match refused {
            // Refused before the first attempt: nothing went out, just say why.
            Some(refusal) if permitted == 0 => Err(SendTestError::Refused(refusal)),
            _ => {
                let mut report = failure_report(&masked, &error);
                if let Some(refusal) = refused {
                    let _ = write!(report, "\n✗ {refusal}");
                }
                Err(SendTestError::Failed { report, error })
            }
        },
    }
}

/// [`send_and_report`] for a synchronous CLI: runs it on a one-thread runtime.
pub fn send_and_report_blocking(
    config: &Config,
    store: &mut Store,
    clock: &dyn Clock,
    to: &str,
    gateway: Option<&str>,
) -> Result<String, SendTestError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SendTestError::Runtime(e.to_string()))?;
    runtime.block_on(send_and_report(config, store, clock, to, gateway))
}
