//! The rules: each declared once, with its id, default severity, what it reports, why it
//! matters and a sentence it fires on. The README's rule table and the SARIF rule list are
//! written from [`RULES`]; findings hold a reference to their rule.

use crate::diag::Severity::{self, Error, Info, Warning};
use std::fmt;

/// A rule's documentation.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id (`sum.total`).
    pub id: &'static str,
    /// Default severity of its findings (a rule may report less severe ones too).
    pub severity: Severity,
    /// What it checks.
    pub what: &'static str,
    /// Why it matters.
    pub why: &'static str,
    /// A sentence it fires on.
    pub example: &'static str,
}

impl PartialEq<str> for Rule {
    fn eq(&self, id: &str) -> bool {
        self.id == id
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id)
    }
}

impl serde::Serialize for Rule {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id)
    }
}

/// `sum.total`.
pub static SUM_TOTAL: Rule = Rule {
    id: "sum.total",
    severity: Error,
    what: "The parts of a total add up to more than the total (error), or, where the text presents a complete breakdown (其他, 共/合计 after the list), to less (error; a small shortfall of exact counts after 其中 is a warning).",
    why: "A total that its parts exceed cannot be right; a breakdown the text presents as complete must add up. Breakdowns after 其中 may be a selection: when they fall short, an info says by how much.",
    example: "收到建议提案总计125件,其中:人大代表建议65件,政协委员提案70件。",
};

/// `sum.part`.
pub static SUM_PART: Rule = Rule {
    id: "sum.part",
    severity: Error,
    what: "A part (其中, 含) is larger than its whole.",
    why: "A part cannot be larger than its whole.",
    example: "行政处罚共立案13790件,其中结案17349件。",
};

/// `sum.shares`.
pub static SUM_SHARES: Rule = Rule {
    id: "sum.shares",
    severity: Warning,
    what: "The shares of a structure (三次产业结构) do not add up to 100 within rounding.",
    why: "The shares of one whole add up to 100 (within the rounding of each share).",
    example: "三次产业的比例为12.8:45.4:45.9。",
};

/// `sum.unit`.
pub static SUM_UNIT: Rule = Rule {
    id: "sum.unit",
    severity: Error,
    what: "A breakdown adds up only if one figure is read in another unit (万元 for 元): the unit of that figure is wrong.",
    why: "A figure printed without its scale word (8754元 among 万元) is off by a factor of ten thousand; the total shows which unit was meant.",
    example: "各级投入29396万元。其中：投入10563万元…；投入10079万元…；投入8754元…。",
};

/// `ratio.value`.
pub static RATIO_VALUE: Rule = Rule {
    id: "ratio.value",
    severity: Error,
    what: "A rate (or a share stated right after a part of a 其中 breakdown of exact counts) does not equal its numerator over its denominator, rounded or truncated to the stated places.",
    why: "A published rate must be its numerator over its denominator; a wrong one misstates the result it reports.",
    example: "调解案件2672件,调解成功2354件,调解成功率90.09%。",
};

/// `share.value`.
pub static SHARE_VALUE: Rule = Rule {
    id: "share.value",
    severity: Error,
    what: "A share (占…%, 比重, 占比) is not its part over its whole, rounded or truncated. The whole is the figure named after 占 (占总任务7.35万亩的), the measure it names (占地方收入的比重), or the total of the breakdown that makes the other shares agree; a single outlier among agreeing shares is reported.",
    why: "A share must be its part over its whole; a single share that disagrees while the others agree is a slip.",
    example: "主动公开政府信息1729条。其中机构职能类信息3条，占总体的比例为0.17%；…业务动态类信息1718条，占总体的比例为99.37%。",
};

/// `change.value`.
pub static CHANGE_VALUE: Rule = Rule {
    id: "change.value",
    severity: Error,
    what: "A change disagrees with its levels: 比上年增加A，增长p% needs p = A / (level − A); 由X增加到Y needs Y above X; two periods with their difference and change in % must agree.",
    why: "The size of a change, its percentage and the two levels fix each other: one of them is misprinted when they disagree.",
    example: "受理一审经济纠纷案件9029件，比上年多2247件，上升42.1%。",
};

/// `restatement.value`.
pub static RESTATEMENT_VALUE: Rule = Rule {
    id: "restatement.value",
    severity: Warning,
    what: "The same quantity (the same measure, unit and scope) is stated twice in the report with two values.",
    why: "Readers compare the figures of one report with each other; one quantity with two values leaves them unable to tell which is right.",
    example: "审执结各类案件7018件…… 2、结案情况 1-9月审执结各类案件7048件。",
};

/// `scale.unit`.
pub static SCALE_UNIT: Rule = Rule {
    id: "scale.unit",
    severity: Warning,
    what: "A count of people is more than ten times the population the report states: probably a unit slip (万人 for 人).",
    why: "No count of people in a region exceeds its population many times over; 万 before 人 is the usual slip.",
    example: "年末常住人口369.19万人……共完成免费孕前优生健康检查29078万人。",
};

/// `ratio.rounding`.
pub static RATIO_ROUNDING: Rule = Rule {
    id: "ratio.rounding",
    severity: Info,
    what: "A rate is right only if truncated; GB/T 8170 rounding gives another last digit.",
    why: "GB/T 8170 asks for rounding, not truncation: the last digit is one lower than the rules give.",
    example: "调解案件2672件,调解成功2354件,调解成功率88.09%。 (88.0988…% rounds to 88.10%)",
};

/// `percent.range`.
pub static PERCENT_RANGE: Rule = Rule {
    id: "percent.range",
    severity: Warning,
    what: "A rate or share above 100 % or below 0 (growth, increase and plan completion exempt).",
    why: "A rate or share is between 0 and 100 %; above 100 % the numerator or the denominator is wrong.",
    example: "收集企业问题1658个,问题收集率109.8%。",
};

/// `percent.points`.
pub static PERCENT_POINTS: Rule = Rule {
    id: "percent.points",
    severity: Warning,
    what: "The change of a rate written in % where 个百分点 is probably meant.",
    why: "The change of a rate is in 个百分点; in % it reads as a relative change of another size.",
    example: "出庭应诉率达93.75%,比2019年提高34.83%。",
};

/// `count.items`.
pub static COUNT_ITEMS: Rule = Rule {
    id: "count.items",
    severity: Error,
    what: "A count disagrees with the items listed right before it: more items than the count (error when the list is quoted, else warning), fewer without 等 (warning).",
    why: "A count announces how many items follow or precede; a list of another length means an item is missing or the count is wrong.",
    example: "出台“保护权益、保障经营、返还财物、优化服务”三条措施。",
};

/// `respectively.count`.
pub static RESPECTIVELY_COUNT: Rule = Rule {
    id: "respectively.count",
    severity: Warning,
    what: "分别 pairs a different number of values with the subjects before it.",
    why: "分别 pairs subjects and values one to one.",
    example: "企业和个体工商户设立无纸化登记率分别达到96%、97%和98%。",
};

/// `numbering.sequence`.
pub static NUMBERING_SEQUENCE: Rule = Rule {
    id: "numbering.sequence",
    severity: Warning,
    what: "Heading numbers or 一是/二是 markers skip, repeat or go backwards (restarting under each parent and running on across parents are both fine).",
    why: "A skipped or repeated number makes readers look for a missing or duplicated part.",
    example: "（一）… （三）…",
};

/// `style.punctuation`.
pub static STYLE_PUNCTUATION: Rule = Rule {
    id: "style.punctuation",
    severity: Warning,
    what: "ASCII punctuation , ; : ( ) ? ! inside Chinese text, where GB/T 15834 wants the full-width forms; one finding per paragraph.",
    why: "GB/T 15834 and GB/T 9704 want full-width punctuation in Chinese text; text pasted from web pages often has ASCII marks.",
    example: "2020年,靜海區堅持以…為指導(一)",
};

/// `figure.too-large`.
pub static FIGURE_TOO_LARGE: Rule = Rule {
    id: "figure.too-large",
    severity: Info,
    what: "A figure of a relation the checks would compute (a sum, share, rate, change, count) has digits beyond 10^300 or below 10^−300 (`1e+999999999件`): the relation is not checked.",
    why: "Figures of any length up to there are checked exactly; beyond, the figure is almost surely a slip or not a quantity, and saying it was not checked is better than passing over it in silence.",
    example: "合计1e+400元，其中甲5e+399元，乙5e+399元。",
};

/// Every rule, in documentation order.
pub static RULES: &[&Rule] = &[
    &SUM_TOTAL,
    &SUM_PART,
    &SUM_SHARES,
    &SUM_UNIT,
    &RATIO_VALUE,
    &SHARE_VALUE,
    &CHANGE_VALUE,
    &RESTATEMENT_VALUE,
    &SCALE_UNIT,
    &RATIO_ROUNDING,
    &PERCENT_RANGE,
    &PERCENT_POINTS,
    &COUNT_ITEMS,
    &RESPECTIVELY_COUNT,
    &NUMBERING_SEQUENCE,
    &STYLE_PUNCTUATION,
    &FIGURE_TOO_LARGE,
];

/// The rule with this id.
pub fn by_id(id: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.id == id)
}

/// The rule table of the README, in Markdown: one row a rule.
pub fn markdown_table() -> String {
    let mut out = String::from(
        "| rule | severity | what it reports | why | example it fires on |\n|---|---|---|---|---|\n",
    );
    for r in RULES {
        out.push_str(&format!(
            "| `{}` | {} | {} | {} | {} |\n",
            r.id,
            r.severity.as_str(),
            r.what,
            r.why,
            r.example
        ));
    }
    out
}
