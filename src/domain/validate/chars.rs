//! Characters that change how text looks without being seen: what names and labels may not
//! hold, and what does not count as content.

/// Explicit bidirectional formatting: an override such as U+202E shows what follows backwards
/// (U+202E before `gpj.exe` shows `exe.jpg`), so a published name would not say what it reads as.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Prints nothing: white space, zero-width characters and joiners, the word joiner and invisible
/// operators, the byte-order mark, soft hyphens, variation selectors, fillers and blank glyphs.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || matches!(
            c,
            '\u{00AD}'
                | '\u{034F}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180F}'
                | '\u{200B}'..='\u{200D}'
                | '\u{2060}'..='\u{2064}'
                | '\u{206A}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FEFF}'
                | '\u{FFA0}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// Whether `text` shows nothing at all once its invisible characters are left out.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_invisible_text_is_blank() {
        for blank in ["", " \t", "\u{200B}\u{200C}\u{200D}", "\u{FEFF}\u{2060}", "\u{3000}", "\u{202E}\u{00AD}"] {
            assert!(is_blank(blank), "{blank:?}");
        }
        for shown in ["曲沃", "a\u{200B}", "\u{200D}👍", "0"] {
            assert!(!is_blank(shown), "{shown:?}");
        }
    }

    #[test]
    fn bidi_controls_are_the_explicit_formatting_characters() {
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}'] {
            assert!(is_bidi_control(c), "{c:?}");
        }
        for c in ['a', '曲', '\u{200B}', '\u{2070}', '\u{202F}'] {
            assert!(!is_bidi_control(c), "{c:?}");
        }
    }
}
