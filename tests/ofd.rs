//! OFD: our OFD of the sample and of a whole 公文 as two independent consumers read it (ofdkit
//! and easyofd, through `tests/tools/ofd_consumers.py`): the same text, every glyph where our
//! PDF has it, the fonts embedded as subsets that map the characters drawn; OFD-A with the
//! report's XML attached; our OFD read back to the same report; hostile OFDs refused cleanly.

mod common;

use common::{findings, headings, levels};
use gongwen::format::ofd::OfdOptions;
use gongwen::format::pdf::PdfOptions;
use gongwen::format::{InputFormat, read};
use gongwen::{Document, Report};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/jinghai-2020-rule-of-law-report.txt"
);
const ELEMENTS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/data/gongwen/elements.txt"
);

fn text_input(path: &str) -> Document {
    let bytes = std::fs::read(path).expect("input");
    gongwen::read_text(&bytes, &Default::default()).expect("read")
}

/// Fixed options: a fixed creation date, the built-in fonts.
fn layout() -> PdfOptions {
    PdfOptions {
        created: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_616_976_000)),
        ..PdfOptions::default()
    }
}

fn ofd_of(report: &Report, archive: bool) -> Vec<u8> {
    gongwen::format::ofd::write(report, &layout(), &OfdOptions { archive }).expect("ofd")
}

/// The Python of `tests/tools/.venv` with both consumers, or `None` after a `SKIP:` line.
fn consumers() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/.venv/bin/python");
    let python_name = python.to_string_lossy();
    common::tool_answers(
        &python_name,
        &["-c", "import ofdkit, easyofd, pymupdf"],
        true,
    )
    .then_some(python)
}

/// What the consumers make of an OFD, its glyphs compared with a PDF's.
fn consume(python: &Path, ofd: &Path, pdf: &Path) -> serde_json::Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/ofd_consumers.py");
    let out = Command::new(python)
        .arg(script)
        .arg(ofd)
        .arg(pdf)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON")
}

/// Text without white space and page numbers (`— 3 —`), for comparing what was printed with
/// what a consumer extracts.
fn printed(text: &str) -> String {
    let mut out: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    for n in (1..=99).rev() {
        out = out.replace(&format!("—{n}—"), "");
    }
    out
}

fn strings(value: &serde_json::Value) -> Vec<String> {
    value
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// Both consumers extract the text of the report, place every character within 0.5 mm of where
/// our PDF has it, and find every font a subset whose `cmap` maps the characters drawn.
fn assert_consumers_agree(name: &str, source: &str) {
    let Some(python) = consumers() else { return };
    let document = text_input(source);
    let dir = common::Scratch::new(&format!("ofd-consumers-{name}"));
    let (ofd, pdf) = (dir.path("report.ofd"), dir.path("report.pdf"));
    std::fs::write(&ofd, ofd_of(&document.report, false)).expect("write");
    let pdf_bytes = gongwen::format::pdf::write(&document.report, &layout()).expect("pdf");
    std::fs::write(&pdf, pdf_bytes).expect("write");
    let result = consume(&python, &ofd, &pdf);

    // What was printed: the report's text, the 公文 elements in their places (the 版头 in
    // GB/T 9704's order, the 版记 at the foot of the last page).
    let layout = gongwen::format::pdf::lay_out(&document.report).expect("layout");
    let page_text: Vec<String> = layout
        .pages
        .iter()
        .map(|p| p.lines.iter().map(|l| l.text()).collect())
        .collect();
    let ofdkit = strings(&result["ofdkit"]);
    let easyofd = strings(&result["easyofd"]);
    assert_eq!(ofdkit.len(), layout.pages.len());
    for (consumer, pages) in [("ofdkit", &ofdkit), ("easyofd", &easyofd)] {
        for (theirs, ours) in pages.iter().zip(&page_text) {
            assert_eq!(printed(theirs), printed(ours), "{consumer}");
        }
        let mut chars: Vec<char> = printed(&pages.concat()).chars().collect();
        let mut source: Vec<char> = printed(&document.report.text()).chars().collect();
        chars.sort_unstable();
        source.sort_unstable();
        assert!(chars == source, "{consumer}: not the report's characters");
    }
    if document.report.meta.given.is_empty() && !has_elements(&document) {
        let text = printed(&document.report.text());
        assert!(
            printed(&ofdkit.concat()) == text,
            "ofdkit's text is not the report's"
        );
        assert!(
            printed(&easyofd.concat()) == text,
            "easyofd's text is not the report's"
        );
    }

    let pdf_chars: usize = layout
        .pages
        .iter()
        .flat_map(|p| &p.lines)
        .flat_map(|l| &l.runs)
        .flat_map(|r| r.text.chars())
        .filter(|c| !c.is_whitespace())
        .count();
    for consumer in ["easyofd", "ofdkit"] {
        let glyphs = &result["glyphs"][consumer];
        assert_eq!(glyphs["differ"], 0, "{consumer}: {glyphs}");
        let worst = glyphs["worst_mm"].as_f64().expect("worst");
        assert!(worst < 0.5, "{consumer}: a glyph {worst} mm away: {glyphs}");
    }
    // easyofd places every character: all of the PDF's are compared.
    assert_eq!(result["glyphs"]["easyofd"]["compared"], pdf_chars);

    let fonts = result["fonts"].as_array().expect("fonts");
    assert!(!fonts.is_empty());
    for font in fonts {
        let glyphs = font["glyphs"].as_u64().expect("glyphs");
        let drawn = font["drawn"].as_u64().expect("drawn");
        assert_eq!(font["unmapped"], "", "{font}");
        // The subset: .notdef and the glyphs drawn, nothing more.
        assert!(glyphs <= drawn + 1 && glyphs * 20 < 65_535, "{font}");
    }
    let info = &result["info"];
    assert_eq!(
        info["creator"],
        format!("gongwen {}", env!("CARGO_PKG_VERSION"))
    );
    assert_eq!(
        info["title"].as_str(),
        document
            .report
            .meta
            .title
            .as_deref()
            .or(info["title"].as_str())
    );
    assert!(info["title"].as_str().is_some_and(|t| !t.is_empty()));
}

fn has_elements(document: &Document) -> bool {
    document
        .report
        .body
        .iter()
        .any(|b| matches!(b, gongwen::model::Block::Element(_)))
}

#[test]
fn consumers_read_the_sample_as_printed() {
    assert_consumers_agree("sample", SAMPLE);
}

#[test]
fn consumers_read_a_whole_gongwen_as_printed() {
    assert_consumers_agree("elements", ELEMENTS);
}

#[test]
fn our_ofd_reads_back_to_the_same_report() {
    let text = text_input(SAMPLE);
    let ofd = ofd_of(&text.report, false);
    assert_eq!(InputFormat::detect(None, &ofd), InputFormat::Ofd);
    let back = read(ofd, InputFormat::Ofd, &Default::default()).expect("read");
    assert_eq!(back.report.text(), text.report.text());
    assert_eq!(headings(&back), headings(&text));
    assert_eq!(levels(&back), [4, 18, 29, 0]);
    assert_eq!(findings(&back), findings(&text));
    assert!(!findings(&back).is_empty());
    // A whole 公文, its elements moved to their places, reads back as its PDF does.
    let text = text_input(ELEMENTS);
    let ofd = read(
        ofd_of(&text.report, false),
        InputFormat::Ofd,
        &Default::default(),
    );
    let pdf = gongwen::format::pdf::write(&text.report, &layout()).expect("pdf");
    let pdf = read(pdf, InputFormat::Pdf, &Default::default()).expect("read");
    let ofd = ofd.expect("read");
    assert_eq!(ofd.report.text(), pdf.report.text());
    assert_eq!(headings(&ofd), headings(&pdf));
    assert_eq!(findings(&ofd), findings(&pdf));
    assert_eq!(ofd.source, pdf.source);
}

#[test]
fn the_same_report_and_date_give_the_same_bytes() {
    let report = text_input(ELEMENTS).report;
    assert_eq!(ofd_of(&report, true), ofd_of(&report, true));
    let ofd = ofd_of(&report, false);
    let info = common::zip_part(&ofd, "OFD.xml");
    assert!(info.contains(r#"DocType="OFD""#), "{info}");
    assert!(info.contains("<ofd:CreationDate>2021-03-29</ofd:CreationDate>"));
    assert!(
        info.contains(r#"<ofd:CustomData Name="发文字号">静海政发〔2021〕5号</ofd:CustomData>"#)
    );
    let document = common::zip_part(&ofd, "Doc_0/Document.xml");
    assert!(
        document.contains("<ofd:OutlineElem Title=\"一、主要举措和成效\""),
        "{document}"
    );
    // The red rule of the 版头.
    let page = common::zip_part(&ofd, "Doc_0/Pages/Page_0/Content.xml");
    assert!(
        page.contains(r#"<ofd:StrokeColor Value="230 0 18"/>"#),
        "{page}"
    );
}

#[test]
fn convert_and_archive_write_ofd_and_ofd_a() {
    let dir = common::Scratch::new("ofd-cli");
    let (ofd, xml, to) = (dir.path("x.ofd"), dir.path("x.xml"), dir.path("to.bin"));
    for args in [
        vec!["convert", ELEMENTS, "-o", ofd.to_str().unwrap()],
        vec!["convert", ELEMENTS, "-o", xml.to_str().unwrap()],
        vec![
            "convert",
            ELEMENTS,
            "--to",
            "ofd",
            "-o",
            to.to_str().unwrap(),
        ],
    ] {
        let out = common::gongwen(&args);
        assert!(out.status.success(), "{}", common::stderr(&out));
    }
    assert!(std::fs::read(&to).expect("to").starts_with(b"PK"));
    // An OFD is an input like any other: by its extension, or sniffed.
    let md = dir.path("x.md");
    let out = common::gongwen(&["convert", to.to_str().unwrap(), "-o", md.to_str().unwrap()]);
    assert!(out.status.success(), "{}", common::stderr(&out));
    assert!(
        std::fs::read_to_string(&md)
            .expect("md")
            .contains("一、主要举措和成效")
    );

    let archive = dir.path("archive");
    let archive_elements = || {
        common::gongwen(&[
            "archive",
            ELEMENTS,
            "--format",
            "ofd",
            "-o",
            archive.to_str().unwrap(),
        ])
    };
    let out = archive_elements();
    assert!(out.status.success(), "{}", common::stderr(&out));
    let package = std::fs::read(archive.join("elements.ofd")).expect("OFD-A");
    let info = common::zip_part(&package, "OFD.xml");
    assert!(info.contains(r#"DocType="OFD-A""#), "{info}");
    let attached = common::zip_part(&package, "Doc_0/Attachs/report.xml");
    assert_eq!(attached, std::fs::read_to_string(&xml).expect("xml"));
    assert!(common::zip_part(&package, "Doc_0/Attachs/Attachments.xml").contains("report.xml"));
    assert_eq!(
        std::fs::read_to_string(archive.join("elements.xml")).expect("xml"),
        attached
    );
    let manifest = std::fs::read_to_string(archive.join("manifest.jsonl")).expect("manifest");
    assert!(
        manifest.contains("elements.ofd") && manifest.contains("ofd-a"),
        "{manifest}"
    );
    // Resumed: nothing to do.
    let out = archive_elements();
    assert!(
        common::stderr(&out).contains("unchanged 1"),
        "{}",
        common::stderr(&out)
    );
}

/// A zip of the given parts; `deflate` compresses them.
fn zip_of(parts: &[(&str, &[u8])], deflate: bool) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let method = if deflate {
        zip::CompressionMethod::Deflated
    } else {
        zip::CompressionMethod::Stored
    };
    for (name, bytes) in parts {
        let options = zip::write::SimpleFileOptions::default().compression_method(method);
        zip.start_file(*name, options).expect("part");
        zip.write_all(bytes).expect("write");
    }
    zip.finish().expect("zip").into_inner()
}

const OFD_XML: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;

#[test]
fn hostile_ofds_give_one_line_errors() {
    let many_pages = format!(
        r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>{}</ofd:Pages></ofd:Document>"#,
        r#"<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>"#.repeat(20_001)
    );
    let zeros = vec![0u8; 4 << 20];
    let cases: [(&str, Vec<u8>, &str); 7] = [
        ("not-a-zip.ofd", b"plain words".to_vec(), "not a zip package"),
        (
            "no-root.ofd",
            zip_of(&[("Doc_0/Document.xml", b"<a/>")], false),
            "no OFD.xml",
        ),
        (
            "bad-xml.ofd",
            zip_of(&[("OFD.xml", b"<ofd:OFD><ofd:DocBody></ofd:OFD")], false),
            "not well-formed",
        ),
        (
            "traversal.ofd",
            zip_of(&[("OFD.xml", OFD_XML), ("../evil.xml", b"<a/>")], false),
            "unsafe entry name",
        ),
        (
            "bomb.ofd",
            zip_of(&[("OFD.xml", &zeros)], true),
            "zip bomb",
        ),
        (
            "pages.ofd",
            zip_of(
                &[
                    ("OFD.xml", OFD_XML),
                    ("Doc_0/Document.xml", many_pages.as_bytes()),
                ],
                false,
            ),
            "more than 20000 pages",
        ),
        (
            "no-text.ofd",
            zip_of(
                &[
                    ("OFD.xml", OFD_XML),
                    (
                        "Doc_0/Document.xml",
                        br#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="P.xml"/></ofd:Pages></ofd:Document>"#,
                    ),
                    ("Doc_0/P.xml", br#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"/>"#),
                ],
                false,
            ),
            "no text",
        ),
    ];
    let dir = common::Scratch::new("ofd-hostile");
    for (name, bytes, what) in cases {
        let path = dir.path(name);
        std::fs::write(&path, bytes).expect("write");
        let out = common::gongwen(&["check", path.to_str().unwrap()]);
        common::assert_error(&out, name, what);
    }
}
