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

/// The locations of `offsets` in `text`, in the order given, as
/// [`LineIndex::location`] finds them, without its table: the offsets are
/// taken in increasing order and the text read once, up to the last of them.
/// For a few offsets (the findings of one report) this costs a fraction of
/// building the table.
pub(crate) fn locate_each(text: &str, offsets: &[usize]) -> Vec<Option<Location>> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_unstable_by_key(|&i| offsets[i]);
    let mut out = vec![None; offsets.len()];
    let mut cursor = Cursor {
        bytes: text.as_bytes(),
        text,
        scanned: 0,
        line: 0,
        counted: (0, 0),
    };
    for i in order {
        out[i] = cursor.location(offsets[i]);
    }
    out
}

/// A forward walk over a text for [`locate_each`].
struct Cursor<'a> {
    text: &'a str,
    bytes: &'a [u8],
    /// Every line break before this byte has been counted.
    scanned: usize,
    /// 0-based line of `scanned`.
    line: usize,
    /// `(byte, characters from its line's start)`, on the current line.
    counted: (usize, usize),
}

impl Cursor<'_> {
    /// The location of `offset`, no less than any offset asked before.
    fn location(&mut self, offset: usize) -> Option<Location> {
        if offset > self.text.len() || !self.text.is_char_boundary(offset) {
            return None;
        }
        let bytes = self.bytes;
        let ahead = &bytes[self.scanned..offset];
        if memchr::memchr(b'\r', ahead).is_none() {
            // `\n` alone ends lines here: they are counted, not walked
            if let Some(last) = memchr::memrchr(b'\n', ahead) {
                self.line += memchr::memchr_iter(b'\n', ahead).count();
                self.counted = (self.scanned + last + 1, 0);
            }
            self.scanned = offset;
        }
        loop {
            let Some(i) = memchr::memchr2(b'\n', b'\r', &bytes[self.scanned..offset]) else {
                self.scanned = offset;
                break;
            };
            let at = self.scanned + i;
            let next = if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            };
            if next > offset {
                // `offset` is the `\n` of a `\r\n`: still the line of the `\r`
                self.scanned = at;
                break;
            }
            self.line += 1;
            self.scanned = next;
            self.counted = (next, 0);
        }
        let (at, chars) = self.counted;
        let chars = chars + char_starts(&bytes[at..offset]);
        self.counted = (offset, chars);
        Some(Location {
            line: self.line + 1,
            column: chars + 1,
        })
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
    fn located_each_as_the_table_locates() {
        let long = "中a".repeat(700);
        // with `\r` (walked break by break) and without (counted)
        for text in [
            format!("ab\r\n中文x\ry\n\n\r\r\nz{long}\r\nend\n"),
            format!("ab\n中文x\n\n\nz{long}\nend\n"),
        ] {
            let ix = LineIndex::new(&text);
            // every offset, in a scrambled order, repeated, and past the end
            let mut offsets: Vec<usize> = (0..=text.len() + 2).collect();
            offsets.extend((0..text.len()).step_by(7));
            let n = offsets.len();
            for i in 0..n {
                offsets.swap(i, (i * 7919) % n);
            }
            let each = locate_each(&text, &offsets);
            for (o, got) in offsets.iter().zip(&each) {
                assert_eq!(*got, ix.location(*o), "offset {o}");
            }
            // a few offsets far apart, as a report's findings are
            let few = [text.len() - 2, 3, 2 * text.len() / 3];
            let each = locate_each(&text, &few);
            for (o, got) in few.iter().zip(&each) {
                assert_eq!(*got, ix.location(*o), "offset {o}");
            }
        }
        assert!(locate_each("ab", &[]).is_empty());
        let start = Location { line: 1, column: 1 };
        assert_eq!(locate_each("", &[0, 1]), [Some(start), None]);
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
