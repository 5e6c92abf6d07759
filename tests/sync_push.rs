//! Pushing the journal against a real protocol v1 server on 127.0.0.1: order, batches,
//! headers, rejections, unanswered ids, every transient fault and refused credentials.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::time::Duration;

use lobby_kiosk::store::EventKind;
use lobby_kiosk::sync::{CREDENTIALS_REFUSED, Outcome, Syncer, retry_quarantined, sync_status};
use serde_json::json;
use support::Rig;
use support::upstream::{Endpoint, Fault, TOKEN};

#[tokio::test]
async fn backlog_is_pushed_in_seq_order_in_bounded_batches_with_headers() {
    let rig = Rig::new(100, 2000);
    let ids = rig.append(250);
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(report.outcome, Outcome::Done);
    assert_eq!(report.push.accepted, 250);
    let pushes = rig.server.requests(Endpoint::Events);
    let batches: Vec<Vec<i64>> = pushes.iter().map(|r| r.events.clone()).collect();
    assert_eq!(
        batches,
        vec![
            (1..=100).collect::<Vec<_>>(),
            (101..=200).collect(),
            (201..=250).collect()
        ]
    );
    for r in &pushes {
        assert_eq!(
            r.authorization.as_deref(),
            Some(format!("Bearer {TOKEN}").as_str())
        );
        assert_eq!(r.kiosk_id.as_deref(), Some("lobby-1"));
    }
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(rig.server.event_ids(), sorted);
    let event = rig.server.event(7).unwrap();
    assert_eq!(event["kind"], "checked_in");
    assert_eq!(event["reservation"], "ABC123");
    assert_eq!(event["data"], json!({"room": "101", "n": 6}));
    let status = sync_status(&rig.store(), rig.now()).unwrap();
    assert_eq!(status.backlog, 0);
    assert_eq!(status.last_success, Some(rig.now()));
    assert!(
        rig.store()
            .journal_since(0, 300)
            .unwrap()
            .iter()
            .all(|e| e.synced_at.is_some())
    );
    // Nothing left: the next cycle pushes nothing.
    rig.syncer().run_once().await.unwrap();
    assert_eq!(rig.server.requests(Endpoint::Events).len(), 3);
}

#[tokio::test]
async fn rejected_events_are_quarantined_never_block_and_can_be_re_offered() {
    let rig = Rig::new(100, 2000);
    rig.server.shared.lock().reject_reason = Some("unknown room 999".into());
    let mut store = rig.store();
    for i in 1..=5 {
        let data = if i == 3 {
            json!({"room": "999", "reject": true})
        } else {
            json!({"room": "101"})
        };
        store
            .journal_append(rig.now(), EventKind::CheckedIn, Some("ABC123"), data)
            .unwrap();
    }
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!((report.push.accepted, report.push.rejected), (4, 1));
    assert_eq!(report.outcome, Outcome::Done);
    assert_eq!(rig.server.event_count(), 4);
    let reason: String = store
        .conn()
        .query_row("SELECT quarantined FROM journal WHERE seq = 3", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(reason, "unknown room 999");
    let status = sync_status(&store, rig.now()).unwrap();
    assert_eq!((status.backlog, status.quarantined), (0, 1));
    // Later events flow; the quarantined one is not retried blindly.
    store
        .journal_append(rig.now(), EventKind::CheckedIn, Some("B1"), json!({}))
        .unwrap();
    rig.syncer().run_once().await.unwrap();
    let last = rig
        .server
        .requests(Endpoint::Events)
        .last()
        .unwrap()
        .events
        .clone();
    assert_eq!(last, vec![6]);
    // IT fixed the cause: re-offer.
    rig.server.shared.lock().reject_reason = None;
    assert_eq!(retry_quarantined(store.conn()).unwrap(), 1);
    rig.syncer().run_once().await.unwrap();
    assert_eq!(
        rig.server.requests(Endpoint::Events).last().unwrap().events,
        vec![3]
    );
    assert_eq!(rig.server.event_count(), 6);
    assert_eq!(sync_status(&store, rig.now()).unwrap().quarantined, 0);
}

#[tokio::test]
async fn ids_in_neither_list_are_offered_again() {
    let rig = Rig::new(100, 2000);
    rig.append(10);
    rig.server.fault(Endpoint::Events, Fault::AnswerFirstOnly);
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!((report.push.accepted, report.push.unanswered), (1, 9));
    assert_eq!(sync_status(&rig.store(), rig.now()).unwrap().backlog, 9);
    rig.syncer().run_once().await.unwrap();
    assert_eq!(
        rig.server.requests(Endpoint::Events).last().unwrap().events,
        (2..=10).collect::<Vec<_>>()
    );
    assert_eq!(sync_status(&rig.store(), rig.now()).unwrap().backlog, 0);
}

/// Every transient fault leaves the batch unsynced with a clear last error and a backoff; the
/// next attempt sends the same batch and the server's dedup keeps one copy.
#[tokio::test]
async fn transient_faults_back_off_and_resend_the_same_batch() {
    let cases: Vec<(Fault, &str)> = vec![
        (Fault::Status(500), "HTTP 500"),
        (Fault::Status(503), "HTTP 503"),
        (Fault::TooMany(7), "HTTP 429"),
        (
            Fault::Slow(Duration::from_millis(1500)),
            "did not answer in time",
        ),
        (Fault::ResetMidBody, "broke while reading"),
        (Fault::Garbage, "not protocol v1 JSON"),
    ];
    for (fault, expected) in cases {
        let rig = Rig::new(100, 400);
        rig.append(3);
        rig.server.fault(Endpoint::Events, fault.clone());
        let report = rig.syncer().run_once().await.unwrap();
        let Outcome::Transient { reason, retry_in } = &report.outcome else {
            panic!("{fault:?}: {:?}", report.outcome);
        };
        assert!(reason.contains(expected), "{fault:?}: {reason}");
        match fault {
            Fault::TooMany(secs) => assert_eq!(*retry_in, Duration::from_secs(secs)),
            _ => assert!(
                *retry_in <= Duration::from_secs(1),
                "first backoff {retry_in:?}"
            ),
        }
        let store = rig.store();
        let status = sync_status(&store, rig.now()).unwrap();
        assert_eq!(status.backlog, 3, "{fault:?}");
        assert!(
            status
                .last_error
                .as_ref()
                .is_some_and(|(_, m)| m.contains(expected))
        );
        assert!(status.retry_at.is_some());
        // A second failure backs off further (still capped).
        rig.server.fault(Endpoint::Events, Fault::Status(502));
        let Outcome::Transient { retry_in, .. } = rig.syncer().run_once().await.unwrap().outcome
        else {
            panic!()
        };
        assert!(
            retry_in >= Duration::from_secs(1) && retry_in <= Duration::from_secs(2),
            "{retry_in:?}"
        );
        let report = rig.syncer().run_once().await.unwrap();
        assert_eq!(report.outcome, Outcome::Done, "{fault:?}");
        assert_eq!(rig.server.event_count(), 3);
        let batches: Vec<Vec<i64>> = rig
            .server
            .requests(Endpoint::Events)
            .iter()
            .map(|r| r.events.clone())
            .collect();
        assert!(
            batches.iter().all(|b| *b == vec![1, 2, 3]),
            "{fault:?}: {batches:?}"
        );
        let status = sync_status(&store, rig.now()).unwrap();
        assert_eq!((status.backlog, status.retry_at), (0, None));
    }
}

#[tokio::test]
async fn refused_credentials_pause_pushing_for_five_minutes_with_a_clear_status() {
    let mut rig = Rig::new(100, 2000);
    rig.append(2);
    rig.server.shared.lock().token = "rotated-on-the-hub".into();
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(
        report.outcome,
        Outcome::CredentialsRefused {
            retry_in: Duration::from_secs(300)
        }
    );
    let status = sync_status(&rig.store(), rig.now()).unwrap();
    assert!(status.credentials_refused);
    assert!(status.to_string().contains(CREDENTIALS_REFUSED), "{status}");
    assert!(
        status
            .last_error
            .unwrap()
            .1
            .contains("upstream credentials refused (HTTP 401)")
    );
    let asked = rig.server.requests(Endpoint::Events).len();
    // Within five minutes nothing is sent, however often the loop or the app asks.
    for _ in 0..4 {
        rig.clock.advance(Duration::from_secs(60));
        let report = rig.syncer().run_once().await.unwrap();
        assert!(matches!(report.outcome, Outcome::CredentialsRefused { .. }));
    }
    assert_eq!(rig.server.requests(Endpoint::Events).len(), asked);
    // At five minutes it tries again; still refused → paused again.
    rig.clock.advance(Duration::from_secs(60));
    rig.syncer().run_once().await.unwrap();
    assert_eq!(rig.server.requests(Endpoint::Events).len(), asked + 1);
    // IT installs the new token: a syncer with it tries at once and clears the refusal.
    drop(rig.syncer.take());
    std::fs::write(rig.dir.path().join("token"), "rotated-on-the-hub").unwrap();
    let config = std::sync::Arc::new(
        lobby_kiosk::config::Config::load(&rig.dir.path().join("kiosk.toml")).unwrap(),
    );
    rig.syncer = Some(Syncer::new(config, rig.clock.clone()).unwrap());
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(report.outcome, Outcome::Done);
    let status = sync_status(&rig.store(), rig.now()).unwrap();
    assert!(!status.credentials_refused);
    assert_eq!(status.backlog, 0);
}

#[tokio::test]
async fn forbidden_is_a_refusal_too() {
    let rig = Rig::new(100, 2000);
    rig.append(1);
    rig.server.fault(Endpoint::Events, Fault::Status(403));
    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(
        report.outcome,
        Outcome::CredentialsRefused {
            retry_in: Duration::from_secs(300)
        }
    );
    assert!(
        sync_status(&rig.store(), rig.now())
            .unwrap()
            .last_error
            .unwrap()
            .1
            .contains("HTTP 403")
    );
}

#[tokio::test]
async fn a_second_syncer_on_the_same_database_is_refused() {
    let rig = Rig::new(100, 2000);
    let err = Syncer::new(rig.config.clone(), rig.clock.clone()).unwrap_err();
    assert!(
        err.to_string().contains("another syncer already runs"),
        "{err}"
    );
}

#[tokio::test]
async fn a_run_of_failed_rounds_keeps_its_start_until_a_round_succeeds() {
    let rig = Rig::new(100, 2000);
    rig.append(2);
    let started = rig.now();
    rig.server.fault(Endpoint::Events, Fault::Status(503));
    let report = rig.syncer().run_once().await.unwrap();
    assert!(
        matches!(report.outcome, Outcome::Transient { .. }),
        "{report}"
    );
    assert_eq!(report.left, 2);
    assert!(
        report.to_string().starts_with("pushed 0 of 2 events"),
        "{report}"
    );

    rig.clock.advance(Duration::from_secs(600));
    rig.server.fault(Endpoint::Events, Fault::Status(503));
    rig.syncer().run_once().await.unwrap();
    let status = sync_status(&rig.store(), rig.now()).unwrap();
    assert_eq!(
        status.failing_since,
        Some(started),
        "the run began with the first failure"
    );

    let report = rig.syncer().run_once().await.unwrap();
    assert_eq!(report.outcome, Outcome::Done);
    assert!(
        report.to_string().starts_with("pushed 2 of 2 events"),
        "{report}"
    );
    let status = sync_status(&rig.store(), rig.now()).unwrap();
    assert_eq!(status.failing_since, None, "a success ends the run");
}
