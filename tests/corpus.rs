//! Real reports from `../shared/corpus` (see its SOURCES.md): every file reads without a panic,
//! and a dozen have asserted expectations — encodings, headings, titles, tables, figures.
//! The corpus stays outside the repository; without it these tests print SKIP (or fail under
//! `GONGWEN_REQUIRE_ALL`).

mod common;

use gongwen::Document;
use gongwen::model::{Block, FigureKind, MarkerStyle, Script};

fn read(name: &str) -> Option<Document> {
    let bytes = common::corpus_file(name)?;
    Some(gongwen::read_text(&bytes, &Default::default()).unwrap_or_else(|e| panic!("{name}: {e}")))
}

/// Sections per level 1–4.
fn levels(document: &Document) -> [usize; 4] {
    let mut out = [0; 4];
    for s in document.report.sections() {
        out[usize::from(s.level) - 1] += 1;
    }
    out
}

/// Asserts that a figure with this text exists, with the kind, value and unit given.
fn figure(document: &Document, text: &str, kind: FigureKind, value: &str, unit: Option<&str>) {
    let figures = document.report.figures();
    let Some(f) = figures.iter().find(|f| f.text == text) else {
        let near: Vec<&str> = figures.iter().map(|f| f.text.as_str()).take(40).collect();
        panic!("no figure {text:?}; first figures: {near:?}");
    };
    assert_eq!(
        (f.kind, f.value.as_deref(), f.unit.as_deref()),
        (kind, Some(value), unit),
        "{text}"
    );
}

fn tables(blocks: &[Block]) -> Vec<&gongwen::model::Table> {
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::Table(t) => out.push(t),
            Block::Section(s) => out.extend(tables(&s.blocks)),
            _ => {}
        }
    }
    out
}

#[test]
fn every_file_reads_and_every_digit_is_in_one_figure() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    for (name, bytes) in files {
        let document = gongwen::read_text(&bytes, &Default::default())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let text = document.report.text();
        let mut covered = vec![false; text.len()];
        // Digits of heading markers (`3.`, `(1)`) number the heading: the marker holds them.
        for s in document.report.sections() {
            let m = &s.heading.marker;
            covered[m.span.start..m.span.end].fill(true);
        }
        for f in document.report.figures() {
            assert!(
                !covered[f.span.start..f.span.end].contains(&true),
                "{name}: figures overlap at {}",
                f.text
            );
            covered[f.span.start..f.span.end].fill(true);
        }
        for (i, c) in text.char_indices() {
            if c.is_ascii_digit() || ('０'..='９').contains(&c) {
                assert!(covered[i], "{name}: digit at byte {i} in no figure");
            }
        }
        let _ = gongwen::check::check(&document.report);
    }
}

#[test]
fn r031_gb18030_decodes_to_its_utf8_twin_with_two_heading_levels() {
    let (Some(gb), Some(utf8)) = (
        read("031_gzbg-national-2018.orig-gb18030.txt"),
        read("031_gzbg-national-2018.txt"),
    ) else {
        return;
    };
    assert_eq!(gb.report.meta.encoding, "gb18030");
    assert_eq!(utf8.report.meta.encoding, "UTF-8");
    assert_eq!(gb.report.text(), utf8.report.text());
    assert_eq!(levels(&gb), [3, 18, 0, 0]);
    let top: Vec<&str> = gb
        .report
        .sections()
        .iter()
        .filter(|s| s.level == 1)
        .map(|s| s.heading.marker.text.as_str())
        .collect();
    assert_eq!(top, ["一、", "二、", "三、"]);
    assert!(
        gb.report
            .meta
            .title
            .as_deref()
            .unwrap()
            .starts_with("政府工作报告——2018年3月5日")
    );
    assert_eq!(gb.report.meta.year, Some(2018));
    figure(
        &gb,
        "82.7万亿元",
        FigureKind::Money,
        "82700000000000",
        Some("元"),
    );
    figure(
        &gb,
        "1.2万亿斤",
        FigureKind::Measure,
        "1200000000000",
        Some("斤"),
    );
    figure(&gb, "十九大", FigureKind::Identifier, "19", None);
}

#[test]
fn r028_gb18030_original() {
    let Some(gb) = read("028_gzbg-national-1975.orig-gb18030.txt") else {
        return;
    };
    assert_eq!(gb.report.meta.encoding, "gb18030");
    assert_eq!(
        gb.report.meta.title.as_deref(),
        Some("1975年国务院政府工作报告")
    );
}

#[test]
fn r029_full_width_digits_are_read_as_digits() {
    let Some(d) = read("029_gzbg-national-1980.txt") else {
        return;
    };
    figure(&d, "１９８１年", FigureKind::Year, "1981", Some("年"));
    figure(
        &d,
        "１９８０年８月３０日",
        FigureKind::Date,
        "1980-08-30",
        None,
    );
    assert_eq!(
        d.report.meta.title.as_deref(),
        Some("1980年国务院政府工作报告")
    );
    // The page holds the report several times over; each copy has its three parts.
    assert_eq!(levels(&d)[0] % 3, 0);
}

#[test]
fn r038_pdf_wrapped_lines_are_rejoined() {
    let Some(d) = read("038_gzbg-shanghai-2026-pdf-wrapped.txt") else {
        return;
    };
    let text = d.report.text();
    assert!(
        text.contains("提出意见"),
        "a word broken by the wrap is whole again"
    );
    assert!(text.contains("考察指导工作"));
    assert!(!text.contains("Jie Fang Ri Bao"));
    let headings: Vec<String> = d
        .report
        .sections()
        .iter()
        .map(|s| {
            let text: String = s.heading.inlines.iter().map(|i| i.text()).collect();
            format!("{}{text}", s.heading.marker.text)
        })
        .collect();
    assert_eq!(headings, ["一、2025年工作回顾"]);
    figure(&d, "2026年2月3日", FigureKind::Date, "2026-02-03", None);
}

#[test]
fn r041_chinese_numeral_amounts() {
    let Some(d) = read("041_hk-budget-speech-2019-part1-trad.txt") else {
        return;
    };
    assert_eq!(d.report.meta.script, Script::Traditional);
    figure(
        &d,
        "約一千五百億元",
        FigureKind::Money,
        "150000000000",
        Some("元"),
    );
    figure(&d, "百分之三點五", FigureKind::Percent, "3.5", Some("%"));
    figure(&d, "二零一八年", FigureKind::Year, "2018", Some("年"));
}

#[test]
fn r043_ranges() {
    let Some(d) = read("043_hk-news-budget-2005-trad.txt") else {
        return;
    };
    let figures = d.report.figures();
    let range = figures
        .iter()
        .find(|f| f.text == "2,700 - 3,400億元")
        .expect("the range");
    assert_eq!(range.kind, FigureKind::Money);
    assert_eq!(range.value.as_deref(), Some("270000000000"));
    assert_eq!(range.value_max.as_deref(), Some("340000000000"));
    figure(&d, "105億元", FigureKind::Money, "10500000000", Some("元"));
    assert_eq!(tables(&d.report.body).len(), 2);
}

#[test]
fn r045_traditional_points_and_compound_amounts() {
    let Some(d) = read("045_tw-ndc-macro-indicators-2016-trad.txt") else {
        return;
    };
    assert_eq!(d.report.meta.script, Script::Traditional);
    figure(
        &d,
        "0.78個百分點",
        FigureKind::Points,
        "0.78",
        Some("个百分点"),
    );
    figure(
        &d,
        "1,126萬7千人",
        FigureKind::Count,
        "11267000",
        Some("人"),
    );
    figure(&d, "6萬9千人", FigureKind::Count, "69000", Some("人"));
    figure(&d, "105年", FigureKind::Year, "105", Some("民国年"));
    assert!(
        d.report.meta.title.is_none(),
        "a bullet line is not a title"
    );
}

#[test]
fn r052_identifiers_are_recognized() {
    let Some(d) = read("052_xxgk-nanping-2012.txt") else {
        return;
    };
    figure(
        &d,
        "〔2012〕157号",
        FigureKind::Identifier,
        "〔2012〕157号",
        None,
    );
    figure(
        &d,
        "0599-8830330",
        FigureKind::Identifier,
        "0599-8830330",
        None,
    );
    figure(&d, "353000", FigureKind::Identifier, "353000", None);
    figure(&d, "2012年12月31日", FigureKind::Date, "2012-12-31", None);
    assert!(
        d.report.meta.title.is_none(),
        "本报告… opens a sentence, not a title"
    );
}

#[test]
fn r015_and_r049_pipe_tables() {
    let (Some(a), Some(b)) = (
        read("015_enforcement-stats-datong-relics-2021-trad.txt"),
        read("049_xxgk-hanyang-govoffice-2022.txt"),
    ) else {
        return;
    };
    let t = tables(&a.report.body);
    assert_eq!(t.len(), 2);
    let first_cells: Vec<String> = t[0]
        .rows
        .iter()
        .take(3)
        .map(|r| r.cells[0].inlines.iter().map(|i| i.text()).collect())
        .collect();
    assert_eq!(first_cells[1], "行政處罰實施數量(宗) ");
    assert_eq!(levels(&a), [2, 7, 0, 0]);
    assert_eq!(tables(&b.report.body).len(), 2);
    assert_eq!(levels(&b)[0], 4);
}

#[test]
fn r009_headings_inside_text_without_line_breaks() {
    let Some(d) = read("009_fzzf-hubei-province-2023-watermark.txt") else {
        return;
    };
    let meta = &d.report.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("湖北省人民政府关于2023年度法治政府建设情况的报告")
    );
    assert_eq!(meta.issuer.as_deref(), Some("湖北省人民政府"));
    assert_eq!(meta.region.as_deref(), Some("湖北省"));
    assert_eq!(meta.year, Some(2023));
    assert!(!d.report.text().contains("mishuzj"));
    assert_eq!(meta.removed.len(), 2, "both watermarks recorded");
    let first = d.report.sections()[0];
    assert_eq!(first.heading.marker.style, MarkerStyle::ChineseComma);
    assert_eq!(first.heading.marker.number, 1);
    let heading: String = first.heading.inlines.iter().map(|i| i.text()).collect();
    assert!(heading.starts_with("坚持党的领导"), "{heading}");
}

#[test]
fn r059_ocr_plan_with_parts_and_chapters() {
    let Some(d) = read("059_plan-national-8th-fyp-1991-ocr.txt") else {
        return;
    };
    assert_eq!(
        d.report.meta.title.as_deref(),
        Some("中华人民共和国国民经济和社会发展十年规划和第八个五年计划纲要")
    );
    assert!(levels(&d)[0] >= 20);
    assert!(!d.report.meta.removed.is_empty());
}
