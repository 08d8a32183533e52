//! Scores `check` on reports with hand-checked relations: real inconsistencies flagged,
//! one-figure mutations caught by kind, false errors and warnings on the clean texts, and
//! every miss.
//!
//! `cargo run --release --example gold -- ../shared/gold` (a gold directory: `raw/`,
//! `gold.jsonl`, `mutations.jsonl`), or `… -- RAW RELATIONS.jsonl MUTATIONS.jsonl` for
//! annotations kept apart from their reports (`../shared/corpus/raw
//! tests/data/gold/corpus.jsonl tests/data/gold/corpus-mutations.jsonl`). `-v` lists the infos.

use std::path::Path;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "-v").collect();
    let verbose = std::env::args().any(|a| a == "-v");
    let score = match args.as_slice() {
        [dir] => gongwen::gold::score(Path::new(dir))?,
        [raw, relations, mutations] => {
            gongwen::gold::score_files(Path::new(raw), Path::new(relations), Path::new(mutations))?
        }
        _ => return Err("usage: gold DIR | gold RAW RELATIONS.jsonl MUTATIONS.jsonl".into()),
    };
    println!("real inconsistencies flagged: {}", score.real);
    println!("mutations caught: {}", score.mutations_total());
    for (kind, tally) in &score.mutations {
        println!("  {kind:<13} {tally}  ({:.0} %)", 100.0 * tally.ratio());
    }
    println!("false errors: {}", score.false_errors.len());
    println!("false warnings: {}", score.false_warnings.len());
    println!("infos: {}", score.infos.len());
    let list = |title: &str, items: &[String]| {
        if !items.is_empty() {
            println!("\n{title}:");
            for item in items {
                println!("  {item}");
            }
        }
    };
    list("real misses", &score.real_misses);
    list("mutation misses", &score.mutation_misses);
    let show =
        |l: &gongwen::gold::Located| format!("{}:{} {} {}", l.file, l.line, l.rule, l.message);
    list(
        "false errors",
        &score.false_errors.iter().map(show).collect::<Vec<_>>(),
    );
    list(
        "false warnings",
        &score.false_warnings.iter().map(show).collect::<Vec<_>>(),
    );
    if verbose {
        list("infos", &score.infos.iter().map(show).collect::<Vec<_>>());
    }
    Ok(())
}
