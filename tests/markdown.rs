//! Markdown output: headings by level with their markers, run-in headings in bold, GFM tables,
//! and text escaped so that a renderer (markdown-it, as web editors use) shows exactly the
//! report's characters.

mod common;

use common::{Scratch, corpus_files};
use gongwen::format::{html, markdown};
use gongwen::{Document, ReadOptions};
use std::path::Path;
use std::process::Command;

fn read(text: &str) -> Document {
    gongwen::read_text(text.as_bytes(), &ReadOptions::default()).expect("the text reads")
}

fn to_markdown(doc: &Document) -> String {
    String::from_utf8(markdown::write(&doc.report)).expect("UTF-8")
}

#[test]
fn a_report_becomes_headings_paragraphs_and_a_table() {
    let doc = read(
        "关于2020年工作情况的报告\n\
         一、总体情况\n\
         全年办理案件*515*件，增长[3.5%]。\n\
         （一）制度建设\n\
         1.健全制度。制定文件12件。\n\
         | 类别 | 件数 |\n\
         |---|---|\n\
         | 警告 | 1 |\n\
         2020年完成#目标。\n",
    );
    assert_eq!(
        to_markdown(&doc),
        "# 关于2020年工作情况的报告\n\
         \n\
         ## 一、总体情况\n\
         \n\
         全年办理案件\\*515\\*件，增长\\[3.5%\\]。\n\
         \n\
         ### （一）制度建设\n\
         \n\
         **1\\.健全制度**。制定文件12件。\n\
         \n\
         | 类别 | 件数 |\n\
         | --- | --- |\n\
         | 警告 | 1 |\n\
         \n\
         2020年完成#目标。\n"
    );
}

#[test]
fn text_that_looks_like_markup_is_escaped() {
    let doc =
        read("# 不是标题\n> 不是引用\n- 不是列表\n12. 不是编号\n甲|乙 a_b ~~c~~ <b>d</b> &amp;\n");
    let md = to_markdown(&doc);
    for line in [
        "\\# 不是标题",
        "\\> 不是引用",
        "\\- 不是列表",
        "12\\. 不是编号",
        "甲\\|乙 a\\_b \\~\\~c\\~\\~ \\<b\\>d\\</b\\> \\&amp;",
    ] {
        assert!(md.contains(line), "{line:?} not in:\n{md}");
    }
}

/// The report's characters other than white space, without the `|---|` separator rows of
/// tables (Markdown writes its own).
fn visible(text: &str) -> String {
    text.lines()
        .filter(|l| !l.chars().all(|c| matches!(c, '|' | '-' | ':' | ' ')))
        .flat_map(str::chars)
        .filter(|c| !c.is_whitespace() && *c != '|')
        .collect()
}

/// Renders Markdown with markdown-it and reads the HTML back with gongwen's HTML reader.
fn rendered_text(md: &str, scratch: &Scratch, name: &str) -> String {
    let path = scratch.path(&format!("{name}.md"));
    std::fs::write(&path, md).expect("write Markdown");
    let renderer = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/render-markdown.js");
    let out = Command::new("node")
        .arg(&renderer)
        .arg(&path)
        .output()
        .expect("node runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    html::read(&out.stdout, &ReadOptions::default())
        .expect("the rendered page reads")
        .report
        .text()
}

fn markdown_it_available() -> bool {
    let modules =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/node_modules/markdown-it");
    if !common::tool_available("node") {
        return false;
    }
    if !modules.is_dir() {
        assert!(
            std::env::var_os("GONGWEN_REQUIRE_ALL").is_none(),
            "tests/tools/node_modules missing: run `npm ci --prefix tests/tools`"
        );
        println!("SKIP: markdown-it not installed (run `npm ci --prefix tests/tools`)");
        return false;
    }
    true
}

#[test]
fn rendered_markdown_shows_every_character_of_the_reports() {
    if !markdown_it_available() {
        return;
    }
    let scratch = Scratch::new("markdown-render");
    let sample = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    ))
    .expect("the sample");
    let mut inputs = vec![("sample".to_string(), sample)];
    inputs.extend(corpus_files().unwrap_or_default());
    for (name, bytes) in inputs {
        let Ok(doc) = gongwen::read_text(&bytes, &ReadOptions::default()) else {
            continue;
        };
        let shown = rendered_text(&to_markdown(&doc), &scratch, &name);
        assert_eq!(visible(&shown), visible(&doc.report.text()), "{name}");
    }
}

/// An empty first column is left out only when every row has it empty: the empty top-left cell
/// of a table with row and column headings keeps its place, and the years stay over their
/// figures; the leading and trailing `|` of every line are no columns.
#[test]
fn an_empty_top_left_cell_keeps_every_column_in_place() {
    let doc = read("标题\n|2022年|2023年\n总产值|100|110\n结束。");
    let md = to_markdown(&doc);
    assert!(
        md.contains("|  | 2022年 | 2023年 |\n| --- | --- | --- |\n| 总产值 | 100 | 110 |\n"),
        "{md}"
    );
    let doc = read("标题\n| 类别 | 件数 |\n| 警告 | 1 |\n结束。");
    let md = to_markdown(&doc);
    assert!(
        md.contains("| 类别 | 件数 |\n| --- | --- |\n| 警告 | 1 |\n"),
        "{md}"
    );
}
