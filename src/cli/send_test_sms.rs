//! `kiosk send-test-sms --to NUMBER [--gateway NAME]`: proves the SMS chain works before a
//! guest needs it, and says which gateway accepted the message and how long it took.

use std::path::Path;

use super::{CliError, load_config};

pub fn run(config_path: &Path, to: &str, gateway: Option<&str>) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let _log = crate::logging::init_stderr(&config.logging.level);
    match crate::gateway::send_test_sms_report_blocking(&config, to, gateway) {
        Ok(report) => {
            print!("{report}");
            Ok(())
        }
        Err(crate::gateway::SendTestError::Failed { report, .. }) => {
            print!("{report}");
            Err(CliError::Unavailable(
                "no gateway accepted the test message; see the lines above for what each answered"
                    .to_owned(),
            ))
        }
        Err(e @ crate::gateway::SendTestError::BadNumber { .. }) => {
            Err(CliError::Input(e.to_string()))
        }
        Err(e) => Err(CliError::Unavailable(e.to_string())),
    }
}
