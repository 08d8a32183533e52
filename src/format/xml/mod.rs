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
fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// The first character of `s` XML 1.0 cannot carry.
fn first_forbidden_char(s: &str) -> Option<char> {
    s.chars().find(|&c| !is_xml_char(c))
}
