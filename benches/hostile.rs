//! Hostile shapes at 1× and 10× size: the cost must grow in proportion (ratio about 10). The 10×
//! sizes are those of `tests/hostile.rs`: a 5 MB paragraph without a break opportunity, 5 MB of
//! one CJK character, 100,000 headings, a line of 1,000,000 digits.
//!
//! `cargo bench --bench hostile`; the ratios are recorded in BENCHMARKS.md ("Hostile input").

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gongwen::format::{docx, pdf, xml};
use std::hint::black_box;
use std::time::{Duration, UNIX_EPOCH};

/// The shapes at 1×; each is repeated 10 times for 10×.
fn shapes() -> Vec<(&'static str, String)> {
    vec![
        ("no-break paragraph (512 KB)", "a".repeat(512 << 10)),
        ("one CJK character (512 KB)", "国".repeat((512 << 10) / 3)),
        ("headings (10,000)", "1.x\n".repeat(10_000)),
        ("digits (100,000)", "1234567890".repeat(10_000)),
    ]
}

fn hostile(c: &mut Criterion) {
    let read_options = gongwen::ReadOptions::default();
    let docx_options = docx::DocxOptions {
        timestamp: Some(0),
        ..Default::default()
    };
    let pdf_options = pdf::PdfOptions {
        created: Some(UNIX_EPOCH + Duration::from_secs(1_600_000_000)),
        ..Default::default()
    };
    for (shape, base) in shapes() {
        let mut group = c.benchmark_group(format!("hostile/{shape}"));
        group.sample_size(10);
        group.warm_up_time(Duration::from_millis(500));
        group.measurement_time(Duration::from_secs(3));
        for scale in [1, 10] {
            let text = base.repeat(scale);
            let label = format!("{scale}x");
            group.bench_with_input(
                BenchmarkId::new("read+check+xml+docx", &label),
                &text,
                |b, text| {
                    b.iter(|| {
                        let document =
                            gongwen::read_text(black_box(text.as_bytes()), &read_options)
                                .expect("reads");
                        gongwen::check::check(&document.report);
                        xml::write(&document.report).expect("XML");
                        docx::write(&document.report, &docx_options).expect("DOCX")
                    })
                },
            );
            let document = gongwen::read_text(text.as_bytes(), &read_options).expect("reads");
            group.bench_with_input(BenchmarkId::new("pdf", &label), &document, |b, document| {
                b.iter(|| pdf::write(black_box(&document.report), &pdf_options).expect("PDF"))
            });
        }
        group.finish();
    }
}

criterion_group!(benches, hostile);
criterion_main!(benches);
