//! lobby-kiosk: a touch-first hotel check-in kiosk. Everything testable lives in this library;
//! only `ui` depends on iced.
// Unit tests may unwrap: a panic there is a failure report (Cargo.toml denies it elsewhere).
#![cfg_attr(test, allow(clippy::unwrap_used, clippy::expect_used))]

pub mod checkin;
pub mod cli;
pub mod clock;
pub mod config;
pub mod demo;
pub mod fonts;
pub mod gateway;
pub mod guest_name;
pub mod health;
pub mod import;
pub mod journey;
pub mod log_throttle;
pub mod logging;
pub mod lookup;
pub mod metrics;
pub mod names;
pub mod net_guard;
pub mod notice;
pub mod otp;
pub mod phone;
pub mod pin;
pub mod staff;
pub mod store;
pub mod sync;
pub mod test_sms;
pub mod tls;
#[cfg(feature = "gui")]
pub mod ui;
pub mod watchdog;
