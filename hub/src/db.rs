//! The connection pool. tokio-postgres through deadpool: a small pure-Rust client (no macros,
//! no TLS stack of its own: the hub talks to PostgreSQL on loopback or a trusted segment).

use std::str::FromStr;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

use crate::HubError;

/// A pool on `spec`, a libpq key/value string or `postgresql://` URL. Connects lazily.
pub fn pool(spec: &str, max_size: usize) -> Result<Pool, HubError> {
    let config = tokio_postgres::Config::from_str(spec)
        .map_err(|e| HubError::Config(format!("not a PostgreSQL connection string: {e}")))?;
    let manager = Manager::from_config(
        config,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .max_size(max_size)
        .build()
        .map_err(|e| HubError::Config(e.to_string()))
}
