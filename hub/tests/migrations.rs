//! Versioned migrations on a real PostgreSQL: from empty, from every earlier version (with the
//! data each held), idempotent, and a schema newer than the binary is refused.

mod support;

use lobby_hub::{HubError, db, migrate};
use support::pg::Postgres;

/// The first column of `sql`'s rows, as text.
async fn texts(pool: &deadpool_postgres::Pool, sql: &str) -> Vec<String> {
    let client = pool.get().await.unwrap();
    let rows = client.query(sql, &[]).await.unwrap();
    rows.iter().map(|r| r.get(0)).collect()
}

async fn tables(pool: &deadpool_postgres::Pool) -> Vec<String> {
    texts(
        pool,
        "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
    )
    .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_run_from_empty_and_from_every_earlier_version() {
    let pg = Postgres::start();
    let empty = db::pool(&pg.database("fresh"), 2).unwrap();
    assert_eq!(migrate::current(&empty).await.unwrap(), 0);
    let all: Vec<i32> = migrate::MIGRATIONS.iter().map(|m| m.0).collect();
    assert_eq!(
        migrate::migrate_to(&empty, migrate::latest())
            .await
            .unwrap(),
        all
    );
    assert_eq!(migrate::current(&empty).await.unwrap(), migrate::latest());
    let want = tables(&empty).await;
    for t in ["arrivals", "commands", "events", "hub_schema", "kiosks"] {
        assert!(want.contains(&t.to_owned()), "{t} missing from {want:?}");
    }
    // Running again applies nothing.
    assert!(
        migrate::migrate_to(&empty, migrate::latest())
            .await
            .unwrap()
            .is_empty()
    );
    migrate::require_latest(&empty).await.unwrap();

    // From every earlier version the result is the same schema.
    for (i, (version, _)) in migrate::MIGRATIONS.iter().enumerate() {
        let pool = db::pool(&pg.database(&format!("from_v{version}")), 2).unwrap();
        assert_eq!(
            migrate::migrate_to(&pool, *version).await.unwrap(),
            all[..=i]
        );
        assert!(migrate::require_latest(&pool).await.is_err() || *version == migrate::latest());
        assert_eq!(
            migrate::migrate_to(&pool, migrate::latest()).await.unwrap(),
            all[i + 1..]
        );
        assert_eq!(tables(&pool).await, want);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schema_newer_than_the_binary_is_refused_with_exit_2() {
    let pg = Postgres::start();
    let url = pg.database("newer");
    let pool = db::pool(&url, 2).unwrap();
    migrate::migrate_to(&pool, migrate::latest()).await.unwrap();
    let future = migrate::latest() + 1;
    pool.get()
        .await
        .unwrap()
        .execute("INSERT INTO hub_schema (version) VALUES ($1)", &[&future])
        .await
        .unwrap();
    let err = migrate::migrate_to(&pool, migrate::latest())
        .await
        .unwrap_err();
    assert!(matches!(err, HubError::NewerSchema { .. }), "{err}");
    let out = support::pg::hub(&url).arg("migrate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("upgrade lobby-hub"),
        "{out:?}"
    );
}

#[test]
fn postgresql_down_is_exit_1_and_a_bad_connection_string_exit_2() {
    let pg = Postgres::start();
    let url = pg.url("postgres");
    pg.stop();
    let out = support::pg::hub(&url).arg("migrate").output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let out = support::pg::hub("port=notanumber")
        .arg("migrate")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}

/// Every column of the public tables, with its type and default: two schemas that print the
/// same are the same for the hub's queries.
async fn columns(pool: &deadpool_postgres::Pool) -> Vec<String> {
    texts(
        pool,
        "SELECT table_name || '.' || column_name || ' ' || data_type || ' ' ||
                is_nullable || ' ' || COALESCE(column_default, '')
         FROM information_schema.columns WHERE table_schema = 'public' ORDER BY 1",
    )
    .await
}

/// Rows a hub at schema 1 holds: a kiosk, an event, an arrival and a command.
async fn seed_v1(pool: &deadpool_postgres::Pool) {
    let client = pool.get().await.unwrap();
    client
        .batch_execute(
            r#"INSERT INTO kiosks (name, token_sha256) VALUES ('lobby-1', '\x00');
               INSERT INTO events (id, kiosk, seq, kind, occurred_at, reservation, data)
                   VALUES ('e-1', 1, 1, 'otp_failed', '2026-11-25T18:00:00.000Z', 'ABC123',
                           '{"path": "name", "phone": "+44•••••••958"}');
               INSERT INTO arrivals (confirmation, record, version, source)
                   VALUES ('ABC123', '{"confirmation": "ABC123", "phone": "+447400123958"}',
                           nextval('arrivals_version'), 'import:seed');
               INSERT INTO commands (kiosk, kind, reservation, staff, reason)
                   VALUES (1, 'unlock', 'ABC123', 'Ana', 'ID checked');"#,
        )
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn data_written_at_every_earlier_version_survives_the_migrations() {
    let pg = Postgres::start();
    let fresh = db::pool(&pg.database("fresh_cols"), 2).unwrap();
    migrate::migrate_to(&fresh, migrate::latest())
        .await
        .unwrap();
    let want = columns(&fresh).await;
    for (version, _) in migrate::MIGRATIONS {
        let pool = db::pool(&pg.database(&format!("seeded_v{version}")), 2).unwrap();
        migrate::migrate_to(&pool, *version).await.unwrap();
        seed_v1(&pool).await;
        if *version >= 2 {
            pool.get()
                .await
                .unwrap()
                .execute(
                    "INSERT INTO property_locks (reservation, scope, failures) VALUES ('ABC123', 'name', 10)",
                    &[],
                )
                .await
                .unwrap();
        }
        migrate::migrate_to(&pool, migrate::latest()).await.unwrap();
        assert_eq!(columns(&pool).await, want, "from version {version}");
        let client = pool.get().await.unwrap();
        let row = client
            .query_one(
                "SELECT (SELECT COUNT(*) FROM kiosks), (SELECT data->>'path' FROM events WHERE id = 'e-1'),
                        (SELECT record->>'phone' FROM arrivals WHERE confirmation = 'ABC123'),
                        (SELECT id FROM commands WHERE kind = 'unlock'),
                        (SELECT blanked FROM events WHERE id = 'e-1')",
                &[],
            )
            .await
            .unwrap();
        assert_eq!(row.get::<_, i64>(0), 1, "from version {version}");
        assert_eq!(row.get::<_, Option<String>>(1).as_deref(), Some("name"));
        assert_eq!(
            row.get::<_, Option<String>>(2).as_deref(),
            Some("+447400123958")
        );
        assert_eq!(row.get::<_, Option<String>>(3).as_deref(), Some("c-1"));
        assert!(
            !row.get::<_, bool>(4),
            "events from before retention are not blanked"
        );
        // The hub works on the upgraded data: a new command takes the next id.
        let next: String = client
            .query_one(
                "INSERT INTO commands (kiosk, kind, reservation, path, hold_s, cap)
                 VALUES (1, 'send_hold', 'ABC123', 'name', 60, 'phone') RETURNING id",
                &[],
            )
            .await
            .unwrap()
            .get(0);
        assert_eq!(next, "c-2");
    }
}
