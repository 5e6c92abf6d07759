//! Staff PIN hashing: argon2id with a pepper (`Argon2::new_with_secret`), because a 6–12 digit
//! PIN alone is brute-forced offline in seconds from a stolen config file.
//!
//! Every hash records a short fingerprint of its pepper in the PHC `keyid` parameter, so a
//! kiosk started with another pepper than the PINs were hashed with says so at load time
//! instead of locking every staff member out at the pad.

use argon2::{
    Algorithm, Argon2, KeyId, Params, ParamsBuilder, PasswordHash, PasswordHasher,
    PasswordVerifier, Version,
};
use hmac::{Hmac, KeyInit, Mac};
use secrecy::{ExposeSecret, SecretString};
use sha2::Sha256;

/// The fewest digits a new staff PIN may have. Ten guesses a lock period at the lobby pad find
/// a 4-digit PIN within weeks; a 6-digit one holds out for decades.
pub const PIN_MIN_DIGITS: usize = 6;
/// The most digits the pad takes.
pub const PIN_MAX_DIGITS: usize = 12;

/// The shortest pepper accepted, in bytes: 16 random bytes are beyond any offline search, and
/// `openssl rand -base64 32` (the documented way to make one) gives 44.
pub const PEPPER_MIN_BYTES: usize = 16;
/// The fewest distinct characters a pepper must have, so `aaaaaaaaaaaaaaaa` or `1212…` is not
/// taken for a secret because it is long.
pub const PEPPER_MIN_DISTINCT: usize = 8;

/// Bytes of the pepper fingerprint kept in a hash's `keyid`. Two bytes miss a wrong pepper
/// once in 65,536 and tell an attacker who holds the file almost nothing: each pepper guess
/// that matches the fingerprint (one in 65,536) still costs the whole PIN space in argon2.
const FINGERPRINT_BYTES: usize = 2;
/// What the fingerprint MACs under the pepper.
const FINGERPRINT_LABEL: &[u8] = b"lobby-kiosk staff PIN pepper fingerprint v1";

#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("a staff PIN must be 6 to 12 digits (0-9 only)")]
    Format,
    #[error(
        "a staff PIN needs at least 6 digits ({0} given): a shorter one is guessed at the lobby pad; choose 6 to 12 digits"
    )]
    TooShort(usize),
    #[error(
        "the PIN pepper is unusable ({0}); set [security] pin_pepper_env or pin_pepper_file to a long random value (`openssl rand -base64 32`)"
    )]
    Pepper(argon2::Error),
    #[error(
        "that PIN is among the first a stranger tries at the lobby pad (one digit repeated, or digits counting up or down); choose 6 to 12 digits without a pattern"
    )]
    Guessable,
    #[error("hashing the PIN failed: {0}")]
    Hash(String),
    #[error(
        "not an argon2id PHC string (expected \"$argon2id$v=19$...\"); make one with `kiosk hash-pin`"
    )]
    NotPhc,
}

/// Checks a new PIN's shape: digits only, 6 to 12 of them.
pub fn validate_pin(pin: &str) -> Result<(), PinError> {
    let len = pin.chars().count();
    if len == 0 || len > PIN_MAX_DIGITS || !pin.chars().all(|c| c.is_ascii_digit()) {
        Err(PinError::Format)
    } else if len < PIN_MIN_DIGITS {
        Err(PinError::TooShort(len))
    } else if guessable(pin) {
        Err(PinError::Guessable)
    } else {
        Ok(())
    }
}

/// One digit repeated (111111) or a run counting up or down (123456, 987654, 901234): the
/// PINs tried first, so the pad's ten guesses would find them.
fn guessable(pin: &str) -> bool {
    let digits: Vec<i16> = pin
        .bytes()
        .map(|b| i16::from(b) - i16::from(b'0'))
        .collect();
    let steps: Vec<i16> = digits
        .windows(2)
        .map(|w| (w[1] - w[0]).rem_euclid(10))
        .collect();
    [0, 1, 9].iter().any(|step| steps.iter().all(|s| s == step))
}

/// Why a pepper is refused (see [`check_pepper`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WeakPepper {
    #[error(
        "the PIN pepper is too short ({0} bytes); use at least {PEPPER_MIN_BYTES} random bytes, e.g. `openssl rand -base64 32`"
    )]
    TooShort(usize),
    #[error(
        "the PIN pepper has only {0} different characters; use a random one, e.g. `openssl rand -base64 32`"
    )]
    LowVariety(usize),
}

/// A pepper long and varied enough to be a secret: at least [`PEPPER_MIN_BYTES`] bytes and
/// [`PEPPER_MIN_DISTINCT`] distinct characters. (argon2 itself takes any length.)
pub fn check_pepper(pepper: &str) -> Result<(), WeakPepper> {
    if pepper.len() < PEPPER_MIN_BYTES {
        return Err(WeakPepper::TooShort(pepper.len()));
    }
    let distinct = pepper
        .chars()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    if distinct < PEPPER_MIN_DISTINCT {
        return Err(WeakPepper::LowVariety(distinct));
    }
    Ok(())
}

/// The pepper's fingerprint as `kiosk hash-pin` records it in `keyid`: the first bytes of
/// HMAC-SHA256(pepper, fixed label). A MAC, so it says nothing about a strong pepper.
pub fn pepper_fingerprint(pepper: &SecretString) -> [u8; FINGERPRINT_BYTES] {
    let mut out = [0u8; FINGERPRINT_BYTES];
    // HMAC takes a key of any length, so this never fails.
    if let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(pepper.expose_secret().as_bytes()) {
        mac.update(FINGERPRINT_LABEL);
        let tag = mac.finalize().into_bytes();
        for (o, t) in out.iter_mut().zip(tag.iter()) {
            *o = *t;
        }
    }
    out
}

/// Whether a stored hash was made with a given pepper, as far as its `keyid` tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PepperCheck {
    /// The hash's fingerprint is this pepper's.
    Same,
    /// The hash was made with another pepper: its PIN can never verify under this one.
    Different,
    /// The hash carries no fingerprint (made before hashes recorded one).
    Unknown,
}

/// Compares the `keyid` of `phc` with `pepper`'s fingerprint. Malformed hashes are `Unknown`
/// (`check_phc` reports them).
pub fn pepper_check(phc: &str, pepper: &SecretString) -> PepperCheck {
    let Ok(hash) = PasswordHash::new(phc) else {
        return PepperCheck::Unknown;
    };
    let Ok(params) = Params::try_from(&hash) else {
        return PepperCheck::Unknown;
    };
    match params.keyid() {
        [] => PepperCheck::Unknown,
        id if id == pepper_fingerprint(pepper).as_slice() => PepperCheck::Same,
        _ => PepperCheck::Different,
    }
}

fn hasher(pepper: &SecretString, params: Params) -> Result<Argon2<'_>, PinError> {
    Argon2::new_with_secret(
        pepper.expose_secret().as_bytes(),
        Algorithm::Argon2id,
        Version::V0x13,
        params,
    )
    .map_err(PinError::Pepper)
}

/// The default argon2id cost with the pepper's fingerprint as `keyid`.
fn params_with_keyid(pepper: &SecretString) -> Result<Params, PinError> {
    let keyid = KeyId::new(&pepper_fingerprint(pepper)).map_err(PinError::Pepper)?;
    let d = Params::default();
    ParamsBuilder::new()
        .m_cost(d.m_cost())
        .t_cost(d.t_cost())
        .p_cost(d.p_cost())
        .keyid(keyid)
        .build()
        .map_err(PinError::Pepper)
}

/// Hashes a PIN into an argon2id PHC string with a fresh random salt.
pub fn hash_pin(pin: &str, pepper: &SecretString) -> Result<String, PinError> {
    validate_pin(pin)?;
    hash_unchecked(pin, pepper)
}

/// The hash without the shape rule: for tests that need a PIN from before the 6-digit rule.
#[doc(hidden)]
pub fn hash_unchecked(pin: &str, pepper: &SecretString) -> Result<String, PinError> {
    hasher(pepper, params_with_keyid(pepper)?)?
        .hash_password(pin.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| PinError::Hash(e.to_string()))
}

/// Checks that `phc` is a well-formed argon2id string.
pub fn check_phc(phc: &str) -> Result<(), PinError> {
    match argon2::PasswordHash::new(phc) {
        Ok(h) if h.algorithm.as_str() == "argon2id" => Ok(()),
        _ => Err(PinError::NotPhc),
    }
}

/// True when `pin` matches `phc` under `pepper`. Malformed hashes never match.
pub fn verify_pin(pin: &str, phc: &str, pepper: &SecretString) -> bool {
    // The cost and keyid come from `phc` itself; these params only build the hasher.
    match hasher(pepper, Params::default()) {
        Ok(h) => h.verify_password(pin.as_bytes(), phc).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pins_a_stranger_tries_first_are_refused() {
        for pin in [
            "111111",
            "000000",
            "123456",
            "654321",
            "890123",
            "0123456789",
            "999999999999",
        ] {
            assert!(
                matches!(validate_pin(pin), Err(PinError::Guessable)),
                "{pin}"
            );
        }
        for pin in ["246810", "583091", "480213", "771155", "135790", "112233"] {
            assert!(validate_pin(pin).is_ok(), "{pin}");
        }
    }

    #[test]
    fn hash_verifies_only_with_the_same_pin_and_pepper() {
        let pepper = SecretString::from("pepper-one");
        let phc = hash_pin("482193", &pepper).unwrap();
        assert!(phc.starts_with("$argon2id$"));
        check_phc(&phc).unwrap();
        assert!(verify_pin("482193", &phc, &pepper));
        assert!(!verify_pin("482194", &phc, &pepper));
        assert!(!verify_pin(
            "482193",
            &phc,
            &SecretString::from("pepper-two")
        ));
    }

    #[test]
    fn a_hash_records_its_peppers_fingerprint() {
        let pepper = SecretString::from("pepper-one-long-enough");
        let other = SecretString::from("pepper-two-long-enough");
        let phc = hash_pin("482193", &pepper).unwrap();
        assert!(phc.contains(",keyid="), "{phc}");
        assert_eq!(pepper_check(&phc, &pepper), PepperCheck::Same);
        assert_eq!(pepper_check(&phc, &other), PepperCheck::Different);
        // A hash from before keyids: verifies, but says nothing about its pepper.
        let old = "$argon2id$v=19$m=19456,t=2,p=1$SJ5l5vcVQ2Nkn3v/cWHQoA$sgn6xPN0AdfngYJ9GxccFV04jYzlzVJePKYWBpSXH0o";
        assert_eq!(pepper_check(old, &pepper), PepperCheck::Unknown);
        assert!(verify_pin(
            "246810",
            old,
            &SecretString::from(crate::config::DEMO_PIN_PEPPER)
        ));
    }

    #[test]
    fn weak_peppers_are_refused() {
        assert_eq!(check_pepper("x"), Err(WeakPepper::TooShort(1)));
        assert_eq!(
            check_pepper("0123456789abcde"),
            Err(WeakPepper::TooShort(15))
        );
        assert_eq!(
            check_pepper("abababababababababab"),
            Err(WeakPepper::LowVariety(2))
        );
        assert_eq!(check_pepper("0123456789abcdef"), Ok(()));
        assert_eq!(check_pepper(crate::config::DEMO_PIN_PEPPER), Ok(()));
    }

    #[test]
    fn rejects_bad_pins_and_hashes() {
        assert!(validate_pin("12a4").is_err());
        assert!(validate_pin("123").is_err());
        assert!(matches!(validate_pin("1234"), Err(PinError::TooShort(4))));
        assert!(matches!(validate_pin("12345"), Err(PinError::TooShort(5))));
        assert!(validate_pin("123457").is_ok());
        assert!(validate_pin("123456789013").is_ok());
        assert!(validate_pin("1234567890123").is_err());
        assert!(validate_pin("").is_err());
        assert!(check_phc("plaintext").is_err());
        assert!(check_phc("$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaA").is_err());
    }
}
