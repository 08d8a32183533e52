//! The PDF writer's layout on hand-made paragraphs: GB/T 15834 line breaking, the 28-character
//! grid, justification, titles, keep-with-next, fonts and the missing-glyph error.

use gongwen::format::pdf::fonts::{FontOptions, FontSet, Role};
use gongwen::format::pdf::layout::{
    self, Align, BLOCK_LEFT, BLOCK_WIDTH, BODY_SIZE, CHAR_PITCH, FlowBlock, Line, LineKind, Para,
    TITLE_SIZE,
};
use gongwen::format::pdf::{self as pdf, PdfOptions, linebreak};
use gongwen::model::{Block, Inline, Paragraph, Report, Span, Text};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn para(role: Role, text: &str, size: f32, align: Align, kind: LineKind) -> Para {
    Para {
        runs: vec![(role, text.to_string())],
        size,
        align,
        kind,
        keep_with_next: kind == LineKind::Heading,
        outline: None,
        color: layout::BLACK,
    }
}

fn fonts_for(paras: &[&Para], options: &FontOptions) -> FontSet {
    let mut fonts = FontSet::load(options).expect("fonts");
    let mut used: BTreeSet<(Role, char)> = layout::PAGE_NUMBER_CHARS
        .chars()
        .map(|c| (Role::Body, c))
        .collect();
    for p in paras {
        for (role, text) in &p.runs {
            used.extend(text.chars().map(|c| (*role, c)));
        }
    }
    fonts.resolve(&used).expect("glyphs");
    fonts
}

/// Sets a body paragraph with the built-in font.
fn body(text: &str) -> Vec<Line> {
    let p = para(Role::Body, text, BODY_SIZE, Align::Justify, LineKind::Body);
    let fonts = fonts_for(&[&p], &FontOptions::default());
    layout::set_paragraph(&p, &fonts).expect("layout")
}

fn texts(lines: &[Line]) -> Vec<String> {
    lines.iter().map(Line::text).collect()
}

fn right_edge(line: &Line) -> f32 {
    line.x + line.width
}

fn near(a: f32, b: f32) -> bool {
    (a - b).abs() < 0.05
}

const HAN: &str = "法治政府建设情况报告全面推进依法行政工作取得新的成效各项任务落实到位群众满意";

fn han(n: usize) -> String {
    HAN.chars().cycle().take(n).collect()
}

#[test]
fn twenty_eight_characters_fill_a_line() {
    // 26 after the two-character indent, then 28, then the rest.
    let text = han(26 + 28 + 5);
    let lines = body(&text);
    assert_eq!(
        lines.iter().map(Line::char_count).collect::<Vec<_>>(),
        [26, 28, 5]
    );
    assert!(near(lines[0].x, BLOCK_LEFT + 2.0 * CHAR_PITCH));
    assert!(near(lines[1].x, BLOCK_LEFT));
    for line in &lines[..2] {
        assert!(near(right_edge(line), BLOCK_LEFT + BLOCK_WIDTH), "{line:?}");
    }
    // A full line of ideographs needs no stretching: each advances exactly one grid step.
    for g in lines[1].runs.iter().flat_map(|r| &r.glyphs) {
        assert!(near(g.advance, CHAR_PITCH), "{g:?}");
    }
    assert!(near(CHAR_PITCH * 28.0, BLOCK_WIDTH));
}

#[test]
fn closing_punctuation_never_starts_a_line() {
    // The comma would be the 27th character after the indent: the character before it moves
    // down with it (pushed out) and the shorter line is justified.
    let lines = body(&format!("{}，{}", han(26), han(10)));
    assert_eq!(lines[0].char_count(), 25, "{:?}", texts(&lines));
    assert!(lines[1].text().starts_with("效，"), "{:?}", texts(&lines));
    assert!(
        near(right_edge(&lines[0]), BLOCK_LEFT + BLOCK_WIDTH),
        "pushed-out line is justified: {:?}",
        lines[0]
    );
    // Two closing marks move down with the character before them.
    let lines = body(&format!("{}。”{}", han(26), han(10)));
    assert!(lines[1].text().starts_with("效。”"), "{:?}", texts(&lines));
}

#[test]
fn lines_of_a_paragraph_of_millions_of_characters_are_as_wide_as_the_first() {
    // 9 pt characters in a 442 pt line: 49 a line. A running sum of widths in f32 stops
    // counting 9 pt steps exactly past 2^24 pt (about 1.9 million characters), which once made
    // the later lines of such a paragraph 55 characters long, past the margin.
    let n = 3_000_000;
    let chars = vec!['a'; n];
    let advances = vec![9.0f32; n];
    let allowed = vec![false; n];
    let lines = linebreak::break_lines(&chars, &advances, &allowed, 442.0, 442.0);
    assert_eq!(lines.len(), n.div_ceil(49));
    for line in &lines[..lines.len() - 1] {
        assert_eq!(line.end - line.start, 49);
        assert!(near(line.width, 441.0), "{line:?}");
    }
}

#[test]
fn closing_punctuation_overflowing_by_half_its_width_is_pushed_in() {
    let chars: Vec<char> = "一二三，四".chars().collect();
    let advances = [10.0; 5];
    let allowed = linebreak::opportunities("一二三，四");
    let lines = linebreak::break_lines(&chars, &advances, &allowed, 35.0, 35.0);
    assert_eq!((lines[0].start, lines[0].end), (0, 4));
    assert!(lines[0].compressed_last);
    assert!(near(lines[0].width, 35.0));
    assert_eq!((lines[1].start, lines[1].end), (4, 5));
}

#[test]
fn every_closing_mark_is_kept_off_the_line_start() {
    for mark in "，。、；：？！）》」』”’".chars() {
        for offset in 24..28 {
            let text = format!("{}{mark}{}", han(offset), han(40));
            for line in body(&text).iter().skip(1) {
                let first = line.text().chars().next().unwrap_or(' ');
                assert_ne!(first, mark, "offset {offset}: {}", line.text());
            }
        }
    }
}

#[test]
fn opening_punctuation_never_ends_a_line() {
    for mark in "（《「『“‘".chars() {
        for offset in 24..28 {
            let text = format!("{}{mark}{}", han(offset), han(40));
            let lines = body(&text);
            for line in &lines[..lines.len() - 1] {
                let last = line.text().chars().last().unwrap_or(' ');
                assert_ne!(last, mark, "offset {offset}: {:?}", texts(&lines));
            }
        }
    }
}

#[test]
fn dashes_and_ellipses_are_never_split() {
    for mark in ["——", "……"] {
        for offset in 23..28 {
            let text = format!("{}{mark}{}", han(offset), han(40));
            let lines = body(&text);
            assert!(
                lines.iter().any(|l| l.text().contains(mark)),
                "{mark} split at offset {offset}: {:?}",
                texts(&lines)
            );
        }
    }
}

#[test]
fn latin_and_digit_runs_stay_whole_at_their_real_widths() {
    let text = format!("{}ABCDEFGHIJ{}", han(22), han(30));
    let lines = body(&text);
    assert!(
        lines.iter().any(|l| l.text().contains("ABCDEFGHIJ")),
        "{:?}",
        texts(&lines)
    );
    let text = format!("{}12345.67{}", han(23), han(30));
    let lines = body(&text);
    assert!(lines.iter().any(|l| l.text().contains("12345.67")));
    // Digits are narrower than ideographs: measured, not put on the grid.
    let digits = body("2020");
    let width = digits[0].width;
    assert!(width < 3.0 * BODY_SIZE && width > BODY_SIZE, "{width}");
}

#[test]
fn lines_are_justified_except_the_last() {
    let text = format!("{}2020年,{}", han(20), han(40));
    let lines = body(&text);
    assert!(lines.len() >= 2);
    for line in &lines[..lines.len() - 1] {
        assert!(
            near(right_edge(line), BLOCK_LEFT + BLOCK_WIDTH),
            "{} ends at {}",
            line.text(),
            right_edge(line)
        );
    }
    let last = &lines[lines.len() - 1];
    assert!(last.last);
    for g in last.runs.iter().flat_map(|r| &r.glyphs) {
        assert!(near(g.advance, CHAR_PITCH), "last line stretched: {g:?}");
    }
}

#[test]
fn long_titles_break_into_balanced_centred_lines() {
    let title = han(30);
    let p = para(
        Role::Title,
        &title,
        TITLE_SIZE,
        Align::Center,
        LineKind::Title,
    );
    let fonts = fonts_for(&[&p], &FontOptions::default());
    let lines = layout::set_paragraph(&p, &fonts).expect("layout");
    assert_eq!(
        lines.iter().map(Line::char_count).collect::<Vec<_>>(),
        [15, 15]
    );
    for line in &lines {
        let centre = line.x + line.width / 2.0;
        assert!(near(centre, BLOCK_LEFT + BLOCK_WIDTH / 2.0), "{line:?}");
    }
}

#[test]
fn a_heading_is_never_alone_at_a_page_foot() {
    let mut paras = Vec::new();
    for _ in 0..21 {
        paras.push(para(
            Role::Body,
            "正文。",
            BODY_SIZE,
            Align::Justify,
            LineKind::Body,
        ));
    }
    paras.push(para(
        Role::Heading1,
        "一、标题",
        BODY_SIZE,
        Align::Justify,
        LineKind::Heading,
    ));
    paras.push(para(
        Role::Body,
        "正文。",
        BODY_SIZE,
        Align::Justify,
        LineKind::Body,
    ));
    let refs: Vec<&Para> = paras.iter().collect();
    let fonts = fonts_for(&refs, &FontOptions::default());
    let blocks: Vec<FlowBlock> = paras.into_iter().map(FlowBlock::Para).collect();
    let layout = layout::lay_out(&blocks, &fonts).expect("layout");
    assert_eq!(layout.pages.len(), 2);
    let second: Vec<String> = layout.pages[1]
        .lines
        .iter()
        .filter(|l| l.kind != LineKind::PageNumber)
        .map(Line::text)
        .collect();
    assert_eq!(second, ["一、标题", "正文。"]);
    // Page numbers: odd right, even left.
    let number = |page: usize| {
        layout.pages[page]
            .lines
            .iter()
            .find(|l| l.kind == LineKind::PageNumber)
            .map(|l| (l.text(), l.x))
            .expect("page number")
    };
    assert_eq!(number(0).0, "— 1 —");
    assert_eq!(number(1).0, "— 2 —");
    assert!(number(0).1 > number(1).1);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Pages are filled in order and broken only where the next chain of headings and the line
    /// after it would not fit, whatever the mix of headings and body lines; no heading ends a
    /// page. (The paginator places items with a lookahead of one page, which chains of up to 21
    /// headings exercise.)
    #[test]
    fn pages_break_only_where_a_heading_chain_would_not_fit(
        runs in proptest::collection::vec((1usize..22, 1usize..30), 1..8)
    ) {
        // Alternating runs: up to 21 headings in a row (a chain and its next line fill at most a
        // page), then body lines.
        let mut paras = Vec::new();
        for (headings, bodies) in runs {
            for _ in 0..headings {
                let i = paras.len();
                paras.push(para(Role::Heading1, &format!("一、标题{i}"), BODY_SIZE, Align::Justify, LineKind::Heading));
            }
            for _ in 0..bodies {
                let i = paras.len();
                paras.push(para(Role::Body, &format!("正文{i}。"), BODY_SIZE, Align::Justify, LineKind::Body));
            }
        }
        let expected: Vec<String> = paras.iter().map(|p| p.runs[0].1.clone()).collect();
        let is_heading: Vec<bool> = paras.iter().map(|p| p.keep_with_next).collect();
        let pages = lines_per_page(paras);
        let placed: Vec<String> = pages.concat();
        proptest::prop_assert_eq!(&placed, &expected);
        let mut first = 0;
        for (n, page) in pages.iter().enumerate() {
            proptest::prop_assert!(!page.is_empty() && page.len() <= layout::LINES_PER_PAGE);
            let next = first + page.len();
            if next < expected.len() {
                proptest::prop_assert!(!is_heading[next - 1], "page {} ends with a heading", n + 1);
                let chain = is_heading[next..].iter().take_while(|h| **h).count() + 1;
                proptest::prop_assert!(
                    page.len() + chain > layout::LINES_PER_PAGE,
                    "page {} broke early: {} lines, next chain {}", n + 1, page.len(), chain
                );
            }
            first = next;
        }
    }
}

fn report(text: &str) -> Report {
    let span = Span::new(0, text.len());
    Report {
        body: vec![Block::Paragraph(Paragraph {
            inlines: vec![Inline::Text(Text {
                text: text.to_string(),
                span,
            })],
            span,
        })],
        ..Report::default()
    }
}

#[test]
fn a_character_no_font_has_is_an_error_that_lists_it() {
    let err = pdf::write(&report("这个字𪛖没有字形。"), &PdfOptions::default())
        .expect_err("U+2A6D6 is in no font");
    match &err {
        gongwen::Error::MissingGlyphs(chars) => assert_eq!(chars, &['\u{2A6D6}']),
        other => panic!("unexpected error {other:?}"),
    }
    let message = err.to_string();
    assert!(message.contains("U+2A6D6 '𪛖'"), "{message}");
    assert!(message.contains("--font"), "{message}");
}

#[test]
fn the_command_line_exits_2_on_missing_glyphs() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("gongwen-pdf-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let input = dir.join("missing.txt");
    // U+31350, the first of CJK Extension H (Unicode 15): the command line also looks in the
    // system's fonts, and Debian's Kai fonts cover Extension B.
    std::fs::write(&input, "这个字\u{31350}没有字形。\n").expect("input");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("convert")
        .arg(&input)
        .arg("-o")
        .arg(dir.join("missing.pdf"))
        .output()
        .expect("run gongwen");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("U+31350"), "{stderr}");
    assert!(!dir.join("missing.pdf").exists());
    std::fs::remove_dir_all(&dir).expect("remove the scratch directory");
}

#[test]
fn a_pdf_starts_and_ends_like_one() {
    let pdf = pdf::write(&report("全年办理案件515件。"), &PdfOptions::default()).expect("PDF");
    assert!(pdf.starts_with(b"%PDF-1.7"));
    assert!(pdf.windows(5).rev().take(64).any(|w| w == b"%%EOF"));
}

/// An installed font file, if this machine has it; prints a SKIP line otherwise.
fn installed(path: &str) -> Option<PathBuf> {
    let path = Path::new(path);
    if path.exists() {
        Some(path.to_path_buf())
    } else {
        println!("SKIP: {} not installed", path.display());
        None
    }
}

#[test]
fn a_font_given_for_a_role_is_used_and_the_rest_fall_back() {
    let Some(sans) = installed("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc") else {
        return;
    };
    let options = FontOptions {
        overrides: vec![(Role::Heading1, sans.clone())],
        system_fonts: false,
        ..Default::default()
    };
    let heading = para(
        Role::Heading1,
        "一、总体情况",
        BODY_SIZE,
        Align::Justify,
        LineKind::Heading,
    );
    let text = para(
        Role::Body,
        "总体正文。",
        BODY_SIZE,
        Align::Justify,
        LineKind::Body,
    );
    let fonts = fonts_for(&[&heading, &text], &options);
    assert!(fonts.font_name(Role::Heading1).contains("NotoSansCJK"));
    let h = fonts.glyph(Role::Heading1, '总').expect("glyph");
    let b = fonts.glyph(Role::Body, '总').expect("glyph");
    assert_ne!(h.font, b.font);

    // Through the writer: the PDF embeds both fonts.
    let options = PdfOptions {
        fonts: vec![(Role::Body, sans)],
        ..PdfOptions::default()
    };
    let pdf = pdf::write(&report("全年办理案件515件。"), &options).expect("PDF");
    assert!(pdf.windows(11).any(|w| w == b"NotoSansCJK"));
}

#[test]
fn a_latin_font_falls_back_to_the_built_in_font_for_chinese() {
    let Some(latin) = installed("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf") else {
        return;
    };
    let options = FontOptions {
        overrides: vec![(Role::Body, latin)],
        system_fonts: false,
        ..Default::default()
    };
    let p = para(
        Role::Body,
        "Report 2020 报告",
        BODY_SIZE,
        Align::Justify,
        LineKind::Body,
    );
    let fonts = fonts_for(&[&p], &options);
    let latin = fonts.glyph(Role::Body, 'R').expect("glyph");
    let han = fonts.glyph(Role::Body, '报').expect("glyph");
    assert!(
        fonts.name(latin.font).contains("DejaVuSans"),
        "Latin from the given font"
    );
    assert_eq!(
        fonts.name(han.font),
        "built-in Noto Serif CJK SC",
        "Chinese from the built-in font"
    );
}

#[test]
fn bookmarks_nest_by_level() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    ))
    .expect("sample");
    let doc = gongwen::read_text(&bytes, &Default::default()).expect("sample");
    let layout = pdf::lay_out(&doc.report, false).expect("layout");
    let mut per_level = [0usize; 3];
    for entry in &layout.outline {
        per_level[usize::from(entry.level) - 1] += 1;
    }
    assert_eq!(per_level, [4, 18, 29]);
    assert_eq!(layout.pages.len(), 18);
    // Entries are in page order.
    assert!(layout.outline.windows(2).all(|w| w[0].page <= w[1].page));
}

/// The layout the DOCX writer places its 版记 by is the PDF's with the same options: with the
/// punctuation fixed, the ASCII marks in Chinese text are laid out full-width.
#[test]
fn the_layout_fixes_punctuation_when_asked() {
    let text = "标题\n受理案件110件,其中复议60件;诉讼50件(含上诉)。\n";
    let doc = gongwen::read_text(text.as_bytes(), &Default::default()).expect("read");
    let body = |fix: bool| {
        let layout = pdf::lay_out(&doc.report, fix).expect("layout");
        layout.pages[0].lines[1].text()
    };
    assert_eq!(body(false), "受理案件110件,其中复议60件;诉讼50件(含上诉)。");
    assert_eq!(
        body(true),
        "受理案件110件，其中复议60件；诉讼50件（含上诉）。"
    );
}

#[test]
fn run_in_headings_flow_into_their_paragraph_in_the_heading_font() {
    let text = "标题\n一、总体情况\n（一）加强领导。区委常委会研究部署工作。\n";
    let doc = gongwen::read_text(text.as_bytes(), &Default::default()).expect("read");
    let layout = pdf::lay_out(&doc.report, false).expect("layout");
    let lines = &layout.pages[0].lines;
    let run_in = lines
        .iter()
        .find(|l| l.text().starts_with("（一）"))
        .expect("run-in line");
    assert_eq!(run_in.text(), "（一）加强领导。区委常委会研究部署工作。");
    assert_eq!(run_in.runs[0].role, Role::Heading2);
    assert_eq!(run_in.runs[0].text, "（一）加强领导。");
    assert_eq!(run_in.runs[1].role, Role::Body);
    let heading = lines
        .iter()
        .find(|l| l.text() == "一、总体情况")
        .expect("heading");
    assert_eq!(heading.kind, LineKind::Heading);
    assert_eq!(heading.runs[0].role, Role::Heading1);
    let titles: Vec<(u8, &str)> = layout
        .outline
        .iter()
        .map(|e| (e.level, e.title.as_str()))
        .collect();
    assert_eq!(titles, [(1, "一、总体情况"), (2, "（一）加强领导。")]);
}

#[test]
fn tables_are_ruled_grids_of_trimmed_cells() {
    let text = "标题\n说明文字。\n| 类别 | 件数 |\n|---|---|\n| 警告 | 1 |\n| 罚款 | 2 |\n结束语。";
    let doc = gongwen::read_text(text.as_bytes(), &Default::default()).expect("read");
    assert!(
        doc.report.body.iter().any(|b| matches!(b, Block::Table(_))),
        "{:?}",
        doc.report.body
    );
    let layout = pdf::lay_out(&doc.report, false).expect("layout");
    let page = &layout.pages[0];
    let cells: Vec<String> = page
        .lines
        .iter()
        .filter(|l| l.kind == LineKind::Cell)
        .map(Line::text)
        .collect();
    assert_eq!(cells, ["类别", "件数", "警告", "1", "罚款", "2"]);
    // Three rows: a top and bottom rule and three column edges each.
    assert_eq!(page.rules.len(), 3 * (2 + 3));
    let pdf_bytes = pdf::write(&doc.report, &PdfOptions::default()).expect("PDF");
    assert!(pdf_bytes.starts_with(b"%PDF"));
}

#[test]
fn a_table_row_taller_than_a_page_continues_on_the_next() {
    // A cell of 900 characters: over 30 lines, more than a page holds.
    let long = han(900);
    let text = format!("| 事项 | 说明 |\n|---|---|\n| 甲 | {long} |\n| 乙 | 短 |\n结束语。");
    let doc = gongwen::read_text(text.as_bytes(), &Default::default()).expect("read");
    let layout = pdf::lay_out(&doc.report, false).expect("layout");
    assert!(layout.pages.len() >= 2, "{} pages", layout.pages.len());
    let bottom = layout::BLOCK_TOP + layout::BLOCK_HEIGHT;
    let mut cells = String::new();
    for page in &layout.pages {
        for line in page.lines.iter().filter(|l| l.kind == LineKind::Cell) {
            assert!(
                line.top < bottom,
                "a cell line at {} pt, below the block",
                line.top
            );
            cells.push_str(&line.text());
        }
        for rule in &page.rules {
            assert!(rule.y1.max(rule.y2) <= bottom + BODY_SIZE, "{rule:?}");
        }
    }
    assert_eq!(cells, format!("事项说明甲{long}乙短"));
}

#[test]
fn spaces_and_invisible_characters_without_glyphs_are_still_drawn() {
    let pdf_bytes = pdf::write(
        &report("甲\t乙\u{200B}丙\u{2003}丁"),
        &PdfOptions::default(),
    );
    assert!(pdf_bytes.is_ok(), "{pdf_bytes:?}");
}

/// The horizontal extent of a glyph's outline in face `face` of a font file, in font units, and
/// the face's units per em.
fn outline_x_extent(font_file: &str, face: u32, glyph: u32) -> (f32, f32, f32) {
    use skrifa::MetadataProvider;
    use skrifa::outline::{DrawSettings, OutlinePen};
    use skrifa::raw::TableProvider;
    struct Bounds(f32, f32);
    impl OutlinePen for Bounds {
        fn move_to(&mut self, x: f32, _: f32) {
            self.0 = self.0.min(x);
            self.1 = self.1.max(x);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.move_to(x, y);
        }
        fn quad_to(&mut self, _: f32, _: f32, x: f32, y: f32) {
            self.move_to(x, y);
        }
        fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, x: f32, y: f32) {
            self.move_to(x, y);
        }
        fn close(&mut self) {}
    }
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fonts")
        .join(font_file);
    let data = std::fs::read(&path).expect("built-in font file");
    let font = skrifa::FontRef::from_index(&data, face).expect("font");
    let upem = f32::from(font.head().unwrap().units_per_em());
    let outline = font
        .outline_glyphs()
        .get(skrifa::GlyphId::new(glyph))
        .expect("outline");
    let mut bounds = Bounds(f32::MAX, f32::MIN);
    outline
        .draw(
            DrawSettings::unhinted(
                skrifa::instance::Size::unscaled(),
                skrifa::instance::LocationRef::default(),
            ),
            &mut bounds,
        )
        .expect("draws");
    (bounds.0, bounds.1, upem)
}

#[test]
fn traditional_text_is_drawn_in_traditional_forms_with_centred_punctuation() {
    let text = "骨述說戶，。";
    let paras: Vec<Para> = [Role::Body, Role::Title, Role::Heading1, Role::Heading2]
        .into_iter()
        .map(|role| para(role, text, BODY_SIZE, Align::Justify, LineKind::Body))
        .collect();
    let refs: Vec<&Para> = paras.iter().collect();
    let traditional = FontOptions {
        script: gongwen::model::Script::Traditional,
        system_fonts: false,
        ..Default::default()
    };
    let fonts = fonts_for(&refs, &traditional);
    let simplified = fonts_for(&refs, &FontOptions::default());
    let face = |role, c| {
        fonts
            .name(fonts.glyph(role, c).expect("glyph").font)
            .to_string()
    };
    for (role, tc, sc) in [
        (
            Role::Body,
            "built-in Noto Serif CJK TC",
            "built-in Noto Serif CJK SC",
        ),
        (
            Role::Title,
            "built-in Noto Serif CJK TC Bold",
            "built-in Noto Serif CJK SC Bold",
        ),
        (
            Role::Heading1,
            "built-in Noto Sans CJK TC Medium",
            "built-in Noto Sans CJK SC Medium",
        ),
    ] {
        for c in text.chars() {
            assert_eq!(face(role, c), tc, "{c} in {role:?}");
        }
        // Simplified text: the SC face.
        let glyph = simplified.glyph(role, '骨').expect("glyph");
        assert_eq!(simplified.name(glyph.font), sc, "骨 in Simplified {role:?}");
    }
    for c in text.chars() {
        assert_eq!(face(Role::Heading2, c), "built-in TW-Kai", "{c} in 楷体");
    }
    // ，。 of the Traditional faces sit in the middle of their em; the Simplified ones low left.
    for (role, file, face) in [
        (Role::Body, "NotoSerifCJK-gongwen.ttc", 1),
        (Role::Heading2, "TW-Kai-gongwen.ttf", 0),
    ] {
        for c in ['，', '。'] {
            let glyph = fonts.glyph(role, c).unwrap();
            let (left, right, upem) = outline_x_extent(file, face, glyph.id);
            let centre = (left + right) / 2.0 / upem;
            assert!(
                (centre - glyph.advance / 2.0).abs() < 0.05 * glyph.advance,
                "{c} of {file} is not centred: {centre} of {}",
                glyph.advance
            );
        }
    }
    let comma = simplified.glyph(Role::Body, '，').unwrap();
    let (left, right, upem) = outline_x_extent("NotoSerifCJK-gongwen.ttc", 0, comma.id);
    assert!((left + right) / 2.0 / upem < 0.35 * comma.advance);
}

/// The lines per page of blocks laid out with the built-in faces.
fn lines_per_page(paras: Vec<Para>) -> Vec<Vec<String>> {
    let refs: Vec<&Para> = paras.iter().collect();
    let fonts = fonts_for(&refs, &FontOptions::default());
    let blocks: Vec<FlowBlock> = paras.into_iter().map(FlowBlock::Para).collect();
    layout::lay_out(&blocks, &fonts)
        .expect("layout")
        .pages
        .iter()
        .map(|p| {
            p.lines
                .iter()
                .filter(|l| l.kind != LineKind::PageNumber)
                .map(Line::text)
                .collect()
        })
        .collect()
}

#[test]
fn no_paragraph_leaves_a_single_line_at_the_foot_or_the_head_of_a_page() {
    let short = |i: usize| {
        para(
            Role::Body,
            &format!("正文{i}。"),
            BODY_SIZE,
            Align::Justify,
            LineKind::Body,
        )
    };
    // Four lines: 26 + 28 + 28 + 2 characters.
    let long = para(
        Role::Body,
        &"长".repeat(84),
        BODY_SIZE,
        Align::Justify,
        LineKind::Body,
    );
    // Room for one line: the first line would be an orphan, so the paragraph starts page 2.
    let mut paras: Vec<Para> = (0..21).map(short).collect();
    paras.push(long.clone());
    let pages = lines_per_page(paras);
    assert_eq!(pages[0].len(), 21);
    assert_eq!(pages[1].len(), 4);
    // Room for three lines: the last would be a widow, so two lines go on and two come over.
    let mut paras: Vec<Para> = (0..19).map(short).collect();
    paras.push(long.clone());
    let pages = lines_per_page(paras);
    assert_eq!(pages[0].len(), 21);
    assert_eq!(pages[1].len(), 2);
    // Room for two lines: split two and two.
    let mut paras: Vec<Para> = (0..20).map(short).collect();
    paras.push(long);
    let pages = lines_per_page(paras);
    assert_eq!((pages[0].len(), pages[1].len()), (22, 2));
}
