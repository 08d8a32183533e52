//! DOCX against real tools: LibreOffice renders the sample's DOCX to PDF and text, poppler's
//! `pdftotext` measures the grid, python-docx reads styles, outline levels and properties, and
//! a DOCX that LibreOffice makes from the plain text reads like the text. openxml-audit (the
//! Open XML SDK's schema and semantic validation, pinned in `tests/tools/requirements.txt`)
//! validates every part of the sample's DOCX, plain, with every option, and with the findings
//! as comments; python-docx and LibreOffice open the commented copy.
//!
//! A missing tool prints `SKIP: <tool> not installed` and the test passes, unless
//! `GONGWEN_REQUIRE_ALL` is set, when it fails.

mod common;

use gongwen::format::docx::{self, DocxOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SAMPLE: &[u8] = include_bytes!("../samples/jinghai-2020-rule-of-law-report.txt");
/// Pages of the sample in LibreOffice with the fonts CI installs (Noto CJK standing in for the
/// 公文 fonts).
/// As many as gongwen's own PDF of the sample has (tests/interop_pdf.rs).
const SAMPLE_PAGES: usize = 18;
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

/// A scratch directory for one test, removed when dropped.
fn scratch(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("interop-docx-{name}"))
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

/// Counts the headings of a body: those on lines of their own by level, and the run-in ones.
fn count_headings(
    blocks: &[gongwen::model::Block],
    standalone: &mut std::collections::BTreeMap<String, usize>,
    run_in: &mut usize,
) {
    for block in blocks {
        if let gongwen::model::Block::Section(s) = block {
            if s.heading.run_in {
                *run_in += 1;
            } else {
                *standalone.entry(s.level.to_string()).or_default() += 1;
            }
            count_headings(&s.blocks, standalone, run_in);
        }
    }
}

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
    // Headings on lines of their own carry their outline level; run-in ones (`1.标题。正文`)
    // start a body paragraph.
    let mut standalone = std::collections::BTreeMap::new();
    let mut run_in = 0;
    count_headings(&sample().report.body, &mut standalone, &mut run_in);
    assert_eq!(json["levels"], serde_json::json!(standalone));
    assert_eq!(
        standalone.values().sum::<usize>() + run_in,
        4 + 18 + 29,
        "{standalone:?}"
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
            .map(|s| (s.level, s.heading.marker.text.to_string(), s.heading.run_in))
            .collect()
    };
    assert_eq!(outline(&from_docx), outline(&from_text));
    assert_eq!(from_docx.report.text(), from_text.report.text());
}

/// A Python that has `module`: the one `.ci/run` sets up in `tests/tools/.venv`, else `python3`
/// on PATH, else the system one.
fn python_with(module: &str) -> Option<String> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/.venv/bin/python");
    [
        venv.to_string_lossy().into_owned(),
        "python3".into(),
        "/usr/bin/python3".into(),
    ]
    .into_iter()
    .find(|p| {
        Command::new(p)
            .args(["-c", &format!("import {module}")])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    })
}

/// The sample with each finding as a comment: all of them, or without `style.punctuation` (the
/// three of `check --allow style.punctuation`).
fn annotated_sample_docx(dir: &Path, with_punctuation: bool) -> PathBuf {
    let document = sample();
    let mut findings = gongwen::check::check(&document.report).findings;
    if !with_punctuation {
        findings.retain(|f| f.rule != "style.punctuation");
    }
    let options = DocxOptions {
        timestamp: Some(1_617_004_800),
        ..Default::default()
    };
    let bytes = docx::annotate(
        &document.report,
        &findings,
        gongwen::diag::Lang::Zh,
        &options,
    )
    .expect("annotated DOCX");
    let name = if with_punctuation {
        "annotated-all.docx"
    } else {
        "annotated.docx"
    };
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write DOCX");
    path
}

/// What openxml-audit (the Open XML SDK's validation in Python) reports for a package: its
/// errors as `part: description` lines, less the one we justify.
///
/// Filtered: "A required relationship type '…/theme' is missing." The SDK asks every main
/// document for a theme part, but ECMA-376 Part 1 §14.2.7 makes the theme part optional (a
/// package has *at most* one); gongwen names its fonts directly in the styles instead of
/// through theme fonts, and Word and LibreOffice open the document without one.
fn openxml_audit(python: &str, docx: &Path) -> Vec<String> {
    let out = Command::new(python)
        .args([
            "-m",
            "openxml_audit",
            "--output",
            "json",
            "--max-errors",
            "0",
        ])
        .arg(docx)
        .output()
        .expect("openxml-audit runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "openxml-audit gave no JSON ({e}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let files = json.as_array().expect("one result per file");
    assert_eq!(files.len(), 1);
    files[0]["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .map(|e| {
            format!(
                "{} {}: {}",
                e["part_uri"].as_str().unwrap_or("?"),
                e["path"].as_str().unwrap_or(""),
                e["description"].as_str().unwrap_or("?")
            )
        })
        .filter(|e| {
            !e.contains(
                "required relationship type 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme' is missing",
            )
        })
        .collect()
}

#[test]
fn every_part_validates_against_the_ooxml_schemas() {
    let Some(python) = python_with("openxml_audit") else {
        skip("openxml-audit (pip install -r tests/tools/requirements.txt)");
        return;
    };
    let dir = scratch("schema");
    let report = sample().report;
    let all_options = DocxOptions {
        highlight_figures: true,
        fix_punctuation: true,
        fonts: docx::Fonts::Plain,
        timestamp: Some(1_617_004_800),
    };
    let everything = dir.join("everything.docx");
    std::fs::write(
        &everything,
        docx::write(&report, &all_options).expect("DOCX"),
    )
    .expect("write DOCX");
    let packages = [
        sample_docx(&dir),
        everything,
        annotated_sample_docx(&dir, false),
        annotated_sample_docx(&dir, true),
    ];
    for package in &packages {
        let errors = openxml_audit(&python, package);
        assert!(errors.is_empty(), "{}: {errors:#?}", package.display());
    }

    // The validator does look inside the parts: a property out of schema order is caught.
    let bytes = std::fs::read(&packages[0]).expect("read DOCX");
    let broken = dir.join("broken.docx");
    std::fs::write(
        &broken,
        with_part_edited(&bytes, "word/document.xml", |xml| {
            xml.replacen(
                "<w:pPr><w:pStyle w:val=\"Title\"/>",
                "<w:pPr><w:jc w:val=\"center\"/><w:pStyle w:val=\"Title\"/>",
                1,
            )
        }),
    )
    .expect("write DOCX");
    let errors = openxml_audit(&python, &broken);
    assert!(
        errors.iter().any(|e| e.contains("/word/document.xml")),
        "{errors:#?}"
    );
}

/// A copy of a package with one part's text changed.
fn with_part_edited(package: &[u8], name: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("zip");
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let entry = file.name().expect("entry name").to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).expect("read entry");
        if entry == name {
            let edited = edit(std::str::from_utf8(&bytes).expect("UTF-8"));
            assert_ne!(edited.as_bytes(), bytes, "the edit changed nothing");
            bytes = edited.into_bytes();
        }
        out.start_file(entry, zip::write::SimpleFileOptions::default())
            .expect("entry");
        out.write_all(&bytes).expect("write entry");
    }
    out.finish().expect("zip").into_inner()
}

const PYTHON_COMMENTS_SCRIPT: &str = r#"
import json, sys
import docx
from docx.oxml.ns import qn
d = docx.Document(sys.argv[1])
comments = [rel.target_part for rel in d.part.rels.values() if rel.reltype.endswith("/comments")]
from lxml import etree
root = etree.fromstring(comments[0].blob)
found = [{"id": c.get(qn("w:id")), "author": c.get(qn("w:author")),
          "initials": c.get(qn("w:initials")),
          "text": "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in c.iter(qn("w:p")))}
         for c in root.iter(qn("w:comment"))]
print(json.dumps({"paragraphs": len(d.paragraphs), "comments": found}, ensure_ascii=False))
"#;

#[test]
fn annotated_docx_opens_in_python_docx_and_libreoffice() {
    let dir = scratch("annotated");
    let annotated = annotated_sample_docx(&dir, false);
    match python_with_docx() {
        None => skip("python-docx"),
        Some(python) => {
            let out = output_text(
                python,
                &["-c", PYTHON_COMMENTS_SCRIPT, &annotated.to_string_lossy()],
            );
            let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
            assert!(json["paragraphs"].as_u64().unwrap_or(0) > 50, "{json}");
            let comments = json["comments"].as_array().expect("comments");
            assert_eq!(comments.len(), 3, "{json}");
            for c in comments {
                assert_eq!(c["author"], "gongwen");
                assert_eq!(c["initials"], "GW");
            }
            let texts: Vec<&str> = comments.iter().filter_map(|c| c["text"].as_str()).collect();
            assert!(texts[0].starts_with("警告[percent.range]："), "{texts:?}");
            assert!(texts[1].starts_with("提示[ratio.rounding]："), "{texts:?}");
            assert!(texts[1].ends_with("\n2354 / 2672 = 88.0988…%"), "{texts:?}");
            assert!(texts[2].starts_with("警告[percent.points]："), "{texts:?}");
        }
    }
    if !have("LibreOffice", "soffice", &["--version"]) {
        return;
    }
    let pdf = soffice(&dir, &annotated, "pdf", "pdf", &[]);
    let bytes = std::fs::read(&pdf).expect("read PDF");
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    if have("poppler", "pdfinfo", &["-v"]) {
        let info = output_text("pdfinfo", &[&pdf.to_string_lossy()]);
        assert!(
            info.contains(&format!("Pages:           {SAMPLE_PAGES}\n")),
            "{info}"
        );
    }
}
