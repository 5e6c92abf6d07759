//! `kiosk status [--json]`: the kiosk's health at a glance for IT, or as one JSON object for
//! monitoring; the exit status says healthy (0), unhealthy for now (1) or broken (2). Opens the
//! store read-only in spirit: a missing store is an error, never a new empty kiosk.

use std::path::Path;

use jiff::Timestamp;

use super::{CliError, Exit, load_config};
use crate::health::{self, Problem, ProblemCode, Report};
use crate::names::invisible;
use crate::staff::PadState;
use crate::store::{Store, StoreError};

pub fn run(config_path: &Path, json: bool) -> Result<Exit, CliError> {
    let now = Timestamp::now();
    let report = match read(config_path, now) {
        Ok(report) => report,
        Err(e) => {
            // Monitoring that parses the JSON still gets an answer it can match on.
            if json {
                let problem = Problem {
                    code: problem_code(&e),
                    message: e.to_string(),
                };
                println!("{}", health::failure_json(&problem));
            }
            return Err(e);
        }
    };
    if json {
        println!("{}", report.to_json(now));
    } else {
        print!("{}", human(&report));
    }
    Ok(if report.healthy() {
        Exit::Done
    } else {
        Exit::Retry
    })
}

fn read(config_path: &Path, now: Timestamp) -> Result<Report, CliError> {
    let config = load_config(config_path)?;
    let store = Store::open_existing_config(&config.store)?;
    Ok(health::gather(&config, &store, now)?)
}

fn problem_code(e: &CliError) -> ProblemCode {
    match e {
        CliError::Config(_) => ProblemCode::ConfigInvalid,
        CliError::Store(StoreError::Missing { .. }) => ProblemCode::StoreMissing,
        CliError::Store(StoreError::Busy) => ProblemCode::StoreBusy,
        _ => ProblemCode::StoreUnreadable,
    }
}

/// `s` with every control and invisible format/bidi character written as `\u{…}`: the store's
/// texts (gateway and sync errors) came from elsewhere, and an escape sequence in them must not
/// repaint IT's terminal (a second defence: gateway errors are sanitised before they are stored).
fn escaped(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if invisible(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    out
}

/// The lines IT reads, ending with "healthy" or "UNHEALTHY: code: message; …".
fn human(r: &Report) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&escaped(&s));
        out.push('\n');
    };
    line(format!("kiosk        {} ({})", r.kiosk_id, r.property));
    line(format!("database     {}", r.database.display()));
    line(format!("reservations {}", r.reservations));
    let j = &r.journal;
    line(format!(
        "journal      {} events (last seq {})",
        j.events, j.last_seq
    ));
    line(format!(
        "unsynced     {}{}",
        j.unsynced,
        j.oldest_unsynced_at
            .as_ref()
            .map(|t| format!(" (oldest {t})"))
            .unwrap_or_default()
    ));
    line(format!("quarantined  {}", j.quarantined));
    line(format!("lockouts     {} active", r.lockouts));
    // IT decides here whether a locked PIN pad needs `kiosk staff reset-pad`.
    line(match r.staff_pad {
        PadState::Open => "staff pad    open".to_owned(),
        PadState::Paused { retry_after } => format!(
            "staff pad    paused after wrong PINs ({} s left)",
            retry_after.as_secs().max(1)
        ),
        PadState::Locked { retry_after } => format!(
            "staff pad    LOCKED after wrong PINs ({} min left; `kiosk staff reset-pad --by NAME --reason TEXT` opens it)",
            retry_after.as_secs().div_ceil(60)
        ),
    });
    // SMS-pumping pauses stop codes to a whole number range: IT must see them at a glance.
    if r.pumping.is_empty() {
        line("pumping      no prefix paused".to_owned());
    }
    for p in &r.pumping {
        line(format!(
            "pumping      +{}… paused until {:.0} (pause #{}; staff can lift it)",
            p.prefix,
            p.until,
            p.level + 1
        ));
    }
    // Gateway health as the journal saw it: the running kiosk's circuit breakers live in its
    // own process, but every attempt it made is journaled.
    for g in &r.gateways {
        let ok = g
            .seen
            .last_success
            .map_or_else(|| "never".to_owned(), |at| format!("{at:.3}"));
        let failed = g.seen.last_failure.map_or_else(
            || "never".to_owned(),
            |at| {
                format!(
                    "{at:.3} ({})",
                    g.seen.last_error.clone().unwrap_or_default()
                )
            },
        );
        line(format!(
            "gateway      {} ({}): last success {ok}; last failure {failed}",
            g.name, g.kind
        ));
    }
    match &r.sync {
        None => line("sync         off".to_owned()),
        Some(status) => {
            for l in status.to_string().lines() {
                line(format!("sync         {l}"));
            }
        }
    }
    if r.healthy() {
        line("healthy".to_owned());
    } else {
        let each: Vec<String> = r
            .problems
            .iter()
            .map(|p| format!("{}: {}", p.code.as_str(), p.message))
            .collect();
        line(format!("UNHEALTHY: {}", each.join("; ")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_from_the_store_are_shown_escaped() {
        assert_eq!(
            escaped("x \u{1b}[2J\u{7}\u{202e}y\r"),
            "x \\u{1b}[2J\\u{7}\\u{202e}y\\u{d}"
        );
        assert_eq!(escaped("HTTP 500 \"é\" ok"), "HTTP 500 \"é\" ok");
    }

    #[test]
    fn a_store_locked_too_long_is_store_busy_and_worth_a_retry() {
        let busy = CliError::Store(StoreError::Busy);
        assert_eq!(problem_code(&busy), ProblemCode::StoreBusy);
        assert_eq!(busy.exit(), Exit::Retry);
    }
}
