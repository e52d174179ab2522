//! The aligner: maps rows of fields to the typed model. Labels to row keys,
//! fields to columns, and every number either placed in a cell or reported.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::glued::Shape;
use super::labels::{
    group_debris, is_appeal_header, is_request_header, match_proactive_row, match_request_prefix,
    match_request_row, request_label_distance,
};
use super::lines::{Field, Line};
use super::solve::{Stated, glued_proactive, glued_view, solve_appeals, solve_requests};
use super::text::{Class, classify, is_cell_text, is_money_unit, key, push_key};
use crate::diagnostic::{Code, Diagnostic, Kind, Number, Operand};
use crate::model::appeals::Appeals;
use crate::model::cell::{Cell, CellKind, CellState, Source, Span};
use crate::model::keys::{
    AppealColumn, AppealGroup, Edition, ProactiveRow, RequestColumn, RequestRow, TableId,
};
use crate::model::path::Path;
use crate::model::proactive::{CellMut, Proactive};
use crate::model::requests::{OtherHandlingLayout, Requests};

/// A table region: its lines and whether the input ends inside it.
pub(crate) struct Region<'a> {
    /// The text the region lies in, and where.
    pub input: &'a str,
    pub start: usize,
    pub end: usize,
    /// No later section heading follows: the text may be cut inside the table.
    pub open_ended: bool,
}

impl<'a> Region<'a> {
    /// The region's lines, read afresh on each call: a region's lines and
    /// their fields are never all held at once.
    pub fn lines(&self) -> impl Iterator<Item = Line<'a>> + 'a {
        super::lines::line_iter(self.input, self.start, self.end)
    }
}

/// A row assembled from one line plus any label fragments before it.
#[derive(Clone)]
pub(super) struct RawRow<'a> {
    /// Keys of the label-only lines before the row's line (wrapped labels,
    /// vertical group labels, header debris), in order.
    pub(super) fragments: Vec<String>,
    /// Key of the label on the row's own line.
    pub(super) own: String,
    /// Span of the row's own label, when its line has one.
    pub(super) own_span: Option<Span>,
    /// Span of the whole label, fragments included.
    pub(super) label_span: Option<Span>,
    pub(super) values: Vec<Field<'a>>,
    pub(super) delimited: bool,
    /// The values came from lines holding nothing else (one cell per line,
    /// or a value line below its wrapped label).
    pub(super) values_alone: bool,
    /// The row came from a flattened line (see `Line::flattened`).
    pub(super) flattened: bool,
    /// A pipe row closed on the right (see `Line::closed`).
    pub(super) closed: bool,
}

impl RawRow<'_> {
    /// Whether the values came from text without cell separators.
    pub(super) fn is_glued(&self) -> bool {
        self.values.iter().any(|f| f.class == Class::Run)
    }

    /// The span of the values and their text.
    pub(super) fn values_span(&self) -> Option<Span> {
        self.values.iter().map(|f| f.span).reduce(Span::join)
    }

    /// The whole label key, fragments then the row's own label, written
    /// into `out` (cleared first): one buffer serves a table's rows.
    fn label_into<'b>(&self, out: &'b mut String) -> &'b str {
        out.clear();
        for f in &self.fragments {
            out.push_str(f);
        }
        out.push_str(&self.own);
        out
    }

    /// The label key without fragments that are pieces of a group label
    /// (a vertical `三、本年度办理结果` or a wrapped `（六）其他处理` interleaved
    /// with the row labels in space-aligned text).
    fn label_without_group_debris(&self, debris: &[&str]) -> String {
        let mut k: String = self
            .fragments
            .iter()
            .filter(|f| !debris.iter().any(|g| g.contains(f.as_str())))
            .map(String::as_str)
            .collect();
        k.push_str(&self.own);
        k
    }
}

fn source(f: &Field<'_>) -> Source {
    Source {
        raw: f.text.into(),
        span: f.span,
    }
}

/// Most unplaced tokens a finding lists; the rest are counted
/// ([`Diagnostic::unplaced_omitted`]) and lie inside the finding's span.
const MAX_UNPLACED: usize = 32;

/// Lists a row's tokens as not placed: the first [`MAX_UNPLACED`], and the
/// count of the others.
pub(super) fn set_unplaced(d: &mut Diagnostic, values: &[Field<'_>]) {
    let mut tokens = values.iter().filter(|f| f.class != Class::Blank);
    d.unplaced = tokens.by_ref().take(MAX_UNPLACED).map(source).collect();
    d.unplaced_omitted = tokens.count();
    if d.unplaced_omitted > 0 {
        let all = values.iter().map(|f| f.span).reduce(Span::join);
        d.span = match (d.span, all) {
            (Some(a), Some(b)) => Some(a.join(b)),
            (a, b) => a.or(b),
        };
    }
}

/// Splits a line at its label: the label is every field up to the last text
/// field before the first value; the rest are cells. Text right before the
/// first value that reads as a cell's content (`无`, `十二`, `5%`) is a cell,
/// not part of the label, when a label stands before it.
fn split_label<'l, 'a>(line: &'l Line<'a>) -> (&'l [Field<'a>], &'l [Field<'a>]) {
    let first_value = line
        .fields
        .iter()
        .position(Field::is_value)
        .unwrap_or(line.fields.len());
    let mut label_end = line.fields[..first_value]
        .iter()
        .rposition(|f| f.class == Class::Text)
        .map_or(0, |i| i + 1);
    if first_value < line.fields.len() {
        while label_end > 1
            && line.fields[label_end - 1].class == Class::Text
            && is_cell_text(line.fields[label_end - 1].text)
            && line.fields[..label_end - 1]
                .iter()
                .any(|f| f.class == Class::Text && !is_cell_text(f.text))
        {
            label_end -= 1;
        }
    }
    line.fields.split_at(label_end)
}

fn label_key(fields: &[Field<'_>], out: &mut String) -> Option<Span> {
    let mut span: Option<Span> = None;
    for f in fields.iter().filter(|f| f.class == Class::Text) {
        push_key(out, f.text);
        span = Some(span.map_or(f.span, |s| s.join(f.span)));
    }
    span
}

/// The longest text a delimited cell after a row's label may hold and be
/// read as the cell (unreadable), not as more label.
const MAX_TEXT_CELL: usize = 8;

/// Most rows kept of one table region.
const MAX_ROWS: usize = 1024;

/// Most label-only lines kept before a row (a label wraps over two or three
/// lines; a vertical group label adds one per character).
const MAX_FRAGMENTS: usize = 16;

/// Assembles rows: a line with cells becomes a row, its label being the
/// label fragments of the preceding lines without cells (wrapped labels)
/// followed by its own. `is_header` says which cell-less lines reset that.
/// A delimited cell-less line whose label matches (per `matches`) and that
/// has empty fields after it is a row of blank cells (a form left unfilled).
/// Lines holding one value and nothing else continue the row above while it
/// has fewer than `max_cells` values (one cell per line).
///
/// The lines are consumed: each line's value fields move into its row, so
/// a region's fields are not held twice.
///
/// Past [`MAX_ROWS`] rows (a table has about thirty), further rows are
/// not kept: each is said as a `parse.unknown_row` with its values (folded
/// past a few), so a hostile region costs no row per line.
fn assemble<'a>(
    lines: impl IntoIterator<Item = Line<'a>>,
    max_cells: usize,
    is_header: impl Fn(&str) -> bool,
    matches: impl Fn(&str) -> bool,
    table: TableId,
    diags: &mut Vec<Diagnostic>,
) -> Vec<RawRow<'a>> {
    // room for the rows the format has, at once: each doubling would move
    // every row
    let format_rows = match table {
        TableId::Requests => RequestRow::ALL.len() + 4,
        TableId::Proactive => 12,
        TableId::Appeals => 4,
    };
    let mut rows: Vec<RawRow<'a>> = Vec::with_capacity(format_rows);
    let keep = |rows: &mut Vec<RawRow<'a>>, row: RawRow<'a>, diags: &mut Vec<Diagnostic>| {
        if rows.len() < MAX_ROWS {
            rows.push(row);
        } else {
            let mut d = Diagnostic::new(Code::ParseUnknownRow, Kind::Parse, Path::Table(table));
            d.span = row
                .label_span
                .or_else(|| row.values.first().map(|f| f.span));
            d.raw = Some(String::new());
            set_unplaced(&mut d, &row.values);
            push_bounded(diags, d);
        }
    };
    let mut fragments: Vec<String> = Vec::new();
    // spans of the kept fragments, in step with `fragments`
    let mut fragment_spans: Vec<Span> = Vec::new();
    let mut previous_alone = false;
    // the key of each line's label, written here first: a header line's is
    // dropped without a string of its own
    let mut scratch = String::new();
    for line in lines {
        report_omitted(&line, table, diags);
        let (label, cells) = split_label(&line);
        let label_len = label.len();
        scratch.clear();
        let own_span = label_key(label, &mut scratch);
        let no_cells = cells.iter().all(|f| f.class == Class::Blank);
        if no_cells && is_header(&scratch) {
            previous_alone = false;
            fragments.clear();
            fragment_spans.clear();
            continue;
        }
        let own = scratch.clone();
        if no_cells {
            previous_alone = false;
            // A delimited row whose cells all hold short text (`无`, `?`):
            // its label is the shortest run of leading fields that names a
            // row, and the text after it is its cells (unreadable), not
            // more label.
            if line.delimited {
                let cell_like = |f: &Field<'_>| {
                    f.class == Class::Blank
                        || (f.class == Class::Text && f.text.chars().count() <= MAX_TEXT_CELL)
                };
                let named = (1..label.len()).find(|&k| {
                    label[k..].iter().all(cell_like) && {
                        let mut full = fragments.concat();
                        label_key(&label[..k], &mut full);
                        matches(&full)
                    }
                });
                if let Some(k) = named {
                    let mut own = String::new();
                    let own_span = label_key(&label[..k], &mut own);
                    let span = fragment_spans.drain(..).chain(own_span).reduce(Span::join);
                    let mut values = label[k..].to_vec();
                    values.extend_from_slice(cells);
                    keep(
                        &mut rows,
                        RawRow {
                            fragments: std::mem::take(&mut fragments),
                            own,
                            own_span,
                            label_span: span,
                            values,
                            delimited: true,
                            values_alone: false,
                            flattened: false,
                            closed: line.closed,
                        },
                        diags,
                    );
                    continue;
                }
            }
            let blank_row = line.delimited && !cells.is_empty() && !own.is_empty() && {
                let mut full = fragments.concat();
                full.push_str(&own);
                matches(&full)
            };
            if blank_row {
                keep(
                    &mut rows,
                    RawRow {
                        fragments: std::mem::take(&mut fragments),
                        own,
                        own_span,
                        label_span: own_span,
                        values: cells.to_vec(),
                        delimited: true,
                        values_alone: false,
                        flattened: false,
                        closed: line.closed,
                    },
                    diags,
                );
                fragment_spans.clear();
            } else if let (false, Some(span)) = (own.is_empty(), own_span) {
                // a label wraps over a few lines: older fragments are debris
                if fragments.len() == MAX_FRAGMENTS {
                    fragments.remove(0);
                    fragment_spans.remove(0);
                }
                fragments.push(own);
                fragment_spans.push(span);
            }
            continue;
        }
        let alone = label.is_empty() && !line.delimited;
        if alone
            && cells.len() == 1
            && previous_alone
            && fragments.is_empty()
            && let Some(last) = rows.last_mut()
            && last.values_alone
            && last.values.len() < max_cells
        {
            last.values.push(cells[0]);
            continue;
        }
        previous_alone = alone;
        let span = fragment_spans.drain(..).chain(own_span).reduce(Span::join);
        // the line's own buffer holds the values: the label fields go
        let (delimited, flattened, closed) = (line.delimited, line.flattened, line.closed);
        let mut values = line.fields;
        values.drain(..label_len);
        keep(
            &mut rows,
            RawRow {
                fragments: std::mem::take(&mut fragments),
                own,
                own_span,
                label_span: span,
                values,
                delimited,
                values_alone: alone,
                flattened,
                closed,
            },
            diags,
        );
    }
    rows
}

/// Each field as a whole number (blank as 0), `None` for anything else.
fn whole_numbers<'f>(values: &'f [Field<'_>]) -> impl Iterator<Item = Option<i64>> + 'f {
    values.iter().map(|f| match f.class {
        Class::Number(n) if n.value.fract().is_zero() => {
            rust_decimal::prelude::ToPrimitive::to_i64(&n.value)
        }
        Class::Blank => Some(0),
        _ => None,
    })
}

/// For a delimited table-三 row one field short: the splits of one field's
/// digits into two cells that make the row add up (the applicant columns
/// sum to the total). Never applied: the row's cells stay missing.
fn glued_pair_suggestions(
    values: &[Field<'_>],
    paths: &[Path],
    subtotal: bool,
) -> Vec<crate::diagnostic::Suggestion> {
    use crate::diagnostic::{Suggestion, SuggestionKind};
    let numbers: Vec<Option<i64>> = whole_numbers(values).collect();
    if subtotal || numbers.len() + 1 != paths.len() || numbers.iter().any(Option::is_none) {
        return Vec::new();
    }
    let numbers: Vec<i64> = numbers.into_iter().flatten().collect();
    let mut out = Vec::new();
    for (i, f) in values.iter().enumerate() {
        let digits = f.text;
        if digits.len() < 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            continue;
        }
        for cut in 1..digits.len() {
            let (a, b) = digits.split_at(cut);
            if b.len() > 1 && b.starts_with('0') {
                continue;
            }
            let (Ok(a), Ok(b)) = (a.parse::<i64>(), b.parse::<i64>()) else {
                continue;
            };
            let mut row = numbers.clone();
            row[i] = a;
            row.insert(i + 1, b);
            let (parts, total) = row.split_at(row.len() - 1);
            if parts.iter().sum::<i64>() == total[0] {
                out.push(Suggestion {
                    kind: SuggestionKind::Split,
                    cells: [paths[i], paths[i + 1]],
                    before: [Some(Number::Count(i128::from(numbers[i]))), None],
                    after: [
                        Some(Number::Count(i128::from(a))),
                        Some(Number::Count(i128::from(b))),
                    ],
                });
            }
        }
    }
    out
}

/// Operands naming `paths` as cells the text lost.
pub(super) fn missing_operands(paths: &[Path]) -> Vec<Operand> {
    paths
        .iter()
        .map(|p| Operand {
            path: *p,
            state: CellKind::Missing,
            value: None,
            span: None,
        })
        .collect()
}

/// The result of placing a row's fields on `n` columns: one entry per
/// column, `None` where the text has no field for it.
fn place<'l, 'a>(
    values: &'l [Field<'a>],
    n: usize,
    delimited: bool,
    closed: bool,
    row: Path,
    columns: &[Path],
    diags: &mut Vec<Diagnostic>,
) -> Placed<'l, 'a> {
    let mut v: &'l [Field<'a>] = values;
    if delimited {
        // Surplus empty fields at the right edge, then those left of the
        // cells (merged label cells), are not cells.
        while v.len() > n && v.last().is_some_and(|f| f.class == Class::Blank) {
            v = &v[..v.len() - 1];
        }
        while v.len() > n && v.first().is_some_and(|f| f.class == Class::Blank) {
            v = &v[1..];
        }
    }
    let span = v
        .iter()
        .map(|f| f.span)
        .reduce(Span::join)
        .or_else(|| values.first().map(|f| f.span));
    if v.len() == n {
        return Placed::Every(v); // most rows: every cell, nothing to copy
    }
    let mut d = Diagnostic::new(
        if v.len() < n {
            Code::ParseRowShort
        } else {
            Code::ParseRowLong
        },
        Kind::Parse,
        row,
    );
    d.span = span;
    d.expected = Some(Number::Count(n as i128));
    d.found = Some(Number::Count(v.len() as i128));
    if v.len() < n && delimited && !closed {
        // Delimited: fields keep their position from the left; the cells
        // past the right edge were lost. (A row closed on the right lost a
        // cell inside it: which one is unknown.)
        d.operands = missing_operands(&columns[v.len()..]);
        diags.push(d);
        let mut out: Vec<Option<Field<'a>>> = v.iter().copied().map(Some).collect();
        out.resize(n, None);
        return Placed::Some(out);
    }
    // Space-separated and short (which cells are lost is unknown), or too
    // long: nothing is placed.
    d.operands = missing_operands(columns);
    set_unplaced(&mut d, v);
    diags.push(d);
    Placed::Some(vec![None; n])
}

/// The fields `place` put in a row's cells, in column order.
enum Placed<'l, 'a> {
    /// One field per cell: the row's own fields.
    Every(&'l [Field<'a>]),
    /// Some cells have no field.
    Some(Vec<Option<Field<'a>>>),
}

impl<'a> Placed<'_, 'a> {
    fn cells(&self) -> PlacedCells<'_, 'a> {
        match self {
            Placed::Every(v) => PlacedCells::Every(v.iter()),
            Placed::Some(v) => PlacedCells::Some(v.iter()),
        }
    }
}

/// The cells of a [`Placed`] row, in column order: one step per cell.
enum PlacedCells<'l, 'a> {
    Every(std::slice::Iter<'l, Field<'a>>),
    Some(std::slice::Iter<'l, Option<Field<'a>>>),
}

impl<'a> Iterator for PlacedCells<'_, 'a> {
    type Item = Option<Field<'a>>;

    #[inline]
    fn next(&mut self) -> Option<Option<Field<'a>>> {
        match self {
            PlacedCells::Every(cells) => cells.next().map(|f| Some(*f)),
            PlacedCells::Some(cells) => cells.next().copied(),
        }
    }
}

/// An unreadable cell, reported as `parse.unreadable_cell` with its text.
fn unreadable<T>(path: Path, f: &Field<'_>, diags: &mut Vec<Diagnostic>) -> Cell<T> {
    let mut d = Diagnostic::new(Code::ParseUnreadableCell, Kind::Parse, path);
    d.span = Some(f.span);
    d.raw = Some(f.text.to_owned());
    diags.push(d);
    Cell::unreadable(f.text, f.span)
}

/// A count cell from a field.
pub(super) fn count_cell(
    f: Option<Field<'_>>,
    path: Path,
    diags: &mut Vec<Diagnostic>,
) -> Cell<i64> {
    let Some(f) = f else {
        return Cell::missing();
    };
    let cell = match reclassify(&f) {
        Class::Blank => Cell::blank(),
        Class::NotApplicable => Cell::not_applicable(),
        Class::Number(n) if n.unit.is_some_and(|u| is_money_unit(u.as_str())) => {
            unreadable(path, &f, diags)
        }
        // most cells: an integer written without a fraction, the cell
        // built whole with its source
        Class::Number(n) if n.value.scale() == 0 && n.unit.is_none() => {
            match i64::try_from(n.value.mantissa()) {
                Ok(v) => {
                    return Cell {
                        state: CellState::Number(v),
                        source: Some(source(&f)),
                    };
                }
                Err(_) => unreadable(path, &f, diags),
            }
        }
        Class::Number(n) if !n.value.fract().is_zero() => {
            let mut d = Diagnostic::new(Code::ValueNotInteger, Kind::Violation, path);
            d.span = Some(f.span);
            d.raw = Some(f.text.to_owned());
            d.found = Some(Number::Money(n.value));
            diags.push(d);
            Cell::unreadable(f.text, f.span)
        }
        Class::Number(n) => match i64::try_from(n.value.trunc()) {
            Ok(v) => Cell::number(v),
            Err(_) => unreadable(path, &f, diags),
        },
        Class::Text | Class::Run => unreadable(path, &f, diags),
    };
    cell.with_source(f.text, f.span)
}

/// A glued run placed whole in one cell is read as the number it spells.
fn reclassify(f: &Field<'_>) -> Class {
    match f.class {
        Class::Run => classify(f.text),
        c => c,
    }
}

/// A money cell from a field; `unit_allowed` is the unit the column accepts
/// written beside the number (`None`: any money unit is kept as written).
fn money_cell(
    f: Option<Field<'_>>,
    path: Path,
    fixed_unit: Option<&str>,
    unit_out: &mut Option<String>,
    diags: &mut Vec<Diagnostic>,
) -> Cell<Decimal> {
    let Some(f) = f else {
        return Cell::missing();
    };
    let cell = match reclassify(&f) {
        Class::Blank => Cell::blank(),
        Class::NotApplicable => Cell::not_applicable(),
        Class::Number(n) => match (n.unit.map(|u| u.as_str()), fixed_unit) {
            (None, _) => Cell::number(n.value),
            (Some(u), Some(fixed)) if u == fixed => Cell::number(n.value),
            (Some(u), None) if is_money_unit(u) => {
                *unit_out = Some(u.to_owned());
                Cell::number(n.value)
            }
            _ => unreadable(path, &f, diags),
        },
        Class::Text | Class::Run => unreadable(path, &f, diags),
    };
    cell.with_source(f.text, f.span)
}

/// Says, per line of a region that kept only its first fields, how many
/// values it did not read and where.
pub(super) fn report_omitted(line: &Line<'_>, table: TableId, diags: &mut Vec<Diagnostic>) {
    let Some(&(count, span)) = line.omitted.as_deref() else {
        return;
    };
    let mut d = Diagnostic::new(Code::ParseLineTooLong, Kind::Parse, Path::Table(table));
    d.span = Some(span);
    d.expected = Some(Number::Count(line.fields.len() as i128));
    d.found = Some(Number::Count(count as i128));
    d.unplaced_omitted = count;
    push_bounded(diags, d);
}

/// Findings of one code on one path kept one by one; past this, the last of
/// them stands for the rest ([`Diagnostic::repeated`]).
const MAX_REPEATS: usize = 16;

/// Pushes a finding, folding it into the last finding of the same code and
/// path when the recent findings already hold [`MAX_REPEATS`] of them:
/// the findings of a hostile text stay bounded, and the folded one's span
/// and unplaced count cover what it stands for.
pub(super) fn push_bounded(diags: &mut Vec<Diagnostic>, d: Diagnostic) {
    const LOOK_BACK: usize = 4 * MAX_REPEATS;
    let recent = diags.len().saturating_sub(LOOK_BACK);
    let same = |e: &Diagnostic| e.code == d.code && e.path == d.path;
    if diags[recent..].iter().filter(|e| same(e)).count() >= MAX_REPEATS
        && let Some(last) = diags[recent..].iter_mut().rev().find(|e| same(e))
    {
        last.repeated += 1 + d.repeated;
        last.unplaced_omitted += d.unplaced.len() + d.unplaced_omitted;
        // the folded finding's span covers what it stands for: its own
        // span and every token either lists
        let covered = d
            .unplaced
            .iter()
            .chain(&last.unplaced)
            .map(|u| u.span)
            .chain(d.span)
            .reduce(Span::join);
        last.span = match (last.span, covered) {
            (Some(a), Some(b)) => Some(a.join(b)),
            (a, b) => a.or(b),
        };
        return;
    }
    diags.push(d);
}

fn unknown_row(label: &RawRow<'_>, table: TableId, text: &str) -> Diagnostic {
    let mut d = Diagnostic::new(Code::ParseUnknownRow, Kind::Parse, Path::Table(table));
    d.span = label
        .label_span
        .or_else(|| label.values.first().map(|f| f.span));
    d.raw = Some(match label.label_span {
        Some(s) => text[s.start..s.end].to_owned(),
        None => String::new(),
    });
    set_unplaced(&mut d, &label.values);
    d
}

fn duplicate_row(row: &RawRow<'_>, path: Path) -> Diagnostic {
    let mut d = Diagnostic::new(Code::ParseDuplicateRow, Kind::Parse, path);
    d.span = row.label_span;
    set_unplaced(&mut d, &row.values);
    d
}

/// Reports rows of `expected` (in table order) that were not found: each gap
/// as `parse.row_missing`, and, when the region is open-ended, the rows after
/// the last one found as one `parse.table_cut`.
fn report_missing<R: Copy + Ord>(
    expected: &[R],
    found: impl Fn(R) -> bool,
    path: impl Fn(R) -> Path,
    table: TableId,
    open_ended: bool,
    end: usize,
    diags: &mut Vec<Diagnostic>,
) {
    let last_found = expected.iter().rposition(|r| found(*r));
    for (i, r) in expected.iter().enumerate() {
        if found(*r) {
            continue;
        }
        let after_cut = open_ended && last_found.is_none_or(|l| i > l);
        if after_cut {
            let mut d = Diagnostic::new(Code::ParseTableCut, Kind::Parse, Path::Table(table));
            d.span = Some(Span::new(end, end));
            diags.push(d);
            return;
        }
        diags.push(Diagnostic::new(
            Code::ParseRowMissing,
            Kind::Parse,
            path(*r),
        ));
    }
}

/// Whether a header line of table 三's region names the subtotal column
/// (`小计`, also written `小 计` or `小計`). Only the lines holding a `小`
/// followed by `计` are read into fields.
fn names_subtotal_column(text: &str, region: &Region<'_>) -> bool {
    let Some(body) = text.get(region.start..region.end) else {
        return false; // a span off a character boundary: no header
    };
    let bytes = body.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], "小".as_bytes()).map(|i| from + i) {
        let after = body[i + "小".len()..].trim_start_matches([' ', '\u{3000}']);
        if !(after.starts_with('计') || after.starts_with('計')) {
            from = i + "小".len();
            continue;
        }
        let line_start = memchr::memrchr2(b'\n', b'\r', &bytes[..i]).map_or(0, |j| j + 1);
        let line_end = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |j| i + j);
        let header =
            super::lines::line_iter(text, region.start + line_start, region.start + line_end).any(
                |line| {
                    !line.has_values() && {
                        let k = key(line.span_text(text));
                        k.contains("小计") && is_request_header(&k)
                    }
                },
            );
        if header {
            return true;
        }
        from = line_end;
    }
    false
}

/// Table 三.
pub(crate) fn requests(
    text: &str,
    region: &mut Region<'_>,
    edition_hint: Option<Edition>,
    cells: super::Cells,
    end: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Requests> {
    let is_header = is_request_header;
    let subtotal_column = names_subtotal_column(text, region);
    let max_cells = if subtotal_column { 8 } else { 7 };
    // a label alone names a row when it names a data row; （六）其他处理 is
    // one in the single layout (2019), where its cells may all be blank
    let raw = assemble(
        region.lines(),
        max_cells,
        is_header,
        |k| match_request_row(k).is_some_and(|r| !r.is_group() || r == RequestRow::OtherHandling),
        TableId::Requests,
        diags,
    );
    let debris: Vec<&str> = group_debris().iter().map(String::as_str).collect();
    let mut matched: BTreeMap<RequestRow, &RawRow<'_>> = BTreeMap::new();
    let mut last: Option<RequestRow> = None;
    // per assembled row: the row it was matched to, `None` when unknown
    let mut order: Vec<(usize, Option<RequestRow>)> = Vec::with_capacity(raw.len());
    let mut label = String::new();
    for (index, row) in raw.iter().enumerate() {
        let full = row.label_into(&mut label);
        let mut approximate = false;
        let clean = std::cell::OnceCell::new();
        let clean = || {
            clean
                .get_or_init(|| row.label_without_group_debris(&debris))
                .as_str()
        };
        let found = match_request_row(full)
            // a bare `其他` (or `3.其他`) right after R22 is R23
            .or_else(|| {
                (last == Some(RequestRow::OtherHandlingFeeUnpaid)
                    && matches!(row.own.as_str(), "其他" | "3其他"))
                .then_some(RequestRow::OtherHandlingOther)
            })
            .or_else(|| match_request_row(clean()))
            .or_else(|| match_request_prefix(clean()))
            .or_else(|| {
                // A misspelt label: the next rows the table expects, in order.
                let next = RequestRow::ALL
                    .iter()
                    .copied()
                    .filter(|r| {
                        !r.is_group() && last.is_none_or(|l| *r > l) && !matched.contains_key(r)
                    })
                    .take(2);
                let best = next
                    .filter_map(|r| request_label_distance(clean(), r).map(|d| (d, r)))
                    .min();
                approximate = best.is_some();
                best.map(|(_, r)| r)
            });
        match found {
            Some(r) if matched.contains_key(&r) => {
                push_bounded(
                    diags,
                    duplicate_row(
                        row,
                        Path::Requests {
                            row: r,
                            column: None,
                        },
                    ),
                );
            }
            Some(r) => {
                // A printed group row with no number is the official layout,
                // not a subtotal; but （六）其他处理 may be the single
                // layout's data row, all blank (decided below).
                if r.is_group()
                    && r != RequestRow::OtherHandling
                    && row.values.iter().all(|f| f.class == Class::Blank)
                {
                    continue;
                }
                if approximate {
                    let mut d = Diagnostic::new(
                        Code::ParseLabelApproximate,
                        Kind::Parse,
                        Path::Requests {
                            row: r,
                            column: None,
                        },
                    );
                    let span = row.own_span.or(row.label_span);
                    d.span = span;
                    d.raw = span.map(|s| text[s.start..s.end].to_owned());
                    diags.push(d);
                }
                matched.insert(r, row);
                order.push((index, Some(r)));
                last = Some(r);
            }
            None => order.push((index, None)),
        }
    }
    // Unknown rows between two matched rows, as many as the rows the table
    // expects between them, each without a label or with a fragment of that
    // row's label (Markdown whose labels were detached into a block before
    // the value rows): paired in table order.
    let mut paired: BTreeMap<usize, RequestRow> = BTreeMap::new();
    let known: Vec<(usize, usize, RequestRow)> = order
        .iter()
        .enumerate()
        .filter_map(|(k, (_, r))| r.map(|r| (k, 0, r)))
        .collect();
    for pair in known.windows(2) {
        let ((a, _, ra), (b, _, rb)) = (pair[0], pair[1]);
        if a + 1 == b {
            continue; // most pairs: adjacent, no unknown row between
        }
        let gap: Vec<usize> = order[a + 1..b].iter().map(|(i, _)| *i).collect();
        let expected: Vec<RequestRow> = RequestRow::ALL
            .iter()
            .copied()
            .filter(|r| *r > ra && *r < rb && !r.is_group() && !matched.contains_key(r))
            .collect();
        if gap.is_empty() || gap.len() != expected.len() {
            continue;
        }
        let fits = gap.iter().zip(&expected).all(|(i, r)| {
            let own = &raw[*i].own;
            raw[*i].values.iter().any(Field::is_value)
                && (own.is_empty() || key(r.label()).contains(own.as_str()))
        });
        if fits {
            paired.extend(gap.into_iter().zip(expected));
        }
        if paired.len() > RequestRow::ALL.len() {
            break;
        }
    }
    for (index, r) in &order {
        let row = &raw[*index];
        match (r, paired.get(index).filter(|r| !matched.contains_key(r))) {
            (Some(_), _) => {}
            (None, Some(r)) => {
                let mut d = Diagnostic::new(
                    Code::ParseLabelApproximate,
                    Kind::Parse,
                    Path::Requests {
                        row: *r,
                        column: None,
                    },
                );
                let span = row.own_span.or(row.values_span());
                d.span = span;
                d.raw = Some(
                    row.own_span
                        .map_or_else(String::new, |s| text[s.start..s.end].to_owned()),
                );
                diags.push(d);
                matched.insert(*r, row);
            }
            (None, None) => push_bounded(diags, unknown_row(row, TableId::Requests, text)),
        }
    }
    if matched.is_empty() {
        if region.open_ended {
            let mut d = Diagnostic::new(
                Code::ParseTableCut,
                Kind::Parse,
                Path::Table(TableId::Requests),
            );
            d.span = Some(Span::new(end, end));
            diags.push(d);
        } else {
            diags.push(Diagnostic::new(
                Code::ParseTableMissing,
                Kind::Parse,
                Path::Table(TableId::Requests),
            ));
        }
        return None;
    }
    let split_rows = [
        RequestRow::OtherHandlingNoCorrection,
        RequestRow::OtherHandlingFeeUnpaid,
        RequestRow::OtherHandlingOther,
    ];
    let layout = if split_rows.iter().any(|r| matched.contains_key(r)) {
        OtherHandlingLayout::Split
    } else if matched.contains_key(&RequestRow::OtherHandling)
        || edition_hint == Some(Edition::V2019)
    {
        OtherHandlingLayout::Single
    } else {
        OtherHandlingLayout::Split
    };
    if layout == OtherHandlingLayout::Split
        && matched
            .get(&RequestRow::OtherHandling)
            .is_some_and(|row| row.values.iter().all(|f| f.class == Class::Blank))
    {
        matched.remove(&RequestRow::OtherHandling);
    }
    let mut table = Requests::new(layout);
    table.subtotal_column = subtotal_column;
    let columns: Vec<RequestColumn> = table.columns().collect();
    let views: Vec<(RequestRow, RawRow<'_>)> = matched
        .iter()
        .filter_map(|(r, row)| glued_view(text, row, Shape::counts(columns.len())).map(|g| (*r, g)))
        .collect();
    let glued_rows: Vec<(RequestRow, &RawRow<'_>)> = views.iter().map(|(r, g)| (*r, g)).collect();
    // Word's tab export writes a label merged over k template columns as the
    // label and up to k − 1 empty fields. When a row of the table shows that, a
    // row whose label spans columns and whose fields, empty ones first, are
    // exactly as many as its cells lost a cell inside (a lost tab glued two
    // numbers): its leading empty fields are label, not blank cells.
    let label_span = |r: RequestRow| match r {
        RequestRow::NewReceived | RequestRow::CarriedOver | RequestRow::CarriedForward => 3,
        RequestRow::Disclosed | RequestRow::PartiallyDisclosed | RequestRow::OutcomeTotal => 2,
        RequestRow::OtherHandling if layout == OtherHandlingLayout::Single => 2,
        _ => 1,
    };
    let n = columns.len();
    let leading_blanks = |row: &RawRow<'_>| {
        row.values
            .iter()
            .take_while(|f| f.class == Class::Blank)
            .count()
    };
    // some row has more fields than cells, the surplus empty fields right
    // after its label and no more than its label spans (an export writes
    // one or all of a merged label's columns)
    let writes_spans = matched.iter().any(|(r, row)| {
        let extra = label_span(*r) - 1;
        let surplus = row.values.len().saturating_sub(n);
        row.delimited && surplus > 0 && surplus <= extra && leading_blanks(row) >= surplus
    });
    for (r, row) in &matched {
        if glued_rows.iter().any(|(g, _)| g == r) {
            continue;
        }
        let row_path = Path::Requests {
            row: *r,
            column: None,
        };
        // at most eight columns: the row's paths on the stack
        let mut all_paths = [row_path; RequestColumn::ALL.len()];
        for (p, c) in all_paths.iter_mut().zip(columns.iter()) {
            *p = Path::request(*r, *c);
        }
        let paths = &all_paths[..columns.len().min(RequestColumn::ALL.len())];
        let extra = label_span(*r) - 1;
        // a field written from a markup cell is that cell: no separator was lost
        let suspect = cells == super::Cells::Text
            && row.delimited
            && extra > 0
            && row.values.len() == n
            && leading_blanks(row) >= extra;
        // the evidence: the export writes label spans (some row of the
        // table shows it). Without it a leading empty field is a blank cell,
        // whether or not a split of some field would make the row add up.
        let lost_inside = suspect && writes_spans;
        let suggestions = if lost_inside {
            glued_pair_suggestions(&row.values[extra..], paths, table.subtotal_column)
        } else {
            Vec::new()
        };
        let values = if lost_inside {
            &row.values[extra..]
        } else {
            &row.values[..]
        };
        let fields = place(
            values,
            n,
            row.delimited,
            row.closed || lost_inside,
            row_path,
            paths,
            diags,
        );
        if lost_inside && let Some(d) = diags.last_mut().filter(|d| d.path == row_path) {
            d.suggestions = suggestions;
        }
        let cells = table.row_mut(*r);
        for ((c, f), p) in columns.iter().zip(fields.cells()).zip(paths) {
            *cells.get_mut(*c) = count_cell(f, *p, diags);
        }
    }
    if !glued_rows.is_empty() {
        solve_requests(text, &mut table, &columns, &glued_rows, diags);
    }
    // A printed group row the findings speak of is in the table, with the
    // cells they name (missing when the text gave none), so every path of
    // a finding names a cell of the report.
    let named_groups: Vec<RequestRow> = diags
        .iter()
        .flat_map(|d| std::iter::once(d.path).chain(d.operands.iter().map(|o| o.path)))
        .filter_map(|p| match p {
            Path::Requests {
                row,
                column: Some(_),
            } if row.is_group() => Some(row),
            _ => None,
        })
        .filter(|r| !table.rows.contains_key(r))
        .collect();
    for r in named_groups {
        table.row_mut(r);
    }
    let expected: Vec<RequestRow> = Requests::data_rows(layout).collect();
    report_missing(
        &expected,
        |r| matched.contains_key(&r),
        |r| Path::Requests {
            row: r,
            column: None,
        },
        TableId::Requests,
        region.open_ended,
        end,
        diags,
    );
    if table
        .rows
        .values()
        .all(|r| r.cells().all(|(_, c)| c.kind() != CellKind::Number))
    {
        diags.push(Diagnostic::new(
            Code::ParseTableEmpty,
            Kind::Parse,
            Path::Table(TableId::Requests),
        ));
    }
    Some(table)
}

/// Table 二.
pub(crate) fn proactive<'s>(
    text: &str,
    region: &mut Region<'_>,
    edition: Edition,
    stated: &dyn Fn() -> &'s [Stated],
    end: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Proactive> {
    let is_header = |k: &str| k.contains("第二十条") || k.starts_with("信息内容");
    let raw = assemble(
        region.lines(),
        3,
        is_header,
        |k| match_proactive_row(edition, k).is_some(),
        TableId::Proactive,
        diags,
    );
    let mut matched: BTreeMap<ProactiveRow, &RawRow<'_>> = BTreeMap::new();
    let mut label = String::new();
    for row in &raw {
        match match_proactive_row(edition, row.label_into(&mut label)) {
            Some(r) if matched.contains_key(&r) => {
                push_bounded(
                    diags,
                    duplicate_row(
                        row,
                        Path::Proactive {
                            row: r,
                            column: None,
                        },
                    ),
                );
            }
            Some(r) => {
                matched.insert(r, row);
            }
            None => push_bounded(diags, unknown_row(row, TableId::Proactive, text)),
        }
    }
    if matched.is_empty() {
        let code = if region.open_ended {
            Code::ParseTableCut
        } else {
            Code::ParseTableMissing
        };
        diags.push(Diagnostic::new(
            code,
            Kind::Parse,
            Path::Table(TableId::Proactive),
        ));
        return None;
    }
    let mut table = Proactive::empty(edition);
    for (r, row) in &matched {
        let columns = Proactive::columns(edition, *r);
        let paths: Vec<Path> = columns.iter().map(|c| Path::proactive(*r, *c)).collect();
        let row_path = Path::Proactive {
            row: *r,
            column: None,
        };
        let shape = Shape {
            n: columns.len(),
            money: columns.contains(&crate::ProactiveColumn::Amount),
            signed: columns
                .iter()
                .position(|c| *c == crate::ProactiveColumn::ItemsChange),
        };
        if let Some(view) = glued_view(text, row, shape) {
            glued_proactive(text, &mut table, *r, &view, stated(), diags);
            continue;
        }
        // a closed row one cell short whose lost column the loose text names
        let written: Vec<Field<'_>> = row
            .values
            .iter()
            .copied()
            .filter(|f| f.class != Class::Blank)
            .collect();
        if let Some(lost) = (row.closed && written.len() + 1 == columns.len())
            .then(|| loose_column(text, region))
            .flatten()
            .filter(|c| row.closed && written.len() + 1 == columns.len() && columns.contains(c))
        {
            let mut d = Diagnostic::new(Code::ParseRowShort, Kind::Parse, row_path);
            d.span = row.values_span();
            d.expected = Some(Number::Count(columns.len() as i128));
            d.found = Some(Number::Count(written.len() as i128));
            d.operands = vec![Operand {
                path: Path::proactive(*r, lost),
                state: CellKind::Missing,
                value: None,
                span: None,
            }];
            diags.push(d);
            let mut it = written.into_iter();
            for c in columns {
                let f = if *c == lost { None } else { it.next() };
                set_proactive_cell(&mut table, *r, *c, f, diags);
            }
            continue;
        }
        let fields = place(
            &row.values,
            columns.len(),
            row.delimited,
            row.closed,
            row_path,
            &paths,
            diags,
        );
        for (c, f) in columns.iter().zip(fields.cells()) {
            set_proactive_cell(&mut table, *r, *c, f, diags);
        }
    }
    let expected: Vec<ProactiveRow> = Proactive::layout(edition).iter().map(|(r, _)| *r).collect();
    report_missing(
        &expected,
        |r| matched.contains_key(&r),
        |r| Path::Proactive {
            row: r,
            column: None,
        },
        TableId::Proactive,
        region.open_ended,
        end,
        diags,
    );
    Some(table)
}

/// The table-二 column that loose lines of the region name beside a number
/// (`55（含自然失效 29 件）`: a column extracted apart from its rows), when
/// they name exactly one: the column a closed row one cell short lost.
fn loose_column(text: &str, region: &Region<'_>) -> Option<crate::ProactiveColumn> {
    use crate::ProactiveColumn as C;
    const WORDS: &[(&str, C)] = &[
        ("现行有效", C::InForce),
        ("废止", C::Abolished),
        ("失效", C::Abolished),
        ("制发", C::Issued),
    ];
    let mut found: Option<C> = None;
    for line in region.lines().filter(|l| !l.delimited && l.has_values()) {
        let t = line.span_text(text);
        if t.contains("第二十条") || t.contains("信息内容") {
            continue;
        }
        for (w, c) in WORDS {
            if t.contains(w) {
                match found {
                    Some(f) if f != *c => return None,
                    _ => found = Some(*c),
                }
            }
        }
    }
    found
}

/// Table 四: the data row of 15 cells (possibly over several lines).
pub(crate) fn appeals(
    text: &str,
    region: &Region<'_>,
    end: usize,
    diags: &mut Vec<Diagnostic>,
) -> Option<Appeals> {
    let mut values: Vec<Field<'_>> = Vec::new();
    let mut delimited = true;
    let mut flattened = false;
    // one buffer for the key of each text field, reused
    let mut header_key = String::new();
    for line in region.lines() {
        report_omitted(&line, TableId::Appeals, diags);
        let mut texts = line.fields.iter().filter(|f| f.class == Class::Text);
        let no_text = texts.clone().next().is_none();
        let header = texts.any(|f| {
            header_key.clear();
            push_key(&mut header_key, f.text);
            is_appeal_header(&header_key)
        });
        let data = no_text && (line.has_values() || (line.delimited && line.fields.len() >= 10));
        // the header and the values on one line (`…尚未审结总计 0 0 0 …`, or
        // glued `…总计000000000000000`): the values after the header are the table
        let last_text = line.fields.iter().rposition(|f| f.class == Class::Text);
        let header_then_values = header
            && last_text.is_some_and(|i| {
                line.fields[..i].iter().all(|f| !f.is_value())
                    && line.fields[i + 1..].iter().any(Field::is_value)
            });
        if data {
            delimited &= line.delimited;
            flattened |= line.flattened;
            values.extend(line.fields.iter().copied());
        } else if header_then_values {
            delimited &= line.delimited;
            flattened |= line.flattened || !line.delimited;
            let from = last_text.map_or(0, |i| i + 1);
            values.extend(line.fields[from..].iter().copied());
        } else if line.has_values() && !header {
            let row = RawRow {
                fragments: Vec::new(),
                own: String::new(),
                own_span: None,
                values_alone: false,
                label_span: line
                    .fields
                    .iter()
                    .filter(|f| f.class == Class::Text)
                    .map(|f| f.span)
                    .reduce(Span::join),
                values: line
                    .fields
                    .iter()
                    .copied()
                    .filter(Field::is_value)
                    .collect(),
                delimited: line.delimited,
                flattened: line.flattened,
                closed: line.closed,
            };
            push_bounded(diags, unknown_row(&row, TableId::Appeals, text));
        } else if line.has_values() {
            // A header line carrying numbers: nothing of it is placed.
            let mut d = Diagnostic::new(
                Code::ParseUnknownRow,
                Kind::Parse,
                Path::Table(TableId::Appeals),
            );
            d.span = Some(line.span);
            d.raw = Some(line.span_text(text).to_owned());
            set_unplaced(&mut d, &line.fields);
            diags.push(d);
        }
    }
    if values.is_empty() {
        let code = if region.open_ended {
            Code::ParseTableCut
        } else {
            Code::ParseTableMissing
        };
        let mut d = Diagnostic::new(code, Kind::Parse, Path::Table(TableId::Appeals));
        if region.open_ended {
            d.span = Some(Span::new(end, end));
        }
        diags.push(d);
        return None;
    }
    let paths: Vec<Path> = AppealGroup::ALL
        .iter()
        .flat_map(|g| AppealColumn::ALL.iter().map(move |c| Path::appeal(*g, *c)))
        .collect();
    let one = RawRow {
        fragments: Vec::new(),
        own: String::new(),
        own_span: None,
        label_span: None,
        values: values.clone(),
        delimited,
        values_alone: false,
        flattened,
        closed: false,
    };
    if let Some(glued) = glued_view(text, &one, Shape::counts(15)) {
        return Some(solve_appeals(text, &glued.values, &paths, diags));
    }
    let fields = place(
        &values,
        15,
        delimited,
        false,
        Path::Table(TableId::Appeals),
        &paths,
        diags,
    );
    let mut table = Appeals::default();
    for (f, p) in fields.cells().zip(&paths) {
        if let Path::Appeals {
            group,
            column: Some(c),
        } = p
        {
            *table.group_mut(*group).get_mut(*c) = count_cell(f, *p, diags);
        }
    }
    Some(table)
}

impl Line<'_> {
    /// The line's text in the input.
    pub fn span_text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.span.start..self.span.end]
    }
}

/// Writes one cell of table 二 from a field (count or money by the column).
/// 2021 fees are in 万元 (the header's unit); 2019 procurement keeps the
/// unit written beside its amount.
pub(super) fn set_proactive_cell(
    table: &mut Proactive,
    row: ProactiveRow,
    column: crate::ProactiveColumn,
    f: Option<Field<'_>>,
    diags: &mut Vec<Diagnostic>,
) {
    let path = Path::proactive(row, column);
    let fixed = (table.edition() == Edition::V2021).then_some("万元");
    let mut unit = None;
    match table.get_mut(row, column) {
        Some(CellMut::Count(cell)) => *cell = count_cell(f, path, diags),
        Some(CellMut::Money(cell)) => *cell = money_cell(f, path, fixed, &mut unit, diags),
        None => {}
    }
    if let (Proactive::V2019(t), Some(u)) = (table, unit) {
        t.procurement.amount_unit = Some(u);
    }
}
