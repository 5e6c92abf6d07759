//! The frame around every guest screen: header (logo or Back, steps, assistance), the page,
//! and the modal prompts.

use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length};

use crate::ui::screen::welcome;
use crate::ui::theme::{self};
use crate::ui::widget::{Kind, Ui};

use super::*;

impl Kiosk {
    pub(super) fn ui(&self) -> Ui<'_> {
        let (font, bold) = theme::fonts_for(&self.lang);
        Ui {
            i18n: &self.i18n,
            lang: &self.lang,
            palette: self.palette,
            sizes: self.sizes,
            focus: &self.focus,
            font,
            bold,
            landscape: self.physical.width >= self.physical.height,
        }
    }

    pub(super) fn step(&self) -> Option<u8> {
        match &self.screen {
            Screen::Find(_) => Some(1),
            Screen::ConfirmPhone(_) | Screen::Sending(_) => Some(2),
            Screen::EnterCode(_) | Screen::SecondFactor(_) => Some(3),
            Screen::Success(_) => Some(4),
            _ => None,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let ui = self.ui();
        let s = ui.sizes;
        let p = ui.palette;
        // A prompt replaces the screen instead of dimming it: a dimmed page on a public screen
        // is still readable (the digits typed, a name, a masked phone, the room), and a widget
        // that is not built can be neither read nor pressed. On every screen, staff mode too.
        if let Some(prompt) = self.prompt(&ui) {
            return container(prompt)
                .center(Length::Fill)
                .style(move |_| p.backdrop())
                .into();
        }
        if let Screen::Staff(staff) = &self.screen {
            return staff.view(&ui).map(Message::Staff);
        }
        let body: Element<'_, Message> = match &self.screen {
            Screen::Welcome(w) => w
                .view(&ui, &self.settings.property, &self.settings.languages, None)
                .map(Message::Welcome),
            Screen::Find(f) => f.view(&ui).map(Message::Find),
            Screen::ConfirmPhone(c) => c.view(&ui).map(Message::ConfirmPhone),
            Screen::Sending(x) => x.view(&ui).map(Message::Sending),
            Screen::EnterCode(c) => c.view(&ui).map(Message::EnterCode),
            Screen::SecondFactor(x) => x.view(&ui).map(Message::SecondFactor),
            Screen::Success(x) => x.view(&ui).map(Message::Success),
            Screen::Desk(d) => d.view(&ui).map(Message::Desk),
            Screen::Email(e) => e.view(&ui).map(Message::Email),
            Screen::Maintenance(m) => m.view(&ui),
            Screen::Staff(_) => iced::widget::Space::new().into(),
            // A calm first frame: the page colour and the header, nothing to press yet.
            Screen::Starting => iced::widget::Space::new().into(),
        };

        let left: Element<'_, Message> = match self.back_target() {
            Some(label) => container(ui.button_shrink(
                "nav-back",
                ui.tr(label),
                Kind::Ghost,
                Some(Message::BackPressed),
            ))
            .width(Length::Fixed(260.0))
            .into(),
            None => {
                // The hotel's logo when [branding] names one, else its name in bold.
                let brand: Element<'_, Message> = match &self.settings.branding.logo {
                    Some(path) => iced::widget::image(iced::widget::image::Handle::from_path(path))
                        .height(Length::Fixed(s.body * 2.2))
                        .into(),
                    None => iced::widget::text(self.settings.property.clone())
                        .size(s.body)
                        .font(ui.bold)
                        .color(p.text)
                        .into(),
                };
                // Invisible as a button: staff know the gesture, guests see only the logo.
                let tappable = iced::widget::button(brand)
                    .padding(0)
                    .style(|_, _| iced::widget::button::Style::default())
                    .on_press(Message::BrandTapped);
                container(container(tappable).id("brand"))
                    .width(Length::Fixed(260.0))
                    .into()
            }
        };
        let center: Element<'_, Message> = match (self.step(), &self.screen) {
            (Some(n), _) => ui.steps(n, 4),
            (None, Screen::Welcome(_)) => {
                welcome::Welcome::text_size_toggle(&ui).map(Message::Welcome)
            }
            (None, _) => iced::widget::Space::new().into(),
        };
        let right: Element<'_, Message> =
            if matches!(self.screen, Screen::Maintenance(_) | Screen::Starting) {
                iced::widget::Space::new().width(260).into()
            } else {
                container(ui.button_shrink(
                    "assistance",
                    ui.tr("assistance"),
                    Kind::Ghost,
                    Some(Message::AssistancePressed),
                ))
                .width(Length::Fixed(260.0))
                .align_x(Alignment::End)
                .into()
            };
        let header = row![left, container(center).center_x(Length::Fill), right]
            .align_y(Alignment::Center)
            .padding([12.0, s.page]);

        let page = container(
            column![
                header,
                container(body).padding([0.0, s.page]).center(Length::Fill)
            ]
            .width(Length::Fill)
            .height(Length::Fill),
        )
        .width(Length::Fill)
        .height(Length::Fill)
        .style(move |_| p.page());
        page.into()
    }

    /// The modal up now, if any: "Still there?" before assistance (it is what wipes the session).
    pub(super) fn prompt<'a>(&self, ui: &Ui<'a>) -> Option<Element<'a, Message>> {
        if let Some(i) = &self.idle {
            return Some(i.view(ui).map(Message::Idle));
        }
        self.assistance
            .as_ref()
            .map(|a| a.view(ui).map(Message::Assistance))
    }

    /// The header button: Back on the first two steps, Start over afterwards.
    pub(super) fn back_target(&self) -> Option<&'static str> {
        match &self.screen {
            Screen::Find(_) | Screen::ConfirmPhone(_) => Some("back"),
            Screen::EnterCode(_) | Screen::SecondFactor(_) | Screen::Email(_) => Some("start-over"),
            _ => None,
        }
    }

    pub(super) fn back(&mut self) {
        match &self.screen {
            // Back on the first step: the same guest, still in their language and text size
            // (the idle wipe, Start over and Done give the next guest the defaults).
            Screen::Find(_) => {
                let (lang, sizes) = (self.lang.clone(), self.sizes);
                self.reset();
                self.lang = lang;
                self.sizes = sizes;
            }
            Screen::ConfirmPhone(_) => {
                let purpose = self.session.purpose.unwrap_or(Purpose::CheckIn);
                self.session.guest = None;
                let prefix = self.settings.scanner_prefix.clone();
                self.show(Screen::Find(find::Find::new(purpose, prefix)));
            }
            Screen::EnterCode(_) | Screen::SecondFactor(_) | Screen::Email(_) => self.reset(),
            _ => {}
        }
    }
}
