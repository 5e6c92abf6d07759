//! Time as the domain sees it: an injectable clock and the hotel's business date.

use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use jiff::{SignedDuration, Timestamp};

/// Where "now" comes from. Production uses the system clock; tests and screenshots pin it.
pub trait Clock: Send + Sync {
    fn now(&self) -> Timestamp;
}

#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// A clock that stands still until moved; for tests.
#[derive(Debug, Default)]
pub struct ManualClock(std::sync::Mutex<Timestamp>);

impl ManualClock {
    pub fn new(at: Timestamp) -> Self {
        Self(std::sync::Mutex::new(at))
    }

    pub fn advance(&self, by: std::time::Duration) {
        if let Ok(mut t) = self.0.lock() {
            let by = SignedDuration::try_from(by).unwrap_or(SignedDuration::MAX);
            *t = t.checked_add(by).unwrap_or(*t);
        }
    }

    pub fn set(&self, at: Timestamp) {
        if let Ok(mut t) = self.0.lock() {
            *t = at;
        }
    }
}

impl Clock for ManualClock {
    fn now(&self) -> Timestamp {
        self.0
            .lock()
            .map(|t| *t)
            .unwrap_or_else(|e| *e.into_inner())
    }
}

/// The hotel's business date at `now`: the local date, except that before `day_start` the
/// night still belongs to the previous day (a guest arriving at 02:00 is yesterday's arrival).
pub fn business_date(now: Timestamp, tz: &TimeZone, day_start: Time) -> Date {
    let local = now.to_zoned_datetime(tz.clone());
    let date = local.date();
    if local.time() < day_start {
        date.yesterday().unwrap_or(date)
    } else {
        date
    }
}

/// Milliseconds since the Unix epoch, the unit limits and challenges are stored in.
pub fn millis(t: Timestamp) -> i64 {
    t.as_millisecond()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn night_arrivals_belong_to_the_previous_business_day() {
        let tz = TimeZone::get("Europe/Lisbon").unwrap();
        let start = Time::constant(6, 0, 0, 0);
        let at = |s: &str| s.parse::<Timestamp>().unwrap();
        // 02:00 local on 25 Nov (UTC+0 in winter) is still 24 Nov.
        assert_eq!(
            business_date(at("2026-11-25T02:00:00Z"), &tz, start),
            Date::constant(2026, 11, 24)
        );
        assert_eq!(
            business_date(at("2026-11-25T06:00:00Z"), &tz, start),
            Date::constant(2026, 11, 25)
        );
        // Summer time: 05:30 UTC is 06:30 local.
        assert_eq!(
            business_date(at("2026-07-01T05:30:00Z"), &tz, start),
            Date::constant(2026, 7, 1)
        );
    }

    #[test]
    fn manual_clock_moves_only_when_told() {
        let c = ManualClock::new("2026-11-25T10:00:00Z".parse().unwrap());
        let before = c.now();
        c.advance(std::time::Duration::from_secs(90));
        assert_eq!(c.now().as_second() - before.as_second(), 90);
    }
}
