//! OFD (GB/T 33190-2016), the national format for fixed-layout electronic documents, and OFD-A
//! (GB/T 42133-2022) for archives.
//!
//! # Writing
//! The pages are the PDF writer's ([`crate::format::pdf::set_pages`]): the same lines, every
//! glyph at the same place. A page is `Doc_0/Pages/Page_N/Content.xml` with one `TextObject` per
//! run of one font, size and colour, whose `TextCode` gives the first glyph's position and the
//! advances (`DeltaX`) in millimetres, origin top left; the rules of the 版头 and the 版记 are
//! `PathObject`s. The faces are embedded as subsets ([`font`]) with a `cmap` for the characters
//! drawn, the outline is the document's `Outlines`, and the metadata is `DocInfo` with the
//! report's facts and 公文 elements as `CustomDatas`. The package is written deterministically:
//! fixed timestamps, the creation date from the options.
//!
//! With [`OfdOptions::archive`] the document is OFD-A: `DocType="OFD-A"`, everything inside
//! the package, and the report's XML ([`crate::format::xml`]) attached as `report.xml`.
//!
//! ```
//! let doc = gongwen::read_text("一、总体情况\n全年办理案件515件。".as_bytes(), &Default::default())?;
//! let ofd = gongwen::format::ofd::write(&doc.report, &Default::default(), &Default::default())?;
//! assert!(ofd.starts_with(b"PK"));
//! # Ok::<(), gongwen::Error>(())
//! ```

pub mod font;
pub mod read;
pub mod write;

pub use read::read;
pub use write::write;

/// The OFD namespace.
pub const NAMESPACE: &str = "http://www.ofdspec.org/2016";

/// Options for the OFD writer (the fonts and the date are the PDF's, [`crate::format::pdf::PdfOptions`]).
#[derive(Debug, Clone, Copy, Default)]
pub struct OfdOptions {
    /// Write OFD-A (GB/T 42133): `DocType="OFD-A"` and the report's XML attached.
    pub archive: bool,
}

/// Returns true if and only if the bytes are a zip package whose entries include `OFD.xml`.
pub fn looks_like_ofd(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") && zip_names_include(bytes, b"OFD.xml")
}

/// Whether a zip's local headers in its first 64 KiB, or its central directory's headers in its
/// last MiB, name an entry (a scan for the headers, no parsing: sniffing must be cheap and never
/// fail).
fn zip_names_include(bytes: &[u8], name: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(64 << 10)];
    let tail = &bytes[bytes.len().saturating_sub(1 << 20)..];
    header_names(head, b"PK\x03\x04", 26, 30)
        .chain(header_names(tail, b"PK\x01\x02", 28, 46))
        .any(|n| n == name)
}

/// The names of the zip headers with a signature in a region: each name's length is at
/// `len_at` from the signature and the name starts at `fixed`.
fn header_names<'a>(
    region: &'a [u8],
    signature: &'a [u8; 4],
    len_at: usize,
    fixed: usize,
) -> impl Iterator<Item = &'a [u8]> + 'a {
    region
        .windows(4)
        .enumerate()
        .filter(move |(_, w)| w == signature)
        .filter_map(move |(at, _)| {
            let len =
                u16::from_le_bytes([*region.get(at + len_at)?, *region.get(at + len_at + 1)?]);
            region.get(at + fixed..at + fixed + usize::from(len))
        })
}
