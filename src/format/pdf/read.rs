//! The PDF reader: the text layer, set back into lines and paragraphs, through the text pipeline.
//!
//! [`pdf_oxide`] parses the file and gives every glyph with its character, place and size; it
//! decodes the CID fonts of Chinese PDFs, embedded or not, with or without a ToUnicode map
//! (Adobe-GB1 through `GBK-EUC-H`, `UniGB-UCS2-H` …). It runs on a thread of its own under
//! [`catch_unwind`](std::panic::catch_unwind) and a time budget: a panic in it or a file that
//! takes too long is an [`Error::PdfInput`], never a crash or a hang.
//!
//! From the glyphs, this module builds the page's lines (glyphs on one baseline, left to right),
//! drops page furniture (page numbers such as `— 3 —`, running heads repeated on most pages),
//! and joins lines into paragraphs from the page's geometry: a line that ends short of the
//! right edge of the text block ends a paragraph, an indented line (the two-character indent of
//! GB/T 9704) or a change of size starts one, consecutive centred lines of a larger size (a
//! title over two lines) are one paragraph. A line whose glyphs stand in columns far apart is a
//! table row. Headings are then recovered by the structure stage from their numbering
//! (`一、` `（一）` `1.` …), as for text.
//!
//! Positions: [`Document::source`] is the text of the PDF, one line of the page per line, each
//! page's last line ending with a form feed (as `pdftotext` writes it) and page furniture left
//! out. A finding's line is the line in that text; [`page_line`] turns it into the page and the
//! line on that page.

use crate::Document;
use crate::error::{Error, Result};
use crate::normalize::OffsetMap;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Time allowed for any PDF, on top of [`BUDGET_PER_MB`].
const BUDGET_BASE: Duration = Duration::from_secs(20);
/// Time allowed per megabyte of PDF.
const BUDGET_PER_MB: Duration = Duration::from_secs(2);
/// The most pages read (a report has tens, a yearbook a few thousand).
pub(crate) const PAGE_LIMIT: usize = 20_000;
/// The stack of the parsing thread: deeply nested objects recurse.
const STACK: usize = 256 << 20;
/// A page with at least this many characters …
const GARBLED_MIN: usize = 20;
/// … of which more than one in this many are no characters of a Chinese report ([`is_junk`])
/// has a garbled text layer.
const GARBLED_RATIO: usize = 10;

/// One glyph of a page: its character, its left and right edges and its baseline (points from
/// the top of the page), and its font size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Glyph {
    pub(crate) c: char,
    pub(crate) x0: f32,
    pub(crate) x1: f32,
    pub(crate) base: f32,
    pub(crate) size: f32,
}

/// A line of a page: glyphs on one baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// The text; cells of a table row are separated by `|`.
    pub text: String,
    /// Left edge, in points from the page's left.
    pub x0: f32,
    /// Right edge.
    pub x1: f32,
    /// Baseline, in points from the page's top.
    pub base: f32,
    /// The font size of most of its characters.
    pub size: f32,
    /// True if and only if its glyphs stand in columns far apart (a table row).
    pub row: bool,
    /// The left and right edges of the column of text it is in, on a page set in columns.
    pub column: Option<(f32, f32)>,
}

/// A page's lines, top to bottom, without page furniture.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    /// Width of the page in points.
    pub width: f32,
    /// The lines.
    pub lines: Vec<Line>,
}

/// The text layer of a PDF.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    /// The pages in order.
    pub pages: Vec<Page>,
}

/// Reads a PDF into a document: its text layer, in lines and paragraphs, goes through the text
/// pipeline (normalize, structure, figures).
///
/// Errors: [`Error::PdfInput`] for a file that cannot be parsed (damaged, encrypted with a
/// password, too slow to read); [`Error::NoTextLayer`] for a PDF of images (a scan);
/// [`Error::GarbledPdf`] when a page's text layer is mostly characters without a meaning (fonts
/// without a Unicode mapping).
pub fn read(bytes: &[u8]) -> Result<Document> {
    Ok(read_extracted(&extract(bytes)?))
}

/// A document from the lines of its pages (a PDF's or an OFD's): the lines joined into
/// paragraphs go through the text pipeline, and positions are mapped back to the lines.
pub(crate) fn read_extracted(extracted: &Extracted) -> Document {
    let placed = place(extracted);
    let decoded = crate::decode::Decoded {
        text: placed.text,
        encoding: encoding_rs::UTF_8,
        replaced: 0,
    };
    let mut document = crate::read_decoded(decoded, &[], &placed.rows);
    document.map = document.map.then(&placed.map).within(placed.source.len());
    document.source = placed.source;
    document
}

/// The page (1-based) and the line on that page (1-based) of a 1-based line of the source text
/// of a document read from a PDF.
pub fn page_line(source: &str, line: usize) -> (usize, usize) {
    let mut page = 1;
    let mut first = 1;
    for (i, text) in source.split('\n').enumerate().take(line.saturating_sub(1)) {
        if text.ends_with('\u{c}') {
            page += 1;
            first = i + 2;
        }
    }
    (page, line + 1 - first.min(line))
}

/// Reads the text layer of a PDF, page by page.
///
/// Errors: as [`read`].
pub fn extract(bytes: &[u8]) -> Result<Extracted> {
    if bytes.is_empty() {
        return Err(Error::Empty);
    }
    if !bytes.starts_with(b"%PDF-") && !bytes.windows(5).take(1024).any(|w| w == b"%PDF-") {
        return Err(Error::PdfInput("no %PDF- header: this is not a PDF".into()));
    }
    let pages = glyphs_guarded(bytes.to_vec())?;
    let mut characters = 0;
    for (i, page) in pages.iter().enumerate() {
        let chars = page.glyphs.len();
        let bad = page.glyphs.iter().filter(|g| is_junk(g.c)).count();
        characters += chars - bad;
        if chars >= GARBLED_MIN && bad * GARBLED_RATIO > chars {
            return Err(Error::GarbledPdf {
                page: i + 1,
                bad,
                chars,
            });
        }
    }
    if characters == 0 {
        return Err(Error::NoTextLayer { pages: pages.len() });
    }
    Ok(set_lines(pages))
}

/// The lines of pages of glyphs, page furniture left out.
pub(crate) fn set_lines(pages: Vec<RawPage>) -> Extracted {
    let mut out = Extracted {
        pages: pages
            .into_iter()
            .map(|p| Page {
                width: p.width,
                lines: lines(p.glyphs),
            })
            .collect(),
    };
    drop_furniture(&mut out.pages);
    out
}

/// Returns true if and only if `c` is no character of a Chinese report: U+FFFD, private use,
/// controls, or a script such a report does not use. A font without a usable ToUnicode map
/// comes out as its glyph or CID numbers taken for code points (U+1000… Myanmar, Hangul …).
fn is_junk(c: char) -> bool {
    !matches!(c,
        ' '..='~'
        | '\u{A0}'..='\u{24F}'     // Latin-1, Latin Extended (pinyin)
        | '\u{370}'..='\u{4FF}'    // Greek, Cyrillic
        | '\u{2000}'..='\u{27BF}'  // punctuation, letterlike, number forms, arrows, math,
                                   // enclosed alphanumerics (①), shapes, dingbats
        | '\u{2E80}'..='\u{33FF}'  // CJK radicals, symbols and punctuation, kana (・),
                                   // bopomofo, enclosed CJK (㈠), CJK compatibility (㎡)
        | '\u{3400}'..='\u{4DBF}'  // CJK Extension A
        | '\u{4E00}'..='\u{9FFF}'  // CJK Unified Ideographs
        | '\u{F900}'..='\u{FAFF}'  // CJK Compatibility Ideographs
        | '\u{FE10}'..='\u{FE6F}'  // vertical, compatibility and small forms
        | '\u{FF00}'..='\u{FFEF}'  // half- and full-width forms
        | '\u{20000}'..='\u{3FFFF}' // CJK Extensions B–H
    )
}

/// The glyphs of one page, as pdf_oxide (or the OFD reader) gives them.
pub(crate) struct RawPage {
    /// Width of the page in points.
    pub(crate) width: f32,
    /// Its glyphs in any order.
    pub(crate) glyphs: Vec<Glyph>,
}

/// The name of the thread pdf_oxide runs on.
const THREAD: &str = "gongwen-pdf-read";

/// Keeps a panic on the reading thread from printing its message: it becomes an error the
/// caller reports. Panics elsewhere go to the hook that was there before.
fn quiet_reader_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current().name() != Some(THREAD) {
                previous(info);
            }
        }));
    });
}

/// Runs pdf_oxide on a thread of its own: a panic, or a run over the time budget, is an error.
fn glyphs_guarded(bytes: Vec<u8>) -> Result<Vec<RawPage>> {
    quiet_reader_panics();
    let budget = BUDGET_BASE + BUDGET_PER_MB * u32::try_from(bytes.len() >> 20).unwrap_or(u32::MAX);
    let deadline = Instant::now() + budget;
    let (send, receive) = mpsc::channel();
    std::thread::Builder::new()
        .name(THREAD.into())
        .stack_size(STACK)
        .spawn(move || {
            let result = catch_unwind(AssertUnwindSafe(|| glyphs(bytes, deadline)));
            // The receiver is gone only when the budget ran out.
            let _ = send.send(result);
        })?;
    match receive.recv_timeout(budget) {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(Error::PdfInput(
            "the PDF parser failed on this file (it is probably damaged)".into(),
        )),
        Err(_) => Err(over_budget(budget)),
    }
}

fn over_budget(budget: Duration) -> Error {
    Error::PdfInput(format!(
        "reading the PDF took longer than {} s: it is too large or malformed",
        budget.as_secs()
    ))
}

fn oxide_error(e: pdf_oxide::Error) -> Error {
    let message = e.to_string();
    let message = message.lines().next().unwrap_or_default();
    if message.to_ascii_lowercase().contains("encrypt")
        || message.to_ascii_lowercase().contains("password")
    {
        Error::PdfInput(format!(
            "the PDF is encrypted and cannot be opened without its password ({message})"
        ))
    } else {
        Error::PdfInput(message.to_string())
    }
}

/// The glyphs of every page, horizontal text only.
fn glyphs(bytes: Vec<u8>, deadline: Instant) -> Result<Vec<RawPage>> {
    let document = pdf_oxide::PdfDocument::from_bytes(bytes).map_err(oxide_error)?;
    if document.is_encrypted() && !document.is_authenticated() {
        return Err(Error::PdfInput(
            "the PDF is encrypted and cannot be opened without its password".into(),
        ));
    }
    let count = document.page_count().map_err(oxide_error)?;
    if count > PAGE_LIMIT {
        return Err(Error::PdfInput(format!(
            "the PDF has {count} pages, more than the {PAGE_LIMIT} read"
        )));
    }
    let mut pages = Vec::with_capacity(count);
    for index in 0..count {
        if Instant::now() > deadline {
            return Err(over_budget(Duration::ZERO));
        }
        let (left, bottom, right, top) = document.get_page_media_box(index).map_err(oxide_error)?;
        let chars = document.extract_chars(index).map_err(oxide_error)?;
        // The direction most of the page's text runs in (a landscape table set on a portrait
        // page runs up it); text in other directions (stamps, marginal notes) is left out.
        let quarter = |r: f32| -> Option<u8> {
            let r = r.rem_euclid(360.0);
            let q = (r / 90.0).round();
            ((r - q * 90.0).abs() < 2.0).then_some(q as u8 % 4)
        };
        let mut counts = [0usize; 4];
        for c in chars.iter().filter(|c| !c.char.is_whitespace()) {
            if let Some(q) = quarter(c.rotation_degrees) {
                counts[usize::from(q)] += 1;
            }
        }
        let turn = (0..4u8)
            .max_by_key(|&q| (counts[usize::from(q)], 4 - q))
            .unwrap_or(0);
        let (cos, sin) = [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0)][usize::from(turn)];
        let glyphs = chars
            .iter()
            .filter(|c| {
                quarter(c.rotation_degrees) == Some(turn)
                    && !c.char.is_whitespace()
                    && c.font_size > 0.0
            })
            .map(|c| {
                // Along the line, and down the page, as a reader turning the page sees them.
                let along = c.origin_x * cos + c.origin_y * sin;
                let down = c.origin_x * sin - c.origin_y * cos;
                let advance = if c.advance_width > 0.0 {
                    c.advance_width
                } else {
                    c.font_size
                };
                Glyph {
                    c: c.char,
                    x0: along,
                    x1: along + advance,
                    base: down,
                    size: c.font_size,
                }
            })
            .filter(|g| g.x0.is_finite() && g.x1.is_finite() && g.base.is_finite())
            .collect();
        let width = if turn % 2 == 0 {
            right - left
        } else {
            top - bottom
        };
        pages.push(RawPage { width, glyphs });
    }
    Ok(pages)
}

/// Sets a page's glyphs into lines: sorted by baseline, a glyph more than half its size below
/// the line's baseline starts the next line; each line's glyphs then go left to right, a
/// glyph drawn twice over itself (overprinted bold) once. A page set in columns of text is
/// read column by column between the lines that span them ([`columns`]).
fn lines(mut glyphs: Vec<Glyph>) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.base.total_cmp(&b.base).then(a.x0.total_cmp(&b.x0)));
    let mut rows: Vec<Vec<Glyph>> = Vec::new();
    let mut start = 0;
    for i in 1..=glyphs.len() {
        let split = glyphs.get(i).is_none_or(|g| {
            let first = &glyphs[start];
            g.base - first.base > 0.5 * first.size.min(g.size)
        });
        if split {
            let mut row = glyphs[start..i].to_vec();
            row.sort_by(|a, b| a.x0.total_cmp(&b.x0));
            row.dedup_by(|b, a| a.c == b.c && (b.x0 - a.x0).abs() < 0.3 * a.size);
            rows.push(row);
            start = i;
        }
    }
    let Some(gutters) = columns(&rows) else {
        return rows.iter().filter_map(|r| set_line(r)).collect();
    };
    // Rows that cross no gutter fall into columns; a row that crosses one ends a band of
    // columns, read one column after another, and stands alone.
    let column_of = |g: &Glyph| gutters.iter().filter(|&&(a, _)| g.x0 >= a).count();
    // Lines with the column they are in (none for those spanning columns).
    let mut placed: Vec<(Option<usize>, Line)> = Vec::new();
    let mut band: Vec<Vec<Vec<Glyph>>> = vec![Vec::new(); gutters.len() + 1];
    let flush = |band: &mut Vec<Vec<Vec<Glyph>>>, placed: &mut Vec<(Option<usize>, Line)>| {
        for (k, column) in band.iter_mut().enumerate() {
            placed.extend(
                column
                    .drain(..)
                    .filter_map(|r| Some((Some(k), set_line(&r)?))),
            );
        }
    };
    for row in rows {
        if crosses(&row, &gutters) {
            flush(&mut band, &mut placed);
            placed.extend(set_line(&row).map(|l| (None, l)));
            continue;
        }
        let mut parts: Vec<Vec<Glyph>> = vec![Vec::new(); gutters.len() + 1];
        for g in row {
            parts[column_of(&g)].push(g);
        }
        for (column, part) in parts.into_iter().enumerate() {
            if !part.is_empty() {
                band[column].push(part);
            }
        }
    }
    flush(&mut band, &mut placed);
    // Each column's edges: where its lines start and end at the farthest.
    let mut edges = vec![(f32::INFINITY, f32::NEG_INFINITY); gutters.len() + 1];
    for (k, line) in &placed {
        if let Some(k) = *k {
            edges[k] = (edges[k].0.min(line.x0), edges[k].1.max(line.x1));
        }
    }
    placed
        .into_iter()
        .map(|(k, mut line)| {
            line.column = k.map(|k| edges[k]);
            line
        })
        .collect()
}

/// Returns true if and only if a row has glyphs on both sides of a gutter with no gap between
/// them wider than the gutter: text running across it.
fn crosses(row: &[Glyph], gutters: &[(f32, f32)]) -> bool {
    row.windows(2).any(|w| {
        gutters.iter().any(|&(a, b)| {
            w[0].x1 <= b
                && w[1].x0 >= a
                && w[0].x0 < a
                && w[1].x1 > b
                && w[1].x0 - w[0].x1 < 0.9 * (b - a)
        })
    }) || row
        .iter()
        .any(|g| gutters.iter().any(|&(a, b)| g.x0 < a && g.x1 > b))
}

/// The most columns of text a page is read in (a newspaper page has up to eight).
const MAX_COLUMNS: usize = 8;

/// The gutters of a page set in columns of text, left to right: vertical strips at least half
/// a character wide that at most one row in twenty crosses, between columns of at least six
/// characters where most rows fill the column (text wrapped to it, not table cells).
fn columns(rows: &[Vec<Glyph>]) -> Option<Vec<(f32, f32)>> {
    if rows.len() < 10 {
        return None;
    }
    let all: Vec<Glyph> = rows.iter().flatten().copied().collect();
    let size = mode_size(&all);
    let left = all.iter().map(|g| g.x0).fold(f32::INFINITY, f32::min);
    let right = all.iter().map(|g| g.x1).fold(f32::NEG_INFINITY, f32::max);
    if !(size > 0.0 && right - left > 12.0 * size && right - left < 20_000.0) {
        return None;
    }
    let bins = (right - left).ceil() as usize + 1;
    // How many rows cover each point-wide strip: each row's glyphs (left to right) merged
    // into runs, counted at their ends, so the cost is the glyphs' and the strips' number.
    let mut change = vec![0isize; bins + 1];
    for row in rows {
        let mut run: Option<(usize, usize)> = None;
        for g in row {
            let a = ((g.x0 - left).max(0.0) as usize).min(bins - 1);
            let b = ((g.x1 - left).max(0.0) as usize).min(bins - 1);
            run = match run {
                Some((start, end)) if a <= end + 1 => Some((start, end.max(b))),
                Some((start, end)) => {
                    change[start] += 1;
                    change[end + 1] -= 1;
                    Some((a, b))
                }
                None => Some((a, b)),
            };
        }
        if let Some((start, end)) = run {
            change[start] += 1;
            change[end + 1] -= 1;
        }
    }
    let mut cover = Vec::with_capacity(bins);
    let mut count = 0isize;
    for c in &change[..bins] {
        count += c;
        cover.push(count.max(0) as usize);
    }
    let quiet = (rows.len() / 20).max(1);
    let mut gutters = Vec::new();
    let mut i = 0;
    while i < bins {
        if cover[i] <= quiet {
            let start = i;
            while i < bins && cover[i] <= quiet {
                i += 1;
            }
            if start > 0 && i < bins && (i - start) as f32 >= 0.5 * size {
                gutters.push((left + start as f32, left + i as f32));
            }
        } else {
            i += 1;
        }
    }
    if gutters.is_empty() || gutters.len() > MAX_COLUMNS - 1 {
        return None;
    }
    let mut edges = vec![left];
    for &(a, b) in &gutters {
        edges.push(a);
        edges.push(b);
    }
    edges.push(right);
    for column in edges.chunks(2) {
        let (a, b) = (column[0], column[1]);
        if b - a < 6.0 * size {
            return None;
        }
        let mut full = 0;
        let mut any = 0;
        for row in rows {
            let inside: Vec<&Glyph> = row
                .iter()
                .filter(|g| g.x0 >= a - 1.0 && g.x1 <= b + 1.0)
                .collect();
            if let (Some(first), Some(last)) = (inside.first(), inside.last()) {
                any += 1;
                if last.x1 - first.x0 > 0.8 * (b - a) {
                    full += 1;
                }
            }
        }
        if any < rows.len() / 4 || full * 2 < any {
            return None;
        }
    }
    Some(gutters)
}

/// A line from its glyphs, left to right. A line with a gap of more than two characters'
/// width between glyphs is a table row: its gaps of more than [`CELL_GAP`] characters separate
/// cells (`|`). A smaller gap between Latin letters or digits is a space.
fn set_line(glyphs: &[Glyph]) -> Option<Line> {
    let first = glyphs.first()?;
    let size = mode_size(glyphs);
    let row = glyphs.windows(2).any(|w| w[1].x0 - w[0].x1 > 2.0 * size);
    let mut text = String::new();
    let mut x1 = first.x1;
    let mut previous: Option<&Glyph> = None;
    for g in glyphs {
        if let Some(p) = previous {
            let gap = g.x0 - p.x1;
            if row && gap > CELL_GAP * size {
                text.push('|');
            } else if gap > 0.2 * size.min(g.size) && is_latin(p.c) && is_latin(g.c) {
                text.push(' ');
            }
        }
        text.push(if row && g.c == '|' { '｜' } else { g.c });
        x1 = x1.max(g.x1);
        previous = Some(g);
    }
    Some(Line {
        text,
        x0: first.x0,
        x1,
        base: first.base,
        size,
        row,
        column: None,
    })
}

/// In a table row, the gap in characters' width that separates two cells (numbers in
/// neighbouring columns stand about a character apart).
const CELL_GAP: f32 = 0.8;

fn is_latin(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | ',' | '%' | '-' | '(' | ')')
}

/// The font size most of the glyphs have (to a tenth of a point).
fn mode_size(glyphs: &[Glyph]) -> f32 {
    let mut sizes: Vec<i32> = glyphs
        .iter()
        .map(|g| (g.size * 10.0).round() as i32)
        .collect();
    sizes.sort_unstable();
    let mut best = (0, 0);
    let mut run = (0, 0);
    for &s in &sizes {
        run = if s == run.0 { (s, run.1 + 1) } else { (s, 1) };
        if run.1 > best.1 {
            best = run;
        }
    }
    best.0 as f32 / 10.0
}

/// Removes page numbers (`— 3 —`, `- 3 -`, `3`, `第 3 页`, `3/20`) from the top and bottom of
/// each page, and running heads and feet: the same text (digits aside) as the first or last
/// line of more than half of at least three pages.
fn drop_furniture(pages: &mut [Page]) {
    for page in pages.iter_mut() {
        while page.lines.last().is_some_and(|l| is_page_number(&l.text)) {
            page.lines.pop();
        }
        let top = page
            .lines
            .iter()
            .take_while(|l| is_page_number(&l.text))
            .count();
        page.lines.drain(..top);
    }
    if pages.len() < 3 {
        return;
    }
    let key = |l: &Line| -> String { l.text.chars().filter(|c| !c.is_ascii_digit()).collect() };
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for page in pages.iter() {
        let ends: Vec<String> = page
            .lines
            .first()
            .into_iter()
            .chain(page.lines.last().filter(|_| page.lines.len() > 1))
            .map(key)
            .collect();
        for k in ends {
            *counts.entry(k).or_default() += 1;
        }
    }
    let total = pages.len();
    let repeated = |l: &Line| counts.get(&key(l)).is_some_and(|&n| n * 2 > total);
    for page in pages.iter_mut() {
        if page.lines.last().is_some_and(repeated) && page.lines.len() > 1 {
            page.lines.pop();
        }
        if page.lines.first().is_some_and(repeated) && page.lines.len() > 1 {
            page.lines.remove(0);
        }
    }
}

/// Returns true if and only if a line is only a page number, however decorated.
fn is_page_number(text: &str) -> bool {
    let core: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '—' | '–' | '-' | '－' | '─' | '一' | '·'))
        .collect();
    let core = core.as_str();
    let digits = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit());
    if digits(core) {
        return core.len() <= 3;
    }
    if let Some((a, b)) = core.split_once('/') {
        return digits(a) && digits(b);
    }
    if let Some(rest) = core.strip_prefix('第')
        && let Some((n, rest)) = rest.split_once('页')
    {
        return digits(n)
            && (rest.is_empty()
                || rest
                    .strip_prefix('共')
                    .and_then(|r| r.strip_suffix('页'))
                    .is_some_and(digits));
    }
    false
}

/// The text of the PDF laid out for the pipeline.
struct Placed {
    /// The lines of the pages, each page's last line ending with a form feed.
    source: String,
    /// The paragraphs, one a line.
    text: String,
    /// From `text` to `source`.
    map: OffsetMap,
    /// The paragraphs of `text` that are table rows.
    rows: Vec<Range<usize>>,
}

/// The text block of a page: the left edge most lines start at, the right edge most full lines
/// end at, and the body's font size.
#[derive(Debug, Clone, Copy)]
struct Block {
    left: f32,
    right: f32,
    center: f32,
    size: f32,
}

/// The most frequent value among `values`, each rounded to a point.
fn mode(values: impl Iterator<Item = f32>) -> Option<f32> {
    let mut v: Vec<i32> = values.map(|x| x.round() as i32).collect();
    v.sort_unstable();
    let mut best = None;
    let mut run = (0, 0);
    for &x in &v {
        run = if x == run.0 && run.1 > 0 {
            (x, run.1 + 1)
        } else {
            (x, 1)
        };
        if best.is_none_or(|(_, n)| run.1 > n) {
            best = Some(run);
        }
    }
    best.map(|(x, _)| x as f32)
}

fn block(page: &Page, size: f32) -> Option<Block> {
    let body = || {
        page.lines
            .iter()
            .filter(move |l| !l.row && (l.size - size).abs() < 0.1 * size)
    };
    if body().count() < 3 {
        return None;
    }
    let left = body().map(|l| l.x0).fold(f32::INFINITY, f32::min);
    // The body's right edge: the most common end among lines ending near the farthest end.
    let far = body().map(|l| l.x1).fold(f32::NEG_INFINITY, f32::max);
    let right = mode(body().map(|l| l.x1).filter(|&x| x > far - 2.0 * size)).unwrap_or(far);
    Some(Block {
        left,
        right: right.max(left + size),
        center: (left + right) / 2.0,
        size,
    })
}

/// Joins the pages' lines into paragraphs.
fn place(extracted: &Extracted) -> Placed {
    let all = extracted.pages.iter().flat_map(|p| &p.lines);
    let size =
        mode(all.clone().filter(|l| !l.row).map(|l| l.size * 10.0)).map_or(12.0, |s| s / 10.0);
    let mut placed = Placed {
        source: String::new(),
        text: String::new(),
        map: OffsetMap::default(),
        rows: Vec::new(),
    };
    let mut fallback = None;
    let mut previous: Option<(Line, Block)> = None;
    let mut row_start = None;
    for page in &extracted.pages {
        let block = match block(page, size) {
            Some(b) => {
                fallback = Some(b);
                b
            }
            None => fallback.unwrap_or(Block {
                left: 0.0,
                right: page.width,
                center: page.width / 2.0,
                size,
            }),
        };
        for (i, line) in page.lines.iter().enumerate() {
            if !placed.source.is_empty() {
                placed.source.push('\n');
            }
            let at = placed.source.len();
            placed.source.push_str(&line.text);
            let joins = previous
                .as_ref()
                .is_some_and(|(p, pb)| continues(p, pb, line, &block));
            if let Some(start) = row_start.take() {
                placed.rows.push(start..placed.text.len());
            }
            if !joins && !placed.text.is_empty() {
                placed.map.push(placed.text.len(), at.saturating_sub(1));
                placed.text.push('\n');
            } else if joins
                && let Some((p, _)) = &previous
                && p.text
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && line.text.starts_with(|c: char| c.is_ascii_alphabetic())
            {
                placed.map.push(placed.text.len(), at.saturating_sub(1));
                placed.text.push(' ');
            }
            if line.row {
                row_start = Some(placed.text.len());
            }
            placed.map.push(placed.text.len(), at);
            placed.text.push_str(&line.text);
            previous = Some((line.clone(), block));
            if i + 1 == page.lines.len() {
                placed.source.push('\u{c}');
            }
        }
    }
    if let Some(start) = row_start {
        placed.rows.push(start..placed.text.len());
    }
    placed
}

/// Returns true if and only if `next` goes on the paragraph `line` is in.
fn continues(line: &Line, block: &Block, next: &Line, next_block: &Block) -> bool {
    if line.row || next.row {
        return false;
    }
    let size = line.size.max(next.size);
    if (line.size - next.size).abs() > 0.1 * size {
        return false;
    }
    let centred = |l: &Line, b: &Block| {
        l.x0 > b.left + 1.5 * l.size && ((l.x0 + l.x1) / 2.0 - b.center).abs() < l.size
    };
    // A title set over two or more centred lines.
    if line.size > 1.15 * block.size
        && centred(line, block)
        && centred(next, next_block)
        && !ends_sentence(&line.text)
    {
        return true;
    }
    let right = line.column.map_or(block.right, |c| c.1);
    let next_left = next.column.map_or(next_block.left, |c| c.0);
    let full = line.x1 > right - line.size;
    let flush = next.x0 < next_left + 0.8 * next.size;
    // The next line is below, or at the top of the next column or page.
    let near = next.base <= line.base || next.base - line.base < 2.5 * size;
    full && flush && near
}

fn ends_sentence(text: &str) -> bool {
    text.ends_with(['。', '！', '？', '：', '；'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_numbers() {
        for yes in [
            "— 3 —",
            "- 12 -",
            "3",
            "第 3 页",
            "第3页共20页",
            "3/20",
            "－ 7 －",
        ] {
            assert!(is_page_number(yes), "{yes}");
        }
        for no in ["一、总体情况", "2025", "第三章", "12345", "3.5%", ""] {
            assert!(!is_page_number(no), "{no}");
        }
    }

    #[test]
    fn page_line_counts_form_feeds() {
        let source = "a\nb\u{c}\nc\nd\u{c}\ne";
        assert_eq!(page_line(source, 1), (1, 1));
        assert_eq!(page_line(source, 2), (1, 2));
        assert_eq!(page_line(source, 3), (2, 1));
        assert_eq!(page_line(source, 4), (2, 2));
        assert_eq!(page_line(source, 5), (3, 1));
    }
}
