//! Raw schema → validated [`Config`]. Collects every problem with its location instead of
//! stopping at the first one.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::Duration;

use jiff::civil::Time;
use jiff::tz::TimeZone;
use secrecy::{ExposeSecret, SecretString};

use super::raw::{RawConfig, RawGateway, RawPepperOnly, RawSecurity, RawUpstream};
use super::{
    Branding, Config, ConfigError, ConfigIssue, DEMO_PIN_PEPPER, DEMO_STAFF_NAME, DEMO_STAFF_PIN,
    DemoConfig, GatewayConfig, GatewayKind, KeyPath, KioskConfig, LoggingConfig, LookupPolicy,
    MIN_CONTRAST, MetricsConfig, OtpPolicy, PumpingPolicy, QrCodeConfig, Rgb, SUPPORTED_LANGUAGES,
    SecondFactor, StaffMember, StoreConfig, SuccessConfig, TwilioSender, UpstreamConfig, line_col,
    locate,
};
use crate::otp::second_factor::DateOrder;

pub(super) fn validate(text: &str, file: &Path) -> Result<Config, ConfigError> {
    let raw: RawConfig = parse(text, file)?;
    let mut v = Validator::new(text, file);
    let mut config = v.config(raw);
    v.issues
        .extend(super::display_text::undrawable(text, file, &config));
    v.finish().map(|warnings| {
        config.warnings = warnings;
        config
    })
}

/// The PIN pepper alone, for `kiosk hash-pin`: TOML syntax, `[security]` and `[demo] enabled`
/// are checked with the same located messages as the full validation; nothing else is read.
pub(super) fn pin_pepper(
    text: &str,
    file: &Path,
) -> Result<(SecretString, Vec<ConfigIssue>), ConfigError> {
    let raw: RawPepperOnly = parse(text, file)?;
    let mut v = Validator::new(text, file);
    let pepper = v.pepper(&raw.security, raw.demo.enabled.unwrap_or(false));
    let warnings = v.finish()?;
    match pepper {
        Some(p) => Ok((p, warnings)),
        // `pepper` reports every way of ending without one; this is a belt for the braces.
        None => Err(ConfigError::Invalid {
            issues: vec![ConfigIssue {
                file: file.to_path_buf(),
                line: 1,
                column: 1,
                message: "security: no PIN pepper; set pin_pepper_env or pin_pepper_file".into(),
            }],
        }),
    }
}

/// Deserialises `text`, turning a toml error into one located issue that names its key.
fn parse<T: serde::de::DeserializeOwned>(text: &str, file: &Path) -> Result<T, ConfigError> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |span| line_col(text, span.start));
        ConfigError::Invalid {
            issues: vec![ConfigIssue {
                file: file.to_path_buf(),
                line,
                column,
                message: super::syntax::describe(text, e.span(), e.message()),
            }],
        }
    })
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
/// The least default of `[upstream] unhealthy_after_s` (15 min; see its use).
const HEALTHY_BACKLOG_S: i64 = 900;

/// The demo's values from the shipped kiosk.toml, refused outside demo mode.
const DEMO_PROPERTY: &str = "Hotel Demo";
const DEMO_SENDER: &str = "HotelDemo";
const DEMO_WIFI_MARKERS: [&str; 2] = ["S:HotelDemo-Guest;", "P:welcome-demo;"];
/// The example Vonage key in kiosk.toml's comments.
const EXAMPLE_VONAGE_API_KEY: &str = "abcd1234";
/// SHA-256 of the shipped demo logo (assets/branding/logo.png, "HD Hotel Demo"); a unit test
/// keeps it in step with the file.
const DEMO_LOGO_SHA256: [u8; 32] = [
    0xe2, 0x45, 0xd8, 0xa4, 0x0b, 0xf9, 0x26, 0xb5, 0xf2, 0x8f, 0x9a, 0x5b, 0xad, 0x55, 0x4f, 0xf4,
    0xb4, 0x74, 0x48, 0x8d, 0x18, 0x37, 0xbb, 0x5a, 0x10, 0x22, 0x42, 0xc6, 0xf5, 0xb5, 0x00, 0x9f,
];

/// The shortest `[lookup] scan_key` accepted: 128 bits of hex.
const MIN_SCAN_KEY_LEN: usize = 32;

fn root() -> KeyPath {
    KeyPath::root()
}

impl<'a> Validator<'a> {
    fn new(text: &'a str, file: &'a Path) -> Self {
        let dir = file
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map_or_else(|| PathBuf::from("."), Path::to_path_buf);
        let dir = std::path::absolute(&dir).unwrap_or(dir);
        Validator {
            text,
            file,
            dir,
            issues: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// The warnings, sorted, when there is no issue; else every issue, sorted.
    fn finish(mut self) -> Result<Vec<ConfigIssue>, ConfigError> {
        if self.issues.is_empty() {
            self.warnings.sort_by_key(|i| (i.line, i.column));
            Ok(self.warnings)
        } else {
            self.issues.sort_by_key(|i| (i.line, i.column));
            Err(ConfigError::Invalid {
                issues: self.issues,
            })
        }
    }
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
        let shown = shown_url(value);
        let value = value.trim();
        match url::Url::parse(value) {
            Ok(u) if u.scheme() == "https" && u.host().is_some() => {}
            Ok(u) if u.scheme() == "http" && u.host().is_some() => {
                // Every URL checked here carries a credential or a guest's phone number.
                if !is_loopback(&u) {
                    self.issue(
                        path,
                        format!(
                            "\"{shown}\" is plain http:// to another host: secrets and guests' phone numbers would cross the network unencrypted; use https://, or http:// only to a loopback address (127.0.0.1, ::1, localhost)"
                        ),
                    );
                }
            }
            Ok(u) => self.issue(
                path,
                format!(
                    "\"{shown}\" uses scheme \"{}\"; only http:// and https:// URLs are allowed",
                    u.scheme()
                ),
            ),
            Err(e) => self.issue(
                path,
                format!(
                    "\"{shown}\" is not a valid URL ({e}); write e.g. \"https://host:port/path\""
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
            (Some(var), None) if !is_env_var_name(var) => {
                // Never echoed: a value that is no variable name is most often the secret itself.
                self.issue(
                    &table.key(&env_key),
                    format!("is not an environment variable name (letters, digits and _, not starting with a digit): {env_key} names the variable that holds the secret. If you pasted the secret itself here, remove it from kiosk.toml and replace it at its issuer: it may have been copied with the file"),
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
                match read_secret_file(&path) {
                    Ok(v) if !v.trim().is_empty() => {
                        self.secret_file_mode(&table.key(&file_key), &path);
                        Some(SecretString::from(v.trim().to_owned()))
                    }
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

    /// A secret file others can change is refused (they could swap the credential or the
    /// pepper); one others can read is warned about (a systemd credential may be group-readable
    /// on purpose).
    fn secret_file_mode(&mut self, key: &KeyPath, path: &Path) {
        use std::os::unix::fs::PermissionsExt;
        let Ok(meta) = std::fs::metadata(path) else {
            return;
        };
        let mode = meta.permissions().mode() & 0o777;
        if mode & 0o022 != 0 {
            self.issue(
                key,
                format!(
                    "secret file {} can be changed by other users (mode {mode:o}); run `chmod 600 {}` and make the kiosk's user its owner",
                    path.display(),
                    path.display()
                ),
            );
        } else if mode & 0o077 != 0 {
            self.warn(
                key,
                format!(
                    "secret file {} can be read by other users (mode {mode:o}); run `chmod 600 {}`",
                    path.display(),
                    path.display()
                ),
            );
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

    /// A base URL the kiosk adds its own path and parameters to takes none itself: a query
    /// would be mangled or override the kiosk's own, a fragment is never sent, and credentials
    /// in it would sit in this file. Names the keys, never the values.
    fn bare_base_url(&mut self, path: &KeyPath, value: &str, params: &str, credentials: &str) {
        let Ok(u) = url::Url::parse(value) else {
            return; // http_url reports it
        };
        if u.query().is_some() {
            let keys: Vec<String> = u.query_pairs().map(|(k, _)| k.into_owned()).collect();
            self.issue(
                path,
                format!(
                    "has a query string ({}): the kiosk adds its own parameters to this URL, so a query here would be mangled or override them; {params}; remove everything from the ?",
                    keys.join(", ")
                ),
            );
        }
        if u.fragment().is_some() {
            self.issue(
                path,
                "has a #fragment, which is never sent to the server; remove it",
            );
        }
        if !u.username().is_empty() || u.password().is_some() {
            self.issue(
                path,
                format!("carries a user name or password (user@host); secrets never sit in kiosk.toml: use {credentials}"),
            );
        }
    }

    /// Kannel's `url` with a query: each sendsms parameter found, and the key that sets it.
    fn kannel_base_url(&mut self, path: &KeyPath, value: &str) {
        let Ok(u) = url::Url::parse(value) else {
            return;
        };
        if u.query().is_none() {
            self.bare_base_url(path, value, "", "username and password_env/password_file");
            return;
        }
        let mut seen = BTreeSet::new();
        let advice: Vec<String> = u
            .query_pairs()
            .filter(|(k, _)| seen.insert(k.to_string()))
            .map(|(k, _)| {
                let goes = match k.as_ref() {
                    "username" | "user" => "set username in this [[gateway]]",
                    "password" | "pass" => "set password_env or password_file",
                    "from" => "set from",
                    "to" | "text" | "charset" | "coding" | "validity" => {
                        "the kiosk sets it for every SMS"
                    }
                    "smsc" => {
                        "route in kannel.conf's sendsms-user group (forced-smsc or default-smsc)"
                    }
                    _ => "set it in kannel.conf's sendsms-user group",
                };
                format!("{k}: {goes}")
            })
            .collect();
        self.issue(
            path,
            format!(
                "has a query string: the kiosk sends username, password, from, to, text, charset, coding and validity itself, so a query here would be duplicated or override them; {}; write only the smsbox address, e.g. \"http://127.0.0.1:13013\" (or ending in /cgi-bin/sendsms)",
                advice.join("; ")
            ),
        );
        if u.fragment().is_some() || !u.username().is_empty() || u.password().is_some() {
            let bare = {
                let mut b = u.clone();
                b.set_query(None);
                b
            };
            self.bare_base_url(
                path,
                bare.as_str(),
                "",
                "username and password_env/password_file",
            );
        }
    }

    /// Outside demo mode, a URL on a reserved example domain (`.example`, `example.com`,
    /// `.invalid`, `.test`) can never work: refused, or warned when the URL is not used
    /// (`unused`, e.g. a switched-off upstream).
    fn placeholder_url(&mut self, path: &KeyPath, value: &str, demo_enabled: bool, unused: bool) {
        if demo_enabled {
            return;
        }
        let Some(host) = placeholder_host(value) else {
            return;
        };
        if unused {
            self.warn(
                path,
                format!("{host} is a reserved example domain (the shipped placeholder); it is not used while this is off, but set the real URL before you turn it on"),
            );
        } else {
            self.issue(
                path,
                format!("{host} is a reserved example domain that never resolves (a placeholder); write the real host"),
            );
        }
    }

    /// Kannel's and Vonage's sender: a number of at most 15 digits (E.164's limit), or an
    /// alphanumeric name of at most 11 characters (the SMS originator field's limit).
    fn sms_sender(&mut self, path: &KeyPath, from: &str, demo_enabled: bool) {
        if from.is_empty() {
            return;
        }
        let digits = from.strip_prefix('+').unwrap_or(from);
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            if digits.len() > 15 {
                self.issue(
                    path,
                    format!(
                        "\"{from}\" has {} digits; a numeric sender has at most 15 (E.164)",
                        digits.len()
                    ),
                );
            }
        } else if let Err(why) = alphanumeric_sender(from) {
            self.issue(path, why);
        }
        self.demo_sender(path, from, demo_enabled);
    }

    /// Twilio's `from`: a Twilio number in E.164 (with +), or an alphanumeric sender ID where
    /// Twilio allows one; a short code goes through messaging_service_sid.
    fn twilio_from(&mut self, path: &KeyPath, from: &str, demo_enabled: bool) {
        if from.starts_with('+') {
            if !phonenumber::parse(None, from).is_ok_and(|n| n.is_valid()) {
                self.issue(
                    path,
                    format!("\"{from}\" is not a valid phone number in E.164 form (+, country code, number, e.g. \"+351910000000\"); copy the Twilio number as the console shows it"),
                );
            }
        } else if !from.is_empty() && from.chars().all(|c| c.is_ascii_digit()) {
            self.issue(
                path,
                format!("\"{from}\" lacks the + and country code: Twilio needs E.164, e.g. \"+{from}\"; for a short code use messaging_service_sid"),
            );
        } else if let Err(why) = alphanumeric_sender(from) {
            self.issue(path, why);
        }
        self.demo_sender(path, from, demo_enabled);
    }

    fn demo_sender(&mut self, path: &KeyPath, from: &str, demo_enabled: bool) {
        if !demo_enabled && from.eq_ignore_ascii_case(DEMO_SENDER) {
            self.issue(
                path,
                format!("\"{DEMO_SENDER}\" is the demo's sender name from kiosk.toml's comments; every SMS would come from it: use your hotel's registered sender"),
            );
        }
    }

    /// Values the shipped kiosk.toml carries for the demo that cannot be right in a real lobby
    /// (each refused outside demo mode; gateway and upstream placeholders are checked with
    /// their URLs, the logo with the branding, staff with the PINs).
    fn demo_placeholders(&mut self, raw: &RawConfig) {
        if raw
            .kiosk
            .property
            .trim()
            .eq_ignore_ascii_case(DEMO_PROPERTY)
        {
            self.issue(
                &root().key("kiosk").key("property"),
                format!("\"{DEMO_PROPERTY}\" is the demo's property name, shown on every screen and named in every SMS; write your hotel's name"),
            );
        }
        for (i, q) in raw.success.qr.iter().enumerate() {
            let path = root().key("success").key("qr").index(i).key("payload");
            if DEMO_WIFI_MARKERS.iter().any(|m| q.payload.contains(m)) {
                self.issue(
                    &path,
                    "is the demo's Wi-Fi code (network HotelDemo-Guest, password welcome-demo); write your guest network as \"WIFI:T:WPA;S:<network>;P:<password>;;\", or remove this [[success.qr]]",
                );
            } else if let Some(host) = placeholder_host(&fill_placeholders(&q.payload)) {
                self.issue(
                    &path,
                    format!("points at {host}, a reserved example domain that never resolves (a placeholder); write your hotel's URL, or remove this [[success.qr]]"),
                );
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
        let pin_pepper = self.pepper(&raw.security, demo_enabled);
        let staff = self.staff(&raw, demo_enabled, pin_pepper.as_ref());
        let success = self.success(&raw, &kiosk);
        let branding = self.branding(&raw, demo_enabled);
        let logging = self.logging(&raw);
        let metrics = self.metrics(&raw);
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
            self.demo_placeholders(&raw);
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
            metrics,
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
        let sms_name = super::sms_name::resolve(&k.property, k.sms_name.as_deref()).unwrap_or_else(
            |problem| {
                self.issue(&t.key(problem.key()), problem.message());
                String::new()
            },
        );
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
            sms_name,
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
        let date_of_birth_order = match o.date_of_birth_order.as_deref() {
            None => DateOrder::for_country(&raw.kiosk.country),
            Some(s) => DateOrder::parse(s).unwrap_or_else(|| {
                self.issue(
                    &t.key("date_of_birth_order"),
                    format!(
                        "\"{s}\" is not a date order; allowed: {} (day, month, year as the guest types them)",
                        DateOrder::NAMES.join(", ")
                    ),
                );
                DateOrder::for_country(&raw.kiosk.country)
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
            date_of_birth_order,
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
                    let checked = self.http_url(&t.key("url"), &url);
                    self.kannel_base_url(&t.key("url"), &url);
                    self.placeholder_url(&t.key("url"), &url, demo_enabled, false);
                    checked
                };
                let username = self
                    .required(t, "username", g.username.as_ref(), "kannel")
                    .to_owned();
                if let Some(from) = &g.from {
                    self.sms_sender(&t.key("from"), from, demo_enabled);
                }
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
                if !account_sid.is_empty() && !is_twilio_sid(&account_sid, "AC") {
                    self.issue(
                        &t.key("account_sid"),
                        format!("\"{account_sid}\" is not a Twilio Account SID: AC and 32 hex digits, as on the Twilio console's dashboard"),
                    );
                }
                let auth_token = self.secret(
                    t,
                    "auth_token",
                    g.auth_token_env.as_deref(),
                    g.auth_token_file.as_deref(),
                    true,
                );
                let sender = match (&g.from, &g.messaging_service_sid) {
                    (Some(f), None) => {
                        self.twilio_from(&t.key("from"), f, demo_enabled);
                        TwilioSender::From(f.clone())
                    }
                    (None, Some(s)) => {
                        if !is_twilio_sid(s, "MG") {
                            self.issue(
                                &t.key("messaging_service_sid"),
                                format!("\"{s}\" is not a Messaging Service SID: MG and 32 hex digits, as in the Twilio console under Messaging > Services"),
                            );
                        }
                        TwilioSender::MessagingService(s.clone())
                    }
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
                self.bare_base_url(
                    &t.key("base_url"),
                    base_url,
                    "the account and sender are account_sid and from (or messaging_service_sid)",
                    "account_sid and auth_token_env/auth_token_file",
                );
                self.placeholder_url(&t.key("base_url"), base_url, demo_enabled, false);
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
                if !from.is_empty() {
                    self.sms_sender(&t.key("from"), &from, demo_enabled);
                }
                if !demo_enabled && api_key == EXAMPLE_VONAGE_API_KEY {
                    self.issue(
                        &t.key("api_key"),
                        "is the example api_key from kiosk.toml's comments; copy your own from the Vonage API dashboard",
                    );
                }
                let base_url = g.base_url.as_deref().unwrap_or("https://rest.nexmo.com");
                self.bare_base_url(
                    &t.key("base_url"),
                    base_url,
                    "the credentials and sender are api_key, api_secret_env/api_secret_file and from",
                    "api_key and api_secret_env/api_secret_file",
                );
                self.placeholder_url(&t.key("base_url"), base_url, demo_enabled, false);
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
                    // A query is the template's own (its {to} and {text} are percent-encoded
                    // at send time); a fragment never reaches the server.
                    if url::Url::parse(&url).is_ok_and(|u| u.fragment().is_some()) {
                        self.issue(
                            &t.key("url"),
                            "has a #fragment, which is never sent to the server: everything after # is dropped; remove it",
                        );
                    }
                    self.placeholder_url(&t.key("url"), &url, demo_enabled, false);
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
            (Some(url), _) => {
                self.bare_base_url(
                    &t.key("url"),
                    url,
                    "the kiosk appends /v1/events, /v1/arrivals and /v1/commands to it; write only the API's base, e.g. \"https://pms.hotel.com/kiosk-api\"",
                    "token_env/token_file",
                );
                // Off, the URL is never used, so a placeholder there is only a warning.
                self.placeholder_url(&t.key("url"), url, demo_enabled, !enabled);
                self.http_url(&t.key("url"), url)
            }
            (None, true) => {
                self.issue(&t, "enabled = true needs url (the upstream base URL)");
                String::new()
            }
            (None, false) => String::new(),
        };
        let sync_interval = self.secs(&t.key("sync_interval_s"), u.sync_interval_s, 15, 1, 3600);
        // 15 min is three capped backoffs (5 min each): an upstream restart or a short outage
        // heals without paging anyone. A slow interval stretches it, or every push would alarm.
        let unhealthy_default = i64::try_from(sync_interval.as_secs().saturating_mul(3))
            .unwrap_or(i64::MAX)
            .max(HEALTHY_BACKLOG_S);
        let unhealthy_after = self.secs(
            &t.key("unhealthy_after_s"),
            u.unhealthy_after_s,
            unhealthy_default,
            60,
            7 * 86_400,
        );
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
                format!("demo mode syncs only with a loopback upstream (127.0.0.1, ::1, localhost), so demo guests never reach a real PMS; point url there, or set [demo] enabled = false to sync with \"{}\"", shown_url(raw_url)),
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
            unhealthy_after,
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

    /// `[security]`'s pepper: required outside demo mode, at least 16 varied bytes, never the
    /// published demo pepper outside demo mode.
    fn pepper(&mut self, s: &RawSecurity, demo_enabled: bool) -> Option<SecretString> {
        let t = root().key("security");
        let configured = self.secret(
            &t,
            "pin_pepper",
            s.pin_pepper_env.as_deref(),
            s.pin_pepper_file.as_deref(),
            false,
        );
        let key = t.key(if s.pin_pepper_file.is_some() {
            "pin_pepper_file"
        } else {
            "pin_pepper_env"
        });
        if let Some(pepper) = &configured {
            if let Err(weak) = crate::pin::check_pepper(pepper.expose_secret()) {
                self.issue(
                    &key,
                    format!("{weak}; a new pepper invalidates every staff PIN, so rehash each one with `kiosk hash-pin` after changing it"),
                );
            } else if !demo_enabled && pepper.expose_secret() == DEMO_PIN_PEPPER {
                self.issue(
                    &key,
                    "this is the demo pepper, published with lobby-kiosk's source; make your own (`openssl rand -base64 32`), then rehash every staff PIN with `kiosk hash-pin`",
                );
            }
            return configured;
        }
        if s.pin_pepper_env.is_some() || s.pin_pepper_file.is_some() {
            // `secret` reported why it gave nothing.
            return None;
        }
        if demo_enabled {
            Some(SecretString::from(DEMO_PIN_PEPPER))
        } else {
            self.issue(
                &t,
                format!(
                    "no PIN pepper: outside demo mode staff PINs are hashed with a secret kept outside this file; set pin_pepper_file (or pin_pepper_env) in [security] to at least {} random bytes, e.g. `(umask 077; openssl rand -base64 32 > /etc/lobby-kiosk/pin-pepper)`",
                    crate::pin::PEPPER_MIN_BYTES
                ),
            );
            None
        }
    }

    fn staff(
        &mut self,
        raw: &RawConfig,
        demo_enabled: bool,
        pepper: Option<&SecretString>,
    ) -> Vec<StaffMember> {
        if raw.staff.is_empty() && !demo_enabled {
            self.issue(
                &root().key("staff"),
                "no [[staff]] configured, so nobody could unlock a reservation or check a guest in by photo ID; add one [[staff]] entry per staff member with name and pin_hash (made with `kiosk hash-pin`)",
            );
        }
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
                } else if !demo_enabled && s.name.trim() == DEMO_STAFF_NAME {
                    self.warn(
                        &t.key("name"),
                        format!("\"{DEMO_STAFF_NAME}\" is the demo's staff name and is written into every audit event; name the person (or the desk) this PIN belongs to"),
                    );
                }
                if let Err(e) = crate::pin::check_phc(&s.pin_hash) {
                    self.issue(&t.key("pin_hash"), e.to_string());
                } else if !demo_enabled && self.is_demo_pin(&s.pin_hash, pepper) {
                    self.issue(
                        &t.key("pin_hash"),
                        "this is the demo staff PIN; with [demo] enabled = false give every staff member their own PIN (`kiosk hash-pin`)",
                    );
                } else if let Some(pepper) = pepper {
                    self.pin_pepper_matches(&t.key("pin_hash"), &s.name, &s.pin_hash, pepper);
                }
                StaffMember {
                    name: s.name.clone(),
                    pin_hash: s.pin_hash.clone(),
                }
            })
            .collect()
    }

    fn is_demo_pin(&self, hash: &str, pepper: Option<&SecretString>) -> bool {
        let demo_pepper = SecretString::from(DEMO_PIN_PEPPER);
        [pepper, Some(&demo_pepper)]
            .into_iter()
            .flatten()
            .any(|p| crate::pin::verify_pin(DEMO_STAFF_PIN, hash, p))
    }

    /// A hash's recorded pepper fingerprint against the configured pepper: a mismatch means
    /// this PIN can never unlock the pad.
    fn pin_pepper_matches(
        &mut self,
        path: &KeyPath,
        name: &str,
        hash: &str,
        pepper: &SecretString,
    ) {
        match crate::pin::pepper_check(hash, pepper) {
            crate::pin::PepperCheck::Same => {}
            crate::pin::PepperCheck::Different => self.issue(
                path,
                format!("staff \"{name}\": hashed with a different pepper than [security] gives, so this PIN can never unlock; changing the pepper invalidates every PIN: rehash it with `kiosk hash-pin`, or restore the pepper it was made with"),
            ),
            crate::pin::PepperCheck::Unknown => self.warn(
                path,
                format!("staff \"{name}\": this hash does not record which pepper made it (it is older than this kiosk version), so a changed pepper would go unnoticed until the PIN fails at the pad; rehash it with `kiosk hash-pin`"),
            ),
        }
    }

    fn success(&mut self, raw: &RawConfig, kiosk: &KioskConfig) -> SuccessConfig {
        let s = &raw.success;
        let t = root().key("success");
        // Texts IT wrote should speak every offered language; a missing one falls back to the
        // default language, which a guest who chose another may not read.
        for (key, map) in [("key_pickup", &s.key_pickup), ("directions", &s.directions)] {
            if let Some(map) = map {
                self.every_language(&t.key(key), map, kiosk);
            }
        }
        for (i, q) in s.qr.iter().enumerate() {
            self.every_language(&t.key("qr").index(i).key("label"), &q.label, kiosk);
        }
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

    /// Warns when `map` lacks a language of `[kiosk] languages`, naming each missing one.
    fn every_language(
        &mut self,
        path: &KeyPath,
        map: &BTreeMap<String, String>,
        kiosk: &KioskConfig,
    ) {
        let missing: Vec<&str> = kiosk
            .languages
            .iter()
            .filter(|l| !map.contains_key(l.as_str()))
            .map(String::as_str)
            .collect();
        if !missing.is_empty() {
            self.warn(
                path,
                format!(
                    "has no text for {} (offered in [kiosk] languages); guests who chose {} see the \"{}\" text instead; add them",
                    missing.join(", "),
                    if missing.len() == 1 { "it" } else { "them" },
                    fallback_language(map, &kiosk.default_language),
                ),
            );
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

    fn branding(&mut self, raw: &RawConfig, demo_enabled: bool) -> Branding {
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
            } else if let Ok(bytes) = std::fs::read(logo) {
                self.logo_image(&t.key("logo"), logo, &bytes, demo_enabled);
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

    /// The logo's bytes are a PNG or JPEG image (not just its name), and outside demo mode not
    /// the shipped demo logo.
    fn logo_image(&mut self, key: &KeyPath, logo: &Path, bytes: &[u8], demo_enabled: bool) {
        const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
        const JPEG: &[u8] = b"\xFF\xD8\xFF";
        if !bytes.starts_with(PNG) && !bytes.starts_with(JPEG) {
            self.issue(
                key,
                format!(
                    "{} is not a PNG or JPEG image (its content starts with neither signature, whatever its name says); export the logo as PNG",
                    logo.display()
                ),
            );
            return;
        }
        #[cfg(feature = "gui")]
        if let Err(e) = image::load_from_memory(bytes) {
            self.issue(
                key,
                format!(
                    "{} cannot be read as an image ({e}); export the logo again as PNG",
                    logo.display()
                ),
            );
            return;
        }
        if !demo_enabled {
            use sha2::Digest;
            let digest = sha2::Sha256::digest(bytes);
            if digest.as_slice() == DEMO_LOGO_SHA256 {
                self.issue(
                    key,
                    "this is the demo logo (\"Hotel Demo\"); point logo at your hotel's PNG or JPEG, or remove the key to show the property name only",
                );
            }
        }
    }

    fn metrics(&mut self, raw: &RawConfig) -> MetricsConfig {
        let m = &raw.metrics;
        if !m.enabled.unwrap_or(false) {
            return MetricsConfig { listen: None };
        }
        let t = root().key("metrics");
        let text = m.listen.as_deref().unwrap_or("127.0.0.1:9464");
        match text.trim().parse::<std::net::SocketAddr>() {
            Ok(addr) => {
                if !addr.ip().is_loopback() {
                    self.warn(
                        &t.key("listen"),
                        format!("{addr} is off loopback: anyone who reaches it reads the kiosk's figures (no personal data); prefer 127.0.0.1 and a local scraper or a firewall"),
                    );
                }
                MetricsConfig { listen: Some(addr) }
            }
            Err(_) => {
                self.issue(
                    &t.key("listen"),
                    format!("\"{text}\" is not an address and port, e.g. \"127.0.0.1:9464\""),
                );
                MetricsConfig { listen: None }
            }
        }
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

/// A URL as messages may quote it: as written, but with any query and user:password left out
/// (they may hold credentials; the messages about them name the keys only).
pub(crate) fn shown_url(value: &str) -> String {
    match url::Url::parse(value.trim()) {
        Ok(mut u) if u.query().is_some() || !u.username().is_empty() || u.password().is_some() => {
            let had_query = u.query().is_some();
            u.set_query(None);
            // Fails only for URLs that cannot have credentials, which then have none.
            let _ = u.set_username("");
            let _ = u.set_password(None);
            if had_query {
                format!("{u}?…")
            } else {
                u.to_string()
            }
        }
        _ => value.to_owned(),
    }
}

/// `AC…`/`MG…` and 32 hex digits: Twilio's Account and Messaging Service SIDs.
fn is_twilio_sid(sid: &str, prefix: &str) -> bool {
    sid.strip_prefix(prefix)
        .is_some_and(|hex| hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()))
}

/// An alphanumeric SMS sender: 1 to 11 ASCII letters, digits or spaces, at least one letter.
fn alphanumeric_sender(from: &str) -> Result<(), String> {
    let len = from.chars().count();
    if len > 11 {
        return Err(format!(
            "\"{from}\" is {len} characters; an alphanumeric sender has at most 11 (use a shorter name, or a number of at most 15 digits)"
        ));
    }
    if !from.chars().all(|c| c.is_ascii_alphanumeric() || c == ' ')
        || !from.chars().any(|c| c.is_ascii_alphabetic())
    {
        return Err(format!(
            "\"{from}\" is neither a phone number nor an alphanumeric sender (1 to 11 letters, digits or spaces, at least one letter)"
        ));
    }
    Ok(())
}

/// The host of a URL on a domain reserved for examples (RFC 2606, RFC 6761), if it is one.
fn placeholder_host(value: &str) -> Option<String> {
    let u = url::Url::parse(value.trim()).ok()?;
    let Some(url::Host::Domain(host)) = u.host() else {
        return None;
    };
    let name = host.trim_end_matches('.').to_ascii_lowercase();
    let reserved = ["example", "invalid", "test"]
        .iter()
        .any(|tld| name == *tld || name.ends_with(&format!(".{tld}")))
        || ["example.com", "example.net", "example.org"]
            .iter()
            .any(|d| name == *d || name.ends_with(&format!(".{d}")));
    reserved.then_some(name)
}

/// A QR payload template with its `{...}` placeholders filled, so it parses as a URL.
fn fill_placeholders(template: &str) -> String {
    ["{token}", "{confirmation}", "{room}"]
        .iter()
        .fold(template.to_owned(), |t, p| t.replace(p, "x"))
}

/// The language `Config::localized` falls back to for a missing one.
fn fallback_language<'m>(map: &'m BTreeMap<String, String>, default: &'m str) -> &'m str {
    if map.contains_key(default) {
        default
    } else if map.contains_key("en") {
        "en"
    } else {
        map.keys().next().map_or(default, String::as_str)
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

/// What a `*_env` key may name: a POSIX-style environment variable.
fn is_env_var_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The most a secret file may hold: tokens, passwords and peppers are far shorter, and a path
/// pointing at a device (`/dev/zero`) or a log must not be read until memory runs out.
const SECRET_FILE_MAX: u64 = 64 * 1024;

/// Reads a secret file: a regular file (a FIFO would block the kiosk forever) of at most
/// [`SECRET_FILE_MAX`] bytes.
fn read_secret_file(path: &Path) -> Result<String, String> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if !meta.is_file() {
        return Err("it is not a regular file (a device, a pipe or a folder)".to_owned());
    }
    if meta.len() > SECRET_FILE_MAX {
        return Err(format!(
            "it holds {} bytes; a secret file holds only the secret (at most {SECRET_FILE_MAX} bytes)",
            meta.len()
        ));
    }
    let mut text = String::new();
    std::fs::File::open(path)
        .and_then(|f| f.take(SECRET_FILE_MAX).read_to_string(&mut text))
        .map_err(|e| e.to_string())?;
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_logo_fingerprint_is_the_shipped_logos() {
        use sha2::Digest;
        let logo = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/branding/logo.png"
        ))
        .unwrap();
        assert_eq!(sha2::Sha256::digest(&logo).as_slice(), DEMO_LOGO_SHA256);
    }

    #[test]
    fn reserved_example_domains_are_placeholders() {
        for url in [
            "https://key.example/open?t=x",
            "https://pms.example",
            "https://api.example.com/x",
            "http://sms.invalid",
            "https://a.test.",
        ] {
            assert!(placeholder_host(url).is_some(), "{url}");
        }
        for url in [
            "https://api.twilio.com",
            "https://examples.com",
            "https://example.hotel.pt",
            "http://127.0.0.1",
        ] {
            assert!(placeholder_host(url).is_none(), "{url}");
        }
    }

    #[test]
    fn senders() {
        assert!(
            alphanumeric_sender("Hotel Aurora").is_err(),
            "12 characters"
        );
        assert!(alphanumeric_sender("HotelAurora").is_ok());
        assert!(alphanumeric_sender("Hotel-1").is_err());
        assert!(alphanumeric_sender("12345").is_err(), "no letter");
        assert!(is_twilio_sid("AC0123456789abcdef0123456789ABCDEF", "AC"));
        assert!(!is_twilio_sid("AC123", "AC"));
    }
}
