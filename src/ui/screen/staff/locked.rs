//! The locked bookings, masked ("LK4821 · A. G•••"), each with how long its lock runs and an
//! Unlock button (the shell then asks why). A name-only lock says so: the booking number still
//! works, so staff can send the guest back to the kiosk instead of unlocking.

use iced::widget::{Space, column, row, text};
use iced::{Alignment, Element, Length};
use jiff::Timestamp;

use super::parts::{Pager, Turn, card, until, visible};
use crate::otp::limits::LockScope;
use crate::staff::LockedBooking;
use crate::ui::focus::Focusable;
use crate::ui::widget::{Kind, Ui};

/// Rows per page (so nothing falls below the fold).
pub const PAGE: usize = 4;

pub fn unlock_id(i: usize) -> String {
    format!("unlock-{i}")
}

#[derive(Debug, Clone, Default)]
pub struct LockedPage {
    /// `None` until the desk answers.
    pub items: Option<Vec<LockedBooking>>,
    pub page: usize,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A lock, by its index in the whole list.
    Unlock(usize),
    Turn(Turn),
}

pub enum Action {
    None,
    /// Ask why, then unlock it.
    Unlock(LockedBooking),
}

impl LockedPage {
    fn pager(&self) -> Pager {
        Pager {
            len: self.items.as_ref().map_or(0, Vec::len),
            per: PAGE,
            page: self.page,
        }
    }

    pub fn loaded(&mut self, list: Vec<LockedBooking>) {
        self.page = 0;
        self.items = Some(list);
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Turn(t) => {
                let p = self.pager();
                Pager::turn(&mut self.page, p.len, p.per, t);
                Action::None
            }
            Message::Unlock(i) => match self.items.as_ref().and_then(|v| v.get(i)) {
                Some(l) => Action::Unlock(l.clone()),
                None => Action::None,
            },
        }
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let p = self.pager();
        let mut v: Vec<_> = visible(p.len, p.page, PAGE)
            .map(|(row, i)| Focusable::new(unlock_id(i), row as u16, 0, Message::Unlock(i)))
            .collect();
        v.extend(
            p.focusables(PAGE as u16)
                .into_iter()
                .map(|f| f.map(Message::Turn)),
        );
        v
    }

    pub fn view<'a>(&self, ui: &Ui<'a>, now: Timestamp) -> Element<'a, Message> {
        let Some(items) = &self.items else {
            return Space::new().into();
        };
        if items.is_empty() {
            return ui.body(ui.tr("staff-none-locked"));
        }
        let mut col = column![].spacing(10);
        for (_, i) in visible(items.len(), self.page, PAGE) {
            let l = &items[i];
            let phone = l
                .masked_phone
                .clone()
                .unwrap_or_else(|| ui.tr("staff-no-phone"));
            let mut info = column![
                text(format!("{} · {}", l.confirmation, l.guest))
                    .size(ui.sizes.body)
                    .font(ui.bold)
                    .color(ui.palette.text),
                ui.muted(format!(
                    "{phone} · {}",
                    ui.tr_args(
                        "staff-locked-for",
                        &[("time", until(now, l.locked_until).into())]
                    )
                )),
            ]
            .spacing(2)
            .width(Length::Fill);
            if l.scope == LockScope::Name {
                info = info.push(
                    text(ui.tr("staff-scope-name"))
                        .size(ui.sizes.small)
                        .font(ui.bold)
                        .color(ui.palette.text),
                );
            }
            col = col.push(card(
                ui,
                row![
                    info,
                    ui.button_shrink(
                        &unlock_id(i),
                        ui.tr("staff-unlock"),
                        Kind::Primary,
                        Some(Message::Unlock(i))
                    )
                ]
                .spacing(ui.sizes.gap)
                .align_y(Alignment::Center)
                .into(),
            ));
        }
        col.push(self.pager().view(ui).map(Message::Turn)).into()
    }
}
