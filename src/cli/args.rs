//! The command line's arguments (clap): the commands, their flags and the parsers of flag values.

use anyhow::{Result, anyhow};
use clap::{Parser, Subcommand, ValueEnum};
use gongwen::diag::Lang;
use gongwen::format::docx::{DocxOptions, Fonts};
use gongwen::format::pdf::PdfA;
use gongwen::format::pdf::fonts::Role;
use gongwen::format::{OutputFormat, option_formats};
use gongwen::model::{Form, Meta};
use std::path::PathBuf;

/// Read, check and convert Chinese official reports (公文).
#[derive(Parser)]
#[command(name = "gongwen", version, about)]
pub struct Cli {
    /// On an error, print what caused it, one cause a line; on success, say what was written.
    #[arg(long, short, global = true, conflicts_with = "quiet")]
    pub verbose: bool,
    /// Print no warnings and no progress, only errors.
    #[arg(long, short, global = true)]
    pub quiet: bool,
    /// Language of the findings, the review page and the help (`--lang zh --help`).
    #[arg(long, value_enum, global = true, default_value_t = LangArg::En)]
    pub lang: LangArg,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Convert a report to another format (from -o's extension, or --to).
    Convert {
        #[command(flatten)]
        input: InputArgs,
        /// Output file, or `-` for standard output.
        #[arg(short, long, value_name = "OUTPUT")]
        output: Option<PathBuf>,
        /// Output format; needed when -o is `-` or has no known extension.
        #[arg(long, value_name = "FORMAT", value_parser = clap::builder::PossibleValuesParser::new(gongwen::format::output_names()))]
        to: Option<String>,
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
    /// Archive many reports: PDF/A or OFD-A with the XML attached, the XML, a checksummed manifest.
    ///
    /// For each report, DIR gets a PDF/A (or OFD-A) and its XML under the same relative path;
    /// DIR/manifest.jsonl records every input and output with its SHA-256, DIR/SHA256SUMS lists
    /// the outputs for `sha256sum -c`. Several files are converted at once; run the same command
    /// again to resume where it stopped: inputs already archived are skipped. With --shard,
    /// one part of the run; `archive merge DIR` joins the parts.
    #[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
    Archive {
        /// Join the shards archived into a directory.
        #[command(subcommand)]
        merge: Option<ArchiveCommand>,
        /// Report files, or directories to search for them (.txt .docx .html .htm .shtml .pdf
        /// .ofd .xml).
        #[arg(required = true, value_name = "INPUT")]
        inputs: Vec<PathBuf>,
        /// The archive directory (created if needed).
        #[arg(short, long, value_name = "DIR", required = true)]
        output: Option<PathBuf>,
        /// Archive only part I of N (0 ≤ I < N; by a hash of each input's relative path) into
        /// DIR/manifest.I-of-N.jsonl; `auto` takes I (and N) from a Slurm array task or a
        /// Kubernetes Indexed Job. Join the parts with `archive merge DIR`.
        #[arg(long, value_name = "I/N|auto", value_parser = parse_shard)]
        shard: Option<ShardArg>,
        /// How many parts the run has, when the environment gives only I (implies --shard auto).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
        shards: Option<u32>,
        /// How many files to convert at once (default: one per CPU).
        #[arg(long, short = 'j', value_name = "N")]
        jobs: Option<usize>,
        /// Keep each report as PDF/A (`pdf`) or as OFD-A with its XML attached (`ofd`).
        #[arg(long, value_name = "FORMAT", value_parser = parse_archive_format, default_value = "pdf")]
        format: gongwen::archive::ArchiveFormat,
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
        /// Also write each report's review page (NAME.html, in the language of --lang) beside its
        /// PDF.
        #[arg(long)]
        review: bool,
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

/// What `archive` does besides archiving.
#[derive(Subcommand)]
pub enum ArchiveCommand {
    /// Check that every shard of a run archived into DIR is there, finished and consistent, then
    /// write DIR/manifest.jsonl and DIR/SHA256SUMS for the whole run.
    Merge {
        /// The archive directory the shards wrote into.
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

/// `--shard`: a part given, or one to take from the environment.
#[derive(Clone, Copy)]
pub enum ShardArg {
    /// `I/N`.
    Given(gongwen::archive::shard::Shard),
    /// `auto`.
    Auto,
}

fn parse_shard(text: &str) -> Result<ShardArg> {
    if text == "auto" {
        return Ok(ShardArg::Auto);
    }
    gongwen::archive::shard::Shard::parse(text)
        .map(ShardArg::Given)
        .ok_or_else(|| anyhow!("expected I/N with I below N (0/3, 1/3, 2/3) or auto"))
}

#[derive(clap::Args, Clone)]
pub struct InputArgs {
    /// Input file (.txt in any common encoding, .docx, .html/.htm/.shtml web page, .pdf with a
    /// text layer, .ofd, or gongwen .xml); `-` reads standard input.
    pub input: PathBuf,
    /// Decode the input with this encoding instead of detecting it (utf-8, gb18030, big5, utf-16le …).
    #[arg(long)]
    pub encoding: Option<String>,
    /// Replace undecodable bytes with U+FFFD instead of stopping.
    #[arg(long)]
    pub lossy: bool,
    /// Refuse inputs larger than this (bytes, or with K, M, G: 500M, 2G).
    #[arg(long, value_name = "BYTES", default_value = "256M", value_parser = parse_size)]
    pub max_input: u64,
}

/// Parses a size in bytes, with an optional binary suffix (K, M, G, also KiB, MB …).
pub fn parse_size(s: &str) -> Result<u64, String> {
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

#[derive(clap::Args)]
pub struct DocxArgs {
    /// DOCX: highlight every figure in yellow, for proofreading the numbers.
    #[arg(long)]
    pub highlight_figures: bool,
    /// DOCX: the 公文 fonts (仿宋_GB2312, 楷体_GB2312, 方正小标宋简体; their GBK editions for a text
    /// beyond GB2312), or fonts every system has.
    #[arg(long, value_enum)]
    pub fonts: Option<FontsArg>,
    /// DOCX and PDF: print ASCII , : ; ( ) ? ! inside Chinese text full-width (，：；（）？！).
    #[arg(long)]
    pub fix_punctuation: bool,
}

impl DocxArgs {
    /// The writer's options these flags ask for.
    pub fn options(&self) -> DocxOptions {
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

    /// The DOCX flags given, by name, with the output formats each applies to.
    pub fn given(&self) -> Vec<(&'static str, &'static [OutputFormat])> {
        let flags = [
            ("--highlight-figures", self.highlight_figures),
            ("--fonts", self.fonts.is_some()),
            ("--fix-punctuation", self.fix_punctuation),
        ];
        flags
            .iter()
            .filter(|f| f.1)
            .map(|&(flag, _)| (flag, option_formats(&flag[2..])))
            .collect()
    }
}

/// 公文 elements the text does not carry (GB/T 9704-2012); the writers set them where the
/// standard puts them. A front-matter block at the top of a text file gives them too.
#[derive(clap::Args)]
#[command(next_help_heading = "公文 elements")]
pub struct ElementArgs {
    /// 发文机关标志, e.g. `天津市静海区人民政府文件`.
    #[arg(long, value_name = "TEXT")]
    pub issuer_mark: Option<String>,
    /// 发文字号, e.g. `静海政发〔2021〕5号`.
    #[arg(long, value_name = "TEXT")]
    pub doc_number: Option<String>,
    /// 签发人, for a report to a higher authority.
    #[arg(long, value_name = "NAME")]
    pub signer: Option<String>,
    /// 主送机关, e.g. `天津市人民政府：`.
    #[arg(long, value_name = "TEXT")]
    pub recipient: Option<String>,
    /// 发文机关署名.
    #[arg(long, value_name = "TEXT")]
    pub signature: Option<String>,
    /// 成文日期, e.g. `2021年3月29日`.
    #[arg(long, value_name = "TEXT")]
    pub date: Option<String>,
    /// Another element, `KEY=TEXT` (repeatable): copy-number, secrecy, urgency, remark, cc,
    /// printer, or an element's Chinese name (份号, 密级, 紧急程度, 附注, 抄送, 印发 …).
    #[arg(long = "set", value_name = "KEY=TEXT")]
    pub set: Vec<String>,
    /// The form: standard (文件), letter (信函) or minutes (纪要).
    #[arg(long, value_name = "FORM", value_parser = parse_form)]
    pub form: Option<Form>,
    /// A seal is affixed: the date stands four characters from the right and the signature is
    /// centred over it.
    #[arg(long)]
    pub seal: bool,
}

impl ElementArgs {
    /// Sets the elements and the layout these options give in the report's metadata.
    pub fn apply(&self, meta: &mut Meta) -> Result<()> {
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

pub fn parse_form(s: &str) -> Result<Form, String> {
    Form::from_name(s).ok_or_else(|| format!("`{s}` is not a form: standard, letter or minutes"))
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FontsArg {
    Gongwen,
    Plain,
}

pub fn parse_pdfa(s: &str) -> Result<PdfA, String> {
    PdfA::from_name(s).ok_or_else(|| format!("`{s}` is not a PDF/A level (use 2b or 3b)"))
}

pub fn parse_archive_format(s: &str) -> Result<gongwen::archive::ArchiveFormat, String> {
    gongwen::archive::ArchiveFormat::from_name(s)
        .ok_or_else(|| format!("`{s}` is not an archive format (use pdf or ofd)"))
}

pub fn parse_font(s: &str) -> Result<(Role, PathBuf), String> {
    gongwen::format::pdf::fonts::parse_font_arg(s)
        .ok_or_else(|| format!("`{s}` is not ROLE=PATH (roles: body, title, heading1, heading2)"))
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    Text,
    Json,
    Sarif,
    /// A review page (with -o: a file; for several inputs, an index page with the pages beside it).
    Html,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
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
pub enum Deny {
    Warnings,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FiguresFormat {
    Table,
    Csv,
    Json,
}
