//! The fonts the kiosk bundles (`assets/fonts`, made by `scripts/subset-fonts`) and which
//! characters they can draw: a character none of them maps is a box on screen, so check-config
//! refuses such text and guest names are shown in a form the fonts can draw (`guest_name`).
//! Read from the fonts' own character maps, so the answer cannot drift from the files.

use std::sync::LazyLock;

use ttf_parser::{RawFace, Tag, cmap};

// Statics, not consts: one copy of each file in the binary, however many places use it.
pub static SANS: &[u8] = include_bytes!("../assets/fonts/NotoSans-Regular.ttf");
pub static SANS_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSans-Bold.ttf");
pub static JP: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKjp-Regular-subset.otf");
pub static JP_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKjp-Bold-subset.otf");
pub static SC: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Regular-subset.otf");
pub static SC_BOLD: &[u8] = include_bytes!("../assets/fonts/NotoSansCJKsc-Bold-subset.otf");

pub static ALL: [&[u8]; 6] = [SANS, SANS_BOLD, JP, JP_BOLD, SC, SC_BOLD];

/// The character maps of [`ALL`], parsed once.
static CMAPS: LazyLock<Vec<cmap::Table<'static>>> =
    LazyLock::new(|| ALL.iter().filter_map(|font| cmap_of(font)).collect());

/// The character map of one font file (`None` if the file is not a font).
pub fn cmap_of(font: &[u8]) -> Option<cmap::Table<'_>> {
    let face = RawFace::parse(font, 0).ok()?;
    cmap::Table::parse(face.table(Tag::from_bytes(b"cmap"))?)
}

/// Whether `cmap` maps `c` to a real glyph (glyph 0 is the box).
pub fn maps(cmap: &cmap::Table<'_>, c: char) -> bool {
    cmap.subtables
        .into_iter()
        .filter(|s| s.is_unicode())
        .any(|s| s.glyph_index(u32::from(c)).is_some_and(|g| g.0 != 0))
}

/// Whether some bundled font draws `c`. Text falls back across every loaded font, so one is
/// enough (a Chinese name on a Japanese screen is drawn by the Chinese font). Characters that
/// are never drawn (line breaks, joiners, variation selectors) count as drawable.
pub fn drawable(c: char) -> bool {
    invisible(c) || CMAPS.iter().any(|cmap| maps(cmap, c))
}

/// The characters of `text` no bundled font draws, with their byte offsets.
pub fn undrawable(text: &str) -> impl Iterator<Item = (usize, char)> + '_ {
    text.char_indices().filter(|&(_, c)| !drawable(c))
}

/// Format and default-ignorable characters: shaping hides them, no glyph needed.
fn invisible(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{E0100}'..='\u{E01EF}')
}

/// The everyday form of a variant kanji that Japanese names (and registers) keep but JIS X 0208,
/// and so the bundled Japanese font, lacks: 髙橋 is written 高橋 wherever 髙 cannot be printed.
/// Also the CJK compatibility ideographs a PMS may store for the unified ones.
pub fn standard_form(c: char) -> Option<char> {
    STANDARD_FORMS
        .iter()
        .find(|(variant, _)| *variant == c)
        .map(|&(_, standard)| standard)
}

/// (variant, JIS X 0208 form). Escapes, because editors and tools normalise some of these.
const STANDARD_FORMS: [(char, char); 27] = [
    ('\u{9AD9}', '\u{9AD8}'),  // 髙 → 高 (hashigo-daka)
    ('\u{FA11}', '\u{5D0E}'),  // 﨑 → 崎 (tatsu-saki)
    ('\u{20BB7}', '\u{5409}'), // 𠮷 → 吉 (tsuchi-yoshi)
    ('\u{6FF5}', '\u{6D5C}'),  // 濵 → 浜
    ('\u{6801}', '\u{67F3}'),  // 栁 → 柳
    ('\u{FA14}', '\u{6B05}'),  // 﨔 → 欅
    ('\u{2123D}', '\u{571F}'), // 𡈽 → 土
    ('\u{69D7}', '\u{6A4B}'),  // 槗 → 橋
    ('\u{2363A}', '\u{6A4B}'), // 𣘺 → 橋
    ('\u{663B}', '\u{6602}'),  // 昻 → 昂
    ('\u{7028}', '\u{702C}'),  // 瀨 → 瀬
    ('\u{6852}', '\u{6851}'),  // 桒 → 桑
    ('\u{9DD7}', '\u{9D0E}'),  // 鷗 → 鴎
    ('\u{66FB}', '\u{6607}'),  // 曻 → 昇
    ('\u{6DF8}', '\u{6E05}'),  // 淸 → 清
    ('\u{9115}', '\u{90F7}'),  // 鄕 → 郷
    ('\u{FA10}', '\u{585A}'),  // compatibility 塚
    ('\u{F9DC}', '\u{9686}'),  // compatibility 隆
    ('\u{FA12}', '\u{6674}'),  // compatibility 晴
    ('\u{FA19}', '\u{795E}'),  // compatibility 神
    ('\u{FA1B}', '\u{798F}'),  // compatibility 福
    ('\u{FA1C}', '\u{9756}'),  // compatibility 靖
    ('\u{FA26}', '\u{90FD}'),  // compatibility 都
    ('\u{FA4A}', '\u{7422}'),  // compatibility 琢
    ('\u{FA4F}', '\u{7950}'),  // compatibility 祐
    ('\u{FA53}', '\u{798E}'),  // compatibility 禎
    ('\u{FA67}', '\u{9038}'),  // compatibility 逸
];

#[cfg(test)]
mod tests {
    use super::*;

    fn repertoire(file: &str) -> Vec<char> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/fonts")
            .join(file);
        std::fs::read_to_string(path)
            .unwrap()
            .trim_end()
            .chars()
            .collect()
    }

    /// Every character of a national set but `except`, in the regular and the bold font of
    /// its language.
    fn assert_covers(set: &[char], regular: &[u8], bold: &[u8], except: &str, what: &str) {
        for (font, weight) in [(regular, "regular"), (bold, "bold")] {
            let cmap = cmap_of(font).unwrap();
            let missing: String = set.iter().filter(|&&c| !maps(&cmap, c)).collect();
            assert!(
                missing == except,
                "the {weight} font lacks {} characters of {what}, e.g. {:?}",
                missing.chars().count(),
                missing.chars().take(10).collect::<String>()
            );
        }
    }

    #[test]
    fn the_fonts_draw_all_of_jis_x_0208_and_gb_2312() {
        let jis = repertoire("jisx0208.txt");
        let gb = repertoire("gb2312.txt");
        // The sets as the standards define them (scripts/subset-fonts writes them from
        // Python's codecs): 6879 = 524 non-kanji + 6355 kanji; 7445 = 682 symbols + 6763 hanzi.
        assert_eq!(jis.len(), 6879);
        assert_eq!(gb.len(), 7445);
        // First and last kanji of each level, first and last hanzi of each level.
        for c in ['亜', '腕', '弌', '熙', 'ぁ', 'ヶ', '〓'] {
            assert!(jis.contains(&c), "{c} is JIS X 0208");
        }
        for c in ['啊', '座', '亍', '齄', '张', '们'] {
            assert!(gb.contains(&c), "{c} is GB 2312");
        }
        // Noto Sans CJK has no ≒ (U+2252, "approximately equal", row 2 of JIS X 0208), nor has
        // Noto Sans: a maths sign, in no name; check-config refuses it like any other.
        assert_covers(&jis, JP, JP_BOLD, "\u{2252}", "JIS X 0208");
        assert_covers(&gb, SC, SC_BOLD, "", "GB 2312");
        let undrawn: String = jis.iter().chain(&gb).filter(|&&c| !drawable(c)).collect();
        assert_eq!(undrawn, "\u{2252}");
    }

    #[test]
    fn every_bundled_file_is_a_font_with_a_character_map() {
        assert_eq!(CMAPS.len(), ALL.len());
        for c in ['A', 'ß', 'Ж', 'Ω', '•', '€'] {
            assert!(maps(&cmap_of(SANS).unwrap(), c), "{c}");
            assert!(maps(&cmap_of(SANS_BOLD).unwrap(), c), "{c}");
        }
    }

    #[test]
    fn every_shipped_translation_is_drawable() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/i18n");
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let missing: Vec<char> = undrawable(&text).map(|(_, c)| c).collect();
            assert!(missing.is_empty(), "{}: {missing:?}", path.display());
        }
    }

    #[test]
    fn what_no_bundled_font_draws() {
        // Outside JIS X 0208 and GB 2312, and no Korean, Thai or Arabic font is bundled.
        for c in ['\u{20BB7}', '\u{9AD9}', '\u{FA11}', '김', 'ก', 'م', '😀'] {
            assert!(!drawable(c), "{c} (U+{:04X})", u32::from(c));
        }
        for c in ['\n', '\t', '\u{200D}', '\u{FE0F}'] {
            assert!(drawable(c), "U+{:04X} needs no glyph", u32::from(c));
        }
        let found: Vec<(usize, char)> = undrawable("吉田 \u{20BB7}田").collect();
        assert_eq!(found, vec![(7, '\u{20BB7}')]);
    }

    #[test]
    fn every_standard_form_replaces_an_undrawable_variant_with_a_drawable_one() {
        let jis = repertoire("jisx0208.txt");
        for (variant, standard) in STANDARD_FORMS {
            assert!(
                !drawable(variant),
                "U+{:04X} is drawn already",
                u32::from(variant)
            );
            assert!(jis.contains(&standard), "U+{:04X}", u32::from(standard));
            assert!(drawable(standard));
        }
        assert_eq!(standard_form('\u{9AD9}'), Some('高'));
        assert_eq!(standard_form('高'), None);
    }
}
