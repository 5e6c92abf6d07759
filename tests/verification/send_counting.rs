//! Every gateway attempt counts against every send cap in the transaction that allows it:
//! issuing a code is the first attempt's permit, each failover asks for its own, and two
//! processes on one database never pass a cap together.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;

use lobby_kiosk::clock::SystemClock;
use lobby_kiosk::config::{Config, GatewayConfig, GatewayKind, OtpPolicy};
use lobby_kiosk::gateway::{
    Accepted, BoxFuture, Failure, FailureKind, GatewayChain, SmsGateway, SmsMessage,
};
use lobby_kiosk::journey::{DeskReason, Journey, LookupResult, OwnedQuery, SendResult};
use lobby_kiosk::lookup::{LookupOutcome, Query};
use lobby_kiosk::otp::limits::{self, LookupPath, Scope};
use lobby_kiosk::otp::{OtpError, Purpose, SendCap};
use lobby_kiosk::store::{Reservation, Store};

use crate::common::*;

const HOUR: Duration = Duration::from_secs(3600);

/// The four counters one attempt for `UK_MOBILE` and `reservation` on `path` moves.
fn counters(env: &Env, reservation: &str, path: LookupPath) -> [u32; 4] {
    let conn = env.store.conn();
    let now = env.now().as_millisecond();
    let phone = path.key(&env.engine.phone_key(UK_MOBILE));
    let day = Duration::from_secs(86_400);
    [
        limits::count_in_window(conn, Scope::SendPhone, &phone, now, HOUR).unwrap(),
        limits::count_in_window(
            conn,
            Scope::SendReservation,
            &path.key(reservation),
            now,
            day,
        )
        .unwrap(),
        limits::count_in_window(conn, Scope::SendKiosk, KIOSK, now, HOUR).unwrap(),
        limits::count_in_window(conn, Scope::PrefixSend, &path.key("4474001"), now, HOUR).unwrap(),
    ]
}

#[test]
fn an_issued_code_counts_at_once_and_each_failover_is_permitted_and_counted_before_it_is_made() {
    let policy = OtpPolicy {
        sends_per_phone_per_hour: 3,
        ..OtpPolicy::default()
    };
    let mut env = Env::with(policy, Default::default());
    let r = env.reference("ABC123", "Lee");
    let issued = env.issue(&r, Purpose::CheckIn);
    // No gateway has answered yet (it may time out and still deliver): it counts already.
    assert_eq!(counters(&env, "ABC123", LookupPath::Confirmation), [1; 4]);
    let now = env.now();
    env.engine
        .permit_failover(&mut env.store, now, &issued.challenge)
        .unwrap();
    assert_eq!(counters(&env, "ABC123", LookupPath::Confirmation), [2; 4]);
    env.engine
        .permit_failover(&mut env.store, now, &issued.challenge)
        .unwrap();
    // The cap is reached: the next gateway is not tried, and nothing more is counted.
    match env
        .engine
        .permit_failover(&mut env.store, now, &issued.challenge)
    {
        Err(OtpError::SendLimit {
            cap: SendCap::Phone,
            retry_after,
        }) => assert_eq!(retry_after, HOUR),
        other => panic!("{other:?}"),
    }
    assert_eq!(counters(&env, "ABC123", LookupPath::Confirmation), [3; 4]);
    // Accepting the message journals it but counts nothing more.
    env.engine
        .record_send_accepted(&mut env.store, now, &issued.challenge, "backup", None)
        .unwrap();
    assert_eq!(counters(&env, "ABC123", LookupPath::Confirmation), [3; 4]);
    assert_eq!(env.count("otp_sent"), 1);

    // A code asked for by name counts on the name path's keys (the kiosk is one), so a stranger
    // with a name never uses up the booking number's sends, nor its range's pumping budget.
    let by_name = match env.lookup(Query::Name {
        last_name: "Lee",
        first_name: "Kim",
    }) {
        LookupOutcome::Found(f) => f.reservation,
        other => panic!("{other:?}"),
    };
    let purpose = by_name.purposes()[0];
    let named = env.issue(&by_name, purpose);
    let now = env.now();
    env.engine
        .permit_failover(&mut env.store, now, &named.challenge)
        .unwrap();
    assert_eq!(counters(&env, "ABC123", LookupPath::Name), [2, 2, 5, 2]);
    assert_eq!(counters(&env, "ABC123", LookupPath::Confirmation)[0], 3);
    assert_eq!(counters(&env, "ABC123", LookupPath::Confirmation)[3], 3);
}

#[test]
fn a_failover_permit_needs_an_open_code_and_room_under_the_kiosk_cap() {
    let policy = OtpPolicy {
        sends_per_phone_per_hour: 100,
        sends_per_kiosk_per_hour: 3,
        pumping: no_pumping_check(),
        ..OtpPolicy::default()
    };
    let mut env = Env::with(policy, Default::default());
    let r = env.reference("ABC123", "Lee");
    let first = env.issue(&r, Purpose::CheckIn);
    env.advance(31);
    let second = env.issue(&r, Purpose::CheckIn);
    let now = env.now();
    // The first code was replaced: sending it through another gateway is pointless.
    assert!(matches!(
        env.engine
            .permit_failover(&mut env.store, now, &first.challenge),
        Err(OtpError::ChallengeClosed(_))
    ));
    env.engine
        .permit_failover(&mut env.store, now, &second.challenge)
        .unwrap();
    assert_eq!(
        env.count("abuse_alert"),
        1,
        "the third attempt reached the cap"
    );
    assert!(matches!(
        env.engine
            .permit_failover(&mut env.store, now, &second.challenge),
        Err(OtpError::SendLimit {
            cap: SendCap::Kiosk,
            ..
        })
    ));
    assert_eq!(counters(&env, "ABC123", LookupPath::Confirmation)[2], 3);
}

// --- Two processes on one database -----------------------------------------------------------

const RACE_DIR: &str = "KIOSK_TEST_RACE_DIR";
const RACE_MODE: &str = "KIOSK_TEST_RACE_MODE";
const RACE_ORDER: &str = "KIOSK_TEST_RACE_ORDER";
const RACE_BOOKINGS: usize = 12;
const RACE_PHONE_CAP: usize = 6;

/// A gateway that takes a while (so two processes overlap), writes one line per attempt to a
/// file both processes append to, and then accepts or times out ambiguously.
struct Recorder {
    attempts: PathBuf,
    accept: bool,
}

impl SmsGateway for Recorder {
    fn kind(&self) -> &'static str {
        "http"
    }

    fn send<'a>(&'a self, msg: &'a SmsMessage) -> BoxFuture<'a, Result<Accepted, Failure>> {
        Box::pin(async move {
            tokio::time::sleep(Duration::from_millis(40)).await;
            let mut file = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&self.attempts)
                .unwrap();
            writeln!(file, "{} {}", std::process::id(), msg.to).unwrap();
            if self.accept {
                Ok(Accepted {
                    message_id: None,
                    note: None,
                })
            } else {
                Err(Failure::ambiguous(
                    FailureKind::Timeout,
                    "no answer in time",
                ))
            }
        })
    }
}

fn gateway_config(name: &str) -> GatewayConfig {
    GatewayConfig {
        name: name.into(),
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(1),
        // Never skipped: every send fails over.
        breaker_failures: 1_000,
        breaker_open: Duration::from_secs(1),
        kind: GatewayKind::Outbox {
            path: PathBuf::from("unused"),
        },
    }
}

/// One racing kiosk process: looks up every booking in turn (forwards or backwards) and asks
/// for a code, through one gateway or through a timing-out one and a backup.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a child process of two_processes_on_one_database_never_pass_the_phone_cap"]
async fn race_child() {
    let Ok(dir) = std::env::var(RACE_DIR) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let failover = std::env::var(RACE_MODE).as_deref() == Ok("failover");
    let config = Arc::new(Config::load(&dir.join("kiosk.toml")).unwrap());
    let store = Store::open(&config.store.path).unwrap();
    let attempts = dir.join("attempts");
    let mut chain = GatewayChain::empty();
    if failover {
        let timeout = Recorder {
            attempts: attempts.clone(),
            accept: false,
        };
        chain.push(&gateway_config("slow"), Box::new(timeout));
    }
    let backup = Recorder {
        attempts,
        accept: true,
    };
    chain.push(&gateway_config("backup"), Box::new(backup));
    let journey =
        Journey::new(config, store, chain, Arc::new(SystemClock), Arc::new(|| {})).unwrap();
    let mut order: Vec<usize> = (0..RACE_BOOKINGS).collect();
    if std::env::var(RACE_ORDER).as_deref() == Ok("backward") {
        order.reverse();
    }
    for i in order {
        let query = OwnedQuery::Confirmation {
            confirmation: format!("RACE{i:02}"),
            last_name: "Race".into(),
        };
        let LookupResult::Found(found) = journey.lookup(query).await.unwrap() else {
            panic!("RACE{i:02} not found");
        };
        match journey
            .send_code(&found.handle, found.purposes[0], "en")
            .await
            .unwrap()
        {
            SendResult::Sent(_)
            | SendResult::TooSoon { .. }
            | SendResult::SeeDesk(DeskReason::SendLimit) => {}
            other => panic!("RACE{i:02}: {other:?}"),
        }
    }
}

fn race_kiosk(dir: &Path) {
    std::fs::write(dir.join("demo.json"), "[]").unwrap();
    std::fs::write(
        dir.join("kiosk.toml"),
        format!(
            r#"
[kiosk]
id = "{KIOSK}"
property = "Hotel Race"
time_zone = "Europe/Lisbon"
country = "GB"
fullscreen = false

[store]
path = "kiosk.db"
retention_days = 30

[otp]
sends_per_phone_per_hour = {RACE_PHONE_CAP}

[demo]
enabled = true
reservations = "demo.json"

[[gateway]]
name = "outbox"
kind = "outbox"
path = "outbox"
"#
        ),
    )
    .unwrap();
    // Bookings for one phone, staying now (real dates: the children run on the system clock).
    let today = lobby_kiosk::clock::business_date(
        jiff::Timestamp::now(),
        &jiff::tz::TimeZone::get("Europe/Lisbon").unwrap(),
        jiff::civil::Time::constant(6, 0, 0, 0),
    );
    let (from, to) = (
        today.yesterday().unwrap().to_string(),
        today.tomorrow().unwrap().tomorrow().unwrap().to_string(),
    );
    let list: Vec<Reservation> = (0..RACE_BOOKINGS)
        .map(|i| {
            let r = record(
                &format!("RACE{i:02}"),
                "Race",
                "Ray",
                "confirmed",
                &from,
                &to,
            );
            Reservation::from_record(&r, "GB").unwrap()
        })
        .collect();
    let mut store = Store::open(&dir.join("kiosk.db")).unwrap();
    store
        .upsert_reservations(&list, jiff::Timestamp::now())
        .unwrap();
}

/// Runs two racing kiosk processes on one fresh database; returns the attempts they made and
/// the attempts the database counted for the phone.
fn race(mode: &str) -> (usize, u32) {
    let dir = tempfile::tempdir().unwrap();
    race_kiosk(dir.path());
    let children: Vec<_> = ["forward", "backward"]
        .into_iter()
        .map(|order| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "send_counting::race_child",
                    "--ignored",
                    "--test-threads=1",
                    "--nocapture",
                ])
                .env(RACE_DIR, dir.path())
                .env(RACE_MODE, mode)
                .env(RACE_ORDER, order)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "a racing kiosk failed ({mode}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let lines = std::fs::read_to_string(dir.path().join("attempts")).unwrap_or_default();
    let pids: std::collections::BTreeSet<&str> =
        lines.lines().filter_map(|l| l.split(' ').next()).collect();
    assert_eq!(pids.len(), 2, "both processes sent ({mode}): {lines}");
    let store = Store::open(&dir.path().join("kiosk.db")).unwrap();
    let engine =
        lobby_kiosk::otp::OtpEngine::new(&store, OtpPolicy::default(), KIOSK, "GB").unwrap();
    let counted = limits::count_in_window(
        store.conn(),
        Scope::SendPhone,
        &engine.phone_key(UK_MOBILE),
        jiff::Timestamp::now().as_millisecond(),
        HOUR,
    )
    .unwrap();
    (lines.lines().count(), counted)
}

#[test]
fn two_processes_on_one_database_never_pass_the_phone_cap() {
    // Twelve codes are asked for one phone whose cap is six: one gateway, then a gateway that
    // times out (the SMS may still arrive) and a backup, so every code costs two attempts.
    for mode in ["single", "failover"] {
        let (attempts, counted) = race(mode);
        assert_eq!(
            attempts, RACE_PHONE_CAP,
            "{mode}: the gateways saw {attempts} attempts for a cap of {RACE_PHONE_CAP}"
        );
        assert_eq!(
            counted as usize, attempts,
            "{mode}: every attempt is counted"
        );
    }
}
