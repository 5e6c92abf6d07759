//! One module per guest screen. Each has its state, a `Message`, an `Action` telling the app
//! what the guest wants (only the app swaps screens and calls the backend), `update`, `view`
//! and `focusables` (the controls keyboard users move through, in the view's grid).

pub mod assistance;
pub mod confirm_phone;
pub mod desk;
pub mod email;
pub mod enter_code;
pub mod find;
pub mod idle;
pub mod maintenance;
pub mod second_factor;
pub mod sending;
pub mod staff;
pub mod success;
pub mod welcome;
