//! lobby-kiosk: a touch-first hotel check-in kiosk. Everything testable lives in this library;
//! only `ui` depends on iced.

pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod import;
pub mod logging;
pub mod names;
pub mod phone;
pub mod pin;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
