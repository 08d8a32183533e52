//! Findings: what the checks report, as data. Rendering lives in [`render`].

/// Findings as text, JSON and SARIF.
pub mod render;
/// The review page: the report as read, its figures, relations and findings, in HTML.
pub mod review;

use crate::model::{Figure, Span};
use compact_str::CompactString;
use serde::Serialize;

/// How bad a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look.
    Info,
    /// Probably wrong, or against a national standard.
    Warning,
    /// The numbers cannot all be right.
    Error,
}

impl Severity {
    /// The name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// The Chinese name used in output.
    pub fn as_zh(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
}

/// A message in both output languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// English.
    pub en: String,
    /// Chinese.
    pub zh: String,
}

impl Message {
    /// A message in English and Chinese.
    pub fn new(en: impl Into<String>, zh: impl Into<String>) -> Message {
        Message {
            en: en.into(),
            zh: zh.into(),
        }
    }

    /// The text in a language.
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Zh => &self.zh,
        }
    }
}

/// Output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    #[default]
    En,
}

/// A figure a finding involves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FigureRef {
    /// The figure's id.
    pub id: CompactString,
    /// The text as stated.
    pub text: CompactString,
    /// Its normalized value.
    pub value: Option<CompactString>,
    /// Its unit.
    pub unit: Option<CompactString>,
    /// Its span.
    #[serde(skip)]
    pub span: Span,
}

impl From<&Figure> for FigureRef {
    fn from(f: &Figure) -> FigureRef {
        FigureRef {
            id: f.id.clone(),
            text: f.text.clone(),
            value: f.value.clone(),
            unit: f.unit.clone(),
            span: f.span,
        }
    }
}

/// One problem found in a report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The rule it breaks.
    pub rule: &'static crate::check::Rule,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in a sentence that stands on its own.
    pub message: Message,
    /// Where: the primary span (usually the figure that is stated wrongly or the whole claim).
    pub span: Span,
    /// The figures involved.
    pub figures: Vec<FigureRef>,
    /// The arithmetic, spelled out (`2354 / 2672 = 88.0988…%`).
    pub arithmetic: Option<String>,
    /// The value the other figures imply, where one applies.
    pub expected: Option<String>,
    /// The value stated, where one applies.
    pub stated: Option<String>,
}
