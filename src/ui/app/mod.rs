//! The kiosk application: the screen state machine, the guest session, idle wipe, keyboard focus,
//! and the only place that calls the [`Backend`]. `update` returns an [`Effect`] (plain futures
//! plus the odd window task) so tests run the same futures the iced runtime would.

mod boot;
mod chrome;
mod input;
mod staff_mode;
mod timers;

use std::sync::Arc;
use std::time::Duration;

use iced::{Size, Subscription, Task, event, window};
use jiff::{SignedDuration, Timestamp};

use super::backend::{Backend, BoxFuture, ChallengeRef, Completion, GuestError, GuestView, Lookup};
use super::focus::FocusRing;
use super::i18n::I18n;
use super::screen::{
    assistance, confirm_phone, desk, email, enter_code, find, idle, maintenance, second_factor,
    sending, staff, success, welcome,
};
use super::theme::{Palette, Sizes};
use crate::journey::{CheckResult, DeskReason, SendResult};
use crate::otp::Purpose;

pub use crate::ui::key::KeyPress;
pub use boot::{APP_ID, Boot, Settings, Started, application};
use input::input_event;

#[derive(Debug, Clone)]
pub enum Message {
    /// The store and backend are up (or failed): leave the starting screen.
    Started(Started),
    Welcome(welcome::Message),
    Find(find::Message),
    ConfirmPhone(confirm_phone::Message),
    Sending(sending::Message),
    EnterCode(enter_code::Message),
    SecondFactor(second_factor::Message),
    Success(success::Message),
    Desk(desk::Message),
    Email(email::Message),
    Idle(idle::Message),
    Assistance(assistance::Message),
    Staff(staff::Message),
    /// A tap on the hotel's logo (enough of them quickly open staff mode).
    BrandTapped,
    /// Ctrl+Alt+S.
    StaffShortcut,
    /// The header's Back / Start over.
    BackPressed,
    AssistancePressed,
    Key(KeyPress),
    /// A touch or click anywhere (keeps the session alive, hides the focus ring).
    Pointer,
    /// The one-second clock of screens with countdowns (and the idle check).
    Tick,
    /// Backend replies, tagged with the request they answer; stale ones are dropped.
    LookedUp(u64, Result<Lookup, GuestError>),
    CodeSent(u64, Result<SendResult, GuestError>),
    Verified(u64, Result<CheckResult, GuestError>),
    FactorChecked(u64, Result<CheckResult, GuestError>),
    Completed(u64, Result<Completion, GuestError>),
    AssistanceLogged(Result<super::backend::AssistanceOutcome, GuestError>),
    EmailSaved(u64, Result<crate::journey::EmailResult, GuestError>),
    WindowOpened(window::Id, Option<Size>),
    Resized(Size),
}

/// What `update` asks the runtime to do.
pub enum Effect {
    None,
    Future(BoxFuture<'static, Message>),
    /// Window management; tests ignore it.
    Task(Task<Message>),
}

impl Effect {
    pub fn into_task(self) -> Task<Message> {
        match self {
            Effect::None => Task::none(),
            Effect::Future(f) => Task::future(f),
            Effect::Task(t) => t,
        }
    }

    /// The future to run, if any (tests await it and feed the result back).
    pub fn into_future(self) -> Option<BoxFuture<'static, Message>> {
        match self {
            Effect::Future(f) => Some(f),
            _ => None,
        }
    }
}

pub enum Screen {
    Welcome(welcome::Welcome),
    Find(find::Find),
    ConfirmPhone(confirm_phone::ConfirmPhone),
    Sending(sending::Sending),
    EnterCode(enter_code::EnterCode),
    SecondFactor(second_factor::SecondFactor),
    Success(success::Success),
    Desk(desk::Desk),
    /// My stay → update email.
    Email(email::Email),
    Maintenance(maintenance::Maintenance),
    Staff(Box<staff::Staff>),
    /// The first frame, while the store and backend come up.
    Starting,
}

impl Screen {
    pub fn name(&self) -> &'static str {
        match self {
            Screen::Welcome(_) => "welcome",
            Screen::Find(_) => "find",
            Screen::ConfirmPhone(_) => "confirm_phone",
            Screen::Sending(_) => "sending",
            Screen::EnterCode(_) => "enter_code",
            Screen::SecondFactor(_) => "second_factor",
            Screen::Success(_) => "success",
            Screen::Desk(_) => "desk",
            Screen::Email(_) => "email",
            Screen::Maintenance(_) => "maintenance",
            Screen::Staff(s) => s.name(),
            Screen::Starting => "starting",
        }
    }
}

/// Everything known about the current guest; dropped as a whole on reset.
#[derive(Debug, Default, Clone)]
pub struct Session {
    pub purpose: Option<Purpose>,
    pub guest: Option<GuestView>,
    pub challenge: Option<ChallengeRef>,
}

impl Session {
    pub fn is_empty(&self) -> bool {
        self.purpose.is_none() && self.guest.is_none() && self.challenge.is_none()
    }
}

pub struct Kiosk {
    backend: Option<Arc<dyn Backend>>,
    pub settings: Settings,
    i18n: Arc<I18n>,
    palette: Palette,
    sizes: Sizes,
    pub lang: String,
    pub screen: Screen,
    pub session: Session,
    pub idle: Option<idle::Idle>,
    pub assistance: Option<assistance::Assistance>,
    pub focus: FocusRing,
    last_input: Timestamp,
    /// The request whose reply the current screen waits for; replies to others are dropped.
    awaiting: Option<u64>,
    next_request: u64,
    /// Physical window size, for the UI scale and landscape/portrait layout.
    physical: Size,
    scale: f32,
    /// Recent logo taps, for the staff gesture.
    brand_taps: Vec<Timestamp>,
    /// The wall clock and the monotonic clock at the last tick: when the wall clock falls
    /// behind (moved back), every deadline is moved with it, so no timer lasts longer.
    last_tick: Option<(Timestamp, std::time::Instant)>,
    /// "Exit kiosk" was confirmed and journaled; the runtime is quitting.
    pub exiting: bool,
}

/// The design is drawn for 1280x800 landscape or 1080x1920 portrait logical pixels.
pub(super) fn fit_scale(physical: Size) -> f32 {
    let s = if physical.width >= physical.height {
        (physical.width / 1280.0).min(physical.height / 800.0)
    } else {
        (physical.width / 1080.0).min(physical.height / 1920.0)
    };
    s.clamp(0.5, 4.0)
}

/// A wall clock behind the monotonic clock by more than this moved back (ticks come every
/// second; a smaller drift is not worth correcting, and a test's paused clock stays below it).
pub(super) const CLOCK_JUMP: SignedDuration = SignedDuration::from_secs(60);

pub(super) fn signed(d: Duration) -> SignedDuration {
    SignedDuration::try_from(d).unwrap_or(SignedDuration::MAX)
}

impl Kiosk {
    pub fn new(boot: Boot) -> Self {
        // The translations are compiled in and checked by tests; a failure here is a build bug,
        // shown to IT on the maintenance screen rather than a crash.
        let (i18n, boot) = match I18n::load() {
            Ok(i) => (i, boot),
            Err(e) => (
                I18n::empty(),
                Boot::Maintenance {
                    error: e.to_string(),
                    settings: boot.settings().clone(),
                },
            ),
        };
        let (backend, settings, screen) = match boot {
            Boot::Ready { backend, settings } => {
                (Some(backend), settings, Screen::Welcome(welcome::Welcome))
            }
            Boot::Starting { settings, .. } => (None, settings, Screen::Starting),
            Boot::Maintenance { error, settings } => {
                tracing::error!("kiosk in maintenance: {error}");
                (
                    None,
                    settings,
                    Screen::Maintenance(maintenance::Maintenance { error }),
                )
            }
        };
        let physical = Size::new(1280.0, 800.0);
        let mut kiosk = Self {
            backend,
            palette: Palette::from_branding(&settings.branding),
            sizes: Sizes::standard(),
            lang: settings.default_language.clone(),
            settings,
            i18n: Arc::new(i18n),
            screen,
            session: Session::default(),
            idle: None,
            assistance: None,
            focus: FocusRing::default(),
            last_input: Timestamp::UNIX_EPOCH,
            awaiting: None,
            next_request: 0,
            physical,
            scale: fit_scale(physical),
            brand_taps: Vec::new(),
            last_tick: None,
            exiting: false,
        };
        kiosk.last_input = kiosk.now();
        kiosk
    }

    pub fn now(&self) -> Timestamp {
        self.backend
            .as_ref()
            .map_or_else(Timestamp::now, |b| b.now())
    }

    pub fn i18n(&self) -> &I18n {
        &self.i18n
    }

    pub fn palette(&self) -> Palette {
        self.palette
    }

    pub fn theme(&self) -> iced::Theme {
        self.palette.iced_theme()
    }

    pub fn scale_factor(&self) -> f32 {
        self.scale
    }

    pub fn title(&self) -> String {
        format!("lobby-kiosk — {}", self.settings.property)
    }

    /// Use a different layout size (tests render portrait with this).
    pub fn set_physical_size(&mut self, size: Size) {
        self.physical = size;
        self.scale = fit_scale(size);
    }

    pub(super) fn request(&mut self) -> u64 {
        self.next_request += 1;
        self.awaiting = Some(self.next_request);
        self.next_request
    }

    pub(super) fn is_current(&mut self, id: u64) -> bool {
        if self.awaiting == Some(id) {
            self.awaiting = None;
            true
        } else {
            false
        }
    }

    /// Guest input: the session is alive, and a "Still there?" prompt goes away.
    pub(super) fn touch(&mut self) {
        self.last_input = self.now();
        self.idle = None;
        if let Screen::Staff(s) = &mut self.screen {
            s.touched(self.last_input);
        }
    }

    pub(super) fn show(&mut self, screen: Screen) {
        self.screen = screen;
        self.focus.reset();
    }

    /// Back to Welcome with nothing of the guest left in memory.
    pub fn reset(&mut self) {
        if let Some(backend) = &self.backend {
            backend.forget();
        }
        self.show(Screen::Welcome(welcome::Welcome));
        self.session = Session::default();
        self.lang = self.settings.default_language.clone();
        self.sizes = Sizes::standard();
        self.brand_taps.clear();
        self.idle = None;
        self.assistance = None;
        self.awaiting = None;
        self.last_input = self.now();
    }

    /// A booking found for the session's purpose: on to the phone (or the desk without one).
    pub(super) fn found(&mut self, guest: GuestView) {
        let masked = guest.masked_phone.clone();
        let first_name = guest.first_name.clone();
        let last_name = guest.last_name.clone();
        self.session.guest = Some(guest);
        match masked {
            None => self.desk(DeskReason::NoPhone),
            Some(masked_phone) => {
                self.show(Screen::ConfirmPhone(confirm_phone::ConfirmPhone {
                    first_name,
                    last_name,
                    masked_phone,
                }));
            }
        }
    }

    /// The assistance overlay, journaled with the screen it came from and the booking, if any.
    pub(super) fn call_staff(&mut self, backend: &Arc<dyn Backend>) -> Effect {
        self.assistance = Some(assistance::Assistance::default());
        self.focus.reset();
        let reservation = self.session.guest.as_ref().map(|g| g.reservation.clone());
        let fut = backend.request_assistance(reservation, self.screen.name());
        Effect::Future(Box::pin(
            async move { Message::AssistanceLogged(fut.await) },
        ))
    }

    pub(super) fn desk(&mut self, reason: DeskReason) {
        self.session.challenge = None;
        self.show(Screen::Desk(desk::Desk { reason }));
    }

    pub(super) fn machinery_failed(&mut self, what: &str, error: &GuestError) {
        tracing::error!("{what} failed: {error}");
        self.desk(DeskReason::Other);
    }

    /// Whether the idle timer runs: not while a send is in flight, not on an untouched Welcome,
    /// not on the maintenance screen.
    pub fn idle_applies(&self) -> bool {
        match &self.screen {
            Screen::Maintenance(_) | Screen::Starting | Screen::Staff(_) => false,
            Screen::Sending(s) => s.failed,
            Screen::Welcome(_) => {
                self.lang != self.settings.default_language
                    || self.assistance.is_some()
                    || self.sizes != Sizes::standard()
            }
            _ => true,
        }
    }

    pub(super) fn needs_tick(&self) -> bool {
        self.idle.is_some()
            || self.idle_applies()
            || matches!(self.screen, Screen::EnterCode(_) | Screen::Success(_))
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![event::listen_with(input_event)];
        if matches!(&self.screen, Screen::Sending(s) if !s.failed) {
            subs.push(iced::time::every(Duration::from_millis(500)).map(|_| Message::Tick));
        } else if self.needs_tick() {
            subs.push(iced::time::every(Duration::from_secs(1)).map(|_| Message::Tick));
        }
        if let Screen::Staff(s) = &self.screen {
            subs.push(s.subscription().map(Message::Staff));
        }
        Subscription::batch(subs)
    }

    pub fn update(&mut self, message: Message) -> Effect {
        if let Message::Started(started) = &message {
            return self.started(started);
        }
        let Some(backend) = self.backend.clone() else {
            // Maintenance: nothing for guests to do; keep the window sized.
            return self.window_message(message);
        };
        match message {
            Message::Pointer => {
                self.touch();
                self.focus.hide();
                Effect::None
            }
            Message::Key(key) => {
                // The first key after "Still there?" only answers it.
                let answering = self.idle.is_some();
                self.touch();
                if answering {
                    self.focus.reset();
                    return Effect::None;
                }
                self.on_key(key)
            }
            Message::Tick => self.on_tick(),
            Message::StaffShortcut => {
                self.touch();
                self.enter_staff()
            }
            Message::BrandTapped => {
                self.touch();
                self.brand_tapped()
            }
            Message::Staff(m) => self.staff_message(m),
            Message::BackPressed => {
                self.touch();
                self.back();
                Effect::None
            }
            Message::AssistancePressed => {
                self.touch();
                self.call_staff(&backend)
            }
            Message::AssistanceLogged(result) => {
                match result {
                    Ok(outcome) => {
                        if let Some(a) = &mut self.assistance {
                            a.notified = outcome.desk_notified;
                        }
                    }
                    Err(e) => tracing::error!("assistance request not journaled: {e}"),
                }
                Effect::None
            }
            Message::Assistance(m) => {
                self.touch();
                if let Some(a) = &mut self.assistance
                    && a.update(m) == assistance::Action::Close
                {
                    self.assistance = None;
                    self.focus.reset();
                }
                Effect::None
            }
            Message::Idle(m) => {
                if let Some(i) = &mut self.idle {
                    let idle::Action::Continue = i.update(m);
                }
                self.touch();
                self.focus.reset();
                Effect::None
            }
            Message::Welcome(m) => {
                self.touch();
                let Screen::Welcome(w) = &mut self.screen else {
                    return Effect::None;
                };
                match w.update(m) {
                    welcome::Action::SetLanguage(l) => {
                        if self.settings.languages.contains(&l) {
                            self.lang = l;
                        }
                    }
                    welcome::Action::ToggleLargerText => {
                        self.sizes = if self.sizes == Sizes::standard() {
                            Sizes::standard().larger()
                        } else {
                            Sizes::standard()
                        };
                    }
                    welcome::Action::Start(purpose) => {
                        self.session.purpose = Some(purpose);
                        let prefix = self.settings.scanner_prefix.clone();
                        self.show(Screen::Find(find::Find::new(purpose, prefix)));
                        self.focus.set(find::field_id(0));
                    }
                }
                Effect::None
            }
            Message::Find(m) => {
                self.touch();
                let Screen::Find(f) = &mut self.screen else {
                    return Effect::None;
                };
                if let find::Message::FieldSelected(i) = m {
                    self.focus.set(find::field_id(i));
                }
                match f.update(m) {
                    find::Action::None => Effect::None,
                    find::Action::Lookup(query) => {
                        let purpose = f.purpose;
                        // A booking an earlier search found is not this search's.
                        self.session.guest = None;
                        let id = self.request();
                        let fut = backend.lookup(query, purpose);
                        Effect::Future(Box::pin(async move { Message::LookedUp(id, fut.await) }))
                    }
                    find::Action::Forward(find::Forward::Step(purpose)) => {
                        if let Some(guest) = self.session.guest.clone() {
                            self.session.purpose = Some(purpose);
                            self.found(guest);
                        }
                        Effect::None
                    }
                    find::Action::Forward(find::Forward::CallStaff) => self.call_staff(&backend),
                }
            }
            Message::LookedUp(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                let Screen::Find(f) = &mut self.screen else {
                    return Effect::None;
                };
                match result {
                    Ok(Lookup::Found(guest)) => self.found(guest),
                    Ok(Lookup::NotFound) => f.failed(find::Problem::NotFound),
                    Ok(Lookup::AskForSurname { confirmation }) => {
                        f.ask_surname(confirmation);
                        self.focus.set(find::field_id(1));
                    }
                    Ok(Lookup::NotFor { guest, mismatch }) => {
                        // Kept for the step the screen offers instead (and an assistance call).
                        self.session.guest = Some(guest);
                        f.failed(find::Problem::Mismatch(mismatch));
                    }
                    Ok(Lookup::Paused { retry_after_s }) => {
                        f.failed(find::Problem::Paused(retry_after_s));
                    }
                    Err(e) => self.machinery_failed("lookup", &e),
                }
                Effect::None
            }
            Message::ConfirmPhone(m) => {
                self.touch();
                let Screen::ConfirmPhone(c) = &mut self.screen else {
                    return Effect::None;
                };
                let confirm_phone::Action::SendCode = c.update(m);
                self.send_code(&backend)
            }
            Message::Sending(m) => {
                self.touch();
                let Screen::Sending(s) = &mut self.screen else {
                    return Effect::None;
                };
                match s.update(m) {
                    sending::Action::Cancel => {
                        // The reply of the abandoned send is dropped when it arrives.
                        self.awaiting = None;
                        match self.session.guest.clone() {
                            Some(g) => {
                                self.show(Screen::ConfirmPhone(confirm_phone::ConfirmPhone {
                                    first_name: g.first_name,
                                    last_name: g.last_name,
                                    masked_phone: g.masked_phone.unwrap_or_default(),
                                }))
                            }
                            None => self.reset(),
                        }
                        Effect::None
                    }
                    sending::Action::Retry => self.send_code(&backend),
                }
            }
            Message::CodeSent(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                self.code_sent(result);
                Effect::None
            }
            Message::EnterCode(m) => {
                self.touch();
                let Screen::EnterCode(c) = &mut self.screen else {
                    return Effect::None;
                };
                let Some(challenge) = self.session.challenge.clone() else {
                    return Effect::None;
                };
                match c.update(m) {
                    enter_code::Action::None => Effect::None,
                    enter_code::Action::Verify(code) => {
                        let id = self.request();
                        let fut = backend.verify(challenge, code);
                        Effect::Future(Box::pin(async move { Message::Verified(id, fut.await) }))
                    }
                    enter_code::Action::Resend => {
                        let id = self.request();
                        let fut = backend.resend(challenge, self.lang.clone());
                        Effect::Future(Box::pin(async move { Message::CodeSent(id, fut.await) }))
                    }
                }
            }
            Message::Verified(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                let Screen::EnterCode(c) = &mut self.screen else {
                    return Effect::None;
                };
                match result {
                    Ok(CheckResult::SecondFactor(kind))
                        if kind != crate::config::SecondFactor::None =>
                    {
                        let order = self.settings.date_of_birth_order;
                        self.show(Screen::SecondFactor(second_factor::SecondFactor::new(
                            kind, order,
                        )));
                        Effect::None
                    }
                    Ok(CheckResult::Verified | CheckResult::SecondFactor(_)) => {
                        self.complete(&backend)
                    }
                    // The code is used up (the domain refuses a new one for it too): only
                    // the desk helps now, worded like every other desk reason.
                    Ok(CheckResult::Wrong { attempts_left: 0 }) => {
                        self.desk(DeskReason::Other);
                        Effect::None
                    }
                    Ok(CheckResult::Wrong { attempts_left }) => {
                        c.rejected(enter_code::Problem::Wrong { attempts_left });
                        Effect::None
                    }
                    // Expired, used up or replaced, or not a code at all (the keypad only
                    // offers digits): the guest asks for a new one, worded alike.
                    Ok(CheckResult::Expired | CheckResult::Closed | CheckResult::Invalid) => {
                        c.rejected(enter_code::Problem::Expired);
                        Effect::None
                    }
                    Ok(CheckResult::Locked) => {
                        self.desk(DeskReason::Locked);
                        Effect::None
                    }
                    Err(e) => {
                        self.machinery_failed("code check", &e);
                        Effect::None
                    }
                }
            }
            Message::SecondFactor(m) => {
                self.touch();
                let Screen::SecondFactor(s) = &mut self.screen else {
                    return Effect::None;
                };
                let Some(challenge) = self.session.challenge.clone() else {
                    return Effect::None;
                };
                match s.update(m) {
                    second_factor::Action::None => Effect::None,
                    second_factor::Action::Submit(answer) => {
                        let id = self.request();
                        let fut = backend.second_factor(challenge, answer);
                        Effect::Future(Box::pin(
                            async move { Message::FactorChecked(id, fut.await) },
                        ))
                    }
                }
            }
            Message::FactorChecked(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                let Screen::SecondFactor(s) = &mut self.screen else {
                    return Effect::None;
                };
                match result {
                    Ok(CheckResult::Verified | CheckResult::SecondFactor(_)) => {
                        self.complete(&backend)
                    }
                    // Wrong with tries left, or not in the expected shape (nothing counted):
                    // the guest tries again.
                    Ok(CheckResult::Wrong { attempts_left }) if attempts_left > 0 => {
                        s.rejected();
                        Effect::None
                    }
                    Ok(CheckResult::Invalid) => {
                        s.rejected();
                        Effect::None
                    }
                    Ok(
                        CheckResult::Wrong { .. }
                        | CheckResult::Locked
                        | CheckResult::Closed
                        | CheckResult::Expired,
                    ) => {
                        self.desk(DeskReason::Locked);
                        Effect::None
                    }
                    Err(e) => {
                        self.machinery_failed("second factor", &e);
                        Effect::None
                    }
                }
            }
            Message::Completed(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                self.session.challenge = None;
                match result {
                    Ok(Completion::SeeDesk(reason)) => self.desk(reason),
                    Ok(completion) => {
                        let now = self.now();
                        if let Some(s) =
                            success::Success::new(completion, now, self.settings.success_reset)
                        {
                            self.show(Screen::Success(s));
                        }
                    }
                    Err(e) => self.machinery_failed("check-in", &e),
                }
                Effect::None
            }
            Message::Success(m) => {
                self.touch();
                if let Screen::Success(s) = &mut self.screen {
                    match s.update(m) {
                        success::Action::Done => self.reset(),
                        success::Action::UpdateEmail(change) => {
                            self.show(Screen::Email(email::Email::new(change)));
                        }
                    }
                }
                Effect::None
            }
            Message::Email(m) => {
                self.touch();
                let Screen::Email(e) = &mut self.screen else {
                    return Effect::None;
                };
                match e.update(m) {
                    email::Action::None => Effect::None,
                    email::Action::Done => {
                        self.reset();
                        Effect::None
                    }
                    email::Action::Save(change, address) => {
                        let id = self.request();
                        let fut = backend.update_email(change, address);
                        Effect::Future(Box::pin(async move { Message::EmailSaved(id, fut.await) }))
                    }
                }
            }
            Message::EmailSaved(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                match (result, &mut self.screen) {
                    (Ok(outcome), Screen::Email(e)) => e.saved(outcome),
                    (Err(e), _) => self.machinery_failed("email update", &e),
                    _ => {}
                }
                Effect::None
            }
            Message::Desk(m) => {
                if let Screen::Desk(d) = &mut self.screen {
                    let desk::Action::Done = d.update(m);
                    self.reset();
                }
                Effect::None
            }
            Message::WindowOpened(..) | Message::Resized(_) => self.window_message(message),
            // Handled before the backend check above.
            Message::Started(_) => Effect::None,
        }
    }

    pub(super) fn window_message(&mut self, message: Message) -> Effect {
        match message {
            Message::WindowOpened(id, Some(size)) => {
                self.set_physical_size(size);
                Effect::Task(Task::batch([
                    window::move_to(id, iced::Point::ORIGIN),
                    window::resize(id, size),
                ]))
            }
            Message::Resized(logical) => {
                // iced reports logical pixels at the scale we set; undo it.
                let physical = Size::new(logical.width * self.scale, logical.height * self.scale);
                self.set_physical_size(physical);
                Effect::None
            }
            _ => Effect::None,
        }
    }

    pub(super) fn send_code(&mut self, backend: &Arc<dyn Backend>) -> Effect {
        let (Some(guest), Some(purpose)) = (&self.session.guest, self.session.purpose) else {
            self.reset();
            return Effect::None;
        };
        let reservation = guest.reservation.clone();
        let id = self.request();
        // The guest's language picks the SMS wording too.
        let fut = backend.send_code(reservation, purpose, self.lang.clone());
        self.show(Screen::Sending(sending::Sending::default()));
        Effect::Future(Box::pin(async move { Message::CodeSent(id, fut.await) }))
    }

    pub(super) fn code_sent(&mut self, result: Result<SendResult, GuestError>) {
        let now = self.now();
        // The idle clock was paused while the SMS was on its way.
        self.last_input = now;
        match result {
            Ok(SendResult::Sent(sent)) => {
                self.session.challenge = Some(ChallengeRef(sent.challenge.clone()));
                if let Screen::EnterCode(c) = &mut self.screen {
                    c.now = now;
                    c.resent(sent);
                } else {
                    self.show(Screen::EnterCode(enter_code::EnterCode::new(sent, now)));
                }
            }
            // A new request during the previous code's resend wait: worded like a send limit
            // (come back shortly or ask at the desk).
            Ok(SendResult::TooSoon { retry_after_s }) => {
                tracing::info!(retry_after_s, "code not sent: too soon");
                self.desk(DeskReason::SendLimit);
            }
            Ok(SendResult::SeeDesk(DeskReason::GatewayDown)) => {
                tracing::warn!("code not sent: no SMS gateway accepted the message");
                self.show(Screen::Sending(sending::Sending {
                    failed: true,
                    phase: 0,
                }));
            }
            Ok(SendResult::SeeDesk(reason)) => self.desk(reason),
            Err(e) => {
                tracing::warn!("code not sent: {e}");
                self.show(Screen::Sending(sending::Sending {
                    failed: true,
                    phase: 0,
                }));
            }
        }
    }

    pub(super) fn complete(&mut self, backend: &Arc<dyn Backend>) -> Effect {
        let (Some(challenge), Some(purpose)) =
            (self.session.challenge.clone(), self.session.purpose)
        else {
            self.reset();
            return Effect::None;
        };
        let id = self.request();
        let fut = backend.complete(challenge, purpose, self.lang.clone());
        Effect::Future(Box::pin(async move { Message::Completed(id, fut.await) }))
    }

    /// The header button: Back on the first two steps, Start over afterwards.
    pub(super) fn back_target(&self) -> Option<&'static str> {
        match &self.screen {
            Screen::Find(_) | Screen::ConfirmPhone(_) => Some("back"),
            Screen::EnterCode(_) | Screen::SecondFactor(_) | Screen::Email(_) => Some("start-over"),
            _ => None,
        }
    }

    pub(super) fn back(&mut self) {
        match &self.screen {
            Screen::Find(_) => self.reset(),
            Screen::ConfirmPhone(_) => {
                let purpose = self.session.purpose.unwrap_or(Purpose::CheckIn);
                self.session.guest = None;
                let prefix = self.settings.scanner_prefix.clone();
                self.show(Screen::Find(find::Find::new(purpose, prefix)));
            }
            Screen::EnterCode(_) | Screen::SecondFactor(_) | Screen::Email(_) => self.reset(),
            _ => {}
        }
    }
}
