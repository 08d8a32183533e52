//! The OFD writer: the PDF's pages as OFD pages, the fonts as subsets, the outline, the metadata
//! and, for OFD-A, the report's XML attached.

use super::{NAMESPACE, OfdOptions, font};
use crate::error::{Error, Result};
use crate::format::package::{Package, XmlOut, w3cdtf};
use crate::format::pdf::fonts::FontSet;
use crate::format::pdf::layout::{OutlineEntry, PAGE_HEIGHT, PAGE_WIDTH, Page, Rgb};
use crate::format::pdf::{self, PdfOptions};
use crate::model::{Block, Report};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::SystemTime;

/// The document's folder in the package.
const DOC: &str = "Doc_0";

/// Writes a report as OFD, or OFD-A with [`OfdOptions::archive`]: laid out as the PDF with the
/// fonts, date and punctuation of `layout`.
pub fn write(report: &Report, layout: &PdfOptions, options: &OfdOptions) -> Result<Vec<u8>> {
    let created = layout.created.unwrap_or_else(crate::output::now);
    let seconds = created
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let mut writer = Writer {
        package: Package::new(),
        ids: Ids::default(),
        glyphs: BTreeMap::new(),
        pages: Vec::new(),
        digest: Sha256::new(),
    };
    let (fonts, outline) =
        pdf::set_pages(report, layout, &mut |page, fonts| writer.page(page, fonts))?;
    writer.fonts(&fonts)?;
    drop(fonts);
    if options.archive {
        writer.attach(report, seconds)?;
    }
    writer.document(&outline, options.archive)?;
    let doc_id: String = writer.digest.finalize()[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    writer.package.add(
        "OFD.xml",
        &ofd_xml(report, &doc_id, &w3cdtf(seconds), options.archive)?,
    )?;
    writer.package.finish()
}

/// Unit IDs, unique in the document, from 1.
#[derive(Default)]
struct Ids(u32);

impl Ids {
    fn next(&mut self) -> u32 {
        self.0 += 1;
        self.0
    }
}

/// The document as it is written: the package, the IDs given, the glyphs drawn per font, the
/// pages' IDs.
struct Writer {
    package: Package,
    ids: Ids,
    /// Font index → glyph id → the character it draws.
    glyphs: BTreeMap<usize, BTreeMap<u16, char>>,
    /// The ID of each page.
    pages: Vec<u32>,
    /// A digest of the pages, for the document's ID.
    digest: Sha256,
}

/// Points to millimetres.
fn mm(points: f32) -> f32 {
    points * 25.4 / 72.0
}

/// A length in millimetres as written: three decimals at most, no trailing zeros.
fn num(out: &mut String, points: f32) {
    let value = (mm(points) * 1000.0).round() / 1000.0;
    let _ = write!(out, "{}", if value == 0.0 { 0.0 } else { value });
}

/// Numbers in millimetres separated by spaces.
fn nums(values: &[f32]) -> String {
    let mut out = String::new();
    for (i, &v) in values.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        num(&mut out, v);
    }
    out
}

/// A colour as OFD writes it, `r g b`.
fn color((r, g, b): Rgb) -> String {
    format!("{r} {g} {b}")
}

/// The font's ID in the document: fonts take the first IDs, one per font of the set.
fn font_id(index: usize) -> u32 {
    index as u32 + 1
}

impl Writer {
    /// Writes a page's content: a `TextObject` per run, a `PathObject` per rule.
    fn page(&mut self, page: &Page, fonts: &FontSet) -> Result<()> {
        if self.ids.0 == 0 {
            // The fonts take the first IDs ([`font_id`]): the set is complete (every fallback
            // found) before the first page is set.
            self.ids.0 = fonts.len() as u32;
        }
        let page_id = self.ids.next();
        let mut x = XmlOut::new();
        x.open("ofd:Page", &[("xmlns:ofd", NAMESPACE)])?;
        x.open("ofd:Content", &[])?;
        x.open("ofd:Layer", &[("ID", &self.ids.next().to_string())])?;
        for line in &page.lines {
            for run in &line.runs {
                let (Some(first), Some(last)) = (run.glyphs.first(), run.glyphs.last()) else {
                    continue;
                };
                let used = self.glyphs.entry(run.font).or_default();
                let mut text = String::with_capacity(run.text.len());
                let mut deltas = String::new();
                for (i, glyph) in run.glyphs.iter().enumerate() {
                    let chars = run.text.get(glyph.range.clone()).unwrap_or_default();
                    let mut one = chars.chars();
                    if let (Some(c), None, Ok(id)) =
                        (one.next(), one.next(), u16::try_from(glyph.id))
                    {
                        used.entry(id).or_insert(c);
                    }
                    for (k, c) in chars.chars().enumerate() {
                        text.push(c);
                        let is_last_char = k + 1 == chars.chars().count();
                        if i + 1 == run.glyphs.len() && is_last_char {
                            break;
                        }
                        if !deltas.is_empty() {
                            deltas.push(' ');
                        }
                        num(&mut deltas, if is_last_char { glyph.advance } else { 0.0 });
                    }
                }
                let width = last.x + last.advance - first.x;
                let top = line.baseline - run.size;
                let boundary = nums(&[first.x, top, width, run.size * 1.25]);
                let id = self.ids.next().to_string();
                let font = font_id(run.font).to_string();
                let size = nums(&[run.size]);
                x.open(
                    "ofd:TextObject",
                    &[
                        ("ID", &id),
                        ("Boundary", &boundary),
                        ("Font", &font),
                        ("Size", &size),
                    ],
                )?;
                if run.color != (0, 0, 0) {
                    x.empty("ofd:FillColor", &[("Value", &color(run.color))])?;
                }
                let y = nums(&[run.size]);
                let mut attrs = vec![("X", "0"), ("Y", y.as_str())];
                if !deltas.is_empty() {
                    attrs.push(("DeltaX", &deltas));
                }
                x.element("ofd:TextCode", &attrs, &text)?;
                x.close("ofd:TextObject")?;
            }
        }
        for rule in &page.rules {
            let pad = rule.width / 2.0;
            let (left, top) = (rule.x1.min(rule.x2) - pad, rule.y1.min(rule.y2) - pad);
            let boundary = nums(&[
                left,
                top,
                (rule.x2 - rule.x1).abs() + rule.width,
                (rule.y2 - rule.y1).abs() + rule.width,
            ]);
            let path = format!(
                "M {} L {}",
                nums(&[rule.x1 - left, rule.y1 - top]),
                nums(&[rule.x2 - left, rule.y2 - top])
            );
            x.open(
                "ofd:PathObject",
                &[
                    ("ID", &self.ids.next().to_string()),
                    ("Boundary", &boundary),
                    ("LineWidth", &nums(&[rule.width])),
                ],
            )?;
            x.empty("ofd:StrokeColor", &[("Value", &color(rule.color))])?;
            x.element("ofd:AbbreviatedData", &[], &path)?;
            x.close("ofd:PathObject")?;
        }
        x.close("ofd:Layer")?;
        x.close("ofd:Content")?;
        x.close("ofd:Page")?;
        let content = x.finish();
        self.digest.update(&content);
        let name = format!("{DOC}/Pages/Page_{}/Content.xml", self.pages.len());
        self.package.add(&name, &content)?;
        self.pages.push(page_id);
        Ok(())
    }

    /// Embeds the subset of every font drawn with and writes `PublicRes.xml`. (Subsetting the
    /// faces on a thread each costs more CPU and saves no time: the body face is most of it.)
    fn fonts(&mut self, fonts: &FontSet) -> Result<()> {
        let mut x = XmlOut::new();
        x.open("ofd:Res", &[("xmlns:ofd", NAMESPACE), ("BaseLoc", "Res")])?;
        x.open("ofd:Fonts", &[])?;
        for (&index, glyphs) in &self.glyphs {
            let (data, face) = fonts
                .face_data(index)
                .ok_or_else(|| Error::Ofd("font index out of range".to_string()))?;
            let name = fonts.name(index);
            let subset = font::subset(data, face, glyphs, name)?;
            // OpenType with PostScript outlines starts `OTTO`, with TrueType ones 0x00010000.
            let extension = if subset.starts_with(b"OTTO") {
                "otf"
            } else {
                "ttf"
            };
            let file = format!("font_{}.{extension}", font_id(index));
            self.package.add(&format!("{DOC}/Res/{file}"), &subset)?;
            let id = font_id(index).to_string();
            x.open(
                "ofd:Font",
                &[("ID", &id), ("FontName", name), ("FamilyName", name)],
            )?;
            x.element("ofd:FontFile", &[], &file)?;
            x.close("ofd:Font")?;
        }
        x.close("ofd:Fonts")?;
        x.close("ofd:Res")?;
        self.package
            .add(&format!("{DOC}/PublicRes.xml"), &x.finish())
    }

    /// Attaches the report's XML: `Attachs/report.xml` and `Attachs/Attachments.xml`.
    fn attach(&mut self, report: &Report, seconds: u64) -> Result<()> {
        let xml = crate::format::xml::write(report)?;
        self.package
            .add(&format!("{DOC}/Attachs/report.xml"), &xml)?;
        let mut x = XmlOut::new();
        x.open("ofd:Attachments", &[("xmlns:ofd", NAMESPACE)])?;
        let id = self.ids.next().to_string();
        let size = format!("{:.3}", xml.len() as f64 / 1024.0);
        x.open(
            "ofd:Attachment",
            &[
                ("ID", &id),
                ("Name", "report.xml"),
                ("Format", "xml"),
                ("CreationDate", &w3cdtf(seconds)),
                ("Size", &size),
                ("Visible", "true"),
                ("Usage", "Source"),
            ],
        )?;
        x.element("ofd:FileLoc", &[], "report.xml")?;
        x.close("ofd:Attachment")?;
        x.close("ofd:Attachments")?;
        self.package
            .add(&format!("{DOC}/Attachs/Attachments.xml"), &x.finish())
    }

    /// Writes `Document.xml`: the page area, the pages, the outline and the attachments.
    fn document(&mut self, outline: &[OutlineEntry], attachments: bool) -> Result<()> {
        let mut x = XmlOut::new();
        x.open("ofd:Document", &[("xmlns:ofd", NAMESPACE)])?;
        x.open("ofd:CommonData", &[])?;
        x.element("ofd:MaxUnitID", &[], &self.ids.0.to_string())?;
        x.open("ofd:PageArea", &[])?;
        x.element(
            "ofd:PhysicalBox",
            &[],
            &format!("0 0 {}", nums(&[PAGE_WIDTH, PAGE_HEIGHT])),
        )?;
        x.close("ofd:PageArea")?;
        x.element("ofd:PublicRes", &[], "PublicRes.xml")?;
        x.close("ofd:CommonData")?;
        x.open("ofd:Pages", &[])?;
        for (i, id) in self.pages.iter().enumerate() {
            x.empty(
                "ofd:Page",
                &[
                    ("ID", &id.to_string()),
                    ("BaseLoc", &format!("Pages/Page_{i}/Content.xml")),
                ],
            )?;
        }
        x.close("ofd:Pages")?;
        if !outline.is_empty() {
            x.open("ofd:Outlines", &[])?;
            self.outline(&mut x, outline)?;
            x.close("ofd:Outlines")?;
        }
        if attachments {
            x.element("ofd:Attachments", &[], "Attachs/Attachments.xml")?;
        }
        x.close("ofd:Document")?;
        self.package
            .add(&format!("{DOC}/Document.xml"), &x.finish())
    }

    /// Writes outline entries nested by level: each entry holds the deeper ones after it.
    fn outline(&self, x: &mut XmlOut, entries: &[OutlineEntry]) -> Result<()> {
        let mut rest = entries;
        while let Some((entry, after)) = rest.split_first() {
            let children = after
                .iter()
                .position(|e| e.level <= entry.level)
                .unwrap_or(after.len());
            x.open("ofd:OutlineElem", &[("Title", &entry.title)])?;
            let page = self.pages.get(entry.page).copied().unwrap_or(0).to_string();
            x.open("ofd:Actions", &[])?;
            x.open("ofd:Action", &[("Event", "CLICK")])?;
            x.open("ofd:Goto", &[])?;
            let left = nums(&[pdf::layout::BLOCK_LEFT]);
            let top = nums(&[entry.y]);
            x.empty(
                "ofd:Dest",
                &[
                    ("Type", "XYZ"),
                    ("PageID", &page),
                    ("Left", &left),
                    ("Top", &top),
                ],
            )?;
            x.close("ofd:Goto")?;
            x.close("ofd:Action")?;
            x.close("ofd:Actions")?;
            self.outline(x, &after[..children])?;
            x.close("ofd:OutlineElem")?;
            rest = &after[children..];
        }
        Ok(())
    }
}

/// `OFD.xml`: the document's information and where its root is.
fn ofd_xml(report: &Report, doc_id: &str, created: &str, archive: bool) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    let doc_type = if archive { "OFD-A" } else { "OFD" };
    x.open(
        "ofd:OFD",
        &[
            ("xmlns:ofd", NAMESPACE),
            ("Version", "1.0"),
            ("DocType", doc_type),
        ],
    )?;
    x.open("ofd:DocBody", &[])?;
    x.open("ofd:DocInfo", &[])?;
    x.element("ofd:DocID", &[], doc_id)?;
    if let Some(title) = pdf::title_of(report) {
        x.element("ofd:Title", &[], &title)?;
    }
    if let Some(issuer) = &report.meta.issuer {
        x.element("ofd:Author", &[], issuer)?;
    }
    if let Some(subject) = pdf::subject_of(report) {
        x.element("ofd:Subject", &[], &subject)?;
    }
    x.element("ofd:CreationDate", &[], &created[..10])?;
    let version = env!("CARGO_PKG_VERSION");
    x.element("ofd:Creator", &[], &format!("gongwen {version}"))?;
    x.element("ofd:CreatorVersion", &[], version)?;
    let data = custom_data(report);
    if !data.is_empty() {
        x.open("ofd:CustomDatas", &[])?;
        for (name, value) in data {
            x.element("ofd:CustomData", &[("Name", &name)], &value)?;
        }
        x.close("ofd:CustomDatas")?;
    }
    x.close("ofd:DocInfo")?;
    x.element("ofd:DocRoot", &[], &format!("{DOC}/Document.xml"))?;
    x.close("ofd:DocBody")?;
    x.close("ofd:OFD")?;
    Ok(x.finish())
}

/// The report's facts and its 公文 elements (named in Chinese, in GB/T 9704's order), as named
/// values.
fn custom_data(report: &Report) -> Vec<(String, String)> {
    let meta = &report.meta;
    let mut data: Vec<(String, String)> = [
        ("region", meta.region.clone()),
        ("year", meta.year.map(|y| y.to_string())),
        ("issuer", meta.issuer.clone()),
        ("date", meta.date.clone()),
    ]
    .into_iter()
    .filter_map(|(name, value)| Some((name.to_string(), value?)))
    .collect();
    // One value per kind of element: the lines of one (the 附件说明's) joined.
    let mut elements: BTreeMap<crate::model::ElementKind, String> = BTreeMap::new();
    for block in &report.body {
        if let Block::Element(e) = block {
            let text: String = e.inlines.iter().map(crate::model::Inline::text).collect();
            let value = elements.entry(e.kind).or_default();
            if !value.is_empty() {
                value.push('\n');
            }
            value.push_str(text.trim());
        }
    }
    data.extend(
        elements
            .into_iter()
            .map(|(kind, value)| (kind.chinese().to_string(), value)),
    );
    data
}
