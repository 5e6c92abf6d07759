//! A deterministic in-memory [`Backend`] for UI journeys and snapshots: a handful of demo guests,
//! a hand-moved clock, predictable codes and an inspectable outbox. It mirrors the domain rules
//! the screens depend on (attempts, lockout, resend cooldown) but is no substitute for the real
//! adapter, which the lead writes over the verification core.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use jiff::civil::Date;
use jiff::{SignedDuration, Timestamp, ToSpan};

use super::{
    AssistanceOutcome, Backend, ChallengeRef, CodeSent, Completion, DeskReason, EmailOutcome,
    EmailRef, FactorOutcome, GuestError, GuestView, Lookup, LookupQuery, Mismatch, Purpose, QrView,
    Reply, ReservationRef, SendOutcome, SuccessView, VerifyOutcome,
};
use crate::config::SecondFactor;

/// The fixed "now" of every journey and snapshot: 25 Nov 2026, 15:00 in Lisbon (UTC+0).
pub const DEMO_NOW: &str = "2026-11-25T15:00:00Z";

#[derive(Debug, Clone)]
struct Guest {
    confirmation: &'static str,
    last_name: &'static str,
    first_name: &'static str,
    masked_phone: Option<&'static str>,
    arrival_offset: i32,
    nights: i32,
    pending: bool,
    checked_in: bool,
    room: Option<&'static str>,
    room_ready: bool,
    token: &'static str,
}

const GUESTS: &[Guest] = &[
    Guest {
        confirmation: "LK4821",
        last_name: "García López",
        first_name: "Ana",
        masked_phone: Some("+34 ••• ••• •601"),
        arrival_offset: 0,
        nights: 2,
        pending: false,
        checked_in: false,
        room: Some("412"),
        room_ready: true,
        token: "dk-lk4821-7f3a",
    },
    Guest {
        confirmation: "LK4831",
        last_name: "Tanaka",
        first_name: "Yuki",
        masked_phone: Some("+81 •• •••• •831"),
        arrival_offset: 0,
        nights: 3,
        pending: true,
        checked_in: false,
        room: Some("508"),
        room_ready: true,
        token: "dk-lk4831-11aa",
    },
    Guest {
        confirmation: "LK4835",
        last_name: "Müller",
        first_name: "Jonas",
        masked_phone: Some("+49 ••• ••••• •835"),
        arrival_offset: 0,
        nights: 1,
        pending: false,
        checked_in: false,
        room: Some("221"),
        room_ready: false,
        token: "dk-lk4835-5c2e",
    },
    Guest {
        confirmation: "LK4837",
        last_name: "Dubois",
        first_name: "Claire",
        masked_phone: None,
        arrival_offset: 0,
        nights: 2,
        pending: false,
        checked_in: false,
        room: Some("317"),
        room_ready: true,
        token: "dk-lk4837-9d01",
    },
    Guest {
        confirmation: "LK4838",
        last_name: "Silva",
        first_name: "Maria",
        masked_phone: Some("+351 ••• ••• •838"),
        arrival_offset: 0,
        nights: 2,
        pending: false,
        checked_in: false,
        room: Some("109"),
        room_ready: true,
        token: "dk-lk4838-0b0b",
    },
    Guest {
        confirmation: "LK4839",
        last_name: "Silva",
        first_name: "Maria",
        masked_phone: Some("+351 ••• ••• •839"),
        arrival_offset: 0,
        nights: 4,
        pending: false,
        checked_in: false,
        room: Some("110"),
        room_ready: true,
        token: "dk-lk4839-0c0c",
    },
    Guest {
        confirmation: "LK4843",
        last_name: "Kowalski",
        first_name: "Paweł",
        masked_phone: Some("+48 ••• ••• •843"),
        arrival_offset: -1,
        nights: 3,
        pending: false,
        checked_in: true,
        room: Some("604"),
        room_ready: true,
        token: "dk-lk4843-4e4e",
    },
    Guest {
        confirmation: "LK4846",
        last_name: "Larsen",
        first_name: "Freja",
        masked_phone: Some("+45 •• •• •846"),
        arrival_offset: 3,
        nights: 2,
        pending: true,
        checked_in: false,
        room: None,
        room_ready: false,
        token: "dk-lk4846-7a7a",
    },
];

/// One SMS the fake "sent".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentSms {
    pub confirmation: String,
    pub language: String,
    pub code: String,
    pub purpose: Purpose,
}

#[derive(Debug)]
struct Challenge {
    guest: usize,
    purpose: Purpose,
    code: String,
    expires_at: Timestamp,
    resend_at: Timestamp,
    resends: u32,
    wrong: u32,
    verified: bool,
    factor_ok: bool,
}

#[derive(Debug, Default)]
struct State {
    now: Option<Timestamp>,
    challenges: HashMap<String, Challenge>,
    next_challenge: u32,
    /// Wrong entries per guest across codes (the lockout counter).
    wrong_by_guest: HashMap<usize, u32>,
    locked: HashMap<usize, Timestamp>,
    checked_in: HashMap<usize, bool>,
    confirmed: HashMap<usize, bool>,
    outbox: Vec<SentSms>,
    assistance: Vec<&'static str>,
    lookups: u32,
}

/// Knobs a journey turns.
#[derive(Debug, Clone)]
pub struct FakeSettings {
    pub code_length: u8,
    pub ttl: Duration,
    pub resend_cooldown: Duration,
    pub max_resends: u32,
    pub max_attempts: u32,
    pub lockout_after: u32,
    pub lockout: Duration,
    pub second_factor: SecondFactor,
    /// How long the "gateway" takes; journeys with paused tokio time use 10 s.
    pub gateway_delay: Duration,
    pub gateway_fails: bool,
    pub sync_on: bool,
}

impl Default for FakeSettings {
    fn default() -> Self {
        Self {
            code_length: 6,
            ttl: Duration::from_secs(300),
            resend_cooldown: Duration::from_secs(30),
            max_resends: 3,
            max_attempts: 5,
            lockout_after: 10,
            lockout: Duration::from_secs(14_400),
            second_factor: SecondFactor::None,
            gateway_delay: Duration::ZERO,
            gateway_fails: false,
            sync_on: false,
        }
    }
}

/// Cloning shares the state: a clone handed to a "restarted" app sees the same locks, like a
/// second process on the same SQLite file.
#[derive(Debug, Clone)]
pub struct FakeBackend {
    state: Arc<Mutex<State>>,
    settings: Arc<Mutex<FakeSettings>>,
    /// Where "sent" SMS are also appended, for scripts driving a real window.
    outbox_file: Option<std::path::PathBuf>,
    /// How often the app told the backend to forget the guest (idle wipe, back to Welcome).
    forgotten: Arc<std::sync::atomic::AtomicUsize>,
}

impl Default for FakeBackend {
    fn default() -> Self {
        Self::new(FakeSettings::default())
    }
}

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap_or(Timestamp::UNIX_EPOCH)
}

fn secs(d: Duration) -> SignedDuration {
    SignedDuration::try_from(d).unwrap_or(SignedDuration::MAX)
}

fn norm(s: &str) -> String {
    crate::names::name_key(s)
}

impl FakeBackend {
    pub fn new(settings: FakeSettings) -> Self {
        let state = State {
            now: Some(ts(DEMO_NOW)),
            ..State::default()
        };
        Self {
            state: Arc::new(Mutex::new(state)),
            settings: Arc::new(Mutex::new(settings)),
            outbox_file: None,
            forgotten: Arc::default(),
        }
    }

    /// How often the app asked the backend to forget the guest.
    pub fn forgotten(&self) -> usize {
        self.forgotten.load(std::sync::atomic::Ordering::SeqCst)
    }

    /// Follow the system clock instead of the fixed demo time (for a real window).
    pub fn with_real_clock(self) -> Self {
        self.lock().now = None;
        self
    }

    /// Also append every "sent" SMS to `path` (`to=<masked> code=<code> lang=<lang>`).
    pub fn with_outbox_file(mut self, path: std::path::PathBuf) -> Self {
        self.outbox_file = Some(path);
        self
    }

    fn append_outbox(&self, sms: &SentSms) {
        self.append_line(
            "",
            &format!(
                "reservation={} code={} lang={}\n",
                sms.confirmation, sms.code, sms.language
            ),
        );
    }

    /// Appends to the outbox file, or to `<outbox>.journal` for `suffix = ".journal"` (the
    /// fake's stand-in for journal events, which scripts check).
    fn append_line(&self, suffix: &str, line: &str) {
        let Some(outbox) = &self.outbox_file else {
            return;
        };
        use std::io::Write;
        let mut name = outbox.clone().into_os_string();
        name.push(suffix);
        let path = std::path::PathBuf::from(name);
        if let Some(dir) = path.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let written = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .and_then(|mut f| f.write_all(line.as_bytes()));
        if let Err(e) = written {
            tracing::warn!("fake outbox {}: {e}", path.display());
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn settings(&self) -> FakeSettings {
        self.settings
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set(&self, f: impl FnOnce(&mut FakeSettings)) {
        f(&mut self.settings.lock().unwrap_or_else(|e| e.into_inner()));
    }

    pub fn advance(&self, by: Duration) {
        let mut s = self.lock();
        if let Some(now) = s.now {
            s.now = Some(now.checked_add(secs(by)).unwrap_or(now));
        }
    }

    pub fn outbox(&self) -> Vec<SentSms> {
        self.lock().outbox.clone()
    }

    pub fn last_code(&self) -> Option<String> {
        self.lock().outbox.last().map(|m| m.code.clone())
    }

    pub fn assistance_requests(&self) -> Vec<&'static str> {
        self.lock().assistance.clone()
    }

    pub fn is_checked_in(&self, confirmation: &str) -> bool {
        let s = self.lock();
        GUESTS.iter().enumerate().any(|(i, g)| {
            g.confirmation == confirmation && s.checked_in.get(&i).copied().unwrap_or(g.checked_in)
        })
    }

    pub fn is_confirmed(&self, confirmation: &str) -> bool {
        let s = self.lock();
        GUESTS.iter().enumerate().any(|(i, g)| {
            g.confirmation == confirmation && s.confirmed.get(&i).copied().unwrap_or(!g.pending)
        })
    }

    pub fn lookups(&self) -> u32 {
        self.lock().lookups
    }

    fn today_of(now: Timestamp) -> Date {
        now.to_zoned_datetime(jiff::tz::TimeZone::UTC).date()
    }

    fn view(&self, i: usize, g: &Guest, today: Date) -> GuestView {
        let s = self.lock();
        let checked_in = s.checked_in.get(&i).copied().unwrap_or(g.checked_in);
        let arrival = today.checked_add(g.arrival_offset.days()).unwrap_or(today);
        let departure = arrival.checked_add(g.nights.days()).unwrap_or(arrival);
        let mut purposes = Vec::new();
        if checked_in {
            purposes.push(Purpose::MyStay);
        } else {
            if arrival == today {
                purposes.push(Purpose::CheckIn);
            }
            if g.pending && !s.confirmed.get(&i).copied().unwrap_or(false) {
                purposes.push(Purpose::ConfirmBooking);
            }
        }
        GuestView {
            reservation: ReservationRef(g.confirmation.to_owned()),
            first_name: g.first_name.to_owned(),
            last_name: g.last_name.to_owned(),
            masked_phone: g.masked_phone.map(str::to_owned),
            arrival,
            departure,
            purposes,
        }
    }

    fn find(&self, query: &LookupQuery) -> Vec<usize> {
        let by = |f: &dyn Fn(&Guest) -> bool| -> Vec<usize> {
            GUESTS
                .iter()
                .enumerate()
                .filter(|(_, g)| f(g))
                .map(|(i, _)| i)
                .collect()
        };
        match query {
            LookupQuery::Confirmation {
                confirmation,
                last_name,
            } => by(&|g| {
                g.confirmation.eq_ignore_ascii_case(confirmation.trim())
                    && norm(g.last_name) == norm(last_name)
            }),
            LookupQuery::Name {
                last_name,
                first_name,
            } => by(&|g| {
                norm(g.last_name) == norm(last_name) && norm(g.first_name) == norm(first_name)
            }),
            // Answered in `lookup` without a search, like the domain does.
            LookupQuery::Scan(_) => Vec::new(),
        }
    }

    fn guest_index(r: &ReservationRef) -> Option<usize> {
        GUESTS.iter().position(|g| g.confirmation == r.0)
    }

    fn issue(&self, guest: usize, purpose: Purpose, language: String) -> SendOutcome {
        let settings = self.settings();
        let mut s = self.lock();
        let now = s.now.unwrap_or_else(Timestamp::now);
        if s.locked.get(&guest).is_some_and(|until| *until > now) {
            return SendOutcome::SeeDesk(DeskReason::Locked);
        }
        let Some(masked) = GUESTS[guest].masked_phone else {
            return SendOutcome::SeeDesk(DeskReason::NoPhone);
        };
        s.next_challenge += 1;
        let n = s.next_challenge;
        let code = format!(
            "{:0width$}",
            271_828 + n * 7,
            width = settings.code_length as usize
        );
        let code: String = code
            .chars()
            .rev()
            .take(settings.code_length as usize)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        let id = format!("ch-{n}");
        s.challenges.insert(
            id.clone(),
            Challenge {
                guest,
                purpose,
                code: code.clone(),
                expires_at: now.checked_add(secs(settings.ttl)).unwrap_or(now),
                resend_at: now
                    .checked_add(secs(settings.resend_cooldown))
                    .unwrap_or(now),
                resends: 0,
                wrong: 0,
                verified: false,
                factor_ok: false,
            },
        );
        let sms = SentSms {
            confirmation: GUESTS[guest].confirmation.to_owned(),
            language,
            code,
            purpose,
        };
        self.append_outbox(&sms);
        s.outbox.push(sms);
        let c = &s.challenges[&id];
        SendOutcome::Sent(CodeSent {
            challenge: ChallengeRef(id.clone()),
            masked_phone: masked.to_owned(),
            length: settings.code_length,
            expires_at: c.expires_at,
            resend_at: (settings.max_resends > 0).then_some(c.resend_at),
        })
    }

    fn success_view(&self, g: &Guest, today: Date, language: &str) -> SuccessView {
        let departure = today
            .checked_add((g.arrival_offset + g.nights).days())
            .unwrap_or(today);
        let room = g.room.unwrap_or("—");
        let floor = room.get(..room.len().saturating_sub(2)).unwrap_or("");
        let (directions, key) = match language {
            "ja" => (
                format!(
                    "エレベーターで{floor}階へ。{room}号室へは案内表示に従ってお進みください。"
                ),
                "ルームキーはフロントでお受け取りください。",
            ),
            _ => (
                format!("Take the lift to floor {floor}; room {room} is signposted."),
                "Please collect your key card at the front desk.",
            ),
        };
        SuccessView {
            first_name: g.first_name.to_owned(),
            last_name: g.last_name.to_owned(),
            room: g.room.map(str::to_owned),
            directions: Some(directions),
            key_pickup: Some(key.to_owned()),
            arrival: today.checked_add(g.arrival_offset.days()).unwrap_or(today),
            departure,
            qr: vec![
                QrView {
                    label: "Wi-Fi".to_owned(),
                    payload: "WIFI:T:WPA;S:HotelDemo-Guest;P:welcome-demo;;".to_owned(),
                },
                QrView {
                    label: if language == "ja" {
                        "デジタルキー".to_owned()
                    } else {
                        "Digital key".to_owned()
                    },
                    payload: format!("https://key.example/open?t={}", g.token),
                },
            ],
            next_step: None,
            email_change: None,
        }
    }
}

fn ready<T: Send + 'static>(value: T) -> Reply<T> {
    Box::pin(async move { Ok(value) })
}

impl Backend for FakeBackend {
    fn now(&self) -> Timestamp {
        self.lock().now.unwrap_or_else(Timestamp::now)
    }

    fn today(&self) -> Date {
        Self::today_of(self.now())
    }

    fn lookup(&self, query: LookupQuery, purpose: Purpose) -> Reply<Lookup> {
        self.lock().lookups += 1;
        // Like the domain without a PMS secret: a scan asks for the surname.
        if let LookupQuery::Scan(raw) = &query {
            let number = raw.trim().trim_start_matches("CONF:");
            return ready(Lookup::AskForSurname {
                confirmation: crate::names::confirmation_key(number),
            });
        }
        let today = self.today();
        let found = self.find(&query);
        let result = match found.as_slice() {
            [] => Lookup::NotFound,
            [i] => {
                let view = self.view(*i, &GUESTS[*i], today);
                if view.purposes.contains(&purpose) {
                    Lookup::Found(view)
                } else {
                    // A rough copy of the domain's reasons, enough for the edge-screen tests.
                    let mismatch = if view.purposes.contains(&Purpose::MyStay) {
                        Mismatch::AlreadyCheckedIn
                    } else if view.arrival > today && purpose == Purpose::CheckIn {
                        Mismatch::TooEarly {
                            arrival: view.arrival,
                            can_confirm: view.purposes.contains(&Purpose::ConfirmBooking),
                        }
                    } else if view.arrival > today {
                        Mismatch::AlreadyConfirmed {
                            arrival: view.arrival,
                        }
                    } else {
                        Mismatch::CheckInInstead
                    };
                    Lookup::NotFor {
                        guest: view,
                        mismatch,
                    }
                }
            }
            // Several bookings with one name look like none.
            _ => Lookup::NotFound,
        };
        ready(result)
    }

    fn send_code(
        &self,
        reservation: ReservationRef,
        purpose: Purpose,
        language: String,
    ) -> Reply<SendOutcome> {
        let this = self.clone();
        let settings = self.settings();
        Box::pin(async move {
            if !settings.gateway_delay.is_zero() {
                tokio::time::sleep(settings.gateway_delay).await;
            }
            if settings.gateway_fails {
                return Err(GuestError::Gateway(Arc::from("demo gateway: timed out")));
            }
            let guest = Self::guest_index(&reservation).ok_or(GuestError::Stale)?;
            Ok(this.issue(guest, purpose, language))
        })
    }

    fn resend(&self, challenge: ChallengeRef, language: String) -> Reply<SendOutcome> {
        let settings = self.settings();
        let now = self.now();
        let result = {
            let mut s = self.lock();
            match s.challenges.get_mut(&challenge.0) {
                None => Err(GuestError::Stale),
                Some(c) if c.resends >= settings.max_resends || now < c.resend_at => {
                    Ok(SendOutcome::SeeDesk(DeskReason::SendLimit))
                }
                Some(c) => {
                    c.resends += 1;
                    let cooldown = settings.resend_cooldown * 2u32.pow(c.resends);
                    c.resend_at = now.checked_add(secs(cooldown)).unwrap_or(now);
                    c.expires_at = now.checked_add(secs(settings.ttl)).unwrap_or(now);
                    let code = c.code.clone();
                    let guest = c.guest;
                    let purpose = c.purpose;
                    let out = CodeSent {
                        challenge: challenge.clone(),
                        masked_phone: GUESTS[guest].masked_phone.unwrap_or("").to_owned(),
                        length: settings.code_length,
                        expires_at: c.expires_at,
                        resend_at: (c.resends < settings.max_resends).then_some(c.resend_at),
                    };
                    let sms = SentSms {
                        confirmation: GUESTS[guest].confirmation.to_owned(),
                        language,
                        code,
                        purpose,
                    };
                    self.append_outbox(&sms);
                    s.outbox.push(sms);
                    Ok(SendOutcome::Sent(out))
                }
            }
        };
        Box::pin(async move { result })
    }

    fn verify(&self, challenge: ChallengeRef, code: String) -> Reply<VerifyOutcome> {
        let settings = self.settings();
        let now = self.now();
        let result = {
            let mut s = self.lock();
            let Some(c) = s.challenges.get_mut(&challenge.0) else {
                return Box::pin(async { Err(GuestError::Stale) });
            };
            let guest = c.guest;
            if now >= c.expires_at {
                Ok(VerifyOutcome::Expired)
            } else if c.code == code {
                c.verified = true;
                let factor = (settings.second_factor != SecondFactor::None)
                    .then_some(settings.second_factor);
                c.factor_ok = factor.is_none();
                Ok(VerifyOutcome::Verified {
                    second_factor: factor,
                })
            } else {
                c.wrong += 1;
                let left_code = settings.max_attempts.saturating_sub(c.wrong);
                let total = {
                    let w = s.wrong_by_guest.entry(guest).or_default();
                    *w += 1;
                    *w
                };
                let left_guest = settings.lockout_after.saturating_sub(total);
                if left_guest == 0 || left_code == 0 {
                    let until = now.checked_add(secs(settings.lockout)).unwrap_or(now);
                    s.locked.insert(guest, until);
                    s.challenges.remove(&challenge.0);
                    Ok(VerifyOutcome::Locked)
                } else {
                    Ok(VerifyOutcome::Wrong {
                        attempts_left: left_code.min(left_guest),
                    })
                }
            }
        };
        Box::pin(async move { result })
    }

    fn second_factor(&self, challenge: ChallengeRef, answer: String) -> Reply<FactorOutcome> {
        let mut s = self.lock();
        let result = match s.challenges.get_mut(&challenge.0) {
            Some(c) if c.verified => {
                // Demo answers: any factor is accepted as "1990" / "1000" / "4242" etc.
                if answer.trim() == "4242" || answer.trim() == "01011990" {
                    c.factor_ok = true;
                    Ok(FactorOutcome::Accepted)
                } else {
                    c.wrong += 1;
                    Ok(FactorOutcome::Wrong {
                        attempts_left: 3u32.saturating_sub(c.wrong),
                    })
                }
            }
            _ => Err(GuestError::Stale),
        };
        Box::pin(async move { result })
    }

    fn complete(
        &self,
        challenge: ChallengeRef,
        purpose: Purpose,
        language: String,
    ) -> Reply<Completion> {
        let today = self.today();
        let result = {
            let mut s = self.lock();
            match s.challenges.remove(&challenge.0) {
                Some(c) if c.verified && c.factor_ok => {
                    let g = &GUESTS[c.guest];
                    match purpose {
                        Purpose::CheckIn => {
                            s.confirmed.insert(c.guest, true);
                            s.checked_in.insert(c.guest, true);
                            drop(s);
                            self.append_line(
                                ".journal",
                                &format!("checked_in {}\n", g.confirmation),
                            );
                            if g.room_ready && g.room.is_some() {
                                Ok(Completion::CheckedIn(
                                    self.success_view(g, today, &language),
                                ))
                            } else {
                                Ok(Completion::RoomPending {
                                    first_name: g.first_name.to_owned(),
                                    last_name: g.last_name.to_owned(),
                                })
                            }
                        }
                        Purpose::ConfirmBooking => {
                            s.confirmed.insert(c.guest, true);
                            Ok(Completion::Confirmed {
                                first_name: g.first_name.to_owned(),
                                last_name: g.last_name.to_owned(),
                                arrival: today
                                    .checked_add(g.arrival_offset.days())
                                    .unwrap_or(today),
                            })
                        }
                        Purpose::MyStay => {
                            drop(s);
                            let mut view = self.success_view(g, today, &language);
                            view.email_change = Some(EmailRef(g.confirmation.to_owned()));
                            Ok(Completion::StayDetails(view))
                        }
                    }
                }
                _ => Err(GuestError::Stale),
            }
        };
        Box::pin(async move { result })
    }

    fn update_email(&self, change: EmailRef, email: String) -> Reply<EmailOutcome> {
        // The same rule as the domain's, in short: something@domain.tld.
        let valid = email
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        let outcome = if valid {
            self.append_line(".journal", &format!("contact_updated {}\n", change.0));
            EmailOutcome::Updated
        } else {
            EmailOutcome::Invalid
        };
        Box::pin(async move { Ok(outcome) })
    }

    fn forget(&self) {
        self.forgotten
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    }

    fn request_assistance(
        &self,
        _reservation: Option<ReservationRef>,
        screen: &'static str,
    ) -> Reply<AssistanceOutcome> {
        self.lock().assistance.push(screen);
        let sync_on = self.settings().sync_on;
        ready(AssistanceOutcome {
            desk_notified: sync_on,
        })
    }
}
