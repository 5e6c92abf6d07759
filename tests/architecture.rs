//! Architecture rules that keep the domain testable without a GUI.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn nothing_outside_src_ui_imports_iced() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let ui = src.join("ui");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(files.len() > 10, "found the sources");
    let offenders: Vec<String> = files
        .iter()
        .filter(|f| !f.starts_with(&ui))
        .filter(|f| {
            let text = std::fs::read_to_string(f).unwrap();
            text.lines().any(|l| {
                let l = l.trim_start();
                !l.starts_with("//")
                    && (l.contains("iced::")
                        || l.contains("iced_test::")
                        || l.starts_with("use iced"))
            })
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "iced used outside src/ui/: {offenders:?}"
    );
}

#[test]
fn the_debug_feature_of_iced_is_never_enabled() {
    // F12 would open iced's devtools in a public lobby.
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml")).unwrap();
    for line in manifest
        .lines()
        .filter(|l| l.trim_start().starts_with("iced"))
    {
        assert!(
            !line.contains("\"debug\""),
            "iced debug feature enabled: {line}"
        );
    }
}

#[test]
fn every_write_transaction_in_src_is_immediate() {
    // A DEFERRED transaction that reads and then writes cannot wait for another process's
    // write: SQLite answers "database is locked" at once, whatever the busy timeout. So every
    // transaction takes the write lock at BEGIN (`TransactionBehavior::Immediate`).
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut offenders = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            if line.contains("architecture.rs allows this") {
                continue;
            }
            let code = line.split("//").next().unwrap_or("");
            let deferred = code.contains(".transaction()")
                || code.contains("unchecked_transaction(")
                || code.contains("TransactionBehavior::Deferred")
                || code.contains("savepoint(")
                || [
                    "\"BEGIN\"",
                    "\"BEGIN;",
                    "BEGIN DEFERRED",
                    "BEGIN TRANSACTION",
                ]
                .iter()
                .any(|b| code.contains(b));
            if deferred {
                offenders.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        offenders.is_empty(),
        "use transaction_with_behavior(TransactionBehavior::Immediate):\n{}",
        offenders.join("\n")
    );
}

/// Issue 15: unwrap()/expect() are denied by the manifest in the library and the binary, not
/// left to discipline; test and bench crates opt out at their top.
#[test]
fn unwrap_and_expect_are_denied_outside_tests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    let clippy = &manifest["lints"]["clippy"];
    for lint in ["unwrap_used", "expect_used"] {
        assert_eq!(clippy[lint].as_str(), Some("deny"), "[lints.clippy] {lint}");
    }
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    assert!(
        lib.contains("#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]"),
        "only the library's unit tests may unwrap"
    );
}

/// Issue 15: no test double ships in `src/`; UI tests run on the real domain fixture.
#[test]
fn no_test_double_in_src() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest: toml::Table =
        toml::from_str(&std::fs::read_to_string(root.join("Cargo.toml")).unwrap()).unwrap();
    assert!(
        !manifest["features"]
            .as_table()
            .unwrap()
            .contains_key("test-support"),
        "no feature that builds a test double into the kiosk"
    );
    let mut files = Vec::new();
    rust_files(&root.join("src"), &mut files);
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        assert!(
            !text.contains("KIOSK_UI_FAKE_BACKEND") && !text.contains("FakeBackend"),
            "{} still knows the fake backend",
            f.display()
        );
    }
}

/// Issue 15: the staff screens never call the domain nor reach into the app: they return
/// calls the app runs on the staff desk, and get the desk's own types back.
#[test]
fn the_staff_screens_import_nothing_from_the_app_and_hold_no_desk() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/ui/screen/staff");
    let mut files = Vec::new();
    rust_files(&dir, &mut files);
    assert!(files.len() >= 8, "a shell and its pages: {files:?}");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        for banned in ["ui::app", "ui::backend", "StaffDesk", "super::super"] {
            let used = text
                .lines()
                .any(|l| !l.trim_start().starts_with("//") && l.contains(banned));
            assert!(!used, "{} uses {banned}", f.display());
        }
    }
}
