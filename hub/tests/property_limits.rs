//! Wrong codes counted across the property's kiosks: two real kiosk processes syncing with one
//! hub; once the sum for a booking's lookup path reaches `lockout_after`, every kiosk gets a
//! lock of that path's scope, and a name-path lock leaves the booking-number path open.

mod support;

use support::hub::{Hub, client};
use support::kiosk::{Kiosk, ok, wrong_codes};
use support::pg::Postgres;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_codes_at_two_kiosks_add_up_to_one_lock_at_both() {
    let pg = Postgres::start();
    let hub = Hub::start_with(&pg.database("limits"), &["--lockout-after", "10"]);
    let k1 = Kiosk::new("lobby-1", &hub.url, &hub.add_kiosk("lobby-1"));
    let k2 = Kiosk::new("lobby-2", &hub.url, &hub.add_kiosk("lobby-2"));
    let db = client(&hub.db).await;
    let commands = async || -> i64 {
        db.query_one("SELECT COUNT(*) FROM commands", &[])
            .await
            .unwrap()
            .get(0)
    };

    // 6 at one kiosk, 3 at the other (and some on the other path): below the limit.
    wrong_codes(&k1.db(), "ABC123", "name", 6);
    wrong_codes(&k1.db(), "ABC123", "confirmation", 2);
    ok(&k1.sync_once());
    wrong_codes(&k2.db(), "ABC123", "name", 3);
    ok(&k2.sync_once());
    assert_eq!(commands().await, 0, "locked below the property-wide limit");
    assert!(k1.status().contains("lockouts     0 active"));

    // The tenth wrong code on the name path, at kiosk 2: both kiosks are locked (scope name).
    wrong_codes(&k2.db(), "ABC123", "name", 1);
    ok(&k2.sync_once());
    ok(&k1.sync_once());
    assert_eq!(commands().await, 2);
    for k in [&k1, &k2] {
        let s = k.status();
        assert!(s.contains("lockouts     1 active"), "{s}");
    }
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

    // Failures before the hub's lock do not count again: one more is not a second lock.
    wrong_codes(&k1.db(), "ABC123", "name", 1);
    ok(&k1.sync_once());
    assert_eq!(commands().await, 2);
}
