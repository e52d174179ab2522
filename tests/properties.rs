//! Property tests, on the strategies the crate exports (`ogi_report::strategies`):
//! generated consistent reports pass every check; one perturbed cell yields
//! exactly the findings that depend on it; serde, text, pipe and HTML round
//! trips. `PROPTEST_CASES=10000 cargo test --test properties`
//! runs a heavier search (default 128 cases per property).

mod common;
#[allow(unused_imports)]
use common::shown;
use std::collections::BTreeSet;

use ogi_report::strategies::{consistent_report, perturbed_report, report_text};
use ogi_report::{
    Cell, CellMut, CellState, CheckOptions, Code, Path, Report, check, parse, to_text,
};
use proptest::prelude::*;
use proptest::sample::Index;
use rust_decimal::Decimal;

fn config() -> ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(128);
    ProptestConfig::with_cases(cases)
}

fn findings(r: &Report) -> BTreeSet<(Code, Path)> {
    check(r, &CheckOptions::default())
        .iter()
        .map(|d| (d.code, d.path))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn consistent_reports_pass_every_check(r in consistent_report()) {
        let d = findings(&r);
        prop_assert!(d.is_empty(), "{:?}", d);
    }

    #[test]
    fn one_perturbed_cell_yields_exactly_its_rules(p in perturbed_report()) {
        prop_assert_eq!(findings(&p.report), p.findings, "perturbed {}", p.cell);
    }

    #[test]
    fn every_layout_reads_back(case in report_text()) {
        let (r, layout, text) = case;
        let mut back = parse(&text).unwrap().report.without_sources();
        back.meta.title = None;
        prop_assert_eq!(back, r.without_sources(), "{:?}:\n{}", layout, text);
    }

    #[test]
    fn serde_round_trip(r in consistent_report(), holes in prop::collection::vec((any::<Index>(), 0u8..3), 0..8)) {
        let mut r = r;
        punch(&mut r, &holes);
        let json = serde_json::to_string(&r).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn parse_of_rendered_text_gives_the_same_report(r in consistent_report(), holes in prop::collection::vec((any::<Index>(), 0u8..3), 0..8)) {
        let mut r = r;
        punch(&mut r, &holes);
        let text = to_text(&r);
        let parsed = parse(&text).unwrap();
        let mut back = parsed.report.without_sources();
        // The title is rendered from the year; everything else must match.
        back.meta.title = None;
        prop_assert_eq!(back, r.without_sources(), "text:\n{}", text);
        // Every cell read from text points at its raw text.
        for (_, cell) in parsed.report.cells() {
            let source = match cell {
                ogi_report::CellRef::Count(c) => c.source.clone(),
                ogi_report::CellRef::Money(c) => c.source.clone(),
            };
            let s = source.expect("parsed cells have a source");
            prop_assert_eq!(&text[s.span.start..s.span.end], s.raw.as_str());
        }
    }
}

/// Word's HTML export noise on a rendered page: every cell's text split over
/// two styled spans at a point the seed picks, inside a `MsoNormal`
/// paragraph with `<o:p>` debris; empty cells hold `&nbsp;`; attributes on
/// every cell; line breaks as `\r\n`.
#[cfg(feature = "html")]
fn word_noise(html: &str, seed: u64) -> String {
    let mut out = String::with_capacity(html.len() * 3);
    let mut rest = html;
    let mut k = seed;
    while let Some(i) = rest.find("<td") {
        let Some(gt) = rest[i..].find('>') else { break };
        let open_end = i + gt + 1;
        let Some(close) = rest[open_end..].find("</td>") else {
            break;
        };
        let text = &rest[open_end..open_end + close];
        out.push_str(&rest[..i + 3]);
        out.push_str(
            " width=64 valign=top style='border:solid windowtext 1.0pt;padding:0cm 5.4pt'",
        );
        out.push_str(&rest[i + 3..open_end]);
        out.push_str("\r\n  <p class=MsoNormal align=center style='text-align:center'>");
        if text.is_empty() {
            out.push_str("<span lang=EN-US>&nbsp;<o:p></o:p></span>");
        } else {
            // split the text (escaped as it is) at a char boundary outside an entity
            let bounds: Vec<usize> = text
                .char_indices()
                .map(|(b, _)| b)
                // outside an entity: no `&` since the last `;`
                .filter(|&b| b > 0 && text[..b].rfind('&') <= text[..b].rfind(';'))
                .collect();
            k = k
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let cut = if bounds.is_empty() {
                text.len()
            } else {
                bounds[(k >> 33) as usize % bounds.len()]
            };
            out.push_str("<span style='font-size:10.5pt;font-family:仿宋_GB2312'>");
            out.push_str(&text[..cut]);
            out.push_str("</span><span lang=EN-US style='font-size:10.5pt'>");
            out.push_str(&text[cut..]);
            out.push_str("</span><o:p></o:p>");
        }
        out.push_str("</p>\r\n  </td>");
        rest = &rest[open_end + close + 5..];
    }
    out.push_str(rest);
    out.replace('\n', "\r\n").replace("\r\r\n", "\r\n")
}

#[cfg(feature = "html")]
proptest! {
    #![proptest_config(config())]

    /// `parse(to_html(r)) == r` for both editions, with and without Word's
    /// span noise; every cell's span covers markup that shows its raw text.
    #[test]
    fn parse_of_rendered_html_gives_the_same_report(
        r in consistent_report(),
        holes in prop::collection::vec((any::<Index>(), 0u8..3), 0..8),
        noise in prop::option::of(any::<u64>()),
    ) {
        let mut r = r;
        punch(&mut r, &holes);
        let mut html = ogi_report::to_html(&r);
        if let Some(seed) = noise {
            html = word_noise(&html, seed);
        }
        let parsed = parse(&html).unwrap();
        prop_assert_eq!(parsed.format, ogi_report::Format::Html);
        let mut back = parsed.report.without_sources();
        back.meta.title = None;
        prop_assert_eq!(back, r.without_sources(), "html:\n{}", html);
        for (path, cell) in parsed.report.cells() {
            let source = match cell {
                ogi_report::CellRef::Count(c) => c.source.clone(),
                ogi_report::CellRef::Money(c) => c.source.clone(),
            };
            let s = source.expect("parsed cells have a source");
            prop_assert!(html.is_char_boundary(s.span.start) && html.is_char_boundary(s.span.end));
            prop_assert_eq!(shown(&html[s.span.start..s.span.end]), s.raw.trim(), "{}", path);
        }
        prop_assert!(!parsed.diagnostics.iter().any(|d| d.kind == ogi_report::Kind::Parse && d.severity >= ogi_report::Severity::Warning),
            "{:?}", parsed.diagnostics);
    }
}

/// Replaces some cells by blank (0), not applicable (1) or a negative count (2).
fn punch(r: &mut Report, holes: &[(Index, u8)]) {
    let paths: Vec<Path> = r.cells().into_iter().map(|(p, _)| p).collect();
    let targets: Vec<(Path, u8)> = holes
        .iter()
        .map(|(i, k)| (paths[i.index(paths.len())], *k))
        .collect();
    r.for_each_cell_mut(|path, cell| {
        let Some((_, kind)) = targets.iter().find(|(p, _)| *p == path) else {
            return;
        };
        let state = |v: i64| match kind {
            0 => CellState::Blank,
            1 => CellState::NotApplicable,
            _ => CellState::Number(-v - 1),
        };
        match cell {
            CellMut::Count(c) => {
                let v = c.value().copied().unwrap_or(0);
                *c = Cell {
                    state: state(v),
                    source: None,
                };
            }
            CellMut::Money(c) => {
                c.state = match kind {
                    0 => CellState::Blank,
                    1 => CellState::NotApplicable,
                    _ => CellState::Number(Decimal::new(-15, 1)),
                };
            }
        }
    });
}
