//! Phone numbers: parsing any written form into E.164 with the hotel's country as the default
//! region, deciding whether a number can take an SMS, and masking it for screens and logs.

use std::fmt;

use phonenumber::{Mode, Type};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    // The raw value stays out of the message: it may be a real number and messages reach logs.
    #[error("is not a phone number (write it with its country code, e.g. +44 7400 123456)")]
    Unparsable,
    #[error("the number is not valid for its country")]
    Invalid,
    #[error("the default region \"{0}\" is not a country code")]
    Region(String),
}

/// Why a number cannot receive an SMS code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotSmsCapable {
    /// Fixed-line, premium-rate, toll-free, shared-cost, pager, UAN, voicemail or unknown.
    WrongLineType,
    /// Outside `[otp] allowed_countries`.
    CountryNotAllowed,
}

/// A valid number in E.164 form. `Display` and `Debug` show only the masked form so that a
/// careless `{}` in a log line cannot leak it; [`Phone::e164`] is the deliberate way out.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Phone {
    e164: String,
    region: Option<String>,
    line_type: Type,
}

/// Compiled phone-number patterns the kiosk keeps. phonenumber keeps up to 100 (about 20 MB
/// of regex automata once a few dozen countries were seen, e.g. by the demo guests). One
/// country's numbers need fewer than 12, so a kiosk seeing mostly one country parses in
/// microseconds; a run of different countries costs a few milliseconds a number, as it does
/// with the library's 100 (`cargo bench --bench phone_parse`).
pub const KIOSK_PATTERN_CACHE: usize = 12;

/// Bounds phonenumber's shared pattern cache to `capacity` compiled patterns, dropping those it
/// holds. `kiosk run` calls it at start-up; bulk imports keep the library's larger default.
pub fn bound_pattern_cache(capacity: usize) {
    let cache = phonenumber::metadata::DATABASE.cache();
    let mut guard = cache.lock().unwrap_or_else(|e| e.into_inner());
    *guard = regex_cache::RegexCache::new(capacity);
}

impl Phone {
    /// Parses `raw` (national or international, any punctuation) with `default_region` (ISO
    /// 3166 alpha-2) for national forms.
    pub fn parse(raw: &str, default_region: &str) -> Result<Phone, PhoneError> {
        let region: phonenumber::country::Id = default_region
            .parse()
            .map_err(|_| PhoneError::Region(default_region.to_owned()))?;
        let number =
            phonenumber::parse(Some(region), raw.trim()).map_err(|_| PhoneError::Unparsable)?;
        if !number.is_valid() {
            return Err(PhoneError::Invalid);
        }
        let e164 = number.format().mode(Mode::E164).to_string();
        Ok(Phone {
            e164,
            region: number.country().id().map(|id| format!("{id:?}")),
            line_type: number.number_type(&phonenumber::metadata::DATABASE),
        })
    }

    /// The full number, for the SMS gateway and the store only.
    pub fn e164(&self) -> &str {
        &self.e164
    }

    /// ISO 3166 alpha-2 region of the number, when the metadata knows it.
    pub fn region(&self) -> Option<&str> {
        self.region.as_deref()
    }

    /// Whether an SMS code may be sent to this number. `FixedLineOrMobile` (all US/CA numbers)
    /// is accepted, because the metadata cannot tell those apart.
    pub fn sms_capability(&self, allowed_countries: &[String]) -> Result<(), NotSmsCapable> {
        if !allowed_countries.is_empty()
            && !self
                .region
                .as_ref()
                .is_some_and(|r| allowed_countries.iter().any(|a| a.eq_ignore_ascii_case(r)))
        {
            return Err(NotSmsCapable::CountryNotAllowed);
        }
        // Not `PersonalNumber`: the UK's 070 "personal numbers" look like mobiles to a guest
        // but are revenue-share ranges, a classic SMS toll-fraud target.
        match self.line_type {
            Type::Mobile | Type::FixedLineOrMobile => Ok(()),
            _ => Err(NotSmsCapable::WrongLineType),
        }
    }

    /// What a guest or a log may see: `+44 ••• ••• •958`.
    pub fn masked(&self) -> String {
        mask_e164(&self.e164)
    }
}

impl fmt::Debug for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Phone({})", self.masked())
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// Masks an E.164 number the one way screens, logs, the journal and staff see it: the country
/// code, then the national digits as bullets in groups of three, of which only the last three
/// show (`+351 ••• ••• 678`, `+44 ••• ••• •958`). Anything that is not E.164 with a known
/// country code becomes `•••`, so a malformed value never leaks its digits.
pub fn mask_e164(e164: &str) -> String {
    let Some(digits) = e164.strip_prefix('+') else {
        return "•••".to_owned();
    };
    if !digits.chars().all(|c| c.is_ascii_digit()) {
        return "•••".to_owned();
    }
    let Some(cc_len) = calling_code_len(digits) else {
        return "•••".to_owned();
    };
    let (cc, national) = digits.split_at(cc_len);
    let national: Vec<char> = national.chars().collect();
    // Fewer than four national digits would show all of them.
    if national.len() < 4 {
        return "•••".to_owned();
    }
    let shown_from = national.len() - 3;
    let masked: Vec<char> = national
        .iter()
        .enumerate()
        .map(|(i, c)| if i < shown_from { '•' } else { *c })
        .collect();
    let mut groups: Vec<String> = masked.chunks(3).map(|c| c.iter().collect()).collect();
    if groups.len() > 1 && groups.last().is_some_and(|g| g.chars().count() == 1) {
        let last = groups.pop().unwrap_or_default();
        if let Some(prev) = groups.last_mut() {
            prev.push_str(&last);
        }
    }
    format!("+{cc} {}", groups.join(" "))
}

/// The length of the country calling code `digits` start with. Calling codes form a prefix
/// code (ITU-T E.164), so the shortest known prefix is the code; the lookup is phonenumber's
/// metadata table, no pattern compiling.
fn calling_code_len(digits: &str) -> Option<usize> {
    (1..=3).find(|&n| {
        digits
            .get(..n)
            .and_then(|prefix| prefix.parse::<u16>().ok())
            .is_some_and(|code| phonenumber::metadata::DATABASE.by_code(&code).is_some())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn national_and_international_forms_become_e164() {
        let uk = Phone::parse("07400 123958", "GB").unwrap();
        assert_eq!(uk.e164(), "+447400123958");
        assert_eq!(
            Phone::parse("+44 7400 123958", "PT").unwrap().e164(),
            "+447400123958"
        );
        assert_eq!(
            Phone::parse("912 345 678", "PT").unwrap().e164(),
            "+351912345678"
        );
        assert_eq!(uk.region(), Some("GB"));
    }

    #[test]
    fn masks_show_country_code_and_last_three_digits() {
        let uk = Phone::parse("+447400123958", "GB").unwrap();
        assert_eq!(uk.masked(), "+44 ••• ••• •958");
        assert_eq!(format!("{uk}"), "+44 ••• ••• •958");
        assert!(!format!("{uk:?}").contains("7400123958"));
        let pt = Phone::parse("+351912345678", "PT").unwrap();
        assert_eq!(pt.masked(), "+351 ••• ••• 678");
    }

    #[test]
    fn a_stored_number_masks_exactly_as_its_parsed_phone_does() {
        // One format everywhere: logs and the journal mask stored strings, screens parsed
        // phones; a one-, two- and three-digit country code each.
        for (e164, region) in [
            ("+447400123958", "GB"),
            ("+351912345678", "PT"),
            ("+12025550143", "US"),
            ("+819012345831", "JP"),
            ("+4915123456835", "DE"),
            ("+34612345601", "ES"),
        ] {
            let parsed = Phone::parse(e164, region).unwrap();
            assert_eq!(mask_e164(e164), parsed.masked(), "{e164}");
        }
        assert_eq!(mask_e164("+351912345678"), "+351 ••• ••• 678");
    }

    #[test]
    fn what_is_not_e164_is_masked_whole() {
        for raw in [
            "",
            "+",
            "912345678",
            "+44 7400 123958",
            "+999123456789",
            "+44123",
        ] {
            assert_eq!(mask_e164(raw), "•••", "{raw:?}");
        }
    }

    #[test]
    fn sms_capability_by_line_type_and_country() {
        let mobile = Phone::parse("+447400123958", "GB").unwrap();
        assert_eq!(mobile.sms_capability(&[]), Ok(()));
        assert_eq!(
            mobile.sms_capability(&["PT".into()]),
            Err(NotSmsCapable::CountryNotAllowed)
        );
        let landline = Phone::parse("+442079460000", "GB").unwrap();
        assert_eq!(
            landline.sms_capability(&[]),
            Err(NotSmsCapable::WrongLineType)
        );
        // A UK 070 personal number is a revenue-share range, not a phone: no SMS.
        let personal = Phone::parse("+447012345678", "GB").unwrap();
        assert_eq!(
            personal.sms_capability(&["GB".into()]),
            Err(NotSmsCapable::WrongLineType)
        );
        let us = Phone::parse("+12025550143", "US");
        if let Ok(us) = us {
            assert_eq!(
                us.sms_capability(&[]),
                Ok(()),
                "US numbers are FixedLineOrMobile"
            );
        }
    }

    #[test]
    fn garbage_is_rejected() {
        assert!(Phone::parse("12", "PT").is_err());
        assert!(Phone::parse("not a number", "PT").is_err());
        assert!(Phone::parse("912345678", "XX").is_err());
    }
}
