//! The Word reader: the package opened with `zip` (refusing what no report
//! needs: absurd sizes, paths outside the archive, encryption), its
//! `word/document.xml` read with `quick-xml` into the same document tree
//! the HTML reader builds, and written out by the same writer — paragraphs
//! as lines, a table's rows as tab-separated lines on the grid.
//!
//! `w:gridSpan` is a cell's colspan; `w:vMerge` (`restart`, then
//! continuation cells below in the same grid column) becomes the restart
//! cell's rowspan, and its continuation cells are covered slots, as the
//! cells an HTML `rowspan` covers. A cell's text is all its runs joined
//! (Word splits `23` over two `w:r`); its paragraphs and `w:br` are one
//! cell's text. Spans point into `word/document.xml`.

use std::io::Read;

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::DocxProblem;
use super::tree::{Derived, MAX_SPAN, Role, Tree, small};

/// The part that holds the document's text.
pub(crate) const DOCUMENT: &str = "word/document.xml";
/// A report's package has a few dozen parts.
const MAX_ENTRIES: usize = 10_000;
/// Elements nested deeper are read as part of their ancestor.
const MAX_DEPTH: usize = 200;

/// Whether an entry's name stays inside the archive (no absolute path, no
/// `..`, no drive, no backslash, no NUL).
fn is_safe_name(name: &str) -> bool {
    !(name.starts_with('/')
        || name.contains('\\')
        || name.contains('\0')
        || name.as_bytes().get(1) == Some(&b':')
        || name.split('/').any(|part| part == ".."))
}

/// The text of `word/document.xml`, at most `limit` bytes of it.
pub(crate) fn document_xml(bytes: &[u8], limit: usize) -> Result<String, DocxProblem> {
    let corrupt = |e: zip::result::ZipError| DocxProblem::Corrupt(e.to_string());
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(corrupt)?;
    if archive.len() > MAX_ENTRIES {
        return Err(DocxProblem::Corrupt(format!(
            "{} entries, more than a document has ({MAX_ENTRIES})",
            archive.len()
        )));
    }
    for name in archive.file_names() {
        let name = name.map_err(corrupt)?;
        if !is_safe_name(&name) {
            return Err(DocxProblem::UnsafePath(name.into_owned()));
        }
    }
    let file = match archive.by_name(DOCUMENT) {
        Ok(f) => f,
        Err(zip::result::ZipError::FileNotFound) => return Err(DocxProblem::NoDocument),
        Err(zip::result::ZipError::UnsupportedArchive(m))
            if m == zip::result::ZipError::PASSWORD_REQUIRED =>
        {
            return Err(DocxProblem::Encrypted);
        }
        Err(e) => return Err(corrupt(e)),
    };
    if file.encrypted() {
        return Err(DocxProblem::Encrypted);
    }
    let limit = limit as u64;
    if file.size() > limit {
        return Err(DocxProblem::TooLarge {
            size: file.size(),
            limit,
        });
    }
    // the declared size may lie: never read past the limit
    let mut xml = Vec::new();
    file.take(limit + 1)
        .read_to_end(&mut xml)
        .map_err(|e| DocxProblem::Corrupt(e.to_string()))?;
    if xml.len() as u64 > limit {
        return Err(DocxProblem::TooLarge {
            size: xml.len() as u64,
            limit,
        });
    }
    match super::detect::decode(&xml) {
        Ok(d) => Ok(d.text.into_owned()),
        Err(_) => Err(DocxProblem::NotUtf8),
    }
}

/// Whether `text` is a WordprocessingML document part.
pub(crate) fn is_document_xml(text: &str) -> bool {
    let mut cut = text.len().min(4096);
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    let head = &text[..cut];
    let head = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    head.starts_with('<')
        && (head.contains("<w:document")
            || head.contains("schemas.openxmlformats.org/wordprocessingml/2006/main"))
}

/// What an open element is to the tree builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Open {
    /// An element that made a node (paragraph, table, row, cell).
    Node(usize),
    /// `w:t`: its text is the run's.
    Text,
    /// An element whose content is not the document's text (`w:instrText`,
    /// `w:delText`, `mc:Fallback`).
    Skip,
    /// Any other element: transparent.
    Other,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum VMerge {
    None,
    Restart,
    Continue,
}

/// The cell being read and the grid position of the table's row.
#[derive(Debug, Default)]
struct Grid {
    /// The next grid column of the row being read.
    col: usize,
    /// Per grid column, the restart cell of a vertical merge still open.
    merges: Vec<Option<usize>>,
    /// The open cell: its node, colspan, vertical merge.
    cell: Option<(usize, usize, VMerge)>,
}

fn local(name: &[u8]) -> &[u8] {
    match name.iter().rposition(|&b| b == b':') {
        Some(i) => &name[i + 1..],
        None => name,
    }
}

/// The `w:val` attribute of an element.
fn val(e: &BytesStart<'_>) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.as_ref().as_bytes()) == b"val")
        .map(|a| a.value.into_owned())
}

const SKIPPED: &[&[u8]] = &[b"instrText", b"delText", b"Fallback", b"delInstrText"];

/// Builds the document tree of a `document.xml`.
fn build(xml: &str) -> Result<Tree, DocxProblem> {
    let mut tree = Tree::with_root(xml.len() / 64);
    let mut reader = Reader::from_str(xml);
    reader.config_mut().trim_text(false);
    let mut open: Vec<Open> = Vec::new();
    let mut grids: Vec<Grid> = Vec::new();
    let mut skip = 0usize;
    let top = |open: &[Open]| {
        open.iter()
            .rev()
            .find_map(|o| match o {
                Open::Node(n) => Some(*n),
                _ => None,
            })
            .unwrap_or(0)
    };
    let in_text = |open: &[Open]| open.last() == Some(&Open::Text);
    loop {
        let start = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| DocxProblem::Xml {
            message: e.to_string(),
            at: reader.error_position() as usize,
        })?;
        let end = (reader.buffer_position() as usize).min(xml.len());
        match event {
            Event::Start(e) => {
                let name = e.name();
                let name = local(name.as_ref().as_bytes());
                if skip > 0 || SKIPPED.contains(&name) {
                    skip += 1;
                    open.push(Open::Skip);
                    continue;
                }
                if open.len() >= MAX_DEPTH {
                    open.push(Open::Other);
                    continue;
                }
                let parent = top(&open);
                let role = match name {
                    b"p" => Some(Role::Block { chrome: false }),
                    b"tbl" => {
                        grids.push(Grid::default());
                        Some(Role::Table)
                    }
                    b"tr" if !grids.is_empty() => {
                        if let Some(g) = grids.last_mut() {
                            g.col = 0;
                        }
                        Some(Role::Row)
                    }
                    b"tc" if !grids.is_empty() => Some(Role::Cell {
                        rowspan: 1,
                        colspan: 1,
                        inner: small(end),
                    }),
                    b"t" => {
                        open.push(Open::Text);
                        continue;
                    }
                    b"tab" => {
                        tree.add_text(parent, "\t", (start, end), xml);
                        None
                    }
                    b"br" | b"cr" => {
                        tree.add(parent, Role::Break);
                        None
                    }
                    _ => None,
                };
                match role {
                    Some(role) => {
                        let node = tree.add(parent, role);
                        if matches!(role, Role::Cell { .. })
                            && let Some(g) = grids.last_mut()
                        {
                            g.cell = Some((node, 1, VMerge::None));
                        }
                        open.push(Open::Node(node));
                    }
                    None => open.push(Open::Other),
                }
            }
            Event::Empty(e) => {
                if skip > 0 {
                    continue;
                }
                let name = e.name();
                let name = local(name.as_ref().as_bytes());
                let parent = top(&open);
                match name {
                    b"br" | b"cr" => {
                        tree.add(parent, Role::Break);
                    }
                    b"tab" => {
                        tree.add_text(parent, "\t", (start, end), xml);
                    }
                    b"p" => {
                        tree.add(parent, Role::Block { chrome: false });
                    }
                    b"gridSpan" => {
                        if let Some(Grid {
                            cell: Some((_, span, _)),
                            ..
                        }) = grids.last_mut()
                        {
                            *span = val(&e)
                                .and_then(|v| v.trim().parse::<usize>().ok())
                                .map_or(1, |n| n.clamp(1, MAX_SPAN));
                        }
                    }
                    b"vMerge" => {
                        if let Some(Grid {
                            cell: Some((_, _, merge)),
                            ..
                        }) = grids.last_mut()
                        {
                            *merge = match val(&e).as_deref() {
                                Some("restart") => VMerge::Restart,
                                _ => VMerge::Continue,
                            };
                        }
                    }
                    _ => {}
                }
            }
            Event::End(_) => {
                let Some(o) = open.pop() else { continue };
                if o == Open::Skip {
                    skip = skip.saturating_sub(1);
                    continue;
                }
                let Open::Node(node) = o else { continue };
                match tree.role(node) {
                    Some(Role::Table) => {
                        grids.pop();
                    }
                    Some(Role::Cell { .. }) => {
                        if let Some(g) = grids.last_mut() {
                            end_cell(&mut tree, g, node);
                        }
                    }
                    _ => {}
                }
            }
            Event::Text(t) if skip == 0 && in_text(&open) => {
                let text = t.into_inner();
                let parent = top(&open);
                tree.add_text(parent, &text, (start, end), xml);
            }
            Event::CData(t) if skip == 0 && in_text(&open) => {
                let text = t.into_inner().into_owned();
                let parent = top(&open);
                // the text inside `<![CDATA[`…`]]>`
                let inner_start = (start + 9).min(end);
                let inner_end = end.saturating_sub(3).max(inner_start);
                tree.add_text(parent, &text, (inner_start, inner_end), xml);
            }
            Event::GeneralRef(r) if skip == 0 && in_text(&open) => {
                let c = if r.is_char_ref() {
                    r.resolve_char_ref().ok().flatten()
                } else {
                    match r.into_inner().as_ref() {
                        "amp" => Some('&'),
                        "lt" => Some('<'),
                        "gt" => Some('>'),
                        "quot" => Some('"'),
                        "apos" => Some('\''),
                        _ => None,
                    }
                };
                let c = c.unwrap_or('\u{fffd}');
                let parent = top(&open);
                tree.add_text(parent, c.encode_utf8(&mut [0; 4]), (start, end), xml);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(tree)
}

/// A cell ends: it takes its grid columns; a continuation of a vertical
/// merge extends the restart cell above and is a covered slot itself.
fn end_cell(tree: &mut Tree, g: &mut Grid, node: usize) {
    let (colspan, merge) = match g.cell.take() {
        Some((n, span, merge)) if n == node => (span, merge),
        _ => (1, VMerge::None),
    };
    let col = g.col;
    if g.merges.len() < col + colspan {
        g.merges.resize(col + colspan, None);
    }
    let origin = g.merges[col];
    match (merge, origin) {
        (VMerge::Continue, Some(origin)) => {
            if let Some(Role::Cell {
                rowspan,
                colspan,
                inner,
            }) = tree.role(origin)
            {
                let rowspan = (rowspan + 1).min(MAX_SPAN as u16);
                let cell = Role::Cell {
                    rowspan,
                    colspan,
                    inner,
                };
                tree.set_role(origin, cell);
            }
            // covered by the cell above: no cell of its own
            tree.set_role(node, Role::Inline);
        }
        _ => {
            if let Some(Role::Cell { rowspan, inner, .. }) = tree.role(node) {
                let colspan = colspan as u16;
                let cell = Role::Cell {
                    rowspan,
                    colspan,
                    inner,
                };
                tree.set_role(node, cell);
            }
            let restart = (merge == VMerge::Restart).then_some(node);
            for slot in &mut g.merges[col..col + colspan] {
                *slot = restart;
            }
        }
    }
    g.col = (col + colspan).min(super::tree::MAX_COLUMNS * 4);
}

/// Reads a `document.xml` into the text the text readers take.
pub(crate) fn read(xml: &str) -> Result<Derived, DocxProblem> {
    let tree = build(xml)?;
    Ok(super::tree::write(tree, xml))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(xml: &str) -> String {
        read(xml).unwrap().text
    }

    const HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>"#;

    #[test]
    fn paragraphs_and_runs() {
        let xml = format!(
            "{HEAD}<w:p><w:r><w:t>二、主动</w:t></w:r><w:r><w:t>公开</w:t></w:r></w:p><w:p><w:r><w:t xml:space=\"preserve\">a &amp; b</w:t></w:r></w:p></w:body></w:document>"
        );
        assert_eq!(text(&xml), "二、主动公开\na & b\n");
        assert!(is_document_xml(&xml));
        assert!(!is_document_xml("<html><body>"));
    }

    #[test]
    fn cells_runs_merges() {
        // a label merged over two rows (vMerge), a value cell split over runs,
        // a header spanning two columns (gridSpan)
        let xml = format!(
            "{HEAD}<w:tbl>\
             <w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>head</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr><w:p><w:r><w:t>（三）不予公开</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>2</w:t></w:r><w:r><w:t>3</w:t></w:r></w:p></w:tc></w:tr>\
             <w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc><w:tc><w:p><w:r><w:t>4</w:t></w:r></w:p></w:tc></w:tr>\
             </w:tbl></w:body></w:document>"
        );
        assert_eq!(text(&xml), "head\n（三）不予公开\t23\n4\n");
        // the value's span points at its text in the XML
        let d = read(&xml).unwrap();
        let at = d.text.find("23").unwrap();
        let s = d.map.span(crate::model::cell::Span::new(at, at + 2));
        assert_eq!(&xml[s.start..s.end], "2</w:t></w:r><w:r><w:t>3");
    }

    #[test]
    fn breaks_and_paragraphs_in_a_cell_are_one_cell() {
        let xml = format!(
            "{HEAD}<w:tbl><w:tr><w:tc><w:p><w:r><w:t>一、本年新收</w:t><w:br/><w:t>政府信息公开申请数量</w:t></w:r></w:p></w:tc>\
             <w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl></w:body></w:document>"
        );
        assert_eq!(text(&xml), "一、本年新收政府信息公开申请数量\t1\t\n");
    }

    #[test]
    fn field_codes_and_deleted_text_are_not_text() {
        let xml = format!(
            "{HEAD}<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>9</w:delText></w:r></w:del><w:r><w:t>1</w:t></w:r></w:p></w:body></w:document>"
        );
        assert_eq!(text(&xml), "1\n");
    }

    #[test]
    fn bad_xml_is_an_error_with_a_position() {
        let xml = format!("{HEAD}<w:p><w:r><w:t>1</w:r></w:p>");
        assert!(matches!(read(&xml), Err(DocxProblem::Xml { .. })));
    }

    #[test]
    fn unsafe_names() {
        assert!(is_safe_name("word/document.xml"));
        for bad in ["../evil", "/etc/passwd", "a/../../b", "C:/x", "a\\b"] {
            assert!(!is_safe_name(bad), "{bad}");
        }
    }
}
