//! The PDF writer against real readers: poppler-utils (`pdftotext`, `pdffonts`, `pdfinfo`,
//! `pdfdetach`, `pdftoppm`) and `qpdf`, on the sample report. Each test prints `SKIP:` and
//! returns when a tool is missing (panics instead when `GONGWEN_REQUIRE_ALL` is set).

mod common;

use common::{BoxLine, bbox_lines, tool_available};
use gongwen::format::pdf::layout::{
    BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH, CHAR_PITCH, LINE_PITCH, MM, SMALL_SIZE,
};
use gongwen::format::pdf::{PdfA, PdfOptions};
use gongwen::{Report, format};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use std::time::{Duration, SystemTime};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/jinghai-2020-rule-of-law-report.txt"
);
/// Pages the sample takes.
const SAMPLE_PAGES: usize = 18;
/// Half a millimetre, the geometric tolerance.
const TOLERANCE: f32 = 0.5 * MM;

fn sample_report() -> &'static Report {
    static REPORT: OnceLock<Report> = OnceLock::new();
    REPORT.get_or_init(|| {
        let bytes = std::fs::read(SAMPLE).expect("sample");
        gongwen::read_text(&bytes, &Default::default())
            .expect("sample reads")
            .report
    })
}

/// The PDFs the tests share, under the build directory: one directory, overwritten by each run.
fn out_dir() -> PathBuf {
    let dir = common::scratch_root().join("gongwen-interop-pdf");
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn options(pdfa: Option<PdfA>) -> PdfOptions {
    PdfOptions {
        pdfa,
        created: Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_617_000_000)),
        ..PdfOptions::default()
    }
}

/// The sample as PDF (built-in font), written once.
fn sample_pdf() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| {
        let bytes = format::pdf::write(sample_report(), &options(None)).expect("PDF");
        let path = out_dir().join("sample.pdf");
        std::fs::write(&path, bytes).expect("write PDF");
        path
    })
}

/// The sample as PDF/A-3b.
fn sample_pdfa3() -> &'static Path {
    static PDF: OnceLock<PathBuf> = OnceLock::new();
    PDF.get_or_init(|| {
        let bytes = format::pdf::write(sample_report(), &options(Some(PdfA::A3b))).expect("PDF/A");
        let path = out_dir().join("sample-a3b.pdf");
        std::fs::write(&path, bytes).expect("write PDF");
        path
    })
}

fn run(tool: &str, args: &[&str]) -> String {
    let output = Command::new(tool)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{tool}: {e}"));
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

fn path_str(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// Text of the text block only (page numbers cropped away), one string per page.
fn block_text(pdf: &Path) -> Vec<String> {
    block_text_with(pdf, &[])
}

/// Like [`block_text`], with more `pdftotext` options.
fn block_text_with(pdf: &Path, extra: &[&str]) -> Vec<String> {
    let height = format!("{}", (BLOCK_TOP + BLOCK_HEIGHT).ceil() as i32);
    let mut args = extra.to_vec();
    args.extend_from_slice(&[
        "-enc",
        "UTF-8",
        "-x",
        "0",
        "-y",
        "0",
        "-W",
        "600",
        "-H",
        &height,
        path_str(pdf),
        "-",
    ]);
    let text = run("pdftotext", &args);
    let mut pages: Vec<String> = text.split('\u{c}').map(str::to_string).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    pages
}

#[test]
fn text_extracts_exactly() {
    if !tool_available("pdftotext") {
        return;
    }
    let expected = sample_report().text().replace('\n', "");
    let got = block_text(sample_pdf()).concat().replace('\n', "");
    assert_same_text("sample", &got, &expected);
}

#[test]
fn no_line_starts_with_closing_or_ends_with_opening_punctuation() {
    if !tool_available("pdftotext") {
        return;
    }
    for (page, text) in block_text(sample_pdf()).iter().enumerate() {
        for line in text.lines().filter(|l| !l.is_empty()) {
            let first = line.chars().next().unwrap_or(' ');
            let last = line.chars().last().unwrap_or(' ');
            assert!(
                !"，。、；：？！）》」』".contains(first),
                "page {}: line starts with {first}: {line}",
                page + 1
            );
            assert!(
                !"（《「『".contains(last),
                "page {}: line ends with {last}: {line}",
                page + 1
            );
        }
    }
}

#[test]
fn fonts_are_embedded_and_subset() {
    if !tool_available("pdffonts") {
        return;
    }
    let out = run("pdffonts", &[path_str(sample_pdf())]);
    let rows: Vec<&str> = out
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .collect();
    assert!(!rows.is_empty(), "no fonts listed:\n{out}");
    for row in rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type… encoding emb sub uni object ID: emb, sub and uni are the 5th–3rd from the end.
        let n = cols.len();
        assert!(n >= 6, "unexpected pdffonts row: {row}");
        assert_eq!(cols[n - 5], "yes", "not embedded: {row}");
        assert_eq!(cols[n - 4], "yes", "not subset: {row}");
        assert_eq!(cols[n - 3], "yes", "no ToUnicode: {row}");
        assert!(cols[0].contains('+'), "subset tag missing: {row}");
    }
}

#[test]
fn qpdf_check_is_clean() {
    if !tool_available("qpdf") {
        return;
    }
    for pdf in [sample_pdf(), sample_pdfa3()] {
        let out = run("qpdf", &["--check", path_str(pdf)]);
        assert!(
            out.contains("No syntax or stream encoding errors found"),
            "{out}"
        );
        assert!(!out.to_lowercase().contains("warning"), "{out}");
    }
}

#[test]
fn info_a4_title_author_pages_size() {
    if !tool_available("pdfinfo") {
        return;
    }
    let out = run("pdfinfo", &[path_str(sample_pdf())]);
    assert!(out.contains("(A4)"), "{out}");
    assert!(
        out.lines()
            .any(|l| l.starts_with("Title:") && l.ends_with("2020年靜海區法治政府建設情況報告")),
        "{out}"
    );
    assert!(
        out.lines()
            .any(|l| l.starts_with("Author:") && l.ends_with("天津市靜海區人民政府")),
        "{out}"
    );
    assert!(
        out.lines().any(|l| l.starts_with("Pages:")
            && l.split_whitespace().nth(1) == Some(&SAMPLE_PAGES.to_string())),
        "expected {SAMPLE_PAGES} pages:\n{out}"
    );
    let size = std::fs::metadata(sample_pdf()).expect("size").len();
    assert!(size < 400 * 1024, "the sample PDF is {size} bytes");
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() <= TOLERANCE
}

fn is_cjk(c: char) -> bool {
    gongwen::format::pdf::linebreak::is_cjk(c)
}

#[test]
fn geometry_follows_gb_t_9704() {
    if !tool_available("pdftotext") {
        return;
    }
    let pages = bbox_lines(sample_pdf());
    assert_eq!(pages.len(), SAMPLE_PAGES);
    let block_bottom = BLOCK_TOP + BLOCK_HEIGHT;
    let block_right = BLOCK_LEFT + BLOCK_WIDTH;
    let (body, numbers): (Vec<&BoxLine>, Vec<&BoxLine>) =
        pages[0].iter().partition(|l| l.y_min < block_bottom);
    // The block's top: the title's first line.
    assert!(near(body[0].y_min, BLOCK_TOP), "top {}", body[0].y_min / MM);
    // The first body line is indented two characters; the next starts at the block's edge.
    assert!(
        near(body[1].x_min, BLOCK_LEFT + 2.0 * CHAR_PITCH),
        "{:?}",
        body[1]
    );
    assert!(near(body[2].x_min, BLOCK_LEFT), "{:?}", body[2]);
    // Page 1's number: right-aligned one 14 pt character in, 7 mm below the block.
    assert_eq!(numbers.len(), 1, "{numbers:?}");
    assert!(
        near(numbers[0].x_max, block_right - SMALL_SIZE),
        "{numbers:?}"
    );
    assert!(
        near(numbers[0].y_min, block_bottom + 7.0 * MM),
        "{numbers:?}"
    );
    // Page 2's number: left-aligned one character in.
    let number2: Vec<&BoxLine> = pages[1]
        .iter()
        .filter(|l| l.y_min >= block_bottom)
        .collect();
    assert_eq!(number2.len(), 1, "{number2:?}");
    assert!(
        near(number2[0].x_min, BLOCK_LEFT + SMALL_SIZE),
        "{number2:?}"
    );

    let mut counts = std::collections::BTreeMap::new();
    let mut full_pages = 0;
    for (index, page) in pages.iter().enumerate() {
        let lines: Vec<&BoxLine> = page.iter().filter(|l| l.y_min < block_bottom).collect();
        assert!(
            lines.len() <= 22,
            "page {}: {} lines",
            index + 1,
            lines.len()
        );
        if lines.len() == 22 {
            full_pages += 1;
        }
        for line in &lines {
            // Every line sits on the grid.
            let slot = (line.y_min - BLOCK_TOP) / LINE_PITCH;
            assert!(
                (slot - slot.round()).abs() * LINE_PITCH <= TOLERANCE,
                "page {}: off the grid: {line:?}",
                index + 1
            );
            // Full lines of Chinese hold 28 characters (27 or 29 where punctuation is pushed
            // out or in).
            if near(line.x_min, BLOCK_LEFT)
                && near(line.x_max, block_right)
                && line.text.chars().all(is_cjk)
            {
                *counts.entry(line.text.chars().count()).or_insert(0) += 1;
            }
        }
    }
    let most = counts.iter().max_by_key(|(_, n)| **n).map(|(c, _)| *c);
    assert_eq!(most, Some(28), "characters per full line: {counts:?}");
    assert!(
        counts.keys().all(|c| (27..=29).contains(c)),
        "characters per full line: {counts:?}"
    );
    assert!(
        full_pages * 2 >= SAMPLE_PAGES,
        "only {full_pages} pages hold 22 lines"
    );
}

#[derive(Debug)]
struct Bookmark {
    title: String,
    page: usize,
    kids: Vec<Bookmark>,
}

fn bookmarks(value: &serde_json::Value) -> Vec<Bookmark> {
    value
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| Bookmark {
                    title: item["title"].as_str().unwrap_or_default().to_string(),
                    page: item["destpageposfrom1"].as_u64().unwrap_or(0) as usize,
                    kids: bookmarks(&item["kids"]),
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn bookmarks_nest_and_point_at_their_pages() {
    if !tool_available("qpdf") || !tool_available("pdftotext") {
        return;
    }
    let json = run(
        "qpdf",
        &["--json", "--json-key=outlines", path_str(sample_pdf())],
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("qpdf JSON");
    let tree = bookmarks(&value["outlines"]);
    let mut per_level = [0usize; 3];
    let pages: Vec<String> = block_text(sample_pdf())
        .iter()
        .map(|p| p.replace('\n', ""))
        .collect();
    fn walk(nodes: &[Bookmark], level: usize, per_level: &mut [usize; 3], pages: &[String]) {
        for node in nodes {
            assert!(level < 3, "bookmark nested too deep: {}", node.title);
            per_level[level] += 1;
            let page = pages
                .get(node.page.wrapping_sub(1))
                .unwrap_or_else(|| panic!("{}: page {} out of range", node.title, node.page));
            assert!(
                page.contains(&node.title),
                "{} is not on page {}",
                node.title,
                node.page
            );
            walk(&node.kids, level + 1, per_level, pages);
        }
    }
    walk(&tree, 0, &mut per_level, &pages);
    assert_eq!(per_level, [4, 18, 29]);
}

#[test]
fn pdfa_3b_carries_the_xml() {
    if !tool_available("pdfdetach") || !tool_available("pdfinfo") {
        return;
    }
    let pdf = sample_pdfa3();
    let list = run("pdfdetach", &["-list", path_str(pdf)]);
    assert!(list.contains("report.xml"), "{list}");
    let saved = out_dir().join("report.xml");
    run(
        "pdfdetach",
        &["-save", "1", "-o", path_str(&saved), path_str(pdf)],
    );
    let xml = std::fs::read(&saved).expect("extracted XML");
    assert!(
        xml == format::xml::write(sample_report()).expect("XML"),
        "the attached XML differs from the report's XML"
    );
    let meta = run("pdfinfo", &["-meta", path_str(pdf)]);
    assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{meta}"
    );
}

#[test]
fn pdfa_2b_has_its_identification_and_no_attachment() {
    if !tool_available("pdfinfo") || !tool_available("pdfdetach") {
        return;
    }
    let bytes = format::pdf::write(sample_report(), &options(Some(PdfA::A2b))).expect("PDF/A-2b");
    let path = out_dir().join("sample-a2b.pdf");
    std::fs::write(&path, bytes).expect("write");
    let meta = run("pdfinfo", &["-meta", path_str(&path)]);
    assert!(meta.contains("<pdfaid:part>2</pdfaid:part>"), "{meta}");
    assert!(
        meta.contains("<pdfaid:conformance>B</pdfaid:conformance>"),
        "{meta}"
    );
    let list = run("pdfdetach", &["-list", path_str(&path)]);
    assert!(list.starts_with("0 embedded files"), "{list}");
}

/// Renders pages 1 and 2 at 100 dpi into `target/pdf-pages/`, to be looked at.
#[test]
fn render_first_pages() {
    if !tool_available("pdftoppm") {
        return;
    }
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/target")));
    let dir = target.join("pdf-pages");
    std::fs::create_dir_all(&dir).expect("pdf-pages");
    let prefix = dir.join("sample");
    let output = Command::new("pdftoppm")
        .args(["-r", "100", "-f", "1", "-l", "2", "-png"])
        .arg(sample_pdf())
        .arg(&prefix)
        .output()
        .expect("pdftoppm");
    assert!(output.status.success(), "{output:?}");
    for page in ["sample-01.png", "sample-02.png"] {
        let png = std::fs::read(dir.join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(png.starts_with(b"\x89PNG"), "{page} is not a PNG");
    }
    println!("rendered pages 1–2 into {}", dir.display());
}

#[test]
fn page_labels_are_decimal_page_numbers() {
    if !tool_available("qpdf") {
        return;
    }
    let json = run(
        "qpdf",
        &["--json", "--json-key=pagelabels", path_str(sample_pdf())],
    );
    let value: serde_json::Value = serde_json::from_str(&json).expect("qpdf JSON");
    let labels = value["pagelabels"].as_array().expect("page labels");
    assert!(!labels.is_empty());
    for entry in labels {
        let index = entry["index"].as_u64().expect("index");
        assert_eq!(entry["label"]["/S"], "/D", "{entry}");
        assert_eq!(entry["label"]["/St"].as_u64(), Some(index + 1), "{entry}");
    }
}

/// Every corpus file the fonts cover extracts exactly, but for whitespace: poppler writes one
/// space for any run of spaces (U+3000 included) and drops spaces at line ends, so whitespace is
/// removed on both sides before comparing. `-raw` keeps poppler from joining a line that ends
/// in `-` to the next without the hyphen (some files have `<!--` lines). Files with characters outside every font must fail
/// with the missing-glyph error, nothing else.
#[test]
fn corpus_text_extracts_exactly() {
    if !tool_available("pdftotext") {
        return;
    }
    let Some(files) = common::corpus_files() else {
        return;
    };
    let dir = out_dir();
    let mut checked = 0;
    for (name, bytes) in files {
        let Ok(document) = gongwen::read_text(&bytes, &Default::default()) else {
            continue;
        };
        let pdf = match format::pdf::write(&document.report, &options(None)) {
            Ok(pdf) => pdf,
            Err(gongwen::Error::MissingGlyphs(chars)) => {
                println!("{name}: not covered by the built-in font: {chars:?}");
                continue;
            }
            Err(e) => panic!("{name}: {e}"),
        };
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).expect("write");
        // Tables are drawn as grids: their `|` separators are rules, not text.
        let strip = |s: &str| {
            s.chars()
                .filter(|c| !c.is_whitespace() && *c != '|')
                .collect::<String>()
        };
        let expected = strip(&document.report.text());
        let got = strip(&block_text_with(&path, &["-raw"]).concat());
        assert_same_text(&name, &got, &expected);
        checked += 1;
    }
    println!("{checked} corpus files extract exactly");
}

/// A character outside the built-in font is drawn with an installed font that has it, when
/// installed fonts may be used; with none, the error lists it. Never an empty box.
#[test]
fn characters_outside_the_builtin_font_fall_back_to_installed_fonts() {
    if !tool_available("pdffonts") {
        return;
    }
    let document =
        gongwen::read_text("标题\n►经济成长方面。".as_bytes(), &Default::default()).expect("reads");
    let builtin_only = format::pdf::write(&document.report, &options(None));
    assert!(
        matches!(&builtin_only, Err(gongwen::Error::MissingGlyphs(c)) if c == &['►']),
        "{:?}",
        builtin_only.err()
    );
    let with_system = PdfOptions {
        system_fonts: true,
        ..options(None)
    };
    match format::pdf::write(&document.report, &with_system) {
        Ok(pdf) => {
            let path = out_dir().join("fallback.pdf");
            std::fs::write(&path, pdf).expect("write");
            let fonts = Command::new("pdffonts")
                .arg(&path)
                .output()
                .expect("pdffonts");
            let listing = String::from_utf8_lossy(&fonts.stdout);
            assert_eq!(
                listing.lines().count(),
                5,
                "the built-in title and body faces and one installed font:\n{listing}"
            );
            let text = block_text_with(&path, &["-raw"]).concat();
            assert!(text.contains("►经济成长方面"), "{text}");
        }
        Err(gongwen::Error::MissingGlyphs(c)) => {
            assert_eq!(c, ['►']);
            println!("no installed font has ►: the error lists it");
        }
        Err(e) => panic!("{e}"),
    }
}

/// Asserts that extracted text equals the expected text, showing where they part.
fn assert_same_text(name: &str, got: &str, expected: &str) {
    if got == expected {
        return;
    }
    let at = got
        .chars()
        .zip(expected.chars())
        .position(|(a, b)| a != b)
        .unwrap_or(got.chars().count().min(expected.chars().count()));
    let context = |s: &str| {
        s.chars()
            .skip(at.saturating_sub(10))
            .take(30)
            .collect::<String>()
    };
    panic!(
        "{name}: extracted text differs at character {at}:\n  got      {}\n  expected {}",
        context(got),
        context(expected)
    );
}
