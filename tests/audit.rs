//! The audit: grouping by body, the cross-year rules on consecutive years
//! (across the edition change too), gaps, duplicates, failures, order.

use ogi_report::audit::{Audit, AuditOptions, Input, LinkStatus, Summary, audit, check_years};
use ogi_report::{
    Cell, CellMut, CheckOptions, Code, Decimal, Edition, Kind, Path, ProactiveColumn, ProactiveRow,
    Report, RequestRow, Severity, to_text,
};

/// A consistent report of `body` for `year`: `carried_over` requests from
/// last year, `carried_forward` to the next, all by natural persons.
fn report(
    body: &str,
    year: i32,
    edition: Edition,
    carried_over: i64,
    carried_forward: i64,
) -> Report {
    let mut r = Report::new(edition);
    r.meta.agency = Some(body.to_owned());
    r.meta.title_year = Some(year);
    let row = |n: i64| [n, 0, 0, 0, 0, 0];
    let handled = 5;
    r.set_request_row(
        RequestRow::NewReceived,
        row(handled + carried_forward - carried_over),
        handled + carried_forward - carried_over,
    );
    r.set_request_row(RequestRow::CarriedOver, row(carried_over), carried_over);
    r.set_request_row(RequestRow::Disclosed, row(handled), handled);
    r.fill_zero_outcomes();
    r.derive_outcome_total();
    r.set_request_row(
        RequestRow::CarriedForward,
        row(carried_forward),
        carried_forward,
    );
    for g in ogi_report::AppealGroup::ALL {
        r.set_appeal_row(*g, [0, 0, 0, 0], 0);
    }
    // table 二 all zeros, so that it chains
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

fn text(r: &Report) -> Vec<u8> {
    to_text(r).into_bytes()
}

fn run(inputs: Vec<Input>) -> Summary {
    audit(inputs, &AuditOptions::default(), |_| {})
}

fn codes(summary: &Summary) -> Vec<(usize, Code, String)> {
    summary
        .findings()
        .map(|(i, d)| (i, d.code, d.path.to_string()))
        .collect()
}

#[test]
fn consistent_consecutive_years_chain_clean() {
    let a = report("某某局", 2022, Edition::V2021, 0, 3);
    let b = report("某某局", 2023, Edition::V2021, 3, 1);
    let s = run(vec![
        Input::bytes("a", text(&a)),
        Input::bytes("b", text(&b)),
    ]);
    assert_eq!(s.read(), 2);
    for r in &s.reports {
        assert_eq!((r.errors, r.warnings), (0, 0), "{r:?}");
    }
    let body = s.body("某某局").unwrap();
    assert_eq!(body.years, [2022, 2023]);
    assert_eq!(body.links.len(), 1);
    assert_eq!(body.links[0].status, LinkStatus::Checked);
    assert_eq!(codes(&s), []);
}

#[test]
fn a_carry_over_break_is_found_per_column_and_located() {
    let a = report("某某局", 2022, Edition::V2021, 0, 3);
    let b = report("某某局", 2023, Edition::V2021, 2, 1);
    let b_text = text(&b);
    let s = run(vec![
        Input::bytes("a", text(&a)),
        Input::bytes("b", b_text.clone()),
    ]);
    let found = codes(&s);
    assert_eq!(
        found,
        [
            (
                1,
                Code::CarryOverMismatch,
                "requests.carried_over.natural_person".to_owned()
            ),
            (
                1,
                Code::CarryOverMismatch,
                "requests.carried_over.total".to_owned()
            ),
        ]
    );
    let d = s.findings().next().unwrap().1;
    assert_eq!(d.kind, Kind::Violation);
    assert_eq!(d.severity, Severity::Warning);
    assert_eq!(
        (d.expected, d.found),
        (
            Some(ogi_report::Number::Count(3)),
            Some(ogi_report::Number::Count(2))
        )
    );
    // the span and the line point into this year's text
    let span = d.span.unwrap();
    let b_text = String::from_utf8(b_text).unwrap();
    assert_eq!(&b_text[span.start..span.end], "2");
    let (line, _) = span.line_in(&b_text).unwrap();
    assert_eq!(d.location.unwrap().line, line);
    assert!(
        b_text
            .lines()
            .nth(line - 1)
            .unwrap()
            .starts_with("二、上年结转")
    );
    // counted in that report's summary and the per-code index
    assert_eq!(s.reports[1].warnings, 2);
    assert_eq!(s.reports[1].codes[&Code::CarryOverMismatch], 2);
    assert_eq!(s.codes[&Code::CarryOverMismatch], [1]);
    assert_eq!(s.findings[0].other, 0);
}

#[test]
fn the_edition_change_chains_carry_over_but_not_table_two() {
    // 2020 in the 2019 format, 2021 in the 2021 format
    let mut a = report("某某局", 2020, Edition::V2019, 0, 4);
    let b = report("某某局", 2021, Edition::V2021, 1, 0);
    // a 2019 table 二 figure that a same-edition chain would read
    a.set_proactive_count(ProactiveRow::Licensing, ProactiveColumn::ItemsLastYear, 7);
    let s = run(vec![
        Input::bytes("2020", text(&a)),
        Input::bytes("2021", text(&b)),
    ]);
    assert_eq!(s.reports[0].edition, Some(Edition::V2019));
    assert_eq!(s.reports[1].edition, Some(Edition::V2021));
    let body = s.body("某某局").unwrap();
    assert_eq!(body.links[0].status, LinkStatus::EditionChanged);
    let found = codes(&s);
    assert!(
        found.iter().all(|(_, c, _)| *c == Code::CarryOverMismatch),
        "{found:?}"
    );
    assert_eq!(found.len(), 2);
}

#[test]
fn table_two_chains_within_an_edition() {
    // 2021: in force(Y) = in force(Y−1) + issued(Y) − abolished(Y)
    let mut a = report("某某局", 2022, Edition::V2021, 0, 0);
    let mut b = report("某某局", 2023, Edition::V2021, 0, 0);
    a.set_proactive_count(
        ProactiveRow::NormativeDocuments,
        ProactiveColumn::InForce,
        10,
    );
    b.set_proactive_count(ProactiveRow::NormativeDocuments, ProactiveColumn::Issued, 2);
    b.set_proactive_count(
        ProactiveRow::NormativeDocuments,
        ProactiveColumn::Abolished,
        1,
    );
    b.set_proactive_count(
        ProactiveRow::NormativeDocuments,
        ProactiveColumn::InForce,
        12,
    );
    let (status, found) = check_years(2022, &a, 2023, &b, &CheckOptions::default());
    assert_eq!(status, LinkStatus::Checked);
    let chain: Vec<_> = found.with_code(Code::ProactiveInForceChain).collect();
    assert_eq!(chain.len(), 1, "{found:?}");
    assert_eq!(
        chain[0].path.to_string(),
        "proactive.normative_documents.in_force"
    );
    assert_eq!(chain[0].kind, Kind::Violation);
    // fixed: 10 + 2 − 1 = 11
    b.set_proactive_count(
        ProactiveRow::NormativeDocuments,
        ProactiveColumn::InForce,
        11,
    );
    let (_, found) = check_years(2022, &a, 2023, &b, &CheckOptions::default());
    assert_eq!(
        found
            .with_code(Code::ProactiveInForceChain)
            .filter(|d| d.kind == Kind::Violation)
            .count(),
        0
    );
    // 2019 edition: items(Y) = items(Y−1) + change(Y−1)
    let mut a = report("某某局", 2019, Edition::V2019, 0, 0);
    let mut b = report("某某局", 2020, Edition::V2019, 0, 0);
    a.set_proactive_count(ProactiveRow::Licensing, ProactiveColumn::ItemsLastYear, 20);
    a.set_proactive_count(ProactiveRow::Licensing, ProactiveColumn::ItemsChange, -3);
    b.set_proactive_count(ProactiveRow::Licensing, ProactiveColumn::ItemsLastYear, 18);
    let (_, found) = check_years(2019, &a, 2020, &b, &CheckOptions::default());
    let chain: Vec<_> = found
        .with_code(Code::ProactiveItemsChain)
        .filter(|d| d.kind == Kind::Violation)
        .collect();
    assert_eq!(chain.len(), 1, "{found:?}");
    assert_eq!(
        chain[0].path.to_string(),
        "proactive.licensing.items_last_year"
    );
}

#[test]
fn a_gap_is_said_not_checked() {
    let a = report("某某局", 2021, Edition::V2021, 0, 3);
    // would break the chain, were the years consecutive
    let b = report("某某局", 2023, Edition::V2021, 0, 1);
    let s = run(vec![
        Input::bytes("a", text(&a)),
        Input::bytes("b", text(&b)),
    ]);
    let body = s.body("某某局").unwrap();
    assert_eq!(body.links[0].status, LinkStatus::Gap);
    let found: Vec<_> = s.findings().collect();
    assert_eq!(found.len(), 1);
    let (report, d) = found[0];
    assert_eq!(
        (report, d.code, d.kind, d.severity),
        (1, Code::AuditYearGap, Kind::Audit, Severity::Info)
    );
    assert_eq!(
        (d.expected, d.found),
        (
            Some(ogi_report::Number::Count(2022)),
            Some(ogi_report::Number::Count(2021))
        )
    );
    assert!(d.message(ogi_report::Lang::En).contains("2021, not 2022"));
    assert!(d.location.is_some());
}

#[cfg(feature = "html")]
#[test]
fn the_same_report_twice_is_a_duplicate_and_still_chains() {
    let a = report("某某局", 2022, Edition::V2021, 0, 3);
    let b = report("某某局", 2023, Edition::V2021, 2, 1);
    // the same 2023 report as text and as a page
    let s = run(vec![
        Input::bytes("a.txt", text(&a)),
        Input::bytes("b.txt", text(&b)),
        Input::bytes("b.html", ogi_report::to_html(&b)),
    ]);
    let body = s.body("某某局").unwrap();
    assert_eq!(body.duplicates.len(), 1);
    assert_eq!(body.duplicates[0].reports, [1, 2]);
    assert!(body.duplicates[0].identical);
    assert_eq!(body.links[0].status, LinkStatus::Checked);
    let found = codes(&s);
    assert!(
        found.contains(&(2, Code::AuditDuplicate, "meta.title_year".to_owned())),
        "{found:?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|f| f.1 == Code::CarryOverMismatch)
            .count(),
        2
    );
    let dup = s
        .findings()
        .find(|(_, d)| d.code == Code::AuditDuplicate)
        .unwrap()
        .1;
    assert_eq!(dup.raw.as_deref(), Some("b.txt"));
    assert_eq!(dup.severity, Severity::Warning);
}

#[test]
fn two_different_reports_for_one_year_are_not_chained() {
    let a = report("某某局", 2022, Edition::V2021, 0, 3);
    let b = report("某某局", 2023, Edition::V2021, 2, 1);
    let c = report("某某局", 2023, Edition::V2021, 3, 2);
    let s = run(vec![
        Input::bytes("a", text(&a)),
        Input::bytes("b", text(&b)),
        Input::bytes("c", text(&c)),
    ]);
    let body = s.body("某某局").unwrap();
    assert!(!body.duplicates[0].identical);
    assert_eq!(body.links[0].status, LinkStatus::Ambiguous);
    let found = codes(&s);
    assert_eq!(
        found,
        [(2, Code::AuditDuplicate, "meta.title_year".to_owned())]
    );
}

#[test]
fn bodies_are_told_apart_conservatively_and_can_be_given() {
    let office = report("某某市人民政府办公室", 2023, Edition::V2021, 9, 0);
    let government = report("某某市人民政府", 2022, Edition::V2021, 0, 1);
    let s = run(vec![
        Input::bytes("g", text(&government)),
        Input::bytes("o", text(&office)),
    ]);
    assert_eq!(s.bodies.len(), 2);
    assert!(s.findings.is_empty());
    assert!(s.similar_bodies.is_empty());

    // one body under two names: kept apart, listed as similar …
    let a = report("洪泽区人民政府", 2022, Edition::V2021, 0, 3);
    let b = report("淮安市洪泽区人民政府", 2023, Edition::V2021, 2, 1);
    let s = run(vec![
        Input::bytes("a", text(&a)),
        Input::bytes("b", text(&b)),
    ]);
    assert_eq!(s.bodies.len(), 2);
    assert_eq!(
        s.similar_bodies,
        [[
            "淮安市洪泽区人民政府".to_owned(),
            "洪泽区人民政府".to_owned()
        ]]
    );
    assert!(s.findings.is_empty());
    // … and chained when the caller says they are one
    let s = run(vec![
        Input::bytes("a", text(&a)).with_body("hongze"),
        Input::bytes("b", text(&b)).with_body("hongze"),
    ]);
    assert_eq!(s.bodies.len(), 1);
    assert_eq!(codes(&s).len(), 2);
}

#[test]
fn unreadable_inputs_are_listed_with_the_reason_and_never_stop_the_run() {
    let a = report("某某局", 2022, Edition::V2021, 0, 3);
    let dir = std::env::temp_dir().join(format!("ogi-audit-missing-{}", std::process::id()));
    let s = run(vec![
        Input::bytes("empty.txt", ""),
        Input::bytes("blob.bin", vec![0u8, 159, 146, 150, 0, 1, 2, 3]),
        Input::bytes("doc.pdf", b"%PDF-1.7\n".to_vec()),
        Input::path(dir.join("absent.txt")),
        Input::skipped("scan.pdf", "pdftotext is not installed"),
        Input::load("remote", || Err("connection refused".to_owned())),
        Input::bytes("a.txt", text(&a)),
    ]);
    assert_eq!(s.reports.len(), 7);
    assert_eq!(s.read(), 1);
    let failed: Vec<(&str, &str)> = s
        .failed()
        .map(|r| (r.name.as_str(), r.failure.as_ref().unwrap().kind.as_str()))
        .collect();
    assert_eq!(
        failed,
        [
            ("empty.txt", "parse"),
            ("blob.bin", "parse"),
            ("doc.pdf", "parse"),
            (dir.join("absent.txt").to_str().unwrap(), "read"),
            ("scan.pdf", "skipped"),
            ("remote", "read"),
        ]
    );
    let pdf = s.reports[2].failure.as_ref().unwrap();
    assert!(pdf.message.contains("pdftotext"), "{}", pdf.message);
    assert!(
        s.reports[4]
            .failure
            .as_ref()
            .unwrap()
            .message
            .contains("not installed")
    );
    // a failed input is never grouped, and never counted clean
    assert!(
        s.reports[..6]
            .iter()
            .all(|r| r.body.is_none() && !r.is_complete())
    );
    assert!(s.ungrouped.is_empty());
}

#[test]
fn a_report_without_a_title_is_ungrouped() {
    let mut a = report("某某局", 2022, Edition::V2021, 0, 3);
    a.meta.agency = None;
    a.meta.title_year = None;
    let s = run(vec![Input::bytes("a", text(&a))]);
    assert_eq!(s.ungrouped, [0]);
    assert!(s.bodies.is_empty());
}

#[test]
fn records_come_in_input_order_in_batches() {
    let inputs: Vec<Input> = (0..37)
        .map(|i| {
            let r = report(&format!("第{i}局"), 2023, Edition::V2021, 0, 0);
            Input::bytes(format!("{i}"), text(&r))
        })
        .collect();
    let mut seen = Vec::new();
    let mut a = Audit::new(AuditOptions::default().threads(2).in_flight(5));
    a.run(inputs, |record| {
        seen.push((record.index, record.name.clone()))
    });
    // a second run continues the numbering
    a.run([Input::bytes("last", "")], |record| {
        seen.push((record.index, record.name))
    });
    let s = a.finish();
    assert_eq!(seen.len(), 38);
    assert!(seen.iter().enumerate().all(|(i, (j, _))| i == *j));
    assert_eq!(seen[36].1, "36");
    assert_eq!(s.reports.len(), 38);
    assert_eq!(s.bodies.len(), 37);
}

#[test]
fn mapped_records_come_in_order_and_the_summary_is_the_same() {
    let inputs = || -> Vec<Input> {
        (0..23)
            .map(|i| {
                // two bodies, the second with a carry-over break
                let r = report(
                    &format!("第{}局", i % 2),
                    2010 + i / 2,
                    Edition::V2021,
                    1,
                    i64::from(i % 2),
                );
                Input::bytes(format!("{i}"), text(&r))
            })
            .collect()
    };
    let options = AuditOptions::default().threads(2).in_flight(4);
    let mut plain = Audit::new(options);
    plain.run(inputs(), |_| {});
    let plain = plain.finish();
    let mut mapped = Audit::new(options);
    let mut lines = Vec::new();
    mapped.run_map(
        inputs(),
        |record| (record.index, record.name, record.result.is_ok()),
        |line| lines.push(line),
    );
    let mapped = mapped.finish();
    let expected: Vec<(usize, String, bool)> = (0..23).map(|i| (i, format!("{i}"), true)).collect();
    assert_eq!(lines, expected);
    assert_eq!(mapped, plain);
    assert!(!codes(&mapped).is_empty());
}

#[test]
fn no_more_reports_are_in_flight_than_allowed() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};
    for in_flight in [1, 2, 3, 8] {
        let loaded = Arc::new(AtomicUsize::new(0));
        let inputs: Vec<Input> = (0..20)
            .map(|i| {
                let loaded = Arc::clone(&loaded);
                Input::load(format!("{i}"), move || {
                    loaded.fetch_add(1, Ordering::SeqCst);
                    Ok(Vec::new())
                })
            })
            .collect();
        let mut handed = 0;
        let mut most = 0;
        let options = AuditOptions::default().threads(2).in_flight(in_flight);
        audit(inputs, &options, |_| {
            // read but not yet handed out, this one included
            most = most.max(loaded.load(Ordering::SeqCst) - handed);
            handed += 1;
        });
        assert_eq!(handed, 20);
        assert!(
            most <= in_flight,
            "{most} in flight, at most {in_flight} allowed"
        );
    }
}

#[test]
fn a_panic_while_mapping_reaches_the_caller() {
    let inputs: Vec<Input> = (0..9).map(|i| Input::bytes(format!("{i}"), "")).collect();
    let mut a = Audit::new(AuditOptions::default().threads(2).in_flight(2));
    let mut seen = 0;
    let run = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        a.run_map(
            inputs,
            |record| {
                if record.index == 5 {
                    panic!("map failed on 5");
                }
                record.index
            },
            |_| seen += 1,
        )
    }));
    let panic = run.expect_err("the map's panic");
    assert_eq!(panic.downcast_ref::<&str>(), Some(&"map failed on 5"));
    // the records before the failing batch were handed out
    assert!(seen <= 5);
}

#[test]
fn a_report_in_hand_is_checked() {
    let mut b = report("某某局", 2023, Edition::V2021, 0, 1);
    b.set_request_row(RequestRow::NewReceived, [1, 0, 0, 0, 0, 0], 9);
    let s = run(vec![Input::report("built", b)]);
    assert_eq!(s.reports[0].codes.get(&Code::RequestsRowTotal), Some(&1));
    assert!(s.has_errors());
}

#[cfg(feature = "serde")]
#[test]
fn the_summary_round_trips_through_json() {
    let a = report("某某局", 2022, Edition::V2021, 0, 3);
    let b = report("某某局", 2023, Edition::V2021, 2, 1);
    let s = run(vec![
        Input::bytes("a", text(&a)),
        Input::bytes("b", text(&b)),
        Input::bytes("x", ""),
    ]);
    let json = serde_json::to_string(&s).unwrap();
    let back: Summary = serde_json::from_str(&json).unwrap();
    assert_eq!(back, s);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["codes"]["carry_over.mismatch"], serde_json::json!([1]));
    assert_eq!(v["bodies"][0]["links"][0]["status"], "checked");
}
