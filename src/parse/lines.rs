//! Layout readers: turn the lines of a table region into rows of fields with
//! spans. They know nothing of table semantics.

use super::text::{
    Class, classify, classify_trimmed, fold_char, is_cell_text, is_space, line_ranges, trim_cell,
    trim_start_by, unit,
};
use crate::model::cell::Span;

/// One field (delimited layouts) or token (space-aligned layouts).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Field<'a> {
    /// The trimmed text.
    pub text: &'a str,
    /// Where it is in the input (for an empty field: its position).
    pub span: Span,
    pub class: Class,
}

impl Field<'_> {
    pub fn is_value(&self) -> bool {
        matches!(
            self.class,
            Class::Number(_) | Class::NotApplicable | Class::Run
        )
    }
}

/// One line of a table region, split into fields.
#[derive(Clone, Debug)]
pub(crate) struct Line<'a> {
    pub fields: Vec<Field<'a>>,
    /// Cells are separated by tabs or pipes: a field's position is meaningful
    /// and empty fields are blank cells. Otherwise cells are separated by
    /// white space and a blank cell leaves no trace.
    pub delimited: bool,
    /// The line holds several rows of a page flattened to one line, or
    /// digits glued to text: cells may be glued, and a space between digits
    /// is a possible, not a certain, cell boundary.
    pub flattened: bool,
    /// A pipe row closed by a pipe on the right (`| 规章 | 22 | 235 |`): a
    /// cell it lacks was lost inside the row, not at its right edge.
    pub closed: bool,
    pub span: Span,
    /// Value fields past [`MAX_FIELDS`] of a delimited line, not kept field
    /// by field (a hostile line): their count and where they are. Boxed: a
    /// line rarely has any, and lines are many.
    pub omitted: Option<Box<(usize, Span)>>,
}

impl Line<'_> {
    pub fn has_values(&self) -> bool {
        self.fields.iter().any(Field::is_value)
    }

    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.class == Class::Blank)
    }
}

fn field(input: &str, start: usize, end: usize) -> Field<'_> {
    let raw = &input[start..end];
    let trimmed = trim_cell(raw);
    // the trimmed text lies inside the raw text: its offset there is the
    // length trimmed off the start (an empty field sits at the raw's end)
    let lead = if trimmed.is_empty() {
        raw.len()
    } else {
        trimmed.as_ptr() as usize - raw.as_ptr() as usize
    };
    let s = start + lead;
    Field {
        text: trimmed,
        span: Span::new(s, s + trimmed.len()),
        class: classify_trimmed(trimmed),
    }
}

/// A page number or footer line inside a table: `-3-`, `- 4 -`, `第 2 页`.
fn is_page_marker(line: &str) -> bool {
    const DASHES: [char; 4] = ['-', '—', '–', '－'];
    // the trim walks only the white space around the text (pdftotext
    // centers page numbers with dozens of spaces)
    let start = trim_start_by(line, is_space);
    let Some(first) = start.chars().next() else {
        return false;
    };
    // a marker starts with a dash or 第: most lines are rejected here
    if !(DASHES.contains(&first) || first == '第') {
        return false;
    }
    let t = start.trim_end_matches(is_space);
    if t.len() > 40 || memchr::memchr2(b'\t', b'|', line.as_bytes()).is_some() {
        return false;
    }
    if DASHES.contains(&first) {
        let inner = t.trim_matches(|c: char| is_space(c) || DASHES.contains(&c));
        return t.ends_with(DASHES)
            && (1..=4).contains(&inner.len())
            && inner.chars().all(|c| c.is_ascii_digit());
    }
    if first == '第' && t.ends_with('页') && !t.contains('条') {
        let inner = t['第'.len_utf8()..t.len() - '页'.len_utf8()].trim_matches(is_space);
        return !inner.is_empty() && inner.chars().all(|c| c.is_ascii_digit());
    }
    false
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_sign(c: char) -> bool {
    matches!(c, '+' | '-' | '－' | '＋' | '−')
}

fn is_point(c: char) -> bool {
    c == '.' || c == '．'
}

/// Characters after digits that make them prose, not a cell: a date, a
/// share, an ordinal (`2024年`, `12月`, `5%`).
fn is_prose_suffix(c: char) -> bool {
    matches!(
        c,
        '年' | '月' | '日' | '号' | '%' | '％' | '时' | '岁' | '届' | '期' | '季'
    )
}

/// Splits a token of separator-less text (`数量21710000218二、上年…`) into
/// label text and digit runs: `(start, end, is_run)`. A run followed by an
/// enumerator mark (`4000004` + `2.其他…`, glued as `40000042.其他`) gives
/// its last digit to the label that follows when that digit can number a
/// row (1–8: `02.其他` is the cell `0` and the row `2.`); a lone digit at the
/// start of the token followed by such a mark is itself an enumerator
/// (`1.属于…`). A `+`/`-` between digits starts a signed cell and stays in
/// the run (`15-15`); digits followed by `年`, `月`, `%` … are prose.
/// `None` when the token has no run.
fn glued_segments(input: &str, start: usize, end: usize) -> Option<Vec<(usize, usize, bool)>> {
    let token = &input[start..end];
    if u32::try_from(token.len()).is_err() {
        return None; // a token of over 4 GiB: never a table's
    }
    // most tokens are words: no digit, ASCII or full-width (EF BC 90–99)
    let b = token.as_bytes();
    let first_digit = next_digit(b, 0)?;
    // read at byte positions, nothing collected: a token may be a whole
    // page without spaces
    let at = |k: usize| token.get(k..).and_then(|t| t.chars().next());
    let before = |k: usize| token.get(..k).and_then(|t| t.chars().next_back());
    let digit_at = |k: usize| at(k).is_some_and(is_digit);
    let mut segments: Vec<(usize, usize, bool)> = Vec::new();
    let mut text_start = 0usize; // byte offset in token where the current text began
    // nothing before the first digit can start a run
    let mut i = first_digit;
    let mut found = false;
    while let Some(c) = at(i) {
        if !is_digit(c) {
            // the next digit found by bytes: most of a token is label text
            i = next_digit(b, i + c.len_utf8()).unwrap_or(token.len());
            continue;
        }
        // a run of digits, with one decimal point between digits, and signs
        // between digits
        let a = i;
        let mut b = i;
        let mut point = false;
        while let Some(c) = at(b) {
            let after = b + c.len_utf8();
            if is_digit(c) {
                b = after;
            } else if is_point(c) && !point && b > a && digit_at(after) {
                point = true;
                b = after;
            } else if is_sign(c) && b > a && digit_at(after) {
                point = false;
                b = after;
            } else {
                break;
            }
        }
        let next = at(b);
        if next.is_some_and(is_prose_suffix) {
            i = b;
            continue;
        }
        // the run's last character (a digit: a run ends on one)
        let last = before(b).unwrap_or(' ');
        let last_start = b - last.len_utf8();
        let enumerator = matches!(next, Some('.' | '．' | '、'))
            && !digit_at(b + next.map_or(0, char::len_utf8))
            && ('1'..='8').contains(&fold_char(last))
            && !before(last_start).is_some_and(is_sign);
        let (run_end, keep) = if enumerator {
            (last_start, last_start > a)
        } else {
            (b, true)
        };
        if keep {
            if a > text_start {
                segments.push((start + text_start, start + a, false));
            }
            segments.push((start + a, start + run_end, true));
            text_start = run_end;
            found = true;
        }
        i = b;
    }
    if !found {
        return None;
    }
    if text_start < token.len() {
        segments.push((start + text_start, end, false));
    }
    Some(segments)
}

/// The byte position of the first digit (ASCII, or full-width: EF BC 90–99)
/// at or after `from` in `b`, which is UTF-8 from `from` on.
fn next_digit(b: &[u8], from: usize) -> Option<usize> {
    let rest = b.get(from..)?;
    rest.iter()
        .enumerate()
        .position(|(k, &x)| {
            x.is_ascii_digit()
                || (x == 0xEF
                    && rest.get(k + 1) == Some(&0xBC)
                    && rest.get(k + 2).is_some_and(|y| (0x90..=0x99).contains(y)))
        })
        .map(|k| from + k)
}

/// Empty fields kept in a row: a table row has at most about twenty fields,
/// so a longer run of empty fields (a line of tabs) says nothing more and
/// is not kept field by field.
const MAX_BLANK_RUN: usize = 40;

/// Fields kept of one delimited line: a table row has a few dozen at most.
const MAX_FIELDS: usize = 512;

/// What a delimited line did not keep: the count of value fields past
/// [`MAX_FIELDS`] and their span.
#[derive(Default)]
struct Omitted {
    count: usize,
    span: Option<Span>,
}

impl Omitted {
    fn boxed(&self) -> Option<Box<(usize, Span)>> {
        self.span.map(|s| Box::new((self.count, s)))
    }
}

/// Appends a field, dropping empty fields past [`MAX_BLANK_RUN`] in a run,
/// and counting (not keeping) fields past [`MAX_FIELDS`].
fn push_field<'a>(fields: &mut Vec<Field<'a>>, f: Field<'a>, omitted: &mut Omitted) {
    if fields.len() >= MAX_FIELDS {
        if f.class != Class::Blank {
            omitted.count += 1;
            omitted.span = Some(omitted.span.map_or(f.span, |s| s.join(f.span)));
        }
        return;
    }
    if f.class == Class::Blank
        && fields.len() >= MAX_BLANK_RUN
        && fields[fields.len() - MAX_BLANK_RUN..]
            .iter()
            .all(|g| g.class == Class::Blank)
    {
        return;
    }
    fields.push(f);
}

/// Splits one line (without its line break) starting at byte `offset` of `input`.
pub(crate) fn read_line(input: &str, start: usize, end: usize) -> Option<Line<'_>> {
    let text = &input[start..end];
    let span = Span::new(start, end);
    if is_page_marker(text) {
        return None;
    }
    // one scan finds the first separator: a tab anywhere makes the line
    // tab-separated, else a pipe makes it a pipe row
    let bytes = text.as_bytes();
    let (tabs, pipes) = match memchr::memchr2(b'\t', b'|', bytes) {
        None => (false, false),
        Some(i) if bytes[i] == b'\t' => (true, false),
        Some(i) => match memchr::memchr(b'\t', &bytes[i..]) {
            Some(_) => (true, false),
            None => (false, true),
        },
    };
    if tabs {
        // room for a label, seven cells and a subtotal: the widest row of
        // the format; wider lines grow
        let mut fields = Vec::with_capacity(9);
        let mut s = start;
        let mut omitted = Omitted::default();
        // fields are short (a few digits): a plain byte scan finds the next
        // tab sooner than a vector search set up per field
        for part in bytes.split(|&b| b == b'\t') {
            push_field(&mut fields, field(input, s, s + part.len()), &mut omitted);
            s += part.len() + 1;
        }
        return Some(Line {
            fields,
            delimited: true,
            flattened: false,
            closed: false,
            span,
            omitted: omitted.boxed(),
        });
    }
    if pipes {
        let mut parts: Vec<(usize, usize)> = Vec::new();
        let mut s = start;
        for part in text.split('|') {
            parts.push((s, s + part.len()));
            s += part.len() + 1;
        }
        // `| a | b |`: the pieces before the first and after the last pipe are empty.
        if parts.len() > 1
            && input[parts[0].0..parts[0].1]
                .trim_matches(is_space)
                .is_empty()
        {
            parts.remove(0);
        }
        let mut closed = false;
        if parts.len() > 1 {
            let (a, b) = parts[parts.len() - 1];
            if input[a..b].trim_matches(is_space).is_empty() {
                parts.pop();
                closed = true;
            }
        }
        let mut fields: Vec<Field<'_>> = Vec::with_capacity(parts.len().min(4 * MAX_BLANK_RUN));
        let mut omitted = Omitted::default();
        for (a, b) in &parts {
            push_field(&mut fields, field(input, *a, *b), &mut omitted);
        }
        // A Markdown separator row: `|---|:--:|`.
        if fields.iter().all(|f| {
            !f.text.is_empty() && f.text.chars().all(|c| matches!(c, '-' | ':' | '—' | '－'))
        }) {
            return None;
        }
        return Some(Line {
            fields,
            delimited: true,
            flattened: false,
            closed,
            span,
            omitted: omitted.boxed(),
        });
    }
    // Space-separated: tokens; consecutive text tokens form one label field.
    let mut fields: Vec<Field<'_>> = Vec::new();
    for (a, b) in space_tokens(text) {
        let (tstart, token) = (start + a, &text[a..b]);
        let f = field(input, tstart, tstart + token.len());
        match f.class {
            Class::Blank => continue,
            Class::Text => {
                // a unit written apart from its number: `45.82 万元`
                if let Some(prev) = fields.last_mut()
                    && let Class::Number(n) = prev.class
                    && n.unit.is_none()
                    && unit(f.text).is_some()
                {
                    let span = prev.span.join(f.span);
                    let text = &input[span.start..span.end];
                    if let c @ Class::Number(_) = classify(text) {
                        *prev = Field {
                            text,
                            span,
                            class: c,
                        };
                        continue;
                    }
                }
                if let Some(segments) = glued_segments(input, tstart, tstart + token.len()) {
                    for (a, b, run) in segments {
                        let mut g = field(input, a, b);
                        if run {
                            g.class = Class::Run;
                        }
                        push_merging(&mut fields, input, g);
                    }
                    continue;
                }
            }
            _ => {}
        }
        push_merging(&mut fields, input, f);
    }
    Some(Line {
        fields,
        delimited: false,
        flattened: false,
        closed: false,
        span,
        omitted: None,
    })
}

/// The length of the white-space character at byte `i` of `text` (see
/// [`is_space`]), 0 when another character starts there. Bytes are looked
/// at first: only the lead bytes of white space outside ASCII are decoded.
#[inline]
fn space_at(text: &str, i: usize) -> usize {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        return usize::from(b.is_ascii_whitespace() || b == 0x0b);
    }
    if !may_lead_space(b) {
        return 0;
    }
    text[i..]
        .chars()
        .next()
        .filter(|c| is_space(*c))
        .map_or(0, char::len_utf8)
}

/// Whether a non-ASCII lead byte may start a white-space character (U+0085,
/// U+00A0; U+1680; U+2000–U+205F; U+3000; U+FEFF): any other starts none.
#[inline]
fn may_lead_space(b: u8) -> bool {
    matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF)
}

/// The byte length of the character whose first byte is `b`.
#[inline]
fn char_len(b: u8) -> usize {
    match b {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

/// The tokens of `text` between white space, as byte ranges.
///
/// Bytes decide most steps: a run of ASCII spaces (the columns of aligned
/// text) is skipped eight at a time, a printable ASCII byte or a lead byte
/// no white space starts with is token text, and only the rest is looked
/// at by [`space_at`].
fn space_tokens(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = text.as_bytes();
    let mut i = 0;
    std::iter::from_fn(move || {
        loop {
            while bytes.get(i..i + 8) == Some(b"        ".as_slice()) {
                i += 8;
            }
            let &b = bytes.get(i)?;
            let n = if b == b' ' { 1 } else { space_at(text, i) };
            if n == 0 {
                break;
            }
            i += n;
        }
        let start = i;
        while let Some(&b) = bytes.get(i) {
            let plain = if b < 0x80 {
                b > b' '
            } else {
                !may_lead_space(b)
            };
            if !plain && space_at(text, i) != 0 {
                break;
            }
            i += char_len(b);
        }
        Some((start, i.min(bytes.len())))
    })
}

/// Appends a field; consecutive text fields form one label field.
/// Text that reads as a cell's content (`无`, `十二`, `5%`) stays a field of
/// its own, so that a value column holding it is not folded into the label.
fn push_merging<'a>(fields: &mut Vec<Field<'a>>, input: &'a str, f: Field<'a>) {
    match fields.last_mut() {
        Some(prev)
            if prev.class == Class::Text
                && f.class == Class::Text
                && !is_cell_text(prev.text)
                && !is_cell_text(f.text) =>
        {
            prev.span = prev.span.join(f.span);
            prev.text = &input[prev.span.start..prev.span.end];
        }
        _ => {
            // room for a label and seven cells, the most common row, at
            // once; a line of no field allocates nothing
            if fields.capacity() == 0 {
                fields.reserve_exact(8);
            }
            fields.push(f);
        }
    }
}

/// Splits a line of flattened text into one line per row: a new row starts
/// at each label that follows a value. A line with glued digits, or with
/// three rows or more, is marked flattened. Other lines pass unchanged.
fn split_glued<'a>(mut line: Line<'a>, out: &mut Vec<Line<'a>>) {
    if line.delimited {
        out.push(line);
        return;
    }
    let glued = line.fields.iter().any(|f| f.class == Class::Run);
    let mut rows = 1usize;
    let mut seen_value = false;
    for f in &line.fields {
        if f.is_value() {
            seen_value = true;
        } else if f.class == Class::Text && seen_value {
            rows += 1;
            seen_value = false;
        }
    }
    let flattened = glued || rows >= 3;
    if rows == 1 {
        line.flattened = flattened;
        out.push(line);
        return;
    }
    let mut current: Vec<Field<'_>> = Vec::new();
    for f in line.fields {
        if f.class == Class::Text && current.iter().any(Field::is_value) {
            out.push(make_line(std::mem::take(&mut current), flattened));
        }
        current.push(f);
    }
    if !current.is_empty() {
        out.push(make_line(current, flattened));
    }
}

fn make_line(fields: Vec<Field<'_>>, flattened: bool) -> Line<'_> {
    let span = fields
        .iter()
        .map(|f| f.span)
        .reduce(Span::join)
        .unwrap_or_default();
    Line {
        fields,
        delimited: false,
        flattened,
        closed: false,
        span,
        omitted: None,
    }
}

/// The lines of `input[start..end]`.
#[cfg(test)]
pub(crate) fn read_lines(input: &str, start: usize, end: usize) -> Vec<Line<'_>> {
    line_iter(input, start, end).collect()
}

/// The lines of `input[start..end]` one after another, as [`read_lines`]
/// gives them, without holding them all.
pub(crate) fn line_iter(input: &str, start: usize, end: usize) -> LineIter<'_> {
    LineIter {
        input,
        ranges: line_ranges(input, start, end),
        pending: Vec::new(),
    }
}

/// Iterator of [`line_iter`]: one text line at a time, split into its rows;
/// the rows of a line wait in one buffer, reused.
pub(crate) struct LineIter<'a> {
    input: &'a str,
    ranges: super::text::LineRanges<'a>,
    /// Rows of the current text line not yet given, last first.
    pending: Vec<Line<'a>>,
}

impl<'a> Iterator for LineIter<'a> {
    type Item = Line<'a>;

    fn next(&mut self) -> Option<Line<'a>> {
        loop {
            if let Some(line) = self.pending.pop() {
                return Some(line);
            }
            let (s, e, _) = self.ranges.next()?;
            if let Some(line) = read_line(self.input, s, e)
                && (!line.is_blank() || line.fields.len() > 1)
            {
                if line.delimited {
                    return Some(line);
                }
                split_glued(line, &mut self.pending);
                self.pending.reverse();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_keep_empty_fields_and_spans() {
        let input = "规章\t0\t\t１２";
        let line = read_line(input, 0, input.len()).unwrap();
        assert!(line.delimited);
        assert_eq!(line.fields.len(), 4);
        assert_eq!(line.fields[2].class, Class::Blank);
        let f = line.fields[3];
        assert_eq!(&input[f.span.start..f.span.end], "１２");
    }

    #[test]
    fn pipes_strip_outer_pipes() {
        let input = "| 规章 | 0 | 0 | 0 |";
        let line = read_line(input, 0, input.len()).unwrap();
        assert_eq!(line.fields.len(), 4);
        assert_eq!(line.fields[0].text, "规章");
        assert!(read_line("|---|:--:|", 0, 10).is_none());
    }

    #[test]
    fn spaces_join_label_tokens() {
        let input = "（三） 不予公开 1.属于国家秘密   2  0 3";
        let line = read_line(input, 0, input.len()).unwrap();
        assert!(!line.delimited);
        assert_eq!(line.fields.len(), 4);
        assert_eq!(line.fields[0].text, "（三） 不予公开 1.属于国家秘密");
        assert_eq!(line.fields[3].text, "3");
    }

    #[test]
    fn glued_text_splits_into_rows_and_runs() {
        let input = "一、本年新收政府信息公开申请数量21710000218二、上年结转政府信息公开申请数量0000000（三）不予公开1.属于国家秘密40000042.其他法律行政法规禁止公开0000000";
        let lines = read_lines(input, 0, input.len());
        let rows: Vec<Vec<(&str, Class)>> = lines
            .iter()
            .map(|l| l.fields.iter().map(|f| (f.text, f.class)).collect())
            .collect();
        assert_eq!(rows.len(), 4, "{rows:?}");
        assert_eq!(
            rows[0],
            [
                ("一、本年新收政府信息公开申请数量", Class::Text),
                ("21710000218", Class::Run)
            ]
        );
        assert_eq!(
            rows[2],
            [
                ("（三）不予公开1.属于国家秘密", Class::Text),
                ("4000004", Class::Run)
            ]
        );
        assert_eq!(rows[3][0].0, "2.其他法律行政法规禁止公开");
        let fee = "行政事业性收费18651.06第二十条";
        let lines = read_lines(fee, 0, fee.len());
        assert_eq!(lines[0].fields[1].text, "18651.06");
        // ordinary labels with enumerators are not glued
        let plain = "1.属于国家秘密 2 0 0 0 0 0 2";
        let lines = read_lines(plain, 0, plain.len());
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].fields[0].class, Class::Text);
    }

    #[test]
    fn the_next_digit_is_found_by_bytes_as_by_characters() {
        let by_chars = |s: &str, from: usize| {
            s[from..]
                .char_indices()
                .find(|(_, c)| is_digit(*c))
                .map(|(k, _)| from + k)
        };
        for s in [
            "",
            "数量",
            "数量21",
            "（三）１２件",
            "x7",
            "０",
            "ａｂ９",
            "\u{FF10}\u{FF19}",
        ] {
            let starts: Vec<usize> = (0..=s.len()).filter(|k| s.is_char_boundary(*k)).collect();
            for from in starts {
                assert_eq!(
                    next_digit(s.as_bytes(), from),
                    by_chars(s, from),
                    "{s} from {from}"
                );
            }
        }
        assert_eq!(next_digit(b"12", 3), None);
    }

    #[test]
    fn space_tokens_split_on_every_white_space() {
        let text = " 规章\u{3000}12\u{a0}０ \u{2003}x\u{feff}y\t ";
        let tokens: Vec<&str> = space_tokens(text).map(|(a, b)| &text[a..b]).collect();
        let expected: Vec<&str> = text.split(is_space).filter(|t| !t.is_empty()).collect();
        assert_eq!(tokens, expected);
        assert_eq!(tokens, ["规章", "12", "０", "x", "y"]);
        assert_eq!(space_tokens("").count(), 0);
        assert_eq!(space_tokens("\u{3000} ").count(), 0);
    }

    proptest::proptest! {
        /// Tokens found by bytes are the text split at every white space
        /// character, whatever the runs of spaces and the characters
        /// around them.
        #[test]
        fn space_tokens_are_the_text_split_at_white_space(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    " ", "        ", "         ", "\t", "\n", "\x0b", "\x0c", "\r", "\u{3000}",
                    "\u{a0}", "\u{85}", "\u{1680}", "\u{2003}", "\u{202f}", "\u{feff}",
                    "a", "7", "\x01", "\x7f", "规章", "、", "「", "０", "\u{e9}", "\u{2212}",
                    "\u{ff5e}", "😀",
                ]),
                0..40,
            ),
        ) {
            let text: String = pieces.concat();
            let tokens: Vec<&str> = space_tokens(&text).map(|(a, b)| &text[a..b]).collect();
            let expected: Vec<&str> = text.split(is_space).filter(|t| !t.is_empty()).collect();
            proptest::prop_assert_eq!(tokens, expected);
        }
    }

    #[test]
    fn page_markers_are_skipped() {
        for s in ["-3-", "- 4 -", "第 2 页", "—5—"] {
            assert!(read_line(s, 0, s.len()).is_none(), "{s}");
        }
        assert!(read_line("-", 0, 1).is_some());
        assert!(read_line("-1\t0\t2", 0, 6).is_some());
        assert!(read_line("-1 0 2 -", 0, 8).is_some());
        assert!(read_line("第二十条第（一）项", 0, "第二十条第（一）项".len()).is_some());
        // centered as pdftotext -layout writes it
        let centered = format!("{}- 3 -", " ".repeat(70));
        assert!(read_line(&centered, 0, centered.len()).is_none());
    }
}
