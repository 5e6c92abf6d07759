//! The kiosk application: the screen state machine and the guest session. It holds the domain
//! services ([`Journey`] for guests, [`StaffDesk`] for staff mode) and is the only part of the UI
//! that calls them: a screen's `update` returns an `Action`, the app turns it into a journey call,
//! and the call's result comes back as a message for the screen that asked, as the domain gave
//! it. `update` returns an [`Effect`] (plain futures plus the odd window task) so tests run the
//! same futures the iced runtime would.

mod boot;
mod chrome;
mod guest;
mod input;
mod staff_mode;
mod timers;

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use iced::{Size, Subscription, Task, event, window};
use jiff::{SignedDuration, Timestamp};

use super::focus::FocusRing;
use super::i18n::I18n;
use super::screen::{
    assistance, confirm_phone, desk, email, enter_code, find, idle, maintenance, second_factor,
    sending, staff, success, welcome,
};
use super::theme::{Palette, Sizes};
use crate::journey::{
    AssistanceRequested, CheckResult, EmailResult, Finished, FoundBooking, Journey, JourneyError,
    LookupResult, SendResult,
};
use crate::otp::Purpose;
use crate::staff::StaffDesk;

pub use crate::ui::key::KeyPress;
pub use boot::{APP_ID, Boot, Settings, Started, application};
use input::input_event;

/// A boxed future the runtime (or a test) runs; its output comes back through `update`.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

#[derive(Debug, Clone)]
pub enum Message {
    /// The store and the journey are up (or failed): leave the starting screen.
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
    /// The idle check's second (screens with countdowns have their own).
    Tick,
    /// The watchdog's beat: proof to systemd that this loop runs.
    Heartbeat,
    /// The journey's answers, tagged with the request they answer; stale ones are dropped.
    LookedUp(u64, Result<LookupResult, JourneyError>),
    CodeSent(u64, Result<SendResult, JourneyError>),
    Verified(u64, Result<CheckResult, JourneyError>),
    FactorChecked(u64, Result<CheckResult, JourneyError>),
    Completed(u64, Result<Finished, JourneyError>),
    AssistanceLogged(Result<AssistanceRequested, JourneyError>),
    EmailSaved(u64, Result<EmailResult, JourneyError>),
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
    /// Runs `call` (a journey call) and hands its result to `reply`.
    fn call<T: Send + 'static>(
        call: impl Future<Output = T> + Send + 'static,
        reply: impl FnOnce(T) -> Message + Send + 'static,
    ) -> Effect {
        Effect::Future(Box::pin(async move { reply(call.await) }))
    }

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
    /// The first frame, while the store and the journey come up.
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

/// Everything known about the current guest; dropped as a whole on reset. The booking and the
/// code request are the journey's own results and handles.
#[derive(Debug, Default, Clone)]
pub struct Session {
    pub purpose: Option<Purpose>,
    pub guest: Option<FoundBooking>,
    /// The open code request's handle.
    pub challenge: Option<String>,
}

impl Session {
    pub fn is_empty(&self) -> bool {
        self.purpose.is_none() && self.guest.is_none() && self.challenge.is_none()
    }
}

pub struct Kiosk {
    /// `None` on the maintenance and starting screens: nothing for guests to do.
    journey: Option<Journey>,
    desk: Option<StaffDesk>,
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
    watchdog: crate::watchdog::Watchdog,
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
        let (journey, settings, screen) = match boot {
            Boot::Ready { journey, settings } => {
                (Some(journey), settings, Screen::Welcome(welcome::Welcome))
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
            desk: journey.clone().map(StaffDesk::new),
            journey,
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
            watchdog: crate::watchdog::Watchdog::process(),
        };
        kiosk.last_input = kiosk.now();
        kiosk
    }

    /// The journey's clock (a test's manual clock), or the wall clock without one.
    pub fn now(&self) -> Timestamp {
        self.journey
            .as_ref()
            .map_or_else(Timestamp::now, Journey::now)
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
        if let Some(journey) = &self.journey {
            journey.forget_all();
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

    /// Input, the screen's own timers, and the idle check's second while it applies.
    pub fn subscription(&self) -> Subscription<Message> {
        let screen = match &self.screen {
            Screen::EnterCode(s) => s.subscription().map(Message::EnterCode),
            Screen::Success(s) => s.subscription().map(Message::Success),
            Screen::Sending(s) => s.subscription().map(Message::Sending),
            Screen::Staff(s) => s.subscription().map(Message::Staff),
            _ => Subscription::none(),
        };
        let idle = if self.idle.is_some() || self.idle_applies() {
            iced::time::every(Duration::from_secs(1)).map(|_| Message::Tick)
        } else {
            Subscription::none()
        };
        let heartbeat = iced::time::every(self.watchdog.interval()).map(|_| Message::Heartbeat);
        Subscription::batch([event::listen_with(input_event), screen, idle, heartbeat])
    }

    pub fn update(&mut self, message: Message) -> Effect {
        if let Message::Started(started) = &message {
            return self.started(started);
        }
        if let Message::Heartbeat = message {
            // Here, in the loop itself: a frozen UI stops the pings, so systemd restarts it.
            if self.watchdog.beat(Timestamp::now().as_millisecond()) == crate::watchdog::Beat::Stall
            {
                tracing::warn!("test hook: the UI loop stalls now");
                loop {
                    std::thread::sleep(Duration::from_secs(3600));
                }
            }
            return Effect::None;
        }
        let Some(journey) = self.journey.clone() else {
            // Maintenance: nothing for guests to do; keep the window sized.
            return self.window_message(message);
        };
        let now = self.now();
        match message {
            // Raw input is what keeps a session alive; the messages it produces follow.
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
            // Handled before the journey is needed (above).
            Message::Heartbeat => Effect::None,
            Message::StaffShortcut => self.enter_staff(),
            Message::BrandTapped => self.brand_tapped(),
            Message::Staff(m) => self.staff_message(m),
            Message::BackPressed => {
                self.back();
                Effect::None
            }
            Message::AssistancePressed => self.call_staff(&journey),
            Message::AssistanceLogged(result) => {
                match result {
                    Ok(logged) => {
                        if let Some(a) = &mut self.assistance {
                            a.notified = logged.desk_notified;
                        }
                    }
                    Err(e) => tracing::error!("assistance request not journaled: {e}"),
                }
                Effect::None
            }
            Message::Assistance(m) => {
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
            Message::Welcome(m) => self.welcome(m),
            Message::Find(m) => {
                let Screen::Find(f) = &mut self.screen else {
                    return Effect::None;
                };
                let action = f.update(m);
                self.find_action(action, &journey)
            }
            Message::LookedUp(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                let Screen::Find(f) = &mut self.screen else {
                    return Effect::None;
                };
                match result {
                    Ok(result) => {
                        let action = f.looked_up(result);
                        self.find_action(action, &journey)
                    }
                    Err(e) => self.machinery_failed("lookup", &e),
                }
            }
            Message::ConfirmPhone(m) => {
                let Screen::ConfirmPhone(c) = &mut self.screen else {
                    return Effect::None;
                };
                let confirm_phone::Action::SendCode = c.update(m);
                self.send_code(&journey)
            }
            Message::Sending(m) => self.sending(m, &journey),
            Message::CodeSent(id, result) => {
                if self.is_current(id) {
                    self.code_sent(result);
                }
                Effect::None
            }
            Message::EnterCode(m) => {
                let Screen::EnterCode(c) = &mut self.screen else {
                    return Effect::None;
                };
                let action = c.update(m, now);
                self.enter_code_action(action, &journey)
            }
            Message::Verified(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                let Screen::EnterCode(c) = &mut self.screen else {
                    return Effect::None;
                };
                match result {
                    Ok(result) => {
                        let action = c.verified(result);
                        self.enter_code_action(action, &journey)
                    }
                    Err(e) => self.machinery_failed("code check", &e),
                }
            }
            Message::SecondFactor(m) => {
                let Screen::SecondFactor(s) = &mut self.screen else {
                    return Effect::None;
                };
                let action = s.update(m);
                self.second_factor_action(action, &journey)
            }
            Message::FactorChecked(id, result) => {
                if !self.is_current(id) {
                    return Effect::None;
                }
                let Screen::SecondFactor(s) = &mut self.screen else {
                    return Effect::None;
                };
                match result {
                    Ok(result) => {
                        let action = s.checked(result);
                        self.second_factor_action(action, &journey)
                    }
                    Err(e) => self.machinery_failed("second factor", &e),
                }
            }
            Message::Completed(id, result) => self.completed(id, result, now),
            Message::Success(m) => {
                let Screen::Success(s) = &mut self.screen else {
                    return Effect::None;
                };
                match s.update(m, now) {
                    success::Action::None => {}
                    success::Action::Done => self.reset(),
                    success::Action::UpdateEmail(change) => {
                        self.show(Screen::Email(email::Email::new(change)));
                    }
                }
                Effect::None
            }
            Message::Email(m) => self.email(m, journey),
            Message::EmailSaved(id, result) => self.email_saved(id, result),
            Message::Desk(m) => {
                if let Screen::Desk(d) = &mut self.screen {
                    let desk::Action::Done = d.update(m);
                    self.reset();
                }
                Effect::None
            }
            Message::WindowOpened(..) | Message::Resized(_) => self.window_message(message),
            // Handled before the journey check above.
            Message::Started(_) => Effect::None,
        }
    }
}
