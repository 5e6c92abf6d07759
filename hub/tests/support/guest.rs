//! Someone at a kiosk, through the kiosk's own lookup and OTP engine on its real database (the
//! file the kiosk's `sync` process pushes from): every event the hub counts is one the kiosk
//! itself journaled.

use jiff::{SignedDuration, Timestamp};
use lobby_kiosk::config::Config;
use lobby_kiosk::lookup::{self, LookupContext, LookupOutcome, Query, ReservationRef};
use lobby_kiosk::otp::{IssuedCode, OtpEngine, OtpError, Purpose, VerifyOutcome};
use lobby_kiosk::store::Store;

use super::kiosk::Kiosk;

pub struct AtKiosk {
    pub config: Config,
    pub store: Store,
    engine: OtpEngine,
    ctx: LookupContext,
    /// Seconds added to the wall clock: each code after the first moves it past the resend
    /// wait, so one person can ask again at once (the hub counts by its own clock).
    offset_s: i64,
    sent: u32,
}

impl AtKiosk {
    pub fn open(kiosk: &Kiosk) -> AtKiosk {
        let config = Config::load(&kiosk.config).unwrap();
        let store = Store::open_config(&config.store).unwrap();
        let engine = OtpEngine::from_config(&store, &config).unwrap();
        let ctx = LookupContext::from_config(&config);
        AtKiosk {
            config,
            store,
            engine,
            ctx,
            offset_s: 0,
            sent: 0,
        }
    }

    pub fn now(&self) -> Timestamp {
        Timestamp::now() + SignedDuration::from_secs(self.offset_s)
    }

    /// The property's business day today (arrival dates to import).
    pub fn today(&self) -> jiff::civil::Date {
        lobby_kiosk::clock::business_date(
            Timestamp::now(),
            &self.config.kiosk.time_zone,
            self.config.kiosk.business_day_start,
        )
    }

    /// The booking as found through `query` (its path is where sends and failures count).
    pub fn find(&mut self, query: Query<'_>) -> ReservationRef {
        let now = self.now();
        match lookup::lookup(&mut self.store, &self.ctx, now, query).unwrap() {
            LookupOutcome::Found(f) => f.reservation,
            other => panic!("lookup: {other:?}"),
        }
    }

    /// Asks for a code; a gateway accepts it. The engine's refusal, if any.
    pub fn send_code(&mut self, path: Query<'_>) -> Result<IssuedCode, OtpError> {
        let r = self.find(path);
        // Past the resend wait of the previous code (the first goes at the real time).
        if self.sent > 0 {
            self.offset_s += 31;
        }
        self.sent += 1;
        let now = self.now();
        let issued = self
            .engine
            .issue_code(&mut self.store, now, &r, Purpose::CheckIn)?;
        self.engine
            .record_send_accepted(&mut self.store, now, &issued.challenge, "outbox", None)
            .unwrap();
        Ok(issued)
    }

    /// `n` wrong codes on `path`, asking for a new code whenever one is used up; the last may
    /// lock the booking at this kiosk.
    pub fn wrong_codes(&mut self, path: Query<'_>, n: u32) {
        let mut issued: Option<IssuedCode> = None;
        for i in 0..n {
            let code = match issued.take() {
                Some(c) => c,
                None => self.send_code(path).unwrap(),
            };
            let now = self.now();
            let entered = wrong(&code.code, u64::from(i));
            match self
                .engine
                .verify(&mut self.store, now, &code.challenge, &entered)
                .unwrap()
            {
                VerifyOutcome::Wrong { attempts_left } if attempts_left > 0 => issued = Some(code),
                VerifyOutcome::Wrong { .. } => {}
                // The last one may be the one that locks the booking here.
                VerifyOutcome::Locked { .. } if i + 1 == n => {}
                other => panic!("wrong code {i}: {other:?}"),
            }
        }
    }
}

/// A code that is not `code`.
fn wrong(code: &str, salt: u64) -> String {
    let n: u64 = code.parse().unwrap();
    let m = 10u64.pow(code.len() as u32);
    format!("{:0w$}", (n + 1 + salt % (m - 1)) % m, w = code.len())
}
