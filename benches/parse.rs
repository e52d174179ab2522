//! Parse-and-check throughput on real report texts, and check alone.
//! `cargo bench -p ogi-report-benches` (criterion; throughput in bytes).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ogi_report::{CheckOptions, check, parse, validate};

const SAMPLES: &[(&str, &str)] = &[
    (
        "tabs/shizuishan-2023",
        include_str!("../tests/corpus/shizuishan-science-bureau-2023.tabs.txt"),
    ),
    (
        "pdftotext-raw/huaian-2024",
        include_str!("../tests/corpus/huaian-gov-2024.pdftotext-raw.txt"),
    ),
    (
        "pdftotext-layout/huaian-2024",
        include_str!("../tests/corpus/huaian-gov-2024.pdftotext-layout.txt"),
    ),
    (
        "glued/pingtan-2024",
        include_str!("../tests/corpus/pingtan-2024.flattened.txt"),
    ),
];

/// Pages in Word's HTML export (98 KB and the same page's tables; the
/// GBK page is decoded first by `parse_bytes`).
#[cfg(feature = "html")]
const HTML: &[(&str, &str)] = &[(
    "html/huaian-2024-word-export",
    include_str!("../tests/corpus/huaian-gov-2024.word-export.html"),
)];
#[cfg(not(feature = "html"))]
const HTML: &[(&str, &str)] = &[];

fn bench(c: &mut Criterion) {
    let options = CheckOptions::default();
    let mut group = c.benchmark_group("validate");
    for (name, text) in SAMPLES {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| {
            b.iter(|| validate(black_box(text), &options).unwrap())
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse");
    for (name, text) in SAMPLES.iter().chain(HTML) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |b| b.iter(|| parse(black_box(text)).unwrap()));
    }
    group.finish();

    let mut group = c.benchmark_group("check");
    for (name, text) in SAMPLES {
        let report = parse(text).unwrap().report;
        group.bench_function(*name, |b| b.iter(|| check(black_box(&report), &options)));
    }
    group.finish();
}

/// Texts no report has, to keep the parser linear: 20,000 label-only lines
/// inside table 三, and 20,000 glued rows under unknown labels.
fn stress(c: &mut Criterion) {
    let options = CheckOptions::default();
    let mut labels = String::from("三、收到和处理政府信息公开申请情况\n");
    for _ in 0..20_000 {
        labels.push_str("其他说明文字甲乙丙\t\t\n");
    }
    labels.push_str("四、政府信息公开行政复议、行政诉讼情况\n");
    let mut glued = String::from("三、收到和处理政府信息公开申请情况\n");
    for i in 0..20_000 {
        glued.push_str(&format!("某项说明{i}甲{}\n", "1".repeat(20)));
    }
    // table 四 with long runs that no split satisfies: the search stops at its budget
    let runs = format!(
        "四、政府信息公开行政复议、行政诉讼情况\n{}\n{}\n{}\n五、存在的主要问题及改进情况\n",
        "3".repeat(24) + &"16".repeat(8),
        "3".repeat(17),
        "33333 333333333"
    );
    let mut group = c.benchmark_group("stress");
    group.sample_size(10);
    for (name, text) in [
        ("label-lines", &labels),
        ("unknown-glued-rows", &glued),
        ("unsplittable-appeals", &runs),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| validate(black_box(text), &options).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench, stress);
criterion_main!(benches);
