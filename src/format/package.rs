//! Zip packages of XML parts, as DOCX and OFD are: a deterministic writer, a small XML writer, and
//! a reader that refuses zip bombs and unsafe entry names.

use crate::error::{Error, Result};
use crate::format::xml;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::{Cursor, Read, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// Parts smaller than this are stored: deflating them saves a few hundred bytes each and costs
/// a fresh compressor state (a quarter of a megabyte to allocate and clear) per part.
const STORE_BELOW: usize = 2048;

/// The zip container, written deterministically (fixed timestamps, fixed order). Parts are
/// deflated at level 1: a third larger than level 6 and less than half the time, which is most
/// of the writer's time.
pub(crate) struct Package {
    zip: ZipWriter<Cursor<Vec<u8>>>,
}

impl Package {
    pub(crate) fn new() -> Package {
        Package {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
        }
    }

    /// Adds a part.
    pub(crate) fn add(&mut self, name: &str, bytes: &[u8]) -> Result<()> {
        let options = if bytes.len() < STORE_BELOW {
            SimpleFileOptions::default().compression_method(CompressionMethod::Stored)
        } else {
            SimpleFileOptions::default()
                .compression_method(CompressionMethod::Deflated)
                .compression_level(Some(1))
        }
        .last_modified_time(zip::DateTime::default());
        self.zip.start_file(name, options).map_err(zip_error)?;
        self.zip.write_all(bytes)?;
        Ok(())
    }

    /// The package's bytes.
    pub(crate) fn finish(self) -> Result<Vec<u8>> {
        Ok(self.zip.finish().map_err(zip_error)?.into_inner())
    }
}

fn zip_error(e: zip::result::ZipError) -> Error {
    Error::Io(std::io::Error::other(format!(
        "cannot write the package: {e}"
    )))
}

/// A small XML writer: elements with attributes, escaped text, and a declaration up front.
pub(crate) struct XmlOut {
    writer: Writer<Vec<u8>>,
}

impl XmlOut {
    pub(crate) fn new() -> XmlOut {
        let mut writer = Writer::new(Vec::new());
        // Writing to a Vec cannot fail.
        let _ = writer.write_event(Event::Decl(BytesDecl::new(
            "1.0",
            Some("UTF-8"),
            Some("yes"),
        )));
        XmlOut { writer }
    }

    /// `<name attrs>`.
    pub(crate) fn open(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let start = BytesStart::new(name).with_attributes(attrs.iter().copied());
        Ok(self.writer.write_event(Event::Start(start))?)
    }

    /// `</name>`.
    pub(crate) fn close(&mut self, name: &str) -> Result<()> {
        Ok(self.writer.write_event(Event::End(BytesEnd::new(name)))?)
    }

    /// `<name attrs/>`.
    pub(crate) fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> Result<()> {
        let start = BytesStart::new(name).with_attributes(attrs.iter().copied());
        Ok(self.writer.write_event(Event::Empty(start))?)
    }

    /// Writes escaped text, leaving out characters XML 1.0 cannot carry.
    pub(crate) fn text(&mut self, text: &str) -> Result<()> {
        // The references quick-xml's `escape` writes, found in one pass that copies runs.
        let entity = |b| match b {
            b'<' => Some("&lt;"),
            b'>' => Some("&gt;"),
            b'&' => Some("&amp;"),
            b'\'' => Some("&apos;"),
            b'"' => Some("&quot;"),
            b'\r' => Some("&#13;"),
            _ => None,
        };
        let escaped = if xml::first_forbidden_char(text).is_none() {
            xml::escape(text, entity)
        } else {
            let kept: String = text.chars().filter(|&c| xml::is_xml_char(c)).collect();
            xml::escape(&kept, entity).into_owned().into()
        };
        Ok(self
            .writer
            .write_event(Event::Text(BytesText::from_escaped(escaped)))?)
    }

    /// `<name attrs>text</name>`.
    pub(crate) fn element(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> Result<()> {
        self.open(name, attrs)?;
        self.text(text)?;
        self.close(name)
    }

    /// The document's bytes.
    pub(crate) fn finish(self) -> Vec<u8> {
        self.writer.into_inner()
    }
}

/// The value of an attribute by its local name, unescaped.
pub(crate) fn attr(e: &BytesStart, local: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                .map_or_else(|_| a.value.to_string(), |v| v.into_owned())
        })
    })
}

/// The text of a character reference or a predefined entity (`#x4E00`, `amp`), `None` for
/// another entity.
pub(crate) fn reference_text(r: &quick_xml::events::BytesRef) -> Option<String> {
    match r.resolve_char_ref() {
        Ok(Some(c)) => Some(c.to_string()),
        _ => quick_xml::escape::resolve_predefined_entity(&r.xml10_content()).map(str::to_string),
    }
}

/// The most one part may expand to.
const PART_LIMIT: u64 = 64 << 20;
/// The most all parts read together may expand to.
const TOTAL_LIMIT: u64 = 256 << 20;
/// Parts larger than this must not expand more than [`RATIO_LIMIT`] times their compressed size.
const RATIO_FLOOR: u64 = 1 << 20;
/// The largest compression ratio accepted for parts over [`RATIO_FLOOR`].
const RATIO_LIMIT: u64 = 100;
/// The most parts a package may have (Word writes a few dozen; a report with many images a few
/// hundred; an OFD a few per page).
const PART_COUNT_LIMIT: usize = 10_000;

/// A zip package read within limits: at most [`PART_COUNT_LIMIT`] parts, no unsafe names, and
/// parts that expand within [`PART_LIMIT`], [`TOTAL_LIMIT`] and [`RATIO_LIMIT`].
pub(crate) struct PackageReader<'a> {
    archive: ZipArchive<Cursor<&'a [u8]>>,
    /// Bytes expanded so far.
    total: u64,
    /// The error of the format read.
    invalid: fn(String) -> Error,
}

impl<'a> PackageReader<'a> {
    /// Opens a package of a kind (`a Word document`), with the error of its format.
    pub(crate) fn open(
        bytes: &'a [u8],
        kind: &str,
        invalid: fn(String) -> Error,
    ) -> Result<PackageReader<'a>> {
        let archive = ZipArchive::new(Cursor::new(bytes))
            .map_err(|e| invalid(format!("not a zip package ({e}): not {kind}")))?;
        if archive.len() > PART_COUNT_LIMIT {
            return Err(invalid(format!(
                "the package has {} parts, more than the {PART_COUNT_LIMIT} {kind} has: open it \
                 in its editor and save it again, or convert it to text",
                archive.len()
            )));
        }
        for name in archive.file_names_raw() {
            let name = String::from_utf8_lossy(name);
            let unsafe_name = name.starts_with(['/', '\\'])
                || name
                    .split(['/', '\\'])
                    .any(|c| c == ".." || c.contains(':'));
            if unsafe_name {
                return Err(invalid(format!(
                    "unsafe entry name `{}` in the package",
                    name.escape_debug()
                )));
            }
        }
        Ok(PackageReader {
            archive,
            total: 0,
            invalid,
        })
    }

    /// Returns true if and only if the package has a part of this name.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.archive.index_for_name(name).is_some()
    }

    /// The names of the parts.
    pub(crate) fn names(&self) -> impl Iterator<Item = std::borrow::Cow<'_, str>> {
        self.archive.file_names().flatten()
    }

    /// Reads a part, or `None` if the package has no such part.
    pub(crate) fn read(&mut self, name: &str) -> Result<Option<Vec<u8>>> {
        let invalid = self.invalid;
        let Some(index) = self.archive.index_for_name(name) else {
            return Ok(None);
        };
        let file = self
            .archive
            .by_index(index)
            .map_err(|e| invalid(format!("cannot read {name}: {e}")))?;
        if file.encrypted() {
            return Err(invalid(format!("{name} is encrypted")));
        }
        let bomb = |size: u64| {
            invalid(format!(
                "{name} would expand to {size} bytes (limits: 64 MiB a part, 256 MiB in all, \
                 100:1 above 1 MiB): refusing a possible zip bomb"
            ))
        };
        let (declared, compressed) = (file.size(), file.compressed_size());
        let too_big = |size: u64, total: u64| {
            size > PART_LIMIT
                || total.saturating_add(size) > TOTAL_LIMIT
                || (size > RATIO_FLOOR && size / compressed.max(1) > RATIO_LIMIT)
        };
        if too_big(declared, self.total) {
            return Err(bomb(declared));
        }
        let mut bytes = Vec::with_capacity(declared.min(RATIO_FLOOR) as usize);
        file.take(PART_LIMIT + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| invalid(format!("cannot read {name}: {e}")))?;
        let size = bytes.len() as u64;
        if too_big(size, self.total) {
            return Err(bomb(size));
        }
        self.total += size;
        Ok(Some(bytes))
    }
}

/// Seconds since the Unix epoch as a W3CDTF timestamp in UTC (`2021-03-29T08:00:00Z`).
pub(crate) fn w3cdtf(seconds: u64) -> String {
    let days = seconds / 86_400;
    let rest = seconds % 86_400;
    // Civil-from-days (Howard Hinnant), for days since 1970-01-01.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z % 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    )
}
