//! Demo/testing gateway: appends each SMS to a file that stands in for the guest's phone.
//!
//! File format, one line per SMS, UTF-8, fields separated by a tab:
//!
//! ```text
//! 2026-11-25T19:56:43.123Z<TAB>outbox-3f2c…<TAB>+447400123958<TAB>Hotel Aurora: your check-in code is 482913…
//! ```
//!
//! timestamp (RFC 3339, UTC), message id, recipient (E.164), text with `\` `\t` `\n` `\r`
//! escaped as `\\` `\t` `\n` `\r`. The file is created with mode 0600 (its parent directory
//! too, if missing) because it holds live codes; the code is written here and never to a log.
//! Config validation only allows this gateway in demo mode.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use tokio::io::AsyncWriteExt;

use super::{Accepted, BoxFuture, Failure, FailureKind, SmsGateway, SmsMessage};

pub struct OutboxGateway {
    path: PathBuf,
}

/// One line of an outbox file.
#[derive(Clone, PartialEq, Eq)]
pub struct OutboxEntry {
    pub at: Timestamp,
    pub message_id: String,
    pub to: String,
    pub text: String,
}

// The text holds a live code: Debug shows neither it nor the full number.
impl std::fmt::Debug for OutboxEntry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OutboxEntry")
            .field("at", &self.at)
            .field("message_id", &self.message_id)
            .field("to", &crate::phone::mask_e164(&self.to))
            .field("text", &"[redacted]")
            .finish()
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

impl OutboxGateway {
    pub fn new(path: PathBuf) -> Self {
        Self { path }
    }

    async fn append(&self, msg: &SmsMessage) -> Result<Accepted, Failure> {
        let fail = |what: &str, e: std::io::Error| {
            Failure::new(
                FailureKind::Rejected,
                format!(
                    "cannot {what} outbox file {} ({e}); check [[gateway]] path and that the kiosk's user may write there",
                    self.path.display()
                ),
            )
        };
        if let Some(dir) = self.path.parent().filter(|d| !d.as_os_str().is_empty()) {
            tokio::fs::create_dir_all(dir)
                .await
                .map_err(|e| fail("create the directory of", e))?;
        }
        let mut options = tokio::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        options.mode(0o600);
        let mut file = options
            .open(&self.path)
            .await
            .map_err(|e| fail("open", e))?;
        #[cfg(unix)]
        {
            // A file created earlier by hand may be wider; it holds live codes.
            use std::os::unix::fs::PermissionsExt;
            let private = std::fs::Permissions::from_mode(0o600);
            tokio::fs::set_permissions(&self.path, private)
                .await
                .map_err(|e| fail("restrict", e))?;
        }
        let id = format!("outbox-{}", uuid::Uuid::new_v4().simple());
        let line = format!(
            "{:.3}\t{id}\t{}\t{}\n",
            Timestamp::now(),
            escape(&msg.to),
            escape(&msg.text)
        );
        // One write call with O_APPEND keeps concurrent lines whole.
        file.write_all(line.as_bytes())
            .await
            .map_err(|e| fail("write", e))?;
        file.flush().await.map_err(|e| fail("write", e))?;
        Ok(Accepted {
            message_id: Some(id),
            note: None,
        })
    }
}

impl SmsGateway for OutboxGateway {
    fn kind(&self) -> &'static str {
        "outbox"
    }

    fn send<'a>(&'a self, msg: &'a SmsMessage) -> BoxFuture<'a, Result<Accepted, Failure>> {
        Box::pin(self.append(msg))
    }
}

/// Reads an outbox file (for the demo's "phone" view and tests). Unreadable lines are skipped.
pub fn read_outbox(path: &Path) -> std::io::Result<Vec<OutboxEntry>> {
    let content = match std::fs::read_to_string(path) {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(content
        .lines()
        .filter_map(|line| {
            let mut fields = line.splitn(4, '\t');
            let at = fields.next()?.parse().ok()?;
            let message_id = fields.next()?.to_owned();
            let to = unescape(fields.next()?);
            let text = unescape(fields.next()?);
            Some(OutboxEntry {
                at,
                message_id,
                to,
                text,
            })
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn appends_private_lines_that_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("demo/outbox.txt");
        let gw = OutboxGateway::new(path.clone());
        let first = SmsMessage::new("+447400123958", "Code 123456\tline\\two\nend");
        let a = gw.send(&first).await.unwrap();
        gw.send(&SmsMessage::new("+351912345678", "日本語 482913"))
            .await
            .unwrap();
        let entries = read_outbox(&path).unwrap();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].to, "+447400123958");
        assert_eq!(entries[0].text, first.text);
        assert_eq!(Some(entries[0].message_id.clone()), a.message_id);
        assert_eq!(entries[1].text, "日本語 482913");
        assert_eq!(std::fs::read_to_string(&path).unwrap().lines().count(), 2);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
    }

    #[tokio::test]
    async fn an_unwritable_path_is_a_clear_failure() {
        let gw = OutboxGateway::new(PathBuf::from("/proc/lobby-kiosk/outbox.txt"));
        let err = gw
            .send(&SmsMessage::new("+447400123958", "x"))
            .await
            .unwrap_err();
        assert!(err.detail.contains("/proc/lobby-kiosk/outbox.txt"), "{err}");
        assert!(!err.kind.is_recipient());
    }

    #[test]
    fn a_missing_outbox_reads_as_empty() {
        assert!(
            read_outbox(Path::new("/nonexistent/outbox.txt"))
                .unwrap()
                .is_empty()
        );
    }
}
