//! Staff mode on the real domain: the PIN pad's cool-down, unlock then a guest check-in, a
//! photo-ID check-in, a phone change that the next code follows, health and events, an
//! SMS-pumping pause lifted, a name-only lock, the idle timeout and the audited exit. Unlock,
//! check-in and lifting a pause are also driven by key events alone.

use std::time::Duration;

use iced::Size;

use super::screens::{LANDSCAPE, PORTRAIT, assert_no_squeezed_text};
use super::{KeyPress, Real, Site};
use crate::ui::app::{Message, Screen};
use crate::ui::focus::Nav;
use crate::ui::screen::staff::{self as staff_mode, Page};

/// The demo kiosk.toml's staff PIN (refused outside demo mode).
const PIN: &str = crate::config::DEMO_STAFF_PIN;

/// What the Locked page says of a lock earned through name lookups.
const NAME_ONLY: &str = "Name search only — the booking number still works";

/// The demo arrivals whose phones are +44 7400 123xxx: one 7-digit prefix, `4474001`.
const RANGE: [(&str, &str); 3] = [
    ("LK4830", "O'Brien"),
    ("LK4835", "Rossi"),
    ("LK4854", "Walsh"),
];

/// The shipped config with SMS-pumping judged after three sends (the least allowed), so the
/// three arrivals of [`RANGE`] are enough to pause their prefix.
fn pumping_site() -> Site {
    let site =
        Site::with_toml(|toml| toml.replacen("[otp]\n", "[otp]\npumping_min_sends = 3\n", 1));
    assert_eq!(site.config.otp.pumping.min_sends, 3);
    site
}

fn staff(k: &Real) -> &crate::ui::screen::staff::Staff {
    match &k.app.screen {
        Screen::Staff(s) => s,
        other => panic!("not in staff mode but on {}", other.name()),
    }
}

impl Real {
    /// Five quick taps on the logo, then the PIN on the on-screen keypad.
    async fn staff_login(&mut self) {
        for _ in 0..5 {
            self.click("brand").await;
        }
        assert_eq!(self.screen(), "staff_pin");
        self.keypad(PIN).await;
        assert_eq!(self.screen(), "staff_locked", "signed in");
    }

    /// Moves the focus ring to `id` with Tab and activates it with Enter.
    async fn tab_to_and_enter(&mut self, id: &str) {
        for _ in 0..80 {
            if self.app.focus.current() == Some(id) {
                self.key(KeyPress::Enter).await;
                return;
            }
            self.key(KeyPress::Tab { shift: false }).await;
        }
        panic!("Tab never reached {id} on {}", self.screen());
    }

    /// Locks `confirmation` the way a prankster would: wrong codes until the lock.
    async fn lock_by_wrong_codes(&mut self, confirmation: &str, last_name: &str) {
        self.lock_via(confirmation, last_name, None).await;
    }

    /// The same, by a stranger who knows only the guest's names (no booking number).
    async fn lock_by_name(&mut self, confirmation: &str, last_name: &str, first_name: &str) {
        self.lock_via(confirmation, last_name, Some(first_name))
            .await;
    }

    /// Welcome → Find by surname and first name → code on screen.
    async fn reach_code_by_name(&mut self, last_name: &str, first_name: &str) {
        self.click("start-check-in").await;
        self.click("mode-name").await;
        self.type_text(last_name).await;
        self.key(KeyPress::Enter).await;
        self.type_text(first_name).await;
        self.key(KeyPress::Enter).await;
        assert_eq!(self.screen(), "confirm_phone");
        self.click("send-code").await;
        assert_eq!(self.screen(), "enter_code");
    }

    async fn lock_via(&mut self, confirmation: &str, last_name: &str, first_name: Option<&str>) {
        for round in 0..2 {
            if round > 0 {
                self.key(KeyPress::Enter).await; // leave the desk screen
                self.site.clock.advance(Duration::from_secs(31));
            }
            match first_name {
                None => self.reach_code(confirmation, last_name).await,
                Some(first) => self.reach_code_by_name(last_name, first).await,
            }
            let code = self.site.last_code();
            let wrong = if code == "000000" { "111111" } else { "000000" };
            for _ in 0..5 {
                self.keypad(wrong).await;
            }
            assert_eq!(self.screen(), "desk");
        }
        assert!(self.site.has_event("locked", confirmation));
        self.key(KeyPress::Enter).await;
        assert_eq!(self.screen(), "welcome");
    }

    /// Asks for a code for each arrival of [`RANGE`] and walks away without entering it, as
    /// toll fraud does: the third unverified send pauses the prefix.
    async fn pump_the_range(&mut self) {
        for (confirmation, last_name) in RANGE {
            self.reach_code(confirmation, last_name).await;
            self.click("nav-back").await;
            assert_eq!(self.screen(), "welcome");
        }
        let alerts = self.site.events("abuse_alert");
        assert!(
            alerts
                .iter()
                .any(|a| a["cause"] == "sms_pumping" && a["prefix"] == "4474001"),
            "the range is paused: {alerts:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_wrong_pins_cool_the_pad_down_and_the_right_pin_names_the_staff_member() {
    let mut k = Real::start(Site::new());
    // Four taps, a pause past the 3 s window, one more: no staff mode.
    for _ in 0..4 {
        k.click("brand").await;
    }
    k.site.clock.advance(Duration::from_secs(4));
    k.click("brand").await;
    assert_eq!(k.screen(), "welcome");
    for _ in 0..4 {
        k.click("brand").await;
    }
    assert_eq!(k.screen(), "staff_pin", "five taps within 3 s");
    for _ in 0..4 {
        k.keypad("999999").await;
        assert!(k.sees("That PIN is not right."));
    }
    k.keypad("999999").await;
    assert!(k.sees("Too many wrong PINs. Try again in 1 min."));
    k.keypad(PIN).await;
    assert_eq!(
        k.screen(),
        "staff_pin",
        "not even the right PIN while cooling down"
    );
    assert_eq!(k.site.count("staff_login"), 0);
    // A restart does not reset the cool-down.
    let mut k = k.restart();
    k.send(Message::StaffShortcut).await;
    k.keypad(PIN).await;
    assert_eq!(k.screen(), "staff_pin");
    k.site.clock.advance(Duration::from_secs(61));
    k.keypad(PIN).await;
    assert_eq!(k.screen(), "staff_locked");
    assert!(k.sees("Staff mode · Demo Desk"));
    let logins = k.site.events("staff_login");
    assert_eq!(logins.len(), 1);
    assert_eq!(logins[0]["staff"], "Demo Desk");
    assert_eq!(
        k.site.count("staff_login_failed"),
        5,
        "every wrong PIN is journaled"
    );
}

/// The locked pad's message: what the PIN screen says after the tenth wrong PIN and every time
/// it opens while the lock runs, with no time or count an attacker could use.
const PAD_LOCKED: &str =
    "The PIN pad is locked after too many wrong PINs. Try again later, or ask IT to unlock it.";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_ten_wrong_pins_lock_the_pad_and_it_says_so_whenever_it_opens() {
    let mut k = Real::start(Site::new());
    k.send(Message::StaffShortcut).await;
    assert_eq!(k.screen(), "staff_pin");
    assert!(
        k.sees("Enter your staff PIN."),
        "an open pad says nothing else"
    );
    for round in 0..2 {
        for _ in 0..5 {
            k.keypad("999999").await;
        }
        if round == 0 {
            assert!(k.sees("Too many wrong PINs. Try again in 1 min."));
            k.site.clock.advance(Duration::from_secs(61));
        }
    }
    assert!(k.sees(PAD_LOCKED));
    assert_eq!(k.site.count("staff_login_failed"), 10);
    assert_eq!(
        k.site.events("abuse_alert").last().unwrap()["cause"],
        "staff_pad_locked"
    );
    // Typing does not clear it, and the right PIN is not checked.
    k.keypad(PIN).await;
    assert_eq!(k.screen(), "staff_pin");
    assert!(k.sees(PAD_LOCKED));
    assert_eq!(k.site.count("staff_login"), 0);
    // Back with guests, then the pad again (after a restart too): it says so before any PIN.
    k.click("staff-leave").await;
    assert_eq!(k.screen(), "welcome");
    k.send(Message::StaffShortcut).await;
    assert!(k.sees(PAD_LOCKED), "the reopened pad says it is locked");
    let mut k = k.restart();
    for _ in 0..5 {
        k.click("brand").await;
    }
    assert_eq!(k.screen(), "staff_pin");
    assert!(k.sees(PAD_LOCKED), "and after a restart");
    assert!(
        !k.sees("Too many wrong PINs. Try again in"),
        "no time is given"
    );
    // An hour later it is open again and the right PIN works.
    k.click("staff-leave").await;
    k.site.clock.advance(Duration::from_secs(3600));
    k.send(Message::StaffShortcut).await;
    assert!(!k.sees(PAD_LOCKED));
    assert!(k.sees("Enter your staff PIN."));
    k.keypad(PIN).await;
    assert_eq!(k.screen(), "staff_locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_right_pin_shorter_than_six_digits_is_told_to_ask_it_for_a_new_one() {
    let pepper = secrecy::SecretString::from(crate::config::DEMO_PIN_PEPPER);
    let old = crate::pin::hash_unchecked("1357", &pepper).unwrap();
    let mut k = Real::start(Site::with_toml(|toml| {
        let demo = "refused outside demo mode\n";
        assert!(toml.contains(demo));
        let entry = format!("{demo}\n[[staff]]\nname = \"Old Timer\"\npin_hash = \"{old}\"\n");
        toml.replacen(demo, &entry, 1)
    }));
    k.send(Message::StaffShortcut).await;
    k.keypad("1357").await;
    assert_eq!(k.screen(), "staff_pin", "not signed in");
    assert!(k.sees("This PIN is too short to be used any more. Ask IT for a new PIN."));
    assert_eq!(k.site.count("staff_login"), 0);
    let failed = k.site.events("staff_login_failed");
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0]["cause"], "pin_too_short");
    assert_eq!(failed[0]["staff"], "Old Timer");
    // A new digit clears the message; the demo PIN still works.
    k.click("kp-2").await;
    assert!(k.sees("Enter your staff PIN."));
    k.click("kp-del").await;
    k.keypad(PIN).await;
    assert_eq!(k.screen(), "staff_locked");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_staff_unlock_by_keys_alone_then_the_guest_checks_in() {
    let mut k = Real::start(Site::new());
    k.lock_by_wrong_codes("LK4821", "García López").await;

    // Ctrl+Alt+S, the PIN typed, then only Tab and Enter.
    k.send(Message::StaffShortcut).await;
    assert_eq!(k.screen(), "staff_pin");
    k.type_text(PIN).await;
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "staff_locked");
    assert!(k.sees("LK4821 · A. G•••"), "the lock, masked");
    assert!(!k.sees("García"), "no full name in the list");
    assert!(
        !k.sees(NAME_ONLY),
        "a lock by booking number closes every path"
    );
    k.tab_to_and_enter("unlock-0").await;
    assert!(k.sees("Why?"));
    k.key(KeyPress::Arrow(Nav::Down)).await; // reveal the ring on the first reason
    assert_eq!(k.app.focus.current(), Some("reason-0"));
    k.key(KeyPress::Enter).await;
    assert!(k.sees("Unlocked. The guest can ask for a new code now."));
    assert!(k.sees("No booking is locked."));
    let unlocked = k.site.events("unlocked");
    assert_eq!(unlocked.len(), 1);
    assert_eq!(unlocked[0]["staff"], "Demo Desk");
    assert_eq!(
        unlocked[0]["reason"],
        "Guest identity confirmed at the desk"
    );
    k.tab_to_and_enter("staff-leave").await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.site.events("staff_logout")[0]["cause"], "left");

    // The guest, by keys alone too.
    k.site.clock.advance(Duration::from_secs(31));
    k.tab_to_and_enter("start-check-in").await;
    k.type_text("LK4821").await;
    k.key(KeyPress::Enter).await;
    k.type_text("García López").await;
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "confirm_phone");
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "enter_code");
    let code = k.site.last_code();
    k.type_text(&code).await;
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "success");
    assert!(k.site.has_event("checked_in", "LK4821"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_photo_id_check_in_without_a_code_is_audited() {
    let mut k = Real::start(Site::new());
    k.staff_login().await;
    k.click("staff-find").await;
    k.type_text("Garcia Lopez").await;
    k.key(KeyPress::Enter).await;
    assert!(k.sees("Ana García López · LK4821"));
    k.click("guest-0").await;
    assert_eq!(k.screen(), "staff_guest");
    assert!(k.sees("+34 ••• ••• 601"));
    k.click("verify-id").await;
    k.click("doc-passport").await;
    k.click("reason-1").await;
    assert!(k.sees("Photo ID check recorded."));
    k.click("staff-check-in").await;
    assert!(k.sees("Checked in. Room 412."));
    let checked = k.site.events("checked_in");
    assert_eq!(checked.len(), 1);
    assert_eq!(checked[0]["method"], "photo_id");
    assert_eq!(checked[0]["staff"], "Demo Desk");
    assert_eq!(checked[0]["document_type"], "passport");
    assert_eq!(checked[0]["reason"], "The code did not arrive");
    let overrides = k.site.events("staff_override");
    assert!(overrides.iter().any(|o| o["action"] == "photo_id_check"));
    assert_eq!(k.site.count("otp_sent"), 0, "no code was involved");
    assert!(k.site.outbox().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_phone_change_then_the_next_code_goes_to_the_new_number() {
    let mut k = Real::start(Site::new());
    k.staff_login().await;
    k.click("staff-find").await;
    k.type_text("LK4821").await;
    k.key(KeyPress::Enter).await;
    k.click("guest-0").await;
    k.click("verify-id").await;
    k.click("doc-national_id").await;
    k.click("reason-2").await;
    k.click("change-phone").await;
    k.click("reason-0").await;
    k.click("phone-plus").await;
    k.type_text("351912345699").await;
    k.click("kp-ok").await;
    assert!(
        k.sees("Phone on file changed to +351 ••• ••• 699."),
        "masked: {:?}",
        staff(&k).notice
    );
    let changed = k.site.events("contact_updated");
    assert_eq!(changed.len(), 1);
    assert_eq!(changed[0]["staff"], "Demo Desk");
    assert_eq!(changed[0]["reason"], "Guest has a new number");
    k.click("staff-leave").await;

    k.reach_code("LK4821", "García López").await;
    let sms = k.site.outbox();
    assert_eq!(sms.last().map(|m| m.to.as_str()), Some("+351912345699"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_health_test_sms_and_events_then_the_idle_timeout() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4821", "García López").await;
    k.click("nav-back").await;
    k.staff_login().await;
    k.click("staff-health").await;
    assert!(k.sees("Sync is off on this kiosk."));
    assert!(k.sees("demo (outbox) · working"));
    k.click("test-sms").await;
    k.click("phone-plus").await;
    k.type_text("351912000111").await;
    k.key(KeyPress::Enter).await;
    assert!(k.sees("Test SMS accepted by demo."));
    assert_eq!(
        k.site.outbox().last().map(|m| m.to.as_str()),
        Some("+351912000111")
    );
    let test = k.site.events("staff_override");
    assert!(
        test.iter()
            .any(|o| o["action"] == "test_sms" && o["staff"] == "Demo Desk")
    );
    assert!(
        !serde_json::to_string(&test).unwrap().contains("912000111"),
        "the full number is not journaled"
    );

    k.click("staff-events").await;
    let Page::Events(staff_mode::events::EventsPage {
        items: Some(events),
        ..
    }) = &staff(&k).page
    else {
        panic!("the events page shows the journal")
    };
    let shown = format!("{events:?}");
    assert!(shown.contains("otp_sent") && shown.contains("staff_login"));
    assert!(
        !shown.contains("612345601"),
        "no phone in the events: {shown}"
    );
    assert!(
        !shown.contains("García") && !shown.contains("LK4821"),
        "no name, masked bookings"
    );
    assert!(k.sees_id("page-next") || events.len() <= staff_mode::events::PAGE);

    // Two quiet minutes: back to guests, everything of staff mode gone.
    k.site.clock.advance(Duration::from_secs(121));
    k.send(Message::Staff(staff_mode::Message::Tick)).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.site.events("staff_logout")[0]["cause"], "timeout");
    // The handle is dead: a late message cannot act.
    k.send(Message::Staff(staff_mode::Message::SectionPressed(
        staff_mode::Section::Locked,
    )))
    .await;
    assert_eq!(k.screen(), "welcome");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_pumped_range_shows_on_health_and_is_lifted_by_keys_alone() {
    let mut k = Real::start(pumping_site());
    k.pump_the_range().await;
    // The guests behind the prefix are sent to the desk.
    k.site.clock.advance(Duration::from_secs(31));
    k.find("start-check-in", RANGE[0].0, RANGE[0].1).await;
    k.click("send-code").await;
    assert_ne!(
        k.screen(),
        "enter_code",
        "no code while the range is paused"
    );
    let sent = k.site.outbox().len();
    k.tick_after(121).await; // the idle reset, back to Welcome

    k.send(Message::StaffShortcut).await;
    k.type_text(PIN).await;
    k.key(KeyPress::Enter).await;
    k.tab_to_and_enter("staff-health").await;
    assert_eq!(k.screen(), "staff_health");
    assert!(k.sees("SMS-pumping pauses"));
    assert!(k.sees("+4474001…"), "the prefix, never a whole number");
    // The hour's pause began at the third send, 31 s + 121 s ago.
    assert!(
        k.sees("paused for 57 min more") && k.sees("first pause"),
        "time left and the first pause in a row: {:?}",
        staff(&k).page
    );
    assert!(!k.sees("No number range is paused."));

    k.tab_to_and_enter("lift-pause-0").await;
    assert!(k.sees("Why?"));
    assert!(k.sees("Verified a guest group with the carrier"));
    k.key(KeyPress::Arrow(Nav::Down)).await; // reveal the ring on the first reason
    assert_eq!(k.app.focus.current(), Some("reason-0"));
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "staff_health");
    assert!(k.sees("Pause lifted. Guests with these numbers can get codes again."));
    assert!(
        k.sees("No number range is paused."),
        "the page is refreshed"
    );
    assert!(!k.sees_id("lift-pause-0"));
    let lifts: Vec<_> = k
        .site
        .events("staff_override")
        .into_iter()
        .filter(|o| o["action"] == "lift_pumping_pause")
        .collect();
    assert_eq!(lifts.len(), 1);
    assert_eq!(lifts[0]["staff"], "Demo Desk");
    assert_eq!(
        lifts[0]["reason"],
        "Verified a guest group with the carrier"
    );
    assert_eq!(lifts[0]["prefix"], "4474001");
    assert_eq!(lifts[0]["was_paused"], true);

    // The guest gets a code at once.
    k.tab_to_and_enter("staff-leave").await;
    k.reach_code(RANGE[0].0, RANGE[0].1).await;
    assert_eq!(k.site.outbox().len(), sent + 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_lock_earned_by_name_reads_name_search_only() {
    let mut k = Real::start(Site::new());
    k.lock_by_name("LK4821", "García López", "Ana").await;
    assert_eq!(k.site.events("locked")[0]["scope"], "name");
    k.staff_login().await;
    assert!(k.sees("LK4821 · A. G•••"));
    assert!(k.sees(NAME_ONLY));
    crate::ui::tests::assert_controls_fit(&k, "staff_locked");
    // What it says holds: the guest with the booking number still gets a code.
    k.click("staff-leave").await;
    k.site.clock.advance(Duration::from_secs(31));
    k.reach_code("LK4821", "García López").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_exit_kiosk_asks_first_and_is_audited() {
    let mut k = Real::start(Site::new());
    k.staff_login().await;
    k.click("staff-exit").await;
    k.click("exit-cancel").await;
    assert!(!k.app.exiting);
    k.click("staff-exit").await;
    k.click("exit-confirm").await;
    assert!(k.app.exiting, "the app quits");
    let exits = k.site.events("kiosk_exited");
    assert_eq!(exits.len(), 1);
    assert_eq!(exits[0]["staff"], "Demo Desk");
}

/// The two idle minutes count staff input only: a key that just moves the focus keeps staff
/// mode open, a desk reply arriving late does not (replies are a type of their own), and a
/// wall clock moved back stretches nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_the_idle_timeout_counts_input_not_replies_nor_a_clock_moved_back() {
    let staff_tick = || Message::Staff(staff_mode::Message::Tick);
    let mut k = Real::start(Site::new());
    k.staff_login().await;
    k.site.clock.advance(Duration::from_secs(100));
    k.key(KeyPress::Tab { shift: false }).await;
    k.site.clock.advance(Duration::from_secs(100));
    k.send(staff_tick()).await;
    assert_eq!(k.screen(), "staff_locked", "the Tab 100 s ago was input");

    // Health asked now, answered 119 s later: two more seconds and staff mode ends.
    let press = k.clicked("staff-health").into_iter().next().unwrap();
    let asked = k
        .app
        .update(press)
        .into_future()
        .expect("the desk is asked");
    k.site.clock.advance(Duration::from_secs(119));
    let reply = asked.await;
    assert!(
        matches!(
            &reply,
            Message::Staff(staff_mode::Message::Replied(r))
                if matches!(**r, staff_mode::Reply::Health(Ok(_)))
        ),
        "{reply:?}"
    );
    k.send(reply).await;
    assert_eq!(k.screen(), "staff_health");
    k.site.clock.advance(Duration::from_secs(2));
    k.send(staff_tick()).await;
    assert_eq!(k.screen(), "welcome", "the reply kept nothing open");
    assert_eq!(k.site.events("staff_logout")[0]["cause"], "timeout");

    // The clock moved back two hours: still two minutes, not two hours and two minutes.
    use crate::clock::Clock;
    k.staff_login().await;
    let back = k.site.clock.now() - jiff::SignedDuration::from_hours(2);
    k.site.clock.set(back);
    k.send(staff_tick()).await;
    k.site.clock.advance(Duration::from_secs(121));
    k.send(staff_tick()).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.site.events("staff_logout")[1]["cause"], "timeout");
}

/// A photo-ID check allows one check-in: refused (a later arrival), it is used up, and the
/// booking needs a new check; nothing is checked in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_refused_photo_id_check_in_uses_up_the_check() {
    let mut k = Real::start(Site::new());
    k.staff_login().await;
    k.click("staff-find").await;
    k.type_text("LK4848").await;
    k.key(KeyPress::Enter).await;
    k.click("guest-0").await;
    k.click("verify-id").await;
    k.click("doc-passport").await;
    k.click("reason-0").await;
    assert_eq!(k.screen(), "staff_guest_verified");
    k.click("staff-check-in").await;
    let notice = format!("{:?}", staff(&k).notice);
    assert!(notice.contains("NotArrivingToday"), "{notice}");
    assert!(k.sees_id("verify-id") && !k.sees_id("staff-check-in"));
    assert_eq!(k.screen(), "staff_guest", "a new check is needed");
    assert_eq!(k.site.count("checked_in"), 0);
}

/// Every staff page and dialog, reached the way staff reach them, with the kiosk's language
/// `lang` (staff mode speaks the kiosk's default language) at `size`; `visit` sees each one,
/// named by its page and dialog. A name-only lock (its longer card), three paused ranges (two
/// rows and a pager), a wrong PIN, a search without results and one with.
async fn visit_every_staff_page(size: Size, lang: &str, mut visit: impl FnMut(&Real, &str)) {
    let site = pumping_site();
    let mut settings = crate::ui::app::Settings::from_config(&site.config);
    settings.default_language = lang.to_owned();
    let mut k = Real::start_with(site, settings);
    k.size = size;
    k.app.set_physical_size(size);
    k.lock_by_name("LK4821", "García López", "Ana").await;
    k.pump_the_range().await;
    k.site.pause_prefixes(&["3519123", "4915123"]);
    let mut look = |k: &Real, what: &str| {
        let (page, reason, exit) = staff(k).focus_context();
        let dialog = match (reason, exit) {
            (_, true) => "+exit",
            (true, _) => "+reason",
            _ => "",
        };
        visit(k, &format!("{page}{dialog}{what}-{lang}"));
    };
    k.send(Message::StaffShortcut).await;
    look(&k, "");
    k.keypad("999999").await;
    look(&k, " wrong");
    k.keypad(PIN).await;
    assert_eq!(k.screen(), "staff_locked");
    if lang == "en" {
        assert!(k.sees(NAME_ONLY));
    }
    look(&k, "");
    k.click("staff-find").await;
    look(&k, "");
    k.type_text("zzz").await;
    k.key(KeyPress::Enter).await;
    assert!(
        matches!(&staff(&k).page, Page::Find(f) if f.results.as_ref().is_some_and(Vec::is_empty))
    );
    look(&k, " none");
    k.click("search-again").await;
    k.type_text("gar").await;
    k.key(KeyPress::Enter).await;
    look(&k, "");
    k.click("guest-0").await;
    look(&k, "");
    k.click("verify-id").await;
    look(&k, "");
    k.click("doc-passport").await;
    look(&k, "");
    k.click("reason-0").await;
    look(&k, "");
    k.click("change-phone").await;
    look(&k, "");
    k.click("reason-0").await;
    look(&k, "");
    k.click("number-cancel").await;
    assert_eq!(k.screen(), "staff_guest_verified", "Cancel leaves the pad");
    k.click("staff-health").await;
    assert!(k.sees_id("lift-pause-1") && k.sees_id("page-next"));
    look(&k, "");
    k.click("page-next").await;
    assert!(k.sees_id("lift-pause-2"));
    look(&k, " 2");
    k.click("lift-pause-2").await;
    look(&k, "");
    k.click("reason-cancel").await;
    k.click("test-sms").await;
    look(&k, "");
    k.key(KeyPress::Escape).await;
    assert_eq!(k.screen(), "staff_health", "Escape leaves the pad");
    k.click("staff-events").await;
    look(&k, "");
    k.click("staff-exit").await;
    look(&k, "");
    assert!(matches!(staff(&k).page, Page::Events(_)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_staff_page_fits_landscape_and_portrait() {
    for size in [LANDSCAPE, PORTRAIT] {
        visit_every_staff_page(size, "en", |k, name| {
            // For a human look: KIOSK_SNAPSHOT_PNG=dir writes each page there (before the
            // check, so a page that fails can be seen).
            if let Some(dir) = std::env::var_os("KIOSK_SNAPSHOT_PNG") {
                let mut ui = k.simulator();
                if let Ok(shot) = ui.snapshot(&k.app.theme()) {
                    let file = format!("{name}-{}x{}", size.width, size.height);
                    let _ = shot.matches_image(std::path::Path::new(&dir).join(file));
                }
            }
            crate::ui::tests::assert_controls_fit(k, name);
        })
        .await;
    }
}

/// Issue 15: the guest screens' squeeze check on every staff page and dialog, in every kiosk
/// language and both orientations (staff mode has no larger-text switch: it opens with the
/// standard size whatever the last guest chose). The controls must fit in each language too:
/// Portuguese pushed Refresh off the landscape health page.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_staff_text_is_squeezed_into_a_narrow_column_in_any_language_or_orientation() {
    for size in [LANDSCAPE, PORTRAIT] {
        for lang in crate::config::SUPPORTED_LANGUAGES {
            visit_every_staff_page(size, lang, |k, name| {
                assert_no_squeezed_text(k, name);
                crate::ui::tests::assert_controls_fit(k, name);
            })
            .await;
        }
    }
}

impl Site {
    /// Pauses `prefixes` for an hour straight in the store, as if pumped (only for the
    /// layout check: the pause by real sends is [`Real::pump_the_range`]).
    fn pause_prefixes(&self, prefixes: &[&str]) {
        use crate::otp::limits::{self, Scope};
        let store = crate::store::Store::open(&self.config.store.path).unwrap();
        let now_ms = crate::clock::millis(crate::clock::Clock::now(self.clock.as_ref()));
        for p in prefixes {
            limits::cooldown_trip(
                store.conn(),
                Scope::PrefixPause,
                p,
                now_ms,
                Duration::from_secs(86_400),
                |_| Duration::from_secs(3600),
            )
            .unwrap();
        }
    }
}
