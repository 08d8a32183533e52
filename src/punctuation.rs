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
/// a character that is not one of `, ; : ( ) ? !` ([`MARKS`]).
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
    // of a Chinese text holds none; memchr's vector searches find the seven in three passes
    // over it, and the few found are put back in text order.
    let bytes = text.as_bytes();
    let [m0, m1, m2, m3, m4, m5, m6] = MARKS;
    let mut marks: Vec<usize> = memchr::memchr3_iter(m0, m1, m2, bytes)
        .chain(memchr::memchr3_iter(m3, m4, m5, bytes))
        .chain(memchr::memchr_iter(m6, bytes))
        .collect();
    marks.sort_unstable();
    for offset in marks {
        let c = char::from(bytes[offset]);
        let before = text[..offset].chars().rev().find(not_space);
        let after = text[offset + 1..].chars().find(not_space);
        let digits_around =
            before.is_some_and(|b| b.is_ascii_digit()) && after.is_some_and(|a| a.is_ascii_digit());
        if matches!(c, ',' | ':') && digits_around {
            continue; // 2,700 and 12.8:45.4 and 10:30
        }
        if before.is_some_and(is_cjk) || after.is_some_and(is_cjk) {
            out.push((offset, c));
        }
    }
    out
}

/// The marks [`full_width`] gives a form of.
const MARKS: [u8; 7] = *b",;:()?!";

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
                MARKS.contains(&b),
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
