//! Find reservation: confirmation number + last name, or last name + first name, typed on the
//! on-screen keyboard, a physical keyboard or a barcode scanner (which types fast and ends with
//! Enter). Our own fields instead of `text_input`, so touch, keys and scanner feed one model.

use fluent_bundle::FluentValue;
use iced::widget::{column, container, row, text};
use iced::{Alignment, Element, Length};

use crate::journey::{FoundBooking, LookupResult, Mismatch, OwnedQuery};
use crate::otp::Purpose;
use crate::ui::focus::Focusable;
use crate::ui::i18n;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui, keyboard};

/// Longest text a field takes (names, confirmation numbers, scanner strings): as long as the
/// longest name a booking may have, so every stored name can be typed.
const MAX_LEN: usize = crate::store::NAME_MAX_CHARS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Confirmation,
    Name,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Missing,
    /// Worded for the mode: a name search that matches several bookings lands here too.
    NotFound,
    /// A scan without a PMS secret: the surname is asked for (guidance, not an error).
    SurnameNeeded,
    /// Found, but the chosen step is not open: why, with the step that is (see [`forward`]).
    Mismatch(Mismatch),
    Paused(u64),
}

/// Where the button under a [`Problem::Mismatch`] leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Forward {
    /// The same booking, on with this step (no retyping).
    Step(Purpose),
    /// Call staff (the assistance overlay, journaled like the header button).
    CallStaff,
}

/// The way forward from each mismatch (the domain's [`Mismatch::open_step`]), or staff.
pub fn forward(m: Mismatch) -> Forward {
    m.open_step().map_or(Forward::CallStaff, Forward::Step)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Message {
    ModeSelected(Mode),
    FieldSelected(usize),
    Keyboard(keyboard::Message),
    /// Text from a physical keyboard or scanner.
    Typed(String),
    Submit,
    /// The button under a mismatch.
    ForwardPressed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    None,
    Lookup(OwnedQuery),
    /// Found: on to the phone, for this step (see [`FoundBooking::step_for`]).
    Found(FoundBooking, Purpose),
    /// Found, but for another step: keep the booking for the button that offers it (and an
    /// assistance call), while the screen says why.
    Keep(FoundBooking),
    Forward(Forward),
    /// Put the focus in this field (the surname, after a scan).
    FocusField(usize),
}

#[derive(Debug, Clone)]
pub struct Find {
    pub purpose: Purpose,
    pub mode: Mode,
    /// The two fields of the current mode.
    pub fields: [String; 2],
    pub active: usize,
    pub layout: keyboard::Layout,
    pub problem: Option<Problem>,
    pub searching: bool,
    scanner_prefix: Option<String>,
}

/// The most characters a field shows: the end of a longer text, after "…".
const FIELD_SHOWN: usize = 24;

fn shown_tail(value: &str) -> String {
    let count = value.chars().count();
    if count <= FIELD_SHOWN {
        return value.to_owned();
    }
    let tail: String = value.chars().skip(count - (FIELD_SHOWN - 1)).collect();
    format!("…{tail}")
}

/// The id of the button under a mismatch.
pub const FORWARD_ID: &str = "find-forward";

pub fn field_id(i: usize) -> &'static str {
    ["field-0", "field-1"][i.min(1)]
}

impl Find {
    pub fn new(purpose: Purpose, scanner_prefix: Option<String>) -> Self {
        Self {
            purpose,
            mode: Mode::Confirmation,
            fields: Default::default(),
            active: 0,
            layout: keyboard::Layout::Letters,
            problem: None,
            searching: false,
            scanner_prefix,
        }
    }

    fn labels(&self) -> [&'static str; 2] {
        match self.mode {
            Mode::Confirmation => ["field-confirmation", "field-last-name"],
            Mode::Name => ["field-last-name", "field-first-name"],
        }
    }

    pub fn can_submit(&self) -> bool {
        !self.searching && self.fields.iter().any(|f| !f.trim().is_empty())
    }

    fn type_text(&mut self, s: &str) {
        let field = &mut self.fields[self.active];
        // Bidi overrides and other invisible characters are never part of a stored name
        // (imports refuse them); typed, they would only make the field lie about its text.
        for c in s.chars().filter(|c| !crate::names::invisible(*c)) {
            if field.chars().count() < MAX_LEN {
                field.push(c);
            }
        }
        self.problem = None;
    }

    pub fn update(&mut self, message: Message) -> Action {
        if self.searching {
            // While the search runs the focus ring may still move to a field; nothing changes.
            return match message {
                Message::FieldSelected(i) => Action::FocusField(i.min(1)),
                _ => Action::None,
            };
        }
        match message {
            Message::ModeSelected(mode) => {
                if mode != self.mode {
                    self.mode = mode;
                    self.fields = Default::default();
                    self.active = 0;
                    self.problem = None;
                }
                Action::None
            }
            Message::FieldSelected(i) => {
                self.active = i.min(1);
                Action::FocusField(self.active)
            }
            Message::Keyboard(k) => match k {
                keyboard::Message::Char(c) => {
                    self.type_text(&c.to_string());
                    Action::None
                }
                keyboard::Message::Space => {
                    self.type_text(" ");
                    Action::None
                }
                keyboard::Message::Backspace => {
                    self.fields[self.active].pop();
                    Action::None
                }
                keyboard::Message::Layout(l) => {
                    self.layout = l;
                    Action::None
                }
                keyboard::Message::Submit => self.submit(),
            },
            Message::Typed(s) => {
                self.type_text(&s);
                Action::None
            }
            Message::Submit => self.submit(),
            Message::ForwardPressed => match self.problem {
                Some(Problem::Mismatch(m)) => Action::Forward(forward(m)),
                _ => Action::None,
            },
        }
    }

    /// The mismatch on screen, if any (its button is drawn and focusable only then).
    fn mismatch(&self) -> Option<Mismatch> {
        match self.problem {
            Some(Problem::Mismatch(m)) if !self.searching => Some(m),
            _ => None,
        }
    }

    fn submit(&mut self) -> Action {
        let [a, b] = self.fields.clone().map(|f| f.trim().to_owned());
        // A scanner string needs no surname: the barcode came from the guest's own email.
        if let Some(prefix) = &self.scanner_prefix
            && let Some(raw) = [&a, &b]
                .into_iter()
                .find(|f| f.starts_with(prefix.as_str()))
        {
            self.searching = true;
            return Action::Lookup(OwnedQuery::Scan(raw.clone()));
        }
        if a.is_empty() || b.is_empty() {
            // Enter in the first field moves on to the second, like a paper form.
            if self.active == 0 && !a.is_empty() {
                self.active = 1;
            } else {
                self.problem = Some(Problem::Missing);
            }
            return Action::None;
        }
        self.searching = true;
        Action::Lookup(match self.mode {
            Mode::Confirmation => OwnedQuery::Confirmation {
                confirmation: a,
                last_name: b,
            },
            Mode::Name => OwnedQuery::Name {
                last_name: a,
                first_name: b,
            },
        })
    }

    /// The journey's answer to the search, as it gives it.
    pub fn looked_up(&mut self, result: LookupResult) -> Action {
        match result {
            LookupResult::Found(booking) => match booking.step_for(self.purpose) {
                Ok(step) => Action::Found(booking, step),
                Err(mismatch) => {
                    self.failed(Problem::Mismatch(mismatch));
                    Action::Keep(booking)
                }
            },
            LookupResult::NotFound => {
                self.failed(Problem::NotFound);
                Action::None
            }
            LookupResult::AskForSurname { confirmation } => {
                self.ask_surname(confirmation);
                Action::FocusField(1)
            }
            LookupResult::Paused { retry_after_s } => {
                self.failed(Problem::Paused(retry_after_s));
                Action::None
            }
        }
    }

    /// What a key means here: typing into the active field, Backspace, Enter to search.
    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        Some(match key {
            KeyPress::Text(t) => Message::Typed(t.clone()),
            KeyPress::Space => Message::Typed(" ".into()),
            KeyPress::Backspace => Message::Keyboard(keyboard::Message::Backspace),
            KeyPress::Enter => Message::Submit,
            _ => return None,
        })
    }

    /// The lookup came back without a booking to proceed with.
    pub fn failed(&mut self, problem: Problem) {
        self.searching = false;
        self.problem = Some(problem);
    }

    /// A scan needs the surname: the number (without the scanned secret) stays in the first
    /// field and typing goes to the surname.
    pub fn ask_surname(&mut self, confirmation: String) {
        self.mode = Mode::Confirmation;
        self.fields = [confirmation, String::new()];
        self.active = 1;
        self.failed(Problem::SurnameNeeded);
    }

    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        let mut out = vec![
            Focusable::new(
                "mode-confirmation",
                0,
                0,
                Message::ModeSelected(Mode::Confirmation),
            ),
            Focusable::new("mode-name", 0, 1, Message::ModeSelected(Mode::Name)),
            Focusable::new(field_id(0), 1, 0, Message::FieldSelected(0)),
            Focusable::new(field_id(1), 1, 10, Message::FieldSelected(1)),
        ];
        let mut keys_from = 2;
        if self.mismatch().is_some() {
            out.push(Focusable::new(FORWARD_ID, 2, 0, Message::ForwardPressed));
            keys_from = 3;
        }
        out.extend(
            keyboard::focusables(self.layout, keys_from)
                .into_iter()
                .map(|f| f.map(Message::Keyboard)),
        );
        out
    }

    fn problem_text(&self, ui: &Ui<'_>) -> Option<String> {
        let p = self.problem.as_ref()?;
        Some(match p {
            Problem::Missing => ui.tr("find-missing"),
            Problem::NotFound => match self.mode {
                Mode::Confirmation => ui.tr("find-not-found"),
                Mode::Name => ui.tr("find-not-found-name"),
            },
            Problem::SurnameNeeded => ui.tr("find-surname-needed"),
            Problem::Mismatch(m) => {
                let date = |id: &str, d: jiff::civil::Date| {
                    ui.tr_args(id, &[("date", i18n::format_date(ui.lang, d).into())])
                };
                match *m {
                    Mismatch::AlreadyCheckedIn => ui.tr("find-already-checked-in"),
                    Mismatch::TooEarly {
                        arrival,
                        can_confirm: false,
                    } => date("find-not-today", arrival),
                    Mismatch::TooEarly {
                        arrival,
                        can_confirm: true,
                    } => date("find-not-today-confirm", arrival),
                    Mismatch::AlreadyConfirmed { arrival } => {
                        date("find-already-confirmed", arrival)
                    }
                    Mismatch::CheckInInstead => ui.tr("find-arrives-today"),
                    Mismatch::StayEnding => ui.tr("find-stay-ends"),
                }
            }
            Problem::Paused(s) => ui.tr_args(
                "find-paused",
                &[(
                    "seconds",
                    FluentValue::from(i64::try_from(*s).unwrap_or(i64::MAX)),
                )],
            ),
        })
    }

    pub fn view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let mode_button = |id: &str, mode: Mode, label: &str| {
            let kind = if self.mode == mode {
                Kind::Selected
            } else {
                Kind::Secondary
            };
            ui.button_shrink(id, ui.tr(label), kind, Some(Message::ModeSelected(mode)))
        };
        let top = row![
            container(ui.heading(ui.tr("find-title"))).width(Length::Fill),
            mode_button(
                "mode-confirmation",
                Mode::Confirmation,
                "find-by-confirmation"
            ),
            mode_button("mode-name", Mode::Name, "find-by-name"),
        ]
        .spacing(8)
        .align_y(Alignment::Center);

        let labels = self.labels();
        let field = |i: usize| {
            let active = self.active == i;
            let value = &self.fields[i];
            // A field shows the end of a long text (where typing goes), like any text field
            // scrolled to its cursor; a scanned secret is not spelled out in full either.
            let tail = shown_tail(value);
            let shown = if active { format!("{tail}|") } else { tail };
            let invalid = self.problem == Some(Problem::Missing) && value.trim().is_empty();
            let content = column![
                text(ui.tr(labels[i]))
                    .size(s.small)
                    .font(ui.font)
                    .color(p.muted),
                container(
                    text(shown)
                        .size(s.body)
                        .font(ui.font)
                        .color(p.text)
                        .wrapping(iced::widget::text::Wrapping::None)
                )
                .padding([10, 16])
                .width(Length::Fill)
                .clip(true)
                .style(move |_| p.field(active, invalid)),
            ]
            .spacing(4);
            ui.ring(
                field_id(i),
                iced::widget::mouse_area(content)
                    .on_press(Message::FieldSelected(i))
                    .into(),
                Length::FillPortion(1),
            )
        };
        let fields = row![field(0), field(1)].spacing(s.gap);

        let status: Element<'a, Message> = if self.searching {
            ui.notice(ui.tr("find-searching"), false)
        } else if let Some(m) = self.mismatch() {
            // Guidance, not an error: what is true, and the button to the step that is open.
            let label = match forward(m) {
                Forward::Step(Purpose::CheckIn) => "welcome-check-in",
                Forward::Step(Purpose::ConfirmBooking) => "welcome-confirm",
                Forward::Step(Purpose::VerifyIdentity) => "welcome-my-stay",
                Forward::CallStaff => "assistance",
            };
            row![
                container(ui.notice(self.problem_text(ui).unwrap_or_default(), false))
                    .width(Length::Fill),
                ui.button_shrink(
                    FORWARD_ID,
                    ui.tr(label),
                    Kind::Primary,
                    Some(Message::ForwardPressed)
                ),
            ]
            .spacing(s.gap)
            .align_y(Alignment::Center)
            .into()
        } else if let Some(t) = self.problem_text(ui) {
            ui.notice(t, self.problem != Some(Problem::SurnameNeeded))
        } else {
            container(ui.muted(ui.tr("find-scanner-hint")))
                .padding([12, 20])
                .into()
        };

        let kb = keyboard::view(ui, self.layout, ui.tr("find-submit"), self.can_submit())
            .map(Message::Keyboard);

        column![top, fields, status, kb]
            .spacing(s.gap * 0.6)
            .width(Length::Fill)
            .into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(f: &mut Find, s: &str) {
        f.update(Message::Typed(s.to_owned()));
    }

    #[test]
    fn a_long_field_shows_its_end() {
        assert_eq!(shown_tail("LK4821"), "LK4821");
        let long = format!("CONF:LK4821/{}", "x".repeat(40));
        let shown = shown_tail(&long);
        assert_eq!(shown.chars().count(), FIELD_SHOWN);
        assert!(shown.starts_with('…') && shown.ends_with("xxxx"), "{shown}");
    }

    #[test]
    fn invisible_and_bidi_characters_are_not_typed() {
        let mut f = Find::new(Purpose::CheckIn, None);
        f.update(Message::Typed("\u{202E}Gar\u{200B}cia\u{2066}".into()));
        assert_eq!(f.fields[0], "Garcia");
    }

    #[test]
    fn the_longest_name_a_booking_may_have_can_be_typed_whole() {
        let mut f = Find::new(Purpose::CheckIn, None);
        f.update(Message::ModeSelected(Mode::Name));
        let longest = "w".repeat(crate::store::NAME_MAX_CHARS);
        typed(&mut f, &format!("{longest}x"));
        assert_eq!(f.fields[0], longest);
    }

    #[test]
    fn enter_in_the_first_field_moves_on_and_both_fields_make_a_query() {
        let mut f = Find::new(Purpose::CheckIn, None);
        typed(&mut f, "lk4821");
        assert_eq!(f.update(Message::Submit), Action::None);
        assert_eq!(f.active, 1);
        typed(&mut f, "García López");
        assert_eq!(
            f.update(Message::Submit),
            Action::Lookup(OwnedQuery::Confirmation {
                confirmation: "lk4821".into(),
                last_name: "García López".into()
            })
        );
        assert!(f.searching);
        assert_eq!(f.update(Message::Typed("x".into())), Action::None);
        assert_eq!(f.fields[1], "García López", "no typing while searching");
    }

    #[test]
    fn scanner_text_with_the_prefix_is_a_scan_lookup() {
        let mut f = Find::new(Purpose::CheckIn, Some("CONF:".into()));
        typed(&mut f, "CONF:LK4821");
        assert_eq!(
            f.update(Message::Submit),
            Action::Lookup(OwnedQuery::Scan("CONF:LK4821".into()))
        );
    }

    #[test]
    fn asking_for_the_surname_keeps_the_number_and_drops_the_scanned_text() {
        let mut f = Find::new(Purpose::CheckIn, Some("CONF:".into()));
        f.update(Message::ModeSelected(Mode::Name));
        typed(&mut f, "CONF:LK4821/dk-lk4821-7f3a");
        assert!(matches!(f.update(Message::Submit), Action::Lookup(_)));
        f.ask_surname("LK4821".into());
        assert_eq!(f.mode, Mode::Confirmation);
        assert_eq!(f.fields, ["LK4821".to_owned(), String::new()]);
        assert_eq!((f.active, f.searching), (1, false));
        typed(&mut f, "García López");
        assert_eq!(
            f.update(Message::Submit),
            Action::Lookup(OwnedQuery::Confirmation {
                confirmation: "LK4821".into(),
                last_name: "García López".into()
            })
        );
    }

    #[test]
    fn on_screen_keys_type_accents_delete_and_switch_modes() {
        let mut f = Find::new(Purpose::CheckIn, None);
        f.update(Message::ModeSelected(Mode::Name));
        for k in [
            keyboard::Message::Layout(keyboard::Layout::Accents),
            keyboard::Message::Char('Ø'),
            keyboard::Message::Char('X'),
            keyboard::Message::Backspace,
            keyboard::Message::Space,
        ] {
            f.update(Message::Keyboard(k));
        }
        assert_eq!(f.fields[0], "Ø ");
        assert_eq!(f.layout, keyboard::Layout::Accents);
        f.update(Message::ModeSelected(Mode::Confirmation));
        assert_eq!(
            f.fields,
            [String::new(), String::new()],
            "mode change clears"
        );
        f.update(Message::Submit);
        assert_eq!(f.problem, Some(Problem::Missing));
    }

    #[test]
    fn a_mismatch_offers_the_open_step_on_a_focusable_button() {
        let mut f = Find::new(Purpose::CheckIn, None);
        assert_eq!(
            f.update(Message::ForwardPressed),
            Action::None,
            "no mismatch shown"
        );
        assert!(!f.focusables().iter().any(|x| x.id == FORWARD_ID));
        f.failed(Problem::Mismatch(Mismatch::AlreadyCheckedIn));
        assert!(f.focusables().iter().any(|x| x.id == FORWARD_ID));
        assert_eq!(
            f.update(Message::ForwardPressed),
            Action::Forward(Forward::Step(Purpose::VerifyIdentity))
        );
        let arrival = jiff::civil::Date::constant(2026, 12, 2);
        for (m, want) in [
            (Mismatch::CheckInInstead, Forward::Step(Purpose::CheckIn)),
            (
                Mismatch::TooEarly {
                    arrival,
                    can_confirm: true,
                },
                Forward::Step(Purpose::ConfirmBooking),
            ),
            (
                Mismatch::TooEarly {
                    arrival,
                    can_confirm: false,
                },
                Forward::Step(Purpose::VerifyIdentity),
            ),
            (
                Mismatch::AlreadyConfirmed { arrival },
                Forward::Step(Purpose::VerifyIdentity),
            ),
            (Mismatch::StayEnding, Forward::CallStaff),
        ] {
            assert_eq!(forward(m), want, "{m:?}");
        }
        // Typing again hides the mismatch and its button.
        f.update(Message::Typed("x".into()));
        assert_eq!(f.update(Message::ForwardPressed), Action::None);
    }
}
