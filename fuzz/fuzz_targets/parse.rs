//! Fuzz the parser and the checks: never panic; spans stay inside the input.
//! `cargo install cargo-fuzz && cargo fuzz run parse -- -max_total_time=60`
#![no_main]

use libfuzzer_sys::fuzz_target;
use ogi_report::{CheckOptions, ParseOptions, parse_bytes, validate};

fuzz_target!(|data: &[u8]| {
    if let Ok(parsed) = parse_bytes(data, &ParseOptions::default()) {
        for (_, cell) in parsed.report.cells() {
            let span = match cell {
                ogi_report::CellRef::Count(c) => c.span(),
                ogi_report::CellRef::Money(c) => c.span(),
            };
            if let Some(s) = span {
                assert!(s.start <= s.end && s.end <= data.len());
            }
        }
        let text = std::str::from_utf8(data).unwrap();
        let v = validate(text, &CheckOptions::default()).unwrap();
        for d in v.diagnostics.iter() {
            let _ = d.message(ogi_report::Lang::Zh);
        }
    }
});
