//! Findings as data: codes, severities, paths, values, spans; messages are
//! rendered from those values in Chinese or English.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;

use crate::model::cell::{CellKind, Source, Span};
use crate::model::keys::UnknownKey;
use crate::model::location::{Location, locate_each};
use crate::model::path::Path;

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Severity {
    /// Something to know (not assessable checks, notes of the parser).
    Info,
    /// Usually wrong; legitimate exceptions exist.
    Warning,
    /// Wrong by definition (the report or its extraction).
    Error,
}

impl Severity {
    /// `"error"`, `"warning"`, `"info"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Severity {
    type Err = UnknownKey;
    /// `"error"`, `"warning"`, `"info"`.
    fn from_str(s: &str) -> Result<Severity, UnknownKey> {
        match s {
            "info" => Ok(Severity::Info),
            "warning" => Ok(Severity::Warning),
            "error" => Ok(Severity::Error),
            _ => Err(UnknownKey(s.to_owned())),
        }
    }
}

/// What a finding says.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Kind {
    /// A rule was evaluated on numbers and does not hold.
    Violation,
    /// A rule could not be evaluated: some of its cells hold no number.
    /// Never a pass, never computed with zeros.
    NotAssessable,
    /// A finding about the text: what the parser found, lost or could not place.
    Parse,
    /// A finding about a set of reports ([`audit`](crate::audit)): a body's
    /// report given twice for one year, a gap between its years.
    Audit,
}

impl Kind {
    /// `"violation"`, `"not_assessable"`, `"parse"`, `"audit"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Kind::Violation => "violation",
            Kind::NotAssessable => "not_assessable",
            Kind::Parse => "parse",
            Kind::Audit => "audit",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Kind {
    type Err = UnknownKey;
    /// `"violation"`, `"not_assessable"`, `"parse"`, `"audit"`.
    fn from_str(s: &str) -> Result<Kind, UnknownKey> {
        match s {
            "violation" => Ok(Kind::Violation),
            "not_assessable" => Ok(Kind::NotAssessable),
            "parse" => Ok(Kind::Parse),
            "audit" => Ok(Kind::Audit),
            _ => Err(UnknownKey(s.to_owned())),
        }
    }
}

/// Which language to render a message in.
///
/// ```
/// use ogi_report::Lang;
///
/// assert_eq!("zh".parse::<Lang>(), Ok(Lang::Zh));
/// assert_eq!(Lang::En.to_string(), "en");
/// assert!("fr".parse::<Lang>().is_err());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Lang {
    /// 中文.
    Zh,
    /// English.
    En,
}

impl Lang {
    /// `"zh"` or `"en"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Lang {
    type Err = UnknownKey;
    /// `"zh"` (also `"zh-CN"`, `"中文"`) or `"en"`.
    fn from_str(s: &str) -> Result<Lang, UnknownKey> {
        match s {
            "zh" | "zh-CN" | "zh-cn" | "中文" => Ok(Lang::Zh),
            "en" | "en-US" | "en-us" => Ok(Lang::En),
            _ => Err(UnknownKey(s.to_owned())),
        }
    }
}

macro_rules! codes {
    ($(
        $(#[$m:meta])*
        $variant:ident = $code:literal, $sev:ident, $en:literal, $zh:literal;
    )+) => {
        /// A stable finding code. The string form (`"requests.row_total"`) is
        /// the wire format; codes are never reused for another meaning. See
        /// [`CODES`] for the registry.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$m])* $variant, )+
        }

        /// The registry: every code with its default severity and meaning.
        pub const CODES: &[CodeInfo] = &[
            $( CodeInfo {
                code: Code::$variant,
                severity: Severity::$sev,
                summary_en: $en,
                summary_zh: $zh,
            }, )+
        ];

        impl Code {
            /// The stable string form.
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $code, )+ }
            }

            /// The registry entry.
            pub fn info(self) -> &'static CodeInfo {
                &CODES[self as usize]
            }
        }

        impl FromStr for Code {
            type Err = UnknownKey;
            fn from_str(s: &str) -> Result<Code, UnknownKey> {
                match s {
                    $( $code => Ok(Code::$variant), )+
                    _ => Err(UnknownKey(s.to_owned())),
                }
            }
        }
    };
}

codes! {
    /// A count or amount is negative (2019 `items_change` may be).
    ValueNegative = "value.negative", Error,
        "a count or amount is negative", "数量或金额为负数";
    /// A count is not a whole number.
    ValueNotInteger = "value.not_integer", Error,
        "a count is not a whole number", "数量不是整数";
    /// Table 三 row: total ≠ sum of the six applicant columns (or the
    /// subtotal column ≠ sum of its five).
    RequestsRowTotal = "requests.row_total", Error,
        "a row's total is not the sum of its applicant columns", "行总计不等于各申请人类别之和";
    /// Table 三 column: （七）总计 ≠ sum of the outcome rows.
    RequestsOutcomeTotal = "requests.outcome_total", Error,
        "（七）总计 is not the sum of the outcome rows", "（七）总计不等于各办理结果之和";
    /// Table 三 column: 一 + 二 ≠ （七）总计 + 四 (勾稽关系).
    RequestsBalance = "requests.balance", Error,
        "new + carried over is not handled + carried forward", "勾稽关系不成立：第一项加第二项之和不等于第三项加第四项之和";
    /// A printed group subtotal ≠ sum of its rows.
    RequestsGroupSubtotal = "requests.group_subtotal", Error,
        "a printed group subtotal is not the sum of its rows", "分组小计不等于其各项之和";
    /// Table 四: 行政复议 总计 ≠ sum of its four parts.
    AppealsReviewTotal = "appeals.review_total", Error,
        "行政复议 total is not the sum of its parts", "行政复议总计不等于各结果之和";
    /// Table 四: 未经复议直接起诉 总计 ≠ sum of its four parts.
    AppealsDirectSuitTotal = "appeals.direct_suit_total", Error,
        "未经复议直接起诉 total is not the sum of its parts", "未经复议直接起诉总计不等于各结果之和";
    /// Table 四: 复议后起诉 总计 ≠ sum of its four parts.
    AppealsSuitAfterReviewTotal = "appeals.suit_after_review_total", Error,
        "复议后起诉 total is not the sum of its parts", "复议后起诉总计不等于各结果之和";
    /// 2021 table 二: in force < issued − abolished.
    ProactiveInForceBelowIssued = "proactive.in_force_below_issued", Warning,
        "documents in force are fewer than issued minus abolished", "现行有效件数少于本年制发件数减本年废止件数";
    /// Table 四: suits after review exceed reviews.
    AppealsSuitAfterReviewExceedsReview = "appeals.suit_after_review_exceeds_review", Warning,
        "suits after review exceed reconsiderations", "复议后起诉总计大于行政复议总计";
    /// The model contradicts itself: table 二's edition is not the report's.
    ModelEditionMismatch = "model.edition_mismatch", Error,
        "table 二 is of another edition than the report", "表二的格式版本与报告不一致";
    /// Table 三 holds a row its declared （六） layout does not have.
    ModelRowOutsideLayout = "model.row_outside_layout", Error,
        "table 三 holds a row outside its declared layout", "表三含有其版式之外的行";
    /// A row holds a 法人或其他组织 subtotal, but the table has no subtotal column.
    ModelSubtotalWithoutColumn = "model.subtotal_without_column", Error,
        "a subtotal cell in a table without the subtotal column", "表三未设小计列却含有小计单元格";
    /// The statistical period has an impossible date, or ends before it starts.
    ModelImpossibleDate = "model.impossible_date", Error,
        "the statistical period has an impossible date", "统计期限日期不成立";
    /// A cell's raw text reads as another number than its value.
    ModelRawMismatch = "model.raw_mismatch", Error,
        "a cell's raw text contradicts its value", "单元格原文与其数值不符";
    /// A span lies outside the text it is said to point into.
    ModelSpanOutsideText = "model.span_outside_text", Error,
        "a span lies outside the text", "位置超出文本范围";
    /// Title year and statistical period disagree.
    MetaYearMismatch = "meta.year_mismatch", Warning,
        "the title year and the statistical period disagree", "标题年份与统计期限不一致";
    /// Two consecutive years: this year's 上年结转 ≠ last year's 结转下年度.
    CarryOverMismatch = "carry_over.mismatch", Warning,
        "carried over is not last year's carried forward", "上年结转数不等于上年度结转下年度数";
    /// Two consecutive 2021-edition years: in force does not chain.
    ProactiveInForceChain = "proactive.in_force_chain", Warning,
        "documents in force do not chain from last year", "现行有效件数与上年度不衔接";
    /// Two consecutive 2019-edition years: items do not chain.
    ProactiveItemsChain = "proactive.items_chain", Warning,
        "item counts do not chain from last year", "项目数量与上年度不衔接";
    /// A table was not found in the text.
    ParseTableMissing = "parse.table_missing", Warning,
        "a table was not found in the text", "文本中未找到该表";
    /// The text ends inside a table.
    ParseTableCut = "parse.table_cut", Warning,
        "the text ends inside a table", "文本在表格中途截断";
    /// A table holds no number at all (template left unfilled).
    ParseTableEmpty = "parse.table_empty", Warning,
        "a table holds no number (template left unfilled)", "表格未填写任何数字";
    /// An expected row was not found.
    ParseRowMissing = "parse.row_missing", Warning,
        "an expected row was not found", "未找到该行";
    /// A row has fewer values than columns; the lost cells are missing.
    ParseRowShort = "parse.row_short", Warning,
        "a row has fewer values than columns", "该行数值少于列数";
    /// A row has more values than columns; none of them were placed.
    ParseRowLong = "parse.row_long", Warning,
        "a row has more values than columns", "该行数值多于列数";
    /// Values under a label that names no row of the table.
    ParseUnknownRow = "parse.unknown_row", Warning,
        "values under a label that names no row of the table", "数值所在行的标签无法识别";
    /// A row appears twice; the second one was not placed.
    ParseDuplicateRow = "parse.duplicate_row", Warning,
        "a row appears twice", "该行重复出现";
    /// A cell holds text that is not a number.
    ParseUnreadableCell = "parse.unreadable_cell", Warning,
        "a cell holds text that is not a number", "单元格内容不是数字";
    /// The text shows signals of both editions.
    ParseMixedEdition = "parse.mixed_edition", Warning,
        "the text shows signals of both editions", "文本同时具有两种格式版本的特征";
    /// A row label was read approximately (a typo, a dropped word) and taken
    /// for the row the table expects there.
    ParseLabelApproximate = "parse.label_approximate", Info,
        "a row label was read approximately", "行标签与标准表述不完全一致，按顺序对应";
    /// A glued digit run (text without cell separators) had several splits;
    /// the table's arithmetic left exactly one, and the cells hold it.
    ParseGluedRecovered = "parse.glued_recovered", Info,
        "a glued digit run was split by the table's arithmetic", "粘连数字串已按表内勾稽关系唯一拆分";
    /// A glued digit run splits in several ways that all satisfy the rules;
    /// its cells are unreadable and the finding lists the candidates.
    ParseGluedAmbiguous = "parse.glued_ambiguous", Warning,
        "a glued digit run splits in several ways", "粘连数字串有多种拆分方式，无法确定";
    /// No split of the glued digit runs satisfies the rules (the published
    /// table is inconsistent somewhere); the cells are unreadable.
    ParseGluedInconsistent = "parse.glued_inconsistent", Warning,
        "no split of a glued digit run satisfies the rules", "粘连数字串的任何拆分都不满足表内勾稽关系";
    /// A cell of a glued run was fixed by a figure the report states in its text.
    ParseGluedStated = "parse.glued_stated", Info,
        "a glued run's cell was fixed by a figure stated in the report's text", "粘连数字串的单元格按报告正文所述数字确定";
    /// No edition signal was found; the 2021 edition was assumed.
    ParseEditionAssumed = "parse.edition_assumed", Info,
        "no edition signal found; 2021 assumed", "未发现格式版本特征，按2021年版处理";
    /// The text is the start of an annual report (title, 总体情况, citation,
    /// period) and ends before any table.
    ParseEndsBeforeTables = "parse.ends_before_tables", Warning,
        "the text ends before the report's tables", "文本在报告的统计表之前结束";
    /// The report is in the structure used before 2019 (概述 / 依申请公开 /
    /// 收费及减免): it has none of the template tables.
    ParsePre2019Format = "parse.pre_2019_format", Warning,
        "the report uses the structure of before 2019, without the template tables", "报告采用2019年以前的结构，没有统一格式的统计表";
    /// Text after the report's last section holds more report matter (a
    /// second report, or tables): it was not read.
    ParseTrailingText = "parse.trailing_text", Warning,
        "text after the last section holds more report matter, not read", "最后一部分之后还有报告内容（另一份报告或表格），未读取";
    /// A figure the report states in its prose fits no split of a glued
    /// run: the prose is not a copy of the table, and decides nothing.
    ParseStatedMismatch = "parse.stated_mismatch", Warning,
        "a figure stated in the prose fits no split of the glued run", "正文所述数字与粘连数字串的任何拆分都不符";
    /// A delimited line with more fields than any table row: the value
    /// fields past the 512th are counted, not read.
    ParseLineTooLong = "parse.line_too_long", Warning,
        "a delimited line has more fields than any table row; the rest were not read", "一行的字段数超过任何表格行，其余字段未读取";
    /// An audit read two reports of one body for one year; when their
    /// numbers differ, that year is not chained (which is right is unknown).
    AuditDuplicate = "audit.duplicate", Warning,
        "another report of the same body and year was read", "同一机关同一年度的报告出现多份";
    /// An audit found a body's reports for two years with years between
    /// them missing: the pair is not consecutive and is not chained.
    AuditYearGap = "audit.year_gap", Info,
        "the body's previous report read is not last year's; the years are not chained", "该机关已读取的上一份报告不是上一年度的，未做跨年度核对";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// A registry entry: a code, its default severity, and what it means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CodeInfo {
    /// The code.
    pub code: Code,
    /// Severity of a violation or parse finding with this code.
    pub severity: Severity,
    /// One line in English.
    pub summary_en: &'static str,
    /// One line in Chinese.
    pub summary_zh: &'static str,
}

impl CodeInfo {
    /// What [`Diagnostic::expected`] and [`Diagnostic::found`] hold for
    /// this code — one meaning per code, the same for every finding of it:
    /// `(expected, found)`, `None` where the code sets neither.
    ///
    /// For a rule, `expected` is what the rule computes from the other
    /// cells, `found` what the report has; a not-assessable finding sets
    /// neither.
    ///
    /// ```
    /// use ogi_report::Code;
    ///
    /// let (expected, found) = Code::RequestsRowTotal.info().values().unwrap();
    /// assert_eq!(expected, "the sum of the columns the total covers");
    /// assert_eq!(found, "the printed total");
    /// ```
    pub fn values(&self) -> Option<(&'static str, &'static str)> {
        use Code::*;
        Some(match self.code {
            ValueNegative => (
                "0, the least a count or amount may be",
                "the negative value",
            ),
            ValueNotInteger => ("(not set)", "the number as written"),
            RequestsRowTotal => (
                "the sum of the columns the total covers",
                "the printed total",
            ),
            RequestsOutcomeTotal => ("the sum of the outcome rows", "the printed （七）总计"),
            RequestsBalance => (
                "一 + 二: new and carried over",
                "（七）总计 + 四: handled and carried forward",
            ),
            RequestsGroupSubtotal => ("the sum of the group's rows", "the printed subtotal"),
            AppealsReviewTotal | AppealsDirectSuitTotal | AppealsSuitAfterReviewTotal => {
                ("the sum of the four parts", "the printed total")
            }
            ProactiveInForceBelowIssued => ("issued − abolished", "in force"),
            AppealsSuitAfterReviewExceedsReview => (
                "行政复议 总计 (K05), the most K15 may be",
                "复议后起诉 总计 (K15)",
            ),
            MetaYearMismatch => ("the title year", "the period's year"),
            CarryOverMismatch => ("last year's 结转下年度", "this year's 上年结转"),
            ProactiveInForceChain => (
                "last year's in force + issued − abolished",
                "this year's in force",
            ),
            ProactiveItemsChain => (
                "last year's items + this year's change",
                "this year's items",
            ),
            ParseRowShort | ParseRowLong => ("the columns of the row", "the values the text has"),
            ParseLineTooLong => (
                "the fields read of one line (512)",
                "the value fields past them",
            ),
            ModelRawMismatch => ("(not set)", "the cell's value"),
            AuditDuplicate => ("(not set)", "the year both reports are of"),
            AuditYearGap => (
                "the year before this report's",
                "the latest earlier year read",
            ),
            ModelSpanOutsideText => ("the text's length in bytes", "the span's end"),
            ParseGluedStated | ParseStatedMismatch => ("(not set)", "the figure the prose states"),
            _ => return None,
        })
    }
}

/// A number in a finding: a count or an amount of money.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Number {
    /// A count (sums are computed in 128 bits and never overflow).
    Count(i128),
    /// An amount.
    Money(Decimal),
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Count(n) => write!(f, "{n}"),
            Number::Money(d) => write!(f, "{d}"),
        }
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Number {
    /// Counts as JSON integers, money as decimal strings (exact).
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            Number::Count(n) => match i64::try_from(*n) {
                Ok(v) => s.serialize_i64(v),
                Err(_) => s.serialize_i128(*n),
            },
            Number::Money(d) => s.collect_str(d),
        }
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Number {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = Number;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer count or a decimal string")
            }
            fn visit_i64<E>(self, v: i64) -> Result<Number, E> {
                Ok(Number::Count(v.into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Number, E> {
                Ok(Number::Count(v.into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Number, E> {
                Ok(Number::Count(v))
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Number, E> {
                v.parse().map(Number::Money).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

/// One cell a rule read: where it is, what it held.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Operand {
    /// The cell.
    pub path: Path,
    /// Its state.
    pub state: CellKind,
    /// Its number, when it holds one.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub value: Option<Number>,
    /// Where the text has it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub span: Option<Span>,
}

/// One finding.
///
/// Values, not prose: the message is rendered from the fields by
/// [`Diagnostic::message`].
///
/// ```
/// use ogi_report::{check, CheckOptions, Code, Edition, Kind, Lang, Number, Report, RequestRow};
///
/// let mut report = Report::new(Edition::V2021);
/// report.set_request_row(RequestRow::NewReceived, [1, 2, 0, 0, 0, 0], 4);
/// let findings = check(&report, &CheckOptions::default());
/// let d = findings.with_code(Code::RequestsRowTotal).next().unwrap();
/// assert_eq!(d.kind, Kind::Violation);
/// assert_eq!(d.path.to_string(), "requests.new_received.total");
/// assert_eq!((d.expected, d.found), (Some(Number::Count(3)), Some(Number::Count(4))));
/// assert_eq!(d.message(Lang::En), "requests.new_received.total: the total is 4, but the columns it sums add up to 3");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// Error, warning or info.
    pub severity: Severity,
    /// Violation, not assessable, or a parse finding.
    pub kind: Kind,
    /// Where in the report.
    pub path: Path,
    /// Where in the input, when known.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub span: Option<Span>,
    /// The line and column (1-based, in characters) of the span's start, in
    /// the text the span points into; filled by [`parse`](crate::parse) and
    /// [`validate`](crate::validate). In JSON, `line` and `column` fields of
    /// the finding.
    #[cfg_attr(feature = "serde", serde(default, flatten))]
    pub location: Option<Location>,
    /// What the rule requires (a sum, a column count).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub expected: Option<Number>,
    /// What the report has.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub found: Option<Number>,
    /// The cells the rule read, or the cells a parse finding concerns.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub operands: Vec<Operand>,
    /// Text as found: an unreadable cell, an unknown label.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub raw: Option<String>,
    /// Number tokens in the text that were not placed in any cell.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub unplaced: Vec<Source>,
    /// Number tokens not placed beyond those listed in `unplaced` (a
    /// finding lists at most 32); they lie inside the finding's span.
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_zero"))]
    pub unplaced_omitted: usize,
    /// How many more findings of this code on this path this one stands
    /// for: past 16 alike, the text's further ones are folded into it (its
    /// span covers them).
    #[cfg_attr(feature = "serde", serde(default, skip_serializing_if = "is_zero"))]
    pub repeated: usize,
    /// For a glued digit run: the splits still possible, each a row of cell
    /// values (`parse.glued_ambiguous`), or the closest ones when none
    /// satisfies the rules (`parse.glued_inconsistent`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub candidates: Vec<Vec<Number>>,
    /// The rules that decided a split (`parse.glued_recovered`).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub rules: Vec<Code>,
    /// For a failed sum: merges or splits of adjacent cells' digits that
    /// would make every rule reading them hold. Never applied.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub suggestions: Vec<Suggestion>,
    /// For a rule finding: the parse finding on a row it reads. Then the
    /// extraction may have lost or displaced cells, and the report itself may
    /// be consistent.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub extraction_suspect: Option<Code>,
    /// For a rule finding: the index, in the same list of findings, of the
    /// parse finding named by [`extraction_suspect`](Self::extraction_suspect)
    /// — the lost or unreadable cells that left this check not assessable
    /// or suspect. Set by [`validate`](crate::validate); a reader groups
    /// the cascade of one lost cell under it.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub cause: Option<usize>,
    /// For a rule violation found while reading glued digits: every way of
    /// splitting the digits the text shows breaks the rule, so the failure
    /// is proven by the text although the cells stay unreadable.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "std::ops::Not::not")
    )]
    pub proven_by_text: bool,
}

impl Diagnostic {
    /// A finding with the code's default severity and nothing else set.
    pub fn new(code: Code, kind: Kind, path: Path) -> Diagnostic {
        let severity = match kind {
            Kind::NotAssessable => Severity::Info,
            _ => code.info().severity,
        };
        Diagnostic {
            code,
            severity,
            kind,
            path,
            span: None,
            location: None,
            expected: None,
            found: None,
            operands: Vec::new(),
            raw: None,
            unplaced: Vec::new(),
            unplaced_omitted: 0,
            repeated: 0,
            candidates: Vec::new(),
            rules: Vec::new(),
            suggestions: Vec::new(),
            extraction_suspect: None,
            cause: None,
            proven_by_text: false,
        }
    }
}

/// What a suggestion proposes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum SuggestionKind {
    /// The two cells are one number split in two: the first holds both
    /// parts' digits, the second is empty.
    Merge,
    /// The first cell holds two numbers glued together: its digits split
    /// between it and the second cell, which the text shows as 0 or blank.
    Split,
}

/// A repair that would make every rule reading the two cells hold. Never applied.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[non_exhaustive]
pub struct Suggestion {
    /// Merge or split.
    pub kind: SuggestionKind,
    /// The two adjacent cells, in reading order.
    pub cells: [Path; 2],
    /// Their numbers as read (`None`: blank).
    pub before: [Option<Number>; 2],
    /// Their numbers under the suggestion (`None`: blank).
    pub after: [Option<Number>; 2],
}

#[cfg(feature = "serde")]
fn is_zero(n: &usize) -> bool {
    *n == 0
}

/// Sets the location of every finding whose span lies in `text` and has
/// none yet, in one pass over the text.
pub(crate) fn locate(diagnostics: &mut [Diagnostic], text: &str) {
    let unlocated = |d: &Diagnostic| d.location.is_none().then_some(d.span).flatten();
    let offsets: Vec<usize> = diagnostics
        .iter()
        .filter_map(|d| unlocated(d).map(|s| s.start))
        .collect();
    if offsets.is_empty() {
        return;
    }
    let mut found = locate_each(text, &offsets).into_iter();
    for d in diagnostics.iter_mut().filter(|d| unlocated(d).is_some()) {
        d.location = found.next().flatten();
    }
}

/// All findings about one report: filter, count, serialize.
///
/// ```
/// use ogi_report::{validate, CheckOptions, Code, Kind, Severity};
///
/// let v = validate("三、收到和处理政府信息公开申请情况\n一、本年新收政府信息公开申请数量\t3\t0\t0\t0\t0\t0\t3\n", &CheckOptions::default())?;
/// let d = &v.diagnostics;
/// assert!(!d.has_errors());
/// assert!(d.warnings().count() > 0);
/// assert!(d.with_code(Code::ParseRowMissing).all(|f| f.kind == Kind::Parse));
/// assert!(d.iter().all(|f| f.severity <= Severity::Warning));
/// # Ok::<(), ogi_report::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    /// Violations and parse findings of error severity.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Error)
    }

    /// Findings of warning severity.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(|d| d.severity == Severity::Warning)
    }

    /// Findings of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(move |d| d.kind == kind)
    }

    /// Findings with one code.
    pub fn with_code(&self, code: Code) -> impl Iterator<Item = &Diagnostic> {
        self.0.iter().filter(move |d| d.code == code)
    }

    /// Whether any finding has error severity.
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }

    /// All findings.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }

    /// How many findings.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Appends a finding.
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter()
    }
}

impl Extend<Diagnostic> for Diagnostics {
    fn extend<I: IntoIterator<Item = Diagnostic>>(&mut self, iter: I) {
        self.0.extend(iter);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registry_is_complete_and_unique() {
        let mut seen = std::collections::HashSet::new();
        for (i, info) in CODES.iter().enumerate() {
            assert_eq!(info.code as usize, i);
            assert!(seen.insert(info.code.as_str()), "{}", info.code);
            assert_eq!(info.code.as_str().parse::<Code>().unwrap(), info.code);
        }
        assert!("value.nope".parse::<Code>().is_err());
    }

    /// The crate documentation's code table lists every code.
    #[test]
    fn every_code_is_documented() {
        let docs = include_str!("lib.rs");
        for info in CODES {
            assert!(
                docs.contains(&format!("| `{}` |", info.code)),
                "{} is not in the crate docs",
                info.code
            );
        }
    }
}
