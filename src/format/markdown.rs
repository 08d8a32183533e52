//! Writing a report as Markdown (CommonMark with GFM tables), for web editors and wikis.
//!
//! The title is a level-1 heading and sections are headings one level down per depth (`一、` →
//! `##`, `（一）` → `###` …), their numbering marker kept as written. A run-in heading opens its
//! paragraph in bold, as it is printed. Tables are GFM pipe tables whose first row is the header.
//! Text is escaped so that nothing in it reads as Markdown: what a renderer shows is the report's
//! text, character for character.

use crate::model::{Block, Inline, Paragraph, Report, Section, Table};

/// Writes a report as Markdown (UTF-8, a final newline).
pub fn write(report: &Report) -> Vec<u8> {
    let mut out = String::new();
    for block in &report.body {
        block_markdown(block, &mut out);
    }
    out.into_bytes()
}

fn block_markdown(block: &Block, out: &mut String) {
    match block {
        Block::Title(p) => line(out, &format!("# {}", escape(&inline_text(p)))),
        Block::Paragraph(p) => line(out, &escape(&inline_text(p))),
        Block::Section(s) => section_markdown(s, out),
        Block::Table(t) => table_markdown(t, out),
        Block::Element(e) => line(
            out,
            &escape(&e.inlines.iter().map(Inline::text).collect::<String>()),
        ),
    }
}

fn section_markdown(section: &Section, out: &mut String) {
    let heading = format!(
        "{}{}",
        section.heading.marker.text,
        section
            .heading
            .inlines
            .iter()
            .map(Inline::text)
            .collect::<String>()
    );
    let mut blocks = section.blocks.iter();
    if section.heading.run_in {
        // The heading is the first sentence of the paragraph that follows it on its line.
        let bold = run_in_bold(&heading);
        match section.blocks.first() {
            Some(Block::Paragraph(p)) => {
                blocks.next();
                line(out, &format!("{bold}{}", escape_inner(&inline_text(p))));
            }
            _ => line(out, &bold),
        }
    } else {
        let hashes = "#".repeat(usize::from(section.level.clamp(1, 5)) + 1);
        line(out, &format!("{hashes} {}", escape(&heading)));
    }
    for block in blocks {
        block_markdown(block, out);
    }
}

/// A run-in heading in bold. CommonMark does not close `**` between a punctuation mark and a
/// letter (`领导。**区委`), so the heading's closing punctuation goes after the bold.
fn run_in_bold(heading: &str) -> String {
    let core = heading.trim_end_matches(is_punctuation);
    if core.is_empty() || core.ends_with(is_punctuation) {
        return escape(heading);
    }
    format!(
        "**{}**{}",
        escape(core),
        escape_inner(&heading[core.len()..])
    )
}

/// Punctuation as CommonMark's flanking rules see it, for the marks a report's headings end with.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{2010}'..='\u{205E}' | '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF65}')
}

fn table_markdown(table: &Table, out: &mut String) {
    // A `|---|---|` line of the source is a separator, written anew below.
    let rows: Vec<Vec<String>> = table
        .printed_rows()
        .into_iter()
        .map(|cells| {
            cells
                .iter()
                .map(|c| {
                    let text: String = c.inlines.iter().map(Inline::text).collect();
                    text.trim().to_string()
                })
                .collect()
        })
        .filter(|cells: &Vec<String>| !cells.is_empty())
        .collect();
    let Some(columns) = rows.iter().map(Vec::len).max() else {
        return;
    };
    if !out.is_empty() {
        out.push('\n');
    }
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for k in 0..columns {
            out.push(' ');
            out.push_str(&escape_inner(row.get(k).map_or("", String::as_str)));
            out.push_str(" |");
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(columns));
            out.push('\n');
        }
    }
}

/// Adds a block's line, separated from the previous block by a blank line.
fn line(out: &mut String, text: &str) {
    if !out.is_empty() {
        out.push('\n');
    }
    out.push_str(text);
    out.push('\n');
}

fn inline_text(p: &Paragraph) -> String {
    p.inlines.iter().map(Inline::text).collect()
}

/// Escapes a block's text: the characters that mark up inline text anywhere, and what would
/// open a heading, quote, list or code block at the start of the line.
fn escape(text: &str) -> String {
    let inner = escape_inner(text.trim_start_matches(' '));
    let first = inner.chars().next();
    let ordered_list = {
        let digits = inner.chars().take_while(char::is_ascii_digit).count();
        digits > 0 && matches!(inner[digits..].chars().next(), Some('.' | ')'))
    };
    if matches!(first, Some('#' | '>' | '-' | '+' | '=' | '~')) || ordered_list {
        let digits = inner.chars().take_while(char::is_ascii_digit).count();
        if ordered_list {
            format!("{}\\{}", &inner[..digits], &inner[digits..])
        } else {
            format!("\\{inner}")
        }
    } else {
        inner
    }
}

/// Escapes the characters that mark up inline text (and `|`, which ends a table cell).
fn escape_inner(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '>' | '&' | '|' | '!' | '~'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
