//! Connections that cannot hold a server down: at most so many at once, so many per client
//! address, each closed once it has been silent (no byte read or written) for the idle time,
//! and each closed when a request it began sending is not answered in time (a client that
//! trickles a header line every few seconds is never silent, so the idle time alone would let
//! it hold its slot for ever). Without this a stranger could open connections and never speak
//! until the process ran out of file descriptors: the hub's kiosks and desk shut out, or the
//! kiosk's own screen and gateways (its metrics endpoint) starved.

use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use axum::serve::Listener;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::{Instant, Sleep};

use crate::log_throttle::OncePerMinute;

/// How many connections, per address and in all, how long one may stay silent, and how long
/// a request may wait for its answer.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub total: usize,
    pub per_address: usize,
    pub idle: Duration,
    /// From the first byte of a request to the first byte of its answer.
    pub answer: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            total: 4096,
            per_address: 256,
            idle: Duration::from_secs(60),
            answer: Duration::from_secs(30),
        }
    }
}

pub struct Guarded<L> {
    inner: L,
    limits: Limits,
    slots: Arc<Semaphore>,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    refused: OncePerMinute,
    full: OncePerMinute,
}

impl<L> Guarded<L> {
    pub fn new(inner: L, limits: Limits) -> Guarded<L> {
        Guarded {
            inner,
            limits,
            slots: Arc::new(Semaphore::new(limits.total)),
            open: Arc::new(Mutex::new(HashMap::new())),
            refused: OncePerMinute::new(),
            full: OncePerMinute::new(),
        }
    }
}

impl<L> Listener for Guarded<L>
where
    L: Listener<Addr = SocketAddr>,
{
    type Io = GuardedIo<L::Io>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            // A free slot first: when all are taken the hub stops accepting (the kernel's
            // backlog waits) rather than running out of descriptors.
            if self.slots.available_permits() == 0
                && let Some(waits) = self.full.tick()
            {
                // Many addresses at their limit, or a flood from several: say so, for the
                // network's own defences to take over.
                tracing::warn!(
                    total = self.limits.total,
                    waits,
                    "all connection slots in use; new connections wait (logged once a minute)"
                );
            }
            let Ok(permit) = self.slots.clone().acquire_owned().await else {
                return std::future::pending().await;
            };
            let (io, addr) = self.inner.accept().await;
            let admitted = {
                let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
                let n = open.entry(addr.ip()).or_default();
                if *n < self.limits.per_address {
                    *n += 1;
                    true
                } else {
                    false
                }
            };
            if admitted {
                let io = GuardedIo {
                    inner: io,
                    idle: self.limits.idle,
                    answer: self.limits.answer,
                    deadline: Box::pin(tokio::time::sleep(self.limits.idle)),
                    last_progress: Instant::now(),
                    unanswered_since: None,
                    address: addr.ip(),
                    open: self.open.clone(),
                    _slot: permit,
                };
                return (io, addr);
            }
            if let Some(refused) = self.refused.tick() {
                tracing::warn!(
                    refused,
                    per_address = self.limits.per_address,
                    "refused connections from addresses over their limit (logged once a minute)"
                );
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        self.inner.local_addr()
    }
}

/// A connection that fails with `TimedOut` once silent for the idle time, or once what it
/// sent has waited the answer time for a byte back.
pub struct GuardedIo<S> {
    inner: S,
    idle: Duration,
    answer: Duration,
    /// Armed for the earlier of the two deadlines as they were when armed; moved on only when
    /// it fires or a request begins (so a busy connection costs no timer update per read).
    deadline: Pin<Box<Sleep>>,
    last_progress: Instant,
    /// When the client began sending what has not been answered yet.
    unanswered_since: Option<Instant>,
    address: IpAddr,
    open: Arc<Mutex<HashMap<IpAddr, usize>>>,
    _slot: OwnedSemaphorePermit,
}

impl<S> GuardedIo<S> {
    fn read_progressed(&mut self) {
        let now = Instant::now();
        self.last_progress = now;
        if self.unanswered_since.is_none() {
            self.unanswered_since = Some(now);
            let answer_due = now + self.answer;
            if answer_due < self.deadline.deadline() {
                self.deadline.as_mut().reset(answer_due);
            }
        }
    }

    fn write_progressed(&mut self) {
        self.last_progress = Instant::now();
        self.unanswered_since = None;
    }

    fn due(&self) -> Instant {
        let idle_due = self.last_progress + self.idle;
        self.unanswered_since
            .map_or(idle_due, |since| idle_due.min(since + self.answer))
    }

    /// Pending I/O: an error once the connection was silent for the idle time or its request
    /// went unanswered for the answer time, else still pending (the deadline re-armed if
    /// progress came after it was set).
    fn pending_or_timed_out<T>(&mut self, cx: &mut Context<'_>) -> Poll<io::Result<T>> {
        loop {
            match self.deadline.as_mut().poll(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(()) => {
                    let due = self.due();
                    if Instant::now() >= due {
                        return Poll::Ready(Err(io::Error::new(
                            io::ErrorKind::TimedOut,
                            "connection silent or unanswered for too long",
                        )));
                    }
                    self.deadline.as_mut().reset(due);
                }
            }
        }
    }
}

impl<S> Drop for GuardedIo<S> {
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(n) = open.get_mut(&self.address) {
            *n -= 1;
            if *n == 0 {
                open.remove(&self.address);
            }
        }
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for GuardedIo<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        match Pin::new(&mut this.inner).poll_read(cx, buf) {
            Poll::Ready(r) => {
                if buf.filled().len() > before {
                    this.read_progressed();
                }
                Poll::Ready(r)
            }
            Poll::Pending => this.pending_or_timed_out(cx),
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for GuardedIo<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        data: &[u8],
    ) -> Poll<io::Result<usize>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_write(cx, data) {
            Poll::Ready(r) => {
                if matches!(r, Ok(n) if n > 0) {
                    this.write_progressed();
                }
                Poll::Ready(r)
            }
            Poll::Pending => this.pending_or_timed_out(cx),
        }
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        match Pin::new(&mut this.inner).poll_flush(cx) {
            Poll::Ready(r) => Poll::Ready(r),
            Poll::Pending => this.pending_or_timed_out(cx),
        }
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }
}
