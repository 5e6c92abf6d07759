//! Raw schema → validated [`Config`]. Collects every problem with its location instead of
//! stopping at the first one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::civil::Time;
use jiff::tz::TimeZone;
use secrecy::{ExposeSecret, SecretString};

use super::raw::{RawConfig, RawGateway, RawUpstream};
use super::{
    Branding, Config, ConfigError, ConfigIssue, DEMO_PIN_PEPPER, DEMO_STAFF_PIN, DemoConfig,
    GatewayConfig, GatewayKind, KeyPath, KioskConfig, LoggingConfig, LookupPolicy, MIN_CONTRAST,
    OtpPolicy, PumpingPolicy, QrCodeConfig, Rgb, SUPPORTED_LANGUAGES, SecondFactor, StaffMember,
    StoreConfig, SuccessConfig, TwilioSender, UpstreamConfig, line_col, locate,
};

pub(super) fn validate(text: &str, file: &Path) -> Result<Config, ConfigError> {
    let raw: RawConfig = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(e) => {
            let (line, column) = e.span().map_or((1, 1), |span| line_col(text, span.start));
            return Err(ConfigError::Invalid {
                issues: vec![ConfigIssue {
                    file: file.to_path_buf(),
                    line,
                    column,
                    message: e.message().trim().to_owned(),
                }],
            });
        }
    };
    let dir = file
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
    let dir = std::path::absolute(&dir).unwrap_or(dir);
    let mut v = Validator {
        text,
        file,
        dir,
        issues: Vec::new(),
        warnings: Vec::new(),
    };
    let mut config = v.config(raw);
    v.issues
        .extend(super::display_text::undrawable(text, file, &config));
    if v.issues.is_empty() {
        v.warnings.sort_by_key(|i| (i.line, i.column));
        config.warnings = v.warnings;
        Ok(config)
    } else {
        v.issues.sort_by_key(|i| (i.line, i.column));
        Err(ConfigError::Invalid { issues: v.issues })
    }
}

struct Validator<'a> {
    text: &'a str,
    file: &'a Path,
    dir: PathBuf,
    issues: Vec<ConfigIssue>,
    warnings: Vec<ConfigIssue>,
}

/// Above this many SMS per kiosk and hour, `check-config` warns: five a minute for an hour is
/// more than a lobby queue needs.
const WEAK_KIOSK_SENDS_PER_HOUR: u32 = 300;

/// The shortest `[lookup] scan_key` accepted: 128 bits of hex.
const MIN_SCAN_KEY_LEN: usize = 32;

fn root() -> KeyPath {
    KeyPath::root()
}

impl Validator<'_> {
    fn issue(&mut self, path: &KeyPath, message: impl Into<String>) {
        let (line, column) = locate(self.text, path);
        self.issues.push(ConfigIssue {
            file: self.file.to_path_buf(),
            line,
            column,
            message: format!("{path}: {}", message.into()),
        });
    }

    /// A legal but weak setting: reported by `check-config`, never refused.
    fn warn(&mut self, path: &KeyPath, message: impl Into<String>) {
        let (line, column) = locate(self.text, path);
        self.warnings.push(ConfigIssue {
            file: self.file.to_path_buf(),
            line,
            column,
            message: format!("warning: {path}: {}", message.into()),
        });
    }

    /// An integer key within `min..=max`, or its default when absent.
    fn int(&mut self, path: &KeyPath, value: Option<i64>, default: i64, min: i64, max: i64) -> u32 {
        match value {
            None => u32::try_from(default).unwrap_or(0),
            Some(n) if (min..=max).contains(&n) => u32::try_from(n).unwrap_or(0),
            Some(n) => {
                self.issue(
                    path,
                    format!("{n} is out of range; allowed: {min} to {max} (default {default})"),
                );
                u32::try_from(default).unwrap_or(0)
            }
        }
    }

    fn secs(
        &mut self,
        path: &KeyPath,
        value: Option<i64>,
        default: i64,
        min: i64,
        max: i64,
    ) -> Duration {
        Duration::from_secs(u64::from(self.int(path, value, default, min, max)))
    }

    fn millis(
        &mut self,
        path: &KeyPath,
        value: Option<i64>,
        default: i64,
        min: i64,
        max: i64,
    ) -> Duration {
        Duration::from_millis(u64::from(self.int(path, value, default, min, max)))
    }

    fn resolve(&self, p: &str) -> PathBuf {
        let p = Path::new(p);
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            self.dir.join(p)
        }
    }

    fn existing_file(&mut self, path: &KeyPath, value: &str) -> PathBuf {
        let resolved = self.resolve(value);
        if !resolved.is_file() {
            self.issue(
                path,
                format!(
                    "file {} does not exist or is not a regular file (relative paths are read from the config file's directory)",
                    resolved.display()
                ),
            );
        }
        resolved
    }

    fn http_url(&mut self, path: &KeyPath, value: &str) -> String {
        match url::Url::parse(value) {
            Ok(u) if u.scheme() == "https" && u.host().is_some() => {}
            Ok(u) if u.scheme() == "http" && u.host().is_some() => {
                // Every URL checked here carries a credential or a guest's phone number.
                if !is_loopback(&u) {
                    self.issue(
                        path,
                        format!(
                            "\"{value}\" is plain http:// to another host: secrets and guests' phone numbers would cross the network unencrypted; use https://, or http:// only to a loopback address (127.0.0.1, ::1, localhost)"
                        ),
                    );
                }
            }
            Ok(u) => self.issue(
                path,
                format!(
                    "\"{value}\" uses scheme \"{}\"; only http:// and https:// URLs are allowed",
                    u.scheme()
                ),
            ),
            Err(e) => self.issue(
                path,
                format!(
                    "\"{value}\" is not a valid URL ({e}); write e.g. \"https://host:port/path\""
                ),
            ),
        }
        value.trim_end_matches('/').to_owned()
    }

    fn country(&mut self, path: &KeyPath, value: &str) -> String {
        let upper = value.to_ascii_uppercase();
        if value.len() != 2 || upper.parse::<phonenumber::country::Id>().is_err() {
            self.issue(
                path,
                format!("\"{value}\" is not an ISO 3166 alpha-2 country code (e.g. \"PT\", \"GB\", \"US\")"),
            );
        }
        upper
    }

    /// A secret named by `<name>_env` or `<name>_file`. Exactly one must be set when required.
    fn secret(
        &mut self,
        table: &KeyPath,
        name: &str,
        env: Option<&str>,
        file: Option<&str>,
        required: bool,
    ) -> Option<SecretString> {
        let env_key = format!("{name}_env");
        let file_key = format!("{name}_file");
        match (env, file) {
            (Some(_), Some(_)) => {
                self.issue(
                    &table.key(&file_key),
                    format!("set either {env_key} or {file_key}, not both"),
                );
                None
            }
            (Some(var), None) => match std::env::var(var) {
                Ok(v) if !v.trim().is_empty() => Some(SecretString::from(v.trim().to_owned())),
                _ => {
                    self.issue(
                        &table.key(&env_key),
                        format!("environment variable {var} is not set or empty; export it for the kiosk's service, or use {file_key}"),
                    );
                    None
                }
            },
            (None, Some(f)) => {
                let path = self.resolve(f);
                match std::fs::read_to_string(&path) {
                    Ok(v) if !v.trim().is_empty() => Some(SecretString::from(v.trim().to_owned())),
                    Ok(_) => {
                        self.issue(
                            &table.key(&file_key),
                            format!("secret file {} is empty", path.display()),
                        );
                        None
                    }
                    Err(e) => {
                        self.issue(
                            &table.key(&file_key),
                            format!("cannot read secret file {}: {e}", path.display()),
                        );
                        None
                    }
                }
            }
            (None, None) => {
                if required {
                    self.issue(
                        table,
                        format!("missing secret: set {env_key} = \"ENV_VAR_NAME\" or {file_key} = \"/path/to/file\" (secrets never sit in kiosk.toml)"),
                    );
                }
                None
            }
        }
    }

    fn required<'s>(
        &mut self,
        table: &KeyPath,
        key: &str,
        value: Option<&'s String>,
        kind: &str,
    ) -> &'s str {
        match value {
            Some(v) if !v.trim().is_empty() => v.as_str(),
            _ => {
                self.issue(table, format!("kind = \"{kind}\" needs {key}"));
                ""
            }
        }
    }

    fn config(&mut self, raw: RawConfig) -> Config {
        let demo_enabled = raw.demo.enabled.unwrap_or(false);
        let kiosk = self.kiosk(&raw);
        let store_path = self.resolve(raw.store.path.as_deref().unwrap_or("var/kiosk.db"));
        let (encrypt, encryption_key) = self.encryption(&raw, &store_path, demo_enabled);
        let store = StoreConfig {
            key_file: raw.store.key_file.as_deref().map_or_else(
                || crate::store::key_path_beside(&store_path, "key"),
                |f| self.resolve(f),
            ),
            encrypt,
            encryption_key,
            path: store_path,
            retention_days: self.int(
                &root().key("store").key("retention_days"),
                raw.store.retention_days,
                30,
                1,
                3650,
            ),
            departed_keep_days: self.int(
                &root().key("store").key("departed_keep_days"),
                raw.store.departed_keep_days,
                7,
                0,
                3650,
            ),
        };
        let otp = self.otp(&raw);
        let lookup = self.lookup(&raw);
        let gateways = self.gateways(&raw.gateways, demo_enabled);
        let upstream = raw
            .upstream
            .as_ref()
            .and_then(|u| self.upstream(u, demo_enabled));
        let pin_pepper = self.pepper(&raw, demo_enabled);
        let staff = self.staff(&raw, demo_enabled, pin_pepper.as_ref());
        let success = self.success(&raw);
        let branding = self.branding(&raw);
        let logging = self.logging(&raw);
        let demo_reservations = raw
            .demo
            .reservations
            .as_deref()
            .unwrap_or("assets/demo/reservations.json");
        let demo = DemoConfig {
            enabled: demo_enabled,
            reservations: if demo_enabled {
                self.existing_file(&root().key("demo").key("reservations"), demo_reservations)
            } else {
                self.resolve(demo_reservations)
            },
        };
        // In demo mode only the outbox can send, so none of these can cost money or reach a
        // guest; they appear the moment demo mode is switched off.
        if !demo_enabled {
            self.weak_settings(&kiosk, &otp);
        }
        Config {
            source: self.file.to_path_buf(),
            kiosk,
            store,
            otp,
            lookup,
            gateways,
            upstream,
            staff,
            pin_pepper,
            success,
            branding,
            logging,
            demo,
            warnings: Vec::new(),
        }
    }

    /// Settings a security review would flag but that have legitimate uses.
    fn weak_settings(&mut self, kiosk: &KioskConfig, otp: &OtpPolicy) {
        let t = root().key("otp");
        if otp.allowed_countries.is_empty() {
            self.warn(
                &t.key("allowed_countries"),
                "is empty, so codes can be texted to every country, premium-rate ranges included (toll fraud); list the countries your guests' phones come from, e.g. allowed_countries = [\"PT\", \"ES\", \"GB\"]",
            );
        }
        if otp.sends_per_kiosk_per_hour > WEAK_KIOSK_SENDS_PER_HOUR {
            self.warn(
                &t.key("sends_per_kiosk_per_hour"),
                format!(
                    "{} SMS an hour is more than one lobby kiosk checks in, and lets an attack run that many paid SMS an hour before the cap stops it; set it near your busiest hour's check-ins (default 60, at most {WEAK_KIOSK_SENDS_PER_HOUR} without this warning)",
                    otp.sends_per_kiosk_per_hour
                ),
            );
        }
        if otp.pumping.min_verified_percent == 0 {
            self.warn(
                &t.key("pumping_min_verified_percent"),
                "0 turns SMS-pumping detection off: a prefix whose codes are never entered is never paused; set it back to 20 (the default) unless your carrier screens for pumping",
            );
        }
        if !kiosk.fullscreen {
            self.warn(
                &root().key("kiosk").key("fullscreen"),
                "false opens a normal window a guest can move, close or leave for the desktop; set fullscreen = true on a lobby kiosk",
            );
        }
    }

    fn kiosk(&mut self, raw: &RawConfig) -> KioskConfig {
        let k = &raw.kiosk;
        let t = root().key("kiosk");
        let id_ok = !k.id.is_empty()
            && k.id.len() <= 64
            && k.id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        if !id_ok {
            self.issue(
                &t.key("id"),
                "must be 1 to 64 characters of A-Z, a-z, 0-9, '-', '_' or '.'",
            );
        }
        if k.property.trim().is_empty() {
            self.issue(
                &t.key("property"),
                "must name the property, e.g. \"Hotel Demo\"",
            );
        }
        let time_zone = match TimeZone::get(&k.time_zone) {
            Ok(tz) => tz,
            Err(_) => {
                self.issue(
                    &t.key("time_zone"),
                    format!("\"{}\" is not an IANA time zone; write e.g. \"Europe/Lisbon\" or \"America/New_York\"", k.time_zone),
                );
                TimeZone::UTC
            }
        };
        let country = self.country(&t.key("country"), &k.country);
        let languages: Vec<String> = match &k.languages {
            None => SUPPORTED_LANGUAGES
                .iter()
                .map(|s| (*s).to_owned())
                .collect(),
            Some(list) => {
                if list.is_empty() {
                    self.issue(&t.key("languages"), "list at least one language");
                }
                let mut seen = BTreeSet::new();
                for (i, lang) in list.iter().enumerate() {
                    if !SUPPORTED_LANGUAGES.contains(&lang.as_str()) {
                        self.issue(
                            &t.key("languages").index(i),
                            format!(
                                "\"{lang}\" is not a shipped language; allowed: {}",
                                SUPPORTED_LANGUAGES.join(", ")
                            ),
                        );
                    } else if !seen.insert(lang.as_str()) {
                        self.issue(
                            &t.key("languages").index(i),
                            format!("\"{lang}\" is listed twice"),
                        );
                    }
                }
                list.clone()
            }
        };
        let default_language = match &k.default_language {
            Some(d) if languages.contains(d) => d.clone(),
            Some(d) => {
                self.issue(
                    &t.key("default_language"),
                    format!(
                        "\"{d}\" is not in kiosk.languages ({})",
                        languages.join(", ")
                    ),
                );
                d.clone()
            }
            None => languages
                .first()
                .cloned()
                .unwrap_or_else(|| "en".to_owned()),
        };
        let business_day_start = match k.business_day_start.as_deref() {
            None => Time::constant(6, 0, 0, 0),
            Some(s) => match parse_hh_mm(s) {
                Some(time) => time,
                None => {
                    self.issue(
                        &t.key("business_day_start"),
                        format!("\"{s}\" is not a time of day; write HH:MM, e.g. \"06:00\""),
                    );
                    Time::constant(6, 0, 0, 0)
                }
            },
        };
        KioskConfig {
            id: k.id.clone(),
            property: k.property.clone(),
            time_zone_name: k.time_zone.clone(),
            time_zone,
            country,
            languages,
            default_language,
            business_day_start,
            idle_timeout: self.secs(&t.key("idle_timeout_s"), k.idle_timeout_s, 60, 15, 600),
            idle_warning: self.secs(&t.key("idle_warning_s"), k.idle_warning_s, 10, 3, 60),
            fullscreen: k.fullscreen.unwrap_or(true),
            staff_taps: self.int(&t.key("staff_taps"), k.staff_taps, 5, 0, 10),
            staff_taps_window: self.secs(
                &t.key("staff_taps_window_s"),
                k.staff_taps_window_s,
                3,
                1,
                10,
            ),
        }
    }

    fn otp(&mut self, raw: &RawConfig) -> OtpPolicy {
        let o = &raw.otp;
        let t = root().key("otp");
        let second_factor = match o.second_factor.as_deref() {
            None => SecondFactor::None,
            Some(s) => SecondFactor::parse(s).unwrap_or_else(|| {
                self.issue(
                    &t.key("second_factor"),
                    format!(
                        "\"{s}\" is not a second factor; allowed: {}",
                        SecondFactor::NAMES.join(", ")
                    ),
                );
                SecondFactor::None
            }),
        };
        let allowed_countries = o
            .allowed_countries
            .iter()
            .flatten()
            .enumerate()
            .map(|(i, c)| self.country(&t.key("allowed_countries").index(i), c))
            .collect();
        OtpPolicy {
            length: u8::try_from(self.int(&t.key("length"), o.length, 6, 6, 10)).unwrap_or(6),
            ttl: self.secs(&t.key("ttl_s"), o.ttl_s, 300, 30, 600),
            max_attempts: self.int(&t.key("max_attempts"), o.max_attempts, 5, 1, 10),
            resend_cooldown: self.secs(
                &t.key("resend_cooldown_s"),
                o.resend_cooldown_s,
                30,
                10,
                600,
            ),
            max_resends: self.int(&t.key("max_resends"), o.max_resends, 3, 0, 10),
            lockout_after: self.int(&t.key("lockout_after"), o.lockout_after, 10, 3, 100),
            lockout: self.secs(&t.key("lockout_s"), o.lockout_s, 14_400, 60, 7 * 86_400),
            sends_per_phone_per_hour: self.int(
                &t.key("sends_per_phone_per_hour"),
                o.sends_per_phone_per_hour,
                5,
                1,
                100,
            ),
            sends_per_reservation_per_day: self.int(
                &t.key("sends_per_reservation_per_day"),
                o.sends_per_reservation_per_day,
                10,
                1,
                1000,
            ),
            sends_per_kiosk_per_hour: self.int(
                &t.key("sends_per_kiosk_per_hour"),
                o.sends_per_kiosk_per_hour,
                60,
                1,
                10_000,
            ),
            allowed_countries,
            second_factor,
            pumping: PumpingPolicy {
                prefix_digits: self.int(
                    &t.key("pumping_prefix_digits"),
                    o.pumping_prefix_digits,
                    7,
                    6,
                    12,
                ),
                window: self.secs(
                    &t.key("pumping_window_s"),
                    o.pumping_window_s,
                    3600,
                    600,
                    86_400,
                ),
                min_sends: self.int(
                    &t.key("pumping_min_sends"),
                    o.pumping_min_sends,
                    10,
                    3,
                    1000,
                ),
                min_verified_percent: self.int(
                    &t.key("pumping_min_verified_percent"),
                    o.pumping_min_verified_percent,
                    20,
                    0,
                    100,
                ),
                pause: self.secs(
                    &t.key("pumping_pause_s"),
                    o.pumping_pause_s,
                    3600,
                    60,
                    86_400,
                ),
            },
        }
    }

    fn lookup(&mut self, raw: &RawConfig) -> LookupPolicy {
        let l = &raw.lookup;
        let t = root().key("lookup");
        let scanner_prefix = l.scanner_prefix.clone().filter(|p| !p.is_empty());
        let cooldown = self.secs(&t.key("cooldown_s"), l.cooldown_s, 30, 1, 3600);
        let cooldown_max = self.secs(&t.key("cooldown_max_s"), l.cooldown_max_s, 300, 1, 3600);
        if cooldown_max < cooldown {
            self.issue(
                &t.key("cooldown_max_s"),
                "must be at least lookup.cooldown_s",
            );
        }
        let scan_key = self.secret(
            &t,
            "scan_key",
            l.scan_key_env.as_deref(),
            l.scan_key_file.as_deref(),
            false,
        );
        let scan_key_key = if l.scan_key_file.is_some() {
            "scan_key_file"
        } else {
            "scan_key_env"
        };
        if let Some(key) = &scan_key
            && key.expose_secret().len() < MIN_SCAN_KEY_LEN
        {
            self.issue(
                &t.key(scan_key_key),
                format!("the scan key is shorter than {MIN_SCAN_KEY_LEN} characters; use a long random one, e.g. `openssl rand -hex 32`"),
            );
        }
        if scan_key.is_some() && scanner_prefix.is_none() {
            self.issue(
                &t.key(scan_key_key),
                "a scan key needs scanner_prefix: the kiosk only treats text that starts with the prefix as a scan",
            );
        }
        LookupPolicy {
            scanner_prefix,
            scan_key,
            failures_before_cooldown: self.int(
                &t.key("failures_before_cooldown"),
                l.failures_before_cooldown,
                10,
                1,
                1000,
            ),
            window: self.secs(&t.key("window_s"), l.window_s, 300, 10, 86_400),
            cooldown,
            cooldown_max,
            max_lookups_per_window: self.int(
                &t.key("max_lookups_per_window"),
                l.max_lookups_per_window,
                30,
                1,
                10_000,
            ),
        }
    }

    fn gateways(&mut self, list: &[RawGateway], demo_enabled: bool) -> Vec<GatewayConfig> {
        if list.is_empty() {
            self.issue(&root(), "no [[gateway]] configured; add at least one (kind = kannel | twilio | vonage | http | outbox)");
        }
        let mut names = BTreeSet::new();
        list.iter()
            .enumerate()
            .filter_map(|(i, g)| {
                let t = root().key("gateway").index(i);
                if g.name.trim().is_empty() {
                    self.issue(&t.key("name"), "must not be empty");
                } else if !names.insert(g.name.clone()) {
                    self.issue(
                        &t.key("name"),
                        format!(
                            "gateway name \"{}\" is used twice; names must be unique",
                            g.name
                        ),
                    );
                }
                self.gateway(&t, g, demo_enabled)
            })
            .collect()
    }

    fn gateway(
        &mut self,
        t: &KeyPath,
        g: &RawGateway,
        demo_enabled: bool,
    ) -> Option<GatewayConfig> {
        const COMMON: [&str; 6] = [
            "name",
            "kind",
            "timeout_ms",
            "connect_timeout_ms",
            "breaker_failures",
            "breaker_open_s",
        ];
        let allowed: &[&str] = match g.kind.as_str() {
            "kannel" => &["url", "username", "password_env", "password_file", "from"],
            "twilio" => &[
                "account_sid",
                "auth_token_env",
                "auth_token_file",
                "from",
                "messaging_service_sid",
                "base_url",
            ],
            "vonage" => &[
                "api_key",
                "api_secret_env",
                "api_secret_file",
                "from",
                "base_url",
            ],
            "http" => &["url", "method", "headers", "body", "success_status"],
            "outbox" => &["path"],
            other => {
                self.issue(
                    &t.key("kind"),
                    format!("\"{other}\" is not a gateway kind; allowed: kannel, twilio, vonage, http, outbox"),
                );
                return None;
            }
        };
        if demo_enabled && g.kind != "outbox" {
            self.issue(
                &t.key("kind"),
                format!("demo mode only sends to the outbox, so a demo kiosk never texts a real phone; use kind = \"outbox\" here, or set [demo] enabled = false to send through {}", g.kind),
            );
        }
        for key in present_gateway_keys(g) {
            if !COMMON.contains(&key) && !allowed.contains(&key) {
                self.issue(
                    &t.key(key),
                    format!(
                        "{key} does not apply to kind = \"{}\"; its keys are: {}",
                        g.kind,
                        allowed.join(", ")
                    ),
                );
            }
        }
        let timeout = self.millis(&t.key("timeout_ms"), g.timeout_ms, 10_000, 100, 120_000);
        let connect_timeout = self.millis(
            &t.key("connect_timeout_ms"),
            g.connect_timeout_ms,
            3_000,
            100,
            60_000,
        );
        let breaker_failures = self.int(&t.key("breaker_failures"), g.breaker_failures, 3, 1, 100);
        let breaker_open = self.secs(&t.key("breaker_open_s"), g.breaker_open_s, 60, 1, 3600);
        let kind = match g.kind.as_str() {
            "kannel" => {
                let url = self.required(t, "url", g.url.as_ref(), "kannel").to_owned();
                let url = if url.is_empty() {
                    url
                } else {
                    self.http_url(&t.key("url"), &url)
                };
                let username = self
                    .required(t, "username", g.username.as_ref(), "kannel")
                    .to_owned();
                let password = self.secret(
                    t,
                    "password",
                    g.password_env.as_deref(),
                    g.password_file.as_deref(),
                    true,
                );
                GatewayKind::Kannel {
                    url,
                    username,
                    password: password.unwrap_or_default(),
                    from: g.from.clone(),
                }
            }
            "twilio" => {
                let account_sid = self
                    .required(t, "account_sid", g.account_sid.as_ref(), "twilio")
                    .to_owned();
                let auth_token = self.secret(
                    t,
                    "auth_token",
                    g.auth_token_env.as_deref(),
                    g.auth_token_file.as_deref(),
                    true,
                );
                let sender = match (&g.from, &g.messaging_service_sid) {
                    (Some(f), None) => TwilioSender::From(f.clone()),
                    (None, Some(s)) => TwilioSender::MessagingService(s.clone()),
                    (Some(_), Some(_)) => {
                        self.issue(
                            &t.key("messaging_service_sid"),
                            "set either from or messaging_service_sid, not both",
                        );
                        TwilioSender::From(String::new())
                    }
                    (None, None) => {
                        self.issue(t, "kind = \"twilio\" needs from (a Twilio number) or messaging_service_sid");
                        TwilioSender::From(String::new())
                    }
                };
                let base_url = g.base_url.as_deref().unwrap_or("https://api.twilio.com");
                GatewayKind::Twilio {
                    base_url: self.http_url(&t.key("base_url"), base_url),
                    account_sid,
                    auth_token: auth_token.unwrap_or_default(),
                    sender,
                }
            }
            "vonage" => {
                let api_key = self
                    .required(t, "api_key", g.api_key.as_ref(), "vonage")
                    .to_owned();
                let api_secret = self.secret(
                    t,
                    "api_secret",
                    g.api_secret_env.as_deref(),
                    g.api_secret_file.as_deref(),
                    true,
                );
                let from = self
                    .required(t, "from", g.from.as_ref(), "vonage")
                    .to_owned();
                let base_url = g.base_url.as_deref().unwrap_or("https://rest.nexmo.com");
                GatewayKind::Vonage {
                    base_url: self.http_url(&t.key("base_url"), base_url),
                    api_key,
                    api_secret: api_secret.unwrap_or_default(),
                    from,
                }
            }
            "http" => {
                let url = self.required(t, "url", g.url.as_ref(), "http").to_owned();
                let url = if url.is_empty() {
                    url
                } else {
                    self.http_url(&t.key("url"), &url)
                };
                let method = g.method.as_deref().unwrap_or("POST").to_ascii_uppercase();
                if !matches!(method.as_str(), "GET" | "POST" | "PUT") {
                    self.issue(
                        &t.key("method"),
                        format!("\"{method}\" is not supported; allowed: GET, POST, PUT"),
                    );
                }
                let body = self.required(t, "body", g.body.as_ref(), "http").to_owned();
                let success_status = match &g.success_status {
                    None => vec![200, 201, 202],
                    Some(list) => list
                        .iter()
                        .enumerate()
                        .filter_map(|(i, s)| match u16::try_from(*s) {
                            Ok(code) if (100..=599).contains(&code) => Some(code),
                            _ => {
                                self.issue(
                                    &t.key("success_status").index(i),
                                    format!("{s} is not an HTTP status code (100 to 599)"),
                                );
                                None
                            }
                        })
                        .collect(),
                };
                let headers = g.headers.clone().unwrap_or_default();
                for (name, value) in &headers {
                    self.check_env_placeholders(&t.key("headers").key(name), value);
                }
                self.check_env_placeholders(&t.key("body"), &body);
                GatewayKind::Http {
                    url,
                    method,
                    headers,
                    body,
                    success_status,
                }
            }
            _ => {
                let path = self
                    .required(t, "path", g.path.as_ref(), "outbox")
                    .to_owned();
                if !demo_enabled {
                    self.issue(
                        &t.key("kind"),
                        "the outbox gateway only stands in for a guest's phone in demo mode; configure kannel, twilio, vonage or http, or set [demo] enabled = true",
                    );
                }
                GatewayKind::Outbox {
                    path: self.resolve(&path),
                }
            }
        };
        Some(GatewayConfig {
            name: g.name.clone(),
            timeout,
            connect_timeout,
            breaker_failures,
            breaker_open,
            kind,
        })
    }

    /// `${NAME}` in http gateway headers/body must name a set environment variable.
    fn check_env_placeholders(&mut self, path: &KeyPath, value: &str) {
        for name in env_placeholders(value) {
            if std::env::var(name).map_or(true, |v| v.is_empty()) {
                self.issue(
                    path,
                    format!("names ${{{name}}}, but environment variable {name} is not set"),
                );
            }
        }
    }

    fn upstream(&mut self, u: &RawUpstream, demo_enabled: bool) -> Option<UpstreamConfig> {
        let t = root().key("upstream");
        let enabled = u.enabled.unwrap_or(false);
        let url = match (&u.url, enabled) {
            (Some(url), _) => self.http_url(&t.key("url"), url),
            (None, true) => {
                self.issue(&t, "enabled = true needs url (the upstream base URL)");
                String::new()
            }
            (None, false) => String::new(),
        };
        let sync_interval = self.secs(&t.key("sync_interval_s"), u.sync_interval_s, 15, 1, 3600);
        let batch_size = self.int(&t.key("batch_size"), u.batch_size, 100, 1, 1000);
        let timeout = self.millis(&t.key("timeout_ms"), u.timeout_ms, 10_000, 100, 120_000);
        if u.client_cert.is_some() != u.client_key.is_some() {
            self.issue(
                &t,
                "client_cert and client_key go together (mutual TLS): set both or neither",
            );
        }
        if !enabled {
            return None;
        }
        // Demo data must never reach a real PMS, nor a real PMS's guests a demo kiosk.
        if demo_enabled
            && let Some(raw_url) = &u.url
            && url::Url::parse(raw_url).is_ok_and(|parsed| !is_loopback(&parsed))
        {
            self.issue(
                &t.key("url"),
                format!("demo mode syncs only with a loopback upstream (127.0.0.1, ::1, localhost), so demo guests never reach a real PMS; point url there, or set [demo] enabled = false to sync with \"{raw_url}\""),
            );
        }
        let token = self.secret(
            &t,
            "token",
            u.token_env.as_deref(),
            u.token_file.as_deref(),
            true,
        );
        let ca_file = u
            .ca_file
            .as_deref()
            .map(|f| self.existing_file(&t.key("ca_file"), f));
        let client_cert = u
            .client_cert
            .as_deref()
            .map(|f| self.existing_file(&t.key("client_cert"), f));
        let client_key = u
            .client_key
            .as_deref()
            .map(|f| self.existing_file(&t.key("client_key"), f));
        Some(UpstreamConfig {
            url,
            token: token.unwrap_or_default(),
            sync_interval,
            batch_size,
            timeout,
            ca_file,
            client_cert,
            client_key,
        })
    }

    /// `[store] encryption` (default: on outside demo mode) and its key: given by IT, or a file
    /// the kiosk generates beside the database.
    fn encryption(
        &mut self,
        raw: &RawConfig,
        db: &Path,
        demo_enabled: bool,
    ) -> (bool, crate::store::DbKey) {
        let s = &raw.store;
        let t = root().key("store");
        let encrypt = s.encryption.unwrap_or(!demo_enabled);
        let given = self.secret(
            &t,
            "encryption_key",
            s.encryption_key_env.as_deref(),
            s.encryption_key_file.as_deref(),
            false,
        );
        let (key_name, source) = match (&s.encryption_key_file, &s.encryption_key_env) {
            (Some(f), _) => (
                "encryption_key_file",
                format!(
                    "[store] encryption_key_file ({})",
                    self.resolve(f).display()
                ),
            ),
            (None, Some(v)) => (
                "encryption_key_env",
                format!("[store] encryption_key_env (${v})"),
            ),
            (None, None) => ("encryption_key_file", String::new()),
        };
        let Some(key) = given else {
            let generated = crate::store::key_path_beside(db, "enc-key");
            return (encrypt, crate::store::DbKey::File(generated));
        };
        if let Err(reason) = crate::store::DbKey::check_given(key.expose_secret()) {
            self.issue(&t.key(key_name), reason);
        }
        (encrypt, crate::store::DbKey::Given { key, source })
    }

    fn pepper(&mut self, raw: &RawConfig, demo_enabled: bool) -> Option<SecretString> {
        let s = &raw.security;
        let t = root().key("security");
        let configured = self.secret(
            &t,
            "pin_pepper",
            s.pin_pepper_env.as_deref(),
            s.pin_pepper_file.as_deref(),
            false,
        );
        if configured.is_some() || s.pin_pepper_env.is_some() || s.pin_pepper_file.is_some() {
            return configured;
        }
        if demo_enabled {
            Some(SecretString::from(DEMO_PIN_PEPPER))
        } else {
            if !raw.staff.is_empty() {
                self.issue(
                    &t,
                    "staff PINs need a pepper outside the file: set pin_pepper_env or pin_pepper_file in [security]",
                );
            }
            None
        }
    }

    fn staff(
        &mut self,
        raw: &RawConfig,
        demo_enabled: bool,
        pepper: Option<&SecretString>,
    ) -> Vec<StaffMember> {
        let mut names = BTreeSet::new();
        raw.staff
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let t = root().key("staff").index(i);
                if s.name.trim().is_empty() {
                    self.issue(&t.key("name"), "must name the staff member (it is written into every audit event)");
                } else if !names.insert(s.name.clone()) {
                    self.issue(&t.key("name"), format!("staff name \"{}\" is used twice", s.name));
                }
                if let Err(e) = crate::pin::check_phc(&s.pin_hash) {
                    self.issue(&t.key("pin_hash"), e.to_string());
                } else if !demo_enabled {
                    let demo_pepper = SecretString::from(DEMO_PIN_PEPPER);
                    let is_demo_pin = [pepper, Some(&demo_pepper)]
                        .into_iter()
                        .flatten()
                        .any(|p| crate::pin::verify_pin(DEMO_STAFF_PIN, &s.pin_hash, p));
                    if is_demo_pin {
                        self.issue(
                            &t.key("pin_hash"),
                            "this is the demo staff PIN; with [demo] enabled = false give every staff member their own PIN (`kiosk hash-pin`)",
                        );
                    }
                }
                StaffMember {
                    name: s.name.clone(),
                    pin_hash: s.pin_hash.clone(),
                }
            })
            .collect()
    }

    fn success(&mut self, raw: &RawConfig) -> SuccessConfig {
        let s = &raw.success;
        let t = root().key("success");
        let key_pickup = s.key_pickup.clone().unwrap_or_else(|| {
            BTreeMap::from([(
                "en".to_owned(),
                "Please collect your key card at the front desk.".to_owned(),
            )])
        });
        let directions = s.directions.clone().unwrap_or_default();
        for (key, map) in [("key_pickup", &key_pickup), ("directions", &directions)] {
            self.language_keys(&t.key(key), map);
        }
        for (lang, template) in &directions {
            self.template(&t.key("directions").key(lang), template, &["room", "floor"]);
        }
        let qr = s
            .qr
            .iter()
            .enumerate()
            .map(|(i, q)| {
                let qt = t.key("qr").index(i);
                self.language_keys(&qt.key("label"), &q.label);
                self.template(&qt.key("payload"), &q.payload, &["token", "confirmation", "room"]);
                if q.payload.len() > 1000 {
                    self.issue(&qt.key("payload"), "is longer than 1000 characters; a QR code that dense does not scan from a kiosk screen");
                }
                QrCodeConfig {
                    label: q.label.clone(),
                    payload: q.payload.clone(),
                }
            })
            .collect();
        SuccessConfig {
            reset_after: self.secs(&t.key("reset_after_s"), s.reset_after_s, 30, 5, 600),
            show_room: s.show_room.unwrap_or(true),
            key_pickup,
            directions,
            qr,
        }
    }

    fn language_keys(&mut self, path: &KeyPath, map: &BTreeMap<String, String>) {
        for lang in map.keys() {
            if !SUPPORTED_LANGUAGES.contains(&lang.as_str()) {
                self.issue(
                    &path.key(lang),
                    format!(
                        "\"{lang}\" is not a shipped language; allowed: {}",
                        SUPPORTED_LANGUAGES.join(", ")
                    ),
                );
            }
        }
    }

    fn template(&mut self, path: &KeyPath, template: &str, allowed: &[&str]) {
        let mut rest = template;
        while let Some(start) = rest.find('{') {
            let after = rest.get(start + 1..).unwrap_or("");
            let Some(end) = after.find('}') else {
                self.issue(path, "has a '{' without its closing '}'");
                return;
            };
            let name = after.get(..end).unwrap_or("");
            if !allowed.contains(&name) {
                let list: Vec<String> = allowed.iter().map(|a| format!("{{{a}}}")).collect();
                self.issue(
                    path,
                    format!(
                        "unknown placeholder {{{name}}}; allowed: {}",
                        list.join(", ")
                    ),
                );
            }
            rest = after.get(end + 1..).unwrap_or("");
        }
    }

    fn branding(&mut self, raw: &RawConfig) -> Branding {
        let b = &raw.branding;
        let t = root().key("branding");
        let d = Branding::default();
        let colour = |v: &mut Self, key: &str, value: &Option<String>, default: Rgb| match value {
            None => default,
            Some(s) => Rgb::parse_hex(s).unwrap_or_else(|| {
                v.issue(
                    &t.key(key),
                    format!("\"{s}\" is not a colour; write #RRGGBB, e.g. \"#1F4E79\""),
                );
                default
            }),
        };
        let branding = Branding {
            logo: b
                .logo
                .as_deref()
                .map(|l| self.existing_file(&t.key("logo"), l)),
            background: colour(self, "background", &b.background, d.background),
            surface: colour(self, "surface", &b.surface, d.surface),
            text: colour(self, "text", &b.text, d.text),
            muted_text: colour(self, "muted_text", &b.muted_text, d.muted_text),
            primary: colour(self, "primary", &b.primary, d.primary),
            on_primary: colour(self, "on_primary", &b.on_primary, d.on_primary),
            danger: colour(self, "danger", &b.danger, d.danger),
        };
        if let Some(logo) = &branding.logo {
            let ext = logo
                .extension()
                .and_then(|e| e.to_str())
                .unwrap_or("")
                .to_ascii_lowercase();
            if ext != "png" && ext != "jpg" && ext != "jpeg" {
                self.issue(&t.key("logo"), "the logo must be a PNG or JPEG file");
            }
        }
        for (fg_name, fg, bg_name, bg) in branding.text_pairs() {
            let ratio = fg.contrast(bg);
            if ratio < MIN_CONTRAST {
                self.issue(
                    &t.key(fg_name),
                    format!(
                        "{fg_name} {fg} on {bg_name} {bg} has contrast {ratio:.2}:1; text needs at least {MIN_CONTRAST}:1 (WCAG AA), so darken or lighten one of them"
                    ),
                );
            }
        }
        branding
    }

    fn logging(&mut self, raw: &RawConfig) -> LoggingConfig {
        let l = &raw.logging;
        let t = root().key("logging");
        let level = l.level.clone().unwrap_or_else(|| "info".to_owned());
        if !matches!(
            level.as_str(),
            "error" | "warn" | "info" | "debug" | "trace"
        ) {
            self.issue(
                &t.key("level"),
                format!("\"{level}\" is not a level; allowed: error, warn, info, debug, trace"),
            );
        }
        LoggingConfig {
            dir: self.resolve(l.dir.as_deref().unwrap_or("var/log")),
            level,
            keep_files: usize::try_from(self.int(&t.key("keep_files"), l.keep_files, 14, 1, 365))
                .unwrap_or(14),
        }
    }
}

/// 127.0.0.0/8, ::1 or `localhost`: traffic that never leaves the machine.
fn is_loopback(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    }
}

/// Parses "HH:MM" (24 h).
fn parse_hh_mm(s: &str) -> Option<Time> {
    let (h, m) = s.split_once(':')?;
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    let h: i8 = h.parse().ok()?;
    let m: i8 = m.parse().ok()?;
    Time::new(h, m, 0, 0).ok()
}

/// Names inside `${...}` in a template.
pub fn env_placeholders(value: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        let after = rest.get(start + 2..).unwrap_or("");
        let Some(end) = after.find('}') else { break };
        names.push(after.get(..end).unwrap_or(""));
        rest = after.get(end + 1..).unwrap_or("");
    }
    names
}

fn present_gateway_keys(g: &RawGateway) -> Vec<&'static str> {
    let pairs: [(&'static str, bool); 19] = [
        ("url", g.url.is_some()),
        ("username", g.username.is_some()),
        ("password_env", g.password_env.is_some()),
        ("password_file", g.password_file.is_some()),
        ("from", g.from.is_some()),
        ("account_sid", g.account_sid.is_some()),
        ("auth_token_env", g.auth_token_env.is_some()),
        ("auth_token_file", g.auth_token_file.is_some()),
        ("messaging_service_sid", g.messaging_service_sid.is_some()),
        ("base_url", g.base_url.is_some()),
        ("api_key", g.api_key.is_some()),
        ("api_secret_env", g.api_secret_env.is_some()),
        ("api_secret_file", g.api_secret_file.is_some()),
        ("method", g.method.is_some()),
        ("headers", g.headers.is_some()),
        ("body", g.body.is_some()),
        ("success_status", g.success_status.is_some()),
        ("path", g.path.is_some()),
        ("timeout_ms", g.timeout_ms.is_some()),
    ];
    pairs
        .into_iter()
        .filter(|(_, set)| *set)
        .map(|(k, _)| k)
        .collect()
}
