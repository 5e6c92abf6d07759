//! The `kiosk` command line: the GUI by default, and the subcommands hotel IT uses to configure,
//! check and feed a kiosk. One file per subcommand.

mod backup;
mod check_config;
mod hash_pin;
mod import;
mod journal;
mod restore;
mod rotate_key;
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

/// The exit-status rule every command follows, as `kiosk --help` prints it (README "Exit
/// status" says the same with each command's cases).
pub const EXIT_STATUS_HELP: &str = "\
Exit status (every command):
  0  done (`kiosk status`: healthy)
  1  a transient failure worth a retry: the network, an SMS gateway or the upstream down or
     refusing for now, a send limit reached, the database locked by another process
     (`kiosk status`: unhealthy for now)
  2  something the operator must fix: the config, the input, an unknown gateway name, the
     store missing or unreadable, a database from a newer kiosk";

#[derive(Debug, Parser)]
#[command(
    name = "kiosk",
    version,
    about = "lobby-kiosk: hotel self check-in with SMS verification",
    after_help = EXIT_STATUS_HELP
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
    /// Show journal size, sync backlog, lockouts, gateways and sync, and whether the kiosk is
    /// healthy: exit 0 healthy, 1 unhealthy for now, 2 store or config broken.
    Status {
        /// One JSON object (with `healthy` and `problems`) for monitoring.
        #[arg(long)]
        json: bool,
    },
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
    /// Replace the install key (it keys code and phone hashes) after a suspected leak; stop the
    /// kiosk first. Open codes are voided; per-phone limits carry over. Audited.
    RotateOtpKey {
        /// Who is rotating it (written into the journal).
        #[arg(long, value_name = "NAME")]
        by: String,
        /// Why (written into the journal).
        #[arg(long, value_name = "TEXT")]
        reason: String,
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

/// How a command ended, as its exit status (see [`EXIT_STATUS_HELP`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done.
    Done,
    /// 1: a transient failure worth a retry (network, a gateway or the upstream down or
    /// refusing for now); for `kiosk status`, unhealthy for now.
    Retry,
    /// 2: something the operator must fix (config, input, the store missing or unreadable).
    Fix,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Done => 0,
            Exit::Retry => 1,
            Exit::Fix => 2,
        }
    }
}

/// Why a command failed. [`CliError::exit`] maps every case to the exit-status rule; its
/// matches name every variant, so a new error has to be classified to compile.
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
    TestSms(#[from] crate::test_sms::SendTestError),
    #[error("{0}")]
    Staff(#[from] crate::staff::StaffError),
    #[error("{0}")]
    Otp(#[from] crate::otp::OtpError),
    #[error("{0}")]
    Backup(#[from] crate::store::BackupError),
    #[error("{0}")]
    Restore(#[from] crate::store::RestoreError),
    /// Bad input from the operator, in the command's own words.
    #[error("{0}")]
    Input(String),
    /// Reading standard input or writing standard output failed (a closed pipe, a full disk).
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The kiosk window could not open (no display, no graphics driver).
    #[error(
        "cannot open the kiosk window: {0}; check the display (DISPLAY or WAYLAND_DISPLAY) and the graphics driver"
    )]
    Window(String),
    /// The kiosk could not start a thread of its own.
    #[error("cannot start the kiosk: {0}; the system is short of memory or threads, try again")]
    Thread(std::io::Error),
    /// `kiosk run` in a build without the window.
    #[error(
        "this kiosk binary was built without the `gui` feature, so it cannot open the kiosk \
         window; rebuild with default features. `kiosk check-config`, `import-reservations`, \
         `status` and `journal export` work"
    )]
    NoGui,
}

impl CliError {
    /// The exit status for this failure (never [`Exit::Done`]).
    pub fn exit(&self) -> Exit {
        use crate::test_sms::SendTestError;
        match self {
            CliError::Backup(e) => match e {
                crate::store::BackupError::Store(e) => store_exit(e),
                crate::store::BackupError::Exists { .. }
                | crate::store::BackupError::NoDatabase { .. }
                | crate::store::BackupError::OwnFile { .. }
                | crate::store::BackupError::NotABackup { .. }
                | crate::store::BackupError::Device { .. }
                | crate::store::BackupError::Write { .. }
                | crate::store::BackupError::Verify { .. } => Exit::Fix,
            },
            CliError::Restore(e) => match e {
                crate::store::RestoreError::Store(e) => store_exit(e),
                // A running kiosk included: it will not stop by itself.
                crate::store::RestoreError::Missing { .. }
                | crate::store::RestoreError::LiveDatabase { .. }
                | crate::store::RestoreError::NotABackup { .. }
                | crate::store::RestoreError::Corrupt { .. }
                | crate::store::RestoreError::NewerSchema { .. }
                | crate::store::RestoreError::KeyMissing { .. }
                | crate::store::RestoreError::KeyMismatch { .. }
                | crate::store::RestoreError::UnexpectedSchema { .. }
                | crate::store::RestoreError::KeyInside { .. }
                | crate::store::RestoreError::Running { .. }
                | crate::store::RestoreError::Io { .. }
                | crate::store::RestoreError::Reopen { .. } => Exit::Fix,
            },
            CliError::Store(e) => store_exit(e),
            CliError::Import(e) => match e {
                crate::import::ImportError::Store(e) => store_exit(e),
                crate::import::ImportError::Read { .. }
                | crate::import::ImportError::UnknownFormat { .. }
                | crate::import::ImportError::Rows { .. } => Exit::Fix,
            },
            CliError::Demo(e) => match e {
                crate::demo::DemoError::Store(e) => store_exit(e),
                crate::demo::DemoError::Read { .. } | crate::demo::DemoError::Invalid { .. } => {
                    Exit::Fix
                }
            },
            CliError::Sync(e) => sync_exit(e),
            CliError::TestSms(e) => match e {
                SendTestError::Refused(refusal) => test_refusal_exit(refusal),
                SendTestError::Failed { error, .. } => send_exit(error),
                SendTestError::Store(e) => store_exit(e),
                SendTestError::Engine(e) => otp_exit(e),
                SendTestError::Chain(_) => Exit::Fix,
                SendTestError::Runtime(_) => Exit::Retry,
            },
            CliError::Staff(e) => match e {
                crate::staff::StaffError::Store(e) => store_exit(e),
                crate::staff::StaffError::Otp(e) => otp_exit(e),
                crate::staff::StaffError::Db(_)
                | crate::staff::StaffError::NotConfigured
                | crate::staff::StaffError::ReasonRequired
                | crate::staff::StaffError::OperatorRequired
                | crate::staff::StaffError::NoSuchReservation(_)
                | crate::staff::StaffError::BadPhone(_) => Exit::Fix,
            },
            CliError::Otp(e) => otp_exit(e),
            CliError::Io(_) | CliError::Thread(_) => Exit::Retry,
            CliError::Config(_)
            | CliError::Log(_)
            | CliError::Input(_)
            | CliError::Window(_)
            | CliError::NoGui => Exit::Fix,
        }
    }

    /// [`CliError::exit`] as the number.
    pub fn exit_code(&self) -> u8 {
        self.exit().code()
    }
}

/// Only a lock held past the busy timeout may pass by itself; every other database failure
/// (missing, unreadable, wrong key, newer schema, disk) needs the operator.
fn store_exit(e: &StoreError) -> Exit {
    match e {
        StoreError::Busy => Exit::Retry,
        StoreError::Open { .. }
        | StoreError::NotADatabase { .. }
        | StoreError::NewerSchema { .. }
        | StoreError::Sqlite(_)
        | StoreError::Entropy(_)
        | StoreError::Corrupt(_)
        | StoreError::KeyFile { .. }
        | StoreError::KeyMissing { .. }
        | StoreError::KeyMismatch { .. }
        | StoreError::WrongEncryptionKey { .. }
        | StoreError::Encrypt { .. }
        | StoreError::Missing { .. }
        | StoreError::PreMigrationBackup { .. }
        | StoreError::UnexpectedSchema { .. } => Exit::Fix,
    }
}

fn otp_exit(e: &crate::otp::OtpError) -> Exit {
    use crate::otp::OtpError;
    match e {
        OtpError::Store(e) => store_exit(e),
        // A limit that lifts by itself.
        OtpError::SendLimit { .. } | OtpError::ResendTooSoon { .. } => Exit::Retry,
        // The database, the OS, or a guest's journey state: nothing a retry changes.
        OtpError::Db(_)
        | OtpError::Entropy(_)
        | OtpError::Secret
        | OtpError::UnknownChallenge
        | OtpError::ReservationGone
        | OtpError::PurposeNotAllowed { .. }
        | OtpError::NoPhone
        | OtpError::NotSmsCapable(_)
        | OtpError::Locked { .. }
        | OtpError::NoResendsLeft
        | OtpError::ChallengeClosed(_) => Exit::Fix,
    }
}

fn sync_exit(e: &crate::sync::SyncError) -> Exit {
    use crate::sync::SyncError;
    match e {
        SyncError::Store(e) => store_exit(e),
        // The runtime or a database task failing is the machine's moment, not the config.
        SyncError::Runtime(_) | SyncError::Task(_) => Exit::Retry,
        // Another syncer will not stop by itself: the operator picks which one runs.
        SyncError::Config(_)
        | SyncError::Disabled { .. }
        | SyncError::AlreadyRunning { .. }
        | SyncError::LockFile { .. }
        | SyncError::Tls(_) => Exit::Fix,
    }
}

fn test_refusal_exit(refusal: &crate::test_sms::TestSmsError) -> Exit {
    use crate::test_sms::TestSmsError;
    match refusal {
        TestSmsError::TestLimit { .. }
        | TestSmsError::KioskCap { .. }
        | TestSmsError::Paused { .. } => Exit::Retry,
        TestSmsError::BadNumber { .. }
        | TestSmsError::NotMobile { .. }
        | TestSmsError::CountryNotAllowed { .. }
        | TestSmsError::Store(_) => Exit::Fix,
    }
}

fn send_exit(e: &crate::gateway::SendError) -> Exit {
    use crate::gateway::SendError;
    match e {
        // Every gateway down or skipped, or a send limit stopped the failover: try again later.
        SendError::Unavailable { .. } | SendError::Refused { .. } => Exit::Retry,
        // A gateway refused the number itself, or there is no such gateway: fix the input.
        SendError::Recipient { .. }
        | SendError::UnknownGateway { .. }
        | SendError::InvalidMessage(_) => Exit::Fix,
    }
}

pub(crate) fn load_config(path: &Path) -> Result<Config, CliError> {
    Ok(Config::load(path)?)
}

/// Opens the store, creating it when missing: for commands that bring a kiosk up.
pub(crate) fn open_store(config: &Config) -> Result<Store, CliError> {
    Ok(Store::open_config(&config.store)?)
}

/// Opens the store only if it exists: for commands that read, or must not start a fresh one.
pub(crate) fn open_existing_store(config: &Config) -> Result<Store, CliError> {
    Ok(Store::open_existing_config(&config.store)?)
}

/// Parses arguments, runs the command, and maps the outcome to an exit status.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let exit = match dispatch(cli) {
        Ok(exit) => exit,
        Err(e) => {
            eprintln!("kiosk: {e}");
            e.exit()
        }
    };
    ExitCode::from(exit.code())
}

/// Runs the command. `Ok` carries the status of a command that ran to its end and reported
/// itself (a sync round that could not reach the upstream, an unhealthy `status`).
fn dispatch(cli: Cli) -> Result<Exit, CliError> {
    let done = |result: Result<(), CliError>| result.map(|()| Exit::Done);
    match cli.command.unwrap_or(Command::Run) {
        Command::Run => done(run::run(&cli.config)),
        Command::CheckConfig => done(check_config::run(&cli.config)),
        Command::HashPin => done(hash_pin::run(&cli.config)),
        Command::ImportReservations { file } => done(import::run(&cli.config, &file)),
        Command::Status { json } => status::run(&cli.config, json),
        Command::SendTestSms { to, gateway } => {
            done(send_test_sms::run(&cli.config, &to, gateway.as_deref()))
        }
        Command::Sync {
            once,
            retry_quarantined,
        } => sync::run(&cli.config, once, retry_quarantined),
        Command::Backup { file, force } => done(backup::run(&cli.config, &file, force)),
        Command::Restore { file, key_file } => {
            done(restore::run(&cli.config, &file, key_file.as_deref()))
        }
        Command::Journal {
            action: JournalAction::Export { since },
        } => done(journal::export(&cli.config, since)),
        Command::RotateOtpKey { by, reason } => done(rotate_key::run(&cli.config, &by, &reason)),
        Command::Staff {
            action: StaffAction::ResetPad { by, reason },
        } => done(staff::reset_pad(&cli.config, &by, &reason)),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::gateway::SendError;
    use crate::sync::SyncError;
    use crate::test_sms::{SendTestError, TestSmsError};

    #[test]
    fn each_failure_gets_the_exit_status_of_the_rule() {
        let retry = [
            CliError::Store(StoreError::Busy),
            CliError::Sync(SyncError::Store(StoreError::Busy)),
            CliError::TestSms(SendTestError::Refused(TestSmsError::TestLimit {
                retry_after: std::time::Duration::from_secs(60),
            })),
            CliError::TestSms(SendTestError::Failed {
                report: String::new(),
                error: SendError::Unavailable {
                    failures: Vec::new(),
                    skipped: vec!["primary".into()],
                },
            }),
        ];
        for e in &retry {
            assert_eq!(e.exit(), Exit::Retry, "{e}");
        }
        let fix = [
            CliError::Store(StoreError::Missing {
                path: PathBuf::from("kiosk.db"),
                empty: false,
            }),
            CliError::Sync(SyncError::AlreadyRunning {
                db: PathBuf::from("kiosk.db"),
                lock: PathBuf::from("kiosk.db.sync.lock"),
                holder: Some(42),
            }),
            CliError::TestSms(SendTestError::Failed {
                report: String::new(),
                error: SendError::UnknownGateway {
                    name: "nosuch".into(),
                    configured: vec!["demo".into()],
                },
            }),
            CliError::NoGui,
        ];
        for e in &fix {
            assert_eq!(e.exit(), Exit::Fix, "{e}");
        }
    }
}
