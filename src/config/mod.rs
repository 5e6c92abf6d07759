//! `kiosk.toml`: loading, validation and the resolved configuration every other module reads.
//!
//! Every problem is reported as `PATH:LINE:COLUMN: what is wrong and what is allowed`, all of
//! them at once, so IT fixes the file in one pass.

mod display_text;
mod locate;
mod raw;
mod sms_name;
mod syntax;
mod validate;

pub(crate) use validate::shown_url;

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::civil::Time;
use jiff::tz::TimeZone;
use secrecy::SecretString;

pub use locate::{KeyPath, line_col, locate};

/// Environment variable that overrides the default config path.
pub const CONFIG_ENV: &str = "KIOSK_CONFIG";
/// Languages the kiosk ships translations for, in the order the Welcome screen lists them.
pub const SUPPORTED_LANGUAGES: [&str; 7] = ["en", "pt", "es", "fr", "de", "ja", "zh-Hans"];

/// One problem in the file, located.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    pub file: PathBuf,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file.display(),
            self.line,
            self.column,
            self.message
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error(
        "{path}: cannot read the configuration file ({source}); pass --config PATH or set {CONFIG_ENV}",
        path = path.display()
    )]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}", issues.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Invalid { issues: Vec<ConfigIssue> },
}

impl ConfigError {
    pub fn issues(&self) -> &[ConfigIssue] {
        match self {
            ConfigError::Invalid { issues } => issues,
            ConfigError::Read { .. } => &[],
        }
    }
}

/// The validated configuration. Paths are absolute (relative ones resolved against the config
/// file's directory); secrets are loaded and wrapped so they never print.
#[derive(Debug, Clone)]
pub struct Config {
    pub source: PathBuf,
    pub kiosk: KioskConfig,
    pub store: StoreConfig,
    pub otp: OtpPolicy,
    pub lookup: LookupPolicy,
    pub gateways: Vec<GatewayConfig>,
    pub upstream: Option<UpstreamConfig>,
    pub staff: Vec<StaffMember>,
    /// Pepper for staff PIN hashes: configured (required outside demo mode), or the demo
    /// pepper in demo mode. `None` only in configs built by hand (tests).
    pub pin_pepper: Option<SecretString>,
    pub success: SuccessConfig,
    pub branding: Branding,
    pub logging: LoggingConfig,
    pub metrics: MetricsConfig,
    pub demo: DemoConfig,
    /// Legal but weak settings (every country allowed, pumping detection off, …), located like
    /// errors; `check-config` prints them and still passes.
    pub warnings: Vec<ConfigIssue>,
}

#[derive(Debug, Clone)]
pub struct KioskConfig {
    pub id: String,
    pub property: String,
    /// The hotel's name in every SMS: `[kiosk] sms_name`, or `property` when that fits.
    pub sms_name: String,
    pub time_zone_name: String,
    pub time_zone: TimeZone,
    /// ISO 3166 alpha-2, the default region for national phone numbers.
    pub country: String,
    pub languages: Vec<String>,
    pub default_language: String,
    /// A guest arriving before this local time belongs to the previous day's arrivals.
    pub business_day_start: Time,
    pub idle_timeout: Duration,
    pub idle_warning: Duration,
    pub fullscreen: bool,
    /// Taps on the logo that open staff mode (0: only Ctrl+Alt+S does).
    pub staff_taps: u32,
    /// ... within this long.
    pub staff_taps_window: Duration,
}

#[derive(Debug, Clone)]
pub struct StoreConfig {
    pub path: PathBuf,
    pub retention_days: u32,
    pub departed_keep_days: u32,
    /// The install key file (keys code and phone MACs); `<path>.key` by default.
    pub key_file: PathBuf,
    /// Encryption at rest (SQLCipher); on by default outside demo mode.
    pub encrypt: bool,
    /// Given by IT (`encryption_key_env`/`_file`), or generated in `<path>.enc-key`.
    pub encryption_key: crate::store::DbKey,
}

impl StoreConfig {
    pub fn options(&self) -> crate::store::StoreOptions {
        crate::store::StoreOptions {
            key_file: self.key_file.clone(),
            encrypt: self.encrypt,
            encryption_key: self.encryption_key.clone(),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SecondFactor {
    None,
    DateOfBirth,
    Postcode,
    CardLast4,
}

impl SecondFactor {
    pub const NAMES: [&'static str; 4] = ["none", "date_of_birth", "postcode", "card_last4"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "none" => Self::None,
            "date_of_birth" => Self::DateOfBirth,
            "postcode" => Self::Postcode,
            "card_last4" => Self::CardLast4,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::None => "none",
            Self::DateOfBirth => "date_of_birth",
            Self::Postcode => "postcode",
            Self::CardLast4 => "card_last4",
        }
    }
}

#[derive(Debug, Clone)]
pub struct OtpPolicy {
    pub length: u8,
    pub ttl: Duration,
    pub max_attempts: u32,
    pub resend_cooldown: Duration,
    pub max_resends: u32,
    pub lockout_after: u32,
    pub lockout: Duration,
    pub sends_per_phone_per_hour: u32,
    pub sends_per_reservation_per_day: u32,
    pub sends_per_kiosk_per_hour: u32,
    /// Empty means every country.
    pub allowed_countries: Vec<String>,
    pub second_factor: SecondFactor,
    /// How the 8 digits of a date of birth are typed: `[otp] date_of_birth_order`, or the
    /// usual order in `[kiosk] country`.
    pub date_of_birth_order: crate::otp::second_factor::DateOrder,
    pub pumping: PumpingPolicy,
}

/// SMS-pumping detection: sends against verified codes per E.164 prefix. Toll fraud sends many
/// codes to a range of premium or partner numbers and verifies almost none; fixed caps do not
/// see it when it is slow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PumpingPolicy {
    /// Leading digits of the E.164 number (country code included) that form a prefix. At least
    /// 6, so a prefix is always narrower than a country (country codes have at most 3 digits).
    pub prefix_digits: u32,
    /// The rolling window sends and verifications are counted over.
    pub window: Duration,
    /// No judgement below this many sends to the prefix in the window.
    pub min_sends: u32,
    /// Pause when fewer than this percentage of the window's sends were verified.
    pub min_verified_percent: u32,
    /// The first pause; each repeat within a day doubles it, up to a day.
    pub pause: Duration,
}

impl Default for PumpingPolicy {
    fn default() -> Self {
        Self {
            prefix_digits: 7,
            window: Duration::from_secs(3600),
            min_sends: 10,
            min_verified_percent: 20,
            pause: Duration::from_secs(3600),
        }
    }
}

impl Default for OtpPolicy {
    fn default() -> Self {
        Self {
            length: 6,
            ttl: Duration::from_secs(300),
            max_attempts: 5,
            resend_cooldown: Duration::from_secs(30),
            max_resends: 3,
            lockout_after: 10,
            lockout: Duration::from_secs(14_400),
            sends_per_phone_per_hour: 5,
            sends_per_reservation_per_day: 10,
            sends_per_kiosk_per_hour: 60,
            allowed_countries: Vec::new(),
            second_factor: SecondFactor::None,
            date_of_birth_order: crate::otp::second_factor::DateOrder::default(),
            pumping: PumpingPolicy::default(),
        }
    }
}

#[derive(Debug, Clone)]
pub struct LookupPolicy {
    /// What a barcode scanner types before the confirmation number, stripped when present.
    pub scanner_prefix: Option<String>,
    /// HMAC key for scanned barcodes (`[lookup] scan_key_env` / `scan_key_file`): a scan that
    /// carries the confirmation number's MAC under it skips the surname (see `lookup::scan`).
    pub scan_key: Option<SecretString>,
    pub failures_before_cooldown: u32,
    pub window: Duration,
    pub cooldown: Duration,
    pub cooldown_max: Duration,
    pub max_lookups_per_window: u32,
}

impl Default for LookupPolicy {
    fn default() -> Self {
        Self {
            scanner_prefix: None,
            scan_key: None,
            failures_before_cooldown: 10,
            window: Duration::from_secs(300),
            cooldown: Duration::from_secs(30),
            cooldown_max: Duration::from_secs(300),
            max_lookups_per_window: 30,
        }
    }
}

#[derive(Debug, Clone)]
pub struct GatewayConfig {
    pub name: String,
    pub timeout: Duration,
    pub connect_timeout: Duration,
    /// Consecutive transient failures that open the circuit breaker.
    pub breaker_failures: u32,
    /// How long an open breaker skips this gateway before trying it again.
    pub breaker_open: Duration,
    pub kind: GatewayKind,
}

#[derive(Debug, Clone)]
pub enum GatewayKind {
    Kannel {
        url: String,
        username: String,
        password: SecretString,
        from: Option<String>,
    },
    Twilio {
        base_url: String,
        account_sid: String,
        auth_token: SecretString,
        sender: TwilioSender,
    },
    Vonage {
        base_url: String,
        api_key: String,
        api_secret: SecretString,
        from: String,
    },
    Http {
        url: String,
        method: String,
        /// Values may contain `${ENV_NAME}`; expanded at send time so they never sit in memory
        /// dumps of the config longer than needed.
        headers: BTreeMap<String, String>,
        body: String,
        success_status: Vec<u16>,
    },
    Outbox {
        path: PathBuf,
    },
}

impl GatewayKind {
    pub fn name(&self) -> &'static str {
        match self {
            GatewayKind::Kannel { .. } => "kannel",
            GatewayKind::Twilio { .. } => "twilio",
            GatewayKind::Vonage { .. } => "vonage",
            GatewayKind::Http { .. } => "http",
            GatewayKind::Outbox { .. } => "outbox",
        }
    }
}

#[derive(Debug, Clone)]
pub enum TwilioSender {
    From(String),
    MessagingService(String),
}

#[derive(Debug, Clone)]
pub struct UpstreamConfig {
    pub url: String,
    pub token: SecretString,
    pub sync_interval: Duration,
    /// `kiosk status` calls sync unhealthy once the backlog's oldest event, or a run of failed
    /// rounds, is older than this (default: 15 min or 3 sync intervals, whichever is longer).
    pub unhealthy_after: Duration,
    pub batch_size: u32,
    pub timeout: Duration,
    pub ca_file: Option<PathBuf>,
    pub client_cert: Option<PathBuf>,
    pub client_key: Option<PathBuf>,
}

#[derive(Debug, Clone)]
pub struct StaffMember {
    pub name: String,
    /// argon2id PHC string (made with the pepper by `kiosk hash-pin`).
    pub pin_hash: String,
}

#[derive(Debug, Clone)]
pub struct QrCodeConfig {
    /// Label per language code.
    pub label: BTreeMap<String, String>,
    /// Payload template; `{token}`, `{confirmation}`, `{room}` are filled from the reservation.
    /// A template with `{token}` or `{room}` is shown to checked-in guests only.
    pub payload: String,
}

#[derive(Debug, Clone)]
pub struct SuccessConfig {
    pub reset_after: Duration,
    pub show_room: bool,
    /// Where to collect the key, per language code.
    pub key_pickup: BTreeMap<String, String>,
    /// Directions template per language code; `{room}` and `{floor}` are filled in.
    pub directions: BTreeMap<String, String>,
    pub qr: Vec<QrCodeConfig>,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    pub fn parse_hex(s: &str) -> Option<Self> {
        let hex = s.strip_prefix('#')?;
        if hex.len() != 6 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        let byte = |i: usize| u8::from_str_radix(hex.get(i..i + 2)?, 16).ok();
        Some(Rgb(byte(0)?, byte(2)?, byte(4)?))
    }

    /// WCAG 2.x relative luminance.
    pub fn luminance(self) -> f64 {
        fn channel(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// WCAG contrast ratio, 1.0 to 21.0.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        let (hi, lo) = if a > b { (a, b) } else { (b, a) };
        (hi + 0.05) / (lo + 0.05)
    }
}

impl fmt::Display for Rgb {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "#{:02X}{:02X}{:02X}", self.0, self.1, self.2)
    }
}

/// Minimum WCAG AA contrast for body text.
pub const MIN_CONTRAST: f64 = 4.5;

#[derive(Debug, Clone)]
pub struct Branding {
    pub logo: Option<PathBuf>,
    pub background: Rgb,
    pub surface: Rgb,
    pub text: Rgb,
    pub muted_text: Rgb,
    pub primary: Rgb,
    pub on_primary: Rgb,
    pub danger: Rgb,
}

impl Branding {
    /// Every (foreground, background) pair the UI draws text with, named for error messages.
    pub fn text_pairs(&self) -> [(&'static str, Rgb, &'static str, Rgb); 6] {
        [
            ("text", self.text, "background", self.background),
            ("text", self.text, "surface", self.surface),
            ("muted_text", self.muted_text, "background", self.background),
            ("muted_text", self.muted_text, "surface", self.surface),
            ("on_primary", self.on_primary, "primary", self.primary),
            ("danger", self.danger, "surface", self.surface),
        ]
    }
}

impl Default for Branding {
    fn default() -> Self {
        Self {
            logo: None,
            background: Rgb(0xF5, 0xF1, 0xEA),
            surface: Rgb(0xFF, 0xFF, 0xFF),
            text: Rgb(0x1C, 0x24, 0x33),
            muted_text: Rgb(0x4A, 0x55, 0x68),
            primary: Rgb(0x1F, 0x4E, 0x79),
            on_primary: Rgb(0xFF, 0xFF, 0xFF),
            danger: Rgb(0xA3, 0x1D, 0x1D),
        }
    }
}

#[derive(Debug, Clone)]
pub struct LoggingConfig {
    pub dir: PathBuf,
    pub level: String,
    pub keep_files: usize,
}

/// The Prometheus endpoint (`[metrics]`): off unless enabled, on loopback unless told.
#[derive(Debug, Clone)]
pub struct MetricsConfig {
    pub listen: Option<std::net::SocketAddr>,
}

#[derive(Debug, Clone)]
pub struct DemoConfig {
    pub enabled: bool,
    pub reservations: PathBuf,
}

/// The PIN the shipped demo staff entry hashes. `check-config` refuses any staff entry that
/// accepts it once demo mode is off, so the demo default never reaches a real lobby.
pub const DEMO_STAFF_PIN: &str = "246810";
/// The pepper used when demo mode is on and no pepper is configured.
pub const DEMO_PIN_PEPPER: &str = "lobby-kiosk-demo-pepper-not-for-production";
/// The shipped demo staff entry's name (warned outside demo mode: audit events carry it).
pub const DEMO_STAFF_NAME: &str = "Demo Desk";

impl Config {
    /// Reads and validates the file at `path`.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        Self::from_str_at(&text, path)
    }

    /// The staff PIN pepper alone, for `kiosk hash-pin`: reads TOML syntax, `[security]` and
    /// `[demo] enabled` and nothing else (a file on its way out of demo mode has gateways
    /// without secrets and the demo staff entry, which are what hash-pin is run to fix).
    /// Returns the pepper and any warnings (a readable pepper file).
    pub fn load_pin_pepper(path: &Path) -> Result<(SecretString, Vec<ConfigIssue>), ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
            path: path.to_path_buf(),
            source,
        })?;
        validate::pin_pepper(&text, path)
    }

    /// Validates `text` as if it were the file at `path` (relative paths resolve against its
    /// directory).
    pub fn from_str_at(text: &str, path: &Path) -> Result<Config, ConfigError> {
        validate::validate(text, path)
    }

    /// The config path a command uses: `--config`, else `KIOSK_CONFIG`, else `./kiosk.toml`.
    /// (clap applies the first two; this is the documented fallback.)
    pub fn default_path() -> PathBuf {
        PathBuf::from("kiosk.toml")
    }

    /// Text for `lang`, falling back to the default language, then English, then any.
    pub fn localized<'a>(&self, map: &'a BTreeMap<String, String>, lang: &str) -> Option<&'a str> {
        map.get(lang)
            .or_else(|| map.get(&self.kiosk.default_language))
            .or_else(|| map.get("en"))
            .or_else(|| map.values().next())
            .map(String::as_str)
    }
}
