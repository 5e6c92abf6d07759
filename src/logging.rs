//! Logging: human-readable lines to stderr plus a daily-rotated file with bounded retention.
//! Modules log masked phones only and never codes, PINs or tokens; a test proves it.

use std::path::PathBuf;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::EnvFilter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

use crate::config::LoggingConfig;

#[derive(Debug, thiserror::Error)]
pub enum LogError {
    #[error("cannot create the log directory {dir}: {reason}; check [logging] dir", dir = dir.display())]
    Dir { dir: PathBuf, reason: String },
}

/// Keeps the background log writer alive; drop it last so buffered lines reach the file.
pub struct LogGuard {
    _writer: Option<WorkerGuard>,
}

fn filter(level: &str) -> EnvFilter {
    // RUST_LOG wins so IT can raise verbosity for one run without editing kiosk.toml.
    EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level))
}

/// Logs to stderr only (before the config is known, or for one-shot commands).
pub fn init_stderr(level: &str) -> LogGuard {
    let _ = tracing_subscriber::registry()
        .with(filter(level))
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false),
        )
        .try_init();
    LogGuard { _writer: None }
}

/// Logs to stderr and to `<dir>/kiosk.YYYY-MM-DD.log`, keeping `keep_files` days.
pub fn init_with_file(config: &LoggingConfig) -> Result<LogGuard, LogError> {
    std::fs::create_dir_all(&config.dir).map_err(|e| LogError::Dir {
        dir: config.dir.clone(),
        reason: e.to_string(),
    })?;
    let appender = Builder::new()
        .rotation(Rotation::DAILY)
        .filename_prefix("kiosk")
        .filename_suffix("log")
        .max_log_files(config.keep_files)
        .build(&config.dir)
        .map_err(|e| LogError::Dir {
            dir: config.dir.clone(),
            reason: e.to_string(),
        })?;
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let _ = tracing_subscriber::registry()
        .with(filter(&config.level))
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_target(false),
        )
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(writer)
                .with_ansi(false),
        )
        .try_init();
    Ok(LogGuard {
        _writer: Some(guard),
    })
}
