//! Solving glued rows: text without cell separators, where a digit run is
//! the digits of several cells. The splits come from `glued`; this module
//! decides between them with the tables' arithmetic and writes the cells
//! and findings.

use std::collections::BTreeMap;

use super::align::{RawRow, count_cell, set_proactive_cell};
use super::glued::{Cut, splits, sum_holds};
use super::lines::Field;
use super::text::Class;
use crate::diagnostic::{Code, Diagnostic, Kind, Number};
use crate::model::appeals::Appeals;
use crate::model::cell::{Cell, Span};
use crate::model::keys::{ProactiveRow, RequestColumn, RequestRow, TableId};
use crate::model::path::Path;
use crate::model::proactive::{CellMut, Proactive};
use crate::model::requests::Requests;
/// A row of space-separated text whose only value is one run of plain digits
/// at least as long as the row has cells (`一、本年新收… 21710000218` for
/// seven cells): the digits of several cells glued together. Returns the
/// row with that value marked as a run.
pub(super) fn lone_run<'a>(row: &RawRow<'a>, n: usize) -> Option<RawRow<'a>> {
    let [only] = row.values.as_slice() else {
        return None;
    };
    let plain = only
        .text
        .chars()
        .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    if n < 2 || row.delimited || !plain || only.text.chars().count() < n {
        return None;
    }
    let mut glued = row.clone();
    glued.values[0].class = Class::Run;
    Some(glued)
}

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

/// A linear rule over table-三 cells, `(row, column index)`: sum(lhs) = sum(rhs).
struct Rule {
    code: Code,
    lhs: Vec<(RequestRow, usize)>,
    rhs: Vec<(RequestRow, usize)>,
}

/// A glued table-三 row whose run splits in more than one way.
struct Var<'r, 'a> {
    row: RequestRow,
    raw: &'r RawRow<'a>,
    /// Splits that satisfy the row's own total.
    candidates: Vec<Vec<Cut>>,
    complete: bool,
}

/// The joint search over the undecided rows.
struct Joint<'v, 'r, 'a> {
    vars: &'v [Var<'r, 'a>],
    rules: Vec<Rule>,
    /// A rule is usable when each of its cells is a number or a variable.
    usable: Vec<bool>,
    /// Numbers of the decided cells, by `(row index, column index)`.
    known: BTreeMap<(RequestRow, usize), u64>,
    var_of: BTreeMap<RequestRow, usize>,
    /// Per variable and column: the least and greatest candidate value.
    bounds: Vec<Vec<Option<(u64, u64)>>>,
    assignment: Vec<Option<usize>>,
    solutions: Vec<Vec<usize>>,
    nodes: usize,
    /// The budget or the solution limit stopped the search.
    stopped: bool,
}

impl Joint<'_, '_, '_> {
    const SOLUTION_LIMIT: usize = 64;
    const NODE_BUDGET: usize = 200_000;

    /// The range a cell can still take: exact when decided, the extremes of
    /// the candidates when not; `None` when the cell is not a whole number.
    fn range(&self, row: RequestRow, ci: usize) -> Option<(u64, u64)> {
        match self.var_of.get(&row) {
            Some(&i) => match self.assignment[i] {
                Some(k) => self.vars[i].candidates[k][ci].value.map(|v| (v, v)),
                None => self.bounds[i][ci],
            },
            None => self.known.get(&(row, ci)).map(|v| (*v, *v)),
        }
    }

    /// Every usable rule can still hold: the ranges of its two sides overlap
    /// (all values are non-negative, so partial sums bound the totals).
    fn consistent(&self) -> bool {
        self.rules.iter().zip(&self.usable).all(|(rule, usable)| {
            let side = |cells: &[(RequestRow, usize)]| -> Option<(u64, u64)> {
                cells.iter().try_fold((0u64, 0u64), |(lo, hi), (r, c)| {
                    let (a, b) = self.range(*r, *c)?;
                    Some((lo + a, hi + b))
                })
            };
            if !usable {
                return true;
            }
            match (side(&rule.lhs), side(&rule.rhs)) {
                (Some((l0, l1)), Some((r0, r1))) => l0 <= r1 && r0 <= l1,
                _ => true,
            }
        })
    }

    fn search(&mut self, depth: usize) {
        self.nodes += 1;
        if self.nodes > Self::NODE_BUDGET || self.solutions.len() >= Self::SOLUTION_LIMIT {
            self.stopped = true;
            return;
        }
        if !self.consistent() {
            return;
        }
        if depth == self.vars.len() {
            let s = self.assignment.iter().map(|a| a.unwrap_or(0)).collect();
            self.solutions.push(s);
            return;
        }
        for k in 0..self.vars[depth].candidates.len() {
            self.assignment[depth] = Some(k);
            self.search(depth + 1);
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
/// several leave the undecided rows unreadable (`parse.glued_ambiguous`);
/// none leaves every undecided row unreadable (`parse.glued_inconsistent`).
pub(super) fn solve_requests(
    text: &str,
    table: &mut Requests,
    columns: &[RequestColumn],
    rows: &[(RequestRow, &RawRow<'_>)],
    diags: &mut Vec<Diagnostic>,
) {
    const CANDIDATE_LIMIT: usize = 5_000;
    let n = columns.len();
    let row_ok = |v: &[Option<u64>]| -> bool {
        if n == 8 && v.len() == 7 {
            return sum_holds(v, 1..6, 6);
        }
        v.len() < n || sum_holds(v, 0..6, n - 1)
    };
    let fill = |table: &mut Requests,
                row: RequestRow,
                raw: &RawRow<'_>,
                cuts: &[Cut],
                diags: &mut Vec<Diagnostic>| {
        for (column, cut) in columns.iter().zip(cuts) {
            let path = Path::request(row, *column);
            *table.row_mut(row).get_mut(*column) =
                count_cell(Some(cut.field(&raw.values)), path, diags);
        }
    };
    let mut vars: Vec<Var<'_, '_>> = Vec::new();
    for (row, raw) in rows {
        let all = splits(&raw.values, n, false, 2, &mut |_| true);
        if all.complete && all.splits.len() == 1 {
            fill(table, *row, raw, &all.splits[0], diags);
            continue;
        }
        let pinned = splits(&raw.values, n, false, CANDIDATE_LIMIT, &mut |v| row_ok(v));
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
    let mut rules = Vec::new();
    for ci in 0..n {
        rules.push(Rule {
            code: Code::RequestsOutcomeTotal,
            lhs: outcome.iter().map(|r| (*r, ci)).collect(),
            rhs: vec![(RequestRow::OutcomeTotal, ci)],
        });
        rules.push(Rule {
            code: Code::RequestsBalance,
            lhs: vec![(RequestRow::NewReceived, ci), (RequestRow::CarriedOver, ci)],
            rhs: vec![
                (RequestRow::OutcomeTotal, ci),
                (RequestRow::CarriedForward, ci),
            ],
        });
    }
    let var_of: BTreeMap<RequestRow, usize> =
        vars.iter().enumerate().map(|(i, v)| (v.row, i)).collect();
    let mut known = BTreeMap::new();
    for (row, cells) in &table.rows {
        for (ci, column) in columns.iter().enumerate() {
            if let Some(v) = cells
                .get(*column)
                .and_then(|c| c.value())
                .and_then(|v| u64::try_from(*v).ok())
            {
                known.insert((*row, ci), v);
            }
        }
    }
    let usable = rules
        .iter()
        .map(|r| {
            r.lhs
                .iter()
                .chain(&r.rhs)
                .all(|cell| var_of.contains_key(&cell.0) || known.contains_key(cell))
        })
        .collect();
    let bounds = vars
        .iter()
        .map(|v| {
            (0..n)
                .map(|ci| {
                    v.candidates
                        .iter()
                        .try_fold(None, |acc: Option<(u64, u64)>, c| {
                            let x = c[ci].value?;
                            Some(Some(acc.map_or((x, x), |(lo, hi)| (lo.min(x), hi.max(x)))))
                        })?
                })
                .collect()
        })
        .collect();
    let mut joint = Joint {
        vars: &vars,
        rules,
        usable,
        known,
        var_of,
        bounds,
        assignment: vec![None; vars.len()],
        solutions: Vec::new(),
        nodes: 0,
        stopped: false,
    };
    joint.search(0);
    let Joint {
        rules,
        usable,
        solutions,
        stopped,
        ..
    } = joint;
    // every solution was found: no row's candidates were cut short, nor the search
    let exhausted = !stopped && vars.iter().all(|v| v.complete);

    for (i, var) in vars.iter().enumerate() {
        let path = Path::Requests {
            row: var.row,
            column: None,
        };
        let first = solutions.first().map(|s| s[i]);
        let decided = first.filter(|k| exhausted && solutions.iter().all(|s| s[i] == *k));
        if let Some(k) = decided {
            fill(table, var.row, var.raw, &var.candidates[k], diags);
            let mut d = glued_diag(Code::ParseGluedRecovered, path, text, var.raw, Vec::new());
            d.rules.push(Code::RequestsRowTotal);
            if var.candidates.len() > 1 {
                for (rule, ok) in rules.iter().zip(&usable) {
                    let touches = rule.lhs.iter().chain(&rule.rhs).any(|(r, _)| *r == var.row);
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
        let d = if solutions.is_empty() && exhausted {
            // closest: the splits that satisfy the row's own total, else any split
            let mut closest: Vec<Vec<Number>> = var
                .candidates
                .iter()
                .take(SHOWN_CANDIDATES)
                .map(|c| numbers(c, &var.raw.values))
                .collect();
            if closest.is_empty() {
                let any = splits(&var.raw.values, n, false, SHOWN_CANDIDATES, &mut |_| true);
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

/// Table 四 from glued text: one split is certain; several are narrowed by
/// the three group totals.
pub(super) fn solve_appeals(
    text: &str,
    values: &[Field<'_>],
    paths: &[Path],
    diags: &mut Vec<Diagnostic>,
) -> Appeals {
    let mut table = Appeals::default();
    let row = RawRow {
        fragments: Vec::new(),
        own: String::new(),
        own_span: None,
        label_span: None,
        values: values.to_vec(),
        delimited: false,
        values_alone: false,
    };
    let fill = |table: &mut Appeals, cuts: &[Cut], diags: &mut Vec<Diagnostic>| {
        for (cut, p) in cuts.iter().zip(paths) {
            if let Path::Appeals {
                group,
                column: Some(c),
            } = p
            {
                *table.group_mut(*group).get_mut(*c) =
                    count_cell(Some(cut.field(values)), *p, diags);
            }
        }
    };
    let all = splits(values, 15, false, 2, &mut |_| true);
    if all.complete && all.splits.len() == 1 {
        fill(&mut table, &all.splits[0], diags);
        return table;
    }
    let totals_hold =
        |v: &[Option<u64>]| v.len() % 5 != 0 || sum_holds(v, v.len() - 5..v.len() - 1, v.len() - 1);
    let pinned = splits(values, 15, false, 64, &mut |v| totals_hold(v));
    let path = Path::Table(TableId::Appeals);
    if pinned.complete && pinned.splits.len() == 1 {
        fill(&mut table, &pinned.splits[0], diags);
        let mut d = glued_diag(Code::ParseGluedRecovered, path, text, &row, Vec::new());
        d.rules = vec![
            Code::AppealsReviewTotal,
            Code::AppealsDirectSuitTotal,
            Code::AppealsSuitAfterReviewTotal,
        ];
        diags.push(d);
        return table;
    }
    for (g, c, _) in Appeals::default().cells() {
        *table.group_mut(g).get_mut(c) = unreadable_run(text, &row);
    }
    let d = if pinned.complete && pinned.splits.is_empty() {
        let any = splits(values, 15, false, SHOWN_CANDIDATES, &mut |_| true);
        glued_diag(
            Code::ParseGluedInconsistent,
            path,
            text,
            &row,
            any.splits.iter().map(|c| numbers(c, values)).collect(),
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

/// A glued row of table 二. The table has no totals: a run is split only
/// when one split is possible, or when the report's text states the year's
/// issued count (`制发行政规范性文件62件`) and that fixes the first cell.
pub(super) fn glued_proactive(
    text: &str,
    table: &mut Proactive,
    r: ProactiveRow,
    row: &RawRow<'_>,
    stated: Option<(u64, Span)>,
    diags: &mut Vec<Diagnostic>,
) {
    let columns = Proactive::columns(table.edition(), r);
    let n = columns.len();
    let money = columns.contains(&crate::ProactiveColumn::Amount);
    let all = splits(&row.values, n, money, 5_000, &mut |_| true);
    if all.complete && all.splits.len() == 1 {
        for (c, cut) in columns.iter().zip(&all.splits[0]) {
            set_proactive_cell(table, r, *c, Some(cut.field(&row.values)), diags);
        }
        return;
    }
    let mut first_fixed = false;
    let mut remaining: Vec<&Vec<Cut>> = all.splits.iter().collect();
    if let Some((value, span)) = stated {
        let with: Vec<&Vec<Cut>> = all
            .splits
            .iter()
            .filter(|s| s[0].value == Some(value))
            .collect();
        if all.complete && !with.is_empty() {
            let mut d = Diagnostic::new(
                Code::ParseGluedStated,
                Kind::Parse,
                Path::proactive(r, columns[0]),
            );
            d.span = Some(span);
            d.raw = Some(text[span.start..span.end].to_owned());
            d.found = Some(Number::Count(i128::from(value)));
            diags.push(d);
            set_proactive_cell(
                table,
                r,
                columns[0],
                Some(with[0][0].field(&row.values)),
                diags,
            );
            first_fixed = true;
            if with.len() == 1 {
                for (c, cut) in columns.iter().zip(with[0]).skip(1) {
                    set_proactive_cell(table, r, *c, Some(cut.field(&row.values)), diags);
                }
                return;
            }
            remaining = with;
        }
    }
    let run = row.values_span();
    for c in columns.iter().skip(usize::from(first_fixed)) {
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
    diags.push(glued_diag(
        code,
        Path::Proactive {
            row: r,
            column: None,
        },
        text,
        row,
        shown,
    ));
}
