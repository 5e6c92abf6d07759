//! Staff mode, the shell over one module per page: PIN sign-in ([`pin`]), locked bookings
//! ([`locked`]), find a guest ([`find`]) and act on one ([`guest`]), system health
//! ([`health`]) and the recent journal ([`events`]). The shell holds the signed-in
//! [`StaffSession`], the section rail, the reason picker and exit dialogs ([`dialog`]), the
//! notice line and the two-minute idle timeout (its own clock, [`Staff::subscription`]).
//!
//! It never calls the domain: pages ask the shell, the shell returns an [`Action::Call`] (with
//! the session inside), the app runs it on the [`crate::staff::StaffDesk`] and hands the
//! desk's answer back as [`Message::Replied`]. Replies are a type of their own, so they never
//! count as staff activity.

mod call;
pub mod dialog;
pub mod events;
pub mod find;
pub mod guest;
pub mod health;
pub mod locked;
mod parts;
pub mod pin;

use std::fmt;
use std::time::Duration;

use iced::widget::{column, container, opaque, row, stack};
use iced::{Alignment, Element, Length, Subscription};
use jiff::{SignedDuration, Timestamp};

use crate::journey::Finished;
use crate::otp::pumping::Pause;
use crate::staff::{DeskError, LockedBooking, LogoutCause, StaffSession};
use crate::ui::focus::Focusable;
use crate::ui::key::KeyPress;
use crate::ui::widget::{Kind, Ui};
pub use call::{Call, Reply, TypedNumber};
use dialog::ReasonFor;
use events::EventsPage;
use find::FindPage;
use guest::GuestPage;
use health::HealthPage;
use locked::LockedPage;
use pin::PinPage;

/// Staff mode ends by itself after this long without input.
pub const STAFF_IDLE: Duration = Duration::from_secs(120);

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

    fn label(self) -> &'static str {
        match self {
            Section::Locked => "staff-section-locked",
            Section::Find => "staff-section-find",
            Section::Health => "staff-section-health",
            Section::Events => "staff-section-events",
        }
    }
}

#[derive(Debug, Clone)]
pub enum Page {
    Pin(PinPage),
    Locked(LockedPage),
    Find(FindPage),
    Guest(GuestPage),
    Health(HealthPage),
    Events(EventsPage),
}

impl Page {
    pub fn section(&self) -> Option<Section> {
        match self {
            Page::Pin(_) => None,
            Page::Locked(_) => Some(Section::Locked),
            Page::Find(_) | Page::Guest(_) => Some(Section::Find),
            Page::Health(_) => Some(Section::Health),
            Page::Events(_) => Some(Section::Events),
        }
    }

    pub fn name(&self) -> &'static str {
        match self {
            Page::Pin(_) => "staff_pin",
            Page::Locked(_) => "staff_locked",
            Page::Find(f) if f.results.is_none() => "staff_find",
            Page::Find(_) => "staff_find_results",
            Page::Guest(g) => g.name(),
            Page::Health(h) => h.name(),
            Page::Events(_) => "staff_events",
        }
    }

    fn heading(&self) -> &'static str {
        match self {
            Page::Pin(_) => "staff-pin-title",
            Page::Locked(_) => "staff-section-locked",
            Page::Find(_) | Page::Guest(_) => "staff-section-find",
            Page::Health(_) => "staff-section-health",
            Page::Events(_) => "staff-section-events",
        }
    }
}

/// A line for the staff member: what just happened, or what went wrong.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: NoticeText,
    pub danger: bool,
}

/// Notices are worded at view time (in the kiosk's language); the desk's errors come worded.
#[derive(Debug, Clone)]
pub enum NoticeText {
    Key(&'static str),
    KeyWith(&'static str, &'static str, String),
    Problem(DeskError),
}

#[derive(Debug, Clone)]
pub enum Message {
    SectionPressed(Section),
    GuestModePressed,
    ExitPressed,
    ExitConfirmed,
    ExitCancelled,
    ReasonPicked(usize),
    ReasonCancelled,
    Pin(pin::Message),
    Locked(locked::Message),
    Find(find::Message),
    Guest(guest::Message),
    Health(health::Message),
    Events(events::Message),
    /// The shell's one-second clock: countdowns and the idle timeout.
    Tick,
    /// The desk answered: not staff input. Boxed: the answers are far larger than a press.
    Replied(Box<Reply>),
}

/// What the app does after an update.
pub enum Action {
    None,
    Call(Call),
    /// The exit is journaled: quit the app.
    Exit,
}

pub struct Staff {
    /// The language of staff texts and of a check-in's details (the kiosk's default).
    language: String,
    session: Option<StaffSession>,
    pub page: Page,
    /// A reason picker over the page.
    reason: Option<ReasonFor>,
    confirm_exit: bool,
    busy: bool,
    pub notice: Option<Notice>,
    now: Timestamp,
    last_input: Timestamp,
}

impl fmt::Debug for Staff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Staff")
            .field("who", &self.session.as_ref().map(StaffSession::name))
            .field("page", &self.page.name())
            .finish_non_exhaustive()
    }
}

impl Staff {
    pub fn new(language: String, now: Timestamp) -> Self {
        Self {
            language,
            session: None,
            page: Page::Pin(PinPage::default()),
            reason: None,
            confirm_exit: false,
            busy: false,
            notice: None,
            now,
            last_input: now,
        }
    }

    /// What the screen asks as it opens: whether the pad is paused or locked, so it says so
    /// before anyone types.
    pub fn opened(&self) -> Action {
        Action::Call(Call::Pad)
    }

    pub fn name(&self) -> &'static str {
        self.page.name()
    }

    /// The idle timeout's clock (and the countdowns'); it stops when the screen goes.
    pub fn subscription(&self) -> Subscription<Message> {
        iced::time::every(Duration::from_secs(1)).map(|_| Message::Tick)
    }

    /// Staff input the screen has no message for (a touch, a key that moves the focus): it
    /// keeps staff mode open like any press.
    pub fn touched(&mut self, now: Timestamp) {
        self.observe(now);
        self.last_input = now;
    }

    /// A wall clock moved back (NTP, a wrong manual setting) would stretch the idle timeout by
    /// the jump: the last input moves back with it.
    fn observe(&mut self, now: Timestamp) {
        if now < self.now {
            let back = self.now.duration_since(now);
            self.last_input = self.last_input.checked_sub(back).unwrap_or(now);
        }
        self.now = now;
    }

    pub fn update(&mut self, message: Message, now: Timestamp) -> Action {
        self.observe(now);
        match message {
            Message::Tick => {
                let idle = SignedDuration::try_from(STAFF_IDLE).unwrap_or(SignedDuration::MAX);
                if now.duration_since(self.last_input) >= idle {
                    tracing::info!("staff mode timed out");
                    return self.leave(LogoutCause::Timeout);
                }
                Action::None
            }
            Message::Replied(reply) => self.replied(*reply),
            input => {
                self.last_input = now;
                self.input(input)
            }
        }
    }

    fn tell(&mut self, text: NoticeText, danger: bool) {
        self.notice = Some(Notice { text, danger });
    }

    fn problem(&mut self, e: DeskError) {
        tracing::warn!("staff action failed: {}", e.for_log());
        self.tell(NoticeText::Problem(e), true);
    }

    /// Leaves staff mode (Back to guest mode, or the idle timeout); the session goes with it.
    fn leave(&mut self, cause: LogoutCause) -> Action {
        Action::Call(Call::Leave {
            staff: self.session.take(),
            cause,
        })
    }

    fn open(&mut self, section: Section) -> Action {
        let Some(staff) = self.session.clone() else {
            return Action::None;
        };
        self.reason = None;
        self.notice = None;
        self.busy = true;
        Action::Call(match section {
            Section::Locked => {
                self.page = Page::Locked(LockedPage::default());
                Call::Locked { staff }
            }
            Section::Find => {
                self.busy = false;
                self.page = Page::Find(FindPage::default());
                return Action::None;
            }
            Section::Health => {
                self.page = Page::Health(HealthPage::default());
                Call::Health { staff }
            }
            Section::Events => {
                self.page = Page::Events(EventsPage::default());
                Call::Events {
                    staff,
                    limit: events::LOADED,
                }
            }
        })
    }

    /// Reloads `section` with the notice just given kept on screen.
    fn reopen(&mut self, section: Section) -> Action {
        let notice = self.notice.take();
        let action = self.open(section);
        self.notice = notice;
        action
    }

    /// A call for the signed-in staff member; nothing when nobody is.
    fn call(&mut self, make: impl FnOnce(StaffSession) -> Call) -> Action {
        match self.session.clone() {
            Some(staff) => {
                self.busy = true;
                Action::Call(make(staff))
            }
            None => Action::None,
        }
    }

    fn input(&mut self, message: Message) -> Action {
        match message {
            Message::GuestModePressed => self.leave(LogoutCause::Left),
            Message::ExitPressed if self.session.is_some() => {
                self.confirm_exit = true;
                Action::None
            }
            Message::ExitCancelled => {
                self.confirm_exit = false;
                Action::None
            }
            Message::ExitConfirmed if self.confirm_exit && !self.busy => {
                self.call(|staff| Call::Exit { staff })
            }
            Message::SectionPressed(section) if !self.busy => self.open(section),
            Message::ReasonCancelled => {
                self.reason = None;
                Action::None
            }
            Message::ReasonPicked(i) => self.reason_picked(i),
            _ if self.busy || self.reason.is_some() || self.confirm_exit => Action::None,
            other => self.page_input(other),
        }
    }

    /// Presses and typing on the current page (not while waiting or in a dialog).
    fn page_input(&mut self, message: Message) -> Action {
        match (&mut self.page, message) {
            (Page::Pin(p), Message::Pin(m)) => match p.update(m, self.now) {
                pin::Action::None => Action::None,
                pin::Action::Login(pin) => {
                    self.busy = true;
                    Action::Call(Call::Login { pin })
                }
            },
            (Page::Locked(p), Message::Locked(m)) => {
                if let locked::Action::Unlock(l) = p.update(m) {
                    self.reason = Some(ReasonFor::Unlock(l));
                }
                Action::None
            }
            (Page::Find(p), Message::Find(m)) => match p.update(m) {
                find::Action::None => Action::None,
                find::Action::Search(query) => {
                    self.notice = None;
                    self.call(|staff| Call::Find { staff, query })
                }
                find::Action::Open(record, results) => {
                    self.notice = None;
                    self.page = Page::Guest(GuestPage::new(record, results));
                    Action::None
                }
                find::Action::SearchAgain => self.open(Section::Find),
            },
            (Page::Guest(g), Message::Guest(m)) => match g.update(m) {
                guest::Action::None => Action::None,
                guest::Action::BackToResults { query, results } => {
                    self.notice = None;
                    self.page = Page::Find(FindPage::back_to(query, results));
                    Action::None
                }
                guest::Action::VerifyId(document) => {
                    self.reason = Some(ReasonFor::VerifyId(document));
                    Action::None
                }
                guest::Action::ChangePhone(check) => {
                    self.reason = Some(ReasonFor::ChangePhone(check));
                    Action::None
                }
                guest::Action::CheckIn(check) => {
                    self.busy = true;
                    Action::Call(Call::CheckIn {
                        check,
                        language: self.language.clone(),
                    })
                }
                guest::Action::SavePhone {
                    check,
                    number,
                    reason,
                } => {
                    self.busy = true;
                    Action::Call(Call::ChangePhone {
                        check,
                        new_phone: TypedNumber(number),
                        reason: reason.to_owned(),
                    })
                }
            },
            (Page::Health(h), Message::Health(m)) => match h.update(m) {
                health::Action::None => Action::None,
                health::Action::Refresh => self.call(|staff| Call::Health { staff }),
                health::Action::Lift(pause) => {
                    self.reason = Some(ReasonFor::LiftPause(pause));
                    Action::None
                }
                health::Action::SendTest(to) => {
                    self.notice = None;
                    self.call(|staff| Call::TestSms {
                        staff,
                        to: TypedNumber(to),
                    })
                }
            },
            (Page::Events(e), Message::Events(m)) => {
                e.update(m);
                Action::None
            }
            _ => Action::None,
        }
    }

    fn reason_picked(&mut self, i: usize) -> Action {
        let Some(purpose) = self.reason.take() else {
            return Action::None;
        };
        let Some((_, audit)) = purpose.options().get(i).copied() else {
            return Action::None;
        };
        let reason = audit.to_owned();
        match purpose {
            ReasonFor::Unlock(LockedBooking { confirmation, .. }) => {
                self.call(|staff| Call::Unlock {
                    staff,
                    confirmation,
                    reason,
                })
            }
            ReasonFor::VerifyId(document) => {
                let Page::Guest(g) = &self.page else {
                    return Action::None;
                };
                let confirmation = g.record.confirmation.clone();
                self.call(|staff| Call::VerifyById {
                    staff,
                    confirmation,
                    document,
                    reason,
                })
            }
            ReasonFor::LiftPause(Pause { prefix, .. }) => self.call(|staff| Call::LiftPause {
                staff,
                prefix,
                reason,
            }),
            ReasonFor::ChangePhone(check) => {
                if let Page::Guest(g) = &mut self.page {
                    g.enter_phone(check, audit);
                }
                Action::None
            }
        }
    }

    fn replied(&mut self, reply: Reply) -> Action {
        let now = self.now;
        match reply {
            // Asked as the page opens, perhaps while a login is under way: it settles nothing.
            Reply::Pad(state) => {
                if let Page::Pin(p) = &mut self.page {
                    p.pad_checked(state, now);
                }
                Action::None
            }
            Reply::Left(result) => {
                if let Err(e) = result {
                    tracing::error!("end of staff mode not journaled: {e}");
                }
                Action::None
            }
            reply => {
                self.busy = false;
                self.answered(reply)
            }
        }
    }

    /// The answer to the call the screen was busy with.
    fn answered(&mut self, reply: Reply) -> Action {
        match reply {
            Reply::LoggedIn(result) => {
                let Page::Pin(p) = &mut self.page else {
                    return Action::None;
                };
                match p.logged_in(result, self.now) {
                    Some(session) => {
                        self.session = Some(session);
                        self.open(Section::Locked)
                    }
                    None => Action::None,
                }
            }
            Reply::Exited(result) => {
                self.confirm_exit = false;
                match result {
                    Ok(()) => Action::Exit,
                    Err(e) => {
                        self.problem(e);
                        Action::None
                    }
                }
            }
            Reply::Unlocked(result) => {
                match result {
                    Ok(true) => self.tell(NoticeText::Key("staff-unlocked"), false),
                    Ok(false) => self.tell(NoticeText::Key("staff-not-locked"), false),
                    Err(e) => {
                        self.problem(e);
                        return Action::None;
                    }
                }
                // Reload the list so it shows what is locked now.
                self.reopen(Section::Locked)
            }
            Reply::PauseLifted(result) => {
                match result {
                    Ok(true) => self.tell(NoticeText::Key("staff-pause-lifted"), false),
                    Ok(false) => self.tell(NoticeText::Key("staff-not-paused"), false),
                    Err(e) => {
                        self.problem(e);
                        return Action::None;
                    }
                }
                // Reload the page so it shows what is paused now.
                self.reopen(Section::Health)
            }
            Reply::TestSent(result) => {
                match result {
                    Ok(sent) => self.tell(
                        NoticeText::KeyWith("staff-test-sent", "gateway", sent.gateway),
                        false,
                    ),
                    Err(e) => self.problem(e),
                }
                if let Page::Health(h) = &mut self.page {
                    h.test_done();
                }
                // The attempt changed the gateway's health: show it.
                self.call(|staff| Call::Health { staff })
            }
            Reply::CheckedIn(result) => {
                match result {
                    Ok(finished) => self.checked_in(finished),
                    Err(e) => self.problem(e),
                }
                Action::None
            }
            Reply::PhoneChanged(result) => {
                match result {
                    Ok(masked) => {
                        if let Page::Guest(g) = &mut self.page {
                            g.phone_changed(masked.clone());
                        }
                        self.tell(
                            NoticeText::KeyWith("staff-phone-changed", "phone", masked),
                            false,
                        );
                    }
                    Err(e) => self.problem(e),
                }
                Action::None
            }
            Reply::Locked(result) => {
                match (result, &mut self.page) {
                    (Ok(list), Page::Locked(p)) => p.loaded(list),
                    (Err(e), _) => self.problem(e),
                    _ => {}
                }
                Action::None
            }
            Reply::Found(result) => {
                match (result, &mut self.page) {
                    (Ok(list), Page::Find(p)) => p.found(list),
                    (Err(e), _) => self.problem(e),
                    _ => {}
                }
                Action::None
            }
            Reply::IdVerified(result) => {
                match (result, &mut self.page) {
                    (Ok(check), Page::Guest(g)) => {
                        g.verified(check);
                        self.tell(NoticeText::Key("staff-id-recorded"), false);
                    }
                    (Err(e), _) => self.problem(e),
                    _ => {}
                }
                Action::None
            }
            Reply::Health(result) => {
                match (result, &mut self.page) {
                    (Ok(h), Page::Health(p)) => p.loaded(h),
                    (Err(e), _) => self.problem(e),
                    _ => {}
                }
                Action::None
            }
            Reply::Events(result) => {
                match (result, &mut self.page) {
                    (Ok(list), Page::Events(p)) => p.loaded(list),
                    (Err(e), _) => self.problem(e),
                    _ => {}
                }
                Action::None
            }
            Reply::Pad(_) | Reply::Left(_) => Action::None,
        }
    }

    /// A photo-ID check-in done: the room (or that it is not ready), and the booking shows
    /// the guest in.
    fn checked_in(&mut self, finished: Finished) {
        use crate::checkin::Completion;
        let (key, room) = match finished.completion {
            Completion::CheckedIn { .. } => (
                "staff-checked-in",
                finished.details.room.unwrap_or_default(),
            ),
            Completion::PendingRoom => ("staff-checked-in-pending", String::new()),
            Completion::BookingConfirmed { .. } | Completion::IdentityVerified { .. } => {
                ("staff-checked-in", String::new())
            }
        };
        self.tell(NoticeText::KeyWith(key, "room", room), false);
        if let Page::Guest(g) = &mut self.page {
            g.checked_in();
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
            Page::Pin(_) => Some("kp-ok"),
            Page::Find(f) => f.typing_target(),
            Page::Guest(g) => g.typing_target(),
            Page::Health(h) => h.typing_target(),
            Page::Locked(_) | Page::Events(_) => None,
        }
    }

    /// Physical keys: digits and letters type, Enter submits, Escape steps back (a dialog
    /// closes; the PIN page goes back to guests).
    pub fn key(&self, key: &KeyPress) -> Option<Message> {
        if self.confirm_exit {
            return (*key == KeyPress::Escape).then_some(Message::ExitCancelled);
        }
        if self.reason.is_some() {
            return (*key == KeyPress::Escape).then_some(Message::ReasonCancelled);
        }
        match &self.page {
            Page::Pin(p) => p
                .key(key)
                .map(Message::Pin)
                .or_else(|| (*key == KeyPress::Escape).then_some(Message::GuestModePressed)),
            Page::Find(f) => f.key(key).map(Message::Find),
            Page::Guest(g) => g.key(key).map(Message::Guest),
            Page::Health(h) => h.key(key).map(Message::Health),
            Page::Locked(_) | Page::Events(_) => None,
        }
    }

    /// Every control keyboard users can reach, in the view's grid (the nav rail is column 0).
    pub fn focusables(&self, landscape: bool) -> Vec<Focusable<Message>> {
        if self.confirm_exit {
            return dialog::exit_focusables();
        }
        if let Some(purpose) = &self.reason {
            return purpose.focusables();
        }
        let mut out = vec![Focusable::new(
            "staff-leave",
            0,
            99,
            Message::GuestModePressed,
        )];
        if self.session.is_some() {
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
        out.extend(self.page_focusables().into_iter().map(|f| Focusable {
            row: f.row + row0,
            col: f.col + col0,
            ..f
        }));
        out
    }

    fn page_focusables(&self) -> Vec<Focusable<Message>> {
        fn lift<M>(v: Vec<Focusable<M>>, into: fn(M) -> Message) -> Vec<Focusable<Message>> {
            v.into_iter().map(|f| f.map(into)).collect()
        }
        match &self.page {
            Page::Pin(p) => lift(p.focusables(), Message::Pin),
            Page::Locked(p) => lift(p.focusables(), Message::Locked),
            Page::Find(p) => lift(p.focusables(), Message::Find),
            Page::Guest(p) => lift(p.focusables(), Message::Guest),
            Page::Health(p) => lift(p.focusables(), Message::Health),
            Page::Events(p) => lift(p.focusables(), Message::Events),
        }
    }

    /// A header naming the staff member, the section rail (a column in landscape, a row in
    /// portrait), the page, and a dialog on top. Lists are paged, not scrolled, so nothing is
    /// ever below the fold.
    pub fn view<'a>(&'a self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let title = match &self.session {
            Some(staff) => ui.tr_args(
                "staff-title-named",
                &[("name", staff.name().to_owned().into())],
            ),
            None => ui.tr("staff-title"),
        };
        let header = row![
            container(ui.heading(title)).width(Length::Fill),
            ui.button_shrink(
                "staff-leave",
                ui.tr("staff-guest-mode"),
                Kind::Secondary,
                Some(Message::GuestModePressed)
            ),
        ]
        .align_y(Alignment::Center)
        .spacing(s.gap);

        let content = container(self.page_view(ui))
            .width(Length::Fill)
            .height(Length::Fill);
        let body: Element<'a, Message> = if self.session.is_some() {
            let mut items: Vec<Element<'a, Message>> = Section::ALL
                .iter()
                .map(|sec| {
                    let kind = if self.page.section() == Some(*sec) {
                        Kind::Selected
                    } else {
                        Kind::Secondary
                    };
                    ui.button(
                        sec.id(),
                        ui.tr(sec.label()),
                        kind,
                        Some(Message::SectionPressed(*sec)),
                    )
                })
                .collect();
            items.push(ui.button(
                "staff-exit",
                ui.tr("staff-exit"),
                Kind::Ghost,
                Some(Message::ExitPressed),
            ));
            if ui.landscape {
                row![
                    container(column(items).spacing(8)).width(Length::Fixed(300.0)),
                    content
                ]
                .spacing(s.gap * 1.5)
                .into()
            } else {
                let items = items
                    .into_iter()
                    .map(|e| container(e).width(Length::Fixed(330.0)).into());
                column![row(items).spacing(8).wrap(), content]
                    .spacing(s.gap)
                    .into()
            }
        } else {
            content.into()
        };

        let page = container(column![header, body].spacing(s.gap))
            .padding([20.0, s.page])
            .width(Length::Fill)
            .height(Length::Fill)
            .style(move |_| p.page());

        let overlay = if self.confirm_exit {
            Some(dialog::exit_view(ui))
        } else {
            self.reason.as_ref().map(|r| r.view(ui))
        };
        match overlay {
            Some(o) => stack![
                page,
                opaque(container(o).center(Length::Fill).style(move |_| p.scrim()))
            ]
            .into(),
            None => page.into(),
        }
    }

    fn notice_view<'a>(&self, ui: &Ui<'a>) -> Option<Element<'a, Message>> {
        let n = self.notice.as_ref()?;
        let text = match &n.text {
            NoticeText::Key(k) => ui.tr(k),
            NoticeText::KeyWith(k, arg, v) => ui.tr_args(k, &[(arg, v.clone().into())]),
            NoticeText::Problem(e) => e.to_string(),
        };
        Some(ui.notice(text, n.danger))
    }

    /// The page's heading, the notice line, "Working…" while the desk is asked, the page.
    fn page_view<'a>(&'a self, ui: &Ui<'a>) -> Element<'a, Message> {
        let mut col = column![ui.body(ui.tr(self.page.heading()))]
            .spacing(ui.sizes.gap * 0.8)
            .width(Length::Fill);
        if let Some(n) = self.notice_view(ui) {
            col = col.push(n);
        }
        if self.busy {
            col = col.push(ui.muted(ui.tr("staff-working")));
        }
        let now = self.now;
        col.push(match &self.page {
            Page::Pin(p) => p.view(ui, self.busy, now).map(Message::Pin),
            Page::Locked(p) => p.view(ui, now).map(Message::Locked),
            Page::Find(p) => p.view(ui, self.busy).map(Message::Find),
            Page::Guest(p) => p.view(ui).map(Message::Guest),
            Page::Health(p) => p.view(ui, now).map(Message::Health),
            Page::Events(p) => p.view(ui, now).map(Message::Events),
        })
        .into()
    }
}

#[cfg(test)]
mod tests {
    use secrecy::SecretString;

    use super::*;

    #[test]
    fn a_call_shows_no_pin_and_no_whole_phone_number_in_debug() {
        let login = format!(
            "{:?}",
            Call::Login {
                pin: SecretString::from("135790")
            }
        );
        assert!(!login.contains("135790"), "{login}");
        let typed = format!("{:?}", TypedNumber("+351912345699".to_owned()));
        assert!(!typed.contains("912345"), "{typed}");
        assert!(typed.ends_with("699"), "masked like every phone: {typed}");
    }

    #[test]
    fn a_new_pin_page_counts_its_digits_only_in_debug() {
        let mut page = PinPage::default();
        let _ = page.update(pin::Message::Typed("246813".into()), Timestamp::UNIX_EPOCH);
        let shown = format!("{page:?}");
        assert!(!shown.contains("246813"), "{shown}");
    }
}
