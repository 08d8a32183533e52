//! Rendering findings: compiler-style text, JSON and SARIF 2.1.0.
//!
//! Findings hold byte spans into the normalized text; line and column (1-based, in characters,
//! in the decoded source the user has) are computed here, from the document's offset map and a
//! line index, as codespan and typst do.

use super::{Finding, Lang, Severity};
use crate::Document;
use crate::check::{RULES, Verified};
use crate::lines::LineIndex;
use serde::Serialize;
use serde_json::{Value, json};
use std::io::{self, Write};
use unicode_width::UnicodeWidthStr;

/// How many characters of context the text output shows on either side of a finding.
const CONTEXT: usize = 24;

/// Finds line and column of findings in a document's source.
pub struct Locator<'a> {
    document: &'a Document,
    lines: LineIndex<'a>,
}

/// A place in the source: 1-based line and character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line.
    pub line: usize,
    /// Column, in characters.
    pub column: usize,
}

impl<'a> Locator<'a> {
    /// A locator for a document.
    pub fn new(document: &'a Document) -> Locator<'a> {
        Locator {
            document,
            lines: LineIndex::new(&document.source),
        }
    }

    /// The source position of a normalized byte offset.
    pub fn position(&self, offset: usize) -> Position {
        let (line, column) = self.lines.line_col(self.document.map.to_source(offset));
        Position { line, column }
    }

    /// Start and (exclusive) end positions of a finding.
    pub fn range(&self, finding: &Finding) -> (Position, Position) {
        let start = self.position(finding.span.start);
        let last = finding.span.end.max(finding.span.start + 1) - 1;
        let mut end = self.position(last);
        end.column += 1;
        (start, end)
    }

    /// The source text of a finding's span, on one line.
    pub fn excerpt(&self, finding: &Finding) -> String {
        self.snippet(finding).marked.to_string()
    }

    /// The line of a finding cut to its span and [`CONTEXT`] characters either side. Works on
    /// byte offsets, so a finding on a line of megabytes costs no more than one on a short line.
    pub fn snippet(&self, finding: &Finding) -> Snippet<'a> {
        let text = self.document.source.as_str();
        let at = |offset: usize| floor_boundary(text, self.document.map.to_source(offset));
        let start = at(finding.span.start);
        let last = at(finding.span.end.max(finding.span.start + 1) - 1);
        let (line_start, line_end) = self.lines.bounds(self.lines.line_col(start).0);
        let start = start.clamp(line_start, line_end);
        let end = text[last..]
            .chars()
            .next()
            .map_or(last, |c| last + c.len_utf8())
            .clamp(start, line_end);
        let from = text[line_start..start]
            .char_indices()
            .rev()
            .nth(CONTEXT - 1)
            .map_or(line_start, |(i, _)| line_start + i);
        let to = text[end..line_end]
            .char_indices()
            .nth(CONTEXT)
            .map_or(line_end, |(i, _)| end + i);
        Snippet {
            lead: from > line_start,
            before: &text[from..start],
            marked: &text[start..end],
            after: &text[end..to],
            trail: to < line_end,
        }
    }
}

/// A finding's line, cut around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Snippet<'a> {
    /// Whether the line goes on before `before`.
    pub lead: bool,
    /// The context before the span.
    pub before: &'a str,
    /// The span itself.
    pub marked: &'a str,
    /// The context after the span.
    pub after: &'a str,
    /// Whether the line goes on after `after`.
    pub trail: bool,
}

/// The largest char boundary of `text` at or before `offset`.
fn floor_boundary(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// Counts of findings by severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Errors.
    pub errors: usize,
    /// Warnings.
    pub warnings: usize,
    /// Infos.
    pub infos: usize,
}

impl Summary {
    /// Counts the findings.
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            match f.severity {
                Severity::Error => s.errors += 1,
                Severity::Warning => s.warnings += 1,
                Severity::Info => s.infos += 1,
            }
        }
        s
    }
}

/// One checked document: its name as printed, the document, and its findings.
#[derive(Debug, Clone, Copy)]
pub struct Checked<'a> {
    /// The input's name (a path, or `<stdin>`).
    pub name: &'a str,
    /// The document that was checked.
    pub document: &'a Document,
    /// What the check found.
    pub findings: &'a [Finding],
}

/// Writes compiler-style text: `file:line:column: severity[rule]: message`, the source line cut
/// around the finding with the span underlined (CJK characters count two columns), and the
/// arithmetic; then a summary line. The findings about numbers come first, then those about style
/// (`style.*`), each in document order.
pub fn write_text(out: &mut impl Write, checked: &Checked<'_>, lang: Lang) -> io::Result<()> {
    write_text_capped(out, checked, lang, None)
}

/// Writes the text of [`write_text`], but of a style rule with more than `style_shown` findings
/// only the first `style_shown`, then one line that says how many more there are and on which
/// lines, so a long tail of punctuation does not bury the findings about numbers.
pub fn write_text_capped(
    out: &mut impl Write,
    checked: &Checked<'_>,
    lang: Lang,
    style_shown: Option<usize>,
) -> io::Result<()> {
    let Checked {
        name,
        document,
        findings,
    } = *checked;
    let locator = Locator::new(document);
    let is_style = |f: &&Finding| f.rule.id.starts_with("style.");
    let numbers = findings.iter().filter(|f| !is_style(f));
    let mut shown_of_rule: Vec<(&str, usize, Vec<usize>)> = Vec::new();
    let mut ordered: Vec<&Finding> = numbers.collect();
    for finding in findings.iter().filter(is_style) {
        let i = match shown_of_rule.iter().position(|r| r.0 == finding.rule.id) {
            Some(i) => i,
            None => {
                shown_of_rule.push((finding.rule.id, 0, Vec::new()));
                shown_of_rule.len() - 1
            }
        };
        let rule = &mut shown_of_rule[i];
        if style_shown.is_some_and(|cap| rule.1 >= cap) {
            rule.2.push(locator.range(finding).0.line);
        } else {
            rule.1 += 1;
            ordered.push(finding);
        }
    }
    for finding in ordered {
        let (start, _) = locator.range(finding);
        let severity = match lang {
            Lang::En => finding.severity.as_str(),
            Lang::Zh => finding.severity.as_zh(),
        };
        writeln!(
            out,
            "{name}:{}:{}: {severity}[{}]: {}",
            start.line,
            start.column,
            finding.rule,
            finding.message.get(lang)
        )?;
        let Snippet {
            lead,
            before,
            marked,
            after,
            trail,
        } = locator.snippet(finding);
        let (lead, trail) = (if lead { "…" } else { "" }, if trail { "…" } else { "" });
        let gutter = start.line.to_string().len();
        writeln!(out, "{:gutter$} |", "")?;
        writeln!(out, "{} | {lead}{before}{marked}{after}{trail}", start.line)?;
        writeln!(
            out,
            "{:gutter$} | {}{}",
            "",
            " ".repeat(lead.width() + before.width()),
            "^".repeat(marked.width().max(1))
        )?;
        if let Some(arithmetic) = &finding.arithmetic {
            writeln!(out, "{:gutter$} = {arithmetic}", "")?;
        }
        writeln!(out)?;
    }
    for (rule, _, lines) in shown_of_rule.iter().filter(|r| !r.2.is_empty()) {
        let count = lines.len();
        let mut lines = lines.clone();
        lines.dedup();
        let lines: Vec<String> = lines.iter().map(usize::to_string).collect();
        match lang {
            Lang::En => writeln!(
                out,
                "{name}: {count} more {rule} finding{} on line{} {} (--verbose prints them, --allow {rule} hides them)\n",
                plural(count),
                plural(lines.len()),
                lines.join(", ")
            )?,
            Lang::Zh => writeln!(
                out,
                "{name}：另有{count}个{rule}问题，在第{}行（--verbose 逐条列出，--allow {rule} 不再报告）\n",
                lines.join("、")
            )?,
        }
    }
    let s = Summary::of(findings);
    match lang {
        Lang::En => writeln!(
            out,
            "{name}: {} error{}, {} warning{}, {} info",
            s.errors,
            plural(s.errors),
            s.warnings,
            plural(s.warnings),
            s.infos
        ),
        Lang::Zh => writeln!(
            out,
            "{name}：错误{}个，警告{}个，提示{}个",
            s.errors, s.warnings, s.infos
        ),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Serializes the items of an iterator as a sequence, one at a time, so a long list of findings
/// is written out without first being built in memory.
struct Streamed<F>(F);

impl<F, I> Serialize for Streamed<F>
where
    F: Fn() -> I,
    I: Iterator<Item: Serialize>,
{
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq((self.0)())
    }
}

/// Writes pretty JSON with a final newline.
fn write_pretty(out: &mut impl Write, value: &impl Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

/// A finding in the JSON output.
#[derive(Serialize)]
pub(crate) struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    pub(crate) line: usize,
    pub(crate) column: usize,
    end_line: usize,
    end_column: usize,
    excerpt: String,
    figures: Vec<JsonFigure<'a>>,
    arithmetic: Option<&'a str>,
    expected: Option<&'a str>,
    stated: Option<&'a str>,
}

/// A figure of a finding in the JSON output.
#[derive(Serialize)]
pub(crate) struct JsonFigure<'a> {
    id: &'a str,
    text: &'a str,
    value: Option<&'a str>,
    unit: Option<&'a str>,
    line: usize,
    column: usize,
}

#[derive(Serialize)]
struct JsonSummary {
    errors: usize,
    warnings: usize,
    infos: usize,
    total: usize,
}

#[derive(Serialize)]
struct JsonReport<'a, F> {
    file: &'a str,
    findings: F,
    summary: JsonSummary,
    #[serde(skip_serializing_if = "Option::is_none")]
    verified: Option<Vec<JsonVerified<'a>>>,
}

/// A relation the checks found consistent, in the JSON output and the review page.
#[derive(Serialize)]
pub(crate) struct JsonVerified<'a> {
    pub(crate) rule: &'a str,
    pub(crate) claim: &'a str,
    /// The ids of its figures: the total, rate or change first, then the figures it is made of.
    pub(crate) figures: Vec<&'a str>,
}

impl<'a> From<&'a Verified> for JsonVerified<'a> {
    fn from(v: &'a Verified) -> JsonVerified<'a> {
        JsonVerified {
            rule: v.rule.id,
            claim: &v.claim,
            figures: v.figures.iter().map(|f| f.id.as_str()).collect(),
        }
    }
}

/// A finding as the JSON output and the review page give it.
pub(crate) fn json_finding<'a>(
    locator: &Locator<'_>,
    f: &'a Finding,
    lang: Lang,
) -> JsonFinding<'a> {
    let (start, end) = locator.range(f);
    let figures = f
        .figures
        .iter()
        .map(|fig| {
            let p = locator.position(fig.span.start);
            JsonFigure {
                id: &fig.id,
                text: &fig.text,
                value: fig.value.as_deref(),
                unit: fig.unit.as_deref(),
                line: p.line,
                column: p.column,
            }
        })
        .collect();
    JsonFinding {
        rule: f.rule.id,
        severity: f.severity.as_str(),
        message: f.message.get(lang),
        line: start.line,
        column: start.column,
        end_line: end.line,
        end_column: end.column,
        excerpt: locator.excerpt(f),
        figures,
        arithmetic: f.arithmetic.as_deref(),
        expected: f.expected.as_deref(),
        stated: f.stated.as_deref(),
    }
}

/// Writes `{"file": …, "findings": [...], "summary": {...}}`, pretty-printed.
pub fn write_json(out: &mut impl Write, checked: &Checked<'_>, lang: Lang) -> io::Result<()> {
    write_json_verified(out, checked, None, lang)
}

/// Writes the JSON of [`write_json`], with `"verified"`: the relations that held, when given.
pub fn write_json_verified(
    out: &mut impl Write,
    checked: &Checked<'_>,
    verified: Option<&[Verified]>,
    lang: Lang,
) -> io::Result<()> {
    let Checked {
        name,
        document,
        findings,
    } = *checked;
    let locator = Locator::new(document);
    let s = Summary::of(findings);
    let items = || findings.iter().map(|f| json_finding(&locator, f, lang));
    let report = JsonReport {
        file: name,
        findings: Streamed(items),
        summary: JsonSummary {
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            total: findings.len(),
        },
        verified: verified.map(|v| v.iter().map(JsonVerified::from).collect()),
    };
    write_pretty(out, &report)
}

/// Writes a SARIF 2.1.0 log with one run holding the results of every checked document (each
/// result names its file); columns count Unicode code points.
pub fn write_sarif(out: &mut impl Write, checked: &[Checked<'_>], lang: Lang) -> io::Result<()> {
    let rules: Vec<Value> = RULES
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "shortDescription": {"text": r.what},
                "defaultConfiguration": {"level": sarif_level(r.severity)},
                "help": {"text": format!("{}\nExample: {}", r.what, r.example)},
            })
        })
        .collect();
    let results = || {
        checked.iter().flat_map(|c| {
            let locator = Locator::new(c.document);
            c.findings
                .iter()
                .map(move |f| sarif_result(c.name, &locator, f, lang))
        })
    };
    let log = SarifLog {
        schema: "https://json.schemastore.org/sarif-2.1.0.json",
        version: "2.1.0",
        runs: [SarifRun {
            tool: json!({"driver": {
                "name": "gongwen",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/gongwen",
                "rules": rules,
            }}),
            column_kind: "unicodeCodePoints",
            results: Streamed(results),
        }],
    };
    write_pretty(out, &log)
}

/// The frame of a SARIF log; its results are streamed.
#[derive(Serialize)]
struct SarifLog<F> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [SarifRun<F>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifRun<F> {
    tool: Value,
    column_kind: &'static str,
    results: F,
}

/// One finding as a SARIF result.
fn sarif_result(uri: &str, locator: &Locator<'_>, f: &Finding, lang: Lang) -> Value {
    let (start, end) = locator.range(f);
    let mut message = f.message.get(lang).to_string();
    if let Some(arithmetic) = &f.arithmetic {
        message.push_str(&format!(" [{arithmetic}]"));
    }
    json!({
        "ruleId": f.rule.id,
        "ruleIndex": RULES.iter().position(|r| std::ptr::eq(*r, f.rule)),
        "level": sarif_level(f.severity),
        "message": {"text": message},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": {"uri": uri},
                "region": {
                    "startLine": start.line,
                    "startColumn": start.column,
                    "endLine": end.line,
                    "endColumn": end.column,
                    "snippet": {"text": locator.excerpt(f)},
                }
            }
        }],
    })
}

fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}
