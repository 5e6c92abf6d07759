//! The console in a real browser (headless Chromium over WebDriver), over TLS, in one bounded
//! flow: a guest locks a booking at a real kiosk (its own OTP engine and database, its real
//! `kiosk sync` process pushes the lock); a desk member logs in, sees the lock, unlocks it with
//! a reason; the kiosk's next sync applies the unlock and journals it with her name and reason.
//! Every page is screenshot to `target/console-shots` (or `$CONSOLE_SHOTS`).

mod support;

use std::path::PathBuf;

use lobby_kiosk::lookup::Query;
use rcgen::{CertificateParams, KeyPair};
use support::guest::AtKiosk;
use support::hub::{Hub, add_staff, client};
use support::kiosk::{Kiosk, ok};
use support::pg::{self, Postgres};
use support::webdriver::Browser;

const LEE: Query = Query::Confirmation {
    confirmation: "ABC123",
    last_name: "Lee",
};

fn shots() -> PathBuf {
    let dir = std::env::var_os("CONSOLE_SHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/console-shots")
        });
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_desk_member_unlocks_in_a_browser_a_booking_locked_at_a_real_kiosk() {
    let pg = Postgres::start();
    let db = pg.database("browser");
    // The console's certificate, self-signed for 127.0.0.1 (the browser is told to accept it).
    let key = KeyPair::generate().unwrap();
    let cert = CertificateParams::new(vec!["127.0.0.1".to_owned()])
        .unwrap()
        .self_signed(&key)
        .unwrap();
    let (cert_file, key_file) = (
        pg.dir.path().join("console.pem"),
        pg.dir.path().join("console.key"),
    );
    std::fs::write(&cert_file, cert.pem()).unwrap();
    std::fs::write(&key_file, key.serialize_pem()).unwrap();
    let hub = Hub::start_with(
        &db,
        &[
            "--console",
            "127.0.0.1:0",
            "--console-cert",
            cert_file.to_str().unwrap(),
            "--console-key",
            key_file.to_str().unwrap(),
            "--language",
            "de",
        ],
    );
    let console = hub.console.clone().unwrap();
    assert!(console.starts_with("https://127.0.0.1:"), "{console}");
    add_staff(&db, "anna", "desk", "correct horse battery");

    // A guest mistypes codes at lobby-1 until the kiosk locks the booking; its sync pushes it.
    let kiosk = Kiosk::with_otp(
        "lobby-1",
        &hub.url,
        &hub.add_kiosk("lobby-1"),
        "lockout_after = 3",
    );
    let mut guest = AtKiosk::open(&kiosk);
    let today = guest.today();
    let csv = pg.dir.path().join("arrivals.csv");
    std::fs::write(
        &csv,
        format!(
            "confirmation,last_name,first_name,arrival,departure,phone,status,room\n\
             ABC123,Lee,Kim,{today},{},+447400123958,confirmed,101\n",
            today.tomorrow().unwrap()
        ),
    )
    .unwrap();
    ok(&pg::hub(&db)
        .args(["import-reservations", "--country", "GB"])
        .arg(&csv)
        .output()
        .unwrap());
    ok(&kiosk.sync_once());
    guest.wrong_codes(LEE, 3);
    ok(&kiosk.sync_once());

    let shots = shots();
    let b = Browser::start().await;
    b.go(&format!("{console}/lockouts")).await;
    assert!(b.url().await.ends_with("/login"), "{}", b.url().await);
    // The property's language first, English one click away.
    b.wait_for_text("Anmeldung für Mitarbeitende").await;
    b.click("a[lang=en]").await;
    b.wait_for_text("Staff login").await;
    b.screenshot(&shots.join("01-login.png")).await;
    b.type_into("#name", "anna").await;
    b.type_into("#password", "correct horse battery").await;
    b.click("#login").await;
    let page = b.wait_for_text("ABC123").await;
    assert!(b.url().await.ends_with("/lockouts"), "{}", b.url().await);
    assert!(
        page.contains("lobby-1") && page.contains("K. Le…"),
        "{page}"
    );
    assert!(page.contains("3 wrong codes"), "{page}");
    b.screenshot(&shots.join("02-lockouts.png")).await;

    b.type_into("input[name=reason]", "guest showed her passport")
        .await;
    b.click("form[action='/lockouts/unlock'] button").await;
    b.wait_for_text("Unlock sent to 1 kiosk.").await;
    b.screenshot(&shots.join("03-unlock-sent.png")).await;

    // The kiosk's next sync applies it and journals who did it and why.
    ok(&kiosk.sync_once());
    let (staff, reason): (String, String) = guest
        .store
        .conn()
        .query_row(
            "SELECT json_extract(data, '$.staff'), json_extract(data, '$.reason') FROM journal
             WHERE kind = 'staff_override' AND json_extract(data, '$.action') = 'unlock'
               AND reservation = 'ABC123'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (staff.as_str(), reason.as_str()),
        ("anna", "guest showed her passport")
    );
    assert!(
        kiosk.status().contains("lockouts     0 active"),
        "{}",
        kiosk.status()
    );
    // Each sync told the hub its backlog (X-Kiosk-Backlog): nothing left after this one.
    let backlog: Option<i64> = client(&db)
        .await
        .query_one("SELECT backlog FROM kiosks WHERE name = 'lobby-1'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(backlog, Some(0));
    // Its push of the unlock clears the lock from the list.
    ok(&kiosk.sync_once());
    b.go(&format!("{console}/lockouts")).await;
    b.wait_for_text("No booking is locked.").await;

    for (n, page, expect) in [
        ("04", "arrivals", "ABC123"),
        ("05", "kiosks", "lobby-1"),
        ("06", "activity", "Codes per hour"),
        ("07", "audit", "guest showed her passport"),
    ] {
        b.go(&format!("{console}/{page}")).await;
        b.wait_for_text(expect).await;
        b.screenshot(&shots.join(format!("{n}-{page}.png"))).await;
    }
    // Activity draws the codes sent and mistyped as an SVG.
    b.go(&format!("{console}/activity")).await;
    b.find("svg.chart rect.sent").await;
    b.quit().await;
}
