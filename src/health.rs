//! The kiosk's health as `kiosk status` shows it to IT and to monitoring: everything read from
//! the store and the config (so no running kiosk process is needed), and the rule that calls it
//! unhealthy. Plain data and `now` passed in, so the rule is tested without waiting.

use std::path::PathBuf;
use std::time::Duration;

use jiff::Timestamp;
use serde_json::{Value, json};

use crate::config::Config;
use crate::otp::pumping::Pause;
use crate::staff::PadState;
use crate::store::{GatewayJournal, JournalStats, Store, StoreError};
use crate::sync::SyncStatus;

/// What can make a kiosk unhealthy. The codes are stable: monitoring matches on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemCode {
    /// The oldest unsynced event is older than `[upstream] unhealthy_after_s`.
    SyncBacklogOld,
    /// Sync rounds have failed for longer than `[upstream] unhealthy_after_s`.
    SyncFailing,
    /// Every configured gateway failed its last attempt: guests cannot get codes.
    GatewaysFailing,
    /// The system clock is behind the journal (an unsynced event or sync's failing-since lies
    /// more than 5 min in the future): the ages above cannot be judged, and codes' expiry and
    /// the journal's times are wrong until the clock is fixed.
    ClockBehind,
    /// Another process has held the database locked for longer than the busy timeout (exit
    /// status 1: it is usually a backup or a long import, retry).
    StoreBusy,
    /// `[store] path` names no database (exit status 2).
    StoreMissing,
    /// The database cannot be opened or read (exit status 2).
    StoreUnreadable,
    /// kiosk.toml cannot be read or is invalid (exit status 2).
    ConfigInvalid,
}

impl ProblemCode {
    pub const ALL: [ProblemCode; 8] = [
        ProblemCode::SyncBacklogOld,
        ProblemCode::SyncFailing,
        ProblemCode::GatewaysFailing,
        ProblemCode::ClockBehind,
        ProblemCode::StoreBusy,
        ProblemCode::StoreMissing,
        ProblemCode::StoreUnreadable,
        ProblemCode::ConfigInvalid,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::SyncBacklogOld => "sync_backlog_old",
            ProblemCode::SyncFailing => "sync_failing",
            ProblemCode::GatewaysFailing => "gateways_failing",
            ProblemCode::ClockBehind => "clock_behind",
            ProblemCode::StoreBusy => "store_busy",
            ProblemCode::StoreMissing => "store_missing",
            ProblemCode::StoreUnreadable => "store_unreadable",
            ProblemCode::ConfigInvalid => "config_invalid",
        }
    }
}

/// One reason the kiosk is unhealthy: a stable code and a message for a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub code: ProblemCode,
    pub message: String,
}

impl Problem {
    pub fn to_json(&self) -> Value {
        json!({ "code": self.code.as_str(), "message": self.message })
    }
}

/// One configured gateway as the journal saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GatewayState {
    pub name: String,
    pub kind: &'static str,
    pub seen: GatewayJournal,
}

impl GatewayState {
    /// Its last attempt failed (a failure and no later success).
    pub fn last_failed(&self) -> bool {
        match (self.seen.last_failure, self.seen.last_success) {
            (Some(failed), Some(ok)) => failed > ok,
            (Some(_), None) => true,
            (None, _) => false,
        }
    }
}

/// Everything `kiosk status` reports.
#[derive(Debug, Clone)]
pub struct Report {
    pub kiosk_id: String,
    pub property: String,
    pub database: PathBuf,
    pub reservations: i64,
    pub journal: JournalStats,
    /// Reservations locked now.
    pub lockouts: i64,
    pub staff_pad: PadState,
    pub pumping: Vec<Pause>,
    pub gateways: Vec<GatewayState>,
    /// `None` when `[upstream]` is off.
    pub sync: Option<SyncStatus>,
    /// `[upstream] unhealthy_after_s`, when sync is on.
    pub unhealthy_after: Option<Duration>,
    pub problems: Vec<Problem>,
}

/// Reads the report from `store` at `now` and judges it.
pub fn gather(config: &Config, store: &Store, now: Timestamp) -> Result<Report, StoreError> {
    let now_ms = now.as_millisecond();
    let conn = store.conn();
    let gateways = config
        .gateways
        .iter()
        .map(|g| {
            Ok(GatewayState {
                name: g.name.clone(),
                kind: g.kind.name(),
                seen: crate::store::gateway_journal(conn, &g.name)?,
            })
        })
        .collect::<Result<Vec<_>, StoreError>>()?;
    let sync = match &config.upstream {
        Some(_) => Some(crate::sync::sync_status(store, now)?),
        None => None,
    };
    let mut report = Report {
        kiosk_id: config.kiosk.id.clone(),
        property: config.kiosk.property.clone(),
        database: store.path().to_path_buf(),
        reservations: store.reservation_count()?,
        journal: store.journal_stats()?,
        lockouts: crate::otp::limits::active_lockouts(conn, now_ms)?,
        staff_pad: crate::staff::pad::state(conn, &config.kiosk.id, now_ms)?,
        pumping: crate::otp::pumping::pauses(conn, now_ms)?,
        gateways,
        sync,
        unhealthy_after: config.upstream.as_ref().map(|u| u.unhealthy_after),
        problems: Vec::new(),
    };
    report.problems = assess(&report, now);
    Ok(report)
}

fn age(now: Timestamp, then: Timestamp) -> Duration {
    Duration::try_from(now.duration_since(then)).unwrap_or_default()
}

/// The problems in `report` at `now`. Lockouts, a locked staff pad, pumping pauses and
/// quarantined events are shown but are not unhealthy: they are the kiosk's defences working,
/// or need a person, not a retry.
pub fn assess(report: &Report, now: Timestamp) -> Vec<Problem> {
    let mut problems = Vec::new();
    if let Some(problem) = clock_behind(report, now) {
        problems.push(problem);
    }
    if let (Some(sync), Some(limit)) = (&report.sync, report.unhealthy_after) {
        if let Some(oldest) = sync.oldest_unsynced_age.filter(|a| *a > limit) {
            problems.push(Problem {
                code: ProblemCode::SyncBacklogOld,
                message: format!(
                    "the oldest of {} unsynced event(s) is {} old (more than {}, [upstream] unhealthy_after_s): the upstream has not taken the journal; see the sync lines for the last error and try `kiosk sync --once`",
                    sync.backlog,
                    crate::sync::human_age(oldest),
                    crate::sync::human_age(limit)
                ),
            });
        }
        if let Some(since) = sync.failing_since.filter(|t| age(now, *t) > limit) {
            let error = sync
                .last_error
                .as_ref()
                .map_or("no error recorded", |(_, e)| e.as_str());
            problems.push(Problem {
                code: ProblemCode::SyncFailing,
                message: format!(
                    "sync has failed since {since:.0} ({} ago, more than {}): {error}; check [upstream] url and token and the network, then `kiosk sync --once`",
                    crate::sync::human_age(age(now, since)),
                    crate::sync::human_age(limit)
                ),
            });
        }
    }
    if !report.gateways.is_empty() && report.gateways.iter().all(GatewayState::last_failed) {
        let each: Vec<String> = report
            .gateways
            .iter()
            .map(|g| {
                let at = g
                    .seen
                    .last_failure
                    .map(|t| format!(" at {t:.0}"))
                    .unwrap_or_default();
                match &g.seen.last_error {
                    Some(error) => format!("{}{at}: {error}", g.name),
                    None => format!("{}{at}", g.name),
                }
            })
            .collect();
        problems.push(Problem {
            code: ProblemCode::GatewaysFailing,
            message: format!(
                "every SMS gateway failed its last attempt ({}): guests cannot get codes; fix the gateway and prove it with `kiosk send-test-sms` (status turns healthy with the next code a gateway delivers)",
                each.join("; ")
            ),
        });
    }
    problems
}

/// How far in the future a journal time may lie before the clock is called behind: more than
/// the drift of a clock that NTP keeps, less than any threshold an age is judged against.
const CLOCK_SLACK: Duration = Duration::from_secs(5 * 60);

/// `clock_behind` when the oldest unsynced event or sync's failing-since lies more than
/// [`CLOCK_SLACK`] after `now`: every age would come out negative and pass for fresh.
fn clock_behind(report: &Report, now: Timestamp) -> Option<Problem> {
    let oldest = report
        .journal
        .oldest_unsynced_at
        .as_deref()
        .and_then(|s| s.parse::<Timestamp>().ok());
    let failing_since = report.sync.as_ref().and_then(|s| s.failing_since);
    let (what, then) = [
        ("the oldest unsynced event was journaled at", oldest),
        ("sync has been failing since", failing_since),
    ]
    .into_iter()
    .filter_map(|(what, t)| Some((what, t?)))
    .filter(|(_, t)| Duration::try_from(t.duration_since(now)).is_ok_and(|d| d > CLOCK_SLACK))
    .max_by_key(|(_, t)| *t)?;
    Some(Problem {
        code: ProblemCode::ClockBehind,
        message: format!(
            "the system clock ({now:.0}) is behind the journal: {what} {then:.0}, {} in the future; fix the clock (NTP, timedatectl) before trusting ages, code expiry or journal times",
            crate::sync::human_age(
                Duration::try_from(then.duration_since(now)).unwrap_or_default()
            )
        ),
    })
}

fn at(t: Option<Timestamp>) -> Value {
    t.map_or(Value::Null, |t| Value::String(format!("{t:.3}")))
}

fn secs(d: Option<Duration>) -> Value {
    d.map_or(Value::Null, |d| Value::from(d.as_secs()))
}

impl Report {
    pub fn healthy(&self) -> bool {
        self.problems.is_empty()
    }

    /// The report as one JSON object (README "Health and monitoring" lists the fields).
    pub fn to_json(&self, now: Timestamp) -> Value {
        let j = &self.journal;
        let oldest = j
            .oldest_unsynced_at
            .as_deref()
            .and_then(|s| s.parse::<Timestamp>().ok());
        let (pad, pad_left) = match self.staff_pad {
            PadState::Open => ("open", None),
            PadState::Paused { retry_after } => ("paused", Some(retry_after)),
            PadState::Locked { retry_after } => ("locked", Some(retry_after)),
        };
        json!({
            "kiosk": { "id": self.kiosk_id, "property": self.property },
            "database": self.database.display().to_string(),
            "reservations": self.reservations,
            "journal": { "events": j.events, "last_seq": j.last_seq },
            "unsynced": {
                "events": j.unsynced,
                "oldest_at": at(oldest),
                "oldest_age_s": secs(oldest.map(|t| age(now, t))),
            },
            "quarantined": j.quarantined,
            "lockouts": self.lockouts,
            "staff_pad": { "state": pad, "retry_after_s": secs(pad_left) },
            "pumping_pauses": self.pumping.iter().map(|p| json!({
                "prefix": p.prefix,
                "scope": p.scope.as_str(),
                "until": at(Some(p.until)),
                "level": p.level,
            })).collect::<Vec<_>>(),
            "gateways": self.gateways.iter().map(|g| json!({
                "name": g.name,
                "kind": g.kind,
                "last_success": at(g.seen.last_success),
                "last_failure": at(g.seen.last_failure),
                "last_error": g.seen.last_error,
                "last_attempt_failed": g.last_failed(),
            })).collect::<Vec<_>>(),
            "sync": self.sync.as_ref().map(|s| json!({
                "backlog": s.backlog,
                "oldest_unsynced_age_s": secs(s.oldest_unsynced_age),
                "last_success": at(s.last_success),
                "last_error": s.last_error.as_ref().map(|(t, e)| json!({
                    "at": at(Some(*t)),
                    "message": e,
                })),
                "failing_since": at(s.failing_since),
                "next_attempt": at(s.retry_at),
                "credentials_refused": s.credentials_refused,
                "quarantined": s.quarantined,
                "arrivals_cache_age_s": secs(s.cache_age),
                "unhealthy_after_s": secs(self.unhealthy_after),
            })),
            "healthy": self.healthy(),
            "problems": self.problems.iter().map(Problem::to_json).collect::<Vec<_>>(),
        })
    }
}

/// The JSON `kiosk status --json` prints when there is no report to give (exit status 2).
pub fn failure_json(problem: &Problem) -> Value {
    json!({ "healthy": false, "problems": [problem.to_json()] })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: &str = "2026-11-25T18:00:00Z";

    fn now() -> Timestamp {
        NOW.parse().unwrap()
    }

    fn minutes_ago(m: i64) -> Timestamp {
        now() - jiff::SignedDuration::from_mins(m)
    }

    fn sync(f: impl FnOnce(&mut SyncStatus)) -> SyncStatus {
        let mut s = SyncStatus {
            backlog: 0,
            oldest_unsynced_age: None,
            last_success: None,
            last_error: None,
            quarantined: 0,
            cache_age: None,
            credentials_refused: false,
            retry_at: None,
            failing_since: None,
        };
        f(&mut s);
        s
    }

    fn gateway(name: &str, success: Option<i64>, failure: Option<i64>) -> GatewayState {
        GatewayState {
            name: name.into(),
            kind: "http",
            seen: GatewayJournal {
                last_success: success.map(minutes_ago),
                last_failure: failure.map(minutes_ago),
                last_error: failure.map(|_| "connect: refused".into()),
            },
        }
    }

    fn report(gateways: Vec<GatewayState>, sync: Option<SyncStatus>) -> Report {
        Report {
            kiosk_id: "lobby-1".into(),
            property: "Hotel".into(),
            database: "kiosk.db".into(),
            reservations: 0,
            journal: JournalStats {
                events: 0,
                unsynced: 0,
                quarantined: 0,
                oldest_unsynced_at: None,
                last_seq: 0,
            },
            lockouts: 0,
            staff_pad: PadState::Open,
            pumping: Vec::new(),
            gateways,
            unhealthy_after: sync.as_ref().map(|_| Duration::from_secs(900)),
            sync,
            problems: Vec::new(),
        }
    }

    fn codes(r: &Report) -> Vec<&'static str> {
        assess(r, now()).iter().map(|p| p.code.as_str()).collect()
    }

    #[test]
    fn a_backlog_is_unhealthy_only_past_the_threshold() {
        let young = sync(|s| {
            s.backlog = 3;
            s.oldest_unsynced_age = Some(Duration::from_secs(14 * 60));
        });
        assert!(codes(&report(vec![], Some(young))).is_empty());
        let old = sync(|s| {
            s.backlog = 3;
            s.oldest_unsynced_age = Some(Duration::from_secs(16 * 60));
        });
        assert_eq!(codes(&report(vec![], Some(old))), ["sync_backlog_old"]);
    }

    #[test]
    fn failing_sync_is_unhealthy_once_the_failures_outlast_the_threshold() {
        let brief = sync(|s| {
            s.failing_since = Some(minutes_ago(10));
            s.last_error = Some((minutes_ago(1), "cannot connect".into()));
        });
        assert!(codes(&report(vec![], Some(brief))).is_empty());
        let long = sync(|s| {
            s.failing_since = Some(minutes_ago(20));
            s.last_error = Some((minutes_ago(1), "cannot connect".into()));
        });
        let r = report(vec![], Some(long));
        let problems = assess(&r, now());
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].code, ProblemCode::SyncFailing);
        assert!(
            problems[0].message.contains("cannot connect")
                && problems[0].message.contains("20 min"),
            "{}",
            problems[0].message
        );
    }

    #[test]
    fn without_upstream_an_old_backlog_is_no_problem() {
        let mut r = report(vec![], None);
        r.journal.unsynced = 5;
        r.journal.oldest_unsynced_at = Some("2020-01-01T00:00:00.000Z".into());
        assert!(codes(&r).is_empty());
    }

    #[test]
    fn gateways_are_unhealthy_only_when_every_one_failed_last() {
        let one_fine = vec![gateway("a", None, Some(5)), gateway("b", Some(1), Some(9))];
        assert!(codes(&report(one_fine, None)).is_empty());
        let untried = vec![gateway("a", None, Some(5)), gateway("b", None, None)];
        assert!(codes(&report(untried, None)).is_empty());
        let all_down = vec![gateway("a", Some(60), Some(5)), gateway("b", None, Some(4))];
        let r = report(all_down, None);
        assert_eq!(codes(&r), ["gateways_failing"]);
        let message = &assess(&r, now())[0].message;
        assert!(
            message.contains("a at") && message.contains("b at") && message.contains("refused"),
            "{message}"
        );
    }

    #[test]
    fn a_journal_in_the_future_says_the_clock_is_behind() {
        let ahead = |m: i64| format!("{:.3}", now() + jiff::SignedDuration::from_mins(m));
        let mut r = report(vec![], None);
        r.journal.unsynced = 52;
        r.journal.oldest_unsynced_at = Some(ahead(4));
        assert!(codes(&r).is_empty(), "4 min is clock drift");
        r.journal.oldest_unsynced_at = Some(ahead(41));
        assert_eq!(codes(&r), ["clock_behind"], "without upstream too");
        let message = &assess(&r, now())[0].message;
        assert!(
            message.contains("41 min") && message.contains("fix the clock"),
            "{message}"
        );

        let mut r = report(
            vec![],
            Some(sync(|s| s.failing_since = Some(minutes_ago(-6)))),
        );
        assert_eq!(codes(&r), ["clock_behind"]);
        r.sync = Some(sync(|s| s.failing_since = Some(minutes_ago(-4))));
        assert!(codes(&r).is_empty());
    }

    #[test]
    fn the_json_has_every_field_and_the_verdict() {
        let mut r = report(
            vec![gateway("a", Some(3), None)],
            Some(sync(|s| s.backlog = 2)),
        );
        r.problems = assess(&r, now());
        let v = r.to_json(now());
        for key in [
            "kiosk",
            "database",
            "reservations",
            "journal",
            "unsynced",
            "quarantined",
            "lockouts",
            "staff_pad",
            "pumping_pauses",
            "gateways",
            "sync",
            "healthy",
            "problems",
        ] {
            assert!(v.get(key).is_some(), "{key}: {v:#}");
        }
        assert_eq!(v["healthy"], true);
        assert_eq!(v["sync"]["backlog"], 2);
        assert_eq!(v["sync"]["unhealthy_after_s"], 900);
        assert_eq!(v["gateways"][0]["last_attempt_failed"], false);
    }
}
