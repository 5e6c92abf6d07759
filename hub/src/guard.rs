//! The hub's listeners behind [`lobby_kiosk::net_guard`]'s limits, and the client address of a
//! request on them.

use std::net::SocketAddr;

pub use lobby_kiosk::net_guard::{Guarded, Limits};
use tokio::net::TcpListener;

/// The client address of a request (`ConnectInfo<Peer>`), on any of the hub's listeners.
#[derive(Debug, Clone, Copy)]
pub struct Peer(pub SocketAddr);

impl<'a>
    axum::extract::connect_info::Connected<axum::serve::IncomingStream<'a, Guarded<TcpListener>>>
    for Peer
{
    fn connect_info(stream: axum::serve::IncomingStream<'a, Guarded<TcpListener>>) -> Self {
        Peer(*stream.remote_addr())
    }
}

impl<'a>
    axum::extract::connect_info::Connected<
        axum::serve::IncomingStream<'a, crate::tls::TlsListener<Guarded<TcpListener>>>,
    > for Peer
{
    fn connect_info(
        stream: axum::serve::IncomingStream<'a, crate::tls::TlsListener<Guarded<TcpListener>>>,
    ) -> Self {
        Peer(*stream.remote_addr())
    }
}
