//! Encryption at rest is on by default outside demo mode: a kiosk configured for a real lobby
//! writes an encrypted database with its keys in 0600 files outside it; demo mode stays plain.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[path = "support/live.rs"]
mod live;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use lobby_kiosk::config::Config;
use lobby_kiosk::store::Store;

const LIVE: &str = r#"[kiosk]
id = "lobby-1"
property = "Hotel Test"
time_zone = "Europe/Lisbon"
country = "PT"

[store]
path = "var/kiosk.db"

[demo]
enabled = false

[[gateway]]
name = "sms"
kind = "kannel"
url = "https://127.0.0.1:13013/cgi-bin/sendsms"
username = "kiosk"
password_file = "kannel-password"
from = "Hotel"
"#;

fn header(db: &Path) -> Vec<u8> {
    std::fs::read(db).unwrap()[..16].to_vec()
}

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn outside_demo_mode_the_database_is_encrypted_by_default_and_demo_mode_stays_plain() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kannel-password"), "pw").unwrap();
    std::fs::write(dir.path().join("pin-pepper"), live::PEPPER).unwrap();
    let path = dir.path().join("kiosk.toml");
    // Outside demo mode a kiosk needs a staff member, and their PIN a pepper.
    let staff = format!(
        "\n[security]\npin_pepper_file = \"pin-pepper\"\n\n[[staff]]\nname = \"Ana\"\npin_hash = \"{}\"\n",
        live::PIN_HASH
    );
    std::fs::write(&path, format!("{LIVE}{staff}")).unwrap();
    let config = Config::load(&path).unwrap();
    assert!(config.store.encrypt);
    let db = dir.path().join("var/kiosk.db");
    let store = Store::open_config(&config.store).unwrap();
    store.install_secret().unwrap();
    drop(store);
    assert_ne!(header(&db), b"SQLite format 3\0");
    assert_eq!(mode(&dir.path().join("var/kiosk.db.enc-key")), 0o600);
    assert_eq!(mode(&dir.path().join("var/kiosk.db.key")), 0o600);

    let demo = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(demo.path().join("assets/demo")).unwrap();
    std::fs::copy(
        root.join("assets/demo/reservations.json"),
        demo.path().join("assets/demo/reservations.json"),
    )
    .unwrap();
    std::fs::create_dir_all(demo.path().join("assets/branding")).unwrap();
    std::fs::copy(
        root.join("assets/branding/logo.png"),
        demo.path().join("assets/branding/logo.png"),
    )
    .unwrap();
    std::fs::copy(root.join("kiosk.toml"), demo.path().join("kiosk.toml")).unwrap();
    let config = Config::load(&demo.path().join("kiosk.toml")).unwrap();
    assert!(config.demo.enabled && !config.store.encrypt);
    drop(Store::open_config(&config.store).unwrap());
    assert_eq!(
        header(&demo.path().join("var/kiosk.db")),
        b"SQLite format 3\0"
    );
}
