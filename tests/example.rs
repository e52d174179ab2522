//! The main example, executed: `cargo run --example validate` on the embedded
//! sample, on a file, on standard input, as text and as JSON.

mod common;

use std::io::Write;
use std::process::{Output, Stdio};

use serde_json::Value;

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = common::cargo_example("validate");
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("cargo runs");
    if let Some(input) = stdin {
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    } else {
        drop(child.stdin.take());
    }
    child.wait_with_output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

#[test]
fn embedded_sample_summary() {
    let o = run(&[], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(
        out.contains("tables:  二 (proactive, 2021 edition), 三 (requests, 25 rows"),
        "{out}"
    );
    assert!(out.contains("0 errors"), "{out}");
    assert!(
        out.contains(
            "warning[parse.row_short]: requests.withheld.state_secret: 6 values for 7 columns"
        ),
        "{out}"
    );
    // the source line of a finding is shown, with line, column and a caret
    assert!(out.contains("(embedded sample):61:20"), "{out}");
    assert!(out.contains("61 |     (三) 不予公开"), "{out}");
    assert!(out.contains("^^^^"), "{out}");
    // the checks a lost cell left open are one note under it
    assert!(
        out.contains("note: 2 checks could not be completed because of this"),
        "{out}"
    );
    assert!(
        !out.contains("requests.withheld.state_secret.total: requests.row_total is not assessable"),
        "{out}"
    );
    let zh = stdout(&run(&["--lang", "zh"], None));
    assert!(zh.contains("表三「1.属于国家秘密」行"), "{zh}");
    // the whole output is Chinese, not only the messages
    assert!(
        zh.contains("统计期限")
            && zh.contains("解析发现")
            && zh.contains("因此有 2 项检查无法完成"),
        "{zh}"
    );
    assert!(
        !zh.contains("findings:") && !zh.contains("warning["),
        "{zh}"
    );
}

#[test]
fn embedded_sample_json_matches_the_expected_file() {
    let o = run(&["--format", "json"], None);
    assert!(o.status.success());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let expected: Value = serde_json::from_str(include_str!(
        "corpus/shizuishan-science-bureau-2023.expected.json"
    ))
    .unwrap();
    let rows = expected["requests"]["rows"].as_object().unwrap();
    let mut compared = 0;
    for (row, cols) in rows {
        for (col, want) in cols.as_object().unwrap() {
            let cell = &v["report"]["requests"]["rows"][row][col];
            let got = if cell["state"] == "number" {
                cell["value"].clone()
            } else {
                Value::Null
            };
            assert_eq!(&got, want, "requests.{row}.{col}");
            compared += 1;
        }
    }
    assert_eq!(compared, 25 * 7);
    assert_eq!(v["report"]["proactive"]["fees"]["amount"]["value"], "0");
    assert_eq!(
        v["report"]["appeals"]["suit_after_review"]["total"]["state"],
        "missing"
    );
    let diags = v["diagnostics"].as_array().unwrap();
    assert!(diags.iter().all(|d| d["severity"] != "error"));
}

#[test]
fn file_stdin_and_errors() {
    let sample = include_str!("corpus/huaian-gov-2024.pdftotext-raw.txt");
    let o = run(&["-"], Some(sample));
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout(&o).contains("every check passed."), "{}", stdout(&o));

    let o = run(&["tests/corpus/huaian-gov-2024.pdftotext-raw.txt"], None);
    assert!(o.status.success());

    // A report with errors exits 1.
    let bad =
        "四、政府信息公开行政复议、行政诉讼情况\n1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n";
    let o = run(&["-"], Some(bad));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("[appeals.review_total]"));

    // No report, or no file: exit 2 with a message.
    let o = run(&["-"], Some("hello"));
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no OGI annual report found"));
    let o = run(&["no/such/file.txt"], None);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn build_report_example_checks_and_renders() {
    let o = common::cargo_example("build_report").output().unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(out.contains("findings before publishing:"), "{out}");
    // the mistyped printed total, and the balance it and the other typo break
    assert_eq!(out.matches("[requests.row_total]").count(), 1, "{out}");
    assert!(out.contains("[requests.balance]"), "{out}");
    assert!(out.contains("after the fix: 0 findings"), "{out}");
    assert!(out.contains("JSON: 0 findings"), "{out}");
    // the rendered text reads back without findings
    let text = &out[out.find("2024年政府信息公开工作年度报告").unwrap()..];
    let v = ogi_report::validate(text, &ogi_report::CheckOptions::default()).unwrap();
    assert!(v.diagnostics.is_empty(), "{:#?}", v.diagnostics);
}

/// HTML pages, GBK bytes and PDFs go through the same example, from a file
/// or standard input.
#[cfg(all(feature = "html", feature = "encoding"))]
#[test]
fn pages_in_any_encoding_and_refused_formats() {
    let o = run(&["tests/corpus/hongze-gov-2024.word-export-gbk.html"], None);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let out = stdout(&o);
    assert!(
        out.contains("淮安市洪泽区人民政府2024年政府信息公开工作年度报告"),
        "{out}"
    );
    assert!(out.contains("三 (requests, 23 rows"), "{out}");
    let page = std::fs::read_to_string("tests/corpus/huaian-gov-2024.word-export.html").unwrap();
    let o = run(&["--format", "json", "-"], Some(&page));
    assert!(o.status.success());
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["report"]["requests"]["rows"]["new_received"]["total"]["value"],
        3119
    );
    let dir = std::env::temp_dir().join(format!("ogi-example-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pdf = dir.join("report.pdf");
    std::fs::write(&pdf, b"%PDF-1.7\n1 0 obj\n").unwrap();
    let o = run(&[pdf.to_str().unwrap()], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("a PDF document") && err.contains("pdftotext -layout"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

/// clap: `--help` on stdout with status 0, `--format=json` and `--format
/// json`, unknown flags refused with a message and status 2, no Debug text.
#[test]
fn arguments() {
    let o = run(&["--help"], None);
    assert_eq!(o.status.code(), Some(0));
    let help = stdout(&o);
    assert!(
        help.contains("--format") && help.contains("Exit status"),
        "{help}"
    );
    let a = stdout(&run(&["--format=json"], None));
    let b = stdout(&run(&["--format", "json"], None));
    assert_eq!(a, b);
    let o = run(&["--no-such-flag"], None);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("--no-such-flag") && !err.contains("Error {"),
        "{err}"
    );
    let o = run(&["--lang", "fr"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("use en or zh"));
    // the limit is checked before the file is read
    let o = run(
        &[
            "--max-bytes",
            "100",
            "tests/corpus/shizuishan-science-bureau-2023.tabs.txt",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("--max-bytes"));
}

/// A report whose tables were not read never gets a clean bill: no "0
/// errors" line and exit status 3, in text and in JSON.
#[test]
fn unread_tables_are_not_a_clean_bill() {
    let excerpt = "某某局2024年政府信息公开工作年度报告\n一、总体情况\n本年度，我局……\n";
    let o = run(&["-"], Some(excerpt));
    assert_eq!(o.status.code(), Some(3), "{}", stdout(&o));
    let out = stdout(&o);
    assert!(
        !out.contains("0 errors") && !out.contains("every check passed"),
        "{out}"
    );
    assert!(out.contains("INCOMPLETE"), "{out}");
    let o = run(&["--format", "json", "-"], Some(excerpt));
    assert_eq!(o.status.code(), Some(3));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["unread_tables"].as_array().unwrap().len(), 3);
    // nothing at all: the fatal status
    let o = run(&["-"], Some("今天天气很好。"));
    assert_eq!(o.status.code(), Some(2));
}

/// A Word document goes through the same example: the tables cell for cell,
/// each finding located in its word/document.xml.
#[cfg(all(feature = "docx", feature = "serde"))]
#[test]
fn word_documents() {
    let text =
        std::fs::read_to_string("tests/corpus/huaian-gov-2024.pdftotext-layout.txt").unwrap();
    let report = ogi_report::parse(&text).unwrap().report;
    let dir = std::env::temp_dir().join(format!("ogi-example-docx-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("huaian-2024.docx");
    std::fs::write(&path, common::docx::docx_of(&report, true)).unwrap();
    let o = run(&[path.to_str().unwrap()], None);
    assert!(
        o.status.success(),
        "{}\n{}",
        stdout(&o),
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(stdout(&o).contains("淮安市人民政府"), "{}", stdout(&o));
    let o = run(&["--format", "json", path.to_str().unwrap()], None);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["format"], "docx");
    assert_eq!(
        v["report"]["requests"]["rows"]["new_received"]["total"]["value"],
        3119
    );
    // cell for cell the report its text gives
    let mut read: ogi_report::Report = serde_json::from_value(v["report"].clone()).unwrap();
    read.meta.title = None;
    let mut expected = ogi_report::parse(&ogi_report::to_text(&report))
        .unwrap()
        .report;
    expected.meta.title = None;
    assert_eq!(read.without_sources(), expected.without_sources());
    std::fs::remove_dir_all(&dir).unwrap();

    // a document an office suite saved (LibreOffice Writer from the page):
    // the same cells as the text
    let o = run(
        &[
            "--format",
            "json",
            "tests/corpus/huaian-gov-2024.libreoffice.docx",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["format"], "docx");
    let mut read: ogi_report::Report = serde_json::from_value(v["report"].clone()).unwrap();
    read.meta.title = None;
    assert_eq!(read.without_sources(), expected.without_sources());
}
