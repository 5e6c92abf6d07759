//! Staff PIN hashing: argon2id with a pepper (`Argon2::new_with_secret`), because a 6–12 digit
//! PIN alone is brute-forced offline in seconds from a stolen config file.

use argon2::{Algorithm, Argon2, Params, PasswordHasher, PasswordVerifier, Version};
use secrecy::{ExposeSecret, SecretString};

/// The fewest digits a new staff PIN may have. Ten guesses a lock period at the lobby pad find
/// a 4-digit PIN within weeks; a 6-digit one holds out for decades.
pub const PIN_MIN_DIGITS: usize = 6;
/// The most digits the pad takes.
pub const PIN_MAX_DIGITS: usize = 12;

#[derive(Debug, thiserror::Error)]
pub enum PinError {
    #[error("a staff PIN must be 6 to 12 digits (0-9 only)")]
    Format,
    #[error(
        "a staff PIN needs at least 6 digits ({0} given): a shorter one is guessed at the lobby pad; choose 6 to 12 digits"
    )]
    TooShort(usize),
    #[error(
        "the PIN pepper is unusable ({0}); set [security] pin_pepper_env or pin_pepper_file to a value of at most 32 bytes"
    )]
    Pepper(argon2::Error),
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
    } else {
        Ok(())
    }
}

fn hasher(pepper: &SecretString) -> Result<Argon2<'_>, PinError> {
    Argon2::new_with_secret(
        pepper.expose_secret().as_bytes(),
        Algorithm::Argon2id,
        Version::V0x13,
        Params::default(),
    )
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
    hasher(pepper)?
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
    match hasher(pepper) {
        Ok(h) => h.verify_password(pin.as_bytes(), phc).is_ok(),
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn rejects_bad_pins_and_hashes() {
        assert!(validate_pin("12a4").is_err());
        assert!(validate_pin("123").is_err());
        assert!(matches!(validate_pin("1234"), Err(PinError::TooShort(4))));
        assert!(matches!(validate_pin("12345"), Err(PinError::TooShort(5))));
        assert!(validate_pin("123456").is_ok());
        assert!(validate_pin("123456789012").is_ok());
        assert!(validate_pin("1234567890123").is_err());
        assert!(validate_pin("").is_err());
        assert!(check_phc("plaintext").is_err());
        assert!(check_phc("$argon2i$v=19$m=16,t=2,p=1$c2FsdHNhbHQ$aGFzaA").is_err());
    }
}
