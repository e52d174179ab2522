//! Paths: where in a report a finding applies, as typed values with a stable
//! dotted string form (`requests.withheld.state_secret.total`).

use std::fmt;
use std::str::FromStr;

use super::keys::{
    AppealColumn, AppealGroup, ProactiveColumn, ProactiveRow, RequestColumn, RequestRow, TableId,
    UnknownKey,
};

/// A field of the report's front matter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum MetaField {
    /// The year in the title (`2023年政府信息公开工作年度报告`).
    TitleYear,
    /// The statistical period (`2023年1月1日至12月31日`).
    Period,
    /// The edition of the format.
    Edition,
}

impl MetaField {
    /// The stable key.
    pub const fn key(self) -> &'static str {
        match self {
            MetaField::TitleYear => "title_year",
            MetaField::Period => "period",
            MetaField::Edition => "edition",
        }
    }
}

/// A location in a report.
///
/// The string form is the path of the spec: `table.row.column`, with row keys
/// that may themselves contain a dot (`withheld.state_secret`). A rule that
/// concerns a whole column of table 三 (the balance rule) has the path
/// `requests.<column>`; a finding about a whole table is just `requests`.
///
/// ```
/// use ogi_report::{Path, RequestColumn, RequestRow};
///
/// let p: Path = "requests.withheld.state_secret.total".parse().unwrap();
/// assert_eq!(p, Path::request(RequestRow::WithheldStateSecret, RequestColumn::Total));
/// assert_eq!(p.to_string(), "requests.withheld.state_secret.total");
/// assert!(p.is_within("requests.withheld.state_secret".parse().unwrap()));
/// assert_eq!(p.describe_zh(), "表三「1.属于国家秘密」行「总计」列");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Path {
    /// The whole document (input-level findings).
    Document,
    /// The report's front matter.
    Meta(MetaField),
    /// A whole table.
    Table(TableId),
    /// A row or cell of table 二.
    Proactive {
        /// The row.
        row: ProactiveRow,
        /// The column; `None` for the whole row.
        column: Option<ProactiveColumn>,
    },
    /// A row or cell of table 三.
    Requests {
        /// The row.
        row: RequestRow,
        /// The column; `None` for the whole row.
        column: Option<RequestColumn>,
    },
    /// A whole column of table 三.
    RequestsColumn(RequestColumn),
    /// A group or cell of table 四.
    Appeals {
        /// The group.
        group: AppealGroup,
        /// The column; `None` for the whole group.
        column: Option<AppealColumn>,
    },
}

impl Path {
    /// A cell of table 三.
    pub const fn request(row: RequestRow, column: RequestColumn) -> Path {
        Path::Requests {
            row,
            column: Some(column),
        }
    }

    /// A cell of table 二.
    pub const fn proactive(row: ProactiveRow, column: ProactiveColumn) -> Path {
        Path::Proactive {
            row,
            column: Some(column),
        }
    }

    /// A cell of table 四.
    pub const fn appeal(group: AppealGroup, column: AppealColumn) -> Path {
        Path::Appeals {
            group,
            column: Some(column),
        }
    }

    /// The table the path lies in, if any.
    pub const fn table(self) -> Option<TableId> {
        match self {
            Path::Document | Path::Meta(_) => None,
            Path::Table(t) => Some(t),
            Path::Proactive { .. } => Some(TableId::Proactive),
            Path::Requests { .. } | Path::RequestsColumn(_) => Some(TableId::Requests),
            Path::Appeals { .. } => Some(TableId::Appeals),
        }
    }

    /// The same path without its column (the row or group).
    pub const fn row_path(self) -> Path {
        match self {
            Path::Proactive { row, .. } => Path::Proactive { row, column: None },
            Path::Requests { row, .. } => Path::Requests { row, column: None },
            Path::Appeals { group, .. } => Path::Appeals {
                group,
                column: None,
            },
            other => other,
        }
    }

    /// Whether `self` lies within `other` (same path, or `other` is its row or table).
    pub fn is_within(self, other: Path) -> bool {
        self == other
            || self.row_path() == other
            || (matches!(other, Path::Table(_)) && self.table() == other.table())
    }

    /// A human description in Chinese (`表三「1.属于国家秘密」行「总计」列`).
    pub fn describe_zh(self) -> String {
        match self {
            Path::Document => "全文".to_owned(),
            Path::Meta(MetaField::TitleYear) => "标题年份".to_owned(),
            Path::Meta(MetaField::Period) => "统计期限".to_owned(),
            Path::Meta(MetaField::Edition) => "格式版本".to_owned(),
            Path::Table(t) => format!("表{}", table_numeral(t)),
            Path::Proactive { row, column } => {
                cell_zh("二", row.label(), column.map(|c| c.label()))
            }
            Path::Requests { row, column } => cell_zh("三", row.label(), column.map(|c| c.label())),
            Path::RequestsColumn(c) => format!("表三「{}」列", c.label()),
            Path::Appeals { group, column } => {
                cell_zh("四", group.label(), column.map(|c| c.label()))
            }
        }
    }
}

fn table_numeral(t: TableId) -> &'static str {
    match t {
        TableId::Proactive => "二",
        TableId::Requests => "三",
        TableId::Appeals => "四",
    }
}

fn cell_zh(table: &str, row: &str, column: Option<&str>) -> String {
    match column {
        Some(c) => format!("表{table}「{row}」行「{c}」列"),
        None => format!("表{table}「{row}」行"),
    }
}

impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Path::Document => f.write_str("document"),
            Path::Meta(m) => write!(f, "meta.{}", m.key()),
            Path::Table(t) => f.write_str(t.key()),
            Path::Proactive { row, column } => {
                write!(f, "proactive.{row}")?;
                column.map_or(Ok(()), |c| write!(f, ".{c}"))
            }
            Path::Requests { row, column } => {
                write!(f, "requests.{row}")?;
                column.map_or(Ok(()), |c| write!(f, ".{c}"))
            }
            Path::RequestsColumn(c) => write!(f, "requests.{c}"),
            Path::Appeals { group, column } => {
                write!(f, "appeals.{group}")?;
                column.map_or(Ok(()), |c| write!(f, ".{c}"))
            }
        }
    }
}

impl FromStr for Path {
    type Err = UnknownKey;

    fn from_str(s: &str) -> Result<Path, UnknownKey> {
        let bad = || UnknownKey(s.to_owned());
        if s == "document" {
            return Ok(Path::Document);
        }
        let (head, rest) = match s.split_once('.') {
            Some((h, r)) => (h, Some(r)),
            None => (s, None),
        };
        match (head, rest) {
            ("meta", Some(r)) => [MetaField::TitleYear, MetaField::Period, MetaField::Edition]
                .into_iter()
                .find(|m| m.key() == r)
                .map(Path::Meta)
                .ok_or_else(bad),
            (t, None) => t.parse().map(Path::Table).map_err(|_| bad()),
            ("proactive", Some(r)) => {
                let (row, column) =
                    split_row_column::<ProactiveRow, ProactiveColumn>(r, ProactiveRow::ALL)
                        .ok_or_else(bad)?;
                Ok(Path::Proactive { row, column })
            }
            ("requests", Some(r)) => {
                if let Ok(c) = r.parse::<RequestColumn>() {
                    return Ok(Path::RequestsColumn(c));
                }
                let (row, column) =
                    split_row_column::<RequestRow, RequestColumn>(r, RequestRow::ALL)
                        .ok_or_else(bad)?;
                Ok(Path::Requests { row, column })
            }
            ("appeals", Some(r)) => {
                let (group, column) =
                    split_row_column::<AppealGroup, AppealColumn>(r, AppealGroup::ALL)
                        .ok_or_else(bad)?;
                Ok(Path::Appeals { group, column })
            }
            _ => Err(bad()),
        }
    }
}

trait Keyed: Copy {
    fn key_str(self) -> &'static str;
}

macro_rules! keyed {
    ($($t:ty),*) => { $(impl Keyed for $t { fn key_str(self) -> &'static str { self.key() } })* };
}
keyed!(ProactiveRow, RequestRow, AppealGroup);

/// Splits `row[.column]` where the row key may contain dots: the longest row
/// key that is the whole string or is followed by `.column`.
fn split_row_column<Row: Keyed, Col: FromStr>(s: &str, rows: &[Row]) -> Option<(Row, Option<Col>)> {
    let mut best: Option<(Row, Option<Col>)> = None;
    let mut best_len = 0;
    for row in rows {
        let key = row.key_str();
        if key.len() <= best_len {
            continue;
        }
        if s == key {
            best = Some((*row, None));
            best_len = key.len();
        } else if let Some(col) = s.strip_prefix(key).and_then(|r| r.strip_prefix('.'))
            && let Ok(c) = col.parse()
        {
            best = Some((*row, Some(c)));
            best_len = key.len();
        }
    }
    best
}

#[cfg(feature = "serde")]
impl serde::Serialize for Path {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Path {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_round_trip() {
        let samples = [
            "document",
            "meta.title_year",
            "requests",
            "requests.withheld.state_secret.total",
            "requests.withheld",
            "requests.withheld.total",
            "requests.other_handling",
            "requests.other_handling.other.natural_person",
            "requests.natural_person",
            "proactive.fees.amount",
            "appeals.review.total",
            "appeals.suit_after_review",
        ];
        for s in samples {
            let p: Path = s.parse().unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(p.to_string(), s);
        }
        assert_eq!(
            "requests.withheld.state_secret.total"
                .parse::<Path>()
                .unwrap(),
            Path::request(RequestRow::WithheldStateSecret, RequestColumn::Total)
        );
        assert!("requests.nope".parse::<Path>().is_err());
        assert!("appeals.review.nope".parse::<Path>().is_err());
    }

    #[test]
    fn within() {
        let cell = Path::request(RequestRow::Disclosed, RequestColumn::Total);
        assert!(cell.is_within(cell.row_path()));
        assert!(cell.is_within(Path::Table(TableId::Requests)));
        assert!(!cell.is_within(Path::Table(TableId::Appeals)));
        assert_eq!(cell.describe_zh(), "表三「（一）予以公开」行「总计」列");
    }
}
