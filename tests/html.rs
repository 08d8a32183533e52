//! Web pages as input: the visible text set out in lines, tables, headings by level, the
//! declared charset, and positions that point into the HTML source.

mod common;

use common::Scratch;
use gongwen::format::{self, InputFormat, html};
use gongwen::model::{Block, Inline, MarkerStyle};
use gongwen::{Document, ReadOptions};
use std::process::Command;

const PAGE: &str = r#"<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>静海区2020年法治政府建设情况报告_静海区人民政府</title>
<style>p { color: red }</style><script>var x = "<p>脚本里的123件</p>";</script></head>
<body>
<nav><a href="/">首页</a> &gt; <a>政务公开</a></nav>
<div class="article">
<h1>静海区2020年法治政府建设情况报告</h1>
<p>2020年，全年共受理案件120件，其中行政复议45件、行政诉讼75件，办结率98.5%。</p>
<h2>一、主要成效</h2>
<p>（一）健全制度。制定规范性文件12件&nbsp;。</p>
<table border="1"><tr><th>类别</th><th>件数</th></tr>
<tr><td><p>警告</p></td><td>1</td></tr>
<tr><td>罚款</td><td>2</td></tr></table>
<h2>二、存在问题</h2>
<p>A &amp; B 共同办理，第三
季度完成。<br>下一行</p>
</div>
<footer>版权所有 &copy; 2021 津ICP备12345号</footer>
</body></html>
"#;

fn read(page: &str) -> Document {
    html::read(page.as_bytes(), &ReadOptions::default()).expect("the page reads")
}

fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::text).collect()
}

#[test]
fn a_page_reads_as_the_text_a_reader_sees() {
    let doc = read(PAGE);
    assert_eq!(
        doc.report.text(),
        "静海区2020年法治政府建设情况报告\n\
         2020年，全年共受理案件120件，其中行政复议45件、行政诉讼75件，办结率98.5%。\n\
         一、主要成效\n\
         （一）健全制度。制定规范性文件12件\u{a0}。\n\
         | 类别 | 件数 |\n\
         | 警告 | 1 |\n\
         | 罚款 | 2 |\n\
         二、存在问题\n\
         A & B 共同办理，第三季度完成。\n\
         下一行"
    );
    assert!(matches!(doc.report.body[0], Block::Title(_)));
    let sections: Vec<(u8, String)> = doc
        .report
        .sections()
        .iter()
        .map(|s| {
            (
                s.level,
                format!(
                    "{}{}",
                    s.heading.marker.text,
                    inline_text(&s.heading.inlines)
                ),
            )
        })
        .collect();
    assert_eq!(
        sections,
        [
            (1, "一、主要成效".to_string()),
            (2, "（一）健全制度。".to_string()),
            (1, "二、存在问题".to_string()),
        ]
    );
    let tables = doc.report.sections()[1]
        .blocks
        .iter()
        .filter(|b| matches!(b, Block::Table(_)))
        .count();
    assert_eq!(tables, 1);
    assert_eq!(doc.report.meta.encoding, "UTF-8");
}

#[test]
fn every_figure_points_at_its_place_in_the_html() {
    let doc = read(PAGE);
    let figures = doc.report.figures();
    assert!(figures.len() >= 8, "{} figures", figures.len());
    for figure in figures {
        // A figure may run over a line break of the source (第三\n季度).
        let from: String = PAGE[doc.map.to_source(figure.span.start)..]
            .chars()
            .filter(|&c| c != '\n')
            .take(figure.text.chars().count())
            .collect();
        assert_eq!(from, figure.text.as_str());
    }
    let first = doc.report.figures()[0];
    assert_eq!(first.text, "2020年");
    assert_eq!(doc.line_col(first.span.start), (8, 8));
    // After character references on the same line the columns still count source characters.
    let doc = read("<p>A&amp;B&nbsp;&#20849;计3件</p>");
    let figure = doc.report.figures()[0];
    assert_eq!(figure.text, "3件");
    assert_eq!(doc.line_col(figure.span.start), (1, 26));
}

#[test]
fn the_declared_charset_decodes_the_page_unless_the_bytes_contradict_it() {
    let page =
        "<html><head><meta charset=\"gb2312\"></head><body><p>办结率98.5%。</p></body></html>";
    let (gbk, _, _) = encoding_rs::GBK.encode(page);
    let doc = html::read(&gbk, &ReadOptions::default()).expect("GBK page");
    assert_eq!(doc.report.text(), "办结率98.5%。");
    assert_eq!(doc.report.meta.encoding, "gb18030");
    // The same page saved as UTF-8 without updating its <meta>.
    let doc = html::read(page.as_bytes(), &ReadOptions::default()).expect("UTF-8 page");
    assert_eq!(doc.report.text(), "办结率98.5%。");
    assert_eq!(doc.report.meta.encoding, "UTF-8");
}

#[test]
fn headings_without_numbers_are_sections_by_their_level() {
    let page = "<h1>工作报告</h1><h2>总体情况</h2><p>正文。</p><h3>制度建设</h3><p>正文。</p>\
                <h2>存在问题</h2><p>正文。</p>";
    let doc = read(page);
    assert!(matches!(doc.report.body[0], Block::Title(_)));
    let outline: Vec<(u8, MarkerStyle, u32, String)> = doc
        .report
        .sections()
        .iter()
        .map(|s| {
            (
                s.level,
                s.heading.marker.style,
                s.heading.marker.number,
                inline_text(&s.heading.inlines),
            )
        })
        .collect();
    assert_eq!(
        outline,
        [
            (1, MarkerStyle::Outline, 1, "总体情况".to_string()),
            (2, MarkerStyle::Outline, 1, "制度建设".to_string()),
            (1, MarkerStyle::Outline, 2, "存在问题".to_string()),
        ]
    );
}

#[test]
fn layout_tables_give_their_cells_as_lines() {
    let long = "全面推进依法行政，".repeat(30);
    let page = format!(
        "<table><tr><td>网站导航</td><td><table><tr><td>类别</td><td>件数</td></tr>\
         <tr><td>警告</td><td>1</td></tr></table><p>{long}</p></td></tr></table>"
    );
    let doc = read(&page);
    assert_eq!(
        doc.report.text(),
        format!("网站导航\n| 类别 | 件数 |\n| 警告 | 1 |\n{long}")
    );
}

#[test]
fn a_table_whose_cells_hold_a_bar_gives_its_cells_as_lines() {
    let doc = read("<table><tr><td>A|B</td><td>1</td></tr></table>");
    assert_eq!(doc.report.text(), "A|B\n1");
}

#[test]
fn tables_nested_ten_thousand_deep_are_read_as_blocks() {
    let depth = 10_000;
    let page = format!(
        "{}共受理案件120件。{}",
        "<table><tr><td>".repeat(depth),
        "</td></tr></table>".repeat(depth)
    );
    let doc = read(&page);
    assert_eq!(doc.report.text(), "共受理案件120件。");
}

#[test]
fn hidden_elements_nested_fifty_thousand_deep_stay_cheap() {
    // Every stray end tag is looked up among the open hidden elements: that must not cost their
    // number each time.
    let n = 50_000;
    let page = format!(
        "<p>共受理案件120件。</p>{}{}{}<p>办结率98.5%。</p>",
        "<nav>".repeat(n),
        "</p>".repeat(n),
        "</nav>".repeat(n)
    );
    let doc = read(&page);
    assert_eq!(doc.report.text(), "共受理案件120件。\n办结率98.5%。");
}

#[test]
fn page_furniture_named_by_class_or_id_is_left_out() {
    let page = r#"<body>
<div class="top-nav"><ul><li><a>首页</a><li><a>政务公开</a></ul></div>
<div class="position">当前位置：首页 > 政务公开</div>
<div class="TRS_Editor"><p>全年办理案件515件。<br><img src="a.png"><div>其中行政复议45件。</div></p></div>
<div id="share_box"><span>分享到：</span><div>微信</div></div>
<div id="footer"><p>版权所有 2021<p>网站标识码1201180001</div>
<p>正文之后的说明。</p>
</body>"#;
    assert_eq!(
        read(page).report.text(),
        "全年办理案件515件。\n其中行政复议45件。\n正文之后的说明。"
    );
}

#[test]
fn the_title_and_publishing_metadata_fill_what_the_text_does_not_say() {
    let page = "<html><head><title>\n  2020年工作报告_某某区人民政府 </title>\
                <meta name=\"PubDate\" content=\"2021-03-29 10:01\">\
                <meta name=\"ContentSource\" content=\"某某区司法局\">\
                <meta name=\"keywords\" content=\"报告\"></head>\
                <body><p>全年办理案件515件。</p></body></html>";
    let meta = read(page).report.meta;
    assert_eq!(meta.title.as_deref(), Some("2020年工作报告"));
    assert_eq!(meta.date.as_deref(), Some("2021-03-29 10:01"));
    assert_eq!(meta.issuer.as_deref(), Some("某某区司法局"));
    let properties: Vec<(&str, &str)> = meta
        .properties
        .iter()
        .map(|p| (p.key.as_str(), p.value.as_str()))
        .collect();
    assert_eq!(
        properties,
        [
            ("title", "2020年工作报告_某某区人民政府"),
            ("PubDate", "2021-03-29 10:01"),
            ("ContentSource", "某某区司法局"),
        ]
    );
    // A title in the text wins over the page's.
    assert_eq!(
        read(PAGE).report.meta.title.as_deref(),
        Some("静海区2020年法治政府建设情况报告")
    );
}

#[test]
fn a_page_without_text_is_an_empty_input() {
    let err = html::read(
        b"<html><head><title>x</title></head><body><script>1</script></body></html>",
        &ReadOptions::default(),
    )
    .expect_err("no text");
    assert_eq!(err.to_string(), "the input is empty");
}

#[test]
fn pages_are_recognized_by_extension_or_content() {
    use std::path::Path;
    let bytes = PAGE.as_bytes();
    assert_eq!(InputFormat::detect(None, bytes), InputFormat::Html);
    assert_eq!(
        InputFormat::detect(Some(Path::new("r.shtml")), b"<p>x</p>"),
        InputFormat::Html
    );
    assert_eq!(
        InputFormat::detect(None, "一、总体情况\n<p>不是网页</p>".as_bytes()),
        InputFormat::Text
    );
    let doc =
        format::read(bytes.to_vec(), InputFormat::Html, &ReadOptions::default()).expect("read");
    assert_eq!(
        doc.report.figures().len(),
        read(PAGE).report.figures().len()
    );
}

#[test]
fn the_command_line_checks_a_page_with_positions_in_it() {
    let scratch = Scratch::new("html-cli");
    let page = scratch.path("report.html");
    std::fs::write(
        &page,
        "<html><body>\n<p>全年受理案件100件，其中行政复议60件、行政诉讼50件。</p>\n</body></html>\n",
    )
    .expect("write page");
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(["check", "--format", "json"])
        .arg(&page)
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1), "{}", common::stderr(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let finding = &json["findings"][0];
    assert_eq!(finding["rule"], "sum.total");
    assert_eq!(
        (finding["line"].as_u64(), finding["column"].as_u64()),
        (Some(2), Some(10))
    );
}

proptest::proptest! {
    /// Whatever the markup, reading a page gives a document or a clear error, never a panic, and
    /// every figure's place is inside the source.
    #[test]
    fn any_markup_reads_without_panic(
        parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "<p>", "</p>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<th>", "<br>",
                "<h2>", "</h2>", "<pre>", "</pre>", "<script>", "</script>", "<nav>", "&amp;",
                "&#20013;", "&", "共120件", "增长3.5%", " ", "\n", "\r\n", "<!--", "-->", "中文",
                "<head>", "<body>", "<style>", "1,2", "|",
            ]),
            0..60,
        )
    ) {
        let page = parts.concat();
        if let Ok(doc) = html::read(page.as_bytes(), &ReadOptions::default()) {
            for figure in doc.report.figures() {
                let (line, _) = doc.line_col(figure.span.start);
                proptest::prop_assert!(line <= page.lines().count().max(1));
            }
        }
    }
}

#[test]
fn the_sample_as_a_web_page_reads_and_checks_as_the_text_does() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    ))
    .expect("the sample");
    let escape = |line: &str| {
        line.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let body: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p>{}</p>\n", escape(l.trim())))
        .collect();
    let page = format!("<!DOCTYPE html>\n<html><body>\n{body}</body></html>\n");
    let from_page = read(&page);
    let from_text = gongwen::read_text(text.as_bytes(), &ReadOptions::default()).expect("text");
    assert_eq!(from_page.report.body, from_text.report.body);
    let findings = |doc: &Document| -> Vec<(String, String)> {
        gongwen::check::check(&doc.report)
            .findings
            .iter()
            .map(|f| (f.rule.to_string(), f.message.en.clone()))
            .collect()
    };
    assert_eq!(findings(&from_page), findings(&from_text));
}
