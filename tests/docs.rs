//! The upstream integrator reads docs/events.md: every event kind the kiosk can write has a
//! section there.

#[test]
fn every_event_kind_is_documented() {
    let doc =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/events.md")).unwrap();
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/src/store/journal.rs"))
            .unwrap();
    // The kinds are the string literals of EventKind::as_str.
    let kinds: Vec<&str> = source
        .lines()
        .filter(|l| l.contains("Self::") && l.contains("=> \""))
        .filter_map(|l| l.split('"').nth(1))
        .collect();
    assert!(kinds.len() >= 20, "found the kinds: {kinds:?}");
    for kind in kinds {
        assert!(
            doc.contains(&format!("### `{kind}`")),
            "docs/events.md has no section for `{kind}`"
        );
    }
}
