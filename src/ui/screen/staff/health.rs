//! System health: sync (when on), every gateway's breaker and last success or failure, the
//! number ranges paused for suspected SMS pumping (each can be lifted; the shell asks why),
//! Refresh, and a test SMS typed on the keypad.

use iced::widget::{Space, column, container, row, text};
use iced::{Alignment, Element, Length};
use jiff::Timestamp;

use super::parts::{Entry, Number, NumberMessage, Pager, Turn, ago, card, span, until, visible};
use crate::gateway::BreakerState;
use crate::otp::pumping::Pause;
use crate::staff::Health;
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui};

/// SMS-pumping pauses per page (the page also shows sync and the gateways).
pub const PAGE: usize = 2;

pub fn lift_id(i: usize) -> String {
    format!("lift-pause-{i}")
}

fn breaker_label(b: BreakerState) -> &'static str {
    match b {
        BreakerState::Closed => "staff-breaker-closed",
        BreakerState::Open { .. } => "staff-breaker-open",
        BreakerState::HalfOpen => "staff-breaker-half-open",
    }
}

#[derive(Debug, Clone, Default)]
pub struct HealthPage {
    /// `None` until the desk answers.
    pub health: Option<Health>,
    /// The page of the SMS-pumping pauses.
    pub page: usize,
    /// The number being typed for a test SMS.
    pub test_to: Option<Number>,
}

#[derive(Debug, Clone)]
pub enum Message {
    /// A pause, by its index in the whole list.
    LiftPressed(usize),
    RefreshPressed,
    TestSmsPressed,
    Number(NumberMessage),
    Turn(Turn),
}

pub enum Action {
    None,
    Refresh,
    /// Ask why, then lift this pause.
    Lift(Pause),
    SendTest(String),
}

impl HealthPage {
    fn pager(&self) -> Pager {
        Pager {
            len: self.health.as_ref().map_or(0, |h| h.pumping_pauses.len()),
            per: PAGE,
            page: self.page,
        }
    }

    pub fn name(&self) -> &'static str {
        match self.test_to {
            None => "staff_health",
            Some(_) => "staff_health_test_sms",
        }
    }

    pub fn loaded(&mut self, h: Health) {
        // Keep the page across a refresh unless the list got shorter.
        if self.page * PAGE >= h.pumping_pauses.len() {
            self.page = 0;
        }
        self.health = Some(h);
    }

    /// The test SMS went (or not): back to the page, which the shell reloads.
    pub fn test_done(&mut self) {
        self.test_to = None;
    }

    pub fn update(&mut self, message: Message) -> Action {
        if let Some(number) = &mut self.test_to {
            return match message {
                Message::Number(m) => match number.update(m) {
                    Entry::Submit => Action::SendTest(number.digits.clone()),
                    Entry::Cancel => {
                        self.test_to = None;
                        Action::None
                    }
                    Entry::Edited => Action::None,
                },
                _ => Action::None,
            };
        }
        match message {
            Message::Turn(t) => {
                let p = self.pager();
                Pager::turn(&mut self.page, p.len, p.per, t);
                Action::None
            }
            Message::LiftPressed(i) => {
                match self.health.as_ref().and_then(|h| h.pumping_pauses.get(i)) {
                    Some(p) => Action::Lift(p.clone()),
                    None => Action::None,
                }
            }
            Message::RefreshPressed => Action::Refresh,
            Message::TestSmsPressed => {
                self.test_to = Some(Number::default());
                Action::None
            }
            Message::Number(_) => Action::None,
        }
    }

    pub fn typing_target(&self) -> Option<&'static str> {
        self.test_to.is_some().then_some("kp-ok")
    }

    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        self.test_to
            .as_ref()
            .and_then(|_| Number::key(key))
            .map(Message::Number)
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        if self.test_to.is_some() {
            return Number::focusables()
                .into_iter()
                .map(|f| f.map(Message::Number))
                .collect();
        }
        // In the view's order: the pauses (and their pager) above the buttons.
        let p = self.pager();
        let mut v: Vec<_> = visible(p.len, p.page, PAGE)
            .map(|(row, i)| Focusable::new(lift_id(i), row as u16, 0, Message::LiftPressed(i)))
            .collect();
        let below = PAGE as u16;
        v.extend(
            p.focusables(below)
                .into_iter()
                .map(|f| f.map(Message::Turn)),
        );
        v.push(Focusable::new(
            "health-refresh",
            below + 1,
            0,
            Message::RefreshPressed,
        ));
        v.push(Focusable::new(
            "test-sms",
            below + 1,
            1,
            Message::TestSmsPressed,
        ));
        v
    }

    pub fn view<'a>(&self, ui: &Ui<'a>, now: Timestamp) -> Element<'a, Message> {
        if let Some(number) = &self.test_to {
            return number.view(ui, "staff-test-to").map(Message::Number);
        }
        let s = ui.sizes;
        let Some(h) = &self.health else {
            return Space::new().into();
        };
        let never = || ui.tr("staff-never");
        let when = |t: Option<Timestamp>| t.map_or_else(never, |t| ago(ui, now, t));
        let age = |d: std::time::Duration| span(i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let line = |label: &str, value: String| {
            row![
                container(ui.muted(ui.tr(label))).width(Length::Fixed(300.0)),
                text(value)
                    .size(s.small)
                    .font(ui.font)
                    .color(ui.palette.text)
            ]
        };
        let sync: Element<'a, Message> = match &h.sync {
            None => ui.muted(ui.tr("staff-sync-off")),
            Some(v) => column![
                line("staff-backlog", v.backlog.to_string()),
                line(
                    "staff-oldest",
                    v.oldest_unsynced_age.map_or_else(|| "—".to_owned(), age)
                ),
                line("staff-last-success", when(v.last_success)),
                line(
                    "staff-last-error",
                    v.last_error
                        .as_ref()
                        .map_or_else(never, |(t, e)| format!("{} — {e}", ago(ui, now, *t)))
                ),
                line("staff-quarantined", v.quarantined.to_string()),
                line("staff-cache-age", v.cache_age.map_or_else(never, age)),
            ]
            .spacing(2)
            .into(),
        };
        let mut gateways = column![].spacing(6);
        for g in &h.gateways {
            let breaker = ui.tr(breaker_label(g.breaker));
            gateways = gateways.push(
                column![
                    text(format!("{} ({}) · {breaker}", g.name, g.kind))
                        .size(s.small)
                        .font(ui.bold)
                        .color(ui.palette.text),
                    ui.muted(format!(
                        "{} {} · {} {}{}",
                        ui.tr("staff-ok"),
                        when(g.last_success),
                        ui.tr("staff-failed"),
                        when(g.last_failure),
                        g.last_error
                            .as_ref()
                            .map(|e| format!(" — {e}"))
                            .unwrap_or_default()
                    )),
                ]
                .spacing(0),
            );
        }
        let status = column![
            card(
                ui,
                column![ui.body(ui.tr("staff-sync")), sync]
                    .spacing(6)
                    .into()
            ),
            card(
                ui,
                column![ui.body(ui.tr("staff-gateways")), gateways]
                    .spacing(6)
                    .into()
            ),
        ]
        .spacing(s.gap * 0.6);
        let buttons = row![
            ui.button_shrink(
                "health-refresh",
                ui.tr("staff-refresh"),
                Kind::Secondary,
                Some(Message::RefreshPressed)
            ),
            ui.button_shrink(
                "test-sms",
                ui.tr("staff-test-sms"),
                Kind::Primary,
                Some(Message::TestSmsPressed)
            ),
        ]
        .spacing(s.gap)
        .wrap();
        let pauses = self.pauses_view(ui, &h.pumping_pauses, now);
        // Landscape has the width but not the height for all four blocks (sync alone is six
        // lines when it is on): the pauses go beside the status, the buttons under it.
        if ui.landscape {
            row![
                column![status, buttons]
                    .spacing(s.gap * 0.6)
                    .width(Length::FillPortion(1)),
                container(pauses).width(Length::FillPortion(1))
            ]
            .spacing(s.gap * 0.6)
            .into()
        } else {
            column![status, pauses, buttons].spacing(s.gap * 0.6).into()
        }
    }

    /// The SMS-pumping pauses, each with its "Lift pause" button.
    fn pauses_view<'a>(
        &self,
        ui: &Ui<'a>,
        pauses: &[Pause],
        now: Timestamp,
    ) -> Element<'a, Message> {
        let s = ui.sizes;
        let mut col = column![ui.body(ui.tr("staff-pumping"))].spacing(6);
        if pauses.is_empty() {
            col = col.push(ui.muted(ui.tr("staff-pumping-none")));
        }
        for (_, i) in visible(pauses.len(), self.page, PAGE) {
            let p = &pauses[i];
            let left = ui.tr_args("staff-paused-for", &[("time", until(now, p.until).into())]);
            let level = ui.tr_args("staff-pause-level", &[("n", (p.level + 1).into())]);
            // The button shares its row with the prefix only: beside the whole block it left
            // the times a column a word wide in the longer languages.
            let head = row![
                container(
                    text(format!("+{}…", p.prefix))
                        .size(s.small)
                        .font(ui.bold)
                        .color(ui.palette.text)
                )
                .width(Length::Fill),
                ui.button_shrink(
                    &lift_id(i),
                    ui.tr("staff-lift-pause"),
                    Kind::Secondary,
                    Some(Message::LiftPressed(i))
                )
            ]
            .spacing(s.gap)
            .align_y(Alignment::Center);
            let mut block = column![head].spacing(0).width(Length::Fill);
            // Landscape puts the pauses in half the width: a line each rather than wrapped.
            if ui.landscape {
                block = block.push(ui.muted(left)).push(ui.muted(level));
            } else {
                block = block.push(ui.muted(format!("{left} · {level}")));
            }
            col = col.push(block);
        }
        col = col.push(self.pager().view(ui).map(Message::Turn));
        card(ui, col.into())
    }
}
