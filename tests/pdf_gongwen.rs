//! The GB/T 9704-2012 elements in the PDF: where §7 and §10 put each one, measured on the laid
//! out pages (exactly) and on the written PDF with poppler (`pdftotext -bbox-layout`, `pdftoppm`)
//! within half a millimetre.

mod common;

use common::{BoxLine, bbox_lines, tool_available};
use gongwen::format::gbt9704 as g;
use gongwen::format::pdf::layout::{
    BLOCK_HEIGHT, BLOCK_LEFT, BLOCK_TOP, BLOCK_WIDTH, BODY_SIZE, CHAR_PITCH, LINE_PITCH, Layout,
    Line, MM, Page, RED, Rgb, SMALL_SIZE,
};
use gongwen::format::pdf::{self as pdf, PdfOptions};
use gongwen::model::{ElementKind, Form, Given, Report};
use std::path::{Path, PathBuf};
use std::process::Command;

const BLOCK_RIGHT: f32 = BLOCK_LEFT + BLOCK_WIDTH;
const BLOCK_BOTTOM: f32 = BLOCK_TOP + BLOCK_HEIGHT;
/// Exact positions in the layout: a hundredth of a point.
const EXACT: f32 = 0.01;
/// Positions measured on the written PDF: half a millimetre.
const HALF_MM: f32 = 0.5 * MM;

fn gongwen_report() -> Report {
    let text = common::data_file("gongwen/elements.txt");
    gongwen::read_text(&text, &Default::default())
        .expect("reads")
        .report
}

fn laid_out(report: &Report) -> Layout {
    pdf::lay_out(report, false).expect("lays out")
}

/// The line on a page whose text starts with `start`.
fn line<'a>(page: &'a Page, start: &str) -> &'a Line {
    page.lines
        .iter()
        .find(|l| l.text().starts_with(start))
        .unwrap_or_else(|| {
            let texts: Vec<String> = page.lines.iter().map(Line::text).collect();
            panic!("no line starting with {start}: {texts:?}")
        })
}

fn right(line: &Line) -> f32 {
    line.x + line.width
}

fn color(line: &Line) -> Rgb {
    line.runs[0].color
}

#[track_caller]
fn assert_at(what: &str, got: f32, expected: f32, tolerance: f32) {
    assert!(
        (got - expected).abs() <= tolerance,
        "{what}: {:.2} mm, expected {:.2} mm",
        got / MM,
        expected / MM
    );
}

/// The grid slot a line's em box starts at (to a thousandth of a line).
fn slot(line: &Line) -> f32 {
    ((line.top - BLOCK_TOP) / LINE_PITCH * 1000.0).round() / 1000.0
}

#[test]
fn the_header_follows_section_7_2() {
    let layout = laid_out(&gongwen_report());
    let page = &layout.pages[0];
    // 份号, 密级, 紧急程度: the first three lines, flush left.
    for (k, start) in ["000001", "机密★1年", "特急"].into_iter().enumerate() {
        let l = line(page, start);
        assert_at(start, l.top, BLOCK_TOP + k as f32 * LINE_PITCH, EXACT);
        assert_at(start, l.x, BLOCK_LEFT, EXACT);
    }
    // 发文机关标志: red, centred, its top 35 mm below the block's top, no wider than the block.
    let mark = line(page, "天津市静海区人民政府文件");
    assert_eq!(color(mark), RED);
    assert_at("mark top", mark.top, BLOCK_TOP + 35.0 * MM, EXACT);
    assert_at(
        "mark centre",
        mark.x + mark.width / 2.0,
        BLOCK_LEFT + BLOCK_WIDTH / 2.0,
        EXACT,
    );
    let size = mark.runs[0].size;
    assert!(size > BODY_SIZE && size <= g::ISSUER_MARK_SIZE, "{size}");
    // 发文字号 and 签发人 (a report upwards): one character in from each side, on the grid,
    // two empty lines below the mark.
    let number = line(page, "静海政发〔2021〕5号");
    let signer = line(page, "签发人：张三");
    assert_eq!(number.top, signer.top);
    assert_at("number left", number.x, BLOCK_LEFT + CHAR_PITCH, EXACT);
    assert_at(
        "signer right",
        right(signer),
        BLOCK_RIGHT - CHAR_PITCH,
        EXACT,
    );
    assert_eq!(slot(number).fract(), 0.0);
    let mark_bottom = (mark.top + size - BLOCK_TOP) / LINE_PITCH;
    assert_eq!(slot(number), mark_bottom.ceil() + 2.0);
    // The name is 楷体, the words 仿宋.
    assert_eq!(signer.runs.len(), 2, "{:?}", signer.runs);
    assert_eq!(signer.runs[1].text, "张三");
    // The red separator, as wide as the block, 4 mm below the 发文字号.
    let separator: Vec<_> = page.rules.iter().filter(|r| r.color == RED).collect();
    assert_eq!(separator.len(), 1);
    let rule = separator[0];
    assert_at("separator left", rule.x1, BLOCK_LEFT, EXACT);
    assert_at("separator right", rule.x2, BLOCK_RIGHT, EXACT);
    assert_at(
        "separator",
        rule.y1 - rule.width / 2.0,
        number.top + BODY_SIZE + 4.0 * MM,
        EXACT,
    );
    // The title two lines below it; the 主送 flush left after one empty line.
    let title = line(page, "天津市静海区人民政府关于");
    let below_rule = ((rule.y1 + rule.width / 2.0 - BLOCK_TOP) / LINE_PITCH).ceil();
    assert_eq!(slot(title), below_rule + 2.0);
    let recipient = line(page, "天津市人民政府：");
    assert_at("recipient", recipient.x, BLOCK_LEFT, EXACT);
    assert_eq!(
        slot(recipient),
        slot(title) + 3.0,
        "a two-line title, one empty line"
    );
}

#[test]
fn the_closing_follows_section_7_3() {
    let layout = laid_out(&gongwen_report());
    let lines: Vec<&Line> = layout.pages.iter().flat_map(|p| &p.lines).collect();
    let find = |start: &str| *lines.iter().find(|l| l.text().starts_with(start)).unwrap();
    let exactly = |text: &str| *lines.iter().find(|l| l.text() == text).unwrap();
    // 附件说明: two characters in; the next item under the first's number, wrapped names under
    // the name.
    let note = find("附件：1.");
    assert_at("note", note.x, BLOCK_LEFT + 2.0 * CHAR_PITCH, EXACT);
    let item = find("2.静海区");
    assert_at("second item", item.x, BLOCK_LEFT + 5.0 * CHAR_PITCH, EXACT);
    // Without a seal: the signature two characters from the right, the date two characters
    // right of its start.
    let signature = exactly("天津市静海区人民政府");
    let date = find("2021年3月29日");
    assert_at(
        "signature",
        right(signature),
        BLOCK_RIGHT - 2.0 * CHAR_PITCH,
        EXACT,
    );
    assert_at("date", date.x, signature.x + 2.0 * CHAR_PITCH, EXACT);
    assert_at("date below", date.top, signature.top + LINE_PITCH, EXACT);
    let remark = find("（此件公开发布）");
    assert_at("remark", remark.x, BLOCK_LEFT + 2.0 * CHAR_PITCH, EXACT);
    assert_at("remark below", remark.top, date.top + LINE_PITCH, EXACT);
}

#[test]
fn with_a_seal_the_date_stands_four_characters_in_under_a_centred_signature() {
    let mut report = gongwen_report();
    report.meta.layout.seal = true;
    let layout = laid_out(&report);
    let lines: Vec<&Line> = layout.pages.iter().flat_map(|p| &p.lines).collect();
    let find = |start: &str| *lines.iter().find(|l| l.text().starts_with(start)).unwrap();
    let exactly = |text: &str| *lines.iter().find(|l| l.text() == text).unwrap();
    let signature = exactly("天津市静海区人民政府");
    let date = find("2021年3月29日");
    assert_at("date", right(date), BLOCK_RIGHT - 4.0 * CHAR_PITCH, EXACT);
    assert_at(
        "signature centre",
        signature.x + signature.width / 2.0,
        date.x + date.width / 2.0,
        EXACT,
    );
    // Two blank lines above the signature, which the seal's top may reach.
    let at = lines
        .iter()
        .position(|l| std::ptr::eq(*l, signature))
        .expect("the signature");
    assert_at(
        "signature below the text",
        signature.top,
        lines[at - 1].top + 3.0 * LINE_PITCH,
        EXACT,
    );
}

#[test]
fn a_date_longer_than_the_signature_stands_two_characters_in() {
    let text = "报告\n正文。\n某区教育局\n2021年12月29日\n";
    let report = gongwen::read_text(text.as_bytes(), &Default::default())
        .unwrap()
        .report;
    let layout = laid_out(&report);
    let page = &layout.pages[0];
    let (signature, date) = (line(page, "某区教育局"), line(page, "2021年12月29日"));
    assert_at("date", right(date), BLOCK_RIGHT - 2.0 * CHAR_PITCH, EXACT);
    assert_at("signature", signature.x, date.x - 2.0 * CHAR_PITCH, EXACT);
}

#[test]
fn attachments_start_a_page_and_the_imprint_ends_the_last_even_page() {
    let layout = laid_out(&gongwen_report());
    let (index, page) = layout
        .pages
        .iter()
        .enumerate()
        .find(|(_, p)| p.lines.iter().any(|l| l.text() == "附件1"))
        .expect("the attachment's page");
    let label = line(page, "附件1");
    assert_at("label", label.top, BLOCK_TOP, EXACT);
    assert_at("label", label.x, BLOCK_LEFT, EXACT);
    assert_eq!(label.runs[0].role, gongwen::format::gbt9704::Role::Heading1);
    let title = line(page, "静海区2020年");
    assert_at(
        "attachment title",
        title.top,
        BLOCK_TOP + 2.0 * LINE_PITCH,
        EXACT,
    );
    // Nothing of the main text on the attachment's page.
    assert!(index > 0);
    assert!(!page.lines.iter().any(|l| l.text().contains("此件公开发布")));

    // The 版记 on the last page, an even one, its last rule on the block's bottom edge.
    assert_eq!(layout.pages.len() % 2, 0, "{} pages", layout.pages.len());
    let last = layout.pages.last().unwrap();
    let cc = line(last, "抄送：");
    let office = line(last, "天津市静海区人民政府办公室");
    let printed = line(last, "2021年3月30日印发");
    let inset = CHAR_PITCH * SMALL_SIZE / BODY_SIZE;
    assert_eq!(cc.runs[0].size, SMALL_SIZE);
    assert_at("cc", cc.x, BLOCK_LEFT + inset, EXACT);
    assert_at("office", office.x, BLOCK_LEFT + inset, EXACT);
    assert_at("printed", right(printed), BLOCK_RIGHT - inset, EXACT);
    assert_eq!(office.top, printed.top);
    let mut rules: Vec<_> = last.rules.iter().collect();
    rules.sort_by(|a, b| a.y1.total_cmp(&b.y1));
    let widths: Vec<f32> = rules
        .iter()
        .map(|r| (r.width / MM * 100.0).round() / 100.0)
        .collect();
    assert_eq!(widths, [0.35, 0.25, 0.35]);
    assert_at("last rule", rules[2].y1, BLOCK_BOTTOM, EXACT);
    assert_at(
        "between",
        rules[1].y1,
        office.top - (LINE_PITCH - SMALL_SIZE) / 2.0,
        EXACT,
    );
    assert!(cc.top > rules[0].y1 && cc.top + SMALL_SIZE < rules[1].y1);
}

#[test]
fn a_blank_page_before_the_imprint_and_the_imprint_page_have_no_number() {
    // Two full pages of text: the 版记 cannot share page 2, so page 3 stays blank and page 4
    // holds it; neither has a number.
    let mut text = String::from("报告\n");
    for _ in 0..42 {
        text.push_str("正文第一行。\n");
    }
    text.push_str("抄送：区委办公室。\n");
    let report = gongwen::read_text(text.as_bytes(), &Default::default())
        .unwrap()
        .report;
    let layout = laid_out(&report);
    assert_eq!(layout.pages.len(), 4);
    let numbered: Vec<bool> = layout
        .pages
        .iter()
        .map(|p| p.lines.iter().any(|l| l.text().starts_with("— ")))
        .collect();
    assert_eq!(numbered, [true, true, false, false]);
    assert!(layout.pages[2].lines.is_empty());
}

#[test]
fn the_letter_form_puts_its_mark_30_mm_from_the_top_between_red_double_lines() {
    let mut report = gongwen_report();
    report.meta.layout.form = Form::Letter;
    let layout = laid_out(&report);
    let page = &layout.pages[0];
    let mark = line(page, "天津市静海区人民政府文件");
    assert_at("mark top", mark.top, 30.0 * MM, EXACT);
    let red: Vec<_> = page.rules.iter().filter(|r| r.color == RED).collect();
    assert_eq!(red.len(), 4, "two double lines");
    for rule in &red {
        assert_at("line length", rule.x2 - rule.x1, 170.0 * MM, EXACT);
    }
    let lowest = red.iter().map(|r| r.y1 + r.width / 2.0).fold(0.0, f32::max);
    assert_at("lower line", lowest, (297.0 - 20.0) * MM, EXACT);
    // The 发文字号 flush right under the upper line; no page number on the first page.
    let number = line(page, "静海政发〔2021〕5号");
    assert!(right(number) <= BLOCK_RIGHT + EXACT);
    assert!(!page.lines.iter().any(|l| l.text().starts_with("— ")));
    // A letter's 版记 has no rules and no printer line.
    let last = layout.pages.last().unwrap();
    assert!(last.rules.is_empty());
    assert!(!last.lines.iter().any(|l| l.text().contains("印发")));
}

#[test]
fn elements_given_by_the_user_stand_where_the_text_lacks_them() {
    let mut report = gongwen::read_text(
        "关于2020年工作情况的报告\n全年办理案件515件。\n".as_bytes(),
        &Default::default(),
    )
    .unwrap()
    .report;
    for (kind, text) in [
        (ElementKind::IssuerMark, "天津市静海区人民政府文件"),
        (ElementKind::DocNumber, "静海政发〔2021〕5号"),
        (ElementKind::Recipient, "天津市人民政府："),
        (ElementKind::Signature, "天津市静海区人民政府"),
        (ElementKind::Date, "2021年3月29日"),
        (ElementKind::Cc, "区委办公室。"),
    ] {
        report.meta.given.push(Given {
            kind,
            text: text.to_string(),
        });
    }
    let layout = laid_out(&report);
    let page = &layout.pages[0];
    assert_at(
        "mark",
        line(page, "天津市静海区人民政府文件").top,
        BLOCK_TOP + 35.0 * MM,
        EXACT,
    );
    let number = line(page, "静海政发");
    assert_at(
        "number centred",
        number.x + number.width / 2.0,
        BLOCK_LEFT + BLOCK_WIDTH / 2.0,
        EXACT,
    );
    let title = line(page, "关于2020年");
    let recipient = line(page, "天津市人民政府：");
    assert_eq!(slot(recipient), slot(title) + 2.0);
    let signature = page
        .lines
        .iter()
        .find(|l| l.text() == "天津市静海区人民政府")
        .unwrap();
    assert_at(
        "signature",
        right(signature),
        BLOCK_RIGHT - 2.0 * CHAR_PITCH,
        EXACT,
    );
    let last = layout.pages.last().unwrap();
    assert!(line(last, "抄送：区委办公室。").top > BLOCK_TOP);
}

// ------------------------------------------------------------------ the written PDF

fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdf-gongwen");
    std::fs::create_dir_all(&dir).expect("output directory");
    dir
}

/// The PDF of the 公文, written under a name of the calling test's own (tests run in parallel).
fn written_pdf(name: &str) -> PathBuf {
    let path = out_dir().join(format!("{name}.pdf"));
    let bytes = pdf::write(&gongwen_report(), &PdfOptions::default()).expect("PDF");
    std::fs::write(&path, bytes).expect("write");
    path
}

#[test]
fn poppler_finds_every_element_where_the_standard_puts_it() {
    if !tool_available("pdftotext") {
        return;
    }
    let pages = bbox_lines(&written_pdf("poppler"));
    let find = |page: usize, start: &str| {
        pages[page]
            .iter()
            .find(|l| l.text.starts_with(start))
            .unwrap_or_else(|| panic!("page {page}: no {start}: {:?}", pages[page]))
    };
    let mark = find(0, "天津市静海区人民政府文件");
    assert_at("mark top", mark.y_min, BLOCK_TOP + 35.0 * MM, HALF_MM);
    assert_at(
        "mark centre",
        (mark.x_min + mark.x_max) / 2.0,
        BLOCK_LEFT + BLOCK_WIDTH / 2.0,
        HALF_MM,
    );
    assert_at("copy number", find(0, "000001").x_min, BLOCK_LEFT, HALF_MM);
    let all: Vec<&BoxLine> = pages.iter().flatten().collect();
    let any = |start: &str| *all.iter().find(|l| l.text.starts_with(start)).unwrap();
    let signature = *all
        .iter()
        .find(|l| l.text == "天津市静海区人民政府")
        .unwrap();
    assert_at(
        "signature right",
        signature.x_max,
        BLOCK_RIGHT - 2.0 * CHAR_PITCH,
        HALF_MM,
    );
    let date = any("2021年3月29日");
    assert_at(
        "date",
        date.x_min,
        signature.x_min + 2.0 * CHAR_PITCH,
        HALF_MM,
    );
    // The 版记 on the last page, an even one, its last line just above the block's bottom.
    assert_eq!(pages.len() % 2, 0);
    let last = pages.last().unwrap();
    let printed = last
        .iter()
        .find(|l| l.text.ends_with("印发"))
        .expect("印发 line");
    assert_at(
        "printed right",
        printed.x_max,
        BLOCK_RIGHT - CHAR_PITCH * SMALL_SIZE / BODY_SIZE,
        HALF_MM,
    );
    assert!(printed.y_min > BLOCK_BOTTOM - LINE_PITCH && printed.y_min < BLOCK_BOTTOM);
}

#[test]
fn the_mark_and_the_separator_are_red_on_the_rendered_page() {
    if !tool_available("pdftoppm") {
        return;
    }
    let pdf = written_pdf("red");
    let prefix = out_dir().join("elements-page");
    let status = Command::new("pdftoppm")
        .args(["-r", "72", "-f", "1", "-l", "1", "-singlefile"])
        .arg(&pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs");
    assert!(status.success());
    let ppm = std::fs::read(prefix.with_extension("ppm")).expect("page image");
    // A binary PPM: "P6\n<w> <h>\n255\n" then RGB.
    let mut fields = ppm.splitn(4, |b| b.is_ascii_whitespace());
    assert_eq!(fields.next(), Some(&b"P6"[..]));
    let width: usize = std::str::from_utf8(fields.next().unwrap())
        .unwrap()
        .parse()
        .unwrap();
    let header_end = ppm
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .nth(2)
        .unwrap()
        .0
        + 1;
    let pixel = |x: f32, y: f32| {
        let at = header_end + 3 * (y as usize * width + x as usize);
        (ppm[at], ppm[at + 1], ppm[at + 2])
    };
    let red = |(r, g, b): (u8, u8, u8)| r > 180 && g < 80 && b < 80;
    // Some pixel of the mark's band is red; the separator's row is red across the block.
    let layout = laid_out(&gongwen_report());
    let page = &layout.pages[0];
    let mark = line(page, "天津市静海区人民政府文件");
    let size = mark.runs[0].size;
    let band = (0..(size as usize))
        .flat_map(|dy| (0..(mark.width as usize)).map(move |dx| (dx, dy)))
        .any(|(dx, dy)| red(pixel(mark.x + dx as f32, mark.top + dy as f32)));
    assert!(band, "no red pixel in the mark");
    let rule = page.rules.iter().find(|r| r.color == RED).unwrap();
    for x in [
        BLOCK_LEFT + 2.0,
        BLOCK_LEFT + BLOCK_WIDTH / 2.0,
        BLOCK_RIGHT - 2.0,
    ] {
        assert!(
            red(pixel(x, rule.y1)),
            "separator at x {x}: {:?}",
            pixel(x, rule.y1)
        );
    }
}

/// The lines a report's title is broken into.
fn title_lines(report: &Report) -> Vec<String> {
    use gongwen::format::pdf::layout::LineKind;
    let layout = laid_out(report);
    layout.pages[0]
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Title)
        .map(Line::text)
        .collect()
}

#[test]
fn titles_break_where_words_end_and_never_inside_a_number_and_its_unit() {
    assert_eq!(
        title_lines(&gongwen_report()),
        ["天津市静海区人民政府关于", "2020年法治政府建设情况的报告"]
    );
    for (title, expected) in [
        (
            "湖北省人民政府关于2023年度法治政府建设情况的报告",
            &["湖北省人民政府关于", "2023年度法治政府建设情况的报告"][..],
        ),
        (
            "——2016年1月6日在馬鞍山市第十五屆人民代表大會第五次會議上",
            &[
                "——2016年1月6日在",
                "馬鞍山市第十五屆人民代表大會第五次會議上",
            ][..],
        ),
    ] {
        let text = format!("{title}\n正文。\n");
        let report = gongwen::read_text(text.as_bytes(), &Default::default())
            .unwrap()
            .report;
        assert_eq!(title_lines(&report), expected);
    }
    let Some(files) = common::corpus_files() else {
        return;
    };
    let digit = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c);
    let mut titles = 0;
    for (name, bytes) in files {
        let Ok(document) = gongwen::read_text(&bytes, &Default::default()) else {
            continue;
        };
        if !document
            .report
            .body
            .iter()
            .any(|b| matches!(b, gongwen::model::Block::Title(_)))
        {
            continue;
        }
        let lines = title_lines(&document.report);
        for pair in lines.windows(2) {
            let (before, after) = (
                pair[0].chars().last().unwrap(),
                pair[1].chars().next().unwrap(),
            );
            assert!(
                !digit(before) || after.is_whitespace(),
                "{name}: a number split from its unit: {lines:?}"
            );
            assert!(
                !(before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric()),
                "{name}: a word split: {lines:?}"
            );
        }
        // Balanced: no line less than half as wide as the longest (ASCII counts half).
        if lines.len() > 1 {
            let width = |l: &String| -> f32 {
                l.chars()
                    .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
                    .sum()
            };
            let widths: Vec<f32> = lines.iter().map(width).collect();
            let max = widths.iter().copied().fold(0.0, f32::max);
            let min = widths.iter().copied().fold(f32::MAX, f32::min);
            assert!(min >= max / 2.0, "{name}: unbalanced {lines:?}");
        }
        titles += 1;
        if titles == 20 {
            break;
        }
    }
    assert_eq!(titles, 20, "20 corpus titles");
}

#[test]
fn fix_punctuation_prints_ascii_marks_in_chinese_text_full_width() {
    if !tool_available("pdftotext") {
        return;
    }
    let text = "工作报告\n全年办理案件515件,办结率100%;收到2,700件(含网上)。\n";
    let report = gongwen::read_text(text.as_bytes(), &Default::default())
        .unwrap()
        .report;
    let printed = |fix: bool| {
        let options = PdfOptions {
            fix_punctuation: fix,
            ..PdfOptions::default()
        };
        let path = out_dir().join(format!("punctuation-{fix}.pdf"));
        std::fs::write(&path, pdf::write(&report, &options).expect("PDF")).expect("write");
        let out = Command::new("pdftotext")
            .args(["-raw"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        String::from_utf8(out.stdout).unwrap().replace('\n', "")
    };
    assert!(printed(false).contains("515件,办结率100%;收到2,700件(含网上)。"));
    // Full-width where the mark stands in Chinese text; 2,700 keeps its comma.
    assert!(printed(true).contains("515件，办结率100%；收到2,700件（含网上）。"));
    // The report itself is unchanged.
    assert!(report.text().contains("515件,办结率"));
}
