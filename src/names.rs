//! Search keys for names and confirmation numbers: what a guest types at a kiosk must find what
//! the PMS stored, whatever the case, accents, special letters, spaces or hyphens.

/// Normalises a personal name for lookup: transliterated to ASCII (ß → SS, Ø → O, ł → L,
/// æ → AE), upper-cased, and stripped of everything but letters and digits, so
/// "García-López", "GARCIA LOPEZ" and "garcialopez" share one key.
pub fn name_key(name: &str) -> String {
    deunicode::deunicode(name)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Normalises a confirmation number: upper-case ASCII letters and digits only, so "abc-123 "
/// and "ABC123" are the same booking.
pub fn confirmation_key(confirmation: &str) -> String {
    confirmation
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Control characters and the invisible formatting ones (zero-width, bidi embeddings and
/// overrides, isolates, the BOM): in a name or a hotel's name they make a text read
/// differently from what it holds.
pub fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{061C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{E0000}'..='\u{E007F}')
}

/// A confirmation number as logs and staff lists show it, its last three characters only
/// ("LK4821" → "•••821"): enough to tell bookings apart, not enough to look one up with an
/// overheard name. Logs outlive the kiosk's retention in the journal.
pub fn masked_confirmation(confirmation: &str) -> String {
    let chars: Vec<char> = confirmation.chars().collect();
    let tail: String = chars[chars.len().saturating_sub(3)..].iter().collect();
    format!("•••{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_across_case_accents_special_letters_and_spacing() {
        let cases = [
            ("García López", "GARCIA-LOPEZ"),
            ("Østergaard", "OSTERGAARD"),
            ("Straße", "STRASSE"),
            ("Łukasz Wróbel", "lukasz wrobel"),
            ("Ærøskøbing", "AEROSKOBING"),
            ("O'Connor", "oconnor"),
            ("  Müller  ", "MULLER"),
        ];
        for (stored, typed) in cases {
            assert_eq!(name_key(stored), name_key(typed), "{stored} vs {typed}");
            assert!(!name_key(stored).is_empty());
        }
        assert_ne!(name_key("Smith"), name_key("Smyth"));
    }

    #[test]
    fn confirmation_ignores_case_spaces_and_hyphens() {
        assert_eq!(confirmation_key(" abc-123 "), "ABC123");
        assert_eq!(confirmation_key("ABC123"), "ABC123");
    }
}
