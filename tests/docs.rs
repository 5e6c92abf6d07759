//! The docs say what the code does: every event kind, `kiosk` command, flag and `source` /
//! `action` value that README.md, docs/, kiosk.toml or a message in src/ names exists in the
//! code, and every event kind the kiosk writes has a section in docs/events.md.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use clap::CommandFactory;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The first string literal of each line of the source file `path` that `pick` chooses.
fn first_literals(path: &str, pick: impl Fn(&str) -> bool) -> BTreeSet<String> {
    read(&root().join(path))
        .lines()
        .map(str::trim_start)
        .filter(|l| pick(l))
        .filter_map(|l| l.split('"').nth(1))
        .map(str::to_owned)
        .collect()
}

/// The kinds are the string literals of EventKind::as_str.
fn event_kinds() -> BTreeSet<String> {
    let kinds = first_literals("src/store/journal.rs", |l| {
        l.contains("Self::") && l.contains("=> \"")
    });
    assert!(kinds.len() >= 20, "found the kinds: {kinds:?}");
    kinds
}

/// What an operator or integrator reads: the README, docs/, kiosk.toml, and the messages and
/// help texts in src/ (those name commands too).
fn documents() -> Vec<(PathBuf, String)> {
    let mut paths = vec![root().join("README.md"), root().join("kiosk.toml")];
    for entry in std::fs::read_dir(root().join("docs")).unwrap() {
        paths.push(entry.unwrap().path());
    }
    let mut stack = vec![root().join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                paths.push(path);
            }
        }
    }
    paths
        .into_iter()
        .filter(|p| p.is_file())
        .map(|p| {
            let text = read(&p);
            (p, text)
        })
        .collect()
}

/// Every `code span` of a text (on one line), with the text just before it.
fn code_spans(text: &str) -> Vec<(&str, &str)> {
    let mut spans = Vec::new();
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            continue;
        }
        let parts: Vec<&str> = line.split('`').collect();
        for i in (1..parts.len().saturating_sub(1)).step_by(2) {
            spans.push((parts[i - 1], parts[i]));
        }
    }
    spans
}

/// Commands written as `kiosk ...` in code spans, or as lines of a fenced block.
fn kiosk_invocations(text: &str) -> Vec<String> {
    let mut found: Vec<String> = code_spans(text)
        .into_iter()
        .map(|(_, span)| span.trim())
        .filter(|span| *span == "kiosk" || span.starts_with("kiosk "))
        .map(str::to_owned)
        .collect();
    let mut fenced = false;
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with("```") {
            fenced = !fenced;
        } else if fenced {
            let line = line.trim_start_matches("$ ");
            if line.starts_with("kiosk ") {
                found.push(line.to_owned());
            }
        }
    }
    found
}

/// Checks one `kiosk ...` invocation against clap's command tree.
fn check_invocation(invocation: &str) -> Result<(), String> {
    let root_command = lobby_kiosk::cli::Cli::command();
    let global: BTreeSet<String> = root_command
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_owned))
        .chain(["help".to_owned(), "version".to_owned()])
        .collect();
    let mut command = &root_command;
    let mut path = vec!["kiosk".to_owned()];
    let mut takes_subcommand = true;
    let mut after_value_flag = false;
    for token in invocation.split_whitespace().skip(1) {
        let token = token.trim_matches(|c| "[]()|,.;:".contains(c));
        if token.is_empty() || token == "|" {
            continue;
        }
        if let Some(flag) = token.strip_prefix("--") {
            let flag = flag.split('=').next().unwrap_or_default();
            let known = global.contains(flag)
                || command.get_arguments().any(|a| a.get_long() == Some(flag));
            if !known {
                return Err(format!("`{}` has no flag --{flag}", path.join(" ")));
            }
            after_value_flag = command
                .get_arguments()
                .chain(root_command.get_arguments())
                .find(|a| a.get_long() == Some(flag))
                .is_some_and(|a| a.get_action().takes_values());
            continue;
        }
        if after_value_flag {
            after_value_flag = false;
            continue;
        }
        let looks_like_a_name = token.chars().all(|c| c.is_ascii_lowercase() || c == '-')
            && token.chars().next().is_some_and(|c| c.is_ascii_lowercase());
        if !takes_subcommand || !looks_like_a_name {
            // A value (FILE, NAME, a path): the rest is arguments.
            takes_subcommand = false;
            continue;
        }
        match command.find_subcommand(token) {
            Some(sub) => {
                path.push(token.to_owned());
                command = sub;
                takes_subcommand = command.has_subcommands();
            }
            None if command.has_subcommands() => {
                return Err(format!("`{}` has no subcommand `{token}`", path.join(" ")));
            }
            None => takes_subcommand = false,
        }
    }
    Ok(())
}

#[test]
fn every_event_kind_is_documented() {
    let doc = read(&root().join("docs/events.md"));
    for kind in event_kinds() {
        assert!(
            doc.contains(&format!("### `{kind}`")),
            "docs/events.md has no section for `{kind}`"
        );
    }
}

#[test]
fn every_documented_event_kind_is_one_the_kiosk_writes() {
    let kinds = event_kinds();
    let doc = read(&root().join("docs/events.md"));
    for heading in doc.lines().filter_map(|l| l.strip_prefix("### `")) {
        let name = heading.split('`').next().unwrap_or_default();
        assert!(
            kinds.contains(name),
            "docs/events.md documents `{name}`, which the kiosk never writes (kinds: {kinds:?})"
        );
    }
    // Elsewhere: "journals `x`", "journaled as `x`", "`x` event", and upstream.md's
    // command table ("`x` with `command_id`").
    for (path, text) in documents() {
        if path.extension().is_some_and(|e| e == "rs") {
            continue;
        }
        for (before, span) in code_spans(&text) {
            let before = before.trim_end();
            let named_as_event = ["journals", "journal", "journaled as", "journaled as a"]
                .iter()
                .any(|w| before.ends_with(w));
            let after_is_event = text.contains(&format!("`{span}` event"))
                || text.contains(&format!("`{span}` with `command_id`"));
            let is_identifier =
                !span.is_empty() && span.chars().all(|c| c.is_ascii_lowercase() || c == '_');
            if is_identifier && (named_as_event || after_is_event) {
                assert!(
                    kinds.contains(span),
                    "{} names the event `{span}`, which the kiosk never writes",
                    path.display()
                );
            }
        }
    }
}

#[test]
fn every_kiosk_command_the_docs_mention_exists() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (path, text) in documents() {
        for invocation in kiosk_invocations(&text) {
            checked += 1;
            if let Err(why) = check_invocation(&invocation) {
                wrong.push(format!("{}: `{invocation}`: {why}", path.display()));
            }
        }
    }
    assert!(
        checked >= 20,
        "found only {checked} mentions of kiosk commands"
    );
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_command_check_catches_what_does_not_exist() {
    assert!(check_invocation("kiosk import FILE").is_err());
    assert!(check_invocation("kiosk journal import").is_err());
    assert!(check_invocation("kiosk status --verbose").is_err());
    assert!(check_invocation("kiosk import-reservations FILE").is_ok());
    assert!(check_invocation("kiosk staff reset-pad --by NAME --reason TEXT").is_ok());
    assert!(check_invocation("kiosk --config /etc/kiosk.toml check-config").is_ok());
}

/// `source` and `action` values the docs list (`source: "x"`, or the table rows of
/// events.md) are values the code writes.
#[test]
fn every_documented_source_and_action_value_is_written_by_the_code() {
    let code: String = documents()
        .into_iter()
        .filter(|(p, _)| p.extension().is_some_and(|e| e == "rs"))
        .map(|(_, t)| t)
        .collect();
    let written = |field: &str, value: &str| code.contains(&format!("\"{field}\": \"{value}\""));
    let mut checked = 0;
    for (path, text) in documents() {
        if path.extension().is_some_and(|e| e == "rs") {
            continue;
        }
        for field in ["source", "action"] {
            let mut values: Vec<String> = Vec::new();
            for piece in text.split(&format!("{field}: \"")).skip(1) {
                values.extend(piece.split('"').next().map(str::to_owned));
            }
            for row in text
                .lines()
                .filter(|l| l.starts_with(&format!("| `{field}` |")))
            {
                let types = row.split('|').nth(2).unwrap_or_default();
                values.extend(types.split('"').skip(1).step_by(2).map(str::to_owned));
            }
            for value in values {
                checked += 1;
                assert!(
                    written(field, &value),
                    "{} says {field} \"{value}\", which no event is written with",
                    path.display()
                );
            }
        }
    }
    assert!(checked >= 10, "found only {checked} documented values");
}

/// The kinds `apply_commands` acts on: the string literals its match arms start with.
fn remote_command_kinds() -> BTreeSet<String> {
    let kinds = first_literals("src/sync/commands.rs", |l| {
        l.starts_with("(\"") && l.contains("\", ")
    });
    assert!(kinds.len() >= 4, "found the command kinds: {kinds:?}");
    kinds
}

#[test]
fn the_openapi_file_is_whole_and_both_protocol_documents_name_every_remote_command() {
    let openapi = read(&root().join("docs/upstream.openapi.yaml"));
    assert!(openapi.ends_with('\n'), "the OpenAPI file ends mid-line");
    for (n, line) in openapi.lines().enumerate() {
        let quotes = line.replace("\\\"", "").matches('"').count();
        assert!(
            quotes % 2 == 0,
            "docs/upstream.openapi.yaml:{}: an unclosed string: {line}",
            n + 1
        );
    }
    let protocol = read(&root().join("docs/upstream.md"));
    for kind in remote_command_kinds() {
        assert!(
            openapi.contains(&format!(" {kind}")) || openapi.contains(&format!("[{kind}")),
            "the OpenAPI file does not name the command {kind}"
        );
        assert!(
            protocol.contains(&format!("| `{kind}` |")),
            "docs/upstream.md has no row for the command {kind}"
        );
    }
}

/// The metric names (`lobby_kiosk_…`, `lobby_hub_…`) written in `text`.
fn metric_names(text: &str) -> std::collections::BTreeSet<String> {
    let mut names = std::collections::BTreeSet::new();
    for prefix in ["lobby_kiosk_", "lobby_hub_"] {
        let mut rest = text;
        while let Some(i) = rest.find(prefix) {
            let tail = &rest[i..];
            let end = tail
                .find(|c: char| !(c.is_ascii_lowercase() || c == '_' || c.is_ascii_digit()))
                .unwrap_or(tail.len());
            names.insert(tail[..end].to_owned());
            rest = &tail[end..];
        }
    }
    names
}

#[test]
fn the_dashboard_and_alert_rules_use_only_metrics_the_kiosk_and_hub_export() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let read = |p: &str| std::fs::read_to_string(root.join(p)).unwrap();
    let exported: std::collections::BTreeSet<String> = metric_names(&read("src/metrics.rs"))
        .union(&metric_names(&read("hub/src/metrics.rs")))
        .cloned()
        .collect();
    let dashboard = read("packaging/grafana-dashboard.json");
    serde_json::from_str::<serde_json::Value>(&dashboard).expect("the dashboard is JSON");
    for file in [
        "packaging/grafana-dashboard.json",
        "packaging/prometheus-alerts.yml",
    ] {
        let used = metric_names(&read(file));
        assert!(!used.is_empty(), "{file} uses no metric");
        let unknown: Vec<_> = used.difference(&exported).collect();
        assert!(
            unknown.is_empty(),
            "{file} uses metrics nobody exports: {unknown:?}"
        );
    }
    let readme = read("README.md");
    for file in [
        "packaging/grafana-dashboard.json",
        "packaging/prometheus-alerts.yml",
    ] {
        assert!(readme.contains(file), "README does not name {file}");
    }
}
