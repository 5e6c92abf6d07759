//! `lobby-hub import-reservations FILE`: the kiosk's CSV/JSON columns, all or nothing with
//! `FILE:LINE` errors, published to the arrivals feed only when a record changed.

mod support;

use serde_json::json;
use support::caller::Caller;
use support::hub::{Hub, client};
use support::pg::{self, Postgres};

const CSV: &str = "confirmation,last_name,first_name,arrival,departure,phone,status,room\n\
    ZZ-1,<script>alert(1)</script>,Kim,2026-11-25,2026-11-26,07400 123958,confirmed,101\n\
    ZZ2,Roe,Jo,2026-11-25,2026-11-27,,pending,\n";

fn import(db: &str, file: &std::path::Path) -> std::process::Output {
    pg::hub(db)
        .args(["import-reservations", "--country", "GB"])
        .arg(file)
        .output()
        .unwrap()
}

async fn feed_rows(db: &str) -> Vec<(String, i64)> {
    client(db)
        .await
        .query(
            "SELECT confirmation, version FROM arrivals ORDER BY confirmation",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_import_is_published_to_the_kiosks_and_reimporting_changes_only_what_changed() {
    let pg = Postgres::start();
    let hub = Hub::start(&pg.database("import"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("arrivals.csv");
    std::fs::write(&file, CSV).unwrap();
    let out = import(&hub.db, &file);
    assert!(out.status.success(), "{out:?}");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        said.contains("2 reservation(s) published (2 new or changed, 0 unchanged)"),
        "{said}"
    );

    let k = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let (status, answer) = k.get("/v1/arrivals", &[]).await;
    assert_eq!(status, 200);
    let first = &answer["reservations"][0];
    // Served as data, exactly as imported (the phone in E.164); escaping is the display's job.
    assert_eq!(first["confirmation"], "ZZ-1");
    assert_eq!(first["last_name"], "<script>alert(1)</script>");
    assert_eq!(first["phone"], "+447400123958");
    assert_eq!(first["room_ready"], true);
    let cursor = answer["cursor"].as_str().unwrap().to_owned();

    let before = feed_rows(&hub.db).await;
    let out = import(&hub.db, &file);
    assert!(String::from_utf8_lossy(&out.stdout).contains("(0 new or changed, 2 unchanged)"));
    assert_eq!(
        feed_rows(&hub.db).await,
        before,
        "an unchanged record got a new version"
    );
    assert_eq!(
        k.get("/v1/arrivals", &[("since", &cursor)]).await.1["reservations"],
        json!([])
    );

    std::fs::write(&file, CSV.replace("Roe,Jo", "Roe,Joanna")).unwrap();
    let out = import(&hub.db, &file);
    assert!(String::from_utf8_lossy(&out.stdout).contains("(1 new or changed, 1 unchanged)"));
    let (_, delta) = k.get("/v1/arrivals", &[("since", &cursor)]).await;
    assert_eq!(delta["reservations"].as_array().unwrap().len(), 1);
    assert_eq!(delta["reservations"][0]["first_name"], "Joanna");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_row_imports_nothing_and_names_file_and_line() {
    let pg = Postgres::start();
    let hub = Hub::start(&pg.database("badimport"));
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("arrivals.json");
    std::fs::write(
        &file,
        r#"[
  {"confirmation": "A1", "last_name": "Lee", "first_name": "Kim", "arrival": "2026-11-25",
   "departure": "2026-11-26", "status": "confirmed"},
  {"confirmation": "A2", "last_name": "Roe", "first_name": "Jo", "arrival": "2026-11-25",
   "departure": "2026-11-27", "status": "confirmed", "adults": "2"}
]"#,
    )
    .unwrap();
    let out = import(&hub.db, &file);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("{}:4:", file.display())), "{err}");
    assert!(err.contains("nothing was imported"), "{err}");
    assert!(feed_rows(&hub.db).await.is_empty());

    let out = import(&hub.db, &dir.path().join("missing.csv"));
    assert_eq!(out.status.code(), Some(2), "{out:?}");
}
