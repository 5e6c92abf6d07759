//! `kiosk hash-pin`: the PIN comes from standard input, never argv (argv shows in `ps` and
//! shell history). Only the pepper is read from the config: IT runs this while the file is
//! still half-way out of demo mode, so nothing else in it may stop the command.

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use zeroize::Zeroizing;

use super::CliError;
use crate::config::Config;

pub fn run(path: &Path) -> Result<(), CliError> {
    let (pepper, warnings) = Config::load_pin_pepper(path)?;
    for warning in &warnings {
        eprintln!("kiosk: {warning}");
    }
    let pin = Zeroizing::new(if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Staff PIN (6-12 digits, not shown): ")?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line
    });
    let pin = pin.trim();
    let hash = crate::pin::hash_pin(pin, &pepper).map_err(|e| CliError::Input(e.to_string()))?;
    println!("{hash}");
    Ok(())
}
