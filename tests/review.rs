//! The review page of `check --format html`: built from the same data as the JSON outputs, safe
//! against hostile text, and — in a real headless Chromium driven by Selenium
//! (`tests/tools/review_page.py`, run with the Python of `tests/tools/.venv`) — showing the
//! sample's structure, figures and findings, and answering clicks, hovers and keys.

mod common;

use common::{Scratch, gongwen, stderr};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/samples/jinghai-2020-rule-of-law-report.txt"
);

fn json_of(args: &[&str]) -> Value {
    let out = gongwen(args);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn s(path: &Path) -> &str {
    path.to_str().expect("UTF-8 path")
}

/// The JSON block of a review page.
fn page_data(html: &str) -> Value {
    let open = "<script type=\"application/json\" id=\"data\">";
    let start = html.find(open).expect("data block") + open.len();
    let end = start
        + html[start..]
            .find("</script>")
            .expect("end of the data block");
    serde_json::from_str(&html[start..end]).expect("data block is JSON")
}

/// The review page of the sample, written with -o.
fn sample_page(dir: &Scratch) -> (PathBuf, String) {
    let page = dir.path("review.html");
    let out = gongwen(&["check", SAMPLE, "--format", "html", "-o", s(&page)]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(out.stdout.is_empty() && out.stderr.is_empty());
    let html = std::fs::read_to_string(&page).expect("page written");
    (page, html)
}

/// Every finding, figure and relation of the JSON outputs is in the page's data, and nothing
/// else; the text marks exactly those figures and the side list exactly those findings.
#[test]
fn the_page_holds_what_the_json_holds() {
    let dir = Scratch::new("review-data");
    let (_, html) = sample_page(&dir);
    let data = page_data(&html);
    let check = json_of(&["check", SAMPLE, "--format", "json"]);
    let figures = json_of(&["figures", SAMPLE, "--format", "json"]);
    assert_eq!(data["findings"], check["findings"]);
    assert_eq!(data["figures"], figures);
    let findings = check["findings"].as_array().unwrap();
    let verified = check["verified"].as_array().unwrap();
    assert!(
        findings.len() == 48 && verified.len() == 17 && figures.as_array().unwrap().len() == 200
    );
    // The relations: the verified ones, then one per finding that names two or more figures.
    let mut expected: Vec<Value> = verified
        .iter()
        .map(|v| {
            serde_json::json!({"rule": v["rule"], "status": "verified", "claim": v["claim"],
                "figures": v["figures"], "finding": null})
        })
        .collect();
    for (i, f) in findings.iter().enumerate() {
        let ids: Vec<&Value> = f["figures"]
            .as_array()
            .unwrap()
            .iter()
            .map(|g| &g["id"])
            .collect();
        if ids.len() > 1 {
            expected.push(
                serde_json::json!({"rule": f["rule"], "status": "questioned",
                "claim": f["arithmetic"], "figures": ids, "finding": i}),
            );
        }
    }
    assert_eq!(data["relations"], Value::Array(expected));
    // The marked figures, in order, are the listed ones.
    let text = &html[html.find("<article id=\"text\">").unwrap()..html.find("</article>").unwrap()];
    let marked: Vec<&str> = text
        .match_indices("<span class=\"fig k-")
        .map(|(at, _)| {
            let rest = &text[at..];
            let id = &rest[rest.find("id=\"").unwrap() + 4..];
            &id[..id.find('"').unwrap()]
        })
        .collect();
    let listed: Vec<&str> = figures
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    assert_eq!(marked, listed);
    assert_eq!(html.matches("<li class=\"item ").count(), findings.len());
    // The list of relations has a line for each, with its claim or arithmetic.
    let relations = data["relations"].as_array().unwrap();
    assert_eq!(html.matches("<li class=\"rel ").count(), relations.len());
    assert!(html.contains("<code>sum.total</code> <span class=\"arith\">515=218+297</span> <span class=\"figs\">515項 · 218項 · 297項</span>"));
    // A relation's first figure is its total: 515 = 218 + 297 names them in that order.
    let sum = verified
        .iter()
        .find(|v| v["claim"] == "515=218+297")
        .expect("the 515 total");
    assert_eq!(sum["rule"], "sum.total");
}

/// The page of the sample in headless Chromium.
#[test]
fn the_sample_page_in_a_browser() {
    let Some(python) = browser_python() else {
        return;
    };
    let dir = Scratch::new("review-browser");
    let (page, _) = sample_page(&dir);
    let check = json_of(&["check", SAMPLE, "--format", "json"]);
    let figures = json_of(&["figures", SAMPLE, "--format", "json"]);
    let findings = check["findings"].as_array().unwrap();
    let rounding = findings
        .iter()
        .position(|f| f["rule"] == "ratio.rounding" && f["stated"] == "88.09")
        .expect("the 88.09% finding");
    let sum = check["verified"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["claim"] == "515=218+297")
        .expect("the 515 total");
    let ids: Vec<&str> = sum["figures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let text_of = |id: &str| {
        figures
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["id"] == id)
            .map(|f| f["text"].as_str().unwrap().to_string())
    };
    assert_eq!(
        ids.iter()
            .map(|id| text_of(id).unwrap())
            .collect::<Vec<_>>(),
        ["515項", "218項", "297項"]
    );
    let relation = check["verified"]
        .as_array()
        .unwrap()
        .iter()
        .position(|v| v == sum)
        .unwrap();
    let seen = in_browser(
        &python,
        &page,
        &[
            "--click",
            &rounding.to_string(),
            "--hover",
            ids[0],
            "--relation",
            &relation.to_string(),
            "--keys",
            "4",
            "--filter",
            "percent.points",
            "--print",
        ],
    );
    // The structure: 4 / 18 / 29 headings of levels 1 / 2 / 3, as the reader found them.
    let document = gongwen::read_text(
        &std::fs::read(SAMPLE).unwrap(),
        &gongwen::ReadOptions::default(),
    )
    .unwrap();
    let by_level = |level: u8| {
        document
            .report
            .sections()
            .iter()
            .filter(|s| s.level == level)
            .count()
    };
    assert_eq!([by_level(1), by_level(2), by_level(3)], [4, 18, 29]);
    assert_eq!(
        seen["headings"],
        serde_json::json!({"1": 4, "2": 18, "3": 29})
    );
    // Every listed figure is marked, in order; every finding is listed and drawn in the text.
    let listed: Vec<&Value> = figures
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["id"])
        .collect();
    assert_eq!(
        seen["figures"]
            .as_array()
            .unwrap()
            .iter()
            .collect::<Vec<_>>(),
        listed
    );
    let all: Vec<usize> = (0..findings.len()).collect();
    let mut items: Vec<usize> = serde_json::from_value(seen["items"].clone()).unwrap();
    // The side list puts the findings about numbers before the punctuation ones.
    let first_style = items
        .iter()
        .position(|&i| findings[i]["rule"] == "style.punctuation")
        .unwrap();
    assert!(items[..first_style].iter().all(
        |&i| findings[i]["rule"] != "style.punctuation" && findings[i]["severity"] == "warning"
    ));
    items.sort_unstable();
    assert_eq!(items, all);
    assert_eq!(seen["underlined"], serde_json::json!(all));
    assert_eq!(seen["data"]["findings"], check["findings"]);
    // The figures of the relations are marked: those of a verified one, those of a questioned one.
    for (status, key) in [("verified", "verified"), ("questioned", "questioned")] {
        let mut expected: Vec<&str> = seen["data"]["relations"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["status"] == status)
            .flat_map(|r| {
                r["figures"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|f| f.as_str().unwrap())
            })
            .collect();
        expected.sort_unstable();
        expected.dedup();
        let mut marked: Vec<&str> = seen["in_relations"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap())
            .collect();
        marked.sort_unstable();
        assert_eq!(marked, expected, "{status}");
        assert!(!marked.is_empty());
    }
    // Clicking the 88.09% finding brings its place into view and shows its arithmetic.
    let clicked = &seen["clicked"];
    assert_eq!(clicked["in_view"], true);
    assert_eq!(clicked["detail_shown"], true);
    assert_eq!(clicked["selected"], rounding);
    let detail = clicked["detail"].as_str().unwrap();
    assert!(detail.contains("2354 / 2672 = 88.0988…%"), "{detail}");
    assert!(detail.contains("88.10"), "{detail}");
    // Selecting the total 515 (by mouse, and by keyboard focus) lights up 218 and 297.
    for how in ["hovered", "focused"] {
        assert_eq!(seen[how]["head"], serde_json::json!([ids[0]]), "{how}");
        assert_eq!(seen[how]["parts"], serde_json::json!(&ids[1..]), "{how}");
    }
    let detail = seen["focused"]["detail"].as_str().unwrap();
    assert!(
        detail.contains("515=218+297") && detail.contains("count"),
        "{detail}"
    );
    // Selecting the relation in the list does the same.
    assert_eq!(seen["related"]["head"], serde_json::json!([ids[0]]));
    assert_eq!(seen["related"]["parts"], serde_json::json!(&ids[1..]));
    let detail = seen["related"]["detail"].as_str().unwrap();
    assert!(detail.contains("sum.total 515=218+297"), "{detail}");
    // j moves through the findings in document order, k goes back.
    assert_eq!(seen["keys"], serde_json::json!([0, 1, 2, 3, 2]));
    // Filters: without warnings only the info is left; one rule leaves its findings.
    let of = |keep: &dyn Fn(&Value) -> bool| -> Vec<usize> {
        (0..findings.len())
            .filter(|&i| keep(&findings[i]))
            .collect()
    };
    let mut no_warnings: Vec<usize> =
        serde_json::from_value(seen["filtered"]["no_warnings"].clone()).unwrap();
    no_warnings.sort_unstable();
    assert_eq!(no_warnings, of(&|f| f["severity"] != "warning"));
    assert_eq!(no_warnings, [rounding]);
    let by_rule: Vec<usize> = serde_json::from_value(seen["filtered"]["rule"].clone()).unwrap();
    assert_eq!(by_rule, of(&|f| f["rule"] == "percent.points"));
    assert_eq!(by_rule.len(), 1);
    // Printed: the text alone, figures without their colours.
    assert_eq!(
        seen["printed"],
        serde_json::json!({"side": "none", "detail": "none", "figure": "rgba(0, 0, 0, 0)"})
    );
    assert_eq!(seen["console"], serde_json::json!([]));
    assert_eq!(seen["requests"], serde_json::json!([]));
}

/// Markup, quotes and ampersands in a report stay text: nothing runs, nothing breaks out of
/// the page's style or data blocks.
#[test]
fn hostile_text_is_escaped() {
    let dir = Scratch::new("review-hostile");
    let input = dir.path("hostile.txt");
    let report = "<script>window.hacked=1</script>关于</style>“A&B”的报告\n\
                  一、<img src=x onerror=\"window.hacked=2\">情况\n\
                  全年收案100件，其中结案120件。'引号'</script><!--</textarea>&amp;\n";
    std::fs::write(&input, report).unwrap();
    let page = dir.path("hostile.html");
    let out = gongwen(&["check", s(&input), "--format", "html", "-o", s(&page)]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert_eq!(
        html.matches("<script").count(),
        2,
        "only the page's own scripts"
    );
    assert_eq!(html.matches("</script>").count(), 2);
    assert_eq!(html.matches("</style>").count(), 1);
    assert!(!html.contains("<img"));
    assert!(html.contains("&lt;script&gt;window.hacked="));
    assert!(html.contains("&lt;/script&gt;关于&lt;/style&gt;"));
    assert!(html.contains("“A&amp;B”") && html.contains("&amp;amp;"));
    assert!(html.contains("&lt;img src=x onerror=&quot;window.hacked="));
    assert!(html.contains("&#39;引号&#39;&lt;/script&gt;&lt;!--"));
    // The part larger than its whole is an error, listed with its message escaped.
    let data = page_data(&html);
    assert!(
        data["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "sum.part")
    );
    let Some(python) = browser_python() else {
        return;
    };
    let seen = in_browser(&python, &page, &[]);
    assert_eq!(seen["console"], serde_json::json!([]));
    assert_eq!(seen["requests"], serde_json::json!([]));
    assert_eq!(seen["data"]["findings"], data["findings"]);
    let hacked = Command::new(&python)
        .arg("-c")
        .arg(HACKED)
        .arg(&page)
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8_lossy(&hacked.stdout).trim(),
        "None 1",
        "{}",
        stderr(&hacked)
    );
}

/// Prints `window.hacked` (None unless injected markup ran) and how many headings of level 1
/// the page shows.
const HACKED: &str = r#"
import sys
sys.path.insert(0, "tests/tools")
from review_page import browser
import pathlib
d = browser()
try:
    d.get(pathlib.Path(sys.argv[1]).resolve().as_uri())
    print(d.execute_script("return window.hacked === undefined ? null : window.hacked;"),
          d.execute_script("return document.querySelectorAll('#text .heading.level1').length;"))
finally:
    d.quit()
"#;

/// Several inputs: an index page with a row per report linking its page, the pages beside it;
/// without -o that is refused.
#[test]
fn several_inputs_give_an_index_and_a_page_each() {
    let dir = Scratch::new("review-index");
    let a = dir.path("a.txt");
    let b = dir.path("b.txt");
    let unreadable = dir.path("c.txt");
    std::fs::write(&a, "一、情况\n全年收案100件,其中结案120件。\n").unwrap();
    std::fs::write(&b, "一、情况\n全年收案100件。\n").unwrap();
    std::fs::write(&unreadable, b"").unwrap();
    // The index's directory is made if needed.
    let out_dir = dir.path("out");
    let index = out_dir.join("index.html");
    let out = gongwen(&[
        "check",
        s(&a),
        s(&b),
        s(&unreadable),
        "--format",
        "html",
        "-o",
        s(&index),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert_eq!(
        stderr(&out),
        format!("gongwen: {}: the input is empty\n", unreadable.display())
    );
    let mut written: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(written, ["a.html", "b.html", "index.html"]);
    let html = std::fs::read_to_string(&index).unwrap();
    assert!(
        html.contains(&format!(
            "<a href=\"a.html\">{}</a></td><td>1</td><td>1</td><td>0</td><td>2</td>",
            a.display()
        )),
        "{html}"
    );
    assert!(
        html.contains(&format!(
            "<a href=\"b.html\">{}</a></td><td>0</td><td>0</td><td>0</td><td>1</td>",
            b.display()
        )),
        "{html}"
    );
    assert!(html.contains("the input is empty"));
    let page = std::fs::read_to_string(out_dir.join("a.html")).unwrap();
    assert_eq!(page_data(&page)["findings"][0]["rule"], "sum.part");

    let out = gongwen(&["check", s(&a), s(&b), "--format", "html"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("give -o INDEX.html"),
        "{}",
        stderr(&out)
    );
    // Two inputs with one stem get two pages.
    let sub = dir.path("sub");
    std::fs::create_dir(&sub).unwrap();
    std::fs::copy(&a, sub.join("a.txt")).unwrap();
    let out = gongwen(&[
        "check",
        s(&a),
        s(&sub.join("a.txt")),
        "--format",
        "html",
        "-o",
        s(&index),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(out_dir.join("a-2.html").is_file());
}

/// The corpus directory: an index and 47 pages; the largest report's page is under 3 MB and
/// loads in the browser without an error, holding the findings `check --format json` gives (its
/// load time is printed for BENCHMARKS.md, not asserted).
#[test]
fn the_corpus_gives_an_index_and_47_pages() {
    let Some(corpus) = common::corpus_dir() else {
        return;
    };
    let dir = Scratch::new("review-corpus");
    let index = dir.path("index.html");
    let out = gongwen(&[
        "check",
        s(&corpus.join("raw")),
        "--format",
        "html",
        "-o",
        s(&index),
    ]);
    assert!(out.status.code().is_some_and(|c| c < 2), "{}", stderr(&out));
    let pages: Vec<String> = dir
        .entries()
        .into_iter()
        .filter(|n| n != "index.html")
        .collect();
    assert_eq!(pages.len(), 47);
    let html = std::fs::read_to_string(&index).unwrap();
    assert_eq!(html.matches("<tr><td><a href=").count(), 47);
    let largest = std::fs::read_dir(corpus.join("raw"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .max_by_key(|p| std::fs::metadata(p).unwrap().len())
        .unwrap();
    let page = dir.path(&format!(
        "{}.html",
        largest.file_stem().unwrap().to_string_lossy()
    ));
    let size = std::fs::metadata(&page).unwrap().len();
    println!("{}: {size} bytes", page.display());
    assert!(size < 3 << 20, "{size} bytes");
    let Some(python) = browser_python() else {
        return;
    };
    let seen = in_browser(&python, &page, &[]);
    let load_ms = seen["load_ms"].as_f64().unwrap();
    println!("{}: loaded in {load_ms:.0} ms", page.display());
    assert_eq!(seen["console"], serde_json::json!([]));
    let json = gongwen(&["check", s(&largest), "--format", "json"]);
    let data: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(seen["data"]["findings"], data["findings"]);
    let seen = in_browser(&python, &index, &[]);
    assert_eq!(seen["console"], serde_json::json!([]));
    assert_eq!(seen["requests"], serde_json::json!([]));
}

/// The Python of `tests/tools/.venv` when it has Selenium and Chromium with its driver are
/// installed; otherwise a `SKIP:` line (a failure under `GONGWEN_REQUIRE_ALL`).
fn browser_python() -> Option<String> {
    let venv = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/.venv/bin/python");
    let venv = venv.to_string_lossy().into_owned();
    let has_selenium = common::tool_answers(&venv, &["-c", "import selenium"], true);
    (has_selenium
        && common::tool_available("/usr/bin/chromium")
        && common::tool_available("/usr/bin/chromedriver"))
    .then_some(venv)
}

/// Runs `tests/tools/review_page.py` on a page; what it saw.
fn in_browser(python: &str, page: &Path, args: &[&str]) -> Value {
    let out = Command::new(python)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .arg("tests/tools/review_page.py")
        .arg(page)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("run the browser");
    assert!(out.status.success(), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("JSON from the browser script")
}

/// `archive --review` writes each report's review page beside its PDF and records it in the
/// manifest; a second run with the same options leaves everything as it is.
#[test]
fn archive_writes_the_review_page_beside_the_pdf() {
    let dir = Scratch::new("review-archive");
    let inputs = dir.path("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(
        inputs.join("a.txt"),
        "一、情况\n全年收案100件，其中结案120件。\n",
    )
    .unwrap();
    let out_dir = dir.path("out");
    let args = [
        "archive",
        s(&inputs),
        "-o",
        s(&out_dir),
        "--review",
        "--lang",
        "zh",
    ];
    let out = gongwen(&args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let page = std::fs::read_to_string(out_dir.join("a.html")).expect("the review page");
    assert!(out_dir.join("a.pdf").is_file());
    let data = page_data(&page);
    let check = json_of(&[
        "check",
        s(&inputs.join("a.txt")),
        "--format",
        "json",
        "--lang",
        "zh",
    ]);
    assert_eq!(data["findings"], check["findings"]);
    assert_eq!(data["lang"], "zh");
    let manifest = std::fs::read_to_string(out_dir.join("manifest.jsonl")).unwrap();
    let entry: Value = serde_json::from_str(manifest.lines().last().unwrap()).unwrap();
    let paths: Vec<&str> = entry["outputs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["a.pdf", "a.xml", "a.html"]);
    let again = gongwen(&args);
    assert_eq!(again.status.code(), Some(0));
    assert!(
        stderr(&again).contains("a.txt: unchanged"),
        "{}",
        stderr(&again)
    );
}

/// The 公文 elements the reader recognized are shown as such, in document order, with their
/// Chinese names.
#[test]
fn the_elements_are_shown() {
    let dir = Scratch::new("review-elements");
    let input = dir.path("elements.txt");
    std::fs::write(
        &input,
        "关于2020年工作情况的报告\n\n市人民政府：\n一、总体情况\n全年收案100件，其中结案20件。\n\n\
         静海区人民政府\n2021年3月29日\n\n抄送：市委办公厅。\n",
    )
    .unwrap();
    let out = gongwen(&["check", s(&input), "--format", "html"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = String::from_utf8(out.stdout).unwrap();
    let elements: Vec<&str> = html
        .match_indices("data-element=\"")
        .map(|(at, m)| {
            let rest = &html[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(elements, ["recipient", "signature", "date", "cc"]);
    assert!(html.contains("<span class=\"el-name\">主送机关</span>市人民政府：</div>"));
    assert!(html.contains("<h1 class=\"title\" id=\"b0\">关于"));
}
