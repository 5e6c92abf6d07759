//! Operations on a real PostgreSQL: `status --json` and its exit status, retention of personal
//! data, and `backup` restored with pg_restore.

mod support;

use std::os::unix::fs::PermissionsExt;

use serde_json::{Value, json};
use support::caller::{Caller, event};
use support::hub::{Hub, client};
use support::pg::{self, Postgres};

fn status(db: &str) -> (Option<i32>, Value) {
    let out = pg::hub(db).args(["status", "--json"]).output().unwrap();
    let v = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code(), v)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_is_healthy_only_when_postgresql_answers_and_every_kiosk_syncs() {
    let pg = Postgres::start();
    let hub = Hub::start(&pg.database("status"));
    let (code, s) = status(&hub.db);
    assert_eq!(code, Some(0), "{s}");
    assert_eq!(s["healthy"], true);
    assert_eq!(s["schema_version"], s["schema_latest"]);

    let token = hub.add_kiosk("lobby-1");
    let (code, s) = status(&hub.db);
    assert_eq!(code, Some(1), "{s}");
    assert!(
        s["problems"][0].as_str().unwrap().contains("never synced"),
        "{s}"
    );
    let k = Caller::new(&hub, "lobby-1", &token);
    assert_eq!(k.get("/v1/commands", &[]).await.0, 200);
    let (code, s) = status(&hub.db);
    assert_eq!(code, Some(0), "{s}");
    assert_eq!(s["kiosks"][0]["name"], "lobby-1");
    // Text output for people says the same.
    let out = pg::hub(&hub.db).arg("status").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("healthy"));
    // A token is never part of it.
    assert!(!s.to_string().contains(&token[4..]));

    // A kiosk whose clock runs three hours ahead (locks it applies would end early) is a
    // problem; one pushing a backlog of old events is not.
    let ahead = (jiff::Timestamp::now() + jiff::SignedDuration::from_hours(3)).to_string();
    let old = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(5)).to_string();
    let mut e1 = event("old-1", 1, "otp_sent", None, json!({}));
    e1["occurred_at"] = json!(old);
    assert_eq!(k.push(json!([e1])).await.0, 200);
    let mut e2 = event("now-2", 2, "otp_sent", None, json!({}));
    e2["occurred_at"] = json!(jiff::Timestamp::now().to_string());
    assert_eq!(k.push(json!([e2])).await.0, 200);
    let (code, s) = status(&hub.db);
    assert_eq!(code, Some(0), "a backlog is not a clock: {s}");
    let lobby2 = Caller::new(&hub, "lobby-2", &hub.add_kiosk("lobby-2"));
    let mut e3 = event("ahead-1", 1, "otp_sent", None, json!({}));
    e3["occurred_at"] = json!(ahead);
    assert_eq!(lobby2.push(json!([e3])).await.0, 200);
    let (code, s) = status(&hub.db);
    assert_eq!(code, Some(1), "{s}");
    let problems = s["problems"].to_string();
    assert!(
        problems.contains("lobby-2's clock is 2 h 59 min ahead")
            || problems.contains("lobby-2's clock is 3 h 0 min ahead"),
        "{problems}"
    );
    assert!(!problems.contains("lobby-1"), "{problems}");

    pg.stop();
    let (code, s) = status(&hub.db);
    assert_eq!(code, Some(1), "{s}");
    assert_eq!(s["healthy"], false);
    let out = pg::hub("port=x")
        .args(["status", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_blanks_personal_fields_keeps_the_skeleton_and_drops_departed_bookings() {
    let pg = Postgres::start();
    let hub = Hub::start(&pg.database("retention"));
    let k = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let old_time = (jiff::Timestamp::now() - jiff::SignedDuration::from_hours(24 * 40)).to_string();
    let mut old = event(
        "old",
        1,
        "checked_in",
        Some("ABC123"),
        json!({"room": "412", "last_name": "García", "phone": "+447400123958"}),
    );
    old["occurred_at"] = json!(old_time);
    let new = event(
        "new",
        2,
        "checked_in",
        Some("XYZ789"),
        json!({"last_name": "Lee"}),
    );
    assert_eq!(k.push(json!([old, new])).await.0, 200);
    let db = client(&hub.db).await;
    let today = jiff::Timestamp::now().to_string()[..10].to_owned();
    for (c, departure) in [("GONE1", "2020-01-02"), ("STAY1", "2099-01-02")] {
        let record = json!({"confirmation": c, "last_name": "Doe", "first_name": "Jo",
            "arrival": "2020-01-01", "departure": departure, "status": "confirmed"});
        db.execute(
            "INSERT INTO arrivals (confirmation, record, version, source)
             VALUES ($1, $2::text::jsonb, nextval('arrivals_version'), 'test')",
            &[&c, &record.to_string()],
        )
        .await
        .unwrap();
    }
    let (_, before) = k.get("/v1/arrivals", &[]).await;
    let cursor = before["cursor"].as_str().unwrap().to_owned();
    // The console's: a failed login of two days ago (the name typed) and one of now; a session
    // that ended 40 days ago, and one open now.
    support::hub::add_staff(&hub.db, "anna", "desk", "correct horse battery");
    db.batch_execute(
        "INSERT INTO console_login_failures (name, failed_at) VALUES
             ('Mrs García', now() - interval '2 days'), ('anna', now());
         INSERT INTO console_sessions (token_sha256, staff, csrf, created_at, ended_at) VALUES
             ('\\x01', 'anna', 'x', now() - interval '41 days', now() - interval '40 days'),
             ('\\x02', 'anna', 'y', now(), NULL);",
    )
    .await
    .unwrap();

    let out = pg::hub(&hub.db).arg("retention").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(
            "1 event(s) blanked, 1 departed booking(s) removed from the feed, 2 old console row(s)"
        ),
        "{out:?} (today {today})"
    );
    let left: Vec<String> = db
        .query(
            "SELECT name FROM console_login_failures
             UNION ALL SELECT csrf FROM console_sessions ORDER BY 1",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(left, ["anna", "y"]);
    let data = |id: &'static str| {
        let db = &db;
        async move {
            let text: String = db
                .query_one("SELECT data::text FROM events WHERE id = $1", &[&id])
                .await
                .unwrap()
                .get(0);
            serde_json::from_str::<Value>(&text).unwrap()
        }
    };
    assert_eq!(
        data("old").await,
        json!({"room": "412", "last_name": null, "phone": null})
    );
    assert_eq!(data("new").await, json!({"last_name": "Lee"}));
    let (_, after) = k.get("/v1/arrivals", &[("since", &cursor)]).await;
    assert_eq!(after["removed"], json!(["GONE1"]));
    // Idempotent: nothing more to do.
    let out = pg::hub(&hub.db).arg("retention").output().unwrap();
    assert!(
        String::from_utf8_lossy(&out.stdout)
            .contains("0 event(s) blanked, 0 departed booking(s) removed from the feed, 0 old")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_restores_with_pg_restore_and_is_private() {
    let pg = Postgres::start();
    let hub = Hub::start(&pg.database("live"));
    let k = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let events: Vec<Value> = (1..=20)
        .map(|i| event(&format!("e-{i}"), i, "otp_sent", Some("ABC123"), json!({})))
        .collect();
    assert_eq!(k.push(Value::Array(events)).await.0, 200);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("hub.dump");
    let out = pg::hub(&hub.db).arg("backup").arg(&file).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        std::fs::metadata(&file).unwrap().permissions().mode() & 0o777,
        0o600
    );
    let again = pg::hub(&hub.db).arg("backup").arg(&file).output().unwrap();
    assert_eq!(again.status.code(), Some(2), "{again:?}");
    assert!(String::from_utf8_lossy(&again.stderr).contains("--force"));

    let restored = pg.database("restored");
    let out = std::process::Command::new("pg_restore")
        .args(["--no-owner", "--exit-on-error"])
        .arg(format!("--dbname={restored}"))
        .arg(&file)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let n: i64 = client(&restored)
        .await
        .query_one("SELECT COUNT(*) FROM events", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 20);
    let out = pg::hub(&restored).arg("after-restore").output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let next: i64 = client(&restored)
        .await
        .query_one("SELECT nextval('commands_n_seq')", &[])
        .await
        .unwrap()
        .get(0);
    assert!(next > lobby_hub::backup::RESTORE_GAP, "{next}");
    // The restored database serves as it is.
    let out = pg::hub(&restored)
        .args(["status", "--json"])
        .output()
        .unwrap();
    let s: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["events"], 20);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_strangers_floods_get_one_log_line_a_minute_not_one_each() {
    use std::io::{BufRead, BufReader};
    let pg = Postgres::start();
    let db = pg.database("tokens");
    let log = pg.dir.path().join("hub.log");
    assert!(pg::hub(&db).arg("migrate").status().unwrap().success());
    let token = support::hub::add_kiosk(&db, "lobby-1");
    let mut child = pg::hub(&db)
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--console",
            "127.0.0.1:0",
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let url = format!("http://{}", line.trim().trim_start_matches("listening on "));
    line.clear();
    stdout.read_line(&mut line).unwrap();
    let console = line.trim().trim_start_matches("console on ").to_owned();
    lobby_kiosk::tls::install_crypto_provider();
    let http = reqwest::Client::new();
    for i in 0..50 {
        let r = http
            .get(format!("{url}/v1/commands"))
            .bearer_auth(format!("lh1_guess{i}"))
            .header("x-kiosk-id", "lobby-1")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);
        // A real token under another kiosk's id.
        let r = http
            .get(format!("{url}/v1/commands"))
            .bearer_auth(&token)
            .header("x-kiosk-id", "lobby-2")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403);
    }
    // Logins from one address past its budget (20 a minute), then PostgreSQL gone.
    let mut over_budget = 0;
    for _ in 0..40 {
        let r = http
            .post(format!("{console}/login"))
            .form(&[("name", "anna"), ("password", "guess"), ("csrf", "x")])
            .send()
            .await
            .unwrap();
        over_budget += usize::from(r.status() == 429);
    }
    assert!(over_budget >= 15, "{over_budget} refused for the budget");
    pg.stop();
    for _ in 0..30 {
        let r = http
            .get(format!("{url}/v1/commands"))
            .bearer_auth(&token)
            .header("x-kiosk-id", "lobby-1")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 503);
        let r = http
            .get(format!("{console}/lockouts"))
            .send()
            .await
            .unwrap();
        assert!(r.status().is_success() || r.status().is_redirection() || r.status() == 503);
    }
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    child.wait().unwrap();
    let text = std::fs::read_to_string(&log).unwrap();
    assert_eq!(
        text.matches("refused unknown or revoked tokens").count(),
        1,
        "{text}"
    );
    assert!(!text.contains("lh1_guess"), "{text}");
    for once in [
        "refused a token used under another kiosk id",
        "console logins refused",
        "answering 503",
    ] {
        assert_eq!(text.matches(once).count(), 1, "{once}: {text}");
    }
    assert!(
        text.matches("console request failed").count() <= 1,
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_property_figures_are_scraped_in_the_prometheus_format_without_personal_data() {
    let pg = Postgres::start();
    let port = pg::free_port().to_string();
    let addr = format!("127.0.0.1:{port}");
    let hub = Hub::start_with(&pg.database("metrics"), &["--metrics", &addr]);
    let k = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    let events = json!([
        event(
            "m1",
            1,
            "otp_sent",
            Some("ABC123"),
            json!({"phone": "+44…958", "last_name": "García"})
        ),
        event("m2", 2, "otp_sent", Some("ABC123"), json!({})),
        event(
            "m3",
            3,
            "checked_in",
            Some("ABC123"),
            json!({"last_name": "García"})
        ),
    ]);
    assert_eq!(k.push(events).await.0, 200);
    let text = reqwest::Client::new()
        .get(format!("http://{addr}/metrics"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for line in [
        "lobby_hub_events_total{kind=\"otp_sent\"} 2",
        "lobby_hub_events_total{kind=\"checked_in\"} 1",
        "# TYPE lobby_hub_kiosk_silent_seconds gauge",
        "lobby_hub_property_locks_total 0",
    ] {
        assert!(text.lines().any(|l| l == line), "{line} in {text}");
    }
    assert!(
        text.lines()
            .any(|l| l.starts_with("lobby_hub_kiosk_silent_seconds{kiosk=\"lobby-1\"} ")),
        "{text}"
    );
    for personal in ["ABC123", "García", "958"] {
        assert!(!text.contains(personal), "{personal} in {text}");
    }
}
