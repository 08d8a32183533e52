//! The styles, font table and settings parts: where the 公文 look lives.
//!
//! Element order inside `w:pPr`, `w:rPr` and `w:style` follows the OOXML schema exactly; Word
//! silently drops properties written out of order.

use super::write::XmlOut;
use super::{Fonts, W_NS};
use crate::error::Result;
use crate::format::gbt9704 as g;
use crate::model::Script;

/// Exact line pitch in twips: 22 lines fill the 225 mm text block (rounded down, so they fit).
pub(super) const LINE_PITCH: u32 = (g::LINE_PITCH * 1440.0 / 25.4) as u32;
/// Body text size in half-points (3号, 16 pt).
const BODY_SIZE: u32 = (g::BODY_SIZE * 2.0) as u32;
/// Title size in half-points (2号, 22 pt).
const TITLE_SIZE: u32 = (g::TITLE_SIZE * 2.0) as u32;
/// Page-number size in half-points (4号, 14 pt).
pub(super) const PAGE_NUMBER_SIZE: u32 = (g::SMALL_SIZE * 2.0) as u32;
/// Comment text size in half-points (五号, 10.5 pt).
const COMMENT_SIZE: &str = "21";
/// Character spacing in twentieths of a point (−0.25 pt): 28 characters fill a 156 mm line.
const CHARACTER_SPACING: i32 = -5;
/// The advance of a body character in twips: its size less the character spacing.
pub(super) const ADVANCE: u32 = (BODY_SIZE as i32 * 10 + CHARACTER_SPACING) as u32;
/// The style of the 公文 elements.
pub(super) const ELEMENT_STYLE: &str = "Element";
/// Two body characters, in twips, the first-line indent for readers that ignore character units.
const INDENT_TWO_CHARS: &str = "640";

/// What a font is used for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// The title: 小标宋.
    Title,
    /// Body text and headings of levels 3 and 4: 仿宋.
    Body,
    /// Level-1 headings: 黑体.
    Hei,
    /// Level-2 headings: 楷体.
    Kai,
    /// Page numbers: 宋体.
    PageNumber,
}

impl Role {
    /// The face of a heading of a level (1–4).
    pub(super) fn of_heading(level: u8) -> Role {
        match level {
            1 => Role::Hei,
            2 => Role::Kai,
            _ => Role::Body,
        }
    }
}

/// A font: the name the styles ask for, an alternative name Word tries when it is missing, and
/// the font table's family and pitch.
struct Font {
    name: &'static str,
    alt: &'static str,
    family: &'static str,
    pitch: &'static str,
}

const SONG: Font = Font {
    name: "宋体",
    alt: "SimSun",
    family: "auto",
    pitch: "variable",
};

fn font(fonts: Fonts, role: Role) -> Font {
    let fixed = |name, alt| Font {
        name,
        alt,
        family: "modern",
        pitch: "fixed",
    };
    match (fonts, role) {
        (Fonts::Gongwen, Role::Title) => Font {
            name: "方正小标宋简体",
            alt: "宋体",
            family: "script",
            pitch: "variable",
        },
        (Fonts::GongwenGbk, Role::Title) => Font {
            name: "方正小标宋_GBK",
            alt: "宋体",
            family: "script",
            pitch: "variable",
        },
        (Fonts::Gongwen, Role::Body) => fixed("仿宋_GB2312", "仿宋"),
        (Fonts::Gongwen, Role::Kai) => fixed("楷体_GB2312", "楷体"),
        (Fonts::GongwenGbk, Role::Body) => fixed("仿宋", "FangSong"),
        (Fonts::GongwenGbk, Role::Kai) => fixed("楷体", "KaiTi"),
        (Fonts::Plain, Role::Title) | (_, Role::PageNumber) => SONG,
        (Fonts::Plain, Role::Body) => fixed("仿宋", "FangSong"),
        (Fonts::Plain, Role::Kai) => fixed("楷体", "KaiTi"),
        (_, Role::Hei) => fixed("黑体", "SimHei"),
    }
}

/// The font name a role asks for.
pub(super) fn font_name(fonts: Fonts, role: Role) -> &'static str {
    font(fonts, role).name
}

/// Writes `w:rFonts` naming one font in all four slots.
pub(super) fn rfonts(x: &mut XmlOut, name: &str, hint: bool) -> Result<()> {
    let mut attrs = vec![
        ("w:ascii", name),
        ("w:hAnsi", name),
        ("w:eastAsia", name),
        ("w:cs", name),
    ];
    if hint {
        attrs.push(("w:hint", "eastAsia"));
    }
    x.empty("w:rFonts", &attrs)
}

/// The language tag of East Asian text.
pub(super) fn east_asian_language(script: Script) -> &'static str {
    match script {
        Script::Simplified => "zh-CN",
        Script::Traditional => "zh-TW",
    }
}

/// `word/styles.xml`.
///
/// With `comments`, also the two styles Word gives comments: `CommentText` (the comment's
/// paragraphs, 10.5 pt without the body's grid and indent) and `CommentReference` (the mark).
pub(super) fn styles(fonts: Fonts, script: Script, comments: bool) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open("w:styles", &[("xmlns:w", W_NS)])?;

    x.open("w:docDefaults", &[])?;
    x.open("w:rPrDefault", &[])?;
    x.open("w:rPr", &[])?;
    rfonts(&mut x, font_name(fonts, Role::Body), false)?;
    x.empty("w:kern", &[("w:val", "2")])?;
    x.empty("w:sz", &[("w:val", "32")])?;
    x.empty("w:szCs", &[("w:val", "32")])?;
    x.empty(
        "w:lang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", east_asian_language(script)),
            ("w:bidi", "ar-SA"),
        ],
    )?;
    x.close("w:rPr")?;
    x.close("w:rPrDefault")?;
    x.open("w:pPrDefault", &[])?;
    x.open("w:pPr", &[])?;
    spacing(&mut x, 0)?;
    x.close("w:pPr")?;
    x.close("w:pPrDefault")?;
    x.close("w:docDefaults")?;

    // Normal: the body.
    let body = font_name(fonts, Role::Body);
    style_head(&mut x, "Normal", "Normal", None, true)?;
    x.open("w:pPr", &[])?;
    // No single line of a paragraph at the foot or the head of a page, as in the PDF.
    x.empty("w:widowControl", &[])?;
    grid_text(&mut x)?;
    spacing(&mut x, 0)?;
    indent_two_chars(&mut x)?;
    x.empty("w:jc", &[("w:val", "both")])?;
    x.close("w:pPr")?;
    run_properties(&mut x, body, BODY_SIZE, CHARACTER_SPACING)?;
    x.close("w:style")?;

    // Element: the 公文 elements (版头, 主送, 署名 …), each placed by its own indents in twips.
    // Not based on Normal and without indents of its own: a character indent in the style
    // (Normal's `w:firstLineChars`) would override the paragraphs' twips in Word.
    x.open(
        "w:style",
        &[("w:type", "paragraph"), ("w:styleId", ELEMENT_STYLE)],
    )?;
    x.empty("w:name", &[("w:val", "gongwen element")])?;
    x.empty("w:uiPriority", &[("w:val", "11")])?;
    x.empty("w:qFormat", &[])?;
    x.open("w:pPr", &[])?;
    x.empty("w:widowControl", &[("w:val", "0")])?;
    grid_text(&mut x)?;
    spacing(&mut x, 0)?;
    x.empty("w:jc", &[("w:val", "left")])?;
    x.close("w:pPr")?;
    run_properties(&mut x, body, BODY_SIZE, CHARACTER_SPACING)?;
    x.close("w:style")?;

    // Title: 22 pt 小标宋, centred, no indent.
    style_head(&mut x, "Title", "Title", Some(10), false)?;
    x.open("w:pPr", &[])?;
    x.empty("w:keepNext", &[])?;
    // Off the grid, or LibreOffice gives the 22 pt line two lines of the grid: its exact
    // spacing keeps it on one.
    x.empty("w:snapToGrid", &[("w:val", "0")])?;
    spacing(&mut x, g::BLANK_LINES_BELOW_TITLE as u32 * LINE_PITCH)?;
    no_indent(&mut x)?;
    x.empty("w:jc", &[("w:val", "center")])?;
    x.close("w:pPr")?;
    run_properties(&mut x, font_name(fonts, Role::Title), TITLE_SIZE, 0)?;
    x.close("w:style")?;

    // heading 1–4: named as Word names its built-in headings, so Word recognises them.
    for level in 1..=4u8 {
        let id = format!("Heading{level}");
        let name = format!("heading {level}");
        style_head(&mut x, &id, &name, Some(9), false)?;
        x.open("w:pPr", &[])?;
        x.empty("w:keepNext", &[])?;
        spacing(&mut x, 0)?;
        indent_two_chars(&mut x)?;
        x.empty("w:outlineLvl", &[("w:val", &(level - 1).to_string())])?;
        x.close("w:pPr")?;
        let role = Role::of_heading(level);
        x.open("w:rPr", &[])?;
        rfonts(&mut x, font_name(fonts, role), false)?;
        x.empty("w:b", &[("w:val", "0")])?;
        x.empty("w:bCs", &[("w:val", "0")])?;
        x.empty("w:i", &[("w:val", "0")])?;
        x.empty("w:iCs", &[("w:val", "0")])?;
        x.empty("w:color", &[("w:val", "auto")])?;
        x.empty("w:spacing", &[("w:val", &CHARACTER_SPACING.to_string())])?;
        x.empty("w:sz", &[("w:val", &BODY_SIZE.to_string())])?;
        x.empty("w:szCs", &[("w:val", &BODY_SIZE.to_string())])?;
        x.close("w:rPr")?;
        x.close("w:style")?;
    }

    // Footer: the page numbers, outside the grid.
    open_off_grid_style(&mut x, "Footer", "footer")?;
    x.close("w:pPr")?;
    let size = PAGE_NUMBER_SIZE.to_string();
    x.open("w:rPr", &[])?;
    rfonts(&mut x, font_name(fonts, Role::PageNumber), false)?;
    x.empty("w:spacing", &[("w:val", "0")])?;
    x.empty("w:sz", &[("w:val", &size)])?;
    x.empty("w:szCs", &[("w:val", &size)])?;
    x.close("w:rPr")?;
    x.close("w:style")?;

    // Table Grid: single borders, cells outside the first-line indent.
    x.open(
        "w:style",
        &[("w:type", "table"), ("w:styleId", "TableGrid")],
    )?;
    x.empty("w:name", &[("w:val", "Table Grid")])?;
    x.empty("w:uiPriority", &[("w:val", "59")])?;
    x.open("w:tblPr", &[])?;
    x.open("w:tblBorders", &[])?;
    for side in [
        "w:top",
        "w:left",
        "w:bottom",
        "w:right",
        "w:insideH",
        "w:insideV",
    ] {
        x.empty(
            side,
            &[
                ("w:val", "single"),
                ("w:sz", "4"),
                ("w:space", "0"),
                ("w:color", "auto"),
            ],
        )?;
    }
    x.close("w:tblBorders")?;
    x.close("w:tblPr")?;
    x.close("w:style")?;

    if comments {
        comment_styles(&mut x)?;
    }
    x.close("w:styles")?;
    Ok(x.finish())
}

/// Opens a paragraph style that stays off the document grid (footer, comment text): single line
/// spacing, no indent. Leaves `w:pPr` open for what else the style sets.
fn open_off_grid_style(x: &mut XmlOut, id: &str, name: &str) -> Result<()> {
    x.open("w:style", &[("w:type", "paragraph"), ("w:styleId", id)])?;
    x.empty("w:name", &[("w:val", name)])?;
    x.empty("w:basedOn", &[("w:val", "Normal")])?;
    x.empty("w:uiPriority", &[("w:val", "99")])?;
    x.empty("w:unhideWhenUsed", &[])?;
    x.open("w:pPr", &[])?;
    x.empty("w:snapToGrid", &[("w:val", "0")])?;
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", "0"),
            ("w:line", "240"),
            ("w:lineRule", "auto"),
        ],
    )?;
    no_indent(x)
}

/// `annotation text` and `annotation reference`, the styles of Word's comments.
fn comment_styles(x: &mut XmlOut) -> Result<()> {
    open_off_grid_style(x, "CommentText", "annotation text")?;
    x.empty("w:jc", &[("w:val", "left")])?;
    x.close("w:pPr")?;
    x.open("w:rPr", &[])?;
    x.empty("w:spacing", &[("w:val", "0")])?;
    x.empty("w:sz", &[("w:val", COMMENT_SIZE)])?;
    x.empty("w:szCs", &[("w:val", COMMENT_SIZE)])?;
    x.close("w:rPr")?;
    x.close("w:style")?;

    x.open(
        "w:style",
        &[("w:type", "character"), ("w:styleId", "CommentReference")],
    )?;
    x.empty("w:name", &[("w:val", "annotation reference")])?;
    x.empty("w:uiPriority", &[("w:val", "99")])?;
    x.empty("w:unhideWhenUsed", &[])?;
    x.open("w:rPr", &[])?;
    x.empty("w:sz", &[("w:val", COMMENT_SIZE)])?;
    x.empty("w:szCs", &[("w:val", COMMENT_SIZE)])?;
    x.close("w:rPr")?;
    x.close("w:style")
}

/// `w:name` … `w:qFormat` of a paragraph style based on Normal (or of Normal itself).
fn style_head(
    x: &mut XmlOut,
    id: &str,
    name: &str,
    priority: Option<u32>,
    default: bool,
) -> Result<()> {
    let mut attrs = vec![("w:type", "paragraph")];
    if default {
        attrs.push(("w:default", "1"));
    }
    attrs.push(("w:styleId", id));
    x.open("w:style", &attrs)?;
    x.empty("w:name", &[("w:val", name)])?;
    if !default {
        x.empty("w:basedOn", &[("w:val", "Normal")])?;
        x.empty("w:next", &[("w:val", "Normal")])?;
    }
    if let Some(p) = priority {
        x.empty("w:uiPriority", &[("w:val", &p.to_string())])?;
    }
    x.empty("w:qFormat", &[])
}

/// No space before or after, exact line pitch: every line sits on the grid.
/// Keeps text on the 28-character grid: no extra space between Chinese and Latin text or
/// digits (Word reads these two, LibreOffice 7 ignores them and adds the space), and
/// `w:overflowPunct` written out as on. On is Word's default (a closing mark may hang into
/// the margin); LibreOffice reads the attribute inverted, so written out it stops LibreOffice
/// hanging marks where it would by default, and the line breaks as in the PDF.
fn grid_text(x: &mut XmlOut) -> Result<()> {
    x.empty("w:overflowPunct", &[("w:val", "1")])?;
    x.empty("w:autoSpaceDE", &[("w:val", "0")])?;
    x.empty("w:autoSpaceDN", &[("w:val", "0")])
}

/// Exact line spacing on the grid, nothing before, `after` twips after.
fn spacing(x: &mut XmlOut, after: u32) -> Result<()> {
    x.empty(
        "w:spacing",
        &[
            ("w:before", "0"),
            ("w:after", &after.to_string()),
            ("w:line", &LINE_PITCH.to_string()),
            ("w:lineRule", "exact"),
        ],
    )
}

fn indent_two_chars(x: &mut XmlOut) -> Result<()> {
    x.empty(
        "w:ind",
        &[
            ("w:firstLineChars", "200"),
            ("w:firstLine", INDENT_TWO_CHARS),
        ],
    )
}

/// Cancels the first-line indent in both units.
pub(super) fn no_indent(x: &mut XmlOut) -> Result<()> {
    x.empty("w:ind", &[("w:firstLineChars", "0"), ("w:firstLine", "0")])
}

fn run_properties(x: &mut XmlOut, font: &str, size: u32, spacing: i32) -> Result<()> {
    let size = size.to_string();
    x.open("w:rPr", &[])?;
    rfonts(x, font, false)?;
    x.empty("w:spacing", &[("w:val", &spacing.to_string())])?;
    x.empty("w:kern", &[("w:val", "2")])?;
    x.empty("w:sz", &[("w:val", &size)])?;
    x.empty("w:szCs", &[("w:val", &size)])?;
    x.close("w:rPr")
}

/// `word/fontTable.xml`: every font the styles name, with an alternative name and the GB2312
/// character set so Word can substitute sensibly.
pub(super) fn font_table(fonts: Fonts) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open("w:fonts", &[("xmlns:w", W_NS)])?;
    let mut seen = Vec::new();
    for role in [
        Role::Body,
        Role::Title,
        Role::Hei,
        Role::Kai,
        Role::PageNumber,
    ] {
        let f = font(fonts, role);
        if seen.contains(&f.name) {
            continue;
        }
        seen.push(f.name);
        x.open("w:font", &[("w:name", f.name)])?;
        x.empty("w:altName", &[("w:val", f.alt)])?;
        x.empty("w:charset", &[("w:val", "86")])?;
        x.empty("w:family", &[("w:val", f.family)])?;
        x.empty("w:pitch", &[("w:val", f.pitch)])?;
        x.close("w:font")?;
    }
    x.close("w:fonts")?;
    Ok(x.finish())
}

/// `word/settings.xml`: odd and even footers, no punctuation compression (it would break the
/// 28-character line), Word 2013+ compatibility.
pub(super) fn settings(script: Script) -> Result<Vec<u8>> {
    let mut x = XmlOut::new();
    x.open("w:settings", &[("xmlns:w", W_NS)])?;
    x.empty("w:zoom", &[("w:percent", "100")])?;
    x.empty("w:defaultTabStop", &[("w:val", "420")])?;
    x.empty("w:evenAndOddHeaders", &[])?;
    x.empty("w:characterSpacingControl", &[("w:val", "doNotCompress")])?;
    x.open("w:compat", &[])?;
    x.empty(
        "w:compatSetting",
        &[
            ("w:name", "compatibilityMode"),
            ("w:uri", "http://schemas.microsoft.com/office/word"),
            ("w:val", "15"),
        ],
    )?;
    x.close("w:compat")?;
    x.empty(
        "w:themeFontLang",
        &[
            ("w:val", "en-US"),
            ("w:eastAsia", east_asian_language(script)),
        ],
    )?;
    x.empty("w:decimalSymbol", &[("w:val", ".")])?;
    x.empty("w:listSeparator", &[("w:val", ",")])?;
    x.close("w:settings")?;
    Ok(x.finish())
}
