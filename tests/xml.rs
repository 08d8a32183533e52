//! The report XML: exact round trip, text fidelity, schema validity (with the real xmllint), the
//! reader's errors, a golden file, and robustness against arbitrary input.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

use gongwen::format::xml::{self, NAMESPACE};
use gongwen::model::*;
use gongwen::{Error, Report};
use proptest::prelude::*;
use quick_xml::events::Event;

// ------------------------------------------------------------------ building reports by hand

/// Builds inline and block nodes with consistent spans, advancing through the normalized text.
struct B {
    pos: usize,
    next_id: usize,
}

impl B {
    fn new() -> B {
        B { pos: 0, next_id: 1 }
    }

    fn advance(&mut self, s: &str) -> Span {
        let span = Span::new(self.pos, self.pos + s.len());
        self.pos = span.end;
        span
    }

    fn text(&mut self, s: &str) -> Inline {
        Inline::Text(Text {
            text: s.to_string(),
            span: self.advance(s),
        })
    }

    fn item(&mut self, s: &str, number: u32) -> Inline {
        Inline::Item(Box::new(Item {
            text: s.into(),
            number,
            span: self.advance(s),
        }))
    }

    /// A figure with only the required fields; `f` fills in the rest.
    fn fig(&mut self, s: &str, kind: FigureKind, f: impl FnOnce(&mut Figure)) -> Inline {
        let mut figure = Figure {
            id: format!("f{}", self.next_id).into(),
            kind,
            text: s.into(),
            value: None,
            value_max: None,
            exponent: 0,
            unit: None,
            approx: None,
            subject: None,
            span: self.advance(s),
        };
        self.next_id += 1;
        f(&mut figure);
        Inline::Figure(Box::new(figure))
    }

    /// A paragraph (or title) followed by a line break.
    fn para(&mut self, f: impl FnOnce(&mut B) -> Vec<Inline>) -> Paragraph {
        let start = self.pos;
        let inlines = f(self);
        let p = Paragraph {
            inlines,
            span: Span::new(start, self.pos),
        };
        self.pos += 1;
        p
    }

    fn section(
        &mut self,
        level: u8,
        marker: (&str, u32, MarkerStyle),
        run_in: bool,
        heading: impl FnOnce(&mut B) -> Vec<Inline>,
        blocks: impl FnOnce(&mut B) -> Vec<Block>,
    ) -> Block {
        let start = self.pos;
        let marker = Marker {
            text: marker.0.into(),
            number: marker.1,
            style: marker.2,
            span: self.advance(marker.0),
        };
        let inlines = heading(self);
        let heading = Heading {
            marker,
            inlines,
            run_in,
            span: Span::new(start, self.pos),
        };
        if !run_in {
            self.pos += 1;
        }
        let blocks = blocks(self);
        Block::Section(Box::new(Section {
            level,
            heading,
            blocks,
            span: Span::new(start, self.pos.saturating_sub(1).max(start)),
        }))
    }

    fn table(&mut self, rows: &[&[&str]]) -> Block {
        let start = self.pos;
        let mut out = Vec::new();
        for row in rows {
            let row_start = self.pos;
            let mut cells = Vec::new();
            for (i, cell) in row.iter().enumerate() {
                if i > 0 {
                    self.pos += 1;
                }
                let cell_start = self.pos;
                let inlines = if cell.is_empty() {
                    Vec::new()
                } else if let Some(n) = cell.trim().strip_suffix('件') {
                    // A cell with a figure surrounded by its spaces.
                    let lead = &cell[..cell.find(n).unwrap_or(0)];
                    let trail = &cell[lead.len() + n.len() + '件'.len_utf8()..];
                    let mut v = Vec::new();
                    if !lead.is_empty() {
                        v.push(self.text(lead));
                    }
                    let value = n.to_string();
                    v.push(self.fig(&format!("{n}件"), FigureKind::Count, |f| {
                        f.value = Some(value.into());
                        f.unit = Some("件".into());
                    }));
                    if !trail.is_empty() {
                        v.push(self.text(trail));
                    }
                    v
                } else {
                    vec![self.text(cell)]
                };
                cells.push(Cell {
                    inlines,
                    span: Span::new(cell_start, self.pos),
                });
            }
            out.push(Row {
                cells,
                span: Span::new(row_start, self.pos),
            });
            self.pos += 1;
        }
        Block::Table(Table {
            rows: out,
            span: Span::new(start, self.pos - 1),
        })
    }
}

/// A report exercising every element, attribute and escape. Its figures are what the figure
/// scanner reads in their text, as the reader requires.
fn full_report() -> Report {
    let mut b = B::new();
    let mut body = Vec::new();
    body.push(Block::Title(b.para(|b| {
        vec![
            b.fig("2020年", FigureKind::Year, |f| {
                f.value = Some("2020".into());
                f.unit = Some("年".into());
            }),
            b.text("政府信息公开工作年度报告"),
        ]
    })));
    body.push(Block::Paragraph(b.para(|b| {
        vec![b.text(" 根据《条例》规定，本报告由 <&> \"'\t组成。 ")]
    })));
    body.push(b.section(
        1,
        ("一、", 1, MarkerStyle::ChineseComma),
        false,
        |b| vec![b.text("总体情况")],
        |b| {
            vec![
                Block::Paragraph(b.para(|b| {
                    vec![
                        b.item("一是", 1),
                        b.text("全年共办理政务服务事项"),
                        b.fig("515項", FigureKind::Count, |f| {
                            f.value = Some("515".into());
                            f.unit = Some("项".into());
                            f.subject = Some("政务服务事项".into());
                        }),
                        b.text("，"),
                        b.item("二是", 2),
                        b.text("办结率"),
                        b.fig("约90%", FigureKind::Percent, |f| {
                            f.value = Some("90".into());
                            f.unit = Some("%".into());
                            f.subject = Some("办结率".into());
                            f.approx = Some(Approx {
                                marker: "约".into(),
                                bound: Bound::About,
                            });
                        }),
                        b.text("，投入专项资金"),
                        b.fig("3~5萬元", FigureKind::Money, |f| {
                            f.value = Some("30000".into());
                            f.value_max = Some("50000".into());
                            f.exponent = 4;
                            f.unit = Some("元".into());
                            f.subject = Some("投入专项资金".into());
                        }),
                        b.text("。"),
                    ]
                })),
                b.section(
                    2,
                    ("（一）", 1, MarkerStyle::ChineseParen),
                    false,
                    |b| vec![b.text("主动公开")],
                    |b| {
                        vec![b.section(
                            3,
                            ("1.", 1, MarkerStyle::ArabicDot),
                            true,
                            |b| vec![b.text("制度建设。")],
                            |b| {
                                vec![
                                    Block::Paragraph(b.para(|b| {
                                        vec![
                                            b.text("全年制定规章"),
                                            b.fig("3件", FigureKind::Count, |f| {
                                                f.value = Some("3".into());
                                                f.unit = Some("件".into());
                                                f.subject = Some("制定规章".into());
                                            }),
                                            b.text("，满意度"),
                                            b.fig("99.83分", FigureKind::Score, |f| {
                                                f.value = Some("99.83".into());
                                                f.exponent = -2;
                                                f.unit = Some("分".into());
                                                f.subject = Some("满意度".into());
                                            }),
                                            b.text("。"),
                                        ]
                                    })),
                                    b.section(
                                        4,
                                        ("（1）", 1, MarkerStyle::ArabicParen),
                                        false,
                                        |b| {
                                            vec![
                                                b.text("规章“"),
                                                b.fig("十四五", FigureKind::Identifier, |_| {}),
                                                b.text("”"),
                                            ]
                                        },
                                        |b| {
                                            vec![
                                                b.table(&[
                                                    &["项目", "数量", ""],
                                                    &[" 收到 ", " 12件 ", " 备注 "],
                                                    &["", "", ""],
                                                ]),
                                                Block::Paragraph(
                                                    b.para(|b| vec![b.text("表后说明。")]),
                                                ),
                                            ]
                                        },
                                    ),
                                ]
                            },
                        )]
                    },
                ),
                b.section(
                    2,
                    ("（二）", 2, MarkerStyle::ChineseParen),
                    false,
                    |b| vec![b.text("依申请公开")],
                    |_| Vec::new(),
                ),
            ]
        },
    ));
    body.push(b.section(
        1,
        ("二、", 2, MarkerStyle::ChineseComma),
        false,
        |b| {
            vec![
                b.text("问题"),
                b.fig("逾20个", FigureKind::Count, |f| {
                    f.value = Some("20".into());
                    f.unit = Some("个".into());
                    f.subject = Some("问题".into());
                    f.approx = Some(Approx {
                        marker: "逾".into(),
                        bound: Bound::Over,
                    });
                }),
            ]
        },
        |b| {
            vec![Block::Paragraph(b.para(|b| {
                vec![
                    b.fig("不到1", FigureKind::Number, |f| {
                        f.value = Some("1".into());
                        f.approx = Some(Approx {
                            marker: "不到".into(),
                            bound: Bound::Under,
                        });
                    }),
                    b.text("成"),
                ]
            }))]
        },
    ));
    for (kind, text) in [
        (ElementKind::Signature, "天津市靜海區人民政府"),
        (ElementKind::Date, "2021年3月29日"),
        (ElementKind::Remark, "（此件公开发布）"),
        (ElementKind::Cc, "抄送：区委办公室，区人大常委会办公室。"),
    ] {
        let Paragraph { inlines, span } = b.para(|b| vec![b.text(text)]);
        body.push(Block::Element(Box::new(Element {
            kind,
            inlines,
            span,
        })));
    }
    Report {
        meta: Meta {
            title: Some("2020年政府信息公开工作年度报告".into()),
            issuer: Some("天津市靜海區人民政府".into()),
            year: Some(2020),
            region: Some("天津市静海区".into()),
            date: Some("2021年3月29日".into()),
            script: Script::Traditional,
            encoding: "UTF-8".into(),
            properties: vec![
                Property {
                    key: "發布單位".into(),
                    value: "天津市靜海區人民政府".into(),
                },
                Property {
                    key: " a<&>\"' key\t".into(),
                    value: " <&>\"' value ".into(),
                },
            ],
            removed: vec![
                Removed {
                    kind: RemovedKind::Furniture,
                    line: 5,
                    text: "基本介紹".into(),
                },
                Removed {
                    kind: RemovedKind::PageNumber,
                    line: 40,
                    text: "  — 1 —  ".into(),
                },
                Removed {
                    kind: RemovedKind::Control,
                    line: 41,
                    text: " <&>\"' U+0001 ".into(),
                },
            ],
            replaced: 0,
            given: vec![
                Given {
                    kind: ElementKind::IssuerMark,
                    text: "天津市静海区人民政府文件".into(),
                },
                Given {
                    kind: ElementKind::DocNumber,
                    text: "静海政发〔2021〕5号 <&>".into(),
                },
            ],
            layout: Layout {
                form: Form::Letter,
                seal: true,
            },
        },
        body,
    }
}

/// A small report for the golden file.
fn small_report() -> Report {
    let mut b = B::new();
    let body = vec![
        Block::Title(b.para(|b| vec![b.text("工作报告")])),
        b.section(
            1,
            ("一、", 1, MarkerStyle::ChineseComma),
            false,
            |b| vec![b.text("总体情况")],
            |b| {
                vec![
                    Block::Paragraph(b.para(|b| {
                        vec![
                            b.item("一是", 1),
                            b.text("办理案件"),
                            b.fig("约515件", FigureKind::Count, |f| {
                                f.value = Some("515".into());
                                f.unit = Some("件".into());
                                f.subject = Some("案件".into());
                                f.approx = Some(Approx {
                                    marker: "约".into(),
                                    bound: Bound::About,
                                });
                            }),
                            b.text(" <&> 。"),
                        ]
                    })),
                    b.table(&[&["类别", " 数量 "], &["收到", "12件"]]),
                ]
            },
        ),
    ];
    Report {
        meta: Meta {
            title: Some("工作报告".into()),
            year: Some(2020),
            encoding: "GB18030".into(),
            removed: vec![Removed {
                kind: RemovedKind::PageNumber,
                line: 3,
                text: "— 1 —".into(),
            }],
            ..Meta::default()
        },
        body,
    }
}

// ------------------------------------------------------------------ helpers

fn round_trip(report: &Report) -> Vec<u8> {
    let xml = xml::write(report).expect("write");
    let back = xml::read(&xml).unwrap_or_else(|e| {
        panic!("read failed: {e}\n{}", String::from_utf8_lossy(&xml));
    });
    assert_eq!(&back, report, "{}", String::from_utf8_lossy(&xml));
    xml
}

/// A block holding inline content: a title, a paragraph or a 公文 element.
fn leaf_block(name: &str) -> bool {
    matches!(name, "title" | "p") || ElementKind::ALL.iter().any(|k| k.as_str() == name)
}

/// The body text of XML, computed independently of the reader: text nodes concatenated, blocks
/// joined by `\n`, cells by `|`, run-in headings not followed by a break.
fn body_text(xml: &[u8]) -> String {
    let mut reader = quick_xml::Reader::from_reader(xml);
    let mut out = String::new();
    let (mut in_body, mut leaf_depth) = (false, 0usize);
    let mut run_in_pending = false;
    let mut first_cell = false;
    loop {
        match reader.read_event().expect("well-formed") {
            Event::Start(e) => {
                let name = e.local_name().into_inner().to_string();
                if run_in_pending
                    && (leaf_block(&name) || matches!(name.as_str(), "section" | "table"))
                {
                    run_in_pending = false;
                }
                match name.as_str() {
                    "body" => in_body = true,
                    name if in_body && (leaf_block(name) || matches!(name, "heading" | "cell")) => {
                        leaf_depth += 1;
                        if name == "cell" {
                            if !first_cell {
                                out.push('|');
                            }
                            first_cell = false;
                        }
                        if name == "heading" {
                            let run_in = e
                                .try_get_attribute("run-in")
                                .ok()
                                .flatten()
                                .is_some_and(|a| &*a.value == "true");
                            run_in_pending = run_in;
                        }
                    }
                    "row" => first_cell = true,
                    _ => {}
                }
            }
            Event::End(e) => match e.local_name().into_inner() {
                "body" => in_body = false,
                name if in_body && leaf_block(name) => {
                    leaf_depth -= 1;
                    out.push('\n');
                }
                "cell" if in_body => leaf_depth -= 1,
                "row" => out.push('\n'),
                "heading" if in_body => {
                    leaf_depth -= 1;
                    if !run_in_pending {
                        out.push('\n');
                    }
                }
                "section" if run_in_pending => {
                    out.push('\n');
                    run_in_pending = false;
                }
                _ => {}
            },
            Event::Text(t) if leaf_depth > 0 => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if leaf_depth > 0 => match r.resolve_char_ref().unwrap() {
                Some(c) => out.push(c),
                None => out.push_str(
                    quick_xml::escape::resolve_predefined_entity(&r).expect("predefined"),
                ),
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if out.ends_with('\n') {
        out.pop();
    }
    out
}

static COUNTER: AtomicUsize = AtomicUsize::new(0);

fn temp_file(bytes: &[u8]) -> PathBuf {
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("gongwen-xml-test-{}-{n}.xml", std::process::id()));
    std::fs::write(&path, bytes).expect("write temp file");
    path
}

fn schema() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("schemas/report.xsd")
}

/// Runs xmllint against the schema; `None` if xmllint is not installed (and not required).
fn xmllint(bytes: &[u8]) -> Option<(bool, String)> {
    let path = temp_file(bytes);
    let output = Command::new("xmllint")
        .arg("--noout")
        .arg("--schema")
        .arg(schema())
        .arg(&path)
        .output();
    let _ = std::fs::remove_file(&path);
    match output {
        Ok(out) => Some((
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if std::env::var_os("GONGWEN_REQUIRE_ALL").is_some() {
                panic!("xmllint not installed and GONGWEN_REQUIRE_ALL is set");
            }
            println!("SKIP: xmllint not installed");
            None
        }
        Err(e) => panic!("running xmllint: {e}"),
    }
}

fn read_err(xml: &str) -> String {
    match xml::read(xml.as_bytes()) {
        Ok(r) => panic!("expected an error, read {r:?}"),
        Err(Error::Xml { message, .. }) => message,
        Err(e) => panic!("expected Error::Xml, got {e}"),
    }
}

fn assert_read_err(xml: &str, needle: &str) {
    let message = read_err(xml);
    assert!(
        message.contains(needle),
        "error `{message}` does not mention `{needle}` for\n{xml}"
    );
}

/// A minimal valid document with `body` as the body's content.
fn doc(body: &str) -> String {
    format!(
        "<report xmlns=\"{NAMESPACE}\" version=\"1\"><meta><script>simplified</script>\
         <encoding>UTF-8</encoding></meta><body>{body}</body></report>"
    )
}

// ------------------------------------------------------------------ round trip and fidelity

#[test]
fn full_report_round_trips() {
    round_trip(&full_report());
}

#[test]
fn empty_report_round_trips() {
    let xml = round_trip(&Report::default());
    let s = String::from_utf8(xml).unwrap();
    assert!(s.contains("<body></body>"), "{s}");
}

#[test]
fn body_text_equals_report_text() {
    for report in [full_report(), small_report()] {
        let xml = xml::write(&report).unwrap();
        assert_eq!(body_text(&xml), report.text());
    }
}

#[test]
fn canonical_report_has_no_text_elements() {
    let xml = String::from_utf8(xml::write(&full_report()).unwrap()).unwrap();
    assert!(!xml.contains("<text"), "{xml}");
}

#[test]
fn mixed_content_is_never_indented() {
    let xml = String::from_utf8(xml::write(&full_report()).unwrap()).unwrap();
    for line in xml.lines() {
        let t = line.trim_start();
        for leaf in ["<title ", "<p ", "<heading ", "<cell "] {
            if t.starts_with(leaf) {
                let name = &leaf[1..leaf.len() - 1];
                assert!(
                    t.ends_with(&format!("</{name}>")),
                    "{name} spans lines: {line}"
                );
            }
        }
    }
}

#[test]
fn text_runs_whose_span_cannot_be_inferred_round_trip() {
    let text = |s: &str, start, end| {
        Inline::Text(Text {
            text: s.into(),
            span: Span::new(start, end),
        })
    };
    let report = Report {
        body: vec![
            Block::Paragraph(Paragraph {
                inlines: vec![
                    text("ab", 0, 2),
                    text("cd", 2, 4),   // adjacent to a run
                    text("", 4, 4),     // empty
                    text("ef", 9, 11),  // gap
                    text("gh", 11, 12), // wrong length
                ],
                span: Span::new(0, 12),
            }),
            Block::Paragraph(Paragraph {
                inlines: vec![text("x", 20, 21)], // does not start at the paragraph
                span: Span::new(13, 21),
            }),
        ],
        ..Report::default()
    };
    let xml = String::from_utf8(round_trip(&report)).unwrap();
    assert!(
        xml.contains("<p start=\"0\" end=\"12\">ab<text start=\"2\" end=\"4\">cd</text>"),
        "{xml}"
    );
    assert_eq!(body_text(xml.as_bytes()), report.text());
}

#[test]
fn carriage_returns_tabs_and_newlines_survive() {
    let mut b = B::new();
    let body = vec![Block::Paragraph(b.para(|b| {
        vec![
            b.text("a\r\nb\rc\td\n"),
            b.fig("1件", FigureKind::Count, |f| {
                f.value = Some("1".into());
                f.unit = Some("件".into());
            }),
            b.text("\r\n"),
        ]
    }))];
    let report = Report {
        meta: Meta {
            title: Some("\r\n".into()),
            properties: vec![Property {
                key: "k\r\n\t".into(),
                value: "\r\n\t".into(),
            }],
            ..Meta::default()
        },
        body,
    };
    round_trip(&report);
}

#[test]
fn writer_refuses_characters_xml_cannot_carry() {
    for bad in ["\u{1}", "\u{0}", "\u{1F}", "\u{FFFE}", "\u{FFFF}", "\u{B}"] {
        let mut report = small_report();
        report.meta.date = Some(format!("2021{bad}"));
        match xml::write(&report) {
            Err(Error::Xml { message, .. }) => {
                assert!(message.contains("U+"), "{message}")
            }
            other => panic!("expected an error for {bad:?}, got {other:?}"),
        }
    }
    let mut b = B::new();
    let report = Report {
        body: vec![Block::Paragraph(b.para(|b| vec![b.text("a\u{7}b")]))],
        ..Report::default()
    };
    let err = xml::write(&report).unwrap_err().to_string();
    assert!(err.contains("U+0007"), "{err}");
}

#[test]
fn writer_refuses_what_the_reader_would_refuse() {
    let mut report = full_report();
    if let Block::Section(s) = &mut report.body[2] {
        s.level = 5;
    }
    assert!(
        xml::write(&report)
            .unwrap_err()
            .to_string()
            .contains("level 5")
    );

    let mut report = small_report();
    if let Block::Title(p) = &mut report.body[0] {
        p.span = Span { start: 5, end: 1 };
    }
    assert!(
        xml::write(&report)
            .unwrap_err()
            .to_string()
            .contains("starts after")
    );

    // Sections nested beyond the depth cap.
    let mut block = Block::Paragraph(Paragraph::default());
    for _ in 0..100 {
        block = Block::Section(Box::new(Section {
            level: 1,
            heading: Heading {
                marker: Marker {
                    text: "一、".into(),
                    number: 1,
                    style: MarkerStyle::ChineseComma,
                    span: Span::default(),
                },
                inlines: Vec::new(),
                run_in: false,
                span: Span::default(),
            },
            blocks: vec![block],
            span: Span::default(),
        }));
    }
    let report = Report {
        body: vec![block],
        ..Report::default()
    };
    assert!(
        xml::write(&report)
            .unwrap_err()
            .to_string()
            .contains("deeper")
    );
}

// ------------------------------------------------------------------ golden file

#[test]
fn golden_small() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/xml/small.xml");
    let xml = xml::write(&small_report()).unwrap();
    if std::env::var_os("GONGWEN_BLESS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &xml).unwrap();
    }
    let golden =
        std::fs::read(&path).expect("tests/data/xml/small.xml (GONGWEN_BLESS=1 writes it)");
    assert_eq!(
        String::from_utf8_lossy(&xml),
        String::from_utf8_lossy(&golden),
        "writer output differs from the golden file"
    );
    assert_eq!(xml::read(&golden).unwrap(), small_report());
}

// ------------------------------------------------------------------ schema

#[test]
fn xmllint_accepts_written_reports() {
    for report in [full_report(), small_report(), Report::default()] {
        let xml = xml::write(&report).unwrap();
        let Some((ok, stderr)) = xmllint(&xml) else {
            return;
        };
        assert!(
            ok,
            "xmllint rejected:\n{stderr}\n{}",
            String::from_utf8_lossy(&xml)
        );
    }
}

#[test]
fn xmllint_accepts_figures_with_an_exponent() {
    let text = "标题\n收到1.0e+308件，增长2.5E6件，比例3e-2，共1e+999999999件。\n";
    let document = gongwen::read_text(text.as_bytes(), &Default::default()).unwrap();
    let xml = xml::write(&document.report).unwrap();
    if let Some((ok, stderr)) = xmllint(&xml) {
        assert!(ok, "{stderr}");
    }
}

#[test]
fn xmllint_accepts_text_runs() {
    let report = Report {
        body: vec![Block::Paragraph(Paragraph {
            inlines: vec![Inline::Text(Text {
                text: String::new(),
                span: Span::new(3, 3),
            })],
            span: Span::new(0, 3),
        })],
        ..Report::default()
    };
    let xml = xml::write(&report).unwrap();
    if let Some((ok, stderr)) = xmllint(&xml) {
        assert!(ok, "{stderr}");
    }
}

#[test]
fn xmllint_rejects_invalid_variants() {
    let valid = String::from_utf8(xml::write(&full_report()).unwrap()).unwrap();
    let variants = [
        ("section level=\"4\"", "section level=\"5\""),
        ("kind=\"count\"", "kind=\"bogus\""),
        ("style=\"chinese-paren\"", "style=\"roman\""),
        ("approx-bound=\"about\"", "approx-bound=\"roughly\""),
        ("kind=\"furniture\"", "kind=\"banner\""),
        ("<script>traditional</script>", "<script>cyrillic</script>"),
        ("start=\"0\"", "start=\"-1\""),
        ("<body>", "<body><foo/>"),
        ("id=\"f2\"", "id=\"f1\""),
        ("<item number=\"1\"", "<item number=\"one\""),
    ];
    for (from, to) in variants {
        assert!(valid.contains(from), "{from} not in the XML");
        let invalid = valid.replacen(from, to, 1);
        if let Some((ok, stderr)) = xmllint(invalid.as_bytes()) {
            assert!(!ok, "xmllint accepted {to}");
            assert!(stderr.contains("fails to validate"), "{stderr}");
        }
        assert!(
            xml::read(invalid.as_bytes()).is_err(),
            "reader accepted {to}"
        );
    }
}

// ------------------------------------------------------------------ reader errors

#[test]
fn reader_accepts_the_minimal_document() {
    let r = xml::read(doc("").as_bytes()).unwrap();
    assert_eq!(
        r,
        Report {
            meta: Meta {
                encoding: "UTF-8".into(),
                ..Meta::default()
            },
            ..Report::default()
        }
    );
    // A byte order mark, a declaration, comments, processing instructions, CDATA, prefixes,
    // xsi:schemaLocation and self-closing tags are fine.
    let xml = format!(
        "\u{FEFF}<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- c --><?pi x?>\n\
         <g:report xmlns:g=\"{NAMESPACE}\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" \
         xsi:schemaLocation=\"{NAMESPACE} report.xsd\" version=\"1\">\
         <g:meta><g:script>simplified</g:script><g:encoding/></g:meta>\
         <g:body><g:p start=\"0\" end=\"7\">a<!-- x --><![CDATA[<b>]]>&#x4E00;&amp;</g:p><g:p start=\"8\" end=\"8\"/></g:body></g:report>\n<!-- end -->"
    );
    let r = xml::read(xml.as_bytes()).unwrap();
    assert_eq!(r.text(), "a<b>一&\n");
    assert_eq!(r.body.len(), 2);
}

#[test]
fn reader_rejects_non_xml() {
    assert_read_err("", "no root element");
    assert_read_err("hello", "not XML");
    assert_read_err("<report", "not well-formed");
    assert_read_err(&doc("<p start=\"0\" end=\"1\">a</q>"), "not well-formed");
    assert_read_err(
        &doc("<p start=\"0\" end=\"1\">a &nbsp;</p>"),
        "unknown entity",
    );
    assert_read_err(&doc("<p start=\"0\" end=\"1\">&#1;</p>"), "U+0001");
    assert_read_err(&doc("<p start=\"0\" end=\"1\">\u{1}</p>"), "U+0001");
    assert_read_err(&(doc("") + "<report/>"), "after the root");
    match xml::read(b"<report>\xff</report>") {
        Err(Error::Xml { message, position }) => {
            assert!(message.contains("UTF-8"), "{message}");
            assert_eq!(position, 8);
        }
        other => panic!("{other:?}"),
    }
    assert_read_err(
        "<?xml version=\"1.0\" encoding=\"GB2312\"?><report/>",
        "UTF-8",
    );
}

#[test]
fn reader_rejects_wrong_root_or_namespace() {
    assert_read_err(
        &format!("<html xmlns=\"{NAMESPACE}\"/>"),
        "root element is <html>",
    );
    assert_read_err("<report version=\"1\"/>", "namespace");
    assert_read_err("<report xmlns=\"urn:other\" version=\"1\"/>", "namespace");
    let xml = doc("").replace(
        "<body>",
        "<body><p xmlns=\"urn:other\" start=\"0\" end=\"0\"/>",
    );
    assert_read_err(&xml, "namespace");
}

#[test]
fn reader_rejects_doctype() {
    let bomb = format!(
        "<?xml version=\"1.0\"?><!DOCTYPE report [<!ENTITY a \"aaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>{}",
        doc("<p start=\"0\" end=\"1\">&b;</p>")
    );
    assert_read_err(&bomb, "DOCTYPE");
}

#[test]
fn reader_rejects_unknown_elements_and_values() {
    assert_read_err(&doc("<foo/>"), "unknown element <foo>");
    assert_read_err(
        &doc("<p start=\"0\" end=\"1\"><b>x</b></p>"),
        "unknown element <b>",
    );
    assert_read_err(
        &doc("<p start=\"0\" end=\"1\"><p start=\"0\" end=\"1\"/></p>"),
        "not allowed inside <p>",
    );
    assert_read_err(
        &doc("<p start=\"0\" end=\"1\" class=\"x\"/>"),
        "unknown attribute `class`",
    );
    assert_read_err(
        &doc(
            "<p start=\"0\" end=\"1\"><figure id=\"f1\" kind=\"bogus\" exponent=\"0\" start=\"0\" end=\"1\">1</figure></p>",
        ),
        "unknown figure kind `bogus`",
    );
    assert_read_err(
        &doc(
            "<p start=\"0\" end=\"1\"><figure id=\"f1\" kind=\"count\" exponent=\"0\" approx-bound=\"about\" start=\"0\" end=\"1\">1</figure></p>",
        ),
        "approx-marker",
    );
    assert_read_err(
        &doc(
            "<p start=\"0\" end=\"1\"><figure id=\"f1\" kind=\"count\" exponent=\"0\" approx-bound=\"near\" approx-marker=\"约\" start=\"0\" end=\"1\">1</figure></p>",
        ),
        "unknown approximation bound `near`",
    );
    let section = |level: &str, style: &str| {
        doc(&format!(
            "<section level=\"{level}\" start=\"0\" end=\"2\"><heading start=\"0\" end=\"2\">\
             <marker style=\"{style}\" number=\"1\" start=\"0\" end=\"2\">一、</marker></heading></section>"
        ))
    };
    assert!(xml::read(section("1", "chinese-comma").as_bytes()).is_ok());
    assert_read_err(&section("5", "chinese-comma"), "level 5 is outside 1–4");
    assert_read_err(&section("0", "chinese-comma"), "level 0");
    assert_read_err(&section("1", "roman"), "unknown marker style `roman`");
    assert_read_err(
        &doc("").replace("simplified", "cyrillic"),
        "unknown script `cyrillic`",
    );
    let removed = doc("").replace(
        "</encoding>",
        "</encoding><removed kind=\"banner\" line=\"1\">x</removed>",
    );
    assert_read_err(&removed, "unknown removed kind `banner`");
    assert_read_err(
        &doc("").replace("<body>", "<body version=\"2\">"),
        "unknown attribute `version` on <body>",
    );
    assert_read_err(
        &doc("").replace("version=\"1\"", "version=\"2\""),
        "unsupported report version",
    );
}

#[test]
fn reader_rejects_misplaced_elements() {
    assert_read_err(
        &doc("<section level=\"1\" start=\"0\" end=\"0\"><p start=\"0\" end=\"0\"/></section>"),
        "must start with <heading>",
    );
    assert_read_err(
        &doc(
            "<section level=\"1\" start=\"0\" end=\"2\"><heading start=\"0\" end=\"2\"> <marker style=\"circled\" number=\"1\" start=\"0\" end=\"1\">①</marker></heading></section>",
        ),
        "must start with <marker>",
    );
    assert_read_err(
        &doc("<table start=\"0\" end=\"0\"><cell start=\"0\" end=\"0\"/></table>"),
        "<cell> is not allowed inside <table>",
    );
    let meta_order = doc("").replace(
        "<script>simplified</script><encoding>UTF-8</encoding>",
        "<encoding>UTF-8</encoding><script>simplified</script>",
    );
    assert_read_err(&meta_order, "out of order");
    assert_read_err(
        &doc("").replace("<script>simplified</script>", ""),
        "lacks <script>",
    );
    assert_read_err(
        &doc("").replace("<encoding>UTF-8</encoding>", ""),
        "lacks <encoding>",
    );
}

#[test]
fn reader_rejects_missing_attributes_and_bad_numbers() {
    assert_read_err(&doc("<p end=\"1\"/>"), "missing attribute `start` on <p>");
    assert_read_err(&doc("<p start=\"0\"/>"), "missing attribute `end` on <p>");
    assert_read_err(
        &doc(
            "<p start=\"0\" end=\"1\"><figure kind=\"count\" exponent=\"0\" start=\"0\" end=\"1\">1</figure></p>",
        ),
        "missing attribute `id`",
    );
    assert_read_err(
        &doc("<p start=\"x\" end=\"1\"/>"),
        "not a valid number: `x`",
    );
    assert_read_err(&doc("<p start=\"-1\" end=\"1\"/>"), "not a valid number");
    assert_read_err(
        &doc("<p start=\"99999999999999999999999\" end=\"1\"/>"),
        "not a valid number",
    );
    assert_read_err(&doc("<p start=\"3\" end=\"1\"/>"), "start 3 is after end 1");
    assert_read_err(
        &doc("<p start=\"0\" end=\"1\"><item number=\"two\" start=\"0\" end=\"1\">x</item></p>"),
        "not a valid number",
    );
    assert_read_err(
        &doc("").replace("<script>", "<year>MMXX</year><script>"),
        "<year> is not a valid number",
    );
    assert_read_err(
        &doc(
            "<section level=\"1\" start=\"0\" end=\"2\"><heading run-in=\"maybe\" start=\"0\" end=\"2\"><marker style=\"circled\" number=\"1\" start=\"0\" end=\"1\">①</marker></heading></section>",
        ),
        "not a boolean",
    );
    // Numbers may carry white space, as in XML Schema.
    assert!(xml::read(doc("<p start=\" 0 \" end=\"1\">x</p>").as_bytes()).is_ok());
}

#[test]
fn reader_rejects_text_in_block_containers() {
    assert_read_err(&doc("hello"), "text is not allowed directly inside <body>");
    assert_read_err(
        &doc("<table start=\"0\" end=\"0\">x</table>"),
        "text is not allowed directly inside <table>",
    );
    assert_read_err(
        &doc("").replace("<meta>", "<meta>note"),
        "text is not allowed directly inside <meta>",
    );
    // Whitespace is fine.
    assert!(xml::read(doc("\n  \t\r\n").as_bytes()).is_ok());
}

#[test]
fn reader_caps_nesting_depth() {
    let open = "<section level=\"1\" start=\"0\" end=\"0\"><heading start=\"0\" end=\"0\"><marker style=\"circled\" number=\"1\" start=\"0\" end=\"0\"/></heading>";
    let nested = |n: usize| doc(&(open.repeat(n) + &"</section>".repeat(n)));
    assert!(xml::read(nested(50).as_bytes()).is_ok());
    assert_read_err(&nested(100), "deeper than 64");
    assert_read_err(&nested(100_000), "deeper than 64");
}

#[test]
fn error_positions_point_into_the_input() {
    let xml = doc("<foo/>");
    match xml::read(xml.as_bytes()) {
        Err(Error::Xml { position, .. }) => {
            assert_eq!(&xml[position as usize..position as usize + 4], "<foo")
        }
        other => panic!("{other:?}"),
    }
}

// ------------------------------------------------------------------ figures against their text

/// A report XML as gongwen writes it: one paragraph (line 8) with figures f1 200件 (column 33),
/// f2 150件 (column 145) and f3 75% (column 258).
fn written() -> String {
    let doc = gongwen::read_text(
        "全年收到申请200件，办结150件，办结率75%。".as_bytes(),
        &Default::default(),
    )
    .unwrap();
    String::from_utf8(xml::write(&doc.report).unwrap()).unwrap()
}

/// `written()` with `from` replaced by `to` (once, and it must be there).
fn edited(from: &str, to: &str) -> String {
    let xml = written();
    assert!(xml.contains(from), "{from} not in\n{xml}");
    xml.replacen(from, to, 1)
}

/// The line, column and message of the figure error reading `xml` gives.
fn figure_err(xml: &str) -> (usize, usize, String) {
    match xml::read(xml.as_bytes()) {
        Err(Error::XmlFigure {
            line,
            column,
            message,
        }) => (line, column, message),
        other => panic!("expected Error::XmlFigure, got {other:?}\n{xml}"),
    }
}

/// Runs `gongwen check` on `xml` in a file: exit 2 and exactly `gongwen: FILE: ` + `error` on
/// stderr, one line.
fn assert_check_refuses(xml: &str, error: &str) {
    let path = temp_file(xml.as_bytes());
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .arg("check")
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_file(&path);
    assert_eq!(out.status.code(), Some(2), "{out:?}");
    assert!(out.stdout.is_empty(), "{out:?}");
    assert_eq!(
        String::from_utf8(out.stderr).unwrap(),
        format!("gongwen: {}: {error}\n", path.display())
    );
}

#[test]
fn figure_text_edited_against_its_value_is_refused() {
    let xml = edited(">150件<", ">160件<");
    let message = "figure f2 says value=\"150\" but its text 160件 reads 160: fix one of them (or \
                   delete the value attribute to take the text's)";
    assert_eq!(figure_err(&xml), (8, 145, message.to_string()));
    assert_check_refuses(&xml, &format!("line 8, column 145: {message}"));
    // Deleting the attribute takes the text's value.
    let fixed = xml::read(xml.replacen(" value=\"150\"", "", 1).as_bytes()).unwrap();
    assert_eq!(fixed.figures()[1].value.as_deref(), Some("160"));
    assert_eq!(fixed.figures()[1].text, "160件");
}

#[test]
fn values_that_are_not_numbers_are_refused() {
    for value in [
        "NaN",
        "nan",
        "inf",
        "-Infinity",
        "1.5e2",
        "150.",
        "",
        " 150",
    ] {
        let xml = edited("value=\"150\"", &format!("value=\"{value}\""));
        assert_eq!(
            figure_err(&xml),
            (
                8,
                145,
                format!(
                    "figure f2 says value=\"{value}\", which is not a number: its text 150件 \
                     reads 150, so write value=\"150\" (or delete the value attribute to take \
                     the text's)"
                )
            ),
            "{value}"
        );
    }
    let xml = edited("value=\"150\"", "value=\"NaN\"");
    assert_check_refuses(
        &xml,
        "line 8, column 145: figure f2 says value=\"NaN\", which is not a number: its text \
         150件 reads 150, so write value=\"150\" (or delete the value attribute to take the \
         text's)",
    );
    // A number that is not the text's is a plain disagreement.
    assert_eq!(
        figure_err(&edited("value=\"150\"", "value=\"150.0\"")).2,
        "figure f2 says value=\"150.0\" but its text 150件 reads 150: fix one of them (or \
         delete the value attribute to take the text's)"
    );
}

#[test]
fn duplicate_figure_ids_are_refused() {
    let xml = edited("id=\"f3\"", "id=\"f1\"");
    let message = "figure id f1 is already used at line 8, column 33: give each figure its own id";
    assert_eq!(figure_err(&xml), (8, 258, message.to_string()));
    assert_check_refuses(&xml, &format!("line 8, column 258: {message}"));
    // Ids are compared across paragraphs too, and on their own line.
    let xml = doc(
        "<p start=\"0\" end=\"4\"><figure id=\"a\" start=\"0\" end=\"4\">3件</figure></p>\n\
         <p start=\"5\" end=\"9\">\n<figure id=\"a\" start=\"5\" end=\"9\">4件</figure></p>",
    );
    assert_eq!(
        figure_err(&xml),
        (
            3,
            1,
            "figure id a is already used at line 1, column 143: give each figure its own id"
                .to_string()
        )
    );
}

#[test]
fn absent_attributes_take_the_texts_reading() {
    let expected = xml::read(written().as_bytes()).unwrap();
    let mut bare = written();
    for name in ["kind", "value", "exponent", "unit", "subject"] {
        let mut out = String::new();
        let mut rest = bare.as_str();
        while let Some(at) = rest.find(&format!(" {name}=\"")) {
            out.push_str(&rest[..at]);
            let value = &rest[at + name.len() + 3..];
            rest = &value[value.find('"').unwrap() + 1..];
        }
        out.push_str(rest);
        bare = out;
    }
    assert!(
        bare.contains("<figure id=\"f2\" start=\"33\" end=\"39\">150件</figure>"),
        "{bare}"
    );
    assert_eq!(xml::read(bare.as_bytes()).unwrap(), expected);
    let f = &expected.figures()[1];
    assert_eq!(
        (f.kind, f.value.as_deref(), f.exponent, f.unit.as_deref()),
        (FigureKind::Count, Some("150"), 0, Some("件"))
    );
    if let Some((ok, stderr)) = xmllint(bare.as_bytes()) {
        assert!(ok, "{stderr}");
    }
    // Hand-written XML with ids and spans only.
    let r = xml::read(
        doc("<p start=\"0\" end=\"16\">约<figure id=\"x\" start=\"0\" end=\"16\">3~5萬元</figure></p>")
            .as_bytes(),
    );
    assert!(r.is_err(), "约 belongs to the figure: {r:?}");
    let r = xml::read(
        doc("<p start=\"0\" end=\"12\"><figure id=\"x\" start=\"0\" end=\"12\">约3~5萬元</figure></p>")
            .as_bytes(),
    )
    .unwrap();
    let f = r.figures()[0];
    assert_eq!(
        (
            f.kind,
            f.value.as_deref(),
            f.value_max.as_deref(),
            f.exponent,
            f.unit.as_deref(),
            f.approx.as_ref().map(|a| (a.bound, a.marker.as_str()))
        ),
        (
            FigureKind::Money,
            Some("30000"),
            Some("50000"),
            4,
            Some("元"),
            Some((Bound::About, "约"))
        )
    );
}

#[test]
fn every_stated_attribute_is_checked_against_the_text() {
    let cases = [
        (
            edited(
                "unit=\"件\" subject=\"办结\"",
                "unit=\"人\" subject=\"办结\"",
            ),
            145,
            "figure f2 says unit=\"人\" but its text 150件 reads 件: fix one of them (or delete \
             the unit attribute to take the text's)",
        ),
        (
            edited("kind=\"percent\"", "kind=\"count\""),
            258,
            "figure f3 says kind=\"count\" but its text 75% reads percent: fix one of them (or \
             delete the kind attribute to take the text's)",
        ),
        (
            edited(
                "value=\"75\" exponent=\"0\"",
                "value=\"75\" exponent=\"-1\"",
            ),
            258,
            "figure f3 says exponent=\"-1\" but its text 75% reads 0: fix one of them (or \
             delete the exponent attribute to take the text's)",
        ),
        (
            edited("value=\"200\"", "value=\"200\" value-max=\"300\""),
            33,
            "figure f1 says value-max=\"300\" but its text 200件 reads no value-max: fix one of \
             them (or delete the value-max attribute to take the text's)",
        ),
        (
            edited("subject=\"申请\"", "subject=\"收案\""),
            33,
            "figure f1 says subject=\"收案\" but the text before it reads the subject 申请: fix \
             one of them (or delete the subject attribute to take the text's)",
        ),
        (
            edited(
                "subject=\"申请\"",
                "subject=\"申请\" approx-bound=\"about\" approx-marker=\"约\"",
            ),
            33,
            "figure f1 says approx-bound=\"about\" but its text 200件 reads no approx-bound: fix \
             one of them (or delete approx-bound and approx-marker to take the text's)",
        ),
        (
            edited(">200件</figure>", ">200</figure>件"),
            33,
            "figure f1 holds 200 but the text there reads as the figure 200件: put the <figure> \
             element around 200件 (or delete the element and keep its text)",
        ),
        (
            edited(">200件</figure>", ">若干件</figure>"),
            33,
            "figure f1 holds 若干件, which reads as no figure: write a number in it (or delete \
             the element and keep its text)",
        ),
    ];
    for (xml, column, message) in cases {
        assert_eq!(figure_err(&xml), (8, column, message.to_string()), "{xml}");
    }
}

// ------------------------------------------------------------------ robustness

/// Strings with the characters that matter to XML, CJK text and any other valid character.
fn xml_string() -> impl Strategy<Value = String> {
    let special = prop::sample::select(vec![
        "<", ">", "&", "\"", "'", " ", "\t", "\n", "\r", "\r\n", "一", "萬", "]]>", "&amp;",
    ]);
    let any = any::<char>().prop_filter("XML char", |c| {
        matches!(*c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
    });
    prop::collection::vec(
        prop_oneof![
            special.prop_map(str::to_string),
            any.prop_map(|c| c.to_string())
        ],
        0..6,
    )
    .prop_map(|v| v.concat())
}

fn span() -> impl Strategy<Value = Span> {
    (0usize..1000, 0usize..50).prop_map(|(s, l)| Span::new(s, s + l))
}

fn inline() -> impl Strategy<Value = Inline> {
    let text = (xml_string(), span()).prop_map(|(text, span)| Inline::Text(Text { text, span }));
    let item = (xml_string(), any::<u32>(), span()).prop_map(|(text, number, span)| {
        Inline::Item(Box::new(Item {
            text: text.into(),
            number,
            span,
        }))
    });
    let approx = prop::option::of(
        (
            xml_string(),
            prop::sample::select(vec![Bound::About, Bound::Over, Bound::Under]),
        )
            .prop_map(|(marker, bound)| Approx {
                marker: marker.into(),
                bound,
            }),
    );
    // Real figures as well as arbitrary text, which `as_scanned` mostly turns into text runs.
    let figure_text = prop_oneof![
        xml_string(),
        prop::sample::select(vec![
            "150件",
            "约90%",
            "3~5萬元",
            "2020年",
            "不到1",
            "逾20个",
            "99.83分",
            "十四五",
            "12309",
        ])
        .prop_map(str::to_string),
    ];
    let figure = (
        (xml_string(), prop::sample::select(FigureKind::ALL.to_vec())),
        (
            figure_text,
            prop::option::of(xml_string()),
            prop::option::of(xml_string()),
        ),
        (any::<i32>(), prop::option::of(xml_string()), approx),
        (prop::option::of(xml_string()), span()),
    )
        .prop_map(
            |((id, kind), (text, value, value_max), (exponent, unit, approx), (subject, span))| {
                Inline::Figure(Box::new(Figure {
                    id: id.into(),
                    kind,
                    text: text.into(),
                    value: value.map(Into::into),
                    value_max: value_max.map(Into::into),
                    exponent,
                    unit: unit.map(Into::into),
                    approx,
                    subject: subject.map(Into::into),
                    span,
                }))
            },
        );
    prop_oneof![3 => text, 1 => item, 2 => figure]
}

/// Inline runs laid out contiguously from `start`, as the pipeline makes them, or with random
/// spans.
fn inlines() -> impl Strategy<Value = Vec<Inline>> {
    prop::collection::vec(inline(), 0..5)
}

fn paragraph() -> impl Strategy<Value = Paragraph> {
    (inlines(), span()).prop_map(|(inlines, span)| Paragraph { inlines, span })
}

fn block() -> impl Strategy<Value = Block> {
    let style = prop::sample::select(vec![
        MarkerStyle::ChineseComma,
        MarkerStyle::ChineseParen,
        MarkerStyle::ArabicDot,
        MarkerStyle::ArabicParen,
        MarkerStyle::Circled,
        MarkerStyle::Chapter,
    ]);
    let marker =
        (xml_string(), any::<u32>(), style, span()).prop_map(|(text, number, style, span)| {
            Marker {
                text: text.into(),
                number,
                style,
                span,
            }
        });
    let heading = (marker, inlines(), any::<bool>(), span())
        .prop_map(|(marker, inlines, run_in, span)| Heading {
            marker,
            inlines,
            run_in,
            span,
        })
        .boxed();
    let cell = (inlines(), span()).prop_map(|(inlines, span)| Cell { inlines, span });
    let row =
        (prop::collection::vec(cell, 0..3), span()).prop_map(|(cells, span)| Row { cells, span });
    let table =
        (prop::collection::vec(row, 0..3), span()).prop_map(|(rows, span)| Table { rows, span });
    let leaf = prop_oneof![
        paragraph().prop_map(Block::Title),
        paragraph().prop_map(Block::Paragraph),
        table.prop_map(Block::Table),
        (prop::sample::select(ElementKind::ALL.to_vec()), paragraph()).prop_map(|(kind, p)| {
            Block::Element(Box::new(Element {
                kind,
                inlines: p.inlines,
                span: p.span,
            }))
        }),
    ];
    leaf.prop_recursive(4, 24, 4, move |inner| {
        (
            1u8..=4,
            heading.clone(),
            prop::collection::vec(inner, 0..4),
            span(),
        )
            .prop_map(|(level, heading, blocks, span)| {
                Block::Section(Box::new(Section {
                    level,
                    heading,
                    blocks,
                    span,
                }))
            })
    })
}

fn meta() -> impl Strategy<Value = Meta> {
    let property = (xml_string(), xml_string()).prop_map(|(key, value)| Property { key, value });
    let kind = prop::sample::select(vec![
        RemovedKind::PageNumber,
        RemovedKind::Furniture,
        RemovedKind::Control,
    ]);
    let removed = (kind, any::<u32>(), xml_string()).prop_map(|(kind, line, text)| Removed {
        kind,
        line,
        text,
    });
    let given = (
        prop::sample::select(ElementKind::ALL.to_vec()),
        xml_string(),
    )
        .prop_map(|(kind, text)| Given { kind, text });
    (
        (
            prop::option::of(xml_string()),
            prop::option::of(xml_string()),
            prop::option::of(any::<i32>()),
            prop::option::of(xml_string()),
            prop::option::of(xml_string()),
        ),
        any::<bool>(),
        xml_string(),
        prop::collection::vec(property, 0..3),
        prop::collection::vec(removed, 0..3),
        prop::collection::vec(given, 0..3),
        (prop::sample::select(Form::ALL.to_vec()), any::<bool>()),
    )
        .prop_map(
            |(
                (title, issuer, year, region, date),
                traditional,
                encoding,
                properties,
                removed,
                given,
                (form, seal),
            )| {
                Meta {
                    title,
                    issuer,
                    year,
                    region,
                    date,
                    script: if traditional {
                        Script::Traditional
                    } else {
                        Script::Simplified
                    },
                    encoding,
                    properties,
                    removed,
                    replaced: 0,
                    given,
                    layout: Layout { form, seal },
                }
            },
        )
}

fn report() -> impl Strategy<Value = Report> {
    (meta(), prop::collection::vec(block(), 0..5))
        .prop_map(|(meta, body)| as_scanned(Report { meta, body }))
}

/// `report` with its figures as the reader takes them: in each run of text and figures between
/// items, a figure that is exactly one figure of `figures::scan` of the run's text gets the
/// scan's reading (and a unique id), any other becomes a text run with its text and span.
fn as_scanned(mut report: Report) -> Report {
    fn inlines(inlines: &mut [Inline], next_id: &mut usize) {
        for run in inlines.split_mut(|i| matches!(i, Inline::Item(_))) {
            let mut text = String::new();
            let mut places = Vec::new();
            for inline in run.iter() {
                if let Inline::Figure(f) = inline {
                    places.push(text.len()..text.len() + f.text.len());
                }
                text.push_str(inline.text());
            }
            let scanned = gongwen::figures::scan(&text);
            let mut places = places.into_iter();
            for inline in run.iter_mut() {
                let Inline::Figure(f) = inline else { continue };
                let place = places.next().unwrap();
                *inline = match scanned.iter().find(|s| (s.span.start..s.span.end) == place) {
                    Some(s) => {
                        *next_id += 1;
                        Inline::Figure(Box::new(Figure {
                            id: format!("f{next_id}").into(),
                            span: f.span,
                            ..s.clone()
                        }))
                    }
                    None => Inline::Text(Text {
                        text: f.text.to_string(),
                        span: f.span,
                    }),
                };
            }
        }
    }
    fn blocks(list: &mut [Block], next_id: &mut usize) {
        for block in list {
            match block {
                Block::Title(p) | Block::Paragraph(p) => inlines(&mut p.inlines, next_id),
                Block::Element(e) => inlines(&mut e.inlines, next_id),
                Block::Section(s) => {
                    inlines(&mut s.heading.inlines, next_id);
                    blocks(&mut s.blocks, next_id);
                }
                Block::Table(t) => {
                    for cell in t.rows.iter_mut().flat_map(|r| &mut r.cells) {
                        inlines(&mut cell.inlines, next_id);
                    }
                }
            }
        }
    }
    blocks(&mut report.body, &mut 0);
    report
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_report_round_trips(report in report()) {
        let xml = xml::write(&report).unwrap();
        let back = xml::read(&xml);
        prop_assert!(back.is_ok(), "{:?}\n{}", back, String::from_utf8_lossy(&xml));
        // Spans here are arbitrary, so `Report::text` (which places separators by span) is
        // compared with the XML's text only for consistent reports, in the tests above.
        prop_assert_eq!(back.unwrap(), report.clone());
    }

    #[test]
    fn read_never_panics_on_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        let _ = xml::read(&bytes);
    }

    #[test]
    fn read_never_panics_on_strings(s in ".{0,300}") {
        let _ = xml::read(s.as_bytes());
        let _ = xml::read(doc(&s).as_bytes());
    }

    #[test]
    fn read_never_panics_on_mutated_reports(
        cut in 0usize..4000,
        edits in prop::collection::vec((0usize..4000, any::<u8>()), 0..8),
    ) {
        let mut xml = xml::write(&small_report()).unwrap();
        for (at, byte) in edits {
            let n = xml.len();
            xml[at % n] = byte;
        }
        let _ = xml::read(&xml);
        let n = xml.len();
        xml.truncate(cut % (n + 1));
        let _ = xml::read(&xml);
    }
}

#[test]
fn writer_and_reader_agree_on_the_depth_cap() {
    let mut written = 0;
    for n in 50..70 {
        let mut block = Block::Paragraph(Paragraph::default());
        for _ in 0..n {
            block = Block::Section(Box::new(Section {
                level: 1,
                heading: Heading {
                    marker: Marker {
                        text: "①".into(),
                        number: 1,
                        style: MarkerStyle::Circled,
                        span: Span::default(),
                    },
                    inlines: Vec::new(),
                    run_in: false,
                    span: Span::default(),
                },
                blocks: vec![block],
                span: Span::default(),
            }));
        }
        let report = Report {
            body: vec![block],
            ..Report::default()
        };
        if xml::write(&report).is_ok() {
            round_trip(&report);
            written = n;
        }
    }
    // report, body, 60 sections, then the innermost heading and its marker: 64 levels.
    assert_eq!(written, 60);
}

/// Writing and reading the XML grows in proportion to the report: 8× the paragraphs, well
/// under 8 × 2.5 the time.
#[test]
fn large_reports_round_trip_in_linear_time() {
    let report = |paragraphs: usize| {
        let mut b = B::new();
        let body: Vec<Block> = (0..paragraphs)
            .map(|i| {
                Block::Paragraph(b.para(|b| {
                    vec![
                        b.text("全年办理"),
                        b.fig(&format!("{i}件"), FigureKind::Count, |f| {
                            f.value = Some(i.to_string().into());
                            f.unit = Some("件".into());
                        }),
                        b.text("。"),
                    ]
                }))
            })
            .collect();
        Report {
            body,
            ..Report::default()
        }
    };
    common::assert_scales("round trip", &report(2_500), &report(20_000), 20.0, |r| {
        round_trip(r);
    });
}

/// What `--lossy` replaced is kept in the XML (`<encoding replaced="N">`), valid against the
/// schema, and read back.
#[test]
fn replaced_characters_are_kept_in_the_xml() {
    let clean_bytes = "某区工作报告\n全年共办理案件12件，同比增长3.5%。\n".as_bytes();
    let mut bytes = clean_bytes.to_vec();
    bytes.insert(19, 0xff);
    let options = gongwen::ReadOptions {
        lossy: true,
        ..Default::default()
    };
    let document = gongwen::read_text(&bytes, &options).expect("reads lossy");
    assert_eq!(document.report.meta.replaced, 1);
    let written = xml::write(&document.report).unwrap();
    let text = String::from_utf8(written.clone()).unwrap();
    assert!(
        text.contains("<encoding replaced=\"1\">UTF-8</encoding>"),
        "{text}"
    );
    assert_eq!(xml::read(&written).unwrap(), document.report);
    if let Some((valid, message)) = xmllint(&written) {
        assert!(valid, "{message}");
    }
    let clean = gongwen::read_text(clean_bytes, &options).expect("reads");
    let text = String::from_utf8(xml::write(&clean.report).unwrap()).unwrap();
    assert!(text.contains("<encoding>UTF-8</encoding>"), "{text}");
}

#[test]
fn xmllint_accepts_a_whole_gongwen_and_it_round_trips() {
    let text = std::fs::read("tests/data/gongwen/elements.txt").expect("test data");
    let document = gongwen::read_text(&text, &Default::default()).unwrap();
    let xml = round_trip(&document.report);
    for kind in ElementKind::ALL {
        if kind != ElementKind::Attendance {
            let tag = format!("<{} start=", kind.as_str());
            assert!(String::from_utf8_lossy(&xml).contains(&tag), "no {tag}");
        }
    }
    if let Some((ok, stderr)) = xmllint(&xml) {
        assert!(ok, "{stderr}");
    }
}
