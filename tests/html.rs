//! HTML pages and encodings: fixtures written for each thing a published
//! page does (Word's span noise, merged cells, a 2019 page with blanks in
//! Traditional characters, chrome, nested and split tables, GBK bytes), and
//! the formats that are refused.

// without the `html` feature only the encoding and refusal tests run
#![cfg_attr(not(feature = "html"), allow(unused_imports, dead_code))]

mod common;
#[allow(unused_imports)]
use common::shown;
use std::fs;
use std::path::PathBuf;

use ogi_report::{
    CellRef, CellState, CheckOptions, Code, Edition, ErrorKind, Format, Kind, OtherHandlingLayout,
    ParseOptions, Parsed, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow, Severity,
    parse, parse_bytes, validate,
};

fn corpus(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(name)
}

/// Every span of a parse — cells, findings, front matter — lies in the
/// input on char boundaries.
fn spans_in_bounds(p: &Parsed, input: &str) {
    let ok = |s: ogi_report::Span| {
        assert!(s.start <= s.end && s.end <= input.len(), "{s:?}");
        assert!(input.is_char_boundary(s.start) && input.is_char_boundary(s.end));
    };
    for (_, c) in p.report.cells() {
        let span = match c {
            CellRef::Count(c) => c.span(),
            CellRef::Money(c) => c.span(),
        };
        span.map(ok);
    }
    for d in &p.diagnostics {
        d.span.map(ok);
        d.unplaced.iter().for_each(|u| ok(u.span));
    }
    p.report.meta.title_span.map(ok);
}

#[cfg(feature = "html")]
mod pages {
    use super::*;

    fn count(p: &Parsed, row: RequestRow, col: RequestColumn) -> Option<CellState<i64>> {
        let t = p.report.requests.as_ref()?;
        t.get(row, col).map(|c| c.state.clone())
    }

    #[test]
    fn a_2019_page_in_traditional_characters_with_every_zero_left_blank() {
        let html = fs::read_to_string(corpus("html/traditional-2019-blanks.html")).unwrap();
        let p = parse(&html).unwrap();
        spans_in_bounds(&p, &html);
        assert_eq!(p.format, Format::Html);
        assert_eq!(p.report.edition, Some(Edition::V2019));
        assert_eq!(p.report.meta.title_year, Some(2020));
        assert!(p.report.meta.period.is_some());
        // no parse warning: every row and cell was read
        let warnings: Vec<_> = p
            .diagnostics
            .iter()
            .filter(|d| d.severity >= Severity::Warning)
            .collect();
        assert!(warnings.is_empty(), "{warnings:#?}");

        // table 二, 2019: the procurement amount with its unit (萬元)
        let proactive = p.report.proactive.as_ref().unwrap();
        let amount = proactive
            .get(ProactiveRow::Procurement, ProactiveColumn::Amount)
            .unwrap();
        match amount {
            CellRef::Money(c) => assert_eq!(c.value().map(|d| d.to_string()), Some("125.5".into())),
            CellRef::Count(_) => panic!("the amount is money"),
        }
        let ogi_report::Proactive::V2019(v2019) = proactive else {
            panic!("a 2019 table")
        };
        assert_eq!(v2019.procurement.amount_unit.as_deref(), Some("万元"));
        let change = proactive
            .get(ProactiveRow::OtherServices, ProactiveColumn::ItemsChange)
            .unwrap();
        assert!(matches!(change, CellRef::Count(c) if c.value() == Some(&-1)));

        // table 三: the single （六）其他处理, the subtotal column, the printed
        // group subtotal, blanks as blanks
        let t = p.report.requests.as_ref().unwrap();
        assert_eq!(t.other_handling, OtherHandlingLayout::Single);
        assert!(t.subtotal_column);
        assert_eq!(
            count(&p, RequestRow::Withheld, RequestColumn::NaturalPerson),
            Some(CellState::Number(1))
        );
        assert_eq!(
            count(
                &p,
                RequestRow::NewReceived,
                RequestColumn::LegalEntitiesSubtotal
            ),
            Some(CellState::Number(3))
        );
        assert_eq!(
            count(&p, RequestRow::OtherHandling, RequestColumn::LegalServices),
            Some(CellState::Number(1))
        );
        // the 总计 column is blank for the outcome rows: blank, not zero
        assert_eq!(
            count(&p, RequestRow::OutcomeTotal, RequestColumn::Total),
            Some(CellState::Blank)
        );
        assert_eq!(
            count(&p, RequestRow::Disclosed, RequestColumn::Research),
            Some(CellState::Blank)
        );

        // blanks make checks not assessable, never errors
        let v = validate(&html, &CheckOptions::default()).unwrap();
        assert_eq!(v.diagnostics.errors().count(), 0);
        assert!(
            v.diagnostics
                .with_code(Code::RequestsOutcomeTotal)
                .any(|d| d.kind == Kind::NotAssessable)
        );
        // with blanks as zeros the report is consistent (its blank totals
        // stay open)
        let v = validate(&html, &CheckOptions::new().blank_as_zero(true)).unwrap();
        assert_eq!(v.diagnostics.errors().count(), 0, "{:#?}", v.diagnostics);
    }

    #[test]
    fn word_splits_labels_and_numbers_over_spans() {
        let html = "<p>三、收到和处理政府信息公开申请情况</p><table>\
            <tr><td>申请人情</span><span>况</td></tr>\
            <tr><td colspan=3><span>一、本年新收</span><span style='x'>政府信息公开申请数量</span></td>\
            <td><span>2</span><span>3</span></td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td>\
            <td><b>2</b><i>3</i></td></tr></table>\
            <p>四、政府信息公开行政复议、行政诉讼情况</p>";
        let p = parse(html).unwrap();
        spans_in_bounds(&p, html);
        let row = p
            .report
            .requests
            .as_ref()
            .unwrap()
            .row(RequestRow::NewReceived)
            .unwrap();
        let natural = row.get(RequestColumn::NaturalPerson).unwrap();
        assert_eq!(natural.value(), Some(&23));
        let source = natural.source.as_ref().unwrap();
        assert_eq!(source.raw, "23");
        assert_eq!(&html[source.span.start..source.span.end], "2</span><span>3");
        // `&nbsp;` is a blank cell
        assert_eq!(
            row.get(RequestColumn::Commercial).unwrap().state,
            CellState::Blank
        );
        assert_eq!(row.get(RequestColumn::Total).unwrap().value(), Some(&23));
    }

    #[test]
    fn every_cell_span_shows_its_raw_text_in_the_markup() {
        for name in [
            "huaian-gov-2024.word-export.html",
            "html/traditional-2019-blanks.html",
        ] {
            let html = fs::read_to_string(corpus(name)).unwrap();
            let p = parse(&html).unwrap();
            spans_in_bounds(&p, &html);
            let mut numbers = 0;
            for (path, c) in p.report.cells() {
                let (state_is_number, source) = match c {
                    CellRef::Count(c) => (c.value().is_some(), c.source.as_ref()),
                    CellRef::Money(c) => (c.value().is_some(), c.source.as_ref()),
                };
                let s = source.unwrap_or_else(|| panic!("{name}: {path} has no source"));
                assert_eq!(
                    shown(&html[s.span.start..s.span.end]),
                    s.raw,
                    "{name}: {path}"
                );
                numbers += usize::from(state_is_number);
            }
            assert!(numbers > 40, "{name}: {numbers} numbers");
        }
    }

    #[test]
    fn chrome_nested_layout_and_a_table_split_over_a_page_break() {
        // the huaian page: the report inside a layout table beside a menu,
        // breadcrumbs and a footer around it, table 三 split into two tables
        let html = fs::read_to_string(corpus("huaian-gov-2024.word-export.html")).unwrap();
        assert!(html.contains("page-break-before"));
        assert!(html.contains("class=\"layout\""));
        let v = validate(&html, &CheckOptions::default()).unwrap();
        assert!(v.diagnostics.is_empty(), "{:#?}", v.diagnostics);
        let t = v.report.requests.as_ref().unwrap();
        assert_eq!(t.rows.len(), 25);
        assert_eq!(
            t.get(RequestRow::CarriedForward, RequestColumn::Total)
                .unwrap()
                .value(),
            Some(&103)
        );
    }

    #[test]
    fn a_gbk_page_that_declares_gb2312() {
        let bytes = fs::read(corpus("hongze-gov-2024.word-export-gbk.html")).unwrap();
        assert!(std::str::from_utf8(&bytes).is_err());
        let result = parse_bytes(&bytes, &ParseOptions::default());
        if !cfg!(feature = "encoding") {
            let e = result.unwrap_err();
            assert!(
                matches!(e.kind(), ErrorKind::EncodingNeedsFeature { .. }),
                "{e}"
            );
            assert!(e.to_string().contains("encoding"));
            return;
        }
        let p = result.unwrap();
        assert_eq!(p.format, Format::Html);
        assert_eq!(p.encoding.as_deref(), Some("gb18030"));
        assert_eq!(
            p.report.meta.title.as_deref(),
            Some("淮安市洪泽区人民政府2024年政府信息公开工作年度报告")
        );
        let text = ogi_report::decode(&bytes).unwrap();
        spans_in_bounds(&p, &text);
    }

    #[test]
    fn pages_without_readable_tables_never_come_back_clean() {
        let cases = [
            // the start of a report, cut before its tables
            "<html><body><h1>某某局2024年政府信息公开工作年度报告</h1><p>一、总体情况</p><p>本年度……</p></body></html>",
            // the headings, but the tables are images
            "<html><body><p>二、主动公开政府信息情况</p><p><img src=t2.png></p>\
             <p>三、收到和处理政府信息公开申请情况</p><p><img src=t3.png></p>\
             <p>四、政府信息公开行政复议、行政诉讼情况</p><p><img src=t4.png></p></body></html>",
            // tables of something else under the report's headings
            "<p>三、收到和处理政府信息公开申请情况</p><table><tr><td>名称</td><td>地址</td></tr>\
             <tr><td>办公室</td><td>一号楼</td></tr></table>",
        ];
        for html in cases {
            match validate(html, &CheckOptions::default()) {
                Err(e) => assert!(matches!(e.kind(), ErrorKind::NoReport), "{e}"),
                Ok(v) => {
                    let r = &v.report;
                    let unread =
                        r.proactive.is_none() || r.requests.is_none() || r.appeals.is_none();
                    assert!(unread);
                    assert!(
                        v.diagnostics
                            .iter()
                            .any(|d| d.kind == Kind::Parse && d.severity >= Severity::Warning),
                        "{html}: {:#?}",
                        v.diagnostics
                    );
                }
            }
        }
        // a page with no report at all
        let e = parse("<html><body><div class=nav>首页</div><p>通知公告</p></body></html>")
            .unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NoReport);
        // markup is never read as text: no cell holds a tag
        let html = fs::read_to_string(corpus("huaian-gov-2024.word-export.html")).unwrap();
        let p = parse(&html).unwrap();
        for (_, c) in p.report.cells() {
            if let CellRef::Count(c) = c {
                assert!(!c.source.as_ref().unwrap().raw.contains('<'));
            }
        }
    }
}

#[cfg(not(feature = "html"))]
#[test]
fn without_the_html_feature_a_page_is_refused_by_name() {
    let e = parse("<!DOCTYPE html><html><body><table><tr><td>规章</td></tr></table>").unwrap_err();
    assert_eq!(e.kind(), &ErrorKind::HtmlNeedsFeature);
    assert!(e.to_string().contains("`html`"));
}

#[test]
fn documents_that_are_not_text_are_refused_with_what_to_do() {
    let cases: [(&[u8], Format, &str); 4] = [
        (
            b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
            Format::Pdf,
            "pdftotext -layout",
        ),
        (b"PK\x03\x04\x14\x00\x00\x00a.txt", Format::Zip, "unpack"),
        (
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0],
            Format::LegacyOffice,
            "office suite",
        ),
        (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", Format::Image, "OCR"),
    ];
    for (bytes, format, hint) in cases {
        let e = parse_bytes(bytes, &ParseOptions::default()).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NotText { format });
        assert!(e.to_string().contains(hint), "{e}");
        let e = validate_bytes_default(bytes).unwrap_err();
        assert_eq!(e.kind(), &ErrorKind::NotText { format });
    }
    // a Word package is read (a damaged one says so), or needs its feature
    let docx: &[u8] = b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml word/document.xml";
    let e = parse_bytes(docx, &ParseOptions::default()).unwrap_err();
    #[cfg(feature = "docx")]
    assert!(
        matches!(
            e.kind(),
            ErrorKind::Docx(ogi_report::DocxProblem::Corrupt(_))
        ) && e.to_string().contains("damaged or truncated"),
        "{e}"
    );
    #[cfg(not(feature = "docx"))]
    assert_eq!(e.kind(), &ErrorKind::DocxNeedsFeature);
    assert_eq!(validate_bytes_default(docx).unwrap_err().kind(), e.kind());
}

fn validate_bytes_default(bytes: &[u8]) -> Result<ogi_report::Validation, ogi_report::Error> {
    ogi_report::validate_bytes(bytes, &ParseOptions::default(), &CheckOptions::default())
}

#[test]
fn byte_order_marks_and_utf16() {
    let text = fs::read_to_string(corpus("shizuishan-science-bureau-2023.tabs.txt")).unwrap();
    let plain = parse(&text).unwrap();
    // UTF-8 with a BOM: spans still point into the bytes
    let mut bom = vec![0xEF, 0xBB, 0xBF];
    bom.extend_from_slice(text.as_bytes());
    let p = parse_bytes(&bom, &ParseOptions::default()).unwrap();
    assert_eq!(p.encoding, None);
    assert_eq!(p.report.without_sources(), plain.report.without_sources());
    let cell = p
        .report
        .requests
        .as_ref()
        .unwrap()
        .get(RequestRow::NewReceived, RequestColumn::NaturalPerson)
        .unwrap();
    let s = cell.source.as_ref().unwrap();
    assert_eq!(&bom[s.span.start..s.span.end], s.raw.as_bytes());
    // UTF-16 with a BOM, both byte orders: spans point into the decoded text
    for (bom, le) in [([0xFF, 0xFE], true), ([0xFE, 0xFF], false)] {
        let mut bytes = bom.to_vec();
        for u in text.encode_utf16() {
            bytes.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
        }
        let p = parse_bytes(&bytes, &ParseOptions::default()).unwrap();
        assert_eq!(
            p.encoding.as_deref(),
            Some(if le { "UTF-16LE" } else { "UTF-16BE" })
        );
        assert_eq!(p.report.without_sources(), plain.report.without_sources());
        // a lone surrogate is an error that says where
        bytes.extend_from_slice(&if le { [0x00, 0xD8] } else { [0xD8, 0x00] });
        bytes.extend_from_slice(&if le { [0x41, 0x00] } else { [0x00, 0x41] });
        let e = parse_bytes(&bytes, &ParseOptions::default()).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::InvalidEncoding { .. }), "{e}");
        assert_eq!(e.span().map(|s| s.start), Some(bytes.len() - 4));
    }
}

#[cfg(feature = "encoding")]
#[test]
fn gbk_text_without_a_declaration_is_recognized() {
    let text = fs::read_to_string(corpus("shizuishan-science-bureau-2023.tabs.txt")).unwrap();
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let p = parse_bytes(&gbk, &ParseOptions::default()).unwrap();
    assert_eq!(p.encoding.as_deref(), Some("gb18030"));
    assert_eq!(
        p.report.without_sources(),
        parse(&text).unwrap().report.without_sources()
    );
    // GBK bytes cut in the middle of a character: an error at the cut
    let cut = &gbk[..gbk.len() - 1];
    let last_is_lead = gbk[gbk.len() - 2] >= 0x81;
    if last_is_lead {
        let e = parse_bytes(cut, &ParseOptions::default()).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::InvalidEncoding { .. }));
    }
}

/// Inputs the fuzzers found (`tests/corpus/fuzz/`): read without panic,
/// spans in bounds, the same output twice.
#[test]
fn fuzz_findings_stay_fixed() {
    let dir = corpus("fuzz");
    for entry in fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = fs::read(&path).unwrap();
        let body = String::from_utf8_lossy(&bytes);
        let inputs = [
            format!("<!DOCTYPE html><html><body>{body}</body></html>"),
            body.into_owned(),
        ];
        for input in &inputs {
            let first = parse(input);
            if let Ok(p) = &first {
                spans_in_bounds(p, input);
            }
            assert_eq!(first, parse(input), "{}", path.display());
        }
    }
}

/// A page in the structure a CMS exports a 2019-edition report in (nowrap
/// cells, `&nbsp;` blanks, `<br />` in headers, table 二's values under
/// colspans that differ from their headers'), with that report's numbers:
/// cell for cell, every unlisted cell blank.
#[cfg(feature = "html")]
#[test]
fn a_cms_page_of_the_2019_edition_cell_for_cell() {
    let html = fs::read_to_string(corpus("html/cms-2019.html")).unwrap();
    let v = validate(&html, &CheckOptions::default()).unwrap();
    let numbers: &[(&str, &str)] = &[
        ("proactive.rules.made", "13"),
        ("proactive.rules.published", "13"),
        ("proactive.rules.total_published", "524"),
        ("proactive.normative_documents.made", "60"),
        ("proactive.normative_documents.published", "60"),
        ("proactive.normative_documents.total_published", "368"),
        ("proactive.procurement.projects", "6"),
        ("proactive.procurement.amount", "251000"),
        ("requests.new_received.natural_person", "821"),
        ("requests.new_received.commercial", "35"),
        ("requests.new_received.legal_services", "2"),
        ("requests.new_received.other_org", "1"),
        ("requests.new_received.total", "859"),
        ("requests.carried_over.natural_person", "18"),
        ("requests.carried_over.total", "18"),
        ("requests.disclosed.natural_person", "258"),
        ("requests.disclosed.commercial", "12"),
        ("requests.disclosed.legal_services", "1"),
        ("requests.disclosed.other_org", "1"),
        ("requests.partially_disclosed.natural_person", "3"),
        ("requests.withheld.state_secret.natural_person", "14"),
        ("requests.withheld.internal_affairs.natural_person", "5"),
        ("requests.withheld.process_information.natural_person", "3"),
        ("requests.withheld.process_information.commercial", "1"),
        (
            "requests.withheld.administrative_query.natural_person",
            "10",
        ),
        ("requests.withheld.administrative_query.commercial", "2"),
        ("requests.unavailable.not_held.natural_person", "252"),
        ("requests.unavailable.not_held.commercial", "12"),
        ("requests.unavailable.not_held.legal_services", "1"),
        (
            "requests.unavailable.requires_creation.natural_person",
            "44",
        ),
        ("requests.unavailable.requires_creation.commercial", "3"),
        (
            "requests.unavailable.unclear_after_correction.natural_person",
            "25",
        ),
        (
            "requests.not_processed.petition_complaint.natural_person",
            "148",
        ),
        ("requests.not_processed.petition_complaint.commercial", "1"),
        ("requests.not_processed.duplicate.natural_person", "5"),
        ("requests.not_processed.duplicate.commercial", "4"),
        ("requests.outcome_total.natural_person", "767"),
        ("requests.outcome_total.commercial", "35"),
        ("requests.outcome_total.legal_services", "2"),
        ("requests.outcome_total.other_org", "1"),
        ("requests.outcome_total.total", "805"),
        ("requests.carried_forward.natural_person", "72"),
        ("requests.carried_forward.total", "72"),
        ("appeals.review.upheld", "5"),
        ("appeals.review.pending", "2"),
        ("appeals.review.total", "7"),
        ("appeals.direct_suit.upheld", "8"),
        ("appeals.direct_suit.pending", "1"),
        ("appeals.direct_suit.total", "9"),
    ];
    // the zeros table 二 prints for its 2019 item rows
    let zero_rows = ["licensing", "other_services", "punishment", "coercion"];
    let zero_cols = ["items_last_year", "items_change", "decisions"];
    let mut mismatches = Vec::new();
    for (path, cell) in v.report.cells() {
        let path = path.to_string();
        let got = match cell {
            CellRef::Count(c) => c.value().map(|n| n.to_string()),
            CellRef::Money(c) => c.value().map(|n| n.normalize().to_string()),
        };
        let zero = zero_rows.iter().any(|r| {
            zero_cols
                .iter()
                .any(|c| path == format!("proactive.{r}.{c}"))
        }) || path.starts_with("proactive.fees.");
        let want = numbers
            .iter()
            .find(|(p, _)| *p == path)
            .map(|(_, n)| n.to_string())
            .or_else(|| zero.then(|| "0".to_owned()));
        if got != want {
            mismatches.push(format!("{path}: expected {want:?}, found {got:?}"));
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
    let t = v.report.requests.as_ref().unwrap();
    assert_eq!(t.other_handling, OtherHandlingLayout::Single);
    assert!(t.row(RequestRow::OtherHandling).is_some());
    // blank totals leave checks open; nothing is an error or a lost cell
    assert_eq!(v.diagnostics.errors().count(), 0);
    assert!(
        !v.diagnostics
            .iter()
            .any(|d| d.kind == Kind::Parse && d.severity >= Severity::Warning),
        "{:#?}",
        v.diagnostics
    );
}

/// A blank first cell of a row whose label spans two columns is that blank
/// cell, even where a split of the row's total would make the row add up:
/// on a page (a field per markup cell, no separator to lose) and in text
/// whose export shows no label span written as an empty field.
#[cfg(feature = "html")]
#[test]
fn a_blank_first_cell_of_a_page_stays_blank() {
    use ogi_report::{Cell, Report};
    let mut r = Report::new(Edition::V2019);
    r.set_request_row(RequestRow::NewReceived, [11, 0, 0, 0, 0, 0], 11);
    r.set_request_row(RequestRow::CarriedOver, [0; 6], 0);
    r.fill_zero_outcomes();
    r.set_request_row(RequestRow::Disclosed, [0, 0, 0, 0, 0, 0], 11);
    *r.requests
        .as_mut()
        .unwrap()
        .row_mut(RequestRow::Disclosed)
        .get_mut(RequestColumn::NaturalPerson) = Cell::blank();
    r.derive_outcome_total();
    r.set_request_row(RequestRow::CarriedForward, [0; 6], 0);
    let html = ogi_report::to_html(&r);
    let p = parse(&html).unwrap();
    let t = p.report.requests.as_ref().unwrap();
    let cell = |c| t.get(RequestRow::Disclosed, c).unwrap();
    assert_eq!(cell(RequestColumn::NaturalPerson).state, CellState::Blank);
    assert_eq!(cell(RequestColumn::Total).value(), Some(&11));
    assert_eq!(p.diagnostics.with_code(Code::ParseRowShort).count(), 0);
    // the same as tab-separated text: the export writes no label span as
    // an empty field anywhere, so the leading empty field is the blank cell
    let p = parse(&ogi_report::to_text(&r)).unwrap();
    let t = p.report.requests.as_ref().unwrap();
    let cell = |c| t.get(RequestRow::Disclosed, c).unwrap();
    assert_eq!(cell(RequestColumn::NaturalPerson).state, CellState::Blank);
    assert_eq!(cell(RequestColumn::Total).value(), Some(&11));
    assert_eq!(p.report.without_sources().requests, r.requests);
}
