//! The relations found by measure and role, each on short texts of our own: the relation found
//! (verified when it holds), the trap that must stay silent, and the finding on a changed figure.

use gongwen::check::check;
use gongwen::diag::Severity;

/// The findings of a text other than `style.*` and `numbering.*` (the texts are excerpts), as
/// `(rule, severity)`.
fn findings(text: &str) -> Vec<(&'static str, Severity)> {
    let document = gongwen::read_text(text.as_bytes(), &Default::default()).expect("text reads");
    check(&document.report)
        .findings
        .into_iter()
        .filter(|f| !f.rule.id.starts_with("style.") && !f.rule.id.starts_with("numbering."))
        .map(|f| (f.rule.id, f.severity))
        .collect()
}

fn claims(text: &str) -> Vec<String> {
    let document = gongwen::read_text(text.as_bytes(), &Default::default()).expect("text reads");
    check(&document.report)
        .verified
        .into_iter()
        .map(|v| format!("{} {}", v.rule.id, v.claim))
        .collect()
}

/// The text holds: `claim` is verified and nothing but infos is found.
fn holds(text: &str, claim: &str) {
    let found = claims(text);
    assert!(
        found.iter().any(|c| c.contains(claim)),
        "expected {claim:?} verified in {text:?}, verified {found:?}"
    );
    let alarms: Vec<_> = findings(text)
        .into_iter()
        .filter(|(_, s)| *s != Severity::Info)
        .collect();
    assert!(alarms.is_empty(), "{text:?}: {alarms:?}");
}

fn fires(text: &str, rule: &str, severity: Severity) {
    let found = findings(text);
    assert!(
        found.iter().any(|(r, s)| *r == rule && *s == severity),
        "expected {rule} {severity:?} in {text:?}, found {found:?}"
    );
}

/// No error or warning (infos say by how much a partial list falls short).
fn quiet(text: &str) {
    let alarms: Vec<_> = findings(text)
        .into_iter()
        .filter(|(_, s)| *s != Severity::Info)
        .collect();
    assert!(alarms.is_empty(), "{text:?}: {alarms:?}");
}

// --- changes ---------------------------------------------------------------------------------

#[test]
fn change_with_its_level_and_growth() {
    let text = "粮食产量52.91万吨，比上年增加1.31万吨，增长2.5%。";
    holds(text, "change.value 2.5%=1.31万吨/(52.91万吨−1.31万吨)");
    // Rounding trap: 7018 with 140 more is 2.0355 %, stated 2.04 %.
    holds(
        "审执结各类案件7018件，同比上升2.04%，同比增加140件。",
        "change.value",
    );
    fires(
        "粮食产量52.91万吨，比上年增加1.31万吨，增长3.5%。",
        "change.value",
        Severity::Error,
    );
}

#[test]
fn change_of_a_fall_is_over_the_level_plus_the_fall() {
    holds(
        "刑事案件262件，同比下降2.60%，同比减少7件。",
        "change.value",
    );
    fires(
        "刑事案件262件，同比下降3.60%，同比减少7件。",
        "change.value",
        Severity::Error,
    );
}

#[test]
fn growth_of_another_measure_is_not_the_change_s() {
    // 1.7% is the growth of 增加值, not of the 3 new firms.
    quiet("全市建筑企业165家，比上年净增3家，实现建筑业增加值150.6亿元，增长1.7%。");
    // After ；the growth belongs to the next measure.
    quiet("城乡居民储蓄存款余额增加5232亿元；居民消费价格总水平上涨1.8%。");
}

#[test]
fn change_named_by_its_measure_finds_its_level() {
    let text = "截至3月30日，共受理各类案件1803件，结案894件。与上年同比，受案增加167件，上升10.21%，结案增加34件，上升3.95%。";
    holds(text, "change.value 10.21%");
    holds(text, "change.value 3.95%");
    fires(
        &text.replace("上升10.21%", "上升11.21%"),
        "change.value",
        Severity::Warning,
    );
}

#[test]
fn cases_carried_over_give_a_second_base() {
    // 收案 are new filings: 2850 / (10007 − 379 − 2850) = 42.05 %.
    quiet("全年受理案件10 007件(含旧存379件)，审结9 445件。与上年相比，收案多2 850件，上升42%。");
    fires(
        "受理一审案件9 029件，比上年多2 247件，上升42.1%。",
        "change.value",
        Severity::Error,
    );
}

#[test]
fn from_one_level_to_another() {
    holds(
        "城镇化率由45.2%提高到47.1%，提高1.9个百分点。",
        "change.value",
    );
    fires(
        "城镇化率由45.2%提高到47.1%，提高2.9个百分点。",
        "change.value",
        Severity::Error,
    );
    fires(
        "从月销售额10万元提高到5万元。",
        "change.value",
        Severity::Error,
    );
    // 年均增长 is compound over years: not checked as one change.
    quiet("国内生产总值从54万亿元增加到82.7万亿元，年均增长7.1%。");
}

#[test]
fn table_rows_of_two_periods_their_difference_and_change() {
    let rows = "\
1. | 總體罪案 | 42 923 | 45 315 | + | 2 392 | + | 5.6 |
2. | 暴力罪案 | 4 759 | 5 156 | + | 397 | + | 8.3 |
3. | 兇殺案 | 16 | 11 | - | 5 | - | 31.3 |
4. | 爆竊案 | 572 | 684 | + | 112 | + | 19.6 |
";
    quiet(rows);
    fires(
        &rows.replace("| 397 | + | 8.3 |", "| 397 | + | 9.3 |"),
        "change.value",
        Severity::Error,
    );
    fires(
        &rows.replace("| 2 392 |", "| 2 592 |"),
        "change.value",
        Severity::Error,
    );
}

// --- shares ----------------------------------------------------------------------------------

#[test]
fn share_of_a_whole_stated_inside_zhan() {
    holds(
        "全年植树造林总面积7.85万亩，占总任务7.35万亩的106.8%。",
        "share.value 106.8%",
    );
    fires(
        "全年植树造林总面积7.85万亩，占总任务7.35万亩的101.8%。",
        "share.value",
        Severity::Error,
    );
}

#[test]
fn share_of_a_named_whole() {
    let text = "全年完成地方一般公共预算收入113.85亿元，增长5.28%。其中：地方税收收入62.79亿元，下降3.96%；税收收入占地方收入的比重为55.15%。";
    holds(text, "share.value 55.15%");
    fires(
        &text.replace("55.15%", "51.15%"),
        "share.value",
        Severity::Error,
    );
    // A whole the text does not state: silent.
    quiet("共办理200件，其中简易程序150件，占全省的40%。");
}

#[test]
fn share_of_the_items_before() {
    let text = "全体居民人均消费支出25850元，其中，食品烟酒支出8026元，居住支出5040元，教育文化娱乐消费支出3130元，交通通信支出4312元，以上四项支出占全体居民人均消费支出的比重为79.3%。";
    holds(text, "share.value 79.3%");
    fires(
        &text.replace("居住支出5040元", "居住支出5940元"),
        "share.value",
        Severity::Error,
    );
}

#[test]
fn a_group_of_shares_takes_the_whole_that_makes_them_agree() {
    let text = "本局共主动公开政府信息1729条。\n在主动公开的信息中，机构职能类信息3条，占总体的比例为0.17%；法规文件类信息5条，占总体的比例为0.29%；业务动态类信息1721条，占总体的比例为99.54%。";
    holds(text, "share.value 0.29%");
    // One outlier among agreeing shares is the finding.
    fires(
        &text.replace("0.29%", "0.39%"),
        "share.value",
        Severity::Error,
    );
}

#[test]
fn table_of_a_total_and_groups_with_their_shares() {
    let table = "\
指标 | 年末数(人) | 比重(%) |
全县户籍总人口 | 832955 | 100 |
其中:城镇 | 217319 | 26.09 |
乡村 | 615636 | 73.91 |
其中:男性 | 441724 | 53.03 |
女性 | 391231 | 46.97 |
";
    holds(table, "sum.total 832955=441724+391231");
    fires(
        &table.replace("| 441724 |", "| 447724 |"),
        "sum.total",
        Severity::Warning,
    );
    fires(
        &table.replace("| 73.91 |", "| 79.31 |"),
        "share.value",
        Severity::Warning,
    );
    // A column of indices (上年=100) is not a breakdown.
    quiet(
        "指标 | 比上年涨跌(%) |\n居民消费价格总指数 | 101.0 |\n其中:食品烟酒 | 98.4 |\n衣着 | 101.4 |\n",
    );
}

#[test]
fn shares_in_a_table_row_under_counts() {
    let text = "2024年新受理行政复议案件151件。\n申请事项 | 举报投诉处理 | 政府信息公开 | 行政处罚 |\n数量 | 75件 | 16件 | 60件 |\n占新受理数比例 | 49.66% | 10.59% | 39.73% |\n";
    holds(text, "share.value 49.66%");
    fires(
        &text.replace("49.66%", "52.66%"),
        "share.value",
        Severity::Error,
    );
}

// --- rates -----------------------------------------------------------------------------------

#[test]
fn named_rates_take_their_numerator_and_denominator_by_name() {
    let text = "共受理各类案件1803件(旧存240件)，结案894件，结案率49.58%。";
    holds(text, "ratio.value 49.58%=894/1803");
    fires(
        &text.replace("49.58%", "48.58%"),
        "ratio.value",
        Severity::Error,
    );
    // 调撤率 is over the concluded cases, not the received ones.
    holds(
        "受理民商事案件925件，结案440件(调解结案211件，撤诉97件，调撤率为70%)。",
        "ratio.value 70%",
    );
    holds(
        "年末常住人口369.19万人，比上年减少4.33万人。其中：城镇人口202.45万人，城镇化率54.84%。",
        "ratio.value 54.84%",
    );
}

#[test]
fn completion_rates_are_over_the_plan_of_their_sentence() {
    let text = "一般公共预算收入年初预算合计1164078万元，实际完成1202017万元，为预算的103.3%，比上年增长11.1%。支出预算调整为454220万元，实际完成426336万元，为调整预算的93.9%。";
    holds(text, "ratio.value 103.3%");
    holds(text, "ratio.value 93.9%");
    fires(
        &text.replace("93.9%", "98.9%"),
        "ratio.value",
        Severity::Error,
    );
}

#[test]
fn a_rate_over_a_smaller_denominator_is_no_pairing() {
    // 绿化覆盖面积 over 绿地面积 would be 109.5 %: the text does not give the denominator.
    quiet("总绿地面积达9457.6公顷，绿化覆盖面积10356.9公顷，绿化覆盖率为45.0%。");
}

// --- breakdowns ------------------------------------------------------------------------------

#[test]
fn complementary_parts_are_a_complete_split() {
    let text = "全年货物进出口总额2363.79亿元。其中，出口额1651.70亿元，下降16.9%；进口额712.09亿元，下降2.1%。";
    holds(text, "sum.total 236379000000=165170000000+71209000000");
    fires(
        &text.replace("712.09", "772.09"),
        "sum.total",
        Severity::Error,
    );
}

#[test]
fn two_parts_that_may_overlap_give_an_info() {
    // 私人汽车 and 新能源汽车 overlap: more than the total is worth a look, not an alarm.
    let text = "年末民用汽车保有量224.1万辆，其中私人汽车保有量202.5万辆，增长4.1%；新能源汽车保有量26.4万辆，增长38.1%。";
    assert!(findings(text).iter().all(|(_, s)| *s == Severity::Info));
}

#[test]
fn a_run_of_parts_ends_at_a_sibling_of_the_whole() {
    // 移动互联网用户 is a sibling of 固定…用户, not its second part.
    quiet(
        "固定互联网宽带接入用户491.05万户，比上年末减少14.73万户，其中1000Mbps及以上接入速率的宽带接入用户达180.99万户；移动互联网用户999.74万户，增加23.47万户。",
    );
    // A per-capita value is no part of the per-capita value of all.
    quiet(
        "全体居民人均可支配收入34503元，其中，城镇居民人均可支配收入43096元，农村居民人均可支配收入26404元。",
    );
    // Changes between the parts are passed over.
    holds(
        "年末参加养老保险人数624.87万人，比上年末减少17.76万人。其中，参加企业养老保险人数229.08万人，减少17.12万人；参加机关事业单位养老保险人数22.03万人，增加0.47万人；参加城乡居民基本养老保险人数373.76万人，减少1.11万人。",
        "sum.total 6248700=2290800+220300+3737600",
    );
}

#[test]
fn interleaved_breakdowns_go_to_the_whole_they_name() {
    let text = "共受理各类案件1803件，结案894件。其中：受理刑事案件68件，结案38件；受理民商事案件925件，结案440件；受理行政诉讼案件38件，结案10件；受理执行案件772件，结案406件。";
    holds(text, "sum.total 894=38+440+10+406");
    fires(
        &text.replace("结案406件", "结案416件"),
        "sum.total",
        Severity::Error,
    );
}

#[test]
fn a_colon_after_whereof_lists_all_the_parts() {
    // The six taxes add up to 116000: more than the total, whatever prefix one takes.
    let text = "（1）税收收入110000万元。其中：增值税45000万元，企业所得税20000万元，个人所得税6000万元，城市维护建设税、契税等27000万元，环境保护税2000万元，资源税16000万元。";
    fires(text, "sum.total", Severity::Error);
    holds(
        &text.replace("资源税16000万元", "资源税10000万元"),
        "sum.total",
    );
}

#[test]
fn a_second_split_of_the_same_whole() {
    let text = "圆满完成了65件建议提案的办理工作。其中全国4件、市级15件、区级46件；主办件19件、单办件7件、会办件39件。";
    holds(text, "sum.total 65=19+7+39");
    fires(
        &text.replace("单办件7件", "单办件9件"),
        "sum.total",
        Severity::Error,
    );
}

#[test]
fn industries_split_the_product_without_whereof() {
    let text = "全县地区生产总值为204.88亿元，比上年增长19.2%。第一产业增加值26.16亿元，增长15.2%；第二产业增加值92.96亿元，增长26.4%；第三产业增加值85.76亿元，增长13.4%。";
    holds(text, "sum.total");
    fires(
        &text.replace("92.96", "92.69"),
        "sum.total",
        Severity::Error,
    );
}

#[test]
fn a_sentence_opening_with_a_measure_and_zhong() {
    let text = "年末常住人口55.27万人。全县常住人口中，男性人口28.07万人，占50.79%；女性人口27.2万人，占49.21%。";
    holds(text, "sum.total 552700=280700+272000");
    fires(
        &text.replace("女性人口27.2万人", "女性人口27.8万人"),
        "sum.total",
        Severity::Error,
    );
}

#[test]
fn balances_and_remainders() {
    let balance = "社会保险基金预算收入年初预算617614万元，实际完成675863万元。支出预算566668万元，实际完成675419万元。年度收支结余444万元。";
    holds(balance, "sum.total 6758630000=6754190000+4440000");
    fires(
        &balance.replace("结余444万元", "结余844万元"),
        "sum.total",
        Severity::Warning,
    );
    let rest = "16项中央环保督察反馈问题已整改完成7项，剩余9项。";
    holds(rest, "sum.total 16=7+9");
    fires(
        &rest.replace("剩余9项", "剩余8项"),
        "sum.total",
        Severity::Warning,
    );
}

#[test]
fn balance_sheet_totals() {
    let text = "一般公共预算收入53.68亿元，上级补助收入128亿元，调入资金2.06亿元，总收入183.74亿元；一般公共预算支出174.24亿元，上解上级支出-7.33亿元，结转下年支出16.83亿元，总支出183.74亿元。";
    holds(
        text,
        "sum.total 18374000000=5368000000+12800000000+206000000",
    );
    // A negative part is a part: with its sign dropped the items exceed the total.
    fires(
        &text.replace("上解上级支出-7.33亿元", "上解上级支出7.33亿元"),
        "sum.total",
        Severity::Error,
    );
}

#[test]
fn a_section_of_a_total_over_kinds_and_its_kinds() {
    let text = "2、结案情况\n1-9月审执结各类案件7018件，同比上升2.04%。\n审结行政诉讼案件30件，同比减少12件；办结申诉申请再审案件1件。\n审结民商事案件4822件(含再审1件)，与去年持平。\n审结刑事案件270件；办结行政非诉审查案件76件；执结执行案件1819件。\n";
    holds(text, "sum.total 7018=30+1+4822+270+76+1819");
    fires(
        &text.replace("执结执行案件1819件", "执结执行案件1839件"),
        "sum.total",
        Severity::Warning,
    );
    // Without a total over kinds (各类), the kinds of a section are not summed.
    quiet("1、收案情况\n刑事案件262件，同比减少7件。\n民商事案件5623件，同比增加269件。\n");
}

#[test]
fn a_dimension_and_its_numbered_items() {
    let text = "公开各类政府信息366条，其中新增公开信息280条。在新公开信息中：\n从公开内容看：\n1、工作动态类信息160条。\n2、惠民事项信息87条。\n3、文件类信息33条。\n";
    holds(text, "sum.total 280=160+87+33");
    fires(
        &text.replace("文件类信息33条", "文件类信息13条"),
        "sum.total",
        Severity::Warning,
    );
}

#[test]
fn rows_of_a_space_aligned_table_are_totals_and_parts() {
    let rows = "\
301 工资福利支出 29,045,727 29,045,727
301 01 基本工资 3,794,196 3,794,196
301 02 津贴补贴 16,042,750 16,042,750
302 商品和服务支出 4,862,538 4,862,538
302 01 办公费 246,700 246,700
合计 36,197,265 31,124,727 5,072,538
";
    quiet(rows);
    fires(
        &rows.replace("津贴补贴 16,042,750", "津贴补贴 16,402,750"),
        "sum.total",
        Severity::Warning,
    );
}

#[test]
fn unit_slips() {
    let text = "各级投入29396万元持续推进专项行动。其中：投入10563万元用于水污染防治；投入10079万元用于城乡环境综合整治；投入8754元用于打好“蓝天保卫战”。";
    fires(text, "sum.unit", Severity::Error);
    holds(&text.replace("投入8754元", "投入8754万元"), "sum.total");
    fires(
        "年末常住人口369.19万人。全年共完成免费孕前优生健康检查29078万人。",
        "scale.unit",
        Severity::Warning,
    );
    quiet("年末常住人口369.19万人。全年接待游客5573.91万人次。");
    let document = gongwen::read_text(
        "全年投入资金2900元，其中专项资金2600万元。".as_bytes(),
        &Default::default(),
    )
    .expect("reads");
    let messages: Vec<String> = check(&document.report)
        .findings
        .into_iter()
        .filter(|f| f.rule.id == "sum.part")
        .map(|f| f.message.en)
        .collect();
    assert!(
        messages.iter().any(|m| m.contains("unit slip")),
        "{messages:?}"
    );
}

// --- restatements ----------------------------------------------------------------------------

#[test]
fn one_quantity_stated_twice() {
    let text = "我院共受理各类案件9471件；审执结各类案件7018件。\n2、结案情况\n1-9月审执结各类案件7018件，同比上升2.04%。\n";
    quiet(text);
    fires(
        &text.replace("1-9月审执结各类案件7018件", "1-9月审执结各类案件7048件"),
        "restatement.value",
        Severity::Warning,
    );
    // Another scope (市本级) is another quantity.
    quiet("全市各类案件收入总计564.6亿元。\n市本级各类案件收入总计424.6亿元。\n");
}

#[test]
fn a_budget_line_and_its_table_row() {
    let text = "7. “城乡社区支出（类）城乡社区管理事务（款）城管执法（项）”3377.56万元，主要用于城市管理。\n2026年部门收入预算总表\n编制部门：某局 单位：元\n212 01 04 城管执法 33,775,592 33,775,592\n";
    quiet(text);
    fires(
        &text.replace("3377.56万元", "3737.56万元"),
        "restatement.value",
        Severity::Warning,
    );
}

#[test]
fn a_part_of_a_family_is_no_larger_than_its_whole() {
    let text = "2019年主动公开政府信息数1388件。\n通过不同渠道公开政府信息的情况，政府网站公开政府信息数1388条；政务微博公开政府信息数424条。\n";
    quiet(text);
    fires(
        &text.replace(
            "政府网站公开政府信息数1388条",
            "政府网站公开政府信息数1398条",
        ),
        "sum.total",
        Severity::Warning,
    );
}

#[test]
fn a_change_against_the_plan_of_its_sentence() {
    let text = "一般公共预算支出预算为75.28亿元，执行中进行了调整，调整后的支出预算为78.62亿元，比年初预算增加3.34亿元。";
    holds(text, "change.value 78.62亿元−75.28亿元=3.34亿元");
    fires(
        &text.replace("增加3.34亿元", "增加3.43亿元"),
        "change.value",
        Severity::Warning,
    );
}

#[test]
fn a_list_closed_by_other_names_every_part() {
    // 申请 in 份, results in 件: both count items. 四类 is part of a part's name.
    let text = "共收到8份政府信息公开申请，均为自然人申请。其中，予以公开2件，部分公开2件，属于四类过程性信息1件，本办不掌握相关政府信息2件，其他1件。";
    holds(text, "sum.total 8=2+2+1+2+1");
    fires(
        &text.replace("部分公开2件", "部分公开3件"),
        "sum.total",
        Severity::Warning,
    );
}

#[test]
fn pipe_tables_with_row_and_column_totals() {
    let table = "\
项目 | 自然人 | 商业企业 | 其他 | 总计 |
新收申请 | 8 | 1 | 1 | 10 |
上年结转 | 2 | 0 | 0 | 2 |
予以公开 | 5 | 1 | 0 | 6 |
不予公开 | 1 | 0 | 1 | 2 |
其他处理 | 2 | 0 | 0 | 2 |
结转下年度 | 2 | 0 | 0 | 2 |
";
    quiet(table);
    fires(
        &table.replace("| 5 | 1 | 0 | 6 |", "| 5 | 1 | 0 | 7 |"),
        "sum.total",
        Severity::Warning,
    );
    let column = "项目 | 数量 |\n行政许可 | 12 |\n行政处罚 | 30 |\n行政强制 | 3 |\n合计 | 45 |\n";
    quiet(column);
    fires(
        &column.replace("| 45 |", "| 48 |"),
        "sum.total",
        Severity::Warning,
    );
}

#[test]
fn a_count_and_the_list_after_it() {
    let text =
        "县属事业单位共3家，分别是县建筑设计院、县有线电视广播网络传输中心、县市场物业管理中心。";
    holds(text, "count.items");
    fires(
        &text.replace("共3家", "共4家"),
        "count.items",
        Severity::Warning,
    );
    // 等 closes an open list.
    quiet("共有4个村，即龙镇村、石城村等。");
}

#[test]
fn a_rate_against_the_earlier_rate_stated_with_it() {
    let text = "经济成长率为1.50%，较上年的0.72%上升0.78个百分点。";
    holds(text, "change.value 1.50%−0.72%=0.78个百分点");
    fires(
        &text.replace("0.78个百分点", "0.87个百分点"),
        "change.value",
        Severity::Error,
    );
}

#[test]
fn a_growth_in_parentheses_and_an_average_level() {
    let text = "平均就业人数1,126万7千人，较上年增加6万9千人(0.62%)。";
    holds(text, "change.value 0.62%");
    fires(
        &text.replace("(0.62%)", "(0.82%)"),
        "change.value",
        Severity::Error,
    );
    // 从 with the measure between it and the figure.
    fires(
        "将增值税起征点从月销售额10万元提高到5万元。",
        "change.value",
        Severity::Error,
    );
}

#[test]
fn a_count_of_the_sections_announced() {
    let text = "二、今年的工作\n重点抓好以下三个方面的工作。\n（一）围绕稳增长\n内容。\n（二）围绕促改革\n内容。\n（三）围绕惠民生\n内容。\n";
    holds(text, "count.items");
    fires(
        &text.replace("以下三个方面", "以下四个方面"),
        "count.items",
        Severity::Warning,
    );
}

#[test]
fn quotes_around_one_item_do_not_cut_the_list() {
    let text = "推进农村集体产权制度、土地确权、“三权”分置、农企利益联结四项改革。";
    holds(text, "count.items");
    fires(
        &text.replace("四项改革", "五项改革"),
        "count.items",
        Severity::Warning,
    );
}

#[test]
fn a_share_in_the_clause_after_zhan() {
    let text = "新受理的行政复议151件中，被申请人为县政府部门的案件数量为140件，占受理案件数比例最高，达92.71%；乡镇政府11件，占受理总数的7.28%。";
    holds(text, "share.value 92.71%=140/151");
    fires(
        &text.replace("92.71%", "93.71%"),
        "share.value",
        Severity::Error,
    );
}

#[test]
fn a_level_and_what_it_is_mainly_used_for() {
    let text = "新增一般债券32556万元，主要用于东风小学改扩建工程3000万元，第三实验小学整体搬迁2400万元，百城建设提质工程27156万元。";
    holds(text, "sum.total 325560000=30000000+24000000+271560000");
    fires(
        &text.replace("整体搬迁2400万元", "整体搬迁2700万元"),
        "sum.total",
        Severity::Warning,
    );
}

#[test]
fn parts_of_two_wholes_side_by_side() {
    let text = "全年共发生生产安全事故77起，比上年下降17.2%；死亡51人，下降12.1%。其中，工矿商贸事故14起、上升16.7%，死亡17人、上升54.5%；道路运输事故62起、下降19.5%，死亡33人、下降26.7%；铁路运输事故1起，死亡1人。";
    holds(text, "sum.total 77=14+62+1");
    holds(text, "sum.total 51=17+33+1");
    fires(
        &text.replace("道路运输事故62起", "道路运输事故67起"),
        "sum.total",
        Severity::Error,
    );
}

#[test]
fn parts_named_by_the_head_of_their_whole_are_siblings() {
    // 上解上级支出 ends with 支出 like 市本级支出, which the whole names too: a third part.
    let text = "市级一般公共预算支出总计377632万元，其中：市本级支出325712万元，补助县（市、区）支出46720万元，上解上级支出5200万元。";
    holds(text, "sum.total 3776320000=3257120000+467200000+52000000");
}

#[test]
fn a_topic_names_the_level_of_the_heading_before() {
    let text = "1.主动公开情况。2019年主动公开政府信息数1388件。\n在主动公开的信息中，机构职能类信息15条，占总体的比例为1.08%；法规文件类信息7条，占总体的比例为0.50%；业务动态类信息1366条，占总体的比例为98.41%。\n";
    holds(text, "sum.total 1388=15+7+1366");
    fires(
        &text.replace("0.50%", "0.60%"),
        "share.value",
        Severity::Error,
    );
}
