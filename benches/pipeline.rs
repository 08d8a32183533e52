//! Whole-document benchmarks: the sample report through each stage of the pipeline.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

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
    let xml = gongwen::format::xml::write(&document.report).expect("the sample writes");
    c.bench_function("sample/read xml", |b| {
        b.iter(|| gongwen::format::xml::read(black_box(&xml)))
    });
}

criterion_group!(benches, pipeline);
criterion_main!(benches);
