//! Heap allocations per call, counted with a counting allocator (`dhat`):
//! counts are deterministic where times are not. `check` of a report whose
//! rules hold allocates nothing; a finding costs its own allocations only;
//! `validate` of a real report stays under a fixed number of blocks.

#[global_allocator]
static ALLOC: dhat::Alloc = dhat::Alloc;

use ogi_report::{
    AppealGroup, Cell, CellMut, CheckOptions, Decimal, Edition, Kind, Path, Report, RequestRow,
    check, parse, validate,
};

/// Blocks allocated by one call of `f`, and its result. The count is the
/// least of three calls: the first call of the process also builds the
/// tables built once (label automata), which are not a call's cost.
fn blocks<T>(mut f: impl FnMut() -> T) -> (u64, T) {
    let mut least = u64::MAX;
    let mut out = None;
    for _ in 0..3 {
        let before = dhat::HeapStats::get().total_blocks;
        let result = f();
        let after = dhat::HeapStats::get().total_blocks;
        least = least.min(after - before);
        out = Some(result);
    }
    (least, out.expect("three calls"))
}

const SHIZUISHAN: &str = include_str!("corpus/shizuishan-science-bureau-2023.tabs.txt");
const HUAIAN: &str = include_str!("corpus/huaian-gov-2024.pdftotext-layout.txt");
const PINGTAN: &str = include_str!("corpus/pingtan-2024.flattened.txt");

/// A report of both editions' shapes whose every rule holds.
fn consistent(edition: Edition) -> Report {
    let mut r = Report::new(edition);
    r.set_request_row(RequestRow::NewReceived, [5, 1, 0, 0, 0, 0], 6);
    r.set_request_row(RequestRow::CarriedOver, [1, 0, 0, 0, 0, 0], 1);
    r.set_request_row(RequestRow::Disclosed, [4, 1, 0, 0, 0, 0], 5);
    r.fill_zero_outcomes();
    r.derive_outcome_total();
    r.set_request_row(RequestRow::CarriedForward, [2, 0, 0, 0, 0, 0], 2);
    for g in AppealGroup::ALL {
        r.set_appeal_row(*g, [1, 0, 0, 0], 1);
    }
    r.for_each_cell_mut(|path, cell| {
        if matches!(path, Path::Proactive { .. }) {
            match cell {
                CellMut::Count(c) => *c = Cell::number(0),
                CellMut::Money(c) => *c = Cell::number(Decimal::ZERO),
            }
        }
    });
    r
}

fn check_of_a_clean_report_allocates_nothing() {
    let options = CheckOptions::default();
    for edition in [Edition::V2019, Edition::V2021] {
        let report = consistent(edition);
        let (n, found) = blocks(|| check(&report, &options));
        assert!(found.is_empty(), "{edition}: {:?}", found.0);
        assert_eq!(n, 0, "{edition}: check of a clean report allocated");
    }
    // real reports read from text: their findings (if any) are the only
    // allocations, so a report with none allocates none
    for text in [SHIZUISHAN, HUAIAN, PINGTAN] {
        let report = parse(text).unwrap().report;
        let (n, found) = blocks(|| check(&report, &options));
        if found.is_empty() {
            assert_eq!(n, 0);
        } else {
            assert!(
                n as usize <= 8 * found.len() + 2,
                "{n} blocks for {} findings",
                found.len()
            );
        }
    }
}

fn a_finding_costs_its_own_allocations_only() {
    let options = CheckOptions::default();
    let mut report = consistent(Edition::V2021);
    // one cell off: the row total and the column's balance fail
    report.set_request_row(RequestRow::NewReceived, [6, 1, 0, 0, 0, 0], 6);
    let (n, found) = blocks(|| check(&report, &options));
    let violations = found.of_kind(Kind::Violation).count();
    assert!(violations >= 2, "{:?}", found.0);
    // each finding: its operand list; the suggestion search tries merges
    // and splits of the failing cells, each tried report checked again
    println!("{n} blocks for {} findings", found.len());
    assert!(n <= 80, "{n} blocks for {} findings", found.len());
}

fn validate_allocations_are_bounded() {
    let options = CheckOptions::default();
    let mut seen = Vec::new();
    // ceilings over today's counts: a change that adds allocations per cell
    // or per line (hundreds) fails here
    for (name, text, ceiling) in [
        ("shizuishan tabs", SHIZUISHAN, 250),
        ("huaian pdftotext -layout", HUAIAN, 300),
        ("pingtan flattened", PINGTAN, 380),
    ] {
        let (n, v) = blocks(|| validate(text, &options).unwrap());
        drop(v);
        seen.push(format!("{name}: {n} blocks"));
        assert!(n <= ceiling, "{name}: {n} blocks, over {ceiling}");
    }
    // a Word page (98 KB): the tokenizer's events are read in place, not a
    // block per tag, attribute or text node (15,000 blocks before)
    #[cfg(feature = "html")]
    {
        let page = include_str!("corpus/huaian-gov-2024.word-export.html");
        let (n, v) = blocks(|| validate(page, &options).unwrap());
        assert!(v.report.requests.is_some());
        drop(v);
        seen.push(format!(
            "huaian Word page ({} bytes): {n} blocks",
            page.len()
        ));
        assert!(n <= 2_000, "huaian Word page: {n} blocks, over 2000");
    }
    println!("{}", seen.join("\n"));
}

/// The only test of this file: the counter sees every thread, so no other
/// test may run beside the counted calls (the harness starts each test on
/// a thread of its own, and starting one allocates).
#[test]
fn allocations() {
    let _profiler = dhat::Profiler::builder().testing().build();
    check_of_a_clean_report_allocates_nothing();
    a_finding_costs_its_own_allocations_only();
    validate_allocations_are_bounded();
}
