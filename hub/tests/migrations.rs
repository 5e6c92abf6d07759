//! Versioned migrations on a real PostgreSQL: from empty, from every earlier version, idempotent,
//! and a schema newer than the binary is refused.

mod support;

use lobby_hub::{HubError, db, migrate};
use support::pg::Postgres;

async fn tables(pool: &deadpool_postgres::Pool) -> Vec<String> {
    let client = pool.get().await.unwrap();
    client
        .query(
            "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
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
