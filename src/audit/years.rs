//! A body's years: what is kept of each report for the cross-year rules,
//! duplicates, gaps, and the chaining of consecutive years.

use std::collections::{BTreeMap, BTreeSet};
use std::hash::{Hash, Hasher};

use super::{AuditFinding, BodySummary, Duplicate, Link, LinkStatus, Record, Summary, body};
use crate::Validation;
use crate::check::{CheckOptions, check_consecutive};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Kind, Number};
use crate::model::cell::Span;
use crate::model::keys::RequestRow;
use crate::model::location::{LineIndex, Location};
use crate::model::path::{MetaField, Path};
use crate::model::proactive::CellRef;
use crate::model::report::Report;
use crate::model::requests::Requests;

/// What is kept of one report: the cells the cross-year rules read, where
/// they are in its text, and a fingerprint of all its numbers.
#[derive(Debug)]
pub(super) struct Entry {
    index: usize,
    chain: Report,
    fingerprint: u64,
    /// Line and column of each kept span, in the report's text.
    locations: Vec<(Span, Location)>,
}

impl Entry {
    /// The entry of a validated report; `text` is the text its spans point into.
    pub(super) fn of(index: usize, v: &Validation, text: Option<&str>) -> Entry {
        let chain = chain_part(&v.report);
        let mut spans: Vec<Span> = chain.cells().iter().filter_map(|(_, c)| c.span()).collect();
        spans.extend(chain.meta.title_span);
        let locations = match text {
            Some(text) if !spans.is_empty() => {
                let index = LineIndex::new(text);
                spans
                    .into_iter()
                    .filter_map(|s| index.location(s.start).map(|l| (s, l)))
                    .collect()
            }
            _ => Vec::new(),
        };
        Entry {
            index,
            chain,
            fingerprint: fingerprint(&v.report),
            locations,
        }
    }

    fn locate(&self, d: &mut Diagnostic) {
        if d.location.is_none()
            && let Some(span) = d.span
        {
            d.location = self
                .locations
                .iter()
                .find(|(s, _)| *s == span)
                .map(|(_, l)| *l);
        }
    }
}

/// The cells the cross-year rules read: table 三's 上年结转 and 结转下年度
/// rows, table 二, the edition and the title year.
fn chain_part(report: &Report) -> Report {
    let mut part = Report {
        edition: report.edition,
        proactive: report.proactive.clone(),
        ..Report::default()
    };
    part.meta.title_year = report.meta.title_year;
    part.meta.title_span = report.meta.title_span;
    part.requests = report.requests.as_ref().map(|t| Requests {
        other_handling: t.other_handling,
        subtotal_column: t.subtotal_column,
        rows: t
            .rows
            .iter()
            .filter(|(row, _)| matches!(row, RequestRow::CarriedOver | RequestRow::CarriedForward))
            .map(|(row, cells)| (*row, cells.clone()))
            .collect(),
    });
    part
}

/// A hash of every cell's state and number (not its text or span): equal
/// for the same report read from two forms.
fn fingerprint(report: &Report) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    report.edition.hash(&mut h);
    for (path, cell) in report.cells() {
        path.hash(&mut h);
        cell.kind().hash(&mut h);
        match cell {
            CellRef::Count(c) => c.value().hash(&mut h),
            CellRef::Money(c) => c.value().map(|d| d.normalize()).hash(&mut h),
        }
    }
    h.finish()
}

/// Every grouped report's entry, by body and year.
#[derive(Debug, Default)]
pub(super) struct Years {
    bodies: BTreeMap<String, BTreeMap<i32, Vec<Entry>>>,
}

impl Years {
    pub(super) fn add(&mut self, record: &Record, entry: Entry) {
        if let (Some(body), Some(year)) = (&record.body, record.year) {
            self.bodies
                .entry(body.clone())
                .or_default()
                .entry(year)
                .or_default()
                .push(entry);
        }
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
                    d.span = e.chain.meta.title_span;
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
                        link(**py, &prev.chain, **y, &cur.chain, options)
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
