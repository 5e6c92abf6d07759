//! How staff mode looks: a header naming the staff member, a rail of sections (a column in
//! landscape, a row in portrait), the page, and the reason picker or exit confirmation on top.
//! Lists are paged, not scrolled, so nothing is ever below the fold.

use iced::widget::{Space, column, container, opaque, row, stack, text};
use iced::{Alignment, Element, Length};
use jiff::Timestamp;

use super::{
    EVENTS_PAGE, GuestStep, LIST_PAGE, Message, NoticeText, PAUSES_PAGE, Page, PinProblem, Section,
    Staff, document_id, guest_id, lift_id, reason_id, unlock_id, visible,
};
use crate::ui::backend::staff::{DocumentType, GuestRecordView, HealthView, LockScope};
use crate::ui::widget::{Kind, Ui, keyboard, keypad};

/// "3 h 12 min", "45 s": short and language-neutral for the staff screens.
pub fn span(seconds: i64) -> String {
    let s = seconds.max(0);
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min", s / 60),
        3600..86_400 => format!("{} h {} min", s / 3600, (s % 3600) / 60),
        _ => format!("{} d {} h", s / 86_400, (s % 86_400) / 3600),
    }
}

fn ago(ui: &Ui<'_>, now: Timestamp, t: Timestamp) -> String {
    ui.tr_args("staff-ago", &[("time", span((now - t).as_secs()).into())])
}

/// The booking status word (`checked_in`) in the screen's language.
fn status_label(ui: &Ui<'_>, status: &str) -> String {
    ui.tr(&format!("staff-status-{}", status.replace('_', "-")))
}

fn section_label(s: Section) -> &'static str {
    match s {
        Section::Locked => "staff-section-locked",
        Section::Find => "staff-section-find",
        Section::Health => "staff-section-health",
        Section::Events => "staff-section-events",
    }
}

fn document_label(d: DocumentType) -> &'static str {
    match d {
        DocumentType::Passport => "staff-doc-passport",
        DocumentType::NationalId => "staff-doc-national-id",
        DocumentType::DrivingLicence => "staff-doc-driving-licence",
        DocumentType::ResidencePermit => "staff-doc-residence-permit",
        DocumentType::Other => "staff-doc-other",
    }
}

impl Staff {
    pub fn view<'a>(&'a self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let title = match &self.who {
            Some((_, name)) => ui.tr_args("staff-title-named", &[("name", name.clone().into())]),
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
        let body: Element<'a, Message> = if self.who.is_some() {
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
                        ui.tr(section_label(*sec)),
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
            Some(self.exit_view(ui))
        } else {
            self.reason.as_ref().map(|r| self.reason_view(ui, r))
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
            NoticeText::Problem(t) => t.clone(),
        };
        Some(ui.notice(text, n.danger))
    }

    fn page_view<'a>(&'a self, ui: &Ui<'a>) -> Element<'a, Message> {
        let s = ui.sizes;
        let mut col = column![].spacing(s.gap * 0.8).width(Length::Fill);
        let heading = match &self.page {
            Page::Pin(_) => "staff-pin-title",
            Page::Locked { .. } => "staff-section-locked",
            Page::Find { .. } | Page::Guest { .. } => "staff-section-find",
            Page::Health { .. } => "staff-section-health",
            Page::Events { .. } => "staff-section-events",
        };
        col = col.push(ui.body(ui.tr(heading)));
        if let Some(n) = self.notice_view(ui) {
            col = col.push(n);
        }
        if self.busy {
            col = col.push(ui.muted(ui.tr("staff-working")));
        }
        col.push(match &self.page {
            Page::Pin(pin) => self.pin_view(ui, &pin.digits, pin.problem.as_ref()),
            Page::Locked { items, page } => self.locked_view(ui, items.as_deref(), *page),
            Page::Find {
                query,
                layout,
                results,
                page,
            } => match results {
                Some(list) => self.results_view(ui, list, *page),
                None => self.search_view(ui, query, *layout),
            },
            Page::Guest { record, step, .. } => self.guest_view(ui, record, step),
            Page::Health {
                health,
                page,
                test_to,
            } => match test_to {
                Some(number) => number_view(ui, "staff-test-to", number),
                None => self.health_view(ui, health.as_ref(), *page),
            },
            Page::Events { items, page } => self.events_view(ui, items.as_deref(), *page),
        })
        .into()
    }

    fn pin_view<'a>(
        &self,
        ui: &Ui<'a>,
        digits: &str,
        problem: Option<&PinProblem>,
    ) -> Element<'a, Message> {
        let s = ui.sizes;
        let p = ui.palette;
        let dots = "•".repeat(digits.chars().count());
        let shown = container(text(dots).size(s.heading).font(ui.font).color(p.text))
            .padding([6, 20])
            .width(Length::Fixed(420.0))
            .height(Length::Fixed(s.target))
            .center_y(Length::Fixed(s.target))
            .style(move |_| p.field(true, false));
        let line: Element<'a, Message> = match problem {
            Some(PinProblem::Wrong) => ui.notice(ui.tr("staff-pin-wrong"), true),
            Some(PinProblem::CoolingDown { until }) => ui.notice(
                ui.tr_args(
                    "staff-pin-cooldown",
                    &[("time", span((*until - self.now).as_secs()).into())],
                ),
                true,
            ),
            Some(PinProblem::PadLocked) => ui.notice(ui.tr("staff-pin-locked"), true),
            Some(PinProblem::TooShort) => ui.notice(ui.tr("staff-pin-too-short"), true),
            Some(PinProblem::Failed(e)) => ui.notice(e.clone(), true),
            None => ui.muted(ui.tr("staff-pin-body")),
        };
        let pad = keypad::view(
            ui,
            !self.busy && digits.len() >= super::PIN_MIN,
            ui.tr("key-ok"),
        )
        .map(Message::Keypad);
        let left = column![shown, line].spacing(s.gap).width(Length::Fill);
        if ui.landscape {
            row![left, pad].spacing(s.gap * 2.0).into()
        } else {
            column![left, pad].spacing(s.gap).into()
        }
    }

    fn locked_view<'a>(
        &self,
        ui: &Ui<'a>,
        items: Option<&[crate::ui::backend::staff::LockedView]>,
        page: usize,
    ) -> Element<'a, Message> {
        let Some(items) = items else {
            return Space::new().into();
        };
        if items.is_empty() {
            return ui.body(ui.tr("staff-none-locked"));
        }
        let mut col = column![].spacing(10);
        for (_, i) in visible(items.len(), page, LIST_PAGE) {
            let l = &items[i];
            let phone = l
                .masked_phone
                .clone()
                .unwrap_or_else(|| ui.tr("staff-no-phone"));
            let mut info = column![
                text(format!("{} · {}", l.confirmation, l.guest))
                    .size(ui.sizes.body)
                    .font(ui.bold)
                    .color(ui.palette.text),
                ui.muted(format!(
                    "{phone} · {}",
                    ui.tr_args(
                        "staff-locked-for",
                        &[("time", span((l.until - self.now).as_secs()).into())]
                    )
                )),
            ]
            .spacing(2)
            .width(Length::Fill);
            // A name-only lock leaves the booking number open: say so, so staff can send the
            // guest back to the kiosk with it instead of unlocking.
            if l.scope == LockScope::Name {
                info = info.push(
                    text(ui.tr("staff-scope-name"))
                        .size(ui.sizes.small)
                        .font(ui.bold)
                        .color(ui.palette.text),
                );
            }
            col = col.push(card(
                ui,
                row![
                    info,
                    ui.button_shrink(
                        &unlock_id(i),
                        ui.tr("staff-unlock"),
                        Kind::Primary,
                        Some(Message::UnlockPressed(i))
                    )
                ]
                .spacing(ui.sizes.gap)
                .align_y(Alignment::Center)
                .into(),
            ));
        }
        col.push(pager(ui, items.len(), LIST_PAGE, page)).into()
    }

    fn search_view<'a>(
        &self,
        ui: &Ui<'a>,
        query: &str,
        layout: keyboard::Layout,
    ) -> Element<'a, Message> {
        let s = ui.sizes;
        let field = column![
            ui.muted(ui.tr("staff-find-hint")),
            ui.input_line(super::QUERY_ID, query, false),
        ]
        .spacing(4);
        let kb = keyboard::view(
            ui,
            layout,
            ui.tr("staff-find-submit"),
            !self.busy && !query.trim().is_empty(),
        )
        .map(Message::Keyboard);
        column![field, kb].spacing(s.gap * 0.6).into()
    }

    fn results_view<'a>(
        &self,
        ui: &Ui<'a>,
        list: &[GuestRecordView],
        page: usize,
    ) -> Element<'a, Message> {
        let s = ui.sizes;
        let mut col = column![].spacing(8);
        if list.is_empty() {
            col = col.push(ui.body(ui.tr("staff-no-results")));
        }
        for (_, i) in visible(list.len(), page, LIST_PAGE) {
            let g = &list[i];
            let line = column![
                text(format!(
                    "{} {} · {}",
                    g.first_name, g.last_name, g.confirmation
                ))
                .size(s.body)
                .font(ui.bold)
                .color(ui.palette.text),
                ui.muted(format!(
                    "{} · {} → {}{}",
                    status_label(ui, &g.status),
                    g.arrival,
                    g.departure,
                    if g.locked {
                        format!(" · {}", ui.tr("staff-is-locked"))
                    } else {
                        String::new()
                    }
                )),
            ]
            .spacing(2)
            .width(Length::Fill);
            col = col.push(ui.custom_button(
                &guest_id(i),
                container(line).padding([8, 0]).into(),
                Kind::Secondary,
                Some(Message::GuestPicked(i)),
                Length::Fill,
            ));
        }
        col.push(
            row![
                ui.button_shrink(
                    "search-again",
                    ui.tr("staff-search-again"),
                    Kind::Ghost,
                    Some(Message::SectionPressed(Section::Find))
                ),
                pager(ui, list.len(), LIST_PAGE, page),
            ]
            .spacing(s.gap)
            .align_y(Alignment::Center),
        )
        .into()
    }

    fn guest_view<'a>(
        &self,
        ui: &Ui<'a>,
        g: &GuestRecordView,
        step: &GuestStep,
    ) -> Element<'a, Message> {
        let s = ui.sizes;
        let fact = |label: &str, value: String| {
            row![
                container(ui.muted(ui.tr(label))).width(Length::Fixed(260.0)),
                ui.body(value)
            ]
            .align_y(Alignment::Center)
        };
        let details = column![
            text(format!("{} {}", g.first_name, g.last_name))
                .size(s.heading * 0.8)
                .font(ui.bold)
                .color(ui.palette.text),
            fact("staff-confirmation", g.confirmation.clone()),
            fact("staff-status", status_label(ui, &g.status)),
            fact("staff-dates", format!("{} → {}", g.arrival, g.departure)),
            fact("staff-room", g.room.clone().unwrap_or_else(|| "—".into())),
            fact(
                "staff-phone",
                g.masked_phone
                    .clone()
                    .unwrap_or_else(|| ui.tr("staff-no-phone"))
            ),
        ]
        .spacing(4);
        let actions: Element<'a, Message> = match step {
            GuestStep::Actions => row![
                ui.button_shrink(
                    "back-to-results",
                    ui.tr("back"),
                    Kind::Ghost,
                    Some(Message::BackToResults)
                ),
                ui.button_shrink(
                    "verify-id",
                    ui.tr("staff-verify-id"),
                    Kind::Primary,
                    Some(Message::VerifyIdPressed)
                ),
            ]
            .spacing(s.gap)
            .into(),
            GuestStep::Document => {
                let buttons = DocumentType::ALL.iter().map(|d| {
                    ui.button_shrink(
                        &document_id(*d),
                        ui.tr(document_label(*d)),
                        Kind::Secondary,
                        Some(Message::DocumentPicked(*d)),
                    )
                });
                column![
                    ui.body(ui.tr("staff-which-document")),
                    row(buttons).spacing(8).wrap()
                ]
                .spacing(8)
                .into()
            }
            GuestStep::Verified(_) => {
                let mut r = row![].spacing(s.gap);
                if g.status != "checked_in" {
                    r = r.push(ui.button_shrink(
                        "staff-check-in",
                        ui.tr("staff-check-in"),
                        Kind::Primary,
                        Some(Message::CheckInPressed),
                    ));
                }
                r.push(ui.button_shrink(
                    "change-phone",
                    ui.tr("staff-change-phone"),
                    Kind::Secondary,
                    Some(Message::ChangePhonePressed),
                ))
                .into()
            }
            GuestStep::Phone { number, .. } => number_view(ui, "staff-new-phone", number),
        };
        if matches!(step, GuestStep::Phone { .. }) {
            // The keypad needs the room: the details shrink to the name and booking.
            return column![
                ui.body(format!(
                    "{} {} · {}",
                    g.first_name, g.last_name, g.confirmation
                )),
                actions
            ]
            .spacing(s.gap * 0.6)
            .into();
        }
        column![card(ui, details.into()), actions]
            .spacing(s.gap)
            .into()
    }

    fn health_view<'a>(
        &self,
        ui: &Ui<'a>,
        health: Option<&HealthView>,
        page: usize,
    ) -> Element<'a, Message> {
        let s = ui.sizes;
        let Some(h) = health else {
            return Space::new().into();
        };
        let never = || ui.tr("staff-never");
        let when = |t: Option<Timestamp>| t.map_or_else(never, |t| ago(ui, self.now, t));
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
                    v.oldest_unsynced_s
                        .map_or_else(|| "—".to_owned(), |x| span(x as i64))
                ),
                line("staff-last-success", when(v.last_success)),
                line(
                    "staff-last-error",
                    v.last_error
                        .as_ref()
                        .map_or_else(never, |(t, e)| format!("{} — {e}", ago(ui, self.now, *t)))
                ),
                line("staff-quarantined", v.quarantined.to_string()),
                line(
                    "staff-cache-age",
                    v.cache_age_s.map_or_else(never, |x| span(x as i64))
                ),
            ]
            .spacing(2)
            .into(),
        };
        let mut gateways = column![].spacing(6);
        for g in &h.gateways {
            let breaker = ui.tr(&format!("staff-breaker-{}", g.breaker));
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
        let actions = column![self.pauses_view(ui, h, page), buttons].spacing(s.gap * 0.6);
        // Landscape has the width but not the height for all four blocks (sync alone is six
        // lines when it is on): the pauses and the buttons go beside the status.
        if ui.landscape {
            row![
                status.width(Length::FillPortion(1)),
                actions.width(Length::FillPortion(1))
            ]
            .spacing(s.gap * 0.6)
            .into()
        } else {
            column![status, actions].spacing(s.gap * 0.6).into()
        }
    }

    /// The SMS-pumping pauses, each with its "Lift pause" button.
    fn pauses_view<'a>(&self, ui: &Ui<'a>, h: &HealthView, page: usize) -> Element<'a, Message> {
        let s = ui.sizes;
        let mut col = column![ui.body(ui.tr("staff-pumping"))].spacing(6);
        if h.pauses.is_empty() {
            col = col.push(ui.muted(ui.tr("staff-pumping-none")));
        }
        for (_, i) in visible(h.pauses.len(), page, PAUSES_PAGE) {
            let p = &h.pauses[i];
            let left = ui.tr_args(
                "staff-paused-for",
                &[("time", span((p.until - self.now).as_secs()).into())],
            );
            let level = ui.tr_args("staff-pause-level", &[("n", (p.level + 1).into())]);
            let mut info = column![
                text(format!("+{}…", p.prefix))
                    .size(s.small)
                    .font(ui.bold)
                    .color(ui.palette.text)
            ]
            .spacing(0)
            .width(Length::Fill);
            // Landscape puts the pauses in half the width: a line each rather than wrapped.
            if ui.landscape {
                info = info.push(ui.muted(left)).push(ui.muted(level));
            } else {
                info = info.push(ui.muted(format!("{left} · {level}")));
            }
            col = col.push(
                row![
                    info,
                    ui.button_shrink(
                        &lift_id(i),
                        ui.tr("staff-lift-pause"),
                        Kind::Secondary,
                        Some(Message::LiftPausePressed(i))
                    )
                ]
                .spacing(s.gap)
                .align_y(Alignment::Center),
            );
        }
        col = col.push(pager(ui, h.pauses.len(), PAUSES_PAGE, page));
        card(ui, col.into())
    }

    fn events_view<'a>(
        &self,
        ui: &Ui<'a>,
        items: Option<&[crate::ui::backend::staff::EventView]>,
        page: usize,
    ) -> Element<'a, Message> {
        let Some(items) = items else {
            return Space::new().into();
        };
        let mut col = column![].spacing(4);
        for (_, i) in visible(items.len(), page, EVENTS_PAGE) {
            let e = &items[i];
            let mut parts = vec![
                format!("#{}", e.seq),
                ago(ui, self.now, e.at),
                e.kind.clone(),
            ];
            parts.extend(e.reservation.clone());
            parts.extend(e.staff.clone());
            if !e.detail.is_empty() {
                parts.push(e.detail.clone());
            }
            col = col.push(
                text(parts.join(" · "))
                    .size(ui.sizes.small)
                    .font(ui.font)
                    .color(ui.palette.text),
            );
        }
        if items.is_empty() {
            col = col.push(ui.body(ui.tr("staff-no-events")));
        }
        column![
            card(ui, col.into()),
            pager(ui, items.len(), EVENTS_PAGE, page)
        ]
        .spacing(ui.sizes.gap * 0.6)
        .into()
    }

    fn reason_view<'a>(&self, ui: &Ui<'a>, purpose: &super::ReasonFor) -> Element<'a, Message> {
        let p = ui.palette;
        let mut col = column![ui.heading(ui.tr("staff-reason-title"))]
            .spacing(10)
            .align_x(Alignment::Center);
        for (i, (label, _)) in purpose.options().iter().enumerate() {
            col = col.push(ui.button(
                &reason_id(i),
                ui.tr(label),
                Kind::Secondary,
                Some(Message::ReasonPicked(i)),
            ));
        }
        col = col.push(ui.button(
            "reason-cancel",
            ui.tr("cancel"),
            Kind::Ghost,
            Some(Message::ReasonCancelled),
        ));
        container(col)
            .padding(40)
            .max_width(760)
            .style(move |_| p.card())
            .into()
    }

    fn exit_view<'a>(&self, ui: &Ui<'a>) -> Element<'a, Message> {
        let p = ui.palette;
        container(
            column![
                ui.heading(ui.tr("staff-exit-title")),
                ui.body(ui.tr("staff-exit-body")),
                row![
                    ui.button(
                        "exit-cancel",
                        ui.tr("cancel"),
                        Kind::Secondary,
                        Some(Message::ExitCancelled)
                    ),
                    ui.button(
                        "exit-confirm",
                        ui.tr("staff-exit"),
                        Kind::Primary,
                        Some(Message::ExitConfirmed)
                    ),
                ]
                .spacing(ui.sizes.gap),
            ]
            .spacing(ui.sizes.gap)
            .align_x(Alignment::Center),
        )
        .padding(40)
        .max_width(760)
        .style(move |_| p.card())
        .into()
    }
}

fn card<'a>(ui: &Ui<'a>, content: Element<'a, Message>) -> Element<'a, Message> {
    let p = ui.palette;
    container(content)
        .padding([12, 20])
        .width(Length::Fill)
        .style(move |_| p.card())
        .into()
}

fn pager<'a>(ui: &Ui<'a>, len: usize, per: usize, page: usize) -> Element<'a, Message> {
    let pages = len.div_ceil(per).max(1);
    if pages == 1 {
        return Space::new().into();
    }
    row![
        ui.button_shrink(
            "page-prev",
            ui.tr("staff-prev"),
            Kind::Secondary,
            (page > 0).then_some(Message::PagePrev)
        ),
        ui.muted(format!("{} / {pages}", page + 1)),
        ui.button_shrink(
            "page-next",
            ui.tr("staff-next"),
            Kind::Secondary,
            (page + 1 < pages).then_some(Message::PageNext)
        ),
    ]
    .spacing(12)
    .align_y(Alignment::Center)
    .into()
}

/// A phone number being typed: the number, a "+" key, and the keypad.
fn number_view<'a>(ui: &Ui<'a>, label: &str, number: &str) -> Element<'a, Message> {
    let s = ui.sizes;
    let p = ui.palette;
    let shown = container(
        text(format!("{number}|"))
            .size(s.heading * 0.8)
            .font(ui.font)
            .color(p.text),
    )
    .padding([6, 16])
    .width(Length::Fill)
    .center_y(Length::Fixed(s.target))
    .style(move |_| p.field(true, false));
    let field = column![
        ui.muted(ui.tr(label)),
        row![
            shown,
            ui.button_shrink(
                "phone-plus",
                "+".to_owned(),
                Kind::Secondary,
                number.is_empty().then_some(Message::PlusPressed)
            )
        ]
        .spacing(8)
        .align_y(Alignment::Center),
        ui.muted(ui.tr("staff-phone-hint")),
        ui.button_shrink(
            "number-cancel",
            ui.tr("cancel"),
            Kind::Ghost,
            Some(Message::NumberCancelled)
        ),
    ]
    .spacing(6)
    .width(Length::Fill);
    let pad = keypad::view(ui, number.len() >= 6, ui.tr("key-ok")).map(Message::Keypad);
    if ui.landscape {
        row![field, pad].spacing(s.gap * 1.5).into()
    } else {
        column![field, pad].spacing(s.gap).into()
    }
}
