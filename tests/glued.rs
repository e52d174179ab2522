//! Separator-less text: random consistent reports rendered with every cell
//! separator removed parse back to the same numbers wherever the split is
//! unique, and the parser says "ambiguous" exactly where an independent
//! brute force finds several solutions. Inconsistent glued tables never
//! yield invented values.

use std::collections::BTreeMap;

use ogi_report::{
    AppealGroup, CellKind, CellRef, CheckOptions, Code, Edition, Kind, Path, Report, RequestRow,
    check, parse, to_text,
};
use proptest::prelude::*;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(64);
    ProptestConfig::with_cases(cases)
}

/// The report as a web page flattened to one line: the title and period on
/// their own lines, then every table with no separator at all.
fn glued(report: &Report) -> String {
    let text = to_text(report);
    let cut = text.find("二、主动公开政府信息情况").unwrap();
    let (head, body) = text.split_at(cut);
    let flat: String = body.chars().filter(|c| *c != '\t' && *c != '\n').collect();
    format!("{head}{flat}")
}

// ---- an independent brute force ----

/// Every way to cut `digits` into `n` numbers (no leading zeros, ≤ 8 digits).
fn all_splits(digits: &str, n: usize) -> Vec<Vec<u64>> {
    fn go(d: &[u8], n: usize, acc: &mut Vec<u64>, out: &mut Vec<Vec<u64>>) {
        if n == 0 {
            if d.is_empty() {
                out.push(acc.clone());
            }
            return;
        }
        for len in 1..=d.len().min(8) {
            if len > 1 && d[0] == b'0' {
                break;
            }
            let v: u64 = std::str::from_utf8(&d[..len]).unwrap().parse().unwrap();
            acc.push(v);
            go(&d[len..], n - 1, acc, out);
            acc.pop();
        }
    }
    let mut out = Vec::new();
    go(digits.as_bytes(), n, &mut Vec::new(), &mut out);
    out
}

fn row_digits(r: &Report, row: RequestRow) -> String {
    let t = r.requests.as_ref().unwrap().row(row).unwrap();
    t.cells()
        .map(|(_, c)| c.value().unwrap().to_string())
        .collect()
}

fn row_values(r: &Report, row: RequestRow) -> Vec<u64> {
    let t = r.requests.as_ref().unwrap().row(row).unwrap();
    t.cells().map(|(_, c)| *c.value().unwrap() as u64).collect()
}

/// The number of joint solutions of table 三 (row totals, outcome totals,
/// balance), by brute force; `None` when too large to enumerate.
/// Row → the distinct splits seen in some solution.
type Domains = BTreeMap<RequestRow, Vec<Vec<u64>>>;

fn joint_solutions(r: &Report) -> Option<(usize, Domains)> {
    let t = r.requests.as_ref().unwrap();
    let rows: Vec<RequestRow> = t.rows.keys().copied().collect();
    let mut domains: Domains = BTreeMap::new();
    for row in &rows {
        let cands: Vec<Vec<u64>> = all_splits(&row_digits(r, *row), 7)
            .into_iter()
            .filter(|v| v[..6].iter().sum::<u64>() == v[6])
            .collect();
        domains.insert(*row, cands);
    }
    let product: usize = domains.values().map(Vec::len).product();
    if product > 20_000 {
        return None;
    }
    let outcome: Vec<RequestRow> = t.outcome_rows().collect();
    let mut count = 0;
    let mut choice: BTreeMap<RequestRow, Vec<u64>> = BTreeMap::new();
    let mut seen: Domains = BTreeMap::new();
    #[allow(clippy::needless_range_loop)]
    fn rec(
        i: usize,
        rows: &[RequestRow],
        domains: &Domains,
        outcome: &[RequestRow],
        choice: &mut BTreeMap<RequestRow, Vec<u64>>,
        count: &mut usize,
        seen: &mut Domains,
    ) {
        if i == rows.len() {
            for c in 0..7 {
                let sum: u64 = outcome.iter().map(|r| choice[r][c]).sum();
                if sum != choice[&RequestRow::OutcomeTotal][c] {
                    return;
                }
                if choice[&RequestRow::NewReceived][c] + choice[&RequestRow::CarriedOver][c]
                    != choice[&RequestRow::OutcomeTotal][c] + choice[&RequestRow::CarriedForward][c]
                {
                    return;
                }
            }
            *count += 1;
            for (r, v) in choice.iter() {
                let e = seen.entry(*r).or_default();
                if !e.contains(v) {
                    e.push(v.clone());
                }
            }
            return;
        }
        for v in &domains[&rows[i]] {
            choice.insert(rows[i], v.clone());
            rec(i + 1, rows, domains, outcome, choice, count, seen);
        }
    }
    rec(
        0,
        &rows,
        &domains,
        &outcome,
        &mut choice,
        &mut count,
        &mut seen,
    );
    Some((count, seen))
}

// ---- generated reports ----

fn small() -> impl Strategy<Value = i64> {
    // 1, 10, 11 and 101 glue into runs that split several ways
    prop_oneof![16 => Just(0i64), 2 => Just(1i64), 2 => Just(10i64), 1 => Just(11i64), 1 => Just(101i64), 2 => 0i64..10, 1 => 10i64..400]
}

fn report() -> impl Strategy<Value = Report> {
    (
        any::<bool>(),
        prop::collection::vec(small(), 19 * 6),
        prop::collection::vec(small(), 6),
        prop::collection::vec(0u16..=1000, 6),
        prop::collection::vec(small(), 12),
        prop::collection::vec(small(), 9),
    )
        .prop_map(|(v2019, outcomes, forward, share, appeals, proactive)| {
            let edition = if v2019 {
                Edition::V2019
            } else {
                Edition::V2021
            };
            let mut r = Report::new(edition);
            r.meta.title_year = Some(2024);
            let t = r.requests.as_ref().unwrap();
            let rows: Vec<RequestRow> = t.outcome_rows().collect();
            let mut handled = [0i64; 6];
            for (i, row) in rows.iter().enumerate() {
                let k = i % 19;
                let c = [
                    outcomes[k * 6],
                    outcomes[k * 6 + 1],
                    outcomes[k * 6 + 2],
                    outcomes[k * 6 + 3],
                    outcomes[k * 6 + 4],
                    outcomes[k * 6 + 5],
                ];
                for j in 0..6 {
                    handled[j] += c[j];
                }
                r.set_request_counts(*row, c);
            }
            r.derive_outcome_total();
            let fwd = [
                forward[0], forward[1], forward[2], forward[3], forward[4], forward[5],
            ];
            r.set_request_counts(RequestRow::CarriedForward, fwd);
            let mut carried = [0i64; 6];
            let mut new = [0i64; 6];
            for j in 0..6 {
                let right = handled[j] + fwd[j];
                carried[j] = right * i64::from(share[j]) / 1000;
                new[j] = right - carried[j];
            }
            r.set_request_counts(RequestRow::CarriedOver, carried);
            r.set_request_counts(RequestRow::NewReceived, new);
            let a = &appeals;
            r.set_appeal_counts(
                AppealGroup::Review,
                [a[0] + a[8] + a[9], a[1], a[2] + a[10] + a[11], a[3]],
            );
            r.set_appeal_counts(AppealGroup::DirectSuit, [a[4], a[5], a[6], a[7]]);
            r.set_appeal_counts(AppealGroup::SuitAfterReview, [a[8], a[9], a[10], a[11]]);
            let mut cells: Vec<Path> = Vec::new();
            r.for_each_cell_mut(|p, _| {
                if let Path::Proactive { .. } = p {
                    cells.push(p);
                }
            });
            for (i, p) in cells.iter().enumerate() {
                if let Path::Proactive {
                    row,
                    column: Some(c),
                } = p
                {
                    let v = proactive[i % proactive.len()];
                    if !r.set_proactive_count(*row, *c, v) {
                        r.set_proactive_amount(*row, *c, rust_decimal::Decimal::new(v * 10 + 5, 1));
                    }
                }
            }
            r
        })
}

fn parsed_count(r: &Report, path: Path) -> (CellKind, Option<i64>) {
    match r.cell(path) {
        Some(CellRef::Count(c)) => (c.kind(), c.value().copied()),
        Some(CellRef::Money(c)) => (c.kind(), None),
        None => (CellKind::Missing, None),
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn glued_reports_round_trip_where_the_split_is_unique(r in report()) {
        let text = glued(&r);
        let p = parse(&text).unwrap();
        let back = &p.report;
        let ambiguous_rows: Vec<Path> = p
            .diagnostics
            .iter()
            .filter(|d| matches!(d.code, Code::ParseGluedAmbiguous | Code::ParseGluedInconsistent))
            .map(|d| d.path)
            .collect();
        prop_assert!(p.diagnostics.with_code(Code::ParseGluedInconsistent).next().is_none(), "{:#?}", p.diagnostics);
        // Never a wrong number; no number only where a finding says why.
        for (path, cell) in r.cells() {
            let CellRef::Count(orig) = cell else { continue };
            let (kind, value) = parsed_count(back, path);
            match kind {
                CellKind::Number => prop_assert_eq!(value, orig.value().copied(), "{} in\n{}", path, text),
                CellKind::Unreadable => prop_assert!(
                    ambiguous_rows.iter().any(|a| path.is_within(*a)),
                    "{} unreadable without a finding", path
                ),
                other => prop_assert!(false, "{} is {:?}", path, other),
            }
        }
        // Table 三 against the brute force (2021 layout, small cases).
        if r.edition == Some(Edition::V2021)
            && let Some((count, seen)) = joint_solutions(&r) {
                prop_assert!(count >= 1, "the original is a solution");
                for (row, values) in &seen {
                    let path = Path::Requests { row: *row, column: None };
                    let unreadable = back
                        .requests
                        .as_ref()
                        .unwrap()
                        .row(*row)
                        .unwrap()
                        .cells()
                        .any(|(_, c)| c.kind() == CellKind::Unreadable);
                    if values.len() == 1 {
                        // fixed in every solution: the parser must have it
                        prop_assert!(!unreadable, "{} is decided by the rules", path);
                        prop_assert_eq!(&row_values(back, *row), &values[0]);
                    } else {
                        // several solutions disagree on this row: it must not be filled
                        prop_assert!(unreadable, "{} has {} solutions but was filled", path, values.len());
                        prop_assert!(ambiguous_rows.contains(&path));
                    }
                }
            }
    }

    #[test]
    fn an_inconsistent_glued_table_invents_nothing(r in report(), which in 0usize..200, delta in 1i64..9) {
        let mut r = r;
        // perturb one cell of table 三
        let paths: Vec<Path> = r.cells().into_iter().map(|(p, _)| p).filter(|p| matches!(p, Path::Requests { .. })).collect();
        let target = paths[which % paths.len()];
        r.for_each_cell_mut(|p, cell| {
            if p == target
                && let ogi_report::CellMut::Count(c) = cell {
                    let v = *c.value().unwrap();
                    *c = ogi_report::Cell::number(v + delta);
                }
        });
        let text = glued(&r);
        let p = parse(&text).unwrap();
        for (path, cell) in r.cells() {
            let CellRef::Count(orig) = cell else { continue };
            let (kind, value) = parsed_count(&p.report, path);
            if kind == CellKind::Number {
                prop_assert_eq!(value, orig.value().copied(), "{} invented", path);
            }
        }
        // When every row of table 三 splits one way only, the published error is found.
        let all_certain = r.requests.as_ref().unwrap().rows.keys().all(|row| {
            all_splits(&row_digits(&r, *row), 7).len() == 1
        });
        if all_certain {
            let d = check(&p.report, &CheckOptions::default());
            prop_assert!(d.of_kind(Kind::Violation).any(|d| d.path.table() == Some(ogi_report::TableId::Requests)),
                "perturbed {} but no violation", target);
        }
    }
}

#[test]
fn brute_force_agrees_on_a_known_run() {
    let s = all_splits("21710000218", 7);
    let pinned: Vec<_> = s
        .iter()
        .filter(|v| v[..6].iter().sum::<u64>() == v[6])
        .collect();
    assert_eq!(pinned, [&vec![217, 1, 0, 0, 0, 0, 218]]);
    assert_eq!(all_splits("0000000", 7).len(), 1);
}
