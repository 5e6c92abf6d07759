//! Gateway configs for tests and loopback HTTP servers standing in for providers.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use lobby_kiosk::config::{GatewayConfig, GatewayKind, TwilioSender};
use secrecy::SecretString;

/// A gateway config with test-friendly timeouts (the kind decides the rest).
pub fn gateway(name: &str, kind: GatewayKind) -> GatewayConfig {
    GatewayConfig {
        name: name.to_owned(),
        timeout: Duration::from_secs(5),
        connect_timeout: Duration::from_secs(2),
        breaker_failures: 3,
        breaker_open: Duration::from_secs(60),
        kind,
    }
}

pub fn kannel(name: &str, url: &str, password: &str, from: Option<&str>) -> GatewayConfig {
    gateway(
        name,
        GatewayKind::Kannel {
            url: url.to_owned(),
            username: super::kannel::USERNAME.to_owned(),
            password: SecretString::from(password.to_owned()),
            from: from.map(str::to_owned),
        },
    )
}

pub fn twilio(name: &str, base_url: &str, sender: TwilioSender) -> GatewayConfig {
    gateway(
        name,
        GatewayKind::Twilio {
            base_url: base_url.to_owned(),
            account_sid: TWILIO_SID.to_owned(),
            auth_token: SecretString::from(TWILIO_TOKEN.to_owned()),
            sender,
        },
    )
}

pub fn vonage(name: &str, base_url: &str) -> GatewayConfig {
    gateway(
        name,
        GatewayKind::Vonage {
            base_url: base_url.to_owned(),
            api_key: VONAGE_KEY.to_owned(),
            api_secret: SecretString::from(VONAGE_SECRET.to_owned()),
            from: "HotelAurora".to_owned(),
        },
    )
}

pub fn http(
    name: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: &str,
    success: &[u16],
) -> GatewayConfig {
    gateway(
        name,
        GatewayKind::Http {
            url: url.to_owned(),
            method: "POST".to_owned(),
            headers: headers
                .iter()
                .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
                .collect::<BTreeMap<_, _>>(),
            body: body.to_owned(),
            success_status: success.to_vec(),
        },
    )
}

pub fn outbox(name: &str, path: &Path) -> GatewayConfig {
    gateway(
        name,
        GatewayKind::Outbox {
            path: PathBuf::from(path),
        },
    )
}

pub const TWILIO_SID: &str = "AC00000000000000000000000000000001";
pub const TWILIO_TOKEN: &str = "twilio-test-auth-token";
pub const VONAGE_KEY: &str = "abcd1234";
pub const VONAGE_SECRET: &str = "vonage-test-secret";

/// A port nothing listens on (bound, then released).
pub fn closed_port_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// Serves `app` on 127.0.0.1 (a free port) for the rest of the test; returns its base URL.
pub async fn serve(app: Router) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    format!("http://{addr}")
}

/// Reads a fixture under tests/fixtures/.
pub fn fixture(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("fixture {}: {e}", full.display()))
}

/// Requests a loopback server saw, for shape assertions.
#[derive(Debug, Clone, Default)]
pub struct Seen(pub Arc<Mutex<Vec<SeenRequest>>>);

#[derive(Debug, Clone)]
pub struct SeenRequest {
    pub method: String,
    pub path: String,
    pub query: String,
    pub headers: BTreeMap<String, String>,
    pub body: String,
}

impl Seen {
    pub fn push(&self, r: SeenRequest) {
        self.0.lock().unwrap().push(r);
    }

    pub fn all(&self) -> Vec<SeenRequest> {
        self.0.lock().unwrap().clone()
    }

    pub fn count(&self) -> usize {
        self.0.lock().unwrap().len()
    }
}

impl SeenRequest {
    /// Query parameters, decoded.
    pub fn query_params(&self) -> BTreeMap<String, String> {
        url::form_urlencoded::parse(self.query.as_bytes())
            .into_owned()
            .collect()
    }

    /// Form fields of an urlencoded body.
    pub fn form(&self) -> BTreeMap<String, String> {
        url::form_urlencoded::parse(self.body.as_bytes())
            .into_owned()
            .collect()
    }
}

/// Records one request.
pub fn seen_request(
    method: &axum::http::Method,
    uri: &axum::http::Uri,
    headers: &axum::http::HeaderMap,
    body: &[u8],
) -> SeenRequest {
    SeenRequest {
        method: method.to_string(),
        path: uri.path().to_owned(),
        query: uri.query().unwrap_or("").to_owned(),
        headers: headers
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect(),
        body: String::from_utf8_lossy(body).into_owned(),
    }
}
