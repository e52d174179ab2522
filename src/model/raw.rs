//! A cell's raw text, kept without a heap allocation when it is short.

use std::borrow::Borrow;
use std::fmt;
use std::ops::Deref;

/// Bytes held in place: every count and nearly every amount a report
/// writes (`12`, `１２`, `251000元`, `96171.60万元`) fits.
const INLINE: usize = 18;

/// [`Repr::Inline`]'s `count` when the text is not ASCII digits writing a
/// number below it.
const NOT_A_COUNT: u32 = u32::MAX;

/// The text of a cell exactly as the input writes it.
///
/// Reads as a `&str` (it dereferences to one, and compares with `str`),
/// serializes as a JSON string, and holds text of up to 18 bytes in place:
/// reading a report allocates nothing per cell. Longer text (a glued run,
/// a note in a cell) is stored on the heap.
///
/// ```
/// use ogi_report::Raw;
///
/// let raw = Raw::from("１２");
/// assert_eq!(raw, "１２");
/// assert_eq!(raw.len(), 6);
/// assert_eq!(raw.to_string(), "１２");
/// let long = Raw::from("217100002180000000000000000");
/// assert_eq!(long.as_str(), "217100002180000000000000000");
/// ```
#[derive(Clone)]
pub struct Raw(Repr);

#[derive(Clone)]
enum Repr {
    /// `count`: the number the text writes when it is ASCII digits only
    /// (most cells), found once when the text is stored; else
    /// [`NOT_A_COUNT`]. The text never changes, so neither does `count`.
    Inline {
        len: u8,
        count: u32,
        bytes: [u8; INLINE],
    },
    Heap(Box<str>),
}

// as small as a `String`: a cell stays two cache lines or less
const _: () = assert!(std::mem::size_of::<Raw>() == 24);

impl Raw {
    /// The empty text.
    pub const fn new() -> Raw {
        Raw(Repr::Inline {
            len: 0,
            count: NOT_A_COUNT,
            bytes: [0; INLINE],
        })
    }

    /// The number the text writes when it is ASCII digits only (`"7"`,
    /// `"007"`, `"120"`) and below `u32::MAX`, read once when the text was
    /// stored.
    #[inline]
    pub(crate) fn ascii_count(&self) -> Option<u32> {
        Some(self.ascii_count_or_max()).filter(|c| *c != NOT_A_COUNT)
    }

    /// [`Raw::ascii_count`], `u32::MAX` standing for `None`: one comparison
    /// for a caller that compares it with a smaller number anyway.
    #[inline]
    pub(crate) fn ascii_count_or_max(&self) -> u32 {
        match self.0 {
            Repr::Inline { count, .. } => count,
            Repr::Heap(_) => NOT_A_COUNT,
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        match &self.0 {
            // copied from a `&str` whole: always UTF-8
            Repr::Inline { len, bytes, .. } => {
                std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default()
            }
            Repr::Heap(s) => s,
        }
    }

    /// The text's bytes (UTF-8), read without checking them again.
    pub fn as_bytes(&self) -> &[u8] {
        match &self.0 {
            Repr::Inline { len, bytes, .. } => &bytes[..usize::from(*len)],
            Repr::Heap(s) => s.as_bytes(),
        }
    }

    /// Whether the text is held in place (not on the heap).
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline { .. })
    }
}

impl Default for Raw {
    fn default() -> Raw {
        Raw::new()
    }
}

impl From<&str> for Raw {
    fn from(s: &str) -> Raw {
        if s.len() <= INLINE {
            let mut bytes = [0; INLINE];
            // a byte loop: most cells are one to three bytes, not worth a memcpy call
            for (to, from) in bytes.iter_mut().zip(s.as_bytes()) {
                *to = *from;
            }
            Raw(Repr::Inline {
                len: s.len() as u8,
                count: ascii_number(s.as_bytes())
                    .and_then(|n| u32::try_from(n).ok())
                    .filter(|n| *n != NOT_A_COUNT)
                    .unwrap_or(NOT_A_COUNT),
                bytes,
            })
        } else {
            Raw(Repr::Heap(s.into()))
        }
    }
}

/// The number `b` writes when it is 1 to 18 ASCII digits.
#[inline]
pub(crate) fn ascii_number(b: &[u8]) -> Option<u64> {
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let mut n = 0u64;
    for &d in b {
        let digit = d.wrapping_sub(b'0');
        if digit > 9 {
            return None;
        }
        n = n * 10 + u64::from(digit);
    }
    Some(n)
}

impl From<String> for Raw {
    fn from(s: String) -> Raw {
        if s.len() <= INLINE {
            Raw::from(s.as_str())
        } else {
            Raw(Repr::Heap(s.into_boxed_str()))
        }
    }
}

impl From<&String> for Raw {
    fn from(s: &String) -> Raw {
        Raw::from(s.as_str())
    }
}

impl From<Raw> for String {
    fn from(r: Raw) -> String {
        match r.0 {
            Repr::Heap(s) => s.into_string(),
            Repr::Inline { .. } => r.as_str().to_owned(),
        }
    }
}

impl Deref for Raw {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Raw {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Raw {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl PartialEq for Raw {
    fn eq(&self, other: &Raw) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Raw {}

impl PartialEq<str> for Raw {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for Raw {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for Raw {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<Raw> for &str {
    fn eq(&self, other: &Raw) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<Raw> for String {
    fn eq(&self, other: &Raw) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<Raw> for str {
    fn eq(&self, other: &Raw) -> bool {
        self == other.as_str()
    }
}

impl PartialOrd for Raw {
    fn partial_cmp(&self, other: &Raw) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Raw {
    fn cmp(&self, other: &Raw) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl std::hash::Hash for Raw {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl fmt::Display for Raw {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Raw {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Raw {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Raw, D::Error> {
        struct Text;
        impl serde::de::Visitor<'_> for Text {
            type Value = Raw;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a cell's raw text")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Raw, E> {
                Ok(Raw::from(s))
            }
            fn visit_string<E: serde::de::Error>(self, s: String) -> Result<Raw, E> {
                Ok(Raw::from(s))
            }
        }
        d.deserialize_str(Text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_text_is_inline_and_long_text_is_kept_whole() {
        for s in ["", "0", "１２", "96171.60万元", "123456789012345678"] {
            let r = Raw::from(s);
            assert!(r.is_inline(), "{s}");
            assert_eq!(r, s);
            assert_eq!(String::from(r.clone()), s);
        }
        let long = "1234567890123456789";
        let r = Raw::from(long.to_owned());
        assert!(!r.is_inline());
        assert_eq!(r.as_str(), long);
        assert_eq!(std::mem::size_of::<Raw>(), 24);
        assert_eq!(
            Raw::from("1").cmp(&Raw::from("2")),
            std::cmp::Ordering::Less
        );
        assert_eq!(format!("{:?}", Raw::from("a")), "\"a\"");
    }

    #[test]
    fn a_count_is_read_once_from_plain_ascii_digits_only() {
        for (text, count) in [
            ("7", Some(7)),
            ("007", Some(7)),
            ("120", Some(120)),
            ("999999999", Some(999_999_999)),
            ("1234567890", Some(1_234_567_890)),
            ("4294967295", None),
            ("99999999999", None),
            ("", None),
            ("１２", None),
            ("1.5", None),
            ("-3", None),
            ("12 ", None),
            ("12万", None),
        ] {
            assert_eq!(Raw::from(text).ascii_count(), count, "{text:?}");
            assert_eq!(Raw::from(text.to_owned()).ascii_count(), count, "{text:?}");
        }
        assert_eq!(Raw::new().ascii_count(), None);
        assert_eq!(Raw::from("1".repeat(30)).ascii_count(), None);
    }
}
