//! Subjects: the noun phrase a figure counts, taken from the text before it in its clause.
//!
//! `培訓企業數536家` → `培訓企業數`; `現區級保留的政務服務事項515項` → `政務服務事項` (what follows
//! the last 的); `收集企業問題1658個` → `企業問題` (a leading verb is dropped); `覆盖率达100%` →
//! `覆盖率` (a trailing linking verb is dropped). At most [`MAX_CHARS`] characters are kept.

use super::units::starts_with;
use crate::lexicon::{self, Bits, QuickHash};
use compact_str::CompactString;
use std::collections::HashMap;
use std::sync::LazyLock;

/// The longest subject kept, in characters (the end of the phrase is kept).
pub(crate) const MAX_CHARS: usize = 12;

/// How far back to look, in characters.
pub(crate) const LOOKBACK: usize = 40;

/// Characters that end a clause or a phrase. Looked up in a bit set of the Basic Multilingual
/// Plane made when compiling ([`ends_phrase`] has the definition): the subject's look back asks
/// for every character it passes.
pub(crate) fn is_stop(c: char) -> bool {
    static STOPS: Bits = lexicon::plane_bits!(lexicon::NO_BITS, |c| ends_phrase(c));
    lexicon::in_bits(&STOPS, c)
}

/// White space, ASCII punctuation and the Chinese marks that end a clause or a phrase (all in
/// the Basic Multilingual Plane).
const fn ends_phrase(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '，' | '。'
                | '；'
                | '：'
                | '、'
                | '！'
                | '？'
                | '（'
                | '）'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '《'
                | '》'
                | '「'
                | '」'
                | '『'
                | '』'
                | '【'
                | '】'
                | '〔'
                | '〕'
                | '［'
                | '］'
                | '·'
                | '•'
                | '►'
                | '…'
                | '—'
                | '～'
                | '－'
                | '　'
        )
}

/// Verbs and adverbials after which the subject starts (`收集企業問題` → `企業問題`).
const CUT_AFTER: &[&str] = &[
    "的",
    "收集",
    "解决",
    "解決",
    "办理",
    "辦理",
    "受理",
    "完成",
    "开展",
    "開展",
    "实现",
    "實現",
    "达到",
    "達到",
    "新增",
    "累计",
    "累計",
    "其中",
    "全年",
    "实有",
    "實有",
    "降低",
    "减少",
    "減少",
    "取消",
    "下放",
    "推动",
    "推動",
    "建立",
    "建成",
    "提供",
    "收到",
    "作出",
    "出具",
    "提出",
    "制作",
    "製作",
    "申报",
    "申報",
    "落实",
    "落實",
    "聘请",
    "聘請",
    "处理",
    "處理",
    "公开",
    "公開",
    "查出",
    "举办",
    "舉辦",
    "确定",
    "確定",
    "现有",
    "現有",
    "持有",
    "共有",
    "共建有",
    "建有",
    "拥有",
    "擁有",
    "涉及",
    "包括",
    "调剂",
    "調劑",
    "发放",
    "發放",
    "组成",
    "組成",
    "担任",
    "擔任",
    "参加",
    "參加",
    "审结",
    "審結",
    "受理了",
    "共计",
    "共計",
    "合计",
    "合計",
    "总计",
    "總計",
];

/// Linking words dropped from the end (`覆盖率达` → `覆盖率`).
const TRAILING: &[&str] = &[
    "了",
    "为",
    "為",
    "达到",
    "達到",
    "达",
    "達",
    "是",
    "均",
    "共计",
    "共計",
    "共",
    "计",
    "計",
    "总计",
    "總計",
    "合计",
    "合計",
    "累计",
    "累計",
    "有",
    "占",
    "佔",
    "至",
    "到",
    "增至",
    "降至",
    "约为",
    "約為",
    "分别",
    "分別",
    "分别为",
    "分別為",
    "仅",
    "僅",
    "已",
    "就",
    "的",
    "在",
    "含",
    "从",
    "從",
    "由",
    "等",
    "比",
    "近",
    "约",
    "約",
    "这",
    "這",
    "用",
    "经过",
    "經過",
    "今后",
    "今後",
    "过去",
    "過去",
    "上年",
    "去年",
    "今年",
    "明年",
    "保持",
];

/// Words dropped from the start (`共調解案件` → `調解案件`).
const LEADING: &[&str] = &[
    "共", "共计", "共計", "其中", "全年", "累计", "累計", "以来", "以來", "年末", "年底", "目前",
    "现", "現", "已", "均", "并", "並", "和", "及", "与", "與", "对", "對", "将", "將", "在", "含",
    "向", "由", "末", "底", "初",
];

/// The subject in `phrase` (the characters between the clause start and the figure).
pub(crate) fn subject(phrase: &[char]) -> Option<CompactString> {
    let mut p: &[char] = phrase;
    // Cut after the last cut word, as long as two characters or more remain.
    loop {
        let trimmed = strip_trailing(p);
        let mut best: Option<usize> = None;
        // Only a word that two characters or more of the trimmed phrase follow counts, so none
        // that starts in its last two.
        for k in (0..trimmed.len().saturating_sub(2)).rev() {
            if let Some(n) = longest_at(p, k, &CUT)
                && k + n + 1 < trimmed.len()
            {
                best = Some(k + n);
                break;
            }
        }
        // 共 as an adverb (各级调解组织共调解案件), not in 公共, 中共, 共享 …
        if let Some(k) = (1..p.len().saturating_sub(2)).rev().find(|&k| {
            p[k] == '共'
                && !matches!(p[k - 1], '公' | '中' | '总' | '總')
                && !matches!(
                    p[k + 1],
                    '享' | '同'
                        | '建'
                        | '识'
                        | '識'
                        | '治'
                        | '青'
                        | '产'
                        | '產'
                        | '赢'
                        | '贏'
                        | '性'
                )
        }) && k + 3 <= trimmed.len()
            && best.is_none_or(|b| k + 1 > b)
        {
            best = Some(k + 1);
        }
        match best {
            Some(b) => p = &p[b..],
            _ => {
                p = trimmed;
                break;
            }
        }
    }
    p = strip_trailing(p);
    // A phrase that ends in a verb (`推動`, `確定`) has its object after the figure. Only a
    // word that starts within the longest word's length of the end can end there.
    if (p.len().saturating_sub(CUT.longest)..p.len())
        .any(|k| longest_at(p, k, &CUT).is_some_and(|n| k + n == p.len()))
    {
        return None;
    }
    while let Some(n) = longest_at(p, 0, &LEAD) {
        p = &p[n..];
    }
    if p.len() > MAX_CHARS {
        p = &p[p.len() - MAX_CHARS..];
    }
    if p.is_empty() {
        None
    } else {
        // Inline up to eight Chinese characters: most subjects need no allocation, and a longer
        // one is allocated once, at its length.
        let mut subject = CompactString::with_capacity(p.iter().map(|c| c.len_utf8()).sum());
        subject.extend(p);
        Some(subject)
    }
}

/// A word list indexed by first character: each word with its length in chars. The words stay
/// where they are declared (a character array per word was most of making the lists, which a
/// short run pays in full). The first characters are also in a bit set made when compiling,
/// tested before the map: most characters start no word.
struct Lexicon {
    starts: &'static Bits,
    words: HashMap<char, Vec<(&'static str, usize)>, QuickHash>,
    /// The length of the longest word, in chars.
    longest: usize,
}

impl Lexicon {
    fn new(words: &[&'static str], starts: &'static Bits) -> Lexicon {
        let mut map: HashMap<char, Vec<(&'static str, usize)>, QuickHash> = HashMap::default();
        let mut longest = 0;
        for &w in words {
            if let Some(first) = w.chars().next() {
                let n = w.chars().count();
                map.entry(first).or_default().push((w, n));
                longest = longest.max(n);
            }
        }
        Lexicon {
            starts,
            words: map,
            longest,
        }
    }
}

/// The first characters of `words`.
const fn starts(words: &[&str]) -> Bits {
    let mut bits = lexicon::NO_BITS;
    lexicon::add_first_chars(&mut bits, words);
    bits
}

// Every word is in its list's bit set: the build fails otherwise.
const _: () = assert!(
    lexicon::start_in_plane(CUT_AFTER)
        && lexicon::start_in_plane(TRAILING)
        && lexicon::start_in_plane(LEADING)
);
static CUT_STARTS: Bits = starts(CUT_AFTER);
static TRAIL_STARTS: Bits = starts(TRAILING);
static LEAD_STARTS: Bits = starts(LEADING);
static CUT: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(CUT_AFTER, &CUT_STARTS));
static TRAIL: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(TRAILING, &TRAIL_STARTS));
static LEAD: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::new(LEADING, &LEAD_STARTS));

/// The length in chars of the longest word of `words` at `p[k..]`.
fn longest_at(p: &[char], k: usize, words: &Lexicon) -> Option<usize> {
    let first = p.get(k)?;
    if !lexicon::in_bits(words.starts, *first) {
        return None;
    }
    words
        .words
        .get(first)?
        .iter()
        .filter(|&&(w, n)| k + n <= p.len() && starts_with(p, k, w))
        .map(|&(_, n)| n)
        .max()
}

fn strip_trailing(mut p: &[char]) -> &[char] {
    loop {
        // the longest trailing word that ends exactly at the end
        let n = (p.len().saturating_sub(TRAIL.longest)..p.len())
            .filter_map(|k| longest_at(p, k, &TRAIL).filter(|&n| k + n == p.len()))
            .max();
        match n {
            Some(n) => p = &p[..p.len() - n],
            None => return p,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(t: &str) -> Option<CompactString> {
        subject(&t.chars().collect::<Vec<_>>())
    }

    #[test]
    fn stops_are_the_characters_that_end_a_phrase() {
        for code in 0..=0x10_FFFF {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_stop(c), ends_phrase(c), "U+{code:04X}");
            }
        }
        for c in [' ', '\t', '，', '。', '、', '(', '　', '…'] {
            assert!(is_stop(c), "{c}");
        }
        for c in ['数', 'a', '1', '\u{20000}'] {
            assert!(!is_stop(c), "{c}");
        }
    }

    #[test]
    fn subjects() {
        assert_eq!(s("培訓企業數").as_deref(), Some("培訓企業數"));
        assert_eq!(
            s("現區級保留的政務服務事項").as_deref(),
            Some("政務服務事項")
        );
        assert_eq!(s("平台收集企業問題").as_deref(), Some("企業問題"));
        assert_eq!(s("同比增长").as_deref(), Some("同比增长"));
        assert_eq!(
            s("全区法律服务覆盖率达").as_deref(),
            Some("全区法律服务覆盖率")
        );
        assert_eq!(s("以来各级调解组织共调解案件").as_deref(), Some("调解案件"));
        assert_eq!(s("").as_deref(), None);
        assert_eq!(s("占"), None);
        // Ending in a cut word (once 了 is dropped): the object follows the figure.
        assert_eq!(s("全区推动"), None);
        assert_eq!(s("当年受理了"), None);
    }
}
