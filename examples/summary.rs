//! Prints a one-screen summary of how a report was read: encoding, script, title, issuer,
//! sections per level, tables, figures per kind and what normalization removed.
//!
//! `cargo run --example summary -- FILE…`

use gongwen::model::{Block, FigureKind};
use std::collections::BTreeMap;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    for path in std::env::args().skip(1) {
        let document = gongwen::read_text(&std::fs::read(&path)?, &Default::default())?;
        let report = &document.report;
        let mut levels = [0usize; 4];
        for s in report.sections() {
            levels[usize::from(s.level) - 1] += 1;
        }
        let tables = count_tables(&report.body);
        let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
        for f in report.figures() {
            *kinds.entry(f.kind.as_str()).or_default() += 1;
        }
        let identifiers = report
            .figures()
            .iter()
            .filter(|f| f.kind == FigureKind::Identifier)
            .map(|f| f.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let meta = &report.meta;
        println!(
            "{path}\n  encoding {} script {:?} title {:?} issuer {:?} year {:?} region {:?}",
            meta.encoding, meta.script, meta.title, meta.issuer, meta.year, meta.region
        );
        println!(
            "  sections per level {levels:?}, tables {tables}, removed {}",
            meta.removed.len()
        );
        println!("  figures {kinds:?}\n  identifiers {identifiers}");
    }
    Ok(())
}

fn count_tables(blocks: &[Block]) -> usize {
    blocks
        .iter()
        .map(|b| match b {
            Block::Table(_) => 1,
            Block::Section(s) => count_tables(&s.blocks),
            _ => 0,
        })
        .sum()
}
