//! `kiosk hash-pin`: the PIN comes from standard input, never argv (argv shows in `ps` and
//! shell history).

use std::io::{BufRead, IsTerminal};
use std::path::Path;

use zeroize::Zeroizing;

use super::{CliError, load_config};

pub fn run(path: &Path) -> Result<(), CliError> {
    let config = load_config(path)?;
    let pepper = config.pin_pepper.as_ref().ok_or_else(|| {
        CliError::Input(
            "no PIN pepper configured: set [security] pin_pepper_env or pin_pepper_file first, so hashes are useless without it"
                .to_owned(),
        )
    })?;
    let pin = Zeroizing::new(if std::io::stdin().is_terminal() {
        rpassword::prompt_password("Staff PIN (6-12 digits, not shown): ")?
    } else {
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line)?;
        line
    });
    let pin = pin.trim();
    let hash = crate::pin::hash_pin(pin, pepper).map_err(|e| CliError::Input(e.to_string()))?;
    println!("{hash}");
    Ok(())
}
