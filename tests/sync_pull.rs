//! Pulling arrivals and taking remote commands from a real protocol v1 server on 127.0.0.1,
//! plus retention and the background loop.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;
use lobby_kiosk::store::{EventKind, Status, Store};
use lobby_kiosk::sync::{Outcome, REMOTE_LOCK_REASON, apply_retention, sync_status};
use rusqlite::params;
use serde_json::{Value, json};
use support::Rig;
use support::upstream::{Endpoint, Fault};

fn record(conf: &str, last: &str, room: &str) -> Value {
    json!({"confirmation": conf, "last_name": last, "first_name": "Ana", "arrival": "2026-11-25",
           "departure": "2026-11-27", "phone": "+44 7400 123958", "status": "confirmed", "room": room})
}

fn events_of(store: &Store, kind: EventKind) -> Vec<lobby_kiosk::store::JournalEvent> {
    store
        .journal_since(0, 10_000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == kind.as_str())
        .collect()
}

#[tokio::test]
async fn pull_moves_the_cursor_upserts_removes_and_never_downgrades() {
    let rig = Rig::new(100, 2000);
    rig.server
        .publish("ABC123", record("ABC-123", "García", "412"));
    rig.server.publish("XYZ789", record("XYZ789", "Lee", "101"));
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(report.outcome, Outcome::Done);
    assert_eq!(report.pull.upserted, 2);
    let store = rig.store();
    assert_eq!(
        store
            .reservation("ABC123")
            .unwrap()
            .unwrap()
            .room
            .as_deref(),
        Some("412")
    );
    assert_eq!(
        store
            .reservation("XYZ789")
            .unwrap()
            .unwrap()
            .phone
            .as_deref(),
        Some("+447400123958")
    );
    // First call carries no cursor; the next carries the one stored with the data.
    assert_eq!(rig.server.requests(Endpoint::Arrivals)[0].query, None);
    rig.syncer().run_once().await.unwrap();
    assert_eq!(
        rig.server.requests(Endpoint::Arrivals)[1].query.as_deref(),
        Some("v2")
    );
    assert_eq!(
        sync_status(&store, rig.now()).unwrap().cache_age,
        Some(Duration::ZERO)
    );

    // Checked in here; the PMS still says confirmed and moves the room; XYZ is cancelled upstream.
    Store::set_status_in(store.conn(), "ABC123", Status::CheckedIn, rig.now()).unwrap();
    rig.server
        .publish("ABC123", record("ABC123", "García", "500"));
    rig.server.remove("XYZ789");
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!((report.pull.upserted, report.pull.removed), (1, 1));
    let abc = store.reservation("ABC123").unwrap().unwrap();
    assert_eq!(
        (abc.status, abc.room.as_deref()),
        (Status::CheckedIn, Some("500"))
    );
    assert!(store.reservation("XYZ789").unwrap().is_none());
    assert_eq!(
        rig.server.requests(Endpoint::Arrivals)[2].query.as_deref(),
        Some("v2")
    );
    assert_eq!(rig.server.requests(Endpoint::Arrivals)[3..].len(), 0);
    rig.syncer().run_once().await.unwrap();
    assert_eq!(
        rig.server.requests(Endpoint::Arrivals)[3].query.as_deref(),
        Some("v4")
    );
}

#[tokio::test]
async fn a_bad_record_is_skipped_and_journaled_without_stalling_the_cursor() {
    let rig = Rig::new(100, 2000);
    let mut bad_phone = record("BAD001", "Smith", "7");
    bad_phone["phone"] = json!("12 34");
    let mut wrong_type = record("BAD002", "Jones", "8");
    wrong_type["last_name"] = json!(42);
    let mut unknown = record("BAD003", "Brown", "9");
    unknown["passport"] = json!("X123");
    rig.server.publish("BAD001", bad_phone);
    rig.server.publish("GOOD01", record("GOOD01", "Lee", "101"));
    rig.server.publish("BAD002", wrong_type);
    rig.server.publish("BAD003", unknown);
    // A PMS that put a note with a name and a number in the status and a name in the date.
    let mut misplaced = record("BAD004", "Whitfield", "10");
    misplaced["status"] = json!("VIP Rose Whitfield +447400123977");
    let mut no_date = record("BAD005", "Whitfield", "11");
    no_date["arrival"] = json!("Rose Whitfield");
    rig.server.publish("BAD004", misplaced);
    rig.server.publish("BAD005", no_date);
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!((report.pull.upserted, report.pull.rejected), (1, 5));
    let store = rig.store();
    assert!(store.reservation("GOOD01").unwrap().is_some());
    assert!(store.reservation("BAD001").unwrap().is_none());
    let rejected = events_of(&store, EventKind::PullRejected);
    let by_conf = |c: &str| {
        rejected
            .iter()
            .find(|e| e.reservation.as_deref() == Some(c))
            .unwrap()
            .data["reason"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(by_conf("BAD001"), "phone: not a valid phone number");
    assert!(by_conf("BAD002").contains("wrong type"));
    assert!(
        by_conf("BAD003") == "a field that is not in the v1 reservation format",
        "{}",
        by_conf("BAD003")
    );
    // No personal data from the bad records in the journal.
    let text = serde_json::to_string(&rejected).unwrap();
    assert!(
        by_conf("BAD004").starts_with("status: "),
        "{}",
        by_conf("BAD004")
    );
    assert!(
        by_conf("BAD005").starts_with("arrival: "),
        "{}",
        by_conf("BAD005")
    );
    for pii in [
        "12 34",
        "Smith",
        "Jones",
        "Brown",
        "X123",
        "7400",
        "Rose",
        "Whitfield",
    ] {
        assert!(!text.contains(pii), "{pii} leaked: {text}");
    }
    // The cursor moved past them, and the rejections went upstream in the same cycle.
    rig.syncer().run_once().await.unwrap();
    assert_eq!(
        rig.server.requests(Endpoint::Arrivals)[1].query.as_deref(),
        Some("v6")
    );
    assert_eq!(rig.server.event_count(), 5);
}

#[tokio::test]
async fn offline_keeps_the_last_cache_and_shows_its_age() {
    let rig = Rig::new(100, 2000);
    rig.server
        .publish("ABC123", record("ABC123", "García", "412"));
    rig.syncer().run_once().await.unwrap();
    rig.clock.advance(Duration::from_secs(3 * 3600));
    rig.server.fault(Endpoint::Arrivals, Fault::Status(502));
    let report = rig.syncer().run_once().await.unwrap();
    assert!(matches!(report.outcome, Outcome::Transient { .. }));
    let store = rig.store();
    assert!(store.reservation("ABC123").unwrap().is_some());
    let status = sync_status(&store, rig.now()).unwrap();
    assert_eq!(status.cache_age, Some(Duration::from_secs(3 * 3600)));
    assert!(
        status.to_string().contains("arrivals cache: 3 h 0 min old"),
        "{status}"
    );
}

use lobby_kiosk::otp::limits::{LookupPath, locked_for};

fn lockout(store: &Store, r: &str) -> Option<(i64, i64, String)> {
    store
        .conn()
        .query_row(
            "SELECT locked_ms, until_ms, reason FROM lockouts WHERE reservation = ?1",
            params![r],
            |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)),
        )
        .ok()
}

#[tokio::test]
async fn commands_apply_once_with_their_journal_event_and_cursor() {
    let rig = Rig::new(100, 2000);
    let store = rig.store();
    let now_ms = rig.now().as_millisecond();
    store
        .conn()
        .execute(
            "INSERT OR REPLACE INTO lockouts (reservation, locked_ms, until_ms, reason) VALUES ('ABC123', ?1, ?2, 'otp_attempts')",
            params![now_ms, now_ms + 3_600_000],
        )
        .unwrap();
    rig.server.command(json!({"id": "c-41", "kind": "unlock", "reservation": "abc-123", "staff": "Ana", "reason": "ID checked at desk"}));
    rig.server.command(json!({"id": "c-42", "kind": "lock", "reservation": "XYZ789", "staff": "hub", "reason": "locked on lobby-2"}));
    rig.server
        .command(json!({"id": "c-43", "kind": "wipe_everything", "reservation": "ABC123"}));
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(
        (
            report.commands.applied,
            report.commands.rejected,
            report.commands.duplicates
        ),
        (2, 1, 0)
    );
    assert!(
        locked_for(store.conn(), "ABC123", LookupPath::Confirmation, now_ms)
            .unwrap()
            .is_none(),
        "the remote unlock lifted the lock"
    );
    let (locked, until, reason) = lockout(&store, "XYZ789").unwrap();
    assert_eq!(
        (locked, until - locked, reason.as_str()),
        (now_ms, 3_600_000, REMOTE_LOCK_REASON)
    );
    let overrides = events_of(&store, EventKind::StaffOverride);
    assert_eq!(overrides.len(), 1);
    assert_eq!(overrides[0].reservation.as_deref(), Some("ABC123"));
    assert_eq!(overrides[0].data["command_id"], "c-41");
    assert_eq!(overrides[0].data["staff"], "Ana");
    assert_eq!(overrides[0].data["reason"], "ID checked at desk");
    let locks = events_of(&store, EventKind::Locked);
    assert_eq!(
        (locks.len(), locks[0].data["command_id"].as_str()),
        (1, Some("c-42"))
    );
    let rejected = events_of(&store, EventKind::CommandRejected);
    assert_eq!(rejected[0].data["command_id"], "c-43");
    assert!(
        rejected[0].data["reason"]
            .as_str()
            .unwrap()
            .contains("unknown command kind")
    );
    // Acknowledged through the push in the same cycle.
    assert_eq!(rig.server.event_count(), 3);
    assert_eq!(rig.server.event(1).unwrap()["data"]["command_id"], "c-41");

    // The next poll asks after the last id; a redelivery of everything changes nothing, even
    // though the reservation got locked again locally meanwhile.
    rig.syncer().run_once().await.unwrap();
    assert_eq!(
        rig.server
            .requests(Endpoint::Commands)
            .last()
            .unwrap()
            .query
            .as_deref(),
        Some("c-43")
    );
    store
        .conn()
        .execute(
            "INSERT OR REPLACE INTO lockouts (reservation, locked_ms, until_ms, reason) VALUES ('ABC123', ?1, ?2, 'otp_attempts')",
            params![now_ms, now_ms + 60_000],
        )
        .unwrap();
    rig.server
        .fault(Endpoint::Commands, Fault::RedeliverCommands);
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(
        (
            report.commands.applied,
            report.commands.rejected,
            report.commands.duplicates
        ),
        (0, 0, 3)
    );
    assert!(
        locked_for(store.conn(), "ABC123", LookupPath::Confirmation, now_ms)
            .unwrap()
            .is_some(),
        "a duplicate unlock must not apply again"
    );
    assert_eq!(store.journal_stats().unwrap().events, 3);
}

#[tokio::test]
async fn a_relayed_lock_never_shortens_a_longer_local_one() {
    let rig = Rig::new(100, 2000);
    let store = rig.store();
    let now_ms = rig.now().as_millisecond();
    let long = now_ms + 10 * 3_600_000;
    store
        .conn()
        .execute(
            "INSERT OR REPLACE INTO lockouts (reservation, locked_ms, until_ms, reason) VALUES ('ABC123', ?1, ?2, 'otp_attempts')",
            params![now_ms, long],
        )
        .unwrap();
    rig.server
        .command(json!({"id": "c-1", "kind": "lock", "reservation": "ABC123"}));
    rig.syncer().run_once().await.unwrap();
    assert_eq!(lockout(&store, "ABC123").unwrap().1, long);
}

#[tokio::test]
async fn retention_blanks_old_synced_events_and_drops_long_departed_reservations() {
    let rig = Rig::new(100, 2000);
    let mut store = rig.store();
    let old: Timestamp = "2026-09-01T10:00:00Z".parse().unwrap();
    let data =
        json!({"phone": "+447400123958", "name": "Ana García", "staff": "Bo", "reason": "ID"});
    store
        .journal_append(old, EventKind::ContactUpdated, Some("OLD001"), data.clone())
        .unwrap();
    // Departed 2026-11-10 (15 days ago) → dropped; 2026-11-20 (5 days) → kept. Its lock stays.
    let mut gone = record("GONE01", "Lee", "1");
    gone["arrival"] = json!("2026-11-08");
    gone["departure"] = json!("2026-11-10");
    let mut recent = record("KEEP01", "Lee", "2");
    recent["arrival"] = json!("2026-11-18");
    recent["departure"] = json!("2026-11-20");
    rig.server.publish("GONE01", gone);
    rig.server.publish("KEEP01", recent);
    rig.syncer().run_once().await.unwrap();
    store
        .journal_append(old, EventKind::ContactUpdated, Some("OLD002"), data.clone())
        .unwrap();
    store
        .conn()
        .execute(
            "INSERT OR REPLACE INTO lockouts (reservation, locked_ms, until_ms, reason) VALUES ('GONE01', 0, 9999999999999, 'otp_attempts')",
            [],
        )
        .unwrap();

    let report = apply_retention(&mut store, &rig.config, rig.now()).unwrap();
    assert_eq!((report.events_blanked, report.reservations_deleted), (1, 1));
    let all = store.journal_since(0, 10).unwrap();
    assert!(all[0].data["phone"].is_null() && all[0].data["name"].is_null());
    assert_eq!(all[0].data["staff"], "Bo");
    assert_eq!(
        all[1].data["phone"], "+447400123958",
        "unsynced: kept until upstream has it"
    );
    assert!(store.reservation("GONE01").unwrap().is_none());
    assert!(store.reservation("KEEP01").unwrap().is_some());
    assert!(lockout(&store, "GONE01").is_some());

    // With upstream off, old events are blanked whether synced or not.
    let mut offline = (*rig.config).clone();
    offline.upstream = None;
    assert_eq!(
        apply_retention(&mut store, &offline, rig.now())
            .unwrap()
            .events_blanked,
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_syncs_at_once_when_woken_and_stops_on_shutdown() {
    // An hour-long interval: only the wake-up can explain a prompt push.
    let rig = Rig::with(100, 2000, 3600);
    let rig = Arc::new(rig);
    let wake = Arc::new(tokio::sync::Notify::new());
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let worker = {
        let rig = Arc::clone(&rig);
        let wake = Arc::clone(&wake);
        tokio::spawn(async move { rig.syncer().run(wake, shutdown).await })
    };
    let wait_for = |n: i64| {
        let rig = Arc::clone(&rig);
        async move {
            for _ in 0..100 {
                if rig.server.event_count() == n {
                    return true;
                }
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            false
        }
    };
    // The first cycle runs at start.
    assert!(wait_for(0).await);
    tokio::time::sleep(Duration::from_millis(200)).await;
    rig.append(2);
    wake.notify_one();
    assert!(wait_for(2).await, "woken loop did not push");
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(2), worker)
        .await
        .expect("loop stops on shutdown")
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_loop_notices_another_process_commit_without_a_wake_up() {
    // `kiosk sync` alone: a long interval and a `Notify` nobody fires, so only the
    // `data_version` poll can explain a push within two seconds.
    let rig = Arc::new(Rig::with(100, 2000, 600));
    let (stop, shutdown) = tokio::sync::watch::channel(false);
    let worker = {
        let rig = Arc::clone(&rig);
        let wake = Arc::new(tokio::sync::Notify::new());
        tokio::spawn(async move { rig.syncer().run(wake, shutdown).await })
    };
    // Let the first cycle (at start, nothing to push) finish.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(rig.server.requests(Endpoint::Events).len(), 0);
    // Written through a second connection, as the GUI process would.
    let ids = rig.append(3);
    let started = std::time::Instant::now();
    while rig.server.event_count() < 3 && started.elapsed() < Duration::from_secs(2) {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let mut sorted = ids;
    sorted.sort();
    assert_eq!(rig.server.event_ids(), sorted, "not pushed within 2 s");
    stop.send(true).unwrap();
    tokio::time::timeout(Duration::from_secs(5), worker)
        .await
        .expect("worker stops on shutdown")
        .unwrap();
}

#[tokio::test]
async fn a_pulled_check_out_or_no_show_closes_the_booking_even_over_a_local_check_in() {
    use lobby_kiosk::lookup::{self, LookupContext, LookupOutcome, Query};
    let rig = Rig::new(100, 2000);
    rig.server
        .publish("ABC123", record("ABC-123", "García", "412"));
    rig.server.publish("XYZ789", record("XYZ789", "Lee", "101"));
    rig.syncer().run_once().await.unwrap();
    let mut store = rig.store();
    // Checked in here; then the PMS says she left early, and that Lee never came.
    Store::set_status_in(store.conn(), "ABC123", Status::CheckedIn, rig.now()).unwrap();
    let mut left = record("ABC123", "García", "412");
    left["status"] = json!("checked_out");
    let mut never_came = record("XYZ789", "Lee", "101");
    never_came["status"] = json!("no_show");
    rig.server.publish("ABC123", left);
    rig.server.publish("XYZ789", never_came);
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!((report.pull.upserted, report.pull.rejected), (2, 0));
    let status = |c: &str| store.reservation(c).unwrap().unwrap().status;
    assert_eq!(status("ABC123"), Status::CheckedOut);
    assert_eq!(status("XYZ789"), Status::NoShow);

    let ctx = LookupContext::from_config(&rig.config);
    let mut ask = |q: Query<'_>| lookup::lookup(&mut store, &ctx, rig.now(), q).unwrap();
    for (c, last) in [("ABC123", "García"), ("XYZ789", "Lee"), ("NOPE01", "Lee")] {
        assert_eq!(
            ask(Query::Confirmation {
                confirmation: c,
                last_name: last
            }),
            LookupOutcome::NotFound,
            "{c}"
        );
    }
}

#[tokio::test]
async fn an_unlock_pad_command_opens_the_staff_pin_pad_exactly_once() {
    use lobby_kiosk::staff::{PadState, pad};
    let rig = Rig::new(100, 2000);
    let store = rig.store();
    let lock_pad = |at_ms: i64| {
        for _ in 0..pad::LOCK_AFTER {
            pad::record_wrong(store.conn(), "lobby-1", at_ms).unwrap();
        }
    };
    let now_ms = rig.now().as_millisecond();
    lock_pad(now_ms);
    assert!(matches!(
        pad::state(store.conn(), "lobby-1", now_ms).unwrap(),
        PadState::Locked { .. }
    ));
    rig.server.command(json!({"id": "p-1", "kind": "unlock-pad", "staff": "Rui (IT)", "reason": "Ana forgot her PIN"}));
    rig.server
        .command(json!({"id": "p-2", "kind": "unlock-pad", "reason": "who knows"}));
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(
        (report.commands.applied, report.commands.rejected),
        (1, 1),
        "an unlock-pad that names no staff is refused"
    );
    assert_eq!(
        pad::state(store.conn(), "lobby-1", now_ms).unwrap(),
        PadState::Open
    );
    let overrides = events_of(&store, EventKind::StaffOverride);
    assert_eq!(overrides.len(), 1);
    let data = &overrides[0].data;
    assert_eq!(data["action"], "unlock_pad");
    assert_eq!(data["command_id"], "p-1");
    assert_eq!(data["staff"], "Rui (IT)");
    assert_eq!(data["reason"], "Ana forgot her PIN");
    assert_eq!(data["was_locked"], true);
    assert_eq!(overrides[0].reservation, None);
    let rejected = events_of(&store, EventKind::CommandRejected);
    assert!(
        rejected[0].data["reason"]
            .as_str()
            .unwrap()
            .contains("needs both staff and reason")
    );
    // Locked again; a redelivery of the same command does not open it.
    lock_pad(now_ms + 1);
    rig.server
        .fault(Endpoint::Commands, Fault::RedeliverCommands);
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(
        (report.commands.applied, report.commands.duplicates),
        (0, 2)
    );
    assert!(matches!(
        pad::state(store.conn(), "lobby-1", now_ms + 1).unwrap(),
        PadState::Locked { .. }
    ));
}
