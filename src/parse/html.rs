//! The HTML reader: a WHATWG tokenizer (`html5gum`, which keeps each token's
//! byte span) feeds a small tree builder that knows what a report page needs
//! — tables with implicit end tags, cells, blocks, line breaks, the content
//! to skip (`<head>`, `<script>`, `<style>`, navigation and footers) — and
//! the tree is written out as the text the text readers take: one line per
//! paragraph or heading, one tab-separated line per table row, with every
//! byte of it mapped back to the markup ([`SpanMap`]).
//!
//! A data table's rows become tab-separated lines of their cells in grid
//! order (rowspan and colspan expanded): a cell covered by a merged label
//! adds no field, so every field after the label is one value cell; a value
//! cell covered by a merged value cell above or beside it is blank when the
//! merged cell is empty and `〃` (unreadable, reported) when it holds text.
//! A table that holds tables, or has one column, is layout: its cells are
//! read as blocks.

use html5gum::{DefaultEmitter, Token, Tokenizer};

use super::spanmap::SpanMap;
use crate::model::cell::Span;

/// The derived text and its map back to the markup.
pub(crate) struct Derived {
    pub text: String,
    pub map: SpanMap,
}

/// Deeper elements are read as part of their ancestor at this depth.
const MAX_DEPTH: usize = 200;
/// Grid widths beyond this are not expanded (a hostile `colspan`).
const MAX_COLUMNS: usize = 256;
const MAX_SPAN: usize = 1000;

/// Elements whose content is never report text.
const SKIPPED: &[&str] = &[
    "script", "style", "title", "textarea", "template", "svg", "math", "select", "object",
    "iframe", "noscript", "xml",
];
/// Elements a `<head>` may hold; any other start tag ends it.
const HEAD_CONTENT: &[&str] = &[
    "meta", "link", "title", "style", "script", "base", "noscript", "template", "xml",
];
/// Elements that start a line of their own.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "section",
    "article",
    "header",
    "main",
    "blockquote",
    "pre",
    "center",
    "form",
    "address",
    "figure",
    "figcaption",
    "fieldset",
    "legend",
    "details",
    "summary",
    "caption",
    "hr",
    "table",
    "tr",
    "nav",
    "footer",
    "aside",
    "body",
    "html",
];
/// Elements a `<p>` or `<li>` implicitly closes when they start.
const CLOSES_P: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "dl",
    "table",
    "section",
    "article",
    "blockquote",
    "pre",
    "center",
    "form",
    "hr",
    "header",
    "footer",
    "nav",
    "aside",
];
/// Page chrome, by element.
const CHROME_ELEMENTS: &[&str] = &["nav", "footer", "aside"];
/// Page chrome, by a word in an element's `class` or `id`.
const CHROME_NAMES: &[&str] = &[
    "breadcrumb",
    "crumb",
    "navbar",
    "nav-",
    "-nav",
    "menu",
    "footer",
    "sidebar",
    "share",
    "copyright",
];
const VOID: &[&str] = &[
    "br", "img", "hr", "meta", "link", "input", "col", "wbr", "area", "base", "embed", "source",
    "track", "param", "keygen",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
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

#[derive(Debug)]
enum Content {
    Element(Role),
    Text(TextRun),
}

/// A text token: its decoded text (references resolved) is
/// `Tree::text[text.0..text.1]`; `src` is its bytes in the markup.
#[derive(Clone, Copy, Debug)]
struct TextRun {
    text: (u32, u32),
    src: (u32, u32),
}

/// No node.
const NONE: u32 = u32::MAX;

/// An offset or index kept in 32 bits (HTML inputs are refused past 4 GiB).
fn small(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A node of the tree; children are linked (first, last, next sibling), so a
/// node costs no allocation of its own.
#[derive(Debug)]
struct Node {
    content: Content,
    first: u32,
    last: u32,
    next: u32,
}

/// Nodes in fixed-size chunks: a growing page never copies its nodes, so
/// the tree costs its nodes and no more (a `Vec` doubling holds both the old
/// and the new buffer at once).
struct Nodes {
    chunks: Vec<Vec<Node>>,
    len: usize,
}

const CHUNK: usize = 1 << 14;

impl Nodes {
    fn new() -> Nodes {
        Nodes {
            chunks: Vec::new(),
            len: 0,
        }
    }

    fn len(&self) -> usize {
        self.len
    }

    fn push(&mut self, node: Node) {
        if self.len.is_multiple_of(CHUNK) {
            self.chunks.push(Vec::with_capacity(CHUNK));
        }
        if let Some(chunk) = self.chunks.last_mut() {
            chunk.push(node);
        }
        self.len += 1;
    }
}

impl std::ops::Index<usize> for Nodes {
    type Output = Node;
    fn index(&self, i: usize) -> &Node {
        &self.chunks[i / CHUNK][i % CHUNK]
    }
}

impl std::ops::IndexMut<usize> for Nodes {
    fn index_mut(&mut self, i: usize) -> &mut Node {
        &mut self.chunks[i / CHUNK][i % CHUNK]
    }
}

struct Tree {
    nodes: Nodes,
    /// The decoded text of every text node, one after another.
    text: String,
}

/// The children of a node, in order.
struct Children<'t> {
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
    fn role(&self, i: usize) -> Option<Role> {
        match self.nodes[i].content {
            Content::Element(r) => Some(r),
            Content::Text(_) => None,
        }
    }

    fn children(&self, n: usize) -> Children<'_> {
        Children {
            tree: self,
            at: self.nodes[n].first,
        }
    }

    fn text_of(&self, run: &TextRun) -> &str {
        &self.text[run.text.0 as usize..run.text.1 as usize]
    }

    fn add(&mut self, parent: usize, content: Content) -> usize {
        let i = self.nodes.len();
        self.nodes.push(Node {
            content,
            first: NONE,
            last: NONE,
            next: NONE,
        });
        let p = &mut self.nodes[parent];
        let previous = p.last;
        p.last = small(i);
        if previous == NONE {
            p.first = small(i);
        } else {
            self.nodes[previous as usize].next = small(i);
        }
        i
    }

    /// Whether a table lies below node `i`.
    fn contains_table(&self, i: usize) -> bool {
        let mut stack: Vec<usize> = self.children(i).collect();
        while let Some(n) = stack.pop() {
            if self.role(n) == Some(Role::Table) {
                return true;
            }
            stack.extend(self.children(n));
        }
        false
    }
}

fn name_of(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).to_ascii_lowercase()
}

fn span_attr(value: Option<&[u8]>) -> usize {
    let Some(v) = value else { return 1 };
    let digits: String = String::from_utf8_lossy(v)
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse::<usize>().map_or(1, |n| n.clamp(1, MAX_SPAN))
}

fn is_chrome_name(value: &[u8]) -> bool {
    let v = String::from_utf8_lossy(value).to_ascii_lowercase();
    v.split_ascii_whitespace()
        .any(|w| w == "nav" || CHROME_NAMES.iter().any(|c| w.contains(c)))
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

/// An open element: the node its text goes to, its name, its role (`None`
/// for inline elements, which make no node).
type Open = (usize, String, Option<Role>);

/// Pops to (and including) the nearest open element named in `names`, not
/// beyond the enclosing table (nor cell, unless `cross_cells`); false when
/// none is open there.
fn close(open: &mut Vec<Open>, names: &[&str], cross_cells: bool) -> bool {
    for k in (1..open.len()).rev() {
        if names.contains(&open[k].1.as_str()) {
            open.truncate(k);
            return true;
        }
        match open[k].2 {
            Some(Role::Table) => return false,
            Some(Role::Cell { .. }) if !cross_cells => return false,
            _ => {}
        }
    }
    false
}

/// Whether a table is open (a cell start tag then closes the open cell, as
/// in the HTML "in cell" insertion mode).
fn in_table(open: &[Open]) -> bool {
    open.iter().any(|o| o.2 == Some(Role::Table))
}

/// Builds the tree from the token stream.
fn build(html: &str) -> Tree {
    let mut nodes = Nodes::new();
    nodes.push(Node {
        content: Content::Element(Role::Root),
        first: NONE,
        last: NONE,
        next: NONE,
    });
    let mut tree = Tree {
        nodes,
        text: String::with_capacity(html.len() / 8),
    };
    // open elements: (the node text goes to, name, role; `None` for
    // inline elements, which make no node of their own)
    let mut open: Vec<Open> = vec![(0, String::new(), Some(Role::Root))];
    let mut skip: Option<(String, usize)> = None;
    let mut in_head = false;
    let mut emitter = DefaultEmitter::<usize>::new_with_span();
    emitter.naively_switch_states(true);
    let top = |open: &Vec<Open>| open.last().map_or(0, |o| o.0);
    for token in Tokenizer::new_with_emitter(html, emitter) {
        let Ok(token) = token;
        match token {
            Token::StartTag(tag) => {
                let name = name_of(&tag.name);
                if let Some((skipped, depth)) = &mut skip {
                    if *skipped == name && !tag.self_closing {
                        *depth += 1;
                    }
                    continue;
                }
                if in_head && !HEAD_CONTENT.contains(&name.as_str()) {
                    in_head = false;
                }
                if name == "head" {
                    in_head = true;
                    continue;
                }
                if SKIPPED.contains(&name.as_str()) || in_head {
                    if !tag.self_closing && !VOID.contains(&name.as_str()) {
                        skip = Some((name, 1));
                    }
                    continue;
                }
                let inner = tag.span.end;
                if name == "br" {
                    tree.add(top(&open), Content::Element(Role::Break));
                    continue;
                }
                if name == "hr" {
                    tree.add(top(&open), Content::Element(Role::Block { chrome: false }));
                    continue;
                }
                if VOID.contains(&name.as_str())
                    || matches!(
                        name.as_str(),
                        "thead" | "tbody" | "tfoot" | "colgroup" | "html" | "body"
                    )
                {
                    continue;
                }
                if CLOSES_P.contains(&name.as_str()) {
                    close(&mut open, &["p"], false);
                }
                if name == "li" {
                    close(&mut open, &["li"], false);
                }
                if matches!(name.as_str(), "dt" | "dd") {
                    close(&mut open, &["dt", "dd"], false);
                }
                let role = match name.as_str() {
                    "table" => Role::Table,
                    "tr" if in_table(&open) => {
                        close(&mut open, &["tr"], true);
                        Role::Row
                    }
                    "td" | "th" if in_table(&open) => {
                        close(&mut open, &["td", "th"], false);
                        // a cell outside a row opens one
                        let in_row = open
                            .iter()
                            .rev()
                            .take_while(|o| o.2 != Some(Role::Table))
                            .any(|o| o.2 == Some(Role::Row));
                        if !in_row {
                            let row = tree.add(top(&open), Content::Element(Role::Row));
                            open.push((row, "tr".to_owned(), Some(Role::Row)));
                        }
                        let attr =
                            |k: &str| tag.attributes.get(k.as_bytes()).map(|v| v.value.as_slice());
                        Role::Cell {
                            rowspan: u16::try_from(span_attr(attr("rowspan"))).unwrap_or(1),
                            colspan: u16::try_from(span_attr(attr("colspan"))).unwrap_or(1),
                            inner: small(inner),
                        }
                    }
                    // a cell or row outside any table: its own line, never
                    // glued to its neighbours
                    "td" | "th" | "tr" => Role::Block { chrome: false },
                    n if BLOCKS.contains(&n) => {
                        let named = |k: &str| {
                            tag.attributes
                                .get(k.as_bytes())
                                .is_some_and(|v| is_chrome_name(&v.value))
                        };
                        Role::Block {
                            chrome: CHROME_ELEMENTS.contains(&n) || named("class") || named("id"),
                        }
                    }
                    _ => Role::Inline,
                };
                if tag.self_closing || open.len() >= MAX_DEPTH {
                    if matches!(role, Role::Block { .. }) {
                        tree.add(top(&open), Content::Element(Role::Break));
                    }
                    continue;
                }
                if role == Role::Inline {
                    open.push((top(&open), name, None));
                    continue;
                }
                let node = tree.add(top(&open), Content::Element(role));
                open.push((node, name, Some(role)));
            }
            Token::EndTag(tag) => {
                let name = name_of(&tag.name);
                if let Some((skipped, depth)) = &mut skip {
                    if *skipped == name {
                        *depth -= 1;
                        if *depth == 0 {
                            skip = None;
                        }
                    }
                    continue;
                }
                match name.as_str() {
                    "head" => in_head = false,
                    "table" => {
                        if let Some(k) = open.iter().rposition(|o| o.2 == Some(Role::Table)) {
                            open.truncate(k);
                        }
                    }
                    "tr" => {
                        close(&mut open, &["tr"], true);
                    }
                    "td" | "th" => {
                        close(&mut open, &["td", "th"], false);
                    }
                    "br" | "p" => {
                        if !close(&mut open, &[name.as_str()], false) {
                            tree.add(top(&open), Content::Element(Role::Break));
                        }
                    }
                    _ => {
                        close(&mut open, &[name.as_str()], false);
                    }
                }
            }
            Token::String(s) => {
                if skip.is_some() || in_head {
                    continue;
                }
                let start = tree.text.len();
                tree.text.push_str(&String::from_utf8_lossy(&s.value));
                let (a, b) = (s.span.start.min(html.len()), s.span.end.min(html.len()));
                let run = TextRun {
                    text: (small(start), small(tree.text.len())),
                    src: (small(a), small(b)),
                };
                tree.add(top(&open), Content::Text(run));
            }
            Token::Comment(_) | Token::Doctype(_) | Token::Error(_) => {}
        }
    }
    tree
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

impl Writer<'_> {
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
        let text = self.tree.text_of(run);
        for (i, src) in char_sources(text, src_text, src_start) {
            let c = text[i..].chars().next().unwrap_or(' ');
            if c.is_whitespace() {
                if self.last.is_some() && self.pending == Pending::None {
                    self.pending = Pending::Space;
                }
                continue;
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
        match &tree.nodes[n].content {
            Content::Text(run) => self.run(run),
            Content::Element(role) => match *role {
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
        match &tree.nodes[n].content {
            Content::Text(run) => self.run(run),
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

    /// The rows of a table (its own, not those of tables inside it).
    fn rows(&self, table: usize) -> Vec<usize> {
        let mut rows = Vec::new();
        let tree = self.tree;
        let mut stack: Vec<usize> = tree.children(table).collect();
        stack.reverse();
        while let Some(n) = stack.pop() {
            match tree.role(n) {
                Some(Role::Row) => rows.push(n),
                Some(Role::Table) | None => {}
                _ => {
                    let at = stack.len();
                    stack.extend(tree.children(n));
                    stack[at..].reverse();
                }
            }
        }
        rows
    }

    fn cells(&self, row: usize) -> Vec<(usize, usize, usize)> {
        self.tree
            .children(row)
            .filter_map(|c| match self.tree.role(c) {
                Some(Role::Cell {
                    rowspan, colspan, ..
                }) => Some((c, usize::from(rowspan), usize::from(colspan))),
                _ => None,
            })
            .collect()
    }

    fn table(&mut self, table: usize) {
        let rows = self.rows(table);
        let layout = rows.iter().all(|&r| self.cells(r).len() <= 1)
            || rows
                .iter()
                .flat_map(|&r| self.cells(r))
                .any(|(c, _, _)| self.tree.contains_table(c));
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
            for &r in &rows {
                for (c, _, _) in self.cells(r) {
                    self.newline();
                    self.blocks(c);
                    self.newline();
                }
            }
            self.newline();
            self.skip_rows = outer_skip;
            return;
        }
        // the grid: per column, the cell covering it from a row above and
        // the rows it still covers
        let mut above: Vec<Option<(usize, usize)>> = Vec::new();
        for &r in &rows {
            let mut col = 0usize;
            let mut first = true;
            let mut emitted_any = false;
            let cells = self.cells(r);
            let mut next = cells.into_iter().peekable();
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
        self.newline();
        self.skip_rows = outer_skip;
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
        let mut s = String::new();
        let mut stack = vec![cell];
        while let Some(n) = stack.pop() {
            match &self.tree.nodes[n].content {
                Content::Text(t) => s.push_str(self.tree.text_of(t)),
                Content::Element(_) => {
                    let at = stack.len();
                    stack.extend(self.tree.children(n));
                    stack[at..].reverse();
                }
            }
            if s.len() > 64 {
                return true;
            }
        }
        let t = s.trim_matches(|c: char| c.is_whitespace());
        !t.is_empty() && super::text::classify(t) == super::text::Class::Text
    }

    fn is_empty(&self, cell: usize) -> bool {
        let mut stack = vec![cell];
        while let Some(n) = stack.pop() {
            match &self.tree.nodes[n].content {
                Content::Text(t)
                    if !self
                        .tree
                        .text_of(t)
                        .trim_matches(char::is_whitespace)
                        .is_empty() =>
                {
                    return false;
                }
                Content::Text(_) => {}
                Content::Element(_) => stack.extend(self.tree.children(n)),
            }
        }
        true
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

/// Reads an HTML page into the text the text readers take.
pub(crate) fn read(html: &str) -> Derived {
    let tree = build(html);
    let mut w = Writer {
        tree: &tree,
        html,
        covered_budget: html.len() / 16 + 64,
        skip_rows: false,
        text: String::with_capacity(html.len() / 4),
        map: SpanMap::new(html.len()),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        read(html).text
    }

    #[test]
    fn paragraphs_are_lines_and_spans_join() {
        let html = "<html><head><title>t</title><style>p{}</style></head><body>\
            <p class=MsoNormal><span>一、总体</span><span>情况</span></p>\
            <p>二、主动公开<o:p>&nbsp;</o:p></p><script>var x='<td>';</script></body></html>";
        assert_eq!(text(html), "一、总体情况\n二、主动公开\n");
    }

    #[test]
    fn rows_are_tab_lines_with_merged_labels_left_out() {
        let html = "<table><tr><td rowspan=2>（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>1</td></tr>\
            <tr><td>2.其他</td><td></td><td>2</td></tr></table>";
        assert_eq!(
            text(html),
            "（三）不予公开\t1.属于国家秘密\t0\t1\n2.其他\t\t2\n"
        );
    }

    #[test]
    fn implicit_end_tags_and_nested_layout_tables() {
        let html = "<table><tr><td><p>一、总体情况<table><tr><td>规章<td>0<td>1<tr><td>规范性文件<td>2<td>3</table></td></tr></table>";
        assert_eq!(text(html), "一、总体情况\n规章\t0\t1\n规范性文件\t2\t3\n");
    }

    #[test]
    fn cell_spans_point_into_the_markup() {
        let html = "<table><tr><td>规章</td><td><span>2</span><span>3</span></td><td>&nbsp;</td></tr></table>";
        let d = read(html);
        assert_eq!(d.text, "规章\t23\t\n");
        let at = d.text.find("23").unwrap();
        let s = d.map.span(Span::new(at, at + 2));
        assert_eq!(&html[s.start..s.end], "2</span><span>3");
        let blank = d.text.len() - 1;
        let s = d.map.span(Span::new(blank, blank));
        assert_eq!(s.start, s.end);
        assert!(html[..s.start].ends_with("<td>"));
    }

    #[test]
    fn breaks_and_paragraphs_inside_a_cell_are_one_cell() {
        let html = "<table><tr><td>（三）不予<br>公开</td><td><p>政府集中</p><p>采购</p></td>\
            <td>1<br>2</td><td><font>&nbsp;</font></td></tr></table>";
        assert_eq!(text(html), "（三）不予公开\t政府集中采购\t1 2\t\n");
    }

    #[test]
    fn references_map_to_their_markup() {
        let html = "<p>规章&amp;文件&#20013;x</p>";
        let d = read(html);
        assert_eq!(d.text, "规章&文件中x\n");
        let at = d.text.find('中').unwrap();
        let s = d.map.span(Span::new(at, at + '中'.len_utf8()));
        assert_eq!(&html[s.start..s.end], "&#20013;");
        let amp = d.text.find('&').unwrap();
        let s = d.map.span(Span::new(amp, amp + 1));
        assert_eq!(&html[s.start..s.end], "&amp;");
        let x = d.text.find('x').unwrap();
        let s = d.map.span(Span::new(x, x + 1));
        assert_eq!(&html[s.start..s.end], "x");
    }

    #[test]
    fn cells_outside_a_table_are_not_glued() {
        assert_eq!(text("<p>x</p><td>0<td>12</td><tr><td>3"), "x\n0\n12\n3\n");
    }

    /// Rows inside a table's non-row children are written once, however
    /// deep such children nest (a fuzzer found 2^16 copies).
    #[test]
    fn rows_in_wrappers_are_written_once() {
        let mut html = String::new();
        for _ in 0..20 {
            html.push_str("<table><div>");
        }
        html.push_str("<tr><td>规章</td><td>1</td></tr>");
        let t = text(&html);
        assert_eq!(t.matches("规章").count(), 1, "{t}");
        assert!(t.len() < 100, "{}", t.len());
    }

    #[test]
    fn merged_value_cells() {
        let html = "<table><tr><td>a</td><td rowspan=2></td><td>1</td></tr><tr><td>b</td><td>2</td></tr>\
            <tr><td>c</td><td colspan=2>5</td></tr></table>";
        assert_eq!(text(html), "a\t\t1\nb\t\t2\nc\t5\n");
    }

    #[test]
    fn chrome_is_left_out_unless_it_holds_a_table() {
        let html = "<div class=\"breadcrumb\">首页 > 公开</div><nav>导航</nav><p>正文</p>\
            <div id=footer>版权所有</div><footer><table><tr><td>规章</td><td>1</td></tr></table></footer>";
        assert_eq!(text(html), "正文\n规章\t1\n");
    }

    #[test]
    fn hostile_nesting_and_spans_are_bounded() {
        let deep = "<div>".repeat(100_000) + "x";
        assert_eq!(text(&deep), "x\n");
        let wide = "<table><tr><td colspan=99999>1</td><td rowspan=99999>2</td></tr><tr><td>3</td></tr></table>";
        let t = text(wide);
        assert!(t.len() < 10_000, "{}", t.len());
    }
}
