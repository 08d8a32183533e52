//! The binary on hostile ground: inputs over the size limit, outputs that cannot be written or
//! are interrupted mid-write, `-o` naming the input in disguise, and what the errors say.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/jinghai-2020-rule-of-law-report.txt"
);
const BIN: &str = env!("CARGO_BIN_EXE_gongwen");

use common::{Scratch, assert_error, stderr};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn gongwen(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs")
}

#[test]
fn inputs_over_max_input_are_refused_before_reading() {
    let dir = Scratch::new("max");
    let big = dir.path("big.txt");
    std::fs::write(&big, "一、总体\n".repeat(1000)).unwrap();
    for command in [
        &["convert", s(&big), "--to", "xml", "--max-input", "4K"][..],
        &["check", s(&big), "--max-input", "4K"],
        &["figures", s(&big), "--max-input", "4096"],
    ] {
        let out = gongwen(command);
        assert_error(&out, "big.txt", "--max-input 1M");
        assert!(stderr(&out).contains("13000 bytes, over the limit of 4096"));
        assert!(out.stdout.is_empty());
    }
    // At the limit it is read.
    let out = gongwen(&["convert", s(&big), "--to", "xml", "--max-input", "13000"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    // A device reports no length: reading stops one byte past the limit.
    let out = gongwen(&["check", "/dev/zero", "--max-input", "1K"]);
    assert_error(&out, "/dev/zero", "more than 1024 bytes");
    // Standard input likewise.
    let mut child = Command::new(BIN)
        .args(["check", "-", "--max-input", "64K"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        // More than the limit; the writer stops when gongwen closes the pipe.
        let chunk = "正文。".repeat(1000);
        for _ in 0..100 {
            if stdin.write_all(chunk.as_bytes()).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_error(&out, "<stdin>", "more than 65536 bytes");
    let out = gongwen(&["check", SAMPLE, "--max-input", "lots"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not a size"));
    assert_eq!(dir.entries(), ["big.txt"]);
}

#[test]
fn verbose_prints_the_cause_chain() {
    let dir = Scratch::new("verbose");
    let gbk = dir.path("gbk.txt");
    std::fs::write(&gbk, b"\xd6\xd0\xce\xc4abc").unwrap();
    let args = ["convert", s(&gbk), "--to", "xml", "--encoding", "utf-8"];
    assert_error(&gongwen(&args), "gbk.txt", "--encoding gb18030");
    let mut verbose = args.to_vec();
    verbose.push("--verbose");
    let out = gongwen(&verbose);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 2, "{message}");
    assert!(lines[0].starts_with("gongwen: ") && lines[0].contains("gbk.txt"));
    assert!(lines[1].contains("caused by: invalid UTF-8 at byte 0"));
    // A missing file says what to do.
    let out = gongwen(&["check", s(&dir.path("missing.txt"))]);
    assert_error(&out, "missing.txt", "check the path");
}

#[test]
fn output_naming_the_input_in_disguise_is_refused() {
    let dir = Scratch::new("disguise");
    let input = dir.path("report.txt");
    std::fs::write(&input, "一、总体\n办理案件5件。").unwrap();
    std::fs::create_dir(dir.path("sub")).unwrap();
    let link = dir.path("link.xml");
    std::os::unix::fs::symlink(&input, &link).unwrap();
    let hard = dir.path("hard.xml");
    std::fs::hard_link(&input, &hard).unwrap();
    let dotdot = dir.path("sub/../report.txt");
    let dot = dir.0.join(".").join("report.txt");
    for output in [&link, &hard, &dotdot, &dot] {
        let out = gongwen(&["convert", s(&input), "-o", s(output), "--to", "xml"]);
        assert_error(&out, s(output), "would overwrite the input");
    }
    let docx_link = dir.path("link.docx");
    std::os::unix::fs::symlink(&input, &docx_link).unwrap();
    let out = gongwen(&["check", s(&input), "--annotate", "-o", s(&docx_link)]);
    assert_error(&out, "link.docx", "would overwrite the input");
    assert_eq!(
        std::fs::read_to_string(&input).unwrap(),
        "一、总体\n办理案件5件。"
    );
}

/// A write that fails half-way (here: over the file size limit, as on a full disk or quota)
/// leaves the old output as it was and no temporary file.
#[test]
fn failed_write_keeps_the_old_output_and_leaves_no_temp_file() {
    let dir = Scratch::new("efbig");
    for (name, extra) in [("out.pdf", &[][..]), ("reviewed.docx", &["--annotate"][..])] {
        let output = dir.path(name);
        std::fs::write(&output, b"old output").unwrap();
        let command = if extra.is_empty() { "convert" } else { "check" };
        // `ulimit -f 8`: no file over 8 KiB; the PDF and the DOCX are larger.
        let out = Command::new("bash")
            .arg("-c")
            .arg("ulimit -f 8; exec \"$@\"")
            .arg("bash")
            .arg(BIN)
            .arg(command)
            .arg(SAMPLE)
            .args(extra)
            .arg("-o")
            .arg(&output)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
        let message = stderr(&out);
        assert!(
            message.contains(name) && message.contains("cannot write"),
            "{message}"
        );
        assert!(
            message.contains("an existing output was left as it was"),
            "{message}"
        );
        assert_eq!(std::fs::read(&output).unwrap(), b"old output");
    }
    assert_eq!(dir.entries(), ["out.pdf", "reviewed.docx"]);
}

/// A large input, so that a conversion takes long enough to be interrupted.
fn large_input(dir: &Scratch) -> PathBuf {
    let input = dir.path("large.txt");
    let paragraph = std::fs::read_to_string(SAMPLE).unwrap();
    std::fs::write(&input, paragraph.repeat(60)).unwrap();
    input
}

fn temp_files(dir: &Scratch) -> Vec<String> {
    dir.entries()
        .into_iter()
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

/// SIGINT and SIGTERM at any moment of a conversion: the old output stays whole, no temporary
/// file remains.
#[test]
fn interrupted_conversion_leaves_old_output_and_no_temp_file() {
    let dir = Scratch::new("sigint");
    let input = large_input(&dir);
    let output = dir.path("out.pdf");
    let mut interrupted = 0;
    for (signal, delay) in [("INT", 50), ("TERM", 300), ("INT", 800), ("TERM", 1500)] {
        std::fs::write(&output, b"old output").unwrap();
        let mut child = Command::new(BIN)
            .args(["convert", s(&input), "-o", s(&output)])
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(child.id().to_string())
            .status();
        let status = child.wait().unwrap();
        let content = std::fs::read(&output).unwrap();
        if status.success() {
            assert!(content.starts_with(b"%PDF-"), "finished before the signal");
        } else {
            assert_eq!(content, b"old output", "SIG{signal} after {delay} ms");
            interrupted += 1;
        }
        assert!(
            temp_files(&dir).is_empty(),
            "SIG{signal}: {:?}",
            dir.entries()
        );
    }
    assert!(
        interrupted > 0,
        "no run was interrupted: make the input larger"
    );
}

/// SIGKILL cannot be caught: the temporary file may stay behind, never the target half-written,
/// and the next write to the same target removes the leftover.
#[test]
fn killed_conversion_never_leaves_a_partial_target() {
    let dir = Scratch::new("sigkill");
    let input = large_input(&dir);
    let output = dir.path("out.pdf");
    let mut killed = 0;
    for delay in [100, 600, 1200] {
        std::fs::write(&output, b"old output").unwrap();
        let mut child = Command::new(BIN)
            .args(["convert", s(&input), "-o", s(&output)])
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let status = child.wait().unwrap();
        let content = std::fs::read(&output).unwrap();
        if status.success() {
            assert!(content.starts_with(b"%PDF-"));
        } else {
            assert_eq!(content, b"old output", "SIGKILL after {delay} ms");
            killed += 1;
        }
    }
    assert!(killed > 0, "no run was killed: make the input larger");
    // A leftover of a killed run, as if killed while writing.
    let leftover = dir.path(".out.pdf.4194399.tmp");
    std::fs::write(&leftover, b"%PDF-1.7 partial").unwrap();
    let out = gongwen(&["convert", SAMPLE, "-o", s(&output)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(std::fs::read(&output).unwrap().starts_with(b"%PDF-"));
    assert!(temp_files(&dir).is_empty(), "{:?}", dir.entries());
}
