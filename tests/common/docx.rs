//! Word documents for the tests: a report's page (`to_html`, whose tables
//! have the official merged-cell structure) written as WordprocessingML —
//! `colspan` as `w:gridSpan`, `rowspan` as a `w:vMerge` restart cell and
//! continuation cells below it — and packed as a `.docx`.

#![allow(dead_code)]

use std::io::Write;

/// `document.xml` of `html` (the output of `to_html`); with `split_runs`,
/// every character of a paragraph or cell is a run of its own, as Word
/// splits text after edits.
pub fn document_xml(html: &str, split_runs: bool) -> String {
    let mut out = String::from(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#,
    );
    // per grid column of the open table: (rows still covered, colspan)
    let mut merges: Vec<Option<(usize, usize)>> = Vec::new();
    for line in html.lines() {
        let line = line.trim();
        let paragraph = line
            .strip_prefix("<p>")
            .and_then(|l| l.strip_suffix("</p>"))
            .or_else(|| {
                line.strip_prefix("<h1>")
                    .and_then(|l| l.strip_suffix("</h1>"))
            });
        if let Some(text) = paragraph {
            out.push_str("<w:p>");
            runs(&mut out, text, split_runs);
            out.push_str("</w:p>");
        } else if line == "<table>" {
            out.push_str("<w:tbl>");
            merges.clear();
        } else if line == "</table>" {
            out.push_str("</w:tbl>");
        } else if line.starts_with("<tr>") {
            out.push_str("<w:tr>");
            let cells = cells_of(line);
            let mut cells = cells.into_iter();
            let mut col = 0;
            loop {
                if let Some(Some((left, span))) = merges.get(col).copied() {
                    out.push_str("<w:tc><w:tcPr>");
                    if span > 1 {
                        out.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
                    }
                    out.push_str("<w:vMerge/></w:tcPr><w:p/></w:tc>");
                    merges[col] = (left > 1).then_some((left - 1, span));
                    col += span;
                    continue;
                }
                let Some((rowspan, colspan, text)) = cells.next() else {
                    break;
                };
                out.push_str("<w:tc><w:tcPr>");
                if colspan > 1 {
                    out.push_str(&format!("<w:gridSpan w:val=\"{colspan}\"/>"));
                }
                if rowspan > 1 {
                    out.push_str("<w:vMerge w:val=\"restart\"/>");
                }
                out.push_str("</w:tcPr><w:p>");
                runs(&mut out, &text, split_runs);
                out.push_str("</w:p></w:tc>");
                if merges.len() < col + 1 {
                    merges.resize(col + 1, None);
                }
                if rowspan > 1 {
                    merges[col] = Some((rowspan - 1, colspan));
                }
                col += colspan;
            }
            out.push_str("</w:tr>");
        }
    }
    out.push_str("</w:body></w:document>");
    out
}

/// The cells of one `<tr>` line: (rowspan, colspan, text as escaped in the page).
fn cells_of(line: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("<td") {
        rest = &rest[i + 3..];
        let close = rest.find('>').unwrap();
        let attrs = &rest[..close];
        let attr = |name: &str| {
            attrs
                .find(&format!("{name}=\""))
                .map(|k| {
                    let v = &attrs[k + name.len() + 2..];
                    v[..v.find('"').unwrap()].parse().unwrap()
                })
                .unwrap_or(1)
        };
        let body = &rest[close + 1..];
        let end = body.find("</td>").unwrap();
        out.push((attr("rowspan"), attr("colspan"), body[..end].to_owned()));
        rest = &body[end..];
    }
    out
}

/// Runs of `text` (already escaped for markup; references are kept whole).
fn runs(out: &mut String, text: &str, split: bool) {
    if text.is_empty() {
        return;
    }
    if !split {
        out.push_str("<w:r><w:t xml:space=\"preserve\">");
        out.push_str(text);
        out.push_str("</w:t></w:r>");
        return;
    }
    let mut rest = text;
    while !rest.is_empty() {
        let n = if rest.starts_with('&') {
            rest.find(';').map_or(1, |i| i + 1)
        } else {
            rest.chars().next().unwrap().len_utf8()
        };
        out.push_str("<w:r><w:rPr><w:rFonts w:hint=\"eastAsia\"/></w:rPr><w:t>");
        out.push_str(&rest[..n]);
        out.push_str("</w:t></w:r>");
        rest = &rest[n..];
    }
}

/// A `.docx` package holding `xml` as its `word/document.xml`, and any
/// `extra` entries.
pub fn package(xml: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    let parts: [(&str, &[u8]); 3] = [
        (
            "[Content_Types].xml",
            br#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#,
        ),
        (
            "_rels/.rels",
            br#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#,
        ),
        ("word/document.xml", xml.as_bytes()),
    ];
    for (name, bytes) in parts.iter().chain(extra) {
        zip.start_file(*name, options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// A report as a `.docx`, through its page.
pub fn docx_of(report: &ogi_report::Report, split_runs: bool) -> Vec<u8> {
    package(&document_xml(&ogi_report::to_html(report), split_runs), &[])
}
