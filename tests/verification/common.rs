//! Shared fixture: a real store file in a temp dir, a manual clock, the engine and lookup
//! context built the way the kiosk builds them, and a property's worth of reservations.

use std::path::PathBuf;
use std::sync::OnceLock;
use std::time::Duration;

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::TimeZone;
use lobby_kiosk::clock::{Clock, ManualClock, business_date};
use lobby_kiosk::config::{LookupPolicy, OtpPolicy, SecondFactor, StaffMember};
use lobby_kiosk::lookup::{self, Found, LookupContext, LookupOutcome, Query, ReservationRef};
use lobby_kiosk::otp::second_factor::hash_answer;
use lobby_kiosk::otp::{IssuedCode, OtpEngine, Purpose, VerifyOutcome};
use lobby_kiosk::staff::StaffDirectory;
use lobby_kiosk::store::{JournalEvent, Reservation, ReservationRecord, Store};
use secrecy::SecretString;

pub const T0: &str = "2026-11-25T10:00:00Z";
pub const KIOSK: &str = "lobby-1";
pub const UK_MOBILE: &str = "+447400123958";
pub const POSTCODE: &str = "SW1A 1AA";

pub fn record(
    conf: &str,
    last: &str,
    first: &str,
    status: &str,
    arrival: &str,
    departure: &str,
) -> ReservationRecord {
    ReservationRecord {
        confirmation: conf.into(),
        last_name: last.into(),
        first_name: first.into(),
        arrival: arrival.into(),
        departure: departure.into(),
        phone: Some(UK_MOBILE.into()),
        status: status.into(),
        room: Some("412".into()),
        language: Some("en".into()),
        email: Some("kim@example.org".into()),
        token: Some("tok-SECRET-0001".into()),
        ..Default::default()
    }
}

/// The standard set of bookings (business date 2026-11-25).
pub fn standard_bookings() -> Vec<ReservationRecord> {
    let today = "2026-11-25";
    let out = "2026-11-27";
    let mut v = vec![
        record("ABC-123", "Lee", "Kim", "confirmed", today, out),
        record("PEND01", "Okafor", "Ada", "pending", today, out),
        record(
            "FUT001",
            "Berg",
            "Ola",
            "pending",
            "2026-12-01",
            "2026-12-03",
        ),
        record("CXL001", "Cruz", "Eva", "cancelled", today, out),
        record("FAM001", "Silva", "Ana", "confirmed", today, out),
        record("FAM002", "Silva", "Ana", "confirmed", today, out),
        record("INH001", "Novak", "Jan", "checked_in", "2026-11-24", out),
        record(
            "OLD001",
            "Park",
            "Min",
            "confirmed",
            "2026-11-20",
            "2026-11-22",
        ),
    ];
    let mut noph = record("NOPH01", "Moreau", "Luc", "confirmed", today, out);
    noph.phone = None;
    let mut land = record("LAND01", "Ito", "Yui", "confirmed", today, out);
    land.phone = Some("+442079460000".into());
    let mut noroom = record("NORM01", "Haddad", "Sami", "confirmed", today, out);
    noroom.room = None;
    let mut notready = record("NRDY01", "Kowalski", "Ewa", "pending", today, out);
    notready.room = Some("202".into());
    notready.room_ready = Some(false);
    let mut sf = record("SF0001", "Wright", "Joy", "confirmed", today, out);
    sf.second_factor = Some(hash_answer(SecondFactor::Postcode, POSTCODE).unwrap());
    let mut pt = record("PT0001", "Sousa", "Rui", "confirmed", today, out);
    pt.phone = Some("+351912345678".into());
    v.extend([noph, land, noroom, notready, sf, pt]);
    v
}

pub struct Env {
    pub dir: tempfile::TempDir,
    pub store: Store,
    pub clock: ManualClock,
    pub engine: OtpEngine,
    pub policy: OtpPolicy,
    pub ctx: LookupContext,
}

pub fn lookup_context(policy: LookupPolicy) -> LookupContext {
    LookupContext {
        kiosk_id: KIOSK.into(),
        policy,
        time_zone: TimeZone::get("Europe/Lisbon").unwrap(),
        business_day_start: Time::constant(6, 0, 0, 0),
        allowed_countries: Vec::new(),
        region: "GB".into(),
    }
}

impl Env {
    pub fn new() -> Env {
        Env::with(OtpPolicy::default(), LookupPolicy::default())
    }

    pub fn with(policy: OtpPolicy, lookup_policy: LookupPolicy) -> Env {
        Env::in_dir(tempfile::tempdir().unwrap(), policy, lookup_policy)
    }

    /// The same real SQLite file, but in RAM-backed `/dev/shm` when there is one: for the
    /// long guessing campaigns, whose subject is the rules, not the disk's fsync latency
    /// (restarts still reopen the file).
    pub fn in_memory_fs(policy: OtpPolicy, lookup_policy: LookupPolicy) -> Env {
        let dir = tempfile::tempdir_in("/dev/shm")
            .or_else(|_| tempfile::tempdir())
            .unwrap();
        Env::in_dir(dir, policy, lookup_policy)
    }

    fn in_dir(dir: tempfile::TempDir, policy: OtpPolicy, lookup_policy: LookupPolicy) -> Env {
        let mut store = Store::open(&dir.path().join("kiosk.db")).unwrap();
        let list: Vec<Reservation> = standard_bookings()
            .iter()
            .map(|r| Reservation::from_record(r, "GB").unwrap())
            .collect();
        let clock = ManualClock::new(T0.parse().unwrap());
        store.upsert_reservations(&list, clock.now()).unwrap();
        let engine = OtpEngine::new(&store, policy.clone(), KIOSK, "GB").unwrap();
        Env {
            dir,
            store,
            clock,
            engine,
            policy,
            ctx: lookup_context(lookup_policy),
        }
    }

    pub fn path(&self) -> PathBuf {
        self.dir.path().join("kiosk.db")
    }

    pub fn now(&self) -> Timestamp {
        self.clock.now()
    }

    pub fn today(&self) -> Date {
        business_date(self.now(), &self.ctx.time_zone, self.ctx.business_day_start)
    }

    pub fn advance(&self, secs: u64) {
        self.clock.advance(Duration::from_secs(secs));
    }

    /// Simulates a power cut: the store and engine are rebuilt from the file.
    pub fn restart(&mut self) {
        let path = self.path();
        // Replace first so the old connection closes before the new one opens.
        self.store = Store::open(&path).unwrap();
        self.engine = OtpEngine::new(&self.store, self.policy.clone(), KIOSK, "GB").unwrap();
    }

    pub fn lookup(&mut self, q: Query<'_>) -> LookupOutcome {
        let now = self.now();
        lookup::lookup(&mut self.store, &self.ctx, now, q).unwrap()
    }

    pub fn find(&mut self, conf: &str, last: &str) -> Found {
        match self.lookup(Query::Confirmation {
            confirmation: conf,
            last_name: last,
        }) {
            LookupOutcome::Found(f) => f,
            other => panic!("{conf}/{last}: {other:?}"),
        }
    }

    pub fn reference(&mut self, conf: &str, last: &str) -> ReservationRef {
        self.find(conf, last).reservation
    }

    pub fn issue(&mut self, r: &ReservationRef, purpose: Purpose) -> IssuedCode {
        self.try_issue(r, purpose).unwrap()
    }

    /// Asks for a code now; the engine's refusal, if any.
    pub fn try_issue(
        &mut self,
        r: &ReservationRef,
        purpose: Purpose,
    ) -> Result<IssuedCode, lobby_kiosk::otp::OtpError> {
        let now = self.now();
        self.engine.issue_code(&mut self.store, now, r, purpose)
    }

    /// Issues and reports the send as accepted by a gateway.
    pub fn issue_sent(&mut self, r: &ReservationRef, purpose: Purpose) -> IssuedCode {
        let issued = self.issue(r, purpose);
        let now = self.now();
        self.engine
            .record_send_accepted(
                &mut self.store,
                now,
                &issued.challenge,
                "outbox",
                Some("msg-1"),
            )
            .unwrap();
        issued
    }

    /// Types `code` for `challenge` now.
    pub fn enter(
        &mut self,
        challenge: &lobby_kiosk::otp::Challenge,
        code: &str,
    ) -> lobby_kiosk::otp::VerifyOutcome {
        let now = self.now();
        self.engine
            .verify(&mut self.store, now, challenge, code)
            .unwrap()
    }

    /// Applies remote commands as the sync worker does (a remote lock lasts 1 h).
    pub fn apply_commands(
        &mut self,
        commands: &[lobby_kiosk::sync::Command],
    ) -> lobby_kiosk::sync::CommandTally {
        let now = self.now();
        lobby_kiosk::sync::apply_commands(
            self.store.conn_mut(),
            commands,
            Duration::from_secs(3600),
            now,
        )
        .unwrap()
    }

    pub fn events(&self) -> Vec<JournalEvent> {
        self.store.journal_since(0, 100_000).unwrap()
    }

    pub fn count(&self, kind: &str) -> usize {
        self.events().iter().filter(|e| e.kind == kind).count()
    }
}

/// A code of the same length that is certainly not `code`.
pub fn wrong_code(code: &str, salt: u64) -> String {
    let n: u64 = code.parse().unwrap();
    let len = code.len() as u32;
    let m = 10u64.pow(len);
    let w = (n + 1 + salt % (m - 1)) % m;
    assert_ne!(w, n);
    format!("{w:0width$}", width = len as usize)
}

pub const PIN: &str = "480213";
pub const OTHER_PIN: &str = "771155";

pub fn directory() -> StaffDirectory {
    static HASHES: OnceLock<(String, String)> = OnceLock::new();
    let pepper = SecretString::from("test-pepper");
    let (a, b) = HASHES.get_or_init(|| {
        (
            lobby_kiosk::pin::hash_pin(PIN, &pepper).unwrap(),
            lobby_kiosk::pin::hash_pin(OTHER_PIN, &pepper).unwrap(),
        )
    });
    StaffDirectory {
        kiosk_id: KIOSK.into(),
        members: vec![
            StaffMember {
                name: "Ana Duty".into(),
                pin_hash: a.clone(),
            },
            StaffMember {
                name: "Bo Night".into(),
                pin_hash: b.clone(),
            },
        ],
        pepper: Some(pepper),
        region: "GB".into(),
    }
}

/// A pumping policy that never pauses (for tests about other limits that send a lot).
pub fn no_pumping_check() -> lobby_kiosk::config::PumpingPolicy {
    lobby_kiosk::config::PumpingPolicy {
        min_sends: u32::MAX,
        ..Default::default()
    }
}

/// Two codes sent, five wrong entries each (the default policy's lock): the last outcome and
/// the codes that were issued.
pub fn ten_wrong_codes(env: &mut Env, r: &ReservationRef) -> (VerifyOutcome, Vec<String>) {
    let mut last = None;
    let mut codes = Vec::new();
    for round in 0..2 {
        let issued = env.issue_sent(r, Purpose::CheckIn);
        codes.push(issued.code.to_string());
        for i in 0..5 {
            let now = env.now();
            last = Some(
                env.engine
                    .verify(
                        &mut env.store,
                        now,
                        &issued.challenge,
                        &wrong_code(&issued.code, i + round * 5),
                    )
                    .unwrap(),
            );
        }
        env.advance(31);
    }
    (last.unwrap(), codes)
}
