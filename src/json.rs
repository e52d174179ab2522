//! The JSON shape of the model and the findings (feature `serde`).
//!
//! Keys are the spec's English keys; codes and paths are the stable strings
//! of [`CODES`](crate::CODES) and [`Path`](crate::Path). Counts are JSON
//! integers; money is a decimal string (exact).
//!
//! **Spans are UTF-8 byte offsets** (`start` inclusive, `end` exclusive)
//! into the text that was parsed: the caller's input for UTF-8 text, the
//! markup for an HTML page ([`Parsed::format`](crate::Parsed::format)), the
//! decoded text for other encodings ([`decode`](crate::decode)). A finding's
//! `line` and `column` give the same place for people: 1-based, the column
//! counted in characters.
//!
//! # A report
//!
//! ```json
//! {
//!   "meta": {
//!     "agency": "洪泽区人民政府",
//!     "title": "洪泽区人民政府2023 年政府信息公开工作年度报告",
//!     "title_year": 2023,
//!     "title_span": { "start": 28, "end": 32 },
//!     "period": {
//!       "start": { "year": 2023, "month": 1, "day": 1 },
//!       "end": { "year": 2023, "month": 12, "day": 31 },
//!       "span": { "start": 297, "end": 348 }
//!     }
//!   },
//!   "edition": "2021",
//!   "proactive": {
//!     "edition": "2021",
//!     "rules": { "issued": CELL, "abolished": CELL, "in_force": CELL },
//!     "normative_documents": { "issued": CELL, "abolished": CELL, "in_force": CELL },
//!     "licensing": { "decisions": CELL },
//!     "punishment": { "decisions": CELL },
//!     "coercion": { "decisions": CELL },
//!     "fees": { "amount": CELL }
//!   },
//!   "requests": {
//!     "other_handling": "split",
//!     "subtotal_column": false,
//!     "rows": {
//!       "new_received": {
//!         "natural_person": CELL, "commercial": CELL, "research": CELL,
//!         "social_welfare": CELL, "legal_services": CELL, "other_org": CELL,
//!         "total": CELL
//!       },
//!       "withheld.state_secret": { "…": "…" }
//!     }
//!   },
//!   "appeals": {
//!     "review": { "upheld": CELL, "corrected": CELL, "other": CELL, "pending": CELL, "total": CELL },
//!     "direct_suit": { "…": "…" },
//!     "suit_after_review": { "…": "…" }
//!   }
//! }
//! ```
//!
//! - A missing table is absent (`null` when serialized by a struct field).
//! - `proactive` carries its edition as a tag; the 2019 edition has the rows
//!   `rules`, `normative_documents` (`made`, `published`, `total_published`),
//!   `licensing`, `other_services`, `punishment`, `coercion`
//!   (`items_last_year`, `items_change`, `decisions`), `fees`
//!   (`items_last_year`, `items_change`) and `procurement` (`projects`,
//!   `amount`, and `amount_unit` as written).
//! - `requests.rows` holds the data rows of the layout (R21–R23 as
//!   `other_handling.no_correction` … when `other_handling` is `"split"`, one
//!   `other_handling` row when `"single"`) and any printed group subtotal
//!   (`withheld`, `unavailable`, `not_processed`, `other_handling`). A row
//!   has `legal_entities_subtotal` when `subtotal_column` is true.
//!
//! # A cell (`CELL`)
//!
//! ```json
//! { "state": "number", "value": 1288, "raw": "1,288", "span": { "start": 3498, "end": 3503 } }
//! { "state": "blank", "raw": "", "span": { "start": 3510, "end": 3510 } }
//! { "state": "not_applicable", "raw": "/", "span": { "start": 3512, "end": 3513 } }
//! { "state": "missing" }
//! { "state": "unreadable", "raw": "无", "span": { "start": 3515, "end": 3518 } }
//! { "state": "number", "value": "96171.6", "raw": "96171.6", "span": { "start": 2870, "end": 2877 } }
//! ```
//!
//! `value` is present only for numbers; `raw` and `span` only for cells read
//! from text, and then both.
//!
//! # A finding
//!
//! ```json
//! {
//!   "code": "appeals.review_total",
//!   "severity": "error",
//!   "kind": "violation",
//!   "path": "appeals.review.total",
//!   "span": { "start": 4858, "end": 4859 },
//!   "line": 89,
//!   "column": 27,
//!   "expected": 11,
//!   "found": 0,
//!   "operands": [
//!     { "path": "appeals.review.upheld", "state": "number", "value": 10, "span": { "start": 4849, "end": 4851 } },
//!     { "path": "appeals.review.total", "state": "number", "value": 0, "span": { "start": 4858, "end": 4859 } }
//!   ]
//! }
//! ```
//!
//! Optional fields, present when they say something: `raw` (text as found),
//! `unplaced` (number tokens not placed, each `{raw, span}`), `candidates`
//! (splits of a glued run, each a list of numbers), `rules` (codes that
//! decided a split), `suggestions` (`{kind: "merge"|"split", cells, before,
//! after}`), `extraction_suspect` (the parse code on a row the rule reads),
//! `cause` (the index, in the same list, of that parse finding: the lost
//! cell that left this check open), `proven_by_text`. What `expected` and
//! `found` hold is fixed per code: [`CodeInfo::values`](crate::CodeInfo::values).
//!
//! The validate example's JSON adds, per finding, `message: {en, zh}`, the
//! messages rendered from these values, and `unread_tables`.
//! `kind` is `"violation"`, `"not_assessable"` (severity `"info"`) or `"parse"`.
