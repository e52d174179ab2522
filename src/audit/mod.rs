//! Many reports at once: validate a folder's worth of reports, group them by
//! body, run the cross-year rules on each body's consecutive years, and sum
//! up the findings.
//!
//! Reports are read in order, in batches (with the `rayon` feature, in
//! parallel, two batches at once, at most [`AuditOptions::in_flight`]
//! reports in all); each [`Record`] is handed to the caller's sink as soon as
//! its batch is done and then dropped, so memory is bounded by the reports
//! in flight, not by the set. What the audit keeps of
//! a report is its [`ReportSummary`] and the few cells the cross-year rules
//! read (table 三's 上年结转 and 结转下年度 rows, table 二).
//!
//! ```
//! use ogi_report::audit::{Audit, AuditOptions, Input, LinkStatus};
//! use ogi_report::{Code, Edition, Report, RequestRow, to_text};
//!
//! // one body, two consecutive years; 2024 starts from 1 carried over,
//! // but 2023 carried 2 forward
//! let mut y2023 = Report::new(Edition::V2021);
//! y2023.set_request_row(RequestRow::CarriedForward, [2, 0, 0, 0, 0, 0], 2);
//! let mut y2024 = Report::new(Edition::V2021);
//! y2024.set_request_row(RequestRow::CarriedOver, [1, 0, 0, 0, 0, 0], 1);
//! let text = |r: &Report, year: i32| format!("某某局{year}年政府信息公开工作年度报告\n{}", to_text(r));
//!
//! let mut audit = Audit::new(AuditOptions::default());
//! let mut read = 0;
//! audit.run(
//!     [
//!         Input::bytes("2023.txt", text(&y2023, 2023)),
//!         Input::bytes("2024.txt", text(&y2024, 2024)),
//!     ],
//!     |record| {
//!         assert!(record.result.is_ok());
//!         read += 1;
//!     },
//! );
//! let summary = audit.finish();
//! assert_eq!(read, 2);
//! let body = &summary.bodies[0];
//! assert_eq!((body.body.as_str(), body.years.as_slice()), ("某某局", &[2023, 2024][..]));
//! assert_eq!(body.links[0].status, LinkStatus::Checked);
//! let (report, finding) = summary.findings().next().unwrap();
//! assert_eq!((report, finding.code), (1, Code::CarryOverMismatch));
//! assert_eq!(finding.path.to_string(), "requests.carried_over.natural_person");
//! ```

mod body;
mod years;

use std::collections::BTreeMap;
use std::fmt;

pub use body::body_of;

use crate::check::{CheckOptions, check};
use crate::diagnostic::{Code, Diagnostic, Diagnostics, Severity};
use crate::model::keys::{Edition, TableId};
use crate::model::report::Report;
use crate::parse::{Error, Format, ParseOptions};
use crate::{Validation, validate_bytes_then};

/// One report to audit: a name the caller knows it by (a path, an id), where
/// its bytes come from, and optionally the body it is of.
///
/// ```
/// use ogi_report::audit::Input;
///
/// let a = Input::path("reports/2023/某某局.html");
/// let b = Input::bytes("paste", "二、主动公开政府信息情况…").with_body("某某局");
/// assert_eq!(a.name(), "reports/2023/某某局.html");
/// assert_eq!(b.body(), Some("某某局"));
/// ```
pub struct Input {
    name: String,
    body: Option<String>,
    source: Source,
}

enum Source {
    Bytes(Vec<u8>),
    Path(std::path::PathBuf),
    Load(Box<dyn FnOnce() -> Result<Vec<u8>, String> + Send>),
    Report(Box<Report>),
    Skipped(String),
}

impl Input {
    /// Bytes in any encoding and form [`validate_bytes`](crate::validate_bytes) reads.
    pub fn bytes(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Input {
        Input::new(name.into(), Source::Bytes(bytes.into()))
    }

    /// A file, read when its turn comes (in a worker thread with `rayon`),
    /// refused unread when it is longer than [`ParseOptions::max_len`].
    /// Its name is the path as given.
    pub fn path(path: impl AsRef<std::path::Path>) -> Input {
        let path = path.as_ref();
        Input::new(path.display().to_string(), Source::Path(path.to_path_buf()))
    }

    /// Bytes made when their turn comes, by the caller's loader (a text
    /// extractor, a download); the loader's error is the record's
    /// [`Failure::Read`].
    pub fn load(
        name: impl Into<String>,
        loader: impl FnOnce() -> Result<Vec<u8>, String> + Send + 'static,
    ) -> Input {
        Input::new(name.into(), Source::Load(Box::new(loader)))
    }

    /// A report already in hand (built from numbers, deserialized): it is
    /// checked, not parsed, and its validation's format is
    /// [`Format::Text`].
    pub fn report(name: impl Into<String>, report: Report) -> Input {
        Input::new(name.into(), Source::Report(Box::new(report)))
    }

    /// An input the caller could not or would not read (a PDF with no text
    /// extractor at hand): listed in the summary as skipped, with the reason.
    pub fn skipped(name: impl Into<String>, reason: impl Into<String>) -> Input {
        Input::new(name.into(), Source::Skipped(reason.into()))
    }

    /// The same input with the body it is of given by the caller (an id
    /// from a mapping file), instead of the body its title names
    /// ([`body_of`]).
    pub fn with_body(mut self, body: impl Into<String>) -> Input {
        self.body = Some(body.into());
        self
    }

    /// The same input under another name (a file by its path relative to
    /// the folder audited).
    pub fn with_name(mut self, name: impl Into<String>) -> Input {
        self.name = name.into();
        self
    }

    /// The caller's name for the input.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The body the caller gave, if any.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    fn new(name: String, source: Source) -> Input {
        Input {
            name,
            body: None,
            source,
        }
    }
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let source = match &self.source {
            Source::Bytes(b) => format!("{} bytes", b.len()),
            Source::Path(p) => format!("file {}", p.display()),
            Source::Load(_) => "loader".to_owned(),
            Source::Report(_) => "report".to_owned(),
            Source::Skipped(r) => format!("skipped: {r}"),
        };
        f.debug_struct("Input")
            .field("name", &self.name)
            .field("body", &self.body)
            .field("source", &source)
            .finish()
    }
}

/// How an audit reads and checks.
///
/// ```
/// use ogi_report::audit::AuditOptions;
/// use ogi_report::{CheckOptions, ParseOptions};
///
/// let options = AuditOptions::default()
///     .check(CheckOptions::new().blank_as_zero(true))
///     .parse(ParseOptions::default().max_len(1 << 20))
///     .threads(2)
///     .in_flight(32);
/// assert_eq!(options.in_flight, 32);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct AuditOptions {
    /// Limits of the parser (the input size).
    pub parse: ParseOptions,
    /// The check policies (blank as zero), for single-report and cross-year rules.
    pub check: CheckOptions,
    /// Worker threads with the `rayon` feature; 0 (the default) is one per
    /// core. Without the feature reports are read one after another.
    pub threads: usize,
    /// How many reports are read at once, at most: the bound on memory.
    /// Records are handed to the sink in input order, a batch at a time
    /// (with `rayon`, two batches of half this many are read at once).
    /// Default 64; 0 is taken as 1.
    pub in_flight: usize,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            parse: ParseOptions::default(),
            check: CheckOptions::default(),
            threads: 0,
            in_flight: 64,
        }
    }
}

impl AuditOptions {
    /// With these parse options.
    pub fn parse(mut self, parse: ParseOptions) -> Self {
        self.parse = parse;
        self
    }

    /// With these check options.
    pub fn check(mut self, check: CheckOptions) -> Self {
        self.check = check;
        self
    }

    /// With this many worker threads (0: one per core).
    pub fn threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// With at most this many reports in flight.
    pub fn in_flight(mut self, in_flight: usize) -> Self {
        self.in_flight = in_flight;
        self
    }
}

/// Why an input gave no report.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Failure {
    /// The caller skipped it ([`Input::skipped`]); the reason is the caller's.
    #[error("{0}")]
    Skipped(String),
    /// Its bytes could not be had: a file that cannot be opened, a loader's error.
    #[error("cannot read: {0}")]
    Read(String),
    /// Its bytes are not a report the crate can read (binary, PDF, no report in it …).
    #[error("{0}")]
    Parse(#[from] Error),
}

impl Failure {
    /// `"skipped"`, `"read"` or `"parse"`.
    pub fn key(&self) -> &'static str {
        match self {
            Failure::Skipped(_) => "skipped",
            Failure::Read(_) => "read",
            Failure::Parse(_) => "parse",
        }
    }
}

/// One input's result, handed to the audit's sink as soon as it is read.
///
/// The cross-year findings of the report come later, in the [`Summary`]:
/// they need the body's other years.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Record {
    /// Its position in the audit's inputs, from 0 (the index in
    /// [`Summary::reports`]).
    pub index: usize,
    /// The caller's name for it.
    pub name: String,
    /// The body it is of: the caller's ([`Input::with_body`]) or the one
    /// its title names ([`body_of`]).
    pub body: Option<String>,
    /// The year it reports on: the title's, else the statistical period's.
    pub year: Option<i32>,
    /// The validated report, or why there is none.
    pub result: Result<Validation, Failure>,
}

/// An audit in progress: [`run`](Audit::run) it over inputs (once or in
/// several goes), then [`finish`](Audit::finish) it for the [`Summary`].
pub struct Audit {
    options: AuditOptions,
    #[cfg(feature = "rayon")]
    pool: Option<rayon::ThreadPool>,
    reports: Vec<ReportSummary>,
    years: years::Years,
}

impl fmt::Debug for Audit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Audit")
            .field("options", &self.options)
            .field("reports", &self.reports.len())
            .finish_non_exhaustive()
    }
}

impl Audit {
    /// An audit with no report read yet.
    pub fn new(options: AuditOptions) -> Audit {
        Audit {
            options,
            #[cfg(feature = "rayon")]
            pool: rayon::ThreadPoolBuilder::new()
                .num_threads(options.threads)
                .build()
                .ok(),
            reports: Vec::new(),
            years: years::Years::default(),
        }
    }

    /// Reads and checks every input, handing each [`Record`] to `sink` in
    /// input order. An input that cannot be read is a record with a
    /// [`Failure`]; it never stops the run.
    ///
    /// With the `rayon` feature the reports are read in batches of half
    /// [`AuditOptions::in_flight`], two at a time: the workers read the
    /// next batch while this thread hands out the last one (with an
    /// `in_flight` of 1, one report at a time).
    pub fn run<I>(&mut self, inputs: I, sink: impl FnMut(Record))
    where
        I: IntoIterator<Item = Input>,
    {
        self.run_map(inputs, |record| record, sink);
    }

    /// [`run`](Audit::run), each record first turned by `map` into what
    /// `sink` needs, in the worker thread that read it: a JSON line, a row
    /// of a table, or nothing when the summary is all the caller wants.
    /// What a record holds is then made, read and dropped on the thread that
    /// read it, not handed whole to this one. `sink` still gets the results
    /// in input order, on this thread.
    ///
    /// ```
    /// use ogi_report::audit::{Audit, AuditOptions, Input};
    ///
    /// let mut audit = Audit::new(AuditOptions::default());
    /// let mut lines = Vec::new();
    /// audit.run_map(
    ///     [Input::bytes("a.txt", "三、收到和处理政府信息公开申请情况"), Input::bytes("b.txt", "")],
    ///     |record| format!("{}\t{}", record.name, record.result.is_ok()),
    ///     |line| lines.push(line),
    /// );
    /// assert_eq!(lines, ["a.txt\ttrue", "b.txt\tfalse"]);
    /// assert_eq!(audit.finish().reports.len(), 2);
    /// ```
    pub fn run_map<I, T, M>(&mut self, inputs: I, map: M, mut sink: impl FnMut(T))
    where
        I: IntoIterator<Item = Input>,
        M: Fn(Record) -> T + Sync,
        T: Send,
    {
        let mut inputs = inputs.into_iter();
        let mut next = self.reports.len();
        let mut take = move |batch: usize| -> Vec<(usize, Input)> {
            let chunk: Vec<(usize, Input)> = inputs
                .by_ref()
                .take(batch)
                .enumerate()
                .map(|(i, input)| (next + i, input))
                .collect();
            next += chunk.len();
            chunk
        };
        let Audit {
            options,
            #[cfg(feature = "rayon")]
            pool,
            reports,
            years,
        } = self;
        let options = *options;
        let mut keep = |done: Vec<Done<T>>| {
            for read in done {
                reports.push(read.summary);
                if let Some((body, year, entry)) = read.entry {
                    years.add(body, year, entry);
                }
                sink(read.item);
            }
        };
        #[cfg(feature = "rayon")]
        {
            let map = &map;
            match pool {
                Some(pool) => {
                    pool.in_place_scope(|scope| pipeline(scope, options, map, &mut take, &mut keep))
                }
                None => rayon::in_place_scope(|scope| {
                    pipeline(scope, options, map, &mut take, &mut keep)
                }),
            }
        }
        #[cfg(not(feature = "rayon"))]
        loop {
            let chunk = take(options.in_flight.max(1));
            if chunk.is_empty() {
                break;
            }
            let done = chunk
                .into_iter()
                .map(|(i, input)| read_one(i, input, &options, &map))
                .collect();
            keep(done);
        }
    }

    /// Runs the cross-year rules on every body's consecutive years and
    /// returns the summary of everything read.
    pub fn finish(self) -> Summary {
        let mut summary = Summary {
            reports: self.reports,
            codes: BTreeMap::new(),
            bodies: Vec::new(),
            ungrouped: Vec::new(),
            similar_bodies: Vec::new(),
            findings: Vec::new(),
        };
        self.years.finish(&self.options.check, &mut summary);
        for r in &summary.reports {
            if r.failure.is_none() && (r.body.is_none() || r.year.is_none()) {
                summary.ungrouped.push(r.index);
            }
        }
        for f in &summary.findings {
            summary.reports[f.report].count(&f.diagnostic);
        }
        for r in &summary.reports {
            for code in r.codes.keys() {
                summary.codes.entry(*code).or_default().push(r.index);
            }
        }
        summary
    }
}

/// [`Audit::run`] over `inputs`, then [`Audit::finish`].
///
/// ```
/// use ogi_report::audit::{audit, AuditOptions, Input};
///
/// let inputs = vec![
///     Input::bytes("empty.txt", ""),
///     Input::bytes("scan.png", b"\x89PNG\r\n\x1a\n".to_vec()),
/// ];
/// let summary = audit(inputs, &AuditOptions::default(), |_| {});
/// assert_eq!(summary.failed().count(), 2);
/// assert_eq!(summary.failed().next().unwrap().failure.as_ref().unwrap().kind, "parse");
/// ```
pub fn audit<I>(inputs: I, options: &AuditOptions, sink: impl FnMut(Record)) -> Summary
where
    I: IntoIterator<Item = Input>,
{
    let mut a = Audit::new(*options);
    a.run(inputs, sink);
    a.finish()
}

/// The batches of [`Audit::run_map`] on the pool: two in flight, each read
/// in parallel, their results kept in input order on this thread while the
/// workers read the next.
#[cfg(feature = "rayon")]
fn pipeline<'s, T, M>(
    scope: &rayon::Scope<'s>,
    options: AuditOptions,
    map: &'s M,
    take: &mut impl FnMut(usize) -> Vec<(usize, Input)>,
    keep: &mut impl FnMut(Vec<Done<T>>),
) where
    M: Fn(Record) -> T + Sync,
    T: Send + 's,
{
    use rayon::prelude::*;
    // two batches of half the reports in flight; one of one when only one
    // may be
    let in_flight = options.in_flight.max(1);
    let (batch, depth) = if in_flight >= 2 {
        (in_flight / 2, 2)
    } else {
        (1, 1)
    };
    let spawn = |chunk: Vec<(usize, Input)>| {
        let (send, receive) = std::sync::mpsc::sync_channel(1);
        scope.spawn(move |_| {
            let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                chunk
                    .into_par_iter()
                    .map(|(i, input)| read_one(i, input, &options, map))
                    .collect::<Vec<Done<T>>>()
            }));
            // the receiver is gone only when `run_map` itself unwound
            let _ = send.send(read);
        });
        receive
    };
    let mut pending = std::collections::VecDeque::new();
    for _ in 0..depth {
        let chunk = take(batch);
        if !chunk.is_empty() {
            pending.push_back(spawn(chunk));
        }
    }
    while let Some(read) = pending.pop_front() {
        let done = match read.recv() {
            Ok(Ok(done)) => done,
            // a panic in a worker is this thread's, as it would be without
            // the feature
            Ok(Err(panic)) => std::panic::resume_unwind(panic),
            Err(_) => unreachable!("a batch's worker ends by sending its records"),
        };
        keep(done);
        let chunk = take(batch);
        if !chunk.is_empty() {
            pending.push_back(spawn(chunk));
        }
    }
}

/// One input read, in a worker: its record as `map` made it, what the
/// summary keeps of it, and what the cross-year rules need of it.
struct Done<T> {
    item: T,
    summary: ReportSummary,
    /// The body, year and entry of a report the cross-year rules chain.
    entry: Option<(String, i32, years::Entry)>,
}

/// Reads, validates and keeps what the cross-year rules need, in a worker.
fn read_one<T>(
    index: usize,
    input: Input,
    options: &AuditOptions,
    map: &impl Fn(Record) -> T,
) -> Done<T> {
    let Input { name, body, source } = input;
    let bytes = match source {
        Source::Bytes(b) => Ok(b),
        Source::Path(p) => read_file(&p, options.parse.max_len),
        Source::Load(f) => f().map_err(Failure::Read),
        Source::Skipped(reason) => Err(Failure::Skipped(reason)),
        Source::Report(report) => {
            let diagnostics = check(&report, &options.check);
            let v = Validation {
                report: *report,
                diagnostics,
                format: Format::Text,
                encoding: None,
            };
            let entry = years::Entry::of(index, &v, None);
            return finish_record(index, name, body, Ok(v), Some(entry), map);
        }
    };
    let result = bytes.and_then(|bytes| {
        validate_bytes_then(&bytes, &options.parse, &options.check, |text, v| {
            years::Entry::of(index, v, Some(text))
        })
        .map_err(Failure::Parse)
    });
    match result {
        Ok((v, entry)) => finish_record(index, name, body, Ok(v), Some(entry), map),
        Err(e) => finish_record(index, name, body, Err(e), None, map),
    }
}

fn finish_record<T>(
    index: usize,
    name: String,
    body: Option<String>,
    result: Result<Validation, Failure>,
    entry: Option<years::Entry>,
    map: &impl Fn(Record) -> T,
) -> Done<T> {
    let (body, year) = match &result {
        Ok(v) => {
            let meta = &v.report.meta;
            let year = meta.title_year.or(meta.period.map(|p| p.start.year));
            (
                body.map(|b| body::normalize(&b)).or_else(|| body_of(meta)),
                year,
            )
        }
        Err(_) => (body, None),
    };
    let record = Record {
        index,
        name,
        body,
        year,
        result,
    };
    let entry = match (&record.body, record.year, entry) {
        (Some(body), Some(year), Some(entry)) => Some((body.clone(), year, entry)),
        _ => None,
    };
    Done {
        summary: ReportSummary::of(&record),
        item: map(record),
        entry,
    }
}

fn read_file(path: &std::path::Path, limit: usize) -> Result<Vec<u8>, Failure> {
    use std::io::Read;
    let file = std::fs::File::open(path).map_err(|e| Failure::Read(e.to_string()))?;
    let mut bytes = Vec::new();
    // one byte past the limit tells the parser the input is too large
    file.take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::Read(e.to_string()))?;
    Ok(bytes)
}

/// What the audit keeps of one input.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct ReportSummary {
    /// Its position in the inputs.
    pub index: usize,
    /// The caller's name for it.
    pub name: String,
    /// The body it is of.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub body: Option<String>,
    /// The year it reports on.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub year: Option<i32>,
    /// The edition of the format.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub edition: Option<Edition>,
    /// The form it was read in; `None` when it was not read.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub format: Option<Format>,
    /// Why it gave no report.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub failure: Option<FailureSummary>,
    /// The tables it did not give ([`Validation::unread_tables`]).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub unread_tables: Vec<TableId>,
    /// Findings of error severity, its cross-year findings included.
    pub errors: usize,
    /// Findings of warning severity.
    pub warnings: usize,
    /// Findings of info severity (not-assessable checks, parse notes).
    pub infos: usize,
    /// Findings by code.
    pub codes: BTreeMap<Code, usize>,
}

impl ReportSummary {
    fn of(record: &Record) -> ReportSummary {
        let mut s = ReportSummary {
            index: record.index,
            name: record.name.clone(),
            body: record.body.clone(),
            year: record.year,
            edition: None,
            format: None,
            failure: None,
            unread_tables: Vec::new(),
            errors: 0,
            warnings: 0,
            infos: 0,
            codes: BTreeMap::new(),
        };
        match &record.result {
            Ok(v) => {
                s.edition = v.report.edition;
                s.format = Some(v.format);
                s.unread_tables = v.unread_tables();
                for d in v.diagnostics.iter() {
                    s.count(d);
                }
            }
            Err(e) => {
                s.failure = Some(FailureSummary {
                    kind: e.key().to_owned(),
                    message: e.to_string(),
                })
            }
        }
        s
    }

    fn count(&mut self, d: &Diagnostic) {
        match d.severity {
            Severity::Error => self.errors += 1,
            Severity::Warning => self.warnings += 1,
            Severity::Info => self.infos += 1,
        }
        *self.codes.entry(d.code).or_default() += 1;
    }

    /// Whether it was read and gave every table.
    pub fn is_complete(&self) -> bool {
        self.failure.is_none() && self.unread_tables.is_empty()
    }
}

/// Why an input gave no report, as data.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct FailureSummary {
    /// [`Failure::key`]: `"skipped"`, `"read"` or `"parse"`.
    pub kind: String,
    /// The reason, in English.
    pub message: String,
}

/// One body's reports over the years.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct BodySummary {
    /// The body.
    pub body: String,
    /// The years read, ascending, each once.
    pub years: Vec<i32>,
    /// Its reports (indices into [`Summary::reports`]), by year then input order.
    pub reports: Vec<usize>,
    /// Each pair of successive years read, and what was chained.
    pub links: Vec<Link>,
    /// Years read more than once.
    pub duplicates: Vec<Duplicate>,
}

/// Two successive years of a body, as read.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Link {
    /// The earlier year.
    pub previous_year: i32,
    /// The later year.
    pub year: i32,
    /// The earlier year's report (the first read, for a duplicated year).
    pub previous: usize,
    /// The later year's report.
    pub current: usize,
    /// What was chained.
    pub status: LinkStatus,
}

/// What the cross-year rules did with two successive years of a body.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum LinkStatus {
    /// Consecutive years of one edition: carry-over and table 二 chained.
    Checked,
    /// Consecutive years across the 2020→2021 edition change: the
    /// carry-over is chained (rows 二 and 四 of table 三 exist in both),
    /// table 二 is not (its rows differ).
    EditionChanged,
    /// A table 三 is missing in one of the years: no carry-over chained.
    TableMissing,
    /// Years between them are missing (`audit.year_gap`): not chained.
    Gap,
    /// One of the years was read twice with different numbers
    /// (`audit.duplicate`): which is right is unknown, so not chained.
    Ambiguous,
}

/// A body's year read more than once.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Duplicate {
    /// The year.
    pub year: i32,
    /// The reports of that year, in input order.
    pub reports: Vec<usize>,
    /// Whether they hold the same numbers in every cell (the same report
    /// downloaded twice, or as text and as a page); then the first is
    /// chained.
    pub identical: bool,
}

/// A finding about one report that needed another: a cross-year rule, a
/// duplicate, a gap.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct AuditFinding {
    /// The report it is about (its path and span point into that report;
    /// an operand of last year's cells has last year's span).
    pub report: usize,
    /// The other report: last year's, or the first of a duplicated year.
    pub other: usize,
    /// The finding.
    pub diagnostic: Diagnostic,
}

/// Everything an audit read, summed up; serializable.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Summary {
    /// Every input, in input order, read or not.
    pub reports: Vec<ReportSummary>,
    /// For each code found, the reports with it (indices, ascending).
    pub codes: BTreeMap<Code, Vec<usize>>,
    /// Every body with its years, by name.
    pub bodies: Vec<BodySummary>,
    /// Reports read whose body or year is unknown: not grouped, not chained.
    pub ungrouped: Vec<usize>,
    /// Pairs of body names that may be one body under two names
    /// (`淮安市洪泽区人民政府` and `洪泽区人民政府`): kept apart, because only
    /// the caller can say ([`Input::with_body`]).
    pub similar_bodies: Vec<[String; 2]>,
    /// The cross-year, duplicate and gap findings, by body then year.
    pub findings: Vec<AuditFinding>,
}

impl Summary {
    /// The cross-report findings with the report each is about.
    pub fn findings(&self) -> impl Iterator<Item = (usize, &Diagnostic)> {
        self.findings.iter().map(|f| (f.report, &f.diagnostic))
    }

    /// The inputs that gave no report.
    pub fn failed(&self) -> impl Iterator<Item = &ReportSummary> {
        self.reports.iter().filter(|r| r.failure.is_some())
    }

    /// How many inputs gave a report.
    pub fn read(&self) -> usize {
        self.reports.iter().filter(|r| r.failure.is_none()).count()
    }

    /// Whether any report has a finding of error severity.
    pub fn has_errors(&self) -> bool {
        self.reports.iter().any(|r| r.errors > 0)
    }

    /// The body of that name.
    pub fn body(&self, name: &str) -> Option<&BodySummary> {
        self.bodies
            .binary_search_by(|b| b.body.as_str().cmp(name))
            .ok()
            .map(|i| &self.bodies[i])
    }
}

/// The findings of one report's cross-year checks, for callers that pair
/// reports themselves: [`check_consecutive`](crate::check_consecutive)
/// when `year` follows `previous_year`, else the gap (`audit.year_gap`),
/// with the [`LinkStatus`] the audit would give.
pub fn check_years(
    previous_year: i32,
    previous: &Report,
    year: i32,
    current: &Report,
    options: &CheckOptions,
) -> (LinkStatus, Diagnostics) {
    years::link(previous_year, previous, year, current, options)
}
