//! A real Kannel (bearerbox + smsbox + fakesmsc) on 127.0.0.1 for one test.
//!
//! Each instance gets a temp directory, free ports and its own kannel.conf; readiness is the
//! admin status page showing the fake SMSC online and the smsbox connected. Messages that
//! reach the fake SMSC are read from fakesmsc's stderr (`Got message N: <FROM TO TYPE DATA>`).
//! Every process is killed on drop (continued first if frozen).
//!
//! Needs Debian's `kannel` and `kannel-extras`; fails loudly without them.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

const BEARERBOX: &str = "/usr/sbin/bearerbox";
const SMSBOX: &str = "/usr/sbin/smsbox";
const FAKESMSC: &str = "/usr/lib/kannel/test/fakesmsc";

pub const USERNAME: &str = "kiosk";
pub const PASSWORD: &str = "kannel-test-secret";

/// One SMS as fakesmsc received it.
#[derive(Debug, Clone)]
pub struct FakeSms {
    pub from: String,
    pub to: String,
    /// `text` or `ucs-2` (or `data`).
    pub coding: String,
    /// The decoded text.
    pub text: String,
    /// The DATA field as fakesmsc printed it.
    pub raw: String,
    /// When the reader thread saw the line.
    pub seen_at: Instant,
}

#[derive(Debug, Clone, Default)]
pub struct KannelOptions {
    /// `global-sender` in the smsbox group; `None` means a sender is required.
    pub global_sender: Option<String>,
    /// `black-list-regex` of the sendsms-user, as written in kannel.conf (so `^\\+44` for
    /// numbers starting with +44). Kannel 1.4.5 ignores `denied-prefix` for sendsms.
    pub black_list_regex: Option<String>,
}

type Inbox = Arc<(Mutex<Vec<FakeSms>>, Condvar)>;

pub struct Kannel {
    dir: tempfile::TempDir,
    pub admin_port: u16,
    pub sendsms_port: u16,
    bearerbox: Option<Child>,
    smsbox: Option<Child>,
    fakesmsc: Option<Child>,
    inbox: Inbox,
    frozen: bool,
}

/// Serialises port picking and binding across tests of one binary.
static STARTING: Mutex<()> = Mutex::new(());

fn require_kannel() {
    for bin in [BEARERBOX, SMSBOX, FAKESMSC] {
        assert!(
            Path::new(bin).exists(),
            "{bin} is missing: these tests run a real Kannel. Install it with `apt-get install kannel kannel-extras`"
        );
    }
}

fn free_ports<const N: usize>() -> [u16; N] {
    let listeners: Vec<TcpListener> = (0..N)
        .map(|_| TcpListener::bind("127.0.0.1:0").expect("bind a free port"))
        .collect();
    let mut ports = [0; N];
    for (port, l) in ports.iter_mut().zip(&listeners) {
        *port = l.local_addr().expect("local addr").port();
    }
    ports
}

/// Percent-decodes fakesmsc's DATA ('+' is a space).
fn percent_decode(data: &str) -> Vec<u8> {
    let bytes = data.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap_or("");
                match u8::from_str_radix(hex, 16) {
                    Ok(b) => {
                        out.push(b);
                        i += 3;
                        continue;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    out
}

fn decode(coding: &str, data: &str) -> String {
    match coding {
        "ucs-2" => {
            let bytes = percent_decode(data);
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        "text" => data.to_owned(),
        _ => String::from_utf8_lossy(&percent_decode(data)).into_owned(),
    }
}

fn parse_line(line: &str) -> Option<FakeSms> {
    let start = line.find("Got message ")?;
    let rest = &line[start..];
    let open = rest.find(": <")?;
    let body = rest[open + 3..].strip_suffix('>')?;
    let mut fields = body.splitn(4, ' ');
    let from = fields.next()?.to_owned();
    let to = fields.next()?.to_owned();
    let coding = fields.next()?.to_owned();
    let raw = fields.next().unwrap_or("").to_owned();
    Some(FakeSms {
        text: decode(&coding, &raw),
        from,
        to,
        coding,
        raw,
        seen_at: Instant::now(),
    })
}

fn http_get(port: u16, path: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    Some(response)
}

fn log_file(dir: &Path, name: &str) -> Stdio {
    Stdio::from(std::fs::File::create(dir.join(name)).expect("create a log file"))
}

impl Kannel {
    pub fn start() -> Kannel {
        Self::start_with(KannelOptions::default())
    }

    pub fn start_with(options: KannelOptions) -> Kannel {
        require_kannel();
        let guard = STARTING.lock().unwrap_or_else(|e| e.into_inner());
        let dir = tempfile::tempdir().expect("temp dir");
        let [admin_port, smsbox_port, smsc_port, sendsms_port] = free_ports::<4>();
        let d = dir.path().display();
        let mut sendsms_user = format!(
            "group = sendsms-user\nusername = {USERNAME}\npassword = {PASSWORD}\nmax-messages = 10\nconcatenation = true\n"
        );
        if let Some(regex) = &options.black_list_regex {
            sendsms_user.push_str(&format!("black-list-regex = \"{regex}\"\n"));
        }
        let global_sender = options
            .global_sender
            .as_ref()
            .map(|s| format!("global-sender = \"{s}\"\n"))
            .unwrap_or_default();
        // No store-file: queued messages would replay into the next test. No pid-file: a stale
        // one makes a box panic.
        let conf = format!(
            "group = core\n\
             admin-port = {admin_port}\n\
             admin-interface = 127.0.0.1\n\
             admin-password = adminpw\n\
             smsbox-port = {smsbox_port}\n\
             smsbox-interface = 127.0.0.1\n\
             log-level = 1\n\
             log-file = \"{d}/bearerbox.log\"\n\
             \n\
             group = smsc\n\
             smsc = fake\n\
             smsc-id = FAKE\n\
             port = {smsc_port}\n\
             connect-allow-ip = 127.0.0.1\n\
             our-host = 127.0.0.1\n\
             \n\
             group = smsbox\n\
             bearerbox-host = 127.0.0.1\n\
             bearerbox-port = {smsbox_port}\n\
             sendsms-port = {sendsms_port}\n\
             sendsms-interface = 127.0.0.1\n\
             {global_sender}\
             log-level = 1\n\
             log-file = \"{d}/smsbox.log\"\n\
             \n\
             {sendsms_user}\n\
             group = sms-service\n\
             keyword = default\n\
             text = \"No service\"\n\
             catch-all = true\n"
        );
        let conf_path = dir.path().join("kannel.conf");
        std::fs::write(&conf_path, conf).expect("write kannel.conf");

        let bearerbox = Command::new(BEARERBOX)
            .args(["-v", "2"])
            .arg(&conf_path)
            .stdout(log_file(dir.path(), "bearerbox.out"))
            .stderr(log_file(dir.path(), "bearerbox.err"))
            .spawn()
            .expect("start bearerbox");
        let mut kannel = Kannel {
            dir,
            admin_port,
            sendsms_port,
            bearerbox: Some(bearerbox),
            smsbox: None,
            fakesmsc: None,
            inbox: Arc::new((Mutex::new(Vec::new()), Condvar::new())),
            frozen: false,
        };
        kannel.wait_until("bearerbox admin page", |k| k.status().is_some());

        // fakesmsc never reconnects, so it starts only once bearerbox listens for it.
        let mut fakesmsc = Command::new(FAKESMSC)
            .args([
                "-H",
                "127.0.0.1",
                "-r",
                &smsc_port.to_string(),
                "-m",
                "0",
                "1 2 text dummy",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start fakesmsc");
        let stderr = fakesmsc.stderr.take().expect("fakesmsc stderr");
        let inbox = Arc::clone(&kannel.inbox);
        let transcript = kannel.dir.path().join("fakesmsc.err");
        std::thread::spawn(move || {
            let mut log = std::fs::File::create(transcript).ok();
            let mut reader = BufReader::new(stderr);
            let mut line = Vec::new();
            while reader
                .read_until(b'\n', &mut line)
                .map(|n| n > 0)
                .unwrap_or(false)
            {
                let text = String::from_utf8_lossy(&line).trim_end().to_owned();
                if let Some(log) = log.as_mut() {
                    let _ = writeln!(log, "{text}");
                }
                if let Some(sms) = parse_line(&text) {
                    let (lock, ready) = &*inbox;
                    lock.lock().unwrap_or_else(|e| e.into_inner()).push(sms);
                    ready.notify_all();
                }
                line.clear();
            }
        });
        kannel.fakesmsc = Some(fakesmsc);

        let smsbox = Command::new(SMSBOX)
            .args(["-v", "2"])
            .arg(&conf_path)
            .stdout(log_file(kannel.dir.path(), "smsbox.out"))
            .stderr(log_file(kannel.dir.path(), "smsbox.err"))
            .spawn()
            .expect("start smsbox");
        kannel.smsbox = Some(smsbox);
        kannel.wait_until("fake SMSC online and smsbox connected", |k| {
            let Some(status) = k.status() else {
                return false;
            };
            let smsc_online = status
                .lines()
                .any(|l| l.contains("FAKE:") && l.contains("(online"));
            let smsbox_online = status
                .lines()
                .any(|l| l.contains("smsbox:") && l.contains("on-line"));
            smsc_online
                && smsbox_online
                && TcpStream::connect(("127.0.0.1", k.sendsms_port)).is_ok()
        });
        drop(guard);
        kannel
    }

    fn wait_until(&self, what: &str, ready: impl Fn(&Kannel) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if ready(self) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        panic!(
            "Kannel did not get ready ({what}) within 15 s; logs:\n{}",
            self.logs()
        );
    }

    /// The admin status page, if bearerbox answers.
    pub fn status(&self) -> Option<String> {
        http_get(self.admin_port, "/status.txt?password=adminpw").filter(|r| r.contains("Status:"))
    }

    /// smsbox's base URL, as a kannel gateway's `url`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.sendsms_port)
    }

    pub fn dir(&self) -> PathBuf {
        self.dir.path().to_path_buf()
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<FakeSms> {
        self.inbox
            .0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Waits until at least `n` messages arrived; panics with the logs after `timeout`.
    pub fn wait_for_messages(&self, n: usize, timeout: Duration) -> Vec<FakeSms> {
        let (lock, ready) = &*self.inbox;
        let deadline = Instant::now() + timeout;
        let mut messages = lock.lock().unwrap_or_else(|e| e.into_inner());
        while messages.len() < n {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                let got = messages.clone();
                drop(messages);
                panic!(
                    "fakesmsc got {} of {n} messages within {timeout:?}: {got:?}\nlogs:\n{}",
                    got.len(),
                    self.logs()
                );
            }
            messages = ready
                .wait_timeout(messages, left)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
        messages.clone()
    }

    fn signal(&self, child: &Option<Child>, signal: libc::c_int) {
        if let Some(child) = child {
            let pid = libc::pid_t::try_from(child.id()).expect("pid fits");
            // SAFETY: kill(2) on our own child's pid; no memory is shared.
            let rc = unsafe { libc::kill(pid, signal) };
            assert_eq!(rc, 0, "kill({pid}, {signal}) failed");
        }
    }

    /// SIGSTOP bearerbox: smsbox still takes HTTP requests but never gets an answer.
    pub fn freeze_bearerbox(&mut self) {
        self.signal(&self.bearerbox, libc::SIGSTOP);
        self.frozen = true;
    }

    pub fn thaw_bearerbox(&mut self) {
        self.signal(&self.bearerbox, libc::SIGCONT);
        self.frozen = false;
    }

    /// Kills bearerbox and waits until smsbox stops taking requests (it closes its HTTP port
    /// and tries to reconnect).
    pub fn kill_bearerbox(&mut self) {
        if let Some(mut child) = self.bearerbox.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.wait_until("smsbox to close its HTTP port", |k| {
            TcpStream::connect(("127.0.0.1", k.sendsms_port)).is_err()
        });
    }

    /// Kills fakesmsc and waits until bearerbox no longer lists the SMSC as online.
    pub fn kill_fakesmsc(&mut self) {
        if let Some(mut child) = self.fakesmsc.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
        self.wait_until("the fake SMSC to go offline", |k| {
            k.status().is_some_and(|s| {
                !s.lines()
                    .any(|l| l.contains("FAKE:") && l.contains("(online"))
            })
        });
    }

    /// The tail of every log, for failure messages.
    pub fn logs(&self) -> String {
        let mut out = String::new();
        for name in [
            "bearerbox.log",
            "bearerbox.err",
            "smsbox.log",
            "smsbox.err",
            "fakesmsc.err",
        ] {
            let text = std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
            let lines: Vec<&str> = text.lines().collect();
            out.push_str(&format!(
                "--- {name}\n{}\n",
                lines[lines.len().saturating_sub(15)..].join("\n")
            ));
        }
        out
    }
}

impl Drop for Kannel {
    fn drop(&mut self) {
        if self.frozen {
            self.thaw_bearerbox();
        }
        for child in [
            self.smsbox.take(),
            self.fakesmsc.take(),
            self.bearerbox.take(),
        ]
        .into_iter()
        .flatten()
        {
            let mut child = child;
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

#[test]
fn fakesmsc_lines_parse_and_ucs2_decodes() {
    let sms = parse_line(
        "2026-11-25 19:56:43 [20242] [0] DEBUG: Got message 2: <Hotel +447400123958 ucs-2 0S0%93>",
    )
    .unwrap();
    assert_eq!(
        (sms.from.as_str(), sms.to.as_str(), sms.coding.as_str()),
        ("Hotel", "+447400123958", "ucs-2")
    );
    assert_eq!(sms.text, "こん");
    let sms = parse_line(
        "x DEBUG: Got message 3: <Hotel +44 ucs-2 %00G%00r%00%FC%00%DF%00e%00++%AC%00+%00a>",
    )
    .unwrap();
    assert_eq!(sms.text, "Grüße € a");
    let sms = parse_line("x DEBUG: Got message 1: <Hotel +447400123958 text Hello world>").unwrap();
    assert_eq!(sms.text, "Hello world");
}
