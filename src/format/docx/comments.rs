//! Findings as Word comments: `word/comments.xml` and the anchors the document writer places.
//!
//! Each finding becomes one comment by author "gongwen" (initials "GW"), anchored on the
//! finding's span: the figure stated wrongly (88.09%), the range from the first to the last
//! figure of a sum, or the text itself for findings without figures (a heading marker, a
//! punctuation mark). The document writer splits runs at the anchors' ends, so a comment covers
//! exactly that text. The comment says what the text output says: severity, rule and message in
//! the chosen language, and the arithmetic as a second paragraph.

use super::write::XmlOut;
use super::{DocxOptions, R_NS, W_NS};
use crate::diag::{Finding, Lang};
use crate::error::Result;
use crate::model::{Report, Span};

/// The comments' author and initials.
const AUTHOR: &str = "gongwen";
const INITIALS: &str = "GW";

/// A comment to attach to the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Comment {
    /// The text it is anchored on: a byte range of the report's text.
    pub(super) span: Span,
    /// Its paragraphs.
    pub(super) paragraphs: Vec<String>,
}

impl Comment {
    /// The comment for a finding, in a language.
    pub(super) fn of(finding: &Finding, lang: Lang) -> Comment {
        let (severity, colon) = match lang {
            Lang::En => (finding.severity.as_str(), ": "),
            Lang::Zh => (finding.severity.as_zh(), "："),
        };
        let mut paragraphs = vec![format!(
            "{severity}[{}]{colon}{}",
            finding.rule,
            finding.message.get(lang)
        )];
        if let Some(arithmetic) = &finding.arithmetic {
            paragraphs.push(arithmetic.clone());
        }
        Comment {
            span: finding.span,
            paragraphs,
        }
    }
}

/// Writes a report as a DOCX with each finding as a Word comment anchored on its figures.
///
/// The document is the one [`write`](super::write) makes with the same options; the comments'
/// date is `options.timestamp` (or now).
pub fn annotate(
    report: &Report,
    findings: &[Finding],
    lang: Lang,
    options: &DocxOptions,
) -> Result<Vec<u8>> {
    let comments: Vec<Comment> = findings.iter().map(|f| Comment::of(f, lang)).collect();
    super::write::write_with_comments(report, options, &comments)
}

/// `word/comments.xml`: comment `i` has id `i`, as the anchors in the document do.
pub(super) fn comments_part(comments: &[Comment], date: &str) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open("w:comments", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])?;
    for (id, comment) in comments.iter().enumerate() {
        let id = id.to_string();
        x.open(
            "w:comment",
            &[
                ("w:id", &id),
                ("w:author", AUTHOR),
                ("w:date", date),
                ("w:initials", INITIALS),
            ],
        )?;
        for (i, text) in comment.paragraphs.iter().enumerate() {
            x.open("w:p", &[])?;
            x.open("w:pPr", &[])?;
            x.empty("w:pStyle", &[("w:val", "CommentText")])?;
            x.close("w:pPr")?;
            if i == 0 {
                // The mark Word shows at the start of a comment, tied to its reference.
                x.open("w:r", &[])?;
                x.open("w:rPr", &[])?;
                x.empty("w:rStyle", &[("w:val", "CommentReference")])?;
                x.close("w:rPr")?;
                x.empty("w:annotationRef", &[])?;
                x.close("w:r")?;
            }
            x.open("w:r", &[])?;
            x.open("w:rPr", &[])?;
            x.empty("w:rFonts", &[("w:hint", "eastAsia")])?;
            x.close("w:rPr")?;
            x.element("w:t", &[("xml:space", "preserve")], text)?;
            x.close("w:r")?;
            x.close("w:p")?;
        }
        x.close("w:comment")?;
    }
    x.close("w:comments")?;
    Ok(x.finish())
}

/// Where comments start and end in the text, in the order the writer meets them.
pub(super) struct Anchors {
    /// `(offset, order, event)`, sorted; `order` puts ends before starts at the same offset, so
    /// adjacent comments do not overlap.
    events: Vec<(usize, u8, Event)>,
    next: usize,
}

/// A comment boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Event {
    /// `w:commentRangeStart` of comment `id`.
    Start(usize),
    /// `w:commentRangeEnd` and the reference run of comment `id`.
    End(usize),
}

impl Anchors {
    pub(super) fn new(comments: &[Comment]) -> Anchors {
        let mut events = Vec::with_capacity(comments.len() * 2);
        for (id, c) in comments.iter().enumerate() {
            events.push((c.span.start, 1, Event::Start(id)));
            // An empty span still opens before it closes.
            let order = if c.span.end > c.span.start { 0 } else { 2 };
            events.push((c.span.end.max(c.span.start), order, Event::End(id)));
        }
        events.sort_unstable();
        Anchors { events, next: 0 }
    }

    /// Returns true if and only if no event is left.
    pub(super) fn is_empty(&self) -> bool {
        self.next >= self.events.len()
    }

    /// The offsets strictly inside `start..end` where a run must be split.
    pub(super) fn cuts(&self, start: usize, end: usize) -> impl Iterator<Item = usize> + '_ {
        self.events[self.next..]
            .iter()
            .map(|e| e.0)
            .skip_while(move |&o| o <= start)
            .take_while(move |&o| o < end)
    }

    /// Takes the next event if `take` accepts its offset and kind.
    pub(super) fn pop_if(&mut self, take: impl Fn(usize, Event) -> bool) -> Option<Event> {
        let &(offset, _, event) = self.events.get(self.next)?;
        take(offset, event).then(|| {
            self.next += 1;
            event
        })
    }
}
