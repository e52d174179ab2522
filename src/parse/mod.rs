//! From text to a [`Report`]: normalize → locate sections → read lines into
//! fields → align fields to the typed tables. Every structural finding is a
//! [`Diagnostic`]; only "nothing could be built" is an [`Error`].

mod align;
pub(crate) mod detect;
#[cfg(feature = "docx")]
mod docx;
mod glued;
#[cfg(feature = "html")]
mod html;
pub(crate) mod labels;
mod lines;
mod sections;
mod solve;
#[cfg(any(feature = "html", feature = "docx"))]
mod spanmap;
mod text;
#[cfg(any(feature = "html", feature = "docx"))]
mod tree;

pub use detect::Format;

/// Whether a cell's text reads as text, not as a value or blank (a
/// renderer writes an unreadable cell's raw text only when it does).
pub(crate) fn reads_as_text(raw: &str) -> bool {
    text::classify(raw) == text::Class::Text
}

use crate::diagnostic::{Code, Diagnostic, Diagnostics, Kind};
use crate::model::cell::Span;
use crate::model::keys::{Edition, RequestRow, TableId};
use crate::model::path::{MetaField, Path};
use crate::model::report::Report;
use crate::model::requests::OtherHandlingLayout;

use align::Region;

/// Why nothing could be built from the input.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input is empty or white space only.
    #[error("the input is empty")]
    Empty,
    /// The input is binary data, not text (NUL or many control characters).
    #[error("the input is binary data, not text")]
    Binary,
    /// The input is longer than the limit of [`ParseOptions::max_len`].
    #[error(
        "the input is {len} bytes, over the limit of {limit} bytes (raise it with `ParseOptions::max_len`)"
    )]
    TooLarge {
        /// Input length in bytes.
        len: usize,
        /// The limit in force.
        limit: usize,
    },
    /// The bytes are not UTF-8, and no other encoding was declared or
    /// recognized.
    #[error("the input is not UTF-8 text")]
    NotUtf8,
    /// The bytes are not valid in the encoding they declare or were
    /// recognized as.
    #[error("the input is not valid {encoding} text")]
    InvalidEncoding {
        /// The encoding's name (`GBK`, `UTF-16LE`).
        encoding: &'static str,
    },
    /// The bytes are in a legacy encoding and the crate was built without
    /// its `encoding` feature.
    #[error(
        "the input looks like {encoding} text: decoding it needs the crate feature `encoding` \
         (or convert it to UTF-8 first, e.g. `iconv -f GB18030 -t UTF-8`)"
    )]
    EncodingNeedsFeature {
        /// What the bytes look like.
        encoding: &'static str,
    },
    /// The input is an HTML page and the crate was built without its
    /// `html` feature. Markup is never read as text.
    #[error("the input is an HTML page: reading HTML needs the crate feature `html`")]
    HtmlNeedsFeature,
    /// The input is a document format that holds no plain text: a PDF, a
    /// Word document, a ZIP archive, an image.
    #[error("the input is {format}, not text: {}", format.hint())]
    NotText {
        /// What it is.
        format: Format,
    },
    /// The input is a Word document (`.docx`) and the crate was built
    /// without its `docx` feature.
    #[error(
        "the input is a Word document (.docx): reading it needs the crate feature `docx` \
         (or save it as a web page or as text)"
    )]
    DocxNeedsFeature,
    /// The input is a Word document that cannot be read.
    #[error("the Word document (.docx) cannot be read: {0}")]
    Docx(DocxProblem),
    /// The text holds none of the report's section headings or tables.
    #[error("no OGI annual report found: none of the section headings or tables of the format")]
    NoReport,
}

/// Why a Word document (`.docx`) cannot be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocxProblem {
    /// The ZIP package is damaged or truncated.
    #[error("the package is damaged or truncated ({0})")]
    Corrupt(String),
    /// The package has no `word/document.xml`.
    #[error("the package has no word/document.xml (not a Word document?)")]
    NoDocument,
    /// An entry's path leaves the archive (`../`, an absolute path): the
    /// package is refused whole.
    #[error("an entry's path leaves the archive: {0}")]
    UnsafePath(String),
    /// The document is encrypted (password-protected).
    #[error("the document is encrypted; save an unprotected copy")]
    Encrypted,
    /// `word/document.xml` unpacks (or says it unpacks) to more than the
    /// limit: 8 × [`ParseOptions::max_len`].
    #[error(
        "word/document.xml unpacks to {size} bytes, over the limit of {limit} (8 × ParseOptions::max_len)"
    )]
    TooLarge {
        /// The size declared or read so far.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// `word/document.xml` is not well-formed XML.
    #[error("word/document.xml is not well-formed at byte {at}: {message}")]
    Xml {
        /// What the XML reader said.
        message: String,
        /// Where, in `word/document.xml`.
        at: usize,
    },
    /// `word/document.xml` is not UTF-8 or UTF-16 text.
    #[error("word/document.xml is not UTF-8 or UTF-16 text")]
    NotUtf8,
}

/// The parse error: the input holds nothing a report could be built from.
///
/// Findings about a report that *was* found (a missing row, a lost cell) are
/// never errors: they are [`Diagnostic`]s in [`Parsed::diagnostics`].
///
/// ```
/// use ogi_report::{parse, ErrorKind};
///
/// let e = parse("今天天气很好。").unwrap_err();
/// assert_eq!(e.kind(), &ErrorKind::NoReport);
/// assert!(e.to_string().starts_with("no OGI annual report found"));
/// ```
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{kind}{}", at(*.span))]
pub struct Error {
    kind: ErrorKind,
    span: Option<Span>,
}

fn at(span: Option<Span>) -> String {
    span.map(|s| format!(" (at bytes {s})")).unwrap_or_default()
}

impl Error {
    fn new(kind: ErrorKind, span: Option<Span>) -> Error {
        Error { kind, span }
    }

    /// What went wrong.
    pub fn kind(&self) -> &ErrorKind {
        &self.kind
    }

    /// Where in the input, when it is one place.
    pub fn span(&self) -> Option<Span> {
        self.span
    }
}

/// Options for [`parse_with`].
///
/// ```
/// use ogi_report::{parse_with, ErrorKind, ParseOptions};
///
/// let options = ParseOptions::default().max_len(16);
/// let e = parse_with("一、总体情况……很长的报告", &options).unwrap_err();
/// assert!(matches!(e.kind(), ErrorKind::TooLarge { limit: 16, .. }));
/// assert!(e.to_string().contains("ParseOptions::max_len"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ParseOptions {
    /// Inputs longer than this many bytes are refused with
    /// [`ErrorKind::TooLarge`] before any reading. Default 8 MiB (a report
    /// is 5–50 KB, a page of one up to a few hundred KB); raise it with
    /// [`ParseOptions::max_len`] for larger inputs — the parser is linear,
    /// and its memory stays within a small multiple of the input.
    pub max_len: usize,
}

impl Default for ParseOptions {
    fn default() -> Self {
        ParseOptions {
            max_len: 8 * 1024 * 1024,
        }
    }
}

impl ParseOptions {
    /// The same options with another input limit.
    pub const fn max_len(mut self, bytes: usize) -> ParseOptions {
        self.max_len = bytes;
        self
    }
}

/// A parsed report and the parser's findings about the text.
///
/// ```
/// use ogi_report::{parse, Format, RequestColumn, RequestRow};
///
/// let text = "三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n";
/// let parsed = parse(text)?;
/// assert_eq!(parsed.format, Format::Text);
/// let cell = parsed.report.requests.as_ref().unwrap()
///     .get(RequestRow::NewReceived, RequestColumn::Total).unwrap();
/// let source = cell.source.as_ref().unwrap();
/// assert_eq!(&text[source.span.start..source.span.end], "3");
/// // the rows the excerpt lacks are findings, not errors
/// assert!(!parsed.diagnostics.is_empty());
/// # Ok::<(), ogi_report::Error>(())
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Parsed {
    /// The report, with every cell's raw text and span.
    pub report: Report,
    /// Structural findings (`parse.*`, and `value.not_integer` for counts
    /// the model cannot hold).
    pub diagnostics: Diagnostics,
    /// The form the input was read in: [`Format::Text`] or
    /// [`Format::Html`]. For HTML, spans point into the markup (a cell's
    /// span runs from its text's first byte to its last, markup between
    /// included) and a cell's raw text is the text it shows.
    #[cfg_attr(feature = "serde", serde(default))]
    pub format: Format,
    /// The encoding [`parse_bytes`] decoded, when not UTF-8 (`GBK`,
    /// `UTF-16LE`, …): then spans point into the decoded text, which
    /// [`decode`] returns.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub encoding: Option<String>,
}

/// Parses report text with the default options. See [`parse_with`].
pub fn parse(input: &str) -> Result<Parsed, Error> {
    parse_with(input, &ParseOptions::default())
}

/// Decodes report bytes to text: UTF-8 (a byte-order mark is kept and reads
/// as white space, so spans point into the bytes), UTF-16 with a byte-order
/// mark, and — with the `encoding` feature (default) — GBK / GB18030 or
/// another encoding an HTML page declares (`<meta charset=gb2312>`), or
/// bytes that read as GBK without a declaration.
///
/// A PDF, a Word document, a ZIP archive or an image is refused at once
/// with [`ErrorKind::NotText`], which says what to do with it.
///
/// ```
/// use ogi_report::{decode, ErrorKind, Format};
///
/// assert_eq!(decode("一、总体情况".as_bytes())?, "一、总体情况");
/// let e = decode(b"%PDF-1.7 ...").unwrap_err();
/// assert_eq!(e.kind(), &ErrorKind::NotText { format: Format::Pdf });
/// assert!(e.to_string().contains("pdftotext -layout"));
/// # Ok::<(), ogi_report::Error>(())
/// ```
pub fn decode(bytes: &[u8]) -> Result<std::borrow::Cow<'_, str>, Error> {
    detect::decode(bytes).map(|d| d.text)
}

/// Parses report bytes: [`decode`]s them, then [`parse_with`]. Spans point
/// into `bytes` for UTF-8 input and into the decoded text otherwise
/// ([`Parsed::encoding`] says which).
pub fn parse_bytes(bytes: &[u8], options: &ParseOptions) -> Result<Parsed, Error> {
    if bytes.len() > options.max_len {
        return Err(too_large(bytes.len(), options));
    }
    if let Some(xml) = docx_text(bytes, options)? {
        return parse_with(&xml, &options.max_len(options.max_len.saturating_mul(8)));
    }
    let decoded = detect::decode(bytes)?;
    let mut parsed = parse_with(&decoded.text, options)?;
    parsed.encoding = decoded.encoding.map(str::to_owned);
    Ok(parsed)
}

/// For a Word document, the text of its `document.xml`; `None` for
/// anything else.
pub(crate) fn docx_text(bytes: &[u8], options: &ParseOptions) -> Result<Option<String>, Error> {
    if !is_zip(bytes) || detect::binary_format(bytes) != Some(Format::Docx) {
        return Ok(None);
    }
    #[cfg(feature = "docx")]
    {
        docx_document_xml(bytes, options).map(Some)
    }
    #[cfg(not(feature = "docx"))]
    {
        let _ = options;
        Err(Error::new(ErrorKind::DocxNeedsFeature, None))
    }
}

fn too_large(len: usize, options: &ParseOptions) -> Error {
    Error::new(
        ErrorKind::TooLarge {
            len,
            limit: options.max_len,
        },
        None,
    )
}

fn refuse(input: &str, options: &ParseOptions) -> Option<Error> {
    if input.len() > options.max_len {
        return Some(too_large(input.len(), options));
    }
    if input.trim_matches(text::is_space).is_empty() {
        return Some(Error::new(ErrorKind::Empty, None));
    }
    if let Some(i) = memchr::memchr(0, input.as_bytes()) {
        return Some(Error::new(ErrorKind::Binary, Some(Span::new(i, i + 1))));
    }
    let sample = &input.as_bytes()[..input.len().min(64 * 1024)];
    // control characters other than tab, line feed, form feed, carriage
    // return: comparisons only, summed a chunk at a time (vectorized; a
    // chunk a multiple of the vector width leaves no byte-by-byte tail)
    let control: usize = sample
        .chunks(224)
        .map(|chunk| {
            let n: u8 = chunk
                .iter()
                .map(|&b| {
                    u8::from(b < 9)
                        | u8::from(b == 11)
                        | u8::from(b.wrapping_sub(14) < 18)
                        | u8::from(b == 0x7f)
                })
                .fold(0u8, u8::wrapping_add);
            usize::from(n)
        })
        .sum();
    if control * 20 > sample.len() {
        return Some(Error::new(ErrorKind::Binary, None));
    }
    None
}

/// Edition signals found in `input[start..end]`.
fn edition_signals(input: &str, start: usize, end: usize) -> Vec<(&'static str, Edition, Span)> {
    let mut found = Vec::new();
    if start >= end || end > input.len() {
        return found;
    }
    let mut pos = start;
    // one key buffer for every line
    let mut k = String::new();
    for line in input[start..end].split_inclusive('\n') {
        k.clear();
        text::push_key(&mut k, line);
        let mut present = [false; labels::EDITION_SIGNALS.len()];
        labels::edition_signals_in(&k, |i| present[i] = true);
        // in the table's order, as each signal is first seen
        for (i, (signal, edition)) in labels::EDITION_SIGNALS.iter().enumerate() {
            if present[i] && !found.iter().any(|(s, _, _)| s == signal) {
                found.push((*signal, *edition, Span::new(pos, pos + line.len())));
            }
        }
        pos += line.len();
    }
    found
}

/// Parses report text: finds the sections and tables, reads every table in
/// whatever delimited (tabs, pipes) or space-separated layout it is in,
/// aligns values to the column grid, and reads the title year and period.
///
/// An HTML page (or fragment with table markup) is read as HTML: its
/// tables' rows and its paragraphs go to the same readers, and every span
/// points into the markup ([`Parsed::format`]).
///
/// Returns an [`Error`] only when no report can be built (empty, binary,
/// too large, no report in the text); everything else is a finding.
pub fn parse_with(input: &str, options: &ParseOptions) -> Result<Parsed, Error> {
    let mut parsed = parse_unlocated(input, options)?;
    crate::diagnostic::locate(&mut parsed.diagnostics.0, input);
    Ok(parsed)
}

/// [`parse_with`] without the findings' line and column (a caller that
/// adds findings locates them all at once, with one line table).
pub(crate) fn parse_unlocated(input: &str, options: &ParseOptions) -> Result<Parsed, Error> {
    if let Some(e) = refuse(input, options) {
        return Err(e);
    }
    if let Some(format) = detect::binary_format(input.as_bytes()) {
        return Err(Error::new(ErrorKind::NotText { format }, None));
    }
    if is_document_xml(input) {
        parse_document_xml(input)
    } else if detect::is_html(input) {
        parse_html(input)
    } else {
        parse_text(input, Cells::Text)
    }
}

#[cfg(feature = "docx")]
fn is_document_xml(input: &str) -> bool {
    docx::is_document_xml(input)
}

#[cfg(not(feature = "docx"))]
fn is_document_xml(_input: &str) -> bool {
    false
}

/// A Word document's `word/document.xml`: its paragraphs and tables go to
/// the text readers as a page's do; spans point into the XML.
#[cfg(feature = "docx")]
fn parse_document_xml(input: &str) -> Result<Parsed, Error> {
    if input.len() > u32::MAX as usize {
        return Err(too_large(
            input.len(),
            &ParseOptions::default().max_len(u32::MAX as usize),
        ));
    }
    let derived = docx::read(input).map_err(|p| Error::new(ErrorKind::Docx(p), None))?;
    parse_derived(&derived, Format::Docx)
}

#[cfg(not(feature = "docx"))]
fn parse_document_xml(_input: &str) -> Result<Parsed, Error> {
    Err(Error::new(ErrorKind::DocxNeedsFeature, None))
}

/// The text of a Word document's `word/document.xml`: the text the spans
/// of a report read from the document point into ([`parse_bytes`] and
/// [`validate_bytes`](crate::validate_bytes) read a `.docx` through it,
/// and [`parse`] reads it as the document). At most 8 ×
/// [`ParseOptions::max_len`] bytes are unpacked.
///
/// ```
/// use ogi_report::{docx_document_xml, ErrorKind, DocxProblem, ParseOptions};
///
/// // a ZIP archive with no word/document.xml in it: the empty archive
/// let empty_zip = b"PK\x05\x06\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0";
/// let e = docx_document_xml(empty_zip, &ParseOptions::default()).unwrap_err();
/// assert_eq!(e.kind(), &ErrorKind::Docx(DocxProblem::NoDocument));
/// ```
#[cfg(feature = "docx")]
pub fn docx_document_xml(bytes: &[u8], options: &ParseOptions) -> Result<String, Error> {
    if bytes.len() > options.max_len {
        return Err(too_large(bytes.len(), options));
    }
    docx::document_xml(bytes, options.max_len.saturating_mul(8))
        .map_err(|p| Error::new(ErrorKind::Docx(p), None))
}

/// Whether `bytes` are a ZIP package that may be a Word document (its
/// magic; a `.docx` is told from other archives by its parts).
pub(crate) fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06")
}

#[cfg(feature = "html")]
fn parse_html(input: &str) -> Result<Parsed, Error> {
    // the HTML tree keeps offsets in 32 bits
    let most = u32::MAX as usize;
    if input.len() > most {
        return Err(too_large(
            input.len(),
            &ParseOptions::default().max_len(most),
        ));
    }
    parse_derived(&html::read(input), Format::Html)
}

/// Parses the text a markup reader derived, with every span mapped back
/// to the markup.
#[cfg(any(feature = "html", feature = "docx"))]
fn parse_derived(derived: &tree::Derived, format: Format) -> Result<Parsed, Error> {
    let map = &derived.map;
    let mut parsed = match parse_text(&derived.text, Cells::Markup) {
        Ok(p) => p,
        Err(mut e) => {
            e.span = e.span.map(|s| map.span(s));
            return Err(e);
        }
    };
    parsed.format = format;
    parsed.remap_spans(|s| map.span(s));
    Ok(parsed)
}

#[cfg(not(feature = "html"))]
fn parse_html(_input: &str) -> Result<Parsed, Error> {
    Err(Error::new(ErrorKind::HtmlNeedsFeature, None))
}

#[cfg(any(feature = "html", feature = "docx"))]
impl Parsed {
    /// Applies `f` to every span: cells, findings, front matter.
    fn remap_spans(&mut self, f: impl Fn(Span) -> Span) {
        let meta = &mut self.report.meta;
        meta.title_span = meta.title_span.map(&f);
        if let Some(p) = &mut meta.period {
            p.span = p.span.map(&f);
        }
        self.report.for_each_cell_mut(|_, cell| {
            let source = match cell {
                crate::model::proactive::CellMut::Count(c) => c.source.as_mut(),
                crate::model::proactive::CellMut::Money(c) => c.source.as_mut(),
            };
            if let Some(s) = source {
                s.span = f(s.span);
            }
        });
        for d in &mut self.diagnostics.0 {
            d.span = d.span.map(&f);
            for o in &mut d.operands {
                o.span = o.span.map(&f);
            }
            for u in &mut d.unplaced {
                u.span = f(u.span);
            }
        }
    }
}

/// Where the cells of a text's tables come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Cells {
    /// Text as a user holds it: a cell separator may have been lost.
    Text,
    /// Text written from a document's tables (HTML, Word): one field per
    /// cell of the markup, so every field boundary is certain.
    #[cfg_attr(not(any(feature = "html", feature = "docx")), allow(dead_code))]
    Markup,
}

fn parse_text(input: &str, cells: Cells) -> Result<Parsed, Error> {
    if input.trim_matches(text::is_space).is_empty() {
        return Err(Error::new(ErrorKind::Empty, None));
    }
    // Traditional characters folded, offsets unchanged: for phrase searches
    let folded = sections::fold_same_length(input);
    let mut sections = sections::locate(input);
    if !sections.found_any() {
        sections = sections::locate_inline(&folded);
    }
    let signals = sections::report_signals(&folded);
    if signals.pre_2019.is_none() {
        sections.anchor_tables(&folded);
    }
    if !sections.found_any() || signals.pre_2019.is_some() {
        return without_tables(input, &sections, signals);
    }
    let mut diags: Vec<Diagnostic> = Vec::new();
    let len = input.len();
    let tables_start = sections.headings[1..4]
        .iter()
        .flatten()
        .map(|(s, _)| *s)
        .next()
        .unwrap_or(len);
    let meta = sections::read_meta(input, tables_start);
    let region = |n: usize| {
        sections.body(n, len).map(|(s, e, open)| {
            (
                Region {
                    input,
                    start: s,
                    end: e,
                    open_ended: open,
                },
                e,
            )
        })
    };
    // Edition: table 二's signals, else table 三's layout, else assumed.
    // the first closing heading after the tables (one before them, out of
    // order, closes nothing)
    let tables_end = sections.headings[4..]
        .iter()
        .flatten()
        .map(|(s, _)| *s)
        .find(|s| *s >= tables_start)
        .unwrap_or(len);
    // The signals are table 二's headers and rows: read them there when it is found.
    let (signals_start, signals_end) = match sections.body(1, len) {
        Some((s, e, _)) => (s, e),
        None => (tables_start, tables_end),
    };
    let signals = edition_signals(input, signals_start, signals_end);
    let count = |e: Edition| signals.iter().filter(|s| s.1 == e).count();
    let (n2021, n2019) = (count(Edition::V2021), count(Edition::V2019));
    let mut edition = match (n2021, n2019) {
        (0, 0) => None,
        (a, b) if b > a => Some(Edition::V2019),
        _ => Some(Edition::V2021),
    };
    if n2021 > 0 && n2019 > 0 {
        let mut d = Diagnostic::new(
            Code::ParseMixedEdition,
            Kind::Parse,
            Path::Meta(MetaField::Edition),
        );
        d.raw = Some(
            signals
                .iter()
                .map(|(s, e, _)| format!("{s} ({e})"))
                .collect::<Vec<_>>()
                .join(", "),
        );
        d.span = signals.iter().find(|s| Some(s.1) != edition).map(|s| s.2);
        diags.push(d);
    }

    let requests = match region(2) {
        Some((mut r, end)) => align::requests(input, &mut r, edition, cells, end, &mut diags),
        None => {
            diags.push(Diagnostic::new(
                Code::ParseTableMissing,
                Kind::Parse,
                Path::Table(TableId::Requests),
            ));
            None
        }
    };
    if edition.is_none() {
        // Only rows read from the text are evidence, not the default layout.
        let read = |row: RequestRow| {
            requests
                .as_ref()
                .and_then(|t| t.row(row))
                .is_some_and(|r| r.cells().any(|(_, c)| c.source.is_some()))
        };
        edition = if [
            RequestRow::OtherHandlingNoCorrection,
            RequestRow::OtherHandlingFeeUnpaid,
            RequestRow::OtherHandlingOther,
        ]
        .into_iter()
        .any(read)
        {
            Some(Edition::V2021)
        } else if requests
            .as_ref()
            .is_some_and(|t| t.other_handling == OtherHandlingLayout::Single)
            && read(RequestRow::OtherHandling)
        {
            Some(Edition::V2019)
        } else {
            None
        };
    }
    let edition = edition.unwrap_or_else(|| {
        diags.push(Diagnostic::new(
            Code::ParseEditionAssumed,
            Kind::Parse,
            Path::Meta(MetaField::Edition),
        ));
        Edition::V2021
    });
    let proactive = match region(1) {
        Some((mut r, end)) => {
            // the prose is read only when a glued row needs its figures
            let stated = std::cell::OnceCell::new();
            let stated = || {
                stated
                    .get_or_init(|| sections::stated_figures(input, tables_start))
                    .as_slice()
            };
            align::proactive(input, &mut r, edition, &stated, end, &mut diags)
        }
        None => {
            diags.push(Diagnostic::new(
                Code::ParseTableMissing,
                Kind::Parse,
                Path::Table(TableId::Proactive),
            ));
            None
        }
    };
    let appeals = match region(3) {
        Some((r, end)) => align::appeals(input, &r, end, &mut diags),
        None => {
            diags.push(Diagnostic::new(
                Code::ParseTableMissing,
                Kind::Parse,
                Path::Table(TableId::Appeals),
            ));
            None
        }
    };
    // report matter after the last section is said, never dropped
    if let Some((_, end)) = sections.headings[4..].iter().flatten().last()
        && let Some((at, what)) = sections::trailing_report(&folded, *end)
    {
        let mut d = Diagnostic::new(Code::ParseTrailingText, Kind::Parse, Path::Document);
        d.span = Some(Span::new(at, at + what.len()));
        d.raw = Some(what.to_owned());
        diags.push(d);
    }
    diags.sort_by_key(|d| d.span.map_or(usize::MAX, |s| s.start));
    Ok(Parsed {
        report: Report {
            meta,
            edition: Some(edition),
            proactive,
            requests,
            appeals,
        },
        diagnostics: Diagnostics(diags),
        format: Format::Text,
        encoding: None,
    })
}

/// A text with no table: the start of an annual report (title, 总体情况,
/// the format's citation) cut before the tables, or a report in the
/// structure of before 2019. `Err(NoReport)` when it shows no report at all.
fn without_tables(
    input: &str,
    sections: &sections::Sections,
    signals: sections::ReportSignals,
) -> Result<Parsed, Error> {
    let meta = sections::read_meta(input, input.len());
    let titled = meta.title.as_deref().is_some_and(|t| {
        let k = text::key(t);
        k.contains("政府信息公开") && (k.contains("年度报告") || k.contains("年报"))
    });
    let overview = signals.overview || sections.headings[0].is_some();
    if !(titled || overview || signals.citation.is_some() || signals.pre_2019.is_some()) {
        return Err(Error::new(ErrorKind::NoReport, None));
    }
    let mut d = match signals.pre_2019 {
        Some(what) => {
            let mut d = Diagnostic::new(
                Code::ParsePre2019Format,
                Kind::Parse,
                Path::Meta(MetaField::Edition),
            );
            d.raw = Some(what.to_owned());
            d
        }
        None => Diagnostic::new(Code::ParseEndsBeforeTables, Kind::Parse, Path::Document),
    };
    d.span = Some(Span::new(input.len(), input.len()));
    Ok(Parsed {
        report: Report {
            meta,
            edition: signals.citation,
            proactive: None,
            requests: None,
            appeals: None,
        },
        diagnostics: Diagnostics(vec![d]),
        format: Format::Text,
        encoding: None,
    })
}

/// Honesty: every number in a table region ends up in a cell's source or in
/// a finding's unplaced list — on real samples, and on samples cut, spliced
/// and sprinkled with noise.
#[cfg(test)]
mod honesty {
    use super::*;
    use proptest::prelude::*;
    use proptest::sample::Index;

    const SAMPLES: &[&str] = &[
        include_str!("../../tests/corpus/shizuishan-science-bureau-2023.tabs.txt"),
        include_str!("../../tests/corpus/huaian-gov-2024.pdftotext-layout.txt"),
        include_str!("../../tests/corpus/hongze-gov-2023.pdftotext-raw.txt"),
        include_str!("../../tests/corpus/pingtan-2024.flattened.txt"),
        include_str!("../../tests/corpus/excerpt-xinfeng-health-2023.cells.txt"),
        include_str!("../../tests/corpus/pingtan-nre-bureau-2022.flattened.txt"),
        include_str!("../../tests/corpus/pingtan-transport-bureau-2020.flattened.txt"),
        include_str!("../../tests/corpus/pingtan-jinjing-2022.flattened.txt"),
        include_str!("../../tests/corpus/shanghai-office-2025.markdown.txt"),
    ];

    /// The spans of every value field the readers see in the table regions.
    fn value_spans(input: &str) -> Vec<Span> {
        // the regions as the parser finds them (re-anchored, out-of-order
        // headings dropped)
        let folded = sections::fold_same_length(input);
        let mut s = sections::locate(input);
        if !s.found_any() {
            s = sections::locate_inline(&folded);
        }
        if sections::report_signals(&folded).pre_2019.is_some() {
            return Vec::new();
        }
        s.anchor_tables(&folded);
        let mut out = Vec::new();
        for n in 1..4 {
            if let Some((a, b, _)) = s.body(n, input.len()) {
                for line in lines::read_lines(input, a, b) {
                    // a year or a date in prose (`2025 年`) is not a cell
                    let prose = |f: &lines::Field<'_>| {
                        input[f.span.end..]
                            .trim_start_matches([' ', '\u{3000}'])
                            .starts_with(['年', '月', '日', '号', '%', '％'])
                    };
                    out.extend(
                        line.fields
                            .iter()
                            .filter(|f| f.is_value() && !prose(f))
                            .map(|f| f.span),
                    );
                }
            }
        }
        out
    }

    /// The spans that account for a number: cell sources and unplaced tokens.
    fn accounted(p: &Parsed) -> Vec<Span> {
        let mut spans: Vec<Span> = p
            .report
            .cells()
            .into_iter()
            .filter_map(|(_, c)| match c {
                crate::CellRef::Count(c) => c.span(),
                crate::CellRef::Money(c) => c.span(),
            })
            .collect();
        spans.extend(
            p.diagnostics
                .iter()
                .flat_map(|d| d.unplaced.iter().map(|u| u.span)),
        );
        // tokens past the listed ones lie inside their finding's span
        spans.extend(
            p.diagnostics
                .iter()
                .filter(|d| d.unplaced_omitted > 0)
                .filter_map(|d| d.span),
        );
        spans.sort();
        spans
    }

    fn covered(span: Span, by: &[Span]) -> bool {
        let mut pos = span.start;
        while pos < span.end {
            match by
                .iter()
                .filter(|s| s.start <= pos && pos < s.end)
                .map(|s| s.end)
                .max()
            {
                Some(end) => pos = end,
                None => return false,
            }
        }
        true
    }

    fn check(text: &str) -> Result<(), String> {
        let Ok(p) = parse(text) else {
            return Ok(());
        };
        let by = accounted(&p);
        for span in value_spans(text) {
            if !covered(span, &by) {
                let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[span.end..]
                    .find('\n')
                    .map_or(text.len(), |i| span.end + i);
                return Err(format!(
                    "\"{}\" at {span} is neither placed nor reported (line {:?})",
                    &text[span.start..span.end],
                    &text[line_start..line_end]
                ));
            }
        }
        Ok(())
    }

    #[test]
    fn every_number_of_the_samples_is_accounted_for() {
        for text in SAMPLES {
            check(text).unwrap();
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(
            std::env::var("PROPTEST_CASES").ok().and_then(|s| s.parse().ok()).unwrap_or(96)
        ))]

        #[test]
        fn damaged_samples_lose_no_number(
            which in 0..SAMPLES.len(),
            edits in prop::collection::vec((any::<Index>(), 0usize..60, "[0-9\t |/\n]{0,12}|\\PC{0,6}"), 1..5),
        ) {
            let mut text = SAMPLES[which].to_owned();
            for (at, len, insert) in edits {
                let mut i = at.index(text.len() + 1);
                while !text.is_char_boundary(i) { i -= 1; }
                let mut j = (i + len).min(text.len());
                while !text.is_char_boundary(j) { j -= 1; }
                text.replace_range(i..j, &insert);
            }
            prop_assert!(check(&text).is_ok(), "{}", check(&text).unwrap_err());
        }

        /// Line-level mutations of real samples (delete, duplicate, swap,
        /// truncate lines; drop or add a separator; glue two numbers; insert
        /// invisible or control characters; full-width digits): no panic,
        /// every number still accounted for, spans in bounds.
        #[test]
        fn mutated_samples_lose_no_number(
            which in 0..SAMPLES.len(),
            ops in prop::collection::vec((0u8..9, any::<Index>(), any::<Index>()), 1..6),
        ) {
            let mut lines: Vec<String> = SAMPLES[which].lines().map(str::to_owned).collect();
            for (op, a, b) in ops {
                if lines.is_empty() {
                    break;
                }
                let i = a.index(lines.len());
                let j = b.index(lines.len());
                match op {
                    0 => { lines.remove(i); }
                    1 => { let l = lines[i].clone(); lines.insert(i, l); }
                    2 => lines.swap(i, j),
                    3 => lines.truncate(i + 1),
                    4 => { if let Some(k) = lines[i].find('\t') { lines[i].remove(k); } }
                    5 => { let k = (0..=lines[i].len()).filter(|k| lines[i].is_char_boundary(*k)).nth(j % (lines[i].chars().count() + 1)).unwrap_or(0); lines[i].insert(k, '\t'); }
                    6 => lines[i] = lines[i].replacen(|c: char| c.is_ascii_digit(), "\u{200b}", 1),
                    7 => lines[i] = lines[i].replacen('\t', "\u{1}", 1),
                    _ => lines[i] = lines[i].replace('1', "１"),
                }
            }
            let text = lines.join("\n");
            prop_assert!(check(&text).is_ok(), "{}", check(&text).unwrap_err());
            if let Ok(p) = parse(&text) {
                for (_, c) in p.report.cells() {
                    if let Some(s) = c.span() {
                        prop_assert!(s.end <= text.len() && text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                    }
                }
            }
        }

        /// No silent absorption: changing one number of a sample's table
        /// (a digit added: `5` → `57`) either changes a cell's value or
        /// gives a finding whose span or unplaced tokens cover it.
        #[test]
        fn a_changed_number_is_seen(which in 0..SAMPLES.len(), pick in any::<Index>()) {
            let text = SAMPLES[which];
            let spans: Vec<Span> = value_spans(text)
                .into_iter()
                .filter(|s| text[s.start..s.end].chars().all(|c| c.is_ascii_digit()) && s.end > s.start)
                .collect();
            prop_assume!(!spans.is_empty());
            let target = spans[pick.index(spans.len())];
            let mut changed = text.to_owned();
            changed.insert(target.end, '7');
            let (Ok(before), Ok(after)) = (parse(text), parse(&changed)) else {
                return Ok(());
            };
            let grown = Span::new(target.start, target.end + 1);
            let overlaps = |s: Span| s.start < grown.end && grown.start < s.end;
            let value_changed = before.report.cells().iter().zip(after.report.cells().iter()).any(|((_, a), (_, b))| {
                a.count() != b.count() || a.amount() != b.amount() || a.kind() != b.kind()
            });
            let said = after.diagnostics.iter().any(|d| {
                d.span.is_some_and(overlaps) || d.unplaced.iter().any(|u| overlaps(u.span))
            });
            prop_assert!(value_changed || said, "\"{}\" at {} changed silently", &changed[grown.start..grown.end], grown);
        }
    }
}
