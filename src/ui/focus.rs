//! Keyboard focus for touch widgets. iced 0.14 lets only text inputs take focus, so the app keeps
//! the focused control itself: each screen lists its controls (id, grid position, the message
//! that activates it), this ring moves through them with Tab/Shift+Tab/arrows and activates
//! with Enter/Space, and the view helpers draw the ring around the control whose id matches.
//! The ring shows only after a key was used; a touch hides it again.

/// One control that can take focus.
#[derive(Debug, Clone)]
pub struct Focusable<M> {
    pub id: String,
    /// Grid position for arrow keys: rows top to bottom, columns left to right.
    pub row: u16,
    pub col: u16,
    pub activate: M,
}

impl<M> Focusable<M> {
    pub fn new(id: impl Into<String>, row: u16, col: u16, activate: M) -> Self {
        Self {
            id: id.into(),
            row,
            col,
            activate,
        }
    }

    pub fn map<N>(self, f: impl Fn(M) -> N) -> Focusable<N> {
        Focusable {
            id: self.id,
            row: self.row,
            col: self.col,
            activate: f(self.activate),
        }
    }
}

/// A movement request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nav {
    Next,
    Prev,
    Up,
    Down,
    Left,
    Right,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FocusRing {
    current: Option<String>,
    visible: bool,
}

impl FocusRing {
    /// Whether the ring should be drawn around `id`.
    pub fn is_focused(&self, id: &str) -> bool {
        self.visible && self.current.as_deref() == Some(id)
    }

    pub fn current(&self) -> Option<&str> {
        self.visible.then_some(self.current.as_deref()).flatten()
    }

    /// A touch or click: keep the position but stop drawing the ring.
    pub fn hide(&mut self) {
        self.visible = false;
    }

    /// A new screen: start again from its first control.
    pub fn reset(&mut self) {
        self.current = None;
        self.visible = false;
    }

    /// Puts the focus on `id` (e.g. the field the guest is typing into).
    pub fn set(&mut self, id: &str) {
        self.current = Some(id.to_owned());
    }

    /// Moves the focus; the first key press only reveals the ring where it is.
    pub fn navigate<M>(&mut self, items: &[Focusable<M>], nav: Nav) {
        if items.is_empty() {
            self.reset();
            return;
        }
        let index = self
            .current
            .as_deref()
            .and_then(|id| items.iter().position(|f| f.id == id));
        let Some(i) = index else {
            self.current = Some(items[0].id.clone());
            self.visible = true;
            return;
        };
        if !self.visible {
            self.visible = true;
            return;
        }
        let next = match nav {
            Nav::Next => (i + 1) % items.len(),
            Nav::Prev => (i + items.len() - 1) % items.len(),
            Nav::Up | Nav::Down | Nav::Left | Nav::Right => {
                spatial(items, i, nav).unwrap_or(match nav {
                    Nav::Left | Nav::Up => (i + items.len() - 1) % items.len(),
                    _ => (i + 1) % items.len(),
                })
            }
        };
        self.current = Some(items[next].id.clone());
    }

    /// The activation message of the focused control, if the ring is showing.
    pub fn activate<M: Clone>(&self, items: &[Focusable<M>]) -> Option<M> {
        let id = self.current()?;
        items
            .iter()
            .find(|f| f.id == id)
            .map(|f| f.activate.clone())
    }
}

/// The nearest control in the direction of `nav` from item `i`.
fn spatial<M>(items: &[Focusable<M>], i: usize, nav: Nav) -> Option<usize> {
    let (r, c) = (i32::from(items[i].row), i32::from(items[i].col));
    items
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .filter_map(|(j, f)| {
            let (dr, dc) = (i32::from(f.row) - r, i32::from(f.col) - c);
            // Primary distance along the direction, then how far off-axis.
            let (along, across) = match nav {
                Nav::Up => (-dr, dc.abs()),
                Nav::Down => (dr, dc.abs()),
                Nav::Left => (-dc, dr.abs()),
                Nav::Right => (dc, dr.abs()),
                Nav::Next | Nav::Prev => return None,
            };
            let in_line = match nav {
                Nav::Left | Nav::Right => dr == 0,
                _ => true,
            };
            (along > 0 && in_line).then_some((along, across, j))
        })
        .min_by_key(|(along, across, _)| (*along, *across))
        .map(|(_, _, j)| j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Vec<Focusable<&'static str>> {
        vec![
            Focusable::new("a", 0, 0, "A"),
            Focusable::new("b", 0, 1, "B"),
            Focusable::new("c", 0, 2, "C"),
            Focusable::new("d", 1, 0, "D"),
            Focusable::new("e", 1, 2, "E"),
            Focusable::new("ok", 2, 1, "OK"),
        ]
    }

    #[test]
    fn first_key_reveals_then_tab_cycles_and_shift_tab_goes_back() {
        let items = grid();
        let mut ring = FocusRing::default();
        assert_eq!(ring.current(), None);
        ring.navigate(&items, Nav::Next);
        assert_eq!(ring.current(), Some("a"));
        assert!(ring.is_focused("a"));
        ring.navigate(&items, Nav::Next);
        assert_eq!(ring.current(), Some("b"));
        ring.navigate(&items, Nav::Prev);
        ring.navigate(&items, Nav::Prev);
        assert_eq!(ring.current(), Some("ok"), "wraps around");
        assert_eq!(ring.activate(&items), Some("OK"));
    }

    #[test]
    fn arrows_move_on_the_grid() {
        let items = grid();
        let mut ring = FocusRing::default();
        ring.navigate(&items, Nav::Down); // reveal on "a"
        ring.navigate(&items, Nav::Down);
        assert_eq!(ring.current(), Some("d"));
        ring.navigate(&items, Nav::Right);
        assert_eq!(ring.current(), Some("e"), "skips the gap in the row");
        ring.navigate(&items, Nav::Down);
        assert_eq!(ring.current(), Some("ok"));
        ring.navigate(&items, Nav::Up);
        assert_eq!(ring.current(), Some("d"), "nearest above (tie → first)");
    }

    #[test]
    fn a_touch_hides_the_ring_and_the_next_key_shows_it_in_place() {
        let items = grid();
        let mut ring = FocusRing::default();
        ring.navigate(&items, Nav::Next);
        ring.navigate(&items, Nav::Next);
        ring.hide();
        assert!(!ring.is_focused("b"));
        assert_eq!(ring.activate(&items), None, "Enter does nothing unseen");
        ring.navigate(&items, Nav::Next);
        assert!(ring.is_focused("b"));
    }
}
