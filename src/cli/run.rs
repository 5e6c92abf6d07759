//! `kiosk run`: open the store, load demo data when enabled, and start the GUI. A bad config or
//! store does not crash the kiosk: the window opens on the maintenance screen with the precise
//! error for IT (and the error is logged).

use std::path::Path;

use super::{CliError, load_config, open_store};

#[cfg(feature = "gui")]
/// Loads the config and starts logging. The config is needed before the window opens (size,
/// colours, languages); it is a quick parse.
fn load(
    config_path: &Path,
) -> (
    Result<crate::config::Config, String>,
    crate::logging::LogGuard,
) {
    match load_config(config_path) {
        Ok(config) => {
            let log = match crate::logging::init_with_file(&config.logging) {
                Ok(guard) => guard,
                Err(e) => {
                    let log = crate::logging::init_stderr(&config.logging.level);
                    tracing::warn!("logging to stderr only: {e}");
                    log
                }
            };
            for warning in &config.warnings {
                tracing::warn!("{warning}");
            }
            (Ok(config), log)
        }
        Err(e) => {
            let log = crate::logging::init_stderr("info");
            tracing::error!("cannot start: {e}");
            (Err(e.to_string()), log)
        }
    }
}

#[cfg(feature = "gui")]
/// Opens the store and loads the demo data: the slow part of starting (disk, phone-number
/// metadata), which the GUI runs after its first paint.
fn open_and_seed(config: &crate::config::Config) -> Result<crate::store::Store, String> {
    let mut store = open_store(config).map_err(|e| e.to_string())?;
    let seeded =
        crate::demo::seed(&mut store, config, jiff::Timestamp::now()).map_err(|e| e.to_string())?;
    if config.demo.enabled {
        tracing::info!(
            inserted = seeded.inserted,
            updated = seeded.updated,
            "demo mode: demo reservations loaded"
        );
    }
    Ok(store)
}

#[cfg(feature = "gui")]
pub fn run(config_path: &Path) -> Result<(), CliError> {
    use std::sync::{Arc, Mutex};

    use crate::ui::{Boot, Settings};

    let (config, _log) = load(config_path);
    let boot = match config {
        Err(error) => Boot::Maintenance {
            error,
            settings: Settings::fallback(true),
        },
        Ok(config) => {
            let settings = Settings::from_config(&config);
            // The window paints at once; the store, demo data and journey come up behind it.
            let (ready_tx, ready_rx) = tokio::sync::oneshot::channel();
            let starting_settings = settings.clone();
            std::thread::Builder::new()
                .name("start".into())
                .spawn(move || {
                    crate::phone::bound_pattern_cache(crate::phone::KIOSK_PATTERN_CACHE);
                    let boot =
                        match open_and_seed(&config).and_then(|store| journey(&config, store)) {
                            Ok(journey) => Boot::Ready { journey, settings },
                            Err(error) => {
                                tracing::error!("cannot start: {error}");
                                Boot::Maintenance { error, settings }
                            }
                        };
                    // Start-up parses demo data and phone metadata with many short-lived
                    // allocations; hand the freed pages back so the idle kiosk stays small.
                    #[cfg(all(target_os = "linux", target_env = "gnu"))]
                    // SAFETY: malloc_trim only releases free heap pages; no pointers change.
                    unsafe {
                        libc::malloc_trim(0);
                    }
                    let _ = ready_tx.send(boot);
                })
                .map_err(CliError::Thread)?;
            Boot::Starting {
                settings: starting_settings,
                ready: Arc::new(Mutex::new(Some(ready_rx))),
            }
        }
    };
    crate::ui::run(boot).map_err(|e| CliError::Window(e.to_string()))
}

/// The one place the GUI gets its domain: the guest journey over the store, the OTP engine and
/// the gateway chain, plus the upstream sync worker when `[upstream]` is on.
#[cfg(feature = "gui")]
fn journey(
    config: &crate::config::Config,
    store: crate::store::Store,
) -> Result<crate::journey::Journey, String> {
    use std::sync::Arc;

    let config = Arc::new(config.clone());
    let chain =
        crate::gateway::GatewayChain::from_config(&config.gateways).map_err(|e| e.to_string())?;
    let wake_sync = start_sync_worker(&config)?;
    start_metrics_server(config.clone());
    let journey = crate::journey::Journey::new(
        config,
        store,
        chain,
        Arc::new(crate::clock::SystemClock),
        Arc::new(move || {
            if let Some(notify) = &wake_sync {
                notify.notify_one();
            }
        }),
    )
    .map_err(|e| e.to_string())?;
    start_notice_sender(journey.clone());
    Ok(journey)
}

/// Serves `[metrics]` on its own thread and runtime and its own store connection, so a
/// scrape never waits on (or stalls) the UI or the journey. Off unless enabled.
#[cfg(feature = "gui")]
fn start_metrics_server(config: std::sync::Arc<crate::config::Config>) {
    use axum::response::IntoResponse;

    let Some(addr) = config.metrics.listen else {
        return;
    };
    let spawned = std::thread::Builder::new()
        .name("metrics".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => return tracing::error!("metrics not served: {e}"),
            };
            let store = match crate::store::Store::open_config(&config.store) {
                Ok(s) => std::sync::Arc::new(std::sync::Mutex::new(s)),
                Err(e) => return tracing::error!("metrics not served: {e}"),
            };
            let watchdog = crate::watchdog::Watchdog::process();
            // One rendering every few seconds at most, whoever asks how often: a scrape flood
            // costs the kiosk a few journal scans a minute, not one per request.
            let cache: std::sync::Arc<std::sync::Mutex<Option<(std::time::Instant, String)>>> =
                Default::default();
            let scrape = move || {
                let (config, store, watchdog, cache) = (
                    config.clone(),
                    store.clone(),
                    watchdog.clone(),
                    cache.clone(),
                );
                async move {
                    let text = tokio::task::spawn_blocking(move || {
                        let store = store.lock().unwrap_or_else(|p| p.into_inner());
                        let mut cache = cache.lock().unwrap_or_else(|p| p.into_inner());
                        if let Some((at, text)) = cache.as_ref()
                            && at.elapsed() < std::time::Duration::from_secs(5)
                        {
                            return Ok(text.clone());
                        }
                        let text = crate::metrics::render(
                            &config,
                            &store,
                            jiff::Timestamp::now(),
                            watchdog.last_beat_ms(),
                        )?;
                        *cache = Some((std::time::Instant::now(), text.clone()));
                        Ok::<_, crate::store::StoreError>(text)
                    })
                    .await;
                    match text {
                        Ok(Ok(text)) => (
                            [(
                                axum::http::header::CONTENT_TYPE,
                                "text/plain; version=0.0.4; charset=utf-8",
                            )],
                            text,
                        )
                            .into_response(),
                        Ok(Err(e)) => {
                            tracing::warn!(error = %e, "metrics scrape failed");
                            axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
                        }
                        Err(_) => axum::http::StatusCode::INTERNAL_SERVER_ERROR.into_response(),
                    }
                }
            };
            let app = axum::Router::new().route("/metrics", axum::routing::get(scrape));
            runtime.block_on(async move {
                match tokio::net::TcpListener::bind(addr).await {
                    Ok(listener) => {
                        tracing::info!(%addr, "serving metrics");
                        // A few scrapers at most: held-open connections must not take the
                        // descriptors the screen and the gateways need.
                        let limits = crate::net_guard::Limits {
                            total: 16,
                            per_address: 8,
                            idle: std::time::Duration::from_secs(10),
                            answer: std::time::Duration::from_secs(10),
                        };
                        let guarded = crate::net_guard::Guarded::new(listener, limits);
                        if let Err(e) = axum::serve(guarded, app).await {
                            tracing::error!("metrics server stopped: {e}");
                        }
                    }
                    Err(e) => tracing::error!("metrics not served: cannot listen on {addr}: {e}"),
                }
            });
        });
    if let Err(e) = spawned {
        tracing::error!("metrics not served: {e}");
    }
}

/// Sends the security notices (lock, phone change) when due, on a thread and runtime of its
/// own, like the sync worker: a notice held back by the quiet hours goes out at 08:00 even if
/// no guest touches the screen.
#[cfg(feature = "gui")]
fn start_notice_sender(journey: crate::journey::Journey) {
    let spawned = std::thread::Builder::new()
        .name("notices".into())
        .spawn(move || {
            match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(runtime) => runtime.block_on(journey.send_notices_forever()),
                Err(e) => tracing::error!("notice sender not started: {e}"),
            }
        });
    if let Err(e) = spawned {
        tracing::error!("notice sender not started: {e}");
    }
}

/// Starts the sync worker on its own thread and runtime (so the UI's executor never carries
/// network work) and returns the handle that wakes it after each journal write.
#[cfg(feature = "gui")]
fn start_sync_worker(
    config: &std::sync::Arc<crate::config::Config>,
) -> Result<Option<std::sync::Arc<tokio::sync::Notify>>, String> {
    use std::sync::Arc;

    if config.upstream.is_none() {
        start_retention_worker(config.clone());
        return Ok(None);
    }
    let syncer = crate::sync::Syncer::new(config.clone(), Arc::new(crate::clock::SystemClock))
        .map_err(|e| e.to_string())?;
    let notify = Arc::new(tokio::sync::Notify::new());
    let wake = notify.clone();
    std::thread::Builder::new()
        .name("sync".into())
        .spawn(move || {
            let runtime = match tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    tracing::error!("sync worker not started: {e}");
                    return;
                }
            };
            // The kiosk process ends with the window; the worker needs no shutdown signal.
            let (_keep_open, shutdown) = tokio::sync::watch::channel(false);
            runtime.block_on(syncer.run(wake, shutdown));
        })
        .map_err(|e| format!("cannot start the sync worker: {e}"))?;
    Ok(Some(notify))
}

/// Without upstream there is no sync worker to apply retention, so a small thread does it
/// hourly: personal data must not outlive `[store] retention_days` on an offline kiosk either.
#[cfg(feature = "gui")]
fn start_retention_worker(config: std::sync::Arc<crate::config::Config>) {
    let spawned = std::thread::Builder::new()
        .name("retention".into())
        .spawn(move || {
            loop {
                match crate::store::Store::open_config(&config.store) {
                    Ok(mut store) => {
                        if let Err(e) = crate::sync::apply_retention(
                            &mut store,
                            &config,
                            jiff::Timestamp::now(),
                        ) {
                            tracing::error!("retention failed: {e}");
                        }
                    }
                    Err(e) => tracing::error!("retention could not open the store: {e}"),
                }
                std::thread::sleep(std::time::Duration::from_secs(3600));
            }
        });
    if let Err(e) = spawned {
        tracing::error!("retention worker not started: {e}");
    }
}

#[cfg(not(feature = "gui"))]
pub fn run(config_path: &Path) -> Result<(), CliError> {
    // Still validate everything so IT sees config and store problems from this build too.
    let config = load_config(config_path)?;
    let _log = crate::logging::init_with_file(&config.logging)?;
    let mut store = open_store(&config)?;
    crate::demo::seed(&mut store, &config, jiff::Timestamp::now())?;
    Err(CliError::NoGui)
}
