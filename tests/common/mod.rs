//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

/// The shared corpus of real reports (`../shared/corpus` beside the crate), if it is there.
///
/// When it is absent this prints a `SKIP:` line and returns `None`, so the calling test can
/// return early; if `GONGWEN_REQUIRE_ALL` is set (CI sets it) it panics instead.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus"));
    if dir.join("raw").is_dir() {
        return Some(dir);
    }
    if std::env::var_os("GONGWEN_REQUIRE_ALL").is_some() {
        panic!(
            "corpus not found at {} and GONGWEN_REQUIRE_ALL is set",
            dir.display()
        );
    }
    println!("SKIP: corpus not found at {}", dir.display());
    None
}

/// The bytes of `raw/<name>` in the corpus, or `None` (after a `SKIP:` line) when the corpus is
/// absent. A missing file in a present corpus is a test failure.
pub fn corpus_file(name: &str) -> Option<Vec<u8>> {
    let path = corpus_dir()?.join("raw").join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// The bytes of a fixture under `tests/data/`.
pub fn data_file(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")).join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}
