//! Scoring the checker against reports whose relations were recomputed by hand.
//!
//! A gold directory holds `raw/*.txt` (the reports, exactly as found), `gold.jsonl` (one
//! hand-checked relation a line: the file, an anchor substring on the line where the claim is
//! stated, whether the published numbers can all be right) and `mutations.jsonl` (one changed
//! figure a line that breaks one relation). [`score`] runs [`check`](crate::check::check) on
//! every report and every mutated report and counts:
//! - **real**: relations that do not hold whose anchor line gets a finding (not `style.*`);
//! - **mutations**: mutated reports with a finding, absent from the clean report, on the mutated
//!   line or on the relation's anchor line;
//! - **false alarms**: findings on the clean reports on no line where a failing relation is
//!   anchored, errors and warnings apart.
//!
//! A finding is on a line when its span starts or ends there or one of its figures stands there:
//! a sum over several sentences is on the line of every part it names.

use crate::diag::{Finding, Severity};
use crate::error::{Error, Result};
use crate::lines::LineIndex;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;

/// One hand-checked relation (a line of `gold.jsonl`).
#[derive(Debug, Clone, Deserialize)]
pub struct Annotation {
    /// The report's file name under `raw/`.
    pub file: String,
    /// Unique id (`153-r3`).
    pub id: String,
    /// `sum`, `share`, `rate`, `change`, `count`, `respectively`, `restatement`, `numbering`.
    pub kind: String,
    /// A substring, unique in the file, on the line where the claim is stated.
    pub anchor: String,
    /// The arithmetic, recomputed by hand.
    #[serde(default)]
    pub arithmetic: String,
    /// Whether the published numbers can all be right.
    pub holds: bool,
}

/// One changed figure (a line of `mutations.jsonl`).
#[derive(Debug, Clone, Deserialize)]
pub struct Mutation {
    /// The report's file name under `raw/`.
    pub file: String,
    /// Unique id (`153-m1`).
    pub id: String,
    /// The id of the relation it breaks.
    pub relation: String,
    /// Text to find (unique in the file) …
    pub find: String,
    /// … and what to put in its place.
    pub replace: String,
    /// The kind of the relation it breaks.
    pub kind: String,
    /// Why the relation now fails.
    #[serde(default)]
    pub note: String,
}

/// A finding on a line of a report, as the score lists it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Located {
    /// The report's file name.
    pub file: String,
    /// 1-based line of the finding's start.
    pub line: usize,
    /// The rule.
    pub rule: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// The message (English).
    pub message: String,
}

/// Hits out of a total.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// How many were caught.
    pub hit: usize,
    /// How many there were.
    pub total: usize,
}

impl Tally {
    fn add(&mut self, hit: bool) {
        self.total += 1;
        self.hit += usize::from(hit);
    }

    /// The share caught, 0 to 1 (1 when there is nothing to catch).
    pub fn ratio(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.hit as f64 / self.total as f64
        }
    }
}

impl std::fmt::Display for Tally {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.hit, self.total)
    }
}

/// What scoring a gold directory gives.
#[derive(Debug, Clone, Default)]
pub struct Score {
    /// Real inconsistencies flagged.
    pub real: Tally,
    /// Real inconsistencies missed: `id kind anchor`.
    pub real_misses: Vec<String>,
    /// Mutations caught, by relation kind.
    pub mutations: BTreeMap<String, Tally>,
    /// Mutations missed: `id kind replace — note`.
    pub mutation_misses: Vec<String>,
    /// Errors on the clean reports where no failing relation is anchored.
    pub false_errors: Vec<Located>,
    /// Warnings on the clean reports where no failing relation is anchored.
    pub false_warnings: Vec<Located>,
    /// Infos on the clean reports (not false alarms, but worth reading).
    pub infos: Vec<Located>,
}

impl Score {
    /// Mutations caught, over every kind.
    pub fn mutations_total(&self) -> Tally {
        self.mutations
            .values()
            .fold(Tally::default(), |a, t| Tally {
                hit: a.hit + t.hit,
                total: a.total + t.total,
            })
    }
}

fn io_error(path: &Path, e: std::io::Error) -> Error {
    Error::Io(std::io::Error::new(
        e.kind(),
        format!("{}: {e}", path.display()),
    ))
}

fn read_jsonl<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<Vec<T>> {
    let text = std::fs::read_to_string(path).map_err(|e| io_error(path, e))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| {
            serde_json::from_str(l).map_err(|e| {
                Error::Io(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{} line {}: {e}", path.display(), i + 1),
                ))
            })
        })
        .collect()
}

/// The findings of one report (not `style.*`), each with the set of lines it stands on.
fn findings(text: &str) -> Result<Vec<(Finding, BTreeSet<usize>)>> {
    let document = crate::read_text(text.as_bytes(), &Default::default())?;
    let outcome = crate::check::check(&document.report);
    let index = LineIndex::new(&document.source);
    let line = |offset: usize| index.line_col(document.map.to_source(offset)).0;
    Ok(outcome
        .findings
        .into_iter()
        .filter(|f| !f.rule.id.starts_with("style."))
        .map(|f| {
            let mut lines: BTreeSet<usize> = (line(f.span.start)..=line(f.span.end)).collect();
            lines.extend(f.figures.iter().map(|r| line(r.span.start)));
            (f, lines)
        })
        .collect())
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> Option<usize> {
    let at = text.find(needle)?;
    Some(LineIndex::new(text).line_col(at).0)
}

/// The identity of a finding, to tell new findings of a mutated report from the clean ones:
/// its rule, severity and first line (not its message, which names the changed figure).
fn key(f: &Finding, lines: &BTreeSet<usize>) -> (&'static str, Severity, usize) {
    (f.rule.id, f.severity, lines.first().copied().unwrap_or(0))
}

/// Scores the checker on a gold directory (`raw/`, `gold.jsonl`, `mutations.jsonl`).
pub fn score(dir: &Path) -> Result<Score> {
    score_files(
        &dir.join("raw"),
        &dir.join("gold.jsonl"),
        &dir.join("mutations.jsonl"),
    )
}

/// Scores the checker on annotations kept apart from their reports: the reports in `raw`, the
/// relations and mutations in two JSON-lines files of the gold format.
pub fn score_files(raw: &Path, relations: &Path, mutations: &Path) -> Result<Score> {
    let relations: Vec<Annotation> = read_jsonl(relations)?;
    let mutations: Vec<Mutation> = read_jsonl(mutations)?;
    let mut texts: BTreeMap<String, String> = BTreeMap::new();
    for a in &relations {
        if !texts.contains_key(&a.file) {
            let path = raw.join(&a.file);
            let bytes = std::fs::read(&path).map_err(|e| io_error(&path, e))?;
            let text = crate::decode::decode(&bytes, None, false)?.text;
            texts.insert(a.file.clone(), text);
        }
    }
    let mut score = Score::default();
    let by_id: HashMap<&str, &Annotation> = relations.iter().map(|a| (a.id.as_str(), a)).collect();
    let mut clean = BTreeMap::new();
    for (file, text) in &texts {
        clean.insert(file.clone(), findings(text)?);
    }
    let located = |file: &str, f: &Finding, lines: &BTreeSet<usize>| Located {
        file: file.to_string(),
        line: lines.first().copied().unwrap_or(0),
        rule: f.rule.id,
        severity: f.severity,
        message: f.message.en.clone(),
    };
    // Real inconsistencies, and the lines they stand on.
    let mut failing_lines: BTreeSet<(String, usize)> = BTreeSet::new();
    for a in relations.iter().filter(|a| !a.holds) {
        let line = line_of(&texts[&a.file], &a.anchor);
        if let Some(line) = line {
            failing_lines.insert((a.file.clone(), line));
        }
        let hit = line.is_some_and(|line| {
            clean[&a.file]
                .iter()
                .any(|(_, lines)| lines.contains(&line))
        });
        score.real.add(hit);
        if !hit {
            score
                .real_misses
                .push(format!("{} {} {}", a.id, a.kind, a.anchor));
        }
    }
    for (file, found) in &clean {
        for (f, lines) in found {
            let on_failing = lines
                .iter()
                .any(|&l| failing_lines.contains(&(file.clone(), l)));
            let list = match f.severity {
                Severity::Info => &mut score.infos,
                _ if on_failing => continue,
                Severity::Warning => &mut score.false_warnings,
                Severity::Error => &mut score.false_errors,
            };
            list.push(located(file, f, lines));
        }
    }
    for m in &mutations {
        let Some(text) = texts.get(&m.file) else {
            continue;
        };
        let relation = by_id.get(m.relation.as_str());
        let mutated = text.replacen(&m.find, &m.replace, 1);
        let mut lines = BTreeSet::new();
        lines.extend(line_of(&mutated, &m.replace));
        lines.extend(relation.and_then(|a| line_of(text, &a.anchor)));
        // A finding is new when the mutated report has more findings of its rule, severity and
        // line than the clean one.
        let mut before: HashMap<_, usize> = HashMap::new();
        for (f, l) in &clean[&m.file] {
            *before.entry(key(f, l)).or_default() += 1;
        }
        let mut hit = false;
        if text.contains(&m.find) {
            for (f, l) in findings(&mutated)? {
                let k = key(&f, &l);
                match before.get_mut(&k) {
                    Some(n) if *n > 0 => *n -= 1,
                    _ => hit |= l.iter().any(|x| lines.contains(x)),
                }
            }
        }
        score.mutations.entry(m.kind.clone()).or_default().add(hit);
        if !hit {
            score
                .mutation_misses
                .push(format!("{} {} {} — {}", m.id, m.kind, m.replace, m.note));
        }
    }
    Ok(score)
}
