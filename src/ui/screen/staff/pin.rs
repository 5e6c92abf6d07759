//! The PIN page: the keypad, the dots, and what the pad said (a wrong PIN, its cool-down, its
//! lock, a PIN too short to be used any more). It opens asking the pad's state, so a paused or
//! locked pad says so before anyone types.

use std::fmt;

use iced::widget::{column, container, row, text};
use iced::{Element, Length};
use jiff::Timestamp;
use secrecy::SecretString;
use zeroize::Zeroizing;

use super::parts::{ends, push_limited, until};
use crate::staff::{DeskError, LoginOutcome, PadState, StaffSession};
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Ui, keypad};

const PIN_MAX: usize = crate::pin::PIN_MAX_DIGITS;
/// Below the 6 digits a PIN needs, so that an old short PIN reaches the domain and its owner is
/// told to ask IT for a new one (instead of a pad that silently does nothing).
pub const PIN_MIN: usize = 4;

#[derive(Debug, Clone)]
pub enum PinProblem {
    Wrong,
    CoolingDown {
        until: Timestamp,
    },
    /// Locked after too many wrong PINs: "try later or ask IT", with no time (an attacker
    /// learns nothing from it).
    PadLocked,
    /// A right PIN that is too short to be used any more.
    TooShort,
    Failed(DeskError),
}

impl PinProblem {
    /// Whether a new digit leaves it on screen: a pause still running, or the lock.
    fn outlasts_typing(&self, now: Timestamp) -> bool {
        match self {
            PinProblem::CoolingDown { until } => *until > now,
            PinProblem::PadLocked => true,
            PinProblem::Wrong | PinProblem::TooShort | PinProblem::Failed(_) => false,
        }
    }
}

#[derive(Clone, Default)]
pub struct PinPage {
    digits: Zeroizing<String>,
    pub problem: Option<PinProblem>,
}

// The digits typed so far are a PIN in the making: Debug counts them only.
impl fmt::Debug for PinPage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PinPage")
            .field("digits", &self.digits.len())
            .field("problem", &self.problem)
            .finish()
    }
}

#[derive(Debug, Clone)]
pub enum Message {
    Keypad(keypad::Message),
    /// Digits from a physical keyboard.
    Typed(String),
}

pub enum Action {
    None,
    /// Check this PIN.
    Login(SecretString),
}

impl PinPage {
    pub fn update(&mut self, message: Message, now: Timestamp) -> Action {
        match message {
            Message::Keypad(keypad::Message::Digit(d)) => {
                push_limited(&mut self.digits, char::from(b'0' + d.min(9)), PIN_MAX);
                // A new PIN clears "wrong PIN", not a cool-down still running or the lock.
                self.problem = self.problem.take().filter(|p| p.outlasts_typing(now));
                Action::None
            }
            Message::Keypad(keypad::Message::Backspace) => {
                self.digits.pop();
                Action::None
            }
            Message::Keypad(keypad::Message::Submit) => {
                if self.digits.len() < PIN_MIN {
                    return Action::None;
                }
                Action::Login(SecretString::from(std::mem::take(&mut *self.digits)))
            }
            Message::Typed(t) => {
                t.chars()
                    .filter(char::is_ascii_digit)
                    .for_each(|c| push_limited(&mut self.digits, c, PIN_MAX));
                Action::None
            }
        }
    }

    /// The pad's state as the page opens; a failure only logs (the login answers for itself).
    pub fn pad_checked(&mut self, state: Result<PadState, DeskError>, now: Timestamp) {
        match state {
            Ok(PadState::Open) => {}
            Ok(PadState::Paused { retry_after }) => {
                self.problem = Some(PinProblem::CoolingDown {
                    until: ends(now, retry_after),
                });
            }
            Ok(PadState::Locked { .. }) => self.problem = Some(PinProblem::PadLocked),
            Err(e) => tracing::warn!("PIN pad state not read: {e}"),
        }
    }

    /// The login's answer: the session when signed in, else what the page now says.
    pub fn logged_in(
        &mut self,
        result: Result<LoginOutcome, DeskError>,
        now: Timestamp,
    ) -> Option<StaffSession> {
        self.digits.clear();
        self.problem = Some(match result {
            Ok(LoginOutcome::LoggedIn(session)) => return Some(session),
            Ok(LoginOutcome::Wrong { cooldown: None }) => PinProblem::Wrong,
            Ok(
                LoginOutcome::Wrong {
                    cooldown: Some(wait),
                }
                | LoginOutcome::CoolingDown { retry_after: wait },
            ) => PinProblem::CoolingDown {
                until: ends(now, wait),
            },
            // No time is shown for a lock.
            Ok(LoginOutcome::PadLocked { .. }) => PinProblem::PadLocked,
            Ok(LoginOutcome::PinTooShort) => PinProblem::TooShort,
            Err(e) => {
                tracing::warn!("staff PIN not checked: {e}");
                PinProblem::Failed(e)
            }
        });
        None
    }

    /// Digits type, Backspace deletes, Enter submits (Escape is the shell's: back to guests).
    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        match key {
            KeyPress::Text(t) => Some(Message::Typed(t.clone())),
            KeyPress::Backspace => Some(Message::Keypad(keypad::Message::Backspace)),
            KeyPress::Enter => Some(Message::Keypad(keypad::Message::Submit)),
            _ => None,
        }
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        keypad::focusables(0, 0)
            .into_iter()
            .map(|f| f.map(Message::Keypad))
            .collect()
    }

    pub fn view<'a>(&self, ui: &Ui<'a>, busy: bool, now: Timestamp) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let dots = "•".repeat(self.digits.chars().count());
        let shown = container(text(dots).size(s.heading).font(ui.font).color(p.text))
            .padding([6, 20])
            .width(Length::Fixed(420.0))
            .height(Length::Fixed(s.target))
            .center_y(Length::Fixed(s.target))
            .style(move |_| p.field(true, false));
        let line: Element<'a, Message> = match &self.problem {
            Some(PinProblem::Wrong) => ui.notice(ui.tr("staff-pin-wrong"), true),
            Some(PinProblem::CoolingDown { until: end }) => ui.notice(
                ui.tr_args("staff-pin-cooldown", &[("time", until(now, *end).into())]),
                true,
            ),
            Some(PinProblem::PadLocked) => ui.notice(ui.tr("staff-pin-locked"), true),
            Some(PinProblem::TooShort) => ui.notice(ui.tr("staff-pin-too-short"), true),
            Some(PinProblem::Failed(e)) => ui.notice(e.to_string(), true),
            None => ui.muted(ui.tr("staff-pin-body")),
        };
        let pad = keypad::view(ui, !busy && self.digits.len() >= PIN_MIN, ui.tr("key-ok"))
            .map(Message::Keypad);
        let left = column![shown, line].spacing(s.gap).width(Length::Fill);
        if ui.landscape {
            row![left, pad].spacing(s.gap * 2.0).into()
        } else {
            column![left, pad].spacing(s.gap).into()
        }
    }
}
