//! The invariant checks. Know nothing of text: they read a [`Report`] and
//! return findings as data.

mod rules;
mod suggest;

pub use suggest::{Suggestion, SuggestionKind};

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Kind, Number, Operand};
use crate::model::cell::{Cell, CellKind};
use crate::model::keys::{AppealColumn, RequestColumn, RequestRow, TableId};
use crate::model::path::Path;
use crate::model::report::Report;

/// The caller's policies for [`check`].
///
/// ```
/// use ogi_report::{check, CheckOptions, Edition, Kind, Report, RequestRow};
///
/// // a row with blank cells: not assessable, unless blank is read as zero
/// let mut report = Report::new(Edition::V2021);
/// report.set_request_row(RequestRow::NewReceived, [1, 0, 0, 0, 0, 0], 1);
/// let strict = check(&report, &CheckOptions::default());
/// let lenient = check(&report, &CheckOptions::new().blank_as_zero(true));
/// assert!(strict.of_kind(Kind::NotAssessable).count() > lenient.of_kind(Kind::NotAssessable).count());
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct CheckOptions {
    /// Treat a blank cell as 0, except total cells (the 总计 and subtotal
    /// columns, （七）总计, group subtotals, table-四 totals). Off by default:
    /// blank is not zero, and a check reading a blank cell is not assessable.
    pub blank_as_zero: bool,
}

impl CheckOptions {
    /// The defaults: blank is not zero.
    pub const fn new() -> CheckOptions {
        CheckOptions {
            blank_as_zero: false,
        }
    }

    /// The same options with the blank-as-zero policy set.
    pub const fn blank_as_zero(mut self, on: bool) -> CheckOptions {
        self.blank_as_zero = on;
        self
    }
}

/// Runs every single-report rule on `report` and returns all findings: rule
/// violations and checks that are not assessable. A failed sum carries
/// [`Suggestion`]s when merging or splitting the digits of two adjacent
/// cells would make every rule reading them hold (never applied). Never fails.
pub fn check(report: &Report, options: &CheckOptions) -> Diagnostics {
    let mut found = check_rules(report, options, Scope::All);
    if found.of_kind(Kind::Violation).next().is_some() {
        // the candidates are judged by which rules of the edited table
        // fail, not by their operands
        suggest::attach(report, &mut found, |r, table, edits| {
            check_rules(r, options, Scope::Recheck(table, edits))
        });
    }
    found
}

/// Which rules [`check_rules`] runs.
#[derive(Clone, Copy, PartialEq)]
enum Scope {
    /// Every rule, findings in full.
    All,
    /// A suggestion's recheck: the rules of the one table its edit writes,
    /// reading the edited cells' new values, findings without operands. The
    /// cell-level rules cannot change under the edit (it writes
    /// non-negative numbers and no raw text), nor can another table's rules.
    Recheck(TableId, Edits),
}

/// The cells a suggestion edits and their new values (`None`: blank): the
/// rules read these instead of the report's, which is never copied.
pub(crate) type Edits = [(Path, Option<i64>); 2];

/// The single-report rules of `scope`.
fn check_rules(report: &Report, options: &CheckOptions, scope: Scope) -> Diagnostics {
    let mut ctx = Ctx {
        options: *options,
        out: Diagnostics::default(),
        detail: scope == Scope::All,
        edits: match scope {
            Scope::All => None,
            Scope::Recheck(_, edits) => Some(edits),
        },
    };
    let runs = |table: TableId| match scope {
        Scope::All => true,
        Scope::Recheck(t, _) => t == table,
    };
    // a full check reads table 三's numbers once, with the cell rules; a
    // suggestion's recheck reads its edits through the general way
    let mut dense = rules::Dense::new();
    if scope == Scope::All {
        rules::model(report, &mut ctx, &mut dense);
        rules::cell_values(report, &mut ctx, &mut dense);
    }
    if let Some(t) = &report.requests
        && runs(TableId::Requests)
    {
        let dense = (scope == Scope::All).then_some(&dense);
        rules::requests(t, dense, &mut ctx);
    }
    if let Some(t) = &report.appeals
        && runs(TableId::Appeals)
    {
        rules::appeals(t, &mut ctx);
    }
    if let Some(t) = &report.proactive
        && runs(TableId::Proactive)
    {
        rules::proactive(t, &mut ctx);
    }
    if scope == Scope::All {
        rules::meta(&report.meta, &mut ctx);
    }
    ctx.out
}

/// Checks that every span of `report` — cells, front matter — lies inside
/// `text` on character boundaries: for a report deserialized or built
/// elsewhere before its spans are used on a text. Each span that does not is
/// a `model.span_outside_text` finding.
///
/// ```
/// use ogi_report::{check_spans, parse, Code};
///
/// let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t1\t0\t0\t0\t0\t0\t1\n";
/// let report = parse(text)?.report;
/// assert!(check_spans(&report, text).is_empty());
/// assert!(check_spans(&report, "短").with_code(Code::ModelSpanOutsideText).count() > 0);
/// # Ok::<(), ogi_report::Error>(())
/// ```
pub fn check_spans(report: &Report, text: &str) -> Diagnostics {
    let inside = |s: crate::model::cell::Span| {
        s.start <= s.end
            && s.end <= text.len()
            && text.is_char_boundary(s.start)
            && text.is_char_boundary(s.end)
    };
    let mut out = Diagnostics::default();
    let mut push = |path: Path, span: crate::model::cell::Span| {
        if !inside(span) {
            let mut d = Diagnostic::new(Code::ModelSpanOutsideText, Kind::Violation, path);
            d.span = Some(span);
            d.found = Some(Number::Count(span.end as i128));
            d.expected = Some(Number::Count(text.len() as i128));
            out.push(d);
        }
    };
    for (path, cell) in report.cells() {
        if let Some(span) = cell.span() {
            push(path, span);
        }
    }
    let meta = &report.meta;
    if let Some(s) = meta.title_span {
        push(Path::Meta(crate::model::path::MetaField::TitleYear), s);
    }
    if let Some(s) = meta.period.and_then(|p| p.span) {
        push(Path::Meta(crate::model::path::MetaField::Period), s);
    }
    out
}

/// Runs the cross-year rules on two reports of the same body for consecutive
/// years (`previous` is year Y−1): `carry_over.mismatch`,
/// `proactive.in_force_chain`, `proactive.items_chain`. Paths point into `current`.
pub fn check_consecutive(
    previous: &Report,
    current: &Report,
    options: &CheckOptions,
) -> Diagnostics {
    let mut ctx = Ctx {
        options: *options,
        out: Diagnostics::default(),
        detail: true,
        edits: None,
    };
    rules::consecutive(previous, current, &mut ctx);
    ctx.out
}

/// Whether a cell path is a total (never treated as zero when blank).
pub(crate) fn is_total_cell(path: Path) -> bool {
    match path {
        Path::Requests { row, column } => {
            row == RequestRow::OutcomeTotal
                || row.is_group()
                || matches!(
                    column,
                    Some(RequestColumn::Total | RequestColumn::LegalEntitiesSubtotal)
                )
        }
        Path::Appeals { column, .. } => column == Some(AppealColumn::Total),
        _ => false,
    }
}

pub(crate) struct Ctx {
    options: CheckOptions,
    out: Diagnostics,
    /// Findings carry their operands and spans.
    detail: bool,
    /// A suggestion's edited cells, read instead of the report's.
    edits: Option<Edits>,
}

/// One term of a rule: a cell with its path.
pub(crate) type Term<'a> = (Path, &'a Cell<i64>);

impl Ctx {
    /// The number a cell contributes to a sum, under the caller's policy.
    #[inline]
    fn value_of(&self, path: Path, cell: &Cell<i64>) -> Option<i128> {
        match cell.value() {
            Some(v) => Some(i128::from(*v)),
            None if self.options.blank_as_zero
                && cell.kind() == CellKind::Blank
                && !is_total_cell(path) =>
            {
                Some(0)
            }
            None => None,
        }
    }

    fn operands<'c>(cells: impl Iterator<Item = Term<'c>>) -> Vec<Operand> {
        cells
            .map(|(path, cell)| Operand {
                path,
                state: cell.kind(),
                value: cell.value().map(|v| Number::Count(i128::from(*v))),
                span: cell.span(),
            })
            .collect()
    }

    /// The number a cell contributes, a suggestion's edit (if any) read
    /// instead of the report's cell.
    fn value_in(&self, path: Path, cell: &Cell<i64>) -> Option<i128> {
        let edited = self
            .edits
            .as_ref()
            .and_then(|e| e.iter().find(|(p, _)| *p == path));
        match edited {
            Some((_, Some(v))) => Some(i128::from(*v)),
            Some((_, None)) if self.options.blank_as_zero && !is_total_cell(path) => Some(0),
            Some((_, None)) => None,
            None => self.value_of(path, cell),
        }
    }

    /// The sum of the terms; `None` when one has no number.
    #[inline]
    fn sum<'c>(&self, cells: impl Iterator<Item = Term<'c>>) -> Option<i128> {
        let mut total = 0i128;
        if self.edits.is_some() {
            for (p, c) in cells {
                total += self.value_in(p, c)?;
            }
        } else {
            for (p, c) in cells {
                total += self.value_of(p, c)?;
            }
        }
        Some(total)
    }

    /// The rule `sum(lhs) == sum(rhs)`, reported at `path`. `expected` is
    /// the sum of `lhs`, `found` the sum of `rhs` (one cell, usually: the
    /// printed total). The span is that of the first cell of `rhs` with one.
    /// Nothing is allocated when the rule holds: the sides are iterators,
    /// walked again only to describe a failure.
    pub(crate) fn equal_sums<'c, L, R>(&mut self, code: Code, path: Path, lhs: L, rhs: R)
    where
        L: Iterator<Item = Term<'c>> + Clone,
        R: Iterator<Item = Term<'c>> + Clone,
    {
        let values = self.sum(lhs.clone()).zip(self.sum(rhs.clone()));
        if values.is_some_and(|(e, f)| e == f) {
            return; // holds: nothing to build
        }
        self.unequal_sums(code, path, lhs, rhs, values);
    }

    /// The finding of a sum rule that does not hold (or cannot be
    /// evaluated): out of line, so the rules that hold stay small.
    #[inline(never)]
    fn unequal_sums<'c, L, R>(
        &mut self,
        code: Code,
        path: Path,
        lhs: L,
        rhs: R,
        values: Option<(i128, i128)>,
    ) where
        L: Iterator<Item = Term<'c>> + Clone,
        R: Iterator<Item = Term<'c>> + Clone,
    {
        let (span, operands) = if self.detail {
            let span = rhs.clone().chain(lhs.clone()).find_map(|(_, c)| c.span());
            (span, Self::operands(lhs.chain(rhs)))
        } else {
            (None, Vec::new())
        };
        self.conclude(code, path, span, operands, values, |e, f| e == f);
    }

    /// The rule `sum(small) <= sum(big)`, with a sign per term of `small`
    /// (for K15 ≤ K05, and issued − abolished ≤ in force). `expected` is the
    /// bound `sum(big)`, `found` is `sum(small)`.
    pub(crate) fn at_most(
        &mut self,
        code: Code,
        path: Path,
        small: &[(Path, &Cell<i64>, i128)],
        big: &[Term<'_>],
    ) {
        let found: Option<i128> = small
            .iter()
            .map(|(p, c, sign)| self.value_in(*p, c).map(|v| sign * v))
            .sum();
        let values = self.sum(big.iter().copied()).zip(found);
        if values.is_some_and(|(b, f)| f <= b) {
            return;
        }
        let operands = if self.detail {
            Self::operands(
                small
                    .iter()
                    .map(|(p, c, _)| (*p, *c))
                    .chain(big.iter().copied()),
            )
        } else {
            Vec::new()
        };
        let span = big.iter().find_map(|(_, c)| c.span());
        self.conclude(code, path, span, operands, values, |b, f| f <= b);
    }

    /// Reports the outcome of a rule: nothing when `holds(expected, found)`,
    /// a violation when not, not assessable when a side has no number.
    fn conclude(
        &mut self,
        code: Code,
        path: Path,
        span: Option<crate::Span>,
        operands: Vec<Operand>,
        values: Option<(i128, i128)>,
        holds: impl Fn(i128, i128) -> bool,
    ) {
        match values {
            Some((expected, found)) if holds(expected, found) => {}
            Some((expected, found)) => {
                let mut d = Diagnostic::new(code, Kind::Violation, path);
                d.span = span;
                d.expected = Some(Number::Count(expected));
                d.found = Some(Number::Count(found));
                d.operands = operands;
                self.out.push(d);
            }
            None => self.not_assessable(code, path, span, operands),
        }
    }

    /// Reports a rule that cannot be evaluated. The span is that of the
    /// first cell without a number that has one, else `fallback`.
    fn not_assessable(
        &mut self,
        code: Code,
        path: Path,
        fallback: Option<crate::Span>,
        operands: Vec<Operand>,
    ) {
        let mut d = Diagnostic::new(code, Kind::NotAssessable, path);
        d.span = operands
            .iter()
            .filter(|o| o.state != CellKind::Number)
            .find_map(|o| o.span)
            .or(fallback);
        d.operands = operands;
        self.out.push(d);
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }
}

#[cfg(test)]
mod tests;
