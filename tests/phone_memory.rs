//! The kiosk bounds phonenumber's compiled-pattern cache: after the demo guests' numbers (many
//! countries) are parsed, the bounded cache holds a fraction of the memory the library's own
//! default keeps. Its own process, so the heap figures are this test's alone.

use lobby_kiosk::phone::{KIOSK_PATTERN_CACHE, Phone, bound_pattern_cache};

fn anon_kib() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("RssAnon:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

fn trim() {
    // SAFETY: malloc_trim only returns free heap pages to the OS.
    unsafe {
        libc::malloc_trim(0);
    }
}

fn demo_phones() -> Vec<String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/demo/reservations.json");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let list = json
        .get("reservations")
        .and_then(|r| r.as_array())
        .or_else(|| json.as_array())
        .unwrap();
    list.iter()
        .filter_map(|r| r.get("phone").and_then(|p| p.as_str()).map(str::to_owned))
        .collect()
}

fn parse_all(phones: &[String]) -> usize {
    phones
        .iter()
        .filter(|p| Phone::parse(p, "PT").is_ok())
        .count()
}

#[test]
fn the_bounded_pattern_cache_keeps_a_fraction_of_the_default() {
    let phones = demo_phones();
    assert!(phones.len() > 20);
    trim();
    let base = anon_kib();
    let parsed = parse_all(&phones);
    trim();
    let unbounded = anon_kib().saturating_sub(base);

    bound_pattern_cache(KIOSK_PATTERN_CACHE);
    assert_eq!(parse_all(&phones), parsed, "bounding changes no result");
    assert_eq!(parse_all(&phones), parsed, "and neither do cache misses");
    trim();
    let bounded = anon_kib().saturating_sub(base);
    eprintln!("pattern cache: default {unbounded} KiB, bounded {bounded} KiB");
    assert!(
        unbounded > 4096,
        "the default cache grew by only {unbounded} KiB"
    );
    assert!(
        bounded * 2 < unbounded,
        "bounded {bounded} KiB is not well under the default's {unbounded} KiB"
    );
}
