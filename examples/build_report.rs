//! An office fills in its own report from numbers — typing the totals as
//! they will be printed, so a mistyped total is caught — checks it before
//! publishing, stores it as JSON and reads it back, and prints the tables as
//! text.
//!
//! ```text
//! cargo run --example build_report
//! ```

use ogi_report::{
    AppealGroup, CheckOptions, Edition, Kind, Lang, ProactiveColumn, ProactiveRow, Report,
    RequestRow, check, to_text,
};
use rust_decimal::Decimal;

fn main() {
    let mut report = Report::new(Edition::V2021);
    report.meta.title_year = Some(2024);

    // 表二
    for (row, column, value) in [
        (ProactiveRow::Rules, ProactiveColumn::Issued, 0),
        (ProactiveRow::Rules, ProactiveColumn::Abolished, 0),
        (ProactiveRow::Rules, ProactiveColumn::InForce, 2),
        (ProactiveRow::NormativeDocuments, ProactiveColumn::Issued, 3),
        (
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::Abolished,
            1,
        ),
        (
            ProactiveRow::NormativeDocuments,
            ProactiveColumn::InForce,
            15,
        ),
        (ProactiveRow::Licensing, ProactiveColumn::Decisions, 120),
        (ProactiveRow::Punishment, ProactiveColumn::Decisions, 8),
        (ProactiveRow::Coercion, ProactiveColumn::Decisions, 0),
    ] {
        report.set_proactive_count(row, column, value);
    }
    report.set_proactive_amount(
        ProactiveRow::Fees,
        ProactiveColumn::Amount,
        Decimal::new(125, 1),
    );

    // 表三: received, carried over, outcomes, carried forward (自然人, 商业企业, 科研机构,
    // 社会公益组织, 法律服务机构, 其他)
    // The printed total is typed, not computed: 12 + 2 + 1 is 15, not 16.
    report.set_request_row(RequestRow::NewReceived, [12, 2, 0, 0, 1, 0], 16);
    report.set_request_counts(RequestRow::CarriedOver, [1, 0, 0, 0, 0, 0]);
    report.fill_zero_outcomes();
    report.set_request_counts(RequestRow::Disclosed, [8, 1, 0, 0, 1, 0]);
    report.set_request_counts(RequestRow::UnavailableNotHeld, [3, 1, 0, 0, 0, 0]);
    report.derive_outcome_total();
    // A typo: the carried-forward row should be [2, 0, 0, 0, 0, 0].
    report.set_request_counts(RequestRow::CarriedForward, [3, 0, 0, 0, 0, 0]);

    // 表四
    report.set_appeal_counts(AppealGroup::Review, [1, 0, 0, 1]);
    report.set_appeal_counts(AppealGroup::DirectSuit, [0, 0, 0, 0]);
    report.set_appeal_counts(AppealGroup::SuitAfterReview, [1, 0, 0, 0]);

    let findings = check(&report, &CheckOptions::default());
    println!("{} findings before publishing:", findings.len());
    for d in findings.iter().filter(|d| d.kind == Kind::Violation) {
        println!("  {} [{}] {}", d.severity, d.code, d.message(Lang::Zh));
    }

    // Fix the typos and check again.
    report.set_request_row(RequestRow::NewReceived, [12, 2, 0, 0, 1, 0], 15);
    report.set_request_counts(RequestRow::CarriedForward, [2, 0, 0, 0, 0, 0]);
    let findings = check(&report, &CheckOptions::default());
    println!("after the fix: {} findings", findings.len());

    // Store the report as JSON and read it back: the same report, checked the same.
    let json = serde_json::to_string(&report).expect("a report serializes");
    let back: Report = serde_json::from_str(&json).expect("and deserializes");
    assert_eq!(back, report);
    println!(
        "read back from {} bytes of JSON: {} findings",
        json.len(),
        check(&back, &CheckOptions::default()).len()
    );
    println!();
    print!("{}", to_text(&report));
}
