//! One operation on one text, `REPS` times, for instruction counts:
//!
//! ```text
//! cargo build --release -p ogi-report-benches --bench instructions
//! benches/callgrind.sh            # every operation, per call
//! ```
//!
//! `instructions OP SAMPLE REPS`: OP is `validate`, `parse`, `check`,
//! `floor` or `json`; SAMPLE a name from `samples::ALL`. `audit text N` (or
//! `audit mixed N`) audits N generated reports on one thread. The script runs
//! it under callgrind with REPS = 1 and REPS = 11, so the difference / 10 is
//! the cost of one call without the program's start-up.

use std::hint::black_box;

#[path = "samples.rs"]
mod samples;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() < 3 || args.iter().any(|a| a.starts_with("--")) {
        // `cargo bench` passes `--bench`: nothing to measure then
        eprintln!("usage: instructions OP SAMPLE REPS");
        return;
    }
    if args[0] == "audit" {
        // `audit text|mixed N`: the one-thread audit of N generated reports
        let n: usize = args[2].parse().expect("N");
        let inputs: Vec<(String, Vec<u8>)> = match args[1].as_str() {
            "text" => (0..n).map(samples::generated::named_text).collect(),
            _ => (0..n).map(samples::generated::named_bytes).collect(),
        };
        let options = ogi_report::audit::AuditOptions::default().threads(1);
        let inputs = inputs
            .into_iter()
            .map(|(n, b)| ogi_report::audit::Input::bytes(n, b));
        black_box(ogi_report::audit::audit(inputs, &options, |_| {}));
        return;
    }
    let text = samples::text(&args[1]).unwrap_or_else(|| panic!("no sample {}", args[1]));
    let reps: usize = args[2].parse().expect("REPS");
    let options = ogi_report::CheckOptions::default();
    match args[0].as_str() {
        "validate" => {
            for _ in 0..reps {
                black_box(ogi_report::validate(black_box(&text), &options).unwrap());
            }
        }
        "parse" => {
            for _ in 0..reps {
                black_box(ogi_report::parse(black_box(&text)).unwrap());
            }
        }
        "check" => {
            let report = ogi_report::parse(&text).unwrap().report;
            for _ in 0..reps {
                black_box(ogi_report::check(black_box(&report), &options));
            }
        }
        "floor" => {
            let floor = samples::Floor::new();
            for _ in 0..reps {
                black_box(floor.run(black_box(&text)));
            }
        }
        "json" => {
            let v = ogi_report::validate(&text, &options).unwrap();
            for _ in 0..reps {
                black_box(serde_json::to_string(black_box(&v.report)).unwrap());
            }
        }
        op => panic!("no operation {op}"),
    }
}
