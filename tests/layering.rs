//! Module dependencies flow one way: model ← diagnostic ← parse / check ←
//! render. Read from the sources: no module names a module downstream of it
//! (doc links aside).

use std::fs;
use std::path::Path;

fn code_lines(path: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let entries: Vec<_> = if path.is_dir() {
        fs::read_dir(path)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    } else {
        vec![path.to_path_buf()]
    };
    for file in entries {
        if file.is_dir() {
            out.extend(code_lines(&file));
            continue;
        }
        for line in fs::read_to_string(&file).unwrap().lines() {
            let t = line.trim_start();
            if !t.starts_with("//") {
                out.push(format!("{}: {line}", file.display()));
            }
        }
    }
    out
}

#[test]
fn dependencies_flow_one_way() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let rules: [(&str, &[&str]); 4] = [
        (
            "model",
            &["diagnostic", "parse", "check", "render", "strategies"],
        ),
        ("diagnostic.rs", &["parse", "check", "render", "strategies"]),
        ("parse", &["check", "render", "strategies"]),
        ("check", &["parse", "render", "strategies"]),
    ];
    for (module, downstream) in rules {
        for line in code_lines(&src.join(module)) {
            for d in downstream {
                assert!(
                    !line.contains(&format!("crate::{d}"))
                        && !line.contains(&format!("super::{d}")),
                    "{module} names {d}: {line}"
                );
            }
        }
    }
}
