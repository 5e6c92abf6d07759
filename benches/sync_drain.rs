//! Drains a 100,000-event backlog to a loopback protocol v1 server (a child process running
//! the test upstream, so its memory is not counted) with `batch_size = 500`. Prints events/s
//! and the syncing process's peak RSS over its idle RSS. Targets: ≥ 20,000 events/s, ≤ +20 MB.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[allow(dead_code, clippy::result_large_err)]
#[path = "../tests/support/upstream.rs"]
mod upstream;

use std::io::{BufRead, Read, Write};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use lobby_kiosk::clock::SystemClock;
use lobby_kiosk::config::Config;
use lobby_kiosk::store::{EventKind, Store, append_event};
use lobby_kiosk::sync::{Syncer, sync_status};
use serde_json::json;

const EVENTS: usize = 100_000;
const SERVER_ENV: &str = "SYNC_DRAIN_SERVER_DB";

fn proc_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn serve(db: &str) {
    let server = upstream::Upstream::start(std::path::Path::new(db));
    println!("{}", server.url);
    std::io::stdout().flush().unwrap();
    // Serve until the parent closes our stdin.
    let _ = std::io::stdin().read_to_end(&mut Vec::new());
    eprintln!("server stored {} distinct events", server.event_count());
}

fn main() {
    if let Ok(db) = std::env::var(SERVER_ENV) {
        return serve(&db);
    }
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let mut server = Command::new(std::env::current_exe().unwrap())
        .env(SERVER_ENV, dir.path().join("upstream.db"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut url = String::new();
    std::io::BufReader::new(server.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let url = url.trim().to_owned();

    std::fs::write(dir.path().join("token"), upstream::TOKEN).unwrap();
    std::fs::write(dir.path().join("demo.json"), "[]").unwrap();
    let config_path = dir.path().join("kiosk.toml");
    std::fs::write(
        &config_path,
        format!(
            "[kiosk]\nid = \"lobby-1\"\nproperty = \"Bench\"\ntime_zone = \"Europe/London\"\ncountry = \"GB\"\n\
             [store]\npath = \"kiosk.db\"\n[demo]\nenabled = true\nreservations = \"demo.json\"\n\
             [[gateway]]\nname = \"o\"\nkind = \"outbox\"\npath = \"outbox\"\n\
             [upstream]\nenabled = true\nurl = \"{url}\"\ntoken_file = \"token\"\nbatch_size = 500\ntimeout_ms = 30000\n"
        ),
    )
    .unwrap();
    let config = Arc::new(Config::load(&config_path).unwrap());

    let setup = Instant::now();
    {
        let mut store = Store::open(&config.store.path).unwrap();
        let tx = store.conn_mut().transaction().unwrap();
        let now = jiff::Timestamp::now();
        for i in 0..EVENTS {
            append_event(
                &tx,
                now,
                EventKind::CheckedIn,
                Some("ABC123"),
                json!({"room": "412", "i": i, "staff": null, "language": "pt"}),
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    eprintln!("backlog of {EVENTS} written in {:.1?}", setup.elapsed());

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .max_blocking_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let syncer = Syncer::new(Arc::clone(&config), Arc::new(SystemClock)).unwrap();
    let idle_kb = proc_kb("VmRSS:");
    // Reset the peak so that VmHWM measures the drain alone (Linux ≥ 4.0).
    let reset = std::fs::write("/proc/self/clear_refs", "5").is_ok();

    let start = Instant::now();
    let report = runtime.block_on(syncer.run_once()).unwrap();
    let elapsed = start.elapsed();
    let peak_kb = proc_kb("VmHWM:");

    let store = Store::open(&config.store.path).unwrap();
    let status = sync_status(&store, jiff::Timestamp::now()).unwrap();
    assert_eq!(report.push.accepted, EVENTS, "{report:?}");
    assert_eq!(status.backlog, 0);

    let rate = EVENTS as f64 / elapsed.as_secs_f64();
    println!(
        "sync_drain: {EVENTS} events, batch_size 500, in {:.3} s = {rate:.0} events/s (target >= 20000)",
        elapsed.as_secs_f64()
    );
    println!(
        "sync_drain: idle RSS {:.1} MB, peak RSS during drain {:.1} MB, growth {:+.1} MB (target <= +20 MB){}",
        idle_kb as f64 / 1024.0,
        peak_kb as f64 / 1024.0,
        (peak_kb as f64 - idle_kb as f64) / 1024.0,
        if reset {
            ""
        } else {
            " [VmHWM could not be reset: peak includes setup]"
        }
    );
    drop(server.stdin.take());
    let _ = server.wait();
}
