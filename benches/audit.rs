//! The audit over 10,000 generated reports (2,000 bodies × 5 years) on two
//! threads: throughput in reports per second. The reports are generated
//! before the clock starts; each iteration reads them all.
//! `cargo bench -p ogi-report-benches --bench audit`.

mod generated;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ogi_report::audit::{AuditOptions, Input, audit};

const REPORTS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.throughput(Throughput::Elements(REPORTS as u64));
    // as text, every fourth as an HTML page; and all as text
    let mixed: Vec<(String, Vec<u8>)> = (0..REPORTS).map(generated::named_bytes).collect();
    let text: Vec<(String, Vec<u8>)> = (0..REPORTS).map(generated::named_text).collect();
    for threads in [1, 2] {
        let options = AuditOptions::default().threads(threads);
        for (name, inputs) in [("mixed", &mixed), ("text", &text)] {
            group.bench_function(format!("10000-{name}-{threads}-threads"), |b| {
                b.iter(|| {
                    let inputs = inputs
                        .iter()
                        .map(|(n, b)| Input::bytes(n.clone(), b.clone()));
                    let summary = audit(inputs, &options, |_| {});
                    assert_eq!(summary.reports.len(), REPORTS);
                    summary
                })
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
