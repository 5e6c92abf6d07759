//! Integration tests of the verification core on real SQLite files with a manual clock.
#![allow(clippy::unwrap_used, clippy::expect_used)] // a test crate: a panic is a failure report

mod at_rest;
mod brute_force;
mod checkin_flows;
mod common;
mod finished_stays;
mod key_rotation;
mod lock_paths;
mod lookup_rules;
mod otp_rules;
mod properties;
mod pumping;
mod send_counting;
mod staff_rules;
