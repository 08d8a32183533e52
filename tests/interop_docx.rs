//! DOCX against real tools: LibreOffice renders the sample's DOCX to PDF and text, poppler's
//! `pdftotext` measures the grid, python-docx reads styles, outline levels and properties, and
//! a DOCX that LibreOffice makes from the plain text reads like the text.
//!
//! A missing tool prints `SKIP: <tool> not installed` and the test passes, unless
//! `GONGWEN_REQUIRE_ALL` is set, when it fails.

use gongwen::format::docx::{self, DocxOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &[u8] = include_bytes!("../samples/jinghai-2020-rule-of-law-report.txt");
/// Pages of the sample in LibreOffice with the fonts CI installs (Noto CJK standing in for the
/// 公文 fonts).
const SAMPLE_PAGES: usize = 19;
/// How long one LibreOffice conversion may take.
const SOFFICE_TIMEOUT: Duration = Duration::from_secs(300);

/// Returns true if and only if `tool` answers `args`; otherwise reports the skip (or fails when
/// every tool is required).
fn have(tool: &str, program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip(tool);
    }
    ok
}

/// Reports a missing tool, or fails when `GONGWEN_REQUIRE_ALL` is set.
fn skip(tool: &str) {
    assert!(
        std::env::var_os("GONGWEN_REQUIRE_ALL").is_none(),
        "{tool} not installed and GONGWEN_REQUIRE_ALL is set"
    );
    println!("SKIP: {tool} not installed");
}

/// A Python that has python-docx: the one on PATH, else the system one.
fn python_with_docx() -> Option<&'static str> {
    ["python3", "/usr/bin/python3"].into_iter().find(|p| {
        Command::new(p)
            .args(["-c", "import docx"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// A scratch directory for one test, emptied first.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "gongwen-interop-docx-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("scratch directory");
    dir
}

fn sample() -> gongwen::Document {
    gongwen::read_text(SAMPLE, &Default::default()).expect("the sample reads")
}

fn sample_docx(dir: &Path) -> PathBuf {
    let options = DocxOptions {
        timestamp: Some(1_617_004_800),
        ..Default::default()
    };
    let bytes = docx::write(&sample().report, &options).expect("DOCX");
    let path = dir.join("sample.docx");
    std::fs::write(&path, bytes).expect("write DOCX");
    path
}

/// Runs LibreOffice headless with a private profile (so tests run in parallel) and returns the
/// converted file.
fn soffice(dir: &Path, input: &Path, filter: &str, extension: &str, extra: &[&str]) -> PathBuf {
    let profile = dir.join("profile");
    let mut child = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--norestore"])
        .args(extra)
        .args(["--convert-to", filter, "--outdir"])
        .arg(dir)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("soffice starts");
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait for soffice") {
            assert!(status.success(), "soffice failed: {status}");
            break;
        }
        if start.elapsed() > SOFFICE_TIMEOUT {
            let _ = child.kill();
            panic!("soffice took longer than {SOFFICE_TIMEOUT:?}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let output = input.with_extension(extension);
    assert!(output.exists(), "soffice wrote no {}", output.display());
    output
}

fn output_text(program: &str, args: &[&str]) -> String {
    let out = Command::new(program).args(args).output().expect(program);
    assert!(
        out.status.success(),
        "{program} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn libreoffice_text_equals_the_source_paragraphs() {
    if !have("LibreOffice", "soffice", &["--version"]) {
        return;
    }
    let dir = scratch("text");
    let docx = sample_docx(&dir);
    let txt = soffice(&dir, &docx, "txt:Text (encoded):UTF8", "txt", &[]);
    let text = std::fs::read_to_string(txt).expect("text");
    let lines: Vec<&str> = text
        .trim_start_matches('\u{feff}')
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let report = sample().report;
    let source = report.text();
    let run_in = report
        .sections()
        .iter()
        .filter(|s| s.heading.run_in)
        .count();
    // LibreOffice before 24.8 does not join a style separator's paragraphs: a run-in heading
    // comes out as a line of its own, followed by its paragraph.
    let mut joined = 0;
    let mut i = 0;
    for paragraph in source.split('\n').map(str::trim) {
        if lines.get(i) == Some(&paragraph) {
            i += 1;
        } else if let (Some(a), Some(b)) = (lines.get(i), lines.get(i + 1))
            && format!("{a}{b}") == paragraph
        {
            joined += 1;
            i += 2;
        } else {
            panic!("paragraph {paragraph:?} is rendered as {:?}", lines.get(i));
        }
    }
    assert_eq!(i, lines.len(), "extra text: {:?}", &lines[i..]);
    assert!(
        joined == 0 || joined == run_in,
        "{joined} of {run_in} run-in headings split"
    );
    println!(
        "{} paragraphs, {run_in} run-in headings, {joined} split by LibreOffice",
        source.split('\n').count()
    );
}

/// Returns true if and only if every character of a line is a wide (CJK) one.
fn all_wide(line: &str) -> bool {
    line.chars().all(|c| unicode_width(c) == 2)
}

fn unicode_width(c: char) -> usize {
    // Ideographs, CJK punctuation and full-width forms; enough for the sample.
    match c {
        '\u{2E80}'..='\u{A4CF}' | '\u{AC00}'..='\u{D7A3}' | '\u{F900}'..='\u{FAFF}' => 2,
        '\u{FE30}'..='\u{FE4F}' | '\u{FF00}'..='\u{FF60}' | '\u{FFE0}'..='\u{FFE6}' => 2,
        '\u{2018}' | '\u{2019}' | '\u{201C}' | '\u{201D}' | '\u{2014}' | '\u{2026}' => 2,
        _ => 1,
    }
}

#[test]
fn libreoffice_pdf_has_22_lines_of_28_characters() {
    if !have("LibreOffice", "soffice", &["--version"]) || !have("pdftotext", "pdftotext", &["-v"]) {
        return;
    }
    let dir = scratch("pdf");
    let docx = sample_docx(&dir);
    let pdf = soffice(&dir, &docx, "pdf", "pdf", &[]);
    let layout = output_text("pdftotext", &["-layout", &pdf.to_string_lossy(), "-"]);
    let pages: Vec<&str> = layout
        .split('\u{c}')
        .filter(|p| !p.trim().is_empty())
        .collect();
    assert_eq!(pages.len(), SAMPLE_PAGES);
    let mut full_pages = 0;
    let mut full_lines = 0;
    for (n, page) in pages.iter().enumerate() {
        let number = format!("—{}—", n + 1);
        let lines: Vec<&str> = page
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        // The page number, `— N —`, closes every page.
        let last = lines.last().map(|l| l.replace(' ', ""));
        assert_eq!(last.as_deref(), Some(number.as_str()), "page {}", n + 1);
        let body = &lines[..lines.len() - 1];
        assert!(body.len() <= 22, "page {} has {} lines", n + 1, body.len());
        if body.len() == 22 {
            full_pages += 1;
        }
        for line in body.iter().filter(|l| all_wide(l)) {
            // Closing punctuation may hang past the end of a full line rather than start the
            // next one.
            let hangs = line.ends_with(['，', '。', '、', '；', '：', '？', '！', '”', '）', '」']);
            let chars = line.chars().count() - usize::from(hangs && line.chars().count() > 28);
            assert!(
                chars <= 28,
                "page {}: {chars} characters in {line:?}",
                n + 1
            );
            full_lines += usize::from(chars == 28);
        }
    }
    println!(
        "{full_pages} of {} pages with 22 lines, {full_lines} all-CJK lines of 28",
        pages.len()
    );
    assert!(
        full_pages >= pages.len() / 2,
        "only {full_pages} full pages"
    );
    assert!(
        full_lines >= 20,
        "only {full_lines} full lines of 28 characters"
    );
}

const PYTHON_DOCX_SCRIPT: &str = r#"
import sys, json, docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
def style_level(style):
    while style is not None:
        ppr = style.element.pPr
        if ppr is not None and ppr.find(qn('w:outlineLvl')) is not None:
            return int(ppr.find(qn('w:outlineLvl')).get(qn('w:val')))
        style = style.base_style
    return None
levels = {}
titles = []
for p in d.paragraphs:
    ppr = p._p.pPr
    own = ppr.find(qn('w:outlineLvl')) if ppr is not None else None
    level = int(own.get(qn('w:val'))) if own is not None else style_level(p.style)
    if level is not None and level < 9:
        levels[str(level + 1)] = levels.get(str(level + 1), 0) + 1
    if p.style.name == 'Title':
        titles.append(p.text)
cp = d.core_properties
print(json.dumps({"levels": levels, "titles": titles, "title": cp.title,
                  "author": cp.author, "language": cp.language,
                  "created": cp.created.isoformat() if cp.created else None}))
"#;

#[test]
fn python_docx_reads_title_levels_and_properties() {
    let Some(python) = python_with_docx() else {
        skip("python-docx");
        return;
    };
    let dir = scratch("python");
    let docx = sample_docx(&dir);
    let out = output_text(python, &["-c", PYTHON_DOCX_SCRIPT, &docx.to_string_lossy()]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON from the script");
    assert_eq!(
        json["levels"],
        serde_json::json!({"1": 4, "2": 18, "3": 29})
    );
    let report = sample().report;
    let title = report.meta.title.clone().expect("the sample has a title");
    assert_eq!(json["titles"], serde_json::json!([title]));
    assert_eq!(json["title"], title.as_str());
    assert_eq!(json["author"], report.meta.issuer.as_deref().unwrap_or(""));
    let language = match report.meta.script {
        gongwen::model::Script::Simplified => "zh-CN",
        gongwen::model::Script::Traditional => "zh-TW",
    };
    assert_eq!(json["language"], language);
    assert_eq!(json["created"], "2021-03-29T08:00:00");
}

#[test]
fn docx_made_by_libreoffice_from_the_text_reads_like_the_text() {
    if !have("LibreOffice", "soffice", &["--version"]) {
        return;
    }
    let dir = scratch("draft");
    let txt = dir.join("draft.txt");
    std::fs::write(&txt, SAMPLE).expect("write text");
    let draft = soffice(
        &dir,
        &txt,
        "docx:MS Word 2007 XML",
        "docx",
        &["--infilter=Text (encoded):UTF8"],
    );
    let bytes = std::fs::read(draft).expect("read DOCX");
    let from_docx = docx::read(&bytes).expect("the LibreOffice DOCX reads");
    let from_text = sample();
    let outline = |doc: &gongwen::Document| -> Vec<(u8, String, bool)> {
        doc.report
            .sections()
            .iter()
            .map(|s| (s.level, s.heading.marker.text.clone(), s.heading.run_in))
            .collect()
    };
    assert_eq!(outline(&from_docx), outline(&from_text));
    assert_eq!(from_docx.report.text(), from_text.report.text());
}
