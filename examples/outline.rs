//! Prints the outline of a report: one line per section, indented by level.
//!
//! `cargo run --example outline -- samples/jinghai-2020-rule-of-law-report.txt`

use gongwen::model::Block;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: outline FILE")?;
    let bytes = std::fs::read(&path)?;
    let document = gongwen::read_text(&bytes, &Default::default())?;
    let meta = &document.report.meta;
    println!(
        "title: {:?}\nissuer: {:?}\nyear: {:?}",
        meta.title, meta.issuer, meta.year
    );
    for block in &document.report.body {
        if let Block::Title(p) | Block::Paragraph(p) = block {
            let (line, _) = document.line_col(p.span.start);
            println!("{line}: {:?}", block_kind(block));
        }
    }
    for section in document.report.sections() {
        let heading: String = section.heading.inlines.iter().map(|i| i.text()).collect();
        let (line, _) = document.line_col(section.span.start);
        println!(
            "{line:>4}: {}{}{} {}",
            "  ".repeat(usize::from(section.level) - 1),
            section.heading.marker.text,
            heading,
            if section.heading.run_in {
                "(run-in)"
            } else {
                ""
            }
        );
    }
    Ok(())
}

fn block_kind(block: &Block) -> &'static str {
    match block {
        Block::Title(_) => "title",
        Block::Paragraph(_) => "paragraph",
        Block::Section(_) => "section",
        Block::Table(_) => "table",
        Block::Element(e) => e.kind.as_str(),
    }
}
