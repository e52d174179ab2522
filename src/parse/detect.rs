//! What the input is, before any reading: text or HTML, a document format
//! that is not text (PDF, Word, a ZIP archive, an image), and for bytes, the
//! encoding (UTF-8 with or without a byte-order mark, UTF-16 with one, GBK /
//! GB18030 declared by an HTML page or recognized from the bytes).

use std::borrow::Cow;

/// The form an input came in.
///
/// ```
/// use ogi_report::{parse, Format};
///
/// let page = "<table><tr><td>一、本年新收政府信息公开申请数量</td><td>1</td></tr></table>";
/// if let Ok(p) = parse(page) {
///     assert_eq!(p.format, Format::Html);
/// }
/// assert_eq!(Format::Pdf.to_string(), "a PDF document");
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Format {
    /// Plain text in any of the text layouts (tabs, pipes, aligned, flattened).
    #[default]
    Text,
    /// An HTML page or fragment (spans point into the markup).
    Html,
    /// A PDF document: its text must be extracted first.
    Pdf,
    /// A Word document (`.docx`).
    Docx,
    /// A legacy Office document (`.doc`, `.xls`: OLE2 compound file).
    LegacyOffice,
    /// A ZIP archive that is not a Word document.
    Zip,
    /// An image (PNG, JPEG, GIF, TIFF, BMP, WebP): a scan, with no text.
    Image,
}

impl Format {
    /// A short English name.
    pub const fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Html => "an HTML page",
            Format::Pdf => "a PDF document",
            Format::Docx => "a Word document (.docx)",
            Format::LegacyOffice => "a legacy Office document (.doc/.xls)",
            Format::Zip => "a ZIP archive",
            Format::Image => "an image",
        }
    }

    /// What to do with an input of this format that is not read directly.
    pub const fn hint(self) -> &'static str {
        match self {
            Format::Pdf => {
                "extract its text with `pdftotext -layout FILE.pdf FILE.txt` and read that"
            }
            Format::Docx => {
                "save it as a web page (.html) or as text, or read the text the office published"
            }
            Format::LegacyOffice => {
                "open it in an office suite and save it as .docx, a web page (.html) or text \
                 (a password-protected .docx is stored this way too: save an unprotected copy)"
            }
            Format::Zip => "unpack it and read the reports inside",
            Format::Image => "a scanned page holds no text: run OCR on it first",
            Format::Text | Format::Html => "",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// A binary document format recognized by its magic bytes.
pub(crate) fn binary_format(bytes: &[u8]) -> Option<Format> {
    let b = bytes;
    if b.starts_with(b"%PDF-") {
        return Some(Format::Pdf);
    }
    if b.starts_with(b"PK\x03\x04") || b.starts_with(b"PK\x05\x06") {
        // a Word package names its main part in the central directory
        let docx = b.windows(17).any(|w| w == b"word/document.xml");
        return Some(if docx { Format::Docx } else { Format::Zip });
    }
    if b.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Some(Format::LegacyOffice);
    }
    let image = b.starts_with(b"\x89PNG\r\n\x1a\n")
        || b.starts_with(&[0xFF, 0xD8, 0xFF])
        || b.starts_with(b"GIF87a")
        || b.starts_with(b"GIF89a")
        || b.starts_with(b"II*\0")
        || b.starts_with(b"MM\0*")
        || (b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP"))
        || (b.starts_with(b"BM") && b.len() > 26 && b[6..10] == [0, 0, 0, 0]);
    image.then_some(Format::Image)
}

/// Element names whose tag at the start of a text, or whose table tags
/// anywhere in it, make it HTML.
const LEADING_TAGS: &[&str] = &[
    "!doctype", "html", "head", "body", "meta", "title", "table", "div", "p", "span", "style",
    "link", "script", "h1", "h2", "h3", "section", "article", "font", "center",
];

/// Whether `text` is HTML: it starts with markup (a doctype, a comment, an
/// XML declaration or a known element), or it holds table markup
/// (`<table`, `<tr`, `<td`). A `<br>` in a Markdown cell does not make a
/// text HTML.
pub(crate) fn is_html(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let starts = |name: &str, at: &str| {
        at.len() > name.len()
            && at.as_bytes()[..name.len()].eq_ignore_ascii_case(name.as_bytes())
            && !at.as_bytes()[name.len()].is_ascii_alphanumeric()
    };
    if let Some(rest) = t.strip_prefix('<') {
        if rest.starts_with("!--") || rest.starts_with("?xml") {
            return true;
        }
        if LEADING_TAGS.iter().any(|n| starts(n, rest)) {
            return true;
        }
    }
    // table markup anywhere (a pasted fragment after some prose)
    let mut count = 0;
    let bytes = text.as_bytes();
    for i in memchr::memchr_iter(b'<', bytes) {
        let rest = &text[i + 1..];
        if ["table", "tr", "td", "th"].iter().any(|n| starts(n, rest)) {
            count += 1;
            if count >= 3 {
                return true;
            }
        }
        if i > 4 * 1024 * 1024 || bytes.len() - i < 3 {
            break;
        }
    }
    false
}

/// The encoding a page declares in its first 4 KB (`<meta charset=gbk>`,
/// `content="text/html; charset=gb2312"`, `<?xml … encoding="GBK"?>`).
pub(crate) fn declared_charset(bytes: &[u8]) -> Option<&str> {
    let head = &bytes[..bytes.len().min(4096)];
    for needle in [&b"charset"[..], &b"encoding"[..]] {
        let mut from = 0;
        while let Some(i) = find_ascii_ci(&head[from..], needle) {
            let mut j = from + i + needle.len();
            from = j;
            while head.get(j).is_some_and(|b| b.is_ascii_whitespace()) {
                j += 1;
            }
            if head.get(j) != Some(&b'=') {
                continue;
            }
            j += 1;
            while head
                .get(j)
                .is_some_and(|b| b.is_ascii_whitespace() || *b == b'"' || *b == b'\'')
            {
                j += 1;
            }
            let start = j;
            while head.get(j).is_some_and(|b| {
                b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':')
            }) {
                j += 1;
            }
            if j > start {
                return std::str::from_utf8(&head[start..j]).ok();
            }
        }
    }
    None
}

fn find_ascii_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

/// Whether bytes that are not UTF-8 read as GBK: most high bytes pair up as
/// GBK double-byte characters (lead 0x81–0xFE, trail 0x40–0xFE, not 0x7F).
pub(crate) fn looks_like_gbk(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let (mut pairs, mut bad) = (0usize, 0usize);
    let mut i = 0;
    while i < sample.len() {
        let b = sample[i];
        if b < 0x80 {
            i += 1;
            continue;
        }
        match sample.get(i + 1) {
            Some(&t) if (0x81..=0xFE).contains(&b) && (0x40..=0xFE).contains(&t) && t != 0x7F => {
                pairs += 1;
                i += 2;
            }
            None => i += 1,
            _ => {
                bad += 1;
                i += 1;
            }
        }
    }
    pairs >= 2 && bad * 50 <= pairs
}

/// How [`decode`](crate::decode) read the bytes.
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    /// `None` for UTF-8 (spans point into the bytes); else the encoding's
    /// name (spans point into the decoded text).
    pub encoding: Option<&'static str>,
}

/// `bytes` as UTF-8 text, or `None` when they are not: checked with SIMD
/// (`simdutf8`), several times faster than `std` on Chinese text.
pub(crate) fn utf8(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

/// Decodes bytes to text. See [`crate::decode`].
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, super::Error> {
    use super::{Error, ErrorKind};
    use crate::model::cell::Span;
    if let Some(format) = binary_format(bytes) {
        return Err(Error::new(ErrorKind::NotText { format }, None));
    }
    // UTF-16 with a byte-order mark (std decodes it; no feature needed)
    if let Some(units) = utf16_units(bytes) {
        let name = if bytes[0] == 0xFF {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        let mut out = String::with_capacity(bytes.len());
        for (i, c) in char::decode_utf16(units).enumerate() {
            match c {
                Ok(c) => out.push(c),
                Err(_) => {
                    let at = 2 + 2 * i;
                    return Err(Error::new(
                        ErrorKind::InvalidEncoding { encoding: name },
                        Some(Span::new(at, at + 2)),
                    ));
                }
            }
        }
        return Ok(Decoded {
            text: Cow::Owned(out),
            encoding: Some(name),
        });
    }
    if let Some(s) = utf8(bytes) {
        return Ok(Decoded {
            text: Cow::Borrowed(s),
            encoding: None,
        });
    }
    // where the UTF-8 breaks off: read again the slow way, once
    let at = std::str::from_utf8(bytes)
        .err()
        .map_or(0, |e| e.valid_up_to());
    let declared = declared_charset(bytes).map(str::to_ascii_lowercase);
    let declared_gbk = declared.as_deref().is_some_and(|d| {
        matches!(
            d,
            "gbk" | "gb2312" | "gb18030" | "gb_2312-80" | "x-gbk" | "cp936" | "euc-cn" | "csgb2312"
        )
    });
    let declared_other = declared
        .as_deref()
        .filter(|d| !declared_gbk && !matches!(*d, "utf-8" | "utf8"));
    decode_legacy(bytes, declared_gbk, declared_other, at)
}

fn utf16_units(bytes: &[u8]) -> Option<impl Iterator<Item = u16> + '_> {
    let le = bytes.starts_with(&[0xFF, 0xFE]);
    let be = bytes.starts_with(&[0xFE, 0xFF]);
    if !(le || be) || !bytes.len().is_multiple_of(2) {
        return None;
    }
    Some(bytes[2..].chunks_exact(2).map(move |p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    }))
}

#[cfg(feature = "encoding")]
fn decode_legacy<'a>(
    bytes: &'a [u8],
    declared_gbk: bool,
    declared_other: Option<&str>,
    utf8_error_at: usize,
) -> Result<Decoded<'a>, super::Error> {
    use super::{Error, ErrorKind};
    use crate::model::cell::Span;
    let encoding = match declared_other {
        Some(label) => encoding_rs::Encoding::for_label(label.as_bytes()),
        None if declared_gbk || looks_like_gbk(bytes) => Some(encoding_rs::GB18030),
        None => None,
    };
    let Some(encoding) = encoding else {
        return Err(Error::new(
            ErrorKind::NotUtf8,
            Some(Span::new(utf8_error_at, utf8_error_at + 1)),
        ));
    };
    match encoding.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(text) => Ok(Decoded {
            text: Cow::Owned(text.into_owned()),
            encoding: Some(encoding.name()),
        }),
        None => {
            // where: decode up to the first malformed sequence
            let mut decoder = encoding.new_decoder_without_bom_handling();
            let cap = decoder
                .max_utf8_buffer_length_without_replacement(bytes.len())
                .unwrap_or(bytes.len() * 4);
            let mut out = String::with_capacity(cap);
            let (result, read) =
                decoder.decode_to_string_without_replacement(bytes, &mut out, true);
            let at = match result {
                encoding_rs::DecoderResult::Malformed(bad, after) => {
                    read.saturating_sub(usize::from(bad) + usize::from(after))
                }
                _ => utf8_error_at,
            };
            Err(Error::new(
                ErrorKind::InvalidEncoding {
                    encoding: encoding.name(),
                },
                Some(Span::new(at, (at + 1).min(bytes.len()))),
            ))
        }
    }
}

#[cfg(not(feature = "encoding"))]
fn decode_legacy<'a>(
    bytes: &'a [u8],
    declared_gbk: bool,
    declared_other: Option<&str>,
    utf8_error_at: usize,
) -> Result<Decoded<'a>, super::Error> {
    use super::{Error, ErrorKind};
    use crate::model::cell::Span;
    if declared_gbk || (declared_other.is_none() && looks_like_gbk(bytes)) {
        return Err(Error::new(
            ErrorKind::EncodingNeedsFeature {
                encoding: "GBK/GB18030",
            },
            Some(Span::new(utf8_error_at, utf8_error_at + 1)),
        ));
    }
    if declared_other.is_some() {
        return Err(Error::new(
            ErrorKind::EncodingNeedsFeature {
                encoding: "a legacy encoding",
            },
            Some(Span::new(utf8_error_at, utf8_error_at + 1)),
        ));
    }
    Err(Error::new(
        ErrorKind::NotUtf8,
        Some(Span::new(utf8_error_at, utf8_error_at + 1)),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_bytes() {
        assert_eq!(binary_format(b"%PDF-1.7\n"), Some(Format::Pdf));
        assert_eq!(
            binary_format(b"PK\x03\x04....word/document.xml..."),
            Some(Format::Docx)
        );
        assert_eq!(binary_format(b"PK\x03\x04....other"), Some(Format::Zip));
        assert_eq!(
            binary_format(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Some(Format::LegacyOffice)
        );
        assert_eq!(binary_format(b"\x89PNG\r\n\x1a\n"), Some(Format::Image));
        assert_eq!(binary_format("一、总体情况".as_bytes()), None);
    }

    #[test]
    fn html_is_recognized_and_markdown_is_not() {
        assert!(is_html("<!DOCTYPE html><html>"));
        assert!(is_html("\u{feff}  <html lang=zh>"));
        assert!(is_html("<!-- saved from url -->\n<p>x</p>"));
        assert!(is_html("<P class=MsoNormal>一、总体情况</P>"));
        assert!(is_html("标题\n<table><tr><td>1</td></tr></table>"));
        assert!(!is_html("| 规章 | 0<br>1 | 0 |\n| a | b |"));
        assert!(!is_html("一、总体情况 <参见附件>"));
        assert!(!is_html("<paragraph> is not an element we know"));
    }

    #[test]
    fn charset_declarations() {
        let page =
            b"<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">";
        assert_eq!(declared_charset(page), Some("gb2312"));
        assert_eq!(declared_charset(b"<meta charset='GBK'>"), Some("GBK"));
        assert_eq!(
            declared_charset(b"<?xml version=\"1.0\" encoding=\"GB18030\"?>"),
            Some("GB18030")
        );
        assert_eq!(declared_charset(b"<p>charset is a word</p>"), None);
    }

    #[test]
    fn gbk_bytes_look_like_gbk() {
        // 政府信息公开 in GBK
        let gbk = [
            0xD5, 0xFE, 0xB8, 0xAE, 0xD0, 0xC5, 0xCF, 0xA2, 0xB9, 0xAB, 0xBF, 0xAA,
        ];
        assert!(looks_like_gbk(&gbk));
        assert!(!looks_like_gbk(&[0xFF, 0x00, 0xFF, 0x00, 0x80]));
    }
}
