//! ASCII punctuation inside Chinese text: where GB/T 15834 wants the full-width forms.
//!
//! Shared by the `style.punctuation` check, which reports the marks, and the writers'
//! `fix_punctuation` options, which print them full-width; all see exactly the same marks.

/// Returns true if and only if `c` is Chinese text: an ideograph, CJK punctuation or a
/// full-width form.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{2018}'..='\u{201D}'
        | '\u{20000}'..='\u{2FA1F}')
}

/// The full-width form GB/T 15834 asks for in place of an ASCII mark (`,` → `，`), or `None` for
/// a character that is not one of `, ; : ( ) ? !` ([`is_mark`]).
pub(crate) fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ';' => '；',
        ':' => '：',
        '(' => '（',
        ')' => '）',
        '?' => '？',
        '!' => '！',
        _ => return None,
    })
}

/// Byte offsets (into `text`) and characters of the ASCII punctuation that stands in Chinese
/// text: a mark of `, ; : ( ) ? !` whose nearest non-space neighbour on either side is Chinese.
/// Commas and colons between digits (`2,700`, `12.8:45.4`, `10:30`) are left alone.
pub(crate) fn offenders(text: &str) -> Vec<(usize, char)> {
    // Neighbours are found by walking the text itself: no per-character table, which for a
    // paragraph of megabytes would cost many times its size.
    let not_space = |c: &char| *c != ' ';
    let mut out = Vec::new();
    // The marks are ASCII: a byte of a character of several bytes is never one of them. Most
    // blocks of Chinese text hold none, and one test the compiler makes vector instructions of
    // passes such a block over.
    const BLOCK: usize = 64;
    let bytes = text.as_bytes();
    for (k, block) in bytes.chunks(BLOCK).enumerate() {
        if !block.iter().fold(false, |found, &b| found | is_mark(b)) {
            continue;
        }
        for (i, &b) in block.iter().enumerate() {
            if !is_mark(b) {
                continue;
            }
            let offset = k * BLOCK + i;
            let c = char::from(b);
            let before = text[..offset].chars().rev().find(not_space);
            let after = text[offset + 1..].chars().find(not_space);
            let digits_around = before.is_some_and(|b| b.is_ascii_digit())
                && after.is_some_and(|a| a.is_ascii_digit());
            if matches!(c, ',' | ':') && digits_around {
                continue; // 2,700 and 12.8:45.4 and 10:30
            }
            if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
                out.push((offset, c));
            }
        }
    }
    out
}

/// Returns true if and only if `b` is one of the marks [`full_width`] gives a form of.
fn is_mark(b: u8) -> bool {
    matches!(b, b',' | b';' | b':' | b'(' | b')' | b'?' | b'!')
}

/// `text` with its [`offenders`] printed full-width.
pub(crate) fn fixed(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for (offset, c) in offenders(text) {
        out.push_str(&text[from..offset]);
        out.push(full_width(c).unwrap_or(c));
        from = offset + c.len_utf8();
    }
    out.push_str(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_marks_looked_for_are_those_with_a_full_width_form() {
        for b in 0..=u8::MAX {
            assert_eq!(
                is_mark(b),
                b.is_ascii() && full_width(char::from(b)).is_some(),
                "{b}"
            );
        }
    }

    #[test]
    fn marks_are_found_in_every_block_and_across_block_ends() {
        // A mark as the last byte of a 64-byte block, and as the first of the next.
        let text = format!("{}中,文{}中(文", "a".repeat(60), "b".repeat(58));
        let found = offenders(&text);
        assert_eq!(found, vec![(63, ','), (128, '(')]);
        assert_eq!(fixed(&text), text.replace(',', "，").replace('(', "（"));
    }
}
