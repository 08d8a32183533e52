//! Decoding: from bytes in whatever encoding to text.
//!
//! The order of decisions is: known binary formats (by magic number) are refused; a byte-order
//! mark decides and is stripped; valid UTF-8 is UTF-8; a NUL pattern with most zero bytes at odd
//! (or even) offsets is UTF-16LE (or BE) without a mark; anything else is GB18030 (a superset of
//! GBK and GB2312) or Big5, told apart with `chardetng`. A forced encoding replaces detection.

use crate::error::{Error, Result};
use encoding_rs::{BIG5, DecoderResult, Encoding, GB18030, UTF_8, UTF_16BE, UTF_16LE};

/// Decoded text and the encoding it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
}

/// Decodes `bytes`: BOM first, then UTF-8, else a detected legacy encoding; `forced` overrides
/// detection. Undecodable bytes are an error naming their offset unless `lossy` is set.
///
/// Errors: [`Error::Empty`] when there is no text (no bytes, only a BOM, only white space);
/// [`Error::Binary`] for images, PDF, executables, archives and other files holding NUL bytes;
/// [`Error::Decode`] with the byte offset (in `bytes`, BOM included) of the first undecodable
/// sequence.
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
    let encoding = match (forced, bom) {
        (Some(forced), _) => canonical(forced),
        (None, Some((bom_encoding, _))) => bom_encoding,
        (None, None) => detect(body)?,
    };
    if !is_utf16(encoding) && body.contains(&0) {
        return Err(Error::Binary("binary file (it contains NUL bytes)"));
    }
    let text = if lossy {
        encoding.decode_without_bom_handling(body).0.into_owned()
    } else {
        decode_strict(encoding, body).map_err(|offset| Error::Decode {
            encoding: encoding.name(),
            offset: bom_len + offset,
        })?
    };
    if text.chars().all(char::is_whitespace) {
        return Err(Error::Empty);
    }
    Ok(Decoded { text, encoding })
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
fn detect(body: &[u8]) -> Result<&'static Encoding> {
    if std::str::from_utf8(body).is_ok() {
        return Ok(UTF_8);
    }
    if let Some(encoding) = utf16_by_nuls(body) {
        return Ok(encoding);
    }
    if body.contains(&0) {
        return Err(Error::Binary("binary file (it contains NUL bytes)"));
    }
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
    Ok(if big5 { BIG5 } else { GB18030 })
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

/// Decodes without replacement; on failure returns the offset of the first malformed sequence.
fn decode_strict(encoding: &'static Encoding, body: &[u8]) -> std::result::Result<String, usize> {
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
                return Err(consumed - usize::from(extra) - usize::from(bad));
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
        assert_eq!(decode_strict(UTF_8, bytes), Err(2));
        let mut gbk = GB18030.encode("统计公报").0.into_owned();
        gbk.push(0x81); // lead byte without trail at the end
        assert_eq!(decode_strict(GB18030, &gbk), Err(8));
    }

    #[test]
    fn mz_text_is_not_an_executable() {
        assert_eq!(binary_kind(b"MZ is a name"), None);
    }
}
