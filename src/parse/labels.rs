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
];

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

/// The row whose key is the longest suffix of `text_key`.
pub(crate) fn match_request_row(text_key: &str) -> Option<RequestRow> {
    request_keys()
        .iter()
        .find(|(k, _)| text_key.ends_with(k.as_str()))
        .map(|(_, r)| *r)
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
    // "规范性文件" is a suffix of "行政规范性文件": both editions accept either.
    crate::model::proactive::Proactive::layout(edition)
        .iter()
        .map(|(r, _)| *r)
        .filter(|r| {
            text_key.ends_with(&key(proactive_row_label(edition, *r)))
                || text_key.ends_with(&key(r.label()))
        })
        .max_by_key(|r| key(r.label()).len())
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
    }
}
