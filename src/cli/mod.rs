//! The `kiosk` command line: the GUI by default, and the subcommands hotel IT uses to configure,
//! check and feed a kiosk. One file per subcommand.

mod backup;
mod check_config;
mod hash_pin;
mod import;
mod journal;
mod restore;
mod run;
mod send_test_sms;
mod staff;
mod status;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::{CONFIG_ENV, Config, ConfigError};
use crate::store::{Store, StoreError};

#[derive(Debug, Parser)]
#[command(
    name = "kiosk",
    version,
    about = "lobby-kiosk: hotel self check-in with SMS verification"
)]
pub struct Cli {
    /// Path to kiosk.toml.
    #[arg(long, global = true, env = CONFIG_ENV, default_value = "kiosk.toml", value_name = "PATH")]
    pub config: PathBuf,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the fullscreen kiosk (the default).
    Run,
    /// Validate kiosk.toml and print a summary; exit 2 on any problem.
    CheckConfig,
    /// Read a staff PIN from standard input and print its argon2id hash for [[staff]] pin_hash.
    HashPin,
    /// Import reservations from a .csv or .json file: all rows or none.
    ImportReservations {
        /// The file to import.
        file: PathBuf,
    },
    /// Show journal size, sync backlog, lockouts and the last sync result.
    Status,
    /// Send a test SMS through the configured gateways (or one of them).
    SendTestSms {
        /// Destination, in international form (e.g. +447400123456).
        #[arg(long)]
        to: String,
        /// Use only this gateway (by its `name`), ignoring its circuit breaker.
        #[arg(long)]
        gateway: Option<String>,
    },
    /// Push the journal upstream, pull arrivals and take remote commands, in a loop.
    Sync {
        /// One round, then exit.
        #[arg(long, conflicts_with = "retry_quarantined")]
        once: bool,
        /// Offer quarantined (rejected) events again after IT fixed the cause.
        #[arg(long)]
        retry_quarantined: bool,
    },
    /// Write a verified copy of the database to FILE while the kiosk keeps running.
    Backup {
        /// The backup file to write (best on another disk; never next to the key files).
        file: PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Replace the database with a backup, the kiosk stopped; the replaced one is kept beside it.
    Restore {
        /// The backup file (from `kiosk backup`, or a `<db>.pre-vN.bak` the kiosk took).
        file: PathBuf,
        /// The install key saved with the backup, when it is not at [store] key_file.
        #[arg(long, value_name = "PATH")]
        key_file: Option<PathBuf>,
    },
    /// Read the journal.
    Journal {
        #[command(subcommand)]
        action: JournalAction,
    },
    /// Staff PIN pad administration.
    Staff {
        #[command(subcommand)]
        action: StaffAction,
    },
}

#[derive(Debug, Subcommand)]
pub enum StaffAction {
    /// Clear the PIN pad's wrong-PIN count and lock (audited with who and why).
    ResetPad {
        /// Who is resetting it (written into the journal).
        #[arg(long, value_name = "NAME")]
        by: String,
        /// Why (written into the journal).
        #[arg(long, value_name = "TEXT")]
        reason: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum JournalAction {
    /// Write events as JSON Lines to standard output.
    Export {
        /// Only events with a sequence number greater than this.
        #[arg(long, default_value_t = 0)]
        since: i64,
    },
}

/// Why a command failed, and with which exit status.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    #[error("{0}")]
    Config(#[from] ConfigError),
    #[error("{0}")]
    Store(#[from] StoreError),
    #[error("{0}")]
    Import(#[from] crate::import::ImportError),
    #[error("{0}")]
    Demo(#[from] crate::demo::DemoError),
    #[error("{0}")]
    Log(#[from] crate::logging::LogError),
    #[error("{0}")]
    Sync(#[from] crate::sync::SyncError),
    #[error("{0}")]
    Backup(#[from] crate::store::BackupError),
    #[error("{0}")]
    Restore(#[from] crate::store::RestoreError),
    #[error("{0}")]
    Input(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("{0}")]
    Unavailable(String),
}

impl CliError {
    /// 2 for anything the operator must fix (config, input files, the database), 1 otherwise.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Io(_) | CliError::Unavailable(_) => 1,
            // Another process held the database past the busy timeout: worth a retry.
            CliError::Backup(crate::store::BackupError::Store(StoreError::Busy))
            | CliError::Restore(crate::store::RestoreError::Store(StoreError::Busy)) => 1,
            CliError::Sync(e) => match e {
                crate::sync::SyncError::Config(_)
                | crate::sync::SyncError::Store(_)
                | crate::sync::SyncError::Disabled { .. }
                | crate::sync::SyncError::Tls(_) => 2,
                _ => 1,
            },
            _ => 2,
        }
    }
}

pub(crate) fn load_config(path: &Path) -> Result<Config, CliError> {
    Ok(Config::load(path)?)
}

pub(crate) fn open_store(config: &Config) -> Result<Store, CliError> {
    Ok(Store::open_config(&config.store)?)
}

/// Parses arguments, runs the command, and maps the outcome to an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("kiosk: {e}");
            ExitCode::from(e.exit_code())
        }
    }
}

fn dispatch(cli: Cli) -> Result<(), CliError> {
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => run::run(&cli.config),
        Command::CheckConfig => check_config::run(&cli.config),
        Command::HashPin => hash_pin::run(&cli.config),
        Command::ImportReservations { file } => import::run(&cli.config, &file),
        Command::Status => status::run(&cli.config),
        Command::SendTestSms { to, gateway } => {
            send_test_sms::run(&cli.config, &to, gateway.as_deref())
        }
        Command::Sync {
            once,
            retry_quarantined,
        } => sync::run(&cli.config, once, retry_quarantined),
        Command::Backup { file, force } => backup::run(&cli.config, &file, force),
        Command::Restore { file, key_file } => {
            restore::run(&cli.config, &file, key_file.as_deref())
        }
        Command::Journal {
            action: JournalAction::Export { since },
        } => journal::export(&cli.config, since),
        Command::Staff {
            action: StaffAction::ResetPad { by, reason },
        } => staff::reset_pad(&cli.config, &by, &reason),
    }
}
