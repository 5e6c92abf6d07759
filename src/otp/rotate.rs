//! Rotating the install key after a suspected leak (a copied disk, a key file left where it
//! should not be). Codes already sent are voided: their hashes were made with the old key. The
//! per-phone limits of every phone the kiosk still knows move to the new key, so a rotation
//! never hands anyone fresh sends or guesses; limits of phones it no longer knows start afresh.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use rusqlite::params;
use serde_json::json;

use super::OtpError;
use super::mac::CodeMac;
use crate::store::{EventKind, Store, StoreError, journal};

/// What a rotation did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rotation {
    /// Codes sent and not yet used, now void (the guest asks for a new one).
    pub voided_codes: usize,
    /// Phones whose limits were carried over to the new key.
    pub rekeyed_phones: usize,
    /// Where the old key was kept: backups made before the rotation need it.
    pub retired_key: PathBuf,
}

/// Replaces the install key in `key_file`; journals `install_key_rotated` with who and why.
/// The kiosk must not be running: a running process keeps the old key in memory.
pub fn rotate_install_key(
    store: &mut Store,
    key_file: &Path,
    now: Timestamp,
    by: &str,
    reason: &str,
) -> Result<Rotation, OtpError> {
    let ((voided_codes, rekeyed_phones), retired_key) =
        store.rotate_install_key(key_file, now, |tx, old, new| {
            let macs = |bytes: &[u8]| {
                CodeMac::new(bytes.to_vec())
                    .map_err(|e| StoreError::Corrupt(format!("install key: {e}")))
            };
            let (old, new) = (macs(old)?, macs(new)?);
            let voided = tx.execute(
                "UPDATE otp_challenges SET state = 'cancelled' WHERE state = 'active'",
                [],
            )?;
            let rekeyed = carry_over_phone_limits(tx, &old, &new)?;
            journal::append(
                tx,
                now,
                EventKind::InstallKeyRotated,
                None,
                json!({"staff": by, "reason": reason, "source": "cli", "voided_codes": voided, "rekeyed_phones": rekeyed}),
            )?;
            Ok((voided, rekeyed))
        })?;
    tracing::warn!(
        voided_codes,
        rekeyed_phones,
        retired_key = %retired_key.display(),
        "install key rotated"
    );
    Ok(Rotation {
        voided_codes,
        rekeyed_phones,
        retired_key,
    })
}

/// Per-phone limit keys are the phone's pseudonym under the install key, alone or after a
/// lookup path's prefix (`name:`): each known phone's old pseudonym is replaced by its new one.
fn carry_over_phone_limits(
    tx: &rusqlite::Transaction<'_>,
    old: &CodeMac,
    new: &CodeMac,
) -> Result<usize, StoreError> {
    let mut phones = BTreeSet::new();
    for sql in [
        "SELECT phone FROM reservations WHERE phone IS NOT NULL",
        "SELECT DISTINCT phone FROM otp_challenges",
        "SELECT DISTINCT phone FROM notices WHERE phone IS NOT NULL",
    ] {
        let mut stmt = tx.prepare(sql)?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for phone in rows {
            phones.insert(phone?);
        }
    }
    let mut rekeyed = 0;
    for phone in &phones {
        let (from, to) = (old.phone_key(phone), new.phone_key(phone));
        let mut moved = 0;
        for table in ["limit_events", "cooldowns"] {
            moved += tx.execute(
                &format!("UPDATE {table} SET key = replace(key, ?1, ?2) WHERE instr(key, ?1) > 0"),
                params![from, to],
            )?;
        }
        if moved > 0 {
            rekeyed += 1;
        }
    }
    Ok(rekeyed)
}
