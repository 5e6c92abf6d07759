//! `kiosk send-test-sms --to NUMBER [--gateway NAME]`: one test SMS through the configured
//! chain (or one gateway), reported as lines for IT.

use std::fmt::Write as _;
use std::time::Duration;

use crate::config::Config;
use crate::phone::{Phone, mask_stored};

use super::text::test_text;
use super::{GatewayChain, GatewayError, SendError};

/// The test SMS failed; `report` holds the lines printed so far plus the reason.
#[derive(Debug, thiserror::Error)]
pub enum SendTestError {
    #[error(
        "--to {to:?} is not a phone number ({reason}); give it in international form, e.g. +447400123456"
    )]
    BadNumber { to: String, reason: String },
    #[error("{0}")]
    Chain(#[from] GatewayError),
    #[error("{report}")]
    Failed { report: String, error: SendError },
    #[error("cannot start the async runtime: {0}")]
    Runtime(String),
}

fn ms(d: Duration) -> String {
    if d < Duration::from_secs(10) {
        format!("{} ms", d.as_millis())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// Sends the test SMS and returns the lines to print, e.g.
/// `✗ primary (kannel) after 3002 ms: timeout: …` then
/// `✓ sent to +44 ••• 958 by backup (twilio) in 231 ms, message id SM…`.
pub async fn send_test_sms_report(
    config: &Config,
    to: &str,
    gateway: Option<&str>,
) -> Result<String, SendTestError> {
    let phone = Phone::parse(to, &config.kiosk.country).map_err(|e| SendTestError::BadNumber {
        to: mask_stored(to),
        reason: e.to_string(),
    })?;
    let chain = GatewayChain::from_config(&config.gateways)?;
    let text = test_text(&config.kiosk.property, &config.kiosk.id);
    let result = chain.send_test(phone.e164(), &text, gateway).await;
    let mut out = String::new();
    match result {
        Ok(delivery) => {
            for attempt in delivery.attempts.iter().filter(|a| !a.accepted()) {
                if let Err(f) = &attempt.outcome {
                    let _ = writeln!(
                        out,
                        "✗ {} ({}) after {}: {f}",
                        attempt.gateway,
                        attempt.kind,
                        ms(attempt.elapsed)
                    );
                }
            }
            let _ = write!(
                out,
                "✓ sent to {} by {} ({}) in {}",
                phone.masked(),
                delivery.gateway,
                delivery.kind,
                ms(delivery
                    .attempts
                    .last()
                    .map_or(delivery.elapsed, |a| a.elapsed))
            );
            if delivery.attempts.len() > 1 {
                let _ = write!(out, " ({} in total)", ms(delivery.elapsed));
            }
            if let Some(id) = &delivery.message_id {
                let _ = write!(out, ", message id {id}");
            }
            if let Some(note) = delivery
                .attempts
                .last()
                .and_then(|a| a.outcome.as_ref().ok())
                .and_then(|a| a.note.as_ref())
            {
                let _ = write!(out, "\n  note: {note}");
            }
            Ok(out)
        }
        Err(error) => {
            match &error {
                SendError::Unavailable { failures, skipped } => {
                    for (name, f) in failures {
                        let _ = writeln!(out, "✗ {name}: {f}");
                    }
                    for name in skipped {
                        let _ = writeln!(out, "✗ {name}: skipped, circuit breaker open");
                    }
                    let _ = write!(
                        out,
                        "no gateway accepted the test SMS to {}",
                        phone.masked()
                    );
                }
                other => {
                    let _ = write!(out, "✗ {other}");
                }
            }
            Err(SendTestError::Failed { report: out, error })
        }
    }
}

/// [`send_test_sms_report`] for a synchronous CLI: runs it on a one-thread runtime.
pub fn send_test_sms_report_blocking(
    config: &Config,
    to: &str,
    gateway: Option<&str>,
) -> Result<String, SendTestError> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| SendTestError::Runtime(e.to_string()))?;
    runtime.block_on(send_test_sms_report(config, to, gateway))
}
