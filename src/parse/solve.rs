//! Solving glued rows: text without cell separators, where a digit run is
//! the digits of several cells. The splits come from `glued`; this module
//! decides between them with the tables' arithmetic and writes the cells
//! and findings.

use std::collections::BTreeMap;

use super::align::{RawRow, count_cell, set_proactive_cell};
use super::glued::{
    Cut, MAX_DIGITS, Shape, SplitList, all_splits, all_splits_into, common_cells, splits,
    splits_with_room, sum_holds,
};
use super::lines::Field;
use super::text::{Class, fold_char, is_trim};
use crate::diagnostic::{Code, Diagnostic, Kind, Number};
use crate::model::appeals::Appeals;
use crate::model::cell::{Cell, Span};
use crate::model::keys::{ProactiveColumn, ProactiveRow, RequestColumn, RequestRow, TableId};
use crate::model::path::Path;
use crate::model::proactive::{CellMut, Proactive};
use crate::model::requests::Requests;
/// Whether a value field can be part of a run: plain digits, a glued run,
/// or (for the shape's signed or money cells) a sign or a decimal point.
fn digit_like(f: &Field<'_>, shape: Shape) -> bool {
    match f.class {
        Class::Run => true,
        Class::Number(n) => {
            n.unit.is_none()
                && f.text.chars().all(|c| {
                    let c = fold_char(c);
                    c.is_ascii_digit()
                        || (shape.money && c == '.')
                        || (shape.signed.is_some() && matches!(c, '+' | '-'))
                })
        }
        _ => false,
    }
}

/// The row as the glued-run solver sees it, when its text shows gluing;
/// `None` for a row whose cells are read one value field each.
///
/// Gluing shows as a run touching text or written with a leading zero
/// (`00`, `03`), as one digit token at least as long as the row has cells,
/// or, in a flattened page, as a row whose digit tokens do not number its
/// cells. Then all the row's digit tokens form one run in which a space is a
/// possible boundary (`20 0 00 0 2` for seven cells). A row of exactly as
/// many well-formed tokens as cells is read token by token, and so is every
/// row of aligned text without glued digits (there a short row lost a cell).
pub(super) fn glued_view<'a>(text: &'a str, row: &RawRow<'a>, shape: Shape) -> Option<RawRow<'a>> {
    let n = shape.n;
    if row.values.is_empty() {
        return None;
    }
    let glued = row.is_glued();
    if row.delimited || row.values_alone {
        // a delimited row with a field per cell is read field by field: a
        // field of too many digits is that cell, unreadable
        let one_per_cell = row.delimited
            && row
                .values
                .iter()
                .filter(|f| f.class != Class::Blank)
                .count()
                == n
            && row.values.len() == n;
        return (glued && !one_per_cell).then(|| view(row, row.values.clone()));
    }
    let all_digits = row.values.iter().all(|f| digit_like(f, shape));
    let lone = matches!(row.values.as_slice(), [only] if all_digits && n >= 2
        && only.text.chars().filter(|c| !is_trim(*c)).count() >= n);
    let merge = all_digits && (glued || lone || (row.flattened && row.values.len() != n));
    if !merge {
        return glued.then(|| view(row, row.values.clone()));
    }
    let span = row.values_span()?;
    Some(view(
        row,
        vec![Field {
            text: &text[span.start..span.end],
            span,
            class: Class::Run,
        }],
    ))
}

/// A row as the solver reads it: `values` in place of the row's, and its
/// label's spans; the label's keys stay with the row (the solver reads
/// values only).
fn view<'a>(row: &RawRow<'a>, values: Vec<Field<'a>>) -> RawRow<'a> {
    RawRow {
        fragments: Vec::new(),
        own: String::new(),
        own_span: row.own_span,
        label_span: row.label_span,
        values,
        delimited: row.delimited,
        values_alone: row.values_alone,
        flattened: row.flattened,
        closed: row.closed,
    }
}

/// Digits (and signs and points) of a row's values: the most cells they can fill.
fn room(row: &RawRow<'_>) -> usize {
    row.values
        .iter()
        .map(|f| match f.class {
            Class::Run => f.text.chars().filter(|c| !is_trim(*c)).count(),
            _ => 1,
        })
        .sum()
}

/// A glued row with fewer digits than cells: a blank cell left no trace, and
/// which one is unknowable. Every cell is missing and the digits are listed.
fn too_few_digits(
    row: &RawRow<'_>,
    path: Path,
    n: usize,
    columns: impl FnOnce() -> Vec<Path>,
) -> Option<Diagnostic> {
    let have = room(row);
    if have >= n {
        return None;
    }
    let columns = &columns();
    let mut d = Diagnostic::new(Code::ParseRowShort, Kind::Parse, path);
    d.span = row.values_span();
    d.expected = Some(Number::Count(n as i128));
    d.found = Some(Number::Count(have as i128));
    d.operands = super::align::missing_operands(columns);
    super::align::set_unplaced(&mut d, &row.values);
    Some(d)
}

/// Per cell: the cut every split agrees on (same text), if any.
fn agreed<'s>(
    all: impl Iterator<Item = &'s [Cut]> + Clone,
    fields: &[Field<'_>],
    n: usize,
) -> Vec<Option<&'s Cut>> {
    (0..n)
        .map(|i| {
            let first = all.clone().next()?.get(i)?;
            let t = first.field(fields).text;
            all.clone()
                .all(|s| s.get(i).is_some_and(|c| c.field(fields).text == t))
                .then_some(first)
        })
        .collect()
}

/// Most splits a glued table 四 may have for the search of each group
/// total no split satisfies.
const AGREEMENT_LIMIT: u64 = 5_000;

/// The cells of a glued row that cannot be split: unreadable, each with the
/// whole run as its source.
fn unreadable_run(text: &str, row: &RawRow<'_>) -> Cell<i64> {
    match row.values_span() {
        Some(s) => Cell::unreadable(&text[s.start..s.end], s),
        None => Cell::missing(),
    }
}

/// A candidate split as numbers: counts, or amounts for cells with a decimal point.
fn numbers(cuts: &[Cut], fields: &[Field<'_>]) -> Vec<Number> {
    cuts.iter()
        .filter_map(|c| match c.value {
            Some(v) => Some(Number::Count(i128::from(v))),
            None => match c.field(fields).class {
                Class::Number(n) if n.value.fract().is_zero() => {
                    i128::try_from(n.value.trunc()).ok().map(Number::Count)
                }
                Class::Number(n) => Some(Number::Money(n.value)),
                _ => None,
            },
        })
        .collect()
}

/// Shown candidates per finding.
const SHOWN_CANDIDATES: usize = 10;

fn glued_diag(
    code: Code,
    path: Path,
    text: &str,
    row: &RawRow<'_>,
    candidates: Vec<Vec<Number>>,
) -> Diagnostic {
    let mut d = Diagnostic::new(code, Kind::Parse, path);
    d.span = row.values_span();
    d.raw = d.span.map(|s| text[s.start..s.end].to_owned());
    d.candidates = candidates;
    d
}

/// A linear rule over the table-三 cells of one column (by index): the sum
/// of the `lhs` rows equals the sum of the `rhs` rows. The row lists are
/// borrowed: a table's fourteen rules allocate nothing.
struct Rule<'r> {
    code: Code,
    /// Where the rule's finding is reported (as `check` reports it).
    path: Path,
    column: usize,
    lhs: &'r [RequestRow],
    rhs: &'r [RequestRow],
}

impl Rule<'_> {
    /// The cells of the left side, `(row, column index)`.
    fn lhs(&self) -> impl Iterator<Item = (RequestRow, usize)> + Clone + '_ {
        self.lhs.iter().map(|r| (*r, self.column))
    }

    /// The cells of the right side.
    fn rhs(&self) -> impl Iterator<Item = (RequestRow, usize)> + Clone + '_ {
        self.rhs.iter().map(|r| (*r, self.column))
    }

    /// The cells of both sides.
    fn cells(&self) -> impl Iterator<Item = (RequestRow, usize)> + Clone + '_ {
        self.lhs().chain(self.rhs())
    }
}

/// The two sides of the balance rule 一+二 = 三+四, by row.
const BALANCE_LHS: [RequestRow; 2] = [RequestRow::NewReceived, RequestRow::CarriedOver];
const BALANCE_RHS: [RequestRow; 2] = [RequestRow::OutcomeTotal, RequestRow::CarriedForward];

/// A glued table-三 row whose run splits in more than one way.
#[derive(Clone)]
struct Var<'r, 'a> {
    row: RequestRow,
    raw: &'r RawRow<'a>,
    /// Splits that satisfy the row's own total.
    candidates: SplitList,
    complete: bool,
}

/// One side of a rule in the joint search: the sum of its decided cells,
/// and its cells of rows still being decided, as a range of
/// [`Joint::terms`] (variable index, column index).
#[derive(Clone)]
struct Side {
    known: u64,
    vars: std::ops::Range<usize>,
}

/// The joint search over the undecided rows.
struct Joint<'v, 'r, 'a> {
    vars: &'v [Var<'r, 'a>],
    /// A rule is usable when each of its cells is a number or a variable.
    usable: Vec<bool>,
    /// Per variable and column (`columns` per variable): the least and
    /// greatest candidate value.
    bounds: Vec<Option<(u64, u64)>>,
    columns: usize,
    /// The two sides of each usable rule.
    sides: Vec<(Side, Side)>,
    terms: Vec<(usize, usize)>,
    /// Per variable, the usable rules that read it, as a range of
    /// [`Joint::touching`]: a node checks only the rules its choice moved.
    touched_by: Vec<std::ops::Range<usize>>,
    touching: Vec<usize>,
    assignment: Vec<Option<usize>>,
    solutions: Vec<Vec<usize>>,
    nodes: usize,
    /// The budget or the solution limit stopped the search.
    stopped: bool,
}

impl Joint<'_, '_, '_> {
    const SOLUTION_LIMIT: usize = 64;
    const NODE_BUDGET: usize = 200_000;

    /// Whether usable rule `r` can still hold: the ranges of its two sides
    /// overlap (all values are non-negative, so partial sums bound the
    /// totals).
    fn holds(&self, r: usize) -> bool {
        let (lhs, rhs) = &self.sides[r];
        match (self.side_range(lhs), self.side_range(rhs)) {
            (Some((l0, l1)), Some((r0, r1))) => l0 <= r1 && r0 <= l1,
            _ => true,
        }
    }

    /// The range of one side of a rule: the sum of its terms' ranges.
    #[inline]
    fn side_range(&self, side: &Side) -> Option<(u64, u64)> {
        let (mut lo, mut hi) = (side.known, side.known);
        for &(i, ci) in &self.terms[side.vars.clone()] {
            let (a, b) = match self.assignment[i] {
                Some(k) => {
                    let v = self.vars[i].candidates[k][ci].value?;
                    (v, v)
                }
                None => self.bounds[i * self.columns + ci]?,
            };
            lo = lo.saturating_add(a);
            hi = hi.saturating_add(b);
        }
        Some((lo, hi))
    }

    /// `changed`: the variable whose choice the node made (`None` at the
    /// root: every rule is checked). The rules that do not read it stand
    /// as they stood at the node above, where they could hold.
    fn search(&mut self, depth: usize, changed: Option<usize>) {
        self.nodes += 1;
        if self.nodes > Self::NODE_BUDGET || self.solutions.len() >= Self::SOLUTION_LIMIT {
            self.stopped = true;
            return;
        }
        let consistent = match changed {
            Some(i) => self.touching[self.touched_by[i].clone()]
                .iter()
                .all(|r| self.holds(*r)),
            None => (0..self.sides.len()).all(|r| self.holds(r)),
        };
        if !consistent {
            return;
        }
        if depth == self.vars.len() {
            let s = self.assignment.iter().map(|a| a.unwrap_or(0)).collect();
            self.solutions.push(s);
            return;
        }
        for k in 0..self.vars[depth].candidates.len() {
            self.assignment[depth] = Some(k);
            self.search(depth + 1, Some(depth));
            if self.stopped {
                break;
            }
        }
        self.assignment[depth] = None;
    }
}

/// Table 三 from glued rows: rows whose run splits one way are certain;
/// the others are solved jointly with the row totals, the outcome totals and
/// the balance rule. One solution fills the cells (`parse.glued_recovered`);
/// several leave the undecided rows unreadable (`parse.glued_ambiguous`).
///
/// When no reading satisfies every rule (the published table is
/// inconsistent), the table is not given up: a row whose own total leaves
/// one split keeps it; in the other rows the cells equal in every split of
/// their digits are filled; a rule that fails in every reading of the digits
/// is reported as a violation proven by the text; the rest is unreadable
/// (`parse.glued_inconsistent`) with the closest splits as candidates.
/// What a glued table-三 row's last cell (its total) can be: the number a
/// last number field holds, or, for a last digit run, the value of its last
/// `l` characters for each length `l` (an upper bound of a total `l` long).
enum LastCell {
    Fixed(u64),
    Suffixes(Vec<u64>),
    Unknown,
}

impl LastCell {
    fn of(values: &[Field<'_>]) -> LastCell {
        let Some(last) = values.last() else {
            return LastCell::Unknown;
        };
        match last.class {
            Class::Run => {
                let mut bounds = Vec::with_capacity(MAX_DIGITS);
                let mut value = 0u64;
                let mut scale = 1u64;
                for c in last.text.chars().rev().filter(|c| !is_trim(*c)) {
                    let Some(d) = fold_char(c).to_digit(10) else {
                        break;
                    };
                    value += u64::from(d) * scale;
                    bounds.push(value);
                    if bounds.len() == MAX_DIGITS {
                        break;
                    }
                    scale *= 10;
                }
                LastCell::Suffixes(bounds)
            }
            Class::Number(num) if num.value.fract().is_zero() && !num.value.is_sign_negative() => {
                u64::try_from(num.value.trunc()).map_or(LastCell::Unknown, LastCell::Fixed)
            }
            _ => LastCell::Unknown,
        }
    }

    /// Whether the applicant cells among `values` (the first six; cut so
    /// far, `room` left, `n` cells in all) may still sum to the total.
    fn may_hold(&self, values: &[Option<u64>], room: usize, n: usize) -> bool {
        let cut = values.len();
        if cut >= n {
            return true; // the row's own rule decides
        }
        let Some(sum) = values[..cut.min(6)].iter().copied().sum::<Option<u64>>() else {
            return true;
        };
        let most = match self {
            LastCell::Fixed(t) => *t,
            // the total takes at most the room less one per other cell left
            LastCell::Suffixes(bounds) => {
                let budget = (room + 1).saturating_sub(n - cut).min(bounds.len());
                match budget.checked_sub(1) {
                    Some(i) => bounds[i],
                    None => return true, // the search itself rules it out
                }
            }
            LastCell::Unknown => return true,
        };
        sum <= most
    }
}

/// Whether two rows' values read alike: the same texts, read the same way.
/// A split search sees nothing else of them (a cut's place is counted in
/// its field).
fn spelled_alike(a: &[Field<'_>], b: &[Field<'_>]) -> bool {
    a.len() == b.len()
        && a.iter()
            .zip(b)
            .all(|(x, y)| x.text == y.text && x.class == y.class)
}

pub(super) fn solve_requests(
    text: &str,
    table: &mut Requests,
    columns: &[RequestColumn],
    rows: &[(RequestRow, &RawRow<'_>)],
    diags: &mut Vec<Diagnostic>,
) {
    const CANDIDATE_LIMIT: usize = 5_000;
    let n = columns.len();
    let shape = Shape::counts(n);
    let row_ok = |v: &[Option<u64>]| -> bool {
        if n == 8 && v.len() == 7 {
            return sum_holds(v, 1..6, 6);
        }
        v.len() < n || sum_holds(v, 0..6, n - 1)
    };
    let fill_cut = |table: &mut Requests,
                    row: RequestRow,
                    raw: &RawRow<'_>,
                    ci: usize,
                    cut: &Cut,
                    diags: &mut Vec<Diagnostic>| {
        let path = Path::request(row, columns[ci]);
        *table.row_mut(row).get_mut(columns[ci]) =
            count_cell(Some(cut.field(&raw.values)), path, diags);
    };
    let fill = |table: &mut Requests,
                row: RequestRow,
                raw: &RawRow<'_>,
                cuts: &[Cut],
                diags: &mut Vec<Diagnostic>| {
        // the row looked up once for all its cells
        let cells = table.row_mut(row);
        for (ci, cut) in cuts.iter().enumerate() {
            let path = Path::request(row, columns[ci]);
            *cells.get_mut(columns[ci]) = count_cell(Some(cut.field(&raw.values)), path, diags);
        }
    };
    let mut vars: Vec<Var<'_, '_>> = Vec::new();
    // up to two splits of each row, in one buffer for all rows
    let mut first = SplitList::new(n);
    for (row, raw) in rows {
        let row_path = Path::Requests {
            row: *row,
            column: None,
        };
        let paths = || columns.iter().map(|c| Path::request(*row, *c)).collect();
        if let Some(d) = too_few_digits(raw, row_path, n, paths) {
            diags.push(d);
            continue;
        }
        // a row spelled as an earlier undecided one (the year's new
        // requests and the total often are) has its splits: the search
        // reads the fields' text alone
        if let Some(same) = vars
            .iter()
            .find(|v| spelled_alike(&v.raw.values, &raw.values))
        {
            let (candidates, complete) = (same.candidates.clone(), same.complete);
            vars.push(Var {
                row: *row,
                raw,
                candidates,
                complete,
            });
            continue;
        }
        if all_splits_into(&raw.values, shape, 2, &mut first) && first.len() == 1 {
            fill(table, *row, raw, &first[0], diags);
            continue;
        }
        // the applicant cells cut so far sum to at most the total, and the
        // total is at most what the room left can spell
        let total = LastCell::of(&raw.values);
        let pinned = splits_with_room(&raw.values, shape, CANDIDATE_LIMIT, &mut |v, room| {
            row_ok(v) && total.may_hold(v, room, n)
        });
        vars.push(Var {
            row: *row,
            raw,
            candidates: pinned.splits,
            complete: pinned.complete,
        });
    }
    if vars.is_empty() {
        return;
    }
    vars.sort_by_key(|v| v.candidates.len());

    let outcome: Vec<RequestRow> = table.outcome_rows().collect();
    let mut rules = Vec::with_capacity(2 * columns.len());
    for (ci, column) in columns.iter().enumerate() {
        rules.push(Rule {
            code: Code::RequestsOutcomeTotal,
            path: Path::request(RequestRow::OutcomeTotal, *column),
            column: ci,
            lhs: &outcome,
            rhs: &[RequestRow::OutcomeTotal],
        });
        rules.push(Rule {
            code: Code::RequestsBalance,
            path: Path::RequestsColumn(*column),
            column: ci,
            lhs: &BALANCE_LHS,
            rhs: &BALANCE_RHS,
        });
    }
    let known = Known::of(table, columns);
    let (usable, mut solutions, stopped) = run_joint(&vars, &rules, &known, n);
    // every solution was found: no row's candidates were cut short, nor the search
    let mut exhausted = !stopped && vars.iter().all(|v| v.complete);
    let inconsistent = solutions.is_empty() && exhausted;
    // An inconsistent table whose broken rows are proven (no split meets
    // their own total): the other rows, searched without them, may still be
    // pinned down by the rules that do not read the broken rows.
    let broken: Vec<bool> = vars
        .iter()
        .map(|v| v.complete && v.candidates.is_empty())
        .collect();
    let mut solved_without_broken = false;
    if inconsistent && broken.iter().any(|b| *b) && broken.iter().any(|b| !*b) {
        let rest: Vec<Var<'_, '_>> = vars
            .iter()
            .zip(&broken)
            .filter(|(_, b)| !**b)
            .map(|(v, _)| v.clone())
            .collect();
        let (_, sols, stop) = run_joint(&rest, &rules, &known, n);
        if !sols.is_empty() && !stop {
            // back to indexes over all vars (broken rows get no candidate)
            let positions: Vec<usize> = vars
                .iter()
                .enumerate()
                .filter(|(i, _)| !broken[*i])
                .map(|(i, _)| i)
                .collect();
            solutions = sols
                .into_iter()
                .map(|s| {
                    let mut full = vec![usize::MAX; vars.len()];
                    for (k, pos) in positions.iter().enumerate() {
                        full[*pos] = s[k];
                    }
                    full
                })
                .collect();
            exhausted = true;
            solved_without_broken = true;
        }
    }
    // In an inconsistent table: per row, every split of its digits (not only
    // those its own total allows), for the cells they agree on and the rules
    // no reading can satisfy.
    let every: Vec<Option<SplitList>> = vars
        .iter()
        .map(|v| {
            if !inconsistent {
                return None;
            }
            let all = all_splits(&v.raw.values, shape, CANDIDATE_LIMIT);
            all.complete.then_some(all.splits)
        })
        .collect();
    if inconsistent {
        proven_failures(text, &vars, &every, &rules, &usable, &known, diags);
    }

    for (i, var) in vars.iter().enumerate() {
        let path = Path::Requests {
            row: var.row,
            column: None,
        };
        let first = solutions.first().map(|s| s[i]).filter(|k| *k != usize::MAX);
        let decided = first.filter(|k| exhausted && solutions.iter().all(|s| s[i] == *k));
        if let Some(k) = decided {
            fill(table, var.row, var.raw, &var.candidates[k], diags);
            let mut d = glued_diag(Code::ParseGluedRecovered, path, text, var.raw, Vec::new());
            d.rules.push(Code::RequestsRowTotal);
            if var.candidates.len() > 1 {
                for (rule, ok) in rules.iter().zip(&usable) {
                    let touches = rule.cells().any(|(r, _)| r == var.row);
                    if *ok && touches && !d.rules.contains(&rule.code) {
                        d.rules.push(rule.code);
                    }
                }
            }
            diags.push(d);
            continue;
        }
        for column in columns {
            *table.row_mut(var.row).get_mut(*column) = unreadable_run(text, var.raw);
        }
        let d = if inconsistent && (!solved_without_broken || broken[i]) {
            // cells equal in every split of the digits are certain
            if let Some(all) = &every[i] {
                for (ci, cut) in agreed(all.iter(), &var.raw.values, n)
                    .into_iter()
                    .enumerate()
                {
                    if let Some(cut) = cut {
                        fill_cut(table, var.row, var.raw, ci, cut, diags);
                    }
                }
            }
            // closest: the splits that satisfy the row's own total, else any split
            let mut closest: Vec<Vec<Number>> = var
                .candidates
                .iter()
                .take(SHOWN_CANDIDATES)
                .map(|c| numbers(c, &var.raw.values))
                .collect();
            if closest.is_empty() {
                let any = all_splits(&var.raw.values, shape, SHOWN_CANDIDATES);
                closest = any
                    .splits
                    .iter()
                    .map(|c| numbers(c, &var.raw.values))
                    .collect();
            }
            glued_diag(Code::ParseGluedInconsistent, path, text, var.raw, closest)
        } else {
            let mut distinct: Vec<usize> = solutions.iter().map(|s| s[i]).collect();
            distinct.sort_unstable();
            distinct.dedup();
            if !exhausted || distinct.is_empty() {
                distinct = (0..var.candidates.len()).collect();
            }
            let shown = distinct
                .iter()
                .take(SHOWN_CANDIDATES)
                .map(|k| numbers(&var.candidates[*k], &var.raw.values))
                .collect();
            glued_diag(Code::ParseGluedAmbiguous, path, text, var.raw, shown)
        };
        diags.push(d);
    }
}

/// Table 三's cells that hold a number (not negative), by row and column
/// index: what the joint search takes as given. Dense: the search looks
/// them up at every node.
struct Known {
    columns: usize,
    values: Vec<Option<u64>>,
}

impl Known {
    fn of(table: &Requests, columns: &[RequestColumn]) -> Known {
        let mut values = vec![None; RequestRow::ALL.len() * columns.len()];
        for (row, cells) in &table.rows {
            for (ci, column) in columns.iter().enumerate() {
                values[row.index() * columns.len() + ci] = cells
                    .get(*column)
                    .and_then(|c| c.value())
                    .and_then(|v| u64::try_from(*v).ok());
            }
        }
        Known {
            columns: columns.len(),
            values,
        }
    }

    fn get(&self, (row, ci): (RequestRow, usize)) -> Option<u64> {
        if ci >= self.columns {
            return None;
        }
        self.values
            .get(row.index() * self.columns + ci)
            .copied()
            .flatten()
    }
}

/// Runs the joint search over `vars`: which rules are usable, the
/// solutions (a candidate index per var), whether a budget stopped it.
fn run_joint(
    vars: &[Var<'_, '_>],
    rules: &[Rule],
    known: &Known,
    n: usize,
) -> (Vec<bool>, Vec<Vec<usize>>, bool) {
    // the row each var is of, as a dense table
    let mut var_of = [None; RequestRow::ALL.len()];
    for (i, v) in vars.iter().enumerate() {
        var_of[v.row.index()] = Some(i);
    }
    let usable: Vec<bool> = rules
        .iter()
        .map(|r| {
            r.cells()
                .all(|cell| var_of[cell.0.index()].is_some() || known.get(cell).is_some())
        })
        .collect();
    // per variable, `n` columns
    let mut bounds = Vec::with_capacity(vars.len() * n);
    for v in vars {
        bounds.extend((0..n).map(|ci| {
            v.candidates
                .iter()
                .try_fold(None, |acc: Option<(u64, u64)>, c| {
                    let x = c[ci].value?;
                    Some(Some(acc.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x)))))
                })?
        }));
    }
    // each side: its decided cells summed once, its variables' cells kept
    let mut terms = Vec::new();
    let mut side = |cells: &mut dyn Iterator<Item = (RequestRow, usize)>| {
        let start = terms.len();
        let mut sum = 0u64;
        for (row, ci) in cells {
            match var_of[row.index()] {
                Some(i) => terms.push((i, ci)),
                // a usable rule's other cells are numbers
                None => sum = sum.saturating_add(known.get((row, ci)).unwrap_or(0)),
            }
        }
        Side {
            known: sum,
            vars: start..terms.len(),
        }
    };
    let mut sides = Vec::new();
    for (r, _) in rules.iter().zip(&usable).filter(|(_, u)| **u) {
        let lhs = side(&mut r.lhs());
        let rhs = side(&mut r.rhs());
        sides.push((lhs, rhs));
    }
    let mut touched_by = Vec::with_capacity(vars.len());
    let mut touching = Vec::new();
    for i in 0..vars.len() {
        let start = touching.len();
        for (r, (lhs, rhs)) in sides.iter().enumerate() {
            let reads = |s: &Side| terms[s.vars.clone()].iter().any(|t| t.0 == i);
            if reads(lhs) || reads(rhs) {
                touching.push(r);
            }
        }
        touched_by.push(start..touching.len());
    }
    let mut joint = Joint {
        vars,
        usable,
        bounds,
        columns: n,
        sides,
        terms,
        touched_by,
        touching,
        assignment: vec![None; vars.len()],
        solutions: Vec::new(),
        nodes: 0,
        stopped: false,
    };
    joint.search(0, None);
    (joint.usable, joint.solutions, joint.stopped)
}

/// Most distinct sums tracked per rule side when proving a failure.
const SUM_LIMIT: usize = 4_096;

/// The values one side of a rule can take: sums over its cells, each cell
/// taking any value the splits of its row allow. `None` when a cell is not
/// a number in some split, or the set grew past [`SUM_LIMIT`].
fn side_sums(
    cells: impl Iterator<Item = (RequestRow, usize)>,
    value_sets: &dyn Fn(RequestRow, usize) -> Option<Vec<u64>>,
) -> Option<std::collections::BTreeSet<u64>> {
    let mut sums = std::collections::BTreeSet::from([0u64]);
    for (row, ci) in cells {
        let values = value_sets(row, ci)?;
        if sums.len().saturating_mul(values.len()) > 64 * SUM_LIMIT {
            return None;
        }
        let mut next = std::collections::BTreeSet::new();
        for s in &sums {
            for v in &values {
                next.insert(s.checked_add(*v)?);
            }
        }
        if next.len() > SUM_LIMIT {
            return None;
        }
        sums = next;
    }
    Some(sums)
}

/// Reports the rules of an inconsistent glued table that fail in every
/// reading of its digits: a row total no split of the row satisfies, an
/// outcome total or balance whose two sides can never meet (each cell
/// ranging over the values its row's splits give it — a relaxation, so a
/// failure found is certain).
fn proven_failures(
    text: &str,
    vars: &[Var<'_, '_>],
    every: &[Option<SplitList>],
    rules: &[Rule],
    usable: &[bool],
    known: &Known,
    diags: &mut Vec<Diagnostic>,
) {
    let proven = |code: Code, path: Path, raw: String, span: Option<Span>| {
        let mut d = Diagnostic::new(code, Kind::Violation, path);
        d.proven_by_text = true;
        d.span = span;
        d.raw = Some(raw);
        d
    };
    // a proof needs readings to range over: a run no split can fill at all
    // (more digits than its cells can hold) proves nothing, it is damage
    for (var, all) in vars.iter().zip(every) {
        if all.as_ref().is_some_and(|a| !a.is_empty()) && var.complete && var.candidates.is_empty()
        {
            let span = var.raw.values_span();
            let raw = span.map_or_else(String::new, |s| text[s.start..s.end].to_owned());
            diags.push(proven(
                Code::RequestsRowTotal,
                Path::request(var.row, RequestColumn::Total),
                raw,
                span,
            ));
        }
    }
    let index: BTreeMap<RequestRow, usize> =
        vars.iter().enumerate().map(|(i, v)| (v.row, i)).collect();
    let value_sets = |row: RequestRow, ci: usize| -> Option<Vec<u64>> {
        match index.get(&row) {
            Some(&i) => {
                let all = every[i].as_ref().filter(|a| !a.is_empty())?;
                let mut v: Vec<u64> = all
                    .iter()
                    .map(|s| s.get(ci).and_then(|c| c.value))
                    .collect::<Option<Vec<u64>>>()?;
                v.sort_unstable();
                v.dedup();
                Some(v)
            }
            None => known.get((row, ci)).map(|v| vec![v]),
        }
    };
    for (rule, ok) in rules.iter().zip(usable) {
        let touches_var = rule.cells().any(|(r, _)| index.contains_key(&r));
        if !ok || !touches_var {
            continue;
        }
        let (Some(l), Some(r)) = (
            side_sums(rule.lhs(), &value_sets),
            side_sums(rule.rhs(), &value_sets),
        ) else {
            continue;
        };
        if l.is_disjoint(&r) {
            let rows: Vec<&RawRow<'_>> = rule
                .cells()
                .filter_map(|(row, _)| index.get(&row).map(|i| vars[*i].raw))
                .collect();
            let span = rows
                .iter()
                .filter_map(|r| r.values_span())
                .reduce(Span::join);
            let raw = rows
                .iter()
                .filter_map(|r| r.values_span())
                .map(|s| &text[s.start..s.end])
                .collect::<Vec<_>>()
                .join(" | ");
            diags.push(proven(rule.code, rule.path, raw, span));
        }
    }
}

/// Table 四 from glued text: one split is certain; several are narrowed by
/// the three group totals. When no split satisfies all three, a group total
/// no split satisfies is a violation proven by the text, the cells equal in
/// every split are filled, and the rest is unreadable.
pub(super) fn solve_appeals(
    text: &str,
    values: &[Field<'_>],
    paths: &[Path],
    diags: &mut Vec<Diagnostic>,
) -> Appeals {
    const CODES: [Code; 3] = [
        Code::AppealsReviewTotal,
        Code::AppealsDirectSuitTotal,
        Code::AppealsSuitAfterReviewTotal,
    ];
    let mut table = Appeals::default();
    let row = RawRow {
        fragments: Vec::new(),
        own: String::new(),
        own_span: None,
        label_span: None,
        values: values.to_vec(),
        delimited: false,
        values_alone: false,
        flattened: true,
        closed: false,
    };
    let shape = Shape::counts(15);
    let fill_cut = |table: &mut Appeals, i: usize, cut: &Cut, diags: &mut Vec<Diagnostic>| {
        if let Path::Appeals {
            group,
            column: Some(c),
        } = paths[i]
        {
            *table.group_mut(group).get_mut(c) =
                count_cell(Some(cut.field(values)), paths[i], diags);
        }
    };
    let path = Path::Table(TableId::Appeals);
    if let Some(d) = too_few_digits(&row, path, 15, || paths.to_vec()) {
        diags.push(d);
        return table;
    }
    let all = all_splits(values, shape, 2);
    if all.complete && all.splits.len() == 1 {
        for (i, cut) in all.splits[0].iter().enumerate() {
            fill_cut(&mut table, i, cut, diags);
        }
        return table;
    }
    let group_holds = |v: &[Option<u64>], g: usize| {
        v.len() != 5 * (g + 1) || sum_holds(v, 5 * g..5 * g + 4, 5 * g + 4)
    };
    let pinned = splits(values, shape, 64, &mut |v| {
        (0..3).all(|g| group_holds(v, g))
    });
    if pinned.complete && pinned.splits.len() == 1 {
        for (i, cut) in pinned.splits[0].iter().enumerate() {
            fill_cut(&mut table, i, cut, diags);
        }
        let mut d = glued_diag(Code::ParseGluedRecovered, path, text, &row, Vec::new());
        d.rules = CODES.to_vec();
        diags.push(d);
        return table;
    }
    for (g, c, _) in Appeals::default().cells() {
        *table.group_mut(g).get_mut(c) = unreadable_run(text, &row);
    }
    let d = if pinned.complete && pinned.splits.is_empty() {
        // no split satisfies the three totals: what every split says is
        // certain (found without enumerating the splits)
        let every = common_cells(values, shape);
        for (i, cut) in every.agreed.iter().enumerate() {
            if let Some(cut) = cut {
                fill_cut(&mut table, i, cut, diags);
            }
        }
        // a group total no split satisfies is proven broken; looked for
        // when the splits are few enough for each search to end
        if every.count < AGREEMENT_LIMIT {
            for (g, code) in CODES.iter().enumerate() {
                let one = splits(values, shape, 1, &mut |v| group_holds(v, g));
                if one.complete && one.splits.is_empty() {
                    let mut f = Diagnostic::new(*code, Kind::Violation, paths[5 * g + 4]);
                    f.proven_by_text = true;
                    f.span = row.values_span();
                    f.raw = f.span.map(|s| text[s.start..s.end].to_owned());
                    diags.push(f);
                }
            }
        }
        let shown = all_splits(values, shape, SHOWN_CANDIDATES);
        glued_diag(
            Code::ParseGluedInconsistent,
            path,
            text,
            &row,
            shown.splits.iter().map(|c| numbers(c, values)).collect(),
        )
    } else {
        let shown = pinned
            .splits
            .iter()
            .take(SHOWN_CANDIDATES)
            .map(|c| numbers(c, values))
            .collect();
        glued_diag(Code::ParseGluedAmbiguous, path, text, &row, shown)
    };
    diags.push(d);
    table
}

/// A figure the report's prose states for a table-二 cell
/// (`制发行政规范性文件62件`, `废止4件`, `现行有效118件`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Stated {
    pub row: ProactiveRow,
    pub column: ProactiveColumn,
    pub value: u64,
    pub span: Span,
}

/// A finding about a figure the prose states.
fn stated_diag(code: Code, text: &str, r: ProactiveRow, s: &Stated) -> Diagnostic {
    let mut d = Diagnostic::new(code, Kind::Parse, Path::proactive(r, s.column));
    d.span = Some(s.span);
    d.raw = Some(text[s.span.start..s.span.end].to_owned());
    d.found = Some(Number::Count(i128::from(s.value)));
    d
}

/// A glued row of table 二. The table has no totals: a run is split only
/// when one split is possible, or when the figures the report's prose states
/// for the row agree with exactly one split. A stated figure that fits no
/// split shows the prose is not a copy of the table: it decides nothing.
/// Cells equal in every remaining split are filled.
pub(super) fn glued_proactive(
    text: &str,
    table: &mut Proactive,
    r: ProactiveRow,
    row: &RawRow<'_>,
    stated: &[Stated],
    diags: &mut Vec<Diagnostic>,
) {
    let columns = Proactive::columns(table.edition(), r);
    let n = columns.len();
    let shape = Shape {
        n,
        money: columns.contains(&ProactiveColumn::Amount),
        signed: columns
            .iter()
            .position(|c| *c == ProactiveColumn::ItemsChange),
    };
    let row_path = Path::Proactive {
        row: r,
        column: None,
    };
    let paths: Vec<Path> = columns.iter().map(|c| Path::proactive(r, *c)).collect();
    if let Some(d) = too_few_digits(row, row_path, n, || paths.clone()) {
        diags.push(d);
        return;
    }
    let all = all_splits(&row.values, shape, 5_000);
    if all.complete && all.splits.len() == 1 {
        for (c, cut) in columns.iter().zip(&all.splits[0]) {
            set_proactive_cell(table, r, *c, Some(cut.field(&row.values)), diags);
        }
        return;
    }
    let mut remaining: Vec<&[Cut]> = all.splits.iter().collect();
    // a figure for a column the table's edition does not have (`制作` in a
    // 2021 table) speaks of no cell of it
    let mine: Vec<&Stated> = stated
        .iter()
        .filter(|s| s.row == r && columns.contains(&s.column))
        .collect();
    let mut used: Vec<&Stated> = Vec::new();
    if all.complete && !mine.is_empty() {
        let fits = |s: &Stated, split: &[Cut]| {
            columns
                .iter()
                .position(|c| *c == s.column)
                .is_some_and(|i| split[i].value == Some(s.value))
        };
        let misfit: Vec<&&Stated> = mine
            .iter()
            .filter(|s| !all.splits.iter().any(|split| fits(s, split)))
            .collect();
        if misfit.is_empty() {
            remaining.retain(|split| mine.iter().all(|s| fits(s, split)));
            used = mine.clone();
        } else {
            for s in misfit {
                diags.push(stated_diag(Code::ParseStatedMismatch, text, r, s));
            }
        }
    }
    for s in &used {
        diags.push(stated_diag(Code::ParseGluedStated, text, r, s));
    }
    let agree = if all.complete {
        agreed(remaining.iter().copied(), &row.values, n)
    } else {
        vec![None; n]
    };
    if agree.iter().all(Option::is_some) {
        for (c, cut) in columns.iter().zip(agree.into_iter().flatten()) {
            set_proactive_cell(table, r, *c, Some(cut.field(&row.values)), diags);
        }
        return;
    }
    let run = row.values_span();
    for (c, cut) in columns.iter().zip(&agree) {
        if let Some(cut) = cut {
            set_proactive_cell(table, r, *c, Some(cut.field(&row.values)), diags);
            continue;
        }
        if let (Some(span), Some(cell)) = (run, table.get_mut(r, *c)) {
            let raw = &text[span.start..span.end];
            match cell {
                CellMut::Count(cell) => *cell = Cell::unreadable(raw, span),
                CellMut::Money(cell) => *cell = Cell::unreadable(raw, span),
            }
        }
    }
    let shown = remaining
        .iter()
        .take(SHOWN_CANDIDATES)
        .map(|c| numbers(c, &row.values))
        .collect();
    let code = if all.complete && all.splits.is_empty() {
        Code::ParseGluedInconsistent
    } else {
        Code::ParseGluedAmbiguous
    };
    diags.push(glued_diag(code, row_path, text, row, shown));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Field<'_> {
        Field {
            text,
            span: Span::new(0, text.len()),
            class: Class::Run,
        }
    }

    #[test]
    fn rows_spelled_alike_are_the_same_texts_read_the_same_way() {
        let a = [run("21710000218")];
        // elsewhere in the input: the same splits, cut at the same places
        let mut b = [run("21710000218")];
        b[0].span = Span::new(400, 411);
        assert!(spelled_alike(&a, &b));
        assert!(!spelled_alike(&a, &[run("21710000219")]));
        assert!(!spelled_alike(&a, &[run("2171000"), run("0218")]));
        // the same text read as a number is another row
        let number = Field {
            class: super::super::text::classify("21710000218"),
            ..a[0]
        };
        assert!(!spelled_alike(&a, &[number]));
    }

    #[test]
    fn the_row_total_bounds_the_cells_before_it() {
        // `21710000218` into seven cells: 217 | 1 | 0 | 0 | 0 | 0 | 218
        let values = [run("21710000218")];
        let total = LastCell::of(&values);
        // after `217`, 8 characters are left for 6 cells: the total has at
        // most 3 digits (at most 218), and 217 may still sum to it
        assert!(total.may_hold(&[Some(217)], 8, 7));
        // after `2171`, 7 are left: the total has at most 2 digits (18)
        assert!(!total.may_hold(&[Some(2171)], 7, 7));
        // every cell cut: the row's own rule decides
        assert!(total.may_hold(&[Some(9); 7], 0, 7));
        // a last number field is the total itself
        let fixed = [
            run("2171000"),
            Field {
                text: "218",
                span: Span::new(8, 11),
                class: super::super::text::classify("218"),
            },
        ];
        let total = LastCell::of(&fixed);
        assert!(total.may_hold(&[Some(217), Some(1)], 5, 7));
        assert!(!total.may_hold(&[Some(217), Some(10)], 4, 7));
        // the pinned search finds the one split, as without the bound
        let pinned = splits_with_room(&values, Shape::counts(7), 100, &mut |v, room| {
            (v.len() < 7 || sum_holds(v, 0..6, 6)) && LastCell::of(&values).may_hold(v, room, 7)
        });
        assert_eq!(pinned.splits.len(), 1);
        assert!(pinned.complete);
    }
}
