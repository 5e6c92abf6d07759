//! The touch GUI (iced 0.14, tiny-skia): the only module that imports iced. The app
//! ([`app::Kiosk`]) holds the domain's services and is the only part that calls them; screens
//! turn input into intents and draw what the domain answered.

pub mod app;
pub mod focus;
pub mod i18n;
pub mod key;
pub mod screen;
pub mod theme;
pub mod widget;

#[cfg(test)]
mod tests;

pub use app::{Boot, Kiosk, Settings, application};

/// The window could not be opened or the event loop failed.
#[derive(Debug, thiserror::Error)]
#[error(
    "the kiosk window failed: {0}; check the display (DISPLAY/WAYLAND_DISPLAY) and graphics libraries"
)]
pub struct UiError(String);

/// Opens the kiosk window and runs until the app exits (never, in kiosk mode).
pub fn run(boot: Boot) -> Result<(), UiError> {
    application(boot).run().map_err(|e| UiError(e.to_string()))
}
