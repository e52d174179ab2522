//! Peak memory and throughput of one audit run, the reports generated one at
//! a time (never all held): `cargo bench -p ogi-report-benches --bench
//! audit_memory -- [REPORTS] [THREADS] [--text]` (default 10,000 reports,
//! 2 threads; `--text`: every report as text, none as an HTML page).
//! Prints reports per second and the process's peak resident memory.

mod generated;

use std::time::Instant;

use ogi_report::audit::{AuditOptions, audit};

fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let text_only = std::env::args().any(|a| a == "--text");
    let mut args = std::env::args().skip(1).filter(|a| !a.starts_with('-'));
    let reports: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let threads: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let before = peak_rss_kib();
    let start = Instant::now();
    let mut bytes = 0usize;
    let summary = audit(
        (0..reports).map(|i| {
            if text_only {
                let (name, bytes) = generated::named_text(i);
                ogi_report::audit::Input::bytes(name, bytes)
            } else {
                generated::input(i)
            }
        }),
        &AuditOptions::default().threads(threads),
        |record| {
            if let Ok(v) = &record.result {
                bytes += v.report.cells().len();
            }
        },
    );
    let seconds = start.elapsed().as_secs_f64();
    let errors: usize = summary.reports.iter().map(|r| r.errors).sum();
    println!(
        "{reports} reports on {threads} threads: {:.0} reports/s, {} bodies, {} links, {} cross-year findings, {errors} errors, {bytes} cells",
        reports as f64 / seconds,
        summary.bodies.len(),
        summary.bodies.iter().map(|b| b.links.len()).sum::<usize>(),
        summary.findings.len(),
    );
    if let (Some(before), Some(peak)) = (before, peak_rss_kib()) {
        println!(
            "peak resident memory: {:.1} MiB (at start {:.1} MiB)",
            peak as f64 / 1024.0,
            before as f64 / 1024.0
        );
    }
}
