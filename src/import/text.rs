//! An import file's bytes as text, and places in it as an editor shows them.
//!
//! UTF-8 only, with or without a byte-order mark. A file in another encoding is refused, not
//! guessed at: Excel's plain "CSV" writes the PC's legacy code page, which is Windows-1252 in
//! Western Europe but 1250, 1251, 1253 … elsewhere, and a wrong guess turns "Łukasz" into
//! "£ukasz" without any error, so the guest's surname no longer finds the booking. Saving as
//! "CSV UTF-8" is one menu item away, and the refusal says where.

/// The file's kind, for the advice on how to save it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    Csv,
    Json,
}

const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// The text of `bytes` without its byte-order mark, or the line and reason it is not UTF-8.
pub(super) fn decode(bytes: &[u8], kind: Kind) -> Result<&str, (u64, String)> {
    let save_as = match kind {
        Kind::Csv => {
            "in Excel use Save As → \"CSV UTF-8 (Comma delimited)\"; from a PMS, export as UTF-8"
        }
        Kind::Json => "JSON files must be UTF-8; export the file as UTF-8",
    };
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err((
            1,
            format!("the file is UTF-16 (Excel's \"Unicode Text\"), not UTF-8; {save_as}"),
        ));
    }
    let bytes = bytes.strip_prefix(UTF8_BOM).unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|e| {
        let at = e.valid_up_to();
        let lines = Lines::new(bytes);
        let byte = bytes.get(at).copied().unwrap_or(0);
        (
            lines.line(at),
            format!(
                "not UTF-8 (byte 0x{byte:02X} at column {}); {save_as}",
                lines.column(bytes, at)
            ),
        )
    })
}

/// Where each line starts, to turn byte offsets into 1-based physical line numbers (every
/// `\n` starts a line, inside quoted fields too) and character columns.
pub(super) struct Lines {
    starts: Vec<usize>,
}

impl Lines {
    pub(super) fn new(bytes: &[u8]) -> Lines {
        // Lines end in LF or CRLF; in a file without any LF, in CR (old Mac "CSV").
        let end = if bytes.contains(&b'\n') { b'\n' } else { b'\r' };
        let mut starts = vec![0];
        starts.extend(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == end)
                .map(|(i, _)| i + 1),
        );
        Lines { starts }
    }

    /// The 1-based line holding the byte at `offset`.
    pub(super) fn line(&self, offset: usize) -> u64 {
        // `starts[0]` is 0, so at least one start is at or before any offset.
        self.starts.partition_point(|&s| s <= offset) as u64
    }

    /// The 1-based column, in characters, of the byte at `offset` in `bytes` (the text the
    /// lines were built from).
    pub(super) fn column(&self, bytes: &[u8], offset: usize) -> u64 {
        let line = usize::try_from(self.line(offset)).unwrap_or(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let before = bytes.get(start..offset).unwrap_or_default();
        // Count the bytes that start a character (UTF-8 continuation bytes are 0b10xxxxxx).
        before.iter().filter(|b| (**b & 0xC0) != 0x80).count() as u64 + 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_are_what_an_editor_shows() {
        let text = "ab\r\nçé\n\nx".as_bytes();
        let lines = Lines::new(text);
        assert_eq!(lines.line(0), 1);
        assert_eq!(lines.line(3), 1, "the \\n of a CRLF ends its line");
        assert_eq!(lines.line(4), 2);
        assert_eq!(lines.column(text, 8), 3, "ç and é are one column each");
        assert_eq!(lines.line(9), 3);
        assert_eq!(lines.line(10), 4);
    }

    #[test]
    fn a_bom_is_dropped_and_other_encodings_are_refused_with_the_place() {
        assert_eq!(decode(b"\xEF\xBB\xBFconf", Kind::Csv).unwrap(), "conf");
        let (line, reason) = decode(b"a,b\nLee,Jos\xE9\n", Kind::Csv).unwrap_err();
        assert_eq!(line, 2);
        assert!(
            reason.starts_with("not UTF-8 (byte 0xE9 at column 8);"),
            "{reason}"
        );
        assert!(reason.contains("CSV UTF-8"), "{reason}");
        let (line, reason) = decode(b"\xFF\xFEc\0", Kind::Csv).unwrap_err();
        assert_eq!(line, 1);
        assert!(reason.contains("UTF-16"), "{reason}");
    }
}
