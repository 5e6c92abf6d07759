//! The kiosk's side: real `kiosk sync --once` processes (the kiosk binary, unchanged) against
//! a real `lobby-hub serve` on a real PostgreSQL. Two kiosks of one property: events arrive
//! once, arrivals reach both, a lock made at one reaches the other with its scope and is not
//! relayed back, and a revoked token is refused.

mod support;

use std::path::Path;

use serde_json::json;
use support::hub::{Hub, client};
use support::kiosk::{Kiosk, ok, text};
use support::pg::{self, Postgres};

/// Publishes two bookings through `lobby-hub import-reservations`.
fn import_arrivals(hub: &Hub, dir: &Path) {
    let file = dir.join("arrivals.csv");
    std::fs::write(
        &file,
        "confirmation,last_name,first_name,arrival,departure,phone,status,room\n\
         ABC-123,García López,Ana,2026-11-01,2099-01-01,+44 7400 123958,confirmed,412\n\
         XYZ-789,Smith,Jo,2026-11-01,2099-01-01,,confirmed,\n",
    )
    .unwrap();
    ok(&pg::hub(&hub.db)
        .args(["import-reservations", "--country", "GB"])
        .arg(&file)
        .output()
        .unwrap());
}

fn journal_lock(db: &Path, reservation: &str, scope: &str) {
    let mut store = lobby_kiosk::store::Store::open(db).unwrap();
    let now = jiff::Timestamp::now();
    store
        .journal_append(
            now,
            lobby_kiosk::store::EventKind::Locked,
            Some(reservation),
            json!({"until": (now + jiff::SignedDuration::from_hours(1)).to_string(),
                   "reason": "too_many_failures", "scope": scope, "source": "kiosk",
                   "failures": 5, "kiosk": "lobby-1"}),
        )
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_kiosks_sync_with_a_real_hub_and_a_lock_at_one_reaches_the_other() {
    let pg = Postgres::start();
    let hub = Hub::start(&pg.database("property"));
    let k1 = Kiosk::new("lobby-1", &hub.url, &hub.add_kiosk("lobby-1"));
    let k2 = Kiosk::new("lobby-2", &hub.url, &hub.add_kiosk("lobby-2"));
    let db = client(&hub.db).await;
    import_arrivals(&hub, k1.dir.path());

    // Kiosk 1 journals a lock it earned; its sync pushes it and pulls the arrivals.
    drop(lobby_kiosk::store::Store::open(&k1.db()).unwrap());
    journal_lock(&k1.db(), "ABC123", "name");
    let report = ok(&k1.sync_once());
    assert!(report.contains("pushed 1 of 1"), "{report}");
    let s1 = k1.status();
    assert!(s1.contains("reservations 2"), "{s1}");
    let from_k1: i64 = db
        .query_one(
            "SELECT COUNT(*) FROM events e JOIN kiosks k ON k.id = e.kiosk
             WHERE k.name = 'lobby-1' AND e.kind = 'locked'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(from_k1, 1);

    // Kiosk 2 gets the arrivals and the relayed lock (scope name), applies it and acknowledges.
    drop(lobby_kiosk::store::Store::open(&k2.db()).unwrap());
    ok(&k2.sync_once());
    let s2 = k2.status();
    assert!(s2.contains("reservations 2"), "{s2}");
    assert!(s2.contains("lockouts     1 active"), "{s2}");
    let ack = db
        .query_one(
            "SELECT e.data->>'command_id', e.data->>'scope', e.data->>'source'
             FROM events e JOIN kiosks k ON k.id = e.kiosk
             WHERE k.name = 'lobby-2' AND e.kind = 'locked'",
            &[],
        )
        .await
        .unwrap();
    let command: String = db
        .query_one("SELECT id FROM commands", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(ack.get::<_, Option<String>>(0), Some(command));
    assert_eq!(ack.get::<_, Option<String>>(1).as_deref(), Some("name"));
    assert_eq!(ack.get::<_, Option<String>>(2).as_deref(), Some("upstream"));

    // Syncing again applies nothing twice and relays nothing back to kiosk 1.
    ok(&k2.sync_once());
    ok(&k1.sync_once());
    let row = db
        .query_one(
            "SELECT (SELECT COUNT(*) FROM commands),
                    (SELECT COUNT(*) FROM events WHERE kind = 'locked')",
            &[],
        )
        .await
        .unwrap();
    assert_eq!((row.get::<_, i64>(0), row.get::<_, i64>(1)), (1, 2));
    assert!(k1.status().contains("lockouts     0 active"));

    // A revoked kiosk is refused: exit 1 and the kiosk's own words for it.
    ok(&pg::hub(&hub.db)
        .args(["kiosk", "revoke", "lobby-2"])
        .output()
        .unwrap());
    let out = k2.sync_once();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains("credentials refused"), "{said}");
}
