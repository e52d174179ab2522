//! Fuzz the bytes entry point and the checks: never panic; every span stays
//! inside the decoded text, on char boundaries; the same input gives the
//! same output.
//! `cargo fuzz run parse -- -max_total_time=60` (see fuzz/README.md)
#![no_main]

use libfuzzer_sys::fuzz_target;
use ogi_report::{CheckOptions, ParseOptions, decode, parse_bytes, validate_bytes};

fn in_bounds(text: &str, s: ogi_report::Span) {
    assert!(s.start <= s.end && s.end <= text.len(), "{s:?} in {}", text.len());
    assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
}

fuzz_target!(|data: &[u8]| {
    let options = ParseOptions::default();
    let Ok(parsed) = parse_bytes(data, &options) else {
        return;
    };
    // the text spans point into: a Word document's XML, or the decoded bytes
    let text = match ogi_report::docx_document_xml(data, &options) {
        Ok(xml) => std::borrow::Cow::Owned(xml),
        Err(_) => decode(data).expect("parsed bytes decode"),
    };
    for (_, cell) in parsed.report.cells() {
        let span = match cell {
            ogi_report::CellRef::Count(c) => c.span(),
            ogi_report::CellRef::Money(c) => c.span(),
        };
        if let Some(s) = span {
            in_bounds(&text, s);
        }
    }
    let v = validate_bytes(data, &options, &CheckOptions::default()).expect("parsed bytes validate");
    for d in v.diagnostics.iter() {
        if let Some(s) = d.span {
            in_bounds(&text, s);
        }
        for u in &d.unplaced {
            in_bounds(&text, u.span);
        }
        let _ = d.message(ogi_report::Lang::Zh);
    }
    if let Some(s) = parsed.report.meta.title_span {
        in_bounds(&text, s);
    }
    assert_eq!(parse_bytes(data, &options).ok(), Some(parsed), "deterministic");
});
