//! The document model: the pivot between every reader, every stage and every writer.
//!
//! A [`Report`] is a tree of [`Block`]s (title, paragraphs, sections, tables) whose leaves are
//! [`Inline`] runs of text, [`Figure`]s and enumeration [`Item`] markers. Concatenating the text of
//! every leaf in document order gives back the normalized source text: [`Report::text`] does exactly
//! that, with one `\n` between blocks. Every node carries a [`Span`], a byte range into that
//! normalized text, so a finding can point at line:column and a renderer can mark a figure.

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// A byte range `start..end` into the normalized text of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// Makes a span from two offsets, the smaller one as its start (offsets taken from a report
    /// whose stated spans are out of order still make a valid span).
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start: start.min(end),
            end: start.max(end),
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// Returns true if and only if the span covers no byte.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
}

/// A whole report: what normalization learnt and removed, and the body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Report {
    /// Metadata: title, issuer, encoding, removed furniture …
    pub meta: Meta,
    /// The content, in document order.
    pub body: Vec<Block>,
}

/// Which Chinese script a text is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Script {
    /// Simplified characters (mainland).
    #[default]
    Simplified,
    /// Traditional characters (Hong Kong, Macau, Taiwan, or converted mirrors).
    Traditional,
}

impl Script {
    /// The name used in XML and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Script::Simplified => "simplified",
            Script::Traditional => "traditional",
        }
    }

    /// Parses the name used in XML and JSON.
    pub fn from_name(name: &str) -> Option<Script> {
        match name {
            "simplified" => Some(Script::Simplified),
            "traditional" => Some(Script::Traditional),
            _ => None,
        }
    }
}

/// What is known about a report besides its body.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Meta {
    /// The title (also the first block of the body when it stood in the text).
    pub title: Option<String>,
    /// Who issued the report (发布单位, or a signature line).
    pub issuer: Option<String>,
    /// The year the report is about.
    pub year: Option<i32>,
    /// The region (province, city, county, district) the report speaks for.
    pub region: Option<String>,
    /// Date of issue as written in the text (e.g. `2021年3月29日`).
    pub date: Option<String>,
    /// Simplified or traditional characters.
    pub script: Script,
    /// The encoding the source was decoded from (WHATWG name, e.g. `UTF-8`, `gb18030`, `Big5`).
    pub encoding: String,
    /// Key–value pairs found in page furniture (`中文名: …`, `發布單位: …`).
    pub properties: Vec<Property>,
    /// What normalization removed from the source, in source order.
    pub removed: Vec<Removed>,
    /// How many undecodable characters reading with `--lossy` replaced with U+FFFD.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub replaced: usize,
    /// 公文 elements the text does not carry, given by the user (a front-matter block at the
    /// top of a text file, or command-line options); writers set them where GB/T 9704 puts them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub given: Vec<Given>,
    /// The layout: the ordinary form, the letter form or the minutes form, with or without a
    /// seal.
    #[serde(default, skip_serializing_if = "Layout::is_default")]
    pub layout: Layout,
}

impl Meta {
    /// Sets what a `key: value` line of a front-matter block or a `--set KEY=VALUE` option
    /// gives: a 公文 element by its name (`doc-number`, `发文字号`, `签发人` …; replacing one given
    /// before), the form (`form`, `格式`: standard, letter, minutes, 文件, 信函, 纪要) or the seal
    /// (`seal`, `印章`: true, false, yes, no, 是, 否, 有, 无). Fails with a message if the key or
    /// the value is not one of these.
    pub fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        let value = value.trim();
        match key.trim() {
            "form" | "格式" | "版式" => {
                self.layout.form = Form::from_name(value).ok_or_else(|| {
                    format!("unknown form `{value}` (standard, letter or minutes)")
                })?;
            }
            "seal" | "印章" | "盖章" => {
                self.layout.seal = match value {
                    "true" | "yes" | "1" | "是" | "有" => true,
                    "false" | "no" | "0" | "否" | "无" => false,
                    _ => return Err(format!("`{value}` is not yes or no")),
                };
            }
            key => {
                let kind = ElementKind::from_name(key).ok_or_else(|| {
                    let names: Vec<&str> = ElementKind::ALL.iter().map(|k| k.as_str()).collect();
                    format!(
                        "unknown element `{key}` (one of {}, form, seal, or a Chinese name)",
                        names.join(", ")
                    )
                })?;
                self.given.retain(|g| g.kind != kind);
                self.given.push(Given {
                    kind,
                    text: value.to_string(),
                });
            }
        }
        Ok(())
    }
}

/// A 公文 element given by the user rather than found in the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Given {
    /// Which element.
    pub kind: ElementKind,
    /// Its text (`静海政发〔2021〕5号`).
    pub text: String,
}

/// The form of a 公文 (GB/T 9704-2012 §7 and §10) and whether it bears a seal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Layout {
    /// Ordinary, letter or minutes form.
    pub form: Form,
    /// A seal is affixed: the date stands four characters from the right and the signature is
    /// centred over it (without one, the signature stands two characters from the right).
    pub seal: bool,
}

impl Layout {
    /// Returns true if and only if this is the ordinary form without a seal.
    pub fn is_default(&self) -> bool {
        *self == Layout::default()
    }
}

/// The forms of GB/T 9704-2012.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Form {
    /// The ordinary 文件 form (§7).
    #[default]
    Standard,
    /// The letter form, 信函格式 (§10.1).
    Letter,
    /// The minutes form, 纪要格式 (§10.3).
    Minutes,
}

impl Form {
    /// Every form.
    pub const ALL: [Form; 3] = [Form::Standard, Form::Letter, Form::Minutes];

    /// The name used in XML, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Form::Standard => "standard",
            Form::Letter => "letter",
            Form::Minutes => "minutes",
        }
    }

    /// Parses a name used in XML, JSON and on the command line, or its Chinese name (文件,
    /// 信函, 纪要).
    pub fn from_name(name: &str) -> Option<Form> {
        match name.trim() {
            "文件" | "文件格式" | "通用" => Some(Form::Standard),
            "信函" | "信函格式" => Some(Form::Letter),
            "纪要" | "紀要" | "纪要格式" => Some(Form::Minutes),
            other => Form::ALL.into_iter().find(|f| f.as_str() == other),
        }
    }
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// A key–value pair from page furniture.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Property {
    /// The key as written (`發布單位`).
    pub key: String,
    /// The value as written.
    pub value: String,
}

/// Why normalization removed a piece of the source.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RemovedKind {
    /// A page-number line such as `— 1 —` or `-2-`.
    PageNumber,
    /// Web-page furniture: info boxes, related-entry footers, site banners.
    Furniture,
    /// Control characters XML cannot carry; `text` lists them as `U+0001 U+0002 …`.
    Control,
    /// A front-matter block at the top of a text file (`---` lines around `key: value` lines),
    /// read into the metadata.
    FrontMatter,
}

impl RemovedKind {
    /// The name used in XML and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            RemovedKind::PageNumber => "page-number",
            RemovedKind::Furniture => "furniture",
            RemovedKind::Control => "control",
            RemovedKind::FrontMatter => "front-matter",
        }
    }

    /// Parses the name used in XML and JSON.
    pub fn from_name(name: &str) -> Option<RemovedKind> {
        match name {
            "page-number" => Some(RemovedKind::PageNumber),
            "furniture" => Some(RemovedKind::Furniture),
            "control" => Some(RemovedKind::Control),
            "front-matter" => Some(RemovedKind::FrontMatter),
            _ => None,
        }
    }
}

/// A piece of the decoded source that is not in the normalized text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Removed {
    /// Why it was removed.
    pub kind: RemovedKind,
    /// 1-based line of the decoded source where it started.
    pub line: u32,
    /// The removed text, exactly.
    pub text: String,
}

/// A block-level node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Block {
    /// The document title.
    Title(Paragraph),
    /// A paragraph of running text.
    Paragraph(Paragraph),
    /// A numbered section with its heading and content (boxed: a block is as small as a
    /// paragraph, and a report holds many).
    Section(Box<Section>),
    /// A table (rows of `|`-separated cells in plain text).
    Table(Table),
    /// A 公文 element other than the title and the body text: a line of the 版头, the 主送, the
    /// signature and date, the 版记 … (boxed: rare).
    Element(Box<Element>),
}

impl Block {
    /// The span of the whole block.
    pub fn span(&self) -> Span {
        match self {
            Block::Title(p) | Block::Paragraph(p) => p.span,
            Block::Section(s) => s.span,
            Block::Table(t) => t.span,
            Block::Element(e) => e.span,
        }
    }

    /// The text of every leaf of this block in document order, as [`Report::leaf_texts`] gives
    /// them for a whole report.
    pub fn leaf_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        visit_block_leaves(self, &mut |_, write| {
            let mut text = String::new();
            write(&mut text);
            out.push(text);
        });
        out
    }
}

/// The elements of a 公文 (GB/T 9704-2012 §7, §10) besides the title, the headings and the
/// body text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ElementKind {
    /// 份号: the copy number (`000001`).
    CopyNumber,
    /// 密级和保密期限 (`机密★1年`).
    Secrecy,
    /// 紧急程度 (`特急`).
    Urgency,
    /// 发文机关标志 (`天津市静海区人民政府文件`), or the minutes mark (`…会议纪要`).
    IssuerMark,
    /// 发文字号 (`静海政发〔2021〕5号`).
    DocNumber,
    /// 签发人, for reports to a higher authority (`签发人：张三`).
    Signer,
    /// 主送机关 (`天津市人民政府：`).
    Recipient,
    /// 附件说明: `附件：1.…` and the items after it.
    AttachmentNote,
    /// 发文机关署名.
    Signature,
    /// 成文日期 (`2021年3月29日`).
    Date,
    /// 附注 (`（此件公开发布）`).
    Remark,
    /// 出席、请假、列席 lines of minutes.
    Attendance,
    /// The label of an attachment (`附件1`), which opens a new page.
    AttachmentLabel,
    /// 抄送机关 (`抄送：…`).
    Cc,
    /// 印发机关和印发日期 (`…办公室　2021年3月30日印发`).
    Printer,
}

/// Which part of a 公文 an element belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// 版头: above the title.
    Header,
    /// 主体: from the title to the attachments.
    Body,
    /// 版记: the end of the last page.
    Imprint,
}

impl ElementKind {
    /// Every element, in the order GB/T 9704 sets them.
    pub const ALL: [ElementKind; 15] = [
        ElementKind::CopyNumber,
        ElementKind::Secrecy,
        ElementKind::Urgency,
        ElementKind::IssuerMark,
        ElementKind::DocNumber,
        ElementKind::Signer,
        ElementKind::Recipient,
        ElementKind::AttachmentNote,
        ElementKind::Signature,
        ElementKind::Date,
        ElementKind::Remark,
        ElementKind::Attendance,
        ElementKind::AttachmentLabel,
        ElementKind::Cc,
        ElementKind::Printer,
    ];

    /// The name used in XML, JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::CopyNumber => "copy-number",
            ElementKind::Secrecy => "secrecy",
            ElementKind::Urgency => "urgency",
            ElementKind::IssuerMark => "issuer-mark",
            ElementKind::DocNumber => "doc-number",
            ElementKind::Signer => "signer",
            ElementKind::Recipient => "recipient",
            ElementKind::AttachmentNote => "attachment-note",
            ElementKind::Signature => "signature",
            ElementKind::Date => "date",
            ElementKind::Remark => "remark",
            ElementKind::Attendance => "attendance",
            ElementKind::AttachmentLabel => "attachment",
            ElementKind::Cc => "cc",
            ElementKind::Printer => "printer",
        }
    }

    /// The element's name in GB/T 9704.
    pub fn chinese(self) -> &'static str {
        match self {
            ElementKind::CopyNumber => "份号",
            ElementKind::Secrecy => "密级和保密期限",
            ElementKind::Urgency => "紧急程度",
            ElementKind::IssuerMark => "发文机关标志",
            ElementKind::DocNumber => "发文字号",
            ElementKind::Signer => "签发人",
            ElementKind::Recipient => "主送机关",
            ElementKind::AttachmentNote => "附件说明",
            ElementKind::Signature => "发文机关署名",
            ElementKind::Date => "成文日期",
            ElementKind::Remark => "附注",
            ElementKind::Attendance => "出席人员",
            ElementKind::AttachmentLabel => "附件",
            ElementKind::Cc => "抄送机关",
            ElementKind::Printer => "印发机关和印发日期",
        }
    }

    /// Parses a name used in XML, JSON and on the command line, or the element's Chinese name
    /// (as a front-matter key: `发文字号`, `签发人`, and 印发 for the printer).
    pub fn from_name(name: &str) -> Option<ElementKind> {
        let name = name.trim();
        let alias = match name {
            "密级" | "保密期限" => Some(ElementKind::Secrecy),
            "发文机关" | "发文机关标志" | "版头" | "纪要标志" => {
                Some(ElementKind::IssuerMark)
            }
            "文号" => Some(ElementKind::DocNumber),
            "主送" => Some(ElementKind::Recipient),
            "署名" => Some(ElementKind::Signature),
            "日期" => Some(ElementKind::Date),
            "抄送" => Some(ElementKind::Cc),
            "印发" | "印发机关" => Some(ElementKind::Printer),
            "出席" => Some(ElementKind::Attendance),
            _ => None,
        };
        alias.or_else(|| {
            ElementKind::ALL
                .into_iter()
                .find(|k| k.as_str() == name || k.chinese() == name)
        })
    }

    /// The part of the 公文 it belongs to.
    pub fn part(self) -> Part {
        match self {
            ElementKind::CopyNumber
            | ElementKind::Secrecy
            | ElementKind::Urgency
            | ElementKind::IssuerMark
            | ElementKind::DocNumber
            | ElementKind::Signer => Part::Header,
            ElementKind::Cc | ElementKind::Printer => Part::Imprint,
            _ => Part::Body,
        }
    }
}

/// A 公文 element as it stands in the text: a line, or a part of one (a 签发人 beside the
/// 发文字号).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Element {
    /// Which element.
    pub kind: ElementKind,
    /// The inline content.
    pub inlines: Vec<Inline>,
    /// Its span.
    pub span: Span,
}

/// A paragraph (or a title): inline content and its span.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Paragraph {
    /// The inline content.
    pub inlines: Vec<Inline>,
    /// The span of the paragraph.
    pub span: Span,
}

/// The style of a heading's numbering marker, which fixes its place in the 公文 hierarchy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MarkerStyle {
    /// `一、`
    ChineseComma,
    /// `（一）` or `(一)`
    ChineseParen,
    /// `1.` `1、` `1．`
    ArabicDot,
    /// `（1）` or `(1)`
    ArabicParen,
    /// `①`
    Circled,
    /// `第一章`, `第二节` …
    Chapter,
    /// `第一篇`, `第二部分`: parts that hold chapters.
    Part,
    /// No written marker: a heading by its outline level in a Word document (numbered by Word's
    /// automatic numbering, or not at all). The marker text is empty.
    Outline,
}

impl MarkerStyle {
    /// The name used in XML and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            MarkerStyle::ChineseComma => "chinese-comma",
            MarkerStyle::ChineseParen => "chinese-paren",
            MarkerStyle::ArabicDot => "arabic-dot",
            MarkerStyle::ArabicParen => "arabic-paren",
            MarkerStyle::Circled => "circled",
            MarkerStyle::Chapter => "chapter",
            MarkerStyle::Part => "part",
            MarkerStyle::Outline => "outline",
        }
    }

    /// Parses the name used in XML and JSON.
    pub fn from_name(name: &str) -> Option<MarkerStyle> {
        Some(match name {
            "chinese-comma" => MarkerStyle::ChineseComma,
            "chinese-paren" => MarkerStyle::ChineseParen,
            "arabic-dot" => MarkerStyle::ArabicDot,
            "arabic-paren" => MarkerStyle::ArabicParen,
            "circled" => MarkerStyle::Circled,
            "chapter" => MarkerStyle::Chapter,
            "part" => MarkerStyle::Part,
            "outline" => MarkerStyle::Outline,
            _ => return None,
        })
    }
}

/// A heading's numbering marker, exactly as written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Marker {
    /// The marker text, delimiters included (`（一）`, `1.`).
    pub text: CompactString,
    /// The number it stands for (`（三）` → 3).
    pub number: u32,
    /// Its style.
    pub style: MarkerStyle,
    /// Its span.
    pub span: Span,
}

/// A section heading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Heading {
    /// The numbering marker.
    pub marker: Marker,
    /// The heading text after the marker.
    pub inlines: Vec<Inline>,
    /// True if and only if the heading is run in: it is the first sentence of a paragraph whose
    /// rest is the section's first block, on the same source line.
    pub run_in: bool,
    /// The span of marker and text.
    pub span: Span,
}

/// A numbered section.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// Nesting depth, 1 to 4.
    pub level: u8,
    /// The heading.
    pub heading: Heading,
    /// What follows the heading up to the next heading of the same or a higher level.
    pub blocks: Vec<Block>,
    /// The span of heading and content.
    pub span: Span,
}

/// A table.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Table {
    /// The rows, one per source line.
    pub rows: Vec<Row>,
    /// The span of the whole table.
    pub span: Span,
}

impl Table {
    /// The rows a writer prints, as their cells in the columns it prints.
    ///
    /// Rows: all but the separator rows of a Markdown table (`|---|:--:|`), whose cells hold
    /// only dashes and colons or nothing. Columns: all but a first and a last column that are
    /// empty in every row, as a leading or trailing `|` on every line of a text table gives
    /// them (`| a | b |`, `警告|12|`). An empty column with content beside it in some row (the
    /// top-left cell of a table with row and column headings) is kept, so every cell stays in
    /// its column.
    pub fn printed_rows(&self) -> Vec<&[Cell]> {
        let blank = |c: &Cell| c.inlines.iter().all(|x| x.text().trim().is_empty());
        let rule = |c: &Cell| {
            let text: String = c.inlines.iter().map(Inline::text).collect();
            let text = text.trim();
            text.contains(['-', '—', '－'])
                && text.chars().all(|ch| matches!(ch, '-' | ':' | '—' | '－'))
        };
        let rows: Vec<&Row> = self
            .rows
            .iter()
            .filter(|r| !(r.cells.iter().any(rule) && r.cells.iter().all(|c| blank(c) || rule(c))))
            .collect();
        let columns = rows.iter().map(|r| r.cells.len()).max().unwrap_or(0);
        let empty = |i: usize| rows.iter().all(|r| r.cells.get(i).is_none_or(blank));
        let start = usize::from(columns > 1 && empty(0));
        let end = columns - usize::from(columns - start > 1 && empty(columns - 1));
        rows.iter().map(|r| r.cells_in(start..end)).collect()
    }
}

/// A table row. Joining the cells' text with `|` gives back the source line exactly, so cells keep
/// their surrounding spaces and a line that ends in `|` has an empty last cell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Row {
    /// The cells.
    pub cells: Vec<Cell>,
    /// The span of the row.
    pub span: Span,
}

impl Row {
    /// Its cells in `columns` (those of a shorter row that it has).
    pub fn cells_in(&self, columns: std::ops::Range<usize>) -> &[Cell] {
        let end = columns.end.min(self.cells.len());
        &self.cells[columns.start.min(end)..end]
    }
}

/// A table cell.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Cell {
    /// The inline content.
    pub inlines: Vec<Inline>,
    /// The span of the cell.
    pub span: Span,
}

/// An inline node.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Inline {
    /// Plain text.
    Text(Text),
    /// A number with its unit.
    Figure(Box<Figure>),
    /// An inline enumeration marker: `一是`, `二是` … (boxed: rare, and every inline is as
    /// large as the largest kind).
    Item(Box<Item>),
}

impl Inline {
    /// The source text of this node.
    pub fn text(&self) -> &str {
        match self {
            Inline::Text(t) => &t.text,
            Inline::Figure(f) => &f.text,
            Inline::Item(i) => &i.text,
        }
    }

    /// The span of this node.
    pub fn span(&self) -> Span {
        match self {
            Inline::Text(t) => t.span,
            Inline::Figure(f) => f.span,
            Inline::Item(i) => i.span,
        }
    }
}

/// A run of plain text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    /// The text.
    pub text: String,
    /// Its span.
    pub span: Span,
}

/// An inline enumeration marker such as `一是` or `第三`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The marker as written.
    pub text: CompactString,
    /// Its ordinal (`三是` → 3).
    pub number: u32,
    /// Its span.
    pub span: Span,
}

/// What a figure measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FigureKind {
    /// A number of things: 件 个 项 人 家 次 户 …
    Count,
    /// An amount of money: 元 万元 亿元 美元 …
    Money,
    /// A percentage (or per mille) rate or share.
    Percent,
    /// A change in percentage points: 个百分点.
    Points,
    /// A multiple: 倍.
    Multiple,
    /// A calendar year: 2020年.
    Year,
    /// A date or part of one: 5月初, 12月31日, 2015.01.09.
    Date,
    /// A length of time: 0.5个工作日, 3年.
    Duration,
    /// A rank or ordinal: 第1, 第三.
    Rank,
    /// A score: 99.83分.
    Score,
    /// A physical or other measured quantity: 公里, 平方米, 吨 …
    Measure,
    /// A ratio written with colons: 12.8:45.4:41.9.
    Ratio,
    /// A bare number whose unit the text does not give.
    Number,
    /// A number that names rather than counts: 十九大, 12309, document numbers, phone numbers.
    Identifier,
}

impl FigureKind {
    /// Every kind, in documentation order.
    pub const ALL: [FigureKind; 14] = [
        FigureKind::Count,
        FigureKind::Money,
        FigureKind::Percent,
        FigureKind::Points,
        FigureKind::Multiple,
        FigureKind::Year,
        FigureKind::Date,
        FigureKind::Duration,
        FigureKind::Rank,
        FigureKind::Score,
        FigureKind::Measure,
        FigureKind::Ratio,
        FigureKind::Number,
        FigureKind::Identifier,
    ];

    /// The name used in XML, JSON and tables.
    pub fn as_str(self) -> &'static str {
        match self {
            FigureKind::Count => "count",
            FigureKind::Money => "money",
            FigureKind::Percent => "percent",
            FigureKind::Points => "points",
            FigureKind::Multiple => "multiple",
            FigureKind::Year => "year",
            FigureKind::Date => "date",
            FigureKind::Duration => "duration",
            FigureKind::Rank => "rank",
            FigureKind::Score => "score",
            FigureKind::Measure => "measure",
            FigureKind::Ratio => "ratio",
            FigureKind::Number => "number",
            FigureKind::Identifier => "identifier",
        }
    }

    /// Parses the name used in XML, JSON and tables.
    pub fn from_name(name: &str) -> Option<FigureKind> {
        FigureKind::ALL.into_iter().find(|k| k.as_str() == name)
    }
}

/// Which way an approximation marker moves the true value from the stated one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Bound {
    /// 约, 左右, 上下: near the stated value, either side.
    About,
    /// 余, 多, 以上, 超过, 逾: at least the stated value.
    Over,
    /// 近, 不到, 以下, 不足: at most the stated value.
    Under,
}

impl Bound {
    /// The name used in XML and JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Bound::About => "about",
            Bound::Over => "over",
            Bound::Under => "under",
        }
    }

    /// Parses the name used in XML and JSON.
    pub fn from_name(name: &str) -> Option<Bound> {
        match name {
            "about" => Some(Bound::About),
            "over" => Some(Bound::Over),
            "under" => Some(Bound::Under),
            _ => None,
        }
    }
}

/// An approximation marker attached to a figure.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approx {
    /// The marker as written (`约`, `餘`, `以上`).
    pub marker: CompactString,
    /// Which way it moves the value.
    pub bound: Bound,
}

/// A number found in the text, with what it measures.
///
/// `text` is the figure as stated (`9882.60萬元`, `约90%`, `20餘家`); `value` its normalized value
/// as a decimal string in `unit`, with scale words applied (`9882.60萬元` → value `98826000`, unit
/// `元`); `exponent` the power of ten of the last stated digit in that unit (`9882.60萬` → 2,
/// `88.09` → −2), which fixes the rounding interval the stated value stands for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Figure {
    /// Identifier unique in the report (`f1`, `f2` …), for findings to refer to.
    pub id: CompactString,
    /// What it measures.
    pub kind: FigureKind,
    /// The text as stated.
    pub text: CompactString,
    /// Normalized value: a decimal string (`98826000`, `88.09`; with an exponent for a number
    /// stated with one, `1.0e308`), an ISO 8601 date or partial date
    /// (`2015-01-09`, `--05`) for dates, the digits for identifiers.
    pub value: Option<CompactString>,
    /// Upper end of a range (`3~5万元` → value `30000`, value_max `50000`).
    pub value_max: Option<CompactString>,
    /// Power of ten of the last stated digit, in `unit`.
    pub exponent: i32,
    /// Normalized unit (`元`, `件`, `%`, `个百分点`, `年`); simplified characters.
    pub unit: Option<CompactString>,
    /// Approximation marker, if any.
    pub approx: Option<Approx>,
    /// The noun phrase the figure counts or measures, as well as the text allows.
    pub subject: Option<CompactString>,
    /// Its span.
    pub span: Span,
}

impl Report {
    /// The normalized text the report was read from: every leaf's text in document order. Leaves
    /// whose spans are not adjacent are separated by one `\n` (the paragraph separator), so a
    /// run-in heading and its paragraph, which share a source line, stay joined.
    pub fn text(&self) -> String {
        let mut out = String::new();
        let mut first = true;
        self.visit_lines(&mut |_, line| {
            if !first {
                out.push('\n');
            }
            out.push_str(line);
            first = false;
        });
        out
    }

    /// Calls `f` on each line of [`Report::text`] (a run of leaves whose spans are adjacent)
    /// with the offset where it starts, in document order.
    pub fn visit_lines(&self, f: &mut impl FnMut(usize, &str)) {
        let mut line = String::new();
        // Where the current line starts and its last leaf ends.
        let mut run: Option<(usize, usize)> = None;
        self.visit_leaves(&mut |span, write| {
            let start = match run {
                Some((start, end)) if end == span.start => start,
                Some((start, _)) => {
                    f(start, &line);
                    line.clear();
                    span.start
                }
                None => span.start,
            };
            write(&mut line);
            run = Some((start, span.end));
        });
        if let Some((start, _)) = run {
            f(start, &line);
        }
    }

    /// Whether any leaf holds a character that is not white space.
    pub fn has_text(&self) -> bool {
        let (mut found, mut leaf) = (false, String::new());
        self.visit_leaves(&mut |_, write| {
            if !found {
                leaf.clear();
                write(&mut leaf);
                found = leaf.chars().any(|c| !c.is_whitespace());
            }
        });
        found
    }

    /// The text of every leaf block in document order: the title, each paragraph, each heading
    /// with its marker, each table row with its cells joined by `|`. These are the paragraphs
    /// a writer sets; [`Report::text`] joins those whose spans are adjacent.
    pub fn leaf_texts(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.visit_leaves(&mut |_, write| {
            let mut text = String::new();
            write(&mut text);
            out.push(text);
        });
        out
    }

    /// Calls `f` on every leaf block in document order with its span and a function that
    /// writes its text.
    fn visit_leaves(&self, f: &mut LeafVisitor) {
        for block in &self.body {
            visit_block_leaves(block, f);
        }
    }

    /// Every figure in document order.
    pub fn figures(&self) -> Vec<&Figure> {
        let mut out = Vec::new();
        self.visit_inlines(&mut |inline| {
            if let Inline::Figure(f) = inline {
                out.push(&**f);
            }
        });
        out
    }

    /// Calls `f` on every inline node in document order (headings included).
    pub fn visit_inlines<'a>(&'a self, f: &mut impl FnMut(&'a Inline)) {
        for block in &self.body {
            visit_block_inlines(block, f);
        }
    }

    /// Every section at any depth, in document order.
    pub fn sections(&self) -> Vec<&Section> {
        fn walk<'a>(blocks: &'a [Block], out: &mut Vec<&'a Section>) {
            for block in blocks {
                if let Block::Section(s) = block {
                    out.push(s);
                    walk(&s.blocks, out);
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.body, &mut out);
        out
    }
}

/// What [`Report::visit_leaves`] calls: a leaf's span and a function that writes its text.
type LeafVisitor<'a> = dyn FnMut(Span, &dyn Fn(&mut String)) + 'a;

fn visit_block_leaves(block: &Block, f: &mut LeafVisitor) {
    match block {
        Block::Title(p) | Block::Paragraph(p) => f(p.span, &|o| push_inlines(&p.inlines, o)),
        Block::Element(e) => f(e.span, &|o| push_inlines(&e.inlines, o)),
        Block::Section(s) => {
            f(s.heading.span, &|o| {
                o.push_str(&s.heading.marker.text);
                push_inlines(&s.heading.inlines, o);
            });
            for b in &s.blocks {
                visit_block_leaves(b, f);
            }
        }
        Block::Table(t) => {
            for row in &t.rows {
                f(row.span, &|o| {
                    for (i, cell) in row.cells.iter().enumerate() {
                        if i > 0 {
                            o.push('|');
                        }
                        push_inlines(&cell.inlines, o);
                    }
                });
            }
        }
    }
}

fn push_inlines(inlines: &[Inline], out: &mut String) {
    for inline in inlines {
        out.push_str(inline.text());
    }
}

fn visit_block_inlines<'a>(block: &'a Block, f: &mut impl FnMut(&'a Inline)) {
    match block {
        Block::Title(p) | Block::Paragraph(p) => p.inlines.iter().for_each(&mut *f),
        Block::Element(e) => e.inlines.iter().for_each(&mut *f),
        Block::Section(s) => {
            s.heading.inlines.iter().for_each(&mut *f);
            for b in &s.blocks {
                visit_block_inlines(b, f);
            }
        }
        Block::Table(t) => {
            for row in &t.rows {
                for cell in &row.cells {
                    cell.inlines.iter().for_each(&mut *f);
                }
            }
        }
    }
}
