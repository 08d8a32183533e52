//! Whole-document benchmarks: the sample report through each stage of the pipeline.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

/// The allocator of the command line and the Python package: the numbers are those of a gongwen
/// process.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

const SAMPLE: &[u8] = include_bytes!("../samples/jinghai-2020-rule-of-law-report.txt");

fn pipeline(c: &mut Criterion) {
    let options = gongwen::ReadOptions::default();
    c.bench_function("sample/read (decode+normalize+structure+figures)", |b| {
        b.iter(|| gongwen::read_text(black_box(SAMPLE), &options))
    });
    let document = gongwen::read_text(SAMPLE, &options).expect("the sample reads");
    c.bench_function("sample/write xml", |b| {
        b.iter(|| gongwen::format::xml::write(black_box(&document.report)))
    });
    c.bench_function("sample/check", |b| {
        b.iter(|| gongwen::check::check(black_box(&document.report)))
    });
    c.bench_function("sample/read+check", |b| {
        b.iter(|| {
            let document = gongwen::read_text(black_box(SAMPLE), &options).expect("reads");
            gongwen::check::check(&document.report)
        })
    });
    let xml = gongwen::format::xml::write(&document.report).expect("the sample writes");
    c.bench_function("sample/read xml", |b| {
        b.iter(|| gongwen::format::xml::read(black_box(&xml)))
    });
    c.bench_function("sample/write markdown", |b| {
        b.iter(|| gongwen::format::markdown::write(black_box(&document.report)))
    });
    let page = sample_page();
    c.bench_function("sample/read html (the sample as a web page)", |b| {
        b.iter(|| gongwen::format::html::read(black_box(page.as_bytes()), &options))
    });
}

/// The sample as a web page: one `<p>` a line.
fn sample_page() -> String {
    let text = std::str::from_utf8(SAMPLE).expect("UTF-8");
    let body: String = text
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            format!(
                "<p>{}</p>\n",
                l.trim().replace('&', "&amp;").replace('<', "&lt;")
            )
        })
        .collect();
    format!("<!DOCTYPE html>\n<html><head><title>报告</title></head><body>\n{body}</body></html>\n")
}

/// The same work on the sample repeated 1× and 10×: the ratio of the times shows whether the
/// cost is linear in the input size.
fn scaling(c: &mut Criterion) {
    let options = gongwen::ReadOptions::default();
    let mut group = c.benchmark_group("scaling");
    group.sample_size(10);
    for times in [1usize, 10] {
        let input = SAMPLE.repeat(times);
        group.bench_function(format!("read+check x{times}"), |b| {
            b.iter(|| {
                let document = gongwen::read_text(black_box(&input), &options).expect("reads");
                gongwen::check::check(&document.report)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, pipeline, scaling);
criterion_main!(benches);
