//! Fuzz the HTML reader: the input is read as a page (behind a doctype, so
//! it always takes the HTML road). Never panic; every span points into the
//! page on char boundaries; the same page gives the same output.
//! `cargo fuzz run html -- -max_total_time=60` (see fuzz/README.md)
#![no_main]

use libfuzzer_sys::fuzz_target;
use ogi_report::{CheckOptions, Format, parse, validate};

fuzz_target!(|data: &[u8]| {
    let body = String::from_utf8_lossy(data);
    let page = format!("<!DOCTYPE html><html><body>{body}</body></html>");
    let Ok(parsed) = parse(&page) else {
        return;
    };
    assert_eq!(parsed.format, Format::Html);
    let ok = |s: ogi_report::Span| {
        assert!(s.start <= s.end && s.end <= page.len());
        assert!(page.is_char_boundary(s.start) && page.is_char_boundary(s.end));
    };
    for (_, cell) in parsed.report.cells() {
        let source = match cell {
            ogi_report::CellRef::Count(c) => c.source.as_ref(),
            ogi_report::CellRef::Money(c) => c.source.as_ref(),
        };
        if let Some(s) = source {
            ok(s.span);
        }
    }
    for d in parsed.diagnostics.iter() {
        d.span.map(ok);
        d.unplaced.iter().for_each(|u| ok(u.span));
    }
    parsed.report.meta.title_span.map(ok);
    let _ = validate(&page, &CheckOptions::default());
    assert_eq!(parse(&page).ok(), Some(parsed), "deterministic");
});
