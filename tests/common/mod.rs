//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A folder of `../shared` beside the crate (`corpus`, `gold`, `pdf`), if `marker` is in it.
///
/// When it is absent this prints a `SKIP:` line and returns `None`, so the calling test can
/// return early; if `GONGWEN_REQUIRE_ALL` is set (CI sets it) it panics instead.
pub fn shared_dir(name: &str, marker: &str) -> Option<PathBuf> {
    let dir = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../shared")).join(name);
    if dir.join(marker).exists() {
        return Some(dir);
    }
    if std::env::var_os("GONGWEN_REQUIRE_ALL").is_some() {
        panic!(
            "{name} not found at {} and GONGWEN_REQUIRE_ALL is set",
            dir.display()
        );
    }
    println!("SKIP: {name} not found at {}", dir.display());
    None
}

/// The shared corpus of real reports (`../shared/corpus`), or `None` after a `SKIP:` line.
pub fn corpus_dir() -> Option<PathBuf> {
    shared_dir("corpus", "raw")
}

/// The bytes of `raw/<name>` in the corpus, or `None` (after a `SKIP:` line) when the corpus is
/// absent. A missing file in a present corpus is a test failure.
pub fn corpus_file(name: &str) -> Option<Vec<u8>> {
    let path = corpus_dir()?.join("raw").join(name);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

/// The bytes of a fixture under `tests/data/`.
pub fn data_file(relative: &str) -> Vec<u8> {
    let path = PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data")).join(relative);
    std::fs::read(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Returns true if and only if `tool` runs; otherwise prints a `SKIP:` line, or panics when
/// `GONGWEN_REQUIRE_ALL` is set (as in CI, where every tool is installed).
pub fn tool_available(tool: &str) -> bool {
    tool_answers(tool, &["--version"], false)
}

/// Returns true if and only if `tool` runs with `args` (and, if `success`, exits 0: a Python
/// that imports a module); otherwise as [`tool_available`].
pub fn tool_answers(tool: &str, args: &[&str], success: bool) -> bool {
    let status = Command::new(tool)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    let found = status.is_ok_and(|s| !success || s.success());
    if !found {
        assert!(
            std::env::var_os("GONGWEN_REQUIRE_ALL").is_none(),
            "{tool} is required (GONGWEN_REQUIRE_ALL is set) but not installed"
        );
        println!("SKIP: {tool} not installed");
    }
    found
}

/// The text of one part of a zip package (a DOCX).
pub fn zip_part(package: &[u8], name: &str) -> String {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("a zip");
    let mut file = archive.by_name(name).unwrap_or_else(|_| panic!("{name}"));
    let mut text = String::new();
    file.read_to_string(&mut text).expect("UTF-8");
    text
}

/// Every corpus file's name and bytes (original-encoding twins included), or `None` after a
/// `SKIP:` line when the corpus is absent.
pub fn corpus_files() -> Option<Vec<(String, Vec<u8>)>> {
    let raw = corpus_dir()?.join("raw");
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&raw)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", raw.display()))
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let bytes = std::fs::read(e.path()).unwrap_or_else(|err| panic!("{name}: {err}"));
            (name, bytes)
        })
        .collect();
    files.sort();
    Some(files)
}

/// Where the tests' scratch files go: under the build directory (`target/tmp`), never the
/// system's temporary directory, so that even a test that panics leaves nothing in `/tmp`.
pub fn scratch_root() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
}

/// A scratch directory for one test, removed when dropped.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A new empty directory named after the test.
    pub fn new(name: &str) -> Scratch {
        let dir = scratch_root().join(format!("gongwen-test-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        Scratch(dir)
    }

    /// A path inside it.
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    /// The names of its entries, sorted.
    pub fn entries(&self) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(&self.0)
            .expect("scratch directory")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl std::ops::Deref for Scratch {
    type Target = std::path::Path;

    fn deref(&self) -> &std::path::Path {
        &self.0
    }
}

impl AsRef<std::path::Path> for Scratch {
    fn as_ref(&self) -> &std::path::Path {
        &self.0
    }
}

/// A file with the given content in a scratch directory of its own, removed when dropped.
pub struct ScratchFile {
    path: PathBuf,
    _dir: Scratch,
}

impl ScratchFile {
    /// Writes `content` to `name` in a new scratch directory.
    pub fn new(name: &str, content: impl AsRef<[u8]>) -> ScratchFile {
        let dir = Scratch::new(&format!("file-{name}"));
        let path = dir.path(name);
        std::fs::write(&path, content).expect("scratch file");
        ScratchFile { path, _dir: dir }
    }
}

impl std::ops::Deref for ScratchFile {
    type Target = std::path::Path;

    fn deref(&self) -> &std::path::Path {
        &self.path
    }
}

impl AsRef<std::path::Path> for ScratchFile {
    fn as_ref(&self) -> &std::path::Path {
        &self.path
    }
}

/// Runs the built binary with `args` and nothing on standard input.
pub fn gongwen(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

/// The standard error of a run, as text.
pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Asserts an input or usage error: exit 2, and one line on stderr that names `file` and says
/// `what`.
pub fn assert_error(out: &std::process::Output, file: &str, what: &str) {
    let message = stderr(out);
    assert_eq!(out.status.code(), Some(2), "stderr: {message}");
    assert_eq!(message.lines().count(), 1, "one line expected: {message}");
    assert!(message.starts_with("gongwen: "), "{message}");
    assert!(message.contains(file), "{message} should name {file}");
    assert!(message.contains(what), "{message} should say {what}");
}

/// A box of a line as poppler reads it.
#[derive(Debug)]
pub struct BoxLine {
    pub x_min: f32,
    pub y_min: f32,
    pub x_max: f32,
    pub text: String,
}

fn attr(tag: &str, name: &str) -> f32 {
    let key = format!("{name}=\"");
    let start = tag.find(&key).expect("attribute") + key.len();
    let end = tag[start..].find('"').expect("quote") + start;
    tag[start..end].parse().expect("number")
}

/// Every page's lines of a PDF, from poppler's `pdftotext -bbox-layout`.
pub fn bbox_lines(pdf: &Path) -> Vec<Vec<BoxLine>> {
    let out = Command::new("pdftotext")
        .args(["-bbox-layout"])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext runs");
    let out = String::from_utf8(out.stdout).expect("UTF-8");
    let mut pages = Vec::new();
    for page in out.split("<page ").skip(1) {
        let mut lines = Vec::new();
        for chunk in page.split("<line ").skip(1) {
            let head = &chunk[..chunk.find('>').expect("tag end")];
            let mut text = String::new();
            for word in chunk.split("<word ").skip(1) {
                let start = word.find('>').expect("word") + 1;
                let end = word.find("</word>").expect("word end");
                text.push_str(&word[start..end]);
            }
            lines.push(BoxLine {
                x_min: attr(head, "xMin"),
                y_min: attr(head, "yMin"),
                x_max: attr(head, "xMax"),
                text,
            });
        }
        pages.push(lines);
    }
    pages
}

/// How much longer `run` takes on `large` than on `small` (the fastest of three runs each), for
/// tests that bound how work scales instead of how long it takes.
pub fn time_ratio<T>(small: &T, large: &T, run: impl Fn(&T)) -> f64 {
    let fastest = |input: &T| {
        (0..3)
            .map(|_| {
                let started = std::time::Instant::now();
                run(input);
                started.elapsed()
            })
            .min()
            .unwrap()
            .as_secs_f64()
            .max(1e-4)
    };
    fastest(large) / fastest(small)
}

/// Asserts that `run` on `large` takes less than `bound` times as long as on `small`.
pub fn assert_scales<T>(what: &str, small: &T, large: &T, bound: f64, run: impl Fn(&T)) {
    let ratio = time_ratio(small, large, run);
    assert!(
        ratio < bound,
        "{what}: {ratio:.1}× the time (bound {bound}×)"
    );
}

/// The headings' text, in order.
pub fn headings(document: &gongwen::Document) -> Vec<String> {
    let text = document.report.text();
    document
        .report
        .sections()
        .iter()
        .map(|s| text[s.heading.span.start..s.heading.span.end].to_string())
        .collect()
}

/// Sections per level 1–4.
pub fn levels(document: &gongwen::Document) -> [usize; 4] {
    let mut out = [0; 4];
    for s in document.report.sections() {
        out[usize::from(s.level) - 1] += 1;
    }
    out
}

/// Each finding as its rule, severity, message and the text of its span.
pub fn findings(document: &gongwen::Document) -> Vec<String> {
    let text = document.report.text();
    gongwen::check::check(&document.report)
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {} [{}]",
                f.rule.id,
                f.severity,
                f.message.en,
                &text[f.span.start..f.span.end]
            )
        })
        .collect()
}
