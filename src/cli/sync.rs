//! `kiosk sync [--once | --retry-quarantined]`: the upstream syncer without the GUI. A round
//! that could not reach the upstream, or was refused for now, exits 1 after its report.

use std::path::Path;

use super::{CliError, Exit};

pub fn run(config_path: &Path, once: bool, retry_quarantined: bool) -> Result<Exit, CliError> {
    // A long-running service: log to the daily file as well, at the configured level.
    let config = super::load_config(config_path)?;
    let _log = crate::logging::init_with_file(&config.logging)?;
    if retry_quarantined {
        let n = crate::sync::retry_quarantined_cli(config_path)?;
        println!("{n} quarantined event(s) will be offered again at the next push");
    } else if once {
        let report = crate::sync::run_once_cli(config_path)?;
        println!("{report}");
        if !report.outcome.is_done() {
            return Ok(Exit::Retry);
        }
    } else {
        crate::sync::run_forever(config_path)?;
    }
    Ok(Exit::Done)
}
