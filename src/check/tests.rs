//! One test (at least) per rule, with the not-assessable cases.

use rust_decimal::Decimal;

use super::*;
use crate::diagnostic::Severity;
use crate::model::keys::{AppealGroup, Edition, ProactiveColumn, ProactiveRow};
use crate::model::report::{Date, Period};
use crate::model::requests::{OtherHandlingLayout, RequestsRow};

/// A complete, consistent 2021 report with non-zero numbers.
fn full_report() -> Report {
    let mut r = Report::new(Edition::V2021);
    r.set_request_counts(RequestRow::NewReceived, [10, 2, 1, 0, 1, 1]);
    r.set_request_counts(RequestRow::CarriedOver, [3, 0, 0, 0, 0, 0]);
    r.fill_zero_outcomes();
    r.set_request_counts(RequestRow::Disclosed, [6, 1, 0, 0, 1, 0]);
    r.set_request_counts(RequestRow::WithheldStateSecret, [1, 0, 0, 0, 0, 0]);
    r.set_request_counts(RequestRow::UnavailableNotHeld, [2, 1, 1, 0, 0, 1]);
    r.set_request_counts(RequestRow::OtherHandlingOther, [1, 0, 0, 0, 0, 0]);
    r.derive_outcome_total();
    r.set_request_counts(RequestRow::CarriedForward, [3, 0, 0, 0, 0, 0]);
    r.set_appeal_counts(AppealGroup::Review, [2, 1, 0, 1]);
    r.set_appeal_counts(AppealGroup::DirectSuit, [1, 0, 0, 0]);
    r.set_appeal_counts(AppealGroup::SuitAfterReview, [1, 0, 0, 1]);
    for (row, col, v) in [
        (ProactiveRow::Rules, ProactiveColumn::Issued, 1),
        (ProactiveRow::Rules, ProactiveColumn::Abolished, 0),
        (ProactiveRow::Rules, ProactiveColumn::InForce, 5),
        (ProactiveRow::NormativeDocuments, ProactiveColumn::Issued, 3),
        (
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::Abolished,
            1,
        ),
        (
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::InForce,
            20,
        ),
        (ProactiveRow::Licensing, ProactiveColumn::Decisions, 100),
        (ProactiveRow::Punishment, ProactiveColumn::Decisions, 7),
        (ProactiveRow::Coercion, ProactiveColumn::Decisions, 0),
    ] {
        assert!(r.set_proactive_count(row, col, v));
    }
    assert!(r.set_proactive_amount(
        ProactiveRow::Fees,
        ProactiveColumn::Amount,
        Decimal::new(1234, 1)
    ));
    r
}

fn run(r: &Report) -> Diagnostics {
    check(r, &CheckOptions::default())
}

fn codes(d: &Diagnostics) -> Vec<(String, String, Kind)> {
    d.iter()
        .map(|d| (d.code.to_string(), d.path.to_string(), d.kind))
        .collect()
}

fn set(r: &mut Report, row: RequestRow, col: RequestColumn, cell: Cell<i64>) {
    *r.requests.as_mut().unwrap().row_mut(row).get_mut(col) = cell;
}

#[test]
fn a_consistent_report_passes_everything() {
    let d = run(&full_report());
    assert!(d.is_empty(), "{:#?}", codes(&d));
}

#[test]
fn row_total_violation_carries_values_and_operands() {
    let mut r = full_report();
    set(
        &mut r,
        RequestRow::Disclosed,
        RequestColumn::Total,
        Cell::number(9),
    );
    let d = run(&r);
    let f: Vec<_> = d.with_code(Code::RequestsRowTotal).collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].path.to_string(), "requests.disclosed.total");
    assert_eq!(f[0].kind, Kind::Violation);
    assert_eq!(f[0].severity, Severity::Error);
    assert_eq!(f[0].expected, Some(Number::Count(8)));
    assert_eq!(f[0].found, Some(Number::Count(9)));
    assert_eq!(f[0].operands.len(), 7);
    // the changed total also breaks the outcome total of the total column
    let oc: Vec<_> = d.with_code(Code::RequestsOutcomeTotal).collect();
    assert_eq!(oc.len(), 1);
    assert_eq!(oc[0].path.to_string(), "requests.outcome_total.total");
}

#[test]
fn blank_is_not_zero_unless_the_policy_says_so() {
    let mut r = full_report();
    set(
        &mut r,
        RequestRow::Disclosed,
        RequestColumn::Research,
        Cell::blank(),
    );
    let d = run(&r);
    let na: Vec<_> = d
        .of_kind(Kind::NotAssessable)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        na,
        [
            "requests.disclosed.total",
            "requests.outcome_total.research"
        ],
        "{:#?}",
        codes(&d)
    );
    assert!(
        d.of_kind(Kind::NotAssessable)
            .all(|d| d.severity == Severity::Info)
    );
    let named: Vec<_> = d
        .of_kind(Kind::NotAssessable)
        .flat_map(|d| d.operands.iter().filter(|o| o.state != CellKind::Number))
        .map(|o| o.path.to_string())
        .collect();
    assert!(named.iter().all(|p| p == "requests.disclosed.research"));
    // with the policy, the blank part is 0 and everything holds
    let d = check(&r, &CheckOptions::new().blank_as_zero(true));
    assert!(d.is_empty(), "{:#?}", codes(&d));
}

#[test]
fn a_blank_total_is_never_zero() {
    let mut r = full_report();
    set(
        &mut r,
        RequestRow::WithheldStateSecret,
        RequestColumn::Total,
        Cell::blank(),
    );
    let d = check(&r, &CheckOptions::new().blank_as_zero(true));
    let na: Vec<_> = d
        .of_kind(Kind::NotAssessable)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        na,
        [
            "requests.withheld.state_secret.total",
            "requests.outcome_total.total"
        ]
    );
    assert_eq!(d.of_kind(Kind::Violation).count(), 0);
}

#[test]
fn missing_and_not_applicable_are_not_assessable() {
    for cell in [
        Cell::missing(),
        Cell::not_applicable(),
        Cell::unreadable("x", crate::Span::new(0, 1)),
    ] {
        let mut r = full_report();
        set(
            &mut r,
            RequestRow::NewReceived,
            RequestColumn::Commercial,
            cell,
        );
        let d = check(&r, &CheckOptions::new().blank_as_zero(true));
        let na: Vec<_> = d
            .of_kind(Kind::NotAssessable)
            .map(|d| d.path.to_string())
            .collect();
        assert_eq!(na, ["requests.new_received.total", "requests.commercial"]);
        assert_eq!(d.of_kind(Kind::Violation).count(), 0);
    }
}

#[test]
fn balance_is_checked_per_column() {
    let mut r = full_report();
    set(
        &mut r,
        RequestRow::CarriedForward,
        RequestColumn::NaturalPerson,
        Cell::number(4),
    );
    set(
        &mut r,
        RequestRow::CarriedForward,
        RequestColumn::Total,
        Cell::number(4),
    );
    let d = run(&r);
    let got = codes(&d);
    assert_eq!(
        got,
        [
            (
                "requests.balance".to_owned(),
                "requests.natural_person".to_owned(),
                Kind::Violation
            ),
            (
                "requests.balance".to_owned(),
                "requests.total".to_owned(),
                Kind::Violation
            ),
        ]
    );
    let b = d.iter().next().unwrap();
    assert_eq!(b.expected, Some(Number::Count(13)));
    assert_eq!(b.found, Some(Number::Count(14)));
}

#[test]
fn group_subtotals_are_checked_when_printed() {
    let mut r = full_report();
    let t = r.requests.as_mut().unwrap();
    t.rows.insert(
        RequestRow::Unavailable,
        RequestsRow::from_counts([2, 1, 1, 0, 0, 1]),
    );
    assert!(run(&r).is_empty());
    let t = r.requests.as_mut().unwrap();
    t.rows.insert(
        RequestRow::Unavailable,
        RequestsRow::from_counts([3, 1, 1, 0, 0, 1]),
    );
    let got = codes(&run(&r));
    assert_eq!(
        got,
        [
            (
                "requests.group_subtotal".to_owned(),
                "requests.unavailable.natural_person".to_owned(),
                Kind::Violation
            ),
            (
                "requests.group_subtotal".to_owned(),
                "requests.unavailable.total".to_owned(),
                Kind::Violation
            ),
        ]
    );
}

#[test]
fn single_other_handling_layout_sums_its_one_row() {
    let mut r = Report::new(Edition::V2019);
    assert_eq!(
        r.requests.as_ref().unwrap().other_handling,
        OtherHandlingLayout::Single
    );
    r.set_request_counts(RequestRow::NewReceived, [2, 0, 0, 0, 0, 0]);
    r.set_request_counts(RequestRow::CarriedOver, [0; 6]);
    r.fill_zero_outcomes();
    r.set_request_counts(RequestRow::OtherHandling, [2, 0, 0, 0, 0, 0]);
    r.derive_outcome_total();
    r.set_request_counts(RequestRow::CarriedForward, [0; 6]);
    let t = r.requests.as_ref().unwrap();
    assert_eq!(
        t.get(RequestRow::OutcomeTotal, RequestColumn::Total)
            .unwrap()
            .value(),
        Some(&2)
    );
    assert!(t.row(RequestRow::OtherHandlingOther).is_none());
    let d = run(&r);
    assert_eq!(d.of_kind(Kind::Violation).count(), 0);
    assert!(d.with_code(Code::RequestsGroupSubtotal).next().is_none());
}

#[test]
fn subtotal_column_is_checked() {
    let mut r = full_report();
    let t = r.requests.as_mut().unwrap();
    t.subtotal_column = true;
    for row in t.rows.values_mut() {
        let sum: i64 = RequestColumn::LEGAL_ENTITIES
            .iter()
            .map(|c| *row.get(*c).unwrap().value().unwrap())
            .sum();
        row.legal_entities_subtotal = Some(Cell::number(sum));
    }
    assert!(run(&r).is_empty());
    set(
        &mut r,
        RequestRow::NewReceived,
        RequestColumn::LegalEntitiesSubtotal,
        Cell::number(99),
    );
    let got = codes(&run(&r));
    assert!(got.contains(&(
        "requests.row_total".into(),
        "requests.new_received.legal_entities_subtotal".into(),
        Kind::Violation
    )));
    assert!(got.contains(&(
        "requests.balance".into(),
        "requests.legal_entities_subtotal".into(),
        Kind::Violation
    )));
}

#[test]
fn appeals_totals_and_warning() {
    let mut r = full_report();
    r.appeals.as_mut().unwrap().review.total = Cell::number(0);
    let d = run(&r);
    let got = codes(&d);
    assert_eq!(
        got,
        [
            (
                "appeals.review_total".to_owned(),
                "appeals.review.total".to_owned(),
                Kind::Violation
            ),
            (
                "appeals.suit_after_review_exceeds_review".to_owned(),
                "appeals.suit_after_review.total".to_owned(),
                Kind::Violation
            ),
        ]
    );
    assert_eq!(d.iter().nth(1).unwrap().severity, Severity::Warning);
    let mut r = full_report();
    r.appeals.as_mut().unwrap().direct_suit.pending = Cell::number(5);
    assert_eq!(codes(&run(&r))[0].0, "appeals.direct_suit_total");
    let mut r = full_report();
    r.appeals.as_mut().unwrap().suit_after_review.upheld = Cell::number(0);
    assert_eq!(codes(&run(&r))[0].0, "appeals.suit_after_review_total");
}

#[test]
fn in_force_below_issued_is_a_warning() {
    let mut r = full_report();
    assert!(r.set_proactive_count(
        ProactiveRow::NormativeDocuments,
        ProactiveColumn::InForce,
        1
    ));
    let d = run(&r);
    let f: Vec<_> = d.iter().collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].code, Code::ProactiveInForceBelowIssued);
    assert_eq!(f[0].severity, Severity::Warning);
    assert_eq!(f[0].found, Some(Number::Count(2)));
    assert_eq!(f[0].expected, Some(Number::Count(1)));
    assert_eq!(
        f[0].path.to_string(),
        "proactive.normative_documents.in_force"
    );
}

#[test]
fn negatives_are_errors_except_items_change() {
    let mut r = full_report();
    assert!(r.set_proactive_amount(
        ProactiveRow::Fees,
        ProactiveColumn::Amount,
        Decimal::new(-5, 0)
    ));
    let d = run(&r);
    assert_eq!(
        codes(&d),
        [(
            "value.negative".into(),
            "proactive.fees.amount".into(),
            Kind::Violation
        )]
    );
    assert_eq!(
        d.iter().next().unwrap().found,
        Some(Number::Money(Decimal::new(-5, 0)))
    );

    let mut r = Report::new(Edition::V2019);
    assert!(r.set_proactive_count(ProactiveRow::Licensing, ProactiveColumn::ItemsChange, -2));
    assert!(r.set_proactive_count(ProactiveRow::Licensing, ProactiveColumn::Decisions, -1));
    let d = run(&r);
    let neg: Vec<_> = d
        .with_code(Code::ValueNegative)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(neg, ["proactive.licensing.decisions"]);
}

#[test]
fn year_mismatch() {
    let mut r = full_report();
    r.meta.title_year = Some(2023);
    let date = |year, month, day| Date { year, month, day };
    r.meta.period = Some(Period {
        start: date(2023, 1, 1),
        end: date(2023, 12, 31),
        span: None,
    });
    assert!(run(&r).is_empty());
    r.meta.period = Some(Period {
        start: date(2022, 1, 1),
        end: date(2022, 12, 31),
        span: None,
    });
    let d = run(&r);
    assert_eq!(
        codes(&d),
        [(
            "meta.year_mismatch".into(),
            "meta.period".into(),
            Kind::Violation
        )]
    );
    assert_eq!(d.iter().next().unwrap().severity, Severity::Warning);
}

#[test]
fn missing_tables_are_not_checked() {
    let r = Report::default();
    assert!(run(&r).is_empty());
}

#[test]
fn cross_year_rules() {
    let prev = full_report();
    let mut cur = full_report();
    // carried over this year must be last year's carried forward: [3,0,0,0,0,0]
    assert!(
        check_consecutive(&prev, &cur, &CheckOptions::default())
            .iter()
            .all(|d| d.code != Code::CarryOverMismatch)
    );
    cur.set_request_counts(RequestRow::CarriedOver, [2, 1, 0, 0, 0, 0]);
    let d = check_consecutive(&prev, &cur, &CheckOptions::default());
    let carry: Vec<_> = d
        .with_code(Code::CarryOverMismatch)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        carry,
        [
            "requests.carried_over.natural_person",
            "requests.carried_over.commercial"
        ]
    );
    // in force: 5 + 1 - 0 = 6 expected for rules, 5 found
    let chain: Vec<_> = d
        .with_code(Code::ProactiveInForceChain)
        .map(|d| d.path.to_string())
        .collect();
    assert_eq!(
        chain,
        [
            "proactive.rules.in_force",
            "proactive.normative_documents.in_force"
        ]
    );
    assert!(d.iter().all(|d| d.severity == Severity::Warning));
}

/// Adds `amount` to the cell at `row`, `col` (a number).
fn add(r: &mut Report, row: RequestRow, col: RequestColumn, amount: i64) {
    let cell = r.requests.as_mut().unwrap().row_mut(row).get_mut(col);
    let v = cell.value().copied().unwrap();
    *cell = Cell::number(v + amount);
}

#[test]
fn numbers_of_any_size_are_summed_exactly() {
    // below, at and past the fast table's limit, and near i64's end
    for big in [(1 << 26) - 1, 1 << 26, (1 << 26) + 1, 1 << 40, i64::MAX / 4] {
        let mut r = full_report();
        for (row, col) in [
            (RequestRow::NewReceived, RequestColumn::NaturalPerson),
            (RequestRow::NewReceived, RequestColumn::Total),
            (RequestRow::Disclosed, RequestColumn::NaturalPerson),
            (RequestRow::Disclosed, RequestColumn::Total),
            (RequestRow::OutcomeTotal, RequestColumn::NaturalPerson),
            (RequestRow::OutcomeTotal, RequestColumn::Total),
        ] {
            add(&mut r, row, col, big);
        }
        let d = run(&r);
        assert!(d.is_empty(), "{big}: {:#?}", codes(&d));
        // one more in a data cell: its row total and its column's outcome
        // total fail, nothing else
        add(
            &mut r,
            RequestRow::Disclosed,
            RequestColumn::NaturalPerson,
            1,
        );
        let d = run(&r);
        assert_eq!(
            codes(&d),
            [
                (
                    "requests.row_total".into(),
                    "requests.disclosed.total".into(),
                    Kind::Violation
                ),
                (
                    "requests.outcome_total".into(),
                    "requests.outcome_total.natural_person".into(),
                    Kind::Violation
                ),
            ],
            "{big}"
        );
        let f = d.with_code(Code::RequestsRowTotal).next().unwrap();
        assert_eq!(f.found, Some(Number::Count(i128::from(big) + 8)));
        assert_eq!(f.expected, Some(Number::Count(i128::from(big) + 9)));
    }
}

#[test]
fn a_cell_whose_text_writes_another_number_is_summed_by_its_value() {
    let mut r = full_report();
    let span = crate::Span { start: 0, end: 2 };
    // the value agrees with the table, the raw text does not
    set(
        &mut r,
        RequestRow::Disclosed,
        RequestColumn::NaturalPerson,
        Cell::number(6).with_source("16", span),
    );
    let d = run(&r);
    assert_eq!(
        codes(&d),
        [(
            "model.raw_mismatch".into(),
            "requests.disclosed.natural_person".into(),
            Kind::Violation
        )]
    );
    // text that writes its value, ASCII or not, is no finding
    for raw in ["6", "06", "６", " 6"] {
        set(
            &mut r,
            RequestRow::Disclosed,
            RequestColumn::NaturalPerson,
            Cell::number(6).with_source(raw, span),
        );
        assert!(run(&r).is_empty(), "{raw:?}: {:#?}", codes(&run(&r)));
    }
}
