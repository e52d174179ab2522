//! Word documents: reports written as `.docx` with the official merged-cell
//! structure (with and without Word's run splitting) read back to the same
//! tables as their text and page; a property over generated reports; the
//! hostile archives refused with clear errors.
#![cfg(feature = "docx")]

mod common;
use common::docx::{document_xml, docx_of, package};
use common::shown;

use ogi_report::strategies::consistent_report;
use ogi_report::{
    CheckOptions, DocxProblem, ErrorKind, Format, ParseOptions, Parsed, Report, docx_document_xml,
    parse, parse_bytes, to_html, to_text, validate_bytes,
};
use proptest::prelude::*;

const SAMPLES: &[&str] = &[
    "shizuishan-science-bureau-2023.tabs.txt",
    "huaian-gov-2024.pdftotext-layout.txt",
    "hongze-gov-2023.pdftotext-layout.txt",
    "pingtan-2024.flattened.txt",
    "pingtan-transport-bureau-2020.flattened.txt",
    "shanghai-office-2025.markdown.txt",
];

fn corpus(name: &str) -> String {
    std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/corpus")
            .join(name),
    )
    .unwrap()
}

/// The tables, without sources and the title as written (each form
/// writes its title its own way).
fn tables(p: &Parsed) -> Report {
    let mut r = p.report.without_sources();
    r.meta.title = None;
    r
}

/// Every cell's span shows its raw text in `word/document.xml`.
fn spans_show_raw(p: &Parsed, xml: &str) {
    for (path, cell) in p.report.cells() {
        let (Some(span), Some(raw)) = (cell.span(), cell.raw()) else {
            continue;
        };
        assert!(
            xml.is_char_boundary(span.start) && xml.is_char_boundary(span.end),
            "{path}"
        );
        assert_eq!(shown(&xml[span.start..span.end]), raw.trim(), "{path}");
    }
}

#[test]
fn a_report_reads_the_same_as_text_page_and_document() {
    for name in SAMPLES {
        let report = parse(&corpus(name)).unwrap().report;
        let as_text = parse(&to_text(&report)).unwrap();
        for split in [false, true] {
            let bytes = docx_of(&report, split);
            let p = parse_bytes(&bytes, &ParseOptions::default()).unwrap();
            assert_eq!(p.format, Format::Docx, "{name}");
            assert_eq!(tables(&p), tables(&as_text), "{name}, split runs: {split}");
            let xml = docx_document_xml(&bytes, &ParseOptions::default()).unwrap();
            spans_show_raw(&p, &xml);
            // the same findings, by code and path
            let v =
                validate_bytes(&bytes, &ParseOptions::default(), &CheckOptions::default()).unwrap();
            let t = ogi_report::validate(&to_text(&report), &CheckOptions::default()).unwrap();
            let codes = |v: &ogi_report::Validation| {
                let mut c: Vec<(String, String)> = v
                    .diagnostics
                    .iter()
                    .filter(|d| d.kind != ogi_report::Kind::Parse)
                    .map(|d| (d.code.to_string(), d.path.to_string()))
                    .collect();
                c.sort();
                c
            };
            assert_eq!(codes(&v), codes(&t), "{name}");
            assert!(
                v.diagnostics
                    .iter()
                    .all(|d| d.span.is_none() || d.location.is_some())
            );
        }
        #[cfg(feature = "html")]
        {
            let as_page = parse(&to_html(&report)).unwrap();
            assert_eq!(tables(&as_page), tables(&as_text), "{name}");
        }
    }
}

/// Documents an office suite wrote: LibreOffice Writer 7.4 opened each
/// report's Word-exported page and saved it as `.docx` (its own merged
/// cells, cell margins, numbering, runs). Each reads cell for cell as the
/// page does, with the same findings.
#[cfg(all(feature = "html", feature = "encoding"))]
#[test]
fn documents_saved_by_an_office_suite_read_as_their_pages() {
    // (the document, its page, the cells of its tables: hongze prints
    // （六） in one row)
    for (document, page, cells) in [
        (
            "huaian-gov-2024.libreoffice.docx",
            "huaian-gov-2024.word-export.html",
            200,
        ),
        (
            "hongze-gov-2024.libreoffice.docx",
            "hongze-gov-2024.word-export-gbk.html",
            186,
        ),
    ] {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let bytes = std::fs::read(dir.join(document)).unwrap();
        let page = std::fs::read(dir.join(page)).unwrap();
        let options = ParseOptions::default();
        let d = validate_bytes(&bytes, &options, &CheckOptions::default()).unwrap();
        let h = validate_bytes(&page, &options, &CheckOptions::default()).unwrap();
        assert_eq!(d.format, Format::Docx, "{document}");
        let mut dr = d.report.without_sources();
        let mut hr = h.report.without_sources();
        dr.meta.title = None;
        hr.meta.title = None;
        assert_eq!(dr, hr, "{document}");
        assert_eq!(d.report.cells().len(), cells, "{document}");
        let codes = |v: &ogi_report::Validation| {
            let mut c: Vec<(String, String)> = v
                .diagnostics
                .iter()
                .map(|d| (d.code.to_string(), d.path.to_string()))
                .collect();
            c.sort();
            c
        };
        assert_eq!(codes(&d), codes(&h), "{document}");
        let xml = docx_document_xml(&bytes, &options).unwrap();
        let parsed = parse_bytes(&bytes, &options).unwrap();
        spans_show_raw(&parsed, &xml);
    }
}

#[test]
fn the_xml_alone_is_read_as_the_document() {
    let report = parse(&corpus(SAMPLES[0])).unwrap().report;
    let xml = document_xml(&to_html(&report), true);
    let p = parse(&xml).unwrap();
    assert_eq!(p.format, Format::Docx);
    assert_eq!(tables(&p), tables(&parse(&to_text(&report)).unwrap()));
}

fn problem(bytes: &[u8]) -> DocxProblem {
    match parse_bytes(bytes, &ParseOptions::default()) {
        Err(e) => match e.kind() {
            ErrorKind::Docx(p) => p.clone(),
            other => panic!("not a docx problem: {other:?}"),
        },
        Ok(_) => panic!("read"),
    }
}

#[test]
fn hostile_archives_are_refused_clearly() {
    // a zip bomb: 64 MiB of spaces in a few kilobytes, with a 1 MiB input limit
    let bomb = " ".repeat(64 << 20);
    let bytes = package(&format!("<w:document>{bomb}</w:document>"), &[]);
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let small = ParseOptions::default().max_len(1 << 20);
    let e = parse_bytes(&bytes, &small).unwrap_err();
    assert!(
        matches!(e.kind(), ErrorKind::Docx(DocxProblem::TooLarge { limit, .. }) if *limit == 8 << 20),
        "{e}"
    );
    assert!(e.to_string().contains("over the limit"), "{e}");

    // an entry whose path leaves the archive
    let xml = document_xml(&to_html(&Report::new(ogi_report::Edition::V2021)), false);
    let bytes = package(&xml, &[("../../evil.sh", b"rm -rf /")]);
    assert_eq!(
        problem(&bytes),
        DocxProblem::UnsafePath("../../evil.sh".to_owned())
    );

    // a truncated package
    let bytes = package(&xml, &[]);
    for cut in [bytes.len() / 2, bytes.len() - 10, 40] {
        let e = parse_bytes(&bytes[..cut], &ParseOptions::default());
        assert!(e.is_err(), "cut at {cut}");
    }

    // an encrypted entry: the encryption flag set in its headers
    let mut bytes = package(&xml, &[]);
    let mut i = 0;
    while i + 10 < bytes.len() {
        if bytes[i..].starts_with(b"PK\x03\x04") {
            bytes[i + 6] |= 1;
        } else if bytes[i..].starts_with(b"PK\x01\x02") {
            bytes[i + 8] |= 1;
        }
        i += 1;
    }
    assert_eq!(problem(&bytes), DocxProblem::Encrypted);

    // not XML
    let bytes = package("<w:document><w:body><w:p></w:body>", &[]);
    assert!(matches!(problem(&bytes), DocxProblem::Xml { .. }));

    // a document without tables or report: no report; one with the
    // headings but no tables: findings
    let prose = r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>会议纪要</w:t></w:r></w:p></w:body></w:document>"#;
    let e = parse_bytes(&package(prose, &[]), &ParseOptions::default()).unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::NoReport);
    let headings = prose.replace(
        "<w:p><w:r><w:t>会议纪要</w:t></w:r></w:p>",
        "<w:p><w:r><w:t>二、主动公开政府信息情况</w:t></w:r></w:p><w:p><w:r><w:t>三、收到和处理政府信息公开申请情况</w:t></w:r></w:p>",
    );
    let p = parse_bytes(&package(&headings, &[]), &ParseOptions::default()).unwrap();
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.code == ogi_report::Code::ParseTableMissing
                || d.code == ogi_report::Code::ParseTableEmpty)
    );
    // a ZIP that is no Word document keeps its hint
    let zip = {
        let mut z = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        z.start_file("a.txt", zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut z, b"x").unwrap();
        z.finish().unwrap().into_inner()
    };
    let e = parse_bytes(&zip, &ParseOptions::default()).unwrap_err();
    assert_eq!(
        e.kind(),
        &ErrorKind::NotText {
            format: Format::Zip
        }
    );
}

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

proptest! {
    #![proptest_config(config())]

    /// A generated report written as `.docx` (merged cells, runs split or
    /// not) reads back to the same tables.
    #[test]
    fn a_generated_report_round_trips_through_docx(r in consistent_report(), split in any::<bool>()) {
        let bytes = docx_of(&r, split);
        let p = parse_bytes(&bytes, &ParseOptions::default()).unwrap();
        let mut back = p.report.without_sources();
        back.meta.title = None;
        prop_assert_eq!(back, r.without_sources());
        let xml = docx_document_xml(&bytes, &ParseOptions::default()).unwrap();
        spans_show_raw(&p, &xml);
    }
}
