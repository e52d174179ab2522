//! Typed, checked data from China's government information disclosure
//! annual reports (政府信息公开工作年度报告).
//!
//! Every government body publishes one each year in a fixed national format
//! (国办公开办函〔2021〕30号; the 2019 trial format for 2019–2020). This crate
//! reads the text extracted from such a report into typed tables — table 二
//! (proactive disclosure), table 三 (requests, 25 × 7), table 四
//! (reconsideration and litigation) — keeping the raw text and source span of
//! every cell, and checks the arithmetic the format requires. Findings are
//! data: a stable [`Code`], a [`Severity`], a [`Path`] in the report, a
//! [`Span`] in the input, the values involved, and messages rendered from them
//! in Chinese or English.
//!
//! ```
//! use ogi_report::{validate, CheckOptions, Code, Kind, Lang, RequestColumn, RequestRow};
//!
//! let text = "\
//! 三、收到和处理政府信息公开申请情况
//! 一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3
//! 四、政府信息公开行政复议、行政诉讼情况
//! 1\t0\t0\t0\t2\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0
//! ";
//! let v = validate(text, &CheckOptions::default())?;
//! let requests = v.report.requests.as_ref().unwrap();
//! let total = requests.get(RequestRow::NewReceived, RequestColumn::Total).unwrap();
//! assert_eq!(total.value(), Some(&3));
//!
//! // 行政复议: 1 + 0 + 0 + 0 is not the printed total 2.
//! let bad: Vec<_> = v.diagnostics.with_code(Code::AppealsReviewTotal).collect();
//! assert_eq!(bad.len(), 1);
//! assert_eq!(bad[0].kind, Kind::Violation);
//! assert_eq!(bad[0].path.to_string(), "appeals.review.total");
//! assert_eq!(
//!     bad[0].message(Lang::En),
//!     "appeals.review.total: the total is 2, but its four parts add up to 1"
//! );
//! // The rows this excerpt lacks are parse findings, and the rules that
//! // read them are not assessable — never passed, never computed with zeros.
//! assert!(v.diagnostics.with_code(Code::ParseRowMissing).count() > 0);
//! assert!(v.diagnostics.of_kind(Kind::NotAssessable).count() > 0);
//! # Ok::<(), ogi_report::Error>(())
//! ```
//!
//! # Three uses
//!
//! A journalist checks one file and reads the findings in Chinese, each
//! with its line and column:
//!
//! ```
//! use ogi_report::{validate, CheckOptions, Kind, Lang};
//!
//! // std::fs::read_to_string("report.txt")?, here a sample of the corpus
//! let text = include_str!("../tests/corpus/shizuishan-science-bureau-2023.tabs.txt");
//! let v = validate(text, &CheckOptions::default())?;
//! let lost = v.diagnostics.of_kind(Kind::Parse).next().unwrap();
//! let at = lost.location.unwrap();
//! assert_eq!((at.line, at.column), (61, 20));
//! assert!(lost.message(Lang::Zh).starts_with("表三「1.属于国家秘密」行"));
//! # Ok::<(), ogi_report::Error>(())
//! ```
//!
//! An office builds its report from numbers, typing the totals as printed,
//! checks it, stores it as JSON and reads it back:
//!
//! ```
//! use ogi_report::{check, CheckOptions, Code, Edition, Report, RequestRow};
//!
//! let mut report = Report::new(Edition::V2021);
//! report.set_request_row(RequestRow::NewReceived, [12, 2, 0, 0, 1, 0], 16); // 15 is right
//! let findings = check(&report, &CheckOptions::default());
//! assert!(findings.with_code(Code::RequestsRowTotal).next().is_some());
//! # #[cfg(feature = "serde")] {
//! let json = serde_json::to_string(&report).unwrap();
//! let back: Report = serde_json::from_str(&json).unwrap();
//! assert_eq!(back, report);
//! # }
//! ```
//!
//! A researcher audits a folder of reports over the years: every cell to
//! CSV as each report is read, then each body's consecutive years chained
//! ([`audit`]; `examples/audit.rs` is the whole tool, with PDFs, progress
//! and exports):
//!
//! ```
//! use ogi_report::audit::{audit, AuditOptions, Input};
//! use ogi_report::{Code, Edition, Report, RequestRow, to_text};
//!
//! let dir = std::env::temp_dir().join(format!("ogi-doc-{}", std::process::id()));
//! std::fs::create_dir_all(&dir).unwrap();
//! for (year, carried_over, carried_forward) in [(2023, 0, 5), (2024, 4, 0)] {
//!     let mut r = Report::new(Edition::V2021);
//!     r.meta.agency = Some("某某局".into());
//!     r.meta.title_year = Some(year);
//!     r.set_request_row(RequestRow::CarriedOver, [carried_over, 0, 0, 0, 0, 0], carried_over);
//!     r.set_request_row(RequestRow::CarriedForward, [carried_forward, 0, 0, 0, 0, 0], carried_forward);
//!     std::fs::write(dir.join(format!("{year}.txt")), to_text(&r)).unwrap();
//! }
//!
//! let mut csv = csv::Writer::from_writer(Vec::new());
//! csv.write_record(["file", "path", "state", "value", "raw"]).unwrap();
//! let mut files: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).collect();
//! files.sort();
//! let inputs = files.iter().map(|p| Input::path(p).with_name(p.file_name().unwrap().to_string_lossy()));
//! let summary = audit(inputs, &AuditOptions::default(), |record| {
//!     let Ok(v) = &record.result else { return };
//!     for (path, cell) in v.report.cells() {
//!         let value = cell.count().map(|n| n.to_string()).unwrap_or_default();
//!         let path = path.to_string();
//!         csv.write_record([&record.name, &path, cell.kind().as_str(), &value, cell.raw().unwrap_or("")]).unwrap();
//!     }
//! });
//! let out = String::from_utf8(csv.into_inner().unwrap()).unwrap();
//! assert!(out.contains("2024.txt,requests.carried_over.total,number,4,4"));
//! // 2024 starts from 4 carried over; 2023 carried 5 forward
//! let (report, finding) = summary.findings().next().unwrap();
//! assert_eq!((summary.reports[report].name.as_str(), finding.code), ("2024.txt", Code::CarryOverMismatch));
//! std::fs::remove_dir_all(&dir).unwrap();
//! ```
//!
//! # The road through the crate
//!
//! - [`parse`] turns text into a [`Report`] plus structural findings. It fails
//!   with an [`Error`] only when nothing can be built (empty, binary, too
//!   large, no report in the text).
//! - [`check`] runs every single-report rule on a [`Report`], however it was
//!   made: parsed, deserialized, or built from numbers ([`Report::new`]).
//!   [`check_consecutive`] runs the cross-year rules on two reports.
//! - [`audit`] validates many reports (in parallel with the `rayon`
//!   feature), groups them by body and chains each body's consecutive years.
//! - [`validate`] does both and marks rule findings whose rows the
//!   extraction damaged ([`Diagnostic::extraction_suspect`]).
//! - [`to_text`] renders a report back to text that [`parse`] reads.
//!
//! # Cells
//!
//! A [`Cell`] is a number or says why there is none: blank (nothing
//! written), not applicable (`/`, `—`, `不适用`), missing (the extraction lost
//! it), unreadable (text that is not a number). Blank is not zero; a rule
//! whose cells are not all numbers is reported as [`Kind::NotAssessable`].
//! [`CheckOptions::blank_as_zero`] is the caller's opt-in policy for blank
//! non-total cells. Counts are `i64`, money is [`rust_decimal::Decimal`].
//!
//! # Codes
//!
//! Every finding has a stable string code, listed with its severity and
//! meaning in [`CODES`]:
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | `value.negative` | error | a count or amount is negative (2019 `items_change` may be) |
//! | `value.not_integer` | error | a count is not a whole number (reported by the parser; the cell is unreadable) |
//! | `requests.row_total` | error | table 三 row: 总计 = sum of the six applicant columns; subtotal column = sum of its five |
//! | `requests.outcome_total` | error | table 三 column: （七）总计 = sum of the outcome rows |
//! | `requests.balance` | error | table 三 column: 一 + 二 = （七）总计 + 四 (勾稽关系); path `requests.<column>` |
//! | `requests.group_subtotal` | error | a printed group subtotal = sum of its rows |
//! | `appeals.review_total` | error | K05 = K01 + K02 + K03 + K04 |
//! | `appeals.direct_suit_total` | error | K10 = K06 + K07 + K08 + K09 |
//! | `appeals.suit_after_review_total` | error | K15 = K11 + K12 + K13 + K14 |
//! | `model.edition_mismatch` | error | the model: table 二's edition is the report's |
//! | `model.row_outside_layout` | error | the model: table 三's rows belong to its declared （六） layout |
//! | `model.subtotal_without_column` | error | the model: subtotal cells only with the subtotal column |
//! | `model.impossible_date` | error | the model: the period's dates exist and are in order |
//! | `model.raw_mismatch` | error | the model: a cell's raw text, when it plainly writes a number, is its value |
//! | `model.span_outside_text` | error | [`check_spans`]: every span lies inside the text on char boundaries |
//! | `proactive.in_force_below_issued` | warning | 2021: in force ≥ issued − abolished |
//! | `appeals.suit_after_review_exceeds_review` | warning | K15 ≤ K05 |
//! | `meta.year_mismatch` | warning | the title year and the statistical period agree |
//! | `carry_over.mismatch` | warning | consecutive years: 上年结转(Y) = 结转下年度(Y−1) |
//! | `proactive.in_force_chain` | warning | consecutive 2021 years: in force chains |
//! | `proactive.items_chain` | warning | consecutive 2019 years: item counts chain |
//! | `audit.duplicate` | warning | [`audit`]: one report per body and year |
//! | `audit.year_gap` | info | [`audit`]: a body's previous report read is not last year's; not chained |
//! | `parse.table_missing` | warning | a table was not found |
//! | `parse.table_cut` | warning | the text ends inside a table |
//! | `parse.table_empty` | warning | a table holds no number |
//! | `parse.row_missing` | warning | an expected row was not found; its cells are missing |
//! | `parse.row_short` | warning | fewer values than columns; the lost cells are missing |
//! | `parse.row_long` | warning | more values than columns; none placed |
//! | `parse.unknown_row` | warning | values under a label that names no row; not placed |
//! | `parse.duplicate_row` | warning | a row appears twice; the second is not placed |
//! | `parse.unreadable_cell` | warning | a cell holds text that is not a number |
//! | `parse.mixed_edition` | warning | signals of both editions |
//! | `parse.label_approximate` | info | a row label was read approximately (typo) and taken for the row expected there |
//! | `parse.glued_recovered` | info | a glued digit run (no cell separators) was split by the table's arithmetic |
//! | `parse.glued_ambiguous` | warning | a glued run splits in several ways; cells unreadable, candidates listed |
//! | `parse.glued_inconsistent` | warning | no split satisfies the rules; cells unreadable, closest candidates listed |
//! | `parse.glued_stated` | info | a glued run's cell was fixed by a figure stated in the report's text |
//! | `parse.edition_assumed` | info | no edition signal; 2021 assumed |
//! | `parse.ends_before_tables` | warning | the start of an annual report, cut before its tables |
//! | `parse.pre_2019_format` | warning | a report in the structure of before 2019: no template tables |
//! | `parse.trailing_text` | warning | more report matter after the last section (a second report, tables); not read |
//! | `parse.stated_mismatch` | warning | a figure stated in the prose fits no split of a glued run; it decides nothing |
//! | `parse.line_too_long` | warning | a delimited line with more fields than any row; the values past the 512th field are counted, not read |
//!
//! A rule that cannot be evaluated is reported with the rule's code,
//! [`Kind::NotAssessable`] and [`Severity::Info`]. A rule that fails in every
//! way of splitting glued digits is reported as a violation with
//! [`Diagnostic::proven_by_text`] set, although its cells stay unreadable.
//!
//! # Features
//!
//! - `serde` (default): `Serialize`/`Deserialize` for the whole model and the
//!   findings. The JSON shape uses the spec's keys; a cell is
//!   `{"state": "number", "value": 3, "raw": "3", "span": {"start": 10, "end": 11}}`
//!   (`value` only for numbers, `raw`/`span` only for cells read from text;
//!   money values are decimal strings). See [`json`] for the whole shape.
//! - `html` (default): HTML pages, Word's HTML export included, read with a
//!   WHATWG tokenizer; spans point into the markup. Without it, markup is
//!   refused with [`ErrorKind::HtmlNeedsFeature`].
//! - `docx` (default): Word documents, read with `zip` and `quick-xml`;
//!   spans point into `word/document.xml` (`docx_document_xml`).
//!   Without it, a `.docx` is refused with [`ErrorKind::DocxNeedsFeature`].
//! - `rayon`: the [`audit`] reads reports on worker threads.
//! - `encoding` (default): GBK / GB18030 and declared legacy charsets in
//!   [`decode`] and [`parse_bytes`]. UTF-8 and UTF-16 (with a byte-order
//!   mark) need no feature.
//!
//! # Inputs
//!
//! [`parse`] takes text in any of the text layouts, or an HTML page (told
//! apart by content); [`parse_bytes`] and [`validate_bytes`] take bytes and
//! [`decode`] them first; a Word document (`.docx`) is unpacked and its
//! `word/document.xml` read. A PDF, a legacy `.doc`, another ZIP archive or
//! an image is refused at once with [`ErrorKind::NotText`], whose message
//! says what to do. Reading a page:
//!
//! ```
//! use ogi_report::{validate_bytes, CheckOptions, Format, ParseOptions, RequestColumn, RequestRow};
//!
//! let page = "<html><head><meta charset=utf-8><title>年报</title></head><body>\
//!   <p>三、收到和处理政府信息公开申请情况</p><table>\
//!   <tr><td colspan=3><span>一、本年新收</span><span>政府信息公开申请数量</span></td>\
//!   <td>2</td><td>&nbsp;</td><td>0</td><td>0</td><td>0</td><td>0</td><td>2</td></tr></table>\
//!   <p>四、政府信息公开行政复议、行政诉讼情况</p></body></html>";
//! let v = match validate_bytes(page.as_bytes(), &ParseOptions::default(), &CheckOptions::default()) {
//!     Ok(v) => v,
//!     Err(e) => {
//!         // a build without the `html` feature
//!         assert_eq!(e.kind(), &ogi_report::ErrorKind::HtmlNeedsFeature);
//!         return Ok(());
//!     }
//! };
//! assert_eq!(v.format, Format::Html);
//! let row = v.report.requests.as_ref().unwrap().row(RequestRow::NewReceived).unwrap();
//! assert_eq!(row.get(RequestColumn::NaturalPerson).unwrap().value(), Some(&2));
//! // `&nbsp;` is a blank cell, not zero
//! assert!(row.get(RequestColumn::Commercial).unwrap().value().is_none());
//! // the span points into the page
//! let span = row.get(RequestColumn::NaturalPerson).unwrap().span().unwrap();
//! assert_eq!(&page[span.start..span.end], "2");
//! # Ok::<(), ogi_report::Error>(())
//! ```
#![forbid(unsafe_code)]
#![warn(missing_docs)]

/// The exact decimal type of money cells (re-exported from `rust_decimal`).
pub use rust_decimal::Decimal;

pub mod audit;
mod check;
mod diagnostic;
pub mod json;
mod model;
mod parse;
mod render;
#[cfg(feature = "proptest")]
pub mod strategies;

pub use check::{CheckOptions, Suggestion, SuggestionKind, check, check_consecutive, check_spans};
pub use diagnostic::{
    CODES, Code, CodeInfo, Diagnostic, Diagnostics, Kind, Lang, Number, Operand, Severity,
};
pub use model::appeals::{AppealCounts, Appeals};
pub use model::cell::{Cell, CellKind, CellState, Source, Span};
pub use model::keys::{
    AppealColumn, AppealGroup, Edition, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow,
    TableId, UnknownKey,
};
pub use model::location::{LineIndex, Location};
pub use model::path::{MetaField, Path};
pub use model::proactive::{
    CellMut, CellRef, Decisions, DocumentCounts, FeeAmount, FeeItems, ItemCounts, Proactive,
    Proactive2019, Proactive2021, Procurement, Publications,
};
pub use model::raw::Raw;
pub use model::report::{Date, Meta, Period, Report};
pub use model::requests::{OtherHandlingLayout, Requests, RequestsRow};
#[cfg(feature = "docx")]
pub use parse::docx_document_xml;
pub use parse::{
    DocxProblem, Error, ErrorKind, Format, ParseOptions, Parsed, decode, parse, parse_bytes,
    parse_with,
};

pub use render::{to_html, to_text};

/// A parsed and checked report: the report, and every finding: the parser's
/// (in input order), then the rules' (in table order).
///
/// ```
/// use ogi_report::{validate, CheckOptions, Kind};
///
/// let v = validate("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n", &CheckOptions::default())?;
/// // parse findings come first, then the rules'
/// let kinds: Vec<Kind> = v.diagnostics.iter().map(|d| d.kind).collect();
/// let first_rule = kinds.iter().position(|k| *k != Kind::Parse).unwrap_or(kinds.len());
/// assert!(kinds[first_rule..].iter().all(|k| *k != Kind::Parse));
/// # Ok::<(), ogi_report::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Validation {
    /// The report.
    pub report: Report,
    /// Parse findings first, then rule findings.
    pub diagnostics: Diagnostics,
    /// The form the input was read in (see [`Parsed::format`]).
    #[cfg_attr(feature = "serde", serde(default))]
    pub format: Format,
    /// The encoding decoded, when not UTF-8 (see [`Parsed::encoding`]).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub encoding: Option<String>,
}

/// Parses `input` and checks the report. A rule finding that reads a row or
/// table the parser reported damage in (a lost cell, a cut table) gets that
/// finding's code in [`Diagnostic::extraction_suspect`]: "the extraction lost
/// cells" and "the report is inconsistent" stay distinguishable.
///
/// Text and HTML are read alike ([`parse`]); for bytes in any encoding use
/// [`validate_bytes`], for a raised input limit [`validate_with`].
pub fn validate(input: &str, options: &CheckOptions) -> Result<Validation, Error> {
    validate_with(input, &ParseOptions::default(), options)
}

/// [`validate`] with parse options (an input limit other than the default).
pub fn validate_with(
    input: &str,
    parse_options: &ParseOptions,
    options: &CheckOptions,
) -> Result<Validation, Error> {
    // every finding located at once, with one line table
    let mut v = finish(parse::parse_unlocated(input, parse_options)?, options);
    diagnostic::locate(&mut v.diagnostics.0, input);
    Ok(v)
}

/// [`validate`] for bytes: [`decode`]s them (UTF-8, UTF-16, GBK …) and
/// refuses PDF, Word and other non-text formats with a hint, as
/// [`parse_bytes`] does.
///
/// ```
/// use ogi_report::{validate_bytes, CheckOptions, ErrorKind, Format, ParseOptions};
///
/// let page = "<table><tr><td>一、本年新收政府信息公开申请数量</td>\
///     <td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>1</td></tr></table>";
/// match validate_bytes(page.as_bytes(), &ParseOptions::default(), &CheckOptions::default()) {
///     Ok(v) => assert_eq!(v.format, Format::Html),
///     Err(e) => assert_eq!(e.kind(), &ErrorKind::HtmlNeedsFeature),
/// }
/// let e = validate_bytes(b"%PDF-1.4", &ParseOptions::default(), &CheckOptions::default());
/// assert!(matches!(e.unwrap_err().kind(), ErrorKind::NotText { format: Format::Pdf }));
/// ```
pub fn validate_bytes(
    bytes: &[u8],
    parse_options: &ParseOptions,
    options: &CheckOptions,
) -> Result<Validation, Error> {
    validate_bytes_then(bytes, parse_options, options, |_, _| ()).map(|(v, ())| v)
}

/// [`validate_bytes`], then `then` on the decoded text and the validation
/// while the text is still at hand.
pub(crate) fn validate_bytes_then<R>(
    bytes: &[u8],
    parse_options: &ParseOptions,
    options: &CheckOptions,
    then: impl FnOnce(&str, &Validation) -> R,
) -> Result<(Validation, R), Error> {
    if bytes.len() > parse_options.max_len {
        // refused before decoding, as `parse_bytes` does
        let v = parse_bytes(bytes, parse_options).map(|p| finish(p, options))?;
        let r = then("", &v);
        return Ok((v, r));
    }
    if let Some(xml) = parse::docx_text(bytes, parse_options)? {
        // the unpacked XML may exceed the packed size's limit
        let xml_options = parse_options.max_len(parse_options.max_len.saturating_mul(8));
        let v = validate_with(&xml, &xml_options, options)?;
        let r = then(&xml, &v);
        return Ok((v, r));
    }
    let decoded = parse::detect::decode(bytes)?;
    let mut v = validate_with(&decoded.text, parse_options, options)?;
    v.encoding = decoded.encoding.map(str::to_owned);
    let r = then(&decoded.text, &v);
    Ok((v, r))
}

impl Validation {
    /// The tables the input did not give: missing, or holding no number
    /// (an excerpt, tables published as images, a pre-2019 report). A
    /// validation with unread tables is incomplete: its checks cover only
    /// what was read, and it must not be taken for a clean report.
    ///
    /// ```
    /// use ogi_report::{validate, CheckOptions, TableId};
    ///
    /// let v = validate("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n", &CheckOptions::default())?;
    /// assert_eq!(v.unread_tables(), [TableId::Proactive, TableId::Appeals]);
    /// # Ok::<(), ogi_report::Error>(())
    /// ```
    pub fn unread_tables(&self) -> Vec<TableId> {
        let r = &self.report;
        let empty = |t: TableId| {
            self.diagnostics
                .iter()
                .any(|d| d.code == Code::ParseTableEmpty && d.path == Path::Table(t))
        };
        [
            (r.proactive.is_some(), TableId::Proactive),
            (r.requests.is_some(), TableId::Requests),
            (r.appeals.is_some(), TableId::Appeals),
        ]
        .into_iter()
        .filter(|(present, id)| !present || empty(*id))
        .map(|(_, id)| id)
        .collect()
    }
}

fn finish(parsed: Parsed, options: &CheckOptions) -> Validation {
    let Parsed {
        report,
        mut diagnostics,
        format,
        encoding,
    } = parsed;
    let rule_findings = check(&report, options);
    // Damage: parse findings of warning severity or above (a recovered
    // split or an approximate label is information, not damage).
    let damaged: Vec<(usize, Path, Code)> = diagnostics
        .iter()
        .enumerate()
        .filter(|(_, d)| d.kind == Kind::Parse && d.severity >= Severity::Warning)
        .map(|(i, d)| (i, d.path, d.code))
        .collect();
    // A rule the parser proved broken from glued digits is not also "not assessable".
    let proven: Vec<(Code, Path)> = diagnostics
        .iter()
        .filter(|d| d.proven_by_text)
        .map(|d| (d.code, d.path))
        .collect();
    for mut d in rule_findings {
        if d.kind == Kind::NotAssessable && proven.contains(&(d.code, d.path)) {
            continue;
        }
        let touched = std::iter::once(d.path).chain(d.operands.iter().map(|o| o.path));
        let suspect = touched
            .flat_map(|p| damaged.iter().filter(move |(_, dp, _)| p.is_within(*dp)))
            .next();
        d.extraction_suspect = suspect.map(|(_, _, code)| *code);
        d.cause = suspect.map(|(i, _, _)| *i);
        diagnostics.push(d);
    }
    Validation {
        report,
        diagnostics,
        format,
        encoding,
    }
}
