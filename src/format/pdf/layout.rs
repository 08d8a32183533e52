//! Page layout per GB/T 9704-2012: the text block, the line grid, paragraphs, the title, tables,
//! pagination and page numbers. Independent of krilla, so it can be tested on its own.
//!
//! All lengths are in PostScript points, measured from the page's top-left corner, y downwards.
//! The text block is 156 × 225 mm at 28 mm from the left and 37 mm from the top; it holds 22
//! lines of 28 characters: a 16 pt character advances by a 28th of the block's width (a slight
//! negative letter spacing), and lines are a 22nd of its height apart. A line's em box starts
//! at the top of its grid slot.

use super::fonts::{FontSet, Role};
use super::linebreak::{self, LineRange};
use crate::error::{Error, Result};
use std::collections::VecDeque;

use crate::format::gbt9704 as g;

/// Millimetres to points.
pub const MM: f32 = g::pt(1.0);
/// A4 width.
pub const PAGE_WIDTH: f32 = g::pt(g::PAGE_WIDTH);
/// A4 height.
pub const PAGE_HEIGHT: f32 = g::pt(g::PAGE_HEIGHT);
/// Left edge of the text block (the binding margin).
pub const BLOCK_LEFT: f32 = g::pt(g::MARGIN_LEFT);
/// Top edge of the text block.
pub const BLOCK_TOP: f32 = g::pt(g::MARGIN_TOP);
/// Width of the text block.
pub const BLOCK_WIDTH: f32 = g::pt(g::BLOCK_WIDTH);
/// Height of the text block.
pub const BLOCK_HEIGHT: f32 = g::pt(g::BLOCK_HEIGHT);
/// Lines per page.
pub const LINES_PER_PAGE: usize = g::LINES_PER_PAGE;
/// Characters per full line.
pub const CHARS_PER_LINE: usize = g::CHARS_PER_LINE;
/// Distance between lines.
pub const LINE_PITCH: f32 = g::pt(g::LINE_PITCH);
/// Advance of a 16 pt CJK character on the grid.
pub const CHAR_PITCH: f32 = g::pt(g::CHAR_PITCH);
/// Body text size (3号).
pub const BODY_SIZE: f32 = g::BODY_SIZE;
/// Title size (2号).
pub const TITLE_SIZE: f32 = g::TITLE_SIZE;
/// Page number size (4号), also used in tables.
pub const SMALL_SIZE: f32 = g::SMALL_SIZE;
/// Gap between the text block and the page number's em box.
pub const PAGE_NUMBER_GAP: f32 = g::pt(g::PAGE_NUMBER_GAP);
/// Distance from the top of the em box to the baseline, in ems (the ideographic em box).
pub const ASCENT: f32 = 0.88;
/// The most a justified gap may widen, in ems: text extraction reads wider gaps as spaces.
const MAX_EXTRA: f32 = 0.09;
/// Cell padding in tables.
const CELL_PAD: f32 = 4.0;

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The pages.
    pub pages: Vec<Page>,
    /// Bookmarks, in document order.
    pub outline: Vec<OutlineEntry>,
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Lines of text (the page number included, last).
    pub lines: Vec<Line>,
    /// Straight rules (table borders).
    pub rules: Vec<Rule>,
}

/// What a line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// A title line.
    Title,
    /// A line of a heading standing on its own.
    Heading,
    /// A paragraph line (run-in headings included).
    Body,
    /// A table cell line.
    Cell,
    /// The page number.
    PageNumber,
}

/// A positioned line of text.
#[derive(Debug, Clone)]
pub struct Line {
    /// What it is.
    pub kind: LineKind,
    /// Left edge of its first glyph.
    pub x: f32,
    /// Top of its em box.
    pub top: f32,
    /// Its baseline.
    pub baseline: f32,
    /// Width as set (to the right edge of the last glyph that is not a space).
    pub width: f32,
    /// True if and only if this is the last line of its paragraph (not justified).
    pub last: bool,
    /// Runs of glyphs in one font and size.
    pub runs: Vec<Run>,
}

impl Line {
    /// The text of the line.
    pub fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }

    /// The number of characters on the line.
    pub fn char_count(&self) -> usize {
        self.runs.iter().map(|r| r.glyphs.len()).sum()
    }
}

/// Glyphs of one font and size.
#[derive(Debug, Clone)]
pub struct Run {
    /// The role the text has.
    pub role: Role,
    /// Index of the font in the [`FontSet`].
    pub font: usize,
    /// Font size.
    pub size: f32,
    /// The source text of these glyphs.
    pub text: String,
    /// One glyph per character.
    pub glyphs: Vec<PlacedGlyph>,
}

/// A glyph with its position.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedGlyph {
    /// Glyph id.
    pub id: u32,
    /// Left edge, absolute.
    pub x: f32,
    /// Advance to the next glyph's left edge, justification included.
    pub advance: f32,
    /// Byte range of its character in the run's text.
    pub range: std::ops::Range<usize>,
}

/// A straight line segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rule {
    /// Start x.
    pub x1: f32,
    /// Start y.
    pub y1: f32,
    /// End x.
    pub x2: f32,
    /// End y.
    pub y2: f32,
}

/// A bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct OutlineEntry {
    /// Heading level, 1–3.
    pub level: u8,
    /// Marker and heading text.
    pub title: String,
    /// 0-based page index.
    pub page: usize,
    /// Top of the heading's first line.
    pub y: f32,
}

/// How the lines of a paragraph sit in the block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    /// Justified to the block, except the last line; first line indented two characters.
    Justify,
    /// Centred, lines balanced (titles).
    Center,
}

/// A paragraph to lay out: runs of text with their roles.
#[derive(Debug, Clone)]
pub struct Para {
    /// Text with the role of its font.
    pub runs: Vec<(Role, String)>,
    /// Font size.
    pub size: f32,
    /// Alignment.
    pub align: Align,
    /// What its lines are.
    pub kind: LineKind,
    /// Keep its lines on the page of the next line (headings).
    pub keep_with_next: bool,
    /// A bookmark to its first line.
    pub outline: Option<(u8, String)>,
}

/// A table to lay out: rows of trimmed cell texts.
#[derive(Debug, Clone)]
pub struct TableBox {
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// A block of the flow.
#[derive(Debug, Clone)]
pub enum FlowBlock {
    /// A paragraph.
    Para(Para),
    /// An empty grid line.
    Blank,
    /// A table.
    Table(TableBox),
}

/// A line not yet placed on a page: positions relative to its slot.
struct Pending {
    line: Line,
    keep_with_next: bool,
    outline: Option<(u8, String)>,
}

enum Item {
    Line(Pending),
    Blank,
    Row {
        lines: Vec<(usize, Line)>,
        height: usize,
        edges: Vec<f32>,
    },
}

/// Lays out blocks into pages. Every character must have been resolved in `fonts`.
pub fn lay_out(blocks: &[FlowBlock], fonts: &FontSet) -> Result<Layout> {
    let mut pages = Vec::new();
    let outline = lay_out_with(blocks, fonts, |page| {
        pages.push(page);
        Ok(())
    })?;
    Ok(Layout { pages, outline })
}

/// Lays out blocks and hands each page to `sink` as soon as it is complete, in order; returns the
/// bookmarks (see [`Flow`]).
pub fn lay_out_with<B: std::borrow::Borrow<FlowBlock>>(
    blocks: impl IntoIterator<Item = B>,
    fonts: &FontSet,
    sink: impl FnMut(Page) -> Result<()>,
) -> Result<Vec<OutlineEntry>> {
    let mut flow = Flow::new(fonts, sink);
    for block in blocks {
        flow.block(block.borrow())?;
    }
    flow.finish()
}

/// Sets blocks into pages as they come and hands each page to its sink as soon as it is
/// complete. Only one paragraph's measurements and the lines of about one page are held at a
/// time, so a document of thousands of pages is never in memory laid out, and the blocks need
/// not be either.
pub struct Flow<'f, S> {
    pages: Paginator<'f, S>,
}

impl<'f, S: FnMut(Page) -> Result<()>> Flow<'f, S> {
    /// Starts the first page. Every character must have been resolved in `fonts`.
    pub fn new(fonts: &'f FontSet, sink: S) -> Self {
        Flow {
            pages: Paginator::new(fonts, sink),
        }
    }

    /// Sets one more block.
    pub fn block(&mut self, block: &FlowBlock) -> Result<()> {
        let pages = &mut self.pages;
        let fonts = pages.fonts;
        match block {
            FlowBlock::Para(p) => {
                let mut first = true;
                set_lines_of_paragraph(p, fonts, &mut |line| {
                    let outline = if first { p.outline.clone() } else { None };
                    first = false;
                    pages.push(Item::Line(Pending {
                        line,
                        keep_with_next: p.keep_with_next,
                        outline,
                    }))
                })?;
                if first {
                    pages.push(Item::Blank)?;
                }
            }
            FlowBlock::Blank => pages.push(Item::Blank)?,
            FlowBlock::Table(t) => set_table(t, fonts, pages)?,
        }
        Ok(())
    }

    /// Places what is held back, hands over the last page, and returns the bookmarks.
    pub fn finish(self) -> Result<Vec<OutlineEntry>> {
        self.pages.finish()
    }
}

/// Sets one paragraph into lines positioned relative to slot 0 (`top` = 0).
pub fn set_paragraph(para: &Para, fonts: &FontSet) -> Result<Vec<Line>> {
    let mut lines = Vec::new();
    set_lines_of_paragraph(para, fonts, &mut |line| {
        lines.push(line);
        Ok(())
    })?;
    Ok(lines)
}

/// Sets one paragraph, handing over each line as it is placed.
fn set_lines_of_paragraph(
    para: &Para,
    fonts: &FontSet,
    out: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    let indent = match para.align {
        Align::Justify => 2.0 * CHAR_PITCH * para.size / BODY_SIZE,
        Align::Center => 0.0,
    };
    set_lines(para, fonts, indent, BLOCK_WIDTH, BLOCK_LEFT, out)
}

struct Measured {
    chars: Vec<char>,
    advances: Vec<f32>,
    roles: Vec<Role>,
    glyphs: Vec<super::fonts::Glyph>,
    wide: Vec<bool>,
}

fn measure(runs: &[(Role, String)], size: f32, fonts: &FontSet, grid: bool) -> Result<Measured> {
    let count: usize = runs.iter().map(|(_, t)| t.chars().count()).sum();
    let mut m = Measured {
        chars: Vec::with_capacity(count),
        advances: Vec::with_capacity(count),
        roles: Vec::with_capacity(count),
        glyphs: Vec::with_capacity(count),
        wide: Vec::with_capacity(count),
    };
    // On the grid, a full-width character advances by the grid pitch, not its natural width.
    let pitch = CHAR_PITCH * size / BODY_SIZE;
    for (role, text) in runs {
        for c in text.chars() {
            let glyph = fonts
                .glyph(*role, c)
                .ok_or_else(|| Error::MissingGlyphs(vec![c]))?;
            let wide = glyph.advance >= 0.75;
            let advance = if grid && wide {
                pitch * glyph.advance
            } else {
                size * glyph.advance
            };
            m.chars.push(c);
            m.advances.push(advance);
            m.roles.push(*role);
            m.glyphs.push(glyph);
            m.wide.push(wide);
        }
    }
    Ok(m)
}

fn set_lines(
    para: &Para,
    fonts: &FontSet,
    indent: f32,
    width: f32,
    left: f32,
    out: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    let grid = para.align == Align::Justify && para.kind != LineKind::Cell;
    let m = measure(&para.runs, para.size, fonts, grid)?;
    let text: String = m.chars.iter().collect();
    let allowed = linebreak::opportunities(&text);
    let ranges = match para.align {
        Align::Justify => {
            linebreak::break_lines(&m.chars, &m.advances, &allowed, width - indent, width)
        }
        Align::Center => linebreak::balance(&m.chars, &m.advances, &allowed, width),
    };
    let count = ranges.len();
    for (i, range) in ranges.into_iter().enumerate() {
        let last = i + 1 == count;
        let avail = if i == 0 { width - indent } else { width };
        let x = match para.align {
            Align::Justify if i == 0 => left + indent,
            Align::Justify => left,
            Align::Center => left + (width - range.width) / 2.0,
        };
        let justify = para.align == Align::Justify && !last && para.kind != LineKind::Cell;
        let slack = if justify { avail - range.width } else { 0.0 };
        out(place(&m, range, x, slack, para, last))?;
    }
    Ok(())
}

/// Positions the glyphs of one line, spreading `slack` over the gaps next to full-width
/// characters (or after spaces when there are none).
fn place(m: &Measured, range: LineRange, x: f32, slack: f32, para: &Para, last: bool) -> Line {
    let LineRange { start, end, .. } = range;
    let mut content_end = end;
    while content_end > start && m.chars[content_end - 1] == ' ' {
        content_end -= 1;
    }
    let gap = |k: usize| m.wide[k] || m.wide[k + 1] || m.chars[k] == ' ';
    let mut gaps = (start..content_end.saturating_sub(1))
        .filter(|&k| gap(k))
        .count();
    let space_only = gaps == 0;
    if space_only {
        gaps = (start..content_end.saturating_sub(1))
            .filter(|&k| m.chars[k] == ' ')
            .count();
    }
    // Gaps wider than a tenth of an em read as word spaces to text extraction (poppler), so
    // a line that would need more is spread over every gap, and left short if even that is
    // not enough.
    let limit = MAX_EXTRA * para.size;
    let mut all_gaps = false;
    let mut extra = if gaps > 0 && slack > 0.0 {
        slack / gaps as f32
    } else {
        0.0
    };
    let every = content_end.saturating_sub(start + 1);
    if extra > limit && every > gaps {
        all_gaps = true;
        extra = slack / every as f32;
    }
    let extra = extra.min(limit);
    let mut runs: Vec<Run> = Vec::new();
    let mut cx = x;
    for k in start..end {
        let mut advance = m.advances[k];
        if range.compressed_last && k + 1 == end {
            advance /= 2.0;
        }
        if k + 1 < content_end {
            let eligible = if all_gaps {
                true
            } else if space_only {
                m.chars[k] == ' '
            } else {
                gap(k)
            };
            if eligible {
                advance += extra;
            }
        }
        let glyph = m.glyphs[k];
        let role = m.roles[k];
        let same = runs
            .last()
            .is_some_and(|r| r.font == glyph.font && r.role == role);
        if !same {
            runs.push(Run {
                role,
                font: glyph.font,
                size: para.size,
                text: String::new(),
                glyphs: Vec::new(),
            });
        }
        if let Some(run) = runs.last_mut() {
            let from = run.text.len();
            run.text.push(m.chars[k]);
            run.glyphs.push(PlacedGlyph {
                id: glyph.id,
                x: cx,
                advance,
                range: from..run.text.len(),
            });
        }
        cx += advance;
    }
    Line {
        kind: para.kind,
        x,
        top: 0.0,
        baseline: ASCENT * para.size,
        width: cx - x - trailing_width(m, content_end, end),
        last,
        runs,
    }
}

fn trailing_width(m: &Measured, content_end: usize, end: usize) -> f32 {
    m.advances[content_end..end].iter().sum()
}

fn set_table<S: FnMut(Page) -> Result<()>>(
    table: &TableBox,
    fonts: &FontSet,
    pages: &mut Paginator<S>,
) -> Result<()> {
    let columns = table.rows.iter().map(Vec::len).max().unwrap_or(0);
    if columns == 0 {
        return Ok(());
    }
    let cell_para = |text: &str| Para {
        runs: vec![(Role::Body, text.to_string())],
        size: SMALL_SIZE,
        align: Align::Justify,
        kind: LineKind::Cell,
        keep_with_next: false,
        outline: None,
    };
    // Natural column widths, then shares of the block.
    let mut natural = vec![2.0 * SMALL_SIZE; columns];
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            let m = measure(&cell_para(cell).runs, SMALL_SIZE, fonts, false)?;
            let w: f32 = m.advances.iter().sum::<f32>() + 2.0 * CELL_PAD;
            natural[i] = natural[i].max(w);
        }
    }
    let total: f32 = natural.iter().sum();
    let widths: Vec<f32> = if total <= BLOCK_WIDTH {
        natural
    } else {
        let fair = BLOCK_WIDTH / columns as f32;
        // Columns narrower than a fair share keep their width; the rest share what is left.
        let narrow: f32 = natural.iter().filter(|&&w| w <= fair).sum();
        let wide: f32 = natural.iter().filter(|&&w| w > fair).sum();
        let scale = (BLOCK_WIDTH - narrow) / wide.max(1.0);
        natural
            .iter()
            .map(|&w| if w <= fair { w } else { w * scale })
            .collect()
    };
    let table_width: f32 = widths.iter().sum();
    let left = BLOCK_LEFT + (BLOCK_WIDTH - table_width).max(0.0) / 2.0;
    let mut edges = vec![left];
    for w in &widths {
        edges.push(edges[edges.len() - 1] + w);
    }
    for row in &table.rows {
        let mut lines = Vec::new();
        let mut height = 1;
        for (i, cell) in row.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let para = cell_para(cell);
            let inner = widths[i] - 2.0 * CELL_PAD;
            let mut k = 0;
            set_lines(
                &para,
                fonts,
                0.0,
                inner,
                edges[i] + CELL_PAD,
                &mut |mut line| {
                    // Centre the text on the middle of a body line's em box.
                    let offset = (BODY_SIZE - SMALL_SIZE) / 2.0;
                    line.baseline += offset;
                    line.top += offset;
                    lines.push((k, line));
                    k += 1;
                    Ok(())
                },
            )?;
            height = height.max(k);
        }
        pages.push(Item::Row {
            lines,
            height,
            edges: edges.clone(),
        })?;
    }
    Ok(())
}

/// Places items on pages as they come. An item's place depends on the keep-with-next chain that
/// starts at it, which spans at most a page, so only that many items are held back; each page is
/// handed to the sink, its page number added, as soon as nothing more can go on it.
struct Paginator<'f, S> {
    fonts: &'f FontSet,
    sink: S,
    /// Items not yet placed, at most a page's worth more than needed.
    ahead: VecDeque<Item>,
    page: Page,
    /// Pages handed to the sink so far.
    done: usize,
    /// Grid slots used on the current page.
    slot: usize,
    /// Lines of the current keep-with-next chain still to place.
    chain_left: usize,
    outline: Vec<OutlineEntry>,
}

impl<'f, S: FnMut(Page) -> Result<()>> Paginator<'f, S> {
    fn new(fonts: &'f FontSet, sink: S) -> Self {
        Paginator {
            fonts,
            sink,
            ahead: VecDeque::with_capacity(LINES_PER_PAGE + 1),
            page: Page::default(),
            done: 0,
            slot: 0,
            chain_left: 0,
            outline: Vec::new(),
        }
    }

    fn push(&mut self, item: Item) -> Result<()> {
        self.ahead.push_back(item);
        if self.ahead.len() > LINES_PER_PAGE {
            self.place_next()?;
        }
        Ok(())
    }

    /// Places what is held back, hands over the last page, and returns the bookmarks.
    fn finish(mut self) -> Result<Vec<OutlineEntry>> {
        while !self.ahead.is_empty() {
            self.place_next()?;
        }
        if self.slot > 0 || self.done == 0 {
            self.emit()?;
        }
        Ok(self.outline)
    }

    /// How many lines from the next item on must stay on one page: a chain of keep-with-next
    /// lines and the line after it, at most a page. More than a page is held back unless the
    /// input has ended, so the chain is always seen whole.
    fn keep(&self) -> usize {
        let chained = self
            .ahead
            .iter()
            .take(LINES_PER_PAGE)
            .take_while(|item| matches!(item, Item::Line(p) if p.keep_with_next))
            .count();
        if chained == 0 {
            1
        } else if chained < self.ahead.len() {
            (chained + 1).min(LINES_PER_PAGE)
        } else {
            chained
        }
    }

    fn emit(&mut self) -> Result<()> {
        let mut page = std::mem::take(&mut self.page);
        self.done += 1;
        self.slot = 0;
        if let Some(line) = page_number(self.done, self.fonts) {
            page.lines.push(line);
        }
        (self.sink)(page)
    }

    fn place_next(&mut self) -> Result<()> {
        let keep = self.keep();
        let Some(mut item) = self.ahead.pop_front() else {
            return Ok(());
        };
        // A row taller than a page is cut after a page's worth of lines; the rest, ruled as a
        // row of its own, comes next. Shorter rows are never split.
        if let Item::Row {
            lines,
            height,
            edges,
        } = &mut item
            && *height > LINES_PER_PAGE
        {
            let (first, rest): (Vec<_>, Vec<_>) = std::mem::take(lines)
                .into_iter()
                .partition(|(k, _)| *k < LINES_PER_PAGE);
            *lines = first;
            self.ahead.push_front(Item::Row {
                lines: rest
                    .into_iter()
                    .map(|(k, line)| (k - LINES_PER_PAGE, line))
                    .collect(),
                height: *height - LINES_PER_PAGE,
                edges: edges.clone(),
            });
            *height = LINES_PER_PAGE;
        }
        let height = match &item {
            Item::Row { height, .. } => *height,
            _ => 1,
        };
        let needed = if self.chain_left > 0 {
            height
        } else {
            keep.max(height)
        };
        if self.slot > 0 && self.slot + needed > LINES_PER_PAGE {
            self.emit()?;
        }
        self.chain_left = if self.chain_left > 0 {
            self.chain_left - 1
        } else {
            keep - 1
        };
        let top = BLOCK_TOP + self.slot as f32 * LINE_PITCH;
        let page = &mut self.page;
        match item {
            Item::Blank => {
                // A blank line at the top of a page is dropped.
                if self.slot == 0 {
                    return Ok(());
                }
            }
            Item::Line(mut p) => {
                p.line.top += top;
                p.line.baseline += top;
                if let Some((level, title)) = p.outline {
                    self.outline.push(OutlineEntry {
                        level,
                        title,
                        page: self.done,
                        y: p.line.top,
                    });
                }
                page.lines.push(p.line);
            }
            Item::Row {
                lines,
                height,
                edges,
            } => {
                // Row bands are centred on the middle of a body line's em box, like the text.
                let top_rule = top + (BODY_SIZE - LINE_PITCH) / 2.0;
                let bottom = top_rule + height as f32 * LINE_PITCH;
                for (k, mut line) in lines {
                    let y = top + k as f32 * LINE_PITCH;
                    line.top += y;
                    line.baseline += y;
                    page.lines.push(line);
                }
                let (left, right) = (edges[0], edges[edges.len() - 1]);
                for y in [top_rule, bottom] {
                    page.rules.push(Rule {
                        x1: left,
                        y1: y,
                        x2: right,
                        y2: y,
                    });
                }
                for &x in &edges {
                    page.rules.push(Rule {
                        x1: x,
                        y1: top_rule,
                        x2: x,
                        y2: bottom,
                    });
                }
            }
        }
        self.slot += height;
        Ok(())
    }
}

/// The characters of page numbers, which must be resolved in the body font.
pub const PAGE_NUMBER_CHARS: &str = "— 0123456789";

/// `— N —` in 4号, 7 mm below the block: odd pages right, even pages left, one character in.
fn page_number(number: usize, fonts: &FontSet) -> Option<Line> {
    let para = Para {
        runs: vec![(Role::Body, format!("— {number} —"))],
        size: SMALL_SIZE,
        align: Align::Center,
        kind: LineKind::PageNumber,
        keep_with_next: false,
        outline: None,
    };
    let m = measure(&para.runs, SMALL_SIZE, fonts, false).ok()?;
    let width: f32 = m.advances.iter().sum();
    let x = if number % 2 == 1 {
        BLOCK_LEFT + BLOCK_WIDTH - SMALL_SIZE - width
    } else {
        BLOCK_LEFT + SMALL_SIZE
    };
    let range = LineRange {
        start: 0,
        end: m.chars.len(),
        width,
        compressed_last: false,
    };
    let mut line = place(&m, range, x, 0.0, &para, true);
    let top = BLOCK_TOP + BLOCK_HEIGHT + PAGE_NUMBER_GAP;
    line.top = top;
    line.baseline = top + ASCENT * SMALL_SIZE;
    Some(line)
}
