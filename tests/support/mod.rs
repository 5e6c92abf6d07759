//! Shared test fixtures: a real Kannel, loopback SMS provider servers, and an upstream server
//! speaking protocol v1 on 127.0.0.1 with its own SQLite file and fault injection.
#![allow(dead_code)]

pub mod demo;
pub mod kannel;
pub mod live;
pub mod servers;
pub mod upstream;

use std::path::{Path, PathBuf};

/// Writes a kiosk.toml (and a token file) into `dir` for a kiosk syncing with `url`.
pub fn write_config(
    dir: &Path,
    url: &str,
    batch_size: u32,
    timeout_ms: u32,
    interval_s: u32,
    extra: &str,
) -> PathBuf {
    std::fs::write(dir.join("token"), upstream::TOKEN).unwrap();
    std::fs::write(dir.join("demo.json"), "[]").unwrap();
    let text = format!(
        r#"
[kiosk]
id = "lobby-1"
property = "Test Hotel"
time_zone = "Europe/London"
country = "GB"
fullscreen = false

[store]
path = "kiosk.db"
retention_days = 30
departed_keep_days = 7

[otp]
lockout_s = 3600

[demo]
enabled = true
reservations = "demo.json"

[[gateway]]
name = "outbox"
kind = "outbox"
path = "outbox"

[upstream]
enabled = true
url = "{url}"
token_file = "token"
sync_interval_s = {interval_s}
batch_size = {batch_size}
timeout_ms = {timeout_ms}
{extra}
"#
    );
    let path = dir.join("kiosk.toml");
    std::fs::write(&path, text).unwrap();
    path
}

use std::sync::Arc;

use jiff::Timestamp;
use lobby_kiosk::clock::ManualClock;
use lobby_kiosk::config::Config;
use lobby_kiosk::store::{EventKind, Store};
use lobby_kiosk::sync::Syncer;

/// A kiosk (config, store, syncer on a manual clock) wired to a fresh test upstream.
pub struct Rig {
    pub server: upstream::Upstream,
    pub config: Arc<Config>,
    pub clock: Arc<ManualClock>,
    pub syncer: Option<Syncer>,
    pub dir: tempfile::TempDir,
}

pub const T0: &str = "2026-11-25T18:00:00Z";

impl Rig {
    pub fn new(batch_size: u32, timeout_ms: u32) -> Rig {
        Self::with(batch_size, timeout_ms, 1)
    }

    pub fn with(batch_size: u32, timeout_ms: u32, interval_s: u32) -> Rig {
        let dir = tempfile::tempdir().unwrap();
        let server = upstream::Upstream::start(&dir.path().join("upstream.db"));
        let path = write_config(
            dir.path(),
            &server.url,
            batch_size,
            timeout_ms,
            interval_s,
            "",
        );
        let config = Arc::new(Config::load(&path).unwrap());
        let clock = Arc::new(ManualClock::new(T0.parse().unwrap()));
        let syncer = Syncer::new(Arc::clone(&config), clock.clone()).unwrap();
        Rig {
            server,
            config,
            clock,
            syncer: Some(syncer),
            dir,
        }
    }

    pub fn syncer(&self) -> &Syncer {
        self.syncer.as_ref().unwrap()
    }

    /// A second connection to the kiosk's database, as the app would have.
    pub fn store(&self) -> Store {
        Store::open(&self.config.store.path).unwrap()
    }

    pub fn now(&self) -> Timestamp {
        use lobby_kiosk::clock::Clock;
        self.clock.now()
    }

    pub fn append(&self, n: usize) -> Vec<String> {
        let mut store = self.store();
        (0..n)
            .map(|i| {
                store
                    .journal_append(
                        self.now(),
                        EventKind::CheckedIn,
                        Some("ABC123"),
                        serde_json::json!({"room": "101", "n": i}),
                    )
                    .unwrap()
                    .id
            })
            .collect()
    }
}
