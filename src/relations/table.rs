//! Tables: rows of two periods with their difference and change in % (`| 42 923 | 45 315 | + |
//! 2 392 | + | 5.6 |`), a row of shares under a row of counts (`占新受理数比例 | 49.66% |`), and
//! rows of a space-aligned table whose first amount is the total of the others (`合计
//! 36,197,265 31,124,727 5,072,538`). A table's columns are taken to mean what most of its rows
//! agree with: a row that breaks the pattern its table keeps is the finding.

use super::{Completeness, Leaf, Relation, Role, Strength, approx_value, is_amount, same_unit};
use crate::lexicon;
use crate::model::{Block, Figure, FigureKind, Inline, Report, Row, Table};

pub(super) fn find<'a>(report: &'a Report, leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let mut tables = Vec::new();
    collect_tables(&report.body, &mut tables);
    for table in tables {
        changes(table, out);
        shares(table, leaves, out);
        column_breakdowns(table, out);
        pipe_totals(table, out);
    }
    row_totals(leaves, out);
}

fn collect_tables<'a>(blocks: &'a [Block], out: &mut Vec<&'a Table>) {
    for block in blocks {
        match block {
            Block::Table(t) => out.push(t),
            Block::Section(s) => collect_tables(&s.blocks, out),
            _ => {}
        }
    }
}

/// A cell's text and its first figure.
fn cells(row: &Row) -> Vec<(String, Option<&Figure>)> {
    row.cells
        .iter()
        .map(|c| {
            let text: String = c.inlines.iter().map(Inline::text).collect();
            let figure = c.inlines.iter().find_map(|i| match i {
                Inline::Figure(f) => Some(&**f),
                _ => None,
            });
            (text.trim().to_string(), figure)
        })
        .collect()
}

/// The signed numbers of a row, in order: a cell holding only `+` or `-` gives the sign of the
/// number after it; a leading row number (`1.`) is passed over.
fn numbers(row: &Row) -> Vec<(&Figure, bool)> {
    let mut out = Vec::new();
    let mut negative = false;
    for (i, (text, figure)) in cells(row).into_iter().enumerate() {
        match (text.as_str(), figure) {
            ("+" | "＋", _) => negative = false,
            ("-" | "－" | "−", _) => negative = true,
            (_, Some(_)) if i == 0 && text.ends_with(['.', '．']) => {}
            (_, Some(f)) if f.value.is_some() && !matches!(f.kind, FigureKind::Year) => {
                out.push((f, negative));
                negative = false;
            }
            _ => {}
        }
    }
    out
}

/// Two periods, the difference and the change in %: `a | b | ± | d | ± | p`.
fn changes<'a>(table: &'a Table, out: &mut Vec<Relation<'a>>) {
    let rows: Vec<Vec<(&'a Figure, bool)>> = table
        .rows
        .iter()
        .map(numbers)
        .filter(|n| n.len() == 4)
        .collect();
    let fits = |n: &[(&Figure, bool)]| {
        let v: Option<Vec<f64>> = n.iter().map(|(f, _)| approx_value(f)).collect();
        let Some(v) = v else { return false };
        let d = if n[2].1 { -v[2] } else { v[2] };
        (v[1] - v[0] - d).abs() < 1e-6 * v[1].abs().max(1.0)
    };
    let agreeing = rows.iter().filter(|n| fits(n)).count();
    if agreeing < 3 || agreeing * 3 < rows.len() * 2 {
        return;
    }
    for n in rows {
        let [(before, _), (level, _), (change, falls), (growth, _)] = n[..] else {
            continue;
        };
        out.push(Relation::Change {
            level,
            before: Some(before),
            change: Some(change),
            growth: (growth.kind == FigureKind::Number || growth.kind == FigureKind::Percent)
                .then_some(growth),
            carried: None,
            falls,
            strength: Strength::Certain,
        });
    }
}

/// A row of shares (its first cell names a 比例, 占比 or 比重) under a row of counts: each share is
/// its column's count over one whole, the level stated before the table that makes the most
/// shares agree. When the counts fall short of that whole, the table is not the complete
/// breakdown its shares say it is.
fn shares<'a>(table: &'a Table, leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    for (i, row) in table.rows.iter().enumerate() {
        let cells_here = cells(row);
        let Some((label, _)) = cells_here.first() else {
            continue;
        };
        if !lexicon::SHARE_HEADERS.found_in(label) {
            continue;
        }
        let Some(count_row) = i.checked_sub(1).and_then(|k| table.rows.get(k)) else {
            continue;
        };
        let counts = cells(count_row);
        let pairs: Vec<(&'a Figure, &'a Figure)> = cells_here
            .iter()
            .zip(&counts)
            .skip(1)
            .filter_map(|((_, s), (_, c))| Some(((*s)?, (*c)?)))
            .filter(|(s, c)| s.kind == FigureKind::Percent && is_amount(c))
            .collect();
        let Some(&(_, first)) = pairs.first() else {
            continue;
        };
        let max = pairs
            .iter()
            .filter_map(|(_, c)| approx_value(c))
            .fold(0.0, f64::max);
        let before = table.span.start;
        let candidates: Vec<&'a Figure> = leaves
            .iter()
            .filter(|l| l.base < before)
            .flat_map(|l| {
                l.figures
                    .iter()
                    .copied()
                    .filter(move |f| is_amount(f) && l.role(f) == Role::Level)
            })
            .filter(|f| same_unit(f, first) && approx_value(f).is_some_and(|v| v >= max))
            .collect();
        let agreeing = |whole: &Figure| {
            pairs
                .iter()
                .filter(|(s, c)| {
                    approx_value(c).is_some_and(|v| v > 0.0)
                        && crate::check::share_holds(s, &[c], whole)
                })
                .count()
        };
        let Some(whole) = candidates.iter().rev().copied().max_by_key(|w| agreeing(w)) else {
            continue;
        };
        if agreeing(whole) < 2 {
            continue;
        }
        for (share, count) in &pairs {
            out.push(Relation::share(
                share,
                vec![count],
                whole,
                Strength::Certain,
            ));
        }
        let parts: Vec<&'a Figure> = counts
            .iter()
            .skip(1)
            .filter_map(|(_, c)| *c)
            .filter(|c| is_amount(c) && same_unit(c, whole))
            .collect();
        Relation::push_sum(out, whole, parts, Completeness::Complete, Strength::Likely);
    }
}

/// A table of a total row and groups of rows under it, each group opened by `其中:` (`全县户籍
/// 总人口 | 832955 | 100`, `其中:城镇 | 217319 | 26.09`, `乡村 | 615636 | 73.91`, `其中:男性 | …`):
/// each group is one split of the total, and a column headed 比重 holds each row's share of it.
fn column_breakdowns<'a>(table: &'a Table, out: &mut Vec<Relation<'a>>) {
    let Some(header) = table.rows.first().map(cells) else {
        return;
    };
    // Only a table with a column of shares adds up: a column of indices (上年=100) does not.
    let Some(share_column) = header
        .iter()
        .position(|(t, _)| lexicon::SHARE_COLUMN_HEADERS.found_in(t))
    else {
        return;
    };
    let share_column = Some(share_column);
    let rows: Vec<(String, Vec<Option<&'a Figure>>)> = table
        .rows
        .iter()
        .skip(1)
        .map(|r| {
            let c = cells(r);
            let label = c.first().map(|(t, _)| t.clone()).unwrap_or_default();
            (label, c.into_iter().map(|(_, f)| f).collect())
        })
        .collect();
    let value_at = |row: &[Option<&'a Figure>]| {
        row.iter()
            .enumerate()
            .skip(1)
            .find(|(i, f)| Some(*i) != share_column && f.is_some_and(|f| f.value.is_some()))
            .and_then(|(_, f)| *f)
    };
    let Some((first_label, first)) = rows.first() else {
        return;
    };
    let Some(total) = value_at(first) else { return };
    if first_label.starts_with("其中") {
        return;
    }
    let mut groups: Vec<Vec<(&'a Figure, Option<&'a Figure>)>> = Vec::new();
    for (label, row) in &rows[1..] {
        let Some(value) = value_at(row) else {
            break;
        };
        if !same_unit(value, total) {
            break;
        }
        let share = share_column.and_then(|c| row.get(c).copied().flatten());
        if label.starts_with("其中") || groups.is_empty() {
            if !label.starts_with("其中") {
                break;
            }
            groups.push(Vec::new());
        }
        if let Some(g) = groups.last_mut() {
            g.push((value, share));
        }
    }
    for group in groups {
        if group.len() < 2 {
            continue;
        }
        out.push(Relation::Sum {
            total,
            parts: group.iter().map(|(v, _)| *v).collect(),
            completeness: Completeness::Partial,
            strength: Strength::Likely,
        });
        for (value, share) in group {
            if let Some(share) = share {
                out.push(Relation::share(share, vec![value], total, Strength::Likely));
            }
        }
    }
}

/// Lines of a space-aligned table (codes, a label, then amounts, nothing else): where most such
/// lines of the report have a first amount equal to the sum of the others, each line is a
/// total and its parts.
fn row_totals<'a>(leaves: &[Leaf<'a>], out: &mut Vec<Relation<'a>>) {
    let rows: Vec<Vec<&'a Figure>> = leaves
        .iter()
        .filter_map(|leaf| leaf.table_row().map(<[_]>::to_vec))
        .collect();
    totals_of_rows(rows, out);
}

/// Rows of amounts whose first (or last) amount is, in most of them, the sum of the others: each
/// row is then a total and its parts. Which end holds the total is what the rows agree on.
fn totals_of_rows<'a>(rows: Vec<Vec<&'a Figure>>, out: &mut Vec<Relation<'a>>) {
    let rows: Vec<Vec<&'a Figure>> = rows.into_iter().filter(|r| r.len() >= 2).collect();
    let values =
        |r: &[&Figure]| -> Option<Vec<f64>> { r.iter().map(|f| approx_value(f)).collect() };
    let close = |a: f64, b: f64| (a - b).abs() < 1e-6 * a.abs().max(1.0);
    let first_holds = |r: &[&Figure]| values(r).is_some_and(|v| close(v[0], v[1..].iter().sum()));
    let last_holds = |r: &[&Figure]| {
        values(r).is_some_and(|v| close(v[v.len() - 1], v[..v.len() - 1].iter().sum()))
    };
    // Rows of two equal amounts agree with either end; count the others.
    let informative = |r: &&Vec<&Figure>| r.len() >= 3;
    let first = rows
        .iter()
        .filter(informative)
        .filter(|r| first_holds(r))
        .count();
    let last = rows
        .iter()
        .filter(informative)
        .filter(|r| last_holds(r))
        .count();
    let agreeing_first = rows.iter().filter(|r| first_holds(r)).count();
    let agreeing_last = rows.iter().filter(|r| last_holds(r)).count();
    let (total_first, agreeing) = if first >= last {
        (true, agreeing_first)
    } else {
        (false, agreeing_last)
    };
    if agreeing < 5 || agreeing * 10 < rows.len() * 7 {
        return;
    }
    for mut row in rows {
        let total = if total_first {
            row.remove(0)
        } else {
            row.pop().unwrap_or(row[0])
        };
        out.push(Relation::sum(
            total,
            row,
            Completeness::Complete,
            Strength::Likely,
        ));
    }
}

/// The rows of a `|` table of amounts (a label, then amounts), and a row named 合计/总计 against
/// the column sums of the rows above it.
fn pipe_totals<'a>(table: &'a Table, out: &mut Vec<Relation<'a>>) {
    let rows: Vec<(String, Vec<Option<&'a Figure>>)> = table
        .rows
        .iter()
        .map(|r| {
            let c = cells(r);
            let label = c.first().map(|(t, _)| t.clone()).unwrap_or_default();
            (label, c.into_iter().skip(1).map(|(_, f)| f).collect())
        })
        .collect();
    let amounts = |row: &[Option<&'a Figure>]| -> Vec<&'a Figure> {
        row.iter()
            .flatten()
            .copied()
            .filter(|f| (is_amount(f) || f.kind == FigureKind::Number) && f.value.is_some())
            .collect()
    };
    totals_of_rows(rows.iter().map(|(_, r)| amounts(r)).collect(), out);
    // 合计 rows: each column against the rows since the previous 合计.
    let mut from = 0;
    for (i, (label, row)) in rows.iter().enumerate() {
        if !lexicon::TOTAL_ROWS.found_in(label) {
            continue;
        }
        // Rows without figures (headers) are passed over.
        let above: Vec<&(String, Vec<Option<&'a Figure>>)> = rows[from..i]
            .iter()
            .filter(|(_, r)| r.iter().any(Option::is_some))
            .collect();
        from = i + 1;
        if above.len() < 2 {
            continue;
        }
        for (j, total) in row.iter().enumerate() {
            let Some(total) = total.filter(|f| f.value.is_some()) else {
                continue;
            };
            let parts: Option<Vec<&'a Figure>> = above
                .iter()
                .map(|(_, r)| r.get(j).copied().flatten())
                .collect();
            if let Some(parts) = parts
                && parts
                    .iter()
                    .all(|p| p.kind == total.kind && p.value.is_some())
            {
                out.push(Relation::sum(
                    total,
                    parts,
                    Completeness::Complete,
                    Strength::Likely,
                ));
            }
        }
    }
}

/// The amounts of a line that is a row of a space-aligned table: optional numeric codes, a
/// label without sentence punctuation, then two or more numbers written with thousands
/// separators or decimals, separated by spaces, and nothing after them.
pub(super) fn table_row<'a>(leaf: &Leaf<'a>) -> Option<Vec<&'a Figure>> {
    // A row has two amounts or more, each a figure of the leaf.
    if leaf.figures.len() < 2 {
        return None;
    }
    let text = leaf.text.trim_end();
    if text.contains(['，', '。', '；', '：', ',']) && !text.contains(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let mut amounts: Vec<&'a Figure> = Vec::new();
    let mut last_end = 0;
    let mut label = false;
    for f in &leaf.figures {
        let start = leaf.start(f);
        let gap = &leaf.text[last_end..start];
        let formatted = f.text.contains([',', '.']) || f.text.chars().count() >= 4;
        if amounts.is_empty() && !formatted {
            // A code before the label (212 01 04), or a number inside the label.
            label |= gap.chars().any(|c| !c.is_whitespace());
            last_end = leaf.end(f);
            continue;
        }
        label |= gap
            .chars()
            .any(|c| !c.is_whitespace() && !c.is_ascii_digit());
        if !amounts.is_empty() && !gap.chars().all(char::is_whitespace) {
            return None;
        }
        if !(f.kind == FigureKind::Number || is_amount(f)) || f.text.contains('%') {
            return None;
        }
        amounts.push(f);
        last_end = leaf.end(f);
    }
    let tail = leaf.text.get(last_end..)?.trim();
    let label_ok =
        label && !leaf.text[..leaf.start(amounts.first()?)].contains(['，', '。', '；', '：']);
    (amounts.len() >= 2 && tail.is_empty() && label_ok).then_some(amounts)
}
