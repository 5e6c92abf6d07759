//! The front-desk console over plain HTTP on loopback, against a real hub and PostgreSQL:
//! login, CSRF, sessions that end, throttling that cannot lock a member out, roles, the
//! audit trail, escaping, and the refusal of plain HTTP off loopback.

mod support;

use serde_json::json;
use support::caller::{Caller, event};
use support::desk::Desk;
use support::hub::{Hub, add_staff, client};
use support::pg::{self, Postgres};

const ANNA: &str = "correct horse battery";
const IVAN: &str = "staple of the it room";

struct Setup {
    _pg: Postgres,
    hub: Hub,
    lobby1: Caller,
}

async fn setup(name: &str) -> Setup {
    let pg = Postgres::start();
    let db = pg.database(name);
    let hub = Hub::start_with(&db, &["--console", "127.0.0.1:0"]);
    let lobby1 = Caller::new(&hub, "lobby-1", &hub.add_kiosk("lobby-1"));
    hub.add_kiosk("lobby-2");
    add_staff(&db, "anna", "desk", ANNA);
    add_staff(&db, "ivan", "it", IVAN);
    Setup {
        _pg: pg,
        hub,
        lobby1,
    }
}

fn desk(s: &Setup) -> Desk {
    Desk::new(s.hub.console.as_deref().unwrap())
}

fn locked(until: &str) -> serde_json::Value {
    json!({"until": until, "reason": "too_many_failures", "scope": "name", "source": "kiosk",
           "failures": 10, "kiosk": "lobby-1"})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unlock_needs_a_session_its_csrf_token_and_a_reason_and_is_audited_for_good() {
    let s = setup("unlock").await;
    let (status, _) = s
        .lobby1
        .push(json!([event(
            "l1",
            1,
            "locked",
            Some("ABC123"),
            locked("2099-01-01T00:00:00Z")
        )]))
        .await;
    assert_eq!(status, 200);

    let mut d = desk(&s);
    let anonymous = d.get("/lockouts").await;
    assert_eq!(
        (anonymous.status, anonymous.location.as_deref()),
        (303, Some("/login"))
    );
    let wrong = d.log_in("anna", "not her password").await;
    assert_eq!(wrong.status, 401);
    let ok = d.log_in("anna", ANNA).await;
    assert_eq!(
        (ok.status, ok.location.as_deref()),
        (303, Some("/lockouts"))
    );
    let set: Vec<_> = ok.headers.get_all("set-cookie").iter().collect();
    let session = set
        .iter()
        .map(|v| v.to_str().unwrap())
        .find(|v| v.starts_with("__Host-lh_session="))
        .unwrap();
    for part in ["HttpOnly", "Secure", "SameSite=Strict", "Max-Age="] {
        assert!(session.contains(part), "{session}");
    }

    let page = d.get("/lockouts").await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("ABC123") && page.body.contains("lobby-1"),
        "{}",
        page.body
    );
    assert!(
        page.headers["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("default-src 'none'")
    );
    let csrf = support::desk::hidden(&page.body, "csrf");

    // Without the token (a forged cross-site form), with another's, or without a reason:
    // refused, and nothing reaches a kiosk.
    let forged = d
        .post(
            "/lockouts/unlock",
            &[("reservation", "ABC123"), ("reason", "guest showed ID")],
        )
        .await;
    assert_eq!(forged.status, 403);
    let other = d
        .post(
            "/lockouts/unlock",
            &[
                ("csrf", "0".repeat(64).as_str()),
                ("reservation", "ABC123"),
                ("reason", "guest showed ID"),
            ],
        )
        .await;
    assert_eq!(other.status, 403);
    let no_reason = d
        .post(
            "/lockouts/unlock",
            &[("csrf", &csrf), ("reservation", "ABC123"), ("reason", " ")],
        )
        .await;
    assert_eq!(no_reason.status, 422);
    let db = client(&s.hub.db).await;
    let count = |sql: &'static str| {
        let db = &db;
        async move { db.query_one(sql, &[]).await.unwrap().get::<_, i64>(0) }
    };
    assert_eq!(
        count("SELECT COUNT(*) FROM commands WHERE kind = 'unlock'").await,
        0
    );

    let done = d
        .post(
            "/lockouts/unlock",
            &[
                ("csrf", &csrf),
                ("reservation", "abc123"),
                ("reason", "guest showed her passport"),
            ],
        )
        .await;
    assert_eq!(
        (done.status, done.location.as_deref()),
        (303, Some("/lockouts?unlocked=2"))
    );
    let sent = db
        .query(
            "SELECT k.name, c.staff, c.reason FROM commands c JOIN kiosks k ON k.id = c.kiosk
             WHERE c.kind = 'unlock' AND c.reservation = 'ABC123' ORDER BY k.name",
            &[],
        )
        .await
        .unwrap();
    let sent: Vec<(String, String, String)> = sent
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        sent,
        ["lobby-1", "lobby-2"].map(|k| (
            k.to_owned(),
            "anna".to_owned(),
            "guest showed her passport".to_owned()
        ))
    );
    // The property's count of wrong codes restarts with the unlock.
    assert_eq!(
        count("SELECT COUNT(*) FROM property_unlocks WHERE reservation = 'ABC123'").await,
        1
    );

    let actions: Vec<String> = db
        .query("SELECT staff || ':' || action FROM audit ORDER BY id", &[])
        .await
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(
        actions,
        [
            "cli:root:staff_added",
            "cli:root:staff_added",
            "anna:login_failed",
            "anna:login",
            "anna:unlock"
        ]
        .map(|a| a.replace("cli:root", &operator()))
    );
    for sql in [
        "UPDATE audit SET reason = 'x'",
        "DELETE FROM audit",
        "TRUNCATE audit",
    ] {
        let e = db.execute(sql, &[]).await.unwrap_err();
        assert!(
            e.to_string().contains("append-only") || format!("{e:?}").contains("append-only"),
            "{sql}: {e:?}"
        );
    }
    // The filter form as a browser sends it (every field, `days` empty or not).
    let filtered = d.get("/audit?staff=anna&action=&reservation=&days=").await;
    assert_eq!(filtered.status, 200, "{}", filtered.body);
    assert!(filtered.body.contains("unlock") && !filtered.body.contains("staff_added"));
    let csv = d
        .get("/audit?staff=&action=unlock&reservation=&days=3&format=csv")
        .await;
    assert_eq!(csv.status, 200);
    assert!(
        csv.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(
        lines[0],
        r#""at","staff","action","reservation","kiosk","reason","detail""#
    );
    assert_eq!(lines.len(), 2, "{}", csv.body);
    assert!(
        lines[1].contains(r#","anna","unlock","ABC123","","guest showed her passport","#),
        "{}",
        lines[1]
    );
}

fn operator() -> String {
    format!(
        "cli:{}",
        std::env::var("SUDO_USER")
            .or_else(|_| std::env::var("USER"))
            .unwrap_or_else(|_| "unknown".into())
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_or_ended_session_is_sent_to_the_login_page() {
    let s = setup("sessions").await;
    let db = client(&s.hub.db).await;
    let mut d = desk(&s);
    assert_eq!(d.log_in("anna", ANNA).await.status, 303);
    assert_eq!(d.get("/arrivals").await.status, 200);
    db.execute(
        "UPDATE console_sessions SET last_seen_at = now() - interval '31 minutes'",
        &[],
    )
    .await
    .unwrap();
    let idle = d.get("/arrivals").await;
    assert_eq!(
        (idle.status, idle.location.as_deref()),
        (303, Some("/login?expired=1"))
    );
    let login = d.get("/login?expired=1").await;
    assert!(
        login.body.contains("Your session has ended"),
        "{}",
        login.body
    );

    // A shift's end ends it too, however busy.
    assert_eq!(d.log_in("anna", ANNA).await.status, 303);
    db.execute("UPDATE console_sessions SET created_at = now() - interval '13 hours' WHERE ended_at IS NULL", &[])
        .await
        .unwrap();
    assert_eq!(
        d.get("/kiosks").await.location.as_deref(),
        Some("/login?expired=1")
    );

    // Logging out ends it on the server, not only in this browser.
    assert_eq!(d.log_in("anna", ANNA).await.status, 303);
    let kept = d.cookies.clone();
    let csrf = d.csrf("/lockouts").await;
    assert_eq!(
        d.post("/logout", &[("csrf", &csrf)])
            .await
            .location
            .as_deref(),
        Some("/login")
    );
    d.cookies = kept;
    assert_eq!(
        d.get("/lockouts").await.location.as_deref(),
        Some("/login?expired=1")
    );

    // Disabling a member ends her sessions at once.
    assert_eq!(d.log_in("anna", ANNA).await.status, 303);
    let out = pg::hub(&s.hub.db)
        .args(["staff", "disable", "anna"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    assert_eq!(
        d.get("/lockouts").await.location.as_deref(),
        Some("/login?expired=1")
    );
    assert_eq!(d.log_in("anna", ANNA).await.status, 401);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_guessing_a_name_is_throttled_but_the_members_own_browser_still_logs_in() {
    let s = setup("throttle").await;
    let mut hers = desk(&s);
    assert_eq!(hers.log_in("anna", ANNA).await.status, 303);
    let mut stranger = desk(&s);
    for _ in 0..5 {
        assert_eq!(stranger.log_in("anna", "password1234").await.status, 401);
    }
    let throttled = stranger.log_in("anna", "password12345").await;
    assert_eq!(throttled.status, 429);
    assert!(throttled.headers.contains_key("retry-after"));
    assert!(
        throttled.body.contains("Too many failed logins"),
        "{}",
        throttled.body
    );
    // Even the right password waits from a browser she never used …
    let mut new_browser = desk(&s);
    assert_eq!(new_browser.log_in("anna", ANNA).await.status, 429);
    // … but hers, which logged in before, is counted apart.
    let mut later = Desk::new(&hers.base);
    later.cookies = hers
        .cookies
        .iter()
        .filter(|(k, _)| k.as_str() == "__Host-lh_device")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    assert_eq!(later.log_in("anna", ANNA).await.status, 303);
    // Another member is not affected by the guesses at anna.
    assert_eq!(desk(&s).log_in("ivan", IVAN).await.status, 303);
    // The wait is short: it runs from the newest failure and is over after a while …
    let db = client(&s.hub.db).await;
    db.execute(
        "UPDATE console_login_failures SET failed_at = failed_at - interval '5 minutes'",
        &[],
    )
    .await
    .unwrap();
    assert_eq!(new_browser.log_in("anna", ANNA).await.status, 303);
    // … but old failures do not open it while new ones keep coming: one more try, then the
    // wait (from that newest one) again.
    assert_eq!(stranger.log_in("anna", "password1234").await.status, 401);
    assert_eq!(
        stranger.log_in("anna", "password1234").await.status,
        429,
        "6 in the window, the newest just now"
    );
    // A new password makes her old browsers strangers again.
    let out = {
        use std::io::Write;
        let mut child = pg::hub(&s.hub.db)
            .args(["staff", "password", "anna"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        writeln!(child.stdin.take().unwrap(), "a brand new passphrase").unwrap();
        child.wait_with_output().unwrap()
    };
    assert!(out.status.success(), "{out:?}");
    let devices: i64 = db
        .query_one(
            "SELECT COUNT(*) FROM console_devices WHERE staff = 'anna'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(devices, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn guesses_at_once_are_counted_at_once_and_one_address_has_a_budget_per_minute() {
    let s = setup("flood").await;
    let base = s.hub.console.clone().unwrap();
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let base = base.clone();
        tasks.push(tokio::spawn(async move {
            let mut d = Desk::new(&base);
            d.log_in("anna", "a guess at her password").await.status
        }));
    }
    let mut statuses = Vec::new();
    for t in tasks {
        statuses.push(t.await.unwrap());
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 401).count(),
        5,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        7,
        "{statuses:?}"
    );
    // What a stranger typed as a name is not kept in the audit.
    let mut d = desk(&s);
    assert_eq!(d.log_in("my secret password", "x").await.status, 401);
    let db = client(&s.hub.db).await;
    let typed: i64 = db
        .query_one(
            "SELECT COUNT(*) FROM audit WHERE staff LIKE '%secret%'",
            &[],
        )
        .await
        .unwrap()
        .get(0);
    assert_eq!(typed, 0);
    // 20 tries a minute from one address, whatever the names: the 21st waits, even right.
    for i in 0..7 {
        assert_eq!(d.log_in(&format!("name{i}"), "x").await.status, 401);
    }
    let over = d.log_in("ivan", IVAN).await;
    assert_eq!(over.status, 429, "{}", over.body);
    assert!(over.headers.contains_key("retry-after"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn roles_kiosk_health_and_escaping() {
    let s = setup("roles").await;
    // A guest name and a reason with markup in them.
    let csv = s._pg.dir.path().join("arrivals.csv");
    let today = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::system())
        .date();
    std::fs::write(
        &csv,
        format!(
            "confirmation,last_name,first_name,arrival,departure,phone,status,room\n\
             XSS1,<script>alert(1)</script>,<b>Bo</b>,{today},{},+44 7400 123958,confirmed,101\n",
            today.tomorrow().unwrap()
        ),
    )
    .unwrap();
    let out = pg::hub(&s.hub.db)
        .args(["import-reservations", "--country", "GB"])
        .arg(&csv)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let now = jiff::Timestamp::now();
    let pad = json!({"kiosk": "lobby-1", "cause": "wrong_pin", "failures": 10, "cooldown_s": null, "locked_s": 3600});
    let pumping = json!({"cause": "sms_pumping", "kiosk": "lobby-1", "prefix": "4474009", "sends": 30, "verified": 1,
                         "window_s": 3600, "pause_s": 3600, "level": 0});
    let (status, _) = s
        .lobby1
        .push(json!([
            event("p1", 1, "staff_login_failed", None, pad),
            event("a1", 2, "abuse_alert", None, pumping),
            event(
                "s1",
                3,
                "send_failed",
                Some("XSS1"),
                json!({"path": "name"})
            ),
            event("c1", 4, "checked_in", Some("XSS1"), json!({})),
        ]))
        .await;
    assert_eq!(status, 200);
    let mut anna = desk(&s);
    assert_eq!(anna.log_in("anna", ANNA).await.status, 303);
    let arrivals = anna.get("/arrivals").await;
    assert!(
        arrivals.body.contains("XSS1") && arrivals.body.contains("checked in at lobby-1"),
        "{}",
        arrivals.body
    );
    assert!(
        !arrivals.body.contains("<script") && !arrivals.body.contains("<b>"),
        "{}",
        arrivals.body
    );
    assert!(arrivals.body.contains("&lt;. &lt;s…"), "{}", arrivals.body);

    let kiosks = anna.get("/kiosks").await;
    assert!(
        kiosks.body.contains("sms_pumping") && kiosks.body.contains("+4474009…"),
        "{}",
        kiosks.body
    );
    assert!(kiosks.body.contains("locked until"), "{}", kiosks.body);
    // Each kiosk's row carries its own alerts, pause, pad lock and gateway failures only.
    let pool = lobby_hub::db::pool(&s.hub.db, 1).unwrap();
    let health = lobby_hub::desk::kiosks(&pool.get().await.unwrap(), now)
        .await
        .unwrap();
    let summary: Vec<_> = health
        .iter()
        .map(|k| {
            (
                k.name.as_str(),
                k.abuse_alerts.len(),
                k.pauses.len(),
                k.pad_locked_until.is_some(),
                k.gateway_failures_24h,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![("lobby-1", 1, 1, true, 1), ("lobby-2", 0, 0, false, 0)]
    );
    // A desk member sees the pad locked but gets no Reset button, and a forged post is refused.
    assert!(
        !kiosks.body.contains("/kiosks/reset-pad"),
        "{}",
        kiosks.body
    );
    let csrf = support::desk::hidden(&kiosks.body, "csrf");
    let refused = anna
        .post(
            "/kiosks/reset-pad",
            &[
                ("csrf", &csrf),
                ("kiosk", "lobby-1"),
                ("reason", "<script>x</script>"),
            ],
        )
        .await;
    assert_eq!(refused.status, 403);
    let lifted = anna
        .post(
            "/kiosks/lift",
            &[
                ("csrf", &csrf),
                ("kiosk", "lobby-1"),
                ("prefix", "4474009"),
                ("reason", "<script>tour group</script>"),
            ],
        )
        .await;
    assert_eq!(lifted.location.as_deref(), Some("/kiosks?done=1"));

    let mut ivan = desk(&s);
    assert_eq!(ivan.log_in("ivan", IVAN).await.status, 303);
    let csrf = ivan.csrf("/kiosks").await;
    let reset = ivan
        .post(
            "/kiosks/reset-pad",
            &[
                ("csrf", &csrf),
                ("kiosk", "lobby-1"),
                ("reason", "manager forgot PIN"),
            ],
        )
        .await;
    assert_eq!(reset.location.as_deref(), Some("/kiosks?done=1"));
    let db = client(&s.hub.db).await;
    let queued: Vec<(String, String, Option<String>)> = db
        .query(
            "SELECT k.name, c.kind, c.prefix FROM commands c JOIN kiosks k ON k.id = c.kiosk
             WHERE c.kind IN ('unlock-pad', 'lift_pumping_pause') ORDER BY c.n",
            &[],
        )
        .await
        .unwrap()
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect();
    assert_eq!(
        queued,
        vec![
            (
                "lobby-1".into(),
                "lift_pumping_pause".into(),
                Some("4474009".into())
            ),
            ("lobby-1".into(), "unlock-pad".into(), None)
        ]
    );
    let audit = ivan.get("/audit").await;
    assert!(
        audit
            .body
            .contains("&lt;script&gt;tour group&lt;/script&gt;"),
        "{}",
        audit.body
    );
    assert!(!audit.body.contains("<script>"));
    let _ = now;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_http_off_loopback_and_unknown_languages_are_refused() {
    let pg = Postgres::start();
    let db = pg.database("refusals");
    for (flags, says) in [
        (vec!["--console", "0.0.0.0:0"], "plain HTTP off loopback"),
        (
            vec!["--console", "127.0.0.1:0", "--language", "xx"],
            "does not speak",
        ),
        (
            vec![
                "--console",
                "127.0.0.1:0",
                "--console-cert",
                "/nonexistent.pem",
                "--console-key",
                "/nonexistent.key",
            ],
            "/nonexistent.pem",
        ),
    ] {
        let out = pg::hub(&db)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(&flags)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{flags:?}: {out:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{flags:?}: {err}");
    }
}
