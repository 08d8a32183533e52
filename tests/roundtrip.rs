//! Whole pipeline round trips: text → model → XML → model, on the sample, on every corpus file
//! and on arbitrary input; the XML validates against the schema with the real xmllint.

mod common;

use gongwen::format::xml;
use proptest::prelude::*;
use std::path::Path;
use std::process::Command;

/// Reads, writes XML, reads it back: the model must come back equal, and the text of the body
/// must be the normalized text.
fn round_trip(name: &str, bytes: &[u8]) -> Vec<u8> {
    let document =
        gongwen::read_text(bytes, &Default::default()).unwrap_or_else(|e| panic!("{name}: {e}"));
    let normalized = gongwen::normalize::normalize(&document.source);
    assert_eq!(document.report.text(), normalized.text, "{name}: body text");
    let xml_bytes = xml::write(&document.report).unwrap_or_else(|e| panic!("{name}: {e}"));
    let back = xml::read(&xml_bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(
        back == document.report,
        "{name}: the XML reads back to another model"
    );
    xml_bytes
}

#[test]
fn sample_round_trips() {
    round_trip(
        "sample",
        include_bytes!("../samples/jinghai-2020-rule-of-law-report.txt"),
    );
}

#[test]
fn every_corpus_file_round_trips_and_validates() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    assert!(files.len() >= 40, "corpus has only {} files", files.len());
    let lint = common::tool_available("xmllint");
    let dir = common::Scratch::new("roundtrip");
    let mut paths = Vec::new();
    for (name, bytes) in &files {
        let xml_bytes = round_trip(name, bytes);
        let path = dir.join(format!("{name}.xml"));
        std::fs::write(&path, xml_bytes).unwrap();
        paths.push(path);
    }
    if lint {
        let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report.xsd");
        let out = Command::new("xmllint")
            .args(["--noout", "--schema"])
            .arg(&schema)
            .args(&paths)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{stderr}");
        assert_eq!(
            stderr.matches(" validates").count(),
            files.len(),
            "{stderr}"
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600)) {
        if let Ok(document) = gongwen::read_text(&bytes, &Default::default()) {
            let xml_bytes = xml::write(&document.report).unwrap();
            prop_assert_eq!(xml::read(&xml_bytes).unwrap(), document.report);
        }
        let lossy = gongwen::ReadOptions { lossy: true, ..Default::default() };
        let _ = gongwen::read_text(&bytes, &lossy);
    }

    #[test]
    fn arbitrary_text_round_trips(text in "(\\PC|\\n|一、|（一）|1\\.|[0-9]{1,6}|万|亿|%|其中|,|。|是){0,120}") {
        if let Ok(document) = gongwen::read_text(text.as_bytes(), &Default::default()) {
            let normalized = gongwen::normalize::normalize(&document.source);
            prop_assert_eq!(document.report.text(), normalized.text);
            let xml_bytes = xml::write(&document.report).unwrap();
            prop_assert_eq!(xml::read(&xml_bytes).unwrap(), document.report.clone());
            let _ = gongwen::check::check(&document.report);
        }
    }
}
