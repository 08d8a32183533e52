//! Peak memory of whole runs on large and hostile inputs, as the kernel counts it (the child's
//! maximum resident set, from `wait4`): reading, checking and writing must cost a bounded
//! multiple of the input, not a blow-up a user would have to kill. Linux only.
//!
//! The bounds are generous on purpose (they hold for debug and release builds alike); what
//! they catch is a regression of several times, such as holding every page of a PDF laid out
//! or every finding rendered at once. BENCHMARKS.md records the measured figures.
#![cfg(target_os = "linux")]

mod common;

use common::Scratch;
use std::process::{Command, Stdio};

/// Fixed cost: the program, the built-in font and its subset (PDF), buffers.
const BASE: u64 = 64 << 20;

/// Runs the binary with its output discarded and returns its exit code and peak resident set
/// in bytes.
#[expect(
    clippy::zombie_processes,
    reason = "the child is reaped by wait4, which also reports its resource use"
)]
fn peak_memory(args: &[&str]) -> (i32, u64) {
    let child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let pid = libc::pid_t::try_from(child.id()).expect("a pid");
    let mut status = 0;
    // SAFETY: wait4 writes a status and a rusage for the child we spawned and own; both are
    // valid, zeroed, properly aligned locals.
    let (waited, usage) = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        (libc::wait4(pid, &mut status, 0, &mut usage), usage)
    };
    assert_eq!(waited, pid, "wait4 failed");
    assert!(libc::WIFEXITED(status), "gongwen {args:?} was killed");
    let max_rss_kib = u64::try_from(usage.ru_maxrss).expect("a size");
    (libc::WEXITSTATUS(status), max_rss_kib * 1024)
}

/// Writes `unit` repeated to about `size` bytes.
fn repeated(scratch: &Scratch, name: &str, unit: &str, size: usize) -> (String, u64) {
    let text = unit.repeat(size / unit.len());
    let path = scratch.path(name);
    std::fs::write(&path, &text).expect("write input");
    (path.to_string_lossy().into_owned(), text.len() as u64)
}

/// Asserts that every command on `input` stays under `BASE + per_byte × input`.
fn assert_bounded(input: &str, size: u64, per_byte: u64, scratch: &Scratch) {
    let out = |ext: &str| {
        scratch
            .path(&format!("out.{ext}"))
            .to_string_lossy()
            .into_owned()
    };
    let runs: [Vec<String>; 5] = [
        vec![
            "check".into(),
            "--format".into(),
            "json".into(),
            input.into(),
        ],
        vec![
            "check".into(),
            "--format".into(),
            "sarif".into(),
            input.into(),
        ],
        vec!["convert".into(), input.into(), "-o".into(), out("xml")],
        vec!["convert".into(), input.into(), "-o".into(), out("docx")],
        vec!["convert".into(), input.into(), "-o".into(), out("pdf")],
    ];
    for args in runs {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, peak) = peak_memory(&args);
        assert!(code == 0 || code == 1, "gongwen {args:?} exited {code}");
        let bound = BASE + per_byte * size;
        assert!(
            peak <= bound,
            "gongwen {args:?} on {size} bytes peaked at {} MiB, over {} MiB",
            peak >> 20,
            bound >> 20
        );
    }
}

#[test]
fn ordinary_reports_cost_about_ten_times_their_size() {
    let scratch = Scratch::new("memory-reports");
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    ))
    .expect("the sample");
    let (input, size) = repeated(&scratch, "reports.txt", &(sample + "\n"), 4 << 20);
    assert_bounded(&input, size, 16, &scratch);
}

#[test]
fn figure_dense_text_stays_bounded() {
    let scratch = Scratch::new("memory-dense");
    let line = "全年共受理案件120件，其中行政复议45件、行政诉讼75件，办结率98.5%，同比增长3.2个百分点，涉及资金3.5亿元。\n";
    let (input, size) = repeated(&scratch, "dense.txt", line, 4 << 20);
    assert_bounded(&input, size, 32, &scratch);
}

#[test]
fn a_paragraph_without_a_break_stays_bounded() {
    let scratch = Scratch::new("memory-no-break");
    let (input, size) = repeated(&scratch, "no-break.txt", "a", 4 << 20);
    assert_bounded(&input, size, 48, &scratch);
}

#[test]
fn a_web_page_stays_bounded() {
    let scratch = Scratch::new("memory-page");
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    ))
    .expect("the sample");
    let paragraphs: String = sample
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| format!("<p style=\"text-indent:2em\">{}</p>\n", l.trim()))
        .collect();
    let (input, size) = repeated(&scratch, "reports.html", &paragraphs, 4 << 20);
    assert_bounded(&input, size, 16, &scratch);
}

/// 30 MB of reports to PDF under 250 MiB: the source text is dropped once read, and the model
/// block by block as its pages are drawn, so the peak is the larger of reading and serializing,
/// not their sum (it was 486 MiB, sixteen times the input; 283 with the model dropped whole).
#[test]
fn thirty_megabytes_to_pdf_peak_under_250_mib() {
    let scratch = Scratch::new("memory-pdf-30m");
    let sample = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/samples/jinghai-2020-rule-of-law-report.txt"
    ))
    .expect("the sample");
    let (input, _) = repeated(&scratch, "reports.txt", &(sample + "\n"), 30 << 20);
    let output = scratch.path("out.pdf").to_string_lossy().into_owned();
    let (code, peak) = peak_memory(&["convert", &input, "-o", &output]);
    assert_eq!(code, 0);
    assert!(
        peak < 250 << 20,
        "30 MB to PDF peaked at {} MiB, over 250 MiB",
        peak >> 20
    );
}
