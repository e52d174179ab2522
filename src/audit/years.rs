//! A body's years: what is kept of each report for the cross-year rules,
//! duplicates, gaps, and the chaining of consecutive years.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;

use super::{AuditFinding, BodySummary, Duplicate, Link, LinkStatus, Summary, body};
use crate::check::{CheckOptions, check_consecutive};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Kind, Number};
use crate::model::cell::{Cell, CellKind, CellState, Source, Span};
use crate::model::keys::{Edition, ProactiveColumn, RequestRow};
use crate::model::location::{Location, locate_each};
use crate::model::path::{MetaField, Path};
use crate::model::proactive::{CellMut, CellRef, Proactive};
use crate::model::report::Report;
use crate::model::requests::{OtherHandlingLayout, Requests};
use crate::{Raw, Validation};

/// One cell the cross-year rules read, kept compactly (32 bytes): its
/// path, state, number, span and location. A span or line past `u32::MAX`
/// (an input over 4 GiB) is not kept.
#[derive(Clone, Copy, Debug)]
struct Kept {
    path: Path,
    kind: CellKind,
    value: i64,
    /// `start..end`, or `u32::MAX` for none.
    start: u32,
    end: u32,
    /// 1-based, or 0 for none.
    line: u32,
    column: u32,
}

impl Kept {
    /// The cell kept, not yet located ([`locate_kept`] does).
    fn new(path: Path, cell: &Cell<i64>) -> Kept {
        let span = cell.span();
        let (start, end) = span
            .and_then(|s| Some((u32::try_from(s.start).ok()?, u32::try_from(s.end).ok()?)))
            .unwrap_or((u32::MAX, u32::MAX));
        Kept {
            path,
            kind: cell.kind(),
            value: cell.value().copied().unwrap_or(0),
            start,
            end,
            line: 0,
            column: 0,
        }
    }

    fn span(&self) -> Option<Span> {
        (self.start != u32::MAX).then(|| Span::new(self.start as usize, self.end as usize))
    }

    fn location(&self) -> Option<Location> {
        (self.line != 0).then_some(Location {
            line: self.line as usize,
            column: self.column as usize,
        })
    }

    /// The cell again; its source has the span and no raw text (the
    /// rebuilt report lives only while its years are chained).
    fn cell(&self) -> Cell<i64> {
        let state = match self.kind {
            CellKind::Number => CellState::Number(self.value),
            CellKind::Blank => CellState::Blank,
            CellKind::NotApplicable => CellState::NotApplicable,
            CellKind::Missing => CellState::Missing,
            CellKind::Unreadable => CellState::Unreadable,
        };
        Cell {
            state,
            source: self.span().map(|span| Source {
                raw: Raw::new(),
                span,
            }),
        }
    }
}

/// Sets the line and column of every kept cell with a span in `text`.
fn locate_kept(cells: &mut [Kept], text: &str) {
    let offsets: Vec<usize> = cells
        .iter()
        .filter(|k| k.start != u32::MAX)
        .map(|k| k.start as usize)
        .collect();
    let mut found = locate_each(text, &offsets).into_iter();
    for k in cells.iter_mut().filter(|k| k.start != u32::MAX) {
        let at = found
            .next()
            .flatten()
            .and_then(|l| Some((u32::try_from(l.line).ok()?, u32::try_from(l.column).ok()?)));
        (k.line, k.column) = at.unwrap_or((0, 0));
    }
}

/// The table-二 columns the chains read.
const CHAIN_COLUMNS: &[ProactiveColumn] = &[
    ProactiveColumn::Issued,
    ProactiveColumn::Abolished,
    ProactiveColumn::InForce,
    ProactiveColumn::ItemsLastYear,
    ProactiveColumn::ItemsChange,
];

/// What is kept of one report: the cells the cross-year rules read (table
/// 三's 上年结转 and 结转下年度 rows, table 二's chained columns) with where
/// they are in its text, the tables' shapes, and a fingerprint of all its
/// numbers — about a kilobyte, whatever the report's size.
#[derive(Debug)]
pub(super) struct Entry {
    index: usize,
    edition: Option<Edition>,
    /// Table 三's layout and subtotal column, when it was read.
    requests: Option<(OtherHandlingLayout, bool)>,
    /// Table 二's edition, when it was read.
    proactive: Option<Edition>,
    title: Option<Kept>,
    cells: Box<[Kept]>,
    fingerprint: u64,
}

impl Entry {
    /// The entry of a validated report; `text` is the text its spans point into.
    pub(super) fn of(index: usize, v: &Validation, text: Option<&str>) -> Entry {
        let report = &v.report;
        // two rows of table 三, table 二's chained columns, the title
        let mut cells = Vec::with_capacity(2 * 8 + 4 * CHAIN_COLUMNS.len() + 1);
        if let Some(t) = &report.requests {
            for row in [RequestRow::CarriedOver, RequestRow::CarriedForward] {
                if let Some(r) = t.row(row) {
                    cells.extend(
                        r.cells()
                            .map(|(c, cell)| Kept::new(Path::request(row, c), cell)),
                    );
                }
            }
        }
        if let Some(t) = &report.proactive {
            for (row, column, cell) in t.cells() {
                if let CellRef::Count(cell) = cell
                    && CHAIN_COLUMNS.contains(&column)
                {
                    cells.push(Kept::new(Path::proactive(row, column), cell));
                }
            }
        }
        let title = report.meta.title_span.map(|span| {
            let cell = Cell::<i64>::blank().with_source(String::new(), span);
            Kept::new(year_path(), &cell)
        });
        cells.extend(title);
        if let Some(text) = text {
            locate_kept(&mut cells, text);
        }
        // the title, located with the cells, is taken back off their end
        let title = if title.is_some() { cells.pop() } else { None };
        Entry {
            index,
            edition: report.edition,
            requests: report
                .requests
                .as_ref()
                .map(|t| (t.other_handling, t.subtotal_column)),
            proactive: report.proactive.as_ref().map(Proactive::edition),
            title,
            cells: cells.into_boxed_slice(),
            fingerprint: fingerprint(report),
        }
    }

    /// The kept cells as a report, for the cross-year rules.
    fn report(&self) -> Report {
        let mut r = Report {
            edition: self.edition,
            requests: self.requests.map(|(layout, subtotal)| Requests {
                other_handling: layout,
                subtotal_column: subtotal,
                rows: BTreeMap::new(),
            }),
            proactive: self.proactive.map(Proactive::empty),
            ..Report::default()
        };
        r.meta.title_span = self.title.and_then(|t| t.span());
        for kept in self.cells.iter() {
            match kept.path {
                Path::Requests {
                    row,
                    column: Some(column),
                } => {
                    if let Some(t) = &mut r.requests {
                        *t.row_mut(row).get_mut(column) = kept.cell();
                    }
                }
                Path::Proactive {
                    row,
                    column: Some(column),
                } => {
                    if let Some(CellMut::Count(c)) =
                        r.proactive.as_mut().and_then(|t| t.get_mut(row, column))
                    {
                        *c = kept.cell();
                    }
                }
                _ => {}
            }
        }
        r
    }

    fn locate(&self, d: &mut Diagnostic) {
        if d.location.is_none()
            && let Some(span) = d.span
        {
            d.location = self
                .cells
                .iter()
                .chain(&self.title)
                .find(|k| k.span() == Some(span))
                .and_then(Kept::location);
        }
    }
}

/// A hash of every cell's state and number (not its text or span): equal
/// for the same report read from two forms.
fn fingerprint(report: &Report) -> u64 {
    let mut h = Mix(0);
    h.word(report.edition.map_or(0, |e| e as u64 + 1));
    // each cell as a word of where and what state, then its value
    report.for_each_cell(|path, cell| {
        let (table, row, column) = match path {
            Path::Proactive { row, column } => (0u64, row.index(), column.map(|c| c.index())),
            Path::Requests { row, column } => (1, row.index(), column.map(|c| c.index())),
            Path::Appeals { group, column } => (2, group.index(), column.map(|c| c.index())),
            _ => (3, 0, None),
        };
        let column = column.map_or(u64::from(u8::MAX), |c| c as u64);
        let at = table | (row as u64) << 8 | column << 16 | (cell.kind() as u64) << 24;
        match cell {
            CellRef::Count(c) => {
                h.word(at);
                h.word(c.value().map_or(0, |v| *v as u64));
            }
            CellRef::Money(c) => {
                let d = c.value().map_or(Decimal::ZERO, Decimal::normalize);
                let mantissa = d.mantissa();
                h.word(at | 1 << 32 | u64::from(d.scale()) << 40);
                h.word(mantissa as u64);
                h.word((mantissa >> 64) as u64);
            }
        }
    });
    h.0
}

/// A 64-bit hash of words, mixed by a folded 128-bit multiply (as wyhash
/// mixes): every input bit reaches every output bit within a few words.
/// A fingerprint of numbers needs no resistance to chosen inputs.
struct Mix(u64);

impl Mix {
    fn word(&mut self, w: u64) {
        let m =
            u128::from(self.0 ^ w ^ 0xa076_1d64_78bd_642f) * u128::from(0xe703_7ed1_a0b4_28db_u64);
        self.0 = (m as u64) ^ ((m >> 64) as u64);
    }
}

/// Every grouped report's entry, by body and year.
#[derive(Debug, Default)]
pub(super) struct Years {
    bodies: BTreeMap<String, BTreeMap<i32, Vec<Entry>>>,
}

impl Years {
    pub(super) fn add(&mut self, body: String, year: i32, entry: Entry) {
        self.bodies
            .entry(body)
            .or_default()
            .entry(year)
            .or_default()
            .push(entry);
    }

    pub(super) fn finish(self, options: &CheckOptions, summary: &mut Summary) {
        let names: BTreeSet<&str> = self.bodies.keys().map(String::as_str).collect();
        for name in &names {
            for (i, _) in name.char_indices().skip(1) {
                let tail = &name[i..];
                if names.contains(tail) && body::maybe_same(name, tail) {
                    summary
                        .similar_bodies
                        .push([(*name).to_owned(), tail.to_owned()]);
                }
            }
        }
        for (name, years) in self.bodies {
            let mut body = BodySummary {
                body: name,
                years: years.keys().copied().collect(),
                reports: years.values().flatten().map(|e| e.index).collect(),
                links: Vec::new(),
                duplicates: Vec::new(),
            };
            let mut ambiguous = BTreeSet::new();
            for (year, entries) in &years {
                if entries.len() < 2 {
                    continue;
                }
                let identical = entries
                    .iter()
                    .all(|e| e.fingerprint == entries[0].fingerprint);
                if !identical {
                    ambiguous.insert(*year);
                }
                body.duplicates.push(Duplicate {
                    year: *year,
                    reports: entries.iter().map(|e| e.index).collect(),
                    identical,
                });
                for e in &entries[1..] {
                    let mut d = Diagnostic::new(Code::AuditDuplicate, Kind::Audit, year_path());
                    d.found = Some(Number::Count(i128::from(*year)));
                    d.raw = Some(summary.reports[entries[0].index].name.clone());
                    d.span = e.title.and_then(|t| t.span());
                    e.locate(&mut d);
                    summary.findings.push(AuditFinding {
                        report: e.index,
                        other: entries[0].index,
                        diagnostic: d,
                    });
                }
            }
            let ordered: Vec<(&i32, &Vec<Entry>)> = years.iter().collect();
            for pair in ordered.windows(2) {
                let [(py, prev), (y, cur)] = pair else {
                    continue;
                };
                let (prev, cur) = (&prev[0], &cur[0]);
                let (status, found) =
                    if **y == **py + 1 && (ambiguous.contains(*py) || ambiguous.contains(*y)) {
                        (LinkStatus::Ambiguous, Diagnostics::default())
                    } else {
                        link(**py, &prev.report(), **y, &cur.report(), options)
                    };
                body.links.push(Link {
                    previous_year: **py,
                    year: **y,
                    previous: prev.index,
                    current: cur.index,
                    status,
                });
                for mut d in found.0 {
                    cur.locate(&mut d);
                    summary.findings.push(AuditFinding {
                        report: cur.index,
                        other: prev.index,
                        diagnostic: d,
                    });
                }
            }
            summary.bodies.push(body);
        }
    }
}

fn year_path() -> Path {
    Path::Meta(MetaField::TitleYear)
}

/// The cross-year findings of `current` (of `year`) after `previous` (of
/// `previous_year`, an earlier year), and what was chained.
pub(super) fn link(
    previous_year: i32,
    previous: &Report,
    year: i32,
    current: &Report,
    options: &CheckOptions,
) -> (LinkStatus, Diagnostics) {
    if i64::from(year) != i64::from(previous_year) + 1 {
        let mut d = Diagnostic::new(Code::AuditYearGap, Kind::Audit, year_path());
        d.expected = Some(Number::Count(i128::from(year) - 1));
        d.found = Some(Number::Count(i128::from(previous_year)));
        d.span = current.meta.title_span;
        return (LinkStatus::Gap, Diagnostics(vec![d]));
    }
    let found = check_consecutive(previous, current, options);
    let status = if previous.requests.is_none() || current.requests.is_none() {
        LinkStatus::TableMissing
    } else if previous.edition != current.edition {
        LinkStatus::EditionChanged
    } else {
        LinkStatus::Checked
    };
    (status, found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_kept_cell_is_small() {
        assert!(
            std::mem::size_of::<Kept>() <= 32,
            "{}",
            std::mem::size_of::<Kept>()
        );
    }

    #[test]
    fn the_fingerprint_tells_every_cell_change() {
        use crate::model::keys::RequestColumn;
        let mut base = Report::new(Edition::V2021);
        base.set_request_row(RequestRow::Disclosed, [3, 0, 1, 0, 0, 0], 4);
        base.fill_zero_outcomes();
        let print = fingerprint(&base);
        assert_eq!(print, fingerprint(&base.clone()));
        // each cell of table 三 one more, blank instead of its number, and
        // the same count at the next column
        let mut seen = BTreeSet::from([print]);
        for row in RequestRow::ALL {
            for column in RequestColumn::ALL {
                let mut r = base.clone();
                let cell = r.requests.as_mut().unwrap().row_mut(*row).get_mut(*column);
                let value = cell.value().copied();
                *cell = Cell::number(value.unwrap_or(0) + 1);
                assert!(seen.insert(fingerprint(&r)), "{row:?} {column:?} +1");
                *r.requests.as_mut().unwrap().row_mut(*row).get_mut(*column) = Cell::blank();
                assert!(
                    seen.insert(fingerprint(&r)) || value.is_none(),
                    "{row:?} {column:?} blank"
                );
            }
        }
        // money: the value, not how many decimals write it
        let money = |d: &str| {
            let mut r = base.clone();
            r.for_each_cell_mut(|_, cell| {
                if let CellMut::Money(c) = cell {
                    *c = Cell::number(d.parse().unwrap());
                }
            });
            fingerprint(&r)
        };
        assert_eq!(money("1.5"), money("1.50"));
        assert_ne!(money("1.5"), money("1.05"));
        assert_ne!(money("1.5"), money("15"));
    }
}
