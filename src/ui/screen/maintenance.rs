//! Maintenance: the kiosk cannot serve guests (bad or missing config, unreadable store). Guests
//! are sent to the desk; IT gets the precise error, verbatim, on the same screen.

use iced::widget::{column, container, scrollable, text};
use iced::{Alignment, Element, Length};

use crate::ui::widget::Ui;

#[derive(Debug, Clone)]
pub struct Maintenance {
    pub error: String,
}

impl Maintenance {
    pub fn view<'a, M: 'a>(&'a self, ui: &Ui<'a>) -> Element<'a, M> {
        let s = ui.sizes;
        let p = ui.palette;
        let it = container(
            column![
                text(ui.tr("maintenance-it"))
                    .size(s.small)
                    .font(ui.bold)
                    .color(p.muted),
                scrollable(
                    text(self.error.as_str())
                        .size(20)
                        .font(ui.font)
                        .color(p.text)
                )
                .height(Length::Shrink),
            ]
            .spacing(8),
        )
        .padding(20)
        .width(Length::Fill)
        .max_height(360)
        .style(move |_| p.card());
        column![
            ui.display(ui.tr("maintenance-title")),
            ui.body(ui.tr("maintenance-guest")),
            it,
        ]
        .spacing(s.gap * 1.5)
        .align_x(Alignment::Center)
        .max_width(1100)
        .into()
    }
}
