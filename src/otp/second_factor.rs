//! The optional knowledge factor checked after the code: date of birth, postcode or the last
//! four digits of the card on file, compared with the reservation's argon2id PHC string.
//!
//! The PMS hashes the normalised answer with plain argon2id (no pepper: the hash comes from the
//! PMS, which does not know the kiosk's PIN pepper). Normalisation, which the PMS must apply
//! before hashing (documented in docs/events.md):
//! - `date_of_birth`: `YYYY-MM-DD`. The guest types 8 digits in the property's order
//!   ([`DateOrder`], `[otp] date_of_birth_order`, by default from `[kiosk] country`): the screen
//!   shows that order with an example, and the kiosk reads the digits the same way;
//! - `postcode`: upper-case, all whitespace removed (`sw1a 1aa` → `SW1A1AA`, `1000-001` stays);
//! - `card_last4`: exactly four ASCII digits (spaces ignored).

use argon2::{Argon2, PasswordHasher, PasswordVerifier};
use zeroize::Zeroizing;

use crate::config::SecondFactor;

/// The order in which a guest types the 8 digits of a date of birth: the property's local
/// convention, so the digits read the way the guest writes the date on a form there. The store
/// keeps `YYYY-MM-DD` whatever the order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// Day, month, year: `23041985` (most of the world).
    #[default]
    Dmy,
    /// Month, day, year: `04231985` (the United States and a few others).
    Mdy,
    /// Year, month, day: `19850423` (Japan, China, Korea, Hungary, Sweden …).
    Ymd,
}

impl DateOrder {
    pub const NAMES: [&'static str; 3] = ["dmy", "mdy", "ymd"];

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "dmy" => Self::Dmy,
            "mdy" => Self::Mdy,
            "ymd" => Self::Ymd,
            _ => return None,
        })
    }

    /// The name in kiosk.toml, and the selector value the screen texts use.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dmy => "dmy",
            Self::Mdy => "mdy",
            Self::Ymd => "ymd",
        }
    }

    /// The usual numeric date order in `country` (ISO 3166 alpha-2, any case), after the
    /// countries' short date formats: year first in East Asia, Hungary, Lithuania, Sweden,
    /// Canada, South Africa and Iran; month first in the United States, its territories and the
    /// Philippines; day first everywhere else.
    pub fn for_country(country: &str) -> Self {
        const YMD: [&str; 12] = [
            "JP", "CN", "KR", "KP", "TW", "MN", "HU", "LT", "SE", "CA", "ZA", "IR",
        ];
        const MDY: [&str; 11] = [
            "US", "PR", "GU", "AS", "VI", "MP", "UM", "PH", "FM", "MH", "PW",
        ];
        let c = country.trim().to_ascii_uppercase();
        if YMD.contains(&c.as_str()) {
            Self::Ymd
        } else if MDY.contains(&c.as_str()) {
            Self::Mdy
        } else {
            Self::Dmy
        }
    }

    /// `date` as the guest types it in this order: 23 April 1985 → `23041985` (DMY).
    pub fn digits(self, date: jiff::civil::Date) -> String {
        let (y, m, d) = (date.year(), date.month(), date.day());
        match self {
            Self::Dmy => format!("{d:02}{m:02}{y:04}"),
            Self::Mdy => format!("{m:02}{d:02}{y:04}"),
            Self::Ymd => format!("{y:04}{m:02}{d:02}"),
        }
    }

    /// (year, month, day) out of three parts written in this order.
    fn ymd(self, [a, b, c]: [&str; 3]) -> (&str, &str, &str) {
        match self {
            Self::Dmy => (c, b, a),
            Self::Mdy => (c, a, b),
            Self::Ymd => (a, b, c),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SecondFactorError {
    #[error("enter the date of birth as 8 digits in the order the screen shows, or as YYYY-MM-DD")]
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

/// The canonical form of an answer, or why it cannot be one. A date of birth is 8 digits in
/// `order`, or three groups split by `-`, `/`, `.` or spaces: in `order`, unless the first group
/// has four digits (`1984-07-31` is a year first in any order).
pub fn normalise(
    kind: SecondFactor,
    order: DateOrder,
    answer: &str,
) -> Result<Zeroizing<String>, SecondFactorError> {
    let answer = answer.trim();
    match kind {
        SecondFactor::None => Err(SecondFactorError::NotConfigured),
        SecondFactor::DateOfBirth => {
            let parts: Vec<&str> = answer
                .split(['-', '/', '.', ' '])
                .filter(|p| !p.is_empty())
                .collect();
            let all_digits = |p: &&str| p.chars().all(|c| c.is_ascii_digit());
            if !parts.iter().all(all_digits) {
                return Err(SecondFactorError::Date);
            }
            let (y, m, d) = match parts.as_slice() {
                [one] if one.len() == 8 => match order {
                    DateOrder::Ymd => (&one[0..4], &one[4..6], &one[6..8]),
                    _ => order.ymd([&one[0..2], &one[2..4], &one[4..8]]),
                },
                [a, b, c] if a.len() == 4 => (*a, *b, *c),
                [a, b, c] => order.ymd([a, b, c]),
                _ => return Err(SecondFactorError::Date),
            };
            if y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
                return Err(SecondFactorError::Date);
            }
            let iso = format!("{y}-{m:0>2}-{d:0>2}");
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

/// The PHC string a PMS (or the demo data) stores for `answer`. A date is read year first
/// (`1984-07-31` or `19840731`), the form the PMS exports, whatever the property's order.
pub fn hash_answer(kind: SecondFactor, answer: &str) -> Result<String, SecondFactorError> {
    let canonical = normalise(kind, DateOrder::Ymd, answer)?;
    Argon2::default()
        .hash_password(canonical.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| SecondFactorError::Hash(e.to_string()))
}

/// Whether `answer` (a date typed in `order`) matches `phc`. Malformed hashes never match.
pub fn matches(
    kind: SecondFactor,
    order: DateOrder,
    answer: &str,
    phc: &str,
) -> Result<bool, SecondFactorError> {
    let canonical = normalise(kind, order, answer)?;
    Ok(Argon2::default()
        .verify_password(canonical.as_bytes(), phc)
        .is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation_table() {
        use DateOrder::*;
        use SecondFactor::*;
        let ok = [
            (DateOfBirth, Dmy, "1984-07-31", "1984-07-31"),
            (DateOfBirth, Mdy, "1984-07-31", "1984-07-31"),
            (DateOfBirth, Ymd, "19840731", "1984-07-31"),
            (DateOfBirth, Dmy, "31071984", "1984-07-31"),
            (DateOfBirth, Mdy, "07311984", "1984-07-31"),
            (DateOfBirth, Dmy, "31/07/1984", "1984-07-31"),
            (DateOfBirth, Dmy, "1/7/1984", "1984-07-01"),
            (DateOfBirth, Mdy, "7/31/1984", "1984-07-31"),
            (DateOfBirth, Dmy, "31.07.1984", "1984-07-31"),
            (DateOfBirth, Ymd, "1984/07/31", "1984-07-31"),
            (Postcode, Dmy, "sw1a 1aa", "SW1A1AA"),
            (Postcode, Dmy, " 1000-001 ", "1000-001"),
            (Postcode, Dmy, "75 008", "75008"),
            (CardLast4, Dmy, "4 2 4 2", "4242"),
            (CardLast4, Dmy, "0042", "0042"),
        ];
        for (kind, order, typed, want) in ok {
            assert_eq!(
                normalise(kind, order, typed).unwrap().as_str(),
                want,
                "{order:?} {typed}"
            );
        }
        let bad = [
            (DateOfBirth, Dmy, "1984-02-30"),
            (DateOfBirth, Dmy, "84-07-31"),
            (DateOfBirth, Ymd, "31-07-1984"),
            (DateOfBirth, Dmy, "yesterday"),
            // The parent commit read 8 digits year first whatever the hint said.
            (DateOfBirth, Dmy, "19840731"),
            (DateOfBirth, Mdy, "31071984"),
            (DateOfBirth, Dmy, "3107198"),
            (DateOfBirth, Dmy, "31-07-1984x"),
            (Postcode, Dmy, "!"),
            (CardLast4, Dmy, "424"),
            (CardLast4, Dmy, "42a2"),
            (None, Dmy, "x"),
        ];
        for (kind, order, typed) in bad {
            assert!(
                normalise(kind, order, typed).is_err(),
                "{kind:?} {order:?} {typed}"
            );
        }
    }

    #[test]
    fn the_digits_the_hint_shows_read_back_as_the_same_date() {
        let example = jiff::civil::Date::constant(1985, 4, 23);
        for (order, want) in [
            (DateOrder::Dmy, "23041985"),
            (DateOrder::Mdy, "04231985"),
            (DateOrder::Ymd, "19850423"),
        ] {
            let typed = order.digits(example);
            assert_eq!(typed, want);
            let read = normalise(SecondFactor::DateOfBirth, order, &typed).unwrap();
            assert_eq!(read.as_str(), "1985-04-23", "{order:?}");
            assert_eq!(DateOrder::parse(order.as_str()), Some(order));
        }
        assert_eq!(DateOrder::parse("DMY"), None);
    }

    #[test]
    fn the_order_follows_the_property_country() {
        for (country, want) in [
            ("PT", DateOrder::Dmy),
            ("gb", DateOrder::Dmy),
            ("DE", DateOrder::Dmy),
            ("FR", DateOrder::Dmy),
            ("US", DateOrder::Mdy),
            ("JP", DateOrder::Ymd),
            ("CN", DateOrder::Ymd),
            ("KR", DateOrder::Ymd),
            ("HU", DateOrder::Ymd),
        ] {
            assert_eq!(DateOrder::for_country(country), want, "{country}");
        }
    }

    #[test]
    fn answers_match_their_hash_in_any_accepted_form() {
        let dmy = DateOrder::Dmy;
        let phc = hash_answer(SecondFactor::Postcode, "SW1A 1AA").unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(matches(SecondFactor::Postcode, dmy, "sw1a1aa", &phc).unwrap());
        assert!(!matches(SecondFactor::Postcode, dmy, "SW1A1AB", &phc).unwrap());
        let dob = hash_answer(SecondFactor::DateOfBirth, "1984-07-31").unwrap();
        assert!(matches(SecondFactor::DateOfBirth, dmy, "31/07/1984", &dob).unwrap());
        assert!(matches(SecondFactor::DateOfBirth, dmy, "31071984", &dob).unwrap());
        let mdy = DateOrder::Mdy;
        assert!(matches(SecondFactor::DateOfBirth, mdy, "07311984", &dob).unwrap());
        assert!(!matches(SecondFactor::DateOfBirth, dmy, "1984-07-30", &dob).unwrap());
        assert!(!matches(SecondFactor::CardLast4, dmy, "1234", "not a phc").unwrap());
    }
}
