//! Protocol v1 (docs/upstream.md) against a real hub process on a real PostgreSQL: tokens,
//! deduplication, lock relay, the arrivals cursor, commands by id, bad input and a restart.

mod support;

use serde_json::{Value, json};
use support::caller::{Caller, event};
use support::hub::{Hub, client};
use support::pg::{self, Postgres};

fn ids(v: &Value) -> Vec<String> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_str().unwrap().to_owned())
        .collect()
}

fn setup(name: &str) -> (Postgres, Hub) {
    let pg = Postgres::start();
    let db = pg.database(name);
    let hub = Hub::start(&db);
    (pg, hub)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tokens_are_shown_once_stored_hashed_bound_to_the_kiosk_and_revocable() {
    let (_pg, hub) = setup("tokens");
    let token = hub.add_kiosk("lobby-1");
    let db = client(&hub.db).await;
    let stored: Vec<u8> = db
        .query_one(
            "SELECT token_sha256 FROM kiosks WHERE name = 'lobby-1'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(stored, lobby_hub::token::hash(&token));
    let dump: String = db
        .query_one("SELECT row_to_json(k)::text FROM kiosks k", &[])
        .await
        .unwrap()
        .get(0);
    assert!(!dump.contains(&token[4..]), "the token itself is stored");

    let k1 = Caller::new(&hub, "lobby-1", &token);
    assert_eq!(k1.get("/v1/commands", &[]).await.0, 200);
    let wrong_id = Caller::new(&hub, "lobby-2", &token);
    assert_eq!(wrong_id.get("/v1/commands", &[]).await.0, 403);
    let unknown = Caller::new(&hub, "lobby-1", "lh1_0000");
    assert_eq!(unknown.get("/v1/arrivals", &[]).await.0, 401);

    let again = pg::hub(&hub.db)
        .args(["kiosk", "add", "lobby-1"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    let bad = pg::hub(&hub.db)
        .args(["kiosk", "add", "lobby 1"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2), "{bad:?}");

    let out = pg::hub(&hub.db)
        .args(["kiosk", "revoke", "lobby-1"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(k1.get("/v1/commands", &[]).await.0, 401);
    assert_eq!(k1.push(json!([])).await.0, 401);
    // A new token for the same kiosk id works; the old one stays refused.
    let fresh = hub.add_kiosk("lobby-1");
    assert_eq!(
        Caller::new(&hub, "lobby-1", &fresh)
            .get("/v1/commands", &[])
            .await
            .0,
        200
    );
    assert_eq!(k1.get("/v1/commands", &[]).await.0, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn events_are_deduplicated_by_id_and_a_lock_is_relayed_once_to_each_sibling() {
    let (_pg, hub) = setup("dedup");
    let k1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let k2 = Caller::new(&hub, "lobby-2", &hub.add_kiosk("lobby-2"));
    let k3 = Caller::new(&hub, "lobby-3", &hub.add_kiosk("lobby-3"));
    let lock = event(
        "e-3",
        3,
        "locked",
        Some("ABC123"),
        json!({"until": "2026-11-25T19:00:00.000Z", "reason": "too_many_failures",
               "scope": "name", "source": "kiosk", "failures": 5, "kiosk": "lobby-1"}),
    );
    let batch = json!([
        event("e-1", 1, "otp_sent", Some("ABC123"), json!({})),
        event(
            "e-2",
            2,
            "otp_failed",
            Some("ABC123"),
            json!({"failures": 5})
        ),
        lock.clone(),
    ]);
    let (status, answer) = k1.push(batch.clone()).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer["accepted"]), ["e-1", "e-2", "e-3"]);
    // The same batch again (the kiosk missed the answer), plus a duplicate inside one batch.
    let mut again = batch.as_array().unwrap().clone();
    again.push(lock.clone());
    again.push(event(
        "e-4",
        4,
        "checked_in",
        Some("ABC123"),
        json!({"room": "412"}),
    ));
    let (status, answer) = k1.push(Value::Array(again)).await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer["accepted"]), ["e-1", "e-2", "e-3", "e-4"]);

    let db = client(&hub.db).await;
    let row = db
        .query_one("SELECT COUNT(*), SUM(deliveries) FROM events", &[])
        .await
        .unwrap();
    assert_eq!(row.get::<_, i64>(0), 4);
    assert_eq!(row.get::<_, i64>(1), 7);

    // The lock reached each sibling once, with its scope, never the kiosk that made it.
    for k in [&k2, &k3] {
        let (status, answer) = k.get("/v1/commands", &[]).await;
        assert_eq!(status, 200);
        let commands = answer["commands"].as_array().unwrap();
        assert_eq!(commands.len(), 1, "{answer}");
        assert_eq!(commands[0]["kind"], "lock");
        assert_eq!(commands[0]["reservation"], "ABC123");
        assert_eq!(commands[0]["scope"], "name");
        assert_eq!(commands[0]["reason"], "locked on lobby-1");
    }
    assert_eq!(k1.get("/v1/commands", &[]).await.1["commands"], json!([]));

    // A relayed lock coming back (it carries command_id) is not relayed again.
    let (_, answer) = k2.get("/v1/commands", &[]).await;
    let command_id = answer["commands"][0]["id"].as_str().unwrap().to_owned();
    let echo = event(
        "k2-1",
        1,
        "locked",
        Some("ABC123"),
        json!({"command_id": command_id, "staff": "hub", "reason": "locked on lobby-1",
               "until": "2026-11-25T19:00:00.000Z", "scope": "name", "source": "upstream"}),
    );
    assert_eq!(k2.push(json!([echo])).await.0, 200);
    let n: i64 = db
        .query_one("SELECT COUNT(*) FROM commands", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 2);
    // A lock from before scopes (no scope) is relayed without one.
    let old = event(
        "e-5",
        5,
        "locked",
        Some("XYZ789"),
        json!({"source": "kiosk"}),
    );
    assert_eq!(k1.push(json!([old])).await.0, 200);
    let (_, answer) = k2.get("/v1/commands", &[("after", &command_id)]).await;
    assert_eq!(answer["commands"].as_array().unwrap().len(), 1, "{answer}");
    assert!(answer["commands"][0].get("scope").is_none(), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_are_delivered_in_order_after_an_id_and_again_for_an_unknown_one() {
    let (_pg, hub) = setup("commands");
    let k1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let k2 = Caller::new(&hub, "lobby-2", &hub.add_kiosk("lobby-2"));
    let locks: Vec<Value> = (1..=3)
        .map(|i| {
            event(
                &format!("e-{i}"),
                i,
                "locked",
                Some(&format!("R{i}")),
                json!({"scope": "all"}),
            )
        })
        .collect();
    assert_eq!(k1.push(Value::Array(locks)).await.0, 200);
    let (_, all) = k2.get("/v1/commands", &[]).await;
    let got: Vec<&str> = all["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reservation"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["R1", "R2", "R3"]);
    let first = all["commands"][0]["id"].as_str().unwrap();
    let (_, rest) = k2.get("/v1/commands", &[("after", first)]).await;
    assert_eq!(rest["commands"].as_array().unwrap().len(), 2);
    assert_eq!(rest["commands"][0], all["commands"][1]);
    let last = all["commands"][2]["id"].as_str().unwrap();
    assert_eq!(
        k2.get("/v1/commands", &[("after", last)]).await.1["commands"],
        json!([])
    );
    // An id this kiosk never got (another kiosk's, or from another upstream) redelivers all.
    let (_, again) = k2.get("/v1/commands", &[("after", "c-999999")]).await;
    assert_eq!(again["commands"], all["commands"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn arrivals_come_with_an_opaque_repeatable_cursor() {
    let (_pg, hub) = setup("arrivals");
    let k1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let db = client(&hub.db).await;
    let record = |c: &str| {
        json!({"confirmation": c, "last_name": "Doe", "first_name": "Jo", "arrival": "2026-11-25",
               "departure": "2026-11-27", "status": "confirmed"})
        .to_string()
    };
    for c in ["ABC-1", "ABC-2"] {
        db.execute(
            "INSERT INTO arrivals (confirmation, record, version, source)
             VALUES ($1, $2::text::jsonb, nextval('arrivals_version'), 'test')",
            &[&c, &record(c)],
        )
        .await
        .unwrap();
    }
    let (status, first) = k1.get("/v1/arrivals", &[]).await;
    assert_eq!(status, 200, "{first}");
    assert_eq!(first["reservations"].as_array().unwrap().len(), 2);
    let cursor = first["cursor"].as_str().unwrap().to_owned();
    let (_, none) = k1.get("/v1/arrivals", &[("since", &cursor)]).await;
    assert_eq!(none["reservations"], json!([]));
    assert_eq!(none["cursor"], cursor.as_str());
    // A change and a removal after the cursor; the same cursor gives the same answer twice.
    db.execute(
        "UPDATE arrivals SET record = NULL, version = nextval('arrivals_version') WHERE confirmation = 'ABC-1'",
        &[],
    )
    .await
    .unwrap();
    let (_, a) = k1.get("/v1/arrivals", &[("since", &cursor)]).await;
    let (_, b) = k1.get("/v1/arrivals", &[("since", &cursor)]).await;
    assert_eq!(a, b);
    assert_eq!(a["removed"], json!(["ABC-1"]));
    assert_eq!(a["reservations"], json!([]));
    // A cursor this hub never issued starts over rather than stalling the kiosk.
    let (status, reset) = k1.get("/v1/arrivals", &[("since", "v17")]).await;
    assert_eq!(status, 200);
    assert_eq!(reset["reservations"].as_array().unwrap().len(), 1);
    assert_eq!(reset["removed"], json!(["ABC-1"]));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_pushes_get_clear_errors_and_bad_events_are_rejected_alone() {
    let (_pg, hub) = setup("bad");
    let k1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let (status, body) = k1.push_raw("{\"events\": 7}".into()).await;
    assert_eq!(status, 400);
    assert!(
        body.as_str().unwrap().contains("not a protocol v1 push"),
        "{body}"
    );
    let (status, _) = k1.push_raw("not json".into()).await;
    assert_eq!(status, 400);
    let (status, _) = k1
        .push_raw(json!({"kiosk_id": "lobby-9", "events": []}).to_string())
        .await;
    assert_eq!(status, 403);
    let mut bad_time = event("e-2", 2, "otp_sent", None, json!({}));
    bad_time["occurred_at"] = json!("yesterday");
    let (status, answer) = k1
        .push(json!([
            event("e-1", 1, "otp_sent", None, json!({})),
            bad_time,
            event("e-3", 3, "otp_sent", None, json!([1, 2])),
            event(
                "e-4",
                4,
                "checked_in",
                None,
                json!({"name": "<script>alert(1)</script>"})
            ),
        ]))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer["accepted"]), ["e-1", "e-4"]);
    let rejected = answer["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2);
    assert_eq!(rejected[0]["id"], "e-2");
    assert!(rejected[0]["reason"].as_str().unwrap().contains("RFC 3339"));
    assert_eq!(rejected[1]["id"], "e-3");
    // A kiosk clock hours off is absorbed: its time is kept as sent, the hub's beside it.
    let mut skewed = event("e-5", 5, "otp_sent", None, json!({}));
    skewed["occurred_at"] = json!("2026-11-26T03:00:00.000Z");
    assert_eq!(ids(&k1.push(json!([skewed])).await.1["accepted"]), ["e-5"]);

    // What PostgreSQL cannot store is refused event by event, never by failing the batch
    // (the kiosk would retry it for ever and push nothing after it).
    let mut deep = json!("x");
    for _ in 0..40 {
        deep = json!({ "d": deep });
    }
    let (status, answer) = k1
        .push(json!([
            event("e-6", 6, "otp_sent", None, json!({"note": "a\u{0}b"})),
            event("e-7", 7, "otp_sent", None, deep),
            event("e-8", 8, "otp_sent", Some(&"R".repeat(65)), json!({})),
            event("e-9\u{0}", 9, "otp_sent", None, json!({})),
            event(
                "e-10",
                10,
                "otp_sent",
                None,
                json!({"fine": {"nested": [1, {"ok": "\\u0000 as text"}]}})
            ),
        ]))
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(ids(&answer["accepted"]), ["e-10"]);
    let reasons: Vec<&str> = answer["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["reason"].as_str().unwrap())
        .collect();
    assert_eq!(reasons.len(), 4, "{answer}");
    assert!(
        reasons[0].contains("NUL") && reasons[3].contains("NUL"),
        "{reasons:?}"
    );
    assert!(
        reasons[1].contains("deeper") && reasons[2].contains("64"),
        "{reasons:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_upload_is_not_read_and_stale_commands_are_not_delivered() {
    let (_pg, hub) = setup("stranger");
    let token = hub.add_kiosk("lobby-1");
    let big = "x".repeat(3 * 1024 * 1024);
    let stranger = Caller::new(&hub, "lobby-1", "lh1_guessed");
    assert_eq!(
        stranger.push_raw(big.clone()).await.0,
        401,
        "refused before the body is read"
    );
    let k1 = Caller::new(&hub, "lobby-1", &token);
    assert_eq!(k1.push_raw(big).await.0, 413);
    // The scheme's case does not matter (RFC 9110).
    let lower = reqwest::Client::new()
        .get(format!("{}/v1/commands", hub.url))
        .header("authorization", format!("bearer {token}"))
        .header("x-kiosk-id", "lobby-1")
        .send()
        .await
        .unwrap();
    assert_eq!(lower.status(), 200);

    // A kiosk starting afresh gets the commands of the last day, not older stale locks.
    let db = client(&hub.db).await;
    db.batch_execute(
        "INSERT INTO commands (kiosk, kind, reservation, staff, reason, scope, created_at)
         SELECT id, 'lock', 'OLD001', 'hub', 'old', 'all', now() - interval '2 days' FROM kiosks;
         INSERT INTO commands (kiosk, kind, reservation, staff, reason, scope)
         SELECT id, 'lock', 'NEW001', 'hub', 'new', 'all' FROM kiosks;",
    )
    .await
    .unwrap();
    let (status, answer) = k1.get("/v1/commands", &[]).await;
    assert_eq!(status, 200);
    let got: Vec<&str> = answer["commands"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["reservation"].as_str().unwrap())
        .collect();
    assert_eq!(got, ["NEW001"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_restarted_under_a_hub_loses_nothing_and_applies_nothing_twice() {
    let (pg, hub) = setup("restart");
    let k1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let _k2 = hub.add_kiosk("lobby-2");
    let batch = |from: i64| -> Value {
        (from..from + 50)
            .map(|i| {
                event(
                    &format!("e-{i}"),
                    i,
                    "locked",
                    Some(&format!("R{i}")),
                    json!({}),
                )
            })
            .collect()
    };
    assert_eq!(k1.push(batch(1)).await.0, 200);
    pg.restart();
    // The first push after the restart may meet a dead pooled connection: 503, never a lie.
    let mut answers = Vec::new();
    for _ in 0..20 {
        let (status, answer) = k1.push(batch(51)).await;
        answers.push(status);
        if status == 200 {
            assert_eq!(ids(&answer["accepted"]).len(), 50);
            break;
        }
        assert_eq!(status, 503, "{answer}");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(answers.last(), Some(&200), "{answers:?}");
    // Re-sent after the restart: still accepted, not applied twice.
    assert_eq!(k1.push(batch(1)).await.0, 200);
    let db = client(&hub.db).await;
    let events: i64 = db
        .query_one("SELECT COUNT(*) FROM events", &[])
        .await
        .unwrap()
        .get(0);
    let commands: i64 = db
        .query_one("SELECT COUNT(*) FROM commands", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!((events, commands), (100, 100));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn wrong_codes_pushed_at_once_by_ten_kiosks_through_two_connections_add_up_to_one_lock() {
    let pg = Postgres::start();
    let db = pg.database("concurrent");
    let refused = pg::hub(&db)
        .args(["serve", "--listen", "127.0.0.1:0", "--connections", "0"])
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2), "{refused:?}");
    let hub = Hub::start_with(&db, &["--lockout-after", "10", "--connections", "2"]);
    let mut tasks = Vec::new();
    let callers: Vec<Caller> = (0..10)
        .map(|i| {
            let name = format!("lobby-{i}");
            Caller::new(&hub, &name, &hub.add_kiosk(&name))
        })
        .collect();
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(10));
    for (i, k) in callers.into_iter().enumerate() {
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            let failure = event(
                &format!("f-{i}"),
                1,
                "otp_failed",
                Some("ABC123"),
                json!({"path": "name", "failures": 1, "attempts_left": 2}),
            );
            start.wait().await;
            k.push(json!([failure])).await.0
        }));
    }
    for t in tasks {
        assert_eq!(t.await.unwrap(), 200);
    }
    let c = client(&db).await;
    let locks: i64 = c
        .query_one("SELECT COUNT(*) FROM property_locks", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(locks, 1);
    let commands: i64 = c
        .query_one("SELECT COUNT(*) FROM commands WHERE scope = 'name'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(commands, 10);
    // Ten pushes at once queued for the hub's two connections rather than opening more.
    let connected: i64 = c
        .query_one(
            "SELECT COUNT(*) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert!((1..=2).contains(&connected), "{connected} connections");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn silent_connections_are_capped_per_address_and_closed_when_idle() {
    use std::io::Read;
    // Closed by the hub (end of stream or reset), not a read that merely timed out.
    let closed = |r: std::io::Result<usize>| match r {
        Ok(n) => n == 0,
        Err(e) => e.kind() == std::io::ErrorKind::ConnectionReset,
    };
    let pg = Postgres::start();
    let db = pg.database("guard");
    let hub = Hub::start_with(
        &db,
        &[
            "--max-connections-per-address",
            "20",
            "--idle-timeout-s",
            "2",
        ],
    );
    let k1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let addr = hub.url.trim_start_matches("http://").to_owned();
    // A stranger opens connections and never speaks.
    let silent: Vec<std::net::TcpStream> = (0..20)
        .map(|_| std::net::TcpStream::connect(&addr).unwrap())
        .collect();
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    // Over the cap: the next one from this address is closed at once.
    let mut over = std::net::TcpStream::connect(&addr).unwrap();
    over.set_read_timeout(Some(std::time::Duration::from_secs(1)))
        .unwrap();
    let mut byte = [0u8; 1];
    assert!(closed(over.read(&mut byte)), "closed at once");
    // The silent ones are closed after the idle time, and the kiosk gets through again.
    let started = std::time::Instant::now();
    for mut s in silent {
        s.set_read_timeout(Some(std::time::Duration::from_secs(10)))
            .unwrap();
        assert!(closed(s.read(&mut byte)), "closed when idle");
    }
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(k1.get("/v1/commands", &[]).await.0, 200);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_trickled_a_byte_at_a_time_is_cut_off_at_the_answer_timeout() {
    use std::io::{Read, Write};
    let pg = Postgres::start();
    let db = pg.database("trickle");
    let hub = Hub::start_with(&db, &["--idle-timeout-s", "2", "--answer-timeout-s", "3"]);
    let k1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let addr = hub.url.trim_start_matches("http://").to_owned();
    // Never silent for the idle time: a header byte every 500 ms, the request never finished.
    let mut slow = std::net::TcpStream::connect(&addr).unwrap();
    let started = std::time::Instant::now();
    let request =
        b"GET /v1/commands HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    let mut cut_off = None;
    for byte in request.iter().cycle().take(60) {
        if slow.write_all(&[*byte]).is_err() {
            cut_off = Some(started.elapsed());
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
        slow.set_nonblocking(true).unwrap();
        let mut buf = [0u8; 64];
        let closed = match slow.read(&mut buf) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => e.kind() != std::io::ErrorKind::WouldBlock,
        };
        slow.set_nonblocking(false).unwrap();
        if closed {
            cut_off = Some(started.elapsed());
            break;
        }
    }
    let cut_off = cut_off.expect("the trickling request was never cut off (30 s of bytes)");
    assert!(
        cut_off >= std::time::Duration::from_secs(2) && cut_off < std::time::Duration::from_secs(8),
        "cut off after {cut_off:?}"
    );
    // A kiosk's ordinary requests on one kept-alive connection, spaced under the idle time,
    // are answered and never cut off.
    for _ in 0..3 {
        assert_eq!(k1.get("/v1/commands", &[]).await.0, 200);
        tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    }
}
