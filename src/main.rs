//! The `gongwen` command line: argument parsing, file I/O and exit codes. Everything else is the
//! library.

use anyhow::{Context, Result, anyhow, bail};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use gongwen::diag::Lang;
use gongwen::diag::render::Summary;
use gongwen::format::docx::{DocxOptions, Fonts};
use gongwen::format::pdf::PdfA;
use gongwen::format::pdf::fonts::Role;
use gongwen::format::{self, OutputFormat, WriteOptions};
use gongwen::model::{Form, Meta};
use gongwen::reporter::{Input, Policy, ReportFormat, ReportOptions, Reporter, display_name};
use gongwen::{Document, ReadOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// `-q`: no warnings and no progress on standard error, only errors (set once, from the
/// arguments, before any work; read wherever a warning or progress would be printed).
static QUIET: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

fn quiet() -> bool {
    QUIET.load(std::sync::atomic::Ordering::Relaxed)
}

/// See Cargo.toml: memory freed while a long document is converted is reused and returned.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// Read, check and convert Chinese official reports (公文).
#[derive(Parser)]
#[command(name = "gongwen", version, about)]
struct Cli {
    /// On an error, print what caused it, one cause a line; on success, say what was written.
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    verbose: bool,
    /// Print no warnings and no progress, only errors.
    #[arg(long, short, global = true)]
    quiet: bool,
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
        /// Report files, or directories to search for them (.txt .docx .html .htm .shtml .xml).
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
        /// Also write each report's review page (NAME.html) beside its PDF.
        #[arg(long)]
        review: bool,
        /// With --review: the language of the pages.
        #[arg(long, value_enum, default_value_t = LangArg::En, requires = "review")]
        lang: LangArg,
    },
    /// Print a completion script for a shell (e.g. `gongwen completions bash > ~/.local/share/bash-completion/completions/gongwen`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), e.g. `gongwen manpage > gongwen.1`.
    Manpage,
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
    /// Input file (.txt in any common encoding, .docx, .html/.htm/.shtml web page, or gongwen
    /// .xml); `-` reads standard input.
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
    #[arg(long, value_enum)]
    fonts: Option<FontsArg>,
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
                None | Some(FontsArg::Gongwen) => Fonts::Gongwen,
                Some(FontsArg::Plain) => Fonts::Plain,
            },
            fix_punctuation: self.fix_punctuation,
            ..Default::default()
        }
    }

    /// The DOCX flags given, by name.
    fn given(&self) -> Vec<&'static str> {
        let flags = [
            ("--highlight-figures", self.highlight_figures),
            ("--fonts", self.fonts.is_some()),
            ("--fix-punctuation", self.fix_punctuation),
        ];
        flags.iter().filter(|f| f.1).map(|f| f.0).collect()
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
    /// A review page (with -o: a file; for several inputs, an index page with the pages beside it).
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum LangArg {
    En,
    Zh,
}

impl From<LangArg> for Lang {
    fn from(lang: LangArg) -> Lang {
        match lang {
            LangArg::En => Lang::En,
            LangArg::Zh => Lang::Zh,
        }
    }
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
    QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
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
            // The flags given that apply to some output formats only.
            let mut given: Vec<(&str, &[OutputFormat])> = Vec::new();
            for flag in docx.given() {
                let pdf_too = flag == "--fix-punctuation";
                given.push((
                    flag,
                    if pdf_too {
                        &[OutputFormat::Docx, OutputFormat::Pdf]
                    } else {
                        &[OutputFormat::Docx]
                    },
                ));
            }
            if options.pdf.pdfa.is_some() {
                given.push(("--pdfa", &[OutputFormat::Pdf]));
            }
            if !options.pdf.fonts.is_empty() {
                given.push(("--font", &[OutputFormat::Pdf]));
            }
            let target = Target {
                output: output.as_deref(),
                to,
                given: &given,
            };
            convert(&input, &target, &elements, &options, cli.verbose)
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
            let html = format == CheckFormat::Html;
            if let Some(flag) = docx.given().first().filter(|_| !annotate) {
                bail!(
                    "{flag} applies to the reviewed DOCX of --annotate: drop it, or add --annotate -o REVIEWED.docx"
                );
            }
            let (annotate, html_output) = match (annotate, output) {
                (true, _) if html => bail!(
                    "--annotate and --format html both write to -o: make the reviewed DOCX and the review page in two runs"
                ),
                (true, Some(path)) => (Some((path, docx.options())), None),
                (true, None) => bail!(
                    "--annotate needs -o REVIEWED.docx: the document with the findings as comments is written there"
                ),
                (false, Some(path)) if html => (None, Some(path)),
                (false, Some(path)) => bail!(
                    "{}: -o is for --annotate and --format html; check prints its findings to standard output",
                    path.display()
                ),
                (false, None) => (None, None),
            };
            // A directory stands for the reports below it.
            let mut inputs: Vec<Input> = Vec::new();
            for path in std::iter::once(input.input.clone()).chain(more) {
                let files = if path.is_dir() {
                    let files = gongwen::archive::reports_in(&path, None)?;
                    if files.is_empty() {
                        bail!(
                            "{}: no reports in this directory (.txt .docx .html .xml)",
                            path.display()
                        );
                    }
                    files
                } else {
                    vec![path]
                };
                for file in files {
                    inputs.push(input_of(&input, file)?);
                }
            }
            if annotate.is_some() && inputs.len() > 1 {
                bail!("--annotate takes one input: check the others without it");
            }
            let options = CheckOptions {
                format: match format {
                    CheckFormat::Text => ReportFormat::Text,
                    CheckFormat::Json => ReportFormat::Json,
                    CheckFormat::Sarif => ReportFormat::Sarif,
                    CheckFormat::Html => ReportFormat::Html,
                },
                lang: lang.into(),
                policy: Policy::new(&allow, deny.is_some())?,
                verbose,
                html_output,
            };
            check(&inputs, &options, annotate)
        }
        Command::Figures { input, format } => figures(&input, format),
        Command::Completions { shell } => {
            let mut out = Vec::new();
            clap_complete::generate(shell, &mut Cli::command(), "gongwen", &mut out);
            write_stdout(&out)
        }
        Command::Manpage => {
            let mut out = Vec::new();
            clap_mangen::Man::new(Cli::command()).render(&mut out)?;
            write_stdout(&out)
        }
        Command::Archive {
            inputs,
            output,
            jobs,
            pdfa,
            font,
            encoding,
            lossy,
            max_input,
            review,
            lang,
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
                review: review.then_some(lang.into()),
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
        bail!("no reports found in the inputs (.txt .docx .html .xml)");
    }
    let total = jobs.len();
    let mut done = 0;
    let summary = archive::run(&jobs, dir, options, |index, outcome, entry| {
        done += 1;
        if quiet() && outcome != Outcome::Failed {
            return;
        }
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
    if !quiet() {
        eprintln!(
            "archived {}, unchanged {}, failed {}: {}",
            summary.archived,
            summary.unchanged,
            summary.failed,
            dir.join(archive::MANIFEST).display()
        );
    }
    Ok(if summary.failed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

/// How an input's flags ask to read it.
fn input_of(args: &InputArgs, path: PathBuf) -> Result<Input> {
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

fn read_input(input: &Input) -> Result<Document> {
    let name = input.name();
    let document = input.read().with_context(|| name.clone())?;
    warn_replaced(&name, &document);
    Ok(document)
}

/// Says on standard error how many characters `--lossy` replaced, and where the first one is.
fn warn_replaced(name: &str, document: &Document) {
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
struct Target<'a> {
    output: Option<&'a Path>,
    to: Option<ToFormat>,
    given: &'a [(&'a str, &'a [OutputFormat])],
}

/// The name of an output format in messages.
fn format_name(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::Xml => "XML",
        OutputFormat::Json => "JSON",
        OutputFormat::Docx => "DOCX",
        OutputFormat::Pdf => "PDF",
        _ => "Markdown",
    }
}

fn convert(
    input: &InputArgs,
    target: &Target<'_>,
    elements: &ElementArgs,
    options: &WriteOptions,
    verbose: bool,
) -> Result<ExitCode> {
    let Target { output, to, given } = *target;
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
    for (flag, formats) in given {
        if !formats.contains(&format) {
            let names: Vec<&str> = formats.iter().map(|f| format_name(*f)).collect();
            bail!(
                "{flag} applies to {} output, not {}: drop it, or write {}",
                names.join(" and "),
                format_name(format),
                names.join(" or ")
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
fn progress(input: &Path, format: OutputFormat) -> Option<indicatif::ProgressBar> {
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

fn write_stdout(bytes: &[u8]) -> Result<ExitCode> {
    io::stdout()
        .lock()
        .write_all(bytes)
        .context("<stdout>: cannot write")?;
    Ok(ExitCode::SUCCESS)
}

fn figures(input: &InputArgs, format: FiguresFormat) -> Result<ExitCode> {
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
struct CheckOptions {
    format: ReportFormat,
    lang: Lang,
    policy: Policy,
    verbose: bool,
    /// The review page (or, for several inputs, the index page) to write.
    html_output: Option<PathBuf>,
}

/// Checks each input and reports its findings. An input that cannot be read is reported and the
/// others are still checked. Exit 2 if an input could not be read, else 1 if a check failed.
fn check(
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
fn reporter_error(e: gongwen::Error) -> anyhow::Error {
    match e {
        gongwen::Error::Io(e) => anyhow::Error::new(e).context("<stdout>: cannot write"),
        e => e.into(),
    }
}

/// Checks the inputs, reporting to `out`; returns the exit code and `out`.
fn check_into<W: Write>(
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
        style_shown: (!options.verbose).then_some(3),
    };
    let mut reporter = Reporter::begin(out, &report).map_err(reporter_error)?;
    let (mut failed, mut unreadable) = (false, 0);
    for input in inputs {
        let document = match read_input(input) {
            Ok(document) => document,
            Err(e) if several => {
                reporter.flush().context("<stdout>: cannot write")?;
                report_error(&e, options.verbose);
                reporter.unreadable(&input.path, &format!("{e:#}"));
                unreadable += 1;
                continue;
            }
            Err(e) => return Err(e),
        };
        let outcome = options.policy.check(&document);
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
            .map_err(reporter_error)?;
    }
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
