//! The texts the benches measure, and the floor: the primitives any reader
//! of these texts needs, on the same `&str`.

#![allow(dead_code)]

use aho_corasick::{AhoCorasick, MatchKind};
use ogi_report::{
    AppealColumn, AppealGroup, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow,
};

#[path = "generated.rs"]
pub mod generated;

/// Real report texts in their extracted layouts.
pub const REAL: &[(&str, &str)] = &[
    (
        "tabs/shizuishan-2023",
        include_str!("../tests/corpus/shizuishan-science-bureau-2023.tabs.txt"),
    ),
    (
        "pdftotext-raw/huaian-2024",
        include_str!("../tests/corpus/huaian-gov-2024.pdftotext-raw.txt"),
    ),
    (
        "pdftotext-layout/huaian-2024",
        include_str!("../tests/corpus/huaian-gov-2024.pdftotext-layout.txt"),
    ),
    (
        "glued/pingtan-2024",
        include_str!("../tests/corpus/pingtan-2024.flattened.txt"),
    ),
];

/// One paragraph of the prose a report's first section holds.
const PROSE: &str = "本机关坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，\
围绕中心工作，不断完善主动公开、依申请公开、政府信息管理和平台建设等各项工作，\
着力提升政府信息公开质量和实效，切实保障人民群众的知情权、参与权、表达权和监督权。\n";

/// A generated report of about 10 KB, tab-separated, with no findings:
/// the tables of [`generated::report`] and prose in its first section.
pub fn synthetic_10kb() -> String {
    let text = ogi_report::to_text(&generated::report(7));
    let at = text.find("一、总体情况\n").expect("a first section") + "一、总体情况\n".len();
    let mut prose = String::new();
    while text.len() + prose.len() < 10_000 {
        prose.push_str(PROSE);
    }
    let mut out = text.clone();
    out.insert_str(at, &prose);
    out
}

/// The same report with one cell of table 三 changed (自然人 of 本年新收
/// one more): its row total and the column's balance fail.
pub fn faulty() -> String {
    synthetic_10kb().replacen("\t108\t0\t0\t0\t0\t0\t108", "\t109\t0\t0\t0\t0\t0\t108", 1)
}

/// Every text by name.
pub fn all() -> Vec<(String, String)> {
    let mut all: Vec<(String, String)> = REAL
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    all.push((
        "tabs/generated".into(),
        ogi_report::to_text(&generated::report(7)),
    ));
    all.push((
        "html/generated".into(),
        ogi_report::to_html(&generated::report(7)),
    ));
    all.push(("tabs/synthetic-10kb".into(), synthetic_10kb()));
    all.push(("tabs/synthetic-10kb-faulty".into(), faulty()));
    all
}

/// The text named `name`.
pub fn text(name: &str) -> Option<String> {
    all().into_iter().find(|(n, _)| n == name).map(|(_, t)| t)
}

/// The primitives: lines split with `memchr`, one multi-pattern search for
/// the format's labels and headings (aho-corasick, leftmost-first, its
/// packed SIMD searcher where the CPU has it), and ASCII integers
/// extracted. What it returns is a checksum, so nothing is optimized away.
pub struct Floor {
    labels: AhoCorasick,
}

/// Section headings and table-header words the format prints.
const HEADINGS: &[&str] = &[
    "政府信息公开工作年度报告",
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
    "申请人情况",
    "行政复议",
    "行政诉讼",
    "信息内容",
];

impl Floor {
    /// The automaton over every label of both editions and the headings.
    pub fn new() -> Floor {
        let mut patterns: Vec<&'static str> = HEADINGS.to_vec();
        patterns.extend(RequestRow::ALL.iter().map(|r| r.label()));
        patterns.extend(RequestColumn::ALL.iter().map(|c| c.label()));
        patterns.extend(AppealGroup::ALL.iter().map(|g| g.label()));
        patterns.extend(AppealColumn::ALL.iter().map(|c| c.label()));
        patterns.extend(ProactiveRow::ALL.iter().map(|r| r.label()));
        patterns.extend(ProactiveColumn::ALL.iter().map(|c| c.label()));
        patterns.sort();
        patterns.dedup();
        let labels = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .expect("labels build");
        Floor { labels }
    }

    /// The number of patterns.
    pub fn patterns(&self) -> usize {
        self.labels.patterns_len()
    }

    /// Lines, labels, integers of `text`: a checksum of what was found.
    /// Each primitive runs over the whole text once: memchr for the line
    /// breaks, the automaton for the labels, a byte loop for the integers.
    pub fn run(&self, text: &str) -> u64 {
        let bytes = text.as_bytes();
        let mut sum = memchr::memchr_iter(b'\n', bytes).fold(0u64, |s, i| s.wrapping_add(i as u64));
        for m in self.labels.find_iter(bytes) {
            sum = sum.wrapping_add(m.pattern().as_u64());
        }
        let mut n: u64 = 0;
        for &b in bytes {
            let d = b.wrapping_sub(b'0');
            if d < 10 {
                n = n.wrapping_mul(10).wrapping_add(u64::from(d));
            } else if n != 0 {
                sum = sum.wrapping_add(n);
                n = 0;
            }
        }
        sum.wrapping_add(n)
    }
}
