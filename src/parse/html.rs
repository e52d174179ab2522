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

use super::tree::{Content, Derived, MAX_SPAN, Role, TextRun, Tree, small, write};

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
    let mut tree = Tree::with_root(html.len() / 8);
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

/// Reads an HTML page into the text the text readers take.
pub(crate) fn read(html: &str) -> Derived {
    write(&build(html), html)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cell::Span;

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
