//! Test fixtures for the hub: a scratch PostgreSQL, a hub process, kiosk directories.
#![allow(dead_code)]

pub mod caller;
pub mod desk;
pub mod guest;
pub mod hub;
pub mod kiosk;
pub mod pg;
pub mod webdriver;
