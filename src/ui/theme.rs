//! The look: colours from `[branding]` (validated for 4.5:1 contrast when the config loads),
//! type sizes and the widget styles every screen shares.

use iced::border::Radius;
use iced::widget::{button, container};
use iced::{Background, Border, Color, Font, Shadow, Theme, font};

use crate::config::{Branding, Rgb};

/// The bundled fonts (see `assets/fonts/README.md`; regenerate them with
/// `scripts/subset-fonts`).
pub use crate::fonts;

/// Loads the bundled fonts into iced's font system, once, before anything is laid out.
/// iced's own `.font(bytes)` copies each file onto the heap while the embedded bytes stay
/// mapped as well: with the full JIS X 0208 and GB 2312 fonts (16 MB) that doubled their cost
/// (PSS +28 MiB measured; without the copy, 2.6 MiB less than the old subsets). Handed over as `&'static` slices, as iced does with its own icon font,
/// only the pages of glyphs actually drawn are ever read in.
pub fn load_fonts() {
    static LOADED: std::sync::Once = std::sync::Once::new();
    LOADED.call_once(|| {
        use iced_graphics::text::{cosmic_text::fontdb, font_system};
        let mut system = font_system()
            .write()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let db = system.raw().db_mut();
        for font in fonts::ALL {
            db.load_font_source(fontdb::Source::Binary(std::sync::Arc::new(font)));
        }
    });
}

/// Family names inside the bundled font files.
const SANS: &str = "Noto Sans";
const JP: &str = "Noto Sans CJK JP";
const SC: &str = "Noto Sans CJK SC";

/// The default font of the application (Latin scripts).
pub const DEFAULT_FONT: Font = Font::with_name(SANS);

/// The regular and bold font for texts in `lang`: Japanese and Chinese need their own glyph
/// shapes for the same Han characters, so they get their own family.
pub fn fonts_for(lang: &str) -> (Font, Font) {
    let family = match lang {
        "ja" => JP,
        "zh-Hans" => SC,
        _ => SANS,
    };
    let regular = Font::with_name(family);
    (
        regular,
        Font {
            weight: font::Weight::Bold,
            ..regular
        },
    )
}

fn color(c: Rgb) -> Color {
    Color::from_rgb8(c.0, c.1, c.2)
}

/// Type and spacing scale in logical pixels of the 1280x800 design; `app` scales the whole UI
/// to the screen (1.35x at 1920x1080, so body 26 → 35 px, headings 44 → 59 px).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sizes {
    pub display: f32,
    pub heading: f32,
    pub body: f32,
    pub small: f32,
    /// Minimum height of anything touchable (≥ 64 px).
    pub target: f32,
    pub gap: f32,
    pub page: f32,
}

impl Sizes {
    pub const fn standard() -> Self {
        Self {
            display: 56.0,
            heading: 44.0,
            body: 26.0,
            small: 22.0,
            target: 68.0,
            gap: 20.0,
            page: 36.0,
        }
    }

    /// "Larger text" (issue 7 puts the toggle on Welcome): texts grow, targets stay.
    pub fn larger(self) -> Self {
        Self {
            display: self.display * 1.2,
            heading: self.heading * 1.2,
            body: self.body * 1.25,
            small: self.small * 1.25,
            ..self
        }
    }
}

/// Colours as iced wants them, plus the derived tones the styles use.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub background: Color,
    pub surface: Color,
    pub text: Color,
    pub muted: Color,
    pub primary: Color,
    pub on_primary: Color,
    pub danger: Color,
    /// Hairlines and key edges: text at low alpha over the surface.
    pub line: Color,
    /// The focus ring: the text colour, which contrasts with background and surface.
    pub focus: Color,
}

impl Palette {
    pub fn from_branding(b: &Branding) -> Self {
        let text = color(b.text);
        Self {
            background: color(b.background),
            surface: color(b.surface),
            text,
            muted: color(b.muted_text),
            primary: color(b.primary),
            on_primary: color(b.on_primary),
            danger: color(b.danger),
            line: Color { a: 0.18, ..text },
            focus: text,
        }
    }

    pub fn iced_theme(&self) -> Theme {
        Theme::custom(
            "Lobby",
            iced::theme::Palette {
                background: self.background,
                text: self.text,
                primary: self.primary,
                success: self.primary,
                warning: self.danger,
                danger: self.danger,
            },
        )
    }

    fn radius() -> Radius {
        Radius::new(14.0)
    }

    // Styles have no hover look and no shadows: a touch screen has no hover, and tiny-skia's
    // damage tracking leaves stale pixels of both (iced issues #2712, #3359, PR #3032), seen
    // under Xvfb. Depth comes from borders and the surface colour instead.

    /// The main call to action.
    pub fn primary_button(self, status: button::Status) -> button::Style {
        let bg = match status {
            button::Status::Pressed => mix(self.primary, Color::BLACK, 0.2),
            button::Status::Disabled => mix(self.primary, self.background, 0.55),
            button::Status::Active | button::Status::Hovered => self.primary,
        };
        button::Style {
            background: Some(Background::Color(bg)),
            text_color: self.on_primary,
            border: Border {
                radius: Self::radius(),
                ..Border::default()
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }

    /// Secondary actions and on-screen keys: a white card with a hairline.
    pub fn secondary_button(self, status: button::Status) -> button::Style {
        let bg = match status {
            button::Status::Pressed => mix(self.surface, self.primary, 0.18),
            _ => self.surface,
        };
        button::Style {
            background: Some(Background::Color(bg)),
            text_color: if status == button::Status::Disabled {
                self.muted
            } else {
                self.text
            },
            border: Border {
                color: self.line,
                width: 1.5,
                radius: Self::radius(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }

    /// A quiet text-only button (Back, Assistance).
    pub fn ghost_button(self, status: button::Status) -> button::Style {
        let bg = match status {
            button::Status::Pressed => {
                Some(Background::Color(mix(self.background, self.primary, 0.15)))
            }
            _ => None,
        };
        button::Style {
            background: bg,
            // The text colour, not primary: only the [branding] text pairs are validated.
            text_color: self.text,
            border: Border {
                color: Color {
                    a: 0.35,
                    ..self.primary
                },
                width: 1.5,
                radius: Self::radius(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }

    /// A selected toggle (the chosen language or search mode).
    pub fn selected_button(self, _status: button::Status) -> button::Style {
        button::Style {
            background: Some(Background::Color(mix(self.surface, self.primary, 0.12))),
            text_color: self.text,
            border: Border {
                color: self.primary,
                width: 3.0,
                radius: Self::radius(),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }

    pub fn page(self) -> container::Style {
        container::Style {
            background: Some(Background::Color(self.background)),
            text_color: Some(self.text),
            ..container::Style::default()
        }
    }

    pub fn card(self) -> container::Style {
        container::Style {
            background: Some(Background::Color(self.surface)),
            text_color: Some(self.text),
            border: Border {
                color: self.line,
                width: 1.0,
                radius: Radius::new(20.0),
            },
            shadow: Shadow::default(),
            snap: true,
        }
    }

    /// An input field: the surface with a strong edge when active.
    pub fn field(self, active: bool, invalid: bool) -> container::Style {
        container::Style {
            background: Some(Background::Color(self.surface)),
            text_color: Some(self.text),
            border: Border {
                color: if invalid {
                    self.danger
                } else if active {
                    self.primary
                } else {
                    self.line
                },
                width: if active { 3.0 } else { 1.5 },
                radius: Radius::new(12.0),
            },
            ..container::Style::default()
        }
    }

    /// A calm notice (errors are the danger colour on the surface, never a red screen).
    pub fn notice(self, danger: bool) -> container::Style {
        container::Style {
            background: Some(Background::Color(self.surface)),
            text_color: Some(if danger { self.danger } else { self.text }),
            border: Border {
                color: if danger { self.danger } else { self.line },
                width: 2.0,
                radius: Radius::new(12.0),
            },
            ..container::Style::default()
        }
    }

    /// The focus ring drawn around the focused control; transparent otherwise so focusing never
    /// moves the layout.
    pub fn ring(self, focused: bool) -> container::Style {
        container::Style {
            border: Border {
                color: if focused {
                    self.focus
                } else {
                    Color::TRANSPARENT
                },
                width: 4.0,
                radius: Radius::new(18.0),
            },
            ..container::Style::default()
        }
    }

    /// What the guest modals (idle prompt, assistance) stand on instead of the screen: opaque,
    /// the tone the dimmed page had, so nothing beneath shows through.
    pub fn backdrop(self) -> container::Style {
        container::Style {
            background: Some(Background::Color(mix(self.background, Color::BLACK, 0.55))),
            ..container::Style::default()
        }
    }

    /// The dimmed backdrop behind a staff dialog (reason picker, exit): the staff member is at
    /// the screen and chooses with the page in view.
    pub fn scrim(self) -> container::Style {
        container::Style {
            background: Some(Background::Color(Color {
                a: 0.55,
                ..Color::BLACK
            })),
            ..container::Style::default()
        }
    }
}

fn mix(a: Color, b: Color, t: f32) -> Color {
    Color {
        r: a.r + (b.r - a.r) * t,
        g: a.g + (b.g - a.g) * t,
        b: a.b + (b.b - a.b) * t,
        a: a.a + (b.a - a.a) * t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rgb(c: Color) -> Rgb {
        let [r, g, b, _] = c.into_rgba8();
        Rgb(r, g, b)
    }

    fn solid(bg: Option<Background>, below: Color) -> Color {
        match bg {
            Some(Background::Color(c)) => mix(below, Color { a: 1.0, ..c }, c.a),
            _ => below,
        }
    }

    /// Every text colour on the colour it is painted on, taken from the styles themselves.
    fn painted_pairs(p: Palette) -> Vec<(&'static str, Color, Color)> {
        use button::Status::{Active, Pressed};
        let mut pairs = vec![
            ("muted on page", p.muted, p.background),
            ("muted on surface", p.muted, p.surface),
            ("danger on page", p.danger, p.background),
        ];
        type ButtonStyle = fn(Palette, button::Status) -> button::Style;
        let buttons: [(&'static str, ButtonStyle); 4] = [
            ("primary", Palette::primary_button),
            ("secondary", Palette::secondary_button),
            ("ghost", Palette::ghost_button),
            ("selected", Palette::selected_button),
        ];
        for (name, style) in buttons {
            // Disabled controls are exempt (WCAG 1.4.3); every live state is checked.
            for status in [Active, Pressed] {
                let st = style(p, status);
                pairs.push((name, st.text_color, solid(st.background, p.background)));
            }
        }
        // A disabled secondary key still shows its label in the muted colour.
        let st = p.secondary_button(button::Status::Disabled);
        pairs.push((
            "secondary disabled",
            st.text_color,
            solid(st.background, p.background),
        ));
        let containers = [
            ("page", p.page()),
            ("card", p.card()),
            ("field", p.field(true, true)),
            ("notice", p.notice(false)),
            ("danger notice", p.notice(true)),
        ];
        for (name, st) in containers {
            if let Some(fg) = st.text_color {
                pairs.push((name, fg, solid(st.background, p.background)));
            }
        }
        pairs
    }

    fn assert_palette_reaches_aa(p: Palette, what: &str) {
        for (name, fg, bg) in painted_pairs(p) {
            let ratio = rgb(fg).contrast(rgb(bg));
            assert!(
                ratio >= crate::config::MIN_CONTRAST,
                "{what}: {name} text {fg:?} on {bg:?} has {ratio:.2}:1"
            );
        }
        // The focus ring must stand out (WCAG 1.4.11: 3:1 for UI components).
        for bg in [p.background, p.surface] {
            assert!(rgb(p.focus).contrast(rgb(bg)) >= 3.0, "{what}: focus ring");
        }
    }

    #[test]
    fn every_painted_text_pair_reaches_wcag_aa_for_the_default_and_the_shipped_branding() {
        assert_palette_reaches_aa(Palette::from_branding(&Branding::default()), "default");
        let shipped = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("kiosk.toml");
        let config = crate::config::Config::load(&shipped).expect("the shipped kiosk.toml loads");
        assert_palette_reaches_aa(Palette::from_branding(&config.branding), "kiosk.toml");
    }

    #[test]
    fn a_low_contrast_branding_fails_the_check() {
        let mut b = Branding::default();
        b.muted_text = b.background;
        let p = Palette::from_branding(&b);
        assert!(
            painted_pairs(p)
                .iter()
                .any(|(_, fg, bg)| rgb(*fg).contrast(rgb(*bg)) < crate::config::MIN_CONTRAST)
        );
    }

    #[test]
    fn sizes_meet_the_lobby_bar_at_1080p() {
        let s = Sizes::standard();
        let at_1080p = 1080.0 / 800.0;
        assert!(s.body * at_1080p >= 28.0);
        assert!(s.heading * at_1080p >= 48.0);
        assert!(s.small * at_1080p >= 28.0);
        assert!(s.target >= 64.0);
        assert!(s.larger().body > s.body);
    }
}
