//! The shipped kiosk.toml outside demo mode, for tests that need a real gateway (one that is
//! down, slow or held) in front of the guest's phone. Demo mode only allows the outbox, and the
//! outbox, the demo pepper, the demo staff PIN and the demo's placeholders (property name,
//! logo, Wi-Fi and key QR codes) are refused outside it, so this fixture has a test pepper, its
//! own staff PIN, a hotel of its own and, as the phone, a loopback `http` gateway named "demo"
//! that writes each SMS into an outbox file: tests read codes as they do in demo mode.
//!
//! Shared by the integration tests (`tests/support`) and the UI tests (`src/ui/tests`, by
//! `#[path]`), so it names nothing of the crate itself.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The staff PIN of the live fixture (the demo PIN is refused outside demo mode).
pub const PIN: &str = "583091";
/// `kiosk hash-pin` of [`PIN`] under [`PEPPER`].
pub const PIN_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1,keyid=ZUg$fpswYVNuakjz6GZiso9Ddg$tk4apAXySBgC7VpGU75Innwk7guNf9Y862AJYhGTMgQ";
/// The pepper, written to `pin-pepper` (0600) next to the config.
pub const PEPPER: &str = "lobby-kiosk-test-pepper-not-the-demo-one";
/// The property the live fixture is (the demo's "Hotel Demo" is refused outside demo mode).
pub const PROPERTY: &str = "Hotel Aurora";

/// The shipped demo placeholders and what the live fixture puts in their place.
const PLACEHOLDERS: [(&str, &str); 4] = [
    ("property = \"Hotel Demo\"", "property = \"Hotel Aurora\""),
    (
        "\nlogo = \"assets/branding/logo.png\"",
        "\n# logo = \"assets/branding/logo.png\"",
    ),
    (
        "WIFI:T:WPA;S:HotelDemo-Guest;P:welcome-demo;;",
        "WIFI:T:WPA;S:Aurora-Guest;P:aurora-guests-2026;;",
    ),
    (
        "https://key.example/open?t={token}",
        "https://key.hotel-aurora.pt/open?t={token}",
    ),
];

/// The shipped `[[gateway]]` block (the outbox) that [`live_toml`] replaces.
const SHIPPED_OUTBOX: &str = "[[gateway]]\nname = \"demo\"\nkind = \"outbox\"                # demo only: appends each SMS to a file that stands in for the guest's phone\npath = \"var/sms-outbox.log\"\n";

/// A loopback SMS provider that appends every message it accepts to an outbox file (the outbox
/// gateway's format, so `read_outbox` reads it). Stops on drop.
pub struct Phone {
    /// The send endpoint, for an `http` gateway's `url`.
    pub url: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Phone {
    pub fn start(outbox: &Path) -> Phone {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind the phone");
        listener.set_nonblocking(true).expect("nonblocking");
        let url = format!("http://{}/sms", listener.local_addr().expect("addr"));
        let outbox = outbox.to_path_buf();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        // Its own runtime on its own thread: the phone works under any test runtime, or none.
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .expect("phone runtime");
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::from_std(listener).expect("listener");
                let app = axum::Router::new().route(
                    "/sms",
                    axum::routing::post(move |axum::Json(sms): axum::Json<serde_json::Value>| {
                        let outbox = outbox.clone();
                        async move {
                            deliver(&outbox, &sms);
                            axum::http::StatusCode::ACCEPTED
                        }
                    }),
                );
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stopped.await;
                    })
                    .await;
            });
        });
        Phone {
            url,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for Phone {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// Appends one SMS as the outbox gateway would.
fn deliver(outbox: &Path, sms: &serde_json::Value) {
    fn escape(s: &str) -> String {
        s.replace('\\', "\\\\")
            .replace('\t', "\\t")
            .replace('\n', "\\n")
            .replace('\r', "\\r")
    }
    let field = |k: &str| escape(sms[k].as_str().unwrap_or_default());
    if let Some(dir) = outbox.parent() {
        std::fs::create_dir_all(dir).expect("outbox directory");
    }
    let line = format!(
        "{:.3}\tphone-{}\t{}\t{}\n",
        jiff::Timestamp::now(),
        uuid::Uuid::new_v4().simple(),
        field("to"),
        field("text")
    );
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(outbox)
        .and_then(|mut f| f.write_all(line.as_bytes()))
        .expect("write the outbox");
}

/// An `http` gateway block named "demo" that delivers to `phone`.
pub fn phone_gateway(phone: &Phone) -> String {
    format!(
        "[[gateway]]\nname = \"demo\"\nkind = \"http\"\nurl = \"{}\"\n\
         headers = {{ Content-Type = \"application/json\" }}\n\
         body = '{{\"to\": \"{{to}}\", \"text\": \"{{text}}\"}}'\nsuccess_status = [202]\n",
        phone.url
    )
}

/// The live fixture's files in `dir`: the pepper, and the outbox path the phone writes.
pub fn outbox_in(dir: &Path) -> PathBuf {
    dir.join("var/sms-outbox.log")
}

/// `shipped` (the shipped kiosk.toml text) outside demo mode: `before` (`[[gateway]]` blocks)
/// then the phone (if any) in place of the outbox, the test pepper in `dir`, the staff entry on [`PIN`].
/// The demo reservations file stays configured, so tests can still load the demo guests.
pub fn live_toml(shipped: &str, dir: &Path, before: &str, phone: Option<&Phone>) -> String {
    use std::os::unix::fs::PermissionsExt;
    let pepper = dir.join("pin-pepper");
    std::fs::write(&pepper, PEPPER).expect("write the pepper");
    std::fs::set_permissions(&pepper, std::fs::Permissions::from_mode(0o600))
        .expect("chmod the pepper");
    let replace = |text: String, from: &str, to: &str| {
        assert!(
            text.contains(from),
            "the shipped kiosk.toml changed: {from}"
        );
        text.replacen(from, to, 1)
    };
    let text = replace(
        shipped.to_owned(),
        "enabled = true                 # demo mode",
        "enabled = false                # demo mode",
    );
    let text = replace(
        text,
        SHIPPED_OUTBOX,
        &format!("{before}{}", phone.map(phone_gateway).unwrap_or_default()),
    );
    let text = replace(
        text,
        "[security]\n",
        "[security]\npin_pepper_file = \"pin-pepper\"\n",
    );
    let text = PLACEHOLDERS
        .iter()
        .fold(text, |text, (from, to)| replace(text, from, to));
    let start = text
        .find("pin_hash = \"")
        .expect("the shipped [[staff]] entry");
    let end = start + text[start..].find('\n').expect("end of line");
    format!(
        "{}pin_hash = \"{PIN_HASH}\"{}",
        &text[..start],
        &text[end..]
    )
}
