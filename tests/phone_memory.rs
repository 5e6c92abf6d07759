//! The kiosk bounds phonenumber's compiled-pattern cache: after the demo guests' numbers (many
//! countries) are parsed, the bounded cache holds a fraction of the memory the library's own
//! default keeps. Its own process, so the heap figures are this test's alone.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

#[path = "support/demo_phones.rs"]
mod demo_phones;

use demo_phones::demo_phones;
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
