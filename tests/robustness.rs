//! Bad input never panics, and every span points into the input. A stable
//! stand-in for the fuzz target in `fuzz/` (which needs cargo-fuzz):
//! arbitrary text, and real samples cut, spliced and sprinkled with noise.

use ogi_report::{CellRef, CheckOptions, Lang, Span, validate};
use proptest::prelude::*;
use proptest::sample::Index;

const SAMPLES: &[&str] = &[
    include_str!("corpus/shizuishan-science-bureau-2023.tabs.txt"),
    include_str!("corpus/huaian-gov-2024.pdftotext-raw.txt"),
    include_str!("corpus/excerpt-yangling-audit-2022.pipes.txt"),
    include_str!("corpus/pingtan-nre-bureau-2022.flattened.txt"),
    include_str!("corpus/pingtan-transport-bureau-2020.flattened.txt"),
    include_str!("corpus/pingtan-tourism-bureau-2025.flattened.txt"),
    include_str!("corpus/shanghai-office-2025.markdown.txt"),
    include_str!("corpus/excerpt-muta-township-2024.intro.txt"),
];

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(96);
    ProptestConfig::with_cases(cases)
}

fn assert_sane(text: &str) {
    let Ok(v) = validate(text, &CheckOptions::default()) else {
        return;
    };
    let inside = |s: Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    for (_, cell) in v.report.cells() {
        let source = match cell {
            CellRef::Count(c) => c.source.clone(),
            CellRef::Money(c) => c.source.clone(),
        };
        if let Some(s) = source {
            assert!(inside(s.span), "{:?}", s);
            assert_eq!(&text[s.span.start..s.span.end], s.raw);
        }
    }
    for s in [
        v.report.meta.title_span,
        v.report.meta.period.and_then(|p| p.span),
    ]
    .into_iter()
    .flatten()
    {
        assert!(inside(s), "meta span {s:?}");
    }
    for d in v.diagnostics.iter() {
        if let Some(s) = d.span {
            assert!(inside(s), "{d:?}");
        }
        for u in &d.unplaced {
            assert_eq!(&text[u.span.start..u.span.end], u.raw);
        }
        assert!(!d.message(Lang::En).is_empty());
        assert!(!d.message(Lang::Zh).is_empty());
    }
}

fn noise() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            Just("\t".to_owned()),
            Just("|".to_owned()),
            Just("\n".to_owned()),
            Just(" ".to_owned()),
            Just("/".to_owned()),
            Just("１２".to_owned()),
            Just("-3-".to_owned()),
            Just("\u{200B}".to_owned()),
            Just("\r".to_owned()),
            Just("00".to_owned()),
            Just("02.".to_owned()),
            Just("-".to_owned()),
            Just("2024年".to_owned()),
            Just("標題: ".to_owned()),
            Just("制发规范性文件6件".to_owned()),
            Just("3,001".to_owned()),
            Just("99999999999999999999999".to_owned()),
            Just("（三）不予公开".to_owned()),
            Just("四、结转下年度继续办理".to_owned()),
            Just("三、收到和处理政府信息公开申请情况\n".to_owned()),
            "[0-9]{1,6}",
            "\\PC{0,4}",
        ],
        0..12,
    )
    .prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn arbitrary_text_never_panics(s in "\\PC{0,400}") {
        assert_sane(&s);
    }

    #[test]
    fn damaged_samples_never_panic(
        which in 0..SAMPLES.len(),
        cuts in prop::collection::vec((any::<Index>(), any::<Index>(), noise()), 1..6),
    ) {
        let mut text = SAMPLES[which].to_owned();
        for (a, b, insert) in cuts {
            let mut i = a.index(text.len() + 1);
            let mut j = b.index(text.len() + 1);
            if i > j { std::mem::swap(&mut i, &mut j); }
            j = j.min(i + 200);
            while !text.is_char_boundary(i) { i -= 1; }
            while !text.is_char_boundary(j) { j -= 1; }
            text.replace_range(i..j.max(i), &insert);
        }
        assert_sane(&text);
    }
}

/// Inputs the fuzzers found (`tests/corpus/fuzz/`), read as text: no panic,
/// spans in bounds, a text cell's raw is the text at its span.
#[test]
fn fuzz_findings_read_as_text() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/fuzz");
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        if let Ok(p) = ogi_report::parse(&text) {
            for (_, cell) in p.report.cells() {
                if let Some(s) = cell.source() {
                    assert!(s.span.end <= text.len());
                    if p.format == ogi_report::Format::Text {
                        assert_eq!(&text[s.span.start..s.span.end], s.raw);
                    }
                }
            }
            let v = ogi_report::validate(&text, &ogi_report::CheckOptions::default()).unwrap();
            // every finding's cell path names a cell the report has
            for d in v.diagnostics.iter() {
                for path in std::iter::once(d.path).chain(d.operands.iter().map(|o| o.path)) {
                    let cell_level = matches!(
                        path,
                        ogi_report::Path::Requests {
                            column: Some(_),
                            ..
                        } | ogi_report::Path::Appeals {
                            column: Some(_),
                            ..
                        } | ogi_report::Path::Proactive {
                            column: Some(_),
                            ..
                        }
                    );
                    let table_there = match path {
                        ogi_report::Path::Requests { .. } => v.report.requests.is_some(),
                        ogi_report::Path::Appeals { .. } => v.report.appeals.is_some(),
                        ogi_report::Path::Proactive { .. } => v.report.proactive.is_some(),
                        _ => false,
                    };
                    if cell_level && table_there {
                        assert!(
                            v.report.cell(path).is_some(),
                            "{}: {path}",
                            path_name(&path)
                        );
                    }
                }
            }
        }
    }
}

fn path_name(p: &ogi_report::Path) -> String {
    p.to_string()
}

/// A lost tab next to a merged label cell: `⇥(七)总计⇥⇥5⇥3⇥…` read as
/// `⇥(七)总计⇥⇥53⇥…` must not put 53 in the next column as if the report
/// said so. The row is extraction damage, with the split as a suggestion,
/// and no rule failure is blamed on the report.
#[test]
fn a_lost_tab_next_to_a_merged_label_is_damage_not_a_value() {
    use ogi_report::{CellKind, Code, RequestColumn, RequestRow, SuggestionKind};
    let sample = include_str!("corpus/shizuishan-science-bureau-2023.tabs.txt");
    let row = "\t(七)总计\t\t0\t0\t0\t0\t0\t0\t0";
    assert!(sample.contains(row));
    let whole = sample.replace(row, "\t(七)总计\t\t5\t3\t0\t0\t0\t0\t8");
    let glued = sample.replace(row, "\t(七)总计\t\t53\t0\t0\t0\t0\t8");
    // the whole row reads as written
    let p = ogi_report::parse(&whole).unwrap();
    let t = p.report.requests.as_ref().unwrap();
    assert_eq!(
        t.get(RequestRow::OutcomeTotal, RequestColumn::NaturalPerson)
            .unwrap()
            .value(),
        Some(&5)
    );
    // the glued row: no cell takes 53; a row_short finding suggests 5 | 3
    let v = ogi_report::validate(&glued, &ogi_report::CheckOptions::default()).unwrap();
    let t = v.report.requests.as_ref().unwrap();
    for (_, c) in t.row(RequestRow::OutcomeTotal).unwrap().cells() {
        assert_eq!(c.kind(), CellKind::Missing);
    }
    let d = v
        .diagnostics
        .with_code(Code::ParseRowShort)
        .find(|d| d.path.to_string() == "requests.outcome_total")
        .expect("the damaged row is said");
    assert_eq!(d.suggestions.len(), 1);
    assert_eq!(d.suggestions[0].kind, SuggestionKind::Split);
    assert!(d.message(ogi_report::Lang::En).contains("53"));
    assert!(
        !v.diagnostics.has_errors(),
        "{:#?}",
        v.diagnostics.errors().collect::<Vec<_>>()
    );
    // a row whose first cell is really blank, and which adds up, stays as written
    let blank_first = sample.replace(row, "\t(七)总计\t\t\t3\t0\t0\t0\t0\t3");
    let p = ogi_report::parse(&blank_first).unwrap();
    let t = p.report.requests.as_ref().unwrap();
    assert_eq!(
        t.get(RequestRow::OutcomeTotal, RequestColumn::NaturalPerson)
            .unwrap()
            .kind(),
        CellKind::Blank
    );
    assert_eq!(
        t.get(RequestRow::OutcomeTotal, RequestColumn::Total)
            .unwrap()
            .value(),
        Some(&3)
    );
}

/// A cell of dozens of digits is that cell, unreadable, with its digits —
/// not a label, and not lost behind a generic finding.
#[test]
fn a_very_long_cell_is_unreadable_in_its_cell() {
    use ogi_report::{CellKind, Code, ProactiveColumn, ProactiveRow};
    let digits = "12345678901234567890123456789";
    let text = format!(
        "二、主动公开政府信息情况\n第二十条第（一）项\n信息内容\t本年制发件数\t本年废止件数\t现行有效件数\n规章\t{digits}\t0\t1\n行政规范性文件\t1\t0\t1\n"
    );
    let p = ogi_report::parse(&text).unwrap();
    let t = p.report.proactive.as_ref().unwrap();
    let cell = t.get(ProactiveRow::Rules, ProactiveColumn::Issued).unwrap();
    assert_eq!(cell.kind(), CellKind::Unreadable);
    assert_eq!(cell.raw(), Some(digits));
    assert_eq!(
        t.get(ProactiveRow::Rules, ProactiveColumn::InForce)
            .unwrap()
            .count(),
        Some(1)
    );
    assert!(
        p.diagnostics
            .with_code(Code::ParseUnreadableCell)
            .any(|d| d.path.to_string() == "proactive.rules.issued")
    );
    assert!(
        p.diagnostics
            .with_code(Code::ParseUnknownRow)
            .next()
            .is_none()
    );
}

/// `…收费149.三、…` on a flattened page: the fee is 149 (the point ends the
/// sentence before the next heading), not 14 with `9.` taken for a row.
#[test]
fn a_figure_before_a_heading_keeps_its_digits() {
    use ogi_report::{ProactiveColumn, ProactiveRow};
    let text = "二、主动公开政府信息情况\n规章 0 0 0 行政规范性文件 1 0 1 行政许可 3 行政处罚 2 行政强制 0 行政事业性收费149.三、收到和处理政府信息公开申请情况\n";
    let p = ogi_report::parse(text).unwrap();
    let t = p.report.proactive.as_ref().unwrap();
    let fee = t.get(ProactiveRow::Fees, ProactiveColumn::Amount).unwrap();
    assert_eq!(fee.amount(), Some(rust_decimal::Decimal::from(149)));
    assert_eq!(fee.raw(), Some("149"));
}

/// A glued run with more digits than its row's cells can hold has no
/// reading at all: it is damage, never a rule "proven broken by the text".
#[test]
fn a_run_no_split_can_fill_proves_nothing() {
    let text = format!(
        "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量{}\n四、政府信息公开行政复议、行政诉讼情况\n",
        "7".repeat(500)
    );
    let v = ogi_report::validate(&text, &ogi_report::CheckOptions::default()).unwrap();
    assert!(
        !v.diagnostics.iter().any(|d| d.proven_by_text),
        "{:#?}",
        v.diagnostics
    );
    assert!(!v.diagnostics.has_errors());
    assert!(
        v.diagnostics
            .with_code(ogi_report::Code::ParseGluedInconsistent)
            .any(|d| d.path.to_string() == "requests.new_received")
    );
}

/// A region of thousands of rows keeps a table's worth; the rest are said
/// (folded unknown rows whose spans cover their values), never dropped.
#[test]
fn rows_past_a_tables_worth_are_said_not_kept() {
    let text = format!(
        "三、收到和处理政府信息公开申请情况\n{}四、政府信息公开行政复议、行政诉讼情况\n",
        "其他说明\t1\t2\t3\n".repeat(5000)
    );
    let v = ogi_report::validate(&text, &ogi_report::CheckOptions::default()).unwrap();
    let unknown: Vec<_> = v
        .diagnostics
        .with_code(ogi_report::Code::ParseUnknownRow)
        .collect();
    assert!(unknown.len() < 100, "{}", unknown.len());
    let said: usize = unknown.iter().map(|d| 1 + d.repeated).sum();
    assert_eq!(said, 5000);
    let tokens: usize = unknown
        .iter()
        .map(|d| d.unplaced.len() + d.unplaced_omitted)
        .sum();
    assert_eq!(tokens, 15_000);
}
