//! What each command does with its options: read, check or convert, and report.

use super::args::{ElementArgs, FiguresFormat, InputArgs, ShardArg};
use super::{quiet, report_error};
use anyhow::{Context, Result, bail};
use gongwen::archive::{self, Outcome, shard::Shard};
use gongwen::diag::Lang;
use gongwen::diag::render::Summary;
use gongwen::format::docx::DocxOptions;
use gongwen::format::{self, OutputFormat, WriteOptions};
use gongwen::reporter::{
    Input, Policy, ReportFormat, ReportOptions, Reporter, STYLE_SHOWN, display_name,
};
use gongwen::{Document, ReadOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Archives the inputs, or a shard of them, printing a line on standard error as each one
/// finishes.
pub fn archive(
    inputs: &[PathBuf],
    dir: &Path,
    shard: Option<Shard>,
    options: &gongwen::archive::ArchiveOptions,
) -> Result<ExitCode> {
    let mut done = 0;
    let progress = |job: &archive::Job, total: usize, outcome: Outcome, entry: &archive::Entry| {
        done += 1;
        if quiet() && outcome != Outcome::Failed {
            return;
        }
        let input = display_name(&job.input);
        match outcome {
            Outcome::Archived => {
                let [errors, warnings, _] = entry.findings;
                let plural = |n: usize| if n == 1 { "" } else { "s" };
                let replaced = match entry.replaced {
                    0 => String::new(),
                    n => format!(", --lossy replaced {n} character{}", plural(n)),
                };
                eprintln!(
                    "[{done}/{total}] {input} → {} ({errors} error{}, {warnings} warning{}{replaced})",
                    entry
                        .outputs
                        .iter()
                        .map(|o| display_name(&dir.join(&o.path)))
                        .collect::<Vec<_>>()
                        .join(", "),
                    plural(errors),
                    plural(warnings)
                );
            }
            Outcome::Unchanged => eprintln!("[{done}/{total}] {input}: unchanged"),
            Outcome::Failed => eprintln!(
                "[{done}/{total}] {input}: {}",
                entry.error.as_deref().unwrap_or("failed")
            ),
        }
    };
    let archived = archive::archive(inputs, dir, shard, options, progress)?;
    let summary = archived.summary;
    if !quiet() {
        let of = match shard {
            Some(shard) => format!(
                " (shard {shard}, {} of {} inputs)",
                archived.jobs, archived.inputs
            ),
            None => String::new(),
        };
        eprintln!(
            "archived {}, unchanged {}, failed {}{of}: {}",
            summary.archived,
            summary.unchanged,
            summary.failed,
            archived.manifest.display()
        );
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The shard `--shard` and `--shards` ask for, if any.
pub fn shard(shard: Option<ShardArg>, shards: Option<u32>) -> Result<Option<Shard>> {
    let count = shards.map(|n| n as usize);
    Ok(match (shard, count) {
        (Some(ShardArg::Given(shard)), Some(count)) if count != shard.count => {
            bail!("--shard {shard} and --shards {count} disagree: give one of them")
        }
        (Some(ShardArg::Given(shard)), _) => Some(shard),
        (Some(ShardArg::Auto), _) | (None, Some(_)) => {
            Some(Shard::from_environment(count, |name| {
                std::env::var(name).ok()
            })?)
        }
        (None, None) => None,
    })
}

/// Merges the shards archived into a directory, saying what it wrote.
pub fn merge(dir: &Path) -> Result<ExitCode> {
    let merged = archive::shard::merge(dir)?;
    if !quiet() {
        eprintln!(
            "merged {} shards, {} inputs ({} failed): {}",
            merged.shards,
            merged.inputs,
            merged.failed,
            dir.join(archive::MANIFEST).display()
        );
    }
    Ok(if merged.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// How an input's flags ask to read it.
pub fn input_of(args: &InputArgs, path: PathBuf) -> Result<Input> {
    let encoding = args
        .encoding
        .as_deref()
        .map(gongwen::decode::encoding_for_name)
        .transpose()
        .with_context(|| display_name(&path))?;
    Ok(Input {
        path,
        read: ReadOptions {
            encoding,
            lossy: args.lossy,
        },
        max_input: args.max_input,
    })
}

pub fn read_input(input: &Input) -> Result<Document> {
    let name = input.name();
    let document = input.read().with_context(|| name.clone())?;
    warn_replaced(&name, &document);
    Ok(document)
}

/// Says on standard error how many characters `--lossy` replaced, and where the first one is.
pub fn warn_replaced(name: &str, document: &Document) {
    let replaced = document.report.meta.replaced;
    if replaced == 0 || quiet() {
        return;
    }
    let line = document
        .source
        .find(char::REPLACEMENT_CHARACTER)
        .map_or(1, |at| {
            gongwen::lines::LineIndex::new(&document.source)
                .line_col(at)
                .0
        });
    let (s, first) = if replaced == 1 {
        ("", "")
    } else {
        ("s", "the first ")
    };
    eprintln!(
        "gongwen: warning: {name}: --lossy replaced {replaced} undecodable character{s} with \
         U+FFFD ({first}on line {line})"
    );
}

/// Where `convert` writes, and the flags given that apply to some formats only.
pub struct Target<'a> {
    pub output: Option<&'a Path>,
    pub to: Option<&'a str>,
    pub given: &'a [(&'a str, &'a [OutputFormat])],
}

/// The name of an output format in messages.
pub fn format_name(format: OutputFormat) -> &'static str {
    format.label()
}

/// The `--to` values, from the format table: `xml, docx, pdf, json or md`.
fn to_names() -> String {
    let names: Vec<&str> = gongwen::format::output_names().collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.join(""),
    }
}

pub fn convert(
    input: &InputArgs,
    target: &Target<'_>,
    elements: &ElementArgs,
    options: &WriteOptions,
    verbose: bool,
) -> Result<ExitCode> {
    let Target { output, to, given } = *target;
    let to_stdout = output.is_none_or(|o| o == Path::new("-"));
    let format = match (to, output) {
        (Some(name), _) => match OutputFormat::from_name(name) {
            Some(f) => f,
            None => bail!("`{name}` is not an output format: use --to {}", to_names()),
        },
        (None, Some(path)) if !to_stdout => match OutputFormat::from_path(path) {
            Some(f) => f,
            None => bail!(
                "{}: cannot tell the output format from the extension; use --to {}",
                path.display(),
                to_names()
            ),
        },
        (None, _) => bail!("no output: give -o OUTPUT.xml, or -o - with --to xml"),
    };
    for (flag, formats) in given {
        if !formats.contains(&format) {
            bail!(
                "{flag} applies to {} output, not {}: drop it, or write {}",
                format::listed(formats, "and"),
                format_name(format),
                format::listed(formats, "or")
            );
        }
    }
    if let Some(out) = output.filter(|_| !to_stdout)
        && gongwen::output::same_file(&input.input, out)
    {
        bail!("{}: the output would overwrite the input", out.display());
    }
    let progress = progress(&input.input, format);
    let mut document = read_input(&input_of(input, input.input.clone())?)?;
    elements.apply(&mut document.report.meta)?;
    let summary = verbose.then(|| {
        format!(
            "{} sections, {} figures",
            document.report.sections().len(),
            document.report.figures().len()
        )
    });
    let bytes =
        format::write(document, format, options).with_context(|| display_name(&input.input))?;
    match output.filter(|_| !to_stdout) {
        Some(path) => gongwen::output::write_atomic(path, &bytes)
            .with_context(|| format!("{}: cannot write", path.display()))?,
        None => io::stdout()
            .lock()
            .write_all(&bytes)
            .context("<stdout>: cannot write")?,
    }
    if let Some(progress) = progress {
        progress.finish_and_clear();
    }
    if let Some(summary) = summary {
        let name = output
            .filter(|_| !to_stdout)
            .map_or_else(|| "<stdout>".to_string(), display_name);
        eprintln!(
            "gongwen: wrote {name} ({}, {} bytes, {summary})",
            format_name(format),
            bytes.len()
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// A spinner on standard error while a large input (over 1 MiB) is converted, when standard error
/// is a terminal and `-q` was not given.
pub fn progress(input: &Path, format: OutputFormat) -> Option<indicatif::ProgressBar> {
    use std::io::IsTerminal;
    let large = std::fs::metadata(input).is_ok_and(|m| m.len() > 1 << 20);
    if quiet() || !large || !io::stderr().is_terminal() {
        return None;
    }
    let bar = indicatif::ProgressBar::new_spinner().with_message(format!(
        "converting {} to {}",
        display_name(input),
        format_name(format)
    ));
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

pub fn write_stdout(bytes: &[u8]) -> Result<ExitCode> {
    io::stdout()
        .lock()
        .write_all(bytes)
        .context("<stdout>: cannot write")?;
    Ok(ExitCode::SUCCESS)
}

pub fn figures(input: &InputArgs, format: FiguresFormat) -> Result<ExitCode> {
    let document = read_input(&input_of(input, input.input.clone())?)?;
    let rows = gongwen::listing::figure_rows(&document);
    let out = match format {
        FiguresFormat::Table => gongwen::listing::figures_table(&rows),
        FiguresFormat::Csv => gongwen::listing::figures_csv(&rows),
        FiguresFormat::Json => {
            let mut s = serde_json::to_string_pretty(&rows)?;
            s.push('\n');
            s
        }
    };
    io::stdout()
        .lock()
        .write_all(out.as_bytes())
        .context("<stdout>: cannot write")?;
    Ok(ExitCode::SUCCESS)
}

/// How `check` reports.
pub struct CheckOptions {
    pub format: ReportFormat,
    pub lang: Lang,
    pub policy: Policy,
    pub verbose: bool,
    /// The review page (or, for several inputs, the index page) to write.
    pub html_output: Option<PathBuf>,
}

/// Checks each input and reports its findings. An input that cannot be read is reported and the
/// others are still checked. Exit 2 if an input could not be read, else 1 if a check failed.
pub fn check(
    inputs: &[Input],
    options: &CheckOptions,
    annotate: Option<(PathBuf, DocxOptions)>,
) -> Result<ExitCode> {
    if let Some((path, _)) = &annotate {
        let is_docx = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| e.eq_ignore_ascii_case("docx"));
        if !is_docx || path == Path::new("-") {
            bail!(
                "{}: --annotate writes a Word document; give -o NAME.docx",
                path.display()
            );
        }
    }
    let outputs = annotate.iter().map(|(p, _)| p).chain(&options.html_output);
    for output in outputs {
        if inputs
            .iter()
            .any(|i| gongwen::output::same_file(&i.path, output))
        {
            bail!("{}: the output would overwrite the input", output.display());
        }
    }
    let several = inputs.len() > 1;
    match options.html_output.as_ref().filter(|_| !several) {
        // One review page is written whole, atomically, at the end.
        Some(path) => {
            let (code, page) = check_into(Vec::new(), inputs, options, annotate.as_ref())?;
            gongwen::output::write_atomic(path, &page)
                .with_context(|| format!("{}: cannot write", path.display()))?;
            Ok(code)
        }
        // Everything else is written out as it is rendered; a reader that stops early changes
        // nothing else.
        None => {
            let out = io::BufWriter::new(gongwen::output::UntilClosed::new(io::stdout().lock()));
            Ok(check_into(out, inputs, options, annotate.as_ref())?.0)
        }
    }
}

/// An error of the reporter: one naming its file as it is, a failed write to `out` as one to
/// standard output.
pub fn reporter_error(e: gongwen::Error) -> anyhow::Error {
    match e {
        gongwen::Error::Io(e) => anyhow::Error::new(e).context("<stdout>: cannot write"),
        e => e.into(),
    }
}

/// Checks the inputs, reporting to `out`; returns the exit code and `out`.
pub fn check_into<W: Write>(
    out: W,
    inputs: &[Input],
    options: &CheckOptions,
    annotate: Option<&(PathBuf, DocxOptions)>,
) -> Result<(ExitCode, W)> {
    let lang = options.lang;
    let several = inputs.len() > 1;
    let report = ReportOptions {
        format: options.format,
        lang,
        several,
        html_index: options.html_output.clone().filter(|_| several),
        style_shown: (!options.verbose).then_some(STYLE_SHOWN),
    };
    let mut reporter = Reporter::begin(out, &report).map_err(reporter_error)?;
    let (mut failed, mut unreadable) = (false, 0);
    // Inputs are read and checked on every core; each is reported in turn, in input order.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let read_and_check = |input: &Input| {
        let document = input.read().with_context(|| input.name())?;
        let outcome = options.policy.check(&document);
        Ok::<_, anyhow::Error>((document, outcome))
    };
    super::ordered::for_each(inputs, workers, read_and_check, |index, checked| {
        let input = &inputs[index];
        let (document, outcome) = match checked {
            Ok(checked) => checked,
            Err(e) if several => {
                reporter.flush().context("<stdout>: cannot write")?;
                report_error(&e, options.verbose, options.lang == Lang::Zh);
                reporter.unreadable(&input.path, &format!("{e:#}"));
                unreadable += 1;
                return Ok(());
            }
            Err(e) => return Err(e),
        };
        warn_replaced(&input.name(), &document);
        failed |= options.policy.fails(&Summary::of(&outcome.findings));
        if let Some((path, docx_options)) = annotate {
            let bytes = gongwen::format::docx::annotate(
                &document.report,
                &outcome.findings,
                lang,
                docx_options,
            )
            .with_context(|| input.name())?;
            gongwen::output::write_atomic(path, &bytes)
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        reporter
            .document(&input.path, document, outcome)
            .map_err(reporter_error)
    })?;
    let out = reporter.finish().map_err(reporter_error)?;
    let code = if unreadable > 0 {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    };
    Ok((code, out))
}
