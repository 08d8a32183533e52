//! The `gongwen` command line: arguments → options → a library call → an exit code. The
//! arguments are in `cli/args.rs`, what each command does in `cli/commands.rs`; everything else
//! is the library.

mod cli;

use anyhow::{Context, Result, bail};
use clap::{CommandFactory, FromArgMatches};
use cli::args::{ArchiveCommand, CheckFormat, Cli, Command};
use cli::commands::{self, CheckOptions, Target, input_of, write_stdout};
use cli::{is_broken_pipe, report_error};
use gongwen::ReadOptions;
use gongwen::format::{self, OutputFormat, WriteOptions, option_formats};
use gongwen::reporter::{Input, Policy, ReportFormat};
use std::process::ExitCode;

/// See Cargo.toml: memory freed while a long document is converted is reused and returned.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let mut command = Cli::command();
    let zh = cli::zh::asked(&args);
    if zh {
        command = cli::zh::localize(command);
    }
    let parsed = command
        .try_get_matches_from(&args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    let cli = match parsed {
        Ok(cli) => cli,
        Err(e) => {
            match cli::zh::usage_error(&e).filter(|_| zh && e.use_stderr()) {
                Some(message) => eprintln!("{message}"),
                None => {
                    let _ = e.print();
                }
            }
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    #[cfg(unix)]
    cli::remove_partial_output_on_signals();
    let verbose = cli.verbose;
    let zh = cli.lang == cli::args::LangArg::Zh;
    cli::QUIET.store(cli.quiet, std::sync::atomic::Ordering::Relaxed);
    match run(cli) {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            report_error(&e, verbose, zh);
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let verbose = cli.verbose;
    let lang = cli.lang;
    let reviews = matches!(
        cli.command,
        Command::Check { .. } | Command::Archive { review: true, .. }
    );
    if lang == cli::args::LangArg::Zh && !reviews {
        bail!(
            "--lang zh applies to the findings of check, the pages of archive --review and the help (--lang zh --help)"
        );
    }
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
                ofd: Default::default(),
            };
            // The flags given that apply to some output formats only.
            let mut given: Vec<(&str, &[OutputFormat])> = docx.given();
            if options.pdf.pdfa.is_some() {
                given.push(("--pdfa", option_formats("pdfa")));
            }
            if !options.pdf.fonts.is_empty() {
                given.push(("--font", option_formats("font")));
            }
            let target = Target {
                output: output.as_deref(),
                to: to.as_deref(),
                given: &given,
            };
            commands::convert(&input, &target, &elements, &options, cli.verbose)
        }
        Command::Check {
            input,
            more,
            format,
            deny,
            allow,
            annotate,
            output,
            docx,
        } => {
            let html = format == CheckFormat::Html;
            if let Some((flag, _)) = docx.given().first().filter(|_| !annotate) {
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
                (false, Some(path)) if html => (None, Some(path).filter(|p| p.as_os_str() != "-")),
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
                            "{}: no reports in this directory ({})",
                            path.display(),
                            cli::input_extensions()
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
            commands::check(&inputs, &options, annotate)
        }
        Command::Figures { input, format } => commands::figures(&input, format),
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
            merge: Some(ArchiveCommand::Merge { dir }),
            ..
        } => commands::merge(&dir),
        Command::Archive {
            merge: None,
            inputs,
            output,
            shard,
            shards,
            jobs,
            format: archive_format,
            pdfa,
            font,
            encoding,
            lossy,
            max_input,
            review,
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
                format: archive_format,
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
            let output = output.context("archive needs the archive directory: -o DIR")?;
            let shard = commands::shard(shard, shards)?;
            commands::archive(&inputs, &output, shard, &options)
        }
    }
}
