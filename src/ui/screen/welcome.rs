//! Welcome: the hotel, the three things a guest can do here, and the language buttons, each
//! language written in its own name and script.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::otp::Purpose;
use crate::ui::focus::Focusable;
use crate::ui::theme;
use crate::ui::widget::{Kind, Ui};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    /// A language button (a code from `[kiosk] languages`).
    LanguagePressed(String),
    /// One of the three big buttons.
    Start(Purpose),
    /// "Larger text" on or off.
    LargerTextPressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    SetLanguage(String),
    Start(Purpose),
    ToggleLargerText,
}

#[derive(Debug, Clone, Default)]
pub struct Welcome;

pub const PURPOSES: [(Purpose, &str, &str, &str); 3] = [
    (
        Purpose::CheckIn,
        "start-check-in",
        "welcome-check-in",
        "welcome-check-in-hint",
    ),
    (
        Purpose::ConfirmBooking,
        "start-confirm",
        "welcome-confirm",
        "welcome-confirm-hint",
    ),
    (
        Purpose::VerifyIdentity,
        "start-my-stay",
        "welcome-my-stay",
        "welcome-my-stay-hint",
    ),
];

pub const TEXT_SIZE_ID: &str = "larger-text";

pub fn language_id(lang: &str) -> String {
    format!("lang-{lang}")
}

impl Welcome {
    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::LanguagePressed(l) => Action::SetLanguage(l),
            Message::Start(p) => Action::Start(p),
            Message::LargerTextPressed => Action::ToggleLargerText,
        }
    }

    pub fn focusables(&self, languages: &[String]) -> Vec<Focusable<Message>> {
        let mut out: Vec<_> = PURPOSES
            .iter()
            .enumerate()
            .map(|(i, (p, id, _, _))| Focusable::new(*id, 1, i as u16, Message::Start(*p)))
            .collect();
        out.extend(languages.iter().enumerate().map(|(i, l)| {
            Focusable::new(
                language_id(l),
                2,
                i as u16,
                Message::LanguagePressed(l.clone()),
            )
        }));
        out
    }

    /// "Larger text" / "Standard text", drawn in the header so it never crowds the page.
    pub fn text_size_toggle<'a>(ui: &Ui<'a>) -> Element<'a, Message> {
        let larger = ui.sizes != theme::Sizes::standard();
        ui.button_shrink(
            TEXT_SIZE_ID,
            ui.tr(if larger {
                "welcome-standard-text"
            } else {
                "welcome-larger-text"
            }),
            if larger { Kind::Selected } else { Kind::Ghost },
            Some(Message::LargerTextPressed),
        )
    }

    pub fn view<'a>(
        &self,
        ui: &Ui<'a>,
        property: &str,
        languages: &[String],
        logo: Option<Element<'a, Message>>,
    ) -> Element<'a, Message> {
        let s = ui.sizes;
        let title = ui.tr_args("welcome-title", &[("property", property.to_owned().into())]);
        let head = column![
            logo.unwrap_or_else(|| column![].into()),
            ui.display(title),
            ui.body(ui.tr("welcome-subtitle")),
        ]
        .spacing(s.gap)
        .align_x(Alignment::Center);

        let cards = PURPOSES.iter().map(|(purpose, id, label, hint)| {
            let kind = if *purpose == Purpose::CheckIn {
                Kind::Primary
            } else {
                Kind::Secondary
            };
            let p = ui.palette;
            let (fg, sub) = if kind == Kind::Primary {
                (p.on_primary, p.on_primary)
            } else {
                (p.text, p.muted)
            };
            let content = column![
                text(ui.tr(label))
                    .size(s.heading * 0.68)
                    .font(ui.bold)
                    .color(fg)
                    .align_x(Alignment::Center)
                    .width(Length::Fill),
                text(ui.tr(hint))
                    .size(s.small)
                    .font(ui.font)
                    .color(sub)
                    .align_x(Alignment::Center)
                    .width(Length::Fill),
            ]
            .spacing(8)
            .align_x(Alignment::Center)
            .width(Length::Fill);
            ui.custom_button(
                id,
                container(content)
                    .center(Length::Fill)
                    .height(Length::Fixed(s.target * 2.4))
                    .into(),
                kind,
                Some(Message::Start(*purpose)),
                Length::FillPortion(1),
            )
        });
        let actions: Element<'a, Message> = if ui.landscape {
            row(cards).spacing(s.gap).into()
        } else {
            column(cards).spacing(s.gap).into()
        };

        let languages = languages.iter().map(|l| {
            let name = ui.i18n.tr(l, "language-name", &[]);
            let (font, _) = theme::fonts_for(l);
            let kind = if l == ui.lang {
                Kind::Selected
            } else {
                Kind::Secondary
            };
            ui.custom_button(
                &language_id(l),
                container(text(name).size(s.body).font(font))
                    .center_y(Length::Fixed(s.target))
                    .into(),
                kind,
                Some(Message::LanguagePressed(l.clone())),
                Length::Shrink,
            )
        });
        let languages = row(languages).spacing(6).wrap();
        column![
            head,
            container(actions).max_width(1200),
            column![ui.muted(ui.tr("welcome-language")), languages]
                .spacing(8)
                .align_x(Alignment::Center),
        ]
        .spacing(s.gap * 2.0)
        .align_x(Alignment::Center)
        .into()
    }
}
