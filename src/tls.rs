//! TLS for every outgoing HTTPS call (SMS gateways, upstream): rustls with the `ring` provider,
//! which builds in seconds where aws-lc-rs takes minutes on a kiosk-class machine.

use std::sync::Once;

/// Installs rustls' `ring` crypto provider as the process default. Call at startup; safe to
/// call again (later calls, and a provider installed by someone else first, are left alone).
pub fn install_crypto_provider() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // Err means another provider is already installed, which is fine.
        let _ = rustls::crypto::ring::default_provider().install_default();
    });
}
