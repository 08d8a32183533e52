//! The `gongwen` command line: argument parsing, file I/O and exit codes. Everything else is the
//! library.

use anyhow::{Context, Result, anyhow, bail};
use clap::{Parser, Subcommand, ValueEnum};
use gongwen::diag::{Lang, render};
use gongwen::format::docx::{DocxOptions, Fonts};
use gongwen::format::pdf::PdfA;
use gongwen::format::pdf::fonts::Role;
use gongwen::format::{self, InputFormat, OutputFormat, WriteOptions};
use gongwen::model::{Form, Meta};
use gongwen::{Document, ReadOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// See Cargo.toml: memory freed while a long document is converted is reused and returned.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Read, check and convert Chinese official reports (公文).
#[derive(Parser)]
#[command(name = "gongwen", version, about)]
struct Cli {
    /// On an error, print what caused it, one cause a line.
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Convert a report to another format (from -o's extension, or --to).
    Convert {
        #[command(flatten)]
        input: InputArgs,
        /// Output file, or `-` for standard output.
        #[arg(short, long, value_name = "OUTPUT")]
        output: Option<PathBuf>,
        /// Output format; needed when -o is `-` or has no known extension.
        #[arg(long, value_enum)]
        to: Option<ToFormat>,
        #[command(flatten)]
        docx: DocxArgs,
        /// PDF: write PDF/A-2b (`2b`) or PDF/A-3b with the report's XML attached (`3b`).
        #[arg(long, value_name = "LEVEL", value_parser = parse_pdfa)]
        pdfa: Option<PdfA>,
        /// PDF: font for a role, `ROLE=PATH` (roles: body, title, heading1, heading2); repeatable.
        #[arg(long, value_name = "ROLE=PATH", value_parser = parse_font)]
        font: Vec<(Role, PathBuf)>,
        #[command(flatten)]
        elements: ElementArgs,
    },
    /// Check the figures against each other; exit 1 if an error (or a denied warning) is found.
    Check {
        #[command(flatten)]
        input: InputArgs,
        /// More inputs (files, or directories of reports), checked one after another with the
        /// same options.
        #[arg(value_name = "MORE")]
        more: Vec<PathBuf>,
        /// How to print the findings.
        #[arg(long, value_enum, default_value_t = CheckFormat::Text)]
        format: CheckFormat,
        /// Language of the messages.
        #[arg(long, value_enum, default_value_t = LangArg::En)]
        lang: LangArg,
        /// Make warnings fail the check too (`--deny warnings`).
        #[arg(long, value_enum)]
        deny: Option<Deny>,
        /// Silence a rule (repeatable), e.g. `--allow style.punctuation`.
        #[arg(long, value_name = "RULE")]
        allow: Vec<String>,
        /// Write the document with each finding as a Word comment on its figures (needs -o).
        #[arg(long)]
        annotate: bool,
        /// With --annotate: the reviewed DOCX to write.
        #[arg(short, long, value_name = "OUTPUT")]
        output: Option<PathBuf>,
        #[command(flatten)]
        docx: DocxArgs,
    },
    /// Archive many reports: PDF/A with the XML attached, the XML, a checksummed manifest.
    ///
    /// For each report, DIR gets a PDF/A and its XML under the same relative path;
    /// DIR/manifest.jsonl records every input and output with its SHA-256, DIR/SHA256SUMS lists
    /// the outputs for `sha256sum -c`. Several files are converted at once; run the same command
    /// again to resume where it stopped: inputs already archived are skipped.
    Archive {
        /// Report files, or directories to search for them (.txt .docx .html .xml .pdf).
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// The archive directory (created if needed).
        #[arg(short, long, value_name = "DIR")]
        output: PathBuf,
        /// How many files to convert at once (default: one per CPU).
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
        /// PDF/A level: `3b` attaches the XML to the PDF, `2b` does not.
        #[arg(long, value_name = "LEVEL", value_parser = parse_pdfa, default_value = "3b")]
        pdfa: PdfA,
        /// Font for a role, `ROLE=PATH` (roles: body, title, heading1, heading2); repeatable.
        #[arg(long, value_name = "ROLE=PATH", value_parser = parse_font)]
        font: Vec<(Role, PathBuf)>,
        /// Decode text inputs with this encoding instead of detecting it (utf-8, gb18030, big5 …).
        #[arg(long)]
        encoding: Option<String>,
        /// Replace undecodable bytes in text inputs with U+FFFD instead of failing them.
        #[arg(long)]
        lossy: bool,
        /// Refuse inputs larger than this (bytes, or with K, M, G: 500M, 2G).
        #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
        max_input: u64,
    },
    /// List every figure with its place, kind, value, unit and subject.
    Figures {
        #[command(flatten)]
        input: InputArgs,
        /// How to print the list.
        #[arg(long, value_enum, default_value_t = FiguresFormat::Table)]
        format: FiguresFormat,
    },
}

#[derive(clap::Args, Clone)]
struct InputArgs {
    /// Input file (.txt in any common encoding, .docx, .html web page, .pdf, or gongwen .xml);
    /// `-` reads standard input.
    input: PathBuf,
    /// Decode the input with this encoding instead of detecting it (utf-8, gb18030, big5, utf-16le …).
    #[arg(long)]
    encoding: Option<String>,
    /// Replace undecodable bytes with U+FFFD instead of stopping.
    #[arg(long)]
    lossy: bool,
    /// Refuse inputs larger than this (bytes, or with K, M, G: 500M, 2G).
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    max_input: u64,
}

/// Parses a size in bytes, with an optional binary suffix (K, M, G, also KiB, MB …).
fn parse_size(s: &str) -> Result<u64, String> {
    let t = s.trim();
    let digits = t.find(|c: char| !c.is_ascii_digit()).unwrap_or(t.len());
    let (number, suffix) = t.split_at(digits);
    let shift = match suffix.trim().to_ascii_lowercase().as_str() {
        "" | "b" => 0,
        "k" | "kb" | "kib" => 10,
        "m" | "mb" | "mib" => 20,
        "g" | "gb" | "gib" => 30,
        _ => return Err(format!("`{s}` is not a size (e.g. 256M, 1G or bytes)")),
    };
    number
        .parse::<u64>()
        .ok()
        .and_then(|n| n.checked_mul(1 << shift))
        .ok_or_else(|| format!("`{s}` is not a size (e.g. 256M, 1G or bytes)"))
}

#[derive(Clone, Copy, ValueEnum)]
enum ToFormat {
    Xml,
    Json,
    Docx,
    Pdf,
    Md,
}

#[derive(clap::Args)]
struct DocxArgs {
    /// DOCX: highlight every figure in yellow, for proofreading the numbers.
    #[arg(long)]
    highlight_figures: bool,
    /// DOCX: the 公文 fonts (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体; their GBK editions for a text
    /// beyond GB2312), or fonts every system has.
    #[arg(long, value_enum, default_value_t = FontsArg::Gongwen)]
    fonts: FontsArg,
    /// DOCX and PDF: print ASCII , : ; ( ) ? ! inside Chinese text full-width (，：；（）？！).
    #[arg(long)]
    fix_punctuation: bool,
}

impl DocxArgs {
    /// The writer's options these flags ask for.
    fn options(&self) -> DocxOptions {
        DocxOptions {
            highlight_figures: self.highlight_figures,
            fonts: match self.fonts {
                FontsArg::Gongwen => Fonts::Gongwen,
                FontsArg::Plain => Fonts::Plain,
            },
            fix_punctuation: self.fix_punctuation,
            ..Default::default()
        }
    }
}

/// 公文 elements the text does not carry (GB/T 9704-2012); the writers set them where the
/// standard puts them. A front-matter block at the top of a text file gives them too.
#[derive(clap::Args)]
#[command(next_help_heading = "公文 elements")]
struct ElementArgs {
    /// 发文机关标志, e.g. `天津市静海区人民政府文件`.
    #[arg(long, value_name = "TEXT")]
    issuer_mark: Option<String>,
    /// 发文字号, e.g. `静海政发〔2021〕5号`.
    #[arg(long, value_name = "TEXT")]
    doc_number: Option<String>,
    /// 签发人, for a report to a higher authority.
    #[arg(long, value_name = "NAME")]
    signer: Option<String>,
    /// 主送机关, e.g. `天津市人民政府：`.
    #[arg(long, value_name = "TEXT")]
    recipient: Option<String>,
    /// 发文机关署名.
    #[arg(long, value_name = "TEXT")]
    signature: Option<String>,
    /// 成文日期, e.g. `2021年3月29日`.
    #[arg(long, value_name = "TEXT")]
    date: Option<String>,
    /// Another element, `KEY=TEXT` (repeatable): copy-number, secrecy, urgency, remark, cc,
    /// printer, or an element's Chinese name (份号, 密级, 紧急程度, 附注, 抄送, 印发 …).
    #[arg(long = "set", value_name = "KEY=TEXT")]
    set: Vec<String>,
    /// The form: standard (文件), letter (信函) or minutes (纪要).
    #[arg(long, value_name = "FORM", value_parser = parse_form)]
    form: Option<Form>,
    /// A seal is affixed: the date stands four characters from the right and the signature is
    /// centred over it.
    #[arg(long)]
    seal: bool,
}

impl ElementArgs {
    /// Sets the elements and the layout these options give in the report's metadata.
    fn apply(&self, meta: &mut Meta) -> Result<()> {
        let named = [
            ("issuer-mark", &self.issuer_mark),
            ("doc-number", &self.doc_number),
            ("signer", &self.signer),
            ("recipient", &self.recipient),
            ("signature", &self.signature),
            ("date", &self.date),
        ];
        for (key, text) in named {
            if let Some(text) = text {
                meta.set(key, text).map_err(|e| anyhow!("--{key}: {e}"))?;
            }
        }
        for pair in &self.set {
            let (key, text) = pair
                .split_once('=')
                .ok_or_else(|| anyhow!("--set {pair}: give KEY=TEXT, e.g. --set 密级=机密"))?;
            meta.set(key, text)
                .map_err(|e| anyhow!("--set {pair}: {e}"))?;
        }
        if let Some(form) = self.form {
            meta.layout.form = form;
        }
        meta.layout.seal |= self.seal;
        Ok(())
    }
}

fn parse_form(s: &str) -> Result<Form, String> {
    Form::from_name(s).ok_or_else(|| format!("`{s}` is not a form: standard, letter or minutes"))
}

#[derive(Clone, Copy, ValueEnum)]
enum FontsArg {
    Gongwen,
    Plain,
}

fn parse_pdfa(s: &str) -> Result<PdfA, String> {
    PdfA::from_name(s).ok_or_else(|| format!("`{s}` is not a PDF/A level (use 2b or 3b)"))
}

fn parse_font(s: &str) -> Result<(Role, PathBuf), String> {
    gongwen::format::pdf::fonts::parse_font_arg(s)
        .ok_or_else(|| format!("`{s}` is not ROLE=PATH (roles: body, title, heading1, heading2)"))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    En,
    Zh,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Deny {
    Warnings,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FiguresFormat {
    Table,
    Csv,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    #[cfg(unix)]
    remove_partial_output_on_signals();
    let verbose = cli.verbose;
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e, verbose);
            ExitCode::from(2)
        }
    }
}

/// Prints an error: one line (the chain joined with `: `, and what to do about an I/O error), or
/// with `--verbose` one cause a line.
fn report_error(e: &anyhow::Error, verbose: bool) {
    // Library errors that wrap an I/O error display it as their own message: print it once.
    let mut messages: Vec<String> = Vec::new();
    for cause in e.chain() {
        let message = cause.to_string();
        if messages.last() != Some(&message) {
            messages.push(message);
        }
    }
    let hint = e
        .chain()
        .find_map(|c| c.downcast_ref::<io::Error>())
        .and_then(io_hint);
    if verbose {
        let mut lines = messages.iter();
        if let Some(first) = lines.next() {
            eprintln!("gongwen: {first}");
        }
        for cause in lines {
            eprintln!("  caused by: {cause}");
        }
        if let Some(hint) = hint {
            eprintln!("  help: {hint}");
        }
    } else {
        let mut line = messages.join(": ");
        if let Some(hint) = hint {
            line.push_str(" (");
            line.push_str(hint);
            line.push(')');
        }
        eprintln!("gongwen: {line}");
    }
}

/// What to do about an I/O error, where the error itself does not say.
fn io_hint(e: &io::Error) -> Option<&'static str> {
    Some(match e.kind() {
        io::ErrorKind::NotFound => "check the path",
        io::ErrorKind::PermissionDenied => "check the file's permissions",
        io::ErrorKind::IsADirectory => "give a file, not a directory",
        io::ErrorKind::StorageFull | io::ErrorKind::QuotaExceeded | io::ErrorKind::FileTooLarge => {
            "free some space or write elsewhere; an existing output was left as it was"
        }
        io::ErrorKind::ReadOnlyFilesystem => "write the output elsewhere",
        _ => return None,
    })
}

/// On Ctrl-C, SIGTERM or SIGHUP, deletes the temporary file of an output being written before
/// exiting, so an interrupted conversion leaves neither a partial file nor litter; the previous
/// output, if any, is untouched. SIGXFSZ (over the file size limit) is caught too, so that
/// writing past the limit fails as an error, which removes the temporary file, instead of
/// killing the process.
#[cfg(unix)]
fn remove_partial_output_on_signals() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM, SIGXFSZ};
    let ignored = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let _ = signal_hook::flag::register(SIGXFSZ, ignored);
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM, SIGHUP]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            gongwen::output::remove_temp_files();
            eprintln!("gongwen: interrupted");
            std::process::exit(128 + signal);
        }
    });
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

fn run(cli: Cli) -> Result<ExitCode> {
    let verbose = cli.verbose;
    match cli.command {
        Command::Convert {
            input,
            output,
            to,
            docx,
            pdfa,
            font,
            elements,
        } => {
            let options = WriteOptions {
                docx: docx.options(),
                pdf: format::pdf::PdfOptions {
                    pdfa,
                    fonts: font,
                    system_fonts: true,
                    created: None,
                    fix_punctuation: docx.fix_punctuation,
                },
            };
            convert(&input, output.as_deref(), to, &elements, &options)
        }
        Command::Check {
            input,
            more,
            format,
            lang,
            deny,
            allow,
            annotate,
            output,
            docx,
        } => {
            let annotate = match (annotate, output) {
                (true, Some(path)) => Some((path, docx.options())),
                (true, None) => bail!(
                    "--annotate needs -o REVIEWED.docx: the document with the findings as comments is written there"
                ),
                (false, Some(path)) => bail!(
                    "{}: -o is for --annotate; check prints its findings to standard output",
                    path.display()
                ),
                (false, None) => None,
            };
            // A directory stands for the reports below it.
            let mut inputs: Vec<InputArgs> = Vec::new();
            for path in std::iter::once(input.input.clone()).chain(more) {
                let files = if path.is_dir() {
                    let files = gongwen::archive::reports_in(&path, None)?;
                    if files.is_empty() {
                        bail!(
                            "{}: no reports in this directory (.txt .docx .html .xml .pdf)",
                            path.display()
                        );
                    }
                    files
                } else {
                    vec![path]
                };
                inputs.extend(files.into_iter().map(|input_path| InputArgs {
                    input: input_path,
                    ..input.clone()
                }));
            }
            if annotate.is_some() && inputs.len() > 1 {
                bail!("--annotate takes one input: check the others without it");
            }
            let options = CheckOptions {
                format,
                lang: match lang {
                    LangArg::En => Lang::En,
                    LangArg::Zh => Lang::Zh,
                },
                deny_warnings: deny.is_some(),
                verbose,
            };
            check(&inputs, &options, &allow, annotate)
        }
        Command::Figures { input, format } => figures(&input, format),
        Command::Archive {
            inputs,
            output,
            jobs,
            pdfa,
            font,
            encoding,
            lossy,
            max_input,
        } => {
            let encoding = encoding
                .as_deref()
                .map(gongwen::decode::encoding_for_name)
                .transpose()
                .context("--encoding")?;
            let options = gongwen::archive::ArchiveOptions {
                jobs: jobs.unwrap_or_else(|| {
                    std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
                }),
                pdfa,
                pdf: format::pdf::PdfOptions {
                    pdfa: Some(pdfa),
                    fonts: font,
                    system_fonts: true,
                    created: None,
                    fix_punctuation: false,
                },
                read: ReadOptions { encoding, lossy },
                max_input,
            };
            archive(&inputs, &output, &options)
        }
    }
}

/// Archives the inputs, printing a line on standard error as each one finishes.
fn archive(
    inputs: &[PathBuf],
    dir: &Path,
    options: &gongwen::archive::ArchiveOptions,
) -> Result<ExitCode> {
    use gongwen::archive::{self, Outcome};
    let jobs = archive::plan(inputs, dir)?;
    if jobs.is_empty() {
        bail!("no reports found in the inputs (.txt .docx .html .xml .pdf)");
    }
    let total = jobs.len();
    let mut done = 0;
    let summary = archive::run(&jobs, dir, options, |index, outcome, entry| {
        done += 1;
        let input = display_name(&jobs[index].input);
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
    })?;
    eprintln!(
        "archived {}, unchanged {}, failed {}: {}",
        summary.archived,
        summary.unchanged,
        summary.failed,
        dir.join(archive::MANIFEST).display()
    );
    Ok(if summary.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// The name to print for an input in messages: on one line, whatever bytes it holds (a newline
/// in a file name is printed `\n`).
fn display_name(path: &Path) -> String {
    if path == Path::new("-") {
        return "<stdin>".to_string();
    }
    let mut name = String::new();
    for c in path.display().to_string().chars() {
        if c.is_control() {
            name.extend(c.escape_default());
        } else {
            name.push(c);
        }
    }
    name
}

/// Reads an input whole, refusing one over `--max-input` before reading it (from the file's
/// length) or as soon as more arrives (standard input, devices).
fn read_bytes(args: &InputArgs) -> Result<Vec<u8>> {
    let name = display_name(&args.input);
    let limit = args.max_input;
    // Suggest a limit the input fits in, in MiB.
    let too_large = |size: String, needed: u64| {
        anyhow::anyhow!(
            "{name}: the input is {size} bytes, over the limit of {limit} bytes; if it really is \
             one report, raise the limit with --max-input {}M",
            needed.div_ceil(1 << 20).max(1)
        )
    };
    let mut bytes = Vec::new();
    let read = if args.input == Path::new("-") {
        io::stdin()
            .lock()
            .take(limit.saturating_add(1))
            .read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(&args.input).with_context(|| name.clone())?;
        let length = file.metadata().with_context(|| name.clone())?.len();
        if length > limit {
            return Err(too_large(length.to_string(), length));
        }
        file.take(limit.saturating_add(1)).read_to_end(&mut bytes)
    };
    read.with_context(|| name.clone())?;
    if bytes.len() as u64 > limit {
        return Err(too_large(
            format!("more than {limit}"),
            limit.saturating_mul(2),
        ));
    }
    Ok(bytes)
}

fn read_input(args: &InputArgs) -> Result<Document> {
    let name = display_name(&args.input);
    let bytes = read_bytes(args)?;
    let options = ReadOptions {
        encoding: args
            .encoding
            .as_deref()
            .map(gongwen::decode::encoding_for_name)
            .transpose()
            .with_context(|| name.clone())?,
        lossy: args.lossy,
    };
    let path = (args.input != Path::new("-")).then_some(args.input.as_path());
    let input_format = InputFormat::detect(path, &bytes);
    let document = format::read(bytes, input_format, &options).with_context(|| name.clone())?;
    warn_replaced(&name, &document);
    Ok(document)
}

/// Says on standard error how many characters `--lossy` replaced, and where the first one is.
fn warn_replaced(name: &str, document: &Document) {
    let replaced = document.report.meta.replaced;
    if replaced == 0 {
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

fn convert(
    input: &InputArgs,
    output: Option<&Path>,
    to: Option<ToFormat>,
    elements: &ElementArgs,
    options: &WriteOptions,
) -> Result<ExitCode> {
    let to_stdout = output.is_none_or(|o| o == Path::new("-"));
    let format = match (to, output) {
        (Some(ToFormat::Xml), _) => OutputFormat::Xml,
        (Some(ToFormat::Json), _) => OutputFormat::Json,
        (Some(ToFormat::Docx), _) => OutputFormat::Docx,
        (Some(ToFormat::Pdf), _) => OutputFormat::Pdf,
        (Some(ToFormat::Md), _) => OutputFormat::Markdown,
        (None, Some(path)) if !to_stdout => match OutputFormat::from_path(path) {
            Some(f) => f,
            None => bail!(
                "{}: cannot tell the output format from the extension; use --to xml, json, docx, pdf or md",
                path.display()
            ),
        },
        (None, _) => bail!("no output: give -o OUTPUT.xml, or -o - with --to xml"),
    };
    if let Some(out) = output.filter(|_| !to_stdout)
        && gongwen::output::same_file(&input.input, out)
    {
        bail!("{}: the output would overwrite the input", out.display());
    }
    let mut document = read_input(input)?;
    elements.apply(&mut document.report.meta)?;
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
    Ok(ExitCode::SUCCESS)
}

fn figures(input: &InputArgs, format: FiguresFormat) -> Result<ExitCode> {
    let document = read_input(input)?;
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
struct CheckOptions {
    format: CheckFormat,
    lang: Lang,
    deny_warnings: bool,
    verbose: bool,
}

/// Checks each input and prints its findings: text one file after another, JSON one object (an
/// array of them for several inputs), SARIF one log. An input that cannot be read is reported and
/// the others are still checked. Exit 2 if an input could not be read, else 1 if a check failed.
fn check(
    inputs: &[InputArgs],
    options: &CheckOptions,
    allow: &[String],
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
        if inputs
            .iter()
            .any(|i| gongwen::output::same_file(&i.input, path))
        {
            bail!("{}: the output would overwrite the input", path.display());
        }
    }
    for rule in allow {
        if !gongwen::check::RULES.iter().any(|r| r.id == rule) {
            let ids: Vec<&str> = gongwen::check::RULES.iter().map(|r| r.id).collect();
            bail!("--allow {rule}: no such rule (rules: {})", ids.join(", "));
        }
    }
    let lang = options.lang;
    let several = inputs.len() > 1;
    // Findings are written out as they are rendered, not collected first (SARIF's single log
    // holds every document until the end). A reader that stops early changes nothing else.
    let mut out = io::BufWriter::new(gongwen::output::UntilClosed::new(io::stdout().lock()));
    let stdout_error = |e: io::Error| anyhow::Error::new(e).context("<stdout>: cannot write");
    let mut checked: Vec<(String, Document, Vec<gongwen::diag::Finding>)> = Vec::new();
    let (mut failed, mut unreadable, mut written) = (false, 0, 0);
    if several && matches!(options.format, CheckFormat::Json) {
        out.write_all(b"[\n").map_err(stdout_error)?;
    }
    for input in inputs {
        let name = display_name(&input.input);
        let document = match read_input(input) {
            Ok(document) => document,
            Err(e) if several => {
                out.flush().map_err(stdout_error)?;
                report_error(&e, options.verbose);
                unreadable += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let mut findings = gongwen::check::check(&document.report).findings;
        findings.retain(|f| !allow.iter().any(|a| a == f.rule.id));
        let summary = render::Summary::of(&findings);
        failed |= summary.errors > 0 || (options.deny_warnings && summary.warnings > 0);
        if let Some((path, docx_options)) = &annotate {
            let bytes =
                gongwen::format::docx::annotate(&document.report, &findings, lang, docx_options)
                    .with_context(|| name.clone())?;
            gongwen::output::write_atomic(path, &bytes)
                .with_context(|| format!("{}: cannot write", path.display()))?;
        }
        let one = render::Checked {
            name: &name,
            document: &document,
            findings: &findings,
        };
        match options.format {
            CheckFormat::Text => render::write_text(&mut out, &one, lang),
            CheckFormat::Json => {
                if written > 0 {
                    out.write_all(b",\n").map_err(stdout_error)?;
                }
                render::write_json(&mut out, &one, lang)
            }
            CheckFormat::Sarif => {
                checked.push((name, document, findings));
                Ok(())
            }
        }
        .map_err(stdout_error)?;
        written += 1;
    }
    match options.format {
        CheckFormat::Json if several => out.write_all(b"]\n"),
        CheckFormat::Sarif => {
            let all: Vec<render::Checked> = checked
                .iter()
                .map(|(name, document, findings)| render::Checked {
                    name,
                    document,
                    findings,
                })
                .collect();
            render::write_sarif(&mut out, &all, lang)
        }
        _ => Ok(()),
    }
    .and_then(|()| out.flush())
    .map_err(stdout_error)?;
    Ok(if unreadable > 0 {
        ExitCode::from(2)
    } else if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
