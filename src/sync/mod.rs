//! Upstream sync (protocol v1, docs/upstream.md): push the journal exactly once and in order,
//! pull arrivals into the cache, apply remote lock/unlock commands, and keep working offline.

mod backoff;
mod client;
mod commands;
mod lease;
mod pull;
mod push;
mod retention;
mod status;
mod worker;

use std::path::PathBuf;

pub use crate::tls::install_crypto_provider;
pub use backoff::{AUTH_RETRY, BACKOFF_CAP, backoff_delay};
pub use client::{BACKLOG, CallError, UpstreamClient};
pub use commands::{Command, CommandTally, CommandsResponse, REMOTE_LOCK_REASON, apply_commands};
pub use lease::Lease;
pub use pull::{ArrivalsResponse, PullTally, apply_arrivals};
pub use push::{PushRequest, PushResponse, PushTally, Rejection, WireEvent, retry_quarantined};
pub use retention::{RetentionReport, apply_retention};
pub use status::CREDENTIALS_REFUSED;
pub use status::{SyncStatus, human_age, sync_status};
pub use worker::{
    Outcome, SyncReport, Syncer, human_wait, next_attempt, retry_quarantined_cli, run_forever,
    run_once_cli,
};

use crate::config::ConfigError;
use crate::store::StoreError;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("upstream sync is not enabled in {path}; set [upstream] enabled = true with url and token_env or token_file", path = path.display())]
    Disabled { path: PathBuf },
    #[error("another syncer already runs for {db} (lock file {lock}{holder}); only one may sync a database: stop the other one (the kiosk GUI or `kiosk sync`) first", db = db.display(), lock = lock.display(), holder = holder.map(|p| format!(", held by pid {p}")).unwrap_or_default())]
    AlreadyRunning {
        db: PathBuf,
        lock: PathBuf,
        holder: Option<u32>,
    },
    #[error("cannot take the sync lock {path}: {reason}; check that the kiosk's user may write next to the database", path = path.display())]
    LockFile { path: PathBuf, reason: String },
    #[error(
        "cannot set up the upstream TLS client: {0}; check [upstream] ca_file, client_cert and client_key"
    )]
    Tls(String),
    #[error("cannot start the sync runtime: {0}")]
    Runtime(String),
    #[error("a database task failed: {0}")]
    Task(String),
}

/// `meta` keys the sync keeps between runs (no schema of its own: v1 has the journal's
/// `synced_at`/`quarantined` columns and this key/value table).
pub(crate) mod keys {
    pub const PULL_CURSOR: &str = "sync.pull_cursor";
    pub const PULL_OK_MS: &str = "sync.pull_ok_ms";
    pub const LAST_COMMAND: &str = "sync.last_command_id";
    pub const LAST_SUCCESS_MS: &str = "sync.last_success_ms";
    pub const LAST_ERROR: &str = "sync.last_error";
    pub const LAST_ERROR_MS: &str = "sync.last_error_ms";
    pub const FAILURES: &str = "sync.failures";
    /// When the current run of failed rounds began; gone after a success.
    pub const FAILING_SINCE_MS: &str = "sync.failing_since_ms";
    pub const RETRY_AT_MS: &str = "sync.retry_at_ms";
    pub const AUTH_REFUSED_MS: &str = "sync.auth_refused_ms";
    pub const AUTH_REFUSED_TOKEN: &str = "sync.auth_refused_token";
}
