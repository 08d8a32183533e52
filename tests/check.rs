//! Checks: every rule on sentences that must and must not fire, the sample report's findings
//! and verified relations, mutations of the sample, and silence on real reports that are right.

mod common;

use gongwen::check::{Outcome, check};
use gongwen::diag::Severity;

fn run(text: &str) -> (gongwen::Document, Outcome) {
    let document = gongwen::read_text(text.as_bytes(), &Default::default()).expect("text reads");
    let outcome = check(&document.report);
    (document, outcome)
}

/// The findings of a text other than `style.punctuation`, as `(rule, severity, excerpt)`.
fn findings(text: &str) -> Vec<(&'static str, Severity, String)> {
    let (document, outcome) = run(text);
    let source = document.report.text();
    outcome
        .findings
        .into_iter()
        .filter(|f| f.rule != "style.punctuation")
        .map(|f| {
            (
                f.rule.id,
                f.severity,
                source[f.span.start..f.span.end].to_string(),
            )
        })
        .collect()
}

fn claims(text: &str) -> Vec<String> {
    run(text).1.verified.into_iter().map(|v| v.claim).collect()
}

fn fires(text: &str, rule: &str, severity: Severity, excerpt: &str) {
    let found = findings(text);
    assert!(
        found
            .iter()
            .any(|(r, s, e)| *r == rule && *s == severity && e == excerpt),
        "expected {rule} {severity:?} on {excerpt:?} in {text:?}, found {found:?}"
    );
}

fn silent(text: &str) {
    let found = findings(text);
    assert!(
        found.is_empty(),
        "expected no finding in {text:?}, found {found:?}"
    );
}

// --- sum.total and sum.part ---------------------------------------------------------------

/// A total is no part of the total after it: `共1000件，共1000件` are two totals, and two lists
/// each closed by its total are two sums.
#[test]
fn totals_after_lists_stop_at_the_total_before() {
    silent("全年共1000件，共1000件，共1000件。");
    let text = "甲类10件、乙类20件，共30件；丙类5件、丁类5件，共10件。";
    silent(text);
    assert_eq!(claims(text).len(), 2, "{:?}", claims(text));
    fires(
        "甲类10件、乙类20件，共30件；丙类5件、丁类6件，共10件。",
        "sum.total",
        Severity::Error,
        "5件、丁类6件，共10件",
    );
}

#[test]
fn whereof_parts_that_add_up_are_verified() {
    let text = "2020年累计收到建议提案总计125件,其中:人大代表建议65件,政协委员提案60件。";
    silent(text);
    assert!(claims(text).contains(&"125=65+60".to_string()));
}

#[test]
fn whereof_parts_exceeding_the_total_are_an_error() {
    fires(
        "收到建议提案总计125件,其中:人大代表建议65件,政协委员提案70件。",
        "sum.total",
        Severity::Error,
        "125件,其中:人大代表建议65件,政协委员提案70件",
    );
}

#[test]
fn whereof_shortfall_of_a_partial_list_is_an_info() {
    // 018: 农业+林业+畜牧业 < 农林牧渔业 — 渔业 is not listed: worth a look, no alarm.
    fires(
        "全年完成农林牧渔业产值18.19亿元,比上年增长3.0%。其中,农业产值14.91亿元,增长3.6%;林业产值1.36亿元,下降14.2%;畜牧业产值1.61亿元,增长19.7%。",
        "sum.total",
        Severity::Info,
        "18.19亿元,比上年增长3.0%。其中,农业产值14.91亿元,增长3.6%;林业产值1.36亿元,下降14.2%;畜牧业产值1.61亿元",
    );
}

#[test]
fn whereof_small_shortfall_of_exact_counts_is_a_warning() {
    fires(
        "我区现有人民调解组织432个,其中,行业性调委会6个,乡镇级调委会18个,村居级调委会407个。",
        "sum.total",
        Severity::Warning,
        "432个,其中,行业性调委会6个,乡镇级调委会18个,村居级调委会407个",
    );
}

#[test]
fn rounded_parts_within_rounding_are_silent() {
    // 017: 21.73 + 61.56 = 83.29 against 83.30.
    silent("2021年末全县户籍总人口为83.30万人,其中城镇人口21.73万人,乡村人口61.56万人。");
    // 019: parts in 万元 add up to 308153 against 308154.
    silent(
        "全区农林牧渔业总产值308154万元,同比增长8.3%。其中:农业产值203379万元,同比增长7.1%;林业产值27960万元,同比增长9.3%;牧业产值60817万元,同比增长11.8%;渔业产值5417万元,同比增长7.7%;农林牧渔服务业产值10580万元,同比增长6.4%。",
    );
}

#[test]
fn whereof_list_running_on_past_its_parts_is_cut_where_it_adds_up() {
    // 039: 出院46例 follows the breakdown 44+2 = 46.
    let text = "累計確診病例46例,其中44例為境外輸入病例,2例為輸入關聯病例,出院46例。";
    silent(text);
    assert!(claims(text).contains(&"46=44+2".to_string()));
}

#[test]
fn list_closed_by_other_is_complete() {
    let text = "現區級保留的政務服務事項515項,行政許可事項218項,公共服務等其他事項297項。";
    silent(text);
    assert!(claims(text).contains(&"515=218+297".to_string()));
    fires(
        "現區級保留的政務服務事項525項,行政許可事項218項,公共服務等其他事項297項。",
        "sum.total",
        Severity::Error,
        "525項,行政許可事項218項,公共服務等其他事項297項",
    );
}

#[test]
fn parenthesized_breakdown_and_single_parts() {
    let text = "制定规章13件(含新制定5件,修改4件,废止4件)。";
    silent(text);
    assert!(claims(text).contains(&"13=5+4+4".to_string()));
    fires(
        "行政处罚共立案13790件,其中结案17349件。",
        "sum.part",
        Severity::Error,
        "13790件,其中结案17349件",
    );
    silent("行政处罚共立案13790件,其中结案7349件。");
}

#[test]
fn total_after_the_list() {
    let text = "新制定规章5件,修改4件,废止4件,共13件。";
    silent(text);
    fires(
        "新制定规章5件,修改4件,废止4件,共12件。",
        "sum.total",
        Severity::Error,
        "5件,修改4件,废止4件,共12件",
    );
}

// --- ratio.value and ratio.rounding --------------------------------------------------------

#[test]
fn rate_that_is_right_when_rounded() {
    let text = "收集企业问题1658个;解决企业问题1655个,解决率99.82%。";
    silent(text);
    assert!(claims(text).contains(&"99.82%=1655/1658".to_string()));
}

#[test]
fn disclosure_rate_is_over_the_answered_not_the_received() {
    // 公开率 = 公开 / 答复: the denominator is the amount right before the numerator.
    let text = "全年受理信息公开申请100件,答复95件,其中公开80件,公开率84.21%。";
    silent(text);
    assert!(
        claims(text).contains(&"84.21%=80/95".to_string()),
        "{:?}",
        claims(text)
    );
    fires(
        "全年受理信息公开申请100件,答复95件,其中公开80件,公开率80.00%。",
        "ratio.value",
        Severity::Error,
        "95件,其中公开80件,公开率80.00%",
    );
}

#[test]
fn rate_right_only_when_truncated_is_info_with_the_gb_t_8170_value() {
    let (_, outcome) = run("共调解案件2672件,调解成功2354件,调解成功率88.09%。");
    let f = outcome
        .findings
        .iter()
        .find(|f| f.rule == "ratio.rounding")
        .expect("ratio.rounding fires");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(f.expected.as_deref(), Some("88.10"));
    assert_eq!(f.stated.as_deref(), Some("88.09"));
    assert_eq!(f.arithmetic.as_deref(), Some("2354 / 2672 = 88.0988…%"));
}

#[test]
fn shares_of_a_breakdown_are_recomputed() {
    let text = "全年共受理案件120件,其中行政复议45件,占37.5%;行政诉讼75件,占比62.5%。";
    silent(text);
    let found = claims(text);
    assert!(found.contains(&"37.5%=45/120".to_string()), "{found:?}");
    assert!(found.contains(&"62.5%=75/120".to_string()), "{found:?}");
    fires(
        "共办理200件,其中简易程序150件,占70%。",
        "share.value",
        Severity::Error,
        "200件,其中简易程序150件,占70%",
    );
}

#[test]
fn shares_of_rounded_amounts_are_recomputed_within_their_rounding() {
    // 28.07万人 / 55.27万人 is 50.78–50.80 % for any values that round to them.
    silent("常住人口55.27万人,其中男性人口28.07万人,占50.79%。");
    fires(
        "常住人口55.27万人,其中男性人口28.07万人,占52%。",
        "share.value",
        Severity::Error,
        "55.27万人,其中男性人口28.07万人,占52%",
    );
}

#[test]
fn shares_of_another_whole_are_not_recomputed() {
    // 占全市的: a share of a whole the text does not give.
    silent("共办理200件,其中简易程序150件,占全市的40%。");
    // Not a part of a breakdown.
    silent("共办理200件,办结150件,占70%。");
}

#[test]
fn wrong_rate_is_an_error() {
    fires(
        "共调解案件2672件,调解成功2354件,调解成功率90.09%。",
        "ratio.value",
        Severity::Error,
        "2672件,调解成功2354件,调解成功率90.09%",
    );
}

#[test]
fn rates_without_a_named_numerator_are_not_guessed() {
    // 018: 失业率 is not 再就业 / 新增就业; 出生率 in ‰ uses the average population.
    silent(
        "全县城镇新增就业1941人;城镇失业人员实现再就业280人;年末城镇登记失业率1.89%,低于2.5%的控制目标。",
    );
    silent(
        "年末户籍人口210084人。其中,男108374人,女101710人;出生人口1290人,出生率为6.12‰;死亡人口1549人,死亡率为7.35‰;自然增长率为-1.23‰。",
    );
}

// --- percent.range and percent.points ------------------------------------------------------

#[test]
fn rate_above_100_is_a_warning_but_growth_is_not() {
    fires(
        "通过平台收集企业问题1658个,问题收集率109.8%;",
        "percent.range",
        Severity::Warning,
        "109.8%",
    );
    // 020: 增长168% is growth.
    silent("中草药材种植8840亩,增长168%。");
    silent("计划完成率112.5%。");
}

#[test]
fn change_of_a_rate_in_percent_is_a_warning() {
    fires(
        "行政机关负责人出庭应诉率达93.75%,比2019年提高34.83%。",
        "percent.points",
        Severity::Warning,
        "34.83%",
    );
    // 022, 045: 个百分点 is right.
    silent("105年臺灣經濟成長率為1.50%,較104年的0.72%上升0.78個百分點。");
    silent("城镇化率为53.1%,比上年提高1.2个百分点。");
    // The growth of an amount in % is right.
    silent("实有个体工商户4.67万户,同比增长11.03%;注册资本97.38亿元,同比增长21.34%。");
}

// --- count.items ---------------------------------------------------------------------------

#[test]
fn counts_of_listed_items() {
    let eight = "组建完成区级市场监管、生态环境保护、文化市场、交通运输、农业、城市管理、住房建设、乡镇(街道)综合执法等8个领域综合行政执法队伍。";
    silent(eight);
    silent("出台“依法保护企业合法权益、依法保障企业正常经营、依法快速返还涉案财物”三条措施。");
    silent("依托实体、热线、网络三大平台。");
    fires(
        "依托实体、热线、网络、窗口三大平台。",
        "count.items",
        Severity::Warning,
        "依托实体、热线、网络、窗口三大",
    );
    fires(
        "出台“保护权益、保障经营、返还财物、优化服务”三条措施。",
        "count.items",
        Severity::Error,
        "保护权益、保障经营、返还财物、优化服务”三条",
    );
    // The last item may join another with 和; a list in a modifier is not counted.
    silent("建设攀枝花、包头和金川三大基地。");
    silent("加强以滇池、抚仙湖为重点的九大高原湖泊治理。");
    silent("重点建设山西铝厂、中州铝厂、白银铝厂二期工程。");
    fires(
        "依托实体、热线三大平台。",
        "count.items",
        Severity::Warning,
        "依托实体、热线三大",
    );
    // A quantity of the noun before it, and lists of quantities, are not counts of a list.
    silent("其中,行业性、专业性调委会6个,乡镇级调委会18个。");
    silent("减少办理环节49个、证照10个。");
}

#[test]
fn open_lists_may_be_shorter_than_their_count() {
    silent("推动区发改委、城管委、商务局等9个单位进驻。");
}

// --- respectively.count --------------------------------------------------------------------

#[test]
fn respectively_pairs() {
    silent("企业和个体工商户设立无纸化登记率分别达到96%和98%。");
    fires(
        "企业和个体工商户设立无纸化登记率分别达到96%、97%和98%。",
        "respectively.count",
        Severity::Warning,
        "企业和个体工商户设立无纸化登记率分别达到96%、97%和98%",
    );
}

// --- sum.shares ----------------------------------------------------------------------------

#[test]
fn structure_shares_add_up_to_100_within_rounding() {
    silent("三次产业的比例为12.8:45.4:41.9。");
    silent("三次产业增加值结构为9.3、41.0、49.6。");
    fires(
        "三次产业的比例为12.8:45.4:45.9。",
        "sum.shares",
        Severity::Warning,
        "12.8:45.4:45.9",
    );
}

// --- numbering.sequence --------------------------------------------------------------------

#[test]
fn numbering_skips_repeats_and_both_valid_schemes() {
    silent("标题\n一、甲\n（一）子\n（二）子\n二、乙\n（一）子\n1.孙\n2.孙\n（二）子\n3.孙");
    fires(
        "标题\n一、甲\n（一）子\n（三）子",
        "numbering.sequence",
        Severity::Warning,
        "（三）",
    );
    fires(
        "标题\n一、甲\n二、乙\n二、丙",
        "numbering.sequence",
        Severity::Warning,
        "二、",
    );
    fires(
        "标题\n一、甲\n一是梳理清单。三是推动改革。",
        "numbering.sequence",
        Severity::Warning,
        "三是",
    );
    silent("标题\n一、甲\n一是梳理清单。二是推动改革。\n三是深化服务。");
}

// --- style.punctuation ---------------------------------------------------------------------

#[test]
fn ascii_punctuation_is_one_finding_per_paragraph() {
    let (_, outcome) =
        run("标题\n2020年,全区(含街道)完成任务;成效明显。\n第二段,也有。\n全角，没有问题。");
    let style: Vec<_> = outcome
        .findings
        .iter()
        .filter(|f| f.rule == "style.punctuation")
        .collect();
    assert_eq!(style.len(), 2);
    assert!(
        style[0].message.en.starts_with("4 ASCII punctuation marks"),
        "{}",
        style[0].message.en
    );
    assert_eq!(style[0].expected.as_deref(), Some("，"));
}

// --- the sample report ---------------------------------------------------------------------

const SAMPLE: &str = include_str!("../samples/jinghai-2020-rule-of-law-report.txt");

#[test]
fn sample_findings_are_exactly_the_known_ones() {
    let (document, outcome) = run(SAMPLE);
    let text = document.report.text();
    let mut rest: Vec<(&str, Severity, &str)> = outcome
        .findings
        .iter()
        .filter(|f| f.rule != "style.punctuation")
        .map(|f| (f.rule.id, f.severity, &text[f.span.start..f.span.end]))
        .collect();
    rest.sort();
    assert_eq!(
        rest,
        [
            ("percent.points", Severity::Warning, "34.83%"),
            ("percent.range", Severity::Warning, "109.8%"),
            ("ratio.rounding", Severity::Info, "88.09%"),
        ]
    );
    assert!(
        outcome
            .findings
            .iter()
            .any(|f| f.rule == "style.punctuation")
    );
    assert!(
        outcome
            .findings
            .iter()
            .all(|f| f.severity != Severity::Error)
    );
}

#[test]
fn sample_relations_that_hold_are_verified() {
    let (_, outcome) = run(SAMPLE);
    let claims: Vec<&str> = outcome.verified.iter().map(|v| v.claim.as_str()).collect();
    for expected in [
        "515=218+297",
        "125=65+60",
        "431=6+18+407",
        "1394=54+407+933",
        "63001=62487+514",
        "534=143+391",
        "13790⊇7349",
        "104⊇65",
        "99.82%=1655/1658",
        "88.09%=2354/2672",
    ] {
        assert!(
            claims.contains(&expected),
            "{expected} not verified; verified: {claims:?}"
        );
    }
    let counted: Vec<&str> = outcome
        .verified
        .iter()
        .filter(|v| v.rule == "count.items")
        .map(|v| v.figures[0].text.as_str())
        .collect();
    for count in ["8個", "三條", "三大"] {
        assert!(
            counted.contains(&count),
            "{count} not verified: {counted:?}"
        );
    }
}

/// The digits of a figure's text changed so that its relation no longer holds.
fn mutate(text: &str, bump: i64) -> Option<String> {
    let digits: String = text.chars().filter(char::is_ascii_digit).collect();
    let numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    if !digits.is_empty() && !text.contains(numerals) {
        let last = text.rfind(|c: char| c.is_ascii_digit())?;
        let d = i64::from(text.as_bytes()[last] - b'0');
        let new = (d + bump).rem_euclid(10);
        let mut out = text.to_string();
        out.replace_range(last..last + 1, &new.to_string());
        return Some(out);
    }
    let (i, c) = text.char_indices().find(|(_, c)| numerals.contains(c))?;
    let n = numerals.iter().position(|&x| x == c)? as i64;
    let new = numerals[((n + bump).rem_euclid(9)) as usize];
    let mut out = text.to_string();
    out.replace_range(i..i + c.len_utf8(), &new.to_string());
    Some(out)
}

#[test]
fn changing_any_number_of_a_verified_relation_is_reported_there() {
    let (document, outcome) = run(SAMPLE);
    let text = document.report.text();
    let mut tried = 0;
    for verified in &outcome.verified {
        for (i, figure) in verified.figures.iter().enumerate() {
            // A part of a whole can grow or shrink a little and still be a part; a count of
            // items is only wrong when it undercounts.
            let bump = match verified.rule.id {
                // Any values can be paired, any shares may be stated.
                "respectively.count" | "sum.shares" => continue,
                "sum.part" if i == 1 => 9,
                "sum.part" => continue,
                "count.items" => -1,
                _ => 1,
            };
            let Some(mutated_text) = mutate(&figure.text, bump) else {
                continue;
            };
            let mut mutated = text.clone();
            mutated.replace_range(figure.span.start..figure.span.end, &mutated_text);
            if verified.rule == "sum.part" {
                // Make the part larger than the whole by prefixing a digit.
                mutated = text.clone();
                mutated.replace_range(figure.span.start..figure.span.start, "9");
            }
            let (_, after) = run(&mutated);
            let hit = after.findings.iter().any(|f| {
                f.rule != "style.punctuation"
                    && f.span.start <= figure.span.start
                    && figure.span.start < f.span.end.max(f.span.start + 1)
            });
            assert!(
                hit,
                "changing {} to {} in {} was not reported; findings: {:?}",
                figure.text,
                mutated_text,
                verified.claim,
                after
                    .findings
                    .iter()
                    .filter(|f| f.rule != "style.punctuation")
                    .map(|f| (f.rule.id, f.span))
                    .collect::<Vec<_>>()
            );
            tried += 1;
        }
    }
    assert!(tried >= 30, "only {tried} mutations tried");
}

// --- real reports --------------------------------------------------------------------------

/// Number rules (everything but style and numbering) must stay silent on these reports, whose
/// numbers were checked by hand.
#[test]
fn silent_on_corpus_reports_that_add_up() {
    let Some(dir) = common::corpus_dir().map(|d| d.join("raw")) else {
        return;
    };
    for prefix in [
        "017", "018", "019", "020", "022", "039", "045", "047", "049",
    ] {
        let Some(entry) = std::fs::read_dir(&dir).unwrap().flatten().find(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            name.starts_with(prefix) && !name.contains(".orig-")
        }) else {
            panic!("corpus file {prefix} missing in {}", dir.display());
        };
        let bytes = std::fs::read(entry.path()).unwrap();
        let document = gongwen::read_text(&bytes, &Default::default()).unwrap();
        let text = document.report.text();
        // Infos say by how much a partial list falls short of its total: they are not alarms.
        let noisy: Vec<(&str, &str)> = check(&document.report)
            .findings
            .iter()
            .filter(|f| !f.rule.id.starts_with("style.") && !f.rule.id.starts_with("numbering."))
            .filter(|f| f.severity != Severity::Info)
            .map(|f| (f.rule.id, &text[f.span.start..f.span.end]))
            .collect();
        assert!(noisy.is_empty(), "{prefix}: {noisy:?}");
    }
}

/// No finding on a real report is an error: every corpus file was read by hand where a rule
/// fired, and none of the published figures there was found wrong by the rules that raise errors.
#[test]
fn no_errors_on_any_corpus_file() {
    let Some(files) = common::corpus_files() else {
        return;
    };
    let mut errors = Vec::new();
    for (name, bytes) in files {
        let document = gongwen::read_text(&bytes, &Default::default()).unwrap();
        let text = document.report.text();
        for f in check(&document.report).findings {
            if f.severity == Severity::Error {
                errors.push((
                    name.clone(),
                    f.rule.id,
                    text[f.span.start..f.span.end].to_string(),
                ));
            }
        }
    }
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn numbering_may_restart_after_a_list_introduction() {
    // 从公开内容看： ends the items of one list and opens another, numbered from 1 again.
    silent(
        "从公开载体看：\n1、利用网站发布信息186条。\n2、利用新闻媒体公开信息41条。\n从公开内容看：\n1、工作动态类信息160条。\n2、惠民事项信息67条。\n",
    );
    // Without the introduction, a step back is a finding.
    fires(
        "1、利用网站发布信息186条。\n2、利用新闻媒体公开信息41条。\n1、工作动态类信息160条。\n",
        "numbering.sequence",
        Severity::Warning,
        "1、",
    );
}

// --- big numbers and figure.too-large ------------------------------------------------------

/// The one finding of `rule` in `text`: its severity, message (English), arithmetic, expected
/// value and the excerpt it points at.
fn the(text: &str, rule: &str) -> (Severity, String, Option<String>, Option<String>, String) {
    let (document, outcome) = run(text);
    let source = document.report.text();
    let found: Vec<_> = outcome.findings.iter().filter(|f| f.rule == rule).collect();
    assert_eq!(found.len(), 1, "one {rule} in {text:?}: {found:#?}");
    let f = found[0];
    (
        f.severity,
        f.message.en.clone(),
        f.arithmetic.clone(),
        f.expected.clone(),
        source[f.span.start..f.span.end].to_string(),
    )
}

#[test]
fn sums_of_40_digit_figures_are_exact() {
    let (total, half) = (
        format!("1{}1", "0".repeat(38)),
        format!("5{}", "0".repeat(38)),
    );
    let ten_39 = format!("1{}", "0".repeat(39));
    let text = format!("合计{total}元，其中甲{half}元，乙{half}元。");
    let arithmetic = format!("{half} + {half} = {ten_39} 元");
    assert_eq!(
        the(&text, "sum.total"),
        (
            Severity::Info,
            format!(
                "the parts add up to {ten_39} 元, less than the total {total}元 ({arithmetic}); if the breakdown is complete, a figure is wrong"
            ),
            Some(arithmetic),
            Some(ten_39.clone()),
            format!("{total}元，其中甲{half}元，乙{half}元"),
        )
    );
    // One more in the total is one more in the shortfall; the exact total is verified.
    let text = format!("合计{ten_39}元，其中甲{half}元，乙{half}元。");
    silent(&text);
    assert!(claims(&text).contains(&format!("{ten_39}={half}+{half}")));
    let z = "0".repeat(30);
    fires(
        &format!("收到建议提案总计125{z}件,其中:人大代表建议65{z}件,政协委员提案70{z}件。"),
        "sum.total",
        Severity::Error,
        &format!("125{z}件,其中:人大代表建议65{z}件,政协委员提案70{z}件"),
    );
}

#[test]
fn a_40_digit_part_larger_than_its_whole() {
    let z = "0".repeat(36);
    let text = format!("行政处罚共立案13790{z}件,其中结案17349{z}件。");
    assert_eq!(
        the(&text, "sum.part"),
        (
            Severity::Error,
            format!("the part 17349{z}件 is larger than its whole 13790{z}件"),
            Some(format!("17349{z} > 13790{z}")),
            None,
            format!("13790{z}件,其中结案17349{z}件"),
        )
    );
    silent(&format!("行政处罚共立案13790{z}件,其中结案7349{z}件。"));
}

#[test]
fn rates_and_shares_of_25_digit_figures_are_exact() {
    let z = "0".repeat(25);
    let (n, d) = (format!("2354{z}"), format!("2672{z}"));
    let arithmetic = format!("{n} / {d} = 88.0988…%");
    assert_eq!(
        the(
            &format!("调解案件{d}件,调解成功{n}件,调解成功率90.09%。"),
            "ratio.value"
        ),
        (
            Severity::Error,
            format!("90.09% does not match {arithmetic}: it should be 88.10%"),
            Some(arithmetic.clone()),
            Some("88.10".to_string()),
            format!("{d}件,调解成功{n}件,调解成功率90.09%"),
        )
    );
    assert_eq!(
        the(
            &format!("调解案件{d}件,调解成功{n}件,调解成功率88.09%。"),
            "ratio.rounding"
        ),
        (
            Severity::Info,
            format!("88.09% is {arithmetic} truncated; rounded as GB/T 8170 requires it is 88.10%"),
            Some(arithmetic),
            Some("88.10".to_string()),
            "88.09%".to_string(),
        )
    );
    silent(&format!("调解案件{d}件,调解成功{n}件,调解成功率88.10%。"));
    let (whole, part) = (format!("200{z}"), format!("150{z}"));
    assert_eq!(
        the(
            &format!("共办理{whole}件,其中简易程序{part}件,占70%。"),
            "share.value"
        ),
        (
            Severity::Error,
            format!(
                "the share 70% does not match {part} / {whole} = 75.0000%: it should be 75% (whole: {whole}件)"
            ),
            Some(format!("{part} / {whole} = 75.0000%")),
            Some("75".to_string()),
            format!("{whole}件,其中简易程序{part}件,占70%"),
        )
    );
    silent(&format!("共办理{whole}件,其中简易程序{part}件,占75%。"));
}

#[test]
fn figures_with_an_exponent_are_checked() {
    fires(
        "收到建议提案总计1.25e2件,其中:人大代表建议6.5e1件,政协委员提案7.0e1件。",
        "sum.total",
        Severity::Error,
        "1.25e2件,其中:人大代表建议6.5e1件,政协委员提案7.0e1件",
    );
    // 3e5 is stated to 10^5: 1e5 + 2.5e5 is within its precision.
    silent("合计3e5元，其中甲1e5元，乙2.5e5元。");
}

#[test]
fn figures_beyond_the_places_are_too_large_to_check() {
    let (document, outcome) = run("合计1e+400元，其中甲5e+399元，乙5e+399元。");
    let source = document.report.text();
    let found: Vec<(&str, Severity, &str, &str)> = outcome
        .findings
        .iter()
        .map(|f| {
            (
                f.rule.id,
                f.severity,
                f.message.en.as_str(),
                &source[f.span.start..f.span.end],
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "figure.too-large",
                Severity::Info,
                "1e+400元 is too large to check: its digits reach 10^400, and the checks compute with figures within 10^±300",
                "1e+400元",
            ),
            (
                "figure.too-large",
                Severity::Info,
                "5e+399元 is too large to check: its digits reach 10^399, and the checks compute with figures within 10^±300",
                "5e+399元",
            ),
            (
                "figure.too-large",
                Severity::Info,
                "5e+399元 is too large to check: its digits reach 10^399, and the checks compute with figures within 10^±300",
                "5e+399元",
            ),
        ]
    );
    assert_eq!(
        the("调解案件2672件,调解成功2354件,调解成功率8.8e-400%。", "figure.too-large"),
        (
            Severity::Info,
            "8.8e-400% has too many decimal places to check: its digits reach 10^-401, and the checks compute with figures within 10^±300".to_string(),
            None,
            None,
            "8.8e-400%".to_string(),
        )
    );
    // A 301-digit figure is beyond too; 300 digits are checked.
    let big = format!("1{}", "0".repeat(300));
    fires(
        &format!("行政处罚共立案{big}件,其中结案{big}0件。"),
        "figure.too-large",
        Severity::Info,
        &format!("{big}0件"),
    );
    fires(
        &format!("行政处罚共立案{big}件,其中结案2{}件。", "0".repeat(300)),
        "sum.part",
        Severity::Error,
        &format!("{big}件,其中结案2{}件", "0".repeat(300)),
    );
}

/// `a + b` of two decimal digit strings (by num-bigint, independent of gongwen's arithmetic).
fn add_digits(a: &str, b: &str) -> String {
    let parse = |s: &str| s.parse::<num_bigint::BigUint>().expect("digits");
    (parse(a) + parse(b)).to_string()
}

proptest::proptest! {
    /// A complete breakdown (其他) of parts up to 60 digits long: a mismatch is found exactly when
    /// the stated total differs from the sum, and the sum is verified when it does not.
    #[test]
    fn sums_of_parts_up_to_60_digits(
        a in "[1-9][0-9]{0,59}",
        b in "[1-9][0-9]{0,59}",
        bump in proptest::option::of((0usize..61, 0u8..10)),
    ) {
        let sum = add_digits(&a, &b);
        let mut total = sum.clone().into_bytes();
        if let Some((at, digit)) = bump {
            let at = at % total.len();
            total[at] = b'0' + if at == 0 { digit.max(1) } else { digit };
        }
        let total = String::from_utf8(total).unwrap();
        let text = format!("現區級保留的政務服務事項{total}項,行政許可事項{a}項,公共服務等其他事項{b}項。");
        let (_, outcome) = run(&text);
        let errors: Vec<_> = outcome.findings.iter().filter(|f| f.rule == "sum.total").collect();
        if total == sum {
            proptest::prop_assert!(errors.is_empty(), "{text}: {errors:#?}");
            let claim = format!("{total}={a}+{b}");
            proptest::prop_assert!(outcome.verified.iter().any(|v| v.claim == claim), "{text}");
        } else {
            proptest::prop_assert_eq!(errors.len(), 1, "{}: {:#?}", text, outcome.findings);
            proptest::prop_assert_eq!(errors[0].severity, Severity::Error);
            proptest::prop_assert_eq!(errors[0].expected.as_deref(), Some(sum.as_str()));
            proptest::prop_assert_eq!(errors[0].stated.as_deref(), Some(total.as_str()));
        }
    }
}
