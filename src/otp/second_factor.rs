//! The optional knowledge factor checked after the code: date of birth, postcode or the last
//! four digits of the card on file, compared with the reservation's argon2id PHC string.
//!
//! The PMS hashes the normalised answer with plain argon2id (no pepper: the hash comes from the
//! PMS, which does not know the kiosk's PIN pepper). Normalisation, which the PMS must apply
//! before hashing (documented in docs/events.md):
//! - `date_of_birth`: `YYYY-MM-DD` (the kiosk also accepts `YYYYMMDD` and `DD/MM/YYYY`);
//! - `postcode`: upper-case, all whitespace removed (`sw1a 1aa` → `SW1A1AA`, `1000-001` stays);
//! - `card_last4`: exactly four ASCII digits (spaces ignored).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use zeroize::Zeroizing;

use crate::config::SecondFactor;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecondFactorError {
    #[error("enter the date of birth as year-month-day, e.g. 1984-07-31")]
    Date,
    #[error("enter the postcode (letters and digits)")]
    Postcode,
    #[error("enter the last four digits of the card")]
    CardLast4,
    #[error("no second factor is configured")]
    NotConfigured,
    #[error("hashing failed: {0}")]
    Hash(String),
}

/// The canonical form of an answer, or why it cannot be one.
pub fn normalise(kind: SecondFactor, answer: &str) -> Result<Zeroizing<String>, SecondFactorError> {
    let answer = answer.trim();
    match kind {
        SecondFactor::None => Err(SecondFactorError::NotConfigured),
        SecondFactor::DateOfBirth => {
            let digits: String = answer.chars().filter(char::is_ascii_digit).collect();
            let iso = if answer.contains('/') {
                // DD/MM/YYYY
                let parts: Vec<&str> = answer.split('/').map(str::trim).collect();
                match parts.as_slice() {
                    [d, m, y] if y.len() == 4 => format!("{y}-{m:0>2}-{d:0>2}"),
                    _ => return Err(SecondFactorError::Date),
                }
            } else if digits.len() == 8
                && digits.len() == answer.chars().filter(|c| *c != '-').count()
            {
                format!("{}-{}-{}", &digits[0..4], &digits[4..6], &digits[6..8])
            } else {
                return Err(SecondFactorError::Date);
            };
            let date: jiff::civil::Date = iso.parse().map_err(|_| SecondFactorError::Date)?;
            Ok(Zeroizing::new(date.to_string()))
        }
        SecondFactor::Postcode => {
            let p: String = answer
                .chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_uppercase)
                .collect();
            let ok = (2..=12).contains(&p.chars().count())
                && p.chars().all(|c| c.is_alphanumeric() || c == '-');
            if ok {
                Ok(Zeroizing::new(p))
            } else {
                Err(SecondFactorError::Postcode)
            }
        }
        SecondFactor::CardLast4 => {
            let d: String = answer.chars().filter(|c| !c.is_whitespace()).collect();
            if d.len() == 4 && d.chars().all(|c| c.is_ascii_digit()) {
                Ok(Zeroizing::new(d))
            } else {
                Err(SecondFactorError::CardLast4)
            }
        }
    }
}

/// The PHC string a PMS (or the demo data) stores for `answer`.
pub fn hash_answer(kind: SecondFactor, answer: &str) -> Result<String, SecondFactorError> {
    let canonical = normalise(kind, answer)?;
    Argon2::default()
        .hash_password(canonical.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| SecondFactorError::Hash(e.to_string()))
}

/// Whether `answer` matches `phc`. Malformed hashes never match.
pub fn matches(kind: SecondFactor, answer: &str, phc: &str) -> Result<bool, SecondFactorError> {
    let canonical = normalise(kind, answer)?;
    Ok(Argon2::default()
        .verify_password(canonical.as_bytes(), phc)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        use SecondFactor::*;
        let ok = [
            (DateOfBirth, "1984-07-31", "1984-07-31"),
            (DateOfBirth, "19840731", "1984-07-31"),
            (DateOfBirth, "31/07/1984", "1984-07-31"),
            (DateOfBirth, "1/7/1984", "1984-07-01"),
            (Postcode, "sw1a 1aa", "SW1A1AA"),
            (Postcode, " 1000-001 ", "1000-001"),
            (Postcode, "75 008", "75008"),
            (CardLast4, "4 2 4 2", "4242"),
            (CardLast4, "0042", "0042"),
        ];
        for (kind, typed, want) in ok {
            assert_eq!(normalise(kind, typed).unwrap().as_str(), want, "{typed}");
        }
        let bad = [
            (DateOfBirth, "1984-02-30"),
            (DateOfBirth, "84-07-31"),
            (DateOfBirth, "yesterday"),
            (Postcode, "!"),
            (CardLast4, "424"),
            (CardLast4, "42a2"),
            (None, "x"),
        ];
        for (kind, typed) in bad {
            assert!(normalise(kind, typed).is_err(), "{kind:?} {typed}");
        }
    }

    #[test]
    fn answers_match_their_hash_in_any_accepted_form() {
        let phc = hash_answer(SecondFactor::Postcode, "SW1A 1AA").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(matches(SecondFactor::Postcode, "sw1a1aa", &phc).unwrap());
        assert!(!matches(SecondFactor::Postcode, "SW1A1AB", &phc).unwrap());
        let dob = hash_answer(SecondFactor::DateOfBirth, "1984-07-31").unwrap();
        assert!(matches(SecondFactor::DateOfBirth, "31/07/1984", &dob).unwrap());
        assert!(!matches(SecondFactor::DateOfBirth, "1984-07-30", &dob).unwrap());
        assert!(!matches(SecondFactor::CardLast4, "1234", "not a phc").unwrap());
    }
}
