//! The review page: one self-contained HTML file (inline CSS and script, no network, system
//! fonts) that shows a report as gongwen read it — title, metadata, headings, paragraphs, tables
//! and 公文 elements — with every figure marked by kind, the relations the checks verified or
//! questioned, and the findings underlined in place and listed beside the text.
//!
//! The text is rendered here, with the figures and the findings' spans as elements the script
//! finds by id; the findings, figures and relations travel in the page as one JSON block built by
//! the same functions as `check --format json` and `figures --format json`, so the page shows
//! exactly what those outputs hold. Everything taken from the report is escaped.

use super::render::{JsonFinding, JsonVerified, Locator, Summary, json_finding};
use super::{Finding, Lang, Severity};
use crate::Document;
use crate::check::Verified;
use crate::listing::{FigureRow, figure_rows};
use crate::model::{Block, Element, Figure, Inline, Meta, Span};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::{self, Write};

const STYLE: &str = include_str!("review.css");
const SCRIPT: &str = include_str!("review.js");

/// What the page shows of one checked report.
#[derive(Debug, Clone, Copy)]
pub struct Review<'a> {
    /// The input's name as printed.
    pub name: &'a str,
    /// The report.
    pub document: &'a Document,
    /// The findings, in document order.
    pub findings: &'a [Finding],
    /// The relations that held.
    pub verified: &'a [Verified],
}

/// The data block of the page.
#[derive(Serialize)]
struct PageData<'a> {
    file: &'a str,
    lang: &'static str,
    findings: Vec<JsonFinding<'a>>,
    /// The id of the element each finding is drawn on.
    anchors: Vec<String>,
    figures: Vec<FigureRow>,
    relations: Vec<Relation<'a>>,
}

/// A relation drawn on the text: one the checks verified, or one a finding questions.
#[derive(Serialize)]
struct Relation<'a> {
    rule: &'a str,
    status: &'static str,
    /// The claim (`515=218+297`) or, questioned, the arithmetic of the finding.
    claim: Option<&'a str>,
    /// The figure ids: the total, rate or change first, then what it is made of.
    figures: Vec<&'a str>,
    /// The finding that questions it.
    finding: Option<usize>,
}

/// The relations of a report: the verified ones, then those its findings with two or more
/// figures question.
fn relations<'a>(findings: &'a [Finding], verified: &'a [Verified]) -> Vec<Relation<'a>> {
    let held = verified.iter().map(|v| {
        let v = JsonVerified::from(v);
        Relation {
            rule: v.rule,
            status: "verified",
            claim: Some(v.claim),
            figures: v.figures,
            finding: None,
        }
    });
    let questioned = findings
        .iter()
        .enumerate()
        .filter(|(_, f)| f.figures.len() > 1)
        .map(|(i, f)| Relation {
            rule: f.rule.id,
            status: "questioned",
            claim: f.arithmetic.as_deref(),
            figures: f.figures.iter().map(|r| r.id.as_str()).collect(),
            finding: Some(i),
        });
    held.chain(questioned).collect()
}

/// Words of the page in its language.
struct Words {
    lang: Lang,
}

impl Words {
    fn get(&self, key: &str) -> &'static str {
        let (en, zh) = match key {
            "findings" => ("Findings", "问题"),
            "summary" => ("Summary", "概要"),
            "figures" => ("Figures", "数字"),
            "relations" => ("Relations", "关系"),
            "verified" => ("verified", "核对无误"),
            "questioned" => ("questioned", "存疑"),
            "rule" => ("Rule", "规则"),
            "all rules" => ("all rules", "全部规则"),
            "kind" => ("Kind", "类型"),
            "count" => ("Count", "数量"),
            "none" => ("No findings.", "未发现问题。"),
            "keys" => (
                "j / k: next / previous finding · Esc: clear",
                "j / k：下一个 / 上一个问题 · Esc：清除",
            ),
            "metadata" => ("Metadata", "元数据"),
            "report" => ("Report", "报告"),
            "errors" => ("Errors", "错误"),
            "warnings" => ("Warnings", "警告"),
            "infos" => ("Infos", "提示"),
            "index" => ("Review of the reports", "报告审阅"),
            "page" => ("Review", "审阅"),
            _ => ("?", "?"),
        };
        match self.lang {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }

    fn severity(&self, s: Severity) -> &'static str {
        match self.lang {
            Lang::En => s.as_str(),
            Lang::Zh => s.as_zh(),
        }
    }
}

fn lang_code(lang: Lang) -> &'static str {
    match lang {
        Lang::En => "en",
        Lang::Zh => "zh",
    }
}

/// Escapes text for HTML content and attribute values.
pub(crate) fn escape(text: &str, out: &mut String) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape(text, &mut out);
    out
}

/// JSON to put inside a `<script type="application/json">`: `<` can only occur inside strings,
/// where `\u003c` means the same, so no `</script>` or `<!--` can end the block early.
fn script_json(value: &impl Serialize) -> String {
    serde_json::to_string(value)
        .unwrap_or_else(|_| "{}".to_string())
        .replace('<', "\\u003c")
}

/// Writes the review page of one report.
pub fn write_page(out: &mut impl Write, review: &Review<'_>, lang: Lang) -> io::Result<()> {
    out.write_all(page(review, lang).as_bytes())
}

/// The review page of one report.
pub fn page(review: &Review<'_>, lang: Lang) -> String {
    let words = Words { lang };
    let Review {
        name,
        document,
        findings,
        verified,
    } = *review;
    let locator = Locator::new(document);
    let mut body = Body::new(findings);
    for block in &document.report.body {
        body.block(block);
    }
    let anchors = body.anchors();
    let data = PageData {
        file: name,
        lang: lang_code(lang),
        findings: findings
            .iter()
            .map(|f| json_finding(&locator, f, lang))
            .collect(),
        anchors,
        figures: figure_rows(document),
        relations: relations(findings, verified),
    };
    let title = document.report.meta.title.as_deref().unwrap_or(name);
    let mut html = String::with_capacity(body.html.len() * 2 + 16 * 1024);
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n\
         <title>{} — {}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        escaped(title),
        words.get("page"),
    );
    html.push_str("<main id=\"report\">\n");
    meta_table(&mut html, name, &document.report.meta, &words);
    html.push_str("<article id=\"text\">\n");
    html.push_str(&body.html);
    html.push_str("</article>\n</main>\n<aside id=\"side\">\n");
    summary(&mut html, findings, &data, &words);
    finding_list(&mut html, findings, &data, &words);
    relation_list(&mut html, &data, &words);
    html.push_str(
        "</aside>\n<div id=\"detail\" role=\"status\" aria-live=\"polite\" hidden></div>\n",
    );
    let _ = write!(
        html,
        "<script type=\"application/json\" id=\"data\">{}</script>\n<script>{SCRIPT}</script>\n\
         </body>\n</html>\n",
        script_json(&data)
    );
    html
}

fn meta_table(html: &mut String, name: &str, meta: &Meta, words: &Words) {
    let _ = write!(
        html,
        "<header id=\"meta\"><p class=\"file\">{}</p>\n<details><summary>{}</summary><dl>",
        escaped(name),
        words.get("metadata")
    );
    let mut row = |key: &str, value: &str| {
        let _ = write!(html, "<dt>{}</dt><dd>{}</dd>", escaped(key), escaped(value));
    };
    let fields = [
        ("title", meta.title.clone()),
        ("issuer", meta.issuer.clone()),
        ("region", meta.region.clone()),
        ("date", meta.date.clone()),
        ("year", meta.year.map(|y| y.to_string())),
        ("encoding", Some(meta.encoding.clone())),
        ("script", Some(meta.script.as_str().to_string())),
    ];
    for (key, value) in fields {
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            row(key, &value);
        }
    }
    for p in &meta.properties {
        row(&p.key, &p.value);
    }
    for given in &meta.given {
        row(given.kind.chinese(), &given.text);
    }
    if !meta.removed.is_empty() {
        row("removed", &format!("{} lines", meta.removed.len()));
    }
    html.push_str("</dl></details></header>\n");
}

fn summary(html: &mut String, findings: &[Finding], data: &PageData<'_>, words: &Words) {
    let s = Summary::of(findings);
    let _ = write!(
        html,
        "<section id=\"summary\"><h2>{}</h2>\n<p class=\"counts\">\
         <span class=\"sev-error\">{} {}</span> \
         <span class=\"sev-warning\">{} {}</span> \
         <span class=\"sev-info\">{} {}</span></p>\n",
        words.get("summary"),
        words.get("errors"),
        s.errors,
        words.get("warnings"),
        s.warnings,
        words.get("infos"),
        s.infos,
    );
    let mut by_rule: BTreeMap<(std::cmp::Reverse<Severity>, &str), usize> = BTreeMap::new();
    for f in findings {
        *by_rule
            .entry((std::cmp::Reverse(f.severity), f.rule.id))
            .or_default() += 1;
    }
    if !by_rule.is_empty() {
        let _ = write!(
            html,
            "<table class=\"by-rule\"><tr><th>{}</th><th></th><th>{}</th></tr>",
            words.get("rule"),
            words.get("count")
        );
        for ((severity, rule), n) in &by_rule {
            let _ = write!(
                html,
                "<tr><td><code>{rule}</code></td><td class=\"sev-{}\">{}</td><td>{n}</td></tr>",
                severity.0.as_str(),
                words.severity(severity.0)
            );
        }
        html.push_str("</table>\n");
    }
    let mut by_kind: BTreeMap<&str, usize> = BTreeMap::new();
    for f in &data.figures {
        *by_kind.entry(f.kind).or_default() += 1;
    }
    let _ = write!(
        html,
        "<details class=\"by-kind\"><summary>{} {}</summary><table><tr><th>{}</th><th>{}</th></tr>",
        words.get("figures"),
        data.figures.len(),
        words.get("kind"),
        words.get("count")
    );
    for (kind, n) in &by_kind {
        let _ = write!(
            html,
            "<tr><td><span class=\"fig k-{kind}\">{kind}</span></td><td>{n}</td></tr>"
        );
    }
    html.push_str("</table></details>\n");
    let verified = data
        .relations
        .iter()
        .filter(|r| r.status == "verified")
        .count();
    let _ = writeln!(
        html,
        "<p class=\"relations\">{}: <span class=\"verified\">{verified} {}</span>, \
         <span class=\"questioned\">{} {}</span></p>\n</section>",
        words.get("relations"),
        words.get("verified"),
        data.relations.len() - verified,
        words.get("questioned"),
    );
}

fn finding_list(html: &mut String, findings: &[Finding], data: &PageData<'_>, words: &Words) {
    let _ = write!(
        html,
        "<section id=\"findings\"><h2>{}</h2>\n<div class=\"filters\">",
        words.get("findings")
    );
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        let _ = write!(
            html,
            "<label class=\"sev-{0}\"><input type=\"checkbox\" data-severity=\"{0}\" checked> {1}</label> ",
            severity.as_str(),
            words.severity(severity)
        );
    }
    let mut rules: Vec<&str> = findings.iter().map(|f| f.rule.id).collect();
    rules.sort_unstable();
    rules.dedup();
    let _ = write!(
        html,
        "<select id=\"rule-filter\"><option value=\"\">{}</option>",
        words.get("all rules")
    );
    for rule in &rules {
        let _ = write!(html, "<option value=\"{rule}\">{rule}</option>");
    }
    let _ = writeln!(
        html,
        "</select><p class=\"keys\">{}</p></div>",
        words.get("keys")
    );
    if findings.is_empty() {
        let _ = write!(html, "<p class=\"none\">{}</p>", words.get("none"));
    }
    // Grouped by rule, the rules with the most severe findings first; document order inside.
    let mut groups: Vec<(&str, Severity, Vec<usize>)> = Vec::new();
    for (i, f) in findings.iter().enumerate() {
        match groups.iter_mut().find(|g| g.0 == f.rule.id) {
            Some(g) => {
                g.1 = g.1.max(f.severity);
                g.2.push(i);
            }
            None => groups.push((f.rule.id, f.severity, vec![i])),
        }
    }
    // Within a severity, the rules about numbers before those about style.
    groups.sort_by_key(|g| (std::cmp::Reverse(g.1), g.0.starts_with("style.")));
    for (rule, severity, items) in groups {
        let _ = write!(
            html,
            "<details class=\"group\" data-rule=\"{rule}\" open><summary class=\"sev-{}\"><code>{rule}</code> \
             <span class=\"n\">{}</span></summary><ol>",
            severity.as_str(),
            items.len()
        );
        for i in items {
            let f = &findings[i];
            let j = &data.findings[i];
            let _ = write!(
                html,
                "<li class=\"item sev-{}\" data-i=\"{i}\" data-rule=\"{}\" data-severity=\"{}\" tabindex=\"0\">\
                 <span class=\"where\">{}:{}</span> <span class=\"sev\">{}</span> \
                 <span class=\"msg\">{}</span></li>",
                f.severity.as_str(),
                f.rule.id,
                f.severity.as_str(),
                j.line,
                j.column,
                words.severity(f.severity),
                escaped(f.message.get(words.lang)),
            );
        }
        html.push_str("</ol></details>\n");
    }
    html.push_str("</section>\n");
}

/// The relations, each with its claim or arithmetic: selecting one lights its figures.
fn relation_list(html: &mut String, data: &PageData<'_>, words: &Words) {
    let _ = write!(
        html,
        "<section id=\"relations\"><details><summary><h2>{} <span class=\"n\">{}</span></h2></summary><ol>",
        words.get("relations"),
        data.relations.len()
    );
    let texts: std::collections::HashMap<&str, &str> = data
        .figures
        .iter()
        .map(|f| (f.id.as_str(), f.text.as_str()))
        .collect();
    for (i, r) in data.relations.iter().enumerate() {
        let figures: Vec<&str> = r
            .figures
            .iter()
            .map(|id| texts.get(id).copied().unwrap_or(id))
            .collect();
        let _ = write!(
            html,
            "<li class=\"rel {}\" data-r=\"{i}\" tabindex=\"0\"><span class=\"{}\">{}</span> \
             <code>{}</code> <span class=\"arith\">{}</span> <span class=\"figs\">{}</span></li>",
            r.status,
            r.status,
            words.get(r.status),
            r.rule,
            escaped(r.claim.unwrap_or("")),
            escaped(&figures.join(" · ")),
        );
    }
    html.push_str("</ol></details></section>\n");
}

/// The report's text as HTML, with figures and the findings' spans marked.
struct Body<'a> {
    html: String,
    /// The findings' spans (at least one byte long), in the order of their starts.
    spans: Vec<(Span, usize)>,
    /// The longest span, to bound the search for those over a run.
    longest: usize,
    findings: &'a [Finding],
    /// The element each finding is anchored on, once drawn.
    anchors: Vec<Option<String>>,
    /// The leaves drawn so far: their spans and element ids.
    leaves: Vec<(Span, String)>,
}

impl<'a> Body<'a> {
    fn new(findings: &'a [Finding]) -> Body<'a> {
        let mut spans: Vec<(Span, usize)> = findings
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let end = f.span.end.max(f.span.start + 1);
                (Span::new(f.span.start, end), i)
            })
            .collect();
        spans.sort_by_key(|(s, i)| (s.start, *i));
        let longest = spans.iter().map(|(s, _)| s.len()).max().unwrap_or(0);
        Body {
            html: String::new(),
            spans,
            longest,
            findings,
            anchors: vec![None; findings.len()],
            leaves: Vec::new(),
        }
    }

    /// Each finding's anchor: the first piece of its span that was drawn, else the leaf where it
    /// starts (or the first leaf).
    fn anchors(&self) -> Vec<String> {
        self.anchors
            .iter()
            .zip(self.findings)
            .map(|(anchor, f)| match anchor {
                Some(id) => id.clone(),
                None => {
                    let i = self
                        .leaves
                        .partition_point(|(span, _)| span.start <= f.span.start);
                    self.leaves
                        .get(i.saturating_sub(1))
                        .map_or_else(|| "text".to_string(), |(_, id)| id.clone())
                }
            })
            .collect()
    }

    fn leaf_id(&mut self, span: Span) -> String {
        let id = format!("b{}", self.leaves.len());
        self.leaves.push((span, id.clone()));
        id
    }

    fn block(&mut self, block: &Block) {
        match block {
            Block::Title(p) => {
                let id = self.leaf_id(p.span);
                let _ = write!(self.html, "<h1 class=\"title\" id=\"{id}\">");
                self.inlines(&p.inlines);
                self.html.push_str("</h1>\n");
            }
            Block::Paragraph(p) => {
                let id = self.leaf_id(p.span);
                let _ = write!(self.html, "<p id=\"{id}\">");
                self.inlines(&p.inlines);
                self.html.push_str("</p>\n");
            }
            Block::Element(e) => self.element(e),
            Block::Section(s) => {
                let id = self.leaf_id(s.heading.span);
                let tag = (s.level + 1).min(6);
                let _ = write!(
                    self.html,
                    "<section class=\"level{}\"><h{tag} class=\"heading level{}{}\" id=\"{id}\" \
                     data-level=\"{}\" data-number=\"{}\"><span class=\"marker\">",
                    s.level,
                    s.level,
                    if s.heading.run_in { " run-in" } else { "" },
                    s.level,
                    s.heading.marker.number,
                );
                self.run(&s.heading.marker.text, s.heading.marker.span.start);
                self.html.push_str("</span>");
                self.inlines(&s.heading.inlines);
                let _ = writeln!(self.html, "</h{tag}>");
                for b in &s.blocks {
                    self.block(b);
                }
                self.html.push_str("</section>\n");
            }
            Block::Table(t) => {
                self.html.push_str("<table class=\"report-table\">\n");
                for row in &t.rows {
                    let id = self.leaf_id(row.span);
                    let _ = write!(self.html, "<tr id=\"{id}\">");
                    for cell in &row.cells {
                        self.html.push_str("<td>");
                        self.inlines(&cell.inlines);
                        self.html.push_str("</td>");
                    }
                    self.html.push_str("</tr>\n");
                }
                self.html.push_str("</table>\n");
            }
        }
    }

    fn element(&mut self, e: &Element) {
        let id = self.leaf_id(e.span);
        let _ = write!(
            self.html,
            "<div class=\"element el-{}\" id=\"{id}\" data-element=\"{}\"><span class=\"el-name\">{}</span>",
            e.kind.as_str(),
            e.kind.as_str(),
            e.kind.chinese()
        );
        self.inlines(&e.inlines);
        self.html.push_str("</div>\n");
    }

    fn inlines(&mut self, inlines: &[Inline]) {
        for inline in inlines {
            match inline {
                Inline::Text(t) => self.run(&t.text, t.span.start),
                Inline::Item(item) => {
                    self.html.push_str("<span class=\"item-marker\">");
                    self.run(&item.text, item.span.start);
                    self.html.push_str("</span>");
                }
                Inline::Figure(f) => self.figure(f),
            }
        }
    }

    fn figure(&mut self, f: &Figure) {
        let _ = write!(
            self.html,
            "<span class=\"fig k-{}\" id=\"{}\" tabindex=\"0\">",
            f.kind.as_str(),
            escaped(&f.id)
        );
        self.run(&f.text, f.span.start);
        self.html.push_str("</span>");
    }

    /// Writes a run of text that starts at `start` in the normalized text, cut where findings
    /// start and end; the pieces a finding covers are underlined with the most severe finding's
    /// colour and carry the indices of every finding over them.
    fn run(&mut self, text: &str, start: usize) {
        let end = start + text.len();
        let first = self
            .spans
            .partition_point(|(s, _)| s.start + self.longest <= start);
        let last = self.spans.partition_point(|(s, _)| s.start < end);
        let over: Vec<(Span, usize)> = self.spans[first..last]
            .iter()
            .filter(|(s, _)| s.end > start)
            .copied()
            .collect();
        if over.is_empty() {
            escape(text, &mut self.html);
            return;
        }
        let mut cuts: Vec<usize> = vec![0, text.len()];
        for (s, _) in &over {
            for at in [s.start, s.end] {
                if at > start && at < end && text.is_char_boundary(at - start) {
                    cuts.push(at - start);
                }
            }
        }
        cuts.sort_unstable();
        cuts.dedup();
        for pair in cuts.windows(2) {
            let (a, b) = (pair[0], pair[1]);
            let piece = &text[a..b];
            let covering: Vec<usize> = over
                .iter()
                .filter(|(s, _)| s.start < start + b && s.end > start + a)
                .map(|(_, i)| *i)
                .collect();
            if covering.is_empty() {
                escape(piece, &mut self.html);
                continue;
            }
            let severity = covering
                .iter()
                .map(|&i| self.findings[i].severity)
                .max()
                .unwrap_or(Severity::Info);
            let ids: Vec<String> = covering.iter().map(usize::to_string).collect();
            let id = format!("u{}", self.html.len());
            for &i in &covering {
                if self.anchors[i].is_none() {
                    self.anchors[i] = Some(id.clone());
                }
            }
            let _ = write!(
                self.html,
                "<span class=\"u sev-{}\" id=\"{id}\" data-f=\"{}\">",
                severity.as_str(),
                ids.join(" ")
            );
            escape(piece, &mut self.html);
            self.html.push_str("</span>");
        }
    }
}

/// One report on the index page.
#[derive(Debug, Clone)]
pub struct IndexRow {
    /// The input's name as printed.
    pub name: String,
    /// The page's file name, relative to the index; `None` when the input could not be read.
    pub page: Option<String>,
    /// Its findings by severity.
    pub summary: Summary,
    /// How many figures it has.
    pub figures: usize,
    /// Why it could not be read.
    pub error: Option<String>,
}

/// The index page of several reviewed reports: a row per report with its findings by severity
/// and a link to its page.
pub fn index(rows: &[IndexRow], lang: Lang) -> String {
    let words = Words { lang };
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body class=\"index\">\n<main>\n<h1>{}</h1>\n\
         <table id=\"reports\"><thead><tr><th>{}</th><th class=\"sev-error\">{}</th>\
         <th class=\"sev-warning\">{}</th><th class=\"sev-info\">{}</th><th>{}</th></tr></thead>\n<tbody>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        words.get("index"),
        words.get("index"),
        words.get("report"),
        words.get("errors"),
        words.get("warnings"),
        words.get("infos"),
        words.get("figures"),
    );
    for row in rows {
        html.push_str("<tr><td>");
        match &row.page {
            Some(page) => {
                let _ = write!(
                    html,
                    "<a href=\"{}\">{}</a>",
                    escaped(&href(page)),
                    escaped(&row.name)
                );
            }
            None => escape(&row.name, &mut html),
        }
        match &row.error {
            Some(error) => {
                let _ = writeln!(
                    html,
                    "</td><td colspan=\"4\" class=\"unreadable\">{}</td></tr>",
                    escaped(error)
                );
            }
            None => {
                let _ = writeln!(
                    html,
                    "</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    row.summary.errors, row.summary.warnings, row.summary.infos, row.figures
                );
            }
        }
    }
    html.push_str("</tbody></table>\n</main>\n</body>\n</html>\n");
    html
}

/// A relative link to a file name: each byte outside the unreserved set percent-encoded.
fn href(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_quotes() {
        assert_eq!(
            escaped("<script>\"a\" & 'b'</style>"),
            "&lt;script&gt;&quot;a&quot; &amp; &#39;b&#39;&lt;/style&gt;"
        );
    }

    #[test]
    fn script_json_cannot_close_the_block() {
        let json = script_json(&serde_json::json!({"a": "</script><!--"}));
        assert!(!json.contains('<'), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["a"], "</script><!--");
    }

    #[test]
    fn href_encodes_all_but_unreserved_bytes() {
        assert_eq!(href("a b/静.html"), "a%20b%2F%E9%9D%99.html");
    }
}
