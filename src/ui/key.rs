//! A key press as screens see it: what a hardware or assistive keyboard sent, reduced to what
//! the screens care about. Every screen maps these to its own messages.

use super::focus::Nav;

/// A key pressed at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPress {
    Text(String),
    Enter,
    Space,
    Backspace,
    Tab { shift: bool },
    Arrow(Nav),
    Escape,
}
