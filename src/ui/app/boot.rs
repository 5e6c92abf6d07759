//! How the app starts: what it reads from kiosk.toml, the boot states, the first frame, and
//! the iced program with its window settings.

use std::sync::Arc;
use std::time::Duration;

use iced::{Size, Task, window};

use crate::config::{Branding, Config};
use crate::journey::Journey;
use crate::ui::theme::{self};

use super::*;

/// What the UI needs from kiosk.toml; `fallback` when the config itself is what failed.
#[derive(Debug, Clone)]
pub struct Settings {
    pub property: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub idle_timeout: Duration,
    pub idle_warning: Duration,
    pub success_reset: Duration,
    pub fullscreen: bool,
    pub scanner_prefix: Option<String>,
    pub branding: Branding,
    /// Logo taps that open staff mode (0: only Ctrl+Alt+S), within `staff_taps_window`.
    pub staff_taps: u32,
    pub staff_taps_window: Duration,
    /// How a date of birth is typed (`[otp] date_of_birth_order`).
    pub date_of_birth_order: crate::otp::second_factor::DateOrder,
}

impl Settings {
    pub fn from_config(config: &Config) -> Self {
        Self {
            property: config.kiosk.property.clone(),
            languages: config.kiosk.languages.clone(),
            default_language: config.kiosk.default_language.clone(),
            idle_timeout: config.kiosk.idle_timeout,
            idle_warning: config.kiosk.idle_warning,
            success_reset: config.success.reset_after,
            fullscreen: config.kiosk.fullscreen,
            scanner_prefix: config.lookup.scanner_prefix.clone(),
            branding: config.branding.clone(),
            staff_taps: config.kiosk.staff_taps,
            staff_taps_window: config.kiosk.staff_taps_window,
            date_of_birth_order: config.otp.date_of_birth_order,
        }
    }

    /// Defaults for the maintenance screen when no config could be read.
    pub fn fallback(fullscreen: bool) -> Self {
        Self {
            property: String::new(),
            languages: crate::config::SUPPORTED_LANGUAGES
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
            default_language: "en".to_owned(),
            idle_timeout: Duration::from_secs(60),
            idle_warning: Duration::from_secs(10),
            success_reset: Duration::from_secs(30),
            fullscreen,
            scanner_prefix: None,
            branding: Branding::default(),
            staff_taps: 5,
            staff_taps_window: Duration::from_secs(3),
            date_of_birth_order: crate::otp::second_factor::DateOrder::default(),
        }
    }
}

/// How the app starts: serving guests, or showing IT what is broken.
#[derive(Clone)]
pub enum Boot {
    Ready {
        journey: Journey,
        settings: Settings,
    },
    Maintenance {
        error: String,
        settings: Settings,
    },
    /// The window paints at once while the store and the journey come up on another thread;
    /// `ready` yields the real boot (Ready or Maintenance).
    Starting {
        settings: Settings,
        ready: Arc<std::sync::Mutex<Option<tokio::sync::oneshot::Receiver<Boot>>>>,
    },
}

impl Boot {
    pub fn settings(&self) -> &Settings {
        match self {
            Boot::Ready { settings, .. }
            | Boot::Maintenance { settings, .. }
            | Boot::Starting { settings, .. } => settings,
        }
    }
}

/// The finished boot, carried by a message (iced messages must be `Clone + Debug`).
#[derive(Clone)]
pub struct Started(Arc<std::sync::Mutex<Option<Boot>>>);

impl Started {
    pub fn new(boot: Boot) -> Self {
        Self(Arc::new(std::sync::Mutex::new(Some(boot))))
    }
}

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Started(..)")
    }
}

impl Kiosk {
    pub(super) fn window_message(&mut self, message: Message) -> Effect {
        match message {
            Message::WindowOpened(id, Some(size)) => {
                self.set_physical_size(size);
                Effect::Task(Task::batch([
                    window::move_to(id, iced::Point::ORIGIN),
                    window::resize(id, size),
                ]))
            }
            Message::Resized(logical) => {
                // iced reports logical pixels at the scale we set; undo it.
                let physical = Size::new(logical.width * self.scale, logical.height * self.scale);
                self.set_physical_size(physical);
                Effect::None
            }
            _ => Effect::None,
        }
    }

    /// Start-up work for the real window: size it to the monitor (a bare X server ignores the
    /// fullscreen request).
    pub fn boot(boot: Boot) -> (Self, Task<Message>) {
        let started = match &boot {
            Boot::Starting { ready, settings } => {
                let ready = ready.lock().ok().and_then(|mut r| r.take());
                let settings = settings.clone();
                Task::future(async move {
                    let boot = match ready {
                        Some(rx) => rx.await.unwrap_or_else(|_| Boot::Maintenance {
                            error:
                                "the kiosk's start-up thread ended without a result; see the log"
                                    .to_owned(),
                            settings,
                        }),
                        None => Boot::Maintenance {
                            error: "the kiosk was started twice from one boot".to_owned(),
                            settings,
                        },
                    };
                    Message::Started(Started::new(boot))
                })
            }
            _ => Task::none(),
        };
        let kiosk = Self::new(boot);
        let task = if kiosk.settings.fullscreen {
            window::oldest().and_then(|id| {
                window::monitor_size(id).map(move |size| Message::WindowOpened(id, size))
            })
        } else {
            Task::none()
        };
        (kiosk, Task::batch([task, started]))
    }

    /// Leaves the starting screen for the real boot, keeping the window's size.
    pub(super) fn started(&mut self, started: &Started) -> Effect {
        let Some(boot) = started.0.lock().ok().and_then(|mut b| b.take()) else {
            return Effect::None;
        };
        let physical = self.physical;
        *self = Self::new(boot);
        self.set_physical_size(physical);
        if self.journey.is_some() {
            // Scripts driving a real window wait for this line before they type.
            tracing::info!("kiosk ready for guests");
        }
        Effect::None
    }
}

/// The window's X11 class and Wayland app id.
pub const APP_ID: &str = "lobby-kiosk";

/// The iced program, built the same way for `kiosk run` and for tests that need it.
pub fn application(
    boot: Boot,
) -> iced::Application<impl iced::Program<State = Kiosk, Message = Message, Theme = iced::Theme>> {
    let settings = boot.settings().clone();
    let app = iced::application(
        move || Kiosk::boot(boot.clone()),
        |k: &mut Kiosk, m: Message| k.update(m).into_task(),
        Kiosk::view,
    )
    .title(Kiosk::title)
    .subscription(Kiosk::subscription)
    .theme(Kiosk::theme)
    .scale_factor(|k: &Kiosk| k.scale_factor())
    .default_font(theme::DEFAULT_FONT)
    // Kiosk mode: Alt+F4 and the window manager's close do nothing.
    .exit_on_close_request(!settings.fullscreen)
    .window(window::Settings {
        size: Size::new(1280.0, 800.0),
        fullscreen: settings.fullscreen,
        decorations: !settings.fullscreen,
        resizable: !settings.fullscreen,
        position: if settings.fullscreen {
            window::Position::Specific(iced::Point::ORIGIN)
        } else {
            window::Position::Centered
        },
        exit_on_close_request: !settings.fullscreen,
        // WM_CLASS on X11 (instance and class), the app id on Wayland: what window rules,
        // `xdotool search --class` and kiosk shells (cage, a WM's rules) find the window by.
        platform_specific: window::settings::PlatformSpecific {
            application_id: APP_ID.to_owned(),
            ..window::settings::PlatformSpecific::default()
        },
        ..window::Settings::default()
    });
    theme::load_fonts();
    app
}
