//! `lobby-hub`: serve protocol v1, migrate the schema, manage kiosk tokens.

use std::process::ExitCode;

use clap::{Parser, Subcommand};
use lobby_hub::{HubError, api, arrivals, db, kiosks, migrate};

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
        #[arg(long, default_value = "127.0.0.1:8470")]
        listen: String,
        /// Wrong codes per booking and lookup path in 24 h at all kiosks together before the
        /// hub locks it everywhere: the kiosks' `[otp] lockout_after` (3–100).
        #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(i64).range(3..=100))]
        lockout_after: i64,
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
    /// Kiosks allowed to sync.
    Kiosk {
        #[command(subcommand)]
        action: KioskCmd,
    },
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
                .unwrap_or_else(|_| "info".into()),
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
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("lobby-hub: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

async fn run(cli: Cli) -> Result<(), HubError> {
    if cli.database.trim().is_empty() {
        return Err(HubError::Config("no database given".into()));
    }
    let pool = db::pool(&cli.database, 16)?;
    if !matches!(cli.command, Cmd::Migrate | Cmd::Serve { .. }) {
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
        Cmd::Serve {
            listen,
            lockout_after,
        } => {
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
            tracing::info!(%addr, "serving protocol v1");
            let app = api::App {
                pool,
                policy: lobby_hub::limits::Policy { lockout_after },
            };
            axum::serve(listener, api::router(app))
                .with_graceful_shutdown(shutdown())
                .await
                .map_err(|e| HubError::Listen {
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
    Ok(())
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
