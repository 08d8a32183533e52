//! Shared by the targets that decode text: the first input byte picks strict or lossy decoding,
//! so both paths are explored; the rest is the input.

/// The read options the first byte asks for, and the bytes after it.
pub fn options_and_bytes(data: &[u8]) -> (gongwen::ReadOptions, &[u8]) {
    let (lossy, bytes) = match data.split_first() {
        Some((flags, rest)) => (flags & 1 == 1, rest),
        None => (false, data),
    };
    let options = gongwen::ReadOptions {
        encoding: None,
        lossy,
    };
    (options, bytes)
}
