//! A kiosk on the shipped kiosk.toml and demo guests in a temp dir: a real SQLite file, the
//! outbox gateway standing in for the guest's phone, a manual clock at 2026-11-25 10:00 UTC.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use lobby_kiosk::clock::{Clock, ManualClock};
use lobby_kiosk::config::Config;
use lobby_kiosk::gateway::{GatewayChain, read_outbox};
use lobby_kiosk::journey::{CodeSent, FoundBooking, Journey, LookupResult, OwnedQuery, SendResult};
use lobby_kiosk::otp::Purpose;
use lobby_kiosk::store::{JournalEvent, Store};

/// A temp dir holding the shipped kiosk.toml and the files it names; nothing has run there yet,
/// so there is no database.
pub fn shipped_kiosk_dir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in [
        "kiosk.toml",
        "assets/demo/reservations.json",
        "assets/branding/logo.png",
    ] {
        let to = dir.path().join(file);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::copy(root.join(file), to).unwrap();
    }
    dir
}

pub struct DemoKiosk {
    pub dir: tempfile::TempDir,
    pub config: Arc<Config>,
    pub clock: Arc<ManualClock>,
    /// How often `on_event` fired (sync would be woken).
    pub events: Arc<AtomicUsize>,
    /// The loopback phone of a kiosk moved off demo mode (see `with_down_gateway`).
    pub phone: Option<super::live::Phone>,
}

impl DemoKiosk {
    pub fn new() -> DemoKiosk {
        let dir = shipped_kiosk_dir();
        let config = Arc::new(Config::load(&dir.path().join("kiosk.toml")).unwrap());
        let clock = Arc::new(ManualClock::new("2026-11-25T10:00:00Z".parse().unwrap()));
        let mut store = Store::open(&config.store.path).unwrap();
        lobby_kiosk::demo::seed(&mut store, &config, clock.now()).unwrap();
        DemoKiosk {
            dir,
            config,
            clock,
            events: Arc::new(AtomicUsize::new(0)),
            phone: None,
        }
    }

    /// The same kiosk after `edit` rewrote its kiosk.toml (the database stays).
    pub fn with_config(self, edit: impl FnOnce(String) -> String) -> DemoKiosk {
        let path = self.dir.path().join("kiosk.toml");
        let text = edit(std::fs::read_to_string(&path).unwrap());
        std::fs::write(&path, text).unwrap();
        DemoKiosk {
            config: Arc::new(Config::load(&path).unwrap()),
            ..self
        }
    }

    /// Puts a gateway on a closed loopback port (connection refused) before the guest's phone;
    /// with `only`, instead of it. Demo mode allows only the outbox, so the kiosk leaves demo
    /// mode (`live::live_toml`): its phone is a loopback server writing the same outbox file,
    /// and staff log in with `live::PIN`. The demo guests stay in the database.
    pub fn with_down_gateway(self, only: bool) -> DemoKiosk {
        const DOWN: &str = "[[gateway]]\nname = \"down\"\nkind = \"http\"\nurl = \"http://127.0.0.1:9/send\"\nbody = \"to={to}&text={text}\"\nconnect_timeout_ms = 300\ntimeout_ms = 600\n\n";
        let phone = (!only).then(|| super::live::Phone::start(&self.outbox()));
        let dir = self.dir.path().to_path_buf();
        let k = self.with_config(|text| super::live::live_toml(&text, &dir, DOWN, phone.as_ref()));
        DemoKiosk { phone, ..k }
    }

    /// A fresh journey on the same file: what a restart (or power cut) gives.
    pub fn journey(&self) -> Journey {
        let store = Store::open(&self.config.store.path).unwrap();
        let chain = GatewayChain::from_config(&self.config.gateways).unwrap();
        let events = self.events.clone();
        Journey::new(
            self.config.clone(),
            store,
            chain,
            self.clock.clone(),
            Arc::new(move || {
                events.fetch_add(1, Ordering::SeqCst);
            }),
        )
        .unwrap()
    }

    pub fn outbox(&self) -> PathBuf {
        self.dir.path().join("var/sms-outbox.log")
    }

    /// The code in the last SMS, as the guest reads it off their phone.
    /// The code in the last code SMS (security notices, sent in the background, carry none).
    pub fn last_code(&self) -> String {
        read_outbox(&self.outbox())
            .unwrap()
            .iter()
            .rev()
            .find_map(|sms| {
                sms.text
                    .split(|c: char| !c.is_ascii_digit())
                    .find(|w| w.len() == 6)
                    .map(str::to_owned)
            })
            .expect("an SMS with a 6-digit code")
    }

    /// Every journal event, oldest first.
    pub fn journal(&self) -> Vec<JournalEvent> {
        Store::open(&self.config.store.path)
            .unwrap()
            .journal_since(0, 100_000)
            .unwrap()
    }

    pub fn kinds(&self) -> Vec<String> {
        self.journal().into_iter().map(|e| e.kind).collect()
    }
}

pub fn by_confirmation(c: &str, last: &str) -> OwnedQuery {
    OwnedQuery::Confirmation {
        confirmation: c.into(),
        last_name: last.into(),
    }
}

pub async fn found(j: &Journey, c: &str, last: &str) -> FoundBooking {
    match j.lookup(by_confirmation(c, last)).await.unwrap() {
        LookupResult::Found(f) => f,
        other => panic!("{c}: {other:?}"),
    }
}

pub async fn send(j: &Journey, handle: &str, purpose: Purpose, lang: &str) -> CodeSent {
    match j.send_code(handle, purpose, lang).await.unwrap() {
        SendResult::Sent(s) => s,
        other => panic!("{other:?}"),
    }
}

/// A code that is certainly wrong.
pub fn wrong(code: &str) -> String {
    let n: u32 = code.parse().unwrap();
    format!("{:06}", (n + 1) % 1_000_000)
}
