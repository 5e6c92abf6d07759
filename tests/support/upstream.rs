//! A protocol v1 upstream for tests: events deduplicated by id in a real SQLite file, an
//! arrivals feed with a version cursor, a command queue, and faults injected per endpoint.

use std::net::SocketAddr;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use rusqlite::{Connection, OptionalExtension, params};
use serde_json::{Value, json};

pub const TOKEN: &str = "test-token-0123456789";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Endpoint {
    Events,
    Arrivals,
    Commands,
}

#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer with this status and an empty body.
    Status(u16),
    /// 429 with `Retry-After: secs`.
    TooMany(u64),
    /// Do the work, then wait this long before answering.
    Slow(Duration),
    /// Do the work, start a 200 answer and break the connection mid-body.
    ResetMidBody,
    /// Do the work, answer 200 with a body that is not JSON.
    Garbage,
    /// Answer about only the first event of a push batch (the rest in neither list).
    AnswerFirstOnly,
    /// Ignore `after` and deliver every command again.
    RedeliverCommands,
}

#[derive(Debug, Clone)]
pub struct Request {
    pub endpoint: Endpoint,
    pub query: Option<String>,
    pub authorization: Option<String>,
    pub kiosk_id: Option<String>,
    pub events: Vec<i64>,
}

pub struct Inner {
    pub db: Connection,
    pub faults: Vec<(Endpoint, Fault)>,
    pub token: String,
    /// Events whose data has `"reject": true` are rejected with this reason while set.
    pub reject_reason: Option<String>,
    pub requests: Vec<Request>,
    pub delay_per_push: Duration,
    /// Order in which distinct events were first seen.
    pub arrivals: i64,
}

#[derive(Clone)]
pub struct Shared(pub Arc<Mutex<Inner>>);

impl Shared {
    pub fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

pub struct Upstream {
    pub url: String,
    pub shared: Shared,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Upstream {
    /// Starts a server on 127.0.0.1 (its own runtime thread) with its database at `db`.
    pub fn start(db: &Path) -> Upstream {
        let conn = Connection::open(db).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;
             CREATE TABLE IF NOT EXISTS events (id TEXT PRIMARY KEY, seq INTEGER NOT NULL, kind TEXT NOT NULL,
                 occurred_at TEXT NOT NULL, reservation TEXT, data TEXT NOT NULL, arrival INTEGER NOT NULL,
                 deliveries INTEGER NOT NULL DEFAULT 1);
             CREATE TABLE IF NOT EXISTS feed (version INTEGER PRIMARY KEY AUTOINCREMENT, confirmation TEXT NOT NULL, record TEXT);
             CREATE TABLE IF NOT EXISTS commands (n INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT UNIQUE NOT NULL, body TEXT NOT NULL);",
        )
        .unwrap();
        let shared = Shared(Arc::new(Mutex::new(Inner {
            db: conn,
            faults: Vec::new(),
            token: TOKEN.to_owned(),
            reject_reason: None,
            requests: Vec::new(),
            delay_per_push: Duration::ZERO,
            arrivals: 0,
        })));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<SocketAddr>();
        let app = router(shared.clone());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready_tx.send(listener.local_addr().unwrap()).unwrap();
                axum::serve(listener, app)
                    .with_graceful_shutdown(async move {
                        let _ = stopped.await;
                    })
                    .await
                    .unwrap();
            });
            // Connections still open (a slow handler) are dropped with the runtime.
            rt.shutdown_timeout(Duration::from_millis(100));
        });
        let addr = ready_rx.recv().unwrap();
        Upstream {
            url: format!("http://{addr}"),
            shared,
            stop: Some(stop),
            thread: Some(thread),
        }
    }

    pub fn fault(&self, endpoint: Endpoint, fault: Fault) {
        self.shared.lock().faults.push((endpoint, fault));
    }

    /// Publishes a reservation record (any JSON, valid or not) in the arrivals feed.
    pub fn publish(&self, confirmation: &str, record: Value) {
        self.shared
            .lock()
            .db
            .execute(
                "INSERT INTO feed (confirmation, record) VALUES (?1, ?2)",
                params![confirmation, record.to_string()],
            )
            .unwrap();
    }

    pub fn remove(&self, confirmation: &str) {
        self.shared
            .lock()
            .db
            .execute(
                "INSERT INTO feed (confirmation, record) VALUES (?1, NULL)",
                params![confirmation],
            )
            .unwrap();
    }

    pub fn command(&self, command: Value) {
        let id = command["id"].as_str().unwrap().to_owned();
        self.shared
            .lock()
            .db
            .execute(
                "INSERT INTO commands (id, body) VALUES (?1, ?2)",
                params![id, command.to_string()],
            )
            .unwrap();
    }

    /// Distinct events received.
    pub fn event_count(&self) -> i64 {
        self.shared
            .lock()
            .db
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .unwrap()
    }

    /// Distinct event ids, sorted.
    pub fn event_ids(&self) -> Vec<String> {
        let inner = self.shared.lock();
        let mut stmt = inner
            .db
            .prepare("SELECT id FROM events ORDER BY id")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    /// The seq of each distinct event in the order the server first saw them.
    pub fn seqs_in_arrival_order(&self) -> Vec<i64> {
        let inner = self.shared.lock();
        let mut stmt = inner
            .db
            .prepare("SELECT seq FROM events ORDER BY arrival")
            .unwrap();
        stmt.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap()
    }

    pub fn total_deliveries(&self) -> i64 {
        self.shared
            .lock()
            .db
            .query_row("SELECT COALESCE(SUM(deliveries), 0) FROM events", [], |r| {
                r.get(0)
            })
            .unwrap()
    }

    pub fn event(&self, seq: i64) -> Option<Value> {
        let inner = self.shared.lock();
        inner
            .db
            .query_row("SELECT id, kind, reservation, data FROM events WHERE seq = ?1", params![seq], |r| {
                let data: String = r.get(3)?;
                Ok(json!({"id": r.get::<_, String>(0)?, "kind": r.get::<_, String>(1)?,
                          "reservation": r.get::<_, Option<String>>(2)?, "data": serde_json::from_str::<Value>(&data).unwrap()}))
            })
            .optional()
            .unwrap()
    }

    pub fn requests(&self, endpoint: Endpoint) -> Vec<Request> {
        self.shared
            .lock()
            .requests
            .iter()
            .filter(|r| r.endpoint == endpoint)
            .cloned()
            .collect()
    }
}

impl Drop for Upstream {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn router(shared: Shared) -> Router {
    Router::new()
        .route("/v1/events", post(events))
        .route("/v1/arrivals", get(arrivals))
        .route("/v1/commands", get(commands))
        .with_state(shared)
}

/// Checks credentials, records the request and takes the next fault for `endpoint`.
#[allow(clippy::result_large_err)] // test server: clarity over size
fn admit(
    s: &Shared,
    endpoint: Endpoint,
    headers: &HeaderMap,
    query: Option<String>,
    events: Vec<i64>,
) -> Result<(Option<Fault>, Duration), Response> {
    let mut inner = s.lock();
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let authorization = header("authorization");
    inner.requests.push(Request {
        endpoint,
        query,
        authorization: authorization.clone(),
        kiosk_id: header("x-kiosk-id"),
        events,
    });
    if authorization.as_deref() != Some(&format!("Bearer {}", inner.token)) {
        return Err(StatusCode::UNAUTHORIZED.into_response());
    }
    let fault = inner
        .faults
        .iter()
        .position(|(e, _)| *e == endpoint)
        .map(|i| inner.faults.remove(i).1);
    match &fault {
        Some(Fault::Status(code)) => Err(StatusCode::from_u16(*code).unwrap().into_response()),
        Some(Fault::TooMany(secs)) => Err((
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", secs.to_string())],
        )
            .into_response()),
        _ => Ok((fault, inner.delay_per_push)),
    }
}

async fn answer(fault: Option<Fault>, body: Value) -> Response {
    match fault {
        Some(Fault::Slow(d)) => {
            tokio::time::sleep(d).await;
            axum::Json(body).into_response()
        }
        Some(Fault::ResetMidBody) => {
            let text = body.to_string();
            let half = Bytes::from(text[..text.len() / 2].to_owned());
            // The headers and half the body go out; then the connection breaks.
            let chunks = futures_util::stream::unfold(0u8, move |step| {
                let half = half.clone();
                async move {
                    match step {
                        0 => Some((Ok::<Bytes, std::io::Error>(half), 1)),
                        1 => {
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            Some((
                                Err(std::io::Error::other("connection reset by the test")),
                                2,
                            ))
                        }
                        _ => None,
                    }
                }
            });
            (
                [("content-type", "application/json")],
                Body::from_stream(chunks),
            )
                .into_response()
        }
        Some(Fault::Garbage) => (
            StatusCode::OK,
            [("content-type", "application/json")],
            "<html>proxy error</html>{",
        )
            .into_response(),
        _ => axum::Json(body).into_response(),
    }
}

#[derive(serde::Deserialize)]
struct PushIn {
    events: Vec<EventIn>,
}

#[derive(serde::Deserialize)]
struct EventIn {
    id: String,
    seq: i64,
    kind: String,
    occurred_at: String,
    reservation: Option<String>,
    data: Box<serde_json::value::RawValue>,
}

async fn events(State(s): State<Shared>, headers: HeaderMap, body: Bytes) -> Response {
    let Ok(request) = serde_json::from_slice::<PushIn>(&body) else {
        return (StatusCode::BAD_REQUEST, "not a protocol v1 push").into_response();
    };
    let seqs = request.events.iter().map(|e| e.seq).collect();
    let (fault, delay) = match admit(&s, Endpoint::Events, &headers, None, seqs) {
        Ok(f) => f,
        Err(r) => return r,
    };
    if !delay.is_zero() {
        tokio::time::sleep(delay).await;
    }
    let mut accepted = Vec::new();
    let mut rejected = Vec::new();
    {
        let mut inner = s.lock();
        let reject_reason = inner.reject_reason.clone();
        let mut arrivals = inner.arrivals;
        let tx = inner.db.transaction().unwrap();
        {
            let mut again = tx
                .prepare_cached("UPDATE events SET deliveries = deliveries + 1 WHERE id = ?1")
                .unwrap();
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO events (id, seq, kind, occurred_at, reservation, data, arrival)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                )
                .unwrap();
            for e in request.events {
                if let Some(reason) = &reject_reason {
                    let data: Value = serde_json::from_str(e.data.get()).unwrap_or_default();
                    if data["reject"] == json!(true) {
                        rejected.push(json!({"id": e.id, "reason": reason}));
                        continue;
                    }
                }
                if again.execute(params![e.id]).unwrap() == 0 {
                    insert
                        .execute(params![
                            e.id,
                            e.seq,
                            e.kind,
                            e.occurred_at,
                            e.reservation,
                            e.data.get(),
                            arrivals
                        ])
                        .unwrap();
                    arrivals += 1;
                }
                accepted.push(Value::String(e.id));
            }
        }
        tx.commit().unwrap();
        inner.arrivals = arrivals;
    }
    if matches!(fault, Some(Fault::AnswerFirstOnly)) {
        accepted.truncate(1);
        rejected.clear();
    }
    answer(fault, json!({"accepted": accepted, "rejected": rejected})).await
}

#[derive(serde::Deserialize)]
struct Since {
    since: Option<String>,
}

async fn arrivals(State(s): State<Shared>, headers: HeaderMap, Query(q): Query<Since>) -> Response {
    let (fault, _) = match admit(
        &s,
        Endpoint::Arrivals,
        &headers,
        q.since.clone(),
        Vec::new(),
    ) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let body = {
        let inner = s.lock();
        let since: i64 = q
            .since
            .as_deref()
            .map_or(0, |c| c.trim_start_matches("v").parse().unwrap());
        let mut stmt = inner
            .db
            .prepare(
                "SELECT f.confirmation, f.record, f.version FROM feed f
                 WHERE f.version > ?1 AND f.version = (SELECT MAX(version) FROM feed g WHERE g.confirmation = f.confirmation)
                 ORDER BY f.version",
            )
            .unwrap();
        let rows: Vec<(String, Option<String>, i64)> = stmt
            .query_map(params![since], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let cursor: i64 = inner
            .db
            .query_row("SELECT COALESCE(MAX(version), 0) FROM feed", [], |r| {
                r.get(0)
            })
            .unwrap();
        let mut reservations = Vec::new();
        let mut removed = Vec::new();
        for (confirmation, record, _) in rows {
            match record {
                Some(text) => reservations.push(serde_json::from_str::<Value>(&text).unwrap()),
                None => removed.push(confirmation),
            }
        }
        json!({"cursor": format!("v{cursor}"), "reservations": reservations, "removed": removed})
    };
    answer(fault, body).await
}

#[derive(serde::Deserialize)]
struct After {
    after: Option<String>,
}

async fn commands(State(s): State<Shared>, headers: HeaderMap, Query(q): Query<After>) -> Response {
    let (fault, _) = match admit(
        &s,
        Endpoint::Commands,
        &headers,
        q.after.clone(),
        Vec::new(),
    ) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let body = {
        let inner = s.lock();
        let after_n: i64 = match (&q.after, &fault) {
            (_, Some(Fault::RedeliverCommands)) | (None, _) => 0,
            (Some(id), _) => inner
                .db
                .query_row("SELECT n FROM commands WHERE id = ?1", params![id], |r| {
                    r.get(0)
                })
                .unwrap_or(0),
        };
        let mut stmt = inner
            .db
            .prepare("SELECT body FROM commands WHERE n > ?1 ORDER BY n")
            .unwrap();
        let list: Vec<Value> = stmt
            .query_map(params![after_n], |r| r.get::<_, String>(0))
            .unwrap()
            .map(|b| serde_json::from_str(&b.unwrap()).unwrap())
            .collect();
        json!({"commands": list})
    };
    answer(fault, body).await
}
