//! Scanning every line of the sample report for figures.

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;

const SAMPLE: &str = include_str!("../samples/jinghai-2020-rule-of-law-report.txt");

fn scan_sample(c: &mut Criterion) {
    c.bench_function("figures::scan sample report", |b| {
        b.iter(|| {
            let mut n = 0;
            for line in black_box(SAMPLE).lines() {
                n += gongwen::figures::scan(line).len();
            }
            n
        })
    });
}

criterion_group!(benches, scan_sample);
criterion_main!(benches);
