//! The rules of spec §6, one function per table.

use super::{Ctx, Term};
use crate::diagnostic::{Code, Diagnostic, Kind, Number};
use crate::model::appeals::Appeals;
use crate::model::cell::Cell;
use crate::model::keys::{
    AppealColumn, AppealGroup, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow,
};
use crate::model::path::{MetaField, Path};
use crate::model::proactive::{CellRef, Proactive};
use crate::model::report::{Meta, Report};
use crate::model::requests::{OtherHandlingLayout, Requests, RequestsRow};

/// `value.negative`: every count and amount ≥ 0, except 2019 `items_change`;
/// and `model.raw_mismatch`: a cell's raw text, when it plainly writes a
/// number, writes its value. One pass over the cells, nothing allocated
/// unless a finding is made.
pub(super) fn cell_values(report: &Report, ctx: &mut Ctx) {
    report.for_each_cell(|path, cell| {
        // most cells: a count ≥ 0 whose raw text is its ASCII digits
        if let CellRef::Count(c) = cell
            && count_is_plain(c)
        {
            return;
        }
        cell_rules(path, cell, ctx);
    });
}

/// The cell rules on a cell the screen did not pass: out of line, so the
/// screen stays small.
#[inline(never)]
fn cell_rules(path: Path, cell: CellRef<'_>, ctx: &mut Ctx) {
    raw_mismatch(path, cell, ctx);
    negative(path, cell, ctx);
}

/// A count cell no cell rule can fault: no number, or a number ≥ 0 whose
/// raw text (if any) is the ASCII digits writing it.
#[inline]
fn count_is_plain(cell: &Cell<i64>) -> bool {
    match (&cell.state, &cell.source) {
        (crate::CellState::Number(v), Some(source)) => {
            *v >= 0 && ascii_count(source.raw.as_bytes()) == Some(*v)
        }
        (crate::CellState::Number(v), None) => *v >= 0,
        _ => true,
    }
}

#[inline]
fn negative(path: Path, cell: CellRef<'_>, ctx: &mut Ctx) {
    let (found, span) = match cell {
        CellRef::Count(c) => match c.value() {
            Some(v) if *v < 0 => (Number::Count(i128::from(*v)), c.span()),
            _ => return,
        },
        CellRef::Money(c) => match c.value() {
            Some(v) if v.is_sign_negative() && !v.is_zero() => (Number::Money(*v), c.span()),
            _ => return,
        },
    };
    if let Path::Proactive {
        column: Some(ProactiveColumn::ItemsChange),
        ..
    } = path
    {
        return;
    }
    let mut d = Diagnostic::new(Code::ValueNegative, Kind::Violation, path);
    d.found = Some(found);
    d.expected = Some(Number::Count(0));
    d.span = span;
    ctx.push(d);
}

#[inline]
fn raw_mismatch(path: Path, cell: CellRef<'_>, ctx: &mut Ctx) {
    let agrees = match cell {
        CellRef::Count(c) => match (c.value(), c.source.as_ref()) {
            (Some(v), Some(source)) => match ascii_count(source.raw.as_bytes()) {
                // most cells: plain ASCII digits, compared as integers
                Some(written) => written == *v,
                None => crate::model::cell::plain_number(&source.raw)
                    .is_none_or(|w| w == rust_decimal::Decimal::from(*v)),
            },
            _ => true,
        },
        CellRef::Money(c) => match (c.value(), c.source.as_ref()) {
            (Some(v), Some(source)) => {
                crate::model::cell::plain_number(&source.raw).is_none_or(|w| w == *v)
            }
            _ => true,
        },
    };
    if agrees {
        return;
    }
    let (found, source) = match cell {
        CellRef::Count(c) => (
            Number::Count(i128::from(*c.value().unwrap_or(&0))),
            c.source.as_ref(),
        ),
        CellRef::Money(c) => (
            Number::Money(c.value().copied().unwrap_or_default()),
            c.source.as_ref(),
        ),
    };
    let Some(source) = source else { return };
    let mut d = Diagnostic::new(Code::ModelRawMismatch, Kind::Violation, path);
    d.raw = Some(source.raw.to_string());
    d.found = Some(found);
    d.span = Some(source.span);
    ctx.push(d);
}

/// The count `raw` writes when it is 1 to 18 ASCII digits.
#[inline]
fn ascii_count(b: &[u8]) -> Option<i64> {
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let mut n = 0i64;
    for &d in b {
        let digit = d.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = n * 10 + i64::from(digit);
    }
    Some(n)
}

static MISSING: Cell<i64> = Cell::missing();

/// Table 三's rows by index, looked up once per check.
struct Rows<'a>([Option<&'a RequestsRow>; RequestRow::ALL.len()]);

impl<'a> Rows<'a> {
    fn of(t: &'a Requests) -> Rows<'a> {
        let mut rows = [None; RequestRow::ALL.len()];
        for (row, cells) in &t.rows {
            rows[row.index()] = Some(cells);
        }
        Rows(rows)
    }

    #[inline]
    fn cell(&self, row: RequestRow, column: RequestColumn) -> Term<'a> {
        (
            Path::request(row, column),
            self.0[row.index()]
                .and_then(|r| r.get(column))
                .unwrap_or(&MISSING),
        )
    }
}

/// Table 三's numbers as the sum rules read them (the caller's blank
/// policy applied), by row and column index: a rule that holds is decided
/// from these without touching a cell; any other goes the general way,
/// which builds its finding.
struct Dense {
    value: [[i64; RequestColumn::ALL.len()]; RequestRow::ALL.len()],
    /// Bit `c` of row `r`: column `c` has a number.
    known: [u16; RequestRow::ALL.len()],
}

impl Dense {
    fn of(t: &Requests, ctx: &Ctx) -> Dense {
        let mut d = Dense {
            value: [[0; RequestColumn::ALL.len()]; RequestRow::ALL.len()],
            known: [0; RequestRow::ALL.len()],
        };
        for (row, cells) in &t.rows {
            for column in RequestColumn::ALL {
                if let Some(cell) = cells.get(*column)
                    && let Some(v) = ctx.value_of(Path::request(*row, *column), cell)
                    && let Ok(v) = i64::try_from(v)
                {
                    d.value[row.index()][column.index()] = v;
                    d.known[row.index()] |= 1 << column.index();
                }
            }
        }
        d
    }

    #[inline]
    fn sum(&self, cells: impl Iterator<Item = (RequestRow, RequestColumn)>) -> Option<i128> {
        let mut total = 0i128;
        for (r, c) in cells {
            if self.known[r.index()] >> c.index() & 1 == 0 {
                return None;
            }
            total += i128::from(self.value[r.index()][c.index()]);
        }
        Some(total)
    }
}

/// The rule `sum(lhs) == sum(rhs)` over table-三 cells: decided from
/// `dense` when it holds there, else checked (and reported) cell by cell.
fn sum_rule<L, R>(
    ctx: &mut Ctx,
    dense: Option<&Dense>,
    rows: &Rows<'_>,
    code: Code,
    path: Path,
    lhs: L,
    rhs: R,
) where
    L: Iterator<Item = (RequestRow, RequestColumn)> + Clone,
    R: Iterator<Item = (RequestRow, RequestColumn)> + Clone,
{
    if let Some(d) = dense
        && let (Some(a), Some(b)) = (d.sum(lhs.clone()), d.sum(rhs.clone()))
        && a == b
    {
        return;
    }
    ctx.equal_sums(
        code,
        path,
        lhs.map(|(r, c)| rows.cell(r, c)),
        rhs.map(|(r, c)| rows.cell(r, c)),
    );
}

/// Table 三: row totals, outcome totals, balance, group subtotals.
pub(super) fn requests(t: &Requests, ctx: &mut Ctx) {
    let rows = Rows::of(t);
    // a suggestion's recheck reads its edits through the general way
    let dense = ctx.edits.is_none().then(|| Dense::of(t, ctx));
    let dense = dense.as_ref();
    // requests.row_total, for every present row (data rows and printed subtotals).
    for (row, cells) in &t.rows {
        let row = *row;
        sum_rule(
            ctx,
            dense,
            &rows,
            Code::RequestsRowTotal,
            Path::request(row, RequestColumn::Total),
            RequestColumn::APPLICANTS.iter().map(move |c| (row, *c)),
            std::iter::once((row, RequestColumn::Total)),
        );
        if t.subtotal_column && cells.legal_entities_subtotal.is_some() {
            sum_rule(
                ctx,
                dense,
                &rows,
                Code::RequestsRowTotal,
                Path::request(row, RequestColumn::LegalEntitiesSubtotal),
                RequestColumn::LEGAL_ENTITIES.iter().map(move |c| (row, *c)),
                std::iter::once((row, RequestColumn::LegalEntitiesSubtotal)),
            );
        }
    }
    // the outcome rows of the layout, listed once
    let mut outcome = [RequestRow::OutcomeTotal; RequestRow::ALL.len()];
    let mut outcome_len = 0;
    for r in t.outcome_rows() {
        outcome[outcome_len] = r;
        outcome_len += 1;
    }
    let outcome = &outcome[..outcome_len];
    for column in t.columns() {
        // requests.outcome_total, per column.
        sum_rule(
            ctx,
            dense,
            &rows,
            Code::RequestsOutcomeTotal,
            Path::request(RequestRow::OutcomeTotal, column),
            outcome.iter().map(|r| (*r, column)),
            std::iter::once((RequestRow::OutcomeTotal, column)),
        );
        // requests.balance (勾稽关系), per column.
        sum_rule(
            ctx,
            dense,
            &rows,
            Code::RequestsBalance,
            Path::RequestsColumn(column),
            [RequestRow::NewReceived, RequestRow::CarriedOver]
                .into_iter()
                .map(|r| (r, column)),
            [RequestRow::OutcomeTotal, RequestRow::CarriedForward]
                .into_iter()
                .map(|r| (r, column)),
        );
    }
    // requests.group_subtotal, for every printed group subtotal.
    for group in [
        RequestRow::Withheld,
        RequestRow::Unavailable,
        RequestRow::NotProcessed,
        RequestRow::OtherHandling,
    ] {
        if rows.0[group.index()].is_none()
            || (group == RequestRow::OtherHandling
                && t.other_handling == OtherHandlingLayout::Single)
        {
            continue;
        }
        for column in t.columns() {
            sum_rule(
                ctx,
                dense,
                &rows,
                Code::RequestsGroupSubtotal,
                Path::request(group, column),
                group.members().map(|r| (r, column)),
                std::iter::once((group, column)),
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
        let total = (Path::appeal(group, AppealColumn::Total), &g.total);
        ctx.equal_sums(
            code,
            total.0,
            AppealColumn::PARTS
                .iter()
                .map(|c| (Path::appeal(group, *c), g.get(*c))),
            std::iter::once(total),
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
        let (prev_rows, cur_rows) = (Rows::of(prev), Rows::of(cur));
        for column in cur.columns().filter(|c| prev.columns().any(|p| p == *c)) {
            let this = cur_rows.cell(RequestRow::CarriedOver, column);
            ctx.equal_sums(
                Code::CarryOverMismatch,
                this.0,
                std::iter::once(prev_rows.cell(RequestRow::CarriedForward, column)),
                std::iter::once(this),
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
                    lhs.into_iter(),
                    rhs.into_iter(),
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
            let fees = (
                ProactiveRow::Fees,
                [
                    &prev.fees.items_last_year,
                    &prev.fees.items_change,
                    &cur.fees.items_last_year,
                ],
            );
            let rows = pairs
                .iter()
                .map(|(r, p, c)| {
                    (
                        *r,
                        [&p.items_last_year, &p.items_change, &c.items_last_year],
                    )
                })
                .chain(std::iter::once(fees));
            for (row, [last, change, this]) in rows {
                let path = Path::proactive(row, ProactiveColumn::ItemsLastYear);
                let change_path = Path::proactive(row, ProactiveColumn::ItemsChange);
                ctx.equal_sums(
                    Code::ProactiveItemsChain,
                    path,
                    [(path, last), (change_path, change)].into_iter(),
                    std::iter::once((path, this)),
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
}
