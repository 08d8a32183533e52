//! The figure listing of `gongwen figures`: one row per figure, as an aligned table, CSV or JSON.

use crate::Document;
use crate::lines::LineIndex;
use compact_str::CompactString;
use serde::Serialize;
use unicode_width::UnicodeWidthStr;

/// One figure with its place in the source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    /// The figure's id in the report.
    pub id: String,
    /// 1-based source line.
    pub line: usize,
    /// 1-based source column, in characters.
    pub column: usize,
    /// The kind's name.
    pub kind: &'static str,
    /// The text as stated.
    pub text: String,
    /// The normalized value.
    pub value: Option<String>,
    /// The upper end of a range.
    pub value_max: Option<String>,
    /// The normalized unit.
    pub unit: Option<String>,
    /// The approximation marker, if any.
    pub approx: Option<String>,
    /// What the figure counts.
    pub subject: Option<String>,
}

/// The rows for every figure of a document, in document order.
pub fn figure_rows(document: &Document) -> Vec<FigureRow> {
    let index = LineIndex::new(&document.source);
    document
        .report
        .figures()
        .into_iter()
        .map(|f| {
            let (line, column) = index.line_col(document.map.to_source(f.span.start));
            FigureRow {
                id: f.id.to_string(),
                line,
                column,
                kind: f.kind.as_str(),
                text: f.text.to_string(),
                value: owned(&f.value),
                value_max: owned(&f.value_max),
                unit: owned(&f.unit),
                approx: f.approx.as_ref().map(|a| a.marker.to_string()),
                subject: owned(&f.subject),
            }
        })
        .collect()
}

fn owned(s: &Option<CompactString>) -> Option<String> {
    s.as_deref().map(str::to_string)
}

fn columns(row: &FigureRow) -> [String; 6] {
    let value = match (&row.value, &row.value_max) {
        (Some(v), Some(max)) => format!("{v}–{max}"),
        (Some(v), None) => v.clone(),
        _ => String::new(),
    };
    [
        format!("{}:{}", row.line, row.column),
        row.kind.to_string(),
        row.text.clone(),
        value,
        row.unit.clone().unwrap_or_default(),
        row.subject.clone().unwrap_or_default(),
    ]
}

const HEADER: [&str; 6] = ["line:col", "kind", "text", "value", "unit", "subject"];

/// An aligned table (column widths measured in terminal cells, so CJK text lines up).
pub fn figures_table(rows: &[FigureRow]) -> String {
    let cells: Vec<[String; 6]> = std::iter::once(HEADER.map(String::from))
        .chain(rows.iter().map(columns))
        .collect();
    let mut widths = [0; 6];
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
    }
    let mut out = String::new();
    for row in &cells {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.extend(std::iter::repeat_n(' ', widths[i] - cell.width() + 2));
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// RFC 4180 CSV with a header row.
pub fn figures_csv(rows: &[FigureRow]) -> String {
    let mut out = String::from("line,column,kind,text,value,value_max,unit,approx,subject\n");
    for r in rows {
        let fields = [
            r.line.to_string(),
            r.column.to_string(),
            r.kind.to_string(),
            r.text.clone(),
            r.value.clone().unwrap_or_default(),
            r.value_max.clone().unwrap_or_default(),
            r.unit.clone().unwrap_or_default(),
            r.approx.clone().unwrap_or_default(),
            r.subject.clone().unwrap_or_default(),
        ];
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    }
    out
}

fn csv_field(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}
