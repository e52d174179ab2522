//! Offsets in a text a reader derived from the input (the text of an HTML
//! page) mapped back to offsets in the input, so every span a caller gets
//! points into what the caller gave.

use crate::model::cell::Span;

/// One piece of derived text and where it came from. `exact` pieces are
/// byte-for-byte copies (`text.end - text.start == src.end - src.start`);
/// the others (an entity, a normalized line break) map as a whole.
#[derive(Clone, Copy, Debug)]
struct Piece {
    // 32-bit offsets: HTML over 4 GiB is refused, and pieces are many
    text_start: u32,
    text_end: u32,
    src_start: u32,
    src_end: u32,
    exact: bool,
}

/// A piece with its offsets widened, for arithmetic.
#[derive(Clone, Copy)]
struct Wide {
    text_start: usize,
    text_end: usize,
    src_start: usize,
    src_end: usize,
    exact: bool,
}

fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Derived-text offsets → input offsets.
#[derive(Clone, Debug, Default)]
pub(crate) struct SpanMap {
    pieces: Vec<Piece>,
    src_len: usize,
}

impl SpanMap {
    /// A map with room for `pieces` pieces.
    pub fn with_capacity(src_len: usize, pieces: usize) -> SpanMap {
        SpanMap {
            pieces: Vec::with_capacity(pieces),
            src_len,
        }
    }

    /// Records that `text` (in the derived text) came from `src`. Exact
    /// pieces that continue the last one merge with it.
    pub fn push(&mut self, text: Span, src: Span, exact: bool) {
        let (t0, t1) = (small(text.start), small(text.end));
        let (s0, s1) = (small(src.start), small(src.end));
        if let Some(last) = self.pieces.last_mut()
            && exact
            && last.exact
            && last.text_end == t0
            && last.src_end == s0
            && t0 != t1
        {
            last.text_end = t1;
            last.src_end = s1;
            return;
        }
        self.pieces.push(Piece {
            text_start: t0,
            text_end: t1,
            src_start: s0,
            src_end: s1,
            exact: exact && text.end - text.start == src.end - src.start,
        });
    }

    /// Piece `i` with its offsets as `usize`.
    fn wide(&self, i: usize) -> Wide {
        let p = self.pieces[i];
        Wide {
            text_start: p.text_start as usize,
            text_end: p.text_end as usize,
            src_start: p.src_start as usize,
            src_end: p.src_end as usize,
            exact: p.exact,
        }
    }

    /// The index of the last piece starting at or before `pos`.
    fn at_or_before(&self, pos: usize) -> Option<usize> {
        let n = self
            .pieces
            .partition_point(|p| p.text_start as usize <= pos);
        n.checked_sub(1)
    }

    fn start(&self, pos: usize) -> usize {
        let Some(i) = self.at_or_before(pos) else {
            return self.pieces.first().map_or(0, |p| p.src_start as usize);
        };
        let p = self.wide(i);
        if pos < p.text_end || p.text_start == p.text_end && pos == p.text_start {
            return if p.exact {
                p.src_start + (pos - p.text_start)
            } else {
                p.src_start
            };
        }
        // in a separator the reader inserted: the next piece's start
        self.pieces
            .get(i + 1)
            .map_or(p.src_end, |n| (n.src_start as usize).max(p.src_end))
    }

    fn end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.start(0);
        }
        let Some(i) = self.at_or_before(pos - 1) else {
            return self.start(pos);
        };
        let p = self.wide(i);
        if pos <= p.text_end && p.text_start < p.text_end {
            return if p.exact {
                p.src_start + (pos - p.text_start)
            } else {
                p.src_end
            };
        }
        p.src_end
    }

    /// The input span of a derived-text span: from the source of its first
    /// byte to the source of its last (markup between them included). An
    /// empty span maps to an empty span.
    pub fn span(&self, s: Span) -> Span {
        let a = self.start(s.start).min(self.src_len);
        if s.start >= s.end {
            return Span::new(a, a);
        }
        let b = self.end(s.end).clamp(a, self.src_len);
        Span::new(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_pieces_map_byte_for_byte_and_separators_to_neighbours() {
        // derived "ab\tcd" from "<td>ab</td><td>c&amp;</td>"-like sources
        let mut m = SpanMap::with_capacity(100, 0);
        m.push(Span::new(0, 2), Span::new(4, 6), true);
        m.push(Span::new(3, 4), Span::new(15, 16), true);
        m.push(Span::new(4, 5), Span::new(16, 21), false);
        assert_eq!(m.span(Span::new(0, 2)), Span::new(4, 6));
        assert_eq!(m.span(Span::new(1, 2)), Span::new(5, 6));
        assert_eq!(m.span(Span::new(3, 5)), Span::new(15, 21));
        assert_eq!(m.span(Span::new(4, 5)), Span::new(16, 21));
        // the tab between the cells
        assert_eq!(m.span(Span::new(2, 3)), Span::new(15, 15));
        assert_eq!(m.span(Span::new(2, 2)), Span::new(15, 15));
    }

    #[test]
    fn empty_anchors_and_merging() {
        let mut m = SpanMap::with_capacity(50, 0);
        m.push(Span::new(0, 1), Span::new(10, 11), true);
        m.push(Span::new(1, 2), Span::new(11, 12), true);
        m.push(Span::new(3, 3), Span::new(30, 30), false);
        assert_eq!(m.pieces.len(), 2);
        assert_eq!(m.span(Span::new(0, 2)), Span::new(10, 12));
        assert_eq!(m.span(Span::new(3, 3)), Span::new(30, 30));
        assert_eq!(m.span(Span::new(40, 45)), Span::new(30, 30));
    }
}
