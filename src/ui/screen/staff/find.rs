//! Find a guest: a confirmation number or a last name typed on the on-screen keyboard (or a
//! physical one), then the bookings found, paged, each opening the guest page. Staff are behind
//! a PIN, so the results show full names (to compare with the photo ID), never a full phone.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use super::parts::{Pager, Turn, push_limited, visible};
use crate::staff::GuestRecord;
use crate::store::Status;
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui, keyboard};

/// Rows per page (so nothing falls below the fold).
pub const PAGE: usize = 4;
const QUERY_MAX: usize = 40;
/// The search field.
pub const QUERY_ID: &str = "staff-query";

pub fn guest_id(i: usize) -> String {
    format!("guest-{i}")
}

/// The booking status (`checked_in`) in the screen's language.
pub fn status_label(ui: &Ui<'_>, status: Status) -> String {
    ui.tr(&format!(
        "staff-status-{}",
        status.as_str().replace('_', "-")
    ))
}

#[derive(Debug, Clone)]
pub struct FindPage {
    pub query: String,
    pub layout: keyboard::Layout,
    /// `None` while typing; the bookings found once the desk answered.
    pub results: Option<Vec<GuestRecord>>,
    pub page: usize,
}

impl Default for FindPage {
    fn default() -> Self {
        Self {
            query: String::new(),
            layout: keyboard::Layout::Letters,
            results: None,
            page: 0,
        }
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Keyboard(keyboard::Message),
    /// Text from a physical keyboard.
    Typed(String),
    /// A result, by its index in the whole list.
    Picked(usize),
    SearchAgain,
    Turn(Turn),
}

pub enum Action {
    None,
    Search(String),
    /// Open this booking; the list is kept to come back to.
    Open(GuestRecord, Vec<GuestRecord>),
    /// A fresh, empty search.
    SearchAgain,
}

impl FindPage {
    /// The results again, as they were before a booking was opened from them.
    pub fn back_to(query: String, results: Vec<GuestRecord>) -> Self {
        Self {
            query,
            results: Some(results),
            ..Self::default()
        }
    }

    fn pager(&self) -> Pager {
        Pager {
            len: self.results.as_ref().map_or(0, Vec::len),
            per: PAGE,
            page: self.page,
        }
    }

    pub fn found(&mut self, list: Vec<GuestRecord>) {
        self.page = 0;
        self.results = Some(list);
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::Keyboard(k) => match k {
                keyboard::Message::Char(c) => push_limited(&mut self.query, c, QUERY_MAX),
                keyboard::Message::Space => push_limited(&mut self.query, ' ', QUERY_MAX),
                keyboard::Message::Backspace => {
                    self.query.pop();
                }
                keyboard::Message::Layout(l) => self.layout = l,
                keyboard::Message::Submit => {
                    let q = self.query.trim();
                    if !q.is_empty() {
                        return Action::Search(q.to_owned());
                    }
                }
            },
            Message::Typed(t) => t
                .chars()
                .filter(|c| !c.is_control())
                .for_each(|c| push_limited(&mut self.query, c, QUERY_MAX)),
            Message::Picked(i) => {
                let list = self.results.clone().unwrap_or_default();
                if let Some(record) = list.get(i).cloned() {
                    return Action::Open(record, list);
                }
            }
            Message::SearchAgain => return Action::SearchAgain,
            Message::Turn(t) => {
                let p = self.pager();
                Pager::turn(&mut self.page, p.len, p.per, t);
            }
        }
        Action::None
    }

    /// Where typing goes: the field while searching, nowhere on the results.
    pub fn typing_target(&self) -> Option<&'static str> {
        self.results.is_none().then_some(QUERY_ID)
    }

    /// Letters type, Space is a space, Enter searches.
    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        Some(match key {
            KeyPress::Text(t) => Message::Typed(t.clone()),
            KeyPress::Space => Message::Keyboard(keyboard::Message::Space),
            KeyPress::Backspace => Message::Keyboard(keyboard::Message::Backspace),
            KeyPress::Enter => Message::Keyboard(keyboard::Message::Submit),
            _ => return None,
        })
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        match &self.results {
            Some(list) => {
                let mut v: Vec<_> = visible(list.len(), self.page, PAGE)
                    .map(|(row, i)| Focusable::new(guest_id(i), row as u16, 0, Message::Picked(i)))
                    .collect();
                v.push(Focusable::new(
                    "search-again",
                    PAGE as u16 + 1,
                    0,
                    Message::SearchAgain,
                ));
                v.extend(
                    self.pager()
                        .focusables(PAGE as u16)
                        .into_iter()
                        .map(|f| f.map(Message::Turn)),
                );
                v
            }
            None => {
                let mut v = vec![Focusable::new(
                    QUERY_ID,
                    0,
                    0,
                    Message::Keyboard(keyboard::Message::Submit),
                )];
                v.extend(
                    keyboard::focusables(self.layout, 1)
                        .into_iter()
                        .map(|f| f.map(Message::Keyboard)),
                );
                v
            }
        }
    }

    pub fn view<'a>(&self, ui: &Ui<'a>, busy: bool) -> Element<'a, Message> {
        match &self.results {
            Some(list) => self.results_view(ui, list),
            None => self.search_view(ui, busy),
        }
    }

    fn search_view<'a>(&self, ui: &Ui<'a>, busy: bool) -> Element<'a, Message> {
        let s = ui.sizes;
        let field = column![
            ui.muted(ui.tr("staff-find-hint")),
            ui.input_line(QUERY_ID, &self.query, false),
        ]
        .spacing(4);
        let kb = keyboard::view(
            ui,
            self.layout,
            ui.tr("staff-find-submit"),
            !busy && !self.query.trim().is_empty(),
        )
        .map(Message::Keyboard);
        column![field, kb].spacing(s.gap * 0.6).into()
    }

    fn results_view<'a>(&self, ui: &Ui<'a>, list: &[GuestRecord]) -> Element<'a, Message> {
        let s = ui.sizes;
        let mut col = column![].spacing(8);
        if list.is_empty() {
            col = col.push(ui.body(ui.tr("staff-no-results")));
        }
        for (_, i) in visible(list.len(), self.page, PAGE) {
            let g = &list[i];
            let line = column![
                text(format!(
                    "{} {} · {}",
                    g.first_name, g.last_name, g.confirmation
                ))
                .size(s.body)
                .font(ui.bold)
                .color(ui.palette.text),
                ui.muted(format!(
                    "{} · {} → {}{}",
                    status_label(ui, g.status),
                    g.arrival,
                    g.departure,
                    if g.locked {
                        format!(" · {}", ui.tr("staff-is-locked"))
                    } else {
                        String::new()
                    }
                )),
            ]
            .spacing(2)
            .width(Length::Fill);
            col = col.push(ui.custom_button(
                &guest_id(i),
                container(line).padding([8, 0]).into(),
                Kind::Secondary,
                Some(Message::Picked(i)),
                Length::Fill,
            ));
        }
        col.push(
            row![
                ui.button_shrink(
                    "search-again",
                    ui.tr("staff-search-again"),
                    Kind::Ghost,
                    Some(Message::SearchAgain)
                ),
                self.pager().view(ui).map(Message::Turn),
            ]
            .spacing(s.gap)
            .align_y(Alignment::Center),
        )
        .into()
    }
}
