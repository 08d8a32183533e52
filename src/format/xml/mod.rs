//! gongwen's XML: the schema-validated serialization of the model (`schemas/report.xsd`).
//!
//! ```xml
//! <?xml version="1.0" encoding="UTF-8"?>
//! <report xmlns="urn:gongwen:report:1" version="1">
//!   <meta>
//!     <script>simplified</script>
//!     <encoding>UTF-8</encoding>
//!   </meta>
//!   <body>
//!     <section level="1" start="0" end="34">
//!       <heading run-in="false" start="0" end="18"><marker style="chinese-comma" number="1" start="0" end="6">一、</marker>总体情况</heading>
//!       <p start="19" end="34">办理<figure id="f1" kind="count" value="515" exponent="0" unit="件" start="25" end="31">515件</figure>。</p>
//!     </section>
//!   </body>
//! </report>
//! ```
//!
//! Block containers (`report`, `meta`, `body`, `section`, `table`, `row`) are indented; inside
//! every other element each character of text is significant, so the text of `body` in document
//! order is the report's normalized text. Text runs carry no span: the reader infers it from the
//! preceding sibling (or the container's start) and the run's length. A run whose span cannot be
//! inferred that way is written as a `<text start=… end=…>` element instead, so every report
//! survives a round trip exactly.

use std::borrow::Cow;
mod read;
mod write;

pub use read::read;
pub use write::write;

/// Namespace of the report XML.
pub const NAMESPACE: &str = "urn:gongwen:report:1";

/// The value of the root's `version` attribute.
pub const VERSION: &str = "1";

/// The deepest element nesting the reader accepts and the writer produces (the root counts as 1).
pub const MAX_DEPTH: usize = 64;

/// True if and only if XML 1.0 can carry `c` (literally or as a character reference).
pub(crate) fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `s` XML 1.0 cannot carry.
pub(crate) fn first_forbidden_char(s: &str) -> Option<char> {
    // Only a C0 control, or U+FFFE and U+FFFF (EF BF BE, EF BF BF), can be one. Two passes over
    // the bytes, which the compiler makes vector instructions of, rule out nearly every text; the
    // characters are decoded only when one of them finds a suspect.
    let bytes = s.as_bytes();
    let controls = bytes.iter().fold(false, |found, &b| {
        found | ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r'))
    });
    let noncharacters = bytes
        .iter()
        .zip(bytes.get(1..).unwrap_or_default())
        .fold(false, |found, (&a, &b)| {
            found | ((a == 0xBF) & (b | 1 == 0xBF))
        });
    if !controls && !noncharacters {
        return None;
    }
    s.chars().find(|&c| !is_xml_char(c))
}

/// `text` with each ASCII byte `entity` names replaced by its reference: the runs between are
/// copied whole (a report is mostly Chinese text with nothing to escape), and a text without any
/// such byte, found by a pass the compiler vectorizes, is returned as it is.
pub(crate) fn escape(text: &str, entity: impl Fn(u8) -> Option<&'static str>) -> Cow<'_, str> {
    let bytes = text.as_bytes();
    if !bytes
        .iter()
        .fold(false, |found, &b| found | entity(b).is_some())
    {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut copied = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if let Some(reference) = entity(b) {
            // `b` is ASCII: `i` and `i + 1` are character boundaries.
            out.push_str(&text[copied..i]);
            out.push_str(reference);
            copied = i + 1;
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_forbidden_character_is_found_by_its_bytes() {
        let texts = [
            "",
            "收入100万元，增长5%。\t\r\n",
            "a\u{0}b",
            "一\u{1F}二",
            "\u{FFFD}\u{FFFE}",
            "，\u{FFFF}",
            "\u{FFEF}\u{EFBF}\u{F000}\u{10FFFF}",
            "\u{7F}\u{80}\u{9F}",
            // 政 ends in 0xBF and 府 leads with 0xE5; 俾 is E4 BF BE.
            "政府\u{4FFE}\u{4FFF}",
        ];
        for text in texts {
            assert_eq!(
                first_forbidden_char(text),
                text.chars().find(|&c| !is_xml_char(c)),
                "{text:?}"
            );
        }
        assert_eq!(first_forbidden_char("，\u{FFFF}"), Some('\u{FFFF}'));
        assert_eq!(first_forbidden_char("一\u{1F}二"), Some('\u{1F}'));
    }

    #[test]
    fn escaping_copies_the_runs_between_references() {
        let entity = |b| match b {
            b'&' => Some("&amp;"),
            b'<' => Some("&lt;"),
            _ => None,
        };
        assert!(matches!(
            escape("收入>100万元", entity),
            Cow::Borrowed("收入>100万元")
        ));
        assert_eq!(escape("&甲<乙&", entity), "&amp;甲&lt;乙&amp;");
        assert_eq!(escape("", entity), "");
    }
}
