//! Table 三: requests received and handled (25 rows × 7 columns).

use std::collections::BTreeMap;

use super::cell::Cell;
use super::keys::{RequestColumn, RequestRow};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// How a report prints （六）其他处理.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum OtherHandlingLayout {
    /// Three rows R21–R23 (2021 edition).
    #[default]
    Split,
    /// One row `other_handling` (2019 edition, and the hybrid layout).
    Single,
}

/// One row of table 三: the six applicant columns, the optional 法人或其他组织
/// subtotal, and the total.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct RequestsRow {
    /// 自然人.
    pub natural_person: Cell<i64>,
    /// 商业企业.
    pub commercial: Cell<i64>,
    /// 科研机构.
    pub research: Cell<i64>,
    /// 社会公益组织.
    pub social_welfare: Cell<i64>,
    /// 法律服务机构.
    pub legal_services: Cell<i64>,
    /// 其他.
    pub other_org: Cell<i64>,
    /// 法人或其他组织 subtotal, when the report prints that column.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub legal_entities_subtotal: Option<Cell<i64>>,
    /// 总计.
    pub total: Cell<i64>,
}

impl RequestsRow {
    /// A row of numbers: the six applicant counts, with the total derived
    /// (the row is consistent by construction).
    pub fn from_counts(applicants: [i64; 6]) -> RequestsRow {
        let total = applicants.iter().sum();
        RequestsRow::from_cells(applicants.map(Cell::number), Cell::number(total))
    }

    /// A row from six applicant cells and a total cell.
    pub fn from_cells(applicants: [Cell<i64>; 6], total: Cell<i64>) -> RequestsRow {
        let [
            natural_person,
            commercial,
            research,
            social_welfare,
            legal_services,
            other_org,
        ] = applicants;
        RequestsRow {
            natural_person,
            commercial,
            research,
            social_welfare,
            legal_services,
            other_org,
            legal_entities_subtotal: None,
            total,
        }
    }

    /// The cell of a column; `None` only for the subtotal column when absent.
    pub fn get(&self, column: RequestColumn) -> Option<&Cell<i64>> {
        Some(match column {
            RequestColumn::NaturalPerson => &self.natural_person,
            RequestColumn::Commercial => &self.commercial,
            RequestColumn::Research => &self.research,
            RequestColumn::SocialWelfare => &self.social_welfare,
            RequestColumn::LegalServices => &self.legal_services,
            RequestColumn::OtherOrg => &self.other_org,
            RequestColumn::LegalEntitiesSubtotal => return self.legal_entities_subtotal.as_ref(),
            RequestColumn::Total => &self.total,
        })
    }

    /// Calls `f` on each cell the row has, with its column, in column order
    /// (the subtotal only when present).
    #[inline]
    pub(crate) fn each_cell<'a>(&'a self, mut f: impl FnMut(RequestColumn, &'a Cell<i64>)) {
        f(RequestColumn::NaturalPerson, &self.natural_person);
        f(RequestColumn::Commercial, &self.commercial);
        f(RequestColumn::Research, &self.research);
        f(RequestColumn::SocialWelfare, &self.social_welfare);
        f(RequestColumn::LegalServices, &self.legal_services);
        f(RequestColumn::OtherOrg, &self.other_org);
        if let Some(sub) = &self.legal_entities_subtotal {
            f(RequestColumn::LegalEntitiesSubtotal, sub);
        }
        f(RequestColumn::Total, &self.total);
    }

    /// The cell of a column for writing; the subtotal column is created
    /// (missing) on first access.
    pub fn get_mut(&mut self, column: RequestColumn) -> &mut Cell<i64> {
        match column {
            RequestColumn::NaturalPerson => &mut self.natural_person,
            RequestColumn::Commercial => &mut self.commercial,
            RequestColumn::Research => &mut self.research,
            RequestColumn::SocialWelfare => &mut self.social_welfare,
            RequestColumn::LegalServices => &mut self.legal_services,
            RequestColumn::OtherOrg => &mut self.other_org,
            RequestColumn::LegalEntitiesSubtotal => self
                .legal_entities_subtotal
                .get_or_insert_with(Cell::missing),
            RequestColumn::Total => &mut self.total,
        }
    }

    /// The present columns with their cells, in table order.
    pub fn cells(&self) -> impl Iterator<Item = (RequestColumn, &Cell<i64>)> {
        RequestColumn::ALL
            .iter()
            .filter_map(move |c| self.get(*c).map(|cell| (*c, cell)))
    }
}

/// Table 三.
///
/// `rows` holds the data rows of the layout (25 for [`OtherHandlingLayout::Split`],
/// 23 for [`OtherHandlingLayout::Single`]) and any group subtotal rows the
/// report printed. Use [`Requests::new`] for a table with every data row present
/// (all cells missing) and fill it in, or [`Requests::row_mut`].
///
/// ```
/// use ogi_report::{OtherHandlingLayout, RequestColumn, RequestRow, Requests};
///
/// let mut t = Requests::new(OtherHandlingLayout::Split);
/// assert_eq!(t.rows.len(), 25);
/// *t.row_mut(RequestRow::Disclosed).get_mut(RequestColumn::NaturalPerson) = ogi_report::Cell::number(4);
/// assert_eq!(t.get(RequestRow::Disclosed, RequestColumn::NaturalPerson).unwrap().value(), Some(&4));
/// assert_eq!(Requests::new(OtherHandlingLayout::Single).rows.len(), 23);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Requests {
    /// Three rows R21–R23, or one `other_handling` row.
    pub other_handling: OtherHandlingLayout,
    /// Whether the table has the 法人或其他组织 subtotal column.
    #[cfg_attr(feature = "serde", serde(default))]
    pub subtotal_column: bool,
    /// Rows by key, in table order. Deserializing refuses a row key given
    /// twice (a JSON object would otherwise keep the last silently).
    #[cfg_attr(feature = "serde", serde(deserialize_with = "unique_rows"))]
    pub rows: BTreeMap<RequestRow, RequestsRow>,
}

/// The rows map, refusing a key given twice.
#[cfg(feature = "serde")]
fn unique_rows<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<BTreeMap<RequestRow, RequestsRow>, D::Error> {
    struct Rows;
    impl<'de> serde::de::Visitor<'de> for Rows {
        type Value = BTreeMap<RequestRow, RequestsRow>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a map of table-三 row keys to rows")
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(
            self,
            mut map: A,
        ) -> Result<Self::Value, A::Error> {
            let mut rows = BTreeMap::new();
            while let Some((key, row)) = map.next_entry::<RequestRow, RequestsRow>()? {
                if rows.insert(key, row).is_some() {
                    return Err(serde::de::Error::custom(format!(
                        "duplicate row key `{key}`"
                    )));
                }
            }
            Ok(rows)
        }
    }
    deserializer.deserialize_map(Rows)
}

impl Requests {
    /// A table with every data row of the layout present and every cell missing.
    pub fn new(other_handling: OtherHandlingLayout) -> Requests {
        // inserted in order, one at a time: rows are large, and collecting
        // would sort and move them all
        let mut rows = BTreeMap::new();
        for r in Requests::data_rows(other_handling) {
            rows.insert(r, RequestsRow::default());
        }
        Requests {
            other_handling,
            subtotal_column: false,
            rows,
        }
    }

    /// The data rows of a layout, in table order (group rows excluded, except
    /// `other_handling` in the single layout, where it is the data row).
    pub fn data_rows(layout: OtherHandlingLayout) -> impl Iterator<Item = RequestRow> + Clone {
        RequestRow::ALL
            .iter()
            .copied()
            .filter(move |r| Requests::is_data_row(layout, *r))
    }

    /// Whether `row` is a data row of `layout`.
    pub const fn is_data_row(layout: OtherHandlingLayout, row: RequestRow) -> bool {
        match layout {
            OtherHandlingLayout::Split => !row.is_group(),
            OtherHandlingLayout::Single => {
                matches!(row, RequestRow::OtherHandling)
                    || (!row.is_group() && !matches!(row.group(), Some(RequestRow::OtherHandling)))
            }
        }
    }

    /// Whether `row` is one of the rows whose sum is （七）总计 in `layout`.
    pub const fn is_outcome_row(layout: OtherHandlingLayout, row: RequestRow) -> bool {
        Requests::is_data_row(layout, row)
            && !matches!(
                row,
                RequestRow::NewReceived
                    | RequestRow::CarriedOver
                    | RequestRow::OutcomeTotal
                    | RequestRow::CarriedForward
            )
    }

    /// The rows whose sum is （七）总计, for this table's layout.
    pub fn outcome_rows(&self) -> impl Iterator<Item = RequestRow> + Clone + '_ {
        let layout = self.other_handling;
        RequestRow::ALL
            .iter()
            .copied()
            .filter(move |r| Requests::is_outcome_row(layout, *r))
    }

    /// The columns of this table, in order.
    pub fn columns(&self) -> impl Iterator<Item = RequestColumn> + Clone + '_ {
        RequestColumn::ALL
            .iter()
            .copied()
            .filter(|c| self.subtotal_column || *c != RequestColumn::LegalEntitiesSubtotal)
    }

    /// A row, if present.
    pub fn row(&self, row: RequestRow) -> Option<&RequestsRow> {
        self.rows.get(&row)
    }

    /// A row for writing, inserted (all cells missing) if absent.
    pub fn row_mut(&mut self, row: RequestRow) -> &mut RequestsRow {
        let subtotal = self.subtotal_column;
        self.rows.entry(row).or_insert_with(|| RequestsRow {
            legal_entities_subtotal: subtotal.then(Cell::missing),
            ..RequestsRow::default()
        })
    }

    /// The cell at `row`, `column`, if present.
    pub fn get(&self, row: RequestRow, column: RequestColumn) -> Option<&Cell<i64>> {
        self.rows.get(&row)?.get(column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layouts_have_the_right_rows() {
        assert_eq!(Requests::data_rows(OtherHandlingLayout::Split).count(), 25);
        assert_eq!(Requests::data_rows(OtherHandlingLayout::Single).count(), 23);
        let t = Requests::new(OtherHandlingLayout::Split);
        assert_eq!(t.outcome_rows().count(), 21);
        let t = Requests::new(OtherHandlingLayout::Single);
        assert_eq!(t.outcome_rows().count(), 19);
        assert!(t.outcome_rows().any(|r| r == RequestRow::OtherHandling));
    }

    #[test]
    fn from_counts_derives_total() {
        let r = RequestsRow::from_counts([1, 2, 3, 4, 5, 6]);
        assert_eq!(r.total.value(), Some(&21));
        assert_eq!(r.cells().count(), 7);
    }
}
