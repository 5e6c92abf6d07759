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

/// The key path of the key or value that starts at byte `offset` (where toml's type and
/// unknown-field errors point), so the message can name it. Parses leniently: a document with
/// a duplicate key still yields the keys around it.
pub fn path_at(text: &str, offset: usize) -> Option<KeyPath> {
    let (root, _) = DeTable::parse_recoverable(text);
    in_table(root.get_ref(), &KeyPath::root(), offset)
}

fn in_table(table: &DeTable<'_>, at: &KeyPath, offset: usize) -> Option<KeyPath> {
    table.iter().find_map(|(key, value)| {
        let path = at.key(key.get_ref());
        if key.span().start == offset || value.span().start == offset {
            Some(path)
        } else {
            in_value(value.get_ref(), &path, offset)
        }
    })
}

fn in_value(value: &DeValue<'_>, at: &KeyPath, offset: usize) -> Option<KeyPath> {
    match value {
        DeValue::Table(t) => in_table(t, at, offset),
        DeValue::Array(items) => items.iter().enumerate().find_map(|(i, item)| {
            let path = at.index(i);
            if item.span().start == offset {
                Some(path)
            } else {
                in_value(item.get_ref(), &path, offset)
            }
        }),
        _ => None,
    }
}

/// The table a byte offset sits in, read from the last `[table]` or `[[array]]` header above
/// it (for errors the lenient parse cannot place, such as a key set twice), and whether the
/// offset is inside that header itself.
pub fn table_above(text: &str, offset: usize) -> (KeyPath, bool) {
    let offset = offset.min(text.len());
    let line_start = text
        .get(..offset)
        .and_then(|b| b.rfind('\n'))
        .map_or(0, |i| i + 1);
    let line_end = text
        .get(offset..)
        .and_then(|a| a.find('\n'))
        .map_or(text.len(), |i| offset + i);
    let upto = text.get(..line_end).unwrap_or(text);
    let mut path = KeyPath::root();
    let mut in_header = false;
    for (start, line) in line_starts(upto) {
        let trimmed = line.trim_start();
        let Some(header) = trimmed.strip_prefix('[') else {
            continue;
        };
        let array = header.starts_with('[');
        let name = header
            .trim_start_matches('[')
            .split(']')
            .next()
            .unwrap_or("")
            .trim();
        let mut p = KeyPath::root();
        for part in name.split('.') {
            p = p.key(part.trim().trim_matches('"'));
        }
        if array {
            // The index of this [[name]]: how many such headers came before it.
            let same = format!("[[{name}]]");
            let count = text
                .get(..start)
                .unwrap_or("")
                .lines()
                .filter(|l| l.trim().replace(' ', "") == same.replace(' ', ""))
                .count();
            p = p.index(count);
        }
        path = p;
        in_header = start == line_start;
    }
    (path, in_header)
}

/// Each line of `text` with its byte offset.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |line| {
        let start = offset;
        offset += line.len();
        (start, line.trim_end_matches('\n'))
    })
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
    fn path_at_names_the_key_or_value_at_an_offset() {
        let text = "[kiosk]\nid = \"a\"\nlanguages = [\"en\", 3]\n\n[[gateway]]\nname = \"a\"\n\n[[gateway]]\nname = 5\n";
        let at = |needle: &str| path_at(text, text.rfind(needle).unwrap()).map(|p| p.to_string());
        assert_eq!(at("3]").as_deref(), Some("kiosk.languages[1]"));
        assert_eq!(at("5").as_deref(), Some("gateway[1].name"));
        assert_eq!(at("id").as_deref(), Some("kiosk.id"));
    }

    #[test]
    fn table_above_reads_the_last_header() {
        let text = "[kiosk]\nid = 1\n[[gateway]]\nname = 1\n[[gateway]]\nname = 2\nname = 3\n[otp]\n[otp]\n";
        let (p, header) = table_above(text, text.rfind("name").unwrap());
        assert_eq!((p.to_string().as_str(), header), ("gateway[1]", false));
        let (p, header) = table_above(text, text.rfind("otp").unwrap());
        assert_eq!((p.to_string().as_str(), header), ("otp", true));
    }

    #[test]
    fn missing_key_falls_back_to_its_table() {
        let text = "[kiosk]\nid = \"a\"\n[otp]\nlength = 6\n";
        let path = KeyPath::root().key("otp").key("ttl_s");
        let (line, _) = locate(text, &path);
        assert_eq!(line, 3, "falls back to the [otp] header");
    }
}
