//! The `kiosk.toml` schema exactly as written by hotel IT, before validation. Plain structs with
//! `deny_unknown_fields` (no tagged enums) so that every serde error carries the key's own
//! line and column.

use std::collections::BTreeMap;

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawConfig {
    pub kiosk: RawKiosk,
    #[serde(default)]
    pub store: RawStore,
    #[serde(default)]
    pub otp: RawOtp,
    #[serde(default)]
    pub lookup: RawLookup,
    #[serde(default, rename = "gateway")]
    pub gateways: Vec<RawGateway>,
    #[serde(default)]
    pub upstream: Option<RawUpstream>,
    #[serde(default, rename = "staff")]
    pub staff: Vec<RawStaff>,
    #[serde(default)]
    pub security: RawSecurity,
    #[serde(default)]
    pub success: RawSuccess,
    #[serde(default)]
    pub branding: RawBranding,
    #[serde(default)]
    pub logging: RawLogging,
    #[serde(default)]
    pub metrics: RawMetrics,
    #[serde(default)]
    pub demo: RawDemo,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKiosk {
    pub id: String,
    pub property: String,
    #[serde(default)]
    pub sms_name: Option<String>,
    pub time_zone: String,
    pub country: String,
    #[serde(default)]
    pub languages: Option<Vec<String>>,
    #[serde(default)]
    pub default_language: Option<String>,
    #[serde(default)]
    pub business_day_start: Option<String>,
    #[serde(default)]
    pub idle_timeout_s: Option<i64>,
    #[serde(default)]
    pub idle_warning_s: Option<i64>,
    #[serde(default)]
    pub fullscreen: Option<bool>,
    #[serde(default)]
    pub staff_taps: Option<i64>,
    #[serde(default)]
    pub staff_taps_window_s: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStore {
    pub path: Option<String>,
    pub retention_days: Option<i64>,
    pub departed_keep_days: Option<i64>,
    pub key_file: Option<String>,
    pub encryption: Option<bool>,
    pub encryption_key_env: Option<String>,
    pub encryption_key_file: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOtp {
    pub length: Option<i64>,
    pub ttl_s: Option<i64>,
    pub max_attempts: Option<i64>,
    pub resend_cooldown_s: Option<i64>,
    pub max_resends: Option<i64>,
    pub lockout_after: Option<i64>,
    pub lockout_s: Option<i64>,
    pub sends_per_phone_per_hour: Option<i64>,
    pub sends_per_reservation_per_day: Option<i64>,
    pub sends_per_kiosk_per_hour: Option<i64>,
    pub allowed_countries: Option<Vec<String>>,
    pub second_factor: Option<String>,
    pub date_of_birth_order: Option<String>,
    pub pumping_prefix_digits: Option<i64>,
    pub pumping_window_s: Option<i64>,
    pub pumping_min_sends: Option<i64>,
    pub pumping_min_verified_percent: Option<i64>,
    pub pumping_pause_s: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLookup {
    pub scanner_prefix: Option<String>,
    pub scan_key_env: Option<String>,
    pub scan_key_file: Option<String>,
    pub failures_before_cooldown: Option<i64>,
    pub window_s: Option<i64>,
    pub cooldown_s: Option<i64>,
    pub cooldown_max_s: Option<i64>,
    pub max_lookups_per_window: Option<i64>,
}

/// One `[[gateway]]` entry: the union of every kind's keys; which apply is checked per `kind`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGateway {
    pub name: String,
    pub kind: String,
    pub timeout_ms: Option<i64>,
    pub connect_timeout_ms: Option<i64>,
    pub breaker_failures: Option<i64>,
    pub breaker_open_s: Option<i64>,
    // kannel, http, outbox
    pub url: Option<String>,
    pub username: Option<String>,
    pub password_env: Option<String>,
    pub password_file: Option<String>,
    pub from: Option<String>,
    // twilio
    pub account_sid: Option<String>,
    pub auth_token_env: Option<String>,
    pub auth_token_file: Option<String>,
    pub messaging_service_sid: Option<String>,
    pub base_url: Option<String>,
    // vonage
    pub api_key: Option<String>,
    pub api_secret_env: Option<String>,
    pub api_secret_file: Option<String>,
    // http
    pub method: Option<String>,
    pub headers: Option<BTreeMap<String, String>>,
    pub body: Option<String>,
    pub success_status: Option<Vec<i64>>,
    // outbox
    pub path: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawUpstream {
    pub enabled: Option<bool>,
    pub url: Option<String>,
    pub token_env: Option<String>,
    pub token_file: Option<String>,
    pub sync_interval_s: Option<i64>,
    pub unhealthy_after_s: Option<i64>,
    pub batch_size: Option<i64>,
    pub timeout_ms: Option<i64>,
    pub ca_file: Option<String>,
    pub client_cert: Option<String>,
    pub client_key: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStaff {
    pub name: String,
    pub pin_hash: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSecurity {
    pub pin_pepper_env: Option<String>,
    pub pin_pepper_file: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSuccess {
    pub reset_after_s: Option<i64>,
    pub show_room: Option<bool>,
    pub key_pickup: Option<BTreeMap<String, String>>,
    pub directions: Option<BTreeMap<String, String>>,
    #[serde(default)]
    pub qr: Vec<RawQr>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQr {
    pub label: BTreeMap<String, String>,
    pub payload: String,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBranding {
    pub logo: Option<String>,
    pub background: Option<String>,
    pub surface: Option<String>,
    pub text: Option<String>,
    pub muted_text: Option<String>,
    pub primary: Option<String>,
    pub on_primary: Option<String>,
    pub danger: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawLogging {
    pub dir: Option<String>,
    pub level: Option<String>,
    pub keep_files: Option<i64>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawMetrics {
    pub enabled: Option<bool>,
    pub listen: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDemo {
    pub enabled: Option<bool>,
    pub reservations: Option<String>,
}

/// What `kiosk hash-pin` reads: the pepper and whether demo mode supplies one. Every other
/// table is ignored, so a half-configured file (gateways without secrets yet, the demo staff
/// entry still in place) does not stop IT from making the hashes that finish it.
#[derive(Debug, Deserialize)]
pub struct RawPepperOnly {
    #[serde(default)]
    pub security: RawSecurity,
    #[serde(default)]
    pub demo: RawDemoEnabled,
}

/// `[demo] enabled` alone (the table's other keys are the full validation's business).
#[derive(Debug, Default, Deserialize)]
pub struct RawDemoEnabled {
    pub enabled: Option<bool>,
}
