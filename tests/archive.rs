//! `gongwen archive`: PDF/A-3b with the XML attached and the XML for every report under the
//! inputs, a manifest with SHA-256 checksums that `sha256sum -c` accepts, failures that fail only
//! their input, and runs that resume where the last one stopped.

mod common;

use common::{Scratch, stderr, tool_available};
use sha2::{Digest, Sha256};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/jinghai-2020-rule-of-law-report.txt"
);

const PAGE: &str = "<!DOCTYPE html><html><body><h1>报告</h1>\
                    <p>全年受理案件120件，其中行政复议45件、行政诉讼75件。</p></body></html>";

fn gongwen(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn archive(inputs: &Path, out: &Path) -> Output {
    gongwen(&[
        Path::new("archive"),
        inputs,
        Path::new("-o"),
        out,
        Path::new("-j2"),
    ])
}

fn sha256(path: &Path) -> String {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The manifest's lines, parsed.
fn manifest(out: &Path) -> Vec<serde_json::Value> {
    fs::read_to_string(out.join("manifest.jsonl"))
        .expect("manifest")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect()
}

/// A directory of reports: the sample, a web page in a subdirectory, a hidden file and an image
/// that are not archived.
fn reports(scratch: &Scratch) -> PathBuf {
    let dir = scratch.path("reports");
    fs::create_dir_all(dir.join("2021")).expect("mkdir");
    fs::copy(SAMPLE, dir.join("jinghai.txt")).expect("copy sample");
    fs::write(dir.join("2021/page.html"), PAGE).expect("write page");
    // A second name with a dot in its stem is a different report, not the same one's output.
    fs::write(dir.join("2021/page.orig.html"), PAGE).expect("write page");
    fs::write(dir.join(".draft.txt"), "全年受理案件1件。").expect("write hidden");
    fs::write(dir.join("photo.png"), b"\x89PNG\r\n\x1a\n").expect("write image");
    dir
}

#[test]
fn a_directory_is_archived_with_checksums_and_the_xml_attached() {
    let scratch = Scratch::new("archive-dir");
    let reports = reports(&scratch);
    let out = scratch.path("archive");
    let run = archive(&reports, &out);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        stderr(&run).contains("archived 3, unchanged 0, failed 0"),
        "{}",
        stderr(&run)
    );
    let entries = manifest(&out);
    let inputs: Vec<&str> = entries
        .iter()
        .map(|e| e["input"].as_str().unwrap())
        .collect();
    assert_eq!(
        inputs,
        [
            reports.join("2021/page.html").to_str().unwrap(),
            reports.join("2021/page.orig.html").to_str().unwrap(),
            reports.join("jinghai.txt").to_str().unwrap()
        ]
    );
    for (entry, stem) in entries
        .iter()
        .zip(["2021/page", "2021/page.orig", "jinghai"])
    {
        assert_eq!(
            entry["input_sha256"].as_str(),
            Some(sha256(Path::new(entry["input"].as_str().unwrap())).as_str())
        );
        assert!(entry["error"].is_null());
        let outputs: Vec<(&str, &str)> = entry["outputs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| (o["path"].as_str().unwrap(), o["sha256"].as_str().unwrap()))
            .collect();
        assert_eq!(outputs.len(), 2);
        assert_eq!(outputs[0].0, format!("{stem}.pdf"));
        assert_eq!(outputs[1].0, format!("{stem}.xml"));
        for (path, sha) in outputs {
            assert_eq!(sha256(&out.join(path)), sha, "{path}");
        }
    }
    // The sample's checks are recorded: 47 warnings and an info, no error.
    assert_eq!(entries[2]["findings"], serde_json::json!([0, 47, 1]));
    // The XML is what `convert` writes.
    let convert = gongwen(&[
        Path::new("convert"),
        Path::new(SAMPLE),
        Path::new("--to"),
        Path::new("xml"),
        Path::new("-o"),
        Path::new("-"),
    ]);
    assert_eq!(
        fs::read(out.join("jinghai.xml")).expect("XML"),
        convert.stdout
    );
    let mut names: Vec<String> = fs::read_dir(&out)
        .expect("archive")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "2021",
            "SHA256SUMS",
            "jinghai.pdf",
            "jinghai.xml",
            "manifest.jsonl"
        ]
    );
    if tool_available("sha256sum") {
        let check = Command::new("sha256sum")
            .args(["-c", "SHA256SUMS"])
            .current_dir(&out)
            .output()
            .expect("sha256sum runs");
        assert!(check.status.success(), "{}", stderr(&check));
        assert_eq!(String::from_utf8_lossy(&check.stdout).lines().count(), 6);
    }
    if tool_available("pdfdetach") {
        let attached = scratch.path("attached.xml");
        let detach = Command::new("pdfdetach")
            .args(["-save", "1", "-o"])
            .arg(&attached)
            .arg(out.join("2021/page.pdf"))
            .output()
            .expect("pdfdetach runs");
        assert!(detach.status.success(), "{}", stderr(&detach));
        assert_eq!(
            fs::read(&attached).expect("attached XML"),
            fs::read(out.join("2021/page.xml")).expect("XML")
        );
    }
}

#[test]
fn a_second_run_skips_what_is_archived_and_redoes_what_changed() {
    let scratch = Scratch::new("archive-resume");
    let reports = reports(&scratch);
    let out = scratch.path("archive");
    assert_eq!(archive(&reports, &out).status.code(), Some(0));
    let modified = |path: &str| fs::metadata(out.join(path)).unwrap().modified().unwrap();
    let before = modified("jinghai.pdf");

    let again = archive(&reports, &out);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("archived 0, unchanged 3, failed 0"),
        "{}",
        stderr(&again)
    );
    assert_eq!(modified("jinghai.pdf"), before);

    // A changed input and a deleted output are done again; the rest is left alone.
    fs::write(
        reports.join("2021/page.html"),
        PAGE.replace("120件", "121件"),
    )
    .expect("edit");
    fs::remove_file(out.join("jinghai.xml")).expect("remove");
    let third = archive(&reports, &out);
    assert_eq!(third.status.code(), Some(0));
    assert!(
        stderr(&third).contains("archived 2, unchanged 1, failed 0"),
        "{}",
        stderr(&third)
    );
    assert!(out.join("jinghai.xml").exists());
    // The manifest has one line an input, with the new checksum.
    let entries = manifest(&out);
    assert_eq!(entries.len(), 3);
    assert_eq!(
        entries[0]["input_sha256"].as_str(),
        Some(sha256(&reports.join("2021/page.html")).as_str())
    );
}

#[test]
fn an_input_that_fails_fails_alone() {
    let scratch = Scratch::new("archive-failure");
    let good = scratch.path("good.txt");
    let bad = scratch.path("bad.txt");
    fs::write(&good, "全年受理案件120件。").expect("write");
    fs::write(&bad, b"\x89PNG\r\n\x1a\n....").expect("write");
    let out = scratch.path("archive");
    let run = gongwen(&[Path::new("archive"), &bad, &good, Path::new("-o"), &out]);
    assert_eq!(run.status.code(), Some(2), "{}", stderr(&run));
    let message = stderr(&run);
    assert!(
        message.contains("bad.txt: this is a PNG image"),
        "{message}"
    );
    assert!(
        message.contains("archived 1, unchanged 0, failed 1"),
        "{message}"
    );
    assert!(out.join("good.pdf").exists() && out.join("good.xml").exists());
    assert!(!out.join("bad.pdf").exists());
    let entries = manifest(&out);
    assert!(
        entries[0]["error"]
            .as_str()
            .is_some_and(|e| e.contains("PNG"))
    );
    assert_eq!(entries[0]["outputs"], serde_json::json!([]));
    // A failed input is tried again on the next run.
    let again = gongwen(&[Path::new("archive"), &bad, &good, Path::new("-o"), &out]);
    assert!(
        stderr(&again).contains("archived 0, unchanged 1, failed 1"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn inputs_that_would_share_an_output_stop_the_run_before_any_work() {
    let scratch = Scratch::new("archive-collision");
    let dir = scratch.path("reports");
    fs::create_dir_all(&dir).expect("mkdir");
    fs::write(dir.join("report.txt"), "全年受理案件1件。").expect("write");
    fs::write(dir.join("report.html"), PAGE).expect("write");
    let out = scratch.path("archive");
    let run = archive(&dir, &out);
    common::assert_error(&run, "report.html", "would both be archived as");
    assert!(!out.exists());
    // An archive that would overwrite its input (an XML report archived into its own directory).
    let xml = dir.join("kept.xml");
    let convert = gongwen(&[
        Path::new("convert"),
        Path::new(SAMPLE),
        Path::new("-o"),
        &xml,
    ]);
    assert!(convert.status.success());
    let run = gongwen(&[Path::new("archive"), &xml, Path::new("-o"), &dir]);
    common::assert_error(&run, "kept.xml", "would overwrite it");
}

#[test]
fn an_archive_inside_its_inputs_and_a_cut_journal_line_are_passed_over() {
    let scratch = Scratch::new("archive-inside");
    let reports = reports(&scratch);
    let out = reports.join("archive");
    assert_eq!(archive(&reports, &out).status.code(), Some(0));
    // An interrupted run left half a line in the journal.
    let journal = out.join("manifest.jsonl");
    let mut text = fs::read_to_string(&journal).expect("journal");
    text.push_str("{\"input\":\"reports/x.txt\",\"input_sha");
    fs::write(&journal, text).expect("write");
    let again = archive(&reports, &out);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    // The archive's own XML files are not taken for reports.
    assert!(
        stderr(&again).contains("archived 0, unchanged 3, failed 0"),
        "{}",
        stderr(&again)
    );
    assert_eq!(manifest(&out).len(), 3);
}

#[test]
fn a_run_killed_midway_resumes_where_it_stopped() {
    let scratch = Scratch::new("archive-killed");
    let dir = scratch.path("reports");
    fs::create_dir_all(&dir).expect("mkdir");
    let total = 24;
    let sample = fs::read_to_string(SAMPLE).expect("sample");
    for i in 0..total {
        // Distinct inputs, so each has its own checksum.
        fs::write(
            dir.join(format!("r{i:02}.txt")),
            format!("{sample}\n第{i}份。\n"),
        )
        .expect("write");
    }
    let out = scratch.path("archive");
    let mut child = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args([
            Path::new("archive"),
            &dir,
            Path::new("-o"),
            &out,
            Path::new("-j1"),
        ])
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("the binary runs");
    // Kill it outright once two inputs are in the journal.
    let journal = out.join("manifest.jsonl");
    let started = std::time::Instant::now();
    while fs::read_to_string(&journal).map_or(0, |j| j.lines().count()) < 2 {
        assert!(
            started.elapsed().as_secs() < 120,
            "no progress in the journal"
        );
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    child.kill().expect("kill");
    child.wait().expect("reap");
    // A line the kill cut short does not count: that input is done again.
    let done_before = fs::read_to_string(&journal)
        .expect("journal")
        .lines()
        .filter(|l| serde_json::from_str::<serde_json::Value>(l).is_ok())
        .count();
    assert!(
        (2..total).contains(&done_before),
        "{done_before} of {total} done when killed"
    );

    let again = archive(&dir, &out);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    let message = stderr(&again);
    assert!(
        message.contains(&format!(
            "archived {}, unchanged {done_before}, failed 0",
            total - done_before
        )),
        "{message}"
    );
    assert_eq!(manifest(&out).len(), total);
    // No temporary file of the killed write is left.
    let leftovers: Vec<String> = fs::read_dir(&out)
        .expect("archive")
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    if tool_available("sha256sum") {
        let check = Command::new("sha256sum")
            .args(["-c", "--quiet", "SHA256SUMS"])
            .current_dir(&out)
            .output()
            .expect("sha256sum runs");
        assert!(check.status.success(), "{}", stderr(&check));
    }
}

/// Runs `sha256sum -c SHA256SUMS` in the archive and asserts that every one of `count` outputs
/// is there and as listed; prints `SKIP:` without the tool.
fn assert_checksums_verify(out: &Path, count: usize) {
    if !tool_available("sha256sum") {
        return;
    }
    let check = Command::new("sha256sum")
        .args(["-c", "SHA256SUMS"])
        .current_dir(out)
        .output()
        .expect("sha256sum runs");
    let report = String::from_utf8_lossy(&check.stdout);
    assert!(check.status.success(), "{report}{}", stderr(&check));
    assert_eq!(
        report.lines().filter(|l| l.ends_with(": OK")).count(),
        count,
        "{report}"
    );
}

// File names with a newline, a backslash or bytes that are not UTF-8 (Linux allows them) are
// archived under the same names, listed so that `sha256sum -c` finds them, and recognised on
// the next run.
#[cfg(unix)]
#[test]
fn names_with_newlines_backslashes_and_bytes_not_utf8_are_kept_exactly() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let scratch = Scratch::new("archive-names");
    let dir = scratch.path("reports");
    fs::create_dir_all(&dir).expect("mkdir");
    let names: [&[u8]; 4] = [
        b"plain.txt",
        b"new\nline.txt",
        b"back\\slash.txt",
        b"caf\xe9 \xff.txt",
    ];
    for name in names {
        fs::write(dir.join(OsStr::from_bytes(name)), "全年受理案件120件。").expect("write");
    }
    let out = scratch.path("archive");
    let run = archive(&dir, &out);
    assert!(
        stderr(&run).contains("archived 4, unchanged 0, failed 0"),
        "{}",
        stderr(&run)
    );
    assert_eq!(run.status.code(), Some(0));
    for name in names {
        let stem = &name[..name.len() - ".txt".len()];
        for extension in [b".pdf", b".xml"] {
            let output = out.join(OsStr::from_bytes(&[stem, extension].concat()));
            assert!(output.is_file(), "{} missing", output.display());
        }
    }
    let sums = fs::read(out.join("SHA256SUMS")).expect("SHA256SUMS");
    let lines: Vec<&[u8]> = sums
        .split(|&b| b == b'\n')
        .filter(|l| !l.is_empty())
        .collect();
    assert_eq!(lines.len(), 8);
    let named = |name: &[u8]| {
        lines
            .iter()
            .find(|l| l.ends_with(name))
            .unwrap_or_else(|| panic!("no line for {}", String::from_utf8_lossy(name)))
    };
    assert!(named(b"  back\\\\slash.pdf").starts_with(b"\\"));
    assert!(named(b"  new\\nline.xml").starts_with(b"\\"));
    assert!(named(b"  caf\xe9 \xff.pdf")[0].is_ascii_hexdigit());
    assert!(named(b"  plain.pdf")[0].is_ascii_hexdigit());
    assert_checksums_verify(&out, 8);

    // The manifest keeps an ordinary name a string, and the rest exactly.
    let entries = manifest(&out);
    let input = |entry: &serde_json::Value| entry["input"].clone();
    assert_eq!(
        entries.iter().map(input).collect::<Vec<_>>(),
        [
            serde_json::json!(dir.join("back\\slash.txt").to_str().unwrap()),
            serde_json::json!({
                "lossy": dir.join("caf\u{fffd} \u{fffd}.txt").to_str().unwrap(),
                "hex": dir
                    .join(OsStr::from_bytes(b"caf\xe9 \xff.txt"))
                    .as_os_str()
                    .as_bytes()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect::<String>(),
            }),
            serde_json::json!(dir.join("new\nline.txt").to_str().unwrap()),
            serde_json::json!(dir.join("plain.txt").to_str().unwrap()),
        ]
    );
    assert_eq!(
        entries[1]["outputs"][0]["path"]["hex"],
        serde_json::json!("636166e920ff2e706466")
    );

    let again = archive(&dir, &out);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("archived 0, unchanged 4, failed 0"),
        "{}",
        stderr(&again)
    );
    assert_eq!(manifest(&out), entries);
    assert_eq!(fs::read(out.join("SHA256SUMS")).expect("SHA256SUMS"), sums);
}

/// Every file below `dir` with its SHA-256, `/`-separated paths relative to `dir`, sorted.
fn tree(dir: &Path) -> Vec<(String, String)> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(next) = pending.pop() {
        for entry in fs::read_dir(&next).expect("list") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .unwrap()
                    .to_str()
                    .unwrap()
                    .to_string();
                files.push((relative, sha256(&path)));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn an_archive_kept_beside_its_inputs_resumes_and_never_takes_its_copies_for_inputs() {
    let scratch = Scratch::new("archive-beside");
    let reports = reports(&scratch);
    let inputs = tree(&reports);
    let first = archive(&reports, &reports);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(
        stderr(&first).contains("archived 3, unchanged 0, failed 0"),
        "{}",
        stderr(&first)
    );
    let archived = tree(&reports);
    let mut expected: Vec<&str> = inputs.iter().map(|(p, _)| p.as_str()).collect();
    expected.extend([
        "2021/page.orig.pdf",
        "2021/page.orig.xml",
        "2021/page.pdf",
        "2021/page.xml",
        "SHA256SUMS",
        "jinghai.pdf",
        "jinghai.xml",
        "manifest.jsonl",
    ]);
    expected.sort();
    assert_eq!(
        archived.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
        expected
    );
    // The inputs are as they were.
    assert!(inputs.iter().all(|input| archived.contains(input)));

    // Run again: the XML copies, the PDFs, the manifest are not inputs; nothing is redone.
    let again = archive(&reports, &reports);
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(
        stderr(&again).contains("archived 0, unchanged 3, failed 0"),
        "{}",
        stderr(&again)
    );
    assert_eq!(manifest(&reports).len(), 3);
    // Nor when they are named one by one on the command line.
    let mut args = vec![PathBuf::from("archive")];
    args.extend(
        [
            "jinghai.txt",
            "jinghai.pdf",
            "jinghai.xml",
            "manifest.jsonl",
            "SHA256SUMS",
        ]
        .map(|name| reports.join(name)),
    );
    args.extend([PathBuf::from("-o"), reports.clone()]);
    let by_name = gongwen(&args.iter().map(PathBuf::as_path).collect::<Vec<_>>());
    assert_eq!(by_name.status.code(), Some(0), "{}", stderr(&by_name));
    assert!(
        stderr(&by_name).contains("archived 0, unchanged 1, failed 0"),
        "{}",
        stderr(&by_name)
    );
    assert_eq!(manifest(&reports).len(), 3);
    assert_eq!(tree(&reports), archived);
    assert_checksums_verify(&reports, 6);
}

/// What `gongwen check` finds in `dir`: the JSON it prints.
fn check(dir: &Path) -> serde_json::Value {
    let run = gongwen(&[
        Path::new("check"),
        dir,
        Path::new("--format"),
        Path::new("json"),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    serde_json::from_slice(&run.stdout).expect("JSON")
}

/// The files `gongwen check` checks in `dir`, in order.
fn checked(found: &serde_json::Value) -> Vec<String> {
    found
        .as_array()
        .expect("one object a file")
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn checking_a_directory_passes_over_the_copies_of_the_archives_in_it() {
    let scratch = Scratch::new("archive-check");
    let reports = reports(&scratch);
    let name = |relative: &str| reports.join(relative).to_str().unwrap().to_string();
    let before = check(&reports);
    assert_eq!(
        checked(&before),
        [
            name("2021/page.html"),
            name("2021/page.orig.html"),
            name("jinghai.txt")
        ]
    );
    assert_eq!(before[2]["summary"]["warnings"], 47);
    let before_2021 = check(&reports.join("2021"));
    assert_eq!(checked(&before_2021).len(), 2);

    // An archive kept beside the reports, then one in a directory of its own among them: the
    // same reports are checked, with the same findings, also in a directory below the first
    // archive's manifest.
    for out in [reports.clone(), reports.join("out")] {
        let run = archive(&reports, &out);
        assert!(
            stderr(&run).contains("archived 3, unchanged 0, failed 0"),
            "{}",
            stderr(&run)
        );
        assert!(out.join("jinghai.xml").is_file());
        assert_eq!(check(&reports), before);
        assert_eq!(check(&reports.join("2021")), before_2021);
    }
    // The archive directory looked at for itself holds nothing but copies: those are checked,
    // the PDFs as the XML.
    assert_eq!(
        checked(&check(&reports.join("out"))),
        [
            name("out/2021/page.orig.pdf"),
            name("out/2021/page.orig.xml"),
            name("out/2021/page.pdf"),
            name("out/2021/page.xml"),
            name("out/jinghai.pdf"),
            name("out/jinghai.xml")
        ]
    );
}

/// `--lossy` in an archive: the manifest records how many characters were replaced and the
/// progress line says so; the reading options are part of what the outputs were made with, so a
/// run with other options archives again.
#[test]
fn lossy_archiving_records_what_it_replaced() {
    let scratch = Scratch::new("archive-lossy");
    let dir = scratch.path("in");
    fs::create_dir_all(&dir).unwrap();
    let text = fs::read(SAMPLE).unwrap();
    let mut cut = text.len() / 2;
    while text[cut] & 0xC0 != 0x80 {
        cut += 1;
    }
    fs::write(dir.join("cut.txt"), &text[..cut]).unwrap();
    let out = scratch.path("out");
    let refused = archive(&dir, &out);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("ends mid-character"),
        "{}",
        stderr(&refused)
    );
    let lossy = gongwen(&[
        Path::new("archive"),
        &dir,
        Path::new("-o"),
        &out,
        Path::new("--lossy"),
    ]);
    assert!(lossy.status.success(), "{}", stderr(&lossy));
    assert!(
        stderr(&lossy).contains(", --lossy replaced 1 character)"),
        "{}",
        stderr(&lossy)
    );
    let lines = manifest(&out);
    let entry = lines.last().unwrap();
    assert_eq!(entry["replaced"], 1, "{entry}");
    assert!(
        entry["made_with"].as_str().unwrap().ends_with(" lossy"),
        "{entry}"
    );
    let xml = fs::read_to_string(out.join("cut.xml")).unwrap();
    assert!(xml.contains("<encoding replaced=\"1\">UTF-8</encoding>"));
}
