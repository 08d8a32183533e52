//! Prints what `check` verified and found in a report.
//!
//! `cargo run --example claims -- samples/jinghai-2020-rule-of-law-report.txt`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).ok_or("usage: claims FILE")?;
    let document = gongwen::read_text(&std::fs::read(&path)?, &Default::default())?;
    let outcome = gongwen::check::check(&document.report);
    for v in &outcome.verified {
        let texts: Vec<&str> = v.figures.iter().map(|f| f.text.as_str()).collect();
        println!(
            "verified {:<20} {:<28} {}",
            v.rule,
            v.claim,
            texts.join(" ")
        );
    }
    for f in &outcome.findings {
        let (line, column) = document.line_col(f.span.start);
        println!(
            "{line}:{column} {} {:?} {}",
            f.rule, f.severity, f.message.en
        );
    }
    Ok(())
}
