//! The audit over 10,000 generated reports (2,000 bodies × 5 years) on two
//! threads: throughput in reports per second. The reports are generated,
//! and each iteration's inputs copied, before the clock starts; each
//! iteration reads them all.
//! `cargo bench -p ogi-report-benches --bench audit`.

mod generated;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use ogi_report::audit::{Audit, AuditOptions, Input, audit};

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
                // the inputs are copied before the clock starts: the audit
                // consumes them
                b.iter_batched(
                    || {
                        inputs
                            .iter()
                            .map(|(n, b)| Input::bytes(n.clone(), b.clone()))
                            .collect::<Vec<Input>>()
                    },
                    |inputs| {
                        let summary = audit(inputs, &options, |_| {});
                        assert_eq!(summary.reports.len(), REPORTS);
                        summary
                    },
                    BatchSize::PerIteration,
                )
            });
        }
    }
    // the summary only: each record dropped in the worker that read it
    // (`Audit::run_map`), not handed to this thread
    let options = AuditOptions::default().threads(2);
    for (name, inputs) in [("mixed", &mixed), ("text", &text)] {
        group.bench_function(format!("10000-{name}-2-threads-mapped"), |b| {
            b.iter_batched(
                || {
                    inputs
                        .iter()
                        .map(|(n, b)| Input::bytes(n.clone(), b.clone()))
                        .collect::<Vec<Input>>()
                },
                |inputs| {
                    let mut audit = Audit::new(options);
                    audit.run_map(inputs, |_| (), |()| {});
                    let summary = audit.finish();
                    assert_eq!(summary.reports.len(), REPORTS);
                    summary
                },
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
