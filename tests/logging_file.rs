//! Logs go to a daily file under [logging] dir (created when missing, mode 0600) as well as
//! stderr.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[test]
fn log_lines_reach_the_daily_file() {
    // The usual umask, which alone would leave the files 0644 (this binary has one test).
    #[cfg(unix)]
    // SAFETY: umask only changes this process's file-creation mask.
    unsafe {
        libc::umask(0o022);
    }
    let dir = tempfile::tempdir().unwrap();
    let config = lobby_kiosk::config::LoggingConfig {
        dir: dir.path().join("nested/log"),
        level: "info".to_owned(),
        keep_files: 3,
    };
    let guard = lobby_kiosk::logging::init_with_file(&config).unwrap();
    tracing::info!(kiosk = "lobby-1", "kiosk started");
    tracing::debug!("below the configured level");
    drop(guard); // flushes the background writer
    let files: Vec<_> = std::fs::read_dir(&config.dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let name = files[0].file_name().unwrap().to_string_lossy().into_owned();
    assert!(
        name.starts_with("kiosk.") && name.ends_with(".log"),
        "{name}"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&files[0]).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "log files are owner-only");
    }
    let text = std::fs::read_to_string(&files[0]).unwrap();
    assert!(text.contains("kiosk started"), "{text}");
    assert!(!text.contains("below the configured level"));
}
