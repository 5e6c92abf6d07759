//! The sync worker: one cycle (`run_once`: push the backlog, pull arrivals, poll commands), the
//! loop around it (every `sync_interval`, at once when the app journals something, backing off
//! after failures), and the entry points `kiosk sync` calls. SQLite work runs on the blocking
//! pool, never on the async executor, so the UI thread is never held up.

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use jiff::{SignedDuration, Timestamp};
use rusqlite::TransactionBehavior;
use secrecy::ExposeSecret;
use sha2::{Digest, Sha256};
use tokio::sync::{Notify, watch};

use super::client::{CallError, UpstreamClient};
use super::commands::{CommandTally, apply_commands};
use super::lease::Lease;
use super::pull::{PullTally, apply_arrivals};
use super::push::{PushTally, apply_response, next_batch, retry_quarantined};
use super::{SyncError, backoff, keys, status};
use crate::clock::{Clock, SystemClock};
use crate::config::Config;
use crate::store::{Store, StoreError};

/// How a cycle ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Everything that could be done was done.
    Done,
    /// A transient failure; the next attempt is due in `retry_in`.
    Transient { reason: String, retry_in: Duration },
    /// 401/403 now or recently; nothing is sent until `retry_in` has passed (or the token
    /// changes).
    CredentialsRefused { retry_in: Duration },
}

impl Outcome {
    /// True when the round did all it could (nothing failed or was refused).
    pub fn is_done(&self) -> bool {
        matches!(self, Outcome::Done)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncReport {
    pub push: PushTally,
    pub pull: PullTally,
    pub commands: CommandTally,
    pub outcome: Outcome,
    /// Events still waiting for the upstream when the round ended (quarantined ones excluded).
    pub left: i64,
}

impl SyncReport {
    /// Events the upstream took in this round (accepted, or rejected into quarantine).
    pub fn pushed(&self) -> usize {
        self.push.accepted + self.push.rejected
    }

    /// Events that were waiting: those pushed plus those still waiting.
    pub fn waiting(&self) -> usize {
        self.pushed() + usize::try_from(self.left).unwrap_or(0)
    }
}

/// A wait as people read it, close to the milliseconds the log gives: tenths of a second under
/// 10 s ("0.7 s"; never "0 s" for a wait that is not zero), whole seconds under 2 min, then
/// minutes and seconds.
pub fn human_wait(d: Duration) -> String {
    let ms = d.as_millis();
    match ms {
        0 => "0 s".to_owned(),
        1..10_000 => {
            let tenths = ((ms + 50) / 100).max(1);
            format!("{}.{} s", tenths / 10, tenths % 10)
        }
        10_000..120_000 => format!("{} s", (ms + 500) / 1000),
        _ => {
            let s = (ms + 500) / 1000;
            match s % 60 {
                0 => format!("{} min", s / 60),
                rest => format!("{} min {rest} s", s / 60),
            }
        }
    }
}

impl std::fmt::Display for SyncReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p, l, c) = (&self.push, &self.pull, &self.commands);
        let waiting = self.waiting();
        writeln!(
            f,
            "pushed {} of {waiting} event{}: {} accepted, {} rejected (quarantined), {} unanswered",
            self.pushed(),
            if waiting == 1 { "" } else { "s" },
            p.accepted,
            p.rejected,
            p.unanswered
        )?;
        writeln!(
            f,
            "pulled {} reservation(s), removed {}, skipped {} invalid",
            l.upserted, l.removed, l.rejected
        )?;
        writeln!(
            f,
            "commands: {} applied, {} rejected, {} duplicate(s) ignored",
            c.applied, c.rejected, c.duplicates
        )?;
        match &self.outcome {
            Outcome::Done => write!(f, "result: done"),
            Outcome::Transient { reason, retry_in } => {
                write!(
                    f,
                    "result: {reason}; next attempt in {}",
                    human_wait(*retry_in)
                )
            }
            Outcome::CredentialsRefused { retry_in } => write!(
                f,
                "result: {}; next attempt in {}",
                crate::sync::CREDENTIALS_REFUSED,
                human_wait(*retry_in)
            ),
        }
    }
}

/// How often the loop applies retention.
const RETENTION_EVERY: Duration = Duration::from_secs(3600);

/// One syncer per database (it holds the lease while alive).
pub struct Syncer {
    store: Arc<Mutex<Store>>,
    client: UpstreamClient,
    config: Arc<Config>,
    clock: Arc<dyn Clock>,
    token_tag: String,
    _lease: Lease,
}

impl std::fmt::Debug for Syncer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Syncer")
            .field("store", &self.config.store.path)
            .finish_non_exhaustive()
    }
}

fn millis(d: Duration) -> SignedDuration {
    SignedDuration::try_from(d).unwrap_or(SignedDuration::MAX)
}

impl Syncer {
    /// Takes the lease on `config.store.path` and opens a connection of its own.
    pub fn new(config: Arc<Config>, clock: Arc<dyn Clock>) -> Result<Syncer, SyncError> {
        let Some(upstream) = &config.upstream else {
            return Err(SyncError::Disabled {
                path: config.source.clone(),
            });
        };
        let lease = Lease::acquire(&config.store.path)?;
        let client = UpstreamClient::new(upstream, &config.kiosk.id)?;
        let store = Store::open_config(&config.store)?;
        // Identifies the token a 401 was for, so a fixed token is tried at once. Not the token.
        let digest = Sha256::digest(upstream.token.expose_secret().trim().as_bytes());
        let token_tag = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
        Ok(Syncer {
            store: Arc::new(Mutex::new(store)),
            client,
            config,
            clock,
            token_tag,
            _lease: lease,
        })
    }

    fn batch_size(&self) -> usize {
        self.config
            .upstream
            .as_ref()
            .map_or(100, |u| u.batch_size as usize)
    }

    /// Runs `f` with the store on the blocking pool.
    async fn db<T, F>(&self, f: F) -> Result<T, SyncError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Store) -> Result<T, StoreError> + Send + 'static,
    {
        let store = Arc::clone(&self.store);
        tokio::task::spawn_blocking(move || {
            let mut guard = store
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            f(&mut guard)
        })
        .await
        .map_err(|e| SyncError::Task(e.to_string()))?
        .map_err(SyncError::from)
    }

    /// One cycle: push the whole backlog (batch by batch), pull arrivals, poll commands, and
    /// push again if commands journaled events. Network trouble is an `Outcome`; only local
    /// (database) failures are errors.
    pub async fn run_once(&self) -> Result<SyncReport, SyncError> {
        let now = self.clock.now();
        let tag = self.token_tag.clone();
        let refused_at = self
            .db(move |s| {
                let c = s.conn();
                let same_token =
                    status::get(c, keys::AUTH_REFUSED_TOKEN)?.as_deref() == Some(tag.as_str());
                let at = status::get_ms(c, keys::AUTH_REFUSED_MS)?;
                Ok(at.filter(|_| same_token))
            })
            .await?;
        if let Some(at) = refused_at {
            let since = Duration::try_from(now.duration_since(at)).unwrap_or_default();
            if since < backoff::AUTH_RETRY {
                return Ok(SyncReport {
                    push: PushTally::default(),
                    pull: PullTally::default(),
                    commands: CommandTally::default(),
                    outcome: Outcome::CredentialsRefused {
                        retry_in: backoff::AUTH_RETRY - since,
                    },
                    left: self.backlog().await?,
                });
            }
        }
        let mut report = SyncReport {
            push: PushTally::default(),
            pull: PullTally::default(),
            commands: CommandTally::default(),
            outcome: Outcome::Done,
            left: 0,
        };
        let result = self.cycle(&mut report).await;
        report.outcome = self.record(result).await?;
        report.left = self.backlog().await?;
        Ok(report)
    }

    /// Events not yet taken upstream (quarantined ones excluded).
    async fn backlog(&self) -> Result<i64, SyncError> {
        self.db(|s| Ok(s.journal_stats()?.unsynced)).await
    }

    async fn cycle(&self, report: &mut SyncReport) -> Result<Result<(), CallError>, SyncError> {
        if let Err(e) = self.push_all(&mut report.push).await? {
            return Ok(Err(e));
        }
        let cursor = self
            .db(|s| status::get(s.conn(), keys::PULL_CURSOR))
            .await?;
        match self.client.arrivals(cursor.as_deref()).await {
            Ok(response) => {
                let region = self.config.kiosk.country.clone();
                let now = self.clock.now();
                report.pull = self
                    .db(move |s| apply_arrivals(s.conn_mut(), &response, &region, now))
                    .await?;
            }
            Err(e) => return Ok(Err(e)),
        }
        let after = self
            .db(|s| status::get(s.conn(), keys::LAST_COMMAND))
            .await?;
        let backlog = self.backlog().await?;
        match self.client.commands(after.as_deref(), backlog).await {
            Ok(response) => {
                let lockout = self.config.otp.lockout;
                let now = self.clock.now();
                report.commands = self
                    .db(move |s| apply_commands(s.conn_mut(), &response.commands, lockout, now))
                    .await?;
            }
            Err(e) => return Ok(Err(e)),
        }
        if report.commands.journaled() || report.pull.rejected > 0 {
            // Acknowledge what we just journaled without waiting a whole interval.
            return self.push_all(&mut report.push).await;
        }
        Ok(Ok(()))
    }

    /// Pushes batches until the backlog is empty, a batch makes no progress, or a call fails.
    async fn push_all(&self, tally: &mut PushTally) -> Result<Result<(), CallError>, SyncError> {
        let limit = self.batch_size();
        loop {
            let kiosk_id = self.config.kiosk.id.clone();
            let now = self.clock.now();
            let Some(batch) = self
                .db(move |s| next_batch(s.conn(), &kiosk_id, limit, now))
                .await?
            else {
                return Ok(Ok(()));
            };
            let ids = batch.ids;
            let left = (self.backlog().await? - ids.len() as i64).max(0);
            let response = match self.client.push(batch.body, left).await {
                Ok(r) => r,
                Err(e) => return Ok(Err(e)),
            };
            let now = self.clock.now();
            let offered = ids.len();
            let got = self
                .db(move |s| apply_response(s.conn_mut(), &ids, &response, now))
                .await?;
            tally.offered += got.offered;
            tally.accepted += got.accepted;
            tally.rejected += got.rejected;
            tally.unanswered += got.unanswered;
            if got.accepted + got.rejected == 0 {
                // The server answered nothing about this batch: offer it again next cycle
                // rather than spin.
                return Ok(Ok(()));
            }
            if offered < limit {
                return Ok(Ok(()));
            }
        }
    }

    /// Stores the cycle's result (last success/error, backoff, refusal) and turns it into an
    /// outcome.
    async fn record(
        &self,
        result: Result<Result<(), CallError>, SyncError>,
    ) -> Result<Outcome, SyncError> {
        let now = self.clock.now();
        let tag = self.token_tag.clone();
        let call = match result {
            Ok(call) => call,
            Err(local) => {
                let msg = local.to_string();
                self.db(move |s| {
                    let tx = s
                        .conn_mut()
                        .transaction_with_behavior(TransactionBehavior::Immediate)?;
                    status::put_ms(&tx, keys::LAST_ERROR_MS, now)?;
                    status::put(&tx, keys::LAST_ERROR, &msg)?;
                    status::mark_failing(&tx, now)?;
                    tx.commit()?;
                    Ok(())
                })
                .await?;
                return Err(local);
            }
        };
        match call {
            Ok(()) => {
                self.db(move |s| {
                    let tx = s
                        .conn_mut()
                        .transaction_with_behavior(TransactionBehavior::Immediate)?;
                    status::put_ms(&tx, keys::LAST_SUCCESS_MS, now)?;
                    for key in [
                        keys::FAILURES,
                        keys::FAILING_SINCE_MS,
                        keys::RETRY_AT_MS,
                        keys::AUTH_REFUSED_MS,
                        keys::AUTH_REFUSED_TOKEN,
                    ] {
                        status::remove(&tx, key)?;
                    }
                    tx.commit()?;
                    Ok(())
                })
                .await?;
                Ok(Outcome::Done)
            }
            Err(CallError::AuthRefused { status: code }) => {
                let msg = CallError::AuthRefused { status: code }.to_string();
                tracing::error!(
                    status = code,
                    "upstream refused the kiosk's credentials; pausing sync"
                );
                self.db(move |s| {
                    let tx = s
                        .conn_mut()
                        .transaction_with_behavior(TransactionBehavior::Immediate)?;
                    status::put_ms(&tx, keys::AUTH_REFUSED_MS, now)?;
                    status::put(&tx, keys::AUTH_REFUSED_TOKEN, &tag)?;
                    status::put_ms(&tx, keys::LAST_ERROR_MS, now)?;
                    status::put(&tx, keys::LAST_ERROR, &msg)?;
                    status::mark_failing(&tx, now)?;
                    tx.commit()?;
                    Ok(())
                })
                .await?;
                Ok(Outcome::CredentialsRefused {
                    retry_in: backoff::AUTH_RETRY,
                })
            }
            Err(CallError::Transient {
                reason,
                retry_after,
            }) => {
                let msg = reason.clone();
                let failures = self
                    .db(move |s| {
                        let tx = s
                            .conn_mut()
                            .transaction_with_behavior(TransactionBehavior::Immediate)?;
                        let failures = status::get(&tx, keys::FAILURES)?
                            .and_then(|v| v.parse::<u32>().ok())
                            .unwrap_or(0)
                            .saturating_add(1);
                        status::put(&tx, keys::FAILURES, &failures.to_string())?;
                        status::put_ms(&tx, keys::LAST_ERROR_MS, now)?;
                        status::put(&tx, keys::LAST_ERROR, &msg)?;
                        status::mark_failing(&tx, now)?;
                        tx.commit()?;
                        Ok(failures)
                    })
                    .await?;
                let retry_in = backoff::backoff_delay(failures, retry_after);
                let at = now.checked_add(millis(retry_in)).unwrap_or(now);
                self.db(move |s| status::put_ms(s.conn(), keys::RETRY_AT_MS, at))
                    .await?;
                tracing::warn!(%reason, failures, retry_in_ms = retry_in.as_millis() as u64, "upstream sync failed; will retry");
                Ok(Outcome::Transient { reason, retry_in })
            }
        }
    }

    /// Runs cycles until `shutdown` turns true: every `sync_interval`, at once when `wake` is
    /// notified (the app journaled something), later after failures. Database errors are
    /// logged and retried like network ones: the kiosk keeps working offline regardless.
    pub async fn run(&self, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>) {
        let interval = self
            .config
            .upstream
            .as_ref()
            .map_or(Duration::from_secs(15), |u| u.sync_interval);
        let mut last_retention: Option<std::time::Instant> = None;
        // Honour a backoff left by a previous run (a crash loop must not hammer the server).
        let now = self.clock.now();
        let pending = self
            .db(|s| status::get_ms(s.conn(), keys::RETRY_AT_MS))
            .await
            .ok()
            .flatten();
        if let Some(at) = pending {
            let wait = Duration::try_from(at.duration_since(now))
                .unwrap_or_default()
                .min(backoff::BACKOFF_CAP);
            if !wait.is_zero() && matches!(pause(wait, None, &mut shutdown).await, Pause::Shutdown)
            {
                return;
            }
        }
        let mut failures = 0u32;
        loop {
            if *shutdown.borrow() {
                return;
            }
            if last_retention.is_none_or(|t| t.elapsed() >= RETENTION_EVERY) {
                let config = Arc::clone(&self.config);
                let now = self.clock.now();
                match self
                    .db(move |s| super::apply_retention(s, &config, now))
                    .await
                {
                    Ok(_) => last_retention = Some(std::time::Instant::now()),
                    Err(e) => tracing::error!(error = %e, "retention failed; will retry"),
                }
            }
            // Read before the cycle, so a write by another process during it starts the next.
            let seen = self.data_version().await;
            let (wait, wakeable) = match self.run_once().await {
                Ok(report) => match report.outcome {
                    Outcome::Done => {
                        failures = 0;
                        (interval, true)
                    }
                    Outcome::Transient { retry_in, .. } => (retry_in, false),
                    Outcome::CredentialsRefused { retry_in } => (retry_in, false),
                },
                Err(e) => {
                    failures = failures.saturating_add(1);
                    tracing::error!(error = %e, "sync cycle failed locally; will retry");
                    (backoff::backoff_delay(failures, None), false)
                }
            };
            let wake = wakeable.then_some(&*wake);
            let deadline = std::time::Instant::now() + wait;
            loop {
                let left = deadline.saturating_duration_since(std::time::Instant::now());
                if left.is_zero() {
                    break;
                }
                // Another process (the GUI, when this is `kiosk sync`) cannot notify us, but its
                // commits change `data_version` on our connection: look about once a second.
                let step = if wakeable {
                    left.min(DATA_VERSION_POLL)
                } else {
                    left
                };
                match pause(step, wake, &mut shutdown).await {
                    Pause::Shutdown => return,
                    Pause::Woken => break,
                    Pause::Elapsed if wakeable && self.data_version().await != seen => break,
                    Pause::Elapsed => {}
                }
            }
        }
    }

    /// SQLite's `PRAGMA data_version` on the syncer's connection: it changes whenever another
    /// connection commits. `None` when it cannot be read (then only the interval applies).
    async fn data_version(&self) -> Option<i64> {
        self.db(|s| {
            s.conn()
                .query_row("PRAGMA data_version", [], |r| r.get::<_, i64>(0))
                .map_err(StoreError::from)
        })
        .await
        .ok()
    }

    /// The store connection the syncer uses (for tests and `kiosk status` in the same process).
    pub fn store(&self) -> Arc<Mutex<Store>> {
        Arc::clone(&self.store)
    }
}

/// How often the idle worker looks for commits by other processes.
const DATA_VERSION_POLL: Duration = Duration::from_secs(1);

enum Pause {
    Elapsed,
    Woken,
    Shutdown,
}

/// Sleeps for `wait`, or until `wake` fires (when given) or shutdown is requested.
async fn pause(
    wait: Duration,
    wake: Option<&Notify>,
    shutdown: &mut watch::Receiver<bool>,
) -> Pause {
    let woken = async {
        match wake {
            Some(n) => n.notified().await,
            None => std::future::pending().await,
        }
    };
    tokio::select! {
        _ = tokio::time::sleep(wait) => Pause::Elapsed,
        _ = woken => Pause::Woken,
        changed = shutdown.changed() => {
            if changed.is_err() || *shutdown.borrow() { Pause::Shutdown } else { Pause::Elapsed }
        }
    }
}

fn load(config_path: &Path) -> Result<Arc<Config>, SyncError> {
    let config = Config::load(config_path)?;
    if config.upstream.is_none() {
        return Err(SyncError::Disabled {
            path: config_path.to_path_buf(),
        });
    }
    Ok(Arc::new(config))
}

fn runtime() -> Result<tokio::runtime::Runtime, SyncError> {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(2)
        .enable_all()
        .build()
        .map_err(|e| SyncError::Runtime(e.to_string()))
}

/// `kiosk sync`: syncs in a loop until SIGINT or SIGTERM.
pub fn run_forever(config_path: &Path) -> Result<(), SyncError> {
    let config = load(config_path)?;
    runtime()?.block_on(async move {
        let syncer = Syncer::new(config, Arc::new(SystemClock))?;
        let (stop, shutdown) = watch::channel(false);
        tokio::spawn(async move {
            wait_for_signal().await;
            let _ = stop.send(true);
        });
        tracing::info!("upstream sync running");
        syncer.run(Arc::new(Notify::new()), shutdown).await;
        Ok(())
    })
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = tokio::signal::ctrl_c() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `kiosk sync --once`: one cycle, ignoring any backoff (IT asked for it now), but still
/// honouring a credentials refusal for the same token.
pub fn run_once_cli(config_path: &Path) -> Result<SyncReport, SyncError> {
    let config = load(config_path)?;
    runtime()?.block_on(async move {
        let syncer = Syncer::new(config, Arc::new(SystemClock))?;
        syncer.run_once().await
    })
}

/// `kiosk sync --retry-quarantined`: re-offers quarantined events to the next push. Returns
/// how many. Works with the syncer running (it only clears the quarantine mark). A missing
/// store is an error: there is nothing to re-offer, and a mistyped path must not start one.
pub fn retry_quarantined_cli(config_path: &Path) -> Result<usize, SyncError> {
    let config = Config::load(config_path)?;
    let store = Store::open_existing_config(&config.store)?;
    let n = retry_quarantined(store.conn())?;
    tracing::info!(events = n, "quarantined events re-offered");
    Ok(n)
}

/// When the next cycle should start, for status displays in the same process.
pub fn next_attempt(store: &Store) -> Result<Option<Timestamp>, StoreError> {
    status::get_ms(store.conn(), keys::RETRY_AT_MS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wait_reads_like_the_milliseconds_the_log_gives() {
        let wait = |ms| human_wait(Duration::from_millis(ms));
        assert_eq!(wait(709), "0.7 s");
        assert_eq!(wait(948), "0.9 s");
        assert_eq!(wait(960), "1.0 s");
        assert_eq!(wait(20), "0.1 s", "never 0 s for a wait that is not zero");
        assert_eq!(wait(0), "0 s");
        assert_eq!(wait(4_250), "4.3 s");
        assert_eq!(wait(12_400), "12 s");
        assert_eq!(wait(300_000), "5 min");
        assert_eq!(wait(272_600), "4 min 33 s");
    }

    #[test]
    fn the_report_says_what_was_pushed_of_how_many() {
        let report = SyncReport {
            push: PushTally {
                offered: 5,
                accepted: 4,
                rejected: 1,
                unanswered: 0,
            },
            pull: PullTally::default(),
            commands: CommandTally::default(),
            outcome: Outcome::Transient {
                reason: "upstream answered 503".into(),
                retry_in: Duration::from_millis(1_709),
            },
            left: 2,
        };
        let text = report.to_string();
        assert!(
            text.starts_with("pushed 5 of 7 events: 4 accepted, 1 rejected"),
            "{text}"
        );
        assert!(
            text.ends_with("result: upstream answered 503; next attempt in 1.7 s"),
            "{text}"
        );
    }
}
