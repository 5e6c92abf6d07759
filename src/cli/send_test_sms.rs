//! `kiosk send-test-sms --to NUMBER [--gateway NAME]`: proves the SMS chain works before a
//! guest needs it, and says which gateway accepted the message and how long it took. The
//! number gets the guest sends' checks and the test send counts toward the kiosk's caps; every
//! try is journaled (`test_sms`).

use std::path::Path;

use super::{CliError, load_config, open_store};
use crate::clock::SystemClock;
use crate::test_sms::{SendTestError, send_and_report_blocking};

pub fn run(config_path: &Path, to: &str, gateway: Option<&str>) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let _log = crate::logging::init_stderr(&config.logging.level);
    let mut store = open_store(&config)?;
    match send_and_report_blocking(&config, &mut store, &SystemClock, to, gateway) {
        Ok(report) => {
            println!("{report}");
            Ok(())
        }
        Err(SendTestError::Failed { report, .. }) => {
            println!("{report}");
            Err(CliError::Unavailable(
                "no gateway accepted the test message; see the lines above for what each answered"
                    .to_owned(),
            ))
        }
        Err(SendTestError::Refused(refusal)) if refusal.is_number() => {
            Err(CliError::Input(format!("no test SMS was sent: {refusal}")))
        }
        Err(SendTestError::Refused(refusal)) => Err(CliError::Unavailable(format!(
            "no test SMS was sent: {refusal}"
        ))),
        Err(SendTestError::Store(e)) => Err(CliError::Store(e)),
        Err(e) => Err(CliError::Unavailable(e.to_string())),
    }
}
