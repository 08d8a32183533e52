//! Decoding: from bytes in whatever encoding to text.
//!
//! The order of decisions is: known binary formats (by magic number) are refused; a byte-order
//! mark decides and is stripped; valid UTF-8 is UTF-8; a NUL pattern with most zero bytes at odd
//! (or even) offsets is UTF-16LE (or BE) without a mark; anything else is GB18030 (a superset of
//! GBK and GB2312) or Big5, told apart with `chardetng` — unless UTF-8 lines stand among the
//! others: then the file mixes encodings, and is decoded line by line when `lossy` allows it. A
//! forced encoding replaces detection.

use crate::error::{Error, Result};
use encoding_rs::{BIG5, DecoderResult, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and the encoding it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding used (UTF-8 for a file of mixed lines read with `lossy`).
    pub encoding: &'static Encoding,
    /// How many characters `lossy` decoding replaced with U+FFFD (0 without it).
    pub replaced: usize,
}

/// With `lossy`, more than one character in this many replaced means the encoding is wrong…
const MOST_REPLACED: usize = 10;
/// … once there are more than this many (a short text with a bad byte or two is still read).
const FEW_REPLACED: usize = 8;

/// How the bytes are to be decoded.
enum Plan<'a> {
    /// Valid UTF-8 throughout (found so by detection, which checked every byte).
    Utf8(&'a str),
    /// All in one encoding.
    One(&'static Encoding),
    /// Lines in UTF-8 and lines in a legacy encoding (`lines`, 1-based).
    Mixed {
        utf8: usize,
        legacy: &'static Encoding,
        lines: Vec<usize>,
    },
}

/// Decodes `bytes`: BOM first, then UTF-8, else a detected legacy encoding; `forced` overrides
/// detection. Undecodable bytes are an error naming their line and offset unless `lossy` is set;
/// with `lossy`, a file whose lines are in two encodings is decoded line by line, and the
/// replaced characters are counted.
///
/// Errors: [`Error::Empty`] when there is no text (no bytes, only a BOM, only white space);
/// [`Error::Binary`] for images, PDF, executables, archives and other files holding NUL bytes;
/// [`Error::Decode`] with the byte offset (in `bytes`, BOM included) and line of the first
/// undecodable sequence; [`Error::MixedEncodings`] for UTF-8 lines among GB18030 or Big5 ones;
/// [`Error::Garbled`] when `lossy` had to replace more than one character in ten (and more
/// than a few).
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>, lossy: bool) -> Result<Decoded> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if let Some(kind) = binary_kind(bytes) {
        return Err(Error::Binary(kind));
    }
    let bom = Encoding::for_bom(bytes);
    let bom_len = bom.map_or(0, |(_, len)| len);
    let body = &bytes[bom_len..];
    let plan = match (forced, bom) {
        (Some(forced), _) => Plan::One(canonical(forced)),
        (None, Some((bom_encoding, _))) => Plan::One(bom_encoding),
        (None, None) => detect(body)?,
    };
    // NUL bytes are text only in UTF-16 (detection has refused them in a mixed file already).
    if !matches!(plan, Plan::One(encoding) if is_utf16(encoding))
        && memchr::memchr(0, body).is_some()
    {
        return Err(Error::Binary("binary file (it contains NUL bytes)"));
    }
    let (text, encoding) = match plan {
        Plan::Utf8(text) => (text.to_owned(), UTF_8),
        Plan::One(encoding) => {
            let text = if lossy {
                encoding.decode_without_bom_handling(body).0.into_owned()
            } else {
                decode_strict(encoding, body).map_err(|(offset, line)| Error::Decode {
                    encoding: encoding.name(),
                    offset: bom_len + offset,
                    line,
                    forced: forced.is_some(),
                    cut: is_cut(encoding, &body[offset..]),
                })?
            };
            (text, encoding)
        }
        Plan::Mixed { legacy, .. } if lossy => (decode_lines(body, legacy), UTF_8),
        Plan::Mixed {
            utf8,
            legacy,
            lines,
        } => {
            return Err(Error::MixedEncodings {
                utf8,
                other: legacy.name(),
                lines,
            });
        }
    };
    let replaced = if lossy {
        text.chars()
            .filter(|&c| c == char::REPLACEMENT_CHARACTER)
            .count()
    } else {
        0
    };
    if replaced > 0 {
        let chars = text.chars().count();
        if replaced > FEW_REPLACED && replaced * MOST_REPLACED > chars {
            return Err(Error::Garbled {
                encoding: encoding.name(),
                replaced,
                chars,
            });
        }
    }
    if text.chars().all(char::is_whitespace) {
        return Err(Error::Empty);
    }
    Ok(Decoded {
        text,
        encoding,
        replaced,
    })
}

/// Whether `rest`, from an undecodable sequence on, is only the start of a character: a file
/// cut off mid-character.
fn is_cut(encoding: &'static Encoding, rest: &[u8]) -> bool {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let mut out = String::with_capacity(16);
    rest.len() < 4
        && matches!(
            decoder.decode_to_string_without_replacement(rest, &mut out, false),
            (DecoderResult::InputEmpty, _)
        )
}

/// Decodes a file of mixed lines, each in its own encoding: UTF-8 where it is (or is damaged
/// UTF-8), `legacy` elsewhere; undecodable bytes become U+FFFD.
fn decode_lines(body: &[u8], legacy: &'static Encoding) -> String {
    let mut text = String::with_capacity(body.len() + body.len() / 2);
    for line in body.split_inclusive(|&b| b == b'\n') {
        match Line::of(line) {
            Line::Legacy => text.push_str(&legacy.decode_without_bom_handling(line).0),
            _ => text.push_str(&String::from_utf8_lossy(line)),
        }
    }
    text
}

/// What a line of a file that is not all UTF-8 is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Line {
    /// ASCII only, or too little beyond ASCII to tell.
    Plain,
    /// Valid UTF-8 with characters beyond ASCII.
    Utf8,
    /// UTF-8 with a few undecodable bytes among many valid characters.
    DamagedUtf8,
    /// Something else: a legacy encoding.
    Legacy,
}

impl Line {
    /// Valid UTF-8 lines with fewer characters beyond ASCII than this may be legacy bytes that
    /// happen to be valid UTF-8.
    const FEWEST_UTF8: usize = 3;

    fn of(line: &[u8]) -> Line {
        if line.is_ascii() {
            return Line::Plain;
        }
        let (mut valid, mut invalid) = (0, 0);
        for chunk in line.utf8_chunks() {
            valid += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
            invalid += usize::from(!chunk.invalid().is_empty());
        }
        match (valid, invalid) {
            (v, 0) if v >= Self::FEWEST_UTF8 => Line::Utf8,
            (_, 0) => Line::Plain,
            // A stray byte or two in a line of UTF-8 characters.
            (v, i) if v >= 4 * i => Line::DamagedUtf8,
            _ => Line::Legacy,
        }
    }
}

/// Looks up an encoding by a user-given name (`utf-8`, `gbk`, `gb18030`, `big5`, `utf-16le` …).
/// GBK and GB2312 names give GB18030, which decodes them all.
pub fn encoding_for_name(name: &str) -> Result<&'static Encoding> {
    Encoding::for_label(name.trim().as_bytes())
        .map(canonical)
        .ok_or_else(|| Error::UnknownEncoding(name.into()))
}

/// GBK is decoded exactly like GB18030 by `encoding_rs`; report the superset's name.
fn canonical(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == encoding_rs::GBK {
        GB18030
    } else {
        encoding
    }
}

fn is_utf16(encoding: &'static Encoding) -> bool {
    encoding == UTF_16LE || encoding == UTF_16BE
}

/// Recognizes binary formats by their magic numbers.
fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    const MAGIC: &[(&[u8], &str)] = &[
        (b"\x89PNG\r\n\x1a\n", "PNG image"),
        (b"\xff\xd8\xff", "JPEG image"),
        (b"GIF87a", "GIF image"),
        (b"GIF89a", "GIF image"),
        (b"%PDF", "PDF document"),
        (b"\x7fELF", "ELF executable"),
        (b"PK\x03\x04", "ZIP archive"),
        (b"PK\x05\x06", "ZIP archive"),
        (b"\x1f\x8b", "gzip archive"),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
            "legacy Microsoft Office document",
        ),
        (b"MZ", "Windows executable"),
        (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
        (b"Rar!\x1a\x07", "RAR archive"),
    ];
    MAGIC
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic))
        .map(|&(_, kind)| kind)
        .filter(|_| !bytes.starts_with(b"MZ") || looks_like_pe(bytes))
}

/// `MZ` is also how plain text may start; only call it an executable when it has the PE layout.
fn looks_like_pe(bytes: &[u8]) -> bool {
    bytes.len() >= 64 && bytes[2..64].contains(&0)
}

/// Detects the encoding of bytes without a BOM.
fn detect(body: &[u8]) -> Result<Plan<'_>> {
    // Most inputs are valid UTF-8: checked with SIMD at several times the standard library's
    // pace (Chinese text has no ASCII runs for it to skip); the standard library names the
    // error of the rest.
    if let Ok(text) = simdutf8::basic::from_utf8(body) {
        return Ok(Plan::Utf8(text));
    }
    match std::str::from_utf8(body) {
        Ok(text) => return Ok(Plan::Utf8(text)),
        // Valid up to a character cut off at the very end.
        Err(e) if e.error_len().is_none() => return Ok(Plan::One(UTF_8)),
        Err(_) => {}
    }
    if let Some(encoding) = utf16_by_nuls(body) {
        return Ok(Plan::One(encoding));
    }
    if memchr::memchr(0, body).is_some() {
        return Err(Error::Binary("binary file (it contains NUL bytes)"));
    }
    let (mut utf8, mut legacy, mut legacy_bytes) = (0, Vec::new(), Vec::new());
    for (n, line) in body.split(|&b| b == b'\n').enumerate() {
        match Line::of(line) {
            Line::Utf8 => utf8 += 1,
            Line::Legacy => {
                legacy.push(n + 1);
                legacy_bytes.extend_from_slice(line);
                legacy_bytes.push(b'\n');
            }
            Line::Plain | Line::DamagedUtf8 => {}
        }
    }
    Ok(match (utf8, legacy.is_empty()) {
        (0, _) => Plan::One(legacy_encoding(body)),
        // UTF-8 with a few bad bytes: strict decoding names the first.
        (_, true) => Plan::One(UTF_8),
        (utf8, false) => Plan::Mixed {
            utf8,
            legacy: legacy_encoding(&legacy_bytes),
            lines: legacy,
        },
    })
}

/// GB18030 or Big5, whichever the bytes are.
fn legacy_encoding(body: &[u8]) -> &'static Encoding {
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(body, true);
    let guess = detector.guess(None, chardetng::Utf8Detection::Deny);
    // Only GB18030 and Big5 are answers: chardetng's other guesses (Shift_JIS, EUC-KR, …) fall
    // back to whichever of the two decodes the bytes, GB18030 first.
    let big5 = guess == BIG5
        || (guess != GB18030
            && guess != encoding_rs::GBK
            && decode_strict(GB18030, body).is_err()
            && decode_strict(BIG5, body).is_ok());
    if big5 { BIG5 } else { GB18030 }
}

/// UTF-16 without a BOM: NUL bytes concentrated at odd offsets (little endian: the high byte of
/// ASCII characters) or even offsets (big endian).
fn utf16_by_nuls(body: &[u8]) -> Option<&'static Encoding> {
    if body.len() < 2 || !body.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in body.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let pairs = body.len() / 2;
    // Enough NULs to be a pattern (ASCII digits, punctuation and line breaks), at least four in
    // five on one side (CJK characters such as 一 U+4E00 put a few on the other).
    let enough = |n: usize| n >= 2 && n * 50 >= pairs;
    if enough(odd) && even * 4 <= odd {
        Some(UTF_16LE)
    } else if enough(even) && odd * 4 <= even {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Decodes without replacement; on failure returns the offset and 1-based line of the first
/// malformed sequence.
fn decode_strict(
    encoding: &'static Encoding,
    body: &[u8],
) -> std::result::Result<String, (usize, usize)> {
    let mut decoder = encoding.new_decoder_without_bom_handling();
    let capacity = decoder
        .max_utf8_buffer_length_without_replacement(body.len())
        .unwrap_or(body.len().saturating_mul(3));
    let mut out = String::with_capacity(capacity);
    let mut consumed = 0;
    loop {
        let (result, read) =
            decoder.decode_to_string_without_replacement(&body[consumed..], &mut out, true);
        consumed += read;
        match result {
            DecoderResult::InputEmpty => return Ok(out),
            DecoderResult::OutputFull => out.reserve(body.len() - consumed + 16),
            DecoderResult::Malformed(bad, extra) => {
                let line = out.bytes().filter(|&b| b == b'\n').count() + 1;
                return Err((consumed - usize::from(extra) - usize::from(bad), line));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strict_decoding_reports_the_first_bad_sequence() {
        let bytes = b"ab\xffcd";
        assert_eq!(decode_strict(UTF_8, bytes), Err((2, 1)));
        let mut gbk = GB18030.encode("统计公报").0.into_owned();
        gbk.push(0x81); // lead byte without trail at the end
        assert_eq!(decode_strict(GB18030, &gbk), Err((8, 1)));
    }

    #[test]
    fn mz_text_is_not_an_executable() {
        assert_eq!(binary_kind(b"MZ is a name"), None);
    }
}
