//! The document tree the markup readers build (HTML, Word's
//! `document.xml`) and its writer: paragraphs become lines, a table's rows
//! tab-separated lines of their cells in grid order (row and column spans
//! expanded), every byte of the written text mapped back to the markup
//! ([`SpanMap`]). One writer, so a page and a Word document reach the text
//! readers as the same rows.

use super::spanmap::SpanMap;
use crate::model::cell::Span;

/// The derived text and its map back to the markup.
pub(crate) struct Derived {
    pub text: String,
    pub map: SpanMap,
}

/// Grid widths beyond this are not expanded (a hostile `colspan`).
pub(crate) const MAX_COLUMNS: usize = 256;
pub(crate) const MAX_SPAN: usize = 1000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Role {
    Root,
    Block {
        chrome: bool,
    },
    Inline,
    Table,
    Row,
    /// A cell, and where its content starts in the markup (the anchor of
    /// an empty cell).
    Cell {
        rowspan: u16,
        colspan: u16,
        inner: u32,
    },
    Break,
}

#[derive(Clone, Copy, Debug)]
pub(crate) enum Content {
    Element(Role),
    Text(TextRun),
}

/// A text token: `src` is its bytes in the markup; its text is those bytes
/// (`decoded: None`, most runs) or, when references were resolved or bytes
/// replaced, `Tree::text[decoded.0..decoded.1]`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TextRun {
    pub(crate) src: (u32, u32),
    pub(crate) decoded: Option<(u32, u32)>,
}

/// No node.
pub(crate) const NONE: u32 = u32::MAX;

/// An offset or index kept in 32 bits (HTML inputs are refused past 4 GiB).
pub(crate) fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A node of the tree in 16 bytes (a page of bare cells is mostly nodes):
/// what it is, two words of data, and its next sibling. Children are linked
/// (first child, next sibling), so a node costs no allocation of its own.
/// The last child, needed only to append, is kept beside the nodes while
/// the tree is built.
///
/// `head` holds the kind (4 bits), a block's `chrome` flag (1 bit) and a
/// cell's row and column spans (11 bits each: at most [`MAX_SPAN`]).
/// An element's `a` is its first child and a cell's `b` its anchor; a
/// verbatim text run's `a..b` is its markup, a decoded run's `a` its index
/// in `Tree::runs`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Node {
    head: u32,
    a: u32,
    b: u32,
    next: u32,
}

const _: () = assert!(std::mem::size_of::<Node>() == 16);

/// The kinds of `Node::head`.
mod kind {
    pub(super) const ROOT: u32 = 0;
    pub(super) const BLOCK: u32 = 1;
    pub(super) const INLINE: u32 = 2;
    pub(super) const TABLE: u32 = 3;
    pub(super) const ROW: u32 = 4;
    pub(super) const CELL: u32 = 5;
    pub(super) const BREAK: u32 = 6;
    pub(super) const VERBATIM: u32 = 7;
    pub(super) const DECODED: u32 = 8;
}

const KIND_MASK: u32 = 0xF;
const CHROME: u32 = 1 << 4;
const SPAN_BITS: u32 = 11;
const SPAN_MASK: u32 = (1 << SPAN_BITS) - 1;
const _: () = assert!(MAX_SPAN as u32 <= SPAN_MASK);

impl Node {
    fn element(role: Role) -> Node {
        let (head, b) = match role {
            Role::Root => (kind::ROOT, 0),
            Role::Block { chrome } => (kind::BLOCK | if chrome { CHROME } else { 0 }, 0),
            Role::Inline => (kind::INLINE, 0),
            Role::Table => (kind::TABLE, 0),
            Role::Row => (kind::ROW, 0),
            Role::Cell {
                rowspan,
                colspan,
                inner,
            } => {
                let span = |n: u16| u32::from(n).min(SPAN_MASK);
                let spans = span(rowspan) << 5 | span(colspan) << (5 + SPAN_BITS);
                (kind::CELL | spans, inner)
            }
            Role::Break => (kind::BREAK, 0),
        };
        Node {
            head,
            a: NONE,
            b,
            next: NONE,
        }
    }

    fn is_text(&self) -> bool {
        matches!(self.head & KIND_MASK, kind::VERBATIM | kind::DECODED)
    }

    fn first(&self) -> u32 {
        if self.is_text() { NONE } else { self.a }
    }

    fn role(&self) -> Option<Role> {
        let span = |shift: u32| ((self.head >> shift) & SPAN_MASK) as u16;
        Some(match self.head & KIND_MASK {
            kind::ROOT => Role::Root,
            kind::BLOCK => Role::Block {
                chrome: self.head & CHROME != 0,
            },
            kind::INLINE => Role::Inline,
            kind::TABLE => Role::Table,
            kind::ROW => Role::Row,
            kind::CELL => Role::Cell {
                rowspan: span(5),
                colspan: span(5 + SPAN_BITS),
                inner: self.b,
            },
            kind::BREAK => Role::Break,
            _ => return None,
        })
    }
}

/// Values in fixed-size chunks: a growing page never copies them, so it
/// costs its values and no more (a `Vec` doubling holds both the old and
/// the new buffer at once).
pub(crate) struct Chunked<T> {
    chunks: Vec<Vec<T>>,
    len: usize,
}

pub(crate) const CHUNK: usize = 1 << 14;

impl<T> Chunked<T> {
    pub(crate) fn new() -> Chunked<T> {
        Chunked {
            chunks: Vec::new(),
            len: 0,
        }
    }

    pub(crate) fn len(&self) -> usize {
        self.len
    }

    pub(crate) fn push(&mut self, value: T) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(value);
        }
        self.len += 1;
    }
}

impl<T> std::ops::Index<usize> for Chunked<T> {
    type Output = T;
    fn index(&self, i: usize) -> &T {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl<T> std::ops::IndexMut<usize> for Chunked<T> {
    fn index_mut(&mut self, i: usize) -> &mut T {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

pub(crate) struct Tree {
    nodes: Chunked<Node>,
    /// Per node, its last child ([`NONE`]: none yet), while the tree is
    /// built; [`write`] frees it first.
    last: Chunked<u32>,
    /// The text of every decoded text run, one after another.
    text: String,
    /// The decoded text runs, by index.
    runs: Vec<TextRun>,
    /// Text nodes: about the pieces the writer's map will hold,
    /// so the map is sized once instead of doubling (at its last doubling a
    /// `Vec` holds its old and new buffers at once).
    text_runs: usize,
}

/// The children of a node, in order.
pub(crate) struct Children<'t> {
    tree: &'t Tree,
    at: u32,
}

impl Iterator for Children<'_> {
    type Item = usize;
    fn next(&mut self) -> Option<usize> {
        let n = self.at;
        if n == NONE {
            return None;
        }
        self.at = self.tree.nodes[n as usize].next;
        Some(n as usize)
    }
}

impl Tree {
    /// A tree of only its root, with room for `text` bytes of decoded text.
    pub(crate) fn with_root(text: usize) -> Tree {
        let mut nodes = Chunked::new();
        nodes.push(Node::element(Role::Root));
        let mut last = Chunked::new();
        last.push(NONE);
        Tree {
            nodes,
            last,
            text: String::with_capacity(text),
            runs: Vec::new(),
            text_runs: 0,
        }
    }

    pub(crate) fn role(&self, i: usize) -> Option<Role> {
        self.nodes[i].role()
    }

    /// Makes element `i` another role (a Word cell its merge has covered).
    #[cfg(feature = "docx")]
    pub(crate) fn set_role(&mut self, i: usize, role: Role) {
        let node = &mut self.nodes[i];
        if !node.is_text() {
            let Node { a, next, .. } = *node;
            *node = Node {
                a,
                next,
                ..Node::element(role)
            };
        }
    }

    /// What node `i` is.
    pub(crate) fn content(&self, i: usize) -> Content {
        let node = &self.nodes[i];
        match node.head & KIND_MASK {
            kind::VERBATIM => Content::Text(TextRun {
                src: (node.a, node.b),
                decoded: None,
            }),
            kind::DECODED => Content::Text(self.runs[node.a as usize]),
            _ => Content::Element(node.role().unwrap_or(Role::Inline)),
        }
    }

    pub(crate) fn children(&self, n: usize) -> Children<'_> {
        Children {
            tree: self,
            at: self.nodes[n].first(),
        }
    }

    /// The text of a run of this tree, built from the markup `src`.
    pub(crate) fn text_of<'s>(&'s self, run: &TextRun, src: &'s str) -> &'s str {
        match run.decoded {
            Some((a, b)) => self.text.get(a as usize..b as usize),
            None => src.get(run.src.0 as usize..run.src.1 as usize),
        }
        .unwrap_or("")
    }

    /// Appends an element below `parent`.
    pub(crate) fn add(&mut self, parent: usize, role: Role) -> usize {
        self.push(parent, Node::element(role))
    }

    /// Appends a text run below `parent`: `text` read from the bytes
    /// `start..end` of the markup `src`. A run that is its markup verbatim
    /// keeps only where it is; another keeps its text too.
    pub(crate) fn add_text(
        &mut self,
        parent: usize,
        text: &str,
        (start, end): (usize, usize),
        src: &str,
    ) -> usize {
        self.text_runs += 1;
        let (a, b) = (small(start), small(end));
        let node = if src.get(start..end) == Some(text) {
            Node {
                head: kind::VERBATIM,
                a,
                b,
                next: NONE,
            }
        } else {
            let at = self.text.len();
            self.text.push_str(text);
            self.runs.push(TextRun {
                src: (a, b),
                decoded: Some((small(at), small(self.text.len()))),
            });
            Node {
                head: kind::DECODED,
                a: small(self.runs.len() - 1),
                b: 0,
                next: NONE,
            }
        };
        self.push(parent, node)
    }

    fn push(&mut self, parent: usize, node: Node) -> usize {
        let i = self.nodes.len();
        self.nodes.push(node);
        self.last.push(NONE);
        let previous = std::mem::replace(&mut self.last[parent], small(i));
        if previous == NONE {
            self.nodes[parent].a = small(i);
        } else {
            self.nodes[previous as usize].next = small(i);
        }
        i
    }

    /// Walks the nodes below `i` in document order; `step` says, per node,
    /// whether the walk goes into its children, past them, or stops there.
    /// Whether it stopped. It keeps where to resume at each level it
    /// entered, not the nodes: a table of many rows costs nothing more to
    /// walk, and a cell of text allocates nothing.
    fn walk_below(&self, i: usize, mut step: impl FnMut(usize) -> Step) -> bool {
        let mut resume: Vec<u32> = Vec::new();
        let mut at = self.nodes[i].first();
        loop {
            if at == NONE {
                match resume.pop() {
                    Some(next) => {
                        at = next;
                        continue;
                    }
                    None => return false,
                }
            }
            let node = &self.nodes[at as usize];
            match step(at as usize) {
                Step::Stop => return true,
                Step::Descend if node.first() != NONE => {
                    resume.push(node.next);
                    at = node.first();
                }
                Step::Descend | Step::Skip => at = node.next,
            }
        }
    }

    /// Calls `f` on each row of `table` in order (its own rows, not those
    /// of tables inside it).
    fn each_row(&self, table: usize, mut f: impl FnMut(usize)) {
        self.walk_below(table, |n| match self.role(n) {
            Some(Role::Row) => {
                f(n);
                Step::Skip
            }
            Some(Role::Table) | None => Step::Skip,
            Some(_) => Step::Descend,
        });
    }

    /// Whether a table lies below node `i`.
    fn contains_table(&self, i: usize) -> bool {
        self.walk_below(i, |n| match self.role(n) {
            Some(Role::Table) => Step::Stop,
            _ => Step::Descend,
        })
    }
}

/// What [`Tree::walk_below`] does at a node.
enum Step {
    /// Into its children, if any.
    Descend,
    /// Past it and its children.
    Skip,
    /// No further.
    Stop,
}

/// Per char of a text token's decoded value, its source bytes: chars that
/// are copied map to themselves, an entity (`&nbsp;`, `&#20013;`) maps to
/// its whole reference, a `\r\n` read as `\n` to both bytes.
fn char_sources(decoded: &str, src: &str, base: usize) -> Vec<(usize, Span)> {
    let mut out = Vec::with_capacity(decoded.len());
    let sb = src.as_bytes();
    let mut j = 0usize;
    for (i, c) in decoded.char_indices() {
        let len = c.len_utf8();
        let escaped_amp = c == '&'
            && ["&amp;", "&#38;", "&#x26;"].iter().any(|r| {
                sb.len() >= j + r.len() && sb[j..j + r.len()].eq_ignore_ascii_case(r.as_bytes())
            });
        if src[j..].starts_with(c) && !escaped_amp {
            out.push((i, Span::new(base + j, base + j + len)));
            j += len;
            continue;
        }
        if c == '\n' && src[j..].starts_with("\r\n") {
            out.push((i, Span::new(base + j, base + j + 2)));
            j += 2;
            continue;
        }
        if c == '\n' && src[j..].starts_with('\r') {
            out.push((i, Span::new(base + j, base + j + 1)));
            j += 1;
            continue;
        }
        if src[j..].starts_with('&') {
            // a character reference: up to `;`, or the end of its name
            let rest = &sb[j + 1..];
            let name = rest
                .iter()
                .take(40)
                .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
                .count();
            let end = if rest.get(name) == Some(&b';') {
                name + 2
            } else {
                name + 1
            };
            out.push((i, Span::new(base + j, base + j + end)));
            j += end;
            continue;
        }
        // out of step (a replaced NUL, an odd reference): the rest maps to
        // the rest of the token
        let (s, e) = (base + j, base + src.len());
        for (k, _) in decoded[i..].char_indices() {
            out.push((i + k, Span::new(s, e)));
        }
        return out;
    }
    out
}

/// Writes the tree as text.
struct Writer<'t> {
    tree: &'t Tree,
    html: &'t str,
    /// Merged value slots still to be written (a bound for hostile spans).
    covered_budget: usize,
    /// Inside a table's non-row child: its rows are the grid's, not text.
    skip_rows: bool,
    text: String,
    map: SpanMap,
    /// A white-space run or a soft break is pending before the next char.
    pending: Pending,
    last: Option<char>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pending {
    None,
    Space,
    /// A break inside a cell: nothing between two CJK chars, else a space.
    Soft,
}

fn is_wide(c: char) -> bool {
    !c.is_ascii()
}

impl<'t> Writer<'t> {
    fn newline(&mut self) {
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push('\n');
        }
        self.pending = Pending::None;
        self.last = None;
    }

    fn separator(&mut self, c: char) {
        self.text.push(c);
        self.pending = Pending::None;
        self.last = None;
    }

    fn run(&mut self, run: &TextRun) {
        let (src_start, src_end) = (run.src.0 as usize, run.src.1 as usize);
        let src_text = self.html.get(src_start..src_end).unwrap_or("");
        let tree = self.tree;
        let text = tree.text_of(run, self.html);
        if run.decoded.is_none() || text == src_text {
            // most runs are their markup verbatim: each char is its own
            // source, found without a table; after the first char of a
            // stretch without white space or control chars nothing is
            // pending, so the rest of it is copied whole
            let mut i = 0;
            while let Some(c) = text[i..].chars().next() {
                let at = src_start + i;
                self.char(c, Span::new(at, at + c.len_utf8()));
                i += c.len_utf8();
                if c.is_whitespace() || c.is_control() {
                    continue;
                }
                let rest = &text[i..];
                let plain = rest
                    .find(|c: char| c.is_whitespace() || c.is_control())
                    .unwrap_or(rest.len());
                if plain > 0 {
                    let stretch = &rest[..plain];
                    let to = self.text.len();
                    self.text.push_str(stretch);
                    let from = src_start + i;
                    self.map.push(
                        Span::new(to, self.text.len()),
                        Span::new(from, from + plain),
                        true,
                    );
                    self.last = stretch.chars().next_back();
                    i += plain;
                }
            }
        } else {
            for (i, src) in char_sources(text, src_text, src_start) {
                self.char(text[i..].chars().next().unwrap_or(' '), src);
            }
        }
    }

    /// One char of a text run, read from `src` in the markup.
    fn char(&mut self, c: char, src: Span) {
        if c.is_whitespace() {
            if self.last.is_some() && self.pending == Pending::None {
                self.pending = Pending::Space;
            }
            return;
        }
        if let Some(prev) = self.last {
            match self.pending {
                Pending::Space => self.text.push(' '),
                Pending::Soft if !(is_wide(prev) && is_wide(c)) => self.text.push(' '),
                _ => {}
            }
        }
        self.pending = Pending::None;
        let at = self.text.len();
        // control characters other than white space never reach the text readers
        let c = if c.is_control() { '\u{fffd}' } else { c };
        self.text.push(c);
        let exact = src.end - src.start == c.len_utf8();
        self.map.push(Span::new(at, self.text.len()), src, exact);
        self.last = Some(c);
    }

    /// A soft break inside a cell or an inline context.
    fn soft(&mut self) {
        if self.last.is_some() {
            self.pending = Pending::Soft;
        }
    }

    /// Block content: lines.
    fn blocks(&mut self, n: usize) {
        let tree = self.tree;
        match tree.content(n) {
            Content::Text(run) => self.run(&run),
            Content::Element(role) => match role {
                Role::Break => self.newline(),
                Role::Block { chrome } => {
                    if chrome && !self.tree.contains_table(n) {
                        return;
                    }
                    self.newline();
                    for c in tree.children(n) {
                        self.blocks(c);
                    }
                    self.newline();
                }
                Role::Table => self.table(n),
                Role::Row | Role::Cell { .. } if self.skip_rows => {}
                Role::Root | Role::Inline | Role::Row | Role::Cell { .. } => {
                    let line_like = matches!(role, Role::Row | Role::Cell { .. });
                    if line_like {
                        self.newline();
                    }
                    for c in tree.children(n) {
                        self.blocks(c);
                    }
                    if line_like {
                        self.newline();
                    }
                }
            },
        }
    }

    /// Cell content: one line's worth of text.
    fn inline(&mut self, n: usize) {
        let tree = self.tree;
        match tree.content(n) {
            Content::Text(run) => self.run(&run),
            Content::Element(role) => {
                let breaks = matches!(role, Role::Break | Role::Block { .. });
                if breaks {
                    self.soft();
                }
                for c in tree.children(n) {
                    self.inline(c);
                }
                if breaks {
                    self.soft();
                }
            }
        }
    }

    /// The cells of a row with their row and column spans, read from the
    /// tree as they are needed (the writer goes on writing meanwhile).
    fn cells(&self, row: usize) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        let tree = self.tree;
        tree.children(row).filter_map(move |c| match tree.role(c) {
            Some(Role::Cell {
                rowspan, colspan, ..
            }) => Some((c, usize::from(rowspan), usize::from(colspan))),
            _ => None,
        })
    }

    fn table(&mut self, table: usize) {
        let tree = self.tree;
        let mut single = true;
        let mut nested = false;
        tree.each_row(table, |r| {
            let mut cells = tree
                .children(r)
                .filter(|c| matches!(tree.role(*c), Some(Role::Cell { .. })));
            let mut count = 0;
            nested = nested
                || cells.any(|c| {
                    count += 1;
                    tree.contains_table(c)
                });
            single &= count <= 1;
        });
        let layout = single || nested;
        self.newline();
        // a caption or stray text before the rows; rows inside such a child
        // are the grid's, written once below
        let tree = self.tree;
        for c in tree.children(table) {
            if !matches!(tree.role(c), Some(Role::Row)) {
                let outer = std::mem::replace(&mut self.skip_rows, true);
                self.blocks(c);
                self.skip_rows = outer;
                self.newline();
            }
        }
        let outer_skip = std::mem::replace(&mut self.skip_rows, false);
        if layout {
            tree.each_row(table, |r| {
                for (c, _, _) in self.cells(r) {
                    self.newline();
                    self.blocks(c);
                    self.newline();
                }
            });
            self.newline();
            self.skip_rows = outer_skip;
            return;
        }
        // the grid: per column, the cell covering it from a row above and
        // the rows it still covers
        let mut above: Vec<Option<(usize, usize)>> = Vec::new();
        tree.each_row(table, |r| self.grid_row(r, &mut above));
        self.newline();
        self.skip_rows = outer_skip;
    }

    /// One row of a table's grid; `above` holds, per column, the cell
    /// covering it from a row above and the rows it still covers.
    fn grid_row(&mut self, r: usize, above: &mut Vec<Option<(usize, usize)>>) {
        let mut col = 0usize;
        let mut first = true;
        let mut emitted_any = false;
        let mut next = self.cells(r);
        loop {
            let covered = above.get(col).copied().flatten();
            if let Some((origin, left)) = covered {
                above[col] = (left > 1).then_some((origin, left - 1));
                if emitted_any && !self.is_text(origin) {
                    self.covered(origin, &mut first);
                }
                col += 1;
                continue;
            }
            let Some((c, rowspan, colspan)) = next.next() else {
                // columns beyond the row's cells that a cell above still covers
                if above.iter().skip(col).any(Option::is_some) && col < MAX_COLUMNS {
                    col += 1;
                    continue;
                }
                break;
            };
            if !first {
                self.separator('\t');
            }
            first = false;
            emitted_any = true;
            self.cell(c);
            let width = if col + colspan > MAX_COLUMNS {
                1
            } else {
                colspan
            };
            for k in 0..width {
                if above.len() <= col + k {
                    above.resize(col + k + 1, None);
                }
                if rowspan > 1 {
                    above[col + k] = Some((c, rowspan - 1));
                }
            }
            col += width;
        }
        self.newline();
    }

    /// Where a cell's content starts in the markup.
    fn anchor(&self, cell: usize) -> usize {
        match self.tree.role(cell) {
            Some(Role::Cell { inner, .. }) => inner as usize,
            _ => 0,
        }
    }

    /// Whether a cell holds text other than a value (a label, a header).
    fn is_text(&self, cell: usize) -> bool {
        let tree = self.tree;
        let mut s = String::new();
        let long = tree.walk_below(cell, |n| {
            if let Content::Text(t) = tree.content(n) {
                s.push_str(tree.text_of(&t, self.html));
            }
            if s.len() > 64 {
                Step::Stop
            } else {
                Step::Descend
            }
        });
        if long {
            return true;
        }
        let t = s.trim_matches(|c: char| c.is_whitespace());
        !t.is_empty() && super::text::classify(t) == super::text::Class::Text
    }

    fn is_empty(&self, cell: usize) -> bool {
        let tree = self.tree;
        let written = tree.walk_below(cell, |n| match tree.content(n) {
            Content::Text(t)
                if !tree
                    .text_of(&t, self.html)
                    .trim_matches(char::is_whitespace)
                    .is_empty() =>
            {
                Step::Stop
            }
            _ => Step::Descend,
        });
        !written
    }

    /// A value slot covered by a merged value cell: blank when the merged
    /// cell is empty, `〃` (unreadable: which slot holds its value is not
    /// said) when it holds one.
    fn covered(&mut self, origin: usize, first: &mut bool) {
        if self.covered_budget == 0 {
            return;
        }
        self.covered_budget -= 1;
        if !*first {
            self.separator('\t');
        }
        *first = false;
        let anchor = self.anchor(origin);
        let at = self.text.len();
        if self.is_empty(origin) {
            self.map
                .push(Span::new(at, at), Span::new(anchor, anchor), false);
        } else {
            self.text.push('〃');
            self.map.push(
                Span::new(at, self.text.len()),
                Span::new(anchor, anchor),
                false,
            );
        }
    }

    fn cell(&mut self, c: usize) {
        let at = self.text.len();
        self.pending = Pending::None;
        self.last = None;
        let tree = self.tree;
        for k in tree.children(c) {
            self.inline(k);
        }
        self.pending = Pending::None;
        self.last = None;
        if self.text.len() == at {
            let anchor = self.anchor(c);
            self.map
                .push(Span::new(at, at), Span::new(anchor, anchor), false);
        }
    }
}

/// Writes `tree` (built from `src`) as the text the text readers take.
pub(crate) fn write(mut tree: Tree, src: &str) -> Derived {
    // the tree is built: appending is over, and its last-child table goes
    tree.last = Chunked::new();
    let tree = &tree;
    let mut w = Writer {
        tree,
        html: src,
        covered_budget: src.len() / 16 + 64,
        skip_rows: false,
        text: String::with_capacity(src.len() / 4),
        map: SpanMap::with_capacity(src.len(), tree.text_runs),
        pending: Pending::None,
        last: None,
    };
    w.blocks(0);
    w.newline();
    Derived {
        text: w.text,
        map: w.map,
    }
}
