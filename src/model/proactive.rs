//! Table 二: proactive disclosure, both editions.

use rust_decimal::Decimal;

use super::cell::Cell;
use super::keys::{Edition, ProactiveColumn as C, ProactiveRow as R};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// A borrowed cell of either numeric type.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum CellRef<'a> {
    /// A count (whole number).
    Count(&'a Cell<i64>),
    /// An amount of money.
    Money(&'a Cell<Decimal>),
}

impl<'a> CellRef<'a> {
    /// Number, blank, not applicable, missing or unreadable.
    pub fn kind(self) -> super::cell::CellKind {
        match self {
            CellRef::Count(c) => c.kind(),
            CellRef::Money(c) => c.kind(),
        }
    }

    /// The count, for a count cell holding a number.
    pub fn count(self) -> Option<i64> {
        match self {
            CellRef::Count(c) => c.value().copied(),
            CellRef::Money(_) => None,
        }
    }

    /// The amount, for a money cell holding a number.
    pub fn amount(self) -> Option<Decimal> {
        match self {
            CellRef::Money(c) => c.value().copied(),
            CellRef::Count(_) => None,
        }
    }

    /// Where the text has the cell, when it was read from text.
    pub fn source(self) -> Option<&'a super::cell::Source> {
        match self {
            CellRef::Count(c) => c.source.as_ref(),
            CellRef::Money(c) => c.source.as_ref(),
        }
    }

    /// The cell's span in the input.
    pub fn span(self) -> Option<super::cell::Span> {
        self.source().map(|s| s.span)
    }

    /// The cell's raw text as read (`"１２"`, `"251000元"`).
    pub fn raw(self) -> Option<&'a str> {
        self.source().map(|s| s.raw.as_str())
    }
}

impl CellMut<'_> {
    /// Number, blank, not applicable, missing or unreadable.
    pub fn kind(&self) -> super::cell::CellKind {
        match self {
            CellMut::Count(c) => c.kind(),
            CellMut::Money(c) => c.kind(),
        }
    }

    /// Makes the cell blank (nothing written), dropping its source.
    pub fn set_blank(&mut self) {
        match self {
            CellMut::Count(c) => **c = Cell::blank(),
            CellMut::Money(c) => **c = Cell::blank(),
        }
    }

    /// Sets a count cell's number (`false`, unchanged, for a money cell).
    pub fn set_count(&mut self, value: i64) -> bool {
        match self {
            CellMut::Count(c) => {
                **c = Cell::number(value);
                true
            }
            CellMut::Money(_) => false,
        }
    }

    /// Sets a money cell's amount (`false`, unchanged, for a count cell).
    pub fn set_amount(&mut self, value: Decimal) -> bool {
        match self {
            CellMut::Money(c) => {
                **c = Cell::number(value);
                true
            }
            CellMut::Count(_) => false,
        }
    }

    /// Drops where the cell was read (its raw text and span).
    pub fn clear_source(&mut self) {
        match self {
            CellMut::Count(c) => c.source = None,
            CellMut::Money(c) => c.source = None,
        }
    }
}

/// A mutably borrowed cell of either numeric type.
#[derive(Debug)]
pub enum CellMut<'a> {
    /// A count (whole number).
    Count(&'a mut Cell<i64>),
    /// An amount of money.
    Money(&'a mut Cell<Decimal>),
}

/// 2021 第二十条第（一）项 row: documents issued, abolished, in force.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct DocumentCounts {
    /// 本年制发件数.
    pub issued: Cell<i64>,
    /// 本年废止件数.
    pub abolished: Cell<i64>,
    /// 现行有效件数.
    pub in_force: Cell<i64>,
}

/// 2021 第二十条第（五）（六）项 row: decisions this year.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Decisions {
    /// 本年处理决定数量.
    pub decisions: Cell<i64>,
}

/// 2021 第二十条第（八）项 row: fees collected, in 万元.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct FeeAmount {
    /// 本年收费金额（单位：万元）.
    pub amount: Cell<Decimal>,
}

/// Table 二 in the 2021 edition.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Proactive2021 {
    /// 规章.
    pub rules: DocumentCounts,
    /// 行政规范性文件.
    pub normative_documents: DocumentCounts,
    /// 行政许可.
    pub licensing: Decisions,
    /// 行政处罚.
    pub punishment: Decisions,
    /// 行政强制.
    pub coercion: Decisions,
    /// 行政事业性收费.
    pub fees: FeeAmount,
}

/// 2019 第二十条第（一）项 row: documents made, published, published in total.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Publications {
    /// 本年新制作数量.
    pub made: Cell<i64>,
    /// 本年新公开数量.
    pub published: Cell<i64>,
    /// 对外公开总数量.
    pub total_published: Cell<i64>,
}

/// 2019 第二十条第（五）（六）项 row: items last year, change, decisions.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct ItemCounts {
    /// 上一年项目数量.
    pub items_last_year: Cell<i64>,
    /// 本年增/减 (signed).
    pub items_change: Cell<i64>,
    /// 处理决定数量.
    pub decisions: Cell<i64>,
}

/// 2019 第二十条第（八）项 row: fee items (counts, not money).
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct FeeItems {
    /// 上一年项目数量.
    pub items_last_year: Cell<i64>,
    /// 本年增/减 (signed).
    pub items_change: Cell<i64>,
}

/// 2019 第二十条第（九）项 row: central government procurement.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Procurement {
    /// 采购项目数量.
    pub projects: Cell<i64>,
    /// 采购总金额, in the unit the report wrote.
    pub amount: Cell<Decimal>,
    /// The unit written with the amount (`"元"`, `"万元"`), if any: the
    /// header has none, so it is kept as written.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub amount_unit: Option<String>,
}

/// Table 二 in the 2019 trial edition.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Proactive2019 {
    /// 规章.
    pub rules: Publications,
    /// 规范性文件.
    pub normative_documents: Publications,
    /// 行政许可.
    pub licensing: ItemCounts,
    /// 其他对外管理服务事项.
    pub other_services: ItemCounts,
    /// 行政处罚.
    pub punishment: ItemCounts,
    /// 行政强制.
    pub coercion: ItemCounts,
    /// 行政事业性收费.
    pub fees: FeeItems,
    /// 政府集中采购.
    pub procurement: Procurement,
}

/// Table 二: proactive disclosure, in the edition the report uses.
// A report holds one table 二; boxing the larger edition would only add an indirection.
///
/// ```
/// use ogi_report::{Edition, Proactive, ProactiveColumn, ProactiveRow, Report};
///
/// let mut report = Report::new(Edition::V2019);
/// report.set_proactive_count(ProactiveRow::Rules, ProactiveColumn::Made, 2);
/// let t = report.proactive.as_ref().unwrap();
/// assert_eq!(t.edition(), Edition::V2019);
/// assert_eq!(t.get(ProactiveRow::Rules, ProactiveColumn::Made).unwrap().count(), Some(2));
/// // 2019 has no 本年制发件数 column
/// assert!(t.get(ProactiveRow::Rules, ProactiveColumn::Issued).is_none());
/// ```
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "edition"))]
pub enum Proactive {
    /// 2021 edition.
    #[cfg_attr(feature = "serde", serde(rename = "2021"))]
    V2021(Proactive2021),
    /// 2019 edition.
    #[cfg_attr(feature = "serde", serde(rename = "2019"))]
    V2019(Proactive2019),
}

impl Proactive {
    /// An empty table (every cell missing) of the given edition.
    pub fn empty(edition: Edition) -> Proactive {
        match edition {
            Edition::V2021 => Proactive::V2021(Proactive2021::default()),
            Edition::V2019 => Proactive::V2019(Proactive2019::default()),
        }
    }

    /// The edition of this table.
    pub fn edition(&self) -> Edition {
        match self {
            Proactive::V2021(_) => Edition::V2021,
            Proactive::V2019(_) => Edition::V2019,
        }
    }

    /// The rows of an edition, in table order, each with its columns.
    pub fn layout(edition: Edition) -> &'static [(R, &'static [C])] {
        match edition {
            Edition::V2021 => &[
                (R::Rules, &[C::Issued, C::Abolished, C::InForce]),
                (
                    R::NormativeDocuments,
                    &[C::Issued, C::Abolished, C::InForce],
                ),
                (R::Licensing, &[C::Decisions]),
                (R::Punishment, &[C::Decisions]),
                (R::Coercion, &[C::Decisions]),
                (R::Fees, &[C::Amount]),
            ],
            Edition::V2019 => &[
                (R::Rules, &[C::Made, C::Published, C::TotalPublished]),
                (
                    R::NormativeDocuments,
                    &[C::Made, C::Published, C::TotalPublished],
                ),
                (
                    R::Licensing,
                    &[C::ItemsLastYear, C::ItemsChange, C::Decisions],
                ),
                (
                    R::OtherServices,
                    &[C::ItemsLastYear, C::ItemsChange, C::Decisions],
                ),
                (
                    R::Punishment,
                    &[C::ItemsLastYear, C::ItemsChange, C::Decisions],
                ),
                (
                    R::Coercion,
                    &[C::ItemsLastYear, C::ItemsChange, C::Decisions],
                ),
                (R::Fees, &[C::ItemsLastYear, C::ItemsChange]),
                (R::Procurement, &[C::Projects, C::Amount]),
            ],
        }
    }

    /// The columns of a row in an edition (empty when the edition lacks the row).
    pub fn columns(edition: Edition, row: R) -> &'static [C] {
        Proactive::layout(edition)
            .iter()
            .find(|(r, _)| *r == row)
            .map_or(&[], |(_, cols)| *cols)
    }

    /// The cell at `row`, `column`, if the edition has it.
    pub fn get(&self, row: R, column: C) -> Option<CellRef<'_>> {
        use CellRef::{Count, Money};
        Some(match self {
            Proactive::V2021(t) => match (row, column) {
                (R::Rules, c) => Count(doc(&t.rules, c)?),
                (R::NormativeDocuments, c) => Count(doc(&t.normative_documents, c)?),
                (R::Licensing, C::Decisions) => Count(&t.licensing.decisions),
                (R::Punishment, C::Decisions) => Count(&t.punishment.decisions),
                (R::Coercion, C::Decisions) => Count(&t.coercion.decisions),
                (R::Fees, C::Amount) => Money(&t.fees.amount),
                _ => return None,
            },
            Proactive::V2019(t) => match (row, column) {
                (R::Rules, c) => Count(publ(&t.rules, c)?),
                (R::NormativeDocuments, c) => Count(publ(&t.normative_documents, c)?),
                (R::Licensing, c) => Count(items(&t.licensing, c)?),
                (R::OtherServices, c) => Count(items(&t.other_services, c)?),
                (R::Punishment, c) => Count(items(&t.punishment, c)?),
                (R::Coercion, c) => Count(items(&t.coercion, c)?),
                (R::Fees, C::ItemsLastYear) => Count(&t.fees.items_last_year),
                (R::Fees, C::ItemsChange) => Count(&t.fees.items_change),
                (R::Procurement, C::Projects) => Count(&t.procurement.projects),
                (R::Procurement, C::Amount) => Money(&t.procurement.amount),
                _ => return None,
            },
        })
    }

    /// The cell at `row`, `column` for writing, if the edition has it.
    pub fn get_mut(&mut self, row: R, column: C) -> Option<CellMut<'_>> {
        use CellMut::{Count, Money};
        Some(match self {
            Proactive::V2021(t) => match (row, column) {
                (R::Rules, c) => Count(doc_mut(&mut t.rules, c)?),
                (R::NormativeDocuments, c) => Count(doc_mut(&mut t.normative_documents, c)?),
                (R::Licensing, C::Decisions) => Count(&mut t.licensing.decisions),
                (R::Punishment, C::Decisions) => Count(&mut t.punishment.decisions),
                (R::Coercion, C::Decisions) => Count(&mut t.coercion.decisions),
                (R::Fees, C::Amount) => Money(&mut t.fees.amount),
                _ => return None,
            },
            Proactive::V2019(t) => match (row, column) {
                (R::Rules, c) => Count(publ_mut(&mut t.rules, c)?),
                (R::NormativeDocuments, c) => Count(publ_mut(&mut t.normative_documents, c)?),
                (R::Licensing, c) => Count(items_mut(&mut t.licensing, c)?),
                (R::OtherServices, c) => Count(items_mut(&mut t.other_services, c)?),
                (R::Punishment, c) => Count(items_mut(&mut t.punishment, c)?),
                (R::Coercion, c) => Count(items_mut(&mut t.coercion, c)?),
                (R::Fees, C::ItemsLastYear) => Count(&mut t.fees.items_last_year),
                (R::Fees, C::ItemsChange) => Count(&mut t.fees.items_change),
                (R::Procurement, C::Projects) => Count(&mut t.procurement.projects),
                (R::Procurement, C::Amount) => Money(&mut t.procurement.amount),
                _ => return None,
            },
        })
    }

    /// Every cell with its row and column, in table order.
    pub fn cells(&self) -> impl Iterator<Item = (R, C, CellRef<'_>)> + '_ {
        Proactive::layout(self.edition())
            .iter()
            .flat_map(|(r, cols)| cols.iter().map(move |c| (*r, *c)))
            .filter_map(|(r, c)| self.get(r, c).map(|cell| (r, c, cell)))
    }
}

fn doc(t: &DocumentCounts, c: C) -> Option<&Cell<i64>> {
    match c {
        C::Issued => Some(&t.issued),
        C::Abolished => Some(&t.abolished),
        C::InForce => Some(&t.in_force),
        _ => None,
    }
}

fn doc_mut(t: &mut DocumentCounts, c: C) -> Option<&mut Cell<i64>> {
    match c {
        C::Issued => Some(&mut t.issued),
        C::Abolished => Some(&mut t.abolished),
        C::InForce => Some(&mut t.in_force),
        _ => None,
    }
}

fn publ(t: &Publications, c: C) -> Option<&Cell<i64>> {
    match c {
        C::Made => Some(&t.made),
        C::Published => Some(&t.published),
        C::TotalPublished => Some(&t.total_published),
        _ => None,
    }
}

fn publ_mut(t: &mut Publications, c: C) -> Option<&mut Cell<i64>> {
    match c {
        C::Made => Some(&mut t.made),
        C::Published => Some(&mut t.published),
        C::TotalPublished => Some(&mut t.total_published),
        _ => None,
    }
}

fn items(t: &ItemCounts, c: C) -> Option<&Cell<i64>> {
    match c {
        C::ItemsLastYear => Some(&t.items_last_year),
        C::ItemsChange => Some(&t.items_change),
        C::Decisions => Some(&t.decisions),
        _ => None,
    }
}

fn items_mut(t: &mut ItemCounts, c: C) -> Option<&mut Cell<i64>> {
    match c {
        C::ItemsLastYear => Some(&mut t.items_last_year),
        C::ItemsChange => Some(&mut t.items_change),
        C::Decisions => Some(&mut t.decisions),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_cell_is_addressable() {
        for edition in Edition::ALL {
            let mut t = Proactive::empty(*edition);
            for (r, cols) in Proactive::layout(*edition) {
                for c in *cols {
                    assert!(t.get(*r, *c).is_some(), "{edition} {r} {c}");
                    assert!(t.get_mut(*r, *c).is_some(), "{edition} {r} {c}");
                }
            }
            let n: usize = Proactive::layout(*edition)
                .iter()
                .map(|(_, c)| c.len())
                .sum();
            assert_eq!(t.cells().count(), n);
        }
        let t = Proactive::empty(Edition::V2021);
        assert!(t.get(R::Procurement, C::Amount).is_none());
        assert!(t.get(R::Licensing, C::Issued).is_none());
    }
}
