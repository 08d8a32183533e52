//! The native part of the Python package `gongwen`: the library's read, check, write, archive
//! and merge, each run with the GIL released. The Python modules beside it (`gongwen/`) give
//! these their Python shape (the report, figure and finding classes); what crosses from here is
//! a report handle, bytes, JSON text as the command line writes it, and dictionaries of counts.

use gongwen::archive::{ArchiveFormat, ArchiveOptions, MANIFEST, Outcome, shard::Shard};
use gongwen::diag::Lang;
use gongwen::diag::render::{self, Checked};
use gongwen::format::docx::{self, DocxOptions, Fonts};
use gongwen::format::pdf::fonts::Role;
use gongwen::format::pdf::{PdfA, PdfOptions};
use gongwen::format::{self, InputFormat, OutputFormat, WriteOptions};
use gongwen::reporter::{
    Policy, ReportFormat, ReportOptions, Reporter, STYLE_SHOWN, display_name, read_capped,
};
use gongwen::{Document, ReadOptions};
use pyo3::create_exception;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict};
use std::path::{Path, PathBuf};

#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

create_exception!(
    gongwen,
    GongwenError,
    PyValueError,
    "A report that cannot be read or written, options that do not go together, or an archive \
     run that cannot start or go on. The message is the one the command line prints after \
     `gongwen: `; an error that came from the operating system is the exception's `__cause__`."
);

/// The largest input read unless told otherwise, as the command line's `--max-input` default.
const MAX_INPUT: u64 = 256 << 20;

/// A library error as a `GongwenError`, its message prefixed with the input's name when there
/// is one (as the command line names the file), an I/O error among its causes as its cause.
fn error(py: Python<'_>, name: Option<&str>, e: gongwen::Error) -> PyErr {
    let line = gongwen::error::one_line(&e);
    let message = match name {
        Some(name) => format!("{name}: {line}"),
        None => line,
    };
    let err = GongwenError::new_err(message);
    if let Some(io) = gongwen::error::io_cause(&e) {
        let cause = match io.raw_os_error() {
            Some(code) => std::io::Error::from_raw_os_error(code),
            None => std::io::Error::new(io.kind(), io.to_string()),
        };
        err.set_cause(py, Some(PyErr::from(cause)));
    }
    err
}

/// A usage error: options that do not go together or a value that names nothing.
fn usage(py: Python<'_>, message: String) -> PyErr {
    error(py, None, gongwen::Error::Usage(message))
}

/// The language of findings and review pages, `en` or `zh`.
fn language(py: Python<'_>, name: &str) -> PyResult<Lang> {
    match name {
        "en" => Ok(Lang::En),
        "zh" => Ok(Lang::Zh),
        other => Err(usage(
            py,
            format!("`{other}` is not a language: use en or zh"),
        )),
    }
}

fn read_options(encoding: Option<&str>, lossy: bool) -> gongwen::Result<ReadOptions> {
    let encoding = encoding
        .map(gongwen::decode::encoding_for_name)
        .transpose()?;
    Ok(ReadOptions { encoding, lossy })
}

/// A report read into the library's model, with the source it was read from.
#[pyclass(frozen, module = "gongwen._native")]
struct NativeReport {
    /// The input's name in messages and in the check's JSON (`file`).
    name: String,
    document: Document,
}

#[pymethods]
impl NativeReport {
    /// The input's name: its path as the command line prints it, or `<bytes>`.
    #[getter]
    fn name(&self) -> &str {
        &self.name
    }

    /// The report in a format gongwen writes (`xml`, `json`, `docx`, `pdf`, `ofd`, `md`), as
    /// `gongwen convert --to FORMAT` writes it; `fonts` are `(role, path)` pairs, as `--font
    /// ROLE=PATH`; `elements` are `(key, text)` pairs, as `--set KEY=TEXT`.
    #[pyo3(signature = (
        to, fix_punctuation = false, pdfa = None, fonts = Vec::new(), highlight_figures = false,
        docx_fonts = None, elements = Vec::new()
    ))]
    #[allow(clippy::too_many_arguments)] // the command line's options, by name from Python
    fn write<'py>(
        &self,
        py: Python<'py>,
        to: &str,
        fix_punctuation: bool,
        pdfa: Option<&str>,
        fonts: Vec<(String, PathBuf)>,
        highlight_figures: bool,
        docx_fonts: Option<&str>,
        elements: Vec<(String, String)>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let names: Vec<&str> = format::output_names().collect();
        let Some(format) = OutputFormat::from_name(to) else {
            return Err(usage(
                py,
                format!("`{to}` is not an output format: use {}", names.join(", ")),
            ));
        };
        // The options given that apply to some formats only, by their Python and command-line
        // names.
        let given = [
            ("fix_punctuation", "fix-punctuation", fix_punctuation),
            ("pdfa", "pdfa", pdfa.is_some()),
            ("fonts", "font", !fonts.is_empty()),
            ("highlight_figures", "highlight-figures", highlight_figures),
            ("docx_fonts", "fonts", docx_fonts.is_some()),
        ];
        for (name, flag, _) in given.iter().filter(|g| g.2) {
            let formats = format::option_formats(flag);
            if !formats.contains(&format) {
                return Err(usage(
                    py,
                    format!(
                        "`{name}` applies to {} output, not {}",
                        format::listed(formats, "and"),
                        format.label()
                    ),
                ));
            }
        }
        let pdfa = pdfa
            .map(|level| {
                PdfA::from_name(level).ok_or_else(|| {
                    usage(py, format!("`{level}` is not a PDF/A level: use 2b or 3b"))
                })
            })
            .transpose()?;
        let docx_fonts = docx_fonts_named(py, docx_fonts)?;
        let fonts = font_roles(py, fonts)?;
        let mut document = self.document.clone();
        for (key, text) in &elements {
            // `issuer_mark` as Python spells it is the command line's `issuer-mark`.
            let key = key.replace('_', "-");
            document
                .report
                .meta
                .set(&key, text)
                .map_err(|e| usage(py, format!("elements: {e}")))?;
        }
        let options = WriteOptions {
            docx: DocxOptions {
                fix_punctuation,
                highlight_figures,
                fonts: docx_fonts,
                ..Default::default()
            },
            pdf: PdfOptions {
                pdfa,
                fonts,
                system_fonts: true,
                fix_punctuation,
                ..Default::default()
            },
            ofd: Default::default(),
        };
        let bytes = py
            .detach(|| format::write(document, format, &options))
            .map_err(|e| error(py, Some(&self.name), e))?;
        Ok(PyBytes::new(py, &bytes))
    }

    /// Every figure as `gongwen figures --format json` lists it: a JSON array.
    fn figures_json(&self, py: Python<'_>) -> PyResult<String> {
        let rows = py.detach(|| gongwen::listing::figure_rows(&self.document));
        serde_json::to_string(&rows).map_err(|e| error(py, None, std::io::Error::from(e).into()))
    }

    /// The report's metadata (the model's `meta`) as JSON.
    fn meta_json(&self, py: Python<'_>) -> PyResult<String> {
        serde_json::to_string(&self.document.report.meta)
            .map_err(|e| error(py, None, std::io::Error::from(e).into()))
    }

    /// Every section, in document order, as a JSON array of `{level, marker, number, title}`.
    fn sections_json(&self) -> String {
        let sections: Vec<serde_json::Value> = self
            .document
            .report
            .sections()
            .into_iter()
            .map(|s| {
                let title: String = s.heading.inlines.iter().map(|i| i.text()).collect();
                serde_json::json!({
                    "level": s.level,
                    "marker": s.heading.marker.text.as_str(),
                    "number": s.heading.marker.number,
                    "title": title,
                })
            })
            .collect();
        serde_json::Value::Array(sections).to_string()
    }

    /// The check's findings as `gongwen check --format json` prints them for this input, with
    /// the rules in `allow` left out and the messages in `lang` (`en` or `zh`).
    #[pyo3(signature = (allow = Vec::new(), lang = "en"))]
    fn check_json(&self, py: Python<'_>, allow: Vec<String>, lang: &str) -> PyResult<String> {
        let lang = language(py, lang)?;
        let policy = Policy::new(&allow, false).map_err(|e| error(py, None, e))?;
        let json = py.detach(|| {
            let outcome = policy.check(&self.document);
            let checked = Checked {
                name: &self.name,
                document: &self.document,
                findings: &outcome.findings,
            };
            let mut out = Vec::new();
            render::write_json_verified(&mut out, &checked, Some(&outcome.verified), lang)
                .map(|()| out)
        });
        let json = json.map_err(|e| error(py, None, e.into()))?;
        String::from_utf8(json).map_err(|e| error(py, None, std::io::Error::other(e).into()))
    }

    /// The check's report as `gongwen check --format FORMAT` prints it for this input (`text`,
    /// `json`, `sarif` or `html`, the review page), with the rules in `allow` left out and the
    /// messages in `lang`.
    #[pyo3(signature = (to, allow = Vec::new(), lang = "en"))]
    fn report(&self, py: Python<'_>, to: &str, allow: Vec<String>, lang: &str) -> PyResult<String> {
        let Some(format) = ReportFormat::from_name(to) else {
            let names: Vec<&str> = ReportFormat::ALL.iter().map(|f| f.as_str()).collect();
            return Err(usage(
                py,
                format!("`{to}` is not a report format: use {}", names.join(", ")),
            ));
        };
        let lang = language(py, lang)?;
        let policy = Policy::new(&allow, false).map_err(|e| error(py, None, e))?;
        let options = ReportOptions {
            format,
            lang,
            several: false,
            html_index: None,
            // As the command line prints without --verbose.
            style_shown: Some(STYLE_SHOWN),
        };
        let report = py.detach(|| {
            let outcome = policy.check(&self.document);
            let mut reporter = Reporter::begin(Vec::new(), &options)?;
            reporter.document(Path::new(&self.name), self.document.clone(), outcome)?;
            reporter.finish()
        });
        let report = report.map_err(|e| error(py, None, e))?;
        String::from_utf8(report).map_err(|e| error(py, None, std::io::Error::other(e).into()))
    }

    /// The report as a DOCX with each finding of its check as a Word comment on its figures, as
    /// `gongwen check --annotate -o REVIEWED.docx` writes it.
    #[pyo3(signature = (
        allow = Vec::new(), lang = "en", highlight_figures = false, docx_fonts = None,
        fix_punctuation = false
    ))]
    fn annotate<'py>(
        &self,
        py: Python<'py>,
        allow: Vec<String>,
        lang: &str,
        highlight_figures: bool,
        docx_fonts: Option<&str>,
        fix_punctuation: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let lang = language(py, lang)?;
        let policy = Policy::new(&allow, false).map_err(|e| error(py, None, e))?;
        let options = DocxOptions {
            highlight_figures,
            fonts: docx_fonts_named(py, docx_fonts)?,
            fix_punctuation,
            ..Default::default()
        };
        let bytes = py
            .detach(|| {
                let outcome = policy.check(&self.document);
                docx::annotate(&self.document.report, &outcome.findings, lang, &options)
            })
            .map_err(|e| error(py, Some(&self.name), e))?;
        Ok(PyBytes::new(py, &bytes))
    }
}

/// Reads the report in a file, its format from the extension or the content.
#[pyfunction]
#[pyo3(signature = (path, encoding = None, lossy = false, max_input = MAX_INPUT))]
fn read_path(
    py: Python<'_>,
    path: PathBuf,
    encoding: Option<&str>,
    lossy: bool,
    max_input: u64,
) -> PyResult<NativeReport> {
    let name = display_name(&path);
    let options = read_options(encoding, lossy).map_err(|e| error(py, Some(&name), e))?;
    // A file named `-` is a file here, not standard input.
    let file = if path == Path::new("-") {
        Path::new(".").join(&path)
    } else {
        path.clone()
    };
    let document = py
        .detach(|| {
            let bytes = read_capped(&file, max_input)?;
            let input = InputFormat::detect(Some(&path), &bytes);
            format::read(bytes, input, &options)
        })
        .map_err(|e| error(py, Some(&name), e))?;
    Ok(NativeReport { name, document })
}

/// Reads a report from bytes, its format from the content.
#[pyfunction]
#[pyo3(signature = (data, encoding = None, lossy = false))]
fn read_bytes(
    py: Python<'_>,
    data: &[u8],
    encoding: Option<&str>,
    lossy: bool,
) -> PyResult<NativeReport> {
    let options = read_options(encoding, lossy).map_err(|e| error(py, None, e))?;
    let document = py
        .detach(|| {
            let input = InputFormat::detect(None, data);
            format::read(data.to_vec(), input, &options)
        })
        .map_err(|e| error(py, None, e))?;
    Ok(NativeReport {
        name: "<bytes>".to_string(),
        document,
    })
}

/// Archives the inputs (files, or directories searched for reports) into `out_dir`, or one shard
/// `(index, count)` of them, as `gongwen archive` does; returns the counts and the manifest.
#[pyfunction]
#[pyo3(signature = (
    inputs, out_dir, format = "pdf", shard = None, jobs = None, pdfa = "3b", encoding = None,
    lossy = false, max_input = MAX_INPUT, review = None, fonts = Vec::new(), progress = None
))]
#[allow(clippy::too_many_arguments)] // the command line's options, by name from Python
fn archive<'py>(
    py: Python<'py>,
    inputs: Vec<PathBuf>,
    out_dir: PathBuf,
    format: &str,
    shard: Option<(usize, usize)>,
    jobs: Option<usize>,
    pdfa: &str,
    encoding: Option<&str>,
    lossy: bool,
    max_input: u64,
    review: Option<&str>,
    fonts: Vec<(String, PathBuf)>,
    progress: Option<Py<PyAny>>,
) -> PyResult<Bound<'py, PyDict>> {
    let format = ArchiveFormat::from_name(format).ok_or_else(|| {
        usage(
            py,
            format!("`{format}` is not an archive format: use pdf or ofd"),
        )
    })?;
    let pdfa = PdfA::from_name(pdfa)
        .ok_or_else(|| usage(py, format!("`{pdfa}` is not a PDF/A level: use 2b or 3b")))?;
    let shard = shard
        .map(|(index, count)| {
            Shard::new(index, count).ok_or_else(|| {
                usage(
                    py,
                    format!(
                        "shard {index}/{count}: the index counts from 0 and must be below the count"
                    ),
                )
            })
        })
        .transpose()?;
    let review = review.map(|lang| language(py, lang)).transpose()?;
    let options = ArchiveOptions {
        jobs: jobs.unwrap_or_else(|| {
            std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
        }),
        format,
        pdfa,
        pdf: PdfOptions {
            pdfa: Some(pdfa),
            fonts: font_roles(py, fonts)?,
            system_fonts: true,
            ..Default::default()
        },
        read: read_options(encoding, lossy).map_err(|e| error(py, None, e))?,
        max_input,
        review,
    };
    // `progress(done, total, input, outcome)` as each input finishes, with the GIL held for the
    // call only; the first exception it raises stops the calls and is raised after the run.
    let mut raised: Option<PyErr> = None;
    let mut done = 0usize;
    let archived = py
        .detach(|| {
            gongwen::archive::archive(
                &inputs,
                &out_dir,
                shard,
                &options,
                |job, total, outcome, _| {
                    done += 1;
                    let Some(callback) = progress.as_ref().filter(|_| raised.is_none()) else {
                        return;
                    };
                    let outcome = match outcome {
                        Outcome::Archived => "archived",
                        Outcome::Unchanged => "unchanged",
                        Outcome::Failed => "failed",
                    };
                    let input = job.input.display().to_string();
                    Python::attach(|py| {
                        if let Err(e) = callback.call1(py, (done, total, input, outcome)) {
                            raised = Some(e);
                        }
                    });
                },
            )
        })
        .map_err(|e| error(py, None, e))?;
    if let Some(e) = raised {
        return Err(e);
    }
    let summary = PyDict::new(py);
    summary.set_item("archived", archived.summary.archived)?;
    summary.set_item("unchanged", archived.summary.unchanged)?;
    summary.set_item("failed", archived.summary.failed)?;
    summary.set_item("inputs", archived.inputs)?;
    summary.set_item("jobs", archived.jobs)?;
    summary.set_item("manifest", archived.manifest)?;
    Ok(summary)
}

/// The `(role, path)` pairs of a `fonts` argument, checked: `--font ROLE=PATH` as the command
/// The DOCX fonts named as `--fonts` names them (`gongwen`, the default, or `plain`).
fn docx_fonts_named(py: Python<'_>, name: Option<&str>) -> PyResult<Fonts> {
    name.map(|name| match Fonts::from_name(name) {
        Some(fonts @ (Fonts::Gongwen | Fonts::Plain)) => Ok(fonts),
        _ => Err(usage(
            py,
            format!("`{name}` is not a choice of DOCX fonts: use gongwen or plain"),
        )),
    })
    .transpose()
    .map(Option::unwrap_or_default)
}

/// line takes it.
fn font_roles(py: Python<'_>, fonts: Vec<(String, PathBuf)>) -> PyResult<Vec<(Role, PathBuf)>> {
    fonts
        .into_iter()
        .map(|(role, path)| match Role::from_name(&role) {
            Some(role) => Ok((role, path)),
            None => {
                let roles: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
                Err(usage(
                    py,
                    format!("`{role}` is not a font role: use {}", roles.join(", ")),
                ))
            }
        })
        .collect()
}

/// Merges the shards archived into `out_dir`, as `gongwen archive merge` does; returns the
/// counts and the manifest.
#[pyfunction]
fn merge<'py>(py: Python<'py>, out_dir: PathBuf) -> PyResult<Bound<'py, PyDict>> {
    let merged = py
        .detach(|| gongwen::archive::shard::merge(&out_dir))
        .map_err(|e| error(py, None, e))?;
    let summary = PyDict::new(py);
    summary.set_item("shards", merged.shards)?;
    summary.set_item("inputs", merged.inputs)?;
    summary.set_item("failed", merged.failed)?;
    summary.set_item("manifest", out_dir.join(MANIFEST))?;
    Ok(summary)
}

#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("GongwenError", m.py().get_type::<GongwenError>())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<NativeReport>()?;
    m.add_function(wrap_pyfunction!(read_path, m)?)?;
    m.add_function(wrap_pyfunction!(read_bytes, m)?)?;
    m.add_function(wrap_pyfunction!(archive, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    Ok(())
}
