//! Scores `check` on reports with hand-checked relations: real inconsistencies flagged,
//! one-figure mutations caught by kind, false errors and warnings on the clean texts, and
//! every miss.
//!
//! `cargo run --release --example gold -- ../shared/gold`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: gold DIR")?;
    let verbose = std::env::args().any(|a| a == "-v");
    let score = gongwen::gold::score(std::path::Path::new(&dir))?;
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
    let show = |l: &gongwen::gold::Located| {
        format!("{}:{} {} {}", l.file, l.line, l.rule, l.message)
    };
    list("false errors", &score.false_errors.iter().map(show).collect::<Vec<_>>());
    list("false warnings", &score.false_warnings.iter().map(show).collect::<Vec<_>>());
    if verbose {
        list("infos", &score.infos.iter().map(show).collect::<Vec<_>>());
    }
    Ok(())
}
