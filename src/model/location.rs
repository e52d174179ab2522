//! Line and column of a byte offset, for people: a line table built once per
//! text, so locating any number of findings stays linear.

/// A 1-based line and column; the column counts characters (not bytes), so
/// it is the column an editor shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Location {
    /// 1-based line number (`\n`, `\r\n` and a lone `\r` end a line).
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Marks are set at every line start and every `STRIDE` bytes inside long
/// lines, so counting a column's characters never scans more than a stride.
const STRIDE: usize = 1024;

/// The line table of a text: byte offset → [`Location`], and line number →
/// the line's text, in logarithmic time per lookup.
///
/// ```
/// use ogi_report::{LineIndex, Location};
///
/// let text = "一、总体情况\n规章\t12\t0\n";
/// let index = LineIndex::new(text);
/// let at = text.find("12").unwrap();
/// assert_eq!(index.location(at), Some(Location { line: 2, column: 4 }));
/// assert_eq!(index.line(2), Some("规章\t12\t0"));
/// ```
#[derive(Clone, Debug)]
pub struct LineIndex<'a> {
    text: &'a str,
    /// Byte offset of each line's start.
    line_starts: Vec<usize>,
    /// `(byte, line index, characters from the line start)`, increasing.
    marks: Vec<(usize, usize, usize)>,
}

impl<'a> LineIndex<'a> {
    /// Builds the table in one pass over `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let bytes = text.as_bytes();
        let mut line_starts = vec![0];
        let mut marks = vec![(0, 0, 0)];
        let mut start = 0;
        loop {
            let end =
                memchr::memchr2(b'\n', b'\r', &bytes[start..]).map_or(bytes.len(), |i| start + i);
            if end - start > STRIDE {
                mark_long_line(bytes, start, end, line_starts.len() - 1, &mut marks);
            }
            if end == bytes.len() {
                break;
            }
            let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            line_starts.push(next);
            marks.push((next, line_starts.len() - 1, 0));
            start = next;
        }
        LineIndex {
            text,
            line_starts,
            marks,
        }
    }

    /// The location of byte `offset`; `None` past the end of the text or
    /// inside a character.
    pub fn location(&self, offset: usize) -> Option<Location> {
        if offset > self.text.len() || !self.text.is_char_boundary(offset) {
            return None;
        }
        let k = self.marks.partition_point(|m| m.0 <= offset) - 1;
        let (at, line, chars) = self.marks[k];
        let column = chars + self.text[at..offset].chars().count() + 1;
        Some(Location {
            line: line + 1,
            column,
        })
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line(&self, line: usize) -> Option<&'a str> {
        let start = *self.line_starts.get(line.checked_sub(1)?)?;
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        Some(self.text[start..end].trim_end_matches(['\n', '\r']))
    }

    /// The byte offset where 1-based line `line` starts.
    pub fn line_start(&self, line: usize) -> Option<usize> {
        self.line_starts.get(line.checked_sub(1)?).copied()
    }

    /// The number of lines.
    pub fn lines(&self) -> usize {
        self.line_starts.len()
    }
}

/// The characters starting in `bytes` (bytes that are not UTF-8
/// continuation bytes): counted 255 bytes at a time in a `u8`, which the
/// compiler turns into vector code.
fn char_starts(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|chunk| {
            let n: u8 = chunk
                .iter()
                .map(|&b| u8::from(b & 0xC0 != 0x80))
                .fold(0u8, u8::wrapping_add);
            usize::from(n)
        })
        .sum()
}

/// Marks every [`STRIDE`] bytes inside the line `bytes[start..end]`
/// (the `line`th, 0-based), with the characters before each.
fn mark_long_line(
    bytes: &[u8],
    start: usize,
    end: usize,
    line: usize,
    marks: &mut Vec<(usize, usize, usize)>,
) {
    // a mark at the first character start at least STRIDE bytes after the
    // last; the characters between are counted a window at a time
    let mut at = start;
    let mut chars = 0usize;
    loop {
        let mut next = at + STRIDE;
        while next < end && bytes[next] & 0xC0 == 0x80 {
            next += 1;
        }
        if next >= end {
            break;
        }
        chars += char_starts(&bytes[at..next]);
        marks.push((next, line, chars));
        at = next;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_columns_and_line_breaks() {
        let text = "ab\r\n中文x\ry\n";
        let ix = LineIndex::new(text);
        assert_eq!(ix.location(0), Some(Location { line: 1, column: 1 }));
        assert_eq!(ix.location(4), Some(Location { line: 2, column: 1 }));
        assert_eq!(ix.location(10), Some(Location { line: 2, column: 3 }));
        assert_eq!(ix.location(12), Some(Location { line: 3, column: 1 }));
        assert_eq!(ix.location(5), None);
        assert_eq!(ix.location(100), None);
        assert_eq!(ix.line(2), Some("中文x"));
        assert_eq!(ix.line(3), Some("y"));
        assert_eq!(ix.line(0), None);
        assert_eq!(ix.lines(), 4);
    }

    #[test]
    fn long_lines_agree_with_counting() {
        let text = "中a".repeat(5000) + "\n" + &"b".repeat(3000);
        let ix = LineIndex::new(&text);
        for (offset, _) in text.char_indices().step_by(97) {
            let before = &text[..offset];
            let line = before.matches('\n').count() + 1;
            let start = before.rfind('\n').map_or(0, |i| i + 1);
            let column = text[start..offset].chars().count() + 1;
            assert_eq!(ix.location(offset), Some(Location { line, column }));
        }
    }
}
