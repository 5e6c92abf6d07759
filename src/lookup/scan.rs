//! What a barcode scanner types, and whether it proves the barcode came from the PMS.
//!
//! Format: `PREFIX` + confirmation number, optionally followed by [`SEPARATOR`] and a secret:
//! the reservation's PMS `token`, or the HMAC-SHA256 of the normalised confirmation number
//! under `[lookup] scan_key_*` as 64 hex digits (`CONF:LK4821/dk-lk4821-7f3a`,
//! `CONF:LK4821/3f1c…`). Only a matching secret lets a scan skip the surname; a confirmation
//! number alone is printed on every booking email and easy to guess. Secrets are compared in
//! constant time.

use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;
use subtle::ConstantTimeEq;

use crate::names::confirmation_key;

type HmacSha256 = Hmac<Sha256>;

/// Between the confirmation number and the secret. Confirmation numbers are letters and digits
/// (hyphens and spaces are dropped anyway), so the first `/` ends the number; the secret may
/// contain more of them.
pub const SEPARATOR: char = '/';

/// Scanner input split into its parts.
pub struct Scanned<'a> {
    /// The normalised confirmation number (see [`confirmation_key`]).
    pub confirmation: String,
    /// What followed the separator, trimmed; `None` when absent or empty.
    secret: Option<&'a str>,
}

// The secret may be a PMS token: Debug never shows it.
impl std::fmt::Debug for Scanned<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanned")
            .field("confirmation", &self.confirmation)
            .field("has_secret", &self.secret.is_some())
            .finish()
    }
}

impl<'a> Scanned<'a> {
    /// Trims `raw`, strips `prefix` (any case) when present, and splits off the secret.
    pub fn parse(raw: &'a str, prefix: Option<&str>) -> Self {
        let s = raw.trim();
        let s = match prefix.filter(|p| !p.is_empty()) {
            Some(p)
                if s.len() >= p.len()
                    && s.is_char_boundary(p.len())
                    && s[..p.len()].eq_ignore_ascii_case(p) =>
            {
                &s[p.len()..]
            }
            _ => s,
        };
        let (number, secret) = match s.split_once(SEPARATOR) {
            Some((number, secret)) => (number, Some(secret.trim()).filter(|t| !t.is_empty())),
            None => (s, None),
        };
        Self {
            confirmation: confirmation_key(number),
            secret,
        }
    }

    pub fn has_secret(&self) -> bool {
        self.secret.is_some()
    }

    /// Whether the secret is this reservation's PMS `token` or the confirmation number's MAC
    /// under `key`. Both checks always run, so the answer's timing does not tell which held.
    pub fn proves(&self, token: Option<&str>, key: Option<&SecretString>) -> bool {
        let Some(secret) = self.secret else {
            return false;
        };
        // A missing token is compared as an empty one, which never matches (the secret is not
        // empty); `ct_eq` on different lengths only reveals the lengths differ.
        let stored = token.unwrap_or("");
        let by_token = !stored.is_empty() && bool::from(stored.as_bytes().ct_eq(secret.as_bytes()));
        let by_mac = key.is_some_and(|k| mac_matches(k, &self.confirmation, secret));
        by_token | by_mac
    }
}

fn mac(key: &SecretString, confirmation: &str) -> HmacSha256 {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    let mut m = <HmacSha256 as KeyInit>::new_from_slice(key.expose_secret().as_bytes())
        .unwrap_or_else(|_| <HmacSha256 as KeyInit>::new(&Default::default()));
    m.update(confirmation.as_bytes());
    m
}

fn mac_matches(key: &SecretString, confirmation: &str, secret: &str) -> bool {
    match decode_hex(secret) {
        Some(tag) => mac(key, confirmation).verify_slice(&tag).is_ok(),
        None => false,
    }
}

/// The secret a PMS prints after the separator when it uses the scan key: HMAC-SHA256 of the
/// normalised confirmation number (`confirmation_key`: ASCII letters upper-cased, everything
/// but letters and digits dropped), as 64 lower-case hex digits.
pub fn scan_mac(key: &SecretString, confirmation: &str) -> String {
    mac(key, &confirmation_key(confirmation))
        .finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// 64 hex digits (either case) as 32 bytes.
fn decode_hex(s: &str) -> Option<Vec<u8>> {
    if s.len() != 64 || !s.is_ascii() {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_split_at_the_first_separator() {
        let s = Scanned::parse(" conf:lk-4821/tok/with/slashes \n", Some("CONF:"));
        assert_eq!(s.confirmation, "LK4821");
        assert_eq!(s.secret, Some("tok/with/slashes"));
        assert!(!Scanned::parse("CONF:LK4821/ ", Some("CONF:")).has_secret());
        assert!(!Scanned::parse("CONF:LK4821", Some("CONF:")).has_secret());
        let shown = format!("{:?}", Scanned::parse("LK4821/tok-secret", None));
        assert!(!shown.contains("tok-secret"), "{shown}");
    }

    #[test]
    fn the_mac_is_what_a_pms_computes_with_any_hmac_library() {
        // Python: hmac.new(b"0123456789abcdef0123456789abcdef", b"LK4821", "sha256").hexdigest()
        let key = SecretString::from("0123456789abcdef0123456789abcdef");
        assert_eq!(
            scan_mac(&key, "lk-4821"),
            "2dd95473ddf4a9bfd4c8aa54847252a98836cdfc2e5aa85c970605e669ed099f"
        );
    }

    #[test]
    fn only_the_token_or_the_mac_proves_a_scan() {
        let key = SecretString::from("0123456789abcdef0123456789abcdef");
        let other = SecretString::from("fedcba9876543210fedcba9876543210");
        let mac = scan_mac(&key, "lk-4821");
        assert_eq!(mac.len(), 64);
        let with = |secret: &str| format!("CONF:LK4821/{secret}");
        let proves = |raw: &str, token: Option<&str>, key: Option<&SecretString>| {
            Scanned::parse(raw, Some("CONF:")).proves(token, key)
        };
        assert!(proves(&with("tok-1"), Some("tok-1"), None));
        assert!(!proves(&with("tok-2"), Some("tok-1"), None));
        assert!(!proves(&with("tok-1"), None, None));
        assert!(!proves("CONF:LK4821", Some("tok-1"), Some(&key)));
        assert!(proves(&with(&mac), None, Some(&key)));
        assert!(proves(&with(&mac.to_uppercase()), None, Some(&key)));
        assert!(!proves(&with(&mac), None, Some(&other)));
        assert!(!proves(&with(&mac), None, None));
        assert!(!proves(&format!("CONF:LK4822/{mac}"), None, Some(&key)));
        assert!(!proves(&with(&mac[..63]), None, Some(&key)));
    }
}
