//! Staff mode: PIN sign-in, then locked bookings (unlock with a reason), find a guest and verify
//! their photo ID (check in without a code, or change the phone on file), sync and gateway
//! health with a test SMS and the SMS-pumping pauses (lift one with a reason), and the recent
//! journal. The screen owns its state and turns presses
//! into calls on the [`StaffPort`]; the app only routes messages, enforces the two-minute idle
//! timeout and quits on "Exit kiosk".

mod view;

use std::sync::Arc;
use std::time::Duration;

use jiff::Timestamp;

use crate::checkin::Completion;
use crate::journey::Finished;
use crate::ui::backend::BoxFuture;
use crate::ui::backend::staff::{
    DocumentType, EventView, GuestRecordView, HealthView, IdCheckRef, LeaveCause, LockedView,
    PadView, PauseView, PinOutcome, StaffPort, StaffProblem, StaffRef,
};
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{keyboard, keypad};

/// Staff mode ends by itself after this long without input.
pub const STAFF_IDLE: Duration = Duration::from_secs(120);
/// Rows per page in the lists (so nothing falls below the fold).
pub const LIST_PAGE: usize = 4;
pub const EVENTS_PAGE: usize = 8;
/// SMS-pumping pauses per page of the health page (it also shows sync and the gateways).
pub const PAUSES_PAGE: usize = 2;
const EVENTS_LOADED: usize = 64;
const PIN_MAX: usize = crate::pin::PIN_MAX_DIGITS;
/// Below the 6 digits a PIN needs, so that an old short PIN reaches the domain and its owner is
/// told to ask IT for a new one (instead of a pad that silently does nothing).
const PIN_MIN: usize = 4;
const PHONE_MAX: usize = 16;

/// Preset reasons: the on-screen label's message id and the English text the audit records
/// (audits read alike whatever language the kiosk shows).
pub type Reason = (&'static str, &'static str);

pub const UNLOCK_REASONS: [Reason; 3] = [
    (
        "staff-reason-identity",
        "Guest identity confirmed at the desk",
    ),
    ("staff-reason-mistyped", "Guest mistyped the code"),
    ("staff-reason-not-guest", "Someone else caused the lock"),
];

pub const ID_REASONS: [Reason; 3] = [
    ("staff-reason-no-phone", "Guest's phone is not available"),
    ("staff-reason-no-sms", "The code did not arrive"),
    ("staff-reason-wrong-number", "The number on file is wrong"),
];

pub const LIFT_REASONS: [Reason; 3] = [
    (
        "staff-reason-carrier",
        "Verified a guest group with the carrier",
    ),
    (
        "staff-reason-guest-in-range",
        "A guest at the desk has a number in this range",
    ),
    ("staff-reason-false-alarm", "False alarm"),
];

pub const PHONE_REASONS: [Reason; 2] = [
    ("staff-reason-new-number", "Guest has a new number"),
    ("staff-reason-wrong-number", "The number on file is wrong"),
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    Locked,
    Find,
    Health,
    Events,
}

impl Section {
    pub const ALL: [Section; 4] = [
        Section::Locked,
        Section::Find,
        Section::Health,
        Section::Events,
    ];

    pub fn id(self) -> &'static str {
        match self {
            Section::Locked => "staff-locked",
            Section::Find => "staff-find",
            Section::Health => "staff-health",
            Section::Events => "staff-events",
        }
    }
}

/// What a reason picker is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReasonFor {
    Unlock(LockedView),
    VerifyId(DocumentType),
    ChangePhone(IdCheckRef),
    LiftPause(PauseView),
}

impl ReasonFor {
    pub fn options(&self) -> &'static [Reason] {
        match self {
            ReasonFor::Unlock(_) => &UNLOCK_REASONS,
            ReasonFor::VerifyId(_) => &ID_REASONS,
            ReasonFor::ChangePhone(_) => &PHONE_REASONS,
            ReasonFor::LiftPause(_) => &LIFT_REASONS,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
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
    Failed(String),
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

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Pin {
    pub digits: String,
    pub problem: Option<PinProblem>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GuestStep {
    Actions,
    /// Which photo ID the guest showed.
    Document,
    /// ID checked: check in or change the phone.
    Verified(IdCheckRef),
    /// Typing the new number (after its reason was picked).
    Phone {
        check: IdCheckRef,
        reason: &'static str,
        number: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    Pin(Pin),
    Locked {
        items: Option<Vec<LockedView>>,
        page: usize,
    },
    Find {
        query: String,
        layout: keyboard::Layout,
        results: Option<Vec<GuestRecordView>>,
        page: usize,
    },
    Guest {
        record: GuestRecordView,
        step: GuestStep,
        /// The results to go back to.
        results: Vec<GuestRecordView>,
    },
    Health {
        health: Option<HealthView>,
        /// The page of the SMS-pumping pauses.
        page: usize,
        /// The number being typed for a test SMS.
        test_to: Option<String>,
    },
    Events {
        items: Option<Vec<EventView>>,
        page: usize,
    },
}

impl Page {
    pub fn section(&self) -> Option<Section> {
        match self {
            Page::Pin(_) => None,
            Page::Locked { .. } => Some(Section::Locked),
            Page::Find { .. } | Page::Guest { .. } => Some(Section::Find),
            Page::Health { .. } => Some(Section::Health),
            Page::Events { .. } => Some(Section::Events),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Page::Pin(_) => "staff_pin",
            Page::Locked { .. } => "staff_locked",
            Page::Find { results: None, .. } => "staff_find",
            Page::Find { .. } => "staff_find_results",
            Page::Guest { step, .. } => match step {
                GuestStep::Actions => "staff_guest",
                GuestStep::Document => "staff_guest_document",
                GuestStep::Verified(_) => "staff_guest_verified",
                GuestStep::Phone { .. } => "staff_guest_phone",
            },
            Page::Health { test_to: None, .. } => "staff_health",
            Page::Health { .. } => "staff_health_test_sms",
            Page::Events { .. } => "staff_events",
        }
    }
}

/// A line for the staff member: what just happened, or what went wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notice {
    pub text: NoticeText,
    pub danger: bool,
}

/// Notices are worded at view time (in the kiosk's language); problems from the domain come
/// already worded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoticeText {
    Key(&'static str),
    KeyWith(&'static str, &'static str, String),
    Problem(String),
}

#[derive(Debug, Clone)]
pub enum Message {
    Keypad(keypad::Message),
    Keyboard(keyboard::Message),
    /// Text from a physical keyboard.
    Typed(String),
    LoggedIn(Result<PinOutcome, StaffProblem>),
    /// The pad's state, asked as the PIN screen opens.
    PadChecked(Result<PadView, StaffProblem>),
    SectionPressed(Section),
    GuestModePressed,
    ExitPressed,
    ExitConfirmed,
    ExitCancelled,
    Exited(Result<(), StaffProblem>),
    /// The reply to leaving staff mode; it arrives when the app is back with guests, which
    /// only logs a failure.
    Left(Result<(), StaffProblem>),
    PagePrev,
    PageNext,
    LockedLoaded(Result<Vec<LockedView>, StaffProblem>),
    UnlockPressed(usize),
    ReasonPicked(usize),
    ReasonCancelled,
    Unlocked(Result<bool, StaffProblem>),
    Searched(Result<Vec<GuestRecordView>, StaffProblem>),
    /// A search result, by its index in the whole list (like `UnlockPressed`).
    GuestPicked(usize),
    BackToResults,
    VerifyIdPressed,
    DocumentPicked(DocumentType),
    IdVerified(Result<IdCheckRef, StaffProblem>),
    CheckInPressed,
    CheckedIn(Result<Finished, StaffProblem>),
    ChangePhonePressed,
    PlusPressed,
    /// Leave the number pad (test SMS or new phone) without sending.
    NumberCancelled,
    PhoneChanged(Result<String, StaffProblem>),
    HealthLoaded(Result<HealthView, StaffProblem>),
    /// A pause, by its index in the whole list (like `UnlockPressed`).
    LiftPausePressed(usize),
    PauseLifted(Result<bool, StaffProblem>),
    RefreshPressed,
    TestSmsPressed,
    TestSent(Result<String, StaffProblem>),
    EventsLoaded(Result<Vec<EventView>, StaffProblem>),
}

impl Message {
    /// A backend's answer rather than staff input: it does not count as activity for the idle
    /// timeout.
    pub fn is_reply(&self) -> bool {
        matches!(
            self,
            Message::Left(_)
                | Message::LoggedIn(_)
                | Message::PadChecked(_)
                | Message::Exited(_)
                | Message::LockedLoaded(_)
                | Message::Unlocked(_)
                | Message::Searched(_)
                | Message::IdVerified(_)
                | Message::CheckedIn(_)
                | Message::PhoneChanged(_)
                | Message::HealthLoaded(_)
                | Message::PauseLifted(_)
                | Message::TestSent(_)
                | Message::EventsLoaded(_)
        )
    }
}

/// What the app does after an update.
pub enum Action {
    None,
    Run(BoxFuture<'static, Message>),
    /// Back to guest mode; run the future (it journals the end of staff mode).
    Leave(BoxFuture<'static, Message>),
    /// The exit is journaled: quit the app.
    Exit,
}

/// When a pause of `secs` that the domain reported at `now` ends.
fn until(now: Timestamp, secs: u64) -> Timestamp {
    now + jiff::SignedDuration::from_secs(secs.min(86_400) as i64)
}

/// A future that maps a port reply into a staff message.
fn run<T: Send + 'static>(
    reply: BoxFuture<'static, Result<T, StaffProblem>>,
    into: fn(Result<T, StaffProblem>) -> Message,
) -> Action {
    Action::Run(Box::pin(async move { into(reply.await) }))
}

pub struct Staff {
    port: Arc<dyn StaffPort>,
    /// The language of staff texts and of a check-in's details (the kiosk's default).
    language: String,
    pub who: Option<(StaffRef, String)>,
    pub page: Page,
    /// A reason picker over the page.
    pub reason: Option<ReasonFor>,
    pub confirm_exit: bool,
    pub busy: bool,
    pub notice: Option<Notice>,
    pub now: Timestamp,
}

impl std::fmt::Debug for Staff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Staff")
            .field("who", &self.who.as_ref().map(|(_, n)| n))
            .field("page", &self.page.name())
            .finish_non_exhaustive()
    }
}

impl Staff {
    pub fn new(port: Arc<dyn StaffPort>, language: String, now: Timestamp) -> Self {
        Self {
            port,
            language,
            who: None,
            page: Page::Pin(Pin::default()),
            reason: None,
            confirm_exit: false,
            busy: false,
            notice: None,
            now,
        }
    }

    /// What the screen asks as it opens: whether the pad is paused or locked, so it says so
    /// before anyone types.
    pub fn opened(&self) -> Action {
        run(self.port.pad(), Message::PadChecked)
    }

    pub fn name(&self) -> &'static str {
        self.page.name()
    }

    fn staff(&self) -> Option<StaffRef> {
        self.who.as_ref().map(|(s, _)| s.clone())
    }

    fn tell(&mut self, text: NoticeText, danger: bool) {
        self.notice = Some(Notice { text, danger });
    }

    fn problem(&mut self, p: &StaffProblem) {
        tracing::warn!("staff action failed: {p}");
        self.tell(NoticeText::Problem(p.to_string()), true);
    }

    /// Leaves staff mode (Back to guest mode, or the idle timeout).
    pub fn leave(&mut self, cause: LeaveCause) -> Action {
        match self.who.take() {
            Some((staff, _)) => {
                let reply = self.port.leave(staff, cause);
                Action::Leave(Box::pin(async move { Message::Left(reply.await) }))
            }
            None => Action::Leave(Box::pin(async { Message::Left(Ok(())) })),
        }
    }

    fn open(&mut self, section: Section) -> Action {
        let Some(staff) = self.staff() else {
            return Action::None;
        };
        self.reason = None;
        self.notice = None;
        self.busy = true;
        match section {
            Section::Locked => {
                self.page = Page::Locked {
                    items: None,
                    page: 0,
                };
                run(self.port.locked(staff), Message::LockedLoaded)
            }
            Section::Find => {
                self.busy = false;
                self.page = Page::Find {
                    query: String::new(),
                    layout: keyboard::Layout::Letters,
                    results: None,
                    page: 0,
                };
                Action::None
            }
            Section::Health => {
                self.page = Page::Health {
                    health: None,
                    page: 0,
                    test_to: None,
                };
                run(self.port.health(staff), Message::HealthLoaded)
            }
            Section::Events => {
                self.page = Page::Events {
                    items: None,
                    page: 0,
                };
                run(
                    self.port.recent_events(staff, EVENTS_LOADED),
                    Message::EventsLoaded,
                )
            }
        }
    }

    pub fn update(&mut self, message: Message) -> Action {
        match message {
            Message::GuestModePressed => self.leave(LeaveCause::Left),
            Message::ExitPressed if self.who.is_some() => {
                self.confirm_exit = true;
                Action::None
            }
            Message::ExitCancelled => {
                self.confirm_exit = false;
                Action::None
            }
            Message::ExitConfirmed => match self.staff() {
                Some(staff) if self.confirm_exit && !self.busy => {
                    self.busy = true;
                    run(self.port.exit(staff), Message::Exited)
                }
                _ => Action::None,
            },
            Message::Exited(result) => {
                self.busy = false;
                self.confirm_exit = false;
                match result {
                    Ok(()) => Action::Exit,
                    Err(e) => {
                        self.problem(&e);
                        Action::None
                    }
                }
            }
            Message::SectionPressed(section) if !self.busy => self.open(section),
            Message::LoggedIn(result) => self.logged_in(result),
            Message::PadChecked(result) => {
                let now = self.now;
                if let Page::Pin(pin) = &mut self.page {
                    match result {
                        Ok(PadView::Open) => {}
                        Ok(PadView::CoolingDown { retry_after_s }) => {
                            pin.problem = Some(PinProblem::CoolingDown {
                                until: until(now, retry_after_s),
                            });
                        }
                        Ok(PadView::Locked) => pin.problem = Some(PinProblem::PadLocked),
                        // The login answers for itself; the check is only a courtesy.
                        Err(e) => tracing::warn!("PIN pad state not read: {e}"),
                    }
                }
                Action::None
            }
            Message::ReasonCancelled => {
                self.reason = None;
                Action::None
            }
            Message::ReasonPicked(i) => self.reason_picked(i),
            Message::LockedLoaded(result) => {
                self.busy = false;
                match (result, &mut self.page) {
                    (Ok(list), Page::Locked { items, page }) => {
                        *page = 0;
                        *items = Some(list);
                    }
                    (Err(e), _) => self.problem(&e),
                    _ => {}
                }
                Action::None
            }
            Message::Unlocked(result) => {
                self.busy = false;
                match result {
                    Ok(true) => self.tell(NoticeText::Key("staff-unlocked"), false),
                    Ok(false) => self.tell(NoticeText::Key("staff-not-locked"), false),
                    Err(e) => {
                        self.problem(&e);
                        return Action::None;
                    }
                }
                // Reload the list so it shows what is locked now.
                let notice = self.notice.take();
                let action = self.open(Section::Locked);
                self.notice = notice;
                action
            }
            Message::Searched(result) => {
                self.busy = false;
                match (result, &mut self.page) {
                    (Ok(list), Page::Find { results, page, .. }) => {
                        *page = 0;
                        *results = Some(list);
                    }
                    (Err(e), _) => self.problem(&e),
                    _ => {}
                }
                Action::None
            }
            Message::IdVerified(result) => {
                self.busy = false;
                match (result, &mut self.page) {
                    (Ok(check), Page::Guest { step, .. }) => {
                        *step = GuestStep::Verified(check);
                        self.tell(NoticeText::Key("staff-id-recorded"), false);
                    }
                    (Err(e), _) => self.problem(&e),
                    _ => {}
                }
                Action::None
            }
            Message::CheckedIn(result) => {
                self.busy = false;
                match result {
                    Ok(finished) => {
                        let (key, room) = match finished.completion {
                            Completion::CheckedIn { room, .. } => ("staff-checked-in", room),
                            Completion::PendingRoom => ("staff-checked-in-pending", String::new()),
                            _ => ("staff-checked-in", String::new()),
                        };
                        self.tell(NoticeText::KeyWith(key, "room", room), false);
                        if let Page::Guest { record, step, .. } = &mut self.page {
                            record.status = "checked_in".to_owned();
                            *step = GuestStep::Actions;
                        }
                    }
                    Err(e) => self.problem(&e),
                }
                Action::None
            }
            Message::PhoneChanged(result) => {
                self.busy = false;
                match result {
                    Ok(masked) => {
                        if let Page::Guest { record, step, .. } = &mut self.page {
                            record.masked_phone = Some(masked.clone());
                            *step = GuestStep::Actions;
                        }
                        self.tell(
                            NoticeText::KeyWith("staff-phone-changed", "phone", masked),
                            false,
                        );
                    }
                    Err(e) => self.problem(&e),
                }
                Action::None
            }
            Message::HealthLoaded(result) => {
                self.busy = false;
                match (result, &mut self.page) {
                    (Ok(h), Page::Health { health, page, .. }) => {
                        // Keep the page across a refresh unless the list got shorter.
                        if *page * PAUSES_PAGE >= h.pauses.len() {
                            *page = 0;
                        }
                        *health = Some(h);
                    }
                    (Err(e), _) => self.problem(&e),
                    _ => {}
                }
                Action::None
            }
            Message::PauseLifted(result) => {
                self.busy = false;
                match result {
                    Ok(true) => self.tell(NoticeText::Key("staff-pause-lifted"), false),
                    Ok(false) => self.tell(NoticeText::Key("staff-not-paused"), false),
                    Err(e) => {
                        self.problem(&e);
                        return Action::None;
                    }
                }
                // Reload the page so it shows what is paused now.
                let notice = self.notice.take();
                let action = self.open(Section::Health);
                self.notice = notice;
                action
            }
            Message::TestSent(result) => {
                self.busy = false;
                match result {
                    Ok(gateway) => {
                        self.tell(
                            NoticeText::KeyWith("staff-test-sent", "gateway", gateway),
                            false,
                        );
                    }
                    Err(e) => self.problem(&e),
                }
                // The attempt changed the gateway's health: show it.
                match self.staff() {
                    Some(staff) => {
                        if let Page::Health { test_to, .. } = &mut self.page {
                            *test_to = None;
                        }
                        self.busy = true;
                        run(self.port.health(staff), Message::HealthLoaded)
                    }
                    None => Action::None,
                }
            }
            Message::EventsLoaded(result) => {
                self.busy = false;
                match (result, &mut self.page) {
                    (Ok(list), Page::Events { items, page }) => {
                        *page = 0;
                        *items = Some(list);
                    }
                    (Err(e), _) => self.problem(&e),
                    _ => {}
                }
                Action::None
            }
            _ if self.busy || self.reason.is_some() || self.confirm_exit => Action::None,
            other => self.input(other),
        }
    }

    fn logged_in(&mut self, result: Result<PinOutcome, StaffProblem>) -> Action {
        self.busy = false;
        let Page::Pin(pin) = &mut self.page else {
            return Action::None;
        };
        pin.digits.clear();
        match result {
            Ok(PinOutcome::LoggedIn { staff, name }) => {
                self.who = Some((staff, name));
                self.open(Section::Locked)
            }
            Ok(PinOutcome::Wrong { cooldown_s: None }) => {
                pin.problem = Some(PinProblem::Wrong);
                Action::None
            }
            Ok(PinOutcome::Wrong {
                cooldown_s: Some(s),
            })
            | Ok(PinOutcome::CoolingDown { retry_after_s: s }) => {
                pin.problem = Some(PinProblem::CoolingDown {
                    until: until(self.now, s),
                });
                Action::None
            }
            Ok(PinOutcome::PadLocked) => {
                pin.problem = Some(PinProblem::PadLocked);
                Action::None
            }
            Ok(PinOutcome::PinTooShort) => {
                pin.problem = Some(PinProblem::TooShort);
                Action::None
            }
            Err(e) => {
                tracing::warn!("staff PIN not checked: {e}");
                pin.problem = Some(PinProblem::Failed(e.to_string()));
                Action::None
            }
        }
    }

    fn reason_picked(&mut self, i: usize) -> Action {
        let Some(purpose) = self.reason.take() else {
            return Action::None;
        };
        let Some((_, audit)) = purpose.options().get(i).copied() else {
            return Action::None;
        };
        let Some(staff) = self.staff() else {
            return Action::None;
        };
        match purpose {
            ReasonFor::Unlock(locked) => {
                self.busy = true;
                run(
                    self.port
                        .unlock(staff, locked.confirmation, audit.to_owned()),
                    Message::Unlocked,
                )
            }
            ReasonFor::VerifyId(document) => {
                let Page::Guest { record, .. } = &self.page else {
                    return Action::None;
                };
                self.busy = true;
                run(
                    self.port.verify_by_id(
                        staff,
                        record.confirmation.clone(),
                        document,
                        audit.to_owned(),
                    ),
                    Message::IdVerified,
                )
            }
            ReasonFor::LiftPause(pause) => {
                self.busy = true;
                run(
                    self.port
                        .lift_pumping_pause(staff, pause.prefix, audit.to_owned()),
                    Message::PauseLifted,
                )
            }
            ReasonFor::ChangePhone(check) => {
                if let Page::Guest { step, .. } = &mut self.page {
                    *step = GuestStep::Phone {
                        check,
                        reason: audit,
                        number: String::new(),
                    };
                }
                Action::None
            }
        }
    }

    /// Presses and typing on the current page (not while waiting or choosing a reason).
    fn input(&mut self, message: Message) -> Action {
        let port = self.port.clone();
        let staff = self.staff();
        let language = self.language.clone();
        let now = self.now;
        match (&mut self.page, message) {
            (Page::Pin(pin), Message::Keypad(k)) => match k {
                keypad::Message::Digit(d) => {
                    push_limited(&mut pin.digits, char::from(b'0' + d.min(9)), PIN_MAX);
                    // A new PIN clears "wrong PIN", not a cool-down still running or the lock.
                    pin.problem = pin.problem.take().filter(|p| p.outlasts_typing(now));
                    Action::None
                }
                keypad::Message::Backspace => {
                    pin.digits.pop();
                    Action::None
                }
                keypad::Message::Submit => {
                    if pin.digits.len() < PIN_MIN {
                        return Action::None;
                    }
                    let digits = std::mem::take(&mut pin.digits);
                    self.busy = true;
                    run(port.login(digits), Message::LoggedIn)
                }
            },
            (Page::Pin(pin), Message::Typed(t)) => {
                t.chars()
                    .filter(char::is_ascii_digit)
                    .for_each(|c| push_limited(&mut pin.digits, c, PIN_MAX));
                Action::None
            }
            (Page::Locked { items, page }, m @ (Message::PagePrev | Message::PageNext)) => {
                turn(page, items.as_ref().map_or(0, Vec::len), LIST_PAGE, &m);
                Action::None
            }
            (Page::Find { results, page, .. }, m @ (Message::PagePrev | Message::PageNext)) => {
                turn(page, results.as_ref().map_or(0, Vec::len), LIST_PAGE, &m);
                Action::None
            }
            (
                Page::Health {
                    health,
                    page,
                    test_to: None,
                },
                m @ (Message::PagePrev | Message::PageNext),
            ) => {
                let len = health.as_ref().map_or(0, |h| h.pauses.len());
                turn(page, len, PAUSES_PAGE, &m);
                Action::None
            }
            (
                Page::Health {
                    health,
                    test_to: None,
                    ..
                },
                Message::LiftPausePressed(i),
            ) => {
                if let Some(p) = health.as_ref().and_then(|h| h.pauses.get(i)) {
                    self.reason = Some(ReasonFor::LiftPause(p.clone()));
                }
                Action::None
            }
            (Page::Events { items, page }, m @ (Message::PagePrev | Message::PageNext)) => {
                turn(page, items.as_ref().map_or(0, Vec::len), EVENTS_PAGE, &m);
                Action::None
            }
            (Page::Locked { items, .. }, Message::UnlockPressed(i)) => {
                if let Some(l) = items.as_ref().and_then(|v| v.get(i)) {
                    self.reason = Some(ReasonFor::Unlock(l.clone()));
                }
                Action::None
            }
            (Page::Find { query, layout, .. }, Message::Keyboard(k)) => match k {
                keyboard::Message::Char(c) => {
                    push_limited(query, c, 40);
                    Action::None
                }
                keyboard::Message::Space => {
                    push_limited(query, ' ', 40);
                    Action::None
                }
                keyboard::Message::Backspace => {
                    query.pop();
                    Action::None
                }
                keyboard::Message::Layout(l) => {
                    *layout = l;
                    Action::None
                }
                keyboard::Message::Submit => {
                    let q = query.trim().to_owned();
                    match staff {
                        Some(staff) if !q.is_empty() => {
                            self.busy = true;
                            self.notice = None;
                            run(port.find(staff, q), Message::Searched)
                        }
                        _ => Action::None,
                    }
                }
            },
            (Page::Find { query, .. }, Message::Typed(t)) => {
                t.chars()
                    .filter(|c| !c.is_control())
                    .for_each(|c| push_limited(query, c, 40));
                Action::None
            }
            (Page::Find { results, .. }, Message::GuestPicked(i)) => {
                let list = results.clone().unwrap_or_default();
                if let Some(record) = list.get(i).cloned() {
                    self.notice = None;
                    self.page = Page::Guest {
                        record,
                        step: GuestStep::Actions,
                        results: list,
                    };
                }
                Action::None
            }
            (
                Page::Guest {
                    results, record, ..
                },
                Message::BackToResults,
            ) => {
                let results = std::mem::take(results);
                let query = record.confirmation.clone();
                self.notice = None;
                self.page = Page::Find {
                    query,
                    layout: keyboard::Layout::Letters,
                    results: Some(results),
                    page: 0,
                };
                Action::None
            }
            (Page::Guest { step, .. }, Message::VerifyIdPressed) => {
                *step = GuestStep::Document;
                Action::None
            }
            (Page::Guest { step, .. }, Message::DocumentPicked(d)) => {
                if *step == GuestStep::Document {
                    self.reason = Some(ReasonFor::VerifyId(d));
                }
                Action::None
            }
            (
                Page::Guest {
                    step: GuestStep::Verified(check),
                    ..
                },
                Message::CheckInPressed,
            ) => {
                let check = check.clone();
                self.busy = true;
                run(port.check_in(check, language), Message::CheckedIn)
            }
            (Page::Guest { step, .. }, Message::ChangePhonePressed) => {
                if let GuestStep::Verified(check) = step {
                    self.reason = Some(ReasonFor::ChangePhone(check.clone()));
                }
                Action::None
            }
            (
                Page::Guest {
                    step:
                        GuestStep::Phone {
                            number,
                            check,
                            reason,
                        },
                    ..
                },
                m,
            ) => match number_entry(number, m) {
                Entry::Cancel => {
                    let check = check.clone();
                    if let Page::Guest { step, .. } = &mut self.page {
                        *step = GuestStep::Verified(check);
                    }
                    Action::None
                }
                Entry::Submit if number.len() >= 6 => {
                    let (check, number, reason) =
                        (check.clone(), number.clone(), (*reason).to_owned());
                    self.busy = true;
                    run(
                        port.change_phone(check, number, reason),
                        Message::PhoneChanged,
                    )
                }
                _ => Action::None,
            },
            (Page::Health { .. }, Message::RefreshPressed) => match staff {
                Some(staff) => {
                    self.busy = true;
                    run(port.health(staff), Message::HealthLoaded)
                }
                None => Action::None,
            },
            (Page::Health { test_to, .. }, Message::TestSmsPressed) => {
                *test_to = Some(String::new());
                Action::None
            }
            (
                Page::Health {
                    test_to: Some(number),
                    ..
                },
                m,
            ) => match number_entry(number, m) {
                Entry::Cancel => {
                    if let Page::Health { test_to, .. } = &mut self.page {
                        *test_to = None;
                    }
                    Action::None
                }
                Entry::Submit if number.len() >= 6 => match staff {
                    Some(staff) => {
                        let to = number.clone();
                        self.busy = true;
                        self.notice = None;
                        run(port.send_test_sms(staff, to), Message::TestSent)
                    }
                    None => Action::None,
                },
                _ => Action::None,
            },
            _ => Action::None,
        }
    }

    /// What the focus ring moves through changes with this; the app starts the ring afresh
    /// (like on a new screen) whenever it does.
    pub fn focus_context(&self) -> (&'static str, bool, bool) {
        (self.page.name(), self.reason.is_some(), self.confirm_exit)
    }

    /// Where typing goes on this page: the app moves the focus there when keys type, so Enter
    /// then submits what was typed rather than pressing whatever the ring was on.
    pub fn typing_target(&self) -> Option<&'static str> {
        if self.reason.is_some() || self.confirm_exit {
            return None;
        }
        match &self.page {
            Page::Pin(_)
            | Page::Guest {
                step: GuestStep::Phone { .. },
                ..
            }
            | Page::Health {
                test_to: Some(_), ..
            } => Some("kp-ok"),
            Page::Find { results: None, .. } => Some(QUERY_ID),
            _ => None,
        }
    }

    /// Physical keys: digits and letters type, Enter submits, Escape steps back.
    pub fn key_message(&self, key: &KeyPress) -> Option<Message> {
        if self.confirm_exit {
            return match key {
                KeyPress::Escape => Some(Message::ExitCancelled),
                _ => None,
            };
        }
        if self.reason.is_some() {
            return match key {
                KeyPress::Escape => Some(Message::ReasonCancelled),
                _ => None,
            };
        }
        let numeric = matches!(
            self.page,
            Page::Pin(_)
                | Page::Guest {
                    step: GuestStep::Phone { .. },
                    ..
                }
                | Page::Health {
                    test_to: Some(_),
                    ..
                }
        );
        match key {
            KeyPress::Text(t) => Some(Message::Typed(t.clone())),
            KeyPress::Space if matches!(self.page, Page::Find { .. }) => {
                Some(Message::Keyboard(keyboard::Message::Space))
            }
            KeyPress::Backspace if numeric => Some(Message::Keypad(keypad::Message::Backspace)),
            KeyPress::Backspace => Some(Message::Keyboard(keyboard::Message::Backspace)),
            KeyPress::Enter if numeric => Some(Message::Keypad(keypad::Message::Submit)),
            KeyPress::Enter if matches!(self.page, Page::Find { .. }) => {
                Some(Message::Keyboard(keyboard::Message::Submit))
            }
            KeyPress::Escape if numeric && !matches!(self.page, Page::Pin(_)) => {
                Some(Message::NumberCancelled)
            }
            KeyPress::Escape => match &self.page {
                Page::Pin(_) => Some(Message::GuestModePressed),
                Page::Guest { .. } => Some(Message::BackToResults),
                _ => None,
            },
            _ => None,
        }
    }

    /// Every control keyboard users can reach, in the view's grid (the nav rail is column 0).
    pub fn focusables(&self, landscape: bool) -> Vec<Focusable<Message>> {
        if self.confirm_exit {
            return vec![
                Focusable::new("exit-cancel", 0, 0, Message::ExitCancelled),
                Focusable::new("exit-confirm", 0, 1, Message::ExitConfirmed),
            ];
        }
        if let Some(purpose) = &self.reason {
            let mut out: Vec<_> = (0..purpose.options().len())
                .map(|i| Focusable::new(reason_id(i), i as u16, 0, Message::ReasonPicked(i)))
                .collect();
            out.push(Focusable::new(
                "reason-cancel",
                purpose.options().len() as u16,
                0,
                Message::ReasonCancelled,
            ));
            return out;
        }
        let mut out = vec![Focusable::new(
            "staff-leave",
            0,
            99,
            Message::GuestModePressed,
        )];
        if self.who.is_some() {
            // Landscape: the rail is a column on the left; portrait: a row on top.
            let at = |i: usize| {
                if landscape {
                    (1 + i as u16, 0)
                } else {
                    (1, i as u16)
                }
            };
            for (i, s) in Section::ALL.iter().enumerate() {
                let (r, c) = at(i);
                out.push(Focusable::new(s.id(), r, c, Message::SectionPressed(*s)));
            }
            let (r, c) = at(Section::ALL.len());
            out.push(Focusable::new("staff-exit", r, c, Message::ExitPressed));
        }
        let (row0, col0) = if landscape { (1, 1) } else { (2, 0) };
        let content = self.content_focusables();
        out.extend(content.into_iter().map(|f| Focusable {
            row: f.row + row0,
            col: f.col + col0,
            ..f
        }));
        out
    }

    fn content_focusables(&self) -> Vec<Focusable<Message>> {
        let keypad = |first_row: u16| {
            keypad::focusables(first_row, 0)
                .into_iter()
                .map(|f| f.map(Message::Keypad))
                .collect::<Vec<_>>()
        };
        let pager = |row: u16, len: usize, per: usize, page: usize| {
            let mut v = Vec::new();
            if page > 0 {
                v.push(Focusable::new("page-prev", row, 0, Message::PagePrev));
            }
            if (page + 1) * per < len {
                v.push(Focusable::new("page-next", row, 1, Message::PageNext));
            }
            v
        };
        match &self.page {
            Page::Pin(_) => keypad(0),
            Page::Locked { items, page } => {
                let len = items.as_ref().map_or(0, Vec::len);
                let mut v: Vec<_> = visible(len, *page, LIST_PAGE)
                    .map(|(row, i)| {
                        Focusable::new(unlock_id(i), row as u16, 0, Message::UnlockPressed(i))
                    })
                    .collect();
                v.extend(pager(LIST_PAGE as u16, len, LIST_PAGE, *page));
                v
            }
            Page::Find {
                layout,
                results,
                page,
                ..
            } => match results {
                Some(list) => {
                    let mut v: Vec<_> = visible(list.len(), *page, LIST_PAGE)
                        .map(|(row, i)| {
                            Focusable::new(guest_id(i), row as u16, 0, Message::GuestPicked(i))
                        })
                        .collect();
                    v.push(Focusable::new(
                        "search-again",
                        LIST_PAGE as u16 + 1,
                        0,
                        Message::SectionPressed(Section::Find),
                    ));
                    v.extend(pager(LIST_PAGE as u16, list.len(), LIST_PAGE, *page));
                    v
                }
                _ => {
                    let mut v = vec![Focusable::new(
                        QUERY_ID,
                        0,
                        0,
                        Message::Keyboard(keyboard::Message::Submit),
                    )];
                    v.extend(
                        keyboard::focusables(*layout, 1)
                            .into_iter()
                            .map(|f| f.map(Message::Keyboard)),
                    );
                    v
                }
            },
            Page::Guest { step, record, .. } => match step {
                GuestStep::Actions => {
                    let mut v = vec![Focusable::new(
                        "back-to-results",
                        0,
                        0,
                        Message::BackToResults,
                    )];
                    v.push(Focusable::new("verify-id", 1, 0, Message::VerifyIdPressed));
                    v
                }
                GuestStep::Document => DocumentType::ALL
                    .iter()
                    .enumerate()
                    .map(|(i, d)| {
                        Focusable::new(document_id(*d), i as u16, 0, Message::DocumentPicked(*d))
                    })
                    .collect(),
                GuestStep::Verified(_) => {
                    let mut v = Vec::new();
                    if record.status != "checked_in" {
                        v.push(Focusable::new(
                            "staff-check-in",
                            0,
                            0,
                            Message::CheckInPressed,
                        ));
                    }
                    v.push(Focusable::new(
                        "change-phone",
                        0,
                        1,
                        Message::ChangePhonePressed,
                    ));
                    v
                }
                GuestStep::Phone { .. } => {
                    let mut v = vec![
                        Focusable::new("phone-plus", 0, 3, Message::PlusPressed),
                        Focusable::new("number-cancel", 1, 3, Message::NumberCancelled),
                    ];
                    v.extend(keypad(0));
                    v
                }
            },
            Page::Health {
                health,
                page,
                test_to,
            } => match test_to {
                Some(_) => {
                    let mut v = vec![
                        Focusable::new("phone-plus", 0, 3, Message::PlusPressed),
                        Focusable::new("number-cancel", 1, 3, Message::NumberCancelled),
                    ];
                    v.extend(keypad(0));
                    v
                }
                None => {
                    // In the view's order: the pauses (and their pager) above the buttons.
                    let len = health.as_ref().map_or(0, |h| h.pauses.len());
                    let mut v: Vec<_> = visible(len, *page, PAUSES_PAGE)
                        .map(|(row, i)| {
                            Focusable::new(lift_id(i), row as u16, 0, Message::LiftPausePressed(i))
                        })
                        .collect();
                    let below = PAUSES_PAGE as u16;
                    v.extend(pager(below, len, PAUSES_PAGE, *page));
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
            },
            Page::Events { items, page } => {
                pager(0, items.as_ref().map_or(0, Vec::len), EVENTS_PAGE, *page)
            }
        }
    }
}

fn push_limited(s: &mut String, c: char, max: usize) {
    if s.chars().count() < max {
        s.push(c);
    }
}

/// The (row on screen, index in the list) pairs of one page.
pub fn visible(len: usize, page: usize, per: usize) -> impl Iterator<Item = (usize, usize)> {
    let start = page * per;
    (start..len.min(start + per)).enumerate()
}

fn turn(page: &mut usize, len: usize, per: usize, m: &Message) {
    match m {
        Message::PagePrev => *page = page.saturating_sub(1),
        Message::PageNext if (*page + 1) * per < len => *page += 1,
        _ => {}
    }
}

enum Entry {
    Edited,
    Submit,
    Cancel,
}

/// A phone number typed on the keypad (or keyboard): digits, one leading "+".
fn number_entry(number: &mut String, m: Message) -> Entry {
    match m {
        Message::Keypad(keypad::Message::Digit(d)) => {
            push_limited(number, char::from(b'0' + d.min(9)), PHONE_MAX);
        }
        Message::Keypad(keypad::Message::Backspace) => {
            number.pop();
        }
        Message::Keypad(keypad::Message::Submit) => return Entry::Submit,
        Message::NumberCancelled => return Entry::Cancel,
        Message::PlusPressed if number.is_empty() => number.push('+'),
        Message::Typed(t) => {
            for c in t.chars() {
                if c.is_ascii_digit() || (c == '+' && number.is_empty()) {
                    push_limited(number, c, PHONE_MAX);
                }
            }
        }
        _ => {}
    }
    Entry::Edited
}

/// The search field on the Find page.
pub const QUERY_ID: &str = "staff-query";

pub fn reason_id(i: usize) -> String {
    format!("reason-{i}")
}

pub fn unlock_id(i: usize) -> String {
    format!("unlock-{i}")
}

pub fn lift_id(i: usize) -> String {
    format!("lift-pause-{i}")
}

pub fn guest_id(i: usize) -> String {
    format!("guest-{i}")
}

pub fn document_id(d: DocumentType) -> String {
    format!("doc-{}", d.as_str())
}
