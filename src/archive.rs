//! Archiving many reports at once: for each input, PDF/A (or OFD-A) with the report's XML attached and the
//! XML beside it, a manifest with SHA-256 checksums, several files in parallel, resumable.
//!
//! [`plan`] turns the inputs (files, or directories searched for reports) into jobs, each with
//! the place of its outputs under the archive directory; two inputs that would write the same
//! output, or an output that would overwrite its input, stop the run before any work. An
//! archive may live among its inputs (`archive D -o D`, `archive D -o D/out`): what it wrote is
//! never an input, so it resumes as any other. A directory holding a `manifest.jsonl` gongwen
//! wrote is known as an archive, and the files its manifest lists as outputs are passed over by
//! a search of a directory ([`reports_in`], which `check` uses too) that finds other reports:
//! its XML copies are the same reports again. The rest of such a directory is searched as
//! usual, so an archive kept beside its inputs hides only its own files. [`run`] converts the
//! jobs on worker threads and appends one line to `manifest.jsonl` as each one finishes, so an
//! interrupted run loses nothing done: run again, and the inputs whose line says they were
//! archived (same input checksum, same options, outputs still as written) are skipped. At the
//! end the manifest is rewritten in input order, and `SHA256SUMS` lists every output in the
//! format `sha256sum -c` checks.
//!
//! File names are kept exactly, whatever bytes they hold: the outputs are named after the input
//! (`a\nb.txt` → `a\nb.pdf`), the manifest stores a name that is not UTF-8 as its bytes (see
//! `stored_path`), and `SHA256SUMS` escapes names the way GNU `sha256sum` does, so `sha256sum -c`
//! finds every file and the next run recognises every input.
//!
//! A run can be split into shards that separate processes or machines do on their own and that
//! are merged afterwards: see [`shard`].

use crate::error::{Error, Result};
use crate::format::pdf::{PdfA, PdfOptions};
use crate::format::{self, InputFormat};
use crate::output::{Outputs, Staged, same_file, write_atomic};
use crate::{Document, ReadOptions};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ffi::OsString;
use std::fs;
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

pub mod shard;

/// The journal and manifest, one JSON object a line.
pub const MANIFEST: &str = "manifest.jsonl";
/// Checksums of every output, as `sha256sum` writes them.
pub const CHECKSUMS: &str = "SHA256SUMS";

/// One input and where its outputs go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// The input file.
    pub input: PathBuf,
    /// The outputs' path under the archive directory, without extension (`sub/report`).
    pub stem: PathBuf,
}

impl Job {
    /// The stem with an extension added (not replaced: `a.orig` → `a.orig.pdf`).
    fn with(&self, extension: &str) -> PathBuf {
        let mut name = self.stem.clone().into_os_string();
        name.push(".");
        name.push(extension);
        PathBuf::from(name)
    }

    fn output(&self, dir: &Path, extension: &str) -> PathBuf {
        dir.join(self.with(extension))
    }

    fn relative(&self, extension: &str) -> PathBuf {
        portable(&self.with(extension))
    }
}

/// The fixed-layout format an archive keeps each report in, beside its XML.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArchiveFormat {
    /// PDF/A at the level of [`ArchiveOptions::pdfa`].
    #[default]
    Pdf,
    /// OFD-A (GB/T 42133), the report's XML attached.
    Ofd,
}

impl ArchiveFormat {
    /// Parses `pdf` or `ofd`.
    pub fn from_name(name: &str) -> Option<ArchiveFormat> {
        match name.to_ascii_lowercase().as_str() {
            "pdf" => Some(ArchiveFormat::Pdf),
            "ofd" => Some(ArchiveFormat::Ofd),
            _ => None,
        }
    }

    /// The extension of its files, `pdf` or `ofd`.
    pub fn extension(self) -> &'static str {
        match self {
            ArchiveFormat::Pdf => "pdf",
            ArchiveFormat::Ofd => "ofd",
        }
    }
}

/// How to archive.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// Worker threads.
    pub jobs: usize,
    /// PDF/A or OFD-A.
    pub format: ArchiveFormat,
    /// PDF/A level; 3b attaches the XML to the PDF.
    pub pdfa: PdfA,
    /// Fonts and font lookup for the PDF (the level above wins over `pdf.pdfa`).
    pub pdf: PdfOptions,
    /// Decoding of text inputs.
    pub read: ReadOptions,
    /// Inputs larger than this many bytes are refused.
    pub max_input: u64,
    /// Also write each report's review page (`NAME.html`, in this language) beside its PDF.
    pub review: Option<crate::diag::Lang>,
}

/// What the manifest records of one input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// The input's path as given.
    #[serde(with = "stored_path")]
    pub input: PathBuf,
    /// SHA-256 of the input's bytes (lowercase hex); empty if it could not be read.
    pub input_sha256: String,
    /// The options and gongwen version the outputs were made with.
    pub made_with: String,
    /// The outputs, path under the archive directory and SHA-256; none if it failed.
    pub outputs: Vec<Output>,
    /// Findings of the check: errors, warnings, infos.
    pub findings: [usize; 3],
    /// How many undecodable characters `--lossy` replaced with U+FFFD (absent when none).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub replaced: usize,
    /// Why it failed, if it did.
    pub error: Option<String>,
}

/// One output file of an entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Output {
    /// Path under the archive directory, `/`-separated.
    #[serde(with = "stored_path")]
    pub path: PathBuf,
    /// SHA-256 of its bytes (lowercase hex).
    pub sha256: String,
}

/// What happened to one job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Converted and written.
    Archived,
    /// Already in the archive as it is now.
    Unchanged,
    /// Could not be archived; the entry says why.
    Failed,
}

/// Totals of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Inputs converted.
    pub archived: usize,
    /// Inputs skipped as already archived.
    pub unchanged: usize,
    /// Inputs that failed.
    pub failed: usize,
}

/// Lists the jobs for the inputs: a file is one job (its outputs at the top of `dir`), a
/// directory every report file below it (outputs at the same relative place; hidden files,
/// `dir` itself and the copies of archives are passed over, as [`reports_in`] says). The files
/// the archive in `dir` wrote are never inputs, even named one by one. Refuses inputs whose
/// outputs (in `format`, and XML) would collide or overwrite an input.
pub fn plan(inputs: &[PathBuf], dir: &Path, format: ArchiveFormat) -> Result<Vec<Job>> {
    let mut own = ArchiveFiles::default();
    own.add_with_shards(dir);
    let mut jobs = Vec::new();
    for input in inputs {
        let metadata = fs::metadata(input).map_err(|e| named(input, e))?;
        if metadata.is_dir() {
            for file in reports_in(input, Some(dir))? {
                if own.contains(&file) {
                    continue;
                }
                let relative = file.strip_prefix(input).unwrap_or(&file).to_path_buf();
                jobs.push(Job {
                    stem: relative.with_extension(""),
                    input: file,
                });
            }
        } else if !own.contains(input) {
            let name = input.file_stem().unwrap_or(input.as_os_str());
            jobs.push(Job {
                input: input.clone(),
                stem: PathBuf::from(name),
            });
        }
    }
    let mut claimed: HashMap<&Path, &Path> = HashMap::new();
    for job in &jobs {
        if let Some(other) = claimed.insert(&job.stem, &job.input) {
            return Err(Error::Archive(format!(
                "{} and {} would both be archived as {}: archive them into different directories",
                other.display(),
                job.input.display(),
                dir.join(&job.stem).display()
            )));
        }
        for extension in [format.extension(), "xml"] {
            let output = job.output(dir, extension);
            if same_file(&job.input, &output) {
                return Err(Error::Archive(format!(
                    "{}: its archived copy {} would overwrite it: choose another directory",
                    job.input.display(),
                    output.display()
                )));
            }
        }
    }
    Ok(jobs)
}

/// The report files below a directory (`.txt .docx .html .htm .shtml .xhtml .xml .pdf .ofd`), sorted.
/// Hidden files and directories, symbolic links to directories and `skip` (an archive kept
/// inside the directory) are passed over.
///
/// So are the copies archives made: a directory holding a `manifest.jsonl` that gongwen wrote
/// is an archive, and the files its lines list as outputs are copies of reports, not reports.
/// Archives in the directory, below it and above it count (`archive D -o D` then `check
/// D/2021`), and only the files they list are passed over, so an archive kept beside its
/// reports hides nothing else. A directory that holds nothing but copies is an archive looked at
/// for itself (`check archive/`): its copies are the reports found.
pub fn reports_in(directory: &Path, skip: Option<&Path>) -> Result<Vec<PathBuf>> {
    let mut copies = ArchiveFiles::default();
    if let Ok(directory) = fs::canonicalize(directory) {
        for above in directory.ancestors().skip(1) {
            copies.add(above);
        }
    }
    let mut found = Vec::new();
    walk(directory, skip, &mut copies, &mut found)?;
    found.sort();
    let (copies, reports): (Vec<PathBuf>, Vec<PathBuf>) =
        found.into_iter().partition(|file| copies.contains(file));
    Ok(if reports.is_empty() { copies } else { reports })
}

fn walk(
    directory: &Path,
    skip: Option<&Path>,
    copies: &mut ArchiveFiles,
    out: &mut Vec<PathBuf>,
) -> Result<()> {
    copies.add(directory);
    for entry in fs::read_dir(directory).map_err(|e| named(directory, e))? {
        let entry = entry.map_err(|e| named(directory, e))?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.')
            || skip.is_some_and(|skip| same_file(&path, skip))
        {
            continue;
        }
        let kind = entry.file_type().map_err(|e| named(&path, e))?;
        if kind.is_dir() {
            walk(&path, skip, copies, out)?;
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            let e = e.to_ascii_lowercase();
            crate::format::input_extensions().any(|known| known == e)
        }) {
            out.push(path);
        }
    }
    Ok(())
}

/// The files archives wrote, found through their manifests: the manifest, the checksum list and
/// every output a manifest line lists. Paths are canonical, so a file spelled another way
/// (`./D/a.xml`, `D/../D/a.xml`) is still recognised.
#[derive(Default)]
struct ArchiveFiles(HashSet<PathBuf>);

impl ArchiveFiles {
    /// Adds the files of the archive in `dir`, if `dir` holds a manifest gongwen wrote (one with
    /// a line it understands).
    fn add(&mut self, dir: &Path) {
        self.add_journal(dir, MANIFEST);
    }

    /// Adds the files of the archive in `dir` as [`ArchiveFiles::add`] does, and those of the
    /// shards archived into it and not merged yet (`manifest.I-of-N.jsonl`).
    fn add_with_shards(&mut self, dir: &Path) {
        self.add(dir);
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name();
            if let Some(name) = name.to_str()
                && name.starts_with("manifest.")
                && name.ends_with(".jsonl")
                && name.contains("-of-")
            {
                self.add_journal(dir, name);
            }
        }
    }

    /// Adds the files a journal in `dir` lists, and the journal and checksum list.
    fn add_journal(&mut self, dir: &Path, journal: &str) {
        let (_, entries) = load_journal(&dir.join(journal));
        if entries.is_empty() {
            return;
        }
        let Ok(dir) = fs::canonicalize(dir) else {
            return;
        };
        self.0
            .extend([journal, CHECKSUMS].map(|name| dir.join(name)));
        self.0.extend(
            entries
                .iter()
                .flat_map(|entry| &entry.outputs)
                .map(|output| dir.join(&output.path)),
        );
    }

    /// Returns true if and only if `file` is one of them.
    fn contains(&self, file: &Path) -> bool {
        !self.0.is_empty() && fs::canonicalize(file).is_ok_and(|file| self.0.contains(&file))
    }
}

/// Archives the jobs into `dir`, calling `progress` with each job's index, outcome and entry as it
/// finishes (in the order they finish). Returns the totals; a failed input fails only its job.
pub fn run(
    jobs: &[Job],
    dir: &Path,
    options: &ArchiveOptions,
    progress: impl FnMut(usize, Outcome, &Entry),
) -> Result<Summary> {
    let (summary, entries) = journaled(jobs, dir, MANIFEST, options, progress)?;
    write_manifest(dir, &entries)?;
    Ok(summary)
}

/// What [`archive`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Archived {
    /// The totals of the inputs this run archived.
    pub summary: Summary,
    /// How many inputs the whole run has (all shards).
    pub inputs: usize,
    /// How many of them this run did: all of them, or its shard's.
    pub jobs: usize,
    /// The manifest it journaled into: `DIR/manifest.jsonl`, or the shard's
    /// `DIR/manifest.I-of-N.jsonl`.
    pub manifest: PathBuf,
}

/// Archives the inputs into `dir` as `gongwen archive` does: lists the jobs ([`plan`]; inputs
/// holding no report are an error), then archives them all ([`run`]) or, given a shard, its part
/// of them ([`shard::run`]). `progress` is called with each job as it finishes, its outcome and
/// entry, and how many jobs this run has.
pub fn archive(
    inputs: &[PathBuf],
    dir: &Path,
    shard: Option<shard::Shard>,
    options: &ArchiveOptions,
    mut progress: impl FnMut(&Job, usize, Outcome, &Entry),
) -> Result<Archived> {
    let all = plan(inputs, dir, options.format)?;
    if all.is_empty() {
        let extensions: Vec<String> = format::input_extensions()
            .map(|e| format!(".{e}"))
            .collect();
        return Err(Error::Archive(format!(
            "no reports found in the inputs ({})",
            extensions.join(" ")
        )));
    }
    let (summary, jobs, manifest) = match shard {
        Some(shard) => {
            let plan = shard.plan(&all)?;
            let jobs = &plan.jobs;
            let summary = shard::run(&plan, dir, options, |index, outcome, entry| {
                progress(&jobs[index], jobs.len(), outcome, entry)
            })?;
            (summary, jobs.len(), shard.manifest())
        }
        None => {
            let summary = run(&all, dir, options, |index, outcome, entry| {
                progress(&all[index], all.len(), outcome, entry)
            })?;
            (summary, all.len(), MANIFEST.to_string())
        }
    };
    Ok(Archived {
        summary,
        inputs: all.len(),
        jobs,
        manifest: dir.join(manifest),
    })
}

/// The version and options an archive's outputs are made with, as its manifest records them.
fn made_with(options: &ArchiveOptions) -> String {
    // The reading options are named only when given, so a manifest of default runs stays as it was.
    let mut made_with = match options.format {
        ArchiveFormat::Pdf => format!(
            "gongwen {} pdfa={}",
            env!("CARGO_PKG_VERSION"),
            options.pdfa.as_str()
        ),
        ArchiveFormat::Ofd => format!("gongwen {} ofd-a", env!("CARGO_PKG_VERSION")),
    };
    if let Some(encoding) = options.read.encoding {
        made_with.push_str(&format!(" encoding={}", encoding.name()));
    }
    if options.read.lossy {
        made_with.push_str(" lossy");
    }
    match options.review {
        Some(crate::diag::Lang::En) => made_with.push_str(" review=en"),
        Some(crate::diag::Lang::Zh) => made_with.push_str(" review=zh"),
        None => {}
    }
    made_with
}

/// Archives the jobs journaling into `dir/journal`, skipping those an earlier run there
/// archived; returns the totals and the entries the journal's manifest is to hold: earlier
/// runs' entries for other inputs, then this run's in job order.
fn journaled(
    jobs: &[Job],
    dir: &Path,
    journal: &str,
    options: &ArchiveOptions,
    mut progress: impl FnMut(usize, Outcome, &Entry),
) -> Result<(Summary, Vec<Entry>)> {
    fs::create_dir_all(dir).map_err(|e| named(dir, e))?;
    let journal_path = dir.join(journal);
    let (previous, earlier) = load_journal(&journal_path);
    let made_with = made_with(options);
    let mut journal = fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&journal_path)
        .map_err(|e| named(&journal_path, e))?;
    let mut entries: Vec<Option<Entry>> = vec![None; jobs.len()];
    let mut summary = Summary::default();
    let next = AtomicUsize::new(0);
    let outputs = Outputs::default();
    let workers = options.jobs.clamp(1, jobs.len().max(1));
    // A worker's results wait here until this thread has committed the ones before: bounded, so
    // that on a slow disk the workers wait instead of holding ever more staged files open.
    let (sender, receiver) = mpsc::sync_channel(2 * workers);
    std::thread::scope(|scope| -> Result<()> {
        for _ in 0..workers {
            let sender = sender.clone();
            let (next, previous, made_with, outputs) = (&next, &previous, &made_with, &outputs);
            scope.spawn(move || {
                loop {
                    let index = next.fetch_add(1, Ordering::Relaxed);
                    let Some(job) = jobs.get(index) else {
                        break;
                    };
                    let done = archive_one(job, (dir, outputs), options, made_with, previous);
                    if sender.send((index, done)).is_err() {
                        break;
                    }
                }
            });
        }
        drop(sender);
        for (index, (mut outcome, mut entry, staged)) in receiver {
            // The outputs are flushed to disk and put in place here, on the thread that waits
            // anyway, before the journal records them: the worker is on its next input already.
            if let Err(e) = commit(staged) {
                outcome = Outcome::Failed;
                entry.outputs.clear();
                entry.error = Some(e.to_string());
            }
            if outcome != Outcome::Unchanged {
                append(&mut journal, &entry).map_err(|e| named(&journal_path, e))?;
            }
            match outcome {
                Outcome::Archived => summary.archived += 1,
                Outcome::Unchanged => summary.unchanged += 1,
                Outcome::Failed => summary.failed += 1,
            }
            progress(index, outcome, &entry);
            entries[index] = Some(entry);
        }
        Ok(())
    })?;
    drop(journal);
    // The manifest keeps what earlier runs archived from other inputs, then this run's inputs.
    let this_run: HashSet<&Path> = jobs.iter().map(|j| j.input.as_path()).collect();
    let mut all: Vec<Entry> = earlier
        .into_iter()
        .filter(|e| !this_run.contains(e.input.as_path()))
        .collect();
    all.extend(entries.into_iter().flatten());
    Ok((summary, all))
}

/// Puts staged outputs in place, in order; the first that fails is the error (those after it are
/// deleted).
fn commit(staged: Vec<(PathBuf, Staged)>) -> Result<()> {
    for (path, output) in staged {
        output.commit().map_err(|e| named(&path, e))?;
    }
    Ok(())
}

/// Converts one input into the archive directory `dir` through `writer`, or finds it already
/// archived. The outputs come back staged ([`Staged`]), to be committed before the journal
/// records the entry.
fn archive_one(
    job: &Job,
    (dir, writer): (&Path, &Outputs),
    options: &ArchiveOptions,
    made_with: &str,
    previous: &HashMap<PathBuf, Entry>,
) -> (Outcome, Entry, Vec<(PathBuf, Staged)>) {
    let mut entry = Entry {
        input: job.input.clone(),
        input_sha256: String::new(),
        made_with: made_with.to_string(),
        outputs: Vec::new(),
        findings: [0; 3],
        replaced: 0,
        error: None,
    };
    let bytes = match read_limited(&job.input, options.max_input) {
        Ok(bytes) => bytes,
        Err(e) => {
            entry.error = Some(e.to_string());
            return (Outcome::Failed, entry, Vec::new());
        }
    };
    entry.input_sha256 = hex_sha256(&bytes);
    if let Some(old) = previous.get(&job.input)
        && old.error.is_none()
        && old.input_sha256 == entry.input_sha256
        && old.made_with == made_with
        && !old.outputs.is_empty()
        && old.outputs.iter().all(|o| {
            fs::read(dir.join(&o.path)).is_ok_and(|written| hex_sha256(&written) == o.sha256)
        })
    {
        return (Outcome::Unchanged, old.clone(), Vec::new());
    }
    match convert(job, bytes, (dir, writer), options) {
        Ok(converted) => {
            entry.outputs = converted.outputs;
            entry.findings = converted.findings;
            entry.replaced = converted.replaced;
            (Outcome::Archived, entry, converted.staged)
        }
        Err(e) => {
            entry.error = Some(e.to_string());
            (Outcome::Failed, entry, Vec::new())
        }
    }
}

/// One input converted: its outputs (staged, not yet in place), the findings by severity and
/// how many characters lossy decoding replaced.
struct Converted {
    outputs: Vec<Output>,
    staged: Vec<(PathBuf, Staged)>,
    findings: [usize; 3],
    replaced: usize,
}

/// Reads, checks and writes one input: the PDF/A (or OFD-A) first, then the XML, each staged.
fn convert(
    job: &Job,
    bytes: Vec<u8>,
    (dir, writer): (&Path, &Outputs),
    options: &ArchiveOptions,
) -> Result<Converted> {
    let format = InputFormat::detect(Some(&job.input), &bytes);
    let document: Document = format::read(bytes, format, &options.read)?;
    let outcome = crate::check::check(&document.report);
    let summary = crate::diag::render::Summary::of(&outcome.findings);
    let review = options.review.map(|lang| {
        let name = crate::reporter::display_name(&job.input);
        let review = crate::diag::review::Review {
            name: &name,
            document: &document,
            findings: &outcome.findings,
            verified: &outcome.verified,
        };
        crate::diag::review::page(&review, lang).into_bytes()
    });
    drop(outcome);
    let replaced = document.report.meta.replaced;
    let xml = format::xml::write(&document.report)?;
    let fixed = match options.format {
        ArchiveFormat::Pdf => {
            let pdf_options = PdfOptions {
                pdfa: Some(options.pdfa),
                ..options.pdf.clone()
            };
            format::pdf::write_owned(document.report, &pdf_options)?
        }
        ArchiveFormat::Ofd => {
            let archive = format::ofd::OfdOptions { archive: true };
            format::ofd::write(&document.report, &options.pdf, &archive)?
        }
    };
    let mut outputs = Vec::new();
    let mut staged = Vec::new();
    let written = [
        (options.format.extension(), Some(&fixed)),
        ("xml", Some(&xml)),
        ("html", review.as_ref()),
    ];
    for (extension, data) in written.into_iter().filter_map(|(e, data)| Some((e, data?))) {
        let path = job.output(dir, extension);
        staged.push((
            path.clone(),
            writer.stage(&path, data).map_err(|e| named(&path, e))?,
        ));
        outputs.push(Output {
            path: job.relative(extension),
            sha256: hex_sha256(data),
        });
    }
    Ok(Converted {
        outputs,
        staged,
        findings: [summary.errors, summary.warnings, summary.infos],
        replaced,
    })
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>> {
    // A file named `-` is a file here, not standard input.
    let file = if path == Path::new("-") {
        Path::new(".").join(path)
    } else {
        path.to_path_buf()
    };
    crate::reporter::read_capped(&file, limit).map_err(|e| match e {
        Error::Io(e) => named(path, e),
        e => e,
    })
}

/// The entries of earlier runs' journal: the last one of each input, by input and in the order
/// the inputs first appear. A line cut short by an interruption, or not understood, is passed
/// over.
fn load_journal(path: &Path) -> (HashMap<PathBuf, Entry>, Vec<Entry>) {
    let Ok(file) = fs::File::open(path) else {
        return (HashMap::new(), Vec::new());
    };
    let mut order: Vec<PathBuf> = Vec::new();
    let mut last: HashMap<PathBuf, Entry> = HashMap::new();
    for entry in io::BufReader::new(file)
        .lines()
        .map_while(io::Result::ok)
        .filter_map(|line| serde_json::from_str::<Entry>(&line).ok())
    {
        if !last.contains_key(&entry.input) {
            order.push(entry.input.clone());
        }
        last.insert(entry.input.clone(), entry);
    }
    let in_order = order.iter().filter_map(|i| last.get(i).cloned()).collect();
    (last, in_order)
}

fn append(journal: &mut fs::File, entry: &Entry) -> io::Result<()> {
    let mut line = serde_json::to_vec(entry)?;
    line.push(b'\n');
    journal.write_all(&line)?;
    journal.sync_data()
}

/// The manifest's lines, one an entry.
fn manifest_lines(entries: &[Entry]) -> Result<Vec<u8>> {
    let mut manifest = Vec::new();
    for entry in entries {
        manifest.extend(serde_json::to_vec(entry).map_err(io::Error::from)?);
        manifest.push(b'\n');
    }
    Ok(manifest)
}

/// Rewrites the manifest with one line an input, in input order, and the checksum list.
fn write_manifest(dir: &Path, entries: &[Entry]) -> Result<()> {
    let manifest = manifest_lines(entries)?;
    let sums: BTreeMap<&[u8], &str> = entries
        .iter()
        .flat_map(|entry| &entry.outputs)
        .map(|output| {
            (
                output.path.as_os_str().as_encoded_bytes(),
                output.sha256.as_str(),
            )
        })
        .collect();
    let mut checksums = Vec::new();
    for (name, sha256) in sums {
        checksum_line(sha256, name, &mut checksums);
    }
    for (name, data) in [(MANIFEST, manifest.as_slice()), (CHECKSUMS, &checksums)] {
        let path = dir.join(name);
        write_atomic(&path, data).map_err(|e| named(&path, e))?;
    }
    Ok(())
}

/// Appends the line of `SHA256SUMS` for one file as GNU `sha256sum` writes and `sha256sum -c`
/// reads it: a name holding a backslash, newline or carriage return is escaped (`\\`, `\n`,
/// `\r`) and its line starts with `\`; any other byte, UTF-8 or not, is written as it is.
fn checksum_line(sha256: &str, name: &[u8], out: &mut Vec<u8>) {
    if name.iter().any(|b| matches!(b, b'\\' | b'\n' | b'\r')) {
        out.push(b'\\');
    }
    out.extend(sha256.as_bytes());
    out.extend(b"  ");
    for &byte in name {
        match byte {
            b'\\' => out.extend(b"\\\\"),
            b'\n' => out.extend(b"\\n"),
            b'\r' => out.extend(b"\\r"),
            _ => out.push(byte),
        }
    }
    out.push(b'\n');
}

fn hex_sha256(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A path with `/` between its parts, as the manifest and `SHA256SUMS` write it.
fn portable(path: &Path) -> PathBuf {
    let mut joined = OsString::new();
    for (i, part) in path.iter().enumerate() {
        if i > 0 {
            joined.push("/");
        }
        joined.push(part);
    }
    PathBuf::from(joined)
}

/// Paths in the manifest, exactly. A path that is UTF-8 is a JSON string, as it always was; any
/// other (a Linux file name may hold any byte but `/` and NUL) is an object
/// `{"lossy": "caf�.txt", "hex": "636166e92e747874"}`: `lossy` shows it with U+FFFD for the
/// bytes that are not UTF-8, `hex` holds all its bytes and is what is read back.
mod stored_path {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::path::{Path, PathBuf};

    #[derive(Serialize, Deserialize)]
    #[serde(untagged)]
    enum Stored {
        Text(String),
        Bytes { lossy: String, hex: String },
    }

    pub fn serialize<S: Serializer>(path: &Path, serializer: S) -> Result<S::Ok, S::Error> {
        let bytes = path.as_os_str().as_encoded_bytes();
        match std::str::from_utf8(bytes) {
            Ok(text) => serializer.serialize_str(text),
            Err(_) => Stored::Bytes {
                lossy: String::from_utf8_lossy(bytes).into_owned(),
                hex: super::hex(bytes),
            }
            .serialize(serializer),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<PathBuf, D::Error> {
        match Stored::deserialize(deserializer)? {
            Stored::Text(text) => Ok(PathBuf::from(text)),
            Stored::Bytes { hex, .. } => from_hex(&hex)
                .and_then(from_bytes)
                .ok_or_else(|| serde::de::Error::custom("a path's hex is not a file name")),
        }
    }

    /// The bytes of lowercase or uppercase hexadecimal digits, two a byte; `None` for anything
    /// else (an odd count, a sign, another character).
    fn from_hex(hex: &str) -> Option<Vec<u8>> {
        let digits: Vec<u32> = hex.chars().map(|c| c.to_digit(16)).collect::<Option<_>>()?;
        if !digits.len().is_multiple_of(2) {
            return None;
        }
        digits
            .chunks(2)
            .map(|pair| u8::try_from(pair[0] * 16 + pair[1]).ok())
            .collect()
    }

    #[cfg(unix)]
    fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
        use std::os::unix::ffi::OsStringExt;
        Some(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
    }

    /// Elsewhere a file name that is not UTF-8 cannot be rebuilt from bytes: the entry is not
    /// understood, and its input archived again.
    #[cfg(not(unix))]
    fn from_bytes(bytes: Vec<u8>) -> Option<PathBuf> {
        String::from_utf8(bytes).ok().map(PathBuf::from)
    }
}

fn named(path: &Path, error: io::Error) -> Error {
    Error::Archive(format!("{}: {error}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checksum_lines_are_escaped_as_sha256sum_escapes_them() {
        let mut out = Vec::new();
        checksum_line("ab", b"plain.pdf", &mut out);
        checksum_line("cd", b"a\\b\nc\rd.pdf", &mut out);
        checksum_line("ef", b"caf\xe9.pdf", &mut out);
        assert_eq!(
            out,
            b"ab  plain.pdf\n\\cd  a\\\\b\\nc\\rd.pdf\nef  caf\xe9.pdf\n".as_slice()
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_name_that_is_not_utf8_is_stored_exactly() {
        use std::os::unix::ffi::OsStrExt;
        let output = Output {
            path: PathBuf::from(std::ffi::OsStr::from_bytes(b"2021/caf\xe9.pdf")),
            sha256: "00".into(),
        };
        let json = serde_json::to_string(&output).expect("serializes");
        assert_eq!(
            json,
            r#"{"path":{"lossy":"2021/caf�.pdf","hex":"323032312f636166e92e706466"},"sha256":"00"}"#
        );
        assert_eq!(serde_json::from_str::<Output>(&json).ok(), Some(output));
        // Hexadecimal that is not a name's bytes is not understood.
        for hex in ["6", "+f", "6g", "e9 "] {
            let line = format!(r#"{{"path":{{"lossy":"x","hex":"{hex}"}},"sha256":"00"}}"#);
            assert!(serde_json::from_str::<Output>(&line).is_err(), "{hex}");
        }
        // An ordinary name is the plain string it always was.
        let plain = r#"{"path":"2021/a.pdf","sha256":"00"}"#;
        let read: Output = serde_json::from_str(plain).expect("deserializes");
        assert_eq!(read.path, Path::new("2021/a.pdf"));
        assert_eq!(serde_json::to_string(&read).expect("serializes"), plain);
    }
}
