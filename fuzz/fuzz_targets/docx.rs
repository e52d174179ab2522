//! Fuzz the Word reader: input starting with `PK` is taken as the package
//! itself (the ZIP reader and its refusals); anything else as
//! `word/document.xml`, packed into a package first (the XML reader, the
//! merged cells). Never panic; every span inside the XML on char
//! boundaries; the same input gives the same output.
//! `cargo fuzz run docx -- -max_total_time=60` (see fuzz/README.md)
#![no_main]

use std::io::Write;

use libfuzzer_sys::fuzz_target;
use ogi_report::{CheckOptions, ParseOptions, docx_document_xml, parse_bytes, validate_bytes};

fn package(xml: &[u8]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Stored);
    zip.start_file("word/document.xml", options).unwrap();
    zip.write_all(xml).unwrap();
    zip.finish().unwrap().into_inner()
}

fuzz_target!(|data: &[u8]| {
    let bytes = if data.starts_with(b"PK") {
        data.to_vec()
    } else {
        package(data)
    };
    let options = ParseOptions::default();
    let Ok(parsed) = parse_bytes(&bytes, &options) else {
        return;
    };
    let Ok(xml) = docx_document_xml(&bytes, &options) else {
        // read as something else (a ZIP refused earlier would not parse)
        return;
    };
    let ok = |s: ogi_report::Span| {
        assert!(s.start <= s.end && s.end <= xml.len(), "{s:?} in {}", xml.len());
        assert!(xml.is_char_boundary(s.start) && xml.is_char_boundary(s.end));
    };
    for (_, cell) in parsed.report.cells() {
        if let Some(s) = cell.span() {
            ok(s);
        }
    }
    let v = validate_bytes(&bytes, &options, &CheckOptions::default()).expect("parsed bytes validate");
    for d in v.diagnostics.iter() {
        if let Some(s) = d.span {
            ok(s);
        }
        for u in &d.unplaced {
            ok(u.span);
        }
    }
    assert_eq!(parse_bytes(&bytes, &options).ok(), Some(parsed), "deterministic");
});
