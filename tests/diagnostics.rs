//! Rendered findings: the JSON contract, SARIF that the SARIF 2.1.0 schema accepts, the text
//! output of the sample as a reviewed golden file, and the exit codes of `gongwen check`.

mod common;

use serde_json::Value;
use std::path::Path;
use std::process::Command;

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/jinghai-2020-rule-of-law-report.txt"
);

fn gongwen(args: &[&str]) -> (Option<i32>, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_gongwen"))
        .args(args)
        .output()
        .expect("the binary runs");
    (
        out.status.code(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn scratch(name: &str, content: &str) -> common::ScratchFile {
    common::ScratchFile::new(&format!("diag-{name}"), content)
}

#[test]
fn json_finding_has_the_documented_fields_and_positions() {
    // Line 3 holds the claim; columns count characters (the CRLF and the indent are not).
    let path = scratch(
        "rate.txt",
        "某区调解工作报告\r\n一、总体情况\r\n\u{3000}\u{3000}共调解案件2672件，调解成功2354件，调解成功率90.09%。\r\n",
    );
    let (code, stdout, stderr) = gongwen(&["check", path.to_str().unwrap(), "--format", "json"]);
    assert_eq!(code, Some(1), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    let f = &findings[0];
    assert_eq!(f["rule"], "ratio.value");
    assert_eq!(f["severity"], "error");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(3), Some(8))
    );
    assert_eq!(
        (f["end_line"].as_u64(), f["end_column"].as_u64()),
        (Some(3), Some(35))
    );
    assert_eq!(f["excerpt"], "2672件，调解成功2354件，调解成功率90.09%");
    assert_eq!(f["expected"], "88.10");
    assert_eq!(f["stated"], "90.09");
    assert_eq!(f["arithmetic"], "2354 / 2672 = 88.0988…%");
    assert!(f["message"].as_str().unwrap().contains("should be 88.10%"));
    let figures: Vec<(&str, &str, u64)> = f["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["text"].as_str().unwrap(),
                g["value"].as_str().unwrap(),
                g["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        figures,
        [
            ("90.09%", "90.09", 29),
            ("2354件", "2354", 18),
            ("2672件", "2672", 8)
        ]
    );
    assert_eq!(json["summary"]["errors"], 1);
    assert_eq!(json["summary"]["warnings"], 0);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn exit_codes_deny_and_allow() {
    let warn = scratch("warn.txt", "标题\n收集企业问题1658个,问题收集率109.8%。");
    let w = warn.to_str().unwrap();
    assert_eq!(gongwen(&["check", w]).0, Some(0));
    assert_eq!(gongwen(&["check", w, "--deny", "warnings"]).0, Some(1));
    let (code, stdout, _) = gongwen(&[
        "check",
        w,
        "--deny",
        "warnings",
        "--allow",
        "percent.range",
        "--allow",
        "style.punctuation",
    ]);
    assert_eq!(code, Some(0), "{stdout}");
    let error = scratch("error.txt", "标题\n行政处罚共立案13790件,其中结案17349件。");
    let (code, stdout, _) = gongwen(&["check", error.to_str().unwrap(), "--lang", "zh"]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains("错误[sum.part]: 部分17349件大于总体13790件"),
        "{stdout}"
    );
    std::fs::remove_file(warn).unwrap();
    std::fs::remove_file(error).unwrap();
}

#[test]
fn sarif_is_valid_sarif_2_1_0() {
    // Two inputs: one log, one run, results from both files (the second has one warning).
    let other = scratch(
        "respectively.txt",
        "企业和个体工商户设立无纸化登记率分别达到96%、97%和98%。\n",
    );
    let (code, stdout, stderr) = gongwen(&[
        "check",
        SAMPLE,
        other.to_str().unwrap(),
        "--format",
        "sarif",
    ]);
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("respectively.txt"), "{stdout}");
    std::fs::remove_file(other).unwrap();
    let sarif: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let run = &sarif["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "gongwen");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules: Vec<&str> = run["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index], result["ruleId"].as_str().unwrap());
        assert!(result["locations"][0]["physicalLocation"]["region"]["startLine"].is_u64());
    }
    let levels: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["level"].as_str().unwrap())
        .filter(|l| *l != "warning")
        .collect();
    assert_eq!(levels, ["note"]);
    let validator = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/validate-sarif.js");
    let modules = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/node_modules");
    if !common::tool_available("node") {
        return;
    }
    if !modules.is_dir() {
        assert!(
            std::env::var_os("GONGWEN_REQUIRE_ALL").is_none(),
            "tests/tools/node_modules missing: run `npm ci --prefix tests/tools`"
        );
        println!("SKIP: SARIF schema not installed (run `npm ci --prefix tests/tools`)");
        return;
    }
    let path = scratch("sample.sarif", &stdout);
    let out = Command::new("node")
        .arg(&validator)
        .arg(path.as_os_str())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The validator does reject invalid logs.
    let broken = scratch("broken.sarif", &stdout.replace("\"note\"", "\"notice\""));
    let out = Command::new("node")
        .arg(&validator)
        .arg(broken.as_os_str())
        .output()
        .unwrap();
    assert!(!out.status.success());
    std::fs::remove_file(path).unwrap();
    std::fs::remove_file(broken).unwrap();
}

/// Compares with a golden file; a missing golden is written and the test fails once, so that
/// someone reads it; `GONGWEN_BLESS=1` rewrites a changed one.
fn golden(name: &str, actual: &str) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    let bless = std::env::var_os("GONGWEN_BLESS").is_some();
    match std::fs::read_to_string(&path) {
        Ok(expected) if expected == actual => {}
        Ok(_) if bless => std::fs::write(&path, actual).unwrap(),
        Ok(expected) => {
            let diff: Vec<String> = expected
                .lines()
                .zip(actual.lines())
                .filter(|(e, a)| e != a)
                .take(5)
                .map(|(e, a)| format!("- {e}\n+ {a}"))
                .collect();
            panic!(
                "{} differs (GONGWEN_BLESS=1 to accept):\n{}",
                path.display(),
                diff.join("\n")
            );
        }
        Err(_) => {
            std::fs::write(&path, actual).unwrap();
            panic!(
                "{} was missing and has been written: review it",
                path.display()
            );
        }
    }
}

#[test]
fn sample_text_output_matches_the_reviewed_golden_file() {
    let (code, stdout, _) = gongwen(&["check", "samples/jinghai-2020-rule-of-law-report.txt"]);
    assert_eq!(code, Some(0));
    golden("jinghai-2020.check.txt", &stdout);
    let (_, zh, _) = gongwen(&[
        "check",
        "samples/jinghai-2020-rule-of-law-report.txt",
        "--lang",
        "zh",
        "--allow",
        "style.punctuation",
    ]);
    golden("jinghai-2020.check.zh.txt", &zh);
}

#[test]
fn several_inputs_are_checked_in_one_run() {
    let wrong = scratch(
        "wrong.txt",
        "全年受理案件100件，其中行政复议60件、行政诉讼50件。\n",
    );
    let right = scratch(
        "right.txt",
        "全年受理案件110件，其中行政复议60件、行政诉讼50件。\n",
    );
    let (wrong, right) = (wrong.to_str().unwrap(), right.to_str().unwrap());

    // Text: each file's findings and summary line; exit 1 because one has an error.
    let (code, stdout, _) = gongwen(&["check", right, wrong]);
    assert_eq!(code, Some(1));
    assert!(
        stdout.contains(&format!("{right}: 0 errors, 0 warnings, 0 info")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{wrong}:1:7: error[sum.total]")),
        "{stdout}"
    );
    assert!(
        stdout.contains(&format!("{wrong}: 1 error, 0 warnings, 0 info")),
        "{stdout}"
    );

    // JSON: an array of the per-file objects, in input order.
    let (code, stdout, _) = gongwen(&["check", "--format", "json", right, wrong]);
    assert_eq!(code, Some(1));
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let files: Vec<(&str, u64)> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap(),
                f["summary"]["errors"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(files, [(right, 0), (wrong, 1)]);

    // SARIF: one run whose results name their files.
    let (code, stdout, _) = gongwen(&["check", "--format", "sarif", wrong, SAMPLE]);
    assert_eq!(code, Some(1));
    let sarif: Value = serde_json::from_str(&stdout).expect("SARIF");
    let runs = sarif["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 1);
    let uris: std::collections::BTreeSet<&str> = runs[0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, [wrong, SAMPLE].into_iter().collect());
    std::fs::remove_file(wrong).unwrap();
    std::fs::remove_file(right).unwrap();
}

/// Many inputs are read and checked on every core; the reports still come in input order,
/// each as checking that file alone gives it, an unreadable one in its place.
#[test]
fn many_inputs_are_reported_in_order_as_one_by_one() {
    let dir = common::Scratch::new("diag-many");
    let mut inputs = Vec::new();
    for i in 0..40 {
        let path = dir.join(format!("{i:02}.txt"));
        // Some short, some long, so later ones often finish first.
        let body = if i % 3 == 0 {
            std::fs::read_to_string(SAMPLE).unwrap()
        } else {
            format!(
                "全年受理案件{}件，其中行政复议60件、行政诉讼50件。\n",
                100 + i
            )
        };
        std::fs::write(&path, body).unwrap();
        inputs.push(path.to_str().unwrap().to_string());
    }
    inputs.insert(17, "/nonexistent/report.txt".to_string());
    let mut args = vec!["check", "--format", "json"];
    args.extend(inputs.iter().map(String::as_str));
    let (code, stdout, stderr) = gongwen(&args);
    assert_eq!(code, Some(2), "{stderr}");
    let all: Value = serde_json::from_str(&stdout).expect("JSON");
    let all = all.as_array().expect("an array");
    let readable: Vec<&String> = inputs
        .iter()
        .filter(|i| !i.starts_with("/nonexistent"))
        .collect();
    assert_eq!(all.len(), readable.len());
    for (report, input) in all.iter().zip(&readable) {
        let (_, alone, _) = gongwen(&["check", "--format", "json", input]);
        let alone: Value = serde_json::from_str(&alone).expect("JSON");
        assert_eq!(report, &alone, "{input}");
    }
}

#[test]
fn an_unreadable_input_among_several_fails_alone() {
    let right = scratch("alone-right.txt", "全年受理案件110件。\n");
    let right = right.to_str().unwrap();
    let missing = "/nonexistent/report.txt";
    let (code, stdout, stderr) = gongwen(&["check", missing, right]);
    assert_eq!(code, Some(2));
    assert!(
        stderr.starts_with("gongwen: /nonexistent/report.txt: "),
        "{stderr}"
    );
    assert!(stdout.contains(&format!("{right}: 0 errors")), "{stdout}");
    let (code, _, stderr) = gongwen(&["check", right, right, "--annotate", "-o", "/tmp/x.docx"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--annotate takes one input"), "{stderr}");
    std::fs::remove_file(right).unwrap();
}

#[test]
fn a_directory_is_checked_report_by_report() {
    let dir = common::Scratch::new("diag-dir");
    std::fs::create_dir_all(dir.join("2021")).unwrap();
    std::fs::write(
        dir.join("2021/wrong.txt"),
        "全年受理案件100件，其中行政复议60件、行政诉讼50件。\n",
    )
    .unwrap();
    std::fs::write(dir.join("right.html"), "<p>全年受理案件110件。</p>").unwrap();
    std::fs::write(dir.join("notes.md"), "not a report").unwrap();
    let (code, stdout, stderr) = gongwen(&["check", "--format", "json", dir.to_str().unwrap()]);
    assert_eq!(code, Some(1), "{stderr}");
    let json: Value = serde_json::from_str(&stdout).expect("JSON");
    let files: Vec<String> = json
        .as_array()
        .expect("an array")
        .iter()
        .map(|f| f["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(
        files,
        [
            dir.join("2021/wrong.txt").display().to_string(),
            dir.join("right.html").display().to_string()
        ]
    );
}
