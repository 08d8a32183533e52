//! DOCX: the written package part by part (page, grid, styles, footers, properties), the round
//! trip through the reader, drafts without styles, and inputs the reader must refuse.

mod common;

use gongwen::format::docx::{self, DocxOptions, Fonts};
use gongwen::format::{self, InputFormat};
use gongwen::model::MarkerStyle;
use gongwen::model::{Figure, FigureKind, Inline, Paragraph, Report, Script, Span, Text};
use gongwen::{Document, Error};
use std::io::{Cursor, Read, Write};

/// A report with every kind of block: title, preface, three heading levels, run-in headings
/// at two levels, a table and a closing signature.
const REPORT: &str = "某县2021年法治政府建设工作报告
2021年,县政府坚持依法行政,现将有关情况报告如下。
一、主要工作
（一）完善制度。全年制定规范性文件5件。
1.加强审查。审查合同32份,提出意见10条。
2.强化监督
开展专项检查3次。
（二）执法情况
行政处罚情况如下:
警告|12|
罚款|30|
二、存在问题
部分单位重视不够。
某县人民政府";

const TIMESTAMP: u64 = 1_617_004_800; // 2021-03-29T08:00:00Z

fn options() -> DocxOptions {
    DocxOptions {
        timestamp: Some(TIMESTAMP),
        ..Default::default()
    }
}

fn read_report(text: &str) -> Document {
    gongwen::read_text(text.as_bytes(), &Default::default()).expect("the text reads")
}

fn write(report: &Report, options: &DocxOptions) -> Vec<u8> {
    docx::write(report, options).expect("the DOCX is written")
}

/// The text of one part of a package.
fn part(package: &[u8], name: &str) -> String {
    common::zip_part(package, name)
}

/// The children of the first `<tag>` in `xml`, as their element names in order.
fn child_names(xml: &str, tag: &str) -> Vec<String> {
    let start = xml.find(&format!("<{tag}>")).expect(tag) + tag.len() + 2;
    let end = start + xml[start..].find(&format!("</{tag}>")).expect(tag);
    let inner = &xml[start..end];
    let mut names = Vec::new();
    let mut depth = 0;
    let mut rest = inner;
    while let Some(i) = rest.find('<') {
        rest = &rest[i + 1..];
        let close = rest.starts_with('/');
        let name_end = rest.find([' ', '/', '>']).unwrap_or(rest.len());
        let tag_end = rest.find('>').unwrap_or(rest.len());
        let self_closing = rest[..tag_end].ends_with('/');
        if close {
            depth -= 1;
        } else {
            if depth == 0 {
                names.push(rest[..name_end].to_string());
            }
            if !self_closing {
                depth += 1;
            }
        }
    }
    names
}

#[test]
fn page_is_a4_with_gbt_9704_margins_and_line_grid() {
    let package = write(&read_report(REPORT).report, &options());
    let document = part(&package, "word/document.xml");
    assert!(document.contains(r#"<w:pgSz w:w="11906" w:h="16838"/>"#));
    assert!(document.contains(
        r#"<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587" w:header="851" w:footer="1247" w:gutter="0"/>"#
    ));
    assert!(document.contains(r#"<w:docGrid w:type="lines" w:linePitch="579"/>"#));
    assert_eq!(
        child_names(&document, "w:sectPr"),
        [
            "w:footerReference",
            "w:footerReference",
            "w:pgSz",
            "w:pgMar",
            "w:pgNumType",
            "w:cols",
            "w:docGrid"
        ]
    );
    let settings = part(&package, "word/settings.xml");
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
    assert!(settings.contains(r#"<w:characterSpacingControl w:val="doNotCompress"/>"#));
}

#[test]
fn styles_carry_fonts_sizes_grid_and_outline_levels() {
    let package = write(&read_report(REPORT).report, &options());
    let styles = part(&package, "word/styles.xml");
    assert!(styles.contains(r#"<w:style w:type="paragraph" w:default="1" w:styleId="Normal">"#));
    assert!(styles.contains(
        r#"<w:rFonts w:ascii="仿宋_GB2312" w:hAnsi="仿宋_GB2312" w:eastAsia="仿宋_GB2312" w:cs="仿宋_GB2312"/><w:spacing w:val="-5"/><w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>"#
    ));
    assert!(styles.contains(
        r#"<w:spacing w:before="0" w:after="0" w:line="579" w:lineRule="exact"/><w:ind w:firstLineChars="200" w:firstLine="640"/>"#
    ));
    assert!(styles.contains(r#"<w:rFonts w:ascii="方正小标宋简体""#));
    assert!(styles.contains(r#"<w:sz w:val="44"/>"#));
    assert!(styles.contains(r#"<w:jc w:val="center"/>"#));
    for (level, font) in [
        (1, "黑体"),
        (2, "楷体_GB2312"),
        (3, "仿宋_GB2312"),
        (4, "仿宋_GB2312"),
    ] {
        let start = styles
            .find(&format!(r#"w:styleId="Heading{level}">"#))
            .expect("heading style");
        let style = &styles[start..start + styles[start..].find("</w:style>").expect("end")];
        assert!(style.contains(&format!(r#"<w:name w:val="heading {level}"/>"#)));
        assert!(style.contains(&format!(r#"<w:outlineLvl w:val="{}"/>"#, level - 1)));
        assert!(style.contains(&format!(r#"<w:rFonts w:ascii="{font}""#)));
        assert!(style.contains(r#"w:before="0" w:after="0""#));
        assert_eq!(
            child_names(style, "w:pPr"),
            ["w:keepNext", "w:spacing", "w:ind", "w:outlineLvl"]
        );
    }
    let fonts = part(&package, "word/fontTable.xml");
    assert!(fonts.contains(r#"<w:font w:name="仿宋_GB2312"><w:altName w:val="仿宋"/>"#));
}

#[test]
fn plain_fonts_are_the_ones_every_system_has() {
    let options = DocxOptions {
        fonts: Fonts::Plain,
        ..options()
    };
    let package = write(&read_report(REPORT).report, &options);
    let styles = part(&package, "word/styles.xml");
    for font in ["宋体", "黑体", "楷体", "仿宋"] {
        assert!(
            styles.contains(&format!(r#"w:eastAsia="{font}""#)),
            "{font}"
        );
    }
    assert!(!styles.contains("GB2312"));
    assert!(!styles.contains("方正"));
}

#[test]
fn footers_number_odd_pages_right_and_even_pages_left() {
    let package = write(&read_report(REPORT).report, &options());
    let rels = part(&package, "word/_rels/document.xml.rels");
    let document = part(&package, "word/document.xml");
    for (kind, file, side, jc) in [
        ("default", "footer1.xml", "right", "right"),
        ("even", "footer2.xml", "left", "left"),
    ] {
        let id_start = document
            .find(&format!(r#"<w:footerReference w:type="{kind}" r:id=""#))
            .expect("footer reference");
        let id = document[id_start..].split('"').nth(3).expect("id");
        assert!(rels.contains(&format!(r#"Id="{id}""#)));
        assert!(rels.contains(&format!(r#"Target="{file}""#)));
        let footer = part(&package, &format!("word/{file}"));
        assert!(footer.contains(&format!(r#"<w:ind w:{side}="280"/><w:jc w:val="{jc}"/>"#)));
        assert!(footer.contains(r#"<w:t xml:space="preserve">— </w:t>"#));
        assert!(footer.contains(r#"<w:t xml:space="preserve"> —</w:t>"#));
        assert!(footer.contains(r#"<w:instrText xml:space="preserve"> PAGE </w:instrText>"#));
        assert!(footer.contains(r#"<w:sz w:val="28"/>"#));
    }
}

#[test]
fn core_properties_name_title_issuer_dates_and_language() {
    let mut report = read_report(REPORT).report;
    assert_eq!(report.meta.issuer.as_deref(), Some("某县人民政府"));
    let core = part(&write(&report, &options()), "docProps/core.xml");
    assert!(core.contains("<dc:title>某县2021年法治政府建设工作报告</dc:title>"));
    assert!(core.contains("<dc:creator>某县人民政府</dc:creator>"));
    assert!(core.contains("<dc:language>zh-CN</dc:language>"));
    assert!(core.contains(
        r#"<dcterms:created xsi:type="dcterms:W3CDTF">2021-03-29T08:00:00Z</dcterms:created>"#
    ));
    assert!(core.contains(
        r#"<dcterms:modified xsi:type="dcterms:W3CDTF">2021-03-29T08:00:00Z</dcterms:modified>"#
    ));
    report.meta.script = Script::Traditional;
    let package = write(&report, &options());
    assert!(part(&package, "docProps/core.xml").contains("<dc:language>zh-TW</dc:language>"));
    assert!(part(&package, "word/styles.xml").contains(r#"w:eastAsia="zh-TW""#));
    let app = part(&package, "docProps/app.xml");
    assert!(app.contains("<Application>gongwen</Application>"));
}

#[test]
fn report_xml_is_stored_as_a_custom_xml_part() {
    let report = read_report(REPORT).report;
    let package = write(&report, &options());
    let item = {
        let mut archive = zip::ZipArchive::new(Cursor::new(&package)).expect("zip");
        let mut bytes = Vec::new();
        archive
            .by_name("customXml/item1.xml")
            .expect("custom XML part")
            .read_to_end(&mut bytes)
            .expect("read");
        bytes
    };
    assert_eq!(item, format::xml::write(&report).expect("XML"));
    assert!(
        part(&package, "word/_rels/document.xml.rels").contains(
            r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../customXml/item1.xml""#
        )
    );
    assert!(
        part(&package, "customXml/itemProps1.xml").contains(r#"ds:uri="urn:gongwen:report:1""#)
    );
    assert!(
        part(&package, "[Content_Types].xml").contains(r#"PartName="/customXml/itemProps1.xml""#)
    );
}

#[test]
fn writing_is_deterministic() {
    let report = read_report(REPORT).report;
    assert_eq!(write(&report, &options()), write(&report, &options()));
}

#[test]
fn round_trip_gives_the_same_report() {
    let original = read_report(REPORT).report;
    let package = write(&original, &options());
    let back = docx::read(&package).expect("the DOCX reads back");
    assert_eq!(back.report, original);
    assert_eq!(back.report.text(), REPORT);
}

#[test]
fn run_in_headings_start_their_paragraph_in_their_level_face() {
    let package = write(&read_report(REPORT).report, &options());
    let document = part(&package, "word/document.xml");
    // One paragraph of the body style: the heading's runs in 楷体 (level 2), then the body.
    assert!(document.contains(
        r#"<w:p><w:r><w:rPr><w:rFonts w:ascii="楷体_GB2312" w:hAnsi="楷体_GB2312" w:eastAsia="楷体_GB2312" w:cs="楷体_GB2312" w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">（一）完善制度。</w:t></w:r><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">全年制定规范性文件5件。</w:t></w:r></w:p>"#
    ));
    assert!(!document.contains("specVanish"));
    let extracted = docx::extract(&package).expect("extract");
    let levels: Vec<(Option<u8>, bool, &str)> = extracted
        .paragraphs
        .iter()
        .map(|p| (p.outline_level, p.joins_next, p.text.as_str()))
        .collect();
    assert_eq!(
        levels[2..7],
        [
            (Some(0), false, "一、主要工作"),
            (None, false, "（一）完善制度。全年制定规范性文件5件。"),
            (None, false, "1.加强审查。审查合同32份,提出意见10条。"),
            (Some(2), false, "2.强化监督"),
            (None, false, "开展专项检查3次。"),
        ]
    );
    assert_eq!(extracted.paragraphs[0].style.as_deref(), Some("Title"));
    // The headings are found again from their numbering: the document without its stored
    // report reads as the text does.
    let text = gongwen::read_text(extracted.text().as_bytes(), &Default::default())
        .expect("the text reads");
    assert_eq!(
        headings(&text.report.body),
        headings(&read_report(REPORT).report.body)
    );
}

/// The headings of a body in order: level, text, run in or not.
fn headings(blocks: &[gongwen::model::Block]) -> Vec<(u8, String, bool)> {
    let mut out = Vec::new();
    for block in blocks {
        if let gongwen::model::Block::Section(s) = block {
            let text = s.heading.inlines.iter().map(|i| i.text()).collect();
            out.push((s.level, text, s.heading.run_in));
            out.extend(headings(&s.blocks));
        }
    }
    out
}

#[test]
fn a_style_separator_joins_a_heading_and_its_paragraph_on_one_line() {
    // Word's style separator: the heading's paragraph mark is hidden.
    let body = format!(
        r#"<w:p>{}</w:p><w:p><w:pPr><w:outlineLvl w:val="1"/><w:rPr><w:vanish/><w:specVanish/></w:rPr></w:pPr>{}</w:p><w:p>{}</w:p>"#,
        run("某县2021年工作报告"),
        run("（一）完善制度。"),
        run("全年制定规范性文件5件。"),
    );
    let extracted = docx::extract(&package_with_body(&body)).expect("extract");
    assert_eq!(
        extracted.text(),
        "某县2021年工作报告\n（一）完善制度。全年制定规范性文件5件。"
    );
    let outline = extracted.outline();
    assert_eq!(outline.len(), 1);
    assert_eq!(outline[0].level, 2);
    assert_eq!(
        &extracted.text()[outline[0].start..outline[0].end],
        "（一）完善制度。"
    );
}

#[test]
fn table_cells_are_real_cells_trimmed_of_spaces() {
    // The trailing `|` of every row is markup, not an empty last column; a Markdown separator
    // row is not a row.
    let doc = read_report(
        "标题\n说明如下:\n 类别 | 件数 |\n|---|---|\n 警告 | 12 |\n行政罚款|30 |\n结束。",
    );
    let package = write(&doc.report, &options());
    let document = part(&package, "word/document.xml");
    assert_eq!(document.matches("<w:tbl>").count(), 1);
    assert_eq!(document.matches("<w:tr>").count(), 3);
    assert_eq!(document.matches("<w:tc>").count(), 6);
    // Columns as wide as their widest cell in 4号 (14 pt, 280 twips a character) and 4 pt
    // (80 twips) of padding each side; at least two characters wide.
    let grid = &document[document.find("<w:tblGrid>").expect("a grid")..];
    assert!(
        grid.starts_with(r#"<w:tblGrid><w:gridCol w:w="1280"/><w:gridCol w:w="720"/></w:tblGrid>"#)
    );
    assert!(document.contains(r#"<w:tblW w:w="2000" w:type="dxa"/>"#));
    assert!(document.contains(r#"<w:sz w:val="28"/>"#));
    assert!(document.contains(r#"<w:t xml:space="preserve">警告</w:t>"#));
    assert!(document.contains(r#"<w:t xml:space="preserve">12</w:t>"#));
    let texts: Vec<String> = docx::extract(&package)
        .expect("extract")
        .paragraphs
        .into_iter()
        .map(|p| p.text)
        .collect();
    assert_eq!(
        texts,
        [
            "标题",
            "说明如下:",
            "类别|件数",
            "警告|12",
            "行政罚款|30",
            "结束。"
        ]
    );
    // The stored report still agrees with the document, so it is read back whole.
    assert_eq!(docx::read(&package).expect("reads").report, doc.report);
}

#[test]
fn figures_are_highlighted_on_request() {
    let text = |s: &str, start| {
        Inline::Text(Text {
            text: s.into(),
            span: Span::new(start, start + s.len()),
        })
    };
    let figure = Inline::Figure(Box::new(Figure {
        id: "f1".into(),
        kind: FigureKind::Count,
        text: "515件".into(),
        value: Some("515".into()),
        value_max: None,
        exponent: 0,
        unit: Some("件".into()),
        approx: None,
        subject: None,
        span: Span::new(6, 12),
    }));
    let report = Report {
        body: vec![gongwen::model::Block::Paragraph(Paragraph {
            inlines: vec![text("办理", 0), figure, text("。", 12)],
            span: Span::new(0, 15),
        })],
        ..Default::default()
    };
    let plain = part(&write(&report, &options()), "word/document.xml");
    assert!(!plain.contains("w:highlight"));
    assert!(plain.contains(r#"<w:t xml:space="preserve">办理515件。</w:t>"#));
    let options = DocxOptions {
        highlight_figures: true,
        ..options()
    };
    let marked = part(&write(&report, &options), "word/document.xml");
    assert!(marked.contains(
        r#"<w:r><w:rPr><w:rFonts w:hint="eastAsia"/><w:highlight w:val="yellow"/></w:rPr><w:t xml:space="preserve">515件</w:t></w:r>"#
    ));
    assert_eq!(marked.matches("w:highlight").count(), 1);
}

/// A zip package written entry by entry, with the sizes the test wants declared.
struct RawEntry<'a> {
    name: &'a str,
    /// 0 stored, 8 deflated.
    method: u16,
    data: &'a [u8],
    declared_size: u32,
    crc: u32,
}

fn raw_zip(entries: &[RawEntry]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for e in entries {
        let offset = out.len() as u32;
        let header = |sig: u32, central_dir: bool| {
            let mut h = Vec::new();
            h.extend_from_slice(&sig.to_le_bytes());
            if central_dir {
                h.extend_from_slice(&20u16.to_le_bytes());
            }
            h.extend_from_slice(&20u16.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&e.method.to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            h.extend_from_slice(&0x21u16.to_le_bytes());
            h.extend_from_slice(&e.crc.to_le_bytes());
            h.extend_from_slice(&(e.data.len() as u32).to_le_bytes());
            h.extend_from_slice(&e.declared_size.to_le_bytes());
            h.extend_from_slice(&(e.name.len() as u16).to_le_bytes());
            h.extend_from_slice(&0u16.to_le_bytes());
            if central_dir {
                // Comment length, disk, internal and external attributes.
                h.extend_from_slice(&[0; 10]);
                h.extend_from_slice(&offset.to_le_bytes());
            }
            h.extend_from_slice(e.name.as_bytes());
            h
        };
        out.extend(header(0x0403_4b50, false));
        out.extend_from_slice(e.data);
        central.extend(header(0x0201_4b50, true));
    }
    let central_offset = out.len() as u32;
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(entries.len() as u16).to_le_bytes());
    out.extend_from_slice(&(central.len() as u32).to_le_bytes());
    out.extend_from_slice(&central_offset.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

/// A deflate stream of `1 + 258 * matches` zero bytes: one fixed-Huffman block holding a literal
/// zero and then matches of length 258 at distance 1, 13 bits each.
fn deflate_zeros(matches: u64) -> Vec<u8> {
    struct Bits {
        out: Vec<u8>,
        acc: u64,
        n: u32,
    }
    impl Bits {
        fn put(&mut self, value: u64, n: u32) {
            self.acc |= value << self.n;
            self.n += n;
            while self.n >= 8 {
                self.out.push(self.acc as u8);
                self.acc >>= 8;
                self.n -= 8;
            }
        }
        /// Huffman codes go most significant bit first.
        fn code(&mut self, code: u64, n: u32) {
            let reversed = (0..n).fold(0, |r, i| (r << 1) | ((code >> i) & 1));
            self.put(reversed, n);
        }
    }
    let mut bits = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    bits.put(1, 1); // final block
    bits.put(1, 2); // fixed Huffman codes
    bits.code(0x30, 8); // literal 0
    for _ in 0..matches {
        bits.code(0b1100_0101, 8); // length 258
        bits.code(0, 5); // distance 1
    }
    bits.code(0, 7); // end of block
    bits.put(0, 7);
    bits.out
}

fn stored(name: &str, data: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.start_file(name, zip::write::SimpleFileOptions::default())
        .expect("entry");
    zip.write_all(data).expect("data");
    zip.finish().expect("zip").into_inner()
}

/// A DOCX as a draft typed without styles: only content types, relationships and plain
/// paragraphs, one run each.
fn draft(text: &str) -> Vec<u8> {
    let lines: Vec<(Option<u8>, &str)> = text.lines().map(|line| (None, line)).collect();
    draft_with_outline(&lines)
}

/// A draft whose paragraphs may carry an outline level (`w:outlineLvl`, 0 for the top), as
/// Word's heading styles with automatic numbering leave them: no marker in the text.
fn draft_with_outline(lines: &[(Option<u8>, &str)]) -> Vec<u8> {
    let paragraphs: String = lines
        .iter()
        .map(|(level, line)| {
            let properties = level
                .map(|l| format!(r#"<w:pPr><w:outlineLvl w:val="{l}"/></w:pPr>"#))
                .unwrap_or_default();
            format!("<w:p>{properties}{}</w:p>", run(line))
        })
        .collect();
    package_with_body(&paragraphs)
}

/// A run holding `text`, escaped.
fn run(text: &str) -> String {
    let text = text.replace('&', "&amp;").replace('<', "&lt;");
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

/// A minimal DOCX (content types, relationships, the main document) whose body holds `body`.
fn package_with_body(body: &str) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default();
    let mut add = |name: &str, content: &str| {
        zip.start_file(name, options).expect("entry");
        zip.write_all(content.as_bytes()).expect("data");
    };
    add(
        "[Content_Types].xml",
        r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
    );
    add(
        "_rels/.rels",
        r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
    );
    add(
        "word/document.xml",
        &format!(
            r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:p/><w:sectPr/></w:body></w:document>"#
        ),
    );
    zip.finish().expect("zip").into_inner()
}

#[test]
fn draft_without_styles_reads_like_its_text() {
    let from_docx = docx::read(&draft(REPORT)).expect("the draft reads");
    let from_text = read_report(REPORT);
    assert_eq!(from_docx.report, from_text.report);
    assert_eq!(from_docx.source, REPORT);
    assert_eq!(from_docx.report.sections().len(), 6);
}

#[test]
fn headings_by_outline_level_without_written_markers_become_sections() {
    let lines = [
        (None, "某区2023年工作总结"),
        (Some(0), "主要成效"),
        (None, "全年办理案件515件。"),
        (Some(1), "依法行政"),
        (None, "其中结案218件。"),
        (Some(0), "下一步安排"),
        (None, "继续推进。"),
        (Some(9), "正文级别的段落。"),
    ];
    let document = docx::read(&draft_with_outline(&lines)).expect("the draft reads");
    let headings: Vec<(u8, u32, MarkerStyle, String)> = document
        .report
        .sections()
        .iter()
        .map(|s| {
            let text: String = s.heading.inlines.iter().map(|i| i.text()).collect();
            (
                s.level,
                s.heading.marker.number,
                s.heading.marker.style,
                text,
            )
        })
        .collect();
    assert_eq!(
        headings,
        [
            (1, 1, MarkerStyle::Outline, "主要成效".to_string()),
            (2, 1, MarkerStyle::Outline, "依法行政".to_string()),
            (1, 2, MarkerStyle::Outline, "下一步安排".to_string()),
        ]
    );
    // The figures under them are found as in any paragraph, and the XML keeps it all.
    assert_eq!(document.report.figures().len(), 3);
    let xml = gongwen::format::xml::write(&document.report).expect("xml");
    assert_eq!(
        gongwen::format::xml::read(&xml).expect("reads"),
        document.report
    );
}

#[test]
fn docx_is_detected_by_extension_and_content() {
    let package = draft(REPORT);
    assert_eq!(InputFormat::detect(None, &package), InputFormat::Docx);
    let path = std::path::Path::new("draft.docx");
    assert_eq!(InputFormat::detect(Some(path), b""), InputFormat::Docx);
    let doc = format::read(package.clone(), InputFormat::Docx, &Default::default()).expect("reads");
    assert_eq!(doc.report.text(), REPORT);
}

#[test]
fn entities_tabs_and_breaks_become_text() {
    let text = "甲&乙<丙>\t丁";
    let doc = docx::read(&draft(text)).expect("reads");
    assert_eq!(doc.source, text);
}

fn refused(bytes: &[u8]) -> String {
    match docx::read(bytes) {
        Ok(doc) => panic!("read as {:?}", doc.report.text()),
        Err(e) => {
            let message = e.to_string();
            assert!(!message.contains('\n'), "one line: {message}");
            message
        }
    }
}

#[test]
fn truncated_zip_is_refused() {
    let package = write(&read_report(REPORT).report, &options());
    for len in [package.len() / 2, package.len() - 10, 4] {
        let message = refused(&package[..len]);
        assert!(message.starts_with("invalid DOCX: "), "{message}");
    }
}

#[test]
fn gigabyte_zip_bomb_is_refused() {
    let matches = (1u64 << 30) / 258;
    let data = deflate_zeros(matches);
    let size = 1 + 258 * matches;
    assert!(size > 1 << 29 && data.len() < 8 << 20);
    // The CRC is left at 0: the declared size must stop the reader long before any check of it.
    let bomb = raw_zip(&[RawEntry {
        name: "word/document.xml",
        method: 8,
        data: &data,
        declared_size: size as u32,
        crc: 0,
    }]);
    let message = refused(&bomb);
    assert!(message.contains("zip bomb"), "{message}");
}

#[test]
fn zip_bomb_with_lying_sizes_is_refused_while_expanding() {
    let data = deflate_zeros((100u64 << 20) / 258);
    let bomb = raw_zip(&[RawEntry {
        name: "word/document.xml",
        method: 8,
        data: &data,
        declared_size: 1000,
        crc: 0,
    }]);
    let message = refused(&bomb);
    assert!(
        message.starts_with("invalid DOCX: cannot read word/document.xml"),
        "{message}"
    );
}

#[test]
fn highly_compressed_part_is_refused() {
    // 2 MiB of zeros in ~13 KiB: under the size caps, over the 100:1 ratio.
    let data = deflate_zeros((2u64 << 20) / 258);
    let bomb = raw_zip(&[RawEntry {
        name: "word/document.xml",
        method: 8,
        data: &data,
        declared_size: (1 + 258 * ((2u32 << 20) / 258)),
        crc: 0,
    }]);
    let message = refused(&bomb);
    assert!(message.contains("zip bomb"), "{message}");
}

#[test]
fn parent_directory_names_are_refused() {
    for name in ["../evil", "word/../../evil.xml", "/etc/passwd", "C:/evil"] {
        let package = raw_zip(&[
            RawEntry {
                name: "word/document.xml",
                method: 0,
                data: b"<w:document/>",
                declared_size: 13,
                crc: 0,
            },
            RawEntry {
                name,
                method: 0,
                data: b"x",
                declared_size: 1,
                crc: 0,
            },
        ]);
        let message = refused(&package);
        assert!(message.contains("unsafe entry name"), "{name}: {message}");
    }
}

#[test]
fn renamed_png_is_refused() {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89";
    let message = refused(png);
    assert!(message.contains("PNG"), "{message}");
    assert!(matches!(docx::read(png), Err(Error::Binary(_))));
}

#[test]
fn ole_file_is_refused_as_encrypted_or_legacy() {
    let mut ole = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    ole.resize(4096, 0);
    let message = refused(&ole);
    assert!(
        message.contains("encrypted") && message.contains(".doc"),
        "{message}"
    );
    assert_eq!(InputFormat::detect(None, &ole), InputFormat::Docx);
}

#[test]
fn zip_without_a_document_is_refused() {
    let message = refused(&stored("word/styles.xml", b"<w:styles/>"));
    assert!(message.contains("word/document.xml"), "{message}");
    let message = refused(&stored("notes.txt", b"hello"));
    assert!(message.contains("not a Word document"), "{message}");
}

#[test]
fn random_bytes_never_panic() {
    let package = write(&read_report(REPORT).report, &options());
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..200 {
        let mut bytes = package.clone();
        for _ in 0..8 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed % bytes.len() as u64) as usize;
            bytes[i] = (seed >> 32) as u8;
        }
        let _ = docx::read(&bytes);
    }
}

/// A scratch directory for one test, removed when dropped.
fn scratch(name: &str) -> common::Scratch {
    common::Scratch::new(&format!("docx-{name}"))
}

fn gongwen(args: &[&std::ffi::OsStr]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .output()
        .expect("gongwen runs")
}

#[test]
fn cli_converts_text_to_docx_and_back() {
    let dir = scratch("cli");
    let (txt, docx_path, json) = (
        dir.join("report.txt"),
        dir.join("report.docx"),
        dir.join("report.json"),
    );
    std::fs::write(&txt, REPORT).expect("write text");
    let out = gongwen(&[
        "convert".as_ref(),
        txt.as_ref(),
        "-o".as_ref(),
        docx_path.as_ref(),
        "--fonts".as_ref(),
        "plain".as_ref(),
        "--highlight-figures".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let package = std::fs::read(&docx_path).expect("DOCX written");
    assert!(part(&package, "word/styles.xml").contains(r#"w:eastAsia="仿宋""#));
    let out = gongwen(&[
        "convert".as_ref(),
        docx_path.as_ref(),
        "-o".as_ref(),
        json.as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Report =
        serde_json::from_slice(&std::fs::read(&json).expect("JSON written")).expect("JSON");
    assert_eq!(report, read_report(REPORT).report);
}

#[test]
fn cli_refuses_a_bad_docx_with_exit_2_and_writes_nothing() {
    let dir = scratch("cli-bad");
    let (bad, xml) = (dir.join("bomb.docx"), dir.join("out.xml"));
    let data = deflate_zeros((2u64 << 20) / 258);
    let bomb = raw_zip(&[RawEntry {
        name: "word/document.xml",
        method: 8,
        data: &data,
        declared_size: 1 + 258 * ((2u32 << 20) / 258),
        crc: 0,
    }]);
    std::fs::write(&bad, bomb).expect("write");
    let out = gongwen(&[
        "convert".as_ref(),
        bad.as_ref(),
        "-o".as_ref(),
        xml.as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("zip bomb"), "{stderr}");
    assert!(!xml.exists());
}

// ---- findings as comments (`check --annotate`) and --fix-punctuation ----

const SAMPLE: &[u8] = include_bytes!("../samples/jinghai-2020-rule-of-law-report.txt");

fn sample() -> Document {
    gongwen::read_text(SAMPLE, &Default::default()).expect("the sample reads")
}

/// The sample's findings without `style.punctuation`: the three an editor sees with
/// `--allow style.punctuation`.
fn number_findings(report: &Report) -> Vec<gongwen::diag::Finding> {
    let mut findings = gongwen::check::check(report).findings;
    findings.retain(|f| f.rule != "style.punctuation");
    findings
}

/// The text each comment of `document.xml` is anchored on, by comment id: every `w:t` between
/// `w:commentRangeStart` and `w:commentRangeEnd`, across runs and paragraphs.
fn commented_texts(document: &str) -> Vec<(usize, String)> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(document);
    let mut open: Vec<(usize, String)> = Vec::new();
    let mut done = Vec::new();
    let mut in_text = false;
    let id_of = |e: &quick_xml::events::BytesStart| -> usize {
        let attr = e
            .try_get_attribute("w:id")
            .expect("attribute")
            .expect("w:id");
        attr.value.parse().expect("a number")
    };
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Empty(e) if e.name().as_ref() == "w:commentRangeStart" => {
                open.push((id_of(&e), String::new()));
            }
            Event::Empty(e) if e.name().as_ref() == "w:commentRangeEnd" => {
                let id = id_of(&e);
                let i = open.iter().position(|(o, _)| *o == id).expect("opened");
                done.push(open.remove(i));
            }
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Text(t) if in_text => {
                let text = t.xml10_content();
                for (_, s) in &mut open {
                    s.push_str(&text);
                }
            }
            Event::GeneralRef(r) if in_text => {
                let name = r.xml10_content();
                let c = match name.as_ref() {
                    "amp" => '&',
                    "lt" => '<',
                    "gt" => '>',
                    "quot" => '"',
                    "apos" => '\'',
                    other => panic!("unexpected entity &{other};"),
                };
                for (_, s) in &mut open {
                    s.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(open.is_empty(), "unclosed comment ranges {open:?}");
    done.sort();
    done
}

#[test]
fn annotate_writes_one_comment_per_finding_anchored_on_its_figure() {
    let document = sample();
    let findings = number_findings(&document.report);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule.id).collect();
    assert_eq!(rules, ["percent.range", "ratio.rounding", "percent.points"]);
    let package = docx::annotate(
        &document.report,
        &findings,
        gongwen::diag::Lang::En,
        &options(),
    )
    .expect("annotated DOCX");

    let comments = part(&package, "word/comments.xml");
    assert_eq!(comments.matches("<w:comment ").count(), 3);
    assert_eq!(
        comments
            .matches(r#"w:author="gongwen" w:date="2021-03-29T08:00:00Z" w:initials="GW""#)
            .count(),
        3
    );
    assert!(comments.contains("info[ratio.rounding]: 88.09% is 2354 / 2672 = 88.0988…% truncated"));
    assert!(comments.contains(
        r#"<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">2354 / 2672 = 88.0988…%</w:t></w:r></w:p>"#
    ));

    let body = part(&package, "word/document.xml");
    let anchored = commented_texts(&body);
    let expected: Vec<(usize, String)> = vec![
        (0, "109.8%".into()),
        (1, "88.09%".into()),
        (2, "34.83%".into()),
    ];
    assert_eq!(anchored, expected);
    for (id, finding) in findings.iter().enumerate() {
        assert!(
            finding.figures.iter().any(|f| f.text == anchored[id].1),
            "comment {id} is on a figure of its finding"
        );
    }
    assert_eq!(
        body.matches(
            r#"<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id=""#
        )
        .count(),
        3
    );

    let types = part(&package, "[Content_Types].xml");
    assert!(types.contains(r#"<Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>"#));
    let rels = part(&package, "word/_rels/document.xml.rels");
    assert!(rels.contains(r#"Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml""#));
    let styles = part(&package, "word/styles.xml");
    assert!(styles.contains(r#"w:styleId="CommentReference""#));
    assert!(styles.contains(r#"w:styleId="CommentText""#));

    // The commented copy reads back as the same report.
    assert_eq!(docx::read(&package).expect("reads").report, document.report);
}

#[test]
fn every_finding_of_the_sample_is_anchored_on_exactly_its_span() {
    let document = sample();
    let findings = gongwen::check::check(&document.report).findings;
    assert!(findings.len() > 40, "{} findings", findings.len());
    let package = docx::annotate(
        &document.report,
        &findings,
        gongwen::diag::Lang::Zh,
        &options(),
    )
    .expect("annotated DOCX");
    let comments = part(&package, "word/comments.xml");
    assert_eq!(comments.matches("<w:comment ").count(), findings.len());
    assert!(comments.contains("警告[style.punctuation]：中文文本中有"));
    let text = document.report.text();
    let anchored = commented_texts(&part(&package, "word/document.xml"));
    assert_eq!(anchored.len(), findings.len());
    for ((id, anchored), finding) in anchored.iter().zip(&findings) {
        assert_eq!(
            anchored,
            &text[finding.span.start..finding.span.end],
            "comment {id} ({})",
            finding.rule
        );
    }
}

#[test]
fn annotating_without_findings_writes_the_plain_document() {
    let document = sample();
    let plain = write(&document.report, &options());
    let annotated =
        docx::annotate(&document.report, &[], gongwen::diag::Lang::En, &options()).expect("DOCX");
    assert_eq!(plain, annotated);
    let names: Vec<String> = zip::ZipArchive::new(Cursor::new(&plain))
        .expect("zip")
        .file_names()
        .flatten()
        .map(String::from)
        .collect();
    assert!(!names.iter().any(|n| n == "word/comments.xml"));
}

/// The text of every `w:t` of a part, paragraphs separated by new lines.
fn visible_text(xml: &str) -> String {
    let mut out = String::new();
    for paragraph in xml.split("</w:p>") {
        let mut rest = paragraph;
        while let Some(i) = rest.find("<w:t") {
            rest = &rest[i..];
            let open_end = rest.find('>').expect("tag end");
            if rest[..open_end].ends_with('/') || !matches!(rest.as_bytes()[4], b'>' | b' ') {
                rest = &rest[open_end..];
                continue;
            }
            let close = rest.find("</w:t>").expect("closed");
            out.push_str(&rest[open_end + 1..close]);
            rest = &rest[close..];
        }
        out.push('\n');
    }
    out
}

#[test]
fn fix_punctuation_prints_ascii_marks_in_chinese_text_full_width() {
    let document = read_report(REPORT);
    let fixed_options = DocxOptions {
        fix_punctuation: true,
        ..options()
    };
    let package = write(&document.report, &fixed_options);
    let fixed = visible_text(&part(&package, "word/document.xml"));
    assert!(fixed.contains("2021年，县政府坚持依法行政，现将有关情况报告如下。"));
    assert!(fixed.contains("审查合同32份，提出意见10条。"));
    assert!(fixed.contains("行政处罚情况如下："));
    let plain = visible_text(&part(
        &write(&document.report, &options()),
        "word/document.xml",
    ));
    assert!(plain.contains("2021年,县政府坚持依法行政,现将有关情况报告如下。"));
    // Only the marks change.
    let half = |s: &str| s.replace('，', ",").replace('：', ":");
    assert_eq!(half(&fixed), half(&plain));
    // The custom XML keeps the source, and the package reads back as the same report.
    assert!(part(&package, "customXml/item1.xml").contains(",县政府坚持依法行政,现将"));
    assert_eq!(docx::read(&package).expect("reads").report, document.report);
}

#[test]
fn fix_punctuation_leaves_no_mark_the_check_reports_and_keeps_numbers() {
    let document = read_report(
        "一、概况\n(一)收入情况\n全区(含新区)收入2,700万元,比例12.8:45.4,时间10:30?好!\n",
    );
    let options = DocxOptions {
        fix_punctuation: true,
        ..options()
    };
    let fixed = visible_text(&part(
        &write(&document.report, &options),
        "word/document.xml",
    ));
    assert!(fixed.contains("（一）收入情况"), "{fixed}");
    assert!(
        fixed.contains("全区（含新区）收入2,700万元，比例12.8:45.4，时间10:30？好！"),
        "{fixed}"
    );
}

#[test]
fn cli_annotate_writes_comments_and_keeps_the_exit_code() {
    let dir = scratch("annotate");
    let (txt, reviewed) = (dir.join("report.txt"), dir.join("reviewed.docx"));
    std::fs::write(&txt, SAMPLE).expect("write sample");
    let plain = gongwen(&[
        "check".as_ref(),
        txt.as_ref(),
        "--allow".as_ref(),
        "style.punctuation".as_ref(),
    ]);
    let annotated = gongwen(&[
        "check".as_ref(),
        txt.as_ref(),
        "--allow".as_ref(),
        "style.punctuation".as_ref(),
        "--annotate".as_ref(),
        "-o".as_ref(),
        reviewed.as_ref(),
        "--lang".as_ref(),
        "zh".as_ref(),
    ]);
    assert_eq!(annotated.status.code(), plain.status.code());
    assert_eq!(annotated.status.code(), Some(0));
    assert_eq!(
        annotated.stdout,
        gongwen(&[
            "check".as_ref(),
            txt.as_ref(),
            "--allow".as_ref(),
            "style.punctuation".as_ref(),
            "--lang".as_ref(),
            "zh".as_ref(),
        ])
        .stdout
    );
    let package = std::fs::read(&reviewed).expect("reviewed DOCX written");
    let comments = part(&package, "word/comments.xml");
    assert_eq!(comments.matches("<w:comment ").count(), 3);
    assert!(comments.contains("提示[ratio.rounding]："));

    // --deny warnings turns the two warnings into a failure, and the copy is still written.
    std::fs::remove_file(&reviewed).expect("remove");
    let denied = gongwen(&[
        "check".as_ref(),
        txt.as_ref(),
        "--allow".as_ref(),
        "style.punctuation".as_ref(),
        "--deny".as_ref(),
        "warnings".as_ref(),
        "--annotate".as_ref(),
        "-o".as_ref(),
        reviewed.as_ref(),
    ]);
    assert_eq!(denied.status.code(), Some(1));
    assert!(reviewed.exists());
}

#[test]
fn cli_annotate_without_output_is_a_usage_error() {
    let dir = scratch("annotate-usage");
    let txt = dir.join("report.txt");
    std::fs::write(&txt, REPORT).expect("write");
    let out = gongwen(&["check".as_ref(), txt.as_ref(), "--annotate".as_ref()]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--annotate needs -o"), "{stderr}");
    assert!(out.stdout.is_empty());

    let xml = dir.join("reviewed.xml");
    let out = gongwen(&[
        "check".as_ref(),
        txt.as_ref(),
        "--annotate".as_ref(),
        "-o".as_ref(),
        xml.as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!xml.exists());

    let out = gongwen(&[
        "check".as_ref(),
        txt.as_ref(),
        "-o".as_ref(),
        dir.join("x.docx").as_ref(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("-o is for --annotate"));
    assert_eq!(std::fs::read_dir(&dir).expect("dir").count(), 1);
}

#[test]
fn package_with_too_many_parts_is_refused() {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for i in 0..10_001 {
        zip.start_file(format!("p/{i}"), options).expect("entry");
    }
    let package = zip.finish().expect("zip").into_inner();
    let message = refused(&package);
    assert!(message.contains("10001 parts"), "{message}");
}

// ---- tables: cells in their columns ----

/// A paragraph of one run, or an empty one.
fn para(text: &str) -> String {
    if text.is_empty() {
        "<w:p/>".to_string()
    } else {
        format!("<w:p>{}</w:p>", run(text))
    }
}

/// A cell with properties (`<w:gridSpan w:val="2"/>`, `<w:vMerge/>` …) and one paragraph.
fn cell_with(properties: &str, text: &str) -> String {
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="2000" w:type="dxa"/>{properties}</w:tcPr>{}</w:tc>"#,
        para(text)
    )
}

fn cell(text: &str) -> String {
    cell_with("", text)
}

/// A row of cells, with row properties (`<w:gridBefore w:val="1"/>`) if any.
fn row_with(properties: &str, cells: &[String]) -> String {
    let properties = if properties.is_empty() {
        String::new()
    } else {
        format!("<w:trPr>{properties}</w:trPr>")
    };
    format!("<w:tr>{properties}{}</w:tr>", cells.concat())
}

fn row(cells: &[&str]) -> String {
    let cells: Vec<String> = cells.iter().map(|c| cell(c)).collect();
    row_with("", &cells)
}

/// A table with a grid of `columns` columns.
fn table(columns: usize, rows: &[String]) -> String {
    format!(
        r#"<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid>{}</w:tblGrid>{}</w:tbl>"#,
        r#"<w:gridCol w:w="2000"/>"#.repeat(columns),
        rows.concat()
    )
}

/// A 统计公报 with `tables` between its paragraphs.
fn bulletin(tables: &[String]) -> Vec<u8> {
    let mut body = para("某市2023年国民经济和社会发展统计公报");
    for t in tables {
        body.push_str(&para("主要指标如下："));
        body.push_str(t);
    }
    body.push_str(&para("注：数据为初步统计。"));
    package_with_body(&body)
}

/// The cells' text of every table in a report, table by table and row by row.
fn table_cells(report: &Report) -> Vec<Vec<Vec<String>>> {
    fn walk(blocks: &[gongwen::model::Block], out: &mut Vec<Vec<Vec<String>>>) {
        for block in blocks {
            match block {
                gongwen::model::Block::Table(t) => out.push(
                    t.rows
                        .iter()
                        .map(|r| {
                            r.cells
                                .iter()
                                .map(|c| c.inlines.iter().map(Inline::text).collect())
                                .collect()
                        })
                        .collect(),
                ),
                gongwen::model::Block::Section(s) => walk(&s.blocks, out),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(&report.body, &mut out);
    out
}

/// The text of every paragraph, title and heading outside tables.
fn non_table_texts(report: &Report) -> Vec<String> {
    let text = report.text();
    let rows: Vec<String> = table_cells(report)
        .concat()
        .iter()
        .map(|cells| cells.join("|"))
        .collect();
    text.lines()
        .filter(|line| !rows.iter().any(|r| r == line))
        .map(str::to_string)
        .collect()
}

fn rows_of(rows: &[&[&str]]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

#[test]
fn a_two_column_table_with_an_empty_top_left_cell_stays_a_table() {
    let package = bulletin(&[table(
        2,
        &[
            row(&["", "比重（%）"]),
            row(&["1.食品烟酒", "29.8"]),
            row(&["2.衣着", "5.6"]),
        ],
    )]);
    let document = docx::read(&package).expect("reads");
    let report = &document.report;
    assert_eq!(
        table_cells(report),
        [rows_of(&[
            &["", "比重（%）"],
            &["1.食品烟酒", "29.8"],
            &["2.衣着", "5.6"]
        ])]
    );
    assert!(report.sections().is_empty(), "a row became a heading");
    assert_eq!(
        non_table_texts(report),
        [
            "某市2023年国民经济和社会发展统计公报",
            "主要指标如下：",
            "注：数据为初步统计。"
        ]
    );
    assert_eq!(
        report.meta.title.as_deref(),
        Some("某市2023年国民经济和社会发展统计公报")
    );
}

#[test]
fn a_three_column_table_keeps_its_empty_header_cell_in_the_first_column() {
    let package = bulletin(&[table(
        3,
        &[
            row(&["", "2022年", "2023年"]),
            row(&["地区生产总值（亿元）", "1000.5", "1080.2"]),
        ],
    )]);
    let report = docx::read(&package).expect("reads").report;
    assert_eq!(
        table_cells(&report),
        [rows_of(&[
            &["", "2022年", "2023年"],
            &["地区生产总值（亿元）", "1000.5", "1080.2"]
        ])]
    );
}

#[test]
fn spanned_and_merged_cells_leave_empty_cells_in_their_columns() {
    let span = |n: usize, text: &str| cell_with(&format!(r#"<w:gridSpan w:val="{n}"/>"#), text);
    let header = table(
        3,
        &[
            row_with(
                "",
                &[
                    cell_with(r#"<w:vMerge w:val="restart"/>"#, "地区"),
                    span(2, "常住人口（万人）"),
                ],
            ),
            // A continued cell may still hold an old paragraph: Word shows the merged one.
            row_with(
                "",
                &[cell_with("<w:vMerge/>", "旧文字"), cell("男"), cell("女")],
            ),
            row(&["甲县", "10.2", "9.8"]),
            row_with(
                "",
                &[
                    cell_with(r#"<w:vMerge w:val="continue"/>"#, ""),
                    span(2, "合计20.0"),
                ],
            ),
        ],
    );
    let skipped = table(
        3,
        &[
            row_with(
                r#"<w:gridBefore w:val="1"/>"#,
                &[cell("2022年"), cell("2023年")],
            ),
            row_with(r#"<w:gridAfter w:val="1"/>"#, &[cell("产值"), cell("100")]),
            row(&["税收", "20", "22"]),
        ],
    );
    let report = docx::read(&bulletin(&[header, skipped]))
        .expect("reads")
        .report;
    assert_eq!(
        table_cells(&report),
        [
            // A row ends at its last cell, as the writer writes a short row.
            rows_of(&[
                &["地区", "常住人口（万人）"],
                &["", "男", "女"],
                &["甲县", "10.2", "9.8"],
                &["", "合计20.0"],
            ]),
            rows_of(&[
                &["", "2022年", "2023年"],
                &["产值", "100"],
                &["税收", "20", "22"]
            ]),
        ]
    );
}

#[test]
fn cells_keep_bars_breaks_and_nested_tables_inside_their_column() {
    let nested = table(2, &[row(&["甲", "乙"])]);
    let t = table(
        2,
        &[
            row(&["A|B", "1"]),
            row_with(
                "",
                &[
                    r#"<w:tc><w:p><w:r><w:t>上</w:t><w:br/><w:t>下</w:t></w:r></w:p></w:tc>"#
                        .to_string(),
                    format!("<w:tc>{nested}<w:p/></w:tc>"),
                ],
            ),
        ],
    );
    let extracted = docx::extract(&bulletin(&[t])).expect("extracts");
    let rows: Vec<(&str, bool)> = extracted
        .paragraphs
        .iter()
        .filter(|p| !p.text.is_empty())
        .map(|p| (p.text.as_str(), p.table_row))
        .collect();
    assert_eq!(
        rows,
        [
            ("某市2023年国民经济和社会发展统计公报", false),
            ("主要指标如下：", false),
            ("A｜B|1", true),
            ("上 下|甲 乙", true),
            ("注：数据为初步统计。", false),
        ]
    );
}

/// Empty cells for skipped columns and spans never take a row past its grid; the cells the row
/// has are all kept.
#[test]
fn a_hostile_span_is_bounded_by_the_grid() {
    let t = table(
        2,
        &[
            row_with(
                r#"<w:gridBefore w:val="99999999999"/><w:gridAfter w:val="4000000000"/>"#,
                &[cell_with(r#"<w:gridSpan w:val="4000000000"/>"#, "甲")],
            ),
            row_with(
                "",
                &[cell_with(r#"<w:gridSpan w:val="-3"/>"#, "乙"), cell("1")],
            ),
        ],
    );
    let report = docx::read(&bulletin(&[t])).expect("reads").report;
    assert_eq!(
        table_cells(&report),
        [rows_of(&[&["", "", "甲"], &["乙", "1"]])]
    );
}

#[test]
fn a_docx_table_converts_to_xml_and_pdf_with_its_cells_in_their_columns() {
    let dir = scratch("tables");
    let input = dir.join("bulletin.docx");
    std::fs::write(
        &input,
        bulletin(&[table(
            3,
            &[
                row(&["", "2022年", "2023年"]),
                row(&["总产值", "100", "110"]),
            ],
        )]),
    )
    .expect("write");
    let out = gongwen(&[
        "convert".as_ref(),
        input.as_ref(),
        "--to".as_ref(),
        "xml".as_ref(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let xml = String::from_utf8(out.stdout).expect("UTF-8");
    let header = &xml[xml.find("<row").expect("a row")..xml.find("</row>").expect("a row")];
    assert_eq!(header.matches("<cell ").count(), 3, "{header}");
    assert!(
        header.contains(r#"<cell start="75" end="75"></cell>"#),
        "{header}"
    );
    let report = format::xml::read(xml.as_bytes()).expect("the XML reads");
    assert_eq!(
        table_cells(&report),
        [rows_of(&[
            &["", "2022年", "2023年"],
            &["总产值", "100", "110"]
        ])]
    );

    // The PDF draws the empty header cell: each year stands over its figures.
    let layout = format::pdf::lay_out(&report, false).expect("layout");
    let cells: Vec<&format::pdf::layout::Line> = layout.pages[0]
        .lines
        .iter()
        .filter(|l| l.kind == format::pdf::layout::LineKind::Cell)
        .collect();
    let texts: Vec<String> = cells.iter().map(|l| l.text()).collect();
    assert_eq!(texts, ["2022年", "2023年", "总产值", "100", "110"]);
    let right = |l: &format::pdf::layout::Line| l.x + l.width;
    assert!(
        cells[0].x > right(cells[2]),
        "2022年 left of 总产值's column"
    );
    assert!(cells[1].x > right(cells[3]), "2023年 left of 100's column");
    assert!(cells[0].x < cells[4].x);
}

// ---- the stored report XML against the document ----

/// A report whose total and parts agree: 515 = 218 + 297.
const TOTALS: &str = "某区2023年政府信息公开工作报告
一、收到和处理申请情况
全年共收到申请515件，其中办结218件、正在办理297件。";

/// The package with one part's text changed by `edit`, every other part as it was.
fn with_part(package: &[u8], name: &str, edit: impl FnOnce(&str) -> String) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(Cursor::new(package)).expect("a zip");
    let mut out = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let mut edit = Some(edit);
    let mut found = false;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).expect("entry");
        let entry = file.name().expect("a UTF-8 name").to_string();
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).expect("read");
        if entry == name {
            let text = String::from_utf8(bytes).expect("UTF-8");
            let edited = (edit.take().expect("one part of that name"))(&text);
            assert_ne!(edited, text, "the edit changes {name}");
            bytes = edited.into_bytes();
            found = true;
        }
        out.start_file(entry, zip::write::SimpleFileOptions::default())
            .expect("entry");
        out.write_all(&bytes).expect("data");
    }
    assert!(found, "no {name} in the package");
    out.finish().expect("zip").into_inner()
}

/// The report as gongwen stores it in a DOCX, read from GB18030 bytes so that the stored part
/// (encoding gb18030) and the body (read as UTF-8) can be told apart.
fn stored_totals() -> (Report, Vec<u8>) {
    let (bytes, _, _) = encoding_rs::GB18030.encode(TOTALS);
    let report = gongwen::read_text(&bytes, &Default::default())
        .expect("reads")
        .report;
    assert_eq!(report.meta.encoding, "gb18030");
    let package = write(&report, &options());
    (report, package)
}

fn sum_findings(report: &Report) -> Vec<String> {
    number_findings(report)
        .into_iter()
        .filter(|f| f.rule.id.starts_with("sum"))
        .map(|f| f.message.en)
        .collect()
}

#[test]
fn an_untouched_gongwen_docx_is_read_from_its_stored_report() {
    let (report, package) = stored_totals();
    let back = docx::read(&package).expect("reads");
    assert_eq!(back.report, report);
    assert_eq!(back.report.meta.encoding, "gb18030");
    assert_eq!(back.source, TOTALS);
}

/// The stored report agrees with the document gongwen writes for every real report, with
/// punctuation printed as it is or full-width: a DOCX written by gongwen reads back as the
/// report it was written from.
#[test]
fn every_corpus_report_reads_back_from_its_docx_through_the_stored_report() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    for (name, bytes) in files {
        let Ok(document) = gongwen::read_text(&bytes, &Default::default()) else {
            continue;
        };
        for fix_punctuation in [false, true] {
            let options = DocxOptions {
                fix_punctuation,
                ..options()
            };
            let package = write(&document.report, &options);
            let back = docx::read(&package).unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                back.report == document.report,
                "{name} (fix_punctuation {fix_punctuation}) was read from the body"
            );
        }
    }
}

#[test]
fn a_stored_report_whose_figure_was_edited_is_ignored_for_the_body() {
    let (_, package) = stored_totals();
    let edited = with_part(&package, "customXml/item1.xml", |xml| {
        xml.replacen(r#"value="515""#, r#"value="516""#, 1)
    });
    // The edited part contradicts its own text (and the text the user sees): refused.
    let stored = format::xml::read(part(&edited, "customXml/item1.xml").as_bytes());
    assert!(
        matches!(&stored, Err(gongwen::Error::XmlFigure { message, .. }) if message.contains(r#"value="516""#)),
        "{stored:?}"
    );

    let back = docx::read(&edited).expect("reads");
    assert_eq!(back.report.meta.encoding, "UTF-8", "read from the body");
    assert_eq!(back.report.text(), TOTALS);
    let values: Vec<Option<&str>> = back
        .report
        .figures()
        .iter()
        .map(|f| f.value.as_deref())
        .collect();
    assert_eq!(
        values,
        [Some("2023"), Some("515"), Some("218"), Some("297")]
    );
    assert_eq!(sum_findings(&back.report), Vec::<String>::new());
}

#[test]
fn a_body_edited_in_word_wins_over_the_stored_report() {
    let (_, package) = stored_totals();
    let edited = with_part(&package, "word/document.xml", |xml| {
        xml.replacen("全年共收到申请515件", "全年共收到申请516件", 1)
    });
    let back = docx::read(&edited).expect("reads");
    assert_eq!(back.report.meta.encoding, "UTF-8", "read from the body");
    assert_eq!(back.report.text(), TOTALS.replace("515件", "516件"));
    assert_eq!(sum_findings(&back.report).len(), 1);

    // A paragraph split in two in Word keeps every character but is still an edit.
    let split = with_part(&package, "word/document.xml", |xml| {
        xml.replacen("，其中办结", "</w:t></w:r></w:p><w:p><w:r><w:t>其中办结", 1)
    });
    let back = docx::read(&split).expect("reads");
    assert_eq!(back.report.meta.encoding, "UTF-8", "read from the body");
    assert_eq!(
        back.report.text(),
        TOTALS.replace("，其中办结", "\n其中办结")
    );
}

#[test]
fn a_text_beyond_gb2312_names_the_gbk_editions_of_the_gongwen_fonts() {
    let names = |text: &str| {
        let package = write(&read_report(text).report, &options());
        let styles = part(&package, "word/styles.xml");
        [
            "仿宋_GB2312",
            "楷体_GB2312",
            "方正小标宋简体",
            "仿宋\"",
            "楷体\"",
            "方正小标宋_GBK",
        ]
        .map(|name| styles.contains(&format!("w:ascii=\"{name}")))
    };
    // GB2312 only: the GB2312 editions.
    assert_eq!(
        names("工作报告\n一、总体情况\n（一）主动公开\n全年办理案件515件。\n"),
        [true, true, true, false, false, false]
    );
    // A Traditional text (說 is not in GB2312): the GBK editions, which have it.
    assert_eq!(
        names("工作報告\n一、總體情況\n（一）主動公開\n全年辦理案件515件，說明如下。\n"),
        [false, false, false, true, true, true]
    );
}
