//! Normalization: line endings, indents, controls, page numbers, furniture, watermarks, hard
//! wraps, flattened paragraphs, the offset map, idempotence, script detection.

mod common;

use common::{corpus_file, data_file};
use gongwen::model::{Property, Removed, RemovedKind, Script};
use gongwen::normalize::{Normalized, detect_script, normalize};
use proptest::prelude::*;

/// Every character of the output comes from the source at the mapped offset; a `\n` separator
/// maps to the line break (or the space) it stands for.
fn assert_map(source: &str, n: &Normalized) {
    for (i, c) in n.text.char_indices() {
        let at = n.map.to_source(i);
        let rest = source
            .get(at..)
            .unwrap_or_else(|| panic!("offset {at} for output {i} is not a char boundary"));
        if c == '\n' {
            assert!(
                rest.starts_with(['\n', '\r', ' ']),
                "separator at {i} maps to {:?}",
                rest.chars().next()
            );
        } else {
            assert!(
                rest.starts_with(c),
                "output {i} {c:?} maps to {:?}",
                rest.chars().next()
            );
        }
    }
}

fn check_shape(text: &str) {
    assert!(!text.ends_with('\n'), "trailing newline");
    assert!(!text.starts_with('\n'), "leading newline");
    assert!(!text.contains("\n\n"), "blank line");
    assert!(!text.contains('\r'));
}

fn norm(source: &str) -> Normalized {
    let n = normalize(source);
    assert_map(source, &n);
    check_shape(&n.text);
    assert_eq!(normalize(&n.text).text, n.text, "not idempotent");
    n
}

fn removed(kind: RemovedKind, line: u32, text: &str) -> Removed {
    Removed {
        kind,
        line,
        text: text.into(),
    }
}

#[test]
fn line_endings_crlf_cr_lf() {
    let n = norm("第一段。\r\n第二段。\r第三段。\n第四段。\r\n");
    assert_eq!(n.text, "第一段。\n第二段。\n第三段。\n第四段。");
    assert!(n.removed.is_empty());
}

#[test]
fn indents_trailing_space_and_blank_lines() {
    let source = "\u{3000}\u{3000}一、总体情况\n\n  \t\n\u{a0}全年办理案件515件。 \u{3000}\n\t（一）行政审批\t\n";
    let n = norm(source);
    assert_eq!(n.text, "一、总体情况\n全年办理案件515件。\n（一）行政审批");
    assert_eq!(n.map.to_source(0), "\u{3000}\u{3000}".len());
}

#[test]
fn text_is_never_rewritten() {
    let source = "２０２０年,靜海區辦理案件５１５件(含行政許可218項);\n“一門”受理範圍: 100%";
    let n = norm(source);
    assert_eq!(n.text, source);
}

#[test]
fn control_characters_are_removed_and_recorded() {
    let n = norm("全年\u{1}办理\u{7}案件。\n第二\u{ffff}行。\n");
    assert_eq!(n.text, "全年办理案件。\n第二行。");
    assert_eq!(
        n.removed,
        vec![
            removed(RemovedKind::Control, 1, "U+0001 U+0007"),
            removed(RemovedKind::Control, 2, "U+FFFF"),
        ]
    );
}

#[test]
fn page_number_lines() {
    let source =
        "第一段。\n— 1 —\n第二段。\n-2-\n第三段。\n- 3 -\n—4—\n第5页\n第 5 页 共 20 页\n第四段。";
    let n = norm(source);
    assert_eq!(n.text, "第一段。\n第二段。\n第三段。\n第四段。");
    let texts: Vec<(RemovedKind, u32, &str)> = n
        .removed
        .iter()
        .map(|r| (r.kind, r.line, r.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        vec![
            (RemovedKind::PageNumber, 2, "— 1 —"),
            (RemovedKind::PageNumber, 4, "-2-"),
            (RemovedKind::PageNumber, 6, "- 3 -"),
            (RemovedKind::PageNumber, 7, "—4—"),
            (RemovedKind::PageNumber, 8, "第5页"),
            (RemovedKind::PageNumber, 9, "第 5 页 共 20 页"),
        ]
    );
}

#[test]
fn numbers_that_are_content_stay() {
    let source = "一、总体情况\n515\n-2.5-\n第5页至第8页为附表。\n—— 坚持依法行政";
    assert_eq!(norm(source).text, source);
}

#[test]
fn info_box_becomes_properties() {
    let source = "2020年報告\n\n正文第一段。\n\n基本介紹\n\n  • 中文名:2020年報告\n  • 發布單位：天津市靜海區人民政府\n一、主要舉措\n正文。\n\n相關詞條\n\n熱門詞條\n\n聯絡我們";
    let n = norm(source);
    assert_eq!(n.text, "2020年報告\n正文第一段。\n一、主要舉措\n正文。");
    assert_eq!(
        n.properties,
        vec![
            Property {
                key: "中文名".into(),
                value: "2020年報告".into()
            },
            Property {
                key: "發布單位".into(),
                value: "天津市靜海區人民政府".into()
            },
        ]
    );
    assert_eq!(
        n.removed,
        vec![
            removed(RemovedKind::Furniture, 5, "基本介紹"),
            removed(RemovedKind::Furniture, 7, "• 中文名:2020年報告"),
            removed(
                RemovedKind::Furniture,
                8,
                "• 發布單位：天津市靜海區人民政府"
            ),
            removed(RemovedKind::Furniture, 12, "相關詞條"),
            removed(RemovedKind::Furniture, 14, "熱門詞條"),
            removed(RemovedKind::Furniture, 16, "聯絡我們"),
        ]
    );
}

#[test]
fn simplified_footers() {
    let n = norm("报告正文。\n相关词条\n热门词条\n联系我们\n基本介绍");
    assert_eq!(n.text, "报告正文。");
    assert_eq!(n.removed.len(), 4);
}

#[test]
fn markup_a_page_scraper_left_is_removed() {
    let n = norm(
        "<!--\n  \n-->\n<!-- 导航 -->\n当前位置： 首页>> 中国概况\n<U+00A0>\n【字体：大 中 小】\n\
         <U+00A0><U+00A0> 国务院总理周恩来\n报告正文。",
    );
    assert_eq!(n.text, "国务院总理周恩来\n报告正文。");
    assert_eq!(
        n.removed,
        [
            removed(RemovedKind::Furniture, 1, "<!--"),
            removed(RemovedKind::Furniture, 3, "-->"),
            removed(RemovedKind::Furniture, 4, "<!-- 导航 -->"),
            removed(RemovedKind::Furniture, 5, "当前位置： 首页>> 中国概况"),
            removed(RemovedKind::Furniture, 7, "【字体：大 中 小】"),
        ]
    );
    // Text that only mentions such things stays.
    for line in [
        "注释以<!--开头。",
        "编码<U+00A0>表示不换行空格。",
        "当前位置是全省第一。",
    ] {
        assert_eq!(norm(line).text, line);
    }
}

#[test]
fn bullets_outside_an_info_box_stay() {
    let source = "主要指标\n• 地区生产总值:394.6亿元";
    assert_eq!(norm(source).text, source);
}

#[test]
fn inline_watermark_is_cut_everywhere() {
    let wm = "秘书之家—全网资源每日更新www.mishuzj.com";
    let source = format!("{wm}湖北省报告2023年,省政府坚持依法行政。\n二是扛牢第一{wm}责任人职责。");
    let n = norm(&source);
    assert_eq!(
        n.text,
        "湖北省报告2023年,省政府坚持依法行政。\n二是扛牢第一责任人职责。"
    );
    assert_eq!(
        n.removed,
        vec![
            removed(RemovedKind::Furniture, 1, wm),
            removed(RemovedKind::Furniture, 2, wm),
        ]
    );
}

#[test]
fn urls_in_content_stay() {
    // Cited twice but never cut into a word, or a government site: content.
    let source = "详见www.example.com。\n请登录www.example.com查询。\n门户网站www.gov.cn发布了通知,另见第一www.gov.cn责任。";
    assert_eq!(norm(source).text, source);
}

#[test]
fn byline_is_furniture() {
    let n = norm("市长工作报告\nJie Fang Ri Bao·2026-02-09 01:28\n正文。");
    assert_eq!(n.text, "市长工作报告\n正文。");
    assert_eq!(
        n.removed,
        vec![removed(
            RemovedKind::Furniture,
            2,
            "Jie Fang Ri Bao·2026-02-09 01:28"
        )]
    );
    // A sentence that happens to hold a date is content.
    let source = "标题\n会议于2026-02-09 01:28召开。";
    assert_eq!(norm(source).text, source);
}

#[test]
fn a_site_bar_and_a_repeated_title_are_furniture() {
    let source = "天津市静海区人民政府 2019年12月3日星期二\n无障碍 简体| 繁体\n静海区2023年度法治政府建设情况报告\n静海区2023年度法治政府建设情况报告\n2023年，静海区坚持依法行政。";
    let n = norm(source);
    assert_eq!(
        n.text,
        "静海区2023年度法治政府建设情况报告\n2023年，静海区坚持依法行政。"
    );
    assert_eq!(
        n.removed,
        vec![
            removed(
                RemovedKind::Furniture,
                1,
                "天津市静海区人民政府 2019年12月3日星期二"
            ),
            removed(RemovedKind::Furniture, 2, "无障碍 简体| 繁体"),
            removed(
                RemovedKind::Furniture,
                4,
                "静海区2023年度法治政府建设情况报告"
            ),
        ]
    );
    // Far from the top, a dated line with its weekday and a repeated line are content; so is
    // a repeated sentence.
    let mut source = String::from("标题\n");
    source.push_str(&"正文。\n".repeat(20));
    source.push_str("会议定于2021年3月1日星期一\n会议定于2021年3月1日星期一");
    assert_eq!(norm(&source).text, source);
    let source = "标题\n全年完成任务。\n全年完成任务。";
    assert_eq!(norm(source).text, source);
}

#[test]
fn hard_wrapped_pdf_text_is_rejoined() {
    let source = String::from_utf8(data_file("normalize/pdf-wrapped.txt")).unwrap();
    let expected = String::from_utf8(data_file("normalize/pdf-wrapped.expected.txt")).unwrap();
    let n = norm(&source);
    assert_eq!(n.text, expected);
    assert_eq!(
        n.removed,
        vec![removed(RemovedKind::PageNumber, 7, "— 1 —")]
    );
}

#[test]
fn paragraph_per_line_text_is_not_joined() {
    // Lines without final punctuation (titles, headings, table cells) in ordinary text.
    let source = "2020年静海区法治政府建设情况报告\n2020年,静海区坚持依法行政。\n一、主要举措\n表1 主要指标\n指标 | 数值\n办理案件 | 515\n天津市静海区人民政府\n2021年3月29日";
    assert_eq!(norm(source).text, source);
}

#[test]
fn ocr_page_breaks_are_rejoined() {
    // Indented paragraphs; page ends break sentences and leave page numbers behind.
    let source = "纲要\r\n\u{3000}\u{3000}第一段在这里被分页打断，基础设施与加工工业长期失调的状况基本得\r\n 379 \r\n到扭转。要对基础工业实行适度的倾斜政策。\r\n\u{3000}\u{3000}第二段也被分页打断，要努力使武器装备的发展适  380 \r\n应现代军事斗争的需要。\r\n\u{3000}\u{3000}第三段，基本建设投资为8400亿\r\n元，平均每年增长2.1%。\r\n\u{3000}\u{3000}第四段完整。\r\n（二）经济增长的规模和速度\r\n\u{3000}\u{3000}第五段完整。\r\n";
    let n = norm(source);
    assert_eq!(
        n.text,
        "纲要\n第一段在这里被分页打断，基础设施与加工工业长期失调的状况基本得到扭转。要对基础工业实行适度的倾斜政策。\n第二段也被分页打断，要努力使武器装备的发展适应现代军事斗争的需要。\n第三段，基本建设投资为8400亿元，平均每年增长2.1%。\n第四段完整。\n（二）经济增长的规模和速度\n第五段完整。"
    );
    let numbers: Vec<&str> = n.removed.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(numbers, vec!["379", "380"]);
    assert!(n.removed.iter().all(|r| r.kind == RemovedKind::PageNumber));
}

#[test]
fn latin_words_are_not_glued_when_joining() {
    let mut source = String::from("Report\n");
    for i in 0..6 {
        source.push_str(&format!(
            "\u{3000}Paragraph {i} talks about the government and the \nbudget of the city.\n"
        ));
    }
    let n = norm(&source);
    assert!(n.text.contains("and the budget of the city."), "{}", n.text);
}

#[test]
fn flattened_paragraphs_are_split_and_unwrapped() {
    let source = "政府工作报告 ——2026年2月3日在上海市第十六届人民代表大会第四次会议上 上海市市长 龚正 各位代表: 现在,我代表上海市人民政府,向大会报告工作,请予审议。请各位政协委员和其他列席人员提出 意见。 一、2025年工作回顾 2025年是\"十四五\"规划冲刺收官、\"十五五\"规划谋篇布局之年。习近平总书记再次亲临上海考察指 导工作,对上海发展作出新的战略擘画,全市上下倍受鼓舞、倍感振奋。过去一年,我们坚持以习近平 新时代中国特色社会主义思想为指导,全面贯彻落实党的二十大和二十届历次全会精神,深入贯彻落实 习近平总书记考察上海重要讲话精神,坚决贯彻落实党中央、国务院的决策部署,在中共上海市委坚强 领导下,着力推动高质量发展,完成了目标任务。 一年来,全市经济社会发展稳中有进、进中提质。全市生产总值达到5.67 万亿元、增长5.4%,好于预期。居民消费价格上涨 0.1%。";
    let n = norm(source);
    let lines: Vec<&str> = n.text.lines().collect();
    assert_eq!(lines[0], "政府工作报告");
    assert_eq!(
        lines[1],
        "——2026年2月3日在上海市第十六届人民代表大会第四次会议上"
    );
    assert_eq!(lines[4], "各位代表:");
    assert_eq!(
        lines[5],
        "现在,我代表上海市人民政府,向大会报告工作,请予审议。请各位政协委员和其他列席人员提出意见。"
    );
    assert_eq!(lines[6], "一、2025年工作回顾");
    assert!(lines[7].contains("考察指导工作"));
    assert!(lines[7].contains("以习近平新时代"));
    assert!(
        lines[8].ends_with("全市生产总值达到5.67万亿元、增长5.4%,好于预期。居民消费价格上涨0.1%。")
    );
    assert_eq!(lines.len(), 9);
}

#[test]
fn ordinary_spaces_are_untouched() {
    let source = "“十四五” 规划 开局良好。\n2005 - 06年度预算 2,700 - 3,400亿元。\nDistinguished Delegates: I am entrusted by the Municipal People’s Government to submit a report on the work of the government to the General Assembly for its consideration. I. Major Work in 1986 In 1986, under the leadership of the provincial party committee, the city conscientiously implemented a series of guidelines.";
    assert_eq!(norm(source).text, source);
}

#[test]
fn detect_script_counts_one_form_characters() {
    assert_eq!(
        detect_script("2020年靜海區法治政府建設情況報告"),
        Script::Traditional
    );
    assert_eq!(
        detect_script("2020年静海区法治政府建设情况报告"),
        Script::Simplified
    );
    assert_eq!(detect_script("Report 2020"), Script::Simplified);
    // Characters of two and four bytes, kana and punctuation between them are passed over;
    // two traditional-only characters outweigh one simplified-only.
    assert_eq!(detect_script("é😀靜，カ區·静𠀀"), Script::Traditional);
    assert_eq!(detect_script("é😀静，カ区·靜𠀀"), Script::Simplified);
}

#[test]
fn sample_report() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    );
    let source = match std::fs::read_to_string(path) {
        Ok(s) => s,
        Err(_) => {
            if std::env::var_os("GONGWEN_REQUIRE_ALL").is_some() {
                panic!("sample not found at {path}");
            }
            println!("SKIP: sample not found at {path}");
            return;
        }
    };
    let n = norm(&source);
    for furniture in ["基本介紹", "•", "相關詞條", "熱門詞條", "聯絡我們"] {
        assert!(!n.text.contains(furniture), "{furniture} left in the text");
    }
    assert_eq!(
        n.text.lines().next(),
        Some("2020年靜海區法治政府建設情況報告")
    );
    let property = |k: &str| {
        n.properties
            .iter()
            .find(|p| p.key == k)
            .map(|p| p.value.as_str())
    };
    assert_eq!(property("中文名"), Some("2020年靜海區法治政府建設情況報告"));
    assert_eq!(property("發布單位"), Some("天津市靜海區人民政府"));
    // Nothing else was joined or dropped: every other line is a source line.
    let kept = source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .count();
    assert_eq!(n.text.lines().count() + n.removed.len(), kept);
    assert_eq!(detect_script(&n.text), Script::Traditional);
}

fn corpus(name: &str) -> Option<String> {
    corpus_file(name).map(|b| String::from_utf8(b).expect("corpus text is UTF-8"))
}

#[test]
fn corpus_059_ocr_wraps_and_page_numbers() {
    let Some(source) = corpus("059_plan-national-8th-fyp-1991-ocr.txt") else {
        return;
    };
    let n = norm(&source);
    assert!(n.text.contains("基本建设投资为8400亿元，平均每年增长"));
    assert!(n.text.contains("长期失调的状况基本得到扭转。"));
    assert!(n.text.contains("使武器装备的发展适应现代军事斗争的需要。"));
    assert!(n.text.contains("\n（三）主要任务和重要指标\n"));
    let pages: Vec<&str> = n
        .removed
        .iter()
        .filter(|r| r.kind == RemovedKind::PageNumber)
        .map(|r| r.text.as_str())
        .collect();
    assert!(
        pages.contains(&"379") && pages.contains(&"380"),
        "{pages:?}"
    );
    assert!(
        n.removed
            .iter()
            .any(|r| r.text.contains("China Academic Journal"))
    );
}

#[test]
fn corpus_060_ocr_wraps() {
    let Some(source) = corpus("060_plan-yunnan-10th-fyp-2001-ocr.txt") else {
        return;
    };
    let n = norm(&source);
    assert!(
        n.text
            .contains("人民生活总体上开始进入小康, 综合经济实力明显增强 。")
    );
    assert!(n.text.contains("\n第一章经济社会发展的指导思想\n"));
    assert!(
        n.text
            .contains("\n云南省国民经济和社会发展第十个五年计划纲要\n")
    );
}

#[test]
fn corpus_038_flattened() {
    let Some(source) = corpus("038_gzbg-shanghai-2026-pdf-wrapped.txt") else {
        return;
    };
    let n = norm(&source);
    assert!(!n.text.contains("Jie Fang Ri Bao"));
    assert!(
        n.text
            .contains("请各位政协委员和其他列席人员提出意见。\n一、2025年工作回顾\n2025年是")
    );
    assert!(n.text.contains("考察指导工作"));
    assert!(n.text.contains("5.67万亿元"));
    assert!(
        n.text
            .starts_with("龚正市长在上海市第十六届人民代表大会第四次会议的政府工作报告\n")
    );
}

#[test]
fn corpus_009_watermark() {
    let Some(source) = corpus("009_fzzf-hubei-province-2023-watermark.txt") else {
        return;
    };
    let n = norm(&source);
    assert!(!n.text.contains("mishuzj"));
    assert!(!n.text.contains("秘书之家"));
    assert!(n.text.contains("二是扛牢法治建设第一责任人职责。"));
    assert!(
        n.text
            .starts_with("湖北省人民政府关于2023年度法治政府建设情况的报告")
    );
    let marks = source
        .matches("秘书之家—全网资源每日更新www.mishuzj.com")
        .count();
    assert_eq!(
        n.removed
            .iter()
            .filter(|r| r.text == "秘书之家—全网资源每日更新www.mishuzj.com")
            .count(),
        marks
    );
}

#[test]
fn corpus_all_files_keep_the_map_and_shape() {
    let Some(dir) = common::corpus_dir() else {
        return;
    };
    for entry in std::fs::read_dir(dir.join("raw")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.contains(".orig-") {
            continue;
        }
        let source = std::fs::read_to_string(&path).unwrap();
        let n = normalize(&source);
        assert_map(&source, &n);
        check_shape(&n.text);
        assert_eq!(normalize(&n.text).text, n.text, "{name}: not idempotent");
    }
}

/// A 5 MB line without a break normalizes in time proportional to its length: 8× the text,
/// well under 8 × 2.5 the time.
#[test]
fn huge_single_line_is_linear() {
    for unit in [
        "全年办理案件515件 同比增长3.2%,其中行政许可218项。",
        "全年办理 案件515件。 一、总体 情况 ",
    ] {
        let line = |bytes: usize| unit.repeat(bytes / unit.len() + 1);
        let (small, large) = (line(625_000), line(5_000_000));
        assert!(!normalize(&large).text.is_empty());
        common::assert_scales(unit, &small, &large, 20.0, |text| {
            normalize(text);
        });
    }
}

proptest! {
    #[test]
    fn arbitrary_text_keeps_the_map(source in "\\PC{0,200}") {
        let n = normalize(&source);
        assert_map(&source, &n);
        check_shape(&n.text);
    }

    #[test]
    fn report_like_text_keeps_the_map(
        parts in proptest::collection::vec(
            prop_oneof![
                Just("一、".to_string()), Just("（一）".to_string()), Just("1.".to_string()),
                Just("\r\n".to_string()), Just("\r".to_string()), Just("\n".to_string()),
                Just(" ".to_string()), Just("\u{3000}".to_string()), Just("\u{1}".to_string()),
                Just("— 1 —".to_string()), Just("。".to_string()), Just("基本介紹".to_string()),
                Just("• 中文名:x".to_string()), Just("www.abc.com".to_string()),
                "[一-龥]{1,40}", "[0-9a-z ,.]{1,10}",
            ],
            0..80,
        )
    ) {
        let source: String = parts.concat();
        let n = normalize(&source);
        assert_map(&source, &n);
        check_shape(&n.text);
    }
}

proptest::proptest! {
    /// Following one offset map with another gives, for every offset, what looking the offset up
    /// in the first and then in the second gives.
    #[test]
    fn offset_maps_compose(
        first in proptest::collection::vec((1usize..20, 0usize..5), 0..12),
        second in proptest::collection::vec((1usize..20, 0usize..5), 0..12),
    ) {
        use gongwen::normalize::OffsetMap;
        // Pieces advance by `step` on their own side and skip `gap` on the source side.
        let build = |pieces: &[(usize, usize)]| {
            let mut map = OffsetMap::default();
            let (mut from, mut to) = (0, 0);
            for &(step, gap) in pieces {
                to += gap;
                map.push(from, to);
                from += step;
                to += step;
            }
            map
        };
        let (a, b) = (build(&first), build(&second));
        let composed = a.then(&b);
        for offset in 0..200 {
            proptest::prop_assert_eq!(composed.to_source(offset), b.to_source(a.to_source(offset)));
        }
    }
}
