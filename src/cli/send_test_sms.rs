//! `kiosk send-test-sms --to NUMBER [--gateway NAME]`: proves the SMS chain works before a
//! guest needs it, and says which gateway accepted the message and how long it took. The
//! number gets the guest sends' checks and the test send counts toward the kiosk's caps; every
//! try is journaled (`test_sms`). Exit 1 when the gateways failed or a limit said "later",
//! 2 for a number or gateway name to fix.

use std::path::Path;

use super::{CliError, load_config, open_store};
use crate::clock::SystemClock;
use crate::test_sms::send_and_report_blocking;

pub fn run(config_path: &Path, to: &str, gateway: Option<&str>) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    let _log = crate::logging::init_stderr(&config.logging.level);
    let mut store = open_store(&config)?;
    match send_and_report_blocking(&config, &mut store, &SystemClock, to, gateway) {
        Ok(report) => {
            println!("{report}");
            Ok(())
        }
        Err(e) => {
            // What each gateway answered goes to stdout like a success's report; the error's
            // one-line summary follows on stderr.
            if let crate::test_sms::SendTestError::Failed { report, .. } = &e
                && e.tried()
            {
                println!("{report}");
            }
            Err(e.into())
        }
    }
}
