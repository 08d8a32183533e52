//! The DOCX writer: the package, the document body and the small parts around it.

use super::comments::{Anchors, Comment, Event as Anchor, comments_part};
use super::elements::{self, Content, Item, Line};
use super::styles::{self, ADVANCE, ELEMENT_STYLE, LINE_PITCH, PAGE_NUMBER_SIZE, Role};
use super::{DocxOptions, R_NS, W_NS};
use crate::error::Result;
use crate::format::gbt9704 as g;
pub(super) use crate::format::package::XmlOut;
use crate::format::package::{Package, w3cdtf};
use crate::model::{Block, ElementKind, Form, Inline, Layout, Part, Report, Section, Table};

/// Page size and margins in twips (1/1440 inch): A4, GB/T 9704 margins.
const PAGE_WIDTH: u32 = g::twips(g::PAGE_WIDTH);
const PAGE_HEIGHT: u32 = g::twips(g::PAGE_HEIGHT);
const MARGIN_TOP: u32 = g::twips(g::MARGIN_TOP);
const MARGIN_BOTTOM: u32 = g::twips(g::MARGIN_BOTTOM);
const MARGIN_LEFT: u32 = g::twips(g::MARGIN_LEFT);
const MARGIN_RIGHT: u32 = g::twips(g::MARGIN_RIGHT);
/// Distance from the page's bottom edge to the footer's baseline area: puts the page number about
/// 7 mm below the text block (less the 6 mm the page number's line takes).
const FOOTER_DISTANCE: u32 = g::twips(g::MARGIN_BOTTOM - g::PAGE_NUMBER_GAP - 6.0);
/// Width of the text block in twips (156 mm).
const TEXT_WIDTH: u32 = PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT;
// 16 pt less 0.25 pt character spacing is 315 twips a character: 28 fit a line and 29 do not;
// 22 lines fit the text block.
const _: () = assert!(28 * ADVANCE <= TEXT_WIDTH && TEXT_WIDTH < 29 * ADVANCE);
const _: () = assert!(22 * LINE_PITCH <= PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM);
/// One page-number character (14 pt) in twips: how far the number sits in from the edge.
const ONE_PAGE_NUMBER_CHAR: &str = "280";

const REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const REL_TYPE: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/";
const WML: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.";

/// Writes a report as a DOCX package.
pub fn write(report: &Report, options: &DocxOptions) -> Result<Vec<u8>> {
    write_with_comments(report, options, &[])
}

/// Writes a report as a DOCX package with comments anchored in the text (`word/comments.xml`,
/// only when there are comments).
pub(super) fn write_with_comments(
    report: &Report,
    options: &DocxOptions,
    comments: &[Comment],
) -> Result<Vec<u8>> {
    let options = &DocxOptions {
        fonts: options.fonts.covering(report),
        ..*options
    };
    let script = report.meta.script;
    let has_comments = !comments.is_empty();
    let seconds = options.timestamp.unwrap_or_else(|| {
        crate::output::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    });
    let date = w3cdtf(seconds);
    let report_xml = crate::format::xml::write(report)?;
    let plan = elements::plan(report);
    // The 版记 goes where the PDF has it: at the foot of the text's last page when that page is
    // even and has room (the two writers break pages alike, on the same grid), otherwise on
    // the next even page, in its footer.
    let imprint = if plan.imprint.is_empty() {
        None
    } else {
        Some(
            match crate::format::pdf::lay_out(report, options.fix_punctuation)?.imprint_gap() {
                Some(gap) => ImprintPlace::Below(gap),
                None => ImprintPlace::Footer,
            },
        )
    };
    let has_imprint = imprint == Some(ImprintPlace::Footer);
    let parts = Parts {
        comments: has_comments,
        imprint: has_imprint,
        letter: report.meta.layout.form == Form::Letter,
    };
    let mut package = Package::new();
    package.add("[Content_Types].xml", &content_types(parts)?)?;
    package.add("_rels/.rels", &package_rels()?)?;
    package.add("docProps/core.xml", &core_properties(report, &date)?)?;
    package.add("docProps/app.xml", &app_properties(report)?)?;
    package.add(
        "word/document.xml",
        &document(report, &plan, imprint, options, comments)?,
    )?;
    package.add("word/_rels/document.xml.rels", &document_rels(parts)?)?;
    package.add(
        "word/styles.xml",
        &styles::styles(options.fonts, script, has_comments)?,
    )?;
    package.add("word/settings.xml", &styles::settings(script)?)?;
    package.add("word/fontTable.xml", &styles::font_table(options.fonts)?)?;
    package.add("word/footer1.xml", &footer(true)?)?;
    package.add("word/footer2.xml", &footer(false)?)?;
    if parts.letter {
        package.add("word/footer4.xml", &empty_footer()?)?;
    }
    if has_imprint {
        package.add(
            "word/footer3.xml",
            &imprint_footer(report, &plan.imprint, options)?,
        )?;
    }
    if has_comments {
        package.add("word/comments.xml", &comments_part(comments, &date)?)?;
    }
    package.add("customXml/item1.xml", &report_xml)?;
    package.add("customXml/itemProps1.xml", &item_props(&report_xml)?)?;
    package.add("customXml/_rels/item1.xml.rels", &item_rels()?)?;
    package.finish()
}

/// The optional parts a package has.
#[derive(Clone, Copy)]
struct Parts {
    comments: bool,
    /// The 版记's footer.
    imprint: bool,
    /// The first page's footer of a letter, without page number.
    letter: bool,
}

fn content_types(parts: Parts) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open(
        "Types",
        &[(
            "xmlns",
            "http://schemas.openxmlformats.org/package/2006/content-types",
        )],
    )?;
    x.empty(
        "Default",
        &[
            ("Extension", "rels"),
            (
                "ContentType",
                "application/vnd.openxmlformats-package.relationships+xml",
            ),
        ],
    )?;
    x.empty(
        "Default",
        &[("Extension", "xml"), ("ContentType", "application/xml")],
    )?;
    let mut overrides = vec![
        ("/word/document.xml", format!("{WML}document.main+xml")),
        ("/word/styles.xml", format!("{WML}styles+xml")),
        ("/word/settings.xml", format!("{WML}settings+xml")),
        ("/word/fontTable.xml", format!("{WML}fontTable+xml")),
        ("/word/footer1.xml", format!("{WML}footer+xml")),
        ("/word/footer2.xml", format!("{WML}footer+xml")),
        (
            "/customXml/itemProps1.xml",
            "application/vnd.openxmlformats-officedocument.customXmlProperties+xml".to_string(),
        ),
        (
            "/docProps/core.xml",
            "application/vnd.openxmlformats-package.core-properties+xml".to_string(),
        ),
        (
            "/docProps/app.xml",
            "application/vnd.openxmlformats-officedocument.extended-properties+xml".to_string(),
        ),
    ];
    if parts.comments {
        overrides.push(("/word/comments.xml", format!("{WML}comments+xml")));
    }
    if parts.imprint {
        overrides.push(("/word/footer3.xml", format!("{WML}footer+xml")));
    }
    if parts.letter {
        overrides.push(("/word/footer4.xml", format!("{WML}footer+xml")));
    }
    for (part, content_type) in &overrides {
        x.empty(
            "Override",
            &[("PartName", part), ("ContentType", content_type)],
        )?;
    }
    x.close("Types")?;
    Ok(x.finish())
}

fn relationships(rels: &[(&str, String, &str)]) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open("Relationships", &[("xmlns", REL_NS)])?;
    for (id, kind, target) in rels {
        x.empty(
            "Relationship",
            &[("Id", id), ("Type", kind), ("Target", target)],
        )?;
    }
    x.close("Relationships")?;
    Ok(x.finish())
}

fn package_rels() -> Result<Vec<u8>> {
    relationships(&[
        (
            "rId1",
            format!("{REL_TYPE}officeDocument"),
            "word/document.xml",
        ),
        (
            "rId2",
            "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
                .to_string(),
            "docProps/core.xml",
        ),
        (
            "rId3",
            format!("{REL_TYPE}extended-properties"),
            "docProps/app.xml",
        ),
    ])
}

/// Relationship ids of the footers, used by the section properties.
const ODD_FOOTER: &str = "rId4";
const EVEN_FOOTER: &str = "rId5";
/// The footer of the last page, with the 版记.
const IMPRINT_FOOTER: &str = "rId8";
/// The first page's footer of a letter: empty, its page has no number (§10.1).
const LETTER_FIRST_FOOTER: &str = "rId9";

fn document_rels(parts: Parts) -> Result<Vec<u8>> {
    let mut rels = vec![
        ("rId1", format!("{REL_TYPE}styles"), "styles.xml"),
        ("rId2", format!("{REL_TYPE}settings"), "settings.xml"),
        ("rId3", format!("{REL_TYPE}fontTable"), "fontTable.xml"),
        (ODD_FOOTER, format!("{REL_TYPE}footer"), "footer1.xml"),
        (EVEN_FOOTER, format!("{REL_TYPE}footer"), "footer2.xml"),
        (
            "rId6",
            format!("{REL_TYPE}customXml"),
            "../customXml/item1.xml",
        ),
    ];
    if parts.comments {
        rels.push(("rId7", format!("{REL_TYPE}comments"), "comments.xml"));
    }
    if parts.imprint {
        rels.push((IMPRINT_FOOTER, format!("{REL_TYPE}footer"), "footer3.xml"));
    }
    if parts.letter {
        rels.push((
            LETTER_FIRST_FOOTER,
            format!("{REL_TYPE}footer"),
            "footer4.xml",
        ));
    }
    relationships(&rels)
}

fn item_rels() -> Result<Vec<u8>> {
    relationships(&[(
        "rId1",
        format!("{REL_TYPE}customXmlProps"),
        "itemProps1.xml",
    )])
}

/// The data-store properties of the custom XML part: an item id derived from its content, and
/// the report namespace as its schema.
fn item_props(report_xml: &[u8]) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    let id = guid(report_xml);
    x.open(
        "ds:datastoreItem",
        &[
            ("ds:itemID", &id),
            (
                "xmlns:ds",
                "http://schemas.openxmlformats.org/officeDocument/2006/customXml",
            ),
        ],
    )?;
    x.open("ds:schemaRefs", &[])?;
    x.empty("ds:schemaRef", &[("ds:uri", crate::format::xml::NAMESPACE)])?;
    x.close("ds:schemaRefs")?;
    x.close("ds:datastoreItem")?;
    Ok(x.finish())
}

/// A GUID-shaped identifier from two FNV-style hashes of `bytes`, taken eight bytes at a time
/// (the report XML is the largest part; a byte-wise hash cost more than writing the
/// document): stable for the same content.
fn guid(bytes: &[u8]) -> String {
    const PRIME: u64 = 0x0000_0100_0000_01B3;
    let fnv = |seed: u64| {
        let mut chunks = bytes.chunks_exact(8);
        let mut h = chunks.by_ref().fold(seed, |h, chunk| {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            (h ^ u64::from_le_bytes(word))
                .wrapping_mul(PRIME)
                .rotate_left(29)
        });
        for &b in chunks.remainder() {
            h = (h ^ u64::from(b)).wrapping_mul(PRIME);
        }
        (h ^ bytes.len() as u64).wrapping_mul(PRIME)
    };
    let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x6c62_272e_07bb_0142));
    format!(
        "{{{:08X}-{:04X}-{:04X}-{:04X}-{:012X}}}",
        a >> 32,
        (a >> 16) & 0xFFFF,
        a & 0xFFFF,
        b >> 48,
        b & 0xFFFF_FFFF_FFFF
    )
}

fn core_properties(report: &Report, date: &str) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open(
        "cp:coreProperties",
        &[
            (
                "xmlns:cp",
                "http://schemas.openxmlformats.org/package/2006/metadata/core-properties",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
            ("xmlns:dcterms", "http://purl.org/dc/terms/"),
            ("xmlns:dcmitype", "http://purl.org/dc/dcmitype/"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        ],
    )?;
    if let Some(title) = &report.meta.title {
        x.element("dc:title", &[], title)?;
    }
    if let Some(issuer) = &report.meta.issuer {
        x.element("dc:creator", &[], issuer)?;
    }
    x.element(
        "dc:language",
        &[],
        styles::east_asian_language(report.meta.script),
    )?;
    let w3c = [("xsi:type", "dcterms:W3CDTF")];
    x.element("dcterms:created", &w3c, date)?;
    x.element("dcterms:modified", &w3c, date)?;
    x.close("cp:coreProperties")?;
    Ok(x.finish())
}

fn app_properties(report: &Report) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open(
        "Properties",
        &[
            (
                "xmlns",
                "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
            ),
            (
                "xmlns:vt",
                "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes",
            ),
        ],
    )?;
    if let Some(issuer) = &report.meta.issuer {
        x.element("Company", &[], issuer)?;
    }
    x.element("Application", &[], "gongwen")?;
    x.close("Properties")?;
    Ok(x.finish())
}

/// A footer without page number.
fn empty_footer() -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])?;
    x.empty("w:p", &[])?;
    x.close("w:ftr")?;
    Ok(x.finish())
}

/// A footer with the page number `— N —`: right-aligned on odd pages, left-aligned on even ones,
/// one character in from the edge of the text block.
fn footer(odd: bool) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])?;
    page_number(&mut x, odd)?;
    x.close("w:ftr")?;
    Ok(x.finish())
}

/// The footer of the 版记's page (an even one): the 版记 between its rules, then the page
/// number. The last rule stands on the foot of the text block: the 版记 ends
/// [`g::PAGE_NUMBER_GAP`] above the page number's line, whose top is that far below the block.
///
/// The 版记 stands in the footer because the footer is what both Word and LibreOffice set at
/// the foot of a page: LibreOffice (7.x) ignores a section's `w:vAlign bottom` and does not
/// import `w:framePr` frames anchored at the bottom margin.
fn imprint_footer(report: &Report, lines: &[Line], options: &DocxOptions) -> Result<Vec<u8>> {
    let mut body = Body {
        x: XmlOut::new(),
        options,
        layout: report.meta.layout,
        anchors: Anchors::new(&[]),
    };
    body.x
        .open("w:ftr", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])?;
    body.imprint(lines, ImprintPlace::Footer)?;
    page_number(&mut body.x, false)?;
    body.x.close("w:ftr")?;
    Ok(body.x.finish())
}

/// The paragraph of the page number, right on odd pages and left on even ones.
fn page_number(x: &mut XmlOut, odd: bool) -> Result<()> {
    x.open("w:p", &[])?;
    x.open("w:pPr", &[])?;
    x.empty("w:pStyle", &[("w:val", "Footer")])?;
    let (side, jc) = if odd {
        ("w:right", "right")
    } else {
        ("w:left", "left")
    };
    x.empty("w:ind", &[(side, ONE_PAGE_NUMBER_CHAR)])?;
    x.empty("w:jc", &[("w:val", jc)])?;
    x.close("w:pPr")?;
    let run = |x: &mut XmlOut, inner: &dyn Fn(&mut XmlOut) -> Result<()>| -> Result<()> {
        x.open("w:r", &[])?;
        x.open("w:rPr", &[])?;
        x.empty("w:rFonts", &[("w:hint", "eastAsia")])?;
        let size = PAGE_NUMBER_SIZE.to_string();
        x.empty("w:sz", &[("w:val", &size)])?;
        x.empty("w:szCs", &[("w:val", &size)])?;
        x.close("w:rPr")?;
        inner(x)?;
        x.close("w:r")
    };
    let preserve = [("xml:space", "preserve")];
    run(x, &|x| x.element("w:t", &preserve, "\u{2014} "))?;
    run(x, &|x| x.empty("w:fldChar", &[("w:fldCharType", "begin")]))?;
    run(x, &|x| x.element("w:instrText", &preserve, " PAGE "))?;
    run(x, &|x| {
        x.empty("w:fldChar", &[("w:fldCharType", "separate")])
    })?;
    run(x, &|x| x.element("w:t", &[], "1"))?;
    run(x, &|x| x.empty("w:fldChar", &[("w:fldCharType", "end")]))?;
    run(x, &|x| x.element("w:t", &preserve, " \u{2014}"))?;
    x.close("w:p")
}

/// `word/document.xml`.
fn document(
    report: &Report,
    plan: &elements::Plan,
    imprint: Option<ImprintPlace>,
    options: &DocxOptions,
    comments: &[Comment],
) -> Result<Vec<u8>> {
    let mut body = Body {
        x: XmlOut::new(),
        options,
        layout: report.meta.layout,
        anchors: Anchors::new(comments),
    };
    body.x
        .open("w:document", &[("xmlns:w", W_NS), ("xmlns:r", R_NS)])?;
    body.x.open("w:body", &[])?;
    let mut at = 0;
    while at < plan.items.len() {
        at += body.item(&plan.items, at)?;
    }
    if !body.anchors.is_empty() {
        // Anchors past the last run (a span at the very end): close them in a paragraph of
        // their own rather than lose them.
        body.x.open("w:p", &[])?;
        body.flush(|_, _| true)?;
        body.x.close("w:p")?;
    }
    match imprint {
        None => {}
        Some(ImprintPlace::Below(gap)) => body.imprint(&plan.imprint, ImprintPlace::Below(gap))?,
        Some(ImprintPlace::Footer) => {
            // The body's section ends here; the 版记's section holds an empty paragraph, and
            // the 版记 in its footer.
            body.x.open("w:p", &[])?;
            body.x.open("w:pPr", &[])?;
            body.section_properties(false)?;
            body.x.close("w:pPr")?;
            body.x.close("w:p")?;
            body.x.empty("w:p", &[])?;
        }
    }
    body.section_properties(imprint == Some(ImprintPlace::Footer))?;
    body.x.close("w:body")?;
    body.x.close("w:document")?;
    Ok(body.x.finish())
}

/// Writes the blocks of the body.
struct Body<'a> {
    x: XmlOut,
    options: &'a DocxOptions,
    /// The form, and whether a seal is affixed.
    layout: Layout,
    /// Where comments start and end, consumed in document order.
    anchors: Anchors,
}

/// What a paragraph is, for its properties.
#[derive(Clone, Copy)]
enum Kind {
    /// A title, this far (twips) below what precedes it.
    Title {
        before: u32,
    },
    Body,
    Heading {
        level: u8,
    },
    Cell,
}

/// A run-in heading (`1.标题。`) printed at the start of its first paragraph, in its level's face.
#[derive(Clone, Copy)]
struct Lead<'a> {
    level: u8,
    inlines: &'a [Inline],
    marker: (&'a str, usize),
}

impl Body<'_> {
    /// Writes the item at `at` of the plan, with what it needs of its neighbours; returns how
    /// many items it took (a 发文字号 takes the 签发人 after it).
    fn item(&mut self, items: &[Item], at: usize) -> Result<usize> {
        let previous = at.checked_sub(1).map(|i| &items[i]);
        let previous_kind = match previous {
            Some(Item::Line(line)) => Some(line.kind),
            _ => None,
        };
        match &items[at] {
            Item::Block(Block::Title(p)) => {
                let lines = match previous_kind {
                    Some(ElementKind::AttachmentLabel) => g::BLANK_LINES_BELOW_ATTACHMENT_LABEL,
                    Some(kind) if kind.part() == Part::Header => g::BLANK_LINES_BELOW_SEPARATOR,
                    _ => 0,
                };
                let before = lines as u32 * LINE_PITCH;
                self.paragraph(Kind::Title { before }, None, &p.inlines, None)?;
            }
            Item::Block(block) => self.block(block)?,
            Item::Line(line) => {
                let next = items.get(at + 1).and_then(|i| match i {
                    Item::Line(l) => Some(l),
                    Item::Block(_) => None,
                });
                let header_lines = items[..at]
                    .iter()
                    .filter(|i| matches!(i, Item::Line(l) if l.kind.part() == Part::Header))
                    .count();
                let context = Context {
                    previous: previous_kind,
                    previous_line: previous.and_then(|i| match i {
                        Item::Line(l) => Some(l),
                        Item::Block(_) => None,
                    }),
                    next,
                    header_lines,
                };
                return self.line(line, &context);
            }
        }
        Ok(1)
    }

    fn block(&mut self, block: &Block) -> Result<()> {
        match block {
            Block::Title(p) => self.paragraph(Kind::Title { before: 0 }, None, &p.inlines, None),
            Block::Paragraph(p) => self.paragraph(Kind::Body, None, &p.inlines, None),
            Block::Section(s) => self.section(s),
            Block::Table(t) => self.table(t),
            Block::Element(e) => self
                .line(
                    &Line {
                        kind: e.kind,
                        content: Content::Inlines(&e.inlines),
                    },
                    &Context::default(),
                )
                .map(drop),
        }
    }

    /// Writes a section: its heading as a paragraph of the heading style, or, run in, at the
    /// start of its first paragraph (one paragraph as in the text, which every word processor
    /// shows on one line; the heading is found again from its numbering when the document is
    /// read).
    fn section(&mut self, s: &Section) -> Result<()> {
        let level = s.level.clamp(1, 4);
        let marker = (s.heading.marker.text.as_str(), s.heading.marker.span.start);
        let mut blocks = s.blocks.iter().peekable();
        match blocks.next_if(|b| s.heading.run_in && matches!(b, Block::Paragraph(_))) {
            Some(Block::Paragraph(p)) => {
                let lead = Lead {
                    level,
                    inlines: &s.heading.inlines,
                    marker,
                };
                self.paragraph(Kind::Body, Some(lead), &p.inlines, None)?;
            }
            _ => self.paragraph(
                Kind::Heading { level },
                None,
                &s.heading.inlines,
                Some(marker),
            )?,
        }
        for block in blocks {
            self.block(block)?;
        }
        Ok(())
    }

    /// Writes one paragraph; `marker` is a heading's numbering, printed before its text, and
    /// `lead` a run-in heading printed before both.
    fn paragraph(
        &mut self,
        kind: Kind,
        lead: Option<Lead>,
        inlines: &[Inline],
        marker: Option<(&str, usize)>,
    ) -> Result<()> {
        self.x.open("w:p", &[])?;
        let has_properties = !matches!(kind, Kind::Body);
        if has_properties {
            self.x.open("w:pPr", &[])?;
            let style = match kind {
                Kind::Title { .. } => Some("Title".to_string()),
                Kind::Heading { level, .. } => Some(format!("Heading{level}")),
                Kind::Body | Kind::Cell => None,
            };
            if let Some(style) = &style {
                self.x.empty("w:pStyle", &[("w:val", style)])?;
            }
            if let Kind::Title { before } = kind
                && before > 0
            {
                self.x
                    .empty("w:spacing", &[("w:before", &before.to_string())])?;
            }
            if matches!(kind, Kind::Cell) {
                self.x
                    .empty("w:spacing", &[("w:line", "240"), ("w:lineRule", "auto")])?;
            }
            if matches!(kind, Kind::Cell) {
                styles::no_indent(&mut self.x)?;
            }
            self.x.close("w:pPr")?;
        }
        let mut pieces = match lead {
            Some(lead) => {
                let mut heading = self::pieces(lead.inlines, Some(lead.marker));
                heading.iter_mut().for_each(|p| p.lead = true);
                heading.extend(self::pieces(inlines, marker));
                heading
            }
            None => self::pieces(inlines, marker),
        };
        let fixes = if self.options.fix_punctuation {
            punctuation_fixes(&pieces)
        } else {
            Vec::new()
        };
        pieces = merge(pieces, self.options.highlight_figures);
        if matches!(kind, Kind::Cell) {
            pieces = trim(pieces);
        }
        let heading = RunFormat {
            role: lead.map(|l| Role::of_heading(l.level)),
            ..RunFormat::default()
        };
        let text = RunFormat {
            // Table cells in 4号, as in the PDF.
            size: matches!(kind, Kind::Cell).then_some((g::SMALL_SIZE * 2.0) as u32),
            ..RunFormat::default()
        };
        for piece in &pieces {
            let format = if piece.lead { heading } else { text };
            self.piece(piece, &fixes, format)?;
        }
        self.x.close("w:p")
    }

    /// Writes a piece as runs, split where comments start or end, with the comment marks
    /// between them.
    fn piece(&mut self, piece: &Piece, fixes: &[usize], format: RunFormat) -> Result<()> {
        let start = piece.start;
        let end = start + piece.text.len();
        let mut cuts: Vec<usize> = self
            .anchors
            .cuts(start, end)
            .filter(|&o| piece.text.is_char_boundary(o - start))
            .collect();
        cuts.dedup();
        cuts.push(end);
        let mut from = start;
        for to in cuts {
            self.flush(|offset, _| offset <= from)?;
            let text = fixed(&piece.text[from - start..to - start], from, fixes);
            self.run(&text, piece.highlight, format)?;
            self.flush(|offset, event| {
                offset < to || (offset == to && matches!(event, Anchor::End(_)))
            })?;
            from = to;
        }
        Ok(())
    }

    /// Writes the comment marks `take` accepts, in order: a range start, or a range end with
    /// its reference run.
    fn flush(&mut self, take: impl Fn(usize, Anchor) -> bool) -> Result<()> {
        while let Some(event) = self.anchors.pop_if(&take) {
            match event {
                Anchor::Start(id) => {
                    self.x
                        .empty("w:commentRangeStart", &[("w:id", &id.to_string())])?;
                }
                Anchor::End(id) => {
                    let id = id.to_string();
                    self.x.empty("w:commentRangeEnd", &[("w:id", &id)])?;
                    self.x.open("w:r", &[])?;
                    self.x.open("w:rPr", &[])?;
                    self.x.empty("w:rStyle", &[("w:val", "CommentReference")])?;
                    self.x.close("w:rPr")?;
                    self.x.empty("w:commentReference", &[("w:id", &id)])?;
                    self.x.close("w:r")?;
                }
            }
        }
        Ok(())
    }

    fn run(&mut self, text: &str, highlight: bool, format: RunFormat) -> Result<()> {
        self.x.open("w:r", &[])?;
        self.x.open("w:rPr", &[])?;
        match format.role {
            Some(role) => styles::rfonts(
                &mut self.x,
                styles::font_name(self.options.fonts, role),
                true,
            )?,
            None => self.x.empty("w:rFonts", &[("w:hint", "eastAsia")])?,
        }
        if format.red {
            self.x.empty("w:color", &[("w:val", RED)])?;
        }
        if let Some(spacing) = format.spacing {
            self.x
                .empty("w:spacing", &[("w:val", &spacing.to_string())])?;
        }
        if let Some(size) = format.size {
            let size = size.to_string();
            self.x.empty("w:sz", &[("w:val", &size)])?;
            self.x.empty("w:szCs", &[("w:val", &size)])?;
        }
        if highlight {
            self.x.empty("w:highlight", &[("w:val", "yellow")])?;
        }
        self.x.close("w:rPr")?;
        for (i, piece) in text.split('\t').enumerate() {
            if i > 0 {
                self.x.empty("w:tab", &[])?;
            }
            if !piece.is_empty() {
                self.x.element("w:t", &[("xml:space", "preserve")], piece)?;
            }
        }
        self.x.close("w:r")
    }

    /// A table as the PDF sets it: the rows and columns [`Table::printed_rows`] gives, each
    /// column as wide as its widest cell in 4号 ([`g::column_widths`]), centred.
    fn table(&mut self, t: &Table) -> Result<()> {
        let rows = t.printed_rows();
        let columns = rows.iter().map(|r| r.len()).max().unwrap_or(1).max(1);
        // Twips: a character of 4号 is 14 × 20 wide; at least two characters a column.
        let pad = g::CELL_PAD * 20.0;
        let character = g::SMALL_SIZE * 20.0;
        let mut natural = vec![2.0 * character + 2.0 * pad; columns];
        for row in &rows {
            for (i, cell) in row.iter().enumerate() {
                let text: String = cell.inlines.iter().map(Inline::text).collect();
                let width = g::char_widths(text.trim()) * character;
                natural[i] = natural[i].max(width + 2.0 * pad);
            }
        }
        let widths: Vec<u32> = g::column_widths(&natural, TEXT_WIDTH as f32)
            .into_iter()
            .map(|w| w.ceil() as u32)
            .collect();
        self.x.open("w:tbl", &[])?;
        self.x.open("w:tblPr", &[])?;
        self.x.empty("w:tblStyle", &[("w:val", "TableGrid")])?;
        self.x.empty(
            "w:tblW",
            &[
                ("w:w", &widths.iter().sum::<u32>().to_string()),
                ("w:type", "dxa"),
            ],
        )?;
        self.x.empty("w:jc", &[("w:val", "center")])?;
        self.x.empty("w:tblLayout", &[("w:type", "fixed")])?;
        self.x.open("w:tblCellMar", &[])?;
        for side in ["w:left", "w:right"] {
            self.x.empty(
                side,
                &[("w:w", &(pad as u32).to_string()), ("w:type", "dxa")],
            )?;
        }
        self.x.close("w:tblCellMar")?;
        self.x.close("w:tblPr")?;
        self.x.open("w:tblGrid", &[])?;
        for width in &widths {
            self.x.empty("w:gridCol", &[("w:w", &width.to_string())])?;
        }
        self.x.close("w:tblGrid")?;
        for row in rows {
            self.x.open("w:tr", &[])?;
            let count = row.len();
            for (i, cell) in row.iter().enumerate() {
                // The last cell of a short row spans the columns it lacks.
                let span = if i + 1 == count { columns - i } else { 1 };
                self.x.open("w:tc", &[])?;
                self.x.open("w:tcPr", &[])?;
                self.x.empty(
                    "w:tcW",
                    &[
                        ("w:w", &widths[i..i + span].iter().sum::<u32>().to_string()),
                        ("w:type", "dxa"),
                    ],
                )?;
                if span > 1 {
                    self.x
                        .empty("w:gridSpan", &[("w:val", &span.to_string())])?;
                }
                self.x.close("w:tcPr")?;
                self.paragraph(Kind::Cell, None, &cell.inlines, None)?;
                self.x.close("w:tc")?;
            }
            self.x.close("w:tr")?;
        }
        self.x.close("w:tbl")
    }

    /// The section properties: of the whole document, or with `imprint`, of the section that
    /// holds the 版记.
    ///
    /// The 版记 stands at the foot of the last page, an even one (GB/T 9704-2012 §7.4, §7.5): it
    /// gets a section of its own that starts on an even page (`w:type evenPage`: Word and
    /// LibreOffice insert a blank page after an odd last page), whose footer holds it
    /// ([`imprint_footer`]). Page numbering runs on; the blank page LibreOffice inserts carries
    /// no page number, as GB/T 9704 wants (Word prints the previous section's footer on it).
    /// LibreOffice's PDF export leaves such pages out unless `IsSkipEmptyPages` is false.
    fn section_properties(&mut self, imprint: bool) -> Result<()> {
        let x = &mut self.x;
        x.open("w:sectPr", &[])?;
        let (odd, even) = if imprint {
            (IMPRINT_FOOTER, IMPRINT_FOOTER)
        } else {
            (ODD_FOOTER, EVEN_FOOTER)
        };
        x.empty("w:footerReference", &[("w:type", "default"), ("r:id", odd)])?;
        x.empty("w:footerReference", &[("w:type", "even"), ("r:id", even)])?;
        let letter = !imprint && self.layout.form == Form::Letter;
        if letter {
            x.empty(
                "w:footerReference",
                &[("w:type", "first"), ("r:id", LETTER_FIRST_FOOTER)],
            )?;
        }
        if imprint {
            x.empty("w:type", &[("w:val", "evenPage")])?;
        }
        x.empty(
            "w:pgSz",
            &[
                ("w:w", &PAGE_WIDTH.to_string()),
                ("w:h", &PAGE_HEIGHT.to_string()),
            ],
        )?;
        x.empty(
            "w:pgMar",
            &[
                ("w:top", &MARGIN_TOP.to_string()),
                ("w:right", &MARGIN_RIGHT.to_string()),
                ("w:bottom", &MARGIN_BOTTOM.to_string()),
                ("w:left", &MARGIN_LEFT.to_string()),
                ("w:header", "851"),
                ("w:footer", &FOOTER_DISTANCE.to_string()),
                ("w:gutter", "0"),
            ],
        )?;
        if imprint {
            x.empty("w:pgNumType", &[("w:fmt", "decimal")])?;
        } else {
            x.empty("w:pgNumType", &[("w:fmt", "decimal"), ("w:start", "1")])?;
        }
        x.empty("w:cols", &[("w:space", "425")])?;
        if letter {
            x.empty("w:titlePg", &[])?;
        }
        x.empty(
            "w:docGrid",
            &[
                ("w:type", "lines"),
                ("w:linePitch", &LINE_PITCH.to_string()),
            ],
        )?;
        x.close("w:sectPr")?;
        Ok(())
    }

    /// Writes a 公文 element (GB/T 9704-2012 §7) as a paragraph of the element style placed
    /// by its own properties; returns how many items of the plan it took.
    fn line(&mut self, line: &Line, context: &Context) -> Result<usize> {
        let body = RunFormat::default();
        let mut props = Props::default();
        let blank = |lines: usize| lines as u32 * LINE_PITCH;
        let mut taken = 1;
        match line.kind {
            ElementKind::CopyNumber | ElementKind::Secrecy | ElementKind::Urgency => {
                self.open_line(&props)?;
                self.content(&line.content, &[Segment::at(0, HEI)])?;
            }
            ElementKind::IssuerMark => {
                let text = line.content.text();
                let size = mark_size(&text);
                props.jc = "center";
                props.line = Some(size * 10);
                props.before = mark_before(context.header_lines, size);
                self.open_line(&props)?;
                let mark = RunFormat {
                    role: Some(Role::Title),
                    size: Some(size),
                    red: true,
                    spacing: Some(0),
                };
                self.content(&line.content, &[Segment::at(0, mark)])?;
            }
            ElementKind::DocNumber => {
                if context.previous == Some(ElementKind::IssuerMark) {
                    props.before = blank(g::BLANK_LINES_BELOW_MARK);
                }
                if self.layout.form != Form::Letter {
                    props.bottom = Some(Border::SEPARATOR);
                }
                let signer = context.next.filter(|l| l.kind == ElementKind::Signer);
                match signer {
                    // 上行文: the 发文字号 one character from the left, the 签发人 one from the
                    // right, on one line (a right tab at the right indent; the separator below
                    // spans the block, so the indent is a first-line one).
                    Some(signer) => {
                        props.first = elements::chars(g::indent::UPWARD) as i64;
                        props.right_tab = Some(TEXT_WIDTH - elements::chars(g::indent::UPWARD));
                        self.open_line(&props)?;
                        self.content(&line.content, &[Segment::at(0, body)])?;
                        self.run("\t", false, body)?;
                        self.signer(&signer.content)?;
                        taken = 2;
                    }
                    None => {
                        props.jc = "center";
                        self.open_line(&props)?;
                        self.content(&line.content, &[Segment::at(0, body)])?;
                    }
                }
            }
            ElementKind::Signer => {
                props.jc = "right";
                props.right = elements::chars(g::indent::UPWARD);
                self.open_line(&props)?;
                self.signer(&line.content)?;
            }
            ElementKind::Recipient => {
                self.open_line(&props)?;
                self.content(&line.content, &[Segment::at(0, body)])?;
            }
            ElementKind::AttachmentNote => {
                let first = context.previous != Some(ElementKind::AttachmentNote);
                if first {
                    props.before = blank(g::BLANK_LINES_BEFORE_BODY_ELEMENT);
                }
                let (left, hanging) =
                    elements::attachment_note(&line.content.text(), first, ADVANCE);
                props.left = left;
                props.first = -(hanging as i64);
                self.open_line(&props)?;
                self.content(&line.content, &[Segment::at(0, body)])?;
            }
            ElementKind::Signature | ElementKind::Date => {
                let (signature, date) = match line.kind {
                    ElementKind::Signature => (
                        Some(line),
                        context.next.filter(|l| l.kind == ElementKind::Date),
                    ),
                    _ => (
                        context
                            .previous_line
                            .filter(|l| l.kind == ElementKind::Signature),
                        Some(line),
                    ),
                };
                let width = |l: Option<&Line>| l.map_or(0.0, |l| g::char_widths(&l.content.text()));
                let places = g::signature_and_date(width(signature), width(date), self.layout.seal);
                if line.kind == ElementKind::Signature || signature.is_none() {
                    props.before = blank(g::blank_lines_before_closing(self.layout.seal));
                }
                let place = if line.kind == ElementKind::Signature {
                    places.0
                } else {
                    places.1
                };
                match place {
                    g::Place::Right(right) => {
                        props.jc = "right";
                        props.right = elements::grid_twips(right);
                    }
                    g::Place::Left(left) => props.left = elements::grid_twips(left),
                    g::Place::Centred(left, right) => {
                        props.jc = "center";
                        (props.left, props.right) =
                            (elements::grid_twips(left), elements::grid_twips(right));
                    }
                }
                self.open_line(&props)?;
                self.content(&line.content, &[Segment::at(0, body)])?;
            }
            ElementKind::Remark => {
                props.first = elements::chars(g::indent::PARAGRAPH) as i64;
                self.open_line(&props)?;
                self.content(&line.content, &[Segment::at(0, body)])?;
            }
            ElementKind::Attendance => {
                // 出席：/请假：/列席： in 黑体 two characters in, the names after it, their
                // further lines under the first name (§10.3).
                let text = line.content.text();
                let colon = g::label_end(&text);
                let label = elements::grid_twips(g::char_widths(&text[..colon]));
                props.left = elements::chars(g::indent::PARAGRAPH) + label;
                props.first = -i64::from(label);
                self.open_line(&props)?;
                self.content(
                    &line.content,
                    &[Segment::at(0, HEI), Segment::at(colon, body)],
                )?;
            }
            ElementKind::AttachmentLabel => {
                props.page_break_before = true;
                self.open_line(&props)?;
                self.content(&line.content, &[Segment::at(0, HEI)])?;
            }
            ElementKind::Cc | ElementKind::Printer => {
                self.open_line(&imprint_props(line, None))?;
                self.imprint_content(line)?;
            }
        }
        self.x.close("w:p")?;
        Ok(taken)
    }

    /// Opens an element's paragraph and writes its properties, in the schema's order.
    fn open_line(&mut self, props: &Props) -> Result<()> {
        let x = &mut self.x;
        x.open("w:p", &[])?;
        x.open("w:pPr", &[])?;
        x.empty("w:pStyle", &[("w:val", ELEMENT_STYLE)])?;
        if props.page_break_before {
            x.empty("w:pageBreakBefore", &[])?;
        }
        if props.top.is_some() || props.bottom.is_some() {
            x.open("w:pBdr", &[])?;
            for (side, border) in [("w:top", props.top), ("w:bottom", props.bottom)] {
                if let Some(b) = border {
                    x.empty(
                        side,
                        &[
                            ("w:val", "single"),
                            ("w:sz", &b.eighths.to_string()),
                            ("w:space", &b.space.to_string()),
                            ("w:color", b.color),
                        ],
                    )?;
                }
            }
            x.close("w:pBdr")?;
        }
        if let Some(tab) = props.right_tab {
            x.open("w:tabs", &[])?;
            x.empty("w:tab", &[("w:val", "right"), ("w:pos", &tab.to_string())])?;
            x.close("w:tabs")?;
        }
        if props.line.is_some() {
            // Off the grid, so that the line is as high as it says.
            x.empty("w:snapToGrid", &[("w:val", "0")])?;
        }
        let (before, after) = (props.before.to_string(), props.after.to_string());
        let line = props.line.map(|l| l.to_string());
        let mut spacing = vec![("w:before", before.as_str())];
        if props.after > 0 {
            spacing.push(("w:after", after.as_str()));
        }
        if let Some(line) = &line {
            spacing.extend([("w:line", line.as_str()), ("w:lineRule", "exact")]);
        }
        x.empty("w:spacing", &spacing)?;
        let (left, right) = (props.left.to_string(), props.right.to_string());
        let first = props.first.unsigned_abs().to_string();
        let first_side = if props.first < 0 {
            "w:hanging"
        } else {
            "w:firstLine"
        };
        x.empty(
            "w:ind",
            &[("w:left", &left), ("w:right", &right), (first_side, &first)],
        )?;
        x.empty("w:jc", &[("w:val", props.jc)])?;
        x.close("w:pPr")
    }

    /// Writes the 签发人 label in the body face and the name in 楷体; a bare name gets the
    /// label.
    fn signer(&mut self, content: &Content) -> Result<()> {
        let kai = RunFormat {
            role: Some(Role::Kai),
            ..RunFormat::default()
        };
        match g::split_signer(&content.text()) {
            (Some(label), _) => self.content(
                content,
                &[
                    Segment::at(0, RunFormat::default()),
                    Segment::at(label, kai),
                ],
            ),
            (None, _) => {
                self.run(g::SIGNER_LABEL, false, RunFormat::default())?;
                self.content(content, &[Segment::at(0, kai)])
            }
        }
    }

    /// Writes the 版记's lines between their rules: in the footer, the last one
    /// [`g::PAGE_NUMBER_GAP`] above the page number; below the text, after the blank lines
    /// that bring its last rule to the foot of the text block.
    fn imprint(&mut self, lines: &[Line], place: ImprintPlace) -> Result<()> {
        // A letter's 版记 has neither rules nor a 印发 line (§10.1).
        let letter = self.layout.form == Form::Letter;
        let lines: Vec<&Line> = lines
            .iter()
            .filter(|l| !(letter && l.kind == ElementKind::Printer))
            .collect();
        let last = lines.len().saturating_sub(1);
        let mut lines: Vec<(Props, &Line)> = lines
            .into_iter()
            .enumerate()
            .map(|(i, line)| {
                let position = match i {
                    0 if last == 0 => Rules::Only,
                    0 => Rules::First,
                    i if i == last => Rules::Last,
                    _ => Rules::Between,
                };
                (imprint_props(line, (!letter).then_some(position)), line)
            })
            .collect();
        // The rules add their width to the lines' height: below the text they come off the
        // blank lines above, so the last rule lies on the block's foot as in the PDF (and the
        // 版记 does not spill onto another page).
        let rules: u32 = lines
            .iter()
            .flat_map(|(props, _)| [props.top, props.bottom])
            .flatten()
            .map(|border| border.eighths * 5 / 2)
            .sum();
        match place {
            ImprintPlace::Below(gap) => {
                if let Some((first, _)) = lines.first_mut() {
                    first.before = (gap as u32 * LINE_PITCH).saturating_sub(rules);
                }
            }
            ImprintPlace::Footer => {
                if let Some((last, _)) = lines.last_mut() {
                    last.after = g::twips(g::PAGE_NUMBER_GAP);
                }
            }
        }
        for (props, line) in lines {
            self.open_line(&props)?;
            self.imprint_content(line)?;
            self.x.close("w:p")?;
        }
        Ok(())
    }

    /// The text of a 抄送 or 印发 line in 4号: the 印发 line with a tab between the office and
    /// the date.
    fn imprint_content(&mut self, line: &Line) -> Result<()> {
        let small = RunFormat {
            size: Some(SMALL_SIZE),
            spacing: Some(0),
            ..RunFormat::default()
        };
        let split = (line.kind == ElementKind::Printer)
            .then(|| g::printer_split(&line.content.text()))
            .flatten();
        match split {
            Some(at) => self.content(
                &line.content,
                &[
                    Segment::at(0, small),
                    Segment {
                        at,
                        tab: true,
                        format: small,
                    },
                ],
            ),
            None => self.content(&line.content, &[Segment::at(0, small)]),
        }
    }

    /// Writes an element's text as runs, each segment in its format (a segment may open with a
    /// tab); runs of the body's inlines are split where comments start or end.
    fn content(&mut self, content: &Content, segments: &[Segment]) -> Result<()> {
        let (pieces, anchored) = match content {
            Content::Inlines(inlines) => (
                merge(pieces(inlines, None), self.options.highlight_figures),
                true,
            ),
            Content::Given(text) => (
                vec![Piece {
                    text: (*text).to_string(),
                    start: 0,
                    highlight: false,
                    lead: false,
                }],
                false,
            ),
        };
        let fixes = if anchored && self.options.fix_punctuation {
            punctuation_fixes(&pieces)
        } else {
            Vec::new()
        };
        let mut base = 0; // where the current piece starts in the element's text
        for piece in &pieces {
            let end = base + piece.text.len();
            let mut cuts: Vec<usize> = segments
                .iter()
                .map(|s| s.at)
                .filter(|&at| at > base && at < end)
                .collect();
            cuts.push(end);
            let mut from = base;
            for to in cuts {
                let segment = segments
                    .iter()
                    .rev()
                    .find(|s| s.at <= from)
                    .or(segments.first());
                let format = segment.map_or_else(RunFormat::default, |s| s.format);
                if segment.is_some_and(|s| s.tab && s.at == from) {
                    self.run("\t", false, format)?;
                }
                let part = Piece {
                    text: piece.text[from - base..to - base].to_string(),
                    start: piece.start + from - base,
                    highlight: piece.highlight,
                    lead: piece.lead,
                };
                if anchored {
                    self.piece(&part, &fixes, format)?;
                } else {
                    self.run(&part.text, false, format)?;
                }
                from = to;
            }
            base = end;
        }
        Ok(())
    }
}

/// The red of the 版头 as `w:color` writes it (`E60012`).
const RED: &str = match std::str::from_utf8(&RED_DIGITS) {
    Ok(s) => s,
    Err(_) => panic!("hex digits are ASCII"),
};
const RED_DIGITS: [u8; 6] = {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let (r, g, b) = g::RED;
    [
        HEX[(r >> 4) as usize],
        HEX[(r & 15) as usize],
        HEX[(g >> 4) as usize],
        HEX[(g & 15) as usize],
        HEX[(b >> 4) as usize],
        HEX[(b & 15) as usize],
    ]
};

/// The 版记's size in half-points (4号).
const SMALL_SIZE: u32 = (g::SMALL_SIZE * 2.0) as u32;
/// One 版记 character (14 pt) in twips.
const SMALL_CHAR: u32 = (g::SMALL_SIZE * 20.0) as u32;

/// 黑体 at the body size: the 份号, 密级, 紧急程度 lines and the 附件 label.
const HEI: RunFormat = RunFormat {
    role: Some(Role::Hei),
    size: None,
    red: false,
    spacing: None,
};

/// What an element's neighbours in the plan tell about its place.
#[derive(Default)]
struct Context<'a> {
    /// The kind of the element just before, if the item before is one.
    previous: Option<ElementKind>,
    previous_line: Option<&'a Line<'a>>,
    next: Option<&'a Line<'a>>,
    /// The 版头 lines above (份号, 密级, 紧急程度 before the 发文机关标志).
    header_lines: usize,
}

/// The properties of an element's paragraph (twips; `first` negative for a hanging indent).
struct Props {
    page_break_before: bool,

    top: Option<Border>,
    bottom: Option<Border>,
    right_tab: Option<u32>,
    before: u32,
    after: u32,
    line: Option<u32>,
    left: u32,
    right: u32,
    first: i64,
    jc: &'static str,
}

impl Default for Props {
    fn default() -> Props {
        Props {
            page_break_before: false,
            after: 0,
            top: None,
            bottom: None,
            right_tab: None,
            before: 0,
            line: None,
            left: 0,
            right: 0,
            first: 0,
            jc: "left",
        }
    }
}

/// A paragraph border: width in eighths of a point, distance from the text in points, colour.
#[derive(Clone, Copy)]
struct Border {
    eighths: u32,
    space: u32,
    color: &'static str,
}

/// Millimetres to eighths of a point (`w:sz` of a border), rounded.
const fn eighths(mm: f32) -> u32 {
    (g::pt(mm) * 8.0 + 0.5) as u32
}

impl Border {
    /// The red separator below the 发文字号, 4 mm under its characters. The border's space is
    /// counted from the foot of the 发文字号's line on the grid, which lies about 1.75 mm under
    /// the em box of a 3号 CJK face (as LibreOffice sets the Noto CJK faces).
    const SEPARATOR: Border = Border {
        eighths: eighths(g::SEPARATOR_WIDTH),
        space: g::pt(g::SEPARATOR_BELOW_NUMBER - 1.75) as u32,
        color: RED,
    };
    const THICK: Border = Border {
        eighths: eighths(g::IMPRINT_THICK),
        space: 0,
        color: "auto",
    };
    const THIN: Border = Border {
        eighths: eighths(g::IMPRINT_THIN),
        space: 0,
        color: "auto",
    };
}

/// Where the 版记 stands.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ImprintPlace {
    /// At the foot of the text's last page, this many blank lines below the text.
    Below(usize),
    /// In the footer of an even page of its own.
    Footer,
}

/// Where a 版记 line stands among the others, for its rules.
#[derive(Clone, Copy)]
enum Rules {
    Only,
    First,
    Between,
    Last,
}

/// The paragraph of a 抄送 or 印发 line: one 版记 character in from both edges, the 抄送
/// hanging after `抄送：`, the 印发 date at a right tab; a thick rule above the first line and
/// below the last, thin ones between.
fn imprint_props(line: &Line, rules: Option<Rules>) -> Props {
    let mut props = Props {
        left: SMALL_CHAR * g::indent::IMPRINT as u32,
        right: SMALL_CHAR * g::indent::IMPRINT as u32,
        ..Props::default()
    };
    match line.kind {
        ElementKind::Cc => {
            let text = line.content.text();
            let hanging = elements::half_widths(&text[..g::label_end(&text)]) * SMALL_CHAR / 2;
            props.left += hanging;
            props.first = -(hanging as i64);
        }
        _ => props.right_tab = Some(TEXT_WIDTH - props.right),
    }
    (props.top, props.bottom) = match rules {
        Some(Rules::Only) => (Some(Border::THICK), Some(Border::THICK)),
        Some(Rules::First) => (Some(Border::THICK), Some(Border::THIN)),
        Some(Rules::Between) => (None, Some(Border::THIN)),
        Some(Rules::Last) => (None, Some(Border::THICK)),
        None => (None, None),
    };
    props
}

/// How a run differs from the paragraph style's.
#[derive(Clone, Copy, Default)]
struct RunFormat {
    role: Option<Role>,
    /// Half-points.
    size: Option<u32>,
    red: bool,
    /// Character spacing in twentieths of a point.
    spacing: Option<i32>,
}

/// A part of an element's text from byte `at` on, in its format, after a tab if `tab`.
#[derive(Clone, Copy)]
struct Segment {
    at: usize,
    tab: bool,
    format: RunFormat,
}

impl Segment {
    fn at(at: usize, format: RunFormat) -> Segment {
        Segment {
            at,
            tab: false,
            format,
        }
    }
}

/// The size of the 发文机关标志 in half-points: at most 30 pt, smaller when the mark would not
/// fit the 156 mm line.
fn mark_size(text: &str) -> u32 {
    let halves = elements::half_widths(text).max(1);
    let largest = (g::ISSUER_MARK_SIZE * 2.0) as u32;
    // A character of n half-points is n × 10 twips wide; a half character half that.
    largest.min(TEXT_WIDTH / (5 * halves))
}

/// The space before the 发文机关标志 that puts the top of its em box 35 mm below the top of the
/// text block, below `lines` 版头 lines on the grid. The mark's line is exactly as high as the
/// mark (off the grid), which sets the em box of a CJK face at about the top of the line:
/// [`MARK_EM_ABOVE_LINE`] above it, as LibreOffice sets the Noto CJK faces.
fn mark_before(lines: usize, size: u32) -> u32 {
    let em_above = (MARK_EM_ABOVE_LINE * size as f32 * 10.0) as u32;
    (g::twips(g::ISSUER_MARK_TOP) + em_above).saturating_sub(lines as u32 * LINE_PITCH)
}

/// How far the em box of a CJK face rises above the top of a line exactly as high as the face
/// (in ems): the line's baseline lies 0.184 em above its foot, the em box's top 0.88 em above
/// the baseline.
const MARK_EM_ABOVE_LINE: f32 = 0.064;

/// A piece of a paragraph's text: where it starts in the report's text, and whether it is
/// highlighted.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Piece {
    text: String,
    start: usize,
    highlight: bool,
    /// Part of a run-in heading.
    lead: bool,
}

/// The pieces of a paragraph, one per inline, after the heading marker (text and start) if any.
fn pieces(inlines: &[Inline], marker: Option<(&str, usize)>) -> Vec<Piece> {
    let marker = marker.map(|(text, start)| Piece {
        text: text.to_string(),
        start,
        highlight: false,
        lead: false,
    });
    marker
        .into_iter()
        .chain(inlines.iter().map(|inline| Piece {
            text: inline.text().to_string(),
            start: inline.span().start,
            highlight: matches!(inline, Inline::Figure(_)),
            lead: false,
        }))
        .collect()
}

/// The runs of a paragraph: adjacent pieces merged where they look the same; a figure stays a
/// piece of its own when figures are highlighted.
fn merge(pieces: Vec<Piece>, highlight_figures: bool) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::with_capacity(pieces.len());
    for mut piece in pieces {
        piece.highlight &= highlight_figures;
        match out.last_mut() {
            Some(last)
                if !last.highlight
                    && !piece.highlight
                    && last.lead == piece.lead
                    && last.start + last.text.len() == piece.start =>
            {
                last.text.push_str(&piece.text);
            }
            _ => out.push(piece),
        }
    }
    out
}

/// Table cells are printed without the spaces around the `|` separators of the source.
fn trim(mut pieces: Vec<Piece>) -> Vec<Piece> {
    if let Some(first) = pieces.first_mut() {
        let trimmed = first.text.trim_start();
        first.start += first.text.len() - trimmed.len();
        first.text = trimmed.to_string();
    }
    if let Some(last) = pieces.last_mut() {
        last.text = last.text.trim_end().to_string();
    }
    pieces.retain(|p| !p.text.is_empty());
    pieces
}

/// The offsets, in the report's text and in order, of the ASCII punctuation marks of a
/// paragraph to print full-width: the marks `style.punctuation` reports, found in the
/// paragraph's text with its heading marker, so `(一)` becomes `（一）` too.
fn punctuation_fixes(pieces: &[Piece]) -> Vec<usize> {
    let text: String = pieces.iter().map(|p| p.text.as_str()).collect();
    let mut fixes = Vec::new();
    let mut pieces = pieces.iter().peekable();
    let mut base = 0; // where the current piece starts in `text`
    for (offset, _) in crate::punctuation::offenders(&text) {
        while let Some(p) = pieces.peek() {
            if offset < base + p.text.len() {
                fixes.push(p.start + offset - base);
                break;
            }
            base += p.text.len();
            pieces.next();
        }
    }
    fixes.sort_unstable();
    fixes
}

/// `text`, which starts at `start` in the report's text, with the marks at `fixes` full-width.
fn fixed<'t>(text: &'t str, start: usize, fixes: &[usize]) -> std::borrow::Cow<'t, str> {
    let first = fixes.partition_point(|&o| o < start);
    if fixes.get(first).is_none_or(|&o| o >= start + text.len()) {
        return std::borrow::Cow::Borrowed(text);
    }
    let out = text
        .char_indices()
        .map(|(i, c)| {
            if fixes.binary_search(&(start + i)).is_ok() {
                crate::punctuation::full_width(c).unwrap_or(c)
            } else {
                c
            }
        })
        .collect();
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_w3cdtf() {
        assert_eq!(w3cdtf(0), "1970-01-01T00:00:00Z");
        assert_eq!(w3cdtf(1_617_004_800), "2021-03-29T08:00:00Z");
        assert_eq!(w3cdtf(951_782_400), "2000-02-29T00:00:00Z");
    }
}
