//! Protocol v1 over HTTP (docs/upstream.md): `POST /v1/events`, `GET /v1/arrivals`,
//! `GET /v1/commands`, each behind a per-kiosk bearer token. PostgreSQL trouble answers 503, so
//! the kiosk keeps its journal and retries with backoff; nothing is acknowledged before it commits.

use std::collections::{BTreeSet, HashSet};

use axum::Router;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use deadpool_postgres::Pool;
use lobby_kiosk::log_throttle::OncePerMinute;
use lobby_kiosk::sync::{
    ArrivalsResponse, Command, CommandsResponse, PushRequest, PushResponse, Rejection, WireEvent,
};
use serde::Deserialize;

use crate::token;

/// At most this many events per push (the kiosk's `batch_size` is 1–1000).
pub const MAX_BATCH: usize = 1000;
/// At most this many commands per answer; the rest follow in the next poll.
const COMMAND_PAGE: i64 = 100;

#[derive(Clone)]
pub struct App {
    pub pool: Pool,
    pub policy: crate::limits::Policy,
}

pub fn router(app: App) -> Router {
    Router::new()
        .route("/v1/events", post(events))
        .route("/v1/arrivals", get(arrivals))
        .route("/v1/commands", get(commands))
        .with_state(app)
}

/// The kiosk a request's token belongs to.
struct Kiosk {
    id: i64,
    name: String,
}

fn unavailable(what: &str, e: impl std::fmt::Display) -> Response {
    // Once a minute: with PostgreSQL down, every request (a stranger's too) would log a line.
    static UNAVAILABLE: OncePerMinute = OncePerMinute::new();
    if let Some(answered) = UNAVAILABLE.tick() {
        tracing::warn!(error = %e, answered, "{what} failed; answering 503 (logged once a minute)");
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "the hub's database is unavailable; try again later",
    )
        .into_response()
}

/// Logs refused tokens at most once a minute, with how many there were: a stranger trying
/// tokens must not fill the disk with log lines.
fn refused_token_logged() {
    static REFUSED: OncePerMinute = OncePerMinute::new();
    if let Some(refused) = REFUSED.tick() {
        tracing::info!(
            refused,
            "refused unknown or revoked tokens (logged once a minute)"
        );
    }
}

/// Checks the bearer token and `X-Kiosk-Id`, and records that the kiosk was seen.
async fn authenticate(pool: &Pool, headers: &HeaderMap) -> Result<Kiosk, Response> {
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        // The scheme is case-insensitive (RFC 9110).
        .and_then(|v| {
            v.get(..7)
                .filter(|p| p.eq_ignore_ascii_case("bearer "))
                .map(|_| &v[7..])
        })
        .map(str::trim)
        .filter(|t| !t.is_empty());
    let Some(bearer) = bearer else {
        return Err((StatusCode::UNAUTHORIZED, "a bearer token is required").into_response());
    };
    // `X-Kiosk-Backlog` (optional): events the kiosk has not pushed yet; nonsense is ignored.
    let backlog: Option<i64> = headers
        .get(lobby_kiosk::sync::BACKLOG)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
        .filter(|n| (0..=1_000_000_000_000).contains(n));
    let client = pool.get().await.map_err(|e| unavailable("auth", e))?;
    let row = client
        .query_opt(
            // One write per kiosk per second at most (a sync cycle's three calls share it),
            // unless the kiosk reports its backlog.
            "WITH k AS (SELECT id, name, last_seen_at FROM kiosks
                        WHERE token_sha256 = $1 AND revoked_at IS NULL),
                  seen AS (UPDATE kiosks SET last_seen_at = now(),
                                  backlog = COALESCE($2::int8, kiosks.backlog),
                                  backlog_at = CASE WHEN $2::int8 IS NULL THEN kiosks.backlog_at
                                                    ELSE now() END
                           FROM k
                           WHERE kiosks.id = k.id
                             AND ($2::int8 IS NOT NULL OR k.last_seen_at IS NULL
                                  OR k.last_seen_at < now() - interval '1 second'))
             SELECT id, name FROM k",
            &[&token::hash(bearer), &backlog],
        )
        .await
        .map_err(|e| unavailable("auth", e))?;
    let Some(row) = row else {
        refused_token_logged();
        return Err((StatusCode::UNAUTHORIZED, "unknown or revoked token").into_response());
    };
    let kiosk = Kiosk {
        id: row.get(0),
        name: row.get(1),
    };
    let claimed = headers.get("x-kiosk-id").and_then(|v| v.to_str().ok());
    if claimed != Some(kiosk.name.as_str()) {
        static MISUSED: OncePerMinute = OncePerMinute::new();
        if let Some(refused) = MISUSED.tick() {
            tracing::info!(kiosk = %kiosk.name, refused, "refused a token used under another kiosk id (logged once a minute)");
        }
        return Err((
            StatusCode::FORBIDDEN,
            "this token belongs to another kiosk id; install the token issued for this kiosk",
        )
            .into_response());
    }
    Ok(kiosk)
}

/// The largest push body read: 1000 events of a kiosk's size fit with room to spare.
pub const MAX_BODY: usize = 2 * 1024 * 1024;

async fn events(State(app): State<App>, headers: HeaderMap, body: axum::body::Body) -> Response {
    // The token first: a stranger's upload is never read, so it costs no memory.
    let kiosk = match authenticate(&app.pool, &headers).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => {
            return (
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("a push body is at most {MAX_BODY} bytes; lower [upstream] batch_size"),
            )
                .into_response();
        }
    };
    let request: PushRequest = match serde_json::from_slice(&body) {
        Ok(r) => r,
        Err(e) => {
            return (
                StatusCode::BAD_REQUEST,
                format!("not a protocol v1 push ({e}); see docs/upstream.md"),
            )
                .into_response();
        }
    };
    if request.kiosk_id != kiosk.name {
        return (
            StatusCode::FORBIDDEN,
            "kiosk_id does not match the token's kiosk",
        )
            .into_response();
    }
    if request.events.len() > MAX_BATCH {
        return (
            StatusCode::PAYLOAD_TOO_LARGE,
            format!("at most {MAX_BATCH} events per push"),
        )
            .into_response();
    }
    match ingest(&app.pool, &app.policy, &kiosk, request.events).await {
        Ok(answer) => axum::Json(answer).into_response(),
        Err(e) => unavailable("push", e),
    }
}

/// Why the hub can never take `e` as it is, if so.
fn invalid(e: &WireEvent) -> Option<String> {
    if e.id.is_empty() || e.id.len() > 128 {
        return Some("event id must be 1 to 128 characters".into());
    }
    if e.kind.is_empty() || e.kind.len() > 64 {
        return Some("event kind must be 1 to 64 characters".into());
    }
    if e.seq < 1 {
        return Some(format!(
            "seq {} is not a journal sequence (1, 2, 3 …)",
            e.seq
        ));
    }
    if e.occurred_at.parse::<jiff::Timestamp>().is_err() {
        return Some("occurred_at is not an RFC 3339 time".into());
    }
    if !e.data.get().trim_start().starts_with('{') {
        return Some("data must be a JSON object".into());
    }
    if e.reservation.as_ref().is_some_and(|r| r.len() > 64) {
        return Some("reservation must be at most 64 characters".into());
    }
    // PostgreSQL stores no NUL in text or JSON: refused here, the event alone, rather than
    // failing the whole batch (which the kiosk would retry for ever).
    let texts = [
        Some(&e.id),
        Some(&e.kind),
        Some(&e.occurred_at),
        e.reservation.as_ref(),
    ];
    let (depth, nul) = scan_json(e.data.get());
    if nul || texts.into_iter().flatten().any(|t| t.contains('\0')) {
        return Some("no field may contain a NUL character".into());
    }
    if depth > MAX_DEPTH {
        return Some(format!("data nests deeper than {MAX_DEPTH} levels"));
    }
    None
}

/// Deeper event data than this is refused (kiosks send two levels).
const MAX_DEPTH: usize = 32;

/// How deep objects and arrays nest in the JSON text `json` (brackets inside strings aside),
/// and whether a string in it holds an escaped NUL (`\u0000`).
fn scan_json(json: &str) -> (usize, bool) {
    let bytes = json.as_bytes();
    let (mut depth, mut deepest, mut in_string, mut nul) = (0usize, 0usize, false, false);
    let mut i = 0;
    while i < bytes.len() {
        match (in_string, bytes[i]) {
            (true, b'\\') => {
                nul |= bytes.get(i + 1..i + 6) == Some(b"u0000".as_slice());
                i += 1; // the escaped character is not a quote or bracket
            }
            (true, b'"') => in_string = false,
            (false, b'"') => in_string = true,
            (false, b'{' | b'[') => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            (false, b'}' | b']') => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    (deepest, nul)
}

/// Stores the batch in one transaction: a new id is inserted and applied (a lock relayed to
/// the other kiosks), a known id only counts a delivery. Both are accepted.
async fn ingest(
    pool: &Pool,
    policy: &crate::limits::Policy,
    kiosk: &Kiosk,
    events: Vec<WireEvent>,
) -> Result<PushResponse, crate::HubError> {
    let mut answer = PushResponse::default();
    let mut seen = HashSet::new();
    // (id, booking, scope) of every otp_failed in the batch, and (id, booking, path) of every
    // send attempt, to count once stored.
    let mut failures = Vec::new();
    let mut sends = Vec::new();
    let (mut ids, mut seqs, mut kinds, mut times, mut reservations, mut datas) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for e in events {
        if let Some(reason) = invalid(&e) {
            answer.rejected.push(Rejection { id: e.id, reason });
            continue;
        }
        // One statement cannot touch a row twice: a duplicate inside the batch is accepted once.
        if !seen.insert(e.id.clone()) {
            continue;
        }
        let counted = matches!(e.kind.as_str(), "otp_failed" | "otp_sent" | "send_failed");
        if counted && let Some(r) = &e.reservation {
            let path = serde_json::from_str::<serde_json::Value>(e.data.get())
                .ok()
                .and_then(|d| d.get("path")?.as_str().map(str::to_owned));
            if e.kind == "otp_failed" {
                failures.push((
                    e.id.clone(),
                    r.clone(),
                    crate::limits::scope_of(path.as_deref()),
                ));
            } else {
                sends.push((
                    e.id.clone(),
                    r.clone(),
                    crate::sends::path_of(path.as_deref()),
                ));
            }
        }
        ids.push(e.id);
        seqs.push(e.seq);
        kinds.push(e.kind);
        times.push(e.occurred_at);
        reservations.push(e.reservation);
        datas.push(e.data.get().to_owned());
    }
    if ids.is_empty() {
        return Ok(answer);
    }
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "INSERT INTO events (id, kiosk, seq, kind, occurred_at, reservation, data)
             SELECT i, $1, s, k, o, r, d::jsonb
             FROM unnest($2::text[], $3::int8[], $4::text[], $5::text[], $6::text[], $7::text[])
                  AS u(i, s, k, o, r, d)
             ON CONFLICT (id) DO UPDATE SET deliveries = events.deliveries + 1
             RETURNING id, (xmax = 0) AS inserted",
            &[
                &kiosk.id,
                &ids,
                &seqs,
                &kinds,
                &times,
                &reservations,
                &datas,
            ],
        )
        .await?;
    let fresh: HashSet<String> = rows
        .iter()
        .filter(|r| r.get::<_, bool>(1))
        .map(|r| r.get(0))
        .collect();
    let fresh_locks: Vec<String> = ids
        .iter()
        .zip(&kinds)
        .filter(|(id, kind)| *kind == "locked" && fresh.contains(*id))
        .map(|(id, _)| id.clone())
        .collect();
    // A lock earned at this kiosk (no command_id: not itself a relay) goes to every sibling.
    let relayed = if fresh_locks.is_empty() {
        0
    } else {
        tx.execute(
            "INSERT INTO commands (kiosk, kind, reservation, staff, reason, scope, origin_event)
             SELECT k.id, 'lock', e.reservation, 'hub', 'locked on ' || $2, e.data->>'scope', e.id
             FROM events e CROSS JOIN kiosks k
             WHERE e.id = ANY($3) AND e.kind = 'locked' AND e.reservation IS NOT NULL
               AND NOT (e.data ? 'command_id')
               AND k.id <> $1 AND k.revoked_at IS NULL
             ORDER BY e.seq, k.id",
            &[&kiosk.id, &kiosk.name, &fresh_locks],
        )
        .await?
    };
    let only_fresh =
        |list: Vec<(String, String, &'static str)>| -> BTreeSet<(String, &'static str)> {
            list.into_iter()
                .filter(|(id, _, _)| fresh.contains(id))
                .map(|(_, r, on)| (r, on))
                .collect()
        };
    let failed = only_fresh(failures);
    let sent = only_fresh(sends);
    let phones = crate::sends::phones(&tx, &sent.iter().map(|(r, _)| r.clone()).collect()).await?;
    let mut counters: BTreeSet<String> = failed
        .iter()
        .map(|(r, scope)| crate::limits::failure_key(r, scope))
        .collect();
    for (r, path) in &sent {
        counters.insert(crate::sends::booking_key(r, path));
        if let Some(phone) = phones.get(r) {
            counters.insert(crate::sends::phone_key(phone, path));
        }
    }
    crate::limits::serialize(&tx, &counters).await?;
    let property_locks = crate::limits::enforce(&tx, policy, &failed).await?;
    let send_holds = crate::sends::enforce(&tx, policy, &sent, &phones).await?;
    tx.commit().await?;
    tracing::info!(
        kiosk = %kiosk.name,
        events = ids.len(),
        new = fresh.len(),
        rejected = answer.rejected.len(),
        relayed,
        property_locks,
        send_holds,
        "push"
    );
    answer.accepted = ids;
    Ok(answer)
}

#[derive(Deserialize)]
struct Since {
    since: Option<String>,
}

/// Cursors are `a<version>`; anything else (a cursor from another upstream) starts over.
fn parse_cursor(since: Option<&str>) -> i64 {
    since
        .and_then(|c| c.strip_prefix('a'))
        .and_then(|v| v.parse::<i64>().ok())
        .filter(|v| *v >= 0)
        .unwrap_or(0)
}

async fn arrivals(State(app): State<App>, headers: HeaderMap, Query(q): Query<Since>) -> Response {
    if let Err(r) = authenticate(&app.pool, &headers).await {
        return r;
    }
    let since = parse_cursor(q.since.as_deref());
    let result = async {
        let client = app.pool.get().await?;
        let rows = client
            .query(
                "SELECT confirmation, record::text, version FROM arrivals
                 WHERE version > $1 ORDER BY version",
                &[&since],
            )
            .await?;
        Ok::<_, crate::HubError>(rows)
    }
    .await;
    let rows = match result {
        Ok(rows) => rows,
        Err(e) => return unavailable("arrivals", e),
    };
    let mut answer = ArrivalsResponse {
        cursor: format!("a{since}"),
        ..Default::default()
    };
    let mut last = since;
    for row in rows {
        last = last.max(row.get(2));
        match row.get::<_, Option<String>>(1) {
            Some(text) => match serde_json::from_str(&text) {
                Ok(record) => answer.reservations.push(record),
                Err(e) => return unavailable("arrivals", e),
            },
            None => answer.removed.push(row.get(0)),
        }
    }
    answer.cursor = format!("a{last}");
    axum::Json(answer).into_response()
}

#[derive(Deserialize)]
struct After {
    after: Option<String>,
}

async fn commands(State(app): State<App>, headers: HeaderMap, Query(q): Query<After>) -> Response {
    let kiosk = match authenticate(&app.pool, &headers).await {
        Ok(k) => k,
        Err(r) => return r,
    };
    let result = async {
        let client = app.pool.get().await?;
        // An `after` this hub never issued to this kiosk delivers from the start: the kiosk
        // skips ids it already applied, so redelivery is harmless and nothing is missed.
        let rows = client
            .query(
                // A command older than a day is not delivered: a kiosk that starts afresh
                // (a new database under its id) gets no stale locks at full length.
                "SELECT id, kind, reservation, staff, reason, scope, path, hold_s, cap, prefix FROM commands
                 WHERE kiosk = $1 AND created_at > now() - interval '1 day'
                   AND n > COALESCE((SELECT n FROM commands WHERE kiosk = $1 AND id = $2), 0)
                 ORDER BY n LIMIT $3",
                &[&kiosk.id, &q.after, &COMMAND_PAGE],
            )
            .await?;
        Ok::<_, crate::HubError>(rows)
    }
    .await;
    match result {
        Ok(rows) => axum::Json(CommandsResponse {
            commands: rows
                .iter()
                .map(|r| Command {
                    id: r.get(0),
                    kind: r.get(1),
                    reservation: r.get(2),
                    staff: r.get(3),
                    reason: r.get(4),
                    scope: r.get(5),
                    path: r.get(6),
                    hold_s: r.get(7),
                    cap: r.get(8),
                    prefix: r.get(9),
                })
                .collect(),
        })
        .into_response(),
        Err(e) => unavailable("commands", e),
    }
}
