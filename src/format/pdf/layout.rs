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
use crate::model::Form;
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

/// A laid-out document.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    /// The pages.
    pub pages: Vec<Page>,
    /// Bookmarks, in document order.
    pub outline: Vec<OutlineEntry>,
}

impl Layout {
    /// When the 版记 shares the last page with the text above it: the blank lines between the
    /// text's last line and the 版记's first. `None` without a 版记 or when it has a page of its
    /// own.
    pub fn imprint_gap(&self) -> Option<usize> {
        let page = self.pages.last()?;
        let slot = |line: &Line| ((line.baseline - BLOCK_TOP) / LINE_PITCH).floor() as usize;
        let imprint = page
            .lines
            .iter()
            .filter(|l| l.kind == LineKind::Imprint)
            .map(slot)
            .min()?;
        let text_end = page
            .lines
            .iter()
            .filter(|l| !matches!(l.kind, LineKind::Imprint | LineKind::PageNumber))
            .map(|l| slot(l) + 1)
            .max()?;
        Some(imprint.saturating_sub(text_end))
    }
}

/// One page.
#[derive(Debug, Clone, Default)]
pub struct Page {
    /// Lines of text (the page number included, last).
    pub lines: Vec<Line>,
    /// Straight rules (table borders, the 版头's separator, the 版记's rules).
    pub rules: Vec<Rule>,
    /// The page has no page number: the first page of a letter, a blank page before the 版记
    /// and the 版记's page after it (GB/T 9704-2012 §7.5, §10.1).
    pub unnumbered: bool,
}

/// A colour, as RGB.
pub type Rgb = (u8, u8, u8);
/// Black.
pub const BLACK: Rgb = (0, 0, 0);
/// The red of the 版头.
pub const RED: Rgb = g::RED;

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
    /// A line of the 版记.
    Imprint,
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
    /// Its colour.
    pub color: Rgb,
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
    /// Stroke width.
    pub width: f32,
    /// Its colour.
    pub color: Rgb,
}

impl Rule {
    /// A black 0.75 pt rule (table borders).
    fn thin(x1: f32, y1: f32, x2: f32, y2: f32) -> Rule {
        Rule {
            x1,
            y1,
            x2,
            y2,
            width: 0.75,
            color: BLACK,
        }
    }

    /// A horizontal rule across the text block.
    fn across(y: f32, width: f32, color: Rgb) -> Rule {
        Rule::centred(y, BLOCK_LEFT + BLOCK_WIDTH / 2.0, BLOCK_WIDTH, width, color)
    }

    /// A horizontal rule `length` long centred on `centre`.
    fn centred(y: f32, centre: f32, length: f32, width: f32, color: Rgb) -> Rule {
        let x1 = centre - length / 2.0;
        Rule {
            x1,
            y1: y,
            x2: x1 + length,
            y2: y,
            width,
            color,
        }
    }
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
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Align {
    /// Justified to the block, except the last line; first line indented two characters.
    Justify,
    /// Centred, lines balanced (titles).
    Center,
    /// Justified, with its own indents (the 主送 line, the 附件说明, the 版记).
    Indented(Indent),
}

/// The indents of a paragraph, in characters of its size.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Indent {
    /// The first line's left indent.
    pub first: f32,
    /// The other lines' left indent.
    pub rest: Rest,
    /// The right indent of every line.
    pub right: f32,
}

impl Indent {
    /// Every line flush left (顶格) and right.
    pub const FLUSH: Indent = Indent {
        first: 0.0,
        rest: Rest::Chars(0.0),
        right: 0.0,
    };
}

/// Where the lines after the first start.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Rest {
    /// This many characters in.
    Chars(f32),
    /// Under the character after the first `n` characters of the first line (a 附件说明's
    /// name after `附件：1.`, the names after `抄送：`).
    After(usize),
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
    /// Its colour.
    pub color: Rgb,
}

/// A table to lay out: rows of trimmed cell texts.
#[derive(Debug, Clone)]
pub struct TableBox {
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

/// The 版头 (GB/T 9704-2012 §7.2): the lines at the top of the first page, above the title.
#[derive(Debug, Clone, Default)]
pub struct HeaderBox {
    /// 份号, 密级和保密期限, 紧急程度: one a line, 顶格, with their roles.
    pub lines: Vec<(Role, String)>,
    /// 发文机关标志 (or the minutes mark): red, centred.
    pub mark: Option<String>,
    /// 发文字号.
    pub number: Option<String>,
    /// 签发人: the words `签发人：` and the name (楷体).
    pub signer: Option<(String, String)>,
    /// The form.
    pub form: Form,
}

/// 发文机关署名 and 成文日期 (§7.3.5).
#[derive(Debug, Clone, Default)]
pub struct ClosingBox {
    /// The signature.
    pub signature: Option<String>,
    /// The date.
    pub date: Option<String>,
    /// A seal is affixed.
    pub seal: bool,
}

/// The 版记 (§7.4): 抄送机关 and 印发机关和印发日期, with their rules, at the bottom of an even
/// page.
#[derive(Debug, Clone, Default)]
pub struct ImprintBox {
    /// `抄送：…` paragraphs.
    pub cc: Vec<String>,
    /// The printing office and the date it printed (`…办公室`, `2021年3月30日印发`).
    pub printer: Option<(String, String)>,
    /// The form (a letter's 版记 has no rules and no printer line).
    pub form: Form,
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
    /// The 版头, at the top of the first page.
    Header(HeaderBox),
    /// Signature and date.
    Closing(ClosingBox),
    /// The 版记.
    Imprint(ImprintBox),
    /// The next block starts a new page (an attachment).
    PageBreak,
}

impl FlowBlock {
    /// Every run of text the block draws, with its role (to resolve the glyphs first).
    pub fn for_each_run(&self, f: &mut dyn FnMut(Role, &str)) {
        match self {
            FlowBlock::Para(p) => p.runs.iter().for_each(|(role, text)| f(*role, text)),
            FlowBlock::Table(t) => t.rows.iter().flatten().for_each(|c| f(Role::Body, c)),
            FlowBlock::Header(h) => {
                h.lines.iter().for_each(|(role, text)| f(*role, text));
                if let Some(mark) = &h.mark {
                    f(Role::Title, mark);
                }
                if let Some(number) = &h.number {
                    f(Role::Body, number);
                }
                if let Some((words, name)) = &h.signer {
                    f(Role::Body, words);
                    f(Role::Heading2, name);
                }
            }
            FlowBlock::Closing(c) => {
                c.signature
                    .iter()
                    .chain(&c.date)
                    .for_each(|t| f(Role::Body, t));
            }
            FlowBlock::Imprint(i) => {
                i.cc.iter().for_each(|t| f(Role::Body, t));
                if let Some((office, date)) = &i.printer {
                    f(Role::Body, office);
                    f(Role::Body, date);
                }
            }
            FlowBlock::Blank | FlowBlock::PageBreak => {}
        }
    }
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
    /// Lines and rules set in advance, positioned relative to the top of the first of the
    /// `height` grid slots they take (the 版头).
    Fixed(Fixed),
    /// Like `Fixed`, at the bottom of an even page (the 版记).
    Bottom(Fixed),
    PageBreak,
}

struct Fixed {
    lines: Vec<Line>,
    rules: Vec<Rule>,
    height: usize,
    /// The page it lands on gets no page number.
    unnumbered: bool,
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
                // Each line is handed on when the next comes, so that the first line keeps with
                // the second (no orphan at a page's foot) and the line before the last with the
                // last (no widow at a page's head).
                let mut held: Option<Pending> = None;
                let mut count = 0;
                set_lines_of_paragraph(p, fonts, &mut |line| {
                    let last = line.last;
                    if let Some(mut before) = held.take() {
                        before.keep_with_next |= count == 1 || last;
                        pages.push(Item::Line(before))?;
                    }
                    held = Some(Pending {
                        line,
                        keep_with_next: p.keep_with_next,
                        outline: if count == 0 { p.outline.clone() } else { None },
                    });
                    count += 1;
                    Ok(())
                })?;
                match held {
                    Some(line) => pages.push(Item::Line(line))?,
                    None => pages.push(Item::Blank)?,
                }
            }
            FlowBlock::Blank => pages.push(Item::Blank)?,
            FlowBlock::Table(t) => set_table(t, fonts, pages)?,
            FlowBlock::Header(h) => pages.push(Item::Fixed(set_header(h, fonts)?))?,
            FlowBlock::Closing(c) => {
                let lines = set_closing(c, fonts)?;
                let count = lines.len();
                for (i, line) in lines.into_iter().enumerate() {
                    pages.push(Item::Line(Pending {
                        line,
                        keep_with_next: i + 1 < count,
                        outline: None,
                    }))?;
                }
            }
            FlowBlock::Imprint(i) => pages.push(Item::Bottom(set_imprint(i, fonts)?))?,
            FlowBlock::PageBreak => pages.push(Item::PageBreak)?,
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
    let char_width = CHAR_PITCH * para.size / BODY_SIZE;
    let indent = match para.align {
        Align::Justify => Indent {
            first: 2.0,
            ..Indent::FLUSH
        },
        Align::Center => Indent::FLUSH,
        Align::Indented(indent) => indent,
    };
    let frame = Frame {
        left: BLOCK_LEFT,
        width: BLOCK_WIDTH - indent.right * char_width,
        first: indent.first * char_width,
        rest: match indent.rest {
            Rest::Chars(n) => RestAt::Points(n * char_width),
            Rest::After(n) => RestAt::After(n),
        },
    };
    set_lines(para, fonts, &frame, out)
}

/// Where a paragraph's lines go: the left edge and width of their box, the first line's indent
/// and where the others start.
struct Frame {
    left: f32,
    width: f32,
    first: f32,
    rest: RestAt,
}

enum RestAt {
    /// This far in from the left edge.
    Points(f32),
    /// Under the character after the first `n` of the first line.
    After(usize),
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
    frame: &Frame,
    out: &mut dyn FnMut(Line) -> Result<()>,
) -> Result<()> {
    let grid = para.align != Align::Center && para.kind != LineKind::Cell;
    let m = measure(&para.runs, para.size, fonts, grid)?;
    let rest = match frame.rest {
        RestAt::Points(x) => x,
        RestAt::After(n) => frame.first + m.advances.iter().take(n).sum::<f32>(),
    }
    .min(frame.width / 2.0);
    let text: String = m.chars.iter().collect();
    let ranges = match para.align {
        Align::Center => linebreak::balance_title(&m.chars, &m.advances, &text, frame.width),
        _ => linebreak::break_lines(
            &m.chars,
            &m.advances,
            &linebreak::opportunities(&text),
            frame.width - frame.first,
            frame.width - rest,
        ),
    };
    let count = ranges.len();
    for (i, range) in ranges.into_iter().enumerate() {
        let last = i + 1 == count;
        let indent = if i == 0 { frame.first } else { rest };
        let x = match para.align {
            Align::Center => frame.left + (frame.width - range.width) / 2.0,
            _ => frame.left + indent,
        };
        let justify = para.align != Align::Center && !last && para.kind != LineKind::Cell;
        let slack = if justify {
            frame.width - indent - range.width
        } else {
            0.0
        };
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
                color: para.color,
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
        color: BLACK,
    };
    // Natural column widths, then shares of the block.
    let mut natural = vec![2.0 * SMALL_SIZE; columns];
    for row in &table.rows {
        for (i, cell) in row.iter().enumerate() {
            let m = measure(&cell_para(cell).runs, SMALL_SIZE, fonts, false)?;
            let w: f32 = m.advances.iter().sum::<f32>() + 2.0 * g::CELL_PAD;
            natural[i] = natural[i].max(w);
        }
    }
    let widths = g::column_widths(&natural, BLOCK_WIDTH);
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
            let frame = Frame {
                left: edges[i] + g::CELL_PAD,
                width: widths[i] - 2.0 * g::CELL_PAD,
                first: 0.0,
                rest: RestAt::Points(0.0),
            };
            let mut k = 0;
            set_lines(&para, fonts, &frame, &mut |mut line| {
                // Centre the text on the middle of a body line's em box.
                let offset = (BODY_SIZE - SMALL_SIZE) / 2.0;
                line.baseline += offset;
                line.top += offset;
                lines.push((k, line));
                k += 1;
                Ok(())
            })?;
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

/// Sets runs on one line without breaking or justifying; `x` gives its left edge from its width.
fn set_one_line(
    runs: Vec<(Role, String)>,
    size: f32,
    color: Rgb,
    grid: bool,
    fonts: &FontSet,
    x: impl FnOnce(f32) -> f32,
) -> Result<Line> {
    let para = Para {
        runs,
        size,
        align: Align::Indented(Indent::FLUSH),
        kind: LineKind::Body,
        keep_with_next: false,
        outline: None,
        color,
    };
    let m = measure(&para.runs, size, fonts, grid)?;
    let width: f32 = m.advances.iter().sum();
    let range = LineRange {
        start: 0,
        end: m.chars.len(),
        width,
        compressed_last: false,
    };
    Ok(place(&m, range, x(width).max(BLOCK_LEFT), 0.0, &para, true))
}

/// Moves a line down by `dy`.
fn shifted(mut line: Line, dy: f32) -> Line {
    line.top += dy;
    line.baseline += dy;
    line
}

/// The first grid slot whose top is at or below `y` (relative to the top of the block).
fn slot_below(y: f32) -> usize {
    (y / LINE_PITCH - 1e-3).ceil().max(0.0) as usize
}

/// The right edge of the text block.
const BLOCK_RIGHT: f32 = BLOCK_LEFT + BLOCK_WIDTH;

/// Sets the 版头 (§7.2, §10.1, §10.3), relative to the top of the text block on the first page:
/// 份号, 密级 and 紧急程度 顶格 on the first lines; the 发文机关标志 red and centred, its top
/// 35 mm below the block's top (30 mm below the page's top in a letter), as large as
/// [`g::ISSUER_MARK_SIZE`] and the block's width allow; the 发文字号 two lines below it, centred,
/// or 1 character in with the 签发人 1 character from the right; the red separator 4 mm below
/// the 发文字号 (a letter: red double lines below the mark and 20 mm above the page's bottom
/// edge, the 发文字号 flush right under them). The title comes two lines below.
fn set_header(h: &HeaderBox, fonts: &FontSet) -> Result<Fixed> {
    let char_width = CHAR_PITCH;
    let mut lines = Vec::new();
    let mut rules = Vec::new();
    let letter = h.form == Form::Letter;
    let mark_top = if letter {
        g::pt(g::LETTER_MARK_TOP) - BLOCK_TOP
    } else {
        g::pt(g::ISSUER_MARK_TOP)
    };
    let mut mark_bottom = None;
    if let Some(mark) = &h.mark {
        let natural: f32 = measure(&[(Role::Title, mark.clone())], 1.0, fonts, false)?
            .advances
            .iter()
            .sum();
        let size = g::ISSUER_MARK_SIZE.min(BLOCK_WIDTH / natural.max(1e-3));
        let line = set_one_line(
            vec![(Role::Title, mark.clone())],
            size,
            RED,
            false,
            fonts,
            |w| BLOCK_LEFT + (BLOCK_WIDTH - w) / 2.0,
        )?;
        lines.push(shifted(line, mark_top));
        mark_bottom = Some(mark_top + size);
    }
    let number_line = |lines: &mut Vec<Line>, top: f32, right_aligned: bool| -> Result<()> {
        if let Some(number) = &h.number {
            let line = set_one_line(
                vec![(Role::Body, number.clone())],
                BODY_SIZE,
                BLACK,
                true,
                fonts,
                |w| {
                    if right_aligned {
                        BLOCK_RIGHT - w
                    } else if h.signer.is_some() {
                        BLOCK_LEFT + char_width * g::indent::UPWARD as f32
                    } else {
                        BLOCK_LEFT + (BLOCK_WIDTH - w) / 2.0
                    }
                },
            )?;
            lines.push(shifted(line, top));
        }
        if let Some((words, name)) = &h.signer {
            let runs = vec![(Role::Body, words.clone()), (Role::Heading2, name.clone())];
            let line = set_one_line(runs, BODY_SIZE, BLACK, true, fonts, |w| {
                BLOCK_RIGHT - char_width * g::indent::UPWARD as f32 - w
            })?;
            lines.push(shifted(line, top));
        }
        Ok(())
    };
    // 份号, 密级, 紧急程度: one a line from `top` down, flush left.
    let flush_left = |lines: &mut Vec<Line>, top: f32| -> Result<()> {
        for (k, (role, text)) in h.lines.iter().enumerate() {
            let line = set_one_line(
                vec![(*role, text.clone())],
                BODY_SIZE,
                BLACK,
                true,
                fonts,
                |_| BLOCK_LEFT,
            )?;
            lines.push(shifted(line, top + k as f32 * LINE_PITCH));
        }
        Ok(())
    };
    let mut lowest;
    if letter {
        // Red double lines: thick over thin below the mark, thin over thick near the bottom.
        let length = g::pt(g::LETTER_LINE_LENGTH);
        let (thick, thin, gap) = (
            g::pt(g::LETTER_THICK),
            g::pt(g::LETTER_THIN),
            g::pt(g::LETTER_GAP),
        );
        let upper = mark_bottom.unwrap_or(mark_top) + g::pt(g::SEPARATOR_BELOW_NUMBER);
        rules.push(Rule::centred(
            upper + thick / 2.0,
            PAGE_WIDTH / 2.0,
            length,
            thick,
            RED,
        ));
        rules.push(Rule::centred(
            upper + thick + gap + thin / 2.0,
            PAGE_WIDTH / 2.0,
            length,
            thin,
            RED,
        ));
        let lower = g::pt(g::PAGE_HEIGHT - g::LETTER_LOWER_LINE) - BLOCK_TOP;
        rules.push(Rule::centred(
            lower - thick / 2.0,
            PAGE_WIDTH / 2.0,
            length,
            thick,
            RED,
        ));
        rules.push(Rule::centred(
            lower - thick - gap - thin / 2.0,
            PAGE_WIDTH / 2.0,
            length,
            thin,
            RED,
        ));
        // The elements' tops stand 7/8 of a character below the lines.
        let first = upper + thick + gap + thin + 0.875 * BODY_SIZE;
        flush_left(&mut lines, first)?;
        number_line(&mut lines, first, true)?;
        let rows = h
            .lines
            .len()
            .max(usize::from(h.number.is_some() || h.signer.is_some()));
        lowest = if rows > 0 {
            first + (rows - 1) as f32 * LINE_PITCH + BODY_SIZE
        } else {
            upper + thick + gap + thin
        };
    } else {
        flush_left(&mut lines, 0.0)?;
        lowest = h.lines.len() as f32 * LINE_PITCH;
        if let Some(bottom) = mark_bottom {
            lowest = lowest.max(bottom);
        }
        if h.number.is_some() || h.signer.is_some() {
            let free = slot_below(lowest);
            let slot = if mark_bottom.is_some() {
                free + 2
            } else {
                free
            };
            let top = slot as f32 * LINE_PITCH;
            number_line(&mut lines, top, false)?;
            let y = top + BODY_SIZE + g::pt(g::SEPARATOR_BELOW_NUMBER);
            let width = g::pt(g::SEPARATOR_WIDTH);
            rules.push(Rule::across(y + width / 2.0, width, RED));
            lowest = y + width;
        }
    }
    // The title stands two lines below the last element.
    let height = slot_below(lowest) + 2;
    Ok(Fixed {
        lines,
        rules,
        height,
        unnumbered: letter,
    })
}

/// Sets the signature and the date (§7.3.5): without a seal the signature stands two characters
/// from the right and the date starts two characters right of the signature's start (or, if it
/// is longer, stands two characters from the right and the signature moves left with it); with
/// a seal the date stands four characters from the right and the signature is centred over it.
fn set_closing(c: &ClosingBox, fonts: &FontSet) -> Result<Vec<Line>> {
    let width = |text: &Option<String>| -> Result<f32> {
        Ok(match text {
            Some(t) => measure(&[(Role::Body, t.clone())], BODY_SIZE, fonts, true)?
                .advances
                .iter()
                .sum(),
            None => 0.0,
        })
    };
    let (sw, dw) = (width(&c.signature)?, width(&c.date)?);
    let places = g::signature_and_date(sw / CHAR_PITCH, dw / CHAR_PITCH, c.seal);
    let x = |place: g::Place, width: f32| BLOCK_LEFT + place.start(width / CHAR_PITCH) * CHAR_PITCH;
    let (sx, dx) = (x(places.0, sw), x(places.1, dw));
    let mut lines = Vec::new();
    for (text, x) in [(&c.signature, sx), (&c.date, dx)] {
        if let Some(text) = text {
            lines.push(set_one_line(
                vec![(Role::Body, text.clone())],
                BODY_SIZE,
                BLACK,
                true,
                fonts,
                |_| x,
            )?);
        }
    }
    Ok(lines)
}

/// Sets the 版记 (§7.4) in 4号: each 抄送 one character in from both edges, its lines after the
/// first under the names after `抄送：`; the printing office one character from the left and the
/// date one from the right, on the last line; a 0.35 mm rule above and below, 0.25 mm rules
/// between. A letter's 版记 has neither rules nor printer line (§10.1).
fn set_imprint(i: &ImprintBox, fonts: &FontSet) -> Result<Fixed> {
    let letter = i.form == Form::Letter;
    let char_width = CHAR_PITCH * SMALL_SIZE / BODY_SIZE;
    let inset = g::indent::IMPRINT as f32 * char_width;
    // An element's lines, as slots of the grid from the 版记's first.
    let mut elements: Vec<Vec<Line>> = Vec::new();
    for cc in &i.cc {
        let para = Para {
            runs: vec![(Role::Body, cc.clone())],
            size: SMALL_SIZE,
            align: Align::Indented(Indent::FLUSH),
            kind: LineKind::Body,
            keep_with_next: false,
            outline: None,
            color: BLACK,
        };
        let colon = cc[..g::label_end(cc)].chars().count();
        let frame = Frame {
            left: BLOCK_LEFT + inset,
            width: BLOCK_WIDTH - 2.0 * inset,
            first: 0.0,
            rest: RestAt::After(colon),
        };
        let mut element = Vec::new();
        set_lines(&para, fonts, &frame, &mut |line| {
            element.push(line);
            Ok(())
        })?;
        elements.push(element);
    }
    if let Some((office, date)) = i.printer.as_ref().filter(|_| !letter) {
        let office = set_one_line(
            vec![(Role::Body, office.clone())],
            SMALL_SIZE,
            BLACK,
            true,
            fonts,
            |_| BLOCK_LEFT + inset,
        )?;
        let date = set_one_line(
            vec![(Role::Body, date.clone())],
            SMALL_SIZE,
            BLACK,
            true,
            fonts,
            |w| BLOCK_RIGHT - inset - w,
        )?;
        elements.push(vec![office, date]);
    }
    let mut lines = Vec::new();
    let mut rules = Vec::new();
    let (thick, thin) = (g::pt(g::IMPRINT_THICK), g::pt(g::IMPRINT_THIN));
    let mut slot = 0;
    let count = elements.len();
    for (n, element) in elements.into_iter().enumerate() {
        let top = slot as f32 * LINE_PITCH;
        if !letter {
            let width = if n == 0 { thick } else { thin };
            rules.push(Rule::across(top, width, BLACK));
        }
        // Every line of the element but a printer line's date takes a slot of its own.
        let printer = n + 1 == count && i.printer.is_some() && !letter;
        let offset = (LINE_PITCH - SMALL_SIZE) / 2.0;
        let mut rows = 0;
        for (k, line) in element.into_iter().enumerate() {
            let row = if printer { 0 } else { k };
            rows = rows.max(row + 1);
            let line = Line {
                kind: LineKind::Imprint,
                ..line
            };
            lines.push(shifted(line, top + row as f32 * LINE_PITCH + offset));
        }
        slot += rows;
    }
    if !letter && slot > 0 {
        rules.push(Rule::across(slot as f32 * LINE_PITCH, thick, BLACK));
    }
    Ok(Fixed {
        lines,
        rules,
        height: slot,
        unnumbered: false,
    })
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
        if !page.unnumbered
            && let Some(line) = page_number(self.done, self.fonts)
        {
            page.lines.push(line);
        }
        (self.sink)(page)
    }

    /// Places lines and rules set in advance at the current slot.
    fn place_fixed(&mut self, fixed: Fixed) {
        let top = BLOCK_TOP + self.slot as f32 * LINE_PITCH;
        for mut line in fixed.lines {
            line.top += top;
            line.baseline += top;
            self.page.lines.push(line);
        }
        for mut rule in fixed.rules {
            rule.y1 += top;
            rule.y2 += top;
            self.page.rules.push(rule);
        }
        self.page.unnumbered |= fixed.unnumbered;
        self.slot += fixed.height;
    }

    /// Places the 版记 at the bottom of the first even page it fits on. A page left blank
    /// before it and its own page then have no page number.
    fn place_bottom(&mut self, fixed: Fixed) -> Result<()> {
        let height = fixed.height.min(LINES_PER_PAGE);
        let mut blank_before = false;
        while (self.done + 1) % 2 == 1 || self.slot + height > LINES_PER_PAGE {
            if self.slot == 0 {
                self.page.unnumbered = true;
                blank_before = true;
            }
            self.emit()?;
        }
        self.page.unnumbered |= blank_before;
        self.slot = LINES_PER_PAGE - height;
        self.place_fixed(fixed);
        Ok(())
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
            Item::Fixed(f) => f.height.min(LINES_PER_PAGE),
            Item::Bottom(_) | Item::PageBreak => 0,
            _ => 1,
        };
        match item {
            Item::Bottom(fixed) => return self.place_bottom(fixed),
            Item::PageBreak => {
                self.chain_left = 0;
                return if self.slot > 0 { self.emit() } else { Ok(()) };
            }
            _ => {}
        }
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
            Item::Fixed(fixed) => {
                self.place_fixed(fixed);
                return Ok(());
            }
            Item::Bottom(_) | Item::PageBreak => {}
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
                    page.rules.push(Rule::thin(left, y, right, y));
                }
                for &x in &edges {
                    page.rules.push(Rule::thin(x, top_rule, x, bottom));
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
        color: BLACK,
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
