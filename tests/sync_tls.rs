//! Real TLS handshakes between the sync client and an HTTPS (and mutual-TLS) front on
//! 127.0.0.1, with certificates made in the test: a private CA in `ca_file` is trusted, system
//! roots alone refuse it, and a server requiring client certificates admits only a kiosk with
//! `client_cert`/`client_key`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::net::SocketAddr;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use lobby_kiosk::clock::ManualClock;
use lobby_kiosk::config::Config;
use lobby_kiosk::store::{EventKind, Store};
use lobby_kiosk::sync::{Outcome, Syncer, sync_status};
use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use support::upstream::Upstream;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::server::WebPkiClientVerifier;
use tokio_rustls::rustls::{RootCertStore, ServerConfig, crypto::ring};

/// A test CA, a server certificate for localhost/127.0.0.1 and a client certificate, in PEM
/// files under `dir` (what a kiosk's config names) and DER (what the server loads).
struct Pki {
    ca_der: CertificateDer<'static>,
    server_chain: Vec<CertificateDer<'static>>,
    server_key: Vec<u8>,
}

fn pki(dir: &Path) -> Pki {
    let ca_key = KeyPair::generate().unwrap();
    let mut ca = CertificateParams::new(Vec::<String>::new()).unwrap();
    ca.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca.distinguished_name
        .push(DnType::CommonName, "lobby-kiosk test CA");
    ca.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca_cert = ca.self_signed(&ca_key).unwrap();
    let issuer = Issuer::new(ca, ca_key);

    let server_key = KeyPair::generate().unwrap();
    let mut server =
        CertificateParams::new(vec!["localhost".to_owned(), "127.0.0.1".to_owned()]).unwrap();
    server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let server_cert = server.signed_by(&server_key, &issuer).unwrap();

    let client_key = KeyPair::generate().unwrap();
    let mut client = CertificateParams::new(vec!["lobby-1".to_owned()]).unwrap();
    client
        .distinguished_name
        .push(DnType::CommonName, "lobby-1");
    client.extended_key_usages = vec![ExtendedKeyUsagePurpose::ClientAuth];
    let client_cert = client.signed_by(&client_key, &issuer).unwrap();

    std::fs::write(dir.join("ca.pem"), ca_cert.pem()).unwrap();
    std::fs::write(dir.join("client.pem"), client_cert.pem()).unwrap();
    std::fs::write(dir.join("client.key"), client_key.serialize_pem()).unwrap();
    Pki {
        ca_der: ca_cert.der().clone(),
        server_chain: vec![server_cert.der().clone()],
        server_key: server_key.serialize_der(),
    }
}

fn server_config(pki: &Pki, require_client_cert: bool) -> Arc<ServerConfig> {
    let provider = Arc::new(ring::default_provider());
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .unwrap();
    let builder = if require_client_cert {
        let mut roots = RootCertStore::empty();
        roots.add(pki.ca_der.clone()).unwrap();
        let verifier = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider)
            .build()
            .unwrap();
        builder.with_client_cert_verifier(verifier)
    } else {
        builder.with_no_client_auth()
    };
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(pki.server_key.clone()));
    Arc::new(
        builder
            .with_single_cert(pki.server_chain.clone(), key)
            .unwrap(),
    )
}

/// An HTTPS front on 127.0.0.1 that completes TLS and relays the bytes to the plain-HTTP test
/// upstream; it counts finished and failed handshakes. Stopped (thread joined) on drop.
struct TlsFront {
    url: String,
    handshakes_ok: Arc<AtomicUsize>,
    handshakes_failed: Arc<AtomicUsize>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl TlsFront {
    fn start(backend: &Upstream, config: Arc<ServerConfig>, host: &str) -> TlsFront {
        let backend: SocketAddr = backend.url.trim_start_matches("http://").parse().unwrap();
        let acceptor = tokio_rustls::TlsAcceptor::from(config);
        let ok = Arc::new(AtomicUsize::new(0));
        let failed = Arc::new(AtomicUsize::new(0));
        let (stop, mut stopped) = tokio::sync::oneshot::channel::<()>();
        let (ready_tx, ready_rx) = std::sync::mpsc::channel::<SocketAddr>();
        let (ok2, failed2) = (ok.clone(), failed.clone());
        let thread = std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(1)
                .enable_all()
                .build()
                .unwrap();
            rt.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                ready_tx.send(listener.local_addr().unwrap()).unwrap();
                loop {
                    let tcp = tokio::select! {
                        _ = &mut stopped => break,
                        accepted = listener.accept() => match accepted {
                            Ok((tcp, _)) => tcp,
                            Err(_) => continue,
                        },
                    };
                    let (acceptor, ok, failed) = (acceptor.clone(), ok2.clone(), failed2.clone());
                    tokio::spawn(async move {
                        let mut tls = match acceptor.accept(tcp).await {
                            Ok(tls) => tls,
                            Err(_) => {
                                failed.fetch_add(1, Ordering::SeqCst);
                                return;
                            }
                        };
                        ok.fetch_add(1, Ordering::SeqCst);
                        if let Ok(mut plain) = tokio::net::TcpStream::connect(backend).await {
                            let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
                        }
                    });
                }
            });
            rt.shutdown_timeout(std::time::Duration::from_millis(100));
        });
        let addr = ready_rx.recv().unwrap();
        TlsFront {
            url: format!("https://{host}:{}", addr.port()),
            handshakes_ok: ok,
            handshakes_failed: failed,
            stop: Some(stop),
            thread: Some(thread),
        }
    }
}

impl Drop for TlsFront {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A kiosk in its own directory syncing with `url`, `extra` lines added to `[upstream]`.
struct Kiosk {
    config: Arc<Config>,
    syncer: Syncer,
    _dir: tempfile::TempDir,
}

impl Kiosk {
    fn new(url: &str, extra: &str) -> Kiosk {
        let dir = tempfile::tempdir().unwrap();
        let path = support::write_config(dir.path(), url, 100, 3000, 600, extra);
        let config = Arc::new(Config::load(&path).unwrap());
        let clock = Arc::new(ManualClock::new(support::T0.parse().unwrap()));
        let syncer = Syncer::new(Arc::clone(&config), clock).unwrap();
        Kiosk {
            config,
            syncer,
            _dir: dir,
        }
    }

    fn store(&self) -> Store {
        Store::open(&self.config.store.path).unwrap()
    }

    fn append(&self, n: usize) -> Vec<String> {
        let mut store = self.store();
        let mut ids: Vec<String> = (0..n)
            .map(|i| {
                store
                    .journal_append(
                        support::T0.parse().unwrap(),
                        EventKind::CheckedIn,
                        Some("ABC123"),
                        serde_json::json!({"room": "101", "n": i}),
                    )
                    .unwrap()
                    .id
            })
            .collect();
        ids.sort();
        ids
    }

    fn synced(&self) -> usize {
        self.store()
            .journal_since(0, 1000)
            .unwrap()
            .iter()
            .filter(|e| e.synced_at.is_some())
            .count()
    }

    fn last_error(&self) -> String {
        let status = sync_status(&self.store(), support::T0.parse().unwrap()).unwrap();
        status.last_error.map(|(_, m)| m).unwrap_or_default()
    }
}

fn files(dir: &Path, ca: bool, client: bool) -> String {
    let mut extra = String::new();
    if ca {
        extra += &format!("ca_file = {:?}\n", dir.join("ca.pem"));
    }
    if client {
        extra += &format!("client_cert = {:?}\n", dir.join("client.pem"));
        extra += &format!("client_key = {:?}\n", dir.join("client.key"));
    }
    extra
}

#[tokio::test]
async fn private_ca_in_ca_file_is_trusted_and_events_are_marked_synced() {
    let pki_dir = tempfile::tempdir().unwrap();
    let pki = pki(pki_dir.path());
    let upstream = Upstream::start(&pki_dir.path().join("upstream.db"));
    let front = TlsFront::start(&upstream, server_config(&pki, false), "127.0.0.1");
    let kiosk = Kiosk::new(&front.url, &files(pki_dir.path(), true, false));
    let ids = kiosk.append(5);
    let report = kiosk.syncer.run_once().await.unwrap();
    assert_eq!(report.outcome, Outcome::Done, "{}", kiosk.last_error());
    assert_eq!(report.push.accepted, 5);
    assert_eq!(upstream.event_ids(), ids);
    assert_eq!(kiosk.synced(), 5);
    assert!(front.handshakes_ok.load(Ordering::SeqCst) >= 1);
    assert_eq!(front.handshakes_failed.load(Ordering::SeqCst), 0);
    // The certificate also names localhost.
    let by_name = TlsFront::start(&upstream, server_config(&pki, false), "localhost");
    let kiosk = Kiosk::new(&by_name.url, &files(pki_dir.path(), true, false));
    kiosk.append(2);
    let report = kiosk.syncer.run_once().await.unwrap();
    assert_eq!(report.outcome, Outcome::Done, "{}", kiosk.last_error());
    assert_eq!(kiosk.synced(), 2);
    drop((kiosk, by_name, front, upstream));
}

#[tokio::test]
async fn system_roots_alone_refuse_a_private_ca_and_nothing_is_lost() {
    let pki_dir = tempfile::tempdir().unwrap();
    let pki = pki(pki_dir.path());
    let upstream = Upstream::start(&pki_dir.path().join("upstream.db"));
    let front = TlsFront::start(&upstream, server_config(&pki, false), "127.0.0.1");
    let kiosk = Kiosk::new(&front.url, "");
    kiosk.append(4);
    let report = kiosk.syncer.run_once().await.unwrap();
    let Outcome::Transient { reason, .. } = &report.outcome else {
        panic!("expected a transient failure, got {:?}", report.outcome);
    };
    let error = kiosk.last_error();
    for text in [reason.as_str(), error.as_str()] {
        assert!(text.contains("certificate"), "{text}");
        assert!(text.contains("ca_file"), "{text}");
    }
    assert_eq!(upstream.event_count(), 0);
    assert_eq!(kiosk.synced(), 0);
    let status = sync_status(&kiosk.store(), support::T0.parse().unwrap()).unwrap();
    assert_eq!((status.backlog, status.quarantined), (4, 0));
    assert!(front.handshakes_failed.load(Ordering::SeqCst) >= 1);
    assert_eq!(front.handshakes_ok.load(Ordering::SeqCst), 0);
    drop((kiosk, front, upstream));
}

#[tokio::test]
async fn mutual_tls_admits_only_a_kiosk_with_its_client_certificate() {
    let pki_dir = tempfile::tempdir().unwrap();
    let pki = pki(pki_dir.path());
    let upstream = Upstream::start(&pki_dir.path().join("upstream.db"));
    let front = TlsFront::start(&upstream, server_config(&pki, true), "127.0.0.1");

    let anonymous = Kiosk::new(&front.url, &files(pki_dir.path(), true, false));
    anonymous.append(3);
    let report = anonymous.syncer.run_once().await.unwrap();
    let Outcome::Transient { reason, .. } = &report.outcome else {
        panic!("expected a refusal, got {:?}", report.outcome);
    };
    assert!(reason.contains("client_cert"), "{reason}");
    assert!(anonymous.last_error().contains("client_cert"));
    assert_eq!(anonymous.synced(), 0);
    assert_eq!(upstream.event_count(), 0);
    assert!(front.handshakes_failed.load(Ordering::SeqCst) >= 1);

    let known = Kiosk::new(&front.url, &files(pki_dir.path(), true, true));
    let ids = known.append(3);
    let report = known.syncer.run_once().await.unwrap();
    assert_eq!(report.outcome, Outcome::Done, "{}", known.last_error());
    assert_eq!(upstream.event_ids(), ids);
    assert_eq!(known.synced(), 3);
    drop((anonymous, known, front, upstream));
}
