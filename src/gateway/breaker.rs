//! Per-gateway circuit breaker: after `threshold` consecutive gateway-side failures the gateway
//! is skipped for `open_for`, then one trial request decides whether it is back.
//!
//! In memory on purpose: a restart gives every gateway a fresh chance, which is what IT expects
//! after fixing a gateway. Time is a monotonic [`Instant`] passed in, so wall-clock jumps do not
//! keep a gateway out and tests move time without sleeping.

use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Where monotonic time comes from.
pub trait Monotonic: Send + Sync {
    fn now(&self) -> Instant;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemMonotonic;

impl Monotonic for SystemMonotonic {
    fn now(&self) -> Instant {
        Instant::now()
    }
}

/// Monotonic time that moves only when told; for tests.
#[derive(Debug)]
pub struct ManualMonotonic {
    start: Instant,
    offset: Mutex<Duration>,
}

impl Default for ManualMonotonic {
    fn default() -> Self {
        Self {
            start: Instant::now(),
            offset: Mutex::new(Duration::ZERO),
        }
    }
}

impl ManualMonotonic {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn advance(&self, by: Duration) {
        let mut offset = self.offset.lock().unwrap_or_else(|e| e.into_inner());
        *offset += by;
    }
}

impl Monotonic for ManualMonotonic {
    fn now(&self) -> Instant {
        self.start + *self.offset.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// What `status` and staff mode show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BreakerState {
    /// Sending normally.
    Closed,
    /// Skipped; tried again after `retry_in`.
    Open { retry_in: Duration },
    /// The next send is a trial.
    HalfOpen,
}

impl std::fmt::Display for BreakerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BreakerState::Closed => f.write_str("closed (sending)"),
            BreakerState::Open { retry_in } => {
                write!(
                    f,
                    "open (skipped, retried in {} s)",
                    retry_in.as_secs().max(1)
                )
            }
            BreakerState::HalfOpen => f.write_str("half-open (next send is a trial)"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Closed {
        failures: u32,
    },
    Open {
        until: Instant,
    },
    /// A trial is in flight since `since`. If its future is dropped (the caller gave up), the
    /// trial is considered lost after `open_for` and another one is allowed.
    Trial {
        since: Instant,
    },
}

#[derive(Debug, Clone)]
pub struct Breaker {
    threshold: u32,
    open_for: Duration,
    state: State,
}

impl Breaker {
    pub fn new(threshold: u32, open_for: Duration) -> Self {
        Self {
            threshold: threshold.max(1),
            open_for,
            state: State::Closed { failures: 0 },
        }
    }

    /// Whether a request may go to this gateway now. An expired open breaker lets exactly one
    /// trial through.
    pub fn allow(&mut self, now: Instant) -> bool {
        match self.state {
            State::Closed { .. } => true,
            State::Open { until } if now < until => false,
            State::Trial { since } if now < since + self.open_for => false,
            State::Open { .. } | State::Trial { .. } => {
                self.state = State::Trial { since: now };
                true
            }
        }
    }

    /// The gateway answered properly (accepted, or refused for a reason about the recipient).
    pub fn record_success(&mut self) {
        self.state = State::Closed { failures: 0 };
    }

    /// A gateway-side failure (timeout, refused connection, 5xx, bad credentials …).
    pub fn record_failure(&mut self, now: Instant) {
        self.state = match self.state {
            State::Closed { failures } if failures + 1 < self.threshold => State::Closed {
                failures: failures + 1,
            },
            _ => State::Open {
                until: now + self.open_for,
            },
        };
    }

    pub fn state(&self, now: Instant) -> BreakerState {
        match self.state {
            State::Closed { .. } => BreakerState::Closed,
            State::Open { until } if now < until => BreakerState::Open {
                retry_in: until - now,
            },
            State::Open { .. } | State::Trial { .. } => BreakerState::HalfOpen,
        }
    }

    pub fn consecutive_failures(&self) -> u32 {
        match self.state {
            State::Closed { failures } => failures,
            State::Open { .. } | State::Trial { .. } => self.threshold,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn opens_after_threshold_and_lets_one_trial_through_after_the_pause() {
        let clock = ManualMonotonic::new();
        let mut b = Breaker::new(3, Duration::from_secs(60));
        for _ in 0..2 {
            assert!(b.allow(clock.now()));
            b.record_failure(clock.now());
        }
        assert_eq!(b.state(clock.now()), BreakerState::Closed);
        assert!(b.allow(clock.now()));
        b.record_failure(clock.now());
        assert!(matches!(b.state(clock.now()), BreakerState::Open { .. }));
        assert!(!b.allow(clock.now()));
        clock.advance(Duration::from_secs(59));
        assert!(!b.allow(clock.now()));
        clock.advance(Duration::from_secs(1));
        assert_eq!(b.state(clock.now()), BreakerState::HalfOpen);
        assert!(b.allow(clock.now()), "one trial");
        assert!(!b.allow(clock.now()), "only one trial at a time");
        b.record_success();
        assert_eq!(b.state(clock.now()), BreakerState::Closed);
        assert!(b.allow(clock.now()));
    }

    #[test]
    fn a_failed_trial_reopens_immediately() {
        let clock = ManualMonotonic::new();
        let mut b = Breaker::new(2, Duration::from_secs(10));
        b.record_failure(clock.now());
        b.record_failure(clock.now());
        clock.advance(Duration::from_secs(10));
        assert!(b.allow(clock.now()));
        b.record_failure(clock.now());
        assert_eq!(
            b.state(clock.now()),
            BreakerState::Open {
                retry_in: Duration::from_secs(10)
            }
        );
    }

    #[test]
    fn a_success_resets_the_count() {
        let clock = ManualMonotonic::new();
        let mut b = Breaker::new(2, Duration::from_secs(10));
        b.record_failure(clock.now());
        b.record_success();
        b.record_failure(clock.now());
        assert_eq!(b.state(clock.now()), BreakerState::Closed);
        assert_eq!(b.consecutive_failures(), 1);
    }

    #[test]
    fn an_abandoned_trial_does_not_lock_the_gateway_out_forever() {
        let clock = ManualMonotonic::new();
        let mut b = Breaker::new(1, Duration::from_secs(5));
        b.record_failure(clock.now());
        clock.advance(Duration::from_secs(5));
        assert!(b.allow(clock.now()));
        // The trial's future was dropped: neither success nor failure is recorded.
        clock.advance(Duration::from_secs(5));
        assert!(b.allow(clock.now()));
    }
}
