//! Logging: human-readable lines to stderr plus a daily-rotated file with bounded retention, or
//! to the journal alone when systemd runs the kiosk.
//! Modules log masked phones only and never codes, PINs or tokens; a test proves it.
//! Log files are owner-only (0600): even masked, they say who stayed when.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, RollingFileAppender, Rotation};
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

/// Libraries that would log what the screen shows or what goes over the wire at debug or
/// trace: the text shaper logs every line it lays out (a typed booking number, a guest's
/// name, the room), the HTTP stack logs requests. Capped at info whatever the level.
const CAPPED_LIBRARIES: &[&str] = &[
    "cosmic_text",
    "swash",
    "fontdb",
    "iced",
    "iced_core",
    "iced_graphics",
    "iced_runtime",
    "iced_tiny_skia",
    "iced_widget",
    "iced_winit",
    "iced_futures",
    "winit",
    "tiny_skia",
    "hyper",
    "hyper_util",
    "reqwest",
    "h2",
    "rustls",
    "rusqlite",
];

/// The level from kiosk.toml, or RUST_LOG (which wins, so IT can raise verbosity for one run
/// without editing kiosk.toml), with [`CAPPED_LIBRARIES`] held at info: a second filter after
/// it, so no RUST_LOG directive (`cosmic_text::shape=trace`) can lift the cap.
pub fn filter<S: tracing::Subscriber>(level: &str) -> impl tracing_subscriber::Layer<S> {
    use tracing_subscriber::Layer as _;
    let levels = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(level));
    levels.and_then(tracing_subscriber::filter::filter_fn(|meta| {
        *meta.level() <= tracing::Level::INFO || !is_capped(meta.target())
    }))
}

fn is_capped(target: &str) -> bool {
    CAPPED_LIBRARIES.iter().any(|library| {
        target
            .strip_prefix(library)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with("::"))
    })
}

/// Human-readable lines on stderr, coloured only on a terminal: redirected to a file or read by
/// journald, escape codes would litter every line. `NO_COLOR` turns colour off on a terminal too.
fn stderr_layer<S>() -> impl tracing_subscriber::Layer<S>
where
    S: tracing::Subscriber + for<'span> tracing_subscriber::registry::LookupSpan<'span>,
{
    tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_target(false)
        .with_ansi(colour_wanted(
            std::io::stderr().is_terminal(),
            std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        ))
}

/// <https://no-color.org>: a set, non-empty `NO_COLOR` means no colour.
fn colour_wanted(is_terminal: bool, no_color: bool) -> bool {
    is_terminal && !no_color
}

/// Logs to stderr only (before the config is known, or for one-shot commands).
pub fn init_stderr(level: &str) -> LogGuard {
    let _ = tracing_subscriber::registry()
        .with(filter(level))
        .with(stderr_layer())
        .try_init();
    LogGuard { _writer: None }
}

/// Whether stderr is the journal's stream: systemd says so in `JOURNAL_STREAM` ("dev:inode" of
/// the stream it connected), which a child (the kiosk under cage) inherits along with stderr.
fn stderr_is_journal() -> bool {
    let Some(stream) = std::env::var_os("JOURNAL_STREAM") else {
        return false;
    };
    let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
    // SAFETY: fstat only writes the stat buffer it is given.
    if unsafe { libc::fstat(2, st.as_mut_ptr()) } != 0 {
        return false;
    }
    // SAFETY: fstat succeeded, so the buffer is initialised.
    let st = unsafe { st.assume_init() };
    stream.to_string_lossy() == format!("{}:{}", st.st_dev, st.st_ino)
}

/// Logs to stderr and to `<dir>/kiosk.YYYY-MM-DD.log`, keeping `keep_files` days; run by
/// systemd (stderr is the journal), to the journal only: journald stamps, rotates and keeps.
pub fn init_with_file(config: &LoggingConfig) -> Result<LogGuard, LogError> {
    if stderr_is_journal() {
        let _ = tracing_subscriber::registry()
            .with(filter(&config.level))
            .with(
                tracing_subscriber::fmt::layer()
                    .with_writer(std::io::stderr)
                    .with_target(false)
                    .without_time()
                    .with_ansi(false),
            )
            .try_init();
        return Ok(LogGuard { _writer: None });
    }
    std::fs::create_dir_all(&config.dir).map_err(|e| LogError::Dir {
        dir: config.dir.clone(),
        reason: e.to_string(),
    })?;
    // The appender opens today's file as it is built: make it private first.
    restrict_existing(&config.dir);
    let mut day = String::new();
    make_today_private(&config.dir, &mut day);
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
    let (writer, guard) = tracing_appender::non_blocking(PrivateFiles {
        inner: appender,
        dir: config.dir.clone(),
        day,
    });
    let _ = tracing_subscriber::registry()
        .with(filter(&config.level))
        .with(stderr_layer())
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

const PREFIX: &str = "kiosk.";
const SUFFIX: &str = ".log";

/// tracing-appender creates its files with the process umask (often 0644) and has no mode
/// option, so each day's file is created 0600 just before the appender opens it (it appends to
/// an existing file).
struct PrivateFiles {
    inner: RollingFileAppender,
    dir: PathBuf,
    /// The UTC day whose file was last made private (the appender's daily rotation is in UTC).
    day: String,
}

/// Creates (or restricts) the file for the current UTC day once per day.
fn make_today_private(dir: &Path, last: &mut String) {
    let day = jiff::Timestamp::now()
        .to_zoned_datetime(jiff::tz::TimeZone::UTC)
        .date()
        .to_string();
    if day == *last {
        return;
    }
    let path = dir.join(format!("{PREFIX}{day}{SUFFIX}"));
    if let Err(e) = create_private(&path) {
        // Not fatal: the appender still writes; stderr is the only place left to say so.
        eprintln!(
            "kiosk: cannot make the log file {} private: {e}",
            path.display()
        );
    }
    *last = day;
}

impl Write for PrivateFiles {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        make_today_private(&self.dir, &mut self.day);
        self.inner.write(buf)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

fn create_private(path: &Path) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.append(true).create(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let file = options.open(path)?;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    options.open(path)?;
    Ok(())
}

/// Files left by versions that created them with the umask.
fn restrict_existing(dir: &Path) {
    #[cfg(unix)]
    if let Ok(entries) = std::fs::read_dir(dir) {
        use std::os::unix::fs::PermissionsExt;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(PREFIX) && name.ends_with(SUFFIX) {
                let _ =
                    std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600));
            }
        }
    }
}
