//! A guest's name as the kiosk shows it: never with a character the bundled fonts cannot draw
//! (a box where a guest's name should be reads as a broken kiosk, or as carelessness).
//!
//! 1. Variant kanji the fonts lack become their everyday form (髙橋 → 高橋, [`fonts::standard_form`]),
//!    as Japanese print does.
//! 2. Letters of scripts no bundled font has (Hangul, Thai, Arabic, …) are romanised
//!    (김민준 → Gimminjun); symbols such as emoji are left out.
//! 3. A Han character still undrawable has no romanisation that is right for every reader (the
//!    Mandarin reading of a Japanese name is wrong), so a guest sees no name at all: the
//!    screens greet without one (an empty string). Staff, who need the name to tell bookings
//!    apart, see 〓 in its place, the Japanese printer's mark for a character the type lacks.

use crate::fonts;

/// The name a guest screen may show; empty when it cannot be shown (the screen then greets
/// without a name, as it does for a booking without one).
pub fn shown(name: &str) -> String {
    render(name, Han::Hide)
}

/// The name as staff screens show it: like [`shown`], but a Han character no font draws
/// becomes 〓 rather than hiding the whole name.
pub fn for_staff(name: &str) -> String {
    render(name, Han::Geta)
}

/// What to do with a Han character that is still undrawable after step 1.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Han {
    Hide,
    Geta,
}

/// The geta mark (JIS X 0208 row 2): stands for a character the typeface lacks.
const GETA: char = '\u{3013}';

fn render(name: &str, han: Han) -> String {
    let name: String = name
        .trim()
        .chars()
        // A bidi override or a control character would make the kiosk's own words around the
        // name (or the booking number beside it) read differently; imports refuse them, this
        // covers names stored before.
        .filter(|&c| !crate::names::invisible(c))
        .map(|c| match fonts::standard_form(c) {
            Some(standard) if !fonts::drawable(c) => standard,
            _ => c,
        })
        .collect();
    if fonts::undrawable(&name).next().is_none() {
        return name;
    }
    let mut out = String::new();
    let mut run = String::new();
    for c in name.chars() {
        if fonts::drawable(c) {
            push_romanised(&mut out, &mut run);
            out.push(c);
        } else if is_han(c) {
            if han == Han::Hide {
                return String::new();
            }
            push_romanised(&mut out, &mut run);
            out.push(GETA);
        } else if c.is_alphabetic() {
            run.push(c);
        }
        // Anything else undrawable (emoji, symbols) is no part of a name to read out.
    }
    push_romanised(&mut out, &mut run);
    let words: Vec<&str> = out.split_whitespace().collect();
    let out = words.join(" ");
    if out.chars().any(char::is_alphanumeric) || out.contains(GETA) {
        out
    } else {
        String::new()
    }
}

/// Appends the romanisation of `run` (letters of one unbundled script), capitalised as a name.
fn push_romanised(out: &mut String, run: &mut String) {
    if run.is_empty() {
        return;
    }
    let latin = deunicode::deunicode(run);
    let mut chars = latin.trim().chars();
    if let Some(first) = chars.next() {
        let starts_word = out.chars().next_back().is_none_or(char::is_whitespace);
        if starts_word {
            out.extend(first.to_uppercase());
        } else {
            out.push(first);
        }
        out.extend(chars);
    }
    run.clear();
}

/// Han ideographs (CJK Unified and its extensions, compatibility ideographs, radicals).
fn is_han(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{2FDF}'
        | '\u{3005}'..='\u{3007}'
        | '\u{3021}'..='\u{3029}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{323AF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bidi_overrides_and_control_characters_never_reach_a_screen() {
        assert_eq!(shown("\u{202E}OLLEH"), "OLLEH");
        assert_eq!(for_staff("Ana\u{202E}\u{2066}\n"), "Ana");
    }

    #[test]
    fn variant_kanji_become_their_everyday_form() {
        assert_eq!(shown("髙橋"), "高橋");
        assert_eq!(shown("山\u{FA11}"), "山崎");
        assert_eq!(shown("\u{20BB7}田"), "吉田");
        assert_eq!(for_staff("髙橋"), "高橋");
        // A name the fonts draw is left exactly as the PMS wrote it.
        for name in [
            "高橋",
            "García López",
            "Søren",
            "Ζωή",
            "Жанна",
            "张伟",
            "さくら",
        ] {
            assert_eq!(shown(name), name);
        }
    }

    #[test]
    fn a_kanji_with_no_drawable_form_hides_the_name_from_guests_only() {
        // U+2A6A5 (CJK Extension B): in no bundled font, and not in the variant table.
        let name = "\u{2A6A5}子";
        assert!(fonts::undrawable(name).next().is_some());
        assert_eq!(shown(name), "", "the guest is greeted without a name");
        assert_eq!(for_staff(name), "〓子");
        assert!(fonts::undrawable(&for_staff(name)).next().is_none());
    }

    #[test]
    fn other_scripts_are_romanised_and_symbols_dropped() {
        assert_eq!(shown("김민준"), "Gimminjun");
        assert_eq!(shown("Minjun 김"), "Minjun Gim");
        assert_eq!(shown("Ana 😀"), "Ana");
        assert_eq!(shown("😀"), "");
        for name in ["김민준", "สมชาย", "محمد", "Ana 😀"] {
            let s = shown(name);
            assert!(!s.is_empty(), "{name}");
            assert!(fonts::undrawable(&s).next().is_none(), "{name} → {s}");
        }
    }
}
