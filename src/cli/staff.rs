//! `kiosk staff reset-pad --by NAME --reason TEXT`: IT clears the staff PIN pad's wrong-PIN count
//! and lock (after checking that the wrong PINs were a staff member's, not a guess). Who and
//! why are required and journaled (`staff_override`, `action: "reset_pad"`).

use std::path::Path;

use super::{CliError, load_config, open_existing_store};
use crate::staff::{self, PadReset, StaffError};

pub fn reset_pad(config_path: &Path, by: &str, reason: &str) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    // A reset writes, but into the kiosk's database only: never into a fresh one at a typo.
    let mut store = open_existing_store(&config)?;
    let now = jiff::Timestamp::now();
    let done = staff::reset_pad(
        &mut store,
        now,
        &config.kiosk.id,
        PadReset { by, reason },
    )
    .map_err(|e| match e {
        StaffError::OperatorRequired => CliError::Input(
            "--by must name you (the reset is audited with it), e.g. --by \"Ana (IT)\"".to_owned(),
        ),
        StaffError::ReasonRequired => CliError::Input(
            "--reason must say why the pad is reset (it is audited), e.g. --reason \"Ana forgot her PIN\""
                .to_owned(),
        ),
        other => CliError::Staff(other),
    })?;
    if done.was_locked {
        println!(
            "The staff PIN pad was locked; it is open again ({} wrong PINs forgotten).",
            done.failures
        );
    } else {
        println!(
            "The staff PIN pad was not locked; {} wrong PINs forgotten.",
            done.failures
        );
    }
    Ok(())
}
