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

use html5gum::emitters::callback::{CallbackEmitter, CallbackEvent};
use html5gum::{Emitter, ForwardingEmitter, Span as TokenSpan, Tokenizer};

use super::tree::{Derived, MAX_SPAN, Role, Tree, small, write};

/// Deeper elements are read as part of their ancestor at this depth.
const MAX_DEPTH: usize = 200;

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

/// An element's name, lowercased, held in place: comparing or keeping one
/// allocates nothing. A name longer than the bytes kept is told apart by
/// its length and a hash of all of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Name {
    len: u8,
    bytes: [u8; NAME_BYTES],
    hash: u64,
}

const NAME_BYTES: usize = 14;

impl Name {
    fn of(raw: &[u8]) -> Name {
        let mut name = Name {
            len: u8::try_from(raw.len()).unwrap_or(u8::MAX),
            bytes: [0; NAME_BYTES],
            hash: 0,
        };
        for (to, from) in name.bytes.iter_mut().zip(raw) {
            *to = from.to_ascii_lowercase();
        }
        if raw.len() > NAME_BYTES {
            // FNV-1a over the whole lowercased name
            name.hash = raw.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
                (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x100_0000_01b3)
            });
        }
        name
    }

    /// Whether this is the element `known` (a lowercase name).
    fn is(&self, known: &str) -> bool {
        if known.len() > NAME_BYTES {
            return *self == Name::of(known.as_bytes());
        }
        usize::from(self.len) == known.len()
            && self.bytes.iter().zip(known.as_bytes()).all(|(a, b)| a == b)
    }

    fn is_any(&self, known: &[&str]) -> bool {
        known.iter().any(|k| self.is(k))
    }

    /// The lists this name is on ([`Kinds`]), looked up once per tag in one
    /// table built from the lists.
    fn kinds(&self) -> Kinds {
        static TABLE: std::sync::LazyLock<Vec<(Name, Kinds)>> = std::sync::LazyLock::new(|| {
            let mut table: Vec<(Name, Kinds)> = Vec::new();
            for (list, kind) in [
                (SKIPPED, Kinds::SKIPPED),
                (HEAD_CONTENT, Kinds::HEAD_CONTENT),
                (BLOCKS, Kinds::BLOCK),
                (CLOSES_P, Kinds::CLOSES_P),
                (CHROME_ELEMENTS, Kinds::CHROME),
                (VOID, Kinds::VOID),
            ] {
                for name in list {
                    let name = Name::of(name.as_bytes());
                    match table.iter_mut().find(|(n, _)| *n == name) {
                        Some((_, kinds)) => kinds.0 |= kind.0,
                        None => table.push((name, kind)),
                    }
                }
            }
            table.sort_by_key(|(name, _)| *name);
            table
        });
        TABLE
            .binary_search_by(|(n, _)| n.cmp(self))
            .map_or(Kinds(0), |i| TABLE[i].1)
    }
}

/// The lists of element names a name is on, one bit each.
#[derive(Clone, Copy)]
struct Kinds(u8);

impl Kinds {
    const SKIPPED: Kinds = Kinds(1);
    const HEAD_CONTENT: Kinds = Kinds(2);
    const BLOCK: Kinds = Kinds(4);
    const CLOSES_P: Kinds = Kinds(8);
    const CHROME: Kinds = Kinds(16);
    const VOID: Kinds = Kinds(32);

    fn has(self, kind: Kinds) -> bool {
        self.0 & kind.0 != 0
    }
}

/// `rowspan` / `colspan`: the leading digits after white space, 1 when
/// there are none, at most [`MAX_SPAN`].
fn span_attr(value: Option<&[u8]>) -> usize {
    let Some(v) = value else { return 1 };
    let v = String::from_utf8_lossy(v);
    let mut digits = v.trim().bytes().take_while(u8::is_ascii_digit);
    let n = digits.try_fold(0usize, |n, d| {
        n.checked_mul(10)?.checked_add(usize::from(d - b'0'))
    });
    match n {
        Some(n) if v.trim().starts_with(|c: char| c.is_ascii_digit()) => n.clamp(1, MAX_SPAN),
        _ => 1,
    }
}

fn is_chrome_name(value: &[u8]) -> bool {
    let v = String::from_utf8_lossy(value);
    v.split_ascii_whitespace().any(|w| {
        let lower;
        let w = if w.bytes().any(|b| b.is_ascii_uppercase()) {
            lower = w.to_ascii_lowercase();
            lower.as_str()
        } else {
            w
        };
        w == "nav" || CHROME_NAMES.iter().any(|c| w.contains(c))
    })
}

/// An open element: the node its text goes to, its name, its role (`None`
/// for inline elements, which make no node).
type Open = (usize, Name, Option<Role>);

/// Pops to (and including) the nearest open element named in `names`, not
/// beyond the enclosing table (nor cell, unless `cross_cells`); false when
/// none is open there.
fn close(open: &mut Vec<Open>, names: &[&str], cross_cells: bool) -> bool {
    close_where(open, |n| n.is_any(names), cross_cells)
}

/// [`close`] for the nearest open element whose name `named` accepts.
fn close_where(open: &mut Vec<Open>, named: impl Fn(&Name) -> bool, cross_cells: bool) -> bool {
    for k in (1..open.len()).rev() {
        if named(&open[k].1) {
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

/// The attributes of a start tag the builder reads.
#[derive(Clone, Copy, PartialEq)]
enum Attribute {
    RowSpan,
    ColSpan,
    Class,
    Id,
    Other,
}

/// The start tag being read: its name, where it starts, the attributes the
/// builder reads (the first of each name, as the tokenizer's own tags keep).
struct StartTag {
    name: Name,
    rowspan: Option<usize>,
    colspan: Option<usize>,
    /// `class` or `id` names page chrome.
    chrome_named: bool,
    seen: [bool; 4],
    /// The attribute whose value is being read, and its value so far.
    current: Attribute,
    value: Vec<u8>,
}

/// Builds the tree from the tokenizer's events, as they come: a tag's name
/// and attributes are read from the tokenizer's own buffers, and text is
/// copied once, into the tree.
struct Builder<'h> {
    html: &'h str,
    tree: Tree,
    /// Open elements: (the node text goes to, name, role; `None` for
    /// inline elements, which make no node of their own).
    open: Vec<Open>,
    skip: Option<(Name, usize)>,
    in_head: bool,
    tag: StartTag,
}

impl Builder<'_> {
    fn top(&self) -> usize {
        self.open.last().map_or(0, |o| o.0)
    }

    fn event(&mut self, event: CallbackEvent<'_>, span: TokenSpan<usize>) {
        match event {
            CallbackEvent::OpenStartTag { name } => {
                self.tag.name = Name::of(name);
                self.tag.rowspan = None;
                self.tag.colspan = None;
                self.tag.chrome_named = false;
                self.tag.seen = [false; 4];
                self.tag.current = Attribute::Other;
            }
            CallbackEvent::AttributeName { name } => {
                self.end_attribute();
                let name = Name::of(name);
                let (attribute, i) = if name.is("rowspan") {
                    (Attribute::RowSpan, 0)
                } else if name.is("colspan") {
                    (Attribute::ColSpan, 1)
                } else if name.is("class") {
                    (Attribute::Class, 2)
                } else if name.is("id") {
                    (Attribute::Id, 3)
                } else {
                    (Attribute::Other, 4)
                };
                // a repeated attribute: the first one counts
                let first = self.tag.seen.get(i).is_some_and(|seen| !seen);
                if let Some(seen) = self.tag.seen.get_mut(i) {
                    *seen = true;
                }
                self.tag.current = if first { attribute } else { Attribute::Other };
                self.tag.value.clear();
            }
            CallbackEvent::AttributeValue { value } => {
                if self.tag.current != Attribute::Other {
                    self.tag.value.extend_from_slice(value);
                }
            }
            CallbackEvent::CloseStartTag { self_closing } => {
                self.end_attribute();
                self.start_tag(self_closing, span.end);
            }
            CallbackEvent::EndTag { name } => self.end_tag(Name::of(name)),
            CallbackEvent::String { value } => self.text(value, span),
            CallbackEvent::Comment { .. }
            | CallbackEvent::Doctype { .. }
            | CallbackEvent::Error(_) => {}
        }
    }

    /// The attribute read so far, if the builder reads it, is done.
    fn end_attribute(&mut self) {
        let tag = &mut self.tag;
        let value = Some(tag.value.as_slice());
        match tag.current {
            Attribute::RowSpan => tag.rowspan = Some(span_attr(value)),
            Attribute::ColSpan => tag.colspan = Some(span_attr(value)),
            Attribute::Class | Attribute::Id => {
                tag.chrome_named |= is_chrome_name(&tag.value);
            }
            Attribute::Other => {}
        }
        tag.current = Attribute::Other;
        tag.value.clear();
    }

    fn start_tag(&mut self, self_closing: bool, inner: usize) {
        let name = self.tag.name;
        let kinds = name.kinds();
        if let Some((skipped, depth)) = &mut self.skip {
            if *skipped == name && !self_closing {
                *depth += 1;
            }
            return;
        }
        if self.in_head && !kinds.has(Kinds::HEAD_CONTENT) {
            self.in_head = false;
        }
        if name.is("head") {
            self.in_head = true;
            return;
        }
        if kinds.has(Kinds::SKIPPED) || self.in_head {
            if !self_closing && !kinds.has(Kinds::VOID) {
                self.skip = Some((name, 1));
            }
            return;
        }
        if name.is("br") {
            self.tree.add(self.top(), Role::Break);
            return;
        }
        if name.is("hr") {
            self.tree.add(self.top(), Role::Block { chrome: false });
            return;
        }
        if kinds.has(Kinds::VOID)
            || name.is_any(&["thead", "tbody", "tfoot", "colgroup", "html", "body"])
        {
            return;
        }
        let open = &mut self.open;
        if kinds.has(Kinds::CLOSES_P) {
            close(open, &["p"], false);
        }
        if name.is("li") {
            close(open, &["li"], false);
        }
        if name.is_any(&["dt", "dd"]) {
            close(open, &["dt", "dd"], false);
        }
        let role = if name.is("table") {
            Role::Table
        } else if name.is("tr") && in_table(open) {
            close(open, &["tr"], true);
            Role::Row
        } else if name.is_any(&["td", "th"]) && in_table(open) {
            close(open, &["td", "th"], false);
            // a cell outside a row opens one
            let in_row = open
                .iter()
                .rev()
                .take_while(|o| o.2 != Some(Role::Table))
                .any(|o| o.2 == Some(Role::Row));
            if !in_row {
                let row = self.tree.add(self.top(), Role::Row);
                self.open.push((row, Name::of(b"tr"), Some(Role::Row)));
            }
            Role::Cell {
                rowspan: u16::try_from(self.tag.rowspan.unwrap_or(1)).unwrap_or(1),
                colspan: u16::try_from(self.tag.colspan.unwrap_or(1)).unwrap_or(1),
                inner: small(inner),
            }
        } else if name.is_any(&["td", "th", "tr"]) {
            // a cell or row outside any table: its own line, never glued
            // to its neighbours
            Role::Block { chrome: false }
        } else if kinds.has(Kinds::BLOCK) {
            Role::Block {
                chrome: kinds.has(Kinds::CHROME) || self.tag.chrome_named,
            }
        } else {
            Role::Inline
        };
        if self_closing || self.open.len() >= MAX_DEPTH {
            if matches!(role, Role::Block { .. }) {
                self.tree.add(self.top(), Role::Break);
            }
            return;
        }
        if role == Role::Inline {
            self.open.push((self.top(), name, None));
            return;
        }
        let node = self.tree.add(self.top(), role);
        self.open.push((node, name, Some(role)));
    }

    fn end_tag(&mut self, name: Name) {
        if let Some((skipped, depth)) = &mut self.skip {
            if *skipped == name {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        let open = &mut self.open;
        if name.is("head") {
            self.in_head = false;
        } else if name.is("table") {
            if let Some(k) = open.iter().rposition(|o| o.2 == Some(Role::Table)) {
                open.truncate(k);
            }
        } else if name.is("tr") {
            close(open, &["tr"], true);
        } else if name.is_any(&["td", "th"]) {
            close(open, &["td", "th"], false);
        } else if name.is("br") || name.is("p") {
            if !close_where(open, |n| *n == name, false) {
                self.tree.add(self.top(), Role::Break);
            }
        } else {
            close_where(open, |n| *n == name, false);
        }
    }

    fn text(&mut self, value: &[u8], span: TokenSpan<usize>) {
        if self.skip.is_some() || self.in_head {
            return;
        }
        let html = self.html.len();
        let src = (span.start.min(html), span.end.min(html));
        let parent = self.top();
        match super::detect::utf8(value) {
            Some(text) => self.tree.add_text(parent, text, src, self.html),
            None => {
                let text = String::from_utf8_lossy(value);
                self.tree.add_text(parent, &text, src, self.html)
            }
        };
    }
}

/// An emitter that reports no parse errors: the builder reads none, so
/// the tokenizer need not look for them (its per-character check).
struct Quiet<E>(E);

impl<E: Emitter> ForwardingEmitter for Quiet<E> {
    type Token = E::Token;

    fn inner(&mut self) -> &mut impl Emitter<Token = Self::Token> {
        &mut self.0
    }

    fn should_emit_errors(&mut self) -> bool {
        false
    }
}

/// Builds the tree from the token stream.
fn build(html: &str) -> Tree {
    let mut builder = Builder {
        html,
        tree: Tree::with_root(html.len() / 64),
        open: vec![(0, Name::of(b""), Some(Role::Root))],
        skip: None,
        in_head: false,
        tag: StartTag {
            name: Name::of(b""),
            rowspan: None,
            colspan: None,
            chrome_named: false,
            seen: [false; 4],
            current: Attribute::Other,
            value: Vec::new(),
        },
    };
    {
        let mut emitter = CallbackEmitter::new(
            |event: CallbackEvent<'_>,
             span: TokenSpan<usize>|
             -> Option<std::convert::Infallible> {
                builder.event(event, span);
                None
            },
        );
        emitter.naively_switch_states(true);
        // every event goes to the builder; the tokenizer yields nothing
        for _ in Tokenizer::new_with_emitter(html, Quiet(emitter)) {}
    }
    builder.tree
}

/// Reads an HTML page into the text the text readers take.
pub(crate) fn read(html: &str) -> Derived {
    write(build(html), html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cell::Span;

    fn text(html: &str) -> String {
        read(html).text
    }

    #[test]
    fn names_are_compared_in_place_and_long_ones_in_full() {
        assert!(Name::of(b"TD").is("td"));
        assert!(!Name::of(b"td").is("t"));
        assert!(!Name::of(b"tda").is("td"));
        // a long name is compared whole, not by the bytes held in place
        assert!(Name::of(b"my-custom-element-one").is("my-custom-element-one"));
        assert!(!Name::of(b"my-custom-element-one").is("my-custom-element-two"));
        let a = Name::of(b"my-custom-element-one");
        let b = Name::of(b"my-custom-element-two");
        assert_ne!(a, b);
        assert_eq!(a, Name::of(b"MY-CUSTOM-ELEMENT-ONE"));
        assert!(Name::of(b"nav").kinds().has(Kinds::CHROME));
        assert!(Name::of(b"Table").kinds().has(Kinds::BLOCK));
        assert!(Name::of(b"script").kinds().has(Kinds::SKIPPED));
        assert!(!Name::of(b"span").kinds().has(Kinds::BLOCK));
        assert!(!a.kinds().has(Kinds::BLOCK));
        for (value, span) in [
            (None, 1),
            (Some(&b""[..]), 1),
            (Some(b" 3 "), 3),
            (Some(b"2x"), 2),
            (Some(b"+3"), 1),
            (Some(b"0"), 1),
            (Some(b"99999999999999999999999"), 1),
            (Some(b"5000"), MAX_SPAN),
        ] {
            assert_eq!(span_attr(value), span, "{value:?}");
        }
    }

    #[test]
    fn the_first_of_repeated_attributes_counts() {
        let html = "<table><tr><td COLSPAN=2 colspan=1>a</td><td>1</td></tr>\
            <tr><td>b</td><td>c</td><td>2</td></tr></table>";
        let merged = "<table><tr><td colspan=2>a</td><td>1</td></tr>\
            <tr><td>b</td><td>c</td><td>2</td></tr></table>";
        assert_eq!(text(html), text(merged));
        assert_eq!(
            text("<div CLASS=\"Footer\">版权</div><p>正文</p>"),
            "正文\n"
        );
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

    /// Every char of the derived text that the markup wrote (not a space,
    /// tab or line break the writer put there) maps to itself, whatever
    /// white space, control and wide chars surround it.
    #[test]
    fn each_char_maps_to_its_own_bytes() {
        let html = "<p>规章 12\u{3000}abc\tdef\u{1}g  h</p><table><tr><td> 中x\u{7}y\u{a0}z </td>\
            <td>\n7\r\n8 </td><td>一、<b>本年</b>新收</td></tr></table><p>a&amp;b c</p>";
        let d = read(html);
        assert_eq!(
            d.text,
            "规章 12 abc def\u{fffd}g h\n中x\u{fffd}y z\t7 8\t一、本年新收\na&b c\n"
        );
        let mut checked = 0;
        for (i, c) in d.text.char_indices() {
            if matches!(c, ' ' | '\t' | '\n') {
                continue;
            }
            let s = d.map.span(Span::new(i, i + c.len_utf8()));
            let src = &html[s.start..s.end];
            match c {
                '\u{fffd}' => assert!(matches!(src, "\u{1}" | "\u{7}"), "{src:?}"),
                '&' => assert_eq!(src, "&amp;"),
                _ => assert_eq!(src, c.to_string(), "char {c:?} at {i}"),
            }
            checked += 1;
        }
        assert_eq!(
            checked,
            d.text
                .chars()
                .filter(|c| !matches!(c, ' ' | '\t' | '\n'))
                .count()
        );
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
