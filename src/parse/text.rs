//! Text primitives: label keys for matching, number classification.

use std::sync::OnceLock;

use rust_decimal::Decimal;

/// Traditional → Simplified for the characters of the format's labels and
/// headings (pairs, Traditional first).
const TRADITIONAL: &str = "開开動动資资訊讯請请數数處处結结轉转與与況况複复議议訟讼規规範范許许罰罚強强製制廢废現现費费額额萬万單单項项條条決决據据類类務务國国險险穩稳護护權权內内過过執执詢询無无機机關关沒没補补後后確确訪访舉举報报訴诉門门體体總总計计維维糾纠審审經经態态構构業业會会團团組组織织為为應应當当稱称價价錄录號号產产濟济發发辦办際际調调證证問问題题進进個个對对層层員员區区縣县鎮镇廳厅衛卫負负責责頁页歸归錯错誤误屬属於于實实網网絡络聯联係系導导頒颁購购採采餘余註注間间這这種种裡里裏里續续繼继將将從从來来點点歷历義义達达論论納纳繳缴認认獲获傳传設设簡简預预營营領领導导標标準准縮缩並并備备紀纪綜综監监督督隊队環环境境區区庫库積积極极參参與与復复爲为減减學学時时術术澤泽祕秘統统載载輸输稅税錢钱紹绍鄉乡農农醫医療疗衞卫廣广電电劃划圖图書书館馆擬拟陳陈畫画儘尽戶户幫帮嚴严盡尽黨党懷怀壞坏歲岁擔担戰战損损觀观斷断舊旧聽听變变倉仓專专東东壓压滿满禮礼藝艺華华運运災灾傷伤貝贝財财貨货賬账質质贊赞軍军輕轻較较辭辞遺遗邊边鐵铁長长閱阅隨随雲云靜静響响須须顧顾飛飞養养駐驻驗验麼么齊齐龍龙協协廠厂雙双園园圍围場场塊块夠够奪夺婦妇寧宁寫写尋寻屆届帶带師师幣币彙汇徵征憑凭擁拥擇择擊击樣样檢检樂乐歡欢毀毁氣气溝沟測测燈灯爭争獨独獎奖盤盘礎础窮穷節节糧粮緊紧級级紙纸紅红約约線线細细終终給给絕绝綱纲緒绪編编練练績绩職职聲声臺台興兴莊庄葉叶藥药衝冲視视親亲覽览覺觉訂订記记診诊詞词試试該该詳详語语說说課课談谈諮咨謝谢識识讀读讓让豐丰貧贫貸贷貿贸賠赔賦赋贈赠趕赶車车軟软輔辅連连週周遊游違违遠远適适選选遷迁還还郵邮釋释針针銷销鋪铺閒闲陣阵陽阳隱隐雜杂離离難难頂顶順顺頭头頻频顯显風风飲饮馬马驅驱鬥斗黃黄齡龄";

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
pub(crate) const CJK: std::ops::Range<u32> = 0x4E00..0xA000;

/// One bit per character of the Basic Multilingual Plane, set when the
/// character is a Traditional character of [`TRADITIONAL`] (the first of
/// each pair), in words of 64 code points: most characters skip the
/// search. A three-byte sequence's first two bytes name its word, the third
/// the bit, so it is looked up with no decoding and no range check.
/// Computed at compile time.
static TRADITIONAL_BITS: [u64; 1024] = traditional_bits();

const fn traditional_bits() -> [u64; 1024] {
    let mut bits = [0u64; 1024];
    let b = TRADITIONAL.as_bytes();
    let mut i = 0;
    let mut nth = 0;
    while i < b.len() {
        // every character of the table is a three-byte ideograph
        let c = ((b[i] as u32 & 0x0F) << 12)
            | ((b[i + 1] as u32 & 0x3F) << 6)
            | (b[i + 2] as u32 & 0x3F);
        if nth % 2 == 0 {
            bits[(c / 64) as usize] |= 1 << (c % 64);
        }
        i += 3;
        nth += 1;
    }
    bits
}

/// Folds one character for matching: full-width ASCII to ASCII, ideographic
/// space to space, Traditional label characters to Simplified.
#[inline]
pub(crate) fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c;
    }
    fold_wide(c)
}

fn fold_wide(c: char) -> char {
    if CJK.contains(&(c as u32)) {
        return fold_cjk(c);
    }
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{2212}' => '-',
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200B}' => ' ',
        c => c,
    }
}

/// A character of [`CJK`]: its Simplified form when it is a Traditional
/// character of the labels, else itself.
#[inline]
pub(crate) fn fold_cjk(c: char) -> char {
    if !is_traditional(c) {
        return c;
    }
    simplified(c)
}

/// The Simplified form of a character [`is_traditional`] holds (itself
/// when the map has none).
pub(crate) fn simplified(c: char) -> char {
    let map = traditional_map();
    match map.binary_search_by_key(&c, |p| p.0) {
        Ok(i) => map[i].1,
        Err(_) => c,
    }
}

/// Whether the three-byte UTF-8 sequence `b0 b1 b2` (lead byte E4–E9) is
/// a Traditional label character: the first two bytes name a block of 64
/// code points, the third the bit in it. Nothing is decoded.
#[inline]
pub(crate) fn is_traditional_utf8(b0: u8, b1: u8, b2: u8) -> bool {
    let block = (usize::from(b0 & 0x0F) << 6) | usize::from(b1 & 0x3F);
    TRADITIONAL_BITS[block] >> (b2 & 0x3F) & 1 != 0
}

/// Whether a character is a Traditional label character.
#[inline]
pub(crate) fn is_traditional(c: char) -> bool {
    let c = c as u32;
    TRADITIONAL_BITS
        .get((c / 64) as usize)
        .is_some_and(|w| w >> (c % 64) & 1 != 0)
}

/// Whether a folded character is dropped from label keys: white space and
/// punctuation (brackets, enumeration commas, quotes, dots, slashes).
#[inline]
fn is_ignorable(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\x0b' || c.is_ascii_punctuation();
    }
    if CJK.contains(&(c as u32)) {
        return false;
    }
    c.is_whitespace()
        || is_invisible(c)
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
    if s.is_ascii() {
        out.extend(
            s.bytes()
                .filter(|b| !(b.is_ascii_whitespace() || *b == 0x0b || b.is_ascii_punctuation()))
                .map(char::from),
        );
        return;
    }
    // ideographs that are not Traditional label characters are copied as
    // bytes: no decoding, no folding, never ignorable
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // a run of them is copied at once
        let mut run = &b[i..];
        while let &[lead, b1, b2, ..] = run {
            if !(0xE4..=0xE9).contains(&lead) || is_traditional_utf8(lead, b1, b2) {
                break;
            }
            run = &run[3..];
        }
        let j = b.len() - run.len();
        if j > i {
            out.push_str(&s[i..j]);
            i = j;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        i += c.len_utf8();
        let c = fold_char(c);
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
#[inline]
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\x0b';
    }
    if ('\u{3001}'..'\u{FEFF}').contains(&c) {
        return false;
    }
    c.is_whitespace() || matches!(c, '\u{3000}' | '\u{00A0}' | '\u{FEFF}')
}

/// Characters that take no room on the page: zero-width spaces and joiners,
/// direction marks, the soft hyphen, the word joiner. Web copies scatter them
/// next to numbers; they are ignored wherever a number or a label is read.
#[inline]
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{00AD}'
            | '\u{2060}'..='\u{2064}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `s` without the leading characters `trim` takes (white space, or also
/// invisible characters: [`is_space`] or [`is_trim`]). Bytes decide the
/// common cases: a run of ASCII spaces (aligned text indents its lines
/// with dozens) is skipped, and a line starting with printable ASCII or an
/// ideograph (neither trimmed by either) is returned at once; anything
/// else is walked by characters.
#[inline]
pub(crate) fn trim_start_by(s: &str, trim: fn(char) -> bool) -> &str {
    let b = s.as_bytes();
    let spaces = b.iter().position(|x| *x != b' ').unwrap_or(b.len());
    let rest = &s[spaces..];
    match b.get(spaces) {
        Some(&x) if (x > b' ' && x < 0x80) || (0xE4..=0xE9).contains(&x) => rest,
        None => rest,
        Some(_) => rest.trim_start_matches(trim),
    }
}

/// White space or an invisible character: what is trimmed around a cell.
#[inline]
pub(crate) fn is_trim(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_whitespace() || c == '\x0b';
    }
    // ideographs and full-width forms: never space nor invisible
    if ('\u{3001}'..'\u{FEFF}').contains(&c) {
        return false;
    }
    is_space(c) || is_invisible(c)
}

/// The lines of `input[start..end]` as `(line start, line end)` byte ranges
/// without their line break. `\n`, `\r\n` and a lone `\r` all end a line.
pub(crate) fn line_ranges(input: &str, start: usize, end: usize) -> LineRanges<'_> {
    LineRanges {
        bytes: input.as_bytes(),
        pos: start,
        end,
    }
}

/// Iterator of [`line_ranges`].
pub(crate) struct LineRanges<'a> {
    bytes: &'a [u8],
    pos: usize,
    end: usize,
}

impl Iterator for LineRanges<'_> {
    /// `(start, end without the break, start of the next line)`.
    type Item = (usize, usize, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.pos >= self.end {
            return None;
        }
        let s = self.pos;
        let rest = &self.bytes[s..self.end];
        match memchr::memchr2(b'\n', b'\r', rest) {
            None => {
                self.pos = self.end;
                Some((s, self.end, self.end))
            }
            Some(i) => {
                let e = s + i;
                let next = if self.bytes[e] == b'\r'
                    && self.bytes.get(e + 1) == Some(&b'\n')
                    && e + 1 < self.end
                {
                    e + 2
                } else {
                    e + 1
                };
                self.pos = next;
                Some((s, e, next))
            }
        }
    }
}

/// A number as written: its value and the unit attached to it, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Num {
    pub value: Decimal,
    pub unit: Option<Unit>,
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

/// A unit of [`UNITS`], by index: a field holds one byte for it, not a
/// string reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unit(u8);

impl Unit {
    /// The unit as written in Simplified characters (`万元`).
    pub fn as_str(self) -> &'static str {
        UNITS[usize::from(self.0)]
    }
}

/// Units that may follow a number in a cell.
pub(crate) const UNITS: &[&str] = &[
    "万元", "人次", "件", "个", "条", "项", "次", "元", "家", "宗", "份",
];

/// The unit `s` names, in Simplified or Traditional characters (`萬元`).
pub(crate) fn unit(s: &str) -> Option<Unit> {
    UNITS
        .iter()
        .position(|u| {
            u.chars().count() == s.chars().count()
                && u.chars().zip(s.chars().map(fold_char)).all(|(a, b)| a == b)
        })
        .and_then(|i| u8::try_from(i).ok())
        .map(Unit)
}

/// Units that make a number an amount of money.
pub(crate) fn is_money_unit(unit: &str) -> bool {
    matches!(unit, "元" | "万元")
}

/// Whether text reads as a cell's content rather than a label: `无`, `暂无`,
/// `零`, a Chinese numeral of two or more characters (`十二`), or a short text
/// with a digit or a percent sign (`5%`, `约3`).
pub(crate) fn is_cell_text(s: &str) -> bool {
    let s = trim_cell(s);
    if s.len() > 6 * 4 {
        return false; // more than six characters
    }
    let n = s.chars().count();
    if n == 0 || n > 6 {
        return false;
    }
    if matches!(s, "无" | "無" | "暂无" | "暫無" | "零" | "〇") {
        return true;
    }
    const NUMERALS: &str = "〇零一二三四五六七八九十百千万两";
    if n >= 2 && s.chars().all(|c| NUMERALS.contains(c)) {
        return true;
    }
    n <= 4
        && s.chars()
            .any(|c| fold_char(c).is_ascii_digit() || matches!(c, '%' | '％'))
        && !s.chars().any(|c| matches!(c, '.' | '．' | '、'))
}

/// Classifies a trimmed field.
/// `s` without white space or invisible characters around it; the text
/// itself when its ends are clean (most fields), without a search.
#[inline]
pub(crate) fn trim_cell(s: &str) -> &str {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return s;
    };
    let ascii_clean = |c: u8| !(c.is_ascii_whitespace() || c == 0x0b);
    // an ASCII byte or an ideograph's lead byte at the start, an ASCII byte
    // or an ideograph's last three bytes at the end: nothing to trim
    let start_clean = if first < 0x80 {
        ascii_clean(first)
    } else {
        (0xE4..=0xE9).contains(&first) || s.chars().next().is_some_and(|c| !is_trim(c))
    };
    let end_clean = if last < 0x80 {
        ascii_clean(last)
    } else {
        (b.len() >= 3 && (0xE4..=0xE9).contains(&b[b.len() - 3]))
            || s.chars().next_back().is_some_and(|c| !is_trim(c))
    };
    if start_clean && end_clean {
        s
    } else {
        s.trim_matches(is_trim)
    }
}

pub(crate) fn classify(raw: &str) -> Class {
    classify_trimmed(trim_cell(raw))
}

/// [`classify`] of a field already trimmed ([`trim_cell`]).
#[inline]
pub(crate) fn classify_trimmed(s: &str) -> Class {
    if s.is_empty() {
        return Class::Blank;
    }
    // most values: a few ASCII digits, no leading zero; read here, in the
    // caller, without the call the other classes take
    if s.len() <= 18
        && s.bytes().all(|b| b.is_ascii_digit())
        && (s.len() == 1 || !s.starts_with('0'))
    {
        let n: i64 = s.bytes().fold(0, |n, b| n * 10 + i64::from(b - b'0'));
        return Class::Number(Num {
            value: Decimal::from(n),
            unit: None,
            signed: false,
        });
    }
    classify_other(s)
}

/// [`classify_trimmed`] of a field that is not blank nor plain digits.
#[inline(never)]
fn classify_other(s: &str) -> Class {
    // the marks of "not applicable" start with one of these characters
    let first = s.chars().next().unwrap_or(' ');
    if matches!(
        first,
        '/' | '／' | '-' | '－' | '—' | '–' | '―' | '─' | '不' | '\\'
    ) && matches!(
        s,
        "/" | "／" | "-" | "－" | "—" | "——" | "–" | "―" | "─" | "不适用" | "不適用" | "\\"
    ) {
        return Class::NotApplicable;
    }
    // most fields are labels: reject them before any work
    let first = fold_char(first);
    if !(first.is_ascii_digit() || first == '+' || first == '-') {
        return Class::Text;
    }
    if has_leading_zero(s) {
        return Class::Run;
    }
    match parse_number(s) {
        Some(n) => Class::Number(n),
        // digits too many for any number (dozens): a cell's content that
        // cannot be read, never a label
        None if all_digits(s) => Class::Run,
        None => Class::Text,
    }
}

/// Only digits (ASCII or full-width; invisible characters aside).
fn all_digits(s: &str) -> bool {
    s.chars()
        .filter(|c| !is_invisible(*c))
        .map(fold_char)
        .all(|c| c.is_ascii_digit())
}

/// Plain digits of two or more starting with `0` (`00`, `03`): no count is
/// written so, it is the digits of several cells glued together.
fn has_leading_zero(s: &str) -> bool {
    let mut digits = s.chars().filter(|c| !is_invisible(*c)).map(fold_char);
    digits.next() == Some('0')
        && s.chars()
            .filter(|c| !is_invisible(*c))
            .map(fold_char)
            .all(|c| c.is_ascii_digit())
        && digits.next().is_some()
}

/// Parses `１２`, `3,001`, `96171.6`, `+1`, `-2`, `12件`, `251000元`
/// without allocating: the mantissa is accumulated exactly (at most 28 digits).
fn parse_number(s: &str) -> Option<Num> {
    let mut chars = s
        .char_indices()
        .filter(|(_, c)| !is_invisible(*c))
        .map(|(i, c)| (i, fold_char(c)))
        .peekable();
    let mut signed = false;
    let mut negative = false;
    if let Some(&(_, c)) = chars.peek()
        && (c == '+' || c == '-')
    {
        signed = true;
        negative = c == '-';
        chars.next();
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
        Some(unit(rest)?)
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

    proptest::proptest! {
        /// The byte shortcuts of `trim_start_by` trim what the character
        /// walk trims.
        #[test]
        fn trimming_by_bytes_trims_what_the_walk_trims(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "         ", "\t", "\x0b", "\r", "\u{3000}", "\u{a0}", "\u{200b}",
                    "\u{feff}", "\u{ad}", "a", "7", "\x01", "~", "规", "、", "０", "\u{e9}",
                ]),
                0..12,
            ),
        ) {
            let s: String = pieces.concat();
            proptest::prop_assert_eq!(trim_start_by(&s, is_trim), s.trim_start_matches(is_trim));
            proptest::prop_assert_eq!(trim_start_by(&s, is_space), s.trim_start_matches(is_space));
        }
    }
    use rust_decimal::Decimal;

    fn num(s: &str) -> Option<Decimal> {
        match classify(s) {
            Class::Number(n) => Some(n.value),
            _ => None,
        }
    }

    #[test]
    fn cell_texts_and_label_words() {
        for cell in [
            "无", "暫無", "零", "〇", "十二", "5%", "约3", "３件", "５％", "12",
        ] {
            assert!(is_cell_text(cell), "{cell}");
        }
        for label in ["结果", "一", "1.属于", "12345", "其他", "", "百分之"] {
            assert!(!is_cell_text(label), "{label}");
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
                unit: Some(u),
                ..
            }) if u.as_str() == "元"
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
