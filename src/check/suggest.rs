//! Suggestions for failed sums: a number the extraction broke in two
//! (`1288` → `12 | 88`), or two numbers it glued into one cell. A suggestion
//! is attached to the failure and never applied.

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Kind, Number};
use crate::model::cell::Cell;
use crate::model::keys::{AppealColumn, AppealGroup, RequestColumn, TableId};
use crate::model::path::Path;
use crate::model::proactive::CellRef;
use crate::model::report::Report;

pub use crate::diagnostic::{Suggestion, SuggestionKind};

/// Rules whose failures may get suggestions.
fn is_sum_rule(code: Code) -> bool {
    matches!(
        code,
        Code::RequestsRowTotal
            | Code::RequestsOutcomeTotal
            | Code::RequestsBalance
            | Code::RequestsGroupSubtotal
            | Code::AppealsReviewTotal
            | Code::AppealsDirectSuitTotal
            | Code::AppealsSuitAfterReviewTotal
    )
}

/// Most failures examined per report (each costs a few checks per pair).
const MAX_EXAMINED: usize = 24;

fn count_at(report: &Report, path: Path) -> Option<&Cell<i64>> {
    match path {
        // the tables a suggestion edits, looked up directly
        Path::Requests {
            row,
            column: Some(column),
        } => report.requests.as_ref()?.get(row, column),
        Path::Appeals {
            group,
            column: Some(column),
        } => Some(report.appeals.as_ref()?.group(group).get(column)),
        _ => match report.cell(path)? {
            CellRef::Count(c) => Some(c),
            CellRef::Money(_) => None,
        },
    }
}

/// The cells adjacent to `path` in the printed table: the next column in
/// the same row (the total included), the next row in the same column.
fn neighbours(report: &Report, path: Path) -> Vec<Path> {
    let mut out = Vec::new();
    match path {
        Path::Requests {
            row,
            column: Some(column),
        } => {
            let Some(t) = &report.requests else {
                return out;
            };
            let columns: Vec<RequestColumn> = t.columns().collect();
            if let Some(i) = columns.iter().position(|c| *c == column)
                && let Some(next) = columns.get(i + 1)
            {
                out.push(Path::request(row, *next));
            }
            let rows: Vec<_> = t.rows.keys().copied().collect();
            if let Some(i) = rows.iter().position(|r| *r == row)
                && let Some(next) = rows.get(i + 1)
            {
                out.push(Path::request(*next, column));
            }
        }
        Path::Appeals {
            group,
            column: Some(column),
        } => {
            // the 15 cells are one printed row
            let all: Vec<Path> = AppealGroup::ALL
                .iter()
                .flat_map(|g| AppealColumn::ALL.iter().map(move |c| Path::appeal(*g, *c)))
                .collect();
            if let Some(i) = all.iter().position(|p| *p == Path::appeal(group, column))
                && let Some(next) = all.get(i + 1)
            {
                out.push(*next);
            }
        }
        _ => {}
    }
    out
}

/// The number of decimal digits of `v` ≥ 0.
fn digit_count(v: i64) -> u32 {
    v.checked_ilog10().map_or(1, |l| l + 1)
}

#[cfg(test)]
/// The count cell at `path` of table 三 or 四, for writing; `None` for any
/// other path, or a cell the report does not have.
fn count_mut(report: &mut Report, path: Path) -> Option<&mut Cell<i64>> {
    match path {
        Path::Requests {
            row,
            column: Some(column),
        } => {
            let row = report.requests.as_mut()?.rows.get_mut(&row)?;
            if column == RequestColumn::LegalEntitiesSubtotal {
                return row.legal_entities_subtotal.as_mut();
            }
            Some(row.get_mut(column))
        }
        Path::Appeals {
            group,
            column: Some(column),
        } => Some(report.appeals.as_mut()?.group_mut(group).get_mut(column)),
        _ => None,
    }
}

/// The table of a cell path (the edits stay within one table: a cell and
/// its neighbour).
fn table_of(path: Path) -> TableId {
    match path {
        Path::Appeals { .. } => TableId::Appeals,
        Path::Proactive { .. } => TableId::Proactive,
        _ => TableId::Requests,
    }
}

#[cfg(test)]
fn set(report: &mut Report, path: Path, value: Option<i64>) {
    if let Some(c) = count_mut(report, path) {
        *c = value.map_or_else(Cell::blank, Cell::number);
    }
}

/// Violations: code, path, and the cells each read.
type Findings = Vec<(Code, Path, Vec<Path>)>;

fn violations(d: &Diagnostics) -> Findings {
    d.iter()
        .filter(|d| d.kind == Kind::Violation)
        .map(|d| (d.code, d.path, d.operands.iter().map(|o| o.path).collect()))
        .collect()
}

/// The edits to try on a pair: merges and splits of their digits.
fn edits(a: Option<i64>, b: Option<i64>) -> Vec<(SuggestionKind, Option<i64>, Option<i64>)> {
    // the digits as written, by arithmetic: no text is made
    let mut out = Vec::new();
    let (a, b) = (a.filter(|v| *v >= 0), b);
    // merge: a's digits then b's, b emptied
    if let (Some(x), Some(y)) = (a, b.filter(|v| *v >= 0))
        && x != 0
        && y != 0
        && let Some(v) = 10i64
            .checked_pow(digit_count(y))
            .and_then(|p| x.checked_mul(p))
            .and_then(|v| v.checked_add(y))
    {
        out.push((SuggestionKind::Merge, Some(v), None));
    }
    // split: a's digits shared with b, which reads 0 or blank
    if let Some(x) = a
        && b.is_none_or(|v| v == 0)
    {
        let len = digit_count(x);
        for cut in 1..len {
            let right = len - cut; // digits of the right part
            let p = 10i64.pow(right);
            let (l, r) = (x / p, x % p);
            // the right part may not start with 0 (unless it is one digit)
            if right > 1 && r < 10i64.pow(right - 1) {
                continue;
            }
            out.push((SuggestionKind::Split, Some(l), Some(r)));
        }
    }
    out
}

/// Attaches suggestions to the failed sums in `found` (the findings of
/// `check(report)`): for each pair of adjacent cells the failure reads, a
/// merge or split of their digits after which no rule reading either cell
/// fails and no other rule starts failing.
pub(super) fn attach(
    report: &Report,
    found: &mut Diagnostics,
    recheck: impl Fn(&Report, TableId, super::Edits) -> Diagnostics,
) {
    let before = violations(found);
    let mut examined = 0;
    for d in found.0.iter_mut() {
        if d.kind != Kind::Violation || !is_sum_rule(d.code) {
            continue;
        }
        examined += 1;
        if examined > MAX_EXAMINED {
            break;
        }
        d.suggestions = suggestions_for(report, d, &before, &recheck);
    }
}

/// Whether the sum rule `d` (`sum(lhs) == sum(rhs)`; its operands are the
/// left side then the right, whose length the rule fixes) holds after
/// `change`: `(cell, value before, value after)`. A violation read every
/// operand as a number (a blank one as 0, under blank-as-zero).
fn fixes_own_sum(d: &Diagnostic, change: &[(Path, Option<i64>, Option<i64>)]) -> bool {
    let (Some(Number::Count(expected)), Some(Number::Count(found))) = (d.expected, d.found) else {
        return true; // not a count sum: the recheck decides
    };
    let right = if d.code == Code::RequestsBalance {
        2
    } else {
        1
    };
    let split = d.operands.len().saturating_sub(right);
    let (mut lhs, mut rhs) = (expected, found);
    for (path, before, after) in change {
        let delta = i128::from(after.unwrap_or(0)) - i128::from(before.unwrap_or(0));
        if let Some(i) = d.operands.iter().position(|o| o.path == *path) {
            if i < split {
                lhs += delta;
            } else {
                rhs += delta;
            }
        }
    }
    lhs == rhs
}

fn suggestions_for(
    report: &Report,
    d: &Diagnostic,
    before: &Findings,
    recheck: &impl Fn(&Report, TableId, super::Edits) -> Diagnostics,
) -> Vec<Suggestion> {
    let mut out = Vec::new();
    let operands: Vec<Path> = d.operands.iter().map(|o| o.path).collect();
    for a in &operands {
        for b in neighbours(report, *a) {
            let (Some(ca), Some(cb)) = (count_at(report, *a), count_at(report, b)) else {
                continue;
            };
            let (va, vb) = (ca.value().copied(), cb.value().copied());
            if va.is_none() || (vb.is_none() && cb.kind() != crate::CellKind::Blank) {
                continue;
            }
            for (kind, na, nb) in edits(va, vb) {
                // the edit must make this finding's own sum hold first: a
                // candidate that does not is dropped before any recheck
                let change = [(*a, va, na), (b, vb, nb.or(Some(0)))];
                if !fixes_own_sum(d, &change) {
                    continue;
                }
                // an emptied cell counts as 0: the rules must hold, not become unassessable
                let rechecked = recheck(report, table_of(*a), [(*a, na), (b, nb.or(Some(0)))]);
                let after = violations(&rechecked);
                let key = |f: &(Code, Path, Vec<Path>)| (f.0, f.1);
                let mut after_keys: Vec<(Code, Path)> = after.iter().map(key).collect();
                after_keys.extend(
                    rechecked
                        .of_kind(Kind::NotAssessable)
                        .map(|d| (d.code, d.path)),
                );
                // every failure reading either cell is gone, and nothing new fails
                let affected_fixed = before
                    .iter()
                    .filter(|f| f.2.contains(a) || f.2.contains(&b))
                    .all(|f| !after_keys.contains(&key(f)));
                let nothing_new = after
                    .iter()
                    .all(|f| before.iter().any(|g| key(g) == key(f)));
                if affected_fixed && nothing_new {
                    let num = |v: Option<i64>| v.map(|v| Number::Count(i128::from(v)));
                    out.push(Suggestion {
                        kind,
                        cells: [*a, b],
                        before: [num(va), num(vb)],
                        after: [num(na), num(nb)],
                    });
                }
            }
        }
    }
    out.sort_by_key(|s| (s.cells, s.kind as u8));
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::CheckOptions;
    use crate::check::check;
    use crate::model::keys::{Edition, RequestRow};

    fn base() -> Report {
        let mut r = Report::new(Edition::V2021);
        r.set_request_counts(RequestRow::NewReceived, [1288, 0, 0, 0, 0, 0]);
        r.set_request_counts(RequestRow::CarriedOver, [0; 6]);
        r.fill_zero_outcomes();
        r.set_request_counts(RequestRow::Disclosed, [1288, 0, 0, 0, 0, 0]);
        r.derive_outcome_total();
        r.set_request_counts(RequestRow::CarriedForward, [0; 6]);
        r.set_appeal_counts(AppealGroup::Review, [0; 4]);
        r.set_appeal_counts(AppealGroup::DirectSuit, [0; 4]);
        r.set_appeal_counts(AppealGroup::SuitAfterReview, [0; 4]);
        r
    }

    fn set_cell(r: &mut Report, row: RequestRow, col: RequestColumn, v: Option<i64>) {
        set(r, Path::request(row, col), v);
    }

    /// The edits as the digits written out spell them.
    fn edits_by_text(
        a: Option<i64>,
        b: Option<i64>,
    ) -> Vec<(SuggestionKind, Option<i64>, Option<i64>)> {
        let digits = |v: i64| (v >= 0).then(|| v.to_string());
        let mut out = Vec::new();
        let (da, db) = (a.and_then(digits), b.and_then(digits));
        if let (Some(x), Some(y)) = (&da, &db)
            && y != "0"
            && x != "0"
            && let Ok(v) = format!("{x}{y}").parse::<i64>()
        {
            out.push((SuggestionKind::Merge, Some(v), None));
        }
        if let Some(x) = &da
            && b.is_none_or(|v| v == 0)
        {
            for cut in 1..x.len() {
                let (l, r) = x.split_at(cut);
                if r.len() > 1 && r.starts_with('0') {
                    continue;
                }
                out.push((SuggestionKind::Split, l.parse().ok(), r.parse().ok()));
            }
        }
        out
    }

    #[test]
    fn edits_are_the_digits_as_written() {
        let values = [
            None,
            Some(-12),
            Some(0),
            Some(1),
            Some(9),
            Some(10),
            Some(12),
            Some(100),
            Some(105),
            Some(1288),
            Some(20_000),
            Some(1_000_000_007),
            Some(922_337_203_685_477_580),
            Some(i64::MAX),
        ];
        for a in values {
            for b in values {
                assert_eq!(edits(a, b), edits_by_text(a, b), "{a:?} {b:?}");
            }
        }
    }

    #[test]
    fn a_number_broken_in_two_is_suggested_as_a_merge() {
        let mut r = base();
        // 1288 read as 12 | 88 in the 予以公开 row
        set_cell(
            &mut r,
            RequestRow::Disclosed,
            RequestColumn::NaturalPerson,
            Some(12),
        );
        set_cell(
            &mut r,
            RequestRow::Disclosed,
            RequestColumn::Commercial,
            Some(88),
        );
        let d = check(&r, &CheckOptions::default());
        let row_total = d
            .with_code(Code::RequestsRowTotal)
            .next()
            .expect("the row fails");
        assert_eq!(
            row_total.suggestions.len(),
            1,
            "{:#?}",
            row_total.suggestions
        );
        let s = &row_total.suggestions[0];
        assert_eq!(s.kind, SuggestionKind::Merge);
        assert_eq!(s.cells[0].to_string(), "requests.disclosed.natural_person");
        assert_eq!(s.after, [Some(Number::Count(1288)), None]);
        // the report itself is unchanged
        assert_eq!(
            r.requests
                .as_ref()
                .unwrap()
                .get(RequestRow::Disclosed, RequestColumn::NaturalPerson)
                .unwrap()
                .value(),
            Some(&12)
        );
    }

    #[test]
    fn two_numbers_glued_into_one_cell_are_suggested_as_a_split() {
        let mut r = base();
        // the outcome total column: 1288 | blank where 1288 should be 128 | 8 … and 8 belongs to 结转
        r.set_request_counts(RequestRow::NewReceived, [130, 0, 0, 0, 0, 0]);
        r.set_request_counts(RequestRow::Disclosed, [128, 0, 0, 0, 0, 0]);
        r.derive_outcome_total();
        r.set_request_counts(RequestRow::CarriedForward, [2, 0, 0, 0, 0, 0]);
        assert_eq!(
            check(&r, &CheckOptions::default())
                .of_kind(Kind::Violation)
                .count(),
            0
        );
        // 总计 column of 予以公开 glued to the next row's total
        set_cell(
            &mut r,
            RequestRow::Disclosed,
            RequestColumn::Total,
            Some(1280),
        );
        set_cell(
            &mut r,
            RequestRow::PartiallyDisclosed,
            RequestColumn::Total,
            None,
        );
        let d = check(&r, &CheckOptions::default());
        let s: Vec<_> = d.iter().flat_map(|d| d.suggestions.iter()).collect();
        assert!(
            s.iter().any(|s| s.kind == SuggestionKind::Split
                && s.cells[0].to_string() == "requests.disclosed.total"
                && s.after == [Some(Number::Count(128)), Some(Number::Count(0))]),
            "{s:#?}"
        );
    }

    #[test]
    fn no_suggestion_when_no_edit_fixes_the_rule() {
        let mut r = base();
        set_cell(
            &mut r,
            RequestRow::Disclosed,
            RequestColumn::NaturalPerson,
            Some(7),
        );
        let d = check(&r, &CheckOptions::default());
        assert!(d.iter().all(|d| d.suggestions.is_empty()), "{d:#?}");
        assert!(d.has_errors());
    }
}
