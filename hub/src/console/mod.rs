//! The front-desk web console: server-rendered HTML (no JavaScript) on its own listener.
//! Staff log in, see lockouts across the kiosks, today's arrivals, each kiosk's health and the
//! last day's activity, and act (unlock, reset a PIN pad, lift a pumping pause) with a reason;
//! every action is audited. The data and actions are [`crate::desk`]; this module only turns
//! requests into those calls and their answers into pages.

mod chart;
mod flood;
pub mod i18n;
mod pages;
pub mod session;

use std::sync::Arc;

use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use deadpool_postgres::Pool;
use fluent_bundle::FluentValue;
use lobby_kiosk::log_throttle::OncePerMinute;
use maud::{DOCTYPE, Markup, html};
use serde::Deserialize;

use crate::HubError;
use crate::staff::Role;
use i18n::Catalog;
use session::Signed;

#[derive(Clone)]
pub struct Console {
    /// The console's own connections: a busy desk (or a flood of logins) never takes the
    /// kiosks' pool.
    pub pool: Pool,
    pub catalog: Arc<Catalog>,
    /// The property's time zone, for the times and "today" the desk sees.
    pub tz: jiff::tz::TimeZone,
    guards: Arc<Guards>,
}

/// What keeps logins from being used against the hub.
struct Guards {
    /// Password hashes computed at once, at most.
    hashing: tokio::sync::Semaphore,
    logins: flood::LoginBudget,
}

impl Console {
    pub fn new(pool: Pool, catalog: Catalog, tz: jiff::tz::TimeZone) -> Console {
        Console {
            pool,
            catalog: Arc::new(catalog),
            tz,
            guards: Arc::new(Guards {
                hashing: tokio::sync::Semaphore::new(2),
                logins: flood::LoginBudget::new(LOGINS_PER_MINUTE),
            }),
        }
    }
}

/// Login tries per client address and minute.
pub const LOGINS_PER_MINUTE: u32 = 20;

pub fn router(console: Console) -> Router {
    Router::new()
        .route("/", get(|| async { Redirect::to("/lockouts") }))
        .route("/console.css", get(css))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/language", get(language))
        .route("/lockouts", get(pages::lockouts))
        .route("/lockouts/unlock", post(pages::unlock))
        .route("/arrivals", get(pages::arrivals))
        .route("/kiosks", get(pages::kiosks))
        .route("/kiosks/reset-pad", post(pages::reset_pad))
        .route("/kiosks/lift", post(pages::lift))
        .route("/activity", get(pages::activity))
        .route("/audit", get(pages::audit))
        .layer(axum::middleware::map_response(hardened))
        .with_state(console)
}

/// Headers every answer carries: no scripts, frames or foreign resources; nothing cached.
async fn hardened(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; \
             frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Over TLS (or behind a TLS proxy) the browser keeps to HTTPS; plain HTTP ignores it.
    h.insert(
        header::STRICT_TRANSPORT_SECURITY,
        HeaderValue::from_static("max-age=31536000"),
    );
    response
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("console.css"),
    )
        .into_response()
}

/// The language of this browser's pages.
pub(crate) struct Words<'a> {
    catalog: &'a Catalog,
    pub lang: &'static str,
}

impl Words<'_> {
    pub fn t(&self, key: &str) -> String {
        self.catalog.text(self.lang, key, &[])
    }

    pub fn with(&self, key: &str, args: &[(&str, FluentValue<'_>)]) -> String {
        self.catalog.text(self.lang, key, args)
    }
}

impl Console {
    pub(crate) fn words(&self, headers: &HeaderMap) -> Words<'_> {
        Words {
            catalog: &self.catalog,
            lang: self.catalog.pick(session::cookie(headers, session::LANG)),
        }
    }

    /// A time as the desk reads it, in the property's zone.
    pub(crate) fn time(&self, at: jiff::Timestamp) -> String {
        at.to_zoned_datetime(self.tz.clone())
            .strftime("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// The signed-in member, or the answer that sends the browser to the login page.
    pub(crate) async fn member(&self, headers: &HeaderMap) -> Result<Signed, Response> {
        match session::signed_in(&self.pool, headers).await {
            Ok(Some(who)) => Ok(who),
            Ok(None) if session::cookie(headers, session::SESSION).is_some() => {
                Err(Redirect::to("/login?expired=1").into_response())
            }
            Ok(None) => Err(Redirect::to("/login").into_response()),
            Err(e) => Err(unavailable(e)),
        }
    }

    /// The refusal of a form whose CSRF token is not the session's, or whose action needs
    /// another role; None when it may go ahead.
    pub(crate) fn refused_form(
        &self,
        headers: &HeaderMap,
        who: &Signed,
        csrf: &str,
        needs: Option<Role>,
    ) -> Option<Response> {
        let w = self.words(headers);
        if !session::same_token(csrf, &who.csrf) {
            tracing::info!(staff = %who.name, "console form refused: CSRF token missing or wrong");
            return Some((StatusCode::FORBIDDEN, bare(&w, &w.t("csrf-refused"))).into_response());
        }
        if needs.is_some_and(|r| r != who.role) {
            return Some((StatusCode::FORBIDDEN, bare(&w, &w.t("forbidden-role"))).into_response());
        }
        None
    }

    /// A page of the console with its navigation.
    pub(crate) fn page(&self, w: &Words<'_>, who: &Signed, current: &str, body: Markup) -> Markup {
        let nav = [
            ("/lockouts", "nav-lockouts"),
            ("/arrivals", "nav-arrivals"),
            ("/kiosks", "nav-kiosks"),
            ("/activity", "nav-activity"),
            ("/audit", "nav-audit"),
        ];
        let title = nav
            .iter()
            .find(|(href, _)| *href == current)
            .map_or_else(|| w.t("title"), |(_, key)| w.t(key));
        html! {
            (DOCTYPE)
            html lang=(w.lang) {
                head {
                    meta charset="utf-8";
                    meta name="viewport" content="width=device-width, initial-scale=1";
                    title { (title) " · " (w.t("title")) }
                    link rel="stylesheet" href="/console.css";
                }
                body {
                    header {
                        strong.brand { (w.t("title")) }
                        nav {
                            @for (href, key) in nav {
                                @if href == current {
                                    a href=(href) aria-current="page" { (w.t(key)) }
                                } @else {
                                    a href=(href) { (w.t(key)) }
                                }
                            }
                        }
                        div.who {
                            span { (w.with("signed-in-as", &[("name", who.name.clone().into()), ("role", who.role.as_str().into())])) }
                            (languages(&self.catalog, w))
                            form method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(who.csrf);
                                button type="submit" { (w.t("logout")) }
                            }
                        }
                    }
                    main {
                        h1 { (title) }
                        (body)
                    }
                }
            }
        }
    }
}

fn languages(catalog: &Catalog, w: &Words<'_>) -> Markup {
    html! {
        span.languages {
            @for code in &catalog.offered {
                @if *code == w.lang {
                    strong { (i18n::own_name(code)) }
                } @else {
                    a href={"/language?to=" (code)} lang=(code) { (i18n::own_name(code)) }
                }
            }
        }
    }
}

/// A page with only a message (refusals, errors).
fn bare(w: &Words<'_>, message: &str) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(w.lang) {
            head { meta charset="utf-8"; title { (w.t("title")) } link rel="stylesheet" href="/console.css"; }
            body { main { p.error role="alert" { (message) } p { a href="/lockouts" { (w.t("nav-lockouts")) } } } }
        }
    }
}

pub(crate) fn unavailable(e: HubError) -> Response {
    static FAILED: OncePerMinute = OncePerMinute::new();
    if let Some(failed) = FAILED.tick() {
        tracing::warn!(error = %e, failed, "console request failed (logged once a minute)");
    }
    (
        StatusCode::SERVICE_UNAVAILABLE,
        "The hub's database is unavailable; try again in a minute.",
    )
        .into_response()
}

#[derive(Deserialize)]
struct LanguageQuery {
    to: String,
}

async fn language(State(c): State<Console>, Query(q): Query<LanguageQuery>) -> Response {
    let lang = c.catalog.pick(Some(&q.to));
    let mut r = Redirect::to("/lockouts").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(session::LANG, lang, Some(400 * 86400)),
    );
    r
}

#[derive(Deserialize)]
struct LoginQuery {
    #[serde(default)]
    expired: Option<String>,
}

async fn login_form(
    State(c): State<Console>,
    headers: HeaderMap,
    Query(q): Query<LoginQuery>,
) -> Response {
    let w = c.words(&headers);
    let notice = q.expired.is_some().then(|| w.t("session-expired"));
    login_page(&c, &headers, StatusCode::OK, notice.as_deref())
}

fn login_page(
    c: &Console,
    headers: &HeaderMap,
    status: StatusCode,
    message: Option<&str>,
) -> Response {
    let w = &c.words(headers);
    // The browser's login token is kept while it lasts, so two tabs on the login page (or a
    // reload racing a redirect) both post a token that matches the one cookie.
    let kept = session::cookie(headers, session::LOGIN)
        .filter(|t| t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(str::to_owned);
    let csrf = match kept.map_or_else(session::random_hex, Ok) {
        Ok(t) => t,
        Err(e) => return unavailable(e),
    };
    let body = html! {
        (DOCTYPE)
        html lang=(w.lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (w.t("login-title")) " · " (w.t("title")) }
                link rel="stylesheet" href="/console.css";
            }
            body.login {
                main {
                    h1 { (w.t("login-title")) }
                    @if let Some(m) = message { p.error role="alert" { (m) } }
                    form method="post" action="/login" {
                        input type="hidden" name="csrf" value=(csrf);
                        label { (w.t("login-name")) input type="text" name="name" id="name" autocomplete="username" required autofocus; }
                        label { (w.t("login-password")) input type="password" name="password" id="password" autocomplete="current-password" required; }
                        button type="submit" id="login" { (w.t("login-submit")) }
                    }
                    (languages(&c.catalog, w))
                }
            }
        }
    };
    let mut r = (status, body).into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(session::LOGIN, &csrf, Some(3600)),
    );
    r
}

#[derive(Deserialize)]
struct LoginForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    password: String,
}

async fn login(
    State(c): State<Console>,
    axum::extract::ConnectInfo(crate::guard::Peer(peer)): axum::extract::ConnectInfo<
        crate::guard::Peer,
    >,
    headers: HeaderMap,
    Form(f): Form<LoginForm>,
) -> Response {
    let w = c.words(&headers);
    if let Err(wait) = c.guards.logins.take(peer.ip(), std::time::Instant::now()) {
        static OVER_BUDGET: OncePerMinute = OncePerMinute::new();
        if let Some(refused) = OVER_BUDGET.tick() {
            tracing::info!(
                refused,
                "console logins refused: an address over its budget (logged once a minute)"
            );
        }
        let m = w.with("login-throttled", &[("seconds", wait.into())]);
        let mut r = login_page(&c, &headers, StatusCode::TOO_MANY_REQUESTS, Some(&m));
        r.headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
        return r;
    }
    let expected = session::cookie(&headers, session::LOGIN).unwrap_or("");
    if !session::same_token(&f.csrf, expected) {
        return (StatusCode::FORBIDDEN, bare(&w, &w.t("csrf-refused"))).into_response();
    }
    let device = session::cookie(&headers, session::DEVICE);
    match session::login(&c.pool, &f.name, &f.password, device, &c.guards.hashing).await {
        Ok(session::Login::Ok { session, device }) => {
            let mut r = Redirect::to("/lockouts").into_response();
            let h = r.headers_mut();
            h.append(
                header::SET_COOKIE,
                session::set_cookie(
                    session::SESSION,
                    &session,
                    Some(i64::from(session::SHIFT_HOURS) * 3600),
                ),
            );
            h.append(
                header::SET_COOKIE,
                session::set_cookie(session::DEVICE, &device, Some(180 * 86400)),
            );
            h.append(
                header::SET_COOKIE,
                session::set_cookie(session::LOGIN, "", Some(0)),
            );
            r
        }
        Ok(session::Login::Failed) => login_page(
            &c,
            &headers,
            StatusCode::UNAUTHORIZED,
            Some(&w.t("login-failed")),
        ),
        Ok(session::Login::Throttled(s)) => {
            let m = w.with("login-throttled", &[("seconds", s.into())]);
            let mut r = login_page(&c, &headers, StatusCode::TOO_MANY_REQUESTS, Some(&m));
            r.headers_mut().insert(
                header::RETRY_AFTER,
                HeaderValue::from_str(&s.to_string()).unwrap_or(HeaderValue::from_static("60")),
            );
            r
        }
        Err(e) => unavailable(e),
    }
}

#[derive(Deserialize)]
struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

async fn logout(State(c): State<Console>, headers: HeaderMap, Form(f): Form<CsrfOnly>) -> Response {
    let who = match c.member(&headers).await {
        Ok(w) => w,
        Err(r) => return r,
    };
    if let Some(r) = c.refused_form(&headers, &who, &f.csrf, None) {
        return r;
    }
    if let Err(e) = session::logout(&c.pool, &headers, &who).await {
        return unavailable(e);
    }
    let mut r = Redirect::to("/login").into_response();
    r.headers_mut().append(
        header::SET_COOKIE,
        session::set_cookie(session::SESSION, "", Some(0)),
    );
    r
}
