//! The rules of spec §6, one function per table.

use super::Ctx;
use crate::diagnostic::{Code, Diagnostic, Kind, Number};
use crate::model::appeals::Appeals;
use crate::model::cell::Cell;
use crate::model::keys::{
    AppealColumn, AppealGroup, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow,
};
use crate::model::path::{MetaField, Path};
use crate::model::proactive::{CellRef, Proactive};
use crate::model::report::{Meta, Report};
use crate::model::requests::{OtherHandlingLayout, Requests};

/// `value.negative`: every count and amount ≥ 0, except 2019 `items_change`.
pub(super) fn values(report: &Report, ctx: &mut Ctx) {
    for (path, cell) in report.cells() {
        if let Path::Proactive {
            column: Some(ProactiveColumn::ItemsChange),
            ..
        } = path
        {
            continue;
        }
        let (negative, found, span) = match cell {
            CellRef::Count(c) => (
                c.value().is_some_and(|v| *v < 0),
                c.value().map(|v| Number::Count(i128::from(*v))),
                c.span(),
            ),
            CellRef::Money(c) => (
                c.value()
                    .is_some_and(|v| v.is_sign_negative() && !v.is_zero()),
                c.value().map(|v| Number::Money(*v)),
                c.span(),
            ),
        };
        if negative {
            let mut d = Diagnostic::new(Code::ValueNegative, Kind::Violation, path);
            d.found = found;
            d.expected = Some(Number::Count(0));
            d.span = span;
            ctx.push(d);
        }
    }
}

fn cell_of(t: &Requests, row: RequestRow, column: RequestColumn) -> (Path, &Cell<i64>) {
    static MISSING: Cell<i64> = Cell::missing();
    (
        Path::request(row, column),
        t.get(row, column).unwrap_or(&MISSING),
    )
}

/// Table 三: row totals, outcome totals, balance, group subtotals.
pub(super) fn requests(t: &Requests, ctx: &mut Ctx) {
    // requests.row_total, for every present row (data rows and printed subtotals).
    for (row, cells) in &t.rows {
        let parts = RequestColumn::APPLICANTS.map(|c| cell_of(t, *row, c));
        let total = [cell_of(t, *row, RequestColumn::Total)];
        ctx.equal_sums(
            Code::RequestsRowTotal,
            Path::request(*row, RequestColumn::Total),
            &parts,
            &total,
        );
        if t.subtotal_column && cells.legal_entities_subtotal.is_some() {
            let parts = RequestColumn::LEGAL_ENTITIES.map(|c| cell_of(t, *row, c));
            let sub = [cell_of(t, *row, RequestColumn::LegalEntitiesSubtotal)];
            ctx.equal_sums(
                Code::RequestsRowTotal,
                Path::request(*row, RequestColumn::LegalEntitiesSubtotal),
                &parts,
                &sub,
            );
        }
    }
    let columns: Vec<RequestColumn> = t.columns().collect();
    // requests.outcome_total, per column.
    for column in &columns {
        let parts: Vec<_> = t.outcome_rows().map(|r| cell_of(t, r, *column)).collect();
        let total = [cell_of(t, RequestRow::OutcomeTotal, *column)];
        ctx.equal_sums(
            Code::RequestsOutcomeTotal,
            Path::request(RequestRow::OutcomeTotal, *column),
            &parts,
            &total,
        );
    }
    // requests.balance (勾稽关系), per column.
    for column in &columns {
        let lhs = [
            cell_of(t, RequestRow::NewReceived, *column),
            cell_of(t, RequestRow::CarriedOver, *column),
        ];
        let rhs = [
            cell_of(t, RequestRow::OutcomeTotal, *column),
            cell_of(t, RequestRow::CarriedForward, *column),
        ];
        ctx.equal_sums(
            Code::RequestsBalance,
            Path::RequestsColumn(*column),
            &lhs,
            &rhs,
        );
    }
    // requests.group_subtotal, for every printed group subtotal.
    for group in [
        RequestRow::Withheld,
        RequestRow::Unavailable,
        RequestRow::NotProcessed,
        RequestRow::OtherHandling,
    ] {
        if !t.rows.contains_key(&group)
            || (group == RequestRow::OtherHandling
                && t.other_handling == OtherHandlingLayout::Single)
        {
            continue;
        }
        for column in &columns {
            let parts: Vec<_> = group.members().map(|r| cell_of(t, r, *column)).collect();
            let sub = [cell_of(t, group, *column)];
            ctx.equal_sums(
                Code::RequestsGroupSubtotal,
                Path::request(group, *column),
                &parts,
                &sub,
            );
        }
    }
}

/// Table 四: the three group totals and K15 ≤ K05.
pub(super) fn appeals(t: &Appeals, ctx: &mut Ctx) {
    for (group, code) in [
        (AppealGroup::Review, Code::AppealsReviewTotal),
        (AppealGroup::DirectSuit, Code::AppealsDirectSuitTotal),
        (
            AppealGroup::SuitAfterReview,
            Code::AppealsSuitAfterReviewTotal,
        ),
    ] {
        let g = t.group(group);
        let parts = AppealColumn::PARTS.map(|c| (Path::appeal(group, c), g.get(c)));
        let total = [(Path::appeal(group, AppealColumn::Total), &g.total)];
        ctx.equal_sums(
            code,
            Path::appeal(group, AppealColumn::Total),
            &parts,
            &total,
        );
    }
    let after = Path::appeal(AppealGroup::SuitAfterReview, AppealColumn::Total);
    let review = Path::appeal(AppealGroup::Review, AppealColumn::Total);
    ctx.at_most(
        Code::AppealsSuitAfterReviewExceedsReview,
        after,
        &[(after, &t.suit_after_review.total, 1)],
        &[(review, &t.review.total)],
    );
}

/// Table 二 (2021): in force ≥ issued − abolished.
pub(super) fn proactive(t: &Proactive, ctx: &mut Ctx) {
    let Proactive::V2021(t) = t else {
        return;
    };
    for (row, r) in [
        (ProactiveRow::Rules, &t.rules),
        (ProactiveRow::NormativeDocuments, &t.normative_documents),
    ] {
        let p = |c| Path::proactive(row, c);
        ctx.at_most(
            Code::ProactiveInForceBelowIssued,
            p(ProactiveColumn::InForce),
            &[
                (p(ProactiveColumn::Issued), &r.issued, 1),
                (p(ProactiveColumn::Abolished), &r.abolished, -1),
            ],
            &[(p(ProactiveColumn::InForce), &r.in_force)],
        );
    }
}

/// `meta.year_mismatch`: the title year and the statistical period agree.
pub(super) fn meta(meta: &Meta, ctx: &mut Ctx) {
    let (Some(year), Some(period)) = (meta.title_year, meta.period) else {
        return;
    };
    for found in [period.start.year, period.end.year] {
        if found != year {
            let mut d = Diagnostic::new(
                Code::MetaYearMismatch,
                Kind::Violation,
                Path::Meta(MetaField::Period),
            );
            d.expected = Some(Number::Count(year.into()));
            d.found = Some(Number::Count(found.into()));
            d.span = period.span.or(meta.title_span);
            ctx.push(d);
            return;
        }
    }
}

/// The cross-year rules.
pub(super) fn consecutive(previous: &Report, current: &Report, ctx: &mut Ctx) {
    if let (Some(prev), Some(cur)) = (&previous.requests, &current.requests) {
        let columns: Vec<RequestColumn> = cur
            .columns()
            .filter(|c| prev.columns().any(|p| p == *c))
            .collect();
        for column in columns {
            let last = [cell_of(prev, RequestRow::CarriedForward, column)];
            let this = [cell_of(cur, RequestRow::CarriedOver, column)];
            ctx.equal_sums(
                Code::CarryOverMismatch,
                Path::request(RequestRow::CarriedOver, column),
                &last,
                &this,
            );
        }
    }
    match (&previous.proactive, &current.proactive) {
        (Some(Proactive::V2021(prev)), Some(Proactive::V2021(cur))) => {
            for (row, p, c) in [
                (ProactiveRow::Rules, &prev.rules, &cur.rules),
                (
                    ProactiveRow::NormativeDocuments,
                    &prev.normative_documents,
                    &cur.normative_documents,
                ),
            ] {
                let path = |col| Path::proactive(row, col);
                // in_force(Y) = in_force(Y−1) + issued(Y) − abolished(Y)
                let lhs = [
                    (path(ProactiveColumn::InForce), &p.in_force),
                    (path(ProactiveColumn::Issued), &c.issued),
                ];
                let rhs = [
                    (path(ProactiveColumn::InForce), &c.in_force),
                    (path(ProactiveColumn::Abolished), &c.abolished),
                ];
                ctx.equal_sums(
                    Code::ProactiveInForceChain,
                    path(ProactiveColumn::InForce),
                    &lhs,
                    &rhs,
                );
            }
        }
        (Some(Proactive::V2019(prev)), Some(Proactive::V2019(cur))) => {
            let pairs = [
                (ProactiveRow::Licensing, &prev.licensing, &cur.licensing),
                (
                    ProactiveRow::OtherServices,
                    &prev.other_services,
                    &cur.other_services,
                ),
                (ProactiveRow::Punishment, &prev.punishment, &cur.punishment),
                (ProactiveRow::Coercion, &prev.coercion, &cur.coercion),
            ];
            let mut rows: Vec<(ProactiveRow, [&Cell<i64>; 3])> = pairs
                .iter()
                .map(|(r, p, c)| {
                    (
                        *r,
                        [&p.items_last_year, &p.items_change, &c.items_last_year],
                    )
                })
                .collect();
            rows.push((
                ProactiveRow::Fees,
                [
                    &prev.fees.items_last_year,
                    &prev.fees.items_change,
                    &cur.fees.items_last_year,
                ],
            ));
            for (row, [last, change, this]) in rows {
                let path = Path::proactive(row, ProactiveColumn::ItemsLastYear);
                let change_path = Path::proactive(row, ProactiveColumn::ItemsChange);
                ctx.equal_sums(
                    Code::ProactiveItemsChain,
                    path,
                    &[(path, last), (change_path, change)],
                    &[(path, this)],
                );
            }
        }
        _ => {}
    }
}

/// Whether a date exists (Gregorian calendar).
fn real_date(d: &crate::model::report::Date) -> bool {
    let leap = d.year % 4 == 0 && (d.year % 100 != 0 || d.year % 400 == 0);
    let days = match d.month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&d.day)
}

/// The model's own consistency, whatever made it (parsed, built, or
/// deserialized): editions agree, rows fit the declared layout, subtotal
/// cells only with the subtotal column, real dates, raw text that agrees
/// with the value.
pub(super) fn model(report: &Report, ctx: &mut Ctx) {
    if let (Some(edition), Some(t)) = (report.edition, &report.proactive)
        && t.edition() != edition
    {
        let mut d = Diagnostic::new(
            Code::ModelEditionMismatch,
            Kind::Violation,
            Path::Meta(MetaField::Edition),
        );
        d.raw = Some(format!("report {edition}, table 二 {}", t.edition()));
        ctx.push(d);
    }
    if let Some(t) = &report.requests {
        for (row, cells) in &t.rows {
            let in_layout = Requests::is_data_row(t.other_handling, *row) || row.is_group();
            if !in_layout {
                let mut d = Diagnostic::new(
                    Code::ModelRowOutsideLayout,
                    Kind::Violation,
                    Path::Requests {
                        row: *row,
                        column: None,
                    },
                );
                d.raw = Some(format!("{:?}", t.other_handling).to_lowercase());
                ctx.push(d);
            }
            if !t.subtotal_column && cells.legal_entities_subtotal.is_some() {
                let mut d = Diagnostic::new(
                    Code::ModelSubtotalWithoutColumn,
                    Kind::Violation,
                    Path::request(*row, RequestColumn::LegalEntitiesSubtotal),
                );
                d.span = cells.legal_entities_subtotal.as_ref().and_then(Cell::span);
                ctx.push(d);
            }
        }
    }
    if let Some(p) = &report.meta.period {
        let ordered =
            (p.start.year, p.start.month, p.start.day) <= (p.end.year, p.end.month, p.end.day);
        if !real_date(&p.start) || !real_date(&p.end) || !ordered {
            let mut d = Diagnostic::new(
                Code::ModelImpossibleDate,
                Kind::Violation,
                Path::Meta(MetaField::Period),
            );
            d.raw = Some(format!(
                "{}-{:02}-{:02} .. {}-{:02}-{:02}",
                p.start.year, p.start.month, p.start.day, p.end.year, p.end.month, p.end.day
            ));
            d.span = p.span;
            ctx.push(d);
        }
    }
    for (path, cell) in report.cells() {
        let (value, source) = match cell {
            CellRef::Count(c) => (
                c.value().map(|v| rust_decimal::Decimal::from(*v)),
                c.source.as_ref(),
            ),
            CellRef::Money(c) => (c.value().copied(), c.source.as_ref()),
        };
        let (Some(value), Some(source)) = (value, source) else {
            continue;
        };
        if let Some(written) = crate::model::cell::plain_number(&source.raw)
            && written != value
        {
            let mut d = Diagnostic::new(Code::ModelRawMismatch, Kind::Violation, path);
            d.raw = Some(source.raw.clone());
            d.found = Some(match cell {
                CellRef::Count(c) => Number::Count(i128::from(*c.value().unwrap_or(&0))),
                CellRef::Money(_) => Number::Money(value),
            });
            d.span = Some(source.span);
            ctx.push(d);
        }
    }
}
