//! The kiosk application: the screen state machine, the guest session, idle wipe, keyboard focus,
//! and the only place that calls the [`Backend`]. `update` returns an [`Effect`] (plain futures
//! plus the odd window task) so tests run the same futures the iced runtime would.

use std::sync::Arc;
use std::time::Duration;

use iced::widget::{column, container, row};
use iced::{Alignment, Element, Length, Size, Subscription, Task, event, keyboard, window};
use jiff::{SignedDuration, Timestamp};

use super::backend::staff::LeaveCause;
use super::backend::{Backend, BoxFuture, ChallengeRef, Completion, GuestError, GuestView, Lookup};
use super::focus::{FocusRing, Focusable, Nav};
use super::i18n::I18n;
use super::screen::{
    assistance, confirm_phone, desk, email, enter_code, find, idle, maintenance, second_factor,
    sending, staff, success, welcome,
};
use super::theme::{self, Palette, Sizes};
use super::widget::{Kind, Ui};
use crate::config::{Branding, Config};
use crate::journey::{CheckResult, DeskReason, SendResult};
use crate::otp::Purpose;

/// What the UI needs from kiosk.toml; `fallback` when the config itself is what failed.
#[derive(Debug, Clone)]
pub struct Settings {
    pub property: String,
    pub languages: Vec<String>,
    pub default_language: String,
    pub idle_timeout: Duration,
    pub idle_warning: Duration,
    pub success_reset: Duration,
    pub fullscreen: bool,
    pub scanner_prefix: Option<String>,
    pub branding: Branding,
    /// Logo taps that open staff mode (0: only Ctrl+Alt+S), within `staff_taps_window`.
    pub staff_taps: u32,
    pub staff_taps_window: Duration,
    /// How a date of birth is typed (`[otp] date_of_birth_order`).
    pub date_of_birth_order: crate::otp::second_factor::DateOrder,
}

impl Settings {
    pub fn from_config(config: &Config) -> Self {
        Self {
            property: config.kiosk.property.clone(),
            languages: config.kiosk.languages.clone(),
            default_language: config.kiosk.default_language.clone(),
            idle_timeout: config.kiosk.idle_timeout,
            idle_warning: config.kiosk.idle_warning,
            success_reset: config.success.reset_after,
            fullscreen: config.kiosk.fullscreen,
            scanner_prefix: config.lookup.scanner_prefix.clone(),
            branding: config.branding.clone(),
            staff_taps: config.kiosk.staff_taps,
            staff_taps_window: config.kiosk.staff_taps_window,
            date_of_birth_order: config.otp.date_of_birth_order,
        }
    }

    /// Defaults for the maintenance screen when no config could be read.
    pub fn fallback(fullscreen: bool) -> Self {
        Self {
            property: String::new(),
            languages: crate::config::SUPPORTED_LANGUAGES
                .iter()
                .map(|l| (*l).to_owned())
                .collect(),
            default_language: "en".to_owned(),
            idle_timeout: Duration::from_secs(60),
            idle_warning: Duration::from_secs(10),
            success_reset: Duration::from_secs(30),
            fullscreen,
            scanner_prefix: None,
            branding: Branding::default(),
            staff_taps: 5,
            staff_taps_window: Duration::from_secs(3),
            date_of_birth_order: crate::otp::second_factor::DateOrder::default(),
        }
    }
}

/// How the app starts: serving guests, or showing IT what is broken.
#[derive(Clone)]
pub enum Boot {
    Ready {
        backend: Arc<dyn Backend>,
        settings: Settings,
    },
    Maintenance {
        error: String,
        settings: Settings,
    },
    /// The window paints at once while the store and backend come up on another thread;
    /// `ready` yields the real boot (Ready or Maintenance).
    Starting {
        settings: Settings,
        ready: Arc<std::sync::Mutex<Option<tokio::sync::oneshot::Receiver<Boot>>>>,
    },
}

impl Boot {
    pub fn settings(&self) -> &Settings {
        match self {
            Boot::Ready { settings, .. }
            | Boot::Maintenance { settings, .. }
            | Boot::Starting { settings, .. } => settings,
        }
    }
}

/// The finished boot, carried by a message (iced messages must be `Clone + Debug`).
#[derive(Clone)]
pub struct Started(Arc<std::sync::Mutex<Option<Boot>>>);

impl Started {
    pub fn new(boot: Boot) -> Self {
        Self(Arc::new(std::sync::Mutex::new(Some(boot))))
    }
}

impl std::fmt::Debug for Started {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Started(..)")
    }
}

/// A key the guest pressed, reduced to what the screens care about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyPress {
    Text(String),
    Enter,
    Space,
    Backspace,
    Tab { shift: bool },
    Arrow(Nav),
    Escape,
}

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
fn fit_scale(physical: Size) -> f32 {
    let s = if physical.width >= physical.height {
        (physical.width / 1280.0).min(physical.height / 800.0)
    } else {
        (physical.width / 1080.0).min(physical.height / 1920.0)
    };
    s.clamp(0.5, 4.0)
}

/// A wall clock behind the monotonic clock by more than this moved back (ticks come every
/// second; a smaller drift is not worth correcting, and a test's paused clock stays below it).
const CLOCK_JUMP: SignedDuration = SignedDuration::from_secs(60);

fn signed(d: Duration) -> SignedDuration {
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

    /// Start-up work for the real window: size it to the monitor (a bare X server ignores the
    /// fullscreen request).
    pub fn boot(boot: Boot) -> (Self, Task<Message>) {
        let started = match &boot {
            Boot::Starting { ready, settings } => {
                let ready = ready.lock().ok().and_then(|mut r| r.take());
                let settings = settings.clone();
                Task::future(async move {
                    let boot = match ready {
                        Some(rx) => rx.await.unwrap_or_else(|_| Boot::Maintenance {
                            error:
                                "the kiosk's start-up thread ended without a result; see the log"
                                    .to_owned(),
                            settings,
                        }),
                        None => Boot::Maintenance {
                            error: "the kiosk was started twice from one boot".to_owned(),
                            settings,
                        },
                    };
                    Message::Started(Started::new(boot))
                })
            }
            _ => Task::none(),
        };
        let kiosk = Self::new(boot);
        let task = if kiosk.settings.fullscreen {
            window::oldest().and_then(|id| {
                window::monitor_size(id).map(move |size| Message::WindowOpened(id, size))
            })
        } else {
            Task::none()
        };
        (kiosk, Task::batch([task, started]))
    }

    /// Leaves the starting screen for the real boot, keeping the window's size.
    fn started(&mut self, started: &Started) -> Effect {
        let Some(boot) = started.0.lock().ok().and_then(|mut b| b.take()) else {
            return Effect::None;
        };
        let physical = self.physical;
        *self = Self::new(boot);
        self.set_physical_size(physical);
        if self.backend.is_some() {
            // Scripts driving a real window wait for this line before they type.
            tracing::info!("kiosk ready for guests");
        }
        Effect::None
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

    fn request(&mut self) -> u64 {
        self.next_request += 1;
        self.awaiting = Some(self.next_request);
        self.next_request
    }

    fn is_current(&mut self, id: u64) -> bool {
        if self.awaiting == Some(id) {
            self.awaiting = None;
            true
        } else {
            false
        }
    }

    /// Guest input: the session is alive, and a "Still there?" prompt goes away.
    fn touch(&mut self) {
        self.last_input = self.now();
        self.idle = None;
    }

    fn show(&mut self, screen: Screen) {
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
    fn found(&mut self, guest: GuestView) {
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
    fn call_staff(&mut self, backend: &Arc<dyn Backend>) -> Effect {
        self.assistance = Some(assistance::Assistance::default());
        self.focus.reset();
        let reservation = self.session.guest.as_ref().map(|g| g.reservation.clone());
        let fut = backend.request_assistance(reservation, self.screen.name());
        Effect::Future(Box::pin(
            async move { Message::AssistanceLogged(fut.await) },
        ))
    }

    fn desk(&mut self, reason: DeskReason) {
        self.session.challenge = None;
        self.show(Screen::Desk(desk::Desk { reason }));
    }

    fn machinery_failed(&mut self, what: &str, error: &GuestError) {
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

    fn needs_tick(&self) -> bool {
        self.idle.is_some()
            || self.idle_applies()
            || matches!(
                self.screen,
                Screen::EnterCode(_) | Screen::Success(_) | Screen::Staff(_)
            )
    }

    pub fn subscription(&self) -> Subscription<Message> {
        let mut subs = vec![event::listen_with(input_event)];
        if matches!(&self.screen, Screen::Sending(s) if !s.failed) {
            subs.push(iced::time::every(Duration::from_millis(500)).map(|_| Message::Tick));
        } else if self.needs_tick() {
            subs.push(iced::time::every(Duration::from_secs(1)).map(|_| Message::Tick));
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
                self.enter_staff(&backend)
            }
            Message::BrandTapped => {
                self.touch();
                self.brand_tapped(&backend)
            }
            Message::Staff(m) => {
                if !m.is_reply() {
                    self.touch();
                }
                // Replies that arrive after staff mode ended are only logged.
                let Screen::Staff(s) = &mut self.screen else {
                    if let staff::Message::Left(Err(e)) = m {
                        tracing::error!("end of staff mode not journaled: {e}");
                    }
                    return Effect::None;
                };
                let before = s.focus_context();
                let action = s.update(m);
                if s.focus_context() != before {
                    self.focus.reset();
                }
                self.staff_action(action)
            }
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

    fn window_message(&mut self, message: Message) -> Effect {
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

    fn send_code(&mut self, backend: &Arc<dyn Backend>) -> Effect {
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

    fn code_sent(&mut self, result: Result<SendResult, GuestError>) {
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

    fn complete(&mut self, backend: &Arc<dyn Backend>) -> Effect {
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

    fn on_tick(&mut self) -> Effect {
        let now = self.now();
        self.follow_clock_jumps(now);
        match &mut self.screen {
            Screen::Staff(s) => {
                s.now = now;
                if now >= self.last_input + signed(staff::STAFF_IDLE) {
                    tracing::info!("staff mode timed out");
                    let action = s.leave(LeaveCause::Timeout);
                    return self.staff_action(action);
                }
                return Effect::None;
            }
            Screen::EnterCode(c) => c.now = now,
            Screen::Success(s) => {
                s.now = now;
                if now >= s.clears_at {
                    self.reset();
                    return Effect::None;
                }
            }
            Screen::Sending(s) if !s.failed => s.tick(),
            _ => {}
        }
        if let Some(i) = &mut self.idle {
            i.now = now;
            if i.expired() {
                self.reset();
            }
            return Effect::None;
        }
        if self.idle_applies() && now >= self.last_input + signed(self.settings.idle_timeout) {
            self.idle = Some(idle::Idle {
                deadline: now + signed(self.settings.idle_warning),
                now,
            });
            self.focus.reset();
        }
        Effect::None
    }

    /// A wall clock moved back (an NTP step, a wrong manual setting) would stretch every timer
    /// kept as a wall-clock time by the jump: the idle prompt, the wipe, the success screen's
    /// reset, staff mode's timeout. The monotonic clock tells how much time really passed; when
    /// the wall clock is behind it by more than [`CLOCK_JUMP`], the deadlines move back with it.
    fn follow_clock_jumps(&mut self, now: Timestamp) {
        let mono = std::time::Instant::now();
        let behind = self.last_tick.and_then(|(wall, then)| {
            let real = jiff::SignedDuration::try_from(mono.duration_since(then)).ok()?;
            let seen = now.duration_since(wall);
            let behind = real.checked_sub(seen)?;
            (behind > CLOCK_JUMP).then_some(behind)
        });
        self.last_tick = Some((now, mono));
        let Some(jump) = behind else {
            return;
        };
        tracing::warn!(
            jump_s = jump.as_secs(),
            "the wall clock went back; screen timers follow it"
        );
        let back = |t: Timestamp| t.checked_sub(jump).unwrap_or(t);
        self.last_input = back(self.last_input);
        if let Some(i) = &mut self.idle {
            i.deadline = back(i.deadline);
        }
        match &mut self.screen {
            Screen::Success(s) => s.clears_at = back(s.clears_at),
            Screen::EnterCode(c) => {
                c.sent.expires_at = back(c.sent.expires_at);
                c.sent.resend_at = c.sent.resend_at.map(back);
            }
            _ => {}
        }
    }

    /// Opens staff mode (the logo gesture or Ctrl+Alt+S): whatever a guest left is wiped first.
    /// Its first action asks whether the PIN pad is paused or locked, so the pad says so at once.
    fn enter_staff(&mut self, backend: &Arc<dyn Backend>) -> Effect {
        if matches!(self.screen, Screen::Staff(_)) {
            return Effect::None;
        }
        let Some(port) = backend.staff() else {
            tracing::warn!("staff mode requested but this kiosk has no staff desk");
            return Effect::None;
        };
        self.reset();
        let language = self.settings.default_language.clone();
        tracing::info!("staff mode opened");
        let screen = staff::Staff::new(port, language, self.now());
        let opened = screen.opened();
        self.show(Screen::Staff(Box::new(screen)));
        self.staff_action(opened)
    }

    /// Counts a logo tap; enough of them within the window open staff mode.
    fn brand_tapped(&mut self, backend: &Arc<dyn Backend>) -> Effect {
        let taps = self.settings.staff_taps as usize;
        if taps == 0 {
            return Effect::None;
        }
        let now = self.now();
        let window = signed(self.settings.staff_taps_window);
        self.brand_taps.retain(|t| now - *t < window);
        self.brand_taps.push(now);
        if self.brand_taps.len() >= taps {
            self.brand_taps.clear();
            return self.enter_staff(backend);
        }
        Effect::None
    }

    fn staff_action(&mut self, action: staff::Action) -> Effect {
        match action {
            staff::Action::None => Effect::None,
            staff::Action::Run(f) => {
                Effect::Future(Box::pin(async move { Message::Staff(f.await) }))
            }
            staff::Action::Leave(f) => {
                self.reset();
                Effect::Future(Box::pin(async move { Message::Staff(f.await) }))
            }
            staff::Action::Exit => {
                tracing::info!("kiosk exited by staff");
                self.exiting = true;
                Effect::Task(iced::exit())
            }
        }
    }

    /// The header button: Back on the first two steps, Start over afterwards.
    fn back_target(&self) -> Option<&'static str> {
        match &self.screen {
            Screen::Find(_) | Screen::ConfirmPhone(_) => Some("back"),
            Screen::EnterCode(_) | Screen::SecondFactor(_) | Screen::Email(_) => Some("start-over"),
            _ => None,
        }
    }

    fn back(&mut self) {
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

    /// Every control keyboard users can reach now, in grid order (modals trap the focus).
    pub fn focusables(&self) -> Vec<Focusable<Message>> {
        if let Some(i) = &self.idle {
            return i
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::Idle))
                .collect();
        }
        if let Some(a) = &self.assistance {
            return a
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::Assistance))
                .collect();
        }
        if let Screen::Staff(s) = &self.screen {
            let landscape = self.physical.width >= self.physical.height;
            return s
                .focusables(landscape)
                .into_iter()
                .map(|f| f.map(Message::Staff))
                .collect();
        }
        let shift = |f: Focusable<Message>| Focusable {
            row: f.row + 1,
            ..f
        };
        let mut out = Vec::new();
        if self.back_target().is_some() {
            out.push(Focusable::new("nav-back", 0, 0, Message::BackPressed));
        }
        let screen: Vec<Focusable<Message>> = match &self.screen {
            Screen::Welcome(w) => w
                .focusables(&self.settings.languages)
                .into_iter()
                .map(|f| f.map(Message::Welcome))
                .collect(),
            Screen::Find(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::Find))
                .collect(),
            Screen::ConfirmPhone(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::ConfirmPhone))
                .collect(),
            Screen::Sending(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::Sending))
                .collect(),
            Screen::EnterCode(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::EnterCode))
                .collect(),
            Screen::SecondFactor(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::SecondFactor))
                .collect(),
            Screen::Success(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::Success))
                .collect(),
            Screen::Desk(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::Desk))
                .collect(),
            Screen::Email(s) => s
                .focusables()
                .into_iter()
                .map(|f| f.map(Message::Email))
                .collect(),
            Screen::Maintenance(_) | Screen::Starting | Screen::Staff(_) => Vec::new(),
        };
        out.extend(screen.into_iter().map(shift));
        if matches!(self.screen, Screen::Welcome(_)) {
            out.push(Focusable::new(
                welcome::TEXT_SIZE_ID,
                0,
                50,
                Message::Welcome(welcome::Message::LargerTextPressed),
            ));
        }
        if !matches!(self.screen, Screen::Maintenance(_)) {
            out.push(Focusable::new(
                "assistance",
                0,
                99,
                Message::AssistancePressed,
            ));
        }
        out
    }

    /// The control typing goes to on this screen (a field, or the keypad's OK).
    fn typing_target(&self) -> Option<&'static str> {
        if self.idle.is_some() || self.assistance.is_some() {
            return None;
        }
        match &self.screen {
            Screen::Find(f) => Some(find::field_id(f.active)),
            Screen::EnterCode(_) | Screen::SecondFactor(_) => Some("kp-ok"),
            Screen::Email(e) if !e.saved => Some(email::FIELD_ID),
            Screen::Staff(s) => s.typing_target(),
            _ => None,
        }
    }

    fn on_key(&mut self, key: KeyPress) -> Effect {
        // Typing puts the focus where the typing goes, so Enter then submits it rather than
        // pressing whichever key the ring was on.
        let target = self.typing_target();
        if matches!(key, KeyPress::Text(_) | KeyPress::Backspace)
            && let Some(t) = target
        {
            self.focus.set(t);
        }
        let at_target = target.is_some() && self.focus.current() == target;
        let items = self.focusables();
        let nav = match key {
            KeyPress::Tab { shift: false } => Some(Nav::Next),
            KeyPress::Tab { shift: true } => Some(Nav::Prev),
            KeyPress::Arrow(n) => Some(n),
            _ => None,
        };
        if let Some(nav) = nav {
            self.focus.navigate(&items, nav);
            return Effect::None;
        }
        // At the typing target, Enter and Space keep their typing meaning (submit, a space).
        if matches!(key, KeyPress::Enter | KeyPress::Space)
            && !at_target
            && let Some(message) = self.focus.activate(&items)
        {
            return self.update(message);
        }
        // Keys without a focused control: the screen's own meaning.
        if self.idle.is_some() {
            return self.update(Message::Idle(idle::Message::ContinuePressed));
        }
        if self.assistance.is_some() {
            if matches!(key, KeyPress::Enter | KeyPress::Escape) {
                return self.update(Message::Assistance(assistance::Message::ClosePressed));
            }
            return Effect::None;
        }
        if let Screen::Staff(s) = &self.screen {
            return match s.key_message(&key) {
                Some(m) => self.update(Message::Staff(m)),
                None => Effect::None,
            };
        }
        if key == KeyPress::Escape {
            return self.update(Message::BackPressed);
        }
        let message = match (&self.screen, key) {
            (Screen::Find(_), KeyPress::Text(t)) => Message::Find(find::Message::Typed(t)),
            (Screen::Find(_), KeyPress::Space) => Message::Find(find::Message::Typed(" ".into())),
            (Screen::Find(_), KeyPress::Backspace) => Message::Find(find::Message::Keyboard(
                super::widget::keyboard::Message::Backspace,
            )),
            (Screen::Find(_), KeyPress::Enter) => Message::Find(find::Message::Submit),
            (Screen::EnterCode(_), KeyPress::Text(t)) => {
                Message::EnterCode(enter_code::Message::Typed(t))
            }
            (Screen::EnterCode(_), KeyPress::Backspace) => Message::EnterCode(
                enter_code::Message::Keypad(super::widget::keypad::Message::Backspace),
            ),
            (Screen::EnterCode(_), KeyPress::Enter) => Message::EnterCode(
                enter_code::Message::Keypad(super::widget::keypad::Message::Submit),
            ),
            (Screen::SecondFactor(_), KeyPress::Text(t)) => {
                Message::SecondFactor(second_factor::Message::Typed(t))
            }
            (Screen::SecondFactor(_), KeyPress::Space) => {
                Message::SecondFactor(second_factor::Message::Typed(" ".into()))
            }
            (Screen::SecondFactor(_), KeyPress::Backspace) => Message::SecondFactor(
                second_factor::Message::Keypad(super::widget::keypad::Message::Backspace),
            ),
            (Screen::SecondFactor(_), KeyPress::Enter) => Message::SecondFactor(
                second_factor::Message::Keypad(super::widget::keypad::Message::Submit),
            ),
            (Screen::ConfirmPhone(_), KeyPress::Enter) => {
                Message::ConfirmPhone(confirm_phone::Message::SendPressed)
            }
            (Screen::Success(_), KeyPress::Enter) => {
                Message::Success(success::Message::DonePressed)
            }
            (Screen::Desk(_), KeyPress::Enter) => Message::Desk(desk::Message::DonePressed),
            (Screen::Email(e), KeyPress::Enter) if e.saved => {
                Message::Email(email::Message::DonePressed)
            }
            (Screen::Email(_), KeyPress::Enter) => Message::Email(email::Message::Keyboard(
                super::widget::keyboard::Message::Submit,
            )),
            (Screen::Email(_), KeyPress::Text(t)) => Message::Email(email::Message::Typed(t)),
            (Screen::Email(_), KeyPress::Backspace) => Message::Email(email::Message::Keyboard(
                super::widget::keyboard::Message::Backspace,
            )),
            _ => return Effect::None,
        };
        self.update(message)
    }

    fn ui(&self) -> Ui<'_> {
        let (font, bold) = theme::fonts_for(&self.lang);
        Ui {
            i18n: &self.i18n,
            lang: &self.lang,
            palette: self.palette,
            sizes: self.sizes,
            focus: &self.focus,
            font,
            bold,
            landscape: self.physical.width >= self.physical.height,
        }
    }

    fn step(&self) -> Option<u8> {
        match &self.screen {
            Screen::Find(_) => Some(1),
            Screen::ConfirmPhone(_) | Screen::Sending(_) => Some(2),
            Screen::EnterCode(_) | Screen::SecondFactor(_) => Some(3),
            Screen::Success(_) => Some(4),
            _ => None,
        }
    }

    pub fn view(&self) -> Element<'_, Message> {
        let ui = self.ui();
        let s = ui.sizes;
        let p = ui.palette;
        // A prompt replaces the screen instead of dimming it: a dimmed page on a public screen
        // is still readable (the digits typed, a name, a masked phone, the room), and a widget
        // that is not built can be neither read nor pressed. On every screen, staff mode too.
        if let Some(prompt) = self.prompt(&ui) {
            return container(prompt)
                .center(Length::Fill)
                .style(move |_| p.backdrop())
                .into();
        }
        if let Screen::Staff(staff) = &self.screen {
            return staff.view(&ui).map(Message::Staff);
        }
        let body: Element<'_, Message> = match &self.screen {
            Screen::Welcome(w) => w
                .view(&ui, &self.settings.property, &self.settings.languages, None)
                .map(Message::Welcome),
            Screen::Find(f) => f.view(&ui).map(Message::Find),
            Screen::ConfirmPhone(c) => c.view(&ui).map(Message::ConfirmPhone),
            Screen::Sending(x) => x.view(&ui).map(Message::Sending),
            Screen::EnterCode(c) => c.view(&ui).map(Message::EnterCode),
            Screen::SecondFactor(x) => x.view(&ui).map(Message::SecondFactor),
            Screen::Success(x) => x.view(&ui).map(Message::Success),
            Screen::Desk(d) => d.view(&ui).map(Message::Desk),
            Screen::Email(e) => e.view(&ui).map(Message::Email),
            Screen::Maintenance(m) => m.view(&ui),
            Screen::Staff(_) => iced::widget::Space::new().into(),
            // A calm first frame: the page colour and the header, nothing to press yet.
            Screen::Starting => iced::widget::Space::new().into(),
        };

        let left: Element<'_, Message> = match self.back_target() {
            Some(label) => container(ui.button_shrink(
                "nav-back",
                ui.tr(label),
                Kind::Ghost,
                Some(Message::BackPressed),
            ))
            .width(Length::Fixed(260.0))
            .into(),
            None => {
                // The hotel's logo when [branding] names one, else its name in bold.
                let brand: Element<'_, Message> = match &self.settings.branding.logo {
                    Some(path) => iced::widget::image(iced::widget::image::Handle::from_path(path))
                        .height(Length::Fixed(s.body * 2.2))
                        .into(),
                    None => iced::widget::text(self.settings.property.clone())
                        .size(s.body)
                        .font(ui.bold)
                        .color(p.text)
                        .into(),
                };
                // Invisible as a button: staff know the gesture, guests see only the logo.
                let tappable = iced::widget::button(brand)
                    .padding(0)
                    .style(|_, _| iced::widget::button::Style::default())
                    .on_press(Message::BrandTapped);
                container(container(tappable).id("brand"))
                    .width(Length::Fixed(260.0))
                    .into()
            }
        };
        let center: Element<'_, Message> = match (self.step(), &self.screen) {
            (Some(n), _) => ui.steps(n, 4),
            (None, Screen::Welcome(_)) => {
                welcome::Welcome::text_size_toggle(&ui).map(Message::Welcome)
            }
            (None, _) => iced::widget::Space::new().into(),
        };
        let right: Element<'_, Message> =
            if matches!(self.screen, Screen::Maintenance(_) | Screen::Starting) {
                iced::widget::Space::new().width(260).into()
            } else {
                container(ui.button_shrink(
                    "assistance",
                    ui.tr("assistance"),
                    Kind::Ghost,
                    Some(Message::AssistancePressed),
                ))
                .width(Length::Fixed(260.0))
                .align_x(Alignment::End)
                .into()
            };
        let header = row![left, container(center).center_x(Length::Fill), right]
            .align_y(Alignment::Center)
            .padding([12.0, s.page]);

        let page = container(
            column![
                header,
                container(body).padding([0.0, s.page]).center(Length::Fill)
            ]
            .width(Length::Fill)
            .height(Length::Fill),
        )
        .width(Length::Fill)
        .height(Length::Fill)
        .style(move |_| p.page());
        page.into()
    }

    /// The modal up now, if any: "Still there?" before assistance (it is what wipes the session).
    fn prompt<'a>(&self, ui: &Ui<'a>) -> Option<Element<'a, Message>> {
        if let Some(i) = &self.idle {
            return Some(i.view(ui).map(Message::Idle));
        }
        self.assistance
            .as_ref()
            .map(|a| a.view(ui).map(Message::Assistance))
    }
}

/// Maps raw runtime events to app messages: keys, touches and clicks (for the idle timer and
/// the focus ring) and window resizes.
fn input_event(event: iced::Event, _status: event::Status, _window: window::Id) -> Option<Message> {
    use keyboard::key::Named;
    match event {
        iced::Event::Keyboard(keyboard::Event::KeyPressed {
            key,
            modifiers,
            text,
            ..
        }) => {
            let press = match key.as_ref() {
                keyboard::Key::Named(Named::Tab) => KeyPress::Tab {
                    shift: modifiers.shift(),
                },
                keyboard::Key::Named(Named::Enter) => KeyPress::Enter,
                keyboard::Key::Named(Named::Space) => KeyPress::Space,
                keyboard::Key::Named(Named::Backspace) => KeyPress::Backspace,
                keyboard::Key::Named(Named::Escape) => KeyPress::Escape,
                keyboard::Key::Named(Named::ArrowUp) => KeyPress::Arrow(Nav::Up),
                keyboard::Key::Named(Named::ArrowDown) => KeyPress::Arrow(Nav::Down),
                keyboard::Key::Named(Named::ArrowLeft) => KeyPress::Arrow(Nav::Left),
                keyboard::Key::Named(Named::ArrowRight) => KeyPress::Arrow(Nav::Right),
                keyboard::Key::Character(c)
                    if modifiers.control() && modifiers.alt() && c.eq_ignore_ascii_case("s") =>
                {
                    return Some(Message::StaffShortcut);
                }
                _ if modifiers.control() || modifiers.alt() || modifiers.logo() => return None,
                _ => {
                    let t = text?.to_string();
                    if t.chars().all(char::is_control) {
                        return None;
                    }
                    KeyPress::Text(t)
                }
            };
            Some(Message::Key(press))
        }
        iced::Event::Mouse(iced::mouse::Event::ButtonPressed(_))
        | iced::Event::Touch(iced::touch::Event::FingerPressed { .. }) => Some(Message::Pointer),
        iced::Event::Window(window::Event::Resized(size)) => Some(Message::Resized(size)),
        _ => None,
    }
}

/// The window's X11 class and Wayland app id.
pub const APP_ID: &str = "lobby-kiosk";

/// The iced program, built the same way for `kiosk run` and for tests that need it.
pub fn application(
    boot: Boot,
) -> iced::Application<impl iced::Program<State = Kiosk, Message = Message, Theme = iced::Theme>> {
    let settings = boot.settings().clone();
    let app = iced::application(
        move || Kiosk::boot(boot.clone()),
        |k: &mut Kiosk, m: Message| k.update(m).into_task(),
        Kiosk::view,
    )
    .title(Kiosk::title)
    .subscription(Kiosk::subscription)
    .theme(Kiosk::theme)
    .scale_factor(|k: &Kiosk| k.scale_factor())
    .default_font(theme::DEFAULT_FONT)
    // Kiosk mode: Alt+F4 and the window manager's close do nothing.
    .exit_on_close_request(!settings.fullscreen)
    .window(window::Settings {
        size: Size::new(1280.0, 800.0),
        fullscreen: settings.fullscreen,
        decorations: !settings.fullscreen,
        resizable: !settings.fullscreen,
        position: if settings.fullscreen {
            window::Position::Specific(iced::Point::ORIGIN)
        } else {
            window::Position::Centered
        },
        exit_on_close_request: !settings.fullscreen,
        // WM_CLASS on X11 (instance and class), the app id on Wayland: what window rules,
        // `xdotool search --class` and kiosk shells (cage, a WM's rules) find the window by.
        platform_specific: window::settings::PlatformSpecific {
            application_id: APP_ID.to_owned(),
            ..window::settings::PlatformSpecific::default()
        },
        ..window::Settings::default()
    });
    theme::load_fonts();
    app
}
