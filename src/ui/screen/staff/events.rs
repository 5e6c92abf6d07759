//! The recent journal, newest first and paged, as the desk masks it: no phone, name, email,
//! code or token, bookings shortened to their last three characters.

use iced::Element;
use iced::widget::{Space, column, text};
use jiff::Timestamp;

use super::parts::{Pager, Turn, ago, card, visible};
use crate::staff::EventLine;
use crate::ui::focus::Focusable;
use crate::ui::widget::Ui;

/// Lines per page.
pub const PAGE: usize = 8;
/// How many events the page asks for.
pub const LOADED: usize = 64;

#[derive(Debug, Clone, Default)]
pub struct EventsPage {
    /// `None` until the desk answers.
    pub items: Option<Vec<EventLine>>,
    pub page: usize,
}

#[derive(Debug, Clone)]
pub enum Message {
    Turn(Turn),
}

impl EventsPage {
    fn pager(&self) -> Pager {
        Pager {
            len: self.items.as_ref().map_or(0, Vec::len),
            per: PAGE,
            page: self.page,
        }
    }

    pub fn loaded(&mut self, list: Vec<EventLine>) {
        self.page = 0;
        self.items = Some(list);
    }

    pub fn update(&mut self, message: Message) {
        let Message::Turn(t) = message;
        let p = self.pager();
        Pager::turn(&mut self.page, p.len, p.per, t);
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        self.pager()
            .focusables(0)
            .into_iter()
            .map(|f| f.map(Message::Turn))
            .collect()
    }

    pub fn view<'a>(&self, ui: &Ui<'a>, now: Timestamp) -> Element<'a, Message> {
        let Some(items) = &self.items else {
            return Space::new().into();
        };
        let mut col = column![].spacing(4);
        for (_, i) in visible(items.len(), self.page, PAGE) {
            let e = &items[i];
            let mut parts = vec![format!("#{}", e.seq), ago(ui, now, e.at), e.kind.clone()];
            parts.extend(e.reservation.clone());
            parts.extend(e.staff.clone());
            if !e.detail.is_empty() {
                parts.push(e.detail.clone());
            }
            col = col.push(
                text(parts.join(" · "))
                    .size(ui.sizes.small)
                    .font(ui.font)
                    .color(ui.palette.text),
            );
        }
        if items.is_empty() {
            col = col.push(ui.body(ui.tr("staff-no-events")));
        }
        column![
            card(ui, col.into()),
            self.pager().view(ui).map(Message::Turn)
        ]
        .spacing(ui.sizes.gap * 0.6)
        .into()
    }
}
