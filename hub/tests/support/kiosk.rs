//! A kiosk in its own directory (config, token file, database) run as the real `kiosk` binary.

use std::path::PathBuf;
use std::process::Output;

use super::pg;

pub struct Kiosk {
    pub dir: tempfile::TempDir,
    pub config: PathBuf,
}

impl Kiosk {
    pub fn new(id: &str, url: &str, token: &str) -> Kiosk {
        Kiosk::with_otp(id, url, token, "")
    }

    /// With more `[otp]` settings (TOML lines).
    pub fn with_otp(id: &str, url: &str, token: &str, otp: &str) -> Kiosk {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::write(d.join("token"), token).unwrap();
        std::fs::write(d.join("demo.json"), "[]").unwrap();
        let text = format!(
            r#"
[kiosk]
id = "{id}"
property = "Test Hotel"
time_zone = "Europe/London"
country = "GB"
fullscreen = false

[store]
path = "{db}"
retention_days = 30
departed_keep_days = 7

[otp]
lockout_s = 3600
{otp}

[demo]
enabled = true
reservations = "{demo}"

[[gateway]]
name = "outbox"
kind = "outbox"
path = "{outbox}"

[upstream]
enabled = true
url = "{url}"
token_file = "{token}"
sync_interval_s = 15
batch_size = 100
timeout_ms = 10000
"#,
            db = d.join("kiosk.db").display(),
            demo = d.join("demo.json").display(),
            outbox = d.join("outbox").display(),
            token = d.join("token").display(),
        );
        let config = d.join("kiosk.toml");
        std::fs::write(&config, text).unwrap();
        Kiosk { dir, config }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("kiosk.db")
    }

    pub fn run(&self, args: &[&str]) -> Output {
        std::process::Command::new(pg::kiosk_bin())
            .args(args)
            .arg("--config")
            .arg(&self.config)
            .env_remove("KIOSK_CONFIG")
            .output()
            .unwrap()
    }

    pub fn sync_once(&self) -> Output {
        self.run(&["sync", "--once"])
    }

    pub fn status(&self) -> String {
        let out = self.run(&["status"]);
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

pub fn ok(out: &Output) -> String {
    assert!(
        out.status.success(),
        "exit {:?}\nstdout: {}\nstderr: {}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    );
    text(&out.stdout)
}
