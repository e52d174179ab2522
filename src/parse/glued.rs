//! Splitting digit runs of separator-less text (`21710000218`) into cells.
//!
//! A row's value fields are cut into cells: a run may become several cells,
//! any other value field is one cell. Cells have no leading zero (except `0`
//! itself) and at most [`MAX_DIGITS`] digits before a decimal point (money
//! may have up to [`MAX_FRACTION`] after it). A space inside a run is a
//! possible cell boundary, not a certain one. A sign (`+`, `-`) may only
//! start the cell of the signed column (2019 `本年增/减`). The caller's `ok`
//! closure sees the values after each cell and prunes branches that break a
//! rule, so the rules of the table decide where one number ends.

use rust_decimal::Decimal;

use super::lines::Field;
use super::text::{Class, Num, fold_char, is_trim};
use crate::model::cell::Span;

/// Most digits in one cell of a glued run (counts above 10⁸ are not sane).
pub(crate) const MAX_DIGITS: usize = 8;

/// Most digits after the decimal point of an amount in a glued run.
pub(crate) const MAX_FRACTION: usize = 6;

fn is_sign(c: char) -> bool {
    matches!(fold_char(c), '+' | '-')
}

fn is_point(c: char) -> bool {
    c == '.' || c == '．'
}

/// Search effort per row or table before giving up as "too many".
const NODE_BUDGET: usize = 100_000;

/// One cell cut from a row's value fields.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Cut {
    /// Index of the value field.
    pub field: usize,
    /// Byte range within that field's text.
    pub start: usize,
    pub end: usize,
    /// The cell's integer value, when it is a whole number.
    pub value: Option<u64>,
}

impl Cut {
    /// The cell's text (what [`Cut::field`] reads), without classifying it.
    pub fn text<'a>(&self, fields: &[Field<'a>]) -> &'a str {
        let f = &fields[self.field];
        if f.class != Class::Run {
            return f.text;
        }
        &f.text[self.start..self.end]
    }

    /// The cell as a field: its text, span and class.
    pub fn field<'a>(&self, fields: &[Field<'a>]) -> Field<'a> {
        let f = &fields[self.field];
        if f.class != Class::Run {
            return *f;
        }
        let text = &f.text[self.start..self.end];
        let class = match self.value {
            // a whole number: the value the cut spells (also with a stray
            // space inside), as `classify` reads its digits
            Some(v) => Class::Number(Num {
                value: Decimal::from(v),
                unit: None,
                signed: false,
            }),
            None => super::text::classify(text),
        };
        Field {
            text,
            span: Span::new(f.span.start + self.start, f.span.start + self.end),
            class,
        }
    }
}

/// The splits found, and whether the enumeration was complete.
pub(crate) struct Splits {
    pub splits: SplitList,
    /// `false` when `limit` or the search budget stopped it.
    pub complete: bool,
}

/// Splits of one row, each `n` cuts, held one after another in one buffer:
/// a search that finds a hundred splits allocates once, not per split.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct SplitList {
    n: usize,
    cuts: Vec<Cut>,
}

impl SplitList {
    /// An empty list of splits of `n` cuts each.
    pub(crate) fn new(n: usize) -> SplitList {
        SplitList {
            n,
            cuts: Vec::new(),
        }
    }

    /// Appends a split; it must have `n` cuts.
    pub(crate) fn push(&mut self, split: &[Cut]) {
        debug_assert_eq!(split.len(), self.n);
        self.cuts.extend_from_slice(split);
    }

    /// How many splits.
    pub(crate) fn len(&self) -> usize {
        self.cuts.len().checked_div(self.n).unwrap_or(0)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Each split, in the order found.
    pub(crate) fn iter(&self) -> impl ExactSizeIterator<Item = &[Cut]> + Clone + '_ {
        self.cuts.chunks_exact(self.n.max(1))
    }
}

impl std::ops::Index<usize> for SplitList {
    type Output = [Cut];
    fn index(&self, k: usize) -> &[Cut] {
        &self.cuts[k * self.n..(k + 1) * self.n]
    }
}

/// One character of a value field, read once: where it is and what it is.
#[derive(Clone, Copy)]
struct Char {
    /// Byte range within the field's text.
    start: usize,
    end: usize,
    /// `0..=9` a digit (ASCII or full-width), else [`POINT`], [`SIGN`] or [`OTHER`].
    kind: u8,
}

const POINT: u8 = 10;
const SIGN: u8 = 11;
const OTHER: u8 = 12;

impl Char {
    fn new(start: usize, c: char) -> Char {
        let kind = if c.is_ascii_digit() {
            c as u8 - b'0'
        } else if is_point(c) {
            POINT
        } else if is_sign(c) {
            SIGN
        } else {
            fold_char(c)
                .to_digit(10)
                .and_then(|d| u8::try_from(d).ok())
                .unwrap_or(OTHER)
        };
        Char {
            start,
            end: start + c.len_utf8(),
            kind,
        }
    }

    /// The digit's value; another character counts as a digit 0 (a run
    /// holds digits, points and signs only).
    fn digit(self) -> u64 {
        if self.kind <= 9 {
            u64::from(self.kind)
        } else {
            0
        }
    }
}

/// Where one field's characters are in [`Search::chars`], and the cells the
/// fields after it can hold at most (one per character of a run, one per
/// other field).
#[derive(Clone, Copy)]
struct Extent {
    start: usize,
    len: usize,
    room_after: usize,
}

/// A row's fields read for cutting: what a cut may be, never changed by
/// the search.
#[derive(Clone, Copy)]
struct Layout<'s, 'a> {
    fields: &'s [Field<'a>],
    /// The characters of every field, one after another.
    chars: &'s [Char],
    /// Per field: where its characters start in `chars`, and how many.
    /// Cells the fields after each field can hold at most (one per character
    /// of a run, one per other field).
    extents: &'s [Extent],
    n: usize,
    allow_point: bool,
    signed: Option<usize>,
    /// The most characters one cell takes: [`MAX_DIGITS`] digits, and a
    /// decimal point and fraction (money), and a sign (a signed column).
    widest: usize,
}

/// A depth-first walk over the splits of a [`Layout`].
struct Search<'s, 'a> {
    /// Read at every node: borrowed, so a node copies a pointer, not it.
    layout: &'s Layout<'s, 'a>,
    /// Sees each split; `false` stops the walk.
    each: &'s mut dyn FnMut(&[Cut]) -> bool,
    nodes: usize,
    cuts: &'s mut Vec<Cut>,
    values: &'s mut Vec<Option<u64>>,
    stopped: bool,
}

/// What a row's cells may hold.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Shape {
    /// Cells in the row.
    pub n: usize,
    /// Cells may hold a decimal point (money).
    pub money: bool,
    /// The cell that may start with a sign (2019 `本年增/减`).
    pub signed: Option<usize>,
}

impl Shape {
    /// `n` cells of plain counts.
    pub(crate) fn counts(n: usize) -> Shape {
        Shape {
            n,
            money: false,
            signed: None,
        }
    }
}

/// Enumerates the ways to cut `fields` into `shape.n` cells. `ok(values)` is
/// called after each cell with the values so far (`None` for a cell that is
/// not a whole non-negative number); `false` prunes.
pub(crate) fn splits(
    fields: &[Field<'_>],
    shape: Shape,
    limit: usize,
    ok: &mut dyn FnMut(&[Option<u64>]) -> bool,
) -> Splits {
    collect_splits(fields, shape, limit, Prune::By(&mut |values, _| ok(values)))
}

/// Every split of `fields` into `shape.n` cells (up to `limit`): [`splits`]
/// with nothing pruned, no call made per cell.
pub(crate) fn all_splits(fields: &[Field<'_>], shape: Shape, limit: usize) -> Splits {
    collect_splits(fields, shape, limit, Prune::Never)
}

/// [`all_splits`] into `out` (cleared first, its buffer kept): a caller
/// asking of row after row whether it has one split allocates once.
/// Whether the enumeration was complete.
pub(crate) fn all_splits_into(
    fields: &[Field<'_>],
    shape: Shape,
    limit: usize,
    out: &mut SplitList,
) -> bool {
    out.n = shape.n;
    out.cuts.clear();
    for_each_split(fields, shape, Prune::Never, &mut |cuts| {
        out.push(cuts);
        out.len() < limit
    })
}

/// What prunes a search: nothing, or the caller's rule on the values cut
/// so far and the room left.
enum Prune<'o> {
    Never,
    By(&'o mut dyn FnMut(&[Option<u64>], usize) -> bool),
}

impl Prune<'_> {
    #[inline]
    fn keeps(&mut self, values: &[Option<u64>], room: usize) -> bool {
        match self {
            Prune::Never => true,
            Prune::By(ok) => ok(values, room),
        }
    }
}

/// [`splits`], where `ok(values, room)` also sees the room left after the
/// cell: the characters of the runs not cut yet, one per other field not
/// cut yet (each such field is one cell). A later cell spans at most the
/// room less one for each other cell still to cut.
pub(crate) fn splits_with_room(
    fields: &[Field<'_>],
    shape: Shape,
    limit: usize,
    ok: &mut dyn FnMut(&[Option<u64>], usize) -> bool,
) -> Splits {
    collect_splits(fields, shape, limit, Prune::By(ok))
}

/// The splits a search finds, up to `limit`.
fn collect_splits(fields: &[Field<'_>], shape: Shape, limit: usize, prune: Prune<'_>) -> Splits {
    let mut splits = SplitList::new(shape.n);
    // room for a few splits at once: most rows have one or two
    splits.cuts.reserve(shape.n * limit.min(4));
    let complete = for_each_split(fields, shape, prune, &mut |cuts| {
        splits.push(cuts);
        splits.len() < limit
    });
    Splits { splits, complete }
}

/// Walks the splits [`splits_with_room`] enumerates, handing each to
/// `each` instead of collecting them; `each` returns `false` to stop.
/// Whether the enumeration was complete (neither `each` nor the search
/// budget stopped it).
fn for_each_split(
    fields: &[Field<'_>],
    shape: Shape,
    mut prune: Prune<'_>,
    each: &mut dyn FnMut(&[Cut]) -> bool,
) -> bool {
    with_scratch(|scratch| {
        if !read_chars(fields, shape, scratch) {
            return true; // more characters than the cells can hold: no split
        }
        let layout = Layout::new(fields, &scratch.chars, &scratch.extents, shape);
        if fast_paths()
            && let Some(complete) = one_place_per_cell(
                &layout,
                &mut scratch.cuts,
                &mut scratch.values,
                &mut prune,
                each,
            )
        {
            return complete;
        }
        let mut s = Search {
            layout: &layout,
            each,
            nodes: 0,
            cuts: &mut scratch.cuts,
            values: &mut scratch.values,
            stopped: false,
        };
        if !fields.is_empty() {
            s.walk(0, 0, &mut prune);
        }
        !s.stopped
    })
}

#[cfg(test)]
thread_local! {
    /// Off in tests that compare [`one_place_per_cell`] with the walk.
    static FAST_PATHS: std::cell::Cell<bool> = const { std::cell::Cell::new(true) };
}

/// Whether a search may skip the walk (always, but in the tests that
/// compare the two).
#[inline]
fn fast_paths() -> bool {
    #[cfg(test)]
    return FAST_PATHS.with(std::cell::Cell::get);
    #[cfg(not(test))]
    true
}

/// A row with as many places as cells, each place a character of a run or
/// a field of one character, has one split at most: a cell per place. It
/// is made here without the walk (a row of zeros, `0000000` into seven
/// cells, is the common case); `None` when the row is not such a row.
/// Otherwise whether the search was complete, as [`Search::walk`] would
/// tell: `each` sees the split when every cell reads and `prune` keeps
/// each cell as it is cut.
fn one_place_per_cell(
    layout: &Layout<'_, '_>,
    cuts: &mut Vec<Cut>,
    values: &mut Vec<Option<u64>>,
    prune: &mut Prune<'_>,
    each: &mut dyn FnMut(&[Cut]) -> bool,
) -> Option<bool> {
    let fields = layout.fields;
    let places_fit = layout.n > 0
        && layout.chars.len() == layout.n
        && layout.extents.iter().zip(fields).all(|(e, f)| {
            if f.class == Class::Run {
                e.len > 0
            } else {
                e.len == 1
            }
        });
    if !places_fit {
        return None;
    }
    // a sign or a point is not a cell by itself: no split
    let is_part = |c: &Char| c.kind == SIGN || c.kind == POINT;
    if fields.iter().zip(layout.extents).any(|(f, e)| {
        f.class == Class::Run && layout.chars[e.start..e.start + e.len].iter().any(is_part)
    }) {
        return Some(true);
    }
    for (idx, (field, e)) in fields.iter().zip(layout.extents).enumerate() {
        if field.class != Class::Run {
            cuts.push(Cut {
                field: idx,
                start: 0,
                end: field.text.len(),
                value: whole_value(field),
            });
            values.push(whole_value(field));
            if !prune.keeps(values, layout.room(idx + 1, 0)) {
                return Some(true);
            }
            continue;
        }
        for pos in 0..e.len {
            let c = layout.chars[e.start + pos];
            let value = Some(c.digit());
            cuts.push(Cut {
                field: idx,
                start: c.start,
                end: c.end,
                value,
            });
            values.push(value);
            let (next, at) = if pos + 1 == e.len {
                (idx + 1, 0)
            } else {
                (idx, pos + 1)
            };
            if !prune.keeps(values, layout.room(next, at)) {
                return Some(true);
            }
        }
    }
    Some(each(cuts))
}

/// The value of a field that is one cell whole: a number that is whole and
/// not negative.
fn whole_value(field: &Field<'_>) -> Option<u64> {
    match field.class {
        Class::Number(num) if num.value.fract().is_zero() && !num.value.is_sign_negative() => {
            u64::try_from(num.value.trunc()).ok()
        }
        _ => None,
    }
}

/// The buffers a search reads its row into, kept by each thread between
/// searches: the forty searches of a glued page allocate them once. A
/// search inside another's callback takes a buffer set of its own.
#[derive(Default)]
struct Scratch {
    chars: Vec<Char>,
    extents: Vec<Extent>,
    cuts: Vec<Cut>,
    values: Vec<Option<u64>>,
}

thread_local! {
    static SCRATCH: std::cell::RefCell<Vec<Scratch>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Most entries a kept buffer may have room for: a row of the format needs
/// at most 15 cells of 16 characters; a larger buffer (a row of many
/// fields) goes back to the allocator, so a thread keeps a few KiB.
const KEPT_ROOM: usize = 256;

/// Buffer sets kept per thread (searches nest one or two deep).
const KEPT_SETS: usize = 4;

/// Runs `f` with a cleared buffer set, taken from the thread's and given
/// back after (not when `f` panics: then it is dropped).
fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    let kept = SCRATCH
        .try_with(|sets| sets.try_borrow_mut().ok().and_then(|mut s| s.pop()))
        .ok()
        .flatten();
    let mut scratch = kept.unwrap_or_default();
    let r = f(&mut scratch);
    let room = [
        scratch.chars.capacity(),
        scratch.extents.capacity(),
        scratch.cuts.capacity(),
        scratch.values.capacity(),
    ];
    if room.iter().all(|r| *r <= KEPT_ROOM) {
        scratch.chars.clear();
        scratch.extents.clear();
        scratch.cuts.clear();
        scratch.values.clear();
        let _ = SCRATCH.try_with(|sets| {
            if let Ok(mut sets) = sets.try_borrow_mut()
                && sets.len() < KEPT_SETS
            {
                sets.push(scratch);
            }
        });
    }
    r
}

/// Reads the characters of `fields` (a run's white space left out: a
/// possible boundary) and where each field's are into `scratch`; `false`
/// when they are more than `shape.n` cells can hold (a run of thousands of
/// digits costs no per-character table).
fn read_chars(fields: &[Field<'_>], shape: Shape, scratch: &mut Scratch) -> bool {
    let most = shape.n * (MAX_DIGITS + MAX_FRACTION + 2);
    // a character is at least a byte: most rows are shorter in bytes than
    // the cells can hold, and need no count
    let bytes: usize = fields.iter().map(|f| f.text.len()).sum();
    let total = if bytes <= most {
        bytes
    } else {
        let total: usize = fields
            .iter()
            .map(|f| {
                f.text
                    .chars()
                    .filter(|c| !is_trim(*c))
                    .take(most + 1)
                    .count()
            })
            .sum();
        if total > most {
            return false;
        }
        total
    };
    let Scratch {
        chars,
        extents,
        cuts,
        values,
    } = scratch;
    chars.clear();
    extents.clear();
    cuts.clear();
    values.clear();
    chars.reserve(total);
    extents.reserve(fields.len());
    cuts.reserve(shape.n);
    values.reserve(shape.n);
    for f in fields {
        let start = chars.len();
        let all = f.text.char_indices();
        if f.class == Class::Run {
            chars.extend(
                all.filter(|(_, c)| !is_trim(*c))
                    .map(|(i, c)| Char::new(i, c)),
            );
        } else {
            chars.extend(all.map(|(i, c)| Char::new(i, c)));
        }
        extents.push(Extent {
            start,
            len: chars.len() - start,
            room_after: 0,
        });
    }
    for i in (0..fields.len().saturating_sub(1)).rev() {
        let room = if fields[i + 1].class == Class::Run {
            extents[i + 1].len
        } else {
            1
        };
        extents[i].room_after = extents[i + 1].room_after + room;
    }
    true
}

impl<'s, 'a> Layout<'s, 'a> {
    fn new(
        fields: &'s [Field<'a>],
        chars: &'s [Char],
        extents: &'s [Extent],
        shape: Shape,
    ) -> Layout<'s, 'a> {
        Layout {
            fields,
            chars,
            extents,
            n: shape.n,
            allow_point: shape.money,
            signed: shape.signed,
            widest: MAX_DIGITS
                + if shape.money { 1 + MAX_FRACTION } else { 0 }
                + usize::from(shape.signed.is_some()),
        }
    }

    /// Characters left from field `idx`, position `pos` (in chars) on.
    fn chars_left(&self, idx: usize, pos: usize) -> usize {
        let e = self.extents[idx];
        e.len - pos + e.room_after
    }

    /// The room [`splits_with_room`]'s `ok` sees at field `idx`, position `pos`.
    fn room(&self, idx: usize, pos: usize) -> usize {
        if idx < self.fields.len() {
            self.chars_left(idx, pos)
        } else {
            0
        }
    }

    /// Each cut a split can make at field `idx`, position `pos` (in chars),
    /// with `done` cells cut before: `next(cut, idx, pos)` gets the cut and
    /// where the split goes on; `false` stops.
    fn cuts_from(
        &self,
        idx: usize,
        pos: usize,
        done: usize,
        next: &mut impl FnMut(Cut, usize, usize) -> bool,
    ) {
        let left = self.n - done;
        let fields_after = self.fields.len() - idx - 1;
        let chars_left = self.chars_left(idx, pos);
        // every cell takes at least one character, and at most `widest`
        if left == 0 || left > chars_left || chars_left > left * self.widest {
            return;
        }
        let field = &self.fields[idx];
        if field.class != Class::Run {
            let cut = Cut {
                field: idx,
                start: 0,
                end: field.text.len(),
                value: whole_value(field),
            };
            next(cut, idx + 1, 0);
            return;
        }
        let e = self.extents[idx];
        let len = e.len;
        let field_chars = &self.chars[e.start..e.start + e.len];
        let chars = |k: usize| field_chars[k];
        let mut first = pos;
        if chars(pos).kind == SIGN {
            if self.signed != Some(done) {
                return;
            }
            first += 1;
            if first >= len {
                return;
            }
        }
        let signed_cut = first > pos;
        let mut digits = 0usize;
        let mut fraction = 0usize;
        let mut point = false;
        let mut value: u64 = 0;
        for end in first + 1..=len {
            let c = chars(end - 1);
            if c.kind == SIGN {
                return; // a sign inside a cell
            }
            if c.kind == POINT {
                if !self.allow_point || point || end == first + 1 {
                    return;
                }
                point = true;
                continue;
            }
            if point {
                fraction += 1;
                if fraction > MAX_FRACTION {
                    return;
                }
            } else {
                digits += 1;
                if digits > MAX_DIGITS {
                    return;
                }
                if digits == 2 && chars(first).kind == 0 {
                    return; // leading zero
                }
                value = value * 10 + c.digit();
            }
            // the rest of this field must still be cut, and later fields need a cell each
            let rest = len - end;
            let cells_after = left - 1;
            if rest > 0 && cells_after <= fields_after {
                continue;
            }
            if rest > 0 {
                // what the walk would find at the next cell, found before
                // going there: too few characters left for the cells after
                // (and fewer after a longer cell), or too many
                let room = chars_left - (end - pos);
                if room < cells_after {
                    return;
                }
                if room > cells_after * self.widest {
                    continue;
                }
            }
            if rest == 0 && cells_after < fields_after {
                return;
            }
            let cut = Cut {
                field: idx,
                start: chars(pos).start,
                end: c.end,
                value: (!point && !signed_cut).then_some(value),
            };
            let go_on = if rest == 0 {
                next(cut, idx + 1, 0)
            } else if chars(end).kind != POINT {
                next(cut, idx, end)
            } else {
                true
            };
            if !go_on {
                return;
            }
        }
    }
}

impl Search<'_, '_> {
    fn walk(&mut self, idx: usize, pos: usize, ok: &mut Prune<'_>) {
        if self.stopped {
            return;
        }
        self.nodes += 1;
        if self.nodes > NODE_BUDGET {
            self.stopped = true;
            return;
        }
        if idx == self.layout.fields.len() {
            if self.cuts.len() == self.layout.n && !(self.each)(self.cuts) {
                self.stopped = true;
            }
            return;
        }
        let layout = self.layout;
        layout.cuts_from(idx, pos, self.cuts.len(), &mut |cut, idx, pos| {
            self.push(cut, ok, idx, pos);
            !self.stopped
        });
    }

    fn push(&mut self, cut: Cut, ok: &mut Prune<'_>, idx: usize, pos: usize) {
        self.cuts.push(cut);
        self.values.push(cut.value);
        if ok.keeps(self.values, self.layout.room(idx, pos)) {
            self.walk(idx, pos, ok);
        }
        self.cuts.pop();
        self.values.pop();
    }
}

/// What every split of a row has in common, found without enumerating the
/// splits: see [`common_cells`].
pub(crate) struct Common {
    /// Per cell, its cut when every split cuts it alike (the same text);
    /// empty when there is no split.
    pub agreed: Vec<Option<Cut>>,
    /// How many splits there are (saturating).
    pub count: u64,
}

/// The cells every split of `fields` into `shape.n` cells cuts alike, and
/// how many splits there are, by a walk that visits each place in the row
/// once per number of cells cut before it (whatever the splits were so
/// far, what can follow is the same): its work grows with the characters
/// times the cells, not with the splits.
pub(crate) fn common_cells(fields: &[Field<'_>], shape: Shape) -> Common {
    let mut common = Common {
        agreed: Vec::new(),
        count: 0,
    };
    if fields.is_empty() {
        return common;
    }
    let mut seen: Vec<Option<(Cut, bool)>> = vec![None; shape.n];
    common.count = with_scratch(|scratch| {
        if !read_chars(fields, shape, scratch) {
            return 0;
        }
        let layout = Layout::new(fields, &scratch.chars, &scratch.extents, shape);
        // per cell: the first cut seen on a complete split, and whether
        // every other cut seen there spells the same
        let mut memo = std::collections::HashMap::new();
        count_splits(&layout, (0, 0, 0), &mut memo, &mut seen)
    });
    if common.count == 0 {
        return common;
    }
    common.agreed = seen
        .into_iter()
        .map(|s| s.and_then(|(cut, alike)| alike.then_some(cut)))
        .collect();
    common
}

/// The complete splits from `(idx, pos, done)` on (see [`common_cells`]),
/// recording in `seen` each cut that lies on one.
fn count_splits(
    layout: &Layout<'_, '_>,
    (idx, pos, done): (usize, usize, usize),
    memo: &mut std::collections::HashMap<(usize, usize, usize), u64>,
    seen: &mut [Option<(Cut, bool)>],
) -> u64 {
    if idx == layout.fields.len() {
        return u64::from(done == layout.n);
    }
    if let Some(count) = memo.get(&(idx, pos, done)) {
        return *count;
    }
    let mut count = 0u64;
    layout.cuts_from(idx, pos, done, &mut |cut, next_idx, next_pos| {
        let after = count_splits(layout, (next_idx, next_pos, done + 1), memo, seen);
        if after > 0 {
            count = count.saturating_add(after);
            match &mut seen[done] {
                slot @ None => *slot = Some((cut, true)),
                Some((first, alike)) => {
                    // the same place is the same text; another place may spell it too
                    *alike = *alike
                        && (cut == *first || cut.text(layout.fields) == first.text(layout.fields));
                }
            }
        }
        true
    });
    memo.insert((idx, pos, done), count);
    count
}

/// Whether every value is known and `values[total] == sum(values[parts])`;
/// `true` when a value is unknown (the rule cannot prune).
pub(crate) fn sum_holds(
    values: &[Option<u64>],
    parts: std::ops::Range<usize>,
    total: usize,
) -> bool {
    let sum: Option<u64> = values[parts].iter().copied().sum();
    match (sum, values[total]) {
        (Some(s), Some(t)) => s == t,
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::cell::Span;

    fn run(text: &str) -> Field<'_> {
        Field {
            text,
            span: Span::new(100, 100 + text.len()),
            class: Class::Run,
        }
    }

    #[test]
    fn a_search_with_nothing_to_prune_finds_what_a_pruning_one_keeping_all_finds() {
        for (text, n, limit) in [
            ("1234567", 4, 100),
            ("10203", 3, 100),
            ("217100002180", 7, 10_000),
            ("0000000", 7, 2),
            ("99999999999", 3, 5),
            ("12", 5, 10),
        ] {
            let f = [run(text)];
            let shape = Shape::counts(n);
            let kept = splits(&f, shape, limit, &mut |_| true);
            let all = all_splits(&f, shape, limit);
            assert_eq!(all.splits, kept.splits, "{text}");
            assert_eq!(all.complete, kept.complete, "{text}");
        }
    }

    /// The splits, whether the search was complete, and the pruning calls.
    type Trace = (Vec<Vec<Cut>>, bool, Vec<(Vec<Option<u64>>, usize)>);

    /// Every split the search finds, whether it was complete, and each call
    /// its pruning made (the values so far and the room), with the fast
    /// paths on or off.
    fn traced(
        fields: &[Field<'_>],
        shape: Shape,
        limit: usize,
        prune_above: Option<u64>,
        fast: bool,
    ) -> Trace {
        FAST_PATHS.with(|f| f.set(fast));
        let mut calls = Vec::new();
        let mut keep = |values: &[Option<u64>], room: usize| {
            calls.push((values.to_vec(), room));
            values.iter().flatten().sum::<u64>() <= prune_above.unwrap_or(u64::MAX)
        };
        let found = match prune_above {
            Some(_) => splits_with_room(fields, shape, limit, &mut keep),
            None => all_splits(fields, shape, limit),
        };
        FAST_PATHS.with(|f| f.set(true));
        let cuts = found.splits.iter().map(<[Cut]>::to_vec).collect();
        (cuts, found.complete, calls)
    }

    proptest::proptest! {
        /// A row with a place per cell is split without the walk, to the
        /// same split and the same completeness, asking the pruning nothing
        /// the walk does not ask.
        #[test]
        fn a_row_with_a_place_per_cell_splits_as_the_walk_splits_it(
            texts in proptest::collection::vec(
                proptest::string::string_regex("[0-9０-３.．\\-]{0,6}").unwrap(), 1..4),
            numbers in proptest::collection::vec(
                proptest::sample::select(vec!["7", "0", "12", "-", "无"]), 0..3),
            slack in 0usize..3,
            money in proptest::bool::ANY,
            signed in proptest::option::of(0usize..4),
            limit in 1usize..3,
            prune_above in proptest::option::of(0u64..20),
        ) {
            let mut fields: Vec<Field<'_>> = Vec::new();
            for (i, t) in texts.iter().enumerate() {
                if !t.is_empty() {
                    fields.push(run(t));
                }
                if let Some(n) = numbers.get(i) {
                    fields.push(Field {
                        text: n,
                        span: Span::new(0, n.len()),
                        class: super::super::text::classify(n),
                    });
                }
            }
            let places: usize = fields.iter().map(|f| f.text.chars().count()).sum();
            // as many cells as places, and one fewer or more (the walk alone)
            let n = (places + slack).saturating_sub(1);
            let shape = Shape { n, money, signed };
            let (splits, complete, calls) = traced(&fields, shape, limit, prune_above, true);
            let (walked, walk_complete, walk_calls) =
                traced(&fields, shape, limit, prune_above, false);
            proptest::prop_assert_eq!(splits, walked);
            proptest::prop_assert_eq!(complete, walk_complete);
            // the walk also tries the cuts a pruned cell rules out; the fast
            // path asks about none the walk does not
            for call in &calls {
                proptest::prop_assert!(walk_calls.contains(call), "{:?}", call);
            }
        }
    }

    /// Every split of digit runs and whole-number fields into `n` cells, by
    /// brute force: a run into cells of 1 to [`MAX_DIGITS`] digits with no
    /// leading zero, another field one cell; shorter cells first, as the
    /// walk goes.
    fn brute_force(fields: &[Field<'_>], n: usize) -> Vec<Vec<(usize, usize, usize)>> {
        fn go(
            fields: &[Field<'_>],
            idx: usize,
            pos: usize,
            n: usize,
            acc: &mut Vec<(usize, usize, usize)>,
            out: &mut Vec<Vec<(usize, usize, usize)>>,
        ) {
            if idx == fields.len() {
                if acc.len() == n {
                    out.push(acc.clone());
                }
                return;
            }
            if acc.len() == n {
                return;
            }
            let f = &fields[idx];
            if f.class != Class::Run {
                acc.push((idx, 0, f.text.len()));
                go(fields, idx + 1, 0, n, acc, out);
                acc.pop();
                return;
            }
            let d = f.text.as_bytes();
            for end in pos + 1..=d.len().min(pos + MAX_DIGITS) {
                if end > pos + 1 && d[pos] == b'0' {
                    break;
                }
                acc.push((idx, pos, end));
                if end == d.len() {
                    go(fields, idx + 1, 0, n, acc, out);
                } else {
                    go(fields, idx, end, n, acc, out);
                }
                acc.pop();
            }
        }
        let mut out = Vec::new();
        go(fields, 0, 0, n, &mut Vec::new(), &mut out);
        out
    }

    proptest::proptest! {
        /// The walk, with its look-ahead at the room left, finds exactly
        /// the splits a brute force finds, in the same order.
        #[test]
        fn the_walk_finds_every_split_a_brute_force_finds(
            runs in proptest::collection::vec("[0-9]{1,14}", 1..4),
            number_after in proptest::option::of(0usize..3),
            extra in 0usize..5,
            few in proptest::bool::ANY,
        ) {
            // few cells: long runs (cells of up to eight digits, and the
            // widest bound); nearly a cell per place: short runs (the
            // splits stay few enough to enumerate)
            let mut fields: Vec<Field<'_>> = runs
                .iter()
                .map(|r| run(if few { r } else { &r[..r.len().min(7)] }))
                .collect();
            if let Some(at) = number_after {
                let at = at.min(fields.len());
                fields.insert(at, Field {
                    text: "12",
                    span: Span::new(0, 2),
                    class: super::super::text::classify("12"),
                });
            }
            let places: usize = fields
                .iter()
                .map(|f| if f.class == Class::Run { f.text.len() } else { 1 })
                .sum();
            // nearly a cell per place, or few cells of many digits
            let n = if few { 1 + extra } else { places.saturating_sub(extra).max(1) };
            let expected = brute_force(&fields, n);
            let found = all_splits(&fields, Shape::counts(n), usize::MAX);
            let complete = found.complete;
            let found: Vec<Vec<(usize, usize, usize)>> = found
                .splits
                .iter()
                .map(|s| s.iter().map(|c| (c.field, c.start, c.end)).collect())
                .collect();
            if complete {
                proptest::prop_assert_eq!(found, expected);
            } else {
                // the node budget stopped it: what it found are the first
                // splits, in order
                proptest::prop_assert!(found.len() < expected.len());
                proptest::prop_assert_eq!(&found[..], &expected[..found.len()]);
            }
        }
    }

    #[test]
    fn a_row_of_zeros_has_its_one_split_without_the_walk() {
        let f = [run("0000000")];
        let (splits, complete, _) = traced(&f, Shape::counts(7), 2, None, true);
        assert!(complete);
        assert_eq!(splits.len(), 1);
        let starts: Vec<usize> = splits[0].iter().map(|c| c.start).collect();
        assert_eq!(starts, [0, 1, 2, 3, 4, 5, 6]);
        assert!(splits[0].iter().all(|c| c.value == Some(0)));
        // a sign is no cell by itself
        let f = [run("-000000")];
        let (splits, complete, _) = traced(&f, Shape::counts(7), 2, None, true);
        assert!(complete && splits.is_empty());
    }

    #[test]
    fn a_split_list_keeps_each_split_whole_and_in_order() {
        let cut = |field, value| Cut {
            field,
            start: 0,
            end: 1,
            value: Some(value),
        };
        let mut list = SplitList::new(2);
        assert!(list.is_empty());
        list.push(&[cut(0, 1), cut(1, 2)]);
        list.push(&[cut(0, 3), cut(1, 4)]);
        assert_eq!(list.len(), 2);
        assert_eq!(list[1], [cut(0, 3), cut(1, 4)]);
        let values: Vec<Vec<Option<u64>>> = list
            .iter()
            .map(|s| s.iter().map(|c| c.value).collect())
            .collect();
        assert_eq!(values, [[Some(1), Some(2)], [Some(3), Some(4)]]);
        // splits of no cell: none is held
        let mut none = SplitList::new(0);
        none.push(&[]);
        assert_eq!((none.len(), none.iter().count()), (0, 0));
    }

    #[test]
    fn a_search_inside_another_gets_buffers_of_its_own() {
        let outer = [run("1234567")];
        let inner = [run("10203")];
        let alone = |f: &[Field<'_>], n| {
            let s = splits(f, Shape::counts(n), 100, &mut |_| true);
            let values: Vec<Vec<Option<u64>>> = s
                .splits
                .iter()
                .map(|c| c.iter().map(|c| c.value).collect())
                .collect();
            values
        };
        let expected_inner = alone(&inner, 3);
        let expected_outer = alone(&outer, 4);
        assert!(!expected_inner.is_empty() && !expected_outer.is_empty());
        // every pruning call of the outer search runs a whole inner search
        let mut inner_runs = 0;
        let nested = splits(&outer, Shape::counts(4), 100, &mut |_| {
            assert_eq!(alone(&inner, 3), expected_inner);
            inner_runs += 1;
            true
        });
        assert!(inner_runs > 0);
        let values: Vec<Vec<Option<u64>>> = nested
            .splits
            .iter()
            .map(|c| c.iter().map(|c| c.value).collect())
            .collect();
        assert_eq!(values, expected_outer);
        // and a search after them reads its row afresh
        assert_eq!(alone(&inner, 3), expected_inner);
    }

    /// What [`common_cells`] finds, the slow way: every split enumerated.
    fn common_by_enumeration(f: &[Field<'_>], shape: Shape) -> (Vec<Option<String>>, u64) {
        let all = splits(f, shape, usize::MAX, &mut |_| true);
        assert!(all.complete);
        let agreed = match all.splits.iter().next() {
            None => Vec::new(),
            Some(first) => (0..shape.n)
                .map(|i| {
                    let t = first[i].text(f);
                    all.splits
                        .iter()
                        .all(|s| s[i].text(f) == t)
                        .then(|| t.to_owned())
                })
                .collect(),
        };
        (agreed, all.splits.len() as u64)
    }

    #[test]
    fn common_cells_agree_with_every_split_enumerated() {
        // digit strings over a small alphabet (zeros for the leading-zero
        // rule, repeats for cells alike at different places), one or two
        // runs, and a number field between
        let mut cases = 0;
        for seed in 0u64..400 {
            let mut x = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let mut digits = |len: usize| -> String {
                (0..len)
                    .map(|_| {
                        x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
                        ['0', '1', '1', '2', '3'][(x >> 33) as usize % 5]
                    })
                    .collect()
            };
            let a = digits(3 + (seed as usize % 9));
            let b = digits(1 + (seed as usize % 4));
            let number = Field {
                text: "7",
                span: Span::new(0, 1),
                class: super::super::text::classify("7"),
            };
            for fields in [
                vec![run(&a)],
                vec![run(&a), run(&b)],
                vec![run(&a), number, run(&b)],
            ] {
                for n in 1..=7 {
                    let shape = Shape::counts(n);
                    let (agreed, count) = common_by_enumeration(&fields, shape);
                    let common = common_cells(&fields, shape);
                    let found: Vec<Option<String>> = common
                        .agreed
                        .iter()
                        .map(|c| c.map(|c| c.text(&fields).to_owned()))
                        .collect();
                    assert_eq!(common.count, count, "{fields:?} {n}");
                    assert_eq!(found, agreed, "{fields:?} {n}");
                    cases += usize::from(count > 1);
                }
            }
        }
        // enough rows with several splits for the comparison to mean something
        assert!(cases > 500, "{cases}");
        // money cells, with points and fractions
        let f = [run("1.5210.3")];
        let shape = Shape {
            n: 3,
            money: true,
            signed: None,
        };
        let (agreed, count) = common_by_enumeration(&f, shape);
        let common = common_cells(&f, shape);
        assert_eq!(common.count, count);
        let found: Vec<Option<String>> = common
            .agreed
            .iter()
            .map(|c| c.map(|c| c.text(&f).to_owned()))
            .collect();
        assert_eq!(found, agreed);
        // more characters than the cells can hold: no split, nothing agreed
        let long = "1".repeat(200);
        let common = common_cells(&[run(&long)], Shape::counts(3));
        assert_eq!((common.count, common.agreed.len()), (0, 0));
    }

    fn values(f: &[Field<'_>], s: &[Cut]) -> Vec<String> {
        s.iter().map(|c| c.field(f).text.to_owned()).collect()
    }

    #[test]
    fn seven_digits_for_seven_cells_is_the_only_split() {
        let f = [run("0000000")];
        let s = splits(&f, Shape::counts(7), 10, &mut |_| true);
        assert!(s.complete);
        assert_eq!(s.splits.len(), 1);
        assert_eq!(s.splits[0][3].field(&f).span, Span::new(103, 104));
    }

    #[test]
    fn row_total_pins_a_longer_run() {
        let f = [run("21710000218")];
        let all = splits(&f, Shape::counts(7), 10_000, &mut |_| true);
        assert!(all.complete && all.splits.len() > 1);
        let pinned = splits(&f, Shape::counts(7), 10_000, &mut |v| {
            v.len() < 7 || sum_holds(v, 0..6, 6)
        });
        assert_eq!(pinned.splits.len(), 1);
        assert_eq!(
            values(&f, &pinned.splits[0]),
            ["217", "1", "0", "0", "0", "0", "218"]
        );
    }

    #[test]
    fn no_leading_zeros_and_bounded_cells() {
        let f = [run("0012")];
        let s = splits(&f, Shape::counts(3), 10, &mut |_| true);
        let got: Vec<Vec<String>> = s.splits.iter().map(|x| values(&f, x)).collect();
        assert_eq!(got, [["0", "0", "12"]]);
        let f = [run("1234567890")];
        assert!(
            splits(&f, Shape::counts(1), 10, &mut |_| true)
                .splits
                .is_empty()
        );
    }

    #[test]
    fn money_keeps_its_decimal_point_inside_a_cell() {
        let f = [run("18651.06")];
        let s = splits(
            &f,
            Shape {
                n: 1,
                money: true,
                signed: None,
            },
            10,
            &mut |_| true,
        );
        assert_eq!(s.splits.len(), 1);
        assert_eq!(values(&f, &s.splits[0]), ["18651.06"]);
        assert!(
            splits(&f, Shape::counts(1), 10, &mut |_| true)
                .splits
                .is_empty()
        );
    }

    #[test]
    fn field_boundaries_are_cell_boundaries() {
        let f = [run("12"), run("3")];
        let s = splits(&f, Shape::counts(2), 10, &mut |_| true);
        let got: Vec<Vec<String>> = s.splits.iter().map(|x| values(&f, x)).collect();
        assert_eq!(got, [["12", "3"]]);
    }

    #[test]
    fn limit_stops_the_enumeration() {
        let f = [run("11111111111111")];
        let s = splits(&f, Shape::counts(7), 5, &mut |_| true);
        assert_eq!(s.splits.len(), 5);
        assert!(!s.complete);
    }
}
