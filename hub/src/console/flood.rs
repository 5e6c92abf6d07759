//! A budget of login tries per client address and minute, kept in memory: a flood of logins
//! from one address is refused before any password is hashed. (Behind a reverse proxy every
//! browser shares the proxy's address, and the budget is the desk's as a whole.)

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub struct LoginBudget {
    per_minute: u32,
    used: Mutex<HashMap<IpAddr, (Instant, u32)>>,
}

impl LoginBudget {
    pub fn new(per_minute: u32) -> LoginBudget {
        LoginBudget {
            per_minute,
            used: Mutex::new(HashMap::new()),
        }
    }

    /// Takes one try for `address`; the seconds to wait when its minute is used up.
    pub fn take(&self, address: IpAddr, now: Instant) -> Result<(), u64> {
        let mut used = self.used.lock().unwrap_or_else(|p| p.into_inner());
        // Forget finished minutes, so the map stays as small as the addresses of one minute.
        used.retain(|_, (start, _)| now.duration_since(*start) < Duration::from_secs(60));
        let (start, n) = used.entry(address).or_insert((now, 0));
        if *n >= self.per_minute {
            let left = Duration::from_secs(60).saturating_sub(now.duration_since(*start));
            return Err(left.as_secs().max(1));
        }
        *n += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_tries_per_minute_and_others_are_not_affected() {
        let budget = LoginBudget::new(3);
        let (a, b): (IpAddr, IpAddr) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let t0 = Instant::now();
        for _ in 0..3 {
            assert!(budget.take(a, t0).is_ok());
        }
        assert_eq!(budget.take(a, t0 + Duration::from_secs(20)), Err(40));
        assert!(budget.take(b, t0).is_ok());
        assert!(budget.take(a, t0 + Duration::from_secs(61)).is_ok());
    }
}
