//! Who is at the console: login with throttling, sessions in `__Host-` cookies (HttpOnly,
//! Secure, SameSite=Strict) that end after idle time or a shift, a CSRF token per session,
//! logout. Only SHA-256 digests of cookie values are stored.

use axum::http::{HeaderMap, HeaderValue, header};
use deadpool_postgres::Pool;
use lobby_kiosk::log_throttle::OncePerMinute;
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

use crate::HubError;
use crate::audit::{self, Entry};
use crate::staff::{self, Role};

pub const SESSION: &str = "__Host-lh_session";
/// Before login: the login form's CSRF token (double submit).
pub const LOGIN: &str = "__Host-lh_login";
/// A browser that logged in as a member before: her failures are counted apart from a
/// stranger's, so guessing her name cannot lock her out.
pub const DEVICE: &str = "__Host-lh_device";
pub const LANG: &str = "__Host-lh_lang";

/// A session ends after this long without a request …
pub const IDLE_MINUTES: i32 = 30;
/// … or this long after login, whatever happens.
pub const SHIFT_HOURS: i32 = 12;

/// Failed logins in this window count …
const THROTTLE_WINDOW_MINUTES: i32 = 15;
/// … and from this many on, each further try waits (30 s, doubling, at most 5 minutes).
const THROTTLE_AFTER: i64 = 5;
const THROTTLE_MAX_S: i64 = 300;

/// A signed-in member.
#[derive(Debug, Clone)]
pub struct Signed {
    pub name: String,
    pub role: Role,
    pub csrf: String,
}

/// The value of cookie `name` in the request.
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.trim())
}

/// A `Set-Cookie` for `name`; `max_age_s` None ends with the browser, 0 deletes it.
pub fn set_cookie(name: &str, value: &str, max_age_s: Option<i64>) -> HeaderValue {
    let mut text = format!("{name}={value}; Path=/; Secure; HttpOnly; SameSite=Strict");
    if let Some(age) = max_age_s {
        text.push_str(&format!("; Max-Age={age}"));
    }
    // Only hex and fixed names go in: always a valid header.
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("x=; Max-Age=0"))
}

pub fn random_hex() -> Result<String, HubError> {
    crate::token::generate().map(|t| t.trim_start_matches(crate::token::PREFIX).to_owned())
}

fn digest(value: &str) -> Vec<u8> {
    Sha256::digest(value.as_bytes()).to_vec()
}

/// Whether `given` is `expected` (constant time; an empty one never is).
pub fn same_token(given: &str, expected: &str) -> bool {
    !expected.is_empty() && bool::from(given.as_bytes().ct_eq(expected.as_bytes()))
}

/// The member whose live session the request carries, touching its idle clock.
pub async fn signed_in(pool: &Pool, headers: &HeaderMap) -> Result<Option<Signed>, HubError> {
    let Some(token) = cookie(headers, SESSION).filter(|t| !t.is_empty()) else {
        return Ok(None);
    };
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "UPDATE console_sessions s SET last_seen_at = now()
             FROM staff m
             WHERE s.token_sha256 = $1 AND m.name = s.staff AND m.disabled_at IS NULL
               AND s.ended_at IS NULL
               AND s.last_seen_at > now() - $2::int4 * interval '1 minute'
               AND s.created_at > now() - $3::int4 * interval '1 hour'
             RETURNING m.name, m.role, s.csrf",
            &[&digest(token), &IDLE_MINUTES, &SHIFT_HOURS],
        )
        .await?;
    let Some(row) = row else {
        return Ok(None);
    };
    let role: String = row.get(1);
    Ok(Some(Signed {
        name: row.get(0),
        role: Role::parse(&role)?,
        csrf: row.get(2),
    }))
}

/// How a login attempt ended.
pub enum Login {
    /// Cookie values for the new session and the browser's device token.
    Ok {
        session: String,
        device: String,
    },
    Failed,
    /// Too many failures lately: try again after this many seconds.
    Throttled(i64),
}

/// Checks `name` and `password`, throttled per name (or per known browser of that member).
/// The try is counted as a failure before the password is checked, under a lock on the name,
/// so tries made at once cannot slip past the count; a right password takes it back.
pub async fn login(
    pool: &Pool,
    name: &str,
    password: &str,
    device_cookie: Option<&str>,
    hashing: &tokio::sync::Semaphore,
) -> Result<Login, HubError> {
    let name = name.trim();
    let (tried, hash, device, is_member) = {
        let mut client = pool.get().await?;
        let tx = client.transaction().await?;
        tx.execute("SELECT pg_advisory_xact_lock(1820, hashtext($1))", &[&name])
            .await?;
        // A device cookie counts only for the member it was issued to.
        let device: Option<Vec<u8>> = match device_cookie.filter(|d| !d.is_empty()) {
            Some(d) => tx
                .query_opt(
                    "SELECT token_sha256 FROM console_devices WHERE token_sha256 = $1 AND staff = $2",
                    &[&digest(d), &name],
                )
                .await?
                .map(|r| r.get(0)),
            None => None,
        };
        let row = tx
            .query_one(
                "SELECT COUNT(*), COALESCE(MIN(EXTRACT(EPOCH FROM now() - failed_at)), 0)::int8
                 FROM console_login_failures
                 WHERE name = $1 AND failed_at > now() - $2::int4 * interval '1 minute'
                   AND device IS NOT DISTINCT FROM $3",
                &[&name, &THROTTLE_WINDOW_MINUTES, &device],
            )
            .await?;
        // Failures in the window, and seconds since the newest.
        let (failures, since_newest): (i64, i64) = (row.get(0), row.get(1));
        if failures >= THROTTLE_AFTER {
            let wait = (30i64 << (failures - THROTTLE_AFTER).min(4)).min(THROTTLE_MAX_S);
            if since_newest < wait {
                tx.commit().await?;
                return Ok(Login::Throttled(wait - since_newest));
            }
        }
        let tried: i64 = tx
            .query_one(
                "INSERT INTO console_login_failures (name, device) VALUES ($1, $2) RETURNING id",
                &[&name, &device],
            )
            .await?
            .get(0);
        let member = tx
            .query_opt(
                "SELECT password_hash FROM staff WHERE name = $1 AND disabled_at IS NULL",
                &[&name],
            )
            .await?;
        tx.commit().await?;
        let is_member = member.is_some();
        let hash: String = member
            .map(|r| r.get(0))
            .unwrap_or_else(|| staff::decoy_hash().to_owned());
        (tried, hash, device, is_member)
    };
    // No connection is held while argon2 runs, and only a few run at once: a flood of logins
    // queues here instead of taking the CPU and the pool from the kiosks.
    let matches = {
        let _turn = hashing
            .acquire()
            .await
            .map_err(|e| HubError::Usage(e.to_string()))?;
        let password = password.to_owned();
        tokio::task::spawn_blocking(move || staff::password_matches(&hash, &password))
            .await
            .unwrap_or(false)
    } && is_member;
    let client = pool.get().await?;
    if !matches {
        // Only a member's name goes in the audit: what a stranger typed (maybe a password in
        // the name field) does not.
        let shown = if is_member { name } else { "(not a member)" };
        audit::record(
            &client,
            &Entry {
                staff: shown,
                action: "login_failed",
                ..Default::default()
            },
        )
        .await?;
        // Audited one by one; logged once a minute (many addresses can each try a few).
        static FAILED: OncePerMinute = OncePerMinute::new();
        if let Some(failed) = FAILED.tick() {
            tracing::info!(failed, "console logins failed (logged once a minute)");
        }
        return Ok(Login::Failed);
    }
    client
        .execute(
            "DELETE FROM console_login_failures WHERE id = $1",
            &[&tried],
        )
        .await?;
    let session = random_hex()?;
    let csrf = random_hex()?;
    let device = match device_cookie.filter(|_| device.is_some()) {
        Some(d) => d.to_owned(),
        None => {
            let d = random_hex()?;
            client
                .execute(
                    "INSERT INTO console_devices (token_sha256, staff) VALUES ($1, $2)",
                    &[&digest(&d), &name],
                )
                .await?;
            d
        }
    };
    client
        .execute(
            "INSERT INTO console_sessions (token_sha256, staff, csrf) VALUES ($1, $2, $3)",
            &[&digest(&session), &name, &csrf],
        )
        .await?;
    audit::record(
        &client,
        &Entry {
            staff: name,
            action: "login",
            ..Default::default()
        },
    )
    .await?;
    tracing::info!(staff = name, "console login");
    Ok(Login::Ok { session, device })
}

/// Ends the request's session.
pub async fn logout(pool: &Pool, headers: &HeaderMap, who: &Signed) -> Result<(), HubError> {
    let Some(token) = cookie(headers, SESSION) else {
        return Ok(());
    };
    let client = pool.get().await?;
    client
        .execute(
            "UPDATE console_sessions SET ended_at = now() WHERE token_sha256 = $1",
            &[&digest(token)],
        )
        .await?;
    audit::record(
        &client,
        &Entry {
            staff: &who.name,
            action: "logout",
            ..Default::default()
        },
    )
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookies_are_found_among_several_headers_and_pairs() {
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_static("a=1; __Host-lh_session=abc"),
        );
        h.append(header::COOKIE, HeaderValue::from_static("b=2"));
        assert_eq!(cookie(&h, SESSION), Some("abc"));
        assert_eq!(cookie(&h, "b"), Some("2"));
        assert_eq!(cookie(&h, "c"), None);
        let set = set_cookie(SESSION, "v", None);
        let set = set.to_str().unwrap();
        for part in ["HttpOnly", "Secure", "SameSite=Strict", "Path=/"] {
            assert!(set.contains(part), "{set}");
        }
    }

    #[test]
    fn tokens_compare_whole_and_never_empty() {
        assert!(same_token("abc", "abc"));
        assert!(!same_token("abd", "abc"));
        assert!(!same_token("", ""));
    }
}
