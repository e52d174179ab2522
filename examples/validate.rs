//! Parse and check an OGI annual report.
//!
//! ```text
//! cargo run --example validate                      # the embedded sample report
//! cargo run --example validate -- report.txt       # a file (.txt, .md, .html; UTF-8, UTF-16, GBK)
//! cargo run --example validate -- - < report.txt   # standard input
//! cargo run --example validate -- --format json report.txt
//! cargo run --example validate -- --lang zh report.txt
//! cargo run --example validate -- --blank-as-zero report.txt
//! ```
//!
//! Exit status:
//! - 0: every table was read and no finding is an error;
//! - 1: a finding is an error (a rule violation, or a count the model
//!   cannot hold);
//! - 2: nothing could be read: the file is missing, binary, a PDF or Word
//!   document, in an unknown encoding, or holds no report;
//! - 3: a report was read but is incomplete: a table is missing, empty or
//!   was not read (an excerpt, tables published as images, a pre-2019
//!   report), so the checks cover only what was read.

use std::io::Read;
use std::process::ExitCode;

use ogi_report::{CheckOptions, Diagnostic, Kind, Lang, Report, Validation, validate};

const SAMPLE: &str = include_str!("../tests/corpus/shizuishan-science-bureau-2023.tabs.txt");
const SAMPLE_NAME: &str = "shizuishan-science-bureau-2023.tabs.txt (embedded sample)";

struct Args {
    json: bool,
    lang: Lang,
    blank_as_zero: bool,
    input: Option<String>,
}

fn usage() -> ExitCode {
    eprintln!("usage: validate [--format text|json] [--lang en|zh] [--blank-as-zero] [PATH | -]");
    ExitCode::from(2)
}

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        json: false,
        lang: Lang::En,
        blank_as_zero: false,
        input: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--format" => match it.next().as_deref() {
                Some("json") => args.json = true,
                Some("text") => args.json = false,
                other => return Err(format!("--format takes text or json, not {other:?}")),
            },
            "--lang" => match it.next().as_deref() {
                Some("en") => args.lang = Lang::En,
                Some("zh") => args.lang = Lang::Zh,
                other => return Err(format!("--lang takes en or zh, not {other:?}")),
            },
            "--blank-as-zero" => args.blank_as_zero = true,
            "-h" | "--help" => return Err(String::new()),
            _ if args.input.is_none() => args.input = Some(a),
            _ => return Err(format!("unexpected argument {a:?}")),
        }
    }
    Ok(args)
}

/// The input's text: UTF-8, UTF-16 or GBK bytes decoded; HTML is read as
/// HTML by `validate`. PDF and Word files are refused with a hint.
fn read_input(input: &Option<String>) -> Result<(String, String), String> {
    let (name, bytes) = match input.as_deref() {
        None => return Ok((SAMPLE_NAME.to_owned(), SAMPLE.to_owned())),
        Some("-") => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            ("<stdin>".to_owned(), bytes)
        }
        Some(path) => {
            let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
            (path.to_owned(), bytes)
        }
    };
    let text = ogi_report::decode(&bytes).map_err(|e| format!("{name}: {e}"))?;
    Ok((name, text.into_owned()))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(msg) => {
            if !msg.is_empty() {
                eprintln!("validate: {msg}");
            }
            return usage();
        }
    };
    let (name, text) = match read_input(&args.input) {
        Ok(x) => x,
        Err(msg) => {
            eprintln!("validate: {msg}");
            return ExitCode::from(2);
        }
    };
    let options = CheckOptions::new().blank_as_zero(args.blank_as_zero);
    let v = match validate(&text, &options) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("validate: {name}: {e}");
            return ExitCode::from(2);
        }
    };
    let unread = unread_tables(&v);
    if args.json {
        #[derive(serde::Serialize)]
        struct Out<'a> {
            report: &'a Report,
            diagnostics: &'a ogi_report::Diagnostics,
            /// Tables that were not read: the checks do not cover them.
            unread_tables: &'a [&'static str],
        }
        let out = Out {
            report: &v.report,
            diagnostics: &v.diagnostics,
            unread_tables: &unread,
        };
        println!(
            "{}",
            serde_json::to_string_pretty(&out).expect("the model serializes")
        );
    } else {
        print_summary(&name, &text, &v, &unread, args.lang);
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
    use ogi_report::{Code, Path, TableId};
    let r = &v.report;
    let empty = |t: TableId| {
        v.diagnostics
            .iter()
            .any(|d| d.code == Code::ParseTableEmpty && d.path == Path::Table(t))
    };
    let mut out = Vec::new();
    for (present, id, name) in [
        (r.proactive.is_some(), TableId::Proactive, "proactive"),
        (r.requests.is_some(), TableId::Requests, "requests"),
        (r.appeals.is_some(), TableId::Appeals, "appeals"),
    ] {
        if !present || empty(id) {
            out.push(name);
        }
    }
    out
}

fn tables_found(report: &Report) -> String {
    let mut parts = Vec::new();
    if let Some(t) = &report.proactive {
        parts.push(format!("二 (proactive, {} edition)", t.edition()));
    }
    if let Some(t) = &report.requests {
        let layout = match t.other_handling {
            ogi_report::OtherHandlingLayout::Split => "（六） in three rows",
            ogi_report::OtherHandlingLayout::Single => "（六） in one row",
        };
        parts.push(format!("三 (requests, {} rows, {layout})", t.rows.len()));
    }
    if report.appeals.is_some() {
        parts.push("四 (appeals)".to_owned());
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn print_finding(d: &Diagnostic, text: &str, lang: Lang) {
    let kind = match d.kind {
        Kind::Violation => "",
        Kind::NotAssessable => " not assessable",
        Kind::Parse => "",
    };
    println!("  {}{kind} [{}] {}", d.severity, d.code, d.message(lang));
    if let Some(span) = d.span {
        if let Some((line_no, line)) = span.line_in(text) {
            println!("      line {line_no}: {}", excerpt(text, line, span));
        }
    }
}

/// The line around a span: whole when short, else a window around the span.
fn excerpt(text: &str, line: &str, span: ogi_report::Span) -> String {
    const WIDTH: usize = 100;
    let show = |s: &str| s.replace('\t', " ⇥ ");
    if line.chars().count() <= WIDTH {
        return show(line);
    }
    let line_start = line.as_ptr() as usize - text.as_ptr() as usize;
    let at = span.start.saturating_sub(line_start).min(line.len());
    let before: String = line[..at]
        .chars()
        .rev()
        .take(30)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    let after: String = line[at..].chars().take(WIDTH - 30).collect();
    format!("…{}{}…", show(&before), show(&after))
}

fn print_summary(name: &str, text: &str, v: &Validation, unread: &[&str], lang: Lang) {
    let r = &v.report;
    println!("{name}");
    if let Some(title) = &r.meta.title {
        println!("  title:   {title}");
    }
    if let Some(p) = &r.meta.period {
        println!(
            "  period:  {}-{:02}-{:02} to {}-{:02}-{:02}",
            p.start.year, p.start.month, p.start.day, p.end.year, p.end.month, p.end.day
        );
    }
    if let Some(e) = r.edition {
        println!("  edition: {e}");
    }
    println!("  tables:  {}", tables_found(r));
    let d = &v.diagnostics;
    let count = |k: Kind| d.of_kind(k).count();
    let errors = d.errors().count();
    if unread.is_empty() {
        println!(
            "  findings: {errors} errors, {} warnings; {} rule violations, {} checks not assessable, {} parse findings",
            d.warnings().count(),
            count(Kind::Violation),
            count(Kind::NotAssessable),
            count(Kind::Parse),
        );
    } else {
        // never a clean bill for a report whose tables were not read
        println!(
            "  status:  INCOMPLETE: not read: {}; the checks cover only what was read",
            unread.join(", ")
        );
        let errors = match errors {
            0 => "no errors in what was read".to_owned(),
            n => format!("{n} errors in what was read"),
        };
        println!(
            "  findings: {} warnings, {errors}; {} rule violations, {} checks not assessable, {} parse findings",
            d.warnings().count(),
            count(Kind::Violation),
            count(Kind::NotAssessable),
            count(Kind::Parse),
        );
    }
    for (title, kind) in [
        ("rule violations", Kind::Violation),
        ("parse findings", Kind::Parse),
        ("not assessable", Kind::NotAssessable),
    ] {
        let list: Vec<&Diagnostic> = d.of_kind(kind).collect();
        if list.is_empty() {
            continue;
        }
        println!();
        println!("{title}:");
        for f in list {
            print_finding(f, text, lang);
        }
    }
    if d.is_empty() && unread.is_empty() {
        println!();
        println!("every check passed.");
    }
}
