//! Property tests: generated consistent reports pass every check; one
//! perturbed cell yields exactly the findings that depend on it; serde and
//! text round trips. `PROPTEST_CASES=10000 cargo test --test properties`
//! runs a heavier search (default 128 cases per property).

use std::collections::BTreeSet;

use ogi_report::{
    AppealColumn, AppealGroup, Cell, CellMut, CellState, CheckOptions, Date, Edition, Path, Period,
    ProactiveColumn, ProactiveRow, Report, RequestRow, check, parse, to_text,
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

/// The free numbers of a consistent report; everything else is derived.
#[derive(Clone, Debug)]
struct Free {
    v2019: bool,
    outcomes: Vec<i64>,
    forward: Vec<i64>,
    carried_share: Vec<u16>,
    appeals: Vec<i64>,
    proactive: Vec<i64>,
    fee: (i64, u32),
    year: i32,
}

fn count() -> impl Strategy<Value = i64> {
    prop_oneof![4 => Just(0i64), 3 => 0i64..20, 1 => 0i64..5000]
}

fn free() -> impl Strategy<Value = Free> {
    (
        any::<bool>(),
        prop::collection::vec(count(), 21 * 6),
        prop::collection::vec(count(), 6),
        prop::collection::vec(0u16..=1000, 6),
        prop::collection::vec(count(), 12),
        prop::collection::vec(count(), 24),
        (0i64..10_000_000, 0u32..3),
        2019i32..2031,
    )
        .prop_map(
            |(v2019, outcomes, forward, carried_share, appeals, proactive, fee, year)| Free {
                v2019,
                outcomes,
                forward,
                carried_share,
                appeals,
                proactive,
                fee,
                year,
            },
        )
}

fn six(v: &[i64]) -> [i64; 6] {
    [v[0], v[1], v[2], v[3], v[4], v[5]]
}

/// The outcome rows of a layout, written out independently of the crate.
fn outcome_rows(v2019: bool) -> Vec<RequestRow> {
    use RequestRow::*;
    let mut rows = vec![
        Disclosed,
        PartiallyDisclosed,
        WithheldStateSecret,
        WithheldProhibitedByLaw,
        WithheldSecurityStability,
        WithheldThirdPartyRights,
        WithheldInternalAffairs,
        WithheldProcessInformation,
        WithheldEnforcementFiles,
        WithheldAdministrativeQuery,
        UnavailableNotHeld,
        UnavailableRequiresCreation,
        UnavailableUnclearAfterCorrection,
        NotProcessedPetitionComplaint,
        NotProcessedDuplicate,
        NotProcessedPublication,
        NotProcessedExcessive,
        NotProcessedReconfirmation,
    ];
    if v2019 {
        rows.push(OtherHandling);
    } else {
        rows.extend([
            OtherHandlingNoCorrection,
            OtherHandlingFeeUnpaid,
            OtherHandlingOther,
        ]);
    }
    rows
}

fn build(f: &Free) -> Report {
    let edition = if f.v2019 {
        Edition::V2019
    } else {
        Edition::V2021
    };
    let mut r = Report::new(edition);
    r.meta.title_year = Some(f.year);
    r.meta.period = Some(Period {
        start: Date {
            year: f.year,
            month: 1,
            day: 1,
        },
        end: Date {
            year: f.year,
            month: 12,
            day: 31,
        },
        span: None,
    });
    let rows = outcome_rows(f.v2019);
    let mut handled = [0i64; 6];
    for (i, row) in rows.iter().enumerate() {
        let counts = six(&f.outcomes[i * 6..]);
        for (h, c) in handled.iter_mut().zip(counts) {
            *h += c;
        }
        r.set_request_counts(*row, counts);
    }
    r.derive_outcome_total();
    let forward = six(&f.forward);
    r.set_request_counts(RequestRow::CarriedForward, forward);
    // 一 + 二 = （七） + 四, per column: split the right side between 一 and 二.
    let mut carried = [0i64; 6];
    let mut new = [0i64; 6];
    for c in 0..6 {
        let right = handled[c] + forward[c];
        carried[c] = right * i64::from(f.carried_share[c]) / 1000;
        new[c] = right - carried[c];
    }
    r.set_request_counts(RequestRow::CarriedOver, carried);
    r.set_request_counts(RequestRow::NewReceived, new);
    let a = &f.appeals;
    r.set_appeal_counts(AppealGroup::Review, [a[0], a[1], a[2], a[3]]);
    r.set_appeal_counts(AppealGroup::DirectSuit, [a[4], a[5], a[6], a[7]]);
    r.set_appeal_counts(AppealGroup::SuitAfterReview, [a[8], a[9], a[10], a[11]]);
    // K15 ≤ K05: raise 行政复议's 其他结果 when needed.
    let k05: i64 = a[..4].iter().sum();
    let k15: i64 = a[8..12].iter().sum();
    if k15 > k05 {
        r.set_appeal_counts(AppealGroup::Review, [a[0], a[1], a[2] + k15 - k05, a[3]]);
    }
    let p = &f.proactive;
    let mut i = 0;
    let mut next = || {
        i += 1;
        p[i - 1]
    };
    if f.v2019 {
        use ProactiveColumn::*;
        use ProactiveRow::*;
        for (row, cols) in [
            (Rules, &[Made, Published, TotalPublished][..]),
            (NormativeDocuments, &[Made, Published, TotalPublished]),
            (Licensing, &[ItemsLastYear, ItemsChange, Decisions]),
            (OtherServices, &[ItemsLastYear, ItemsChange, Decisions]),
            (Punishment, &[ItemsLastYear, ItemsChange, Decisions]),
            (Coercion, &[ItemsLastYear, ItemsChange, Decisions]),
            (Fees, &[ItemsLastYear, ItemsChange]),
            (Procurement, &[Projects]),
        ] {
            for c in cols {
                let v = next();
                let v = if *c == ItemsChange { v - 10 } else { v };
                assert!(r.set_proactive_count(row, *c, v));
            }
        }
        let amount = Decimal::new(f.fee.0, f.fee.1);
        assert!(r.set_proactive_amount(Procurement, Amount, amount));
    } else {
        use ProactiveColumn::*;
        use ProactiveRow::*;
        for row in [Rules, NormativeDocuments] {
            let (issued, abolished, extra) = (next(), next(), next());
            assert!(r.set_proactive_count(row, Issued, issued));
            assert!(r.set_proactive_count(row, Abolished, abolished));
            assert!(r.set_proactive_count(row, InForce, (issued - abolished).max(0) + extra));
        }
        for row in [Licensing, Punishment, Coercion] {
            assert!(r.set_proactive_count(row, Decisions, next()));
        }
        assert!(r.set_proactive_amount(Fees, Amount, Decimal::new(f.fee.0, f.fee.1)));
    }
    r
}

fn findings(r: &Report) -> BTreeSet<(String, String)> {
    check(r, &CheckOptions::default())
        .iter()
        .map(|d| (d.code.to_string(), d.path.to_string()))
        .collect()
}

fn count_of(r: &Report, path: Path) -> i64 {
    match r.cell(path) {
        Some(ogi_report::CellRef::Count(c)) => *c.value().unwrap(),
        _ => panic!("{path} is not a count"),
    }
}

/// The findings a +delta on the cell at `path` must cause, from the rules as
/// the spec states them (independent of the crate's checker).
fn oracle(r: &Report, path: Path, v2019: bool) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    let mut add = |code: &str, p: String| {
        out.insert((code.to_owned(), p));
    };
    match path {
        Path::Requests {
            row,
            column: Some(col),
        } => {
            add("requests.row_total", format!("requests.{row}.total"));
            if row == RequestRow::OutcomeTotal || outcome_rows(v2019).contains(&row) {
                add(
                    "requests.outcome_total",
                    format!("requests.outcome_total.{col}"),
                );
            }
            if matches!(
                row,
                RequestRow::NewReceived
                    | RequestRow::CarriedOver
                    | RequestRow::OutcomeTotal
                    | RequestRow::CarriedForward
            ) {
                add("requests.balance", format!("requests.{col}"));
            }
        }
        Path::Appeals {
            group,
            column: Some(_),
        } => {
            add(
                &format!("appeals.{group}_total"),
                format!("appeals.{group}.total"),
            );
            let k = |g, c| count_of(r, Path::appeal(g, c));
            if k(AppealGroup::SuitAfterReview, AppealColumn::Total)
                > k(AppealGroup::Review, AppealColumn::Total)
            {
                add(
                    "appeals.suit_after_review_exceeds_review",
                    "appeals.suit_after_review.total".to_owned(),
                );
            }
        }
        Path::Proactive {
            row,
            column: Some(_),
        } if !v2019 => {
            if matches!(row, ProactiveRow::Rules | ProactiveRow::NormativeDocuments) {
                let k = |c| count_of(r, Path::proactive(row, c));
                if k(ProactiveColumn::InForce)
                    < k(ProactiveColumn::Issued) - k(ProactiveColumn::Abolished)
                {
                    add(
                        "proactive.in_force_below_issued",
                        format!("proactive.{row}.in_force"),
                    );
                }
            }
        }
        _ => {}
    }
    out
}

fn perturb(r: &mut Report, target: Path, delta: i64) {
    r.for_each_cell_mut(|path, cell| {
        if path != target {
            return;
        }
        match cell {
            CellMut::Count(c) => {
                let v = *c.value().unwrap();
                *c = Cell::number(v + delta);
            }
            CellMut::Money(c) => {
                let v = *c.value().unwrap();
                *c = Cell::number(v + Decimal::from(delta));
            }
        }
    });
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn consistent_reports_pass_every_check(f in free()) {
        let r = build(&f);
        let d = findings(&r);
        prop_assert!(d.is_empty(), "{:?}", d);
    }

    #[test]
    fn one_perturbed_cell_yields_exactly_its_rules(f in free(), which in any::<Index>(), delta in 1i64..50) {
        let mut r = build(&f);
        let paths: Vec<Path> = r.cells().into_iter().map(|(p, _)| p).collect();
        let target = paths[which.index(paths.len())];
        perturb(&mut r, target, delta);
        prop_assert_eq!(findings(&r), oracle(&r, target, f.v2019), "perturbed {}", target);
    }

    #[test]
    fn serde_round_trip(f in free(), holes in prop::collection::vec((any::<Index>(), 0u8..3), 0..8)) {
        let mut r = build(&f);
        punch(&mut r, &holes);
        let json = serde_json::to_string(&r).unwrap();
        let back: Report = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, r);
    }

    #[test]
    fn parse_of_rendered_text_gives_the_same_report(f in free(), holes in prop::collection::vec((any::<Index>(), 0u8..3), 0..8)) {
        let mut r = build(&f);
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

/// The text an HTML fragment shows: tags left out, the references the
/// renderer writes resolved.
#[cfg(feature = "html")]
fn shown(fragment: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in fragment.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&nbsp;", " ")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&")
        .trim()
        .to_owned()
}

#[cfg(feature = "html")]
proptest! {
    #![proptest_config(config())]

    /// `parse(to_html(r)) == r` for both editions, with and without Word's
    /// span noise; every cell's span covers markup that shows its raw text.
    #[test]
    fn parse_of_rendered_html_gives_the_same_report(
        f in free(),
        holes in prop::collection::vec((any::<Index>(), 0u8..3), 0..8),
        noise in prop::option::of(any::<u64>()),
    ) {
        let mut r = build(&f);
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
