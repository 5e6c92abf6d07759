//! Front-desk staff accounts for the console: a name, a role and an argon2id password hash.
//! `lobby-hub staff add|password|disable|list` manage them; every change is audited.

use argon2::{Argon2, PasswordHash, PasswordHasher, PasswordVerifier};
use deadpool_postgres::Pool;

use crate::HubError;

/// What a member may do: `desk` unlocks bookings and lifts pumping pauses; `it` also resets a
/// kiosk's locked staff PIN pad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Desk,
    It,
}

impl Role {
    pub fn parse(text: &str) -> Result<Role, HubError> {
        match text {
            "desk" => Ok(Role::Desk),
            "it" => Ok(Role::It),
            other => Err(HubError::Usage(format!(
                "{other:?} is not a role: use desk (front desk) or it (hotel IT)"
            ))),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Desk => "desk",
            Role::It => "it",
        }
    }
}

/// Passwords shorter than this are refused: the console is reachable from the desk's network.
pub const MIN_PASSWORD: usize = 12;

/// Staff names: what a person types at the login form; the kiosk ids' rule.
pub fn valid_name(name: &str) -> bool {
    crate::kiosks::valid_name(name)
}

fn check_password(password: &str) -> Result<(), HubError> {
    let n = password.chars().count();
    if !(MIN_PASSWORD..=256).contains(&n) {
        return Err(HubError::Usage(format!(
            "a staff password must have {MIN_PASSWORD} to 256 characters (this one has {n})"
        )));
    }
    Ok(())
}

/// An argon2id PHC string of `password` with a fresh random salt from the OS (argon2's
/// default cost).
pub fn hash_password(password: &str) -> Result<String, HubError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| HubError::Usage(format!("cannot hash the password: {e}")))
}

/// Whether `password` matches `phc` (argon2 compares in constant time).
pub fn password_matches(phc: &str, password: &str) -> bool {
    PasswordHash::new(phc)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash to verify against when the name is unknown, so an unknown name costs the same time
/// as a wrong password and does not tell a stranger which names exist.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a password of anyone's").unwrap_or_default())
}

/// Adds a member; `by` is who ran the command (for the audit).
pub async fn add(
    pool: &Pool,
    name: &str,
    role: Role,
    password: &str,
    by: &str,
) -> Result<(), HubError> {
    if !valid_name(name) {
        return Err(HubError::Usage(format!(
            "{name:?} is not a staff name: letters, digits, '-', '_', '.' (1 to 64)"
        )));
    }
    check_password(password)?;
    let hash = hash_password(password)?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let n = tx
        .execute(
            "INSERT INTO staff (name, role, password_hash) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO NOTHING",
            &[&name, &role.as_str(), &hash],
        )
        .await?;
    if n == 0 {
        return Err(HubError::Usage(format!(
            "staff member {name} already exists; `lobby-hub staff password {name}` sets a new password"
        )));
    }
    crate::audit::record(
        &tx,
        &crate::audit::Entry {
            staff: by,
            action: "staff_added",
            detail: serde_json::json!({"member": name, "role": role.as_str()}),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a new password and ends the member's sessions (and lifts a disable).
pub async fn set_password(
    pool: &Pool,
    name: &str,
    password: &str,
    by: &str,
) -> Result<(), HubError> {
    check_password(password)?;
    let hash = hash_password(password)?;
    change(pool, name, by, "staff_password_set", Some(&hash)).await
}

/// Disables a member: no login, and every open session ends now.
pub async fn disable(pool: &Pool, name: &str, by: &str) -> Result<(), HubError> {
    change(pool, name, by, "staff_disabled", None).await
}

async fn change(
    pool: &Pool,
    name: &str,
    by: &str,
    action: &str,
    new_hash: Option<&str>,
) -> Result<(), HubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let n = match new_hash {
        Some(hash) => {
            tx.execute(
                "UPDATE staff SET password_hash = $2, disabled_at = NULL WHERE name = $1",
                &[&name, &hash],
            )
            .await?
        }
        None => {
            tx.execute(
                "UPDATE staff SET disabled_at = now() WHERE name = $1",
                &[&name],
            )
            .await?
        }
    };
    if n == 0 {
        return Err(HubError::Usage(format!(
            "no staff member named {name}; `lobby-hub staff list` shows them"
        )));
    }
    tx.execute(
        "UPDATE console_sessions SET ended_at = now() WHERE staff = $1 AND ended_at IS NULL",
        &[&name],
    )
    .await?;
    // Her browsers are no longer trusted to skip a stranger's throttle either.
    tx.execute("DELETE FROM console_devices WHERE staff = $1", &[&name])
        .await?;
    crate::audit::record(
        &tx,
        &crate::audit::Entry {
            staff: by,
            action,
            detail: serde_json::json!({"member": name}),
            ..Default::default()
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// (name, role, disabled) of every member.
pub async fn list(pool: &Pool) -> Result<Vec<(String, String, bool)>, HubError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT name, role, disabled_at IS NOT NULL FROM staff ORDER BY name",
            &[],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2)))
        .collect())
}
