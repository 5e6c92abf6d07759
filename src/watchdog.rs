//! systemd's readiness and watchdog (sd_notify), beaten from the UI loop itself: the window's
//! `update` handles a timer message and calls [`Watchdog::beat`], so a frozen UI stops the
//! pings even while the process lives, and systemd restarts it (`WatchdogSec=`).
//!
//! Under cage the kiosk is not the unit's main process, so `WATCHDOG_PID` names cage, not us:
//! only `NOTIFY_SOCKET` and `WATCHDOG_USEC` are read (the unit has `NotifyAccess=all`).

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::Duration;

/// A test of the watchdog freezes the UI loop after this many beats (the process stays up).
pub const TEST_STALL_ENV: &str = "KIOSK_TEST_STALL_UI_AFTER_BEATS";

#[derive(Debug, Clone)]
pub struct Watchdog {
    /// Whether systemd (or a test) listens at `NOTIFY_SOCKET`.
    notify: bool,
    interval: Duration,
    ready_sent: Arc<AtomicBool>,
    /// When the UI loop last beat, in ms since the epoch (for the metrics' UI-stall figure).
    last_beat_ms: Arc<AtomicI64>,
    beats: Arc<AtomicI64>,
    stall_after: Option<i64>,
}

/// What the UI loop does after a beat.
#[derive(Debug, PartialEq, Eq)]
pub enum Beat {
    Carry,
    /// Only with [`TEST_STALL_ENV`]: block the loop for good.
    Stall,
}

impl Watchdog {
    /// The process's one watchdog (the window may rebuild its state, the pings must not
    /// start over: READY=1 is said once).
    pub fn process() -> Watchdog {
        static ONE: std::sync::OnceLock<Watchdog> = std::sync::OnceLock::new();
        ONE.get_or_init(Watchdog::from_env).clone()
    }

    /// From the environment systemd gives the unit: pings at half `WATCHDOG_USEC` (every 10 s
    /// when there is a socket but no watchdog, so readiness and liveness still show).
    fn from_env() -> Watchdog {
        let notify = std::env::var_os("NOTIFY_SOCKET").is_some_and(|s| !s.is_empty());
        let usec = std::env::var("WATCHDOG_USEC")
            .ok()
            .and_then(|u| u.trim().parse::<u64>().ok())
            .filter(|u| *u > 0);
        let interval = usec.map_or(Duration::from_secs(10), |u| {
            Duration::from_micros(u / 2).max(Duration::from_millis(100))
        });
        let stall_after = std::env::var(TEST_STALL_ENV)
            .ok()
            .and_then(|n| n.trim().parse().ok());
        Watchdog {
            notify,
            interval,
            ready_sent: Arc::new(AtomicBool::new(false)),
            last_beat_ms: Arc::new(AtomicI64::new(0)),
            beats: Arc::new(AtomicI64::new(0)),
            stall_after,
        }
    }

    /// How often the UI should beat.
    pub fn interval(&self) -> Duration {
        self.interval
    }

    /// The UI loop ran: READY=1 the first time, WATCHDOG=1 every time.
    pub fn beat(&self, now_ms: i64) -> Beat {
        self.last_beat_ms.store(now_ms, Ordering::Relaxed);
        if self.notify {
            let mut states = vec![sd_notify::NotifyState::Watchdog];
            if !self.ready_sent.swap(true, Ordering::Relaxed) {
                states.insert(0, sd_notify::NotifyState::Ready);
            }
            if let Err(e) = sd_notify::notify(false, &states) {
                tracing::warn!(error = %e, "cannot notify systemd (NOTIFY_SOCKET)");
            }
        }
        let n = self.beats.fetch_add(1, Ordering::Relaxed) + 1;
        match self.stall_after {
            Some(after) if n >= after => Beat::Stall,
            _ => Beat::Carry,
        }
    }

    /// When the UI loop last beat (ms since the epoch; 0 before the first beat).
    pub fn last_beat_ms(&self) -> i64 {
        self.last_beat_ms.load(Ordering::Relaxed)
    }
}
