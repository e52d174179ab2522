//! Table 四: administrative reconsideration and litigation.

use super::cell::Cell;
use super::keys::{AppealColumn, AppealGroup};

#[cfg(feature = "serde")]
use serde::{Deserialize, Serialize};

/// One group of table 四: four outcomes and the total.
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct AppealCounts {
    /// 结果维持.
    pub upheld: Cell<i64>,
    /// 结果纠正.
    pub corrected: Cell<i64>,
    /// 其他结果.
    pub other: Cell<i64>,
    /// 尚未审结.
    pub pending: Cell<i64>,
    /// 总计 (includes pending).
    pub total: Cell<i64>,
}

impl AppealCounts {
    /// A group of numbers with the total derived (consistent by construction).
    pub fn from_counts(upheld: i64, corrected: i64, other: i64, pending: i64) -> AppealCounts {
        AppealCounts {
            upheld: Cell::number(upheld),
            corrected: Cell::number(corrected),
            other: Cell::number(other),
            pending: Cell::number(pending),
            total: Cell::number(upheld + corrected + other + pending),
        }
    }

    /// The cell of a column.
    pub fn get(&self, column: AppealColumn) -> &Cell<i64> {
        match column {
            AppealColumn::Upheld => &self.upheld,
            AppealColumn::Corrected => &self.corrected,
            AppealColumn::Other => &self.other,
            AppealColumn::Pending => &self.pending,
            AppealColumn::Total => &self.total,
        }
    }

    /// The cell of a column, for writing.
    pub fn get_mut(&mut self, column: AppealColumn) -> &mut Cell<i64> {
        match column {
            AppealColumn::Upheld => &mut self.upheld,
            AppealColumn::Corrected => &mut self.corrected,
            AppealColumn::Other => &mut self.other,
            AppealColumn::Pending => &mut self.pending,
            AppealColumn::Total => &mut self.total,
        }
    }
}

/// Table 四: three groups of five (K01–K15).
///
/// ```
/// use ogi_report::{AppealColumn, AppealGroup, Edition, Report};
///
/// let mut report = Report::new(Edition::V2021);
/// report.set_appeal_row(AppealGroup::Review, [1, 0, 2, 0], 3);
/// let t = report.appeals.as_ref().unwrap();
/// assert_eq!(t.group(AppealGroup::Review).get(AppealColumn::Total).value(), Some(&3));
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(Serialize, Deserialize))]
pub struct Appeals {
    /// 行政复议 (K01–K05).
    pub review: AppealCounts,
    /// 行政诉讼 / 未经复议直接起诉 (K06–K10).
    pub direct_suit: AppealCounts,
    /// 行政诉讼 / 复议后起诉 (K11–K15).
    pub suit_after_review: AppealCounts,
}

impl Appeals {
    /// A group.
    pub fn group(&self, group: AppealGroup) -> &AppealCounts {
        match group {
            AppealGroup::Review => &self.review,
            AppealGroup::DirectSuit => &self.direct_suit,
            AppealGroup::SuitAfterReview => &self.suit_after_review,
        }
    }

    /// A group, for writing.
    pub fn group_mut(&mut self, group: AppealGroup) -> &mut AppealCounts {
        match group {
            AppealGroup::Review => &mut self.review,
            AppealGroup::DirectSuit => &mut self.direct_suit,
            AppealGroup::SuitAfterReview => &mut self.suit_after_review,
        }
    }

    /// The 15 cells in printed order (K01…K15) with their group and column.
    pub fn cells(&self) -> impl Iterator<Item = (AppealGroup, AppealColumn, &Cell<i64>)> {
        AppealGroup::ALL.iter().flat_map(move |g| {
            AppealColumn::ALL
                .iter()
                .map(move |c| (*g, *c, self.group(*g).get(*c)))
        })
    }
}
