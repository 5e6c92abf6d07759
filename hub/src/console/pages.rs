//! The console's pages and forms: each handler checks who is signed in (and for a form its
//! CSRF token and role), calls [`crate::desk`] or [`crate::audit`], and renders the answer.

use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{Markup, html};
use serde::Deserialize;

use super::session::Signed;
use super::{Console, Words, chart, unavailable};
use crate::audit;
use crate::desk::{self, ArrivalState, Refused};
use crate::staff::Role;

/// What a page says above its content after a form: done, or refused and why.
#[derive(Default)]
struct Outcome {
    notice: Option<String>,
    error: Option<String>,
}

fn outcome(o: &Outcome) -> Markup {
    html! {
        @if let Some(n) = &o.notice { p.notice role="status" { (n) } }
        @if let Some(e) = &o.error { p.error role="alert" { (e) } }
    }
}

fn refusal(c: &Console, headers: &HeaderMap, e: Refused) -> Result<Outcome, crate::HubError> {
    match e {
        Refused::Hub(e) => Err(e),
        other => {
            let w = c.words(headers);
            Ok(Outcome {
                error: Some(w.with("refused", &[("why", other.to_string().into())])),
                ..Default::default()
            })
        }
    }
}

/// The signed-in member and what `read` fetched on one of the console's connections, or the
/// answer that ends the request (the login page, or 503).
async fn signed_read<T, Fut>(
    c: &Console,
    headers: &HeaderMap,
    read: impl FnOnce(deadpool_postgres::Object) -> Fut,
) -> Result<(Signed, T), Response>
where
    Fut: std::future::Future<Output = Result<T, crate::HubError>>,
{
    let who = c.member(headers).await?;
    let client = c.pool.get().await.map_err(|e| unavailable(e.into()))?;
    let got = read(client).await.map_err(unavailable)?;
    Ok((who, got))
}

/// The signed-in member whose form carries her session's CSRF token and who has the role
/// the action needs, or the refusal.
async fn signed_form(
    c: &Console,
    headers: &HeaderMap,
    csrf: &str,
    needs: Option<Role>,
) -> Result<Signed, Response> {
    let who = c.member(headers).await?;
    match c.refused_form(headers, &who, csrf, needs) {
        Some(r) => Err(r),
        None => Ok(who),
    }
}

fn reason_field(w: &Words<'_>) -> Markup {
    html! {
        input type="text" name="reason" required minlength="3" maxlength="500"
            placeholder=(w.t("reason-required")) aria-label=(w.t("reason-required"));
    }
}

#[derive(Deserialize, Default)]
pub struct Done {
    #[serde(default)]
    unlocked: Option<u64>,
    #[serde(default)]
    done: Option<String>,
}

pub async fn lockouts(
    State(c): State<Console>,
    headers: HeaderMap,
    Query(q): Query<Done>,
) -> Response {
    let w = c.words(&headers);
    let notice = q
        .unlocked
        .map(|n| w.with("unlock-sent", &[("kiosks", n.into())]));
    render_lockouts(
        &c,
        &headers,
        Outcome {
            notice,
            error: None,
        },
        StatusCode::OK,
    )
    .await
}

async fn render_lockouts(
    c: &Console,
    headers: &HeaderMap,
    o: Outcome,
    status: StatusCode,
) -> Response {
    let (who, list) = match signed_read(c, headers, |client| async move {
        desk::lockouts(&client, jiff::Timestamp::now()).await
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let w = c.words(headers);
    let body = html! {
        (outcome(&o))
        @if list.is_empty() {
            p.empty { (w.t("no-lockouts")) }
        } @else {
            table {
                thead { tr {
                    th { (w.t("col-booking")) } th { (w.t("col-name")) } th { (w.t("col-kiosk")) }
                    th { (w.t("col-scope")) } th { (w.t("col-since")) } th { (w.t("col-until")) }
                    th { (w.t("col-cause")) } th {}
                } }
                tbody {
                    @for l in &list {
                        tr {
                            td.booking { (l.reservation) }
                            td { (l.name) }
                            td { (l.kiosk) }
                            td { (if l.scope == "name" { w.t("scope-name") } else { w.t("scope-all") }) }
                            td { (c.time(l.since)) }
                            td { (c.time(l.until)) }
                            td { @if let Some(n) = l.failures { (w.with("cause-failures", &[("n", n.into())])) }
                                 @else if let Some(r) = &l.relayed_reason { (w.with("cause-relayed", &[("reason", r.clone().into())])) } }
                            td {
                                form.inline method="post" action="/lockouts/unlock" {
                                    input type="hidden" name="csrf" value=(who.csrf);
                                    input type="hidden" name="reservation" value=(l.reservation);
                                    (reason_field(&w))
                                    button type="submit" { (w.t("unlock")) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    (status, c.page(&w, &who, "/lockouts", body)).into_response()
}

#[derive(Deserialize)]
pub struct UnlockForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    reservation: String,
    #[serde(default)]
    reason: String,
}

pub async fn unlock(
    State(c): State<Console>,
    headers: HeaderMap,
    Form(f): Form<UnlockForm>,
) -> Response {
    let who = match signed_form(&c, &headers, &f.csrf, None).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    match desk::unlock(&c.pool, &who.name, &f.reservation, &f.reason).await {
        Ok(n) => Redirect::to(&format!("/lockouts?unlocked={n}")).into_response(),
        Err(e) => match refusal(&c, &headers, e) {
            Ok(o) => render_lockouts(&c, &headers, o, StatusCode::UNPROCESSABLE_ENTITY).await,
            Err(e) => unavailable(e),
        },
    }
}

pub async fn arrivals(State(c): State<Console>, headers: HeaderMap) -> Response {
    let now = jiff::Timestamp::now();
    let today = now.to_zoned_datetime(c.tz.clone()).date();
    let (who, list) = match signed_read(&c, &headers, |client| async move {
        desk::arrivals_today(&client, today, now).await
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let w = c.words(&headers);
    let body = html! {
        p { (today) }
        @if list.is_empty() {
            p.empty { (w.t("no-arrivals")) }
        } @else {
            table {
                thead { tr {
                    th { (w.t("col-booking")) } th { (w.t("col-name")) } th { (w.t("col-status")) }
                    th { (w.t("col-room")) } th { (w.t("col-state")) }
                } }
                tbody {
                    @for a in &list {
                        tr {
                            td.booking { (a.reservation) }
                            td { (a.name) }
                            td { (a.status) }
                            td { (a.room.as_deref().unwrap_or("")) }
                            @match &a.state {
                                ArrivalState::Expected => td { (w.t("state-expected")) },
                                ArrivalState::CheckedIn { kiosk, at } => td.ok {
                                    (w.with("state-checked-in", &[("kiosk", kiosk.clone().into()), ("time", c.time(*at).into())]))
                                },
                                ArrivalState::RoomPending { kiosk, at } => td.warn {
                                    (w.with("state-room-pending", &[("kiosk", kiosk.clone().into()), ("time", c.time(*at).into())]))
                                },
                                ArrivalState::Locked => td.bad { (w.t("state-locked")) },
                            }
                        }
                    }
                }
            }
        }
    };
    c.page(&w, &who, "/arrivals", body).into_response()
}

pub async fn kiosks(
    State(c): State<Console>,
    headers: HeaderMap,
    Query(q): Query<Done>,
) -> Response {
    let w = c.words(&headers);
    let notice = q.done.map(|_| w.t("done"));
    render_kiosks(
        &c,
        &headers,
        Outcome {
            notice,
            error: None,
        },
        StatusCode::OK,
    )
    .await
}

async fn render_kiosks(
    c: &Console,
    headers: &HeaderMap,
    o: Outcome,
    status: StatusCode,
) -> Response {
    let (who, list) = match signed_read(c, headers, |client| async move {
        desk::kiosks(&client, jiff::Timestamp::now()).await
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let w = c.words(headers);
    let body = html! {
        (outcome(&o))
        table {
            thead { tr {
                th { (w.t("col-kiosk")) } th { (w.t("col-last-contact")) } th { (w.t("col-backlog")) }
                th { (w.t("col-gateway-failures")) } th { (w.t("col-alerts")) } th { (w.t("col-pauses")) }
                th { (w.t("col-pad")) }
            } }
            tbody {
                @for k in &list {
                    tr {
                        td { (k.name) }
                        td {
                            @match k.last_seen { Some(t) => (c.time(t)), None => (w.t("never")) }
                            @if let Some(off) = k.clock_off_s {
                                div.bad { (w.with("clock-off", &[("minutes", (off / 60).into())])) }
                            }
                        }
                        td { @match k.backlog { Some((n, _)) => (n), None => "—" } }
                        td class=(if k.gateway_failures_24h > 0 { "warn" } else { "" }) { (k.gateway_failures_24h) }
                        td {
                            @if k.abuse_alerts.is_empty() { (w.t("none")) }
                            @for (cause, at) in k.abuse_alerts.iter().take(5) {
                                div.bad { (cause) " · " (c.time(*at)) }
                            }
                        }
                        td {
                            @if k.pauses.is_empty() { (w.t("none")) }
                            @for p in &k.pauses {
                                form.inline method="post" action="/kiosks/lift" {
                                    span.bad { (w.with("paused-until", &[("prefix", p.prefix.clone().into()), ("time", c.time(p.until).into())])) }
                                    input type="hidden" name="csrf" value=(who.csrf);
                                    input type="hidden" name="kiosk" value=(k.name);
                                    input type="hidden" name="prefix" value=(p.prefix);
                                    (reason_field(&w))
                                    button type="submit" { (w.t("lift")) }
                                }
                            }
                        }
                        td {
                            @match k.pad_locked_until {
                                Some(until) => {
                                    span.bad { (w.with("pad-locked", &[("time", c.time(until).into())])) }
                                    @if who.role == Role::It {
                                        form.inline method="post" action="/kiosks/reset-pad" {
                                            input type="hidden" name="csrf" value=(who.csrf);
                                            input type="hidden" name="kiosk" value=(k.name);
                                            (reason_field(&w))
                                            button type="submit" { (w.t("reset-pad")) }
                                        }
                                    }
                                }
                                None => (w.t("pad-open")),
                            }
                        }
                    }
                }
            }
        }
    };
    (status, c.page(&w, &who, "/kiosks", body)).into_response()
}

#[derive(Deserialize)]
pub struct KioskForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    kiosk: String,
    #[serde(default)]
    prefix: String,
    #[serde(default)]
    reason: String,
}

pub async fn reset_pad(
    State(c): State<Console>,
    headers: HeaderMap,
    Form(f): Form<KioskForm>,
) -> Response {
    let who = match signed_form(&c, &headers, &f.csrf, Some(Role::It)).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    kiosk_done(
        &c,
        &headers,
        desk::reset_pad(&c.pool, &who.name, &f.kiosk, &f.reason).await,
    )
    .await
}

pub async fn lift(
    State(c): State<Console>,
    headers: HeaderMap,
    Form(f): Form<KioskForm>,
) -> Response {
    let who = match signed_form(&c, &headers, &f.csrf, None).await {
        Ok(who) => who,
        Err(r) => return r,
    };
    let done = desk::lift_pause(&c.pool, &who.name, &f.kiosk, &f.prefix, &f.reason).await;
    kiosk_done(&c, &headers, done).await
}

async fn kiosk_done(c: &Console, headers: &HeaderMap, done: Result<(), Refused>) -> Response {
    match done {
        Ok(()) => Redirect::to("/kiosks?done=1").into_response(),
        Err(e) => match refusal(c, headers, e) {
            Ok(o) => render_kiosks(c, headers, o, StatusCode::UNPROCESSABLE_ENTITY).await,
            Err(e) => unavailable(e),
        },
    }
}

pub async fn activity(State(c): State<Console>, headers: HeaderMap) -> Response {
    let (who, hours) = match signed_read(&c, &headers, |client| async move {
        desk::activity(&client).await
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let w = c.words(&headers);
    let series: chart::Series<'_> = [
        ("sent", w.t("legend-sent"), |h| h.sent),
        ("verified", w.t("legend-verified"), |h| h.verified),
        ("wrong", w.t("legend-wrong"), |h| h.wrong),
    ];
    let tz = c.tz.clone();
    let label = move |h: &desk::Hour| {
        h.start
            .to_zoned_datetime(tz.clone())
            .strftime("%H:00")
            .to_string()
    };
    let title = w.t("activity-title");
    let body = html! {
        (chart::hourly(&hours, &series, label, &title))
        table.compact {
            thead { tr { th { (w.t("col-at")) } th { (w.t("legend-sent")) } th { (w.t("legend-verified")) } th { (w.t("legend-wrong")) } } }
            tbody {
                @for h in hours.iter().rev().filter(|h| h.sent + h.verified + h.wrong > 0) {
                    tr { td { (c.time(h.start)) } td { (h.sent) } td { (h.verified) } td { (h.wrong) } }
                }
            }
        }
    };
    c.page(&w, &who, "/activity", body).into_response()
}

/// The audit form's fields as the browser sends them: every one text (an empty `days` too),
/// read into an [`audit::Filter`] here.
#[derive(Deserialize)]
pub struct AuditQuery {
    #[serde(default)]
    staff: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    reservation: String,
    #[serde(default)]
    days: String,
    #[serde(default)]
    format: Option<String>,
}

impl AuditQuery {
    fn filter(&self) -> audit::Filter {
        audit::Filter {
            staff: self.staff.clone(),
            action: self.action.clone(),
            reservation: self.reservation.clone(),
            days: self.days.trim().parse().ok(),
        }
    }
}

pub async fn audit(
    State(c): State<Console>,
    headers: HeaderMap,
    Query(q): Query<AuditQuery>,
) -> Response {
    let csv = q.format.as_deref() == Some("csv");
    let filter = q.filter();
    let limit = if csv { 100_000 } else { 500 };
    let wanted = filter.clone();
    let (who, rows) = match signed_read(&c, &headers, |client| async move {
        audit::search(&client, &wanted, limit).await
    })
    .await
    {
        Ok(x) => x,
        Err(r) => return r,
    };
    let w = c.words(&headers);
    if csv {
        return match audit::csv(&rows) {
            Ok(bytes) => (
                [
                    (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
                    (
                        header::CONTENT_DISPOSITION,
                        "attachment; filename=\"audit.csv\"",
                    ),
                ],
                bytes,
            )
                .into_response(),
            Err(e) => unavailable(e),
        };
    }
    let f = &filter;
    let days = f.days.unwrap_or(7).clamp(1, 400);
    let body = html! {
        form.filter method="get" action="/audit" {
            label { (w.t("col-staff")) input type="text" name="staff" value=(f.staff); }
            label { (w.t("col-action")) input type="text" name="action" value=(f.action); }
            label { (w.t("col-booking")) input type="text" name="reservation" value=(f.reservation); }
            label { (w.t("days")) input type="number" name="days" min="1" max="400" value=(days); }
            button type="submit" { (w.t("audit-filter")) }
            button type="submit" name="format" value="csv" { (w.t("audit-export")) }
        }
        table {
            thead { tr {
                th { (w.t("col-at")) } th { (w.t("col-staff")) } th { (w.t("col-action")) }
                th { (w.t("col-booking")) } th { (w.t("col-kiosk")) } th { (w.t("col-reason")) } th { (w.t("col-detail")) }
            } }
            tbody {
                @for r in &rows {
                    tr {
                        td { (r.at.parse::<jiff::Timestamp>().map_or_else(|_| r.at.clone(), |t| c.time(t))) }
                        td { (r.staff) } td { (r.action) }
                        td { (r.reservation.as_deref().unwrap_or("")) } td { (r.kiosk.as_deref().unwrap_or("")) }
                        td { (r.reason.as_deref().unwrap_or("")) } td.detail { (r.detail) }
                    }
                }
            }
        }
    };
    c.page(&w, &who, "/audit", body).into_response()
}
