//! Fuzz `parse` on text: never panic; spans of cells, findings, operands,
//! unplaced tokens and the front matter inside the text on char
//! boundaries; a text cell's raw is exactly `text[span]`; every finding's
//! cell path names a cell the report has; the same text gives the same
//! output. `cargo fuzz run text` (see fuzz/README.md)
#![no_main]

use libfuzzer_sys::fuzz_target;
use ogi_report::{CheckOptions, Format, Path, parse, validate};

fn ok(text: &str, s: ogi_report::Span) {
    assert!(s.start <= s.end && s.end <= text.len(), "{s:?} in {}", text.len());
    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
}

/// A path to one cell names a cell of the report, when its table is there.
fn names_a_cell(report: &ogi_report::Report, path: Path) {
    let cell_level = matches!(
        path,
        Path::Requests { column: Some(_), .. }
            | Path::Appeals { column: Some(_), .. }
            | Path::Proactive { column: Some(_), .. }
    );
    let table_there = match path {
        Path::Requests { .. } => report.requests.is_some(),
        Path::Appeals { .. } => report.appeals.is_some(),
        Path::Proactive { .. } => report.proactive.is_some(),
        _ => false,
    };
    if cell_level && table_there {
        assert!(report.cell(path).is_some(), "{path} names no cell");
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(parsed) = parse(text) else {
        return;
    };
    for (_, cell) in parsed.report.cells() {
        if let Some(s) = cell.source() {
            ok(text, s.span);
            if parsed.format == Format::Text {
                assert_eq!(&text[s.span.start..s.span.end], s.raw, "raw is the text at its span");
            }
        }
    }
    if let Some(s) = parsed.report.meta.title_span {
        ok(text, s);
    }
    if let Some(s) = parsed.report.meta.period.and_then(|p| p.span) {
        ok(text, s);
    }
    let v = validate(text, &CheckOptions::default()).expect("parsed text validates");
    for d in v.diagnostics.iter() {
        d.span.map(|s| ok(text, s));
        d.unplaced.iter().for_each(|u| ok(text, u.span));
        d.operands.iter().filter_map(|o| o.span).for_each(|s| ok(text, s));
        names_a_cell(&v.report, d.path);
        d.operands.iter().for_each(|o| names_a_cell(&v.report, o.path));
        if let Some(c) = d.cause {
            assert!(c < v.diagnostics.len());
        }
    }
    assert_eq!(parse(text).ok(), Some(parsed), "deterministic");
});
