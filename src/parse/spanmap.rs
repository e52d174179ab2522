//! Offsets in a text a reader derived from the input (the text of an HTML
//! page) mapped back to offsets in the input, so every span a caller gets
//! points into what the caller gave.

use crate::model::cell::Span;

/// One piece of derived text and where it came from. `exact` pieces are
/// byte-for-byte copies (`text.end - text.start == src.end - src.start`);
/// the others (an entity, a normalized line break) map as a whole.
#[derive(Clone, Copy, Debug)]
struct Piece {
    text_start: usize,
    text_end: usize,
    src_start: usize,
    src_end: usize,
    exact: bool,
}

/// Derived-text offsets → input offsets.
#[derive(Clone, Debug, Default)]
pub(crate) struct SpanMap {
    pieces: Vec<Piece>,
    src_len: usize,
}

impl SpanMap {
    pub fn new(src_len: usize) -> SpanMap {
        SpanMap {
            pieces: Vec::new(),
            src_len,
        }
    }

    /// Records that `text` (in the derived text) came from `src`. Exact
    /// pieces that continue the last one merge with it.
    pub fn push(&mut self, text: Span, src: Span, exact: bool) {
        if let Some(last) = self.pieces.last_mut()
            && exact
            && last.exact
            && last.text_end == text.start
            && last.src_end == src.start
            && text.start != text.end
        {
            last.text_end = text.end;
            last.src_end = src.end;
            return;
        }
        self.pieces.push(Piece {
            text_start: text.start,
            text_end: text.end,
            src_start: src.start,
            src_end: src.end,
            exact: exact && text.end - text.start == src.end - src.start,
        });
    }

    /// The index of the last piece starting at or before `pos`.
    fn at_or_before(&self, pos: usize) -> Option<usize> {
        let n = self.pieces.partition_point(|p| p.text_start <= pos);
        n.checked_sub(1)
    }

    fn start(&self, pos: usize) -> usize {
        let Some(i) = self.at_or_before(pos) else {
            return self.pieces.first().map_or(0, |p| p.src_start);
        };
        let p = self.pieces[i];
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
            .map_or(p.src_end, |n| n.src_start.max(p.src_end))
    }

    fn end(&self, pos: usize) -> usize {
        if pos == 0 {
            return self.start(0);
        }
        let Some(i) = self.at_or_before(pos - 1) else {
            return self.start(pos);
        };
        let p = self.pieces[i];
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
        let mut m = SpanMap::new(100);
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
        let mut m = SpanMap::new(50);
        m.push(Span::new(0, 1), Span::new(10, 11), true);
        m.push(Span::new(1, 2), Span::new(11, 12), true);
        m.push(Span::new(3, 3), Span::new(30, 30), false);
        assert_eq!(m.pieces.len(), 2);
        assert_eq!(m.span(Span::new(0, 2)), Span::new(10, 12));
        assert_eq!(m.span(Span::new(3, 3)), Span::new(30, 30));
        assert_eq!(m.span(Span::new(40, 45)), Span::new(30, 30));
    }
}
