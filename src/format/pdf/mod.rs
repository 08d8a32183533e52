//! PDF and PDF/A output laid out per GB/T 9704-2012, on krilla.
//!
//! The writer follows typst-pdf's `convert.rs`: a `Converter` walks the model with one
//! `handle_*` method per node, turning it into [`layout::FlowBlock`]s; [`layout::lay_out`] sets
//! them into pages with our own line breaking ([`linebreak`]); `finish` draws the pages with
//! krilla, adds bookmarks, metadata and (for PDF/A-3b) the report's XML, and turns every krilla
//! error into an [`Error`].
//!
//! ```
//! let doc = gongwen::read_text("一、总体情况\n全年办理案件515件。".as_bytes(), &Default::default())?;
//! let pdf = gongwen::format::pdf::write(&doc.report, &Default::default())?;
//! assert!(pdf.starts_with(b"%PDF-"));
//! # Ok::<(), gongwen::Error>(())
//! ```

pub mod fonts;
mod installed;
pub mod layout;
pub mod linebreak;
pub mod read;

use crate::error::{Error, Result};
use crate::format::gbt9704 as g;
use crate::model::{
    Block, Element, ElementKind, Given, Heading, Inline, Paragraph, Report, Script, Section, Table,
};
use fonts::{FontOptions, FontSet, Role};
use krilla::configure::{Configuration, PdfVersion, ValidationError, Validator};
use krilla::embed::{AssociationKind, EmbeddedFile, MimeType};
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::{DateTime, Metadata};
use krilla::outline::{Outline, OutlineNode};
use krilla::page::{NumberingStyle, PageLabel, PageSettings};
use krilla::paint::Stroke;
use krilla::text::{GlyphId, KrillaGlyph};
use krilla::{Document, SerializeSettings};
use layout::{
    Align, ClosingBox, Flow, FlowBlock, HeaderBox, ImprintBox, Indent, Layout, LineKind,
    OutlineEntry, Page, Para, Rest, TableBox,
};
use std::borrow::Cow;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::SystemTime;

/// The PDF/A conformance level to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PdfA {
    /// PDF/A-2b.
    A2b,
    /// PDF/A-3b, with the report's XML attached as its source.
    A3b,
}

impl PdfA {
    /// Parses `2b` or `3b`.
    pub fn from_name(name: &str) -> Option<PdfA> {
        match name.to_ascii_lowercase().as_str() {
            "2b" | "a-2b" | "pdf/a-2b" => Some(PdfA::A2b),
            "3b" | "a-3b" | "pdf/a-3b" => Some(PdfA::A3b),
            _ => None,
        }
    }

    /// The level's name, `2b` or `3b`.
    pub fn as_str(self) -> &'static str {
        match self {
            PdfA::A2b => "2b",
            PdfA::A3b => "3b",
        }
    }
}

/// Options for the PDF writer.
#[derive(Debug, Clone, Default)]
pub struct PdfOptions {
    /// Write PDF/A at this level.
    pub pdfa: Option<PdfA>,
    /// Fonts given per role (`--font ROLE=PATH`).
    pub fonts: Vec<(Role, PathBuf)>,
    /// Look up installed 公文 fonts (仿宋, 黑体, 楷体, 小标宋) by family name.
    pub system_fonts: bool,
    /// Creation date; when `None`, now or `SOURCE_DATE_EPOCH` ([`crate::output::now`]).
    pub created: Option<SystemTime>,
    /// Print ASCII `, ; : ( ) ? !` standing in Chinese text full-width (，；：（）？！); the report
    /// and its attached XML keep the source characters.
    pub fix_punctuation: bool,
}

/// Writes a report as PDF.
pub fn write(report: &Report, options: &PdfOptions) -> Result<Vec<u8>> {
    Prepared::new(report, options)?.finish(Cow::Borrowed(&report.body))
}

/// Writes a report as PDF, dropping the report as its pages are drawn: each block of the model
/// goes as soon as it is set, so the model and the pages are never held whole together.
pub fn write_owned(mut report: Report, options: &PdfOptions) -> Result<Vec<u8>> {
    let prepared = Prepared::new(&report, options)?;
    let body = std::mem::take(&mut report.body);
    drop(report);
    prepared.finish(Cow::Owned(body))
}

/// Sets a report into the PDF's pages for another fixed-layout writer: the fonts of the
/// options are resolved, then each page goes to `draw`, with the fonts, as soon as it is set.
/// Returns the fonts and the outline.
pub(crate) fn set_pages(
    report: &Report,
    options: &PdfOptions,
    draw: &mut dyn FnMut(&Page, &FontSet) -> Result<()>,
) -> Result<(FontSet, Vec<OutlineEntry>)> {
    let options = PdfOptions {
        pdfa: None,
        ..options.clone()
    };
    let Prepared {
        mut fonts, extras, ..
    } = Prepared::new(report, &options)?;
    resolve_fonts(&mut fonts, &report.body, &extras)?;
    let mut flow = Flow::new(&fonts, |page| draw(&page, &fonts));
    Converter::run(
        report.body.iter().map(Cow::Borrowed),
        &extras,
        &mut |block| flow.block(&block),
    )?;
    let outline = flow.finish()?;
    Ok((fonts, outline))
}

/// Resolves the glyph of every character the blocks draw, in a first pass over them, so every
/// glyph is known before the first page is set.
fn resolve_fonts(fonts: &mut FontSet, body: &[Block], extras: &Extras) -> Result<()> {
    let mut used = page_number_chars();
    Converter::run(body.iter().map(Cow::Borrowed), extras, &mut |block| {
        add_used_chars(&mut used, &block);
        Ok(())
    })?;
    fonts.resolve(&used)
}

/// All a PDF needs of its report besides the blocks to lay out: the fonts, the metadata and the
/// attached XML.
struct Prepared {
    fonts: FontSet,
    metadata: Metadata,
    attachment: Option<EmbeddedFile>,
    pdfa: Option<PdfA>,
    extras: Extras,
}

/// What the converter needs of a report besides its blocks: the 公文 elements given by the user,
/// the form and the seal, and which elements the text itself has (a given element stands in
/// only for one the text lacks).
struct Extras {
    given: Vec<Given>,
    layout: crate::model::Layout,
    present: BTreeSet<ElementKind>,
    fix_punctuation: bool,
}

impl Extras {
    fn of(report: &Report, fix_punctuation: bool) -> Extras {
        Extras {
            fix_punctuation,
            given: report.meta.given.clone(),
            layout: report.meta.layout,
            present: report
                .body
                .iter()
                .filter_map(|b| match b {
                    Block::Element(e) => Some(e.kind),
                    _ => None,
                })
                .collect(),
        }
    }

    /// The given elements of a kind the text lacks.
    fn given(&self, kind: ElementKind) -> Option<&str> {
        self.given
            .iter()
            .find(|g| g.kind == kind && !self.present.contains(&kind))
            .map(|g| g.text.as_str())
    }
}

impl Prepared {
    fn new(report: &Report, options: &PdfOptions) -> Result<Prepared> {
        let fonts = FontSet::load(&FontOptions {
            script: report.meta.script,
            overrides: options.fonts.clone(),
            system_fonts: options.system_fonts,
        })?;
        let date = pdf_date(options.created.unwrap_or_else(crate::output::now));
        let attachment = match options.pdfa {
            Some(PdfA::A3b) => Some(EmbeddedFile {
                path: "report.xml".to_string(),
                mime_type: MimeType::new("application/xml"),
                description: Some("The report as gongwen XML (urn:gongwen:report:1)".to_string()),
                association_kind: AssociationKind::Source,
                data: crate::format::xml::write(report)?.into(),
                modification_date: Some(date),
                compress: Some(true),
                location: None,
            }),
            _ => None,
        };
        Ok(Prepared {
            fonts,
            metadata: metadata(report, date),
            attachment,
            pdfa: options.pdfa,
            extras: Extras::of(report, options.fix_punctuation),
        })
    }

    /// Converts the model's blocks and lays each out as it comes, draws each page with krilla
    /// as soon as it is laid out, and serializes the document. A first pass over the blocks
    /// finds the characters each role draws, so every glyph is resolved before the first page;
    /// the second takes the blocks one at a time, dropping each (when owned) once it is set.
    fn finish(self, body: Cow<'_, [Block]>) -> Result<Vec<u8>> {
        let Prepared {
            mut fonts,
            metadata,
            attachment,
            pdfa,
            extras,
        } = self;
        resolve_fonts(&mut fonts, &body, &extras)?;
        let validator = match pdfa {
            None => Validator::None,
            Some(PdfA::A2b) => Validator::A2_B,
            Some(PdfA::A3b) => Validator::A3_B,
        };
        let configuration = Configuration::new_with(validator, PdfVersion::Pdf17)
            .unwrap_or_else(|| Configuration::new_with_validator(validator));
        let settings = SerializeSettings {
            configuration,
            ..SerializeSettings::default()
        };
        let mut document = Document::new_with(settings);
        let size = krilla::geom::Size::from_wh(layout::PAGE_WIDTH, layout::PAGE_HEIGHT)
            .ok_or_else(|| Error::Pdf("invalid page size".to_string()))?;
        let mut flow = Flow::new(&fonts, |page| draw_page(&mut document, size, &page, &fonts));
        let mut set = |block: FlowBlock| flow.block(&block);
        match body {
            Cow::Owned(body) => Converter::run(body.into_iter().map(Cow::Owned), &extras, &mut set),
            Cow::Borrowed(body) => {
                Converter::run(body.iter().map(Cow::Borrowed), &extras, &mut set)
            }
        }?;
        let bookmarks = flow.finish()?;
        document.set_outline(outline(&bookmarks));
        drop(bookmarks);
        document.set_metadata(metadata);
        if let Some(file) = attachment
            && document.embed_file(file).is_none()
        {
            return Err(Error::Pdf("report.xml is attached twice".to_string()));
        }
        document.finish().map_err(krilla_error)
    }
}

/// The document information of a report's PDF.
fn metadata(report: &Report, date: krilla::metadata::DateTime) -> Metadata {
    let mut metadata = Metadata::new()
        .creator(format!("gongwen {}", env!("CARGO_PKG_VERSION")))
        .producer(format!("gongwen {} (krilla)", env!("CARGO_PKG_VERSION")))
        .creation_date(date)
        .language(
            match report.meta.script {
                Script::Simplified => "zh-CN",
                Script::Traditional => "zh-TW",
            }
            .to_string(),
        );
    if let Some(title) = title_of(report) {
        metadata = metadata.title(title);
    }
    if let Some(issuer) = &report.meta.issuer {
        metadata = metadata.authors(vec![issuer.clone()]);
    }
    if let Some(subject) = subject_of(report) {
        metadata = metadata.description(subject);
    }
    metadata
}

/// Lays a report out without writing it, with the built-in faces only (and the punctuation
/// fixed as [`PdfOptions::fix_punctuation`] does, when asked): for the DOCX writer, which puts
/// the 版记 where the PDF has it, and for tests and measurements.
pub fn lay_out(report: &Report, fix_punctuation: bool) -> Result<Layout> {
    let mut fonts = FontSet::load(&FontOptions {
        script: report.meta.script,
        ..FontOptions::default()
    })?;
    let extras = Extras::of(report, fix_punctuation);
    resolve_fonts(&mut fonts, &report.body, &extras)?;
    let mut blocks = Vec::new();
    Converter::run(
        report.body.iter().map(Cow::Borrowed),
        &extras,
        &mut |block| {
            blocks.push(block);
            Ok(())
        },
    )?;
    layout::lay_out(&blocks, &fonts)
}

/// The (role, character) pairs the page numbers draw.
fn page_number_chars() -> BTreeSet<(Role, char)> {
    layout::PAGE_NUMBER_CHARS
        .chars()
        .map(|c| (Role::Body, c))
        .collect()
}

/// Adds every (role, character) a block draws.
fn add_used_chars(used: &mut BTreeSet<(Role, char)>, block: &FlowBlock) {
    block.for_each_run(&mut |role, text| used.extend(text.chars().map(|c| (role, c))));
}

/// Walks the model and hands each block to lay out to `emit`, in document order. Blocks given
/// by value are dropped as soon as they are converted. The 公文 elements are gathered where
/// GB/T 9704 sets them together: the 版头 lines at the top into one block, the signature and the
/// date into one, the 抄送 and 印发 lines into the 版记 at the end; elements given by the user
/// join them where the text lacks them.
struct Converter<'e> {
    emit: &'e mut dyn FnMut(FlowBlock) -> Result<()>,
    /// What `emit` returned: once it fails, nothing more is emitted.
    status: Result<()>,
    extras: &'e Extras,
    /// The 版头 elements so far, while at the top of the body; `None` once it is set.
    header: Option<Vec<(ElementKind, String)>>,
    closing: ClosingBox,
    /// The given signature, date and remark have been set.
    given_closing_done: bool,
    imprint: ImprintBox,
    /// The last block was a line of the 附件说明.
    in_note: bool,
    /// A title has been set.
    titled: bool,
}

fn inline_text(inlines: &[Inline]) -> String {
    inlines.iter().map(Inline::text).collect()
}

/// `签发人：张三` as the words and the name; a bare name gets the words.
fn split_signer(text: &str) -> (String, String) {
    let text = text.trim();
    match g::split_signer(text) {
        (Some(at), name) => (text[..at].to_string(), name.trim().to_string()),
        (None, name) => (g::SIGNER_LABEL.to_string(), name.to_string()),
    }
}

/// `…办公室　2021年3月30日印发` as the office and the date.
fn split_printer(text: &str) -> (String, String) {
    let text = text.trim();
    match g::printer_split(text) {
        Some(at) => (
            text[..at].trim_end().to_string(),
            text[at..].trim().to_string(),
        ),
        None => (text.to_string(), String::new()),
    }
}

impl<'e> Converter<'e> {
    /// Converts `blocks`, handing each block to lay out to `emit`; stops at `emit`'s first error.
    fn run<'b>(
        blocks: impl IntoIterator<Item = Cow<'b, Block>>,
        extras: &'e Extras,
        emit: &'e mut dyn FnMut(FlowBlock) -> Result<()>,
    ) -> Result<()> {
        let mut converter = Converter {
            emit,
            status: Ok(()),
            extras,
            header: Some(Vec::new()),
            closing: ClosingBox {
                seal: extras.layout.seal,
                ..ClosingBox::default()
            },
            given_closing_done: false,
            imprint: ImprintBox {
                form: extras.layout.form,
                ..ImprintBox::default()
            },
            in_note: false,
            titled: false,
        };
        converter.handle_blocks(blocks);
        converter.finish();
        converter.status
    }

    /// The text of inline content as printed.
    fn text(&self, inlines: &[Inline]) -> String {
        let text = inline_text(inlines);
        if self.extras.fix_punctuation {
            crate::punctuation::fixed(&text)
        } else {
            text
        }
    }

    fn push(&mut self, block: FlowBlock) {
        if self.status.is_ok() {
            self.status = (self.emit)(block);
        }
    }

    fn handle_blocks<'b>(&mut self, blocks: impl IntoIterator<Item = Cow<'b, Block>>) {
        for block in blocks {
            if self.status.is_err() {
                return;
            }
            self.handle_block(block);
        }
    }

    /// A block of the model; an owned section gives its children by value, so each is dropped
    /// once converted.
    fn handle_block(&mut self, block: Cow<'_, Block>) {
        if let Block::Element(e) = &*block {
            self.handle_element(e);
            return;
        }
        self.flush_header();
        self.flush_closing();
        self.in_note = false;
        match block {
            Cow::Owned(Block::Section(s)) => {
                let Section {
                    level,
                    heading,
                    blocks,
                    ..
                } = *s;
                self.handle_section(level, &heading, blocks.into_iter().map(Cow::Owned));
            }
            Cow::Owned(block) => self.handle_borrowed(&block),
            Cow::Borrowed(block) => self.handle_borrowed(block),
        }
    }

    fn handle_borrowed(&mut self, block: &Block) {
        match block {
            Block::Title(p) => self.handle_title(p),
            Block::Paragraph(p) => self.handle_paragraph(p, Vec::new()),
            Block::Section(s) => {
                self.handle_section(s.level, &s.heading, s.blocks.iter().map(Cow::Borrowed))
            }
            Block::Table(t) => self.handle_table(t),
            Block::Element(e) => self.handle_element(e),
        }
    }

    /// A 公文 element: set where GB/T 9704-2012 §7 puts it.
    fn handle_element(&mut self, e: &Element) {
        let text = self.text(&e.inlines);
        let kind = e.kind;
        if kind.part() == crate::model::Part::Header
            && let Some(header) = self.header.as_mut()
        {
            header.push((kind, text));
            return;
        }
        self.flush_header();
        let in_note = std::mem::replace(&mut self.in_note, kind == ElementKind::AttachmentNote);
        match kind {
            ElementKind::Signature => {
                if self.closing.signature.is_some() || self.closing.date.is_some() {
                    self.flush_closing();
                }
                self.closing.signature = Some(text.trim().to_string());
                return;
            }
            ElementKind::Date => {
                if self.closing.date.is_some() {
                    self.flush_closing();
                }
                self.closing.date = Some(text.trim().to_string());
                return;
            }
            ElementKind::Cc => {
                self.imprint.cc.push(text.trim().to_string());
                return;
            }
            ElementKind::Printer => {
                self.imprint.printer = Some(split_printer(&text));
                return;
            }
            _ => {}
        }
        self.flush_closing();
        match kind {
            ElementKind::AttachmentNote => {
                if !in_note {
                    self.push(FlowBlock::Blank);
                }
                self.push_note(text);
            }
            ElementKind::AttachmentLabel => {
                self.flush_given_closing();
                self.push(FlowBlock::PageBreak);
                self.push_element(vec![(Role::Heading1, text)], Indent::FLUSH);
                self.push(FlowBlock::Blank);
            }
            ElementKind::Attendance => {
                let colon = g::label_end(&text);
                let words = text[..colon].chars().count();
                let runs = vec![
                    (Role::Heading1, text[..colon].to_string()),
                    (Role::Body, text[colon..].to_string()),
                ];
                self.push_element(
                    runs,
                    Indent {
                        first: g::indent::PARAGRAPH as f32,
                        rest: Rest::After(words),
                        right: 0.0,
                    },
                );
            }
            ElementKind::Remark => self.push_element(
                vec![(Role::Body, text)],
                Indent {
                    first: g::indent::PARAGRAPH as f32,
                    ..Indent::FLUSH
                },
            ),
            // 主送 and a 版头 element that is not at the top: flush left.
            _ => self.push_element(vec![(Role::Body, text)], Indent::FLUSH),
        }
    }

    /// A line of the 附件说明: `附件：1.…` two characters in, its name's later lines under the
    /// name; the next items (`2.…`) under the first's number.
    fn push_note(&mut self, text: String) {
        let trimmed = text.trim_start();
        let label = trimmed
            .strip_prefix(crate::lexicon::ATTACHMENT)
            .and_then(|rest| rest.strip_prefix(['：', ':']))
            .map(|rest| trimmed.len() - rest.len());
        let label_chars = label.map_or(0, |len| trimmed[..len].chars().count());
        let item = &trimmed[label.unwrap_or(0)..];
        let number =
            crate::structure::marker(item).map_or(0, |(_, _, len)| item[..len].chars().count());
        let first = g::indent::PARAGRAPH as f32 + if label.is_some() { 0.0 } else { 3.0 };
        self.push_element(
            vec![(Role::Body, trimmed.to_string())],
            Indent {
                first,
                rest: Rest::After(label_chars + number),
                right: 0.0,
            },
        );
    }

    fn push_element(&mut self, runs: Vec<(Role, String)>, indent: Indent) {
        self.push(FlowBlock::Para(Para {
            runs,
            size: layout::BODY_SIZE,
            align: Align::Indented(indent),
            kind: LineKind::Body,
            keep_with_next: false,
            outline: None,
            color: layout::BLACK,
        }));
    }

    /// Sets the 版头 gathered at the top, with the given elements the text lacks.
    fn flush_header(&mut self) {
        let Some(mut parts) = self.header.take() else {
            return;
        };
        for kind in ElementKind::ALL
            .into_iter()
            .filter(|k| k.part() == crate::model::Part::Header)
        {
            if let Some(text) = self.extras.given(kind) {
                parts.push((kind, text.to_string()));
            }
        }
        if parts.is_empty() {
            return;
        }
        parts.sort_by_key(|(kind, _)| *kind);
        let mut header = HeaderBox {
            form: self.extras.layout.form,
            ..HeaderBox::default()
        };
        for (kind, text) in parts {
            match kind {
                ElementKind::IssuerMark => header.mark = Some(text.trim().to_string()),
                ElementKind::DocNumber => header.number = Some(text.trim().to_string()),
                ElementKind::Signer => header.signer = Some(split_signer(&text)),
                ElementKind::CopyNumber => header.lines.push((Role::Body, text.trim().to_string())),
                _ => header.lines.push((Role::Heading1, text.trim().to_string())),
            }
        }
        self.push(FlowBlock::Header(header));
    }

    /// Sets the signature and date gathered, below what comes before
    /// ([`g::blank_lines_before_closing`]).
    fn flush_closing(&mut self) {
        if self.closing.signature.is_none() && self.closing.date.is_none() {
            return;
        }
        let closing = std::mem::replace(
            &mut self.closing,
            ClosingBox {
                seal: self.extras.layout.seal,
                ..ClosingBox::default()
            },
        );
        for _ in 0..g::blank_lines_before_closing(closing.seal) {
            self.push(FlowBlock::Blank);
        }
        self.push(FlowBlock::Closing(closing));
    }

    /// Sets the given signature, date and remark the text lacks, once: before the first
    /// attachment or at the end.
    fn flush_given_closing(&mut self) {
        if std::mem::replace(&mut self.given_closing_done, true) {
            return;
        }
        if let Some(signature) = self.extras.given(ElementKind::Signature) {
            self.closing.signature = Some(signature.to_string());
        }
        if let Some(date) = self.extras.given(ElementKind::Date) {
            self.closing.date = Some(date.to_string());
        }
        self.flush_closing();
        if let Some(remark) = self.extras.given(ElementKind::Remark) {
            let text = if remark.starts_with(['（', '(']) {
                remark.to_string()
            } else {
                format!("（{remark}）")
            };
            self.push_element(
                vec![(Role::Body, text)],
                Indent {
                    first: g::indent::PARAGRAPH as f32,
                    ..Indent::FLUSH
                },
            );
        }
    }

    /// Ends the document: what is still gathered, and the 版记.
    fn finish(&mut self) {
        self.flush_header();
        self.flush_closing();
        self.flush_given_closing();
        if let Some(cc) = self.extras.given(ElementKind::Cc) {
            let cc = if cc.starts_with("抄送") {
                cc.to_string()
            } else {
                format!("抄送：{cc}")
            };
            self.imprint.cc.push(cc);
        }
        if let Some(printer) = self.extras.given(ElementKind::Printer) {
            self.imprint.printer = Some(split_printer(printer));
        }
        if !self.imprint.cc.is_empty() || self.imprint.printer.is_some() {
            let imprint = std::mem::take(&mut self.imprint);
            self.push(FlowBlock::Imprint(imprint));
        }
    }

    fn handle_title(&mut self, p: &Paragraph) {
        self.push(FlowBlock::Para(Para {
            runs: vec![(Role::Title, self.text(&p.inlines))],
            size: layout::TITLE_SIZE,
            align: Align::Center,
            kind: LineKind::Title,
            keep_with_next: false,
            outline: None,
            color: layout::BLACK,
        }));
        self.push(FlowBlock::Blank);
        if !std::mem::replace(&mut self.titled, true)
            && let Some(recipient) = self.extras.given(ElementKind::Recipient)
        {
            self.push_element(vec![(Role::Body, recipient.to_string())], Indent::FLUSH);
        }
    }

    /// A paragraph, with a run-in heading's runs in front when there is one.
    fn handle_paragraph(&mut self, p: &Paragraph, lead: Vec<(Role, String)>) {
        self.handle_paragraph_with(p, lead, None);
    }

    fn handle_paragraph_with(
        &mut self,
        p: &Paragraph,
        mut runs: Vec<(Role, String)>,
        outline: Option<(u8, String)>,
    ) {
        let text = self.text(&p.inlines);
        runs.push((Role::Body, text));
        self.push(FlowBlock::Para(Para {
            runs,
            size: layout::BODY_SIZE,
            align: Align::Justify,
            kind: LineKind::Body,
            keep_with_next: false,
            outline,
            color: layout::BLACK,
        }));
    }

    fn handle_section<'b>(
        &mut self,
        level: u8,
        heading: &Heading,
        blocks: impl Iterator<Item = Cow<'b, Block>>,
    ) {
        let role = match level {
            1 => Role::Heading1,
            2 => Role::Heading2,
            _ => Role::Body,
        };
        let run_in = heading.run_in;
        let heading = format!("{}{}", heading.marker.text, self.text(&heading.inlines));
        let outline = (level <= 3).then(|| (level, heading.clone()));
        let mut rest = blocks.peekable();
        match (run_in, rest.peek().map(|b| &**b)) {
            (true, Some(Block::Paragraph(p))) => {
                self.handle_paragraph_with(p, vec![(role, heading)], outline);
                rest.next();
            }
            _ => self.push(FlowBlock::Para(Para {
                runs: vec![(role, heading)],
                size: layout::BODY_SIZE,
                align: Align::Justify,
                kind: LineKind::Heading,
                keep_with_next: true,
                outline,
                color: layout::BLACK,
            })),
        }
        self.handle_blocks(rest);
    }

    /// A table: the rows and columns [`Table::printed_rows`] gives, cells trimmed.
    fn handle_table(&mut self, t: &Table) {
        let rows = t
            .printed_rows()
            .into_iter()
            .map(|cells| {
                cells
                    .iter()
                    .map(|c| self.text(&c.inlines).trim().to_string())
                    .collect()
            })
            .collect();
        self.push(FlowBlock::Table(TableBox { rows }));
    }
}

/// The document title: the metadata's, else the first title block's text.
pub(crate) fn title_of(report: &Report) -> Option<String> {
    report.meta.title.clone().or_else(|| {
        report.body.iter().find_map(|b| match b {
            Block::Title(p) => Some(inline_text(&p.inlines)),
            _ => None,
        })
    })
}

/// Draws one page: its lines of glyphs and its rules.
fn draw_page(
    document: &mut Document,
    size: krilla::geom::Size,
    page: &Page,
    fonts: &FontSet,
) -> Result<()> {
    // Every page gets the same label, decimal numbers continuing the page before: one range for
    // the whole document (krilla closes a range at the first page without a label, and starts
    // a new one at every page whose label states its own number).
    let settings = PageSettings::new(size).with_page_label(PageLabel::new(
        Some(NumberingStyle::Arabic),
        None,
        None,
    ));
    let mut pdf_page = document.start_page_with(settings);
    let mut surface = pdf_page.surface();
    for line in &page.lines {
        for run in &line.runs {
            let Some(first) = run.glyphs.first() else {
                continue;
            };
            let font = fonts
                .krilla_font(run.font)
                .ok_or_else(|| Error::Pdf("font index out of range".to_string()))?;
            let glyphs: Vec<KrillaGlyph> = run
                .glyphs
                .iter()
                .map(|g| {
                    KrillaGlyph::new(
                        GlyphId::new(g.id),
                        g.advance / run.size,
                        0.0,
                        0.0,
                        0.0,
                        g.range.clone(),
                        None,
                    )
                })
                .collect();
            surface.set_fill(Some(fill(run.color)));
            surface.draw_glyphs(
                Point::from_xy(first.x, line.baseline),
                &glyphs,
                font.clone(),
                &run.text,
                run.size,
                false,
            );
        }
    }
    // Rules of one width and colour are stroked as one path.
    let mut styles: Vec<(f32, layout::Rgb)> =
        page.rules.iter().map(|r| (r.width, r.color)).collect();
    styles.dedup();
    styles.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    styles.dedup();
    for (width, color) in styles {
        let mut path = PathBuilder::new();
        for rule in page
            .rules
            .iter()
            .filter(|r| r.width == width && r.color == color)
        {
            path.move_to(rule.x1, rule.y1);
            path.line_to(rule.x2, rule.y2);
        }
        if let Some(path) = path.finish() {
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke {
                width,
                paint: fill(color).paint,
                ..Stroke::default()
            }));
            surface.draw_path(&path);
            surface.set_stroke(None);
        }
    }
    surface.finish();
    pdf_page.finish();
    Ok(())
}

/// A solid fill of a colour.
fn fill((r, g, b): layout::Rgb) -> krilla::paint::Fill {
    krilla::paint::Fill {
        paint: krilla::color::rgb::Color::new(r, g, b).into(),
        ..krilla::paint::Fill::default()
    }
}

/// A one-line description: region, year and issuer where known.
pub(crate) fn subject_of(report: &Report) -> Option<String> {
    let meta = &report.meta;
    let mut parts = Vec::new();
    if let Some(region) = &meta.region {
        parts.push(region.clone());
    }
    if let Some(year) = meta.year {
        parts.push(year.to_string());
    }
    if let Some(issuer) = &meta.issuer {
        parts.push(issuer.clone());
    }
    if let Some(date) = &meta.date {
        parts.push(date.clone());
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

/// Nests the bookmarks by level.
fn outline(bookmarks: &[OutlineEntry]) -> Outline {
    struct Node {
        level: u8,
        node: OutlineNode,
    }
    fn close(stack: &mut Vec<Node>, outline: &mut Outline, down_to: u8) {
        while stack.last().is_some_and(|n| n.level >= down_to) {
            let Some(done) = stack.pop() else { break };
            match stack.last_mut() {
                Some(parent) => parent.node.push_child(done.node),
                None => outline.push_child(done.node),
            }
        }
    }
    let mut outline = Outline::new();
    let mut stack: Vec<Node> = Vec::new();
    for entry in bookmarks {
        close(&mut stack, &mut outline, entry.level);
        let destination = krilla::destination::XyzDestination::new(
            entry.page,
            Point::from_xy(layout::BLOCK_LEFT, entry.y),
        );
        stack.push(Node {
            level: entry.level,
            node: OutlineNode::new(entry.title.clone(), destination),
        });
    }
    close(&mut stack, &mut outline, 0);
    outline
}

/// A UTC date for the PDF from a system time.
fn pdf_date(time: SystemTime) -> DateTime {
    let secs = time
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let days = (secs / 86_400) as i64;
    let rest = secs % 86_400;
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
    DateTime::new(year)
        .month(month)
        .day(day)
        .hour((rest / 3600) as u8)
        .minute((rest / 60 % 60) as u8)
        .second((rest % 60) as u8)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// Turns a krilla error into ours.
fn krilla_error(error: krilla::error::KrillaError) -> Error {
    use krilla::error::KrillaError;
    match error {
        KrillaError::Font(_, message) => {
            Error::Pdf(format!("a font cannot be embedded: {message}"))
        }
        KrillaError::Validation(errors) => {
            let list: Vec<String> = errors.iter().map(validation_message).collect();
            Error::Pdf(format!(
                "the document would not conform to the PDF/A level asked: {}",
                list.join("; ")
            ))
        }
        other => Error::Pdf(format!("{other:?}")),
    }
}

fn validation_message(error: &ValidationError) -> String {
    match error {
        ValidationError::ContainsNotDefGlyph(_, _, text) => {
            format!("a glyph is missing for {text:?}")
        }
        ValidationError::NoDocumentTitle => "the document has no title".to_string(),
        ValidationError::NoDocumentLanguage => "the document has no language".to_string(),
        ValidationError::MissingDocumentDate => "the document has no date".to_string(),
        ValidationError::RestrictedLicense(_) => {
            "a font's licence forbids embedding it".to_string()
        }
        ValidationError::EmbeddedFile(e, _) => format!("attached file: {e:?}"),
        other => format!("{other:?}"),
    }
}
