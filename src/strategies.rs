//! Proptest strategies for tools built on the crate (feature `proptest`):
//! consistent reports of both editions, reports with one perturbed cell and
//! the findings the rules as the spec states them must give, and reports
//! rendered as text in each layout the parser reads back exactly.
//!
//! ```
//! use ogi_report::strategies::{consistent_report, perturbed_report, report_text};
//! use ogi_report::{check, parse, CheckOptions};
//! use proptest::prelude::*;
//! use proptest::test_runner::TestRunner;
//!
//! let mut runner = TestRunner::default();
//! // every consistent report passes every check
//! runner.run(&consistent_report(), |r| {
//!     prop_assert!(check(&r, &CheckOptions::default()).is_empty());
//!     Ok(())
//! }).unwrap();
//! // one perturbed cell gives exactly its findings
//! runner.run(&perturbed_report(), |p| {
//!     let found: std::collections::BTreeSet<_> = check(&p.report, &CheckOptions::default())
//!         .iter()
//!         .map(|d| (d.code, d.path))
//!         .collect();
//!     prop_assert_eq!(found, p.findings);
//!     Ok(())
//! }).unwrap();
//! // a rendered report parses back to itself
//! runner.run(&report_text(), |(report, _layout, text)| {
//!     let mut back = parse(&text).unwrap().report.without_sources();
//!     back.meta.title = None;
//!     prop_assert_eq!(back, report.without_sources());
//!     Ok(())
//! }).unwrap();
//! ```

use std::collections::BTreeSet;

use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::diagnostic::Code;
use crate::model::cell::Cell;
use crate::model::keys::{
    AppealColumn, AppealGroup, Edition, ProactiveColumn, ProactiveRow, RequestRow,
};
use crate::model::path::Path;
use crate::model::proactive::CellMut;
use crate::model::report::{Date, Period, Report};

/// The free numbers of a consistent report; everything else is derived.
#[derive(Clone, Debug)]
struct Free {
    v2019: bool,
    outcomes: Vec<i64>,
    forward: Vec<i64>,
    carried_share: Vec<u16>,
    appeals: Vec<i64>,
    proactive: Vec<i64>,
    fee: (i64, u32),
    year: i32,
}

fn count() -> impl Strategy<Value = i64> {
    prop_oneof![4 => Just(0i64), 3 => 0i64..20, 1 => 0i64..5000]
}

fn free(edition: Option<Edition>) -> impl Strategy<Value = Free> {
    let v2019 = match edition {
        Some(Edition::V2019) => Just(true).boxed(),
        Some(Edition::V2021) => Just(false).boxed(),
        None => any::<bool>().boxed(),
    };
    (
        v2019,
        prop::collection::vec(count(), 21 * 6),
        prop::collection::vec(count(), 6),
        prop::collection::vec(0u16..=1000, 6),
        prop::collection::vec(count(), 12),
        prop::collection::vec(count(), 24),
        (0i64..10_000_000, 0u32..3),
        2019i32..2031,
    )
        .prop_map(
            |(v2019, outcomes, forward, carried_share, appeals, proactive, fee, year)| Free {
                v2019,
                outcomes,
                forward,
                carried_share,
                appeals,
                proactive,
                fee,
                year,
            },
        )
}

fn six(v: &[i64]) -> [i64; 6] {
    [v[0], v[1], v[2], v[3], v[4], v[5]]
}

/// The outcome rows of a layout, written out independently of the crate.
fn outcome_rows(v2019: bool) -> Vec<RequestRow> {
    use RequestRow::*;
    let mut rows = vec![
        Disclosed,
        PartiallyDisclosed,
        WithheldStateSecret,
        WithheldProhibitedByLaw,
        WithheldSecurityStability,
        WithheldThirdPartyRights,
        WithheldInternalAffairs,
        WithheldProcessInformation,
        WithheldEnforcementFiles,
        WithheldAdministrativeQuery,
        UnavailableNotHeld,
        UnavailableRequiresCreation,
        UnavailableUnclearAfterCorrection,
        NotProcessedPetitionComplaint,
        NotProcessedDuplicate,
        NotProcessedPublication,
        NotProcessedExcessive,
        NotProcessedReconfirmation,
    ];
    if v2019 {
        rows.push(OtherHandling);
    } else {
        rows.extend([
            OtherHandlingNoCorrection,
            OtherHandlingFeeUnpaid,
            OtherHandlingOther,
        ]);
    }
    rows
}

fn build(f: &Free) -> Report {
    let edition = if f.v2019 {
        Edition::V2019
    } else {
        Edition::V2021
    };
    let mut r = Report::new(edition);
    r.meta.title_year = Some(f.year);
    r.meta.period = Some(Period {
        start: Date {
            year: f.year,
            month: 1,
            day: 1,
        },
        end: Date {
            year: f.year,
            month: 12,
            day: 31,
        },
        span: None,
    });
    let rows = outcome_rows(f.v2019);
    let mut handled = [0i64; 6];
    for (i, row) in rows.iter().enumerate() {
        let counts = six(&f.outcomes[i * 6..]);
        for (h, c) in handled.iter_mut().zip(counts) {
            *h += c;
        }
        r.set_request_counts(*row, counts);
    }
    r.derive_outcome_total();
    let forward = six(&f.forward);
    r.set_request_counts(RequestRow::CarriedForward, forward);
    // 一 + 二 = （七） + 四, per column: split the right side between 一 and 二.
    let mut carried = [0i64; 6];
    let mut new = [0i64; 6];
    for c in 0..6 {
        let right = handled[c] + forward[c];
        carried[c] = right * i64::from(f.carried_share[c]) / 1000;
        new[c] = right - carried[c];
    }
    r.set_request_counts(RequestRow::CarriedOver, carried);
    r.set_request_counts(RequestRow::NewReceived, new);
    let a = &f.appeals;
    r.set_appeal_counts(AppealGroup::Review, [a[0], a[1], a[2], a[3]]);
    r.set_appeal_counts(AppealGroup::DirectSuit, [a[4], a[5], a[6], a[7]]);
    r.set_appeal_counts(AppealGroup::SuitAfterReview, [a[8], a[9], a[10], a[11]]);
    // K15 ≤ K05: raise 行政复议's 其他结果 when needed.
    let k05: i64 = a[..4].iter().sum();
    let k15: i64 = a[8..12].iter().sum();
    if k15 > k05 {
        r.set_appeal_counts(AppealGroup::Review, [a[0], a[1], a[2] + k15 - k05, a[3]]);
    }
    let p = &f.proactive;
    let mut i = 0;
    let mut next = || {
        i += 1;
        p[i - 1]
    };
    if f.v2019 {
        use ProactiveColumn::*;
        use ProactiveRow::*;
        for (row, cols) in [
            (Rules, &[Made, Published, TotalPublished][..]),
            (NormativeDocuments, &[Made, Published, TotalPublished]),
            (Licensing, &[ItemsLastYear, ItemsChange, Decisions]),
            (OtherServices, &[ItemsLastYear, ItemsChange, Decisions]),
            (Punishment, &[ItemsLastYear, ItemsChange, Decisions]),
            (Coercion, &[ItemsLastYear, ItemsChange, Decisions]),
            (Fees, &[ItemsLastYear, ItemsChange]),
            (Procurement, &[Projects]),
        ] {
            for c in cols {
                let v = next();
                let v = if *c == ItemsChange { v - 10 } else { v };
                r.set_proactive_count(row, *c, v);
            }
        }
        let amount = Decimal::new(f.fee.0, f.fee.1);
        r.set_proactive_amount(Procurement, Amount, amount);
    } else {
        use ProactiveColumn::*;
        use ProactiveRow::*;
        for row in [Rules, NormativeDocuments] {
            let (issued, abolished, extra) = (next(), next(), next());
            r.set_proactive_count(row, Issued, issued);
            r.set_proactive_count(row, Abolished, abolished);
            r.set_proactive_count(row, InForce, (issued - abolished).max(0) + extra);
        }
        for row in [Licensing, Punishment, Coercion] {
            r.set_proactive_count(row, Decisions, next());
        }
        r.set_proactive_amount(Fees, Amount, Decimal::new(f.fee.0, f.fee.1));
    }
    r
}

/// A report of either edition whose every rule holds: table 三's rows,
/// （七）总计 and 勾稽关系, table 四's totals and K15 ≤ K05, 2021 table 二's
/// in-force bound, a title year and period that agree.
pub fn consistent_report() -> impl Strategy<Value = Report> {
    free(None).prop_map(|f| build(&f))
}

/// [`consistent_report`] of one edition.
pub fn consistent_report_of(edition: Edition) -> impl Strategy<Value = Report> {
    free(Some(edition)).prop_map(|f| build(&f))
}

/// A consistent report with one count raised, and the findings the rules
/// as the spec states them must give for it — computed here, independently
/// of the crate's checker.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Perturbed {
    /// The report, with one cell changed.
    pub report: Report,
    /// The cell changed.
    pub cell: Path,
    /// By how much (positive).
    pub delta: i64,
    /// Exactly the findings `check` must give: `(code, path)`.
    pub findings: BTreeSet<(Code, Path)>,
}

/// A [`consistent_report`] with one cell raised by 1–49.
pub fn perturbed_report() -> impl Strategy<Value = Perturbed> {
    (free(None), any::<prop::sample::Index>(), 1i64..50).prop_map(|(f, which, delta)| {
        let mut report = build(&f);
        let paths: Vec<Path> = report.cells().into_iter().map(|(p, _)| p).collect();
        let cell = paths[which.index(paths.len())];
        perturb(&mut report, cell, delta);
        let findings = oracle(&report, cell, f.v2019);
        Perturbed {
            report,
            cell,
            delta,
            findings,
        }
    })
}

/// A text layout the parser reads back cell for cell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum TextLayout {
    /// Tab-separated ([`to_text`](crate::to_text)).
    Tabs,
    /// Pipe tables: `| 规章 | 0 | 0 | 0 |`.
    Pipes,
    /// An HTML page with the official merged cells ([`to_html`](crate::to_html)).
    #[cfg(feature = "html")]
    Html,
}

/// Renders a report in a layout.
pub fn render_in(report: &Report, layout: TextLayout) -> String {
    match layout {
        TextLayout::Tabs => crate::to_text(report),
        TextLayout::Pipes => crate::to_text(report)
            .lines()
            .map(|line| {
                if line.contains('\t') {
                    let cells: Vec<&str> = line.split('\t').collect();
                    format!("| {} |\n", cells.join(" | "))
                } else {
                    format!("{line}\n")
                }
            })
            .collect(),
        #[cfg(feature = "html")]
        TextLayout::Html => crate::to_html(report),
    }
}

fn layout() -> impl Strategy<Value = TextLayout> {
    #[cfg(feature = "html")]
    let all = prop_oneof![
        Just(TextLayout::Tabs),
        Just(TextLayout::Pipes),
        Just(TextLayout::Html)
    ];
    #[cfg(not(feature = "html"))]
    let all = prop_oneof![Just(TextLayout::Tabs), Just(TextLayout::Pipes)];
    all
}

/// A [`consistent_report`] rendered in one of the layouts: `(report,
/// layout, text)`; `parse(text)` gives the report back (its title aside).
pub fn report_text() -> impl Strategy<Value = (Report, TextLayout, String)> {
    (consistent_report(), layout()).prop_map(|(r, l)| {
        let text = render_in(&r, l);
        (r, l, text)
    })
}

fn code(s: &str) -> Code {
    s.parse().unwrap_or(Code::ValueNegative)
}

fn count_of(r: &Report, path: Path) -> i64 {
    match r.cell(path) {
        Some(crate::model::proactive::CellRef::Count(c)) => c.value().copied().unwrap_or(0),
        _ => 0,
    }
}

/// The findings a +delta on the cell at `path` must cause, from the rules as
/// the spec states them (independent of the crate's checker).
fn oracle(r: &Report, path: Path, v2019: bool) -> BTreeSet<(Code, Path)> {
    let mut out = BTreeSet::new();
    let mut add = |c: &str, p: String| {
        if let Ok(p) = p.parse::<Path>() {
            out.insert((code(c), p));
        }
    };
    match path {
        Path::Requests {
            row,
            column: Some(col),
        } => {
            add("requests.row_total", format!("requests.{row}.total"));
            if row == RequestRow::OutcomeTotal || outcome_rows(v2019).contains(&row) {
                add(
                    "requests.outcome_total",
                    format!("requests.outcome_total.{col}"),
                );
            }
            if matches!(
                row,
                RequestRow::NewReceived
                    | RequestRow::CarriedOver
                    | RequestRow::OutcomeTotal
                    | RequestRow::CarriedForward
            ) {
                add("requests.balance", format!("requests.{col}"));
            }
        }
        Path::Appeals {
            group,
            column: Some(_),
        } => {
            add(
                &format!("appeals.{group}_total"),
                format!("appeals.{group}.total"),
            );
            let k = |g, c| count_of(r, Path::appeal(g, c));
            if k(AppealGroup::SuitAfterReview, AppealColumn::Total)
                > k(AppealGroup::Review, AppealColumn::Total)
            {
                add(
                    "appeals.suit_after_review_exceeds_review",
                    "appeals.suit_after_review.total".to_owned(),
                );
            }
        }
        Path::Proactive {
            row,
            column: Some(_),
        } if !v2019 => {
            if matches!(row, ProactiveRow::Rules | ProactiveRow::NormativeDocuments) {
                let k = |c| count_of(r, Path::proactive(row, c));
                if k(ProactiveColumn::InForce)
                    < k(ProactiveColumn::Issued) - k(ProactiveColumn::Abolished)
                {
                    add(
                        "proactive.in_force_below_issued",
                        format!("proactive.{row}.in_force"),
                    );
                }
            }
        }
        _ => {}
    }
    out
}

fn perturb(r: &mut Report, target: Path, delta: i64) {
    r.for_each_cell_mut(|path, cell| {
        if path != target {
            return;
        }
        match cell {
            CellMut::Count(c) => {
                let v = c.value().copied().unwrap_or(0);
                *c = Cell::number(v + delta);
            }
            CellMut::Money(c) => {
                let v = c.value().copied().unwrap_or_default();
                *c = Cell::number(v + Decimal::from(delta));
            }
        }
    });
}
