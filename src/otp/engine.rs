//! Challenges: issuing, resending and verifying codes, with the send caps, per-challenge
//! attempts and per-reservation lockout that keep a six-digit code safe. Every state change
//! commits in one IMMEDIATE transaction together with its journal event and counters.

use std::fmt;
use std::time::Duration;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};
use serde_json::json;
use zeroize::Zeroizing;

use super::limits::{self, LockScope, LookupPath, Scope, ms};
use super::mac::{Binding, CodeMac};
use super::policy::{Purpose, resend_delay};
use super::second_factor::{self, SecondFactorError};
use super::{OtpError, SendCap, Verified, VerifiedBy, ts};
use super::{alert, pumping};
use crate::clock::millis;
use crate::config::{Config, OtpPolicy, SecondFactor};
use crate::lookup::ReservationRef;
use crate::names::masked_confirmation;
use crate::phone::{Phone, mask_e164};
use crate::store::{EventKind, Reservation, Store, StoreError, journal};

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

/// A challenge handle: which reservation and purpose a code was made for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    pub id: String,
    pub reservation: String,
    pub purpose: Purpose,
    /// The lookup path the code was asked through: its failures and locks count there.
    pub path: LookupPath,
}

/// A fresh code for the caller to send. The code is here once and never stored in clear:
/// keep this value for the whole send (failover to the next gateway sends the same code) and
/// drop it afterwards; it is wiped from memory on drop.
pub struct IssuedCode {
    pub challenge: Challenge,
    pub code: Zeroizing<String>,
    /// Where to send it. `Display`/`Debug` show only the masked form; `e164()` is for gateways.
    pub phone: Phone,
    pub masked_phone: String,
    /// The guest's language from the booking, for the SMS text.
    pub language: Option<String>,
    pub expires_at: Timestamp,
    pub attempts_left: u32,
    pub resends_left: u32,
    pub resend_at: Timestamp,
}

impl fmt::Debug for IssuedCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IssuedCode")
            .field("challenge", &self.challenge)
            .field("code", &"[REDACTED]")
            .field("phone", &self.masked_phone)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChallengeState {
    Active,
    Expired,
    Verified,
    /// `max_attempts` wrong entries: dead.
    Exhausted,
    /// A newer challenge for the same reservation took over.
    Replaced,
    /// The reservation was locked or its phone changed.
    Cancelled,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChallengeStatus {
    pub state: ChallengeState,
    pub attempts_left: u32,
    pub expires_at: Timestamp,
    pub resends_left: u32,
    pub resend_at: Timestamp,
}

/// The result of entering a code.
#[derive(Debug)]
pub enum VerifyOutcome {
    Verified(Verified),
    /// The code was right; now the knowledge factor.
    SecondFactor(SecondFactorPrompt),
    /// Wrong code. `attempts_left` is this challenge's; at 0 it is dead and a new code is needed.
    Wrong {
        attempts_left: u32,
    },
    /// Locked (now, or already): even a correct code is refused.
    Locked {
        until: Timestamp,
    },
    Expired,
    /// Already used, replaced by a newer code, exhausted or cancelled.
    Closed,
}

/// A pending knowledge-factor question after a correct code. Consumed by the answer.
#[derive(Debug)]
pub struct SecondFactorPrompt {
    challenge: Challenge,
    factor: SecondFactor,
    wrong: u32,
}

impl SecondFactorPrompt {
    pub fn factor(&self) -> SecondFactor {
        self.factor
    }

    pub fn challenge(&self) -> &Challenge {
        &self.challenge
    }
}

#[derive(Debug)]
pub enum SecondFactorOutcome {
    Verified(Verified),
    Wrong {
        prompt: SecondFactorPrompt,
        attempts_left: u32,
    },
    /// The answer is not in the expected shape; nothing was counted.
    Invalid {
        prompt: SecondFactorPrompt,
        error: SecondFactorError,
    },
    /// Too many wrong answers: start again with a new code.
    Exhausted,
    Locked {
        until: Timestamp,
    },
}

struct Row {
    id: String,
    reservation: String,
    phone: String,
    purpose: String,
    code_mac: Vec<u8>,
    expires_ms: i64,
    wrong_attempts: u32,
    resends: u32,
    next_resend_ms: i64,
    state: String,
    path: LookupPath,
    /// When the current code was issued (or re-issued).
    issued_ms: i64,
}

impl Row {
    fn binding(&self) -> Binding<'_> {
        Binding {
            challenge: &self.id,
            reservation: &self.reservation,
            phone_e164: &self.phone,
            purpose: &self.purpose,
        }
    }

    fn state_at(&self, now_ms: i64) -> ChallengeState {
        match self.state.as_str() {
            // Issued "in the future": the clock went back since, and the code would live
            // longer by the jump. It is dead, like a lapsed one.
            "active" if now_ms >= self.expires_ms || now_ms < self.issued_ms => {
                ChallengeState::Expired
            }
            "active" => ChallengeState::Active,
            "verified" => ChallengeState::Verified,
            "exhausted" => ChallengeState::Exhausted,
            "replaced" => ChallengeState::Replaced,
            "expired" => ChallengeState::Expired,
            _ => ChallengeState::Cancelled,
        }
    }
}

fn load_row(tx: &rusqlite::Connection, id: &str) -> Result<Option<Row>, StoreError> {
    Ok(tx
        .prepare_cached(
            "SELECT id, reservation, phone, purpose, code_mac, expires_ms, wrong_attempts, resends,
                    next_resend_ms, state, path, COALESCE(issued_ms, created_ms)
             FROM otp_challenges WHERE id = ?1",
        )?
        .query_row(params![id], |r| {
            Ok(Row {
                id: r.get(0)?,
                reservation: r.get(1)?,
                phone: r.get(2)?,
                purpose: r.get(3)?,
                code_mac: r.get(4)?,
                expires_ms: r.get(5)?,
                wrong_attempts: r.get(6)?,
                resends: r.get(7)?,
                next_resend_ms: r.get(8)?,
                state: r.get(9)?,
                path: LookupPath::parse(&r.get::<_, String>(10)?).unwrap_or_default(),
                issued_ms: r.get(11)?,
            })
        })
        .optional()?)
}

fn load_reservation(tx: &rusqlite::Connection, key: &str) -> Result<Option<Reservation>, OtpError> {
    // `Store::reservation` needs a `&Store`; inside a transaction go through the same query.
    Ok(crate::store::reservation_in(tx, key)?)
}

fn immediate(store: &mut Store) -> Result<Transaction<'_>, OtpError> {
    Ok(store
        .conn_mut()
        .transaction_with_behavior(TransactionBehavior::Immediate)?)
}

/// The OTP engine for one kiosk.
#[derive(Debug, Clone)]
pub struct OtpEngine {
    policy: OtpPolicy,
    kiosk_id: String,
    region: String,
    /// Property time, for the quiet hours of lock notices.
    time_zone: jiff::tz::TimeZone,
    mac: CodeMac,
}

impl OtpEngine {
    /// `default_region` parses any stored number that is not E.164 (there should be none).
    pub fn new(
        store: &Store,
        policy: OtpPolicy,
        kiosk_id: &str,
        default_region: &str,
    ) -> Result<Self, OtpError> {
        Ok(Self {
            policy,
            kiosk_id: kiosk_id.to_owned(),
            region: default_region.to_owned(),
            time_zone: jiff::tz::TimeZone::UTC,
            mac: CodeMac::new(store.install_secret()?)?,
        })
    }

    pub fn from_config(store: &Store, config: &Config) -> Result<Self, OtpError> {
        Ok(Self::new(
            store,
            config.otp.clone(),
            &config.kiosk.id,
            &config.kiosk.country,
        )?
        .with_time_zone(config.kiosk.time_zone.clone()))
    }

    /// Property time (UTC unless set), for the quiet hours of lock notices.
    pub fn with_time_zone(self, time_zone: jiff::tz::TimeZone) -> Self {
        Self { time_zone, ..self }
    }

    pub fn policy(&self) -> &OtpPolicy {
        &self.policy
    }

    pub fn kiosk_id(&self) -> &str {
        &self.kiosk_id
    }

    /// The default region for numbers written without a country code.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The keyed hash that stands for a phone number in counters.
    pub fn phone_key(&self, e164: &str) -> String {
        self.mac.phone_key(e164)
    }

    /// The number to text for `r`, if it may take an SMS.
    fn destination(&self, r: &Reservation) -> Result<Phone, OtpError> {
        let raw = r.phone.as_deref().ok_or(OtpError::NoPhone)?;
        let phone = Phone::parse(raw, &self.region).map_err(|_| OtpError::NoPhone)?;
        phone
            .sms_capability(&self.policy.allowed_countries)
            .map_err(OtpError::NotSmsCapable)?;
        Ok(phone)
    }

    fn locked(
        &self,
        tx: &rusqlite::Connection,
        reservation: &str,
        path: LookupPath,
        now_ms: i64,
    ) -> Result<Option<Timestamp>, OtpError> {
        Ok(limits::locked_for(tx, reservation, path, now_ms)?
            .map(|left| ts(now_ms.saturating_add(ms(left)))))
    }

    /// Allows one gateway attempt and counts it against every cap — phone and reservation (per
    /// lookup path), kiosk, and the pumping prefix — in the caller's transaction, or returns the
    /// refusal. The caller commits either way: an attempt counts whatever its outcome (a
    /// timeout may still deliver), and reaching or crossing the kiosk cap raises an
    /// `abuse_alert` (once per window). Check and count share one IMMEDIATE transaction, so two
    /// processes on one database can never both take the last send.
    fn permit_send(
        &self,
        tx: &rusqlite::Connection,
        now: Timestamp,
        e164: &str,
        reservation: &str,
        path: LookupPath,
    ) -> Result<Option<OtpError>, OtpError> {
        let now_ms = millis(now);
        let p = &self.policy;
        let phone_key = path.key(&self.mac.phone_key(e164));
        let reservation = path.key(reservation);
        let kiosk = limits::count_in_window(tx, Scope::SendKiosk, &self.kiosk_id, now_ms, HOUR)?;
        if kiosk >= p.sends_per_kiosk_per_hour {
            self.abuse_alert(tx, now, kiosk)?;
            let retry_after =
                limits::window_frees_in(tx, Scope::SendKiosk, &self.kiosk_id, now_ms, HOUR)?;
            return Ok(Some(OtpError::SendLimit {
                cap: SendCap::Kiosk,
                retry_after,
            }));
        }
        let prefix = pumping::prefix(e164, p.pumping.prefix_digits);
        if let Some(prefix) = &prefix
            && let Some(retry_after) = pumping::paused_for(tx, prefix, path, now_ms)?
        {
            tracing::info!(
                prefix,
                "code refused: the number's prefix is paused for SMS pumping"
            );
            return Ok(Some(OtpError::SendLimit {
                cap: SendCap::Pumping,
                retry_after,
            }));
        }
        // The hub saw the property's kiosks together reach this booking's or phone's cap.
        if let Some(retry_after) = limits::cooldown_get(tx, Scope::SendHold, &reservation)?
            .and_then(|hold| hold.remaining(now_ms))
        {
            return Ok(Some(OtpError::SendLimit {
                cap: SendCap::Property,
                retry_after,
            }));
        }
        let checks = [
            (
                Scope::SendPhone,
                phone_key.as_str(),
                p.sends_per_phone_per_hour,
                HOUR,
                SendCap::Phone,
            ),
            (
                Scope::SendReservation,
                reservation.as_str(),
                p.sends_per_reservation_per_day,
                DAY,
                SendCap::Reservation,
            ),
        ];
        for (scope, key, cap, window, which) in checks {
            if limits::count_in_window(tx, scope, key, now_ms, window)? >= cap {
                let retry_after = limits::window_frees_in(tx, scope, key, now_ms, window)?;
                return Ok(Some(OtpError::SendLimit {
                    cap: which,
                    retry_after,
                }));
            }
        }
        limits::record(tx, Scope::SendPhone, &phone_key, now_ms)?;
        limits::record(tx, Scope::SendReservation, &reservation, now_ms)?;
        self.count_kiosk_send(tx, now)?;
        if let Some(prefix) = prefix {
            pumping::record_send(tx, now, &self.kiosk_id, &self.policy.pumping, &prefix, path)?;
        }
        Ok(None)
    }

    /// Counts one SMS attempt of this kiosk (any kind: a code, a test) and raises the
    /// `abuse_alert` when it reaches the kiosk cap. The caller checked the cap first.
    pub(crate) fn count_kiosk_send(
        &self,
        tx: &rusqlite::Connection,
        now: Timestamp,
    ) -> Result<(), OtpError> {
        let now_ms = millis(now);
        limits::record(tx, Scope::SendKiosk, &self.kiosk_id, now_ms)?;
        let kiosk = limits::count_in_window(tx, Scope::SendKiosk, &self.kiosk_id, now_ms, HOUR)?;
        if kiosk >= self.policy.sends_per_kiosk_per_hour {
            self.abuse_alert(tx, now, kiosk)?;
        }
        Ok(())
    }

    /// The kiosk cap's refusal, if this kiosk's attempts in the last hour reached it (raising
    /// the `abuse_alert` once per window), for sends outside a challenge (test SMS).
    pub(crate) fn kiosk_cap_reached(
        &self,
        tx: &rusqlite::Connection,
        now: Timestamp,
    ) -> Result<Option<Duration>, OtpError> {
        let now_ms = millis(now);
        let kiosk = limits::count_in_window(tx, Scope::SendKiosk, &self.kiosk_id, now_ms, HOUR)?;
        if kiosk < self.policy.sends_per_kiosk_per_hour {
            return Ok(None);
        }
        self.abuse_alert(tx, now, kiosk)?;
        Ok(Some(limits::window_frees_in(
            tx,
            Scope::SendKiosk,
            &self.kiosk_id,
            now_ms,
            HOUR,
        )?))
    }

    fn abuse_alert(
        &self,
        tx: &rusqlite::Connection,
        now: Timestamp,
        sends: u32,
    ) -> Result<(), OtpError> {
        let raised = alert::raise(
            tx,
            now,
            &self.kiosk_id,
            "kiosk_send_cap",
            &self.kiosk_id,
            HOUR,
            json!({
                "count": sends,
                "cap": self.policy.sends_per_kiosk_per_hour,
                "window_s": HOUR.as_secs(),
            }),
        )?;
        if raised {
            tracing::warn!(kiosk = %self.kiosk_id, sends, "kiosk SMS cap reached: possible SMS pumping");
        }
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn issued(
        &self,
        row_id: String,
        r: &Reservation,
        purpose: Purpose,
        path: LookupPath,
        code: Zeroizing<String>,
        phone: Phone,
        a: Issued,
    ) -> IssuedCode {
        IssuedCode {
            challenge: Challenge {
                id: row_id,
                reservation: r.confirmation.clone(),
                purpose,
                path,
            },
            code,
            masked_phone: phone.masked(),
            phone,
            language: r.language.clone(),
            expires_at: ts(a.expires_ms),
            attempts_left: a.attempts_left,
            resends_left: self.policy.max_resends.saturating_sub(a.resends),
            resend_at: ts(a.next_resend_ms),
        }
    }

    /// Creates a challenge for `reservation` and `purpose` and returns its code, once. Any
    /// earlier open challenge of the reservation is voided. Refused while locked, when the
    /// phone cannot take SMS, when a send cap is reached, or while an earlier code is still
    /// usable and its resend wait has not passed (starting over is no way around the wait).
    pub fn issue_code(
        &self,
        store: &mut Store,
        now: Timestamp,
        reservation: &ReservationRef,
        purpose: Purpose,
    ) -> Result<IssuedCode, OtpError> {
        if !reservation.purposes().contains(&purpose) {
            return Err(OtpError::PurposeNotAllowed { purpose });
        }
        let now_ms = millis(now);
        let path = reservation.path();
        let tx = immediate(store)?;
        let r = load_reservation(&tx, reservation.confirmation())?
            .filter(|r| !r.status.is_closed())
            .ok_or(OtpError::ReservationGone)?;
        if let Some(until) = self.locked(&tx, &r.confirmation, path, now_ms)? {
            return Err(OtpError::Locked { until });
        }
        let phone = self.destination(&r)?;
        // Starting over must not dodge the resend wait of a code that is still usable. Codes
        // asked through another lookup path are not this guest's business: a stranger at the
        // name search must not hold up (or void) the code a guest asked for by booking number.
        let pending: Option<i64> = tx
            .prepare_cached(
                // A code issued "in the future" (the clock went back since) is dead and holds
                // nothing up: its resend time would stretch the wait by the jump.
                "SELECT MAX(next_resend_ms) FROM otp_challenges
                 WHERE reservation = ?1 AND path = ?3 AND state = 'active' AND expires_ms > ?2
                   AND COALESCE(issued_ms, created_ms) <= ?2",
            )?
            .query_row(params![r.confirmation, now_ms, path.as_str()], |row| {
                row.get(0)
            })?;
        if let Some(next) = pending.filter(|n| *n > now_ms) {
            let wait = (next - now_ms).min(ms(resend_delay(&self.policy, self.policy.max_resends)));
            return Err(OtpError::ResendTooSoon {
                retry_after: Duration::from_millis(u64::try_from(wait).unwrap_or(0)),
            });
        }
        // Issuing is the permit for the first gateway attempt: it counts here, in this
        // transaction, whatever the gateway does with it.
        if let Some(refusal) = self.permit_send(&tx, now, phone.e164(), &r.confirmation, path)? {
            tx.commit()?;
            return Err(refusal);
        }
        limits::prune(&tx, now_ms)?;
        tx.prepare_cached(
            "UPDATE otp_challenges SET state = 'replaced'
             WHERE reservation = ?1 AND path = ?2 AND state = 'active'",
        )?
        .execute(params![r.confirmation, path.as_str()])?;
        let id = uuid::Uuid::new_v4().to_string();
        let code = super::code::generate(self.policy.length)?;
        let tag = self.mac.tag(
            Binding {
                challenge: &id,
                reservation: &r.confirmation,
                phone_e164: phone.e164(),
                purpose: purpose.as_str(),
            },
            &code,
        );
        let a = Issued {
            expires_ms: now_ms.saturating_add(ms(self.policy.ttl)),
            next_resend_ms: now_ms.saturating_add(ms(resend_delay(&self.policy, 0))),
            attempts_left: self.policy.max_attempts,
            resends: 0,
        };
        tx.prepare_cached(
            "INSERT INTO otp_challenges (id, reservation, phone, purpose, code_mac, created_ms, expires_ms,
                wrong_attempts, resends, next_resend_ms, state, language, path, issued_ms)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 0, 0, ?8, 'active', ?9, ?10, ?6)",
        )?
        .execute(params![
            id,
            r.confirmation,
            phone.e164(),
            purpose.as_str(),
            tag,
            now_ms,
            a.expires_ms,
            a.next_resend_ms,
            r.language,
            path.as_str()
        ])?;
        tx.commit()?;
        tracing::info!(challenge = %id, purpose = purpose.as_str(), phone = %phone, "otp challenge issued");
        Ok(self.issued(id, &r, purpose, path, code, phone, a))
    }

    /// A new code for the same challenge: fresh TTL, the old code void. Waits grow (30, 60,
    /// 120 … s) and at most `max_resends` are allowed. Attempts already used stay used.
    pub fn resend(
        &self,
        store: &mut Store,
        now: Timestamp,
        challenge: &Challenge,
    ) -> Result<IssuedCode, OtpError> {
        let now_ms = millis(now);
        let tx = immediate(store)?;
        let row = self.bound_row(&tx, challenge)?;
        match row.state_at(now_ms) {
            ChallengeState::Active | ChallengeState::Expired => {}
            ChallengeState::Verified => return Err(OtpError::ChallengeClosed("already used")),
            ChallengeState::Exhausted => {
                return Err(OtpError::ChallengeClosed("too many wrong codes"));
            }
            ChallengeState::Replaced | ChallengeState::Cancelled => {
                return Err(OtpError::ChallengeClosed("replaced"));
            }
        }
        if let Some(until) = self.locked(&tx, &row.reservation, row.path, now_ms)? {
            return Err(OtpError::Locked { until });
        }
        if row.resends >= self.policy.max_resends {
            return Err(OtpError::NoResendsLeft);
        }
        if now_ms < row.next_resend_ms {
            // Clamp: a clock that went back never makes the wait longer than the rule.
            let rule = ms(resend_delay(&self.policy, row.resends));
            let wait = (row.next_resend_ms - now_ms).min(rule);
            return Err(OtpError::ResendTooSoon {
                retry_after: Duration::from_millis(u64::try_from(wait).unwrap_or(0)),
            });
        }
        let r = load_reservation(&tx, &row.reservation)?
            .filter(|r| !r.status.is_closed())
            .ok_or(OtpError::ReservationGone)?;
        let phone = self.destination(&r)?;
        if phone.e164() != row.phone {
            cancel(&tx, &row.id)?;
            tx.commit()?;
            return Err(OtpError::ChallengeClosed("the phone on file changed"));
        }
        if let Some(refusal) =
            self.permit_send(&tx, now, phone.e164(), &r.confirmation, row.path)?
        {
            tx.commit()?;
            return Err(refusal);
        }
        let code = super::code::generate(self.policy.length)?;
        let tag = self.mac.tag(row.binding(), &code);
        let resends = row.resends + 1;
        let a = Issued {
            expires_ms: now_ms.saturating_add(ms(self.policy.ttl)),
            next_resend_ms: now_ms.saturating_add(ms(resend_delay(&self.policy, resends))),
            attempts_left: self.policy.max_attempts.saturating_sub(row.wrong_attempts),
            resends,
        };
        tx.prepare_cached(
            "UPDATE otp_challenges SET code_mac = ?2, expires_ms = ?3, resends = ?4, next_resend_ms = ?5,
                state = 'active', issued_ms = ?6 WHERE id = ?1",
        )?
        .execute(params![row.id, tag, a.expires_ms, resends, a.next_resend_ms, now_ms])?;
        tx.commit()?;
        tracing::info!(challenge = %row.id, resends, "otp code re-issued");
        let path = row.path;
        Ok(self.issued(row.id, &r, challenge.purpose, path, code, phone, a))
    }

    fn bound_row(&self, tx: &rusqlite::Connection, challenge: &Challenge) -> Result<Row, OtpError> {
        load_row(tx, &challenge.id)?
            .filter(|row| {
                row.reservation == challenge.reservation
                    && row.purpose == challenge.purpose.as_str()
                    && row.path == challenge.path
            })
            .ok_or(OtpError::UnknownChallenge)
    }

    /// The permit for one more gateway attempt of an issued code (a failover): the same caps
    /// as the first attempt, checked and counted in one transaction before the request is made.
    /// Refused as well when the challenge is no longer open (used, replaced, cancelled by a
    /// lock) or the booking is locked: the guest is then sent to the desk.
    pub fn permit_failover(
        &self,
        store: &mut Store,
        now: Timestamp,
        challenge: &Challenge,
    ) -> Result<(), OtpError> {
        let now_ms = millis(now);
        let tx = immediate(store)?;
        let row = self.bound_row(&tx, challenge)?;
        if row.state_at(now_ms) != ChallengeState::Active {
            return Err(OtpError::ChallengeClosed("no longer open"));
        }
        if let Some(until) = self.locked(&tx, &row.reservation, row.path, now_ms)? {
            return Err(OtpError::Locked { until });
        }
        let refusal = self.permit_send(&tx, now, &row.phone, &row.reservation, row.path)?;
        tx.commit()?;
        match refusal {
            Some(refusal) => {
                tracing::info!(challenge = %row.id, error = %refusal, "failover refused by the send caps");
                Err(refusal)
            }
            None => Ok(()),
        }
    }

    /// A gateway accepted the message: journal `otp_sent`. The attempt was counted toward the
    /// caps when it was permitted (by [`OtpEngine::issue_code`], [`OtpEngine::resend`] or
    /// [`OtpEngine::permit_failover`]), not here.
    pub fn record_send_accepted(
        &self,
        store: &mut Store,
        now: Timestamp,
        challenge: &Challenge,
        gateway: &str,
        provider_message_id: Option<&str>,
    ) -> Result<(), OtpError> {
        let tx = immediate(store)?;
        let row = self.bound_row(&tx, challenge)?;
        journal::append(
            &tx,
            now,
            EventKind::OtpSent,
            Some(&row.reservation),
            json!({
                "challenge": row.id,
                "purpose": row.purpose,
                "phone": mask_e164(&row.phone),
                "gateway": gateway,
                "provider_message_id": provider_message_id,
                "resend": row.resends,
                "path": row.path.as_str(),
            }),
        )?;
        tx.commit()?;
        tracing::info!(challenge = %row.id, gateway, "otp sent");
        Ok(())
    }

    /// A gateway refused or failed the message (one event per gateway attempt). `error` is the
    /// gateway's error class; it must not contain the number or the code.
    pub fn record_send_failed(
        &self,
        store: &mut Store,
        now: Timestamp,
        challenge: &Challenge,
        gateway: &str,
        error: &str,
        attempt: Option<serde_json::Value>,
    ) -> Result<(), OtpError> {
        let tx = immediate(store)?;
        let row = self.bound_row(&tx, challenge)?;
        let mut data = json!({
            "challenge": row.id,
            "purpose": row.purpose,
            "phone": mask_e164(&row.phone),
            "gateway": gateway,
            "error": error,
            "resend": row.resends,
            "path": row.path.as_str(),
        });
        // The gateway's own account of the attempt (kind, elapsed, whether it may still
        // arrive) for IT; it holds no personal data.
        if let (Some(serde_json::Value::Object(extra)), Some(obj)) = (attempt, data.as_object_mut())
        {
            for (k, v) in extra {
                obj.entry(k).or_insert(v);
            }
        }
        journal::append(
            &tx,
            now,
            EventKind::SendFailed,
            Some(&row.reservation),
            data,
        )?;
        tx.commit()?;
        tracing::warn!(challenge = %row.id, gateway, error, "otp send failed");
        Ok(())
    }

    /// Checks an entered code. Wrong entries count per challenge and toward the reservation's
    /// lockout; a lock refuses even the correct code.
    pub fn verify(
        &self,
        store: &mut Store,
        now: Timestamp,
        challenge: &Challenge,
        entered: &str,
    ) -> Result<VerifyOutcome, OtpError> {
        let now_ms = millis(now);
        let tx = immediate(store)?;
        let row = self.bound_row(&tx, challenge)?;
        if let Some(until) = self.locked(&tx, &row.reservation, row.path, now_ms)? {
            return Ok(VerifyOutcome::Locked { until });
        }
        match row.state_at(now_ms) {
            ChallengeState::Active => {}
            ChallengeState::Expired => return Ok(VerifyOutcome::Expired),
            _ => return Ok(VerifyOutcome::Closed),
        }
        let r = load_reservation(&tx, &row.reservation)?.filter(|r| !r.status.is_closed());
        let Some(r) = r.filter(|r| r.phone.as_deref() == Some(row.phone.as_str())) else {
            // The phone on file changed (or the booking went away): this code proves nothing.
            cancel(&tx, &row.id)?;
            tx.commit()?;
            return Ok(VerifyOutcome::Closed);
        };
        let ok = match super::code::normalise_entry(entered, self.policy.length) {
            Some(code) => self.mac.verify(row.binding(), &code, &row.code_mac),
            None => {
                // Same work as a well-formed entry.
                let _ = self.mac.verify(row.binding(), "", &row.code_mac);
                false
            }
        };
        if ok {
            tx.prepare_cached("UPDATE otp_challenges SET state = 'verified' WHERE id = ?1")?
                .execute(params![row.id])?;
            if let Some(prefix) = pumping::prefix(&row.phone, self.policy.pumping.prefix_digits) {
                pumping::record_verified(&tx, &prefix, row.path, now_ms)?;
            }
            let second = (self.policy.second_factor != SecondFactor::None
                && r.second_factor.is_some())
            .then_some(self.policy.second_factor);
            journal::append(
                &tx,
                now,
                EventKind::OtpVerified,
                Some(&row.reservation),
                json!({
                    "challenge": row.id,
                    "purpose": row.purpose,
                    "second_factor": second.map(SecondFactor::as_str),
                }),
            )?;
            tx.commit()?;
            tracing::info!(challenge = %row.id, "otp verified");
            return Ok(match second {
                Some(factor) => VerifyOutcome::SecondFactor(SecondFactorPrompt {
                    challenge: challenge.clone(),
                    factor,
                    wrong: 0,
                }),
                None => VerifyOutcome::Verified(Verified {
                    reservation: row.reservation,
                    purpose: challenge.purpose,
                    by: VerifiedBy::Sms { challenge: row.id },
                }),
            });
        }
        let wrong = row.wrong_attempts.saturating_add(1);
        let attempts_left = self.policy.max_attempts.saturating_sub(wrong);
        tx.prepare_cached(
            "UPDATE otp_challenges SET wrong_attempts = ?2,
                state = CASE WHEN ?3 = 0 THEN 'exhausted' ELSE state END WHERE id = ?1",
        )?
        .execute(params![row.id, wrong, attempts_left])?;
        let failures = self.count_failure(&tx, &row.reservation, row.path, now_ms)?;
        journal::append(
            &tx,
            now,
            EventKind::OtpFailed,
            Some(&row.reservation),
            json!({
                "challenge": row.id,
                "purpose": row.purpose,
                "path": row.path.as_str(),
                "attempts_left": attempts_left,
                "failures": failures,
            }),
        )?;
        let locked = self.maybe_lock(&tx, now, &row.reservation, row.path, failures)?;
        tx.commit()?;
        tracing::info!(challenge = %row.id, attempts_left, failures, "otp wrong code");
        Ok(match locked {
            Some(until) => VerifyOutcome::Locked { until },
            None => VerifyOutcome::Wrong { attempts_left },
        })
    }

    /// Counts one wrong code or answer for the reservation; returns the failures in its window.
    fn count_failure(
        &self,
        tx: &rusqlite::Connection,
        reservation: &str,
        path: LookupPath,
        now_ms: i64,
    ) -> Result<u32, OtpError> {
        limits::record(tx, Scope::VerifyFailed, &path.key(reservation), now_ms)?;
        failures_on(tx, reservation, path, now_ms)
    }

    fn maybe_lock(
        &self,
        tx: &rusqlite::Connection,
        now: Timestamp,
        reservation: &str,
        path: LookupPath,
        failures: u32,
    ) -> Result<Option<Timestamp>, OtpError> {
        if failures < self.policy.lockout_after {
            return Ok(None);
        }
        let now_ms = millis(now);
        let scope = path.lock_scope();
        let until_ms = now_ms.saturating_add(ms(self.policy.lockout));
        limits::lock(
            tx,
            reservation,
            scope,
            now_ms,
            until_ms,
            "too_many_failures",
        )?;
        cancel_closed(tx, reservation, scope)?;
        let until = ts(until_ms);
        journal::append(
            tx,
            now,
            EventKind::Locked,
            Some(reservation),
            json!({
                "until": format!("{until:.3}"),
                "reason": "too_many_failures",
                "failures": failures,
                "scope": scope.as_str(),
                "source": "kiosk",
                "kiosk": self.kiosk_id,
            }),
        )?;
        tracing::warn!(
            reservation = %masked_confirmation(reservation),
            failures,
            scope = scope.as_str(),
            "reservation locked after too many wrong codes"
        );
        self.lock_alerts(tx, now, reservation)?;
        let language = load_reservation(tx, reservation)?.and_then(|r| r.language);
        crate::notice::schedule(
            tx,
            now,
            crate::notice::NoticeKind::Locked,
            reservation,
            None,
            language.as_deref(),
            crate::notice::due_at(now, &self.time_zone),
        )?;
        Ok(Some(until))
    }

    /// A booking locked twice within a day, or three bookings locked at this kiosk within an
    /// hour, is someone working through guests: tell IT.
    fn lock_alerts(
        &self,
        tx: &rusqlite::Connection,
        now: Timestamp,
        reservation: &str,
    ) -> Result<(), OtpError> {
        let now_ms = millis(now);
        limits::record(tx, Scope::LockReservation, reservation, now_ms)?;
        limits::record(tx, Scope::LockKiosk, &self.kiosk_id, now_ms)?;
        let again = limits::count_in_window(tx, Scope::LockReservation, reservation, now_ms, DAY)?;
        if again >= 2 {
            alert::raise(
                tx,
                now,
                &self.kiosk_id,
                "repeat_lock",
                reservation,
                DAY,
                json!({"reservation": reservation, "locks": again, "window_s": DAY.as_secs()}),
            )?;
        }
        let burst = limits::count_in_window(tx, Scope::LockKiosk, &self.kiosk_id, now_ms, HOUR)?;
        if burst >= 3 {
            alert::raise(
                tx,
                now,
                &self.kiosk_id,
                "lock_burst",
                &self.kiosk_id,
                HOUR,
                json!({"locks": burst, "window_s": HOUR.as_secs()}),
            )?;
        }
        Ok(())
    }

    /// Checks the knowledge factor after a correct code. Wrong answers count toward the same
    /// lockout as wrong codes.
    pub fn answer_second_factor(
        &self,
        store: &mut Store,
        now: Timestamp,
        prompt: SecondFactorPrompt,
        answer: &str,
    ) -> Result<SecondFactorOutcome, OtpError> {
        let now_ms = millis(now);
        let order = self.policy.date_of_birth_order;
        if let Err(error) = second_factor::normalise(prompt.factor, order, answer) {
            return Ok(SecondFactorOutcome::Invalid { prompt, error });
        }
        let reservation = prompt.challenge.reservation.clone();
        let path = prompt.challenge.path;
        if let Some(until) = self.locked(store.conn(), &reservation, path, now_ms)? {
            return Ok(SecondFactorOutcome::Locked { until });
        }
        let phc = store
            .reservation(&reservation)?
            .and_then(|r| r.second_factor)
            .ok_or(OtpError::ReservationGone)?;
        // argon2 runs outside the write transaction so it never holds the database lock.
        let ok = second_factor::matches(prompt.factor, order, answer, &phc).unwrap_or(false);
        let tx = immediate(store)?;
        if let Some(until) = self.locked(&tx, &reservation, path, now_ms)? {
            return Ok(SecondFactorOutcome::Locked { until });
        }
        if ok {
            return Ok(SecondFactorOutcome::Verified(Verified {
                reservation,
                purpose: prompt.challenge.purpose,
                by: VerifiedBy::Sms {
                    challenge: prompt.challenge.id,
                },
            }));
        }
        let wrong = prompt.wrong.saturating_add(1);
        let attempts_left = self.policy.max_attempts.saturating_sub(wrong);
        let failures = self.count_failure(&tx, &reservation, path, now_ms)?;
        journal::append(
            &tx,
            now,
            EventKind::SecondFactorFailed,
            Some(&reservation),
            json!({
                "challenge": prompt.challenge.id,
                "purpose": prompt.challenge.purpose.as_str(),
                "factor": prompt.factor.as_str(),
                "attempts_left": attempts_left,
                "failures": failures,
            }),
        )?;
        let locked = self.maybe_lock(&tx, now, &reservation, path, failures)?;
        tx.commit()?;
        tracing::info!(challenge = %prompt.challenge.id, attempts_left, failures, "second factor wrong");
        Ok(match locked {
            Some(until) => SecondFactorOutcome::Locked { until },
            None if attempts_left == 0 => SecondFactorOutcome::Exhausted,
            None => SecondFactorOutcome::Wrong {
                prompt: SecondFactorPrompt { wrong, ..prompt },
                attempts_left,
            },
        })
    }

    /// What the code screen shows: attempts left, expiry and when a resend is possible.
    pub fn status(
        &self,
        store: &Store,
        now: Timestamp,
        challenge: &Challenge,
    ) -> Result<ChallengeStatus, OtpError> {
        let row = self.bound_row(store.conn(), challenge)?;
        let now_ms = millis(now);
        Ok(ChallengeStatus {
            state: row.state_at(now_ms),
            attempts_left: self.policy.max_attempts.saturating_sub(row.wrong_attempts),
            expires_at: ts(row.expires_ms),
            resends_left: self.policy.max_resends.saturating_sub(row.resends),
            resend_at: ts(row.next_resend_ms),
        })
    }

    /// Wrong codes and answers counted toward the lockout now (since 24 h ago or the last
    /// staff unlock, whichever is later).
    pub fn failures(
        &self,
        store: &Store,
        now: Timestamp,
        reservation: &str,
        path: LookupPath,
    ) -> Result<u32, OtpError> {
        failures_on(store.conn(), reservation, path, millis(now))
    }
}

struct Issued {
    expires_ms: i64,
    next_resend_ms: i64,
    attempts_left: u32,
    resends: u32,
}

/// Wrong codes and answers on `path` counted toward its lock now.
fn failures_on(
    conn: &rusqlite::Connection,
    reservation: &str,
    path: LookupPath,
    now_ms: i64,
) -> Result<u32, OtpError> {
    let since = limits::failure_window_start(conn, reservation, path.lock_scope(), now_ms)?;
    Ok(limits::count_since(
        conn,
        Scope::VerifyFailed,
        &path.key(reservation),
        since,
    )?)
}

/// No code issued before a lock may be used after it, on the paths the lock closes.
pub(crate) fn cancel_closed(
    tx: &rusqlite::Connection,
    reservation: &str,
    scope: LockScope,
) -> Result<(), StoreError> {
    let sql = match scope {
        LockScope::All => {
            "UPDATE otp_challenges SET state = 'cancelled' WHERE reservation = ?1 AND state = 'active'"
        }
        LockScope::Name => {
            "UPDATE otp_challenges SET state = 'cancelled'
             WHERE reservation = ?1 AND state = 'active' AND path = 'name'"
        }
    };
    tx.prepare_cached(sql)?.execute(params![reservation])?;
    Ok(())
}

fn cancel(tx: &rusqlite::Connection, id: &str) -> Result<(), StoreError> {
    tx.prepare_cached("UPDATE otp_challenges SET state = 'cancelled' WHERE id = ?1")?
        .execute(params![id])?;
    Ok(())
}

/// When the reservation is locked until, if it is.
pub fn locked_until(
    store: &Store,
    now: Timestamp,
    reservation: &str,
    path: LookupPath,
) -> Result<Option<Timestamp>, OtpError> {
    let now_ms = millis(now);
    Ok(limits::locked_for(store.conn(), reservation, path, now_ms)?
        .map(|left| ts(now_ms.saturating_add(ms(left)))))
}

/// Lifts a lock and starts the failure count afresh; journals `unlocked` with the staff member
/// at this kiosk and why. (A remote unlock is a sync command, journaled as `staff_override`.)
/// Returns whether a lock was in force (the event is written either way: staff asked).
pub fn unlock(
    store: &mut Store,
    now: Timestamp,
    reservation: &str,
    staff: &str,
    reason: &str,
) -> Result<bool, OtpError> {
    let key = crate::names::confirmation_key(reservation);
    let tx = immediate(store)?;
    let was_locked = limits::clear(&tx, &key, millis(now))?;
    let data =
        json!({"staff": staff, "reason": reason, "source": "staff", "was_locked": was_locked});
    journal::append(&tx, now, EventKind::Unlocked, Some(&key), data)?;
    tx.commit()?;
    tracing::info!(reservation = %masked_confirmation(&key), was_locked, "reservation unlocked");
    Ok(was_locked)
}
