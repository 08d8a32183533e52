//! The unit table: measure words and units as written (simplified and traditional), each with
//! its normalized simplified form and the kind of figure it makes; and the scale words that are
//! folded into the value.

use crate::lexicon::QuickHash;
use crate::model::FigureKind;
use FigureKind::{Count, Duration, Measure, Money, Multiple, Percent, Points};
use std::collections::HashMap;
use std::sync::LazyLock;

/// `(as written, normalized, kind)`. Matching takes the longest entry, so `个百分点` beats `个`.
const UNITS: &[(&str, &str, FigureKind)] = &[
    // percentage points and percentages
    ("个百分点", "个百分点", Points),
    ("個百分點", "个百分点", Points),
    ("个百分點", "个百分点", Points),
    ("百分点", "百分点", Points),
    ("百分點", "百分点", Points),
    ("%", "%", Percent),
    ("％", "%", Percent),
    ("‰", "‰", Percent),
    ("倍", "倍", Multiple),
    // money
    ("元", "元", Money),
    ("美元", "美元", Money),
    ("港元", "港元", Money),
    ("港币", "港币", Money),
    ("港幣", "港币", Money),
    ("澳门元", "澳门元", Money),
    ("澳門元", "澳门元", Money),
    ("澳元", "澳元", Money),
    ("新台币", "新台币", Money),
    ("新台幣", "新台币", Money),
    ("新臺幣", "新台币", Money),
    ("欧元", "欧元", Money),
    ("歐元", "欧元", Money),
    ("日元", "日元", Money),
    ("英镑", "英镑", Money),
    ("英鎊", "英镑", Money),
    // durations (a year count; calendar years are recognized before units are)
    ("年", "年", Duration),
    ("个工作日", "工作日", Duration),
    ("個工作日", "工作日", Duration),
    ("工作日", "工作日", Duration),
    ("个月", "个月", Duration),
    ("個月", "个月", Duration),
    ("天", "天", Duration),
    ("小时", "小时", Duration),
    ("小時", "小时", Duration),
    ("个小时", "小时", Duration),
    ("個小時", "小时", Duration),
    ("分钟", "分钟", Duration),
    ("分鐘", "分钟", Duration),
    ("个星期", "周", Duration),
    ("個星期", "周", Duration),
    ("星期", "周", Duration),
    ("周", "周", Duration),
    ("週", "周", Duration),
    ("个季度", "季度", Duration),
    ("個季度", "季度", Duration),
    ("周年", "周年", Duration),
    ("週年", "周年", Duration),
    ("秒", "秒", Duration),
    // measures
    ("公里", "公里", Measure),
    ("千米", "千米", Measure),
    ("平方公里", "平方公里", Measure),
    ("平方千米", "平方千米", Measure),
    ("平方米", "平方米", Measure),
    ("立方米", "立方米", Measure),
    ("厘米", "厘米", Measure),
    ("毫米", "毫米", Measure),
    ("米", "米", Measure),
    ("亩", "亩", Measure),
    ("畝", "亩", Measure),
    ("公顷", "公顷", Measure),
    ("公頃", "公顷", Measure),
    ("吨", "吨", Measure),
    ("噸", "吨", Measure),
    ("公斤", "公斤", Measure),
    ("千克", "千克", Measure),
    ("克", "克", Measure),
    ("斤", "斤", Measure),
    ("毫升", "毫升", Measure),
    ("升", "升", Measure),
    ("千瓦时", "千瓦时", Measure),
    ("千瓦時", "千瓦时", Measure),
    ("千瓦", "千瓦", Measure),
    ("兆瓦", "兆瓦", Measure),
    ("千伏", "千伏", Measure),
    ("标箱", "标箱", Measure),
    ("標箱", "标箱", Measure),
    ("岁", "岁", Measure),
    ("歲", "岁", Measure),
    ("周岁", "岁", Measure),
    ("週歲", "岁", Measure),
    ("摄氏度", "摄氏度", Measure),
    ("℃", "℃", Measure),
    ("度", "度", Measure),
    // counts
    ("件次", "件次", Count),
    ("人次", "人次", Count),
    ("户次", "户次", Count),
    ("戶次", "户次", Count),
    ("家次", "家次", Count),
    ("场次", "场次", Count),
    ("場次", "场次", Count),
    ("件", "件", Count),
    ("个", "个", Count),
    ("個", "个", Count),
    ("项", "项", Count),
    ("項", "项", Count),
    ("人", "人", Count),
    ("名", "名", Count),
    ("家", "家", Count),
    ("次", "次", Count),
    ("户", "户", Count),
    ("戶", "户", Count),
    ("条", "条", Count),
    ("條", "条", Count),
    ("处", "处", Count),
    ("處", "处", Count),
    ("张", "张", Count),
    ("張", "张", Count),
    ("期", "期", Count),
    ("场", "场", Count),
    ("場", "场", Count),
    ("所", "所", Count),
    ("座", "座", Count),
    ("台", "台", Count),
    ("臺", "台", Count),
    ("辆", "辆", Count),
    ("輛", "辆", Count),
    ("套", "套", Count),
    ("篇", "篇", Count),
    ("批", "批", Count),
    ("类", "类", Count),
    ("類", "类", Count),
    ("种", "种", Count),
    ("種", "种", Count),
    ("部", "部", Count),
    ("起", "起", Count),
    ("宗", "宗", Count),
    ("位", "位", Count),
    ("份", "份", Count),
    ("册", "册", Count),
    ("冊", "册", Count),
    ("例", "例", Count),
    ("头", "头", Count),
    ("頭", "头", Count),
    ("羽", "羽", Count),
    ("株", "株", Count),
    ("棵", "棵", Count),
    ("艘", "艘", Count),
    ("架", "架", Count),
    ("间", "间", Count),
    ("間", "间", Count),
    ("栋", "栋", Count),
    ("棟", "栋", Count),
    ("幢", "幢", Count),
    ("层", "层", Count),
    ("層", "层", Count),
    ("级", "级", Count),
    ("級", "级", Count),
    ("届", "届", Count),
    ("屆", "届", Count),
    ("轮", "轮", Count),
    ("輪", "轮", Count),
    ("笔", "笔", Count),
    ("筆", "笔", Count),
    ("组", "组", Count),
    ("組", "组", Count),
    ("队", "队", Count),
    ("隊", "队", Count),
    ("块", "块", Count),
    ("塊", "块", Count),
    ("片", "片", Count),
    ("颗", "颗", Count),
    ("只", "只", Count),
    ("箱", "箱", Count),
    ("隻", "只", Count),
    ("顆", "颗", Count),
];

/// Scale words after an Arabic number: `(as written, power of ten)`, longest first.
const SCALES: &[(&str, i32)] = &[
    ("万亿", 12),
    ("萬億", 12),
    ("千亿", 11),
    ("千億", 11),
    ("百亿", 10),
    ("百億", 10),
    ("十亿", 9),
    ("十億", 9),
    ("千万", 7),
    ("千萬", 7),
    ("百万", 6),
    ("百萬", 6),
    ("十万", 5),
    ("十萬", 5),
    ("亿", 8),
    ("億", 8),
    ("万", 4),
    ("萬", 4),
    ("千", 3),
    ("百", 2),
];

/// True if `chars[i..]` starts with `s`.
pub(crate) fn starts_with(chars: &[char], i: usize, s: &str) -> bool {
    (i..).zip(s.chars()).all(|(k, c)| chars.get(k) == Some(&c))
}

/// The unit table indexed by first character: `(as written, its length in chars, normalized,
/// kind)`, the longest first.
type UnitIndex = HashMap<char, Vec<(&'static str, usize, &'static str, FigureKind)>, QuickHash>;

static UNIT_INDEX: LazyLock<UnitIndex> = LazyLock::new(|| {
    let mut map: UnitIndex = HashMap::default();
    for &(w, u, k) in UNITS {
        if let Some(first) = w.chars().next() {
            map.entry(first)
                .or_default()
                .push((w, w.chars().count(), u, k));
        }
    }
    for units in map.values_mut() {
        units.sort_by_key(|&(_, n, _, _)| std::cmp::Reverse(n));
    }
    map
});

/// One-character units that start another word with the character after them (`十五期间`,
/// `三年级`, `所有`): no unit there.
const BLOCKED: &[(char, &[char])] = &[
    ('期', &['间', '間']),
    ('年', &['级', '級', '代', '龄', '齡']),
    ('所', &['有', '在', '以', '属', '屬']),
    ('名', &['单', '單', '称', '稱', '义', '義']),
    ('处', &['理', '罚', '置']),
    ('處', &['理', '罰', '置']),
    ('起', &['来', '來', '草', '步']),
    ('家', &['庭', '长', '長']),
    ('位', &['于', '於']),
];

/// The longest unit at `chars[i..]`: its length in chars, normalized form and kind.
pub(crate) fn unit_at(chars: &[char], i: usize) -> Option<(usize, &'static str, FigureKind)> {
    let first = chars.get(i)?;
    // The longest first: the first that is written here is the longest (no unit is listed
    // twice).
    let (n, u, k) = UNIT_INDEX
        .get(first)?
        .iter()
        .find(|&&(w, n, _, _)| i + n <= chars.len() && starts_with(chars, i, w))
        .map(|&(_, n, u, k)| (n, u, k))?;
    let blocked = n == 1
        && chars.get(i + 1).is_some_and(|next| {
            BLOCKED
                .iter()
                .any(|(c, after)| c == first && after.contains(next))
        });
    (!blocked).then_some((n, u, k))
}

/// The scale word at `chars[i..]`: its length in chars and power of ten.
pub(crate) fn scale_at(chars: &[char], i: usize) -> Option<(usize, i32)> {
    SCALES
        .iter()
        .find(|(w, _)| starts_with(chars, i, w))
        .map(|&(w, p)| (w.chars().count(), p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(s: &str) -> Option<(usize, &'static str, FigureKind)> {
        let chars: Vec<char> = s.chars().collect();
        unit_at(&chars, 0)
    }

    #[test]
    fn longest_unit_wins() {
        assert_eq!(u("個百分點,"), Some((4, "个百分点", Points)));
        assert_eq!(u("个月"), Some((2, "个月", Duration)));
        assert_eq!(u("人次"), Some((2, "人次", Count)));
        assert_eq!(u("戶"), Some((1, "户", Count)));
        assert_eq!(u("平方公里"), Some((4, "平方公里", Measure)));
        assert_eq!(u("是"), None);
        assert_eq!(u("期间"), None);
        assert_eq!(u("年级"), None);
        assert_eq!(u("期,"), Some((1, "期", Count)));
        // A shorter unit where the longer one is cut off.
        assert_eq!(u("个百分"), Some((1, "个", Count)));
        assert_eq!(u("平方"), None);
    }

    #[test]
    fn no_unit_is_listed_twice() {
        // `unit_at` takes the first of the longest first.
        let mut seen = std::collections::HashSet::new();
        for &(w, _, _) in UNITS {
            assert!(seen.insert(w), "{w}");
        }
    }

    #[test]
    fn scales() {
        let c: Vec<char> = "萬億元".chars().collect();
        assert_eq!(scale_at(&c, 0), Some((2, 12)));
        assert_eq!(scale_at(&c, 1), Some((1, 8)));
    }
}
