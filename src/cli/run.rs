//! `kiosk run`: open the store, load demo data when enabled, and start the GUI.

use std::path::Path;

use super::{CliError, load_config, open_store};

pub fn run(config_path: &Path) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let _log = crate::logging::init_with_file(&config.logging)?;
    let mut store = open_store(&config)?;
    let seeded = crate::demo::seed(&mut store, &config, jiff::Timestamp::now())?;
    if config.demo.enabled {
        tracing::info!(
            inserted = seeded.inserted,
            updated = seeded.updated,
            "demo mode: demo reservations loaded"
        );
    }
    Err(CliError::Unavailable(
        "the kiosk GUI is not part of this build yet; `kiosk check-config`, `import-reservations`, `status` and `journal export` work"
            .to_owned(),
    ))
}
