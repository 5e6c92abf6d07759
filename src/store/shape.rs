//! The database's schema must be exactly what the kiosk's migrations make at its version.
//!
//! SQLite runs whatever triggers and views a file holds: one planted in a restored backup or
//! with a `sqlite3` shell (an `AFTER INSERT ON lockouts` that deletes the new lock, an `UPDATE`
//! trigger resetting `wrong_attempts`, one rewriting every guest's phone) would switch off the
//! kiosk's limits or send its codes elsewhere without a word. So every open and every restore
//! compares `sqlite_master` with a reference built in memory by the same migrations: the same
//! objects (tables, indexes, the kiosk's own triggers and view, nothing else), each with the
//! same normalised SQL, the same columns and the same index keys. SQLite's planner statistics
//! (`sqlite_stat*`, written by `ANALYZE`) are the only extra objects allowed: they change no
//! result.

use std::collections::BTreeMap;
use std::sync::{Mutex, OnceLock};

use rusqlite::Connection;

use super::schema::MIGRATIONS;

/// One schema object as compared: its SQL (normalised) and what the pragmas say of it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    kind: String,
    name: String,
    table: String,
    sql: Option<String>,
    detail: Vec<String>,
}

impl Object {
    fn describe(&self) -> String {
        match self.kind.as_str() {
            "table" | "view" => format!("{} `{}`", self.kind, self.name),
            _ => format!("{} `{}` on {}", self.kind, self.name, self.table),
        }
    }
}

/// What is wrong with the schema of `conn` (the first difference found), or `None` when it is
/// the kiosk's own at its `PRAGMA user_version`. A version newer than this build's is not
/// judged here (the caller refuses it). Version and schema are read in one read transaction,
/// so another process migrating meanwhile is never mistaken for a foreign change.
pub(super) fn unexpected(conn: &Connection) -> Result<Option<String>, rusqlite::Error> {
    // Reads only, never writes: nothing to wait for at BEGIN.
    conn.execute_batch("BEGIN DEFERRED")?; // architecture.rs allows this: a read-only snapshot
    let read = (|| {
        let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
        Ok::<_, rusqlite::Error>((version, objects(conn)?))
    })();
    let _ = conn.execute_batch("COMMIT");
    let (version, found) = read?;
    let Ok(steps) = usize::try_from(version) else {
        return Ok(Some(format!("schema version {version}")));
    };
    if steps > MIGRATIONS.len() {
        return Ok(None);
    }
    let wanted = reference(steps)?;
    Ok(difference(&found, &wanted))
}

fn difference(found: &[Object], wanted: &[Object]) -> Option<String> {
    let wanted_by_name: BTreeMap<(&str, &str), &Object> = wanted
        .iter()
        .map(|o| ((o.kind.as_str(), o.name.as_str()), o))
        .collect();
    for object in found {
        match wanted_by_name.get(&(object.kind.as_str(), object.name.as_str())) {
            None => {
                return Some(format!(
                    "{}, which the kiosk does not create",
                    object.describe()
                ));
            }
            Some(want) if *want != object => {
                return Some(format!(
                    "{} that differs from the kiosk's own (its definition, columns or keys were changed)",
                    object.describe()
                ));
            }
            Some(_) => {}
        }
    }
    let found_names: Vec<(&str, &str)> = found
        .iter()
        .map(|o| (o.kind.as_str(), o.name.as_str()))
        .collect();
    wanted
        .iter()
        .find(|o| !found_names.contains(&(o.kind.as_str(), o.name.as_str())))
        .map(|o| format!("no {} (the kiosk's schema has it)", o.describe()))
}

/// Every object of the main schema, in `sqlite_master` order, without the planner statistics.
fn objects(conn: &Connection) -> Result<Vec<Object>, rusqlite::Error> {
    let rows: Vec<(String, String, String, Option<String>)> = conn
        .prepare(
            "SELECT type, name, tbl_name, sql FROM main.sqlite_master
             WHERE NOT (type = 'table' AND name IN ('sqlite_stat1', 'sqlite_stat4'))
             ORDER BY rowid",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<Result<_, _>>()?;
    rows.into_iter()
        .map(|(kind, name, table, sql)| {
            let detail = match kind.as_str() {
                "table" => columns(conn, &name)?,
                "index" => index_keys(conn, &table, &name)?,
                _ => Vec::new(),
            };
            Ok(Object {
                kind,
                name,
                table,
                sql: sql.as_deref().map(normalise),
                detail,
            })
        })
        .collect()
}

/// `PRAGMA table_xinfo`: name, declared type, NOT NULL, default, primary-key position, hidden.
fn columns(conn: &Connection, table: &str) -> Result<Vec<String>, rusqlite::Error> {
    conn.prepare(
        "SELECT name, type, \"notnull\", dflt_value, pk, hidden FROM pragma_table_xinfo(?1)",
    )?
    .query_map([table], |r| {
        Ok(format!(
            "{}|{}|{}|{:?}|{}|{}",
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, i64>(2)?,
            r.get::<_, Option<String>>(3)?,
            r.get::<_, i64>(4)?,
            r.get::<_, i64>(5)?
        ))
    })?
    .collect()
}

/// Uniqueness, origin and partialness (`PRAGMA index_list`), then every key column
/// (`PRAGMA index_xinfo`: column, order, collation).
fn index_keys(conn: &Connection, table: &str, index: &str) -> Result<Vec<String>, rusqlite::Error> {
    let mut keys: Vec<String> = conn
        .prepare("SELECT \"unique\", origin, partial FROM pragma_index_list(?1) WHERE name = ?2")?
        .query_map([table, index], |r| {
            Ok(format!(
                "unique={} origin={} partial={}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?
            ))
        })?
        .collect::<Result<_, _>>()?;
    let columns: Vec<String> = conn
        .prepare("SELECT seqno, cid, name, \"desc\", coll, key FROM pragma_index_xinfo(?1)")?
        .query_map([index], |r| {
            Ok(format!(
                "{}|{}|{:?}|{}|{:?}|{}",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, i64>(5)?
            ))
        })?
        .collect::<Result<_, _>>()?;
    keys.extend(columns);
    Ok(keys)
}

/// The kiosk's schema after `steps` migrations, built once per version in memory.
fn reference(steps: usize) -> Result<Vec<Object>, rusqlite::Error> {
    static BUILT: OnceLock<Mutex<BTreeMap<usize, Vec<Object>>>> = OnceLock::new();
    let built = BUILT.get_or_init(Default::default);
    if let Some(objects) = built.lock().ok().and_then(|b| b.get(&steps).cloned()) {
        return Ok(objects);
    }
    let conn = Connection::open_in_memory()?;
    for sql in &MIGRATIONS[..steps] {
        conn.execute_batch(sql)?;
    }
    let objects = objects(&conn)?;
    if let Ok(mut built) = built.lock() {
        built.insert(steps, objects.clone());
    }
    Ok(objects)
}

/// The SQL without comments and with every run of white space as one space (none next to
/// brackets and commas), quoted text and names untouched: what SQLite executes, whatever the
/// layout or the comments of the migration that wrote it.
fn normalise(sql: &str) -> String {
    let mut out = String::with_capacity(sql.len());
    let mut chars = sql.chars().peekable();
    let mut space = false;
    let push = |out: &mut String, c: char, space: &mut bool| {
        let tight = |c: char| matches!(c, '(' | ')' | ',');
        if *space && !out.is_empty() && !tight(c) && !out.ends_with(tight) {
            out.push(' ');
        }
        *space = false;
        out.push(c);
    };
    while let Some(c) = chars.next() {
        match c {
            '\'' | '"' | '`' | '[' => {
                let close = if c == '[' { ']' } else { c };
                push(&mut out, c, &mut space);
                for q in chars.by_ref() {
                    out.push(q);
                    // A doubled quote inside reads as the end and start of two quoted runs,
                    // which prints the same.
                    if q == close {
                        break;
                    }
                }
            }
            '-' if chars.peek() == Some(&'-') => {
                for q in chars.by_ref() {
                    if q == '\n' {
                        break;
                    }
                }
                space = true;
            }
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                let mut last = ' ';
                for q in chars.by_ref() {
                    if last == '*' && q == '/' {
                        break;
                    }
                    last = q;
                }
                space = true;
            }
            c if c.is_whitespace() => space = true,
            c => push(&mut out, c, &mut space),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalising_drops_comments_and_layout_but_keeps_quoted_text() {
        assert_eq!(
            normalise("CREATE TABLE t (\n  a TEXT, -- a comment\n  b /* x */ INT\n)"),
            "CREATE TABLE t(a TEXT,b INT)"
        );
        assert_eq!(
            normalise("CHECK (s IN ('a  --b', \"c  d\"))"),
            "CHECK(s IN('a  --b',\"c  d\"))"
        );
        assert_ne!(
            normalise("CHECK (s IN ('a'))"),
            normalise("CHECK (s IN ('A'))")
        );
    }

    #[test]
    fn every_version_the_migrations_make_is_the_kiosks_own() {
        for steps in 0..=MIGRATIONS.len() {
            let conn = Connection::open_in_memory().unwrap();
            for sql in &MIGRATIONS[..steps] {
                conn.execute_batch(sql).unwrap();
            }
            conn.pragma_update(None, "user_version", steps as i64)
                .unwrap();
            assert_eq!(unexpected(&conn).unwrap(), None, "v{steps}");
        }
        // `ANALYZE` (or `PRAGMA optimize`) only adds the planner's statistics.
        let conn = Connection::open_in_memory().unwrap();
        for sql in MIGRATIONS {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", MIGRATIONS.len() as i64)
            .unwrap();
        conn.execute_batch("ANALYZE").unwrap();
        assert_eq!(unexpected(&conn).unwrap(), None, "after ANALYZE");
    }

    #[test]
    fn a_trigger_planted_in_the_live_database_is_refused_at_open_and_nothing_changes() {
        use crate::store::{Store, StoreError, StoreOptions};
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("kiosk.db");
        drop(Store::open(&db).unwrap());
        // As with a sqlite3 shell on the kiosk's file.
        Connection::open(&db)
            .unwrap()
            .execute_batch(
                "CREATE TRIGGER z AFTER INSERT ON lockouts BEGIN DELETE FROM lockouts WHERE reservation = NEW.reservation; END;",
            )
            .unwrap();
        let before = std::fs::read(&db).unwrap();
        for err in [
            Store::open(&db).unwrap_err(),
            Store::open_existing(&db, &StoreOptions::beside(&db)).unwrap_err(),
        ] {
            assert!(matches!(err, StoreError::UnexpectedSchema { .. }), "{err}");
            let said = err.to_string();
            assert!(said.contains("trigger `z` on lockouts"), "{said}");
            assert!(said.contains("kiosk restore"), "{said}");
        }
        assert_eq!(std::fs::read(&db).unwrap(), before, "the file is untouched");
        // Nor is it encrypted first when [store] encryption is switched on.
        let encrypting = StoreOptions {
            encrypt: true,
            ..StoreOptions::beside(&db)
        };
        let err = Store::open_with(&db, &encrypting).unwrap_err();
        assert!(matches!(err, StoreError::UnexpectedSchema { .. }), "{err}");
        assert!(
            std::fs::read(&db)
                .unwrap()
                .starts_with(b"SQLite format 3\0"),
            "still the plain file"
        );
        assert!(!crate::store::keyfile::beside(&db, "encrypting").exists());
        Connection::open(&db)
            .unwrap()
            .execute_batch("DROP TRIGGER z")
            .unwrap();
        Store::open(&db).unwrap();
    }
}
