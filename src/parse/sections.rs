//! Locating the sections of a report and reading its front matter.

use super::solve::Stated;
use super::text::{fold_char, is_space, is_trim, key, line_ranges, push_key, trim_start_by};
use crate::model::cell::Span;
use crate::model::keys::{ProactiveColumn, ProactiveRow};
use crate::model::report::{Date, Meta, Period};

/// The six sections (index 0 = 一).
pub(crate) const SECTION_COUNT: usize = 6;

/// Byte offsets of the section headings found: `(start of heading line, end of it)`.
#[derive(Clone, Debug, Default)]
pub(crate) struct Sections {
    pub headings: [Option<(usize, usize)>; SECTION_COUNT],
}

impl Sections {
    /// The body of section `n` (0-based): from the end of its heading to the
    /// start of the next heading found, or the end of the input. `bool` is
    /// whether the body runs to the end of the input (no later section found).
    ///
    /// Headings found inside a line (flattened text) may overlap: the next
    /// heading can start before this one's end. The body is then empty,
    /// never inverted.
    pub fn body(&self, n: usize, input_len: usize) -> Option<(usize, usize, bool)> {
        let (_, start) = self.headings[n]?;
        let next = self.headings[n + 1..]
            .iter()
            .flatten()
            .map(|(s, _)| *s)
            .next();
        let end = next.unwrap_or(input_len).max(start);
        Some((start, end, next.is_none()))
    }

    pub fn found_any(&self) -> bool {
        self.headings[1..4].iter().any(Option::is_some)
    }
}

/// Numerals a section heading may start with. Reports that number their
/// own sections put the template's headings under other numerals.
const NUMERALS: [char; 10] = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/// Whether a line's key is the heading of section `n` (0-based). `exact`:
/// the heading's numeral is the template's for `n`; otherwise the phrase
/// must be the template's own, not a loose mention.
fn is_heading(n: usize, rest: &str, exact: bool) -> bool {
    match n {
        0 => rest.starts_with("总体情况"),
        1 => rest.starts_with("主动公开政府信息"),
        2 => {
            rest.starts_with("收到和处理政府信息公开申请")
                || (exact && rest.starts_with("收到和处理"))
        }
        3 => {
            rest.starts_with("政府信息公开行政复议")
                || (rest.contains("行政复议") && (exact || rest.contains("行政诉讼")))
        }
        4 => {
            rest.starts_with("存在的主要问题")
                || rest.starts_with("存在主要问题")
                || rest.starts_with("政府信息公开工作存在")
                || (exact && (rest.contains("问题") || rest.contains("改进")))
        }
        5 => rest.starts_with("其他需要报告"),
        _ => false,
    }
}

/// Finds the section headings, in order: each is looked for after the previous one found.
pub(crate) fn locate(input: &str) -> Sections {
    let mut sections = Sections::default();
    let mut next = 0usize;
    // one key buffer for every line that starts with a numeral
    let mut k = String::new();
    for (start, _, pos) in line_ranges(input, 0, input.len()) {
        if next >= SECTION_COUNT {
            break;
        }
        let line = &input[start..pos];
        let trimmed = trim_start_by(line, is_trim);
        // A heading is a short line starting with its numeral.
        let mut chars = trimmed.chars();
        let Some(first) = chars.next() else {
            continue;
        };
        let first_folded = fold_char(first);
        let Some(numeral) = NUMERALS.iter().position(|c| *c == first_folded) else {
            continue;
        };
        let marked = chars
            .next()
            .is_some_and(|c| matches!(c, '、' | '.' | '．' | '，' | ',') || is_space(c));
        let head_end = trimmed
            .char_indices()
            .nth(40)
            .map_or(trimmed.len(), |(i, _)| i);
        k.clear();
        push_key(&mut k, &trimmed[..head_end]);
        let rest = &k[first.len_utf8().min(k.len())..];
        if !k.starts_with(NUMERALS[numeral]) || trimmed.chars().count() > 60 {
            continue;
        }
        // Headings of later sections may appear when an earlier one is absent.
        for n in next..SECTION_COUNT {
            let exact = numeral == n;
            if (exact || marked) && is_heading(n, rest, exact) {
                sections.headings[n] = Some((start, pos));
                next = n + 1;
                break;
            }
        }
    }
    sections
}

/// The phrases that end each section's heading, for headings in the middle
/// of a line (text flattened to one line).
const INLINE_PHRASES: [&[&str]; SECTION_COUNT] = [
    &["总体情况"],
    &["主动公开政府信息情况"],
    &["收到和处理政府信息公开申请情况"],
    &["行政诉讼情况"],
    &["改进情况", "改进措施", "存在的主要问题", "存在主要问题"],
    &["其他需要报告的事项"],
];

/// A searcher for each of [`INLINE_PHRASES`], built once.
fn inline_finders() -> &'static [Vec<memchr::memmem::Finder<'static>>] {
    static FINDERS: std::sync::LazyLock<Vec<Vec<memchr::memmem::Finder<'static>>>> =
        std::sync::LazyLock::new(|| {
            INLINE_PHRASES
                .iter()
                .map(|phrases| phrases.iter().map(memchr::memmem::Finder::new).collect())
                .collect()
        });
    &FINDERS
}

/// `input` with Traditional characters of the labels folded to Simplified,
/// byte for byte the same length (only characters whose fold has the same
/// UTF-8 length are replaced), so offsets into it are offsets into `input`.
pub(crate) fn fold_same_length(input: &str) -> std::borrow::Cow<'_, str> {
    // Only ideographs fold to a character of the same length: the three-byte
    // sequences of the CJK block (lead bytes E4–E9) are decoded, nothing else.
    let bytes = input.as_bytes();
    let mut out: Option<Vec<u8>> = None;
    // ASCII, continuation bytes and other leads step one byte: none of them
    // is E4–E9, so no ideograph is misread
    // the bytes not yet read: a slice pattern reads three at once
    let mut rest = bytes;
    while let &[b, b1, b2, ..] = rest {
        if !(0xE4..=0xE9).contains(&b) {
            rest = &rest[1..];
            continue;
        }
        if super::text::is_traditional_utf8(b, b1, b2) {
            let c =
                (u32::from(b & 0x0F) << 12) | (u32::from(b1 & 0x3F) << 6) | u32::from(b2 & 0x3F);
            if let Some(c) = char::from_u32(c) {
                let f = super::text::simplified(c);
                if f != c && f.len_utf8() == 3 {
                    let i = bytes.len() - rest.len();
                    let o = out.get_or_insert_with(|| bytes.to_vec());
                    f.encode_utf8(&mut o[i..i + 3]);
                }
            }
        }
        rest = &rest[3..];
    }
    match out.map(String::from_utf8) {
        Some(Ok(o)) => std::borrow::Cow::Owned(o),
        // three bytes replaced by three bytes of one character: always UTF-8
        _ => std::borrow::Cow::Borrowed(input),
    }
}

/// Finds headings anywhere in a line: `N、` followed, within 24 characters
/// and without digits, by the section's phrase (any numeral right before
/// the phrase, for reports that number their own sections). Used when no
/// heading starts a line. Traditional characters are folded.
pub(crate) fn locate_inline(text: &str) -> Sections {
    let mut sections = Sections::default();
    let mut from = 0usize;
    let finders = inline_finders();
    for (n, phrases) in finders.iter().enumerate() {
        let mut best: Option<(usize, usize)> = None;
        for phrase in phrases {
            let mut search = from;
            while let Some(i) = phrase.find(&text.as_bytes()[search..]).map(|i| search + i) {
                let end = i + phrase.needle().len();
                search = end;
                if best.is_some_and(|(b, _)| b <= i) {
                    break;
                }
                if let Some(st) = inline_numeral(text, from, i, n) {
                    best = Some((st, end));
                    break;
                }
            }
        }
        if let Some((st, end)) = best {
            sections.headings[n] = Some((st, end));
            from = end;
        }
    }
    sections
}

/// The start of the `N、` that numbers a heading phrase at `i`: the
/// template's numeral within 24 characters before it (no digits between),
/// or any numeral right before it.
fn inline_numeral(text: &str, from: usize, i: usize, n: usize) -> Option<usize> {
    let back: Vec<(usize, char)> = text[from..i].char_indices().rev().take(24).collect();
    for (k, (_, c)) in back.iter().enumerate() {
        if fold_char(*c).is_ascii_digit() {
            return None;
        }
        if matches!(c, '、' | '.' | '．') {
            let Some((pj, pc)) = back.get(k + 1) else {
                continue;
            };
            let exact = *pc == NUMERALS[n];
            let adjacent =
                k == 0 && NUMERALS.contains(pc) && is_heading(n, &key(head(text, i)), false);
            if exact || adjacent {
                return Some(from + pj);
            }
        }
    }
    None
}

/// At most 40 characters of `text` from `i`: enough to tell a heading.
fn head(text: &str, i: usize) -> &str {
    let rest = &text[i..];
    rest.char_indices()
        .nth(40)
        .map_or(rest, |(j, _)| &rest[..j])
}

/// Content that marks each table, for texts whose headings do not lead to
/// the tables: `(markers, table index)`.
const TABLE_MARKERS: [&[&str]; 3] = [
    &["第二十条第（一）项", "第二十条第(一)项", "第二十条"],
    &["本年新收政府信息公开申请数量", "申请人情况", "勾稽关系为"],
    &["结果维持", "尚未审结", "复议后起诉"],
];

/// The first of table `n`'s markers, most specific first, found after `from`.
fn find_marker(text: &str, from: usize, n: usize) -> Option<usize> {
    TABLE_MARKERS[n - 1]
        .iter()
        .find_map(|m| text[from..].find(m).map(|i| from + i))
}

/// What the text shows of an annual report when no table is found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct ReportSignals {
    /// A `一、总体情况` heading.
    pub overview: bool,
    /// The format's citation: the edition it names.
    pub citation: Option<crate::model::keys::Edition>,
    /// Headings of the structure used before 2019 (概述, 依申请公开, 收费及减免).
    pub pre_2019: Option<&'static str>,
}

/// Reads the signals of [`ReportSignals`] from the input folded by
/// [`fold_same_length`]: the citation and headings in its first 32 KiB,
/// table content anywhere.
pub(crate) fn report_signals(text: &str) -> ReportSignals {
    use crate::model::keys::Edition;
    let mut cut = text.len().min(32 * 1024);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let front = &text[..cut];
    let finders = signal_finders();
    let in_front = |s: Signal| finders[s as usize].find(front.as_bytes()).is_some();
    // the citation: 国办公开办函 and the year within the next few characters
    // (each citation read once for both years)
    let (mut cites_2021, mut cites_2019) = (false, false);
    for i in finders[Signal::Citation as usize].find_iter(front.as_bytes()) {
        let after = &front[i + SIGNAL_WORDS[Signal::Citation as usize].len()..];
        let near = after
            .char_indices()
            .nth(8)
            .map_or(after, |(j, _)| &after[..j]);
        cites_2021 |= near.contains("2021");
        cites_2019 |= near.contains("2019");
        if cites_2021 {
            break;
        }
    }
    let citation = if cites_2021 || in_front(Signal::Document2021) {
        Some(Edition::V2021)
    } else if cites_2019 || in_front(Signal::Document2019) {
        Some(Edition::V2019)
    } else {
        None
    };
    // a phrase numbered 一 (`一、总体情况`, `一．概述`, `一 概述`)
    let first_numbered = |s: Signal| {
        finders[s as usize]
            .find_iter(front.as_bytes())
            .any(|i| front[..i].chars().rev().take(3).any(|c| c == '一'))
    };
    let overview = first_numbered(Signal::Overview);
    let tables = [Signal::Article20, Signal::NewRequests, Signal::Applicants]
        .iter()
        .any(|s| finders[*s as usize].find(text.as_bytes()).is_some());
    let pre_2019 = if tables {
        None
    } else {
        [Signal::Fees, Signal::OnRequest]
            .into_iter()
            .find(|s| in_front(*s))
            .map(|s| SIGNAL_WORDS[s as usize])
            .or_else(|| first_numbered(Signal::Summary).then_some("概述"))
    };
    ReportSignals {
        overview,
        citation,
        pre_2019,
    }
}

/// The phrases [`report_signals`] looks for, by [`SIGNAL_WORDS`] index.
#[derive(Clone, Copy)]
enum Signal {
    Citation,
    Document2021,
    Document2019,
    Overview,
    Summary,
    Article20,
    NewRequests,
    Applicants,
    Fees,
    OnRequest,
}

/// The words of [`Signal`], in its order.
const SIGNAL_WORDS: [&str; 10] = [
    "国办公开办函",
    "〔2021〕30号",
    "〔2019〕60号",
    "总体情况",
    "概述",
    "第二十条",
    "本年新收政府信息公开申请",
    "申请人情况",
    "收费及减免",
    "依申请公开政府信息情况",
];

/// A searcher for each of [`SIGNAL_WORDS`], built once.
fn signal_finders() -> &'static [memchr::memmem::Finder<'static>] {
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            SIGNAL_WORDS
                .iter()
                .map(memchr::memmem::Finder::new)
                .collect()
        });
    &FINDERS
}

/// Where report matter starts again after the last section (a second report
/// appended, or tables after 六): the position and the text found there.
/// `text` is the input folded by [`fold_same_length`].
pub(crate) fn trailing_report(text: &str, after: usize) -> Option<(usize, &'static str)> {
    const AGAIN: &[&str] = &[
        "一、总体情况",
        "第二十条第（一）项",
        "本年新收政府信息公开申请数量",
        "政府信息公开工作年度报告",
    ];
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| AGAIN.iter().map(memchr::memmem::Finder::new).collect());
    let rest = text.get(after..)?.as_bytes();
    AGAIN
        .iter()
        .zip(FINDERS.iter())
        .filter_map(|(m, f)| f.find(rest).map(|i| (after + i, *m)))
        .min()
}

/// The start of the line holding `pos`, or, in a line of more than 200
/// bytes before `pos` (flattened text), `pos` itself.
fn anchor_at(text: &str, pos: usize) -> usize {
    let line_start = text[..pos].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    if pos - line_start > 200 {
        pos
    } else {
        line_start
    }
}

impl Sections {
    /// Re-anchors tables 二–四 whose region holds none of the table's
    /// content (a report numbering its own sections, or tables without
    /// headings) at the first content that marks the table, after the
    /// previous table. Headings left out of order are dropped.
    /// `text` is the input folded by [`fold_same_length`].
    pub(crate) fn anchor_tables(&mut self, text: &str) {
        let len = text.len();
        let mut from = 0usize;
        for n in 1..4 {
            let ok = self.body(n, len).is_some_and(|(s, e, _)| {
                s >= from && TABLE_MARKERS[n - 1].iter().any(|m| text[s..e].contains(m))
            });
            if ok {
                from = self.headings[n].map_or(from, |h| h.1);
                continue;
            }
            let Some(at) = find_marker(text, from, n) else {
                continue;
            };
            let start = anchor_at(text, at).max(from);
            self.headings[n] = Some((start, start));
            for m in 0..SECTION_COUNT {
                if let Some((s, _)) = self.headings[m] {
                    let out_of_order = (m > n && s < start) || (m < n && s > start);
                    if out_of_order {
                        self.headings[m] = None;
                    }
                }
            }
            from = start;
        }
    }
}

/// Verbs of the prose that name a table-二 column, longest first.
const STATED_VERBS: &[(&str, ProactiveColumn)] = &[
    ("现行有效", ProactiveColumn::InForce),
    ("宣布失效", ProactiveColumn::Abolished),
    ("新制作", ProactiveColumn::Made),
    ("新公开", ProactiveColumn::Published),
    ("制发", ProactiveColumn::Issued),
    ("印发", ProactiveColumn::Issued),
    ("出台", ProactiveColumn::Issued),
    ("废止", ProactiveColumn::Abolished),
    ("失效", ProactiveColumn::Abolished),
    ("制作", ProactiveColumn::Made),
];

/// Row names of table 二's first block in the prose.
const STATED_ROWS: &[(&str, ProactiveRow)] = &[
    ("规范性文件", ProactiveRow::NormativeDocuments),
    ("規範性文件", ProactiveRow::NormativeDocuments),
    ("规章", ProactiveRow::Rules),
    ("規章", ProactiveRow::Rules),
];

/// A word of [`STATED_ROWS`] or [`STATED_VERBS`] found in a sentence:
/// where it starts and ends, and its index (rows first, then verbs).
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    end: usize,
    index: usize,
}

/// One automaton for the row names and the verbs, built once. `None` only
/// if it cannot be built, and then no figure is read from the prose.
fn stated_words() -> Option<&'static aho_corasick::AhoCorasick> {
    static WORDS: std::sync::OnceLock<Option<aho_corasick::AhoCorasick>> =
        std::sync::OnceLock::new();
    WORDS
        .get_or_init(|| {
            let words = STATED_ROWS
                .iter()
                .map(|(w, _)| *w)
                .chain(STATED_VERBS.iter().map(|(w, _)| *w));
            aho_corasick::AhoCorasick::new(words).ok()
        })
        .as_ref()
}

/// The word of `table` (whose patterns start at index `first`) that starts
/// last among `words` lying wholly in `start..end`, as `(start, value)`.
fn last_of<T: Copy>(
    words: &[Word],
    start: usize,
    end: usize,
    table: &[(&str, T)],
    first: usize,
) -> Option<(usize, T)> {
    words
        .iter()
        .filter(|w| w.start >= start && w.end <= end)
        .filter_map(|w| Some((w.start, table.get(w.index.checked_sub(first)?)?.1)))
        .max_by_key(|(at, _)| *at)
}

/// The figures of table 二's first block that the prose states before the
/// tables (`制发行政规范性文件62件`, `废止4件`, `现行有效118件`): a count
/// followed by `件`, in a clause whose verb names the column (制发, 废止,
/// 现行有效 …) and whose row (规章, 规范性文件) is named in the clause or
/// earlier in the same sentence.
pub(crate) fn stated_figures(input: &str, limit: usize) -> Vec<Stated> {
    let text = &input[..limit];
    let mut out: Vec<Stated> = Vec::new();
    let Some(automaton) = stated_words() else {
        return out;
    };
    const ENDS: [char; 5] = ['。', '！', '？', '\n', '\r'];
    let first_verb = STATED_ROWS.len();
    let unit = memchr::memmem::Finder::new("件");
    // the row names and verbs of the current sentence, every occurrence
    let mut words: Vec<Word> = Vec::new();
    // only the sentences holding a 件 are read: each is found from its 件
    let mut pos = 0; // a sentence starts here
    while let Some(k) = unit.find(&text.as_bytes()[pos..]).map(|k| pos + k) {
        let base = text[pos..k]
            .char_indices()
            .rev()
            .find(|(_, c)| ENDS.contains(c))
            .map_or(pos, |(j, c)| pos + j + c.len_utf8());
        let end = text[k..]
            .char_indices()
            .find(|(_, c)| ENDS.contains(c))
            .map_or(text.len(), |(j, c)| k + j + c.len_utf8());
        pos = end;
        let sentence = &text[base..end];
        // a figure is a count right before 件; a sentence with none (its 件
        // all of 文件 and the like) states nothing, and its words are not
        // looked for
        let counts_something = sentence
            .match_indices('件')
            .any(|(i, _)| count_before(&sentence[..i]).is_some());
        if !counts_something {
            continue;
        }
        words.clear();
        words.extend(automaton.find_overlapping_iter(sentence).map(|m| Word {
            start: base + m.start(),
            end: base + m.end(),
            index: m.pattern().as_usize(),
        }));
        if words.is_empty() {
            continue; // no row and no verb: no figure
        }
        let mut row: Option<ProactiveRow> = None;
        let mut verb: Option<ProactiveColumn> = None;
        let mut clause_start = base;
        for clause in sentence.split_inclusive(['，', '；', '、', '：', ',', ';']) {
            let cbase = clause_start;
            clause_start += clause.len();
            let mut from = 0;
            while let Some(i) = clause[from..].find('件').map(|i| from + i) {
                from = i + '件'.len_utf8();
                // the count right before 件 (spaces allowed)
                let Some((before, ds)) = count_before(&clause[..i]) else {
                    continue;
                };
                let Some((value, _)) = leading_number(&before[ds..]) else {
                    continue;
                };
                // the words of a figure stand within a few characters before it
                let mut from_byte = ds.saturating_sub(96);
                while !clause.is_char_boundary(from_byte) {
                    from_byte += 1;
                }
                let (head_start, head_end) = (cbase + from_byte, cbase + ds);
                let here_row = last_of(&words, head_start, head_end, STATED_ROWS, 0);
                let here_verb = last_of(&words, head_start, head_end, STATED_VERBS, first_verb);
                let (Some(r), Some(v)) = (
                    here_row.map(|x| x.1).or(row),
                    here_verb.map(|x| x.1).or(verb),
                ) else {
                    continue;
                };
                let start = [here_row.map(|x| x.0), here_verb.map(|x| x.0)]
                    .into_iter()
                    .flatten()
                    .min()
                    .unwrap_or(head_end);
                // the figure must sit close to its words: a clause, not a paragraph
                if text[start..cbase + i].chars().count() > 24 {
                    continue;
                }
                if !out.iter().any(|s| s.row == r && s.column == v) {
                    out.push(Stated {
                        row: r,
                        column: v,
                        value: u64::from(value),
                        span: Span::new(start, cbase + from),
                    });
                }
            }
            let clause_end = cbase + clause.len();
            if let Some((_, r)) = last_of(&words, cbase, clause_end, STATED_ROWS, 0) {
                row = Some(r);
            }
            if let Some((_, v)) = last_of(&words, cbase, clause_end, STATED_VERBS, first_verb) {
                verb = Some(v);
            }
        }
    }
    out
}

/// The digits `s` ends in, white space after them allowed (the count of a
/// figure before its 件): `s` without that space, and where the digits
/// start in it. `None` when `s` does not end in a digit.
fn count_before(s: &str) -> Option<(&str, usize)> {
    let before = s.trim_end_matches(is_space);
    let start = before
        .char_indices()
        .rev()
        .take_while(|(_, c)| fold_char(*c).is_ascii_digit())
        .last()?
        .0;
    Some((before, start))
}

/// Reads a run of ASCII or full-width digits at the start of `s`; returns
/// the number and the byte length consumed.
fn leading_number(s: &str) -> Option<(u32, usize)> {
    let mut value: u32 = 0;
    let mut len = 0;
    let mut count = 0;
    for c in s.chars() {
        let d = fold_char(c);
        if let Some(v) = d.to_digit(10) {
            value = value.checked_mul(10)?.checked_add(v)?;
            len += c.len_utf8();
            count += 1;
            if count > 4 {
                return None;
            }
        } else {
            break;
        }
    }
    (count > 0).then_some((value, len))
}

fn skip_space(s: &str) -> usize {
    s.len() - s.trim_start_matches(is_space).len()
}

/// Parses `YYYY年M月D日` (spaces allowed) at the start of `s`, or `M月D日` when
/// `default_year` is given. Returns the date and the bytes consumed.
fn date_at(s: &str, default_year: Option<i32>) -> Option<(Date, usize)> {
    let mut i = skip_space(s);
    let (first, n) = leading_number(&s[i..])?;
    i += n;
    i += skip_space(&s[i..]);
    let year;
    let month;
    if s[i..].starts_with('年') {
        year = i32::try_from(first)
            .ok()
            .filter(|y| (1990..=2100).contains(y))?;
        i += '年'.len_utf8();
        i += skip_space(&s[i..]);
        let (m, n) = leading_number(&s[i..])?;
        i += n;
        month = m;
    } else {
        year = default_year?;
        month = first;
    }
    i += skip_space(&s[i..]);
    i += s[i..].starts_with('月').then_some('月'.len_utf8())?;
    i += skip_space(&s[i..]);
    let (day, n) = leading_number(&s[i..])?;
    i += n;
    i += skip_space(&s[i..]);
    i += s[i..].starts_with('日').then_some('日'.len_utf8())?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    Some((
        Date {
            year,
            month: month as u8,
            day: day as u8,
        },
        i,
    ))
}

/// Finds the statistical period: `YYYY年1月1日至[YYYY年]12月31日`.
fn find_period(input: &str, limit: usize) -> Option<Period> {
    let text = &input[..limit];
    // a three-byte needle: a vector search, not a scan for its last byte
    // (a byte most ideographs end in)
    static YEAR: std::sync::LazyLock<memchr::memmem::Finder<'static>> =
        std::sync::LazyLock::new(|| memchr::memmem::Finder::new("年"));
    let mut from = 0;
    while let Some(i) = YEAR.find(&text.as_bytes()[from..]).map(|i| from + i) {
        from = i + '年'.len_utf8();
        // back up over the year digits
        let digits_start = text[..i]
            .char_indices()
            .rev()
            .take_while(|(_, c)| fold_char(*c).is_ascii_digit() || is_space(*c))
            .last()
            .map_or(i, |(j, _)| j);
        let Some((start, n)) = date_at(&text[digits_start..], None) else {
            continue;
        };
        let mut j = digits_start + n;
        j += skip_space(&text[j..]);
        let sep = ["起至", "起到", "至", "到", "—", "－", "-", "~", "～", "―"]
            .iter()
            .find(|s| text[j..].starts_with(**s))?;
        j += sep.len();
        let Some((end, m)) = date_at(&text[j..], Some(start.year)) else {
            continue;
        };
        return Some(Period {
            start,
            end,
            span: Some(Span::new(digits_start, j + m)),
        });
    }
    None
}

/// The title year in `t`: four digits followed by 年, as `(offset, length, year)`.
fn year_in(t: &str) -> Option<(usize, usize, u32)> {
    for (i, _) in t.char_indices() {
        if let Some((y, n)) = leading_number(&t[i..]) {
            let after = &t[i + n..];
            if n >= 4
                && after.trim_start_matches(is_space).starts_with('年')
                && (1990..=2100).contains(&y)
            {
                return Some((i, n, y));
            }
        }
    }
    None
}

/// Reads the title (the first line before the tables naming a year and
/// 年度报告), the body named in it, and the statistical period.
pub(crate) fn read_meta(input: &str, limit: usize) -> Meta {
    let mut meta = Meta {
        period: find_period(input, limit),
        ..Meta::default()
    };
    let mut previous: Option<&str> = None;
    for (start, end, _) in line_ranges(input, 0, limit) {
        let line = &input[start..end];
        let mut t = line.trim_matches(is_trim);
        // a breadcrumb (`首页 > 政府信息公开年报 > 某某2024年…`): its last step
        if let Some(i) = t.rfind(['>', '＞', '»']) {
            t = t[i..]
                .trim_start_matches(['>', '＞', '»'])
                .trim_start_matches(is_trim);
        }
        // a page header's field name: `标题: …`
        for prefix in ["标题:", "标题：", "标题"] {
            if let Some(rest) = t.strip_prefix(prefix) {
                if prefix != "标题" || rest.starts_with(is_space) {
                    t = rest.trim_start_matches(is_space);
                }
                break;
            }
        }
        if t.is_empty() {
            continue;
        }
        let titled = ["年度报告", "年度報告", "年报", "年報"]
            .iter()
            .any(|w| t.contains(w));
        if titled && t.chars().count() <= 80 {
            // The year, on this line or, for a title wrapped over two
            // lines (`2025 年某某政府信息公开` / `工作年度报告`), on the one before.
            let (line_text, joined) = match (year_in(t), previous) {
                (Some(_), _) => (t, None),
                (None, Some(p)) if p.chars().count() <= 60 && year_in(p).is_some() => (p, Some(t)),
                _ => {
                    previous = Some(t);
                    continue;
                }
            };
            let Some((i, n, year)) = year_in(line_text) else {
                previous = Some(t);
                continue;
            };
            // where the year's line lies in the input (after any prefix or breadcrumb)
            let offset = line_text.as_ptr() as usize - input.as_ptr() as usize;
            meta.title_year = Some(year as i32);
            meta.title_span = Some(Span::new(offset + i, offset + i + n));
            let before = line_text[..i].trim_matches(is_space);
            let whole = match joined {
                Some(rest) => format!("{line_text}{rest}"),
                None => line_text.to_owned(),
            };
            meta.agency = if !before.is_empty() {
                Some(before.to_owned())
            } else if joined.is_none() {
                previous
                    .filter(|p| p.chars().count() <= 40 && !p.contains('。') && !p.contains('>'))
                    .map(str::to_owned)
            } else {
                None
            };
            meta.title = Some(match (&meta.agency, before.is_empty()) {
                (Some(a), true) => format!("{a}{whole}"),
                _ => whole,
            });
            break;
        }
        previous = Some(t);
    }
    meta
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn report_signals_read_each_phrase() {
        use crate::model::keys::Edition;
        let signals = report_signals("一、总体情况\n依据国办公开办函〔2021〕30号");
        assert!(signals.overview);
        assert_eq!(signals.citation, Some(Edition::V2021));
        assert_eq!(
            report_signals("国办公开办函 2019 年").citation,
            Some(Edition::V2019)
        );
        assert_eq!(
            report_signals("〔2019〕60号").citation,
            Some(Edition::V2019)
        );
        assert_eq!(report_signals("报告").citation, None);
        // two citations: the 2021 format wins wherever it is cited
        assert_eq!(
            report_signals("国办公开办函〔2019〕60号，国办公开办函〔2021〕30号").citation,
            Some(Edition::V2021)
        );
        assert_eq!(
            report_signals("国办公开办函〔2019〕60号，国办公开办函").citation,
            Some(Edition::V2019)
        );
        assert!(!report_signals("二、总体情况").overview);
        assert_eq!(report_signals("一．概述").pre_2019, Some("概述"));
        assert_eq!(report_signals("收费及减免").pre_2019, Some("收费及减免"));
        assert_eq!(
            report_signals("依申请公开政府信息情况").pre_2019,
            Some("依申请公开政府信息情况")
        );
        for table_phrase in ["第二十条", "本年新收政府信息公开申请", "申请人情况"]
        {
            assert_eq!(
                report_signals(&format!("收费及减免{table_phrase}")).pre_2019,
                None
            );
        }
        // a table phrase past the first 32 KB still counts
        let far = format!("一．概述{}申请人情况", "。".repeat(12_000));
        assert_eq!(report_signals(&far).pre_2019, None);
        assert_eq!(
            trailing_report("前言一、总体情况", 0),
            Some((6, "一、总体情况"))
        );
        assert_eq!(trailing_report("前言一、总体情况", 7), None);
    }

    #[test]
    fn overlapping_headings_give_an_empty_body() {
        let mut s = Sections::default();
        s.headings[1] = Some((0, 50));
        s.headings[2] = Some((30, 60));
        assert_eq!(s.body(1, 100), Some((50, 50, false)));
        assert_eq!(s.body(2, 100), Some((60, 100, true)));
    }

    #[test]
    fn traditional_folds_keep_offsets() {
        let text = "a政府資訊公開 x\u{3000}１２開";
        let folded = fold_same_length(text);
        assert_eq!(folded, "a政府资讯公开 x\u{3000}１２开");
        assert_eq!(folded.len(), text.len());
        assert!(matches!(
            fold_same_length("政府信息公开"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn traditional_folds_at_every_position_and_width() {
        // each character folded alone, where the fold keeps its length
        let by_char = |s: &str| -> String {
            s.chars()
                .map(|c| {
                    let f = crate::parse::text::fold_cjk(c);
                    if f.len_utf8() == c.len_utf8() { f } else { c }
                })
                .collect()
        };
        // ASCII runs longer and shorter than a word, two- and four-byte
        // characters, Traditional ones at the start, between and at the end
        let pieces = [
            "開",
            "abcdefghijk",
            "é",
            "資訊",
            "😀",
            "1234567",
            "政府",
            "x",
            "報告",
            "\t\t",
        ];
        for start in 0..pieces.len() {
            let mut text = String::new();
            for k in 0..pieces.len() * 2 {
                text.push_str(pieces[(start + k * 7) % pieces.len()]);
                let folded = fold_same_length(&text);
                assert_eq!(folded, by_char(&text), "{text}");
                assert_eq!(folded.len(), text.len());
            }
        }
    }
    #[test]
    fn headings_in_order() {
        let text = "标题\n一、总体情况\n（一）主动公开政府信息情况\n二、主动公开政府信息情况\nx\n三、收到和处理政府信息公开申请情况\n三、本年度办理结果\n四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n六、其他需要报告的事项\n";
        let s = locate(text);
        assert!(s.headings.iter().all(Option::is_some));
        let (a, b, last) = s.body(1, text.len()).unwrap();
        assert_eq!(&text[a..b], "x\n");
        assert!(!last);
        assert!(s.body(5, text.len()).unwrap().2);
    }

    #[test]
    fn headings_inside_one_line() {
        let text = "本报告共分6个部分：总体情况、主动公开政府信息情况。一、总体情况 略。二、主动公开政府信息情况规章000三、收到和处理政府信息公开申请情况四、结转下年度继续办理0000000四、政府信息公开行政复议、行政诉讼情况1五、存在的主要问题及改进情况";
        let s = locate_inline(text);
        let (a, b, _) = s.body(1, text.len()).unwrap();
        assert_eq!(&text[a..b], "规章000");
        let (a, b, _) = s.body(2, text.len()).unwrap();
        assert_eq!(&text[a..b], "四、结转下年度继续办理0000000");
        let (a, b, _) = s.body(3, text.len()).unwrap();
        assert_eq!(&text[a..b], "1");
    }

    #[test]
    fn figures_stated_in_prose() {
        let text = "动态更新发布本年度制发行政规范性文件62件，并同步做好。全年制发规章 2 件。";
        let s = stated_figures(text, text.len());
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].row, ProactiveRow::NormativeDocuments);
        assert_eq!(s[0].column, ProactiveColumn::Issued);
        assert_eq!(s[0].value, 62);
        assert_eq!(
            &text[s[0].span.start..s[0].span.end],
            "制发行政规范性文件62件"
        );
        assert_eq!(s[1].value, 2);
        assert_eq!(s[1].row, ProactiveRow::Rules);
        let t = "规范性文件62件";
        assert!(stated_figures(t, t.len()).is_empty());
        // words inside words (宣布失效 holds 失效) and the last row named
        let t = "制发规章1件，规范性文件宣布失效3件。";
        let s = stated_figures(t, t.len());
        assert_eq!(s.len(), 2);
        assert_eq!(
            (s[1].row, s[1].column, s[1].value),
            (
                ProactiveRow::NormativeDocuments,
                ProactiveColumn::Abolished,
                3
            )
        );
        assert_eq!(&t[s[1].span.start..s[1].span.end], "规范性文件宣布失效3件");
        assert!(stated_figures("", 0).is_empty());
        // a verb and a row carried over the clauses of one sentence
        let t = "全年制发行政规范性文件6件，废止4件，现行有效118件。主动公开市政府规章22件。";
        let s = stated_figures(t, t.len());
        let got: Vec<(ProactiveRow, ProactiveColumn, u64)> =
            s.iter().map(|s| (s.row, s.column, s.value)).collect();
        assert_eq!(
            got,
            [
                (ProactiveRow::NormativeDocuments, ProactiveColumn::Issued, 6),
                (
                    ProactiveRow::NormativeDocuments,
                    ProactiveColumn::Abolished,
                    4
                ),
                (
                    ProactiveRow::NormativeDocuments,
                    ProactiveColumn::InForce,
                    118
                ),
            ]
        );
        assert_eq!(&t[s[1].span.start..s[1].span.end], "废止4件");
        // a sentence whose 件 all belong to words (文件) states nothing; the
        // next one's full-width count, apart from its 件, is read
        let t = "制发规章，规范性文件汇编成册，文件清理。制发规章 ２ 件。";
        let s = stated_figures(t, t.len());
        let got: Vec<(ProactiveRow, ProactiveColumn, u64)> =
            s.iter().map(|s| (s.row, s.column, s.value)).collect();
        assert_eq!(got, [(ProactiveRow::Rules, ProactiveColumn::Issued, 2)]);
    }

    #[test]
    fn period_and_title() {
        let text = "石嘴山市科学技术局\n\n2023 年政府信息公开工作年度报告\n本报告统计数据时限为2023年1月1日至12月31日。\n";
        let m = read_meta(text, text.len());
        assert_eq!(m.title_year, Some(2023));
        assert_eq!(m.agency.as_deref(), Some("石嘴山市科学技术局"));
        let p = m.period.unwrap();
        assert_eq!((p.start.year, p.start.month, p.start.day), (2023, 1, 1));
        assert_eq!((p.end.year, p.end.month, p.end.day), (2023, 12, 31));
        let s = p.span.unwrap();
        assert_eq!(&text[s.start..s.end], "2023年1月1日至12月31日");

        let text = "报告中所列数据统计期限自 2023 年 1 月 1 日\n起至 2023 年 12 月 31 日止。";
        let p = read_meta(text, text.len()).period.unwrap();
        assert_eq!(
            (p.start.year, p.end.year, p.end.month, p.end.day),
            (2023, 2023, 12, 31)
        );

        let text = "洪泽区2024年政府信息公开工作年度报告\n统计期限为2023年1月1日至2023年12月31日";
        let m = read_meta(text, text.len());
        assert_eq!(m.title_year, Some(2024));
        assert_eq!(m.agency.as_deref(), Some("洪泽区"));
        assert_eq!(m.period.unwrap().end.year, 2023);
    }
}
