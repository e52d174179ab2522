//! Text primitives: label keys for matching, number classification.

use std::sync::OnceLock;

use rust_decimal::Decimal;

/// Traditional → Simplified for the characters of the format's labels and
/// headings (pairs, Traditional first).
const TRADITIONAL: &str = "開开動动資资訊讯請请數数處处結结轉转與与況况複复議议訟讼規规範范許许罰罚強强製制廢废現现費费額额萬万單单項项條条決决據据類类務务國国險险穩稳護护權权內内過过執执詢询無无機机關关沒没補补後后確确訪访舉举報报訴诉門门體体總总計计維维糾纠審审經经態态構构業业會会團团組组織织為为應应當当稱称價价錄录號号產产濟济發发辦办際际調调證证問问題题進进個个對对層层員员區区縣县鎮镇廳厅衛卫負负責责頁页歸归錯错誤误屬属於于實实網网絡络聯联係系導导頒颁購购採采餘余註注間间這这種种裡里裏里續续繼继將将從从來来點点歷历義义達达論论納纳繳缴認认獲获傳传設设簡简預预營营領领導导標标準准縮缩並并備备紀纪綜综監监督督隊队環环境境區区庫库積积極极參参與与";

fn traditional_map() -> &'static [(char, char)] {
    static MAP: OnceLock<Vec<(char, char)>> = OnceLock::new();
    MAP.get_or_init(|| {
        let chars: Vec<char> = TRADITIONAL.chars().collect();
        let mut pairs: Vec<(char, char)> = chars.chunks(2).map(|p| (p[0], p[1])).collect();
        pairs.sort_unstable();
        pairs.dedup_by_key(|p| p.0);
        pairs
    })
}

/// The CJK block the Traditional characters of the map lie in.
const CJK: std::ops::Range<u32> = 0x4E00..0xA000;

/// One bit per character of [`CJK`], set when the character is in the map:
/// most characters skip the search.
fn traditional_bits() -> &'static [u64] {
    static BITS: OnceLock<Vec<u64>> = OnceLock::new();
    BITS.get_or_init(|| {
        let mut bits = vec![0u64; (CJK.end - CJK.start).div_ceil(64) as usize];
        for (t, _) in traditional_map() {
            let i = *t as u32 - CJK.start;
            bits[(i / 64) as usize] |= 1 << (i % 64);
        }
        bits
    })
}

/// Folds one character for matching: full-width ASCII to ASCII, ideographic
/// space to space, Traditional label characters to Simplified.
pub(crate) fn fold_char(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' => ' ',
        c if !CJK.contains(&(c as u32)) => c,
        c => {
            let i = c as u32 - CJK.start;
            if traditional_bits()[(i / 64) as usize] & (1 << (i % 64)) == 0 {
                return c;
            }
            let map = traditional_map();
            match map.binary_search_by_key(&c, |p| p.0) {
                Ok(i) => map[i].1,
                Err(_) => c,
            }
        }
    }
}

/// Whether a folded character is dropped from label keys: white space and
/// punctuation (brackets, enumeration commas, quotes, dots, slashes).
fn is_ignorable(c: char) -> bool {
    c.is_whitespace()
        || c.is_ascii_punctuation()
        || matches!(
            c,
            '、' | '，'
                | '。'
                | '：'
                | '；'
                | '（'
                | '）'
                | '【'
                | '】'
                | '《'
                | '》'
                | '〈'
                | '〉'
                | '「'
                | '」'
                | '『'
                | '』'
                | '“'
                | '”'
                | '‘'
                | '’'
                | '—'
                | '–'
                | '…'
                | '·'
                | '〔'
                | '〕'
                | '\u{FEFF}'
        )
}

/// Appends the matching key of `s` to `out`: folded, without white space and
/// punctuation. `（三）不予公开`, `(三) 不予公开` and `（三）不予公開` share a key.
pub(crate) fn push_key(out: &mut String, s: &str) {
    out.reserve(s.len());
    for c in s.chars().map(fold_char) {
        if !is_ignorable(c) {
            out.push(c);
        }
    }
}

/// The matching key of `s`.
pub(crate) fn key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_key(&mut out, s);
    out
}

/// White space as it appears between and around cells.
pub(crate) fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{00A0}' | '\u{FEFF}')
}

/// A number as written: its value and the unit attached to it, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Num {
    pub value: Decimal,
    pub unit: Option<&'static str>,
    /// Written with an explicit `+` or `-`.
    pub signed: bool,
}

/// What one field or token of text is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    /// Nothing but white space.
    Blank,
    /// `/`, `-`, `—`, `－`, `不适用` …
    NotApplicable,
    /// A number, possibly full-width, with thousands separators or a unit.
    Number(Num),
    /// Anything else.
    Text,
    /// Digits from text that lost its cell separators: one or more cells
    /// glued together (`21710000218`), split by the aligner.
    Run,
}

/// Units that may follow a number in a cell.
const UNITS: &[&str] = &[
    "万元", "人次", "件", "个", "条", "项", "次", "元", "家", "宗", "份",
];

/// Units that make a number an amount of money.
pub(crate) fn is_money_unit(unit: &str) -> bool {
    matches!(unit, "元" | "万元")
}

/// Classifies a trimmed field.
pub(crate) fn classify(raw: &str) -> Class {
    let s = raw.trim_matches(is_space);
    if s.is_empty() {
        return Class::Blank;
    }
    if matches!(
        s,
        "/" | "／" | "-" | "－" | "—" | "——" | "–" | "―" | "─" | "不适用" | "不適用" | "\\"
    ) {
        return Class::NotApplicable;
    }
    // most fields are labels: reject them before any work
    let first = s.chars().next().map(fold_char);
    if !first.is_some_and(|c| c.is_ascii_digit() || c == '+' || c == '-') {
        return Class::Text;
    }
    match parse_number(s) {
        Some(n) => Class::Number(n),
        None => Class::Text,
    }
}

/// Parses `１２`, `3,001`, `96171.6`, `+1`, `-2`, `12件`, `251000元`
/// without allocating: the mantissa is accumulated exactly (at most 28 digits).
fn parse_number(s: &str) -> Option<Num> {
    let mut chars = s.char_indices().map(|(i, c)| (i, fold_char(c))).peekable();
    let mut signed = false;
    let mut negative = false;
    if let Some(&(_, c)) = chars.peek() {
        if c == '+' || c == '-' {
            signed = true;
            negative = c == '-';
            chars.next();
        }
    }
    let mut mantissa: i128 = 0;
    let mut digits = 0u32;
    let mut int_digits = 0usize;
    let mut group_len: Option<usize> = None; // digits since the last thousands separator
    let mut seen_point = false;
    let mut frac_digits = 0u32;
    let mut rest_at = s.len();
    for (i, c) in chars {
        match c {
            '0'..='9' => {
                digits += 1;
                if digits > 28 {
                    return None;
                }
                mantissa = mantissa * 10 + i128::from(c as u8 - b'0');
                if seen_point {
                    frac_digits += 1;
                } else {
                    int_digits += 1;
                    if let Some(g) = group_len.as_mut() {
                        *g += 1;
                    }
                }
            }
            ',' if !seen_point && int_digits > 0 => {
                if group_len.is_some_and(|g| g != 3) || (group_len.is_none() && int_digits > 3) {
                    return None;
                }
                group_len = Some(0);
            }
            '.' if !seen_point && int_digits > 0 => seen_point = true,
            _ => {
                rest_at = i;
                break;
            }
        }
    }
    if int_digits == 0 || group_len.is_some_and(|g| g != 3) || (seen_point && frac_digits == 0) {
        return None;
    }
    let rest = s[rest_at..].trim_matches(is_space);
    let unit = if rest.is_empty() {
        None
    } else {
        Some(*UNITS.iter().find(|u| **u == rest)?)
    };
    let mantissa = if negative { -mantissa } else { mantissa };
    let value = Decimal::try_from_i128_with_scale(mantissa, frac_digits).ok()?;
    Some(Num {
        value,
        unit,
        signed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn num(s: &str) -> Option<Decimal> {
        match classify(s) {
            Class::Number(n) => Some(n.value),
            _ => None,
        }
    }

    #[test]
    fn numbers() {
        assert_eq!(num("0"), Some(Decimal::ZERO));
        assert_eq!(num(" １２ "), Some(Decimal::from(12)));
        assert_eq!(num("3,985,758"), Some(Decimal::from(3_985_758)));
        assert_eq!(num("96171.6"), Some("96171.6".parse().unwrap()));
        assert_eq!(num("-2"), Some(Decimal::from(-2)));
        assert_eq!(num("+1"), Some(Decimal::from(1)));
        assert_eq!(num("12件"), Some(Decimal::from(12)));
        assert_eq!(num("251000元"), Some(Decimal::from(251_000)));
        assert_eq!(num("1,00"), None);
        assert_eq!(num("1000,000"), None);
        assert_eq!(num("1."), None);
        assert_eq!(num("12abc"), None);
        assert_eq!(num("2.其他"), None);
        assert_eq!(num("99999999999999999999999999999999999"), None);
        assert!(matches!(
            classify("251000元"),
            Class::Number(Num {
                unit: Some("元"),
                ..
            })
        ));
    }

    #[test]
    fn classes() {
        assert_eq!(classify("  "), Class::Blank);
        assert_eq!(classify("/"), Class::NotApplicable);
        assert_eq!(classify("—"), Class::NotApplicable);
        assert_eq!(classify("不适用"), Class::NotApplicable);
        assert_eq!(classify("无"), Class::Text);
        assert_eq!(classify("规章"), Class::Text);
    }

    #[test]
    fn keys_fold_width_brackets_and_traditional() {
        assert_eq!(key("（三） 不予公开"), "三不予公开");
        assert_eq!(key("(三)不予公开"), "三不予公开");
        assert_eq!(key("行政規範性文件"), "行政规范性文件");
        assert_eq!(key("行政複議"), "行政复议");
        assert_eq!(key("3.危及\"三安全一稳定\""), key("3.危及“三安全一稳定”"));
        assert_eq!(key("1、申请人"), key("1.申请人"));
        assert_eq!(key("本年增/减"), "本年增减");
    }

    #[test]
    fn traditional_map_is_consistent() {
        let chars: Vec<char> = TRADITIONAL.chars().collect();
        assert_eq!(chars.len() % 2, 0);
        for pair in chars.chunks(2) {
            assert_eq!(fold_char(pair[0]), pair[1], "{}", pair[0]);
        }
    }
}
