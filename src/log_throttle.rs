//! At most one log line a minute for something a stranger can cause at will (refused tokens,
//! refused connections), with how many there were since the last line: the log stays a record,
//! not a way to fill the disk.

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

const EVERY: Duration = Duration::from_secs(60);

pub struct OncePerMinute {
    last_logged: Mutex<Option<Instant>>,
    since: AtomicU64,
}

impl OncePerMinute {
    pub const fn new() -> OncePerMinute {
        OncePerMinute {
            last_logged: Mutex::new(None),
            since: AtomicU64::new(0),
        }
    }

    /// Counts one occurrence; `Some(count)` when a line is due, with the occurrences since the
    /// previous line (this one included).
    pub fn tick(&self) -> Option<u64> {
        self.tick_at(Instant::now())
    }

    fn tick_at(&self, now: Instant) -> Option<u64> {
        self.since.fetch_add(1, Ordering::Relaxed);
        // A poisoned lock only means another thread panicked mid-check: the Option is intact.
        let mut last = self
            .last_logged
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if last.is_some_and(|t| now.duration_since(t) < EVERY) {
            return None;
        }
        *last = Some(now);
        Some(self.since.swap(0, Ordering::Relaxed))
    }
}

impl Default for OncePerMinute {
    fn default() -> Self {
        OncePerMinute::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_is_logged_then_one_line_a_minute_with_the_count_between() {
        let throttle = OncePerMinute::new();
        let start = Instant::now();
        assert_eq!(throttle.tick_at(start), Some(1));
        for s in 1..60 {
            assert_eq!(throttle.tick_at(start + Duration::from_secs(s)), None);
        }
        assert_eq!(throttle.tick_at(start + Duration::from_secs(60)), Some(60));
        assert_eq!(throttle.tick_at(start + Duration::from_secs(61)), None);
        assert_eq!(throttle.tick_at(start + Duration::from_secs(200)), Some(2));
    }
}
