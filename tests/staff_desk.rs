//! Staff mode's domain service end to end: the shipped config and demo guests in a real SQLite
//! file, the outbox gateway as the guest's phone, a loopback port that refuses connections as
//! a gateway that is down, a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::sync::atomic::Ordering;
use std::time::Duration;

use lobby_kiosk::checkin::Completion;
use lobby_kiosk::clock::Clock;
use lobby_kiosk::config::Config;
use lobby_kiosk::gateway::{BreakerState, GatewayChain, read_outbox};
use lobby_kiosk::journey::{CheckResult, DeskReason, Journey, SendResult};
use lobby_kiosk::otp::Purpose;
use lobby_kiosk::staff::{
    DeskError, DocumentType, LoginOutcome, LogoutCause, StaffDesk, StaffSession,
};
use lobby_kiosk::store::{JournalEvent, Reservation, ReservationRecord, Store};
use serde_json::json;
use support::demo::{DemoKiosk, found, send, wrong};

const PIN: &str = "246810";
const STAFF: &str = "Demo Desk";

async fn staff(desk: &StaffDesk) -> StaffSession {
    match desk.login(PIN.into()).await.unwrap() {
        LoginOutcome::LoggedIn(s) => s,
        other => panic!("{other:?}"),
    }
}

/// The `security_notice` the background sender journals after a change (it runs on its own
/// task; give it a few seconds).
async fn wait_for_notice(k: &DemoKiosk) -> JournalEvent {
    for _ in 0..100 {
        if let Some(e) = k
            .journal()
            .into_iter()
            .find(|e| e.kind == "security_notice")
        {
            return e;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    panic!("no security_notice was journaled");
}

fn last_of<'a>(events: &'a [JournalEvent], kind: &str) -> &'a JournalEvent {
    events
        .iter()
        .rev()
        .find(|e| e.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} event"))
}

/// Adds reservations next to the demo guests (dates relative to the clock's 2026-11-25).
fn add(k: &DemoKiosk, rows: &[(&str, &str, &str, &str, &str)]) {
    let mut store = Store::open(&k.config.store.path).unwrap();
    let rs: Vec<Reservation> = rows
        .iter()
        .map(|(conf, last, arrival, departure, status)| {
            let record = ReservationRecord {
                confirmation: (*conf).into(),
                last_name: (*last).into(),
                first_name: "Test".into(),
                arrival: (*arrival).into(),
                departure: (*departure).into(),
                phone: Some("+44 7400 123977".into()),
                status: (*status).into(),
                room: Some("101".into()),
                ..Default::default()
            };
            Reservation::from_record(&record, "GB").unwrap()
        })
        .collect();
    store.upsert_reservations(&rs, k.clock.now()).unwrap();
}

/// Locks LK4822 with wrong codes through the guest journey.
async fn lock_lk4822(k: &DemoKiosk, j: &Journey) {
    let f = found(j, "LK4822", "Ostergaard").await;
    for _ in 0..2 {
        let sent = send(j, &f.handle, Purpose::CheckIn, "en").await;
        let code = k.last_code();
        let mut last = None;
        for _ in 0..5 {
            last = Some(j.verify(&sent.challenge, wrong(&code)).await.unwrap());
        }
        if last == Some(CheckResult::Locked) {
            return;
        }
        k.clock.advance(Duration::from_secs(120));
    }
    panic!("LK4822 did not lock");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_wrong_pins_cool_down_across_a_restart_then_the_right_pin_names_the_staff() {
    let k = DemoKiosk::new();
    {
        let desk = StaffDesk::new(k.journey());
        for _ in 0..4 {
            assert_eq!(
                desk.login("000000".into()).await.unwrap(),
                LoginOutcome::Wrong { cooldown: None }
            );
        }
        assert_eq!(
            desk.login("000000".into()).await.unwrap(),
            LoginOutcome::Wrong {
                cooldown: Some(Duration::from_secs(60))
            }
        );
        assert!(matches!(
            desk.login(PIN.into()).await.unwrap(),
            LoginOutcome::CoolingDown { .. }
        ));
    }
    // A restart (a fresh store connection, journey and desk) does not reset the cool-down.
    let desk = StaffDesk::new(k.journey());
    k.clock.advance(Duration::from_secs(30));
    match desk.login(PIN.into()).await.unwrap() {
        LoginOutcome::CoolingDown { retry_after } => {
            assert!(retry_after <= Duration::from_secs(30), "{retry_after:?}")
        }
        other => panic!("still cooling down after a restart: {other:?}"),
    }
    k.clock.advance(Duration::from_secs(31));
    let session = staff(&desk).await;
    assert_eq!(session.name(), STAFF);
    let events = k.journal();
    let login = last_of(&events, "staff_login");
    assert_eq!(login.data["staff"], STAFF);
    assert_eq!(login.data["kiosk"], "lobby-1");
    let failed = last_of(&events, "staff_login_failed");
    assert_eq!(failed.data["failures"], 5);
    assert_eq!(failed.data["cooldown_s"], 60);
    assert!(k.events.load(Ordering::SeqCst) > 0, "sync is woken");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_booking_is_listed_masked_and_staff_unlock_lets_a_new_code_verify() {
    let k = DemoKiosk::new();
    let j = k.journey();
    let desk = StaffDesk::new(j.clone());
    let s = staff(&desk).await;
    assert!(desk.locked().await.unwrap().is_empty());
    lock_lk4822(&k, &j).await;

    let locked = desk.locked().await.unwrap();
    assert_eq!(locked.len(), 1, "{locked:?}");
    let l = &locked[0];
    assert_eq!(l.confirmation, "LK4822");
    assert_eq!(l.guest, "S. Ø•••");
    assert!(l.locked_until > k.clock.now());
    let masked = l.masked_phone.as_deref().expect("a masked phone");
    assert!(
        masked.starts_with("+45") && masked.replace(' ', "").ends_with("402"),
        "{masked}"
    );
    let shown = format!(
        "{} {} {} {}",
        l.confirmation, l.guest, masked, l.locked_until
    );
    for secret in [
        "Østergaard",
        "Ostergaard",
        "Søren",
        "20123402",
        "+4520123402",
    ] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let found_locked = desk.find("LK4822").await.unwrap();
    assert!(found_locked[0].locked, "the search flags the lock too");

    assert!(matches!(
        desk.unlock(&s, "lk-4822", "  ").await.unwrap_err(),
        DeskError::ReasonRequired
    ));
    assert!(matches!(
        desk.unlock(&s, "ZZ0000", "typo").await.unwrap_err(),
        DeskError::NoSuchReservation(_)
    ));
    assert!(
        desk.unlock(&s, "lk-4822", "guest showed passport")
            .await
            .unwrap()
    );
    assert!(desk.locked().await.unwrap().is_empty());
    assert!(!desk.find("LK4822").await.unwrap()[0].locked);
    let events = k.journal();
    let unlocked = last_of(&events, "unlocked");
    assert_eq!(unlocked.reservation.as_deref(), Some("LK4822"));
    assert_eq!(unlocked.data["staff"], STAFF);
    assert_eq!(unlocked.data["reason"], "guest showed passport");
    assert_eq!(unlocked.data["was_locked"], true);

    let f = found(&j, "LK4822", "Ostergaard").await;
    let sent = send(&j, &f.handle, Purpose::CheckIn, "en").await;
    assert_eq!(
        j.verify(&sent.challenge, k.last_code()).await.unwrap(),
        CheckResult::Verified
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn find_by_confirmation_or_last_name_skips_cancelled_and_departed() {
    let k = DemoKiosk::new();
    add(
        &k,
        &[
            ("ZT1", "Zéta", "2026-11-25", "2026-11-27", "confirmed"),
            ("ZT2", "Zeta", "2026-11-20", "2026-11-24", "checked_in"),
            ("ZT3", "ZETA", "2026-11-25", "2026-11-26", "cancelled"),
            (
                "ZT4",
                "Zeta-Jones",
                "2026-11-23",
                "2026-11-25",
                "checked_in",
            ),
            ("ZT5", "Zetamann", "2026-11-22", "2026-11-26", "checked_in"),
            ("LI1", "Lindqvist", "2026-11-25", "2026-11-26", "confirmed"),
        ],
    );
    let desk = StaffDesk::new(k.journey());

    let by_number = desk.find(" lk-4821 ").await.unwrap();
    assert_eq!(by_number.len(), 1, "{by_number:?}");
    let r = &by_number[0];
    assert_eq!(r.confirmation, "LK4821");
    assert_eq!(
        (r.first_name.as_str(), r.last_name.as_str()),
        ("Ana", "García López")
    );
    assert_eq!(r.room.as_deref(), Some("412"));
    assert_eq!(r.masked_phone.as_deref(), Some("+34 ••• ••• 601"));
    assert!(!r.locked);

    let by_name = desk.find("garcia lopez").await.unwrap();
    assert_eq!(by_name.len(), 1);
    assert_eq!(by_name[0].confirmation, "LK4821");
    assert_eq!(
        desk.find("GARCÍA").await.unwrap().len(),
        1,
        "a prefix finds it"
    );

    // Departed (ZT2) and cancelled (ZT3) are left out; departing today (ZT4) is still here.
    let zeta: Vec<String> = desk
        .find("ZETA")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.confirmation)
        .collect();
    // The exact name first, then longer names alphabetically (ZETAJONES before ZETAMANN).
    assert_eq!(zeta, ["ZT1", "ZT4", "ZT5"]);
    // Under three letters only whole names match: "Li" is Li Wei, not Lindqvist.
    let li: Vec<String> = desk
        .find("li")
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.confirmation)
        .collect();
    assert_eq!(li, ["LK4846"]);
    assert_eq!(desk.find("lin").await.unwrap()[0].confirmation, "LI1");
    assert!(desk.find("LK4841").await.unwrap().is_empty(), "cancelled");
    assert!(desk.find("ZT2").await.unwrap().is_empty(), "departed");
    assert!(desk.find(" - ").await.unwrap().is_empty());
    // In-house guests and future arrivals are found.
    assert_eq!(desk.find("Tanaka").await.unwrap().len(), 1);
    assert_eq!(desk.find("LK4846").await.unwrap().len(), 1);
    // Staff are not rate-limited like guests: many misses in a row still answer.
    for i in 0..40 {
        assert!(desk.find(&format!("NOBODY{i}")).await.unwrap().is_empty());
    }
    assert!(!desk.find("Silva").await.unwrap().is_empty());
    assert!(!k.kinds().iter().any(|x| x == "lookup_failed"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_photo_id_check_checks_the_guest_in_without_a_code() {
    let k = DemoKiosk::new();
    add(
        &k,
        &[("DP1", "Gone", "2026-11-20", "2026-11-24", "confirmed")],
    );
    let desk = StaffDesk::new(k.journey());
    let s = staff(&desk).await;
    assert!(matches!(
        desk.verify_by_id(&s, "LK4821", DocumentType::Passport, "")
            .await
            .unwrap_err(),
        DeskError::ReasonRequired
    ));
    let check = desk
        .verify_by_id(&s, "lk-4821", DocumentType::Passport, "phone battery dead")
        .await
        .unwrap();
    let done = desk.check_in(check, "en").await.unwrap();
    assert!(
        matches!(done.completion, Completion::CheckedIn { ref room, already: false } if room == "412"),
        "{:?}",
        done.completion
    );
    assert_eq!(done.details.first_name, "Ana");
    assert!(done.details.directions.is_some());

    let events = k.journal();
    let override_ = last_of(&events, "staff_override");
    assert_eq!(override_.data["action"], "photo_id_check");
    let checked_in = last_of(&events, "checked_in");
    assert_eq!(checked_in.reservation.as_deref(), Some("LK4821"));
    assert_eq!(checked_in.data["method"], "photo_id");
    assert_eq!(checked_in.data["staff"], STAFF);
    assert_eq!(checked_in.data["reason"], "phone battery dead");
    assert_eq!(checked_in.data["document_type"], "passport");
    assert_eq!(checked_in.data["purpose"], "check_in");
    assert!(
        !k.kinds().iter().any(|x| x == "otp_sent"),
        "no code was sent"
    );

    // A future arrival, a departed stay and a cancelled booking: refused, nothing written.
    let future = desk
        .verify_by_id(&s, "LK4846", DocumentType::NationalId, "early guest")
        .await
        .unwrap();
    let departed = desk
        .verify_by_id(&s, "DP1", DocumentType::DrivingLicence, "late guest")
        .await
        .unwrap();
    let before = k.journal().len();
    let err = desk.check_in(future, "en").await.unwrap_err();
    assert!(matches!(err, DeskError::NotArrivingToday { .. }), "{err}");
    assert!(err.to_string().contains("2026-11-28"), "{err}");
    let err = desk.check_in(departed, "en").await.unwrap_err();
    assert!(matches!(err, DeskError::Departed { .. }), "{err}");
    assert_eq!(k.journal().len(), before, "nothing written");
    assert!(matches!(
        desk.verify_by_id(&s, "LK4841", DocumentType::Passport, "x")
            .await
            .unwrap_err(),
        DeskError::NoSuchReservation(_)
    ));
    let store = Store::open(&k.config.store.path).unwrap();
    let status = |c: &str| store.reservation(c).unwrap().unwrap().status;
    assert_eq!(status("LK4846"), lobby_kiosk::store::Status::Confirmed);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_phone_change_sends_the_next_code_to_the_new_number_and_voids_the_old_one() {
    let k = DemoKiosk::new();
    let j = k.journey();
    let desk = StaffDesk::new(j.clone());
    let s = staff(&desk).await;
    let f = found(&j, "LK4823", "Strasse").await;
    let old = send(&j, &f.handle, Purpose::CheckIn, "de").await;
    let old_code = k.last_code();
    assert_eq!(read_outbox(&k.outbox()).unwrap()[0].to, "+4915123456702");

    let check = desk
        .verify_by_id(&s, "LK4823", DocumentType::NationalId, "new phone")
        .await
        .unwrap();
    for (bad, why) in [
        ("not a number", "garbage"),
        ("+44 20 7946 0020", "a landline"),
    ] {
        assert!(
            matches!(
                desk.change_phone(&check, bad, "new phone")
                    .await
                    .unwrap_err(),
                DeskError::BadPhone(_)
            ),
            "{why}"
        );
    }
    let masked = desk
        .change_phone(&check, "+44 7400 123958", "guest has a new phone")
        .await
        .unwrap();
    assert!(
        masked.starts_with("+44") && masked.ends_with("958"),
        "{masked}"
    );
    assert!(!masked.contains("7400123"), "{masked}");

    assert_eq!(
        j.verify(&old.challenge, old_code).await.unwrap(),
        CheckResult::Closed,
        "the code sent to the old number no longer works"
    );
    // The old number is told, once, in the guest's language, without a link (NIST SP
    // 800-63B-4: notify on an authenticator change).
    let notice = wait_for_notice(&k).await;
    assert_eq!(notice.data["notice"], "phone_changed");
    assert_eq!(notice.data["outcome"], "sent");
    assert_eq!(j.send_due_notices().await.unwrap(), 0, "sent once only");
    let outbox = read_outbox(&k.outbox()).unwrap();
    assert_eq!(outbox.len(), 2, "the code, then the notice");
    assert_eq!(
        outbox[1].to, "+4915123456702",
        "the notice goes to the old number"
    );
    assert!(
        outbox[1].text.contains("geändert"),
        "German: {}",
        outbox[1].text
    );
    assert!(!outbox[1].text.contains("http"), "{}", outbox[1].text);

    let f = found(&j, "LK4823", "Strasse").await;
    assert!(f.masked_phone.as_deref().unwrap().ends_with("958"));
    let new = match j
        .send_code(&f.handle, Purpose::CheckIn, "de")
        .await
        .unwrap()
    {
        SendResult::Sent(s) => s,
        other => panic!("{other:?}"),
    };
    let outbox = read_outbox(&k.outbox()).unwrap();
    assert_eq!(outbox.len(), 3);
    assert_eq!(
        outbox[2].to, "+447400123958",
        "the new code goes to the new number"
    );
    assert_eq!(
        j.verify(&new.challenge, k.last_code()).await.unwrap(),
        CheckResult::Verified
    );
    let events = k.journal();
    let updated = last_of(&events, "contact_updated");
    assert_eq!(updated.data["staff"], STAFF);
    assert_eq!(updated.data["reason"], "guest has a new phone");
    assert_eq!(updated.data["new_phone"], "+447400123958");
    assert!(
        !updated.data["old_phone"]
            .as_str()
            .unwrap()
            .contains("15123456702")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_health_shows_a_failure_before_and_after_a_restart() {
    let k = DemoKiosk::new().with_down_gateway(false);
    {
        let j = k.journey();
        let desk = StaffDesk::new(j.clone());
        let f = found(&j, "LK4824", "Wrobel").await;
        send(&j, &f.handle, Purpose::CheckIn, "en").await;
        let health = desk.health().await.unwrap();
        assert!(health.sync.is_none(), "[upstream] is off");
        let names: Vec<&str> = health.gateways.iter().map(|g| g.name.as_str()).collect();
        assert_eq!(names, ["down", "demo"]);
        let down = &health.gateways[0];
        assert_eq!(down.kind, "http");
        assert!(down.last_failure.is_some() && down.last_success.is_none());
        assert_eq!(down.consecutive_failures, 1);
        assert_eq!(down.breaker, BreakerState::Closed);
        assert!(down.last_error.is_some());
        let demo = &health.gateways[1];
        assert!(demo.last_success.is_some() && demo.last_failure.is_none());
    }
    // After a restart the breakers start afresh, but the journal still knows what happened.
    let desk = StaffDesk::new(k.journey());
    let health = desk.health().await.unwrap();
    let down = &health.gateways[0];
    assert_eq!(down.consecutive_failures, 0);
    assert_eq!(down.last_failure, Some(k.clock.now()));
    let error = down.last_error.as_deref().expect("the journaled error");
    assert!(!error.is_empty());
    assert_eq!(health.gateways[1].last_success, Some(k.clock.now()));
    assert_eq!(health.gateways[1].last_failure, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sync_health_is_shown_when_upstream_is_on() {
    let dir = tempfile::tempdir().unwrap();
    // Nothing listens there: health only reads what the sync worker recorded.
    let shipped =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/kiosk.toml")).unwrap();
    let staff_table =
        &shipped[shipped.find("\n[[staff]]").unwrap()..shipped.find("[success]").unwrap()];
    let path = support::write_config(dir.path(), "http://127.0.0.1:9", 10, 1000, 60, staff_table);
    let config = std::sync::Arc::new(Config::load(&path).unwrap());
    let store = Store::open(&config.store.path).unwrap();
    let chain = GatewayChain::from_config(&config.gateways).unwrap();
    let clock = std::sync::Arc::new(lobby_kiosk::clock::SystemClock);
    let journey = Journey::new(config, store, chain, clock, std::sync::Arc::new(|| {})).unwrap();
    let desk = StaffDesk::new(journey);
    let s = staff(&desk).await;
    desk.logout(&s, LogoutCause::Left).await.unwrap();
    let sync = desk.health().await.unwrap().sync.expect("upstream is on");
    assert_eq!(
        sync.backlog, 2,
        "staff_login and staff_logout wait for sync"
    );
    assert!(sync.last_success.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_sms_success_and_failure_are_journaled_with_the_number_masked() {
    let k = DemoKiosk::new();
    let desk = StaffDesk::new(k.journey());
    let s = staff(&desk).await;
    let sent = desk.send_test_sms(&s, "+44 7400 123958").await.unwrap();
    assert_eq!(sent.gateway, "demo");
    assert!(sent.masked_to.ends_with("958") && !sent.masked_to.contains("7400123"));
    let outbox = read_outbox(&k.outbox()).unwrap();
    assert_eq!(outbox.last().unwrap().to, "+447400123958");
    let events = k.journal();
    let ok = last_of(&events, "staff_override");
    assert_eq!(ok.data["action"], "test_sms");
    assert_eq!(ok.data["staff"], STAFF);
    assert_eq!(ok.data["gateway"], "demo");
    assert_eq!(ok.data["outcome"], "accepted");
    assert!(ok.data["to"].as_str().unwrap().ends_with("958"));

    let k = k.with_down_gateway(true);
    assert_eq!(k.config.gateways.len(), 1);
    let desk = StaffDesk::new(k.journey());
    let err = desk.send_test_sms(&s, "+44 7400 123958").await.unwrap_err();
    assert!(matches!(err, DeskError::TestSmsFailed(_)), "{err}");
    let message = err.to_string();
    assert!(message.contains("down"), "names the gateway: {message}");
    assert!(!message.contains("7400123958"), "{message}");
    let events = k.journal();
    let failed = last_of(&events, "staff_override");
    assert_eq!(failed.data["action"], "test_sms");
    assert_eq!(failed.data["gateway"], "down");
    assert_eq!(failed.data["outcome"], "connect", "{}", failed.data);
    assert!(failed.data["to"].as_str().unwrap().ends_with("958"));

    assert!(matches!(
        desk.send_test_sms(&s, "nonsense").await.unwrap_err(),
        DeskError::BadPhone(_)
    ));
    assert_eq!(
        last_of(&k.journal(), "staff_override").data["outcome"],
        "bad_number"
    );
    let all = serde_json::to_string(&k.journal()).unwrap();
    assert!(!all.contains("7400123958"), "full number journaled: {all}");
}

/// The `outcome` of every staff test SMS journaled, oldest first.
fn test_sms_outcomes(k: &DemoKiosk) -> Vec<String> {
    k.journal()
        .into_iter()
        .filter(|e| e.kind == "staff_override" && e.data["action"] == "test_sms")
        .map(|e| e.data["outcome"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_sms_gets_the_guest_number_checks_and_at_most_ten_an_hour() {
    let k = DemoKiosk::new()
        .with_config(|t| t.replace("allowed_countries = []", r#"allowed_countries = ["PT"]"#));
    let desk = StaffDesk::new(k.journey());
    let s = staff(&desk).await;
    // A UK premium-rate number and a UK mobile, from a kiosk that texts Portugal only.
    for to in ["+449098790879", "+44 7400 123958"] {
        let err = desk.send_test_sms(&s, to).await.unwrap_err();
        assert!(matches!(err, DeskError::TestSmsRefused(_)), "{err}");
        let message = err.to_string();
        assert!(message.contains("allowed_countries (PT)"), "{message}");
        assert!(!message.contains("9098790879"), "{message}");
    }
    assert!(read_outbox(&k.outbox()).unwrap_or_default().is_empty());
    for _ in 0..10 {
        desk.send_test_sms(&s, "+351 912 345 678").await.unwrap();
    }
    let err = desk.send_test_sms(&s, "+351912345678").await.unwrap_err();
    assert!(matches!(err, DeskError::TestSmsRefused(_)), "{err}");
    assert!(
        err.to_string()
            .contains("already sent 10 test SMS in the last hour"),
        "{err}"
    );
    assert_eq!(read_outbox(&k.outbox()).unwrap().len(), 10);
    let mut want = vec!["country_not_allowed"; 2];
    want.extend(["accepted"; 10]);
    want.push("test_limit");
    assert_eq!(test_sms_outcomes(&k), want);
    // The limit is a sliding hour, kept in the database.
    k.clock.advance(Duration::from_secs(3601));
    let desk = StaffDesk::new(k.journey());
    desk.send_test_sms(&s, "+351912345678").await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn test_sms_counts_toward_the_kiosk_cap_the_guests_share() {
    let k = DemoKiosk::new().with_config(|t| {
        t.replace(
            "# sends_per_kiosk_per_hour = 60",
            "sends_per_kiosk_per_hour = 3",
        )
    });
    let j = k.journey();
    let desk = StaffDesk::new(j.clone());
    let s = staff(&desk).await;
    for _ in 0..3 {
        desk.send_test_sms(&s, "+351912345678").await.unwrap();
    }
    // The kiosk's hour is used up: a guest goes to the desk, and a fourth test is refused.
    let f = found(&j, "LK4821", "Garcia Lopez").await;
    assert_eq!(
        j.send_code(&f.handle, Purpose::CheckIn, "en")
            .await
            .unwrap(),
        SendResult::SeeDesk(DeskReason::SendLimit)
    );
    let err = desk.send_test_sms(&s, "+351912345678").await.unwrap_err();
    assert!(
        err.to_string().contains("sends_per_kiosk_per_hour = 3"),
        "{err}"
    );
    assert_eq!(read_outbox(&k.outbox()).unwrap().len(), 3);
    assert_eq!(
        test_sms_outcomes(&k),
        ["accepted", "accepted", "accepted", "kiosk_cap"]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recent_events_never_show_a_phone_a_last_name_or_a_code() {
    let k = DemoKiosk::new();
    let j = k.journey();
    let desk = StaffDesk::new(j.clone());
    let s = staff(&desk).await;
    let f = found(&j, "LK4821", "Garcia Lopez").await;
    let sent = send(&j, &f.handle, Purpose::CheckIn, "es").await;
    let code = k.last_code();
    j.verify(&sent.challenge, wrong(&code)).await.unwrap();
    // Events that do carry personal data (a phone change carries the new number in full).
    let check = desk
        .verify_by_id(&s, "LK4821", DocumentType::Passport, "new phone")
        .await
        .unwrap();
    desk.change_phone(&check, "+44 7400 123958", "new phone")
        .await
        .unwrap();
    // The change notice to the old number goes out in the background: let it land first, so
    // the event appended below is the newest.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    while !k.kinds().iter().any(|kind| kind == "security_notice") {
        assert!(std::time::Instant::now() < deadline, "{:?}", k.kinds());
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    {
        let mut store = Store::open(&k.config.store.path).unwrap();
        store
            .journal_append(
                k.clock.now(),
                lobby_kiosk::store::EventKind::AssistanceRequested,
                Some("LK4821"),
                json!({"cause": "guest_request", "last_name": "García López", "first_name": "Ana",
                       "phone": "+34612345601", "email": "ana.garcia@example.es", "code": code,
                       "token": "dk-lk4821-7f3a", "note": {"phone": "+34612345601"}}),
            )
            .unwrap();
    }
    let lines = desk.recent_events(100).await.unwrap();
    let all = k.journal();
    assert_eq!(lines.len(), all.len());
    assert_eq!(lines[0].seq, all.last().unwrap().seq, "newest first");
    assert!(lines.windows(2).all(|w| w[0].seq > w[1].seq));
    assert_eq!(desk.recent_events(3).await.unwrap().len(), 3);
    let shown = format!("{lines:?}");
    for secret in [
        "612345601",
        "7400123958",
        "García",
        "Garcia",
        "LOPEZ",
        "ana.garcia",
        code.as_str(),
        "dk-lk4821",
        "LK4821",
    ] {
        assert!(
            !shown.contains(secret),
            "{secret} in recent events: {shown}"
        );
    }
    let assistance = &lines[0];
    assert_eq!(assistance.kind, "assistance_requested");
    assert_eq!(assistance.reservation.as_deref(), Some("•••821"));
    assert_eq!(assistance.detail, "cause=guest_request");
    let change = lines.iter().find(|l| l.kind == "contact_updated").unwrap();
    assert_eq!(change.staff.as_deref(), Some(STAFF));
    assert!(
        change.detail.contains("reason=new phone"),
        "{}",
        change.detail
    );
    assert!(
        change.detail.contains("document_type=passport"),
        "{}",
        change.detail
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_and_logout_are_journaled_with_the_staff_member() {
    let k = DemoKiosk::new();
    let desk = StaffDesk::new(k.journey());
    let s = staff(&desk).await;
    let woken = k.events.load(Ordering::SeqCst);
    desk.logout(&s, LogoutCause::Timeout).await.unwrap();
    desk.logout(&s, LogoutCause::Left).await.unwrap();
    desk.exit(&s).await.unwrap();
    assert!(
        k.events.load(Ordering::SeqCst) >= woken + 3,
        "sync woken after each"
    );
    let events = k.journal();
    let logouts: Vec<&JournalEvent> = events.iter().filter(|e| e.kind == "staff_logout").collect();
    assert_eq!(logouts.len(), 2);
    assert_eq!(
        logouts[0].data,
        json!({"staff": STAFF, "kiosk": "lobby-1", "cause": "timeout"})
    );
    assert_eq!(logouts[1].data["cause"], "left");
    let exited = last_of(&events, "kiosk_exited");
    assert_eq!(exited.data, json!({"staff": STAFF, "kiosk": "lobby-1"}));
    assert_eq!(exited.reservation, None);
    let audit: i64 = Store::open(&k.config.store.path)
        .unwrap()
        .conn()
        .query_row(
            "SELECT COUNT(*) FROM staff_audit WHERE staff = ?1 AND kind IN ('staff_logout', 'kiosk_exited')",
            [STAFF],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, 3, "in the staff audit view");
}

/// A security notice that fails over is two SMS attempts: the claim counted the first, the
/// failover permit counts the second, like a guest code's.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_notice_that_fails_over_counts_each_attempt_toward_the_caps() {
    let k = DemoKiosk::new().with_down_gateway(false);
    let j = k.journey();
    let desk = StaffDesk::new(j.clone());
    let s = match desk.login(support::live::PIN.into()).await.unwrap() {
        LoginOutcome::LoggedIn(s) => s,
        other => panic!("{other:?}"),
    };
    let check = desk
        .verify_by_id(&s, "LK4823", DocumentType::NationalId, "new phone")
        .await
        .unwrap();
    desk.change_phone(&check, "+44 7400 123958", "guest has a new phone")
        .await
        .unwrap();
    let notice = wait_for_notice(&k).await;
    assert_eq!(notice.data["outcome"], "sent", "{}", notice.data);
    let store = Store::open(&k.config.store.path).unwrap();
    let sends = lobby_kiosk::otp::limits::count_in_window(
        store.conn(),
        lobby_kiosk::otp::limits::Scope::SendKiosk,
        &k.config.kiosk.id,
        k.clock.now().as_millisecond(),
        std::time::Duration::from_secs(3600),
    )
    .unwrap();
    assert_eq!(sends, 2, "the down gateway, then the one that took it");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_see_names_the_fonts_cannot_draw_in_a_form_they_can() {
    let k = DemoKiosk::new();
    add(
        &k,
        &[
            ("GN1", "髙橋", "2026-11-25", "2026-11-27", "confirmed"),
            (
                "GN2",
                "\u{2A6A5}田",
                "2026-11-25",
                "2026-11-27",
                "confirmed",
            ),
            ("GN3", "김", "2026-11-25", "2026-11-27", "confirmed"),
        ],
    );
    let desk = StaffDesk::new(k.journey());
    let last = |conf: &'static str| {
        let desk = &desk;
        async move { desk.find(conf).await.unwrap()[0].last_name.clone() }
    };
    assert_eq!(last("GN1").await, "高橋", "the everyday form of 髙");
    assert_eq!(
        last("GN2").await,
        "〓田",
        "the geta mark for a kanji with none"
    );
    assert_eq!(last("GN3").await, "Gim", "romanised Hangul");
}
