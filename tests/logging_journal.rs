//! Run by systemd (stderr is the journal's stream, named in JOURNAL_STREAM), the kiosk logs to
//! the journal only: no log files of its own, no timestamps of its own (journald adds them).
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod support;

use std::os::unix::fs::MetadataExt;

#[test]
fn under_systemd_the_log_goes_to_the_journal_stream_and_no_file() {
    let dir = support::demo::shipped_kiosk_dir();
    let config = dir.path().join("kiosk.toml");
    // `kiosk sync --once` logs through the file logger; an upstream on a closed loopback port
    // makes it log its failed round.
    let text = std::fs::read_to_string(&config).unwrap();
    let text = text
        .replace("[upstream]                     # the hotel PMS / chain hub; absent or enabled = false: no sync\nenabled = false", "[upstream]\nenabled = true")
        .replace("url = \"https://pms.example/kiosk-api\"", "url = \"http://127.0.0.1:9\"");
    assert!(
        text.contains("[upstream]\nenabled = true"),
        "the shipped [upstream] moved"
    );
    std::fs::write(&config, text).unwrap();
    let run = |journal: bool| {
        let stderr_path = dir.path().join(format!("stderr-{journal}"));
        let stderr = std::fs::File::create(&stderr_path).unwrap();
        let meta = std::fs::metadata(&stderr_path).unwrap();
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_kiosk"));
        cmd.arg("--config").arg(&config).args(["sync", "--once"]);
        cmd.env_remove("JOURNAL_STREAM").env_remove("KIOSK_CONFIG");
        cmd.env("KIOSK_UPSTREAM_TOKEN", "not-a-real-token");
        if journal {
            cmd.env("JOURNAL_STREAM", format!("{}:{}", meta.dev(), meta.ino()));
        }
        let out = cmd.stderr(stderr).output().unwrap();
        (out, std::fs::read_to_string(&stderr_path).unwrap())
    };
    let logs = dir.path().join("var/log");
    let (_, journal_text) = run(true);
    assert!(
        !logs.exists() || std::fs::read_dir(&logs).unwrap().next().is_none(),
        "no log file under systemd"
    );
    assert!(!journal_text.is_empty(), "the journal got the lines");
    // journald stamps each line itself: the kiosk's own lines carry no timestamp.
    assert!(
        !journal_text.lines().any(|l| l.starts_with("20")),
        "{journal_text}"
    );
    let (_, text) = run(false);
    assert!(
        std::fs::read_dir(&logs).unwrap().next().is_some(),
        "files when not under systemd"
    );
    assert!(
        text.lines().any(|l| l.trim_start().starts_with("20")),
        "{text}"
    );
}
