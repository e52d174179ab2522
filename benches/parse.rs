//! Parse-and-check throughput on real report texts, and check alone.
//! `cargo bench -p ogi-report-benches` (criterion; throughput in bytes).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ogi_report::{CheckOptions, check, parse, validate};

#[path = "samples.rs"]
mod samples;

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
    let texts = samples::all();
    let floor = samples::Floor::new();
    // validate and the floor on the same text, side by side: the ratio of
    // their times is the cost over the primitives (instruction counts:
    // `benches/callgrind.sh`)
    let mut group = c.benchmark_group("validate");
    for (name, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(format!("{name}/validate"), |b| {
            b.iter(|| validate(black_box(text), &options).unwrap())
        });
        group.bench_function(format!("{name}/floor"), |b| {
            b.iter(|| floor.run(black_box(text)))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("parse");
    let html = HTML.iter().map(|(n, t)| (n.to_string(), t.to_string()));
    for (name, text) in texts.iter().cloned().chain(html) {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(&name, |b| b.iter(|| parse(black_box(&text)).unwrap()));
    }
    group.finish();

    // check alone: a report with no findings, and one with a broken cell
    // (two violations and the suggestion search)
    let mut group = c.benchmark_group("check");
    for (name, text) in &texts {
        let report = parse(text).unwrap().report;
        group.bench_function(name.as_str(), |b| {
            b.iter(|| check(black_box(&report), &options))
        });
    }
    group.finish();

    let mut group = c.benchmark_group("json");
    for (name, text) in &texts {
        let v = validate(text, &options).unwrap();
        let bytes = serde_json::to_string(&v).unwrap().len();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(name.as_str(), |b| {
            b.iter(|| serde_json::to_string(black_box(&v)).unwrap())
        });
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
    // 10 MB hostile shapes: the time is proportional to the size
    const TEN_MB: usize = 10 << 20;
    let fill = |head: &str, unit: &str| format!("{head}{}", unit.repeat(TEN_MB / unit.len()));
    let giant_line = fill(
        "三、收到和处理政府信息公开申请情况 ",
        "一、本年新收政府信息公开申请数量 12 0 3 ",
    );
    let many_labels = fill("三、收到和处理政府信息公开申请情况\n", "（三）不予公开\n");
    let long_runs = fill(
        "三、收到和处理政府信息公开申请情况\n",
        &format!("一、本年新收政府信息公开申请数量{}\n", "7".repeat(5000)),
    );
    let tabs = fill("三、收到和处理政府信息公开申请情况\n", "\t");
    let mut group = c.benchmark_group("stress");
    group.sample_size(10);
    let mut shapes = vec![
        ("label-lines", labels.clone()),
        ("unknown-glued-rows", glued.clone()),
        ("unsplittable-appeals", runs.clone()),
        ("10mb-giant-line", giant_line),
        ("10mb-table-labels", many_labels),
        ("10mb-5000-digit-runs", long_runs),
        ("10mb-one-line-of-tabs", tabs),
    ];
    #[cfg(feature = "html")]
    shapes.push(("10mb-deep-html", fill("<div>", "<span><p>")));
    let options10 = ogi_report::ParseOptions::default().max_len(usize::MAX);
    for (name, text) in &shapes {
        if text.len() >= TEN_MB / 2 {
            group.throughput(Throughput::Bytes(text.len() as u64));
            group.bench_function(*name, |b| {
                b.iter(|| ogi_report::validate_with(black_box(text), &options10, &options))
            });
        }
    }
    for (name, text) in [
        ("label-lines", &shapes[0].1),
        ("unknown-glued-rows", &shapes[1].1),
        ("unsplittable-appeals", &shapes[2].1),
    ] {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(name, |b| {
            b.iter(|| validate(black_box(text), &options).unwrap())
        });
    }
    group.finish();
}

/// A Word document of the huaian report (its page written as
/// WordprocessingML with merged cells and every character its own run, as
/// after edits; the test suite's writer): unpack, read, check.
#[cfg(feature = "docx")]
fn docx(c: &mut Criterion) {
    #[path = "../tests/common/docx.rs"]
    mod writer;
    let text = include_str!("../tests/corpus/huaian-gov-2024.pdftotext-layout.txt");
    let report = parse(text).unwrap().report;
    let bytes = writer::docx_of(&report, true);
    let options = ogi_report::ParseOptions::default();
    let mut group = c.benchmark_group("docx");
    group.throughput(Throughput::Bytes(bytes.len() as u64));
    group.bench_function("huaian-2024-split-runs", |b| {
        b.iter(|| ogi_report::parse_bytes(black_box(&bytes), &options).unwrap())
    });
    group.finish();
}

#[cfg(not(feature = "docx"))]
fn docx(_: &mut Criterion) {}

criterion_group!(benches, bench, stress, docx);
criterion_main!(benches);
