//! A QR code drawn on a canvas from the `qrcode` crate's module matrix: black modules on white
//! with the standard 4-module quiet zone, module size snapped to whole pixels so phone cameras
//! read it at kiosk distance.

use iced::mouse;
use iced::widget::canvas::{self, Cache, Geometry};
use iced::{Color, Element, Length, Point, Rectangle, Renderer, Size, Theme};
use qrcode::{Color as Module, EcLevel, QrCode};

const QUIET: usize = 4;

/// A prepared matrix; build it once (the Success screen keeps it), draw it every frame.
#[derive(Debug)]
pub struct Qr {
    width: usize,
    dark: Vec<bool>,
    cache: Cache,
}

#[derive(Debug, thiserror::Error)]
#[error("cannot encode this QR payload ({0}); shorten it in [success.qr]")]
pub struct QrError(String);

impl Qr {
    /// Medium error correction: survives smudges on a phone screen, stays small.
    pub fn new(payload: &str) -> Result<Qr, QrError> {
        let code = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
            .map_err(|e| QrError(e.to_string()))?;
        Ok(Qr {
            width: code.width(),
            dark: code
                .to_colors()
                .into_iter()
                .map(|c| c == Module::Dark)
                .collect(),
            cache: Cache::new(),
        })
    }

    /// Modules per side, without the quiet zone.
    pub fn modules(&self) -> usize {
        self.width
    }

    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    pub fn view<'a, M: 'a>(&'a self, side: f32) -> Element<'a, M> {
        iced::widget::canvas(self)
            .width(Length::Fixed(side))
            .height(Length::Fixed(side))
            .into()
    }
}

impl<M> canvas::Program<M> for Qr {
    type State = ();

    fn draw(
        &self,
        _state: &(),
        renderer: &Renderer,
        _theme: &Theme,
        bounds: Rectangle,
        _cursor: mouse::Cursor,
    ) -> Vec<Geometry> {
        let geometry = self.cache.draw(renderer, bounds.size(), |frame| {
            let total = (self.width + 2 * QUIET) as f32;
            let side = bounds.width.min(bounds.height);
            // Whole pixels per module keep the edges sharp; centre what is left over.
            let module = (side / total).floor().max(1.0);
            let drawn = module * total;
            let origin = Point::new(
                ((bounds.width - drawn) / 2.0).floor(),
                ((bounds.height - drawn) / 2.0).floor(),
            );
            frame.fill_rectangle(origin, Size::new(drawn, drawn), Color::WHITE);
            for y in 0..self.width {
                for x in 0..self.width {
                    if self.is_dark(x, y) {
                        frame.fill_rectangle(
                            Point::new(
                                origin.x + (x + QUIET) as f32 * module,
                                origin.y + (y + QUIET) as f32 * module,
                            ),
                            Size::new(module, module),
                            Color::BLACK,
                        );
                    }
                }
            }
        });
        vec![geometry]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wifi_payload_encodes_with_finder_patterns() {
        let qr = Qr::new("WIFI:T:WPA;S:HotelDemo-Guest;P:welcome-demo;;").unwrap();
        assert!(qr.modules() >= 21);
        // The three finder patterns have dark corners.
        let w = qr.modules();
        assert!(qr.is_dark(0, 0) && qr.is_dark(w - 1, 0) && qr.is_dark(0, w - 1));
    }

    #[test]
    fn an_oversized_payload_is_an_error_not_a_panic() {
        let huge = "x".repeat(5000);
        assert!(Qr::new(&huge).is_err());
    }
}
