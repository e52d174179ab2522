//! The audit over 10,000 generated reports (2,000 bodies × 5 years) on two
//! threads: throughput in reports per second.
//! `cargo bench -p ogi-report-benches --bench audit`.

mod generated;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use ogi_report::audit::{AuditOptions, audit};

const REPORTS: usize = 10_000;

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.throughput(Throughput::Elements(REPORTS as u64));
    let options = AuditOptions::default().threads(2);
    group.bench_function("10000-generated-2-threads", |b| {
        b.iter(|| {
            let summary = audit((0..REPORTS).map(generated::input), &options, |_| {});
            assert_eq!(summary.reports.len(), REPORTS);
            summary
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
