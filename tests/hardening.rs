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
    assert_error(&gongwen(&args), "gbk.txt", "--lossy");
    let mut verbose = args.to_vec();
    verbose.push("--verbose");
    let out = gongwen(&verbose);
    assert_eq!(out.status.code(), Some(2));
    let message = stderr(&out);
    let lines: Vec<&str> = message.lines().collect();
    assert_eq!(lines.len(), 2, "{message}");
    assert!(lines[0].starts_with("gongwen: ") && lines[0].contains("gbk.txt"));
    assert!(lines[1].contains("caused by: invalid UTF-8 at line 1 (byte 0)"));
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
        let whole_pdf =
            content.starts_with(b"%PDF-") && content.trim_ascii_end().ends_with(b"%%EOF");
        if status.success() {
            assert!(whole_pdf, "finished before the signal");
        } else if content != b"old output" {
            // The signal came after the new output was renamed into place: whole, never partial.
            assert!(
                whole_pdf,
                "SIG{signal} after {delay} ms left a partial output"
            );
        } else {
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

/// Makes a device node, or says why the test cannot run here.
#[cfg(unix)]
fn device_node(path: &Path, major: u32, minor: u32) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let name = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path; mknod reads it only.
    let made = unsafe {
        libc::mknod(
            name.as_ptr(),
            libc::S_IFCHR | 0o666,
            libc::makedev(major, minor),
        )
    };
    if made == 0 {
        return true;
    }
    let why = std::io::Error::last_os_error();
    assert!(
        std::env::var_os("GONGWEN_REQUIRE_ALL").is_none(),
        "mknod {} failed ({why}) and GONGWEN_REQUIRE_ALL is set",
        path.display()
    );
    println!("SKIP: cannot make a device node here ({why}): run as root to test device outputs");
    false
}

#[cfg(unix)]
fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

/// The XML of the sample, as written to standard output.
fn sample_xml() -> Vec<u8> {
    let out = gongwen(&["convert", SAMPLE, "--to", "xml", "-o", "-"]);
    assert!(out.status.success(), "{}", stderr(&out));
    out.stdout
}

/// `-o` naming a device is written to, not replaced by a regular file: a null device takes the
/// output, a full one fails the run with the usual error, and both stay devices. (The nodes are
/// made in a scratch directory: a regression must not replace the system's own.)
#[cfg(unix)]
#[test]
fn device_outputs_are_written_in_place() {
    let dir = Scratch::new("device-out");
    let (null, full) = (dir.path("null"), dir.path("full"));
    if !device_node(&null, 1, 3) || !device_node(&full, 1, 7) {
        return;
    }
    let out = gongwen(&["convert", SAMPLE, "--to", "xml", "-o", s(&null)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).is_empty() || !stderr(&out).contains("error"));
    let out = gongwen(&["convert", SAMPLE, "--to", "pdf", "-o", s(&full)]);
    assert_error(&out, "full", "cannot write");
    assert!(
        stderr(&out).contains("No space left on device"),
        "{}",
        stderr(&out)
    );
    assert!(is_char_device(&null) && is_char_device(&full));
    assert_eq!(dir.entries(), ["full", "null"], "no temporary file either");
}

/// A FIFO gets the output through the pipe (its reader sees the whole document and an end), and
/// stays a FIFO.
#[cfg(unix)]
#[test]
fn fifo_outputs_are_written_through_the_pipe() {
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::fs::FileTypeExt;
    let dir = Scratch::new("fifo-out");
    let fifo = dir.path("out.xml");
    let name = std::ffi::CString::new(fifo.as_os_str().as_bytes()).unwrap();
    // SAFETY: `name` is a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o644) }, 0);
    let (sender, received) = std::sync::mpsc::channel();
    {
        let fifo = fifo.clone();
        std::thread::spawn(move || sender.send(std::fs::read(fifo).unwrap()));
    }
    let out = gongwen(&["convert", SAMPLE, "-o", s(&fifo)]);
    assert!(out.status.success(), "{}", stderr(&out));
    // A FIFO replaced by a file would leave its reader waiting for ever.
    let read = received.recv_timeout(Duration::from_secs(60));
    assert_eq!(read.expect("the FIFO's reader got an end"), sample_xml());
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    assert_eq!(dir.entries(), ["out.xml"]);
}

/// A link to the process's standard output (`/proc/self/fd/1`, like `/dev/stdout`) writes
/// there; a link to a regular file replaces that file's content and keeps the link.
#[cfg(target_os = "linux")]
#[test]
fn links_are_followed_not_replaced() {
    let dir = Scratch::new("link-out");
    let to_stdout = dir.path("stdout.xml");
    std::os::unix::fs::symlink("/proc/self/fd/1", &to_stdout).unwrap();
    let out = gongwen(&["convert", SAMPLE, "-o", s(&to_stdout)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(out.stdout, sample_xml());
    let target = dir.path("real.xml");
    std::fs::write(&target, b"old").unwrap();
    let link = dir.path("link.xml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = gongwen(&["convert", SAMPLE, "-o", s(&link)]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read(&target).unwrap(), sample_xml());
    assert_eq!(dir.entries(), ["link.xml", "real.xml", "stdout.xml"]);
}

/// Runs `check` on `inputs`, reading `keep` bytes of its standard output and then closing it;
/// returns the exit code.
fn check_closing_early(args: &[&str], keep: usize) -> Option<i32> {
    use std::io::Read;
    let mut child = Command::new(BIN)
        .arg("check")
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary runs");
    let mut stdout = child.stdout.take().unwrap();
    let mut kept = vec![0; keep];
    let _ = stdout.read_exact(&mut kept);
    drop(stdout);
    child.wait().unwrap().code()
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]

    /// `check`'s exit code does not depend on whether its reader read everything: a failing
    /// check piped into `head` still fails. The output (many copies of the sample, then the
    /// failing report) is far larger than a pipe holds, so the closed pipe is seen mid-run.
    #[test]
    fn check_exit_code_survives_a_closed_stdout(keep in 0usize..200_000, case in 0usize..4) {
        let dir = Scratch::new(&format!("epipe-{keep}-{case}"));
        let bad = dir.path("bad.txt");
        std::fs::write(
            &bad,
            "某区调解工作报告\n一、总体情况\n\u{3000}\u{3000}共调解案件2672件，调解成功2354件，调解成功率90.09%。\n",
        )
        .unwrap();
        let mut args: Vec<&str> = vec![SAMPLE; 40];
        let (extra, input): (&[&str], &str) = match case {
            0 => (&[], s(&bad)),
            1 => (&["--format", "json"], s(&bad)),
            2 => (&["--format", "sarif"], s(&bad)),
            _ => (&["--deny", "warnings"], SAMPLE),
        };
        args.push(input);
        args.extend(extra);
        let full = gongwen(&[&["check"], &args[..]].concat()).status.code();
        proptest::prop_assert_eq!(full, Some(1));
        proptest::prop_assert_eq!(check_closing_early(&args, keep), full);
    }
}

/// Decoding that says what it did: a cut UTF-8 file is refused with `--lossy` named, `--lossy`
/// then reads it with a warning that counts the replacement, and `archive` takes `--encoding`.
#[test]
fn lossy_reading_warns_and_archive_takes_an_encoding() {
    let dir = Scratch::new("lossy-warning");
    let text = std::fs::read(SAMPLE).unwrap();
    let mut cut = text.len() / 2;
    while text[cut] & 0xC0 != 0x80 {
        cut += 1;
    }
    let input = dir.path("cut.txt");
    std::fs::write(&input, &text[..cut]).unwrap();
    let out = gongwen(&["check", s(&input)]);
    assert_error(&out, "cut.txt", "ends mid-character");
    assert!(stderr(&out).contains("--lossy"), "{}", stderr(&out));
    let out = gongwen(&["check", "--lossy", s(&input)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let line = text[..cut].iter().filter(|&&b| b == b'\n').count() + 1;
    assert_eq!(
        stderr(&out),
        format!(
            "gongwen: warning: {}: --lossy replaced 1 undecodable character with U+FFFD (on line {line})\n",
            s(&input)
        )
    );
    let gbk = dir.path("gbk.txt");
    let sample = String::from_utf8(text).unwrap();
    std::fs::write(&gbk, encoding_rs::GB18030.encode(&sample).0).unwrap();
    let archive = dir.path("archive");
    let out = gongwen(&["archive", s(&gbk), "-o", s(&archive), "--encoding", "utf-8"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("invalid UTF-8 at line 1"),
        "{}",
        stderr(&out)
    );
    let out = gongwen(&["archive", s(&gbk), "-o", s(&archive), "--encoding", "gbk"]);
    assert!(out.status.success(), "{}", stderr(&out));
}

/// A gongwen XML whose body holds no text is as empty as an empty text file: exit 2, not an
/// empty PDF.
#[test]
fn an_xml_report_without_text_is_empty() {
    let dir = Scratch::new("empty-xml");
    let xml = String::from_utf8(sample_xml()).unwrap();
    let head = &xml[..xml.find("<body").expect("a body")];
    let empty = dir.path("empty.xml");
    std::fs::write(&empty, format!("{head}<body>\n  </body>\n</report>\n")).unwrap();
    for args in [
        vec!["convert", s(&empty), "-o", "-", "--to", "pdf"],
        vec!["check", s(&empty)],
    ] {
        let out = gongwen(&args);
        assert_error(&out, "empty.xml", "the input is empty");
        assert!(out.stdout.is_empty());
    }
}
