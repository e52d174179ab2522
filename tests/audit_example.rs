//! The audit example, executed on a temporary folder: the corpus reports, a
//! second year of one body with a carry-over break, and broken files. Its
//! CSV and JSON outputs are read back and compared with the library's own
//! reading of each file.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use ogi_report::{CheckOptions, ParseOptions, validate_bytes};

const CORPUS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ogi-audit-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn run(args: &[&str]) -> Output {
    common::cargo_example("audit")
        .args(args)
        .output()
        .expect("cargo runs")
}

/// The input folder: every corpus text and page, 2025 of 淮安市人民政府
/// (its 2024 report retitled, so 上年结转 34 ≠ 2024's 结转下年度 103), and
/// broken files.
fn input_folder(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(CORPUS).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        if path.is_file() && (name.ends_with(".txt") || name.ends_with(".html")) {
            std::fs::copy(&path, dir.join(&name)).unwrap();
            names.push(name);
        }
    }
    let huaian =
        std::fs::read_to_string(Path::new(CORPUS).join("huaian-gov-2024.pdftotext-layout.txt"))
            .unwrap();
    assert!(huaian.contains("2024 年政府信息公开工作年度报告"));
    let next = huaian.replacen(
        "2024 年政府信息公开工作年度报告",
        "2025 年政府信息公开工作年度报告",
        1,
    );
    std::fs::create_dir(dir.join("2025")).unwrap();
    std::fs::write(dir.join("2025/huaian-gov-2025.txt"), next).unwrap();
    names.push("2025/huaian-gov-2025.txt".to_owned());
    std::fs::write(dir.join("blob.txt"), [0u8, 1, 2, 0xff, 0xfe, 0, 9]).unwrap();
    std::fs::write(dir.join("empty.txt"), b"").unwrap();
    std::fs::write(dir.join("report.pdf"), b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n").unwrap();
    std::fs::write(dir.join("notes.json"), b"{}").unwrap();
    std::fs::write(dir.join(".hidden.txt"), b"x").unwrap();
    names.extend(["blob.txt", "empty.txt", "report.pdf"].map(str::to_owned));
    names.sort();
    names
}

fn read_csv(path: &Path) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let mut r = csv::Reader::from_path(path).unwrap();
    let headers: Vec<String> = r.headers().unwrap().iter().map(str::to_owned).collect();
    let rows = r
        .records()
        .map(|row| {
            let row = row.unwrap();
            headers
                .iter()
                .cloned()
                .zip(row.iter().map(str::to_owned))
                .collect()
        })
        .collect();
    (headers, rows)
}

#[test]
fn audit_of_a_folder_writes_what_the_reports_hold() {
    let root = temp("folder");
    let input = root.join("in");
    let out = root.join("out");
    std::fs::create_dir(&input).unwrap();
    let mut names = input_folder(&input);
    let o = run(&[
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--pdftotext",
        "/nonexistent/pdftotext",
        "--no-progress",
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    let stderr = String::from_utf8_lossy(&o.stderr);
    // reports with real errors are among the samples
    assert_eq!(o.status.code(), Some(1), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("blob.txt  [parse] the input is not UTF-8 text"),
        "{stdout}"
    );
    assert!(
        stdout.contains("empty.txt  [parse] the input is empty"),
        "{stdout}"
    );
    assert!(
        stdout.contains("report.pdf  [skipped] a PDF, and /nonexistent/pdftotext is not installed"),
        "{stdout}"
    );
    assert!(stdout.contains("other files ignored: .json ×1"), "{stdout}");
    assert!(!stdout.contains("hidden"), "{stdout}");
    assert!(stdout.contains("may be one body"), "{stdout}");

    // files.csv: every input once, in the walk's order
    let (_, files) = read_csv(&out.join("files.csv"));
    let mut listed: Vec<String> = files.iter().map(|r| r["file"].clone()).collect();
    listed.sort();
    names.sort();
    assert_eq!(listed, names);
    let status: BTreeMap<&str, &str> = files
        .iter()
        .map(|r| (r["file"].as_str(), r["status"].as_str()))
        .collect();
    assert_eq!(status["blob.txt"], "parse");
    assert_eq!(status["empty.txt"], "parse");
    assert_eq!(status["report.pdf"], "skipped");
    assert_eq!(status["excerpt-muta-township-2024.intro.txt"], "incomplete");
    assert_eq!(status["huaian-gov-2024.pdftotext-layout.txt"], "read");

    // cells.csv and findings.csv: row for row what the library reads
    let (cell_headers, cells) = read_csv(&out.join("cells.csv"));
    assert_eq!(
        cell_headers,
        [
            "file", "body", "year", "edition", "table", "row", "column", "value", "state", "raw"
        ]
    );
    let (_, findings) = read_csv(&out.join("findings.csv"));
    let mut cross_year = 0;
    for name in &names {
        let bytes = std::fs::read(input.join(name)).unwrap();
        let Ok(v) = validate_bytes(&bytes, &ParseOptions::default(), &CheckOptions::default())
        else {
            assert!(cells.iter().all(|r| &r["file"] != name));
            continue;
        };
        let rows: Vec<&BTreeMap<String, String>> =
            cells.iter().filter(|r| &r["file"] == name).collect();
        let report_cells = v.report.cells();
        assert_eq!(rows.len(), report_cells.len(), "{name}");
        for (row, (path, cell)) in rows.iter().zip(&report_cells) {
            let key = [row["table"].as_str(), &row["row"], &row["column"]].join(".");
            assert_eq!(key, path.to_string(), "{name}");
            assert_eq!(row["state"], cell.kind().as_str(), "{name} {path}");
            let value = cell
                .count()
                .map(|n| n.to_string())
                .or_else(|| cell.amount().map(|d| d.to_string()))
                .unwrap_or_default();
            assert_eq!(row["value"], value, "{name} {path}");
            assert_eq!(row["raw"], cell.raw().unwrap_or(""), "{name} {path}");
        }
        let found: Vec<_> = findings.iter().filter(|r| &r["file"] == name).collect();
        let own = v.diagnostics.len();
        assert!(found.len() >= own, "{name}");
        for (row, d) in found.iter().zip(v.diagnostics.iter()) {
            assert_eq!(row["code"], d.code.as_str(), "{name}");
            assert_eq!(row["path"], d.path.to_string(), "{name}");
            assert_eq!(
                row["line"],
                d.location.map(|l| l.line.to_string()).unwrap_or_default()
            );
            assert_eq!(row["message"], d.message(ogi_report::Lang::En));
        }
        cross_year += found.len() - own;
    }
    // the carry-over break, found and located in the 2025 file
    let broken: Vec<_> = findings
        .iter()
        .filter(|r| r["code"] == "carry_over.mismatch")
        .collect();
    assert_eq!(broken.len(), 2, "{broken:?}");
    assert!(
        broken
            .iter()
            .all(|r| r["file"] == "2025/huaian-gov-2025.txt" && r["year"] == "2025")
    );
    assert_eq!(
        (
            broken[0]["path"].as_str(),
            broken[0]["expected"].as_str(),
            broken[0]["found"].as_str()
        ),
        ("requests.carried_over.natural_person", "103", "34")
    );
    assert!(!broken[0]["line"].is_empty());
    // the same reports as pdftotext -layout and -raw text: duplicates
    assert!(findings.iter().any(|r| r["code"] == "audit.duplicate"));
    assert!(cross_year >= 3);

    // audit.json: every report, then the summary
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("audit.json")).unwrap()).unwrap();
    assert_eq!(json["reports"].as_array().unwrap().len(), names.len());
    let summary = &json["summary"];
    assert_eq!(summary["reports"].as_array().unwrap().len(), names.len());
    assert_eq!(summary["findings"].as_array().unwrap().len(), cross_year);
    let huaian = summary["bodies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["body"] == "淮安市人民政府")
        .unwrap();
    assert_eq!(huaian["years"], serde_json::json!([2024, 2025]));
    assert_eq!(huaian["links"][0]["status"], "checked");
    // nothing written into the input folder
    assert!(!input.join("cells.csv").exists());
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn a_mapping_file_joins_a_body_under_two_names() {
    let root = temp("bodies");
    let input = root.join("in");
    std::fs::create_dir(&input).unwrap();
    for name in [
        "hongze-gov-2023.pdftotext-layout.txt",
        "hongze-gov-2024.pdftotext-layout.txt",
    ] {
        std::fs::copy(Path::new(CORPUS).join(name), input.join(name)).unwrap();
    }
    let map = root.join("bodies.csv");
    std::fs::write(
        &map,
        "file,body\nhongze-gov-2023.pdftotext-layout.txt,淮安市洪泽区人民政府\nhongze-gov-2024.pdftotext-layout.txt,淮安市洪泽区人民政府\n",
    )
    .unwrap();
    let out = root.join("out");
    let o = run(&[
        input.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--bodies",
        map.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&o.stdout);
    // hongze 2023's table 四 is wrong as published
    assert_eq!(o.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("pairs of successive years: 1"), "{stdout}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("audit.json")).unwrap()).unwrap();
    let body = &json["summary"]["bodies"][0];
    assert_eq!(body["body"], "淮安市洪泽区人民政府");
    assert_eq!(body["years"], serde_json::json!([2023, 2024]));
    // both years carry 0 over and forward: chained clean
    assert_eq!(body["links"][0]["status"], "checked");
    assert_eq!(json["summary"]["findings"], serde_json::json!([]));
    let _ = std::fs::remove_dir_all(&root);
}

#[test]
fn bad_folders_are_refused() {
    let root = temp("refuse");
    let input = root.join("in");
    std::fs::create_dir(&input).unwrap();
    let inside = input.join("out");
    let o = run(&[input.to_str().unwrap(), "--out", inside.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("inside the input folder"));
    let o = run(&[root.join("absent").to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("Exit status") && help.contains("findings.csv"),
        "{help}"
    );
    let _ = std::fs::remove_dir_all(&root);
}
