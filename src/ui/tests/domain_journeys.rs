//! The guest journeys on the real domain: the app over a `Journey` with the shipped
//! kiosk.toml and demo guests in a temp dir, a real SQLite file, the `outbox` gateway standing
//! in for the guest's phone, and every Task the app returns actually run on a multi-thread
//! runtime (the journey uses `spawn_blocking` and `block_in_place`). A "restart" is a new
//! journey, backend and app over the same file.

#[path = "../../../tests/support/live.rs"]
mod live;
mod names;
mod screens;
mod staff;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::{Driver, KeyPress};
use crate::clock::{Clock, ManualClock};
use crate::config::Config;
use crate::gateway::{GatewayChain, OutboxEntry, read_outbox};
use crate::journey::DeskReason;
use crate::journey::Journey as Domain;
use crate::store::Store;
use crate::ui::app::{Boot, Kiosk, Message, Screen, Settings};

/// The fixed "now" of every journey and snapshot: 25 Nov 2026, 15:00 in Lisbon (UTC+0).
const NOW: &str = "2026-11-25T15:00:00Z";

/// A kiosk installation: its directory, config, store file and clock.
pub(super) struct Site {
    dir: tempfile::TempDir,
    config: Arc<Config>,
    clock: Arc<ManualClock>,
    /// The loopback phone of a site off demo mode ([`Site::live`]).
    phone: Option<live::Phone>,
}

impl Site {
    /// The shipped kiosk.toml (demo mode, outbox gateway) with the demo guests seeded.
    fn new() -> Self {
        Self::with_toml(|toml| toml)
    }

    /// Off demo mode (only there may a real gateway send): `gateways` before a loopback phone
    /// that writes the same outbox file, staff on `live::PIN`, the demo guests still seeded.
    fn live(gateways: &str) -> Self {
        let mut site = Self::new();
        let phone = live::Phone::start(&site.outbox_path());
        site.go_live(gateways, Some(&phone));
        site.phone = Some(phone);
        site
    }

    /// Off demo mode with `gateways` alone: no loopback phone behind them.
    fn live_only(gateways: &str) -> Self {
        let mut site = Self::new();
        site.go_live(gateways, None);
        site
    }

    fn go_live(&mut self, gateways: &str, phone: Option<&live::Phone>) {
        let path = self.dir.path().join("kiosk.toml");
        let shipped = std::fs::read_to_string(&path).unwrap();
        let toml = live::live_toml(&shipped, self.dir.path(), gateways, phone);
        std::fs::write(&path, toml).unwrap();
        self.config = Arc::new(Config::load(&path).unwrap());
    }

    fn with_toml(edit: impl FnOnce(String) -> String) -> Self {
        Self::with_toml_in(|toml, _| edit(toml))
    }

    /// As [`Site::with_toml`], the edit also given the site's directory (for files it names).
    fn with_toml_in(edit: impl FnOnce(String, &Path) -> String) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        std::fs::create_dir_all(dir.path().join("assets/demo")).unwrap();
        std::fs::copy(
            root.join("assets/demo/reservations.json"),
            dir.path().join("assets/demo/reservations.json"),
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("assets/branding")).unwrap();
        std::fs::copy(
            root.join("assets/branding/logo.png"),
            dir.path().join("assets/branding/logo.png"),
        )
        .unwrap();
        let toml = std::fs::read_to_string(root.join("kiosk.toml")).unwrap();
        let toml = edit(toml, dir.path());
        std::fs::write(dir.path().join("kiosk.toml"), toml).unwrap();
        let config = Arc::new(Config::load(&dir.path().join("kiosk.toml")).unwrap());
        let clock = Arc::new(ManualClock::new(NOW.parse().unwrap()));
        let mut store = Store::open(&config.store.path).unwrap();
        crate::demo::seed(&mut store, &config, clock.now()).unwrap();
        Self {
            dir,
            config,
            clock,
            phone: None,
        }
    }

    /// A journey on the store file, as the binary builds it at start-up.
    fn journey(&self) -> Domain {
        let store = Store::open(&self.config.store.path).unwrap();
        let chain = GatewayChain::from_config(&self.config.gateways).unwrap();
        Domain::new(
            self.config.clone(),
            store,
            chain,
            self.clock.clone(),
            Arc::new(|| {}),
        )
        .unwrap()
    }

    fn outbox_path(&self) -> PathBuf {
        self.dir.path().join("var/sms-outbox.log")
    }

    fn outbox(&self) -> Vec<OutboxEntry> {
        read_outbox(&self.outbox_path()).unwrap()
    }

    /// The code in the last code SMS, as the guest reads it off their phone (security notices,
    /// sent in the background, carry none).
    fn last_code(&self) -> String {
        self.outbox()
            .iter()
            .rev()
            .find_map(|sms| code_in(&sms.text))
            .expect("an SMS with a code was sent")
    }

    /// (kind, reservation) of every journal event, read through a fresh connection.
    fn journal(&self) -> Vec<(String, Option<String>)> {
        let store = Store::open(&self.config.store.path).unwrap();
        store
            .journal_since(0, 10_000)
            .unwrap()
            .into_iter()
            .map(|e| (e.kind, e.reservation))
            .collect()
    }

    fn has_event(&self, kind: &str, reservation: &str) -> bool {
        self.journal()
            .iter()
            .any(|(k, r)| k == kind && r.as_deref() == Some(reservation))
    }

    fn count(&self, kind: &str) -> usize {
        self.journal().iter().filter(|(k, _)| k == kind).count()
    }

    /// Waits (up to 5 s) for a `kind` event a background task writes, e.g. a security notice.
    async fn wait_for_event(&self, kind: &str) {
        for _ in 0..100 {
            if self.count(kind) > 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("no {kind} event was journaled");
    }

    /// The data of every `kind` event, oldest first.
    fn events(&self, kind: &str) -> Vec<serde_json::Value> {
        let store = Store::open(&self.config.store.path).unwrap();
        store
            .journal_since(0, 10_000)
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == kind)
            .map(|e| e.data)
            .collect()
    }
}

fn code_in(text: &str) -> Option<String> {
    text.split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 6)
        .map(str::to_owned)
}

/// One running kiosk process: the app over its own `Journey`.
struct Real {
    ui: Driver,
    journey: Domain,
    site: Site,
}

impl std::ops::Deref for Real {
    type Target = Driver;
    fn deref(&self) -> &Driver {
        &self.ui
    }
}

impl std::ops::DerefMut for Real {
    fn deref_mut(&mut self) -> &mut Driver {
        &mut self.ui
    }
}

impl Real {
    fn start(site: Site) -> Self {
        let settings = Settings::from_config(&site.config);
        Self::start_with(site, settings)
    }

    /// A kiosk on `site` with `settings` instead of those of its kiosk.toml.
    fn start_with(site: Site, settings: Settings) -> Self {
        let journey = site.journey();
        let app = Kiosk::new(Self::boot_on(&journey, settings));
        Self {
            ui: Driver::new(app),
            journey,
            site,
        }
    }

    /// What `kiosk run`'s start-up thread hands the window once the store is open.
    fn boot(site: &Site, settings: Settings) -> Boot {
        Self::boot_on(&site.journey(), settings)
    }

    fn boot_on(journey: &Domain, settings: Settings) -> Boot {
        Boot::Ready {
            journey: journey.clone(),
            settings,
        }
    }

    /// Quits and starts again on the same files (nothing in memory survives).
    fn restart(self) -> Self {
        let Real { site, .. } = self;
        Self::start(site)
    }

    async fn tick_after(&mut self, secs: u64) {
        self.site.clock.advance(Duration::from_secs(secs));
        self.tick().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_check_in_happy_path() {
    let mut k = Real::start(Site::new());
    assert!(k.sees("Welcome to Hotel Demo"));
    k.find("start-check-in", "lk4821", "garcia lopez").await;
    assert_eq!(k.screen(), "confirm_phone");
    assert!(k.sees("Hello, Ana"));
    assert!(k.sees("+34 ••• ••• 601"), "the masked number on file");
    assert!(k.sees("Step 2 of 4"));
    k.click("send-code").await;
    assert_eq!(k.screen(), "enter_code");
    assert!(k.sees("We sent a 6-digit code to +34 ••• ••• 601."));
    assert!(k.sees("Code expires in 5:00"));
    let sms = k.site.outbox();
    assert_eq!(sms.len(), 1);
    assert_eq!(sms[0].to, "+34612345601");
    let code = k.site.last_code();
    // Digits appear as typed; backspace takes one back.
    k.click("kp-1").await;
    assert!(matches!(&k.app.screen, Screen::EnterCode(c) if c.code == "1"));
    assert!(k.sees("1"));
    k.click("kp-del").await;
    assert!(matches!(&k.app.screen, Screen::EnterCode(c) if c.code.is_empty()));
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Welcome, Ana!"));
    assert!(k.sees("Room 412"));
    assert!(k.sees("Take the lift to floor 4; room 412 is signposted."));
    assert!(k.sees("Please collect your key card at the front desk."));
    assert!(k.sees("Wi-Fi") && k.sees("Digital key"));
    assert!(k.site.has_event("otp_verified", "LK4821"));
    assert!(k.site.has_event("checked_in", "LK4821"));
    k.click("done").await;
    assert_eq!(k.screen(), "welcome");
    assert!(k.app.session.is_empty());
    assert_eq!(k.journey.remembered(), 0, "Done forgets the guest");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_pending_booking_is_confirmed_and_checked_in_with_one_code() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4831", "Müller").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Welcome, Zoë!"));
    assert!(k.sees("Room 316"));
    assert!(k.site.has_event("booking_confirmed", "LK4831"));
    assert!(k.site.has_event("checked_in", "LK4831"));
    assert_eq!(k.site.outbox().len(), 1, "one code did both");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_wrong_code_until_lockout_and_the_lock_outlives_a_restart() {
    let mut k = Real::start(Site::new());
    // First code: every attempt it allows (otp.max_attempts = 5) used up with wrong entries.
    k.reach_code("LK4821", "García López").await;
    let code = k.site.last_code();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    k.keypad(wrong).await;
    assert_eq!(k.screen(), "enter_code");
    assert!(k.sees("That code isn't right. 4 attempts left."));
    for _ in 0..3 {
        k.keypad(wrong).await;
    }
    assert!(k.sees("That code isn't right. One attempt left."));
    k.keypad(wrong).await;
    assert_eq!(
        k.screen(),
        "desk",
        "a used-up code sends the guest to the desk"
    );
    assert!(k.app.session.challenge.is_none());
    assert_eq!(
        k.site.count("locked"),
        0,
        "not locked yet (lockout_after = 10)"
    );

    // Starting over after the resend wait: a second code, five more wrong entries → locked.
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "welcome");
    k.site.clock.advance(Duration::from_secs(31));
    k.reach_code("LK4821", "García López").await;
    let code = k.site.last_code();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    for _ in 0..4 {
        k.keypad(wrong).await;
        assert_eq!(k.screen(), "enter_code");
    }
    k.keypad(wrong).await;
    assert_eq!(k.screen(), "desk");
    assert!(matches!(&k.app.screen, Screen::Desk(d) if d.reason == DeskReason::Locked));
    assert!(k.sees("Please see the front desk"));
    assert!(
        !k.sees("Locked") && !k.sees("locked"),
        "nothing that helps an attacker"
    );
    assert!(k.site.has_event("locked", "LK4821"));
    assert_eq!(k.site.count("otp_failed"), 10);

    // The guest's lock notice goes out in the background: let it land before counting.
    k.site.wait_for_event("security_notice").await;
    // A new process on the same store file: still locked, and no SMS goes out.
    let sent = k.site.outbox().len();
    let mut again = k.restart();
    again.site.clock.advance(Duration::from_secs(600));
    again.find("start-check-in", "LK4821", "García López").await;
    assert_eq!(again.screen(), "confirm_phone");
    again.click("send-code").await;
    assert_eq!(again.screen(), "desk");
    assert!(matches!(&again.app.screen, Screen::Desk(d) if d.reason == DeskReason::Locked));
    assert_eq!(again.site.outbox().len(), sent);
    assert!(!again.site.has_event("checked_in", "LK4821"));
}

/// A stranger who overheard "Ana García López" works through the name search until the booking
/// locks; Ana, arriving with her booking number, is not locked out and checks in on the usual
/// screens.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_stranger_who_knows_a_name_cannot_lock_out_the_booking_number() {
    let mut k = Real::start(Site::new());
    for round in 0..2 {
        k.find_by_name("start-check-in", "Garcia Lopez", "Ana")
            .await;
        assert_eq!(k.screen(), "confirm_phone", "round {round}");
        k.click("send-code").await;
        assert_eq!(k.screen(), "enter_code");
        let code = k.site.last_code();
        let wrong = if code == "000000" { "111111" } else { "000000" };
        for _ in 0..5 {
            k.keypad(wrong).await;
        }
        assert_eq!(k.screen(), "desk");
        k.key(KeyPress::Enter).await;
        assert_eq!(k.screen(), "welcome");
        k.site.clock.advance(Duration::from_secs(31));
    }
    let locked = k.site.events("locked");
    assert_eq!(locked.len(), 1);
    assert_eq!(locked[0]["scope"], "name");
    // Ana is told by SMS, in her language, once (the sender runs in the background).
    k.site.wait_for_event("security_notice").await;
    let notices = k.site.events("security_notice");
    assert_eq!(notices.len(), 1, "one lock notice");
    assert_eq!(notices[0]["notice"], "locked");
    let sms = k.site.outbox();
    let notice = sms.last().unwrap();
    assert_eq!(notice.to, "+34612345601");
    assert!(!notice.text.contains("http"), "{}", notice.text);

    // The name search stays closed to the stranger…
    k.find_by_name("start-check-in", "Garcia Lopez", "Ana")
        .await;
    k.click("send-code").await;
    assert!(matches!(&k.app.screen, Screen::Desk(d) if d.reason == DeskReason::Locked));
    k.key(KeyPress::Enter).await;
    // …while Ana, with her booking number, checks in on the same four screens as ever.
    let sent = k.site.outbox().len();
    k.reach_code("LK4821", "García López").await;
    assert!(k.sees("Step 3 of 4"));
    assert_eq!(k.site.outbox().len(), sent + 1, "her code was sent");
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Room 412"));
    assert!(k.site.has_event("checked_in", "LK4821"));
}

/// The wall clock moved back two hours while a guest was on Enter code: the idle prompt and
/// the wipe still come after a minute of real inactivity, and the countdowns never grow.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_clock_moved_back_stretches_no_screen_timer() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4821", "García López").await;
    k.tick().await;
    let back = k
        .site
        .clock
        .now()
        .checked_sub(jiff::SignedDuration::from_hours(2))
        .unwrap();
    k.site.clock.set(back);
    k.tick().await;
    let Screen::EnterCode(c) = &k.app.screen else {
        panic!("on {}", k.screen())
    };
    let left = c.sent.expires_at.duration_since(c.now);
    assert!(
        left <= jiff::SignedDuration::from_mins(5),
        "the code's countdown did not grow by the jump: {left:?}"
    );
    if let Some(resend) = c.sent.resend_at {
        assert!(resend.duration_since(c.now) <= jiff::SignedDuration::from_secs(30));
    }
    // A minute without input (idle_timeout_s = 60): the prompt, then the wipe.
    k.tick_after(60).await;
    assert!(
        k.app.idle.is_some(),
        "the idle prompt came after a real minute"
    );
    k.tick_after(10).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.journey.remembered(), 0, "the guest was wiped");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_resend_waits_for_its_cooldown_then_doubles_it() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4821", "García López").await;
    assert!(k.sees("Send a new code in 30 seconds"));
    k.click("resend").await;
    assert_eq!(k.site.outbox().len(), 1, "disabled during the cooldown");
    k.tick_after(12).await;
    assert!(k.sees("Send a new code in 18 seconds"), "counts down");
    assert!(k.sees("Code expires in 4:48"));
    let first = k.site.last_code();
    k.tick_after(18).await;
    assert!(k.sees("Send a new code"));
    k.click("resend").await;
    assert_eq!(k.site.outbox().len(), 2);
    assert!(k.sees("We sent a new code."));
    assert!(k.sees("Send a new code in 60 seconds"), "the wait doubles");
    assert_eq!(k.site.count("otp_sent"), 2);
    // The domain sends the new code; the one typed is whichever the phone shows last.
    let code = k.site.last_code();
    if first != code {
        k.keypad(&first).await;
        assert!(
            k.sees("That code isn't right. 4 attempts left."),
            "the old code is dead"
        );
    }
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.site.has_event("checked_in", "LK4821"));
}

/// What the find screen tells the guest, and the fields it keeps.
fn find_state(k: &Real) -> (Option<crate::ui::screen::find::Problem>, [String; 2]) {
    let Screen::Find(f) = &k.app.screen else {
        panic!("on find, not {}", k.screen())
    };
    (f.problem.clone(), f.fields.clone())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_name_shared_by_two_arrivals_reads_exactly_like_a_miss() {
    const NAME_MISS: &str = "We couldn't find a single booking with that name. Please search by your booking number instead.";
    let mut k = Real::start(Site::new());
    k.click("start-check-in").await;
    let by_name = async |k: &mut Real, last: &str, first: &str| {
        // A mode change clears both fields.
        k.click("mode-confirmation").await;
        k.click("mode-name").await;
        k.type_text(last).await;
        k.key(KeyPress::Enter).await;
        k.type_text(first).await;
        k.key(KeyPress::Enter).await;
        find_state(k).0
    };
    let miss = by_name(&mut k, "Nobody", "Here").await;
    assert!(k.sees(NAME_MISS));
    // Two Maria Silvas arrive today (LK4838, LK4839): the same words, the same journal.
    let several = by_name(&mut k, "Silva", "Maria").await;
    assert!(k.sees(NAME_MISS));
    assert_eq!(several, miss);
    let failed = k.site.events("lookup_failed");
    assert_eq!(failed.len(), 2);
    assert_eq!(failed[0], failed[1]);
    // A miss by confirmation number keeps its own wording.
    k.click("mode-confirmation").await;
    k.type_text("LK0000").await;
    k.key(KeyPress::Enter).await;
    k.type_text("Nobody").await;
    k.key(KeyPress::Enter).await;
    assert!(k.sees("We couldn't find that booking. Please check the details and try again."));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_scanned_number_without_the_pms_token_asks_for_the_surname() {
    const ASK: &str = "Please type your last name to continue.";
    let site = Site::with_toml(|toml| {
        toml.replace("# scanner_prefix = \"CONF:\"", "scanner_prefix = \"CONF:\"")
    });
    assert_eq!(site.config.lookup.scanner_prefix.as_deref(), Some("CONF:"));
    let mut k = Real::start(site);
    k.click("start-check-in").await;
    // An unknown number and a real one get the same screen, nothing journaled.
    let scan = async |k: &mut Real, raw: &str| {
        k.click("mode-name").await;
        k.click("mode-confirmation").await;
        k.type_text(raw).await;
        k.key(KeyPress::Enter).await;
        assert_eq!(k.screen(), "find", "{raw}");
        assert!(k.sees(ASK), "{raw}");
        find_state(k)
    };
    let unknown = scan(&mut k, "CONF:LK0000").await;
    let real = scan(&mut k, "CONF:LK4821").await;
    assert_eq!(unknown.0, real.0);
    assert_eq!(real.1, ["LK4821".to_owned(), String::new()]);
    assert_eq!(unknown.1, ["LK0000".to_owned(), String::new()]);
    // A wrong token reads the same, and no token is left on screen.
    let wrong = scan(&mut k, "CONF:LK4821/dk-lk4821-0000").await;
    assert_eq!(wrong, real);
    assert_eq!(
        k.site.count("lookup_failed"),
        1,
        "only the wrong token is a miss"
    );
    // The surname goes into the second field and the normal lookup runs.
    k.type_text("García López").await;
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "confirm_phone");
    assert!(k.sees("Hello, Ana"));
    // The PMS token on the barcode skips the surname.
    k.click("nav-back").await;
    assert_eq!(find_state(&k).1, [String::new(), String::new()]);
    k.type_text("CONF:LK4822/dk-lk4822-7f3a").await;
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "confirm_phone");
    assert!(k.sees("Hello, Søren"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_room_not_ready_shows_the_friendly_pending_message() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4835", "Rossi").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Almost ready, Giulia"));
    assert!(!k.sees("Room 614"), "no room number before it is ready");
    assert!(k.site.has_event("checkin_pending_room", "LK4835"));
    assert!(!k.site.has_event("checked_in", "LK4835"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_no_phone_on_file_goes_straight_to_the_desk() {
    let mut k = Real::start(Site::new());
    k.find("start-check-in", "LK4837", "Schmidt").await;
    assert_eq!(k.screen(), "desk");
    assert!(k.sees("We don't have a mobile number for this booking, so we can't send you a code."));
    assert!(k.site.outbox().is_empty());
    k.click("assistance").await;
    assert!(k.sees("You'll find our team at the front desk in the lobby."));
    assert!(k.site.has_event("assistance_requested", "LK4837"));
    k.click("assist-close").await;
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.journey.remembered(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_idle_prompt_then_everything_is_wiped() {
    let mut k = Real::start(Site::new());
    k.click("lang-de").await;
    k.reach_code("LK4821", "García López").await;
    k.type_text("12").await;
    assert!(k.app.session.guest.is_some() && k.app.session.challenge.is_some());
    assert!(
        k.journey.remembered() >= 2,
        "the found booking and the open code"
    );
    k.tick_after(59).await;
    assert!(k.app.idle.is_none());
    k.tick_after(1).await;
    assert!(k.app.idle.is_some(), "Still there? after idle_timeout_s");
    assert!(k.sees("Sind Sie noch da?"));
    // Input dismisses the prompt and restarts the timer.
    k.key(KeyPress::Text("3".into())).await;
    assert!(k.app.idle.is_none());
    assert_eq!(k.screen(), "enter_code");
    k.tick_after(60).await;
    assert!(k.sees("Zum Schutz Ihrer Daten wird diese Anzeige in 10 Sekunden zurückgesetzt."));
    k.tick_after(9).await;
    assert_eq!(k.screen(), "enter_code");
    k.tick_after(1).await;
    // Wiped: the app's session and the domain's handles, inspected directly.
    assert_eq!(k.screen(), "welcome");
    assert!(k.app.session.is_empty(), "{:?}", k.app.session);
    assert!(k.app.idle.is_none() && k.app.assistance.is_none());
    assert_eq!(k.app.lang, "en", "language back to the default");
    assert!(k.app.focus.current().is_none());
    assert_eq!(k.journey.remembered(), 0, "the reset wiped the journey");
    assert!(k.sees("Welcome to Hotel Demo"));
    assert!(!k.site.has_event("checked_in", "LK4821"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_language_switch_changes_the_texts_and_the_sms_language() {
    let mut k = Real::start(Site::new());
    k.click("lang-ja").await;
    assert!(k.sees("Hotel Demoへようこそ"));
    assert!(k.sees("チェックイン"));
    assert!(k.sees("English") && k.sees("Deutsch") && k.sees("简体中文"));
    k.reach_code("LK4821", "García López").await;
    assert!(k.sees("認証コードを入力"));
    // Ana's booking says Spanish: the SMS follows the language chosen on the kiosk.
    let code = k.site.last_code();
    let sms = k.site.outbox();
    assert_eq!(
        sms[0].text,
        crate::gateway::otp_text(
            "ja",
            crate::otp::Purpose::CheckIn,
            "Hotel Demo",
            &code,
            Duration::from_secs(300)
        )
    );
    assert!(sms[0].text.contains("認証コード"), "{}", sms[0].text);
    k.keypad(&code).await;
    assert!(k.sees("García López様、ようこそ"), "surname + 様");
    assert!(k.sees("412号室"));
    assert!(k.site.has_event("checked_in", "LK4821"));

    // Back on Welcome in the default language, the next guest gets English.
    k.click("done").await;
    k.reach_code("LK4822", "Østergaard").await;
    let code = k.site.last_code();
    assert_eq!(
        k.site.outbox()[1].text,
        crate::gateway::otp_text(
            "en",
            crate::otp::Purpose::CheckIn,
            "Hotel Demo",
            &code,
            Duration::from_secs(300)
        )
    );
}

/// A loopback SMS API that accepts (202) only after `delay`; the bodies it took arrive then.
async fn slow_gateway(delay: Duration) -> (String, Arc<Mutex<Vec<String>>>) {
    let bodies = Arc::new(Mutex::new(Vec::new()));
    let seen = bodies.clone();
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move |body: String| {
            let seen = seen.clone();
            async move {
                tokio::time::sleep(delay).await;
                seen.lock().unwrap().push(body);
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, bodies)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_ten_second_gateway_keeps_the_ui_responsive() {
    // Real time: the 10 s gateway, first in the chain before the outbox.
    const DELAY: Duration = Duration::from_secs(10);
    let (url, bodies) = slow_gateway(DELAY).await;
    let site = Site::live(&format!(
        "[[gateway]]\nname = \"slow\"\nkind = \"http\"\nurl = \"{url}\"\n\
         headers = {{ Content-Type = \"application/json\" }}\n\
         body = '{{\"to\": \"{{to}}\", \"text\": \"{{text}}\"}}'\n\
         success_status = [202]\ntimeout_ms = 20000\n\n"
    ));
    let mut k = Real::start(site);
    k.find("start-check-in", "LK4821", "García López").await;

    // Press Send; the send runs on the runtime as iced would run its Task.
    let started = Instant::now();
    let mut sends = Vec::new();
    for m in k.clicked("send-code") {
        if let Some(f) = k.app.update(m).into_future() {
            sends.push(tokio::spawn(f));
        }
    }
    assert_eq!(sends.len(), 1);
    let send = sends.pop().unwrap();
    assert_eq!(k.screen(), "sending");

    // No input for 84 s of kiosk time: the idle prompt is paused while a send is in flight.
    let mut phases = std::collections::BTreeSet::new();
    for _ in 0..14 {
        k.tick_after(6).await;
        if let Screen::Sending(s) = &k.app.screen {
            phases.insert(s.phase);
        }
    }
    assert_eq!(k.screen(), "sending");
    assert!(k.app.idle.is_none(), "no idle prompt during a send");
    assert!(phases.len() > 1, "the progress animates");

    // While the SMS is on its way the app handles every tick, tap and key at once.
    let mut slowest = Duration::ZERO;
    let mut rounds = 0;
    while started.elapsed() < DELAY - Duration::from_secs(2) {
        let t = Instant::now();
        k.tick_after(1).await;
        assert_eq!(k.screen(), "sending");
        assert!(k.sees("Sending your code…"));
        // A journaled assistance request (a store write) finishes while the send waits.
        k.click("assistance").await;
        assert!(k.sees("We're here to help"));
        k.key(KeyPress::Escape).await;
        assert!(k.app.assistance.is_none());
        slowest = slowest.max(t.elapsed());
        rounds += 1;
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    assert!(!send.is_finished(), "the gateway is still holding the send");
    assert!(bodies.lock().unwrap().is_empty() && k.site.outbox().is_empty());
    assert!(rounds >= 8, "only {rounds} rounds of input in 8 s");
    assert!(slowest < Duration::from_secs(1), "a round took {slowest:?}");
    assert!(k.site.count("assistance_requested") >= rounds);

    let reply = send.await.unwrap();
    assert!(started.elapsed() >= DELAY);
    k.send(reply).await;
    assert_eq!(k.screen(), "enter_code");
    let body = bodies
        .lock()
        .unwrap()
        .first()
        .cloned()
        .expect("the code arrived");
    let code = code_in(&body).expect("a 6-digit code in the SMS");
    assert!(k.site.outbox().is_empty(), "the first gateway delivered it");
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.site.has_event("checked_in", "LK4821"));
}

/// Whether any text on screen contains `needle` (the simulator's own text search matches
/// whole texts only).
fn shows_anywhere(d: &super::Driver, needle: &str) -> bool {
    d.simulator()
        .find(|c: iced_test::selector::Candidate<'_>| match c {
            iced_test::selector::Candidate::Text { content, .. } if content.contains(needle) => {
                Some(())
            }
            _ => None,
        })
        .is_ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_my_stay_before_check_in_shows_no_room_and_no_key() {
    // LK4835: arrives today, room 614 assigned but not ready, not checked in.
    let mut k = Real::start(Site::new());
    k.find("start-my-stay", "LK4835", "Rossi").await;
    assert_eq!(k.screen(), "confirm_phone");
    k.click("send-code").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.site.has_event("identity_verified", "LK4835"));
    assert!(shows_anywhere(&k, "Giulia"), "the success screen is drawn");
    assert!(!shows_anywhere(&k, "614"), "no room number anywhere");
    assert!(!shows_anywhere(&k, "floor"), "no directions");
    assert!(!k.sees("Please collect your key card at the front desk."));
    assert!(!k.sees("Digital key"));
    let Screen::Success(success) = &k.app.screen else {
        unreachable!()
    };
    let crate::ui::screen::success::Outcome::Room {
        details: view, qr, ..
    } = &success.outcome
    else {
        panic!("{:?}", success.outcome)
    };
    assert!(
        view.qr
            .iter()
            .all(|(_, payload)| !payload.contains("dk-lk4835") && !payload.contains("614")),
        "no QR code opens or names the room: {:?}",
        view.qr
    );
    let labels: Vec<&str> = qr.iter().map(|(label, _)| label.as_str()).collect();
    assert_eq!(
        labels,
        ["Wi-Fi"],
        "only the code that says nothing of the room"
    );
    // Instead: the stay and how to get the room.
    assert!(k.sees("Your booking, Giulia"));
    assert!(k.sees("Arrival 25 November 2026 · departure 29 November 2026"));
    assert!(k.sees(
        "You're not checked in yet. Check in here to get your room number and key, or ask at \
         the front desk."
    ));
    assert!(
        k.sees_id("update-email"),
        "My stay still allows the email change"
    );
    crate::ui::tests::assert_controls_fit(&k, "success");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_my_stay_for_a_later_arrival_says_from_when_to_check_in() {
    // LK4846 arrives in three days.
    let mut k = Real::start(Site::new());
    k.find("start-my-stay", "LK4846", "Li").await;
    k.click("send-code").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Your room will be ready on arrival — check in here from 28 November 2026."));
    assert!(!k.sees("Digital key"));
    assert!(!shows_anywhere(&k, "key card"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_my_stay_in_japanese_keeps_the_countdown_on_one_line() {
    // Beside two buttons and the QR codes the countdown was squeezed to one character a line.
    let mut k = Real::start(Site::new());
    k.click("lang-ja").await;
    k.find("start-my-stay", "LK4843", "Tanaka").await;
    k.click("send-code").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("705号室"));
    let clears = k
        .simulator()
        .find("この画面は30秒後に消去されます。")
        .expect("the countdown is drawn")
        .bounds();
    let done = k
        .simulator()
        .find(iced::widget::Id::from("done"))
        .expect("Done is drawn")
        .bounds();
    assert!(
        clears.width > clears.height * 4.0 && clears.height < done.height,
        "countdown {clears:?} beside Done {done:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_my_stay_shows_the_room_again_and_updates_the_email() {
    let mut k = Real::start(Site::new());
    k.find("start-my-stay", "LK4845", "Ferreira").await;
    assert_eq!(k.screen(), "confirm_phone");
    k.click("send-code").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Room 109"));
    assert!(k.sees("Take the lift to floor 1; room 109 is signposted."));
    assert!(k.sees("Wi-Fi") && k.sees("Digital key"));
    assert!(!shows_anywhere(&k, "not checked in"));
    assert!(k.site.has_event("identity_verified", "LK4845"));
    k.click("update-email").await;
    assert_eq!(k.screen(), "email");
    crate::ui::tests::assert_controls_fit(&k, "email");
    // Typed on the physical keyboard first without a domain: refused, nothing written.
    k.type_text("Ines.Ferreira@").await;
    k.key(KeyPress::Enter).await;
    assert!(k.sees("That doesn't look like an email address. Please check it."));
    assert!(!k.site.has_event("contact_updated", "LK4845"));
    // Then finished on the on-screen keyboard's 123 page.
    k.type_text("mail").await;
    k.click("kb-layout-a").await; // Letters → 123
    k.click(&crate::ui::widget::keyboard::key_id('.')).await;
    k.type_text("pt").await;
    k.key(KeyPress::Enter).await;
    assert!(k.sees("Your email address is updated."));
    assert!(k.site.has_event("contact_updated", "LK4845"));
    let store = Store::open(&k.site.config.store.path).unwrap();
    let r = store.reservation("LK4845").unwrap().unwrap();
    assert_eq!(r.email.as_deref(), Some("ines.ferreira@mail.pt"));
    k.key(KeyPress::Enter).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(
        k.journey.remembered(),
        0,
        "the permission is gone with the guest"
    );
}

/// Asserts that none of `texts` (nor the widgets named by `ids`) exists in the view: not drawn,
/// not even built, so a passer-by can read nothing of the screen behind a prompt.
fn nothing_of(k: &Real, texts: &[&str], ids: &[&str]) {
    for t in texts {
        assert!(!k.sees(t), "{t:?} is readable behind the prompt");
    }
    for id in ids {
        assert!(!k.sees_id(id), "{id} is in the view behind the prompt");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_the_idle_prompt_hides_the_code_being_typed() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4821", "García López").await;
    k.click("kp-9").await;
    k.click("kp-8").await;
    let masked = "We sent a 6-digit code to +34 ••• ••• 601.";
    let ids = ["code-display", "kp-ok", "nav-back", "assistance"];
    assert!(k.sees(masked) && k.sees("9") && k.sees("8") && k.sees_id("code-display"));
    k.tick_after(60).await;
    assert!(k.sees("Still there?"));
    nothing_of(&k, &[masked, "9", "8", "Step 3 of 4"], &ids);
    // The guest's answer brings the screen back as it was.
    k.click("still-here").await;
    assert!(k.sees(masked) && k.sees_id("code-display"));
    assert!(matches!(&k.app.screen, Screen::EnterCode(c) if c.code == "98"));
    k.tick_after(60).await;
    k.tick_after(10).await;
    assert_eq!(k.screen(), "welcome");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_the_assistance_panel_hides_the_code_being_typed() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4821", "García López").await;
    k.click("kp-9").await;
    k.click("kp-8").await;
    let masked = "We sent a 6-digit code to +34 ••• ••• 601.";
    let ids = ["code-display", "kp-ok", "nav-back", "assistance"];
    assert!(k.sees(masked) && k.sees_id("code-display"));
    // The assistance panel stands in for the screen like the idle prompt does.
    k.click("assistance").await;
    assert!(k.sees("We're here to help"));
    nothing_of(&k, &[masked, "9", "8"], &ids);
    // ...and when the guest walks away from it, the idle prompt replaces it.
    k.tick_after(60).await;
    assert!(k.sees("Still there?") && !k.sees("We're here to help"));
    nothing_of(&k, &[masked, "9", "8"], &ids);
    k.tick_after(10).await;
    assert_eq!(k.screen(), "welcome");
    assert!(k.app.assistance.is_none());
    assert_eq!(k.journey.remembered(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_the_idle_prompt_hides_the_name_and_the_masked_phone() {
    let mut k = Real::start(Site::new());
    k.find("start-check-in", "LK4821", "García López").await;
    assert_eq!(k.screen(), "confirm_phone");
    assert!(k.sees("Hello, Ana") && k.sees("+34 ••• ••• 601"));
    k.tick_after(60).await;
    assert!(k.sees("Still there?"));
    nothing_of(
        &k,
        &["Hello, Ana", "+34 ••• ••• 601"],
        &["send-code", "nav-back"],
    );
    k.tick_after(10).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.journey.remembered(), 0);
}

/// A site whose success screen stays up longer than the idle timeout (reset_after_s = 300), so
/// the "Still there?" prompt can come up over it.
fn slow_success_site() -> Site {
    Site::with_toml(|toml| {
        let default = "# reset_after_s = 30";
        assert!(toml.contains(default));
        toml.replacen(default, "reset_after_s = 300", 1)
    })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_the_idle_prompt_hides_the_room_on_the_success_screen() {
    let mut k = Real::start(slow_success_site());
    k.reach_code("LK4821", "García López").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    let shown = [
        "Welcome, Ana!",
        "Room 412",
        "Take the lift to floor 4; room 412 is signposted.",
        "Wi-Fi",
        "Digital key",
    ];
    assert!(shown.iter().all(|t| k.sees(t)));
    k.tick_after(60).await;
    assert!(k.sees("Still there?"));
    nothing_of(&k, &shown, &["done"]);
    k.tick_after(10).await;
    assert_eq!(k.screen(), "welcome");
}

/// The email-change permission the Success screen holds now (My stay).
fn email_permission(k: &Real) -> Option<String> {
    use crate::ui::screen::success::Outcome;
    match &k.app.screen {
        Screen::Success(s) => match &s.outcome {
            Outcome::Room { email_change, .. } => email_change.clone(),
            _ => None,
        },
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_the_idle_wipe_ends_the_email_permission_of_my_stay() {
    let mut k = Real::start(slow_success_site());
    k.find("start-my-stay", "LK4845", "Ferreira").await;
    k.click("send-code").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Room 109") && k.sees_id("update-email"));
    let permission = email_permission(&k).expect("My stay may update the email");
    let before = Store::open(&k.site.config.store.path)
        .unwrap()
        .reservation("LK4845")
        .unwrap()
        .unwrap()
        .email;

    // While the prompt is up the button is not there to press...
    k.tick_after(60).await;
    assert!(k.sees("Still there?"));
    nothing_of(&k, &["Room 109"], &["update-email", "done"]);
    // ...and when it runs out the permission is gone from the app and from the domain.
    k.tick_after(10).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.journey.remembered(), 0);
    let late = k
        .journey
        .update_email(&permission, "someone@else.example".to_owned())
        .await;
    assert!(
        matches!(late, Err(crate::journey::JourneyError::Stale)),
        "{late:?}"
    );
    // A press that was on its way when the screen was wiped opens nothing.
    k.send(Message::Success(
        crate::ui::screen::success::Message::UpdateEmailPressed,
    ))
    .await;
    assert_eq!(k.screen(), "welcome");
    let after = Store::open(&k.site.config.store.path)
        .unwrap()
        .reservation("LK4845")
        .unwrap()
        .unwrap()
        .email;
    assert_eq!(after, before, "nothing written");
    assert!(!k.site.has_event("contact_updated", "LK4845"));
}

/// The guest's My stay check is on its way (held up by a busy database) when the idle prompt
/// runs out: the permission it grants must not outlive the wipe, nor its reply reopen a screen.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_my_stay_reply_after_the_idle_wipe_grants_nothing() {
    let mut k = Real::start(Site::new());
    k.find("start-my-stay", "LK4845", "Ferreira").await;
    k.click("send-code").await;
    let code = k.site.last_code();
    for d in code.chars() {
        k.click(&format!("kp-{d}")).await;
    }
    // OK: the code check runs; the check's reply asks for the stay details.
    let mut pending = None;
    for m in k.clicked("kp-ok") {
        if let Some(f) = k.app.update(m).into_future() {
            let verified = f.await;
            pending = k.app.update(verified).into_future();
        }
    }
    let complete = pending.expect("a right code asks for the stay");
    assert_eq!(
        k.journey.remembered(),
        2,
        "the booking and the verified code"
    );

    // Another connection holds the write lock, so the step waits inside the store.
    let blocker = rusqlite::Connection::open(&k.site.config.store.path).unwrap();
    blocker.execute_batch("BEGIN EXCLUSIVE").unwrap();
    let reply = tokio::spawn(complete);
    let t = Instant::now();
    while k.journey.remembered() != 1 {
        assert!(
            t.elapsed() < Duration::from_secs(3),
            "the step never started"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    k.tick_after(60).await;
    assert!(k.app.idle.is_some());
    k.tick_after(10).await;
    assert_eq!(k.screen(), "welcome");
    assert_eq!(k.journey.remembered(), 0);
    blocker.execute_batch("ROLLBACK").unwrap();

    let reply = reply.await.unwrap();
    // The step itself happened (the guest proved the phone); what it would allow next did not
    // survive the wipe.
    assert_eq!(
        k.journey.remembered(),
        0,
        "nothing remembered after the wipe"
    );
    if let Message::Completed(_, Ok(finished)) = &reply
        && let Some(permission) = &finished.email_change
    {
        let late = k
            .journey
            .update_email(permission, "someone@else.example".to_owned())
            .await;
        assert!(
            matches!(late, Err(crate::journey::JourneyError::Stale)),
            "{late:?}"
        );
    }
    assert!(
        matches!(
            &reply,
            Message::Completed(_, Err(crate::journey::JourneyError::Stale))
        ),
        "{reply:?}"
    );
    k.send(reply).await;
    assert_eq!(k.screen(), "welcome", "a late reply reopens nothing");
    assert!(!k.site.has_event("contact_updated", "LK4845"));
}

/// A loopback SMS API that holds every send until `release` is notified; `arrived` is notified
/// when one comes in.
async fn held_gateway() -> (String, Arc<tokio::sync::Notify>, Arc<tokio::sync::Notify>) {
    let arrived = Arc::new(tokio::sync::Notify::new());
    let release = Arc::new(tokio::sync::Notify::new());
    let (a, r) = (arrived.clone(), release.clone());
    let app = axum::Router::new().route(
        "/send",
        axum::routing::post(move || {
            let (a, r) = (a.clone(), r.clone());
            async move {
                a.notify_one();
                r.notified().await;
                axum::http::StatusCode::ACCEPTED
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/send", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let _ = axum::serve(listener, app).await;
    });
    (url, arrived, release)
}

/// Staff open staff mode while a guest's code is on its way (the wipe every guest screen gets):
/// the code that the gateway accepts afterwards opens no request the kiosk still holds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_code_accepted_after_the_wipe_opens_no_request() {
    let (url, arrived, release) = held_gateway().await;
    let site = Site::live(&format!(
        "[[gateway]]\nname = \"held\"\nkind = \"http\"\nurl = \"{url}\"\n\
         headers = {{ Content-Type = \"application/json\" }}\n\
         body = '{{\"to\": \"{{to}}\", \"text\": \"{{text}}\"}}'\n\
         success_status = [202]\ntimeout_ms = 20000\n\n"
    ));
    let mut k = Real::start(site);
    k.find("start-check-in", "LK4821", "García López").await;
    let mut sends = Vec::new();
    for m in k.clicked("send-code") {
        if let Some(f) = k.app.update(m).into_future() {
            sends.push(tokio::spawn(f));
        }
    }
    let send = sends.pop().expect("Send code sends");
    tokio::time::timeout(Duration::from_secs(5), arrived.notified())
        .await
        .expect("the SMS reached the gateway");
    assert_eq!(k.screen(), "sending");

    k.send(Message::StaffShortcut).await;
    assert_eq!(k.screen(), "staff_pin");
    assert!(k.app.session.is_empty());
    assert_eq!(k.journey.remembered(), 0);
    release.notify_one();
    let reply = send.await.unwrap();
    assert_eq!(
        k.journey.remembered(),
        0,
        "no code request opened after the wipe"
    );
    assert!(
        matches!(
            &reply,
            Message::CodeSent(_, Err(crate::journey::JourneyError::Stale))
        ),
        "{reply:?}"
    );
    k.send(reply).await;
    assert_eq!(
        k.screen(),
        "staff_pin",
        "the late reply opens no guest screen"
    );
}

impl Site {
    /// Gives `confirmation` a date of birth on file (the PMS hashes it year first).
    fn set_date_of_birth(&self, confirmation: &str, iso: &str) {
        let mut store = Store::open(&self.config.store.path).unwrap();
        let mut r = store.reservation(confirmation).unwrap().unwrap();
        r.second_factor = Some(
            crate::otp::second_factor::hash_answer(crate::config::SecondFactor::DateOfBirth, iso)
                .unwrap(),
        );
        store.upsert_reservations(&[r], self.clock.now()).unwrap();
    }
}

/// Issue 14: the hint names the order of the 8 digits and shows an example in the guest's
/// language, and a guest who types the date that way is let through. On the parent commit the
/// hint said DDMMYYYY while the kiosk read year first, so this guest was always refused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_date_of_birth_typed_as_the_hint_shows_is_accepted() {
    let site = Site::with_toml(|toml| {
        toml.replace(
            "# second_factor = \"none\"",
            "second_factor = \"date_of_birth\"",
        )
    });
    // Ana was born on 31 July 1984; the property is in Portugal (day, month, year).
    site.set_date_of_birth("LK4821", "1984-07-31");
    site.set_date_of_birth("LK4822", "1990-01-02");
    let mut k = Real::start(site);
    k.reach_code("LK4821", "García López").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "second_factor");
    assert!(k.sees("Your date of birth as 8 digits: day, month, year"));
    assert!(k.sees("For example, type 23041985 for 23 April 1985"));
    k.keypad("31071984").await;
    assert_eq!(k.screen(), "success", "the date typed as the hint shows");
    assert!(k.sees("Room 412"));
    assert_eq!(k.site.count("second_factor_failed"), 0);
    k.click("done").await;

    // In Japanese the order is spelled out and the example written the Japanese way.
    k.click("lang-ja").await;
    k.reach_code("LK4822", "Østergaard").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "second_factor");
    assert!(k.sees("生年月日を8桁の数字で入力してください（日・月・年の順）"));
    assert!(k.sees("例：1985年4月23日 → 23041985"));
    k.keypad("02011990").await;
    assert_eq!(k.screen(), "success");
}

/// Issue 14: a guest already in the house who presses Check in is told so, not that the stay
/// "starts on" a past date, and the button takes them on to My stay with the same booking.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_checked_in_guest_pressing_check_in_is_sent_on_to_my_stay() {
    let mut k = Real::start(Site::new());
    // Kenji Tanaka checked in yesterday (LK4843, room 705).
    k.find("start-check-in", "LK4843", "Tanaka").await;
    assert_eq!(k.screen(), "find");
    assert!(k.sees("You're already checked in. My stay shows your room."));
    assert!(
        !k.sees("This booking starts on"),
        "not the future-arrival words"
    );
    assert!(k.sees_id("find-forward") && k.sees("My stay"));
    assert_eq!(
        k.site.outbox().len(),
        0,
        "no code for a step that is not open"
    );
    k.click("find-forward").await;
    assert_eq!(k.screen(), "confirm_phone", "no retyping");
    assert_eq!(
        k.app.session.purpose,
        Some(crate::otp::Purpose::VerifyIdentity)
    );
    k.click("send-code").await;
    assert_eq!(k.screen(), "enter_code");
    let sent = k.site.events("otp_sent");
    assert_eq!(sent.last().unwrap()["purpose"], "verify_identity");
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Room 705"));
}

/// A stranger who overheard "Ana García López" (arriving today) searches by name and presses
/// Check in after she checked in: the screens are those of any booking found by name (the
/// phone, masked), with no word that she is already in the house; Ana, proving the phone, sees
/// her room under My stay.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_name_search_says_nothing_of_a_guest_already_in_the_house() {
    let mut k = Real::start(Site::new());
    k.reach_code("LK4821", "García López").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    k.click("done").await;
    k.site.clock.advance(Duration::from_secs(31));

    k.find_by_name("start-check-in", "Garcia Lopez", "Ana")
        .await;
    assert_eq!(
        k.screen(),
        "confirm_phone",
        "like any booking found by name"
    );
    assert!(!k.sees("You're already checked in. My stay shows your room."));
    assert!(!k.sees_id("find-forward"));
    assert_eq!(
        k.app.session.purpose,
        Some(crate::otp::Purpose::VerifyIdentity)
    );
    k.click("send-code").await;
    assert_eq!(k.screen(), "enter_code");
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(
        k.sees("Room 412"),
        "the guest who proved the phone sees the room"
    );
}

/// Issue 14: a pending guest arriving today who presses Confirm my booking is told that
/// checking in confirms it too, and the button checks them in with one code.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_a_pending_guest_arriving_today_pressing_confirm_is_offered_check_in() {
    let mut k = Real::start(Site::new());
    // Zoë Müller's booking (LK4831) is pending and starts today.
    k.find("start-confirm", "LK4831", "Müller").await;
    assert_eq!(k.screen(), "find");
    assert!(k.sees("Your stay starts today: check in now, and that confirms the booking too."));
    assert!(!k.sees("This booking starts on"));
    assert!(k.sees_id("find-forward") && k.sees("Check in"));
    k.click("find-forward").await;
    assert_eq!(k.screen(), "confirm_phone");
    assert_eq!(k.app.session.purpose, Some(crate::otp::Purpose::CheckIn));
    k.click("send-code").await;
    let code = k.site.last_code();
    k.keypad(&code).await;
    assert_eq!(k.screen(), "success");
    assert!(k.sees("Room 316"));
    assert!(k.site.has_event("booking_confirmed", "LK4831"));
    assert!(k.site.has_event("checked_in", "LK4831"));
}

/// The other mismatches, each in its own words with its way forward: too early but pending
/// (confirm now), already confirmed (My stay), a stay that ends today (call staff).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn real_every_other_mismatch_has_its_own_words_and_way_forward() {
    let site = Site::new();
    {
        let mut store = Store::open(&site.config.store.path).unwrap();
        let record = crate::store::ReservationRecord {
            confirmation: "LD1".into(),
            last_name: "Okafor".into(),
            first_name: "Ada".into(),
            arrival: "2026-11-23".into(),
            departure: "2026-11-25".into(),
            phone: Some("+447400123998".into()),
            status: "confirmed".into(),
            ..Default::default()
        };
        let r = crate::store::Reservation::from_record(&record, "GB").unwrap();
        store.upsert_reservations(&[r], site.clock.now()).unwrap();
    }
    let mut k = Real::start(site);
    // Léa Moreau (LK4847): pending, arrives in a week.
    k.find("start-check-in", "LK4847", "Moreau").await;
    assert!(k.sees(
        "This booking starts on 2 December 2026, when check-in opens. You can confirm the booking now."
    ));
    assert!(k.sees("Confirm my booking"));
    k.click("find-forward").await;
    assert_eq!(k.screen(), "confirm_phone");
    assert_eq!(
        k.app.session.purpose,
        Some(crate::otp::Purpose::ConfirmBooking)
    );
    k.click("nav-back").await;
    k.click("nav-back").await;
    assert_eq!(k.screen(), "welcome");

    // Wei Li (LK4846): confirmed, arrives in three days.
    k.find("start-confirm", "LK4846", "Li").await;
    assert!(k.sees(
        "This booking is already confirmed. We look forward to seeing you on 28 November 2026; you can check in here from that day."
    ));
    k.click("find-forward").await;
    assert_eq!(
        k.app.session.purpose,
        Some(crate::otp::Purpose::VerifyIdentity)
    );
    k.click("nav-back").await;
    k.click("nav-back").await;

    // Ada Okafor (LD1): never checked in, leaves today.
    k.find("start-check-in", "LD1", "Okafor").await;
    assert!(k.sees(
        "This stay ends today, so it can no longer be checked in here. Please see the front desk."
    ));
    k.click("find-forward").await;
    assert!(k.app.assistance.is_some(), "the button calls staff");
    let asked = k.site.events("assistance_requested");
    assert_eq!(asked.len(), 1);
    assert!(k.site.has_event("assistance_requested", "LD1"));
    assert_eq!(k.site.outbox().len(), 0, "no code was sent for any of them");
}
