//! Label data for matching text to rows and columns. Labels are data here,
//! matched by key (see `text::key`), never identifiers.

use std::sync::OnceLock;

use super::text::key;
use crate::model::keys::{Edition, ProactiveColumn, ProactiveRow, RequestRow};

/// Edition signals: text whose presence marks an edition (spec §1).
pub(crate) const EDITION_SIGNALS: &[(&str, Edition)] = &[
    ("本年制发件数", Edition::V2021),
    ("本年处理决定数量", Edition::V2021),
    ("本年收费金额", Edition::V2021),
    ("本年新制作数量", Edition::V2019),
    ("上一年项目数量", Edition::V2019),
    ("本年增减", Edition::V2019),
    ("其他对外管理服务事项", Edition::V2019),
    ("政府集中采购", Edition::V2019),
];

/// Words of table 三's header (a line made of these is a header line).
pub(crate) const REQUEST_HEADER_WORDS: &[&str] = &[
    "申请人情况",
    "自然人",
    "法人或其他组织",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "勾稽关系",
    // header words as space-aligned text splits them (`商业企` / `业`)
    "商业企",
    "科研机",
    "社会公益",
    "法律服务",
];

/// Whether a key holds one of [`REQUEST_HEADER_WORDS`]: one automaton over
/// all of them, built once.
pub(crate) fn is_request_header(text_key: &str) -> bool {
    static WORDS: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    holds_any(&WORDS, REQUEST_HEADER_WORDS, text_key)
}

/// Whether `text_key` holds one of `words`, by the automaton `cell` holds
/// (built on first use; a plain search if it cannot be built).
fn holds_any(
    cell: &OnceLock<Option<aho_corasick::AhoCorasick>>,
    words: &[&str],
    text_key: &str,
) -> bool {
    match cell.get_or_init(|| aho_corasick::AhoCorasick::new(words).ok()) {
        Some(a) => a.is_match(text_key),
        None => words.iter().any(|w| text_key.contains(w)),
    }
}

/// Table 四's header words.
pub(crate) const APPEAL_HEADER_WORDS: &[&str] = &[
    "行政复议",
    "行政诉讼",
    "结果维持",
    "结果纠正",
    "其他结果",
    "尚未审结",
    "总计",
    "未经复议直接起诉",
    "复议后起诉",
];

/// Whether a key holds one of [`APPEAL_HEADER_WORDS`]: one automaton, built once.
pub(crate) fn is_appeal_header(text_key: &str) -> bool {
    static WORDS: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    holds_any(&WORDS, APPEAL_HEADER_WORDS, text_key)
}

/// The [`EDITION_SIGNALS`] a key holds, as indices into it (each once, in
/// the order they appear): one automaton, built once.
pub(crate) fn edition_signals_in(text_key: &str, mut found: impl FnMut(usize)) {
    static SIGNALS: OnceLock<Option<aho_corasick::AhoCorasick>> = OnceLock::new();
    let automaton = SIGNALS.get_or_init(|| {
        aho_corasick::AhoCorasick::new(EDITION_SIGNALS.iter().map(|(s, _)| *s)).ok()
    });
    match automaton {
        Some(a) => {
            for m in a.find_overlapping_iter(text_key) {
                found(m.pattern().as_usize());
            }
        }
        None => {
            for (i, (s, _)) in EDITION_SIGNALS.iter().enumerate() {
                if text_key.contains(s) {
                    found(i);
                }
            }
        }
    }
}

/// Matching keys of table 三's rows, longest first: `(key, row)`. Each row
/// matches on its full label with enumerator (`1属于国家秘密`); rows whose
/// text without the enumerator is distinctive also match on that.
pub(crate) fn request_keys() -> &'static [(String, RequestRow)] {
    static KEYS: OnceLock<Vec<(String, RequestRow)>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = Vec::new();
        for row in RequestRow::ALL {
            let full = key(row.label());
            // R04's label carries a parenthetical note that is often wrapped or dropped.
            let short = match row {
                RequestRow::PartiallyDisclosed => Some(key("（二）部分公开")),
                _ => None,
            };
            let bare: String = full
                .trim_start_matches(|c: char| {
                    c.is_ascii_digit() || "一二三四五六七八九十".contains(c)
                })
                .to_owned();
            keys.push((full.clone(), *row));
            if let Some(s) = short {
                keys.push((s, *row));
            }
            if bare.chars().count() >= 4 && bare != full {
                keys.push((bare, *row));
            }
        }
        keys.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        keys
    })
}

/// Words after a group's label that make its row the printed subtotal
/// (`（三）不予公开 小计`).
const SUBTOTAL_WORDS: &[&str] = &["小计", "合计"];

/// The row whose key is the longest suffix of `text_key`; a group label
/// followed by `小计` / `合计` is the group's subtotal row.
pub(crate) fn match_request_row(text_key: &str) -> Option<RequestRow> {
    // the keys by their last character, longest first within each: a
    // suffix is compared only with keys ending in the text's last character
    static BY_LAST: OnceLock<Vec<(char, usize)>> = OnceLock::new();
    let by_last = BY_LAST.get_or_init(|| {
        let mut v: Vec<(char, usize)> = request_keys()
            .iter()
            .enumerate()
            .filter_map(|(i, (k, _))| k.chars().next_back().map(|c| (c, i)))
            .collect();
        v.sort(); // by character, then by position in `request_keys`
        v
    });
    let keys = request_keys();
    let suffix = |k: &str| {
        let last = k.chars().next_back()?;
        let from = by_last.partition_point(|(c, _)| *c < last);
        by_last[from..]
            .iter()
            .take_while(|(c, _)| *c == last)
            .map(|(_, i)| &keys[*i])
            .find(|(key, _)| k.ends_with(key.as_str()))
            .map(|(_, r)| *r)
    };
    for word in SUBTOTAL_WORDS {
        if let Some(head) = text_key.strip_suffix(word)
            && let Some(group) = suffix(head).filter(|r| r.is_group())
        {
            return Some(group);
        }
    }
    suffix(text_key)
}

/// Keys of the group labels that space-aligned text interleaves with row
/// labels: the vertical `三、本年度办理结果` and （三）…（六）.
pub(crate) fn group_debris() -> &'static [String] {
    static KEYS: OnceLock<Vec<String>> = OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = vec![key("三、本年度办理结果")];
        keys.extend(
            RequestRow::ALL
                .iter()
                .filter(|r| r.is_group())
                .map(|r| key(r.label())),
        );
        keys
    })
}

/// Shortest overlap, in characters, for a wrapped label's first part to name a row.
const MIN_PREFIX_CHARS: usize = 6;

/// The row whose key *begins* with the longest tail of `text_key` (at least
/// six characters): a label wrapped around its value line, whose rest comes
/// after the values. `None` when two rows tie.
pub(crate) fn match_request_prefix(text_key: &str) -> Option<RequestRow> {
    // per key: the byte ends of its prefixes of at least six characters,
    // longest first, each with the character it ends in (compared first)
    static ENDS: OnceLock<Vec<Vec<(usize, char)>>> = OnceLock::new();
    let ends = ENDS.get_or_init(|| {
        request_keys()
            .iter()
            .map(|(k, _)| {
                let mut e: Vec<(usize, char)> = k
                    .char_indices()
                    .skip(MIN_PREFIX_CHARS)
                    .map(|(i, _)| (i, k[..i].chars().next_back().unwrap_or(' ')))
                    .collect();
                if let Some(c) = k.chars().next_back() {
                    e.push((k.len(), c));
                }
                e.reverse();
                e
            })
            .collect()
    });
    let last = text_key.chars().next_back()?;
    let mut best: Option<(usize, RequestRow)> = None;
    let mut tie = false;
    for ((k, row), ends) in request_keys().iter().zip(ends) {
        let Some(len) = ends
            .iter()
            .filter(|(_, c)| *c == last)
            .map(|(e, _)| *e)
            .find(|e| text_key.ends_with(&k[..*e]))
        else {
            continue;
        };
        match best {
            Some((l, r)) if len == l && r != *row => tie = true,
            Some((l, _)) if len <= l => {}
            _ => {
                best = Some((len, *row));
                tie = false;
            }
        }
    }
    if tie { None } else { best.map(|(_, r)| r) }
}

/// Edit distance between `row`'s full key and the closest tail of
/// `text_key`, when it is small enough to take the label for that row: at most
/// a quarter of the key's characters (typos such as `2.其他法律行政止公开`).
pub(crate) fn request_label_distance(text_key: &str, row: RequestRow) -> Option<usize> {
    // the rows' keys, reversed, computed once
    static REVERSED: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    let reversed = REVERSED.get_or_init(|| {
        RequestRow::ALL
            .iter()
            .map(|r| key(r.label()).chars().rev().collect())
            .collect()
    });
    let k = &reversed[row.index()];
    if k.len() < MIN_PREFIX_CHARS {
        return None;
    }
    let allowed = k.len() / 4;
    let lo = k.len().saturating_sub(allowed);
    let hi = k.len() + allowed;
    // the tail of the text, reversed: a suffix of the text is a prefix here
    let t: Vec<char> = text_key.chars().rev().take(hi).collect();
    if t.len() < lo {
        return None;
    }
    // one DP over prefixes of the reversed tail: row i holds the distances of
    // t[..i] to every prefix of k; the answer is the best row i in lo..=hi
    let mut prev: Vec<usize> = (0..=k.len()).collect();
    let mut cur = vec![0; k.len() + 1];
    let mut best: Option<usize> = None;
    for (i, tc) in t.iter().enumerate() {
        cur[0] = i + 1;
        for (j, kc) in k.iter().enumerate() {
            let sub = prev[j] + usize::from(tc != kc);
            cur[j + 1] = sub.min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
        if i + 1 >= lo.max(1) {
            let d = prev[k.len()];
            best = Some(best.map_or(d, |b| b.min(d)));
        }
    }
    best.filter(|d| *d <= allowed)
}

/// Labels of table 二's rows per edition (matching is by key suffix).
pub(crate) fn proactive_row_label(edition: Edition, row: ProactiveRow) -> &'static str {
    match (edition, row) {
        (Edition::V2019, ProactiveRow::NormativeDocuments) => "规范性文件",
        _ => row.label(),
    }
}

/// The row of table 二 whose label is a suffix of `text_key`, among the rows of `edition`.
pub(crate) fn match_proactive_row(edition: Edition, text_key: &str) -> Option<ProactiveRow> {
    // keys per edition: the edition's label and the row's canonical label
    // ("规范性文件" is a suffix of "行政规范性文件": both editions accept either)
    static KEYS: OnceLock<[Vec<(String, ProactiveRow)>; 2]> = OnceLock::new();
    let keys = KEYS.get_or_init(|| {
        [Edition::V2021, Edition::V2019].map(|e| {
            let mut v: Vec<(String, ProactiveRow)> = Vec::new();
            for (r, _) in crate::model::proactive::Proactive::layout(e) {
                v.push((key(proactive_row_label(e, *r)), *r));
                v.push((key(r.label()), *r));
                // `规范性文件` without 行政 is written in 2021 tables too
                if *r == ProactiveRow::NormativeDocuments {
                    v.push((key("规范性文件"), *r));
                }
            }
            v.sort_by_key(|k| std::cmp::Reverse(k.0.len()));
            v
        })
    });
    let list = &keys[usize::from(edition == Edition::V2019)];
    list.iter()
        .find(|(k, _)| text_key.ends_with(k.as_str()))
        .map(|(_, r)| *r)
}

/// The title of the 第二十条 block a table-二 row sits in.
pub(crate) fn proactive_block_title(row: ProactiveRow) -> &'static str {
    match row {
        ProactiveRow::Rules | ProactiveRow::NormativeDocuments => "第二十条第（一）项",
        ProactiveRow::Licensing | ProactiveRow::OtherServices => "第二十条第（五）项",
        ProactiveRow::Punishment | ProactiveRow::Coercion => "第二十条第（六）项",
        ProactiveRow::Fees => "第二十条第（八）项",
        ProactiveRow::Procurement => "第二十条第（九）项",
    }
}

/// The header label of a table-二 column in an edition.
pub(crate) fn proactive_column_label(edition: Edition, column: ProactiveColumn) -> &'static str {
    match (edition, column) {
        (Edition::V2019, ProactiveColumn::Decisions) => "处理决定数量",
        (Edition::V2019, ProactiveColumn::Amount) => "采购总金额",
        _ => column.label(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_matches_its_own_label() {
        for row in RequestRow::ALL {
            assert_eq!(match_request_row(&key(row.label())), Some(*row), "{row}");
        }
    }

    #[test]
    fn rows_match_with_prefixes_and_variants() {
        let m = |s: &str| match_request_row(&key(s));
        assert_eq!(
            m("三、本年度办理结果\t(一) 予以公开"),
            Some(RequestRow::Disclosed)
        );
        assert_eq!(
            m("(三) 不予公开 1.属于国家秘密"),
            Some(RequestRow::WithheldStateSecret)
        );
        assert_eq!(m("（三）不予公开"), Some(RequestRow::Withheld));
        assert_eq!(
            m("(六)其他处理 3、其他"),
            Some(RequestRow::OtherHandlingOther)
        );
        assert_eq!(m("(七)总计"), Some(RequestRow::OutcomeTotal));
        assert_eq!(m("总计"), None);
        assert_eq!(m("其他"), None);
        assert_eq!(
            m("1、申請人無正當理由逾期不補正、行政機關不再處理其政府信息公開申請"),
            Some(RequestRow::OtherHandlingNoCorrection)
        );
        assert_eq!(
            m("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
            Some(RequestRow::PartiallyDisclosed)
        );
        assert_eq!(
            m("3.危及\"三安全一稳定\""),
            Some(RequestRow::WithheldSecurityStability)
        );
    }

    #[test]
    fn wrapped_and_misspelt_labels() {
        let p = |s: &str| match_request_prefix(&key(s));
        assert_eq!(
            p("（二）部分公开（区分处理的，只计这一情"),
            Some(RequestRow::PartiallyDisclosed)
        );
        assert_eq!(
            p("具已获取信息1、申请人无正当理由逾期不补正、行政机关不再处理其政府信"),
            Some(RequestRow::OtherHandlingNoCorrection)
        );
        assert_eq!(
            p("5.要求行政机关确认或重新出"),
            Some(RequestRow::NotProcessedReconfirmation)
        );
        assert_eq!(p("申请人"), None);
        let d = |s: &str, r| request_label_distance(&key(s), r);
        assert_eq!(
            d(
                "三本年度办理结果2.其他法律行政止公开",
                RequestRow::WithheldProhibitedByLaw
            ),
            Some(3)
        );
        assert_eq!(d("2.重复申请", RequestRow::WithheldProhibitedByLaw), None);
        assert_eq!(
            d(
                "2.其他法律行政法规禁止公开",
                RequestRow::WithheldSecurityStability
            ),
            None
        );
    }

    #[test]
    fn proactive_rows() {
        assert_eq!(
            match_proactive_row(Edition::V2021, &key("行政规范性文件")),
            Some(ProactiveRow::NormativeDocuments)
        );
        assert_eq!(
            match_proactive_row(Edition::V2019, &key("规范性文件")),
            Some(ProactiveRow::NormativeDocuments)
        );
        assert_eq!(
            match_proactive_row(Edition::V2021, &key("規章")),
            Some(ProactiveRow::Rules)
        );
        assert_eq!(
            match_proactive_row(Edition::V2021, &key("政府集中采购")),
            None
        );
        assert_eq!(
            match_proactive_row(Edition::V2021, &key("规范性文件")),
            Some(ProactiveRow::NormativeDocuments)
        );
    }
}
