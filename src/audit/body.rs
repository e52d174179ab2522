//! Who a report is of: the body named by its title, normalized
//! conservatively, so that two reports are grouped only when their titles
//! name the same body in the same words.

use crate::model::report::Meta;

/// The wording of the title after the body's name, longest first.
const TITLE_ENDINGS: &[&str] = &[
    "政府信息公开工作年度报告",
    "政府信息公開工作年度報告",
    "政府信息公开年度报告",
    "政府信息公開年度報告",
    "政府信息公开工作年报",
    "政府信息公開工作年報",
    "政府信息公开年报",
    "政府信息公開年報",
    "信息公开工作年度报告",
    "信息公开年度报告",
    "年度报告",
    "年度報告",
];

/// Words around the year in a title: `2023年度`, `2023年`, `年度`.
const YEAR_WORDS: &[&str] = &["年度", "年"];

/// The body a report is of, from its title: the name before the year
/// (`洪泽区人民政府2023年政府信息公开工作年度报告` → `洪泽区人民政府`), or the
/// title with its year and its `政府信息公开工作年度报告` wording removed
/// (`2025 年上海市人民政府办公厅政府信息公开工作年度报告` →
/// `上海市人民政府办公厅`).
///
/// Normalized conservatively: whitespace removed, ASCII parentheses made
/// full-width, and nothing else — `人民政府办公室` and `人民政府` stay
/// different bodies, and so do `淮安市洪泽区人民政府` and `洪泽区人民政府`
/// (see [`Summary::similar_bodies`](crate::audit::Summary::similar_bodies)).
/// `None` when the report has no title.
///
/// ```
/// use ogi_report::{audit::body_of, parse};
///
/// let report = parse("2025 年上海市人民政府办公厅政府信息公开工作年度报告\n")?.report;
/// assert_eq!(body_of(&report.meta).as_deref(), Some("上海市人民政府办公厅"));
/// let report = parse("洪泽区人民政府 2023 年政府信息公开工作年度报告\n")?.report;
/// assert_eq!(body_of(&report.meta).as_deref(), Some("洪泽区人民政府"));
/// # Ok::<(), ogi_report::Error>(())
/// ```
pub fn body_of(meta: &Meta) -> Option<String> {
    if let Some(agency) = &meta.agency {
        let name = normalize(agency);
        if !name.is_empty() {
            return Some(name);
        }
    }
    let title = normalize(meta.title.as_deref()?);
    let mut name = title.as_str();
    if let Some(ending) = TITLE_ENDINGS.iter().find(|e| name.ends_with(*e)) {
        name = &name[..name.len() - ending.len()];
    }
    // the year and its word, at either end of what is left
    let name = strip_year(name);
    (!name.is_empty()).then(|| name.to_owned())
}

/// Whitespace removed, ASCII parentheses made full-width.
pub(crate) fn normalize(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '(' => '（',
            ')' => '）',
            _ => c,
        })
        .collect()
}

/// `2025年上海市…` → `上海市…`; `…局2023年度` → `…局`.
fn strip_year(mut s: &str) -> &str {
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let n = digits(s);
    if n == 4 {
        let rest = &s[n..];
        if let Some(w) = YEAR_WORDS.iter().find(|w| rest.starts_with(*w)) {
            s = &rest[w.len()..];
        }
    }
    for w in YEAR_WORDS {
        if let Some(rest) = s.strip_suffix(w) {
            let n = rest.bytes().rev().take_while(u8::is_ascii_digit).count();
            if n == 4 {
                s = &rest[..rest.len() - n];
                break;
            }
        }
    }
    s
}

/// Whether `longer` is `shorter` with a place before it
/// (`淮安市洪泽区人民政府` / `洪泽区人民政府`): perhaps one body under two
/// names, which only the caller can say.
pub(crate) fn maybe_same(longer: &str, shorter: &str) -> bool {
    const PLACE_ENDINGS: &[&str] = &["省", "市", "州", "盟", "县", "区", "旗", "地区"];
    longer.len() > shorter.len()
        && longer.ends_with(shorter)
        && PLACE_ENDINGS
            .iter()
            .any(|p| longer[..longer.len() - shorter.len()].ends_with(p))
        && shorter.chars().count() >= 4
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta(agency: Option<&str>, title: Option<&str>) -> Meta {
        Meta {
            agency: agency.map(str::to_owned),
            title: title.map(str::to_owned),
            ..Meta::default()
        }
    }

    #[test]
    fn names_from_agency_and_title() {
        let m = meta(Some("石嘴山市 科学技术局"), None);
        assert_eq!(body_of(&m).as_deref(), Some("石嘴山市科学技术局"));
        let m = meta(
            None,
            Some("2025 年上海市人民政府办公厅政府信息公开工作年度报告"),
        );
        assert_eq!(body_of(&m).as_deref(), Some("上海市人民政府办公厅"));
        let m = meta(None, Some("某某局2023年度政府信息公开工作年度报告"));
        assert_eq!(body_of(&m).as_deref(), Some("某某局"));
        let m = meta(None, Some("政府信息公开工作年度报告"));
        assert_eq!(body_of(&m), None);
        assert_eq!(body_of(&Meta::default()), None);
        let m = meta(Some("某某(筹)委员会"), None);
        assert_eq!(body_of(&m).as_deref(), Some("某某（筹）委员会"));
    }

    #[test]
    fn office_and_government_are_different_bodies() {
        let a = body_of(&meta(Some("某某市人民政府办公室"), None));
        let b = body_of(&meta(Some("某某市人民政府"), None));
        assert_ne!(a, b);
        assert!(!maybe_same("某某市人民政府办公室", "某某市人民政府"));
    }

    #[test]
    fn a_place_before_a_name_may_be_the_same_body() {
        assert!(maybe_same("淮安市洪泽区人民政府", "洪泽区人民政府"));
        assert!(!maybe_same("洪泽区人民政府", "淮安市洪泽区人民政府"));
        assert!(!maybe_same("某某卫生健康委", "卫生健康委"));
        // a short tail names no body by itself
        assert!(!maybe_same("某某市人民政府", "政府"));
    }
}
