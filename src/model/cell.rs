//! Cells: a number, or the reason there is none, plus where the text came from.

use std::fmt;

use super::raw::Raw;

/// A byte range `start..end` into the caller's original input.
///
/// Spans always point into the text given to [`parse`](crate::parse), never
/// into a normalized copy, so `&input[span.start..span.end]` is the raw text.
///
/// ```
/// use ogi_report::Span;
///
/// let text = "规章\t12\t0";
/// let span = Span::new(7, 9);
/// assert_eq!(&text[span.start..span.end], "12");
/// assert_eq!(span.join(Span::new(10, 11)), Span::new(7, 11));
/// assert_eq!(span.to_string(), "7..9");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Span {
    /// First byte, inclusive.
    pub start: usize,
    /// Last byte, exclusive.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end` (exclusive).
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span::new(self.start.min(other.start), self.end.max(other.end))
    }

    /// The 1-based line number of the span's start in `text` and that whole
    /// line (without its line break). `None` when the span lies outside `text`.
    pub fn line_in(self, text: &str) -> Option<(usize, &str)> {
        if self.start > text.len() || !text.is_char_boundary(self.start) {
            return None;
        }
        let before = &text[..self.start];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[self.start..]
            .find('\n')
            .map_or(text.len(), |i| self.start + i);
        let number = before.bytes().filter(|&b| b == b'\n').count() + 1;
        Some((number, text[line_start..line_end].trim_end_matches('\r')))
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// The number a cell's raw text plainly writes (ASCII or full-width
/// digits, an optional sign, thousands separators, a decimal point, a unit
/// such as `件` or `万元` after it), or `None` when the text is anything
/// else (a glued run, a label, a note).
pub(crate) fn plain_number(raw: &str) -> Option<rust_decimal::Decimal> {
    // most cells: plain ASCII digits, read without a copy
    if !raw.is_empty() && raw.len() <= 18 && raw.bytes().all(|b| b.is_ascii_digit()) {
        return raw.parse::<i64>().ok().map(rust_decimal::Decimal::from);
    }
    const UNITS: &[&str] = &[
        "万元", "人次", "件", "个", "条", "项", "次", "元", "家", "宗", "份", "萬元",
    ];
    let s = raw.trim();
    let s = UNITS
        .iter()
        .find_map(|u| s.strip_suffix(u))
        .unwrap_or(s)
        .trim();
    // folded to ASCII on the stack, thousands separators dropped: no allocation
    let mut buf = [0u8; 64];
    let mut len = 0;
    for c in s.chars() {
        let c = match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            '．' => '.',
            '－' | '−' => '-',
            ',' | '，' => continue,
            _ => c,
        };
        if !c.is_ascii() || len == buf.len() {
            return None;
        }
        buf[len] = c as u8;
        len += 1;
    }
    let s = std::str::from_utf8(&buf[..len]).ok()?;
    let digits = s.strip_prefix('-').unwrap_or(s);
    if digits.is_empty()
        || digits.len() > 24
        || !digits.bytes().all(|c| c.is_ascii_digit() || c == b'.')
        || digits.matches('.').count() > 1
        || digits.starts_with('.')
        || digits.ends_with('.')
    {
        return None;
    }
    s.parse().ok()
}

/// Where a cell's content was read: the raw text exactly as written and its span.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Source {
    /// The text of the cell as it stands in the input (`"１２"`, `"251000元"`, `""`).
    pub raw: Raw,
    /// Its position in the input.
    pub span: Span,
}

/// What a cell holds.
///
/// Blank is not zero: a report may leave a cell empty beside non-zero parts.
/// Checks treat every state but [`CellState::Number`] as "no number" and
/// report the rule as not assessable (unless the caller's policy says
/// otherwise for blank cells, see [`CheckOptions`](crate::CheckOptions)).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CellState<T> {
    /// A number was written.
    Number(T),
    /// Nothing was written in the cell.
    Blank,
    /// The cell says "not applicable": `/`, `-`, `—`, `－`, `不适用`.
    NotApplicable,
    /// The extracted text lost the cell (its row had fewer values than columns,
    /// or the row or table was not found).
    Missing,
    /// The cell holds text that is not a number of the cell's type; the raw
    /// text is in the cell's [`Source`].
    Unreadable,
}

/// One cell of a table: its state and, when it came from text, its source.
///
/// ```
/// use ogi_report::{Cell, CellKind, CellState};
///
/// let three: Cell<i64> = Cell::number(3);
/// assert_eq!(three.value(), Some(&3));
/// // blank is not zero
/// let blank: Cell<i64> = Cell::blank();
/// assert_eq!(blank.value(), None);
/// assert_eq!(blank.kind(), CellKind::Blank);
/// assert_eq!(Cell::<i64>::default().state, CellState::Missing);
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Cell<T> {
    /// The content.
    pub state: CellState<T>,
    /// Raw text and span, for cells read from text.
    pub source: Option<Source>,
}

impl<T> Default for Cell<T> {
    /// A missing cell: nothing is known about it.
    fn default() -> Self {
        Cell::missing()
    }
}

impl<T> Cell<T> {
    /// A cell holding a number, with no source.
    pub const fn number(value: T) -> Self {
        Cell {
            state: CellState::Number(value),
            source: None,
        }
    }

    /// A blank cell (nothing written).
    pub const fn blank() -> Self {
        Cell {
            state: CellState::Blank,
            source: None,
        }
    }

    /// A cell marked not applicable.
    pub const fn not_applicable() -> Self {
        Cell {
            state: CellState::NotApplicable,
            source: None,
        }
    }

    /// A cell the text lost.
    pub const fn missing() -> Self {
        Cell {
            state: CellState::Missing,
            source: None,
        }
    }

    /// A cell whose text is not a number.
    pub fn unreadable(raw: impl Into<Raw>, span: Span) -> Self {
        Cell {
            state: CellState::Unreadable,
            source: Some(Source {
                raw: raw.into(),
                span,
            }),
        }
    }

    /// The same cell with a source attached.
    #[inline]
    pub fn with_source(mut self, raw: impl Into<Raw>, span: Span) -> Self {
        self.source = Some(Source {
            raw: raw.into(),
            span,
        });
        self
    }

    /// The number, if the cell holds one.
    pub fn value(&self) -> Option<&T> {
        match &self.state {
            CellState::Number(v) => Some(v),
            _ => None,
        }
    }

    /// The span of the cell's text, if it came from text.
    pub fn span(&self) -> Option<Span> {
        self.source.as_ref().map(|s| s.span)
    }

    /// The kind of content, without the value.
    pub fn kind(&self) -> CellKind {
        match self.state {
            CellState::Number(_) => CellKind::Number,
            CellState::Blank => CellKind::Blank,
            CellState::NotApplicable => CellKind::NotApplicable,
            CellState::Missing => CellKind::Missing,
            CellState::Unreadable => CellKind::Unreadable,
        }
    }

    /// The same cell without its source (for comparing contents only).
    pub fn without_source(&self) -> Self
    where
        T: Clone,
    {
        Cell {
            state: self.state.clone(),
            source: None,
        }
    }
}

/// The state of a cell without its value; the serde name is the `state` field
/// of a cell's JSON form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CellKind {
    /// See [`CellState::Number`].
    Number,
    /// See [`CellState::Blank`].
    Blank,
    /// See [`CellState::NotApplicable`].
    NotApplicable,
    /// See [`CellState::Missing`].
    Missing,
    /// See [`CellState::Unreadable`].
    Unreadable,
}

impl CellKind {
    /// The stable snake_case name (`"not_applicable"`).
    pub const fn as_str(self) -> &'static str {
        match self {
            CellKind::Number => "number",
            CellKind::Blank => "blank",
            CellKind::NotApplicable => "not_applicable",
            CellKind::Missing => "missing",
            CellKind::Unreadable => "unreadable",
        }
    }

    /// The Chinese name used in rendered messages.
    pub const fn zh(self) -> &'static str {
        match self {
            CellKind::Number => "数字",
            CellKind::Blank => "空白",
            CellKind::NotApplicable => "不适用",
            CellKind::Missing => "缺失",
            CellKind::Unreadable => "无法识别",
        }
    }
}

#[cfg(feature = "serde")]
mod wire {
    use super::*;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    #[derive(Serialize, Deserialize)]
    struct CellWire<T> {
        state: CellKind,
        #[serde(default = "none", skip_serializing_if = "Option::is_none")]
        value: Option<T>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        raw: Option<String>,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        span: Option<Span>,
    }

    fn none<T>() -> Option<T> {
        None
    }

    impl<T: Serialize> Serialize for Cell<T> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            #[derive(Serialize)]
            struct Out<'a, T> {
                state: CellKind,
                #[serde(skip_serializing_if = "Option::is_none")]
                value: Option<&'a T>,
                #[serde(skip_serializing_if = "Option::is_none")]
                raw: Option<&'a str>,
                #[serde(skip_serializing_if = "Option::is_none")]
                span: Option<Span>,
            }
            Out {
                state: self.kind(),
                value: self.value(),
                raw: self.source.as_ref().map(|s| s.raw.as_str()),
                span: self.span(),
            }
            .serialize(serializer)
        }
    }

    impl<'de, T: Deserialize<'de>> Deserialize<'de> for Cell<T> {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let wire = CellWire::<T>::deserialize(deserializer)?;
            let state = match (wire.state, wire.value) {
                (CellKind::Number, Some(v)) => CellState::Number(v),
                (CellKind::Number, None) => {
                    return Err(serde::de::Error::custom(
                        "a cell in state \"number\" needs a \"value\"",
                    ));
                }
                (_, Some(_)) => {
                    return Err(serde::de::Error::custom(
                        "only a cell in state \"number\" has a \"value\"",
                    ));
                }
                (CellKind::Blank, None) => CellState::Blank,
                (CellKind::NotApplicable, None) => CellState::NotApplicable,
                (CellKind::Missing, None) => CellState::Missing,
                (CellKind::Unreadable, None) => CellState::Unreadable,
            };
            let source = match (wire.raw, wire.span) {
                (Some(raw), Some(span)) => Some(Source {
                    raw: raw.into(),
                    span,
                }),
                (None, None) => None,
                _ => {
                    return Err(serde::de::Error::custom(
                        "a cell has both \"raw\" and \"span\" or neither",
                    ));
                }
            };
            Ok(Cell { state, source })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_in_finds_the_line() {
        let text = "a\nbb 12\ncc";
        let span = Span::new(5, 7);
        assert_eq!(span.line_in(text), Some((2, "bb 12")));
        assert_eq!(Span::new(99, 100).line_in(text), None);
    }

    #[test]
    fn kinds() {
        assert_eq!(Cell::number(3).kind(), CellKind::Number);
        assert_eq!(Cell::<i64>::blank().value(), None);
        assert_eq!(Cell::<i64>::default().kind(), CellKind::Missing);
        assert_eq!(
            Cell::<i64>::unreadable("x", Span::new(0, 1)).span(),
            Some(Span::new(0, 1))
        );
    }
}
