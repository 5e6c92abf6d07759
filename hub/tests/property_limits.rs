//! Limits counted across the property's kiosks: two real kiosk processes syncing with one hub,
//! their codes asked for and mistyped through the kiosk's own lookup and OTP engine. Once the
//! property reaches a wrong-code limit, every kiosk gets a lock of that path's scope; once it
//! reaches a send cap (per booking or per phone), every kiosk holds that path's sends. Offline,
//! each kiosk keeps its own limits.

mod support;

use lobby_kiosk::lookup::Query;
use lobby_kiosk::otp::{OtpError, SendCap};
use support::guest::AtKiosk;
use support::hub::{Hub, client};
use support::kiosk::{Kiosk, ok};
use support::pg::{self, Postgres};

const LEE: Query = Query::Confirmation {
    confirmation: "ABC123",
    last_name: "Lee",
};
const LEE_BY_NAME: Query = Query::Name {
    last_name: "Lee",
    first_name: "Kim",
};
const ROE: Query = Query::Confirmation {
    confirmation: "DEF456",
    last_name: "Roe",
};

/// Publishes today's arrivals at the hub: Kim Lee and Jo Roe share one mobile number.
fn import_arrivals(hub: &Hub, today: jiff::civil::Date) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("arrivals.csv");
    let out = today.tomorrow().unwrap();
    std::fs::write(
        &file,
        format!(
            "confirmation,last_name,first_name,arrival,departure,phone,status,room\n\
             ABC123,Lee,Kim,{today},{out},+447400123958,confirmed,101\n\
             DEF456,Roe,Jo,{today},{out},+447400123958,confirmed,102\n"
        ),
    )
    .unwrap();
    let done = pg::hub(&hub.db)
        .args(["import-reservations", "--country", "GB"])
        .arg(&file)
        .output()
        .unwrap();
    ok(&done);
}

async fn count(db: &str, sql: &str) -> i64 {
    client(db).await.query_one(sql, &[]).await.unwrap().get(0)
}

/// Two kiosks with `otp` settings, synced once so both have the day's arrivals.
fn two_kiosks(hub: &Hub, otp: &str) -> (Kiosk, Kiosk) {
    let k1 = Kiosk::with_otp("lobby-1", &hub.url, &hub.add_kiosk("lobby-1"), otp);
    let k2 = Kiosk::with_otp("lobby-2", &hub.url, &hub.add_kiosk("lobby-2"), otp);
    import_arrivals(hub, AtKiosk::open(&k1).today());
    ok(&k1.sync_once());
    ok(&k2.sync_once());
    (k1, k2)
}

#[track_caller]
fn refused_by_the_property(sent: Result<lobby_kiosk::otp::IssuedCode, OtpError>) {
    match sent {
        Err(OtpError::SendLimit {
            cap: SendCap::Property,
            retry_after,
        }) => assert!(retry_after.as_secs() > 0),
        Err(other) => panic!("refused, but not by the property's count: {other}"),
        Ok(_) => panic!("a code was sent past the property's cap"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_codes_at_two_kiosks_add_up_to_one_lock_at_both() {
    let pg = Postgres::start();
    let hub = Hub::start_with(&pg.database("limits"), &["--lockout-after", "10"]);
    let (k1, k2) = two_kiosks(&hub, "");
    let (mut at1, mut at2) = (AtKiosk::open(&k1), AtKiosk::open(&k2));
    let commands = || count(&hub.db, "SELECT COUNT(*) FROM commands WHERE kind = 'lock'");

    // 6 at one kiosk, 3 at the other (and some on the other path): below the limit.
    at1.wrong_codes(LEE_BY_NAME, 6);
    at1.wrong_codes(LEE, 2);
    ok(&k1.sync_once());
    at2.wrong_codes(LEE_BY_NAME, 3);
    ok(&k2.sync_once());
    assert_eq!(commands().await, 0, "locked below the property-wide limit");
    assert!(k1.status().contains("lockouts     0 active"));

    // The tenth wrong code on the name path, at kiosk 2: both kiosks are locked (scope name).
    at2.wrong_codes(LEE_BY_NAME, 1);
    ok(&k2.sync_once());
    ok(&k1.sync_once());
    assert_eq!(commands().await, 2);
    for k in [&k1, &k2] {
        let s = k.status();
        assert!(s.contains("lockouts     1 active"), "{s}");
    }
    let db = client(&hub.db).await;
    let scopes = db
        .query(
            "SELECT DISTINCT data->>'scope' FROM events WHERE kind = 'locked' AND data ? 'command_id'",
            &[],
        )
        .await
        .unwrap();
    assert_eq!(scopes.len(), 1);
    assert_eq!(
        scopes[0].get::<_, Option<String>>(0).as_deref(),
        Some("name")
    );
    // The lock holds at kiosk 1, which saw only 6 of the 10: no code by name; by booking number
    // the guest still gets one.
    assert!(matches!(
        at1.send_code(LEE_BY_NAME),
        Err(OtpError::Locked { .. })
    ));
    at1.send_code(LEE).unwrap();

    // Failures before the hub's lock do not count again: one more is not a second lock.
    at1.wrong_codes(LEE, 1);
    ok(&k1.sync_once());
    assert_eq!(commands().await, 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_to_one_phone_at_two_kiosks_add_up_to_a_hold_of_every_booking_with_it() {
    let pg = Postgres::start();
    let hub = Hub::start_with(
        &pg.database("phone_sends"),
        &["--sends-per-phone-per-hour", "3"],
    );
    let (k1, k2) = two_kiosks(&hub, "sends_per_phone_per_hour = 3");
    let (mut at1, mut at2) = (AtKiosk::open(&k1), AtKiosk::open(&k2));
    let holds = || {
        count(
            &hub.db,
            "SELECT COUNT(*) FROM commands WHERE kind = 'send_hold'",
        )
    };

    // Two codes for Kim Lee at kiosk 1, one for Jo Roe (the same phone) at kiosk 2: the cap.
    at1.send_code(LEE).unwrap();
    at1.send_code(LEE).unwrap();
    ok(&k1.sync_once());
    assert_eq!(holds().await, 0, "held below the cap");
    at2.send_code(ROE).unwrap();
    ok(&k2.sync_once());
    // Both bookings with that phone, at both kiosks, on the booking-number path.
    assert_eq!(holds().await, 4);
    ok(&k1.sync_once());
    // Kiosk 2 sent that phone one code itself, kiosk 1 two: each would still allow more.
    refused_by_the_property(at2.send_code(LEE));
    refused_by_the_property(at1.send_code(ROE));
    // The name path counts on its own (a stranger there cannot use up the guest's codes).
    at1.send_code(LEE_BY_NAME).unwrap();
    let applied = count(
        &hub.db,
        "SELECT COUNT(*) FROM events WHERE kind = 'sends_held' AND data->>'path' = 'confirmation'",
    )
    .await;
    assert_eq!(applied, 4, "each kiosk journals the holds it applied");
    // No phone number reaches the hub's commands.
    let reasons = client(&hub.db)
        .await
        .query("SELECT reason FROM commands WHERE kind = 'send_hold'", &[])
        .await
        .unwrap();
    for r in reasons {
        let reason: String = r.get(0);
        assert!(!reason.contains("7400"), "{reason}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_for_one_booking_at_two_kiosks_add_up_and_offline_each_kiosk_keeps_its_own_cap() {
    let pg = Postgres::start();
    let mut hub = Hub::start_with(
        &pg.database("booking_sends"),
        &[
            "--sends-per-reservation-per-day",
            "4",
            "--sends-per-phone-per-hour",
            "100",
        ],
    );
    let otp = "sends_per_reservation_per_day = 4\nsends_per_phone_per_hour = 100";
    let (k1, k2) = two_kiosks(&hub, otp);
    let (mut at1, mut at2) = (AtKiosk::open(&k1), AtKiosk::open(&k2));
    let holds = || {
        count(
            &hub.db,
            "SELECT COUNT(*) FROM commands WHERE kind = 'send_hold'",
        )
    };

    for _ in 0..2 {
        at1.send_code(LEE).unwrap();
        at2.send_code(LEE).unwrap();
    }
    ok(&k1.sync_once());
    assert_eq!(holds().await, 0);
    ok(&k2.sync_once());
    assert_eq!(holds().await, 2, "one booking, two kiosks");
    ok(&k1.sync_once());
    refused_by_the_property(at1.send_code(LEE));
    refused_by_the_property(at2.send_code(LEE));
    // Another booking is not held.
    at1.send_code(ROE).unwrap();

    // The hub goes away: kiosk 1 still stops Jo Roe at its own cap of 4.
    hub.stop();
    for _ in 0..3 {
        at1.send_code(ROE).unwrap();
    }
    let offline = k1.sync_once();
    assert_eq!(offline.status.code(), Some(1), "{offline:?}");
    match at1.send_code(ROE) {
        Err(OtpError::SendLimit {
            cap: SendCap::Reservation,
            ..
        }) => {}
        other => panic!("offline, the kiosk's own cap: {:?}", other.map(|_| ())),
    }
}
