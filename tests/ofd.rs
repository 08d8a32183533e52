//! OFD: our OFD of the sample and of a whole 公文 as two independent consumers read it (ofdkit
//! and easyofd, through `tests/tools/ofd_consumers.py`): the same text, every glyph where our
//! PDF has it, the fonts embedded as subsets that map the characters drawn; OFD-A with the
//! report's XML attached; our OFD read back to the same report; hostile OFDs refused cleanly.

mod common;

use common::{findings, headings, levels};
use gongwen::format::gbt9704::Role;
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

/// Runs `tests/tools/ofd_consumers.py` with `args` in `dir` (a scratch directory: easyofd
/// leaves working files in the current one); its standard output.
fn consumers_say(python: &Path, args: &[&std::ffi::OsStr], dir: &Path) -> Vec<u8> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/ofd_consumers.py");
    let out = Command::new(python)
        .arg(script)
        .args(args)
        .current_dir(dir)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// What the consumers make of an OFD, its glyphs compared with a PDF's.
fn consume(python: &Path, ofd: &Path, pdf: &Path) -> serde_json::Value {
    let dir = ofd.parent().expect("scratch");
    let out = consumers_say(python, &[ofd.as_os_str(), pdf.as_os_str()], dir);
    serde_json::from_slice(&out).expect("JSON")
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
    let layout = gongwen::format::pdf::lay_out(&document.report, false).expect("layout");
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

/// easyofd renders our OFD of a report (drawing every character where it computes it, in one
/// TrueType face) and the page images at 150 dpi are compared with our PDF's, drawn in the same
/// face: every ink pixel of either page within 0.5 mm of ink on the other. The same comparison
/// against the PDF in the built-in faces (other glyph shapes) fails, so it can.
fn assert_easyofd_renders(name: &str, document: &Document) {
    let Some(python) = consumers() else { return };
    let face = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts/WenKai-gongwen.ttf");
    let one_face = PdfOptions {
        fonts: Role::ALL.iter().map(|&r| (r, face.clone())).collect(),
        system_fonts: false,
        ..layout()
    };
    let dir = common::Scratch::new(&format!("ofd-render-{name}"));
    let (ofd, pdf, builtin) = (
        dir.path("report.ofd"),
        dir.path("report.pdf"),
        dir.path("builtin.pdf"),
    );
    let report = &document.report;
    let options = OfdOptions { archive: false };
    let ofd_bytes = gongwen::format::ofd::write(report, &one_face, &options).expect("ofd");
    std::fs::write(&ofd, ofd_bytes).expect("write");
    let pdf_bytes = gongwen::format::pdf::write(report, &one_face).expect("pdf");
    std::fs::write(&pdf, pdf_bytes).expect("write");
    std::fs::write(
        &builtin,
        gongwen::format::pdf::write(report, &layout()).expect("pdf"),
    )
    .expect("write");
    let render = |pdf: &Path| {
        let args = [
            "--render".as_ref(),
            face.as_os_str(),
            ofd.as_os_str(),
            pdf.as_os_str(),
        ];
        let out = consumers_say(&python, &args, ofd.parent().expect("scratch"));
        serde_json::from_slice::<serde_json::Value>(&out).expect("JSON")
    };
    let result = render(&pdf);
    let pages = result["pages"].as_array().expect("pages");
    assert_eq!(result["ours"], result["theirs"], "{result}");
    assert_eq!(pages.len() as u64, result["ours"].as_u64().expect("pages"));
    for (i, page) in pages.iter().enumerate() {
        let distance = page["distance_mm"].as_f64();
        assert!(distance.is_some_and(|d| d <= 0.5), "page {}: {page}", i + 1);
        // The same ink, give or take the rules' antialiasing.
        let (ours, theirs) = (
            page["ours"].as_f64().unwrap(),
            page["theirs"].as_f64().unwrap(),
        );
        assert!(
            ours > 0.0 && (ours - theirs).abs() <= 0.02 * ours,
            "page {}: {page}",
            i + 1
        );
    }
    let other = render(&builtin);
    let pages = other["pages"].as_array().expect("pages");
    assert!(
        pages
            .iter()
            .all(|p| p["distance_mm"].as_f64().is_none_or(|d| d > 0.5)),
        "other glyph shapes pass: {other}"
    );
}

#[test]
fn easyofd_renders_a_whole_gongwen_where_our_pdf_draws_it() {
    assert_easyofd_renders("elements", &text_input(ELEMENTS));
}

#[test]
fn easyofd_renders_a_report_where_our_pdf_draws_it() {
    let Some(bytes) = common::corpus_file("002_fzzf-jinghai-2023.txt") else {
        return;
    };
    let document = gongwen::read_text(&bytes, &Default::default()).expect("read");
    assert_easyofd_renders("corpus", &document);
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

/// An OFD made by another producer (easyofd's PDF-to-OFD converter, from our PDF: its own page
/// boxes and units, text objects and `<Page …></Page>` elements) reads to the same text,
/// sections and findings as the text. (easyofd gives every run of a line the whole line's
/// box, so a line of two faces, a run-in heading, comes out of it scrambled: the report here
/// has none.)
#[test]
fn an_ofd_of_another_producer_reads_to_the_same_report() {
    let Some(python) = consumers() else { return };
    let source = "关于2023年行政复议工作情况的报告\n\n\
        一、基本情况\n\n\
        全年共收到行政复议申请515件，其中受理481件，不予受理34件。受理的案件中，\
        维持原行政行为218件，确认违法或撤销297件，办结率100%。\n\n\
        （一）案件办理\n\n\
        全年办结案件481件，平均办理周期45天，较上年缩短5天。\n\n\
        （二）队伍建设\n\n\
        组织业务培训12次，参训人员360人次，占全体工作人员的120%。\n\n\
        二、下一步工作\n\n\
        继续规范办案程序，提高办案质量。";
    let text = gongwen::read_text(source.as_bytes(), &Default::default()).expect("read");
    let dir = common::Scratch::new("ofd-other-producer");
    let (pdf, ofd) = (dir.path("report.pdf"), dir.path("other.ofd"));
    let pdf_bytes = gongwen::format::pdf::write(&text.report, &layout()).expect("pdf");
    std::fs::write(&pdf, pdf_bytes).expect("write");
    let args = ["--from-pdf".as_ref(), pdf.as_os_str(), ofd.as_os_str()];
    consumers_say(&python, &args, pdf.parent().expect("scratch"));
    let other = std::fs::read(&ofd).expect("their OFD");
    assert_eq!(InputFormat::detect(None, &other), InputFormat::Ofd);
    let back = read(other, InputFormat::Ofd, &Default::default()).expect("read");
    assert_eq!(printed(&back.report.text()), printed(&text.report.text()));
    assert_eq!(headings(&back), headings(&text));
    assert_eq!(levels(&back), [2, 2, 0, 0]);
    assert_eq!(findings(&back), findings(&text));
    assert!(!findings(&back).is_empty());
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

/// A document of `pages` pages, each `<Page …></Page>` (not empty-element, as some producers
/// write it) naming the template page `T.xml`; the page's own text, then the template's.
fn templated(pages: usize, page_text: &str, template_text: &str) -> Vec<u8> {
    const NS: &str = "http://www.ofdspec.org/2016";
    let list: String = (0..pages)
        .map(|i| {
            format!(
                r#"<ofd:Page ID="{}" BaseLoc="P{i}.xml"></ofd:Page>"#,
                i + 10
            )
        })
        .collect();
    let document = format!(
        r#"<ofd:Document xmlns:ofd="{NS}"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea><ofd:TemplatePage ID="2" BaseLoc="T.xml" ZOrder="Background"/></ofd:CommonData><ofd:Pages>{list}</ofd:Pages></ofd:Document>"#
    );
    let text = |y: u32, text: &str| {
        format!(
            r#"<ofd:Content><ofd:Layer ID="3"><ofd:TextObject ID="4" Boundary="28 {y} 156 10" Font="1" Size="5.6"><ofd:TextCode X="0" Y="5" DeltaX="g {} 5.6">{text}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content>"#,
            text.chars().count().saturating_sub(1)
        )
    };
    let template = format!(
        r#"<ofd:Page xmlns:ofd="{NS}">{}</ofd:Page>"#,
        text(20, template_text)
    );
    let page = format!(
        r#"<ofd:Page xmlns:ofd="{NS}"><ofd:Template TemplateID="2" ZOrder="Background"/>{}</ofd:Page>"#,
        text(60, page_text)
    );
    let mut parts: Vec<(String, Vec<u8>)> = vec![
        ("OFD.xml".into(), OFD_XML.to_vec()),
        ("Doc_0/Document.xml".into(), document.into_bytes()),
        ("Doc_0/T.xml".into(), template.into_bytes()),
    ];
    for i in 0..pages {
        parts.push((format!("Doc_0/P{i}.xml"), page.clone().into_bytes()));
    }
    let parts: Vec<(&str, &[u8])> = parts
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    zip_of(&parts, true)
}

#[test]
fn template_pages_and_open_page_elements_are_read() {
    let bytes = templated(1, "全年共办理行政复议案件12件。", "某某市人民政府文件");
    let document = read(bytes, InputFormat::Ofd, &Default::default()).expect("read");
    let text = document.report.text();
    // The template's line above the page's own.
    assert_eq!(text, "某某市人民政府文件\n全年共办理行政复议案件12件。");
}

#[test]
fn hostile_ofds_give_one_line_errors() {
    let many_pages = format!(
        r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages>{}</ofd:Pages></ofd:Document>"#,
        r#"<ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>"#.repeat(20_001)
    );
    let zeros = vec![0u8; 4 << 20];
    // 600 pages naming a template of 2,000 characters: 1.2 million repeated.
    let repeated = templated(600, "正文", &"模".repeat(2_000));
    let cases: [(&str, Vec<u8>, &str); 8] = [
        ("templates.ofd", repeated, "repeat more than 1048576 characters"),
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
