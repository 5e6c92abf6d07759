//! The watchdog without systemd: the real kiosk in a real X window (Xvfb), given a
//! `NOTIFY_SOCKET` this test binds itself. It says READY=1 and pings WATCHDOG=1 from its UI
//! loop; when the loop is blocked (the test hook freezes it after a few beats) the pings stop
//! while the process stays alive — what systemd's `WatchdogSec=` turns into a restart.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::os::unix::net::UnixDatagram;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A bare Xvfb on a free display, stopped by pid on drop.
struct Xvfb {
    child: Child,
    display: String,
}

impl Xvfb {
    fn start() -> Xvfb {
        let n = (100..200)
            .find(|n| {
                !std::path::Path::new(&format!("/tmp/.X11-unix/X{n}")).exists()
                    && !std::path::Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .expect("a free X display");
        let child = Command::new("Xvfb")
            .args([
                format!(":{n}"),
                "-screen".into(),
                "0".into(),
                "1280x800x24".into(),
            ])
            .args(["-nolisten", "tcp"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb (Debian xvfb; scripts/test installs it)");
        let socket = format!("/tmp/.X11-unix/X{n}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while !std::path::Path::new(&socket).exists() {
            assert!(Instant::now() < deadline, "Xvfb did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Xvfb {
            child,
            display: format!(":{n}"),
        }
    }
}

impl Drop for Xvfb {
    fn drop(&mut self) {
        // SIGTERM, so Xvfb removes its lock file and socket.
        unsafe { libc::kill(self.child.id() as i32, libc::SIGTERM) };
        let _ = self.child.wait();
    }
}

fn messages(socket: &UnixDatagram, wait: Duration) -> Vec<String> {
    socket.set_read_timeout(Some(wait)).unwrap();
    let mut got = Vec::new();
    let mut buf = [0u8; 512];
    while let Ok(n) = socket.recv(&mut buf) {
        got.extend(
            String::from_utf8_lossy(&buf[..n])
                .lines()
                .map(str::to_owned),
        );
        socket
            .set_read_timeout(Some(Duration::from_millis(50)))
            .unwrap();
        if got.len() > 64 {
            break;
        }
    }
    got
}

#[test]
fn the_ui_loop_pings_the_watchdog_and_a_frozen_loop_stops_the_pings() {
    let dir = support::demo::shipped_kiosk_dir();
    let x = Xvfb::start();
    let path = dir.path().join("notify.sock");
    let socket = UnixDatagram::bind(&path).unwrap();
    let mut kiosk = Command::new(env!("CARGO_BIN_EXE_kiosk"))
        .arg("--config")
        .arg(dir.path().join("kiosk.toml"))
        .arg("run")
        .env("DISPLAY", &x.display)
        .env("ICED_BACKEND", "tiny-skia")
        .env("NOTIFY_SOCKET", &path)
        .env("WATCHDOG_USEC", "1000000")
        .env(lobby_kiosk::watchdog::TEST_STALL_ENV, "6")
        .env_remove("KIOSK_CONFIG")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Pings every half second while the loop runs: READY=1 first, then WATCHDOG=1.
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(60);
    while seen.iter().filter(|m| *m == "WATCHDOG=1").count() < 6 {
        assert!(Instant::now() < deadline, "pings so far: {seen:?}");
        assert!(kiosk.try_wait().unwrap().is_none(), "the kiosk exited");
        seen.extend(messages(&socket, Duration::from_secs(5)));
    }
    assert_eq!(
        seen.first().map(String::as_str),
        Some("READY=1"),
        "{seen:?}"
    );
    assert_eq!(
        seen.iter().filter(|m| *m == "READY=1").count(),
        1,
        "{seen:?}"
    );
    // The loop is frozen now: no more pings, though the process lives on.
    let after = messages(&socket, Duration::from_secs(3));
    assert!(after.is_empty(), "pings from a frozen loop: {after:?}");
    assert!(
        kiosk.try_wait().unwrap().is_none(),
        "the process must stay alive"
    );
    let _ = kiosk.kill();
    let _ = kiosk.wait();
}
