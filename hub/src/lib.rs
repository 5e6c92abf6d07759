//! lobby-hub: the property's server for lobby-kiosk. It speaks upstream protocol v1
//! (docs/upstream.md) to every kiosk and keeps its state in PostgreSQL.

pub mod api;
pub mod arrivals;
pub mod audit;
pub mod backup;
pub mod console;
pub mod db;
pub mod desk;
pub mod guard;
pub mod kiosks;
pub mod limits;
pub mod metrics;
pub mod migrate;
pub mod retention;
pub mod sends;
pub mod skew;
pub mod staff;
pub mod status;
pub mod tls;
pub mod token;

/// Everything that can stop a hub command; `exit_code` follows the kiosk's rule.
#[derive(Debug, thiserror::Error)]
pub enum HubError {
    #[error(
        "{0}; check --database (or LOBBY_HUB_DATABASE), e.g. \"host=127.0.0.1 port=5432 user=hub dbname=hub\""
    )]
    Config(String),
    #[error("cannot reach PostgreSQL: {0}; check that it runs and that --database points at it")]
    Connect(String),
    #[error("PostgreSQL failed: {0}")]
    Db(#[from] tokio_postgres::Error),
    #[error(
        "the database schema is version {found}, newer than this lobby-hub knows ({known}); upgrade lobby-hub"
    )]
    NewerSchema { found: i32, known: i32 },
    #[error("{0}")]
    Usage(String),
    #[error(transparent)]
    Import(#[from] lobby_kiosk::import::ImportError),
    #[error("cannot listen on {addr}: {reason}; pick a free address with --listen")]
    Listen { addr: String, reason: String },
    #[error("cannot read random bytes from the operating system: {0}")]
    Entropy(String),
}

impl HubError {
    /// 1: transient (PostgreSQL down, worth a retry); 2: the operator must fix something.
    pub fn exit_code(&self) -> i32 {
        match self {
            HubError::Connect(_) | HubError::Db(_) => 1,
            _ => 2,
        }
    }
}

impl From<deadpool_postgres::PoolError> for HubError {
    fn from(e: deadpool_postgres::PoolError) -> Self {
        match e {
            deadpool_postgres::PoolError::Backend(e) => HubError::Db(e),
            other => HubError::Connect(other.to_string()),
        }
    }
}
