//! Accuracy on real reports with hand-checked relations: `../shared/gold` (the bars the checker
//! is held to) and the annotations of `../shared/corpus` in `tests/data/gold/`; and the rule
//! registry as the README and SARIF show it.

mod common;

use gongwen::gold::{Score, score, score_files};
use std::path::PathBuf;

fn gold_dir() -> Option<PathBuf> {
    common::shared_dir("gold", "gold.jsonl")
}

fn summary(score: &Score) -> String {
    let kinds: Vec<String> = score
        .mutations
        .iter()
        .map(|(k, t)| format!("{k} {t}"))
        .collect();
    format!(
        "real {}, mutations {} ({}), false errors {:?}, false warnings {:?}, misses {:#?}",
        score.real,
        score.mutations_total(),
        kinds.join(", "),
        score.false_errors,
        score.false_warnings,
        score.mutation_misses
    )
}

#[test]
fn gold_reports_meet_the_bars() {
    let Some(dir) = gold_dir() else { return };
    let score = score(&dir).expect("gold reports score");
    let s = summary(&score);
    assert_eq!(score.real.total, 14, "{s}");
    assert!(score.real.hit >= 11, "real inconsistencies flagged: {s}");
    assert_eq!(score.mutations_total().total, 110, "{s}");
    assert!(score.mutations_total().hit >= 100, "mutations caught: {s}");
    for (kind, tally) in &score.mutations {
        assert!(tally.ratio() >= 0.7, "mutations of kind {kind} caught: {s}");
    }
    assert!(score.false_errors.is_empty(), "false errors: {s}");
    assert!(score.false_warnings.len() <= 4, "false warnings: {s}");
}

#[test]
fn corpus_annotations_meet_their_bars() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    let data = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/gold"));
    let score = score_files(
        &corpus.join("raw"),
        &data.join("corpus.jsonl"),
        &data.join("corpus-mutations.jsonl"),
    )
    .expect("corpus annotations score");
    let s = summary(&score);
    assert_eq!(score.mutations_total().total, 109, "{s}");
    assert!(score.mutations_total().hit >= 55, "mutations caught: {s}");
    assert!(score.false_errors.is_empty(), "false errors: {s}");
    assert!(score.false_warnings.len() <= 4, "false warnings: {s}");
}

#[test]
fn readme_rule_table_is_the_registry() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md reads");
    let start = readme.find("<!-- rules -->\n").expect("rules marker") + "<!-- rules -->\n".len();
    let end = readme.find("<!-- /rules -->").expect("end of rules marker");
    assert_eq!(
        &readme[start..end],
        gongwen::check::rules::markdown_table(),
        "README's rule table differs from src/check/rules.rs"
    );
}

#[test]
fn every_rule_is_declared_once() {
    let ids: Vec<&str> = gongwen::check::RULES.iter().map(|r| r.id).collect();
    let mut unique = ids.clone();
    unique.sort_unstable();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
    for r in gongwen::check::RULES {
        assert!(
            !r.what.is_empty() && !r.why.is_empty() && !r.example.is_empty(),
            "{}",
            r.id
        );
        assert_eq!(gongwen::check::rules::by_id(r.id).map(|x| x.id), Some(r.id));
    }
}
