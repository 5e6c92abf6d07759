//! Shared test helpers: a real Kannel, loopback provider servers, gateway configs.
#![allow(dead_code)]

pub mod kannel;
pub mod servers;
