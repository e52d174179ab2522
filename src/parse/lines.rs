//! Layout readers: turn the lines of a table region into rows of fields with
//! spans. They know nothing of table semantics.

use super::text::{Class, classify, is_space};
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
        matches!(self.class, Class::Number(_) | Class::NotApplicable)
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
    pub span: Span,
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
    let lead = raw.len() - raw.trim_start_matches(is_space).len();
    let trimmed = raw.trim_matches(is_space);
    let s = start + lead;
    Field {
        text: trimmed,
        span: Span::new(s, s + trimmed.len()),
        class: classify(trimmed),
    }
}

/// A page number or footer line inside a table: `-3-`, `- 4 -`, `第 2 页`, `3/12`.
fn is_page_marker(line: &str) -> bool {
    let t: String = line.chars().filter(|c| !is_space(*c)).collect();
    if t.is_empty() {
        return false;
    }
    const DASHES: [char; 4] = ['-', '—', '–', '－'];
    let inner = line.trim_matches(|c: char| is_space(c) || DASHES.contains(&c));
    let dashed = t.starts_with(DASHES)
        && t.ends_with(DASHES)
        && !line.contains(['\t', '|'])
        && (1..=4).contains(&inner.len())
        && inner.chars().all(|c| c.is_ascii_digit());
    let paged = t.starts_with('第')
        && t.ends_with('页')
        && t.chars().filter(|c| c.is_ascii_digit()).count() > 0
        && t.chars().count() <= 12
        && !t.contains('条');
    dashed || paged
}

/// Splits one line (without its line break) starting at byte `offset` of `input`.
pub(crate) fn read_line(input: &str, start: usize, end: usize) -> Option<Line<'_>> {
    let text = &input[start..end];
    let span = Span::new(start, end);
    if is_page_marker(text) {
        return None;
    }
    if text.contains('\t') {
        let mut fields = Vec::new();
        let mut s = start;
        for part in text.split('\t') {
            fields.push(field(input, s, s + part.len()));
            s += part.len() + 1;
        }
        return Some(Line {
            fields,
            delimited: true,
            span,
        });
    }
    if text.contains('|') {
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
        if parts.len() > 1 {
            let (a, b) = parts[parts.len() - 1];
            if input[a..b].trim_matches(is_space).is_empty() {
                parts.pop();
            }
        }
        let fields: Vec<Field<'_>> = parts.iter().map(|(a, b)| field(input, *a, *b)).collect();
        // A Markdown separator row: `|---|:--:|`.
        if fields.iter().all(|f| {
            !f.text.is_empty() && f.text.chars().all(|c| matches!(c, '-' | ':' | '—' | '－'))
        }) {
            return None;
        }
        return Some(Line {
            fields,
            delimited: true,
            span,
        });
    }
    // Space-separated: tokens; consecutive text tokens form one label field.
    let mut fields: Vec<Field<'_>> = Vec::new();
    let mut pos = start;
    for token in text.split(is_space) {
        let tstart = pos;
        pos += token.len();
        // advance past the separator character (may be multi-byte)
        if pos < end {
            pos += input[pos..].chars().next().map_or(1, char::len_utf8);
        }
        if token.is_empty() {
            continue;
        }
        let f = field(input, tstart, tstart + token.len());
        match fields.last_mut() {
            Some(prev) if prev.class == Class::Text && f.class == Class::Text => {
                prev.span = prev.span.join(f.span);
                prev.text = &input[prev.span.start..prev.span.end];
            }
            _ => fields.push(f),
        }
    }
    Some(Line {
        fields,
        delimited: false,
        span,
    })
}

/// The lines of `input[start..end]`.
pub(crate) fn read_lines(input: &str, start: usize, end: usize) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut s = start;
    while s < end {
        let e = input[s..end].find('\n').map_or(end, |i| s + i);
        let line_end = if e > s && input.as_bytes()[e - 1] == b'\r' {
            e - 1
        } else {
            e
        };
        if let Some(line) = read_line(input, s, line_end) {
            if !line.is_blank() || line.fields.len() > 1 {
                out.push(line);
            }
        }
        s = e + 1;
    }
    out
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
    fn page_markers_are_skipped() {
        for s in ["-3-", "- 4 -", "第 2 页", "—5—"] {
            assert!(read_line(s, 0, s.len()).is_none(), "{s}");
        }
        assert!(read_line("-", 0, 1).is_some());
        assert!(read_line("-1\t0\t2", 0, 6).is_some());
        assert!(read_line("-1 0 2 -", 0, 8).is_some());
        assert!(read_line("第二十条第（一）项", 0, "第二十条第（一）项".len()).is_some());
    }
}
