//! `kiosk journal export [--since SEQ]`: JSON Lines, streamed in pages so a large journal never
//! sits in memory at once.

use std::io::Write;
use std::path::Path;

use super::{CliError, load_config, open_existing_store};

const PAGE: usize = 1000;

pub fn export(config_path: &Path, since: i64) -> Result<(), CliError> {
    let config = load_config(config_path)?;
    // Exporting reads: a mistyped [store] path must not leave an empty database behind.
    let store = open_existing_store(&config)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut after = since;
    loop {
        let page = store.journal_since(after, PAGE)?;
        for event in &page {
            serde_json::to_writer(&mut out, event).map_err(std::io::Error::from)?;
            writeln!(out)?;
        }
        match page.last() {
            Some(last) if page.len() == PAGE => after = last.seq,
            _ => break,
        }
    }
    out.flush()?;
    Ok(())
}
