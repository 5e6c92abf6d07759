//! Guest journeys driven through the real app with `iced_test`'s simulator: clicks by widget id,
//! key presses as the keyboard subscription delivers them, and every backend future awaited and
//! its reply fed back into `update` (the simulator alone runs no Tasks). Plus snapshot hashes of
//! every screen in English, Japanese and French. Every journey runs on the real domain in
//! `domain_journeys` (temporary SQLite, manual clock, outbox or loopback gateways); this file
//! holds the driver and what needs no domain at all (maintenance mode, window settings).

use iced::Size;
use iced::widget::Id;
use iced_test::Simulator;

use super::app::{Boot, KeyPress, Kiosk, Message, Screen, Settings};
use super::theme;

mod domain_journeys;

/// The demo hotel's settings: the fallback's, with its name, scanner prefix and date order.
fn settings() -> Settings {
    Settings {
        property: "Hotel Demo".to_owned(),
        scanner_prefix: Some("CONF:".to_owned()),
        date_of_birth_order: crate::otp::second_factor::DateOrder::Dmy,
        ..Settings::fallback(false)
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

    /// A press on `id`: like the real window, a pointer event (which keeps the session alive)
    /// and then what the control sends.
    async fn click(&mut self, id: &str) {
        let messages = self.clicked(id);
        self.send(Message::Pointer).await;
        for m in messages {
            self.send(m).await;
        }
    }

    /// A second passes: every clock the app subscribes to now fires once (the screen's own,
    /// then the app's idle check).
    async fn tick(&mut self) {
        use super::screen::{enter_code, sending, staff, success};
        let own = match &self.app.screen {
            Screen::EnterCode(_) => Some(Message::EnterCode(enter_code::Message::Tick)),
            Screen::Success(_) => Some(Message::Success(success::Message::Tick)),
            Screen::Staff(_) => Some(Message::Staff(staff::Message::Tick)),
            Screen::Sending(s) if !s.failed || s.retry_in().is_some() => {
                Some(Message::Sending(sending::Message::Tick))
            }
            _ => None,
        };
        if let Some(m) = own {
            self.send(m).await;
        }
        self.send(Message::Tick).await;
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

    /// Welcome → Find by last and first name, typed on the physical keyboard.
    async fn find_by_name(&mut self, purpose_id: &str, last_name: &str, first_name: &str) {
        self.click(purpose_id).await;
        self.click("mode-name").await;
        self.type_text(last_name).await;
        self.key(KeyPress::Enter).await;
        self.type_text(first_name).await;
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
    let j = Driver::new(app);
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
    // Issue 15: WM_CLASS was empty, so window rules and `xdotool search --class` found nothing.
    assert_eq!(window.platform_specific.application_id, "lobby-kiosk");
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
