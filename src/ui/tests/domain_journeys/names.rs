//! Guest names the bundled fonts cannot draw, on the real domain: a variant kanji is greeted in
//! its everyday form, a name with no drawable form by a greeting without a name; no screen the
//! guest passes shows a character the fonts lack (a box).

use super::{Real, Site};
use crate::clock::Clock;
use crate::store::Store;

/// LK4821 (arrives today, room 412 ready) renamed.
fn site_with_guest(first_name: &str, last_name: &str) -> Site {
    let site = Site::new();
    let mut store = Store::open(&site.config.store.path).unwrap();
    let mut r = store.reservation("LK4821").unwrap().unwrap();
    r.first_name = first_name.to_owned();
    r.last_name = last_name.to_owned();
    store.upsert_reservations(&[r], site.clock.now()).unwrap();
    site
}

/// The first text on screen with a character no bundled font draws.
fn undrawable_text(k: &Real) -> Option<String> {
    k.simulator()
        .find(|c: iced_test::selector::Candidate<'_>| match c {
            iced_test::selector::Candidate::Text { content, .. }
                if crate::fonts::undrawable(content).next().is_some() =>
            {
                Some(content.to_owned())
            }
            _ => None,
        })
        .ok()
}

/// For a human look: KIOSK_SNAPSHOT_PNG=dir writes the screen there (never into the repo).
fn look(k: &Real, name: &str) {
    if let Some(out) = std::env::var_os("KIOSK_SNAPSHOT_PNG") {
        let mut ui = k.simulator();
        let shot = ui.snapshot(&k.app.theme()).unwrap();
        let _ = shot.matches_image(std::path::Path::new(&out).join(name));
    }
}

/// Welcome in Japanese → Find → Confirm phone, where the guest is first greeted (by surname).
async fn find_the_booking(k: &mut Real, last_name: &str) {
    k.click("lang-ja").await;
    k.find("start-check-in", "LK4821", last_name).await;
    assert_eq!(k.screen(), "confirm_phone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_variant_kanji_is_greeted_in_its_everyday_form() {
    // 髙 (U+9AD9) is outside JIS X 0208; the guest reads 高.
    let mut k = Real::start(site_with_guest("髙子", "髙橋"));
    find_the_booking(&mut k, "髙橋").await;
    assert!(
        k.sees("高橋様、いらっしゃいませ"),
        "{:?}",
        undrawable_text(&k)
    );
    assert_eq!(undrawable_text(&k), None);
    k.click("send-code").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("高橋様、ようこそ"), "{:?}", undrawable_text(&k));
    look(&k, "variant-success-ja");
    assert_eq!(undrawable_text(&k), None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_name_the_fonts_cannot_draw_is_left_out_of_the_greeting() {
    // U+2A6A5 (CJK Extension B): no bundled font has it, and it has no everyday form.
    let mut k = Real::start(site_with_guest("Ana", "\u{2A6A5}田"));
    find_the_booking(&mut k, "\u{2A6A5}田").await;
    assert_eq!(undrawable_text(&k), None, "no box on Confirm phone");
    assert!(k.sees("いらっしゃいませ"), "the greeting without a name");
    look(&k, "unnamed-confirm-ja");
    k.click("send-code").await;
    assert_eq!(k.screen(), "enter_code");
    assert_eq!(undrawable_text(&k), None);
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert_eq!(undrawable_text(&k), None, "no box on Success");
    assert!(k.sees("ようこそ！"));
    look(&k, "unnamed-success-ja");
    assert!(k.site.has_event("checked_in", "LK4821"));
}
