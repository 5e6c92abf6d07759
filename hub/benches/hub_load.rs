//! The hub under a property's or chain's load, on a real PostgreSQL and a real hub process:
//! 1. events ingested per second from 100 simulated kiosks pushing batches of 100 at once
//!    (target ≥ 20,000/s);
//! 2. answer times with 1,000 kiosks polling commands and arrivals every 15 s, spread over the
//!    interval (target p99 < 50 ms).
//!
//! `cargo bench -p lobby-hub` runs the full figures (3 runs, medians); without `--bench`
//! (`cargo test --benches`) a short smoke run checks that it works.

#[allow(dead_code)]
#[path = "../tests/support/pg.rs"]
mod pg;

use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::json;

struct Figures {
    kiosks: usize,
    batches: usize,
    poll_kiosks: usize,
    poll_for: Duration,
    runs: usize,
}

fn start_hub(db: &str) -> (std::process::Child, String) {
    let mut child = pg::hub(db)
        // Every simulated kiosk connects from 127.0.0.1.
        .args([
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--max-connections-per-address",
            "4000",
        ])
        .env("LOBBY_HUB_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("start lobby-hub");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("stdout"))
        .read_line(&mut line)
        .expect("hub address");
    let addr = line.trim().trim_start_matches("listening on ").to_owned();
    (child, format!("http://{addr}"))
}

async fn register(pool: &deadpool_postgres::Pool, prefix: &str, n: usize) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let name = format!("{prefix}-{i}");
        let token = lobby_hub::kiosks::add(pool, &name)
            .await
            .expect("add kiosk");
        out.push((name, token));
    }
    out
}

/// Every kiosk pushes `batches` batches of 100 events, all kiosks at once; events per second.
async fn ingest(url: &str, kiosks: &[(String, String)], batches: usize, run: usize) -> f64 {
    let http = reqwest::Client::new();
    let started = Instant::now();
    let mut tasks = Vec::new();
    for (name, token) in kiosks {
        let (name, token, http) = (name.clone(), token.clone(), http.clone());
        let url = format!("{url}/v1/events");
        tasks.push(tokio::spawn(async move {
            for b in 0..batches {
                let events: Vec<_> = (0..100)
                    .map(|i| {
                        let seq = (b * 100 + i + 1) as i64;
                        json!({"id": format!("{name}-r{run}-{seq}"), "seq": seq, "kind": "otp_sent",
                               "occurred_at": "2026-11-25T18:00:00.000Z", "reservation": format!("{name}-{}", seq % 50),
                               "data": {"challenge": "c", "purpose": "check_in", "phone": "+44…958",
                                        "gateway": "kannel", "resend": 0}})
                    })
                    .collect();
                let body = json!({"kiosk_id": name, "events": events}).to_string();
                let r = http
                    .post(&url)
                    .bearer_auth(&token)
                    .header("x-kiosk-id", &name)
                    .header("content-type", "application/json")
                    .body(body)
                    .send()
                    .await
                    .expect("push");
                assert!(r.status().is_success(), "push answered {}", r.status());
            }
        }));
    }
    for t in tasks {
        t.await.expect("kiosk task");
    }
    (kiosks.len() * batches * 100) as f64 / started.elapsed().as_secs_f64()
}

/// Each kiosk polls commands then arrivals every 15 s, kiosks spread evenly over the interval;
/// the p50 and p99 answer times in ms.
async fn polling(url: &str, kiosks: &[(String, String)], duration: Duration) -> (f64, f64, u64) {
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(kiosks.len())
        .build()
        .expect("client");
    let hist = Arc::new(std::sync::Mutex::new(
        hdrhistogram::Histogram::<u64>::new(3).expect("histogram"),
    ));
    let interval = Duration::from_secs(15);
    let n = kiosks.len() as u32;
    let mut tasks = Vec::new();
    for (i, (name, token)) in kiosks.iter().cloned().enumerate() {
        let (http, hist, url) = (http.clone(), hist.clone(), url.to_owned());
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep(interval * i as u32 / n).await;
            let end = Instant::now() + duration;
            let mut cursor = String::new();
            while Instant::now() < end {
                let cycle = Instant::now();
                for path in ["/v1/commands", "/v1/arrivals"] {
                    let mut req = http
                        .get(format!("{url}{path}"))
                        .bearer_auth(&token)
                        .header("x-kiosk-id", &name);
                    if path == "/v1/arrivals" && !cursor.is_empty() {
                        req = req.query(&[("since", &cursor)]);
                    }
                    let t = Instant::now();
                    let r = req.send().await.expect("poll");
                    assert!(r.status().is_success());
                    let body: serde_json::Value = r.json().await.expect("json");
                    let us = t.elapsed().as_micros() as u64;
                    hist.lock()
                        .expect("hist")
                        .record(us.max(1))
                        .expect("record");
                    if let Some(c) = body["cursor"].as_str() {
                        cursor = c.to_owned();
                    }
                }
                tokio::time::sleep(interval.saturating_sub(cycle.elapsed())).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("poller");
    }
    let h = hist.lock().expect("hist");
    (
        h.value_at_quantile(0.5) as f64 / 1000.0,
        h.value_at_quantile(0.99) as f64 / 1000.0,
        h.len(),
    )
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let full = std::env::args().any(|a| a == "--bench");
    let f = if full {
        Figures {
            kiosks: 100,
            batches: 20,
            poll_kiosks: 1000,
            poll_for: Duration::from_secs(45),
            runs: 3,
        }
    } else {
        Figures {
            kiosks: 10,
            batches: 2,
            poll_kiosks: 20,
            poll_for: Duration::from_secs(1),
            runs: 1,
        }
    };
    lobby_kiosk::tls::install_crypto_provider();
    let server = pg::Postgres::start();
    let db = server.database("bench");
    let (mut hub, url) = start_hub(&db);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let pool = lobby_hub::db::pool(&db, 4).expect("pool");
        let pushers = register(&pool, "push", f.kiosks).await;
        let mut rates = Vec::new();
        for run in 0..f.runs {
            rates.push(ingest(&url, &pushers, f.batches, run).await);
        }
        println!(
            "ingest: {} kiosks x {} batches of 100: median {:.0} events/s over {} run(s) (target >= 20000) on {} cores",
            f.kiosks,
            f.batches,
            median(rates),
            f.runs,
            std::thread::available_parallelism().map_or(1, |n| n.get())
        );
        let pollers = register(&pool, "poll", f.poll_kiosks).await;
        let (p50, p99, n) = polling(&url, &pollers, f.poll_for).await;
        println!(
            "polling: {} kiosks every 15 s for {:?}: {n} answers, p50 {p50:.1} ms, p99 {p99:.1} ms (target p99 < 50)",
            f.poll_kiosks, f.poll_for
        );
    });
    unsafe { libc::kill(hub.id() as i32, libc::SIGTERM) };
    let _ = hub.wait();
}
