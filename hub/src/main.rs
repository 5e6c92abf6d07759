//! `lobby-hub`: serve protocol v1, migrate the schema, manage kiosk tokens.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lobby_hub::guard::{Guarded, Limits};
use lobby_hub::{HubError, api, arrivals, db, kiosks, migrate};
use tokio::net::TcpListener;

#[derive(Parser)]
#[command(
    name = "lobby-hub",
    version,
    about = "The property's server for lobby-kiosk"
)]
struct Cli {
    /// PostgreSQL connection string (libpq key/value or postgresql:// URL).
    #[arg(long, env = "LOBBY_HUB_DATABASE", global = true, default_value = "")]
    database: String,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Serve protocol v1 to the kiosks (applies pending migrations first).
    Serve {
        /// Address to listen on; port 0 picks a free one (printed as `listening on ADDR`).
        #[arg(long, env = "LOBBY_HUB_LISTEN", default_value = "127.0.0.1:8470")]
        listen: String,
        /// Wrong codes per booking and lookup path in 24 h at all kiosks together before the
        /// hub locks it everywhere: the kiosks' `[otp] lockout_after` (3–100).
        #[arg(long, env = "LOBBY_HUB_LOCKOUT_AFTER", default_value_t = 10, value_parser = clap::value_parser!(i64).range(3..=100))]
        lockout_after: i64,
        /// Code sends per phone and lookup path in an hour at all kiosks together before the
        /// hub holds that phone's sends everywhere: the kiosks' `[otp] sends_per_phone_per_hour`.
        #[arg(long, env = "LOBBY_HUB_SENDS_PER_PHONE_PER_HOUR", default_value_t = 5, value_parser = clap::value_parser!(i64).range(1..=100))]
        sends_per_phone_per_hour: i64,
        /// Code sends per booking and lookup path in 24 h at all kiosks together before the
        /// hub holds it everywhere: the kiosks' `[otp] sends_per_reservation_per_day`.
        #[arg(long, env = "LOBBY_HUB_SENDS_PER_RESERVATION_PER_DAY", default_value_t = 10, value_parser = clap::value_parser!(i64).range(1..=1000))]
        sends_per_reservation_per_day: i64,
        /// Connections this hub keeps to PostgreSQL at most; several hubs sharing one server
        /// (one per property) must together stay under its `max_connections`.
        #[arg(long, env = "LOBBY_HUB_CONNECTIONS", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=256))]
        connections: u16,
        #[command(flatten)]
        retention: RetentionArgs,
        #[command(flatten)]
        console: ConsoleArgs,
        #[command(flatten)]
        connection_limits: ConnectionArgs,
        /// Serve the property's figures in the Prometheus text format at /metrics on this
        /// address (plain HTTP: keep it on loopback or a monitoring network).
        #[arg(long, env = "LOBBY_HUB_METRICS")]
        metrics: Option<String>,
    },
    /// Blank personal data past retention now (`serve` does it every hour).
    Retention {
        #[command(flatten)]
        retention: RetentionArgs,
    },
    /// Health for monitoring: exit 0 healthy, 1 unhealthy, 2 broken configuration.
    Status {
        /// One JSON object instead of text.
        #[arg(long)]
        json: bool,
        /// A kiosk not seen for longer than this is a problem.
        #[arg(long, default_value_t = 900)]
        stale_after_s: i64,
    },
    /// Run once on a database restored from a backup, before `serve`.
    AfterRestore,
    /// A consistent pg_dump of the hub's database to FILE (0600).
    Backup {
        file: std::path::PathBuf,
        /// Replace FILE if it exists.
        #[arg(long)]
        force: bool,
    },
    /// Bring the database schema to this version of lobby-hub.
    Migrate,
    /// Publish the reservations of a CSV or JSON file (the kiosk's columns) to every kiosk:
    /// all or nothing, `FILE:LINE` errors.
    ImportReservations {
        file: std::path::PathBuf,
        /// The property's country (ISO 3166 alpha-2), for national phone numbers.
        #[arg(long, env = "LOBBY_HUB_COUNTRY")]
        country: String,
    },
    /// Front-desk staff who log in to the console.
    Staff {
        #[command(subcommand)]
        action: StaffCmd,
    },
    /// Kiosks allowed to sync.
    Kiosk {
        #[command(subcommand)]
        action: KioskCmd,
    },
}

/// Connections a stranger on the network cannot use to hold the hub down (per listener).
#[derive(clap::Args, Clone, Copy)]
struct ConnectionArgs {
    /// Open connections at most; beyond it the hub waits before accepting more.
    #[arg(long, env = "LOBBY_HUB_MAX_CONNECTIONS", default_value_t = 4096, value_parser = clap::value_parser!(u32).range(16..=1_000_000))]
    max_connections: u32,
    /// Open connections at most from one address (kiosks behind one NAT share one).
    #[arg(long, env = "LOBBY_HUB_MAX_CONNECTIONS_PER_ADDRESS", default_value_t = 256, value_parser = clap::value_parser!(u32).range(1..=1_000_000))]
    max_connections_per_address: u32,
    /// A connection silent (nothing read or written) this many seconds is closed.
    #[arg(long, env = "LOBBY_HUB_IDLE_TIMEOUT_S", default_value_t = 60, value_parser = clap::value_parser!(u64).range(1..=3600))]
    idle_timeout_s: u64,
    /// A request not answered this many seconds after its first byte closes its connection
    /// (a client trickling its headers is never silent).
    #[arg(long, env = "LOBBY_HUB_ANSWER_TIMEOUT_S", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    answer_timeout_s: u64,
}

/// The front-desk web console (off unless `--console` is given).
#[derive(clap::Args, Clone)]
struct ConsoleArgs {
    /// Serve the console on this address: HTTPS with --console-cert and --console-key, or
    /// plain HTTP on a loopback address only (behind a TLS reverse proxy).
    #[arg(long, env = "LOBBY_HUB_CONSOLE")]
    console: Option<String>,
    /// The console's certificate chain (PEM).
    #[arg(long, env = "LOBBY_HUB_CONSOLE_CERT", requires = "console_key")]
    console_cert: Option<std::path::PathBuf>,
    /// The console's private key (PEM: PKCS#8, RSA or SEC1).
    #[arg(long, env = "LOBBY_HUB_CONSOLE_KEY", requires = "console_cert")]
    console_key: Option<std::path::PathBuf>,
    /// The property's language for the console (English is always offered too): en, de, es,
    /// fr, ja, pt or zh-Hans.
    #[arg(long, env = "LOBBY_HUB_LANGUAGE", default_value = "en")]
    language: String,
    /// The property's time zone (IANA name) for the console's times and "today"; default the
    /// system's.
    #[arg(long, env = "LOBBY_HUB_TIMEZONE")]
    timezone: Option<String>,
}

/// Set these to the kiosks' `[store]` values: the hub keeps personal data no longer.
#[derive(clap::Args, Clone, Copy)]
struct RetentionArgs {
    /// Days after which personal fields of events are blanked (the kiosks' `retention_days`).
    #[arg(long, env = "LOBBY_HUB_RETENTION_DAYS", default_value_t = 30, value_parser = clap::value_parser!(i32).range(1..=3650))]
    retention_days: i32,
    /// Days after departure a booking leaves the feed (the kiosks' `departed_keep_days`).
    #[arg(long, env = "LOBBY_HUB_DEPARTED_KEEP_DAYS", default_value_t = 7, value_parser = clap::value_parser!(i32).range(0..=3650))]
    departed_keep_days: i32,
}

impl From<RetentionArgs> for lobby_hub::retention::Retention {
    fn from(a: RetentionArgs) -> Self {
        lobby_hub::retention::Retention {
            retention_days: a.retention_days,
            departed_keep_days: a.departed_keep_days,
        }
    }
}

#[derive(Subcommand)]
enum StaffCmd {
    /// Add a member; the password is asked twice at the terminal (or read as one line from
    /// standard input when it is not a terminal).
    Add {
        name: String,
        /// desk (front desk: unlock bookings, lift pumping pauses) or it (also reset a
        /// kiosk's staff PIN pad).
        #[arg(long)]
        role: String,
    },
    /// Set a new password (asked as for `add`); ends the member's sessions.
    Password { name: String },
    /// Disable a member at once: no login, open sessions end.
    Disable { name: String },
    /// List members.
    List,
}

#[derive(Subcommand)]
enum KioskCmd {
    /// Register a kiosk (its `[kiosk] id`) and print its token once.
    Add { name: String },
    /// Revoke a kiosk's token at once.
    Revoke { name: String },
    /// List active kiosks.
    List,
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        // Colour only for a person at a terminal; journald and log files get plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("LOBBY_HUB_LOG")
                .unwrap_or_else(|_| "info".into())
                // The PostgreSQL driver logs statements with their parameters at debug level
                // (tokens' digests, names, phones): never, whatever LOBBY_HUB_LOG asks.
                .add_directive(
                    "tokio_postgres=warn"
                        .parse()
                        .unwrap_or_else(|_| tracing_subscriber::filter::LevelFilter::INFO.into()),
                ),
        )
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("lobby-hub: cannot start the async runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("lobby-hub: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

async fn run(cli: Cli) -> Result<ExitCode, HubError> {
    if cli.database.trim().is_empty() {
        return Err(HubError::Config("no database given".into()));
    }
    // The other commands are one person's: a few connections do.
    let connections = match &cli.command {
        Cmd::Serve { connections, .. } => usize::from(*connections),
        _ => 4,
    };
    let pool = db::pool(&cli.database, connections)?;
    if !matches!(
        cli.command,
        Cmd::Migrate | Cmd::Serve { .. } | Cmd::Status { .. } | Cmd::Backup { .. }
    ) {
        migrate::require_latest(&pool).await?;
    }
    match cli.command {
        Cmd::Migrate => {
            let applied = migrate::migrate_to(&pool, migrate::latest()).await?;
            println!(
                "schema at version {} (applied {:?})",
                migrate::latest(),
                applied
            );
        }
        Cmd::Retention { retention } => {
            let report = lobby_hub::retention::apply(&pool, &retention.into()).await?;
            println!(
                "retention: {} event(s) blanked, {} departed booking(s) removed from the feed, {} old console row(s) removed",
                report.events_blanked, report.arrivals_removed, report.console_removed
            );
        }
        Cmd::Status {
            json,
            stale_after_s,
        } => {
            let s = match lobby_hub::status::status(&pool, stale_after_s).await {
                Ok(s) => s,
                // PostgreSQL down is the unhealthy answer monitoring asks for, not a crash.
                Err(e @ (HubError::Connect(_) | HubError::Db(_))) => lobby_hub::status::Status {
                    healthy: false,
                    problems: vec![e.to_string()],
                    schema_version: 0,
                    schema_latest: migrate::latest(),
                    kiosks: Vec::new(),
                    events: 0,
                    arrivals: 0,
                    commands_unacknowledged: 0,
                },
                Err(e) => return Err(e),
            };
            if json {
                let text = serde_json::to_string(&s)
                    .map_err(|e| HubError::Usage(format!("cannot encode the status: {e}")))?;
                println!("{text}");
            } else {
                println!("schema       {} of {}", s.schema_version, s.schema_latest);
                println!("kiosks       {}", s.kiosks.len());
                for k in &s.kiosks {
                    println!(
                        "  {}\tlast seen {}",
                        k.name,
                        k.last_seen.as_deref().unwrap_or("never")
                    );
                }
                println!("events       {}", s.events);
                println!("arrivals     {}", s.arrivals);
                println!("commands     {} unacknowledged", s.commands_unacknowledged);
                if s.healthy {
                    println!("healthy");
                } else {
                    println!("UNHEALTHY: {}", s.problems.join("; "));
                }
            }
            if !s.healthy {
                return Ok(ExitCode::from(1));
            }
        }
        Cmd::AfterRestore => {
            let (version, command) = lobby_hub::backup::after_restore(&pool).await?;
            println!(
                "arrivals version now {version}, command counter {command}: kiosks' cursors and command ids stay valid"
            );
        }
        Cmd::Backup { file, force } => {
            let database = cli.database.clone();
            let f = file.clone();
            let bytes = tokio::task::spawn_blocking(move || {
                lobby_hub::backup::backup(&database, &f, force)
            })
            .await
            .map_err(|e| HubError::Usage(format!("the backup task failed: {e}")))??;
            println!("{}: {bytes} bytes (pg_dump custom format)", file.display());
        }
        Cmd::Serve {
            listen,
            lockout_after,
            sends_per_phone_per_hour,
            sends_per_reservation_per_day,
            retention,
            connections: _,
            console,
            connection_limits,
            metrics,
        } => {
            // Everything the console needs is checked before anything listens.
            let limits = Limits {
                total: connection_limits.max_connections as usize,
                per_address: connection_limits.max_connections_per_address as usize,
                idle: std::time::Duration::from_secs(connection_limits.idle_timeout_s),
                answer: std::time::Duration::from_secs(connection_limits.answer_timeout_s),
            };
            let console = console_server(&cli.database, &console, limits).await?;
            migrate::migrate_to(&pool, migrate::latest()).await?;
            migrate::require_latest(&pool).await?;
            let listener =
                tokio::net::TcpListener::bind(&listen)
                    .await
                    .map_err(|e| HubError::Listen {
                        addr: listen.clone(),
                        reason: e.to_string(),
                    })?;
            let addr = listener.local_addr().map_err(|e| HubError::Listen {
                addr: listen.clone(),
                reason: e.to_string(),
            })?;
            println!("listening on {addr}");
            if let Some(c) = &console {
                // Second line, after the protocol's: scripts read them in this order.
                println!("console on {}", c.url());
            }
            tracing::info!(%addr, "serving protocol v1");
            let keep: lobby_hub::retention::Retention = retention.into();
            let retention_pool = pool.clone();
            // Hourly, like the kiosk's own retention; a failure is logged and tried next hour.
            tokio::spawn(async move {
                let mut tick = tokio::time::interval(std::time::Duration::from_secs(3600));
                loop {
                    tick.tick().await;
                    if let Err(e) = lobby_hub::retention::apply(&retention_pool, &keep).await {
                        tracing::warn!(error = %e, "retention failed; trying again in an hour");
                    }
                }
            });
            let app = api::App {
                pool,
                policy: lobby_hub::limits::Policy {
                    lockout_after,
                    sends_per_phone_per_hour,
                    sends_per_reservation_per_day,
                },
            };
            if let Some(addr) = &metrics {
                let listener = TcpListener::bind(addr)
                    .await
                    .map_err(|e| HubError::Listen {
                        addr: addr.clone(),
                        reason: e.to_string(),
                    })?;
                let pool = db::pool(&cli.database, 2)?;
                let app = axum::Router::new().route(
                    "/metrics",
                    axum::routing::get(move || {
                        let pool = pool.clone();
                        async move { metrics_answer(&pool).await }
                    }),
                );
                tracing::info!(%addr, "serving metrics");
                tokio::spawn(async move {
                    let guarded = Guarded::new(listener, Limits::default());
                    if let Err(e) = axum::serve(guarded, app).await {
                        tracing::error!("metrics server stopped: {e}");
                    }
                });
            }
            let (stop, stopped) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                shutdown().await;
                let _ = stop.send(true);
            });
            let until_stopped = |mut rx: tokio::sync::watch::Receiver<bool>| async move {
                let _ = rx.wait_for(|s| *s).await;
            };
            let protocol = axum::serve(Guarded::new(listener, limits), api::router(app))
                .with_graceful_shutdown(until_stopped(stopped.clone()));
            let console = async {
                match console {
                    Some(ConsoleServer::Tls(l, router)) => {
                        let app =
                            router.into_make_service_with_connect_info::<lobby_hub::guard::Peer>();
                        axum::serve(l, app)
                            .with_graceful_shutdown(until_stopped(stopped.clone()))
                            .await
                    }
                    Some(ConsoleServer::Plain(l, router)) => {
                        let app =
                            router.into_make_service_with_connect_info::<lobby_hub::guard::Peer>();
                        axum::serve(l, app)
                            .with_graceful_shutdown(until_stopped(stopped.clone()))
                            .await
                    }
                    None => Ok(()),
                }
            };
            let (served, consoled) = tokio::join!(protocol, console);
            served.and(consoled).map_err(|e| HubError::Listen {
                addr: addr.to_string(),
                reason: e.to_string(),
            })?;
        }
        Cmd::ImportReservations { file, country } => {
            // Parse and validate before touching the database: a bad file changes nothing.
            let parsed = lobby_kiosk::import::parse_file(&file, &country)?;
            let batch = arrivals::Batch {
                upserts: parsed.reservations,
                removed: Vec::new(),
            };
            let source = format!("import:{}", file.display());
            let applied = arrivals::apply(&pool, &source, batch).await?;
            println!(
                "{}: {} reservation(s) published ({} new or changed, {} unchanged)",
                file.display(),
                applied.changed + applied.unchanged,
                applied.changed,
                applied.unchanged
            );
        }
        Cmd::Staff { action } => {
            let by = operator();
            match action {
                StaffCmd::Add { name, role } => {
                    let role = lobby_hub::staff::Role::parse(&role)?;
                    let password = new_password()?;
                    lobby_hub::staff::add(&pool, &name, role, &password, &by).await?;
                    println!("staff member {name} added ({})", role.as_str());
                }
                StaffCmd::Password { name } => {
                    let password = new_password()?;
                    lobby_hub::staff::set_password(&pool, &name, &password, &by).await?;
                    println!("password of {name} set; their sessions ended");
                }
                StaffCmd::Disable { name } => {
                    lobby_hub::staff::disable(&pool, &name, &by).await?;
                    println!("staff member {name} disabled; their sessions ended");
                }
                StaffCmd::List => {
                    for (name, role, disabled) in lobby_hub::staff::list(&pool).await? {
                        let state = if disabled { "\tdisabled" } else { "" };
                        println!("{name}\t{role}{state}");
                    }
                }
            }
        }
        Cmd::Kiosk { action } => match action {
            KioskCmd::Add { name } => {
                let token = kiosks::add(&pool, &name).await?;
                eprintln!(
                    "kiosk {name} added; its token follows (shown only now: put it in the kiosk's token file)"
                );
                println!("{token}");
            }
            KioskCmd::Revoke { name } => {
                kiosks::revoke(&pool, &name).await?;
                println!("kiosk {name} revoked");
            }
            KioskCmd::List => {
                for (name, seen) in kiosks::list(&pool).await? {
                    println!("{name}\tlast seen {}", seen.as_deref().unwrap_or("never"));
                }
            }
        },
    }
    Ok(ExitCode::SUCCESS)
}

async fn metrics_answer(pool: &deadpool_postgres::Pool) -> axum::response::Response {
    use axum::response::IntoResponse;
    let text = match pool.get().await {
        Ok(client) => lobby_hub::metrics::render(&client).await,
        Err(e) => Err(e.into()),
    };
    match text {
        Ok(text) => (
            [(
                axum::http::header::CONTENT_TYPE,
                "text/plain; version=0.0.4; charset=utf-8",
            )],
            text,
        )
            .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "metrics scrape failed");
            axum::http::StatusCode::SERVICE_UNAVAILABLE.into_response()
        }
    }
}

/// Who ran a staff command, for the audit: the login behind `sudo`, else the user.
fn operator() -> String {
    let user = std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "unknown".into());
    format!("cli:{user}")
}

/// A new staff password: typed twice at a terminal, or one line of standard input.
fn new_password() -> Result<String, HubError> {
    use std::io::IsTerminal;
    let failed = |e: std::io::Error| HubError::Usage(format!("cannot read the password: {e}"));
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("password: ").map_err(failed)?;
        let again = rpassword::prompt_password("again: ").map_err(failed)?;
        if first != again {
            return Err(HubError::Usage(
                "the two passwords differ; nothing changed".into(),
            ));
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin().read_line(&mut line).map_err(failed)?;
        Ok(line.trim_end_matches(['\r', '\n']).to_owned())
    }
}

enum ConsoleServer {
    Tls(
        lobby_hub::tls::TlsListener<Guarded<TcpListener>>,
        axum::Router,
    ),
    Plain(Guarded<TcpListener>, axum::Router),
}

impl ConsoleServer {
    fn url(&self) -> String {
        use axum::serve::Listener;
        match self {
            ConsoleServer::Tls(l, _) => l.local_addr().map(|a| format!("https://{a}")),
            ConsoleServer::Plain(l, _) => l.local_addr().map(|a| format!("http://{a}")),
        }
        .unwrap_or_default()
    }
}

/// The console's listener and pages, or None when `--console` is not given. Plain HTTP is
/// refused anywhere but loopback.
async fn console_server(
    database: &str,
    args: &ConsoleArgs,
    limits: Limits,
) -> Result<Option<ConsoleServer>, HubError> {
    let Some(addr) = &args.console else {
        return Ok(None);
    };
    let catalog =
        lobby_hub::console::i18n::Catalog::new(&args.language).map_err(HubError::Usage)?;
    let tz = match &args.timezone {
        Some(name) => jiff::tz::TimeZone::get(name).map_err(|e| {
            HubError::Usage(format!(
                "--timezone {name:?} is not a time zone ({e}); e.g. Europe/Berlin"
            ))
        })?,
        None => jiff::tz::TimeZone::system(),
    };
    let tls = match (&args.console_cert, &args.console_key) {
        (Some(cert), Some(key)) => Some(lobby_hub::tls::server_config(cert, key)?),
        _ => None,
    };
    let listen_failed = |e: std::io::Error| HubError::Listen {
        addr: addr.clone(),
        reason: e.to_string(),
    };
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(listen_failed)?;
    let local = listener.local_addr().map_err(listen_failed)?;
    if tls.is_none() && !local.ip().is_loopback() {
        return Err(HubError::Usage(format!(
            "the console on {local} would be plain HTTP off loopback: give --console-cert and --console-key, or listen on 127.0.0.1 behind a TLS reverse proxy"
        )));
    }
    let router = lobby_hub::console::router(lobby_hub::console::Console::new(
        db::pool(database, 4)?,
        catalog,
        tz,
    ));
    let scheme = if tls.is_some() { "https" } else { "http" };
    tracing::info!(%local, scheme, "serving the console");
    Ok(Some(match tls {
        Some(config) => ConsoleServer::Tls(
            lobby_hub::tls::TlsListener::new(Guarded::new(listener, limits), config)
                .map_err(listen_failed)?,
            router,
        ),
        None => ConsoleServer::Plain(Guarded::new(listener, limits), router),
    }))
}

/// SIGTERM (systemd, the tests) or Ctrl-C: finish the requests in flight, then exit.
async fn shutdown() {
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        _ = term => {}
        _ = tokio::signal::ctrl_c() => {}
    }
}
