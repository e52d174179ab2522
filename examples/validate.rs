//! Parse and check an OGI annual report.
//!
//! ```text
//! cargo run --example validate                      # the embedded sample report
//! cargo run --example validate -- report.txt       # a file (.txt, .md, .html, .docx; UTF-8, UTF-16, GBK)
//! cargo run --example validate -- - < report.txt   # standard input
//! cargo run --example validate -- --format json report.txt
//! cargo run --example validate -- --lang zh report.txt
//! cargo run --example validate -- --blank-as-zero report.txt
//! cargo run --example validate -- --help
//! ```
//!
//! Exit status: see `EXIT_STATUS` below (also printed by `--help`).

use std::io::Read;
use std::process::ExitCode;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};
use clap::{Parser, ValueEnum};
use ogi_report::{
    CheckOptions, Code, Diagnostic, Kind, Lang, LineIndex, ParseOptions, Report, Severity, TableId,
    Validation, decode, validate_with,
};

const SAMPLE: &str = include_str!("../tests/corpus/shizuishan-science-bureau-2023.tabs.txt");
const SAMPLE_NAME: &str = "shizuishan-science-bureau-2023.tabs.txt (embedded sample)";

const EXIT_STATUS: &str = "\
Exit status:
  0  every table was read and no finding is an error
  1  a finding is an error (a rule violation, or a count the model cannot hold)
  2  nothing could be read: bad arguments, a missing file, binary data, a PDF or Word
     document, an unknown encoding, an input over --max-bytes, or no report in it
  3  a report was read but is incomplete: a table is missing, empty or was not read
     (an excerpt, tables published as images, a pre-2019 report); the checks cover
     only what was read";

/// Parse and check a government information disclosure annual report
/// (政府信息公开工作年度报告): its tables, their arithmetic, and where each
/// finding is in the input.
#[derive(Parser)]
#[command(name = "validate", version, after_help = EXIT_STATUS)]
struct Args {
    /// The report: a text or HTML file (UTF-8, UTF-16 or GBK), a Word
    /// document (.docx; findings point into its word/document.xml), or `-`
    /// for standard input. Without it, the embedded sample report.
    input: Option<String>,
    /// What to print: a summary with the source of each finding, or JSON
    /// (the report, every finding with its line, column and messages).
    #[arg(long, value_enum, default_value_t = Output::Text)]
    format: Output,
    /// The language of the output: `en` or `zh`.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// Read blank cells (not totals) as 0. Blank is not zero unless asked.
    #[arg(long)]
    blank_as_zero: bool,
    /// Refuse inputs longer than this many bytes (checked before reading).
    #[arg(long, default_value_t = ParseOptions::default().max_len)]
    max_bytes: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Output {
    Text,
    Json,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse::<Lang>()
        .map_err(|_| format!("`{s}` is not a language: use en or zh"))
}

/// English or Chinese.
fn t(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

/// The input's bytes, refused before reading when over the limit.
fn read_input(input: Option<&str>, limit: usize) -> Result<(String, Vec<u8>), String> {
    let too_large = |name: &str, len: u64| {
        format!(
            "{name} is {len} bytes, over the limit of {limit} bytes (raise it with --max-bytes)"
        )
    };
    match input {
        None => Ok((SAMPLE_NAME.to_owned(), SAMPLE.as_bytes().to_vec())),
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(limit as u64 + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            if bytes.len() > limit {
                return Err(too_large("standard input", bytes.len() as u64));
            }
            Ok(("<stdin>".to_owned(), bytes))
        }
        Some(path) => {
            let len = std::fs::metadata(path)
                .map_err(|e| format!("cannot read {path}: {e}"))?
                .len();
            if len > limit as u64 {
                return Err(too_large(path, len));
            }
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            Ok((path.to_owned(), bytes))
        }
    }
}

/// The input as text: decoded, or a Word document's `word/document.xml`.
fn text_of(bytes: &[u8], max_bytes: usize) -> Result<std::borrow::Cow<'_, str>, ogi_report::Error> {
    #[cfg(feature = "docx")]
    if bytes.starts_with(b"PK") {
        let options = ParseOptions::default().max_len(max_bytes);
        match ogi_report::docx_document_xml(bytes, &options) {
            Ok(xml) => return Ok(xml.into()),
            // another kind of archive: refused by `decode` with its hint
            Err(e)
                if e.kind()
                    == &ogi_report::ErrorKind::Docx(ogi_report::DocxProblem::NoDocument) => {}
            Err(e) => return Err(e),
        }
    }
    let _ = max_bytes;
    decode(bytes)
}

fn main() -> ExitCode {
    let args = Args::parse();
    let (name, bytes) = match read_input(args.input.as_deref(), args.max_bytes) {
        Ok(x) => x,
        Err(msg) => {
            eprintln!("validate: {msg}");
            return ExitCode::from(2);
        }
    };
    // the text the findings point into: for a Word document, its
    // word/document.xml
    let text = match text_of(&bytes, args.max_bytes) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("validate: {name}: {e}");
            return ExitCode::from(2);
        }
    };
    let options = CheckOptions::new().blank_as_zero(args.blank_as_zero);
    // a Word document's XML may unpack to more than the file's size limit
    let parse_options = ParseOptions::default().max_len(args.max_bytes.max(text.len()));
    let v = match validate_with(&text, &parse_options, &options) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("validate: {name}: {e}");
            return ExitCode::from(2);
        }
    };
    let unread = unread_tables(&v);
    let printed = match args.format {
        Output::Json => print_json(&v, &unread),
        Output::Text => print_summary(&name, &text, &v, &unread, args.lang),
    };
    // a closed pipe (`| head`) ends the output, not the program with a panic
    if let Err(e) = printed
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("validate: {e}");
        return ExitCode::from(2);
    }
    if v.diagnostics.has_errors() {
        ExitCode::from(1)
    } else if !unread.is_empty() {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    }
}

/// The tables the text did not give: missing, holding no number, or not in
/// the format at all (an excerpt, a pre-2019 report).
fn unread_tables(v: &Validation) -> Vec<&'static str> {
    v.unread_tables().into_iter().map(TableId::key).collect()
}

fn print_json(v: &Validation, unread: &[&str]) -> std::io::Result<()> {
    use std::io::Write;
    #[derive(serde::Serialize)]
    struct Messages {
        en: String,
        zh: String,
    }
    /// A finding as the JSON shows it: its values, and its messages.
    #[derive(serde::Serialize)]
    struct Finding<'a> {
        #[serde(flatten)]
        diagnostic: &'a Diagnostic,
        message: Messages,
    }
    #[derive(serde::Serialize)]
    struct Out<'a> {
        /// How spans count: UTF-8 byte offsets into the decoded input
        /// (for HTML, into the markup); `location` is 1-based line and
        /// column in characters.
        spans: &'static str,
        format: ogi_report::Format,
        report: &'a Report,
        diagnostics: Vec<Finding<'a>>,
        /// Tables that were not read: the checks do not cover them.
        unread_tables: &'a [&'a str],
    }
    let out = Out {
        spans: "utf-8 byte offsets",
        format: v.format,
        report: &v.report,
        diagnostics: v
            .diagnostics
            .iter()
            .map(|d| Finding {
                diagnostic: d,
                message: Messages {
                    en: d.message(Lang::En),
                    zh: d.message(Lang::Zh),
                },
            })
            .collect(),
        unread_tables: unread,
    };
    let mut stdout = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, &out)?;
    writeln!(stdout)
}

fn tables_found(report: &Report, lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &report.proactive {
        parts.push(match lang {
            Lang::En => format!("二 (proactive, {} edition)", t.edition()),
            Lang::Zh => format!("表二（主动公开，{}版）", t.edition()),
        });
    }
    if let Some(t) = &report.requests {
        let split = t.other_handling == ogi_report::OtherHandlingLayout::Split;
        parts.push(match (lang, split) {
            (Lang::En, true) => {
                format!("三 (requests, {} rows, （六） in three rows)", t.rows.len())
            }
            (Lang::En, false) => format!("三 (requests, {} rows, （六） in one row)", t.rows.len()),
            (Lang::Zh, true) => format!("表三（依申请，{}行，（六）分三行）", t.rows.len()),
            (Lang::Zh, false) => format!("表三（依申请，{}行，（六）为一行）", t.rows.len()),
        });
    }
    if report.appeals.is_some() {
        parts.push(t(lang, "四 (appeals)", "表四（复议诉讼）").to_owned());
    }
    if parts.is_empty() {
        t(lang, "none", "无").to_owned()
    } else {
        parts.join(t(lang, ", ", "，"))
    }
}

fn level(severity: Severity, lang: Lang) -> Level<'static> {
    let (level, zh) = match severity {
        Severity::Error => (Level::ERROR, "错误"),
        Severity::Warning => (Level::WARNING, "警告"),
        Severity::Info => (Level::INFO, "提示"),
    };
    match lang {
        Lang::En => level,
        Lang::Zh => level.with_name(zh),
    }
}

/// At most this many bytes of a line are shown on each side of a span: a
/// page flattened to one line is shown around the cell, not whole.
const CONTEXT: usize = 120;

fn floor_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, mut i: usize) -> usize {
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// One finding with the source line and a caret under its span.
fn render(
    d: &Diagnostic,
    name: &str,
    text: &str,
    index: &LineIndex<'_>,
    lang: Lang,
    notes: &[String],
) -> String {
    let message = d.message(lang);
    let title = level(d.severity, lang)
        .primary_title(message)
        .id(d.code.as_str());
    let mut snippet = None;
    if let (Some(span), Some(loc)) = (d.span, d.location)
        && let (Some(line), Some(line_start)) = (index.line(loc.line), index.line_start(loc.line))
    {
        let line_end = line_start + line.len();
        let start = span.start.min(line_end);
        let end = span.end.clamp(start, line_end);
        let from = floor_boundary(text, start.saturating_sub(CONTEXT).max(line_start));
        let to = ceil_boundary(text, (end + CONTEXT).min(line_end));
        let source = &text[from..to];
        snippet = Some(
            Snippet::source(source)
                .line_start(loc.line)
                .path(name)
                .annotation(AnnotationKind::Primary.span(start - from..end - from)),
        );
    }
    let group = match snippet {
        Some(s) => title.element(s),
        None => Group::with_title(title),
    };
    let mut report = vec![group];
    for note in notes {
        report.push(Group::with_title(
            Level::NOTE
                .with_name(t(lang, "note", "说明"))
                .secondary_title(note.clone()),
        ));
    }
    Renderer::plain().render(&report)
}

fn print_summary(
    name: &str,
    text: &str,
    v: &Validation,
    unread: &[&str],
    lang: Lang,
) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let r = &v.report;
    writeln!(out, "{name}")?;
    if let Some(title) = &r.meta.title {
        writeln!(out, "  {} {title}", t(lang, "title:  ", "标题："))?;
    }
    if let Some(p) = &r.meta.period {
        writeln!(
            out,
            "  {} {}-{:02}-{:02} {} {}-{:02}-{:02}",
            t(lang, "period: ", "统计期限："),
            p.start.year,
            p.start.month,
            p.start.day,
            t(lang, "to", "至"),
            p.end.year,
            p.end.month,
            p.end.day
        )?;
    }
    if let Some(e) = r.edition {
        writeln!(out, "  {} {e}", t(lang, "edition:", "格式版本："))?;
    }
    writeln!(
        out,
        "  {} {}",
        t(lang, "tables: ", "表格："),
        tables_found(r, lang)
    )?;
    let d = &v.diagnostics;
    let count = |k: Kind| d.of_kind(k).count();
    let errors = d.errors().count();
    let warnings = d.warnings().count();
    let (violations, open, parse) = (
        count(Kind::Violation),
        count(Kind::NotAssessable),
        count(Kind::Parse),
    );
    if unread.is_empty() {
        match lang {
            Lang::En => writeln!(
                out,
                "  findings: {errors} errors, {warnings} warnings; {violations} rule violations, {open} checks not assessable, {parse} parse findings"
            )?,
            Lang::Zh => writeln!(
                out,
                "  结果：错误 {errors} 项，警告 {warnings} 项；违反规则 {violations} 项，无法核对 {open} 项，解析发现 {parse} 项"
            )?,
        }
    } else {
        // never a clean bill for a report whose tables were not read
        let list = unread.join(", ");
        match lang {
            Lang::En => {
                writeln!(
                    out,
                    "  status:  INCOMPLETE: not read: {list}; the checks cover only what was read"
                )?;
                let errors = match errors {
                    0 => "no errors in what was read".to_owned(),
                    n => format!("{n} errors in what was read"),
                };
                writeln!(
                    out,
                    "  findings: {warnings} warnings, {errors}; {violations} rule violations, {open} checks not assessable, {parse} parse findings"
                )?;
            }
            Lang::Zh => {
                writeln!(
                    out,
                    "  状态：不完整（INCOMPLETE）：未读到 {list}；检查只覆盖已读到的部分"
                )?;
                writeln!(
                    out,
                    "  结果：已读部分错误 {errors} 项，警告 {warnings} 项；违反规则 {violations} 项，无法核对 {open} 项，解析发现 {parse} 项"
                )?;
            }
        }
    }

    let index = LineIndex::new(text);
    // the checks each parse finding left open: shown as one note under it
    let mut left_open = vec![0usize; d.len()];
    for f in d.iter().filter(|f| f.kind == Kind::NotAssessable) {
        if let Some(c) = f.cause.filter(|c| *c < left_open.len()) {
            left_open[c] += 1;
        }
    }
    let list: Vec<(usize, &Diagnostic)> = d.iter().enumerate().collect();
    let section = |title: &str, out: &mut dyn Write| writeln!(out, "\n{title}");
    let violations: Vec<_> = list
        .iter()
        .filter(|(_, f)| f.kind == Kind::Violation)
        .collect();
    if !violations.is_empty() {
        section(t(lang, "rule violations:", "违反规则："), &mut out)?;
        for (_, f) in violations {
            writeln!(out, "{}", render(f, name, text, &index, lang, &[]))?;
        }
    }
    let parse: Vec<_> = list.iter().filter(|(_, f)| f.kind == Kind::Parse).collect();
    if !parse.is_empty() {
        section(t(lang, "parse findings:", "解析发现："), &mut out)?;
        for (i, f) in parse {
            let notes: Vec<String> = match (left_open[*i], lang) {
                (0, _) => Vec::new(),
                (1, Lang::En) => vec!["1 check could not be completed because of this".to_owned()],
                (n, Lang::En) => vec![format!("{n} checks could not be completed because of this")],
                (n, Lang::Zh) => vec![format!("因此有 {n} 项检查无法完成")],
            };
            writeln!(out, "{}", render(f, name, text, &index, lang, &notes))?;
        }
    }
    // not assessable for another reason (blank or not-applicable cells): one
    // line per rule, listing the places
    let others: Vec<&Diagnostic> = d
        .iter()
        .filter(|f| f.kind == Kind::NotAssessable && f.cause.is_none())
        .collect();
    if !others.is_empty() {
        section(
            t(
                lang,
                "not assessable (cells blank or not applicable):",
                "无法核对（单元格为空白或不适用）：",
            ),
            &mut out,
        )?;
        let mut codes: Vec<Code> = others.iter().map(|f| f.code).collect();
        codes.sort();
        codes.dedup();
        for code in codes {
            let places: Vec<String> = others
                .iter()
                .filter(|f| f.code == code)
                .map(|f| match lang {
                    Lang::En => f.path.to_string(),
                    Lang::Zh => f.path.describe_zh(),
                })
                .collect();
            const SHOWN: usize = 6;
            let more = places.len().saturating_sub(SHOWN);
            let shown = places[..places.len().min(SHOWN)].join(t(lang, ", ", "、"));
            match (lang, more) {
                (Lang::En, 0) if places.len() == 1 => writeln!(out, "  [{code}] 1 check: {shown}")?,
                (Lang::En, 0) => writeln!(out, "  [{code}] {} checks: {shown}", places.len())?,
                (Lang::En, m) => writeln!(
                    out,
                    "  [{code}] {} checks: {shown} and {m} more",
                    places.len()
                )?,
                (Lang::Zh, 0) => writeln!(out, "  [{code}] {} 项：{shown}", places.len())?,
                (Lang::Zh, m) => writeln!(
                    out,
                    "  [{code}] {} 项：{shown}等（另有 {m} 项）",
                    places.len()
                )?,
            }
        }
        if !others.is_empty() {
            writeln!(
                out,
                "  {}",
                t(
                    lang,
                    "(blank is not zero; --blank-as-zero reads blank cells other than totals as 0)",
                    "（空白不等于零；--blank-as-zero 将总计以外的空白单元格按 0 计）"
                )
            )?;
        }
    }
    if d.is_empty() && unread.is_empty() {
        writeln!(
            out,
            "\n{}",
            t(lang, "every check passed.", "全部检查通过。")
        )?;
    }
    out.flush()
}
