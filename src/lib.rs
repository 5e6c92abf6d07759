//! lobby-kiosk: a touch-first hotel check-in kiosk. Everything testable lives in this library;
//! only `ui` depends on iced.

pub mod clock;
pub mod config;
pub mod gateway;
pub mod names;
pub mod phone;
pub mod pin;
pub mod store;
