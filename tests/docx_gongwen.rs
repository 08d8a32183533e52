//! DOCX: the GB/T 9704-2012 elements of `tests/data/gongwen/elements.xml` — the paragraph
//! properties the writer gives each (exact twips), the round trip through the reader, and the
//! rendering: LibreOffice makes a PDF whose glyph boxes (`pdftotext -bbox`) and red pixels
//! (`pdftoppm`) are measured against the standard's millimetres.
//!
//! Measuring: poppler reports a glyph box from 0.95 em above the baseline to 0.35 em below it
//! (LibreOffice writes no ascent or descent for the Noto CJK faces it substitutes for the 公文
//! fonts, and those are poppler's defaults); the em box of a CJK face runs from 0.88 em above
//! the baseline to 0.12 em below. What LibreOffice 7.4 achieves with those faces: the mark's
//! em box 35.00 mm below the block's top, centred within 0.05 mm; the 署名 11.19 mm from the
//! right edge (11.14 expected); the date's first character 11.25 mm right of the 署名's (two
//! advances of 5.56 mm, 11.11 expected); the red separator 4.12 mm under the 发文字号's em box
//! (a border's space is whole points); the 版记's last line ending 224.58 mm below the block's
//! top (225 mm high), on the last page, an even one. The tests allow ±0.5 mm.
//!
//! A missing tool prints `SKIP: <tool> not installed` and the test passes, unless
//! `GONGWEN_REQUIRE_ALL` is set, when it fails.

mod common;

use gongwen::format::docx::{self, DocxOptions};
use gongwen::model::{Block, ElementKind, Given, Report};
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn report() -> Report {
    let xml = common::data_file("gongwen/elements.xml");
    gongwen::format::xml::read(&xml).expect("the elements read")
}

fn options() -> DocxOptions {
    DocxOptions {
        timestamp: Some(1_617_004_800),
        ..Default::default()
    }
}

fn write(report: &Report) -> Vec<u8> {
    docx::write(report, &options()).expect("the DOCX is written")
}

/// The text of one part of a package.
fn part(package: &[u8], name: &str) -> String {
    common::zip_part(package, name)
}

/// Whether a package has a part.
fn has_part(package: &[u8], name: &str) -> bool {
    zip::ZipArchive::new(Cursor::new(package))
        .expect("a zip")
        .by_name(name)
        .is_ok()
}

/// The `<w:p>…</w:p>` whose text holds `text`.
fn paragraph<'x>(xml: &'x str, text: &str) -> &'x str {
    let at = xml
        .find(text)
        .unwrap_or_else(|| panic!("{text} not in the part"));
    let start = xml[..at].rfind("<w:p>").expect("paragraph start");
    let end = at + xml[at..].find("</w:p>").expect("paragraph end");
    &xml[start..end]
}

/// The paragraph properties of the paragraph holding `text`.
fn properties<'x>(xml: &'x str, text: &str) -> &'x str {
    let p = paragraph(xml, text);
    let start = p.find("<w:pPr>").expect("properties") + "<w:pPr>".len();
    &p[start..p.find("</w:pPr>").expect("properties end")]
}

/// Twips: the text block is 8845 wide; a body character advances 315 (16 pt less 0.25 pt);
/// two characters from an edge are 2 × 156/28 mm = 632; a grid line is 579.
const BLOCK: u32 = 8845;
const ADVANCE: u32 = 315;
const TWO_CHARS: u32 = 632;
const LINE: u32 = 579;

fn ind(left: u32, right: u32, first: &str) -> String {
    format!(r#"<w:ind w:left="{left}" w:right="{right}" {first}/>"#)
}

#[test]
fn every_element_has_its_paragraph_properties() {
    let package = write(&report());
    let xml = part(&package, "word/document.xml");
    let flush_left = ind(0, 0, r#"w:firstLine="0""#);
    for line in ["000001", "机密★1年", "特急"] {
        let p = paragraph(&xml, line);
        assert!(p.contains(&flush_left), "{p}");
        assert!(p.contains(r#"<w:jc w:val="left"/>"#), "{p}");
        assert!(p.contains(r#"w:eastAsia="黑体""#), "{p}");
    }

    // The mark: red, 30 pt, centred, its line 35 mm (1984) less three grid lines below the
    // block's top, plus the 0.064 em its em box rises above the line.
    let mark = paragraph(&xml, "天津市静海区人民政府文件");
    let before = 1984 + 38 - 3 * LINE;
    assert!(
        mark.contains(&format!(
            r#"<w:spacing w:before="{before}" w:line="600" w:lineRule="exact"/>"#
        )),
        "{mark}"
    );
    assert!(mark.contains(r#"<w:jc w:val="center"/>"#), "{mark}");
    assert!(mark.contains(r#"<w:color w:val="E60012"/>"#), "{mark}");
    assert!(mark.contains(r#"<w:sz w:val="60"/>"#), "{mark}");
    assert!(mark.contains(r#"w:eastAsia="方正小标宋简体""#), "{mark}");

    // The 发文字号: two blank lines below the mark, centred, the red separator under it.
    let number = properties(&xml, "静海政发");
    assert!(
        number.contains(
            r#"<w:pBdr><w:bottom w:val="single" w:sz="11" w:space="6" w:color="E60012"/></w:pBdr>"#
        ),
        "{number}"
    );
    assert!(number.contains(&format!(r#"<w:spacing w:before="{}"/>"#, 2 * LINE)));
    assert!(number.contains(r#"<w:jc w:val="center"/>"#));

    // The title two blank lines below the separator, the 主送 one below the title (the title
    // style's space after), flush left.
    let title = properties(&xml, "关于2020年法治政府建设情况的报告");
    assert!(title.contains(&format!(r#"<w:spacing w:before="{}"/>"#, 2 * LINE)));
    let styles = part(&package, "word/styles.xml");
    let title_style = &styles[styles.find(r#"w:styleId="Title""#).expect("a title style")..];
    assert!(title_style.starts_with(&format!(
        r#"w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:keepNext/><w:snapToGrid w:val="0"/><w:spacing w:before="0" w:after="{LINE}" w:line="{LINE}" w:lineRule="exact"/>"#
    )));
    let recipient = properties(&xml, "天津市人民政府：");
    assert!(recipient.contains(r#"<w:spacing w:before="0"/>"#));
    assert!(recipient.contains(&flush_left));

    // 附件说明: `附件：1.` two characters in, the names after `附件：1.` (4 characters).
    let first = properties(&xml, "附件：1.");
    assert!(first.contains(&format!(r#"<w:spacing w:before="{LINE}"/>"#)));
    let left = TWO_CHARS + 4 * ADVANCE;
    assert!(first.contains(&ind(left, 0, &format!(r#"w:hanging="{}""#, 4 * ADVANCE))));
    let second = properties(&xml, "2.静海区行政执法统计表");
    assert!(second.contains(r#"<w:spacing w:before="0"/>"#));
    assert!(second.contains(&ind(left, 0, &format!(r#"w:hanging="{ADVANCE}""#))));

    // 署名 右空二字 one blank line below; the date two characters right of its first one: 18
    // characters of the grid (156 mm / 28) from the left.
    let signature = properties(&xml, ">天津市静海区人民政府<");
    assert!(signature.contains(&format!(r#"<w:spacing w:before="{LINE}"/>"#)));
    assert!(signature.contains(&ind(0, TWO_CHARS, r#"w:firstLine="0""#)));
    assert!(signature.contains(r#"<w:jc w:val="right"/>"#));
    let date = properties(&xml, "2021年3月29日");
    let date_left = gongwen::format::gbt9704::twips(18.0 * 156.0 / 28.0);
    assert!(
        date.contains(&ind(date_left, 0, r#"w:firstLine="0""#)),
        "{date}"
    );
    assert!(date.contains(r#"<w:jc w:val="left"/>"#));

    let remark = properties(&xml, "（此件公开发布）");
    assert!(remark.contains(&ind(0, 0, &format!(r#"w:firstLine="{TWO_CHARS}""#))));

    // The attachment on a new page, its label in 黑体 flush left, its title on line 3.
    let label = paragraph(&xml, ">附件1<");
    assert!(label.contains("<w:pageBreakBefore/>"));
    assert!(label.contains(&flush_left));
    assert!(label.contains(r#"w:eastAsia="黑体""#));
    let attachment_title = properties(&xml, ">静海区2020年法治政府建设重点任务完成情况<");
    assert!(attachment_title.contains(r#"<w:pStyle w:val="Title"/>"#));
    assert!(attachment_title.contains(&format!(r#"<w:spacing w:before="{LINE}"/>"#)));

    // The 版记 is not in the body: a section of its own on an even page has it in its footer.
    assert!(!xml.contains("抄送"));
    let last_section = &xml[xml.rfind("<w:sectPr>").expect("sections")..];
    assert!(last_section.contains(r#"<w:type w:val="evenPage"/>"#));
    assert!(last_section.contains(r#"<w:footerReference w:type="even" r:id="rId8"/>"#));
    assert_eq!(xml.matches("<w:sectPr>").count(), 2);
}

#[test]
fn with_a_seal_the_closing_stands_two_lines_below_the_text_and_four_characters_in() {
    let mut report = report();
    report.meta.layout.seal = true;
    let xml = part(&write(&report), "word/document.xml");
    let signature = properties(&xml, ">天津市静海区人民政府<");
    assert!(signature.contains(&format!(r#"<w:spacing w:before="{}"/>"#, 2 * LINE)));
    assert!(
        signature.contains(r#"<w:jc w:val="center"/>"#),
        "{signature}"
    );
    let date = properties(&xml, "2021年3月29日");
    assert!(date.contains(r#"<w:spacing w:before="0"/>"#), "{date}");
    let four_chars = gongwen::format::gbt9704::twips(4.0 * 156.0 / 28.0);
    assert!(
        date.contains(&ind(0, four_chars, r#"w:firstLine="0""#)),
        "{date}"
    );
    assert!(date.contains(r#"<w:jc w:val="right"/>"#));
}

#[test]
fn an_attendance_line_has_its_label_in_hei_and_its_names_under_the_first_name() {
    let text = "某县人民政府常务会议纪要\n会议研究了法治政府建设工作。\n";
    let mut report = gongwen::read_text(text.as_bytes(), &Default::default())
        .expect("reads")
        .report;
    report.meta.layout.form = gongwen::model::Form::Minutes;
    report.meta.given.push(Given {
        kind: ElementKind::Attendance,
        text: "出席：张三、李四、王五、赵六、孙七、周八、吴九、郑十、钱一、陈二".to_string(),
    });
    let xml = part(&write(&report), "word/document.xml");
    let attendance = paragraph(&xml, "出席：");
    // Two characters in, hanging by the three characters of `出席：`.
    let label = gongwen::format::gbt9704::twips(3.0 * 156.0 / 28.0);
    let left = gongwen::format::gbt9704::twips(2.0 * 156.0 / 28.0) + label;
    assert!(
        attendance.contains(&ind(left, 0, &format!(r#"w:hanging="{label}""#))),
        "{attendance}"
    );
    assert!(attendance.contains(
        r#"w:eastAsia="黑体" w:cs="黑体" w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">出席：</w:t>"#
    ), "{attendance}");
    assert!(attendance.contains(r#"<w:t xml:space="preserve">张三、"#));
}

#[test]
fn the_imprint_stands_between_rules_in_the_last_footer() {
    let package = write(&report());
    let rels = part(&package, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rId8""#) && rels.contains(r#"Target="footer3.xml""#));
    let types = part(&package, "[Content_Types].xml");
    assert!(types.contains(r#"PartName="/word/footer3.xml""#));
    let footer = part(&package, "word/footer3.xml");
    // 4号 characters are 280 twips: one in from each edge, the 抄送 hanging after `抄送：`.
    let cc = properties(&footer, "抄送：");
    assert!(
        cc.contains(r#"<w:pBdr><w:top w:val="single" w:sz="8" w:space="0" w:color="auto"/><w:bottom w:val="single" w:sz="6" w:space="0" w:color="auto"/></w:pBdr>"#),
        "{cc}"
    );
    assert!(cc.contains(&ind(1120, 280, r#"w:hanging="840""#)), "{cc}");
    let printer = paragraph(&footer, "天津市静海区人民政府办公室");
    assert!(
        printer.contains(
            r#"<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="0" w:color="auto"/></w:pBdr><w:tabs><w:tab w:val="right" w:pos="8565"/></w:tabs>"#
        ),
        "{printer}"
    );
    assert!(printer.contains(r#"<w:sz w:val="28"/>"#));
    assert!(printer.contains("<w:tab/>"));
    // The page number closes the footer.
    assert!(footer.rfind("PAGE") > footer.rfind("印发"));
}

#[test]
fn a_letter_has_its_imprint_without_rules_or_printer_line() {
    let mut report = report();
    report.meta.layout.form = gongwen::model::Form::Letter;
    let footer = part(&write(&report), "word/footer3.xml");
    let cc = properties(&footer, "抄送：");
    assert!(!cc.contains("w:pBdr"), "{cc}");
    assert!(cc.contains(&ind(1120, 280, r#"w:hanging="840""#)), "{cc}");
    assert!(!footer.contains("印发"), "{footer}");
    assert!(!footer.contains("w:pBdr"), "{footer}");
}

#[test]
fn a_letter_has_no_page_number_on_its_first_page() {
    let mut report = report();
    report.meta.layout.form = gongwen::model::Form::Letter;
    let package = write(&report);
    let xml = part(&package, "word/document.xml");
    let first = &xml[xml.find("<w:sectPr>").expect("a section")..];
    assert!(first.contains(r#"<w:footerReference w:type="first" r:id="rId9"/>"#));
    assert!(first.contains("<w:titlePg/>"));
    let rels = part(&package, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Id="rId9""#) && rels.contains(r#"Target="footer4.xml""#));
    assert!(!part(&package, "word/footer4.xml").contains("PAGE"));
    // The standard form has no first-page footer.
    let standard = part(&write(&self::report()), "word/document.xml");
    assert!(!standard.contains("titlePg") && !standard.contains(r#"w:type="first""#));
    if !have("soffice", &["--version"]) || !have("pdftotext", &["-v"]) {
        return;
    }
    let dir = common::Scratch::new("docx-gongwen-letter");
    let pages = page_lines(&pdf(&dir, &report));
    assert!(pages.len() >= 2, "{pages:?}");
    assert!(!pages[0].iter().any(|l| l == "—1—"), "{:?}", pages[0]);
    assert_eq!(pages[1].last().map(String::as_str), Some("—2—"));
}

#[test]
fn a_report_without_elements_has_one_section_and_no_element_style_in_use() {
    let text = "某县工作报告\n全年办理案件5件。";
    let document = gongwen::read_text(text.as_bytes(), &Default::default()).expect("reads");
    let package = write(&document.report);
    let xml = part(&package, "word/document.xml");
    assert_eq!(xml.matches("<w:sectPr>").count(), 1);
    assert!(!xml.contains(r#"w:val="Element""#));
    assert!(
        zip::ZipArchive::new(Cursor::new(&package))
            .expect("zip")
            .by_name("word/footer3.xml")
            .is_err()
    );
}

/// The elements with a 签发人 the user gave (a report to a higher authority) and a 抄送 the
/// body lacks.
fn upward() -> Report {
    let mut report = report();
    report
        .body
        .retain(|b| !matches!(b, gongwen::model::Block::Element(e) if e.kind == ElementKind::Cc));
    report.meta.given = vec![
        Given {
            kind: ElementKind::Signer,
            text: "张三".into(),
        },
        Given {
            kind: ElementKind::Cc,
            text: "抄送：市政府办公厅。".into(),
        },
        // The body has its own date: this one is left out.
        Given {
            kind: ElementKind::Date,
            text: "2021年4月1日".into(),
        },
    ];
    report
}

#[test]
fn a_given_signer_shares_the_line_of_the_number() {
    let package = write(&upward());
    let xml = part(&package, "word/document.xml");
    let line = paragraph(&xml, "静海政发");
    let one_char = 316;
    assert!(
        line.contains(&format!(
            r#"<w:tabs><w:tab w:val="right" w:pos="{}"/></w:tabs>"#,
            BLOCK - one_char
        )),
        "{line}"
    );
    assert!(line.contains(&ind(0, 0, &format!(r#"w:firstLine="{one_char}""#))));
    assert!(line.contains("<w:tab/>"));
    let label = line.find("签发人：").expect("the label");
    let name = line.find("张三").expect("the name");
    assert!(label < name);
    assert!(line[label..name].contains(r#"w:eastAsia="楷体_GB2312""#));
    assert!(!xml.contains("2021年4月1日"));
    let footer = part(&package, "word/footer3.xml");
    assert!(footer.find("市政府办公厅") < footer.find("印发"));
}

/// A 公文 without figures (the fixture's carry no figure markup, and the reader trusts a stored
/// report only while its figures are those read from the document): body elements, a
/// 签发人 and the 版记 given by the user.
const PLAIN: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<report xmlns="urn:gongwen:report:1" version="1">
  <meta>
    <script>simplified</script>
    <encoding>UTF-8</encoding>
    <given kind="signer">张三</given>
    <given kind="cc">抄送：某县办公室。</given>
  </meta>
  <body>
    <issuer-mark start="0" end="24">某县人民政府文件</issuer-mark>
    <doc-number start="25" end="34">某政发</doc-number>
    <title start="35" end="80">某县人民政府关于工作情况的报告</title>
    <p start="81" end="108">各项工作均已完成。</p>
    <signature start="109" end="127">某县人民政府</signature>
  </body>
</report>"#;

#[test]
fn the_stored_report_reads_back_with_given_elements_and_the_signer_line() {
    let report = gongwen::format::xml::read(PLAIN.as_bytes()).expect("the report reads");
    let package = write(&report);
    assert!(paragraph(&part(&package, "word/document.xml"), "某政发").contains("张三"));
    let read = docx::read(&package).expect("reads");
    assert_eq!(read.report, report);
}

fn have(tool: &str, args: &[&str]) -> bool {
    common::tool_answers(tool, args, true)
}

/// PDF export that keeps the blank pages LibreOffice inserts before a section that starts on
/// an even page (by default it leaves them out of the PDF, which would put the 版记 on an odd
/// sheet when printed).
const PDF_FILTER: &str =
    r#"pdf:writer_pdf_Export:{"IsSkipEmptyPages":{"type":"boolean","value":"false"}}"#;

fn pdf(dir: &Path, report: &Report) -> PathBuf {
    let docx = dir.join("elements.docx");
    std::fs::write(&docx, write(report)).expect("write DOCX");
    let status = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            dir.join("profile").display()
        ))
        .args([
            "--headless",
            "--norestore",
            "--convert-to",
            PDF_FILTER,
            "--outdir",
        ])
        .arg(dir)
        .arg(&docx)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("soffice runs");
    assert!(status.success());
    docx.with_extension("pdf")
}

/// A word of `pdftotext -bbox`: page (1-based), box in millimetres from the top-left corner
/// of the text block, text.
#[derive(Debug, Clone)]
struct Word {
    page: usize,
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
    text: String,
}

const MM: f64 = 25.4 / 72.0;
const BLOCK_LEFT: f64 = 28.0;
const BLOCK_TOP: f64 = 37.0;
const BLOCK_WIDTH: f64 = 156.0;
const BLOCK_HEIGHT: f64 = 225.0;

fn words(pdf: &Path) -> (Vec<Word>, usize) {
    let out = Command::new("pdftotext")
        .arg("-bbox")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let html = String::from_utf8(out.stdout).expect("UTF-8");
    let pages: Vec<&str> = html.split("<page ").skip(1).collect();
    let mut words = Vec::new();
    for (n, page) in pages.iter().enumerate() {
        for w in page.split("<word ").skip(1) {
            let number = |name: &str| -> f64 {
                let at = w.find(&format!("{name}=\"")).expect(name) + name.len() + 2;
                w[at..at + w[at..].find('"').expect("quote")]
                    .parse()
                    .expect("a number")
            };
            let text = &w[w.find('>').expect("tag") + 1..w.find("</word>").expect("end")];
            words.push(Word {
                page: n + 1,
                left: number("xMin") * MM - BLOCK_LEFT,
                top: number("yMin") * MM - BLOCK_TOP,
                right: number("xMax") * MM - BLOCK_LEFT,
                bottom: number("yMax") * MM - BLOCK_TOP,
                text: text.to_string(),
            });
        }
    }
    (words, pages.len())
}

fn word<'w>(words: &'w [Word], text: &str) -> &'w Word {
    words
        .iter()
        .find(|w| w.text == text)
        .unwrap_or_else(|| panic!("no word {text:?} in {words:#?}"))
}

/// The top of the em box of a CJK glyph of `size` pt whose poppler box starts at `top`.
fn em_top(top: f64, size: f64) -> f64 {
    top + (0.95 - 0.88) * size * MM
}

/// The foot of the em box.
fn em_foot(top: f64, size: f64) -> f64 {
    top + (0.95 + 0.12) * size * MM
}

/// The rows (mm from the block's top) of page 1 where red runs across at least 90 % of the
/// block.
fn red_rules(pdf: &Path, dir: &Path) -> Vec<f64> {
    let dpi = 200.0;
    let prefix = dir.join("page");
    let status = Command::new("pdftoppm")
        .args(["-r", "200", "-f", "1", "-l", "1"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let ppm = std::fs::read_dir(dir)
        .expect("dir")
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "ppm"))
        .expect("a PPM");
    let bytes = std::fs::read(ppm).expect("PPM");
    // P6 header: magic, width height, maximum, each followed by one white-space byte.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        let end = at
            + bytes[at..]
                .iter()
                .position(u8::is_ascii_whitespace)
                .expect("header");
        fields.push(String::from_utf8_lossy(&bytes[at..end]).into_owned());
        at = end + 1;
    }
    let (width, height): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let pixels = &bytes[at..];
    let mm_per_pixel = 25.4 / dpi;
    (0..height)
        .filter(|&y| {
            let row = &pixels[y * width * 3..(y + 1) * width * 3];
            let red = row
                .chunks(3)
                .filter(|p| p[0] > 180 && p[1] < 90 && p[2] < 90)
                .count();
            red as f64 * mm_per_pixel > 0.9 * BLOCK_WIDTH
        })
        .map(|y| y as f64 * mm_per_pixel - BLOCK_TOP)
        .collect()
}

#[test]
fn libreoffice_sets_the_elements_where_gbt_9704_puts_them() {
    if !have("soffice", &["--version"]) || !have("pdftotext", &["-v"]) || !have("pdftoppm", &["-v"])
    {
        return;
    }
    let dir = common::Scratch::new("docx-gongwen-render");
    let pdf = pdf(&dir, &report());
    let (words, pages) = words(&pdf);
    let char = BLOCK_WIDTH / 28.0;

    // The mark: centred on the block, its em box's top 35 mm below the block's top.
    let mark = word(&words, "天津市静海区人民政府文件");
    let centre = (mark.left + mark.right) / 2.0;
    println!(
        "mark: centre {centre:.2} mm, em top {:.2} mm",
        em_top(mark.top, 30.0)
    );
    assert!((centre - BLOCK_WIDTH / 2.0).abs() <= 0.5, "{mark:?}");
    assert!((em_top(mark.top, 30.0) - 35.0).abs() <= 0.5, "{mark:?}");

    // The red separator as wide as the block, 4 mm under the 发文字号.
    let number = word(&words, "静海政发〔2021〕5");
    let rules = red_rules(&pdf, &dir);
    assert!(!rules.is_empty(), "no red separator");
    let gap = rules[0] - em_foot(number.top, 16.0);
    println!(
        "separator: {gap:.2} mm under the 发文字号, {} px thick",
        rules.len()
    );
    assert!((gap - 4.0).abs() <= 0.5, "{gap}");

    // 署名 右空二字; the date's first character two characters right of the 署名's.
    let signature = words
        .iter()
        .find(|w| w.text == "天津市静海区人民政府" && w.page == 2)
        .expect("the signature");
    let right = BLOCK_WIDTH - signature.right;
    let date = words
        .iter()
        .find(|w| w.page == 2 && w.text == "2021" && w.top > signature.top)
        .expect("the date");
    let shift = date.left - signature.left;
    println!("signature {right:.2} mm from the right; date {shift:.2} mm right of it");
    assert!((right - 2.0 * char).abs() <= 0.5, "{right}");
    assert!((shift - 2.0 * 15.75 * MM).abs() <= 0.5, "{shift}");

    // The 版记 at the foot of the last page, an even one.
    assert_eq!(pages % 2, 0, "{pages} pages");
    let printer = word(&words, "天津市静海区人民政府办公室");
    let cc = words
        .iter()
        .find(|w| w.text.starts_with("抄送"))
        .expect("the cc line");
    assert_eq!((cc.page, printer.page), (pages, pages));
    println!(
        "imprint ends {:.2} mm below the block's top",
        printer.bottom
    );
    assert!(printer.bottom <= BLOCK_HEIGHT + 0.5, "{printer:?}");
    assert!(
        printer.bottom >= BLOCK_HEIGHT - BLOCK_HEIGHT / 22.0,
        "{printer:?}"
    );
    assert!((cc.left - 14.0 * MM).abs() <= 0.5, "{cc:?}");
}

#[test]
fn openxml_audit_accepts_the_elements() {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/.venv/bin/python");
    if !have(&python.to_string_lossy(), &["-c", "import openxml_audit"]) {
        return;
    }
    let dir = common::Scratch::new("docx-gongwen-audit");
    let mut letter = report();
    letter.meta.layout.form = gongwen::model::Form::Letter;
    for (name, report) in [
        ("elements.docx", report()),
        ("upward.docx", upward()),
        ("letter.docx", letter),
    ] {
        let path = dir.join(name);
        std::fs::write(&path, write(&report)).expect("write DOCX");
        let out = Command::new(&python)
            .args([
                "-m",
                "openxml_audit",
                "--output",
                "json",
                "--max-errors",
                "0",
            ])
            .arg(&path)
            .output()
            .expect("openxml-audit runs");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let errors: Vec<String> = json[0]["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| e["description"].as_str().unwrap_or("?").to_string())
            // The theme part is optional (ECMA-376 Part 1 §14.2.7); see tests/interop_docx.rs.
            .filter(|e| !e.contains("relationships/theme' is missing"))
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

/// The report without its attachment: the body ends on page 2.
fn without_attachment() -> Report {
    let mut report = report();
    let label = report
        .body
        .iter()
        .position(|b| {
            matches!(b, gongwen::model::Block::Element(e) if e.kind == ElementKind::AttachmentLabel)
        })
        .expect("the attachment label");
    report.body.drain(label..label + 3);
    report
}

#[test]
fn on_an_even_last_page_with_room_the_imprint_shares_it_as_in_the_pdf() {
    if !have("soffice", &["--version"]) || !have("pdftotext", &["-v"]) {
        return;
    }
    let report = without_attachment();
    // No footer of its own: the 版记 follows the text in the body.
    let package = write(&report);
    assert!(!has_part(&package, "word/footer3.xml"));
    assert!(part(&package, "word/document.xml").contains("抄送："));

    let dir = common::Scratch::new("docx-gongwen-shared-page");
    let (theirs, pages) = words(&pdf(&dir, &report));
    let ours_pdf = dir.join("ours.pdf");
    let bytes = gongwen::format::pdf::write(&report, &Default::default()).expect("the PDF");
    std::fs::write(&ours_pdf, bytes).expect("write PDF");
    let (ours, our_pages) = words(&ours_pdf);
    assert_eq!((pages, our_pages), (2, 2));
    // The 附注 on page 2 in both; the 版记 below it, its lines where the PDF has them (em box
    // feet within 0.5 mm), its last rule on the block's foot.
    let note = "（此件公开发布）";
    assert_eq!((word(&ours, note).page, word(&theirs, note).page), (2, 2));
    let cc = |words: &[Word]| -> Word {
        words
            .iter()
            .find(|w| w.text.starts_with("抄送"))
            .expect("the cc line")
            .clone()
    };
    for (a, b) in [
        (cc(&ours), cc(&theirs)),
        (
            word(&ours, "天津市静海区人民政府办公室").clone(),
            word(&theirs, "天津市静海区人民政府办公室").clone(),
        ),
    ] {
        let foot = em_foot(b.top, 14.0);
        println!(
            "{}: page {}, em foot {:.2} mm in the PDF; page {}, {foot:.2} mm from LibreOffice",
            a.text, a.page, a.bottom, b.page
        );
        assert_eq!((a.page, b.page), (2, 2));
        assert!((a.bottom - foot).abs() <= 0.5, "{a:?} {b:?}");
    }
    // The printer's line ends the block.
    let printer = word(&theirs, "天津市静海区人民政府办公室");
    let foot = em_foot(printer.top, 14.0);
    assert!(
        (BLOCK_HEIGHT - BLOCK_HEIGHT / 22.0..=BLOCK_HEIGHT).contains(&foot),
        "{printer:?}"
    );
}

#[test]
fn after_a_full_even_last_page_a_blank_page_without_number_comes_before_the_imprint() {
    if !have("soffice", &["--version"]) || !have("pdftotext", &["-v"]) {
        return;
    }
    // Lines added before the closing until page 2 has no room left for the 版记.
    let mut report = without_attachment();
    let at = report
        .body
        .iter()
        .rposition(|b| !matches!(b, Block::Element(_)))
        .expect("the text")
        + 1;
    let filler = gongwen::read_text("坚持依法行政。\n".as_bytes(), &Default::default())
        .expect("the filler reads")
        .report
        .body
        .into_iter()
        .find(|b| matches!(b, Block::Paragraph(_)))
        .expect("a paragraph");
    while gongwen::format::pdf::lay_out(&report, false)
        .expect("layout")
        .pages
        .len()
        < 4
    {
        report.body.insert(at, filler.clone());
    }
    let package = write(&report);
    assert!(has_part(&package, "word/footer3.xml"));

    let dir = common::Scratch::new("docx-gongwen-blank");
    let (words, pages) = words(&pdf(&dir, &report));
    assert_eq!(pages, 4);
    assert!(
        words
            .iter()
            .any(|w| w.page == 2 && w.text == "（此件公开发布）")
    );
    assert!(
        !words.iter().any(|w| w.page == 3),
        "page 3 is blank: {words:#?}"
    );
    let on_4: Vec<&str> = words
        .iter()
        .filter(|w| w.page == 4)
        .map(|w| w.text.as_str())
        .collect();
    assert!(on_4.contains(&"天津市静海区人民政府办公室"), "{on_4:?}");
    assert!(on_4.contains(&"4"), "{on_4:?}");
}

/// A report of Chinese text only, three pages and more, with headings of two levels, run-in
/// ones among them, and paragraphs of many lengths ending in every column. No digits or Latin
/// letters: between them and Chinese LibreOffice adds space, which Word (told not to by
/// `w:autoSpaceDE`/`w:autoSpaceDN`) and the PDF do not.
fn chinese_only() -> Report {
    const PHRASES: [&str; 9] = [
        "坚持依法行政",
        "深入推进简政放权",
        "完善行政执法程序，",
        "规范行政裁量权基准、",
        "加强行政复议和应诉工作",
        "强化对行政权力的制约和监督；",
        "全面推进政务公开",
        "提升基层治理法治化水平，",
        "健全矛盾纠纷多元化解机制",
    ];
    let paragraph = |n: usize| -> String {
        let mut text: String = (0..n + 3).map(|k| PHRASES[(n * 7 + k) % 9]).collect();
        text.push('。');
        text
    };
    let mut text = String::from("某县人民政府关于法治政府建设情况的报告\n");
    let mut n = 0;
    for (one, heading) in ["一、主要工作", "二、存在问题", "三、下一步安排"]
        .iter()
        .enumerate()
    {
        text.push_str(heading);
        text.push('\n');
        for (two, sub) in ["（一）", "（二）"].iter().enumerate() {
            if (one + two) % 2 == 0 {
                text.push_str(&format!("{sub}健全制度体系\n"));
            } else {
                text.push_str(&format!("{sub}加强组织领导。{}\n", paragraph(n)));
                n += 1;
            }
            for three in ["一是", "二是"] {
                text.push_str(&format!("{three}{}\n", paragraph(n)));
                n += 1;
            }
        }
    }
    text.push_str("某县人民政府\n");
    gongwen::read_text(text.as_bytes(), &Default::default())
        .expect("the text reads")
        .report
}

/// The lines of each page of a PDF as `pdftotext -layout` gives them, spaces removed.
fn page_lines(pdf: &Path) -> Vec<Vec<String>> {
    let out = Command::new("pdftotext")
        .args(["-layout", &pdf.to_string_lossy(), "-"])
        .output()
        .expect("pdftotext runs");
    String::from_utf8_lossy(&out.stdout)
        .split('\u{c}')
        .filter(|page| !page.trim().is_empty())
        .map(|page| {
            page.lines()
                .map(|l| l.chars().filter(|c| !c.is_whitespace()).collect::<String>())
                .filter(|l| !l.is_empty())
                .collect()
        })
        .collect()
}

#[test]
fn libreoffice_breaks_the_docx_into_the_lines_and_pages_of_the_pdf() {
    if !have("soffice", &["--version"]) || !have("pdftotext", &["-v"]) {
        return;
    }
    let report = chinese_only();
    let sections = report
        .body
        .iter()
        .filter(|b| matches!(b, Block::Section(_)));
    assert_eq!(sections.count(), 3);
    let dir = common::Scratch::new("docx-gongwen-paginate");
    let ours = dir.join("ours.pdf");
    let pdf_options = gongwen::format::pdf::PdfOptions::default();
    let bytes = gongwen::format::pdf::write(&report, &pdf_options).expect("the PDF writes");
    std::fs::write(&ours, bytes).expect("write PDF");
    let theirs = pdf(&dir, &report);
    let (ours, theirs) = (page_lines(&ours), page_lines(&theirs));
    println!(
        "{} pages, {} lines in the PDF; {} pages from LibreOffice",
        ours.len(),
        ours.iter().map(Vec::len).sum::<usize>(),
        theirs.len()
    );
    assert!(ours.len() >= 3, "{ours:?}");
    for (page, (a, b)) in ours.iter().zip(&theirs).enumerate() {
        assert_eq!(a, b, "page {}", page + 1);
    }
    assert_eq!(ours.len(), theirs.len());
}
