//! Second factor (when `[otp] second_factor` is set): date of birth or card digits on the keypad,
//! postcode on the keyboard. A date of birth is asked in the property's digit order, with an
//! example date written the guest's way and the digits it becomes.

use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::config::SecondFactor as Kind;
use crate::journey::{CheckResult, DeskReason};
use crate::otp::second_factor::DateOrder;
use crate::ui::focus::Focusable;
use crate::ui::i18n;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Ui, keyboard, keypad};

const MAX_LEN: usize = 12;

/// The example in the date-of-birth hint: a day above 12, so day and month cannot be mixed up.
const EXAMPLE: jiff::civil::Date = jiff::civil::Date::constant(1985, 4, 23);

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    Keypad(keypad::Message),
    Keyboard(keyboard::Message),
    Typed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Submit(String),
    /// Verified: complete the step.
    Complete,
    /// No tries left: the desk helps.
    Desk(DeskReason),
}

#[derive(Debug, Clone)]
pub struct SecondFactor {
    pub kind: Kind,
    /// How a date of birth's digits are read (the domain reads them the same way).
    pub order: DateOrder,
    pub answer: String,
    pub wrong: bool,
    pub checking: bool,
    layout: keyboard::Layout,
}

impl SecondFactor {
    pub fn new(kind: Kind, order: DateOrder) -> Self {
        Self {
            kind,
            order,
            answer: String::new(),
            wrong: false,
            checking: false,
            layout: keyboard::Layout::Digits,
        }
    }

    fn numeric(&self) -> bool {
        self.kind != Kind::Postcode
    }

    fn push(&mut self, c: char) {
        let ok = if self.numeric() {
            c.is_ascii_digit()
        } else {
            c.is_alphanumeric() || c == ' ' || c == '-'
        };
        if ok && self.answer.chars().count() < MAX_LEN {
            self.answer.push(c);
            self.wrong = false;
        }
    }

    fn submit(&mut self) -> Action {
        if self.answer.trim().is_empty() {
            return Action::None;
        }
        self.checking = true;
        Action::Submit(self.answer.trim().to_owned())
    }

    pub fn update(&mut self, message: Message) -> Action {
        if self.checking {
            return Action::None;
        }
        match message {
            Message::Typed(s) => s.chars().for_each(|c| self.push(c)),
            Message::Keypad(keypad::Message::Digit(d)) => self.push(char::from(b'0' + d.min(9))),
            Message::Keyboard(keyboard::Message::Char(c)) => self.push(c),
            Message::Keyboard(keyboard::Message::Space) => self.push(' '),
            Message::Keypad(keypad::Message::Backspace)
            | Message::Keyboard(keyboard::Message::Backspace) => {
                self.answer.pop();
            }
            Message::Keyboard(keyboard::Message::Layout(l)) => self.layout = l,
            Message::Keypad(keypad::Message::Submit)
            | Message::Keyboard(keyboard::Message::Submit) => return self.submit(),
        }
        Action::None
    }

    /// The journey's verdict on the answer, as it gives it.
    pub fn checked(&mut self, result: CheckResult) -> Action {
        match result {
            CheckResult::Verified | CheckResult::SecondFactor(_) => Action::Complete,
            // Wrong with tries left, or not in the expected shape (nothing counted): the guest
            // tries again.
            CheckResult::Wrong { attempts_left } if attempts_left > 0 => {
                self.rejected();
                Action::None
            }
            CheckResult::Invalid => {
                self.rejected();
                Action::None
            }
            CheckResult::Wrong { .. }
            | CheckResult::Locked
            | CheckResult::Closed
            | CheckResult::Expired => Action::Desk(DeskReason::Locked),
        }
    }

    /// What a key means here: the answer's characters, Backspace, and Enter for OK.
    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        Some(match key {
            KeyPress::Text(t) => Message::Typed(t.clone()),
            KeyPress::Space => Message::Typed(" ".into()),
            KeyPress::Backspace => Message::Keypad(keypad::Message::Backspace),
            KeyPress::Enter => Message::Keypad(keypad::Message::Submit),
            _ => return None,
        })
    }

    fn rejected(&mut self) {
        self.checking = false;
        self.wrong = true;
        self.answer.clear();
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        if self.numeric() {
            keypad::focusables(0, 1)
                .into_iter()
                .map(|f| f.map(Message::Keypad))
                .collect()
        } else {
            keyboard::focusables(self.layout, 0)
                .into_iter()
                .map(|f| f.map(Message::Keyboard))
                .collect()
        }
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let wrong = self.wrong;
        let prompt = format!("factor-{}", self.kind.as_str());
        let prompt = ui.tr_args(&prompt, &[("order", self.order.as_str().into())]);
        let example: Element<'a, Message> = if self.kind == Kind::DateOfBirth {
            ui.muted(ui.tr_args(
                "factor-example",
                &[
                    ("date", i18n::format_date(ui.lang, EXAMPLE).into()),
                    ("digits", self.order.digits(EXAMPLE).into()),
                ],
            ))
        } else {
            container(ui.muted(" ")).into()
        };
        let field = container(
            text(self.answer.clone())
                .size(s.heading)
                .font(ui.bold)
                .color(p.text),
        )
        .padding([8, 20])
        .width(Length::Fixed(420.0))
        .id("factor-field")
        .style(move |_| p.field(true, wrong));
        let status: Element<'a, Message> = if self.wrong {
            ui.notice(ui.tr("factor-wrong"), true)
        } else {
            container(ui.muted(" ")).into()
        };
        let info = column![
            ui.heading(ui.tr("factor-title")),
            ui.body(prompt),
            example,
            field,
            status
        ]
        .spacing(s.gap)
        .width(Length::Fill);
        let can = !self.answer.trim().is_empty() && !self.checking;
        if self.numeric() {
            let pad = keypad::view(ui, can, ui.tr("key-ok")).map(Message::Keypad);
            row![info, pad]
                .spacing(s.gap * 2.0)
                .align_y(Alignment::Center)
                .into()
        } else {
            let kb = keyboard::view(ui, self.layout, ui.tr("key-ok"), can).map(Message::Keyboard);
            column![info, kb].spacing(s.gap).into()
        }
    }
}
