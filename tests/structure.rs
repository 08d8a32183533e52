//! Structure of the sample report and of hand-made texts: sections, levels, run-in headings,
//! items, tables, title and metadata.

use gongwen::model::{Block, Inline, MarkerStyle, Report};

const SAMPLE: &[u8] = include_bytes!("../samples/jinghai-2020-rule-of-law-report.txt");

fn sample() -> gongwen::Document {
    gongwen::read_text(SAMPLE, &Default::default()).expect("the sample reads")
}

fn heading_text(report: &Report, level: u8) -> Vec<String> {
    report
        .sections()
        .into_iter()
        .filter(|s| s.level == level)
        .map(|s| s.heading.inlines.iter().map(Inline::text).collect())
        .collect()
}

#[test]
fn sample_has_four_level_one_sections() {
    let doc = sample();
    let top: Vec<(u32, String)> = doc
        .report
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Section(s) => Some((s.heading.marker.number, s.heading.marker.text.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(
        top,
        [(1, "一、"), (2, "二、"), (3, "三、"), (4, "四、")].map(|(n, t)| (n, t.to_string()))
    );
    assert!(
        doc.report
            .sections()
            .iter()
            .filter(|s| s.level == 1)
            .all(|s| !s.heading.run_in)
    );
}

#[test]
fn sample_level_two_counts_per_part() {
    let doc = sample();
    let counts: Vec<usize> = doc
        .report
        .body
        .iter()
        .filter_map(|b| match b {
            Block::Section(s) => Some(
                s.blocks
                    .iter()
                    .filter(|b| matches!(b, Block::Section(c) if c.level == 2))
                    .count(),
            ),
            _ => None,
        })
        .collect();
    assert_eq!(counts, [8, 3, 3, 4]);
    for s in doc.report.sections().iter().filter(|s| s.level == 2) {
        assert_eq!(s.heading.marker.style, MarkerStyle::ChineseParen);
        assert!(
            s.heading.marker.text.starts_with('('),
            "{}",
            s.heading.marker.text
        );
    }
}

#[test]
fn sample_level_three_runs_on_from_1_to_29_and_is_run_in() {
    let doc = sample();
    let level3: Vec<_> = doc
        .report
        .sections()
        .into_iter()
        .filter(|s| s.level == 3)
        .collect();
    let numbers: Vec<u32> = level3.iter().map(|s| s.heading.marker.number).collect();
    assert_eq!(numbers, (1..=29).collect::<Vec<_>>());
    assert!(level3.iter().all(|s| s.heading.run_in));
    let headings = heading_text(&doc.report, 3);
    assert_eq!(headings[0], "加強黨對法治政府建設的領導。");
    assert_eq!(headings[28], "強化對政府工作人員的法治教育培訓。");
    // The run-in paragraph follows on the same line.
    let first = level3[0];
    let Some(Block::Paragraph(p)) = first.blocks.first() else {
        panic!("run-in heading without its paragraph");
    };
    assert_eq!(p.span.start, first.heading.span.end);
    assert!(
        p.inlines[0]
            .text()
            .starts_with("區委常委會、區委全面依法治區委員會")
    );
}

#[test]
fn sample_title_and_metadata() {
    let doc = sample();
    let meta = &doc.report.meta;
    assert_eq!(
        meta.title.as_deref(),
        Some("2020年靜海區法治政府建設情況報告")
    );
    assert_eq!(meta.year, Some(2020));
    assert!(matches!(doc.report.body[0], Block::Title(_)));
}

#[test]
fn text_of_body_is_the_normalized_text() {
    let doc = sample();
    let normalized = gongwen::normalize::normalize(std::str::from_utf8(SAMPLE).unwrap());
    assert_eq!(doc.report.text(), normalized.text);
}

#[test]
fn lines_of_the_text_start_where_they_stand_in_it() {
    // A run-in heading shares its line with its paragraph; a heading alone has its own.
    let report = gongwen::structure::parse(
        "一、概况\n（一）依法行政。全年办结案件12件。\n二、下一步\n推进改革。",
    );
    let text = report.text();
    let mut lines = Vec::new();
    report.visit_lines(&mut |start, line| lines.push((start, line.to_string())));
    assert_eq!(
        lines,
        [
            (0, "一、概况".to_string()),
            (13, "（一）依法行政。全年办结案件12件。".to_string()),
            (64, "二、下一步".to_string()),
            (80, "推进改革。".to_string()),
        ]
    );
    for (start, line) in &lines {
        assert_eq!(&text[*start..start + line.len()], line);
    }
    let joined: Vec<&str> = lines.iter().map(|(_, line)| line.as_str()).collect();
    assert_eq!(joined.join("\n"), text);
}

#[test]
fn spans_of_every_inline_match_their_text() {
    let doc = sample();
    let text = doc.report.text();
    doc.report.visit_inlines(&mut |inline| {
        let span = inline.span();
        assert_eq!(&text[span.start..span.end], inline.text());
    });
}

#[test]
fn inline_items_are_numbered() {
    let report = gongwen::structure::parse(
        "一、概况\n一是梳理清单,实行动态管理。二是推动改革。三是深化服务。",
    );
    let mut items = Vec::new();
    report.visit_inlines(&mut |i| {
        if let Inline::Item(item) = i {
            items.push((item.number, item.text.to_string()));
        }
    });
    assert_eq!(
        items,
        [(1, "一是"), (2, "二是"), (3, "三是")].map(|(n, t)| (n, t.to_string()))
    );
}

#[test]
fn restart_and_run_on_numbering_are_both_kept_as_written() {
    let text = "标题\n一、甲\n1.子一\n2.子二\n二、乙\n1.子三\n三、丙\n3.子四";
    let report = gongwen::structure::parse(text);
    let numbers: Vec<(u8, u32)> = report
        .sections()
        .iter()
        .map(|s| (s.level, s.heading.marker.number))
        .collect();
    assert_eq!(
        numbers,
        [(1, 1), (2, 1), (2, 2), (1, 2), (2, 1), (1, 3), (2, 3)]
    );
}

#[test]
fn deeper_than_four_levels_reads_as_paragraphs() {
    let text = "标题\n一、甲\n（一）乙\n1.丙\n（1）丁\n①戊";
    let report = gongwen::structure::parse(text);
    let levels: Vec<u8> = report.sections().iter().map(|s| s.level).collect();
    assert_eq!(levels, [1, 2, 3, 4]);
    assert_eq!(report.text(), text);
}

#[test]
fn sample_metadata_from_furniture_and_script() {
    let doc = sample();
    let meta = &doc.report.meta;
    assert_eq!(meta.issuer.as_deref(), Some("天津市靜海區人民政府"));
    assert_eq!(meta.region.as_deref(), Some("天津市靜海區"));
    assert_eq!(meta.script, gongwen::model::Script::Traditional);
    assert_eq!(meta.encoding, "UTF-8");
    let text = doc.report.text();
    for furniture in ["基本介紹", "•", "相關詞條", "熱門詞條", "聯絡我們"] {
        assert!(!text.contains(furniture), "{furniture} left in the body");
    }
    let removed: Vec<&str> = meta.removed.iter().map(|r| r.text.as_str()).collect();
    assert!(removed.contains(&"基本介紹"), "{removed:?}");
    assert!(removed.contains(&"聯絡我們"), "{removed:?}");
}

#[test]
fn every_digit_of_the_sample_is_in_exactly_one_figure_or_a_heading_marker() {
    let doc = sample();
    let text = doc.report.text();
    let mut owner = vec![0u8; text.len()];
    for s in doc.report.sections() {
        owner[s.heading.marker.span.start..s.heading.marker.span.end].fill(1);
    }
    for f in doc.report.figures() {
        let span = &mut owner[f.span.start..f.span.end];
        assert!(
            span.iter().all(|&o| o == 0),
            "{} overlaps another figure",
            f.text
        );
        span.fill(2);
    }
    let digits = text
        .char_indices()
        .filter(|(_, c)| c.is_ascii_digit() || ('０'..='９').contains(c));
    let mut in_figures = 0;
    for (i, c) in digits {
        assert_ne!(owner[i], 0, "digit {c} at byte {i} is in no figure");
        in_figures += usize::from(owner[i] == 2);
    }
    assert!(in_figures > 500, "{in_figures}");
}

/// The top-level blocks of a report: the element name for 公文 elements, else the block's kind,
/// with the block's text.
fn top_level(report: &Report) -> Vec<(String, String)> {
    report
        .body
        .iter()
        .map(|b| {
            let (kind, inlines): (&str, &[Inline]) = match b {
                Block::Element(e) => (e.kind.as_str(), &e.inlines),
                Block::Title(p) => ("title", &p.inlines),
                Block::Paragraph(p) => ("p", &p.inlines),
                Block::Section(s) => ("section", &s.heading.inlines),
                Block::Table(_) => ("table", &[]),
            };
            (kind.to_string(), inlines.iter().map(Inline::text).collect())
        })
        .collect()
}

#[test]
fn a_whole_gongwen_reads_into_its_elements() {
    let text = std::fs::read("tests/data/gongwen/elements.txt").expect("test data");
    let doc = gongwen::read_text(&text, &Default::default()).expect("reads");
    let expected = [
        ("copy-number", "000001"),
        ("secrecy", "机密★1年"),
        ("urgency", "特急"),
        ("issuer-mark", "天津市静海区人民政府文件"),
        ("doc-number", "静海政发〔2021〕5号　　　　"),
        ("signer", "签发人：张三"),
        ("title", "天津市静海区人民政府关于2020年法治政府建设情况的报告"),
        ("recipient", "天津市人民政府："),
        ("p", "2020年，静海区坚持以习近平新时代中国特色社会主义思想为指导，依法全面履行政府职能，全年办理行政复议案件515件，办结率100%。现将有关情况报告如下。"),
        ("section", "主要举措和成效"),
        ("attachment-note", "附件：1.静海区2020年法治政府建设重点任务完成情况"),
        ("attachment-note", "2.静海区行政执法统计表"),
        ("signature", "天津市静海区人民政府"),
        ("date", "2021年3月29日"),
        ("remark", "（此件公开发布）"),
        ("attachment", "附件1"),
        ("title", "静海区2020年法治政府建设重点任务完成情况"),
        ("p", "各项重点任务均已按期完成。"),
        ("cc", "抄送：区委办公室，区人大常委会办公室，区政协办公室。"),
        ("printer", "天津市静海区人民政府办公室　　2021年3月30日印发"),
    ]
    .map(|(k, t)| (k.to_string(), t.to_string()));
    assert_eq!(top_level(&doc.report), expected);
    // The text is kept whole, and the metadata takes the signature and the date.
    assert_eq!(
        doc.report.text(),
        String::from_utf8(text).unwrap().trim_end()
    );
    assert_eq!(
        doc.report.meta.issuer.as_deref(),
        Some("天津市静海区人民政府")
    );
    assert_eq!(doc.report.meta.date.as_deref(), Some("2021年3月29日"));
    // The section holds only its paragraph: the 附件说明 closes it.
    let section = doc.report.sections()[0];
    assert_eq!(section.blocks.len(), 1);
}

#[test]
fn reports_without_gongwen_elements_read_as_before() {
    // The sample: no element at all.
    let doc = sample();
    assert!(
        !doc.report
            .body
            .iter()
            .any(|b| matches!(b, Block::Element(_)))
    );
    // A date inside the text, a colon line that is a sentence: body text.
    let doc = gongwen::read_text(
        "工作报告\n现将有关情况报告如下：\n2021年3月29日\n会议继续进行。\n".as_bytes(),
        &Default::default(),
    )
    .unwrap();
    let kinds: Vec<String> = top_level(&doc.report).into_iter().map(|(k, _)| k).collect();
    assert_eq!(kinds, ["title", "p", "p", "p"]);
}
