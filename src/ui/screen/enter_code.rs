//! Enter code: the keypad (and physical digits, Backspace, Enter), the digits as typed, the
//! time left, "Send a new code" after its cooldown with the seconds shown, and the attempts left
//! after a wrong code.

use fluent_bundle::FluentValue;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length, Subscription};
use jiff::Timestamp;

use crate::config::SecondFactor;
use crate::journey::{CheckResult, CodeSent, DeskReason};
use crate::ui::focus::Focusable;
use crate::ui::i18n;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui, keypad};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Problem {
    Wrong { attempts_left: u32 },
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keypad(keypad::Message),
    /// Text from a physical keyboard; only digits are kept.
    Typed(String),
    ResendPressed,
    /// A second of the countdowns (time left, resend).
    Tick,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Verify(String),
    Resend,
    /// The code is right and this second factor is asked next.
    AskSecondFactor(SecondFactor),
    /// Verified: complete the step.
    Complete,
    Desk(DeskReason),
}

#[derive(Debug, Clone)]
pub struct EnterCode {
    pub code: String,
    pub sent: CodeSent,
    pub now: Timestamp,
    pub problem: Option<Problem>,
    pub checking: bool,
    /// A resend went out: say so once.
    pub resent: bool,
}

impl EnterCode {
    pub fn new(sent: CodeSent, now: Timestamp) -> Self {
        Self {
            code: String::new(),
            sent,
            now,
            problem: None,
            checking: false,
            resent: false,
        }
    }

    fn length(&self) -> usize {
        usize::from(self.sent.length)
    }

    pub fn seconds_left(&self) -> i64 {
        (self.sent.expires_at - self.now).as_secs().max(0)
    }

    /// `Some(0)` when a resend is possible now, `None` when no resend is left.
    pub fn resend_in(&self) -> Option<i64> {
        self.sent
            .resend_at
            .map(|at| (at - self.now).as_secs().max(0))
    }

    pub fn expired(&self) -> bool {
        self.problem == Some(Problem::Expired) || self.seconds_left() == 0
    }

    pub fn can_submit(&self) -> bool {
        !self.checking && self.code.len() == self.length() && !self.expired()
    }

    fn push_digit(&mut self, d: char) {
        if self.code.len() < self.length() && d.is_ascii_digit() {
            self.code.push(d);
            if matches!(self.problem, Some(Problem::Wrong { .. })) {
                self.problem = None;
            }
        }
    }

    pub fn update(&mut self, message: Message, now: Timestamp) -> Action {
        self.now = now;
        if self.checking {
            return Action::None;
        }
        match message {
            Message::Tick => Action::None,
            Message::Keypad(keypad::Message::Digit(d)) => {
                self.push_digit(char::from(b'0' + d.min(9)));
                Action::None
            }
            Message::Typed(s) => {
                s.chars().for_each(|c| self.push_digit(c));
                Action::None
            }
            Message::Keypad(keypad::Message::Backspace) => {
                self.code.pop();
                Action::None
            }
            Message::Keypad(keypad::Message::Submit) => {
                if self.can_submit() {
                    self.checking = true;
                    Action::Verify(self.code.clone())
                } else {
                    Action::None
                }
            }
            Message::ResendPressed => {
                if self.resend_in() == Some(0) {
                    Action::Resend
                } else {
                    Action::None
                }
            }
        }
    }

    /// The journey's verdict on the code typed, as it gives it.
    pub fn verified(&mut self, result: CheckResult) -> Action {
        match result {
            CheckResult::SecondFactor(kind) if kind != SecondFactor::None => {
                Action::AskSecondFactor(kind)
            }
            CheckResult::Verified | CheckResult::SecondFactor(_) => Action::Complete,
            // The code is used up (the domain refuses a new one for it too): only the desk
            // helps now, worded like every other desk reason.
            CheckResult::Wrong { attempts_left: 0 } => Action::Desk(DeskReason::Other),
            CheckResult::Wrong { attempts_left } => {
                self.rejected(Problem::Wrong { attempts_left });
                Action::None
            }
            // Expired, used up or replaced, or not a code at all (the keypad only offers
            // digits): the guest asks for a new one, worded alike.
            CheckResult::Expired | CheckResult::Closed | CheckResult::Invalid => {
                self.rejected(Problem::Expired);
                Action::None
            }
            CheckResult::Locked => Action::Desk(DeskReason::Locked),
        }
    }

    /// What a key means here: digits, Backspace, and Enter for OK.
    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        Some(match key {
            KeyPress::Text(t) => Message::Typed(t.clone()),
            KeyPress::Backspace => Message::Keypad(keypad::Message::Backspace),
            KeyPress::Enter => Message::Keypad(keypad::Message::Submit),
            _ => return None,
        })
    }

    /// The countdowns run while this screen is up.
    pub fn subscription(&self) -> Subscription<Message> {
        iced::time::every(std::time::Duration::from_secs(1)).map(|_| Message::Tick)
    }

    /// The wall clock went back: the deadlines follow it, so no wait lasts longer.
    pub fn clock_moved_back(&mut self, back: impl Fn(Timestamp) -> Timestamp) {
        self.sent.expires_at = back(self.sent.expires_at);
        self.sent.resend_at = self.sent.resend_at.map(back);
    }

    /// The verdict on a wrong code: clear the digits for the next try.
    fn rejected(&mut self, problem: Problem) {
        self.checking = false;
        self.code.clear();
        self.problem = Some(problem);
    }

    pub fn resent(&mut self, sent: CodeSent, now: Timestamp) {
        self.now = now;
        self.sent = sent;
        self.code.clear();
        self.problem = None;
        self.checking = false;
        self.resent = true;
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let mut out: Vec<_> = keypad::focusables(0, 1)
            .into_iter()
            .map(|f| f.map(Message::Keypad))
            .collect();
        out.push(Focusable::new("resend", 4, 0, Message::ResendPressed));
        out
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let boxes = (0..self.length()).map(|i| {
            let digit = self
                .code
                .chars()
                .nth(i)
                .map(String::from)
                .unwrap_or_default();
            let current = i == self.code.len();
            container(text(digit).size(s.heading).font(ui.bold).color(p.text))
                .center_x(Length::Fixed(64.0))
                .center_y(Length::Fixed(84.0))
                .style(move |_| p.field(current, false))
                .into()
        });
        let code_row = container(row(boxes).spacing(10)).id("code-display");

        let expiry: Element<'a, Message> = if self.expired() {
            ui.notice(ui.tr("code-expired"), true)
        } else {
            ui.body(ui.tr_args(
                "code-expires",
                &[("time", i18n::format_countdown(self.seconds_left()).into())],
            ))
        };
        let status: Element<'a, Message> = match (self.problem, self.checking, self.resent) {
            (_, true, _) => ui.notice(ui.tr("code-checking"), false),
            (Some(Problem::Wrong { attempts_left }), _, _) => ui.notice(
                ui.tr_args(
                    "code-wrong",
                    &[("attempts", FluentValue::from(i64::from(attempts_left)))],
                ),
                true,
            ),
            (None, _, true) => ui.notice(ui.tr("code-resent"), false),
            _ => container(ui.muted(" ")).into(),
        };
        let resend: Element<'a, Message> = match self.resend_in() {
            None => ui.muted(ui.tr("code-no-resend")),
            Some(0) => ui.button_shrink(
                "resend",
                ui.tr("code-resend"),
                Kind::Ghost,
                Some(Message::ResendPressed),
            ),
            Some(secs) => ui.button_shrink(
                "resend",
                ui.tr_args("code-resend-in", &[("seconds", secs.into())]),
                Kind::Ghost,
                None,
            ),
        };
        let info = column![
            ui.heading(ui.tr("code-title")),
            ui.body(ui.tr_args(
                "code-body",
                &[
                    ("length", FluentValue::from(i64::from(self.sent.length))),
                    ("phone", self.sent.masked_phone.clone().into()),
                ],
            )),
            code_row,
            expiry,
            status,
            resend,
        ]
        .spacing(s.gap)
        .width(Length::Fill);
        let pad = keypad::view(ui, self.can_submit(), ui.tr("key-ok")).map(Message::Keypad);
        if ui.landscape {
            row![info, pad]
                .spacing(s.gap * 2.0)
                .align_y(Alignment::Center)
                .into()
        } else {
            column![info, pad]
                .spacing(s.gap * 2.0)
                .align_x(Alignment::Center)
                .into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn screen() -> EnterCode {
        let now: Timestamp = "2026-11-25T15:00:00Z".parse().unwrap();
        EnterCode::new(
            CodeSent {
                challenge: "c".into(),
                masked_phone: "+34 ••• ••• •601".into(),
                length: 6,
                expires_at: now + jiff::SignedDuration::from_secs(300),
                resend_at: Some(now + jiff::SignedDuration::from_secs(30)),
            },
            now,
        )
    }

    #[test]
    fn digits_only_up_to_the_length_and_ok_only_when_complete() {
        let mut c = screen();
        c.update(Message::Typed("12a3".into()), c.now);
        assert_eq!(c.code, "123");
        assert_eq!(
            c.update(Message::Keypad(keypad::Message::Submit), c.now),
            Action::None
        );
        c.update(Message::Typed("456789".into()), c.now);
        assert_eq!(c.code, "123456");
        c.update(Message::Keypad(keypad::Message::Backspace), c.now);
        c.update(Message::Keypad(keypad::Message::Digit(0)), c.now);
        assert_eq!(
            c.update(Message::Keypad(keypad::Message::Submit), c.now),
            Action::Verify("123450".into())
        );
    }

    #[test]
    fn resend_waits_for_its_cooldown_and_the_code_expires() {
        let mut c = screen();
        assert_eq!(c.resend_in(), Some(30));
        assert_eq!(c.update(Message::ResendPressed, c.now), Action::None);
        let later = c.now + jiff::SignedDuration::from_secs(30);
        assert_eq!(c.update(Message::ResendPressed, later), Action::Resend);
        c.update(Message::Tick, later + jiff::SignedDuration::from_secs(300));
        assert!(c.expired());
        c.update(Message::Typed("123456".into()), c.now);
        assert!(!c.can_submit());
    }
}
