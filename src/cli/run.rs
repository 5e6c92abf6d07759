//! `kiosk run`: open the store, load demo data when enabled, and start the GUI. A bad config or
//! store does not crash the kiosk: the window opens on the maintenance screen with the precise
//! error for IT (and the error is logged).

use std::path::Path;

use super::{CliError, load_config, open_store};

/// What `run` found before opening the window.
#[cfg_attr(not(feature = "gui"), allow(dead_code))]
enum Start {
    Ready {
        config: Box<crate::config::Config>,
        store: crate::store::Store,
    },
    Broken {
        error: String,
        /// From the config when it loaded (the store failed), else kiosk defaults.
        fullscreen: bool,
        config: Option<Box<crate::config::Config>>,
    },
}

fn prepare(config_path: &Path) -> (Start, crate::logging::LogGuard) {
    let config = match load_config(config_path) {
        Ok(c) => c,
        Err(e) => {
            let log = crate::logging::init_stderr("info");
            tracing::error!("cannot start: {e}");
            return (
                Start::Broken {
                    error: e.to_string(),
                    fullscreen: true,
                    config: None,
                },
                log,
            );
        }
    };
    let log = match crate::logging::init_with_file(&config.logging) {
        Ok(guard) => guard,
        Err(e) => {
            let log = crate::logging::init_stderr(&config.logging.level);
            tracing::warn!("logging to stderr only: {e}");
            log
        }
    };
    let broken = |error: String, config: crate::config::Config| {
        tracing::error!("cannot start: {error}");
        Start::Broken {
            error,
            fullscreen: config.kiosk.fullscreen,
            config: Some(Box::new(config)),
        }
    };
    let mut store = match open_store(&config) {
        Ok(s) => s,
        Err(e) => return (broken(e.to_string(), config), log),
    };
    match crate::demo::seed(&mut store, &config, jiff::Timestamp::now()) {
        Ok(seeded) if config.demo.enabled => tracing::info!(
            inserted = seeded.inserted,
            updated = seeded.updated,
            "demo mode: demo reservations loaded"
        ),
        Ok(_) => {}
        Err(e) => return (broken(e.to_string(), config), log),
    }
    (
        Start::Ready {
            config: Box::new(config),
            store,
        },
        log,
    )
}

#[cfg(feature = "gui")]
pub fn run(config_path: &Path) -> Result<(), CliError> {
    use crate::ui::{Boot, Settings};

    let (start, _log) = prepare(config_path);
    let boot = match start {
        Start::Ready { config, store } => match backend(&config, store) {
            Ok(backend) => Boot::Ready {
                backend,
                settings: Settings::from_config(&config),
            },
            Err(error) => {
                tracing::error!("cannot start: {error}");
                Boot::Maintenance {
                    error,
                    settings: Settings::from_config(&config),
                }
            }
        },
        Start::Broken {
            error,
            fullscreen,
            config,
        } => Boot::Maintenance {
            error,
            settings: config
                .map(|c| Settings::from_config(&c))
                .unwrap_or_else(|| Settings::fallback(fullscreen)),
        },
    };
    crate::ui::run(boot).map_err(|e| CliError::Unavailable(e.to_string()))
}

/// The one place the GUI gets its domain backend.
///
/// TODO(lead): the adapter over lookup/OTP/gateways/journal (issues 3–5) goes here, built from
/// `config` and `store`. Until then a real run shows the maintenance screen; builds with the
/// `test-support` feature can run the in-memory demo backend with KIOSK_UI_FAKE_BACKEND=1 (the
/// Xvfb journey and the UI bench do).
#[cfg(feature = "gui")]
fn backend(
    config: &crate::config::Config,
    store: crate::store::Store,
) -> Result<std::sync::Arc<dyn crate::ui::backend::Backend>, String> {
    #[cfg(feature = "test-support")]
    if std::env::var_os("KIOSK_UI_FAKE_BACKEND").is_some() {
        use crate::ui::backend::fake::{FakeBackend, FakeSettings};
        let _ = store;
        tracing::warn!("KIOSK_UI_FAKE_BACKEND: guests are served by the in-memory test double");
        let fake = FakeBackend::new(FakeSettings {
            code_length: config.otp.length,
            second_factor: config.otp.second_factor,
            ..FakeSettings::default()
        })
        .with_real_clock();
        if let Some(crate::config::GatewayKind::Outbox { path }) =
            config.gateways.iter().map(|g| &g.kind).next()
        {
            return Ok(std::sync::Arc::new(fake.with_outbox_file(path.clone())));
        }
        return Ok(std::sync::Arc::new(fake));
    }
    let _ = (config, store);
    Err(
        "this build has no domain backend for the GUI yet (the verification core adapter is \
         not wired in src/cli/run.rs); guests cannot check in here"
            .to_owned(),
    )
}

#[cfg(not(feature = "gui"))]
pub fn run(config_path: &Path) -> Result<(), CliError> {
    // Still validate everything so IT sees config and store problems from this build too.
    let (start, _log) = prepare(config_path);
    if let Start::Broken { error, .. } = start {
        return Err(CliError::Unavailable(error));
    }
    Err(CliError::Unavailable(
        "this kiosk binary was built without the `gui` feature, so it cannot open the kiosk \
         window; rebuild with default features. `kiosk check-config`, `import-reservations`, \
         `status` and `journal export` work"
            .to_owned(),
    ))
}
