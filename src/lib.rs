//! lobby-kiosk: a touch-first hotel check-in kiosk. Everything testable lives in this library;
//! only `ui` depends on iced.

pub mod checkin;
pub mod clock;
pub mod config;
pub mod lookup;
pub mod names;
pub mod otp;
pub mod phone;
pub mod pin;
pub mod staff;
pub mod store;
