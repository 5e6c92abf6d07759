//! `kiosk rotate-otp-key --by NAME --reason TEXT`: replaces the install key (it keys the hashes
//! of codes and phone numbers) after a suspected leak. The kiosk must be stopped: a running
//! kiosk keeps the old key in memory. Audited (`install_key_rotated`).

use std::path::Path;

use super::{CliError, load_config, open_existing_store};

pub fn run(config_path: &Path, by: &str, reason: &str) -> Result<(), CliError> {
    let (by, reason) = (by.trim(), reason.trim());
    if by.is_empty() {
        return Err(CliError::Input(
            "--by must name you (the rotation is audited with it), e.g. --by \"Ana (IT)\"".into(),
        ));
    }
    if reason.is_empty() {
        return Err(CliError::Input(
            "--reason must say why the key is replaced (it is audited), e.g. --reason \"disk image copied\"".into(),
        ));
    }
    let config = load_config(config_path)?;
    // A running `kiosk sync` or kiosk with sync holds the lease: refuse while it runs.
    let _lease = crate::sync::Lease::acquire(&config.store.path).map_err(|e| match e {
        crate::sync::SyncError::AlreadyRunning { holder, .. } => CliError::Input(format!(
            "the kiosk is running{}: stop it (the GUI and `kiosk sync`) first, a running kiosk keeps the old key in memory",
            holder.map(|p| format!(" (pid {p})")).unwrap_or_default()
        )),
        other => CliError::Sync(other),
    })?;
    // A kiosk without sync holds no lease, but it has the database open.
    crate::store::refuse_if_in_use(&config.store.path, &config.store.options()).map_err(
        |e| match e {
            crate::store::RestoreError::Running { what } => CliError::Input(format!(
                "the kiosk may be running: {what}; stop it first, a running kiosk keeps the old key in memory"
            )),
            other => CliError::Restore(other),
        },
    )?;
    let mut store = open_existing_store(&config)?;
    let done = crate::otp::rotate::rotate_install_key(
        &mut store,
        &config.store.key_file,
        jiff::Timestamp::now(),
        by,
        reason,
    )?;
    println!(
        "The install key in {} is new. {} open code(s) were voided (guests ask for a new one); the limits of {} phone(s) were carried over.",
        config.store.key_file.display(),
        done.voided_codes,
        done.rekeyed_phones
    );
    println!(
        "The old key is kept in {}: backups made before now need it to be restored. Move it to where you keep those backups' keys (never beside them), or delete it once they are gone.",
        done.retired_key.display()
    );
    Ok(())
}
