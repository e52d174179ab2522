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
/// unless a finding is made; table 三's numbers are read into a [`Dense`]
/// table on the way, for its sum rules.
pub(super) fn cell_values<'a>(report: &'a Report, ctx: &mut Ctx, dense: &mut Dense<'a>) {
    if let Some(t) = &report.proactive {
        for (r, c, cell) in t.cells() {
            screen(Path::proactive(r, c), cell, ctx);
        }
    }
    if report.requests.is_some() {
        dense.read(ctx);
    }
    if let Some(t) = &report.appeals {
        for g in AppealGroup::ALL {
            let counts = t.group(*g);
            for c in AppealColumn::ALL {
                screen(Path::appeal(*g, *c), CellRef::Count(counts.get(*c)), ctx);
            }
        }
    }
}

/// The cell rules on one cell, after a screen that passes most cells: a
/// count ≥ 0 whose raw text is its ASCII digits.
#[inline]
fn screen(path: Path, cell: CellRef<'_>, ctx: &mut Ctx) {
    if let CellRef::Count(c) = cell
        && count_is_plain(c)
    {
        return;
    }
    cell_rules(path, cell, ctx);
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
            *v >= 0
                && match source.raw.ascii_count() {
                    Some(written) => i64::from(written) == *v,
                    None => ascii_count(source.raw.as_bytes()) == Some(*v),
                }
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
    crate::model::raw::ascii_number(b).and_then(|n| i64::try_from(n).ok())
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

/// The largest magnitude [`Dense`] holds: a sum of every cell of a column
/// stays far inside `i32`. A cell beyond it goes the general way (`i128`).
const DENSE_LIMIT: i32 = 1 << 26;

/// A count cell's number when its raw text is the ASCII digits writing it:
/// no cell rule can fault it (it is ≥ 0).
#[inline]
fn written_count(cell: &Cell<i64>) -> Option<i32> {
    if let (crate::CellState::Number(v), Some(source)) = (&cell.state, &cell.source) {
        // `DENSE_LIMIT` is below the "no count" mark, so one comparison each
        let w = source.raw.ascii_count_or_max();
        if i64::from(w) == *v && w <= DENSE_LIMIT.unsigned_abs() {
            return i32::try_from(w).ok();
        }
    }
    None
}

/// A table-三 cell other than [`written_count`]'s: the cell rules, and its
/// number for [`Dense`] when it has one inside the limit.
#[inline(never)]
fn any_cell(path: Path, cell: &Cell<i64>, ctx: &mut Ctx) -> Option<i32> {
    screen(path, CellRef::Count(cell), ctx);
    ctx.value_of(path, cell)
        .and_then(|v| i32::try_from(v).ok())
        .filter(|v| (-DENSE_LIMIT..=DENSE_LIMIT).contains(v))
}

/// The columns of [`Dense`], one bit each.
type ColumnSet = u16;

/// Table 三's numbers as the sum rules read them (the caller's blank
/// policy applied), by row and column index, with its rows: a rule that
/// holds is decided from these without touching a cell, a whole column
/// rule for all columns at once; any other goes the general way, which
/// builds its finding.
pub(super) struct Dense<'a> {
    value: [[i32; RequestColumn::ALL.len()]; RequestRow::ALL.len()],
    /// Bit `c` of row `r`: column `c` has a number.
    known: [ColumnSet; RequestRow::ALL.len()],
    rows: Rows<'a>,
}

impl<'a> Dense<'a> {
    /// No rows, no numbers.
    pub(super) fn new() -> Dense<'a> {
        Dense {
            value: [[0; RequestColumn::ALL.len()]; RequestRow::ALL.len()],
            known: [0; RequestRow::ALL.len()],
            rows: Rows([None; RequestRow::ALL.len()]),
        }
    }

    /// Reads the numbers of the rows [`model`] listed (into a new `self`),
    /// and runs the cell rules on each of their cells (in the order
    /// [`Report::for_each_cell`] visits them).
    fn read(&mut self, ctx: &mut Ctx) {
        let d = self;
        for (row, cells) in RequestRow::ALL.iter().zip(d.rows.0) {
            let Some(cells) = cells else {
                continue;
            };
            let r = row.index();
            let (value, known) = (&mut d.value[r], &mut d.known[r]);
            cells.each_cell(|column, cell| {
                let number = match written_count(cell) {
                    // most cells: no cell rule can fault them, and they fit
                    Some(w) if w <= DENSE_LIMIT => Some(w),
                    _ => any_cell(Path::request(*row, column), cell, ctx),
                };
                if let Some(v) = number {
                    value[column.index()] = v;
                    *known |= 1 << column.index();
                }
            });
        }
    }

    /// Whether `row`'s cells in `parts` sum to its cell in `total`, every
    /// one a number.
    #[inline]
    fn row_adds_up(&self, row: RequestRow, parts: &[RequestColumn], total: RequestColumn) -> bool {
        let (value, known) = (&self.value[row.index()], self.known[row.index()]);
        let mut sum = 0;
        let mut all = 1 << total.index();
        for c in parts {
            sum += value[c.index()];
            all |= 1 << c.index();
        }
        known & all == all && sum == value[total.index()]
    }

    /// The columns where the rows `lhs` sum to the rows `rhs`, every cell a
    /// number: the whole rule, all columns at once.
    fn columns_balancing(&self, lhs: RowSet, rhs: RowSet) -> ColumnSet {
        let mut difference = [0i32; RequestColumn::ALL.len()];
        let mut known = ColumnSet::MAX;
        for (mut rows, sign) in [(lhs, 1), (rhs, -1)] {
            while rows != 0 {
                let r = rows.trailing_zeros() as usize;
                rows &= rows - 1;
                for (d, v) in difference.iter_mut().zip(&self.value[r]) {
                    *d += sign * v;
                }
                known &= self.known[r];
            }
        }
        let mut zero: ColumnSet = 0;
        for (c, d) in difference.iter().enumerate() {
            zero |= ColumnSet::from(*d == 0) << c;
        }
        zero & known
    }
}

/// Table 三's rows, one bit each by index.
type RowSet = u32;

/// The rows of table 三 that `row` selects, as a set (built at compile time).
const fn rows_where(select: RowSelect) -> RowSet {
    let mut set = 0;
    let mut i = 0;
    while i < RequestRow::ALL.len() {
        let row = RequestRow::ALL[i];
        let selected = match select {
            RowSelect::Outcome(layout) => Requests::is_outcome_row(layout, row),
            RowSelect::Members(group) => match row.group() {
                Some(g) => g as usize == group as usize,
                None => false,
            },
        };
        if selected {
            set |= 1 << i;
        }
        i += 1;
    }
    set
}

/// Which rows [`rows_where`] selects.
#[derive(Clone, Copy)]
enum RowSelect {
    /// The rows whose sum is （七）总计 in a layout.
    Outcome(OtherHandlingLayout),
    /// The rows of a group.
    Members(RequestRow),
}

/// One row, as a set.
const fn one_row(row: RequestRow) -> RowSet {
    1 << row.index()
}

/// Whether column `c` is in `set`.
#[inline]
fn holds(set: ColumnSet, c: RequestColumn) -> bool {
    set >> c.index() & 1 == 1
}

/// Table 三: row totals, outcome totals, balance, group subtotals. With
/// `dense` (a full check), a rule that holds there is done; any other rule,
/// and every rule of a suggestion's recheck, is evaluated cell by cell.
pub(super) fn requests(t: &Requests, dense: Option<&Dense<'_>>, ctx: &mut Ctx) {
    let own_rows;
    let rows = match dense {
        Some(d) => &d.rows,
        None => {
            own_rows = Rows::of(t);
            &own_rows
        }
    };
    // requests.row_total, for every present row (data rows and printed subtotals).
    for (row, cells) in RequestRow::ALL.iter().zip(rows.0) {
        let (row, Some(cells)) = (*row, cells) else {
            continue;
        };
        if !dense
            .is_some_and(|d| d.row_adds_up(row, &RequestColumn::APPLICANTS, RequestColumn::Total))
        {
            ctx.equal_sums(
                Code::RequestsRowTotal,
                Path::request(row, RequestColumn::Total),
                RequestColumn::APPLICANTS.iter().map(|c| rows.cell(row, *c)),
                std::iter::once(rows.cell(row, RequestColumn::Total)),
            );
        }
        if t.subtotal_column
            && cells.legal_entities_subtotal.is_some()
            && !dense.is_some_and(|d| {
                d.row_adds_up(
                    row,
                    &RequestColumn::LEGAL_ENTITIES,
                    RequestColumn::LegalEntitiesSubtotal,
                )
            })
        {
            ctx.equal_sums(
                Code::RequestsRowTotal,
                Path::request(row, RequestColumn::LegalEntitiesSubtotal),
                RequestColumn::LEGAL_ENTITIES
                    .iter()
                    .map(|c| rows.cell(row, *c)),
                std::iter::once(rows.cell(row, RequestColumn::LegalEntitiesSubtotal)),
            );
        }
    }
    let balance_lhs = [RequestRow::NewReceived, RequestRow::CarriedOver];
    let balance_rhs = [RequestRow::OutcomeTotal, RequestRow::CarriedForward];
    let (outcome_holds, balance_holds) = dense.map_or((0, 0), |d| {
        use OtherHandlingLayout::{Single, Split};
        let outcome = match t.other_handling {
            Split => const { rows_where(RowSelect::Outcome(Split)) },
            Single => const { rows_where(RowSelect::Outcome(Single)) },
        };
        (
            d.columns_balancing(outcome, one_row(RequestRow::OutcomeTotal)),
            d.columns_balancing(
                one_row(RequestRow::NewReceived) | one_row(RequestRow::CarriedOver),
                one_row(RequestRow::OutcomeTotal) | one_row(RequestRow::CarriedForward),
            ),
        )
    });
    for column in t.columns() {
        // requests.outcome_total, per column.
        if !holds(outcome_holds, column) {
            ctx.equal_sums(
                Code::RequestsOutcomeTotal,
                Path::request(RequestRow::OutcomeTotal, column),
                t.outcome_rows().map(|r| rows.cell(r, column)),
                std::iter::once(rows.cell(RequestRow::OutcomeTotal, column)),
            );
        }
        // requests.balance (勾稽关系), per column.
        if !holds(balance_holds, column) {
            ctx.equal_sums(
                Code::RequestsBalance,
                Path::RequestsColumn(column),
                balance_lhs.iter().map(|r| rows.cell(*r, column)),
                balance_rhs.iter().map(|r| rows.cell(*r, column)),
            );
        }
    }
    // requests.group_subtotal, for every printed group subtotal.
    for (group, members) in [
        (
            RequestRow::Withheld,
            const { rows_where(RowSelect::Members(RequestRow::Withheld)) },
        ),
        (
            RequestRow::Unavailable,
            const { rows_where(RowSelect::Members(RequestRow::Unavailable)) },
        ),
        (
            RequestRow::NotProcessed,
            const { rows_where(RowSelect::Members(RequestRow::NotProcessed)) },
        ),
        (
            RequestRow::OtherHandling,
            const { rows_where(RowSelect::Members(RequestRow::OtherHandling)) },
        ),
    ] {
        if rows.0[group.index()].is_none()
            || (group == RequestRow::OtherHandling
                && t.other_handling == OtherHandlingLayout::Single)
        {
            continue;
        }
        let group_holds = dense.map_or(0, |d| d.columns_balancing(members, one_row(group)));
        for column in t.columns() {
            if !holds(group_holds, column) {
                ctx.equal_sums(
                    Code::RequestsGroupSubtotal,
                    Path::request(group, column),
                    group.members().map(|r| rows.cell(r, column)),
                    std::iter::once(rows.cell(group, column)),
                );
            }
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
/// with the value. Lists table 三's rows in `dense` on the way.
pub(super) fn model<'a>(report: &'a Report, ctx: &mut Ctx, dense: &mut Dense<'a>) {
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
            dense.rows.0[row.index()] = Some(cells);
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
