//! Row and column identities of the three tables.
//!
//! Each enum carries the verbatim Chinese label of the national format and
//! the stable English key of the spec. The keys are the serde names and the
//! segments of diagnostic paths; the labels are data, never identifiers.

use std::fmt;
use std::str::FromStr;

/// A key that names no known row or column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnknownKey(pub String);

impl fmt::Display for UnknownKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown key `{}`", self.0)
    }
}

impl std::error::Error for UnknownKey {}

macro_rules! keyed_enum {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident => ($key:literal, $label:literal), )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in table order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant, )+ ];

            /// The stable English key (serde name, path segment).
            pub const fn key(self) -> &'static str {
                match self { $( $name::$variant => $key, )+ }
            }

            /// The verbatim Chinese label of the national format.
            pub const fn label(self) -> &'static str {
                match self { $( $name::$variant => $label, )+ }
            }

            /// Position in [`Self::ALL`].
            pub const fn index(self) -> usize {
                self as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.key())
            }
        }

        impl FromStr for $name {
            type Err = UnknownKey;
            fn from_str(s: &str) -> Result<Self, UnknownKey> {
                match s {
                    $( $key => Ok($name::$variant), )+
                    _ => Err(UnknownKey(s.to_owned())),
                }
            }
        }

        #[cfg(feature = "serde")]
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.key())
            }
        }

        #[cfg(feature = "serde")]
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    };
}

keyed_enum! {
    /// The edition of the national format a report follows.
    pub enum Edition {
        /// 国办公开办函〔2021〕30号: reports for 2021 onwards.
        V2021 => ("2021", "国办公开办函〔2021〕30号"),
        /// 国办公开办函〔2019〕60号 (trial): reports for 2019 and 2020.
        V2019 => ("2019", "国办公开办函〔2019〕60号"),
    }
}

keyed_enum! {
    /// The three tables of the report.
    pub enum TableId {
        /// Table 二: proactive disclosure.
        Proactive => ("proactive", "二、主动公开政府信息情况"),
        /// Table 三: requests received and handled.
        Requests => ("requests", "三、收到和处理政府信息公开申请情况"),
        /// Table 四: administrative reconsideration and litigation.
        Appeals => ("appeals", "四、政府信息公开行政复议、行政诉讼情况"),
    }
}

keyed_enum! {
    /// Rows of table 二, both editions.
    pub enum ProactiveRow {
        /// 规章.
        Rules => ("rules", "规章"),
        /// 行政规范性文件 (2019: 规范性文件).
        NormativeDocuments => ("normative_documents", "行政规范性文件"),
        /// 行政许可.
        Licensing => ("licensing", "行政许可"),
        /// 其他对外管理服务事项 (2019 only).
        OtherServices => ("other_services", "其他对外管理服务事项"),
        /// 行政处罚.
        Punishment => ("punishment", "行政处罚"),
        /// 行政强制.
        Coercion => ("coercion", "行政强制"),
        /// 行政事业性收费.
        Fees => ("fees", "行政事业性收费"),
        /// 政府集中采购 (2019 only).
        Procurement => ("procurement", "政府集中采购"),
    }
}

keyed_enum! {
    /// Columns of table 二, both editions.
    pub enum ProactiveColumn {
        /// 本年制发件数 (2021).
        Issued => ("issued", "本年制发件数"),
        /// 本年废止件数 (2021).
        Abolished => ("abolished", "本年废止件数"),
        /// 现行有效件数 (2021).
        InForce => ("in_force", "现行有效件数"),
        /// 本年处理决定数量 (2021) / 处理决定数量 (2019).
        Decisions => ("decisions", "本年处理决定数量"),
        /// 本年收费金额（单位：万元）(2021) / 采购总金额 (2019).
        Amount => ("amount", "本年收费金额（单位：万元）"),
        /// 本年新制作数量 (2019).
        Made => ("made", "本年新制作数量"),
        /// 本年新公开数量 (2019).
        Published => ("published", "本年新公开数量"),
        /// 对外公开总数量 (2019).
        TotalPublished => ("total_published", "对外公开总数量"),
        /// 上一年项目数量 (2019).
        ItemsLastYear => ("items_last_year", "上一年项目数量"),
        /// 本年增/减 (2019; signed).
        ItemsChange => ("items_change", "本年增/减"),
        /// 采购项目数量 (2019).
        Projects => ("projects", "采购项目数量"),
    }
}

keyed_enum! {
    /// Rows of table 三: the 25 rows of the 2021 format, the four group rows
    /// （三）…（六）, which carry numbers only when a report prints group
    /// subtotals, and whose `other_handling` is the single （六）其他处理 data
    /// row of the 2019 and hybrid layouts.
    pub enum RequestRow {
        /// R01 一、本年新收政府信息公开申请数量.
        NewReceived => ("new_received", "一、本年新收政府信息公开申请数量"),
        /// R02 二、上年结转政府信息公开申请数量.
        CarriedOver => ("carried_over", "二、上年结转政府信息公开申请数量"),
        /// R03 （一）予以公开.
        Disclosed => ("disclosed", "（一）予以公开"),
        /// R04 （二）部分公开.
        PartiallyDisclosed => ("partially_disclosed", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
        /// Group （三）不予公开 (subtotal, when printed).
        Withheld => ("withheld", "（三）不予公开"),
        /// R05.
        WithheldStateSecret => ("withheld.state_secret", "1.属于国家秘密"),
        /// R06.
        WithheldProhibitedByLaw => ("withheld.prohibited_by_law", "2.其他法律行政法规禁止公开"),
        /// R07.
        WithheldSecurityStability => ("withheld.security_stability", "3.危及“三安全一稳定”"),
        /// R08.
        WithheldThirdPartyRights => ("withheld.third_party_rights", "4.保护第三方合法权益"),
        /// R09.
        WithheldInternalAffairs => ("withheld.internal_affairs", "5.属于三类内部事务信息"),
        /// R10.
        WithheldProcessInformation => ("withheld.process_information", "6.属于四类过程性信息"),
        /// R11.
        WithheldEnforcementFiles => ("withheld.enforcement_files", "7.属于行政执法案卷"),
        /// R12.
        WithheldAdministrativeQuery => ("withheld.administrative_query", "8.属于行政查询事项"),
        /// Group （四）无法提供.
        Unavailable => ("unavailable", "（四）无法提供"),
        /// R13.
        UnavailableNotHeld => ("unavailable.not_held", "1.本机关不掌握相关政府信息"),
        /// R14.
        UnavailableRequiresCreation => ("unavailable.requires_creation", "2.没有现成信息需要另行制作"),
        /// R15.
        UnavailableUnclearAfterCorrection => ("unavailable.unclear_after_correction", "3.补正后申请内容仍不明确"),
        /// Group （五）不予处理.
        NotProcessed => ("not_processed", "（五）不予处理"),
        /// R16.
        NotProcessedPetitionComplaint => ("not_processed.petition_complaint", "1.信访举报投诉类申请"),
        /// R17.
        NotProcessedDuplicate => ("not_processed.duplicate", "2.重复申请"),
        /// R18.
        NotProcessedPublication => ("not_processed.publication", "3.要求提供公开出版物"),
        /// R19.
        NotProcessedExcessive => ("not_processed.excessive", "4.无正当理由大量反复申请"),
        /// R20.
        NotProcessedReconfirmation => ("not_processed.reconfirmation", "5.要求行政机关确认或重新出具已获取信息"),
        /// Group （六）其他处理; the data row itself in the single layout.
        OtherHandling => ("other_handling", "（六）其他处理"),
        /// R21.
        OtherHandlingNoCorrection => ("other_handling.no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
        /// R22.
        OtherHandlingFeeUnpaid => ("other_handling.fee_unpaid", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
        /// R23.
        OtherHandlingOther => ("other_handling.other", "3.其他"),
        /// R24 （七）总计.
        OutcomeTotal => ("outcome_total", "（七）总计"),
        /// R25 四、结转下年度继续办理.
        CarriedForward => ("carried_forward", "四、结转下年度继续办理"),
    }
}

impl RequestRow {
    /// The group a level-3 row belongs to (`WithheldStateSecret` → `Withheld`).
    pub const fn group(self) -> Option<RequestRow> {
        use RequestRow::*;
        match self {
            WithheldStateSecret
            | WithheldProhibitedByLaw
            | WithheldSecurityStability
            | WithheldThirdPartyRights
            | WithheldInternalAffairs
            | WithheldProcessInformation
            | WithheldEnforcementFiles
            | WithheldAdministrativeQuery => Some(Withheld),
            UnavailableNotHeld
            | UnavailableRequiresCreation
            | UnavailableUnclearAfterCorrection => Some(Unavailable),
            NotProcessedPetitionComplaint
            | NotProcessedDuplicate
            | NotProcessedPublication
            | NotProcessedExcessive
            | NotProcessedReconfirmation => Some(NotProcessed),
            OtherHandlingNoCorrection | OtherHandlingFeeUnpaid | OtherHandlingOther => {
                Some(OtherHandling)
            }
            _ => None,
        }
    }

    /// Whether this is one of the four group rows （三）（四）（五）（六）.
    pub const fn is_group(self) -> bool {
        matches!(
            self,
            RequestRow::Withheld
                | RequestRow::Unavailable
                | RequestRow::NotProcessed
                | RequestRow::OtherHandling
        )
    }

    /// The rows of a group, in order (empty for rows that are not groups).
    pub fn members(self) -> impl Iterator<Item = RequestRow> + Clone {
        RequestRow::ALL
            .iter()
            .copied()
            .filter(move |r| r.group() == Some(self))
    }

    /// The spec's row id (`"R05"`), or the group's `"G3"`…`"G6"`.
    pub const fn id(self) -> &'static str {
        const IDS: [&str; 29] = [
            "R01", "R02", "R03", "R04", "G3", "R05", "R06", "R07", "R08", "R09", "R10", "R11",
            "R12", "G4", "R13", "R14", "R15", "G5", "R16", "R17", "R18", "R19", "R20", "G6", "R21",
            "R22", "R23", "R24", "R25",
        ];
        IDS[self as usize]
    }
}

keyed_enum! {
    /// Columns of table 三 (applicant types).
    pub enum RequestColumn {
        /// 自然人.
        NaturalPerson => ("natural_person", "自然人"),
        /// 商业企业.
        Commercial => ("commercial", "商业企业"),
        /// 科研机构.
        Research => ("research", "科研机构"),
        /// 社会公益组织.
        SocialWelfare => ("social_welfare", "社会公益组织"),
        /// 法律服务机构.
        LegalServices => ("legal_services", "法律服务机构"),
        /// 其他.
        OtherOrg => ("other_org", "其他"),
        /// 法人或其他组织 subtotal column, printed by some reports.
        LegalEntitiesSubtotal => ("legal_entities_subtotal", "法人或其他组织（小计）"),
        /// 总计.
        Total => ("total", "总计"),
    }
}

impl RequestColumn {
    /// The six applicant columns whose sum is the row total.
    pub const APPLICANTS: [RequestColumn; 6] = [
        RequestColumn::NaturalPerson,
        RequestColumn::Commercial,
        RequestColumn::Research,
        RequestColumn::SocialWelfare,
        RequestColumn::LegalServices,
        RequestColumn::OtherOrg,
    ];

    /// The five 法人或其他组织 columns whose sum is the subtotal.
    pub const LEGAL_ENTITIES: [RequestColumn; 5] = [
        RequestColumn::Commercial,
        RequestColumn::Research,
        RequestColumn::SocialWelfare,
        RequestColumn::LegalServices,
        RequestColumn::OtherOrg,
    ];
}

keyed_enum! {
    /// The three groups of table 四.
    pub enum AppealGroup {
        /// 行政复议 (K01–K05).
        Review => ("review", "行政复议"),
        /// 行政诉讼 / 未经复议直接起诉 (K06–K10).
        DirectSuit => ("direct_suit", "行政诉讼·未经复议直接起诉"),
        /// 行政诉讼 / 复议后起诉 (K11–K15).
        SuitAfterReview => ("suit_after_review", "行政诉讼·复议后起诉"),
    }
}

keyed_enum! {
    /// The five columns of each table-四 group.
    pub enum AppealColumn {
        /// 结果维持.
        Upheld => ("upheld", "结果维持"),
        /// 结果纠正.
        Corrected => ("corrected", "结果纠正"),
        /// 其他结果.
        Other => ("other", "其他结果"),
        /// 尚未审结.
        Pending => ("pending", "尚未审结"),
        /// 总计 (includes pending).
        Total => ("total", "总计"),
    }
}

impl AppealColumn {
    /// The four parts whose sum is the group total.
    pub const PARTS: [AppealColumn; 4] = [
        AppealColumn::Upheld,
        AppealColumn::Corrected,
        AppealColumn::Other,
        AppealColumn::Pending,
    ];
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_are_unique() {
        for r in RequestRow::ALL {
            assert_eq!(r.key().parse::<RequestRow>().unwrap(), *r);
        }
        let mut keys: Vec<_> = RequestRow::ALL.iter().map(|r| r.key()).collect();
        keys.sort();
        keys.dedup();
        assert_eq!(keys.len(), 29);
        assert!("nope".parse::<RequestRow>().is_err());
    }

    #[test]
    fn groups() {
        assert_eq!(RequestRow::Withheld.members().count(), 8);
        assert_eq!(RequestRow::Unavailable.members().count(), 3);
        assert_eq!(RequestRow::NotProcessed.members().count(), 5);
        assert_eq!(RequestRow::OtherHandling.members().count(), 3);
        assert_eq!(RequestRow::OutcomeTotal.id(), "R24");
        assert_eq!(RequestRow::WithheldStateSecret.id(), "R05");
        assert_eq!(RequestRow::OtherHandlingOther.id(), "R23");
    }
}
