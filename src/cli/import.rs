//! `kiosk import-reservations FILE`.

use std::path::Path;

use super::{CliError, load_config, open_store};

pub fn run(config_path: &Path, file: &Path) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let _log = crate::logging::init_stderr(&config.logging.level);
    let mut store = open_store(&config)?;
    let summary = crate::import::import_file(
        &mut store,
        file,
        &config.kiosk.country,
        jiff::Timestamp::now(),
    )?;
    println!(
        "{}: imported {} new and {} updated reservation(s)",
        file.display(),
        summary.inserted,
        summary.updated
    );
    Ok(())
}
