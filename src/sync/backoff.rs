//! Retry timing: exponential backoff with full jitter for transient failures, a fixed pause
//! after the upstream refuses our credentials.

use std::time::Duration;

use rand::RngExt;

/// The longest wait between two attempts after transient failures.
pub const BACKOFF_CAP: Duration = Duration::from_secs(300);
/// After a 401/403, credentials are tried again at most this often.
pub const AUTH_RETRY: Duration = Duration::from_secs(300);
/// A `Retry-After` longer than this is clamped: a misconfigured server must not silence a
/// kiosk for days.
pub const RETRY_AFTER_MAX: Duration = Duration::from_secs(3600);

const BASE: Duration = Duration::from_secs(1);

/// The wait before attempt number `failures + 1`: uniformly random in
/// `[ceiling / 2, ceiling]` where `ceiling = min(cap, base * 2^(failures - 1))`. Half-jitter
/// keeps a floor (no hammering) while spreading a fleet of kiosks that lost the hub together.
pub fn backoff_delay(failures: u32, retry_after: Option<Duration>) -> Duration {
    let exp = failures.saturating_sub(1).min(20);
    let ceiling = BASE.saturating_mul(1 << exp).min(BACKOFF_CAP);
    let half = ceiling / 2;
    let jitter_ms = rand::rng().random_range(0..=half.as_millis() as u64);
    let delay = half + Duration::from_millis(jitter_ms);
    match retry_after {
        // The server knows best when it can take us again; never come back earlier.
        Some(after) => after.min(RETRY_AFTER_MAX).max(delay.min(after)),
        None => delay,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_exponentially_with_jitter_and_is_capped() {
        for _ in 0..200 {
            let d1 = backoff_delay(1, None);
            assert!(
                d1 >= Duration::from_millis(500) && d1 <= Duration::from_secs(1),
                "{d1:?}"
            );
            let d4 = backoff_delay(4, None);
            assert!(
                d4 >= Duration::from_secs(4) && d4 <= Duration::from_secs(8),
                "{d4:?}"
            );
            let big = backoff_delay(40, None);
            assert!(big >= BACKOFF_CAP / 2 && big <= BACKOFF_CAP, "{big:?}");
        }
        // Jitter: not every draw is the same.
        let draws: std::collections::BTreeSet<_> =
            (0..50).map(|_| backoff_delay(8, None)).collect();
        assert!(draws.len() > 10);
    }

    #[test]
    fn retry_after_is_honoured_and_clamped() {
        for _ in 0..50 {
            assert_eq!(
                backoff_delay(1, Some(Duration::from_secs(7))),
                Duration::from_secs(7)
            );
            assert_eq!(
                backoff_delay(30, Some(Duration::from_secs(2))),
                Duration::from_secs(2)
            );
        }
        assert_eq!(
            backoff_delay(1, Some(Duration::from_secs(86_400))),
            RETRY_AFTER_MAX
        );
    }
}
