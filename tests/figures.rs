//! Figures: kinds, values, units, exponents, approximations and subjects on real sentences from
//! the sample report and the corpus, plus invariants over arbitrary input.

mod common;

use gongwen::figures::scan;
use gongwen::model::{Bound, Figure, FigureKind};
use proptest::prelude::*;

use FigureKind::*;

/// The one figure in `text` whose text is `stated`.
fn fig(text: &str, stated: &str) -> Figure {
    let figures = scan(text);
    let found: Vec<&Figure> = figures.iter().filter(|f| f.text == stated).collect();
    assert_eq!(
        found.len(),
        1,
        "expected one figure {stated:?} in {text:?}, got {:#?}",
        figures
    );
    found[0].clone()
}

/// What a figure should be: kind, value, unit, exponent.
fn check(
    text: &str,
    stated: &str,
    kind: FigureKind,
    value: &str,
    unit: Option<&str>,
    exponent: i32,
) -> Figure {
    let f = fig(text, stated);
    assert_eq!(f.kind, kind, "kind of {stated:?}: {f:#?}");
    assert_eq!(
        f.value.as_deref(),
        Some(value),
        "value of {stated:?}: {f:#?}"
    );
    assert_eq!(f.unit.as_deref(), unit, "unit of {stated:?}: {f:#?}");
    assert_eq!(f.exponent, exponent, "exponent of {stated:?}: {f:#?}");
    assert_eq!(&text[f.span.start..f.span.end], f.text);
    assert!(f.id.is_empty());
    f
}

fn subject(f: &Figure) -> Option<&str> {
    f.subject.as_deref()
}

fn approx(f: &Figure) -> Option<(&str, Bound)> {
    f.approx.as_ref().map(|a| (a.marker.as_str(), a.bound))
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Spans sorted, non-overlapping, on char boundaries, text consistent, every digit covered.
fn assert_invariants(text: &str) {
    let figures = scan(text);
    let mut last = 0;
    for f in &figures {
        assert!(
            f.span.start >= last,
            "overlap or disorder in {text:?}: {figures:#?}"
        );
        assert!(f.span.start < f.span.end, "empty figure in {text:?}");
        assert!(text.is_char_boundary(f.span.start) && text.is_char_boundary(f.span.end));
        assert_eq!(&text[f.span.start..f.span.end], f.text);
        last = f.span.end;
    }
    for (b, c) in text.char_indices() {
        if is_digit(c) {
            let n = figures
                .iter()
                .filter(|f| f.span.start <= b && b < f.span.end)
                .count();
            assert_eq!(
                n, 1,
                "digit at byte {b} of {text:?} covered {n} times: {figures:#?}"
            );
        }
    }
}

// ----- the sample report (Traditional, ASCII punctuation) ------------------------------------

#[test]
fn sample_service_items() {
    let t = "根據市級清單,梳理確認我區各類政務服務事項清單31個。現區級保留的政務服務事項515項,行政許可事項218項,公共服務等其他事項297項。";
    let f = check(t, "515項", Count, "515", Some("项"), 0);
    assert_eq!(subject(&f), Some("政務服務事項"));
    let f = check(t, "218項", Count, "218", Some("项"), 0);
    assert_eq!(subject(&f), Some("行政許可事項"));
    check(t, "31個", Count, "31", Some("个"), 0);
    assert_invariants(t);
}

#[test]
fn sample_compression_over_80_percent() {
    let t = "區級取消政務服務事項18項、申請材料525項,減少辦理環節49個、證照10個,承接下放政務服務事項34項,456項政務服務事項的辦理時限壓縮了80%以上。";
    let f = check(t, "80%以上", Percent, "80", Some("%"), 0);
    assert_eq!(approx(&f), Some(("以上", Bound::Over)));
    let f = check(t, "18項", Count, "18", Some("项"), 0);
    assert_eq!(subject(&f), Some("政務服務事項"));
    let f = check(t, "525項", Count, "525", Some("项"), 0);
    assert_eq!(subject(&f), Some("申請材料"));
    check(t, "456項", Count, "456", Some("项"), 0);
    assert_invariants(t);
}

#[test]
fn sample_online_rate_about_90() {
    let t = "2020年靜海區政務服務事項網上實辦率約90%。";
    let f = check(t, "約90%", Percent, "90", Some("%"), 0);
    assert_eq!(approx(&f), Some(("約", Bound::About)));
    assert!(subject(&f).is_some_and(|s| s.ends_with("網上實辦率")));
    check(t, "2020年", Year, "2020", Some("年"), 0);
}

#[test]
fn sample_credit_site_early_may() {
    let t = "“信用中國(天津靜海)”網站5月初建成並上線運行,由區發改委牽頭組織各行政執法部門上傳行政許可、行政執法“雙公示”數據9507條。組織開展企業信用修復工作,累計開展信用培訓47次,培訓企業數536家,信用修復526條,累計修復企業460家。";
    check(t, "5月初", Date, "--05", None, 0);
    let f = check(t, "536家", Count, "536", Some("家"), 0);
    assert_eq!(subject(&f), Some("培訓企業數"));
    let f = check(t, "47次", Count, "47", Some("次"), 0);
    assert_eq!(subject(&f), Some("信用培訓"));
    check(t, "9507條", Count, "9507", Some("条"), 0);
    assert_invariants(t);
}

#[test]
fn sample_half_working_day_and_rates() {
    let t = "深化“最多跑一次”改革,嚴格堅持企業設立登記0.5個工作日的審核時限。企業和個體工商戶設立無紙化登記率分別達到96%和98%。";
    check(t, "0.5個工作日", Duration, "0.5", Some("工作日"), -1);
    check(t, "96%", Percent, "96", Some("%"), 0);
    check(t, "98%", Percent, "98", Some("%"), 0);
    assert_eq!(scan(t).len(), 3, "{:#?}", scan(t));
}

#[test]
fn sample_market_entities() {
    let t = "截至目前,靜海區實有個體工商戶4.67萬戶,同比增長11.03%;註冊資本97.38億元,同比增長21.34%;從業人員10.5萬人,同比增長9.53%。";
    let f = check(t, "4.67萬戶", Count, "46700", Some("户"), 2);
    assert_eq!(subject(&f), Some("個體工商戶"));
    let f = check(t, "11.03%", Percent, "11.03", Some("%"), -2);
    assert_eq!(subject(&f), Some("同比增長"));
    let f = check(t, "97.38億元", Money, "9738000000", Some("元"), 6);
    assert_eq!(subject(&f), Some("註冊資本"));
    let f = check(t, "10.5萬人", Count, "105000", Some("人"), 3);
    assert_eq!(subject(&f), Some("從業人員"));
    assert_invariants(t);
}

#[test]
fn sample_electricity_savings() {
    let t = "其中:電價優惠政策方面,涉及執行一般工商業及大工業電價電力用戶總計29126戶,降低用電成本9882.60萬元。水價政策方面,水務公司減免水費、污水處理費合計1631.7萬元;";
    let f = check(t, "9882.60萬元", Money, "98826000", Some("元"), 2);
    assert_eq!(subject(&f), Some("用電成本"));
    let f = check(t, "1631.7萬元", Money, "16317000", Some("元"), 3);
    assert_eq!(subject(&f), Some("污水處理費"));
    check(t, "29126戶", Count, "29126", Some("户"), 0);
}

#[test]
fn sample_subsidies_and_congress() {
    let t = "2020年對十九大以來的惠企政策檔案進行梳理匯總,編制相關政策檔案彙編,製作光碟2500張,並分發到重點企業。積極爭取國家和市級補助資金支持,申報中央資金項目4個,申請中央補助資金0.6億元。";
    check(t, "十九大", Identifier, "19", None, 0);
    check(t, "0.6億元", Money, "60000000", Some("元"), 7);
    check(
        "努力实现十大提出的各项任务",
        "十大",
        Identifier,
        "10",
        None,
        0,
    );
    check(
        "以滇池为重点的九大高原湖泊",
        "九大",
        Count,
        "9",
        Some("大"),
        0,
    );
    assert!(scan("汽车零部件").is_empty());
    assert!(scan("十五期间").is_empty());
    assert!(scan("小学三年级").is_empty());
    check(t, "2500張", Count, "2500", Some("张"), 0);
    check(t, "2020年", Year, "2020", Some("年"), 0);
}

#[test]
fn sample_three_measures_and_12309() {
    let t = "公安部門出台“依法保護企業合法權益、依法保障企業正常經營、依法快速返還涉案財物”三條措施,最大限度防止偵查辦案對企業經營造成負面影響;區檢察院通過12309檢察服務中心向社會提供案件程式信息查詢";
    check(t, "三條", Count, "3", Some("条"), 0);
    check(t, "12309", Identifier, "12309", None, 0);
    assert_eq!(scan(t).len(), 2, "{:#?}", scan(t));
}

#[test]
fn sample_problems_rank_and_scores() {
    let t = "截至12月底,通過“雙萬雙服”平台收集企業問題1658個,問題收集率109.8%;解決企業問題1655個,解決率99.82%,全市排名第1;答覆滿意得分99.83分,全市排名第2;";
    check(t, "12月底", Date, "--12", None, 0);
    let f = check(t, "1658個", Count, "1658", Some("个"), 0);
    assert_eq!(subject(&f), Some("企業問題"));
    let f = check(t, "109.8%", Percent, "109.8", Some("%"), -1);
    assert_eq!(subject(&f), Some("問題收集率"));
    check(t, "99.82%", Percent, "99.82", Some("%"), -2);
    check(t, "第1", Rank, "1", None, 0);
    check(t, "第2", Rank, "2", None, 0);
    let f = check(t, "99.83分", Score, "99.83", Some("分"), -2);
    assert_eq!(subject(&f), Some("答覆滿意得分"));
    assert_invariants(t);
}

#[test]
fn sample_three_platforms() {
    let t = "依託實體、熱線、網路三大平台,發揮人民調解、法制宣傳、法律諮詢、法律援助等職能";
    let f = check(t, "三大", Count, "3", Some("大"), 0);
    assert_eq!(subject(&f), Some("平台"));
}

#[test]
fn sample_enforcement_cases() {
    let t = "2020年全區各鄉鎮(街道)、各行政執法部門共開展行政執法檢查26458次,行政處罰共立案13790件,其中結案7349件。";
    check(t, "26458次", Count, "26458", Some("次"), 0);
    check(t, "13790件", Count, "13790", Some("件"), 0);
    let f = check(t, "7349件", Count, "7349", Some("件"), 0);
    assert_eq!(subject(&f), Some("結案"));
}

#[test]
fn sample_training_over_20_units() {
    let t = "2020年,組織20餘家行政執法單位120餘人開展土地資源領域行政執法專題培訓會;";
    let f = check(t, "20餘家", Count, "20", Some("家"), 0);
    assert_eq!(approx(&f), Some(("餘", Bound::Over)));
    let f = check(t, "120餘人", Count, "120", Some("人"), 0);
    assert_eq!(approx(&f), Some(("餘", Bound::Over)));
}

#[test]
fn sample_hotline_8890() {
    let t = "2020年靜海便民服務專線受理民眾諮詢、投訴等問題63001件,其中,來自市8890便民服務專線政務類轉辦單62487件;來自8890便民諮詢平台便民類諮詢單514件。按時接單率和辦結率均達到100%,民眾滿意度達到90%以上。";
    let ids: Vec<Figure> = scan(t).into_iter().filter(|f| f.text == "8890").collect();
    assert_eq!(ids.len(), 2);
    assert!(
        ids.iter()
            .all(|f| f.kind == Identifier && f.value.as_deref() == Some("8890"))
    );
    check(t, "63001件", Count, "63001", Some("件"), 0);
    let f = check(t, "90%以上", Percent, "90", Some("%"), 0);
    assert_eq!(subject(&f), Some("民眾滿意度"));
    assert_eq!(approx(&f), Some(("以上", Bound::Over)));
    assert_invariants(t);
}

#[test]
fn sample_mediation() {
    let t = "2020年以來各級調解組織共調解案件2672件,調解成功2354件,調解成功率88.09%。";
    let f = check(t, "2672件", Count, "2672", Some("件"), 0);
    assert_eq!(subject(&f), Some("調解案件"));
    let f = check(t, "2354件", Count, "2354", Some("件"), 0);
    assert_eq!(subject(&f), Some("調解成功"));
    let f = check(t, "88.09%", Percent, "88.09", Some("%"), -2);
    assert_eq!(subject(&f), Some("調解成功率"));
    check(t, "2020年", Year, "2020", Some("年"), 0);
}

#[test]
fn sample_appearance_rate() {
    let t = "2020年靜海區政府或政府部門作為被告的行政案件,行政機關負責人出庭應訴率達93.75%,比2019年提高34.83%。";
    let f = check(t, "93.75%", Percent, "93.75", Some("%"), -2);
    assert!(subject(&f).is_some_and(|s| s.ends_with("出庭應訴率")));
    check(t, "34.83%", Percent, "34.83", Some("%"), -2);
    check(t, "2019年", Year, "2019", Some("年"), 0);
}

#[test]
fn sample_preface_congress_and_plenums() {
    let t = "2020年,靜海區堅持以習近平新時代中國特色社會主義思想為指導,深入學習貫徹黨的十九大和十九屆二中、三中、四中、五中全會精神,按照黨中央、國務院《法治政府建設實施綱要(2015-2020年)》和市委、市政府實施意見";
    check(t, "十九大", Identifier, "19", None, 0);
    check(t, "十九屆", Identifier, "19", None, 0);
    for (s, v) in [("二中", "2"), ("三中", "3"), ("四中", "4"), ("五中", "5")] {
        check(t, s, Identifier, v, None, 0);
    }
    let f = check(t, "2015-2020年", Year, "2015", Some("年"), 0);
    assert_eq!(f.value_max.as_deref(), Some("2020"));
    assert_invariants(t);
}

#[test]
fn a_range_of_years_that_lost_its_dash_is_still_a_range() {
    // A web page's 《…纲要(2021—2025年)》 with the dash dropped.
    let t = "按照《静海区法治政府建设实施纲要(20212025年)》,全年接待20212025人次。";
    let f = check(t, "20212025年", Year, "2021", Some("年"), 0);
    assert_eq!(f.value_max.as_deref(), Some("2025"));
    check(t, "20212025人次", Count, "20212025", Some("人次"), 0);
    assert_invariants(t);
}

#[test]
fn sample_dates_with_year() {
    let t = "截至2020年12月底,全區持有市級執法證1213人,持有國家執法證104人,其中持有市級和國家執法證雙證人員65人。";
    check(t, "2020年12月底", Date, "2020-12", None, 0);
    let f = check(t, "1213人", Count, "1213", Some("人"), 0);
    assert_eq!(subject(&f), Some("市級執法證"));
    let t = "2020年7月,組織開展靜海區2020年執法證件申領及註冊培訓考試工作,全區281人考試合格";
    check(t, "2020年7月", Date, "2020-07", None, 0);
    check(t, "2020年", Year, "2020", Some("年"), 0);
}

#[test]
fn sample_quoted_plan_is_identifier() {
    let t = "科學制定“八五”普法規劃,統籌推進法治宣傳教育工作。";
    let f = fig(t, "八五");
    assert_eq!(f.kind, Identifier);
    assert_eq!(scan(t).len(), 1);
}

#[test]
fn sample_whole_file_invariants() {
    let text = include_str!("../samples/jinghai-2020-rule-of-law-report.txt");
    for line in text.lines() {
        assert_invariants(line);
    }
}

// ----- idioms and slogans -----------------------------------------------------------------

#[test]
fn idioms_are_not_figures() {
    for t in [
        "一是梳理各類事項清單",
        "提升“一門”受理範圍",
        "進一步梳理我區適用的失信懲戒",
        "推進“一制三化”、“多證合一”",
        "千方百計保障百姓生活",
        "萬一發生問題",
        "十分重要",
        "增強“四個意識”、做到“兩個維護”",
        "統籌推進“五位一體”總體布局",
        "推進一體化建設,打造一流環境,實行一次性告知",
        "唯一的途徑",
        "第一書記和第一責任人",
        "第一產業增加值",
        "一方面加強監管",
        "落實“三農”工作和“四風”整治",
    ] {
        let figures = scan(t);
        assert!(
            figures.iter().all(|f| f.kind == Identifier),
            "{t}: {figures:#?}"
        );
        assert!(figures.iter().all(|f| f.kind != Count), "{t}");
    }
    assert!(scan("一是梳理清單,二是推動改革").is_empty());
}

// ----- units, scales, ranges, approximations --------------------------------------------------

#[test]
fn chinese_percent_and_scales() {
    check(
        "增長百分之十五点四",
        "百分之十五点四",
        Percent,
        "15.4",
        Some("%"),
        -1,
    );
    let f = check("約兩萬人參加", "約兩萬人", Count, "20000", Some("人"), 4);
    assert_eq!(approx(&f), Some(("約", Bound::About)));
    let f = check(
        "共有两万余人参加",
        "两万余人",
        Count,
        "20000",
        Some("人"),
        4,
    );
    assert_eq!(approx(&f), Some(("余", Bound::Over)));
    check("投资3.5万吨", "3.5万吨", Measure, "35000", Some("吨"), 3);
    check("达到2,700元", "2,700元", Money, "2700", Some("元"), 0);
    check(
        "3萬2,105美元",
        "3萬2,105美元",
        Money,
        "32105",
        Some("美元"),
        0,
    );
    check(
        "生产总值5.67 万亿元",
        "5.67 万亿元",
        Money,
        "5670000000000",
        Some("元"),
        10,
    );
    check(
        "面积12平方公里",
        "12平方公里",
        Measure,
        "12",
        Some("平方公里"),
        0,
    );
    check("增长1.5倍", "1.5倍", Multiple, "1.5", Some("倍"), -1);
    check("千分之五", "千分之五", Percent, "5", Some("‰"), 0);
}

#[test]
fn ranges() {
    let f = check("补贴3~5万元", "3~5万元", Money, "30000", Some("元"), 4);
    assert_eq!(f.value_max.as_deref(), Some("50000"));
    let f = check("期限3-5年", "3-5年", Duration, "3", Some("年"), 0);
    assert_eq!(f.value_max.as_deref(), Some("5"));
    let f = check("每组3至5个", "3至5个", Count, "3", Some("个"), 0);
    assert_eq!(f.value_max.as_deref(), Some("5"));
}

#[test]
fn approximation_markers() {
    let f = check("超过50%的企业", "超过50%", Percent, "50", Some("%"), 0);
    assert_eq!(approx(&f), Some(("超过", Bound::Over)));
    let f = check(
        "参加人数3000人以上",
        "3000人以上",
        Count,
        "3000",
        Some("人"),
        0,
    );
    assert_eq!(approx(&f), Some(("以上", Bound::Over)));
    let f = check("举办100多个活动", "100多个", Count, "100", Some("个"), 0);
    assert_eq!(approx(&f), Some(("多", Bound::Over)));
    let f = check("覆盖近2万人", "近2万人", Count, "20000", Some("人"), 4);
    assert_eq!(approx(&f), Some(("近", Bound::Under)));
    let f = check("惠及不足200户", "不足200户", Count, "200", Some("户"), 0);
    assert_eq!(approx(&f), Some(("不足", Bound::Under)));
    let f = check("用时2小时左右", "2小时左右", Duration, "2", Some("小时"), 0);
    assert_eq!(approx(&f), Some(("左右", Bound::About)));
    let f = check("近5年来", "5年", Duration, "5", Some("年"), 0);
    assert_eq!(approx(&f), None);
}

#[test]
fn negative_numbers() {
    let f = check("利润增长-2.3%", "-2.3%", Percent, "-2.3", Some("%"), -1);
    assert_eq!(subject(&f), Some("利润增长"));
    check(
        "图1 2017-2021年",
        "2017-2021年",
        Year,
        "2017",
        Some("年"),
        0,
    );
    check("COVID-19疫情", "COVID-19", Identifier, "COVID-19", None, 0);
    check("变化为-0.0%", "-0.0%", Percent, "0.0", Some("%"), -1);
    check("编号2023-25449", "25449", Number, "25449", None, 0);
}

#[test]
fn years_dates_durations() {
    check(
        "2021年3月29日发布",
        "2021年3月29日",
        Date,
        "2021-03-29",
        None,
        0,
    );
    check("3月29日", "3月29日", Date, "--03-29", None, 0);
    let f = check("2021年1-6月", "1-6月", Date, "--01", None, 0);
    assert_eq!(f.value_max.as_deref(), Some("--06"));
    check("日期2015.01.09", "2015.01.09", Date, "2015-01-09", None, 0);
    check("2020年1月", "2020年1月", Date, "2020-01", None, 0);
    check("二〇二〇年工作", "二〇二〇年", Year, "2020", Some("年"), 0);
    check("连续三年位居前列", "三年", Duration, "3", Some("年"), 0);
    check("3年来累计投入", "3年", Duration, "3", Some("年"), 0);
    check("连续3年获评", "3年", Duration, "3", Some("年"), 0);
    check("总数达两万", "两万", Number, "20000", None, 4);
    check("全年2020年度考核", "2020年度", Year, "2020", Some("年"), 0);
    check("办结时限30天", "30天", Duration, "30", Some("天"), 0);
    check("试用6个月", "6个月", Duration, "6", Some("个月"), 0);
    check("排名第三名", "第三名", Rank, "3", Some("名"), 0);
    let t = "关于１９８０、１９８１年国民经济计划安排的报告";
    check(t, "１９８０", Year, "1980", Some("年"), 0);
    check(t, "１９８１年", Year, "1981", Some("年"), 0);
}

#[test]
fn ratio_and_bare_numbers() {
    let t = "三次产业结构为12.8:45.4:41.9。";
    let f = check(t, "12.8:45.4:41.9", Ratio, "12.8:45.4:41.9", None, -1);
    assert_eq!(subject(&f), Some("三次产业结构"));
    check(
        "居民消费价格总指数 | 101.0 |",
        "101.0",
        Number,
        "101.0",
        None,
        -1,
    );
}

#[test]
fn identifiers() {
    let t = "按照《通知》(闽政办函〔2012〕157号)要求";
    check(t, "〔2012〕157号", Identifier, "〔2012〕157号", None, 0);
    check(
        "津政发[2020]3號文件",
        "[2020]3號",
        Identifier,
        "[2020]3號",
        None,
        0,
    );
    check("拨打12345热线", "12345", Identifier, "12345", None, 0);
    check("实施“3820”战略工程", "3820", Identifier, "3820", None, 0);
    check("建成5G基站", "5G", Identifier, "5G", None, 0);
    check("G20峰会", "G20", Identifier, "G20", None, 0);
    check("创建4A景区", "4A", Identifier, "4A", None, 0);
    check(
        "电话:0755-12345678",
        "0755-12345678",
        Identifier,
        "0755-12345678",
        None,
        0,
    );
    let f = fig("实现了“十四五”良好开局", "十四五");
    assert_eq!((f.kind, f.value), (Identifier, None));
}

#[test]
fn fullwidth_digits() {
    let t = "１９７９年农业总产值比１９７８年增长８．６％。粮食产量３３，２１２万吨,比上年增加２，７３７万吨";
    check(t, "１９７９年", Year, "1979", Some("年"), 0);
    check(t, "８．６％", Percent, "8.6", Some("%"), -1);
    check(t, "３３，２１２万吨", Measure, "332120000", Some("吨"), 4);
    check(t, "２，７３７万吨", Measure, "27370000", Some("吨"), 4);
    assert_invariants(t);
}

// ----- the corpus -----------------------------------------------------------------------------

fn corpus(name: &str) -> Option<String> {
    let path = format!("{}/../shared/corpus/raw/{name}", env!("CARGO_MANIFEST_DIR"));
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) if std::env::var_os("GONGWEN_REQUIRE_ALL").is_some() => {
            panic!("corpus not found at {path}")
        }
        Err(_) => {
            println!("SKIP: corpus not found at {path}");
            None
        }
    }
}

/// Every line of a corpus file keeps the invariants; returns the lines.
fn corpus_lines(name: &str) -> Option<Vec<String>> {
    let text = corpus(name)?;
    let lines: Vec<String> = text.lines().map(str::to_string).collect();
    for line in &lines {
        assert_invariants(line);
    }
    Some(lines)
}

fn line_with<'a>(lines: &'a [String], needle: &str) -> &'a str {
    lines
        .iter()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("no line contains {needle:?}"))
}

#[test]
fn corpus_041_chinese_numeral_amounts() {
    let Some(lines) = corpus_lines("041_hk-budget-speech-2019-part1-trad.txt") else {
        return;
    };
    let t = line_with(&lines, "一千五百億元");
    let f = check(t, "約一千五百億元", Money, "150000000000", Some("元"), 10);
    assert_eq!(approx(&f), Some(("約", Bound::About)));
    let t = line_with(&lines, "百分之三點五");
    check(t, "百分之三點五", Percent, "3.5", Some("%"), -1);
    check(t, "百分之零點二", Percent, "0.2", Some("%"), -1);
    let t = line_with(&lines, "二月二十七日");
    check(t, "二月二十七日", Date, "--02-27", None, 0);
    let f = check(t, "二零一九至二零年度", Year, "2019", Some("年"), 0);
    assert_eq!(f.value_max.as_deref(), Some("2020"));
}

#[test]
fn corpus_043_ranges() {
    let Some(lines) = corpus_lines("043_hk-news-budget-2005-trad.txt") else {
        return;
    };
    let t = line_with(&lines, "2,700 - 3,400億元");
    let f = check(t, "2,700 - 3,400億元", Money, "270000000000", Some("元"), 8);
    assert_eq!(f.value_max.as_deref(), Some("340000000000"));
    let f = check(t, "13 - 17個月", Duration, "13", Some("个月"), 0);
    assert_eq!(f.value_max.as_deref(), Some("17"));
    check(t, "5年", Duration, "5", Some("年"), 0);
    let t = line_with(&lines, "105億元赤字");
    let f = check(t, "2005 - 06年度", Year, "2005", Some("年"), 0);
    assert_eq!(f.value_max.as_deref(), Some("2006"));
    check(t, "105億元", Money, "10500000000", Some("元"), 8);
    check(t, "0.8%", Percent, "0.8", Some("%"), -1);
    let t = line_with(&lines, "2,873億元");
    check(t, "2,873億元", Money, "287300000000", Some("元"), 8);
    check(t, "3月31日", Date, "--03-31", None, 0);
}

#[test]
fn corpus_045_traditional_points_compounds_roc_years() {
    let Some(lines) = corpus_lines("045_tw-ndc-macro-indicators-2016-trad.txt") else {
        return;
    };
    let t = line_with(&lines, "1,126萬7千人");
    let f = check(t, "1,126萬7千人", Count, "11267000", Some("人"), 3);
    assert_eq!(subject(&f), Some("平均就業人數"));
    check(t, "6萬9千人", Count, "69000", Some("人"), 3);
    let f = check(t, "58.75%", Percent, "58.75", Some("%"), -2);
    assert_eq!(subject(&f), Some("勞動力參與率"));
    check(t, "0.10個百分點", Points, "0.10", Some("个百分点"), -2);
    check(t, "0.14個百分點", Points, "0.14", Some("个百分点"), -2);
    check(t, "105年", Year, "105", Some("民国年"), 0);
    check(t, "三年", Duration, "3", Some("年"), 0);
    let t = line_with(&lines, "0.78個百分點");
    check(t, "0.78個百分點", Points, "0.78", Some("个百分点"), -2);
    check(t, "1.50%", Percent, "1.50", Some("%"), -2);
    let t = line_with(&lines, "民國105年");
    check(t, "106年", Year, "106", Some("民国年"), 0);
    let years: Vec<Figure> = scan(t).into_iter().filter(|f| f.text == "105年").collect();
    assert_eq!(years.len(), 2);
    assert!(
        years
            .iter()
            .all(|f| f.kind == Year && f.unit.as_deref() == Some("民国年"))
    );
}

#[test]
fn corpus_052_identifiers() {
    let Some(lines) = corpus_lines("052_xxgk-nanping-2012.txt") else {
        return;
    };
    let t = line_with(&lines, "邮编");
    check(t, "439号", Identifier, "439号", None, 0);
    check(t, "353000", Identifier, "353000", None, 0);
    check(t, "0599-8830330", Identifier, "0599-8830330", None, 0);
    check(t, "0599-8891101", Identifier, "0599-8891101", None, 0);
    let t = line_with(&lines, "闽政办函");
    check(t, "〔2012〕157号", Identifier, "〔2012〕157号", None, 0);
    check(t, "2012年1月1日", Date, "2012-01-01", None, 0);
    check(t, "2012年12月31日", Date, "2012-12-31", None, 0);
    let t = line_with(&lines, "排名第四");
    check(t, "第四", Rank, "4", None, 0);
    check(t, "〔2012〕99号", Identifier, "〔2012〕99号", None, 0);
}

#[test]
fn corpus_029_fullwidth_digits() {
    let Some(lines) = corpus_lines("029_gzbg-national-1980.txt") else {
        return;
    };
    let t = line_with(&lines, "４，９００多万吨");
    let f = check(t, "４，９００多万吨", Measure, "49000000", Some("吨"), 4);
    assert_eq!(approx(&f), Some(("多", Bound::Over)));
    check(t, "８．６％", Percent, "8.6", Some("%"), -1);
    // １９７８、１９７９两年: both are years.
    let figures = scan(t);
    let k = figures
        .iter()
        .position(|f| f.text == "１９７９" && f.kind == Year)
        .unwrap_or_else(|| panic!("{figures:#?}"));
    assert_eq!(figures[k - 1].text, "１９７８");
    assert_eq!(figures[k - 1].kind, Year);
    assert_eq!(figures[k - 1].value.as_deref(), Some("1978"));
}

#[test]
fn corpus_022_017_statistical_communiques() {
    if let Some(lines) = corpus_lines("022_tjgb-hunan-county-2021.txt") {
        let t = line_with(&lines, "394.6亿元");
        let f = check(t, "394.6亿元", Money, "39460000000", Some("元"), 7);
        assert_eq!(subject(&f), Some("地区生产总值"));
        check(t, "[2]", Identifier, "2", None, 0);
        check(t, "23.7:32.5:43.8", Ratio, "23.7:32.5:43.8", None, -1);
        let f = check(t, "1.1个百分点", Points, "1.1", Some("个百分点"), -1);
        assert!(subject(&f).is_some());
        let f = check(t, "71402元", Money, "71402", Some("元"), 0);
        assert_eq!(subject(&f), Some("人均地区生产总值"));
        let t = line_with(&lines, "55.27万人");
        check(t, "55.27万人", Count, "552700", Some("人"), 2);
        check(t, "1.48个百分点", Points, "1.48", Some("个百分点"), -2);
    }
    if let Some(lines) = corpus_lines("017_tjgb-county-2021-b.txt") {
        let t = line_with(&lines, "245.61亿元");
        let f = check(t, "245.61亿元", Money, "24561000000", Some("元"), 6);
        assert_eq!(subject(&f), Some("全县地区生产总值"));
        check(t, "8.7%", Percent, "8.7", Some("%"), -1);
        check(t, "19.1:28.3:52.6", Ratio, "19.1:28.3:52.6", None, -1);
        check(t, "10.0%", Percent, "10.0", Some("%"), -1);
        let t = line_with(&lines, "11234");
        check(t, "11234", Identifier, "11234", None, 0);
        check(t, "十九大", Identifier, "19", None, 0);
        check(t, "100周年", Duration, "100", Some("周年"), 0);
        let t = line_with(&lines, "18-34岁");
        let f = check(t, "18-34岁", Measure, "18", Some("岁"), 0);
        assert_eq!(f.value_max.as_deref(), Some("34"));
    }
}

#[test]
fn corpus_all_files_keep_invariants() {
    let dir = format!("{}/../shared/corpus/raw", env!("CARGO_MANIFEST_DIR"));
    let Ok(entries) = std::fs::read_dir(&dir) else {
        if std::env::var_os("GONGWEN_REQUIRE_ALL").is_some() {
            panic!("corpus not found at {dir}");
        }
        println!("SKIP: corpus not found at {dir}");
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "txt")
            && !path.to_string_lossy().contains(".orig-")
            && let Ok(text) = std::fs::read_to_string(&path)
        {
            for line in text.lines() {
                assert_invariants(line);
            }
        }
    }
}

// ----- performance and robustness -------------------------------------------------------------

#[test]
fn long_inputs_scan_in_linear_time() {
    // One figure (or none) over a million characters: 8× the text, well under 8 × 2.5 the
    // time (a quadratic scan would take 64×).
    for unit in ["9", "九", "一二", "第", "a1", "1:", "百分之", "１"] {
        let (small, large) = (unit.repeat(125_000), unit.repeat(1_000_000));
        assert!(scan(&large).len() <= 1, "{unit:?}");
        common::assert_scales(unit, &small, &large, 20.0, |text| {
            scan(text);
        });
    }
    // Many small figures: every look-ahead is bounded, so no pattern goes quadratic.
    for unit in ["1,", "1.", "1-", "、1980", "1年", "1个", "约1", "1万2"] {
        let (small, large) = (unit.repeat(5_000), unit.repeat(40_000));
        common::assert_scales(unit, &small, &large, 20.0, |text| {
            scan(text);
        });
    }
}

fn pieces() -> impl Strategy<Value = String> {
    let atoms = vec![
        "1",
        "2",
        "0",
        "9",
        "１",
        "９",
        ".",
        ",",
        "，",
        "．",
        ":",
        "-",
        "~",
        "至",
        "、",
        "%",
        "％",
        "年",
        "月",
        "日",
        "号",
        "第",
        "一",
        "二",
        "两",
        "十",
        "百",
        "千",
        "万",
        "萬",
        "亿",
        "点",
        "百分之",
        "个",
        "個百分點",
        "元",
        "人",
        "余",
        "多",
        "约",
        "近",
        "以上",
        "左右",
        "“",
        "”",
        "〔",
        "〕",
        "[",
        "]",
        "大",
        "届",
        "中",
        "全会",
        "G",
        "A",
        " ",
        "分",
        "时",
        "电话",
        "民國",
        "企业",
        "的",
        "是",
        "度",
        "初",
        "底",
    ];
    proptest::collection::vec(proptest::sample::select(atoms), 0..40).prop_map(|v| v.concat())
}

proptest! {
    #[test]
    fn scan_keeps_invariants_on_figure_like_text(text in pieces()) {
        assert_invariants(&text);
    }

    #[test]
    fn scan_keeps_invariants_on_any_text(text in any::<String>()) {
        assert_invariants(&text);
    }
}

// --- exponents and very long numbers --------------------------------------------------------

#[test]
fn numbers_with_an_exponent_are_one_figure_valued_exactly() {
    let text = "收到1.0e+308件，增长2.5E6件，比例3e-2，投入1e5万元，增长-2.5e-3%。";
    let f = check(text, "1.0e+308件", Count, "1.0e308", Some("件"), 307);
    assert_eq!(f.span, gongwen::model::Span::new(6, 17));
    check(text, "2.5E6件", Count, "2.5e6", Some("件"), 5);
    check(text, "3e-2", Number, "3e-2", None, -2);
    check(text, "1e5万元", Money, "1e9", Some("元"), 9);
    check(text, "-2.5e-3%", Percent, "-2.5e-3", Some("%"), -4);
    // Never the digits of the exponent alone.
    assert!(
        scan(text)
            .iter()
            .all(|f| !matches!(f.value.as_deref(), Some("308" | "6" | "2"))),
        "{:#?}",
        scan(text)
    );
    assert_invariants(text);
}

#[test]
fn exponents_that_are_not_a_number_stay_codes() {
    let text = "编号5e3a，型号G1e5，又1e+99999999999件。";
    check(text, "5e3a", Identifier, "5e3a", None, 0);
    check(text, "G1e5", Identifier, "G1e5", None, 0);
    check(
        text,
        "1e+99999999999",
        Identifier,
        "1e+99999999999",
        None,
        0,
    );
    assert_eq!(scan(text).len(), 3, "{:#?}", scan(text));
}

#[test]
fn a_huge_exponent_is_kept_not_expanded() {
    let one = "共1e+999999999件，";
    let f = check(
        one,
        "1e+999999999件",
        Count,
        "1e999999999",
        Some("件"),
        999_999_999,
    );
    assert_eq!(f.value_max, None);
    // Two thousand of them: values as short as the text, one info each, in time proportional
    // to their number.
    let text = one.repeat(2_000);
    let figures = scan(&text);
    assert_eq!(figures.len(), 2_000);
    assert!(
        figures
            .iter()
            .all(|f| f.value.as_deref() == Some("1e999999999"))
    );
    let document = gongwen::read_text(text.as_bytes(), &Default::default()).unwrap();
    let findings = gongwen::check::check(&document.report).findings;
    assert!(findings.len() <= 2_000 && findings.iter().all(|f| f.rule == "figure.too-large"));
    common::assert_scales("1e+999999999", &one.repeat(250), &text, 20.0, |text| {
        let document = gongwen::read_text(text.as_bytes(), &Default::default()).unwrap();
        gongwen::check::check(&document.report);
    });
}

#[test]
fn figures_with_an_exponent_round_trip_through_the_xml() {
    let text = "标题\n收到1.0e+308件，增长2.5E6件，比例3e-2，共1e+999999999件。\n";
    let document = gongwen::read_text(text.as_bytes(), &Default::default()).unwrap();
    let xml = gongwen::format::xml::write(&document.report).unwrap();
    let written = String::from_utf8(xml.clone()).unwrap();
    for value in ["1.0e308", "2.5e6", "3e-2", "1e999999999"] {
        assert!(
            written.contains(&format!(" value=\"{value}\"")),
            "{value} in {written}"
        );
    }
    assert_eq!(gongwen::format::xml::read(&xml).unwrap(), document.report);
}
