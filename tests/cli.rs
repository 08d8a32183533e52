//! The binary as users run it: exit codes, messages, outputs written atomically.

mod common;

use std::path::Path;
use std::process::{Command, Output, Stdio};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/jinghai-2020-rule-of-law-report.txt"
);

use common::{Scratch, gongwen, stderr};

fn gongwen_stdin(args: &[&str], input: &[u8]) -> Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child.stdin.take().unwrap().write_all(input).unwrap();
    child.wait_with_output().unwrap()
}

/// Asserts an input error ([`common::assert_error`]) that printed nothing on standard output.
fn assert_input_error(out: &Output, file: &str, what: &str) {
    common::assert_error(out, file, what);
    assert!(out.stdout.is_empty());
}

#[test]
fn convert_writes_xml_atomically_and_leaves_input_alone() {
    let dir = Scratch::new("convert");
    let input = dir.path("report.txt");
    std::fs::copy(SAMPLE, &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let output = dir.path("report.xml");
    std::fs::write(&output, "old").unwrap();
    let out = gongwen(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml = std::fs::read_to_string(&output).unwrap();
    assert!(xml.starts_with("<?xml"));
    assert!(xml.contains("urn:gongwen:report:1"));
    assert_eq!(dir.entries(), ["report.txt", "report.xml"]);
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn convert_to_stdout_equals_file_output_and_reads_back() {
    let dir = Scratch::new("stdout");
    let out = gongwen(&["convert", SAMPLE, "--to", "xml"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let file = dir.path("a.xml");
    gongwen(&["convert", SAMPLE, "-o", file.to_str().unwrap()]);
    assert_eq!(std::fs::read(&file).unwrap(), out.stdout);
    // XML in, XML out: the same document.
    let again = gongwen(&["convert", file.to_str().unwrap(), "-o", "-", "--to", "xml"]);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert_eq!(again.stdout, out.stdout);
}

#[test]
fn stdin_is_read_with_dash() {
    let out = gongwen_stdin(
        &["convert", "-", "--to", "xml"],
        "一、总体情况\n全年办理案件515件。".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml = String::from_utf8(out.stdout).unwrap();
    assert!(xml.contains(">一、</marker>"), "{xml}");
}

#[test]
fn output_naming_the_input_is_refused() {
    let dir = Scratch::new("same");
    let input = dir.path("r.txt");
    std::fs::write(&input, "一、总体\n正文。").unwrap();
    let via_dot = dir.0.join(".").join("r.txt");
    let out = gongwen(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        via_dot.to_str().unwrap(),
        "--to",
        "xml",
    ]);
    assert_input_error(&out, "r.txt", "would overwrite the input");
    assert_eq!(std::fs::read_to_string(&input).unwrap(), "一、总体\n正文。");
}

#[test]
fn unknown_output_extension_says_how_to_choose() {
    let out = gongwen(&["convert", SAMPLE, "-o", "/tmp/x.weird"]);
    assert_input_error(&out, "x.weird", "--to");
}

#[test]
fn bad_inputs_exit_2_with_one_line() {
    let dir = Scratch::new("bad");
    let missing = dir.path("missing.txt");
    assert_input_error(
        &gongwen(&["convert", missing.to_str().unwrap(), "--to", "xml"]),
        "missing.txt",
        "No such file",
    );
    assert_input_error(
        &gongwen(&["convert", dir.0.to_str().unwrap(), "--to", "xml"]),
        dir.0.to_str().unwrap(),
        "directory",
    );
    let empty = dir.path("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    assert_input_error(
        &gongwen(&["convert", empty.to_str().unwrap(), "--to", "xml"]),
        "empty.txt",
        "empty",
    );
    let png = dir.path("image.txt");
    std::fs::write(&png, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap();
    assert_input_error(
        &gongwen(&["convert", png.to_str().unwrap(), "--to", "xml"]),
        "image.txt",
        "PNG",
    );
    let elf = dir.path("tool");
    std::fs::write(&elf, b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0").unwrap();
    assert_input_error(&gongwen(&["figures", elf.to_str().unwrap()]), "tool", "ELF");
    let gbk = dir.path("gbk.txt");
    std::fs::write(&gbk, b"\xd6\xd0\xce\xc4abc").unwrap();
    assert_input_error(
        &gongwen(&[
            "convert",
            gbk.to_str().unwrap(),
            "--to",
            "xml",
            "--encoding",
            "utf-8",
        ]),
        "gbk.txt",
        "byte 0",
    );
    assert_input_error(
        &gongwen(&["convert", SAMPLE, "--to", "xml", "--encoding", "klingon"]),
        "jinghai",
        "unknown encoding",
    );
    assert_eq!(dir.entries(), ["empty.txt", "gbk.txt", "image.txt", "tool"]);
}

#[test]
fn a_50_mb_report_converts_correctly() {
    let dir = Scratch::new("large");
    let input = dir.path("large.txt");
    let paragraph = "全面推进依法行政,加快建设法治政府,持续优化营商环境。\n".repeat(99)
        + "全年办理案件515件,其中结案218件。\n";
    let copies = 50 * 1024 * 1024 / paragraph.len() + 1;
    std::fs::write(&input, paragraph.repeat(copies)).unwrap();
    let output = dir.path("large.xml");
    let out = gongwen(&[
        "convert",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let xml = std::fs::read_to_string(&output).unwrap();
    assert_eq!(xml.matches("<figure ").count(), copies * 2);
    assert_eq!(xml.matches(">515件</figure>").count(), copies);
    // The XML is the text plus markup: bounded by a small multiple of the input.
    assert!(xml.len() < 3 * copies * paragraph.len(), "{}", xml.len());
}

#[test]
fn usage_errors_exit_2() {
    let out = gongwen(&["convert"]);
    assert_eq!(out.status.code(), Some(2));
    let out = gongwen(&["frobnicate"]);
    assert_eq!(out.status.code(), Some(2));
    let out = gongwen(&["check", SAMPLE, "--allow", "no.such.rule"]);
    assert_input_error(&out, "no.such.rule", "no such rule");
}

#[test]
fn help_and_version_exit_0() {
    assert_eq!(gongwen(&["--help"]).status.code(), Some(0));
    assert_eq!(gongwen(&["--version"]).status.code(), Some(0));
}

#[test]
fn xml_output_validates_against_the_schema() {
    if !common::tool_available("xmllint") {
        return;
    }
    let dir = Scratch::new("xmllint");
    let file = dir.path("sample.xml");
    let out = gongwen(&["convert", SAMPLE, "-o", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report.xsd");
    let lint = Command::new("xmllint")
        .args(["--noout", "--schema"])
        .arg(&schema)
        .arg(&file)
        .output()
        .unwrap();
    assert!(
        lint.status.success(),
        "{}",
        String::from_utf8_lossy(&lint.stderr)
    );
}

/// A zip package of `(name, content)` entries.
fn zip_package(entries: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, content) in entries {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(content.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// The package relationships of an OOXML file whose main part is `target`.
fn main_relationship(target: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="{target}"/></Relationships>"#
    )
}

/// A DOCX whose body is `body`.
fn docx_with_body(body: &str) -> Vec<u8> {
    zip_package(&[
        ("_rels/.rels", &main_relationship("word/document.xml")),
        (
            "word/document.xml",
            &format!(
                r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr/></w:body></w:document>"#
            ),
        ),
    ])
}

#[test]
fn office_files_that_are_not_docx_and_docx_without_text_are_input_errors() {
    let dir = Scratch::new("not-docx");
    let xlsx = zip_package(&[
        ("_rels/.rels", &main_relationship("xl/workbook.xml")),
        (
            "xl/workbook.xml",
            r#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>"#,
        ),
    ]);
    let pptx = zip_package(&[
        ("_rels/.rels", &main_relationship("ppt/presentation.xml")),
        ("ppt/presentation.xml", "<p:presentation/>"),
    ]);
    let odt = zip_package(&[
        ("mimetype", "application/vnd.oasis.opendocument.text"),
        ("content.xml", "<office:document-content/>"),
    ]);
    let ods = zip_package(&[
        ("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
        ("content.xml", "<office:document-content/>"),
    ]);
    let empty = docx_with_body("<w:p/><w:p><w:r><w:t xml:space=\"preserve\">  </w:t></w:r></w:p>");
    let empty_table = docx_with_body(
        "<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid><w:tr><w:tc><w:p/></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl><w:p/>",
    );
    let what = |kind: &str| {
        format!(
            "this is {kind}, not a Word document: save the report as DOCX or text and try again"
        )
    };
    let cases: [(&str, &[u8], String); 8] = [
        ("book.xlsx", &xlsx, what("an XLSX spreadsheet")),
        ("book-renamed.docx", &xlsx, what("an XLSX spreadsheet")),
        ("book-without-extension", &xlsx, what("an XLSX spreadsheet")),
        ("slides.pptx", &pptx, what("a PPTX presentation")),
        ("notes.odt", &odt, what("an OpenDocument text (ODT)")),
        (
            "sheet.docx",
            &ods,
            what("an OpenDocument spreadsheet (ODS)"),
        ),
        ("empty.docx", &empty, "the input is empty".to_string()),
        (
            "empty-table.docx",
            &empty_table,
            "the input is empty".to_string(),
        ),
    ];
    for (name, bytes, message) in cases {
        let input = dir.path(name);
        std::fs::write(&input, bytes).unwrap();
        let output = dir.path("out.pdf");
        for command in ["convert", "check"] {
            let mut args = vec![command, input.to_str().unwrap()];
            if command == "convert" {
                args.extend(["-o", output.to_str().unwrap()]);
            }
            let out = gongwen(&args);
            assert_eq!(out.status.code(), Some(2), "{name}: {}", stderr(&out));
            assert_eq!(
                stderr(&out),
                format!("gongwen: {}: {message}\n", input.display()),
                "{name}"
            );
            assert!(out.stdout.is_empty(), "{name}");
            assert!(!output.exists(), "{name}: an output was written");
        }
    }
}

#[test]
fn elements_the_text_lacks_come_from_front_matter_and_options() {
    let text =
        "---\n发文字号: 静海政发〔2021〕5号\nform: letter\n来源: 网站\n---\n工作报告\n正文。\n";
    let out = gongwen_stdin(
        &[
            "convert",
            "-",
            "--to",
            "json",
            "--signer",
            "张三",
            "--set",
            "密级=机密",
            "--seal",
            "--doc-number",
            "静海政发〔2021〕6号",
        ],
        text.as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let meta = &json["meta"];
    // The option replaces the front matter's 发文字号; the unknown key stays a property.
    assert_eq!(
        meta["given"],
        serde_json::json!([
            {"kind": "doc-number", "text": "静海政发〔2021〕6号"},
            {"kind": "signer", "text": "张三"},
            {"kind": "secrecy", "text": "机密"},
        ])
    );
    assert_eq!(
        meta["layout"],
        serde_json::json!({"form": "letter", "seal": true})
    );
    assert_eq!(
        meta["properties"],
        serde_json::json!([{"key": "来源", "value": "网站"}])
    );
    // The block is gone from the text, and recorded line by line.
    assert_eq!(json["body"][0]["type"], "title");
    assert_eq!(json["body"][0]["inlines"][0]["text"], "工作报告");
    let removed = meta["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 5);
    assert!(removed.iter().all(|r| r["kind"] == "front-matter"));

    // Inputs from a file: an option refused before the input is read would close the pipe.
    let out = gongwen(&["convert", SAMPLE, "--to", "xml", "--set", "foo=bar"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("--set foo=bar: unknown element `foo`"),
        "{}",
        stderr(&out)
    );
    let out = gongwen(&["convert", SAMPLE, "--to", "xml", "--form", "poster"]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unclosed_front_matter_block_stays_text() {
    let out = gongwen_stdin(
        &["convert", "-", "--to", "md"],
        "---\n密级: 机密\n正文。\n".as_bytes(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("密级: 机密"));
}

/// A successful convert prints nothing; `--verbose` says what it wrote; `-q` silences warnings.
#[test]
fn convert_is_silent_unless_asked() {
    let dir = Scratch::new("convert-silent");
    let xml = dir.path("out.xml");
    let out = gongwen(&["convert", SAMPLE, "-o", xml.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stdout.is_empty() && out.stderr.is_empty(),
        "{}",
        stderr(&out)
    );
    let out = gongwen(&["convert", SAMPLE, "-o", xml.to_str().unwrap(), "--verbose"]);
    assert_eq!(out.status.code(), Some(0));
    let size = std::fs::metadata(&xml).unwrap().len();
    assert_eq!(
        stderr(&out),
        format!(
            "gongwen: wrote {} (XML, {size} bytes, 51 sections, 200 figures)\n",
            xml.display()
        )
    );
    // A lossy decode warns, unless -q.
    let bad = dir.path("bad.txt");
    std::fs::write(
        &bad,
        b"\xe4\xb8\x80\xe3\x80\x81\xe6\x83\x85\xe5\x86\xb5\n\xff\xfe abc\n",
    )
    .unwrap();
    let args = [
        "convert",
        bad.to_str().unwrap(),
        "--to",
        "xml",
        "-o",
        "-",
        "--lossy",
    ];
    let out = gongwen(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("--lossy replaced 2 undecodable characters"),
        "{}",
        stderr(&out)
    );
    let out = gongwen(&[&args[..], &["-q"]].concat());
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    assert!(!out.stdout.is_empty());
    let out = gongwen(&["convert", SAMPLE, "-q", "-v", "--to", "xml", "-o", "-"]);
    assert_eq!(out.status.code(), Some(2));
}

/// A flag that does not apply to the chosen output is refused, naming the flag and the format.
#[test]
fn flags_that_do_not_apply_are_refused() {
    let dir = Scratch::new("convert-flags");
    let cases: [(&[&str], &str); 6] = [
        (
            &["--pdfa", "2b", "--to", "xml"],
            "--pdfa applies to PDF output, not XML",
        ),
        (
            &["--font", "body=/x.ttf", "--to", "docx"],
            "--font applies to PDF and OFD output, not DOCX",
        ),
        (
            &["--highlight-figures", "--to", "pdf"],
            "--highlight-figures applies to DOCX output, not PDF",
        ),
        (
            &["--fonts", "plain", "--to", "md"],
            "--fonts applies to DOCX output, not Markdown",
        ),
        (
            &["--fix-punctuation", "--to", "json"],
            "--fix-punctuation applies to DOCX, PDF and OFD output, not JSON",
        ),
        (&["--highlight-figures", "--to", "docx"], ""),
    ];
    for (flags, message) in cases {
        let output = dir.path("out");
        let out = gongwen(&[&["convert", SAMPLE, "-o", output.to_str().unwrap()], flags].concat());
        if message.is_empty() {
            assert_eq!(out.status.code(), Some(0), "{flags:?}: {}", stderr(&out));
            continue;
        }
        assert_eq!(out.status.code(), Some(2), "{flags:?}");
        assert!(
            stderr(&out).starts_with(&format!("gongwen: {message}")),
            "{}",
            stderr(&out)
        );
        assert_eq!(stderr(&out).lines().count(), 1);
        assert!(!output.exists());
    }
    for args in [
        &["convert", SAMPLE, "--to", "xml", "-o", "-", "--lang", "zh"][..],
        &["figures", SAMPLE, "--lang", "zh"],
    ] {
        let out = gongwen(args);
        assert_eq!(out.status.code(), Some(2));
        assert!(out.stdout.is_empty());
        assert_eq!(
            stderr(&out),
            "gongwen: --lang zh applies to the findings of check, the pages of archive --review and the help (--lang zh --help)\n"
        );
    }
    let out = gongwen(&["check", SAMPLE, "--highlight-figures"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out),
        "gongwen: --highlight-figures applies to the reviewed DOCX of --annotate: drop it, or add --annotate -o REVIEWED.docx\n"
    );
}

/// The text output puts the findings about numbers first and sums up a style rule's long tail
/// in one line; `--verbose` prints every finding.
#[test]
fn punctuation_findings_do_not_bury_the_numbers() {
    let text = |args: &[&str]| {
        let out = gongwen(&[&["check", SAMPLE], args].concat());
        assert_eq!(out.status.code(), Some(0));
        String::from_utf8(out.stdout).unwrap()
    };
    let short = text(&[]);
    let heads: Vec<&str> = short
        .lines()
        .filter(|l| l.starts_with(SAMPLE))
        .map(|l| l[SAMPLE.len()..].split(": ").nth(1).unwrap_or(""))
        .collect();
    assert_eq!(
        heads,
        [
            "warning[percent.range]",
            "info[ratio.rounding]",
            "warning[percent.points]",
            "warning[style.punctuation]",
            "warning[style.punctuation]",
            "warning[style.punctuation]",
            "42 more style.punctuation findings on lines 14, 15, 16, 17, 18, 19, 21, 22, 24, 25, 26, 28, 29, 30, 31, 32, 33, 35, 36, 37, 38, 40, 41, 42, 43, 45, 46, 47, 48, 49, 50, 52, 53, 54, 55, 57, 58, 59, 60 (--verbose prints them, --allow style.punctuation hides them)",
            "0 errors, 47 warnings, 1 info",
        ]
    );
    assert_eq!(short.lines().count(), 36);
    let full = text(&["--verbose"]);
    assert_eq!(full.matches("warning[style.punctuation]").count(), 45);
    assert!(!full.contains("more style.punctuation"));
    let zh = text(&["--lang", "zh"]);
    assert!(
        zh.contains("另有42个style.punctuation问题，在第14、15、"),
        "{zh}"
    );
}

/// `completions SHELL` prints a script the shell accepts; `manpage` a roff manual.
#[test]
fn completions_and_manual_page() {
    for (shell, checker) in [("bash", "bash"), ("zsh", "zsh"), ("fish", "fish")] {
        let out = gongwen(&["completions", shell]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(
            script.contains("archive") && script.contains("max-input"),
            "{shell}"
        );
        if !common::tool_answers(checker, &["-c", "true"], true) {
            continue;
        }
        let file = Scratch::new(&format!("completions-{shell}"));
        let path = file.path("gongwen.sh");
        std::fs::write(&path, &script).unwrap();
        let checked = Command::new(checker).arg("-n").arg(&path).output().unwrap();
        assert!(checked.status.success(), "{shell} -n: {}", stderr(&checked));
    }
    let out = gongwen(&["completions", "tcsh"]);
    assert_eq!(out.status.code(), Some(2));
    let out = gongwen(&["manpage"]);
    assert_eq!(out.status.code(), Some(0));
    let man = String::from_utf8(out.stdout).unwrap();
    assert!(man.contains(".TH gongwen 1"), "{man}");
    assert!(man.contains("completions") && man.contains("archive"));
}

/// `--help` names every extension the readers take.
#[test]
fn help_lists_every_input_extension() {
    for command in ["check", "archive", "convert", "figures"] {
        let out = gongwen(&[command, "--help"]);
        let help = String::from_utf8(out.stdout).unwrap();
        assert!(
            help.contains(".htm") && help.contains(".shtml"),
            "{command}: {help}"
        );
    }
}

/// A conversion of a large input shows a spinner on a terminal (a pseudo-terminal from
/// util-linux `script`), and clears it; not when standard error is a pipe, nor with `-q`.
#[test]
fn progress_shows_on_a_terminal_only() {
    let dir = Scratch::new("progress");
    let input = dir.path("big.txt");
    let sample = std::fs::read_to_string(SAMPLE).unwrap();
    std::fs::write(&input, sample.repeat(40)).unwrap();
    assert!(std::fs::metadata(&input).unwrap().len() > 1 << 20);
    let output = dir.path("big.xml");
    let args = [
        "convert",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ];
    let out = gongwen(&args);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty(), "{}", stderr(&out));
    if !common::tool_available("script") {
        return;
    }
    let on_terminal = |extra: &[&str]| {
        let command = [&[env!("CARGO_BIN_EXE_gongwen")], &args[..], extra].concat();
        let out = Command::new("script")
            .args(["-qec", &command.join(" "), "/dev/null"])
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let shown = on_terminal(&[]);
    assert!(
        shown.contains(&format!("converting {} to XML", input.display())),
        "{shown:?}"
    );
    // The last thing drawn is the erasure of the spinner's line.
    let (drawn, erased) = (shown.rfind("converting"), shown.rfind("\r\u{1b}[2K"));
    assert!(erased > drawn, "cleared at the end: {shown:?}");
    assert_eq!(on_terminal(&["-q"]), "");
}

/// `--lang zh` gives the help in Chinese, for every command; the English help is unchanged.
#[test]
fn help_in_chinese() {
    let out = gongwen(&["--lang", "zh", "--help"]);
    assert_eq!(out.status.code(), Some(0));
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.starts_with("读取、核对和转换公文\n\n用法：gongwen"),
        "{help}"
    );
    assert!(
        help.contains("命令:") && help.contains("  check        核对报告中的数字"),
        "{help}"
    );
    let out = gongwen(&["check", "--lang=zh", "-h"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("--allow <RULE>         不报告某条规则"),
        "{help}"
    );
    assert!(!help.contains("Silence a rule"));
    let out = gongwen(&["convert", "--help", "--lang", "zh"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("公文要素:") && help.contains("发文字号，如"),
        "{help}"
    );
    let out = gongwen(&["check", "--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    assert!(
        help.contains("Silence a rule") && !help.contains("用法"),
        "{help}"
    );
}

/// With `--lang zh` a mistake on the command line is told in Chinese, in one line, with where
/// to look; without it clap's English message stands.
#[test]
fn usage_errors_in_chinese() {
    let hint = "；用 `gongwen --lang zh --help` 查看用法\n";
    let cases: [(&[&str], &str); 4] = [
        (
            &["check", "--lang", "zh", "--bogus", SAMPLE],
            "无法识别的参数 `--bogus`",
        ),
        (&["--lang", "zh", "nope"], "无法识别的子命令 `nope`"),
        (
            &["check", "--lang", "zh", "--format", "pdfx", SAMPLE],
            "`pdfx` 不是 `--format <FORMAT>` 的有效值（可用：text、json、sarif、html）",
        ),
        (&["convert", "--lang", "zh"], "缺少必需的参数：<INPUT>"),
    ];
    for (args, message) in cases {
        let out = gongwen(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), format!("gongwen: {message}{hint}"));
    }
    let out = gongwen(&["check", "--bogus", SAMPLE]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).starts_with("error: unexpected argument '--bogus' found"));
}

/// With `--lang zh` the errors gongwen knows in Chinese are printed in Chinese, hints too; a file
/// name stays as it is, and without `--lang zh` the line is English.
#[test]
fn errors_in_chinese() {
    let dir = Scratch::new("errors-zh");
    let missing = dir.path("missing.txt");
    let empty = dir.path("empty.txt");
    std::fs::write(&empty, b"").unwrap();
    let m = missing.to_str().unwrap();
    let cases: [(&[&str], String); 4] = [
        (
            &["check", m, "--lang", "zh"],
            format!("gongwen: {m}: 没有这个文件或目录（请检查路径）\n"),
        ),
        (
            &["check", empty.to_str().unwrap(), "--lang", "zh"],
            format!("gongwen: {}: 输入为空\n", empty.display()),
        ),
        (
            &["check", SAMPLE, "--lang", "zh", "--max-input", "1K"],
            format!(
                "gongwen: {SAMPLE}: 输入有{}字节，超过1024字节的上限；如果确实是一份报告，请用 --max-input 1M 提高上限\n",
                std::fs::metadata(SAMPLE).unwrap().len()
            ),
        ),
        (
            &["check", m],
            format!("gongwen: {m}: No such file or directory (os error 2) (check the path)\n"),
        ),
    ];
    for (args, expected) in cases {
        let out = gongwen(args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert_eq!(stderr(&out), expected);
    }
    let out = gongwen(&["check", m, "--lang", "zh", "--verbose"]);
    assert_eq!(
        stderr(&out),
        format!("gongwen: {m}\n  原因: 没有这个文件或目录\n  建议: 请检查路径\n")
    );
}

/// The installed face of each role is looked for once and kept in the cache directory: a run
/// with the cache draws with the faces it names, and a change in a watched font directory makes
/// the next run look again.
#[test]
fn installed_faces_are_kept_between_runs_while_the_font_directories_are_unchanged() {
    let scratch = Scratch::new("font-cache");
    let home = scratch.path("home");
    std::fs::create_dir_all(&home).unwrap();
    let cache = scratch.path("cache").join("gongwen/fonts.json");
    let run = |name: &str| -> Vec<u8> {
        let out = scratch.path(name);
        let result = Command::new(env!("CARGO_BIN_EXE_gongwen"))
            .args([
                Path::new("convert"),
                Path::new(SAMPLE),
                Path::new("-o"),
                &out,
            ])
            .env("HOME", &home)
            .env("XDG_CACHE_HOME", scratch.path("cache"))
            .env_remove("XDG_CONFIG_HOME")
            .env_remove("XDG_DATA_HOME")
            .env("SOURCE_DATE_EPOCH", "1600000000")
            .stdin(Stdio::null())
            .output()
            .unwrap();
        assert!(result.status.success(), "{}", stderr(&result));
        std::fs::read(out).unwrap()
    };
    let has = |pdf: &[u8], name: &[u8]| pdf.windows(name.len()).any(|w| w == name);

    let scanned = run("scanned.pdf");
    let mut json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    assert_eq!(json["faces"].as_array().map(Vec::len), Some(4));
    let watched: Vec<&str> = json["watched"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w[0].as_str())
        .collect();
    assert!(watched.contains(&"/etc/fonts/fonts.conf"), "{watched:?}");
    let user_fonts = home.join(".fonts");
    assert!(
        watched.contains(&user_fonts.to_str().unwrap()),
        "{watched:?}"
    );
    assert_eq!(run("cached.pdf"), scanned);

    // The cache names a face for the body: the next run draws the body with it.
    let stand_in = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fonts/NotoSerifCJK-Bold-gongwen.ttc"
    );
    json["faces"][0] = serde_json::json!({"path": stand_in, "index": 0, "name": "stand-in"});
    std::fs::write(&cache, serde_json::to_vec(&json).unwrap()).unwrap();
    assert!(!has(&scanned, b"NotoSerifCJKsc-Bold"));
    assert!(has(&run("stand-in.pdf"), b"NotoSerifCJKsc-Bold"));

    // A font directory appears: the cache is looked at no more, and written anew.
    std::fs::create_dir_all(&user_fonts).unwrap();
    assert_eq!(run("rescanned.pdf"), scanned);
    let json: serde_json::Value = serde_json::from_slice(&std::fs::read(&cache).unwrap()).unwrap();
    assert_ne!(json["faces"][0]["name"], "stand-in");
}
