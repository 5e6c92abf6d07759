//! `kiosk backup FILE [--force]`: a verified copy of the database while the kiosk runs, and what
//! else a restore needs (the key files, which must travel apart from it).

use std::path::Path;

use super::{CliError, load_config};

pub fn run(config_path: &Path, file: &Path, force: bool) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let store = &config.store;
    let report = crate::store::backup(&store.path, &store.options(), file, force)?;
    println!(
        "backup written to {} (schema v{}, {} bytes, {}; integrity_check ok)",
        report.path.display(),
        report.schema_version,
        report.bytes,
        if report.encrypted {
            "encrypted with the database's key"
        } else {
            "NOT encrypted"
        }
    );
    println!("A restore also needs, kept apart from this file (never in the same place):");
    println!(
        "  install key     {}  (it keys the code and phone hashes in the backup: whoever holds both can brute-force them; without it open codes stop verifying and limits reset)",
        store.key_file.display()
    );
    if report.encrypted {
        println!(
            "  encryption key  {}  (the backup cannot be read without it)",
            store.encryption_key.source()
        );
    } else {
        println!(
            "  (no encryption key: [store] encryption is off, so the file holds guest names and phones in the clear; keep it as safe as the kiosk itself)"
        );
    }
    println!(
        "Restore with: kiosk restore {} (with the kiosk stopped; --key-file PATH if the install key is elsewhere)",
        report.path.display()
    );
    let beside_key = |dir: Option<&Path>| {
        let dir = dir
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        std::fs::canonicalize(dir).ok()
    };
    if beside_key(report.path.parent())
        .is_some_and(|d| Some(d) == beside_key(store.key_file.parent()))
    {
        eprintln!(
            "kiosk: warning: the backup is in the same directory as the install key ({}); copy the backup elsewhere without the key",
            store.key_file.display()
        );
    }
    Ok(())
}
