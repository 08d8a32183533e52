//! Reporting the check of many documents: a [`Reporter`] is begun once, given each checked
//! document in turn, and finished, and frames the output of its format around them — text one
//! report after another, JSON one object (an array of them for several inputs), SARIF one log
//! with one run, HTML one review page (or, for several inputs, an index page with the pages
//! beside it). The allow/deny [`Policy`] and the reading of inputs under a size limit live here
//! too, so a command line only turns its arguments into these options.

use crate::check::{Outcome, RULES};
use crate::diag::Lang;
use crate::diag::render::{self, Checked, Summary};
use crate::diag::review::{self, IndexRow, Review};
use crate::output::write_atomic;
use crate::{Document, Error, ReadOptions, Result, format};
use std::collections::HashSet;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// How findings are reported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ReportFormat {
    /// Compiler-style text.
    Text,
    /// JSON: an object per report.
    Json,
    /// One SARIF 2.1.0 log.
    Sarif,
    /// The review page.
    Html,
}

impl ReportFormat {
    /// Every format, in the order the command line lists them.
    pub const ALL: [ReportFormat; 4] = [
        ReportFormat::Text,
        ReportFormat::Json,
        ReportFormat::Sarif,
        ReportFormat::Html,
    ];

    /// The format's name, as `gongwen check --format NAME` and the Python package take it.
    pub fn as_str(self) -> &'static str {
        match self {
            ReportFormat::Text => "text",
            ReportFormat::Json => "json",
            ReportFormat::Sarif => "sarif",
            ReportFormat::Html => "html",
        }
    }

    /// The format of a name ([`ReportFormat::as_str`]).
    pub fn from_name(name: &str) -> Option<ReportFormat> {
        ReportFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Which findings count: rules silenced, and whether warnings fail a check.
#[derive(Debug, Clone, Default)]
pub struct Policy {
    allow: Vec<&'static str>,
    deny_warnings: bool,
}

impl Policy {
    /// A policy that drops the findings of the `allow`ed rules and, with `deny_warnings`, fails on
    /// a warning as on an error. Fails on a rule id that names no rule.
    pub fn new(allow: &[String], deny_warnings: bool) -> Result<Policy> {
        let allow = allow
            .iter()
            .map(|id| {
                RULES
                    .iter()
                    .find(|r| r.id == id)
                    .map(|r| r.id)
                    .ok_or_else(|| {
                        let ids: Vec<&str> = RULES.iter().map(|r| r.id).collect();
                        Error::Usage(format!(
                            "--allow {id}: no such rule (rules: {})",
                            ids.join(", ")
                        ))
                    })
            })
            .collect::<Result<_>>()?;
        Ok(Policy {
            allow,
            deny_warnings,
        })
    }

    /// Checks a report and drops the findings of the allowed rules.
    pub fn check(&self, document: &Document) -> Outcome {
        let mut outcome = crate::check::check(&document.report);
        outcome
            .findings
            .retain(|f| !self.allow.contains(&f.rule.id));
        outcome
            .verified
            .retain(|v| !self.allow.contains(&v.rule.id));
        outcome
    }

    /// Returns true if and only if findings of these counts fail the check.
    pub fn fails(&self, summary: &Summary) -> bool {
        summary.errors > 0 || (self.deny_warnings && summary.warnings > 0)
    }
}

/// Where an input comes from and how to read it.
#[derive(Debug, Clone)]
pub struct Input {
    /// The file; `-` is standard input.
    pub path: PathBuf,
    /// How to decode text.
    pub read: ReadOptions,
    /// Refuse inputs larger than this many bytes.
    pub max_input: u64,
}

impl Input {
    /// The name to print for it.
    pub fn name(&self) -> String {
        display_name(&self.path)
    }

    /// Reads it whole, refusing it when it is over the limit before reading (from a file's
    /// length) or as soon as more arrives (standard input, devices), and detects its format.
    pub fn read(&self) -> Result<Document> {
        let bytes = read_capped(&self.path, self.max_input)?;
        let path = (self.path != Path::new("-")).then_some(self.path.as_path());
        let input_format = format::InputFormat::detect(path, &bytes);
        format::read(bytes, input_format, &self.read)
    }
}

/// Reads a file (`-`: standard input) of at most `limit` bytes.
pub fn read_capped(path: &Path, limit: u64) -> Result<Vec<u8>> {
    let too_large = |size: Option<u64>| Error::TooLarge { size, limit };
    let mut bytes = Vec::new();
    if path == Path::new("-") {
        io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)?;
    } else {
        let file = std::fs::File::open(path)?;
        let length = file.metadata()?.len();
        if length > limit {
            return Err(too_large(Some(length)));
        }
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes)?;
    }
    if bytes.len() as u64 > limit {
        return Err(too_large(None));
    }
    Ok(bytes)
}

/// The name to print for an input in messages: on one line, whatever bytes it holds (a newline
/// in a file name is printed `\n`); `<stdin>` for `-`.
pub fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        return "<stdin>".to_string();
    }
    let mut name = String::new();
    for c in path.display().to_string().chars() {
        if c.is_control() {
            name.extend(c.escape_default());
        } else {
            name.push(c);
        }
    }
    name
}

/// What the HTML reporter writes for several reports: the index at a path, the pages beside it.
#[derive(Debug)]
struct Pages {
    index: PathBuf,
    rows: Vec<IndexRow>,
    taken: HashSet<String>,
}

impl Pages {
    /// A file name beside the index for the page of `name`, not taken yet: the input's stem
    /// with `.html`, numbered when two inputs share a stem.
    fn file_name(&mut self, name: &Path) -> String {
        let stem = name
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "report".to_string());
        let index = self
            .index
            .file_name()
            .map(|s| s.to_string_lossy().into_owned());
        let mut n = 1;
        loop {
            let candidate = if n == 1 {
                format!("{stem}.html")
            } else {
                format!("{stem}-{n}.html")
            };
            if Some(&candidate) != index.as_ref() && self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

/// Text: how many of a style rule's findings in a document are printed before the lines of the
/// rest are given on one line, unless all are asked for (`check --verbose`).
pub const STYLE_SHOWN: usize = 3;

/// How to report.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The format.
    pub format: ReportFormat,
    /// The language of the messages.
    pub lang: Lang,
    /// Whether more than one document will be reported.
    pub several: bool,
    /// HTML for several documents: the path of the index page, beside which the pages are
    /// written.
    pub html_index: Option<PathBuf>,
    /// Text: of a style rule's findings in a document, print this many, then one line with
    /// the lines of the rest (`None`: all).
    pub style_shown: Option<usize>,
}

/// Writes the report of a check of one or more documents.
pub struct Reporter<W: Write> {
    out: W,
    format: ReportFormat,
    lang: Lang,
    several: bool,
    style_shown: Option<usize>,
    written: usize,
    /// SARIF: every document until the log is written.
    held: Vec<(String, Document, Outcome)>,
    /// HTML with several inputs.
    pages: Option<Pages>,
}

impl<W: Write> Reporter<W> {
    /// Begins a report on `out`. HTML for several documents needs an index path (`out` then
    /// gets nothing).
    pub fn begin(mut out: W, options: &ReportOptions) -> Result<Reporter<W>> {
        let ReportOptions {
            format,
            lang,
            several,
            ref html_index,
            style_shown,
        } = *options;
        if several && format == ReportFormat::Json {
            out.write_all(b"[\n")?;
        }
        let pages = match (format, several, html_index) {
            (ReportFormat::Html, true, Some(index)) => Some({
                // The index and the pages go into a directory of their own, made if needed.
                if let Some(parent) = index.parent().filter(|p| !p.as_os_str().is_empty()) {
                    std::fs::create_dir_all(parent).map_err(|source| Error::Write {
                        path: parent.display().to_string(),
                        source,
                    })?;
                }
                Pages {
                    index: index.clone(),
                    rows: Vec::new(),
                    taken: HashSet::new(),
                }
            }),
            (ReportFormat::Html, true, None) => {
                return Err(Error::Usage(
                    "the review of several reports is an index page with a page per report: \
                     give -o INDEX.html"
                        .to_string(),
                ));
            }
            _ => None,
        };
        Ok(Reporter {
            out,
            format,
            lang,
            several,
            style_shown,
            written: 0,
            held: Vec::new(),
            pages,
        })
    }

    /// Reports one checked document. `path` is where it came from (for the name of its page).
    pub fn document(&mut self, path: &Path, document: Document, outcome: Outcome) -> Result<()> {
        let name = display_name(path);
        let checked = Checked {
            name: &name,
            document: &document,
            findings: &outcome.findings,
        };
        match self.format {
            ReportFormat::Text => {
                render::write_text_capped(&mut self.out, &checked, self.lang, self.style_shown)?;
            }
            ReportFormat::Json => {
                if self.written > 0 {
                    self.out.write_all(b",\n")?;
                }
                render::write_json_verified(
                    &mut self.out,
                    &checked,
                    Some(&outcome.verified),
                    self.lang,
                )?;
            }
            ReportFormat::Sarif => {
                self.held.push((name, document, outcome));
            }
            ReportFormat::Html => {
                let review = Review {
                    name: &name,
                    document: &document,
                    findings: &outcome.findings,
                    verified: &outcome.verified,
                };
                let page = review::page(&review, self.lang);
                match &mut self.pages {
                    None => self.out.write_all(page.as_bytes())?,
                    Some(pages) => {
                        let file = pages.file_name(path);
                        let target = pages.index.with_file_name(&file);
                        write_atomic(&target, page.as_bytes()).map_err(|source| Error::Write {
                            path: target.display().to_string(),
                            source,
                        })?;
                        pages.rows.push(IndexRow {
                            name,
                            page: Some(file),
                            summary: Summary::of(&outcome.findings),
                            figures: document.report.figures().len(),
                            error: None,
                        });
                    }
                }
            }
        }
        self.written += 1;
        Ok(())
    }

    /// Records an input that could not be read (a row of the HTML index says why).
    pub fn unreadable(&mut self, path: &Path, error: &str) {
        if let Some(pages) = &mut self.pages {
            pages.rows.push(IndexRow {
                name: display_name(path),
                page: None,
                summary: Summary::default(),
                figures: 0,
                error: Some(error.to_string()),
            });
        }
    }

    /// Flushes what was written so far (before a message on standard error).
    pub fn flush(&mut self) -> io::Result<()> {
        self.out.flush()
    }

    /// Ends the report: closes the JSON array, writes the SARIF log or the HTML index.
    pub fn finish(mut self) -> Result<W> {
        match self.format {
            ReportFormat::Json if self.several => self.out.write_all(b"]\n")?,
            ReportFormat::Sarif => {
                let all: Vec<Checked> = self
                    .held
                    .iter()
                    .map(|(name, document, outcome)| Checked {
                        name,
                        document,
                        findings: &outcome.findings,
                    })
                    .collect();
                render::write_sarif(&mut self.out, &all, self.lang)?;
            }
            ReportFormat::Html => {
                if let Some(pages) = &self.pages {
                    let html = review::index(&pages.rows, self.lang);
                    write_atomic(&pages.index, html.as_bytes()).map_err(|source| Error::Write {
                        path: pages.index.display().to_string(),
                        source,
                    })?;
                }
            }
            _ => {}
        }
        self.out.flush()?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(text: &str) -> Document {
        crate::read_text(text.as_bytes(), &ReadOptions::default()).unwrap()
    }

    fn options(format: ReportFormat, several: bool) -> ReportOptions {
        ReportOptions {
            format,
            lang: Lang::En,
            several,
            html_index: None,
            style_shown: None,
        }
    }

    #[test]
    fn json_of_several_documents_is_an_array_with_their_verified_relations() {
        let policy = Policy::new(&[], false).unwrap();
        let mut reporter = Reporter::begin(Vec::new(), &options(ReportFormat::Json, true)).unwrap();
        for (name, text) in [
            ("a", "全年收案100件，其中结案120件。"),
            ("b", "共收案515件，其中刑事218件、民事297件。"),
        ] {
            let document = document(text);
            let outcome = policy.check(&document);
            reporter
                .document(Path::new(name), document, outcome)
                .unwrap();
        }
        let out = reporter.finish().unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(json[0]["file"], "a");
        assert_eq!(json[0]["findings"][0]["rule"], "sum.part");
        assert_eq!(json[1]["file"], "b");
        assert_eq!(json[1]["findings"], serde_json::json!([]));
        assert_eq!(json[1]["verified"][0]["claim"], "515=218+297");
    }

    #[test]
    fn sarif_holds_every_document_in_one_run() {
        let policy = Policy::new(&["style.punctuation".to_string()], false).unwrap();
        let mut reporter =
            Reporter::begin(Vec::new(), &options(ReportFormat::Sarif, true)).unwrap();
        for name in ["a", "b"] {
            let document = document("全年收案100件,其中结案120件。");
            let outcome = policy.check(&document);
            reporter
                .document(Path::new(name), document, outcome)
                .unwrap();
        }
        let json: serde_json::Value = serde_json::from_slice(&reporter.finish().unwrap()).unwrap();
        // The allowed punctuation rule is gone: one sum.part each, naming its file.
        let results = &json["runs"][0]["results"];
        assert_eq!(results.as_array().map(Vec::len), Some(2));
        for (i, file) in ["a", "b"].iter().enumerate() {
            assert_eq!(results[i]["ruleId"], "sum.part");
            let location = &results[i]["locations"][0]["physicalLocation"];
            assert_eq!(location["artifactLocation"]["uri"], *file);
        }
    }

    #[test]
    fn the_policy_knows_its_rules_and_what_fails() {
        let Err(Error::Usage(message)) = Policy::new(&["no.such".to_string()], false) else {
            panic!("an unknown rule is refused");
        };
        assert!(message.starts_with("--allow no.such: no such rule (rules: sum.total, "));
        let warning = Summary {
            warnings: 1,
            ..Summary::default()
        };
        assert!(!Policy::new(&[], false).unwrap().fails(&warning));
        assert!(Policy::new(&[], true).unwrap().fails(&warning));
    }

    #[test]
    fn html_of_several_documents_needs_an_index() {
        let Err(Error::Usage(message)) =
            Reporter::begin(Vec::new(), &options(ReportFormat::Html, true))
        else {
            panic!("refused");
        };
        assert!(message.ends_with("give -o INDEX.html"), "{message}");
    }

    #[test]
    fn read_capped_refuses_what_is_over_the_limit() {
        let path = std::env::temp_dir().join(format!("gongwen-capped-{}", std::process::id()));
        std::fs::write(&path, [b'x'; 100]).unwrap();
        let result = read_capped(&path, 99);
        let read = read_capped(&path, 100);
        std::fs::remove_file(&path).unwrap();
        assert_eq!(
            result.unwrap_err().to_string(),
            "the input is 100 bytes, over the limit of 99 bytes; if it really is one report, raise the limit with --max-input 1M"
        );
        assert_eq!(read.unwrap().len(), 100);
    }
}
