//! Turns a key path (`otp.length`, `gateway[1].url`) or a byte offset into `LINE:COLUMN`, so every
//! configuration error points hotel IT at the exact spot in the file.

use std::fmt;

use toml::de::{DeTable, DeValue};

/// One step of a path into the TOML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

/// A path into the document, printed the way IT reads it: `gateway[1].url`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyPath(pub Vec<Seg>);

impl KeyPath {
    pub fn root() -> Self {
        Self(Vec::new())
    }

    pub fn key(&self, key: &str) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Key(key.to_owned()));
        Self(segs)
    }

    pub fn index(&self, index: usize) -> Self {
        let mut segs = self.0.clone();
        segs.push(Seg::Index(index));
        Self(segs)
    }
}

impl fmt::Display for KeyPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        for seg in &self.0 {
            match seg {
                Seg::Key(k) if first => write!(f, "{k}")?,
                Seg::Key(k) => write!(f, ".{k}")?,
                Seg::Index(i) => write!(f, "[{i}]")?,
            }
            first = false;
        }
        Ok(())
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before.get(line_start..).map_or(0, |s| s.chars().count()) + 1;
    (line, col)
}

/// Finds where the value at `path` starts. When the path goes deeper than the document (a
/// missing key), the nearest existing ancestor is used, so the error still lands on the right
/// table.
pub fn locate(text: &str, path: &KeyPath) -> (usize, usize) {
    span(text, path).map_or((1, 1), |span| line_col(text, span.start))
}

/// The byte range of the value at `path` (or of its nearest existing ancestor, as [`locate`]);
/// `None` when `text` is not TOML.
pub fn span(text: &str, path: &KeyPath) -> Option<std::ops::Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    let mut span = root.span();
    let mut current = DeValue::Table(root.into_inner());
    for seg in &path.0 {
        let next = match seg {
            Seg::Key(k) => current.get(k.as_str()),
            Seg::Index(i) => current.get(*i),
        };
        let Some(next) = next else { break };
        span = next.span();
        let value = next.get_ref().clone();
        current = value;
    }
    Some(span)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "a = 1\nnäme = \"x\"\n";
        assert_eq!(line_col(text, 0), (1, 1));
        let pos = text.find('=').map(|_| text.rfind('=').unwrap_or(0));
        assert_eq!(line_col(text, pos.unwrap_or(0)), (2, 6));
    }

    #[test]
    fn locates_array_of_tables_entries() {
        let text = "[kiosk]\nid = \"a\"\n\n[[gateway]]\nname = \"a\"\n\n[[gateway]]\nname = \"b\"\nurl = \"ftp://x\"\n";
        let path = KeyPath::root().key("gateway").index(1).key("url");
        assert_eq!(locate(text, &path), (9, 7));
        assert_eq!(path.to_string(), "gateway[1].url");
    }

    #[test]
    fn missing_key_falls_back_to_its_table() {
        let text = "[kiosk]\nid = \"a\"\n[otp]\nlength = 6\n";
        let path = KeyPath::root().key("otp").key("ttl_s");
        let (line, _) = locate(text, &path);
        assert_eq!(line, 3, "falls back to the [otp] header");
    }
}
