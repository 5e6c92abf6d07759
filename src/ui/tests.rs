//! Guest journeys driven through the real app with `iced_test`'s simulator: clicks by widget id,
//! key presses as the keyboard subscription delivers them, and every backend future awaited and
//! its reply fed back into `update` (the simulator alone runs no Tasks). Plus snapshot hashes of
//! every screen in English, Japanese and French. The guest journeys run on the real domain in
//! `domain_journeys`; the rest here (edge screens, input, snapshots) run on the in-memory fake.

use std::sync::Arc;
use std::time::Duration;

use iced::Size;
use iced::widget::Id;
use iced_test::Simulator;

use super::app::{Boot, KeyPress, Kiosk, Message, Screen, Settings};
use super::backend::fake::{FakeBackend, FakeSettings};
use super::backend::{Backend, Purpose};
use super::focus::Nav;
use super::theme;
use crate::config::{Branding, SecondFactor};

mod domain_journeys;

fn settings() -> Settings {
    Settings {
        property: "Hotel Demo".to_owned(),
        languages: crate::config::SUPPORTED_LANGUAGES
            .iter()
            .map(|l| (*l).to_owned())
            .collect(),
        default_language: "en".to_owned(),
        idle_timeout: Duration::from_secs(60),
        idle_warning: Duration::from_secs(10),
        success_reset: Duration::from_secs(30),
        fullscreen: false,
        scanner_prefix: Some("CONF:".to_owned()),
        branding: Branding::default(),
        staff_taps: 5,
        staff_taps_window: Duration::from_secs(3),
        date_of_birth_order: crate::otp::second_factor::DateOrder::Dmy,
    }
}

/// The font system is process-wide: our fonts go into it once, as `kiosk run` loads them.
fn load_fonts() {
    theme::load_fonts();
}

/// Drives one app through the simulator, whatever backend it runs on.
struct Driver {
    app: Kiosk,
    size: Size,
}

impl Driver {
    fn new(app: Kiosk) -> Self {
        Self {
            app,
            size: Size::new(1280.0, 800.0),
        }
    }

    fn simulator(&self) -> Simulator<'_, Message> {
        load_fonts();
        let settings = iced::Settings {
            default_font: theme::DEFAULT_FONT,
            ..iced::Settings::default()
        };
        Simulator::with_size(settings, self.size, self.app.view())
    }

    /// Runs `message` and every reply its futures produce, to completion.
    async fn send(&mut self, message: Message) {
        let mut queue = vec![message];
        while let Some(m) = queue.pop() {
            if let Some(f) = self.app.update(m).into_future() {
                queue.push(f.await);
            }
        }
    }

    /// The messages a click on `id` produces, not yet processed.
    fn clicked(&self, id: &str) -> Vec<Message> {
        let mut ui = self.simulator();
        if let Err(e) = ui.click(Id::from(id.to_owned())) {
            panic!("cannot click {id} on {}: {e}", self.app.screen.name());
        }
        ui.into_messages().collect()
    }

    async fn click(&mut self, id: &str) {
        for m in self.clicked(id) {
            self.send(m).await;
        }
    }

    async fn key(&mut self, key: KeyPress) {
        self.send(Message::Key(key)).await;
    }

    /// Types like a physical keyboard: one key event per character.
    async fn type_text(&mut self, text: &str) {
        for c in text.chars() {
            let key = if c == ' ' {
                KeyPress::Space
            } else {
                KeyPress::Text(c.to_string())
            };
            self.key(key).await;
        }
    }

    fn sees(&self, text: &str) -> bool {
        self.simulator().find(text).is_ok()
    }

    fn sees_id(&self, id: &str) -> bool {
        self.simulator().find(Id::from(id.to_owned())).is_ok()
    }

    fn screen(&self) -> &'static str {
        self.app.screen.name()
    }

    /// Welcome → Find by confirmation number and surname, typed on the physical keyboard.
    async fn find(&mut self, purpose_id: &str, confirmation: &str, last_name: &str) {
        self.click(purpose_id).await;
        assert_eq!(self.screen(), "find");
        self.type_text(confirmation).await;
        self.key(KeyPress::Enter).await;
        self.type_text(last_name).await;
        self.key(KeyPress::Enter).await;
    }

    /// Find → code on screen.
    async fn reach_code(&mut self, confirmation: &str, last_name: &str) {
        self.find("start-check-in", confirmation, last_name).await;
        assert_eq!(self.screen(), "confirm_phone");
        self.click("send-code").await;
        assert_eq!(self.screen(), "enter_code");
    }

    /// Enters `code` on the on-screen keypad (by key id: the display shows digits too) and OK.
    async fn keypad(&mut self, code: &str) {
        for d in code.chars() {
            self.click(&format!("kp-{d}")).await;
        }
        self.click("kp-ok").await;
    }
}

/// A kiosk on the in-memory fake backend.
struct Journey {
    ui: Driver,
    fake: FakeBackend,
}

impl std::ops::Deref for Journey {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        &self.ui
    }
}

impl std::ops::DerefMut for Journey {
    fn deref_mut(&mut self) -> &mut Driver {
        &mut self.ui
    }
}

impl Journey {
    fn new() -> Self {
        Self::with(FakeSettings::default())
    }

    fn with(fake_settings: FakeSettings) -> Self {
        Self::on(FakeBackend::new(fake_settings))
    }

    /// A kiosk over an existing backend (a "restart" shares the fake's state like a store file).
    fn on(fake: FakeBackend) -> Self {
        let backend: Arc<dyn Backend> = Arc::new(fake.clone());
        Self {
            ui: Driver::new(Kiosk::new(Boot::Ready {
                backend,
                settings: settings(),
            })),
            fake,
        }
    }

    async fn tick_after(&mut self, secs: u64) {
        self.fake.advance(Duration::from_secs(secs));
        self.send(Message::Tick).await;
    }
}

#[tokio::test]
async fn confirm_my_booking_for_a_future_arrival() {
    let mut j = Journey::new();
    // Checking in days early is refused with the date...
    j.find("start-check-in", "LK4846", "Larsen").await;
    assert_eq!(j.screen(), "find");
    assert!(j.sees(
        "This booking starts on 28 November 2026, when check-in opens. You can confirm the booking now."
    ));
    j.click("nav-back").await;
    // ...confirming is fine.
    j.find("start-confirm", "LK4846", "Larsen").await;
    j.click("send-code").await;
    let code = j.fake.last_code().unwrap();
    assert_eq!(j.fake.outbox()[0].purpose, Purpose::ConfirmBooking);
    j.keypad(&code).await;
    assert!(j.sees("Thank you, Freja"));
    assert!(j.fake.is_confirmed("LK4846") && !j.fake.is_checked_in("LK4846"));
}

#[tokio::test]
async fn on_screen_keyboard_types_accents_and_submits() {
    let mut j = Journey::new();
    j.click("start-check-in").await;
    for c in "LK4835".chars() {
        if c.is_ascii_digit() {
            j.click("kb-layout-a").await; // digits
            j.click(&super::widget::keyboard::key_id(c)).await;
            j.click("kb-layout-a").await; // letters
        } else {
            j.click(&super::widget::keyboard::key_id(c)).await;
        }
    }
    j.click("field-1").await;
    for c in "MU".chars() {
        j.click(&super::widget::keyboard::key_id(c)).await;
    }
    j.click("kb-delete").await;
    j.click("kb-layout-b").await; // accents
    j.click(&super::widget::keyboard::key_id('Ü')).await;
    j.click("kb-layout-b").await; // back to letters
    for c in "LLER".chars() {
        j.click(&super::widget::keyboard::key_id(c)).await;
    }
    let Screen::Find(f) = &j.app.screen else {
        panic!("on find")
    };
    assert_eq!(f.fields, ["LK4835".to_owned(), "MÜLLER".to_owned()]);
    j.click("kb-submit").await;
    assert_eq!(j.screen(), "confirm_phone");
    assert!(j.sees("Hello, Jonas"));
}

#[tokio::test]
async fn an_untouched_welcome_has_no_timer_but_a_chosen_language_resets() {
    let mut j = Journey::new();
    assert!(!j.app.idle_applies(), "zero idle work on Welcome");
    j.click("lang-fr").await;
    assert!(j.app.idle_applies());
    j.tick_after(70).await;
    j.tick_after(10).await;
    assert_eq!(j.app.lang, "en");
}

/// The real-domain journey covers the 10 s gateway in real time; this one (paused time) adds
/// Cancel during a slow send and the late reply being dropped.
#[tokio::test(start_paused = true)]
async fn a_slow_send_keeps_the_ui_responsive_and_can_be_cancelled() {
    let mut j = Journey::with(FakeSettings {
        gateway_delay: Duration::from_secs(10),
        ..FakeSettings::default()
    });
    j.find("start-check-in", "LK4821", "García López").await;
    // Press Send, but run the send on the runtime instead of awaiting it here.
    let messages: Vec<Message> = {
        let mut ui = j.simulator();
        ui.click(Id::new("send-code")).unwrap();
        ui.into_messages().collect()
    };
    let mut sends = Vec::new();
    for m in messages {
        if let Some(f) = j.app.update(m).into_future() {
            sends.push(tokio::spawn(f));
        }
    }
    assert_eq!(sends.len(), 1);
    assert_eq!(j.screen(), "sending");
    // While the SMS is on its way: the screen animates, keys and taps work, idle is paused.
    for _ in 0..20 {
        j.fake.advance(Duration::from_secs(6));
        j.send(Message::Tick).await;
        tokio::time::advance(Duration::from_millis(400)).await;
    }
    assert!(j.app.idle.is_none(), "no idle prompt during a send");
    assert!(j.sees("Sending your code…"));
    j.send(Message::AssistancePressed).await;
    assert!(j.sees("We're here to help"));
    j.key(KeyPress::Escape).await;
    assert!(j.app.assistance.is_none());
    let reply = sends.pop().unwrap().await.unwrap();
    j.send(reply).await;
    assert_eq!(j.screen(), "enter_code");

    // Cancel: the late reply is dropped and the guest stays where they went.
    j.click("nav-back").await;
    j.find("start-check-in", "LK4821", "García López").await;
    let messages: Vec<Message> = {
        let mut ui = j.simulator();
        ui.click(Id::new("send-code")).unwrap();
        ui.into_messages().collect()
    };
    let late = j
        .app
        .update(messages.into_iter().next().unwrap())
        .into_future()
        .unwrap();
    let late = tokio::spawn(late);
    j.click("cancel").await;
    assert_eq!(j.screen(), "confirm_phone");
    let reply = late.await.unwrap();
    j.send(reply).await;
    assert_eq!(j.screen(), "confirm_phone", "late reply ignored");
}

#[tokio::test]
async fn a_failed_send_offers_retry_and_the_desk() {
    let mut j = Journey::with(FakeSettings {
        gateway_fails: true,
        ..FakeSettings::default()
    });
    j.find("start-check-in", "LK4821", "García López").await;
    j.click("send-code").await;
    assert_eq!(j.screen(), "sending");
    assert!(j.sees("We couldn't send the code"));
    assert!(j.sees("Please see the front desk — our team will be glad to help."));
    j.fake.set(|s| s.gateway_fails = false);
    j.click("retry").await;
    assert_eq!(j.screen(), "enter_code");
}

#[tokio::test]
async fn second_factor_when_configured() {
    let mut j = Journey::with(FakeSettings {
        second_factor: SecondFactor::CardLast4,
        ..FakeSettings::default()
    });
    j.reach_code("LK4821", "García López").await;
    let code = j.fake.last_code().unwrap();
    j.keypad(&code).await;
    assert_eq!(j.screen(), "second_factor");
    assert!(j.sees("Last 4 digits of the card you booked with"));
    j.keypad("1111").await;
    assert!(j.sees("That doesn't match. Please try again."));
    j.type_text("4242").await;
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "success");
}

#[tokio::test]
async fn assistance_is_on_every_guest_screen_and_journaled() {
    let mut j = Journey::new();
    let mut seen = Vec::new();
    for step in 0..4 {
        assert!(j.sees_id("assistance"), "on {}", j.screen());
        j.click("assistance").await;
        assert!(j.sees("You'll find our team at the front desk in the lobby."));
        assert!(
            !j.sees("We've let the front desk know."),
            "sync off: nobody told"
        );
        j.click("assist-close").await;
        seen.push(j.screen());
        match step {
            0 => j.click("start-check-in").await,
            1 => {
                j.type_text("LK4821").await;
                j.key(KeyPress::Enter).await;
                j.type_text("Garcia Lopez").await;
                j.key(KeyPress::Enter).await;
            }
            2 => j.click("send-code").await,
            _ => {}
        }
    }
    assert_eq!(j.fake.assistance_requests(), seen);
    assert_eq!(seen, ["welcome", "find", "confirm_phone", "enter_code"]);
    j.fake.set(|s| s.sync_on = true);
    j.click("assistance").await;
    assert!(j.sees("We've let the front desk know."));
}

#[tokio::test]
async fn a_whole_check_in_by_keyboard_alone() {
    let mut j = Journey::new();
    // Tab reveals the ring on the first control (Check in); Enter activates it.
    j.key(KeyPress::Tab { shift: false }).await;
    assert_eq!(j.app.focus.current(), Some("start-check-in"));
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "find");
    j.type_text("LK4821").await;
    j.key(KeyPress::Enter).await;
    j.type_text("García López").await;
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "confirm_phone");
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "enter_code");
    let code = j.fake.last_code().unwrap();
    j.type_text(&code).await;
    j.key(KeyPress::Backspace).await;
    j.type_text(&code[5..]).await;
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "success");
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "welcome");
}

#[tokio::test]
async fn arrows_and_escape_move_through_a_screen() {
    let mut j = Journey::new();
    j.click("start-check-in").await;
    j.key(KeyPress::Arrow(Nav::Down)).await; // reveal: field-0 (typing position)
    assert_eq!(j.app.focus.current(), Some("field-0"));
    j.key(KeyPress::Arrow(Nav::Down)).await;
    assert_eq!(
        j.app.focus.current(),
        Some(super::widget::keyboard::key_id('Q').as_str())
    );
    j.key(KeyPress::Arrow(Nav::Right)).await;
    j.key(KeyPress::Enter).await;
    let Screen::Find(f) = &j.app.screen else {
        panic!()
    };
    assert_eq!(f.fields[0], "W");
    j.key(KeyPress::Escape).await;
    assert_eq!(j.screen(), "welcome");
}

// ---- Snapshots -------------------------------------------------------------------------

/// Compares a snapshot with its committed hash. iced_test writes a missing baseline and passes;
/// under CI a missing baseline fails instead, so a forgotten `.sha256` cannot go green.
fn assert_snapshot(j: &Journey, name: &str) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots");
    let mut ui = j.simulator();
    let snapshot = ui
        .snapshot(&j.app.theme())
        .unwrap_or_else(|e| panic!("snapshot {name}: {e}"));
    // For a human look: KIOSK_SNAPSHOT_PNG=dir writes PNGs there (never into the repo).
    if let Some(out) = std::env::var_os("KIOSK_SNAPSHOT_PNG") {
        let _ = snapshot.matches_image(std::path::Path::new(&out).join(name));
    }
    let baseline = dir.join(format!("{name}-tiny-skia.sha256"));
    assert!(
        baseline.exists() || std::env::var_os("CI").is_none(),
        "missing snapshot baseline {}: run the tests locally (without CI set), review the \
         screen and commit the .sha256",
        baseline.display()
    );
    let matches = snapshot
        .matches_hash(dir.join(name))
        .unwrap_or_else(|e| panic!("snapshot {name}: {e}"));
    assert!(
        matches,
        "{name} changed: review it (KIOSK_SNAPSHOT_PNG=/tmp/shots) and delete the old hash if \
         the change is intended"
    );
}

/// How a guest set up the Welcome screen: language, larger text, and the screen's size.
#[derive(Clone, Copy)]
struct Prefs<'a> {
    lang: &'a str,
    larger: bool,
    size: Size,
}

impl Prefs<'_> {
    async fn apply(&self, j: &mut Journey) {
        j.size = self.size;
        j.app.set_physical_size(self.size);
        if self.lang != "en" {
            j.click(&format!("lang-{}", self.lang)).await;
        }
        if self.larger {
            j.click("larger-text").await;
        }
    }
}

/// Every screen, reached the way a guest reaches it, with `prefs`; `visit` sees each one.
async fn visit_every_screen(prefs: Prefs<'_>, mut visit: impl FnMut(&Journey, &str)) {
    let lang = prefs.lang;
    let mut j = Journey::new();
    prefs.apply(&mut j).await;
    visit(&j, &format!("welcome-{lang}"));

    j.click("start-check-in").await;
    j.type_text("LK4821").await;
    j.key(KeyPress::Enter).await;
    j.type_text("García L").await;
    visit(&j, &format!("find-{lang}"));
    j.type_text("ópez").await;
    j.key(KeyPress::Enter).await;
    visit(&j, &format!("confirm_phone-{lang}"));

    j.app.screen = Screen::Sending(super::screen::sending::Sending::default());
    visit(&j, &format!("sending-{lang}"));
    j.app.screen = Screen::Sending(super::screen::sending::Sending {
        failed: true,
        phase: 0,
    });
    visit(&j, &format!("sending_failed-{lang}"));
    j.click("retry").await;
    j.keypad("000000").await;
    visit(&j, &format!("enter_code-{lang}"));

    j.send(Message::AssistancePressed).await;
    visit(&j, &format!("assistance-{lang}"));
    j.key(KeyPress::Escape).await;

    j.tick_after(60).await;
    visit(&j, &format!("idle-{lang}"));
    j.key(KeyPress::Escape).await;

    let code = j.fake.last_code().unwrap();
    j.type_text(&code).await;
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "success");
    visit(&j, &format!("success-{lang}"));
    j.click("done").await;

    prefs.apply(&mut j).await;
    j.reach_code("LK4835", "Müller").await;
    let code = j.fake.last_code().unwrap();
    j.type_text(&code).await;
    j.key(KeyPress::Enter).await;
    visit(&j, &format!("success_pending-{lang}"));
    j.click("done").await;

    prefs.apply(&mut j).await;
    j.find("start-check-in", "LK4837", "Dubois").await;
    visit(&j, &format!("desk-{lang}"));

    // Check in pressed by a guest already in the house: why not, and the button to My stay.
    let mut w = Journey::new();
    prefs.apply(&mut w).await;
    w.find("start-check-in", "LK4843", "Kowalski").await;
    assert_eq!(w.screen(), "find");
    visit(&w, &format!("find_checked_in-{lang}"));

    let mut s = Journey::with(FakeSettings {
        second_factor: SecondFactor::DateOfBirth,
        ..FakeSettings::default()
    });
    prefs.apply(&mut s).await;
    s.reach_code("LK4821", "García López").await;
    let code = s.fake.last_code().unwrap();
    s.type_text(&code).await;
    s.key(KeyPress::Enter).await;
    s.type_text("0101").await;
    visit(&s, &format!("second_factor-{lang}"));

    let mut m = Journey::new();
    m.app = Kiosk::new(Boot::Maintenance {
        error: "/etc/lobby-kiosk/kiosk.toml:12:9: otp.length must be between 6 and 10 (found 4)"
            .to_owned(),
        settings: settings(),
    });
    m.app.lang = lang.to_owned();
    m.size = prefs.size;
    m.app.set_physical_size(prefs.size);
    visit(&m, &format!("maintenance-{lang}"));
}

const LANDSCAPE: Size = Size::new(1280.0, 800.0);
const PORTRAIT: Size = Size::new(1080.0, 1920.0);

async fn snapshot_all(lang: &str) {
    let prefs = Prefs {
        lang,
        larger: false,
        size: LANDSCAPE,
    };
    visit_every_screen(prefs, assert_snapshot).await;
}

/// Every control keyboard users can reach is on screen (nothing essential below the fold) and
/// at least a 64 px touch target.
fn assert_controls_fit(d: &Driver, name: &str) {
    let mut ui = d.simulator();
    let screen = iced::Rectangle::new(iced::Point::ORIGIN, d.size);
    let items = d.app.focusables();
    assert!(
        !items.is_empty() || name.starts_with("maintenance"),
        "{name}: no controls"
    );
    for f in items {
        let bounds = ui
            .find(Id::from(f.id.clone()))
            .unwrap_or_else(|e| panic!("{name}: control {} is not drawn: {e}", f.id))
            .bounds();
        assert!(
            screen.contains(bounds.position())
                && bounds.x + bounds.width <= screen.width + 0.5
                && bounds.y + bounds.height <= screen.height + 0.5,
            "{name} at {}x{}: {} at {bounds:?} is off screen",
            d.size.width,
            d.size.height,
            f.id
        );
        assert!(
            bounds.width >= 64.0 && bounds.height >= 64.0,
            "{name}: {} is {}x{} px, under the 64 px touch target",
            f.id,
            bounds.width,
            bounds.height
        );
    }
}

#[tokio::test]
async fn every_guest_control_fits_landscape_and_portrait_with_either_text_size() {
    for size in [LANDSCAPE, PORTRAIT] {
        for larger in [false, true] {
            for lang in ["en", "de", "ja"] {
                let prefs = Prefs { lang, larger, size };
                let larger = if larger { " larger" } else { "" };
                visit_every_screen(prefs, |j, name| {
                    assert_controls_fit(j, &format!("{name}{larger}"));
                })
                .await;
            }
        }
    }
}

#[tokio::test]
async fn larger_text_grows_the_type_and_a_reset_brings_the_standard_back() {
    let mut j = Journey::new();
    j.click("larger-text").await;
    assert!(j.sees("Standard text"));
    assert!(
        j.app.idle_applies(),
        "a changed Welcome times out like a language choice"
    );
    j.tick_after(60).await;
    j.tick_after(10).await;
    assert!(
        j.sees("Larger text"),
        "the next guest gets the standard size"
    );
}

#[tokio::test]
async fn snapshots_en() {
    snapshot_all("en").await;
}

#[tokio::test]
async fn snapshots_ja() {
    snapshot_all("ja").await;
}

/// French: the narrow no-break spaces before : ; ? ! and the longer phrases.
#[tokio::test]
async fn snapshots_fr() {
    snapshot_all("fr").await;
}

#[tokio::test]
async fn portrait_layout_renders_every_key_on_screen() {
    let mut j = Journey::new();
    j.size = Size::new(1080.0, 1920.0);
    j.app.set_physical_size(Size::new(1080.0, 1920.0));
    j.click("start-check-in").await;
    assert!(j.sees_id("kb-submit"));
    j.type_text("LK4821").await;
    j.key(KeyPress::Enter).await;
    j.type_text("García López").await;
    j.click("kb-submit").await;
    j.click("send-code").await;
    j.click("kp-ok").await; // visible and reachable
    assert_snapshot(&j, "enter_code-portrait-en");
}

#[test]
fn maintenance_mode_shows_the_error_and_ignores_guest_input() {
    let mut app = Kiosk::new(Boot::Maintenance {
        error: "kiosk.toml: cannot read the configuration file (No such file)".to_owned(),
        settings: settings(),
    });
    assert_eq!(app.screen.name(), "maintenance");
    assert!(
        app.update(Message::AssistancePressed)
            .into_future()
            .is_none()
    );
    let j = Journey {
        ui: Driver::new(app),
        fake: FakeBackend::default(),
    };
    assert!(j.sees("kiosk.toml: cannot read the configuration file (No such file)"));
    assert!(j.sees("This kiosk is taking a short break"));
    assert!(!j.sees_id("assistance"));
}

#[test]
fn kiosk_mode_is_fullscreen_undecorated_and_ignores_close_requests() {
    use iced::Program;
    let boot = |fullscreen: bool| Boot::Maintenance {
        error: String::new(),
        settings: Settings {
            fullscreen,
            ..settings()
        },
    };
    let kiosk = super::application(boot(true));
    let window = Program::window(&kiosk).unwrap();
    assert!(window.fullscreen && !window.decorations && !window.exit_on_close_request);
    assert!(matches!(
        window.position,
        iced::window::Position::Specific(p) if p == iced::Point::ORIGIN
    ));
    // Every bundled font is in iced's font system, not copied (`.font(..)` would copy each
    // file), and Noto Sans is the default (iced 0.14 bundles none).
    let s = Program::settings(&kiosk);
    assert!(
        s.fonts.is_empty(),
        "loaded by theme::load_fonts, without a copy"
    );
    assert_eq!(s.default_font, theme::DEFAULT_FONT);
    let mut system = iced_test::renderer::graphics::text::font_system()
        .write()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let ours: Vec<&[u8]> = system
        .raw()
        .db()
        .faces()
        .filter_map(|face| match &face.source {
            iced_graphics::text::cosmic_text::fontdb::Source::Binary(data) => {
                let bytes: &[u8] = (**data).as_ref();
                theme::fonts::ALL
                    .iter()
                    .find(|f| std::ptr::eq(f.as_ptr(), bytes.as_ptr()))
                    .copied()
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        ours.len(),
        theme::fonts::ALL.len(),
        "each bundled font, once, in place"
    );
    drop(system);

    let dev = Program::window(&super::application(boot(false))).unwrap();
    assert!(!dev.fullscreen && dev.decorations && dev.exit_on_close_request);
}

#[test]
fn the_window_paints_before_the_store_is_ready_then_shows_welcome() {
    // The first frame needs no store: `kiosk run` hands the slow start-up to a thread.
    let (_tx, rx) = tokio::sync::oneshot::channel::<Boot>();
    let mut app = Kiosk::new(Boot::Starting {
        settings: settings(),
        ready: Arc::new(std::sync::Mutex::new(Some(rx))),
    });
    assert!(matches!(app.screen, Screen::Starting));
    assert!(!app.idle_applies());
    let backend: Arc<dyn Backend> = Arc::new(FakeBackend::default());
    let ready = Boot::Ready {
        backend,
        settings: settings(),
    };
    let _ = app.update(Message::Started(super::app::Started::new(ready)));
    assert!(
        matches!(app.screen, Screen::Welcome(_)),
        "{}",
        app.screen.name()
    );
    let failed = Boot::Maintenance {
        error: "disk on fire".to_owned(),
        settings: settings(),
    };
    let mut app = Kiosk::new(Boot::Starting {
        settings: settings(),
        ready: Arc::new(std::sync::Mutex::new(None)),
    });
    let _ = app.update(Message::Started(super::app::Started::new(failed)));
    assert!(matches!(app.screen, Screen::Maintenance(_)));
}

#[tokio::test]
async fn enter_after_typing_submits_even_when_the_ring_was_on_a_key() {
    let mut j = Journey::new();
    j.reach_code("LK4821", "García López").await;
    j.key(KeyPress::Tab { shift: false }).await;
    j.key(KeyPress::Tab { shift: false }).await;
    j.key(KeyPress::Tab { shift: false }).await;
    assert!(j.app.focus.current().is_some_and(|id| id != "kp-ok"));
    let code = j.fake.last_code().unwrap();
    j.type_text(&code).await;
    assert_eq!(
        j.app.focus.current(),
        Some("kp-ok"),
        "typing moves the ring to OK"
    );
    j.key(KeyPress::Enter).await;
    assert_eq!(j.screen(), "success");
}
