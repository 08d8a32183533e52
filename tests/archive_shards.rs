//! `gongwen archive --shard I/N` and `archive merge`: a run split into parts that separate
//! processes do, one after another or at once, merged into the manifest and checksums a run in
//! one piece writes; a missing, unfinished or inconsistent shard refused by name; a shard killed
//! midway resumed.

mod common;

use common::{Scratch, corpus_dir, stderr, tool_available};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The binary with `args`, stamping documents with a fixed date so two runs write the same bytes.
fn command(args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_gongwen"));
    command
        .args(args)
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .env_remove("SLURM_ARRAY_TASK_ID")
        .env_remove("JOB_COMPLETION_INDEX")
        .stdin(Stdio::null());
    command
}

fn run(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

fn ok(args: &[&str]) -> Output {
    let out = run(args);
    assert!(out.status.success(), "{args:?}: {}", stderr(&out));
    out
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// A file's lines, sorted.
fn sorted_lines(path: &Path) -> Vec<String> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    lines.sort();
    lines
}

/// Asserts that two archives hold the same manifest lines and checksums, and that `sha256sum -c`
/// accepts the second.
fn assert_same_archive(one_shot: &Path, merged: &Path) {
    for name in ["manifest.jsonl", "SHA256SUMS"] {
        let (expected, got) = (
            sorted_lines(&one_shot.join(name)),
            sorted_lines(&merged.join(name)),
        );
        assert!(!expected.is_empty());
        assert_eq!(expected, got, "{name} of {}", merged.display());
    }
    if tool_available("sha256sum") {
        let check = Command::new("sha256sum")
            .args(["-c", "--quiet", "SHA256SUMS"])
            .current_dir(merged)
            .output()
            .expect("sha256sum runs");
        assert!(check.status.success(), "{}", stderr(&check));
    }
}

/// Small reports in `dir`, one a line of `lines`.
fn small_reports(dir: &Path, count: usize) -> PathBuf {
    let reports = dir.join("reports");
    fs::create_dir_all(reports.join("sub")).expect("mkdir");
    for i in 0..count {
        let place = if i % 3 == 0 {
            reports.join("sub")
        } else {
            reports.clone()
        };
        fs::write(
            place.join(format!("r{i}.txt")),
            format!(
                "第{i}号报告\n\n全年受理案件{}件，其中行政复议45件、行政诉讼{}件。\n",
                100 + i,
                55 + i
            ),
        )
        .expect("write report");
    }
    reports
}

/// Archives every shard of `inputs` into `out`, one after another.
fn shards_one_after_another(inputs: &Path, out: &Path, count: usize) {
    for index in 0..count {
        ok(&[
            "archive",
            s(inputs),
            "-o",
            s(out),
            "-j2",
            "--shard",
            &format!("{index}/{count}"),
        ]);
    }
}

#[test]
fn the_corpus_in_three_shards_merges_into_the_one_shot_archive() {
    let Some(corpus) = corpus_dir() else {
        return;
    };
    let inputs = corpus.join("raw");
    let scratch = Scratch::new("shards-corpus");
    let (one_shot, after, at_once) = (
        scratch.path("one-shot"),
        scratch.path("after"),
        scratch.path("at-once"),
    );
    ok(&["archive", s(&inputs), "-o", s(&one_shot), "-j2"]);

    shards_one_after_another(&inputs, &after, 3);
    // Before the merge there is no manifest of the whole run; each shard has its own.
    assert!(!after.join("manifest.jsonl").exists());
    let merged = ok(&["archive", "merge", s(&after)]);
    assert!(
        stderr(&merged).contains("merged 3 shards, 47 inputs (0 failed)"),
        "{}",
        stderr(&merged)
    );
    assert_same_archive(&one_shot, &after);

    let children: Vec<_> = (0..3)
        .map(|index| {
            command(&[
                "archive",
                s(&inputs),
                "-o",
                s(&at_once),
                "-j1",
                "--shard",
                &format!("{index}/3"),
            ])
            .stderr(Stdio::piped())
            .spawn()
            .expect("the binary starts")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("the shard ends");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    ok(&["archive", "merge", s(&at_once)]);
    assert_same_archive(&one_shot, &at_once);

    // Every input is in exactly one shard, and the three are not far from even.
    let sizes: Vec<usize> = (0..3)
        .map(|i| sorted_lines(&at_once.join(format!("manifest.{i}-of-3.jsonl"))).len())
        .collect();
    assert_eq!(sizes.iter().sum::<usize>(), 47, "{sizes:?}");
    assert!(sizes.iter().all(|&n| n >= 8), "{sizes:?}");
}

#[test]
fn missing_unfinished_and_inconsistent_shards_are_refused_by_name() {
    let scratch = Scratch::new("shards-refused");
    let reports = small_reports(&scratch, 9);
    let out = scratch.path("out");
    let refused = |what: &str| {
        let merge = run(&["archive", "merge", s(&out)]);
        assert_eq!(merge.status.code(), Some(2), "{}", stderr(&merge));
        let message = stderr(&merge);
        assert!(message.contains(what), "{message}");
        assert_eq!(message.trim_end().lines().count(), 1, "{message}");
        assert!(!out.join("manifest.jsonl").exists(), "merged anyway");
    };
    let shard = |spec: &str| {
        ok(&["archive", s(&reports), "-o", s(&out), "--shard", spec]);
    };

    let none = run(&["archive", "merge", s(&reports)]);
    assert_eq!(none.status.code(), Some(2));
    assert!(stderr(&none).contains("no shard here"), "{}", stderr(&none));

    shard("0/3");
    shard("2/3");
    refused("shard 1/3 is missing (no manifest.1-of-3.jsonl): run it with --shard 1/3");
    shard("1/3");

    // Killed before its end: no record.
    let record = out.join("shard.2-of-3.json");
    let kept = fs::read(&record).expect("record");
    fs::remove_file(&record).expect("remove");
    refused("shard 2/3 did not finish");
    fs::write(&record, &kept).expect("restore");

    // Made by another version.
    let manifest = out.join("manifest.1-of-3.jsonl");
    let record1 = out.join("shard.1-of-3.json");
    let version = format!("gongwen {}", env!("CARGO_PKG_VERSION"));
    for path in [&record1, &manifest] {
        let text = fs::read_to_string(path).expect("read");
        fs::write(path, text.replace(&version, "gongwen 0.0.1")).expect("write");
    }
    refused("shard 1/3 was made with `gongwen 0.0.1 pdfa=3b`, shard 0/3 with");
    shard("1/3");
    ok(&["archive", "merge", s(&out)]);
    fs::remove_file(out.join("manifest.jsonl")).expect("remove");

    // An output changed after its shard wrote it.
    let some_pdf = fs::read_to_string(&manifest)
        .expect("read")
        .lines()
        .next()
        .map(|line| {
            let entry: serde_json::Value = serde_json::from_str(line).expect("JSON");
            entry["outputs"][0]["path"]
                .as_str()
                .expect("path")
                .to_string()
        })
        .expect("shard 1/3 has an input");
    let pdf = out.join(&some_pdf);
    let original = fs::read(&pdf).expect("read");
    fs::write(&pdf, b"%PDF-1.7 edited").expect("write");
    refused(&format!(
        "{}: changed since shard 1/3 wrote it",
        pdf.display()
    ));
    fs::write(&pdf, &original).expect("restore");

    // Another run's shards in the same directory.
    fs::write(out.join("manifest.0-of-2.jsonl"), "").expect("write");
    refused("shards of a run in 2 parts and of one in 3");
    fs::remove_file(out.join("manifest.0-of-2.jsonl")).expect("remove");
    ok(&["archive", "merge", s(&out)]);
}

#[test]
fn an_input_edited_between_shards_is_refused() {
    let scratch = Scratch::new("shards-edited");
    let reports = small_reports(&scratch, 6);
    let out = scratch.path("out");
    ok(&["archive", s(&reports), "-o", s(&out), "--shard", "0/2"]);
    let edited = reports.join("r1.txt");
    let mut text = fs::read_to_string(&edited).expect("read");
    text.push_str("全年办结案件98件。\n");
    fs::write(&edited, text).expect("edit");
    ok(&["archive", s(&reports), "-o", s(&out), "--shard", "1/2"]);
    let merge = run(&["archive", "merge", s(&out)]);
    assert_eq!(merge.status.code(), Some(2));
    assert!(
        stderr(&merge).contains("shard 1/2 and shard 0/2 saw different inputs"),
        "{}",
        stderr(&merge)
    );
    // Run again, both see the same inputs: the edited one is archived anew, the rest resume.
    ok(&["archive", s(&reports), "-o", s(&out), "--shard", "0/2"]);
    ok(&["archive", "merge", s(&out)]);
}

#[test]
fn a_shard_killed_midway_completes_when_run_again() {
    let scratch = Scratch::new("shards-killed");
    let reports = small_reports(&scratch, 24);
    let out = scratch.path("out");
    let args = [
        "archive",
        s(&reports),
        "-o",
        s(&out),
        "-j1",
        "--shard",
        "0/1",
    ];
    let mut child = command(&args)
        .stderr(Stdio::null())
        .spawn()
        .expect("the binary starts");
    let journal = out.join("manifest.0-of-1.jsonl");
    let started = std::time::Instant::now();
    while fs::read_to_string(&journal).map_or(0, |t| t.lines().count()) < 2 {
        assert!(
            started.elapsed().as_secs() < 120,
            "no input archived in two minutes"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    child.kill().expect("kill");
    child.wait().expect("wait");
    let done = fs::read_to_string(&journal)
        .expect("journal")
        .lines()
        .count();
    assert!(done < 24, "the shard ended before it was killed");
    assert!(!out.join("shard.0-of-1.json").exists());
    let merge = run(&["archive", "merge", s(&out)]);
    assert!(
        stderr(&merge).contains("shard 0/1 did not finish"),
        "{}",
        stderr(&merge)
    );

    let again = ok(&args);
    let message = stderr(&again);
    assert!(
        message.contains(&format!(
            "unchanged {done}, failed 0 (shard 0/1, 24 of 24 inputs)"
        )) || message.contains(&format!("unchanged {}, failed 0", done - 1)),
        "{message}"
    );
    ok(&["archive", "merge", s(&out)]);
    assert_eq!(sorted_lines(&out.join("manifest.jsonl")).len(), 24);
}

#[test]
fn the_shard_comes_from_a_job_array() {
    let scratch = Scratch::new("shards-env");
    let reports = small_reports(&scratch, 6);
    let out = scratch.path("out");
    let archive = |vars: &[(&str, &str)], extra: &[&str]| {
        let mut args = vec!["archive", s(&reports), "-o", s(&out)];
        args.extend(extra);
        let mut command = command(&args);
        command.envs(vars.iter().copied());
        command.output().expect("the binary runs")
    };
    // A Kubernetes Indexed Job gives the index, --shards the count.
    let k8s = archive(&[("JOB_COMPLETION_INDEX", "1")], &["--shards", "2"]);
    assert!(k8s.status.success(), "{}", stderr(&k8s));
    assert!(out.join("manifest.1-of-2.jsonl").exists());
    // A Slurm array task gives both, counted from its first index.
    let slurm = [
        ("SLURM_ARRAY_TASK_ID", "1"),
        ("SLURM_ARRAY_TASK_MIN", "1"),
        ("SLURM_ARRAY_TASK_COUNT", "2"),
    ];
    let first = archive(&slurm, &["--shard", "auto"]);
    assert!(first.status.success(), "{}", stderr(&first));
    assert!(out.join("shard.0-of-2.json").exists());
    ok(&["archive", "merge", s(&out)]);

    // Without an index, or with a count that disagrees, nothing is archived.
    let none = archive(&[], &["--shards", "2"]);
    assert_eq!(none.status.code(), Some(2));
    assert!(
        stderr(&none).contains("give --shard I/N"),
        "{}",
        stderr(&none)
    );
    let disagree = archive(&[], &["--shard", "0/2", "--shards", "3"]);
    assert_eq!(disagree.status.code(), Some(2));
    assert!(
        stderr(&disagree).contains("disagree"),
        "{}",
        stderr(&disagree)
    );
    let beyond = archive(&[], &["--shard", "2/2"]);
    assert_eq!(beyond.status.code(), Some(2));
    assert!(stderr(&beyond).contains("I below N"), "{}", stderr(&beyond));
}

#[test]
fn source_date_epoch_makes_archives_byte_identical() {
    let scratch = Scratch::new("shards-reproducible");
    let reports = small_reports(&scratch, 2);
    for out in ["a", "b"] {
        ok(&["archive", s(&reports), "-o", s(&scratch.path(out))]);
    }
    assert_eq!(
        fs::read(scratch.path("a/SHA256SUMS")).expect("a"),
        fs::read(scratch.path("b/SHA256SUMS")).expect("b")
    );
}
