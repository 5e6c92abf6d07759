//! Protocol v1 requests as a kiosk makes them, for tests that look at the raw answers.

use serde_json::{Value, json};

use super::hub::Hub;

pub struct Caller {
    http: reqwest::Client,
    base: String,
    kiosk: String,
    token: String,
}

impl Caller {
    pub fn new(hub: &Hub, kiosk: &str, token: &str) -> Caller {
        lobby_kiosk::tls::install_crypto_provider();
        Caller {
            http: reqwest::Client::new(),
            base: hub.url.clone(),
            kiosk: kiosk.to_owned(),
            token: token.to_owned(),
        }
    }

    pub async fn push_raw(&self, body: String) -> (u16, Value) {
        let r = self
            .http
            .post(format!("{}/v1/events", self.base))
            .bearer_auth(&self.token)
            .header("x-kiosk-id", &self.kiosk)
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }

    pub async fn push(&self, events: Value) -> (u16, Value) {
        self.push_raw(json!({"kiosk_id": self.kiosk, "events": events}).to_string())
            .await
    }

    pub async fn get(&self, path: &str, query: &[(&str, &str)]) -> (u16, Value) {
        let r = self
            .http
            .get(format!("{}{path}", self.base))
            .bearer_auth(&self.token)
            .header("x-kiosk-id", &self.kiosk)
            .query(query)
            .send()
            .await
            .unwrap();
        let status = r.status().as_u16();
        let text = r.text().await.unwrap();
        (
            status,
            serde_json::from_str(&text).unwrap_or(Value::String(text)),
        )
    }
}

pub fn event(id: &str, seq: i64, kind: &str, reservation: Option<&str>, data: Value) -> Value {
    json!({"id": id, "seq": seq, "kind": kind, "occurred_at": "2026-11-25T18:00:00.000Z",
           "reservation": reservation, "data": data})
}
