//! A real `lobby-hub serve` process on a free loopback port, stopped by pid when dropped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use super::pg;

pub struct Hub {
    pub url: String,
    /// The console's base URL when started with `--console`.
    pub console: Option<String>,
    pub db: String,
    child: Child,
    stopped: bool,
}

impl Hub {
    pub fn start(db: &str) -> Hub {
        Hub::start_with(db, &[])
    }

    /// With extra `serve` flags.
    pub fn start_with(db: &str, flags: &[&str]) -> Hub {
        let mut child = pg::hub(db)
            .args(["serve", "--listen", "127.0.0.1:0"])
            .args(flags)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut stdout = BufReader::new(stdout);
        let mut line = String::new();
        stdout.read_line(&mut line).unwrap();
        let addr = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("hub did not start: {line:?}"))
            .to_owned();
        let console = flags.contains(&"--console").then(|| {
            let mut second = String::new();
            stdout.read_line(&mut second).unwrap();
            second
                .trim()
                .strip_prefix("console on ")
                .unwrap_or_else(|| panic!("no console: {second:?}"))
                .to_owned()
        });
        Hub {
            url: format!("http://{addr}"),
            console,
            db: db.to_owned(),
            child,
            stopped: false,
        }
    }

    /// `lobby-hub kiosk add NAME`: the token it printed.
    pub fn add_kiosk(&self, name: &str) -> String {
        add_kiosk(&self.db, name)
    }

    pub fn stop(&mut self) {
        // Once only: the pid may belong to another process after the hub was reaped.
        if std::mem::replace(&mut self.stopped, true) {
            return;
        }
        let pid = self.child.id() as i32;
        unsafe { libc::kill(pid, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Hub {
    fn drop(&mut self) {
        self.stop();
    }
}

pub fn add_kiosk(db: &str, name: &str) -> String {
    let out = pg::hub(db).args(["kiosk", "add", name]).output().unwrap();
    assert!(out.status.success(), "{out:?}");
    let token = String::from_utf8(out.stdout).unwrap().trim().to_owned();
    assert!(token.starts_with("lh1_") && token.len() == 68, "{token}");
    token
}

/// `lobby-hub staff add NAME --role ROLE` with `password` on standard input.
pub fn add_staff(db: &str, name: &str, role: &str, password: &str) {
    use std::io::Write;
    let mut child = pg::hub(db)
        .args(["staff", "add", name, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    writeln!(child.stdin.take().unwrap(), "{password}").unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// A PostgreSQL client on `db` for assertions.
pub async fn client(db: &str) -> tokio_postgres::Client {
    let (client, conn) = tokio_postgres::connect(db, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    client
}
