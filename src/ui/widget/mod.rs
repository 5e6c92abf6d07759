//! Building blocks every screen draws with: the [`Ui`] context (texts, colours, sizes, focus)
//! and the on-screen keyboard, keypad and QR code.

pub mod keyboard;
pub mod keypad;
pub mod qr;

use fluent_bundle::FluentValue;
use iced::widget::{Space, button, column, container, row, text};
use iced::{Alignment, Color, Element, Font, Length, Padding};

use super::focus::FocusRing;
use super::i18n::I18n;
use super::theme::{Palette, Sizes};

/// How a button looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Primary,
    Secondary,
    Ghost,
    Selected,
}

/// What a view needs besides its own state: borrowed from the app for one frame.
#[derive(Clone, Copy)]
pub struct Ui<'a> {
    pub i18n: &'a I18n,
    pub lang: &'a str,
    pub palette: Palette,
    pub sizes: Sizes,
    pub focus: &'a FocusRing,
    pub font: Font,
    pub bold: Font,
    /// Landscape (1280x800-like) or portrait (1080x1920-like) layout.
    pub landscape: bool,
}

impl<'a> Ui<'a> {
    pub fn tr(&self, id: &str) -> String {
        self.i18n.tr(self.lang, id, &[])
    }

    pub fn tr_args(&self, id: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.i18n.tr(self.lang, id, args)
    }

    /// A text that names the guest, with `$name` (first name) and `$surname` so each language
    /// addresses the guest its own way (Japanese: surname + 様); its `-unnamed` form when either
    /// is missing (the booking has none, or `guest_name::shown` found no form the fonts can draw).
    pub fn tr_named(&self, id: &str, first: &str, last: &str) -> String {
        if first.trim().is_empty() || last.trim().is_empty() {
            self.tr(&format!("{id}-unnamed"))
        } else {
            self.tr_args(
                id,
                &[
                    ("name", first.to_owned().into()),
                    ("surname", last.to_owned().into()),
                ],
            )
        }
    }

    /// Text in one of the theme's sizes, fonts and colours.
    fn styled<M: 'a>(
        &self,
        s: impl Into<String>,
        size: f32,
        font: Font,
        color: Color,
    ) -> Element<'a, M> {
        text(s.into()).size(size).font(font).color(color).into()
    }

    pub fn display<M: 'a>(&self, s: impl Into<String>) -> Element<'a, M> {
        self.styled(s, self.sizes.display, self.bold, self.palette.text)
    }

    pub fn heading<M: 'a>(&self, s: impl Into<String>) -> Element<'a, M> {
        self.styled(s, self.sizes.heading, self.bold, self.palette.text)
    }

    pub fn body<M: 'a>(&self, s: impl Into<String>) -> Element<'a, M> {
        self.styled(s, self.sizes.body, self.font, self.palette.text)
    }

    pub fn muted<M: 'a>(&self, s: impl Into<String>) -> Element<'a, M> {
        self.styled(s, self.sizes.small, self.font, self.palette.muted)
    }

    /// A calm notice box; `danger` for errors.
    pub fn notice<M: 'a>(&self, s: impl Into<String>, danger: bool) -> Element<'a, M> {
        let p = self.palette;
        container(
            text(s.into())
                .size(self.sizes.body)
                .font(self.font)
                .color(if danger { p.danger } else { p.text }),
        )
        .padding([12, 20])
        .width(Length::Fill)
        .style(move |_| p.notice(danger))
        .into()
    }

    /// A labelled button of `kind` filling its parent's width, at least one touch target tall,
    /// wrapped in a container with the id (tests click by id; the ring is drawn on it).
    pub fn button<M: Clone + 'a>(
        &self,
        id: &str,
        label: impl Into<String>,
        kind: Kind,
        on_press: Option<M>,
    ) -> Element<'a, M> {
        self.button_w(id, label, kind, on_press, Length::Fill)
    }

    /// A one-line text field being typed into (the cursor drawn after `value`), one touch
    /// target tall, in its focus ring `id`; `invalid` draws the danger edge.
    pub fn input_line<M: 'a>(&self, id: &str, value: &str, invalid: bool) -> Element<'a, M> {
        let p = self.palette;
        let field = container(
            text(format!("{value}|"))
                .size(self.sizes.body)
                .font(self.font)
                .color(p.text),
        )
        .padding([0, 16])
        .width(Length::Fill)
        .center_y(Length::Fixed(self.sizes.target))
        .style(move |_| p.field(true, invalid));
        self.ring(id, field.into(), Length::Fill)
    }

    /// The "Done" button that ends a guest's visit (id `done`, a fixed comfortable width).
    pub fn done_button<M: Clone + 'a>(&self, on_press: M) -> Element<'a, M> {
        container(self.button("done", self.tr("done"), Kind::Primary, Some(on_press)))
            .width(Length::Fixed(320.0))
            .into()
    }

    /// A labelled button as wide as its label.
    pub fn button_shrink<M: Clone + 'a>(
        &self,
        id: &str,
        label: impl Into<String>,
        kind: Kind,
        on_press: Option<M>,
    ) -> Element<'a, M> {
        self.button_w(id, label, kind, on_press, Length::Shrink)
    }

    fn button_w<M: Clone + 'a>(
        &self,
        id: &str,
        label: impl Into<String>,
        kind: Kind,
        on_press: Option<M>,
        width: Length,
    ) -> Element<'a, M> {
        let label = text(label.into())
            .size(self.sizes.body)
            .font(if kind == Kind::Primary {
                self.bold
            } else {
                self.font
            })
            .align_x(Alignment::Center)
            .width(Length::Fill);
        let content = container(label)
            .center_y(Length::Fixed(self.sizes.target))
            .width(width);
        self.custom_button(id, content.into(), kind, on_press, width)
    }

    /// A button around any content.
    pub fn custom_button<M: Clone + 'a>(
        &self,
        id: &str,
        content: Element<'a, M>,
        kind: Kind,
        on_press: Option<M>,
        width: Length,
    ) -> Element<'a, M> {
        let p = self.palette;
        let b = button(content)
            .padding(Padding::from([0, 28]))
            .width(width)
            .on_press_maybe(on_press)
            .style(move |_, status| match kind {
                Kind::Primary => p.primary_button(status),
                Kind::Secondary => p.secondary_button(status),
                Kind::Ghost => p.ghost_button(status),
                Kind::Selected => p.selected_button(status),
            });
        self.ring(id, b.into(), width)
    }

    /// Wraps a control in its focus ring (an id'd container; transparent when not focused).
    pub fn ring<M: 'a>(&self, id: &str, content: Element<'a, M>, width: Length) -> Element<'a, M> {
        let p = self.palette;
        let focused = self.focus.is_focused(id);
        container(content)
            .id(id.to_owned())
            .padding(5)
            .width(width)
            .style(move |_| p.ring(focused))
            .into()
    }

    /// The "Step 2 of 4" indicator: text and four dots.
    pub fn steps<M: 'a>(&self, current: u8, total: u8) -> Element<'a, M> {
        let p = self.palette;
        let dots = (1..=total).map(|i| {
            let done = i <= current;
            container(Space::new())
                .width(if i == current { 36 } else { 14 })
                .height(14)
                .style(move |_| container::Style {
                    background: Some(iced::Background::Color(if done {
                        p.primary
                    } else {
                        p.line
                    })),
                    border: iced::Border {
                        radius: 7.0.into(),
                        ..iced::Border::default()
                    },
                    ..container::Style::default()
                })
                .into()
        });
        column![
            text(self.tr_args(
                "step",
                &[
                    ("current", i64::from(current).into()),
                    ("total", i64::from(total).into())
                ]
            ))
            .size(self.sizes.small)
            .font(self.font)
            .color(p.muted),
            row(dots).spacing(8).align_y(Alignment::Center),
        ]
        .spacing(6)
        .align_x(Alignment::Center)
        .into()
    }
}
