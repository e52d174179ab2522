//! Audit a folder of OGI annual reports: every report validated, each
//! body's consecutive years chained, the cells and findings written as CSV
//! and everything as one JSON file.
//!
//! ```text
//! cargo run --release --example audit -- reports/                  # writes ./ogi-audit/
//! cargo run --release --example audit -- reports/ --out results/
//! cargo run --release --example audit -- reports/ --bodies bodies.csv --threads 2
//! cargo run --release --example audit -- --help
//! ```
//!
//! Exit status: see `EXIT_STATUS` below (also printed by `--help`).

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path as FsPath, PathBuf};
use std::process::ExitCode;

use clap::Parser;
use indicatif::{ProgressBar, ProgressStyle};
use ogi_report::audit::{Audit, AuditOptions, Input, Record, Summary};
use ogi_report::{CellRef, CheckOptions, Diagnostic, Lang, ParseOptions, Path};

const EXIT_STATUS: &str = "\
Reads (recursively, hidden entries skipped):
  .txt .md        text in any layout (UTF-8, UTF-16, GBK)
  .html .htm      web pages, Word's HTML export included
  .pdf            through `pdftotext -layout` when it is installed; otherwise
                  listed as skipped with that reason
  .docx           Word documents (findings point into word/document.xml)
  .doc            refused with a hint (save as .docx)
  no extension    told apart by content
Other files are counted as ignored. Nothing is written into the input folder.

Writes, into --out:
  cells.csv       every cell: file, body, year, edition, table, row, column,
                  value, state, raw
  findings.csv    every finding, cross-year ones included: file, body, year,
                  code, severity, kind, path, line, column, expected, found,
                  message
  audit.json      every report and its findings, then the summary
  files.csv       every input: file, status, body, year, edition, errors,
                  warnings, infos, reason

Exit status:
  0  every input was read, every table found, and no finding is an error
  1  a finding is an error (in a report, or across its years)
  2  the audit could not run: bad arguments, an unreadable input folder, an
     output folder that cannot be written or lies inside the input folder
  3  no finding is an error, but an input could not be read or is incomplete";

/// Audit a folder of government information disclosure annual reports
/// (政府信息公开工作年度报告): validate each, chain each body's consecutive
/// years (carry-over, table 二), and export cells and findings.
#[derive(Parser)]
#[command(name = "audit", version, after_help = EXIT_STATUS)]
struct Args {
    /// The folder of reports.
    input: PathBuf,
    /// The folder to write the CSV and JSON files into (created if needed;
    /// never inside the input folder).
    #[arg(long, default_value = "ogi-audit")]
    out: PathBuf,
    /// A CSV file `file,body` naming the body of some files (by their path
    /// under the input folder, or their file name), for bodies whose titles
    /// name them differently over the years.
    #[arg(long)]
    bodies: Option<PathBuf>,
    /// Worker threads (0: one per core; needs the crate's `rayon` feature,
    /// otherwise reports are read one after another).
    #[arg(long, default_value_t = 0)]
    threads: usize,
    /// Read blank cells (not totals) as 0. Blank is not zero unless asked.
    #[arg(long)]
    blank_as_zero: bool,
    /// Refuse inputs longer than this many bytes.
    #[arg(long, default_value_t = ParseOptions::default().max_len)]
    max_bytes: usize,
    /// The language of the messages in findings.csv and the summary: `en` or `zh`.
    #[arg(long, default_value = "en", value_parser = parse_lang)]
    lang: Lang,
    /// The program that extracts a PDF's text (`pdftotext` from poppler).
    #[arg(long, default_value = "pdftotext")]
    pdftotext: PathBuf,
    /// No progress bar (it is off anyway when standard output is not a terminal).
    #[arg(long)]
    no_progress: bool,
}

fn parse_lang(s: &str) -> Result<Lang, String> {
    s.parse::<Lang>()
        .map_err(|_| format!("`{s}` is not a language: use en or zh"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(code) => code,
        Err(msg) => {
            eprintln!("audit: {msg}");
            ExitCode::from(2)
        }
    }
}

/// What a file under the input folder is taken for.
enum Kind {
    Read,
    Pdf,
    Ignored,
}

fn kind_of(path: &FsPath) -> Kind {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        None => Kind::Read,
        Some("txt" | "text" | "md" | "markdown" | "html" | "htm" | "xhtml" | "shtml") => Kind::Read,
        Some("docx" | "doc") => Kind::Read,
        Some("pdf") => Kind::Pdf,
        Some(_) => Kind::Ignored,
    }
}

/// Every file under `dir`, sorted, hidden entries and symbolic links to
/// folders skipped (no cycles).
fn walk(dir: &FsPath, out: &mut Vec<PathBuf>) -> Result<(), String> {
    let entries =
        std::fs::read_dir(dir).map_err(|e| format!("cannot read {}: {e}", dir.display()))?;
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    paths.sort();
    for p in paths {
        let Ok(meta) = std::fs::symlink_metadata(&p) else {
            out.push(p);
            continue;
        };
        if meta.is_dir() {
            walk(&p, out)?;
        } else if meta.file_type().is_symlink() {
            if std::fs::metadata(&p).is_ok_and(|m| m.is_file()) {
                out.push(p);
            }
        } else {
            out.push(p);
        }
    }
    Ok(())
}

fn pdftotext_installed(program: &FsPath) -> bool {
    std::process::Command::new(program)
        .arg("-v")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok()
}

fn pdf_text(program: &FsPath, path: &FsPath) -> Result<Vec<u8>, String> {
    let out = std::process::Command::new(program)
        .args(["-layout", "-enc", "UTF-8"])
        .arg(path)
        .arg("-")
        .output()
        .map_err(|e| format!("cannot run pdftotext: {e}"))?;
    if !out.status.success() {
        let msg = String::from_utf8_lossy(&out.stderr);
        return Err(format!("pdftotext failed: {}", msg.trim()));
    }
    Ok(out.stdout)
}

/// `file,body` rows: by relative path and by file name.
fn read_bodies(path: &FsPath) -> Result<BTreeMap<String, String>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_path(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut map = BTreeMap::new();
    for row in reader.records() {
        let row = row.map_err(|e| format!("{}: {e}", path.display()))?;
        let (Some(file), Some(body)) = (row.get(0), row.get(1)) else {
            return Err(format!("{}: a row needs `file,body`", path.display()));
        };
        map.insert(file.trim().to_owned(), body.trim().to_owned());
    }
    Ok(map)
}

fn run(args: &Args) -> Result<ExitCode, String> {
    let input = std::fs::canonicalize(&args.input)
        .map_err(|e| format!("cannot read {}: {e}", args.input.display()))?;
    if !input.is_dir() {
        return Err(format!("{} is not a folder", args.input.display()));
    }
    std::fs::create_dir_all(&args.out)
        .map_err(|e| format!("cannot create {}: {e}", args.out.display()))?;
    let out = std::fs::canonicalize(&args.out)
        .map_err(|e| format!("cannot open {}: {e}", args.out.display()))?;
    if out.starts_with(&input) {
        return Err(format!(
            "the output folder {} lies inside the input folder; choose another with --out",
            out.display()
        ));
    }
    let bodies = match &args.bodies {
        Some(p) => read_bodies(p)?,
        None => BTreeMap::new(),
    };

    let mut files = Vec::new();
    walk(&input, &mut files)?;
    let pdftotext = files.iter().any(|p| matches!(kind_of(p), Kind::Pdf))
        && pdftotext_installed(&args.pdftotext);
    let mut ignored: BTreeMap<String, usize> = BTreeMap::new();
    let mut inputs = Vec::new();
    for path in files {
        let name = path
            .strip_prefix(&input)
            .unwrap_or(&path)
            .display()
            .to_string();
        let mut item = match kind_of(&path) {
            Kind::Ignored => {
                let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
                *ignored
                    .entry(format!(".{}", ext.unwrap_or_default()))
                    .or_default() += 1;
                continue;
            }
            Kind::Read => Input::path(&path).with_name(name.clone()),
            Kind::Pdf if pdftotext => {
                let program = args.pdftotext.clone();
                Input::load(name.clone(), move || pdf_text(&program, &path))
            }
            Kind::Pdf => Input::skipped(
                name.clone(),
                format!(
                    "a PDF, and {} is not installed (install poppler-utils, or extract the text with `pdftotext -layout`)",
                    args.pdftotext.display()
                ),
            ),
        };
        let file_name = FsPath::new(&name)
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        if let Some(body) = bodies
            .get(&name)
            .or_else(|| file_name.and_then(|n| bodies.get(&n)))
        {
            item = item.with_body(body.clone());
        }
        inputs.push(item);
    }
    let count = inputs.len();

    let progress = if args.no_progress || !std::io::stdout().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(count as u64);
        if let Ok(style) =
            ProgressStyle::with_template("{bar:40} {pos}/{len} reports, {per_sec}, {eta} left")
        {
            bar.set_style(style);
        }
        bar
    };

    let mut out_files = Outputs::create(&out, args.lang)?;
    let options = AuditOptions::default()
        .check(CheckOptions::new().blank_as_zero(args.blank_as_zero))
        .parse(ParseOptions::default().max_len(args.max_bytes))
        .threads(args.threads);
    let mut audit = Audit::new(options);
    let mut write_error = None;
    let lang = args.lang;
    // each record's rows and JSON are made in the worker that read it; this
    // thread only writes them, in input order
    audit.run_map(
        inputs,
        |record| Rendered::of(&record, lang),
        |rendered| {
            if write_error.is_none()
                && let Err(e) = rendered.and_then(|r| out_files.write(r))
            {
                write_error = Some(e);
            }
            progress.inc(1);
        },
    );
    progress.finish_and_clear();
    if let Some(e) = write_error {
        return Err(e);
    }
    let summary = audit.finish();
    out_files.finish(&summary)?;
    print_summary(&summary, &ignored, &out, args.lang);
    Ok(if summary.has_errors() {
        ExitCode::from(1)
    } else if summary.reports.iter().any(|r| !r.is_complete()) {
        ExitCode::from(3)
    } else {
        ExitCode::SUCCESS
    })
}

/// The four files written as the records come.
struct Outputs {
    dir: PathBuf,
    lang: Lang,
    cells: BufWriter<File>,
    findings: BufWriter<File>,
    json: BufWriter<File>,
    first_json: bool,
    /// (file, body, year) of each report, for the cross-year rows.
    seen: Vec<(String, String, String)>,
}

fn io(path: &FsPath) -> impl Fn(std::io::Error) -> String + '_ {
    move |e| format!("cannot write {}: {e}", path.display())
}

impl Outputs {
    fn create(dir: &FsPath, lang: Lang) -> Result<Outputs, String> {
        // a file and its header row
        let csv_file = |name: &str, header: &[&str]| -> Result<BufWriter<File>, String> {
            let path = dir.join(name);
            let mut f = BufWriter::new(File::create(&path).map_err(io(&path))?);
            let mut w = csv::Writer::from_writer(&mut f);
            w.write_record(header)
                .and_then(|()| w.flush().map_err(csv::Error::from))
                .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
            drop(w);
            Ok(f)
        };
        let cells = csv_file(
            "cells.csv",
            &[
                "file", "body", "year", "edition", "table", "row", "column", "value", "state",
                "raw",
            ],
        )?;
        let findings = csv_file(
            "findings.csv",
            &[
                "file", "body", "year", "code", "severity", "kind", "path", "line", "column",
                "expected", "found", "message",
            ],
        )?;
        let json_path = dir.join("audit.json");
        let mut json = BufWriter::new(File::create(&json_path).map_err(io(&json_path))?);
        json.write_all(b"{\"reports\":[\n")
            .map_err(io(&json_path))?;
        Ok(Outputs {
            dir: dir.to_path_buf(),
            lang,
            cells,
            findings,
            json,
            first_json: true,
            seen: Vec::new(),
        })
    }

    /// Writes one record's rendered rows and JSON.
    fn write(&mut self, r: Rendered) -> Result<(), String> {
        let cells = self.dir.join("cells.csv");
        let findings = self.dir.join("findings.csv");
        let json = self.dir.join("audit.json");
        self.cells.write_all(&r.cells).map_err(io(&cells))?;
        self.findings
            .write_all(&r.findings)
            .map_err(io(&findings))?;
        if !self.first_json {
            self.json.write_all(b",\n").map_err(io(&json))?;
        }
        self.first_json = false;
        self.json.write_all(&r.json).map_err(io(&json))?;
        self.seen.push(r.seen);
        Ok(())
    }

    fn finish(mut self, summary: &Summary) -> Result<(), String> {
        let err = |e: csv::Error| format!("cannot write into {}: {e}", self.dir.display());
        let mut cross_year = csv::Writer::from_writer(&mut self.findings);
        for (report, d) in summary.findings() {
            let (file, body, year) = &self.seen[report];
            write_finding(&mut cross_year, self.lang, (file, body, year), d).map_err(err)?;
        }
        cross_year.flush().map_err(io(&self.dir))?;
        drop(cross_year);
        self.cells.flush().map_err(io(&self.dir))?;
        self.findings.flush().map_err(io(&self.dir))?;
        let json_path = self.dir.join("audit.json");
        self.json
            .write_all(b"\n],\n\"summary\":")
            .map_err(io(&json_path))?;
        serde_json::to_writer(&mut self.json, summary)
            .map_err(|e| format!("cannot write audit.json: {e}"))?;
        self.json.write_all(b"}\n").map_err(io(&json_path))?;
        self.json.flush().map_err(io(&json_path))?;

        let files_path = self.dir.join("files.csv");
        let mut files = csv::Writer::from_path(&files_path).map_err(err)?;
        files
            .write_record([
                "file", "status", "body", "year", "edition", "errors", "warnings", "infos",
                "reason",
            ])
            .map_err(err)?;
        for r in &summary.reports {
            let status = match &r.failure {
                Some(f) => f.kind.as_str(),
                None if r.unread_tables.is_empty() => "read",
                None => "incomplete",
            };
            let reason = match &r.failure {
                Some(f) => f.message.clone(),
                None => r
                    .unread_tables
                    .iter()
                    .map(|t| format!("not read: {}", t.key()))
                    .collect::<Vec<_>>()
                    .join("; "),
            };
            files
                .write_record([
                    self.seen[r.index].0.as_str(),
                    status,
                    r.body.as_deref().unwrap_or(""),
                    &r.year.map(|y| y.to_string()).unwrap_or_default(),
                    &r.edition.map(|e| e.to_string()).unwrap_or_default(),
                    &r.errors.to_string(),
                    &r.warnings.to_string(),
                    &r.infos.to_string(),
                    &reason,
                ])
                .map_err(err)?;
        }
        files.flush().map_err(io(&files_path))?;
        Ok(())
    }
}

/// One record as the output files write it: its rows of `cells.csv` and
/// `findings.csv` (without headers) and its entry of `audit.json`.
struct Rendered {
    /// (file, body, year), for the cross-year rows.
    seen: (String, String, String),
    cells: Vec<u8>,
    findings: Vec<u8>,
    json: Vec<u8>,
}

impl Rendered {
    fn of(record: &Record, lang: Lang) -> Result<Rendered, String> {
        let err = |e: csv::Error| format!("cannot write a row of {}: {e}", record.name);
        let body = record.body.clone().unwrap_or_default();
        let year = record.year.map(|y| y.to_string()).unwrap_or_default();
        let mut cells = csv::Writer::from_writer(Vec::new());
        let mut findings = csv::Writer::from_writer(Vec::new());
        if let Ok(v) = &record.result {
            let edition = v.report.edition.map(|e| e.to_string()).unwrap_or_default();
            for (path, cell) in v.report.cells() {
                let (table, row, column) = keys(path);
                let value = match cell {
                    CellRef::Count(c) => c.value().map(|n| n.to_string()),
                    CellRef::Money(c) => c.value().map(|d| d.to_string()),
                };
                cells
                    .write_record([
                        record.name.as_str(),
                        &body,
                        &year,
                        &edition,
                        table,
                        row,
                        column,
                        value.as_deref().unwrap_or(""),
                        cell.kind().as_str(),
                        cell.raw().unwrap_or(""),
                    ])
                    .map_err(err)?;
            }
            for d in v.diagnostics.iter() {
                write_finding(&mut findings, lang, (&record.name, &body, &year), d).map_err(err)?;
            }
        }
        let entry = JsonRecord {
            index: record.index,
            file: &record.name,
            body: record.body.as_deref(),
            year: record.year,
            validation: record.result.as_ref().ok(),
            failure: record.result.as_ref().err().map(|f| JsonFailure {
                kind: f.key(),
                message: f.to_string(),
            }),
        };
        let json = serde_json::to_vec(&entry)
            .map_err(|e| format!("cannot write {} into audit.json: {e}", record.name))?;
        let inner = |w: csv::Writer<Vec<u8>>| {
            w.into_inner()
                .map_err(|e| format!("cannot write a row of {}: {e}", record.name))
        };
        Ok(Rendered {
            seen: (record.name.clone(), body, year),
            cells: inner(cells)?,
            findings: inner(findings)?,
            json,
        })
    }
}

#[derive(serde::Serialize)]
struct JsonRecord<'a> {
    index: usize,
    file: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    body: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    validation: Option<&'a ogi_report::Validation>,
    #[serde(skip_serializing_if = "Option::is_none")]
    failure: Option<JsonFailure>,
}

#[derive(serde::Serialize)]
struct JsonFailure {
    kind: &'static str,
    message: String,
}

fn write_finding<W: Write>(
    w: &mut csv::Writer<W>,
    lang: Lang,
    (file, body, year): (&str, &str, &str),
    d: &Diagnostic,
) -> Result<(), csv::Error> {
    let number = |n: Option<ogi_report::Number>| n.map(|n| n.to_string()).unwrap_or_default();
    let (line, column) = d
        .location
        .map(|l| (l.line.to_string(), l.column.to_string()))
        .unwrap_or_default();
    w.write_record([
        file,
        body,
        year,
        d.code.as_str(),
        d.severity.as_str(),
        d.kind.as_str(),
        &d.path.to_string(),
        &line,
        &column,
        &number(d.expected),
        &number(d.found),
        &d.message(lang),
    ])
}

/// (table, row, column) keys of a cell's path.
fn keys(path: Path) -> (&'static str, &'static str, &'static str) {
    match path {
        Path::Proactive { row, column } => ("proactive", row.key(), column.map_or("", |c| c.key())),
        Path::Requests { row, column } => ("requests", row.key(), column.map_or("", |c| c.key())),
        Path::Appeals { group, column } => ("appeals", group.key(), column.map_or("", |c| c.key())),
        _ => ("", "", ""),
    }
}

fn print_summary(summary: &Summary, ignored: &BTreeMap<String, usize>, out: &FsPath, lang: Lang) {
    let zh = lang == Lang::Zh;
    let total = summary.reports.len();
    let read = summary.read();
    let incomplete = summary
        .reports
        .iter()
        .filter(|r| r.failure.is_none() && !r.is_complete())
        .count();
    let mut editions: BTreeMap<String, usize> = BTreeMap::new();
    for r in summary.reports.iter().filter(|r| r.failure.is_none()) {
        *editions
            .entry(
                r.edition
                    .map_or_else(|| "unknown".to_owned(), |e| e.to_string()),
            )
            .or_default() += 1;
    }
    if zh {
        println!("读取报告 {read} / {total} 份（{incomplete} 份不完整）");
    } else {
        println!("reports read: {read} of {total} ({incomplete} incomplete)");
    }
    let by_edition: Vec<String> = editions.iter().map(|(e, n)| format!("{e}: {n}")).collect();
    println!(
        "  {} {}",
        if zh { "格式版本：" } else { "by edition:" },
        by_edition.join(", ")
    );
    if !ignored.is_empty() {
        let list: Vec<String> = ignored.iter().map(|(e, n)| format!("{e} ×{n}")).collect();
        println!(
            "  {} {}",
            if zh {
                "未读取的其他文件："
            } else {
                "other files ignored:"
            },
            list.join(", ")
        );
    }
    let failed: Vec<_> = summary.failed().collect();
    if !failed.is_empty() {
        println!(
            "{}",
            if zh {
                "未能读取的文件："
            } else {
                "files not read:"
            }
        );
        for r in failed {
            let f = r.failure.as_ref().expect("a failed report has a failure");
            println!("  {}  [{}] {}", r.name, f.kind, f.message);
        }
    }
    let mut by_code: Vec<(ogi_report::Code, usize, usize)> = summary
        .codes
        .iter()
        .filter(|(c, _)| c.info().severity == ogi_report::Severity::Error)
        .map(|(c, reports)| {
            let findings: usize = reports.iter().map(|i| summary.reports[*i].codes[c]).sum();
            (*c, findings, reports.len())
        })
        .collect();
    by_code.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    if !by_code.is_empty() {
        println!(
            "{}",
            if zh {
                "错误（按代码）："
            } else {
                "errors by code:"
            }
        );
        for (code, findings, reports) in &by_code {
            if zh {
                println!("  {:<40} {findings:>6} 处，{reports} 份报告", code.as_str());
            } else {
                println!("  {:<40} {findings:>6} in {reports} reports", code.as_str());
            }
        }
    }
    let mut worst: Vec<(&str, usize, usize)> = summary
        .bodies
        .iter()
        .map(|b| {
            let errors = b.reports.iter().map(|i| summary.reports[*i].errors).sum();
            let warnings = b.reports.iter().map(|i| summary.reports[*i].warnings).sum();
            (b.body.as_str(), errors, warnings)
        })
        .filter(|(_, e, w)| e + w > 0)
        .collect();
    worst.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then(a.0.cmp(b.0)));
    if !worst.is_empty() {
        println!(
            "{}",
            if zh {
                "问题最多的机关："
            } else {
                "worst bodies:"
            }
        );
        for (body, errors, warnings) in worst.iter().take(10) {
            if zh {
                println!("  {body}：错误 {errors}，警告 {warnings}");
            } else {
                println!("  {body}: {errors} errors, {warnings} warnings");
            }
        }
    }
    let chained = summary.bodies.iter().flat_map(|b| &b.links).count();
    let cross = summary.findings.len();
    if zh {
        println!(
            "机关 {} 个，相邻年度对 {chained} 组，跨年度发现 {cross} 条",
            summary.bodies.len()
        );
    } else {
        println!(
            "bodies: {}, pairs of successive years: {chained}, cross-year findings: {cross}",
            summary.bodies.len()
        );
    }
    for [a, b] in &summary.similar_bodies {
        if zh {
            println!("  “{a}”与“{b}”可能为同一机关，未合并（可用 --bodies 指定）");
        } else {
            println!("  \"{a}\" and \"{b}\" may be one body; kept apart (say so with --bodies)");
        }
    }
    println!(
        "{} {}",
        if zh { "输出：" } else { "written:" },
        ["cells.csv", "findings.csv", "files.csv", "audit.json"]
            .map(|f| out.join(f).display().to_string())
            .join(", ")
    );
}
