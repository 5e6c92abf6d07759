//! A scratch PostgreSQL for one test: `initdb` in a temporary directory, `postgres` on a free
//! loopback port with its socket in that directory, stopped by pid when dropped. As root the
//! server runs as the `postgres` user (initdb refuses root). No system cluster is touched.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Postgres {
    pub dir: tempfile::TempDir,
    pub port: u16,
    bin: PathBuf,
    /// `Some(user)` when the server runs as that user (we are root).
    run_as: Option<String>,
}

/// The newest installed server (Debian: /usr/lib/postgresql/N/bin), or `LOBBY_HUB_PG_BIN`.
fn server_bin() -> PathBuf {
    if let Ok(dir) = std::env::var("LOBBY_HUB_PG_BIN") {
        return PathBuf::from(dir);
    }
    let mut versions: Vec<u32> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| {
            d.filter_map(|e| e.ok()?.file_name().to_str()?.parse().ok())
                .collect()
        })
        .unwrap_or_default();
    versions.sort();
    let v = versions
        .last()
        .expect("PostgreSQL is not installed: apt-get install postgresql-15 (scripts/test does)");
    PathBuf::from(format!("/usr/lib/postgresql/{v}/bin"))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Postgres {
    pub fn start() -> Postgres {
        let dir = tempfile::Builder::new().prefix("hubpg").tempdir().unwrap();
        let run_as = (unsafe { libc::geteuid() } == 0).then(|| "postgres".to_owned());
        if let Some(user) = &run_as {
            let out = Command::new("chown")
                .arg(format!("{user}:"))
                .arg(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "chown: {out:?}");
        }
        let mut pg = Postgres {
            dir,
            port: 0,
            bin: server_bin(),
            run_as,
        };
        let data = pg.data();
        let out = pg
            .cmd("initdb")
            .arg("-D")
            .arg(&data)
            .args([
                "-A",
                "trust",
                "-U",
                "hub",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync",
            ])
            .output()
            .unwrap();
        assert!(out.status.success(), "initdb: {out:?}");
        // A free port can be taken between our probe and the server's bind: try a few.
        for _ in 0..5 {
            pg.port = free_port();
            if pg.try_start() {
                return pg;
            }
        }
        panic!("PostgreSQL did not start: {}", pg.log());
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn cmd(&self, tool: &str) -> Command {
        let exe = self.bin.join(tool);
        let mut cmd = match &self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        cmd.current_dir(self.dir.path()).stdin(Stdio::null());
        cmd
    }

    fn try_start(&self) -> bool {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off",
            self.port,
            self.dir.path().display()
        );
        self.cmd("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-o", &options, "-l"])
            .arg(self.dir.path().join("log"))
            .args(["-w", "-t", "30", "start"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .unwrap()
            .success()
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("log")).unwrap_or_default()
    }

    /// The server's pid, from postmaster.pid (None when it is not running).
    pub fn pid(&self) -> Option<i32> {
        let text = std::fs::read_to_string(self.data().join("postmaster.pid")).ok()?;
        text.lines().next()?.trim().parse().ok()
    }

    /// A connection string for database `db` (created on demand by [`Postgres::database`]).
    pub fn url(&self, db: &str) -> String {
        format!("host=127.0.0.1 port={} user=hub dbname={db}", self.port)
    }

    /// A fresh empty database; its connection string.
    pub fn database(&self, name: &str) -> String {
        let out = self
            .cmd("psql")
            .args(["-h", "127.0.0.1", "-p", &self.port.to_string(), "-U", "hub"])
            .args(["-d", "postgres", "-v", "ON_ERROR_STOP=1", "-c"])
            .arg(format!("CREATE DATABASE {name}"))
            .output()
            .unwrap();
        assert!(out.status.success(), "createdb: {out:?}");
        self.url(name)
    }

    /// Fast shutdown by pid (SIGINT), waiting until the process is gone.
    pub fn stop(&self) {
        let Some(pid) = self.pid() else { return };
        unsafe { libc::kill(pid, libc::SIGINT) };
        let deadline = Instant::now() + Duration::from_secs(15);
        while unsafe { libc::kill(pid, 0) } == 0 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
        if unsafe { libc::kill(pid, 0) } == 0 {
            unsafe { libc::kill(pid, libc::SIGKILL) };
        }
        // The pid file goes once the postmaster exits; wait so that a restart is not refused.
        let deadline = Instant::now() + Duration::from_secs(5);
        while self.data().join("postmaster.pid").exists() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Stops and starts again on the same port (a restart under load).
    pub fn restart(&self) {
        self.stop();
        assert!(self.try_start(), "restart failed: {}", self.log());
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Runs `cmd` as the hub binary, `db` its database.
pub fn hub(db: &str) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_lobby-hub"));
    cmd.env("LOBBY_HUB_DATABASE", db)
        .env_remove("LOBBY_HUB_LOG");
    cmd
}

/// The kiosk binary next to the hub's (cargo builds both for `cargo test --workspace`), or
/// `KIOSK_BIN`.
pub fn kiosk_bin() -> PathBuf {
    if let Ok(p) = std::env::var("KIOSK_BIN") {
        return PathBuf::from(p);
    }
    let p = Path::new(env!("CARGO_BIN_EXE_lobby-hub")).with_file_name("kiosk");
    assert!(
        p.exists(),
        "{} is missing: build it first (`cargo build --bin kiosk`; scripts/test does)",
        p.display()
    );
    p
}
