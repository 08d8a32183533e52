//! Measures: what each figure quantifies, from the words around it.
//!
//! A figure's [`Measure`] is its measure phrase (the noun phrase it quantifies, folded to
//! simplified characters: `第二产业增加值`, `受理各类案件`), its [`Role`] (a level, a change
//! against an earlier period, a growth rate, a share, a rate, a per-capita value) and the
//! qualifiers that decide which relations it can take part in (其中, 旧存). The relation
//! finders pair figures by measure and role rather than by distance alone: the parts of a
//! total are levels of one measure family, a change is paired with the level of its measure.

use crate::lexicon::{self, ends_with_any, starts_with_any};
use crate::model::{Figure, FigureKind};
use memchr::memmem;
use std::sync::LazyLock;

/// What a figure is, as a quantity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// A level or stock (`年末户籍人口773.49万人`, `受理案件515件`).
    Level,
    /// An absolute change against an earlier period (`比上年增加1.31万吨`).
    Change,
    /// A relative change, in % (`增长5.3%`).
    Growth,
    /// A change in percentage points (`提高0.92个百分点`).
    Points,
    /// A part as a percentage of a whole (`占38.7%`, `比重为55.15%`).
    Share,
    /// A named rate (`结案率49.58%`, `为预算的103.3%`).
    Rate,
    /// A value per head or an average (`人均可支配收入54858元`).
    PerCapita,
    /// Anything else: years, identifiers, ranks, plain numbers.
    Other,
}

/// What a figure measures.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Measure {
    /// The measure phrase, folded to simplified characters (empty when none is stated).
    pub phrase: String,
    /// Its role.
    pub role: Role,
    /// For changes and growth rates: true if and only if the change is a fall.
    pub falls: bool,
    /// True if and only if the figure stands after 其中 in its sentence.
    pub whereof: bool,
}

impl Measure {
    /// Returns true if and only if the figure is an amount that can be added up as a level.
    pub fn is_level(&self) -> bool {
        self.role == Role::Level
    }
}

/// The measure of `figure`, given the folded clause before it (from the last clause delimiter),
/// the part of it after any figure before, the folded text of its sentence before it and the
/// text right after it.
pub fn measure(
    figure: &Figure,
    clause: &str,
    own: &str,
    sentence_before: &str,
    after: &str,
) -> Measure {
    let clause = clause.trim_matches([' ', '\u{3000}']);
    let clause = strip_approx(clause);
    // The subject the scanner found, folded once: the phrase when the clause names none, and
    // where a per-capita word is looked for.
    let subject = figure.subject.as_deref().map(lexicon::fold);
    let phrase = phrase(own)
        .filter(|p| p.chars().count() >= 2)
        .or_else(|| subject.clone())
        .filter(|p| !lexicon::BARE_VERBS.contains(&p.as_str()))
        .unwrap_or_default();
    // 其中 between the last ；(or the sentence start) and the figure: a part.
    let group = &sentence_before[last_semicolon(sentence_before)..];
    static WHEREOF: LazyLock<memmem::Finder> =
        LazyLock::new(|| memmem::Finder::new(lexicon::WHEREOF[0]));
    let whereof = WHEREOF.find(group.as_bytes()).is_some();
    let (mut role, falls) = role(figure, clause, sentence_before, subject.as_deref());
    // 占总任务7.35万亩的106.8%: the whole a share is of, not a level of the sentence.
    if after.starts_with('的') && clause.contains('占') {
        role = Role::Other;
    }
    // `占受理案件数比例最高，达92.71%`: the share named in the clause before.
    if figure.kind == FigureKind::Percent
        && role == Role::Other
        && lexicon::LINKING_VERBS.contains(&clause.trim())
    {
        let before = sentence_before
            .strip_suffix(clause)
            .unwrap_or(sentence_before)
            .trim_end_matches(['，', ',']);
        let previous = before.rsplit(['，', ',', '；', ';']).next().unwrap_or("");
        if previous.contains('占') && lexicon::SHARE_NOUNS.found_in(previous) {
            role = Role::Share;
        }
    }
    let phrase = match role {
        Role::Change | Role::Growth | Role::Points => strip_change_words(&phrase),
        _ => phrase,
    };
    Measure {
        phrase,
        role,
        falls,
        whereof,
    }
}

/// The measure phrase in the words of a clause before its figure: without the words that open a
/// clause (其中, 全年), the linking verbs and approximations before the figure, brackets and
/// quotes.
fn phrase(own: &str) -> Option<String> {
    let mut p = own.trim_matches(|c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '，' | ',' | '；' | ';' | '：' | ':' | '（' | '(' | '“' | '"' | '「'
            )
    });
    loop {
        let before = p;
        for w in lexicon::PHRASE_OPENERS {
            p = lexicon::strip_prefix(p, w).unwrap_or(p);
        }
        p = p.trim_start_matches(['，', ',', '、', ' ']);
        // Nothing stripped (p only shrinks).
        if p.len() == before.len() {
            break;
        }
    }
    let mut p = strip_approx(p.trim_end());
    loop {
        let before = p;
        for v in lexicon::LINKING_VERBS.iter().chain(&["了", "有"]) {
            p = lexicon::strip_suffix(p, v).unwrap_or(p);
        }
        if p.len() == before.len() {
            break;
        }
    }
    let p = p.trim_end_matches(['）', ')', '”', '"', '」', ' ']);
    // `…城管执法（项）`: the item a budget line names.
    let p = p
        .strip_suffix("（项")
        .or_else(|| p.strip_suffix("(项"))
        .unwrap_or(p);
    let p = p.rsplit(['）', ')', '“', '"']).next().unwrap_or(p);
    (!p.is_empty()).then(|| p.to_string())
}

/// The offset of the last ； or ; of `text`, 0 if none. Both are found in one backward search,
/// for `;` and for the last byte of `；` (which other characters share: each hit is checked).
fn last_semicolon(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = bytes.len();
    while let Some(i) = memchr::memrchr2(b';', "；".as_bytes()[2], &bytes[..end]) {
        if bytes[i] == b';' {
            return i;
        }
        if bytes[..=i].ends_with("；".as_bytes()) {
            return i - 2;
        }
        end = i;
    }
    0
}

/// The last characters of [`lexicon::APPROXIMATIONS`]: a clause that ends in none of them ends
/// in no approximation.
static APPROXIMATION_ENDS: lexicon::Bits = lexicon::last_chars(&[lexicon::APPROXIMATIONS]);

fn strip_approx(clause: &str) -> &str {
    if !lexicon::ends_in(clause, &APPROXIMATION_ENDS) {
        return clause;
    }
    let mut c = clause;
    for p in lexicon::APPROXIMATIONS {
        c = lexicon::strip_suffix(c, p).unwrap_or(c);
    }
    c
}

/// `比上年增加` → ``, `受案增加` → `受案`: the measure named before a change verb.
fn strip_change_words(phrase: &str) -> String {
    let mut p = phrase;
    for b in lexicon::COMPARISON_BASES.iter().chain(lexicon::COMPARISONS) {
        if let Some(i) = p.find(b) {
            p = &p[..i];
        }
    }
    loop {
        let before = p;
        for v in lexicon::RISES.iter().chain(lexicon::FALLS) {
            p = lexicon::strip_suffix(p, v).unwrap_or(p);
        }
        if p.len() == before.len() {
            break;
        }
    }
    p.to_string()
}

/// Returns true if and only if `trimmed`, a clause without its trailing 了, ends with one of
/// `verbs` (a one-character verb such as 多 or 低 only after a comparison: 比上年多).
fn ends_with_verb(trimmed: &str, verbs: &[&str], compares: bool) -> bool {
    verbs
        .iter()
        .any(|v| lexicon::ends_with(trimmed, v) && (compares || !lexicon::at_most_chars(v, 1)))
}

/// The last characters of the verbs of change: a clause that ends in none of them (most do)
/// ends in no such verb.
static VERB_ENDS: lexicon::Bits = lexicon::last_chars(&[lexicon::FALLS, lexicon::RISES]);

/// The role of `figure` after `clause`, in a sentence of `context` before it; `subject` is its
/// subject, folded.
fn role(figure: &Figure, clause: &str, context: &str, subject: Option<&str>) -> (Role, bool) {
    // A one-character verb (多, 低) states a change only after a comparison, in the clause or
    // earlier in the sentence (与上年相比，收案多2850件).
    let trimmed = clause.trim_end_matches('了');
    let may_end_in_verb = lexicon::ends_in(trimmed, &VERB_ENDS);
    let single = |verbs: &[&str]| {
        verbs
            .iter()
            .any(|v| lexicon::ends_with(trimmed, v) && lexicon::at_most_chars(v, 1))
    };
    let compares = may_end_in_verb
        && (single(lexicon::FALLS) || single(lexicon::RISES))
        && (starts_with_any(clause, lexicon::COMPARISONS)
            || lexicon::COMPARISON_BASES.found_in(clause)
            || lexicon::COMPARING_SENTENCES.found_in(context));
    let falls = may_end_in_verb && ends_with_verb(trimmed, lexicon::FALLS, compares);
    let rises = may_end_in_verb && ends_with_verb(trimmed, lexicon::RISES, compares);
    match figure.kind {
        FigureKind::Points => (Role::Points, falls),
        FigureKind::Percent => {
            if crate::relations::rate_name(clause).is_some() || names_plan(clause) {
                (Role::Rate, false)
            } else if lexicon::SHARE.found_in(clause) || lexicon::SHARE_NOUNS.found_in(clause) {
                (Role::Share, false)
            } else if falls || rises || ends_with_any(clause, lexicon::RELATIVE_CHANGES) {
                (Role::Growth, falls)
            } else {
                (Role::Other, false)
            }
        }
        FigureKind::Count | FigureKind::Money | FigureKind::Measure | FigureKind::Number
            if figure.value.is_some() =>
        {
            if falls || rises {
                (Role::Change, falls)
            } else if lexicon::PER_CAPITA.found_in(clause)
                || subject.is_some_and(|s| lexicon::PER_CAPITA.found_in(s))
            {
                (Role::PerCapita, false)
            } else {
                (Role::Level, false)
            }
        }
        _ => (Role::Other, false),
    }
}

/// `为预算的`, `完成预算调整的`, `为调整预算的`: a completion rate against a plan.
fn names_plan(clause: &str) -> bool {
    clause.ends_with('的') && lexicon::PLAN_WORDS.found_in(clause)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roles(text: &str) -> Vec<(String, Role, bool)> {
        let document = crate::read_text(text.as_bytes(), &Default::default()).expect("reads");
        let folded = lexicon::fold(&document.report.text());
        document
            .report
            .figures()
            .into_iter()
            .map(|f| {
                let clause = crate::relations::clause_ending_at(&folded, f.span.start);
                let m = measure(
                    f,
                    clause,
                    clause,
                    &folded[..f.span.start],
                    &folded[f.span.end..],
                );
                (f.text.to_string(), m.role, m.falls)
            })
            .collect()
    }

    #[test]
    fn the_last_semicolon_is_found_past_characters_that_share_its_last_byte() {
        // 佛 ends in the byte that ends ； (9B).
        for text in [
            "",
            "佛",
            "甲；乙佛",
            "甲;乙；丙佛",
            "甲；乙;丙佛",
            "；",
            ";佛佛",
        ] {
            let expected = text.rfind('；').max(text.rfind(';')).unwrap_or(0);
            assert_eq!(last_semicolon(text), expected, "{text}");
        }
    }

    #[test]
    fn roles_of_levels_changes_and_rates() {
        let r = roles(
            "粮食产量52.91万吨，比上年增加1.31万吨，增长2.5%。年末人口624.87万人，减少17.76万人，结案率49.58%，占38.7%，人均收入5元，提高0.9个百分点，下降3%。",
        );
        let got: Vec<(&str, Role, bool)> = r.iter().map(|(t, r, f)| (t.as_str(), *r, *f)).collect();
        assert_eq!(
            got,
            vec![
                ("52.91万吨", Role::Level, false),
                ("1.31万吨", Role::Change, false),
                ("2.5%", Role::Growth, false),
                ("624.87万人", Role::Level, false),
                ("17.76万人", Role::Change, true),
                ("49.58%", Role::Rate, false),
                ("38.7%", Role::Share, false),
                ("5元", Role::PerCapita, false),
                ("0.9个百分点", Role::Points, false),
                ("3%", Role::Growth, true),
            ]
        );
    }

    #[test]
    fn traditional_text_has_the_same_roles() {
        let r = roles("受理案件1803件，結案894件，比上年減少34件，下降3.95%。");
        let roles: Vec<Role> = r.iter().map(|(_, r, _)| *r).collect();
        assert_eq!(
            roles,
            vec![Role::Level, Role::Level, Role::Change, Role::Growth]
        );
        assert!(r[2].2 && r[3].2);
    }
}
