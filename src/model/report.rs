//! The whole report.

use rust_decimal::Decimal;

use super::appeals::{AppealCounts, Appeals};
use super::cell::{Cell, Span};
use super::keys::{AppealGroup, Edition, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow};
use super::path::Path;
use super::proactive::{CellMut, CellRef, Proactive};
use super::requests::{OtherHandlingLayout, Requests, RequestsRow};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A calendar date as written in the report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Date {
    /// Year.
    pub year: i32,
    /// Month, 1–12.
    pub month: u8,
    /// Day, 1–31.
    pub day: u8,
}

/// The statistical period (`2023年1月1日至2023年12月31日`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Period {
    /// First day.
    pub start: Date,
    /// Last day.
    pub end: Date,
    /// Where the text states it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub span: Option<Span>,
}

/// Front matter read from the text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Meta {
    /// The reporting body, when the title names it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub agency: Option<String>,
    /// The title as written (lines joined).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub title: Option<String>,
    /// The year the title names.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub title_year: Option<i32>,
    /// Where the title year is written.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub title_span: Option<Span>,
    /// The statistical period, when stated.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub period: Option<Period>,
}

/// An OGI annual report: front matter and the three tables.
///
/// A table is `None` when the report (or the extracted text) lacks it.
///
/// ```
/// use ogi_report::{check, AppealGroup, CheckOptions, Edition, RequestRow, Report};
///
/// // An office fills in its own report from numbers.
/// let mut report = Report::new(Edition::V2021);
/// report.set_request_counts(RequestRow::NewReceived, [5, 1, 0, 0, 0, 0]);
/// report.set_request_counts(RequestRow::CarriedOver, [0; 6]);
/// report.set_request_counts(RequestRow::Disclosed, [4, 1, 0, 0, 0, 0]);
/// report.set_request_counts(RequestRow::CarriedForward, [1, 0, 0, 0, 0, 0]);
/// report.fill_zero_outcomes();
/// report.derive_outcome_total();
/// report.set_appeal_counts(AppealGroup::Review, [1, 0, 0, 0]);
/// report.set_appeal_counts(AppealGroup::DirectSuit, [0; 4]);
/// report.set_appeal_counts(AppealGroup::SuitAfterReview, [0; 4]);
/// let findings = check(&report, &CheckOptions::default());
/// // Table 二 is still an empty form: its checks are not assessable, nothing failed.
/// assert_eq!(findings.errors().count(), 0);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[non_exhaustive]
pub struct Report {
    /// Title, body, year, period.
    pub meta: Meta,
    /// The edition of the format, when known.
    pub edition: Option<Edition>,
    /// Table 二.
    pub proactive: Option<Proactive>,
    /// Table 三.
    pub requests: Option<Requests>,
    /// Table 四.
    pub appeals: Option<Appeals>,
}

impl Report {
    /// An empty form of an edition: all three tables present, every cell blank
    /// (2019 uses the single `other_handling` row).
    pub fn new(edition: Edition) -> Report {
        let layout = match edition {
            Edition::V2021 => OtherHandlingLayout::Split,
            Edition::V2019 => OtherHandlingLayout::Single,
        };
        let mut report = Report {
            meta: Meta::default(),
            edition: Some(edition),
            proactive: Some(Proactive::empty(edition)),
            requests: Some(Requests::new(layout)),
            appeals: Some(Appeals::default()),
        };
        report.for_each_cell_mut(|_, cell| match cell {
            CellMut::Count(c) => *c = Cell::blank(),
            CellMut::Money(c) => *c = Cell::blank(),
        });
        report
    }

    /// Sets a table-三 row from its six applicant counts, with the total derived.
    /// Creates table 三 (split layout) if absent.
    pub fn set_request_counts(&mut self, row: RequestRow, applicants: [i64; 6]) {
        let table = self
            .requests
            .get_or_insert_with(|| Requests::new(OtherHandlingLayout::Split));
        let subtotal = table.subtotal_column;
        let mut new_row = RequestsRow::from_counts(applicants);
        if subtotal {
            new_row.legal_entities_subtotal = Some(Cell::number(applicants[1..].iter().sum()));
        }
        table.rows.insert(row, new_row);
    }

    /// Sets a table-三 row exactly as printed: its six applicant counts and
    /// its printed total, typed, not computed — so [`check`](crate::check)
    /// catches a total the office mistyped. Creates table 三 (split layout)
    /// if absent. With the subtotal column, the subtotal is derived unless
    /// set with [`set_request_subtotal`](Self::set_request_subtotal).
    ///
    /// ```
    /// use ogi_report::{check, CheckOptions, Code, Edition, Report, RequestRow};
    ///
    /// let mut report = Report::new(Edition::V2021);
    /// // 12 + 2 + 1 is 15, but the printed total says 16
    /// report.set_request_row(RequestRow::NewReceived, [12, 2, 0, 0, 1, 0], 16);
    /// let findings = check(&report, &CheckOptions::default());
    /// assert!(findings.with_code(Code::RequestsRowTotal).any(|d| d.path.to_string() == "requests.new_received.total"));
    /// ```
    pub fn set_request_row(&mut self, row: RequestRow, applicants: [i64; 6], printed_total: i64) {
        self.set_request_counts(row, applicants);
        if let Some(table) = self.requests.as_mut() {
            *table.row_mut(row).get_mut(RequestColumn::Total) = Cell::number(printed_total);
        }
    }

    /// Sets a row's printed 法人或其他组织 subtotal (when the table has the
    /// subtotal column; `false` otherwise).
    pub fn set_request_subtotal(&mut self, row: RequestRow, printed_subtotal: i64) -> bool {
        match self.requests.as_mut() {
            Some(table) if table.subtotal_column => {
                *table
                    .row_mut(row)
                    .get_mut(RequestColumn::LegalEntitiesSubtotal) = Cell::number(printed_subtotal);
                true
            }
            _ => false,
        }
    }

    /// Sets the （七）总计 row exactly as printed, column by column (the six
    /// applicant columns, then 总计), so `check` compares it with the outcome
    /// rows instead of trusting a derived sum.
    pub fn set_printed_outcome_total(&mut self, applicants: [i64; 6], printed_total: i64) {
        self.set_request_row(RequestRow::OutcomeTotal, applicants, printed_total);
    }

    /// Sets a table-四 group exactly as printed: its four outcome counts and
    /// its printed total.
    pub fn set_appeal_row(&mut self, group: AppealGroup, parts: [i64; 4], printed_total: i64) {
        self.set_appeal_counts(group, parts);
        if let Some(appeals) = self.appeals.as_mut() {
            *appeals
                .group_mut(group)
                .get_mut(crate::model::keys::AppealColumn::Total) = Cell::number(printed_total);
        }
    }

    /// Sets every outcome row (R03…R23, or the single layout's rows) that has
    /// no number yet to zeros: for an office whose requests had few outcomes.
    pub fn fill_zero_outcomes(&mut self) {
        let Some(table) = self.requests.as_mut() else {
            return;
        };
        let rows: Vec<RequestRow> = table.outcome_rows().collect();
        let subtotal = table.subtotal_column;
        for row in rows {
            let r = table.row_mut(row);
            if r.cells().all(|(_, c)| c.value().is_none()) {
                *r = RequestsRow::from_counts([0; 6]);
                if subtotal {
                    r.legal_entities_subtotal = Some(Cell::number(0));
                }
            }
        }
    }

    /// Sets （七）总计 per column to the sum of the outcome rows, where every
    /// outcome cell of that column holds a number (other columns are left as they are).
    pub fn derive_outcome_total(&mut self) {
        let Some(table) = self.requests.as_mut() else {
            return;
        };
        let columns: Vec<RequestColumn> = table.columns().collect();
        for column in columns {
            let sum: Option<i64> = table
                .outcome_rows()
                .map(|r| table.get(r, column).and_then(|c| c.value().copied()))
                .sum();
            if let Some(sum) = sum {
                *table.row_mut(RequestRow::OutcomeTotal).get_mut(column) = Cell::number(sum);
            }
        }
    }

    /// Sets a table-四 group from its four outcome counts, with the total derived.
    pub fn set_appeal_counts(&mut self, group: AppealGroup, parts: [i64; 4]) {
        let [upheld, corrected, other, pending] = parts;
        *self
            .appeals
            .get_or_insert_with(Appeals::default)
            .group_mut(group) = AppealCounts::from_counts(upheld, corrected, other, pending);
    }

    /// Sets a count cell of table 二. Returns `false` when the table is absent
    /// or its edition has no such count cell.
    pub fn set_proactive_count(
        &mut self,
        row: ProactiveRow,
        column: ProactiveColumn,
        value: i64,
    ) -> bool {
        match self.proactive.as_mut().and_then(|t| t.get_mut(row, column)) {
            Some(CellMut::Count(c)) => {
                *c = Cell::number(value);
                true
            }
            _ => false,
        }
    }

    /// Sets a money cell of table 二. Returns `false` when the table is absent
    /// or its edition has no such money cell.
    pub fn set_proactive_amount(
        &mut self,
        row: ProactiveRow,
        column: ProactiveColumn,
        value: Decimal,
    ) -> bool {
        match self.proactive.as_mut().and_then(|t| t.get_mut(row, column)) {
            Some(CellMut::Money(c)) => {
                *c = Cell::number(value);
                true
            }
            _ => false,
        }
    }

    /// Every cell of the report with its path, in table order.
    pub fn cells(&self) -> Vec<(Path, CellRef<'_>)> {
        let mut out = Vec::with_capacity(256);
        if let Some(t) = &self.proactive {
            out.extend(t.cells().map(|(r, c, cell)| (Path::proactive(r, c), cell)));
        }
        if let Some(t) = &self.requests {
            for (row, cells) in &t.rows {
                out.extend(
                    cells
                        .cells()
                        .map(|(c, cell)| (Path::request(*row, c), CellRef::Count(cell))),
                );
            }
        }
        if let Some(t) = &self.appeals {
            out.extend(
                t.cells()
                    .map(|(g, c, cell)| (Path::appeal(g, c), CellRef::Count(cell))),
            );
        }
        out
    }

    /// Calls `f` on every cell with its path, in the order of
    /// [`cells`](Report::cells), without collecting them.
    ///
    /// ```
    /// use ogi_report::{CellRef, Edition, Report, RequestRow};
    ///
    /// let mut report = Report::new(Edition::V2021);
    /// report.set_request_row(RequestRow::NewReceived, [1, 0, 0, 0, 0, 0], 1);
    /// let mut numbers = 0;
    /// report.for_each_cell(|_, cell| {
    ///     if let CellRef::Count(c) = cell {
    ///         numbers += usize::from(c.value().is_some());
    ///     }
    /// });
    /// assert_eq!(numbers, 7);
    /// ```
    #[inline]
    pub fn for_each_cell<'a>(&'a self, mut f: impl FnMut(Path, CellRef<'a>)) {
        if let Some(t) = &self.proactive {
            for (r, c, cell) in t.cells() {
                f(Path::proactive(r, c), cell);
            }
        }
        if let Some(t) = &self.requests {
            for (row, cells) in &t.rows {
                cells.each_cell(|c, cell| f(Path::request(*row, c), CellRef::Count(cell)));
            }
        }
        if let Some(t) = &self.appeals {
            for g in AppealGroup::ALL {
                let counts = t.group(*g);
                for c in super::keys::AppealColumn::ALL {
                    f(Path::appeal(*g, *c), CellRef::Count(counts.get(*c)));
                }
            }
        }
    }

    /// Calls `f` on every cell with its path, for writing.
    pub fn for_each_cell_mut(&mut self, mut f: impl FnMut(Path, CellMut<'_>)) {
        if let Some(t) = &mut self.proactive {
            for (r, cols) in Proactive::layout(t.edition()) {
                for c in *cols {
                    if let Some(cell) = t.get_mut(*r, *c) {
                        f(Path::proactive(*r, *c), cell);
                    }
                }
            }
        }
        if let Some(t) = &mut self.requests {
            let columns: Vec<RequestColumn> = t.columns().collect();
            for (row, cells) in t.rows.iter_mut() {
                for c in &columns {
                    if *c == RequestColumn::LegalEntitiesSubtotal
                        && cells.legal_entities_subtotal.is_none()
                    {
                        continue;
                    }
                    f(Path::request(*row, *c), CellMut::Count(cells.get_mut(*c)));
                }
            }
        }
        if let Some(t) = &mut self.appeals {
            for g in AppealGroup::ALL {
                for c in super::keys::AppealColumn::ALL {
                    f(
                        Path::appeal(*g, *c),
                        CellMut::Count(t.group_mut(*g).get_mut(*c)),
                    );
                }
            }
        }
    }

    /// The cell at a cell path, if the report has it.
    pub fn cell(&self, path: Path) -> Option<CellRef<'_>> {
        match path {
            Path::Proactive {
                row,
                column: Some(c),
            } => self.proactive.as_ref()?.get(row, c),
            Path::Requests {
                row,
                column: Some(c),
            } => self.requests.as_ref()?.get(row, c).map(CellRef::Count),
            Path::Appeals {
                group,
                column: Some(c),
            } => Some(CellRef::Count(self.appeals.as_ref()?.group(group).get(c))),
            _ => None,
        }
    }

    /// The same report with every cell's source (raw text, span) and the
    /// front matter's spans removed: for comparing contents only.
    pub fn without_sources(&self) -> Report {
        let mut r = self.clone();
        r.for_each_cell_mut(|_, cell| match cell {
            CellMut::Count(c) => c.source = None,
            CellMut::Money(c) => c.source = None,
        });
        r.meta.title_span = None;
        if let Some(p) = &mut r.meta.period {
            p.span = None;
        }
        r
    }
}
